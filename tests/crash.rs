//! Crash safety: a child process records confirmed actions one by one and is killed
//! with SIGKILL at random moments, again and again, until 1,000 actions have been
//! confirmed. Afterwards SQLite's integrity check passes, the audit chain verifies, and
//! every action the child reported as confirmed (on its stdout, after the commit
//! returned) is in the database.
//!
//! The child is this same test binary, run with `HUANZHENG_CRASH_CHILD` set: the
//! `crash_child` test below does the work only then.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use huanzheng::domain::campaign::Campaign;
use huanzheng::domain::case::{Basis, Event};
use huanzheng::domain::holder::Holder;
use huanzheng::domain::ids::{Category, CertNumber, Grade, IdNumber};
use huanzheng::store::{Actor, Store, audit, holders};

const CONFIRMED: usize = 1_000;

fn holder(i: usize) -> Holder {
    let born =
        NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + chrono::Duration::days((i / 900) as i64);
    let id = IdNumber::compose("530323", born, (i % 900) as u16 + 1).unwrap();
    Holder {
        id,
        name: format!("崩溃{i}"),
        basis: Basis::Medical,
        cert: Some(CertNumber::new(
            id,
            Category::Physical,
            Grade::from_digit(3).unwrap(),
        )),
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

/// One confirmed action: register holder `i` (its row and first event, one transaction).
fn act(store: &mut Store, i: usize) -> String {
    let h = holder(i);
    let mut tx = store.begin().unwrap();
    holders::insert(tx.conn(), &h, "").unwrap();
    tx.record(
        h.id.as_str(),
        &Actor::now("崩溃测试"),
        &Event::Registered {
            basis: h.basis,
            category: h.category(),
            grade: h.grade(),
        },
    )
    .unwrap();
    tx.commit().unwrap();
    h.id.as_str().to_string()
}

/// The child: records actions from `HUANZHENG_CRASH_FROM` on until killed.
#[test]
fn crash_child() {
    let Ok(db) = std::env::var("HUANZHENG_CRASH_CHILD") else {
        return;
    };
    let from: usize = std::env::var("HUANZHENG_CRASH_FROM")
        .unwrap()
        .parse()
        .unwrap();
    let mut store = Store::open(Path::new(&db), Campaign::builtin()).unwrap();
    let mut out = std::io::stdout().lock();
    for i in from.. {
        let id = act(&mut store, i);
        writeln!(out, "confirmed {i} {id}").unwrap();
        out.flush().unwrap();
    }
}

/// A small deterministic generator for the kill moments (the seed is printed on failure).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn killed_at_random_moments_nothing_confirmed_is_lost() {
    if std::env::var("HUANZHENG_CRASH_CHILD").is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    drop(Store::open(&db, Campaign::builtin()).unwrap());
    let seed = std::env::var("HUANZHENG_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2022_u64);
    let mut rng = Lcg(seed);
    let mut confirmed: Vec<(usize, String)> = Vec::new();
    let mut next = 0;
    let mut kills = 0;
    let started = Instant::now();
    while confirmed.len() < CONFIRMED {
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "seed {seed}: too slow, {} confirmed after {kills} kills",
            confirmed.len()
        );
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
            .env("HUANZHENG_CRASH_CHILD", &db)
            .env("HUANZHENG_CRASH_FROM", next.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| {
                    // The harness's "test crash_child ... " may precede the first.
                    let (_, said) = l.split_once("confirmed ")?;
                    let mut w = said.split(' ');
                    Some((w.next()?.parse::<usize>().ok()?, w.next()?.to_string()))
                })
                .collect::<Vec<_>>()
        });
        // Let it work for a random moment: sometimes before its first action, mostly
        // in the middle of a stream of commits.
        std::thread::sleep(Duration::from_millis(5 + rng.next(250)));
        // SIGKILL: no destructor, no flush, no rollback: the process is gone.
        child.kill().unwrap();
        child.wait().unwrap();
        kills += 1;
        let said = reader.join().unwrap();
        if let Some((last, _)) = said.last() {
            next = last + 1;
        }
        // An action may have committed without the child living to say so; the next
        // child starts after the last one it did say, so skip an id already on file.
        let store = Store::open(&db, Campaign::builtin()).unwrap();
        while holders::find(store.conn(), holder(next).id.as_str())
            .unwrap()
            .is_some()
        {
            next += 1;
        }
        confirmed.extend(said);
    }

    let store = Store::open(&db, Campaign::builtin()).unwrap();
    let integrity: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "seed {seed}");
    let chain = audit::verify(store.conn()).unwrap();
    assert!(chain.ok(), "seed {seed}: {chain:?}");
    for (i, id) in &confirmed {
        let events: i64 = store
            .conn()
            .query_row("SELECT COUNT(*) FROM event WHERE case_id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(events, 1, "seed {seed}: action {i} ({id}) was confirmed");
        assert!(holders::find(store.conn(), id).unwrap().is_some());
    }
    // Each kill can cut off at most the report of the one action in flight.
    let unreported = chain.events() - confirmed.len() as i64;
    assert!(
        (0..=kills).contains(&unreported),
        "seed {seed}: {unreported} actions on file that were never confirmed, {kills} kills"
    );
    eprintln!(
        "crash test: {} confirmed actions over {kills} kills, {} events on file, seed {seed}",
        confirmed.len(),
        chain.events()
    );
}
