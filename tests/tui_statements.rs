//! 情况说明 driven by keys on the demo county: make a statement for a holder found by
//! the ID's last digits, print it, record the guardian's signature, find it at the
//! handover, filter the list, withdraw a wrong one (never deleted), and the refusals
//! a clerk sees. No sleeps: requests are answered at once by the database.

mod common;

use common::tui::{Harness, read};
use huanzheng::app::{Effect, Overlay, Tab};
use huanzheng::domain::case::State;
use huanzheng::domain::statement::Standing;
use huanzheng::i18n::{Lang, Text};
use huanzheng::screens::statements::Mode;
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

fn at_statements(lang: Lang) -> Harness {
    let mut h = Harness::demo(lang);
    h.go(Tab::Statements);
    assert_eq!(h.app.tab, Tab::Statements);
    h
}

fn screen(h: &Harness) -> String {
    h.screen_text(100, 30).join("\n")
}

/// `n`, the holder found by the last six digits of the ID number, Enter: the form.
fn start_new(h: &mut Harness, who: &HolderRow) {
    h.key(KeyCode::Char('n'));
    assert!(matches!(h.app.statements.mode, Mode::Find(_)));
    h.find_by_id_tail(&who.id_number, |a| match &a.statements.mode {
        Mode::Find(find) => &find.found,
        _ => &[],
    });
    let Mode::New(form) = &h.app.statements.mode else {
        panic!("the form opens");
    };
    assert_eq!(form.id_number, who.id_number);
}

/// A whole new statement: reason key ('1' lost, '2' damaged, '3' other) and account;
/// the holder is the one who will sign.
fn make(h: &mut Harness, who: &HolderRow, reason: char, account: &str) {
    start_new(h, who);
    h.key(KeyCode::Char(reason));
    h.key(KeyCode::Tab);
    h.type_text(account);
    h.key(KeyCode::Enter);
    assert_eq!(
        h.app.statements.done,
        Some(Text::StmtCreated {
            name: who.name.clone()
        })
    );
}

fn sign_by_guardian(h: &mut Harness, name: &str, relation: &str) {
    h.key(KeyCode::Char('k'));
    assert!(matches!(h.app.statements.mode, Mode::Sign(_)));
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Tab);
    h.type_text(name);
    h.key(KeyCode::Tab);
    h.type_text(relation);
    h.key(KeyCode::Enter);
}

#[test]
fn make_print_sign_and_the_handover_relies_on_it() {
    let mut h = at_statements(Lang::Zh);
    assert!(screen(&h).contains("还没有情况说明"), "{}", screen(&h));
    let who = ready(&h, 1).remove(0);

    // The form refuses until the reason and what happened are given.
    start_new(&mut h, &who);
    h.key(KeyCode::Enter);
    let Mode::New(form) = &h.app.statements.mode else {
        panic!("the form stays open");
    };
    assert_eq!(form.problem, Some(Text::StatementLossMissing));
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Enter);
    let Mode::New(form) = &h.app.statements.mode else {
        panic!("the form stays open");
    };
    assert_eq!(form.problem, Some(Text::StatementAccountMissing));
    h.key(KeyCode::Tab);
    h.type_text("证件借给亲戚办事后未归还");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.statements.mode, Mode::List);
    let on_file = handover::statements_of(h.store().conn(), &who.id_number).unwrap();
    assert_eq!(on_file.len(), 1);
    assert_eq!(on_file[0].loss, "other");
    assert_eq!(on_file[0].standing(), Standing::Unsigned);
    assert_eq!(on_file[0].taken_on, "2022-03-28");
    let text = screen(&h);
    assert!(
        text.contains(&who.name) && text.contains("其他") && text.contains("未签字"),
        "{text}"
    );
    // Masked on screen: the birth date in the middle of the ID is never shown.
    assert!(!text.contains(&who.id_number[6..14]), "{text}");

    // Not signed yet: the handover refuses to rely on it.
    h.go(Tab::Handover);
    h.key(KeyCode::Char('/'));
    h.find_by_id_tail(&who.id_number, |a| &a.handover.found);
    let card = handover::expected_card(h.store().conn(), &who.id_number)
        .unwrap()
        .unwrap()
        .card_number;
    h.card(read(&card));
    h.key(KeyCode::Char('o'));
    h.key(KeyCode::Enter);
    assert_eq!(h.app.handover.problem, Some(Text::StatementNotSigned));

    // Print: the PDF is written off the screen's thread and the viewer asked for.
    h.go(Tab::Statements);
    let dir = tempfile::tempdir().unwrap();
    h.app.print_dir = dir.path().join("打印");
    h.key(KeyCode::Char('p'));
    if huanzheng::pdf::font::locate(None).is_ok() {
        let Some(Text::StmtPrinted { path }) = h.app.statements.done.clone() else {
            panic!("printed: {:?}", h.app.statements.problem);
        };
        let path = std::path::PathBuf::from(path);
        assert!(path.starts_with(dir.path()) && path.exists(), "{path:?}");
        assert!(std::fs::metadata(&path).unwrap().len() < 200_000);
        assert!(h.effects.contains(&Effect::Open(path.clone())));
        if let Ok(o) = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
        {
            let text: String = String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .collect();
            for want in [
                "无法提交第二代残疾人证情况说明",
                who.name.as_str(),
                "因下述原因",
                "证件借给亲戚办事后未归还",
                "2022-03-28",
            ] {
                assert!(text.contains(want), "{want} missing:\n{text}");
            }
        }
        assert!(screen(&h).contains("已写出"), "{}", screen(&h));
    } else {
        assert!(matches!(
            h.app.statements.problem,
            Some(Text::FontNotFound { .. })
        ));
    }
    assert!(!h.app.statements.printing);

    // The guardian signs: name and relation are required, then recorded.
    h.key(KeyCode::Char('k'));
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    let Mode::Sign(form) = &h.app.statements.mode else {
        panic!("the form stays open");
    };
    assert_eq!(form.problem, Some(Text::SignerNameMissing));
    h.key(KeyCode::Esc);
    sign_by_guardian(&mut h, "王芳", "女儿");
    assert_eq!(
        h.app.statements.done,
        Some(Text::StmtSigned {
            name: who.name.clone()
        })
    );
    let row = &handover::statements_of(h.store().conn(), &who.id_number).unwrap()[0];
    assert_eq!(
        (row.signer.as_str(), row.relation.as_str()),
        ("王芳", "女儿")
    );
    assert_eq!(row.signed_at.as_deref(), Some("2022-03-28"));
    assert!(screen(&h).contains("已签字"), "{}", screen(&h));
    // Signed once only.
    h.key(KeyCode::Char('k'));
    assert_eq!(h.app.statements.problem, Some(Text::StatementAlreadySigned));

    // The handover screen (still showing the holder) now finds it by itself.
    h.go(Tab::Handover);
    assert!(screen(&h).contains("已有情况说明（王芳"), "{}", screen(&h));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    let register = handover::register(h.store().conn(), &who.township).unwrap();
    assert_eq!(register[0].old_certificate, "statement");
    let kinds: Vec<String> = queries::person(h.store(), &who.id_number)
        .unwrap()
        .events
        .iter()
        .map(|e| e.event.kind().to_string())
        .collect();
    assert!(
        kinds.ends_with(&[
            "statement_taken".into(),
            "statement_signed".into(),
            "handed_over".into()
        ]),
        "{kinds:?}"
    );

    // Relied on by a handover: it cannot be withdrawn.
    h.go(Tab::Statements);
    h.key(KeyCode::Char('w'));
    h.type_text("填错了");
    h.key(KeyCode::Enter);
    let Mode::Withdraw(form) = &h.app.statements.mode else {
        panic!("the form stays open with the reason");
    };
    assert_eq!(form.problem, Some(Text::StatementReliedOn));
    assert!(!form.pending);
}

#[test]
fn a_wrong_statement_is_withdrawn_with_its_reason_and_stays_listed() {
    let mut h = at_statements(Lang::Zh);
    let two = ready(&h, 2);
    make(&mut h, &two[0], '1', "2020年搬家时遗失");
    make(&mut h, &two[1], '2', "房屋漏雨，证件被水泡坏");
    assert_eq!(h.app.statements.items.len(), 2);
    assert_eq!(h.app.statements.items[0].name, two[1].name, "newest first");
    assert_eq!(h.app.statements.selected, 0, "the one just made");

    h.key(KeyCode::Down);
    h.key(KeyCode::Char('w'));
    h.key(KeyCode::Enter);
    let Mode::Withdraw(form) = &h.app.statements.mode else {
        panic!("the form stays open");
    };
    assert_eq!(form.problem, Some(Text::WithdrawNeedsReason));
    h.type_text("人选错了，应为另一位持证人");
    h.key(KeyCode::Enter);
    assert_eq!(
        h.app.statements.done,
        Some(Text::StmtWithdrawnDone {
            name: two[0].name.clone()
        })
    );
    assert_eq!(h.app.statements.selected, 1, "still on the withdrawn one");
    let rows = handover::statements_of(h.store().conn(), &two[0].id_number).unwrap();
    assert_eq!(rows.len(), 1, "kept on file");
    assert_eq!(rows[0].standing(), Standing::Withdrawn);
    // Stored normalised (full-width punctuation folded), as every typed text is.
    assert_eq!(rows[0].withdrawn_reason, "人选错了,应为另一位持证人");
    let text = screen(&h);
    assert!(
        text.contains("已撤回") && text.contains("人选错了"),
        "{text}"
    );
    assert_eq!(h.app.statements.counts.withdrawn, 1);

    // Nothing more can be done with it.
    for key in ['k', 'w', 'p'] {
        h.key(KeyCode::Char(key));
        assert_eq!(h.app.statements.problem, Some(Text::StatementIsWithdrawn));
        assert_eq!(h.app.statements.mode, Mode::List);
    }

    // The filter finds statements by name and by the ID's last digits.
    h.key(KeyCode::Char('/'));
    assert!(h.app.typing());
    h.type_text(&two[1].id_number[14..]);
    assert_eq!(h.app.statements.items.len(), 1);
    assert_eq!(h.app.statements.items[0].name, two[1].name);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.statements.items.len(), 2);
    h.key(KeyCode::Char('/'));
    h.type_text("没有这个人");
    assert!(h.app.statements.items.is_empty());
    assert!(
        screen(&h).contains("没有与“没有这个人”相符"),
        "{}",
        screen(&h)
    );
}

#[test]
fn a_half_filled_form_asks_before_quitting() {
    let mut h = at_statements(Lang::Zh);
    let who = ready(&h, 1).remove(0);
    start_new(&mut h, &who);
    h.type_text("1");
    assert!(h.app.statements.unsaved());
    // A function key does not leave the form; quitting asks first.
    h.key(KeyCode::F(2));
    assert_eq!(h.app.tab, Tab::Statements);
    h.key_with(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(h.app.overlay, Some(Overlay::ConfirmQuit));
    assert!(!h.app.quit);
}

#[test]
fn snapshots_statements() {
    let snapshot = |name: &str, h: &Harness| {
        for (w, ht) in [(80, 24), (160, 48)] {
            let text = h.screen_text(w, ht).join("\n");
            insta::assert_snapshot!(format!("{name}_{w}x{ht}"), text);
        }
    };
    let empty = at_statements(Lang::Zh);
    snapshot("statements_empty", &empty);

    let mut zh = at_statements(Lang::Zh);
    let three = ready(&zh, 3);
    make(&mut zh, &three[0], '1', "2020年搬家时遗失");
    make(&mut zh, &three[1], '2', "房屋漏雨，证件被水泡坏");
    sign_by_guardian(&mut zh, "王芳", "女儿");
    make(
        &mut zh,
        &three[2],
        '3',
        "证件借给亲戚办事后未归还，亲戚已外出务工联系不上",
    );
    snapshot("statements_loaded", &zh);
    zh.key(KeyCode::Char('k'));
    zh.key(KeyCode::Char('2'));
    snapshot("statements_sign_form", &zh);
    zh.key(KeyCode::Esc);
    start_new(&mut zh, &three[0]);
    zh.key(KeyCode::Enter);
    snapshot("statements_new_error", &zh);

    // Busy writing the PDF, then the font missing: said on the message line.
    zh.key(KeyCode::Esc);
    zh.app.statements.printing = true;
    snapshot("statements_printing", &zh);
    huanzheng::app::update(
        &mut zh.app,
        huanzheng::app::Msg::Reply(huanzheng::store::worker::Reply::Failed(
            Text::FontNotFound {
                tried: "/usr/share/fonts".into(),
            },
        )),
    );
    assert!(!zh.app.statements.printing);
    snapshot("statements_print_failed", &zh);

    let mut en = at_statements(Lang::En);
    make(&mut en, &three[0], '1', "2020年搬家时遗失");
    make(&mut en, &three[1], '2', "房屋漏雨，证件被水泡坏");
    sign_by_guardian(&mut en, "王芳", "女儿");
    snapshot("statements_loaded_en", &en);
}
