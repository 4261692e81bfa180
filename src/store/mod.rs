//! The database: SQLite in WAL mode, numbered migrations, the append-only event log.
//! All SQL lives under this module; callers get plain Rust values.

pub mod audit;
pub mod backup;
pub mod cipher;
pub mod handover;
pub mod holders;
pub mod notices;
pub mod operators;
pub mod plan;
pub mod print;
pub mod public_notice;
pub mod queries;
pub mod routes;
pub mod schema;
pub mod statements;
pub mod worker;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use ulid::{Generator, Ulid};

use crate::domain::campaign::Campaign;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::domain::case::{Basis, Case, Event, RuleError};
use crate::domain::holder::Holder;
use crate::domain::ids::{Category, Grade};
use crate::i18n::Text;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("数据库升级失败：{0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("事件数据损坏：{0}")]
    Json(#[from] serde_json::Error),
    #[error("{case}: {error}")]
    Rule { case: String, error: RuleError },
    #[error("event log of {case} is inconsistent at event {index}: {error}")]
    Corrupt {
        case: String,
        index: usize,
        error: RuleError,
    },
    #[error("找不到此人")]
    NotFound { key: String },
    /// The rules refuse the action; the text says why and what to do.
    #[error("{0}")]
    Refused(Text),
}

impl StoreError {
    /// What to tell the clerk, with what to do next.
    pub fn text(&self) -> Text {
        use rusqlite::ErrorCode as C;
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => match e.code {
                C::DiskFull => Text::DbDiskFull,
                C::ReadOnly | C::CannotOpen | C::PermissionDenied => Text::DbReadOnly,
                C::DatabaseBusy | C::DatabaseLocked => Text::DbBusy,
                C::NotADatabase | C::DatabaseCorrupt => Text::DbNotADatabase,
                _ => Text::DbOther {
                    detail: self.to_string(),
                },
            },
            StoreError::Rule { error, .. } => error.text(),
            StoreError::NotFound { key } => Text::PersonNotFound { key: key.clone() },
            StoreError::Refused(text) => text.clone(),
            StoreError::Migration(e) => Text::DbMigration {
                detail: e.to_string(),
            },
            other => Text::DbOther {
                detail: other.to_string(),
            },
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Where the database lives when neither `--db` nor `$HUANZHENG_DB` says.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("cn", "huanzheng", "huanzheng")
        .map(|d| d.data_dir().join("huanzheng.db"))
}

pub struct Store {
    conn: Connection,
    device: String,
    ids: Generator,
    campaign: Campaign,
    /// The passphrase of an encrypted database, for the copies it takes (never stored).
    key: Option<cipher::Key>,
}

impl Store {
    /// Opens (creating if needed) and upgrades the database at `path`.
    pub fn open(path: &Path, campaign: &Campaign) -> Result<Store> {
        Store::open_with_key(path, campaign, None)
    }

    /// [`Store::open`] for a database that may be encrypted: `key` opens it (and a new
    /// file is created encrypted with it). Without a key, an encrypted file is refused
    /// with a message that asks for its passphrase.
    pub fn open_with_key(
        path: &Path,
        campaign: &Campaign,
        key: Option<&cipher::Key>,
    ) -> Result<Store> {
        if key.is_none() && cipher::is_encrypted(path) {
            return Err(StoreError::Refused(Text::DbEncrypted {
                path: path.display().to_string(),
            }));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                    Some(format!("{}: {e}", dir.display())),
                ))
            })?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        match key {
            Some(key) => cipher::unlock(&conn, key)?,
            None => cipher::quiet(&conn)?,
        }
        let mut store = Store::init(conn, campaign)?;
        store.key = key.cloned();
        Ok(store)
    }

    pub fn open_in_memory(campaign: &Campaign) -> Result<Store> {
        Store::init(Connection::open_in_memory()?, campaign)
    }

    fn init(mut conn: Connection, campaign: &Campaign) -> Result<Store> {
        // WAL for concurrent readers; FULL so a confirmed action survives a power cut.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // 64 MiB of page cache: the whole county's working set stays in memory.
        conn.pragma_update(None, "cache_size", -65_536)?;
        // Statement journals in memory: an upsert's undo pages never touch the disk.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Migrations run with foreign keys off, as SQLite's table rebuild procedure asks
        // (a rebuilt holder table is dropped while statements point at it); each step
        // checks the keys before it commits. Then they are enforced for everything else.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        schema::migrations().to_latest(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let device = ensure_device_and_townships(&mut conn, campaign)?;
        Ok(Store {
            conn,
            device,
            ids: Generator::new(),
            campaign: campaign.clone(),
            key: None,
        })
    }

    /// The passphrase this database was opened with, if it is encrypted.
    pub fn key(&self) -> Option<&cipher::Key> {
        self.key.as_ref()
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// For the backup API, which writes into a connection it holds exclusively.
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn device(&self) -> &str {
        &self.device
    }

    /// The database file, if not in memory.
    pub fn path(&self) -> Option<String> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(str::to_string)
    }

    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    /// Starts one user action. Nothing is visible to anyone until [`Tx::commit`].
    pub fn begin(&mut self) -> Result<Tx<'_>> {
        let tx = self.conn.transaction()?;
        Ok(Tx {
            tx,
            device: &self.device,
            ids: &mut self.ids,
            campaign: &self.campaign,
        })
    }

    /// Runs `action` with the database in rollback-journal mode instead of WAL, if this is
    /// the only connection to the file, and puts it back in WAL mode afterwards.
    ///
    /// For a bulk insert into a file that is mostly new pages: a rollback journal keeps
    /// only the old content of pages that already existed, so appended pages are written
    /// once, into the database; through the WAL every page is written twice, into the log
    /// and then into the database by the checkpoint that follows the commit. Atomicity and
    /// durability are those of SQLite's rollback journal with synchronous FULL: a crash
    /// leaves a hot journal that the next open rolls back (and `init` sets WAL again).
    /// The cost: while the action writes, other connections cannot read the file (they
    /// wait, then get "busy"). With another connection open the mode cannot change, and
    /// `action` simply runs in WAL mode; an in-memory database is left alone.
    pub fn with_rollback_journal<T, E: From<StoreError>>(
        &mut self,
        action: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let switched = self.journal_mode()? == "wal" && self.set_journal_mode("delete")?;
        let out = action(self);
        if switched {
            // Failing here (another connection appeared and holds a lock) is harmless: the
            // action is over, and the next open of the file sets WAL again.
            let _ = self.set_journal_mode("wal");
        }
        out
    }

    fn journal_mode(&self) -> Result<String> {
        Ok(self
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))?)
    }

    /// Whether the mode is now `mode`; false when another connection prevents the change.
    fn set_journal_mode(&self, mode: &str) -> Result<bool> {
        match self
            .conn
            .pragma_update_and_check(None, "journal_mode", mode, |r| r.get::<_, String>(0))
        {
            Ok(now) => Ok(now.eq_ignore_ascii_case(mode)),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(e.into()),
        }
    }

    pub fn schema_version(&self) -> Result<usize> {
        let v: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok(v as usize)
    }
}

/// This laptop's device id, and the campaign's townships in the table. Usually both are
/// there already and nothing is written; otherwise it is one transaction, so one sync of
/// the log instead of one per row.
fn ensure_device_and_townships(conn: &mut Connection, campaign: &Campaign) -> Result<String> {
    if let (Some(id), []) = (local_device(conn)?, &changed_townships(conn, campaign)?[..]) {
        return Ok(id);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let id = match local_device(&tx)? {
        Some(id) => id,
        None => {
            let id = Ulid::new().to_string();
            let name = std::env::var("HOSTNAME").unwrap_or_else(|_| "laptop".to_string());
            tx.execute(
                "INSERT INTO device (id, name, created_at, is_local) VALUES (?1, ?2, ?3, 1)",
                params![id, name, timestamp(Utc::now())],
            )?;
            id
        }
    };
    let mut stmt = tx.prepare(
        "INSERT INTO township (code, name, site) VALUES (?1, ?2, ?3)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, site = excluded.site",
    )?;
    for t in changed_townships(&tx, campaign)? {
        stmt.execute(params![t.code, t.name, t.site])?;
    }
    drop(stmt);
    tx.commit()?;
    Ok(id)
}

fn local_device(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT id FROM device WHERE is_local = 1", [], |r| r.get(0))
        .optional()?)
}

/// The campaign's townships that the table lacks or has with another name or site.
fn changed_townships<'c>(
    conn: &Connection,
    campaign: &'c Campaign,
) -> Result<Vec<&'c crate::domain::campaign::Township>> {
    let mut stmt = conn.prepare("SELECT code, name, site FROM township")?;
    let stored: std::collections::HashSet<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(campaign
        .townships
        .iter()
        .filter(|t| !stored.contains(&(t.code.clone(), t.name.clone(), t.site.clone())))
        .collect())
}

pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

type RegisteredKey = (Basis, Option<Category>, Option<Grade>);

/// Page cache while indexes are rebuilt (negative: KiB), which bounds SQLite's sort runs.
const REBUILD_CACHE_KIB: i64 = -16_384;

/// The case id of events about no one case; no ID number is ever this.
pub const NOT_A_CASE: &str = "*";

/// Who did it and when; every event carries it.
#[derive(Debug, Clone)]
pub struct Actor {
    pub operator: String,
    pub at: DateTime<Utc>,
    pub day: NaiveDate,
}

impl Actor {
    pub fn now(operator: &str) -> Actor {
        let at = Utc::now();
        Actor {
            operator: operator.to_string(),
            at,
            day: at.with_timezone(&Local).date_naive(),
        }
    }

    pub fn on(operator: &str, day: NaiveDate) -> Actor {
        Actor {
            operator: operator.to_string(),
            at: Utc::now(),
            day,
        }
    }
}

/// One user action: one SQLite transaction. Dropped without commit, it rolls back.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    device: &'a str,
    ids: &'a mut Generator,
    campaign: &'a Campaign,
}

impl Tx<'_> {
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }

    /// Records `event` for the case of `id_number` if the rules allow it, and
    /// returns the case as it now stands.
    pub fn record(&mut self, id_number: &str, actor: &Actor, event: &Event) -> Result<Case> {
        self.record_returning_id(id_number, actor, event)
            .map(|(case, _)| case)
    }

    /// [`Tx::record`], also giving the new event's id (for rows that point at it).
    pub fn record_returning_id(
        &mut self,
        id_number: &str,
        actor: &Actor,
        event: &Event,
    ) -> Result<(Case, String)> {
        let (case, last_id) = load_case(&self.tx, id_number, self.campaign)?;
        let case = match case {
            Some(c) => c.apply(actor.day, event, self.campaign),
            None => Case::register(event),
        }
        .map_err(|error| StoreError::Rule {
            case: id_number.to_string(),
            error,
        })?;
        let id = self.next_id(last_id.as_deref());
        insert_event(&self.tx, &id, self.device, actor, id_number, event)?;
        let checked_in = matches!(event, Event::CheckedIn { .. }).then(|| timestamp(actor.at));
        project(&self.tx, id_number, &case, checked_in.as_deref())?;
        Ok((case, id))
    }

    /// Records something done that is about no one case (an export of personal data,
    /// say): an event of `kind` with `data`, under the case id [`NOT_A_CASE`], on the
    /// same hash chain as every other event.
    pub fn note(&mut self, actor: &Actor, kind: &str, data: &serde_json::Value) -> Result<String> {
        let id = self.next_id(None);
        insert_raw(
            &self.tx,
            &id,
            self.device,
            actor,
            NOT_A_CASE,
            kind,
            &data.to_string(),
        )?;
        Ok(id)
    }

    /// Runs `work` with the bulk-rebuildable indexes dropped, then rebuilds them, all
    /// inside this action's transaction. Only for inserts that never read by those
    /// indexes (new holders and their first events).
    pub(crate) fn without_indexes<T>(
        &mut self,
        work: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        for (name, _) in schema::BULK_INDEXES {
            self.tx.execute_batch(&format!("DROP INDEX {name}"))?;
        }
        let out = work(self)?;
        // SQLite sorts each index's keys in runs of at most the page cache's size; with a
        // smaller cache for the rebuild and a second thread, one run is sorted while the
        // next is read (1M rows: rebuild 7.8 -> 7.0 s, import 24.9 -> 22.6 s, medians).
        let (cache, threads) = (self.pragma_i64("cache_size")?, self.pragma_i64("threads")?);
        self.tx
            .pragma_update(None, "cache_size", REBUILD_CACHE_KIB)?;
        self.tx.pragma_update(None, "threads", 2)?;
        let rebuilt = schema::BULK_INDEXES
            .iter()
            .try_for_each(|(_, sql)| self.tx.execute_batch(sql));
        self.tx.pragma_update(None, "threads", threads)?;
        self.tx.pragma_update(None, "cache_size", cache)?;
        rebuilt?;
        Ok(out)
    }

    fn pragma_i64(&self, name: &str) -> Result<i64> {
        Ok(self.tx.pragma_query_value(None, name, |r| r.get(0))?)
    }

    /// Registers holders not on file yet: for each, its first event (Registered) and its
    /// holder row with the case state that event gives, as multi-row INSERTs. The log is
    /// not read: the caller knows none of them is on file. In ID order, every index on the
    /// ID only ever appends.
    pub(crate) fn register_new(&mut self, holders: &[&Holder], actor: &Actor) -> Result<()> {
        // Who, when and on which day are the same for every event of the action; the
        // event and the state it leads to depend only on basis, category and grade.
        let (at, day) = (timestamp(actor.at), actor.day.to_string());
        let mut kinds: HashMap<RegisteredKey, usize> = HashMap::new();
        let mut registered: Vec<(String, &'static str)> = Vec::new();
        let mut of_row = Vec::with_capacity(holders.len());
        let mut kind = "";
        for h in holders {
            let key = (h.basis, h.category(), h.grade());
            let index = match kinds.entry(key) {
                Entry::Occupied(e) => *e.get(),
                Entry::Vacant(e) => {
                    let event = Event::Registered {
                        basis: h.basis,
                        category: h.category(),
                        grade: h.grade(),
                    };
                    let case = Case::register(&event).map_err(|error| StoreError::Rule {
                        case: h.id.to_string(),
                        error,
                    })?;
                    kind = event.kind();
                    registered.push((serde_json::to_string(&event)?, case.state.as_str()));
                    *e.insert(registered.len() - 1)
                }
            };
            of_row.push((self.next_id(None), index));
        }
        let events: Vec<(String, &str, &str)> = holders
            .iter()
            .zip(of_row.iter_mut())
            .map(|(h, (id, index))| {
                (
                    std::mem::take(id),
                    h.id.as_str(),
                    registered[*index].0.as_str(),
                )
            })
            .collect();
        let rows: Vec<(&Holder, &str)> = holders
            .iter()
            .zip(&of_row)
            .map(|(h, (_, index))| (*h, registered[*index].1))
            .collect();
        insert_events(
            &self.tx,
            self.device,
            &at,
            &day,
            &actor.operator,
            kind,
            &events,
        )?;
        holders::insert_many(&self.tx, &rows)
    }

    /// A ULID later than this device's previous one and later than the case's last
    /// event, even if this laptop's clock is behind the one that wrote that event.
    fn next_id(&mut self, after: Option<&str>) -> String {
        let mut id = self.ids.generate().unwrap_or_else(|_| Ulid::new());
        if let Some(last) = after.and_then(|s| Ulid::from_string(s).ok())
            && id <= last
        {
            id = last.increment().unwrap_or(last);
        }
        id.to_string()
    }

    pub fn device(&self) -> &str {
        self.device
    }

    /// Notes an import run: file, who, and what it did (rows, imported, updated,
    /// unchanged, rejected, duplicates).
    pub fn record_import_run(
        &self,
        kind: &str,
        file: &str,
        actor: &Actor,
        counts: [usize; 6],
    ) -> Result<()> {
        let id = Ulid::new().to_string();
        let c = counts.map(|n| n as i64);
        self.tx.execute(
            "INSERT INTO import_run (id, device, at, operator, kind, file, rows, imported, updated,
                                     unchanged, rejected, duplicates)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                id,
                self.device,
                timestamp(actor.at),
                actor.operator,
                kind,
                file,
                c[0],
                c[1],
                c[2],
                c[3],
                c[4],
                c[5]
            ],
        )?;
        Ok(())
    }
}

/// Writes what the screens list by (state, where and when expected) from the case.
/// `checked_in_at` is the time of a check-in just recorded; otherwise the stored time
/// is kept while the person is still waiting and cleared when they are not.
fn project(
    conn: &Connection,
    id_number: &str,
    case: &Case,
    checked_in_at: Option<&str>,
) -> Result<()> {
    let s = case.schedule.as_ref();
    let half = s.map(|s| match s.half_day {
        crate::domain::case::HalfDay::Am => "am",
        crate::domain::case::HalfDay::Pm => "pm",
    });
    let waiting = case.state == crate::domain::case::State::Waiting;
    conn.prepare_cached(
        "UPDATE holder SET state = ?2, site = ?3, sched_date = ?4, half_day = ?5,
                home_visit = ?6, walk_in = ?7,
                checked_in_at = CASE WHEN ?8 THEN COALESCE(?9, checked_in_at) END,
                home_lat = ?10, home_lon = ?11, visit_window = ?12
         WHERE id_number = ?1",
    )?
    .execute(params![
        id_number,
        case.state.as_str(),
        s.map(|s| s.site.as_str()),
        s.map(|s| s.date.to_string()),
        half,
        s.is_some_and(|s| s.home_visit),
        case.walk_in,
        waiting,
        checked_in_at,
        case.home_place.map(|p| p.lat()),
        case.home_place.map(|p| p.lon()),
        case.visit_window.map(|w| w.to_string()),
    ])?;
    Ok(())
}

fn insert_event(
    conn: &Connection,
    id: &str,
    device: &str,
    actor: &Actor,
    case_id: &str,
    event: &Event,
) -> Result<()> {
    let data = serde_json::to_string(event)?;
    insert_raw(conn, id, device, actor, case_id, event.kind(), &data)
}

/// Appends one event row, chained onto the device's hash chain.
fn insert_raw(
    conn: &Connection,
    id: &str,
    device: &str,
    actor: &Actor,
    case_id: &str,
    kind: &str,
    data: &str,
) -> Result<()> {
    let head = audit::head(conn, device)?;
    let (at, day) = (timestamp(actor.at), actor.day.to_string());
    let content = audit::Content {
        id,
        device,
        seq: head.seq + 1,
        at: &at,
        day: &day,
        operator: &actor.operator,
        case_id,
        kind,
        data,
    };
    let link = head.append(&content);
    let mut stmt = conn.prepare_cached(
        "INSERT INTO event (id, device, at, day, operator, case_id, kind, data, seq, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    stmt.execute(params![
        id,
        device,
        at,
        day,
        actor.operator,
        case_id,
        kind,
        data,
        link.seq,
        &link.hash[..],
    ])?;
    Ok(())
}

/// Inserts events of one kind recorded by one action: (id, case, data) each, chained
/// in this order onto the device's hash chain.
fn insert_events(
    conn: &Connection,
    device: &str,
    at: &str,
    day: &str,
    operator: &str,
    kind: &str,
    events: &[(String, &str, &str)],
) -> Result<()> {
    // ?1 … ?5 are shared by every row; each row adds its id, case, data, seq and hash.
    const PER_ROW: usize = 5;
    let sql = |rows: usize| {
        let mut sql = String::from(
            "INSERT INTO event (id, device, at, day, operator, case_id, kind, data, seq, hash) VALUES ",
        );
        for r in 0..rows {
            let p = 6 + PER_ROW * r;
            let sep = if r == 0 { "" } else { ", " };
            sql.push_str(&format!(
                "{sep}(?{p}, ?1, ?2, ?3, ?4, ?{}, ?5, ?{}, ?{}, ?{})",
                p + 1,
                p + 2,
                p + 3,
                p + 4
            ));
        }
        sql
    };
    let mut head = audit::head(conn, device)?;
    let mut full = None;
    for chunk in events.chunks(holders::BATCH_ROWS) {
        let mut tail;
        let stmt = if chunk.len() == holders::BATCH_ROWS {
            match &mut full {
                Some(stmt) => stmt,
                None => full.insert(conn.prepare(&sql(holders::BATCH_ROWS))?),
            }
        } else {
            tail = conn.prepare(&sql(chunk.len()))?;
            &mut tail
        };
        stmt.raw_bind_parameter(1, device)?;
        stmt.raw_bind_parameter(2, at)?;
        stmt.raw_bind_parameter(3, day)?;
        stmt.raw_bind_parameter(4, operator)?;
        stmt.raw_bind_parameter(5, kind)?;
        for (r, (id, case_id, data)) in chunk.iter().enumerate() {
            head = head.append(&audit::Content {
                id,
                device,
                seq: head.seq + 1,
                at,
                day,
                operator,
                case_id,
                kind,
                data,
            });
            let p = 6 + PER_ROW * r;
            stmt.raw_bind_parameter(p, id)?;
            stmt.raw_bind_parameter(p + 1, case_id)?;
            stmt.raw_bind_parameter(p + 2, data)?;
            stmt.raw_bind_parameter(p + 3, head.seq)?;
            stmt.raw_bind_parameter(p + 4, &head.hash[..])?;
        }
        stmt.raw_execute()?;
    }
    Ok(())
}

/// A stored event with who recorded it, when and where.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredEvent {
    pub id: String,
    pub device: String,
    pub at: String,
    pub day: NaiveDate,
    pub operator: String,
    pub event: Event,
}

pub fn case_events(conn: &Connection, id_number: &str) -> Result<Vec<StoredEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, device, at, day, operator, data FROM event WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id_number], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, NaiveDate>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, device, at, day, operator, data) = row?;
        out.push(StoredEvent {
            id,
            device,
            at,
            day,
            operator,
            event: serde_json::from_str(&data)?,
        });
    }
    Ok(out)
}

/// Folds the case from its log; None if nothing was ever recorded for it.
fn load_case(
    conn: &Connection,
    id_number: &str,
    rules: &Campaign,
) -> Result<(Option<Case>, Option<String>)> {
    let events = case_events(conn, id_number)?;
    if events.is_empty() {
        return Ok((None, None));
    }
    let case = Case::derive(events.iter().map(|e| (e.day, &e.event)), rules).map_err(
        |(index, error)| StoreError::Corrupt {
            case: id_number.to_string(),
            index,
            error,
        },
    )?;
    Ok((Some(case), events.last().map(|e| e.id.clone())))
}

/// The case of one person as its events make it.
pub fn derive_case(store: &Store, id_number: &str) -> Result<Option<Case>> {
    Ok(load_case(&store.conn, id_number, &store.campaign)?.0)
}

/// As [`derive_case`], inside an action, seeing its uncommitted events.
pub fn derive_case_tx(tx: &Tx<'_>, id_number: &str) -> Result<Option<Case>> {
    Ok(load_case(&tx.tx, id_number, tx.campaign)?.0)
}

/// Re-folds every case from the log and rewrites the cached `holder.state`; returns
/// how many cached states were wrong (after a merge of logs, or ever).
pub fn rebuild_states(store: &mut Store) -> Result<usize> {
    let ids: Vec<String> = {
        let mut stmt = store.conn.prepare("SELECT id_number FROM holder")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let tx = store.conn.transaction()?;
    let mut fixed = 0;
    for id in ids {
        let events = case_events(&tx, &id)?;
        let (case, _) = load_case(&tx, &id, &store.campaign)?;
        let Some(case) = case else { continue };
        let cached: String = tx.query_row(
            "SELECT state FROM holder WHERE id_number = ?1",
            [&id],
            |r| r.get(0),
        )?;
        fixed += usize::from(cached != case.state.as_str());
        let checked_in = events
            .iter()
            .rev()
            .find(|e| matches!(e.event, Event::CheckedIn { .. }))
            .map(|e| e.at.clone());
        project(&tx, &id, &case, checked_in.as_deref())?;
    }
    tx.commit()?;
    Ok(fixed)
}

#[cfg(test)]
mod backup_tests;
#[cfg(test)]
mod tests;
