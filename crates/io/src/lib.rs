//! File formats: tables (the progress table) written as xlsx, CSV in UTF-8
//! with BOM or CP932, and JSON.

pub mod csv_out;
pub mod import;
pub mod read;
pub mod xlsx_out;

use jinzai_domain::report::Table;

/// Export formats of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
    Json,
}

/// Character encodings for CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 with a byte-order mark, so Excel opens it correctly.
    #[default]
    Utf8Bom,
    /// Windows-31J (Shift_JIS as Japanese Windows uses it).
    Cp932,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    pub fn content_type(self, encoding: Encoding) -> &'static str {
        match (self, encoding) {
            (Format::Xlsx, _) => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            (Format::Csv, Encoding::Utf8Bom) => "text/csv; charset=utf-8",
            (Format::Csv, Encoding::Cp932) => "text/csv; charset=Shift_JIS",
            (Format::Json, _) => "application/json",
        }
    }
}

impl Encoding {
    pub fn parse(s: &str) -> Option<Encoding> {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "utf8" | "utf8bom" => Some(Encoding::Utf8Bom),
            "cp932" | "shiftjis" | "sjis" | "windows31j" => Some(Encoding::Cp932),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "row {row} (item {code}), column 「{column}」: the character {ch:?} (U+{codepoint:04X}) cannot be written in CP932; export as UTF-8 instead or change the text"
    )]
    Unencodable {
        row: usize,
        code: String,
        column: String,
        ch: char,
        codepoint: u32,
    },
    #[error("writing CSV failed: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing xlsx failed: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("writing JSON failed: {0}")]
    Json(#[from] serde_json::Error),
}

/// Writes `table` in `format` to bytes.
pub fn export(table: &Table, format: Format, encoding: Encoding) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Xlsx => xlsx_out::write(table),
        Format::Csv => csv_out::write(table, encoding),
        Format::Json => Ok(serde_json::to_vec_pretty(&table.to_json())?),
    }
}
