//! Read-only figures and lists for the CLI and the screens.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, ToSql};
use serde::Serialize;

use super::holders::{CardRow, HOLDER_COLUMNS, HolderRow, cards_of, find, holder_row};
use super::{Result, StoreError, StoredEvent, case_events};
use crate::domain::case::{Basis, State};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TownshipFigures {
    pub name: String,
    pub holders: u64,
    pub issued: u64,
}

/// The figures of `stats --json`; its keys are a contract with scripts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Stats {
    pub cases: u64,
    pub holders: u64,
    pub by_basis: BTreeMap<&'static str, u64>,
    pub by_state: BTreeMap<&'static str, u64>,
    pub by_township: BTreeMap<String, TownshipFigures>,
    pub by_category: BTreeMap<String, u64>,
}

pub fn stats(conn: &Connection) -> Result<Stats> {
    let mut by_basis: BTreeMap<&'static str, u64> =
        Basis::ALL.iter().map(|b| (b.as_str(), 0)).collect();
    let mut by_state: BTreeMap<&'static str, u64> =
        State::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    let mut by_category: BTreeMap<String, u64> = (1..=7).map(|d| (d.to_string(), 0)).collect();
    let mut by_township: BTreeMap<String, TownshipFigures> = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT code, name FROM township ORDER BY code")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (code, name) = row?;
        by_township.insert(
            code,
            TownshipFigures {
                name,
                holders: 0,
                issued: 0,
            },
        );
    }
    // One pass over the holders, grouped by everything the figures need.
    let mut stmt = conn.prepare(
        "SELECT basis, state, township, category, COUNT(*) FROM holder
         GROUP BY state, basis, township, category",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<u8>>(3)?,
            r.get::<_, i64>(4)? as u64,
        ))
    })?;
    for row in rows {
        let (basis, state, township, category, n) = row?;
        let basis = Basis::parse(&basis);
        if let Some(b) = basis {
            *by_basis.entry(b.as_str()).or_default() += n;
        }
        let state = State::parse(&state);
        if let Some(s) = state {
            *by_state.entry(s.as_str()).or_default() += n;
        }
        if let Some(c) = category {
            *by_category.entry(c.to_string()).or_default() += n;
        }
        if let Some(t) = by_township.get_mut(&township) {
            if basis != Some(Basis::New) {
                t.holders += n;
            }
            if state == Some(State::Issued) {
                t.issued += n;
            }
        }
    }
    let cases = by_basis.values().sum();
    let holders = cases - by_basis[Basis::New.as_str()];
    Ok(Stats {
        cases,
        holders,
        by_basis,
        by_state,
        by_township,
        by_category,
    })
}

/// Everything `person show` prints: the record, the case folded from its events, the
/// events themselves and the cards.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    #[serde(flatten)]
    pub holder: HolderRow,
    pub case: crate::domain::case::Case,
    pub events: Vec<StoredEvent>,
    pub cards: Vec<CardRow>,
    /// The card the holder should receive: the newest one not voided.
    pub card: Option<CardRow>,
}

pub fn person(store: &super::Store, key: &str) -> Result<PersonView> {
    let conn = store.conn();
    let holder = find(conn, key)?.ok_or_else(|| StoreError::NotFound {
        key: key.trim().to_string(),
    })?;
    let events = case_events(conn, &holder.id_number)?;
    let case =
        super::derive_case(store, &holder.id_number)?.ok_or_else(|| StoreError::NotFound {
            key: key.trim().to_string(),
        })?;
    let cards = cards_of(conn, &holder.id_number)?;
    let card = cards.iter().find(|c| c.state != "voided").cloned();
    Ok(PersonView {
        holder,
        case,
        events,
        cards,
        card,
    })
}

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub state: Option<State>,
    pub township: Option<String>,
    pub limit: Option<usize>,
}

pub fn list(conn: &Connection, filter: &ListFilter) -> Result<Vec<HolderRow>> {
    let mut sql = format!(
        "SELECT {HOLDER_COLUMNS} FROM holder h JOIN township t ON t.code = h.township WHERE 1 = 1"
    );
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    if let Some(state) = filter.state {
        args.push(Box::new(state.as_str()));
        sql.push_str(&format!(" AND h.state = ?{}", args.len()));
    }
    if let Some(t) = &filter.township {
        args.push(Box::new(t.clone()));
        sql.push_str(&format!(" AND h.township = ?{}", args.len()));
    }
    sql.push_str(" ORDER BY h.township, h.village, h.name, h.id_number");
    if let Some(limit) = filter.limit {
        args.push(Box::new(limit as i64));
        sql.push_str(&format!(" LIMIT ?{}", args.len()));
    }
    let mut stmt = conn.prepare(&sql)?;
    let params: Vec<&dyn ToSql> = args.iter().map(|a| a.as_ref()).collect();
    let rows = stmt.query_map(params.as_slice(), holder_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One person on a site's day list.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct QueueRow {
    #[serde(flatten)]
    pub holder: HolderRow,
    pub half_day: Option<String>,
    pub checked_in_at: Option<String>,
    pub walk_in: bool,
}

/// Everyone expected at `site` on `date`, and everyone seen there that day (walk-ins
/// included), by half-day then name.
pub fn day_list(conn: &Connection, site: &str, date: chrono::NaiveDate) -> Result<Vec<QueueRow>> {
    let sql = format!(
        "SELECT {HOLDER_COLUMNS}, h.half_day, h.checked_in_at, h.walk_in
         FROM holder h JOIN township t ON t.code = h.township
         WHERE h.site = ?1 AND h.sched_date = ?2
         ORDER BY h.half_day, h.checked_in_at IS NULL, h.checked_in_at, h.name, h.id_number"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params![site, date.to_string()], |r| {
        Ok(QueueRow {
            holder: holder_row(r)?,
            half_day: r.get(18)?,
            checked_in_at: r.get(19)?,
            walk_in: r.get(20)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A re-assessment subject and their booking, if they have one: what a notice says.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NoticeRow {
    #[serde(flatten)]
    pub holder: HolderRow,
    pub site: Option<String>,
    pub date: Option<chrono::NaiveDate>,
    pub half_day: Option<String>,
    pub home_visit: bool,
}

/// Everyone of `township` (code) whose certificate was issued by sight and who is still
/// owed a re-assessment, booked or not, by village then name.
pub fn notice_subjects(conn: &Connection, township: &str) -> Result<Vec<NoticeRow>> {
    let sql = format!(
        "SELECT {HOLDER_COLUMNS}, h.site, h.sched_date, h.half_day, h.home_visit
         FROM holder h JOIN township t ON t.code = h.township
         WHERE h.township = ?1 AND h.basis = 'visual'
           AND h.state IN ('needs_reassessment', 'notified', 'scheduled', 'needs_rescheduling')
         ORDER BY h.village, h.name, h.id_number"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([township], |r| {
        Ok(NoticeRow {
            holder: holder_row(r)?,
            site: r.get(18)?,
            date: r.get(19)?,
            half_day: r.get(20)?,
            home_visit: r.get(21)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Holders by ID number, in the order asked.
pub fn rows_by_ids(conn: &Connection, ids: &[String]) -> Result<Vec<HolderRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {HOLDER_COLUMNS} FROM holder h JOIN township t ON t.code = h.township
         WHERE h.id_number = ?1"
    ))?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(row) = stmt.query_row([id], holder_row).optional()? {
            out.push(row);
        }
    }
    Ok(out)
}

/// Everything the search index needs, for every holder.
pub fn search_entries(conn: &Connection) -> Result<Vec<crate::search::Entry>> {
    let mut stmt = conn.prepare("SELECT id_number, name, cert_number FROM holder")?;
    let rows = stmt.query_map([], |r| {
        let id: String = r.get(0)?;
        Ok(crate::search::Entry {
            key: id.clone(),
            name: r.get(1)?,
            id_number: id,
            cert_number: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
