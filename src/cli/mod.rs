//! The command line: a stable contract for scripts and tests (see SPEC.md).

mod demo;
mod export;
mod import;
pub(crate) mod overview;
pub(crate) mod person;
mod reader;
mod route;
mod schedule;
mod stats;
mod text;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::campaign::Campaign;
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
    /// Home visits (上门服务): plan the doctor team's days.
    #[command(subcommand)]
    Route(RouteCommand),
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

pub struct Context {
    pub lang: Lang,
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
        Ok(Store::open(&path, self.campaign)?)
    }

    /// Opens a database that must already exist (reads never create an empty one).
    pub fn open_existing(&self) -> Result<Store, Failure> {
        let path = self.db_path()?;
        if !path.exists() {
            return Err(Failure(Text::DbMissing {
                path: path.display().to_string(),
            }));
        }
        Ok(Store::open(&path, self.campaign)?)
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
        lang: cli.lang.into(),
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
        Some(Command::Stats(args)) => stats::run(&ctx, &args),
        Some(Command::Person(cmd)) => person::run(&ctx, cmd),
        Some(Command::Schedule(cmd)) => schedule::run(&ctx, cmd),
        Some(Command::Export(args)) => export::run(&ctx, args),
        Some(Command::Reader(cmd)) => reader::run(&ctx, cmd),
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
