//! The tamper-evident event log: one hash chain per recording device.
//!
//! Every event stores `seq` (1, 2, 3 … on the device that recorded it) and `hash`, the
//! SHA-256 of the previous event's hash on that device (32 zero bytes before the first)
//! followed by the event's own canonical content. Changing, removing or inserting an
//! event anywhere but at the very end of a device's chain breaks a link that
//! [`verify`] finds. Chains are per device, so logs merged from several laptops each
//! still verify, and nothing depends on rowid order.

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::Result;
use crate::i18n::Text;

/// The hash before a device's first event.
pub const GENESIS: [u8; 32] = [0; 32];

/// The stored fields of an event, as they go into its hash.
#[derive(Debug, Clone, Copy)]
pub struct Content<'a> {
    pub id: &'a str,
    pub device: &'a str,
    pub seq: i64,
    pub at: &'a str,
    pub day: &'a str,
    pub operator: &'a str,
    pub case_id: &'a str,
    pub kind: &'a str,
    pub data: &'a str,
}

/// An event's stored fields as read back (columns id, device, at, day, operator,
/// case_id, kind, data, in this order).
#[derive(Debug, Clone)]
struct Row {
    id: String,
    device: String,
    at: String,
    day: String,
    operator: String,
    case_id: String,
    kind: String,
    data: String,
}

impl Row {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
        Ok(Row {
            id: r.get(0)?,
            device: r.get(1)?,
            at: r.get(2)?,
            day: r.get(3)?,
            operator: r.get(4)?,
            case_id: r.get(5)?,
            kind: r.get(6)?,
            data: r.get(7)?,
        })
    }

    fn content(&self, seq: i64) -> Content<'_> {
        Content {
            id: &self.id,
            device: &self.device,
            seq,
            at: &self.at,
            day: &self.day,
            operator: &self.operator,
            case_id: &self.case_id,
            kind: &self.kind,
            data: &self.data,
        }
    }
}

/// SHA-256 over the previous hash and the content, fields separated by the ASCII unit
/// separator (which no field contains: the JSON escapes it) so no two events share bytes.
pub fn link(prev: &[u8; 32], c: &Content<'_>) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    let seq = c.seq.to_string();
    for field in [
        c.id, c.device, &seq, c.at, c.day, c.operator, c.case_id, c.kind, c.data,
    ] {
        h.update([0x1f]);
        h.update(field.as_bytes());
    }
    h.finalize().into()
}

/// The last link of this device's chain: its sequence number and hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: [u8; 32],
}

impl Head {
    pub const EMPTY: Head = Head {
        seq: 0,
        hash: GENESIS,
    };

    /// Appends `c` (whose `seq` must be `self.seq + 1`) and returns the new head.
    pub fn append(&self, c: &Content<'_>) -> Head {
        debug_assert_eq!(c.seq, self.seq + 1);
        Head {
            seq: c.seq,
            hash: link(&self.hash, c),
        }
    }
}

/// The head of `device`'s chain as stored (one index seek).
pub fn head(conn: &Connection, device: &str) -> Result<Head> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, hash FROM event WHERE device = ?1 ORDER BY seq DESC LIMIT 1",
    )?;
    let head = stmt
        .query_row([device], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
        })
        .optional()?;
    Ok(match head {
        None => Head::EMPTY,
        Some((seq, hash)) => Head {
            seq,
            hash: hash.try_into().unwrap_or([0xff; 32]),
        },
    })
}

/// What is wrong at the first broken link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The event's content and the chain up to it no longer give its hash: it was
    /// edited, or the event before it was edited and given a new hash to hide it.
    Altered,
    /// Sequence numbers jump: events before this one are missing.
    Missing { expected: i64 },
}

/// The first event where a device's chain does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub event_id: String,
    pub device: String,
    pub seq: i64,
    pub at: String,
    pub operator: String,
    pub fault: Fault,
}

/// The result of walking every chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verification {
    /// Events checked, per device in id order of the devices.
    pub devices: Vec<(String, i64)>,
    /// The first broken link of each device whose chain breaks (in device order).
    pub broken: Vec<Broken>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.broken.is_empty()
    }

    pub fn events(&self) -> i64 {
        self.devices.iter().map(|(_, n)| n).sum()
    }
}

/// Re-walks every device's chain from its first event and reports, per device, the
/// first link that does not hold.
pub fn verify(conn: &Connection) -> Result<Verification> {
    let devices: Vec<String> = conn
        .prepare("SELECT DISTINCT device FROM event ORDER BY device")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Verification::default();
    let mut stmt = conn.prepare(
        "SELECT id, device, at, day, operator, case_id, kind, data, seq, hash
         FROM event WHERE device = ?1 ORDER BY seq",
    )?;
    for device in devices {
        let mut rows = stmt.query(params![device])?;
        let mut prev = Head::EMPTY;
        let mut count = 0;
        let mut broken = None;
        while let Some(r) = rows.next()? {
            count += 1;
            if broken.is_some() {
                continue;
            }
            let row = Row::read(r)?;
            let seq: i64 = r.get(8)?;
            let stored: Vec<u8> = r.get::<_, Option<Vec<u8>>>(9)?.unwrap_or_default();
            let fault = if seq != prev.seq + 1 {
                Some(Fault::Missing {
                    expected: prev.seq + 1,
                })
            } else if link(&prev.hash, &row.content(seq))[..] == stored[..] {
                None
            } else {
                Some(Fault::Altered)
            };
            match fault {
                Some(fault) => {
                    broken = Some(Broken {
                        event_id: row.id,
                        device: device.clone(),
                        seq,
                        at: row.at,
                        operator: row.operator,
                        fault,
                    })
                }
                None => {
                    prev = Head {
                        seq,
                        hash: stored.try_into().unwrap_or([0; 32]),
                    }
                }
            }
        }
        out.devices.push((device, count));
        out.broken.extend(broken);
    }
    Ok(out)
}

/// Gives every event already in the log its place in its device's chain: the
/// migration that introduces the chain calls this once, in id order per device.
pub(crate) fn backfill(conn: &Connection) -> rusqlite::Result<()> {
    let rows: Vec<Row> = conn
        .prepare(
            "SELECT id, device, at, day, operator, case_id, kind, data FROM event
             ORDER BY device, id",
        )?
        .query_map([], Row::read)?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = conn.prepare("UPDATE event SET seq = ?2, hash = ?3 WHERE id = ?1")?;
    let mut head = Head::EMPTY;
    let mut device = "";
    for row in &rows {
        if row.device != device {
            device = &row.device;
            head = Head::EMPTY;
        }
        head = head.append(&row.content(head.seq + 1));
        update.execute(params![row.id, head.seq, &head.hash[..]])?;
    }
    Ok(())
}

/// Which events the audit screen shows; `None` is "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub operator: Option<String>,
    /// A township's 12-digit code: events on that township's cases.
    pub township: Option<String>,
    /// An event kind (`handed_over`, `personal_data_exported` …).
    pub kind: Option<String>,
}

/// One line of the audit screen: who did what, when, to whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    /// UTC, RFC 3339, as recorded.
    pub at: String,
    pub operator: String,
    pub device: String,
    pub kind: String,
    /// The holder's ID number; none for an event on no case (an export, an account).
    pub case_id: Option<String>,
    pub name: Option<String>,
    pub township: Option<String>,
    /// What the event says of itself worth a glance: a reason, a document, a result.
    pub detail: String,
}

/// The newest events matching a filter, and what the filter can choose from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Log {
    pub entries: Vec<Entry>,
    /// How many events match (the list holds the newest `limit`).
    pub total: usize,
    /// Everyone who recorded an event, by name.
    pub operators: Vec<String>,
    /// Every kind of event recorded, by name.
    pub kinds: Vec<String>,
}

/// The newest `limit` events matching `filter`, newest first.
pub fn log(conn: &Connection, filter: &Filter, limit: usize) -> Result<Log> {
    const WHERE: &str = "WHERE (?1 IS NULL OR e.operator = ?1)
           AND (?2 IS NULL OR h.township = ?2)
           AND (?3 IS NULL OR e.kind = ?3)";
    let args = params![filter.operator, filter.township, filter.kind];
    let total: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM event e LEFT JOIN holder h ON h.id_number = e.case_id {WHERE}"
        ),
        args,
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT e.id, e.at, e.operator, e.device, e.kind, e.case_id, h.name, h.township, e.data
         FROM event e LEFT JOIN holder h ON h.id_number = e.case_id {WHERE}
         ORDER BY e.at DESC, e.id DESC LIMIT ?4"
    ))?;
    let entries = stmt
        .query_map(
            params![filter.operator, filter.township, filter.kind, limit as i64],
            |r| {
                let case: String = r.get(5)?;
                let data: String = r.get(8)?;
                Ok(Entry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    operator: r.get(2)?,
                    device: r.get(3)?,
                    kind: r.get(4)?,
                    case_id: (case != super::NOT_A_CASE).then_some(case),
                    name: r.get(6)?,
                    township: r.get(7)?,
                    detail: detail(&data),
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let distinct = |sql: &str| -> Result<Vec<String>> {
        Ok(conn
            .prepare(sql)?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?)
    };
    Ok(Log {
        entries,
        total: total as usize,
        operators: distinct("SELECT DISTINCT operator FROM event ORDER BY operator")?,
        kinds: distinct("SELECT DISTINCT kind FROM event ORDER BY kind")?,
    })
}

/// The few fields of an event's JSON a reader of the log wants at a glance.
fn detail(data: &str) -> String {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(data) else {
        return String::new();
    };
    let mut parts = Vec::new();
    for key in [
        "document",
        "date",
        "reason",
        "note",
        "name",
        "role",
        "card_number",
    ] {
        match v.get(key) {
            Some(serde_json::Value::String(s)) if !s.is_empty() => parts.push(s.clone()),
            _ => {}
        }
    }
    // An assessment: by which doctor.
    if let Some(serde_json::Value::String(doctor)) =
        v.get("assessment").and_then(|a| a.get("doctor"))
    {
        parts.push(doctor.clone());
    }
    parts.join(" · ")
}

/// What a broken link is, for a user.
pub fn fault_text(fault: &Fault) -> Text {
    match fault {
        Fault::Altered => Text::AuditAltered,
        Fault::Missing { expected } => Text::AuditMissing {
            expected: *expected,
        },
    }
}

/// A broken link, for a user: which event, recorded when and by whom.
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
