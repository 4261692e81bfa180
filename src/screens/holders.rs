//! 台账: find a holder as you type, see the record and the case's whole timeline.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState};

use crate::app::input::LineInput;
use crate::domain::case::{Event, EventKind, State as CaseState};
use crate::domain::holder::Contact;
use crate::domain::ids::{Category, Grade, IdNumber};
use crate::i18n::{Lang, Localized, Text};
use crate::store::holders::HolderRow;
use crate::store::queries::PersonView;
use crate::store::worker::{Reply, Request};
use crate::ui::theme;

const LIMIT: usize = 200;

#[derive(Debug, Clone, Default)]
pub struct State {
    pub query: LineInput,
    /// Sequence of the newest search sent; older answers are dropped.
    pub seq: u64,
    pub total: usize,
    pub results: Vec<HolderRow>,
    pub selected: usize,
    pub person: Option<PersonView>,
    /// The search field has the keyboard (it does unless the clerk pressed Esc).
    pub browsing: bool,
    /// Editing the selected holder's contact details.
    pub edit: Option<ContactForm>,
    pub saved: Option<Text>,
    /// 告知书/回执 sent for this person; what to say once it is committed.
    pub notice_pending: Option<(String, Text)>,
}

/// Phone, guardian, guardian's phone, address — as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactForm {
    pub id_number: String,
    pub name: String,
    pub fields: [LineInput; 4],
    pub field: usize,
    /// Sent, waiting for the commit; the form stays until the database says done.
    pub pending: bool,
}

impl ContactForm {
    fn contact(&self) -> Contact {
        let t = |i: usize| self.fields[i].text().to_string();
        Contact {
            phone: t(0),
            guardian: t(1),
            guardian_phone: t(2),
            address: t(3),
        }
    }
}

impl State {
    pub fn typing(&self) -> bool {
        !self.browsing || self.edit.is_some()
    }

    /// A save failed: the form stays, ready to correct.
    pub fn on_failed(&mut self) {
        self.notice_pending = None;
        if let Some(form) = self.edit.as_mut() {
            form.pending = false;
        }
    }

    fn search(&mut self) -> Vec<Request> {
        self.seq += 1;
        self.selected = 0;
        if self.query.is_empty() {
            self.results.clear();
            self.total = 0;
            self.person = None;
            return Vec::new();
        }
        vec![Request::Search {
            seq: self.seq,
            query: self.query.text().to_string(),
            limit: LIMIT,
        }]
    }

    fn load_selected(&self) -> Vec<Request> {
        self.results
            .get(self.selected)
            .map(|h| Request::Person {
                id_number: h.id_number.clone(),
            })
            .into_iter()
            .collect()
    }
}

fn edit_key(s: &mut State, key: KeyEvent) -> Vec<Request> {
    let Some(form) = s.edit.as_mut() else {
        return Vec::new();
    };
    if form.pending {
        return Vec::new();
    }
    match key.code {
        KeyCode::Esc => s.edit = None,
        KeyCode::Tab | KeyCode::Down => form.field = (form.field + 1) % 4,
        KeyCode::BackTab | KeyCode::Up => form.field = (form.field + 3) % 4,
        KeyCode::Enter => {
            form.pending = true;
            return vec![Request::EditContact {
                id_number: form.id_number.clone(),
                contact: form.contact(),
            }];
        }
        _ => {
            form.fields[form.field].handle(key);
        }
    }
    Vec::new()
}

pub fn on_key(s: &mut State, key: KeyEvent, today: NaiveDate) -> Vec<Request> {
    if s.edit.is_some() {
        return edit_key(s, key);
    }
    s.saved = None;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('n' | 'r')) {
        return notice_key(s, key.code == KeyCode::Char('r'), today);
    }
    if ctrl && key.code == KeyCode::Char('e') {
        if let Some(p) = &s.person {
            let h = &p.holder;
            s.edit = Some(ContactForm {
                id_number: h.id_number.clone(),
                name: h.name.clone(),
                fields: [
                    LineInput::with(&h.phone),
                    LineInput::with(&h.guardian),
                    LineInput::with(&h.guardian_phone),
                    LineInput::with(&h.address),
                ],
                field: 0,
                pending: false,
            });
        }
        return Vec::new();
    }
    match key.code {
        KeyCode::Up => {
            s.selected = s.selected.saturating_sub(1);
            return s.load_selected();
        }
        KeyCode::Down => {
            if s.selected + 1 < s.results.len() {
                s.selected += 1;
            }
            return s.load_selected();
        }
        KeyCode::Enter => return s.load_selected(),
        KeyCode::Esc if s.browsing => {
            s.browsing = false;
            return Vec::new();
        }
        KeyCode::Esc => {
            if s.query.is_empty() {
                s.browsing = true;
                return Vec::new();
            }
            s.query.clear();
            return s.search();
        }
        _ => {}
    }
    if s.browsing {
        if let KeyCode::Char('/') = key.code {
            s.browsing = false;
        }
        return Vec::new();
    }
    match s.query.handle(key) {
        Some(true) => s.search(),
        _ => Vec::new(),
    }
}

/// 告知书 delivered (Ctrl-N) or its 回执 returned (Ctrl-R) today, for the person shown.
fn notice_key(s: &mut State, receipt: bool, today: NaiveDate) -> Vec<Request> {
    let Some(p) = &s.person else {
        return Vec::new();
    };
    let (id_number, name) = (p.holder.id_number.clone(), p.holder.name.clone());
    let (request, done) = if receipt {
        (
            Request::ReceiptReturned {
                id_number: id_number.clone(),
                day: today,
            },
            Text::ReceiptRecordedFor { name },
        )
    } else {
        (
            Request::Record {
                id_number: id_number.clone(),
                day: today,
                event: Event::NoticeDelivered { date: today },
            },
            Text::NoticeRecordedFor { name },
        )
    };
    s.notice_pending = Some((id_number, done));
    vec![request]
}

pub fn on_reply(s: &mut State, reply: Reply) -> Vec<Request> {
    match reply {
        Reply::Recorded { id_number, .. }
            if s.notice_pending
                .as_ref()
                .is_some_and(|(id, _)| *id == id_number) =>
        {
            s.saved = s.notice_pending.take().map(|(_, done)| done);
            s.load_selected()
        }
        Reply::Found { seq, total, rows } if seq == s.seq => {
            s.total = total;
            s.results = rows;
            s.selected = 0;
            s.person = None;
            s.load_selected()
        }
        Reply::Recorded { id_number, .. }
            if s.edit.as_ref().is_some_and(|f| f.id_number == id_number) =>
        {
            let name = s.edit.take().map(|f| f.name).unwrap_or_default();
            s.saved = Some(Text::ContactSaved { name });
            s.load_selected()
        }
        Reply::Person(p) => {
            let current = s.results.get(s.selected).map(|h| &h.id_number);
            if current == Some(&p.holder.id_number) {
                s.person = Some(*p);
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub fn view(f: &mut Frame, area: Rect, s: &State, lang: Lang) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let [input, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(left);
    let focus = !s.browsing;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(focus))
        .title(Text::SearchTitle.render(lang));
    let inner = block.inner(input);
    f.render_widget(
        Paragraph::new(s.query.text().to_string()).block(block),
        input,
    );
    if focus {
        let x = inner.x + (s.query.cursor_column() as u16).min(inner.width.saturating_sub(1));
        f.set_cursor_position(Position::new(x, inner.y));
    }
    render_results(f, list, s, lang);
    render_person(f, right, s, lang);
    if let Some(form) = &s.edit {
        render_edit(f, right, form, lang);
    }
}

fn render_edit(f: &mut Frame, area: Rect, form: &ContactForm, lang: Lang) {
    let p = crate::ui::centered(area, area.width, 8);
    f.render_widget(ratatui::widgets::Clear, p);
    let labels = [
        Text::FieldPhone,
        Text::FieldGuardian,
        Text::FieldGuardianPhone,
        Text::FieldAddress,
    ];
    let mut lines: Vec<Line> = labels
        .iter()
        .zip(&form.fields)
        .enumerate()
        .map(|(i, (label, input))| {
            let mark = if i == form.field { "▶ " } else { "  " };
            Line::from(format!("{mark}{} {}", label.render(lang), input.text()))
        })
        .collect();
    lines.push(Line::from(Span::styled(
        Text::ContactKeys.render(lang),
        theme::dim(),
    )));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(
            Text::ContactTitle {
                name: form.name.clone(),
            }
            .render(lang),
        );
    f.render_widget(Paragraph::new(lines).block(block), p);
}

fn masked(id: &str) -> String {
    IdNumber::parse(id).map(|i| i.masked()).unwrap_or_default()
}

/// The last six characters, what a clerk reads off a card to tell two namesakes apart.
fn id_tail(id: &str) -> String {
    let tail: String = id
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("…{tail}")
}

fn state_label(state: &str, lang: Lang) -> String {
    CaseState::parse(state)
        .map(|st| st.local(lang))
        .unwrap_or_default()
}

fn render_results(f: &mut Frame, area: Rect, s: &State, lang: Lang) {
    let title = if let Some(saved) = &s.saved {
        saved.render(lang)
    } else if s.query.is_empty() {
        Text::SearchHint.render(lang)
    } else {
        Text::SearchCount {
            total: s.total,
            shown: s.results.len(),
        }
        .render(lang)
    };
    let rows = s.results.iter().map(|h| {
        Row::new([
            h.name.clone(),
            id_tail(&h.id_number),
            h.township_name.clone(),
            state_label(&h.state, lang),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(8),
            Constraint::Length(7),
            Constraint::Min(6),
            Constraint::Length(10),
        ],
    )
    .row_highlight_style(theme::selected())
    .block(Block::default().borders(Borders::ALL).title(title));
    let mut state =
        TableState::default().with_selected((!s.results.is_empty()).then_some(s.selected));
    f.render_stateful_widget(table, area, &mut state);
}

fn render_person(f: &mut Frame, area: Rect, s: &State, lang: Lang) {
    let title = if s.person.is_some() {
        format!(
            "{} · {}",
            Text::PersonTitle.render(lang),
            Text::HoldersKeys.render(lang)
        )
    } else {
        Text::PersonTitle.render(lang)
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    let Some(p) = &s.person else {
        f.render_widget(block, area);
        return;
    };
    let h = &p.holder;
    let classification = match (
        h.category.and_then(Category::from_digit),
        h.grade.and_then(Grade::from_digit),
    ) {
        (Some(c), Some(g)) => format!("{} {}", c.local(lang), g.local(lang)),
        _ => Text::NoCertificate.render(lang),
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(h.name.clone(), theme::title()),
            Span::raw(format!("  {}", masked(&h.id_number))),
        ]),
        Line::from(format!("{} {}", h.township_name, h.village)),
        Line::from(classification),
        Line::from(Span::styled(
            Text::PersonState {
                state: p.case.state,
            }
            .render(lang),
            theme::state(),
        )),
    ];
    if !h.guardian.is_empty() {
        lines.push(Line::from(
            Text::GuardianLine {
                name: h.guardian.clone(),
            }
            .render(lang),
        ));
    }
    lines.push(Line::from(Span::styled(
        Text::Timeline.render(lang),
        theme::header(),
    )));
    for e in p.events.iter().rev() {
        lines.push(Line::from(format!(
            "{} {} {}",
            e.day,
            EventKind(e.event.kind()).local(lang),
            e.operator
        )));
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}
