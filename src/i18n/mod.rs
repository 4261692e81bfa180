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
localized_as_display!(String, &str, usize, u8, u32, u64, i64, char);

impl Localized for chrono::NaiveDate {
    fn local(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.format("%Y年%-m月%-d日").to_string(),
            Lang::En => self.format("%Y-%m-%d").to_string(),
        }
    }
}

impl Localized for crate::domain::calendar::CalendarError {
    fn local(&self, lang: Lang) -> String {
        self.message(lang)
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
