//! `huanzheng reader list` and `huanzheng reader read`.

use std::time::Duration;

use super::{Context, Outcome, ReadArgs, ReaderCommand, print_json};
use crate::i18n::Text;
use crate::reader::{self, PcscOptions, Profile, ReaderError};

pub fn run(ctx: &Context, cmd: ReaderCommand) -> Outcome {
    match cmd {
        ReaderCommand::List => list(),
        ReaderCommand::Read(args) => read(ctx, &args),
    }
}

fn list() -> Outcome {
    let names = reader::list_readers()?;
    if names.is_empty() {
        return Err(ReaderError::NoReader.into());
    }
    for name in names {
        println!("{name}");
    }
    Ok(())
}

fn read(ctx: &Context, args: &ReadArgs) -> Outcome {
    let profile = Profile::load_or_builtin(args.profile.as_deref()).map_err(ReaderError::from)?;
    let options = PcscOptions {
        profile,
        reader: args.reader.clone(),
        ..PcscOptions::default()
    };
    if !args.json {
        eprintln!(
            "{}",
            Text::ReaderWaiting {
                seconds: args.timeout
            }
            .render(ctx.lang)
        );
    }
    let card = reader::read_once(options, Duration::from_secs(args.timeout))?;
    if args.json {
        return print_json(&card);
    }
    ctx.say(Text::ReaderOutReader {
        reader: card.reader,
    });
    ctx.say(Text::ReaderOutAtr { atr: card.atr });
    ctx.say(match card.uid {
        Some(uid) => Text::ReaderOutUid { uid },
        None => Text::ReaderOutNoUid,
    });
    ctx.say(Text::ReaderOutCardNumber {
        number: card.card_number,
    });
    Ok(())
}
