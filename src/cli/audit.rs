//! The trust commands: `audit verify`, `backup`, `restore`.

use std::path::{Path, PathBuf};

use super::{AuditCommand, Context, Failure, Outcome, print_json};
use crate::domain::operator::Action;
use crate::i18n::Text;
use crate::store::audit::{self, Broken, Fault};
use crate::store::backup::{self, Reason};

pub fn run(ctx: &Context, cmd: AuditCommand) -> Outcome {
    match cmd {
        AuditCommand::Verify { json } => verify(ctx, json),
    }
}

fn verify(ctx: &Context, json: bool) -> Outcome {
    let store = ctx.open_existing_as(None)?;
    let result = audit::verify(store.conn())?;
    if json {
        print_json(&serde_json::json!({
            "ok": result.ok(),
            "events": result.events(),
            "devices": result.devices.iter()
                .map(|(d, n)| serde_json::json!({"device": d, "events": n}))
                .collect::<Vec<_>>(),
            "broken": result.broken.iter().map(|b| serde_json::json!({
                "event": b.event_id, "device": b.device, "seq": b.seq,
                "at": b.at, "operator": b.operator,
                "fault": fault_text(&b.fault).render(ctx.lang),
            })).collect::<Vec<_>>(),
        }))?;
    } else if result.ok() {
        ctx.say(Text::AuditOk {
            events: result.events(),
            devices: result.devices.len(),
        });
    } else {
        for b in &result.broken {
            ctx.say(broken_text(b));
        }
    }
    match result.broken.first() {
        None => Ok(()),
        Some(_) => Err(Failure(Text::AuditFailed {
            devices: result.broken.len(),
        })),
    }
}

pub fn fault_text(fault: &Fault) -> Text {
    match fault {
        Fault::Altered => Text::AuditAltered,
        Fault::Missing { expected } => Text::AuditMissing {
            expected: *expected,
        },
    }
}

pub fn broken_text(b: &Broken) -> Text {
    Text::AuditBroken {
        event: b.event_id.clone(),
        device: b.device.clone(),
        seq: b.seq,
        at: b.at.clone(),
        operator: b.operator.clone(),
        fault: Box::new(fault_text(&b.fault)),
    }
}

pub fn backup(ctx: &Context, out: Option<PathBuf>) -> Outcome {
    // A copy anywhere but the backup folder carries everyone's data away: the leader's.
    let store = ctx.open_existing_as(out.is_some().then_some(Action::ExportPersonalData))?;
    let path = match out {
        Some(path) => {
            backup::copy_to(store.conn(), &path)?;
            path
        }
        None => backup::rotate(&store, Reason::Manual, chrono::Local::now())?,
    };
    ctx.say(Text::BackupWritten {
        path: path.display().to_string(),
    });
    Ok(())
}

pub fn restore(ctx: &Context, file: &Path) -> Outcome {
    let db = ctx.db_path()?;
    if db.exists() {
        ctx.open_existing_as(Some(Action::Restore))?;
    }
    let restored = backup::restore(&db, file, ctx.campaign)?;
    ctx.say(match restored.kept {
        Some(kept) => Text::Restored {
            events: restored.events,
            kept: kept.display().to_string(),
        },
        None => Text::RestoredFresh {
            events: restored.events,
        },
    });
    Ok(())
}
