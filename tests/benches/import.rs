//! Roster import throughput against the floor of `sqlite3 .import` of the same CSV
//! into a bare table.
//!
//!     cargo bench --bench import                 # 11,058 and 1,000,000 rows
//!     cargo bench --bench import -- 11058        # one size
//!
//! Needs the `sqlite3` shell on PATH for the floor (Debian: `sqlite3`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use huanzheng::demo::generate::generate_scaled;
use huanzheng::domain::campaign::Campaign;
use huanzheng::domain::holder::{Column, RowInput};
use huanzheng::import::Silent;
use huanzheng::import::roster::{self, RosterOptions};
use huanzheng::store::{Actor, Store};

fn write_csv(path: &Path, rows: &[RowInput]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(Column::ALL.map(Column::header_zh)).unwrap();
    for r in rows {
        w.write_record(Column::ALL.map(|c| r.get(c))).unwrap();
    }
    w.flush().unwrap();
}

fn sqlite_floor(csv: &Path, dir: &Path) -> Option<Duration> {
    let db = dir.join("floor.db");
    let start = Instant::now();
    let status = Command::new("sqlite3")
        .arg(&db)
        .arg(format!(".import --csv {} roster", csv.display()))
        .status()
        .ok()?;
    status.success().then(|| start.elapsed())
}

fn ours(csv: &Path, dir: &Path) -> (Duration, usize) {
    let campaign = Campaign::builtin();
    let db = dir.join("hz.db");
    let start = Instant::now();
    let mut store = Store::open(&db, campaign).unwrap();
    let report = roster::import(
        &mut store,
        csv,
        &Actor::now("bench"),
        RosterOptions::default(),
        &Silent,
    )
    .unwrap();
    let elapsed = start.elapsed();
    assert_eq!(report.rejected, 0, "generated rows must all be valid");
    (elapsed, report.imported)
}

fn rate(rows: usize, d: Duration) -> f64 {
    rows as f64 / d.as_secs_f64()
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![11_058, 1_000_000]
    } else {
        sizes
    };
    println!(
        "{:>9}  {:>10} {:>12}  {:>10} {:>12}  {:>6}",
        "rows", "ours s", "ours rows/s", "sqlite3 s", "sqlite rows/s", "ratio"
    );
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let county = generate_scaled(1, Campaign::builtin(), n);
        let csv = dir.path().join("roster.csv");
        write_csv(&csv, &county.rows);
        let rows = county.rows.len();
        let (t_ours, imported) = ours(&csv, dir.path());
        assert_eq!(imported, rows);
        match sqlite_floor(&csv, dir.path()) {
            Some(t_floor) => println!(
                "{rows:>9}  {:>10.3} {:>12.0}  {:>10.3} {:>12.0}  {:>6.2}",
                t_ours.as_secs_f64(),
                rate(rows, t_ours),
                t_floor.as_secs_f64(),
                rate(rows, t_floor),
                rate(rows, t_ours) / rate(rows, t_floor)
            ),
            None => println!(
                "{rows:>9}  {:>10.3} {:>12.0}  (sqlite3 shell not found)",
                t_ours.as_secs_f64(),
                rate(rows, t_ours)
            ),
        }
    }
}
