//! The gate: the first leader's account at first start, signing in, the lock after
//! idle minutes that keeps a half-typed form, and roles refused with who may.

mod common;

use common::tui::*;
use huanzheng::app::{Effect, Tab};
use huanzheng::domain::operator::{Operator, Role};
use huanzheng::i18n::Lang;
use huanzheng::screens::sign_in;
use huanzheng::store::worker::{Reply, Request, answer};
use huanzheng::store::{operators, queries};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn screen(h: &Harness) -> String {
    h.screen_text(100, 30).join("\n")
}

/// Someone expected at the clinic on day one: their name must not show while locked.
fn a_name_on_the_queue(h: &Harness) -> String {
    let site = &huanzheng::domain::campaign::Campaign::builtin().sites[0];
    let day = h.app.queue.date;
    queries::day_list(h.store().conn(), &site.id, day).unwrap()[0]
        .holder
        .name
        .clone()
}

#[test]
fn signing_in_refuses_a_wrong_password_and_shows_nothing_before() {
    let mut h = Harness::demo_signed_out(Lang::Zh);
    let s = screen(&h);
    assert!(
        s.contains("登录") && s.contains(huanzheng::demo::LEADER),
        "{s}"
    );
    // Nothing was asked of the database but signing in; no figures, no names.
    assert!(h.app.overview.stats.is_none());
    h.type_text("wrong-pass");
    h.key(KeyCode::Enter);
    let s = screen(&h);
    assert!(s.contains("密码不对"), "{s}");
    assert!(!s.contains("wrong-pass") && !s.contains("••••"), "{s}");
    h.type_text(huanzheng::demo::PASSWORD);
    h.key(KeyCode::Enter);
    assert!(h.app.gate.is_none());
    let s = screen(&h);
    assert!(s.contains("总览") && s.contains("操作员 演示组长"), "{s}");
    assert!(
        h.app.overview.stats.is_some(),
        "the overview asked for its figures"
    );
    insta::assert_snapshot!("sign_in_refused", {
        let mut g = Harness::demo_signed_out(Lang::Zh);
        g.type_text("bad-password");
        g.key(KeyCode::Enter);
        screen(&g)
    });
}

#[test]
fn the_first_start_creates_the_county_leader() {
    let mut h = Harness::empty(Lang::Zh);
    h.sign_out(sign_in::State::new(sign_in::Mode::Setup, "", None));
    let s = screen(&h);
    assert!(s.contains("首次使用：创建县残联领导账号"), "{s}");
    h.type_text("县长甲");
    h.key(KeyCode::Enter);
    h.type_text("abc");
    h.key(KeyCode::Enter);
    h.type_text("abc");
    h.key(KeyCode::Enter);
    assert!(screen(&h).contains("密码至少6位"));
    h.type_text("shizong-1");
    h.key(KeyCode::Tab);
    h.type_text("shizong-2");
    h.key(KeyCode::Enter);
    assert!(screen(&h).contains("两次输入的密码不一样"));
    h.type_text("shizong-1");
    h.key(KeyCode::Enter);
    assert!(h.app.gate.is_none(), "{}", screen(&h));
    let accounts = operators::list(h.store().conn()).unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(
        (accounts[0].name.as_str(), accounts[0].role),
        ("县长甲", Role::Leader)
    );
    assert!(screen(&h).contains("操作员 县长甲"));
}

#[test]
fn idle_minutes_lock_the_screen_and_the_password_reopens_it_with_the_form_kept() {
    let mut h = Harness::demo_signed_out(Lang::Zh);
    h.type_text(huanzheng::demo::PASSWORD);
    h.key(KeyCode::Enter);
    h.app.lock_after = Some(chrono::Duration::minutes(5));
    let name = a_name_on_the_queue(&h);
    // Half-way through a search on the holders' screen …
    h.go(Tab::Holders);
    h.type_text(&name);
    assert!(screen(&h).contains(&name));
    // … four idle minutes change nothing, the fifth locks.
    h.tick(noon() + chrono::Duration::minutes(4));
    assert!(h.app.gate.is_none());
    h.tick(noon() + chrono::Duration::minutes(5));
    let s = screen(&h);
    assert!(s.contains("已锁屏（演示组长）"), "{s}");
    assert!(!s.contains(&name), "a locked screen shows no one: {s}");
    insta::assert_snapshot!("locked", s);
    // F-keys and letters do nothing but type into the password.
    h.go(Tab::Overview);
    h.type_text("q");
    h.key(KeyCode::Enter);
    assert!(screen(&h).contains("密码不对"));
    h.type_text(huanzheng::demo::PASSWORD);
    h.key(KeyCode::Enter);
    assert!(h.app.gate.is_none());
    assert_eq!(h.app.tab, Tab::Holders);
    assert!(screen(&h).contains(&name), "the search is still there");
    // Ctrl-L locks at once.
    h.key_with(KeyCode::Char('l'), KeyModifiers::CONTROL);
    assert!(screen(&h).contains("已锁屏"));
}

#[test]
fn a_clerk_is_told_which_role_may_void_a_card() {
    let mut h = Harness::demo_signed_out(Lang::Zh);
    // The name field holds the demo's leader; go up to it and type another name.
    h.key(KeyCode::Up);
    h.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
    h.type_text("演示办证员");
    h.key(KeyCode::Enter);
    h.type_text(huanzheng::demo::PASSWORD);
    h.key(KeyCode::Enter);
    assert!(screen(&h).contains("操作员 演示办证员"), "{}", screen(&h));
    let id = a_holder_with_a_card(&h);
    h.carry_out(vec![Effect::Request(Request::VoidRemake {
        id_number: id.clone(),
        card_number: "C".into(),
        reason: huanzheng::domain::case::VoidReason::Damaged,
        note: String::new(),
    })]);
    let replies: Vec<_> = h.effects.iter().rev().take(3).collect();
    let s = screen(&h);
    assert!(
        s.contains("作废卡片需要县残联领导的账号"),
        "{s}\n{replies:?}"
    );
}

fn a_holder_with_a_card(h: &Harness) -> String {
    h.store()
        .conn()
        .query_row(
            "SELECT id_number FROM holder WHERE state = 'ready_for_handover' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_township_clerk_finds_only_their_own_township() {
    let mut h = Harness::demo(Lang::Zh);
    let own = huanzheng::domain::campaign::Campaign::builtin().townships[0]
        .code
        .clone();
    // One statement in the clerk's township and one elsewhere.
    for same in [true, false] {
        let (id, name): (String, String) = h
            .store()
            .conn()
            .query_row(
                &format!(
                    "SELECT id_number, name FROM holder WHERE township {} ?1 LIMIT 1",
                    if same { "=" } else { "<>" }
                ),
                [&own],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        huanzheng::store::statements::create(
            &mut h.served.store,
            &huanzheng::store::Actor::now("陆松"),
            &huanzheng::store::handover::StatementInput {
                id_number: id,
                loss: Some(huanzheng::domain::case::Loss::Lost),
                account: "赶集时遗失".into(),
                signer: name,
                relation: "本人".into(),
            },
        )
        .unwrap();
    }
    let listed = |h: &mut Harness| match answer(
        &mut h.served,
        Request::Statements {
            seq: 1,
            query: String::new(),
        },
    ) {
        Reply::Statements { items, .. } => items.len(),
        other => panic!("{other:?}"),
    };
    assert_eq!(listed(&mut h), 2, "the leader sees both");
    h.served.operator = Some(Operator {
        name: "演示乡镇专干".into(),
        role: Role::TownshipClerk,
        township: Some(own.clone()),
    });
    assert_eq!(listed(&mut h), 1, "the clerk sees their township's only");
    let Reply::Found { rows, .. } = answer(
        &mut h.served,
        Request::Search {
            seq: 1,
            query: "z".into(),
            limit: 200,
        },
    ) else {
        panic!("a search answers with what it found")
    };
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.township == own));
    let other: String = h
        .store()
        .conn()
        .query_row(
            "SELECT id_number FROM holder WHERE township <> ?1 LIMIT 1",
            [&own],
            |r| r.get(0),
        )
        .unwrap();
    let Reply::Failed(text) = answer(
        &mut h.served,
        Request::Person {
            id_number: other.clone(),
        },
    ) else {
        panic!("another township's person is refused")
    };
    assert!(text.render(Lang::Zh).contains("本乡镇"));
}
