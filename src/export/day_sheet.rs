//! A site's day sheet: who is expected, by half-day and doctor category, for the
//! table at the clinic. CSV (UTF-8 with BOM, opens in Excel), plain text, or a
//! printed list to tick off (PDF).

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use crate::domain::campaign::Site;
use crate::domain::case::State;
use crate::domain::ids::{Category, IdNumber};
use crate::i18n::{Lang, Localized, Text};
use crate::pdf::{Column, Document, Table, size};
use crate::store::queries::QueueRow;

/// Rows sorted for the sheet: morning first, then by category, then name.
fn ordered(rows: &[QueueRow]) -> Vec<&QueueRow> {
    let mut v: Vec<&QueueRow> = rows.iter().collect();
    v.sort_by(|a, b| {
        (
            a.half_day.as_deref(),
            a.holder.category,
            &a.holder.name,
            &a.holder.id_number,
        )
            .cmp(&(
                b.half_day.as_deref(),
                b.holder.category,
                &b.holder.name,
                &b.holder.id_number,
            ))
    });
    v
}

fn half_label(half: Option<&str>, lang: Lang) -> String {
    match half {
        Some("pm") => Text::Pm.render(lang),
        _ => Text::Am.render(lang),
    }
}

fn category_label(digit: Option<u8>, lang: Lang) -> String {
    digit
        .and_then(Category::from_digit)
        .map(|c| c.local(lang))
        .unwrap_or_default()
}

fn cells(r: &QueueRow, lang: Lang) -> [String; 8] {
    let h = &r.holder;
    [
        half_label(r.half_day.as_deref(), lang),
        category_label(h.category, lang),
        h.name.clone(),
        IdNumber::parse(&h.id_number)
            .map(|i| i.masked())
            .unwrap_or_default(),
        h.township_name.clone(),
        h.village.clone(),
        crate::domain::handover::mask_phone(&h.phone),
        State::parse(&h.state)
            .map(|s| s.local(lang))
            .unwrap_or_default(),
    ]
}

fn header(lang: Lang) -> [String; 8] {
    [
        Text::ColHalfDay,
        Text::ColCategory,
        Text::ColName,
        Text::ColIdNumber,
        Text::ColTownship,
        Text::ColVillage,
        Text::ColPhone,
        Text::ColState,
    ]
    .map(|t| t.render(lang))
}

/// Writes the sheet; the format follows the extension (.csv, else text).
pub fn write(
    path: &Path,
    site: &Site,
    date: NaiveDate,
    rows: &[QueueRow],
    lang: Lang,
) -> std::io::Result<()> {
    let csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let file = std::fs::File::create(path)?;
    let mut out = std::io::BufWriter::new(file);
    if csv {
        out.write_all("\u{FEFF}".as_bytes())?;
        let mut w = csv::Writer::from_writer(out);
        w.write_record(header(lang))?;
        for r in ordered(rows) {
            w.write_record(cells(r, lang))?;
        }
        w.flush()?;
        return Ok(());
    }
    let title = Text::DaySheetTitle {
        site: site.name.clone(),
        date,
        n: rows.len(),
    };
    writeln!(out, "{}", title.render(lang))?;
    let mut group = None;
    for r in ordered(rows) {
        let key = (r.half_day.clone(), r.holder.category);
        if group.as_ref() != Some(&key) {
            let [half, category, ..] = cells(r, lang);
            writeln!(out, "\n{half} · {category}")?;
            group = Some(key);
        }
        let [_, _, rest @ ..] = cells(r, lang);
        writeln!(out, "  {}", rest.join("  "))?;
    }
    out.flush()
}

/// The printed sheet: one table, morning first, with a column to sign in.
pub fn document(site: &Site, date: NaiveDate, rows: &[QueueRow]) -> Document {
    let am = rows
        .iter()
        .filter(|r| r.half_day.as_deref() != Some("pm"))
        .count();
    let mut doc = Document::new(&format!("{} {} 评定名单", site.name, date));
    doc.title(&format!("{}评定名单", site.name))
        .subtitle(&format!(
            "{}　共 {} 人（上午 {} 人，下午 {} 人）",
            super::date_zh(date),
            rows.len(),
            am,
            rows.len() - am
        ));
    let mut table = Table::new(vec![
        Column::centered("序号", 0.8),
        Column::centered("时段", 0.8),
        Column::centered("类别", 0.8),
        Column::new("姓名", 1.3),
        Column::new("身份证号", 2.9),
        Column::new("乡镇", 1.5),
        Column::new("村（社区）", 1.8),
        Column::new("联系电话", 2.0),
        Column::new("签到", 1.6),
    ]);
    table.size = size::SMALL + 1.0;
    for (i, r) in ordered(rows).into_iter().enumerate() {
        let [half, category, name, id, township, village, phone, _] = cells(r, Lang::Zh);
        table.row([
            (i + 1).to_string(),
            half,
            category,
            name,
            id,
            township,
            village,
            phone,
            String::new(),
        ]);
    }
    doc.table(table);
    doc.space_mm(4.0).signature("经办人签字");
    doc
}
