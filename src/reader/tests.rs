use std::collections::VecDeque;
use std::time::Duration;

use super::sim::DEMO_ATR;
use super::*;
use crate::i18n::Lang;

const WAIT: Duration = Duration::from_secs(10);

fn builtin() -> &'static Profile {
    Profile::builtin()
}

fn step(number: usize, name: &str) -> StepRef {
    StepRef {
        number,
        name: name.into(),
    }
}

/// A card that answers from a script and checks each command it is sent.
struct Scripted(VecDeque<(&'static str, Result<&'static str, TransmitError>)>);

impl Transmit for Scripted {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, TransmitError> {
        let (expected, answer) = self.0.pop_front().expect("an APDU too many");
        assert_eq!(hex::encode(apdu), expected.replace(' ', ""));
        answer.map(|a| hex::parse(a).unwrap())
    }
}

fn scripted(steps: &[(&'static str, Result<&'static str, TransmitError>)]) -> Scripted {
    Scripted(steps.iter().cloned().collect())
}

#[test]
fn the_builtin_profile_reads_uid_and_card_number() {
    let profile = builtin();
    assert_eq!(profile.steps.len(), 3);
    assert_eq!(profile.steps[0].apdu, [0xFF, 0xCA, 0, 0, 0]);
    assert!(profile.steps[0].optional);
    assert_eq!(profile.steps[2].success, [0x9000, 0x6282]);
    let mut card = VirtualCard::new(&DEMO_ATR, &[0x04, 0xA1, 0xB2, 0xC3], "530323K00012");
    let fields = profile.run(&mut card).unwrap();
    assert_eq!(
        fields,
        CardFields {
            uid: Some("04A1B2C3".into()),
            card_number: "530323K00012".into(),
        }
    );
}

#[test]
fn a_refused_uid_is_none_and_the_read_goes_on() {
    let mut card = VirtualCard::demo("530323K00013").refusing_uid();
    let fields = builtin().run(&mut card).unwrap();
    assert_eq!(fields.uid, None);
    assert_eq!(fields.card_number, "530323K00013");
}

#[test]
fn a_card_pulled_mid_read_is_a_removal_naming_the_step() {
    let mut card = VirtualCard::demo("530323K00014").pulled_after(1);
    let error = builtin().run(&mut card).unwrap_err();
    assert_eq!(
        error,
        ReaderError::CardRemoved {
            step: Some(step(2, "SELECT EF 2F01"))
        }
    );
    assert!(error.is_removal());
    assert!(error.message(Lang::Zh).contains("卡被取走"));
    // A transmit error saying so is the same removal.
    let mut card = scripted(&[
        ("FFCA000000", Ok("0102 9000")),
        ("00A4000C022F01", Err(TransmitError::Removed)),
    ]);
    assert!(builtin().run(&mut card).unwrap_err().is_removal());
}

#[test]
fn an_answer_shorter_than_a_status_word_is_a_removal() {
    for short in ["", "90"] {
        let mut card = scripted(&[
            ("FFCA000000", Ok("0102 9000")),
            ("00A4000C022F01", Ok("9000")),
            ("00B0000000", Ok(short)),
        ]);
        assert_eq!(
            builtin().run(&mut card),
            Err(ReaderError::CardRemoved {
                step: Some(step(3, "READ BINARY"))
            })
        );
    }
}

#[test]
fn an_unknown_status_word_names_the_step_and_the_word() {
    let mut card = scripted(&[("FFCA000000", Ok("6A81")), ("00A4000C022F01", Ok("6A82"))]);
    let error = builtin().run(&mut card).unwrap_err();
    assert_eq!(
        error,
        ReaderError::StatusWord {
            step: step(2, "SELECT EF 2F01"),
            sw: 0x6A82
        }
    );
    let zh = error.message(Lang::Zh);
    assert!(zh.contains("第2步“SELECT EF 2F01”"), "{zh}");
    assert!(zh.contains("6A82"), "{zh}");
    let en = error.message(Lang::En);
    assert!(en.contains("step 2 \"SELECT EF 2F01\""), "{en}");
    assert!(en.contains("6A82"), "{en}");
}

#[test]
fn padding_is_trimmed_and_empty_or_binary_numbers_are_refused() {
    let read = |data: &'static str| {
        let mut card = scripted(&[
            ("FFCA000000", Ok("6A81")),
            ("00A4000C022F01", Ok("9000")),
            ("00B0000000", Ok(data)),
        ]);
        builtin().run(&mut card)
    };
    assert_eq!(
        read("20 FF 41 42 20 31 00 00 FF 20 6282")
            .unwrap()
            .card_number,
        "AB 1"
    );
    assert_eq!(
        read("00 00 FF 20 9000"),
        Err(ReaderError::NoCardNumber {
            step: step(3, "READ BINARY")
        })
    );
    assert_eq!(
        read("41 C3 A9 00 9000"),
        Err(ReaderError::NotAscii {
            step: step(3, "READ BINARY"),
            data: "41C3A900".into()
        })
    );
    // 6282 is success only where the profile says so.
    assert!(matches!(
        read("41 42 6283"),
        Err(ReaderError::StatusWord { sw: 0x6283, .. })
    ));
}

#[test]
fn t0_answers_are_followed_up() {
    // 6Cxx: ask again with the right Le; 61xx: fetch the rest with GET RESPONSE.
    let mut card = scripted(&[
        ("FFCA000000", Ok("6C04")),
        ("FFCA000004", Ok("01020304 9000")),
        ("00A4000C022F01", Ok("9000")),
        ("00B0000000", Ok("3533 6103")),
        ("00C0000003", Ok("303332 9000")),
    ]);
    let fields = builtin().run(&mut card).unwrap();
    assert_eq!(fields.uid.as_deref(), Some("01020304"));
    assert_eq!(fields.card_number, "53032");
    assert!(card.0.is_empty());
}

#[test]
fn a_transmit_failure_names_the_step() {
    let mut card = scripted(&[(
        "FFCA000000",
        Err(TransmitError::Failed("Transaction failed".into())),
    )]);
    assert_eq!(
        builtin().run(&mut card),
        Err(ReaderError::Transmit {
            step: step(1, "UID"),
            detail: "Transaction failed".into()
        })
    );
}

#[test]
fn profile_files_are_checked() {
    let parse = Profile::parse;
    assert_eq!(parse("name = \"x\""), Err(ProfileError::NoSteps));
    assert!(matches!(
        parse("[[steps]]\napdu = \"00 B0\"\nfield = \"card_number\""),
        Err(ProfileError::BadApdu { step, value }) if step.number == 1 && value == "00 B0"
    ));
    assert!(matches!(
        parse("[[steps]]\nname = \"read\"\napdu = \"00 B0 00 00 00\"\nsuccess = [\"900\"]\nfield = \"card_number\""),
        Err(ProfileError::BadStatusWord { step, value }) if step.name == "read" && value == "900"
    ));
    assert_eq!(
        parse("[[steps]]\napdu = \"00 B0 00 00 00\""),
        Err(ProfileError::FieldCount {
            field: Field::CardNumber,
            count: 0
        })
    );
    assert_eq!(
        parse(
            "[[steps]]\napdu = \"FF CA 00 00 00\"\nfield = \"uid\"\n\
             [[steps]]\napdu = \"FF CA 00 00 00\"\nfield = \"uid\"\n\
             [[steps]]\napdu = \"00 B0 00 00 00\"\nfield = \"card_number\""
        ),
        Err(ProfileError::FieldCount {
            field: Field::Uid,
            count: 2
        })
    );
    assert!(matches!(
        parse("[[steps]]\napdu = \"00 B0 00 00 00\"\noptional = true\nfield = \"card_number\""),
        Err(ProfileError::OptionalCardNumber { .. })
    ));
    assert!(matches!(
        parse("[[steps]]\napdu = \"00 B0 00 00 00\"\nfield = \"photo\""),
        Err(ProfileError::Toml { .. })
    ));
    assert!(matches!(
        Profile::load(std::path::Path::new("/nonexistent/card.toml")),
        Err(ProfileError::Read { .. })
    ));
    let minimal = parse("[[steps]]\napdu = \"00B0000000\"\nsuccess = [\"9000\", \"62 82\"]\nfield = \"card_number\"")
        .unwrap();
    assert_eq!(minimal.steps[0].name, "00B0000000");
    assert_eq!(minimal.steps[0].success, [0x9000, 0x6282]);
}

fn next(events: &Receiver<ReaderEvent>) -> ReaderEvent {
    events.recv_timeout(WAIT).expect("a reader event")
}

fn sim_read(card_number: &str, uid: Option<&str>) -> ReaderEvent {
    ReaderEvent::CardRead(CardRead {
        reader: SIMULATED_READER.into(),
        atr: hex::encode(&DEMO_ATR),
        uid: uid.map(str::to_string),
        card_number: card_number.into(),
    })
}

#[test]
fn the_simulated_reader_reports_insertion_read_and_removal() {
    let (reader, events) = CardReader::simulated_channel(SimOptions::default());
    let sim = reader.simulator().unwrap().clone();
    assert_eq!(
        next(&events),
        ReaderEvent::ReaderAttached {
            reader: SIMULATED_READER.into()
        }
    );
    let card = VirtualCard::demo("530323K00021");
    let uid = hex::encode(card.uid());
    sim.insert(card);
    assert_eq!(
        next(&events),
        ReaderEvent::CardInserted {
            reader: SIMULATED_READER.into(),
            atr: hex::encode(&DEMO_ATR)
        }
    );
    assert_eq!(next(&events), sim_read("530323K00021", Some(&uid)));
    sim.remove();
    assert_eq!(
        next(&events),
        ReaderEvent::CardRemoved {
            reader: SIMULATED_READER.into()
        }
    );
    // A second card replaces the first: it is taken off before the new one is read.
    sim.insert(VirtualCard::demo("530323K00022").refusing_uid());
    sim.insert(VirtualCard::demo("530323K00023").refusing_uid());
    let rest: Vec<ReaderEvent> = (0..5).map(|_| next(&events)).collect();
    assert_eq!(rest[1], sim_read("530323K00022", None));
    assert!(matches!(rest[2], ReaderEvent::CardRemoved { .. }));
    assert_eq!(rest[4], sim_read("530323K00023", None));
}

#[test]
fn a_simulated_card_pulled_mid_read_fails_and_is_gone() {
    let (reader, events) = CardReader::simulated_channel(SimOptions::default());
    next(&events);
    reader
        .simulator()
        .unwrap()
        .insert(VirtualCard::demo("530323K00031").pulled_after(2));
    assert!(matches!(next(&events), ReaderEvent::CardInserted { .. }));
    assert_eq!(
        next(&events),
        ReaderEvent::ReadFailed {
            reader: SIMULATED_READER.into(),
            error: ReaderError::CardRemoved {
                step: Some(step(3, "READ BINARY"))
            }
        }
    );
    assert!(matches!(next(&events), ReaderEvent::CardRemoved { .. }));
    // Taking off a card that is already gone says nothing more.
    reader.simulator().unwrap().remove();
    drop(reader);
    assert_eq!(
        events.recv_timeout(WAIT),
        Err(RecvTimeoutError::Disconnected)
    );
}

#[test]
fn dropping_the_handle_ends_the_thread() {
    let (reader, events) = CardReader::simulated_channel(SimOptions {
        apdu_delay: Duration::from_millis(1),
        ..SimOptions::default()
    });
    let sim = reader.simulator().unwrap().clone();
    drop(reader);
    // The thread is gone with its sender; the simulator's commands go nowhere.
    assert!(matches!(next(&events), ReaderEvent::ReaderAttached { .. }));
    assert_eq!(
        events.recv_timeout(WAIT),
        Err(RecvTimeoutError::Disconnected)
    );
    sim.insert(VirtualCard::demo("530323K00041"));
}

#[test]
fn waiting_for_a_card_takes_the_first_read_or_says_why_not() {
    let (reader, events) = CardReader::simulated_channel(SimOptions::default());
    reader
        .simulator()
        .unwrap()
        .insert(VirtualCard::demo("530323K00051"));
    let card = wait_for_card(&events, WAIT).unwrap();
    assert_eq!(card.card_number, "530323K00051");
    reader
        .simulator()
        .unwrap()
        .insert(VirtualCard::demo("530323K00052").pulled_after(0));
    assert_eq!(
        wait_for_card(&events, WAIT),
        Err(ReaderError::CardRemoved {
            step: Some(step(1, "UID"))
        })
    );
    drop(reader);

    let (tx, rx) = mpsc::channel();
    assert_eq!(
        wait_for_card(&rx, Duration::from_millis(10)),
        Err(ReaderError::NoReader)
    );
    let attached = |reader: &str| ReaderEvent::ReaderAttached {
        reader: reader.into(),
    };
    tx.send(attached("a")).unwrap();
    assert_eq!(
        wait_for_card(&rx, Duration::from_millis(10)),
        Err(ReaderError::Timeout { seconds: 1 })
    );
    tx.send(attached("a")).unwrap();
    tx.send(ReaderEvent::ReaderDetached { reader: "a".into() })
        .unwrap();
    assert_eq!(
        wait_for_card(&rx, Duration::from_millis(10)),
        Err(ReaderError::NoReader)
    );
    tx.send(ReaderEvent::ServiceUnavailable).unwrap();
    assert_eq!(wait_for_card(&rx, WAIT), Err(ReaderError::NoService));
    drop(tx);
    assert_eq!(wait_for_card(&rx, WAIT), Err(ReaderError::Stopped));
}

#[test]
fn events_go_into_the_callers_own_channel() {
    #[derive(Debug)]
    enum Msg {
        Reader(ReaderEvent),
    }
    impl From<ReaderEvent> for Msg {
        fn from(e: ReaderEvent) -> Msg {
            Msg::Reader(e)
        }
    }
    let (tx, rx) = mpsc::channel::<Msg>();
    let reader = CardReader::simulated(SimOptions::default(), to_channel(tx));
    let Msg::Reader(event) = rx.recv_timeout(WAIT).unwrap();
    assert!(matches!(event, ReaderEvent::ReaderAttached { .. }));
    drop(reader);
}

#[test]
fn reader_names_match_whole_or_in_part() {
    assert!(name_matches(None, "Virtual PCD 00 00"));
    assert!(name_matches(Some("Virtual PCD 00 00"), "Virtual PCD 00 00"));
    assert!(name_matches(Some("virtual pcd 00 01"), "Virtual PCD 00 01"));
    assert!(name_matches(
        Some("ACR122"),
        "ACS ACR122U PICC Interface 00 00"
    ));
    assert!(!name_matches(Some("00 01"), "Virtual PCD 00 00"));
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_reader_and_profile_error_reads_in_both_languages() {
    let at = || step(3, "READ BINARY");
    let profile_errors = vec![
        ProfileError::Read {
            path: "card.toml".into(),
            detail: "not found".into(),
        },
        ProfileError::Toml {
            detail: "expected `=`".into(),
        },
        ProfileError::NoSteps,
        ProfileError::BadApdu {
            step: at(),
            value: "00 B".into(),
        },
        ProfileError::BadStatusWord {
            step: at(),
            value: "90".into(),
        },
        ProfileError::FieldCount {
            field: Field::CardNumber,
            count: 0,
        },
        ProfileError::FieldCount {
            field: Field::Uid,
            count: 2,
        },
        ProfileError::OptionalCardNumber { step: at() },
    ];
    for e in &profile_errors {
        match e {
            ProfileError::Read { .. }
            | ProfileError::Toml { .. }
            | ProfileError::NoSteps
            | ProfileError::BadApdu { .. }
            | ProfileError::BadStatusWord { .. }
            | ProfileError::FieldCount { .. }
            | ProfileError::OptionalCardNumber { .. } => {}
        }
    }
    let mut errors = vec![
        ReaderError::NoService,
        ReaderError::NoReader,
        ReaderError::ReaderNotFound {
            name: "ACR122".into(),
            available: vec!["Virtual PCD 00 00".into(), "Virtual PCD 00 01".into()],
        },
        ReaderError::ReaderNotFound {
            name: "ACR122".into(),
            available: vec![],
        },
        ReaderError::ReaderBusy {
            reader: "Virtual PCD 00 00".into(),
        },
        ReaderError::CardRemoved { step: None },
        ReaderError::CardRemoved { step: Some(at()) },
        ReaderError::Unresponsive,
        ReaderError::StatusWord {
            step: at(),
            sw: 0x6A82,
        },
        ReaderError::NoCardNumber { step: at() },
        ReaderError::NotAscii {
            step: at(),
            data: "C3A9".into(),
        },
        ReaderError::Transmit {
            step: at(),
            detail: "Transaction failed".into(),
        },
        ReaderError::Pcsc {
            detail: "Internal error".into(),
        },
        ReaderError::Timeout { seconds: 30 },
        ReaderError::Stopped,
    ];
    for e in &errors {
        match e {
            ReaderError::NoService
            | ReaderError::NoReader
            | ReaderError::ReaderNotFound { .. }
            | ReaderError::ReaderBusy { .. }
            | ReaderError::CardRemoved { .. }
            | ReaderError::Unresponsive
            | ReaderError::StatusWord { .. }
            | ReaderError::NoCardNumber { .. }
            | ReaderError::NotAscii { .. }
            | ReaderError::Transmit { .. }
            | ReaderError::Pcsc { .. }
            | ReaderError::Timeout { .. }
            | ReaderError::Profile(_)
            | ReaderError::Stopped => {}
        }
    }
    errors.extend(profile_errors.into_iter().map(ReaderError::from));
    let mut seen = std::collections::HashSet::new();
    for e in &errors {
        let (zh, en) = (e.message(Lang::Zh), e.message(Lang::En));
        assert!(has_cjk(&zh), "{e:?}: {zh}");
        assert!(!en.trim().is_empty() && zh != en, "{e:?}: {en}");
        assert_eq!(e.to_string(), zh);
        assert!(
            seen.insert(zh.clone()),
            "{e:?}: same words as another error: {zh}"
        );
    }
    let events = [
        ReaderEvent::ReaderAttached {
            reader: "Virtual PCD 00 00".into(),
        },
        ReaderEvent::ReaderDetached {
            reader: "Virtual PCD 00 00".into(),
        },
        ReaderEvent::CardInserted {
            reader: "r".into(),
            atr: "3B".into(),
        },
        sim_read("530323K00061", None),
        ReaderEvent::CardRemoved { reader: "r".into() },
    ];
    for event in events {
        let text = event.text();
        assert!(has_cjk(&text.render(Lang::Zh)), "{event:?}");
        assert_ne!(text.render(Lang::Zh), text.render(Lang::En), "{event:?}");
    }
}
