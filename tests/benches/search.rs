//! Search-as-you-type: time per keystroke over 11,058 and 1,000,000 holders (goal:
//! ≤ 16 ms at 1M for any prefix), build time and resident memory of the index, and
//! `fzf --filter` on the same names for comparison.
//!
//!     cargo bench --bench search                 # 11,058 and 1,000,000 holders
//!     cargo bench --bench search -- 11058        # one size
//!
//! `fzf` is optional (Debian: `fzf`); each of its keystrokes is a whole process that
//! reads the list, which is what `--filter` costs.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use huanzheng::demo::generate::generate_scaled;
use huanzheng::domain::campaign::Campaign;
use huanzheng::domain::holder::Column;
use huanzheng::search::{Entry, SearchIndex};

const LIMIT: usize = 50;
const RUNS: usize = 5;

fn entries(n: usize) -> Vec<Entry> {
    generate_scaled(1, Campaign::builtin(), n)
        .rows
        .iter()
        .map(|r| {
            let cert = r.get(Column::CertNumber);
            Entry {
                key: r.get(Column::IdNumber).to_string(),
                name: r.get(Column::Name).to_string(),
                id_number: r.get(Column::IdNumber).to_string(),
                cert_number: (!cert.is_empty()).then(|| cert.to_string()),
            }
        })
        .collect()
}

/// Resident and peak memory in KiB, from /proc/self/status.
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Hands freed heap back to the OS so that RSS shows what is still in use.
fn trim_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: glibc's malloc_trim only releases free memory.
        unsafe { malloc_trim(0) };
    }
}

/// Every prefix of `s`, as typed.
fn typed(s: &str) -> Vec<String> {
    s.char_indices()
        .map(|(i, c)| s[..i + c.len_utf8()].to_string())
        .collect()
}

struct Sequence {
    label: String,
    queries: Vec<String>,
}

fn sequences(sample: &Entry, initials: &str) -> Vec<Sequence> {
    let id = &sample.id_number;
    let seq = |label: &str, queries: Vec<String>| Sequence {
        label: label.to_string(),
        queries,
    };
    vec![
        seq("pinyin zhangsan", typed("zhangsan")),
        seq(&format!("initials {initials}"), typed(initials)),
        seq(&format!("name {}", sample.name), typed(&sample.name)),
        seq("last 6 of ID", typed(&id[id.len() - 6..])),
        seq("whole ID", typed(id)),
        seq("each letter a–z", ('a'..='z').map(String::from).collect()),
        seq("each digit 0–9", ('0'..='9').map(String::from).collect()),
        seq(
            "surname 王/张/李",
            ["王", "张", "李"].map(String::from).to_vec(),
        ),
    ]
}

/// Median of `RUNS` searches, in ms, and the number of matches.
fn time_query(index: &SearchIndex, q: &str) -> (f64, usize) {
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(index.search(q, LIMIT));
            ms(start.elapsed())
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2], index.search(q, LIMIT).total)
}

fn fzf(list: &Path, q: &str) -> Option<(f64, usize)> {
    let start = Instant::now();
    let out = Command::new("fzf")
        .args(["--filter", q])
        .stdin(std::fs::File::open(list).ok()?)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let matches = out.stdout.iter().filter(|&&b| b == b'\n').count();
    Some((ms(start.elapsed()), matches))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn stats(times: &mut [f64]) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[times.len() - 1], times[times.len() / 2])
}

fn write_list(path: &Path, entries: &[Entry]) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for e in entries {
        writeln!(w, "{}\t{}", e.name, e.id_number).unwrap();
    }
}

fn run(n: usize, with_fzf: bool) {
    trim_heap();
    let (base, _) = memory_kib();
    let entries = entries(n);
    let sample = entries
        .iter()
        .find(|e| e.name.chars().count() == 3 && e.name.starts_with('张'))
        .unwrap_or(&entries[0])
        .clone();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("names.txt");
    write_list(&list, &entries);
    trim_heap();
    let (with_entries, _) = memory_kib();

    let start = Instant::now();
    let index = SearchIndex::build(entries);
    let build = start.elapsed();
    trim_heap();
    let (after, peak) = memory_kib();
    println!(
        "\n== {n} holders: build {:.0} ms; RSS of the index ≈ {:.1} MiB (the Vec<Entry> it is built from: {:.1} MiB; peak RSS {:.1} MiB)",
        ms(build),
        after.saturating_sub(base) as f64 / 1024.0,
        with_entries.saturating_sub(base) as f64 / 1024.0,
        peak as f64 / 1024.0,
    );

    let initials = pinyin_initials(&sample.name);
    println!(
        "{:<22} {:<20} {:>9} {:>8}   {:>9} {:>8}",
        "sequence", "keystroke", "ours ms", "matches", "fzf ms", "matches"
    );
    for s in sequences(&sample, &initials) {
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for q in &s.queries {
            let (t, total) = time_query(&index, q);
            let f = with_fzf.then(|| fzf(&list, q)).flatten();
            ours.push(t);
            let fzf_cols = match f {
                Some((ft, fm)) => {
                    theirs.push(ft);
                    format!("{ft:>9.2} {fm:>8}")
                }
                None => format!("{:>9} {:>8}", "-", "-"),
            };
            println!("{:<22} {:<20} {t:>9.3} {total:>8}   {fzf_cols}", s.label, q);
        }
        let (worst, median) = stats(&mut ours);
        let fzf_summary = if theirs.is_empty() {
            String::new()
        } else {
            let (fw, fm) = stats(&mut theirs);
            format!("   fzf worst {fw:.1} ms, median {fm:.1} ms")
        };
        println!(
            "{:<22} -> ours worst {worst:.3} ms, median {median:.3} ms{fzf_summary}",
            s.label
        );
    }
}

/// The sample is a 张, which the crate reads right as a surname.
fn pinyin_initials(name: &str) -> String {
    use pinyin::ToPinyin;
    name.to_pinyin()
        .flatten()
        .map(|p| p.first_letter())
        .collect()
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
    let with_fzf = Command::new("fzf").arg("--version").output().is_ok();
    if !with_fzf {
        println!("fzf not on PATH: its column is left empty");
    }
    for n in sizes {
        run(n, with_fzf);
    }
}
