//! The one text catalogue. Every string a user reads is a `Text` variant with its
//! Simplified Chinese and English wording side by side, so a missing translation
//! is a compile error rather than a blank on screen.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" | "中文" => Some(Lang::Zh),
            "en" | "en-us" | "en_us" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Declares the catalogue: `Name { field: Type, .. } => "中文 {field}", "English {field}";`
/// Both wordings are `format!` strings that may name the variant's fields.
#[macro_export]
macro_rules! catalogue {
    ($( $name:ident $({ $($f:ident : $t:ty),* $(,)? })? => $zh:literal, $en:literal; )*) => {
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Text { $( $name $({ $($f: $t),* })? ),* }

        impl Text {
            #[allow(unused_variables)]
            pub fn render(&self, lang: $crate::i18n::Lang) -> String {
                match self {
                    $( Text::$name $({ $($f),* })? => {
                        $($( let $f = $crate::i18n::Localized::local($f, lang); )*)?
                        match lang {
                            $crate::i18n::Lang::Zh => format!($zh),
                            $crate::i18n::Lang::En => format!($en),
                        }
                    } )*
                }
            }
        }
    };
}

/// A value inside a message, worded for the reader's language (a state's name,
/// a date as 2022年4月7日 or 2022-04-07, a number as is).
pub trait Localized {
    fn local(&self, lang: Lang) -> String;
}

macro_rules! localized_as_display {
    ($($t:ty),*) => {$(
        impl Localized for $t {
            fn local(&self, _: Lang) -> String {
                self.to_string()
            }
        }
    )*};
}
localized_as_display!(String, &str, usize, u8, u32, u64, i32, i64, char);

impl Localized for chrono::NaiveDate {
    fn local(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.format("%Y年%-m月%-d日").to_string(),
            Lang::En => self.format("%Y-%m-%d").to_string(),
        }
    }
}

/// `s` followed by spaces up to `width` display columns (Chinese is two columns
/// wide: never pad by chars or bytes).
pub fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// A day in a list of days: `3月29日 周二` or `Tue 03-29`.
pub fn short_day(date: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    let weekday = date.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::Zh => {
            let names = ["一", "二", "三", "四", "五", "六", "日"];
            format!("{} 周{}", date.format("%-m月%-d日"), names[weekday])
        }
        Lang::En => date.format("%a %m-%d").to_string(),
    }
}

/// A message inside a message.
impl Localized for Box<Text> {
    fn local(&self, lang: Lang) -> String {
        self.render(lang)
    }
}

/// A list, run together as Chinese (甲、乙) or English (a, b) lists are.
impl<T: Localized> Localized for Vec<T> {
    fn local(&self, lang: Lang) -> String {
        let items: Vec<String> = self.iter().map(|item| item.local(lang)).collect();
        items.join(match lang {
            Lang::Zh => "、",
            Lang::En => ", ",
        })
    }
}

/// Something that can be said to a user in either language.
pub trait Localize {
    fn localize(&self, lang: Lang) -> String;
}

impl Localize for Text {
    fn localize(&self, lang: Lang) -> String {
        self.render(lang)
    }
}

impl fmt::Display for Text {
    /// Chinese by default: errors that reach a log or `anyhow` chain read as on screen.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Zh))
    }
}

mod catalogue;
pub use catalogue::Text;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{CalendarError, DayFault};
    use crate::domain::campaign::CampaignError;
    use crate::import::table::{ColumnSpec, TableError};
    use chrono::NaiveDate;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| {
            ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
        })
    }

    fn assert_both_languages(what: &str, zh: String, en: String, display: String) {
        assert!(!zh.trim().is_empty(), "{what}: empty Chinese");
        assert!(!en.trim().is_empty(), "{what}: empty English");
        assert!(has_cjk(&zh), "{what}: no Chinese in {zh:?}");
        assert_ne!(zh, en, "{what}: English is the Chinese");
        assert_eq!(display, zh, "{what}: Display is not the Chinese");
    }

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 4, 3).unwrap()
    }

    /// Listing a variant here is forced by the `match`: a new one cannot be forgotten.
    fn calendar_errors() -> Vec<CalendarError> {
        let faults = [
            DayFault::FieldCount(2),
            DayFault::Date("2022-13-01".into()),
            DayFault::Kind("day off".into()),
            DayFault::Duplicate(date()),
            DayFault::YearNotListed(date()),
        ];
        for fault in &faults {
            match fault {
                DayFault::FieldCount(_)
                | DayFault::Date(_)
                | DayFault::Kind(_)
                | DayFault::Duplicate(_)
                | DayFault::YearNotListed(_) => {}
            }
        }
        let mut errors = vec![
            CalendarError::NotCovered { year: 2023 },
            CalendarError::NoYears,
            CalendarError::ZeroCount,
        ];
        for (i, fault) in faults.into_iter().enumerate() {
            errors.push(CalendarError::BadLine {
                line: i + 2,
                fault: fault.clone(),
            });
            errors.push(CalendarError::BadEntry {
                index: i + 1,
                fault,
            });
        }
        for error in &errors {
            match error {
                CalendarError::NotCovered { .. }
                | CalendarError::BadLine { .. }
                | CalendarError::BadEntry { .. }
                | CalendarError::NoYears
                | CalendarError::ZeroCount => {}
            }
        }
        errors
    }

    fn campaign_errors() -> Vec<CampaignError> {
        let toml = toml::from_str::<toml::Table>("census = ").unwrap_err();
        let field = || "townships[3].code".to_string();
        let errors = vec![
            CampaignError::Toml(toml),
            CampaignError::Empty { field: field() },
            CampaignError::NotPositive { field: field() },
            CampaignError::TargetsDontAdd {
                holders: 11058,
                medical: 3482,
                visual: 7575,
            },
            CampaignError::BadCountyCode {
                code: "53032".into(),
            },
            CampaignError::BadTownshipCode {
                field: field(),
                code: "53032310200".into(),
            },
            CampaignError::OutsideCounty {
                field: field(),
                code: "530324102000".into(),
                county: "530323".into(),
            },
            CampaignError::Duplicate {
                field: field(),
                value: "zhuji-hc".into(),
            },
            CampaignError::UnknownSite {
                field: field(),
                township: "雄壁镇".into(),
                site: "xiongbi-clinic".into(),
            },
            CampaignError::SiteMismatch {
                field: field(),
                site: "xiongbi-hc".into(),
                township: "竹基镇".into(),
            },
            CampaignError::BadSiteId {
                field: field(),
                id: "Zhuji HC".into(),
            },
            CampaignError::DatesOutOfOrder {
                earlier: "home_visits.start".into(),
                earlier_date: date(),
                later: "home_visits.end".into(),
                later_date: date(),
            },
            CampaignError::BadCategory {
                field: field(),
                category: 9,
            },
            CampaignError::CategoryUncovered { category: 6 },
            CampaignError::UnknownCalendar {
                source_name: "cn-holidays-2099".into(),
            },
            CampaignError::Calendar {
                field: field(),
                source: CalendarError::NotCovered { year: 2023 },
            },
            CampaignError::BadClock {
                field: field(),
                value: "8.30".into(),
            },
        ];
        for error in &errors {
            match error {
                CampaignError::Toml(_)
                | CampaignError::Empty { .. }
                | CampaignError::NotPositive { .. }
                | CampaignError::TargetsDontAdd { .. }
                | CampaignError::BadCountyCode { .. }
                | CampaignError::BadTownshipCode { .. }
                | CampaignError::OutsideCounty { .. }
                | CampaignError::Duplicate { .. }
                | CampaignError::UnknownSite { .. }
                | CampaignError::SiteMismatch { .. }
                | CampaignError::BadSiteId { .. }
                | CampaignError::DatesOutOfOrder { .. }
                | CampaignError::BadCategory { .. }
                | CampaignError::CategoryUncovered { .. }
                | CampaignError::UnknownCalendar { .. }
                | CampaignError::Calendar { .. }
                | CampaignError::BadClock { .. } => {}
            }
        }
        errors
    }

    fn table_errors() -> Vec<TableError> {
        const NAME: ColumnSpec = ColumnSpec {
            key: "name",
            aliases: &["姓名"],
            required: true,
        };
        const ID: ColumnSpec = ColumnSpec {
            key: "id_number",
            aliases: &["身份证号", "身份证号码"],
            required: true,
        };
        let name = || "roster.csv".to_string();
        let errors = vec![
            TableError::Read {
                name: name(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "not found"),
            },
            TableError::Encoding {
                name: name(),
                line: None,
            },
            TableError::Encoding {
                name: name(),
                line: Some(7),
            },
            TableError::LegacyXls {
                name: "roster.xls".into(),
            },
            TableError::Xlsx {
                name: "roster.xlsx".into(),
                detail: "invalid zip header".into(),
            },
            TableError::NoHeader {
                missing: vec![NAME, ID],
            },
            TableError::DuplicateColumn {
                column: ID,
                first: "身份证号".into(),
                second: "身份证号码".into(),
            },
        ];
        for error in &errors {
            match error {
                TableError::Read { .. }
                | TableError::Encoding { .. }
                | TableError::LegacyXls { .. }
                | TableError::Xlsx { .. }
                | TableError::NoHeader { .. }
                | TableError::DuplicateColumn { .. } => {}
            }
        }
        errors
    }

    #[test]
    fn every_calendar_campaign_and_table_error_reads_in_both_languages() {
        for e in calendar_errors() {
            let what = format!("{e:?}");
            assert_both_languages(
                &what,
                e.message(Lang::Zh),
                e.message(Lang::En),
                e.to_string(),
            );
        }
        for e in campaign_errors() {
            let what = format!("{e:?}");
            assert_both_languages(
                &what,
                e.message(Lang::Zh),
                e.message(Lang::En),
                e.to_string(),
            );
        }
        for e in table_errors() {
            let what = format!("{e:?}");
            assert_both_languages(
                &what,
                e.message(Lang::Zh),
                e.message(Lang::En),
                e.to_string(),
            );
        }
    }

    #[test]
    fn nested_and_listed_values_follow_the_language() {
        let fault = CalendarError::BadLine {
            line: 3,
            fault: DayFault::Duplicate(date()),
        };
        assert_eq!(
            fault.message(Lang::Zh),
            "节假日文件第 3 行：2022-04-03 重复出现"
        );
        assert_eq!(
            fault.message(Lang::En),
            "holiday file line 3: 2022-04-03 appears twice"
        );

        let missing = TableError::NoHeader {
            missing: table_errors()
                .into_iter()
                .find_map(|e| match e {
                    TableError::NoHeader { missing } => Some(missing),
                    _ => None,
                })
                .unwrap(),
        };
        assert!(
            missing
                .message(Lang::Zh)
                .contains("缺少列 姓名、身份证号。")
        );
        assert!(
            missing
                .message(Lang::En)
                .contains("姓名 (name), 身份证号 (id_number).")
        );
    }
}
