//! File formats: tables (the progress table) written as xlsx, CSV in UTF-8
//! with BOM or CP932, and JSON.

pub mod csv_out;
pub mod import;
pub mod read;
pub mod xlsx_out;

use jinzai_domain::report::Table;

/// Export formats of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
pub enum Format {
    Xlsx,
    Csv,
    Json,
}

/// Character encodings for CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, strum::EnumString)]
#[strum(ascii_case_insensitive)]
pub enum Encoding {
    /// UTF-8 with a byte-order mark, so Excel opens it correctly.
    #[default]
    #[strum(serialize = "utf8", serialize = "utf8bom")]
    Utf8Bom,
    /// Windows-31J (Shift_JIS as Japanese Windows uses it).
    #[strum(
        serialize = "cp932",
        serialize = "shiftjis",
        serialize = "sjis",
        serialize = "windows31j"
    )]
    Cp932,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        s.parse().ok()
    }

    pub fn extension(self) -> &'static str {
        self.into()
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
    /// `utf-8`, `UTF8`, `cp932`, `Shift_JIS` …: case, `-` and `_` aside.
    pub fn parse(s: &str) -> Option<Encoding> {
        s.replace(['-', '_'], "").parse().ok()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::InputEncoding;

    #[test]
    fn formats_and_encodings_are_read_as_people_write_them() {
        assert_eq!(Format::parse("XLSX"), Some(Format::Xlsx));
        assert_eq!(Format::parse("csv"), Some(Format::Csv));
        assert_eq!(Format::parse("pdf"), None);
        assert_eq!(Format::Json.extension(), "json");
        for s in ["utf-8", "UTF8", "utf_8_bom"] {
            assert_eq!(Encoding::parse(s), Some(Encoding::Utf8Bom), "{s}");
        }
        for s in ["cp932", "Shift_JIS", "SJIS", "Windows-31J"] {
            assert_eq!(Encoding::parse(s), Some(Encoding::Cp932), "{s}");
            assert_eq!(InputEncoding::parse(s), Some(InputEncoding::Cp932), "{s}");
        }
        assert_eq!(Encoding::parse("latin1"), None);
        assert_eq!(InputEncoding::parse("auto"), Some(InputEncoding::Detect));
        assert_eq!(InputEncoding::parse("UTF-8"), Some(InputEncoding::Utf8));
    }
}
