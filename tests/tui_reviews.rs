//! 公示复核 (F8) driven by keys on the demo county: remote forms received, accepted or
//! returned; the changed results posted for five working days; the leader confirms
//! the ended batch and the cases become card_requested, while staff and a township
//! clerk are refused by name of the role; an objection and a review request go to
//! review and the committee's decision moves each case on; forms that cannot be saved
//! stay as typed. And the print keys of every screen, read back with pdftotext.
//! No sleeps: requests are answered at once by the database.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::tui::{Harness, read};
use huanzheng::app::{Effect, Tab};
use huanzheng::domain::case::State;
use huanzheng::domain::operator::{Operator, Role};
use huanzheng::i18n::{Lang, Text};
use huanzheng::screens::reviews::Mode;
use huanzheng::store::holders::HolderRow;
use huanzheng::store::queries::{self, ListFilter};
use huanzheng::store::worker::Request;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn at(now: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(now)
        .unwrap()
        .with_timezone(&chrono::Utc)
}

fn state_of(h: &Harness, id: &str) -> State {
    queries::person(h.store(), id).unwrap().case.state
}

/// `n` people booked for re-assessment, all of one township.
fn booked(h: &Harness, n: usize) -> Vec<HolderRow> {
    let list = |township: Option<String>, limit| {
        queries::list(
            h.store().conn(),
            &ListFilter {
                state: Some(State::Scheduled),
                township,
                limit: Some(limit),
            },
        )
        .unwrap()
    };
    let first = list(None, 1).remove(0);
    let all = list(Some(first.township.clone()), n);
    assert_eq!(all.len(), n);
    all
}

fn at_reviews(lang: Lang) -> Harness {
    let mut h = Harness::demo(lang);
    h.go(Tab::Reviews);
    assert_eq!(h.app.tab, Tab::Reviews);
    h
}

fn screen(h: &Harness) -> String {
    h.screen_text(100, 30).join("\n")
}

fn form_problem(h: &Harness) -> Option<Text> {
    match &h.app.reviews.mode {
        Mode::Form(f) => f.problem.clone(),
        other => panic!("no form open: {other:?}"),
    }
}

/// `key` (o, r or m), the person found by the ID's last digits, Enter: the form.
fn find(h: &mut Harness, key: char, who: &HolderRow) {
    h.key(KeyCode::Char(key));
    let Mode::Find(find) = &h.app.reviews.mode else {
        panic!("finding");
    };
    assert!(find.purpose.is_some());
    h.find_by_id_tail(&who.id_number, |a| match &a.reviews.mode {
        Mode::Find(find) => &find.holder.found,
        _ => &[],
    });
    assert!(matches!(h.app.reviews.mode, Mode::Form(_)));
}

/// The grade digit that changes `who`'s result (category kept).
fn other_grade(who: &HolderRow) -> String {
    let g = who.grade.unwrap();
    (if g == 1 { 2 } else { g - 1 }).to_string()
}

/// Remote forms for `who` arrive: assessed in Kunming as `category`/`grade` digits.
fn remote_forms(h: &mut Harness, who: &HolderRow, category: &str, grade: &str) {
    find(h, 'm', who);
    h.type_text("昆明市第一人民医院");
    h.key(KeyCode::Tab);
    h.type_text("刘医生");
    h.key(KeyCode::Tab);
    h.type_text("2022-03-25");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text(category);
    h.key(KeyCode::Tab);
    h.type_text(grade);
    h.key(KeyCode::Enter);
    assert_eq!(
        h.app.reviews.mode,
        Mode::List,
        "{:?}",
        h.app.reviews.problem
    );
    assert_eq!(state_of(h, &who.id_number), State::RemoteReview);
}

/// Selects the review-list line of `who`.
fn select_case(h: &mut Harness, who: &HolderRow) {
    let s = &h.app.reviews;
    let top = s.board.waiting.len() + s.board.batches.len();
    let at = s
        .board
        .cases
        .iter()
        .position(|c| c.holder.id_number == who.id_number)
        .expect("listed under review");
    h.app.reviews.selected = 0;
    for _ in 0..top + at {
        h.key(KeyCode::Down);
    }
}

/// Selects the first line of the 公示 list whose text contains `what`.
fn select_notice_line(h: &mut Harness, waiting: bool) {
    h.app.reviews.selected = 0;
    if !waiting {
        for _ in 0..h.app.reviews.board.waiting.len() {
            h.key(KeyCode::Down);
        }
    }
}

/// Accepted remote forms with a changed result: in public notice, not posted yet.
fn changed_by_remote(h: &mut Harness, who: &HolderRow) {
    remote_forms(
        h,
        who,
        &who.category.unwrap().to_string(),
        &other_grade(who),
    );
    select_case(h, who);
    h.key(KeyCode::Char('a'));
    assert!(matches!(h.app.reviews.mode, Mode::Confirm(_)));
    h.key(KeyCode::Char('y'));
    assert_eq!(state_of(h, &who.id_number), State::InPublicNotice);
}

fn staff() -> Operator {
    Operator {
        name: "王办证".into(),
        role: Role::Staff,
        township: None,
    }
}

fn clerk(township: &str) -> Operator {
    Operator {
        name: "李专干".into(),
        role: Role::TownshipClerk,
        township: Some(township.into()),
    }
}

#[test]
fn remote_forms_posted_then_the_leader_confirms_and_cards_are_requested() {
    let mut h = at_reviews(Lang::Zh);
    assert!(
        screen(&h).contains("没有待张贴的评定结果"),
        "{}",
        screen(&h)
    );
    let two = booked(&h, 2);

    // Forms arrive for both; the first is accepted, the second returned.
    changed_by_remote(&mut h, &two[0]);
    remote_forms(&mut h, &two[1], "4", "3");
    let text = screen(&h);
    assert!(
        text.contains("异地待审") && text.contains("昆明市第一人民医院"),
        "{text}"
    );
    select_case(&mut h, &two[1]);
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Enter);
    assert_eq!(form_problem(&h), Some(Text::ReasonMissing));
    h.type_text("评定表缺医院盖章");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.reviews.mode, Mode::List);
    assert_eq!(
        state_of(&h, &two[1].id_number),
        State::Scheduled,
        "back as before"
    );
    assert!(h.app.reviews.board.cases.is_empty());

    // One changed result waits to be posted in its township.
    assert_eq!(h.app.reviews.board.waiting.len(), 1);
    assert!(screen(&h).contains("待张贴"), "{}", screen(&h));
    select_notice_line(&mut h, true);
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Enter);
    let notice = queries::person(h.store(), &two[0].id_number)
        .unwrap()
        .case
        .public_notice
        .expect("posted");
    assert_eq!(notice.start.to_string(), "2022-03-28");
    // Five working days: Monday to Friday.
    assert_eq!(notice.end.to_string(), "2022-04-01");
    assert_eq!(
        h.app.reviews.done,
        Some(Text::BatchStarted {
            n: 1,
            start: notice.start,
            end: notice.end
        })
    );
    assert!(h.app.reviews.board.waiting.is_empty());
    assert_eq!(h.app.reviews.board.batches.len(), 1);
    assert!(screen(&h).contains("公示中"), "{}", screen(&h));

    // Not over yet: nothing to confirm.
    select_notice_line(&mut h, false);
    h.key(KeyCode::Char('c'));
    assert_eq!(
        h.app.reviews.problem,
        Some(Text::RuleNoticeNotEnded { end: notice.end })
    );

    // After the end: staff and the township's clerk are refused, naming the role.
    h.tick(at("2022-04-06T10:00:00+08:00"));
    h.go(Tab::Reviews);
    assert!(screen(&h).contains("期满待确认 1 人"), "{}", screen(&h));
    for who in [staff(), clerk(&two[0].township)] {
        h.served.operator = Some(who);
        select_notice_line(&mut h, false);
        h.key(KeyCode::Char('c'));
        h.key(KeyCode::Char('y'));
        let refusal = h
            .app
            .reviews
            .problem
            .clone()
            .expect("refused")
            .render(Lang::Zh);
        assert!(refusal.contains("县残联领导"), "{refusal}");
        assert_eq!(h.app.reviews.mode, Mode::List);
        assert_eq!(state_of(&h, &two[0].id_number), State::InPublicNotice);
    }
    assert!(
        screen(&h).contains("结束公示需要县残联领导的账号"),
        "{}",
        screen(&h)
    );

    // The leader confirms: card requested, in one action.
    h.served.operator = Some(common::tui::leader("陆松"));
    h.key(KeyCode::Char('c'));
    assert!(screen(&h).contains("转为待制卡"), "{}", screen(&h));
    h.key(KeyCode::Char('y'));
    assert_eq!(state_of(&h, &two[0].id_number), State::CardRequested);
    assert_eq!(
        h.app.reviews.done,
        Some(Text::NoticeConfirmed {
            requested: 1,
            running: 0
        })
    );
    assert!(screen(&h).contains("已确认"), "{}", screen(&h));
    // Nothing left in it.
    h.key(KeyCode::Char('c'));
    assert_eq!(h.app.reviews.problem, Some(Text::RvBatchDone));
}

#[test]
fn an_objection_and_a_review_request_go_to_the_committee() {
    let mut h = at_reviews(Lang::Zh);
    let two = booked(&h, 2);
    changed_by_remote(&mut h, &two[0]);
    changed_by_remote(&mut h, &two[1]);
    select_notice_line(&mut h, true);
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Enter);
    assert_eq!(h.app.reviews.board.batches[0].n, 2);

    // An objection during the notice: the first person goes to review.
    find(&mut h, 'o', &two[0]);
    h.key(KeyCode::Tab);
    h.type_text("村民反映其行走正常");
    h.key(KeyCode::Enter);
    assert_eq!(state_of(&h, &two[0].id_number), State::UnderReview);
    assert!(
        screen(&h).contains("公示异议：村民反映其行走正常"),
        "{}",
        screen(&h)
    );
    assert_eq!(h.app.reviews.board.batches[0].objections, 1);

    // A second objection on someone not in notice is refused; the form keeps it all.
    find(&mut h, 'o', &two[0]);
    h.key(KeyCode::Tab);
    h.type_text("又有人反映");
    h.key(KeyCode::Enter);
    let Mode::Form(form) = &h.app.reviews.mode else {
        panic!("the form stays open");
    };
    assert!(
        matches!(form.problem, Some(Text::RuleNotAllowed { .. })),
        "{:?}",
        form.problem
    );
    assert!(!form.pending);
    assert_eq!(form.fields[1].input.text(), "又有人反映");
    h.key(KeyCode::Esc);

    // A review request: the fee must be an amount, the receipt is required.
    find(&mut h, 'r', &two[1]);
    h.key(KeyCode::Tab);
    h.type_text("认为等级评得偏轻");
    h.key(KeyCode::Tab);
    h.type_text("一百");
    h.key(KeyCode::Tab);
    h.type_text("NO.0012");
    h.key(KeyCode::Enter);
    assert!(matches!(form_problem(&h), Some(Text::FeeInvalid { .. })));
    let Mode::Form(form) = &h.app.reviews.mode else {
        panic!("the form stays open");
    };
    assert_eq!(form.field, 2, "on the fee");
    for _ in 0.."一百".chars().count() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("120");
    h.key(KeyCode::Enter);
    assert_eq!(state_of(&h, &two[1].id_number), State::UnderReview);
    assert!(screen(&h).contains("复核费 120 元"), "{}", screen(&h));

    // The committee keeps the first result (still changed: posted again) …
    select_case(&mut h, &two[0]);
    h.key(KeyCode::Char('d'));
    assert!(screen(&h).contains("维持原评定"), "{}", screen(&h));
    h.key(KeyCode::Enter);
    assert_eq!(state_of(&h, &two[0].id_number), State::InPublicNotice);
    // … and gives the second the grade on the certificate: unchanged, card ready.
    select_case(&mut h, &two[1]);
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    assert_eq!(form_problem(&h), Some(Text::RvFindingNeeded));
    h.type_text(&two[1].category.unwrap().to_string());
    h.key(KeyCode::Tab);
    h.type_text(&two[1].grade.unwrap().to_string());
    h.key(KeyCode::Enter);
    assert_eq!(state_of(&h, &two[1].id_number), State::ReadyForHandover);
    let events = queries::person(h.store(), &two[1].id_number)
        .unwrap()
        .events;
    assert_eq!(
        events.last().unwrap().event.kind().to_string(),
        "review_decided"
    );
    assert!(h.app.reviews.board.cases.is_empty());
    assert_eq!(
        h.app.reviews.board.waiting[0].n, 1,
        "the first waits to be posted again"
    );
}

#[test]
fn a_form_that_cannot_be_saved_comes_back_as_typed() {
    let mut h = at_reviews(Lang::Zh);
    let who = booked(&h, 1).remove(0);
    find(&mut h, 'm', &who);
    h.type_text("昆明市第一人民医院");
    h.key(KeyCode::Tab);
    h.type_text("刘医生");
    h.key(KeyCode::Tab);
    h.type_text("2022-03-25");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Char('2'));
    assert!(screen(&h).contains("◀ 不符合残疾标准 ▶"), "{}", screen(&h));
    // Sent, but the disk refuses: the database says so and nothing is recorded.
    let sent = huanzheng::app::update(
        &mut h.app,
        huanzheng::app::Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert!(
        matches!(&sent[..], [Effect::Request(Request::ReviewEvent { .. })]),
        "{sent:?}"
    );
    assert!(matches!(&h.app.reviews.mode, Mode::Form(f) if f.pending));
    let effects = huanzheng::app::update(
        &mut h.app,
        huanzheng::app::Msg::Reply(huanzheng::store::worker::Reply::Failed(Text::CannotWrite {
            path: "huanzheng.db".into(),
            detail: "disk full".into(),
        })),
    );
    assert!(effects.is_empty());
    let Mode::Form(form) = &h.app.reviews.mode else {
        panic!("the form comes back");
    };
    assert!(!form.pending);
    assert!(matches!(form.problem, Some(Text::CannotWrite { .. })));
    assert_eq!(form.fields[0].input.text(), "昆明市第一人民医院");
    assert_eq!(form.fields[3].choice, 1);
    assert_eq!(state_of(&h, &who.id_number), State::Scheduled);
    assert!(h.app.reviews.unsaved());
}

// ── printing ──

/// The text of a PDF, without spaces; None (said loudly) when poppler-utils or a
/// Chinese font is missing, unless HUANZHENG_REQUIRE_PDF is set.
fn pdf_text(path: &Path) -> Option<String> {
    let poppler = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    if !poppler || huanzheng::pdf::font::locate(None).is_err() {
        if std::env::var_os("HUANZHENG_REQUIRE_PDF").is_some() {
            panic!("HUANZHENG_REQUIRE_PDF is set but poppler-utils or a Chinese font is missing");
        }
        let _ = writeln!(
            std::io::stderr(),
            "\n!!!!!!!! SKIPPED: PDF checks need poppler-utils and fonts-noto-cjk.\n"
        );
        return None;
    }
    let o = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success());
    Some(
        String::from_utf8_lossy(&o.stdout)
            .split_whitespace()
            .collect(),
    )
}

/// The PDF the last print wrote (said on the screen as `said`) in `dir`, opened with
/// the viewer; checked to contain `want`.
fn check_printed(h: &Harness, said: Option<Text>, dir: &Path, want: &[&str]) -> Option<PathBuf> {
    if huanzheng::pdf::font::locate(None).is_err() {
        assert!(matches!(h.app.alert, Some(Text::FontNotFound { .. })) || said.is_none());
        return None;
    }
    let Some(Text::WrittenPdf { path, n, .. }) = said else {
        panic!("printed: {said:?} alert {:?}", h.app.alert);
    };
    assert!(n > 0);
    let path = PathBuf::from(path);
    assert!(path.starts_with(dir) && path.exists(), "{path:?}");
    assert!(h.effects.contains(&Effect::Open(path.clone())));
    if let Some(text) = pdf_text(&path) {
        for w in want {
            assert!(text.contains(w), "{w} missing from {path:?}:\n{text}");
        }
    }
    Some(path)
}

#[test]
fn the_notice_list_and_the_review_form_print_from_the_reviews_screen() {
    let mut h = at_reviews(Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    h.app.print_dir = dir.path().join("打印");
    let who = booked(&h, 1).remove(0);
    changed_by_remote(&mut h, &who);
    select_notice_line(&mut h, true);
    h.key(KeyCode::Char('l'));
    let said = h.app.reviews.done.clone();
    check_printed(&h, said, dir.path(), &["评定结果公示名单", &who.name]);
    assert!(h.app.reviews.printing.is_none());

    find(&mut h, 'r', &who);
    h.key(KeyCode::Tab);
    h.type_text("认为等级评得偏重");
    h.key(KeyCode::Tab);
    h.type_text("85.50");
    h.key(KeyCode::Tab);
    h.type_text("NO.0099");
    h.key(KeyCode::Enter);
    select_case(&mut h, &who);
    h.key(KeyCode::Char('f'));
    let said = h.app.reviews.done.clone();
    check_printed(
        &h,
        said,
        dir.path(),
        &[
            "残疾人残疾评定结果复核申请表",
            &who.name,
            "85.50",
            "NO.0099",
        ],
    );
    if huanzheng::pdf::font::locate(None).is_ok() {
        assert!(screen(&h).contains("已写出"), "{}", screen(&h));
    }
}

#[test]
fn the_day_sheet_prints_from_the_queue_for_the_site_and_day_shown() {
    let mut h = Harness::demo(Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    h.app.print_dir = dir.path().to_path_buf();
    h.go(Tab::Queue);
    let first = h
        .app
        .queue
        .rows
        .first()
        .expect("people expected today")
        .holder
        .clone();
    h.key(KeyCode::Char('d'));
    let said = h.app.note.clone();
    let site = &h.app.campaign.sites[h.app.queue.site].name;
    let path = check_printed(&h, said, dir.path(), &["评定名单", site, &first.name]);
    if let Some(path) = path {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.contains("2022-03-28"), "{name}");
        // Said on the status line.
        let status = h.screen_text(160, 48).pop().unwrap();
        assert!(status.contains("已写出"), "{status}");
    }
}

#[test]
fn notices_register_and_ledger_print_for_the_shown_persons_township() {
    let mut h = Harness::demo(Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    h.app.print_dir = dir.path().to_path_buf();

    // 发证: hand over one card, the old certificate recovered.
    let ready = h.first_in(State::ReadyForHandover);
    h.go(Tab::Handover);
    let open = |h: &mut Harness, who: &HolderRow| {
        h.key(KeyCode::Char('/'));
        h.find_by_id_tail(&who.id_number, |a| &a.handover.found);
    };
    open(&mut h, &ready);
    let card = huanzheng::store::handover::expected_card(h.store().conn(), &ready.id_number)
        .unwrap()
        .unwrap()
        .card_number;
    h.card(read(&card));
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    assert_eq!(state_of(&h, &ready.id_number), State::Issued);

    // Nobody shown: Ctrl-P says what it needs.
    h.key_with(KeyCode::Char('p'), KeyModifiers::CONTROL);
    assert_eq!(h.app.note, Some(Text::PrintPickPerson));
    // The issued holder shown again: the township's register and ledger.
    open(&mut h, &ready);
    h.key_with(KeyCode::Char('p'), KeyModifiers::CONTROL);
    assert!(
        screen(&h).contains("第三代残疾人证发放登记表"),
        "{}",
        screen(&h)
    );
    h.key(KeyCode::Char('2'));
    let said = h.app.note.clone();
    check_printed(
        &h,
        said,
        dir.path(),
        &["第三代残疾人证发放登记表", &ready.name],
    );
    h.key_with(KeyCode::Char('p'), KeyModifiers::CONTROL);
    h.key(KeyCode::Char('3'));
    let said = h.app.note.clone();
    check_printed(
        &h,
        said,
        dir.path(),
        &["第二代残疾人证回收登记表", &ready.name],
    );
    // The card centre's remake list: nobody waiting yet, said so; then one voided card.
    h.key_with(KeyCode::Char('p'), KeyModifiers::CONTROL);
    h.key(KeyCode::Char('4'));
    assert_eq!(h.app.alert, Some(Text::NoRemakes), "{:?}", h.app.note);
    let other = h.first_in(State::ReadyForHandover);
    let voided = huanzheng::store::handover::expected_card(h.store().conn(), &other.id_number)
        .unwrap()
        .unwrap()
        .card_number;
    huanzheng::store::handover::void_and_remake(
        &mut h.served.store,
        &huanzheng::store::Actor::now("陆松"),
        &other.id_number,
        &voided,
        huanzheng::domain::case::VoidReason::Damaged,
        "芯片损坏",
    )
    .unwrap();
    h.key_with(KeyCode::Char('p'), KeyModifiers::CONTROL);
    h.key(KeyCode::Char('4'));
    let said = h.app.note.clone();
    check_printed(&h, said, dir.path(), &["重新制卡", &other.name, &voided]);
    // Any other key closes the menu and prints nothing.
    h.key_with(KeyCode::Char('p'), KeyModifiers::CONTROL);
    h.key(KeyCode::Esc);
    assert!(h.app.print_menu.is_none() && h.app.printing.is_none());

    // 台账: a re-assessment subject's township, its 告知书.
    let subject = booked(&h, 1).remove(0);
    h.go(Tab::Holders);
    h.type_text(&subject.id_number[12..]);
    h.key(KeyCode::Enter);
    assert_eq!(
        h.app
            .holders
            .person
            .as_ref()
            .map(|p| p.holder.id_number.clone()),
        Some(subject.id_number.clone())
    );
    h.key_with(KeyCode::Char('p'), KeyModifiers::CONTROL);
    h.key(KeyCode::Char('1'));
    let said = h.app.note.clone();
    check_printed(&h, said, dir.path(), &["告知书", "回执", &subject.name]);
}

#[test]
fn the_lock_closes_the_print_menu_and_prints_nothing() {
    let mut h = Harness::demo(Lang::Zh);
    let subject = booked(&h, 1).remove(0);
    h.go(Tab::Holders);
    h.type_text(&subject.id_number[12..]);
    h.key(KeyCode::Enter);
    h.key_with(KeyCode::Char('p'), KeyModifiers::CONTROL);
    assert!(h.app.print_menu.is_some());
    h.key_with(KeyCode::Char('l'), KeyModifiers::CONTROL);
    assert!(h.app.gate.is_some(), "locked at the first Ctrl-L");
    assert!(h.app.print_menu.is_none());
    let before = h.effects.len();
    h.key(KeyCode::Char('1'));
    assert!(
        !h.effects[before..]
            .iter()
            .any(|e| matches!(e, Effect::Request(Request::Print { .. }))),
        "a password key prints nothing"
    );
    // No one's township is drawn behind the lock.
    assert!(!h.screen_text(80, 24).join("\n").contains("打印"));
}

#[test]
fn snapshots_reviews() {
    let snapshot = |name: &str, h: &Harness| {
        for (w, ht) in [(80, 24), (160, 48)] {
            let text = h.screen_text(w, ht).join("\n");
            insta::assert_snapshot!(format!("{name}_{w}x{ht}"), text);
        }
    };
    let empty = at_reviews(Lang::Zh);
    snapshot("reviews_empty", &empty);

    let loaded = |lang| {
        let mut h = at_reviews(lang);
        let four = booked(&h, 4);
        changed_by_remote(&mut h, &four[0]);
        changed_by_remote(&mut h, &four[1]);
        select_notice_line(&mut h, true);
        h.key(KeyCode::Char('s'));
        h.key(KeyCode::Enter);
        find(&mut h, 'o', &four[0]);
        h.key(KeyCode::Tab);
        h.type_text("村民反映其行走正常");
        h.key(KeyCode::Enter);
        changed_by_remote(&mut h, &four[2]);
        remote_forms(&mut h, &four[3], "4", "3");
        h
    };
    let mut zh = loaded(Lang::Zh);
    snapshot("reviews_loaded", &zh);
    let case = zh.app.reviews.board.cases[0].holder.clone();
    select_case(&mut zh, &case);
    zh.key(KeyCode::Char('d'));
    zh.key(KeyCode::Char('2'));
    zh.key(KeyCode::Enter);
    snapshot("reviews_decide_error", &zh);
    zh.key(KeyCode::Esc);
    zh.key(KeyCode::Char('?'));
    snapshot("reviews_help", &zh);

    let en = loaded(Lang::En);
    snapshot("reviews_loaded_en", &en);
}
