//! A holder's case: the events recorded for it and the state they lead to.
//!
//! State is never stored as truth; it is folded from the events with [`Case::derive`].
//! Every rule of the plan that forbids a step lives in [`Case::apply`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::CalendarError;
use super::campaign::Campaign;
use super::home_visit::{Place, VisitWindow};
use super::ids::{Category, Grade};
use crate::i18n::{Lang, Localized, Text};

use State as S;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Applied,
    NeedsReassessment,
    Notified,
    Scheduled,
    Waiting,
    NeedsRescheduling,
    RemoteReview,
    InPublicNotice,
    UnderReview,
    CardVoided,
    CardRequested,
    CardReceived,
    ReadyForHandover,
    Issued,
    Revoked,
    Rejected,
}

impl State {
    pub const ALL: [State; 16] = [
        State::Applied,
        State::NeedsReassessment,
        State::Notified,
        State::Scheduled,
        State::Waiting,
        State::NeedsRescheduling,
        State::RemoteReview,
        State::InPublicNotice,
        State::UnderReview,
        State::CardVoided,
        State::CardRequested,
        State::CardReceived,
        State::ReadyForHandover,
        State::Issued,
        State::Revoked,
        State::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Applied => "applied",
            State::NeedsReassessment => "needs_reassessment",
            State::Notified => "notified",
            State::Scheduled => "scheduled",
            State::Waiting => "waiting",
            State::NeedsRescheduling => "needs_rescheduling",
            State::RemoteReview => "remote_review",
            State::InPublicNotice => "in_public_notice",
            State::UnderReview => "under_review",
            State::CardVoided => "card_voided",
            State::CardRequested => "card_requested",
            State::CardReceived => "card_received",
            State::ReadyForHandover => "ready_for_handover",
            State::Issued => "issued",
            State::Revoked => "revoked",
            State::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|st| st.as_str() == s.trim())
    }

    pub fn label(self, lang: Lang) -> String {
        Text::State { state: self }.render(lang)
    }

    /// States in which an on-site assessment is still owed.
    pub fn awaits_assessment(self) -> bool {
        matches!(
            self,
            State::Applied
                | State::NeedsReassessment
                | State::Notified
                | State::Scheduled
                | State::Waiting
                | State::NeedsRescheduling
        )
    }
}

impl Localized for State {
    fn local(&self, lang: Lang) -> String {
        let (zh, en) = match self {
            S::Applied => ("已申请", "applied"),
            S::NeedsReassessment => ("待重新评定", "needs re-assessment"),
            S::Notified => ("已告知", "notified"),
            S::Scheduled => ("已排期", "scheduled"),
            S::Waiting => ("候诊中", "waiting"),
            S::NeedsRescheduling => ("待重新排期", "needs rescheduling"),
            S::RemoteReview => ("异地评定审核中", "remote assessment under review"),
            S::InPublicNotice => ("公示中", "in public notice"),
            S::UnderReview => ("复核中", "under review"),
            S::CardVoided => ("卡已作废", "card voided"),
            S::CardRequested => ("待制卡", "card requested"),
            S::CardReceived => ("新卡已到", "card received"),
            S::ReadyForHandover => ("待发证", "ready for handover"),
            S::Issued => ("已发证", "issued"),
            S::Revoked => ("已注销", "revoked"),
            S::Rejected => ("不予办证", "rejected"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
        .to_string()
    }
}

/// How the holder's second-generation certificate was issued, or a first application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// 非目测: medically assessed; exchanges directly.
    Medical,
    /// 目测: assessed by sight only; must be re-assessed first.
    Visual,
    /// 新申请: no certificate yet.
    New,
}

impl Basis {
    pub const ALL: [Basis; 3] = [Basis::Medical, Basis::Visual, Basis::New];

    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Medical => "medical",
            Basis::Visual => "visual",
            Basis::New => "new",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Basis::Medical => "非目测",
            Basis::Visual => "目测",
            Basis::New => "新申请",
        }
    }

    /// Accepts 目测 / 非目测 / 新申请 and the English names.
    pub fn parse(input: &str) -> Option<Basis> {
        // The roster's own spellings, as most cells have them.
        match input {
            "非目测" => return Some(Basis::Medical),
            "目测" => return Some(Basis::Visual),
            "新申请" => return Some(Basis::New),
            _ => {}
        }
        let s = super::text::normalize_code_cow(input).to_ascii_lowercase();
        match s.as_str() {
            "非目测" | "医学评定" | "medical" | "non-visual" => Some(Basis::Medical),
            "目测" | "visual" => Some(Basis::Visual),
            "新申请" | "新办" | "new" => Some(Basis::New),
            _ => None,
        }
    }

    fn initial_state(self) -> State {
        match self {
            Basis::Medical => State::ReadyForHandover,
            Basis::Visual => State::NeedsReassessment,
            Basis::New => State::Applied,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HalfDay {
    Am,
    Pm,
}

/// What the doctors found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Finding {
    Disabled { category: Category, grade: Grade },
    NotDisabled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub finding: Finding,
    pub institution: String,
    pub doctor: String,
    pub date: NaiveDate,
}

/// The finding compared with the certificate the holder had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Unchanged,
    Changed,
    NotDisabled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Recipient {
    Holder,
    Guardian {
        name: String,
        relation: String,
        id_number: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "old", rename_all = "snake_case")]
pub enum OldCertificate {
    /// 二代证收回: entered in the township's recovery ledger.
    Recovered { number: String },
    /// 情况说明: lost or damaged; a signed statement was taken first.
    Statement { statement_id: String },
    /// A new applicant had none.
    NoneHeld,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoidReason {
    /// 人证不符
    PersonMismatch,
    /// 类别、等级有误
    WrongCategoryOrGrade,
    NotDisabled,
    Damaged,
    Other,
}

/// A corrected roster's new basis and certificate classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reclassification {
    pub basis: Basis,
    pub category: Option<Category>,
    pub grade: Option<Grade>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// Everything that can happen to a case. Stored as JSON; `kind` names the variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    Registered {
        basis: Basis,
        category: Option<Category>,
        grade: Option<Grade>,
    },
    HolderUpdated {
        changes: Vec<FieldChange>,
        /// Set when a corrected roster changes the basis or the certificate.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reclassified: Option<Reclassification>,
    },
    NoticeDelivered {
        date: NaiveDate,
    },
    ReceiptReturned {
        date: NaiveDate,
    },
    Scheduled {
        site: String,
        date: NaiveDate,
        half_day: HalfDay,
        home_visit: bool,
    },
    /// The booked day was called off (另行通知) and no other day could be found yet.
    ScheduleCancelled {
        reason: String,
    },
    CheckedIn {
        site: String,
        walk_in: bool,
    },
    Absent {
        site: String,
        date: NaiveDate,
    },
    Assessed {
        assessment: Assessment,
    },
    ResultCorrected {
        assessment: Assessment,
        reason: String,
    },
    RemoteFormsReceived {
        assessment: Assessment,
    },
    RemoteReviewed {
        accepted: bool,
        reason: String,
    },
    PublicNoticeStarted {
        batch: String,
        start: NaiveDate,
    },
    Objection {
        reason: String,
    },
    ReviewRequested {
        reason: String,
        fee_yuan: String,
        receipt_no: String,
    },
    ReviewDecided {
        assessment: Assessment,
    },
    PublicNoticeEnded,
    CardVoided {
        card_number: Option<String>,
        reason: VoidReason,
        note: String,
    },
    RemakeRequested,
    CardReceived {
        card_number: String,
    },
    CardDispatched,
    HandedOver {
        card_number: String,
        recipient: Recipient,
        old_certificate: OldCertificate,
    },
    HandoverCorrected {
        reason: String,
    },
    /// 情况说明: the old certificate cannot be handed in; the holder or guardian
    /// signs a statement saying why. Taken before the handover it allows.
    StatementTaken {
        statement_id: String,
        loss: Loss,
        account: String,
        signer: String,
        relation: String,
    },
    /// The printed statement was signed by the holder or a guardian.
    StatementSigned {
        statement_id: String,
        signer: String,
        relation: String,
    },
    /// A wrong statement is withdrawn with a reason; it stays on file.
    StatementWithdrawn {
        statement_id: String,
        reason: String,
    },
    /// The household's own point for home visits (None: back to its village's).
    HomeLocated {
        place: Option<Place>,
    },
    /// When the family is at home for a visit (None: all day).
    VisitWindowSet {
        window: Option<VisitWindow>,
    },
}

/// Why the old certificate cannot be handed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// 遗失
    Lost,
    /// 损毁
    Damaged,
    /// 其他: the account says what.
    Other,
}

impl Loss {
    pub const ALL: [Loss; 3] = [Loss::Lost, Loss::Damaged, Loss::Other];

    pub fn name_zh(self) -> &'static str {
        match self {
            Loss::Lost => "遗失",
            Loss::Damaged => "损毁",
            Loss::Other => "其他",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Loss::Lost => "lost",
            Loss::Damaged => "damaged",
            Loss::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Loss> {
        Loss::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

impl Localized for Loss {
    fn local(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.name_zh(),
            Lang::En => match self {
                Loss::Lost => "lost",
                Loss::Damaged => "damaged",
                Loss::Other => "other reason",
            },
        }
        .to_string()
    }
}

impl Event {
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Registered { .. } => "registered",
            Event::HolderUpdated { .. } => "holder_updated",
            Event::NoticeDelivered { .. } => "notice_delivered",
            Event::ReceiptReturned { .. } => "receipt_returned",
            Event::Scheduled { .. } => "scheduled",
            Event::ScheduleCancelled { .. } => "schedule_cancelled",
            Event::CheckedIn { .. } => "checked_in",
            Event::Absent { .. } => "absent",
            Event::Assessed { .. } => "assessed",
            Event::ResultCorrected { .. } => "result_corrected",
            Event::RemoteFormsReceived { .. } => "remote_forms_received",
            Event::RemoteReviewed { .. } => "remote_reviewed",
            Event::PublicNoticeStarted { .. } => "public_notice_started",
            Event::Objection { .. } => "objection",
            Event::ReviewRequested { .. } => "review_requested",
            Event::ReviewDecided { .. } => "review_decided",
            Event::PublicNoticeEnded => "public_notice_ended",
            Event::CardVoided { .. } => "card_voided",
            Event::RemakeRequested => "remake_requested",
            Event::CardReceived { .. } => "card_received",
            Event::CardDispatched => "card_dispatched",
            Event::HandedOver { .. } => "handed_over",
            Event::HandoverCorrected { .. } => "handover_corrected",
            Event::StatementTaken { .. } => "statement_taken",
            Event::StatementSigned { .. } => "statement_signed",
            Event::StatementWithdrawn { .. } => "statement_withdrawn",
            Event::HomeLocated { .. } => "home_located",
            Event::VisitWindowSet { .. } => "visit_window_set",
        }
    }
}

/// An event's kind, as named to a user ("发证", "handover").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventKind(pub &'static str);

impl Localized for EventKind {
    fn local(&self, lang: Lang) -> String {
        kind_name(self.0, lang)
    }
}

/// The name of an event kind as stored (`handed_over`) for a user: 发证, "handover".
/// Kinds this version does not know are shown as stored.
pub fn kind_name(kind: &str, lang: Lang) -> String {
    let (zh, en) = match kind {
        "registered" => ("登记", "registration"),
        "holder_updated" => ("修改信息", "details changed"),
        "notice_delivered" => ("送达告知书", "notice delivered"),
        "receipt_returned" => ("收回回执", "receipt returned"),
        "scheduled" => ("排期", "scheduling"),
        "schedule_cancelled" => ("取消排期（另行通知）", "booking called off"),
        "checked_in" => ("现场签到", "check-in"),
        "absent" => ("缺席", "absence"),
        "assessed" => ("录入评定结果", "assessment"),
        "result_corrected" => ("更正评定结果", "result correction"),
        "remote_forms_received" => ("收到异地评定材料", "remote forms received"),
        "remote_reviewed" => ("审核异地评定", "remote review"),
        "public_notice_started" => ("开始公示", "public notice start"),
        "objection" => ("公示异议", "objection"),
        "review_requested" => ("申请复核", "review request"),
        "review_decided" => ("复核结论", "review decision"),
        "public_notice_ended" => ("公示期满", "end of public notice"),
        "card_voided" => ("作废卡", "card void"),
        "remake_requested" => ("申请重新制卡", "remake request"),
        "card_received" => ("新卡到达", "card received"),
        "card_dispatched" => ("新卡下发", "card dispatched"),
        "handed_over" => ("发证", "handover"),
        "handover_corrected" => ("撤销发证", "handover correction"),
        "statement_taken" => ("填写情况说明", "statement taken"),
        "statement_signed" => ("情况说明签字", "statement signed"),
        "statement_withdrawn" => ("撤回情况说明", "statement withdrawn"),
        "home_located" => ("登记住户位置", "home location set"),
        "visit_window_set" => ("设置上门时段", "visit hours set"),
        // Events on no case: the log of the program's own trust-relevant actions.
        "personal_data_exported" => ("导出个人信息", "personal data exported"),
        "day_postponed" => ("评定日另行通知", "assessment day postponed"),
        "operator_added" => ("新增操作员", "operator added"),
        "operator_disabled" => ("停用操作员", "operator disabled"),
        "password_changed" => ("修改密码", "password changed"),
        "phone_revealed" => ("查看电话号码", "phone number shown"),
        other => (other, other),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
    .to_string()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("案件尚未登记")]
    NotRegistered,
    #[error("案件已登记")]
    AlreadyRegistered,
    #[error("当前状态不允许此操作")]
    NotAllowed { from: State, event: &'static str },
    #[error("目测持证人须先重新评定才能发证")]
    HandoverBeforeReassessment,
    #[error("无需评定")]
    NoAssessmentNeeded { state: State },
    #[error("未排到今天，按临时到场登记")]
    WalkInNeeded,
    #[error("公示尚未开始")]
    NoticeNotStarted,
    #[error("公示期未满")]
    NoticeNotEnded { end: NaiveDate },
    #[error("公示期已过")]
    NoticeOver { end: NaiveDate },
    #[error("公示已开始")]
    NoticeAlreadyStarted { start: NaiveDate },
    #[error("已发证，不能更正评定结果")]
    CorrectAfterIssue,
    #[error("没有可更正的评定结果")]
    NothingToCorrect,
    #[error("新申请没有原证")]
    NewApplicantUnchanged,
    #[error("已开始办理，不能改评定方式或证号")]
    ReclassifyAfterProgress { state: State },
    #[error("回执日期早于告知书送达日期")]
    ReceiptBeforeNotice { delivered: NaiveDate },
    #[error("日历")]
    Calendar(#[from] CalendarError),
}

impl RuleError {
    pub fn text(&self) -> Text {
        match self {
            RuleError::NotRegistered => Text::RuleNotRegistered,
            RuleError::AlreadyRegistered => Text::RuleAlreadyRegistered,
            RuleError::NotAllowed { from, event } => Text::RuleNotAllowed {
                state: *from,
                event: EventKind(event),
            },
            RuleError::HandoverBeforeReassessment => Text::RuleHandoverBeforeReassessment,
            RuleError::NoAssessmentNeeded { state } => {
                Text::RuleNoAssessmentNeeded { state: *state }
            }
            RuleError::WalkInNeeded => Text::RuleWalkInNeeded,
            RuleError::NoticeNotStarted => Text::RuleNoticeNotStarted,
            RuleError::NoticeNotEnded { end } => Text::RuleNoticeNotEnded { end: *end },
            RuleError::NoticeOver { end } => Text::RuleNoticeOver { end: *end },
            RuleError::NoticeAlreadyStarted { start } => {
                Text::RuleNoticeAlreadyStarted { start: *start }
            }
            RuleError::CorrectAfterIssue => Text::RuleCorrectAfterIssue,
            RuleError::NothingToCorrect => Text::RuleNothingToCorrect,
            RuleError::NewApplicantUnchanged => Text::RuleNewApplicantUnchanged,
            RuleError::ReclassifyAfterProgress { state } => {
                Text::RuleReclassifyAfterProgress { state: *state }
            }
            RuleError::ReceiptBeforeNotice { delivered } => Text::RuleReceiptBeforeNotice {
                delivered: *delivered,
            },
            RuleError::Calendar(e) => Text::CalendarProblem { detail: e.clone() },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub site: String,
    pub date: NaiveDate,
    pub half_day: HalfDay,
    pub home_visit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PublicNotice {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The facts folded from a case's events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Case {
    pub basis: Basis,
    pub state: State,
    /// Category and grade printed on the certificate the holder has now.
    pub certificate: Option<(Category, Grade)>,
    pub assessment: Option<Assessment>,
    pub outcome: Option<Outcome>,
    pub schedule: Option<Schedule>,
    pub walk_in: bool,
    pub notice_delivered: Option<NaiveDate>,
    pub receipt_returned: Option<NaiveDate>,
    pub public_notice: Option<PublicNotice>,
    pub issued_card: Option<String>,
    pub received_card: Option<String>,
    /// The household's own point for home visits, when not its village's.
    pub home_place: Option<Place>,
    /// When the family is at home for a visit (None: all day).
    pub visit_window: Option<VisitWindow>,
    /// Where a returned remote application or a review goes back to.
    #[serde(skip)]
    resume: Option<State>,
    #[serde(skip)]
    pending_remote: Option<Assessment>,
}

impl Case {
    /// Folds a case's events, oldest first, each with the day it happened.
    /// On a forbidden step, returns its index and the rule it broke.
    pub fn derive<'a>(
        events: impl IntoIterator<Item = (NaiveDate, &'a Event)>,
        rules: &Campaign,
    ) -> Result<Case, (usize, RuleError)> {
        let mut case: Option<Case> = None;
        for (i, (on, event)) in events.into_iter().enumerate() {
            let next = match &case {
                None => Case::register(event),
                Some(c) => c.apply(on, event, rules),
            };
            case = Some(next.map_err(|e| (i, e))?);
        }
        case.ok_or((0, RuleError::NotRegistered))
    }

    pub fn register(event: &Event) -> Result<Case, RuleError> {
        let Event::Registered {
            basis,
            category,
            grade,
        } = event
        else {
            return Err(RuleError::NotRegistered);
        };
        Ok(Case {
            basis: *basis,
            state: basis.initial_state(),
            certificate: category.zip(*grade),
            assessment: None,
            outcome: None,
            schedule: None,
            walk_in: false,
            notice_delivered: None,
            receipt_returned: None,
            public_notice: None,
            issued_card: None,
            received_card: None,
            home_place: None,
            visit_window: None,
            resume: None,
            pending_remote: None,
        })
    }

    /// The case after `event` happened `on` that day, or the rule it breaks.
    pub fn apply(&self, on: NaiveDate, event: &Event, rules: &Campaign) -> Result<Case, RuleError> {
        let mut c = self.clone();
        let refuse = || RuleError::NotAllowed {
            from: self.state,
            event: event.kind(),
        };
        match event {
            Event::Registered { .. } => return Err(RuleError::AlreadyRegistered),
            Event::HolderUpdated {
                reclassified: Some(r),
                ..
            } => {
                // Only before anything was done on the old basis: afterwards a wrong
                // basis or classification is a void-and-remake or a correction.
                let untouched = self.assessment.is_none()
                    && self.schedule.is_none()
                    && matches!(
                        self.state,
                        S::Applied | S::NeedsReassessment | S::Notified | S::ReadyForHandover
                    );
                if !untouched {
                    return Err(RuleError::ReclassifyAfterProgress { state: self.state });
                }
                c.basis = r.basis;
                c.certificate = r.category.zip(r.grade);
                c.state = r.basis.initial_state();
            }
            Event::HolderUpdated { .. } => {}
            Event::NoticeDelivered { date } => {
                if !self.state.awaits_assessment() {
                    return Err(refuse());
                }
                c.notice_delivered = Some(*date);
            }
            Event::ReceiptReturned { date } => {
                if !self.state.awaits_assessment() {
                    return Err(refuse());
                }
                if let Some(delivered) = self.notice_delivered
                    && *date < delivered
                {
                    return Err(RuleError::ReceiptBeforeNotice { delivered });
                }
                c.receipt_returned = Some(*date);
                if self.state == S::NeedsReassessment {
                    c.state = S::Notified;
                }
            }
            Event::Scheduled {
                site,
                date,
                half_day,
                home_visit,
            } => {
                if !matches!(
                    self.state,
                    S::Applied
                        | S::NeedsReassessment
                        | S::Notified
                        | S::NeedsRescheduling
                        | S::Scheduled
                ) {
                    return Err(self.assessment_refusal(event));
                }
                c.schedule = Some(Schedule {
                    site: site.clone(),
                    date: *date,
                    half_day: *half_day,
                    home_visit: *home_visit,
                });
                c.state = S::Scheduled;
            }
            Event::CheckedIn { site, walk_in } => {
                match self.state {
                    S::Scheduled => {}
                    S::Applied | S::NeedsReassessment | S::Notified | S::NeedsRescheduling
                        if *walk_in => {}
                    S::Applied | S::NeedsReassessment | S::Notified | S::NeedsRescheduling => {
                        return Err(RuleError::WalkInNeeded);
                    }
                    _ => return Err(self.assessment_refusal(event)),
                }
                c.walk_in = *walk_in;
                c.state = S::Waiting;
                if *walk_in {
                    // Seen here today, whatever the plan said.
                    let half_day = self.schedule.as_ref().map_or(HalfDay::Am, |s| s.half_day);
                    c.schedule = Some(Schedule {
                        site: site.clone(),
                        date: on,
                        half_day,
                        home_visit: false,
                    });
                }
            }
            Event::ScheduleCancelled { .. } => {
                if self.state != S::Scheduled {
                    return Err(refuse());
                }
                c.schedule = None;
                c.state = S::NeedsRescheduling;
            }
            Event::Absent { .. } => {
                if !matches!(self.state, S::Scheduled | S::Waiting) {
                    return Err(refuse());
                }
                c.state = S::NeedsRescheduling;
            }
            Event::Assessed { assessment } => {
                if self.state != S::Waiting {
                    return Err(self.assessment_refusal(event));
                }
                c.take_assessment(assessment)?;
            }
            Event::ResultCorrected { assessment, .. } => {
                if self.state == S::Issued {
                    return Err(RuleError::CorrectAfterIssue);
                }
                let correctable = matches!(
                    self.state,
                    S::ReadyForHandover | S::InPublicNotice | S::Revoked | S::Rejected
                );
                if self.assessment.is_none() || !correctable {
                    return Err(RuleError::NothingToCorrect);
                }
                c.public_notice = None;
                c.take_assessment(assessment)?;
            }
            Event::RemoteFormsReceived { assessment } => {
                if !self.state.awaits_assessment() || self.state == S::Waiting {
                    return Err(self.assessment_refusal(event));
                }
                c.resume = Some(self.state);
                c.pending_remote = Some(assessment.clone());
                c.state = S::RemoteReview;
            }
            Event::RemoteReviewed { accepted, .. } => {
                if self.state != S::RemoteReview {
                    return Err(refuse());
                }
                let forms = c.pending_remote.take();
                let back = c.resume.take().unwrap_or(self.basis.initial_state());
                match (accepted, forms) {
                    (true, Some(forms)) => c.take_assessment(&forms)?,
                    _ => c.state = back,
                }
            }
            Event::PublicNoticeStarted { start, .. } => {
                if self.state != S::InPublicNotice {
                    return Err(refuse());
                }
                if let Some(n) = self.public_notice {
                    return Err(RuleError::NoticeAlreadyStarted { start: n.start });
                }
                let end = rules.public_notice_end(*start)?;
                c.public_notice = Some(PublicNotice { start: *start, end });
            }
            Event::Objection { .. } => {
                if self.state != S::InPublicNotice {
                    return Err(refuse());
                }
                let notice = self.public_notice.ok_or(RuleError::NoticeNotStarted)?;
                if on > notice.end {
                    return Err(RuleError::NoticeOver { end: notice.end });
                }
                c.resume = Some(self.state);
                c.state = S::UnderReview;
            }
            Event::ReviewRequested { .. } => {
                let after_assessment = self.assessment.is_some()
                    && matches!(
                        self.state,
                        S::ReadyForHandover | S::InPublicNotice | S::Revoked | S::Rejected
                    );
                if !after_assessment {
                    return Err(refuse());
                }
                c.resume = Some(self.state);
                c.state = S::UnderReview;
            }
            Event::ReviewDecided { assessment } => {
                if self.state != S::UnderReview {
                    return Err(refuse());
                }
                c.resume = None;
                c.public_notice = None;
                c.take_assessment(assessment)?;
            }
            Event::PublicNoticeEnded | Event::RemakeRequested
                if self.state == S::InPublicNotice =>
            {
                let notice = self.public_notice.ok_or(RuleError::NoticeNotStarted)?;
                if on <= notice.end {
                    return Err(RuleError::NoticeNotEnded { end: notice.end });
                }
                c.state = S::CardRequested;
            }
            Event::PublicNoticeEnded => return Err(refuse()),
            Event::RemakeRequested => {
                if self.state != S::CardVoided {
                    return Err(refuse());
                }
                c.state = S::CardRequested;
            }
            Event::CardVoided { .. } => {
                if !matches!(self.state, S::ReadyForHandover | S::CardReceived) {
                    return Err(refuse());
                }
                c.received_card = None;
                c.state = S::CardVoided;
            }
            Event::CardReceived { card_number } => {
                if self.state != S::CardRequested {
                    return Err(refuse());
                }
                c.received_card = Some(card_number.clone());
                c.state = S::CardReceived;
            }
            Event::CardDispatched => {
                if self.state != S::CardReceived {
                    return Err(refuse());
                }
                c.state = S::ReadyForHandover;
            }
            Event::HandedOver { card_number, .. } => {
                if self.state != S::ReadyForHandover {
                    return Err(
                        if self.basis == Basis::Visual && self.assessment.is_none() {
                            RuleError::HandoverBeforeReassessment
                        } else {
                            refuse()
                        },
                    );
                }
                c.issued_card = Some(card_number.clone());
                c.state = S::Issued;
            }
            Event::StatementTaken { .. } => {
                // Only useful while a card is still to be handed over.
                if matches!(self.state, S::Issued | S::Revoked | S::Rejected) {
                    return Err(refuse());
                }
            }
            // The statement's own rules (domain::statement) are checked by the store
            // against its record; the case does not change.
            Event::StatementSigned { .. } | Event::StatementWithdrawn { .. } => {}
            // Facts for planning home visits; any state may have them.
            Event::HomeLocated { place } => c.home_place = *place,
            Event::VisitWindowSet { window } => c.visit_window = *window,
            Event::HandoverCorrected { .. } => {
                if self.state != S::Issued {
                    return Err(refuse());
                }
                c.issued_card = None;
                c.state = S::ReadyForHandover;
            }
        }
        Ok(c)
    }

    /// Refusal for an assessment step, saying why no assessment is needed when none is.
    fn assessment_refusal(&self, event: &Event) -> RuleError {
        if self.state.awaits_assessment() || self.state == S::RemoteReview {
            RuleError::NotAllowed {
                from: self.state,
                event: event.kind(),
            }
        } else {
            RuleError::NoAssessmentNeeded { state: self.state }
        }
    }

    fn take_assessment(&mut self, assessment: &Assessment) -> Result<(), RuleError> {
        let outcome = self.outcome_of(&assessment.finding);
        self.state = match (outcome, self.basis) {
            (Outcome::Unchanged, Basis::New) => return Err(RuleError::NewApplicantUnchanged),
            (Outcome::Unchanged, _) => State::ReadyForHandover,
            (Outcome::Changed, _) => State::InPublicNotice,
            (Outcome::NotDisabled, Basis::New) => State::Rejected,
            (Outcome::NotDisabled, _) => State::Revoked,
        };
        self.assessment = Some(assessment.clone());
        self.outcome = Some(outcome);
        Ok(())
    }

    /// Unchanged only when category and grade both equal the certificate's.
    pub fn outcome_of(&self, finding: &Finding) -> Outcome {
        match finding {
            Finding::NotDisabled => Outcome::NotDisabled,
            Finding::Disabled { category, grade } => {
                if self.certificate == Some((*category, *grade)) {
                    Outcome::Unchanged
                } else {
                    Outcome::Changed
                }
            }
        }
    }

    /// Category and grade a new card must carry: the latest finding, else the certificate's.
    pub fn current_classification(&self) -> Option<(Category, Grade)> {
        match self.assessment.as_ref().map(|a| a.finding) {
            Some(Finding::Disabled { category, grade }) => Some((category, grade)),
            Some(Finding::NotDisabled) => None,
            None => self.certificate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, day).unwrap()
    }

    fn cal() -> &'static Campaign {
        Campaign::builtin()
    }

    fn cat_grade(c: u8, g: u8) -> (Category, Grade) {
        (
            Category::from_digit(c).unwrap(),
            Grade::from_digit(g).unwrap(),
        )
    }

    fn registered(basis: Basis) -> Event {
        let (category, grade) = cat_grade(4, 2);
        let new = basis == Basis::New;
        Event::Registered {
            basis,
            category: (!new).then_some(category),
            grade: (!new).then_some(grade),
        }
    }

    fn assessment(finding: Finding) -> Assessment {
        Assessment {
            finding,
            institution: "师宗县人民医院".into(),
            doctor: "李医生".into(),
            date: d(4, 6),
        }
    }

    fn disabled(c: u8, g: u8) -> Finding {
        let (category, grade) = cat_grade(c, g);
        Finding::Disabled { category, grade }
    }

    fn scheduled() -> Event {
        Event::Scheduled {
            site: "xiongbi-hc".into(),
            date: d(4, 6),
            half_day: HalfDay::Am,
            home_visit: false,
        }
    }

    fn checked_in(walk_in: bool) -> Event {
        Event::CheckedIn {
            site: "xiongbi-hc".into(),
            walk_in,
        }
    }

    /// Applies events all on one day and returns the final case or the first error.
    fn run(events: &[Event]) -> Result<Case, (usize, RuleError)> {
        Case::derive(events.iter().map(|e| (d(4, 6), e)), cal())
    }

    fn run_dated(events: &[(NaiveDate, Event)]) -> Result<Case, (usize, RuleError)> {
        Case::derive(events.iter().map(|(on, e)| (*on, e)), cal())
    }

    fn state_after(events: &[Event]) -> State {
        run(events).expect("allowed").state
    }

    fn visual_assessed(finding: Finding) -> Vec<Event> {
        vec![
            registered(Basis::Visual),
            scheduled(),
            checked_in(false),
            Event::Assessed {
                assessment: assessment(finding),
            },
        ]
    }

    fn handed_over() -> Event {
        Event::HandedOver {
            card_number: "C1".into(),
            recipient: Recipient::Holder,
            old_certificate: OldCertificate::Recovered { number: "X".into() },
        }
    }

    #[test]
    fn initial_state_follows_the_basis() {
        assert_eq!(
            state_after(&[registered(Basis::Medical)]),
            S::ReadyForHandover
        );
        assert_eq!(
            state_after(&[registered(Basis::Visual)]),
            S::NeedsReassessment
        );
        assert_eq!(state_after(&[registered(Basis::New)]), S::Applied);
    }

    #[test]
    fn a_case_must_start_with_registration_and_only_once() {
        assert_eq!(
            run(&[scheduled()]).unwrap_err(),
            (0, RuleError::NotRegistered)
        );
        assert_eq!(run(&[]).unwrap_err(), (0, RuleError::NotRegistered));
        let twice = [registered(Basis::Visual), registered(Basis::Visual)];
        assert_eq!(run(&twice).unwrap_err(), (1, RuleError::AlreadyRegistered));
    }

    #[test]
    fn medical_holder_exchanges_directly() {
        let case = run(&[registered(Basis::Medical), handed_over()]).unwrap();
        assert_eq!(case.state, S::Issued);
        assert_eq!(case.issued_card.as_deref(), Some("C1"));
    }

    #[test]
    fn visual_holder_cannot_be_handed_a_card_before_reassessment() {
        for prefix in [
            vec![registered(Basis::Visual)],
            vec![registered(Basis::Visual), scheduled()],
            vec![registered(Basis::Visual), scheduled(), checked_in(false)],
        ] {
            let mut events = prefix.clone();
            events.push(handed_over());
            assert_eq!(
                run(&events).unwrap_err(),
                (prefix.len(), RuleError::HandoverBeforeReassessment)
            );
        }
    }

    #[test]
    fn notice_and_receipt_lead_to_notified_then_scheduled() {
        let events = [
            registered(Basis::Visual),
            Event::NoticeDelivered { date: d(3, 20) },
            Event::ReceiptReturned { date: d(3, 22) },
        ];
        let case = run(&events).unwrap();
        assert_eq!(case.state, S::Notified);
        assert_eq!(case.receipt_returned, Some(d(3, 22)));
        let mut more = events.to_vec();
        more.push(scheduled());
        assert_eq!(state_after(&more), S::Scheduled);
    }

    #[test]
    fn a_receipt_cannot_come_back_before_its_notice_went_out() {
        let early = [
            registered(Basis::Visual),
            Event::NoticeDelivered { date: d(3, 20) },
            Event::ReceiptReturned { date: d(3, 19) },
        ];
        assert_eq!(
            run(&early).unwrap_err(),
            (
                2,
                RuleError::ReceiptBeforeNotice {
                    delivered: d(3, 20)
                }
            )
        );
        // Same day is fine; so is a receipt for someone already booked, who stays booked.
        let booked = [
            registered(Basis::Visual),
            scheduled(),
            Event::NoticeDelivered { date: d(3, 20) },
            Event::ReceiptReturned { date: d(3, 20) },
        ];
        let case = run(&booked).unwrap();
        assert_eq!(case.state, S::Scheduled);
        assert_eq!(case.receipt_returned, Some(d(3, 20)));
        // Nobody owed an assessment gets a notice.
        let medical = [
            registered(Basis::Medical),
            Event::NoticeDelivered { date: d(3, 20) },
        ];
        assert!(matches!(
            run(&medical).unwrap_err().1,
            RuleError::NotAllowed { .. }
        ));
    }

    #[test]
    fn each_outcome_leads_to_its_state() {
        assert_eq!(
            state_after(&visual_assessed(disabled(4, 2))),
            S::ReadyForHandover
        );
        assert_eq!(
            state_after(&visual_assessed(disabled(4, 3))),
            S::InPublicNotice
        );
        assert_eq!(
            state_after(&visual_assessed(disabled(1, 2))),
            S::InPublicNotice
        );
        assert_eq!(
            state_after(&visual_assessed(Finding::NotDisabled)),
            S::Revoked
        );
        let unchanged = run(&visual_assessed(disabled(4, 2))).unwrap();
        assert_eq!(unchanged.outcome, Some(Outcome::Unchanged));
    }

    #[test]
    fn new_applicant_is_assessed_disabled_or_rejected() {
        let base = [registered(Basis::New), scheduled(), checked_in(false)];
        let mut yes = base.to_vec();
        yes.push(Event::Assessed {
            assessment: assessment(disabled(4, 1)),
        });
        assert_eq!(state_after(&yes), S::InPublicNotice);
        let mut no = base.to_vec();
        no.push(Event::Assessed {
            assessment: assessment(Finding::NotDisabled),
        });
        assert_eq!(state_after(&no), S::Rejected);
    }

    #[test]
    fn walk_in_needs_the_flag_and_issued_cases_need_no_assessment() {
        let no_flag = [registered(Basis::Visual), checked_in(false)];
        assert_eq!(run(&no_flag).unwrap_err(), (1, RuleError::WalkInNeeded));
        let walk_in = [registered(Basis::Visual), checked_in(true)];
        let case = run(&walk_in).unwrap();
        assert_eq!(case.state, S::Waiting);
        assert!(case.walk_in);
        let here = case.schedule.unwrap();
        assert_eq!((here.site.as_str(), here.date), ("xiongbi-hc", d(4, 6)));
        let issued = [registered(Basis::Medical), handed_over(), checked_in(true)];
        assert_eq!(
            run(&issued).unwrap_err(),
            (2, RuleError::NoAssessmentNeeded { state: S::Issued })
        );
    }

    #[test]
    fn assessment_needs_a_check_in_first() {
        let events = [
            registered(Basis::Visual),
            scheduled(),
            Event::Assessed {
                assessment: assessment(disabled(4, 2)),
            },
        ];
        assert!(matches!(
            run(&events).unwrap_err(),
            (
                2,
                RuleError::NotAllowed {
                    from: S::Scheduled,
                    ..
                }
            )
        ));
    }

    #[test]
    fn a_called_off_booking_needs_rescheduling_and_leaves_the_day() {
        let cancel = Event::ScheduleCancelled {
            reason: "另行通知".into(),
        };
        let case = run(&[registered(Basis::Visual), scheduled(), cancel.clone()]).unwrap();
        assert_eq!(case.state, S::NeedsRescheduling);
        assert_eq!(case.schedule, None);
        assert!(run(&[registered(Basis::Visual), cancel]).is_err());
    }

    #[test]
    fn absent_needs_rescheduling_and_can_be_rescheduled() {
        let mut events = vec![
            registered(Basis::Visual),
            scheduled(),
            Event::Absent {
                site: "xiongbi-hc".into(),
                date: d(4, 6),
            },
        ];
        assert_eq!(state_after(&events), S::NeedsRescheduling);
        events.push(scheduled());
        assert_eq!(state_after(&events), S::Scheduled);
        let not_scheduled = [
            registered(Basis::Visual),
            Event::Absent {
                site: "x".into(),
                date: d(4, 6),
            },
        ];
        assert!(run(&not_scheduled).is_err());
    }

    fn in_notice_started(start: NaiveDate) -> Vec<(NaiveDate, Event)> {
        visual_assessed(disabled(4, 3))
            .into_iter()
            .map(|e| (d(4, 6), e))
            .chain([(
                start,
                Event::PublicNoticeStarted {
                    batch: "B1".into(),
                    start,
                },
            )])
            .collect()
    }

    #[test]
    fn remake_is_refused_until_the_five_working_day_notice_has_ended() {
        // Notice from Thu 31 March: 31.3, 1.4, 2.4 (Saturday make-up day), 6.4, 7.4
        // (3–5 April is 清明). The last day is 7 April; a remake is allowed from 8 April.
        let mut events = in_notice_started(d(3, 31));
        let case = run_dated(&events).unwrap();
        assert_eq!(case.public_notice.unwrap().end, d(4, 7));
        events.push((d(4, 7), Event::RemakeRequested));
        assert_eq!(
            run_dated(&events).unwrap_err(),
            (5, RuleError::NoticeNotEnded { end: d(4, 7) })
        );
        events.pop();
        events.push((d(4, 8), Event::RemakeRequested));
        assert_eq!(run_dated(&events).unwrap().state, S::CardRequested);
    }

    #[test]
    fn notice_cannot_end_before_it_starts_or_before_its_end() {
        let mut events: Vec<(NaiveDate, Event)> = visual_assessed(disabled(4, 3))
            .into_iter()
            .map(|e| (d(4, 6), e))
            .collect();
        events.push((d(4, 20), Event::PublicNoticeEnded));
        assert_eq!(
            run_dated(&events).unwrap_err(),
            (4, RuleError::NoticeNotStarted)
        );
        let mut events = in_notice_started(d(4, 11));
        events.push((d(4, 15), Event::PublicNoticeEnded));
        assert_eq!(
            run_dated(&events).unwrap_err(),
            (5, RuleError::NoticeNotEnded { end: d(4, 15) })
        );
        let mut events = in_notice_started(d(4, 11));
        events.push((d(4, 18), Event::PublicNoticeEnded));
        assert_eq!(run_dated(&events).unwrap().state, S::CardRequested);
    }

    #[test]
    fn a_second_notice_start_is_refused() {
        let mut events = in_notice_started(d(4, 11));
        events.push((
            d(4, 12),
            Event::PublicNoticeStarted {
                batch: "B2".into(),
                start: d(4, 12),
            },
        ));
        assert_eq!(
            run_dated(&events).unwrap_err(),
            (5, RuleError::NoticeAlreadyStarted { start: d(4, 11) })
        );
    }

    #[test]
    fn objection_during_notice_goes_to_review_and_the_decision_moves_on() {
        let mut events = in_notice_started(d(4, 11));
        events.push((
            d(4, 13),
            Event::Objection {
                reason: "村民反映".into(),
            },
        ));
        assert_eq!(run_dated(&events).unwrap().state, S::UnderReview);
        for (finding, want) in [
            (disabled(4, 2), S::ReadyForHandover),
            (disabled(4, 4), S::InPublicNotice),
            (Finding::NotDisabled, S::Revoked),
        ] {
            let mut e = events.clone();
            e.push((
                d(4, 20),
                Event::ReviewDecided {
                    assessment: assessment(finding),
                },
            ));
            assert_eq!(run_dated(&e).unwrap().state, want, "{finding:?}");
        }
        let mut late = in_notice_started(d(4, 11));
        late.push((
            d(4, 18),
            Event::Objection {
                reason: "迟到".into(),
            },
        ));
        assert_eq!(
            run_dated(&late).unwrap_err(),
            (5, RuleError::NoticeOver { end: d(4, 15) })
        );
    }

    #[test]
    fn review_request_only_after_an_assessment() {
        let request = Event::ReviewRequested {
            reason: "不服".into(),
            fee_yuan: "200".into(),
            receipt_no: "R1".into(),
        };
        let mut after = visual_assessed(Finding::NotDisabled);
        after.push(request.clone());
        assert_eq!(state_after(&after), S::UnderReview);
        let before = [registered(Basis::Medical), request];
        assert!(run(&before).is_err());
    }

    #[test]
    fn void_remake_receive_dispatch_and_hand_over() {
        let events = [
            registered(Basis::Medical),
            Event::CardVoided {
                card_number: Some("C0".into()),
                reason: VoidReason::PersonMismatch,
                note: String::new(),
            },
            Event::RemakeRequested,
            Event::CardReceived {
                card_number: "C1".into(),
            },
            Event::CardDispatched,
            handed_over(),
        ];
        let states: Vec<State> = (1..=events.len())
            .map(|n| state_after(&events[..n]))
            .collect();
        assert_eq!(
            states,
            [
                S::ReadyForHandover,
                S::CardVoided,
                S::CardRequested,
                S::CardReceived,
                S::ReadyForHandover,
                S::Issued
            ]
        );
    }

    #[test]
    fn card_steps_out_of_order_are_refused() {
        for (events, at) in [
            (vec![registered(Basis::Medical), Event::RemakeRequested], 1),
            (
                vec![
                    registered(Basis::Medical),
                    Event::CardReceived {
                        card_number: "C".into(),
                    },
                ],
                1,
            ),
            (vec![registered(Basis::Medical), Event::CardDispatched], 1),
            (
                vec![registered(Basis::Medical), handed_over(), handed_over()],
                2,
            ),
            (
                vec![
                    registered(Basis::Medical),
                    Event::HandoverCorrected { reason: "r".into() },
                ],
                1,
            ),
        ] {
            let err = run(&events).unwrap_err();
            assert_eq!(err.0, at, "{events:?}");
            assert!(matches!(err.1, RuleError::NotAllowed { .. }), "{err:?}");
        }
    }

    #[test]
    fn handover_is_undone_only_by_a_correction() {
        let events = [
            registered(Basis::Medical),
            handed_over(),
            Event::HandoverCorrected {
                reason: "发错人".into(),
            },
        ];
        let case = run(&events).unwrap();
        assert_eq!(case.state, S::ReadyForHandover);
        assert_eq!(case.issued_card, None);
    }

    #[test]
    fn a_result_is_corrected_by_a_later_event_not_after_issue() {
        let mut events = visual_assessed(disabled(4, 3));
        events.push(Event::ResultCorrected {
            assessment: assessment(disabled(4, 2)),
            reason: "录入错误".into(),
        });
        let case = run(&events).unwrap();
        assert_eq!(case.state, S::ReadyForHandover);
        assert_eq!(case.outcome, Some(Outcome::Unchanged));
        events.push(handed_over());
        events.push(Event::ResultCorrected {
            assessment: assessment(disabled(4, 3)),
            reason: "x".into(),
        });
        assert_eq!(run(&events).unwrap_err(), (6, RuleError::CorrectAfterIssue));
        let never_assessed = [
            registered(Basis::Medical),
            Event::ResultCorrected {
                assessment: assessment(disabled(4, 3)),
                reason: "x".into(),
            },
        ];
        assert_eq!(
            run(&never_assessed).unwrap_err(),
            (1, RuleError::NothingToCorrect)
        );
    }

    #[test]
    fn remote_assessment_accepted_or_returned() {
        let forms = Event::RemoteFormsReceived {
            assessment: Assessment {
                finding: disabled(4, 3),
                institution: "昆明市第一人民医院".into(),
                doctor: "王医生".into(),
                date: d(4, 1),
            },
        };
        let base = vec![
            registered(Basis::Visual),
            Event::ReceiptReturned { date: d(3, 25) },
            forms,
        ];
        assert_eq!(state_after(&base), S::RemoteReview);
        let mut accepted = base.clone();
        accepted.push(Event::RemoteReviewed {
            accepted: true,
            reason: String::new(),
        });
        let case = run(&accepted).unwrap();
        assert_eq!(case.state, S::InPublicNotice);
        assert_eq!(case.assessment.unwrap().institution, "昆明市第一人民医院");
        let mut returned = base.clone();
        returned.push(Event::RemoteReviewed {
            accepted: false,
            reason: "评定表缺医生签字".into(),
        });
        assert_eq!(state_after(&returned), S::Notified);
    }

    fn reclassify(basis: Basis) -> Event {
        let (category, grade) = cat_grade(4, 3);
        Event::HolderUpdated {
            changes: vec![],
            reclassified: Some(Reclassification {
                basis,
                category: Some(category),
                grade: Some(grade),
            }),
        }
    }

    #[test]
    fn a_corrected_roster_reclassifies_only_an_untouched_case() {
        let case = run(&[registered(Basis::Visual), reclassify(Basis::Medical)]).unwrap();
        assert_eq!(case.state, S::ReadyForHandover);
        assert_eq!(case.certificate, Some(cat_grade(4, 3)));
        let started = [
            registered(Basis::Visual),
            scheduled(),
            reclassify(Basis::Medical),
        ];
        assert_eq!(
            run(&started).unwrap_err(),
            (
                2,
                RuleError::ReclassifyAfterProgress {
                    state: S::Scheduled
                }
            )
        );
        let details_only = [
            registered(Basis::Visual),
            scheduled(),
            Event::HolderUpdated {
                changes: vec![FieldChange {
                    field: "phone".into(),
                    old: String::new(),
                    new: "13800000000".into(),
                }],
                reclassified: None,
            },
        ];
        assert_eq!(state_after(&details_only), S::Scheduled);
    }

    #[test]
    fn new_applicants_unchanged_is_impossible() {
        let c = Case::register(&registered(Basis::New)).unwrap();
        assert_eq!(c.outcome_of(&disabled(4, 2)), Outcome::Changed);
    }

    #[test]
    fn states_round_trip_their_snake_case_names() {
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
        assert_eq!(State::parse("nonsense"), None);
    }

    #[test]
    fn events_serialise_with_their_kind() {
        let e = Event::Assessed {
            assessment: assessment(disabled(4, 3)),
        };
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], "assessed");
        assert_eq!(json["kind"], e.kind());
        let back: Event = serde_json::from_value(json).unwrap();
        assert_eq!(back, e);
    }
}
