//! 发证 in the database, on the demo county: the handover as one transaction, the
//! refusals that keep a card from the wrong person, statements, void and remake,
//! and undoing a handover by a correcting event.

mod common;

use chrono::NaiveDate;
use common::tui::Harness;
use huanzheng::domain::case::{Loss, OldCertificate, Recipient, VoidReason};
use huanzheng::i18n::{Lang, Text};
use huanzheng::import::cards::{self, CardOptions};
use huanzheng::store::handover::{self, HandoverInput, StatementInput};
use huanzheng::store::holders::HolderRow;
use huanzheng::store::queries::{self, ListFilter};
use huanzheng::store::{Actor, Store, StoreError};

fn actor() -> Actor {
    Actor::on("陆松", NaiveDate::from_ymd_opt(2022, 4, 6).unwrap())
}

/// Holders in `state`, the first `n`.
fn in_state(store: &Store, state: &str, n: usize) -> Vec<HolderRow> {
    queries::list(
        store.conn(),
        &ListFilter {
            state: huanzheng::domain::case::State::parse(state),
            limit: Some(n),
            township: None,
        },
    )
    .unwrap()
}

fn events(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM event", [], |r| r.get(0))
        .unwrap()
}

fn card_of(store: &Store, id: &str) -> String {
    handover::expected_card(store.conn(), id)
        .unwrap()
        .expect("the batch has a card for every certificate holder")
        .card_number
}

fn card_state(store: &Store, card: &str) -> String {
    handover::card(store.conn(), card)
        .unwrap()
        .unwrap()
        .state
        .as_str()
        .to_string()
}

fn state(store: &Store, id: &str) -> String {
    queries::person(store, id)
        .unwrap()
        .case
        .state
        .as_str()
        .to_string()
}

fn recovered(h: &HolderRow) -> OldCertificate {
    OldCertificate::Recovered {
        number: h.cert_number.clone().unwrap(),
    }
}

#[test]
fn a_handover_records_the_event_card_register_and_ledger_together() {
    let mut hz = Harness::demo(Lang::Zh);
    let store = &mut hz.served.store;
    let h = in_state(store, "ready_for_handover", 1).remove(0);
    let card = card_of(store, &h.id_number);
    let input = HandoverInput {
        id_number: h.id_number.clone(),
        card_number: card.clone(),
        recipient: Recipient::Holder,
        old_certificate: recovered(&h),
    };
    let case = handover::hand_over(store, &actor(), &input).unwrap();
    assert_eq!(case.state.as_str(), "issued");
    assert_eq!(case.issued_card.as_deref(), Some(card.as_str()));
    assert_eq!(card_state(store, &card), "issued");
    let register = handover::register(store.conn(), &h.township).unwrap();
    assert_eq!(register.len(), 1);
    let row = &register[0];
    assert_eq!(
        (
            row.name.as_str(),
            row.card_number.as_str(),
            row.relation.as_str()
        ),
        (h.name.as_str(), card.as_str(), "本人")
    );
    assert_eq!(row.old_certificate, "recovered");
    assert_eq!(row.handed_on, "2022-04-06");
    let ledger = handover::recovery_ledger(store.conn(), &h.township).unwrap();
    assert_eq!(ledger.len(), 1);
    assert_eq!(Some(&ledger[0].cert_number), h.cert_number.as_ref());

    // The same card cannot be handed over twice.
    let again = handover::hand_over(store, &actor(), &input).unwrap_err();
    assert!(matches!(
        again,
        StoreError::Refused(Text::HandoverCardIssued { .. })
    ));
}

#[test]
fn someone_elses_card_is_refused_and_nothing_is_recorded() {
    let mut hz = Harness::demo(Lang::Zh);
    let store = &mut hz.served.store;
    let two = in_state(store, "ready_for_handover", 2);
    let (holder, other) = (&two[0], &two[1]);
    let wrong = card_of(store, &other.id_number);
    let before = events(store);
    let err = handover::hand_over(
        store,
        &actor(),
        &HandoverInput {
            id_number: holder.id_number.clone(),
            card_number: wrong.clone(),
            recipient: Recipient::Holder,
            old_certificate: recovered(holder),
        },
    )
    .unwrap_err();
    let text = err.text().to_string();
    assert!(
        text.contains("人证不符") && text.contains(&other.name),
        "{text}"
    );
    assert_eq!(events(store), before);
    assert_eq!(card_state(store, &wrong), "personalised");
    assert_eq!(state(store, &holder.id_number), "ready_for_handover");
}

#[test]
fn a_visual_holder_not_yet_reassessed_gets_no_card() {
    let mut hz = Harness::demo(Lang::Zh);
    let store = &mut hz.served.store;
    let h = in_state(store, "scheduled", 1).remove(0);
    let card = card_of(store, &h.id_number);
    let err = handover::hand_over(
        store,
        &actor(),
        &HandoverInput {
            id_number: h.id_number.clone(),
            card_number: card,
            recipient: Recipient::Holder,
            old_certificate: recovered(&h),
        },
    )
    .unwrap_err();
    assert!(
        matches!(err, StoreError::Refused(Text::HandoverNotReady { .. })),
        "{err:?}"
    );
}

#[test]
fn a_lost_certificate_needs_a_statement_first_and_goes_to_no_ledger() {
    let mut hz = Harness::demo(Lang::Zh);
    let store = &mut hz.served.store;
    let h = in_state(store, "ready_for_handover", 1).remove(0);
    let card = card_of(store, &h.id_number);
    let mut input = HandoverInput {
        id_number: h.id_number.clone(),
        card_number: card.clone(),
        recipient: Recipient::Guardian {
            name: "王芳".into(),
            relation: "女儿".into(),
            id_number: common::id(7),
        },
        old_certificate: OldCertificate::NoneHeld,
    };
    let err = handover::hand_over(store, &actor(), &input).unwrap_err();
    assert!(matches!(
        err,
        StoreError::Refused(Text::OldCertificateRequired)
    ));
    input.old_certificate = OldCertificate::Statement {
        statement_id: "01HZZZZZZZZZZZZZZZZZZZZZZZ".into(),
    };
    let err = handover::hand_over(store, &actor(), &input).unwrap_err();
    assert!(matches!(err, StoreError::Refused(Text::StatementNotOnFile)));

    let mut statement = StatementInput {
        id_number: h.id_number.clone(),
        loss: None,
        account: "2020年搬家时遗失".into(),
        signer: "王芳".into(),
        relation: "女儿".into(),
    };
    let err = handover::take_statement(store, &actor(), &statement).unwrap_err();
    assert!(matches!(
        err,
        StoreError::Refused(Text::StatementLossMissing)
    ));
    statement.loss = Some(Loss::Lost);
    let id = handover::take_statement(store, &actor(), &statement).unwrap();
    let on_file = handover::statements_of(store.conn(), &h.id_number).unwrap();
    assert_eq!(on_file.len(), 1);
    assert_eq!(
        (on_file[0].loss.as_str(), on_file[0].signer.as_str()),
        ("lost", "王芳")
    );

    input.old_certificate = OldCertificate::Statement { statement_id: id };
    handover::hand_over(store, &actor(), &input).unwrap();
    let register = handover::register(store.conn(), &h.township).unwrap();
    assert_eq!(register[0].old_certificate, "statement");
    assert_eq!(
        (
            register[0].recipient.as_str(),
            register[0].relation.as_str()
        ),
        ("王芳", "女儿")
    );
    assert!(
        handover::recovery_ledger(store.conn(), &h.township)
            .unwrap()
            .is_empty()
    );
    let kinds: Vec<String> = queries::person(store, &h.id_number)
        .unwrap()
        .events
        .iter()
        .map(|e| e.event.kind().to_string())
        .collect();
    // Taken at the counter, it is signed there: both are recorded in one action.
    assert!(kinds.ends_with(&[
        "statement_taken".to_string(),
        "statement_signed".to_string(),
        "handed_over".to_string()
    ]));
}

#[test]
fn a_failure_inside_the_handover_leaves_nothing_half_done() {
    let mut hz = Harness::demo(Lang::Zh);
    let store = &mut hz.served.store;
    let h = in_state(store, "ready_for_handover", 1).remove(0);
    let card = card_of(store, &h.id_number);
    // The last write of the action fails (as a full disk would).
    store
        .conn()
        .execute_batch(
            "CREATE TRIGGER fail_ledger BEFORE INSERT ON recovery_ledger
             BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
        )
        .unwrap();
    let before = events(store);
    let input = HandoverInput {
        id_number: h.id_number.clone(),
        card_number: card.clone(),
        recipient: Recipient::Holder,
        old_certificate: recovered(&h),
    };
    assert!(handover::hand_over(store, &actor(), &input).is_err());
    assert_eq!(events(store), before);
    assert_eq!(card_state(store, &card), "personalised");
    assert_eq!(state(store, &h.id_number), "ready_for_handover");
    assert!(
        handover::register(store.conn(), &h.township)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn void_remake_and_a_remade_card_complete_the_handover() {
    let mut hz = Harness::demo(Lang::Zh);
    let store = &mut hz.served.store;
    let h = in_state(store, "ready_for_handover", 1).remove(0);
    let old_card = card_of(store, &h.id_number);
    let case = handover::void_and_remake(
        store,
        &actor(),
        &h.id_number,
        &old_card,
        VoidReason::PersonMismatch,
        "照片不是本人",
    )
    .unwrap();
    assert_eq!(case.state.as_str(), "card_requested");
    assert_eq!(card_state(store, &old_card), "voided");
    let remakes = handover::remakes(store).unwrap();
    let mine: Vec<_> = remakes
        .iter()
        .filter(|r| r.id_number == h.id_number)
        .collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].reason, "人证不符");
    assert_eq!(mine[0].voided_card, old_card);
    assert_eq!(Some(&mine[0].cert_number), h.cert_number.as_ref());

    // The card centre's remade card arrives and goes to the handover point.
    let new_card = "5303999900000001".to_string();
    let cert = h.cert_number.clone().unwrap();
    cards::import_pairs(
        store,
        vec![(2, new_card.clone(), cert)],
        &actor(),
        CardOptions {
            dispatch: true,
            ..CardOptions::default()
        },
        "remake-1",
    )
    .unwrap();
    assert_eq!(state(store, &h.id_number), "ready_for_handover");
    assert!(
        handover::remakes(store)
            .unwrap()
            .iter()
            .all(|r| r.id_number != h.id_number)
    );
    assert_eq!(card_of(store, &h.id_number), new_card);
    // The voided card is refused; the new one is handed over.
    let mut input = HandoverInput {
        id_number: h.id_number.clone(),
        card_number: old_card,
        recipient: Recipient::Holder,
        old_certificate: recovered(&h),
    };
    let err = handover::hand_over(store, &actor(), &input).unwrap_err();
    assert!(matches!(
        err,
        StoreError::Refused(Text::HandoverCardVoided { .. })
    ));
    input.card_number = new_card;
    assert_eq!(
        handover::hand_over(store, &actor(), &input)
            .unwrap()
            .state
            .as_str(),
        "issued"
    );
}

#[test]
fn a_handover_is_undone_by_a_correction_with_a_reason() {
    let mut hz = Harness::demo(Lang::Zh);
    let store = &mut hz.served.store;
    let h = in_state(store, "ready_for_handover", 1).remove(0);
    let card = card_of(store, &h.id_number);
    let input = HandoverInput {
        id_number: h.id_number.clone(),
        card_number: card.clone(),
        recipient: Recipient::Holder,
        old_certificate: recovered(&h),
    };
    handover::hand_over(store, &actor(), &input).unwrap();
    let err = handover::correct_handover(store, &actor(), &h.id_number, "  ").unwrap_err();
    assert!(matches!(err, StoreError::Refused(Text::FormNeedsReason)));
    let case =
        handover::correct_handover(store, &actor(), &h.id_number, "误点确认，本人未到场").unwrap();
    assert_eq!(case.state.as_str(), "ready_for_handover");
    assert_eq!(card_state(store, &card), "personalised");
    assert!(
        handover::register(store.conn(), &h.township)
            .unwrap()
            .is_empty()
    );
    assert!(
        handover::recovery_ledger(store.conn(), &h.township)
            .unwrap()
            .is_empty()
    );
    // History is kept: the handover and its correction are both in the log.
    let kinds: Vec<String> = queries::person(store, &h.id_number)
        .unwrap()
        .events
        .iter()
        .map(|e| e.event.kind().to_string())
        .collect();
    assert!(kinds.ends_with(&["handed_over".to_string(), "handover_corrected".to_string()]));
    // And the card can be handed over properly afterwards.
    handover::hand_over(store, &actor(), &input).unwrap();
    assert_eq!(
        handover::register(store.conn(), &h.township).unwrap().len(),
        1
    );
}

#[test]
fn a_card_on_the_reader_finds_its_owner() {
    let hz = Harness::demo(Lang::Zh);
    let store = &hz.served.store;
    let h = in_state(store, "ready_for_handover", 1).remove(0);
    let card = card_of(store, &h.id_number);
    let view = handover::view_by_card(store, &card)
        .unwrap()
        .expect("owner found");
    assert_eq!(view.holder.id_number, h.id_number);
    let read = view.read.unwrap();
    assert_eq!(read.refusal, None);
    assert!(
        handover::view_by_card(store, "0000000000")
            .unwrap()
            .is_none()
    );
}
