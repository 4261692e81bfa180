//! The interface's state and the one function that changes it. No IO here: `update`
//! returns the effects (database requests, quitting) for the runtime to carry out.

pub mod card;
pub mod input;
pub mod keymap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::campaign::Campaign;
use crate::i18n::{Lang, Text};
use chrono::{DateTime, Utc};

use crate::domain::operator::Operator;
use crate::screens::{
    audit, handover, holders, overview, plan, queue, reviews, sign_in, statements, visits,
};
use crate::store::print::Print;
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
    /// 情况说明
    Statements,
    Holders,
    /// 审计日志, opened from 总览 (`a`, county leader only); shown under 总览's tab.
    Audit,
    /// 公示复核: public notice, reviews, remote assessments.
    Reviews,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Overview,
        Tab::Queue,
        Tab::Handover,
        Tab::Visits,
        Tab::Statements,
        Tab::Holders,
        Tab::Reviews,
    ];

    pub fn title(self) -> Text {
        match self {
            Tab::Overview => Text::TabOverview,
            Tab::Queue => Text::TabQueue,
            Tab::Plan => Text::PlanTitle,
            Tab::Handover => Text::TabHandover,
            Tab::Visits => Text::TabVisits,
            Tab::Statements => Text::TabStatements,
            Tab::Holders => Text::TabHolders,
            Tab::Audit => Text::AuditTitle,
            Tab::Reviews => Text::TabReviews,
        }
    }

    /// The tab in the tab bar this screen belongs to.
    pub fn home(self) -> Tab {
        match self {
            Tab::Plan => Tab::Queue,
            Tab::Audit => Tab::Overview,
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
    pub statements: statements::State,
    pub reviews: reviews::State,
    /// Where printed documents (PDF) are written.
    pub print_dir: std::path::PathBuf,
    pub visits: visits::State,
    pub audit: audit::State,
    pub overlay: Option<Overlay>,
    /// The clock as last told by the runtime (waiting times are drawn from it).
    pub now: DateTime<Utc>,
    /// The card reader as last reported.
    pub reader: card::ReaderState,
    /// A database failure to show until the next key.
    pub alert: Option<Text>,
    /// What a print from the queue, 台账 or 发证 wrote, on the status line until the
    /// next key.
    pub note: Option<Text>,
    /// The township (code, name) whose documents the print menu offers (Ctrl-P).
    pub print_menu: Option<(String, String)>,
    /// A document being written for the queue, 台账 or 发证 (the 公示复核 and
    /// 情况说明 screens keep their own).
    pub printing: Option<crate::store::print::Print>,
    pub quit: bool,
    /// Sign-in, first-start setup or the lock: while it shows, nothing else does.
    pub gate: Option<sign_in::State>,
    /// Who is signed in (as the database thread confirmed).
    pub operator: Option<Operator>,
    /// Idle this long, the screen locks (none: never).
    pub lock_after: Option<chrono::Duration>,
    /// When the last key was pressed, by the runtime's clock.
    pub last_input: DateTime<Utc>,
    /// The screens have asked for their data (after the first sign-in).
    started: bool,
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
    /// Show a written document in the system's viewer, if there is one.
    Open(std::path::PathBuf),
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
            statements: statements::State::default(),
            reviews: reviews::State::default(),
            print_dir: default_print_dir(),
            visits: visits::State::default(),
            audit: audit::State::default(),
            overlay: None,
            now,
            reader: card::ReaderState::Off,
            alert: None,
            note: None,
            print_menu: None,
            printing: None,
            quit: false,
            gate: None,
            operator: None,
            lock_after: None,
            last_input: now,
            started: false,
        }
    }

    /// Opens behind the sign-in (or first-start) screen.
    pub fn gated(mut self, gate: sign_in::State) -> App {
        self.gate = Some(gate);
        self
    }

    /// Locks the screen: the signed-in operator's password opens it again, and every
    /// screen keeps what it holds.
    pub fn lock(&mut self) {
        if self.gate.is_none() {
            self.overlay = None;
            self.print_menu = None;
            self.gate = Some(sign_in::State::new(
                sign_in::Mode::Locked,
                &self.status.operator,
                None,
            ));
        }
    }

    /// The requests to send when the interface opens (after signing in, if it must).
    pub fn start(&mut self) -> Vec<Effect> {
        if self.gate.is_some() {
            return Vec::new();
        }
        self.started = true;
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
                Tab::Statements => self.statements.typing(),
                Tab::Visits => self.visits.typing(),
                Tab::Reviews => self.reviews.typing(),
                Tab::Overview | Tab::Audit => false,
            }
    }

    /// A dialog of the current screen has the keyboard: only Ctrl-C is global.
    fn modal(&self) -> bool {
        match self.tab {
            Tab::Queue => self.queue.mode != queue::Mode::List,
            Tab::Plan => self.plan.modal(),
            Tab::Handover => self.handover.modal(),
            Tab::Statements => self.statements.modal(),
            Tab::Visits => self.visits.modal(),
            Tab::Holders => self.holders.edit.is_some(),
            Tab::Reviews => self.reviews.modal(),
            Tab::Overview | Tab::Audit => false,
        }
    }

    fn unsaved(&self) -> bool {
        self.queue.unsaved()
            || self.plan.unsaved()
            || self.handover.unsaved()
            || self.statements.unsaved()
            || self.visits.unsaved()
            || self.reviews.unsaved()
            || self.holders.edit.is_some()
    }
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize => Vec::new(),
        Msg::Tick(now) => {
            app.now = now;
            if let Some(after) = app.lock_after
                && app.started
                && now - app.last_input >= after
            {
                app.lock();
            }
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
        Reply::SignedIn(operator) => {
            app.status.operator = operator.name.clone();
            app.operator = Some(operator);
            app.gate = None;
            app.last_input = app.now;
            if app.started { Vec::new() } else { app.start() }
        }
        Reply::Unlocked => {
            app.gate = None;
            app.last_input = app.now;
            Vec::new()
        }
        Reply::SignInRefused(text) => {
            match &mut app.gate {
                Some(gate) => sign_in::on_reply(gate, &Reply::SignInRefused(text)),
                None => app.alert = Some(text),
            }
            Vec::new()
        }
        Reply::Stats(stats) => {
            app.overview.stats = Some(*stats);
            app.overview.error = None;
            Vec::new()
        }
        Reply::AuditLog(log) => {
            app.audit.on_log(*log);
            Vec::new()
        }
        Reply::AuditChecked(check) => {
            app.audit.on_check(*check);
            Vec::new()
        }
        Reply::BackupFailed(text) => {
            app.alert = Some(Text::BackupFailedAlert {
                detail: Box::new(text),
            });
            Vec::new()
        }
        Reply::Failed(text) => {
            app.printing = None;
            app.holders.on_failed();
            queue::on_reply(&mut app.queue, &Reply::Failed(text.clone()), app.campaign);
            visits::on_reply(&mut app.visits, &Reply::Failed(text.clone()), app.campaign);
            plan::on_reply(&mut app.plan, &Reply::Failed(text.clone()));
            handover::on_reply(&mut app.handover, &Reply::Failed(text.clone()));
            statements::on_reply(&mut app.statements, &Reply::Failed(text.clone()));
            if app.tab == Tab::Audit {
                app.audit.on_failed(text.clone());
            }
            reviews::on_reply(&mut app.reviews, &Reply::Failed(text.clone()));
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
            effects.extend(statement_effects(app, &other));
            effects.extend(review_effects(app, &other));
            effects.extend(printed(app, &other));
            requests.extend(holders::on_reply(&mut app.holders, other));
            effects.extend(requests.into_iter().map(Effect::Request));
            effects
        }
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    app.alert = None;
    app.note = None;
    app.last_input = app.now;
    if let Some(overlay) = app.overlay.take() {
        let yes = matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y'));
        if overlay == Overlay::ConfirmQuit && yes {
            app.quit = true;
            return vec![Effect::Quit];
        }
        return Vec::new();
    }
    if let Some(gate) = &mut app.gate {
        if keymap::global_action(key, true) == Some(Action::Quit) {
            return run_global(app, Action::Quit);
        }
        return sign_in::on_key(gate, key)
            .map(Effect::Request)
            .into_iter()
            .collect();
    }
    // The print menu takes the next key, unless it locks or quits.
    if let Some((township, _)) = app.print_menu.take()
        && !matches!(
            keymap::global_action(key, true),
            Some(Action::Lock | Action::Quit)
        )
    {
        return print_menu_key(app, township, key);
    }
    let global = keymap::global_action(key, app.typing())
        .filter(|a| !app.modal() || matches!(a, Action::Quit | Action::Lock));
    if let Some(action) = global {
        return run_global(app, action);
    }
    let ctrl_p = key.code == KeyCode::Char('p') && key.modifiers == KeyModifiers::CONTROL;
    if ctrl_p && !app.modal() {
        return open_print_menu(app);
    }
    match app.tab {
        Tab::Overview => match key.code {
            KeyCode::Char('r') if key.modifiers == KeyModifiers::NONE => {
                vec![Effect::Request(Request::Stats)]
            }
            KeyCode::Char('a') if key.modifiers == KeyModifiers::NONE => {
                // Only the leader reads the log; anyone else is told whose it is.
                let allowed = app
                    .operator
                    .as_ref()
                    .map(|op| op.permit(crate::domain::operator::Action::ViewAudit, None));
                match allowed {
                    Some(Ok(())) => switch(app, Tab::Audit),
                    Some(Err(refused)) => {
                        app.alert = Some(refused);
                        Vec::new()
                    }
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        },
        Tab::Audit => {
            let outs = audit::on_key(&mut app.audit, key, app.campaign);
            let mut effects = Vec::new();
            for out in outs {
                match out {
                    audit::Out::Request(r) => effects.push(Effect::Request(r)),
                    audit::Out::Leave => effects.extend(switch(app, Tab::Overview)),
                }
            }
            effects
        }
        Tab::Queue
            if app.queue.mode == queue::Mode::List
                && key.code == KeyCode::Char('p')
                && key.modifiers == KeyModifiers::NONE =>
        {
            switch(app, Tab::Plan)
        }
        Tab::Queue
            if app.queue.mode == queue::Mode::List
                && key.code == KeyCode::Char('d')
                && key.modifiers == KeyModifiers::NONE =>
        {
            let doc = Print::DaySheet {
                site: app.queue.site_id(app.campaign).to_string(),
                date: app.queue.date,
            };
            print(app, doc)
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
        Tab::Visits => {
            let mut effects: Vec<Effect> =
                visits::on_key(&mut app.visits, key, app.campaign, &app.print_dir)
                    .into_iter()
                    .map(Effect::Request)
                    .collect();
            // A card to deliver at home: its handover, on the handover screen.
            if let Some(id_number) = app.visits.hand_over.take() {
                app.tab = Tab::Handover;
                effects.extend(handover_effects(handover::show(
                    &mut app.handover,
                    &id_number,
                )));
            }
            effects
        }
        Tab::Statements => {
            let ctx = statements::Ctx {
                print_dir: &app.print_dir,
                today: app.now.with_timezone(&chrono::Local).date_naive(),
            };
            statement_outs(statements::on_key(&mut app.statements, key, ctx))
        }
        Tab::Reviews => {
            let ctx = reviews::Ctx {
                print_dir: &app.print_dir,
                today: app.now.with_timezone(&chrono::Local).date_naive(),
                campaign: app.campaign,
            };
            review_outs(reviews::on_key(&mut app.reviews, key, ctx))
        }
        Tab::Holders => holders::on_key(
            &mut app.holders,
            key,
            app.now.with_timezone(&chrono::Local).date_naive(),
        )
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
        Action::Lock => {
            app.lock();
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
        Tab::Statements => statement_outs(
            app.statements
                .refresh()
                .into_iter()
                .map(statements::Out::Request)
                .collect(),
        ),
        Tab::Visits => app
            .visits
            .refresh()
            .into_iter()
            .map(Effect::Request)
            .collect(),
        Tab::Audit => {
            app.audit.error = None;
            vec![Effect::Request(app.audit.refresh())]
        }
        Tab::Reviews => review_outs(
            app.reviews
                .refresh()
                .into_iter()
                .map(reviews::Out::Request)
                .collect(),
        ),
        Tab::Handover | Tab::Holders => Vec::new(),
    }
}

// ── printing from the queue, 台账 and 发证 ──

fn print(app: &mut App, doc: Print) -> Vec<Effect> {
    if app.printing.is_some() {
        return Vec::new();
    }
    app.printing = Some(doc.clone());
    app.note = Some(Text::StmtPrinting);
    vec![Effect::Request(Request::Print {
        doc,
        dir: app.print_dir.clone(),
        day: app.now.with_timezone(&chrono::Local).date_naive(),
    })]
}

/// Ctrl-P on 台账 or 发证: the shown person's township's documents.
fn open_print_menu(app: &mut App) -> Vec<Effect> {
    let holder = match app.tab {
        Tab::Holders => app.holders.person.as_ref().map(|p| &p.holder),
        Tab::Handover => app.handover.view.as_ref().map(|v| &v.holder),
        _ => None,
    }
    .map(|h| (h.township.clone(), h.township_name.clone()));
    match holder {
        Some(township) => app.print_menu = Some(township),
        None if matches!(app.tab, Tab::Holders | Tab::Handover) => {
            app.note = Some(Text::PrintPickPerson)
        }
        None => {}
    }
    Vec::new()
}

fn print_menu_key(app: &mut App, township: String, key: KeyEvent) -> Vec<Effect> {
    let doc = match key.code {
        KeyCode::Char('1') => Print::Notices { township },
        KeyCode::Char('2') => Print::Register { township },
        KeyCode::Char('3') => Print::RecoveryLedger { township },
        KeyCode::Char('4') => Print::Remakes,
        _ => return Vec::new(),
    };
    print(app, doc)
}

/// A document written for the queue, 台账 or 发证: said on the status line, shown.
fn printed(app: &mut App, reply: &Reply) -> Vec<Effect> {
    match reply {
        Reply::Printed { doc, printed } if app.printing.as_ref() == Some(doc) => {
            app.printing = None;
            app.note = Some(Text::WrittenPdf {
                path: printed.path.display().to_string(),
                n: printed.n,
                pages: printed.pages,
            });
            vec![Effect::Open(printed.path.clone())]
        }
        _ => Vec::new(),
    }
}

// ── 公示复核 ──

fn review_outs(outs: Vec<reviews::Out>) -> Vec<Effect> {
    outs.into_iter()
        .map(|o| match o {
            reviews::Out::Request(r) => Effect::Request(r),
            reviews::Out::Open(path) => Effect::Open(path),
        })
        .collect()
}

/// The 公示复核 screen's answer to a reply; a case that moved on changes the figures.
fn review_effects(app: &mut App, reply: &Reply) -> Vec<Effect> {
    let mut effects = review_outs(reviews::on_reply(&mut app.reviews, reply));
    if matches!(
        reply,
        Reply::NoticeStarted(_) | Reply::BatchConfirmed { .. } | Reply::ReviewSaved { .. }
    ) {
        effects.push(Effect::Request(Request::Stats));
    }
    effects
}

// ── 情况说明 ──

fn statement_outs(outs: Vec<statements::Out>) -> Vec<Effect> {
    outs.into_iter()
        .map(|o| match o {
            statements::Out::Request(r) => Effect::Request(r),
            statements::Out::Open(path) => Effect::Open(path),
        })
        .collect()
}

/// The statements screen's answer to a reply; a statement saved for the person on the
/// handover screen reloads that screen, so the handover finds it.
fn statement_effects(app: &mut App, reply: &Reply) -> Vec<Effect> {
    let mut effects = statement_outs(statements::on_reply(&mut app.statements, reply));
    if let Reply::StatementSaved { item, .. } = reply {
        effects.extend(handover_effects(handover::reload_if_showing(
            &mut app.handover,
            &item.row.id_number,
        )));
    }
    effects
}

/// Where printed documents go unless the runtime says otherwise: 换证 in the user's
/// documents folder, else the system's temporary folder.
pub fn default_print_dir() -> std::path::PathBuf {
    directories::UserDirs::new()
        .and_then(|u| u.document_dir().map(|d| d.join("换证")))
        .unwrap_or_else(|| std::env::temp_dir().join("huanzheng"))
}
