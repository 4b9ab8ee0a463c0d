//! What the training screens' forms share: reading typed values into
//! field errors, showing those errors in the page's language, and sending a
//! refused form back with 422.

use crate::error::PageError;
use crate::i18n::Lang;
use crate::pages::plan::render;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jinzai_domain::progress::FieldError;

/// A yen amount as typed (full-width digits and commas allowed).
pub fn parse_yen(field: &'static str, raw: &str) -> Result<Option<i64>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    match jinzai_domain::progress::parse_number(raw) {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n < 1e12 => Ok(Some(n as i64)),
        _ => Err(FieldError::new(
            field,
            "bad_amount",
            format!("「{}」は0以上の円単位の金額ではありません", raw.trim()),
            format!("{:?} is not an amount in whole yen", raw.trim()),
        )),
    }
}

/// A count from 1 as typed (a planned number of sessions).
pub fn parse_count(field: &'static str, raw: &str) -> Result<u32, FieldError> {
    jinzai_domain::progress::parse_number(raw)
        .filter(|n| *n >= 1.0 && n.fract() == 0.0 && *n <= 1000.0)
        .map(|n| n as u32)
        .ok_or_else(|| {
            FieldError::new(
                field,
                "bad_count",
                format!("「{}」は1以上の整数で入力してください", raw.trim()),
                format!("{:?} must be a whole number from 1", raw.trim()),
            )
        })
}

/// A date as typed (西暦 or 和暦); empty is `None`.
pub fn parse_day(field: &'static str, raw: &str) -> Result<Option<chrono::NaiveDate>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    jinzai_domain::date::parse_date(raw).map(Some).map_err(|_| {
        FieldError::new(
            field,
            "bad_date",
            format!(
                "「{}」は日付として読めません（例: 2024-04-01、令和6年4月1日）",
                raw.trim()
            ),
            format!("{:?} is not a date (e.g. 2024-04-01)", raw.trim()),
        )
    })
}

/// A date that must be given: `required` (ja, en) says so when it is not.
pub fn required_day(
    field: &'static str,
    raw: &str,
    (ja, en): (&str, &str),
) -> Result<chrono::NaiveDate, FieldError> {
    parse_day(field, raw)?.ok_or_else(|| FieldError::new(field, "required", ja, en))
}

/// A text field as typed, trimmed; empty is `None`.
pub fn opt_text(raw: &str) -> Option<String> {
    Some(raw.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Field errors as (field, message) in the page's language.
pub fn field_messages(errors: &[FieldError], lang: Lang) -> Vec<(&'static str, String)> {
    errors
        .iter()
        .map(|e| (e.field, lang.pick(&e.message_ja, &e.message_en).to_owned()))
        .collect()
}

/// The messages for one field, joined (empty when it has none).
pub fn message_for(errors: &[(&'static str, String)], field: &str) -> String {
    errors
        .iter()
        .filter(|(f, _)| *f == field)
        .map(|(_, m)| m.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A page shown again because its form was refused: 422.
pub fn refused_page(page: &impl Template, lang: Lang) -> Result<Response, PageError> {
    let mut res = render(page, lang)?.into_response();
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_counts_and_dates_are_read_as_people_type_them() {
        assert_eq!(parse_yen("subsidy", "１２，０００"), Ok(Some(12000)));
        assert_eq!(parse_yen("subsidy", "  "), Ok(None));
        for bad in ["-1", "1.5", "千円"] {
            assert_eq!(
                parse_yen("subsidy", bad).unwrap_err().field,
                "subsidy",
                "{bad}"
            );
        }
        assert_eq!(parse_count("n", "３"), Ok(3));
        for bad in ["0", "2.5", "ゼロ", ""] {
            assert_eq!(
                parse_count("n", bad).unwrap_err().code,
                "bad_count",
                "{bad}"
            );
        }
        let day = chrono::NaiveDate::from_ymd_opt(2024, 4, 1);
        assert_eq!(parse_day("applied", "令和6年4月1日"), Ok(day));
        assert_eq!(parse_day("applied", "2024-04-01"), Ok(day));
        assert_eq!(parse_day("applied", ""), Ok(None));
        let missing = required_day("applied", " ", ("申請日を入力", "enter it"));
        assert_eq!(missing.unwrap_err().code, "required");
        assert_eq!(opt_text("  備考 "), Some("備考".into()));
        assert_eq!(opt_text(" \u{3000}"), None);
        assert_eq!(
            parse_day("applied", "2024-13-01").unwrap_err().code,
            "bad_date"
        );
    }
}
