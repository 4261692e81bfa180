//! 上门服务: the home visits for people who cannot travel. Each visiting day's route in order
//! with arrival times, kilometres and the doctors to bring; every case with its township,
//! village, category and status (and why it is on no day). Plan, move or pin a visit and the
//! rest re-plans; mark visited (then the result form of the queue) or not at home (re-plan);
//! print the day's route sheet into the print folder. `w` sets when the family is at home
//! (上午 → 下午 → 全天). A card to deliver (送证上门) is a visit too: `v` on it opens the
//! handover for that holder. Planning runs on the database thread; Esc cancels it.

use std::path::Path;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Borders, Clear, Gauge, Paragraph, Row, Table, TableState};

use crate::domain::campaign::Campaign;
use crate::domain::case::State as CaseState;
use crate::domain::home_visit::{VisitWindow, hours_text};
use crate::domain::ids::Category;
use crate::export::route_sheet::clock;
use crate::i18n::{Lang, Localized, Text, short_day};
use crate::routing::UnplacedReason;
use crate::screens::queue::{ResultForm, edit_field, render_form};
use crate::store::routes::{Change, HomeRow, Problem, RouteView};
use crate::store::worker::{Reply, Request};
use crate::ui::theme;

/// What the screen lists: one day's route, or every case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Day,
    Cases,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    List,
    /// Choosing the day to move the case (index into the view's cases) to.
    Move {
        case: usize,
        day: usize,
    },
    ConfirmNotHome {
        case: usize,
    },
    Form(Box<ResultForm>),
}

#[derive(Debug, Clone)]
pub struct State {
    pub view: Option<RouteView>,
    pub pane: Pane,
    /// Index into the view's days.
    pub day: usize,
    pub selected: usize,
    pub mode: Mode,
    /// Planning in progress, thousandths done.
    pub planning: Option<u32>,
    /// Search budget of a plan, in milliseconds of the calibrated work rate.
    pub budget_ms: u64,
    pub done: Option<Text>,
    /// The result form whose event is on its way to the database: if it is not
    /// saved, the form comes back as it was typed.
    sent: Option<Box<ResultForm>>,
    /// A card to deliver was visited: the holder (ID number) to open on the handover
    /// screen. The application takes it.
    pub hand_over: Option<String>,
}

impl Default for State {
    fn default() -> State {
        State {
            view: None,
            pane: Pane::Day,
            day: 0,
            selected: 0,
            mode: Mode::List,
            planning: None,
            budget_ms: 1000,
            done: None,
            sent: None,
            hand_over: None,
        }
    }
}

impl State {
    pub fn refresh(&mut self) -> Vec<Request> {
        vec![Request::RouteView]
    }

    pub fn typing(&self) -> bool {
        matches!(self.mode, Mode::Form(_))
    }

    pub fn modal(&self) -> bool {
        self.mode != Mode::List || self.planning.is_some()
    }

    pub fn unsaved(&self) -> bool {
        matches!(self.mode, Mode::Form(_))
    }

    /// The cases the list shows, in order: the day's route, or every case.
    pub fn rows(&self) -> Vec<usize> {
        let Some(v) = &self.view else {
            return Vec::new();
        };
        match self.pane {
            Pane::Day => v
                .days
                .get(self.day)
                .map(|d| d.stops.iter().map(|s| s.case).collect())
                .unwrap_or_default(),
            Pane::Cases => (0..v.cases.len()).collect(),
        }
    }

    fn current(&self) -> Option<usize> {
        self.rows().get(self.selected).copied()
    }

    fn date(&self) -> Option<NaiveDate> {
        self.view.as_ref()?.days.get(self.day).map(|d| d.date)
    }

    fn plan(&mut self, change: Change) -> Vec<Request> {
        self.planning = Some(0);
        vec![Request::RoutePlan {
            change,
            budget_ms: self.budget_ms,
        }]
    }
}

/// The screen's keys, for the F1 help.
pub fn help() -> Vec<(&'static str, Text)> {
    vec![
        ("← / →", Text::HelpVisitDay),
        ("p / P", Text::HelpVisitPlan),
        ("m / f", Text::HelpVisitMove),
        ("w", Text::HelpVisitHours),
        ("v / Enter", Text::HelpVisitVisited),
        ("n", Text::HelpVisitNotHome),
        ("r", Text::HelpVisitSheet),
        ("a", Text::HelpVisitAll),
    ]
}

pub fn on_key(s: &mut State, key: KeyEvent, c: &Campaign, print_dir: &Path) -> Vec<Request> {
    s.done = None;
    if s.planning.is_some() {
        if key.code == KeyCode::Esc {
            return vec![Request::RouteCancel];
        }
        return Vec::new();
    }
    match s.mode.clone() {
        Mode::List => list_key(s, key, c, print_dir),
        Mode::Move { case, day } => {
            let n = s.view.as_ref().map_or(0, |v| v.days.len());
            match key.code {
                KeyCode::Left => {
                    s.mode = Mode::Move {
                        case,
                        day: day.saturating_sub(1),
                    }
                }
                KeyCode::Right => {
                    s.mode = Mode::Move {
                        case,
                        day: (day + 1).min(n.saturating_sub(1)),
                    }
                }
                KeyCode::Enter => {
                    s.mode = Mode::List;
                    let target = s.view.as_ref().and_then(|v| {
                        Some((
                            v.cases.get(case)?.holder.id_number.clone(),
                            v.days.get(day)?.date,
                        ))
                    });
                    if let Some((id_number, date)) = target {
                        s.day = day;
                        return s.plan(Change::Move { id_number, date });
                    }
                }
                KeyCode::Esc => s.mode = Mode::List,
                _ => {}
            }
            Vec::new()
        }
        Mode::ConfirmNotHome { case } => {
            s.mode = Mode::List;
            let yes = matches!(
                key.code,
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter
            );
            match (
                yes,
                s.view.as_ref().and_then(|v| v.cases.get(case)),
                s.date(),
            ) {
                (true, Some(row), Some(date)) => {
                    s.planning = Some(0);
                    vec![Request::RouteVisit {
                        id_number: row.holder.id_number.clone(),
                        date,
                        at_home: false,
                        budget_ms: s.budget_ms,
                    }]
                }
                _ => Vec::new(),
            }
        }
        Mode::Form(mut form) => {
            form.problem = None;
            match key.code {
                KeyCode::Esc => {
                    s.mode = Mode::List;
                    return Vec::new();
                }
                KeyCode::Tab | KeyCode::Down => form.step(true),
                KeyCode::BackTab | KeyCode::Up => form.step(false),
                KeyCode::Enter => {
                    let date = s.date().unwrap_or(c.home_visits.start);
                    match form.event(c, date) {
                        Ok(event) => {
                            s.mode = Mode::List;
                            let request = Request::Record {
                                id_number: form.id_number.clone(),
                                day: date,
                                event,
                            };
                            s.sent = Some(form);
                            return vec![request];
                        }
                        Err(problem) => form.problem = Some(problem),
                    }
                }
                _ => edit_field(&mut form, key, c),
            }
            s.mode = Mode::Form(form);
            Vec::new()
        }
    }
}

fn list_key(s: &mut State, key: KeyEvent, c: &Campaign, print_dir: &Path) -> Vec<Request> {
    let last = s.rows().len().saturating_sub(1);
    let days = s.view.as_ref().map_or(0, |v| v.days.len());
    match key.code {
        KeyCode::Up => s.selected = s.selected.saturating_sub(1),
        KeyCode::Down => s.selected = (s.selected + 1).min(last),
        KeyCode::PageUp => s.selected = s.selected.saturating_sub(10),
        KeyCode::PageDown => s.selected = (s.selected + 10).min(last),
        KeyCode::Left if s.pane == Pane::Day => {
            s.day = s.day.saturating_sub(1);
            s.selected = 0;
        }
        KeyCode::Right if s.pane == Pane::Day => {
            s.day = (s.day + 1).min(days.saturating_sub(1));
            s.selected = 0;
        }
        KeyCode::Char('a') => {
            s.pane = match s.pane {
                Pane::Day => Pane::Cases,
                Pane::Cases => Pane::Day,
            };
            s.selected = 0;
        }
        KeyCode::Char('p') if key.modifiers == KeyModifiers::NONE => return s.plan(Change::Replan),
        KeyCode::Char('P') => return s.plan(Change::Fresh),
        KeyCode::Char('m') => {
            if let Some(case) = s.current() {
                let day = s
                    .view
                    .as_ref()
                    .and_then(|v| {
                        let d = v.cases[case].day?;
                        v.days.iter().position(|x| x.date == d)
                    })
                    .unwrap_or(s.day);
                s.mode = Mode::Move { case, day };
            }
        }
        KeyCode::Char('f') => {
            if let Some((row, date)) = s.current().and_then(|i| {
                let row = s.view.as_ref()?.cases.get(i)?.clone();
                let date = row.day?;
                Some((row, date))
            }) {
                let change = if row.pinned {
                    Change::Unpin {
                        id_number: row.holder.id_number,
                    }
                } else {
                    Change::Move {
                        id_number: row.holder.id_number,
                        date,
                    }
                };
                return s.plan(change);
            }
        }
        KeyCode::Char('v') if s.pane == Pane::Day => {
            let (Some(case), Some(date)) = (s.current(), s.date()) else {
                return Vec::new();
            };
            let Some(row) = s.view.as_ref().map(|v| v.cases[case].clone()) else {
                return Vec::new();
            };
            if row.visited() {
                return Vec::new();
            }
            if row.delivery() {
                s.hand_over = Some(row.holder.id_number);
                return Vec::new();
            }
            return vec![Request::RouteVisit {
                id_number: row.holder.id_number,
                date,
                at_home: true,
                budget_ms: s.budget_ms,
            }];
        }
        KeyCode::Enter => {
            if let Some(row) = s
                .current()
                .and_then(|i| s.view.as_ref()?.cases.get(i).cloned())
                && row.visited()
            {
                s.form_for(&row, c);
            }
        }
        KeyCode::Char('n') if s.pane == Pane::Day => {
            if let Some(case) = s.current() {
                s.mode = Mode::ConfirmNotHome { case };
            }
        }
        KeyCode::Char('r') if s.pane == Pane::Day => {
            if let Some(date) = s.date() {
                return vec![Request::RouteSheet {
                    date,
                    path: print_dir.join(format!("上门路线单-{date}.pdf")),
                }];
            }
        }
        KeyCode::Char('w') => {
            if let Some(row) = s
                .current()
                .and_then(|i| s.view.as_ref()?.cases.get(i).cloned())
            {
                return vec![Request::RouteWindow {
                    id_number: row.holder.id_number,
                    window: VisitWindow::cycle(row.window),
                }];
            }
        }
        _ => {}
    }
    Vec::new()
}

impl State {
    fn form_for(&mut self, row: &HomeRow, c: &Campaign) {
        self.mode = Mode::Form(Box::new(ResultForm::new(&row.holder, None, c)));
    }
}

pub fn on_reply(s: &mut State, reply: &Reply, c: &Campaign) -> Vec<Request> {
    match reply {
        Reply::RouteProgress { permille } => {
            if s.planning.is_some() {
                s.planning = Some(*permille);
            }
            Vec::new()
        }
        Reply::Route(view) => {
            let was_planning = s.planning.take().is_some();
            if was_planning && view.cut_by_clock {
                s.done = Some(Text::RouteCutByClock);
            } else if was_planning {
                s.done = Some(Text::RoutesPlanned {
                    planned: view.planned(),
                    total: view.cases.len(),
                    km: format!("{:.1}", view.km()),
                });
            }
            s.view = Some((**view).clone());
            s.day = s.day.min(view.days.len().saturating_sub(1));
            s.selected = s.selected.min(s.rows().len().saturating_sub(1));
            Vec::new()
        }
        Reply::RouteVisited { id_number } => {
            let row = s
                .view
                .as_ref()
                .and_then(|v| v.cases.iter().find(|r| &r.holder.id_number == id_number))
                .cloned();
            if let Some(row) = row {
                s.form_for(&row, c);
            }
            s.refresh()
        }
        Reply::RouteSheetWritten { path, stops, pages } => {
            s.done = Some(Text::RouteSheetWritten {
                path: path.clone(),
                n: *stops,
                pages: *pages,
            });
            Vec::new()
        }
        Reply::Recorded { id_number, .. } if s.view.is_some() => {
            if s.sent.as_ref().is_some_and(|f| &f.id_number == id_number) {
                s.sent = None;
            }
            s.refresh()
        }
        Reply::Failed(problem) => {
            s.planning = None;
            if let Some(mut form) = s.sent.take() {
                form.problem = Some(problem.clone());
                s.mode = Mode::Form(form);
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------
// Drawing

fn category(row: &HomeRow, lang: Lang) -> String {
    row.holder
        .category
        .and_then(Category::from_digit)
        .map(|c| c.local(lang))
        .unwrap_or_else(|| Text::RouteNewApplicant.render(lang))
}

fn status(row: &HomeRow, problem: Option<Problem>, lang: Lang) -> String {
    let state = row
        .state()
        .map(|s| match s {
            CaseState::Waiting => Text::RouteVisitedState.render(lang),
            CaseState::ReadyForHandover => Text::RouteDelivery.render(lang),
            s => s.local(lang),
        })
        .unwrap_or_default();
    let mut extra = String::new();
    if row.window.is_some() {
        extra = format!(" · {}", hours_text(row.window).render(lang));
    }
    if row.pinned {
        extra.push_str(&format!(" · {}", Text::RoutePinned.render(lang)));
    }
    match problem {
        None => format!("{state}{extra}"),
        Some(p) => format!("{state}{extra} · {}", problem_text(p).render(lang)),
    }
}

fn problem_text(p: Problem) -> Text {
    match p {
        Problem::NotPlanned => Text::RouteProblemNotPlanned,
        Problem::Unplaced(UnplacedReason::NoLocation) => Text::RouteProblemNoLocation,
        Problem::Unplaced(UnplacedReason::NoDoctorDay) => Text::RouteProblemNoDoctorDay,
        Problem::Unplaced(UnplacedReason::WindowTooShort) => Text::RouteProblemWindow,
        Problem::Unplaced(UnplacedReason::NoRoom) => Text::RouteProblemNoRoom,
    }
}

pub fn view(f: &mut Frame, area: Rect, s: &State, c: &Campaign, lang: Lang) {
    // The keys take two lines where one is too narrow for them (80 columns).
    let hint = s.done.clone().unwrap_or(match s.pane {
        Pane::Day => Text::RouteKeysDay,
        Pane::Cases => Text::RouteKeysCases,
    });
    let hint = hint.render(lang);
    let foot_lines = if ratatui::text::Line::from(hint.as_str()).width() > area.width as usize {
        2
    } else {
        1
    };
    let [head, sub, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(foot_lines),
    ])
    .areas(area);
    let Some(v) = &s.view else {
        f.render_widget(Paragraph::new(Text::Computing.render(lang)), head);
        return;
    };
    let needs_location = v
        .problems
        .iter()
        .filter(|p| **p == Some(Problem::Unplaced(UnplacedReason::NoLocation)))
        .count();
    let unplaced = v.problems.iter().filter(|p| p.is_some()).count();
    let mut title = format!(
        "{} │ {}",
        Text::TabVisits.render(lang),
        Text::RoutesHead {
            total: v.cases.len(),
            planned: v.planned(),
            unplaced,
            needs_location,
            km: format!("{:.1}", v.km()),
        }
        .render(lang)
    );
    if !v.estimated.is_empty() {
        title = format!(
            "{title} · {}",
            Text::RouteEstimatedShort {
                n: v.estimated.len()
            }
            .render(lang)
        );
    }
    f.render_widget(Paragraph::new(title).style(theme::title()), head);
    match s.pane {
        Pane::Day => {
            let line = match v.days.get(s.day) {
                Some(d) => Text::RouteDayHead {
                    day: short_day(d.date, lang),
                    n: d.stops.len(),
                    km: format!("{:.1}", d.km),
                    hours: format!("{}–{}", clock(d.leave), clock(d.back)),
                    doctors: d.doctors.join("、"),
                }
                .render(lang),
                None => String::new(),
            };
            f.render_widget(Paragraph::new(line), sub);
            render_day(f, body, s, v, lang);
        }
        Pane::Cases => {
            f.render_widget(
                Paragraph::new(Text::RouteAllCases.render(lang)).style(theme::header()),
                sub,
            );
            render_cases(f, body, s, v, lang);
        }
    }
    f.render_widget(
        Paragraph::new(hint)
            .style(theme::dim())
            .wrap(ratatui::widgets::Wrap { trim: true }),
        foot,
    );
    if let Some(permille) = s.planning {
        let p = crate::ui::centered(body, 50, 3);
        f.render_widget(Clear, p);
        let gauge = Gauge::default()
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(Text::RoutePlanning.render(lang)),
            )
            .gauge_style(theme::gauge())
            .ratio(f64::from(permille.min(1000)) / 1000.0);
        f.render_widget(gauge, p);
    }
    match &s.mode {
        Mode::List => {}
        Mode::Move { case, day } => {
            let p = crate::ui::centered(body, 56, 4);
            f.render_widget(Clear, p);
            let name = v.cases.get(*case).map_or("", |r| r.holder.name.as_str());
            let date = v
                .days
                .get(*day)
                .map(|d| short_day(d.date, lang))
                .unwrap_or_default();
            let lines = [
                Text::RouteMoveTo {
                    name: name.into(),
                    day: date,
                }
                .render(lang),
                Text::RouteMoveKeys.render(lang),
            ];
            f.render_widget(
                Paragraph::new(lines.join("\n")).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_style(theme::border(true)),
                ),
                p,
            );
        }
        Mode::ConfirmNotHome { case } => {
            let p = crate::ui::centered(body, 56, 4);
            f.render_widget(Clear, p);
            let name = v.cases.get(*case).map_or("", |r| r.holder.name.as_str());
            let lines = [
                Text::RouteConfirmNotHome { name: name.into() }.render(lang),
                Text::YesNoKeys.render(lang),
            ];
            f.render_widget(
                Paragraph::new(lines.join("\n")).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_style(theme::error()),
                ),
                p,
            );
        }
        Mode::Form(form) => render_form(f, body, form, c, lang),
    }
}

fn render_day(f: &mut Frame, area: Rect, s: &State, v: &RouteView, lang: Lang) {
    let Some(day) = v.days.get(s.day) else {
        return;
    };
    let rows = day.stops.iter().enumerate().map(|(i, stop)| {
        let r = &v.cases[stop.case];
        Row::new([
            (i + 1).to_string(),
            clock(stop.arrival),
            r.holder.name.clone(),
            r.holder.township_name.clone(),
            r.holder.village.clone(),
            category(r, lang),
            status(r, None, lang),
        ])
    });
    let header = Row::new(
        [
            Text::RouteColSeq,
            Text::RouteColArrival,
            Text::ColName,
            Text::ColTownship,
            Text::ColVillage,
            Text::ColCategory,
            Text::ColState,
        ]
        .map(|t| t.render(lang)),
    )
    .style(theme::header());
    let table = Table::new(
        rows,
        [
            Constraint::Length(4),
            Constraint::Length(6),
            Constraint::Length(8),
            Constraint::Length(14),
            Constraint::Length(10),
            Constraint::Length(8),
            Constraint::Min(8),
        ],
    )
    .header(header)
    .row_highlight_style(theme::selected())
    .block(Block::default().borders(Borders::TOP));
    let mut st = TableState::default().with_selected((!day.stops.is_empty()).then_some(s.selected));
    f.render_stateful_widget(table, area, &mut st);
}

fn render_cases(f: &mut Frame, area: Rect, s: &State, v: &RouteView, lang: Lang) {
    let rows = v.cases.iter().zip(&v.problems).map(|(r, p)| {
        let day = r
            .day
            .filter(|_| p.is_none())
            .map(|d| short_day(d, lang))
            .unwrap_or_default();
        let row = Row::new([
            r.holder.name.clone(),
            r.holder.township_name.clone(),
            r.holder.village.clone(),
            category(r, lang),
            day,
            status(r, *p, lang),
        ]);
        if matches!(p, Some(Problem::Unplaced(_))) {
            row.style(theme::error())
        } else {
            row
        }
    });
    let header = Row::new(
        [
            Text::ColName,
            Text::ColTownship,
            Text::ColVillage,
            Text::ColCategory,
            Text::RouteColDay,
            Text::ColState,
        ]
        .map(|t| t.render(lang)),
    )
    .style(theme::header());
    let table = Table::new(
        rows,
        [
            Constraint::Length(8),
            Constraint::Length(14),
            Constraint::Length(10),
            Constraint::Length(8),
            Constraint::Length(12),
            Constraint::Min(8),
        ],
    )
    .header(header)
    .row_highlight_style(theme::selected())
    .block(Block::default().borders(Borders::TOP));
    let mut st = TableState::default().with_selected((!v.cases.is_empty()).then_some(s.selected));
    f.render_stateful_widget(table, area, &mut st);
}
