//! 评定计划: the leader's view of the re-assessment schedule. Who still needs a day,
//! what planning with some capacity and dates would do (and what would fit those who do
//! not), recording it, and postponing a whole day (另行通知) with the list of people
//! to tell. Nothing is recorded without a confirmation.

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Table, TableState, Wrap};

use crate::app::input::LineInput;
use crate::domain::campaign::Campaign;
use crate::domain::case::HalfDay;
use crate::domain::handover::mask_phone;
use crate::domain::ids::IdNumber;
use crate::domain::schedule::{Schedule, ScheduleParams, Shortfall, Slot};
use crate::domain::text::parse_day;
use crate::i18n::{Lang, Text, short_day};
use crate::store::plan::Proposal;
use crate::store::worker::{Reply, Request, ShiftView};
use crate::ui::theme;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    List,
    Edit(Box<ParamsForm>),
    ConfirmPlan,
    /// A day's postponement as proposed, waiting for a yes.
    Shift,
    /// The postponement is recorded: the people to tell.
    Shifted,
}

/// The parameters as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamsForm {
    pub capacity: LineInput,
    pub first: LineInput,
    pub last: LineInput,
    pub field: usize,
    pub problem: Option<Text>,
}

/// One site day of the schedule with its load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayRow {
    pub date: NaiveDate,
    pub vehicle: u32,
    pub site: String,
    pub am: u32,
    pub pm: u32,
    /// Of which newly placed by this proposal.
    pub new: u32,
}

#[derive(Debug, Clone)]
pub struct State {
    pub params: ScheduleParams,
    pub proposal: Option<Proposal>,
    pub days: Vec<DayRow>,
    pub selected: usize,
    pub mode: Mode,
    pub shift: Option<ShiftView>,
    pub shift_scroll: usize,
    /// The one number shown in full (`c`, recorded), with whose it is.
    pub revealed: Option<(String, String)>,
    /// Waiting for an answer from the database.
    pub busy: bool,
    pub done: Option<Text>,
}

impl State {
    pub fn new(c: &Campaign) -> State {
        State {
            params: ScheduleParams::from_campaign(c),
            proposal: None,
            days: Vec::new(),
            selected: 0,
            mode: Mode::List,
            shift: None,
            shift_scroll: 0,
            revealed: None,
            busy: false,
            done: None,
        }
    }

    pub fn refresh(&mut self) -> Vec<Request> {
        self.busy = true;
        vec![Request::Plan {
            params: self.params.clone(),
        }]
    }

    pub fn typing(&self) -> bool {
        matches!(self.mode, Mode::Edit(_))
    }

    /// A dialog has the keyboard (Esc closes it, not the screen).
    pub fn modal(&self) -> bool {
        self.mode != Mode::List
    }

    pub fn unsaved(&self) -> bool {
        matches!(self.mode, Mode::Edit(_) | Mode::ConfirmPlan | Mode::Shift)
    }
}

/// What a key does on the plan screen. `None` means "leave the screen" (Esc in the
/// list), for the app to go back to the queue.
pub fn on_key(s: &mut State, key: KeyEvent, c: &Campaign) -> Option<Vec<Request>> {
    s.done = None;
    let requests = match s.mode.clone() {
        Mode::List => return list_key(s, key, c),
        Mode::Edit(form) => edit_key(s, form, key, c),
        Mode::ConfirmPlan => {
            s.mode = Mode::List;
            match (yes(key), &s.proposal) {
                (true, Some(p)) if !p.new_slots.is_empty() => {
                    s.busy = true;
                    vec![Request::ApplyPlan {
                        slots: p.new_slots.clone(),
                    }]
                }
                _ => Vec::new(),
            }
        }
        Mode::Shift => {
            s.mode = Mode::List;
            match (yes(key), &s.shift) {
                (true, Some(view)) => {
                    s.busy = true;
                    vec![Request::ApplyShift {
                        date: view.proposal.date,
                        slots: view.proposal.slots(),
                        called_off: view.proposal.called_off(),
                    }]
                }
                _ => {
                    s.shift = None;
                    Vec::new()
                }
            }
        }
        Mode::Shifted => {
            let n = s.shift.as_ref().map_or(0, |v| v.people.len());
            match key.code {
                KeyCode::Up => s.shift_scroll = s.shift_scroll.saturating_sub(1),
                KeyCode::Down => s.shift_scroll = (s.shift_scroll + 1).min(n.saturating_sub(1)),
                KeyCode::PageDown => {
                    s.shift_scroll = (s.shift_scroll + 10).min(n.saturating_sub(1))
                }
                KeyCode::PageUp => s.shift_scroll = s.shift_scroll.saturating_sub(10),
                KeyCode::Char('c') => {
                    // Numbers are masked; the one to call now is shown on request.
                    if let Some(h) = s.shift.as_ref().and_then(|v| v.people.get(s.shift_scroll)) {
                        return Some(vec![Request::RevealPhone {
                            id_number: h.id_number.clone(),
                        }]);
                    }
                }
                KeyCode::Esc | KeyCode::Enter => {
                    s.mode = Mode::List;
                    s.shift = None;
                    s.revealed = None;
                }
                _ => {}
            }
            Vec::new()
        }
    };
    Some(requests)
}

fn yes(key: KeyEvent) -> bool {
    matches!(
        key.code,
        KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter
    )
}

fn list_key(s: &mut State, key: KeyEvent, c: &Campaign) -> Option<Vec<Request>> {
    let last = s.days.len().saturating_sub(1);
    match key.code {
        KeyCode::Esc => return None,
        KeyCode::Up => s.selected = s.selected.saturating_sub(1),
        KeyCode::Down => s.selected = (s.selected + 1).min(last),
        KeyCode::PageUp => s.selected = s.selected.saturating_sub(10),
        KeyCode::PageDown => s.selected = (s.selected + 10).min(last),
        KeyCode::Home => s.selected = 0,
        KeyCode::End => s.selected = last,
        KeyCode::Char('e') => s.mode = Mode::Edit(Box::new(ParamsForm::new(&s.params, c))),
        KeyCode::Char('r') => {
            s.params = ScheduleParams::from_campaign(c);
            return Some(s.refresh());
        }
        KeyCode::Enter if !s.busy => match &s.proposal {
            Some(p) if !p.new_slots.is_empty() => s.mode = Mode::ConfirmPlan,
            Some(_) => s.done = Some(Text::PlanNothingNew),
            None => {}
        },
        KeyCode::Char('x') if !s.busy => {
            if let Some(day) = s.days.get(s.selected) {
                s.busy = true;
                return Some(vec![Request::Shift {
                    date: day.date,
                    params: s.params.clone(),
                }]);
            }
        }
        _ => {}
    }
    Some(Vec::new())
}

impl ParamsForm {
    fn new(p: &ScheduleParams, c: &Campaign) -> ParamsForm {
        let day = |d: NaiveDate| {
            if d.year() == campaign_year(c) {
                d.format("%-m-%-d").to_string()
            } else {
                d.format("%Y-%m-%d").to_string()
            }
        };
        ParamsForm {
            capacity: LineInput::with(&p.capacity_per_half_day.to_string()),
            first: LineInput::with(&day(p.first_day)),
            last: LineInput::with(&day(p.last_day)),
            field: 0,
            problem: None,
        }
    }

    fn input(&mut self) -> &mut LineInput {
        match self.field {
            0 => &mut self.capacity,
            1 => &mut self.first,
            _ => &mut self.last,
        }
    }

    /// The parameters the form describes, or what is wrong with it.
    fn params(&self, base: &ScheduleParams, c: &Campaign) -> Result<ScheduleParams, Text> {
        let capacity_text = crate::domain::text::normalize_code(self.capacity.text());
        let capacity = capacity_text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=999).contains(n))
            .ok_or(Text::BadCapacity {
                value: self.capacity.text().to_string(),
            })?;
        let day = |input: &LineInput| {
            parse_day(input.text(), campaign_year(c)).ok_or(Text::BadDay {
                value: input.text().to_string(),
            })
        };
        let (first, last) = (day(&self.first)?, day(&self.last)?);
        if last < first {
            return Err(Text::ScheduleBadWindow {
                from: first,
                to: last,
            });
        }
        let mut params = base.clone();
        if capacity != params.capacity_per_half_day {
            // One figure for every site: what the leader typed is what is used.
            params.capacity_per_half_day = capacity;
            params.per_site_capacity.clear();
        }
        params.first_day = first;
        params.last_day = last;
        Ok(params)
    }
}

fn campaign_year(c: &Campaign) -> i32 {
    c.reassessment.start.year()
}

fn edit_key(s: &mut State, mut form: Box<ParamsForm>, key: KeyEvent, c: &Campaign) -> Vec<Request> {
    form.problem = None;
    match key.code {
        KeyCode::Esc => {
            s.mode = Mode::List;
            return Vec::new();
        }
        KeyCode::Tab | KeyCode::Down => form.field = (form.field + 1) % 3,
        KeyCode::BackTab | KeyCode::Up => form.field = (form.field + 2) % 3,
        KeyCode::Enter => match form.params(&s.params, c) {
            Ok(params) => {
                s.params = params;
                s.mode = Mode::List;
                return s.refresh();
            }
            Err(problem) => form.problem = Some(problem),
        },
        _ => {
            form.input().handle(key);
        }
    }
    s.mode = Mode::Edit(form);
    Vec::new()
}

/// Site days with their load, in date and vehicle order.
fn day_rows(schedule: &Schedule, new: &[Slot]) -> Vec<DayRow> {
    let mut rows: Vec<DayRow> = schedule
        .visits
        .iter()
        .map(|v| DayRow {
            date: v.date,
            vehicle: v.vehicle,
            site: v.site.clone(),
            am: 0,
            pm: 0,
            new: 0,
        })
        .collect();
    rows.sort_by_key(|r| (r.date, r.vehicle));
    let find = |rows: &mut Vec<DayRow>, slot: &Slot| -> Option<usize> {
        rows.iter()
            .position(|r| r.date == slot.date && r.site == slot.site)
    };
    for slot in &schedule.slots {
        if let Some(i) = find(&mut rows, slot) {
            match slot.half_day {
                HalfDay::Am => rows[i].am += 1,
                HalfDay::Pm => rows[i].pm += 1,
            }
        }
    }
    for slot in new {
        if let Some(i) = find(&mut rows, slot) {
            rows[i].new += 1;
        }
    }
    rows
}

pub fn on_reply(s: &mut State, reply: &Reply) -> Vec<Request> {
    match reply {
        Reply::Plan(p) => {
            s.busy = false;
            s.params = p.params.clone();
            s.days = day_rows(&p.schedule, &p.new_slots);
            s.selected = s.selected.min(s.days.len().saturating_sub(1));
            s.proposal = Some((**p).clone());
            Vec::new()
        }
        Reply::PhoneRevealed { id_number, phone } => {
            s.revealed = Some((id_number.clone(), phone.clone()));
            Vec::new()
        }
        Reply::Shift(view) => {
            s.revealed = None;
            s.busy = false;
            if view.proposal.moved.is_empty() {
                s.done = Some(Text::ShiftNobody {
                    date: view.proposal.date,
                });
            } else {
                s.shift = Some((**view).clone());
                s.mode = Mode::Shift;
            }
            Vec::new()
        }
        Reply::PlanRecorded { n } => {
            s.done = Some(Text::ScheduleApplied { n: *n });
            s.refresh()
        }
        Reply::ShiftRecorded { date, .. } => {
            // The day stays out of any plan made from here on.
            s.params.blocked_days.insert(*date);
            s.shift_scroll = 0;
            s.mode = Mode::Shifted;
            s.refresh()
        }
        Reply::Failed(_) => {
            s.busy = false;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------
// Drawing

pub fn view(f: &mut Frame, area: Rect, s: &State, c: &Campaign, lang: Lang) {
    let [head, counts, body, short, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(area);
    let p = &s.params;
    let title = format!(
        "{} │ {}",
        Text::PlanTitle.render(lang),
        Text::PlanHead {
            first: p.first_day,
            last: p.last_day,
            capacity: p.capacity_per_half_day as usize,
            vehicles: p.vehicles as usize,
        }
        .render(lang)
    );
    let mut title = title;
    if !p.blocked_days.is_empty() {
        let days: Vec<String> = p.blocked_days.iter().map(|d| short_day(*d, lang)).collect();
        title.push_str(
            &Text::PlanBlocked {
                days: days.join("、"),
            }
            .render(lang),
        );
    }
    f.render_widget(Paragraph::new(title).style(theme::title()), head);
    let counts_text = match (&s.proposal, s.busy) {
        (_, true) | (None, _) => Text::Computing.render(lang),
        (Some(pr), false) => Text::PlanCounts {
            booked: pr.booked,
            subjects: pr.subjects,
            placed: pr.new_slots.len(),
        }
        .render(lang),
    };
    f.render_widget(Paragraph::new(counts_text), counts);
    render_days(f, body, s, c, lang);
    if let Some(short_of) = s
        .proposal
        .as_ref()
        .and_then(|p| p.schedule.shortfall.as_ref())
    {
        let mut lines = vec![Line::from(Span::styled(
            Text::ScheduleShortfall {
                unplaced: short_of.unplaced,
            }
            .render(lang),
            theme::error(),
        ))];
        let fixes: Vec<String> = fixes(short_of).iter().map(|t| t.render(lang)).collect();
        lines.push(Line::from(fixes.join("；")));
        f.render_widget(Paragraph::new(lines), short);
    }
    let hint = s.done.clone().unwrap_or(Text::PlanKeys);
    f.render_widget(Paragraph::new(hint.render(lang)).style(theme::dim()), foot);
    match &s.mode {
        Mode::List => {}
        Mode::Edit(form) => render_edit(f, body, form, lang),
        Mode::ConfirmPlan => {
            let n = s.proposal.as_ref().map_or(0, |p| p.new_slots.len());
            render_confirm(f, body, Text::ConfirmPlan { n }, lang);
        }
        Mode::Shift | Mode::Shifted => {
            if let Some(view) = &s.shift {
                render_shift(f, body, s, view, lang);
            }
        }
    }
}

/// `3月29日` or `03-29`.
fn day_only(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => date.format("%-m月%-d日").to_string(),
        Lang::En => date.format("%m-%d").to_string(),
    }
}

/// What would fit everyone: more capacity, or more days.
fn fixes(short_of: &Shortfall) -> Vec<Text> {
    let mut fixes = Vec::new();
    if let Some(capacity) = short_of.capacity_needed_per_half_day {
        fixes.push(Text::PlanFixCapacity {
            capacity: capacity as usize,
        });
    }
    if let (Some(days), Some(until)) =
        (short_of.extra_working_days_needed, short_of.last_day_needed)
    {
        fixes.push(Text::PlanFixDays {
            days: days as usize,
            until,
        });
    }
    fixes
}

fn render_days(f: &mut Frame, area: Rect, s: &State, c: &Campaign, lang: Lang) {
    let capacity = |site: &str| s.params.capacity(site);
    let rows = s.days.iter().map(|d| {
        let site = c.site(&d.site).map_or(d.site.as_str(), |x| x.name.as_str());
        let load = |n: u32| format!("{n}/{}", capacity(&d.site));
        let new = if d.new > 0 {
            format!("+{}", d.new)
        } else {
            String::new()
        };
        Row::new([
            short_day(d.date, lang),
            d.vehicle.to_string(),
            site.to_string(),
            load(d.am),
            load(d.pm),
            new,
        ])
    });
    let header = Row::new([
        Text::PlanColDate.render(lang),
        Text::PlanColVehicle.render(lang),
        Text::PlanColSite.render(lang),
        Text::PlanColAm.render(lang),
        Text::PlanColPm.render(lang),
        Text::PlanColNew.render(lang),
    ])
    .style(theme::header());
    let table = Table::new(
        rows,
        [
            Constraint::Length(13),
            Constraint::Length(3),
            Constraint::Min(12),
            Constraint::Length(7),
            Constraint::Length(7),
            Constraint::Length(5),
        ],
    )
    .header(header)
    .row_highlight_style(theme::selected())
    .block(Block::default().borders(Borders::TOP));
    let mut st = TableState::default().with_selected((!s.days.is_empty()).then_some(s.selected));
    f.render_stateful_widget(table, area, &mut st);
}

fn render_edit(f: &mut Frame, area: Rect, form: &ParamsForm, lang: Lang) {
    let p = crate::ui::centered(area, 50, 7);
    f.render_widget(Clear, p);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(Text::PlanEditTitle.render(lang));
    let inner = block.inner(p);
    let labels = [Text::FieldCapacity, Text::FieldFirstDay, Text::FieldLastDay];
    let inputs = [&form.capacity, &form.first, &form.last];
    let label_width = labels
        .iter()
        .map(|l| unicode_width::UnicodeWidthStr::width(l.render(lang).as_str()))
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = labels
        .iter()
        .zip(inputs)
        .enumerate()
        .map(|(i, (label, input))| {
            let mark = if i == form.field { "▶ " } else { "  " };
            Line::from(format!(
                "{mark}{} {}",
                crate::i18n::pad(&label.render(lang), label_width),
                input.text()
            ))
        })
        .collect();
    let status = form.problem.clone().unwrap_or(Text::PlanEditKeys);
    let style = if form.problem.is_some() {
        theme::error()
    } else {
        theme::dim()
    };
    lines.push(Line::from(Span::styled(status.render(lang), style)));
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        p,
    );
    let input = inputs[form.field.min(2)];
    let x = inner.x + 2 + label_width as u16 + 1 + input.cursor_column() as u16;
    f.set_cursor_position(Position::new(
        x.min(inner.right().saturating_sub(1)),
        inner.y + form.field as u16,
    ));
}

fn render_confirm(f: &mut Frame, area: Rect, text: Text, lang: Lang) {
    let p = crate::ui::centered(area, 56, 5);
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

fn render_shift(f: &mut Frame, area: Rect, s: &State, view: &ShiftView, lang: Lang) {
    // The whole body: a box narrower than the screen could halve a wide character
    // of the table underneath at its edge.
    let p = area;
    f.render_widget(Clear, p);
    let date = view.proposal.date;
    let n = view.proposal.moved.len();
    let (title, keys) = if s.mode == Mode::Shifted {
        (Text::ShiftedTitle { date, n }, Text::ShiftedKeys)
    } else {
        (Text::ShiftTitle { date, n }, Text::ShiftKeys)
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if s.mode == Mode::Shift {
            theme::error()
        } else {
            theme::border(true)
        })
        .title(title.render(lang));
    let inner = block.inner(p);
    f.render_widget(block, p);
    let [summary, fix, list, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(inner);
    let none = view
        .proposal
        .moved
        .iter()
        .filter(|m| m.to.is_none())
        .count();
    f.render_widget(
        Paragraph::new(
            Text::ShiftSummary {
                later: n - none,
                none,
            }
            .render(lang),
        ),
        summary,
    );
    if let Some(short_of) = &view.proposal.schedule.shortfall {
        f.render_widget(
            Paragraph::new(
                fixes(short_of)
                    .iter()
                    .map(|t| t.render(lang))
                    .collect::<Vec<_>>()
                    .join("；"),
            )
            .style(theme::error()),
            fix,
        );
    }
    // A postponed day keeps each person's site: the day and half-day say it all.
    let slot_text = |slot: Option<&Slot>| match slot {
        Some(slot) => {
            let half = match slot.half_day {
                HalfDay::Am => Text::PlanColAm,
                HalfDay::Pm => Text::PlanColPm,
            };
            format!("{} {}", day_only(slot.date, lang), half.render(lang))
        }
        None => Text::NotifyLater.render(lang),
    };
    let rows = view.proposal.moved.iter().zip(&view.people).map(|(m, h)| {
        let id = IdNumber::parse(&h.id_number)
            .map(|i| i.masked())
            .unwrap_or_else(|_| h.id_number.clone());
        let phone = match &s.revealed {
            Some((id, phone)) if *id == h.id_number => phone.clone(),
            _ if h.phone.is_empty() => mask_phone(&h.guardian_phone),
            _ => mask_phone(&h.phone),
        };
        let to = Span::styled(
            slot_text(m.to.as_ref()),
            if m.to.is_none() {
                theme::error()
            } else {
                ratatui::style::Style::new()
            },
        );
        Row::new(vec![
            ratatui::text::Text::from(h.name.clone()),
            ratatui::text::Text::from(id),
            ratatui::text::Text::from(phone),
            ratatui::text::Text::from(slot_text(m.from.as_ref())),
            ratatui::text::Text::from(Line::from(to)),
        ])
    });
    let header = Row::new([
        Text::ColName.render(lang),
        Text::ColIdNumber.render(lang),
        Text::ColPhone.render(lang),
        Text::ColFrom.render(lang),
        Text::ColTo.render(lang),
    ])
    .style(theme::header());
    let table = Table::new(
        rows,
        [
            Constraint::Length(8),
            Constraint::Length(18),
            Constraint::Length(13),
            Constraint::Length(12),
            Constraint::Length(12),
        ],
    )
    .header(header)
    .row_highlight_style(theme::selected());
    let selected = (s.mode == Mode::Shifted && n > 0).then_some(s.shift_scroll);
    let mut st = TableState::default().with_selected(selected);
    f.render_stateful_widget(table, list, &mut st);
    f.render_widget(Paragraph::new(keys.render(lang)).style(theme::dim()), foot);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::Category;
    use crate::domain::schedule::SiteDay;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, day).unwrap()
    }

    #[test]
    fn day_rows_count_each_half_day_and_the_new() {
        let slot = |id: &str, day: u32, half_day| Slot {
            id: id.into(),
            site: "s1".into(),
            date: d(3, day),
            half_day,
            category: Category::Physical,
        };
        let schedule = Schedule {
            slots: vec![
                slot("a", 28, HalfDay::Am),
                slot("b", 28, HalfDay::Pm),
                slot("c", 28, HalfDay::Pm),
                slot("d", 29, HalfDay::Am),
            ],
            visits: vec![
                SiteDay {
                    date: d(3, 29),
                    vehicle: 1,
                    site: "s1".into(),
                },
                SiteDay {
                    date: d(3, 28),
                    vehicle: 1,
                    site: "s1".into(),
                },
            ],
            ..Schedule::default()
        };
        let rows = day_rows(&schedule, &[slot("c", 28, HalfDay::Pm)]);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].date, rows[0].am, rows[0].pm, rows[0].new),
            (d(3, 28), 1, 2, 1)
        );
        assert_eq!(
            (rows[1].date, rows[1].am, rows[1].pm, rows[1].new),
            (d(3, 29), 1, 0, 0)
        );
    }

    #[test]
    fn the_form_refuses_what_is_not_a_capacity_or_a_day() {
        let c = Campaign::builtin();
        let base = ScheduleParams::from_campaign(c);
        let mut form = ParamsForm::new(&base, c);
        assert_eq!(form.params(&base, c), Ok(base.clone()));
        form.capacity = LineInput::with("0");
        assert!(matches!(
            form.params(&base, c),
            Err(Text::BadCapacity { .. })
        ));
        form.capacity = LineInput::with("７０");
        form.last = LineInput::with("5月20日");
        let p = form.params(&base, c).unwrap();
        assert_eq!((p.capacity("any"), p.last_day), (70, d(5, 20)));
        form.first = LineInput::with("2-30");
        assert!(matches!(form.params(&base, c), Err(Text::BadDay { .. })));
        form.first = LineInput::with("5-21");
        assert!(matches!(
            form.params(&base, c),
            Err(Text::ScheduleBadWindow { .. })
        ));
    }
}
