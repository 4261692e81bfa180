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

use crate::app::input::LineInput;
use crate::domain::case::State as CaseState;
use crate::domain::handover::mask_id;
use crate::i18n::{Lang, Localized};
use crate::store::holders::HolderRow;
use crate::ui::theme;

/// What the dialog that finds a holder shows.
pub struct HolderFind<'a> {
    pub title: String,
    /// Name, pinyin initials or ID tail, as typed.
    pub query: &'a LineInput,
    pub found: &'a [HolderRow],
    pub selected: usize,
    /// The case state column's width, in columns.
    pub state_width: u16,
}

/// The dialog that finds a holder: the typed line with its cursor, then name, masked ID,
/// township and case state of each one found.
pub fn render_holder_find(f: &mut Frame, area: Rect, find: HolderFind<'_>, lang: Lang) {
    let HolderFind {
        title,
        query,
        found,
        selected,
        state_width,
    } = find;
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
