//! Operators, roles and passwords on the command line: who may do what, refusals that
//! name the role that may, the first leader created at first start, and an export of
//! full ID numbers recorded with its reason.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use huanzheng::demo::{LEADER, PASSWORD};

fn hz_as(db: &Path, operator: &str, password: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_huanzheng"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("HUANZHENG_DB")
        .env_remove("HUANZHENG_NEW_PASSWORD")
        .env("HUANZHENG_OPERATOR", operator);
    match password {
        Some(p) => cmd.env("HUANZHENG_PASSWORD", p),
        None => cmd.env_remove("HUANZHENG_PASSWORD"),
    };
    cmd.output().expect("run huanzheng")
}

fn demo_county() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ok(&db, &["demo"]);
    let township = huanzheng::domain::campaign::Campaign::builtin().townships[0]
        .name
        .clone();
    (dir, db, township)
}

#[test]
fn the_leader_manages_accounts_and_others_are_told_who_may() {
    let (_dir, db, _) = demo_county();
    let list = ok(&db, &["operator", "list"]);
    for (name, role) in [
        (LEADER, "县残联领导"),
        ("演示办证员", "办证员"),
        ("演示乡镇专干", "乡镇残联"),
        ("演示医生", "医生"),
    ] {
        assert!(
            list.lines()
                .any(|l| l.starts_with(name) && l.contains(role)),
            "{list}"
        );
    }
    assert!(!list.contains(PASSWORD) && !list.contains("argon2"));

    let o = hz_as(&db, "演示办证员", Some(PASSWORD), &["operator", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("管理操作员需要县残联领导的账号"),
        "{}",
        stderr(&o)
    );

    let o = hz_as(&db, LEADER, Some("wrong-password"), &["operator", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("密码不对"), "{}", stderr(&o));

    let o = hz_as(&db, LEADER, None, &["operator", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("HUANZHENG_PASSWORD"), "{}", stderr(&o));

    // The leader adds a doctor, who then signs in with their own password.
    let o = Command::new(env!("CARGO_BIN_EXE_huanzheng"))
        .arg("--db")
        .arg(&db)
        .args(["operator", "add", "--name", "赵医生", "--role", "医生"])
        .env("HUANZHENG_OPERATOR", LEADER)
        .env("HUANZHENG_PASSWORD", PASSWORD)
        .env("HUANZHENG_NEW_PASSWORD", "zhao-2022")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已添加操作员 赵医生（医生）"));
    let o = hz_as(&db, "赵医生", Some("zhao-2022"), &["audit", "verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = Command::new(env!("CARGO_BIN_EXE_huanzheng"))
        .arg("--db")
        .arg(&db)
        .args(["operator", "passwd", "--name", "赵医生"])
        .env("HUANZHENG_OPERATOR", LEADER)
        .env("HUANZHENG_PASSWORD", PASSWORD)
        .env("HUANZHENG_NEW_PASSWORD", "zhao-2023")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    ok(&db, &["operator", "disable", "--name", "赵医生"]);
    let o = hz_as(&db, "赵医生", Some("zhao-2023"), &["audit", "verify"]);
    assert!(stderr(&o).contains("已停用"), "{}", stderr(&o));

    // Each change to an account is an event on the chain: by whom, to which account,
    // never the password or its hash.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let changes: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT kind, operator, data FROM event
             WHERE kind IN ('operator_added', 'password_changed', 'operator_disabled')
             ORDER BY seq",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let kinds: Vec<&str> = changes.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        kinds,
        ["operator_added", "password_changed", "operator_disabled"]
    );
    for (_, by, data) in &changes {
        assert_eq!(by, LEADER);
        assert!(data.contains("赵医生"), "{data}");
        assert!(
            !data.contains("zhao-") && !data.contains("argon2"),
            "{data}"
        );
    }
    assert!(changes[0].2.contains("医生"));
    ok(&db, &["audit", "verify"]);
}

#[test]
fn full_id_numbers_leave_only_with_the_leader_and_a_recorded_reason() {
    let (dir, db, township) = demo_county();
    let out = dir.path().join("r.csv");
    let out = out.to_str().unwrap();
    let args = ["export", "register", "--township", &township, "--out", out];
    // Masked: any county clerk.
    let o = hz_as(&db, "演示办证员", Some(PASSWORD), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    // Full numbers: not the clerk …
    let full = [&args[..], &["--full-id", "--reason", "卡片中心核对"]].concat();
    let o = hz_as(&db, "演示办证员", Some(PASSWORD), &full);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("导出个人信息需要县残联领导的账号"),
        "{}",
        stderr(&o)
    );
    // … the leader, but not without a reason …
    let o = hz_as(
        &db,
        LEADER,
        Some(PASSWORD),
        &[&args[..], &["--full-id"]].concat(),
    );
    assert!(stderr(&o).contains("要写明原因"), "{}", stderr(&o));
    // … and with one, it is on the record, in the chain.
    let o = hz_as(&db, LEADER, Some(PASSWORD), &full);
    assert!(o.status.success(), "{}", stderr(&o));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (operator, data): (String, String) = conn
        .query_row(
            "SELECT operator, data FROM event WHERE kind = 'personal_data_exported'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(operator, LEADER);
    assert!(
        data.contains("卡片中心核对") && data.contains("register"),
        "{data}"
    );
    assert!(ok(&db, &["audit", "verify"]).contains("审计链完好"));
}

#[test]
fn the_first_sign_in_on_a_new_database_creates_the_leader() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let rows: Vec<Vec<String>> = (0..3)
        .map(|n| row(300 + n, "张三", "目测", "雄壁镇"))
        .collect();
    let file = write_utf8(dir.path(), "r.csv", &rows);
    let o = hz_as(
        &db,
        "县长甲",
        Some("first-leader"),
        &["import", "roster", file.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("已创建第一个县残联领导账号：县长甲"));
    let o = hz_as(&db, "县长甲", Some("other-pass"), &["person", "list"]);
    assert!(stderr(&o).contains("密码不对"));
    let o = hz_as(&db, "县长甲", Some("first-leader"), &["operator", "list"]);
    assert!(stdout(&o).contains("县长甲\t县残联领导"), "{}", stdout(&o));
}

#[test]
fn a_township_clerk_on_the_command_line_reaches_their_own_township_only() {
    let (dir, db, own) = demo_county();
    let campaign = huanzheng::domain::campaign::Campaign::builtin();
    let other = &campaign.townships[1];
    let clerk = |args: &[&str]| hz_as(&db, "演示乡镇专干", Some(PASSWORD), args);
    let person_of = |township: &str| -> String {
        let list: serde_json::Value = serde_json::from_str(&ok(
            &db,
            &[
                "person",
                "list",
                "--township",
                township,
                "--limit",
                "1",
                "--json",
            ],
        ))
        .unwrap();
        list[0]["id_number"].as_str().unwrap().to_string()
    };
    let (ours, theirs) = (person_of(&own), person_of(&other.name));

    // Their own township and their own people: as for anyone.
    let out = dir.path().join("notices.pdf");
    let o = clerk(&["person", "show", &ours, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = clerk(&["notice", "pending", "--township", &own]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Another township, by name or by one of its people: refused, nothing shown.
    let o = clerk(&["person", "show", &theirs, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("乡镇账号只能办理本乡镇的人"),
        "{}",
        stderr(&o)
    );
    let o = clerk(&[
        "export",
        "notices",
        "--township",
        &other.name,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("{}不是本乡镇", other.name)),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    let o = clerk(&["review", "object", &theirs, "--reason", "试试"]);
    assert_eq!(o.status.code(), Some(1));

    // The whole county: refused with the way to ask for their own.
    for args in [
        &["schedule", "plan"][..],
        &["person", "list", "--json"],
        &["export", "remakes", "--out", "r.xlsx"],
    ] {
        let o = clerk(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("涉及全县"), "{args:?}: {}", stderr(&o));
    }
    // Their own password is theirs to change.
    let o = Command::new(env!("CARGO_BIN_EXE_huanzheng"))
        .arg("--db")
        .arg(&db)
        .args(["operator", "passwd"])
        .env("HUANZHENG_OPERATOR", "演示乡镇专干")
        .env("HUANZHENG_PASSWORD", PASSWORD)
        .env("HUANZHENG_NEW_PASSWORD", "clerk-2022")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}
