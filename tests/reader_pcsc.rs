//! The card reader against the real PC/SC stack: pcsc-lite's pcscd with vsmartcard's
//! vpcd driver, and a virtual card written here that speaks vpcd's protocol.
#![cfg(target_os = "linux")]

#[path = "common/pcscd.rs"]
mod pcscd;
#[path = "common/vpcd.rs"]
mod vpcd;

use std::process::{Command, Output};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use huanzheng::reader::{
    CardRead, CardReader, PcscOptions, ReaderError, ReaderEvent, StepRef, VirtualCard, hex_encode,
};
use vpcd::{READER, VpcdCard};

/// Generous: a card shows up ~0.3 s after it connects, and CI machines are busy.
const WAIT: Duration = Duration::from_secs(20);

fn hz(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huanzheng"))
        .args(args)
        .env_remove("PCSCLITE_CSOCK_NAME")
        .output()
        .expect("run huanzheng")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

macro_rules! pcscd_or_skip {
    ($test:literal) => {
        match pcscd::acquire() {
            Ok(guard) => guard,
            Err(why) => {
                pcscd::skip($test, &why);
                return;
            }
        }
    };
}

fn watch() -> (CardReader, Receiver<ReaderEvent>) {
    CardReader::pcsc_channel(PcscOptions {
        reader: Some(READER.into()),
        retry: Duration::from_millis(200),
        ..PcscOptions::default()
    })
}

/// The next event that `wanted` accepts; every event passed over is returned too.
fn until(
    events: &Receiver<ReaderEvent>,
    what: &str,
    wanted: impl Fn(&ReaderEvent) -> bool,
) -> (ReaderEvent, Vec<ReaderEvent>) {
    let mut passed = Vec::new();
    loop {
        match events.recv_timeout(WAIT) {
            Ok(event) if wanted(&event) => return (event, passed),
            Ok(event) => passed.push(event),
            Err(e) => panic!("no {what} within {WAIT:?} ({e}); got {passed:?}"),
        }
    }
}

fn attached(events: &Receiver<ReaderEvent>) {
    until(
        events,
        "reader attached",
        |e| matches!(e, ReaderEvent::ReaderAttached { reader } if reader == READER),
    );
}

fn insert(card: VirtualCard) -> VpcdCard {
    VpcdCard::insert(card, WAIT).expect("connect the virtual card to vpcd")
}

#[test]
fn reader_read_json_prints_the_card() {
    let _pcscd = pcscd_or_skip!("reader_read_json_prints_the_card");
    let card = VirtualCard::demo("530323K10001");
    let (atr, uid) = (hex_encode(card.atr()), hex_encode(card.uid()));
    let on_reader = insert(card);
    let out = hz(&[
        "reader",
        "read",
        "--json",
        "--timeout",
        "20",
        "--reader",
        READER,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "reader": READER, "atr": atr, "uid": uid, "card_number": "530323K10001"
        })
    );
    assert_eq!(on_reader.remove().answered(), 3);
}

#[test]
fn reader_read_gives_a_null_uid_when_the_card_refuses() {
    let _pcscd = pcscd_or_skip!("reader_read_gives_a_null_uid_when_the_card_refuses");
    let on_reader = insert(VirtualCard::demo("530323K10002").refusing_uid());
    let out = hz(&["reader", "read", "--json", "--reader", READER]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["uid"], serde_json::Value::Null);
    assert_eq!(json["card_number"], "530323K10002");
    drop(on_reader);
    assert!(pcscd::vpcd_empty(WAIT), "the card stays on the reader");

    // Plain output, in Chinese by default.
    let on_reader = insert(VirtualCard::demo("530323K10003"));
    let out = hz(&["reader", "read", "--reader", READER]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("卡号：530323K10003"), "{stdout}");
    assert!(stdout.contains(&format!("读卡器：{READER}")), "{stdout}");
    drop(on_reader);
}

#[test]
fn reader_list_and_a_read_without_a_card() {
    let _pcscd = pcscd_or_skip!("reader_list_and_a_read_without_a_card");
    let out = hz(&["reader", "list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).lines().any(|l| l == READER));

    let out = hz(&["reader", "read", "--timeout", "1", "--reader", READER]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("等了 1 秒没有读到卡"),
        "{}",
        text(&out.stderr)
    );

    let out = hz(&["reader", "read", "--timeout", "1", "--reader", "ACR122"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("找不到名为“ACR122”的读卡器"), "{stderr}");
    assert!(stderr.contains(READER), "{stderr}");
}

#[test]
fn the_reader_thread_reports_the_read_then_the_removal() {
    let _pcscd = pcscd_or_skip!("the_reader_thread_reports_the_read_then_the_removal");
    let (reader, events) = watch();
    attached(&events);
    let card = VirtualCard::demo("530323K10004");
    let (atr, uid) = (hex_encode(card.atr()), hex_encode(card.uid()));
    let on_reader = insert(card);
    let (inserted, _) = until(&events, "card inserted", |e| {
        matches!(e, ReaderEvent::CardInserted { .. })
    });
    assert_eq!(
        inserted,
        ReaderEvent::CardInserted {
            reader: READER.into(),
            atr: atr.clone()
        }
    );
    let (read, passed) = until(&events, "card read", |e| {
        matches!(e, ReaderEvent::CardRead(_))
    });
    assert!(passed.is_empty(), "{passed:?}");
    assert_eq!(
        read,
        ReaderEvent::CardRead(CardRead {
            reader: READER.into(),
            atr,
            uid: Some(uid),
            card_number: "530323K10004".into(),
        })
    );
    on_reader.remove();
    let (removed, passed) = until(&events, "card removed", |e| {
        matches!(e, ReaderEvent::CardRemoved { .. })
    });
    assert_eq!(
        removed,
        ReaderEvent::CardRemoved {
            reader: READER.into()
        }
    );
    assert!(passed.is_empty(), "{passed:?}");
    drop(reader);
}

#[test]
fn a_card_pulled_mid_read_is_reported_and_can_be_put_back() {
    let _pcscd = pcscd_or_skip!("a_card_pulled_mid_read_is_reported_and_can_be_put_back");
    let (reader, events) = watch();
    attached(&events);
    // Answers the UID command, then leaves with SELECT in flight.
    let on_reader = insert(VirtualCard::demo("530323K10005").pulled_after(1));
    let (failed, passed) = until(&events, "read failed", |e| {
        matches!(e, ReaderEvent::ReadFailed { .. })
    });
    assert!(
        passed
            .iter()
            .all(|e| matches!(e, ReaderEvent::CardInserted { .. })),
        "{passed:?}"
    );
    let ReaderEvent::ReadFailed { error, .. } = &failed else {
        unreachable!()
    };
    // pcscd answers the APDU in flight with 0 bytes: a removal during SELECT.
    assert_eq!(
        *error,
        ReaderError::CardRemoved {
            step: Some(StepRef {
                number: 2,
                name: "SELECT EF 2F01".into()
            })
        }
    );
    let (_, passed) = until(&events, "card removed", |e| {
        matches!(e, ReaderEvent::CardRemoved { .. })
    });
    assert!(passed.is_empty(), "no card read after a pull: {passed:?}");
    assert_eq!(on_reader.remove().answered(), 1);

    // Put back, it reads.
    let on_reader = insert(VirtualCard::demo("530323K10005"));
    let (read, _) = until(&events, "card read", |e| {
        matches!(e, ReaderEvent::CardRead(_) | ReaderEvent::ReadFailed { .. })
    });
    assert!(
        matches!(&read, ReaderEvent::CardRead(c) if c.card_number == "530323K10005"),
        "{read:?}"
    );
    drop(on_reader);
    drop(reader);
}

#[test]
fn stopping_pcscd_is_a_clear_state_and_starting_it_recovers() {
    let mut pcscd = pcscd_or_skip!("stopping_pcscd_is_a_clear_state_and_starting_it_recovers");
    let (reader, events) = watch();
    attached(&events);
    if let Err(why) = pcscd.stop() {
        pcscd::skip(
            "stopping_pcscd_is_a_clear_state_and_starting_it_recovers",
            &why,
        );
        return;
    }
    until(&events, "service unavailable", |e| {
        *e == ReaderEvent::ServiceUnavailable
    });
    let out = hz(&["reader", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("智能卡服务（PC/SC）没有运行"),
        "{}",
        text(&out.stderr)
    );
    let out = hz(&["--lang", "en", "reader", "read", "--timeout", "5"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("the smart-card service (PC/SC) is not running"),
        "{}",
        text(&out.stderr)
    );

    // The reader thread keeps trying and finds the service again by itself.
    pcscd.start().expect("restart pcscd");
    attached(&events);
    let on_reader = insert(VirtualCard::demo("530323K10006"));
    let (read, _) = until(&events, "card read", |e| {
        matches!(e, ReaderEvent::CardRead(_))
    });
    assert!(matches!(read, ReaderEvent::CardRead(c) if c.card_number == "530323K10006"));
    drop(on_reader);
    drop(reader);
}

#[test]
fn the_reader_thread_stops_promptly_while_waiting() {
    let _pcscd = pcscd_or_skip!("the_reader_thread_stops_promptly_while_waiting");
    let (reader, events) = watch();
    attached(&events);
    let started = std::time::Instant::now();
    drop(reader);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    // The thread has ended: its sender is gone.
    loop {
        match events.recv_timeout(WAIT) {
            Ok(_) => continue,
            Err(e) => {
                assert_eq!(e, std::sync::mpsc::RecvTimeoutError::Disconnected);
                break;
            }
        }
    }
}

/// No pcscd needed: a client pointed at a socket nobody listens on is a client of a
/// service that is not running.
#[test]
fn reader_list_says_when_the_service_is_not_running() {
    let out = Command::new(env!("CARGO_BIN_EXE_huanzheng"))
        .args(["reader", "list"])
        .env("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("智能卡服务（PC/SC）没有运行"), "{stderr}");
    assert!(stderr.contains("pcscd"), "{stderr}");
}
