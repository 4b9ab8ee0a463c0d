//! The machinery every reader shares: columns with Japanese and English
//! headers, rows read through typed getters that record each problem at
//! its row and column, and records turned back into tables for export.

use super::{Problem, Sheet};
use chrono::NaiveDate;
use jinzai_domain::date::parse_date;
use jinzai_domain::i18n::Message;
use jinzai_domain::money::Yen;
use jinzai_domain::people::codes::{CodeList, Coded};
use jinzai_domain::people::ids::{Id, IdRule};
use jinzai_domain::people::search_key;
use jinzai_domain::people::unit::RecordProblem;
use jinzai_domain::report::{Column, Table, Value};
use jinzai_domain::text::{TextKind, first_forbidden};
use std::collections::HashMap;

/// A column a file may have: the field, its accepted headers (Japanese
/// first: the first name is the one exports write), whether required.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    pub field: &'static str,
    pub names: &'static [&'static str],
    pub required: bool,
    /// What its cells may hold (one line of 200 characters unless said).
    pub text: TextKind,
}

pub(crate) const fn col(
    field: &'static str,
    names: &'static [&'static str],
    required: bool,
) -> ColumnSpec {
    ColumnSpec {
        field,
        names,
        required,
        text: TextKind::Line,
    }
}

impl ColumnSpec {
    /// A column of names, readings or posts (100 characters).
    pub(crate) const fn name(self) -> ColumnSpec {
        ColumnSpec {
            text: TextKind::Name,
            ..self
        }
    }

    /// A column of notes (4,000 characters, line breaks allowed).
    pub(crate) const fn note(self) -> ColumnSpec {
        ColumnSpec {
            text: TextKind::Note,
            ..self
        }
    }
}

/// Records read from a sheet, with where each came from.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    pub records: Vec<T>,
    /// File row (1 = header) of each record.
    pub rows: Vec<usize>,
    /// Field → 1-based column in the file.
    pub columns: HashMap<&'static str, usize>,
}

impl<T> Parsed<T> {
    /// A problem about `field` of record `index`, placed in the file.
    pub fn problem(&self, index: usize, field: &str, message: Message) -> Problem {
        Problem {
            row: self.rows.get(index).copied().unwrap_or(0),
            col: self.columns.get(field).copied().unwrap_or(1),
            message,
        }
    }

    pub fn place_all(&self, problems: Vec<RecordProblem>) -> Vec<Problem> {
        problems
            .into_iter()
            .map(|p| self.problem(p.index, p.field, p.message))
            .collect()
    }
}

pub(crate) fn map_header(
    sheet: &Sheet,
    spec: &[ColumnSpec],
) -> Result<HashMap<&'static str, usize>, Vec<Problem>> {
    let mut map = HashMap::new();
    let mut problems = Vec::new();
    for (i, h) in sheet.header.iter().enumerate() {
        let h = if i == 0 {
            h.trim_start_matches('\u{feff}')
        } else {
            h.as_str()
        };
        if let Some(c) = first_forbidden(h) {
            problems.push(Problem {
                row: 1,
                col: i + 1,
                message: Message::new("text_bad_character")
                    .arg("code", format!("U+{:04X}", u32::from(c))),
            });
            continue;
        }
        let key = search_key(h);
        if key.is_empty() {
            continue;
        }
        match spec
            .iter()
            .find(|c| c.names.iter().any(|n| search_key(n) == key))
        {
            Some(c) if map.contains_key(c.field) => problems.push(Problem {
                row: 1,
                col: i + 1,
                message: Message::new("imports_column_twice").arg("column", h),
            }),
            Some(c) => {
                map.insert(c.field, i + 1);
            }
            None => problems.push(Problem {
                row: 1,
                col: i + 1,
                message: Message::new("imports_column_unknown")
                    .arg(
                        "join",
                        spec.iter()
                            .map(|c| c.names[0])
                            .collect::<Vec<_>>()
                            .join("・"),
                    )
                    .arg("column", h),
            }),
        }
    }
    for c in spec
        .iter()
        .filter(|c| c.required && !map.contains_key(c.field))
    {
        problems.push(Problem {
            row: 1,
            col: sheet.header.len() + 1,
            message: Message::new("imports_column_missing").arg("names", c.names[0]),
        });
    }
    if problems.is_empty() {
        Ok(map)
    } else {
        Err(problems)
    }
}

/// Rows below this many are read on the calling thread; above, the rows
/// are split among the machine's cores.
const PARALLEL_ROWS: usize = 20_000;

/// Reads each non-blank row through `build`, collecting every problem.
/// Large sheets are read in parallel chunks; records and problems keep the
/// file's order either way.
pub(crate) fn read_rows<T: Send>(
    sheet: &Sheet,
    spec: &[ColumnSpec],
    build: impl Fn(&mut Row<'_>) -> Option<T> + Sync,
) -> Result<Parsed<T>, Vec<Problem>> {
    let columns = map_header(sheet, spec)?;
    // Each column's rule, by position (a column not read: the loosest).
    let mut kinds = vec![TextKind::Note; sheet.header.len()];
    for (field, col) in &columns {
        if let (Some(k), Some(c)) = (
            kinds.get_mut(col - 1),
            spec.iter().find(|c| c.field == *field),
        ) {
            *k = c.text;
        }
    }
    let read = |first: usize, rows: &[Vec<String>]| {
        let mut out = Chunk {
            records: Vec::with_capacity(rows.len()),
            rows: Vec::with_capacity(rows.len()),
            problems: Vec::new(),
        };
        for (i, cells) in rows.iter().enumerate() {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = first + i + 2;
            let mut row = Row {
                cells,
                columns: &columns,
                row: line,
                problems: Vec::new(),
                spec,
            };
            row.check_cells(&kinds);
            let record = build(&mut row);
            if row.problems.is_empty() {
                if let Some(r) = record {
                    out.records.push(r);
                    out.rows.push(line);
                }
            } else {
                out.problems.append(&mut row.problems);
            }
        }
        out
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunks: Vec<Chunk<T>> = if threads < 2 || sheet.rows.len() < PARALLEL_ROWS {
        vec![read(0, &sheet.rows)]
    } else {
        let size = sheet.rows.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let read = &read;
            let handles: Vec<_> = sheet
                .rows
                .chunks(size)
                .enumerate()
                .map(|(n, rows)| scope.spawn(move || read(n * size, rows)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    };
    let mut parsed = Parsed {
        records: Vec::with_capacity(sheet.rows.len()),
        rows: Vec::with_capacity(sheet.rows.len()),
        columns: HashMap::new(),
    };
    let mut problems = Vec::new();
    for mut chunk in chunks {
        parsed.records.append(&mut chunk.records);
        parsed.rows.append(&mut chunk.rows);
        problems.append(&mut chunk.problems);
    }
    if problems.is_empty() {
        parsed.columns = columns;
        Ok(parsed)
    } else {
        Err(problems)
    }
}

/// What one thread read of a sheet's rows.
struct Chunk<T> {
    records: Vec<T>,
    rows: Vec<usize>,
    problems: Vec<Problem>,
}

/// One row being read: typed getters that record problems in place.
pub(crate) struct Row<'a> {
    cells: &'a [String],
    columns: &'a HashMap<&'static str, usize>,
    row: usize,
    problems: Vec<Problem>,
    spec: &'a [ColumnSpec],
}

impl<'a> Row<'a> {
    /// Every cell against its column's rule (`kinds`, by position), and
    /// nothing beyond the header's last column (an unquoted comma in a cell
    /// splits it there).
    fn check_cells(&mut self, kinds: &[TextKind]) {
        for (i, cell) in self.cells.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let message = match kinds.get(i) {
                None => Message::new("imports_cell_beyond_header")
                    .arg("columns", kinds.len())
                    .arg("text", cell.chars().take(40).collect::<String>()),
                Some(kind) => match jinzai_domain::text::check(cell, *kind) {
                    Ok(()) => continue,
                    Err(m) => m,
                },
            };
            self.problems.push(Problem {
                row: self.row,
                col: i + 1,
                message,
            });
        }
    }

    pub(crate) fn col(&self, field: &str) -> usize {
        self.columns.get(field).copied().unwrap_or(0)
    }

    pub(crate) fn fail(&mut self, field: &str, message: Message) {
        let col = self.col(field);
        self.problems.push(Problem {
            row: self.row,
            col,
            message,
        });
    }

    pub(crate) fn opt(&self, field: &str) -> Option<String> {
        self.cell(field).map(str::to_owned)
    }

    /// The cell of `field`, trimmed; `None` when empty or not in the file.
    fn cell(&self, field: &str) -> Option<&'a str> {
        let c = self.col(field);
        let cells: &'a [String] = self.cells;
        cells
            .get(c.checked_sub(1)?)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    pub(crate) fn req(&mut self, field: &str) -> String {
        match self.opt(field) {
            Some(v) => v,
            None => {
                let name = self
                    .spec
                    .iter()
                    .find(|c| c.field == field)
                    .map_or(field, |c| c.names[0]);
                self.fail(field, Message::new("imports_cell_empty").arg("name", name));
                String::new()
            }
        }
    }

    /// An optional key (staff number, unit code), folded and checked.
    pub(crate) fn id_opt<R: IdRule>(&mut self, field: &str) -> Option<Id<R>> {
        let text = self.cell(field)?;
        Id::parse(text)
            .map_err(|message| self.fail(field, message))
            .ok()
    }

    /// A required key; when it is missing or bad the row has failed and the
    /// empty key returned is never used.
    pub(crate) fn id_req<R: IdRule>(&mut self, field: &str) -> Id<R> {
        if self.cell(field).is_none() {
            self.req(field);
        }
        self.id_opt(field)
            .unwrap_or_else(|| Id::stored(String::new()))
    }

    pub(crate) fn date_opt(&mut self, field: &str) -> Option<NaiveDate> {
        let text = self.cell(field)?;
        match parse_date(text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail(field, e.message());
                None
            }
        }
    }

    pub(crate) fn date_req(&mut self, field: &str) -> NaiveDate {
        if self.cell(field).is_none() {
            self.req(field);
            return NaiveDate::MIN;
        }
        self.date_opt(field).unwrap_or(NaiveDate::MIN)
    }

    pub(crate) fn code_opt(&mut self, field: &str, list: &'static CodeList) -> Option<String> {
        let text = self.opt(field)?;
        match list.parse(&text) {
            Some(code) => Some(code.to_owned()),
            None => {
                self.fail(
                    field,
                    Message::new("imports_code_unknown")
                        .choices("choices", list)
                        .arg("text", text),
                );
                None
            }
        }
    }

    /// A required value of an enumeration, by code or label.
    pub(crate) fn coded_req<T: Coded>(&mut self, field: &str) -> Option<T> {
        if self.cell(field).is_none() {
            self.req(field);
            return None;
        }
        self.code_opt(field, &T::LIST)
            .and_then(|c| T::from_code(&c))
    }

    /// Codes separated by 、 , ; ・ or spaces, each checked against `list`.
    pub(crate) fn codes(&mut self, field: &str, list: &'static CodeList) -> Vec<String> {
        let Some(text) = self.opt(field) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for part in text
            .split(['、', ',', ';', '・', ' ', '　'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match list.parse(part) {
                Some(code) => out.push(code.to_owned()),
                None => self.fail(
                    field,
                    Message::new("imports_code_unknown_in_list")
                        .choices("choices", list)
                        .arg("part", part),
                ),
            }
        }
        out
    }

    /// A whole number (full-width digits and thousands separators allowed).
    pub(crate) fn int_opt(&mut self, field: &str) -> Option<i64> {
        let text = self.opt(field)?;
        let key = jinzai_domain::people::search_key(&text).replace([',', '円', '回', '名'], "");
        match key.parse() {
            Ok(n) => Some(n),
            Err(_) => {
                self.fail(
                    field,
                    Message::new("imports_not_an_integer").arg("text", text),
                );
                None
            }
        }
    }

    /// An amount of yen (`12,000`, `12,000円`, `１２０００`); a problem at
    /// the cell when it is negative, a fraction or no number.
    pub(crate) fn yen_opt(&mut self, field: &str) -> Option<Yen> {
        let text = self.opt(field)?;
        let amount = Yen::parse(&text);
        if amount.is_none() {
            self.fail(
                field,
                Message::new("imports_not_an_amount").arg("text", text),
            );
        }
        amount
    }

    pub(crate) fn int_req(&mut self, field: &str) -> i64 {
        if self.cell(field).is_none() {
            self.req(field);
            return 0;
        }
        self.int_opt(field).unwrap_or(0)
    }

    /// A number (hours `7.5時間`, days `12.5日`).
    pub(crate) fn num_opt(&mut self, field: &str) -> Option<f64> {
        let text = self.opt(field)?;
        let key = jinzai_domain::people::search_key(&text)
            .replace("時間", "")
            .replace('日', "");
        match key.parse() {
            Ok(n) => Some(n),
            Err(_) => {
                self.fail(
                    field,
                    Message::new("imports_not_a_number").arg("text", text),
                );
                None
            }
        }
    }

    /// A yes-or-no cell: ○, はい, 有, 済, yes, true, 1 — or ×, いいえ, 無,
    /// 未, no, false, 0, -; empty is no.
    pub(crate) fn flag(&mut self, field: &str) -> bool {
        let Some(text) = self.opt(field) else {
            return false;
        };
        match jinzai_domain::people::search_key(&text).as_str() {
            "○" | "〇" | "◯" | "✓" | "はい" | "有" | "あり" | "済" | "yes" | "y" | "true" | "1" => {
                true
            }
            "×" | "✕" | "いいえ" | "無" | "なし" | "未" | "no" | "n" | "false" | "0" | "-" => {
                false
            }
            _ => {
                self.fail(field, Message::new("imports_not_a_flag").arg("text", text));
                false
            }
        }
    }

    /// A required fiscal year (2012, 2012年度, H24, 平成24年度).
    pub(crate) fn fiscal_year_req(&mut self, field: &str) -> Option<i32> {
        let year = self.req(field);
        let fy = fiscal_year(&year);
        if fy.is_none() && !year.is_empty() {
            self.fail(
                field,
                Message::new("training_fiscal_year_unreadable").arg("year", year),
            );
        }
        fy
    }

    pub(crate) fn code_req(&mut self, field: &str, list: &'static CodeList) -> String {
        if self.cell(field).is_none() {
            self.req(field);
            return String::new();
        }
        self.code_opt(field, list).unwrap_or_default()
    }
}

impl<T> Parsed<T> {}

pub(crate) fn table(
    title: &str,
    spec: &[ColumnSpec],
    rows: Vec<Vec<Value>>,
    codes: Vec<String>,
) -> Table {
    Table {
        title: title.to_owned(),
        columns: spec
            .iter()
            .map(|c| Column::new(c.field, c.names[0]))
            .collect(),
        rows,
        row_codes: codes,
    }
}

pub(crate) fn text(s: &str) -> Value {
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s.to_owned())
    }
}

pub(crate) fn date(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Empty, |d| Value::Text(d.to_string()))
}

pub(crate) fn label(list: &CodeList, code: Option<&str>) -> Value {
    code.map_or(Value::Empty, |c| text(list.label(c)))
}

/// The domain's checks, placed in the file.
pub(crate) fn checked<T>(
    parsed: Parsed<T>,
    check: fn(&[T]) -> Vec<RecordProblem>,
) -> Result<Parsed<T>, Vec<Problem>> {
    let problems = check(&parsed.records);
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(parsed.place_all(problems))
    }
}

/// A fiscal year as written: 2012, 2012年度, H24, 平成24年度.
pub(crate) fn fiscal_year(text: &str) -> Option<i32> {
    let key = jinzai_domain::people::search_key(text).replace("年度", "");
    if let Ok(y) = key.parse::<i32>() {
        return Some(y);
    }
    jinzai_domain::date::parse_date(&format!("{key}年4月1日"))
        .ok()
        .map(|d| chrono::Datelike::year(&d))
}

pub(crate) fn number(n: Option<impl std::fmt::Display>) -> Value {
    n.map_or(Value::Empty, |n| Value::Text(n.to_string()))
}

pub(crate) fn opt_text<S: std::ops::Deref<Target = str>>(s: &Option<S>) -> Value {
    s.as_deref().map_or(Value::Empty, text)
}
