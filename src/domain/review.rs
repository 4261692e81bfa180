//! 复核 and 异地评定 as typed: the finding (category and grade, or not disabled) and
//! the review fee the applicant pays. Pure checks; the case rules are in `case`.

use super::case::Finding;
use super::ids::{Category, Grade};
use super::text::normalize;
use crate::i18n::Text;

/// A finding from `--category` / `--grade` or `--not-disabled`.
pub fn finding(
    category: Option<&str>,
    grade: Option<&str>,
    not_disabled: bool,
) -> Result<Finding, Text> {
    match (category, grade, not_disabled) {
        (None, None, true) => Ok(Finding::NotDisabled),
        (Some(c), Some(g), false) => Ok(Finding::Disabled {
            category: Category::parse(c).ok_or_else(|| Text::CategoryUnknown {
                value: c.to_string(),
            })?,
            grade: Grade::parse(g).ok_or_else(|| Text::GradeUnknown {
                value: g.to_string(),
            })?,
        }),
        _ => Err(Text::FindingNeeded),
    }
}

/// The fee in yuan as written on the receipt: a positive amount with at most two
/// decimals. Returns it as recorded.
pub fn fee(input: &str) -> Result<String, Text> {
    let s = normalize(input);
    let bad = || Text::FeeInvalid { value: s.clone() };
    let (whole, cents) = s.split_once('.').unwrap_or((&s, ""));
    let digits = |p: &str| p.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(cents) || cents.len() > 2 {
        return Err(bad());
    }
    if s.chars().all(|c| c == '0' || c == '.') {
        return Err(bad());
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_is_a_category_and_grade_or_not_disabled() {
        assert_eq!(
            finding(Some("肢体"), Some("三级"), false),
            Ok(Finding::Disabled {
                category: Category::Physical,
                grade: Grade::from_digit(3).unwrap()
            })
        );
        assert_eq!(finding(None, None, true), Ok(Finding::NotDisabled));
        assert_eq!(finding(Some("4"), None, false), Err(Text::FindingNeeded));
        assert_eq!(
            finding(Some("4"), Some("3"), true),
            Err(Text::FindingNeeded)
        );
        assert!(matches!(
            finding(Some("九"), Some("3"), false),
            Err(Text::CategoryUnknown { .. })
        ));
    }

    #[test]
    fn the_fee_is_an_amount_in_yuan() {
        assert_eq!(fee(" 120 "), Ok("120".to_string()));
        assert_eq!(fee("85.50"), Ok("85.50".to_string()));
        for bad in ["", "0", "0.00", "12.345", "一百", "-5", "1e3"] {
            assert!(fee(bad).is_err(), "{bad}");
        }
    }
}
