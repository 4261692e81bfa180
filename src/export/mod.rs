//! Files out. Personal numbers are masked in every export until the leader role
//! exists to approve a full one.

pub mod day_sheet;
pub mod notice_list;
pub mod notices;
pub mod registers;
pub mod review_form;
pub mod route_sheet;
pub mod sheet;
pub mod statement;

use chrono::{Datelike, NaiveDate};

use crate::domain::ids::{CertNumber, Grade, IdNumber};
use crate::store::holders::HolderRow;

/// `530323********123X`, also for a number that fails its check digit.
fn mask(number: &str) -> String {
    if number.len() >= 18 && number.is_ascii() {
        format!("{}********{}", &number[..6], &number[14..])
    } else {
        number.to_string()
    }
}

pub(crate) fn masked_id(h: &HolderRow) -> String {
    IdNumber::parse(&h.id_number)
        .map(|i| i.masked())
        .unwrap_or_else(|_| mask(&h.id_number))
}

pub(crate) fn masked_cert(h: &HolderRow) -> String {
    match &h.cert_number {
        Some(c) => CertNumber::parse(c)
            .map(|c| c.masked())
            .unwrap_or_else(|_| mask(c)),
        None => "—".to_string(),
    }
}

/// `肢体二级`.
pub(crate) fn category_grade(h: &HolderRow) -> String {
    let category = h
        .category
        .and_then(crate::domain::ids::Category::from_digit)
        .map_or("", |c| c.name_zh());
    let grade = h
        .grade
        .and_then(Grade::from_digit)
        .map_or("", |g| g.name_zh());
    format!("{category}{grade}")
}

/// `2022年4月7日（星期四）`.
pub(crate) fn date_zh(d: NaiveDate) -> String {
    let weekday =
        ["一", "二", "三", "四", "五", "六", "日"][d.weekday().num_days_from_monday() as usize];
    format!(
        "{}年{}月{}日（星期{weekday}）",
        d.year(),
        d.month(),
        d.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_on_a_chinese_form() {
        let d = NaiveDate::from_ymd_opt(2022, 4, 7).unwrap();
        assert_eq!(date_zh(d), "2022年4月7日（星期四）");
    }

    #[test]
    fn numbers_that_fail_their_check_are_masked_all_the_same() {
        assert_eq!(mask("530323198001010000"), "530323********0000");
        assert_eq!(mask("53032319800101000042"), "530323********000042");
    }
}
