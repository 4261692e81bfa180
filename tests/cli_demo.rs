//! The demo county through the real binary: the plan's figures, deterministic.

mod common;

use common::*;

#[test]
fn demo_county_matches_the_plan_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = ok(&db, &["demo", "--seed", "3"]);
    assert!(out.contains("11113 人"), "{out}");
    assert!(out.contains("虚构"), "{out}");
    let s = stats(&db);
    assert_eq!(s["holders"], 11_058);
    assert_eq!(s["cases"], 11_113);
    assert_eq!(s["by_basis"]["medical"], 3_482);
    assert_eq!(s["by_basis"]["visual"], 7_576);
    assert_eq!(s["by_basis"]["new"], 55);
    assert_eq!(s["by_state"]["ready_for_handover"], 3_482);
    assert_eq!(s["by_state"]["needs_reassessment"], 7_576);
    assert_eq!(s["by_state"]["applied"], 55);
    let townships = s["by_township"].as_object().unwrap();
    assert_eq!(townships.len(), 10);
    let sum: u64 = townships
        .values()
        .map(|t| t["holders"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, 11_058);
    assert!(
        townships
            .values()
            .all(|t| t["holders"].as_u64().unwrap() > 100)
    );
    let by_cat = s["by_category"].as_object().unwrap();
    let cat_sum: u64 = by_cat.values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(cat_sum, 11_058);
    assert!(by_cat["4"].as_u64().unwrap() > by_cat["3"].as_u64().unwrap());

    let new: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &["person", "list", "--state", "applied", "--json"],
    ))
    .unwrap();
    let new = new.as_array().unwrap();
    assert_eq!(new.len(), 55);
    assert!(
        new.iter()
            .all(|p| p["mobility_impaired"] == true && p["cert_number"].is_null())
    );

    // Every certificate holder has a card from the batch.
    let one = &serde_json::from_str::<serde_json::Value>(&ok(
        &db,
        &[
            "person",
            "list",
            "--state",
            "ready_for_handover",
            "--limit",
            "1",
            "--json",
        ],
    ))
    .unwrap()[0];
    let p = person(&db, one["cert_number"].as_str().unwrap());
    assert_eq!(p["card"]["state"], "personalised");
    assert_eq!(p["card"]["cert_number"], one["cert_number"]);
}

#[test]
fn the_same_seed_gives_the_same_county_and_an_existing_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let list = |db: &std::path::Path| ok(db, &["person", "list", "--limit", "50", "--json"]);
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    let c = dir.path().join("c.db");
    ok(&a, &["demo", "--seed", "9"]);
    ok(&b, &["demo", "--seed", "9"]);
    ok(&c, &["demo", "--seed", "10"]);
    assert_eq!(list(&a), list(&b));
    assert_ne!(list(&a), list(&c));
    let again = hz(&a, &["demo", "--seed", "9"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("已存在"), "{}", stderr(&again));
}

#[test]
fn demo_flag_shows_the_overview_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("unused.db");
    let zh = ok(&db, &["--demo"]);
    assert!(zh.contains("演示县"), "{zh}");
    assert!(zh.contains("持证残疾人 11058 人"), "{zh}");
    assert!(zh.contains("实为 14 个工作日"), "{zh}");
    let en = ok(&db, &["--lang", "en", "--demo"]);
    assert!(en.contains("11058 certificate holders"), "{en}");
    assert!(en.contains("the holiday calendar has 14"), "{en}");
    assert!(!db.exists(), "--demo works in a temporary database");
}
