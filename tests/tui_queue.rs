//! The assessment queue at a clinic table, driven by keys: check-in, walk-in, call
//! next, each outcome, absent, end of day, correction. No sleeps: requests are
//! answered synchronously by the database.

mod common;

use common::tui::Harness;
use huanzheng::app::Tab;
use huanzheng::i18n::Lang;
use huanzheng::screens::queue::Mode;
use huanzheng::store::queries::QueueRow;
use ratatui::crossterm::event::KeyCode;

fn at_queue() -> Harness {
    let mut h = Harness::demo(Lang::Zh);
    h.go(Tab::Queue);
    assert_eq!(h.app.tab, Tab::Queue);
    assert!(
        !h.app.queue.rows.is_empty(),
        "the county office has people on day one"
    );
    h
}

fn row_of<'a>(h: &'a Harness, id: &str) -> &'a QueueRow {
    h.app
        .queue
        .rows
        .iter()
        .find(|r| r.holder.id_number == id)
        .expect("on today's list")
}

fn state_of(h: &Harness, id: &str) -> String {
    huanzheng::store::queries::person(h.store(), id)
        .unwrap()
        .case
        .state
        .as_str()
        .to_string()
}

/// Checks in the first expected person by typing the last six ID digits.
fn check_in_first(h: &mut Harness) -> String {
    let target = h
        .app
        .queue
        .rows
        .iter()
        .find(|r| r.holder.state == "scheduled")
        .unwrap()
        .holder
        .clone();
    h.key(KeyCode::Char('/'));
    assert_eq!(h.app.queue.mode, Mode::CheckIn);
    h.find_by_id_tail(&target.id_number, |a| &a.queue.found);
    target.id_number
}

/// Selects the person with `id` on the list and opens the result form for them.
fn open_form(h: &mut Harness, id: &str) {
    let i = h
        .app
        .queue
        .rows
        .iter()
        .position(|r| r.holder.id_number == id)
        .unwrap();
    h.app.queue.selected = i;
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.queue.mode, Mode::Form(_)));
}

#[test]
fn check_in_then_record_an_unchanged_result() {
    let mut h = at_queue();
    let id = check_in_first(&mut h);
    assert_eq!(state_of(&h, &id), "waiting");
    assert_eq!(
        row_of(&h, &id).holder.state,
        "waiting",
        "list refreshed after commit"
    );
    let category = row_of(&h, &id).holder.category.unwrap();
    let grade = row_of(&h, &id).holder.grade.unwrap();
    // Call the next person of that category: the form opens for them.
    h.key(KeyCode::Char((b'0' + category) as char));
    let Mode::Form(form) = &h.app.queue.mode else {
        panic!("form expected, got {:?}", h.app.queue.mode)
    };
    assert_eq!(form.id_number, id);
    h.type_text(&category.to_string());
    h.type_text(&grade.to_string());
    h.key(KeyCode::Tab); // institution stays the first
    h.type_text("李医生");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.queue.mode, Mode::List);
    assert_eq!(state_of(&h, &id), "ready_for_handover");
    let screen = h.screen_text(80, 24).join("\n");
    assert!(screen.contains("已保存："), "{screen}");
}

#[test]
fn a_changed_result_goes_to_public_notice_and_not_disabled_is_revoked() {
    let mut h = at_queue();
    let first = check_in_first(&mut h);
    let second = check_in_first(&mut h);
    let grade = row_of(&h, &first).holder.grade.unwrap();
    let other_grade = if grade == 4 { 3 } else { grade + 1 };
    open_form(&mut h, &first);
    let category = row_of(&h, &first).holder.category.unwrap();
    h.type_text(&format!("{category}{other_grade}"));
    h.key(KeyCode::Tab);
    h.type_text("王医生");
    h.key(KeyCode::Enter);
    assert_eq!(state_of(&h, &first), "in_public_notice");

    open_form(&mut h, &second);
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Char(' ')); // not disabled
    h.key(KeyCode::Enter);
    assert!(
        matches!(h.app.queue.mode, Mode::Form(_)),
        "doctor's name is missing"
    );
    let screen = h.screen_text(80, 24).join("\n");
    assert!(screen.contains("请填写评定医生姓名"), "{screen}");
    h.key(KeyCode::BackTab);
    h.type_text("王医生");
    h.key(KeyCode::Enter);
    assert_eq!(state_of(&h, &second), "revoked");
}

#[test]
fn a_walk_in_needs_one_more_confirmation_and_is_recorded_as_such() {
    let mut h = at_queue();
    // Someone expected at another site: find a scheduled holder not on this list.
    let here: Vec<String> = h
        .app
        .queue
        .rows
        .iter()
        .map(|r| r.holder.id_number.clone())
        .collect();
    let elsewhere = huanzheng::store::queries::list(
        h.store().conn(),
        &huanzheng::store::queries::ListFilter {
            state: Some(huanzheng::domain::case::State::Scheduled),
            ..Default::default()
        },
    )
    .unwrap()
    .into_iter()
    .find(|r| !here.contains(&r.id_number))
    .unwrap();
    h.key(KeyCode::Char('/'));
    h.type_text(&elsewhere.id_number);
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.queue.mode, Mode::Confirm(_)));
    h.key(KeyCode::Char('n'));
    assert_eq!(
        state_of(&h, &elsewhere.id_number),
        "scheduled",
        "declined: nothing recorded"
    );
    h.key(KeyCode::Char('/'));
    h.type_text(&elsewhere.id_number);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    assert_eq!(state_of(&h, &elsewhere.id_number), "waiting");
    assert!(row_of(&h, &elsewhere.id_number).walk_in);
}

#[test]
fn someone_already_issued_is_told_instead_of_queued() {
    let mut h = at_queue();
    // A medical-basis holder needs no assessment.
    let medical = huanzheng::store::queries::list(
        h.store().conn(),
        &huanzheng::store::queries::ListFilter {
            state: Some(huanzheng::domain::case::State::ReadyForHandover),
            limit: Some(1),
            ..Default::default()
        },
    )
    .unwrap()
    .remove(0);
    h.key(KeyCode::Char('/'));
    h.type_text(&medical.id_number);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    assert_eq!(state_of(&h, &medical.id_number), "ready_for_handover");
    let screen = h.screen_text(80, 24).join("\n");
    assert!(screen.contains("不需要评定"), "{screen}");
}

#[test]
fn absent_and_end_of_day_need_rescheduling() {
    let mut h = at_queue();
    let first = h.app.queue.rows[0].holder.id_number.clone();
    h.app.queue.selected = 0;
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::Char('y'));
    assert_eq!(state_of(&h, &first), "needs_rescheduling");
    let expected = h
        .app
        .queue
        .rows
        .iter()
        .filter(|r| r.holder.state == "scheduled")
        .count();
    assert!(expected > 0);
    h.key(KeyCode::Char('E'));
    h.key(KeyCode::Char('y'));
    assert!(
        h.app
            .queue
            .rows
            .iter()
            .all(|r| r.holder.state != "scheduled")
    );
    let rescheduling = h
        .app
        .queue
        .rows
        .iter()
        .filter(|r| r.holder.state == "needs_rescheduling")
        .count();
    assert_eq!(rescheduling, expected + 1);
    let screen = h.screen_text(80, 24).join("\n");
    assert!(screen.contains(&format!("{expected} 人未到")), "{screen}");
}

#[test]
fn a_mistyped_result_is_corrected_by_a_later_event_with_a_reason() {
    let mut h = at_queue();
    let id = check_in_first(&mut h);
    let (category, grade) = {
        let r = row_of(&h, &id);
        (r.holder.category.unwrap(), r.holder.grade.unwrap())
    };
    let wrong = if grade == 4 { 3 } else { grade + 1 };
    h.key(KeyCode::Char((b'0' + category) as char));
    h.type_text(&format!("{category}{wrong}"));
    h.key(KeyCode::Tab);
    h.type_text("李医生");
    h.key(KeyCode::Enter);
    assert_eq!(state_of(&h, &id), "in_public_notice");
    let i = h
        .app
        .queue
        .rows
        .iter()
        .position(|r| r.holder.id_number == id)
        .unwrap();
    h.app.queue.selected = i;
    h.key(KeyCode::Char('c'));
    h.type_text(&format!("{category}{grade}"));
    h.key(KeyCode::Tab);
    h.type_text("李医生");
    h.key(KeyCode::Enter);
    assert!(
        matches!(h.app.queue.mode, Mode::Form(_)),
        "a reason is required"
    );
    for _ in 0..2 {
        h.key(KeyCode::Tab);
    }
    h.type_text("等级录错");
    h.key(KeyCode::Enter);
    assert_eq!(state_of(&h, &id), "ready_for_handover");
    let person = huanzheng::store::queries::person(h.store(), &id).unwrap();
    let kinds: Vec<&str> = person.events.iter().map(|e| e.event.kind()).collect();
    assert_eq!(&kinds[kinds.len() - 2..], ["assessed", "result_corrected"]);
}

#[test]
fn quitting_with_a_half_filled_form_asks_first() {
    let mut h = at_queue();
    let id = check_in_first(&mut h);
    open_form(&mut h, &id);
    h.key_with(
        KeyCode::Char('c'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    );
    assert!(!h.app.quit);
    let screen = h.screen_text(80, 24).join("\n");
    assert!(screen.contains("未保存"), "{screen}");
    h.key(KeyCode::Char('n'));
    assert!(!h.app.quit);
    assert!(
        matches!(h.app.queue.mode, Mode::Form(_)),
        "the form is kept"
    );
}

#[test]
fn snapshots_queue() {
    let h = at_queue();
    for (w, ht) in [(80, 24), (160, 48)] {
        insta::assert_snapshot!(
            format!("queue_loaded_{w}x{ht}"),
            h.screen_text(w, ht).join("\n")
        );
    }
    let mut empty = Harness::empty(Lang::Zh);
    empty.go(Tab::Queue);
    insta::assert_snapshot!("queue_empty_80x24", empty.screen_text(80, 24).join("\n"));
    let mut form = at_queue();
    let id = check_in_first(&mut form);
    open_form(&mut form, &id);
    insta::assert_snapshot!("queue_form_80x24", form.screen_text(80, 24).join("\n"));
    let mut failed = at_queue();
    huanzheng::app::update(
        &mut failed.app,
        huanzheng::app::Msg::Reply(huanzheng::store::worker::Reply::Failed(
            huanzheng::i18n::Text::DbDiskFull,
        )),
    );
    insta::assert_snapshot!("queue_error_80x24", failed.screen_text(80, 24).join("\n"));
}

/// The disk fills up just as a result is confirmed: the clerk is told in Chinese,
/// nothing is half-written (no event, the audit chain intact), the form keeps what was
/// typed, and once there is room the same Enter records it.
#[test]
fn a_full_disk_keeps_the_form_and_writes_nothing() {
    let mut h = at_queue();
    let id = check_in_first(&mut h);
    let category = row_of(&h, &id).holder.category.unwrap();
    let grade = row_of(&h, &id).holder.grade.unwrap();
    h.key(KeyCode::Char((b'0' + category) as char));
    h.type_text(&format!("{category}{grade}"));
    h.key(KeyCode::Tab);
    h.type_text("李医生");
    let events = |h: &Harness| -> i64 {
        h.store()
            .conn()
            .query_row("SELECT COUNT(*) FROM event", [], |r| r.get(0))
            .unwrap()
    };
    let before = events(&h);
    // Pack every page (VACUUM leaves no free page and full b-tree pages), then allow
    // no page to be added: the next write that splits a page finds the disk full.
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
    let screen = h.screen_text(80, 24).join("\n");
    assert_eq!(events(&h), before, "nothing half-written");
    assert!(screen.contains("磁盘已满"), "{screen}");
    assert!(
        matches!(h.app.queue.mode, Mode::Form(_)),
        "the form stays open"
    );
    assert!(
        screen.contains("李医生"),
        "what was typed is kept: {screen}"
    );
    assert_eq!(state_of(&h, &id), "waiting");
    assert!(
        huanzheng::store::audit::verify(h.store().conn())
            .unwrap()
            .ok()
    );
    h.store()
        .conn()
        .pragma_update(None, "max_page_count", 1_073_741_823)
        .unwrap();
    h.key(KeyCode::Enter);
    assert_eq!(state_of(&h, &id), "ready_for_handover");
    assert!(events(&h) > before);
}
