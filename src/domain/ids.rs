//! Resident ID numbers (GB 11643-1999) and disability certificate numbers.

use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::str::FromStr;

use super::text::normalize_code_cow;
use crate::i18n::Text;

/// A validated 18-character resident ID number in canonical form (upper-case `X`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdNumber([u8; 18]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("身份证号为空")]
    Empty,
    #[error("15位旧身份证号")]
    OldFifteen,
    #[error("位数不对")]
    Length { len: usize },
    #[error("含非法字符")]
    BadChar { pos: usize, ch: char },
    #[error("地区码不对")]
    BadDivision,
    #[error("出生日期不存在")]
    BadDate { date: String },
    #[error("出生日期在未来或早于1900年")]
    DateOutOfRange { date: String },
    #[error("校验位不对")]
    Checksum { expected: char, found: char },
    #[error("像科学计数法")]
    Scientific,
}

impl IdError {
    pub fn text(&self) -> Text {
        match self {
            IdError::Empty => Text::IdEmpty,
            IdError::OldFifteen => Text::IdOldFifteen,
            IdError::Length { len } => Text::IdLength { len: *len },
            IdError::BadChar { pos, ch } => Text::IdBadChar { pos: *pos, ch: *ch },
            IdError::BadDivision => Text::IdBadDivision,
            IdError::BadDate { date } => Text::IdBadDate { date: date.clone() },
            IdError::DateOutOfRange { date } => Text::IdDateOutOfRange { date: date.clone() },
            IdError::Checksum { expected, found } => Text::IdChecksum {
                expected: *expected,
                found: *found,
            },
            IdError::Scientific => Text::IdScientific,
        }
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// The ISO 7064 MOD 11-2 check character for the first 17 digits.
pub fn check_char(first17: &[u8]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| (d - b'0') as u32 * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize] as char
}

/// The date in characters 7–14 (`YYYYMMDD`, all ASCII digits), if it exists.
fn birth_date(b: &[u8; 18]) -> Option<NaiveDate> {
    let number = |range: std::ops::Range<usize>| {
        b[range]
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
    };
    NaiveDate::from_ymd_opt(number(6..10) as i32, number(10..12), number(12..14))
}

/// Province codes of the mainland, Hong Kong, Macau and Taiwan (GB/T 2260 first two digits).
fn valid_province(code: &[u8]) -> bool {
    matches!(
        (code[0] - b'0') * 10 + (code[1] - b'0'),
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82
    )
}

impl IdNumber {
    /// Parses what a clerk typed or pasted: surrounding spaces, full-width digits and a
    /// lower-case `x` are accepted; everything else must be a valid GB 11643 number.
    pub fn parse(input: &str) -> Result<IdNumber, IdError> {
        Self::parse_on(input, None)
    }

    /// As [`parse`](Self::parse), also refusing birth dates after `today`.
    pub fn parse_on(input: &str, today: Option<NaiveDate>) -> Result<IdNumber, IdError> {
        let s = normalize_code_cow(input);
        if s.is_empty() {
            return Err(IdError::Empty);
        }
        if s.contains(['e', 'E']) && s.contains(['.', '+']) {
            return Err(IdError::Scientific);
        }
        let len = s.chars().count();
        if len == 15 && s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::OldFifteen);
        }
        if len != 18 {
            return Err(IdError::Length { len });
        }
        let mut b = [0u8; 18];
        for (i, ch) in s.chars().enumerate() {
            let ok = ch.is_ascii_digit() || (i == 17 && (ch == 'X' || ch == 'x'));
            if !ok {
                return Err(IdError::BadChar { pos: i + 1, ch });
            }
            b[i] = ch.to_ascii_uppercase() as u8;
        }
        if !valid_province(&b[..2]) || b[2..6] == *b"0000" {
            return Err(IdError::BadDivision);
        }
        let date_str = std::str::from_utf8(&b[6..14]).unwrap_or_default();
        let date = birth_date(&b).ok_or_else(|| IdError::BadDate {
            date: date_str.to_string(),
        })?;
        let too_late = today.is_some_and(|t| date > t);
        if date.year() < 1900 || too_late {
            return Err(IdError::DateOutOfRange {
                date: date.format("%Y-%m-%d").to_string(),
            });
        }
        let expected = check_char(&b[..17]);
        if b[17] as char != expected {
            return Err(IdError::Checksum {
                expected,
                found: b[17] as char,
            });
        }
        Ok(IdNumber(b))
    }

    /// Builds a valid number from its parts, computing the check character.
    pub fn compose(division: &str, birth: NaiveDate, sequence: u16) -> Option<IdNumber> {
        if division.len() != 6 || !division.bytes().all(|b| b.is_ascii_digit()) || sequence > 999 {
            return None;
        }
        let body = format!("{division}{}{sequence:03}", birth.format("%Y%m%d"));
        let check = check_char(body.as_bytes());
        IdNumber::parse(&format!("{body}{check}")).ok()
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII by construction")
    }

    pub fn division_code(&self) -> &str {
        &self.as_str()[..6]
    }

    pub fn birth_date(&self) -> NaiveDate {
        birth_date(&self.0).expect("validated on parse")
    }

    pub fn sequence(&self) -> u16 {
        self.as_str()[14..17].parse().expect("validated on parse")
    }

    pub fn sex(&self) -> Sex {
        if self.sequence() % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// `530323********123X`: enough to tell two people apart at a table, nothing more.
    pub fn masked(&self) -> String {
        let s = self.as_str();
        format!("{}********{}", &s[..6], &s[14..])
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

impl FromStr for IdNumber {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IdNumber::parse(s)
    }
}

/// Disability categories of GB/T 26341-2010 with their certificate digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Visual = 1,
    Hearing = 2,
    Speech = 3,
    Physical = 4,
    Intellectual = 5,
    Mental = 6,
    Multiple = 7,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Visual,
        Category::Hearing,
        Category::Speech,
        Category::Physical,
        Category::Intellectual,
        Category::Mental,
        Category::Multiple,
    ];

    pub fn digit(self) -> u8 {
        self as u8
    }

    pub fn from_digit(d: u8) -> Option<Category> {
        Category::ALL.get((d as usize).wrapping_sub(1)).copied()
    }

    /// The short Chinese name used on registers: 视力, 听力 …
    pub fn name_zh(self) -> &'static str {
        ["视力", "听力", "言语", "肢体", "智力", "精神", "多重"][self as usize - 1]
    }

    pub fn name_en(self) -> &'static str {
        [
            "visual",
            "hearing",
            "speech",
            "physical",
            "intellectual",
            "mental",
            "multiple",
        ][self as usize - 1]
    }

    /// Accepts `4`, `肢体`, `肢体残疾`, `physical` (and full-width variants).
    pub fn parse(input: &str) -> Option<Category> {
        if let Some(c) = Category::ALL.into_iter().find(|c| c.name_zh() == input) {
            return Some(c);
        }
        let s = normalize_code_cow(input);
        if let Ok(d) = s.parse::<u8>() {
            return Category::from_digit(d);
        }
        let s = s.trim_end_matches("残疾").trim_end_matches("类");
        let lower = s.to_ascii_lowercase();
        Category::ALL
            .into_iter()
            .find(|c| c.name_zh() == s || c.name_en() == lower)
            .or(match s {
                "视力残" | "盲" => Some(Category::Visual),
                "听力言语" | "聋" => Some(Category::Hearing),
                "智障" => Some(Category::Intellectual),
                "精神病" => Some(Category::Mental),
                _ => None,
            })
    }
}

/// Disability grade: 一级 (most severe) … 四级.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Grade(u8);

impl Grade {
    pub const ALL: [Grade; 4] = [Grade(1), Grade(2), Grade(3), Grade(4)];

    pub fn from_digit(d: u8) -> Option<Grade> {
        (1..=4).contains(&d).then_some(Grade(d))
    }

    pub fn digit(self) -> u8 {
        self.0
    }

    pub fn name_zh(self) -> &'static str {
        ["一级", "二级", "三级", "四级"][self.0 as usize - 1]
    }

    /// Accepts `2`, `二级`, `二`, `贰级`, `2级`, `II`, `grade 2`.
    pub fn parse(input: &str) -> Option<Grade> {
        if let Some(g) = Grade::ALL.into_iter().find(|g| g.name_zh() == input) {
            return Some(g);
        }
        let s = normalize_code_cow(input).to_ascii_lowercase();
        let s = s.trim_start_matches("grade").trim_end_matches('级');
        let d = match s {
            "1" | "一" | "壹" | "i" => 1,
            "2" | "二" | "贰" | "ii" => 2,
            "3" | "三" | "叁" | "iii" => 3,
            "4" | "四" | "肆" | "iv" => 4,
            _ => return None,
        };
        Grade::from_digit(d)
    }
}

impl crate::i18n::Localized for Grade {
    fn local(&self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Zh => self.name_zh().to_string(),
            crate::i18n::Lang::En => format!("grade {}", self.0),
        }
    }
}

impl crate::i18n::Localized for Category {
    fn local(&self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Zh => self.name_zh().to_string(),
            crate::i18n::Lang::En => self.name_en().to_string(),
        }
    }
}

/// Stored and exchanged as the certificate digit, as the CLI contract has it.
impl serde::Serialize for Category {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.digit())
    }
}

impl<'de> serde::Deserialize<'de> for Category {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let digit = u8::deserialize(d)?;
        Category::from_digit(digit)
            .ok_or_else(|| serde::de::Error::custom(format!("category digit {digit}")))
    }
}

impl serde::Serialize for Grade {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Grade {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let digit = u8::deserialize(d)?;
        Grade::from_digit(digit)
            .ok_or_else(|| serde::de::Error::custom(format!("grade digit {digit}")))
    }
}

/// A certificate number (残疾人证号): ID number, category digit, grade digit.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct CertNumber {
    pub id: IdNumber,
    pub category: Category,
    pub grade: Grade,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertError {
    #[error("残疾人证号为空")]
    Empty,
    #[error("残疾人证号位数不对")]
    Length { len: usize },
    #[error("残疾人证号中的身份证号有误")]
    Id(IdError),
    #[error("残疾类别位不对")]
    Category { digit: char },
    #[error("残疾等级位不对")]
    Grade { digit: char },
    #[error("残疾人证号与身份证号、类别、等级不一致")]
    Mismatch { expected: String },
}

impl CertError {
    pub fn text(&self) -> Text {
        match self {
            CertError::Empty => Text::CertEmpty,
            CertError::Length { len } => Text::CertLength { len: *len },
            CertError::Id(e) => Text::CertBadId {
                reason: e.text().to_string(),
            },
            CertError::Category { digit } => Text::CertBadCategory { digit: *digit },
            CertError::Grade { digit } => Text::CertBadGrade { digit: *digit },
            CertError::Mismatch { expected } => Text::CertMismatch {
                expected: expected.clone(),
            },
        }
    }
}

impl CertNumber {
    pub fn new(id: IdNumber, category: Category, grade: Grade) -> CertNumber {
        CertNumber {
            id,
            category,
            grade,
        }
    }

    /// The ID part masked as [`IdNumber::masked`] does, category and grade kept.
    pub fn masked(&self) -> String {
        format!(
            "{}{}{}",
            self.id.masked(),
            self.category.digit(),
            self.grade.digit()
        )
    }

    pub fn parse(input: &str) -> Result<CertNumber, CertError> {
        let s = normalize_code_cow(input);
        if s.is_empty() {
            return Err(CertError::Empty);
        }
        let len = s.chars().count();
        if len != 20 || !s.is_ascii() {
            return Err(CertError::Length { len });
        }
        let id = IdNumber::parse(&s[..18]).map_err(CertError::Id)?;
        let digit = |i: usize| s.as_bytes()[i] as char;
        let category = digit(18)
            .to_digit(10)
            .and_then(|d| Category::from_digit(d as u8))
            .ok_or(CertError::Category { digit: digit(18) })?;
        let grade = digit(19)
            .to_digit(10)
            .and_then(|d| Grade::from_digit(d as u8))
            .ok_or(CertError::Grade { digit: digit(19) })?;
        Ok(CertNumber::new(id, category, grade))
    }

    /// Parses and checks that the number is exactly `id + category + grade`.
    pub fn parse_for(
        input: &str,
        id: &IdNumber,
        category: Category,
        grade: Grade,
    ) -> Result<CertNumber, CertError> {
        let expected = CertNumber::new(*id, category, grade);
        if normalize_code_cow(input).as_bytes() == expected.bytes() {
            return Ok(expected);
        }
        let cert = CertNumber::parse(input).map_err(|e| match e {
            CertError::Length { .. } | CertError::Id(_) => CertError::Mismatch {
                expected: expected.to_string(),
            },
            other => other,
        })?;
        if cert != expected {
            return Err(CertError::Mismatch {
                expected: expected.to_string(),
            });
        }
        Ok(cert)
    }
}

impl CertNumber {
    /// The number's 20 ASCII characters.
    pub fn bytes(&self) -> [u8; 20] {
        let mut b = [0u8; 20];
        b[..18].copy_from_slice(&self.id.0);
        b[18] = b'0' + self.category.digit();
        b[19] = b'0' + self.grade.digit();
        b
    }
}

impl fmt::Display for CertNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(std::str::from_utf8(&self.bytes()).expect("ASCII by construction"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    const GOOD: &str = "53032319800101019X";

    fn good() -> IdNumber {
        IdNumber::parse(GOOD).unwrap()
    }

    #[test]
    fn check_character_follows_mod_11_2() {
        // GB 11643 worked example.
        assert_eq!(check_char(b"11010519491231002"), 'X');
        assert_eq!(check_char(b"44052418800101001"), '4');
        assert_eq!(check_char(b"53032319800101001"), '8');
        assert_eq!(check_char(b"53032319800101019"), 'X');
    }

    #[test]
    fn accepts_lowercase_x_full_width_and_spaces() {
        for input in [
            GOOD,
            "53032319800101019x",
            "  53032319800101019X\t",
            "５３０３２３１９８００１０１０１９ｘ",
            "　530323 19800101 019X ",
        ] {
            assert_eq!(IdNumber::parse(input).unwrap().as_str(), GOOD, "{input:?}");
        }
    }

    #[test]
    fn derives_sex_birth_date_and_division() {
        let id = good();
        assert_eq!(id.sex(), Sex::Male);
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1980, 1, 1).unwrap()
        );
        assert_eq!(id.division_code(), "530323");
        let woman =
            IdNumber::compose("530323", NaiveDate::from_ymd_opt(1975, 6, 30).unwrap(), 2).unwrap();
        assert_eq!(woman.sex(), Sex::Female);
        assert_eq!(
            woman.masked(),
            format!("530323********{}", &woman.as_str()[14..])
        );
    }

    #[test]
    fn rejects_every_kind_of_bad_number_with_a_reason() {
        let cases: &[(&str, IdError)] = &[
            ("", IdError::Empty),
            ("   ", IdError::Empty),
            ("530323800101001", IdError::OldFifteen),
            ("5303231980010100", IdError::Length { len: 16 }),
            ("53032319800101001XX", IdError::Length { len: 19 }),
            ("53032319800101X01X", IdError::BadChar { pos: 15, ch: 'X' }),
            ("5303231980O101001X", IdError::BadChar { pos: 11, ch: 'O' }),
            ("990323198001010012", IdError::BadDivision),
            (
                "530323198002300010",
                IdError::BadDate {
                    date: "19800230".into(),
                },
            ),
            (
                "530323180001010010",
                IdError::DateOutOfRange {
                    date: "1800-01-01".into(),
                },
            ),
            (
                "530323198001010011",
                IdError::Checksum {
                    expected: '8',
                    found: '1',
                },
            ),
            ("5.30323198001011E+17", IdError::Scientific),
        ];
        for (input, want) in cases {
            assert_eq!(IdNumber::parse(input).unwrap_err(), *want, "{input:?}");
        }
    }

    #[test]
    fn rejects_a_birth_date_in_the_future() {
        let id =
            IdNumber::compose("530323", NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(), 11).unwrap();
        let today = NaiveDate::from_ymd_opt(2022, 3, 15);
        assert!(matches!(
            IdNumber::parse_on(id.as_str(), today),
            Err(IdError::DateOutOfRange { .. })
        ));
    }

    #[test]
    fn leap_day_is_a_real_date_only_in_leap_years() {
        let leap = "53032320000229001";
        let leap = format!("{leap}{}", check_char(leap.as_bytes()));
        assert!(IdNumber::parse(&leap).is_ok());
        let not_leap = "53032319990229001";
        let not_leap = format!("{not_leap}{}", check_char(not_leap.as_bytes()));
        assert!(matches!(
            IdNumber::parse(&not_leap),
            Err(IdError::BadDate { .. })
        ));
    }

    #[test]
    fn reasons_read_in_chinese_and_english() {
        let e = IdNumber::parse("530323800101001").unwrap_err();
        assert!(e.text().render(Lang::Zh).contains("15位"));
        assert!(e.text().render(Lang::En).contains("15-digit"));
        let e = IdNumber::parse("530323198001010011").unwrap_err();
        assert!(e.text().render(Lang::Zh).contains("校验位"));
        assert!(e.text().render(Lang::Zh).contains('8'));
    }

    #[test]
    fn categories_accept_the_spellings_clerks_type() {
        for (input, want) in [
            ("4", Category::Physical),
            ("肢体", Category::Physical),
            ("肢体残疾", Category::Physical),
            ("４", Category::Physical),
            (" 精神残疾 ", Category::Mental),
            ("多重", Category::Multiple),
            ("视力", Category::Visual),
            ("Hearing", Category::Hearing),
        ] {
            assert_eq!(Category::parse(input), Some(want), "{input:?}");
        }
        for bad in ["0", "8", "肢", "残疾", "", "心理"] {
            assert_eq!(Category::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Category::Intellectual.name_zh(), "智力");
        assert_eq!(Category::Multiple.digit(), 7);
    }

    #[test]
    fn grades_accept_the_spellings_clerks_type() {
        for (input, want) in [
            ("二级", 2),
            ("2", 2),
            ("二", 2),
            ("２级", 2),
            ("一级", 1),
            ("四级", 4),
        ] {
            assert_eq!(
                Grade::parse(input).map(Grade::digit),
                Some(want),
                "{input:?}"
            );
        }
        for bad in ["0", "5", "五级", "", "特级"] {
            assert_eq!(Grade::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn certificate_number_is_id_category_grade() {
        let cert = CertNumber::parse(&format!("{GOOD}42")).unwrap();
        assert_eq!(cert.id, good());
        assert_eq!(cert.category, Category::Physical);
        assert_eq!(cert.grade.digit(), 2);
        assert_eq!(cert.to_string(), format!("{GOOD}42"));
        let lower = format!("{}x42", &GOOD[..17]);
        assert_eq!(CertNumber::parse(&lower).unwrap(), cert);
    }

    #[test]
    fn certificate_number_errors() {
        assert_eq!(CertNumber::parse(""), Err(CertError::Empty));
        assert_eq!(CertNumber::parse(GOOD), Err(CertError::Length { len: 18 }));
        assert_eq!(
            CertNumber::parse(&format!("{GOOD}82")),
            Err(CertError::Category { digit: '8' })
        );
        assert_eq!(
            CertNumber::parse(&format!("{GOOD}45")),
            Err(CertError::Grade { digit: '5' })
        );
        assert!(matches!(
            CertNumber::parse("53032319800101001142"),
            Err(CertError::Id(IdError::Checksum { .. }))
        ));
    }

    #[test]
    fn certificate_must_match_id_category_and_grade() {
        let id = good();
        let ok = CertNumber::parse_for(
            &format!("{GOOD}42"),
            &id,
            Category::Physical,
            Grade::from_digit(2).unwrap(),
        );
        assert!(ok.is_ok());
        let wrong_grade = CertNumber::parse_for(
            &format!("{GOOD}43"),
            &id,
            Category::Physical,
            Grade::from_digit(2).unwrap(),
        );
        assert_eq!(
            wrong_grade,
            Err(CertError::Mismatch {
                expected: format!("{GOOD}42")
            })
        );
        let other =
            IdNumber::compose("530323", NaiveDate::from_ymd_opt(1990, 5, 5).unwrap(), 21).unwrap();
        let wrong_person = CertNumber::parse_for(
            &format!("{other}42"),
            &id,
            Category::Physical,
            Grade::from_digit(2).unwrap(),
        );
        assert!(matches!(wrong_person, Err(CertError::Mismatch { .. })));
    }

    #[test]
    fn a_masked_certificate_number_hides_what_the_masked_id_hides() {
        let id =
            IdNumber::compose("530323", NaiveDate::from_ymd_opt(1980, 1, 1).unwrap(), 7).unwrap();
        let cert = CertNumber::new(id, Category::Physical, Grade::from_digit(2).unwrap());
        assert_eq!(cert.masked(), format!("{}42", id.masked()));
        assert!(!cert.masked().contains("19800101"));
    }
}
