//! Helpers for the command-line tests: run the real binary, build rosters in every
//! encoding and format a county sends, read `stats --json`.
#![allow(dead_code)]

pub mod tui;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use huanzheng::domain::ids::IdNumber;

pub fn hz(db: &Path, args: &[&str]) -> Output {
    hz_with(db, args, &[])
}

/// [`hz`] with extra environment variables (a database passphrase, another operator).
pub fn hz_with(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huanzheng"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("HUANZHENG_DB")
        // The demo county's leader; on a fresh database the first sign-in creates it.
        .env("HUANZHENG_OPERATOR", huanzheng::demo::LEADER)
        .env("HUANZHENG_PASSWORD", huanzheng::demo::PASSWORD)
        .env_remove("HUANZHENG_NEW_PASSWORD")
        .env_remove("HUANZHENG_DB_KEY")
        .env_remove("HUANZHENG_NEW_DB_KEY")
        .envs(env.iter().copied())
        .output()
        .expect("run huanzheng")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs and insists on success, returning stdout.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let o = hz(db, args);
    assert!(
        o.status.success(),
        "huanzheng {args:?} failed: {}\n{}",
        stderr(&o),
        stdout(&o)
    );
    stdout(&o)
}

pub fn stats(db: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(db, &["stats", "--json"])).expect("stats is JSON")
}

pub fn person(db: &Path, key: &str) -> serde_json::Value {
    serde_json::from_str(&ok(db, &["person", "show", key, "--json"])).expect("person is JSON")
}

/// A valid ID number for the n-th synthetic person.
pub fn id(n: u16) -> String {
    let birth = NaiveDate::from_ymd_opt(
        1950 + (n % 50) as i32,
        1 + (n % 12) as u32,
        1 + (n % 28) as u32,
    )
    .unwrap();
    IdNumber::compose("530323", birth, 100 + n)
        .unwrap()
        .to_string()
}

pub const HEADER: [&str; 9] = [
    "姓名",
    "身份证号",
    "残疾人证号",
    "残疾类别",
    "残疾等级",
    "评定方式",
    "乡镇",
    "村社区",
    "联系电话",
];

/// A good roster row for person n: physical disability, grade 2, given basis.
pub fn row(n: u16, name: &str, basis: &str, township: &str) -> Vec<String> {
    let id = id(n);
    let new = basis == "新申请";
    vec![
        name.to_string(),
        id.clone(),
        if new {
            String::new()
        } else {
            format!("{id}42")
        },
        if new { String::new() } else { "肢体".into() },
        if new { String::new() } else { "二级".into() },
        basis.to_string(),
        township.to_string(),
        "大舍村".to_string(),
        String::new(),
    ]
}

pub fn csv_text(rows: &[Vec<String>]) -> String {
    let mut out = HEADER.join(",");
    out.push('\n');
    for r in rows {
        out.push_str(&r.join(","));
        out.push('\n');
    }
    out
}

pub fn write_utf8(dir: &Path, name: &str, rows: &[Vec<String>]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, csv_text(rows)).unwrap();
    p
}

pub fn write_bom(dir: &Path, name: &str, rows: &[Vec<String>]) -> PathBuf {
    let p = dir.join(name);
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(csv_text(rows).into_bytes());
    std::fs::write(&p, bytes).unwrap();
    p
}

pub fn write_gbk(dir: &Path, name: &str, rows: &[Vec<String>]) -> PathBuf {
    let p = dir.join(name);
    let text = csv_text(rows);
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    std::fs::write(&p, bytes).unwrap();
    p
}

pub fn read_rejects(roster: &Path) -> Vec<Vec<String>> {
    let path = huanzheng::import::rejects_path(roster);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let text = text.trim_start_matches('\u{FEFF}');
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}
