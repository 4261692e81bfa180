use super::*;
use crate::domain::case::{Basis, HalfDay, State};
use crate::domain::holder::Holder;
use crate::domain::ids::{Category, CertNumber, Grade, IdNumber};

fn campaign() -> &'static Campaign {
    Campaign::builtin()
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, m, day).unwrap()
}

fn holder(seq: u16, basis: Basis) -> Holder {
    let id = IdNumber::compose("530323", d(1, 1).with_year(1970).unwrap(), seq).unwrap();
    let cert = (basis != Basis::New)
        .then(|| CertNumber::new(id, Category::Physical, Grade::from_digit(2).unwrap()));
    Holder {
        id,
        name: format!("测试{seq}"),
        basis,
        cert,
        township: "530323102000".into(),
        village: "大舍村".into(),
        phone: String::new(),
        guardian: String::new(),
        guardian_phone: String::new(),
        mobility_impaired: false,
        migrant: false,
        address: String::new(),
    }
}

use chrono::Datelike;

fn register(store: &mut Store, h: &Holder) {
    let mut tx = store.begin().unwrap();
    holders::insert(tx.conn(), h, "").unwrap();
    let case = tx
        .record(
            h.id.as_str(),
            &Actor::on("测试员", d(3, 20)),
            &Event::Registered {
                basis: h.basis,
                category: h.category(),
                grade: h.grade(),
            },
        )
        .unwrap();
    assert_eq!(
        tx.conn()
            .query_row(
                "SELECT state FROM holder WHERE id_number = ?1",
                [h.id.as_str()],
                |r| r.get::<_, String>(0)
            )
            .unwrap(),
        case.state.as_str()
    );
    tx.commit().unwrap();
}

fn state_of(store: &Store, id: &str) -> String {
    store
        .conn()
        .query_row("SELECT state FROM holder WHERE id_number = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn recording_an_event_updates_the_cached_state() {
    let mut store = Store::open_in_memory(campaign()).unwrap();
    let h = holder(11, Basis::Visual);
    register(&mut store, &h);
    assert_eq!(state_of(&store, h.id.as_str()), "needs_reassessment");
    let mut tx = store.begin().unwrap();
    tx.record(
        h.id.as_str(),
        &Actor::on("测试员", d(4, 1)),
        &Event::Scheduled {
            site: "xiongbi-hc".into(),
            date: d(4, 6),
            half_day: HalfDay::Am,
            home_visit: false,
        },
    )
    .unwrap();
    tx.commit().unwrap();
    assert_eq!(state_of(&store, h.id.as_str()), "scheduled");
    let events = case_events(store.conn(), h.id.as_str()).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].operator, "测试员");
    assert_eq!(events[0].device, store.device());
    assert!(events[0].id < events[1].id);
}

#[test]
fn a_forbidden_step_writes_nothing() {
    let mut store = Store::open_in_memory(campaign()).unwrap();
    let h = holder(21, Basis::Visual);
    register(&mut store, &h);
    let mut tx = store.begin().unwrap();
    let err = tx
        .record(
            h.id.as_str(),
            &Actor::on("测试员", d(4, 1)),
            &Event::HandedOver {
                card_number: "C".into(),
                recipient: crate::domain::case::Recipient::Holder,
                old_certificate: crate::domain::case::OldCertificate::NoneHeld,
            },
        )
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::Rule {
            error: RuleError::HandoverBeforeReassessment,
            ..
        }
    ));
    drop(tx);
    assert_eq!(case_events(store.conn(), h.id.as_str()).unwrap().len(), 1);
    assert_eq!(state_of(&store, h.id.as_str()), "needs_reassessment");
}

#[test]
fn an_uncommitted_action_is_rolled_back() {
    let mut store = Store::open_in_memory(campaign()).unwrap();
    let h = holder(31, Basis::Medical);
    register(&mut store, &h);
    {
        let mut tx = store.begin().unwrap();
        tx.record(
            h.id.as_str(),
            &Actor::on("测试员", d(3, 25)),
            &Event::CardVoided {
                card_number: None,
                reason: crate::domain::case::VoidReason::PersonMismatch,
                note: String::new(),
            },
        )
        .unwrap();
        // dropped without commit: the clerk's screen never said "done"
    }
    assert_eq!(state_of(&store, h.id.as_str()), "ready_for_handover");
    assert_eq!(case_events(store.conn(), h.id.as_str()).unwrap().len(), 1);
}

#[test]
fn the_event_log_refuses_update_and_delete() {
    let mut store = Store::open_in_memory(campaign()).unwrap();
    let h = holder(41, Basis::Medical);
    register(&mut store, &h);
    let upd = store
        .conn()
        .execute("UPDATE event SET operator = 'x'", [])
        .unwrap_err();
    assert!(upd.to_string().contains("append-only"));
    let del = store.conn().execute("DELETE FROM event", []).unwrap_err();
    assert!(del.to_string().contains("append-only"));
}

#[test]
fn a_later_event_sorts_after_an_earlier_one_from_a_clock_ahead() {
    let mut store = Store::open_in_memory(campaign()).unwrap();
    let h = holder(51, Basis::Visual);
    // Another laptop whose clock is a day ahead recorded the registration.
    let future =
        Ulid::from_parts((Utc::now().timestamp_millis() + 86_400_000) as u64, 1).to_string();
    store
        .conn()
        .execute(
            "INSERT INTO device (id, name, created_at) VALUES ('OTHER', 'car-2', '2022-03-20')",
            [],
        )
        .unwrap();
    holders::insert(store.conn(), &h, "needs_reassessment").unwrap();
    insert_event(
        store.conn(),
        &future,
        "OTHER",
        &Actor::on("二号车", d(3, 20)),
        h.id.as_str(),
        &Event::Registered {
            basis: Basis::Visual,
            category: h.category(),
            grade: h.grade(),
        },
    )
    .unwrap();
    let mut tx = store.begin().unwrap();
    tx.record(
        h.id.as_str(),
        &Actor::on("测试员", d(3, 21)),
        &Event::ReceiptReturned { date: d(3, 21) },
    )
    .unwrap();
    tx.commit().unwrap();
    let events = case_events(store.conn(), h.id.as_str()).unwrap();
    assert_eq!(events[0].device, "OTHER");
    assert!(events[1].id > future);
    assert_eq!(state_of(&store, h.id.as_str()), "notified");
}

#[test]
fn rebuild_repairs_a_wrong_cached_state() {
    let mut store = Store::open_in_memory(campaign()).unwrap();
    let h = holder(61, Basis::Visual);
    register(&mut store, &h);
    store
        .conn()
        .execute("UPDATE holder SET state = 'issued'", [])
        .unwrap();
    assert_eq!(rebuild_states(&mut store).unwrap(), 1);
    assert_eq!(
        state_of(&store, h.id.as_str()),
        State::NeedsReassessment.as_str()
    );
    assert_eq!(rebuild_states(&mut store).unwrap(), 0);
}

#[test]
fn a_file_database_is_in_wal_mode_and_keeps_its_device_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("hz.db");
    let device = {
        let store = Store::open(&path, campaign()).unwrap();
        let mode: String = store
            .conn()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        store.device().to_string()
    };
    let store = Store::open(&path, campaign()).unwrap();
    assert_eq!(store.device(), device);
    assert_eq!(device.len(), 26, "a ULID");
}

#[test]
fn reopening_writes_nothing_unless_the_campaign_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hz.db");
    drop(Store::open(&path, campaign()).unwrap());
    let store = Store::open(&path, campaign()).unwrap();
    assert_eq!(store.conn().total_changes(), 0);
    drop(store);
    let mut renamed = campaign().clone();
    renamed.townships[0].name = "改名镇".into();
    let store = Store::open(&path, &renamed).unwrap();
    assert_eq!(store.conn().total_changes(), 1);
    let name: String = store
        .conn()
        .query_row(
            "SELECT name FROM township WHERE code = ?1",
            [&renamed.townships[0].code],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "改名镇");
}

#[test]
fn an_older_database_is_upgraded_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        schema::migrations_up_to(1).to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO device (id, name, created_at, is_local) VALUES ('D1', 'old', '2022-03-16', 1);
             INSERT INTO township (code, name, site) VALUES ('530323102000', '雄壁镇', 'xiongbi-hc');
             INSERT INTO holder (id_number, name, sex, birth_date, basis, township, state)
                 VALUES ('53032319800101019X', '老数据', 'male', '1980-01-01', 'medical', '530323102000', 'ready_for_handover');
             INSERT INTO event (id, device, at, day, operator, case_id, kind, data)
                 VALUES ('01FZ0000000000000000000000', 'D1', '2022-03-16T01:00:00.000Z', '2022-03-16', '陆松',
                         '53032319800101019X', 'registered', '{\"kind\":\"registered\",\"basis\":\"medical\",\"category\":4,\"grade\":2}');",
        )
        .unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
    }
    let mut store = Store::open(&path, campaign()).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::STEPS.len());
    assert_eq!(store.device(), "D1");
    let n: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM import_run", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    let kept = holders::find(store.conn(), "53032319800101019X")
        .unwrap()
        .unwrap();
    assert_eq!(
        (kept.name.as_str(), kept.basis.as_str(), kept.state.as_str()),
        ("老数据", "medical", "ready_for_handover")
    );
    let case = derive_case(&store, "53032319800101019X").unwrap().unwrap();
    assert_eq!(case.state, State::ReadyForHandover);
    let mut tx = store.begin().unwrap();
    let case = tx
        .record(
            "53032319800101019X",
            &Actor::on("测试员", d(3, 25)),
            &Event::HandedOver {
                card_number: "C1".into(),
                recipient: crate::domain::case::Recipient::Holder,
                old_certificate: crate::domain::case::OldCertificate::Recovered {
                    number: "53032319800101019X42".into(),
                },
            },
        )
        .unwrap();
    tx.commit().unwrap();
    assert_eq!(case.state, State::Issued);
}

#[test]
fn stats_count_by_basis_state_township_and_category() {
    let mut store = Store::open_in_memory(campaign()).unwrap();
    register(&mut store, &holder(71, Basis::Medical));
    register(&mut store, &holder(73, Basis::Visual));
    register(&mut store, &holder(75, Basis::New));
    let s = queries::stats(store.conn()).unwrap();
    assert_eq!((s.cases, s.holders), (3, 2));
    assert_eq!(s.by_basis["new"], 1);
    assert_eq!(s.by_state["applied"], 1);
    assert_eq!(s.by_state["issued"], 0);
    assert_eq!(s.by_state.len(), State::ALL.len());
    assert_eq!(s.by_township["530323102000"].holders, 2);
    assert_eq!(s.by_township["530323001000"].name, "丹凤街道");
    assert_eq!(s.by_category["4"], 2);
    assert_eq!(s.by_category.len(), 7);
}

#[test]
fn notice_subjects_are_the_townships_visual_holders_still_owed_a_reassessment() {
    let mut store = Store::open_in_memory(campaign()).unwrap();
    let booked = holder(51, Basis::Visual);
    let waiting_for_a_day = holder(52, Basis::Visual);
    let medical = holder(53, Basis::Medical);
    let elsewhere = Holder {
        township: "530323103000".into(),
        ..holder(54, Basis::Visual)
    };
    for h in [&booked, &waiting_for_a_day, &medical, &elsewhere] {
        register(&mut store, h);
    }
    let mut tx = store.begin().unwrap();
    tx.record(
        booked.id.as_str(),
        &Actor::on("测试员", d(3, 25)),
        &Event::Scheduled {
            site: "xiongbi-hc".into(),
            date: d(4, 6),
            half_day: HalfDay::Pm,
            home_visit: false,
        },
    )
    .unwrap();
    tx.commit().unwrap();

    let rows = queries::notice_subjects(store.conn(), "530323102000").unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r.holder.id_number.as_str()).collect();
    assert_eq!(ids, [booked.id.as_str(), waiting_for_a_day.id.as_str()]);
    assert_eq!(rows[0].site.as_deref(), Some("xiongbi-hc"));
    assert_eq!(rows[0].date, Some(d(4, 6)));
    assert_eq!(rows[0].half_day.as_deref(), Some("pm"));
    assert_eq!((rows[1].site.as_deref(), rows[1].date), (None, None));

    // Once seen at the site they are no longer owed a notice.
    let mut tx = store.begin().unwrap();
    tx.record(
        booked.id.as_str(),
        &Actor::on("测试员", d(4, 6)),
        &Event::CheckedIn {
            site: "xiongbi-hc".into(),
            walk_in: false,
        },
    )
    .unwrap();
    tx.commit().unwrap();
    let rows = queries::notice_subjects(store.conn(), "530323102000").unwrap();
    assert_eq!(rows.len(), 1);
}

/// Migration 5 rebuilds the holder table; statements recorded under migration 4 point at
/// it and must survive (and still point at their holder).
#[test]
fn a_statement_recorded_before_the_holder_rebuild_survives_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        schema::migrations_up_to(4).to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             INSERT INTO device (id, name, created_at, is_local) VALUES ('D1', 'old', '2022-03-16', 1);
             INSERT INTO township (code, name, site) VALUES ('530323102000', '雄壁镇', 'xiongbi-hc');
             INSERT INTO holder (id_number, name, sex, birth_date, basis, township, state)
                 VALUES ('53032319800101019X', '有说明', 'male', '1980-01-01', 'medical', '530323102000', 'ready_for_handover');
             INSERT INTO event (id, device, at, day, operator, case_id, kind, data)
                 VALUES ('01FZ0000000000000000000001', 'D1', '2022-03-16T01:00:00.000Z', '2022-03-16', '陆松',
                         '53032319800101019X', 'registered', '{\"kind\":\"registered\",\"basis\":\"medical\",\"category\":4,\"grade\":2}');
             INSERT INTO statement (id, event_id, id_number, loss, account, signer, relation, taken_on, operator)
                 VALUES ('S1', '01FZ0000000000000000000001', '53032319800101019X', 'lost', '搬家时遗失',
                         '有说明', '本人', '2022-03-16', '陆松');",
        )
        .unwrap();
    }
    let store = Store::open(&path, campaign()).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::STEPS.len());
    let (name, account): (String, String) = store
        .conn()
        .query_row(
            "SELECT h.name, s.account FROM statement s JOIN holder h USING (id_number)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((name.as_str(), account.as_str()), ("有说明", "搬家时遗失"));
    let fk: bool = store
        .conn()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert!(fk, "foreign keys are enforced again after the upgrade");
}

// ── the tamper-evident log ──

/// The first column of every row `sql` returns.
fn texts(store: &Store, sql: &str) -> Vec<String> {
    store
        .conn()
        .prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn chain_ids(store: &Store) -> Vec<String> {
    texts(store, "SELECT id FROM event ORDER BY device, seq")
}

fn five_registered() -> Store {
    let mut store = Store::open_in_memory(campaign()).unwrap();
    for seq in 0..5 {
        register(&mut store, &holder(100 + seq, Basis::Visual));
    }
    store
}

#[test]
fn the_chain_of_an_honest_log_verifies() {
    let store = five_registered();
    let v = audit::verify(store.conn()).unwrap();
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.events(), 5);
    assert_eq!(v.devices, vec![(store.device().to_string(), 5)]);
}

#[test]
fn an_event_edited_behind_the_triggers_back_is_found_exactly() {
    let store = five_registered();
    let victim = chain_ids(&store)[2].clone();
    // An attacker with the file drops the trigger and edits one result.
    store
        .conn()
        .execute_batch("DROP TRIGGER event_no_update")
        .unwrap();
    let n = store
        .conn()
        .execute(
            "UPDATE event SET data = replace(data, '\"grade\":2', '\"grade\":1') WHERE id = ?1",
            [&victim],
        )
        .unwrap();
    assert_eq!(n, 1);
    let v = audit::verify(store.conn()).unwrap();
    assert_eq!(v.broken.len(), 1, "{v:?}");
    let b = &v.broken[0];
    assert_eq!(
        (&b.event_id, b.seq, b.operator.as_str(), &b.fault),
        (&victim, 3, "测试员", &audit::Fault::Altered)
    );
}

#[test]
fn an_edit_with_its_hash_recomputed_breaks_the_next_link() {
    let store = five_registered();
    let ids = chain_ids(&store);
    store
        .conn()
        .execute_batch("DROP TRIGGER event_no_update")
        .unwrap();
    // Edit event 2 and give it a hash that is right for its new content.
    let prev: Vec<u8> = store
        .conn()
        .query_row("SELECT hash FROM event WHERE id = ?1", [&ids[0]], |r| {
            r.get(0)
        })
        .unwrap();
    store
        .conn()
        .execute(
            "UPDATE event SET operator = '冒名' WHERE id = ?1",
            [&ids[1]],
        )
        .unwrap();
    let (id, device, at, day, operator, case_id, kind, data): (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
    ) = store
        .conn()
        .query_row(
            "SELECT id, device, at, day, operator, case_id, kind, data FROM event WHERE id = ?1",
            [&ids[1]],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .unwrap();
    let forged = audit::link(
        &prev.try_into().unwrap(),
        &audit::Content {
            id: &id,
            device: &device,
            seq: 2,
            at: &at,
            day: &day,
            operator: &operator,
            case_id: &case_id,
            kind: &kind,
            data: &data,
        },
    );
    store
        .conn()
        .execute(
            "UPDATE event SET hash = ?2 WHERE id = ?1",
            rusqlite::params![&ids[1], &forged[..]],
        )
        .unwrap();
    let v = audit::verify(store.conn()).unwrap();
    assert_eq!(v.broken.len(), 1, "{v:?}");
    assert_eq!(
        (&v.broken[0].event_id, &v.broken[0].fault),
        (&ids[2], &audit::Fault::Altered)
    );
}

#[test]
fn a_removed_event_is_missed_by_the_one_after_it() {
    let store = five_registered();
    let ids = chain_ids(&store);
    store
        .conn()
        .execute_batch("DROP TRIGGER event_no_delete; PRAGMA foreign_keys = OFF;")
        .unwrap();
    store
        .conn()
        .execute("DELETE FROM event WHERE id = ?1", [&ids[3]])
        .unwrap();
    let v = audit::verify(store.conn()).unwrap();
    assert_eq!(
        (&v.broken[0].event_id, &v.broken[0].fault),
        (&ids[4], &audit::Fault::Missing { expected: 4 })
    );
}

#[test]
fn an_event_without_its_link_is_refused() {
    let store = five_registered();
    let err = store
        .conn()
        .execute(
            "INSERT INTO event (id, device, at, day, operator, case_id, kind, data)
             SELECT '01FZZZZZZZZZZZZZZZZZZZZZZZ', device, at, day, operator, case_id, kind, data
             FROM event LIMIT 1",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("event_in_hash_chain"), "{err}");
    let short_hash = store
        .conn()
        .execute(
            "INSERT INTO event (id, device, at, day, operator, case_id, kind, data, seq, hash)
             SELECT '01FZZZZZZZZZZZZZZZZZZZZZZZ', device, at, day, operator, case_id, kind, data,
                    seq + 100, x'00'
             FROM event LIMIT 1",
            [],
        )
        .unwrap_err();
    assert!(
        short_hash.to_string().contains("event_in_hash_chain"),
        "{short_hash}"
    );
    assert_eq!(chain_ids(&store).len(), 5);
}

/// Writing an event runs no trigger program (migration 11): a BEFORE INSERT trigger
/// cost two fifths of writing a roster's events.
#[test]
fn writing_an_event_runs_no_trigger() {
    let store = five_registered();
    let opcodes: Vec<String> = store
        .conn()
        .prepare(
            "EXPLAIN INSERT INTO event (id, device, at, day, operator, case_id, kind, data, seq, hash)
             VALUES ('01FZZZZZZZZZZZZZZZZZZZZZZZ', 'D', 'at', 'day', 'op', 'case', 'kind', '{}', 9,
                     zeroblob(32))",
        )
        .unwrap()
        .query_map([], |r| r.get(1))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(opcodes.iter().any(|op| op == "Insert"), "{opcodes:?}");
    assert!(!opcodes.iter().any(|op| op == "Program"), "{opcodes:?}");
}

/// Migration 11 rebuilds the event table: a chained log of migration 10 keeps every
/// event and its chain, statements still point at their events, and the log is still
/// append-only.
#[test]
fn a_migration_10_event_log_survives_the_rebuild_of_migration_11() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v10.db");
    let ids = {
        let mut store = Store::open(&path, campaign()).unwrap();
        for seq in 0..3 {
            register(&mut store, &holder(300 + seq, Basis::Visual));
        }
        chain_ids(&store)
    };
    {
        // Back to migration 10: the table as it was, with its trigger.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             BEGIN;
             CREATE TABLE event_v10 AS SELECT * FROM event;
             DROP TABLE event;
             CREATE TABLE event (
                 id TEXT PRIMARY KEY, device TEXT NOT NULL REFERENCES device(id),
                 at TEXT NOT NULL, day TEXT NOT NULL, operator TEXT NOT NULL,
                 case_id TEXT NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL,
                 seq INTEGER, hash BLOB);
             INSERT INTO event SELECT * FROM event_v10;
             DROP TABLE event_v10;
             CREATE INDEX event_case ON event(case_id, id);
             CREATE UNIQUE INDEX event_chain ON event(device, seq);
             CREATE TRIGGER event_chained BEFORE INSERT ON event
             WHEN NEW.seq IS NULL OR NEW.hash IS NULL OR length(NEW.hash) <> 32
             BEGIN SELECT RAISE(ABORT, 'event without its link in the hash chain'); END;
             DROP INDEX holder_figures;
             CREATE INDEX holder_state ON holder(state);
             CREATE INDEX holder_figures ON holder(basis, state, township, category);
             PRAGMA user_version = 10;
             COMMIT;",
        )
        .unwrap();
    }
    let store = Store::open(&path, campaign()).unwrap();
    assert_eq!(store.schema_version().unwrap(), 11);
    assert_eq!(chain_ids(&store), ids);
    let v = audit::verify(store.conn()).unwrap();
    assert!(v.ok() && v.events() == 3, "{v:?}");
    let triggers = texts(
        &store,
        "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
    );
    assert_eq!(triggers, ["event_no_delete", "event_no_update"]);
    let state_indexes = texts(
        &store,
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'holder'
           AND sql LIKE '%state%' ORDER BY name",
    );
    assert_eq!(
        state_indexes,
        ["CREATE INDEX holder_figures ON holder(state, basis, township, category)"]
    );
    assert_eq!(queries::stats(store.conn()).unwrap().cases, 3);
    let del = store.conn().execute("DELETE FROM event", []).unwrap_err();
    assert!(del.to_string().contains("append-only"));
}

/// Events merged from another laptop carry their own chain; both verify.
#[test]
fn each_device_has_its_own_chain() {
    let mut store = five_registered();
    let other = "01GOTHERDEVICE000000000000";
    store
        .conn()
        .execute(
            "INSERT INTO device (id, name, created_at, is_local) VALUES (?1, '二号车', '2022-03-20', 0)",
            [other],
        )
        .unwrap();
    let mut head = audit::Head::EMPTY;
    let h = holder(100, Basis::Visual);
    for (i, id) in ["01GZ0000000000000000000001", "01GZ0000000000000000000002"]
        .iter()
        .enumerate()
    {
        let data = r#"{"kind":"notified"}"#;
        let c = audit::Content {
            id,
            device: other,
            seq: i as i64 + 1,
            at: "2022-03-21T01:00:00.000Z",
            day: "2022-03-21",
            operator: "二号车",
            case_id: h.id.as_str(),
            kind: "notified",
            data,
        };
        head = head.append(&c);
        store
            .conn()
            .execute(
                "INSERT INTO event (id, device, at, day, operator, case_id, kind, data, seq, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                rusqlite::params![
                    c.id,
                    c.device,
                    c.at,
                    c.day,
                    c.operator,
                    c.case_id,
                    c.kind,
                    c.data,
                    c.seq,
                    &head.hash[..]
                ],
            )
            .unwrap();
    }
    let v = audit::verify(store.conn()).unwrap();
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.devices.len(), 2);
    // The local chain goes on from its own head, not the other device's.
    register(&mut store, &holder(200, Basis::Visual));
    let v = audit::verify(store.conn()).unwrap();
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.events(), 8);
}

#[test]
fn events_recorded_before_the_chain_existed_are_chained_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        schema::migrations_up_to(5).to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO device (id, name, created_at, is_local) VALUES ('D1', 'old', '2022-03-16', 1);
             INSERT INTO device (id, name, created_at, is_local) VALUES ('D2', 'car', '2022-03-16', 0);
             INSERT INTO township (code, name, site) VALUES ('530323102000', '雄壁镇', 'xiongbi-hc');
             INSERT INTO holder (id_number, name, sex, birth_date, basis, township, state)
                 VALUES ('53032319800101019X', '旧记录', 'male', '1980-01-01', 'visual', '530323102000', 'needs_reassessment');
             INSERT INTO event (id, device, at, day, operator, case_id, kind, data) VALUES
               ('01FZ0000000000000000000001', 'D1', '2022-03-16T01:00:00.000Z', '2022-03-16', '陆松',
                '53032319800101019X', 'registered', '{\"kind\":\"registered\",\"basis\":\"visual\",\"category\":4,\"grade\":2}'),
               ('01FZ0000000000000000000003', 'D1', '2022-03-17T01:00:00.000Z', '2022-03-17', '陆松',
                '53032319800101019X', 'notified', '{\"kind\":\"notified\"}'),
               ('01FZ0000000000000000000002', 'D2', '2022-03-16T02:00:00.000Z', '2022-03-16', '车上',
                '53032319800101019X', 'notified', '{\"kind\":\"notified\"}');",
        )
        .unwrap();
    }
    let store = Store::open(&path, campaign()).unwrap();
    let v = audit::verify(store.conn()).unwrap();
    assert!(v.ok(), "{v:?}");
    assert_eq!(
        v.devices,
        vec![("D1".to_string(), 2), ("D2".to_string(), 1)]
    );
}

/// Migration 8 rebuilds the statement table (a third reason, signature, withdrawal).
/// Statements recorded before keep their words; one a handover relied on counts as
/// signed; the register still points at its statement.
#[test]
fn statements_recorded_before_migration_8_keep_their_words_and_handover() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        schema::migrations_up_to(5).to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             INSERT INTO device (id, name, created_at, is_local) VALUES ('D1', 'old', '2022-03-16', 1);
             INSERT INTO township (code, name, site) VALUES ('530323102000', '雄壁镇', 'xiongbi-hc');
             INSERT INTO holder (id_number, name, sex, birth_date, basis, township, state)
                 VALUES ('53032319800101019X', '用过说明', 'male', '1980-01-01', 'medical', '530323102000', 'issued'),
                        ('530323198001010032', '未用说明', 'male', '1980-01-01', 'medical', '530323102000', 'ready_for_handover');
             INSERT INTO event (id, device, at, day, operator, case_id, kind, data)
                 VALUES ('01FZ0000000000000000000001', 'D1', '2022-03-16T01:00:00.000Z', '2022-03-16', '陆松',
                         '53032319800101019X', 'registered', '{}'),
                        ('01FZ0000000000000000000002', 'D1', '2022-03-16T01:00:00.000Z', '2022-03-16', '陆松',
                         '53032319800101019X', 'handed_over', '{}'),
                        ('01FZ0000000000000000000003', 'D1', '2022-03-16T01:00:00.000Z', '2022-03-16', '陆松',
                         '530323198001010032', 'registered', '{}');
             INSERT INTO statement (id, event_id, id_number, loss, account, signer, relation, taken_on, operator)
                 VALUES ('S1', '01FZ0000000000000000000001', '53032319800101019X', 'lost', '搬家时遗失',
                         '用过说明', '本人', '2022-03-16', '陆松'),
                        ('S2', '01FZ0000000000000000000003', '530323198001010032', 'damaged', '被水泡坏',
                         '王芳', '女儿', '2022-03-17', '陆松');
             INSERT INTO register (event_id, township, id_number, card_number, recipient, relation,
                                   old_certificate, statement_id, handed_on, operator)
                 VALUES ('01FZ0000000000000000000002', '530323102000', '53032319800101019X', 'C1',
                         '用过说明', '本人', 'statement', 'S1', '2022-03-16', '陆松');",
        )
        .unwrap();
    }
    let store = Store::open(&path, campaign()).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::STEPS.len());
    let rows = |sql: &str| -> Vec<(String, String, String, Option<String>)> {
        let mut stmt = store.conn().prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(
        rows("SELECT id, loss, account, signed_at FROM statement ORDER BY id"),
        vec![
            (
                "S1".into(),
                "lost".into(),
                "搬家时遗失".into(),
                Some("2022-03-16".into())
            ),
            ("S2".into(), "damaged".into(), "被水泡坏".into(), None),
        ]
    );
    let on_register: String = store
        .conn()
        .query_row(
            "SELECT s.account FROM register r JOIN statement s ON s.id = r.statement_id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(on_register, "搬家时遗失");
    let broken: Vec<String> = {
        let mut stmt = store.conn().prepare("PRAGMA foreign_key_check").unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert!(broken.is_empty(), "{broken:?}");
    // The third reason is accepted now; anything else still is not.
    store
        .conn()
        .execute("UPDATE statement SET loss = 'other' WHERE id = 'S2'", [])
        .unwrap();
    assert!(
        store
            .conn()
            .execute("UPDATE statement SET loss = 'stolen' WHERE id = 'S2'", [])
            .is_err()
    );
}

/// Migration 10: a database of migration 9 with a planned home visit keeps it; the
/// household's own point and hours arrive empty (its village's point, all day), are
/// recorded as events and projected, and the road matrix table is there, empty.
#[test]
fn a_migration_9_database_gains_home_points_hours_and_the_road_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v9.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        schema::migrations_up_to(9).to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO device (id, name, created_at, is_local) VALUES ('D1', 'old', '2022-03-16', 1);
             INSERT INTO township (code, name, site) VALUES ('530323102000', '雄壁镇', 'xiongbi-hc');
             INSERT INTO village (township, name, lat, lon) VALUES ('530323102000', '大舍村', 24.69, 103.86);
             INSERT INTO holder (id_number, name, sex, birth_date, basis, township, village,
                                 mobility_impaired, state)
                 VALUES ('53032319800101019X', '上门户', 'male', '1980-01-01', 'new', '530323102000',
                         '大舍村', 1, 'applied');
             INSERT INTO home_route (id_number, date, seq, pinned, planned_at, operator)
                 VALUES ('53032319800101019X', '2022-05-16', 1, 1, '2022-05-01T00:00:00.000Z', '陆松');",
        )
        .unwrap();
    }
    let mut store = Store::open(&path, campaign()).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::STEPS.len());
    let mut tx = store.begin().unwrap();
    let registered = Event::Registered {
        basis: Basis::New,
        category: None,
        grade: None,
    };
    tx.record(
        "53032319800101019X",
        &Actor::on("陆松", d(3, 16)),
        &registered,
    )
    .unwrap();
    tx.commit().unwrap();
    let rows = routes::home_rows(store.conn()).unwrap();
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r.day, Some(d(5, 16)), "the kept plan stays");
    assert!(r.pinned);
    assert!(!r.own_place && r.window.is_none());
    assert_eq!(r.location.map(|l| l.lat), Some(24.69));
    assert!(routes::road_matrix(store.conn()).unwrap().is_empty());

    let id = "53032319800101019X";
    let actor = Actor::on("陆松", d(5, 10));
    let place = crate::domain::home_visit::Place::new(24.61, 103.77).unwrap();
    routes::set_home_place(&mut store, &actor, id, Some(place)).unwrap();
    let window = crate::domain::home_visit::VisitWindow::Afternoon;
    routes::set_visit_window(&mut store, &actor, id, Some(window)).unwrap();
    let r = routes::home_rows(store.conn()).unwrap().remove(0);
    assert!(r.own_place);
    assert_eq!(r.location.map(|l| (l.lat, l.lon)), Some((24.61, 103.77)));
    assert_eq!(r.window, Some(window));
    assert_eq!(r.place(), None, "its own point is not its village's");
    // The projection is the events': re-folding every case gives the same row.
    store
        .conn()
        .execute("UPDATE holder SET home_lat = NULL, visit_window = NULL", [])
        .unwrap();
    rebuild_states(&mut store).unwrap();
    let r = routes::home_rows(store.conn()).unwrap().remove(0);
    assert_eq!(r.location.map(|l| l.lat), Some(24.61));
    assert_eq!(r.window, Some(window));
    assert!(audit::verify(store.conn()).unwrap().ok());
}
