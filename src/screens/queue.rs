//! 评定队列: a site's day. Who is expected, who has checked in and waits for which
//! doctor and for how long, who is done; check-in, results, absences, end of day.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Table, TableState};

use crate::app::input::LineInput;
use crate::domain::campaign::Campaign;
use crate::domain::case::{Assessment, Event, Finding, State as CaseState};
use crate::domain::ids::{Category, Grade};
use crate::i18n::{Lang, Localized, Text};
use crate::store::holders::HolderRow;
use crate::store::queries::QueueRow;
use crate::store::worker::{Reply, Request};
use crate::ui::theme;

const SEARCH_SEQ_BASE: u64 = 1 << 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    List,
    /// Typing to find the person at the table.
    CheckIn,
    Form(ResultForm),
    Confirm(Confirm),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    WalkIn(HolderRow),
    Absent(QueueRow),
    EndOfDay { expected: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Category,
    Grade,
    Institution,
    Doctor,
    NotDisabled,
    Reason,
}

/// The result of one assessment as typed; `reason` is required for a correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultForm {
    pub id_number: String,
    pub name: String,
    pub category: Option<Category>,
    pub grade: Option<Grade>,
    pub institution: usize,
    pub doctor: LineInput,
    pub not_disabled: bool,
    pub correction: Option<LineInput>,
    pub field: Field,
    pub problem: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct State {
    pub site: usize,
    pub date: NaiveDate,
    pub rows: Vec<QueueRow>,
    pub selected: usize,
    pub mode: Mode,
    pub query: LineInput,
    pub seq: u64,
    pub found: Vec<HolderRow>,
    pub found_selected: usize,
    /// What the last committed action did, shown until the next one.
    pub done: Option<Text>,
    /// The result form whose event is on its way to the database: if it is not
    /// saved (a full disk, a read-only file), the form comes back as it was typed.
    sent: Option<ResultForm>,
}

impl State {
    pub fn new(campaign: &Campaign) -> State {
        State {
            site: 0,
            date: campaign.reassessment.start,
            rows: Vec::new(),
            selected: 0,
            mode: Mode::List,
            query: LineInput::default(),
            seq: SEARCH_SEQ_BASE,
            found: Vec::new(),
            found_selected: 0,
            done: None,
            sent: None,
        }
    }

    pub fn site_id<'c>(&self, c: &'c Campaign) -> &'c str {
        c.sites.get(self.site).map_or("", |s| s.id.as_str())
    }

    pub fn typing(&self) -> bool {
        matches!(self.mode, Mode::CheckIn | Mode::Form(_))
    }

    /// A form holds input that would be lost by quitting.
    pub fn unsaved(&self) -> bool {
        matches!(self.mode, Mode::Form(_)) || !self.query.is_empty()
    }

    pub fn refresh(&self, c: &Campaign) -> Vec<Request> {
        vec![Request::DayList {
            site: self.site_id(c).to_string(),
            date: self.date,
        }]
    }

    fn expected(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.holder.state == CaseState::Scheduled.as_str())
            .count()
    }

    fn record(&self, id_number: &str, event: Event) -> Vec<Request> {
        vec![Request::Record {
            id_number: id_number.to_string(),
            day: self.date,
            event,
        }]
    }
}

fn waiting(r: &QueueRow) -> bool {
    r.holder.state == CaseState::Waiting.as_str()
}

pub fn on_key(s: &mut State, key: KeyEvent, c: &Campaign) -> Vec<Request> {
    match s.mode.clone() {
        Mode::List => list_key(s, key, c),
        Mode::CheckIn => checkin_key(s, key, c),
        Mode::Form(form) => form_key(s, form, key, c),
        Mode::Confirm(confirm) => confirm_key(s, confirm, key, c),
    }
}

fn list_key(s: &mut State, key: KeyEvent, c: &Campaign) -> Vec<Request> {
    let cal = c.calendar();
    match key.code {
        KeyCode::Up => s.selected = s.selected.saturating_sub(1),
        KeyCode::Down => s.selected = (s.selected + 1).min(s.rows.len().saturating_sub(1)),
        KeyCode::Char('s') => {
            s.site = (s.site + 1) % c.sites.len().max(1);
            return s.refresh(c);
        }
        KeyCode::Char(']') => {
            s.date = cal.next_working_day(s.date).unwrap_or(s.date);
            return s.refresh(c);
        }
        KeyCode::Char('[') => {
            s.date = previous_working_day(c, s.date);
            return s.refresh(c);
        }
        KeyCode::Char('/') | KeyCode::Char('i') => {
            s.query.clear();
            s.found.clear();
            s.mode = Mode::CheckIn;
        }
        KeyCode::Char(d @ '1'..='7') => return call_next(s, d as u8 - b'0', c),
        KeyCode::Enter => {
            if let Some(r) = s.rows.get(s.selected).filter(|r| waiting(r)) {
                s.mode = Mode::Form(ResultForm::new(&r.holder, None, c));
            }
        }
        KeyCode::Char('c') => {
            if let Some(r) = s.rows.get(s.selected).filter(|r| assessed(r)) {
                s.mode = Mode::Form(ResultForm::new(&r.holder, Some(LineInput::default()), c));
            }
        }
        KeyCode::Char('a') => {
            let absent_able =
                |r: &&QueueRow| r.holder.state == CaseState::Scheduled.as_str() || waiting(r);
            if let Some(r) = s.rows.get(s.selected).filter(absent_able) {
                s.mode = Mode::Confirm(Confirm::Absent(r.clone()));
            }
        }
        KeyCode::Char('E') => {
            s.mode = Mode::Confirm(Confirm::EndOfDay {
                expected: s.expected(),
            })
        }
        _ => {}
    }
    Vec::new()
}

fn previous_working_day(c: &Campaign, d: NaiveDate) -> NaiveDate {
    let cal = c.calendar();
    (1..=14)
        .filter_map(|back| d.checked_sub_days(chrono::Days::new(back)))
        .find(|day| cal.is_working_day(*day).unwrap_or(false))
        .unwrap_or(d)
}

fn assessed(r: &QueueRow) -> bool {
    matches!(
        CaseState::parse(&r.holder.state),
        Some(
            CaseState::ReadyForHandover
                | CaseState::InPublicNotice
                | CaseState::Revoked
                | CaseState::Rejected
        )
    ) && r.checked_in_at.is_none()
}

/// Selects the person of that category who has waited longest and opens the form.
fn call_next(s: &mut State, digit: u8, c: &Campaign) -> Vec<Request> {
    let next = s
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| waiting(r) && r.holder.category == Some(digit))
        .min_by(|a, b| a.1.checked_in_at.cmp(&b.1.checked_in_at));
    match next {
        Some((i, r)) => {
            s.selected = i;
            s.mode = Mode::Form(ResultForm::new(&r.holder, None, c));
        }
        None => {
            s.done = Some(Text::QueueNobodyWaiting {
                category: Category::from_digit(digit).unwrap_or(Category::Multiple),
            })
        }
    }
    Vec::new()
}

fn checkin_key(s: &mut State, key: KeyEvent, c: &Campaign) -> Vec<Request> {
    match key.code {
        KeyCode::Esc => {
            s.query.clear();
            s.found.clear();
            s.mode = Mode::List;
            Vec::new()
        }
        KeyCode::Up => {
            s.found_selected = s.found_selected.saturating_sub(1);
            Vec::new()
        }
        KeyCode::Down => {
            s.found_selected = (s.found_selected + 1).min(s.found.len().saturating_sub(1));
            Vec::new()
        }
        KeyCode::Enter => {
            let Some(h) = s.found.get(s.found_selected).cloned() else {
                return Vec::new();
            };
            let expected_here = s.rows.iter().any(|r| {
                r.holder.id_number == h.id_number && r.holder.state == CaseState::Scheduled.as_str()
            });
            if expected_here {
                check_in(s, &h, false, c)
            } else {
                s.mode = Mode::Confirm(Confirm::WalkIn(h));
                Vec::new()
            }
        }
        _ => match s.query.handle(key) {
            Some(true) if !s.query.is_empty() => {
                s.seq += 1;
                vec![Request::Search {
                    seq: s.seq,
                    query: s.query.text().to_string(),
                    limit: 50,
                }]
            }
            Some(true) => {
                s.found.clear();
                Vec::new()
            }
            _ => Vec::new(),
        },
    }
}

fn check_in(s: &mut State, h: &HolderRow, walk_in: bool, c: &Campaign) -> Vec<Request> {
    s.query.clear();
    s.found.clear();
    s.mode = Mode::List;
    let event = Event::CheckedIn {
        site: s.site_id(c).to_string(),
        walk_in,
    };
    s.record(&h.id_number, event)
}

fn confirm_key(s: &mut State, confirm: Confirm, key: KeyEvent, c: &Campaign) -> Vec<Request> {
    let yes = matches!(
        key.code,
        KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter
    );
    s.mode = Mode::List;
    if !yes {
        return Vec::new();
    }
    match confirm {
        Confirm::WalkIn(h) => check_in(s, &h, true, c),
        Confirm::Absent(r) => s.record(
            &r.holder.id_number,
            Event::Absent {
                site: s.site_id(c).to_string(),
                date: s.date,
            },
        ),
        Confirm::EndOfDay { .. } => vec![Request::EndOfDay {
            site: s.site_id(c).to_string(),
            date: s.date,
        }],
    }
}

impl ResultForm {
    /// The institution starts at the first whose doctors assess the holder's
    /// category (the psychiatric hospital for 精神/智力).
    pub(crate) fn new(h: &HolderRow, correction: Option<LineInput>, c: &Campaign) -> ResultForm {
        let institution = h
            .category
            .and_then(|cat| c.institutions.iter().position(|i| i.assesses(cat)))
            .unwrap_or(0);
        ResultForm {
            id_number: h.id_number.clone(),
            name: h.name.clone(),
            category: h.category.and_then(Category::from_digit),
            grade: h.grade.and_then(Grade::from_digit),
            institution,
            doctor: LineInput::default(),
            not_disabled: false,
            correction,
            field: Field::Category,
            problem: None,
        }
    }

    fn fields(&self) -> Vec<Field> {
        let mut f = vec![
            Field::Category,
            Field::Grade,
            Field::Institution,
            Field::Doctor,
            Field::NotDisabled,
        ];
        if self.correction.is_some() {
            f.push(Field::Reason);
        }
        f
    }

    pub(crate) fn step(&mut self, forward: bool) {
        let fields = self.fields();
        let i = fields.iter().position(|f| *f == self.field).unwrap_or(0);
        let n = fields.len();
        self.field = fields[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }

    /// The event this form records, or what is missing.
    pub(crate) fn event(&self, c: &Campaign, date: NaiveDate) -> Result<Event, Text> {
        let finding = if self.not_disabled {
            Finding::NotDisabled
        } else {
            match (self.category, self.grade) {
                (Some(category), Some(grade)) => Finding::Disabled { category, grade },
                _ => return Err(Text::FormNeedsCategoryGrade),
            }
        };
        if self.doctor.text().trim().is_empty() {
            return Err(Text::FormNeedsDoctor);
        }
        let institution = c
            .institutions
            .get(self.institution)
            .map(|i| i.name.clone())
            .unwrap_or_default();
        let assessment = Assessment {
            finding,
            institution,
            doctor: self.doctor.text().trim().to_string(),
            date,
        };
        match &self.correction {
            None => Ok(Event::Assessed { assessment }),
            Some(reason) if reason.text().trim().is_empty() => Err(Text::FormNeedsReason),
            Some(reason) => Ok(Event::ResultCorrected {
                assessment,
                reason: reason.text().trim().to_string(),
            }),
        }
    }
}

fn form_key(s: &mut State, mut form: ResultForm, key: KeyEvent, c: &Campaign) -> Vec<Request> {
    form.problem = None;
    match key.code {
        KeyCode::Esc => {
            s.mode = Mode::List;
            return Vec::new();
        }
        KeyCode::Tab | KeyCode::Down => form.step(true),
        KeyCode::BackTab | KeyCode::Up => form.step(false),
        KeyCode::Enter => match form.event(c, s.date) {
            Ok(event) => {
                s.mode = Mode::List;
                let requests = s.record(&form.id_number, event);
                s.sent = Some(form);
                return requests;
            }
            Err(problem) => form.problem = Some(problem),
        },
        _ => edit_field(&mut form, key, c),
    }
    s.mode = Mode::Form(form);
    Vec::new()
}

pub(crate) fn edit_field(form: &mut ResultForm, key: KeyEvent, c: &Campaign) {
    let digit = match key.code {
        KeyCode::Char(ch) => ch.to_digit(10).map(|d| d as u8),
        _ => None,
    };
    match form.field {
        Field::Category => {
            if let Some(cat) = digit.and_then(Category::from_digit) {
                form.category = Some(cat);
                form.step(true);
            }
        }
        Field::Grade => {
            if let Some(g) = digit.and_then(Grade::from_digit) {
                form.grade = Some(g);
                form.step(true);
            }
        }
        Field::Institution => {
            let n = c.institutions.len().max(1);
            match key.code {
                KeyCode::Right | KeyCode::Char(' ') => {
                    form.institution = (form.institution + 1) % n
                }
                KeyCode::Left => form.institution = (form.institution + n - 1) % n,
                _ => {}
            }
        }
        Field::Doctor => {
            form.doctor.handle(key);
        }
        Field::NotDisabled => {
            if matches!(
                key.code,
                KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right
            ) {
                form.not_disabled = !form.not_disabled;
            }
        }
        Field::Reason => {
            if let Some(reason) = form.correction.as_mut() {
                reason.handle(key);
            }
        }
    }
}

pub fn on_reply(s: &mut State, reply: &Reply, c: &Campaign) -> Vec<Request> {
    match reply {
        Reply::DayList { site, date, rows } if site == s.site_id(c) && *date == s.date => {
            s.rows = rows.clone();
            s.selected = s.selected.min(s.rows.len().saturating_sub(1));
            Vec::new()
        }
        Reply::Found { seq, rows, .. } if *seq == s.seq && s.mode == Mode::CheckIn => {
            s.found = rows.clone();
            s.found_selected = 0;
            Vec::new()
        }
        Reply::Failed(problem) => {
            if let Some(mut form) = s.sent.take() {
                form.problem = Some(problem.clone());
                s.mode = Mode::Form(form);
            }
            Vec::new()
        }
        Reply::Recorded { id_number, state } => {
            if s.sent.as_ref().is_some_and(|f| &f.id_number == id_number) {
                s.sent = None;
            }
            let name = s
                .rows
                .iter()
                .map(|r| &r.holder)
                .find(|h| &h.id_number == id_number)
                .map(|h| h.name.clone())
                .unwrap_or_default();
            s.done = Some(Text::QueueRecorded {
                name,
                state: *state,
            });
            s.refresh(c)
        }
        Reply::DayClosed { absent } => {
            s.done = Some(Text::QueueDayClosed { absent: *absent });
            s.refresh(c)
        }
        _ => Vec::new(),
    }
}

fn minutes_waiting(checked_in_at: &Option<String>, now: DateTime<Utc>) -> Option<i64> {
    let at = DateTime::parse_from_rfc3339(checked_in_at.as_deref()?).ok()?;
    Some((now - at.with_timezone(&Utc)).num_minutes().max(0))
}

impl State {
    /// "site date  expected n  waiting n  done n" for the queue and the dashboard.
    pub fn head(&self, c: &Campaign) -> Text {
        let site = c.sites.get(self.site).map_or("", |x| x.name.as_str());
        let counts = |st: CaseState| {
            self.rows
                .iter()
                .filter(|r| r.holder.state == st.as_str())
                .count()
        };
        let (expected, waiting) = (counts(CaseState::Scheduled), counts(CaseState::Waiting));
        Text::QueueHead {
            site: site.to_string(),
            date: self.date,
            expected,
            waiting,
            done: self.rows.len() - expected - waiting,
        }
    }
}

pub fn view(f: &mut Frame, area: Rect, s: &State, c: &Campaign, lang: Lang, now: DateTime<Utc>) {
    let head = s.head(c);
    let [top, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(head.render(lang)).style(theme::title()), top);
    render_rows(f, body, s, lang, now);
    let hint = s.done.clone().unwrap_or(Text::QueueKeys);
    f.render_widget(Paragraph::new(hint.render(lang)).style(theme::dim()), foot);
    match &s.mode {
        Mode::List => {}
        Mode::CheckIn => render_checkin(f, body, s, lang),
        Mode::Form(form) => render_form(f, body, form, c, lang),
        Mode::Confirm(confirm) => render_confirm(f, body, confirm, lang),
    }
}

fn render_rows(f: &mut Frame, area: Rect, s: &State, lang: Lang, now: DateTime<Utc>) {
    let rows = s.rows.iter().map(|r| {
        let h = &r.holder;
        let state = CaseState::parse(&h.state)
            .map(|x| x.local(lang))
            .unwrap_or_default();
        let waited = minutes_waiting(&r.checked_in_at, now)
            .map(|m| Text::Minutes { n: m }.render(lang))
            .unwrap_or_default();
        let half = match r.half_day.as_deref() {
            Some("pm") => Text::Pm.render(lang),
            _ => Text::Am.render(lang),
        };
        let category = h
            .category
            .and_then(Category::from_digit)
            .map(|c| c.local(lang))
            .unwrap_or_default();
        let walk = if r.walk_in {
            Text::WalkInTag.render(lang)
        } else {
            String::new()
        };
        Row::new([half, h.name.clone(), category, state, waited, walk])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(4),
            Constraint::Length(8),
            Constraint::Length(6),
            Constraint::Length(12),
            Constraint::Length(8),
            Constraint::Min(4),
        ],
    )
    .header(
        Row::new([
            Text::ColHalfDay.render(lang),
            Text::ColName.render(lang),
            Text::ColCategory.render(lang),
            Text::ColState.render(lang),
            Text::ColWaited.render(lang),
            String::new(),
        ])
        .style(theme::header()),
    )
    .row_highlight_style(theme::selected())
    .block(Block::default().borders(Borders::ALL));
    let mut st = TableState::default().with_selected((!s.rows.is_empty()).then_some(s.selected));
    f.render_stateful_widget(table, area, &mut st);
}

fn render_checkin(f: &mut Frame, area: Rect, s: &State, lang: Lang) {
    let p = crate::ui::centered(area, 60, 14);
    f.render_widget(Clear, p);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(Text::CheckInTitle.render(lang));
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

pub(crate) fn render_form(f: &mut Frame, area: Rect, form: &ResultForm, c: &Campaign, lang: Lang) {
    let p = crate::ui::centered(area, 60, 11);
    f.render_widget(Clear, p);
    let title = if form.correction.is_some() {
        Text::FormCorrectTitle {
            name: form.name.clone(),
        }
    } else {
        Text::FormTitle {
            name: form.name.clone(),
        }
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(title.render(lang));
    let mark = |field: Field| if form.field == field { "▶ " } else { "  " };
    let category = form
        .category
        .map(|x| format!("{} {}", x.digit(), x.local(lang)))
        .unwrap_or_default();
    let grade = form.grade.map(|g| g.local(lang)).unwrap_or_default();
    let institution = c
        .institutions
        .get(form.institution)
        .map_or("", |i| i.name.as_str());
    let yes_no = if form.not_disabled {
        Text::Yes
    } else {
        Text::No
    }
    .render(lang);
    let mut lines = vec![
        Line::from(format!(
            "{}{} {category}",
            mark(Field::Category),
            Text::FieldCategory.render(lang)
        )),
        Line::from(format!(
            "{}{} {grade}",
            mark(Field::Grade),
            Text::FieldGrade.render(lang)
        )),
        Line::from(format!(
            "{}{} ◀ {institution} ▶",
            mark(Field::Institution),
            Text::FieldInstitution.render(lang)
        )),
        Line::from(format!(
            "{}{} {}",
            mark(Field::Doctor),
            Text::FieldDoctor.render(lang),
            form.doctor.text()
        )),
        Line::from(format!(
            "{}{} {yes_no}",
            mark(Field::NotDisabled),
            Text::FieldNotDisabled.render(lang)
        )),
    ];
    if let Some(reason) = &form.correction {
        lines.push(Line::from(format!(
            "{}{} {}",
            mark(Field::Reason),
            Text::FieldReason.render(lang),
            reason.text()
        )));
    }
    let status = form.problem.clone().unwrap_or(Text::FormKeys);
    let style = if form.problem.is_some() {
        theme::error()
    } else {
        theme::dim()
    };
    lines.push(Line::from(Span::styled(status.render(lang), style)));
    f.render_widget(Paragraph::new(lines).block(block), p);
}

fn render_confirm(f: &mut Frame, area: Rect, confirm: &Confirm, lang: Lang) {
    let text = match confirm {
        Confirm::WalkIn(h) => Text::ConfirmWalkIn {
            name: h.name.clone(),
        },
        Confirm::Absent(r) => Text::ConfirmAbsent {
            name: r.holder.name.clone(),
        },
        Confirm::EndOfDay { expected } => Text::ConfirmEndOfDay {
            expected: *expected,
        },
    };
    let p = crate::ui::centered(area, 56, 5);
    f.render_widget(Clear, p);
    f.render_widget(
        Paragraph::new(vec![
            Line::from(text.render(lang)),
            Line::from(Text::YesNoKeys.render(lang)),
        ])
        .wrap(ratatui::widgets::Wrap { trim: true })
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::error()),
        ),
        p,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holder(category: u8) -> HolderRow {
        HolderRow {
            id_number: "53032319800101019X".into(),
            cert_number: None,
            name: "测试".into(),
            sex: "male".into(),
            birth_date: "1980-01-01".into(),
            township: "530323102000".into(),
            township_name: "雄壁镇".into(),
            village: String::new(),
            category: Some(category),
            grade: Some(2),
            basis: "visual".into(),
            state: "waiting".into(),
            mobility_impaired: false,
            migrant: false,
            phone: String::new(),
            guardian: String::new(),
            guardian_phone: String::new(),
            address: String::new(),
        }
    }

    #[test]
    fn the_form_starts_at_an_institution_that_assesses_the_category() {
        let c = Campaign::builtin();
        for category in 1..=7u8 {
            let form = ResultForm::new(&holder(category), None, c);
            let institution = &c.institutions[form.institution];
            assert!(
                institution.assesses(category),
                "{category}: {}",
                institution.name
            );
        }
        let mental = ResultForm::new(&holder(6), None, c);
        assert!(c.institutions[mental.institution].name.contains("精神"));
    }
}
