//! Start-up of the interface and its memory, at the demo county's size and at a
//! million holders.
//!
//!     cargo bench --bench tui                # 11,058 and 1,000,000 holders
//!     cargo bench --bench tui -- 11058
//!
//! "first frame": open the database (migrations checked) and draw the first
//! screen, as `huanzheng` does before any answer arrives. "figures": the overview's
//! query answered and drawn. "search ready": the search index built on the database
//! thread. RSS (MiB, from /proc/self/status) of a fresh process: at start, with
//! the figures on screen, and with the search index built.

use std::time::Instant;

use chrono::Utc;
use huanzheng::app::{self, App, Msg, Status};
use huanzheng::demo::generate::generate_scaled;
use huanzheng::domain::campaign::Campaign;
use huanzheng::i18n::Lang;
use huanzheng::import::roster;
use huanzheng::store::worker::{Request, Served, answer};
use huanzheng::store::{Actor, Store};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn build(path: &std::path::Path, holders: usize) {
    let campaign = Campaign::builtin();
    let mut store = Store::open(path, campaign).unwrap();
    let county = generate_scaled(1, campaign, holders);
    roster::import_rows(&mut store, county.rows, &Actor::now("bench"), "bench").unwrap();
}

/// Runs in a fresh process so the RSS is the interface's alone.
fn measure(path: &std::path::Path, n: usize) {
    let before = rss_mib();
    let start = Instant::now();
    let store = Store::open(path, Campaign::builtin()).unwrap();
    let status = Status {
        operator: "bench".into(),
        database: "bench.db".into(),
        demo: false,
    };
    let mut app = App::new(Lang::Zh, Campaign::builtin(), status, Utc::now());
    let effects = app.start();
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    terminal.draw(|f| huanzheng::ui::draw(f, &app)).unwrap();
    let first_frame = start.elapsed();
    let mut served = Served::signed_in(
        store,
        huanzheng::domain::operator::Operator {
            name: "bench".into(),
            role: huanzheng::domain::operator::Role::Leader,
            township: None,
        },
    );
    for e in effects {
        if let app::Effect::Request(r) = e {
            let reply = answer(&mut served, r);
            app::update(&mut app, Msg::Reply(reply));
        }
    }
    terminal.draw(|f| huanzheng::ui::draw(f, &app)).unwrap();
    let figures = start.elapsed();
    let rss = rss_mib();
    let t = Instant::now();
    answer(
        &mut served,
        Request::Search {
            seq: 1,
            query: "z".into(),
            limit: 200,
        },
    );
    let search_ready = t.elapsed();
    println!(
        "{n:>9}  {:>9.1} ms {:>7.1} ms {:>10.1} ms {:>9.1} {:>9.1} {:>9.1}",
        first_frame.as_secs_f64() * 1e3,
        figures.as_secs_f64() * 1e3,
        search_ready.as_secs_f64() * 1e3,
        before,
        rss,
        rss_mib()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--measure") {
        measure(std::path::Path::new(&args[1]), args[2].parse().unwrap());
        return;
    }
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![11_058, 1_000_000]
    } else {
        sizes
    };
    println!(
        "{:>9}  {:>12} {:>10} {:>13} {:>9} {:>9} {:>9}",
        "holders", "first frame", "figures", "search ready", "RSS start", "figures", "+search"
    );
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bench.db");
        build(&path, n);
        let exe = std::env::current_exe().unwrap();
        let status = std::process::Command::new(exe)
            .args(["--measure", path.to_str().unwrap(), &n.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
}
