//! `FILE.rejects.csv`: one line per problem, with the row number the clerk sees in
//! Excel, the column and the reason. UTF-8 with a BOM so Excel opens it in Chinese.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::domain::holder::Column;
use crate::i18n::{Lang, Text};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    pub row: usize,
    /// The column's header as a county roster names it; empty for the whole row.
    pub column: &'static str,
    pub reason: Text,
    pub value: String,
}

impl Reject {
    pub fn cell(row: usize, column: Column, reason: Text, value: &str) -> Reject {
        Reject {
            row,
            column: column.header_zh(),
            reason,
            value: value.trim().to_string(),
        }
    }

    pub fn row(row: usize, reason: Text) -> Reject {
        Reject {
            row,
            column: "",
            reason,
            value: String::new(),
        }
    }

    pub fn named(row: usize, column: &'static str, reason: Text, value: &str) -> Reject {
        Reject {
            row,
            column,
            reason,
            value: value.trim().to_string(),
        }
    }
}

pub struct RejectsFile {
    path: PathBuf,
    lang: Lang,
    lines: Vec<Reject>,
}

/// `roster.xlsx` → `roster.xlsx.rejects.csv`, beside it.
pub fn path_for(input: &Path) -> PathBuf {
    let mut name = input.as_os_str().to_owned();
    name.push(".rejects.csv");
    PathBuf::from(name)
}

impl RejectsFile {
    pub fn new(input: &Path, lang: Lang) -> RejectsFile {
        RejectsFile {
            path: path_for(input),
            lang,
            lines: Vec::new(),
        }
    }

    pub fn push(&mut self, r: Reject) {
        self.lines.push(r);
    }

    pub fn extend(&mut self, rs: impl IntoIterator<Item = Reject>) {
        self.lines.extend(rs);
    }

    /// Writes the file, or removes a stale one from an earlier run when nothing was
    /// rejected, so an old list is never mistaken for the new one. Returns its path.
    pub fn write(&self) -> std::io::Result<Option<String>> {
        if self.lines.is_empty() {
            match std::fs::remove_file(&self.path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => return Ok(None),
            }
        }
        let file = std::fs::File::create(&self.path)?;
        let mut out = std::io::BufWriter::new(file);
        out.write_all("\u{FEFF}".as_bytes())?;
        let mut w = csv::Writer::from_writer(out);
        let lang = self.lang;
        let whole_row = Text::RejectsWholeRow.render(lang);
        w.write_record([
            Text::RejectsHeaderRow.render(lang),
            Text::RejectsHeaderColumn.render(lang),
            Text::RejectsHeaderReason.render(lang),
            Text::RejectsHeaderValue.render(lang),
        ])?;
        for r in &self.lines {
            let column = if r.column.is_empty() {
                whole_row.as_str()
            } else {
                r.column
            };
            w.write_record([
                r.row.to_string().as_str(),
                column,
                r.reason.render(lang).as_str(),
                r.value.as_str(),
            ])?;
        }
        w.flush()?;
        Ok(Some(self.path.display().to_string()))
    }
}
