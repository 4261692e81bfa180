//! 台账: find a holder as you type, see the record and the case's whole timeline.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState};

use crate::app::input::LineInput;
use crate::domain::case::{EventKind, State as CaseState};
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
}

impl State {
    pub fn typing(&self) -> bool {
        !self.browsing
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

pub fn on_key(s: &mut State, key: KeyEvent) -> Vec<Request> {
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

pub fn on_reply(s: &mut State, reply: Reply) -> Vec<Request> {
    match reply {
        Reply::Found { seq, total, rows } if seq == s.seq => {
            s.total = total;
            s.results = rows;
            s.selected = 0;
            s.person = None;
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
    let title = if s.query.is_empty() {
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
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Text::PersonTitle.render(lang));
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
