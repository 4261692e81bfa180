//! `huanzheng route plan --instance FILE --out FILE`: the kit's JSON format in, the `routes`
//! file out, unplaced visits named with their reason, the same plan twice.

use std::process::Command;

fn run(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_huanzheng"))
        .args(args)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

const INSTANCE: &str = r#"{"name": "tiny", "coord_type": "latlon",
 "depot": {"id": "depot", "lat": 24.83, "lon": 103.99},
 "visits": [
  {"id": "p01", "lat": 24.85, "lon": 104.02, "service_min": 35},
  {"id": "p02", "lat": 24.80, "lon": 103.95, "service_min": 35, "tw": ["08:30", "12:00"]},
  {"id": "p03", "lat": 24.90, "lon": 104.10, "service_min": 35, "skills": ["psych"]},
  {"id": "p04", "service_min": 35},
  {"id": "p05", "lat": 24.70, "lon": 103.80, "service_min": 35, "skills": ["eye"]}
 ],
 "days": 2, "day_window": ["08:30", "17:30"], "day_skills": [["gp"], ["gp", "psych"]],
 "travel": {"metric": "haversine", "winding_factor": 1.4, "speed_kmh": 30}}"#;

#[test]
fn plans_a_kit_instance_and_names_the_visits_it_cannot_place() {
    let dir = tempfile::tempdir().unwrap();
    let inst = dir.path().join("tiny.json");
    std::fs::write(&inst, INSTANCE).unwrap();
    let mut plans = vec![];
    for k in 0..2 {
        let out = dir.path().join(format!("plan{k}.json"));
        let (ok, text) = run(&[
            "--lang",
            "en",
            "route",
            "plan",
            "--instance",
            inst.to_str().unwrap(),
            "--time-limit",
            "0.2",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(ok, "{text}");
        assert!(text.contains("3 home visits on"), "{text}");
        assert!(text.contains("p04: needs a location"), "{text}");
        assert!(
            text.contains("p05: no day brings the doctor it needs"),
            "{text}"
        );
        let js: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        let routes = js["routes"].as_array().unwrap();
        assert_eq!(routes.len(), 2);
        assert!(
            routes[1].as_array().unwrap().iter().any(|v| v == "p03"),
            "psych only on day 2: {js}"
        );
        assert_eq!(js["unplaced"][0]["reason"], "no_location");
        assert_eq!(js["unplaced"][1]["reason"], "no_doctor_day");
        assert!(js["days"][0]["km"].as_f64().is_some());
        plans.push((js["routes"].clone(), js["days"].clone()));
    }
    assert_eq!(plans[0], plans[1], "same data and seed, same plan");
}

mod common;

/// A roster of home-visit subjects: new applicants who cannot travel, in two villages of
/// 雄壁镇 (大舍村 gets coordinates, 小河村 does not) and one in 竹基镇.
fn home_roster(dir: &std::path::Path) -> std::path::PathBuf {
    let mut text = String::from("姓名,身份证号,评定方式,乡镇,村社区,行动不便\n");
    let people = [
        (1, "王一", "雄壁镇", "大舍村"),
        (2, "李二", "雄壁镇", "大舍村"),
        (3, "张三", "竹基镇", "新田村"),
        (4, "赵四", "雄壁镇", "小河村"),
        (5, "钱五", "竹基镇", "新田村"),
    ];
    for (n, name, town, village) in people {
        text.push_str(&format!(
            "{name},{},新申请,{town},{village},是\n",
            common::id(n)
        ));
    }
    let p = dir.join("roster.csv");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn plans_the_databases_home_visits_and_reports_a_case_without_a_location() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hz.db");
    let roster = home_roster(dir.path());
    common::ok(&db, &["import", "roster", roster.to_str().unwrap()]);
    let villages = dir.path().join("villages.csv");
    std::fs::write(
        &villages,
        "乡镇,村（社区）,纬度,经度\n雄壁镇,大舍村,24.69,103.86\n,新田村,24.97,103.89\n,东风村,24.9,104.1\n,大舍村,103.86,24.69\n",
    )
    .unwrap();
    let said = common::ok(&db, &["import", "villages", villages.to_str().unwrap()]);
    assert!(said.contains("已更新 2 个村（社区），退回 2 行"), "{said}");
    let rejects = common::read_rejects(&villages);
    assert_eq!(rejects.len(), 2, "{rejects:?}");
    assert_eq!(rejects[0][0], "4");
    assert!(rejects[0][2].contains("台账中没有这个村"), "{rejects:?}");
    assert_eq!(rejects[1][0], "5");
    assert!(rejects[1][2].contains("坐标无效"), "{rejects:?}");

    let mut routes = vec![];
    for k in 0..2 {
        let out = dir.path().join(format!("plan{k}.json"));
        let said = common::ok(
            &db,
            &[
                "route",
                "plan",
                "--days",
                "3",
                "--time-limit",
                "0.05",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert!(said.contains("上门 4 户"), "{said}");
        assert!(said.contains("赵四（雄壁镇小河村）：需要位置"), "{said}");
        let js: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        assert_eq!(js["routes"].as_array().unwrap().len(), 3);
        assert_eq!(js["days"][0]["date"], "2022-05-16");
        assert_eq!(js["unplaced"][0]["id"], common::id(4));
        assert_eq!(js["unplaced"][0]["reason"], "no_location");
        assert_eq!(js["recorded"], false);
        routes.push(js["routes"].clone());
    }
    assert_eq!(routes[0], routes[1], "same data, same plan");
    assert_eq!(
        common::person(&db, &common::id(1))["state"],
        "applied",
        "nothing recorded without --apply"
    );

    let out = dir.path().join("applied.json");
    common::ok(
        &db,
        &[
            "route",
            "plan",
            "--days",
            "3",
            "--time-limit",
            "0.05",
            "--apply",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let js: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let planned_day = js["routes"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r.as_array().unwrap().iter().any(|v| *v == common::id(1)))
        .unwrap();
    let p = common::person(&db, &common::id(1));
    assert_eq!(p["state"], "scheduled", "{p}");
    assert_eq!(
        js["days"][planned_day]["date"].as_str().unwrap(),
        p["case"]["schedule"]["date"].as_str().unwrap_or_default(),
        "{p}"
    );
    assert_eq!(common::person(&db, &common::id(4))["state"], "applied");
}
