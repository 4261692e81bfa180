//! 公示复核: changed results posted for five working days (公示), the leader's
//! confirmation when a batch ends without objection, objections and review requests
//! (复核) with the committee's decision, and remote assessments (异地评定) mailed in
//! by migrant workers. Every action is one event committed before the screen says so;
//! a form that cannot be saved stays open as typed.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Table, TableState, Wrap};

use crate::app::input::LineInput;
use crate::domain::campaign::Campaign;
use crate::domain::case::{Assessment, Event, Finding, State as CaseState};
use crate::domain::handover::mask_id;
use crate::domain::review;
use crate::domain::text::normalize;
use crate::i18n::{Lang, Localized, Text};
use crate::screens::handover::{FormView, render_form};
use crate::store::holders::HolderRow;
use crate::store::print::Print;
use crate::store::public_notice::{BatchRow, Board, ReviewCase, ReviewCause, WaitingRow};
use crate::store::worker::{Reply, Request};
use crate::ui::theme;

/// Holder searches from this screen count from here, apart from other screens'.
const SEARCH_SEQ_BASE: u64 = 4 << 40;

/// What the screen asks the runtime to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Out {
    Request(Request),
    /// Show a written PDF in the system's viewer, if there is one.
    Open(PathBuf),
}

/// What a holder is being found for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// 公示异议
    Objection,
    /// 复核申请
    Request,
    /// 异地评定 forms received
    Remote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// 张贴公示 for a township.
    Start,
    Objection,
    Request,
    /// The expert committee's decision.
    Decide,
    /// Remote forms received.
    Remote,
    /// Remote forms returned.
    Return,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: Text,
    pub input: LineInput,
    /// A choice instead of text: the options, and the one chosen.
    pub choices: Vec<Text>,
    pub choice: usize,
}

impl Field {
    fn text(label: Text, value: &str) -> Field {
        Field {
            label,
            input: LineInput::with(value),
            choices: Vec::new(),
            choice: 0,
        }
    }

    fn choice(label: Text, choices: Vec<Text>) -> Field {
        Field {
            label,
            input: LineInput::default(),
            choices,
            choice: 0,
        }
    }

    fn value(&self) -> &str {
        self.input.text()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    /// The person's ID number, or the township's code for [`FormKind::Start`].
    pub key: String,
    /// The person's or the township's name.
    pub name: String,
    /// The finding a review decision keeps when the committee changes nothing.
    pub current: Option<Finding>,
    pub fields: Vec<Field>,
    pub field: usize,
    pub problem: Option<Text>,
    /// Sent; the form stays until the database says it is saved.
    pub pending: bool,
}

/// Finding the person an objection, a review request or a remote form is for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Find {
    pub purpose: Option<Purpose>,
    pub holder: super::FindHolder,
}

/// A one-key question before an action that cannot be undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    Batch { batch: String, question: Text },
    Accept { id_number: String, question: Text },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    List,
    Find(Box<Find>),
    Form(Box<Form>),
    Confirm(Box<Confirm>),
}

/// One line of the screen's two lists, as selected.
#[derive(Debug, Clone, Copy)]
pub enum Selected<'a> {
    Waiting(&'a WaitingRow),
    Batch(&'a BatchRow),
    Case(&'a ReviewCase),
}

#[derive(Debug, Clone)]
pub struct State {
    pub seq: u64,
    pub loaded: bool,
    pub board: Board,
    /// Over the 公示 list (waiting rows, then batches), then the review list.
    pub selected: usize,
    pub mode: Mode,
    pub problem: Option<Text>,
    pub done: Option<Text>,
    /// A confirmation or accept is waiting for its commit.
    pub sent: bool,
    /// The document being written.
    pub printing: Option<Print>,
    search_seq: u64,
}

impl Default for State {
    fn default() -> State {
        State {
            seq: 0,
            loaded: false,
            board: Board::default(),
            selected: 0,
            mode: Mode::List,
            problem: None,
            done: None,
            sent: false,
            printing: None,
            search_seq: SEARCH_SEQ_BASE,
        }
    }
}

impl State {
    pub fn typing(&self) -> bool {
        matches!(self.mode, Mode::Find(_) | Mode::Form(_))
    }

    pub fn modal(&self) -> bool {
        self.mode != Mode::List
    }

    pub fn unsaved(&self) -> bool {
        matches!(self.mode, Mode::Form(_))
    }

    pub fn refresh(&mut self) -> Vec<Request> {
        self.seq += 1;
        vec![Request::Board { seq: self.seq }]
    }

    fn notice_rows(&self) -> usize {
        self.board.waiting.len() + self.board.batches.len()
    }

    fn rows(&self) -> usize {
        self.notice_rows() + self.board.cases.len()
    }

    pub fn selected(&self) -> Option<Selected<'_>> {
        let b = &self.board;
        let i = self.selected;
        if let Some(w) = b.waiting.get(i) {
            return Some(Selected::Waiting(w));
        }
        let i = i - b.waiting.len();
        if let Some(batch) = b.batches.get(i) {
            return Some(Selected::Batch(batch));
        }
        b.cases.get(i - b.batches.len()).map(Selected::Case)
    }
}

/// What a key needs besides the screen: where PDFs go, the day actions are recorded
/// on, and the campaign (the committee's name).
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub print_dir: &'a Path,
    pub today: NaiveDate,
    pub campaign: &'a Campaign,
}

pub fn on_key(s: &mut State, key: KeyEvent, ctx: Ctx<'_>) -> Vec<Out> {
    s.done = None;
    match s.mode.clone() {
        Mode::List => list_key(s, key, ctx),
        Mode::Find(find) => find_key(s, *find, key, ctx),
        Mode::Form(form) => form_key(s, *form, key, ctx),
        Mode::Confirm(confirm) => confirm_key(s, *confirm, key, ctx),
    }
}

fn township_of(sel: Selected<'_>) -> String {
    match sel {
        Selected::Waiting(w) => w.township.clone(),
        Selected::Batch(b) => b.township.clone(),
        Selected::Case(c) => c.holder.township.clone(),
    }
}

fn print(s: &mut State, doc: Print, ctx: Ctx<'_>) -> Vec<Out> {
    if s.printing.is_some() {
        return Vec::new();
    }
    s.printing = Some(doc.clone());
    vec![Out::Request(Request::Print {
        doc,
        dir: ctx.print_dir.to_path_buf(),
        day: ctx.today,
    })]
}

fn list_key(s: &mut State, key: KeyEvent, ctx: Ctx<'_>) -> Vec<Out> {
    s.problem = None;
    let find = |s: &mut State, purpose| {
        s.mode = Mode::Find(Box::new(Find {
            purpose: Some(purpose),
            holder: super::FindHolder::open(&mut s.search_seq),
        }));
        Vec::new()
    };
    match key.code {
        KeyCode::Up => s.selected = s.selected.saturating_sub(1),
        KeyCode::Down => s.selected = (s.selected + 1).min(s.rows().saturating_sub(1)),
        KeyCode::Char('o') => return find(s, Purpose::Objection),
        KeyCode::Char('r') => return find(s, Purpose::Request),
        KeyCode::Char('m') => return find(s, Purpose::Remote),
        KeyCode::Char(c @ ('s' | 'c' | 'l' | 'd' | 'f' | 'a' | 'x')) => {
            let Some(sel) = s.selected() else {
                s.problem = Some(Text::RvPickFirst);
                return Vec::new();
            };
            let owned = sel_owned(sel);
            return selected_key(s, owned, c, ctx);
        }
        _ => {}
    }
    Vec::new()
}

/// The selection, detached from the state so the state can change.
enum Owned {
    Waiting(WaitingRow),
    Batch(BatchRow),
    Case(Box<ReviewCase>),
}

fn sel_owned(sel: Selected<'_>) -> Owned {
    match sel {
        Selected::Waiting(w) => Owned::Waiting(w.clone()),
        Selected::Batch(b) => Owned::Batch(b.clone()),
        Selected::Case(c) => Owned::Case(Box::new(c.clone())),
    }
}

fn selected_key(s: &mut State, sel: Owned, c: char, ctx: Ctx<'_>) -> Vec<Out> {
    let township = township_of(match &sel {
        Owned::Waiting(w) => Selected::Waiting(w),
        Owned::Batch(b) => Selected::Batch(b),
        Owned::Case(k) => Selected::Case(k),
    });
    match (c, sel) {
        ('l', _) => return print(s, Print::NoticeList { township }, ctx),
        ('s', Owned::Waiting(w)) => {
            s.mode = Mode::Form(Box::new(Form {
                kind: FormKind::Start,
                key: w.township.clone(),
                name: w.township_name.clone(),
                current: None,
                fields: vec![
                    Field::text(Text::RvFieldStart, &ctx.today.to_string()),
                    Field::text(Text::RvFieldVillage, ""),
                ],
                field: 0,
                problem: None,
                pending: false,
            }));
        }
        ('s', _) => s.problem = Some(Text::RvStartOnWaiting),
        ('c', Owned::Batch(b)) => {
            if b.end >= ctx.today {
                s.problem = Some(Text::RuleNoticeNotEnded { end: b.end });
            } else if b.open == 0 {
                s.problem = Some(Text::RvBatchDone);
            } else {
                s.mode = Mode::Confirm(Box::new(Confirm::Batch {
                    batch: b.batch.clone(),
                    question: Text::RvConfirmBatch {
                        place: place(&b),
                        n: b.open,
                        end: b.end,
                    },
                }));
            }
        }
        ('c', _) => s.problem = Some(Text::RvConfirmOnBatch),
        ('f', Owned::Case(k)) => {
            return print(
                s,
                Print::ReviewForm {
                    id_number: k.holder.id_number.clone(),
                },
                ctx,
            );
        }
        ('d', Owned::Case(k)) if k.state == CaseState::UnderReview => {
            let committee = format!("{}残疾评定专家委员会", ctx.campaign.county.name);
            s.mode = Mode::Form(Box::new(Form {
                kind: FormKind::Decide,
                key: k.holder.id_number.clone(),
                name: k.holder.name.clone(),
                current: k.assessment.as_ref().map(|a| a.finding),
                fields: vec![
                    Field::choice(
                        Text::RvFieldDecision,
                        vec![Text::RvKeep, Text::RvChange, Text::FieldNotDisabled],
                    ),
                    Field::text(Text::FieldCategory, ""),
                    Field::text(Text::FieldGrade, ""),
                    Field::text(Text::RvFieldDate, &ctx.today.to_string()),
                    Field::text(Text::RvFieldInstitution, &committee),
                    Field::text(Text::RvFieldDoctor, "专家委员会"),
                ],
                field: 0,
                problem: None,
                pending: false,
            }));
        }
        ('a', Owned::Case(k)) if k.state == CaseState::RemoteReview => {
            let forms = match &k.cause {
                ReviewCause::RemoteForms { assessment } => {
                    format!(
                        "{} {}",
                        assessment.institution,
                        finding_zh(&assessment.finding)
                    )
                }
                _ => String::new(),
            };
            s.mode = Mode::Confirm(Box::new(Confirm::Accept {
                id_number: k.holder.id_number.clone(),
                question: Text::RvConfirmAccept {
                    name: k.holder.name.clone(),
                    forms,
                },
            }));
        }
        ('x', Owned::Case(k)) if k.state == CaseState::RemoteReview => {
            s.mode = Mode::Form(Box::new(Form {
                kind: FormKind::Return,
                key: k.holder.id_number.clone(),
                name: k.holder.name.clone(),
                current: None,
                fields: vec![Field::text(Text::RvFieldReturnReason, "")],
                field: 0,
                problem: None,
                pending: false,
            }));
        }
        ('d', _) => s.problem = Some(Text::RvDecideOnReview),
        ('a' | 'x', _) => s.problem = Some(Text::RvRemoteOnly),
        (_, _) => s.problem = Some(Text::RvPickCase),
    }
    Vec::new()
}

fn find_key(s: &mut State, mut find: Find, key: KeyEvent, ctx: Ctx<'_>) -> Vec<Out> {
    match key.code {
        KeyCode::Esc => {
            s.mode = Mode::List;
            return Vec::new();
        }
        KeyCode::Enter => {
            if let (Some(h), Some(purpose)) = (find.holder.chosen(), find.purpose) {
                s.mode = Mode::Form(Box::new(person_form(purpose, h, ctx.today)));
            } else {
                s.mode = Mode::Find(Box::new(find));
            }
            return Vec::new();
        }
        _ => {}
    }
    let search = find.holder.key(key, &mut s.search_seq);
    s.mode = Mode::Find(Box::new(find));
    search.map(Out::Request).into_iter().collect()
}

fn person_form(purpose: Purpose, h: &HolderRow, today: NaiveDate) -> Form {
    let today = today.to_string();
    let (kind, fields) = match purpose {
        Purpose::Objection => (
            FormKind::Objection,
            vec![
                Field::text(Text::RvFieldDate, &today),
                Field::text(Text::RvFieldObjection, ""),
            ],
        ),
        Purpose::Request => (
            FormKind::Request,
            vec![
                Field::text(Text::RvFieldDate, &today),
                Field::text(Text::RvFieldRequestReason, ""),
                Field::text(Text::RvFieldFee, ""),
                Field::text(Text::RvFieldReceipt, ""),
            ],
        ),
        Purpose::Remote => (
            FormKind::Remote,
            vec![
                Field::text(Text::RvFieldHospital, ""),
                Field::text(Text::RvFieldDoctor, ""),
                Field::text(Text::RvFieldAssessed, ""),
                Field::choice(
                    Text::RvFieldFinding,
                    vec![Text::RvDisabled, Text::FieldNotDisabled],
                ),
                Field::text(Text::FieldCategory, ""),
                Field::text(Text::FieldGrade, ""),
                Field::text(Text::RvFieldReceived, &today),
            ],
        ),
    };
    Form {
        kind,
        key: h.id_number.clone(),
        name: h.name.clone(),
        current: None,
        fields,
        field: 0,
        problem: None,
        pending: false,
    }
}

fn date(field: &Field) -> Result<NaiveDate, Text> {
    let value = normalize(field.value());
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| Text::CalDayBadDate { value })
}

fn required(field: &Field, missing: Text) -> Result<String, Text> {
    match normalize(field.value()) {
        v if v.trim().is_empty() => Err(missing),
        v => Ok(v.trim().to_string()),
    }
}

/// Category and grade as typed (name or digit).
fn typed_finding(category: &Field, grade: &Field) -> Result<Finding, Text> {
    let (c, g) = (category.value().trim(), grade.value().trim());
    if c.is_empty() || g.is_empty() {
        return Err(Text::RvFindingNeeded);
    }
    review::finding(Some(c), Some(g), false)
}

/// The form as the request it makes, or what is wrong with it (and the field to fix).
fn request_of(form: &Form, today: NaiveDate) -> Result<Request, (usize, Text)> {
    let f = &form.fields;
    let at = |i: usize| move |t: Text| (i, t);
    let event = |day: NaiveDate, event: Event| Request::ReviewEvent {
        id_number: form.key.clone(),
        day,
        event,
    };
    Ok(match form.kind {
        FormKind::Start => {
            let start = date(&f[0]).map_err(at(0))?;
            let village = normalize(f[1].value()).trim().to_string();
            Request::StartNotice {
                township: form.key.clone(),
                village: (!village.is_empty()).then_some(village),
                start,
            }
        }
        FormKind::Objection => {
            let day = date(&f[0]).map_err(at(0))?;
            let reason = required(&f[1], Text::ReasonMissing).map_err(at(1))?;
            event(day, Event::Objection { reason })
        }
        FormKind::Request => {
            let day = date(&f[0]).map_err(at(0))?;
            let reason = required(&f[1], Text::ReasonMissing).map_err(at(1))?;
            let fee_yuan = review::fee(f[2].value()).map_err(at(2))?;
            let receipt_no = required(&f[3], Text::ReceiptNoMissing).map_err(at(3))?;
            event(
                day,
                Event::ReviewRequested {
                    reason,
                    fee_yuan,
                    receipt_no,
                },
            )
        }
        FormKind::Decide => {
            let finding = match f[0].choice {
                0 => form.current.ok_or((0, Text::RvNothingToKeep))?,
                1 => typed_finding(&f[1], &f[2]).map_err(at(1))?,
                _ => Finding::NotDisabled,
            };
            let day = date(&f[3]).map_err(at(3))?;
            let institution = required(&f[4], Text::RvInstitutionMissing).map_err(at(4))?;
            let doctor = required(&f[5], Text::RvDoctorMissing).map_err(at(5))?;
            event(
                day,
                Event::ReviewDecided {
                    assessment: Assessment {
                        finding,
                        institution,
                        doctor,
                        date: day,
                    },
                },
            )
        }
        FormKind::Remote => {
            let institution = required(&f[0], Text::RvHospitalMissing).map_err(at(0))?;
            let doctor = required(&f[1], Text::RvDoctorMissing).map_err(at(1))?;
            let assessed = date(&f[2]).map_err(at(2))?;
            let finding = match f[3].choice {
                0 => typed_finding(&f[4], &f[5]).map_err(at(4))?,
                _ => Finding::NotDisabled,
            };
            let day = date(&f[6]).map_err(at(6))?;
            event(
                day,
                Event::RemoteFormsReceived {
                    assessment: Assessment {
                        finding,
                        institution,
                        doctor,
                        date: assessed,
                    },
                },
            )
        }
        FormKind::Return => {
            let reason = required(&f[0], Text::ReasonMissing).map_err(at(0))?;
            event(
                today,
                Event::RemoteReviewed {
                    accepted: false,
                    reason,
                },
            )
        }
    })
}

fn form_key(s: &mut State, mut form: Form, key: KeyEvent, ctx: Ctx<'_>) -> Vec<Out> {
    if form.pending {
        s.mode = Mode::Form(Box::new(form));
        return Vec::new();
    }
    form.problem = None;
    let n = form.fields.len();
    let mut out = Vec::new();
    match key.code {
        KeyCode::Esc => {
            s.mode = Mode::List;
            return out;
        }
        KeyCode::Tab | KeyCode::Down => form.field = (form.field + 1) % n,
        KeyCode::BackTab | KeyCode::Up => form.field = (form.field + n - 1) % n,
        KeyCode::Enter => match request_of(&form, ctx.today) {
            Ok(request) => {
                form.pending = true;
                out.push(Out::Request(request));
            }
            Err((at, problem)) => {
                form.field = at.min(n - 1);
                form.problem = Some(problem);
            }
        },
        _ => {
            let field = &mut form.fields[form.field];
            if field.choices.is_empty() {
                field.input.handle(key);
            } else {
                let k = field.choices.len();
                match key.code {
                    KeyCode::Left => field.choice = (field.choice + k - 1) % k,
                    KeyCode::Right | KeyCode::Char(' ') => field.choice = (field.choice + 1) % k,
                    KeyCode::Char(c @ '1'..='9') if (c as usize - '1' as usize) < k => {
                        field.choice = c as usize - '1' as usize
                    }
                    _ => {}
                }
            }
        }
    }
    s.mode = Mode::Form(Box::new(form));
    out
}

fn confirm_key(s: &mut State, confirm: Confirm, key: KeyEvent, ctx: Ctx<'_>) -> Vec<Out> {
    if s.sent {
        s.mode = Mode::Confirm(Box::new(confirm));
        return Vec::new();
    }
    if !matches!(key.code, KeyCode::Char('y' | 'Y') | KeyCode::Enter) {
        s.mode = Mode::List;
        return Vec::new();
    }
    s.sent = true;
    let request = match &confirm {
        Confirm::Batch { batch, .. } => Request::ConfirmBatch {
            batch: batch.clone(),
            day: ctx.today,
        },
        Confirm::Accept { id_number, .. } => Request::ReviewEvent {
            id_number: id_number.clone(),
            day: ctx.today,
            event: Event::RemoteReviewed {
                accepted: true,
                reason: String::new(),
            },
        },
    };
    s.mode = Mode::Confirm(Box::new(confirm));
    vec![Out::Request(request)]
}

/// A form or question answered: back to the list, which is asked for again.
fn saved(s: &mut State, done: Text) -> Vec<Out> {
    s.done = Some(done);
    s.problem = None;
    s.sent = false;
    s.mode = Mode::List;
    s.refresh().into_iter().map(Out::Request).collect()
}

pub fn on_reply(s: &mut State, reply: &Reply) -> Vec<Out> {
    match reply {
        Reply::Board { seq, board } if *seq == s.seq => {
            s.loaded = true;
            s.board = (**board).clone();
            s.selected = s.selected.min(s.rows().saturating_sub(1));
            Vec::new()
        }
        Reply::Found { seq, rows, .. } => {
            if let Mode::Find(find) = &mut s.mode {
                find.holder.answer(*seq, rows);
            }
            Vec::new()
        }
        Reply::NoticeStarted(batch) if matches!(&s.mode, Mode::Form(f) if f.pending) => saved(
            s,
            Text::BatchStarted {
                n: batch.n,
                start: batch.start,
                end: batch.end,
            },
        ),
        Reply::BatchConfirmed { done, .. } if s.sent => saved(
            s,
            Text::NoticeConfirmed {
                requested: done.requested,
                running: done.running,
            },
        ),
        Reply::ReviewSaved {
            id_number,
            name,
            state,
        } if s.sent || matches!(&s.mode, Mode::Form(f) if f.pending && &f.key == id_number) => {
            saved(
                s,
                Text::CaseNow {
                    name: name.clone(),
                    state: *state,
                },
            )
        }
        Reply::Printed { doc, printed } if s.printing.as_ref() == Some(doc) => {
            s.printing = None;
            s.done = Some(Text::WrittenPdf {
                path: printed.path.display().to_string(),
                n: printed.n,
                pages: printed.pages,
            });
            vec![Out::Open(printed.path.clone())]
        }
        Reply::Failed(text) => {
            // A form waiting for its commit stays open with the reason, as typed.
            if let Mode::Form(f) = &mut s.mode
                && f.pending
            {
                f.pending = false;
                f.problem = Some(text.clone());
            } else if s.sent {
                s.sent = false;
                s.mode = Mode::List;
                s.problem = Some(text.clone());
            } else if s.printing.take().is_some() {
                s.problem = Some(text.clone());
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------
// Drawing

fn finding_zh(f: &Finding) -> String {
    finding_text(f, Lang::Zh)
}

fn finding_text(f: &Finding, lang: Lang) -> String {
    match f {
        Finding::Disabled { category, grade } => match lang {
            Lang::Zh => format!("{}{}", category.local(lang), grade.local(lang)),
            Lang::En => format!("{}, {}", category.local(lang), grade.local(lang)),
        },
        Finding::NotDisabled => Text::FieldNotDisabled.render(lang),
    }
}

/// `雄壁镇 大舍村`, or the township alone for a batch of the whole township.
fn place(b: &BatchRow) -> String {
    match &b.village {
        Some(v) => format!("{} {v}", b.township_name),
        None => b.township_name.clone(),
    }
}

fn short(d: NaiveDate) -> String {
    d.format("%m-%d").to_string()
}

fn batch_status(b: &BatchRow, today: NaiveDate) -> (Text, Style) {
    if b.end >= today {
        (Text::RvRunning, theme::state())
    } else if b.open > 0 {
        (Text::RvAwaiting { n: b.open }, theme::error())
    } else {
        (Text::RvConfirmed, theme::gauge())
    }
}

fn cause_text(c: &ReviewCase, lang: Lang) -> String {
    match &c.cause {
        ReviewCause::Objection { reason } => Text::RvCauseObjection {
            reason: reason.clone(),
        },
        ReviewCause::Request {
            reason,
            fee_yuan,
            receipt_no,
        } => Text::RvCauseRequest {
            reason: reason.clone(),
            fee: fee_yuan.clone(),
            receipt: receipt_no.clone(),
        },
        ReviewCause::RemoteForms { assessment } => Text::RvCauseRemote {
            hospital: assessment.institution.clone(),
            doctor: assessment.doctor.clone(),
            finding: finding_text(&assessment.finding, lang),
            on: assessment.date,
        },
    }
    .render(lang)
}

pub fn view(f: &mut Frame, area: Rect, s: &State, lang: Lang, today: NaiveDate) {
    let [head, notices, cases, detail, message, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Min(4),
        Constraint::Length(3),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(area);
    render_head(f, head, s, lang, today);
    render_notices(f, notices, s, lang, today);
    render_cases(f, cases, s, lang);
    render_detail(f, detail, s, lang);
    let (text, style) = match (&s.problem, &s.done, &s.printing) {
        (Some(p), _, _) => (p.render(lang), theme::error()),
        (None, _, Some(_)) => (Text::StmtPrinting.render(lang), theme::dim()),
        (None, Some(d), None) => (d.render(lang), theme::gauge()),
        (None, None, None) => (String::new(), Style::new()),
    };
    f.render_widget(
        Paragraph::new(text).style(style).wrap(Wrap { trim: true }),
        message,
    );
    let hint = match s.selected() {
        Some(Selected::Waiting(_)) => Text::RvKeysWaiting,
        Some(Selected::Batch(_)) => Text::RvKeysBatch,
        Some(Selected::Case(c)) if c.state == CaseState::RemoteReview => Text::RvKeysRemote,
        Some(Selected::Case(_)) => Text::RvKeysReview,
        None => Text::RvKeys,
    };
    f.render_widget(Paragraph::new(hint.render(lang)).style(theme::dim()), keys);
    match &s.mode {
        Mode::List => {}
        Mode::Find(find) => render_find(f, area, find, lang),
        Mode::Form(form) => render_form_of(f, area, form, lang),
        Mode::Confirm(confirm) => render_confirm(f, area, confirm, s.sent, lang),
    }
}

fn render_head(f: &mut Frame, area: Rect, s: &State, lang: Lang, today: NaiveDate) {
    let b = &s.board;
    let text = Text::RvHead {
        waiting: b.waiting.iter().map(|w| w.n).sum(),
        running: b.batches.iter().filter(|x| x.end >= today).count(),
        awaiting: b
            .batches
            .iter()
            .filter(|x| x.awaits_confirmation(today))
            .count(),
        review: b
            .cases
            .iter()
            .filter(|c| c.state == CaseState::UnderReview)
            .count(),
        remote: b
            .cases
            .iter()
            .filter(|c| c.state == CaseState::RemoteReview)
            .count(),
    };
    f.render_widget(
        Paragraph::new(Span::styled(text.render(lang), theme::title())),
        area,
    );
}

fn render_notices(f: &mut Frame, area: Rect, s: &State, lang: Lang, today: NaiveDate) {
    let block = Block::default()
        .borders(Borders::TOP)
        .title(Text::RvNoticeTitle.render(lang));
    if s.notice_rows() == 0 {
        let text = if s.loaded {
            Text::RvNoBatches.render(lang)
        } else {
            String::new()
        };
        f.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: false }).block(block),
            area,
        );
        return;
    }
    let header = Row::new([
        Text::RvColTownship.render(lang),
        Text::RvColVillage.render(lang),
        Text::RvColPeriod.render(lang),
        Text::RvColCount.render(lang),
        Text::RvColObjections.render(lang),
        Text::RvColStatus.render(lang),
    ])
    .style(theme::header());
    let waiting = s.board.waiting.iter().map(|w| {
        Row::new(vec![
            ratatui::text::Text::from(w.township_name.clone()),
            ratatui::text::Text::from(
                Text::RvVillages {
                    n: w.villages.len(),
                }
                .render(lang),
            ),
            ratatui::text::Text::from("—"),
            ratatui::text::Text::from(w.n.to_string()),
            ratatui::text::Text::from(""),
            ratatui::text::Text::from(Span::styled(Text::RvWaiting.render(lang), theme::state())),
        ])
    });
    let batches = s.board.batches.iter().map(|b| {
        let (status, style) = batch_status(b, today);
        Row::new(vec![
            ratatui::text::Text::from(b.township_name.clone()),
            ratatui::text::Text::from(
                b.village
                    .clone()
                    .unwrap_or_else(|| Text::RvWholeTownship.render(lang)),
            ),
            ratatui::text::Text::from(format!("{}—{}", short(b.start), short(b.end))),
            ratatui::text::Text::from(b.n.to_string()),
            ratatui::text::Text::from(b.objections.to_string()),
            ratatui::text::Text::from(Span::styled(status.render(lang), style)),
        ])
    });
    let table = Table::new(
        waiting.chain(batches),
        [
            Constraint::Length(18),
            Constraint::Length(12),
            Constraint::Length(11),
            Constraint::Length(4),
            Constraint::Length(4),
            Constraint::Min(8),
        ],
    )
    .header(header)
    .row_highlight_style(theme::selected())
    .block(block);
    let on = s.selected < s.notice_rows();
    let mut state = TableState::default().with_selected(on.then_some(s.selected));
    f.render_stateful_widget(table, area, &mut state);
}

fn render_cases(f: &mut Frame, area: Rect, s: &State, lang: Lang) {
    let block = Block::default()
        .borders(Borders::TOP)
        .title(Text::RvCasesTitle.render(lang));
    if s.board.cases.is_empty() {
        let text = if s.loaded {
            Text::RvNoCases.render(lang)
        } else {
            String::new()
        };
        f.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: false }).block(block),
            area,
        );
        return;
    }
    let header = Row::new([
        Text::StmtColName.render(lang),
        Text::StmtColId.render(lang),
        Text::RvColStatus.render(lang),
        Text::RvColSince.render(lang),
        Text::RvColCause.render(lang),
    ])
    .style(theme::header());
    let rows = s.board.cases.iter().map(|c| {
        let state = if c.state == CaseState::RemoteReview {
            Text::RvRemoteShort.render(lang)
        } else {
            c.state.local(lang)
        };
        Row::new(vec![
            ratatui::text::Text::from(c.holder.name.clone()),
            ratatui::text::Text::from(mask_id(&c.holder.id_number)),
            ratatui::text::Text::from(Span::styled(state, theme::state())),
            ratatui::text::Text::from(short(c.since)),
            ratatui::text::Text::from(cause_text(c, lang)),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(8),
            Constraint::Length(18),
            Constraint::Length(if lang == Lang::Zh { 8 } else { 13 }),
            Constraint::Length(5),
            Constraint::Min(10),
        ],
    )
    .header(header)
    .row_highlight_style(theme::selected())
    .block(block);
    let on = s.selected >= s.notice_rows();
    let mut state = TableState::default().with_selected(on.then(|| s.selected - s.notice_rows()));
    f.render_stateful_widget(table, area, &mut state);
}

fn render_detail(f: &mut Frame, area: Rect, s: &State, lang: Lang) {
    let line = match s.selected() {
        None => String::new(),
        Some(Selected::Waiting(w)) => Text::RvDetailWaiting {
            township: w.township_name.clone(),
            n: w.n,
            villages: w.villages.join("、"),
        }
        .render(lang),
        Some(Selected::Batch(b)) => Text::RvDetailBatch {
            place: place(b),
            start: b.start,
            end: b.end,
            n: b.n,
            objections: b.objections,
            confirmed: b.confirmed,
            open: b.open,
        }
        .render(lang),
        Some(Selected::Case(c)) => {
            let assessed = c
                .assessment
                .as_ref()
                .map(|a| finding_text(&a.finding, lang))
                .unwrap_or_default();
            Text::RvDetailCase {
                name: c.holder.name.clone(),
                place: format!("{} {}", c.holder.township_name, c.holder.village),
                assessed,
                cause: cause_text(c, lang),
            }
            .render(lang)
        }
    };
    f.render_widget(
        Paragraph::new(line)
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::TOP)),
        area,
    );
}

fn render_find(f: &mut Frame, area: Rect, find: &Find, lang: Lang) {
    let title = match find.purpose {
        Some(Purpose::Objection) => Text::RvFindObjection,
        Some(Purpose::Request) => Text::RvFindRequest,
        _ => Text::RvFindRemote,
    };
    super::render_holder_find(f, area, title.render(lang), &find.holder, 14, lang);
}

fn render_form_of(f: &mut Frame, area: Rect, form: &Form, lang: Lang) {
    let fields: Vec<(Text, String)> = form
        .fields
        .iter()
        .map(|x| {
            let value = if x.choices.is_empty() {
                x.value().to_string()
            } else {
                let chosen = x.choices[x.choice].render(lang);
                format!("◀ {chosen} ▶")
            };
            (x.label.clone(), value)
        })
        .collect();
    let title = match form.kind {
        FormKind::Start => Text::RvStartTitle {
            township: form.name.clone(),
        },
        FormKind::Objection => Text::RvObjectionTitle {
            name: form.name.clone(),
        },
        FormKind::Request => Text::RvRequestTitle {
            name: form.name.clone(),
        },
        FormKind::Decide => Text::RvDecideTitle {
            name: form.name.clone(),
            current: form
                .current
                .as_ref()
                .map(|x| finding_text(x, lang))
                .unwrap_or_default(),
        },
        FormKind::Remote => Text::RvRemoteTitle {
            name: form.name.clone(),
        },
        FormKind::Return => Text::RvReturnTitle {
            name: form.name.clone(),
        },
    };
    let keys = if form.pending {
        Text::Checking
    } else if form.fields.iter().any(|x| !x.choices.is_empty()) {
        Text::FormKeys
    } else {
        Text::ContactKeys
    };
    let view = FormView {
        title,
        fields: &fields,
        active: form.field,
        problem: &form.problem,
        keys,
    };
    render_form(f, area, view, lang);
}

fn render_confirm(f: &mut Frame, area: Rect, confirm: &Confirm, sent: bool, lang: Lang) {
    let question = match confirm {
        Confirm::Batch { question, .. } | Confirm::Accept { question, .. } => question,
    };
    let p = crate::ui::centered(area, 64, 5);
    f.render_widget(Clear, p);
    let keys = if sent {
        Text::Checking
    } else {
        Text::YesNoKeys
    };
    f.render_widget(
        Paragraph::new(vec![
            Line::from(question.render(lang)),
            Line::from(Span::styled(keys.render(lang), theme::dim())),
        ])
        .wrap(Wrap { trim: true })
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::border(true)),
        ),
        p,
    );
}

/// The keys of this screen, for the help overlay.
pub fn help() -> Vec<(&'static str, Text)> {
    vec![
        ("s / c", Text::RvHelpStartConfirm),
        ("o / r", Text::RvHelpObjectionRequest),
        ("d", Text::RvHelpDecide),
        ("m / a / x", Text::RvHelpRemote),
        ("l / f", Text::RvHelpPrint),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{Category, Grade};

    fn form(kind: FormKind, values: &[&str]) -> Form {
        Form {
            kind,
            key: "530323199001011234".into(),
            name: "张三".into(),
            current: Some(Finding::Disabled {
                category: Category::Physical,
                grade: Grade::from_digit(2).unwrap(),
            }),
            fields: values
                .iter()
                .map(|v| Field::text(Text::RvFieldDate, v))
                .collect(),
            field: 0,
            problem: None,
            pending: false,
        }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 4, 20).unwrap()
    }

    #[test]
    fn a_review_request_needs_a_valid_fee_and_a_receipt_number() {
        let bad_fee = form(
            FormKind::Request,
            &["2022-04-02", "结果偏低", "一百", "NO.1"],
        );
        assert!(matches!(
            request_of(&bad_fee, day()),
            Err((2, Text::FeeInvalid { .. }))
        ));
        let no_receipt = form(FormKind::Request, &["2022-04-02", "结果偏低", "120", " "]);
        assert_eq!(
            request_of(&no_receipt, day()),
            Err((3, Text::ReceiptNoMissing))
        );
        let bad_date = form(FormKind::Request, &["4月2日", "结果偏低", "120", "NO.1"]);
        assert!(matches!(
            request_of(&bad_date, day()),
            Err((0, Text::CalDayBadDate { .. }))
        ));
        let good = form(
            FormKind::Request,
            &["2022-04-02", "结果偏低", "120", "NO.1"],
        );
        let Ok(Request::ReviewEvent { day, event, .. }) = request_of(&good, day()) else {
            panic!("a request");
        };
        assert_eq!(day, NaiveDate::from_ymd_opt(2022, 4, 2).unwrap());
        assert!(matches!(event, Event::ReviewRequested { fee_yuan, .. } if fee_yuan == "120"));
    }

    #[test]
    fn the_committee_keeps_the_result_or_gives_a_new_one() {
        let mut decide = form(
            FormKind::Decide,
            &[
                "",
                "",
                "",
                "2022-04-20",
                "师宗县残疾评定专家委员会",
                "专家委员会",
            ],
        );
        decide.fields[0].choices = vec![Text::RvKeep, Text::RvChange, Text::FieldNotDisabled];
        let finding = |r: Result<Request, (usize, Text)>| match r {
            Ok(Request::ReviewEvent {
                event: Event::ReviewDecided { assessment },
                ..
            }) => Ok(assessment.finding),
            Ok(other) => panic!("{other:?}"),
            Err(e) => Err(e),
        };
        assert_eq!(
            finding(request_of(&decide, day())),
            Ok(decide.current.unwrap())
        );
        decide.fields[0].choice = 1;
        assert_eq!(
            finding(request_of(&decide, day())),
            Err((1, Text::RvFindingNeeded))
        );
        decide.fields[1].input = LineInput::with("肢体");
        decide.fields[2].input = LineInput::with("三级");
        assert_eq!(
            finding(request_of(&decide, day())),
            Ok(Finding::Disabled {
                category: Category::Physical,
                grade: Grade::from_digit(3).unwrap()
            })
        );
        decide.fields[0].choice = 2;
        assert_eq!(
            finding(request_of(&decide, day())),
            Ok(Finding::NotDisabled)
        );
    }
}
