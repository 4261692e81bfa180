use super::*;

fn lcg(seed: &mut u64) -> f64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (*seed >> 11) as f64 / (1u64 << 53) as f64
}

fn day(open: &str, close: &str, cats: Option<&[&str]>) -> Day {
    Day {
        label: String::new(),
        window: Window::new(Window::hhmm(open).unwrap(), Window::hhmm(close).unwrap()),
        categories: cats.map(|c| c.iter().map(|s| s.to_string()).collect()),
    }
}

fn visit(id: &str, lat: f64, lon: f64) -> Visit {
    Visit {
        id: id.into(),
        location: Some(LatLon { lat, lon }),
        service_s: 35 * 60,
        window: None,
        categories: vec![],
        demand: 0,
        only_days: None,
        seq_hint: None,
        priority: 1,
    }
}

/// `nv` random homes within ~±20 km of the depot, `nd` days.
fn random_instance(seed: u64, nv: usize, nd: usize, close: &str) -> Instance {
    let mut s = seed;
    let visits = (0..nv)
        .map(|i| {
            visit(
                &format!("v{i}"),
                24.8 + (lcg(&mut s) - 0.5) * 0.36,
                104.0 + (lcg(&mut s) - 0.5) * 0.4,
            )
        })
        .collect();
    Instance {
        name: "t".into(),
        depot: Some(LatLon {
            lat: 24.8,
            lon: 104.0,
        }),
        visits,
        days: (0..nd).map(|_| day("08:30", close, None)).collect(),
        travel: Travel::default(),
        capacity: None,
    }
}

fn feasible_route(m: &Model, day: usize, r: &[usize]) -> Option<i64> {
    let (open, close) = m.days[day];
    let (mut t, mut prev, mut d) = (open, 0, 0);
    for &u in r {
        if !m.ok_on(u, day) {
            return None;
        }
        t = (t + m.t(prev, u)).max(m.open[u]);
        if t > m.close[u] {
            return None;
        }
        t += m.service[u];
        d += m.d(prev, u);
        prev = u;
    }
    (t + m.t(prev, 0) <= close).then_some(d + m.d(prev, 0))
}

/// Optimum by brute force: every assignment of visits to days, every order within a day.
fn brute_force(inst: &Instance) -> i64 {
    let m = Model::new(inst).unwrap();
    let nv = m.n - 1;
    let nd = m.days.len();
    fn perms(v: &mut Vec<usize>, k: usize, f: &mut dyn FnMut(&[usize])) {
        if k == v.len() {
            f(v);
            return;
        }
        for i in k..v.len() {
            v.swap(k, i);
            perms(v, k + 1, f);
            v.swap(k, i);
        }
    }
    let mut best = i64::MAX;
    for code in 0..nd.pow(nv as u32) {
        let mut c = code;
        let mut total = 0i64;
        let mut ok = true;
        let mut by_day = vec![vec![]; nd];
        for u in 1..=nv {
            by_day[c % nd].push(u);
            c /= nd;
        }
        for (d, mut nodes) in by_day.into_iter().enumerate() {
            let mut b = i64::MAX;
            perms(&mut nodes, 0, &mut |r| {
                if let Some(x) = feasible_route(&m, d, r) {
                    b = b.min(x);
                }
            });
            if b == i64::MAX {
                ok = false;
                break;
            }
            total += b;
        }
        if ok {
            best = best.min(total);
        }
    }
    best
}

fn no_violations(inst: &Instance, plan: &Plan) {
    let v = check(inst, plan).unwrap();
    assert!(v.is_empty(), "{v:?}");
}

#[test]
fn small_instances_reach_the_brute_force_optimum() {
    for seed in 1..=6u64 {
        // 7 visits, 2 days of 7 h that one day cannot take them all
        let mut inst = random_instance(seed, 7, 2, "15:30");
        if seed % 2 == 0 {
            inst.visits[0].window = Some(Window::new(
                Window::hhmm("10:30").unwrap(),
                Window::hhmm("12:00").unwrap(),
            ));
            inst.visits[3].window = Some(Window::new(
                Window::hhmm("08:30").unwrap(),
                Window::hhmm("10:30").unwrap(),
            ));
        }
        let opt = brute_force(&inst);
        assert!(
            opt < i64::MAX,
            "seed {seed}: the test instance must be feasible"
        );
        let plan = solve(&inst, Budget::work(2_000_000, 1)).unwrap();
        no_violations(&inst, &plan);
        assert!(plan.unplaced.is_empty(), "seed {seed}: {:?}", plan.unplaced);
        assert_eq!(plan.dist_m, opt, "seed {seed}");
    }
}

#[test]
fn same_input_and_seed_give_the_same_plan() {
    let inst = random_instance(42, 40, 6, "17:30");
    let a = solve(&inst, Budget::work(3_000_000, 7)).unwrap();
    let b = solve(&inst, Budget::work(3_000_000, 7)).unwrap();
    assert_eq!(a, b);
    no_violations(&inst, &a);
    // the clock never decides: a generous safety cap gives the same plan
    let c = solve(
        &inst,
        Budget {
            safety: Some(std::time::Duration::from_secs(600)),
            ..Budget::work(3_000_000, 7)
        },
    )
    .unwrap();
    assert_eq!(a, c);
}

#[test]
fn unplaceable_visits_are_reported_with_their_reason() {
    let mut inst = random_instance(3, 8, 2, "17:30");
    inst.days[1].categories = Some(vec!["psych".into()]);
    inst.days[0].categories = Some(vec![]);
    inst.visits[0].location = None;
    inst.visits[1].categories = vec!["ortho".into()];
    inst.visits[2].categories = vec!["psych".into()];
    // home only 08:30–08:31 but the depot is further than a minute away
    inst.visits[3].window = Some(Window::new(
        Window::hhmm("08:30").unwrap(),
        Window::hhmm("08:31").unwrap(),
    ));
    let plan = solve(&inst, Budget::work(200_000, 1)).unwrap();
    no_violations(&inst, &plan);
    let reasons: Vec<(&str, UnplacedReason)> = plan
        .unplaced
        .iter()
        .map(|u| (u.visit.as_str(), u.reason))
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("v0", UnplacedReason::NoLocation),
            ("v1", UnplacedReason::NoDoctorDay),
            ("v3", UnplacedReason::WindowTooShort)
        ]
    );
    // the psychiatric visit goes on day 2, the only day that doctor comes
    assert_eq!(
        plan.days[1]
            .stops
            .iter()
            .filter(|s| s.visit == "v2")
            .count(),
        1
    );
    // full days: 30 visits cannot fit in one 2-hour day
    let mut full = random_instance(5, 30, 1, "12:30");
    full.visits.truncate(30);
    let plan = solve(&full, Budget::work(200_000, 1)).unwrap();
    no_violations(&full, &plan);
    assert!(!plan.unplaced.is_empty());
    assert!(
        plan.unplaced
            .iter()
            .all(|u| u.reason == UnplacedReason::NoRoom)
    );
    assert_eq!(plan.unplaced.len() + plan.days[0].stops.len(), 30);
}

#[test]
fn the_checker_catches_each_kind_of_violation() {
    let mut inst = random_instance(9, 6, 2, "17:30");
    inst.days[0].categories = Some(vec!["gp".into()]);
    inst.days[1].categories = Some(vec![]);
    for v in &mut inst.visits {
        v.categories = vec!["gp".into()];
    }
    let good = solve(&inst, Budget::work(100_000, 1)).unwrap();
    no_violations(&inst, &good);
    let day0 = good.days.iter().position(|d| !d.stops.is_empty()).unwrap();
    let has = |p: &Plan, f: &dyn Fn(&Violation) -> bool| check(&inst, p).unwrap().iter().any(f);

    // a visit lost
    let mut p = good.clone();
    p.days[day0].stops.pop();
    assert!(has(&p, &|v| matches!(v, Violation::Lost { .. })));
    // a visit twice
    let mut p = good.clone();
    p.unplaced.push(Unplaced {
        visit: p.days[day0].stops[0].visit.clone(),
        reason: UnplacedReason::NoRoom,
    });
    assert!(has(&p, &|v| matches!(v, Violation::Twice { .. })));
    // service started after the window
    let mut inst2 = inst.clone();
    let first = &good.days[day0].stops[0];
    let k = inst2
        .visits
        .iter()
        .position(|v| v.id == first.visit)
        .unwrap();
    inst2.visits[k].window = Some(Window::new(0, first.start - 60));
    assert!(
        check(&inst2, &good)
            .unwrap()
            .iter()
            .any(|v| matches!(v, Violation::LateStart { .. }))
    );
    // service shorter than required: the reported times no longer add up
    let mut inst3 = inst.clone();
    inst3.visits[k].service_s += 600;
    assert!(
        check(&inst3, &good)
            .unwrap()
            .iter()
            .any(|v| matches!(v, Violation::Times { .. }))
    );
    // day too long
    let mut inst4 = inst.clone();
    inst4.days[day0].window.close = good.days[day0].back_at_depot - 1;
    assert!(
        check(&inst4, &good)
            .unwrap()
            .iter()
            .any(|v| matches!(v, Violation::ReturnsLate { .. }))
    );
    // a visit on a day without its doctor
    let mut p = good.clone();
    let s = p.days[day0].stops.remove(0);
    p.days[1 - day0].stops.push(s);
    assert!(has(&p, &|v| matches!(v, Violation::WrongDoctor { .. })));
    // a false reason
    let mut p = good.clone();
    let s = p.days[day0].stops.remove(0);
    p.unplaced.push(Unplaced {
        visit: s.visit,
        reason: UnplacedReason::NoLocation,
    });
    assert!(has(&p, &|v| matches!(v, Violation::WrongReason { .. })));
    // wrong kilometres
    let mut p = good.clone();
    p.days[day0].dist_m += 1;
    assert!(has(&p, &|v| matches!(v, Violation::Distance { .. })));
}

#[test]
fn the_kit_instance_format_parses() {
    let js = r#"{"name":"x","coord_type":"latlon","depot":{"id":"depot","lat":24.8,"lon":104.0},
      "visits":[{"id":"a","lat":24.81,"lon":104.01,"service_min":30,"tw":["09:00","12:00"],"skills":["psych"]},
                {"id":"b","lat":24.79,"lon":103.99}],
      "days":2,"day_window":["08:30","17:30"],"day_skills":[["gp"],["gp","psych"]],
      "travel":{"metric":"haversine","winding_factor":1.4,"speed_kmh":30}}"#;
    let inst = kit::parse_instance(js).unwrap();
    assert_eq!(inst.visits[0].service_s, 1800);
    assert_eq!(
        inst.visits[0].window,
        Some(Window::new(9 * 3600, 12 * 3600))
    );
    let plan = solve(&inst, Budget::work(10_000, 1)).unwrap();
    no_violations(&inst, &plan);
    assert!(plan.routes()[1].contains(&"a".to_string()));
    let out = kit::plan_json(&inst, &plan, 1, 0.0);
    assert_eq!(out["routes"].as_array().unwrap().len(), 2);
}
