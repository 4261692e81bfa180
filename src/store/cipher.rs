//! Encryption at rest (SQLCipher). A database may be created encrypted or converted
//! once with `huanzheng db encrypt`; from then on it opens only with its passphrase.
//!
//! The passphrase is never stored: SQLCipher derives the page key from it (PBKDF2-HMAC-
//! SHA512 with a random salt kept in the file's first 16 bytes) each time a connection
//! opens. The program keeps the passphrase in memory only while the database is open,
//! for the connections a backup or a check opens beside the main one.
//!
//! SQLCipher writes a line to stderr when a key is wrong unless told not to; in the
//! full-screen interface that line would land in the middle of the screen, so every
//! connection turns its log off before the key is given.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{Result, StoreError};
use crate::i18n::Text;

/// Shortest passphrase accepted for a new key.
pub const MIN_LEN: usize = 8;

/// A database passphrase. Never printed: `Debug` shows stars, and the bytes are
/// overwritten when it is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Key(String);

impl Key {
    /// A passphrase as given, for opening an existing database (any length).
    pub fn given(passphrase: &str) -> Key {
        Key(passphrase.to_string())
    }

    /// A passphrase for a new key: at least [`MIN_LEN`] characters, not blank.
    pub fn new(passphrase: &str) -> std::result::Result<Key, Text> {
        if passphrase.trim().chars().count() < MIN_LEN {
            return Err(Text::DbKeyTooShort { min: MIN_LEN });
        }
        Ok(Key(passphrase.to_string()))
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(********)")
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        // Zero the passphrase before its memory is freed (copies SQLite made are its own).
        let mut bytes = std::mem::take(&mut self.0).into_bytes();
        for b in bytes.iter_mut() {
            // SAFETY: `b` is a valid, exclusive reference into a Vec we own. The write is
            // volatile so the compiler keeps the wipe of memory about to be freed.
            unsafe { std::ptr::write_volatile(b, 0) };
        }
    }
}

/// Whether the file at `path` is an encrypted database: it is made of whole pages
/// (SQLCipher's are 4 KiB; 512 bytes is SQLite's smallest) and does not start with
/// SQLite's plain header — an encrypted file's first 16 bytes are its random salt.
/// Anything else (a text file, a truncated copy) is not taken for one, so it gets the
/// message for a file that is not a database, not a request for a passphrase.
pub fn is_encrypted(path: &Path) -> bool {
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    if len < 1024 || len % 512 != 0 {
        return false;
    }
    let mut head = [0u8; 16];
    f.read_exact(&mut head).is_ok() && &head != b"SQLite format 3\0"
}

/// Silences SQLCipher's own log on `conn` (it writes to stderr on a wrong key).
pub fn quiet(conn: &Connection) -> Result<()> {
    // Answers with the level it set; a plain query, not an update.
    let _: Option<String> = conn
        .query_row("PRAGMA cipher_log_level = NONE", [], |r| r.get(0))
        .ok();
    Ok(())
}

/// Gives `conn` its key and checks it opens the file: a wrong key is refused with
/// [`Text::DbKeyWrong`], not SQLite's "file is not a database".
pub fn unlock(conn: &Connection, key: &Key) -> Result<()> {
    quiet(conn)?;
    conn.pragma_update(None, "key", &key.0)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(StoreError::Refused(Text::DbKeyWrong))
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether `key` opens the encrypted database at `path` (read only, nothing changed).
pub fn opens(path: &Path, key: &Key) -> bool {
    Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(StoreError::from)
        .and_then(|conn| unlock(&conn, key))
        .is_ok()
}

/// Gives a new, empty connection (a copy being written) the same key as the database
/// it copies, so an encrypted database's copies are encrypted too.
pub fn key_copy(conn: &Connection, key: Option<&Key>) -> Result<()> {
    quiet(conn)?;
    if let Some(key) = key {
        conn.pragma_update(None, "key", &key.0)?;
    }
    Ok(())
}

/// What `huanzheng db encrypt` did.
#[derive(Debug, Clone)]
pub struct Encrypted {
    /// Events in the encrypted database (checked equal to the plain one's).
    pub events: i64,
    /// Plain copies in the backup folder that were removed: they held everyone's data
    /// in the clear. One encrypted copy is taken in their place.
    pub plain_backups_removed: usize,
    /// The new, encrypted copy in the backup folder.
    pub backup: PathBuf,
}

/// Converts the plain database at `db` into an encrypted one with `key`.
///
/// Nothing is lost on the way: the plain database is first copied aside (checked);
/// the encrypted one is written to a temporary file next to it, then opened with the
/// key and checked — integrity, the audit chain, the same number of events — and only
/// then renamed over the original. The plain copy aside is removed last, with the older
/// plain copies of the backup folder, and an encrypted backup is taken.
pub fn encrypt(
    db: &Path,
    key: &Key,
    campaign: &crate::domain::campaign::Campaign,
) -> Result<Encrypted> {
    use super::{Store, audit, backup};
    if is_encrypted(db) {
        return Err(StoreError::Refused(Text::DbAlreadyEncrypted {
            path: db.display().to_string(),
        }));
    }
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // The plain database, brought up to date and checkpointed into one file.
    let store = Store::open(db, campaign)?;
    let plain = audit::verify(store.conn())?;
    if let Some(b) = plain.broken.first() {
        return Err(StoreError::Refused(Text::RestoreBrokenChain {
            path: db.display().to_string(),
            event: b.event_id.clone(),
        }));
    }
    let aside = tempfile::Builder::new()
        .prefix(".plain-")
        .suffix(".db")
        .tempfile_in(dir)
        .map_err(|e| io(dir, &e))?;
    backup::copy_to(store.conn(), aside.path(), None)?;

    let tmp = tempfile::Builder::new()
        .prefix(".encrypted-")
        .suffix(".db")
        .tempfile_in(dir)
        .map_err(|e| io(dir, &e))?;
    {
        let conn = store.conn();
        quiet(conn)?;
        conn.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![tmp.path().to_string_lossy(), key.0],
        )?;
        let exported = conn
            .query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))
            .and_then(|()| {
                let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
                conn.pragma_update(Some("encrypted"), "user_version", version)
            });
        conn.execute("DETACH DATABASE encrypted", [])?;
        exported?;
    }
    drop(store);

    // The encrypted copy must open with the key and hold the same log, intact.
    {
        let check = Connection::open(tmp.path())?;
        unlock(&check, key)?;
        let ok: String = check.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(StoreError::Refused(Text::BackupCorrupt {
                path: tmp.path().display().to_string(),
                detail: ok,
            }));
        }
        let copy = audit::verify(&check)?;
        if !copy.ok() || copy.events() != plain.events() {
            return Err(StoreError::Refused(Text::DbEncryptMismatch {
                plain: plain.events(),
                encrypted: copy.events(),
            }));
        }
    }
    // WAL and shared-memory files belong to the plain file; they are empty after the
    // checkpoint at close, and must not be applied to the new one.
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", db.display()));
        if side.exists() {
            std::fs::remove_file(&side).map_err(|e| io(&side, &e))?;
        }
    }
    tmp.persist(db).map_err(|e| io(db, &e.error))?;

    // From here the database is encrypted; open it as the program will.
    let store = Store::open_with_key(db, campaign, Some(key))?;
    let events = audit::verify(store.conn())?.events();
    let removed = backup::remove_plain(&backup::dir_for(db))?;
    let backup = backup::rotate(&store, backup::Reason::Manual, chrono::Local::now())?;
    drop(aside);
    Ok(Encrypted {
        events,
        plain_backups_removed: removed,
        backup,
    })
}

fn io(path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Refused(Text::BackupIo {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passphrase_never_prints() {
        let key = Key::given("师宗县残联2022");
        assert_eq!(format!("{key:?}"), "Key(********)");
        assert!(!format!("{:?}", Some(key)).contains("2022"));
    }

    #[test]
    fn a_new_passphrase_needs_eight_characters() {
        assert_eq!(
            Key::new("  1234567 ").unwrap_err(),
            Text::DbKeyTooShort { min: MIN_LEN }
        );
        // Chinese characters count as characters, not bytes.
        assert!(Key::new("师宗县残联二零二").is_ok());
        assert!(Key::new("师宗县残联").is_err());
    }

    #[test]
    fn a_plain_file_and_an_encrypted_one_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.db");
        let secret = dir.path().join("secret.db");
        Connection::open(&plain)
            .unwrap()
            .execute_batch("CREATE TABLE t(x)")
            .unwrap();
        let conn = Connection::open(&secret).unwrap();
        unlock(&conn, &Key::given("passphrase")).unwrap();
        conn.execute_batch("CREATE TABLE t(x)").unwrap();
        drop(conn);
        assert!(!is_encrypted(&plain));
        assert!(is_encrypted(&secret));
        assert!(!is_encrypted(&dir.path().join("missing.db")));
        assert!(opens(&secret, &Key::given("passphrase")));
        assert!(!opens(&secret, &Key::given("Passphrase")));
        let conn = Connection::open(&secret).unwrap();
        assert!(matches!(
            unlock(&conn, &Key::given("nope")),
            Err(StoreError::Refused(Text::DbKeyWrong))
        ));
    }
}
