//! Roster import: validate every row, settle duplicates, then write all accepted
//! rows in one transaction. Re-importing the same file changes nothing.

use std::path::Path;
use std::sync::mpsc;

use serde::Serialize;

use super::rejects::{Reject, RejectsFile};
use super::table::{self, ColumnSpec, RawRow};
use super::{FastMap, FastSet, ImportError, Progress};
use crate::domain::campaign::Campaign;
use crate::domain::case::{Event, Reclassification};
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
    let mut first_row_of: FastMap<IdNumber, usize> = FastMap::default();
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
    let campaign = store.campaign().clone();
    // Reading (decoding, splitting cells) and validating cost about the same: a second
    // thread reads while this one validates, in file order, so the verdicts are the same.
    let verdicts = std::thread::scope(|s| {
        let (send, receive) = mpsc::sync_channel(CHUNKS_AHEAD);
        s.spawn(|| read_chunks(&mut table, send));
        settle(receive.into_iter().flatten(), &campaign, progress)
    })?;
    let (mut report, lines) = write(store, verdicts, actor, opts, &path.display().to_string())?;
    let mut rejects = RejectsFile::new(path, opts.lang);
    rejects.extend(lines);
    report.rejects_file = rejects.write().map_err(ImportError::Rejects)?;
    Ok(report)
}

/// Rows the reading thread hands over at a time, and how many such chunks it may be ahead.
const CHUNK_ROWS: usize = 1024;
const CHUNKS_AHEAD: usize = 4;

type Chunk = Vec<Result<(usize, RowInput), ImportError>>;

/// Reads the table in chunks until it ends, fails (the error is the chunk's last item)
/// or the receiver stops listening.
fn read_chunks(table: &mut table::Table, send: mpsc::SyncSender<Chunk>) {
    let mut rows = table
        .rows()
        .map(|r| r.map(to_input).map_err(ImportError::Table));
    loop {
        let chunk: Chunk = rows.by_ref().take(CHUNK_ROWS).collect();
        if chunk.is_empty() || send.send(chunk).is_err() {
            return;
        }
    }
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
    // In ID order every B-tree insert lands at the end of its index (holder, certificate,
    // event-by-case), which keeps a million-row import out of the disk.
    accepted.sort_unstable_by_key(|(_, h)| h.id);
    if !opts.dry_run && accepted.len() >= BULK_ROWS {
        store.with_rollback_journal(|store| {
            write_action(
                store,
                &accepted,
                &mut report,
                &mut rejects,
                actor,
                opts,
                source,
            )
        })?;
    } else {
        write_action(
            store,
            &accepted,
            &mut report,
            &mut rejects,
            actor,
            opts,
            source,
        )?;
    }
    rejects.sort_by_key(|r| r.row);
    free_aside(accepted);
    Ok((report, rejects))
}

/// Frees a large import's rows on another thread: a million holders are seven million
/// strings, and freeing them took 1.4 s after the commit, with the result already known
/// and the other core idle. Nothing waits for it; a process that ends first frees them
/// all at once.
fn free_aside<T: Send + 'static>(rows: Vec<T>) {
    if rows.len() >= BULK_ROWS {
        std::thread::spawn(move || drop(rows));
    }
}

/// The import's one transaction: new holders registered, changed ones updated, the run
/// logged; committed unless a dry run or an atomic import with rejects.
fn write_action(
    store: &mut Store,
    accepted: &[(usize, Holder)],
    report: &mut RosterReport,
    rejects: &mut Vec<Reject>,
    actor: &Actor,
    opts: RosterOptions,
    source: &str,
) -> Result<(), ImportError> {
    let mut tx = store.begin()?;
    let mut villages = FastSet::default();
    let mut fresh = Vec::new();
    // Into an empty register every row is new: no need to look each one up.
    let on_file = holders::count(tx.conn())?;
    for (row, h) in accepted {
        if villages.insert((h.township.as_str(), h.village.as_str())) {
            holders::ensure_village(tx.conn(), &h.township, &h.village)?;
        }
        let old = if on_file > 0 {
            holders::load(tx.conn(), &h.id)?
        } else {
            None
        };
        match old {
            None => fresh.push(h),
            Some(old) => match update_row(&mut tx, &old, h, actor)? {
                RowResult::Updated => report.updated += 1,
                RowResult::Unchanged => report.unchanged += 1,
                RowResult::Refused(text) => {
                    report.rejected += 1;
                    rejects.push(Reject::cell(*row, Column::Basis, text, h.basis.name_zh()));
                }
            },
        }
    }
    report.imported = fresh.len();

    if fresh.len() >= BULK_ROWS && fresh.len() >= on_file {
        tx.without_indexes(|tx| tx.register_new(&fresh, actor))?;
    } else {
        tx.register_new(&fresh, actor)?;
    }
    let refused_by_atomic = opts.atomic && report.rejected > 0;
    if !opts.dry_run && !refused_by_atomic {
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
    Ok(())
}

/// From this many new holders on, and at least as many as are on file already, the
/// indexes that new rows do not fill in ID order are rebuilt once at the end instead of
/// updated row by row (see [`crate::store::schema::BULK_INDEXES`]). From this many rows
/// to write, the action goes through a rollback journal ([`Store::with_rollback_journal`]).
const BULK_ROWS: usize = 5_000;

enum RowResult {
    Updated,
    Unchanged,
    Refused(Text),
}

fn update_row(
    tx: &mut Tx<'_>,
    old: &Holder,
    h: &Holder,
    actor: &Actor,
) -> Result<RowResult, StoreError> {
    if old == h {
        return Ok(RowResult::Unchanged);
    }
    let changes = holder::changes(old, h);
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
    holders::update(tx.conn(), h)?;
    Ok(RowResult::Updated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::generate::generate_scaled;
    use crate::domain::campaign::Campaign;
    use crate::store::queries;

    fn index_names(store: &Store) -> Vec<String> {
        let mut stmt = store
            .conn()
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn a_bulk_import_rebuilds_every_index_and_stays_queryable() {
        let campaign = Campaign::builtin();
        let mut store = Store::open_in_memory(campaign).unwrap();
        let before = index_names(&store);
        let county = generate_scaled(5, campaign, BULK_ROWS + 100);
        let probe = county.rows[123].clone();
        let (report, rejects) =
            import_rows(&mut store, county.rows, &Actor::now("t"), "bulk").unwrap();
        assert!(rejects.is_empty());
        assert!(report.imported >= BULK_ROWS, "{report:?}");
        assert_eq!(index_names(&store), before);
        let pragma = |name| -> i64 {
            store
                .conn()
                .pragma_query_value(None, name, |r| r.get(0))
                .unwrap()
        };
        assert_eq!((pragma("cache_size"), pragma("threads")), (-65_536, 0));
        let cert = probe.get(Column::CertNumber);
        let found = crate::store::holders::find(store.conn(), cert)
            .unwrap()
            .unwrap();
        assert_eq!(found.name, probe.get(Column::Name));
        let plan: String = store
            .conn()
            .query_row(
                "EXPLAIN QUERY PLAN SELECT * FROM event WHERE case_id = ?1",
                [&found.id_number],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("event_case"), "{plan}");
        let stats = queries::stats(store.conn()).unwrap();
        assert_eq!(stats.cases as usize, report.imported);
    }

    /// Rows are read on another thread: a file that turns out not to be UTF-8 far
    /// down, in a later chunk, still fails the whole import and writes nothing.
    #[test]
    fn a_bad_line_in_a_later_chunk_fails_the_import_and_writes_nothing() {
        let campaign = Campaign::builtin();
        let county = generate_scaled(7, campaign, 9_000);
        let mut csv = Column::ALL.map(Column::header_zh).join(",") + "\n";
        for r in &county.rows {
            csv += &(Column::ALL.map(|c| r.get(c)).join(",") + "\n");
        }
        assert!(csv.len() > 1 << 20 && county.rows.len() > 3 * CHUNK_ROWS);
        let mut bytes = csv.into_bytes();
        bytes.extend_from_slice(b"\xd5\xc5,530323198001010191\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("roster.csv");
        std::fs::write(&path, bytes).unwrap();
        let mut store = Store::open(&dir.path().join("hz.db"), campaign).unwrap();
        let err = import(
            &mut store,
            &path,
            &Actor::now("t"),
            RosterOptions::default(),
            &super::super::Silent,
        )
        .unwrap_err();
        let line = county.rows.len() + 2;
        assert!(
            matches!(&err, ImportError::Table(table::TableError::Encoding { line: Some(l), .. }) if *l == line),
            "{err:?}"
        );
        assert_eq!(queries::stats(store.conn()).unwrap().cases, 0);
    }

    fn journal_mode(store: &Store) -> String {
        store
            .conn()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap()
    }

    fn wal_len(db: &Path) -> u64 {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        std::fs::metadata(wal).map_or(0, |m| m.len())
    }

    /// Through the WAL, the pages of a bulk import would be in the log as well (a few MB
    /// here); through a rollback journal they go to the database only.
    #[test]
    fn a_bulk_import_into_a_file_bypasses_the_wal_and_leaves_wal_mode_on() {
        let campaign = Campaign::builtin();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("hz.db");
        let mut store = Store::open(&db, campaign).unwrap();
        let county = generate_scaled(3, campaign, BULK_ROWS + 100);
        let rows = county.rows.len();
        let (report, _) = import_rows(&mut store, county.rows, &Actor::now("t"), "bulk").unwrap();
        assert_eq!(report.imported, rows);
        assert_eq!(journal_mode(&store), "wal");
        assert!(
            wal_len(&db) < 64 * 1024,
            "{} bytes in the WAL",
            wal_len(&db)
        );
        drop(store);
        let store = Store::open(&db, campaign).unwrap();
        assert_eq!(queries::stats(store.conn()).unwrap().cases as usize, rows);
    }

    /// Another connection (the TUI, say) keeps the database in WAL mode: the import
    /// goes through the WAL and the other connection sees it.
    #[test]
    fn a_bulk_import_beside_another_connection_goes_through_the_wal() {
        let campaign = Campaign::builtin();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("hz.db");
        let other = Store::open(&db, campaign).unwrap();
        let mut store = Store::open(&db, campaign).unwrap();
        let county = generate_scaled(4, campaign, BULK_ROWS + 100);
        let rows = county.rows.len();
        let (report, _) = import_rows(&mut store, county.rows, &Actor::now("t"), "bulk").unwrap();
        assert_eq!(report.imported, rows);
        assert_eq!(journal_mode(&store), "wal");
        assert!(
            wal_len(&db) > 64 * 1024,
            "{} bytes in the WAL",
            wal_len(&db)
        );
        assert_eq!(queries::stats(other.conn()).unwrap().cases as usize, rows);
    }
}
