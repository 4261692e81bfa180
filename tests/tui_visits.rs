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
    let id = &v.cases[first.stops[0].case].holder.id_number;
    assert_eq!(state_of(&h, id), "scheduled");
    // Psychiatric visits only on the psychiatric hospital's days.
    for d in &v.days {
        if d.stops
            .iter()
            .any(|s| matches!(v.cases[s.case].holder.category, Some(5 | 6)))
        {
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
    // The demo's days are full: the day it went to may lose one visit to make room (it is
    // then reported, never silently dropped); every other visit keeps its day.
    let bumped: Vec<_> = before
        .iter()
        .filter(|(k, d)| **k != id && after.get(*k) != Some(*d))
        .collect();
    assert!(before.len() > 100, "{}", before.len());
    assert!(bumped.len() <= 1, "{bumped:?} target {target}");
    assert!(bumped.iter().all(|(_, d)| **d == target), "{bumped:?}");
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
    let a = v.cases[v.days[0].stops[0].case].holder.id_number.clone();
    let b = v.cases[v.days[0].stops[1].case].holder.id_number.clone();
    // Visited: checked in at home, the result form opens.
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
    let v = h.app.visits.view.clone().unwrap();
    let a = v.cases[v.days[0].stops[0].case].holder.id_number.clone();
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
