//! Roster import: validate every row, settle duplicates, then write all accepted
//! rows in one transaction. Re-importing the same file changes nothing.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::rejects::{Reject, RejectsFile};
use super::table::{self, ColumnSpec, RawRow};
use super::{ImportError, Progress};
use crate::domain::campaign::Campaign;
use crate::domain::case::{Event, FieldChange, Reclassification};
use crate::domain::holder::{self, Column, Holder, RowInput};
use crate::domain::ids::IdNumber;
use crate::i18n::{Lang, Text};
use crate::store::{Actor, Store, StoreError, Tx, holders};

#[derive(Debug, Clone, Copy, Default)]
pub struct RosterOptions {
    pub dry_run: bool,
    pub atomic: bool,
    pub lang: Lang,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct RosterReport {
    /// Data rows read (blank rows not counted).
    pub rows: usize,
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows refused; each has at least one line in the rejects file.
    pub rejected: usize,
    /// Exact repeats of an earlier row, imported once.
    pub duplicates: usize,
    /// True when nothing was written (dry run, or --atomic with rejects).
    pub nothing_written: bool,
    pub rejects_file: Option<String>,
}

/// The roster's columns as the table reader looks for them.
pub fn spec() -> Vec<ColumnSpec> {
    Column::ALL
        .iter()
        .map(|c| ColumnSpec {
            key: c.key(),
            aliases: c.aliases(),
            required: matches!(
                c,
                Column::Name | Column::IdNumber | Column::Township | Column::Basis
            ),
        })
        .collect()
}

fn to_input(raw: RawRow) -> (usize, RowInput) {
    let mut input = RowInput::default();
    for (i, cell) in raw.cells.into_iter().enumerate() {
        if let Some(cell) = cell {
            if i == Column::IdNumber as usize {
                input.id_was_number = cell.numeric;
            }
            input.cells[i] = Some(cell.text);
        }
    }
    (raw.row, input)
}

/// What became of one row after validation and the duplicate check.
enum Verdict {
    Accept(Holder),
    Reject(Vec<Reject>),
    Duplicate { of_row: usize },
}

/// Validates rows and settles repeated ID numbers; returns the verdicts in file order.
fn settle(
    rows: impl Iterator<Item = Result<(usize, RowInput), ImportError>>,
    campaign: &Campaign,
    progress: &dyn Progress,
) -> Result<Vec<(usize, Verdict)>, ImportError> {
    let mut verdicts = Vec::new();
    let mut first_row_of: HashMap<IdNumber, usize> = HashMap::new();
    for item in rows {
        let (row, input) = item?;
        let verdict = match holder::validate(&input, campaign) {
            Err(errors) => Verdict::Reject(
                errors
                    .into_iter()
                    .map(|e| Reject::cell(row, e.column, e.text, input.get(e.column)))
                    .collect(),
            ),
            Ok(h) => {
                if let Some(&first) = first_row_of.get(&h.id) {
                    settle_repeat(&mut verdicts, first, row, h)
                } else {
                    first_row_of.insert(h.id, verdicts.len());
                    Verdict::Accept(h)
                }
            }
        };
        verdicts.push((row, verdict));
        progress.tick(verdicts.len());
    }
    progress.finish();
    Ok(verdicts)
}

/// A second row with an ID already seen: an exact repeat is imported once; a row
/// that differs makes both rows rejected, because only the clerk knows which is right.
fn settle_repeat(
    verdicts: &mut [(usize, Verdict)],
    first: usize,
    row: usize,
    h: Holder,
) -> Verdict {
    let (first_row, first_verdict) = &mut verdicts[first];
    let first_row = *first_row;
    match first_verdict {
        Verdict::Accept(existing) if *existing == h => Verdict::Duplicate { of_row: first_row },
        Verdict::Accept(_) => {
            *first_verdict = Verdict::Reject(vec![Reject::cell(
                first_row,
                Column::IdNumber,
                Text::RejectSameIdDiffers { other_row: row },
                h.id.as_str(),
            )]);
            conflicting(row, first_row, &h)
        }
        _ => conflicting(row, first_row, &h),
    }
}

fn conflicting(row: usize, other_row: usize, h: &Holder) -> Verdict {
    Verdict::Reject(vec![Reject::cell(
        row,
        Column::IdNumber,
        Text::RejectSameIdDiffers { other_row },
        h.id.as_str(),
    )])
}

/// The whole import: read, validate, write (unless a dry run or an atomic import
/// with rejects), and write the rejects file beside the roster.
pub fn import(
    store: &mut Store,
    path: &Path,
    actor: &Actor,
    opts: RosterOptions,
    progress: &dyn Progress,
) -> Result<RosterReport, ImportError> {
    let mut table = table::open(path, &spec()).map_err(ImportError::Table)?;
    progress.start(table.len_hint());
    let rows = table
        .rows()
        .map(|r| r.map(to_input).map_err(ImportError::Table));
    let campaign = store.campaign().clone();
    let verdicts = settle(rows, &campaign, progress)?;
    let (mut report, lines) = write(store, verdicts, actor, opts, &path.display().to_string())?;
    let mut rejects = RejectsFile::new(path, opts.lang);
    rejects.extend(lines);
    report.rejects_file = rejects.write().map_err(ImportError::Rejects)?;
    Ok(report)
}

/// Imports rows that did not come from a file (the demo county); `source` names
/// them in the import log. Returns the report and the rejected lines.
pub fn import_rows(
    store: &mut Store,
    rows: Vec<RowInput>,
    actor: &Actor,
    source: &str,
) -> Result<(RosterReport, Vec<Reject>), ImportError> {
    let campaign = store.campaign().clone();
    let numbered = rows.into_iter().enumerate().map(|(i, r)| Ok((i + 2, r)));
    let verdicts = settle(numbered, &campaign, &super::Silent)?;
    write(store, verdicts, actor, RosterOptions::default(), source)
}

fn write(
    store: &mut Store,
    verdicts: Vec<(usize, Verdict)>,
    actor: &Actor,
    opts: RosterOptions,
    source: &str,
) -> Result<(RosterReport, Vec<Reject>), ImportError> {
    let mut report = RosterReport {
        rows: verdicts.len(),
        ..RosterReport::default()
    };
    let mut rejects = Vec::new();
    let mut accepted = Vec::new();
    for (row, verdict) in verdicts {
        match verdict {
            Verdict::Reject(lines) => {
                report.rejected += 1;
                rejects.extend(lines);
            }
            Verdict::Duplicate { of_row } => {
                report.duplicates += 1;
                rejects.push(Reject::row(row, Text::RejectExactRepeat { of_row }));
            }
            Verdict::Accept(h) => accepted.push((row, h)),
        }
    }
    let mut tx = store.begin()?;
    for (row, h) in &accepted {
        match apply_row(&mut tx, h, actor)? {
            RowResult::Imported => report.imported += 1,
            RowResult::Updated => report.updated += 1,
            RowResult::Unchanged => report.unchanged += 1,
            RowResult::Refused(text) => {
                report.rejected += 1;
                rejects.push(Reject::cell(*row, Column::Basis, text, h.basis.name_zh()));
            }
        }
    }
    rejects.sort_by_key(|r| r.row);
    let write = !opts.dry_run && !(opts.atomic && report.rejected > 0);
    if write {
        tx.record_import_run(
            "roster",
            source,
            actor,
            [
                report.rows,
                report.imported,
                report.updated,
                report.unchanged,
                report.rejected,
                report.duplicates,
            ],
        )?;
        tx.commit()?;
    } else {
        report.nothing_written = true;
    }
    Ok((report, rejects))
}

enum RowResult {
    Imported,
    Updated,
    Unchanged,
    Refused(Text),
}

fn apply_row(tx: &mut Tx<'_>, h: &Holder, actor: &Actor) -> Result<RowResult, StoreError> {
    let Some(old) = holders::load(tx.conn(), &h.id)? else {
        let registered = Event::Registered {
            basis: h.basis,
            category: h.category(),
            grade: h.grade(),
        };
        let case = tx.record_new(h.id.as_str(), actor, &registered)?;
        holders::upsert(tx.conn(), h, case.state.as_str())?;
        return Ok(RowResult::Imported);
    };
    if old == *h {
        return Ok(RowResult::Unchanged);
    }
    let changes: Vec<FieldChange> = old
        .fields()
        .into_iter()
        .zip(h.fields())
        .filter(|(a, b)| a.1 != b.1)
        .map(|((field, old), (_, new))| FieldChange {
            field: field.to_string(),
            old,
            new,
        })
        .collect();
    let reclassified = (old.basis != h.basis || old.cert != h.cert).then(|| Reclassification {
        basis: h.basis,
        category: h.category(),
        grade: h.grade(),
    });
    let event = Event::HolderUpdated {
        changes,
        reclassified,
    };
    match tx.record(h.id.as_str(), actor, &event) {
        Ok(_) => {}
        Err(StoreError::Rule { error, .. }) => return Ok(RowResult::Refused(error.text())),
        Err(e) => return Err(e),
    }
    holders::upsert(tx.conn(), h, "")?;
    Ok(RowResult::Updated)
}
