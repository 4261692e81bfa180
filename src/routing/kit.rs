//! The benchmark kit's formats (`shared/routing/bench.py`): the JSON instance, Solomon VRPTW
//! text files (DIMACS rules: distance truncated to one decimal, travel time = distance), and the
//! plan file whose `routes` the kit's `--eval` scores.

use serde_json::{Value, json};

use super::{Day, Instance, LatLon, Plan, RoutingError, Travel, UnplacedReason, Visit, Window};

fn bad(s: impl Into<String>) -> RoutingError {
    RoutingError::Invalid(s.into())
}

fn window(v: &Value) -> Result<Window, RoutingError> {
    let a = v
        .as_array()
        .filter(|a| a.len() == 2)
        .ok_or_else(|| bad("a window is [\"HH:MM\", \"HH:MM\"]"))?;
    let t = |x: &Value| {
        x.as_str()
            .and_then(Window::hhmm)
            .ok_or_else(|| bad(format!("not a clock time: {x}")))
    };
    Ok(Window::new(t(&a[0])?, t(&a[1])?))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn matrix(v: &Value, what: &str) -> Result<Vec<Vec<i64>>, RoutingError> {
    v.as_array()
        .ok_or_else(|| bad(format!("travel.{what} must be a list of rows")))?
        .iter()
        .map(|r| {
            r.as_array()
                .ok_or_else(|| bad(format!("travel.{what}: a row is a list of numbers")))?
                .iter()
                .map(|x| {
                    x.as_f64()
                        .map(|f| f.round() as i64)
                        .ok_or_else(|| bad(format!("travel.{what}: not a number")))
                })
                .collect()
        })
        .collect()
}

/// The kit's JSON instance (see the docstring of `bench.py`). Extension: `"travel": {"metric":
/// "matrix", "dist_m": [[..]], "time_s": [[..]]}` (row 0 = depot) for an imported matrix.
pub fn parse_instance(text: &str) -> Result<Instance, RoutingError> {
    let js: Value = serde_json::from_str(text)?;
    let xy = js.get("coord_type").and_then(Value::as_str) == Some("xy");
    let loc = |v: &Value| -> Option<LatLon> {
        let (a, b) = if xy { ("y", "x") } else { ("lat", "lon") };
        Some(LatLon {
            lat: v.get(a)?.as_f64()?,
            lon: v.get(b)?.as_f64()?,
        })
    };
    let depot_v = js.get("depot").ok_or_else(|| bad("no depot"))?;
    let visits_v = js
        .get("visits")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("no visits"))?;
    let ndays = js
        .get("days")
        .and_then(Value::as_u64)
        .ok_or_else(|| bad("no days"))? as usize;
    let dw = match js.get("day_window") {
        Some(w) => window(w)?,
        None => Window::new(8 * 3600 + 1800, 17 * 3600 + 1800),
    };
    let mut day_windows = vec![dw; ndays];
    if let Some(ws) = js.get("day_windows").and_then(Value::as_array) {
        day_windows = ws.iter().map(window).collect::<Result<_, _>>()?;
    }
    let day_skills: Option<Vec<Vec<String>>> = js
        .get("day_skills")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(strings).collect());
    let days = (0..ndays)
        .map(|d| Day {
            label: format!("{}", d + 1),
            window: day_windows.get(d).copied().unwrap_or(dw),
            categories: day_skills
                .as_ref()
                .map(|s| s.get(d).cloned().unwrap_or_default()),
        })
        .collect();
    let mut visits = vec![];
    for (k, v) in visits_v.iter().enumerate() {
        visits.push(Visit {
            id: v
                .get("id")
                .and_then(Value::as_str)
                .map_or_else(|| format!("{}", k + 1), str::to_owned),
            location: loc(v),
            service_s: (v.get("service_min").and_then(Value::as_f64).unwrap_or(35.0) * 60.0).round()
                as i64,
            window: v.get("tw").map(window).transpose()?,
            categories: v.get("skills").map(strings).unwrap_or_default(),
            demand: v.get("demand").and_then(Value::as_i64).unwrap_or(1),
            only_days: None,
            seq_hint: None,
            priority: 1,
        });
    }
    let tr = js.get("travel").cloned().unwrap_or(Value::Null);
    let f = |k: &str, d: f64| tr.get(k).and_then(Value::as_f64).unwrap_or(d);
    let travel = if tr.get("metric").and_then(Value::as_str) == Some("matrix") {
        Travel::Matrix {
            dist_m: matrix(tr.get("dist_m").unwrap_or(&Value::Null), "dist_m")?,
            time_s: matrix(tr.get("time_s").unwrap_or(&Value::Null), "time_s")?,
        }
    } else if xy {
        // euclidean in units: distance ×1000, time = units / speed per minute
        let sp = f("speed_units_per_min", 1.0);
        let pts: Vec<Option<LatLon>> = std::iter::once(loc(depot_v))
            .chain(visits.iter().map(|v| v.location))
            .collect();
        let n = pts.len();
        let mut dist_m = vec![vec![0; n]; n];
        let mut time_s = vec![vec![0; n]; n];
        for i in 0..n {
            for j in 0..n {
                if let (Some(a), Some(b)) = (pts[i], pts[j])
                    && i != j
                {
                    let d = ((a.lat - b.lat).powi(2) + (a.lon - b.lon).powi(2)).sqrt();
                    dist_m[i][j] = (d * 1000.0).round() as i64;
                    time_s[i][j] = (d / sp * 60.0).round() as i64;
                }
            }
        }
        Travel::Matrix { dist_m, time_s }
    } else {
        Travel::Haversine {
            winding: f("winding_factor", 1.4),
            speed_kmh: f("speed_kmh", 30.0),
        }
    };
    Ok(Instance {
        name: js
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("instance")
            .to_owned(),
        depot: loc(depot_v),
        visits,
        days,
        travel,
        capacity: js.get("capacity").and_then(Value::as_i64),
    })
}

/// A Solomon VRPTW file with DIMACS rules: distance truncated to one decimal, time = distance.
/// Internally 1 unit = 1000 m and 1 time unit = 60 s, so reported km equal Solomon units.
pub fn parse_solomon(text: &str) -> Result<Instance, RoutingError> {
    let lines: Vec<&str> = text.lines().collect();
    let name = lines.first().map_or("solomon", |l| l.trim()).to_owned();
    let mut nums = lines.iter().map(|l| {
        l.split_whitespace()
            .map(str::parse::<f64>)
            .collect::<Result<Vec<_>, _>>()
    });
    let (mut veh, mut cap) = (None, None);
    let mut rows = vec![];
    for r in nums.by_ref().flatten() {
        match r.len() {
            2 if veh.is_none() => {
                veh = Some(r[0] as usize);
                cap = Some(r[1] as i64);
            }
            7 => rows.push(r),
            _ => {}
        }
    }
    let (Some(veh), Some(cap)) = (veh, cap) else {
        return Err(bad("no VEHICLE section"));
    };
    if rows.len() < 2 {
        return Err(bad("no customers"));
    }
    let n = rows.len();
    let mut dist_m = vec![vec![0; n]; n];
    let mut time_s = vec![vec![0; n]; n];
    for i in 0..n {
        for j in 0..n {
            let d = ((rows[i][1] - rows[j][1]).powi(2) + (rows[i][2] - rows[j][2]).powi(2)).sqrt();
            let tenths = (d * 10.0 + 1e-9).floor() as i64;
            dist_m[i][j] = tenths * 100;
            time_s[i][j] = tenths * 6;
        }
    }
    let depot_w = Window::new(rows[0][4] as i64 * 60, rows[0][5] as i64 * 60);
    let visits = rows[1..]
        .iter()
        .map(|r| Visit {
            id: format!("{}", r[0] as i64),
            location: Some(LatLon {
                lat: r[2],
                lon: r[1],
            }),
            service_s: r[6] as i64 * 60,
            window: Some(Window::new(r[4] as i64 * 60, r[5] as i64 * 60)),
            categories: vec![],
            demand: r[3] as i64,
            only_days: None,
            seq_hint: None,
            priority: 1,
        })
        .collect();
    let days = (0..veh)
        .map(|d| Day {
            label: format!("{}", d + 1),
            window: depot_w,
            categories: None,
        })
        .collect();
    Ok(Instance {
        name,
        depot: Some(LatLon {
            lat: rows[0][2],
            lon: rows[0][1],
        }),
        visits,
        days,
        travel: Travel::Matrix { dist_m, time_s },
        capacity: Some(cap),
    })
}

/// Solomon best-known `.sol` file: the cost line (`Cost 1637.7`).
pub fn solomon_best(text: &str) -> Option<f64> {
    text.lines().find_map(|l| {
        l.trim()
            .strip_prefix("Cost")
            .and_then(|c| c.trim().parse().ok())
    })
}

pub fn clock(t: i64) -> String {
    let t = t.max(0);
    format!("{:02}:{:02}", t / 3600, (t % 3600) / 60)
}

pub fn reason_code(r: UnplacedReason) -> &'static str {
    match r {
        UnplacedReason::NoLocation => "no_location",
        UnplacedReason::NoDoctorDay => "no_doctor_day",
        UnplacedReason::WindowTooShort => "window_too_short",
        UnplacedReason::NoRoom => "no_room",
    }
}

/// The plan file: `routes` (one list of visit ids per day, what `bench.py --eval` scores), then
/// per day arrival times and kilometres, the unplaced visits with their reasons, and run facts.
pub fn plan_json(inst: &Instance, plan: &Plan, seed: u64, wall_s: f64) -> Value {
    let days: Vec<Value> = plan
        .days
        .iter()
        .map(|d| {
            json!({
                "day": d.day + 1,
                "label": inst.days.get(d.day).map(|x| x.label.clone()),
                "km": round2(d.km()),
                "leave": clock(d.leave_depot),
                "back": if d.stops.is_empty() { Value::Null } else { json!(clock(d.back_at_depot)) },
                "stops": d.stops.iter().map(|s| json!({
                    "id": s.visit, "arrival": clock(s.arrival), "start": clock(s.start), "leave": clock(s.departure),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "instance": inst.name,
        "routes": plan.routes(),
        "total_km": round2(plan.km()),
        "days": days,
        "unplaced": plan.unplaced.iter().map(|u| json!({"id": u.visit, "reason": reason_code(u.reason)})).collect::<Vec<_>>(),
        "seed": seed,
        "iterations": plan.iterations,
        "work": plan.work,
        "deterministic": !plan.stopped_by_clock,
        "wall_s": wall_s,
    })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
