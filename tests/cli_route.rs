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
