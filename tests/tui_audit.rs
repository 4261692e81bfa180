//! 审计日志, the county leader's view of who did what and when: opened from 总览 with
//! `a`, filtered by operator, township and action, the chain checked with `v` — and
//! refused, with the role named, to anyone else.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::tui::Harness;
use huanzheng::app::Tab;
use huanzheng::domain::case::{Event, State};
use huanzheng::domain::operator::{Operator, Role};
use huanzheng::i18n::Lang;
use huanzheng::store::Actor;
use huanzheng::store::holders::HolderRow;
use huanzheng::store::worker::{Reply, Request, answer};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

const STAFF: &str = "李办证员";

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

/// Two things done at fixed times (the demo's own events carry the test's clock):
/// 告知书 delivered to a holder by a clerk, and a personal-data export by the leader.
fn record_the_day(h: &mut Harness) -> HolderRow {
    let who = h.first_in(State::NeedsReassessment);
    let store = &mut h.served.store;
    let mut tx = store.begin().unwrap();
    let day = NaiveDate::from_ymd_opt(2022, 3, 20).unwrap();
    let clerk = Actor {
        operator: STAFF.into(),
        at: at("2022-03-20T09:15:00Z"),
        day,
    };
    tx.record(
        &who.id_number,
        &clerk,
        &Event::NoticeDelivered { date: day },
    )
    .unwrap();
    let leader = Actor {
        operator: "陆松".into(),
        at: at("2022-03-20T10:40:00Z"),
        day,
    };
    tx.note(
        &leader,
        "personal_data_exported",
        &serde_json::json!({"kind": "personal_data_exported", "document": "发放登记表", "reason": "县残联存档"}),
    )
    .unwrap();
    tx.commit().unwrap();
    who
}

fn screen(h: &Harness, w: u16, ht: u16) -> String {
    h.screen_text(w, ht).join("\n")
}

/// Presses `key` until the filter line shows `want` (bounded by the choices there are).
fn choose(h: &mut Harness, key: char, want: &str) {
    for _ in 0..400 {
        if h.screen_text(160, 48)[2].contains(want) {
            return;
        }
        h.key(KeyCode::Char(key));
    }
    panic!("{want} never offered by {key}");
}

#[test]
fn the_leader_sees_who_did_what_and_filters_by_operator_township_and_action() {
    let mut h = Harness::demo(Lang::Zh);
    let who = record_the_day(&mut h);
    h.key(KeyCode::Char('a'));
    assert_eq!(h.app.tab, Tab::Audit);
    let log = h.app.audit.log.clone().expect("the log is loaded");
    let all = log.total;
    assert!(all > 11_000, "every event is counted: {all}");
    // Newest first, at most the screen's limit.
    assert_eq!(log.entries.len(), huanzheng::screens::audit::LIMIT);
    assert!(log.entries.windows(2).all(|w| w[0].at >= w[1].at));

    choose(&mut h, 'o', STAFF);
    let s = screen(&h, 160, 48);
    assert!(s.contains("共 1 条记录"), "{s}");
    assert!(s.contains("送达告知书") && s.contains(&who.name), "{s}");
    assert!(s.contains("2022-03-20 09:15"), "{s}");
    // The ID number stays masked on this screen too.
    assert!(!s.contains(&who.id_number), "{s}");
    assert!(
        s.contains(&format!("{}********", &who.id_number[..6])),
        "{s}"
    );

    // Filtered by the holder's township it stays; by another one it goes.
    choose(&mut h, 't', &who.township_name);
    assert!(screen(&h, 160, 48).contains(&who.name));
    h.key(KeyCode::Char('t'));
    let s = screen(&h, 160, 48);
    assert!(s.contains("没有符合条件的记录"), "{s}");

    // Cleared, then by action: the export with its document and reason.
    h.key(KeyCode::Char('0'));
    assert_eq!(h.app.audit.log.as_ref().unwrap().total, all);
    choose(&mut h, 'k', "导出个人信息");
    let s = screen(&h, 160, 48);
    assert!(s.contains("共 1 条记录"), "{s}");
    assert!(
        s.contains("发放登记表 · 县残联存档") && s.contains("陆松"),
        "{s}"
    );
    // Shift goes back through the choices.
    h.key_with(KeyCode::Char('K'), KeyModifiers::SHIFT);
    assert_ne!(
        h.app.audit.filter.kind.as_deref(),
        Some("personal_data_exported")
    );

    h.key(KeyCode::Esc);
    assert_eq!(h.app.tab, Tab::Overview);
}

#[test]
fn checking_the_chain_names_an_edited_event() {
    let mut h = Harness::demo(Lang::Zh);
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::Char('v'));
    let s = screen(&h, 160, 48);
    assert!(s.contains("审计链完好"), "{s}");

    let victim: String = {
        let conn = h.store().conn();
        let id: String = conn
            .query_row(
                "SELECT id FROM event ORDER BY seq LIMIT 1 OFFSET 42",
                [],
                |r| r.get(0),
            )
            .unwrap();
        conn.execute_batch("DROP TRIGGER event_no_update").unwrap();
        conn.execute("UPDATE event SET operator = '某人' WHERE id = ?1", [&id])
            .unwrap();
        id
    };
    h.key(KeyCode::Char('v'));
    let s = screen(&h, 160, 48);
    assert!(s.contains(&format!("审计链断开：记录 {victim}")), "{s}");
}

#[test]
fn anyone_but_the_leader_is_told_whose_the_log_is() {
    let mut h = Harness::demo(Lang::Zh);
    let staff = Operator {
        name: STAFF.into(),
        role: Role::Staff,
        township: None,
    };
    h.app.operator = Some(staff.clone());
    h.key(KeyCode::Char('a'));
    assert_eq!(h.app.tab, Tab::Overview);
    let s = screen(&h, 100, 30);
    assert!(s.contains("查看审计日志需要县残联领导的账号"), "{s}");

    // The database thread refuses it too, whatever the screen does.
    h.served.operator = Some(staff);
    let reply = answer(
        &mut h.served,
        Request::AuditLog {
            filter: Default::default(),
            limit: 10,
        },
    );
    assert!(matches!(reply, Reply::Failed(_)), "{reply:?}");
    assert!(matches!(
        answer(&mut h.served, Request::AuditVerify),
        Reply::Failed(_)
    ));
}

#[test]
fn snapshots_audit() {
    let mut zh = Harness::demo(Lang::Zh);
    record_the_day(&mut zh);
    zh.key(KeyCode::Char('a'));
    choose(&mut zh, 'o', STAFF);
    zh.key(KeyCode::Char('v'));
    for (w, ht) in [(80, 24), (160, 48)] {
        insta::assert_snapshot!(format!("audit_staff_{w}x{ht}"), screen(&zh, w, ht));
    }
    let mut en = Harness::demo(Lang::En);
    record_the_day(&mut en);
    en.key(KeyCode::Char('a'));
    choose(&mut en, 'k', "personal data exported");
    insta::assert_snapshot!("audit_export_en_80x24", screen(&en, 80, 24));
}
