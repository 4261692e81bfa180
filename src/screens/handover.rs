//! 发证: handing a card to the right person. Find the holder by search, or put the
//! card on the reader and the holder is found from it; the screen shows what must
//! be true (the case ready, the card this holder's and with the current category and
//! grade), who takes it (the holder or a guardian) and what happens to the old
//! certificate (handed in, or a signed statement). Confirming records it all in one
//! action; the screen says done only after the commit. A card that does not match
//! is voided and remade; a handover recorded by mistake is undone with a reason.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Table, TableState, Wrap};

use crate::app::card::SimCommand;
use crate::app::input::LineInput;
use crate::domain::case::{Loss, OldCertificate, Recipient, State as CaseState, VoidReason};
use crate::domain::handover::{self, mask_id};
use crate::domain::ids::{Category, CertNumber, Grade};
use crate::domain::statement::Standing;
use crate::i18n::{Lang, Localized, Text};
use crate::store::handover::{HandoverInput, HandoverView, StatementInput, standing_statement};
use crate::store::holders::HolderRow;
use crate::store::worker::{Reply, Request};
use crate::ui::theme;

const SEARCH_SEQ_BASE: u64 = 2 << 40;

/// What the screen asks the runtime to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Out {
    Request(Request),
    /// Demo only: put a card on (or take it off) the simulated reader.
    Simulate(SimCommand),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Main,
    Search,
    Guardian(Box<GuardianForm>),
    Statement(Box<StatementForm>),
    Void(Box<ReasonForm>),
    Undo(Box<ReasonForm>),
    Confirm(Box<HandoverInput>),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GuardianForm {
    pub name: LineInput,
    pub relation: LineInput,
    pub id_number: LineInput,
    pub field: usize,
    pub problem: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementForm {
    pub loss: Option<Loss>,
    pub account: LineInput,
    pub signer: LineInput,
    pub relation: LineInput,
    pub field: usize,
    pub problem: Option<Text>,
}

/// A reason typed for voiding a card or undoing a handover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonForm {
    pub reason: VoidReason,
    pub note: LineInput,
    pub problem: Option<Text>,
    /// Voiding: the card to void.
    pub card_number: String,
}

/// What happens to the old paper certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Old {
    /// Handed in; `checked` once the clerk has compared its number with the screen.
    Recovered { checked: bool },
    /// Lost or damaged: the newest statement on file.
    Statement,
}

#[derive(Debug, Clone)]
pub struct State {
    pub view: Option<HandoverView>,
    /// The card on the reader now, as last reported.
    pub card_on_reader: Option<String>,
    pub recipient: Recipient,
    pub old: Old,
    pub mode: Mode,
    pub query: LineInput,
    pub seq: u64,
    pub found: Vec<HolderRow>,
    pub found_selected: usize,
    /// What went wrong, in the screen's own words (e.g. the card was taken away).
    pub problem: Option<Text>,
    /// What the last committed action did.
    pub done: Option<Text>,
    pub busy: bool,
}

impl Default for State {
    fn default() -> State {
        State {
            view: None,
            card_on_reader: None,
            recipient: Recipient::Holder,
            old: Old::Recovered { checked: false },
            mode: Mode::Main,
            query: LineInput::default(),
            seq: SEARCH_SEQ_BASE,
            found: Vec::new(),
            found_selected: 0,
            problem: None,
            done: None,
            busy: false,
        }
    }
}

impl State {
    pub fn typing(&self) -> bool {
        matches!(
            self.mode,
            Mode::Search | Mode::Guardian(_) | Mode::Statement(_) | Mode::Void(_) | Mode::Undo(_)
        )
    }

    pub fn modal(&self) -> bool {
        self.mode != Mode::Main
    }

    pub fn unsaved(&self) -> bool {
        matches!(
            self.mode,
            Mode::Guardian(_)
                | Mode::Statement(_)
                | Mode::Void(_)
                | Mode::Undo(_)
                | Mode::Confirm(_)
        ) || !self.query.is_empty()
    }

    fn holder(&self) -> Option<&HolderRow> {
        self.view.as_ref().map(|v| &v.holder)
    }

    fn reload(&mut self) -> Vec<Out> {
        match self.holder().map(|h| h.id_number.clone()) {
            Some(key) => {
                self.busy = true;
                vec![Out::Request(Request::Handover {
                    key,
                    card: self.card_on_reader.clone(),
                })]
            }
            None => Vec::new(),
        }
    }

    /// Starts over for the next person.
    fn clear(&mut self) {
        self.view = None;
        self.recipient = Recipient::Holder;
        self.old = Old::Recovered { checked: false };
        self.problem = None;
        self.mode = Mode::Main;
    }

    /// What the handover would record, or why it cannot be recorded yet.
    fn input(&self) -> Result<HandoverInput, Text> {
        let view = self.view.as_ref().ok_or(Text::HandoverPickSomeone)?;
        let read = match (&view.read, &self.card_on_reader) {
            (Some(read), Some(on)) if &read.card_number == on => read,
            _ => return Err(Text::HandoverPutCard),
        };
        if let Some(refusal) = &read.refusal {
            return Err(refusal.text());
        }
        let old_certificate = match (self.old, &view.holder.cert_number) {
            (_, None) => OldCertificate::NoneHeld,
            (Old::Recovered { checked: false }, Some(_)) => return Err(Text::HandoverCheckOld),
            (Old::Recovered { checked: true }, Some(cert)) => {
                handover::recovered(cert, Some(cert))?
            }
            (Old::Statement, Some(_)) => match standing_statement(&view.statements) {
                Some(st) if st.standing() == Standing::Signed => OldCertificate::Statement {
                    statement_id: st.id.clone(),
                },
                Some(_) => return Err(Text::StatementNotSigned),
                None => return Err(Text::StatementNotOnFile),
            },
        };
        Ok(HandoverInput {
            id_number: view.holder.id_number.clone(),
            card_number: read.card_number.clone(),
            recipient: self.recipient.clone(),
            old_certificate,
        })
    }
}

/// Shows `id_number`'s handover, as finding them by name would (a card delivered at home).
pub fn show(s: &mut State, id_number: &str) -> Vec<Out> {
    s.query.clear();
    s.found.clear();
    s.clear();
    s.busy = true;
    vec![Out::Request(Request::Handover {
        key: id_number.to_string(),
        card: s.card_on_reader.clone(),
    })]
}

/// Reloads the person on screen if it is `id_number` (their statements changed).
pub fn reload_if_showing(s: &mut State, id_number: &str) -> Vec<Out> {
    if s.holder().is_some_and(|h| h.id_number == id_number) {
        s.reload()
    } else {
        Vec::new()
    }
}

pub fn on_key(s: &mut State, key: KeyEvent, demo: bool) -> Vec<Out> {
    s.done = None;
    match s.mode.clone() {
        Mode::Main => main_key(s, key, demo),
        Mode::Search => search_key(s, key),
        Mode::Guardian(form) => guardian_key(s, *form, key),
        Mode::Statement(form) => statement_key(s, *form, key),
        Mode::Void(form) => reason_key(s, *form, key, true),
        Mode::Undo(form) => reason_key(s, *form, key, false),
        Mode::Confirm(input) => {
            s.mode = Mode::Main;
            let yes = matches!(
                key.code,
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter
            );
            if !yes {
                return Vec::new();
            }
            // The card must still be on the reader at the moment of the commit.
            if s.card_on_reader.as_deref() != Some(input.card_number.as_str()) {
                s.problem = Some(Text::HandoverCardTaken);
                return Vec::new();
            }
            s.busy = true;
            vec![Out::Request(Request::HandOver(input))]
        }
    }
}

fn main_key(s: &mut State, key: KeyEvent, demo: bool) -> Vec<Out> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('/') => {
            s.query.clear();
            s.found.clear();
            s.mode = Mode::Search;
        }
        KeyCode::Esc => s.clear(),
        // Demo: put this holder's card (Ctrl-R) or take it off (Ctrl-T).
        KeyCode::Char('r') if ctrl && demo => {
            if let Some(card) = s.view.as_ref().and_then(|v| v.expected.as_ref()) {
                return vec![Out::Simulate(SimCommand::Insert {
                    card_number: card.card_number.clone(),
                })];
            }
        }
        KeyCode::Char('t') if ctrl && demo => return vec![Out::Simulate(SimCommand::Remove)],
        _ if s.view.is_none() => {}
        KeyCode::Char('g') => {
            s.mode = Mode::Guardian(Box::default());
        }
        KeyCode::Char('h') => s.recipient = Recipient::Holder,
        KeyCode::Char(' ') => {
            if let Old::Recovered { checked } = s.old {
                s.old = Old::Recovered { checked: !checked };
            }
        }
        KeyCode::Char('o') => {
            s.old = match s.old {
                Old::Recovered { .. } => Old::Statement,
                Old::Statement => Old::Recovered { checked: false },
            };
        }
        KeyCode::Char('s') => {
            if let Some(name) = s.holder().map(|h| h.name.clone()) {
                s.old = Old::Statement;
                s.mode = Mode::Statement(Box::new(StatementForm {
                    loss: None,
                    account: LineInput::default(),
                    signer: LineInput::with(&name),
                    relation: LineInput::with("本人"),
                    field: 0,
                    problem: None,
                }));
            }
        }
        KeyCode::Char('v') => {
            let card = s
                .view
                .as_ref()
                .and_then(|v| v.read.as_ref().map(|r| r.card_number.clone()))
                .or_else(|| {
                    s.view
                        .as_ref()
                        .and_then(|v| v.expected.as_ref().map(|c| c.card_number.clone()))
                });
            if let Some(card_number) = card {
                let calls_for_remake = s
                    .view
                    .as_ref()
                    .and_then(|v| v.read.as_ref())
                    .and_then(|r| r.refusal.as_ref())
                    .is_some_and(|r| r.calls_for_remake());
                s.mode = Mode::Void(Box::new(ReasonForm {
                    reason: if calls_for_remake {
                        VoidReason::WrongCategoryOrGrade
                    } else {
                        VoidReason::PersonMismatch
                    },
                    note: LineInput::default(),
                    problem: None,
                    card_number,
                }));
            }
        }
        KeyCode::Char('u') => {
            let issued = s
                .view
                .as_ref()
                .is_some_and(|v| v.case.state == CaseState::Issued);
            if issued {
                s.mode = Mode::Undo(Box::new(ReasonForm {
                    reason: VoidReason::Other,
                    note: LineInput::default(),
                    problem: None,
                    card_number: String::new(),
                }));
            }
        }
        KeyCode::Enter if !s.busy => match s.input() {
            Ok(input) => {
                s.problem = None;
                s.mode = Mode::Confirm(Box::new(input));
            }
            Err(problem) => s.problem = Some(problem),
        },
        _ => {}
    }
    Vec::new()
}

fn search_key(s: &mut State, key: KeyEvent) -> Vec<Out> {
    match key.code {
        KeyCode::Esc => {
            s.query.clear();
            s.found.clear();
            s.mode = Mode::Main;
        }
        KeyCode::Up => s.found_selected = s.found_selected.saturating_sub(1),
        KeyCode::Down => {
            s.found_selected = (s.found_selected + 1).min(s.found.len().saturating_sub(1))
        }
        KeyCode::Enter => {
            if let Some(h) = s.found.get(s.found_selected).cloned() {
                s.query.clear();
                s.found.clear();
                s.clear();
                s.busy = true;
                return vec![Out::Request(Request::Handover {
                    key: h.id_number,
                    card: s.card_on_reader.clone(),
                })];
            }
        }
        _ => match s.query.handle(key) {
            Some(true) if !s.query.is_empty() => {
                s.seq += 1;
                return vec![Out::Request(Request::Search {
                    seq: s.seq,
                    query: s.query.text().to_string(),
                    limit: 50,
                })];
            }
            Some(true) => s.found.clear(),
            _ => {}
        },
    }
    Vec::new()
}

fn guardian_key(s: &mut State, mut form: GuardianForm, key: KeyEvent) -> Vec<Out> {
    form.problem = None;
    match key.code {
        KeyCode::Esc => {
            s.mode = Mode::Main;
            return Vec::new();
        }
        KeyCode::Tab | KeyCode::Down => form.field = (form.field + 1) % 3,
        KeyCode::BackTab | KeyCode::Up => form.field = (form.field + 2) % 3,
        KeyCode::Enter => {
            let typed = (
                form.name.text(),
                form.relation.text(),
                form.id_number.text(),
            );
            match handover::recipient(Some(typed)) {
                Ok(recipient) => {
                    s.recipient = recipient;
                    s.mode = Mode::Main;
                    return Vec::new();
                }
                Err(problem) => form.problem = Some(problem),
            }
        }
        _ => {
            let input = match form.field {
                0 => &mut form.name,
                1 => &mut form.relation,
                _ => &mut form.id_number,
            };
            input.handle(key);
        }
    }
    s.mode = Mode::Guardian(Box::new(form));
    Vec::new()
}

fn statement_key(s: &mut State, mut form: StatementForm, key: KeyEvent) -> Vec<Out> {
    form.problem = None;
    match key.code {
        KeyCode::Esc => {
            s.mode = Mode::Main;
            return Vec::new();
        }
        KeyCode::Tab | KeyCode::Down => form.field = (form.field + 1) % 4,
        KeyCode::BackTab | KeyCode::Up => form.field = (form.field + 3) % 4,
        KeyCode::Enter => {
            match handover::statement_text(form.loss, form.account.text(), form.signer.text()) {
                Ok(()) => {
                    let Some(h) = s.holder() else {
                        return Vec::new();
                    };
                    let input = StatementInput {
                        id_number: h.id_number.clone(),
                        loss: form.loss,
                        account: form.account.text().to_string(),
                        signer: form.signer.text().to_string(),
                        relation: form.relation.text().to_string(),
                    };
                    s.mode = Mode::Main;
                    s.busy = true;
                    return vec![Out::Request(Request::TakeStatement(Box::new(input)))];
                }
                Err(problem) => form.problem = Some(problem),
            }
        }
        _ => match form.field {
            0 => match key.code {
                KeyCode::Char('1') => form.loss = Some(Loss::Lost),
                KeyCode::Char('2') => form.loss = Some(Loss::Damaged),
                KeyCode::Char('3') => form.loss = Some(Loss::Other),
                KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') => {
                    form.loss = Some(match form.loss {
                        Some(Loss::Lost) => Loss::Damaged,
                        Some(Loss::Damaged) => Loss::Other,
                        _ => Loss::Lost,
                    })
                }
                _ => {}
            },
            1 => {
                form.account.handle(key);
            }
            2 => {
                form.signer.handle(key);
            }
            _ => {
                form.relation.handle(key);
            }
        },
    }
    s.mode = Mode::Statement(Box::new(form));
    Vec::new()
}

const VOID_REASONS: [VoidReason; 4] = [
    VoidReason::PersonMismatch,
    VoidReason::WrongCategoryOrGrade,
    VoidReason::Damaged,
    VoidReason::Other,
];

fn reason_key(s: &mut State, mut form: ReasonForm, key: KeyEvent, void: bool) -> Vec<Out> {
    form.problem = None;
    match key.code {
        KeyCode::Esc => {
            s.mode = Mode::Main;
            return Vec::new();
        }
        KeyCode::F(n @ 5..=8) if void => form.reason = VOID_REASONS[n as usize - 5],
        KeyCode::Enter => {
            let note = form.note.text().trim().to_string();
            let Some(h) = s.holder() else {
                return Vec::new();
            };
            let id_number = h.id_number.clone();
            if note.is_empty() {
                form.problem = Some(Text::FormNeedsReason);
            } else {
                s.mode = Mode::Main;
                s.busy = true;
                let request = if void {
                    Request::VoidRemake {
                        id_number,
                        card_number: form.card_number,
                        reason: form.reason,
                        note,
                    }
                } else {
                    Request::CorrectHandover {
                        id_number,
                        reason: note,
                    }
                };
                return vec![Out::Request(request)];
            }
        }
        _ => {
            form.note.handle(key);
        }
    }
    s.mode = if void {
        Mode::Void(Box::new(form))
    } else {
        Mode::Undo(Box::new(form))
    };
    Vec::new()
}

/// A card put on or taken off the reader.
pub fn on_card(s: &mut State, card: Option<&str>) -> Vec<Out> {
    let before = s.card_on_reader.take();
    s.card_on_reader = card.map(str::to_string);
    match card {
        Some(number) => {
            s.problem = None;
            s.busy = true;
            match s.holder() {
                // A holder is on screen: check the card against them.
                Some(h) => vec![Out::Request(Request::Handover {
                    key: h.id_number.clone(),
                    card: Some(number.to_string()),
                })],
                // Nobody yet: the card says whose it is.
                None => vec![Out::Request(Request::HandoverByCard {
                    card: number.to_string(),
                })],
            }
        }
        None => {
            if let Some(view) = &mut s.view {
                view.read = None;
            }
            if matches!(s.mode, Mode::Confirm(_)) {
                s.mode = Mode::Main;
                s.problem = Some(Text::HandoverCardTaken);
            } else if before.is_some() && s.view.is_some() {
                s.problem = Some(Text::HandoverCardRemoved);
            }
            Vec::new()
        }
    }
}

pub fn on_reply(s: &mut State, reply: &Reply) -> Vec<Out> {
    match reply {
        Reply::Found { seq, rows, .. } if *seq == s.seq && s.mode == Mode::Search => {
            s.found = rows.clone();
            s.found_selected = 0;
            Vec::new()
        }
        Reply::Handover(view) => {
            s.busy = false;
            // A read answered after the card left is stale: keep it off.
            let mut view = (**view).clone();
            if view.read.as_ref().map(|r| &r.card_number) != s.card_on_reader.as_ref() {
                view.read = None;
            }
            let other =
                s.holder().map(|h| h.id_number.clone()) != Some(view.holder.id_number.clone());
            if other {
                s.recipient = Recipient::Holder;
                // A signed statement on file (情况说明 screen) is what the handover uses.
                let signed = standing_statement(&view.statements)
                    .is_some_and(|st| st.standing() == Standing::Signed);
                s.old = if signed {
                    Old::Statement
                } else {
                    Old::Recovered { checked: false }
                };
            }
            s.view = Some(view);
            Vec::new()
        }
        Reply::CardUnknown { card } => {
            s.busy = false;
            s.problem = Some(Text::HandoverUnknownCard { card: card.clone() });
            Vec::new()
        }
        Reply::HandedOver {
            name, card_number, ..
        } => {
            s.busy = false;
            s.done = Some(Text::HandoverDone {
                name: name.clone(),
                card: card_number.clone(),
            });
            s.clear();
            Vec::new()
        }
        Reply::StatementTaken { .. } => {
            s.busy = false;
            s.old = Old::Statement;
            s.done = Some(Text::StatementRecorded);
            s.reload()
        }
        Reply::Remade { .. } => {
            s.busy = false;
            s.done = Some(Text::RemakeRecorded);
            s.reload()
        }
        Reply::HandoverCorrected { .. } => {
            s.busy = false;
            s.done = Some(Text::HandoverUndone);
            s.reload()
        }
        Reply::Failed(text) if s.busy => {
            s.busy = false;
            s.problem = Some(text.clone());
            Vec::new()
        }
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------
// Drawing

fn classification(category: Option<u8>, grade: Option<u8>, lang: Lang) -> String {
    let c = category
        .and_then(Category::from_digit)
        .map(|c| c.local(lang))
        .unwrap_or_default();
    let g = grade
        .and_then(Grade::from_digit)
        .map(|g| g.local(lang))
        .unwrap_or_default();
    match lang {
        Lang::Zh => format!("{c}{g}"),
        Lang::En => format!("{c}, {g}"),
    }
}

fn mask_cert(cert: &str) -> String {
    match CertNumber::parse(cert) {
        Ok(c) => format!("{}{}{}", c.id.masked(), c.category.digit(), c.grade.digit()),
        Err(_) => cert.to_string(),
    }
}

fn check(ok: bool) -> Span<'static> {
    if ok {
        Span::styled("✓ ", theme::gauge())
    } else {
        Span::styled("✗ ", theme::error())
    }
}

pub fn view(f: &mut Frame, area: Rect, s: &State, lang: Lang, demo: bool) {
    let [body, problem, foot] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(area);
    match &s.view {
        None => {
            let lines = vec![
                Line::from(Span::styled(
                    Text::HandoverTitle.render(lang),
                    theme::title(),
                )),
                Line::from(""),
                Line::from(Text::HandoverIdle.render(lang)),
            ];
            f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
        }
        Some(v) => render_holder(f, body, s, v, lang),
    }
    let (text, style) = match (&s.problem, &s.done) {
        (Some(p), _) => (p.render(lang), theme::error()),
        (None, Some(d)) => (d.render(lang), theme::gauge()),
        (None, None) => (String::new(), Style::new()),
    };
    f.render_widget(
        Paragraph::new(text).style(style).wrap(Wrap { trim: true }),
        problem,
    );
    let keys = match (&s.view, demo) {
        (None, false) => Text::HandoverIdleKeys,
        (None, true) => Text::HandoverIdleKeysDemo,
        (Some(_), false) => Text::HandoverKeys,
        (Some(_), true) => Text::HandoverKeysDemo,
    };
    f.render_widget(Paragraph::new(keys.render(lang)).style(theme::dim()), foot);
    match &s.mode {
        Mode::Main => {}
        Mode::Search => render_search(f, body, s, lang),
        Mode::Guardian(form) => render_guardian(f, body, form, lang),
        Mode::Statement(form) => render_statement(f, body, form, lang),
        Mode::Void(form) => render_reason(f, body, form, true, lang),
        Mode::Undo(form) => render_reason(f, body, form, false, lang),
        Mode::Confirm(input) => render_confirm(f, body, s, input, lang),
    }
}

fn render_holder(f: &mut Frame, area: Rect, s: &State, v: &HandoverView, lang: Lang) {
    let h = &v.holder;
    let state = v.case.state;
    let sex = if h.sex == "female" {
        Text::Female
    } else {
        Text::Male
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(Text::HandoverTitle.render(lang), theme::title()),
            Span::raw("  "),
            Span::styled(h.name.clone(), theme::title()),
            Span::raw(format!(
                "  {}  {}  {} {}",
                sex.render(lang),
                mask_id(&h.id_number),
                h.township_name,
                h.village
            )),
        ]),
        Line::from(format!(
            "{} {}  {}",
            Text::HandoverCert.render(lang),
            h.cert_number
                .as_deref()
                .map(mask_cert)
                .unwrap_or_else(|| "—".into()),
            classification(h.category, h.grade, lang),
        )),
        Line::from(""),
    ];
    // 1. the case
    let ready = state == CaseState::ReadyForHandover;
    lines.push(Line::from(vec![
        check(ready),
        Span::raw(format!(
            "{} {}",
            Text::HandoverCase.render(lang),
            state.local(lang)
        )),
    ]));
    // 2. the card
    let expected = v
        .expected
        .as_ref()
        .map(|c| c.card_number.clone())
        .unwrap_or_else(|| Text::HandoverNoCardInBatch.render(lang));
    let card_line = match (&v.read, &s.card_on_reader) {
        (Some(read), Some(_)) => match &read.refusal {
            None => Line::from(vec![
                check(true),
                Span::raw(
                    Text::HandoverCardOk {
                        card: read.card_number.clone(),
                    }
                    .render(lang),
                ),
            ]),
            Some(refusal) => Line::from(vec![
                check(false),
                Span::styled(refusal.text().render(lang), theme::error()),
            ]),
        },
        _ => Line::from(vec![
            check(false),
            Span::raw(Text::HandoverCardWaiting { card: expected }.render(lang)),
        ]),
    };
    lines.push(card_line);
    // 3. who takes it
    let recipient = match &s.recipient {
        Recipient::Holder => Text::RecipientHolder.render(lang),
        Recipient::Guardian {
            name,
            relation,
            id_number,
        } => Text::RecipientGuardian {
            name: name.clone(),
            relation: relation.clone(),
            id: mask_id(id_number),
        }
        .render(lang),
    };
    lines.push(Line::from(vec![check(true), Span::raw(recipient)]));
    // 4. the old certificate
    let old = match (&h.cert_number, s.old) {
        (None, _) => Line::from(vec![
            check(true),
            Span::raw(Text::NoOldCertificate.render(lang)),
        ]),
        (Some(cert), Old::Recovered { checked }) => {
            // Shown whole: the clerk compares it digit by digit with the paper.
            let cert = cert.clone();
            let text = if checked {
                Text::OldRecoveredChecked { cert }
            } else {
                Text::OldRecoveredUnchecked { cert }
            };
            Line::from(vec![check(checked), Span::raw(text.render(lang))])
        }
        (Some(_), Old::Statement) => match standing_statement(&v.statements) {
            Some(st) if st.standing() == Standing::Signed => Line::from(vec![
                check(true),
                Span::raw(
                    Text::OldStatement {
                        loss: st.loss(),
                        signer: st.signer.clone(),
                        on: st.taken_on.clone(),
                    }
                    .render(lang),
                ),
            ]),
            Some(_) => Line::from(vec![
                check(false),
                Span::raw(Text::StatementNotSigned.render(lang)),
            ]),
            None => Line::from(vec![
                check(false),
                Span::raw(Text::OldStatementNeeded.render(lang)),
            ]),
        },
    };
    lines.push(old);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn render_search(f: &mut Frame, area: Rect, s: &State, lang: Lang) {
    let p = crate::ui::centered(area, 60, 14);
    f.render_widget(Clear, p);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(Text::HandoverSearchTitle.render(lang));
    let inner = block.inner(p);
    f.render_widget(block, p);
    let [input, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    f.render_widget(Paragraph::new(format!("> {}", s.query.text())), input);
    f.set_cursor_position(Position::new(
        input.x + 2 + s.query.cursor_column() as u16,
        input.y,
    ));
    let rows = s.found.iter().map(|h| {
        let state = CaseState::parse(&h.state)
            .map(|x| x.local(lang))
            .unwrap_or_default();
        Row::new([h.name.clone(), h.township_name.clone(), state])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(8),
            Constraint::Min(8),
            Constraint::Length(12),
        ],
    )
    .row_highlight_style(theme::selected());
    let mut st =
        TableState::default().with_selected((!s.found.is_empty()).then_some(s.found_selected));
    f.render_stateful_widget(table, list, &mut st);
}

/// A small form as drawn: labelled values, the active one marked, a status line.
pub(crate) struct FormView<'a> {
    pub title: Text,
    pub fields: &'a [(Text, String)],
    pub active: usize,
    pub problem: &'a Option<Text>,
    pub keys: Text,
}

pub(crate) fn render_form(f: &mut Frame, area: Rect, form: FormView<'_>, lang: Lang) {
    let FormView {
        title,
        fields,
        active,
        problem,
        keys,
    } = form;
    let p = crate::ui::centered(area, 64, fields.len() as u16 + 4);
    f.render_widget(Clear, p);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(title.render(lang));
    let labels: Vec<String> = fields.iter().map(|(l, _)| l.render(lang)).collect();
    let width = labels
        .iter()
        .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()))
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = fields
        .iter()
        .zip(&labels)
        .enumerate()
        .map(|(i, ((_, value), label))| {
            let mark = if i == active { "▶ " } else { "  " };
            Line::from(format!("{mark}{} {value}", crate::i18n::pad(label, width)))
        })
        .collect();
    let (status, style) = match problem {
        Some(p) => (p.render(lang), theme::error()),
        None => (keys.render(lang), theme::dim()),
    };
    lines.push(Line::from(Span::styled(status, style)));
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        p,
    );
}

fn render_guardian(f: &mut Frame, area: Rect, form: &GuardianForm, lang: Lang) {
    let fields = [
        (Text::FieldGuardianName, form.name.text().to_string()),
        (Text::FieldRelation, form.relation.text().to_string()),
        (Text::FieldGuardianId, form.id_number.text().to_string()),
    ];
    let view = FormView {
        title: Text::GuardianTitle,
        fields: &fields,
        active: form.field,
        problem: &form.problem,
        keys: Text::ContactKeys,
    };
    render_form(f, area, view, lang);
}

fn render_statement(f: &mut Frame, area: Rect, form: &StatementForm, lang: Lang) {
    let loss = match form.loss {
        Some(l) => l.local(lang),
        None => Text::LossChoose.render(lang),
    };
    let fields = [
        (Text::FieldLoss, loss),
        (Text::FieldAccount, form.account.text().to_string()),
        (Text::FieldSigner, form.signer.text().to_string()),
        (Text::FieldRelation, form.relation.text().to_string()),
    ];
    let view = FormView {
        title: Text::StatementTitle,
        fields: &fields,
        active: form.field,
        problem: &form.problem,
        keys: Text::ContactKeys,
    };
    render_form(f, area, view, lang);
}

fn render_reason(f: &mut Frame, area: Rect, form: &ReasonForm, void: bool, lang: Lang) {
    let mut fields = Vec::new();
    if void {
        fields.push((Text::FieldCard, form.card_number.clone()));
        fields.push((
            Text::FieldVoidReason,
            crate::store::handover::void_reason_zh(form.reason).to_string(),
        ));
    }
    fields.push((Text::FieldReason, form.note.text().to_string()));
    let (title, keys) = if void {
        (Text::VoidTitle, Text::VoidKeys)
    } else {
        (Text::UndoTitle, Text::ContactKeys)
    };
    let view = FormView {
        title,
        active: fields.len() - 1,
        fields: &fields,
        problem: &form.problem,
        keys,
    };
    render_form(f, area, view, lang);
}

fn render_confirm(f: &mut Frame, area: Rect, s: &State, input: &HandoverInput, lang: Lang) {
    let name = s.holder().map(|h| h.name.clone()).unwrap_or_default();
    let to = match &input.recipient {
        Recipient::Holder => name.clone(),
        Recipient::Guardian { name, relation, .. } => format!("{name}（{relation}）"),
    };
    let text = Text::ConfirmHandover {
        card: input.card_number.clone(),
        name,
        to,
    };
    let p = crate::ui::centered(area, 60, 5);
    f.render_widget(Clear, p);
    f.render_widget(
        Paragraph::new(vec![
            Line::from(text.render(lang)),
            Line::from(Text::YesNoKeys.render(lang)),
        ])
        .wrap(Wrap { trim: true })
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::error()),
        ),
        p,
    );
}
