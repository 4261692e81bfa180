//! Printed documents from the command line, read back with poppler-utils: the
//! notices with their receipts and the day sheet on the demo county, the font
//! embedded as a subset, small files, a long table breaking with its header.
//!
//! Without `pdftotext` or a Chinese font these tests say so loudly and pass, unless
//! HUANZHENG_REQUIRE_PDF is set (as CI sets it).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;

/// Whether the tools and a font are here; panics if they must be.
fn pdf_ready() -> bool {
    let poppler = Command::new("pdftotext").arg("-v").output().is_ok()
        && Command::new("pdffonts").arg("-v").output().is_ok()
        && Command::new("pdfinfo").arg("-v").output().is_ok();
    let font = huanzheng::pdf::font::locate(None);
    if poppler && font.is_ok() {
        return true;
    }
    let why = format!(
        "poppler-utils: {}, Chinese font: {}",
        if poppler { "found" } else { "MISSING" },
        match &font {
            Ok(f) => f.path.display().to_string(),
            Err(e) => format!("MISSING ({e})"),
        }
    );
    if std::env::var_os("HUANZHENG_REQUIRE_PDF").is_some() {
        panic!("HUANZHENG_REQUIRE_PDF is set but {why}");
    }
    // Straight to the process's stderr: the test harness captures eprintln!.
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!!!!! SKIPPED: PDF tests need poppler-utils and fonts-noto-cjk ({why}).\n\
         !!!!!!!! apt-get install fonts-noto-cjk poppler-utils\n"
    );
    false
}

/// The demo county with its schedule recorded, made once for all tests here.
fn county() -> &'static Path {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        // One place, emptied first: a run leaves only its own files behind.
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_pdf");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("county.db");
        ok(&db, &["demo"]);
        ok(&db, &["schedule", "plan", "--apply"]);
        db
    })
}

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let o = Command::new(name)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        o.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The text of page `n` (from 1), laid out as on the page.
fn page_text(pdf: &Path, n: usize) -> String {
    let n = n.to_string();
    tool("pdftotext", &["-f", &n, "-l", &n, "-layout"], pdf)
}

/// Without spaces: the layout mode spaces words as the page does.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect()
}

fn has(text: &str, want: &str) -> bool {
    squeeze(text).contains(&squeeze(want))
}

fn pages(pdf: &Path) -> usize {
    let o = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

/// The font lines of `pdffonts`: (name, embedded, subset).
fn fonts(pdf: &Path) -> Vec<(String, bool, bool)> {
    let o = Command::new("pdffonts").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .skip(2)
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            let n = cols.len();
            (
                cols[0].to_string(),
                cols[n - 5] == "yes",
                cols[n - 4] == "yes",
            )
        })
        .collect()
}

fn assert_subset_embedded(pdf: &Path) {
    let fonts = fonts(pdf);
    assert_eq!(fonts.len(), 1, "{fonts:?}");
    let (name, embedded, subset) = &fonts[0];
    assert!(*embedded && *subset, "{fonts:?}");
    // A subset's name is six capitals and a plus.
    assert_eq!(name.find('+'), Some(6), "{name}");
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(db, args)).unwrap()
}

/// The notice subjects of a township as the CLI lists them (village, name order).
fn subjects(db: &Path, township: &str) -> Vec<serde_json::Value> {
    let all = json(db, &["person", "list", "--township", township, "--json"]);
    all.as_array()
        .unwrap()
        .iter()
        .filter(|h| {
            h["basis"] == "visual"
                && [
                    "needs_reassessment",
                    "notified",
                    "scheduled",
                    "needs_rescheduling",
                ]
                .contains(&h["state"].as_str().unwrap())
        })
        .cloned()
        .collect()
}

/// A day someone of 龙庆 is booked at their health centre.
fn booked_day(db: &Path) -> String {
    let people = subjects(db, "龙庆彝族壮族乡");
    let booked = people
        .iter()
        .find(|p| p["state"] == "scheduled")
        .expect("someone of 龙庆 is booked");
    let case = json(
        db,
        &[
            "person",
            "show",
            booked["id_number"].as_str().unwrap(),
            "--json",
        ],
    );
    let schedule = &case["case"]["schedule"];
    assert_eq!(schedule["site"], "longqing-hc");
    schedule["date"].as_str().unwrap().to_string()
}

#[test]
fn notices_one_page_per_subject_with_the_receipt_below_a_cut_line() {
    if !pdf_ready() {
        return;
    }
    let db = county();
    let out = db.with_file_name("notices-longqing.pdf");
    let said = ok(
        db,
        &[
            "export",
            "notices",
            "--township",
            "龙庆",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let people = subjects(db, "龙庆彝族壮族乡");
    assert!(people.len() > 100, "{}", people.len());
    assert!(
        said.contains(&format!("告知书 {} 份", people.len())),
        "{said}"
    );
    let n = pages(&out);
    assert_eq!(n, people.len(), "one page per notice");
    assert_subset_embedded(&out);

    let first = page_text(&out, 1);
    for want in [
        "办理第三代智能化《中华人民共和国残疾人证》告知书",
        "回  执",
        "沿此线剪下",
        "本人或监护人签字",
        "日期",
        "（盖章）",
        "龙庆彝族壮族乡残联",
        "第 1 页 / 共",
        "《师宗县第三代残疾人证（智能化）核发工作实施方案》",
    ] {
        assert!(has(&first, want), "page 1 lacks {want}:\n{first}");
    }
    assert!(has(&first, &format!("第 1 页 / 共 {n} 页")), "{first}");
    let name = people[0]["name"].as_str().unwrap();
    assert_eq!(
        squeeze(&first).matches(name).count(),
        3,
        "salutation, notice, receipt:\n{first}"
    );
    // Numbers masked: the birth date in the middle of the ID is never printed.
    let id = people[0]["id_number"].as_str().unwrap();
    assert!(!has(&first, id) && has(&first, &id[14..]), "{first}");
    assert!(has(&first, &format!("{}********{}", &id[..6], &id[14..])));

    // A booked subject shows the site and the day from the schedule; one not booked
    // shows 另行通知.
    let case = |p: &serde_json::Value| {
        json(
            db,
            &["person", "show", p["id_number"].as_str().unwrap(), "--json"],
        )
    };
    let mut seen_booked = false;
    let mut seen_open = false;
    for (i, p) in people.iter().enumerate() {
        if seen_booked && seen_open {
            break;
        }
        let booked = p["state"] == "scheduled";
        if (booked && seen_booked) || (!booked && seen_open) {
            continue;
        }
        let text = page_text(&out, i + 1);
        assert!(
            has(&text, p["name"].as_str().unwrap()),
            "page {}: {text}",
            i + 1
        );
        if booked {
            let schedule = &case(p)["case"]["schedule"];
            let date =
                chrono::NaiveDate::parse_from_str(schedule["date"].as_str().unwrap(), "%Y-%m-%d")
                    .unwrap();
            let day = date.format("%Y年%-m月%-d日").to_string();
            let half = if schedule["half_day"] == "pm" {
                "下午"
            } else {
                "上午"
            };
            assert!(
                has(&text, &day) && has(&text, half),
                "page {}: {day} {half}\n{text}",
                i + 1
            );
            assert!(has(&text, "龙庆彝族壮族乡卫生院"), "{text}");
            seen_booked = true;
        } else {
            assert!(has(&text, "另行通知"), "page {}:\n{text}", i + 1);
            seen_open = true;
        }
    }
    assert!(seen_booked && seen_open, "the township has both kinds");

    let size = std::fs::metadata(&out).unwrap().len() as usize;
    assert!(size / n < 10_000, "{size} bytes for {n} pages");
}

#[test]
fn one_notice_is_tens_of_kilobytes() {
    if !pdf_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("one.db");
    let roster = write_utf8(
        dir.path(),
        "r.csv",
        &[
            row(7, "杨丽芬", "目测", "高良壮族苗族瑶族乡"),
            row(8, "李国华", "非目测", "高良壮族苗族瑶族乡"),
        ],
    );
    ok(&db, &["import", "roster", roster.to_str().unwrap()]);
    let out = dir.path().join("one.pdf");
    let said = ok(
        &db,
        &[
            "export",
            "notices",
            "--township",
            "高良",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(said.contains("告知书 1 份（1 页）"), "{said}");
    assert_eq!(pages(&out), 1);
    let text = page_text(&out, 1);
    assert!(has(&text, "杨丽芬") && !has(&text, "李国华"), "{text}");
    assert!(has(&text, "另行通知"), "not scheduled: {text}");
    assert!(has(&text, "第 1 页 / 共 1 页"), "{text}");
    assert_subset_embedded(&out);
    let size = std::fs::metadata(&out).unwrap().len();
    assert!((10_000..100_000).contains(&size), "{size} bytes");
}

#[test]
fn a_long_day_sheet_breaks_across_pages_with_its_header_repeated() {
    if !pdf_ready() {
        return;
    }
    let db = county();
    let date = booked_day(db);
    let day_zh = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .unwrap()
        .format("%Y年%-m月%-d日")
        .to_string();
    let out = db.with_file_name("day.pdf");
    let site = "龙庆彝族壮族乡卫生院";
    let list = ok(
        db,
        &[
            "export",
            "day-sheet",
            "--site",
            "longqing-hc",
            "--date",
            &date,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let n = pages(&out);
    assert!(n >= 2, "{list}");
    assert!(list.contains(&format!("{n} 页")), "{list}");
    let one = page_text(&out, 1);
    let two = page_text(&out, 2);
    assert!(has(&one, &format!("{site}评定名单")), "{one}");
    assert!(has(&one, &day_zh), "{one}");
    assert!(!has(&two, "评定名单"), "the title is not repeated:\n{two}");
    for page in [&one, &two] {
        for header in ["序号", "时段", "姓名", "身份证号", "签到"] {
            assert!(has(page, header), "header {header} missing:\n{page}");
        }
    }
    assert!(has(&two, &format!("第 2 页 / 共 {n} 页")), "{two}");
    // The rows run on: the first row of page 2 follows the last of page 1.
    let last_number = |text: &str| -> usize {
        text.lines()
            .filter_map(|l| l.split_whitespace().next()?.parse().ok())
            .next_back()
            .unwrap()
    };
    let first_number = |text: &str| -> usize {
        text.lines()
            .find_map(|l| l.split_whitespace().next()?.parse().ok())
            .unwrap()
    };
    assert_eq!(first_number(&two), last_number(&one) + 1, "{one}\n{two}");
    assert_subset_embedded(&out);
    let size = std::fs::metadata(&out).unwrap().len() as usize;
    assert!(size / n < 30_000, "{size} bytes for {n} pages");

    // The same list as CSV and text still works.
    for ext in ["csv", "txt"] {
        let f = db.with_file_name(format!("day.{ext}"));
        ok(
            db,
            &[
                "export",
                "day-sheet",
                "--site",
                "longqing-hc",
                "--date",
                &date,
                "--out",
                f.to_str().unwrap(),
            ],
        );
        assert!(std::fs::read_to_string(&f).unwrap().contains("上午"));
    }
}

#[test]
fn the_font_can_be_chosen_and_a_missing_one_is_named() {
    if !pdf_ready() {
        return;
    }
    let db = county();
    let date = booked_day(db);
    let noto = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    if Path::new(noto).exists() {
        // Face 0 of the collection is the Japanese one: the face number is obeyed.
        let out = db.with_file_name("jp.pdf");
        let font = format!("{noto}#0");
        ok(
            db,
            &[
                "export",
                "day-sheet",
                "--site",
                "longqing-hc",
                "--date",
                &date,
                "--font",
                &font,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        let name = &fonts(&out)[0].0;
        assert!(name.ends_with("NotoSansCJKjp-Regular"), "{name}");
    }
    let out = db.with_file_name("none.pdf");
    let o = hz(
        db,
        &[
            "export",
            "notices",
            "--township",
            "龙庆",
            "--font",
            "/nonexistent/simsun.ttc",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("/nonexistent/simsun.ttc") && err.contains("fonts-noto-cjk"),
        "{err}"
    );
    assert!(!out.exists());

    // Notices are only PDF.
    let o = hz(
        db,
        &[
            "export",
            "notices",
            "--township",
            "龙庆",
            "--out",
            "notices.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(".pdf"), "{}", stderr(&o));
}

#[test]
fn the_route_sheet_lists_a_days_home_visits_in_driving_order() {
    if !pdf_ready() {
        return;
    }
    let db = county();
    let dir = db.parent().unwrap();
    let plan = dir.join("routes.json");
    ok(
        db,
        &[
            "route",
            "plan",
            "--time-limit",
            "0.05",
            "--apply",
            "--out",
            plan.to_str().unwrap(),
        ],
    );
    let js: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let day = &js["days"][1];
    let date = day["date"].as_str().unwrap();
    let first = day["stops"][0]["id"].as_str().unwrap();
    let last = day["stops"].as_array().unwrap().last().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let name = |id: &str| person(db, id)["name"].as_str().unwrap().to_string();
    let pdf = dir.join("route-sheet.pdf");
    let said = ok(
        db,
        &[
            "export",
            "route-sheet",
            "--date",
            date,
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(said.contains("已写出路线单"), "{said}");
    let text = page_text(&pdf, 1);
    assert!(has(&text, "上门服务路线单"), "{text}");
    assert!(
        has(
            &text,
            &format!("{} 户", day["stops"].as_array().unwrap().len())
        ),
        "{text}"
    );
    let (a, b) = (name(first), name(&last));
    let (pa, pb) = (squeeze(&text).find(&a), squeeze(&text).find(&b));
    assert!(pa.is_some() && pb.is_some(), "{a} {b}: {text}");
    assert!(pa < pb, "driving order: {a} before {b}");
    assert!(!squeeze(&text).contains(first), "ID numbers are masked");
    // A day without visits has no sheet, and says so.
    let o = hz(
        db,
        &[
            "export",
            "route-sheet",
            "--date",
            "2022-06-03",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("没有安排上门服务"), "{}", stderr(&o));
}
