//! The campaign as configuration: targets, dates, sites, institutions and the
//! working-day calendar, read from TOML and validated. The built-in campaign is the
//! Shizong 2022 plan, embedded at compile time.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use serde::Deserialize;
use thiserror::Error;

use crate::domain::calendar::{Calendar, CalendarError, DayKind, SpecialDay};
use crate::domain::home_visit::{HomeVisitRouting, SettingProblem};
use crate::i18n::{Lang, Text};

const SHIZONG_2022_TOML: &str = include_str!("../../assets/campaign/shizong-2022.toml");

/// Holiday schedules compiled into the program, by the name a campaign file uses.
const EMBEDDED_CALENDARS: &[(&str, &str)] = &[(
    "cn-holidays-2022",
    include_str!("../../assets/calendar/cn-holidays-2022.csv"),
)];

const CATEGORIES: std::ops::RangeInclusive<u8> = 1..=7;

static BUILTIN: LazyLock<Campaign> = LazyLock::new(|| {
    Campaign::from_toml(SHIZONG_2022_TOML).expect("the embedded Shizong 2022 campaign is valid")
});

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct County {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    pub holders: u32,
    pub medical: u32,
    pub visual: u32,
    pub home_visit_new_subjects: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyDates {
    #[serde(deserialize_with = "toml_dates::date")]
    pub census: NaiveDate,
    #[serde(deserialize_with = "toml_dates::date_time")]
    pub first_batch_collection: NaiveDateTime,
    pub first_batch_place: String,
    #[serde(deserialize_with = "toml_dates::date")]
    pub medical_exchange_deadline: NaiveDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reassessment {
    #[serde(deserialize_with = "toml_dates::date")]
    pub start: NaiveDate,
    pub working_days: u32,
    #[serde(deserialize_with = "toml_dates::date")]
    pub planned_last_day: NaiveDate,
    #[serde(deserialize_with = "toml_dates::date")]
    pub visual_complete_by: NaiveDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HomeVisits {
    #[serde(deserialize_with = "toml_dates::date")]
    pub start: NaiveDate,
    #[serde(deserialize_with = "toml_dates::date")]
    pub end: NaiveDate,
    pub planned_working_days: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub public_notice_working_days: u32,
    pub certificate_validity_years: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub vehicles: u32,
    pub leaders: u32,
    pub staff: u32,
}

/// Who answers questions about the campaign; printed on the notices.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The office people are told to ask.
    #[serde(default)]
    pub office: String,
    /// Empty: the notice leaves a blank to write the number in.
    #[serde(default)]
    pub phone: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Township {
    /// 12-digit statistical division code.
    pub code: String,
    pub name: String,
    /// Id of the [`Site`] where its holders are assessed.
    pub site: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub id: String,
    pub name: String,
    /// Codes of the townships assessed here.
    pub townships: Vec<String>,
    /// People per working day, morning and afternoon together.
    pub daily_capacity: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    pub id: String,
    pub name: String,
    /// GB/T 26341-2010 category digits its doctors assess.
    pub categories: Vec<u8>,
    /// Weekdays its doctors come to the sites; empty means every working day.
    #[serde(default)]
    pub field_days: Vec<Weekday>,
}

impl Institution {
    pub fn assesses(&self, category: u8) -> bool {
        self.categories.contains(&category)
    }

    pub fn in_field_on(&self, date: NaiveDate) -> bool {
        self.field_days.is_empty() || self.field_days.contains(&date.weekday())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarSpec {
    source: Option<String>,
    years: Vec<i32>,
    #[serde(default)]
    days: Vec<InlineDay>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InlineDay {
    #[serde(deserialize_with = "toml_dates::date")]
    date: NaiveDate,
    kind: DayKind,
    #[serde(default)]
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CampaignFile {
    name: String,
    year: i32,
    county: County,
    targets: Targets,
    dates: KeyDates,
    reassessment: Reassessment,
    home_visits: HomeVisits,
    rules: Rules,
    team: Team,
    #[serde(default)]
    contact: Contact,
    calendar: CalendarSpec,
    #[serde(default)]
    home_visit_routing: HomeVisitRouting,
    townships: Vec<Township>,
    sites: Vec<Site>,
    institutions: Vec<Institution>,
}

/// A validated campaign. Build it with [`Campaign::from_toml`] or [`Campaign::builtin`].
#[derive(Clone, Debug)]
pub struct Campaign {
    pub name: String,
    pub year: i32,
    pub county: County,
    pub targets: Targets,
    pub dates: KeyDates,
    pub reassessment: Reassessment,
    pub home_visits: HomeVisits,
    pub rules: Rules,
    pub team: Team,
    pub contact: Contact,
    pub townships: Vec<Township>,
    pub sites: Vec<Site>,
    pub institutions: Vec<Institution>,
    pub home_visit_routing: HomeVisitRouting,
    calendar: Calendar,
    reassessment_last_day: NaiveDate,
    home_visit_days: Vec<NaiveDate>,
}

#[derive(Debug, Error)]
#[error("{}", self.text())]
pub enum CampaignError {
    Toml(#[from] toml::de::Error),
    Empty {
        field: String,
    },
    NotPositive {
        field: String,
    },
    TargetsDontAdd {
        holders: u32,
        medical: u32,
        visual: u32,
    },
    BadCountyCode {
        code: String,
    },
    BadTownshipCode {
        field: String,
        code: String,
    },
    OutsideCounty {
        field: String,
        code: String,
        county: String,
    },
    Duplicate {
        field: String,
        value: String,
    },
    UnknownSite {
        field: String,
        township: String,
        site: String,
    },
    SiteMismatch {
        field: String,
        site: String,
        township: String,
    },
    BadSiteId {
        field: String,
        id: String,
    },
    DatesOutOfOrder {
        earlier: String,
        earlier_date: NaiveDate,
        later: String,
        later_date: NaiveDate,
    },
    BadCategory {
        field: String,
        category: u8,
    },
    CategoryUncovered {
        category: u8,
    },
    UnknownCalendar {
        source_name: String,
    },
    Calendar {
        field: String,
        source: CalendarError,
    },
    BadClock {
        field: String,
        value: String,
    },
}

impl CampaignError {
    pub fn text(&self) -> Text {
        use CampaignError::*;
        match self {
            Toml(e) => Text::CampaignToml {
                detail: e.to_string(),
            },
            Empty { field } => Text::CampaignEmpty {
                field: field.clone(),
            },
            NotPositive { field } => Text::CampaignNotPositive {
                field: field.clone(),
            },
            TargetsDontAdd {
                holders,
                medical,
                visual,
            } => Text::CampaignTargetsDontAdd {
                holders: *holders,
                medical: *medical,
                visual: *visual,
            },
            BadCountyCode { code } => Text::CampaignBadCountyCode { code: code.clone() },
            BadTownshipCode { field, code } => Text::CampaignBadTownshipCode {
                field: field.clone(),
                code: code.clone(),
            },
            OutsideCounty {
                field,
                code,
                county,
            } => Text::CampaignOutsideCounty {
                field: field.clone(),
                code: code.clone(),
                county: county.clone(),
            },
            Duplicate { field, value } => Text::CampaignDuplicate {
                field: field.clone(),
                value: value.clone(),
            },
            UnknownSite {
                field,
                township,
                site,
            } => Text::CampaignUnknownSite {
                field: field.clone(),
                township: township.clone(),
                site: site.clone(),
            },
            SiteMismatch {
                field,
                site,
                township,
            } => Text::CampaignSiteMismatch {
                field: field.clone(),
                site: site.clone(),
                township: township.clone(),
            },
            BadSiteId { field, id } => Text::CampaignBadSiteId {
                field: field.clone(),
                id: id.clone(),
            },
            // ISO dates in both languages, as they are written in the campaign file.
            DatesOutOfOrder {
                earlier,
                earlier_date,
                later,
                later_date,
            } => Text::CampaignDatesOutOfOrder {
                earlier: earlier.clone(),
                earlier_date: earlier_date.to_string(),
                later: later.clone(),
                later_date: later_date.to_string(),
            },
            BadCategory { field, category } => Text::CampaignBadCategory {
                field: field.clone(),
                category: *category,
            },
            CategoryUncovered { category } => Text::CampaignCategoryUncovered {
                category: *category,
            },
            UnknownCalendar { source_name } => Text::CampaignUnknownCalendar {
                source_name: source_name.clone(),
            },
            Calendar { field, source } => Text::CampaignCalendar {
                field: field.clone(),
                source: source.clone(),
            },
            BadClock { field, value } => Text::CampaignBadClock {
                field: field.clone(),
                value: value.clone(),
            },
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.text().render(lang)
    }
}

impl Campaign {
    /// The Shizong 2022 campaign compiled into the program.
    pub fn builtin() -> &'static Campaign {
        &BUILTIN
    }

    pub fn from_toml(text: &str) -> Result<Campaign, CampaignError> {
        let file: CampaignFile = toml::from_str(text)?;
        Campaign::try_from(file)
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    pub fn township_by_code(&self, code: &str) -> Option<&Township> {
        let mut code = fold(code);
        if code.len() == 9 {
            code.push_str("000");
        }
        self.townships.iter().find(|t| t.code == code)
    }

    /// Accepts "师宗县雄壁镇", "雄壁镇", or the unambiguous short form "雄壁".
    pub fn township_by_name(&self, name: &str) -> Option<&Township> {
        let name = fold(name);
        let name = match name.find(&self.county.name) {
            Some(at) => &name[at + self.county.name.len()..],
            None => &name,
        };
        if let Some(t) = self.townships.iter().find(|t| t.name == name) {
            return Some(t);
        }
        let stem = strip_admin_suffix(name);
        if stem.chars().count() < 2 {
            return None;
        }
        let mut matches = self
            .townships
            .iter()
            .filter(|t| strip_admin_suffix(&t.name).starts_with(stem));
        match (matches.next(), matches.next()) {
            (Some(t), None) => Some(t),
            _ => None,
        }
    }

    /// A township given by code or by name.
    pub fn find_township(&self, key: &str) -> Option<&Township> {
        self.township_by_code(key)
            .or_else(|| self.township_by_name(key))
    }

    pub fn site(&self, id: &str) -> Option<&Site> {
        self.sites.iter().find(|s| s.id == id)
    }

    pub fn site_for_township(&self, code: &str) -> Option<&Site> {
        self.township_by_code(code).and_then(|t| self.site(&t.site))
    }

    pub fn institution(&self, id: &str) -> Option<&Institution> {
        self.institutions.iter().find(|i| i.id == id)
    }

    pub fn institutions_for_category(&self, category: u8) -> impl Iterator<Item = &Institution> {
        self.institutions
            .iter()
            .filter(move |i| i.assesses(category))
    }

    /// First day and the last of the planned number of working days.
    pub fn reassessment_window(&self) -> (NaiveDate, NaiveDate) {
        (self.reassessment.start, self.reassessment_last_day)
    }

    pub fn home_visit_days(&self) -> &[NaiveDate] {
        &self.home_visit_days
    }

    /// `(planned, actual)` working days of the home-visit window when the plan's count
    /// differs from the calendar's.
    pub fn home_visit_discrepancy(&self) -> Option<(u32, u32)> {
        let planned = self.home_visits.planned_working_days;
        let actual = u32::try_from(self.home_visit_days.len()).unwrap_or(u32::MAX);
        (planned != actual).then_some((planned, actual))
    }

    /// Last day of a public notice that starts on `start`.
    pub fn public_notice_end(&self, start: NaiveDate) -> Result<NaiveDate, CalendarError> {
        self.calendar
            .nth_working_day(start, self.rules.public_notice_working_days)
    }
}

impl TryFrom<CampaignFile> for Campaign {
    type Error = CampaignError;

    fn try_from(file: CampaignFile) -> Result<Campaign, CampaignError> {
        validate_basics(&file)?;
        validate_townships(&file)?;
        validate_sites(&file)?;
        validate_institutions(&file.institutions)?;
        validate_date_order(&file)?;
        file.home_visit_routing.validate().map_err(|p| match p {
            SettingProblem::BadClock { field, value } => CampaignError::BadClock { field, value },
            SettingProblem::NotPositive { field } => CampaignError::NotPositive { field },
        })?;
        let calendar = build_calendar(&file.calendar)?;
        check_dates_covered(&file, &calendar)?;
        let reassessment_last_day = calendar
            .nth_working_day(file.reassessment.start, file.reassessment.working_days)
            .map_err(in_field("reassessment.working_days"))?;
        let home_visit_days = calendar
            .working_days_in(file.home_visits.start, file.home_visits.end)
            .map_err(in_field("home_visits"))?;
        Ok(Campaign {
            name: file.name,
            year: file.year,
            county: file.county,
            targets: file.targets,
            dates: file.dates,
            reassessment: file.reassessment,
            home_visits: file.home_visits,
            rules: file.rules,
            team: file.team,
            contact: file.contact,
            townships: file.townships,
            sites: file.sites,
            institutions: file.institutions,
            home_visit_routing: file.home_visit_routing,
            calendar,
            reassessment_last_day,
            home_visit_days,
        })
    }
}

fn in_field(field: &str) -> impl Fn(CalendarError) -> CampaignError + '_ {
    move |source| CampaignError::Calendar {
        field: field.to_string(),
        source,
    }
}

fn non_empty(field: &str, value: &str) -> Result<(), CampaignError> {
    if value.trim().is_empty() {
        return Err(CampaignError::Empty {
            field: field.to_string(),
        });
    }
    Ok(())
}

fn positive(field: &str, value: u32) -> Result<(), CampaignError> {
    if value == 0 {
        return Err(CampaignError::NotPositive {
            field: field.to_string(),
        });
    }
    Ok(())
}

fn all_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

fn validate_basics(file: &CampaignFile) -> Result<(), CampaignError> {
    non_empty("name", &file.name)?;
    non_empty("county.name", &file.county.name)?;
    non_empty("dates.first_batch_place", &file.dates.first_batch_place)?;
    if !all_digits(&file.county.code, 6) {
        return Err(CampaignError::BadCountyCode {
            code: file.county.code.clone(),
        });
    }
    let t = &file.targets;
    positive("targets.holders", t.holders)?;
    positive("targets.medical", t.medical)?;
    positive("targets.visual", t.visual)?;
    positive("targets.home_visit_new_subjects", t.home_visit_new_subjects)?;
    if t.medical + t.visual != t.holders {
        return Err(CampaignError::TargetsDontAdd {
            holders: t.holders,
            medical: t.medical,
            visual: t.visual,
        });
    }
    positive("reassessment.working_days", file.reassessment.working_days)?;
    positive(
        "home_visits.planned_working_days",
        file.home_visits.planned_working_days,
    )?;
    positive(
        "rules.public_notice_working_days",
        file.rules.public_notice_working_days,
    )?;
    positive(
        "rules.certificate_validity_years",
        file.rules.certificate_validity_years,
    )?;
    positive("team.vehicles", file.team.vehicles)?;
    positive("team.leaders", file.team.leaders)
}

fn check_unique<'a>(
    field: &str,
    values: impl IntoIterator<Item = &'a str>,
) -> Result<(), CampaignError> {
    let mut seen = HashSet::new();
    for value in values {
        if !seen.insert(value) {
            return Err(CampaignError::Duplicate {
                field: field.to_string(),
                value: value.to_string(),
            });
        }
    }
    Ok(())
}

fn validate_townships(file: &CampaignFile) -> Result<(), CampaignError> {
    if file.townships.is_empty() {
        return Err(CampaignError::Empty {
            field: "townships".into(),
        });
    }
    for (i, t) in file.townships.iter().enumerate() {
        let field = format!("townships[{i}]");
        non_empty(&format!("{field}.name"), &t.name)?;
        if !all_digits(&t.code, 12) {
            return Err(CampaignError::BadTownshipCode {
                field: format!("{field}.code"),
                code: t.code.clone(),
            });
        }
        if !t.code.starts_with(&file.county.code) {
            return Err(CampaignError::OutsideCounty {
                field: format!("{field}.code"),
                code: t.code.clone(),
                county: file.county.code.clone(),
            });
        }
        if !file.sites.iter().any(|s| s.id == t.site) {
            return Err(CampaignError::UnknownSite {
                field: format!("{field}.site"),
                township: t.name.clone(),
                site: t.site.clone(),
            });
        }
    }
    check_unique(
        "townships.code",
        file.townships.iter().map(|t| t.code.as_str()),
    )?;
    check_unique(
        "townships.name",
        file.townships.iter().map(|t| t.name.as_str()),
    )
}

fn validate_sites(file: &CampaignFile) -> Result<(), CampaignError> {
    if file.sites.is_empty() {
        return Err(CampaignError::Empty {
            field: "sites".into(),
        });
    }
    check_unique("sites.id", file.sites.iter().map(|s| s.id.as_str()))?;
    let site_of: HashMap<&str, &str> = file
        .townships
        .iter()
        .map(|t| (t.code.as_str(), t.site.as_str()))
        .collect();
    for (i, site) in file.sites.iter().enumerate() {
        let field = format!("sites[{i}]");
        validate_site_id(&format!("{field}.id"), &site.id)?;
        non_empty(&format!("{field}.name"), &site.name)?;
        positive(&format!("{field}.daily_capacity"), site.daily_capacity)?;
        if site.townships.is_empty() {
            return Err(CampaignError::Empty {
                field: format!("{field}.townships"),
            });
        }
        for code in &site.townships {
            if site_of.get(code.as_str()) != Some(&site.id.as_str()) {
                return Err(CampaignError::SiteMismatch {
                    field: format!("{field}.townships"),
                    site: site.id.clone(),
                    township: code.clone(),
                });
            }
        }
    }
    for (i, t) in file.townships.iter().enumerate() {
        let listed = file
            .sites
            .iter()
            .any(|s| s.id == t.site && s.townships.contains(&t.code));
        if !listed {
            return Err(CampaignError::SiteMismatch {
                field: format!("townships[{i}].site"),
                site: t.site.clone(),
                township: t.code.clone(),
            });
        }
    }
    Ok(())
}

fn validate_site_id(field: &str, id: &str) -> Result<(), CampaignError> {
    let ok = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !ok {
        return Err(CampaignError::BadSiteId {
            field: field.to_string(),
            id: id.to_string(),
        });
    }
    Ok(())
}

fn validate_institutions(institutions: &[Institution]) -> Result<(), CampaignError> {
    check_unique(
        "institutions.id",
        institutions.iter().map(|i| i.id.as_str()),
    )?;
    for (i, inst) in institutions.iter().enumerate() {
        non_empty(&format!("institutions[{i}].id"), &inst.id)?;
        non_empty(&format!("institutions[{i}].name"), &inst.name)?;
        if let Some(&category) = inst.categories.iter().find(|c| !CATEGORIES.contains(c)) {
            return Err(CampaignError::BadCategory {
                field: format!("institutions[{i}].categories"),
                category,
            });
        }
    }
    let covered: BTreeSet<u8> = institutions
        .iter()
        .flat_map(|i| i.categories.iter().copied())
        .collect();
    match CATEGORIES.into_iter().find(|c| !covered.contains(c)) {
        Some(category) => Err(CampaignError::CategoryUncovered { category }),
        None => Ok(()),
    }
}

fn validate_date_order(file: &CampaignFile) -> Result<(), CampaignError> {
    let d = &file.dates;
    let r = &file.reassessment;
    let h = &file.home_visits;
    let chains: [&[(&str, NaiveDate)]; 3] = [
        &[
            ("dates.census", d.census),
            (
                "dates.first_batch_collection",
                d.first_batch_collection.date(),
            ),
            (
                "dates.medical_exchange_deadline",
                d.medical_exchange_deadline,
            ),
        ],
        &[
            ("dates.census", d.census),
            ("reassessment.start", r.start),
            ("reassessment.planned_last_day", r.planned_last_day),
            ("reassessment.visual_complete_by", r.visual_complete_by),
        ],
        &[
            ("home_visits.start", h.start),
            ("home_visits.end", h.end),
            ("reassessment.visual_complete_by", r.visual_complete_by),
        ],
    ];
    for pair in chains.iter().flat_map(|chain| chain.windows(2)) {
        let [(earlier, earlier_date), (later, later_date)] = pair else {
            unreachable!("windows(2) yields pairs");
        };
        if earlier_date > later_date {
            return Err(CampaignError::DatesOutOfOrder {
                earlier: earlier.to_string(),
                earlier_date: *earlier_date,
                later: later.to_string(),
                later_date: *later_date,
            });
        }
    }
    Ok(())
}

fn build_calendar(spec: &CalendarSpec) -> Result<Calendar, CampaignError> {
    let years = spec.years.iter().copied();
    let mut calendar = match &spec.source {
        Some(name) => {
            let text = embedded_calendar(name).ok_or_else(|| CampaignError::UnknownCalendar {
                source_name: name.clone(),
            })?;
            Calendar::from_csv(text, years).map_err(in_field("calendar.source"))?
        }
        None => Calendar::from_days([], years).map_err(in_field("calendar.years"))?,
    };
    let inline = spec.days.iter().map(|d| SpecialDay {
        date: d.date,
        kind: d.kind,
        name: d.name.clone(),
    });
    calendar.extend(inline).map_err(in_field("calendar.days"))?;
    Ok(calendar)
}

fn embedded_calendar(name: &str) -> Option<&'static str> {
    EMBEDDED_CALENDARS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

fn check_dates_covered(file: &CampaignFile, calendar: &Calendar) -> Result<(), CampaignError> {
    let dates = [
        ("dates.census", file.dates.census),
        (
            "dates.medical_exchange_deadline",
            file.dates.medical_exchange_deadline,
        ),
        ("reassessment.start", file.reassessment.start),
        (
            "reassessment.visual_complete_by",
            file.reassessment.visual_complete_by,
        ),
        ("home_visits.start", file.home_visits.start),
        ("home_visits.end", file.home_visits.end),
    ];
    for (field, date) in dates {
        calendar.is_working_day(date).map_err(in_field(field))?;
    }
    Ok(())
}

/// Full-width ASCII folded to ASCII, all whitespace (including U+3000) removed.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn strip_admin_suffix(name: &str) -> &str {
    ["街道", "镇", "乡"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(name)
}

/// TOML dates are their own type, not strings, so chrono's serde impls cannot read them.
mod toml_dates {
    use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
    use serde::de::Error;
    use serde::{Deserialize, Deserializer};
    use toml::value::{Date, Datetime, Time};

    pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let value = Datetime::deserialize(d)?;
        match value {
            Datetime {
                date: Some(date),
                time: None,
                offset: None,
            } => to_date(date).ok_or_else(|| D::Error::custom(format!("no such date: {value}"))),
            _ => Err(D::Error::custom(format!(
                "expected a date such as 2022-03-15, found {value}"
            ))),
        }
    }

    pub fn date_time<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        let value = Datetime::deserialize(d)?;
        match value {
            Datetime {
                date: Some(date),
                time: Some(time),
                offset: None,
            } => to_date(date)
                .zip(to_time(time))
                .map(|(date, time)| date.and_time(time))
                .ok_or_else(|| D::Error::custom(format!("no such date and time: {value}"))),
            _ => Err(D::Error::custom(format!(
                "expected a local date and time such as 2022-03-16T09:00:00, found {value}"
            ))),
        }
    }

    fn to_date(d: Date) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
    }

    fn to_time(t: Time) -> Option<NaiveTime> {
        NaiveTime::from_hms_nano_opt(
            t.hour.into(),
            t.minute.into(),
            t.second.unwrap_or(0).into(),
            t.nanosecond.unwrap_or(0),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOWNSHIPS_CSV: &str = include_str!("../../assets/divisions/shizong-townships.csv");

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn campaign() -> &'static Campaign {
        Campaign::builtin()
    }

    /// The built-in file with one textual substitution, which must apply.
    fn edited(from: &str, to: &str) -> Result<Campaign, CampaignError> {
        assert!(
            SHIZONG_2022_TOML.contains(from),
            "fixture text {from:?} not found"
        );
        Campaign::from_toml(&SHIZONG_2022_TOML.replacen(from, to, 1))
    }

    #[test]
    fn builtin_campaign_carries_the_plan() {
        let c = campaign();
        assert_eq!(c.name, "师宗县第三代残疾人证（智能化）核发");
        assert_eq!(
            (c.county.code.as_str(), c.county.name.as_str()),
            ("530323", "师宗县")
        );
        assert_eq!(c.year, 2022);
        assert_eq!(c.dates.census, d(2022, 3, 15));
        assert_eq!(
            c.targets,
            Targets {
                holders: 11058,
                medical: 3482,
                visual: 7576,
                home_visit_new_subjects: 55
            }
        );
        assert_eq!(
            c.dates.first_batch_collection,
            d(2022, 3, 16).and_hms_opt(9, 0, 0).unwrap()
        );
        assert_eq!(c.dates.first_batch_place, "师宗县残联一楼会议室");
        assert_eq!(c.dates.medical_exchange_deadline, d(2022, 3, 31));
        assert_eq!(c.reassessment.working_days, 30);
        assert_eq!(c.reassessment.planned_last_day, d(2022, 5, 13));
        assert_eq!(c.reassessment.visual_complete_by, d(2022, 6, 30));
        assert_eq!(c.rules.public_notice_working_days, 5);
        assert_eq!(c.rules.certificate_validity_years, 10);
        assert_eq!(
            c.team,
            Team {
                vehicles: 2,
                leaders: 1,
                staff: 2
            }
        );
    }

    #[test]
    fn ten_townships_matching_the_division_file() {
        let c = campaign();
        assert_eq!(c.townships.len(), 10);
        let from_csv: Vec<(&str, &str)> = TOWNSHIPS_CSV
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let mut f = l.split(',');
                (f.next().unwrap(), f.next().unwrap())
            })
            .collect();
        let from_toml: Vec<(&str, &str)> = c
            .townships
            .iter()
            .map(|t| (t.code.as_str(), t.name.as_str()))
            .collect();
        assert_eq!(from_toml, from_csv);
    }

    #[test]
    fn lookup_by_code() {
        let c = campaign();
        assert_eq!(c.township_by_code("530323102000").unwrap().name, "雄壁镇");
        assert_eq!(
            c.township_by_code(" ５３０３２３１０２０００ ")
                .unwrap()
                .name,
            "雄壁镇"
        );
        assert_eq!(c.township_by_code("530323102").unwrap().name, "雄壁镇");
        assert!(c.township_by_code("530323999000").is_none());
    }

    #[test]
    fn lookup_by_name_with_and_without_county() {
        let c = campaign();
        for key in [
            "雄壁镇",
            "师宗县雄壁镇",
            "　师宗县 雄壁镇 ",
            "曲靖市师宗县雄壁镇",
            "雄壁",
        ] {
            assert_eq!(
                c.township_by_name(key).map(|t| t.code.as_str()),
                Some("530323102000"),
                "{key}"
            );
        }
        assert_eq!(c.township_by_name("龙庆乡").unwrap().code, "530323202000");
        assert_eq!(c.township_by_name("高良").unwrap().code, "530323204000");
        assert_eq!(c.township_by_name("丹凤").unwrap().code, "530323001000");
        assert_eq!(c.find_township("漾月街道").unwrap().code, "530323002000");
        assert_eq!(c.find_township("530323002000").unwrap().name, "漾月街道");
        assert!(c.township_by_name("师宗县").is_none());
        assert!(
            c.township_by_name("雄").is_none(),
            "one character is too short"
        );
        assert!(c.township_by_name("罗平县").is_none());
    }

    #[test]
    fn short_form_must_be_unambiguous() {
        let text = SHIZONG_2022_TOML.replacen("name = \"葵山镇\"", "name = \"雄壁东镇\"", 1);
        let c = Campaign::from_toml(&text).unwrap();
        assert!(c.township_by_name("雄壁").is_none());
        assert_eq!(c.township_by_name("雄壁镇").unwrap().code, "530323102000");
    }

    #[test]
    fn sites_follow_the_plan() {
        let c = campaign();
        let office = c.site_for_township("530323001000").unwrap();
        assert_eq!(
            (office.id.as_str(), office.name.as_str()),
            ("county-office", "县残联办公区")
        );
        assert_eq!(
            c.site_for_township("530323002000").unwrap().id,
            "county-office"
        );
        assert_eq!(
            c.site_for_township("530323102000").unwrap().name,
            "雄壁镇卫生院"
        );
        assert_eq!(
            c.site_for_township("530323202000").unwrap().name,
            "龙庆彝族壮族乡卫生院"
        );
        assert_eq!(c.sites.len(), 9);
        assert!(c.sites.iter().all(|s| s.daily_capacity > 0));
    }

    #[test]
    fn institutions_by_category() {
        let c = campaign();
        let names = |cat| {
            c.institutions_for_category(cat)
                .map(|i| i.name.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(6), ["师宗康宁精神病专科医院"]);
        assert_eq!(names(5), ["师宗康宁精神病专科医院"]);
        assert_eq!(names(4), ["师宗县人民医院", "师宗县中医医院"]);
        assert!(names(8).is_empty());
        let psych = c.institution("kangning-psychiatric").unwrap();
        assert!(psych.in_field_on(d(2022, 3, 29)), "Tuesday");
        assert!(!psych.in_field_on(d(2022, 3, 30)), "Wednesday");
        assert!(
            c.institution("peoples-hospital")
                .unwrap()
                .in_field_on(d(2022, 3, 30))
        );
    }

    #[test]
    fn reassessment_window_is_thirty_working_days() {
        assert_eq!(
            campaign().reassessment_window(),
            (d(2022, 3, 28), d(2022, 5, 10))
        );
    }

    #[test]
    fn home_visit_discrepancy_is_reported() {
        let c = campaign();
        assert_eq!(c.home_visit_days().len(), 14);
        assert!(!c.home_visit_days().contains(&d(2022, 6, 3)));
        assert_eq!(c.home_visit_discrepancy(), Some((15, 14)));
        let agreed = edited("planned_working_days = 15", "planned_working_days = 14").unwrap();
        assert_eq!(agreed.home_visit_discrepancy(), None);
    }

    #[test]
    fn public_notice_uses_configured_length() {
        let c = campaign();
        assert_eq!(c.public_notice_end(d(2022, 9, 8)).unwrap(), d(2022, 9, 15));
        assert!(matches!(
            c.public_notice_end(d(2023, 1, 3)),
            Err(CalendarError::NotCovered { year: 2023 })
        ));
    }

    #[test]
    fn township_with_missing_site_is_rejected() {
        let err = edited("site = \"xiongbi-hc\"", "site = \"xiongbi-clinic\"").unwrap_err();
        match &err {
            CampaignError::UnknownSite {
                field,
                township,
                site,
            } => {
                assert_eq!(field, "townships[3].site");
                assert_eq!(township, "雄壁镇");
                assert_eq!(site, "xiongbi-clinic");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains("xiongbi-clinic"));
        assert!(err.message(Lang::En).contains("townships[3].site"));
    }

    #[test]
    fn site_and_township_must_name_each_other() {
        let err = edited(
            "townships = [\"530323102000\"]",
            "townships = [\"530323103000\"]",
        )
        .unwrap_err();
        assert!(
            matches!(err, CampaignError::SiteMismatch { ref site, .. } if site == "xiongbi-hc")
        );
    }

    #[test]
    fn invalid_values_name_their_field() {
        let err = edited("code = \"530323102000\"", "code = \"53032310200\"").unwrap_err();
        assert!(
            matches!(err, CampaignError::BadTownshipCode { ref field, .. } if field == "townships[3].code")
        );

        let err = edited("code = \"530323102000\"", "code = \"530324102000\"").unwrap_err();
        assert!(matches!(err, CampaignError::OutsideCounty { .. }));

        let err = edited("vehicles = 2", "vehicles = 0").unwrap_err();
        assert!(
            matches!(err, CampaignError::NotPositive { ref field } if field == "team.vehicles")
        );

        let err = edited("visual = 7576", "visual = 7575").unwrap_err();
        assert!(matches!(err, CampaignError::TargetsDontAdd { .. }));

        let err = edited("categories = [5, 6]", "categories = [5, 9]").unwrap_err();
        assert!(matches!(
            err,
            CampaignError::BadCategory { category: 9, .. }
        ));

        let err = edited("categories = [5, 6]", "categories = [5]").unwrap_err();
        assert!(matches!(
            err,
            CampaignError::CategoryUncovered { category: 6 }
        ));

        let text = SHIZONG_2022_TOML.replace("\"zhuji-hc\"", "\"Zhuji HC\"");
        let err = Campaign::from_toml(&text).unwrap_err();
        assert!(matches!(err, CampaignError::BadSiteId { ref id, .. } if id == "Zhuji HC"));
    }

    #[test]
    fn dates_must_be_in_order() {
        let err = edited("end = 2022-06-03", "end = 2022-05-03").unwrap_err();
        match err {
            CampaignError::DatesOutOfOrder { earlier, later, .. } => {
                assert_eq!(
                    (earlier.as_str(), later.as_str()),
                    ("home_visits.start", "home_visits.end")
                );
            }
            other => panic!("unexpected {other:?}"),
        }
        let err = edited("start = 2022-03-28", "start = 2022-03-01").unwrap_err();
        assert!(matches!(err, CampaignError::DatesOutOfOrder { .. }));
    }

    #[test]
    fn unknown_keys_and_bad_dates_are_parse_errors() {
        assert!(matches!(
            edited("vehicles = 2", "vehicels = 2"),
            Err(CampaignError::Toml(_))
        ));
        assert!(matches!(
            edited("census = 2022-03-15", "census = \"15/3/2022\""),
            Err(CampaignError::Toml(_))
        ));
    }

    #[test]
    fn dates_outside_the_calendar_are_rejected() {
        let err = edited(
            "visual_complete_by = 2022-06-30",
            "visual_complete_by = 2023-01-31",
        )
        .unwrap_err();
        assert!(matches!(
            err,
            CampaignError::Calendar { ref field, source: CalendarError::NotCovered { year: 2023 } }
                if field == "reassessment.visual_complete_by"
        ));
        let err = edited(
            "source = \"cn-holidays-2022\"",
            "source = \"cn-holidays-2099\"",
        )
        .unwrap_err();
        assert!(matches!(err, CampaignError::UnknownCalendar { .. }));
    }

    #[test]
    fn a_county_can_write_its_own_year_inline() {
        let own = r#"source = "cn-holidays-2022"
years = [2022]"#;
        let inline = r#"years = [2022]

[[calendar.days]]
date = 2022-06-03
kind = "holiday"
name = "端午节"

[[calendar.days]]
date = 2022-05-14
kind = "workday"
name = "县定补班"
"#;
        let c = edited(own, inline).unwrap();
        assert_eq!(c.calendar().holiday_name(d(2022, 6, 3)), Some("端午节"));
        // Without the published file, Qingming is an ordinary Tuesday here.
        assert!(c.calendar().is_working_day(d(2022, 4, 5)).unwrap());
        assert!(c.calendar().is_working_day(d(2022, 5, 14)).unwrap());

        let clash = format!(
            "{own}\n[[calendar.days]]\ndate = 2022-06-03\nkind = \"holiday\"\nname = \"x\"\n"
        );
        let err = edited(own, &clash).unwrap_err();
        assert!(
            matches!(err, CampaignError::Calendar { ref field, .. } if field == "calendar.days")
        );
    }

    #[test]
    fn messages_exist_in_both_languages() {
        let err = edited("holders = 11058", "holders = 0").unwrap_err();
        assert_eq!(err.message(Lang::Zh), "targets.holders 必须大于 0");
        assert_eq!(
            err.message(Lang::En),
            "targets.holders must be greater than 0"
        );
    }
}
