//! `huanzheng` without a command: the full-screen interface, or the campaign at a
//! glance as text when the output is not a terminal.

use std::io::IsTerminal;

use super::text::pad;
use super::{Context, Failure, Outcome};
use crate::app::{App, Status};
use crate::demo;
use crate::domain::case::State;
use crate::i18n::{Localized, Text};
use crate::screens::sign_in;
use crate::store::{Actor, Store, queries};

pub fn run(ctx: &Context) -> Outcome {
    let store = ctx.open_existing()?;
    show(ctx, store, false)
}

/// The full-screen interface on a terminal; the text overview when piped.
fn show(ctx: &Context, store: Store, demo: bool) -> Outcome {
    if !std::io::stdout().is_terminal() {
        return print(ctx, &store);
    }
    let database = store
        .path()
        .map(|p| {
            std::path::Path::new(&p)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or(p)
        })
        .unwrap_or_default();
    let status = Status {
        operator: ctx.operator.clone(),
        database,
        demo,
    };
    // Sign in first; on a database without accounts, create the county leader's.
    let first = crate::store::operators::count(store.conn())? == 0;
    let gate = if first {
        sign_in::State::new(sign_in::Mode::Setup, ctx.operator.trim(), None)
    } else {
        let known = crate::store::operators::list(store.conn())?
            .into_iter()
            .any(|a| a.name == ctx.operator.trim() && !a.disabled);
        let (name, hint) = if demo {
            (
                demo::LEADER.to_string(),
                Some(Text::DemoAccounts {
                    leader: demo::LEADER.into(),
                    password: demo::PASSWORD.into(),
                }),
            )
        } else if known {
            (ctx.operator.trim().to_string(), None)
        } else {
            (String::new(), None)
        };
        sign_in::State::new(sign_in::Mode::SignIn, &name, hint)
    };
    let mut app = App::new(ctx.lang, ctx.campaign, status, chrono::Utc::now()).gated(gate);
    app.lock_after = Some(chrono::Duration::minutes(i64::from(
        ctx.lock_minutes.max(1),
    )));
    crate::tui::run(store, app).map_err(|e| {
        Failure(Text::Plain {
            text: e.to_string(),
        })
    })
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
    // The demo county is written by its own leader, as the audit log will show.
    let actor = Actor::now(demo::LEADER);
    demo::load(&mut store, 1, &actor).map_err(|e| {
        Failure(Text::Plain {
            text: e.message(ctx.lang),
        })
    })?;
    // A newcomer sees the queue working: the demo county comes with its schedule.
    let plan = crate::store::plan::plan_fitting(&store)?;
    crate::store::plan::apply(&mut store, &plan.slots, &actor)?;
    if !std::io::stdout().is_terminal() {
        ctx.say(Text::DemoBanner);
    }
    show(ctx, store, true)
}

/// The campaign's figures as text (`huanzheng stats`, and the interface when piped).
pub fn print(ctx: &Context, store: &Store) -> Outcome {
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
