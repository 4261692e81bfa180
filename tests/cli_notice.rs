//! 告知书 and 回执 from the command line: notices marked delivered (one by one or a
//! whole township), receipts returned making the case `notified`, the list of
//! receipts still out, and the refusals (a receipt dated before its notice, someone
//! owed no assessment) that leave nothing half recorded.

mod common;

use common::*;

fn county(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("notice.db");
    let roster = write_utf8(
        dir,
        "r.csv",
        &[
            row(11, "杨丽芬", "目测", "高良壮族苗族瑶族乡"),
            row(12, "李国华", "目测", "高良壮族苗族瑶族乡"),
            row(13, "王小明", "目测", "高良壮族苗族瑶族乡"),
            row(14, "赵非目", "非目测", "高良壮族苗族瑶族乡"),
        ],
    );
    ok(&db, &["import", "roster", roster.to_str().unwrap()]);
    db
}

fn pending(db: &std::path::Path) -> Vec<serde_json::Value> {
    let out = ok(db, &["notice", "pending", "--township", "高良", "--json"]);
    serde_json::from_str::<serde_json::Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn delivered_then_receipts_returned_make_the_case_notified() {
    let dir = tempfile::tempdir().unwrap();
    let db = county(dir.path());
    let all = pending(&db);
    assert_eq!(all.len(), 3, "the three 目测 holders: {all:?}");
    assert!(all.iter().all(|p| p["delivered"].is_null()));

    let said = ok(
        &db,
        &[
            "notice",
            "delivered",
            "--township",
            "高良",
            "--date",
            "2022-03-20",
        ],
    );
    assert!(said.contains("送达告知书 3 份"), "{said}");
    assert!(pending(&db).iter().all(|p| p["delivered"] == "2022-03-20"));
    // Delivered again: nobody is left undelivered, nothing is recorded twice.
    let again = ok(
        &db,
        &[
            "notice",
            "delivered",
            "--township",
            "高良",
            "--date",
            "2022-03-21",
        ],
    );
    assert!(again.contains("送达告知书 0 份"), "{again}");

    let who = id(11);
    let said = ok(&db, &["notice", "receipt", &who, "--date", "2022-03-22"]);
    assert!(said.contains("收回回执 1 份"), "{said}");
    let p = person(&db, &who);
    assert_eq!(p["case"]["state"], "notified");
    assert_eq!(p["case"]["receipt_returned"], "2022-03-22");
    let left: Vec<String> = pending(&db)
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(left.len(), 2);
    assert!(!left.contains(&"杨丽芬".to_string()));

    let text = ok(&db, &["notice", "pending", "--township", "高良"]);
    assert!(text.contains("告知书 3 份，未收回回执 2 人"), "{text}");
    assert!(text.contains("李国华") && text.contains("已送达"), "{text}");
    // Masked in the list.
    assert!(!text.contains(&id(12)), "{text}");
}

#[test]
fn a_receipt_without_a_recorded_delivery_counts_as_delivered_that_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = county(dir.path());
    let cert = format!("{}42", id(12));
    ok(&db, &["notice", "receipt", &cert, "--date", "2022-03-25"]);
    let p = person(&db, &id(12));
    assert_eq!(p["case"]["state"], "notified");
    assert_eq!(p["case"]["notice_delivered"], "2022-03-25");
}

#[test]
fn a_refused_receipt_records_nothing_for_anyone_in_the_same_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = county(dir.path());
    ok(
        &db,
        &["notice", "delivered", &id(11), "--date", "2022-03-20"],
    );
    // Dated before the notice went out.
    let o = hz(&db, &["notice", "receipt", &id(11), "--date", "2022-03-19"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("早于告知书送达日期"), "{}", stderr(&o));
    // A medical holder is owed no re-assessment: the whole command is refused.
    let o = hz(
        &db,
        &[
            "notice",
            "receipt",
            &id(13),
            &id(14),
            "--date",
            "2022-03-22",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(person(&db, &id(13))["case"]["state"], "needs_reassessment");
    assert_eq!(pending(&db).len(), 3);
    // Without anyone named, it says how.
    let o = hz(&db, &["notice", "delivered"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--township"), "{}", stderr(&o));
}
