//! 审计日志 (county leader only), opened from 总览 with `a`: who did what, when, to whom
//! — the newest events first, filtered by operator, township and kind of action — and
//! the hash chain checked on request. Nothing here changes anything.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState, Wrap};

use crate::domain::campaign::Campaign;
use crate::domain::case::kind_name;
use crate::domain::handover::mask_id;
use crate::i18n::{Lang, Text};
use crate::store::audit::{Filter, Log};
use crate::store::audit::{Verification, broken_text};
use crate::store::worker::Request;
use crate::ui::theme;

/// Events listed at most; the head says how many match in all.
pub const LIMIT: usize = 500;

#[derive(Debug, Clone, Default)]
pub struct State {
    pub filter: Filter,
    pub log: Option<Log>,
    pub selected: usize,
    /// The chain as last checked (`v`).
    pub check: Option<Verification>,
    pub checking: bool,
    pub error: Option<Text>,
}

impl State {
    pub fn refresh(&self) -> Request {
        Request::AuditLog {
            filter: self.filter.clone(),
            limit: LIMIT,
        }
    }

    pub fn on_log(&mut self, log: Log) {
        self.selected = self.selected.min(log.entries.len().saturating_sub(1));
        self.log = Some(log);
        self.error = None;
    }

    pub fn on_check(&mut self, check: Verification) {
        self.check = Some(check);
        self.checking = false;
    }

    pub fn on_failed(&mut self, text: Text) {
        self.checking = false;
        self.error = Some(text);
    }
}

/// What a key asks for: a request, leaving (back to 总览), or nothing.
pub enum Out {
    Request(Request),
    Leave,
}

/// The next value after `current` in `choices`, with "all" (none) before the first.
fn cycle<T: Clone + PartialEq>(current: &Option<T>, choices: &[T], back: bool) -> Option<T> {
    let pos = current
        .as_ref()
        .and_then(|c| choices.iter().position(|x| x == c));
    let n = choices.len() + 1; // "all" is slot 0
    let slot = pos.map_or(0, |p| p + 1);
    let next = if back {
        (slot + n - 1) % n
    } else {
        (slot + 1) % n
    };
    (next > 0).then(|| choices[next - 1].clone())
}

pub fn on_key(s: &mut State, key: KeyEvent, campaign: &Campaign) -> Vec<Out> {
    let back = key.modifiers.contains(KeyModifiers::SHIFT);
    let (operators, kinds) = s
        .log
        .as_ref()
        .map(|l| (l.operators.clone(), l.kinds.clone()))
        .unwrap_or_default();
    let townships: Vec<String> = campaign.townships.iter().map(|t| t.code.clone()).collect();
    let len = s.log.as_ref().map_or(0, |l| l.entries.len());
    let refilter = |s: &mut State| {
        s.selected = 0;
        vec![Out::Request(s.refresh())]
    };
    match key.code {
        KeyCode::Esc => vec![Out::Leave],
        KeyCode::Char('o') | KeyCode::Char('O') => {
            s.filter.operator = cycle(&s.filter.operator, &operators, back);
            refilter(s)
        }
        KeyCode::Char('t') | KeyCode::Char('T') => {
            s.filter.township = cycle(&s.filter.township, &townships, back);
            refilter(s)
        }
        KeyCode::Char('k') | KeyCode::Char('K') => {
            s.filter.kind = cycle(&s.filter.kind, &kinds, back);
            refilter(s)
        }
        KeyCode::Char('0') | KeyCode::Backspace => {
            s.filter = Filter::default();
            refilter(s)
        }
        KeyCode::Char('r') => vec![Out::Request(s.refresh())],
        KeyCode::Char('v') => {
            s.checking = true;
            s.check = None;
            vec![Out::Request(Request::AuditVerify)]
        }
        KeyCode::Down => {
            s.selected = (s.selected + 1).min(len.saturating_sub(1));
            Vec::new()
        }
        KeyCode::Up => {
            s.selected = s.selected.saturating_sub(1);
            Vec::new()
        }
        KeyCode::PageDown => {
            s.selected = (s.selected + 10).min(len.saturating_sub(1));
            Vec::new()
        }
        KeyCode::PageUp => {
            s.selected = s.selected.saturating_sub(10);
            Vec::new()
        }
        KeyCode::Home => {
            s.selected = 0;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn township_name(campaign: &Campaign, code: &str) -> String {
    campaign
        .townships
        .iter()
        .find(|t| t.code == code)
        .map_or_else(|| code.to_string(), |t| t.name.clone())
}

/// An event's UTC time as the laptop's local date and minute.
fn local_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| at.to_string())
}

pub fn view(f: &mut Frame, area: Rect, s: &State, campaign: &Campaign, lang: Lang) {
    let [head, filters, list, check, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(area);
    let all = Text::AuditAll.render(lang);
    let head_text = match &s.log {
        Some(log) => Text::AuditHead {
            total: log.total,
            shown: log.entries.len(),
        },
        None => Text::Loading,
    };
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(
            head_text.render(lang),
            theme::title(),
        ))),
        head,
    );
    let kind = s
        .filter
        .kind
        .as_deref()
        .map_or(all.clone(), |k| kind_name(k, lang));
    let township = s
        .filter
        .township
        .as_deref()
        .map_or(all.clone(), |t| township_name(campaign, t));
    let operator = s.filter.operator.clone().unwrap_or(all);
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(
            Text::AuditFilters {
                operator,
                township,
                kind,
            }
            .render(lang),
            theme::header(),
        ))),
        filters,
    );
    render_list(f, list, s, campaign, lang);
    let (text, style) = match (&s.error, s.checking, &s.check) {
        (Some(e), _, _) => (e.render(lang), theme::error()),
        (None, true, _) => (Text::AuditChecking.render(lang), theme::dim()),
        (None, false, Some(c)) if c.ok() => (
            Text::AuditOk {
                events: c.events(),
                devices: c.devices.len(),
            }
            .render(lang),
            theme::gauge(),
        ),
        (None, false, Some(c)) => (
            c.broken
                .iter()
                .map(|b| broken_text(b).render(lang))
                .collect::<Vec<_>>()
                .join("\n"),
            theme::error(),
        ),
        (None, false, None) => (String::new(), theme::dim()),
    };
    f.render_widget(
        Paragraph::new(text).style(style).wrap(Wrap { trim: true }),
        check,
    );
    f.render_widget(
        Paragraph::new(Text::AuditKeys.render(lang)).style(theme::dim()),
        keys,
    );
}

fn render_list(f: &mut Frame, area: Rect, s: &State, campaign: &Campaign, lang: Lang) {
    let Some(log) = &s.log else {
        f.render_widget(Block::default().borders(Borders::TOP), area);
        return;
    };
    if log.entries.is_empty() {
        f.render_widget(
            Paragraph::new(Text::AuditNone.render(lang))
                .block(Block::default().borders(Borders::TOP)),
            area,
        );
        return;
    }
    let header = Row::new([
        Text::AuditColTime.render(lang),
        Text::AuditColOperator.render(lang),
        Text::AuditColAction.render(lang),
        Text::AuditColWho.render(lang),
        Text::AuditColTownship.render(lang),
        Text::AuditColDetail.render(lang),
    ])
    .style(theme::header());
    // Narrow terminals (80 columns) get the short time and the name without its number.
    let wide = area.width >= 120;
    let rows = log.entries.iter().map(|e| {
        // ID numbers stay masked here as everywhere: the log shows who, not the number.
        let who = match (&e.name, &e.case_id) {
            (Some(name), Some(id)) if wide => format!("{name} {}", mask_id(id)),
            (Some(name), Some(_)) => name.clone(),
            (None, Some(id)) => mask_id(id),
            _ => String::new(),
        };
        let at = local_time(&e.at);
        Row::new([
            if wide {
                at
            } else {
                at.get(5..).unwrap_or(&at).to_string()
            },
            e.operator.clone(),
            kind_name(&e.kind, lang),
            who,
            e.township
                .as_deref()
                .map(|t| township_name(campaign, t))
                .unwrap_or_default(),
            e.detail.clone(),
        ])
    });
    let table = Table::new(
        rows,
        if wide {
            [16, 10, 14, 27, 18, 0]
        } else {
            [11, 10, 14, 8, 12, 0]
        }
        .map(|w| {
            if w == 0 {
                Constraint::Min(6)
            } else {
                Constraint::Length(w)
            }
        }),
    )
    .header(header)
    .row_highlight_style(theme::selected())
    .block(Block::default().borders(Borders::TOP));
    let mut state = TableState::default().with_selected(Some(s.selected));
    f.render_stateful_widget(table, area, &mut state);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_cycles_through_all_then_each_choice_and_back() {
        let choices = vec!["a".to_string(), "b".to_string()];
        let mut f = None;
        f = cycle(&f, &choices, false);
        assert_eq!(f.as_deref(), Some("a"));
        f = cycle(&f, &choices, false);
        assert_eq!(f.as_deref(), Some("b"));
        f = cycle(&f, &choices, false);
        assert_eq!(f, None);
        f = cycle(&f, &choices, true);
        assert_eq!(f.as_deref(), Some("b"));
        // A choice no longer offered starts again from "all".
        assert_eq!(
            cycle(&Some("gone".to_string()), &choices, false).as_deref(),
            Some("a")
        );
        assert_eq!(cycle::<String>(&None, &[], false), None);
    }
}
