//! Reads a clerk's spreadsheet — CSV in UTF-8, UTF-8 with BOM, GBK/GB18030 or
//! UTF-16, or an .xlsx workbook — as rows of cells mapped to the columns a caller
//! asks for by header name. The format and encoding are detected from the bytes;
//! title rows above the header are skipped. CSV is streamed record by record.

use std::fs::File;
use std::io::{self, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use calamine::{Data, Range, Reader, SheetType, SheetVisible, Xlsx};
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};
use std::panic::AssertUnwindSafe;

use crate::domain::text::normalize;
use crate::i18n::{Lang, Localized, Text};

/// The header row must lie within this many non-empty rows of the top.
const HEADER_SEARCH_ROWS: usize = 20;
const CHUNK: usize = 64 * 1024;
/// How much of a file decides its encoding. A UTF-8 file is then streamed, so a
/// GBK line further down is reported rather than the file decoded as GB18030.
const HEAD: usize = 1 << 20;

/// A column the caller wants, recognised by its key or any alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    pub key: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

impl ColumnSpec {
    /// The name a clerk knows the column by: its first alias.
    pub fn label(&self) -> &'static str {
        self.aliases.first().copied().unwrap_or(self.key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Trimmed text; for an xlsx cell, the value as Excel displays it.
    pub text: String,
    /// The xlsx cell holds a number (not text, not a date): an ID number stored
    /// this way has lost its last digits.
    pub numeric: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    /// 1-based row number as the clerk sees it in Excel or a text editor.
    pub row: usize,
    /// One entry per spec column; `None` when the column is absent or the cell empty.
    pub cells: Vec<Option<Cell>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceFormat {
    CsvUtf8,
    CsvUtf8Bom,
    CsvGb18030,
    /// Excel's "Unicode text" export: UTF-16 with a BOM, usually tab separated.
    CsvUtf16,
    Xlsx {
        sheet: String,
    },
}

#[derive(Debug, thiserror::Error)]
#[error("{}", self.text())]
pub enum TableError {
    Read {
        name: String,
        #[source]
        source: io::Error,
    },
    /// `line`: the first line found not to be UTF-8 in a file whose beginning is.
    Encoding {
        name: String,
        line: Option<usize>,
    },
    /// An OLE file: an Excel 97-2003 workbook, or an encrypted .xlsx.
    LegacyXls {
        name: String,
    },
    Xlsx {
        name: String,
        detail: String,
    },
    NoHeader {
        missing: Vec<ColumnSpec>,
    },
    DuplicateColumn {
        column: ColumnSpec,
        first: String,
        second: String,
    },
}

impl TableError {
    /// Wording for a county clerk, saying what to do about it.
    pub fn text(&self) -> Text {
        match self {
            Self::Read { name, source } => Text::TableRead {
                name: name.clone(),
                detail: source.to_string(),
            },
            Self::Encoding {
                name,
                line: Some(line),
            } => Text::TableEncodingAtLine {
                name: name.clone(),
                line: *line,
            },
            Self::Encoding { name, line: None } => Text::TableEncoding { name: name.clone() },
            Self::LegacyXls { name } => Text::TableLegacyXls { name: name.clone() },
            Self::Xlsx { name, detail } => Text::TableXlsx {
                name: name.clone(),
                detail: detail.clone(),
            },
            Self::NoHeader { missing } => Text::TableNoHeader {
                missing: missing.clone(),
            },
            Self::DuplicateColumn {
                column,
                first,
                second,
            } => Text::TableDuplicateColumn {
                column: *column,
                first: first.clone(),
                second: second.clone(),
            },
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.text().render(lang)
    }
}

/// A column as a clerk knows it: 身份证号, or in English 身份证号 (id_number).
impl Localized for ColumnSpec {
    fn local(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.label().to_string(),
            Lang::En => format!("{} ({})", self.label(), self.key),
        }
    }
}

/// An opened table positioned just below its header row.
pub struct Table {
    pub format: SourceFormat,
    /// 1-based row number of the header row.
    pub header_row: usize,
    /// Per spec column: whether the header has it.
    pub found: Vec<bool>,
    /// Non-empty header cells that match no spec column, in sheet order.
    pub ignored_headers: Vec<String>,
    /// Per spec column: its index among the source's columns.
    columns: Vec<Option<usize>>,
    body: Body,
}

impl Table {
    /// The data rows below the header. Rows whose recognised cells are all empty
    /// are skipped; row numbers keep counting them.
    pub fn rows(&mut self) -> impl Iterator<Item = Result<RawRow, TableError>> + '_ {
        std::iter::from_fn(move || match &mut self.body {
            Body::Csv(body) => body.next_row(&self.columns),
            Body::Xlsx(body) => body.next_row(&self.columns),
        })
    }

    /// Rows left below the header, blank ones included, when known without
    /// reading them (xlsx only).
    pub fn len_hint(&self) -> Option<usize> {
        match &self.body {
            Body::Csv(_) => None,
            Body::Xlsx(body) => Some(body.range.height().saturating_sub(body.next)),
        }
    }
}

pub fn open(path: &Path, spec: &[ColumnSpec]) -> Result<Table, TableError> {
    let name = path.display().to_string();
    let read_err = |source| TableError::Read {
        name: name.clone(),
        source,
    };
    let mut file = File::open(path).map_err(read_err)?;
    let mut head = Vec::with_capacity(HEAD);
    (&mut file)
        .take(HEAD as u64)
        .read_to_end(&mut head)
        .map_err(read_err)?;
    let format = match sniff(&head) {
        Sniffed::Utf8Bom => Some(SourceFormat::CsvUtf8Bom),
        Sniffed::Other => Some(SourceFormat::CsvUtf8),
        _ => None,
    };
    match format {
        Some(format) if is_utf8_head(&head, head.len() < HEAD) => {
            open_csv(CsvSource::File(path.into()), format, &name, spec)
        }
        _ => {
            file.read_to_end(&mut head).map_err(read_err)?;
            from_bytes(&head, &name, spec)
        }
    }
}

/// Like [`open`], from bytes in memory; `name_hint` names the file in errors.
pub fn from_bytes(bytes: &[u8], name_hint: &str, spec: &[ColumnSpec]) -> Result<Table, TableError> {
    let memory = |bytes: &[u8]| CsvSource::Memory(Arc::from(bytes));
    match sniff(bytes) {
        Sniffed::Zip => open_xlsx(bytes.to_vec(), name_hint, spec),
        Sniffed::Ole => Err(TableError::LegacyXls {
            name: name_hint.into(),
        }),
        Sniffed::Utf16(encoding) => {
            let text = decode(encoding, bytes, name_hint)?;
            open_csv(
                memory(text.as_bytes()),
                SourceFormat::CsvUtf16,
                name_hint,
                spec,
            )
        }
        Sniffed::Utf8Bom if std::str::from_utf8(bytes).is_err() => Err(TableError::Encoding {
            name: name_hint.into(),
            line: None,
        }),
        Sniffed::Utf8Bom => open_csv(memory(bytes), SourceFormat::CsvUtf8Bom, name_hint, spec),
        Sniffed::Other if std::str::from_utf8(bytes).is_ok() => {
            open_csv(memory(bytes), SourceFormat::CsvUtf8, name_hint, spec)
        }
        Sniffed::Other => {
            let text = decode(GB18030, bytes, name_hint)?;
            open_csv(
                memory(text.as_bytes()),
                SourceFormat::CsvGb18030,
                name_hint,
                spec,
            )
        }
    }
}

enum Sniffed {
    Zip,
    Ole,
    Utf16(&'static Encoding),
    Utf8Bom,
    Other,
}

fn sniff(head: &[u8]) -> Sniffed {
    match head {
        [b'P', b'K', 3, 4, ..] => Sniffed::Zip,
        [0xD0, 0xCF, 0x11, 0xE0, ..] => Sniffed::Ole,
        [0xFF, 0xFE, ..] => Sniffed::Utf16(UTF_16LE),
        [0xFE, 0xFF, ..] => Sniffed::Utf16(UTF_16BE),
        [0xEF, 0xBB, 0xBF, ..] => Sniffed::Utf8Bom,
        _ => Sniffed::Other,
    }
}

fn decode(encoding: &'static Encoding, bytes: &[u8], name: &str) -> Result<String, TableError> {
    let (text, _, had_errors) = encoding.decode(bytes);
    if had_errors {
        return Err(TableError::Encoding {
            name: name.into(),
            line: None,
        });
    }
    Ok(text.into_owned())
}

/// Whether a file's first bytes are UTF-8; unless they are the whole file, they
/// may end in the middle of a character.
fn is_utf8_head(head: &[u8], whole_file: bool) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => !whole_file && e.error_len().is_none(),
    }
}

// ── header recognition ──

/// Folds full-width characters, drops all whitespace and lowercases ASCII.
fn header_key(text: &str) -> String {
    normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

struct Header {
    row: usize,
    columns: Vec<Option<usize>>,
    ignored: Vec<String>,
}

struct HeaderSearch<'s> {
    spec: &'s [ColumnSpec],
    names: Vec<(String, usize)>,
    rows_seen: usize,
    /// Recognised-column count and missing required columns of the best row so far.
    best: Option<(usize, Vec<ColumnSpec>)>,
}

impl<'s> HeaderSearch<'s> {
    fn new(spec: &'s [ColumnSpec]) -> Self {
        let names = spec
            .iter()
            .enumerate()
            .flat_map(|(i, c)| {
                std::iter::once(c.key)
                    .chain(c.aliases.iter().copied())
                    .map(move |name| (header_key(name), i))
            })
            .collect();
        HeaderSearch {
            spec,
            names,
            rows_seen: 0,
            best: None,
        }
    }

    fn column_of(&self, header: &str) -> Option<usize> {
        let key = header_key(header);
        self.names
            .iter()
            .find(|(name, _)| *name == key)
            .map(|&(_, i)| i)
    }

    fn exhausted(&self) -> bool {
        self.rows_seen >= HEADER_SEARCH_ROWS
    }

    /// Starts counting rows afresh (for the next sheet), remembering the best row.
    fn restart(&mut self) {
        self.rows_seen = 0;
    }

    /// Looks at one row; `Ok(Some)` when it is the header.
    fn offer<S: AsRef<str>>(
        &mut self,
        row: usize,
        cells: &[S],
    ) -> Result<Option<Header>, TableError> {
        let cells: Vec<&str> = cells.iter().map(|c| c.as_ref().trim()).collect();
        if cells.iter().all(|c| c.is_empty()) {
            return Ok(None);
        }
        self.rows_seen += 1;
        let mut columns = vec![None; self.spec.len()];
        let mut ignored = Vec::new();
        let mut duplicate = None;
        for (col, &text) in cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            match self.column_of(text) {
                None => ignored.push(text.to_string()),
                Some(i) => match columns[i] {
                    None => columns[i] = Some(col),
                    Some(first) => {
                        duplicate.get_or_insert((i, first, col));
                    }
                },
            }
        }
        let recognised = columns.iter().flatten().count();
        let missing: Vec<ColumnSpec> = self
            .spec
            .iter()
            .zip(&columns)
            .filter(|(c, found)| c.required && found.is_none())
            .map(|(c, _)| *c)
            .collect();
        if recognised < self.spec.len().min(2) || !missing.is_empty() {
            if self
                .best
                .as_ref()
                .is_none_or(|(count, _)| recognised > *count)
            {
                self.best = Some((recognised, missing));
            }
            return Ok(None);
        }
        if let Some((i, first, second)) = duplicate {
            return Err(TableError::DuplicateColumn {
                column: self.spec[i],
                first: cells[first].to_string(),
                second: cells[second].to_string(),
            });
        }
        Ok(Some(Header {
            row,
            columns,
            ignored,
        }))
    }

    fn into_error(self) -> TableError {
        let missing = match self.best {
            Some((_, missing)) => missing,
            None => self.spec.iter().filter(|c| c.required).copied().collect(),
        };
        TableError::NoHeader { missing }
    }
}

fn table(format: SourceFormat, header: Header, body: Body) -> Table {
    Table {
        format,
        header_row: header.row,
        found: header.columns.iter().map(Option::is_some).collect(),
        ignored_headers: header.ignored,
        columns: header.columns,
        body,
    }
}

enum Body {
    Csv(CsvBody),
    Xlsx(XlsxBody),
}

// ── CSV ──

/// Where CSV text can be (re)read from, already known to be UTF-8.
enum CsvSource {
    File(PathBuf),
    Memory(Arc<[u8]>),
}

type CsvReader = csv::Reader<Box<dyn Read + Send>>;

impl CsvSource {
    /// A reader from the start; csv strips a UTF-8 BOM itself. Only `\n` ends a
    /// record (a `\r` before it is trimmed with the last cell), and the input gets
    /// a final `\n`, so that every record ends with one: see [`CsvBody::read`].
    fn reader(&self, delimiter: u8) -> io::Result<CsvReader> {
        let input: Box<dyn Read + Send> = match self {
            CsvSource::File(path) => Box::new(File::open(path)?.chain(&b"\n"[..])),
            CsvSource::Memory(bytes) => Box::new(Cursor::new(Arc::clone(bytes)).chain(&b"\n"[..])),
        };
        Ok(csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(CHUNK)
            .from_reader(input))
    }
}

struct CsvBody {
    reader: CsvReader,
    record: csv::StringRecord,
    name: String,
    done: bool,
}

impl CsvBody {
    /// The next record with the line it starts on, or `None` at the end.
    fn read(&mut self) -> Result<Option<usize>, TableError> {
        match self.reader.read_record(&mut self.record) {
            // csv's own record position counts from before the blank lines it
            // skips, so count back from the line after the record's final `\n`.
            Ok(true) => {
                let inner = self.record.as_slice().matches('\n').count();
                Ok(Some(self.reader.position().line() as usize - inner - 1))
            }
            Ok(false) => Ok(None),
            Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => {
                Err(TableError::Encoding {
                    name: self.name.clone(),
                    line: Some(self.reader.position().line() as usize - 1),
                })
            }
            Err(e) => Err(TableError::Read {
                name: self.name.clone(),
                source: e.into(),
            }),
        }
    }

    fn field(&self, index: usize) -> &str {
        self.record.get(index).unwrap_or_default()
    }

    fn next_row(&mut self, columns: &[Option<usize>]) -> Option<Result<RawRow, TableError>> {
        if self.done {
            return None;
        }
        let result = self.read_row(columns).transpose();
        self.done = !matches!(result, Some(Ok(_)));
        result
    }

    fn read_row(&mut self, columns: &[Option<usize>]) -> Result<Option<RawRow>, TableError> {
        while let Some(row) = self.read()? {
            if let Some(raw) = self.raw_row(row, columns) {
                return Ok(Some(raw));
            }
        }
        Ok(None)
    }

    /// The current record as a row, `None` when its recognised cells are all empty.
    fn raw_row(&self, row: usize, columns: &[Option<usize>]) -> Option<RawRow> {
        let cells = columns
            .iter()
            .map(|col| {
                let text = trim(col.map_or("", |i| self.field(i)));
                (!text.is_empty()).then(|| Cell {
                    text: text.to_string(),
                    numeric: false,
                })
            })
            .collect();
        non_empty(row, cells)
    }
}

/// `str::trim`, several times faster for the usual cell that has nothing to trim.
fn trim(s: &str) -> &str {
    // No whitespace character lies above U+3000, so CJK text skips the table lookup.
    let blank_end = |c: Option<char>| c.is_some_and(|c| c <= '\u{3000}' && c.is_whitespace());
    if blank_end(s.chars().next()) || blank_end(s.chars().next_back()) {
        s.trim()
    } else {
        s
    }
}

fn non_empty(row: usize, cells: Vec<Option<Cell>>) -> Option<RawRow> {
    cells
        .iter()
        .any(Option::is_some)
        .then_some(RawRow { row, cells })
}

fn open_csv(
    source: CsvSource,
    format: SourceFormat,
    name: &str,
    spec: &[ColumnSpec],
) -> Result<Table, TableError> {
    let attempt = |delimiter| find_csv_header(&source, delimiter, name, spec);
    let (header, body) = match attempt(b',') {
        Err(TableError::NoHeader { missing }) => match attempt(b'\t') {
            Err(TableError::NoHeader { missing: by_tab }) if by_tab.len() >= missing.len() => {
                return Err(TableError::NoHeader { missing });
            }
            by_tab => by_tab?,
        },
        by_comma => by_comma?,
    };
    Ok(table(format, header, Body::Csv(body)))
}

fn find_csv_header(
    source: &CsvSource,
    delimiter: u8,
    name: &str,
    spec: &[ColumnSpec],
) -> Result<(Header, CsvBody), TableError> {
    let reader = source
        .reader(delimiter)
        .map_err(|source| TableError::Read {
            name: name.into(),
            source,
        })?;
    let mut body = CsvBody {
        reader,
        record: csv::StringRecord::new(),
        name: name.into(),
        done: false,
    };
    let mut search = HeaderSearch::new(spec);
    while !search.exhausted() {
        let Some(row) = body.read()? else { break };
        if let Some(header) = search.offer(row, &body.record.iter().collect::<Vec<_>>())? {
            return Ok((header, body));
        }
    }
    Err(search.into_error())
}

// ── xlsx ──

struct XlsxBody {
    range: Range<Data>,
    /// Row number of the range's first row (rows above it are empty).
    first_row: usize,
    /// Range-relative index of the next row to read.
    next: usize,
}

impl XlsxBody {
    fn next_row(&mut self, columns: &[Option<usize>]) -> Option<Result<RawRow, TableError>> {
        while self.next < self.range.height() {
            let index = self.next;
            self.next += 1;
            let cells = columns
                .iter()
                .map(|col| {
                    col.and_then(|c| self.range.get((index, c)))
                        .and_then(xlsx_cell)
                })
                .collect();
            if let Some(row) = non_empty(self.first_row + index, cells) {
                return Some(Ok(row));
            }
        }
        None
    }
}

fn open_xlsx(bytes: Vec<u8>, name: &str, spec: &[ColumnSpec]) -> Result<Table, TableError> {
    let corrupt = |e: calamine::XlsxError| TableError::Xlsx {
        name: name.into(),
        detail: e.to_string(),
    };
    // calamine is trusted with well-formed files only: a damaged one can make it
    // panic (e.g. an arithmetic overflow on a huge cell reference, found by
    // tests/fuzz.rs). Such a file is reported as damaged, never a crash.
    let damaged = || calamine::XlsxError::Unexpected("damaged workbook");
    let mut workbook: Xlsx<_> = std::panic::catch_unwind(|| Xlsx::new(Cursor::new(bytes)))
        .unwrap_or(Err(damaged()))
        .map_err(corrupt)?;
    let mut sheets: Vec<_> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.visible != SheetVisible::Visible, s.name.clone()))
        .collect();
    // Visible sheets first, each group in workbook order.
    sheets.sort_by_key(|(hidden, _)| *hidden);
    let mut search = HeaderSearch::new(spec);
    for (_, sheet) in sheets {
        let range = std::panic::catch_unwind(AssertUnwindSafe(|| workbook.worksheet_range(&sheet)))
            .unwrap_or(Err(damaged()))
            .map_err(corrupt)?;
        search.restart();
        if let Some((header, body)) = find_xlsx_header(&mut search, range)? {
            return Ok(table(
                SourceFormat::Xlsx { sheet },
                header,
                Body::Xlsx(body),
            ));
        }
    }
    Err(search.into_error())
}

fn find_xlsx_header(
    search: &mut HeaderSearch<'_>,
    range: Range<Data>,
) -> Result<Option<(Header, XlsxBody)>, TableError> {
    let first_row = range.start().map_or(1, |(row, _)| row as usize + 1);
    for (index, cells) in range.rows().enumerate() {
        if search.exhausted() {
            break;
        }
        let texts: Vec<String> = cells
            .iter()
            .map(|c| xlsx_cell(c).map(|c| c.text).unwrap_or_default())
            .collect();
        if let Some(header) = search.offer(first_row + index, &texts)? {
            let next = index + 1;
            return Ok(Some((
                header,
                XlsxBody {
                    range,
                    first_row,
                    next,
                },
            )));
        }
    }
    Ok(None)
}

fn xlsx_cell(data: &Data) -> Option<Cell> {
    let (text, numeric) = match data {
        Data::Empty => return None,
        Data::String(s) => (s.trim().to_string(), false),
        Data::Int(i) => (i.to_string(), true),
        Data::Float(f) => (number_text(*f), true),
        Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }.to_string(), false),
        Data::DateTime(dt) => (date_text(dt), false),
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), false),
        Data::Error(e) => (e.to_string(), false),
    };
    (!text.is_empty()).then_some(Cell { text, numeric })
}

/// A number as Excel shows it: 15 significant digits, integers in plain digits.
fn number_text(value: f64) -> String {
    let shown: f64 = format!("{value:.14e}").parse().unwrap_or(value);
    if shown.abs() >= 1e21 {
        format!("{shown:E}")
    } else {
        shown.to_string()
    }
}

fn date_text(value: &calamine::ExcelDateTime) -> String {
    let (y, mo, d, h, mi, s, _) = value.to_ymd_hms_milli();
    let time = format!("{h:02}:{mi:02}:{s:02}");
    match value.as_f64() {
        v if v < 1.0 => time,
        v if v.fract() == 0.0 => format!("{y:04}-{mo:02}-{d:02}"),
        _ => format!("{y:04}-{mo:02}-{d:02} {time}"),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
    use tempfile::NamedTempFile;

    use super::*;

    const SPEC: &[ColumnSpec] = &[
        ColumnSpec {
            key: "name",
            aliases: &["姓名", "name"],
            required: true,
        },
        ColumnSpec {
            key: "id_number",
            aliases: &[
                "身份证号",
                "身份证号码",
                "公民身份号码",
                "身份证",
                "ID number",
                "id",
            ],
            required: true,
        },
        ColumnSpec {
            key: "phone",
            aliases: &["联系电话", "电话", "phone"],
            required: false,
        },
        ColumnSpec {
            key: "address",
            aliases: &["住址", "address"],
            required: false,
        },
    ];

    const ID: &str = "530323198001011234";

    fn temp_file(bytes: &[u8]) -> NamedTempFile {
        let mut file = NamedTempFile::new().unwrap();
        file.write_all(bytes).unwrap();
        file
    }

    fn open_bytes(bytes: &[u8]) -> Result<Table, TableError> {
        open(temp_file(bytes).path(), SPEC)
    }

    fn xlsx(build: impl FnOnce(&mut Workbook)) -> Vec<u8> {
        let mut workbook = Workbook::new();
        build(&mut workbook);
        workbook.save_to_buffer().unwrap()
    }

    fn write_row(sheet: &mut Worksheet, row: u32, cells: &[&str]) {
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string(row, col as u16, *text).unwrap();
        }
    }

    fn rows(table: &mut Table) -> Vec<RawRow> {
        table.rows().collect::<Result<_, _>>().unwrap()
    }

    fn texts(row: &RawRow) -> Vec<Option<&str>> {
        row.cells
            .iter()
            .map(|c| c.as_ref().map(|c| c.text.as_str()))
            .collect()
    }

    fn row_numbers(table: &mut Table) -> Vec<usize> {
        rows(table).iter().map(|r| r.row).collect()
    }

    #[test]
    fn reads_utf8_csv() {
        let csv =
            format!("姓名,身份证号,联系电话\n张三,{ID},13812345678\n 李四 ,530323199002023456,\n");
        let mut table = open_bytes(csv.as_bytes()).unwrap();
        assert_eq!(table.format, SourceFormat::CsvUtf8);
        assert_eq!(table.header_row, 1);
        assert_eq!(table.found, [true, true, true, false]);
        assert_eq!(table.len_hint(), None);
        let rows = rows(&mut table);
        assert_eq!(rows[0].row, 2);
        assert_eq!(
            texts(&rows[0]),
            [Some("张三"), Some(ID), Some("13812345678"), None]
        );
        assert_eq!(
            texts(&rows[1]),
            [Some("李四"), Some("530323199002023456"), None, None]
        );
        assert!(
            rows.iter()
                .flat_map(|r| r.cells.iter().flatten())
                .all(|c| !c.numeric)
        );
    }

    #[test]
    fn reads_utf8_csv_with_bom() {
        let csv = format!("\u{feff}姓名,身份证号\n张三,{ID}\n");
        let mut table = open_bytes(csv.as_bytes()).unwrap();
        assert_eq!(table.format, SourceFormat::CsvUtf8Bom);
        assert_eq!(texts(&rows(&mut table)[0])[..2], [Some("张三"), Some(ID)]);
    }

    #[test]
    fn reads_gbk_csv() {
        let csv = format!("序号,姓名,身份证号,住址\n1,张三,{ID},师宗县丹凤街道\n");
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(&csv);
        assert!(!unmappable && std::str::from_utf8(&bytes).is_err());
        let mut table = open_bytes(&bytes).unwrap();
        assert_eq!(table.format, SourceFormat::CsvGb18030);
        assert_eq!(
            texts(&rows(&mut table)[0]),
            [Some("张三"), Some(ID), None, Some("师宗县丹凤街道")]
        );
    }

    #[test]
    fn reads_characters_only_gb18030_has() {
        let csv = format!("姓名,身份证号\n李㐀,{ID}\n");
        let (_, _, unmappable_in_gbk) = encoding_rs::GBK.encode(&csv);
        assert!(unmappable_in_gbk);
        let (bytes, _, _) = GB18030.encode(&csv);
        let mut table = from_bytes(&bytes, "roster.csv", SPEC).unwrap();
        assert_eq!(table.format, SourceFormat::CsvGb18030);
        assert_eq!(texts(&rows(&mut table)[0])[0], Some("李㐀"));
    }

    #[test]
    fn reads_utf16_unicode_text() {
        let text = format!("\u{feff}姓名\t身份证号\r\n张三\t{ID}\r\n");
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut table = open_bytes(&bytes).unwrap();
        assert_eq!(table.format, SourceFormat::CsvUtf16);
        assert_eq!(texts(&rows(&mut table)[0])[..2], [Some("张三"), Some(ID)]);
    }

    #[test]
    fn matches_headers_in_any_order_language_and_width() {
        let csv = format!("ＰＨＯＮＥ,　身份证号 ,N a m e\n13812345678,{ID},Zhang San\n");
        let mut table = open_bytes(csv.as_bytes()).unwrap();
        assert_eq!(table.found, [true, true, true, false]);
        assert_eq!(
            texts(&rows(&mut table)[0]),
            [Some("Zhang San"), Some(ID), Some("13812345678"), None]
        );

        let table = open_bytes(b"ID Number,NAME,Address\n").unwrap();
        assert_eq!(table.found, [true, true, false, true]);
    }

    #[test]
    fn skips_title_rows_and_lists_unknown_headers() {
        let csv = format!(
            "师宗县持证残疾人台账（2022年3月）,,,,\n序号,姓名,身份证号,住址,备注\n1,张三,{ID},竹基镇,已核对\n"
        );
        let mut table = open_bytes(csv.as_bytes()).unwrap();
        assert_eq!(table.header_row, 2);
        assert_eq!(table.ignored_headers, ["序号", "备注"]);
        let rows = rows(&mut table);
        assert_eq!(rows[0].row, 3);
        assert_eq!(
            texts(&rows[0]),
            [Some("张三"), Some(ID), None, Some("竹基镇")]
        );
    }

    #[test]
    fn counts_rows_through_quoted_newlines() {
        let csv = "姓名,身份证号,住址\n张三,1,\"云南省\n师宗县, 丹凤街道\"\n李四,2,\"\"\n";
        let mut table = open_bytes(csv.as_bytes()).unwrap();
        let read = rows(&mut table);
        assert_eq!(read.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(texts(&read[0])[3], Some("云南省\n师宗县, 丹凤街道"));
        assert_eq!(texts(&read[1])[3], None);

        let crlf = "姓名,身份证号,住址\r\n张三,1,\"云南省\r\n师宗县\"\r\n\r\n李四,2,\"\r\n\r\n\"\r\n\r\n王五,3";
        let mut table = open_bytes(crlf.as_bytes()).unwrap();
        let read = rows(&mut table);
        assert_eq!(read.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 5, 9]);
        assert_eq!(texts(&read[0])[3], Some("云南省\r\n师宗县"));
    }

    #[test]
    fn skips_empty_lines_keeping_row_numbers() {
        let csv = "\n姓名,身份证号\r\n\r\n张三,1\r\n,,\r\n 　,\r\n李四,2\r\n\r\n";
        let mut table = open_bytes(csv.as_bytes()).unwrap();
        assert_eq!(table.header_row, 2);
        assert_eq!(row_numbers(&mut table), [4, 7]);
    }

    #[test]
    fn tolerates_ragged_rows() {
        let mut table =
            open_bytes("姓名,身份证号,住址\n张三\n李四,2,竹基镇,多余\n".as_bytes()).unwrap();
        let rows = rows(&mut table);
        assert_eq!(texts(&rows[0]), [Some("张三"), None, None, None]);
        assert_eq!(
            texts(&rows[1]),
            [Some("李四"), Some("2"), None, Some("竹基镇")]
        );
    }

    #[test]
    fn reads_tab_separated_text() {
        let text = format!("台账\n姓名\t身份证号\t住址\n张三\t{ID}\t竹基镇, 三村\n");
        let mut table = open_bytes(text.as_bytes()).unwrap();
        assert_eq!(table.header_row, 2);
        assert_eq!(
            texts(&rows(&mut table)[0]),
            [Some("张三"), Some(ID), None, Some("竹基镇, 三村")]
        );
    }

    #[test]
    fn names_missing_required_columns() {
        let err = open_bytes("台账\n姓名,电话,住址\n张三,1,2\n".as_bytes())
            .err()
            .unwrap();
        let TableError::NoHeader { missing } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            missing.iter().map(|c| c.key).collect::<Vec<_>>(),
            ["id_number"]
        );
        assert_eq!(
            err.message(Lang::Zh),
            "找不到表头：缺少列 身份证号。请确认表格第一行或标题下一行是列名。"
        );
        assert!(err.message(Lang::En).contains("身份证号 (id_number)"));

        let err = open_bytes(b"").err().unwrap();
        assert!(err.message(Lang::Zh).contains("缺少列 姓名、身份证号。"));
    }

    #[test]
    fn looks_for_the_header_only_near_the_top() {
        let csv = format!("{}姓名,身份证号\n", "说明\n".repeat(HEADER_SEARCH_ROWS));
        assert!(matches!(
            open_bytes(csv.as_bytes()),
            Err(TableError::NoHeader { .. })
        ));
    }

    #[test]
    fn rejects_a_column_given_twice() {
        let err = open_bytes("姓名,身份证号, 身份证号码\n".as_bytes())
            .err()
            .unwrap();
        let TableError::DuplicateColumn {
            column,
            first,
            second,
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(
            (column.key, first.as_str(), second.as_str()),
            ("id_number", "身份证号", "身份证号码")
        );
        let message = err.message(Lang::Zh);
        assert!(
            message.contains("身份证号") && message.contains("身份证号码"),
            "{message}"
        );
    }

    #[test]
    fn rejects_undecodable_text() {
        let err = open_bytes(b"name,id\n\xff\xff\n").err().unwrap();
        assert!(matches!(err, TableError::Encoding { .. }), "{err:?}");
        assert!(err.message(Lang::Zh).contains("另存为"));
    }

    #[test]
    fn rejects_broken_and_legacy_workbooks() {
        let err = open_bytes(b"PK\x03\x04 not really a zip").err().unwrap();
        assert!(matches!(err, TableError::Xlsx { .. }), "{err:?}");
        let err = open_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
            .err()
            .unwrap();
        assert!(matches!(err, TableError::LegacyXls { .. }), "{err:?}");
        let missing = open(Path::new("/nonexistent/roster.csv"), SPEC)
            .err()
            .unwrap();
        assert!(matches!(missing, TableError::Read { .. }), "{missing:?}");
    }

    #[test]
    fn reads_xlsx_below_a_merged_title() {
        let bytes = xlsx(|workbook| {
            let sheet = workbook.add_worksheet();
            sheet
                .merge_range(
                    0,
                    0,
                    0,
                    3,
                    "师宗县持证残疾人台账（2022年3月）",
                    &Format::new(),
                )
                .unwrap();
            write_row(sheet, 1, &["序号", "姓名", "身份证号", "住址"]);
            write_row(sheet, 2, &["1", " 张三 ", ID, "竹基镇"]);
            write_row(sheet, 4, &["3", "李四", "530323199002023456"]);
        });
        let mut table = open_bytes(&bytes).unwrap();
        assert_eq!(
            table.format,
            SourceFormat::Xlsx {
                sheet: "Sheet1".into()
            }
        );
        assert_eq!(table.header_row, 2);
        assert_eq!(table.ignored_headers, ["序号"]);
        assert_eq!(table.len_hint(), Some(3));
        let rows = rows(&mut table);
        assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), [3, 5]);
        assert_eq!(
            texts(&rows[0]),
            [Some("张三"), Some(ID), None, Some("竹基镇")]
        );
    }

    #[test]
    fn uses_the_first_sheet_with_a_header() {
        let bytes = xlsx(|workbook| {
            let cover = workbook.add_worksheet().set_name("说明").unwrap();
            write_row(cover, 0, &["填表说明：身份证号请填写18位"]);
            let roster = workbook.add_worksheet().set_name("台账").unwrap();
            write_row(roster, 0, &["姓名", "身份证号"]);
            write_row(roster, 1, &["张三", ID]);
        });
        let mut table = from_bytes(&bytes, "roster.xlsx", SPEC).unwrap();
        assert_eq!(
            table.format,
            SourceFormat::Xlsx {
                sheet: "台账".into()
            }
        );
        assert_eq!(texts(&rows(&mut table)[0])[..2], [Some("张三"), Some(ID)]);
    }

    #[test]
    fn renders_xlsx_numbers_and_dates_as_excel_shows_them() {
        let bytes = xlsx(|workbook| {
            let sheet = workbook.add_worksheet();
            write_row(sheet, 0, &["姓名", "身份证号", "电话", "住址"]);
            sheet.write_number(1, 0, 0.1 + 0.2).unwrap();
            sheet.write_number(1, 1, 530323198001011234.0).unwrap();
            sheet.write_number(1, 2, 13812345678.0).unwrap();
            let date = ExcelDateTime::from_ymd(2022, 3, 1).unwrap();
            let format = Format::new().set_num_format("yyyy-mm-dd");
            sheet
                .write_datetime_with_format(1, 3, &date, &format)
                .unwrap();
            sheet.write_boolean(2, 0, true).unwrap();
            sheet.write_string(2, 1, ID).unwrap();
        });
        let mut table = open_bytes(&bytes).unwrap();
        let rows = rows(&mut table);
        let id = rows[0].cells[1].as_ref().unwrap();
        assert!(id.numeric);
        assert_eq!(id.text, "530323198001011000");
        assert_eq!(
            texts(&rows[0]),
            [
                Some("0.3"),
                Some("530323198001011000"),
                Some("13812345678"),
                Some("2022-03-01")
            ]
        );
        assert!(!rows[0].cells[3].as_ref().unwrap().numeric);
        assert_eq!(texts(&rows[1])[..2], [Some("TRUE"), Some(ID)]);
        assert!(!rows[1].cells[1].as_ref().unwrap().numeric);
    }

    #[test]
    fn decides_utf8_by_the_head_and_reports_a_later_stray_line() {
        let head = "张".repeat(HEAD);
        assert!(is_utf8_head(&head.as_bytes()[..HEAD], false));
        assert!(!is_utf8_head(&head.as_bytes()[..HEAD], true));

        let mut csv = format!("姓名,身份证号\n{}", "张三,1\n".repeat(HEAD / 8)).into_bytes();
        csv.extend_from_slice(b"\xd5\xc5,2\n");
        let mut table = open_bytes(&csv).unwrap();
        let err = table.rows().find_map(Result::err).unwrap();
        let line = HEAD / 8 + 2;
        assert!(
            matches!(err, TableError::Encoding { line: Some(l), .. } if l == line),
            "{err:?}"
        );
        assert!(err.message(Lang::Zh).contains(&format!("第 {line} 行")));
    }
}
