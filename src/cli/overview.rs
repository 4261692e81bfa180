//! `huanzheng` without a command: the campaign at a glance. (The full-screen
//! interface replaces this once it lands; the figures are the same.)

use super::text::pad;
use super::{Context, Failure, Outcome};
use crate::demo;
use crate::domain::case::State;
use crate::i18n::{Localized, Text};
use crate::store::{Actor, Store, queries};

pub fn run(ctx: &Context) -> Outcome {
    let store = ctx.open_existing()?;
    print(ctx, &store)
}

/// `huanzheng --demo`: a fresh synthetic county in a temporary database.
pub fn demo(ctx: &Context) -> Outcome {
    let dir = tempfile::tempdir().map_err(|e| {
        Failure(Text::Plain {
            text: e.to_string(),
        })
    })?;
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path, ctx.campaign)?;
    demo::load(&mut store, 1, &Actor::now(&ctx.operator)).map_err(|e| {
        Failure(Text::Plain {
            text: e.message(ctx.lang),
        })
    })?;
    ctx.say(Text::DemoBanner);
    print(ctx, &store)
}

fn print(ctx: &Context, store: &Store) -> Outcome {
    let c = ctx.campaign;
    let s = queries::stats(store.conn())?;
    println!("{}", c.name);
    ctx.say(Text::StatsHeadline {
        holders: s.holders,
        cases: s.cases,
        medical: s.by_basis["medical"],
        visual: s.by_basis["visual"],
        new: s.by_basis["new"],
    });
    ctx.say(Text::OverviewTargets {
        medical: c.targets.medical as u64,
        medical_deadline: c.dates.medical_exchange_deadline,
        visual: c.targets.visual as u64,
        reassessment_start: c.reassessment.start,
        visual_deadline: c.reassessment.visual_complete_by,
    });
    if let Some((planned, actual)) = c.home_visit_discrepancy() {
        ctx.say(Text::HomeVisitDiscrepancy {
            start: c.home_visits.start,
            end: c.home_visits.end,
            planned: planned as u64,
            actual: actual as u64,
        });
    }
    ctx.say(Text::StatsByState);
    for state in State::ALL {
        let n = s.by_state[state.as_str()];
        if n > 0 {
            println!("  {} {n:>7}", pad(&state.local(ctx.lang), 20));
        }
    }
    ctx.say(Text::StatsByTownship);
    for t in s.by_township.values() {
        println!("  {} {:>6} / {:>6}", pad(&t.name, 20), t.issued, t.holders);
    }
    Ok(())
}
