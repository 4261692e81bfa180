//! The re-assessment schedule from the command line on the demo county: never
//! overbooked, a shortfall says what would fit, a shifted day keeps everyone
//! scheduled or listed, and the day sheet lists who is expected.

mod common;

use common::*;

fn scheduled(db: &std::path::Path) -> u64 {
    stats(db)["by_state"]["scheduled"].as_u64().unwrap()
}

#[test]
fn plan_reports_the_shortfall_then_fits_with_its_capacity() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ok(&db, &["demo"]);
    let out = ok(&db, &["schedule", "plan"]);
    assert!(
        out.contains("尚有 662 人排不进评定期，没有超额安排"),
        "{out}"
    );
    assert!(out.contains("每点每半天容量增至 67 人"), "{out}");
    assert!(out.contains("增加 4 个工作日"), "{out}");
    assert_eq!(scheduled(&db), 0, "planning alone records nothing");

    let out = ok(&db, &["schedule", "plan", "--capacity", "67", "--apply"]);
    assert!(!out.contains("尚有"), "{out}");
    assert!(out.contains("已记录 7336 人的评定日程"), "{out}");
    assert_eq!(scheduled(&db), 7_336);

    let bad = hz(
        &db,
        &[
            "schedule",
            "plan",
            "--from",
            "2022-04-06",
            "--to",
            "2022-04-01",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("早于"));

    // The day sheet of the first day at the county office.
    let sheet = dir.path().join("sheet.csv");
    let out = ok(
        &db,
        &[
            "export",
            "day-sheet",
            "--site",
            "county-office",
            "--date",
            "2022-03-28",
            "--out",
            sheet.to_str().unwrap(),
        ],
    );
    assert!(out.contains("134 人"), "{out}");
    let text = std::fs::read_to_string(&sheet).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{FEFF}').lines().collect();
    assert_eq!(
        lines[0],
        "时段,类别,姓名,身份证号,乡镇（街道）,村社区,联系电话,状态"
    );
    assert_eq!(lines.len(), 135);
    assert!(
        lines[1..].iter().all(|l| l.contains("********")),
        "IDs masked"
    );
    let am = lines[1..].iter().filter(|l| l.starts_with("上午")).count();
    assert!(am > 0 && am <= 67, "capacity per half-day respected: {am}");

    // 另行通知: everyone of 29 March moves or is told to wait; nobody is left on it.
    let out = ok(
        &db,
        &["schedule", "shift", "--date", "2022-03-29", "--apply"],
    );
    assert!(out.contains("2022年3月29日 另行通知"), "{out}");
    let listed = out
        .lines()
        .filter(|l| l.starts_with("  530323") || l.starts_with("  5"))
        .count();
    assert!(listed > 0, "{out}");
    for site in ["county-office", "kuishan-hc", "xiongbi-hc"] {
        let f = dir.path().join(format!("{site}.csv"));
        ok(
            &db,
            &[
                "export",
                "day-sheet",
                "--site",
                site,
                "--date",
                "2022-03-29",
                "--out",
                f.to_str().unwrap(),
            ],
        );
        let n = std::fs::read_to_string(&f).unwrap().lines().count();
        assert_eq!(n, 1, "{site} still has people on the shifted day");
    }
    let s = stats(&db);
    let after = s["by_state"]["scheduled"].as_u64().unwrap()
        + s["by_state"]["needs_rescheduling"].as_u64().unwrap();
    assert_eq!(
        after, 7_336,
        "everyone is still scheduled or listed for rescheduling"
    );

    // A later run of the program plans the people left waiting, and keeps off the
    // postponed day: it was recorded with the shift, not only remembered by a screen.
    let out = ok(&db, &["schedule", "plan", "--apply"]);
    assert!(!out.contains("2022-03-29"), "{out}");
    for site in ["county-office", "kuishan-hc", "xiongbi-hc"] {
        let f = dir.path().join(format!("{site}-again.csv"));
        ok(
            &db,
            &[
                "export",
                "day-sheet",
                "--site",
                site,
                "--date",
                "2022-03-29",
                "--out",
                f.to_str().unwrap(),
            ],
        );
        let n = std::fs::read_to_string(&f).unwrap().lines().count();
        assert_eq!(n, 1, "{site}: a re-plan booked people on the postponed day");
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let noted: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM event WHERE kind = 'day_postponed'
             AND json_extract(data, '$.date') = '2022-03-29'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(noted, 1);
}
