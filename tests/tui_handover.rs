//! 发证 driven by keys and reader signals, on the demo county: find the holder or
//! put the card first, the checks, the guardian, the old certificate or a statement,
//! a card pulled off mid-handover, someone else's card, void and remake, undo.
//! No sleeps: the reader's signals are fed in as messages.

mod common;

use common::tui::{Harness, read, removed};
use huanzheng::app::Tab;
use huanzheng::domain::case::State;
use huanzheng::i18n::{Lang, Text};
use huanzheng::screens::handover::Mode;
use huanzheng::store::handover;
use huanzheng::store::holders::HolderRow;
use huanzheng::store::queries::{self, ListFilter};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn ready(h: &Harness, n: usize) -> Vec<HolderRow> {
    queries::list(
        h.store().conn(),
        &ListFilter {
            state: Some(State::ReadyForHandover),
            township: None,
            limit: Some(n),
        },
    )
    .unwrap()
}

fn card_of(h: &Harness, id: &str) -> String {
    handover::expected_card(h.store().conn(), id)
        .unwrap()
        .unwrap()
        .card_number
}

fn state_of(h: &Harness, id: &str) -> String {
    queries::person(h.store(), id)
        .unwrap()
        .case
        .state
        .as_str()
        .to_string()
}

fn at_handover() -> Harness {
    let mut h = Harness::demo(Lang::Zh);
    h.go(Tab::Handover);
    assert_eq!(h.app.tab, Tab::Handover);
    h
}

/// Finds `who` by the last six digits of the ID number and opens them.
fn find(h: &mut Harness, who: &HolderRow) {
    h.key(KeyCode::Char('/'));
    assert_eq!(h.app.handover.mode, Mode::Search);
    h.find_by_id_tail(&who.id_number, |a| &a.handover.found);
    let view = h
        .app
        .handover
        .view
        .as_ref()
        .expect("the holder is on screen");
    assert_eq!(view.holder.id_number, who.id_number);
}

fn screen(h: &Harness) -> String {
    h.screen_text(100, 30).join("\n")
}

#[test]
fn search_put_the_card_check_the_old_certificate_and_hand_over() {
    let mut h = at_handover();
    let who = ready(&h, 1).remove(0);
    find(&mut h, &who);
    assert!(screen(&h).contains("请把卡放在读卡器上"), "{}", screen(&h));
    // Enter before the card is on the reader: nothing happens but a reminder.
    h.key(KeyCode::Enter);
    assert_eq!(h.app.handover.problem, Some(Text::HandoverPutCard));

    let card = card_of(&h, &who.id_number);
    h.card(read(&card));
    let text = screen(&h);
    assert!(text.contains("本人的卡，类别等级相符"), "{text}");
    // The old certificate's number must be compared first.
    h.key(KeyCode::Enter);
    assert_eq!(h.app.handover.problem, Some(Text::HandoverCheckOld));
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.handover.mode, Mode::Confirm(_)));
    assert!(screen(&h).contains("确认将"), "{}", screen(&h));
    assert_eq!(
        state_of(&h, &who.id_number),
        "ready_for_handover",
        "not before y"
    );
    h.key(KeyCode::Char('y'));
    assert_eq!(state_of(&h, &who.id_number), "issued");
    assert!(
        matches!(&h.app.handover.done, Some(Text::HandoverDone { name, .. }) if *name == who.name)
    );
    assert!(screen(&h).contains("已发证"), "{}", screen(&h));
    assert!(h.app.handover.view.is_none(), "ready for the next person");
    let register = handover::register(h.store().conn(), &who.township).unwrap();
    assert_eq!(register.len(), 1);
    assert_eq!(register[0].card_number, card);
}

#[test]
fn a_card_put_on_first_finds_its_owner() {
    let mut h = at_handover();
    let who = ready(&h, 1).remove(0);
    h.card(read(&card_of(&h, &who.id_number)));
    let view = h.app.handover.view.as_ref().expect("the owner is found");
    assert_eq!(view.holder.id_number, who.id_number);
    assert!(screen(&h).contains(&who.name));

    // A card from no batch: with the holder on screen the check says so ...
    h.card(removed());
    h.card(read("0000111122223333"));
    assert!(
        screen(&h).contains("不在已导入的制卡批次中"),
        "{}",
        screen(&h)
    );
    // ... and with nobody on screen, so does the screen.
    h.card(removed());
    h.key(KeyCode::Esc);
    h.card(read("0000111122223333"));
    assert!(h.app.handover.view.is_none());
    assert!(matches!(
        h.app.handover.problem,
        Some(Text::HandoverUnknownCard { .. })
    ));
}

#[test]
fn someone_elses_card_is_refused_loudly_naming_its_owner() {
    let mut h = at_handover();
    let two = ready(&h, 2);
    find(&mut h, &two[0]);
    h.card(read(&card_of(&h, &two[1].id_number)));
    let text = screen(&h);
    assert!(
        text.contains("人证不符") && text.contains(&two[1].name),
        "{text}"
    );
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Enter);
    assert_eq!(h.app.handover.mode, Mode::Main);
    assert!(matches!(
        h.app.handover.problem,
        Some(Text::HandoverOtherHolder { .. })
    ));
    assert_eq!(state_of(&h, &two[0].id_number), "ready_for_handover");
    assert_eq!(state_of(&h, &two[1].id_number), "ready_for_handover");
}

#[test]
fn a_card_pulled_off_mid_handover_records_nothing_and_can_be_put_back() {
    let mut h = at_handover();
    let who = ready(&h, 1).remove(0);
    let card = card_of(&h, &who.id_number);
    find(&mut h, &who);
    h.card(read(&card));
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.handover.mode, Mode::Confirm(_)));
    h.card(removed());
    assert_eq!(h.app.handover.mode, Mode::Main);
    assert_eq!(h.app.handover.problem, Some(Text::HandoverCardTaken));
    assert!(screen(&h).contains("未发证"), "{}", screen(&h));
    h.key(KeyCode::Char('y'));
    assert_eq!(state_of(&h, &who.id_number), "ready_for_handover");

    // Back on the reader: the handover completes.
    h.card(read(&card));
    assert_eq!(h.app.handover.problem, None);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    assert_eq!(state_of(&h, &who.id_number), "issued");
}

#[test]
fn a_guardian_with_a_lost_certificate_signs_a_statement_first() {
    let mut h = at_handover();
    let who = ready(&h, 1).remove(0);
    find(&mut h, &who);
    h.card(read(&card_of(&h, &who.id_number)));

    h.key(KeyCode::Char('g'));
    h.type_text("王芳");
    h.key(KeyCode::Tab);
    h.type_text("女儿");
    h.key(KeyCode::Tab);
    h.type_text("530323199001011230");
    h.key(KeyCode::Enter);
    let Mode::Guardian(form) = &h.app.handover.mode else {
        panic!("a wrong ID keeps the form open");
    };
    assert!(matches!(form.problem, Some(Text::GuardianIdInvalid { .. })));
    h.key(KeyCode::Backspace);
    let body = "53032319900101123";
    let check = huanzheng::domain::ids::check_char(body.as_bytes());
    h.type_text(&check.to_string());
    h.key(KeyCode::Enter);
    assert_eq!(h.app.handover.mode, Mode::Main);
    assert!(screen(&h).contains("领取人：王芳（女儿"), "{}", screen(&h));

    // Lost: the statement comes first.
    h.key(KeyCode::Char('o'));
    h.key(KeyCode::Enter);
    assert_eq!(h.app.handover.problem, Some(Text::StatementNotOnFile));
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Enter);
    let Mode::Statement(form) = &h.app.handover.mode else {
        panic!("the statement form stays open");
    };
    assert_eq!(form.problem, Some(Text::StatementLossMissing));
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Tab);
    h.type_text("2020年搬家时遗失");
    h.key(KeyCode::Tab);
    for _ in 0..who.name.chars().count() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("王芳");
    h.key(KeyCode::Tab);
    for _ in 0..2 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("女儿");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.handover.done, Some(Text::StatementRecorded));
    assert!(screen(&h).contains("已有情况说明"), "{}", screen(&h));

    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    assert_eq!(state_of(&h, &who.id_number), "issued");
    let row = &handover::register(h.store().conn(), &who.township).unwrap()[0];
    assert_eq!(
        (
            row.recipient.as_str(),
            row.relation.as_str(),
            row.old_certificate.as_str()
        ),
        ("王芳", "女儿", "statement")
    );
}

#[test]
fn void_and_remake_then_undo_a_mistaken_handover() {
    let mut h = at_handover();
    let two = ready(&h, 2);
    // Void: the photo on the card is not this person.
    find(&mut h, &two[0]);
    let card = card_of(&h, &two[0].id_number);
    h.card(read(&card));
    h.key(KeyCode::Char('v'));
    assert!(matches!(h.app.handover.mode, Mode::Void(_)));
    h.key(KeyCode::Enter);
    assert!(
        matches!(&h.app.handover.mode, Mode::Void(f) if f.problem == Some(Text::FormNeedsReason))
    );
    h.type_text("照片与本人不符");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.handover.done, Some(Text::RemakeRecorded));
    assert_eq!(state_of(&h, &two[0].id_number), "card_requested");
    let text = screen(&h);
    assert!(text.contains("已作废"), "{text}");
    h.card(removed());
    h.key(KeyCode::Esc);

    // Undo: handed to the wrong counter by mistake; the reason is recorded.
    find(&mut h, &two[1]);
    h.card(read(&card_of(&h, &two[1].id_number)));
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    assert_eq!(state_of(&h, &two[1].id_number), "issued");
    find(&mut h, &two[1]);
    h.key(KeyCode::Char('u'));
    h.type_text("误操作，本人未到场");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.handover.done, Some(Text::HandoverUndone));
    assert_eq!(state_of(&h, &two[1].id_number), "ready_for_handover");
}

#[test]
fn demo_keys_put_the_card_on_the_simulated_reader() {
    let mut h = Harness::demo(Lang::Zh);
    h.app.status.demo = true;
    h.go(Tab::Handover);
    let who = ready(&h, 1).remove(0);
    find(&mut h, &who);
    h.key_with(KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert_eq!(
        h.app.handover.card_on_reader.as_deref(),
        Some(card_of(&h, &who.id_number).as_str())
    );
    assert!(screen(&h).contains("本人的卡"), "{}", screen(&h));
    h.key_with(KeyCode::Char('t'), KeyModifiers::CONTROL);
    assert_eq!(h.app.handover.card_on_reader, None);
}

#[test]
fn snapshots_handover() {
    let snapshot = |name: &str, h: &Harness| {
        for (w, ht) in [(80, 24), (160, 48)] {
            let text = h.screen_text(w, ht).join("\n");
            insta::assert_snapshot!(format!("{name}_{w}x{ht}"), text);
        }
    };
    let idle = at_handover();
    snapshot("handover_idle", &idle);

    let mut ok = at_handover();
    let two = ready(&ok, 2);
    find(&mut ok, &two[0]);
    snapshot("handover_waiting_for_card", &ok);
    let card = card_of(&ok, &two[0].id_number);
    ok.card(read(&card));
    ok.key(KeyCode::Char(' '));
    snapshot("handover_card_ok", &ok);
    ok.key(KeyCode::Enter);
    snapshot("handover_confirm", &ok);

    let mut wrong = at_handover();
    find(&mut wrong, &two[0]);
    wrong.card(read(&card_of(&wrong, &two[1].id_number)));
    snapshot("handover_wrong_person", &wrong);

    let mut statement = at_handover();
    find(&mut statement, &two[0]);
    statement.key(KeyCode::Char('s'));
    statement.key(KeyCode::Enter);
    snapshot("handover_statement_error", &statement);

    let mut en = Harness::demo(Lang::En);
    en.go(Tab::Handover);
    find(&mut en, &two[0]);
    en.card(read(&card));
    snapshot("handover_card_ok_en", &en);
}
