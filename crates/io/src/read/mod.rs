//! Reading HR files: CSV (UTF-8 with or without BOM, or CP932 — detected
//! or forced) and xlsx, with headers in Japanese or English, into records.
//! Every problem names its place as `file:row:column`.

pub mod decode;
pub mod demotion;
pub mod evaluation;
pub mod exams;
pub mod health;
pub mod outreach;
pub mod people;
pub mod postings;
pub mod rows;
pub mod talent;
pub mod training;
pub mod women;

use jinzai_domain::i18n::{Language, Message};
use std::fmt;
use std::io::{Read, Seek};

/// A problem at a place in a file. Row 1 is the header; column 1 the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub row: usize,
    pub col: usize,
    /// What to tell, read in the reader's language at the edge.
    pub message: Message,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.row, self.col, self.message)
    }
}

/// All problems of a file, rendered as `file:row:col: message` lines
/// (in Japanese).
pub fn render(file: &str, problems: &[Problem]) -> String {
    render_in(file, problems, Language::Ja)
}

/// All problems of a file as `file:row:col: message` lines in `lang`.
pub fn render_in(file: &str, problems: &[Problem], lang: Language) -> String {
    problems
        .iter()
        .map(|p| format!("{file}:{}:{}: {}\n", p.row, p.col, p.message.render(lang)))
        .collect()
}

/// A sheet of text cells: the header and the data rows, as in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// How to read the bytes of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputEncoding {
    /// BOM → UTF-8; valid UTF-8 → UTF-8; otherwise CP932.
    #[default]
    Detect,
    /// UTF-8, with or without a BOM.
    Utf8,
    Cp932,
}

impl InputEncoding {
    /// `auto` (or `detect`), or any name [`crate::Encoding::parse`] knows.
    pub fn parse(s: &str) -> Option<InputEncoding> {
        if ["auto", "detect"].contains(&s.trim().to_ascii_lowercase().as_str()) {
            return Some(InputEncoding::Detect);
        }
        crate::Encoding::parse(s).map(|e| match e {
            crate::Encoding::Utf8Bom => InputEncoding::Utf8,
            crate::Encoding::Cp932 => InputEncoding::Cp932,
        })
    }
}

/// Reads a CSV or xlsx file (by content: xlsx files are zip archives).
pub fn read_sheet(bytes: &[u8], encoding: InputEncoding) -> Result<Sheet, Problem> {
    read_sheet_from(std::io::Cursor::new(bytes), encoding)
}

/// Reads a CSV or xlsx file from a seekable source (an uploaded file
/// spooled to disk) without holding its bytes: CSV is decoded and parsed
/// as it is read; only the cells are kept.
pub fn read_sheet_from<R: Read + Seek>(
    mut src: R,
    encoding: InputEncoding,
) -> Result<Sheet, Problem> {
    let unreadable = |e: std::io::Error| Problem {
        row: 0,
        col: 0,
        message: Message::new("imports_csv_unreadable").arg("reason", e),
    };
    let mut magic = [0u8; 4];
    let is_xlsx = src.read_exact(&mut magic).is_ok() && magic == *b"PK\x03\x04";
    src.seek(std::io::SeekFrom::Start(0)).map_err(unreadable)?;
    if is_xlsx {
        return read_xlsx(src);
    }
    let text = decode::resolve(&mut src, encoding)
        .map_err(unreadable)?
        .map_err(|e| Problem {
            row: 0,
            col: 0,
            message: e.message(),
        })?;
    read_csv(decode::text_reader(src, text).map_err(unreadable)?)
}

fn read_csv(text: impl Read) -> Result<Sheet, Problem> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut sheet = Sheet::default();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            // A byte the decoder refused, as it tells it.
            let decoded = match e.kind() {
                csv::ErrorKind::Io(io) => io
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<decode::DecodeError>())
                    .map(decode::DecodeError::message),
                _ => None,
            };
            Problem {
                row: e
                    .position()
                    .map_or(i + 1, |p| usize::try_from(p.line()).unwrap_or(i + 1)),
                col: 1,
                message: decoded
                    .unwrap_or_else(|| Message::new("imports_csv_unreadable").arg("reason", &e)),
            }
        })?;
        let cells: Vec<String> = record
            .iter()
            .map(|c| unneutralised(c).trim().to_owned())
            .collect();
        if i == 0 {
            sheet.header = cells;
        } else {
            sheet.rows.push(cells);
        }
    }
    Ok(sheet)
}

/// A cell as it was before an export neutralised it
/// ([`crate::csv_out::neutralised`]): the `'` before a formula character
/// is taken off, so that importing an export gives the original value.
pub fn unneutralised(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(crate::csv_out::FORMULA_STARTS) => rest,
        _ => cell,
    }
}

fn read_xlsx<R: Read + Seek>(src: R) -> Result<Sheet, Problem> {
    use calamine::{Data, Reader, Xlsx};
    let fail = |m: Message| Problem {
        row: 0,
        col: 0,
        message: m,
    };
    let mut book: Xlsx<_> = Xlsx::new(std::io::BufReader::new(src))
        .map_err(|e| fail(Message::new("imports_xlsx_unreadable").arg("reason", e)))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| fail(Message::new("imports_xlsx_no_sheet")))?
        .map_err(|e| fail(Message::new("imports_xlsx_sheet_unreadable").arg("reason", e)))?;
    let cell = |d: &Data| match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        // Excel counts days from 1899-12-30.
        Data::DateTime(dt) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| {
                epoch.checked_add_signed(chrono::Duration::days(dt.as_f64().floor() as i64))
            })
            .map_or_else(|| dt.to_string(), |d| d.to_string()),
        other => other.to_string(),
    };
    let mut rows = range.rows().map(|r| r.iter().map(cell).collect::<Vec<_>>());
    let header = rows.next().unwrap_or_default();
    Ok(Sheet {
        header,
        rows: rows.collect(),
    })
}
