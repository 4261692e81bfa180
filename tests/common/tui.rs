//! Drives the interface without a terminal: keys into `update`, requests answered
//! synchronously by an in-memory database, frames drawn on ratatui's TestBackend.

use std::sync::OnceLock;

use chrono::NaiveDate;
use huanzheng::app::card::{CardSignal, SimCommand};
use huanzheng::app::{self, App, Effect, Msg, Status, Tab};
use huanzheng::domain::campaign::Campaign;
use huanzheng::domain::case::State;
use huanzheng::domain::operator::{Operator, Role};
use huanzheng::i18n::Lang;
use huanzheng::screens::sign_in;
use huanzheng::store::holders::HolderRow;
use huanzheng::store::queries::{self, ListFilter};
use huanzheng::store::worker::{Served, answer};
use huanzheng::store::{Actor, Store};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub const READER: &str = "Virtual PCD 00 00";

/// The reader read `card_number`.
pub fn read(card_number: &str) -> CardSignal {
    CardSignal::Read {
        reader: READER.into(),
        card_number: card_number.into(),
        uid: None,
    }
}

/// The card was taken off the reader.
pub fn removed() -> CardSignal {
    CardSignal::Removed {
        reader: READER.into(),
    }
}

/// 10:00 in Shizong (UTC+8) on the first day of re-assessment.
pub fn noon() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2022-03-28T10:00:00+08:00")
        .unwrap()
        .with_timezone(&chrono::Utc)
}

/// A county leader's account as the database thread knows it once signed in.
pub fn leader(name: &str) -> Operator {
    Operator {
        name: name.into(),
        role: Role::Leader,
        township: None,
    }
}

pub struct Harness {
    pub app: App,
    pub served: Served,
    /// Every effect `update` asked for, in order.
    pub effects: Vec<Effect>,
    /// Where the database file lives, removed when the harness is dropped.
    _dir: Option<tempfile::TempDir>,
}

impl Harness {
    pub fn store(&self) -> &Store {
        &self.served.store
    }

    /// The demo county (seed 1), recorded on a fixed day so timelines are stable.
    /// Built once per test binary (kept as bytes, no file left behind) and written
    /// to a temporary directory of each harness's own, removed with it.
    pub fn demo(lang: Lang) -> Harness {
        static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
        let template = TEMPLATE.get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("template.db");
            let mut store = Store::open(&path, Campaign::builtin()).unwrap();
            let day = NaiveDate::from_ymd_opt(2022, 3, 16).unwrap();
            let actor = Actor::on("陆松", day);
            huanzheng::demo::load(&mut store, 1, &actor).unwrap();
            let plan = huanzheng::store::plan::plan_fitting(&store).unwrap();
            huanzheng::store::plan::apply(&mut store, &plan.slots, &actor).unwrap();
            store
                .conn()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
                .unwrap();
            drop(store);
            std::fs::read(&path).unwrap()
        });
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("demo.db");
        std::fs::write(&copy, template).unwrap();
        let mut h = Harness::with(Store::open(&copy, Campaign::builtin()).unwrap(), lang);
        h._dir = Some(dir);
        h
    }

    /// The demo county as the program opens it: nobody signed in, the sign-in screen
    /// offering the demo's leader.
    pub fn demo_signed_out(lang: Lang) -> Harness {
        let mut h = Harness::demo(lang);
        h.sign_out(sign_in::State::new(
            sign_in::Mode::SignIn,
            huanzheng::demo::LEADER,
            None,
        ));
        h
    }

    /// Nobody signed in, and `gate` in front of everything, as at program start.
    pub fn sign_out(&mut self, gate: sign_in::State) {
        self.served.operator = None;
        let status = self.app.status.clone();
        self.app = App::new(self.app.lang, Campaign::builtin(), status, noon()).gated(gate);
        let start = self.app.start();
        self.carry_out(start);
    }

    pub fn empty(lang: Lang) -> Harness {
        Harness::with(Store::open_in_memory(Campaign::builtin()).unwrap(), lang)
    }

    fn with(store: Store, lang: Lang) -> Harness {
        let status = Status {
            operator: "陆松".into(),
            database: "huanzheng.db".into(),
            demo: false,
        };
        let mut h = Harness {
            app: App::new(lang, Campaign::builtin(), status, noon()),
            served: Served::signed_in(store, leader("陆松")),
            effects: Vec::new(),
            _dir: None,
        };
        // Signed in, as the sign-in screen would have left it.
        h.app.operator = Some(leader("陆松"));
        let start = h.app.start();
        h.carry_out(start);
        h
    }

    /// Performs effects the way the runtime would, feeding replies back in.
    pub fn carry_out(&mut self, effects: Vec<Effect>) {
        let mut queue = effects;
        while !queue.is_empty() {
            let mut next = Vec::new();
            for e in queue {
                self.effects.push(e.clone());
                match e {
                    Effect::Request(r) => {
                        let reply = answer(&mut self.served, r);
                        next.extend(app::update(&mut self.app, Msg::Reply(reply)));
                    }
                    // The simulated reader answers at once.
                    Effect::Simulate(SimCommand::Insert { card_number }) => {
                        next.extend(app::update(&mut self.app, Msg::Card(read(&card_number))));
                    }
                    Effect::Simulate(SimCommand::Remove) => {
                        next.extend(app::update(&mut self.app, Msg::Card(removed())));
                    }
                    Effect::Open(_) | Effect::Quit => {}
                }
            }
            queue = next;
        }
    }

    /// The reader reports `signal`; its effects are carried out.
    pub fn card(&mut self, signal: CardSignal) {
        let effects = app::update(&mut self.app, Msg::Card(signal));
        self.carry_out(effects);
    }

    pub fn key(&mut self, code: KeyCode) {
        self.key_with(code, KeyModifiers::NONE);
    }

    /// Presses the function key of a tab: F2 for the first, F3 for the next, as the tab
    /// bar shows them.
    pub fn go(&mut self, tab: Tab) {
        let pos = Tab::ALL
            .iter()
            .position(|t| *t == tab)
            .expect("a tab of the tab bar");
        self.key(KeyCode::F(2 + pos as u8));
    }

    /// The runtime's clock ticks at `now`.
    pub fn tick(&mut self, now: chrono::DateTime<chrono::Utc>) {
        let effects = app::update(&mut self.app, Msg::Tick(now));
        self.carry_out(effects);
    }

    pub fn key_with(&mut self, code: KeyCode, mods: KeyModifiers) {
        let effects = app::update(&mut self.app, Msg::Key(KeyEvent::new(code, mods)));
        self.carry_out(effects);
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// The first holder on file whose case is in `state`.
    pub fn first_in(&self, state: State) -> HolderRow {
        let filter = ListFilter {
            state: Some(state),
            limit: Some(1),
            ..ListFilter::default()
        };
        queries::list(self.store().conn(), &filter)
            .unwrap()
            .remove(0)
    }

    /// Into a find line that is open: the last six digits of `id_number`, then Down to
    /// that holder in the list `found` shows, then Enter.
    pub fn find_by_id_tail(&mut self, id_number: &str, found: impl Fn(&App) -> &[HolderRow]) {
        self.type_text(&id_number[12..]);
        let at = found(&self.app)
            .iter()
            .position(|f| f.id_number == id_number)
            .unwrap_or_else(|| panic!("{id_number} is found by the ID's last digits"));
        for _ in 0..at {
            self.key(KeyCode::Down);
        }
        self.key(KeyCode::Enter);
    }

    pub fn render(&self, width: u16, height: u16) -> Terminal<TestBackend> {
        let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
        t.draw(|f| huanzheng::ui::draw(f, &self.app)).unwrap();
        t
    }

    /// The visible text of each screen line, wide characters' hidden cells skipped.
    pub fn screen_text(&self, width: u16, height: u16) -> Vec<String> {
        let t = self.render(width, height);
        let buf = t.backend().buffer();
        (0..height)
            .map(|y| {
                let mut line = String::new();
                let mut skip = 0;
                for x in 0..width {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    let sym = buf[(x, y)].symbol();
                    skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
                    line.push_str(sym);
                }
                line.trim_end().to_string()
            })
            .collect()
    }
}
