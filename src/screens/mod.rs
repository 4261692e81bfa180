//! One module per screen: its state, how keys and replies change it, how it is drawn.

pub mod audit;
pub mod handover;
pub mod holders;
pub mod overview;
pub mod plan;
pub mod queue;
pub mod reviews;
pub mod sign_in;
pub mod statements;
pub mod visits;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Table, TableState};

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::app::input::LineInput;
use crate::domain::case::State as CaseState;
use crate::domain::handover::mask_id;
use crate::i18n::{Lang, Localized};
use crate::store::holders::HolderRow;
use crate::store::worker::Request;
use crate::ui::theme;

/// The dialog that finds a holder (情况说明, 公示复核): the line typed, the search it
/// waits for, what was found and which one is selected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindHolder {
    /// Name, pinyin initials or ID tail, as typed.
    pub query: LineInput,
    /// The search whose answer this dialog takes; older answers are ignored.
    pub seq: u64,
    pub found: Vec<HolderRow>,
    pub selected: usize,
}

impl FindHolder {
    /// A new dialog, numbered by the screen's search counter.
    pub fn open(search_seq: &mut u64) -> FindHolder {
        *search_seq += 1;
        FindHolder {
            seq: *search_seq,
            ..FindHolder::default()
        }
    }

    /// Up and Down move the selection; any other key edits the line. A changed line asks
    /// the database thread for the holders it matches (an empty line clears them). Esc
    /// and Enter are left to the screen.
    pub fn key(&mut self, key: KeyEvent, search_seq: &mut u64) -> Option<Request> {
        match key.code {
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down => {
                self.selected = (self.selected + 1).min(self.found.len().saturating_sub(1))
            }
            _ => match self.query.handle(key) {
                Some(true) if !self.query.is_empty() => {
                    *search_seq += 1;
                    self.seq = *search_seq;
                    return Some(Request::Search {
                        seq: self.seq,
                        query: self.query.text().to_string(),
                        limit: 50,
                    });
                }
                Some(true) => self.found.clear(),
                _ => {}
            },
        }
        None
    }

    /// The database thread's answer to search `seq`, if it is this dialog's latest.
    pub fn answer(&mut self, seq: u64, rows: &[HolderRow]) {
        if seq == self.seq {
            self.found = rows.to_vec();
            self.selected = 0;
        }
    }

    pub fn chosen(&self) -> Option<&HolderRow> {
        self.found.get(self.selected)
    }
}

/// The dialog that finds a holder: the typed line with its cursor, then name, masked ID,
/// township and case state of each one found; `state_width` is the state column's width.
pub fn render_holder_find(
    f: &mut Frame,
    area: Rect,
    title: String,
    find: &FindHolder,
    state_width: u16,
    lang: Lang,
) {
    let FindHolder {
        query,
        found,
        selected,
        ..
    } = find;
    let selected = *selected;
    let p = crate::ui::centered(area, 60, 14);
    f.render_widget(Clear, p);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(title);
    let inner = block.inner(p);
    f.render_widget(block, p);
    let [input, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    f.render_widget(Paragraph::new(format!("> {}", query.text())), input);
    f.set_cursor_position(Position::new(
        input.x + 2 + query.cursor_column() as u16,
        input.y,
    ));
    let rows = found.iter().map(|h| {
        let state = CaseState::parse(&h.state)
            .map(|x| x.local(lang))
            .unwrap_or_default();
        Row::new([
            h.name.clone(),
            mask_id(&h.id_number),
            h.township_name.clone(),
            state,
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(8),
            Constraint::Length(18),
            Constraint::Min(6),
            Constraint::Length(state_width),
        ],
    )
    .row_highlight_style(theme::selected());
    let mut st = TableState::default().with_selected((!found.is_empty()).then_some(selected));
    f.render_stateful_widget(table, list, &mut st);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn row(name: &str) -> HolderRow {
        HolderRow {
            id_number: "53032319800101019X".into(),
            cert_number: None,
            name: name.into(),
            sex: "male".into(),
            birth_date: "1980-01-01".into(),
            township: "530323102000".into(),
            township_name: "雄壁镇".into(),
            village: String::new(),
            category: None,
            grade: None,
            basis: "new".into(),
            state: "applied".into(),
            mobility_impaired: false,
            migrant: false,
            phone: String::new(),
            guardian: String::new(),
            guardian_phone: String::new(),
            address: String::new(),
        }
    }

    /// Typing fast sends a search per key; only the answer to the last one is shown.
    #[test]
    fn a_late_answer_to_an_earlier_search_is_ignored() {
        let mut seq = 7;
        let mut find = FindHolder::open(&mut seq);
        assert_eq!(find.seq, 8);
        let first = find.key(key(KeyCode::Char('z')), &mut seq);
        let second = find.key(key(KeyCode::Char('s')), &mut seq);
        let (Some(Request::Search { seq: a, .. }), Some(Request::Search { seq: b, query, .. })) =
            (first, second)
        else {
            panic!("each key asks");
        };
        assert_eq!((a, b, query.as_str()), (9, 10, "zs"));
        find.answer(b, &[row("张三"), row("张四")]);
        find.key(key(KeyCode::Down), &mut seq);
        find.key(key(KeyCode::Down), &mut seq);
        assert_eq!(find.chosen().map(|h| h.name.as_str()), Some("张四"));
        find.answer(a, &[row("赵")]);
        assert_eq!(find.found.len(), 2, "the earlier answer came late");
        assert_eq!(
            find.key(key(KeyCode::Backspace), &mut seq).map(|_| ()),
            Some(())
        );
        assert!(find.key(key(KeyCode::Backspace), &mut seq).is_none());
        assert!(find.found.is_empty() && find.chosen().is_none());
    }
}
