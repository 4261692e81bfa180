//! 上门服务路线单: one day's home visits in driving order, with the planned arrival, the
//! family to find and a column to sign, for the vehicle. ID numbers and telephone numbers
//! are masked as on the other sheets.

use std::path::Path;

use chrono::NaiveDate;

use crate::domain::campaign::Campaign;
use crate::domain::ids::Category;
use crate::i18n::Text;
use crate::pdf::{self, Column, Document, LoadedFont, Table, size};
use crate::store::routes::RouteView;

/// "08:30" from seconds since midnight.
pub fn clock(s: i64) -> String {
    format!("{:02}:{:02}", s / 3600, (s % 3600) / 60)
}

/// The sheet of `date`, or why there is none (no visits that day).
pub fn document(view: &RouteView, campaign: &Campaign, date: NaiveDate) -> Result<Document, Text> {
    let day = view
        .day(date)
        .filter(|d| !d.stops.is_empty())
        .ok_or(Text::RouteSheetEmpty { date })?;
    let depot = campaign
        .home_visit_routing
        .depot
        .as_ref()
        .map_or(String::new(), |d| d.name.clone());
    let mut doc = Document::new(&format!("上门服务路线单 {date}"));
    doc.title("上门服务路线单").subtitle(&format!(
        "{}　{} 户　约 {:.1} 公里",
        super::date_zh(date),
        day.stops.len(),
        day.km,
    ));
    doc.paragraph(&format!(
        "{} 从{depot}出发，约 {} 返回。评定医生：{}",
        clock(day.leave),
        clock(day.back),
        day.doctors.join("、")
    ));
    let mut table = Table::new(vec![
        Column::centered("序号", 0.7),
        Column::centered("到达", 1.0),
        Column::centered("时段", 1.3),
        Column::new("姓名", 1.2),
        Column::new("身份证号", 3.4),
        Column::centered("类别", 0.8),
        Column::new("住址", 1.9),
        Column::new("联系电话", 2.0),
        Column::new("签字", 1.2),
    ]);
    table.size = size::SMALL + 1.0;
    for (i, stop) in day.stops.iter().enumerate() {
        let h = &view.cases[stop.case].holder;
        let phone = if h.phone.is_empty() {
            &h.guardian_phone
        } else {
            &h.phone
        };
        let address = if h.address.is_empty() {
            format!("{}{}", h.township_name, h.village)
        } else {
            h.address.clone()
        };
        let row = &view.cases[stop.case];
        let hours = match row.window {
            None => String::new(),
            Some(w) => crate::domain::home_visit::hours_text(Some(w)).render(crate::i18n::Lang::Zh),
        };
        table.row([
            (i + 1).to_string(),
            clock(stop.arrival),
            hours,
            h.name.clone(),
            super::masked_id(h),
            if row.delivery() {
                "送证".to_string()
            } else {
                h.category
                    .and_then(Category::from_digit)
                    .map_or("新申请".to_string(), |c| c.name_zh().to_string())
            },
            address,
            crate::domain::handover::mask_phone(phone),
            String::new(),
        ]);
    }
    doc.table(table);
    doc.space_mm(4.0).signature("带队人签字");
    Ok(doc)
}

/// Writes the sheet of `date` as a PDF: (pages, visits).
pub fn write_pdf(
    view: &RouteView,
    campaign: &Campaign,
    date: NaiveDate,
    path: &Path,
    font: Option<&str>,
) -> Result<(usize, usize), Text> {
    let doc = document(view, campaign, date)?;
    let stops = view.day(date).map_or(0, |d| d.stops.len());
    let font = LoadedFont::find(font).map_err(|e| e.text())?;
    let written = pdf::write(&doc, &font, path).map_err(|e| e.text())?;
    Ok((written.pages, stops))
}
