use super::{AuditCommand, Context, Failure, Outcome, print_json};
use crate::i18n::Text;
use crate::store::audit::{self, Broken, Fault};

pub fn run(ctx: &Context, cmd: AuditCommand) -> Outcome {
    match cmd {
        AuditCommand::Verify { json } => verify(ctx, json),
    }
}

fn verify(ctx: &Context, json: bool) -> Outcome {
    let store = ctx.open_existing()?;
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
