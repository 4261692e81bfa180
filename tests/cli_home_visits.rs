//! Home visits on the command line, finished: a household's own point (`person locate`),
//! the hours a family is at home (`person visit-hours`) and an imported road travel matrix
//! (`import travel-matrix`), each recorded and each used by `route plan`.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// New applicants who cannot travel: three in 雄壁镇大舍村, one in 竹基镇新田村, one in
/// 雄壁镇小河村 (a village without coordinates).
fn county(dir: &Path) -> PathBuf {
    let db = dir.join("hz.db");
    let mut text = String::from("姓名,身份证号,评定方式,乡镇,村社区,行动不便\n");
    for (n, name, town, village) in [
        (1, "王一", "雄壁镇", "大舍村"),
        (2, "李二", "雄壁镇", "大舍村"),
        (3, "张三", "竹基镇", "新田村"),
        (4, "赵四", "雄壁镇", "小河村"),
        (5, "钱五", "雄壁镇", "大舍村"),
    ] {
        text.push_str(&format!(
            "{name},{},新申请,{town},{village},是\n",
            common::id(n)
        ));
    }
    let roster = dir.join("roster.csv");
    std::fs::write(&roster, text).unwrap();
    common::ok(&db, &["import", "roster", roster.to_str().unwrap()]);
    let villages = dir.join("villages.csv");
    std::fs::write(
        &villages,
        "乡镇,村（社区）,纬度,经度\n雄壁镇,大舍村,24.69,103.86\n竹基镇,新田村,24.97,103.89\n",
    )
    .unwrap();
    common::ok(&db, &["import", "villages", villages.to_str().unwrap()]);
    db
}

fn plan(db: &Path, days: &str) -> (Value, String) {
    let out = db.with_extension(format!("plan{}.json", rand_suffix()));
    let said = common::ok(
        db,
        &[
            "route",
            "plan",
            "--days",
            days,
            "--time-limit",
            "0.05",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let js = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    (js, said)
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

fn stop<'a>(js: &'a Value, id: &str) -> Option<&'a Value> {
    js["days"]
        .as_array()?
        .iter()
        .flat_map(|d| d["stops"].as_array().into_iter().flatten())
        .find(|s| s["id"] == id)
}

fn unplaced(js: &Value, id: &str) -> Option<String> {
    js["unplaced"]
        .as_array()?
        .iter()
        .find(|u| u["id"] == id)
        .map(|u| u["reason"].as_str().unwrap_or_default().to_string())
}

#[test]
fn a_households_own_point_is_recorded_and_planned_to() {
    let dir = tempfile::tempdir().unwrap();
    let db = county(dir.path());
    let (before, _) = plan(&db, "2");
    assert_eq!(
        unplaced(&before, &common::id(4)).as_deref(),
        Some("no_location")
    );
    let km_before = before["total_km"].as_f64().unwrap();

    // 赵四's village has no coordinates, but the household has its own point now.
    let said = common::ok(
        &db,
        &[
            "person",
            "locate",
            &common::id(4),
            "--lat",
            "24.75",
            "--lon",
            "103.93",
        ],
    );
    assert!(said.contains("已登记 赵四 家的位置"), "{said}");
    // 王一 lives far up the valley from 大舍村's centre.
    common::ok(
        &db,
        &[
            "person",
            "locate",
            &common::id(1),
            "--lat",
            "24.55",
            "--lon",
            "103.70",
        ],
    );
    let p = common::person(&db, &common::id(1));
    assert_eq!(p["case"]["home_place"]["lat"], 24.55, "{p}");
    let last = p["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"]["kind"], "home_located", "{last}");
    assert_eq!(
        last["operator"],
        huanzheng::demo::LEADER,
        "who is recorded: {last}"
    );

    let (after, _) = plan(&db, "2");
    assert!(unplaced(&after, &common::id(4)).is_none(), "{after}");
    assert!(stop(&after, &common::id(4)).is_some(), "{after}");
    // Two households more to drive to, one of them 25 km further out: many more kilometres.
    let km_after = after["total_km"].as_f64().unwrap();
    assert!(km_after > km_before + 30.0, "{km_before} → {km_after}");

    // Back to the village's point: the far farmhouse leg is gone again.
    common::ok(&db, &["person", "locate", &common::id(1), "--clear"]);
    let p = common::person(&db, &common::id(1));
    assert!(p["case"]["home_place"].is_null(), "{p}");
    let (cleared, _) = plan(&db, "2");
    assert!(cleared["total_km"].as_f64().unwrap() < km_after);

    // A point outside the county (latitude and longitude swapped) is refused.
    let o = common::hz(
        &db,
        &[
            "person",
            "locate",
            &common::id(2),
            "--lat",
            "103.86",
            "--lon",
            "24.69",
        ],
    );
    assert!(!o.status.success());
}

#[test]
fn a_morning_family_is_planned_before_noon_and_too_short_hours_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = county(dir.path());
    // Without hours of its own, the day's last visit is in the afternoon.
    let (free, _) = plan(&db, "1");
    let last = free["days"][0]["stops"].as_array().unwrap().last().unwrap();
    assert!(last["arrival"].as_str().unwrap() > "12:00", "{free}");
    let late = last["id"].as_str().unwrap().to_string();
    let short = [common::id(1), common::id(2), common::id(5)]
        .into_iter()
        .find(|id| *id != late)
        .unwrap();

    common::ok(&db, &["person", "visit-hours", &late, "上午"]);
    let said = common::ok(&db, &["person", "visit-hours", &short, "13:00-13:20"]);
    assert!(said.contains("13:00-13:20"), "{said}");
    let o = common::hz(&db, &["person", "visit-hours", &common::id(5), "soon"]);
    assert!(!o.status.success());
    assert!(
        common::stderr(&o).contains("不是上门时段"),
        "{}",
        common::stderr(&o)
    );
    let p = common::person(&db, &late);
    assert_eq!(p["case"]["visit_window"], "am", "{p}");

    let (js, said) = plan(&db, "1");
    let s = stop(&js, &late).expect("the morning visit is planned");
    assert!(s["arrival"].as_str().unwrap() < "12:00", "{s}");
    assert!(s["leave"].as_str().unwrap() <= "12:00", "over by noon: {s}");
    assert_eq!(js["windows"][&late], "am");
    assert_eq!(unplaced(&js, &short).as_deref(), Some("window_too_short"));
    assert!(said.contains("：家中有人的时段太短"), "{said}");

    // All day again: planned.
    common::ok(&db, &["person", "visit-hours", &short, "全天"]);
    let (js, _) = plan(&db, "1");
    assert!(unplaced(&js, &short).is_none(), "{js}");
}

#[test]
fn an_imported_travel_matrix_is_used_as_is_and_a_missing_place_is_estimated() {
    let dir = tempfile::tempdir().unwrap();
    let db = county(dir.path());
    // 赵四 gets a point of their own, so 小河村 stays out of the matrix.
    common::ok(
        &db,
        &[
            "person",
            "locate",
            &common::id(4),
            "--lat",
            "24.75",
            "--lon",
            "103.93",
        ],
    );
    let (straight, _) = plan(&db, "1");
    assert_eq!(straight["travel"], "haversine");

    let matrix = |road_km: u32| {
        let file = dir.path().join(format!("matrix{road_km}.csv"));
        std::fs::write(
            &file,
            format!(
                "起点,终点,公里,分钟\n\
                 县残联,雄壁镇/大舍村,30,50\n\
                 depot,新田村,{road_km},60\n\
                 大舍村,新田村,40,70\n\
                 雄壁镇/大舍村,不存在村,3,5\n\
                 depot,大舍村,abc,5\n"
            ),
        )
        .unwrap();
        file
    };
    let said = common::ok(
        &db,
        &["import", "travel-matrix", matrix(25).to_str().unwrap()],
    );
    assert!(said.contains("已保存 3 段路程，退回 2 行"), "{said}");
    let rejects = common::read_rejects(&matrix(25));
    assert!(rejects[0][2].contains("不是县残联"), "{rejects:?}");
    assert!(rejects[1][2].contains("公里数或分钟数无效"), "{rejects:?}");

    let (short, said) = plan(&db, "1");
    assert_eq!(short["travel"], "matrix");
    assert!(said.contains("路程按导入的行程矩阵计算"), "{said}");
    assert!(said.contains("赵四（雄壁镇小河村）"), "estimated: {said}");
    assert_eq!(short["estimated"], serde_json::json!([common::id(4)]));

    // The road from the county office to 新田村 is 60 km longer: the plan's kilometres
    // follow the matrix, not the straight line.
    common::ok(
        &db,
        &["import", "travel-matrix", matrix(85).to_str().unwrap()],
    );
    let (long, _) = plan(&db, "1");
    let (a, b) = (
        short["total_km"].as_f64().unwrap(),
        long["total_km"].as_f64().unwrap(),
    );
    assert!(b > a + 20.0, "{a} → {b}");
    assert_ne!(straight["total_km"], short["total_km"]);
}
