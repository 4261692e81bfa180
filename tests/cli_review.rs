//! 公示, 复核 and 异地评定 from the command line, on a small county of migrant workers
//! assessed away from home: forms received, accepted or returned; the changed results
//! posted for five working days across 清明; an objection sent to review; the leader's
//! confirmation; a review request with its fee and the committee's result; and the two
//! printed documents, the public notice list and the review application, read back
//! with poppler-utils.
//!
//! Without `pdftotext` or a Chinese font the PDF checks say so loudly and are skipped,
//! unless HUANZHENG_REQUIRE_PDF is set (as CI sets it).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn pdf_ready() -> bool {
    let poppler = Command::new("pdftotext").arg("-v").output().is_ok()
        && Command::new("pdffonts").arg("-v").output().is_ok();
    let font = huanzheng::pdf::font::locate(None);
    if poppler && font.is_ok() {
        return true;
    }
    if std::env::var_os("HUANZHENG_REQUIRE_PDF").is_some() {
        panic!("HUANZHENG_REQUIRE_PDF is set but poppler-utils or a Chinese font is missing");
    }
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!!!!! SKIPPED: PDF checks need poppler-utils and fonts-noto-cjk.\n"
    );
    false
}

/// Text of the whole PDF without any spaces (the layout spaces words as the page does).
fn text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .collect()
}

/// (embedded, subset) of each font, and how many pages.
fn fonts_and_pages(pdf: &Path) -> (Vec<(bool, bool)>, usize) {
    let o = Command::new("pdffonts").arg(pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&o.stdout)
        .lines()
        .skip(2)
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            let n = cols.len();
            (cols[n - 5] == "yes", cols[n - 4] == "yes")
        })
        .collect();
    let o = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let pages = String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    (fonts, pages)
}

fn assert_small_one_page_with_the_font_embedded(pdf: &Path) {
    let (fonts, pages) = fonts_and_pages(pdf);
    assert_eq!(fonts, vec![(true, true)], "embedded as a subset");
    assert_eq!(pages, 1);
    let size = std::fs::metadata(pdf).unwrap().len();
    assert!(size < 200_000, "{size} bytes");
}

struct County {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

/// Five 目测 holders of 高良 (肢体二级 on their certificates).
fn county() -> County {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    let names = ["杨丽芬", "李国华", "王小明", "赵春梅", "孙大勇"];
    let rows: Vec<Vec<String>> = names
        .iter()
        .enumerate()
        .map(|(i, n)| row(21 + i as u16, n, "目测", "高良壮族苗族瑶族乡"))
        .collect();
    let roster = write_utf8(dir.path(), "r.csv", &rows);
    ok(&db, &["import", "roster", roster.to_str().unwrap()]);
    County { _dir: dir, db }
}

fn state(db: &Path, n: u16) -> String {
    person(db, &id(n))["case"]["state"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Forms of person n arrived: assessed at a hospital in Kunming with `finding` args.
fn received(db: &Path, n: u16, finding: &[&str]) {
    let who = id(n);
    let mut args = vec![
        "remote",
        "received",
        who.as_str(),
        "--hospital",
        "昆明市第一人民医院",
        "--doctor",
        "刘医生",
        "--assessed",
        "2022-03-25",
        "--date",
        "2022-03-29",
    ];
    args.extend_from_slice(finding);
    let said = ok(db, &args);
    assert!(said.contains("异地评定审核中"), "{said}");
}

#[test]
fn remote_forms_public_notice_objection_review_and_confirmation() {
    let c = county();
    let db = &c.db;
    let changed = ["--category", "肢体", "--grade", "三级"];
    // Accepted: the same outcomes as an on-site assessment.
    received(db, 21, &changed);
    received(db, 22, &changed);
    received(db, 23, &["--not-disabled"]);
    received(db, 24, &changed);
    received(db, 25, &["--category", "4", "--grade", "2"]);
    for n in [21, 23, 24, 25] {
        ok(db, &["remote", "accept", &id(n), "--date", "2022-03-30"]);
    }
    assert_eq!(state(db, 21), "in_public_notice");
    assert_eq!(state(db, 23), "revoked");
    assert_eq!(state(db, 25), "ready_for_handover");
    // Returned with a reason: back to where the case was.
    let o = hz(db, &["remote", "return", &id(22), "--reason", " "]);
    assert_eq!(o.status.code(), Some(1));
    ok(
        db,
        &["remote", "return", &id(22), "--reason", "评定表缺医院盖章"],
    );
    assert_eq!(state(db, 22), "needs_reassessment");

    // Posted on Thu 31 March: five working days across 清明 (3–5 April) with the
    // Saturday make-up day 2 April end on 7 April.
    let said = ok(
        db,
        &[
            "public-notice",
            "start",
            "--township",
            "高良",
            "--date",
            "2022-03-31",
        ],
    );
    assert!(
        said.contains("2 人") && said.contains("2022年4月7日"),
        "{said}"
    );
    let again = hz(
        db,
        &[
            "public-notice",
            "start",
            "--township",
            "高良",
            "--date",
            "2022-04-01",
        ],
    );
    assert_eq!(again.status.code(), Some(1), "nobody left to post");
    let p = person(db, &id(21));
    assert_eq!(p["case"]["public_notice"]["end"], "2022-04-07");

    if pdf_ready() {
        let out = c.db.with_file_name("公示名单.pdf");
        ok(
            db,
            &[
                "export",
                "notice-list",
                "--township",
                "高良",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        let t = text(&out);
        for want in [
            "高良壮族苗族瑶族乡第三代残疾人证（智能化）评定结果公示名单",
            "杨丽芬",
            "赵春梅",
            "大舍村",
            "肢体三级",
            "原肢体二级",
            "2022年3月31日至4月7日",
            "有异议的",
            "5个工作日",
        ] {
            assert!(t.contains(want), "{want} missing:\n{t}");
        }
        // Not in public notice: not on the list; and no ID numbers on a public board.
        assert!(!t.contains("王小明") && !t.contains("孙大勇"), "{t}");
        assert!(!t.contains(&id(21)[14..]), "{t}");
        assert_small_one_page_with_the_font_embedded(&out);
    }

    // The same list as a sheet for the township's own records.
    let csv = c.db.with_file_name("公示名单.csv");
    ok(
        db,
        &[
            "export",
            "notice-list",
            "--township",
            "高良",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    let sheet = std::fs::read_to_string(&csv).unwrap();
    assert!(
        sheet.contains("杨丽芬")
            && sheet.contains("2022年3月31日至4月7日")
            && sheet.contains("有异议的"),
        "{sheet}"
    );
    let xlsx = c.db.with_file_name("公示名单.xlsx");
    ok(
        db,
        &[
            "export",
            "notice-list",
            "--township",
            "高良",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);

    // An objection during the notice sends that case to review.
    let said = ok(
        db,
        &[
            "review",
            "object",
            &id(24),
            "--reason",
            "村民反映其行走正常",
            "--date",
            "2022-04-02",
        ],
    );
    assert!(said.contains("复核中"), "{said}");
    // The leader confirms: not before the period is over, then in one action.
    let said = ok(
        db,
        &[
            "public-notice",
            "confirm",
            "--township",
            "高良",
            "--date",
            "2022-04-07",
        ],
    );
    assert!(
        said.contains("0 人转为待制卡") && said.contains("1 人仍在"),
        "{said}"
    );
    assert_eq!(state(db, 21), "in_public_notice");
    let said = ok(
        db,
        &[
            "public-notice",
            "confirm",
            "--township",
            "高良",
            "--date",
            "2022-04-08",
        ],
    );
    assert!(said.contains("1 人转为待制卡"), "{said}");
    assert_eq!(state(db, 21), "card_requested");
    assert_eq!(state(db, 24), "under_review", "the objected case waits");

    // The committee's result replaces the assessment: here, unchanged after all.
    ok(
        db,
        &[
            "review",
            "decide",
            &id(24),
            "--category",
            "肢体",
            "--grade",
            "二级",
            "--date",
            "2022-04-15",
        ],
    );
    assert_eq!(state(db, 24), "ready_for_handover");
    let p = person(db, &id(24));
    assert_eq!(
        p["case"]["assessment"]["institution"],
        "师宗县残疾评定专家委员会"
    );
}

#[test]
fn a_review_request_with_its_fee_prints_the_application_and_each_result_moves_on() {
    let c = county();
    let db = &c.db;
    received(db, 23, &["--not-disabled"]);
    ok(db, &["remote", "accept", &id(23)]);
    assert_eq!(state(db, 23), "revoked");

    // The fee is an amount and the receipt number is required.
    let o = hz(
        db,
        &[
            "review",
            "request",
            &id(23),
            "--reason",
            "不服",
            "--fee",
            "一百",
            "--receipt",
            "R1",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("复核费用"), "{}", stderr(&o));
    ok(
        db,
        &[
            "review",
            "request",
            &id(23),
            "--reason",
            "本人左腿截肢，评定为非残疾有误",
            "--fee",
            "120",
            "--receipt",
            "NO.0045678",
            "--date",
            "2022-04-02",
        ],
    );
    assert_eq!(state(db, 23), "under_review");

    if pdf_ready() {
        let out = c.db.with_file_name("复核申请.pdf");
        ok(
            db,
            &[
                "export",
                "review-form",
                "--person",
                &id(23),
                "--out",
                out.to_str().unwrap(),
            ],
        );
        let t = text(&out);
        for want in [
            "残疾人残疾评定结果复核申请表",
            "王小明",
            "昆明市第一人民医院",
            "刘医生",
            "2022年3月25日",
            "非残疾",
            "本人左腿截肢",
            "120",
            "NO.0045678",
            "复核所需费用由申请人承担",
            "专家委员会复核意见",
        ] {
            assert!(t.contains(want), "{want} missing:\n{t}");
        }
        assert!(!t.contains(&id(23)), "the ID number is masked:\n{t}");
        assert_small_one_page_with_the_font_embedded(&out);
        // Nobody assessed yet: nothing to review.
        let o = hz(
            db,
            &[
                "export",
                "review-form",
                "--person",
                &id(21),
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("还没有评定结果"), "{}", stderr(&o));
    }

    // Disabled after all, and changed: public notice again.
    ok(
        db,
        &[
            "review",
            "decide",
            &id(23),
            "--category",
            "肢体",
            "--grade",
            "三级",
            "--date",
            "2022-04-20",
        ],
    );
    assert_eq!(state(db, 23), "in_public_notice");
    assert!(person(db, &id(23))["case"]["public_notice"].is_null());
    // A review request again, and the committee finds no disability: revoked.
    ok(
        db,
        &[
            "review",
            "request",
            &id(23),
            "--reason",
            "家属不服",
            "--fee",
            "85.50",
            "--receipt",
            "NO.0045690",
        ],
    );
    ok(
        db,
        &[
            "review",
            "decide",
            &id(23),
            "--not-disabled",
            "--date",
            "2022-05-06",
        ],
    );
    assert_eq!(state(db, 23), "revoked");
    // A review needs an assessment first.
    let o = hz(
        db,
        &[
            "review",
            "request",
            &id(21),
            "--reason",
            "不服",
            "--fee",
            "120",
            "--receipt",
            "R2",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
}
