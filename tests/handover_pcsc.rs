//! 发证 against the real PC/SC stack: pcscd with vpcd, a virtual card written in Rust
//! carrying a demo holder's card number, and the real reader thread feeding the
//! interface. Pulling the card mid-handover (closing the socket) records nothing and
//! the screen says so; put back, the handover completes.
#![cfg(target_os = "linux")]

mod common;
#[path = "common/pcscd.rs"]
mod pcscd;
#[path = "common/vpcd.rs"]
mod vpcd;

use huanzheng::app::Tab;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use common::tui::Harness;
use huanzheng::app::card::CardSignal;
use huanzheng::domain::case::State;
use huanzheng::i18n::{Lang, Text};
use huanzheng::reader::{CardReader, PcscOptions, ReaderEvent, VirtualCard};
use huanzheng::screens::handover::Mode;
use huanzheng::store::handover;
use huanzheng::store::queries::{self, ListFilter};
use ratatui::crossterm::event::KeyCode;
use vpcd::{READER, VpcdCard};

const WAIT: Duration = Duration::from_secs(20);

/// Feeds reader events into the interface until one matches `wanted`.
fn pump(
    h: &mut Harness,
    events: &Receiver<ReaderEvent>,
    what: &str,
    wanted: fn(&CardSignal) -> bool,
) {
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let event = events
            .recv_timeout(left)
            .unwrap_or_else(|e| panic!("no {what} within {WAIT:?}: {e}"));
        let signal = CardSignal::from(event);
        let hit = wanted(&signal);
        h.card(signal);
        if hit {
            return;
        }
    }
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
fn a_card_pulled_mid_handover_records_nothing_and_put_back_completes_it() {
    let _pcscd = match pcscd::acquire() {
        Ok(guard) => guard,
        Err(why) => {
            pcscd::skip("a_card_pulled_mid_handover", &why);
            return;
        }
    };
    let mut h = Harness::demo(Lang::Zh);
    h.go(Tab::Handover);
    let who = queries::list(
        h.store().conn(),
        &ListFilter {
            state: Some(State::ReadyForHandover),
            township: None,
            limit: Some(1),
        },
    )
    .unwrap()
    .remove(0);
    let card = handover::expected_card(h.store().conn(), &who.id_number)
        .unwrap()
        .unwrap()
        .card_number;
    let (_reader, events) = CardReader::pcsc_channel(PcscOptions {
        reader: Some(READER.into()),
        retry: Duration::from_millis(200),
        ..PcscOptions::default()
    });
    pump(&mut h, &events, "reader attached", |s| {
        matches!(
            s,
            CardSignal::Status(huanzheng::app::card::ReaderState::Ready { .. })
        )
    });
    assert!(h.screen_text(100, 30).join("\n").contains("读卡器就绪"));

    // The card first: its owner comes up.
    let on_reader = VpcdCard::insert(VirtualCard::demo(&card), WAIT).unwrap();
    pump(&mut h, &events, "card read", |s| {
        matches!(s, CardSignal::Read { .. })
    });
    let view = h
        .app
        .handover
        .view
        .as_ref()
        .expect("the owner is on screen");
    assert_eq!(view.holder.id_number, who.id_number);
    assert_eq!(view.read.as_ref().unwrap().refusal, None);
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.handover.mode, Mode::Confirm(_)));

    // Pulled off before the clerk says yes: nothing is recorded, and the screen says so.
    let card_back = on_reader.remove();
    pump(&mut h, &events, "card removed", |s| {
        matches!(s, CardSignal::Removed { .. })
    });
    assert_eq!(h.app.handover.problem, Some(Text::HandoverCardTaken));
    h.key(KeyCode::Char('y'));
    assert_eq!(state_of(&h, &who.id_number), "ready_for_handover");
    assert!(h.screen_text(100, 30).join("\n").contains("未发证"));

    // Put back: the handover completes.
    assert!(pcscd::vpcd_empty(WAIT));
    let on_reader = VpcdCard::insert(card_back, WAIT).unwrap();
    pump(&mut h, &events, "card read again", |s| {
        matches!(s, CardSignal::Read { .. })
    });
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    assert_eq!(state_of(&h, &who.id_number), "issued");
    assert!(matches!(
        h.app.handover.done,
        Some(Text::HandoverDone { .. })
    ));
    drop(on_reader);
    assert!(pcscd::vpcd_empty(WAIT));
}
