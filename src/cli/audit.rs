//! The trust commands: `audit verify`, `backup`, `restore`.

use std::path::{Path, PathBuf};

use super::{AuditCommand, Context, Failure, Outcome, print_json};
use crate::domain::operator::Action;
use crate::i18n::Text;
use crate::store::audit::{self, broken_text, fault_text};
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

pub fn backup(ctx: &Context, out: Option<PathBuf>) -> Outcome {
    // A copy anywhere but the backup folder carries everyone's data away: the leader's.
    let store = ctx.open_existing_as(out.is_some().then_some(Action::ExportPersonalData))?;
    let path = match out {
        Some(path) => {
            backup::copy_to(store.conn(), &path, store.key())?;
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
    // The passphrase opens both: an encrypted database's copies share its key.
    let key = if db.exists() {
        ctx.open_existing_as(Some(Action::Restore))?.key().cloned()
    } else if crate::store::cipher::is_encrypted(file) {
        Some(ctx.db_key(file)?)
    } else {
        None
    };
    let restored = backup::restore(&db, file, ctx.campaign, key.as_ref())?;
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

/// `huanzheng db encrypt`: converts the database (or creates it) encrypted.
pub fn encrypt(ctx: &Context) -> Outcome {
    let db = ctx.db_path()?;
    if crate::store::cipher::is_encrypted(&db) {
        return Err(Failure(Text::DbAlreadyEncrypted {
            path: db.display().to_string(),
        }));
    }
    if !db.exists() {
        let key = ctx.new_db_key()?;
        let mut store = crate::store::Store::open_with_key(&db, ctx.campaign, Some(&key))?;
        ctx.sign_in(&mut store, Some(Action::EncryptDatabase))?;
        ctx.say(Text::DbCreatedEncrypted {
            path: db.display().to_string(),
        });
        return Ok(());
    }
    // The leader signs in on the plain database before anything changes.
    drop(ctx.open_existing_as(Some(Action::EncryptDatabase))?);
    let key = ctx.new_db_key()?;
    let done = crate::store::cipher::encrypt(&db, &key, ctx.campaign)?;
    ctx.say(Text::DbEncryptedDone {
        path: db.display().to_string(),
        events: done.events,
        removed: done.plain_backups_removed,
        backup: done.backup.display().to_string(),
    });
    Ok(())
}
