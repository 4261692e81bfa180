//! A save that fails — the database file read-only, the disk full — says so in plain
//! words, writes nothing, and keeps the form as typed, on every screen with a form:
//! the contact edit in 台账, a new 情况说明, and the handover confirmation in 发证.
//! (The queue's and the home visits' result forms have their own tests.)

mod common;

use common::tui::{Harness, read};
use huanzheng::app::Tab;
use huanzheng::domain::case::State;
use huanzheng::i18n::Lang;
use huanzheng::screens::{handover, statements};
use huanzheng::store::holders::HolderRow;
use huanzheng::store::queries;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn events(h: &Harness) -> i64 {
    h.store()
        .conn()
        .query_row("SELECT COUNT(*) FROM event", [], |r| r.get(0))
        .unwrap()
}

/// The database refuses every write from now on, as a read-only file does.
fn read_only(h: &Harness, on: bool) {
    h.store()
        .conn()
        .pragma_update(None, "query_only", on)
        .unwrap();
}

/// No page may be added: the next write that needs one finds the disk full.
fn disk_full(h: &Harness, on: bool) {
    let conn = h.store().conn();
    if on {
        conn.execute_batch("VACUUM").unwrap();
        let pages: i64 = conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        conn.pragma_update(None, "max_page_count", pages).unwrap();
    } else {
        conn.pragma_update(None, "max_page_count", 1_073_741_823)
            .unwrap();
    }
}

fn screen(h: &Harness) -> String {
    h.screen_text(100, 30).join("\n")
}

fn ready(h: &Harness) -> HolderRow {
    h.first_in(State::ReadyForHandover)
}

fn state_of(h: &Harness, id: &str) -> State {
    queries::person(h.store(), id).unwrap().case.state
}

#[test]
fn a_contact_edit_on_a_read_only_database_keeps_what_was_typed() {
    let mut h = Harness::demo(Lang::Zh);
    h.go(Tab::Holders);
    h.type_text("曾");
    let id = h.app.holders.results[0].id_number.clone();
    h.key_with(KeyCode::Char('e'), KeyModifiers::CONTROL);
    h.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
    h.type_text("13812345678");
    let before = events(&h);
    read_only(&h, true);
    h.key(KeyCode::Enter);
    let s = screen(&h);
    assert!(s.contains("数据库文件只读或无法写入"), "{s}");
    assert!(h.app.holders.edit.is_some(), "the form stays open");
    assert!(
        s.contains("13812345678"),
        "what was typed is on screen: {s}"
    );
    assert_eq!(events(&h), before, "nothing written");

    // The file writable again, the same Enter saves what was typed.
    read_only(&h, false);
    h.key(KeyCode::Enter);
    assert!(h.app.holders.edit.is_none());
    let person = queries::person(h.store(), &id).unwrap();
    assert_eq!(person.holder.phone, "13812345678");
}

#[test]
fn a_statement_on_a_full_disk_keeps_its_form() {
    let mut h = Harness::demo(Lang::Zh);
    h.go(Tab::Statements);
    let who = ready(&h);
    h.key(KeyCode::Char('n'));
    h.find_by_id_tail(&who.id_number, |a| match &a.statements.mode {
        statements::Mode::Find(find) => &find.found,
        _ => &[],
    });
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Tab);
    h.type_text("赶集时连同钱包一起丢失");
    let before = events(&h);
    disk_full(&h, true);
    h.key(KeyCode::Enter);
    let s = screen(&h);
    assert!(s.contains("磁盘已满"), "{s}");
    assert!(
        matches!(h.app.statements.mode, statements::Mode::New(_)),
        "the form stays open"
    );
    assert!(s.contains("赶集时连同钱包一起丢失"), "{s}");
    assert_eq!(events(&h), before, "nothing written");
    assert!(
        huanzheng::store::audit::verify(h.store().conn())
            .unwrap()
            .ok()
    );

    disk_full(&h, false);
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.statements.mode, statements::Mode::List));
    assert!(events(&h) > before);
}

#[test]
fn a_handover_that_cannot_be_saved_is_not_a_handover() {
    let mut h = Harness::demo(Lang::Zh);
    h.go(Tab::Handover);
    let who = ready(&h);
    h.key(KeyCode::Char('/'));
    h.find_by_id_tail(&who.id_number, |a| &a.handover.found);
    let card = huanzheng::store::handover::expected_card(h.store().conn(), &who.id_number)
        .unwrap()
        .unwrap()
        .card_number;
    h.card(read(&card));
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.handover.mode, handover::Mode::Confirm(_)));
    let before = events(&h);
    read_only(&h, true);
    h.key(KeyCode::Char('y'));
    let s = screen(&h);
    assert!(s.contains("数据库文件只读或无法写入"), "{s}");
    assert!(!s.contains("已发证："), "no success is claimed: {s}");
    assert_eq!(events(&h), before);
    assert_eq!(state_of(&h, &who.id_number), State::ReadyForHandover);
    // The holder and the card are still on screen, ready to try again.
    let view = h.app.handover.view.as_ref().expect("still on screen");
    assert_eq!(view.holder.id_number, who.id_number);

    read_only(&h, false);
    h.key(KeyCode::Enter);
    if matches!(h.app.handover.mode, handover::Mode::Confirm(_)) {
        h.key(KeyCode::Char('y'));
    }
    assert_eq!(state_of(&h, &who.id_number), State::Issued);
}
