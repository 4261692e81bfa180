use std::path::Path;

use super::{Context, ExportArgs, ExportCommand, Failure, Outcome};
use crate::domain::campaign::{Site, Township};
use crate::domain::operator::Action;
use crate::export::registers::{self, Numbers};
use crate::export::sheet::Sheet;
use crate::i18n::Text;
use crate::pdf::{self, Document, LoadedFont};
use crate::store::{Actor, Store, handover, queries};

fn township<'c>(ctx: &'c Context, key: &str) -> Result<&'c Township, Failure> {
    ctx.campaign.find_township(key).ok_or_else(|| {
        Failure(Text::RowTownshipUnknown {
            value: key.to_string(),
        })
    })
}

fn write_sheet(ctx: &Context, sheet: &Sheet, out: &Path, font: Option<&str>) -> Outcome {
    sheet.write(out, font).map_err(|e| Failure(e.text(out)))?;
    ctx.say(Text::Written {
        path: out.display().to_string(),
        n: sheet.rows.len(),
    });
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Pdf,
    Csv,
    Text,
}

fn format_of(path: &Path) -> Format {
    match path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("pdf") => Format::Pdf,
        Some("csv") => Format::Csv,
        _ => Format::Text,
    }
}

fn pdf_only(path: &Path) -> Outcome {
    if format_of(path) == Format::Pdf {
        return Ok(());
    }
    Err(Failure(Text::UnknownExportFormat {
        path: path.display().to_string(),
        known: ".pdf".into(),
    }))
}

/// Writes `doc` with the font asked for; returns the number of pages.
fn write_pdf(doc: &Document, font: Option<&str>, out: &Path) -> Result<usize, Failure> {
    let font = LoadedFont::find(font).map_err(|e| Failure(e.text()))?;
    let written = pdf::write(doc, &font, out).map_err(|e| Failure(e.text()))?;
    Ok(written.pages)
}

fn find_site<'a>(ctx: &'a Context, site: &str) -> Result<&'a Site, Failure> {
    ctx.campaign
        .sites
        .iter()
        .find(|s| s.id == site || s.name == site || s.name.starts_with(site))
        .ok_or_else(|| {
            Failure(Text::UnknownSite {
                value: site.to_string(),
                known: ctx
                    .campaign
                    .sites
                    .iter()
                    .map(|s| format!("{} ({})", s.id, s.name))
                    .collect::<Vec<_>>()
                    .join("、"),
            })
        })
}

/// Opens the database for an export. Masked ID numbers: any signed-in operator. Full
/// ID numbers: only the leader, with a reason, and the export is recorded as an event.
fn open_for(ctx: &Context, full: bool, reason: Option<&str>, what: &str) -> Result<Store, Failure> {
    if !full {
        return ctx.open_existing_as(None);
    }
    let mut store = ctx.open_existing_as(Some(Action::ExportPersonalData))?;
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let Some(reason) = reason else {
        return Err(Failure(Text::FullIdNeedsReason));
    };
    let mut tx = store.begin()?;
    tx.note(
        &Actor::now(&ctx.operator),
        "personal_data_exported",
        &serde_json::json!({ "kind": "personal_data_exported", "document": what, "reason": reason }),
    )?;
    tx.commit()?;
    Ok(store)
}

pub fn run(ctx: &Context, args: ExportArgs) -> Outcome {
    let font = args.font.as_deref();
    let reason = args.reason.as_deref();
    match args.kind {
        ExportCommand::Register {
            township: key,
            out,
            full_id,
        } => {
            let t = township(ctx, &key)?;
            let store = open_for(ctx, full_id, reason, "register")?;
            let rows = handover::register(store.conn(), &t.code)?;
            let sheet = registers::register(ctx.campaign, t, &rows, Numbers { full: full_id });
            write_sheet(ctx, &sheet, &out, font)
        }
        ExportCommand::RecoveryLedger {
            township: key,
            out,
            full_id,
        } => {
            let t = township(ctx, &key)?;
            let store = open_for(ctx, full_id, reason, "recovery-ledger")?;
            let rows = handover::recovery_ledger(store.conn(), &t.code)?;
            let sheet =
                registers::recovery_ledger(ctx.campaign, t, &rows, Numbers { full: full_id });
            write_sheet(ctx, &sheet, &out, font)
        }
        ExportCommand::Remakes { out, full_id } => {
            let store = open_for(ctx, full_id, reason, "remakes")?;
            let rows = handover::remakes(&store)?;
            let sheet = registers::remakes(ctx.campaign, &rows, Numbers { full: full_id });
            write_sheet(ctx, &sheet, &out, font)
        }
        ExportCommand::DaySheet { site, date, out } => {
            let site = find_site(ctx, &site)?;
            let store = ctx.open_existing_as(None)?;
            let rows = queries::day_list(store.conn(), &site.id, date)?;
            if format_of(&out) == Format::Pdf {
                let doc = crate::export::day_sheet::document(site, date, &rows);
                let pages = write_pdf(&doc, font, &out)?;
                ctx.say(Text::WrittenPdf {
                    path: out.display().to_string(),
                    n: rows.len(),
                    pages,
                });
                return Ok(());
            }
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
        ExportCommand::RouteSheet { date, out } => {
            pdf_only(&out)?;
            let store = ctx.open_existing_as(None)?;
            let days = crate::routing::home::visit_days(ctx.campaign, None);
            let view = crate::store::routes::view(store.conn(), ctx.campaign, &days)?;
            let (pages, n) =
                crate::export::route_sheet::write_pdf(&view, ctx.campaign, date, &out, font)
                    .map_err(Failure)?;
            ctx.say(Text::RouteSheetWritten {
                path: out.display().to_string(),
                n,
                pages,
            });
            Ok(())
        }
        ExportCommand::Notices { township, out } => {
            pdf_only(&out)?;
            let township = ctx
                .campaign
                .find_township(&township)
                .ok_or(Failure(Text::RowTownshipUnknown { value: township }))?;
            let store = ctx.open_existing_as(None)?;
            let rows = queries::notice_subjects(store.conn(), &township.code)?;
            if rows.is_empty() {
                return Err(Failure(Text::NoNoticeSubjects {
                    township: township.name.clone(),
                }));
            }
            let doc = crate::export::notices::document(&rows, ctx.campaign, township);
            let pages = write_pdf(&doc, font, &out)?;
            ctx.say(Text::NoticesWritten {
                path: out.display().to_string(),
                n: rows.len(),
                pages,
            });
            Ok(())
        }
        ExportCommand::NoticeList { township: key, out } => {
            let t = township(ctx, &key)?;
            let store = ctx.open_existing_as(None)?;
            let rows = crate::store::public_notice::notice_list(&store, &t.code)?;
            if rows.is_empty() {
                return Err(Failure(Text::NoOneInPublicNotice {
                    township: t.name.clone(),
                }));
            }
            if format_of(&out) != Format::Pdf {
                let sheet = crate::export::notice_list::sheet(&rows, ctx.campaign, t);
                return write_sheet(ctx, &sheet, &out, font);
            }
            let doc = crate::export::notice_list::document(&rows, ctx.campaign, t);
            let pages = write_pdf(&doc, font, &out)?;
            ctx.say(Text::WrittenPdf {
                path: out.display().to_string(),
                n: rows.len(),
                pages,
            });
            Ok(())
        }
        ExportCommand::ReviewForm {
            person,
            out,
            full_id,
        } => {
            pdf_only(&out)?;
            let store = open_for(ctx, full_id, reason, "review-form")?;
            let holder = crate::store::holders::find(store.conn(), &person)?.ok_or(Failure(
                Text::PersonNotFound {
                    key: person.clone(),
                },
            ))?;
            let facts = crate::store::public_notice::review_facts(&store, &holder.id_number)?;
            let doc = crate::export::review_form::document(&holder, &facts, ctx.campaign, full_id)?;
            write_pdf(&doc, font, &out)?;
            ctx.say(Text::Written {
                path: out.display().to_string(),
                n: 1,
            });
            Ok(())
        }
        ExportCommand::Statement {
            person,
            out,
            full_id,
        } => {
            pdf_only(&out)?;
            let store = open_for(ctx, full_id, reason, "statement")?;
            let holder = crate::store::holders::find(store.conn(), &person)?.ok_or(Failure(
                Text::PersonNotFound {
                    key: person.clone(),
                },
            ))?;
            let statements = handover::statements_of(store.conn(), &holder.id_number)?;
            let statement = handover::standing_statement(&statements)
                .cloned()
                .ok_or_else(|| {
                    Failure(Text::NoStatement {
                        name: holder.name.clone(),
                    })
                })?;
            let doc =
                crate::export::statement::document(&holder, &statement, ctx.campaign, full_id);
            write_pdf(&doc, font, &out)?;
            ctx.say(Text::Written {
                path: out.display().to_string(),
                n: 1,
            });
            Ok(())
        }
    }
}
