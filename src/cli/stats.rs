use super::text::pad;
use super::{Context, Outcome, StatsArgs, print_json};
use crate::i18n::{Localized, Text};
use crate::store::queries;

pub fn run(ctx: &Context, args: &StatsArgs) -> Outcome {
    let store = ctx.open_existing()?;
    let stats = queries::stats(store.conn())?;
    if args.json {
        return print_json(&stats);
    }
    ctx.say(Text::StatsHeadline {
        holders: stats.holders,
        cases: stats.cases,
        medical: stats.by_basis["medical"],
        visual: stats.by_basis["visual"],
        new: stats.by_basis["new"],
    });
    ctx.say(Text::StatsByState);
    for state in crate::domain::case::State::ALL {
        let n = stats.by_state[state.as_str()];
        if n > 0 {
            println!("  {} {n:>7}", pad(&state.local(ctx.lang), 20));
        }
    }
    ctx.say(Text::StatsByTownship);
    for (code, t) in &stats.by_township {
        println!(
            "  {code} {} {:>6} / {:>6}",
            pad(&t.name, 20),
            t.issued,
            t.holders
        );
    }
    Ok(())
}
