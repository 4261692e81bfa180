//! The roster and card importers driven through the real binary, on files written
//! here in every shape a county sends them.

mod common;

use common::*;
use rust_xlsxwriter::{Format, Workbook};

const XIONGBI: &str = "雄壁镇";

fn good_rows() -> Vec<Vec<String>> {
    vec![
        row(1, "张三", "目测", XIONGBI),
        row(2, "李四", "非目测", "师宗县丹凤街道"),
        row(3, "王五", "目测", "530323202000"),
        row(4, "曾六", "新申请", "五龙壮族乡"),
    ]
}

#[test]
fn gbk_csv_imports_with_chinese_names_intact() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hz.db");
    let file = write_gbk(dir.path(), "roster-gbk.csv", &good_rows());
    let out = ok(&db, &["import", "roster", file.to_str().unwrap()]);
    assert!(out.contains("新导入 4"), "{out}");
    let s = stats(&db);
    assert_eq!(s["holders"], 3);
    assert_eq!(s["cases"], 4);
    assert_eq!(s["by_basis"]["visual"], 2);
    assert_eq!(s["by_basis"]["medical"], 1);
    assert_eq!(s["by_basis"]["new"], 1);
    assert_eq!(s["by_state"]["needs_reassessment"], 2);
    assert_eq!(s["by_state"]["ready_for_handover"], 1);
    assert_eq!(s["by_state"]["applied"], 1);
    assert_eq!(s["by_township"]["530323102000"]["holders"], 1);
    assert_eq!(s["by_township"]["530323102000"]["name"], "雄壁镇");
    assert_eq!(s["by_category"]["4"], 3);
    let p = person(&db, &id(1));
    assert_eq!(p["name"], "张三");
    assert_eq!(p["state"], "needs_reassessment");
    assert!(!huanzheng::import::rejects_path(&file).exists());
}

#[test]
fn bom_csv_with_english_headers_in_another_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hz.db");
    let r = row(5, "赵七", "非目测", XIONGBI);
    let text = format!(
        "\u{FEFF}township,basis,grade,category,cert_number,id_number,name\n{},{},{},{},{},{},{}\n",
        r[6], r[5], "2", "4", r[2], r[1], r[0]
    );
    let file = dir.path().join("english.csv");
    std::fs::write(&file, text).unwrap();
    ok(&db, &["import", "roster", file.to_str().unwrap()]);
    let p = person(&db, &format!("{}42", id(5)));
    assert_eq!(p["name"], "赵七");
    assert_eq!(p["basis"], "medical");
    assert_eq!(p["category"], 4);
    assert_eq!(p["grade"], 2);
}

#[test]
fn xlsx_with_a_title_row_and_an_id_stored_as_a_number() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hz.db");
    let file = dir.path().join("台账.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .merge_range(
            0,
            0,
            0,
            8,
            "师宗县持证残疾人台账（虚构测试数据）",
            &Format::new(),
        )
        .unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let rows = [
        row(11, "孙一", "目测", XIONGBI),
        row(12, "周二", "目测", XIONGBI),
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            sheet.write_string(2 + r as u32, c as u16, v).unwrap();
        }
    }
    // Row 5 in Excel: the clerk typed the ID and Excel kept it as a number.
    let numeric = row(13, "吴三", "目测", XIONGBI);
    for (c, v) in numeric.iter().enumerate() {
        if c == 1 {
            sheet
                .write_number(4, 1, v[..17].parse::<f64>().unwrap() * 10.0)
                .unwrap();
        } else {
            sheet.write_string(4, c as u16, v).unwrap();
        }
    }
    book.save(&file).unwrap();

    let o = hz(&db, &["import", "roster", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("新导入 2"), "{}", stdout(&o));
    assert!(stdout(&o).contains("退回 1"), "{}", stdout(&o));
    let rejects = read_rejects(&file);
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert_eq!(rejects[0][0], "5", "Excel row number");
    assert_eq!(rejects[0][1], "身份证号");
    assert!(rejects[0][2].contains("存成了数字"), "{rejects:?}");
    assert_eq!(stats(&db)["holders"], 2);
}

/// One row for every reject rule, plus an exact repeat and a conflicting pair.
fn bad_file_rows() -> Vec<Vec<String>> {
    let mut rows = good_rows(); // rows 2..=5 in the file
    let mut bad = |n: u16, f: &dyn Fn(&mut Vec<String>)| {
        let mut r = row(n, "坏行", "目测", XIONGBI);
        f(&mut r);
        rows.push(r);
    };
    bad(21, &|r| {
        // checksum: change the last character
        let id = r[1].clone();
        let last = if id.ends_with('1') { '2' } else { '1' };
        r[1] = format!("{}{last}", &id[..17]);
        r[2] = format!("{}42", r[1]);
    }); // row 6
    bad(22, &|r| {
        r[1] = "530323198002300010".into();
        r[2] = format!("{}42", r[1]);
    }); // row 7: 30 February
    bad(23, &|r| r[1] = "530323800101001".into()); // row 8: old 15-digit
    bad(24, &|r| r[2] = format!("{}43", r[1])); // row 9: cert ≠ ID + category + grade
    bad(25, &|r| r[3] = "心理".into()); // row 10: unknown category
    bad(26, &|r| r[4] = "五级".into()); // row 11: unknown grade
    bad(27, &|r| r[6] = "罗平县板桥镇".into()); // row 12: township of another county
    bad(28, &|r| r[0] = "  ".into()); // row 13: empty name
    bad(29, &|r| r[5] = "新申请".into()); // row 14: new applicant with a certificate
    bad(30, &|r| r[5] = "估计".into()); // row 15: unknown basis
    rows.push(row(1, "张三", "目测", XIONGBI)); // row 16: exact repeat of row 2
    rows.push(row(31, "郑八", "目测", XIONGBI)); // row 17
    rows.push(row(31, "郑八", "非目测", XIONGBI)); // row 18: same ID as 17, differs
    rows
}

#[test]
fn every_kind_of_bad_row_is_rejected_with_row_column_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hz.db");
    let file = write_utf8(dir.path(), "bad.csv", &bad_file_rows());
    let out = ok(&db, &["import", "roster", file.to_str().unwrap()]);
    assert!(
        out.contains("共读取 17 行：新导入 4，更新 0，无变化 0，退回 12，重复行 1"),
        "{out}"
    );
    let rejects = read_rejects(&file);
    let by_row: Vec<(String, String)> = rejects
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let expect = [
        ("6", "身份证号"),
        ("7", "身份证号"),
        ("8", "身份证号"),
        ("9", "残疾人证号"),
        ("10", "残疾类别"),
        ("11", "残疾等级"),
        ("12", "乡镇"),
        ("13", "姓名"),
        ("14", "残疾人证号"),
        ("15", "评定方式"),
        ("16", "整行"),
        ("17", "身份证号"),
        ("18", "身份证号"),
    ];
    let expect: Vec<(String, String)> = expect
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(by_row, expect, "{rejects:#?}");
    let reason = |row: &str| rejects.iter().find(|r| r[0] == row).unwrap()[2].clone();
    assert!(reason("6").contains("校验位"));
    assert!(reason("7").contains("不存在"));
    assert!(reason("8").contains("15位"));
    assert!(reason("9").contains("不一致"));
    assert!(reason("12").contains("不是本县"));
    assert!(reason("16").contains("第2行"));
    assert!(reason("17").contains("第18行"));
    assert!(reason("18").contains("第17行"));
    let s = stats(&db);
    assert_eq!(s["cases"], 4);
    assert_eq!(s["holders"], 3);
}

#[test]
fn rejects_in_english_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hz.db");
    let file = write_utf8(dir.path(), "bad.csv", &bad_file_rows());
    let out = ok(
        &db,
        &["--lang", "en", "import", "roster", file.to_str().unwrap()],
    );
    assert!(out.contains("17 rows read: 4 imported"), "{out}");
    let rejects = read_rejects(&file);
    assert!(
        rejects.iter().any(|r| r[2].contains("old 15-digit")),
        "{rejects:?}"
    );
}

#[test]
fn atomic_writes_nothing_when_a_row_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hz.db");
    ok(
        &db,
        &[
            "import",
            "roster",
            write_utf8(dir.path(), "good.csv", &good_rows())
                .to_str()
                .unwrap(),
        ],
    );
    let file = write_utf8(dir.path(), "bad.csv", &bad_file_rows());
    let o = hz(
        &db,
        &["import", "roster", "--atomic", file.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("一行也没有导入"), "{}", stdout(&o));
    assert!(stderr(&o).contains("错误清单"), "{}", stderr(&o));
    assert_eq!(read_rejects(&file).len(), 13);
    assert_eq!(stats(&db)["cases"], 4);
    let runs: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM import_run", [], |r| r.get(0))
        .unwrap();
    assert_eq!(runs, 1, "the atomic run left no trace");
    // Without a reject, --atomic imports everything.
    let more = write_utf8(dir.path(), "more.csv", &[row(40, "钱九", "目测", XIONGBI)]);
    ok(
        &db,
        &["import", "roster", "--atomic", more.to_str().unwrap()],
    );
    assert_eq!(stats(&db)["cases"], 5);
}

#[test]
fn dry_run_changes_nothing_but_reports_and_writes_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hz.db");
    let file = write_utf8(dir.path(), "bad.csv", &bad_file_rows());
    let out = ok(
        &db,
        &["import", "roster", "--dry-run", file.to_str().unwrap()],
    );
    assert!(out.contains("新导入 4"), "{out}");
    assert!(out.contains("试运行"), "{out}");
    assert_eq!(read_rejects(&file).len(), 13);
    assert_eq!(stats(&db)["cases"], 0);
}

fn event_count(db: &std::path::Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM event", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hz.db");
    let file = write_bom(dir.path(), "roster.csv", &good_rows());
    ok(&db, &["import", "roster", file.to_str().unwrap()]);
    let (before, events) = (stats(&db), event_count(&db));
    let out = ok(&db, &["import", "roster", file.to_str().unwrap()]);
    assert!(out.contains("新导入 0，更新 0，无变化 4"), "{out}");
    assert_eq!(stats(&db), before);
    assert_eq!(event_count(&db), events);
}

#[test]
fn a_corrected_file_updates_changed_holders_and_records_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hz.db");
    ok(
        &db,
        &[
            "import",
            "roster",
            write_utf8(dir.path(), "v1.csv", &good_rows())
                .to_str()
                .unwrap(),
        ],
    );
    let mut rows = good_rows();
    rows[0][8] = "13800000001".into(); // phone added
    rows[0][7] = "竹基村".into(); // village corrected
    rows[2][5] = "非目测".into(); // basis corrected before anything happened
    let out = ok(
        &db,
        &[
            "import",
            "roster",
            write_utf8(dir.path(), "v2.csv", &rows).to_str().unwrap(),
        ],
    );
    assert!(out.contains("新导入 0，更新 2，无变化 2"), "{out}");
    let p = person(&db, &id(1));
    assert_eq!(p["village"], "竹基村");
    assert_eq!(p["phone"], "13800000001");
    let last = p["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"]["kind"], "holder_updated");
    assert_eq!(last["operator"], huanzheng::demo::LEADER);
    let fields: Vec<&str> = last["event"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["village", "phone"]);
    let p3 = person(&db, &id(3));
    assert_eq!(p3["basis"], "medical");
    assert_eq!(p3["state"], "ready_for_handover");
    assert_eq!(p3["case"]["state"], "ready_for_handover");
}

#[test]
fn missing_required_column_fails_with_a_chinese_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hz.db");
    let file = dir.path().join("nohead.csv");
    std::fs::write(&file, "序号,备注\n1,x\n").unwrap();
    let o = hz(&db, &["import", "roster", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("身份证号"), "{}", stderr(&o));
    let o = hz(&db, &["import", "roster", "/nonexistent/roster.csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("找不到文件"), "{}", stderr(&o));
}

#[test]
fn card_batch_links_cards_and_rejects_unknown_certificates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hz.db");
    ok(
        &db,
        &[
            "import",
            "roster",
            write_utf8(dir.path(), "r.csv", &good_rows())
                .to_str()
                .unwrap(),
        ],
    );
    let cards = dir.path().join("cards.csv");
    std::fs::write(
        &cards,
        format!(
            "卡号,残疾人证号\n5303220000000001,{}42\n5303220000000002,{}42\n5303220000000003,{}42\n5303220000000004,{}41\n,{}42\n5303220000000001,{}42\n",
            id(1),
            id(2),
            id(99),
            id(3),
            id(3),
            id(2),
        ),
    )
    .unwrap();
    let out = ok(&db, &["import", "cards", cards.to_str().unwrap()]);
    assert!(
        out.contains("共读取 6 行：新登记卡 2，已登记过 0，退回 4"),
        "{out}"
    );
    let rejects = read_rejects(&cards);
    let reasons: Vec<(&str, &str)> = rejects
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("4", "残疾人证号"),
            ("5", "残疾人证号"),
            ("6", "卡号"),
            ("7", "卡号")
        ]
    );
    assert!(rejects[0][2].contains("台账中没有"));
    let p = person(&db, &id(1));
    assert_eq!(p["card"]["card_number"], "5303220000000001");
    assert_eq!(p["card"]["state"], "personalised");
    // Again: nothing new.
    let out = ok(&db, &["import", "cards", cards.to_str().unwrap()]);
    assert!(out.contains("新登记卡 0，已登记过 2"), "{out}");
}

#[test]
fn person_list_filters_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hz.db");
    ok(
        &db,
        &[
            "import",
            "roster",
            write_utf8(dir.path(), "r.csv", &good_rows())
                .to_str()
                .unwrap(),
        ],
    );
    let list: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &["person", "list", "--state", "needs_reassessment", "--json"],
    ))
    .unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    for item in list {
        for key in [
            "id_number",
            "cert_number",
            "name",
            "township",
            "village",
            "category",
            "grade",
            "basis",
            "state",
            "mobility_impaired",
        ] {
            assert!(item.get(key).is_some(), "missing {key} in {item}");
        }
        assert_eq!(item["basis"], "visual");
    }
    let by_town: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &["person", "list", "--township", "雄壁镇", "--json"],
    ))
    .unwrap();
    assert_eq!(by_town.as_array().unwrap().len(), 1);
    assert_eq!(by_town[0]["township"], "530323102000");
    let limited: serde_json::Value =
        serde_json::from_str(&ok(&db, &["person", "list", "--limit", "1", "--json"])).unwrap();
    assert_eq!(limited.as_array().unwrap().len(), 1);

    let bad_state = hz(&db, &["person", "list", "--state", "lost"]);
    assert_eq!(bad_state.status.code(), Some(1));
    assert!(stderr(&bad_state).contains("needs_reassessment"));
    let unknown = hz(&db, &["person", "show", "110105194912310021"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("找不到"), "{}", stderr(&unknown));
    let usage = hz(&db, &["person", "frobnicate"]);
    assert_eq!(usage.status.code(), Some(2));
    let no_db = hz(&dir.path().join("none.db"), &["stats", "--json"]);
    assert_eq!(no_db.status.code(), Some(1));
    assert!(
        stderr(&no_db).contains("huanzheng demo"),
        "{}",
        stderr(&no_db)
    );
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hz.db");
    let rows: Vec<Vec<String>> = (0..400)
        .map(|n| row(200 + n, "张三", "目测", XIONGBI))
        .collect();
    ok(
        &db,
        &[
            "import",
            "roster",
            write_utf8(dir.path(), "r.csv", &rows).to_str().unwrap(),
        ],
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_huanzheng"))
        .args(["--db", db.to_str().unwrap(), "person", "list", "--json"])
        .env("HUANZHENG_OPERATOR", huanzheng::demo::LEADER)
        .env("HUANZHENG_PASSWORD", huanzheng::demo::PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then the pipe closes
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}
