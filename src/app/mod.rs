//! The interface's state and the one function that changes it. No IO here: `update`
//! returns the effects (database requests, quitting) for the runtime to carry out.

pub mod card;
pub mod input;
pub mod keymap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::campaign::Campaign;
use crate::i18n::{Lang, Text};
use chrono::{DateTime, Utc};

use crate::screens::{handover, holders, overview, plan, queue, visits};
use crate::store::worker::{Reply, Request};
use keymap::Action;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Queue,
    /// 评定计划, opened from the queue (`p`); shown under the queue's tab.
    Plan,
    Handover,
    /// 上门服务
    Visits,
    Holders,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Overview,
        Tab::Queue,
        Tab::Handover,
        Tab::Visits,
        Tab::Holders,
    ];

    pub fn title(self) -> Text {
        match self {
            Tab::Overview => Text::TabOverview,
            Tab::Queue => Text::TabQueue,
            Tab::Plan => Text::PlanTitle,
            Tab::Handover => Text::TabHandover,
            Tab::Visits => Text::TabVisits,
            Tab::Holders => Text::TabHolders,
        }
    }

    /// The tab in the tab bar this screen belongs to.
    pub fn home(self) -> Tab {
        match self {
            Tab::Plan => Tab::Queue,
            other => other,
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self.home()).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub operator: String,
    pub database: String,
    pub demo: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    /// Quitting would lose what a form holds; asks first.
    ConfirmQuit,
}

pub struct App {
    pub lang: Lang,
    pub campaign: &'static Campaign,
    pub tab: Tab,
    pub status: Status,
    pub overview: overview::State,
    pub holders: holders::State,
    pub queue: queue::State,
    pub plan: plan::State,
    pub handover: handover::State,
    pub visits: visits::State,
    pub overlay: Option<Overlay>,
    /// The clock as last told by the runtime (waiting times are drawn from it).
    pub now: DateTime<Utc>,
    /// The card reader as last reported.
    pub reader: card::ReaderState,
    /// A database failure to show until the next key.
    pub alert: Option<Text>,
    pub quit: bool,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Reply(Reply),
    /// The card reader reported something.
    Card(card::CardSignal),
    Resize,
    Tick(DateTime<Utc>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Request(Request),
    /// Demo: put a card on, or take it off, the simulated reader.
    Simulate(card::SimCommand),
    Quit,
}

impl App {
    pub fn new(lang: Lang, campaign: &'static Campaign, status: Status, now: DateTime<Utc>) -> App {
        App {
            lang,
            campaign,
            tab: Tab::Overview,
            status,
            overview: overview::State::default(),
            holders: holders::State::default(),
            queue: queue::State::new(campaign),
            plan: plan::State::new(campaign),
            handover: handover::State::default(),
            visits: visits::State::default(),
            overlay: None,
            now,
            reader: card::ReaderState::Off,
            alert: None,
            quit: false,
        }
    }

    /// The requests to send when the interface opens.
    pub fn start(&mut self) -> Vec<Effect> {
        let mut effects = vec![Effect::Request(Request::Stats)];
        effects.extend(
            self.queue
                .refresh(self.campaign)
                .into_iter()
                .map(Effect::Request),
        );
        effects
    }

    /// True while a text field has the keyboard: plain letters are typed, not commands.
    pub fn typing(&self) -> bool {
        self.overlay.is_none()
            && match self.tab {
                Tab::Holders => self.holders.typing(),
                Tab::Queue => self.queue.typing(),
                Tab::Plan => self.plan.typing(),
                Tab::Handover => self.handover.typing(),
                Tab::Visits => self.visits.typing(),
                Tab::Overview => false,
            }
    }

    /// A dialog of the current screen has the keyboard: only Ctrl-C is global.
    fn modal(&self) -> bool {
        match self.tab {
            Tab::Queue => self.queue.mode != queue::Mode::List,
            Tab::Plan => self.plan.modal(),
            Tab::Handover => self.handover.modal(),
            Tab::Visits => self.visits.modal(),
            Tab::Holders => self.holders.edit.is_some(),
            Tab::Overview => false,
        }
    }

    fn unsaved(&self) -> bool {
        self.queue.unsaved()
            || self.plan.unsaved()
            || self.handover.unsaved()
            || self.visits.unsaved()
            || self.holders.edit.is_some()
    }
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize => Vec::new(),
        Msg::Tick(now) => {
            app.now = now;
            Vec::new()
        }
        Msg::Reply(reply) => on_reply(app, reply),
        Msg::Key(key) => on_key(app, key),
        Msg::Card(signal) => {
            let before = app.reader.card().map(str::to_string);
            app.reader = app.reader.after(&signal);
            let now = app.reader.card().map(str::to_string);
            if before == now && !matches!(signal, card::CardSignal::Read { .. }) {
                return Vec::new();
            }
            handover_effects(handover::on_card(&mut app.handover, now.as_deref()))
        }
    }
}

impl From<crate::reader::ReaderEvent> for Msg {
    fn from(event: crate::reader::ReaderEvent) -> Msg {
        Msg::Card(event.into())
    }
}

fn handover_effects(outs: Vec<handover::Out>) -> Vec<Effect> {
    outs.into_iter()
        .map(|o| match o {
            handover::Out::Request(r) => Effect::Request(r),
            handover::Out::Simulate(c) => Effect::Simulate(c),
        })
        .collect()
}

fn on_reply(app: &mut App, reply: Reply) -> Vec<Effect> {
    match reply {
        Reply::Stats(stats) => {
            app.overview.stats = Some(*stats);
            app.overview.error = None;
            Vec::new()
        }
        Reply::Failed(text) => {
            app.holders.on_failed();
            visits::on_reply(&mut app.visits, &Reply::Failed(text.clone()), app.campaign);
            plan::on_reply(&mut app.plan, &Reply::Failed(text.clone()));
            handover::on_reply(&mut app.handover, &Reply::Failed(text.clone()));
            app.overview.error = Some(text.clone());
            app.alert = Some(text);
            Vec::new()
        }
        other => {
            let mut requests = queue::on_reply(&mut app.queue, &other, app.campaign);
            requests.extend(plan::on_reply(&mut app.plan, &other));
            requests.extend(visits::on_reply(&mut app.visits, &other, app.campaign));
            if matches!(
                other,
                Reply::Recorded { .. }
                    | Reply::DayClosed { .. }
                    | Reply::PlanRecorded { .. }
                    | Reply::ShiftRecorded { .. }
            ) {
                requests.push(Request::Stats);
            }
            if matches!(
                other,
                Reply::PlanRecorded { .. } | Reply::ShiftRecorded { .. }
            ) {
                requests.extend(app.queue.refresh(app.campaign));
            }
            let mut effects = handover_effects(handover::on_reply(&mut app.handover, &other));
            if matches!(
                other,
                Reply::HandedOver { .. } | Reply::Remade { .. } | Reply::HandoverCorrected { .. }
            ) {
                requests.push(Request::Stats);
            }
            requests.extend(holders::on_reply(&mut app.holders, other));
            effects.extend(requests.into_iter().map(Effect::Request));
            effects
        }
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    app.alert = None;
    if let Some(overlay) = app.overlay.take() {
        let yes = matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y'));
        if overlay == Overlay::ConfirmQuit && yes {
            app.quit = true;
            return vec![Effect::Quit];
        }
        return Vec::new();
    }
    let global =
        keymap::global_action(key, app.typing()).filter(|a| !app.modal() || *a == Action::Quit);
    if let Some(action) = global {
        return run_global(app, action);
    }
    match app.tab {
        Tab::Overview => match key.code {
            KeyCode::Char('r') if key.modifiers == KeyModifiers::NONE => {
                vec![Effect::Request(Request::Stats)]
            }
            _ => Vec::new(),
        },
        Tab::Queue
            if app.queue.mode == queue::Mode::List
                && key.code == KeyCode::Char('p')
                && key.modifiers == KeyModifiers::NONE =>
        {
            switch(app, Tab::Plan)
        }
        Tab::Queue => queue::on_key(&mut app.queue, key, app.campaign)
            .into_iter()
            .map(Effect::Request)
            .collect(),
        Tab::Handover => {
            handover_effects(handover::on_key(&mut app.handover, key, app.status.demo))
        }
        Tab::Plan => match plan::on_key(&mut app.plan, key, app.campaign) {
            Some(requests) => requests.into_iter().map(Effect::Request).collect(),
            None => switch(app, Tab::Queue),
        },
        Tab::Visits => visits::on_key(&mut app.visits, key, app.campaign)
            .into_iter()
            .map(Effect::Request)
            .collect(),
        Tab::Holders => holders::on_key(&mut app.holders, key)
            .into_iter()
            .map(Effect::Request)
            .collect(),
    }
}

fn run_global(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit if app.unsaved() => {
            app.overlay = Some(Overlay::ConfirmQuit);
            Vec::new()
        }
        Action::Quit => {
            app.quit = true;
            vec![Effect::Quit]
        }
        Action::Help => {
            app.overlay = Some(Overlay::Help);
            Vec::new()
        }
        Action::NextTab | Action::PrevTab => {
            let n = Tab::ALL.len();
            let step = if action == Action::NextTab { 1 } else { n - 1 };
            switch(app, Tab::ALL[(app.tab.index() + step) % n])
        }
        Action::GoTab(i) => match Tab::ALL.get(i) {
            Some(tab) => switch(app, *tab),
            None => Vec::new(),
        },
    }
}

fn switch(app: &mut App, tab: Tab) -> Vec<Effect> {
    app.tab = tab;
    match tab {
        Tab::Overview => vec![Effect::Request(Request::Stats)],
        Tab::Queue => app
            .queue
            .refresh(app.campaign)
            .into_iter()
            .map(Effect::Request)
            .collect(),
        Tab::Plan => app
            .plan
            .refresh()
            .into_iter()
            .map(Effect::Request)
            .collect(),
        Tab::Visits => app
            .visits
            .refresh()
            .into_iter()
            .map(Effect::Request)
            .collect(),
        Tab::Handover | Tab::Holders => Vec::new(),
    }
}
