//! Numbered migrations. A database is only ever moved forward; never edit a migration
//! that has shipped, add the next one.

use rusqlite_migration::{M, Migrations};

/// Migration 1: devices, divisions, holders, the append-only event log, cards.
const V1: &str = r#"
CREATE TABLE device (
    id          TEXT PRIMARY KEY,            -- ULID, globally unique
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    is_local    INTEGER NOT NULL DEFAULT 0   -- exactly one row: this laptop
);

CREATE TABLE township (
    code   TEXT PRIMARY KEY,                 -- 12-digit statistical division code
    name   TEXT NOT NULL,
    site   TEXT NOT NULL
);

CREATE TABLE village (
    township   TEXT NOT NULL REFERENCES township(code),
    name       TEXT NOT NULL,
    code       TEXT,
    synthetic  INTEGER NOT NULL DEFAULT 0,   -- invented for the demo county
    PRIMARY KEY (township, name)
) WITHOUT ROWID;

-- The current record of each person. Details are a projection of the events;
-- `state` is a cache of the case state folded from the events.
CREATE TABLE holder (
    id_number          TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    sex                TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    birth_date         TEXT NOT NULL,
    basis              TEXT NOT NULL CHECK (basis IN ('medical', 'visual', 'new')),
    cert_number        TEXT,
    category           INTEGER CHECK (category BETWEEN 1 AND 7),
    grade              INTEGER CHECK (grade BETWEEN 1 AND 4),
    township           TEXT NOT NULL REFERENCES township(code),
    village            TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    guardian           TEXT NOT NULL DEFAULT '',
    guardian_phone     TEXT NOT NULL DEFAULT '',
    mobility_impaired  INTEGER NOT NULL DEFAULT 0,
    migrant            INTEGER NOT NULL DEFAULT 0,
    address            TEXT NOT NULL DEFAULT '',
    state              TEXT NOT NULL
);
CREATE UNIQUE INDEX holder_cert ON holder(cert_number);
CREATE INDEX holder_state ON holder(state);
CREATE INDEX holder_township ON holder(township, village);

-- Append-only. Ordered by `id` (a ULID, time first), never by rowid, so logs merged
-- from several laptops order the same everywhere.
CREATE TABLE event (
    id        TEXT PRIMARY KEY,
    device    TEXT NOT NULL REFERENCES device(id),
    at        TEXT NOT NULL,                 -- UTC, RFC 3339 with milliseconds
    day       TEXT NOT NULL,                 -- the local working day it happened on
    operator  TEXT NOT NULL,
    case_id   TEXT NOT NULL,                 -- the holder's ID number
    kind      TEXT NOT NULL,
    data      TEXT NOT NULL                  -- the event as JSON
);
CREATE INDEX event_case ON event(case_id, id);

CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN SELECT RAISE(ABORT, 'event log is append-only'); END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN SELECT RAISE(ABORT, 'event log is append-only'); END;

-- Personalised cards from the card centre's batches.
CREATE TABLE card (
    card_number  TEXT PRIMARY KEY,
    cert_number  TEXT NOT NULL,
    id_number    TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('personalised', 'issued', 'voided')),
    batch        TEXT NOT NULL,
    imported_at  TEXT NOT NULL
);
CREATE INDEX card_holder ON card(id_number);
CREATE INDEX card_cert ON card(cert_number);
"#;

/// Migration 2: a record of every import run, so a clerk can see what a file did.
const V2: &str = r#"
CREATE TABLE import_run (
    id          TEXT PRIMARY KEY,            -- ULID
    device      TEXT NOT NULL REFERENCES device(id),
    at          TEXT NOT NULL,
    operator    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('roster', 'cards')),
    file        TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    imported    INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    duplicates  INTEGER NOT NULL
);
"#;

/// Migration 3: where and when each case is expected, projected from its events, so a
/// site's day list is one indexed query.
const V3: &str = r#"
ALTER TABLE holder ADD COLUMN site TEXT;
ALTER TABLE holder ADD COLUMN sched_date TEXT;
ALTER TABLE holder ADD COLUMN half_day TEXT CHECK (half_day IN ('am', 'pm'));
ALTER TABLE holder ADD COLUMN home_visit INTEGER NOT NULL DEFAULT 0;
ALTER TABLE holder ADD COLUMN checked_in_at TEXT;
ALTER TABLE holder ADD COLUMN walk_in INTEGER NOT NULL DEFAULT 0;
CREATE INDEX holder_schedule ON holder(site, sched_date);
-- Covers the campaign figures: the overview is one ordered index scan, no sort.
CREATE INDEX holder_figures ON holder(basis, state, township, category);
"#;

/// Migration 4: the handover's paper trail, projected from the events in the same
/// transaction: lost-certificate statements (情况说明), the issuance register
/// (发放登记表) and the recovery ledger of old certificates (二代证回收登记). A
/// corrected handover keeps its rows, marked with the correcting event.
const V4: &str = r#"
CREATE TABLE statement (
    id          TEXT PRIMARY KEY,            -- ULID, referenced by the handover
    event_id    TEXT NOT NULL REFERENCES event(id),
    id_number   TEXT NOT NULL REFERENCES holder(id_number),
    loss        TEXT NOT NULL CHECK (loss IN ('lost', 'damaged')),
    account     TEXT NOT NULL,
    signer      TEXT NOT NULL,
    relation    TEXT NOT NULL,
    taken_on    TEXT NOT NULL,
    operator    TEXT NOT NULL,
    signed_at   TEXT
);
CREATE INDEX statement_holder ON statement(id_number);

CREATE TABLE register (
    event_id         TEXT PRIMARY KEY REFERENCES event(id),
    township         TEXT NOT NULL,
    id_number        TEXT NOT NULL REFERENCES holder(id_number),
    card_number      TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    relation         TEXT NOT NULL,
    recipient_id     TEXT NOT NULL DEFAULT '',
    old_certificate  TEXT NOT NULL CHECK (old_certificate IN ('recovered', 'statement', 'none')),
    old_cert_number  TEXT NOT NULL DEFAULT '',
    statement_id     TEXT REFERENCES statement(id),
    handed_on        TEXT NOT NULL,
    operator         TEXT NOT NULL,
    corrected_by     TEXT REFERENCES event(id)
);
CREATE INDEX register_township ON register(township, handed_on);

CREATE TABLE recovery_ledger (
    event_id      TEXT PRIMARY KEY REFERENCES event(id),
    township      TEXT NOT NULL,
    id_number     TEXT NOT NULL REFERENCES holder(id_number),
    cert_number   TEXT NOT NULL,
    recovered_on  TEXT NOT NULL,
    operator      TEXT NOT NULL,
    corrected_by  TEXT REFERENCES event(id)
);
CREATE INDEX recovery_township ON recovery_ledger(township, recovered_on);

CREATE INDEX card_state ON card(state);
"#;
/// Migration 5: the holder table again, with `basis` checked by comparisons instead of
/// `IN (…)`. SQLite evaluates a CHECK with an IN list of three or more values by building
/// a temporary b-tree for every row written: a fifth of the work of importing a roster.
/// Rows of `statement`, `register` and `recovery_ledger` keep pointing at `holder` by
/// name; migrations run with foreign keys off and are checked afterwards.
const V5: &str = r#"
CREATE TABLE holder_v5 (
    id_number          TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    sex                TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    birth_date         TEXT NOT NULL,
    basis              TEXT NOT NULL
                       CHECK (basis = 'medical' OR basis = 'visual' OR basis = 'new'),
    cert_number        TEXT,
    category           INTEGER CHECK (category BETWEEN 1 AND 7),
    grade              INTEGER CHECK (grade BETWEEN 1 AND 4),
    township           TEXT NOT NULL REFERENCES township(code),
    village            TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    guardian           TEXT NOT NULL DEFAULT '',
    guardian_phone     TEXT NOT NULL DEFAULT '',
    mobility_impaired  INTEGER NOT NULL DEFAULT 0,
    migrant            INTEGER NOT NULL DEFAULT 0,
    address            TEXT NOT NULL DEFAULT '',
    state              TEXT NOT NULL,
    site               TEXT,
    sched_date         TEXT,
    half_day           TEXT CHECK (half_day IN ('am', 'pm')),
    home_visit         INTEGER NOT NULL DEFAULT 0,
    checked_in_at      TEXT,
    walk_in            INTEGER NOT NULL DEFAULT 0
);
INSERT INTO holder_v5 (id_number, name, sex, birth_date, basis, cert_number, category, grade,
                       township, village, phone, guardian, guardian_phone, mobility_impaired,
                       migrant, address, state, site, sched_date, half_day, home_visit,
                       checked_in_at, walk_in)
SELECT id_number, name, sex, birth_date, basis, cert_number, category, grade,
       township, village, phone, guardian, guardian_phone, mobility_impaired,
       migrant, address, state, site, sched_date, half_day, home_visit,
       checked_in_at, walk_in
FROM holder ORDER BY id_number;
DROP TABLE holder;
ALTER TABLE holder_v5 RENAME TO holder;
CREATE UNIQUE INDEX holder_cert ON holder(cert_number);
CREATE INDEX holder_state ON holder(state);
CREATE INDEX holder_township ON holder(township, village);
CREATE INDEX holder_schedule ON holder(site, sched_date);
CREATE INDEX holder_figures ON holder(basis, state, township, category);
"#;

/// Migration 6: the tamper-evident log. Every event gets its place in its device's hash
/// chain (`seq`, `hash`; see `store::audit`); the hook computes them for the events
/// already there, then the chain is required of every new event and `seq` is unique
/// per device.
const V6: &str = r#"
DROP TRIGGER event_no_update;
ALTER TABLE event ADD COLUMN seq INTEGER;
ALTER TABLE event ADD COLUMN hash BLOB;
"#;

const V6_AFTER: &str = r#"
CREATE UNIQUE INDEX event_chain ON event(device, seq);
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN SELECT RAISE(ABORT, 'event log is append-only'); END;
CREATE TRIGGER event_chained BEFORE INSERT ON event
WHEN NEW.seq IS NULL OR NEW.hash IS NULL OR length(NEW.hash) <> 32
BEGIN SELECT RAISE(ABORT, 'event without its link in the hash chain'); END;
"#;

/// Migration 7: operator accounts. Passwords only as Argon2id PHC strings.
const V7: &str = r#"
CREATE TABLE operator (
    name           TEXT PRIMARY KEY,
    role           TEXT NOT NULL
                   CHECK (role = 'leader' OR role = 'staff' OR role = 'township_clerk' OR role = 'doctor'),
    township       TEXT REFERENCES township(code),
    password_hash  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    disabled_at    TEXT,
    CHECK ((role = 'township_clerk') = (township IS NOT NULL))
);
"#;

/// Migration 8: statements (情况说明) become records of their own: a third reason
/// (`other`), the signature (who, when, by which event) and the withdrawal of a wrong
/// one (when, why, by which event). The table is rebuilt to widen the CHECK on `loss`;
/// `register` keeps pointing at `statement` by name (foreign keys are off while a
/// migration runs and checked after it). A statement a handover already relied on was
/// signed on paper at that handover: it is marked signed on the day it was taken.
const V8: &str = r#"
CREATE TABLE statement_v8 (
    id               TEXT PRIMARY KEY,       -- ULID, referenced by the handover
    event_id         TEXT NOT NULL REFERENCES event(id),
    id_number        TEXT NOT NULL REFERENCES holder(id_number),
    loss             TEXT NOT NULL
                     CHECK (loss = 'lost' OR loss = 'damaged' OR loss = 'other'),
    account          TEXT NOT NULL,
    signer           TEXT NOT NULL,
    relation         TEXT NOT NULL,
    taken_on         TEXT NOT NULL,
    operator         TEXT NOT NULL,
    signed_at        TEXT,                   -- the day the signature was recorded
    signed_event     TEXT REFERENCES event(id),
    withdrawn_on     TEXT,
    withdrawn_reason TEXT NOT NULL DEFAULT '',
    withdrawn_event  TEXT REFERENCES event(id)
);
INSERT INTO statement_v8 (id, event_id, id_number, loss, account, signer, relation, taken_on,
                          operator, signed_at)
SELECT s.id, s.event_id, s.id_number, s.loss, s.account, s.signer, s.relation, s.taken_on,
       s.operator,
       COALESCE(s.signed_at,
                CASE WHEN EXISTS (SELECT 1 FROM register r WHERE r.statement_id = s.id)
                     THEN s.taken_on END)
FROM statement s ORDER BY s.id;
DROP TABLE statement;
ALTER TABLE statement_v8 RENAME TO statement;
CREATE INDEX statement_holder ON statement(id_number);
"#;

/// Migration 9: home-visit routing (上门服务). Village coordinates (imported with
/// `import villages`, or invented for the demo county) and the kept route plan: one row per
/// planned visit, written in the same transaction as the `scheduled` event that books it,
/// so a re-plan starts from it and a pinned visit stays where it was put.
const V9: &str = r#"
ALTER TABLE village ADD COLUMN lat REAL;
ALTER TABLE village ADD COLUMN lon REAL;

CREATE TABLE home_route (
    id_number   TEXT PRIMARY KEY REFERENCES holder(id_number),
    date        TEXT NOT NULL,               -- the working day of the visit
    seq         INTEGER NOT NULL,            -- position in that day's route, from 1
    pinned      INTEGER NOT NULL DEFAULT 0,  -- put on this day by hand: a re-plan keeps it
    planned_at  TEXT NOT NULL,
    operator    TEXT NOT NULL
);
CREATE INDEX home_route_day ON home_route(date, seq);
"#;

/// Migration 10: home visits, finished (上门服务, routing2). A household's own point and the
/// hours the family is at home, projected from the case's events (`home_located`,
/// `visit_window_set`) like the state; the county's road travel matrix, imported with
/// `import travel-matrix`: one row per ordered pair of places, a place being `depot` or a
/// village as `<township code>/<village name>`.
const V10: &str = r#"
ALTER TABLE holder ADD COLUMN home_lat REAL;
ALTER TABLE holder ADD COLUMN home_lon REAL;
ALTER TABLE holder ADD COLUMN visit_window TEXT;

CREATE TABLE travel_matrix (
    from_place  TEXT NOT NULL,
    to_place    TEXT NOT NULL,
    dist_m      INTEGER NOT NULL CHECK (dist_m >= 0),
    time_s      INTEGER NOT NULL CHECK (time_s >= 0),
    imported_at TEXT NOT NULL,
    operator    TEXT NOT NULL,
    PRIMARY KEY (from_place, to_place)
) WITHOUT ROWID;
"#;

/// Migration 11: the event table again, with the hash-chain link required by a CHECK
/// constraint instead of the `event_chained` trigger of migration 6. A BEFORE INSERT
/// trigger runs a sub-program for every row written: it was two fifths of the cost of
/// writing a roster's events (1M events: 4.8 -> 2.8 s, sqlite3 shell). The constraint
/// refuses the same rows (no `seq`, no hash, or a hash that is not 32 bytes). Foreign keys
/// are off while a migration runs; rows of other tables keep pointing at `event` by name.
///
/// And one index on the holder's state instead of two: `holder_figures` led by the state
/// serves both a lookup by state (`holder_state` until now) and the figures, which group
/// by all four columns in any order. One index fewer to fill per holder written.
const V11: &str = r#"
CREATE TABLE event_v11 (
    id        TEXT PRIMARY KEY,
    device    TEXT NOT NULL REFERENCES device(id),
    at        TEXT NOT NULL,                 -- UTC, RFC 3339 with milliseconds
    day       TEXT NOT NULL,                 -- the local working day it happened on
    operator  TEXT NOT NULL,
    case_id   TEXT NOT NULL,                 -- the holder's ID number
    kind      TEXT NOT NULL,
    data      TEXT NOT NULL,                 -- the event as JSON
    seq       INTEGER,                       -- its place in its device's hash chain
    hash      BLOB,                          -- SHA-256 of the previous hash and this event
    CONSTRAINT event_in_hash_chain
        CHECK (seq IS NOT NULL AND hash IS NOT NULL AND length(hash) = 32)
);
INSERT INTO event_v11 (id, device, at, day, operator, case_id, kind, data, seq, hash)
SELECT id, device, at, day, operator, case_id, kind, data, seq, hash FROM event;
DROP TABLE event;
ALTER TABLE event_v11 RENAME TO event;
CREATE INDEX event_case ON event(case_id, id);
CREATE UNIQUE INDEX event_chain ON event(device, seq);
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN SELECT RAISE(ABORT, 'event log is append-only'); END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN SELECT RAISE(ABORT, 'event log is append-only'); END;

DROP INDEX holder_state;
DROP INDEX holder_figures;
CREATE INDEX holder_figures ON holder(state, basis, township, category);
"#;

pub const STEPS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11];

/// The step that runs `hook` after its SQL, in the same transaction.
fn step(n: usize, sql: &'static str) -> M<'static> {
    match n {
        6 => M::up_with_hook(sql, |tx: &rusqlite::Transaction| {
            super::audit::backfill(tx)?;
            tx.execute_batch(V6_AFTER)?;
            Ok(())
        }),
        _ => M::up(sql),
    }
    .foreign_key_check()
}

/// Secondary indexes a bulk insert may drop and rebuild: those that new holders, inserted
/// in ID order, do not fill in key order. Building such an index once from sorted data
/// is cheaper than thousands of inserts at random places in it. Indexes led by the ID
/// (the keys of holder and event, `holder_cert`, `event_case`) or by columns still empty
/// on a new holder (`holder_schedule`) only ever append, which is cheaper than a rebuild.
/// Each entry is (name, the statement that creates it as the latest migration has it).
pub const BULK_INDEXES: &[(&str, &str)] = &[
    (
        "holder_township",
        "CREATE INDEX holder_township ON holder(township, village)",
    ),
    (
        "holder_figures",
        "CREATE INDEX holder_figures ON holder(state, basis, township, category)",
    ),
];

pub fn migrations() -> Migrations<'static> {
    migrations_up_to(STEPS.len())
}

/// The first `n` migrations; tests use it to build an older database.
pub fn migrations_up_to(n: usize) -> Migrations<'static> {
    Migrations::new(
        STEPS[..n]
            .iter()
            .enumerate()
            .map(|(i, sql)| step(i + 1, sql))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }

    /// A CHECK with `IN (a, b, c)` costs a temporary b-tree per row written.
    #[test]
    fn writing_a_holder_builds_no_temporary_table() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let mut stmt = conn
            .prepare(
                "EXPLAIN INSERT INTO holder (id_number, name, sex, birth_date, basis, township, state)
                 VALUES ('53032319800101019X', '张三', 'male', '1980-01-01', 'visual',
                         '530323102000', 'needs_reassessment')",
            )
            .unwrap();
        let opcodes: Vec<String> = stmt
            .query_map([], |r| r.get(1))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(opcodes.iter().any(|op| op == "Insert"), "{opcodes:?}");
        assert!(
            !opcodes.iter().any(|op| op == "OpenEphemeral"),
            "{opcodes:?}"
        );
    }

    fn plan(conn: &rusqlite::Connection, sql: &str) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.join("; ")
    }

    /// One index on the state serves the figures (a scan of the index alone, no sorting)
    /// and every lookup by state.
    #[test]
    fn the_figures_and_lookups_by_state_use_one_index() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let figures = plan(
            &conn,
            "SELECT basis, state, township, category, COUNT(*) FROM holder
             GROUP BY state, basis, township, category",
        );
        assert!(
            figures.contains("COVERING INDEX holder_figures"),
            "{figures}"
        );
        assert!(!figures.contains("TEMP B-TREE"), "{figures}");
        for sql in [
            "SELECT id_number FROM holder WHERE state = 'card_requested'",
            "SELECT id_number FROM holder WHERE state IN ('notified', 'needs_rescheduling')",
        ] {
            let p = plan(&conn, sql);
            assert!(p.contains("INDEX holder_figures (state=?)"), "{sql}: {p}");
        }
    }

    #[test]
    fn bulk_indexes_are_exactly_the_migrated_ones() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        for (name, sql) in BULK_INDEXES {
            let stored: String = conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(&stored, sql);
        }
    }
}
