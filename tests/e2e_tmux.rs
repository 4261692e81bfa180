//! The real binary in a real terminal (tmux): on the demo county a clerk checks a
//! holder in by pinyin initials, records the result and quits; the command line
//! then shows the new state. Needs tmux (`.ci/run` installs it).

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use huanzheng::domain::campaign::Campaign;
use huanzheng::search::{Entry, SearchIndex};
use huanzheng::store::{Store, queries};
use pinyin::ToPinyin;

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(command: &str) -> Tmux {
        // One tmux server per test: tests run in parallel and each kills its own.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = format!("hz-e2e-{}-{n}", std::process::id());
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-x",
                "100",
                "-y",
                "30",
                command,
            ])
            .status()
            .expect("tmux is installed");
        assert!(status.success());
        Tmux { socket }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["-L", &self.socket, "send-keys"];
        args.extend_from_slice(keys);
        assert!(Command::new("tmux").args(&args).status().unwrap().success());
    }

    fn literal(&self, text: &str) {
        self.keys(&["-l", text]);
    }

    fn screen(&self) -> Option<String> {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p"])
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Waits (bounded) until the screen shows `text`; an external process has no
    /// other way to say it is ready.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen().unwrap_or_default();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {text:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_gone(&self) {
        let start = Instant::now();
        while self.screen().is_some() {
            assert!(start.elapsed() < Duration::from_secs(10), "did not quit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

fn initials(name: &str) -> String {
    name.to_pinyin()
        .flatten()
        .filter_map(|p| p.first_letter().chars().next())
        .collect()
}

#[test]
fn check_in_by_pinyin_and_record_a_result_in_the_real_binary() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");
    ok(&db, &["demo", "--seed", "1"]);
    ok(&db, &["schedule", "plan", "--capacity", "67", "--apply"]);

    let campaign = Campaign::builtin();
    let site = &campaign.sites[0];
    let day = campaign.reassessment.start;
    let (target, query, position) = {
        let store = Store::open(&db, campaign).unwrap();
        let entries: Vec<Entry> = queries::search_entries(store.conn()).unwrap();
        let index = SearchIndex::build(entries);
        queries::day_list(store.conn(), &site.id, day)
            .unwrap()
            .into_iter()
            .find_map(|r| {
                let q = initials(&r.holder.name);
                let hits = index.search(&q, 50);
                let pos = hits
                    .items
                    .iter()
                    .position(|h| h.key == r.holder.id_number)?;
                Some((r.holder, q, pos))
            })
            .expect("someone expected on day one is found by initials")
    };
    assert!(query.chars().all(|c| c.is_ascii_lowercase()), "{query}");

    let bin = env!("CARGO_BIN_EXE_huanzheng");
    let tmux = Tmux::start(&format!(
        "env LANG=C.UTF-8 HUANZHENG_OPERATOR={} {bin} --db {}",
        huanzheng::demo::LEADER,
        db.display()
    ));
    // The sign-in screen offers the operator named; the password opens the program.
    tmux.wait_for("登录");
    tmux.literal(huanzheng::demo::PASSWORD);
    tmux.keys(&["Enter"]);
    tmux.wait_for("总览");
    tmux.keys(&["F3"]);
    // The queue's column header: the overview shows none of it.
    tmux.wait_for("时段 姓名");
    tmux.literal("/");
    tmux.literal(&query);
    // The list behind the dialog shows names too; townships appear only in its results.
    tmux.wait_for(&target.township_name);
    for _ in 0..position {
        tmux.keys(&["Down"]);
    }
    tmux.keys(&["Enter"]);
    tmux.wait_for("候诊中");
    let category = target.category.unwrap().to_string();
    let grade = target.grade.unwrap().to_string();
    tmux.literal(&category);
    tmux.wait_for(&format!("评定结果：{}", target.name));
    tmux.literal(&category);
    tmux.literal(&grade);
    tmux.keys(&["Tab"]);
    tmux.literal("e2e医生");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("已保存：{}", target.name));
    tmux.literal("q");
    tmux.wait_gone();

    let p = person(&db, &target.id_number);
    assert_eq!(p["state"], "ready_for_handover", "{p:#}");
    let events = p["events"].as_array().unwrap();
    let last: Vec<&str> = events[events.len() - 2..]
        .iter()
        .map(|e| e["event"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(last, ["checked_in", "assessed"]);
    assert!(
        events[events.len() - 2..]
            .iter()
            .all(|e| e["operator"] == huanzheng::demo::LEADER)
    );
    assert_eq!(
        events.last().unwrap()["event"]["assessment"]["doctor"],
        "e2e医生"
    );
}

#[test]
fn an_encrypted_database_asks_for_its_passphrase_before_the_screen_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("enc.db");
    ok(&db, &["demo", "--seed", "1"]);
    let o = hz_with(
        &db,
        &["db", "encrypt"],
        &[("HUANZHENG_NEW_DB_KEY", "e2e-passphrase")],
    );
    assert!(o.status.success(), "{}", stderr(&o));

    let bin = env!("CARGO_BIN_EXE_huanzheng");
    let tmux = Tmux::start(&format!(
        "env LANG=C.UTF-8 HUANZHENG_OPERATOR={} {bin} --db {}",
        huanzheng::demo::LEADER,
        db.display()
    ));
    tmux.wait_for("已加密。数据库密码：");
    tmux.literal("wrong-passphrase");
    tmux.keys(&["Enter"]);
    // A wrong one is said in our words and asked again; SQLCipher's own log stays out.
    let screen = tmux.wait_for("数据库密码不对");
    assert!(
        !screen.to_lowercase().contains("sqlcipher") && !screen.contains("ERROR"),
        "{screen}"
    );
    tmux.literal("e2e-passphrase");
    tmux.keys(&["Enter"]);
    tmux.wait_for("登录");
    tmux.literal(huanzheng::demo::PASSWORD);
    tmux.keys(&["Enter"]);
    tmux.wait_for("已发证");
    tmux.literal("q");
    tmux.wait_gone();
}
