//! Backups through SQLite's online backup API: a consistent copy of the live database
//! taken page by page while it stays open, checked before it counts.
//!
//! The program keeps rotating copies next to the database (`<name>-backups/`): at start,
//! at quit and every few minutes while changes are being made. `huanzheng backup` writes
//! one on demand; `huanzheng restore FILE` checks a copy first (integrity, the audit
//! chain) and keeps the current database aside before it replaces it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Local};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::audit::{self, Verification};
use super::cipher::{self, Key};
use super::{Result, Store, StoreError};
use crate::domain::campaign::Campaign;
use crate::i18n::Text;

/// Copies kept in the rotation; the oldest goes first.
pub const KEEP: usize = 20;

/// Minutes between automatic copies while changes are being made.
pub const EVERY: Duration = Duration::from_secs(10 * 60);

/// Why a copy was taken; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Start,
    Periodic,
    Quit,
    Manual,
    BeforeRestore,
}

impl Reason {
    fn tag(self) -> &'static str {
        match self {
            Reason::Start => "start",
            Reason::Periodic => "auto",
            Reason::Quit => "quit",
            Reason::Manual => "manual",
            Reason::BeforeRestore => "before-restore",
        }
    }
}

/// Where the rotating copies of the database at `db` live.
pub fn dir_for(db: &Path) -> PathBuf {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "huanzheng".into());
    db.with_file_name(format!("{stem}-backups"))
}

/// Copies the open database to `dest` (replacing it) with the online backup API,
/// through a temporary file renamed into place only once the copy is whole and its
/// integrity check passes: a crash or a full disk never leaves a half copy under the
/// final name.
pub fn copy_to(conn: &Connection, dest: &Path, key: Option<&Key>) -> Result<()> {
    let dir = dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".copy-")
        .suffix(".db")
        .tempfile_in(dir)
        .map_err(|e| io_error(dir, &e))?;
    {
        let mut out = Connection::open(tmp.path())?;
        // An encrypted database's copy is encrypted with the same key (SQLCipher's
        // backup copies pages between databases of the same key only).
        cipher::key_copy(&out, key)?;
        let backup = Backup::new(conn, &mut out)?;
        // Whole steps of 256 pages, no pause: the copy holds the read lock briefly
        // per step, and the interface never waits on this thread anyway.
        backup.run_to_completion(256, Duration::ZERO, None)?;
        drop(backup);
        out.pragma_update(None, "journal_mode", "DELETE")?;
        let ok = integrity(&out)?;
        if ok != "ok" {
            return Err(StoreError::Refused(Text::BackupCorrupt {
                path: dest.display().to_string(),
                detail: ok,
            }));
        }
    }
    tmp.persist(dest).map_err(|e| io_error(dest, &e.error))?;
    Ok(())
}

fn io_error(path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Refused(Text::BackupIo {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

fn integrity(conn: &Connection) -> Result<String> {
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows.join("; "))
}

/// Takes a copy into the rotation and drops the oldest beyond [`KEEP`]. Returns its path.
pub fn rotate(store: &Store, reason: Reason, now: DateTime<Local>) -> Result<PathBuf> {
    let Some(db) = store.path() else {
        return Err(StoreError::Refused(Text::BackupInMemory));
    };
    let db = PathBuf::from(db);
    let dir = dir_for(&db);
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut dest = dir.join(format!(
        "{stem}-{}-{}.db",
        now.format("%Y%m%d-%H%M%S"),
        reason.tag()
    ));
    // Two copies within one second (a quick quit after start) keep both.
    let mut n = 1;
    while dest.exists() {
        n += 1;
        dest = dir.join(format!(
            "{stem}-{}-{}-{n}.db",
            now.format("%Y%m%d-%H%M%S"),
            reason.tag()
        ));
    }
    copy_to(store.conn(), &dest, store.key())?;
    prune(&dir, KEEP)?;
    Ok(dest)
}

/// The rotating copies, oldest first (their names start with the time).
pub fn list(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|x| x == "db")
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default();
    // One database's copies share the prefix; the time follows it.
    files.sort();
    files
}

fn prune(dir: &Path, keep: usize) -> Result<()> {
    let files = list(dir);
    if files.len() > keep {
        for old in &files[..files.len() - keep] {
            std::fs::remove_file(old).map_err(|e| io_error(old, &e))?;
        }
    }
    Ok(())
}

/// What checking a copy found.
#[derive(Debug, Clone)]
pub struct Checked {
    pub events: i64,
    pub audit: Verification,
}

/// Checks a copy before it may replace the database: SQLite's integrity check, then
/// (on a scratch copy brought to this version) the audit chain. Refuses with the reason.
/// An encrypted copy needs `key` (the database's passphrase; copies share it).
pub fn check(file: &Path, campaign: &Campaign, key: Option<&Key>) -> Result<Checked> {
    if !file.exists() {
        return Err(StoreError::Refused(Text::FileMissing {
            path: file.display().to_string(),
        }));
    }
    let key = key_for(file, key)?;
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    match key {
        Some(key) => cipher::unlock(&conn, key)?,
        None => cipher::quiet(&conn)?,
    }
    let ok = integrity(&conn).map_err(|_| {
        StoreError::Refused(Text::RestoreNotADatabase {
            path: file.display().to_string(),
        })
    })?;
    if ok != "ok" {
        return Err(StoreError::Refused(Text::BackupCorrupt {
            path: file.display().to_string(),
            detail: ok,
        }));
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > super::schema::STEPS.len() as i64 {
        return Err(StoreError::Refused(Text::RestoreNewer {
            path: file.display().to_string(),
        }));
    }
    if version == 0 {
        return Err(StoreError::Refused(Text::RestoreNotADatabase {
            path: file.display().to_string(),
        }));
    }
    // An older copy is upgraded (and its log chained) on a scratch copy, never in place.
    let scratch = tempfile::tempdir().map_err(|e| io_error(Path::new("/tmp"), &e))?;
    let path = scratch.path().join("check.db");
    copy_to(&conn, &path, key)?;
    drop(conn);
    let copy = Store::open_with_key(&path, campaign, key)?;
    let audit = audit::verify(copy.conn())?;
    if let Some(b) = audit.broken.first() {
        return Err(StoreError::Refused(Text::RestoreBrokenChain {
            path: file.display().to_string(),
            event: b.event_id.clone(),
        }));
    }
    Ok(Checked {
        events: audit.events(),
        audit,
    })
}

/// The key an encrypted `file` needs; none for a plain one. An encrypted file without
/// a key is refused with a message that asks for the passphrase.
fn key_for<'k>(file: &Path, key: Option<&'k Key>) -> Result<Option<&'k Key>> {
    if !cipher::is_encrypted(file) {
        return Ok(None);
    }
    match key {
        Some(key) => Ok(Some(key)),
        None => Err(StoreError::Refused(Text::DbEncrypted {
            path: file.display().to_string(),
        })),
    }
}

/// Removes the plain (unencrypted) copies from a backup folder, once the database has
/// been encrypted: they would keep everyone's data readable. Returns how many.
pub fn remove_plain(dir: &Path) -> Result<usize> {
    let mut removed = 0;
    for file in list(dir) {
        if !cipher::is_encrypted(&file) {
            std::fs::remove_file(&file).map_err(|e| io_error(&file, &e))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    pub events: i64,
    /// The database as it was just before, kept aside (none if there was none).
    pub kept: Option<PathBuf>,
}

/// Replaces the database at `db` with the copy `file` after [`check`] passes; the
/// current database, if any, is first copied aside into its backup directory.
/// An encrypted copy restores only over an encrypted database (same passphrase, `key`)
/// or where there is none; a plain copy only over a plain database.
pub fn restore(db: &Path, file: &Path, campaign: &Campaign, key: Option<&Key>) -> Result<Restored> {
    let checked = check(file, campaign, key)?;
    let key = key_for(file, key)?;
    if db.exists() && cipher::is_encrypted(db) != key.is_some() {
        return Err(StoreError::Refused(Text::RestoreCipherMismatch {
            path: file.display().to_string(),
        }));
    }
    let src = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    match key {
        Some(key) => cipher::unlock(&src, key)?,
        None => cipher::quiet(&src)?,
    }
    let kept = if db.exists() {
        let mut store = Store::open_with_key(db, campaign, key)?;
        let kept = rotate(&store, Reason::BeforeRestore, Local::now())?;
        let backup = Backup::new(&src, store.conn_mut())?;
        backup.run_to_completion(256, Duration::ZERO, None)?;
        Some(kept)
    } else {
        copy_to(&src, db, key)?;
        None
    };
    drop(src);
    // Reopen: an older copy is upgraded to this version like any old database.
    Store::open_with_key(db, campaign, key)?;
    Ok(Restored {
        events: checked.events,
        kept,
    })
}

/// The worker's automatic copies: at start, every [`EVERY`] while changes were made,
/// and at quit if anything changed since the last one.
pub struct Schedule {
    every: Duration,
    last: Instant,
    changes_at_last: u64,
}

impl Schedule {
    /// Takes the copy at start. A database without a file (tests) is never copied.
    pub fn start(store: &Store, every: Duration) -> (Schedule, Option<Result<PathBuf>>) {
        let s = Schedule {
            every,
            last: Instant::now(),
            changes_at_last: store.conn().total_changes(),
        };
        let first = store
            .path()
            .map(|_| rotate(store, Reason::Start, Local::now()));
        (s, first)
    }

    /// How long the worker may wait for a request before [`Schedule::tick`] is due.
    pub fn wait(&self) -> Duration {
        self.every.saturating_sub(self.last.elapsed())
    }

    fn changed(&self, store: &Store) -> bool {
        store.conn().total_changes() != self.changes_at_last
    }

    fn take(&mut self, store: &Store, reason: Reason) -> Option<Result<PathBuf>> {
        if store.path().is_none() || !self.changed(store) {
            self.last = Instant::now();
            return None;
        }
        let out = rotate(store, reason, Local::now());
        self.last = Instant::now();
        self.changes_at_last = store.conn().total_changes();
        Some(out)
    }

    /// The periodic copy, if it is due and something changed.
    pub fn tick(&mut self, store: &Store) -> Option<Result<PathBuf>> {
        if self.last.elapsed() < self.every {
            return None;
        }
        self.take(store, Reason::Periodic)
    }

    /// The copy at quit, if something changed since the last.
    pub fn quit(&mut self, store: &Store) -> Option<Result<PathBuf>> {
        self.take(store, Reason::Quit)
    }
}
