//! The interface's state and the one function that changes it. No IO here: `update`
//! returns the effects (database requests, quitting) for the runtime to carry out.

pub mod input;
pub mod keymap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::campaign::Campaign;
use crate::i18n::{Lang, Text};
use crate::screens::{holders, overview};
use crate::store::worker::{Reply, Request};
use keymap::Action;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Holders,
}

impl Tab {
    pub const ALL: [Tab; 2] = [Tab::Overview, Tab::Holders];

    pub fn title(self) -> Text {
        match self {
            Tab::Overview => Text::TabOverview,
            Tab::Holders => Text::TabHolders,
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
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
}

pub struct App {
    pub lang: Lang,
    pub campaign: &'static Campaign,
    pub tab: Tab,
    pub status: Status,
    pub overview: overview::State,
    pub holders: holders::State,
    pub overlay: Option<Overlay>,
    /// A database failure to show until the next key.
    pub alert: Option<Text>,
    pub quit: bool,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Reply(Reply),
    Resize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Request(Request),
    Quit,
}

impl App {
    pub fn new(lang: Lang, campaign: &'static Campaign, status: Status) -> App {
        App {
            lang,
            campaign,
            tab: Tab::Overview,
            status,
            overview: overview::State::default(),
            holders: holders::State::default(),
            overlay: None,
            alert: None,
            quit: false,
        }
    }

    /// The requests to send when the interface opens.
    pub fn start(&mut self) -> Vec<Effect> {
        vec![Effect::Request(Request::Stats)]
    }

    /// True while a text field has the keyboard: plain letters are typed, not commands.
    pub fn typing(&self) -> bool {
        self.overlay.is_none() && self.tab == Tab::Holders && self.holders.typing()
    }
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize => Vec::new(),
        Msg::Reply(reply) => on_reply(app, reply),
        Msg::Key(key) => on_key(app, key),
    }
}

fn on_reply(app: &mut App, reply: Reply) -> Vec<Effect> {
    match reply {
        Reply::Stats(stats) => {
            app.overview.stats = Some(*stats);
            app.overview.error = None;
            Vec::new()
        }
        Reply::Failed(text) => {
            app.overview.error = Some(text.clone());
            app.alert = Some(text);
            Vec::new()
        }
        other => holders::on_reply(&mut app.holders, other)
            .into_iter()
            .map(Effect::Request)
            .collect(),
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    app.alert = None;
    if app.overlay.is_some() {
        app.overlay = None;
        return Vec::new();
    }
    if let Some(action) = keymap::global_action(key, app.typing()) {
        return run_global(app, action);
    }
    match app.tab {
        Tab::Overview => match key.code {
            KeyCode::Char('r') if key.modifiers == KeyModifiers::NONE => {
                vec![Effect::Request(Request::Stats)]
            }
            _ => Vec::new(),
        },
        Tab::Holders => holders::on_key(&mut app.holders, key)
            .into_iter()
            .map(Effect::Request)
            .collect(),
    }
}

fn run_global(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
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
        Tab::Holders => Vec::new(),
    }
}
