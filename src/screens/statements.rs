//! 情况说明: the statements a holder or guardian signs when the old certificate is
//! lost, damaged or cannot be handed in for another reason. Make one for a holder
//! (found as everywhere: name, pinyin initials, ID tail, certificate number), print it,
//! record who signed it, list and filter them, withdraw a wrong one with a reason.
//! Nothing is deleted; every change is committed before the screen says so.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState, Wrap};

use crate::app::input::LineInput;
use crate::domain::case::Loss;
use crate::domain::handover::{mask_id, statement_text};
use crate::domain::statement::{self, Facts, Standing};
use crate::i18n::{Lang, Localized, Text};
use crate::screens::handover::{FormView, render_form};
use crate::store::handover::StatementInput;
use crate::store::statements::{Counts, StatementItem};
use crate::store::worker::{Reply, Request, StatementAction};
use crate::ui::theme;

/// Holder searches from this screen count from here, apart from other screens'.
const SEARCH_SEQ_BASE: u64 = 3 << 40;

/// What the screen asks the runtime to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Out {
    Request(Request),
    /// Show a written PDF in the system's viewer, if there is one.
    Open(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    List,
    /// Finding the holder a new statement is for.
    Find(Box<Find>),
    New(Box<NewForm>),
    Sign(Box<SignForm>),
    Withdraw(Box<WithdrawForm>),
}

/// Finding the person a new statement is for.
pub type Find = super::FindHolder;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewForm {
    pub id_number: String,
    pub name: String,
    pub loss: Option<Loss>,
    pub account: LineInput,
    pub signer: LineInput,
    pub relation: LineInput,
    pub field: usize,
    pub problem: Option<Text>,
    /// Sent; the form stays until the database says it is saved.
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignForm {
    pub statement_id: String,
    pub name: String,
    pub by_guardian: bool,
    pub guardian: LineInput,
    pub relation: LineInput,
    pub field: usize,
    pub problem: Option<Text>,
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawForm {
    pub statement_id: String,
    pub name: String,
    pub reason: LineInput,
    pub problem: Option<Text>,
    pub pending: bool,
}

#[derive(Debug, Clone)]
pub struct State {
    pub query: LineInput,
    /// The filter field has the keyboard.
    pub filtering: bool,
    /// Sequence of the newest list asked for; older answers are dropped.
    pub seq: u64,
    pub loaded: bool,
    pub counts: Counts,
    pub items: Vec<StatementItem>,
    pub selected: usize,
    /// Select this statement when the list next arrives (one just saved).
    pub keep: Option<String>,
    pub mode: Mode,
    pub problem: Option<Text>,
    pub done: Option<Text>,
    /// A PDF is being written.
    pub printing: bool,
    search_seq: u64,
}

impl Default for State {
    fn default() -> State {
        State {
            query: LineInput::default(),
            filtering: false,
            seq: 0,
            loaded: false,
            counts: Counts::default(),
            items: Vec::new(),
            selected: 0,
            keep: None,
            mode: Mode::List,
            problem: None,
            done: None,
            printing: false,
            search_seq: SEARCH_SEQ_BASE,
        }
    }
}

impl State {
    pub fn typing(&self) -> bool {
        self.filtering || self.mode != Mode::List
    }

    pub fn modal(&self) -> bool {
        self.mode != Mode::List
    }

    pub fn unsaved(&self) -> bool {
        matches!(self.mode, Mode::New(_) | Mode::Sign(_) | Mode::Withdraw(_))
    }

    pub fn selected_item(&self) -> Option<&StatementItem> {
        self.items.get(self.selected)
    }

    /// Asks for the list as the filter now reads.
    pub fn refresh(&mut self) -> Vec<Request> {
        self.seq += 1;
        vec![Request::Statements {
            seq: self.seq,
            query: self.query.text().to_string(),
        }]
    }
}

fn requests(requests: Vec<Request>) -> Vec<Out> {
    requests.into_iter().map(Out::Request).collect()
}

/// What a key needs besides the screen: where PDFs go, and the day actions are
/// recorded on.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub print_dir: &'a Path,
    pub today: NaiveDate,
}

pub fn on_key(s: &mut State, key: KeyEvent, ctx: Ctx<'_>) -> Vec<Out> {
    s.done = None;
    match s.mode.clone() {
        Mode::List if s.filtering => filter_key(s, key, ctx),
        Mode::List => list_key(s, key, ctx),
        Mode::Find(find) => find_key(s, *find, key),
        Mode::New(form) => new_key(s, *form, key, ctx.today),
        Mode::Sign(form) => sign_key(s, *form, key, ctx.today),
        Mode::Withdraw(form) => withdraw_key(s, *form, key, ctx.today),
    }
}

fn filter_key(s: &mut State, key: KeyEvent, ctx: Ctx<'_>) -> Vec<Out> {
    match key.code {
        KeyCode::Enter => s.filtering = false,
        KeyCode::Esc => {
            s.filtering = false;
            if !s.query.is_empty() {
                s.query.clear();
                return requests(s.refresh());
            }
        }
        KeyCode::Up | KeyCode::Down => {
            s.filtering = false;
            return list_key(s, key, ctx);
        }
        _ => {
            if s.query.handle(key) == Some(true) {
                s.selected = 0;
                return requests(s.refresh());
            }
        }
    }
    Vec::new()
}

fn facts(item: &StatementItem) -> Facts {
    Facts {
        signed: item.row.signed_at.is_some(),
        withdrawn: item.row.withdrawn_on.is_some(),
        relied_on: false,
    }
}

fn list_key(s: &mut State, key: KeyEvent, ctx: Ctx<'_>) -> Vec<Out> {
    s.problem = None;
    match key.code {
        KeyCode::Char('/') => s.filtering = true,
        KeyCode::Up => s.selected = s.selected.saturating_sub(1),
        KeyCode::Down => s.selected = (s.selected + 1).min(s.items.len().saturating_sub(1)),
        KeyCode::Char('n') => s.mode = Mode::Find(Box::new(Find::open(&mut s.search_seq))),
        KeyCode::Char(c @ ('p' | 'k' | 'w')) => {
            let Some(item) = s.selected_item().cloned() else {
                s.problem = Some(Text::StmtPickFirst);
                return Vec::new();
            };
            let facts = facts(&item);
            let id = item.row.id.clone();
            match c {
                'p' if facts.withdrawn => s.problem = Some(Text::StatementIsWithdrawn),
                'p' if !s.printing => {
                    s.printing = true;
                    return vec![Out::Request(Request::PrintStatement {
                        statement_id: id,
                        dir: ctx.print_dir.to_path_buf(),
                    })];
                }
                'k' => match statement::may_sign(facts) {
                    Ok(()) => {
                        s.mode = Mode::Sign(Box::new(SignForm {
                            statement_id: id,
                            name: item.name.clone(),
                            by_guardian: item.row.relation != statement::HOLDER,
                            guardian: LineInput::with(if item.row.relation != statement::HOLDER {
                                &item.row.signer
                            } else {
                                ""
                            }),
                            relation: LineInput::with(if item.row.relation != statement::HOLDER {
                                &item.row.relation
                            } else {
                                ""
                            }),
                            field: 0,
                            problem: None,
                            pending: false,
                        }))
                    }
                    Err(problem) => s.problem = Some(problem),
                },
                'w' if facts.withdrawn => s.problem = Some(Text::StatementIsWithdrawn),
                'w' => {
                    s.mode = Mode::Withdraw(Box::new(WithdrawForm {
                        statement_id: id,
                        name: item.name.clone(),
                        reason: LineInput::default(),
                        problem: None,
                        pending: false,
                    }))
                }
                _ => {}
            }
        }
        _ => {}
    }
    Vec::new()
}

fn find_key(s: &mut State, mut find: Find, key: KeyEvent) -> Vec<Out> {
    match key.code {
        KeyCode::Esc => {
            s.mode = Mode::List;
            return Vec::new();
        }
        KeyCode::Enter => {
            if let Some(h) = find.chosen() {
                s.mode = Mode::New(Box::new(NewForm {
                    id_number: h.id_number.clone(),
                    name: h.name.clone(),
                    loss: None,
                    account: LineInput::default(),
                    signer: LineInput::with(&h.name),
                    relation: LineInput::with(statement::HOLDER),
                    field: 0,
                    problem: None,
                    pending: false,
                }));
            } else {
                s.mode = Mode::Find(Box::new(find));
            }
            return Vec::new();
        }
        _ => {}
    }
    let search = find.key(key, &mut s.search_seq);
    s.mode = Mode::Find(Box::new(find));
    search.map(Out::Request).into_iter().collect()
}

fn new_key(s: &mut State, mut form: NewForm, key: KeyEvent, today: NaiveDate) -> Vec<Out> {
    if form.pending {
        s.mode = Mode::New(Box::new(form));
        return Vec::new();
    }
    form.problem = None;
    let mut out = Vec::new();
    match key.code {
        KeyCode::Esc => {
            s.mode = Mode::List;
            return out;
        }
        KeyCode::Tab | KeyCode::Down => form.field = (form.field + 1) % 4,
        KeyCode::BackTab | KeyCode::Up => form.field = (form.field + 3) % 4,
        KeyCode::Enter => {
            match statement_text(form.loss, form.account.text(), form.signer.text()) {
                Ok(()) => {
                    form.pending = true;
                    out.push(Out::Request(Request::CreateStatement {
                        input: Box::new(StatementInput {
                            id_number: form.id_number.clone(),
                            loss: form.loss,
                            account: form.account.text().to_string(),
                            signer: form.signer.text().to_string(),
                            relation: form.relation.text().to_string(),
                        }),
                        day: today,
                    }));
                }
                Err(problem) => form.problem = Some(problem),
            }
        }
        _ => match form.field {
            0 => match key.code {
                KeyCode::Char(c @ '1'..='3') => {
                    form.loss = Some(Loss::ALL[c as usize - '1' as usize]);
                }
                KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') => {
                    let at = form
                        .loss
                        .and_then(|l| Loss::ALL.iter().position(|x| *x == l));
                    let next = match (at, key.code) {
                        (None, _) => 0,
                        (Some(i), KeyCode::Left) => (i + Loss::ALL.len() - 1) % Loss::ALL.len(),
                        (Some(i), _) => (i + 1) % Loss::ALL.len(),
                    };
                    form.loss = Some(Loss::ALL[next]);
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
    s.mode = Mode::New(Box::new(form));
    out
}

fn sign_key(s: &mut State, mut form: SignForm, key: KeyEvent, today: NaiveDate) -> Vec<Out> {
    if form.pending {
        s.mode = Mode::Sign(Box::new(form));
        return Vec::new();
    }
    form.problem = None;
    let fields = if form.by_guardian { 3 } else { 1 };
    let mut out = Vec::new();
    match key.code {
        KeyCode::Esc => {
            s.mode = Mode::List;
            return out;
        }
        KeyCode::Tab | KeyCode::Down => form.field = (form.field + 1) % fields,
        KeyCode::BackTab | KeyCode::Up => form.field = (form.field + fields - 1) % fields,
        KeyCode::Enter => {
            let guardian = form
                .by_guardian
                .then(|| (form.guardian.text(), form.relation.text()));
            match statement::signer(&form.name, guardian) {
                Ok((signer, relation)) => {
                    form.pending = true;
                    out.push(Out::Request(Request::SignStatement {
                        statement_id: form.statement_id.clone(),
                        guardian: form.by_guardian.then_some((signer, relation)),
                        day: today,
                    }));
                }
                Err(problem) => {
                    form.field = if form.guardian.text().trim().is_empty() {
                        1
                    } else {
                        2
                    };
                    form.problem = Some(problem);
                }
            }
        }
        _ => match form.field {
            0 => match key.code {
                KeyCode::Char('1') => form.by_guardian = false,
                KeyCode::Char('2') => form.by_guardian = true,
                KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') => {
                    form.by_guardian = !form.by_guardian
                }
                _ => {}
            },
            1 => {
                form.guardian.handle(key);
            }
            _ => {
                form.relation.handle(key);
            }
        },
    }
    s.mode = Mode::Sign(Box::new(form));
    out
}

fn withdraw_key(
    s: &mut State,
    mut form: WithdrawForm,
    key: KeyEvent,
    today: NaiveDate,
) -> Vec<Out> {
    if form.pending {
        s.mode = Mode::Withdraw(Box::new(form));
        return Vec::new();
    }
    form.problem = None;
    let mut out = Vec::new();
    match key.code {
        KeyCode::Esc => {
            s.mode = Mode::List;
            return out;
        }
        KeyCode::Enter => {
            let pending = Facts {
                signed: false,
                withdrawn: false,
                relied_on: false,
            };
            match statement::may_withdraw(pending, form.reason.text()) {
                Ok(reason) => {
                    form.pending = true;
                    out.push(Out::Request(Request::WithdrawStatement {
                        statement_id: form.statement_id.clone(),
                        reason,
                        day: today,
                    }));
                }
                Err(problem) => form.problem = Some(problem),
            }
        }
        _ => {
            form.reason.handle(key);
        }
    }
    s.mode = Mode::Withdraw(Box::new(form));
    out
}

pub fn on_reply(s: &mut State, reply: &Reply) -> Vec<Out> {
    match reply {
        Reply::Statements { seq, counts, items } if *seq == s.seq => {
            s.loaded = true;
            s.counts = *counts;
            s.items = items.clone();
            if let Some(id) = s.keep.take()
                && let Some(at) = s.items.iter().position(|i| i.row.id == id)
            {
                s.selected = at;
            }
            s.selected = s.selected.min(s.items.len().saturating_sub(1));
            Vec::new()
        }
        Reply::Found { seq, rows, .. } => {
            if let Mode::Find(find) = &mut s.mode {
                find.answer(*seq, rows);
            }
            Vec::new()
        }
        Reply::StatementSaved { action, item } => {
            let name = item.name.clone();
            s.done = Some(match action {
                StatementAction::Created => Text::StmtCreated { name },
                StatementAction::Signed => Text::StmtSigned { name },
                StatementAction::Withdrawn => Text::StmtWithdrawnDone { name },
            });
            s.problem = None;
            s.mode = Mode::List;
            s.keep = Some(item.row.id.clone());
            if *action == StatementAction::Created {
                // The new one shows at the top whatever the filter was.
                s.query.clear();
                s.filtering = false;
            }
            requests(s.refresh())
        }
        Reply::StatementPrinted { path } => {
            s.printing = false;
            s.done = Some(Text::StmtPrinted {
                path: path.display().to_string(),
            });
            vec![Out::Open(path.clone())]
        }
        Reply::Failed(text) => {
            // A form waiting for its commit stays open with the reason, ready to correct.
            let form_problem = match &mut s.mode {
                Mode::New(f) if f.pending => {
                    f.pending = false;
                    Some(&mut f.problem)
                }
                Mode::Sign(f) if f.pending => {
                    f.pending = false;
                    Some(&mut f.problem)
                }
                Mode::Withdraw(f) if f.pending => {
                    f.pending = false;
                    Some(&mut f.problem)
                }
                _ => None,
            };
            match form_problem {
                Some(problem) => *problem = Some(text.clone()),
                None if s.printing => {
                    s.printing = false;
                    s.problem = Some(text.clone());
                }
                None => {}
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------
// Drawing

fn standing_text(standing: Standing) -> Text {
    match standing {
        Standing::Unsigned => Text::StandingUnsigned,
        Standing::Signed => Text::StandingSigned,
        Standing::Withdrawn => Text::StandingWithdrawn,
    }
}

fn standing_style(standing: Standing) -> Style {
    match standing {
        Standing::Unsigned => theme::error(),
        Standing::Signed => theme::gauge(),
        Standing::Withdrawn => theme::dim(),
    }
}

pub fn view(f: &mut Frame, area: Rect, s: &State, lang: Lang) {
    let [head, list, detail, message, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(6),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(area);
    render_head(f, head, s, lang);
    render_list(f, list, s, lang);
    render_detail(f, detail, s, lang);
    let (text, style) = match (&s.problem, &s.done, s.printing) {
        (Some(p), _, _) => (p.render(lang), theme::error()),
        (None, _, true) => (Text::StmtPrinting.render(lang), theme::dim()),
        (None, Some(d), false) => (d.render(lang), theme::gauge()),
        (None, None, false) => (String::new(), Style::new()),
    };
    f.render_widget(
        Paragraph::new(text).style(style).wrap(Wrap { trim: true }),
        message,
    );
    let hint = if s.filtering {
        Text::StmtFilterKeys
    } else {
        Text::StmtKeys
    };
    f.render_widget(Paragraph::new(hint.render(lang)).style(theme::dim()), keys);
    match &s.mode {
        Mode::List => {}
        Mode::Find(find) => render_find(f, area, find, lang),
        Mode::New(form) => render_new(f, area, form, lang),
        Mode::Sign(form) => render_sign(f, area, form, lang),
        Mode::Withdraw(form) => render_withdraw(f, area, form, lang),
    }
}

fn render_head(f: &mut Frame, area: Rect, s: &State, lang: Lang) {
    let counts = Text::StmtHead {
        n: s.counts.total,
        unsigned: s.counts.unsigned,
        withdrawn: s.counts.withdrawn,
    }
    .render(lang);
    let mut spans = vec![Span::styled(counts, theme::title())];
    if s.filtering || !s.query.is_empty() {
        let filter = Text::StmtFilter {
            query: s.query.text().to_string(),
        }
        .render(lang);
        spans.push(Span::raw("   "));
        spans.push(Span::styled(filter, theme::header()));
    }
    let line = Line::from(spans);
    if s.filtering && s.mode == Mode::List {
        // The typed filter ends the line; the cursor is placed in it by display columns.
        let before = line.width() - unicode_width::UnicodeWidthStr::width(s.query.text());
        let x = area.x + (before + s.query.cursor_column()) as u16;
        f.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
    }
    f.render_widget(Paragraph::new(line), area);
}

fn render_list(f: &mut Frame, area: Rect, s: &State, lang: Lang) {
    if s.items.is_empty() {
        let text = if !s.loaded {
            String::new()
        } else if s.query.is_empty() {
            Text::StmtEmpty.render(lang)
        } else {
            Text::StmtNoMatch {
                query: s.query.text().to_string(),
            }
            .render(lang)
        };
        f.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .block(Block::default().borders(Borders::TOP)),
            area,
        );
        return;
    }
    let header = Row::new([
        Text::StmtColDate.render(lang),
        Text::StmtColName.render(lang),
        Text::StmtColId.render(lang),
        Text::StmtColLoss.render(lang),
        Text::StmtColSigner.render(lang),
        Text::StmtColStanding.render(lang),
    ])
    .style(theme::header());
    let rows = s.items.iter().map(|i| {
        let standing = i.row.standing();
        Row::new(vec![
            ratatui::text::Text::from(i.row.taken_on.clone()),
            ratatui::text::Text::from(i.name.clone()),
            ratatui::text::Text::from(mask_id(&i.row.id_number)),
            ratatui::text::Text::from(i.row.loss().local(lang)),
            ratatui::text::Text::from(match lang {
                Lang::Zh => format!("{}（{}）", i.row.signer, i.row.relation),
                Lang::En => format!("{} ({})", i.row.signer, i.row.relation),
            }),
            ratatui::text::Text::from(Span::styled(
                standing_text(standing).render(lang),
                standing_style(standing),
            )),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(10),
            Constraint::Length(8),
            Constraint::Length(18),
            Constraint::Length(if lang == Lang::Zh { 4 } else { 12 }),
            Constraint::Min(10),
            Constraint::Length(if lang == Lang::Zh { 6 } else { 9 }),
        ],
    )
    .header(header)
    .row_highlight_style(theme::selected())
    .block(Block::default().borders(Borders::TOP));
    let mut state = TableState::default().with_selected(Some(s.selected));
    f.render_stateful_widget(table, area, &mut state);
}

fn render_detail(f: &mut Frame, area: Rect, s: &State, lang: Lang) {
    let Some(i) = s.selected_item() else {
        f.render_widget(Block::default().borders(Borders::TOP), area);
        return;
    };
    let row = &i.row;
    let standing = row.standing();
    let fate = match standing {
        Standing::Unsigned => Text::StmtDetailUnsigned,
        Standing::Signed => Text::StmtDetailSigned {
            signer: row.signer.clone(),
            relation: row.relation.clone(),
            on: row.signed_at.clone().unwrap_or_default(),
        },
        Standing::Withdrawn => Text::StmtDetailWithdrawn {
            on: row.withdrawn_on.clone().unwrap_or_default(),
            reason: row.withdrawn_reason.clone(),
        },
    };
    let lines = vec![
        Line::from(Span::styled(
            Text::StmtDetailWho {
                name: i.name.clone(),
                id: mask_id(&row.id_number),
                place: format!("{} {}", i.township_name, i.village),
            }
            .render(lang),
            theme::title(),
        )),
        Line::from(Span::styled(fate.render(lang), standing_style(standing))),
        Line::from(
            Text::StmtDetailTaken {
                signer: row.signer.clone(),
                relation: row.relation.clone(),
                on: row.taken_on.clone(),
                operator: row.operator.clone(),
            }
            .render(lang),
        ),
        Line::from(
            Text::StmtDetailAccount {
                loss: row.loss(),
                account: row.account.clone(),
            }
            .render(lang),
        ),
    ];
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::TOP)),
        area,
    );
}

fn render_find(f: &mut Frame, area: Rect, find: &Find, lang: Lang) {
    super::render_holder_find(f, area, Text::StmtFindTitle.render(lang), find, 10, lang);
}

fn render_new(f: &mut Frame, area: Rect, form: &NewForm, lang: Lang) {
    let loss = match form.loss {
        Some(l) => format!("{}   ({})", l.local(lang), Text::LossChoose.render(lang)),
        None => Text::LossChoose.render(lang),
    };
    let fields = [
        (Text::FieldLoss, loss),
        (Text::FieldAccount, form.account.text().to_string()),
        (Text::FieldSigner, form.signer.text().to_string()),
        (Text::FieldRelation, form.relation.text().to_string()),
    ];
    let view = FormView {
        title: Text::StmtNewTitle {
            name: form.name.clone(),
        },
        fields: &fields,
        active: form.field,
        problem: &form.problem,
        keys: Text::ContactKeys,
    };
    render_form(f, area, view, lang);
}

fn render_sign(f: &mut Frame, area: Rect, form: &SignForm, lang: Lang) {
    let who = if form.by_guardian {
        Text::SignedByGuardian
    } else {
        Text::SignedByHolder
    };
    let mut fields = vec![(
        Text::FieldSignedBy,
        Text::SignedByChoose { who: Box::new(who) }.render(lang),
    )];
    if form.by_guardian {
        fields.push((Text::FieldSignerName, form.guardian.text().to_string()));
        fields.push((Text::FieldRelation, form.relation.text().to_string()));
    }
    let view = FormView {
        title: Text::StmtSignTitle {
            name: form.name.clone(),
        },
        fields: &fields,
        active: form.field,
        problem: &form.problem,
        keys: Text::ContactKeys,
    };
    render_form(f, area, view, lang);
}

fn render_withdraw(f: &mut Frame, area: Rect, form: &WithdrawForm, lang: Lang) {
    let fields = [(Text::FieldReason, form.reason.text().to_string())];
    let view = FormView {
        title: Text::StmtWithdrawTitle {
            name: form.name.clone(),
        },
        fields: &fields,
        active: 0,
        problem: &form.problem,
        keys: Text::ContactKeys,
    };
    render_form(f, area, view, lang);
}
