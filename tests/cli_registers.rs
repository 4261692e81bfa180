//! The handover's registers from the command line: 发放登记表 and 二代证回收登记 per
//! township as .xlsx and .csv, and the remake list for the card centre, after
//! handovers recorded on the demo county.

mod common;

use calamine::{Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use common::*;
use huanzheng::domain::campaign::Campaign;
use huanzheng::domain::case::{OldCertificate, Recipient, State, VoidReason};
use huanzheng::store::handover::{self, HandoverInput};
use huanzheng::store::queries::{self, ListFilter};
use huanzheng::store::{Actor, Store};

struct County {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    township: String,
    /// (name, id number) handed over with the old certificate recovered, then with a
    /// guardian; and the one whose card was voided.
    recovered: (String, String),
    guardian: (String, String),
    voided: (String, String),
}

fn county() -> County {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ok(&db, &["demo"]);
    let mut store = Store::open(&db, Campaign::builtin()).unwrap();
    let ready = queries::list(
        store.conn(),
        &ListFilter {
            state: Some(State::ReadyForHandover),
            township: None,
            limit: Some(50),
        },
    )
    .unwrap();
    let township = ready[0].township.clone();
    let mut same: Vec<_> = ready
        .into_iter()
        .filter(|h| h.township == township)
        .collect();
    assert!(same.len() >= 3);
    let actor = Actor::on("陆松", NaiveDate::from_ymd_opt(2022, 4, 6).unwrap());
    let mut give = |h: &huanzheng::store::holders::HolderRow, recipient: Recipient| {
        let card = handover::expected_card(store.conn(), &h.id_number)
            .unwrap()
            .unwrap()
            .card_number;
        handover::hand_over(
            &mut store,
            &actor,
            &HandoverInput {
                id_number: h.id_number.clone(),
                card_number: card,
                recipient,
                old_certificate: OldCertificate::Recovered {
                    number: h.cert_number.clone().unwrap(),
                },
            },
        )
        .unwrap();
    };
    let (a, b, c) = (same.remove(0), same.remove(0), same.remove(0));
    give(&a, Recipient::Holder);
    give(
        &b,
        Recipient::Guardian {
            name: "监护甲".into(),
            relation: "儿子".into(),
            id_number: id(9),
        },
    );
    let card = handover::expected_card(store.conn(), &c.id_number)
        .unwrap()
        .unwrap()
        .card_number;
    handover::void_and_remake(
        &mut store,
        &actor,
        &c.id_number,
        &card,
        VoidReason::PersonMismatch,
        "照片不符",
    )
    .unwrap();
    drop(store);
    County {
        _dir: dir,
        db,
        township,
        recovered: (a.name, a.id_number),
        guardian: (b.name, b.id_number),
        voided: (c.name, c.id_number),
    }
}

fn xlsx_rows(path: &std::path::Path) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn the_register_has_the_countys_columns_one_row_per_handover() {
    let c = county();
    let out = c._dir.path().join("register.xlsx");
    let said = ok(
        &c.db,
        &[
            "export",
            "register",
            "--township",
            &c.township,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(said.contains("2 人"), "{said}");
    let rows = xlsx_rows(&out);
    assert!(
        rows[0][0].contains("第三代残疾人证发放登记表"),
        "{:?}",
        rows[0]
    );
    let header = &rows[2];
    assert_eq!(
        header,
        &[
            "序号",
            "姓名",
            "性别",
            "身份证号",
            "残疾人证号",
            "类别",
            "等级",
            "卡号",
            "领取人",
            "与本人关系",
            "二代证收回/情况说明",
            "发放日期",
            "经办人",
            "签字"
        ]
    );
    let first = &rows[3];
    assert_eq!(first[0], "1");
    assert_eq!(first[1], c.recovered.0);
    assert_eq!(
        first[3],
        format!("{}********{}", &c.recovered.1[..6], &c.recovered.1[14..])
    );
    assert_eq!(
        (first[8].as_str(), first[9].as_str()),
        (c.recovered.0.as_str(), "本人")
    );
    assert_eq!(first[10], "已收回");
    assert_eq!(first[11], "2022-04-06");
    assert_eq!(first[13], "", "left blank for the signature");
    let second = &rows[4];
    assert_eq!(second[1], c.guardian.0);
    assert_eq!((second[8].as_str(), second[9].as_str()), ("监护甲", "儿子"));
    assert!(!rows.iter().any(|r| r.get(1) == Some(&c.voided.0)));

    // --full-id: the whole numbers, for the leader's signed copy.
    let csv = c._dir.path().join("register.csv");
    ok(
        &c.db,
        &[
            "export",
            "register",
            "--township",
            &c.township,
            "--out",
            csv.to_str().unwrap(),
            "--full-id",
        ],
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with('\u{FEFF}'));
    assert!(text.contains(&c.recovered.1), "{text}");
}

#[test]
fn the_recovery_ledger_and_the_remake_list() {
    let c = county();
    let out = c._dir.path().join("ledger.csv");
    ok(
        &c.db,
        &[
            "export",
            "recovery-ledger",
            "--township",
            &c.township,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("第二代残疾人证回收登记表"), "{text}");
    assert!(
        text.contains(&c.recovered.0) && text.contains(&c.guardian.0),
        "{text}"
    );
    assert!(!text.contains(&c.voided.0), "{text}");

    let out = c._dir.path().join("remakes.xlsx");
    ok(
        &c.db,
        &["export", "remakes", "--out", out.to_str().unwrap()],
    );
    let rows = xlsx_rows(&out);
    let mine: Vec<_> = rows
        .iter()
        .filter(|r| r.get(1) == Some(&c.voided.0))
        .collect();
    assert_eq!(mine.len(), 1, "{rows:?}");
    assert_eq!(mine[0][6], "人证不符");
    assert_eq!(mine[0][7], "照片不符");
}

#[test]
fn a_wrong_township_or_file_type_is_a_clear_error() {
    let c = county();
    let o = hz(
        &c.db,
        &[
            "export",
            "register",
            "--township",
            "火星乡",
            "--out",
            "x.xlsx",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("火星乡"), "{}", stderr(&o));
    let o = hz(
        &c.db,
        &[
            "export",
            "register",
            "--township",
            &c.township,
            "--out",
            "x.doc",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(".xlsx"), "{}", stderr(&o));
}

#[test]
fn the_register_prints_as_a_landscape_pdf_with_signature_lines() {
    let tools = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    let font = huanzheng::pdf::font::locate(None).is_ok();
    if !(tools && font) {
        assert!(
            std::env::var_os("HUANZHENG_REQUIRE_PDF").is_none(),
            "HUANZHENG_REQUIRE_PDF is set but poppler-utils or a Chinese font is missing"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\n!!!!!!!! SKIPPED: the register PDF needs poppler-utils and fonts-noto-cjk\n"
        );
        return;
    }
    let c = county();
    let out = c._dir.path().join("register.pdf");
    ok(
        &c.db,
        &[
            "export",
            "register",
            "--township",
            &c.township,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", out.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("第三代残疾人证发放登记表"), "{text}");
    assert!(
        text.contains(&c.recovered.0) && text.contains("监护甲"),
        "{text}"
    );
    let squeezed: String = text.split_whitespace().collect();
    assert!(
        squeezed.contains("经办人：") && squeezed.contains("第1页/共1页"),
        "{text}"
    );
    let info = std::process::Command::new("pdfinfo")
        .arg(&out)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("841.89 x 595.2"), "A4 landscape: {info}");
}

#[test]
fn a_statement_prints_for_signature() {
    let tools = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    if !(tools && huanzheng::pdf::font::locate(None).is_ok()) {
        assert!(
            std::env::var_os("HUANZHENG_REQUIRE_PDF").is_none(),
            "HUANZHENG_REQUIRE_PDF is set but poppler-utils or a Chinese font is missing"
        );
        return;
    }
    let c = county();
    let mut store = Store::open(&c.db, Campaign::builtin()).unwrap();
    let who = &c.voided.1;
    let out = c._dir.path().join("statement.pdf");
    // None on file yet: the message says where to take one.
    let o = hz(
        &c.db,
        &[
            "export",
            "statement",
            "--person",
            who,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("没有情况说明"), "{}", stderr(&o));
    handover::take_statement(
        &mut store,
        &Actor::on("陆松", NaiveDate::from_ymd_opt(2022, 4, 8).unwrap()),
        &handover::StatementInput {
            id_number: who.clone(),
            loss: Some(huanzheng::domain::case::Loss::Damaged),
            account: "2021年7月房屋漏雨，证件被水泡坏".into(),
            signer: "监护乙".into(),
            relation: "女儿".into(),
        },
    )
    .unwrap();
    drop(store);
    ok(
        &c.db,
        &[
            "export",
            "statement",
            "--person",
            who,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let text = std::process::Command::new("pdftotext")
        .args([out.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text: String = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect();
    for expected in [
        "无法提交第二代残疾人证情况说明",
        c.voided.0.as_str(),
        "已损毁",
        "房屋漏雨",
        "监护乙",
        "女儿",
        "说明人签字",
        "2022-04-08",
    ] {
        assert!(text.contains(expected), "{expected} missing: {text}");
    }
    assert!(
        !text.contains(who.as_str()),
        "the ID number is masked: {text}"
    );
}
