//! Sending the progress table as a file (pages and API alike).

use crate::error::Failure;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jinzai_domain::FiscalYear;
use jinzai_domain::i18n::Message;
use jinzai_domain::report::Table;
use jinzai_io::{Encoding, Format};

pub fn parse_format(
    format: Option<&str>,
    encoding: Option<&str>,
) -> Result<(Format, Encoding), Failure> {
    let format = Format::parse(format.unwrap_or("xlsx")).ok_or_else(|| Failure::BadRequest {
        code: "unknown_format",
        message: Message::new("download_unknown_format"),
    })?;
    let encoding = match encoding {
        None | Some("") => Encoding::default(),
        Some(e) => Encoding::parse(e).ok_or_else(|| Failure::BadRequest {
            code: "unknown_encoding",
            message: Message::new("download_unknown_encoding"),
        })?,
    };
    Ok((format, encoding))
}

pub fn file_response(
    t: &Table,
    code: &str,
    year: Option<FiscalYear>,
    format: Format,
    encoding: Encoding,
) -> Result<Response, Failure> {
    let year = year.map(|y| format!("-{}", y.0)).unwrap_or_default();
    table_file(t, &format!("progress-{code}{year}"), format, encoding)
}

/// Sends a table as a file named `stem` (with `-cp932` for a CP932 CSV)
/// and the format's extension.
pub fn table_file(
    t: &Table,
    stem: &str,
    format: Format,
    encoding: Encoding,
) -> Result<Response, Failure> {
    let bytes = jinzai_io::export(t, format, encoding).map_err(|e| match e {
        jinzai_io::ExportError::Unencodable { .. } => Failure::BadRequest {
            code: "unencodable",
            message: Message::new("download_unencodable").arg("detail", e),
        },
        other => Failure::Internal(Message::new("internal_detail").arg("detail", other)),
    })?;
    let suffix = match (format, encoding) {
        (Format::Csv, Encoding::Cp932) => "-cp932",
        _ => "",
    };
    let name = format!("{stem}{suffix}.{}", format.extension());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                format.content_type(encoding).to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Sends a stored file as a download named `name` (its type as stored;
/// text as UTF-8).
pub fn stored_file(name: &str, content_type: &str, body: Vec<u8>) -> Response {
    let content_type = if content_type == "text/plain" {
        "text/plain; charset=utf-8"
    } else {
        content_type
    };
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = url::form_urlencoded::byte_serialize(name.as_bytes()).collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
                    encoded.replace('+', "%20")
                ),
            ),
        ],
        body,
    )
        .into_response()
}
