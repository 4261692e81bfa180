use std::path::Path;

use super::{Context, ExportCommand, Failure, Outcome};
use crate::domain::campaign::Township;
use crate::export::registers::{self, Numbers};
use crate::export::sheet::Sheet;
use crate::i18n::Text;
use crate::store::{handover, queries};

fn township<'c>(ctx: &'c Context, key: &str) -> Result<&'c Township, Failure> {
    ctx.campaign.find_township(key).ok_or_else(|| {
        Failure(Text::RowTownshipUnknown {
            value: key.to_string(),
        })
    })
}

fn write_sheet(ctx: &Context, sheet: &Sheet, out: &Path) -> Outcome {
    sheet.write(out).map_err(|e| Failure(e.text(out)))?;
    ctx.say(Text::Written {
        path: out.display().to_string(),
        n: sheet.rows.len(),
    });
    Ok(())
}

pub fn run(ctx: &Context, cmd: ExportCommand) -> Outcome {
    match cmd {
        ExportCommand::Register {
            township: key,
            out,
            full_id,
        } => {
            let t = township(ctx, &key)?;
            let store = ctx.open_existing()?;
            let rows = handover::register(store.conn(), &t.code)?;
            let sheet = registers::register(ctx.campaign, t, &rows, Numbers { full: full_id });
            write_sheet(ctx, &sheet, &out)
        }
        ExportCommand::RecoveryLedger {
            township: key,
            out,
            full_id,
        } => {
            let t = township(ctx, &key)?;
            let store = ctx.open_existing()?;
            let rows = handover::recovery_ledger(store.conn(), &t.code)?;
            let sheet =
                registers::recovery_ledger(ctx.campaign, t, &rows, Numbers { full: full_id });
            write_sheet(ctx, &sheet, &out)
        }
        ExportCommand::Remakes { out, full_id } => {
            let store = ctx.open_existing()?;
            let rows = handover::remakes(&store)?;
            let sheet = registers::remakes(ctx.campaign, &rows, Numbers { full: full_id });
            write_sheet(ctx, &sheet, &out)
        }
        ExportCommand::DaySheet { site, date, out } => {
            let site = ctx
                .campaign
                .sites
                .iter()
                .find(|s| s.id == site || s.name == site || s.name.starts_with(&site))
                .ok_or_else(|| {
                    Failure(Text::UnknownSite {
                        value: site.clone(),
                        known: ctx
                            .campaign
                            .sites
                            .iter()
                            .map(|s| format!("{} ({})", s.id, s.name))
                            .collect::<Vec<_>>()
                            .join("、"),
                    })
                })?;
            let store = ctx.open_existing()?;
            let rows = queries::day_list(store.conn(), &site.id, date)?;
            crate::export::day_sheet::write(&out, site, date, &rows, ctx.lang).map_err(|e| {
                Failure(Text::CannotWrite {
                    path: out.display().to_string(),
                    detail: e.to_string(),
                })
            })?;
            ctx.say(Text::Written {
                path: out.display().to_string(),
                n: rows.len(),
            });
            Ok(())
        }
    }
}
