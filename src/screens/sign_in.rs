//! The gate in front of everything: the first leader's account at first start, signing
//! in, and the lock after idle minutes. While it shows, nothing else is drawn (a locked
//! laptop shows no one's data) and every other screen keeps its state, half-filled
//! forms included.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::app::input::LineInput;
use crate::i18n::{Lang, Text};
use crate::store::worker::{Reply, Request};
use crate::ui::theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// No account yet: the first county leader chooses a name and a password.
    Setup,
    SignIn,
    /// Idle too long (or Ctrl-L): the signed-in operator's password reopens it.
    Locked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Password,
    Again,
}

#[derive(Debug, Clone)]
pub struct State {
    pub mode: Mode,
    name: LineInput,
    password: LineInput,
    again: LineInput,
    focus: Field,
    pub error: Option<Text>,
    /// Waiting for the database thread to check the password.
    pub busy: bool,
    /// Shown under the form: the demo county's accounts.
    pub hint: Option<Text>,
}

impl State {
    pub fn new(mode: Mode, name: &str, hint: Option<Text>) -> State {
        State {
            mode,
            name: LineInput::with(name),
            password: LineInput::default(),
            again: LineInput::default(),
            focus: if mode == Mode::Locked || !name.is_empty() {
                Field::Password
            } else {
                Field::Name
            },
            error: None,
            busy: false,
            hint,
        }
    }

    fn fields(&self) -> &'static [Field] {
        match self.mode {
            Mode::Setup => &[Field::Name, Field::Password, Field::Again],
            Mode::SignIn => &[Field::Name, Field::Password],
            Mode::Locked => &[Field::Password],
        }
    }

    fn input(&mut self, field: Field) -> &mut LineInput {
        match field {
            Field::Name => &mut self.name,
            Field::Password => &mut self.password,
            Field::Again => &mut self.again,
        }
    }

    fn move_focus(&mut self, by: isize) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        let n = fields.len() as isize;
        self.focus = fields[((at + by).rem_euclid(n)) as usize];
    }
}

/// A key while the gate shows; a request when the form is sent.
pub fn on_key(state: &mut State, key: KeyEvent) -> Option<Request> {
    if state.busy {
        return None;
    }
    match key.code {
        KeyCode::Tab | KeyCode::Down => state.move_focus(1),
        KeyCode::BackTab | KeyCode::Up => state.move_focus(-1),
        KeyCode::Enter => {
            // Enter on a field before the last moves on, as on a paper form.
            if state.focus != *state.fields().last().unwrap_or(&Field::Password) {
                state.move_focus(1);
                return None;
            }
            return submit(state);
        }
        _ => {
            let focus = state.focus;
            if state.input(focus).handle(key).is_some() {
                state.error = None;
            }
        }
    }
    None
}

fn submit(state: &mut State) -> Option<Request> {
    let name = state.name.text().trim().to_string();
    let password = state.password.text().to_string();
    if state.mode != Mode::Locked && name.is_empty() {
        state.error = Some(Text::OperatorNameEmpty);
        state.focus = Field::Name;
        return None;
    }
    let request = match state.mode {
        Mode::Setup => {
            if let Err(e) = crate::domain::operator::check_password(&password) {
                state.error = Some(e);
                state.password.clear();
                state.again.clear();
                state.focus = Field::Password;
                return None;
            }
            if password != state.again.text() {
                state.error = Some(Text::PasswordMismatch);
                state.again.clear();
                state.focus = Field::Again;
                return None;
            }
            Request::Setup { name, password }
        }
        Mode::SignIn => Request::SignIn { name, password },
        Mode::Locked => Request::Unlock { password },
    };
    state.busy = true;
    Some(request)
}

/// A refusal from the database thread: say why, clear the password, try again.
pub fn on_reply(state: &mut State, reply: &Reply) {
    if let Reply::SignInRefused(text) = reply {
        state.busy = false;
        state.error = Some(text.clone());
        state.password.clear();
        state.again.clear();
        state.focus = Field::Password;
    }
}

pub fn view(f: &mut Frame, area: Rect, state: &State, operator: &str, lang: Lang) {
    let title = match state.mode {
        Mode::Setup => Text::SetupTitle,
        Mode::SignIn => Text::SignInTitle,
        Mode::Locked => Text::LockedTitle {
            name: operator.to_string(),
        },
    };
    let width = 56.min(area.width);
    let [_, column, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, form, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(12),
        Constraint::Fill(2),
    ])
    .areas(column);
    let block = Block::default()
        .borders(Borders::ALL)
        .padding(ratatui::widgets::Padding::horizontal(1))
        .title(format!(" {} ", title.render(lang)));
    let inner = block.inner(form);
    f.render_widget(block, form);

    let label_width = [Text::FieldName, Text::FieldPassword, Text::FieldAgain]
        .iter()
        .map(|t| t.render(lang).width())
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    if state.mode == Mode::Setup {
        lines.push(Line::from(Span::styled(
            Text::SetupExplain.render(lang),
            theme::dim(),
        )));
    }
    lines.push(Line::default());
    let mut cursor = None;
    for field in state.fields() {
        let (label, input, secret) = match field {
            Field::Name => (Text::FieldName, &state.name, false),
            Field::Password => (Text::FieldPassword, &state.password, true),
            Field::Again => (Text::FieldAgain, &state.again, true),
        };
        let label = crate::i18n::pad(&label.render(lang), label_width);
        let shown = if secret {
            "•".repeat(input.text().chars().count())
        } else {
            input.text().to_string()
        };
        let focused = *field == state.focus;
        if focused {
            let column = if secret {
                input.text().chars().count()
            } else {
                input.cursor_column()
            };
            cursor = Some((label.width() + 2 + column, lines.len()));
        }
        lines.push(Line::from(vec![
            Span::raw(label),
            Span::raw("  "),
            Span::styled(
                shown,
                if focused {
                    theme::selected()
                } else {
                    theme::header()
                },
            ),
        ]));
    }
    lines.push(Line::default());
    if state.busy {
        lines.push(Line::from(Span::styled(
            Text::Checking.render(lang),
            theme::dim(),
        )));
    } else if let Some(error) = &state.error {
        lines.push(Line::from(Span::styled(error.render(lang), theme::error())));
    } else {
        lines.push(Line::from(Span::styled(
            Text::SignInKeys.render(lang),
            theme::dim(),
        )));
    }
    if let Some(hint) = &state.hint {
        lines.push(Line::default());
        for line in hint.render(lang).lines() {
            lines.push(Line::from(Span::styled(line.to_string(), theme::dim())));
        }
    }
    f.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        inner,
    );
    if let Some((x, y)) = cursor
        && (y as u16) < inner.height
    {
        f.set_cursor_position((inner.x + x as u16, inner.y + y as u16));
    }
}
