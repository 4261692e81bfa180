//! A titled table written as the county keeps its registers: .xlsx (A4 landscape,
//! title across the top, header repeated on every printed page, thin borders) or
//! .csv (UTF-8 with BOM, so Excel opens the Chinese right).

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use unicode_width::UnicodeWidthStr;

use crate::i18n::Text;
use crate::pdf::{self, Column, Document, LoadedFont, PageSetup, Table, mm};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub title: String,
    /// A line under the title (township, date range, unit).
    pub subtitle: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Lines under the table: 经办人、审核人、盖章 ….
    pub footer: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Csv(#[from] csv::Error),
    #[error("{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("unsupported file type")]
    Format { ext: String },
    #[error("{}", .0.text())]
    Pdf(#[from] pdf::PdfError),
    #[error("{}", .0.text())]
    Font(#[from] pdf::FontError),
}

impl SheetError {
    pub fn text(&self, path: &Path) -> Text {
        match self {
            SheetError::Format { ext } => Text::UnsupportedExport {
                ext: ext.clone(),
                allowed: ".xlsx .csv .pdf".into(),
            },
            SheetError::Pdf(e) => e.text(),
            SheetError::Font(e) => e.text(),
            other => Text::CannotWrite {
                path: path.display().to_string(),
                detail: other.to_string(),
            },
        }
    }
}

impl Sheet {
    /// Writes `path`; the format follows its extension. A PDF uses `font` (a path,
    /// `FILE#FACE`), else the system's Chinese font.
    pub fn write(&self, path: &Path, font: Option<&str>) -> Result<(), SheetError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => self.write_xlsx(path),
            "csv" => self.write_csv(path),
            "pdf" => {
                let font = LoadedFont::find(font)?;
                pdf::write(&self.document(), &font, path)?;
                Ok(())
            }
            _ => Err(SheetError::Format { ext }),
        }
    }

    /// The sheet as a printed form: A4 landscape, the table breaking across pages
    /// with its header repeated, the signature lines under it, page numbers.
    pub fn document(&self) -> Document {
        let mut doc = Document::new(&self.title);
        let a4 = PageSetup::a4();
        doc.page = PageSetup {
            width: a4.height,
            height: a4.width,
            top: mm(15.0),
            bottom: mm(15.0),
            left: mm(15.0),
            right: mm(15.0),
        };
        doc.title(&self.title);
        if !self.subtitle.is_empty() {
            doc.subtitle(&self.subtitle);
        }
        // Each column as wide as its widest cell; a long header may wrap instead.
        let columns = self
            .header
            .iter()
            .enumerate()
            .map(|(c, h)| {
                let cells = self.rows.iter().filter_map(|r| r.get(c)).map(|s| s.width());
                let widest = cells.max().unwrap_or(0).max(h.width().min(8)).max(4);
                Column::new(h, (widest + 2) as f32)
            })
            .collect();
        let mut table = Table::new(columns);
        table.size = crate::pdf::size::SMALL;
        for row in &self.rows {
            table.row(row.iter().cloned());
        }
        doc.table(table);
        for line in &self.footer {
            doc.space_mm(6.0);
            doc.paragraph(line);
        }
        doc
    }

    fn write_csv(&self, path: &Path) -> Result<(), SheetError> {
        let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
        file.write_all("\u{FEFF}".as_bytes())?;
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(file);
        w.write_record([&self.title])?;
        if !self.subtitle.is_empty() {
            w.write_record([&self.subtitle])?;
        }
        w.write_record(&self.header)?;
        for row in &self.rows {
            w.write_record(row)?;
        }
        for line in &self.footer {
            w.write_record([line])?;
        }
        w.flush()?;
        Ok(())
    }

    fn write_xlsx(&self, path: &Path) -> Result<(), SheetError> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let columns = self.header.len().max(1) as u16;
        let title = Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let plain = Format::new();
        let head = Format::new()
            .set_bold()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        sheet.set_paper_size(9); // A4
        sheet.set_landscape();
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_footer("&C第 &P 页 / 共 &N 页");
        sheet.merge_range(0, 0, 0, columns - 1, &self.title, &title)?;
        sheet.set_row_height(0, 30)?;
        let mut row: u32 = 1;
        if !self.subtitle.is_empty() {
            sheet.merge_range(1, 0, 1, columns - 1, &self.subtitle, &plain)?;
            row = 2;
        }
        let header_row = row;
        for (c, text) in self.header.iter().enumerate() {
            sheet.write_string_with_format(row, c as u16, text, &head)?;
        }
        sheet.set_repeat_rows(header_row, header_row)?;
        row += 1;
        for r in &self.rows {
            for c in 0..self.header.len() {
                let text = r.get(c).map_or("", String::as_str);
                sheet.write_string_with_format(row, c as u16, text, &cell)?;
            }
            sheet.set_row_height(row, 22)?;
            row += 1;
        }
        row += 1;
        for line in &self.footer {
            sheet.merge_range(row, 0, row, columns - 1, line, &plain)?;
            row += 1;
        }
        for (c, width) in self.column_widths().into_iter().enumerate() {
            sheet.set_column_width(c as u16, width as f64)?;
        }
        book.save(path)?;
        Ok(())
    }

    /// Each column as wide as its widest cell (display columns; Chinese counts two).
    fn column_widths(&self) -> Vec<usize> {
        (0..self.header.len())
            .map(|c| {
                let cells = self.rows.iter().filter_map(|r| r.get(c));
                let widest = cells
                    .map(|s| s.width())
                    .chain(std::iter::once(self.header[c].width()))
                    .max()
                    .unwrap_or(4);
                widest.clamp(4, 40) + 2
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        Sheet {
            title: "发放登记表".into(),
            subtitle: "雄壁镇".into(),
            header: vec!["序号".into(), "姓名".into(), "签字".into()],
            rows: vec![vec!["1".into(), "张三".into(), String::new()]],
            footer: vec!["经办人：".into()],
        }
    }

    #[test]
    fn csv_opens_in_excel_with_title_header_rows_and_footer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        sheet().write(&path, None).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with('\u{FEFF}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{FEFF}').lines().collect();
        assert_eq!(
            lines,
            [
                "发放登记表",
                "雄壁镇",
                "序号,姓名,签字",
                "1,张三,",
                "经办人："
            ]
        );
    }

    #[test]
    fn xlsx_is_written_and_other_types_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.xlsx");
        sheet().write(&path, None).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
        let err = sheet().write(&dir.path().join("r.doc"), None).unwrap_err();
        assert!(matches!(err, SheetError::Format { .. }));
        assert!(err.text(&path).to_string().contains(".xlsx"));
    }

    #[test]
    fn widths_count_chinese_as_two_columns() {
        let widths = sheet().column_widths();
        assert_eq!(widths, [6, 6, 6]);
    }
}
