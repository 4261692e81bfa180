//! The command line: a stable contract for scripts and tests (see SPEC.md).

mod audit;
mod demo;
mod export;
mod import;
mod notice;
mod operator;
pub(crate) mod overview;
pub(crate) mod person;
mod reader;
mod review;
mod route;
mod schedule;
mod stats;
mod text;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::campaign::Campaign;
use crate::domain::operator::{Action, Operator, Role};
use crate::i18n::{Lang, Text};
use crate::store::{self, Store};

#[derive(Debug, Parser)]
#[command(
    name = "huanzheng",
    version,
    about = "换证 — 第三代残疾人证（智能化）核发现场工具"
)]
pub struct Cli {
    /// Database file (else $HUANZHENG_DB, else the platform data directory).
    #[arg(long, global = true, env = "HUANZHENG_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Language of everything printed: zh (default) or en.
    #[arg(long, global = true, value_enum, default_value = "zh")]
    pub lang: LangArg,

    /// Who is doing this; recorded with every change.
    #[arg(long, global = true, env = "HUANZHENG_OPERATOR", value_name = "NAME")]
    pub operator: Option<String>,

    /// Open a fresh synthetic demo county in a temporary database.
    #[arg(long)]
    pub demo: bool,

    /// Lock the screen after this many idle minutes (the password opens it again).
    #[arg(
        long,
        env = "HUANZHENG_LOCK_MINUTES",
        value_name = "MIN",
        default_value_t = 5
    )]
    pub lock_minutes: u32,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the synthetic demo county to the database.
    Demo(DemoArgs),
    /// Import a roster or a card batch.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Campaign figures.
    Stats(StatsArgs),
    /// Look up holders.
    #[command(subcommand)]
    Person(PersonCommand),
    /// The re-assessment schedule: sites, days and half-days.
    #[command(subcommand)]
    Schedule(ScheduleCommand),
    /// Write a document: the format follows the file's extension.
    Export(ExportArgs),
    /// The smart-card reader (PC/SC).
    #[command(subcommand)]
    Reader(ReaderCommand),
    /// The tamper-evident event log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Operator accounts (the county leader manages them).
    #[command(subcommand)]
    Operator(OperatorCommand),
    /// Copy the database (checked) into its backup folder, or to --out FILE.
    Backup {
        /// Write the copy here instead of the rotating backup folder.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Replace the database with a backup, after checking its integrity and audit chain;
    /// the current database is kept aside in the backup folder first.
    Restore {
        /// The backup to restore.
        file: PathBuf,
    },
    /// The database file itself: encryption at rest.
    #[command(subcommand)]
    Db(DbCommand),
    /// 告知书 and 回执: notices delivered, receipts returned, receipts still out.
    #[command(subcommand)]
    Notice(NoticeCommand),
    /// 公示: post a township's (or a village's) list, confirm it when the period ends.
    #[command(subcommand)]
    PublicNotice(PublicNoticeCommand),
    /// 复核: an objection during public notice, a review request, the committee's result.
    #[command(subcommand)]
    Review(ReviewCommand),
    /// 异地评定: a migrant worker's mailed-in forms and the county's review of them.
    #[command(subcommand)]
    Remote(RemoteCommand),
    /// Home visits (上门服务): plan the doctor team's days.
    #[command(subcommand)]
    Route(RouteCommand),
}

/// 公示 batches (see `export notice-list` for the list to post).
#[derive(Debug, Subcommand)]
pub enum PublicNoticeCommand {
    /// The list goes up on DATE: every case of the township (or village) in public
    /// notice and not yet posted; it ends the campaign's working days later.
    Start {
        #[arg(long)]
        township: String,
        /// Only this village or community.
        #[arg(long)]
        village: Option<String>,
        #[arg(long)]
        date: chrono::NaiveDate,
    },
    /// Who of the township is in public notice, and until when.
    List {
        #[arg(long)]
        township: String,
        #[arg(long)]
        json: bool,
    },
    /// The leader confirms: every case whose notice has ended without objection is
    /// requested a card, in one action.
    Confirm {
        #[arg(long)]
        township: String,
        /// The day of the confirmation (default: today).
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
}

/// A finding: `--category` and `--grade`, or `--not-disabled`.
#[derive(Debug, Args)]
pub struct FindingArgs {
    /// Category: name (肢体) or digit (4).
    #[arg(long)]
    pub category: Option<String>,
    /// Grade: 一级 … 四级 or 1 … 4.
    #[arg(long)]
    pub grade: Option<String>,
    #[arg(long)]
    pub not_disabled: bool,
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// 公示异议: an objection during the public notice sends the case to review.
    Object {
        key: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
    /// 申请复核 after an assessment; the applicant pays the fee (amount and receipt).
    Request {
        key: String,
        #[arg(long)]
        reason: String,
        /// Yuan, e.g. 120 or 85.50.
        #[arg(long)]
        fee: String,
        #[arg(long)]
        receipt: String,
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
    /// 复核结论: the expert committee's result replaces the assessment.
    Decide {
        key: String,
        #[command(flatten)]
        finding: FindingArgs,
        /// Default: the county's expert committee.
        #[arg(long)]
        institution: Option<String>,
        #[arg(long, default_value = "专家委员会")]
        doctor: String,
        #[arg(long)]
        date: chrono::NaiveDate,
    },
}

#[derive(Debug, Subcommand)]
pub enum RemoteCommand {
    /// The mailed application and assessment forms arrived.
    Received {
        key: String,
        /// The assessing hospital.
        #[arg(long)]
        hospital: String,
        #[arg(long)]
        doctor: String,
        /// The day of the assessment on the form.
        #[arg(long)]
        assessed: chrono::NaiveDate,
        #[command(flatten)]
        finding: FindingArgs,
        /// The day the forms arrived (default: today).
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
    /// The county accepts the forms: the same outcomes as an on-site assessment.
    Accept {
        key: String,
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
    /// The county returns the forms with a reason; the case goes back where it was.
    Return {
        key: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
}

/// 告知书 / 回执 (see `export notices` for printing them).
#[derive(Debug, Subcommand)]
pub enum NoticeCommand {
    /// The notices of these holders (ID or certificate numbers), or of every subject of
    /// --township not yet delivered, were handed to them.
    Delivered {
        keys: Vec<String>,
        /// Township name or 12-digit code: all its subjects not delivered yet.
        #[arg(long, conflicts_with = "keys")]
        township: Option<String>,
        /// The day (default: today).
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
    /// These holders' receipts came back (the case becomes notified).
    Receipt {
        #[arg(required = true)]
        keys: Vec<String>,
        /// The day (default: today).
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
    /// Who of a township has not returned the receipt yet.
    Pending {
        #[arg(long)]
        township: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Add an account; its password is asked twice (or $HUANZHENG_NEW_PASSWORD).
    Add {
        /// The new operator's name, as it will appear on every record.
        #[arg(long)]
        name: String,
        /// 县残联领导, 办证员, 乡镇残联 or 医生 (leader, staff, township_clerk, doctor).
        #[arg(long)]
        role: String,
        /// A township clerk's township (name or 12-digit code).
        #[arg(long)]
        township: Option<String>,
    },
    /// List the accounts (never their passwords).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Set a new password: your own, or (the leader) anyone's.
    Passwd {
        /// Whose password (default: the operator signing in).
        #[arg(long)]
        name: Option<String>,
    },
    /// Disable an account; its name stays on everything it recorded.
    Disable {
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Encrypt the database with a passphrase (from $HUANZHENG_NEW_DB_KEY, else asked
    /// twice); a database that does not exist yet is created encrypted. From then on
    /// every command asks for it (or reads $HUANZHENG_DB_KEY). County leader only.
    Encrypt,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Re-walk every device's hash chain; exit 1 at the first broken link.
    Verify {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RouteCommand {
    /// Plan the home visits: one ordered route per day with arrival times and kilometres.
    Plan(RoutePlanArgs),
}

#[derive(Debug, Args)]
pub struct RoutePlanArgs {
    /// Solve an instance in the routing benchmark kit's JSON format (or a Solomon .txt file)
    /// instead of the database's home visits.
    #[arg(long, value_name = "FILE")]
    pub instance: Option<PathBuf>,
    /// Plan only the first D working days of the home-visit window.
    #[arg(long, value_name = "D", conflicts_with = "instance")]
    pub days: Option<usize>,
    /// Record the plan (bookings and the kept route) as the 上门服务 screen does.
    #[arg(long, conflicts_with = "instance")]
    pub apply: bool,
    /// Plan from nothing instead of keeping each visit's day (pinned visits stay).
    #[arg(long, conflicts_with = "instance")]
    pub fresh: bool,
    /// Search budget in seconds, turned into a fixed amount of work so the plan is reproducible.
    #[arg(long, value_name = "S", default_value_t = 5.0)]
    pub time_limit: f64,
    /// Seed of the search; the same data, seed and time limit give the same plan.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The plan file: {"routes": [[visit ids per day]], "days": [...], "unplaced": [...]}.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Chinese font for .pdf: FILE or FILE#FACE (else the system's Noto CJK or WenQuanYi).
    #[arg(long, global = true, env = "HUANZHENG_FONT", value_name = "FILE")]
    pub font: Option<String>,
    /// Why full ID numbers are exported (with --full-id; the leader only; recorded).
    #[arg(long, global = true, value_name = "TEXT")]
    pub reason: Option<String>,
    #[command(subcommand)]
    pub kind: ExportCommand,
}

#[derive(Debug, Subcommand)]
pub enum ReaderCommand {
    /// The readers the PC/SC service sees.
    List,
    /// Wait for a card, read it with the card profile and print what it holds.
    Read(ReadArgs),
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Print {"reader", "atr", "uid", "card_number"} (uid null if the card refused it).
    #[arg(long)]
    pub json: bool,
    /// Seconds to wait for a card.
    #[arg(long, value_name = "S", default_value_t = 30)]
    pub timeout: u64,
    /// Use only the reader with this name (or a part of it).
    #[arg(long, value_name = "NAME")]
    pub reader: Option<String>,
    /// Card profile file (default: the built-in assets/cards/default.toml).
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// 发放登记表: the township's issuance register (.xlsx, .csv or .pdf).
    Register {
        /// Township name or 12-digit code.
        #[arg(long)]
        township: String,
        #[arg(long)]
        out: PathBuf,
        /// Whole ID and certificate numbers instead of masked ones.
        #[arg(long)]
        full_id: bool,
    },
    /// 二代证回收登记: old certificates handed in (.xlsx, .csv or .pdf).
    RecoveryLedger {
        #[arg(long)]
        township: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        full_id: bool,
    },
    /// 重新制卡名单: voided cards for the card centre to make again (.xlsx, .csv or .pdf).
    Remakes {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        full_id: bool,
    },
    /// Who is expected at a site on a day, by half-day and category (.pdf, .csv or .txt).
    DaySheet {
        /// Site id or name, e.g. county-office or 雄壁镇卫生院.
        #[arg(long)]
        site: String,
        #[arg(long)]
        date: chrono::NaiveDate,
        #[arg(long)]
        out: PathBuf,
    },
    /// 上门服务路线单: the day's home visits in driving order, as planned (.pdf).
    RouteSheet {
        #[arg(long)]
        date: chrono::NaiveDate,
        #[arg(long)]
        out: PathBuf,
    },
    /// 告知书 with a tear-off 回执 for everyone of a township owed a re-assessment (.pdf).
    Notices {
        /// Township name or 12-digit code.
        #[arg(long)]
        township: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// 公示名单: the township's people in public notice, to post (.pdf, .xlsx or .csv).
    NoticeList {
        /// Township name or 12-digit code.
        #[arg(long)]
        township: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// 复核申请: the review application for a holder's assessment, to sign (.pdf).
    ReviewForm {
        /// ID number or certificate number.
        #[arg(long)]
        person: String,
        #[arg(long)]
        out: PathBuf,
        /// Whole ID and certificate numbers instead of masked ones.
        #[arg(long)]
        full_id: bool,
    },
    /// 情况说明: the holder's latest lost-certificate statement, to sign (.pdf).
    Statement {
        /// ID number or certificate number.
        #[arg(long)]
        person: String,
        #[arg(long)]
        out: PathBuf,
        /// Whole ID and certificate numbers instead of masked ones.
        #[arg(long)]
        full_id: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Plan everyone who needs a site day; --apply records the plan.
    Plan {
        /// People per site per half-day (default: the campaign's).
        #[arg(long)]
        capacity: Option<u32>,
        /// First day (default: the campaign's re-assessment start).
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Last day (default: the 30th working day from the start).
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        #[arg(long)]
        apply: bool,
        #[arg(long)]
        json: bool,
    },
    /// Move everyone booked on DATE to the next free days (另行通知) and list them.
    Shift {
        #[arg(long)]
        date: chrono::NaiveDate,
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Seed of the synthetic county; the same seed gives the same county.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Holders from a CSV (UTF-8, UTF-8 with BOM, GBK, GB18030) or .xlsx roster.
    Roster(RosterArgs),
    /// The card centre's list of personalised cards (card number, certificate number).
    Cards(CardsArgs),
    /// Village coordinates for home visits: code or name (and township), latitude, longitude.
    Villages(VillagesArgs),
    /// The county's road distances and driving times (from, to, km, minutes) between the
    /// depot and villages; replaces the one imported before.
    TravelMatrix(VillagesArgs),
}

#[derive(Debug, Args)]
pub struct VillagesArgs {
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct RosterArgs {
    pub file: PathBuf,
    /// Check the file and write the rejects file, change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import nothing if any row is rejected.
    #[arg(long)]
    pub atomic: bool,
}

#[derive(Debug, Args)]
pub struct CardsArgs {
    pub file: PathBuf,
    /// The cards are already at the handover point: remade cards become ready for handover.
    #[arg(long)]
    pub dispatch: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// One holder: record, case state, events and card. KEY is an ID or certificate number.
    Show {
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// Holders, optionally filtered.
    List {
        /// A case state such as needs_reassessment.
        #[arg(long)]
        state: Option<String>,
        /// Township name or 12-digit code.
        #[arg(long)]
        township: Option<String>,
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// The household's own point for home visits (a farmhouse far from its village's
    /// centre), in decimal degrees; --clear goes back to the village's point.
    Locate {
        key: String,
        #[arg(long, allow_hyphen_values = true, required_unless_present = "clear")]
        lat: Option<f64>,
        #[arg(long, allow_hyphen_values = true, required_unless_present = "clear")]
        lon: Option<f64>,
        #[arg(long, conflicts_with_all = ["lat", "lon"])]
        clear: bool,
    },
    /// When the family is at home for a visit: am (上午), pm (下午), HH:MM-HH:MM, or all (全天).
    VisitHours { key: String, window: String },
}

/// A failure the user can act on: what went wrong and what to do next.
#[derive(Debug)]
pub struct Failure(pub Text);

impl From<store::StoreError> for Failure {
    fn from(e: store::StoreError) -> Failure {
        Failure(e.text())
    }
}

impl From<crate::reader::ReaderError> for Failure {
    fn from(e: crate::reader::ReaderError) -> Failure {
        Failure(e.text())
    }
}

impl From<Text> for Failure {
    fn from(t: Text) -> Failure {
        Failure(t)
    }
}

pub type Outcome = Result<(), Failure>;

/// What a command touches, for a township clerk (乡镇残联), who sees and acts on their
/// own township only. Every command declares it in [`scope_of`]; the check runs at
/// sign-in, before the command reads or writes anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    /// No township's data: the card reader, one's own password, the interface (which
    /// narrows every screen itself).
    #[default]
    Nothing,
    /// These townships (names or codes as typed).
    Townships(Vec<String>),
    /// These people (ID or certificate numbers as typed).
    People(Vec<String>),
    /// The whole county.
    County,
}

/// The [`Scope`] of a command line. Exhaustive: a new command must say what it touches.
pub fn scope_of(command: &Option<Command>) -> Scope {
    use Scope::*;
    let town = |t: &str| Townships(vec![t.to_string()]);
    let person = |k: &str| People(vec![k.to_string()]);
    let Some(command) = command else {
        return Nothing;
    };
    match command {
        // Figures only (no one's data): for scripts, without signing in.
        Command::Demo(_) | Command::Reader(_) | Command::Stats(_) => Nothing,
        Command::Operator(OperatorCommand::Passwd { name: None }) => Nothing,
        Command::Operator(_) => County,
        Command::Import(_)
        | Command::Schedule(_)
        | Command::Audit(_)
        | Command::Backup { .. }
        | Command::Restore { .. }
        | Command::Db(_)
        | Command::Route(_) => County,
        Command::Person(cmd) => match cmd {
            PersonCommand::Show { key, .. }
            | PersonCommand::Locate { key, .. }
            | PersonCommand::VisitHours { key, .. } => person(key),
            PersonCommand::List {
                township: Some(t), ..
            } => town(t),
            PersonCommand::List { township: None, .. } => County,
        },
        Command::Export(args) => match &args.kind {
            ExportCommand::Register { township, .. }
            | ExportCommand::RecoveryLedger { township, .. }
            | ExportCommand::Notices { township, .. }
            | ExportCommand::NoticeList { township, .. } => town(township),
            ExportCommand::ReviewForm { person: key, .. }
            | ExportCommand::Statement { person: key, .. } => person(key),
            // A site's day and the route sheet span townships; the remakes the county.
            ExportCommand::Remakes { .. }
            | ExportCommand::DaySheet { .. }
            | ExportCommand::RouteSheet { .. } => County,
        },
        Command::Notice(cmd) => match cmd {
            NoticeCommand::Delivered {
                township: Some(t), ..
            } => town(t),
            NoticeCommand::Delivered { keys, .. } | NoticeCommand::Receipt { keys, .. } => {
                People(keys.clone())
            }
            NoticeCommand::Pending { township, .. } => town(township),
        },
        Command::PublicNotice(cmd) => match cmd {
            PublicNoticeCommand::Start { township, .. }
            | PublicNoticeCommand::List { township, .. }
            | PublicNoticeCommand::Confirm { township, .. } => town(township),
        },
        Command::Review(cmd) => match cmd {
            ReviewCommand::Object { key, .. }
            | ReviewCommand::Request { key, .. }
            | ReviewCommand::Decide { key, .. } => person(key),
        },
        Command::Remote(cmd) => match cmd {
            RemoteCommand::Received { key, .. }
            | RemoteCommand::Accept { key, .. }
            | RemoteCommand::Return { key, .. } => person(key),
        },
    }
}

pub struct Context {
    pub lang: Lang,
    /// What the command touches (checked for a township clerk at sign-in).
    pub scope: Scope,
    /// Idle minutes before the interface locks.
    pub lock_minutes: u32,
    pub db: Option<PathBuf>,
    pub operator: String,
    pub campaign: &'static Campaign,
}

impl Context {
    pub fn db_path(&self) -> Result<PathBuf, Failure> {
        self.db
            .clone()
            .or_else(store::default_path)
            .ok_or(Failure(Text::NoDataDir))
    }

    pub fn open(&self) -> Result<Store, Failure> {
        let path = self.db_path()?;
        self.open_path(&path)
    }

    /// Opens the database at `path`, asking for its passphrase if it is encrypted.
    fn open_path(&self, path: &std::path::Path) -> Result<Store, Failure> {
        if !store::cipher::is_encrypted(path) {
            return Ok(Store::open(path, self.campaign)?);
        }
        let key = self.db_key(path)?;
        Ok(Store::open_with_key(path, self.campaign, Some(&key))?)
    }

    /// The passphrase of the encrypted database at `path`: `$HUANZHENG_DB_KEY`, else
    /// typed on the terminal without echo (three tries, each checked against the file).
    pub fn db_key(&self, path: &std::path::Path) -> Result<store::cipher::Key, Failure> {
        if let Ok(k) = std::env::var("HUANZHENG_DB_KEY") {
            return Ok(store::cipher::Key::given(&k));
        }
        if !std::io::stdin().is_terminal() {
            return Err(Failure(Text::DbEncrypted {
                path: path.display().to_string(),
            }));
        }
        let prompt = Text::DbKeyPrompt {
            path: path.display().to_string(),
        }
        .render(self.lang);
        for _ in 0..3 {
            let typed = rpassword::prompt_password(&prompt).map_err(|e| {
                Failure(Text::Plain {
                    text: e.to_string(),
                })
            })?;
            let key = store::cipher::Key::given(&typed);
            if store::cipher::opens(path, &key) {
                return Ok(key);
            }
            eprintln!("{}", Text::DbKeyWrong.render(self.lang));
        }
        Err(Failure(Text::DbKeyWrong))
    }

    /// A new passphrase: `$HUANZHENG_NEW_DB_KEY`, else typed twice on the terminal.
    pub fn new_db_key(&self) -> Result<store::cipher::Key, Failure> {
        if let Ok(k) = std::env::var("HUANZHENG_NEW_DB_KEY") {
            return Ok(store::cipher::Key::new(&k)?);
        }
        if !std::io::stdin().is_terminal() {
            return Err(Failure(Text::DbNewKeyNeeded));
        }
        let ask = |t: Text| {
            rpassword::prompt_password(t.render(self.lang)).map_err(|e| {
                Failure(Text::Plain {
                    text: e.to_string(),
                })
            })
        };
        let first = ask(Text::DbNewKeyPrompt)?;
        let key = store::cipher::Key::new(&first)?;
        if ask(Text::DbNewKeyRepeat)? != first {
            return Err(Failure(Text::DbKeysDiffer));
        }
        Ok(key)
    }

    /// Opens a database that must already exist (reads never create an empty one).
    pub fn open_existing(&self) -> Result<Store, Failure> {
        let path = self.db_path()?;
        if !path.exists() {
            return Err(Failure(Text::DbMissing {
                path: path.display().to_string(),
            }));
        }
        self.open_path(&path)
    }

    /// Opens the database and signs the operator in, checking `action` if given.
    pub fn open_as(&self, action: Option<Action>) -> Result<Store, Failure> {
        let mut store = self.open()?;
        self.sign_in(&mut store, action)?;
        Ok(store)
    }

    /// [`Context::open_existing`], then signs the operator in.
    pub fn open_existing_as(&self, action: Option<Action>) -> Result<Store, Failure> {
        let mut store = self.open_existing()?;
        self.sign_in(&mut store, action)?;
        Ok(store)
    }

    /// The operator named by `--operator` with their password (from
    /// `$HUANZHENG_PASSWORD`, else asked on the terminal), allowed to take `action`.
    /// On a database without any account yet, this creates the first county leader.
    pub fn sign_in(&self, store: &mut Store, action: Option<Action>) -> Result<Operator, Failure> {
        let name = self.operator.trim();
        if name.is_empty() {
            return Err(Failure(Text::OperatorNeeded));
        }
        let first = store::operators::count(store.conn())? == 0;
        let password = self.password(Text::PasswordPrompt { name: name.into() })?;
        let operator = if first {
            let op = store::operators::add_recorded(
                store,
                &store::Actor::now(name),
                name,
                Role::Leader,
                None,
                &password,
            )?;
            eprintln!(
                "{}",
                Text::FirstLeaderCreated { name: name.into() }.render(self.lang)
            );
            op
        } else {
            store::operators::sign_in(store.conn(), name, &password)?
        };
        if let Some(action) = action {
            operator.permit(action, None)?;
        }
        if let Some(own) = operator.township.as_deref() {
            self.check_scope(store, own)?;
        }
        Ok(operator)
    }

    /// Refuses a township clerk a command beyond their township `own`.
    fn check_scope(&self, store: &Store, own: &str) -> Result<(), Failure> {
        let other = |code: &str| {
            let name = self
                .campaign
                .townships
                .iter()
                .find(|t| t.code == code)
                .map_or_else(|| code.to_string(), |t| t.name.clone());
            Failure(Text::ClerkOtherTownship { township: name })
        };
        match &self.scope {
            Scope::Nothing => Ok(()),
            Scope::County => Err(Failure(Text::ClerkCountyWide)),
            Scope::Townships(keys) => {
                for key in keys {
                    // An unknown name is left to the command, which says so.
                    if let Some(t) = self.campaign.find_township(key)
                        && t.code != own
                    {
                        return Err(other(&t.code));
                    }
                }
                Ok(())
            }
            Scope::People(keys) => {
                for key in keys {
                    let id: String = crate::domain::text::normalize(key)
                        .to_uppercase()
                        .chars()
                        .take(18)
                        .collect();
                    if let Some(h) = store::holders::find(store.conn(), &id)?
                        && h.township != own
                    {
                        return Err(Failure(Text::OtherTownship));
                    }
                }
                Ok(())
            }
        }
    }

    /// A password from `$HUANZHENG_PASSWORD`, else typed on the terminal without echo.
    pub fn password(&self, prompt: Text) -> Result<String, Failure> {
        if let Ok(p) = std::env::var("HUANZHENG_PASSWORD") {
            return Ok(p);
        }
        if !std::io::stdin().is_terminal() {
            return Err(Failure(Text::PasswordNeeded {
                name: self.operator.clone(),
            }));
        }
        rpassword::prompt_password(prompt.render(self.lang)).map_err(|e| {
            Failure(Text::Plain {
                text: e.to_string(),
            })
        })
    }

    pub fn say(&self, text: Text) {
        println!("{}", text.render(self.lang));
    }
}

fn operator_name(given: Option<String>) -> String {
    given
        .filter(|s| !s.trim().is_empty())
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_else(|| "operator".to_string())
}

pub fn run(cli: Cli) -> ExitCode {
    let ctx = Context {
        scope: scope_of(&cli.command),
        lang: cli.lang.into(),
        lock_minutes: cli.lock_minutes,
        db: cli.db,
        operator: operator_name(cli.operator),
        campaign: Campaign::builtin(),
    };
    let outcome = match cli.command {
        None if cli.demo => overview::demo(&ctx),
        None => overview::run(&ctx),
        Some(Command::Demo(args)) => demo::run(&ctx, &args),
        Some(Command::Import(ImportCommand::Roster(args))) => import::roster(&ctx, &args),
        Some(Command::Import(ImportCommand::Cards(args))) => import::cards(&ctx, &args),
        Some(Command::Import(ImportCommand::Villages(args))) => import::villages(&ctx, &args),
        Some(Command::Import(ImportCommand::TravelMatrix(args))) => {
            import::travel_matrix(&ctx, &args)
        }
        Some(Command::Stats(args)) => stats::run(&ctx, &args),
        Some(Command::Person(cmd)) => person::run(&ctx, cmd),
        Some(Command::Schedule(cmd)) => schedule::run(&ctx, cmd),
        Some(Command::Export(args)) => export::run(&ctx, args),
        Some(Command::Reader(cmd)) => reader::run(&ctx, cmd),
        Some(Command::Audit(cmd)) => audit::run(&ctx, cmd),
        Some(Command::Operator(cmd)) => operator::run(&ctx, cmd),
        Some(Command::Backup { out }) => audit::backup(&ctx, out),
        Some(Command::Restore { file }) => audit::restore(&ctx, &file),
        Some(Command::Db(DbCommand::Encrypt)) => audit::encrypt(&ctx),
        Some(Command::Notice(cmd)) => notice::run(&ctx, cmd),
        Some(Command::PublicNotice(cmd)) => review::public_notice(&ctx, cmd),
        Some(Command::Review(cmd)) => review::review(&ctx, cmd),
        Some(Command::Remote(cmd)) => review::remote(&ctx, cmd),
        Some(Command::Route(RouteCommand::Plan(args))) => route::plan(&ctx, &args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(text)) => {
            eprintln!("{}", text.render(ctx.lang));
            ExitCode::from(1)
        }
    }
}

pub fn print_json<T: serde::Serialize>(value: &T) -> Outcome {
    let json = serde_json::to_string_pretty(value).map_err(|e| {
        Failure(Text::DbOther {
            detail: e.to_string(),
        })
    })?;
    println!("{json}");
    Ok(())
}
