//! Working-day calendar: the week (Monday–Friday work) overridden by a published
//! schedule of public holidays and make-up working days (调休). Each year's schedule
//! is published anew, so a date in a year without one is an error, never a guess.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use thiserror::Error;

use crate::i18n::{Lang, Localized, Text};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayKind {
    /// A day off, whatever the weekday.
    Holiday,
    /// A weekend day worked instead (调休).
    Workday,
}

impl FromStr for DayKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "holiday" => Ok(DayKind::Holiday),
            "workday" => Ok(DayKind::Workday),
            _ => Err(()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecialDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

/// What is wrong with one line of the holiday file or one inline day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DayFault {
    FieldCount(usize),
    Date(String),
    Kind(String),
    Duplicate(NaiveDate),
    YearNotListed(NaiveDate),
}

impl DayFault {
    pub fn text(&self) -> Text {
        match self {
            DayFault::FieldCount(found) => Text::CalDayFieldCount { found: *found },
            DayFault::Date(value) => Text::CalDayBadDate {
                value: value.clone(),
            },
            DayFault::Kind(value) => Text::CalDayBadKind {
                value: value.clone(),
            },
            // ISO dates in both languages, as they are written in the holiday file.
            DayFault::Duplicate(date) => Text::CalDayDuplicate {
                date: date.to_string(),
            },
            DayFault::YearNotListed(date) => Text::CalDayYearNotListed {
                date: date.to_string(),
            },
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.text().render(lang)
    }
}

impl Localized for DayFault {
    fn local(&self, lang: Lang) -> String {
        self.text().render(lang)
    }
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("{}", self.text())]
pub enum CalendarError {
    NotCovered { year: i32 },
    BadLine { line: usize, fault: DayFault },
    BadEntry { index: usize, fault: DayFault },
    NoYears,
    ZeroCount,
}

impl CalendarError {
    pub fn text(&self) -> Text {
        match self {
            CalendarError::NotCovered { year } => Text::CalNotCovered { year: *year },
            CalendarError::BadLine { line, fault } => Text::CalBadLine {
                line: *line,
                fault: fault.clone(),
            },
            CalendarError::BadEntry { index, fault } => Text::CalBadEntry {
                index: *index,
                fault: fault.clone(),
            },
            CalendarError::NoYears => Text::CalNoYears,
            CalendarError::ZeroCount => Text::CalZeroCount,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.text().render(lang)
    }
}

impl Localized for CalendarError {
    fn local(&self, lang: Lang) -> String {
        self.text().render(lang)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeSet<i32>,
    days: BTreeMap<NaiveDate, SpecialDay>,
}

impl Calendar {
    /// Parses `date,kind,name` lines (header, blank lines and `#` comments skipped).
    pub fn from_csv(
        text: &str,
        years: impl IntoIterator<Item = i32>,
    ) -> Result<Calendar, CalendarError> {
        let mut calendar = Calendar::covering(years)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || (index == 0 && line.starts_with("date"))
            {
                continue;
            }
            parse_line(line)
                .and_then(|day| calendar.insert(day))
                .map_err(|fault| CalendarError::BadLine {
                    line: index + 1,
                    fault,
                })?;
        }
        Ok(calendar)
    }

    pub fn from_days(
        days: impl IntoIterator<Item = SpecialDay>,
        years: impl IntoIterator<Item = i32>,
    ) -> Result<Calendar, CalendarError> {
        let mut calendar = Calendar::covering(years)?;
        calendar.extend(days)?;
        Ok(calendar)
    }

    /// Adds more special days (e.g. a county's own entries on top of a published file).
    pub fn extend(
        &mut self,
        days: impl IntoIterator<Item = SpecialDay>,
    ) -> Result<(), CalendarError> {
        for (i, day) in days.into_iter().enumerate() {
            self.insert(day).map_err(|fault| CalendarError::BadEntry {
                index: i + 1,
                fault,
            })?;
        }
        Ok(())
    }

    fn covering(years: impl IntoIterator<Item = i32>) -> Result<Calendar, CalendarError> {
        let years: BTreeSet<i32> = years.into_iter().collect();
        if years.is_empty() {
            return Err(CalendarError::NoYears);
        }
        Ok(Calendar {
            years,
            days: BTreeMap::new(),
        })
    }

    fn insert(&mut self, day: SpecialDay) -> Result<(), DayFault> {
        if !self.years.contains(&day.date.year()) {
            return Err(DayFault::YearNotListed(day.date));
        }
        if self.days.contains_key(&day.date) {
            return Err(DayFault::Duplicate(day.date));
        }
        self.days.insert(day.date, day);
        Ok(())
    }

    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    pub fn covers(&self, date: NaiveDate) -> bool {
        self.years.contains(&date.year())
    }

    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        if !self.covers(date) {
            return Err(CalendarError::NotCovered { year: date.year() });
        }
        Ok(match self.days.get(&date).map(|d| d.kind) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        })
    }

    pub fn special_day(&self, date: NaiveDate) -> Option<&SpecialDay> {
        self.days.get(&date)
    }

    /// The holiday's name when `date` is a listed day off.
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        self.special_day(date)
            .filter(|d| d.kind == DayKind::Holiday)
            .map(|d| d.name.as_str())
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        loop {
            day = succ(day)?;
            if self.is_working_day(day)? {
                return Ok(day);
            }
        }
    }

    /// The `n`th working day counting `start` as the first when it is a working day,
    /// else counting from the next working day. "Five working days from 8 September"
    /// ends on `nth_working_day(8 Sep, 5)`.
    pub fn nth_working_day(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        if n == 0 {
            return Err(CalendarError::ZeroCount);
        }
        let first = if self.is_working_day(start)? {
            start
        } else {
            self.next_working_day(start)?
        };
        self.add_working_days(first, n - 1)
    }

    /// `start` moved forward by `n` working days (`n == 0` gives `start`).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        (0..n).try_fold(start, |day, _| self.next_working_day(day))
    }

    /// Working days from `from` to `to`, both included; empty when `to` is before `from`.
    pub fn working_days_in(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<NaiveDate>, CalendarError> {
        let mut days = Vec::new();
        for day in from.iter_days().take_while(|d| *d <= to) {
            if self.is_working_day(day)? {
                days.push(day);
            }
        }
        Ok(days)
    }

    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<u32, CalendarError> {
        let count = self.working_days_in(from, to)?.len();
        Ok(u32::try_from(count).expect("a date range holds fewer than u32::MAX days"))
    }
}

fn succ(date: NaiveDate) -> Result<NaiveDate, CalendarError> {
    date.succ_opt().ok_or(CalendarError::NotCovered {
        year: date.year() + 1,
    })
}

fn parse_line(line: &str) -> Result<SpecialDay, DayFault> {
    let fields: Vec<&str> = line.splitn(3, ',').map(str::trim).collect();
    let [date, kind, name] = fields[..] else {
        return Err(DayFault::FieldCount(fields.len()));
    };
    Ok(SpecialDay {
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map_err(|_| DayFault::Date(date.to_string()))?,
        kind: kind
            .parse()
            .map_err(|()| DayFault::Kind(kind.to_string()))?,
        name: name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CN_2022: &str = include_str!("../../assets/calendar/cn-holidays-2022.csv");

    fn cal() -> Calendar {
        Calendar::from_csv(CN_2022, [2022]).expect("the 2022 schedule parses")
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn plain_week_without_special_days() {
        let c = cal();
        assert!(c.is_working_day(d(2022, 3, 16)).unwrap()); // Wednesday
        assert!(!c.is_working_day(d(2022, 3, 19)).unwrap()); // Saturday
        assert!(!c.is_working_day(d(2022, 3, 20)).unwrap()); // Sunday
    }

    #[test]
    fn qingming_make_up_saturday_and_three_days_off() {
        let c = cal();
        assert!(c.is_working_day(d(2022, 4, 1)).unwrap());
        assert!(
            c.is_working_day(d(2022, 4, 2)).unwrap(),
            "Saturday 2 April is worked"
        );
        for day in 3..=5 {
            assert!(!c.is_working_day(d(2022, 4, day)).unwrap());
            assert_eq!(c.holiday_name(d(2022, 4, day)), Some("清明节"));
        }
        assert_eq!(c.holiday_name(d(2022, 4, 2)), None);
        assert_eq!(c.next_working_day(d(2022, 4, 2)).unwrap(), d(2022, 4, 6));
        assert_eq!(
            c.working_days_between(d(2022, 4, 1), d(2022, 4, 8))
                .unwrap(),
            5
        );
    }

    #[test]
    fn labour_day_with_two_make_up_weekend_days() {
        let c = cal();
        assert!(
            c.is_working_day(d(2022, 4, 24)).unwrap(),
            "Sunday 24 April is worked"
        );
        assert!(
            c.is_working_day(d(2022, 5, 7)).unwrap(),
            "Saturday 7 May is worked"
        );
        for day in [
            d(2022, 4, 30),
            d(2022, 5, 1),
            d(2022, 5, 2),
            d(2022, 5, 3),
            d(2022, 5, 4),
        ] {
            assert!(!c.is_working_day(day).unwrap(), "{day} is a holiday");
        }
        assert_eq!(
            c.working_days_in(d(2022, 4, 23), d(2022, 5, 8)).unwrap(),
            vec![
                d(2022, 4, 24),
                d(2022, 4, 25),
                d(2022, 4, 26),
                d(2022, 4, 27),
                d(2022, 4, 28),
                d(2022, 4, 29),
                d(2022, 5, 5),
                d(2022, 5, 6),
                d(2022, 5, 7),
            ]
        );
        assert_eq!(c.next_working_day(d(2022, 4, 29)).unwrap(), d(2022, 5, 5));
    }

    #[test]
    fn home_visit_window_holds_fourteen_working_days_not_fifteen() {
        let c = cal();
        assert_eq!(c.holiday_name(d(2022, 6, 3)), Some("端午节"));
        assert_eq!(
            c.working_days_between(d(2022, 5, 16), d(2022, 6, 3))
                .unwrap(),
            14
        );
    }

    #[test]
    fn thirtieth_working_day_from_28_march_is_10_may() {
        // 28–31 Mar (4), 1–2 Apr (6), 6–8 (9), 11–15 (14), 18–22 (19), Sun 24 (20),
        // 25–29 (25), 5–7 May (28), 9 (29), 10 (30).
        let c = cal();
        assert_eq!(
            c.nth_working_day(d(2022, 3, 28), 30).unwrap(),
            d(2022, 5, 10)
        );
        assert_eq!(
            c.add_working_days(d(2022, 3, 28), 29).unwrap(),
            d(2022, 5, 10)
        );
        assert_eq!(
            c.working_days_between(d(2022, 3, 28), d(2022, 5, 10))
                .unwrap(),
            30
        );
    }

    #[test]
    fn five_working_days_counted_across_a_holiday() {
        let c = cal();
        // Thu 8 Sep (1), Fri 9 (2), 中秋 10–12, Tue 13 (3), 14 (4), 15 (5).
        assert_eq!(c.nth_working_day(d(2022, 9, 8), 5).unwrap(), d(2022, 9, 15));
        // Starting on a holiday: count from Wed 6 Apr.
        assert_eq!(c.nth_working_day(d(2022, 4, 3), 5).unwrap(), d(2022, 4, 12));
        // The make-up Saturday counts.
        assert_eq!(c.nth_working_day(d(2022, 4, 1), 5).unwrap(), d(2022, 4, 8));
    }

    #[test]
    fn add_zero_and_nth_zero() {
        let c = cal();
        assert_eq!(c.add_working_days(d(2022, 4, 3), 0).unwrap(), d(2022, 4, 3));
        assert_eq!(
            c.nth_working_day(d(2022, 4, 3), 0),
            Err(CalendarError::ZeroCount)
        );
    }

    #[test]
    fn empty_range_counts_zero() {
        let c = cal();
        assert_eq!(
            c.working_days_between(d(2022, 5, 10), d(2022, 5, 9))
                .unwrap(),
            0
        );
    }

    #[test]
    fn a_year_without_a_schedule_is_not_guessed() {
        let c = cal();
        assert_eq!(
            c.is_working_day(d(2023, 1, 3)),
            Err(CalendarError::NotCovered { year: 2023 })
        );
        // Counting that runs off the end of the year fails rather than guessing.
        assert_eq!(
            c.nth_working_day(d(2022, 12, 29), 5),
            Err(CalendarError::NotCovered { year: 2023 })
        );
    }

    #[test]
    fn bad_lines_are_named() {
        let err = Calendar::from_csv(
            "date,kind,name\n2022-04-03,holiday,清明节\n2022-13-01,holiday,x\n",
            [2022],
        )
        .unwrap_err();
        assert_eq!(
            err,
            CalendarError::BadLine {
                line: 3,
                fault: DayFault::Date("2022-13-01".into())
            }
        );
        assert!(err.to_string().contains("第 3 行"));
        assert!(err.message(Lang::En).contains("line 3"));

        let err = Calendar::from_csv("2022-04-03,day off,x", [2022]).unwrap_err();
        assert!(matches!(
            err,
            CalendarError::BadLine {
                line: 1,
                fault: DayFault::Kind(_)
            }
        ));
        let err = Calendar::from_csv("2022-04-03,holiday", [2022]).unwrap_err();
        assert!(matches!(
            err,
            CalendarError::BadLine {
                line: 1,
                fault: DayFault::FieldCount(2)
            }
        ));
    }

    #[test]
    fn duplicates_and_foreign_years_are_rejected() {
        let text = "2022-04-03,holiday,a\n2022-04-03,holiday,b\n";
        assert!(matches!(
            Calendar::from_csv(text, [2022]),
            Err(CalendarError::BadLine {
                line: 2,
                fault: DayFault::Duplicate(_)
            })
        ));
        assert!(matches!(
            Calendar::from_csv("2023-01-02,holiday,元旦", [2022]),
            Err(CalendarError::BadLine {
                line: 1,
                fault: DayFault::YearNotListed(_)
            })
        ));
        assert_eq!(Calendar::from_csv("", []), Err(CalendarError::NoYears));
    }

    #[test]
    fn inline_days_build_a_calendar() {
        let c = Calendar::from_days(
            [SpecialDay {
                date: d(2023, 1, 2),
                kind: DayKind::Holiday,
                name: "元旦".into(),
            }],
            [2023],
        )
        .unwrap();
        assert!(!c.is_working_day(d(2023, 1, 2)).unwrap());
        assert!(c.is_working_day(d(2023, 1, 3)).unwrap());
    }
}
