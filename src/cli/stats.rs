use super::{Context, Outcome, StatsArgs, print_json};
use crate::store::queries;

pub fn run(ctx: &Context, args: &StatsArgs) -> Outcome {
    let store = ctx.open_existing()?;
    if args.json {
        return print_json(&queries::stats(store.conn())?);
    }
    super::overview::print(ctx, &store)
}
