//! 公示名单: the township's people whose assessment changed their certificate (or gave a
//! new applicant one), posted in their village for the notice period, with where to
//! object. No ID numbers: the list hangs on a public board.

use chrono::{Datelike, NaiveDate};

use super::category_grade;
use super::sheet::Sheet;
use crate::domain::campaign::{Campaign, Township};
use crate::domain::case::{Basis, Finding, Outcome, PublicNotice};
use crate::pdf::{Block, Column, Document, Paragraph, Table, size};
use crate::store::public_notice::NoticeListRow;

pub const TITLE: &str = "第三代残疾人证（智能化）评定结果公示名单";
pub const NOT_STARTED: &str = "待定";

/// `2022年3月28日至4月1日`.
pub fn period(notice: Option<PublicNotice>) -> String {
    let Some(n) = notice else {
        return NOT_STARTED.to_string();
    };
    let day = |d: NaiveDate| format!("{}月{}日", d.month(), d.day());
    let end = if n.end.year() == n.start.year() {
        day(n.end)
    } else {
        format!("{}年{}", n.end.year(), day(n.end))
    };
    format!("{}年{}至{end}", n.start.year(), day(n.start))
}

/// The result as the list says it: the new category and grade (or not disabled), and
/// what it changes.
fn result(row: &NoticeListRow) -> (String, String) {
    let case = &row.case;
    let found = match case.assessment.as_ref().map(|a| a.finding) {
        Some(Finding::Disabled { category, grade }) => {
            format!("{}{}", category.name_zh(), grade.name_zh())
        }
        Some(Finding::NotDisabled) => "非残疾".to_string(),
        None => String::new(),
    };
    let change = match (case.basis, case.outcome, case.certificate) {
        (Basis::New, _, _) => "新申请".to_string(),
        (_, Some(Outcome::Changed), Some((c, g))) => format!("原{}{}", c.name_zh(), g.name_zh()),
        _ => category_grade(&row.holder),
    };
    (found, change)
}

const HEADER: [&str; 7] = [
    "序号",
    "姓名",
    "性别",
    "村（社区）",
    "评定结果",
    "原证",
    "公示期",
];
const WEIGHTS: [f32; 7] = [0.7, 1.0, 0.7, 1.3, 1.2, 1.2, 2.8];

/// The table's rows, in the order given.
fn cells(rows: &[NoticeListRow]) -> Vec<Vec<String>> {
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let (found, change) = result(row);
            vec![
                (i + 1).to_string(),
                row.holder.name.clone(),
                sex(&row.holder.sex).to_string(),
                row.holder.village.clone(),
                found,
                change,
                period(row.case.public_notice),
            ]
        })
        .collect()
}

fn where_to_object(campaign: &Campaign, township: &Township) -> String {
    let office = if campaign.contact.office.trim().is_empty() {
        format!("{}残联", campaign.county.name)
    } else {
        campaign.contact.office.clone()
    };
    let phone = if campaign.contact.phone.trim().is_empty() {
        "__________________".to_string()
    } else {
        campaign.contact.phone.clone()
    };
    format!(
        "公示期内，对公示结果有异议的，请以实名向{}残联或{office}反映（联系电话：{phone}）。异议经核实的，转由专家委员会复核；公示期满无异议的，按程序制发第三代残疾人证。",
        township.name
    )
}

/// The same list as a sheet (.xlsx, .csv), where to object under it.
pub fn sheet(rows: &[NoticeListRow], campaign: &Campaign, township: &Township) -> Sheet {
    Sheet {
        title: format!("{}{TITLE}", township.name),
        subtitle: format!(
            "公示期 {} 个工作日",
            campaign.rules.public_notice_working_days
        ),
        header: HEADER.iter().map(|h| h.to_string()).collect(),
        rows: cells(rows),
        footer: vec![
            where_to_object(campaign, township),
            format!("{}残疾人联合会（盖章）", campaign.county.name),
        ],
    }
}

fn sex(s: &str) -> &'static str {
    if s == "female" { "女" } else { "男" }
}

pub fn document(rows: &[NoticeListRow], campaign: &Campaign, township: &Township) -> Document {
    let title = format!("{}{TITLE}", township.name);
    let mut doc = Document::new(&title);
    doc.title(&title);
    // One batch (the usual case): its period under the title, once.
    let periods: std::collections::BTreeSet<String> =
        rows.iter().map(|r| period(r.case.public_notice)).collect();
    if let [one] = periods.iter().collect::<Vec<_>>()[..] {
        doc.subtitle(&format!("公示期：{one}"));
    }
    let days = campaign.rules.public_notice_working_days;
    doc.push(Block::Paragraph(
        Paragraph::body(&format!(
            "根据《残疾人证管理办法》第九条和《{}工作实施方案》，下列人员经医学评定，残疾类别或等级有变化，或为新申请评定为残疾，现予公示，公示期为{days}个工作日。",
            campaign.name
        ))
        .sized(size::BODY),
    ));
    doc.space_mm(2.0);
    let mut table = Table::new(
        HEADER
            .iter()
            .zip(WEIGHTS)
            .map(|(h, w)| match *h {
                "序号" | "性别" => Column::centered(h, w),
                _ => Column::new(h, w),
            })
            .collect(),
    );
    for row in cells(rows) {
        table.row(row);
    }
    doc.table(table);
    doc.space_mm(3.0);
    doc.push(Block::Paragraph(
        Paragraph::body(&where_to_object(campaign, township)).sized(size::BODY),
    ));
    doc.stamp(&[
        &format!("{}残疾人联合会", campaign.county.name),
        "　　年　　月　　日",
    ]);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, day).unwrap()
    }

    #[test]
    fn the_period_reads_as_on_a_board() {
        assert_eq!(
            period(Some(PublicNotice {
                start: d(3, 28),
                end: d(4, 1)
            })),
            "2022年3月28日至4月1日"
        );
        assert_eq!(period(None), NOT_STARTED);
    }
}
