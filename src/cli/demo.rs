use super::{Context, DemoArgs, Failure, Outcome};
use crate::demo;
use crate::i18n::Text;
use crate::store::Actor;

pub fn run(ctx: &Context, args: &DemoArgs) -> Outcome {
    let path = ctx.db_path()?;
    if path.exists() {
        return Err(Failure(Text::DemoDbExists {
            path: path.display().to_string(),
        }));
    }
    let mut store = ctx.open()?;
    let r = demo::load(&mut store, args.seed, &Actor::now(&ctx.operator)).map_err(|e| {
        Failure(Text::Plain {
            text: e.message(ctx.lang),
        })
    })?;
    ctx.say(Text::DemoWritten {
        path: path.display().to_string(),
        holders: r.holders,
        cards: r.cards,
        villages: r.villages,
    });
    Ok(())
}
