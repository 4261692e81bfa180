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

// ── the 公示复核 screen's board ──

/// One 公示 batch as posted: where, when, how many, and what became of its cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchRow {
    pub batch: String,
    pub township: String,
    pub township_name: String,
    /// The village it was posted in; none: the whole township.
    pub village: Option<String>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub n: usize,
    /// Objections (and review requests) raised while it was posted.
    pub objections: usize,
    /// Confirmed after the end: their cards are requested.
    pub confirmed: usize,
    /// Still in this notice: running, or ended and waiting for the leader.
    pub open: usize,
}

impl BatchRow {
    /// Ended, with cases the leader has not confirmed yet.
    pub fn awaits_confirmation(&self, today: NaiveDate) -> bool {
        self.end < today && self.open > 0
    }
}

/// Changed results of a township not posted yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaitingRow {
    pub township: String,
    pub township_name: String,
    pub n: usize,
    /// Their villages, in order, each once.
    pub villages: Vec<String>,
}

/// What brought a case to review, or the remote forms waiting for the county.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ReviewCause {
    Objection {
        reason: String,
    },
    Request {
        reason: String,
        fee_yuan: String,
        receipt_no: String,
    },
    RemoteForms {
        assessment: crate::domain::case::Assessment,
    },
}

/// A case under review (复核中) or with remote forms to review (异地评定审核中).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewCase {
    pub holder: HolderRow,
    pub state: State,
    /// The day the objection, request or forms were recorded.
    pub since: NaiveDate,
    pub cause: ReviewCause,
    /// The assessment under review (none for remote forms not yet accepted).
    pub assessment: Option<crate::domain::case::Assessment>,
}

/// Everything the 公示复核 screen lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Board {
    pub waiting: Vec<WaitingRow>,
    /// Newest first.
    pub batches: Vec<BatchRow>,
    pub cases: Vec<ReviewCase>,
}

/// What happened to one case within the batches it was posted in.
#[derive(Default)]
struct Tally {
    n: usize,
    objections: usize,
    confirmed: usize,
    open: usize,
    start: Option<NaiveDate>,
}

/// The batch (and its start) a case is in now, if it is still in notice; and for
/// every batch it was ever posted in, its tally (added into `tallies`).
fn walk(
    events: &[super::StoredEvent],
    state: State,
    tallies: &mut std::collections::BTreeMap<String, Tally>,
) -> Option<String> {
    let mut current: Option<String> = None;
    for e in events {
        match &e.event {
            Event::PublicNoticeStarted { batch, start } => {
                let t = tallies.entry(batch.clone()).or_default();
                t.n += 1;
                t.start = Some(*start);
                current = Some(batch.clone());
            }
            Event::Objection { .. } | Event::ReviewRequested { .. } => {
                if let Some(b) = current.take() {
                    tallies.entry(b).or_default().objections += 1;
                }
            }
            Event::PublicNoticeEnded | Event::RemakeRequested => {
                if let Some(b) = current.take() {
                    tallies.entry(b).or_default().confirmed += 1;
                }
            }
            Event::ResultCorrected { .. } | Event::ReviewDecided { .. } => current = None,
            _ => {}
        }
    }
    if state != State::InPublicNotice {
        current = None;
    }
    if let Some(b) = &current {
        tallies.entry(b.clone()).or_default().open += 1;
    }
    current
}

/// Cases ever posted (of the township, if given), with their cached state.
fn posted(store: &Store, township: Option<&str>) -> Result<Vec<(String, String, State)>> {
    let mut stmt = store.conn().prepare(
        "SELECT DISTINCT h.id_number, h.township, h.state FROM event e \
         JOIN holder h ON h.id_number = e.case_id \
         WHERE e.kind = 'public_notice_started' AND (?1 IS NULL OR h.township = ?1)",
    )?;
    let rows = stmt.query_map([township], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, township, state) = row?;
        out.push((id, township, State::parse(&state).unwrap_or(State::Applied)));
    }
    Ok(out)
}

/// The batch string is `township/village-or-*/start`.
fn batch_village(batch: &str) -> Option<String> {
    let mut parts = batch.splitn(3, '/');
    let _ = parts.next();
    parts
        .next()
        .filter(|v| *v != "*" && !v.is_empty())
        .map(str::to_string)
}

fn batch_township(batch: &str) -> &str {
    batch.split('/').next().unwrap_or_default()
}

pub fn batches(store: &Store, township: Option<&str>) -> Result<Vec<BatchRow>> {
    let mut tallies = std::collections::BTreeMap::new();
    for (id, _, state) in posted(store, township)? {
        walk(&case_events(store.conn(), &id)?, state, &mut tallies);
    }
    let campaign = store.campaign();
    let mut rows: Vec<BatchRow> = tallies
        .into_iter()
        .filter_map(|(batch, t)| {
            let start = t.start?;
            let code = batch_township(&batch).to_string();
            let township_name = campaign
                .find_township(&code)
                .map_or(code.clone(), |t| t.name.clone());
            Some(BatchRow {
                village: batch_village(&batch),
                township: code,
                township_name,
                start,
                end: campaign.public_notice_end(start).unwrap_or(start),
                n: t.n,
                objections: t.objections,
                confirmed: t.confirmed,
                open: t.open,
                batch,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        b.start
            .cmp(&a.start)
            .then_with(|| a.township.cmp(&b.township))
            .then_with(|| a.village.cmp(&b.village))
    });
    Ok(rows)
}

/// Per township, the changed results waiting to be posted.
pub fn waiting(store: &Store, township: Option<&str>) -> Result<Vec<WaitingRow>> {
    let mut out: Vec<WaitingRow> = Vec::new();
    let codes: Vec<String> = match township {
        Some(t) => vec![t.to_string()],
        None => store
            .campaign()
            .townships
            .iter()
            .map(|t| t.code.clone())
            .collect(),
    };
    for code in codes {
        let rows = waiting_for_notice(store, &code, None)?;
        let Some(first) = rows.first() else {
            continue;
        };
        let mut villages: Vec<String> = Vec::new();
        for r in &rows {
            if !villages.contains(&r.holder.village) {
                villages.push(r.holder.village.clone());
            }
        }
        out.push(WaitingRow {
            township: code,
            township_name: first.holder.township_name.clone(),
            n: rows.len(),
            villages,
        });
    }
    Ok(out)
}

/// Cases under review or with remote forms waiting, oldest first.
pub fn review_cases(store: &Store, township: Option<&str>) -> Result<Vec<ReviewCase>> {
    let mut out = Vec::new();
    for state in [State::UnderReview, State::RemoteReview] {
        let holders = queries::list(
            store.conn(),
            &ListFilter {
                state: Some(state),
                township: township.map(str::to_string),
                limit: None,
            },
        )?;
        for holder in holders {
            let events = case_events(store.conn(), &holder.id_number)?;
            let cause = events.iter().rev().find_map(|e| {
                let cause = match &e.event {
                    Event::Objection { reason } => ReviewCause::Objection {
                        reason: reason.clone(),
                    },
                    Event::ReviewRequested {
                        reason,
                        fee_yuan,
                        receipt_no,
                    } => ReviewCause::Request {
                        reason: reason.clone(),
                        fee_yuan: fee_yuan.clone(),
                        receipt_no: receipt_no.clone(),
                    },
                    Event::RemoteFormsReceived { assessment } => ReviewCause::RemoteForms {
                        assessment: assessment.clone(),
                    },
                    _ => return None,
                };
                Some((e.day, cause))
            });
            if let Some((since, cause)) = cause {
                let assessment = derive_case(store, &holder.id_number)?.and_then(|c| c.assessment);
                out.push(ReviewCase {
                    holder,
                    state,
                    since,
                    cause,
                    assessment,
                });
            }
        }
    }
    out.sort_by(|a, b| {
        a.since
            .cmp(&b.since)
            .then(a.holder.name.cmp(&b.holder.name))
    });
    Ok(out)
}

/// The board of the township (all, if none).
pub fn board(store: &Store, township: Option<&str>) -> Result<Board> {
    Ok(Board {
        waiting: waiting(store, township)?,
        batches: batches(store, township)?,
        cases: review_cases(store, township)?,
    })
}

/// The township (code) a batch was posted in.
pub fn township_of_batch(batch: &str) -> &str {
    batch_township(batch)
}

/// 公示期满确认 of one batch: on `actor.day`, its cases still in notice whose notice
/// has ended move to `card_requested`, in one action. Those that objected are under
/// review already and stay so.
pub fn confirm_batch(store: &mut Store, actor: &Actor, batch: &str) -> Result<Confirmed> {
    let mut members = Vec::new();
    for (id, _, state) in posted(store, Some(batch_township(batch)))? {
        let mut tallies = std::collections::BTreeMap::new();
        if walk(&case_events(store.conn(), &id)?, state, &mut tallies).as_deref() == Some(batch) {
            members.push(id);
        }
    }
    let mut due = Vec::new();
    let mut running = 0;
    for id in members {
        let case = derive_case(store, &id)?;
        match case.and_then(|c| c.public_notice) {
            Some(n) if n.end < actor.day => due.push(id),
            _ => running += 1,
        }
    }
    let mut tx = store.begin()?;
    for id in &due {
        tx.record(id, actor, &Event::PublicNoticeEnded)?;
    }
    tx.commit()?;
    Ok(Confirmed {
        requested: due.len(),
        running,
    })
}
