//! Roster import throughput against two floors, both the `sqlite3` shell on the same CSV:
//!
//! - "bare": `.import` into a bare table (one table, no key, no index, every cell TEXT);
//! - "tables": the rows loaded into huanzheng's own tables by SQL alone, validating
//!   nothing: `.import` into a temporary table, then each holder (in ID order) with its
//!   `registered` event (a random stand-in for the hash-chain link), and the indexes
//!   rebuilt as the import rebuilds them. This is what SQLite itself needs to write what
//!   the import writes; the gap between the two floors is the cost of the schema.
//!
//! Run it:
//!
//!     cargo bench --bench import                 # 11,058 and 1,000,000 rows
//!     cargo bench --bench import -- 11058        # one size
//!     HUANZHENG_BENCH_CSV=/tmp/r.csv cargo bench --bench import -- 11058   # keep the CSV
//!
//! Needs the `sqlite3` shell on PATH for the floors (Debian: `sqlite3`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use huanzheng::demo::generate::generate_scaled;
use huanzheng::domain::campaign::Campaign;
use huanzheng::domain::holder::{Column, RowInput};
use huanzheng::import::Silent;
use huanzheng::import::roster::{self, RosterOptions};
use huanzheng::store::schema::BULK_INDEXES;
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

/// The SQL that loads the CSV (Chinese headers, as [`write_csv`] writes them) into the
/// tables of a database the import has created, as the import would fill them.
fn tables_script(csv: &Path) -> String {
    let drop: String = BULK_INDEXES
        .iter()
        .map(|(name, _)| format!("DROP INDEX {name};\n"))
        .collect();
    let rebuild: String = BULK_INDEXES
        .iter()
        .map(|(_, sql)| format!("{sql};\n"))
        .collect();
    format!(
        "PRAGMA journal_mode = DELETE;
PRAGMA cache_size = -65536;
.import --csv --schema temp {csv} r
BEGIN;
{drop}INSERT INTO holder (id_number, name, sex, birth_date, basis, cert_number, category, grade,
                    township, village, phone, guardian, guardian_phone, mobility_impaired,
                    migrant, address, state)
SELECT r.身份证号, r.姓名,
       CASE WHEN substr(r.身份证号, 17, 1) IN ('1', '3', '5', '7', '9') THEN 'male' ELSE 'female' END,
       substr(r.身份证号, 7, 4) || '-' || substr(r.身份证号, 11, 2) || '-' || substr(r.身份证号, 13, 2),
       CASE r.评定方式 WHEN '目测' THEN 'visual' WHEN '非目测' THEN 'medical' ELSE 'new' END,
       NULLIF(r.残疾人证号, ''),
       CAST(NULLIF(substr(r.残疾人证号, 19, 1), '') AS INTEGER),
       CAST(NULLIF(substr(r.残疾人证号, 20, 1), '') AS INTEGER),
       t.code, r.村社区, r.联系电话, r.监护人, r.监护人电话,
       r.行动不便 = '是', r.在外务工 = '是', r.住址,
       CASE r.评定方式 WHEN '目测' THEN 'needs_reassessment'
                       WHEN '非目测' THEN 'ready_for_handover' ELSE 'applied' END
FROM temp.r r JOIN township t ON t.name = r.乡镇
ORDER BY r.身份证号;
INSERT INTO event (id, device, at, day, operator, case_id, kind, data, seq, hash)
SELECT printf('01JFL00R%018d', h.rowid), d.id, '2026-11-30T08:00:00.000Z', '2026-11-30',
       'bench', h.id_number, 'registered',
       json_object('kind', 'registered', 'basis', h.basis, 'category', h.category,
                   'grade', h.grade),
       h.rowid, randomblob(32)
FROM holder h, device d WHERE d.is_local = 1 ORDER BY h.rowid;
{rebuild}COMMIT;
",
        csv = csv.display()
    )
}

/// Time for the `sqlite3` shell to load the CSV into huanzheng's tables; checks it
/// wrote one holder and one event per row.
fn tables_floor(csv: &Path, dir: &Path, rows: usize) -> Option<Duration> {
    let db = dir.join("tables.db");
    drop(Store::open(&db, Campaign::builtin()).unwrap());
    let script = dir.join("tables.sql");
    std::fs::write(&script, tables_script(csv)).unwrap();
    let start = Instant::now();
    let out = Command::new("sqlite3")
        .arg(&db)
        .stdin(std::fs::File::open(&script).unwrap())
        .output()
        .ok()?;
    let elapsed = start.elapsed();
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && errors.is_empty(), "{errors}");
    let store = Store::open(&db, Campaign::builtin()).unwrap();
    let count = |sql: &str| -> usize {
        store
            .conn()
            .query_row(sql, [], |r| r.get::<_, i64>(0))
            .unwrap() as usize
    };
    assert_eq!(count("SELECT count(*) FROM holder"), rows);
    assert_eq!(count("SELECT count(*) FROM event"), rows);
    Some(elapsed)
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
        "{:>9}  {:>8} {:>10}  {:>8} {:>10} {:>6}  {:>8} {:>10} {:>6}",
        "", "ours", "", "sqlite3:", "bare table", "", "sqlite3:", "our tables", ""
    );
    println!(
        "{:>9}  {:>8} {:>10}  {:>8} {:>10} {:>6}  {:>8} {:>10} {:>6}",
        "rows", "s", "rows/s", "s", "rows/s", "ratio", "s", "rows/s", "ratio"
    );
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let county = generate_scaled(1, Campaign::builtin(), n);
        let csv = dir.path().join("roster.csv");
        write_csv(&csv, &county.rows);
        if let Some(keep) = std::env::var_os("HUANZHENG_BENCH_CSV") {
            std::fs::copy(&csv, keep).unwrap();
        }
        let rows = county.rows.len();
        drop(county);
        let (t_ours, imported) = ours(&csv, dir.path());
        assert_eq!(imported, rows);
        let floor = |t: Option<Duration>| match t {
            Some(t) => format!(
                "{:>8.3} {:>10.0} {:>6.2}",
                t.as_secs_f64(),
                rate(rows, t),
                rate(rows, t_ours) / rate(rows, t)
            ),
            None => format!("{:>26}", "(no sqlite3 shell)"),
        };
        println!(
            "{rows:>9}  {:>8.3} {:>10.0}  {}  {}",
            t_ours.as_secs_f64(),
            rate(rows, t_ours),
            floor(sqlite_floor(&csv, dir.path())),
            floor(tables_floor(&csv, dir.path(), rows)),
        );
    }
}
