//! 公示 and 复核 in the database: who is in public notice (the list posted in the
//! village), and the case facts a review application is printed from.

use chrono::NaiveDate;
use serde::Serialize;

use super::holders::HolderRow;
use super::queries::{self, ListFilter};
use super::{Actor, Result, Store, StoreError, case_events, derive_case};
use crate::domain::case::{Case, Event, State};

/// One person on a township's public notice list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeListRow {
    pub holder: HolderRow,
    pub case: Case,
}

/// Everyone of the township (code) in public notice, by village then name.
pub fn notice_list(store: &Store, township: &str) -> Result<Vec<NoticeListRow>> {
    let holders = queries::list(
        store.conn(),
        &ListFilter {
            state: Some(State::InPublicNotice),
            township: Some(township.to_string()),
            limit: None,
        },
    )?;
    holders
        .into_iter()
        .map(|holder| {
            let case =
                derive_case(store, &holder.id_number)?.ok_or_else(|| StoreError::NotFound {
                    key: holder.id_number.clone(),
                })?;
            Ok(NoticeListRow { holder, case })
        })
        .collect()
}

/// What a review application is printed from: the case and, if the review was already
/// requested, its reason, fee and receipt number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewFacts {
    pub case: Case,
    pub request: Option<(String, String, String)>,
}

pub fn review_facts(store: &Store, id_number: &str) -> Result<ReviewFacts> {
    let case = derive_case(store, id_number)?.ok_or_else(|| StoreError::NotFound {
        key: id_number.to_string(),
    })?;
    let request = case_events(store.conn(), id_number)?
        .into_iter()
        .rev()
        .take_while(|e| !matches!(e.event, Event::ReviewDecided { .. }))
        .find_map(|e| match e.event {
            Event::ReviewRequested {
                reason,
                fee_yuan,
                receipt_no,
            } => Some((reason, fee_yuan, receipt_no)),
            _ => None,
        });
    Ok(ReviewFacts { case, request })
}

/// Cases of the township (and village, if given) in public notice whose notice has
/// not started.
fn waiting_for_notice(
    store: &Store,
    township: &str,
    village: Option<&str>,
) -> Result<Vec<NoticeListRow>> {
    Ok(notice_list(store, township)?
        .into_iter()
        .filter(|r| r.case.public_notice.is_none())
        .filter(|r| village.is_none_or(|v| r.holder.village == v))
        .collect())
}

/// A batch posted: what `start` recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Batch {
    pub batch: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub n: usize,
}

/// 张贴公示: the list of the township (or one village) goes up on `start`; every case
/// in public notice there that has not started gets this batch, in one action. The
/// end is the campaign's number of working days later. Nobody waiting: nothing is
/// recorded and the batch has `n` 0.
pub fn start(
    store: &mut Store,
    actor: &Actor,
    township: &str,
    village: Option<&str>,
    start: NaiveDate,
) -> Result<Batch> {
    let rows = waiting_for_notice(store, township, village)?;
    let batch = format!("{township}/{}/{start}", village.unwrap_or("*"));
    let event = Event::PublicNoticeStarted {
        batch: batch.clone(),
        start,
    };
    let mut tx = store.begin()?;
    let mut end = start;
    for r in &rows {
        let case = tx.record(&r.holder.id_number, actor, &event)?;
        end = case.public_notice.map_or(end, |n| n.end);
    }
    tx.commit()?;
    Ok(Batch {
        batch,
        start,
        end,
        n: rows.len(),
    })
}

/// What the leader's confirmation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Confirmed {
    /// Ended without objection: now `card_requested`.
    pub requested: usize,
    /// Still within their notice period (or not started): left as they are.
    pub running: usize,
}

/// 公示期满确认: on `actor.day`, every case of the township whose notice has ended
/// without objection moves to `card_requested`, in one action.
pub fn confirm(store: &mut Store, actor: &Actor, township: &str) -> Result<Confirmed> {
    let rows = notice_list(store, township)?;
    let (due, running): (Vec<_>, Vec<_>) = rows
        .iter()
        .partition(|r| r.case.public_notice.is_some_and(|n| n.end < actor.day));
    let mut tx = store.begin()?;
    for r in &due {
        tx.record(&r.holder.id_number, actor, &Event::PublicNoticeEnded)?;
    }
    tx.commit()?;
    Ok(Confirmed {
        requested: due.len(),
        running: running.len(),
    })
}

/// One event for one person (ID or certificate number) as one action; the case after.
pub fn record_for(store: &mut Store, actor: &Actor, key: &str, event: &Event) -> Result<Case> {
    let holder = super::holders::find(store.conn(), key)?.ok_or_else(|| StoreError::NotFound {
        key: key.to_string(),
    })?;
    let mut tx = store.begin()?;
    let case = tx.record(&holder.id_number, actor, event)?;
    tx.commit()?;
    Ok(case)
}
