//! 上门服务, driven by keys on the demo county: plan, move a visit to another day (pinned,
//! the rest keeps its days), visit and record the result, not at home (re-planned later),
//! a case without a location listed, not lost. Small search budgets keep debug runs short.

mod common;

use common::tui::Harness;
use huanzheng::app::Tab;
use huanzheng::i18n::Lang;
use huanzheng::routing::UnplacedReason;
use huanzheng::screens::visits::{Mode, Pane};
use huanzheng::store::queries;
use huanzheng::store::routes::Problem;
use ratatui::crossterm::event::KeyCode;

fn planned(lang: Lang) -> Harness {
    let mut h = Harness::demo(lang);
    h.go(Tab::Visits);
    assert_eq!(h.app.tab, Tab::Visits);
    h.app.visits.budget_ms = 20;
    h.key(KeyCode::Char('p'));
    assert_eq!(h.app.visits.planning, None, "the plan came back");
    h
}

fn screen(h: &Harness) -> String {
    h.screen_text(100, 30).join("\n")
}

/// id → day of every case on a day.
fn days_of(h: &Harness) -> std::collections::BTreeMap<String, chrono::NaiveDate> {
    let v = h.app.visits.view.as_ref().unwrap();
    v.days
        .iter()
        .flat_map(|d| {
            d.stops
                .iter()
                .map(move |s| (v.cases[s.case].holder.id_number.clone(), d.date))
        })
        .collect()
}

/// The ID numbers of the assessments (not cards to deliver) on the first day, in order.
fn assessments(h: &Harness) -> Vec<String> {
    let v = h.app.visits.view.as_ref().unwrap();
    v.days[0]
        .stops
        .iter()
        .map(|s| &v.cases[s.case])
        .filter(|c| !c.delivery())
        .map(|c| c.holder.id_number.clone())
        .collect()
}

fn state_of(h: &Harness, id: &str) -> String {
    queries::person(h.store(), id)
        .unwrap()
        .case
        .state
        .as_str()
        .to_string()
}

#[test]
fn plan_shows_each_days_route_and_books_the_visits() {
    let h = planned(Lang::Zh);
    let v = h.app.visits.view.as_ref().unwrap();
    assert!(v.planned() > 100, "{}", v.planned());
    let first = &v.days[0];
    assert!(!first.stops.is_empty());
    let s = screen(&h);
    assert!(s.contains("F5 上门服务"), "{s}");
    assert!(s.contains("5月16日 周一"), "{s}");
    assert!(s.contains("医生：师宗县人民医院"), "{s}");
    let name = &v.cases[first.stops[0].case].holder.name;
    assert!(s.contains(name.as_str()), "{s}");
    assert!(s.contains("已计划并保存"), "{s}");
    let id = &assessments(&h)[0];
    assert_eq!(state_of(&h, id), "scheduled");
    // Psychiatric visits only on the psychiatric hospital's days.
    for d in &v.days {
        if d.stops.iter().any(|s| {
            let c = &v.cases[s.case];
            !c.delivery() && matches!(c.holder.category, Some(5 | 6))
        }) {
            assert!(d.doctors.iter().any(|x| x.contains("康宁")), "{:?}", d.date);
        }
    }
}

#[test]
fn moving_a_visit_pins_it_and_the_others_keep_their_days() {
    let mut h = planned(Lang::Zh);
    let before = days_of(&h);
    h.key(KeyCode::Down);
    let case = h.app.visits.rows()[1];
    let id = h.app.visits.view.as_ref().unwrap().cases[case]
        .holder
        .id_number
        .clone();
    h.key(KeyCode::Char('m'));
    assert!(matches!(h.app.visits.mode, Mode::Move { .. }));
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
    let after = days_of(&h);
    let target = h.app.visits.view.as_ref().unwrap().days[2].date;
    assert_eq!(after.get(&id), Some(&target), "moved where it was put");
    let row = h
        .app
        .visits
        .view
        .as_ref()
        .unwrap()
        .cases
        .iter()
        .find(|c| c.holder.id_number == id)
        .unwrap()
        .clone();
    assert!(row.pinned);
    // The demo's days are full: the day it went to may lose visits to make room (each is
    // then re-planned or reported, never silently dropped); every other visit keeps its day.
    let bumped: Vec<_> = before
        .iter()
        .filter(|(k, d)| **k != id && after.get(*k) != Some(*d))
        .collect();
    assert!(before.len() > 100, "{}", before.len());
    // Cards to deliver give way first and may go to any day; of the assessments only
    // those of the day it went to may leave it, and few.
    let v = h.app.visits.view.as_ref().unwrap();
    let delivery = |k: &str| {
        v.cases
            .iter()
            .any(|c| c.holder.id_number == k && c.delivery())
    };
    let assessments_bumped: Vec<_> = bumped.iter().filter(|(k, _)| !delivery(k)).collect();
    assert!(assessments_bumped.len() <= 2, "{bumped:?} target {target}");
    assert!(
        assessments_bumped.iter().all(|(_, d)| **d == target),
        "{bumped:?}"
    );
    let v = h.app.visits.view.as_ref().unwrap();
    for (k, _) in &bumped {
        let i = v
            .cases
            .iter()
            .position(|c| &c.holder.id_number == *k)
            .unwrap();
        assert!(
            after.contains_key(*k) || v.problems[i].is_some(),
            "reported"
        );
    }
    assert!(screen(&h).contains("已固定"), "{}", screen(&h));
    // A re-plan keeps the pin and every day.
    h.key(KeyCode::Char('p'));
    assert_eq!(days_of(&h).get(&id), Some(&target));
}

#[test]
fn visited_then_result_and_not_at_home_goes_to_a_later_day() {
    let mut h = planned(Lang::Zh);
    let v = h.app.visits.view.clone().unwrap();
    let first_day = v.days[0].date;
    let a = assessments(&h)[0].clone();
    let b = assessments(&h)[1].clone();
    // Visited: checked in at home, the result form opens.
    h.app.visits.selected = find_row(&h, &a);
    h.key(KeyCode::Char('v'));
    assert_eq!(state_of(&h, &a), "waiting");
    assert!(
        matches!(h.app.visits.mode, Mode::Form(_)),
        "{:?}",
        h.app.visits.mode
    );
    h.type_text("4");
    h.type_text("2");
    h.key(KeyCode::Down);
    h.type_text("王医生");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.visits.mode, Mode::List);
    assert_ne!(state_of(&h, &a), "waiting", "the result is recorded");
    // Not at home: confirmed, then re-planned on a later day.
    h.app.visits.selected = h
        .app
        .visits
        .rows()
        .iter()
        .position(|&i| {
            h.app.visits.view.as_ref().unwrap().cases[i]
                .holder
                .id_number
                == b
        })
        .unwrap();
    let today_before: Vec<String> = days_of(&h)
        .into_iter()
        .filter(|(_, d)| *d == first_day)
        .map(|(k, _)| k)
        .collect();
    h.key(KeyCode::Char('n'));
    assert!(screen(&h).contains("家中无人"), "{}", screen(&h));
    h.key(KeyCode::Char('y'));
    let after = days_of(&h);
    for (k, d) in &after {
        if *d == first_day {
            assert!(
                today_before.contains(k),
                "nobody new is added to today's route: {k}"
            );
        }
    }
    match after.get(&b) {
        Some(d) => assert!(*d > first_day, "{d}"),
        None => assert_eq!(state_of(&h, &b), "needs_rescheduling"),
    }
}

#[test]
fn a_case_without_a_location_is_listed_not_lost() {
    let mut h = Harness::demo(Lang::Zh);
    h.served
        .store
        .conn()
        .execute(
            "UPDATE village SET lat = NULL, lon = NULL WHERE name = (
                SELECT h.village FROM holder h WHERE h.mobility_impaired = 1 AND h.state = 'applied'
                ORDER BY h.id_number LIMIT 1)",
            [],
        )
        .unwrap();
    h.go(Tab::Visits);
    h.app.visits.budget_ms = 20;
    h.key(KeyCode::Char('p'));
    let v = h.app.visits.view.as_ref().unwrap();
    let lost: Vec<_> = v
        .problems
        .iter()
        .zip(&v.cases)
        .filter(|(p, _)| **p == Some(Problem::Unplaced(UnplacedReason::NoLocation)))
        .map(|(_, c)| c.holder.name.clone())
        .collect();
    assert!(!lost.is_empty());
    h.key(KeyCode::Char('a'));
    assert_eq!(h.app.visits.pane, Pane::Cases);
    let s = screen(&h);
    assert!(s.contains("需要位置"), "{s}");
    let pos = h
        .app
        .visits
        .view
        .as_ref()
        .unwrap()
        .problems
        .iter()
        .position(|p| *p == Some(Problem::Unplaced(UnplacedReason::NoLocation)))
        .unwrap();
    h.app.visits.selected = pos;
    let s = screen(&h);
    assert!(s.contains(&lost[0]) || pos > 20, "{s}");
}

#[test]
fn esc_cancels_a_plan_in_progress_and_nothing_is_recorded() {
    let mut h = Harness::demo(Lang::En);
    h.go(Tab::Visits);
    // As the runtime would show it: the plan was asked for and is running.
    h.app.visits.planning = Some(300);
    let effects = huanzheng::app::update(
        &mut h.app,
        huanzheng::app::Msg::Key(ratatui::crossterm::event::KeyEvent::from(KeyCode::Esc)),
    );
    assert_eq!(
        effects,
        vec![huanzheng::app::Effect::Request(
            huanzheng::store::worker::Request::RouteCancel
        )]
    );
    assert!(screen(&h).contains("planning the routes (Esc cancels)"));
}

#[test]
fn the_database_thread_stops_a_plan_on_cancel_and_records_nothing() {
    use huanzheng::store::routes::Change;
    use huanzheng::store::worker::{Reply, Request, Worker};
    use huanzheng::store::{Actor, Store};
    let mut store =
        Store::open_in_memory(huanzheng::domain::campaign::Campaign::builtin()).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2022, 3, 16).unwrap();
    huanzheng::demo::load(&mut store, 1, &Actor::on("陆松", day)).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = Worker::spawn(store, move |r| {
        let _ = tx.send(r);
    });
    worker.send(Request::SignIn {
        name: huanzheng::demo::LEADER.into(),
        password: huanzheng::demo::PASSWORD.into(),
    });
    assert!(matches!(rx.recv().unwrap(), Reply::SignedIn(_)));
    // A minute of search: only the cancel can end it in time.
    worker.send(Request::RoutePlan {
        change: Change::Fresh,
        budget_ms: 60_000,
    });
    assert!(matches!(rx.recv().unwrap(), Reply::RouteProgress { .. }));
    worker.send(Request::RouteCancel);
    let end = loop {
        match rx.recv().unwrap() {
            Reply::RouteProgress { permille } => assert!(permille < 1000),
            other => break other,
        }
    };
    match end {
        Reply::Failed(text) => assert_eq!(text, huanzheng::i18n::Text::RouteCancelled),
        other => panic!("{other:?}"),
    }
    worker.send(Request::RouteView);
    match rx.recv().unwrap() {
        Reply::Route(view) => {
            assert_eq!(view.planned(), 0, "nothing recorded");
            assert!(
                view.problems
                    .iter()
                    .all(|p| *p == Some(Problem::NotPlanned))
            );
        }
        other => panic!("{other:?}"),
    }
}

/// A result typed at someone's home that cannot be saved (the disk is full) comes back
/// in its form, as typed; nothing is half-written.
#[test]
fn a_home_result_that_cannot_be_saved_keeps_its_form() {
    let mut h = planned(Lang::Zh);
    let a = assessments(&h)[0].clone();
    h.app.visits.selected = find_row(&h, &a);
    h.key(KeyCode::Char('v'));
    h.type_text("4");
    h.type_text("2");
    h.key(KeyCode::Down);
    h.type_text("王医生");
    h.store().conn().execute_batch("VACUUM").unwrap();
    let pages: i64 = h
        .store()
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    h.store()
        .conn()
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    h.key(KeyCode::Enter);
    assert!(
        matches!(h.app.visits.mode, Mode::Form(_)),
        "{:?}",
        h.app.visits.mode
    );
    let s = screen(&h);
    assert!(s.contains("磁盘已满") && s.contains("王医生"), "{s}");
    assert_eq!(state_of(&h, &a), "waiting");
    h.store()
        .conn()
        .pragma_update(None, "max_page_count", 1_073_741_823)
        .unwrap();
    h.key(KeyCode::Enter);
    assert_eq!(h.app.visits.mode, Mode::List);
    assert_ne!(state_of(&h, &a), "waiting", "saved once there is room");
}

fn find_row(h: &Harness, id: &str) -> usize {
    h.app
        .visits
        .rows()
        .iter()
        .position(|&i| {
            h.app.visits.view.as_ref().unwrap().cases[i]
                .holder
                .id_number
                == id
        })
        .unwrap()
}

/// `w` cycles the hours the family is at home; the choice is an event of the case and a
/// re-plan keeps a morning family's visit over by noon.
#[test]
fn w_sets_a_morning_window_and_the_replan_keeps_it_before_noon() {
    let mut h = planned(Lang::Zh);
    let v = h.app.visits.view.clone().unwrap();
    let day = &v.days[0];
    // The day's last visit: without the window it would be in the afternoon.
    let last = day.stops.last().unwrap();
    assert!(last.arrival > 12 * 3600, "{}", last.arrival);
    let id = v.cases[last.case].holder.id_number.clone();
    h.app.visits.selected = find_row(&h, &id);
    h.key(KeyCode::Char('w'));
    let p = queries::person(h.store(), &id).unwrap();
    assert_eq!(
        p.case.visit_window,
        Some(huanzheng::domain::home_visit::VisitWindow::Morning)
    );
    assert_eq!(p.events.last().unwrap().event.kind(), "visit_window_set");
    assert!(screen(&h).contains("上午"), "{}", screen(&h));
    h.key(KeyCode::Char('p'));
    let v = h.app.visits.view.clone().unwrap();
    let service = 35 * 60;
    let stop = v
        .days
        .iter()
        .flat_map(|d| &d.stops)
        .find(|s| v.cases[s.case].holder.id_number == id);
    match stop {
        Some(s) => assert!(s.arrival + service <= 12 * 3600, "{}", s.arrival),
        None => {
            let i = v
                .cases
                .iter()
                .position(|c| c.holder.id_number == id)
                .unwrap();
            assert!(v.problems[i].is_some(), "reported, not lost");
        }
    }
    // 上午 → 下午 → 全天.
    h.app.visits.pane = Pane::Cases;
    h.app.visits.selected = find_row(&h, &id);
    h.key(KeyCode::Char('w'));
    h.app.visits.selected = find_row(&h, &id);
    h.key(KeyCode::Char('w'));
    let p = queries::person(h.store(), &id).unwrap();
    assert_eq!(p.case.visit_window, None);
}

/// After the team checks in at a home, that day's remaining visits are timed from when
/// and where it really is, not from the morning's plan.
#[test]
fn arrivals_are_recomputed_from_the_visit_just_made() {
    use chrono::TimeZone;
    let mut h = planned(Lang::Zh);
    let v = h.app.visits.view.clone().unwrap();
    // A day that starts with an assessment (a card to deliver is handed over, not checked
    // in), with visits after it.
    let d = v
        .days
        .iter()
        .position(|d| d.stops.len() >= 3 && !v.cases[d.stops[0].case].delivery())
        .unwrap();
    let day = v.days[d].clone();
    let first = v.cases[day.stops[0].case].holder.id_number.clone();
    let before: Vec<i64> = day.stops.iter().map(|s| s.arrival).collect();
    // The team reached the first home 50 minutes late.
    let late = before[0] + 50 * 60;
    let at = chrono::Local
        .from_local_datetime(&day.date.and_time(
            chrono::NaiveTime::from_num_seconds_from_midnight_opt(late as u32, 0).unwrap(),
        ))
        .single()
        .unwrap()
        .with_timezone(&chrono::Utc);
    let actor = huanzheng::store::Actor {
        operator: "陆松".into(),
        at,
        day: day.date,
    };
    huanzheng::store::routes::record_visit(&mut h.served.store, &actor, &first, day.date, true)
        .unwrap();
    h.go(Tab::Overview);
    h.go(Tab::Visits);
    let after = h.app.visits.view.clone().unwrap().days[d].clone();
    assert_eq!(after.stops.len(), day.stops.len());
    assert_eq!(
        after.stops[0].arrival, before[0],
        "the visit made keeps its line"
    );
    for (k, (was, now)) in before.iter().zip(&after.stops).enumerate().skip(1).take(2) {
        assert_eq!(
            now.arrival - was,
            50 * 60,
            "stop {k}: {was} → {}",
            now.arrival
        );
    }
    assert!(after.back > day.back);
    // A check-in typed in on another day says nothing of where the team is.
    let mut h = planned(Lang::Zh);
    let other = huanzheng::store::Actor {
        operator: "陆松".into(),
        at: at + chrono::Duration::days(1),
        day: day.date,
    };
    huanzheng::store::routes::record_visit(&mut h.served.store, &other, &first, day.date, true)
        .unwrap();
    h.go(Tab::Overview);
    h.go(Tab::Visits);
    let again = h.app.visits.view.clone().unwrap().days[d].clone();
    let again: Vec<i64> = again.stops.iter().map(|s| s.arrival).collect();
    assert_eq!(again, before);
}

/// A mobility-impaired holder whose card is ready is a visit too (送证上门): planned
/// without a doctor, and `v` on it opens that holder's handover.
#[test]
fn a_card_to_deliver_is_planned_and_v_opens_its_handover() {
    let mut h = planned(Lang::Zh);
    h.key(KeyCode::Char('a'));
    let v = h.app.visits.view.clone().unwrap();
    let i = v
        .cases
        .iter()
        .position(|c| c.delivery())
        .expect("the demo has mobility-impaired holders with a ready card");
    let id = v.cases[i].holder.id_number.clone();
    assert!(screen(&h).contains("送证上门") || i > 20, "{}", screen(&h));
    // Put it on the first day (pinned), then find it on that day's route.
    h.app.visits.selected = i;
    h.key(KeyCode::Char('m'));
    while !matches!(h.app.visits.mode, Mode::Move { day: 0, .. }) {
        h.key(KeyCode::Left);
    }
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('a'));
    assert_eq!(h.app.visits.pane, Pane::Day);
    h.app.visits.day = 0;
    let v = h.app.visits.view.clone().unwrap();
    assert!(
        v.days[0]
            .stops
            .iter()
            .any(|s| v.cases[s.case].holder.id_number == id),
        "the delivery is on the first day"
    );
    // No event books a delivery: the case waits for its handover.
    assert_eq!(state_of(&h, &id), "ready_for_handover");
    h.app.visits.selected = find_row(&h, &id);
    assert!(screen(&h).contains("送证上门"), "{}", screen(&h));
    h.key(KeyCode::Char('v'));
    assert_eq!(h.app.tab, Tab::Handover);
    let shown = h.app.handover.view.as_ref().expect("the handover is shown");
    assert_eq!(shown.holder.id_number, id);
    assert_eq!(
        state_of(&h, &id),
        "ready_for_handover",
        "nothing recorded yet"
    );
}

#[test]
fn the_route_sheet_goes_into_the_print_folder() {
    let mut h = planned(Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    h.app.print_dir = dir.path().to_path_buf();
    h.key(KeyCode::Char('r'));
    let date = h.app.visits.view.as_ref().unwrap().days[0].date;
    let file = dir.path().join(format!("上门路线单-{date}.pdf"));
    assert!(file.is_file(), "{:?}", h.effects.last());
    assert!(screen(&h).contains("已写出路线单"), "{}", screen(&h));
}

#[test]
fn every_key_of_the_route_shows_in_an_80_column_terminal() {
    let mut h = planned(Lang::Zh);
    // Another day and back: the hint replaces the message of the plan just made.
    h.key(KeyCode::Right);
    h.key(KeyCode::Left);
    let lines = h.screen_text(80, 24);
    let keys = lines[lines.len() - 3..].join("\n");
    // The first and the last key of the hint: nothing cut at the edge.
    assert!(keys.contains("←→ 换日"), "{keys}");
    assert!(keys.contains("a 全部"), "{keys}");
    // And the route above keeps its rows.
    assert!(
        lines.iter().any(|l| l.contains("08:")),
        "{}",
        lines.join("\n")
    );
}
