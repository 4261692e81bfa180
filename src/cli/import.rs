use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use super::{CardsArgs, Context, Failure, Outcome, RosterArgs, VillagesArgs};
use crate::domain::operator::Action;
use crate::i18n::Text;
use crate::import::cards::{self, CardOptions};
use crate::import::roster::{self, RosterOptions};
use crate::import::{ImportError, Progress};
use crate::store::Actor;

/// A bar on a terminal (indicatif draws nothing when stderr is not one).
struct Bar(ProgressBar);

impl Bar {
    fn new() -> Bar {
        Bar(ProgressBar::hidden())
    }
}

impl Progress for Bar {
    fn start(&self, total: Option<usize>) {
        self.0
            .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        match total {
            Some(n) => {
                self.0.set_length(n as u64);
                self.0.set_style(
                    ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec}")
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
            }
            None => self.0.set_style(
                ProgressStyle::with_template("{spinner} {pos} {per_sec}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        }
    }

    fn tick(&self, done: usize) {
        if done.is_multiple_of(1024) {
            self.0.set_position(done as u64);
        }
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

fn failure(e: ImportError, ctx: &Context) -> Failure {
    Failure(Text::Plain {
        text: e.message(ctx.lang),
    })
}

fn check_file(path: &Path) -> Result<(), Failure> {
    if path.is_file() {
        Ok(())
    } else {
        Err(Failure(Text::FileMissing {
            path: path.display().to_string(),
        }))
    }
}

pub fn roster(ctx: &Context, args: &RosterArgs) -> Outcome {
    check_file(&args.file)?;
    let mut store = ctx.open_as(Some(Action::CaseWork))?;
    let opts = RosterOptions {
        dry_run: args.dry_run,
        atomic: args.atomic,
        lang: ctx.lang,
    };
    let actor = Actor::now(&ctx.operator);
    let r = roster::import(&mut store, &args.file, &actor, opts, &Bar::new())
        .map_err(|e| failure(e, ctx))?;
    ctx.say(Text::RosterSummary {
        rows: r.rows,
        imported: r.imported,
        updated: r.updated,
        unchanged: r.unchanged,
        rejected: r.rejected,
        duplicates: r.duplicates,
    });
    if r.nothing_written {
        ctx.say(if args.dry_run {
            Text::DryRunNothingWritten
        } else {
            Text::AtomicNothingWritten
        });
    }
    if let Some(path) = &r.rejects_file {
        ctx.say(Text::RejectsWritten { path: path.clone() });
    }
    if r.nothing_written && !args.dry_run {
        return Err(Failure(Text::AtomicFailed {
            rejected: r.rejected,
        }));
    }
    Ok(())
}

pub fn cards(ctx: &Context, args: &CardsArgs) -> Outcome {
    check_file(&args.file)?;
    let mut store = ctx.open_as(Some(Action::CaseWork))?;
    let opts = CardOptions {
        dispatch: args.dispatch,
        lang: ctx.lang,
    };
    let actor = Actor::now(&ctx.operator);
    let r = cards::import(&mut store, &args.file, &actor, opts, &Bar::new())
        .map_err(|e| failure(e, ctx))?;
    ctx.say(Text::CardsSummary {
        rows: r.rows,
        imported: r.imported,
        unchanged: r.unchanged,
        rejected: r.rejected,
        received: r.received,
    });
    if let Some(path) = &r.rejects_file {
        ctx.say(Text::RejectsWritten { path: path.clone() });
    }
    Ok(())
}

pub fn villages(ctx: &Context, args: &VillagesArgs) -> Outcome {
    check_file(&args.file)?;
    let mut store = ctx.open_as(Some(Action::CaseWork))?;
    let r = crate::import::villages::import(&mut store, &args.file, ctx.lang, &Bar::new())
        .map_err(|e| failure(e, ctx))?;
    ctx.say(Text::VillagesSummary {
        rows: r.rows,
        updated: r.updated,
        rejected: r.rejected,
    });
    if let Some(path) = &r.rejects_file {
        ctx.say(Text::RejectsWritten { path: path.clone() });
    }
    Ok(())
}

pub fn travel_matrix(ctx: &Context, args: &VillagesArgs) -> Outcome {
    check_file(&args.file)?;
    let mut store = ctx.open_existing_as(Some(Action::CaseWork))?;
    let r = crate::import::travel_matrix::import(
        &mut store,
        &args.file,
        &Actor::now(&ctx.operator),
        ctx.lang,
        &Bar::new(),
    )
    .map_err(|e| failure(e, ctx))?;
    ctx.say(Text::MatrixSummary {
        rows: r.rows,
        legs: r.legs,
        rejected: r.rejected,
    });
    if let Some(path) = &r.rejects_file {
        ctx.say(Text::RejectsWritten { path: path.clone() });
    }
    if r.legs == 0 {
        return Err(Failure(Text::MatrixNothing));
    }
    Ok(())
}
