use super::{Context, ExportCommand, Failure, Outcome};
use crate::i18n::Text;
use crate::store::queries;

pub fn run(ctx: &Context, cmd: ExportCommand) -> Outcome {
    match cmd {
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
