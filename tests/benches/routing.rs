//! The home-visit planner on the routing benchmark kit's instances (`../shared/routing`), each
//! figure next to the kit's anchors (OR-Tools, PyVRP, VROOM) and scored by our checker and,
//! when Python with numpy is there, by the kit's own evaluator (`bench.py --eval`).
//!
//!     cargo bench --bench routing                     # shizong55 at 1 s, Solomon at 5 s
//!     cargo bench --bench routing -- shizong55 R101   # some instances only
//!
//! Kit folder: $HUANZHENG_ROUTING_KIT, else ../shared/routing next to the crate. Python: $PYTHON,
//! else /tmp/rvenv/bin/python (the kit README's venv), else python3.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use huanzheng::routing::{self, Budget, Instance, kit};

struct Case {
    name: &'static str,
    seconds: f64,
    best: f64,
    anchors: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "shizong55",
        seconds: 1.0,
        best: 493.16,
        anchors: "OR-Tools 495.48 (30 s) | PyVRP 493.16 (30 s) | VROOM 493.16 (1.1 s)",
    },
    Case {
        name: "C101",
        seconds: 5.0,
        best: 827.3,
        anchors: "all three optimal",
    },
    Case {
        name: "R101",
        seconds: 5.0,
        best: 1637.7,
        anchors: "OR-Tools 1658.6 | PyVRP 1637.7 | VROOM 1644.3 (3.4 s)",
    },
    Case {
        name: "RC101",
        seconds: 5.0,
        best: 1619.8,
        anchors: "OR-Tools 1682.1 | PyVRP 1631.3 | VROOM 1657.2 (3.3 s)",
    },
    Case {
        name: "C201",
        seconds: 5.0,
        best: 589.1,
        anchors: "all three optimal",
    },
    Case {
        name: "R201",
        seconds: 5.0,
        best: 1143.2,
        anchors: "OR-Tools 1209.8 | PyVRP 1143.2 | VROOM 1173.3 (3.7 s)",
    },
    Case {
        name: "RC201",
        seconds: 5.0,
        best: 1261.8,
        anchors: "OR-Tools 1302.2 | PyVRP 1262.7 | VROOM 1320.2 (2.1 s)",
    },
];

fn kit_dir() -> PathBuf {
    std::env::var_os("HUANZHENG_ROUTING_KIT")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/routing"))
}

fn python() -> Option<String> {
    let mut tries = vec![];
    if let Ok(p) = std::env::var("PYTHON") {
        tries.push(p);
    }
    tries.push("/tmp/rvenv/bin/python".into());
    tries.push("python3".into());
    tries.into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import numpy"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn load(dir: &Path, name: &str) -> (Instance, Option<PathBuf>) {
    let json = dir.join("instances").join(format!("{name}.json"));
    if json.exists() {
        let inst = kit::parse_instance(&std::fs::read_to_string(&json).unwrap()).unwrap();
        return (inst, Some(json));
    }
    let txt = dir.join("instances/solomon").join(format!("{name}.txt"));
    (
        kit::parse_solomon(&std::fs::read_to_string(&txt).unwrap()).unwrap(),
        None,
    )
}

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let dir = kit_dir();
    let py = python();
    if py.is_none() {
        println!(
            "(no Python with numpy: scored by our checker only; see the kit README for the venv)"
        );
    }
    println!(
        "work budget: {} units per second of limit, seed 1",
        routing::WORK_PER_SECOND
    );
    for case in CASES
        .iter()
        .filter(|c| wanted.is_empty() || wanted.iter().any(|w| w == c.name))
    {
        let (inst, json) = load(&dir, case.name);
        let t0 = Instant::now();
        let plan = routing::solve(&inst, Budget::from_seconds(case.seconds, 1)).unwrap();
        let wall = t0.elapsed().as_secs_f64();
        let violations = routing::check(&inst, &plan).unwrap();
        let gap = (plan.km() / case.best - 1.0) * 100.0;
        println!(
            "{:<10} {:>9.2} km  best {:>8.2}  gap {:+5.2}%  {:>5.2} s (limit {} s)  served {}/{}  iterations {}  checker: {}{}",
            case.name,
            plan.km(),
            case.best,
            gap,
            wall,
            case.seconds,
            plan.days.iter().map(|d| d.stops.len()).sum::<usize>(),
            inst.visits.len(),
            plan.iterations,
            if violations.is_empty() {
                "feasible".to_string()
            } else {
                format!("{violations:?}")
            },
            if plan.stopped_by_clock {
                "  (cut by the safety clock)"
            } else {
                ""
            },
        );
        println!("           anchors: {}", case.anchors);
        if let (Some(py), Some(json)) = (&py, &json) {
            let out = std::env::temp_dir().join(format!("huanzheng-routes-{}.json", case.name));
            let body = serde_json::json!({"routes": plan.routes(), "wall_s": wall});
            std::fs::write(&out, body.to_string()).unwrap();
            let res = Command::new(py)
                .arg(dir.join("bench.py"))
                .arg(json)
                .arg("--eval")
                .arg(&out)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&res.stdout);
            for l in text.lines().filter(|l| {
                l.starts_with("==") || l.contains("violations") || l.contains("unassigned")
            }) {
                println!(
                    "           bench.py --eval: {}",
                    l.trim_start_matches("== ")
                );
            }
        }
    }
}
