//! 评定计划, driven by keys: the leader looks at the schedule, postpones a day
//! (另行通知) and sees whom to tell, edits the dates so those without room fit, and
//! records the plan. No sleeps: requests are answered synchronously.

mod common;

use chrono::NaiveDate;
use common::tui::Harness;
use huanzheng::app::{Msg, Tab, update};
use huanzheng::i18n::{Lang, Text};
use huanzheng::screens::plan::Mode;
use huanzheng::store::queries;
use huanzheng::store::worker::Reply;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, m, day).unwrap()
}

fn at_plan(lang: Lang) -> Harness {
    let mut h = Harness::demo(lang);
    h.go(Tab::Queue);
    h.key(KeyCode::Char('p'));
    assert_eq!(h.app.tab, Tab::Plan);
    h
}

fn state_of(h: &Harness, id: &str) -> String {
    queries::person(h.store(), id)
        .unwrap()
        .case
        .state
        .as_str()
        .to_string()
}

/// Selects the site day of `date` (its first vehicle) on the plan.
fn select_day(h: &mut Harness, date: NaiveDate) {
    h.app.plan.selected = h
        .app
        .plan
        .days
        .iter()
        .position(|r| r.date == date)
        .expect("a site day on that date");
}

fn screen(h: &Harness) -> String {
    h.screen_text(100, 30).join("\n")
}

#[test]
fn the_plan_opens_from_the_queue_and_esc_goes_back() {
    let mut h = at_plan(Lang::Zh);
    let proposal = h.app.plan.proposal.clone().expect("the plan is computed");
    assert_eq!(proposal.subjects, 0, "the demo county is fully booked");
    assert!(proposal.booked > 7000);
    assert!(!h.app.plan.days.is_empty());
    // Nobody is overbooked: every site day's halves are within the capacity shown.
    for day in &h.app.plan.days {
        let capacity = h.app.plan.params.capacity(&day.site);
        assert!(day.am <= capacity && day.pm <= capacity, "{day:?}");
    }
    let text = screen(&h);
    assert!(text.contains("评定计划"), "{text}");
    assert!(text.contains("3月28日 周一"), "{text}");
    // 2 April 2022 was a Saturday worked in exchange for the Qingming holiday.
    assert!(text.contains("4月2日 周六"), "{text}");
    assert!(
        !h.app.plan.days.iter().any(|r| r.date == d(4, 4)),
        "清明 holiday"
    );

    h.key(KeyCode::Enter);
    assert_eq!(h.app.plan.mode, Mode::List, "nothing new to record");
    assert_eq!(h.app.plan.done, Some(Text::PlanNothingNew));
    h.key(KeyCode::Esc);
    assert_eq!(h.app.tab, Tab::Queue);
}

#[test]
fn postponing_a_day_lists_whom_to_tell_and_records_nothing_until_confirmed() {
    let mut h = at_plan(Lang::Zh);
    select_day(&mut h, d(3, 29));
    h.key(KeyCode::Char('x'));
    assert_eq!(h.app.plan.mode, Mode::Shift);
    let view = h.app.plan.shift.clone().expect("the proposal");
    let moved = view.proposal.moved.clone();
    assert!(moved.len() > 100);
    assert_eq!(view.people.len(), moved.len());
    assert!(
        moved
            .iter()
            .all(|m| m.from.as_ref().unwrap().date == d(3, 29))
    );
    let first = &moved[0].id;
    let text = screen(&h);
    assert!(text.contains("另行通知"), "{text}");
    assert!(text.contains(&view.people[0].name), "{text}");
    assert!(
        !text.contains(first.as_str()),
        "ID numbers are masked: {text}"
    );

    // Esc: nothing is recorded.
    h.key(KeyCode::Esc);
    assert_eq!(h.app.plan.mode, Mode::List);
    assert_eq!(state_of(&h, first), "scheduled");
    let person = queries::person(h.store(), first).unwrap();
    assert_eq!(person.holder.state, "scheduled");
}

#[test]
fn a_postponed_day_moves_everyone_and_a_longer_window_fits_those_left_over() {
    let mut h = at_plan(Lang::Zh);
    select_day(&mut h, d(3, 29));
    h.key(KeyCode::Char('x'));
    let view = h.app.plan.shift.clone().unwrap();
    h.key(KeyCode::Char('y'));
    assert_eq!(
        h.app.plan.mode,
        Mode::Shifted,
        "the list of people to tell stays"
    );
    assert!(screen(&h).contains("已改期"), "{}", screen(&h));

    let (later, none): (Vec<_>, Vec<_>) = view.proposal.moved.iter().partition(|m| m.to.is_some());
    assert!(
        !later.is_empty() && !none.is_empty(),
        "the demo county is full"
    );
    for m in &later {
        let to = m.to.as_ref().unwrap();
        let person = queries::person(h.store(), &m.id).unwrap();
        assert_eq!(person.case.state.as_str(), "scheduled");
        assert_eq!(person.case.schedule.as_ref().map(|s| s.date), Some(to.date));
        assert!(to.date > d(3, 29));
    }
    for m in &none {
        assert_eq!(state_of(&h, &m.id), "needs_rescheduling");
    }
    // Nobody is left on the postponed day.
    assert!(
        h.app
            .plan
            .days
            .iter()
            .filter(|r| r.date == d(3, 29))
            .all(|r| r.am + r.pm == 0)
    );
    h.key(KeyCode::Esc);
    assert_eq!(h.app.plan.mode, Mode::List);

    // Those without room now need a day: the plan says so, and what would fit them.
    let proposal = h.app.plan.proposal.clone().unwrap();
    assert_eq!(proposal.subjects, none.len());
    let shortfall = proposal.schedule.shortfall.clone().expect("no room left");
    let until = shortfall.last_day_needed.expect("more days would fit them");
    assert!(screen(&h).contains("办法二"), "{}", screen(&h));

    // The leader lengthens the window to that day and records the plan.
    h.key(KeyCode::Char('e'));
    assert!(matches!(h.app.plan.mode, Mode::Edit(_)));
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.type_text(&format!(
        "{}月{}日",
        until.format("%-m"),
        until.format("%-d")
    ));
    h.key(KeyCode::Enter);
    assert_eq!(h.app.plan.mode, Mode::List);
    assert_eq!(h.app.plan.params.last_day, until);
    let proposal = h.app.plan.proposal.clone().unwrap();
    assert_eq!(proposal.new_slots.len(), none.len());
    assert_eq!(proposal.schedule.shortfall, None);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.plan.mode, Mode::ConfirmPlan);
    h.key(KeyCode::Char('y'));
    assert_eq!(
        h.app.plan.done,
        Some(Text::ScheduleApplied { n: none.len() })
    );
    for m in &none {
        let person = queries::person(h.store(), &m.id).unwrap();
        assert_eq!(person.case.state.as_str(), "scheduled");
        let date = person.case.schedule.as_ref().unwrap().date;
        assert!(date > d(3, 29) && date <= until, "{date}");
    }
    assert_eq!(h.app.plan.proposal.as_ref().unwrap().subjects, 0);
}

#[test]
fn bad_parameters_are_refused_in_chinese_and_keep_the_form() {
    let mut h = at_plan(Lang::Zh);
    h.key(KeyCode::Char('e'));
    for _ in 0..5 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("三十");
    h.key(KeyCode::Enter);
    let Mode::Edit(form) = &h.app.plan.mode else {
        panic!("the form stays open");
    };
    assert!(matches!(form.problem, Some(Text::BadCapacity { .. })));
    assert!(
        screen(&h).contains("应为 1 至 999 的整数"),
        "{}",
        screen(&h)
    );
    // `q` is typed, not quitting; Ctrl-C asks first because the form holds input.
    h.key(KeyCode::Char('q'));
    assert!(!h.app.quit);
    h.key_with(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(!h.app.quit);
    assert!(h.app.overlay.is_some());
}

#[test]
fn snapshots_plan() {
    let snapshot = |name: &str, h: &Harness| {
        for (w, ht) in [(80, 24), (160, 48)] {
            let text = h.screen_text(w, ht).join("\n");
            insta::assert_snapshot!(format!("{name}_{w}x{ht}"), text);
        }
    };
    snapshot("plan_loaded", &at_plan(Lang::Zh));
    snapshot("plan_loaded_en", &at_plan(Lang::En));

    let mut shift = at_plan(Lang::Zh);
    select_day(&mut shift, d(3, 29));
    shift.key(KeyCode::Char('x'));
    snapshot("plan_shift", &shift);

    let mut edit = at_plan(Lang::Zh);
    edit.key(KeyCode::Char('e'));
    edit.type_text("x");
    edit.key(KeyCode::Enter);
    snapshot("plan_edit_error", &edit);

    let mut empty = Harness::empty(Lang::Zh);
    empty.go(Tab::Queue);
    empty.key(KeyCode::Char('p'));
    snapshot("plan_empty", &empty);

    let mut failed = at_plan(Lang::Zh);
    failed.app.plan.busy = true;
    update(&mut failed.app, Msg::Reply(Reply::Failed(Text::DbDiskFull)));
    snapshot("plan_error", &failed);
}

#[test]
fn numbers_to_call_are_masked_until_asked_for_and_the_asking_is_recorded() {
    let mut h = at_plan(Lang::Zh);
    select_day(&mut h, d(3, 29));
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Char('y'));
    assert_eq!(h.app.plan.mode, Mode::Shifted);
    let people = h.app.plan.shift.clone().unwrap().people;
    // The first person on the list with a number of their own or a guardian's.
    let (at, who) = people
        .iter()
        .enumerate()
        .find(|(_, p)| !p.phone.is_empty() || !p.guardian_phone.is_empty())
        .expect("someone has a number");
    let number = if who.phone.is_empty() {
        who.guardian_phone.clone()
    } else {
        who.phone.clone()
    };
    let text = screen(&h);
    assert!(!text.contains(&number), "masked: {text}");
    assert!(
        text.contains(&huanzheng::domain::handover::mask_phone(&number)),
        "{text}"
    );
    for _ in 0..at {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Char('c'));
    let text = screen(&h);
    assert!(text.contains(&number), "shown on request: {text}");
    let recorded: (String, String) = h
        .store()
        .conn()
        .query_row(
            "SELECT operator, data FROM event WHERE kind = 'phone_revealed'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(recorded.0, "陆松");
    assert!(recorded.1.contains(&who.id_number), "{}", recorded.1);
    // Closing the list hides it again.
    h.key(KeyCode::Esc);
    assert_eq!(h.app.plan.revealed, None);
}
