//! 告知书 and 回执 in the database: marking notices delivered, recording receipts
//! returned (the case becomes `notified`), and who has not returned one yet.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::holders::{self, HolderRow};
use super::queries::{self, NoticeRow};
use super::{Actor, Result, Store, StoreError, derive_case_tx};
use crate::domain::case::Event;

/// A notice subject and where their notice stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeStatus {
    #[serde(flatten)]
    pub subject: NoticeRow,
    /// The day the notice was last delivered, if it was.
    pub delivered: Option<NaiveDate>,
    /// The day the receipt came back, if it did.
    pub returned: Option<NaiveDate>,
}

/// The township's notice subjects (as `export notices` prints them), each with the
/// days their notice went out and its receipt came back.
pub fn statuses(conn: &Connection, township: &str) -> Result<Vec<NoticeStatus>> {
    let subjects = queries::notice_subjects(conn, township)?;
    let mut stmt = conn.prepare_cached(
        "SELECT e.case_id, e.data FROM event e JOIN holder h ON h.id_number = e.case_id
         WHERE h.township = ?1 AND e.kind IN ('notice_delivered', 'receipt_returned')
         ORDER BY e.id",
    )?;
    let mut days: HashMap<String, (Option<NaiveDate>, Option<NaiveDate>)> = HashMap::new();
    let rows = stmt.query_map([township], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (id, data) = row?;
        let entry = days.entry(id).or_default();
        match serde_json::from_str::<Event>(&data)? {
            Event::NoticeDelivered { date } => entry.0 = Some(date),
            Event::ReceiptReturned { date } => entry.1 = Some(date),
            _ => {}
        }
    }
    Ok(subjects
        .into_iter()
        .map(|subject| {
            let (delivered, returned) = days
                .get(&subject.holder.id_number)
                .copied()
                .unwrap_or_default();
            NoticeStatus {
                subject,
                delivered,
                returned,
            }
        })
        .collect())
}

/// Those of the township whose receipt has not come back, by village then name.
pub fn pending_receipts(conn: &Connection, township: &str) -> Result<Vec<NoticeStatus>> {
    Ok(statuses(conn, township)?
        .into_iter()
        .filter(|s| s.returned.is_none())
        .collect())
}

fn resolve(conn: &Connection, keys: &[String]) -> Result<Vec<HolderRow>> {
    keys.iter()
        .map(|key| {
            holders::find(conn, key)?.ok_or_else(|| StoreError::NotFound { key: key.clone() })
        })
        .collect()
}

/// 送达: the notices of these holders (ID or certificate numbers) were handed over on
/// `date`; one action for all of them, nothing recorded if any is refused.
pub fn delivered(
    store: &mut Store,
    actor: &Actor,
    keys: &[String],
    date: NaiveDate,
) -> Result<usize> {
    let people = resolve(store.conn(), keys)?;
    let mut tx = store.begin()?;
    for h in &people {
        tx.record(&h.id_number, actor, &Event::NoticeDelivered { date })?;
    }
    tx.commit()?;
    Ok(people.len())
}

/// 送达 for every subject of the township whose notice has not gone out yet (after the
/// notices were printed and handed out); returns how many.
pub fn delivered_township(
    store: &mut Store,
    actor: &Actor,
    township: &str,
    date: NaiveDate,
) -> Result<usize> {
    let keys: Vec<String> = statuses(store.conn(), township)?
        .into_iter()
        .filter(|s| s.delivered.is_none())
        .map(|s| s.subject.holder.id_number)
        .collect();
    delivered(store, actor, &keys, date)
}

/// 收回回执: these holders' receipts came back on `date`, one action for all. A
/// receipt shows its notice arrived: one never marked delivered is marked delivered
/// on the same day first.
pub fn receipts_returned(
    store: &mut Store,
    actor: &Actor,
    keys: &[String],
    date: NaiveDate,
) -> Result<usize> {
    let people = resolve(store.conn(), keys)?;
    let mut tx = store.begin()?;
    for h in &people {
        let case = derive_case_tx(&tx, &h.id_number)?.ok_or_else(|| StoreError::NotFound {
            key: h.id_number.clone(),
        })?;
        if case.notice_delivered.is_none() {
            tx.record(&h.id_number, actor, &Event::NoticeDelivered { date })?;
        }
        tx.record(&h.id_number, actor, &Event::ReceiptReturned { date })?;
    }
    tx.commit()?;
    Ok(people.len())
}
