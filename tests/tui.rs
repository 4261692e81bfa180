//! The interface driven by keys through `update`, and every screen's snapshot at
//! 80×24 and 160×48 in its empty, loaded and error states.

mod common;

use common::tui::Harness;
use huanzheng::app::{Effect, Overlay, Tab};
use huanzheng::i18n::{Lang, Text};
use huanzheng::store::worker::{Reply, Request};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

#[test]
fn opening_loads_the_figures() {
    let h = Harness::demo(Lang::Zh);
    assert_eq!(h.effects[0], Effect::Request(Request::Stats));
    assert!(matches!(
        h.effects[1],
        Effect::Request(Request::DayList { .. })
    ));
    let stats = h.app.overview.stats.as_ref().unwrap();
    assert_eq!(stats.holders, 11_058);
    let screen = h.screen_text(80, 24).join("\n");
    assert!(screen.contains("持证残疾人 11058 人"), "{screen}");
    assert!(screen.contains("丹凤街道"), "{screen}");
}

#[test]
fn typing_in_holders_searches_and_shows_the_first_match() {
    let mut h = Harness::demo(Lang::Zh);
    h.go(Tab::Holders);
    assert_eq!(h.app.tab, Tab::Holders);
    h.type_text("曾");
    let s = &h.app.holders;
    assert!(s.total > 0);
    assert!(s.results.iter().all(|r| r.name.contains('曾')));
    let person = s.person.as_ref().expect("first match loaded");
    assert_eq!(person.holder.id_number, s.results[0].id_number);
    let second = s.results[1].id_number.clone();
    h.key(KeyCode::Down);
    assert_eq!(
        h.app.holders.person.as_ref().unwrap().holder.id_number,
        second
    );
    // q is typed into the field, it does not quit.
    h.type_text("q");
    assert!(!h.app.quit);
    assert_eq!(h.app.holders.query.text(), "曾q");
    h.key(KeyCode::Esc);
    assert!(h.app.holders.query.is_empty());
    assert!(h.app.holders.results.is_empty());
}

#[test]
fn last_digits_of_the_id_find_the_holder() {
    let mut h = Harness::demo(Lang::Zh);
    h.go(Tab::Holders);
    h.type_text("曾");
    let target = h.app.holders.results[3].clone();
    h.key(KeyCode::Esc);
    let tail = &target.id_number[12..];
    h.type_text(tail);
    assert!(
        h.app
            .holders
            .results
            .iter()
            .any(|r| r.id_number == target.id_number)
    );
}

#[test]
fn an_answer_to_an_old_query_is_dropped() {
    let mut h = Harness::demo(Lang::Zh);
    h.go(Tab::Holders);
    h.type_text("曾");
    let seq = h.app.holders.seq;
    let effects = huanzheng::app::update(
        &mut h.app,
        huanzheng::app::Msg::Reply(Reply::Found {
            seq: seq - 1,
            total: 0,
            rows: vec![],
        }),
    );
    assert!(effects.is_empty());
    assert!(!h.app.holders.results.is_empty(), "stale answer ignored");
}

#[test]
fn quitting_help_and_tabs_from_the_keyboard() {
    let mut h = Harness::empty(Lang::Zh);
    h.key(KeyCode::Char('?'));
    assert_eq!(h.app.overlay, Some(Overlay::Help));
    let help = h.screen_text(80, 24).join("\n");
    assert!(help.contains("按键帮助"), "{help}");
    h.key(KeyCode::Char('x'));
    assert_eq!(h.app.overlay, None);
    // Tab walks the tab bar in order, whatever tabs it has, and wraps round.
    for next in Tab::ALL.iter().cycle().skip(1).take(Tab::ALL.len()) {
        h.key(KeyCode::Tab);
        assert_eq!(h.app.tab, *next);
    }
    assert_eq!(h.app.tab, Tab::Overview);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    assert_eq!(h.app.tab, Tab::ALL[Tab::ALL.len() - 2]);
    // Outside a text field (台账's search has the keyboard), q quits.
    h.go(Tab::Overview);
    h.key(KeyCode::Char('q'));
    assert!(h.app.quit);
    assert_eq!(h.effects.last(), Some(&Effect::Quit));
    let mut h = Harness::empty(Lang::Zh);
    h.go(Tab::Holders);
    h.key_with(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(h.app.quit, "Ctrl-C quits even while typing");
}

#[test]
fn a_database_failure_is_shown_not_swallowed() {
    let mut h = Harness::empty(Lang::Zh);
    huanzheng::app::update(
        &mut h.app,
        huanzheng::app::Msg::Reply(Reply::Failed(Text::DbReadOnly)),
    );
    let screen = h.screen_text(80, 24).join("\n");
    assert!(screen.contains("只读"), "{screen}");
}

fn snapshot(name: &str, h: &Harness) {
    for (w, ht) in [(80, 24), (160, 48)] {
        let text = h.screen_text(w, ht).join("\n");
        insta::assert_snapshot!(format!("{name}_{w}x{ht}"), text);
    }
}

#[test]
fn snapshots_overview() {
    snapshot("overview_loaded", &Harness::demo(Lang::Zh));
    snapshot("overview_loaded_en", &Harness::demo(Lang::En));
    let mut empty = Harness::empty(Lang::Zh);
    empty.app.overview.stats = None;
    snapshot("overview_loading", &empty);
    let mut failed = Harness::empty(Lang::Zh);
    failed.app.overview.stats = None;
    huanzheng::app::update(
        &mut failed.app,
        huanzheng::app::Msg::Reply(Reply::Failed(Text::DbDiskFull)),
    );
    snapshot("overview_error", &failed);
}

#[test]
fn snapshots_holders() {
    let mut empty = Harness::demo(Lang::Zh);
    empty.go(Tab::Holders);
    snapshot("holders_empty", &empty);
    let mut loaded = Harness::demo(Lang::Zh);
    loaded.go(Tab::Holders);
    loaded.type_text("曾");
    snapshot("holders_loaded", &loaded);
    let mut none = Harness::demo(Lang::Zh);
    none.go(Tab::Holders);
    none.type_text("不存在的人");
    snapshot("holders_no_match", &none);
    let mut failed = Harness::demo(Lang::Zh);
    failed.go(Tab::Holders);
    failed.type_text("曾");
    huanzheng::app::update(
        &mut failed.app,
        huanzheng::app::Msg::Reply(Reply::Failed(Text::DbBusy)),
    );
    snapshot("holders_error", &failed);
}

#[test]
fn pinyin_finds_polyphonic_surnames_by_their_surname_reading() {
    let mut h = Harness::demo(Lang::Zh);
    h.go(Tab::Holders);
    h.type_text("shan");
    let first = &h.app.holders.results[0];
    assert!(
        first.name.starts_with('单'),
        "单 reads shan as a surname: {}",
        first.name
    );
    h.key(KeyCode::Esc);
    h.type_text("zeng");
    assert!(h.app.holders.results[0].name.starts_with('曾'));
    h.key(KeyCode::Esc);
    let zeng = h.app.holders.results.first().map(|r| r.name.clone());
    assert_eq!(zeng, None, "Esc cleared the search");
    h.type_text("曾");
    let name = h.app.holders.results[0].name.clone();
    h.key(KeyCode::Esc);
    let initials: String = std::iter::once('z')
        .chain(
            pinyin::ToPinyin::to_pinyin(&&name[3..])
                .flatten()
                .map(|p| p.first_letter().chars().next().unwrap()),
        )
        .collect();
    h.type_text(&initials);
    assert!(
        h.app.holders.results.iter().any(|r| r.name == name),
        "{initials} finds {name}"
    );
}

#[test]
fn contact_details_are_edited_as_an_event_and_a_bad_phone_keeps_the_form() {
    let mut h = Harness::demo(Lang::Zh);
    h.go(Tab::Holders);
    h.type_text("曾");
    let id = h.app.holders.results[0].id_number.clone();
    h.key_with(KeyCode::Char('e'), KeyModifiers::CONTROL);
    assert!(h.app.holders.edit.is_some());
    // Clear the phone and type a wrong one.
    h.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
    h.type_text("打不通");
    h.key(KeyCode::Enter);
    assert!(h.app.holders.edit.is_some(), "the form is kept");
    let screen = h.screen_text(80, 24).join("\n");
    assert!(screen.contains("电话“打不通”不对"), "{screen}");
    h.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
    h.type_text("13800000001");
    h.key(KeyCode::Down);
    h.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
    h.type_text("曾大爷");
    h.key(KeyCode::Enter);
    assert!(h.app.holders.edit.is_none());
    let person = h.app.holders.person.as_ref().unwrap();
    assert_eq!(person.holder.id_number, id);
    assert_eq!(person.holder.phone, "13800000001");
    assert_eq!(person.holder.guardian, "曾大爷");
    let last = person.events.last().unwrap();
    assert_eq!(last.event.kind(), "holder_updated");
    assert_eq!(last.operator, "陆松");
    let screen = h.screen_text(80, 24).join("\n");
    assert!(screen.contains("已保存："), "{screen}");
}
