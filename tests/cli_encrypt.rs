//! Encryption at rest: `huanzheng db encrypt` turns a county's plain database into one
//! that opens only with its passphrase, nothing lost and nothing left readable beside it.

mod common;

use std::path::Path;

use common::*;

const KEY: &str = "师宗县残联2022加密";

fn with_key(key: &str) -> [(&str, &str); 1] {
    [("HUANZHENG_DB_KEY", key)]
}

/// Whether the bytes of `file` contain `text` in UTF-8 (a name stored in the clear).
fn readable(file: &Path, text: &str) -> bool {
    let bytes = std::fs::read(file).unwrap();
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

#[test]
fn an_encrypted_county_opens_only_with_its_passphrase_and_keeps_every_event() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    ok(&db, &["demo"]);
    ok(&db, &["backup"]);
    let before = stats(&db);
    let someone = person_list_first_name(&db);
    let events_before = audit_events(&db, &[]);
    assert!(
        readable(&db, &someone),
        "a plain database holds names in the clear"
    );

    // A staff member may not do it; the refusal names the leader.
    let o = hz_with(
        &db,
        &["db", "encrypt"],
        &[
            ("HUANZHENG_NEW_DB_KEY", KEY),
            ("HUANZHENG_OPERATOR", "演示办证员"),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("县残联领导"), "{}", stderr(&o));
    assert!(
        readable(&db, &someone),
        "a refused encryption changes nothing"
    );

    // Too short a passphrase is refused before anything changes.
    let o = hz_with(
        &db,
        &["db", "encrypt"],
        &[("HUANZHENG_NEW_DB_KEY", "short")],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("至少要8个字符"), "{}", stderr(&o));

    let o = hz_with(&db, &["db", "encrypt"], &[("HUANZHENG_NEW_DB_KEY", KEY)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.contains("已加密"), "{said}");
    assert!(
        said.contains(&format!("{events_before}条记录核对无误")),
        "{said}"
    );
    assert!(said.contains("删除了1份未加密的备份"), "{said}");

    // Nothing on disk reads in the clear any more: the file, its WAL, its backups.
    assert!(!readable(&db, &someone), "the encrypted file shows a name");
    for entry in std::fs::read_dir(dir.path().join("county-backups")).unwrap() {
        let file = entry.unwrap().path();
        assert!(
            !readable(&file, &someone),
            "{} shows a name",
            file.display()
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary copies left: {leftovers:?}");

    // Without the passphrase: a clear refusal that says how to give it.
    let o = hz(&db, &["stats", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("已加密，需要数据库密码"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("HUANZHENG_DB_KEY"), "{}", stderr(&o));

    // A wrong one: our message only — SQLCipher's own log would corrupt the screen.
    let o = hz_with(&db, &["stats", "--json"], &with_key("not the key"));
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).trim(),
        "数据库密码不对，数据库没有打开。请核对大小写后重试"
    );

    // With it: the same county, every event on a chain that verifies.
    let o = hz_with(&db, &["stats", "--json"], &with_key(KEY));
    assert!(o.status.success(), "{}", stderr(&o));
    let after: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(after, before);
    assert_eq!(audit_events(&db, &with_key(KEY)), events_before);

    // Work goes on: a change is recorded and stays encrypted.
    let o = hz_with(
        &db,
        &["operator", "add", "--name", "新办证员", "--role", "办证员"],
        &[
            ("HUANZHENG_DB_KEY", KEY),
            ("HUANZHENG_NEW_PASSWORD", "newstaff1"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!readable(&db, "新办证员"));
    let wal = dir.path().join("county.db-wal");
    assert!(
        !wal.exists() || !readable(&wal, "新办证员"),
        "the WAL is encrypted too"
    );

    // Encrypting twice is refused.
    let o = hz_with(
        &db,
        &["db", "encrypt"],
        &[("HUANZHENG_DB_KEY", KEY), ("HUANZHENG_NEW_DB_KEY", KEY)],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("已经加密了"), "{}", stderr(&o));
}

#[test]
fn an_encrypted_database_backs_up_encrypted_and_restores_with_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    // Created encrypted from the start, then filled.
    let o = hz_with(&db, &["db", "encrypt"], &[("HUANZHENG_NEW_DB_KEY", KEY)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已新建加密数据库"), "{}", stdout(&o));
    let someone = "柏玉芬";
    let rows: Vec<Vec<String>> = (1..=40)
        .map(|n| {
            let name = if n == 7 {
                someone.to_string()
            } else {
                format!("测试{n}")
            };
            row(n, &name, "非目测", "丹凤街道")
        })
        .collect();
    let roster = write_utf8(dir.path(), "roster.csv", &rows);
    let o = hz_with(
        &db,
        &["import", "roster", roster.to_str().unwrap()],
        &with_key(KEY),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!readable(&db, someone));

    let copy = dir.path().join("copy.db");
    let o = hz_with(
        &db,
        &["backup", "--out", copy.to_str().unwrap()],
        &with_key(KEY),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!readable(&copy, someone), "the copy is encrypted too");
    let events = audit_events(&db, &with_key(KEY));

    // A change after the copy, then the copy restored over it with the passphrase.
    let o = hz_with(
        &db,
        &["operator", "add", "--name", "后来的人", "--role", "办证员"],
        &[
            ("HUANZHENG_DB_KEY", KEY),
            ("HUANZHENG_NEW_PASSWORD", "later123"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = hz_with(&db, &["restore", copy.to_str().unwrap()], &with_key(KEY));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("{events}条记录核对无误")),
        "{}",
        stdout(&o)
    );
    assert_eq!(audit_events(&db, &with_key(KEY)), events);

    // A wrong passphrase restores nothing.
    let o = hz_with(
        &db,
        &["restore", copy.to_str().unwrap()],
        &with_key("wrong key!"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("数据库密码不对"), "{}", stderr(&o));

    // A plain copy is not restored over the encrypted database.
    let plain = dir.path().join("plain.db");
    ok(&plain, &["demo"]);
    let o = hz_with(&db, &["restore", plain.to_str().unwrap()], &with_key(KEY));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("加密状态不同"), "{}", stderr(&o));
}

fn person_list_first_name(db: &Path) -> String {
    let v: serde_json::Value =
        serde_json::from_str(&ok(db, &["person", "list", "--limit", "1", "--json"])).unwrap();
    v[0]["name"].as_str().unwrap().to_string()
}

fn audit_events(db: &Path, env: &[(&str, &str)]) -> i64 {
    let o = hz_with(db, &["audit", "verify", "--json"], env);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["events"].as_i64().unwrap()
}
