//! `huanzheng audit verify` on a whole county: the honest log verifies, and a result
//! edited with plain SQL (the attacker drops the append-only trigger first) is named,
//! event by event, and the command exits 1.

mod common;

use common::*;
use rusqlite::Connection;

#[test]
fn audit_verify_passes_on_the_demo_county_and_names_an_edited_event() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ok(&db, &["demo"]);
    let out = ok(&db, &["audit", "verify"]);
    assert!(out.contains("审计链完好"), "{out}");

    // Edit one holder's grade in the middle of the log, behind the trigger's back.
    let (victim, operator): (String, String) = {
        let conn = Connection::open(&db).unwrap();
        let (id, operator): (String, String) = conn
            .query_row(
                "SELECT id, operator FROM event ORDER BY seq LIMIT 1 OFFSET 500",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        conn.execute_batch("DROP TRIGGER event_no_update").unwrap();
        conn.execute("UPDATE event SET data = data || ' ' WHERE id = ?1", [&id])
            .unwrap();
        (id, operator)
    };
    let o = hz(&db, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stdout.contains(&format!("审计链断开：记录 {victim}")),
        "{stdout}"
    );
    assert!(stdout.contains("第501条"), "{stdout}");
    assert!(stdout.contains(&operator), "{stdout}");
    assert!(stderr.contains("审计核对未通过"), "{stderr}");

    let o = hz(&db, &["audit", "verify", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["broken"][0]["event"], victim.as_str());
}
