//! 告知书 and 回执 on the 台账 screen: with a holder on screen, Ctrl-N records the
//! notice delivered today and Ctrl-R the receipt returned (the case becomes notified);
//! someone owed no re-assessment is refused, with the reason on the status line.

mod common;

use common::tui::Harness;
use huanzheng::app::Tab;
use huanzheng::domain::case::{Event, State};
use huanzheng::i18n::{Lang, Text};
use huanzheng::store::holders::HolderRow;
use huanzheng::store::queries::{self, ListFilter};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn first_in(h: &Harness, state: State) -> Option<HolderRow> {
    queries::list(
        h.store().conn(),
        &ListFilter {
            state: Some(state),
            township: None,
            limit: Some(1),
        },
    )
    .unwrap()
    .pop()
}

/// Shows `who` on the 台账 screen, found by the last six digits of the ID number.
fn show(h: &mut Harness, who: &HolderRow) {
    h.go(Tab::Holders);
    h.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
    h.type_text(&who.id_number[12..]);
    let at = h
        .app
        .holders
        .results
        .iter()
        .position(|r| r.id_number == who.id_number)
        .expect("found by the ID's last digits");
    for _ in 0..at {
        h.key(KeyCode::Down);
    }
    let shown = h.app.holders.person.as_ref().expect("the record is shown");
    assert_eq!(shown.holder.id_number, who.id_number);
}

fn ctrl(h: &mut Harness, c: char) {
    h.key_with(KeyCode::Char(c), KeyModifiers::CONTROL);
}

#[test]
fn notice_delivered_then_receipt_returned_from_the_holders_screen() {
    let mut h = Harness::demo(Lang::Zh);
    let who = first_in(&h, State::NeedsReassessment)
        .or_else(|| first_in(&h, State::Scheduled))
        .expect("a re-assessment subject");
    let before = State::parse(&who.state).unwrap();
    show(&mut h, &who);
    ctrl(&mut h, 'n');
    assert_eq!(
        h.app.holders.saved,
        Some(Text::NoticeRecordedFor {
            name: who.name.clone()
        })
    );
    ctrl(&mut h, 'r');
    assert_eq!(
        h.app.holders.saved,
        Some(Text::ReceiptRecordedFor {
            name: who.name.clone()
        })
    );
    let view = queries::person(h.store(), &who.id_number).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2022, 3, 28).unwrap();
    assert_eq!(view.case.notice_delivered, Some(day));
    assert_eq!(view.case.receipt_returned, Some(day));
    let want = if before == State::NeedsReassessment {
        State::Notified
    } else {
        before
    };
    assert_eq!(view.case.state, want);
    assert!(
        view.events
            .iter()
            .any(|e| matches!(e.event, Event::ReceiptReturned { .. }))
    );
    let screen = h.screen_text(100, 30).join("\n");
    assert!(screen.contains("回执今天收回"), "{screen}");
    assert!(
        screen.contains("收回回执"),
        "the history lists it: {screen}"
    );
}

#[test]
fn a_holder_owed_no_reassessment_gets_no_notice() {
    let mut h = Harness::demo(Lang::Zh);
    let who = first_in(&h, State::ReadyForHandover).unwrap();
    show(&mut h, &who);
    ctrl(&mut h, 'n');
    assert_eq!(h.app.holders.saved, None);
    assert_eq!(h.app.holders.notice_pending, None);
    assert!(matches!(h.app.alert, Some(Text::RuleNotAllowed { .. })));
    let screen = h.screen_text(100, 30).join("\n");
    assert!(screen.contains("不能送达告知书"), "{screen}");
    let view = queries::person(h.store(), &who.id_number).unwrap();
    assert_eq!(view.case.notice_delivered, None);
}
