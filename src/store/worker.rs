//! The database on its own thread. The interface sends requests and gets replies
//! through a callback; a keystroke never waits on the disk.

use rusqlite::OptionalExtension;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};

use super::holders::HolderRow;
use chrono::NaiveDate;

use super::handover::{self, HandoverInput, HandoverView, StatementInput};
use super::holders;
use super::operators;
use super::plan::{self, Proposal, ShiftProposal};
use super::print::{Print, Printed};
use super::public_notice::{self, Batch, Board, Confirmed};
use super::queries::{self, PersonView, QueueRow, Stats};
use super::routes::{self, Change, RouteView};
use super::statements::{self, Counts, StatementItem};
use super::{Actor, Result};
use super::{Store, StoreError};
use super::{audit, backup};
use crate::domain::case::VoidReason;
use crate::domain::case::{Event, State};
use crate::domain::holder::{self, Contact};
use crate::domain::ids::IdNumber;
use crate::domain::operator::{Action, Operator, Role};
use crate::domain::schedule::{ScheduleParams, Slot};
use crate::i18n::Text;
use crate::search::SearchIndex;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Sign in; every other request waits for it.
    SignIn {
        name: String,
        password: String,
    },
    /// The first start: create the first county leader and sign them in.
    Setup {
        name: String,
        password: String,
    },
    /// The screen was locked; the signed-in operator's password opens it again.
    Unlock {
        password: String,
    },
    Stats,
    /// A site's list for one day.
    DayList {
        site: String,
        date: NaiveDate,
    },
    /// One confirmed action on one case, recorded on `day`.
    Record {
        id_number: String,
        day: NaiveDate,
        event: Event,
    },
    /// Everyone still expected at the site that day is marked absent, in one action.
    EndOfDay {
        site: String,
        date: NaiveDate,
    },
    /// New contact and guardian details for one holder.
    EditContact {
        id_number: String,
        contact: Contact,
    },
    /// `seq` lets the screen drop answers to queries it has already typed past.
    Search {
        seq: u64,
        query: String,
        limit: usize,
    },
    Person {
        id_number: String,
    },
    /// What planning with these parameters would do; nothing is recorded.
    Plan {
        params: ScheduleParams,
    },
    /// Records these new bookings, in one action.
    ApplyPlan {
        slots: Vec<Slot>,
    },
    /// What postponing `date` (另行通知) would do; nothing is recorded.
    Shift {
        date: NaiveDate,
        params: ScheduleParams,
    },
    /// Records a postponed day: the new bookings and those called off, in one action.
    ApplyShift {
        date: NaiveDate,
        slots: Vec<Slot>,
        called_off: Vec<String>,
    },
    /// The handover view of a holder, checking the card on the reader if any.
    Handover {
        key: String,
        card: Option<String>,
    },
    /// The handover view of a card's owner (the card was put on the reader first).
    HandoverByCard {
        card: String,
    },
    HandOver(Box<HandoverInput>),
    TakeStatement(Box<StatementInput>),
    VoidRemake {
        id_number: String,
        card_number: String,
        reason: VoidReason,
        note: String,
    },
    CorrectHandover {
        id_number: String,
        reason: String,
    },
    /// 回执 returned on `day` (a notice never marked delivered is marked so that day).
    ReceiptReturned {
        id_number: String,
        day: NaiveDate,
    },
    // ── 情况说明 (statements screen) ──
    /// Statements matching `query` (name or ID tail; empty: all), newest first.
    Statements {
        seq: u64,
        query: String,
    },
    /// Each recorded on `day`, as the interface's clock has it.
    CreateStatement {
        input: Box<StatementInput>,
        day: NaiveDate,
    },
    /// Signed by the holder (`guardian` None) or by a guardian (name, relation).
    SignStatement {
        statement_id: String,
        guardian: Option<(String, String)>,
        day: NaiveDate,
    },
    WithdrawStatement {
        statement_id: String,
        reason: String,
        day: NaiveDate,
    },
    /// Writes the statement as a PDF into `dir`.
    PrintStatement {
        statement_id: String,
        dir: PathBuf,
    },

    // ── 上门服务 (home visits) ──
    /// The kept home-visit plan as it stands.
    RouteView,
    /// Plan (or re-plan after a change) and record it, in one action. Cancellable.
    RoutePlan {
        change: Change,
        budget_ms: u64,
    },
    /// Visited (checked in at home), or the family not at home (then a re-plan).
    RouteVisit {
        id_number: String,
        date: NaiveDate,
        at_home: bool,
        budget_ms: u64,
    },
    /// Stop the planning in progress; nothing is recorded.
    RouteCancel,
    /// The day's route sheet as a PDF.
    RouteSheet {
        date: NaiveDate,
        path: std::path::PathBuf,
    },

    // ── 审计日志 (audit log; county leader only) ──
    /// The newest events matching the filter.
    AuditLog {
        filter: audit::Filter,
        limit: usize,
    },
    /// Re-walk every hash chain.
    AuditVerify,
    /// One person's telephone number in full, to call them (另行通知); recorded.
    RevealPhone {
        id_number: String,
    },
    // ── 公示 / 复核 / 异地评定 ──
    /// Batches, changed results not posted yet, cases under review.
    Board {
        seq: u64,
    },
    /// 张贴公示: the township's (or one village's) changed results, from `start`.
    StartNotice {
        township: String,
        village: Option<String>,
        start: NaiveDate,
    },
    /// The leader confirms an ended batch (公示期满无异议), on `day`.
    ConfirmBatch {
        batch: String,
        day: NaiveDate,
    },
    /// An objection, a review request, the committee's decision, remote forms
    /// received or the county's review of them: one event for one case.
    ReviewEvent {
        id_number: String,
        day: NaiveDate,
        event: Event,
    },
    /// Writes a document as a PDF into `dir`; `day` dates its file name.
    Print {
        doc: Print,
        dir: PathBuf,
        day: NaiveDate,
    },
    /// When the family is at home (None: all day); answered with the kept plan.
    RouteWindow {
        id_number: String,
        window: Option<crate::domain::home_visit::VisitWindow>,
    },
}

/// A postponed day as proposed, with the people to tell.
#[derive(Debug, Clone)]
pub struct ShiftView {
    pub proposal: ShiftProposal,
    /// Holder details of everyone in `proposal.moved`, in the same order.
    pub people: Vec<HolderRow>,
}

#[derive(Debug, Clone)]
pub enum Reply {
    Stats(Box<Stats>),
    Found {
        seq: u64,
        total: usize,
        rows: Vec<HolderRow>,
    },
    Person(Box<PersonView>),
    DayList {
        site: String,
        date: NaiveDate,
        rows: Vec<QueueRow>,
    },
    /// The action is committed; the screen may say so now.
    Recorded {
        id_number: String,
        state: State,
    },
    DayClosed {
        absent: usize,
    },
    Plan(Box<Proposal>),
    Shift(Box<ShiftView>),
    /// The bookings are committed.
    PlanRecorded {
        n: usize,
    },
    ShiftRecorded {
        date: NaiveDate,
        n: usize,
    },
    Handover(Box<HandoverView>),
    /// The card read is in no imported batch.
    CardUnknown {
        card: String,
    },
    /// Committed: the card is the holder's now.
    HandedOver {
        id_number: String,
        name: String,
        card_number: String,
    },
    StatementTaken {
        id_number: String,
        statement_id: String,
    },
    Remade {
        id_number: String,
    },
    HandoverCorrected {
        id_number: String,
    },
    // ── 情况说明 (statements screen) ──
    Statements {
        seq: u64,
        counts: Counts,
        items: Vec<StatementItem>,
    },
    /// Committed: the statement as it now stands after `action`.
    StatementSaved {
        action: StatementAction,
        item: Box<StatementItem>,
    },
    /// The PDF is written.
    StatementPrinted {
        path: PathBuf,
    },

    // ── 上门服务 (home visits) ──
    /// How far the planning is, in thousandths.
    RouteProgress {
        permille: u32,
    },
    Route(Box<RouteView>),
    /// Checked in at home: the assessment can be recorded.
    RouteVisited {
        id_number: String,
    },
    RouteSheetWritten {
        path: String,
        stops: usize,
        pages: usize,
    },
    // ── 审计日志 ──
    AuditLog(Box<audit::Log>),
    AuditChecked(Box<audit::Verification>),
    /// The number to call (the guardian's when the holder has none); its showing is
    /// recorded.
    PhoneRevealed {
        id_number: String,
        phone: String,
    },

    // ── 公示 / 复核 / 异地评定 ──
    Board {
        seq: u64,
        board: Box<Board>,
    },
    /// Committed: the batch is posted.
    NoticeStarted(Batch),
    /// Committed: the batch's ended cases are `card_requested`.
    BatchConfirmed {
        batch: String,
        done: Confirmed,
    },
    /// Committed: the case after the event.
    ReviewSaved {
        id_number: String,
        name: String,
        state: State,
    },
    /// The PDF is written.
    Printed {
        doc: Print,
        printed: Printed,
    },
    Failed(Text),
    /// An automatic backup could not be written; the work itself is saved.
    BackupFailed(Text),
    SignedIn(Operator),
    Unlocked,
    /// Wrong name or password, a disabled account, a bad new password.
    SignInRefused(Text),
}

/// What was done to a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementAction {
    Created,
    Signed,
    Withdrawn,
}

pub struct Worker {
    requests: Sender<Request>,
    handle: Option<JoinHandle<()>>,
}

impl Worker {
    /// Moves `store` to a new thread; every reply is handed to `reply`.
    /// The database thread; nobody is signed in until a [`Request::SignIn`] succeeds.
    pub fn spawn(store: Store, reply: impl Fn(Reply) + Send + 'static) -> Worker {
        let (requests, inbox) = mpsc::channel();
        let handle = thread::Builder::new()
            .name("database".into())
            .spawn(move || serve(store, inbox, reply))
            .expect("spawn the database thread");
        Worker {
            requests,
            handle: Some(handle),
        }
    }

    pub fn send(&self, request: Request) {
        // A closed channel means the thread has ended with the program; nothing to do.
        let _ = self.requests.send(request);
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let (closed, _) = mpsc::channel();
        self.requests = closed;
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

fn serve(store: Store, inbox: Receiver<Request>, reply: impl Fn(Reply)) {
    let (mut backups, first) = backup::Schedule::start(&store, backup::EVERY);
    report_backup(first, &reply);
    let mut store = Served::new(store);
    let mut deferred: std::collections::VecDeque<Request> = std::collections::VecDeque::new();
    loop {
        let mut request = match deferred.pop_front() {
            Some(request) => request,
            None => match inbox.recv_timeout(backups.wait()) {
                Ok(request) => request,
                Err(RecvTimeoutError::Timeout) => {
                    report_backup(backups.tick(&store.store), &reply);
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            },
        };
        if is_planning(&request) {
            // The plan is searched here, on the database thread: progress goes out as
            // replies, and requests that arrive meanwhile wait (Esc's cancel stops it).
            let mut last = u32::MAX;
            let mut observe = |done: u64, total: u64| {
                let permille = (done.saturating_mul(1000) / total.max(1)).min(1000) as u32;
                if last == u32::MAX || permille >= last + 20 {
                    last = permille;
                    reply(Reply::RouteProgress { permille });
                }
                while let Ok(next) = inbox.try_recv() {
                    if next == Request::RouteCancel {
                        return false;
                    }
                    deferred.push_back(next);
                }
                true
            };
            reply(answer_observed(&mut store, request, &mut observe));
            report_backup(backups.tick(&store.store), &reply);
            continue;
        }
        // Only the newest search matters: skip the ones typed past.
        while let Request::Search { .. } = request {
            match inbox.try_recv() {
                Ok(next @ Request::Search { .. }) => request = next,
                Ok(other) => {
                    reply(answer(&mut store, request));
                    request = other;
                }
                Err(_) => break,
            }
        }
        reply(answer(&mut store, request));
        report_backup(backups.tick(&store.store), &reply);
    }
    // The program is quitting: a last copy if anything changed since the previous one.
    report_backup(backups.quit(&store.store), &reply);
}

/// Only a failed copy is news; a written one goes unsaid.
fn report_backup(outcome: Option<Result<std::path::PathBuf>>, reply: &impl Fn(Reply)) {
    if let Some(Err(e)) = outcome {
        reply(Reply::BackupFailed(e.text()));
    }
}

/// The database with the in-memory search index built from it on first use.
pub struct Served {
    pub store: Store,
    index: Option<SearchIndex>,
    /// Who is signed in; until someone is, only signing in is answered.
    pub operator: Option<Operator>,
}

impl Served {
    /// Nobody signed in yet: the interface's sign-in screen comes first.
    pub fn new(store: Store) -> Served {
        Served {
            store,
            index: None,
            operator: None,
        }
    }

    /// Already signed in as `operator` (tests, benchmarks).
    pub fn signed_in(store: Store, operator: Operator) -> Served {
        Served {
            operator: Some(operator),
            ..Served::new(store)
        }
    }

    fn search(&mut self, query: &str, limit: usize) -> Result<(usize, Vec<HolderRow>)> {
        if self.index.is_none() {
            let entries = queries::search_entries(self.store.conn())?;
            self.index = Some(SearchIndex::build(entries));
        }
        let hits = self
            .index
            .as_ref()
            .map(|i| i.search(query, limit))
            .unwrap_or_default();
        let keys: Vec<String> = hits.items.into_iter().map(|h| h.key).collect();
        Ok((hits.total, queries::rows_by_ids(self.store.conn(), &keys)?))
    }
}

fn is_planning(request: &Request) -> bool {
    matches!(
        request,
        Request::RoutePlan { .. } | Request::RouteVisit { at_home: false, .. }
    )
}

/// The home-visit requests; `observe` sees the planning's progress and may cancel it.
fn route(
    served: &mut Served,
    operator: &str,
    request: Request,
    observe: &mut dyn FnMut(u64, u64) -> bool,
) -> Reply {
    let store = &mut served.store;
    let days = crate::routing::home::visit_days(store.campaign(), None);
    let budget = routes::screen_budget;
    let result = match request {
        Request::RouteView => {
            routes::view(store.conn(), store.campaign(), &days).map(|v| Reply::Route(Box::new(v)))
        }
        Request::RoutePlan { change, budget_ms } => routes::plan_and_record(
            store,
            &Actor::now(operator),
            &days,
            &change,
            budget(budget_ms),
            observe,
        )
        .map(|v| Reply::Route(Box::new(v))),
        Request::RouteVisit {
            id_number,
            date,
            at_home,
            budget_ms,
        } => {
            let actor = Actor::on(operator, date);
            routes::record_visit(store, &actor, &id_number, date, at_home).and_then(|_| {
                if at_home {
                    Ok(Reply::RouteVisited { id_number })
                } else {
                    routes::plan_and_record(
                        store,
                        &actor,
                        &days,
                        &Change::After { date },
                        budget(budget_ms),
                        observe,
                    )
                    .map(|v| Reply::Route(Box::new(v)))
                }
            })
        }
        Request::RouteSheet { date, path } => routes::view(store.conn(), store.campaign(), &days)
            .and_then(|v| {
                let (pages, stops) =
                    crate::export::route_sheet::write_pdf(&v, store.campaign(), date, &path, None)
                        .map_err(StoreError::Refused)?;
                Ok(Reply::RouteSheetWritten {
                    path: path.display().to_string(),
                    stops,
                    pages,
                })
            }),
        Request::RouteWindow { id_number, window } => {
            routes::set_visit_window(store, &Actor::now(operator), &id_number, window)
                .and_then(|_| routes::view(store.conn(), store.campaign(), &days))
                .map(|v| Reply::Route(Box::new(v)))
        }
        // Nothing is being planned (a cancel that came too late): nothing to do.
        _ => routes::view(store.conn(), store.campaign(), &days).map(|v| Reply::Route(Box::new(v))),
    };
    result.unwrap_or_else(|e: StoreError| Reply::Failed(e.text()))
}

/// Carries out one request for the signed-in operator, if their role and township
/// allow it; the worker thread runs this, and tests call it directly.
pub fn answer(served: &mut Served, request: Request) -> Reply {
    answer_observed(served, request, &mut |_, _| true)
}

/// [`answer`], with `observe` seeing a home-visit planning's progress (and able to
/// cancel it).
pub fn answer_observed(
    served: &mut Served,
    request: Request,
    observe: &mut dyn FnMut(u64, u64) -> bool,
) -> Reply {
    if let Some(reply) = sign_in(served, &request) {
        return reply;
    }
    let Some(me) = served.operator.clone() else {
        return Reply::SignInRefused(Text::NotSignedIn);
    };
    if let Err(e) = permit(served, &me, &request) {
        return Reply::Failed(e.text());
    }
    let operator = me.name.as_str();
    let result = match request {
        Request::SignIn { .. } | Request::Setup { .. } | Request::Unlock { .. } => {
            unreachable!("answered by sign_in")
        }
        request @ (Request::RouteView
        | Request::RoutePlan { .. }
        | Request::RouteVisit { .. }
        | Request::RouteCancel
        | Request::RouteSheet { .. }
        | Request::RouteWindow { .. }) => {
            return route(served, operator, request, observe);
        }
        Request::Search { seq, query, limit } => {
            served.search(&query, limit).map(|(total, mut rows)| {
                // A township clerk finds only their township's people.
                let before = rows.len();
                rows.retain(|r| me.sees(Some(&r.township)).is_ok());
                let total = total - (before - rows.len());
                Reply::Found { seq, total, rows }
            })
        }
        Request::DayList { site, date } => {
            queries::day_list(served.store.conn(), &site, date).map(|mut rows| {
                rows.retain(|r| me.sees(Some(&r.holder.township)).is_ok());
                Reply::DayList { site, date, rows }
            })
        }
        Request::Record {
            id_number,
            day,
            event,
        } => record(
            &mut served.store,
            &Actor::on(operator, day),
            &id_number,
            &event,
        ),
        Request::EndOfDay { site, date } => {
            end_of_day(&mut served.store, &Actor::on(operator, date), &site, date)
        }
        Request::EditContact { id_number, contact } => edit_contact(
            &mut served.store,
            &Actor::now(operator),
            &id_number,
            &contact,
        ),
        Request::Stats => queries::stats(served.store.conn()).map(|s| Reply::Stats(Box::new(s))),
        Request::AuditLog { filter, limit } => {
            audit::log(served.store.conn(), &filter, limit).map(|l| Reply::AuditLog(Box::new(l)))
        }
        Request::AuditVerify => {
            audit::verify(served.store.conn()).map(|v| Reply::AuditChecked(Box::new(v)))
        }
        Request::RevealPhone { id_number } => {
            reveal_phone(&mut served.store, &Actor::now(operator), id_number)
        }
        Request::Person { id_number } => {
            queries::person(&served.store, &id_number).map(|p| Reply::Person(Box::new(p)))
        }
        Request::Plan { params } => {
            let store = &served.store;
            plan::propose(store.conn(), store.campaign(), &params).map(|p| Reply::Plan(Box::new(p)))
        }
        Request::ApplyPlan { slots } => {
            plan::apply(&mut served.store, &slots, &Actor::now(operator))
                .map(|n| Reply::PlanRecorded { n })
        }
        Request::Shift { date, params } => shift_view(&served.store, date, &params),
        Request::ApplyShift {
            date,
            slots,
            called_off,
        } => {
            let reason = Text::ShiftReason { date }.to_string();
            let actor = Actor::now(operator);
            plan::apply_shift(
                &mut served.store,
                date,
                &slots,
                &called_off,
                &reason,
                &actor,
            )
            .map(|n| Reply::ShiftRecorded { date, n })
        }
        Request::Handover { key, card } => handover::view(&served.store, &key, card.as_deref())
            .map(|v| Reply::Handover(Box::new(v))),
        Request::HandoverByCard { card } => {
            handover::view_by_card(&served.store, &card).map(|v| match v {
                Some(v) => Reply::Handover(Box::new(v)),
                None => Reply::CardUnknown { card },
            })
        }
        Request::HandOver(input) => {
            handover::hand_over(&mut served.store, &Actor::now(operator), &input).and_then(|_| {
                let name = holders::find(served.store.conn(), &input.id_number)?
                    .map(|h| h.name)
                    .unwrap_or_default();
                Ok(Reply::HandedOver {
                    id_number: input.id_number.clone(),
                    name,
                    card_number: input.card_number.clone(),
                })
            })
        }
        Request::TakeStatement(input) => {
            handover::take_statement(&mut served.store, &Actor::now(operator), &input).map(
                |statement_id| Reply::StatementTaken {
                    id_number: input.id_number.clone(),
                    statement_id,
                },
            )
        }
        Request::VoidRemake {
            id_number,
            card_number,
            reason,
            note,
        } => handover::void_and_remake(
            &mut served.store,
            &Actor::now(operator),
            &id_number,
            &card_number,
            reason,
            &note,
        )
        .map(|_| Reply::Remade { id_number }),
        Request::CorrectHandover { id_number, reason } => handover::correct_handover(
            &mut served.store,
            &Actor::now(operator),
            &id_number,
            &reason,
        )
        .map(|_| Reply::HandoverCorrected { id_number }),
        Request::ReceiptReturned { id_number, day } => {
            let actor = Actor::on(operator, day);
            super::notices::receipts_returned(
                &mut served.store,
                &actor,
                std::slice::from_ref(&id_number),
                day,
            )
            .and_then(|_| {
                let case = super::derive_case(&served.store, &id_number)?;
                Ok(Reply::Recorded {
                    state: case.map_or(State::Notified, |c| c.state),
                    id_number,
                })
            })
        }
        // ── 情况说明 ──
        Request::Statements { seq, query } => {
            let conn = served.store.conn();
            // A township clerk counts and lists their own township's statements only.
            let own = me.township.as_deref();
            statements::counts(conn, own).and_then(|counts| {
                statements::list(conn, &query, own, STATEMENT_LIMIT)
                    .map(|items| Reply::Statements { seq, counts, items })
            })
        }
        Request::CreateStatement { input, day } => {
            statements::create(&mut served.store, &Actor::on(operator, day), &input)
                .map(|item| statement_saved(StatementAction::Created, item))
        }
        Request::SignStatement {
            statement_id,
            guardian,
            day,
        } => statements::sign(
            &mut served.store,
            &Actor::on(operator, day),
            &statement_id,
            guardian.as_ref().map(|(n, r)| (n.as_str(), r.as_str())),
        )
        .map(|item| statement_saved(StatementAction::Signed, item)),
        Request::WithdrawStatement {
            statement_id,
            reason,
            day,
        } => statements::withdraw(
            &mut served.store,
            &Actor::on(operator, day),
            &statement_id,
            &reason,
        )
        .map(|item| statement_saved(StatementAction::Withdrawn, item)),
        Request::PrintStatement { statement_id, dir } => {
            statements::print(&served.store, &statement_id, &dir, None)
                .map(|path| Reply::StatementPrinted { path })
        }
        // ── 公示 / 复核 / 异地评定 ──
        Request::Board { seq } => {
            public_notice::board(&served.store, me.township.as_deref()).map(|board| Reply::Board {
                seq,
                board: Box::new(board),
            })
        }
        Request::StartNotice {
            township,
            village,
            start,
        } => start_notice(
            &mut served.store,
            &Actor::on(operator, start),
            &township,
            village.as_deref(),
            start,
        ),
        Request::ConfirmBatch { batch, day } => {
            public_notice::confirm_batch(&mut served.store, &Actor::on(operator, day), &batch)
                .map(|done| Reply::BatchConfirmed { batch, done })
        }
        Request::ReviewEvent {
            id_number,
            day,
            event,
        } => public_notice::record_for(
            &mut served.store,
            &Actor::on(operator, day),
            &id_number,
            &event,
        )
        .and_then(|case| {
            let name = holders::find(served.store.conn(), &id_number)?
                .map(|h| h.name)
                .unwrap_or_default();
            Ok(Reply::ReviewSaved {
                id_number,
                name,
                state: case.state,
            })
        }),
        Request::Print { doc, dir, day } => {
            super::print::print(&served.store, &doc, &dir, day, me.township.as_deref(), None)
                .map(|printed| Reply::Printed { doc, printed })
        }
    };
    match result {
        // A clerk who typed another township's person's name is told, not shown.
        Ok(Reply::Handover(view)) if me.sees(Some(&view.holder.township)).is_err() => {
            Reply::Failed(Text::OtherTownship)
        }
        Ok(reply) => reply,
        Err(e) => Reply::Failed(e.text()),
    }
}

/// Signing in, setting up and unlocking; none for any other request.
fn sign_in(served: &mut Served, request: &Request) -> Option<Reply> {
    let outcome = match request {
        Request::SignIn { name, password } => {
            operators::sign_in(served.store.conn(), name, password)
        }
        Request::Setup { name, password } => {
            let actor = Actor::now(name.trim());
            match operators::add_recorded(
                &mut served.store,
                &actor,
                name,
                Role::Leader,
                None,
                password,
            ) {
                Ok(_) => operators::sign_in(served.store.conn(), name, password),
                Err(e) => Err(e),
            }
        }
        Request::Unlock { password } => {
            let Some(me) = &served.operator else {
                return Some(Reply::SignInRefused(Text::NotSignedIn));
            };
            return Some(
                match operators::sign_in(served.store.conn(), &me.name, password) {
                    Ok(_) => Reply::Unlocked,
                    Err(e) => Reply::SignInRefused(e.text()),
                },
            );
        }
        _ => return None,
    };
    Some(match outcome {
        Ok(op) => {
            served.operator = Some(op.clone());
            Reply::SignedIn(op)
        }
        Err(e) => Reply::SignInRefused(e.text()),
    })
}

/// Whether `me` may make `request`: the role for what it records, and a township
/// clerk only on their township's people. Reads are open to anyone signed in (lists
/// are narrowed to a clerk's township); anything not listed as a read is case work.
fn permit(served: &Served, me: &Operator, request: &Request) -> Result<()> {
    let (action, township) = match request {
        Request::Stats
        | Request::DayList { .. }
        | Request::Search { .. }
        | Request::Plan { .. }
        | Request::Shift { .. }
        | Request::Handover { .. }
        | Request::HandoverByCard { .. }
        | Request::Statements { .. }
        | Request::RouteView
        | Request::RouteCancel => return Ok(()),
        Request::RouteVisit { id_number, .. } | Request::RouteWindow { id_number, .. } => {
            (Action::CaseWork, township_of(served, id_number)?)
        }
        Request::RoutePlan { .. } | Request::RouteSheet { .. } => (Action::CaseWork, None),
        Request::Person { id_number } => {
            return township_of(served, id_number)
                .and_then(|t| me.sees(t.as_deref()).map_err(StoreError::Refused));
        }
        Request::PrintStatement { statement_id, .. } => {
            (Action::CaseWork, statement_township(served, statement_id)?)
        }
        Request::Record {
            id_number, event, ..
        } => (Action::for_event(event), township_of(served, id_number)?),
        Request::VoidRemake { id_number, .. } => {
            (Action::VoidCard, township_of(served, id_number)?)
        }
        Request::CorrectHandover { id_number, .. } => {
            (Action::CorrectRecord, township_of(served, id_number)?)
        }
        Request::EditContact { id_number, .. } | Request::ReceiptReturned { id_number, .. } => {
            (Action::CaseWork, township_of(served, id_number)?)
        }
        Request::HandOver(input) => (Action::CaseWork, township_of(served, &input.id_number)?),
        Request::TakeStatement(input) => (Action::CaseWork, township_of(served, &input.id_number)?),
        Request::CreateStatement { input, .. } => {
            (Action::CaseWork, township_of(served, &input.id_number)?)
        }
        Request::SignStatement { statement_id, .. }
        | Request::WithdrawStatement { statement_id, .. } => {
            (Action::CaseWork, statement_township(served, statement_id)?)
        }
        Request::EndOfDay { .. } | Request::ApplyPlan { .. } | Request::ApplyShift { .. } => {
            (Action::CaseWork, None)
        }
        Request::SignIn { .. } | Request::Setup { .. } | Request::Unlock { .. } => {
            return Ok(());
        }
        Request::AuditLog { .. } | Request::AuditVerify => (Action::ViewAudit, None),
        Request::RevealPhone { id_number } => (Action::CaseWork, township_of(served, id_number)?),
        Request::Board { .. } => return Ok(()),
        Request::StartNotice { township, .. } => (Action::CaseWork, Some(township.clone())),
        Request::ConfirmBatch { batch, .. } => (
            Action::EndPublicNotice,
            Some(public_notice::township_of_batch(batch).to_string()),
        ),
        Request::ReviewEvent {
            id_number, event, ..
        } => (Action::for_event(event), township_of(served, id_number)?),
        // Printing is reading (ID numbers masked): anyone, on the townships they see.
        Request::Print { doc, .. } => {
            let township = match doc {
                Print::ReviewForm { id_number } => township_of(served, id_number)?,
                other => other.township().map(str::to_string),
            };
            return me.sees(township.as_deref()).map_err(StoreError::Refused);
        }
    };
    me.permit(action, township.as_deref())
        .map_err(StoreError::Refused)
}

fn statement_township(served: &Served, statement_id: &str) -> Result<Option<String>> {
    Ok(served
        .store
        .conn()
        .query_row(
            "SELECT h.township FROM statement s JOIN holder h USING (id_number) WHERE s.id = ?1",
            [statement_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// A holder's number to call, shown in full only on request, and the request recorded
/// (who saw whose number, when) before the number leaves the database thread.
fn reveal_phone(store: &mut Store, actor: &Actor, id_number: String) -> Result<Reply> {
    let holder = holders::find(store.conn(), &id_number)?.ok_or_else(|| StoreError::NotFound {
        key: id_number.clone(),
    })?;
    let phone = if holder.phone.is_empty() {
        holder.guardian_phone.clone()
    } else {
        holder.phone.clone()
    };
    let mut tx = store.begin()?;
    tx.note(
        actor,
        "phone_revealed",
        &serde_json::json!({ "kind": "phone_revealed", "id_number": id_number, "name": holder.name }),
    )?;
    tx.commit()?;
    Ok(Reply::PhoneRevealed { id_number, phone })
}

fn township_of(served: &Served, id_number: &str) -> Result<Option<String>> {
    Ok(holders::find(served.store.conn(), id_number)?.map(|h| h.township))
}

/// How many statements the screen lists at most (the newest; a filter finds older ones).
const STATEMENT_LIMIT: usize = 500;

fn statement_saved(action: StatementAction, item: StatementItem) -> Reply {
    Reply::StatementSaved {
        action,
        item: Box::new(item),
    }
}

/// 张贴公示; nobody waiting is a refusal, as on the command line.
fn start_notice(
    store: &mut Store,
    actor: &Actor,
    township: &str,
    village: Option<&str>,
    start: NaiveDate,
) -> Result<Reply> {
    let batch = public_notice::start(store, actor, township, village, start)?;
    if batch.n == 0 {
        let place = match village {
            Some(v) => v.to_string(),
            None => store
                .campaign()
                .find_township(township)
                .map_or(township.to_string(), |t| t.name.clone()),
        };
        return Err(StoreError::Refused(Text::NothingToPost { place }));
    }
    Ok(Reply::NoticeStarted(batch))
}

fn shift_view(store: &Store, date: NaiveDate, params: &ScheduleParams) -> Result<Reply> {
    let proposal = plan::propose_shift(store.conn(), store.campaign(), date, params)?;
    let ids: Vec<String> = proposal.moved.iter().map(|m| m.id.clone()).collect();
    let mut rows = queries::rows_by_ids(store.conn(), &ids)?;
    let mut people = Vec::with_capacity(ids.len());
    for id in &ids {
        if let Some(at) = rows.iter().position(|r| &r.id_number == id) {
            people.push(rows.swap_remove(at));
        }
    }
    Ok(Reply::Shift(Box::new(ShiftView { proposal, people })))
}

fn edit_contact(
    store: &mut Store,
    actor: &Actor,
    id_number: &str,
    contact: &Contact,
) -> Result<Reply> {
    let id = IdNumber::parse(id_number).map_err(|_| StoreError::NotFound {
        key: id_number.to_string(),
    })?;
    let old = holders::load(store.conn(), &id)?.ok_or_else(|| StoreError::NotFound {
        key: id_number.to_string(),
    })?;
    let new = match contact.apply_to(&old) {
        Ok(h) => h,
        Err(e) => return Ok(Reply::Failed(e.text)),
    };
    let mut tx = store.begin()?;
    let event = Event::HolderUpdated {
        changes: holder::changes(&old, &new),
        reclassified: None,
    };
    let case = tx.record(id_number, actor, &event)?;
    holders::update(tx.conn(), &new)?;
    tx.commit()?;
    Ok(Reply::Recorded {
        id_number: id_number.to_string(),
        state: case.state,
    })
}

fn record(store: &mut Store, actor: &Actor, id_number: &str, event: &Event) -> Result<Reply> {
    let mut tx = store.begin()?;
    let case = tx.record(id_number, actor, event)?;
    tx.commit()?;
    Ok(Reply::Recorded {
        id_number: id_number.to_string(),
        state: case.state,
    })
}

fn end_of_day(store: &mut Store, actor: &Actor, site: &str, date: NaiveDate) -> Result<Reply> {
    let expected: Vec<String> = queries::day_list(store.conn(), site, date)?
        .into_iter()
        .filter(|r| r.holder.state == State::Scheduled.as_str())
        .map(|r| r.holder.id_number)
        .collect();
    let mut tx = store.begin()?;
    let absent = Event::Absent {
        site: site.to_string(),
        date,
    };
    for id in &expected {
        tx.record(id, actor, &absent)?;
    }
    tx.commit()?;
    Ok(Reply::DayClosed {
        absent: expected.len(),
    })
}
