//! Reading what people type into any form or path: dates (西暦 or 和暦)
//! into field errors, a date in a path. Every module's use cases share it.

use crate::Failure;
use chrono::NaiveDate;
use jinzai_domain::i18n::Message;
use jinzai_domain::progress::FieldError;

/// A date as typed (西暦 or 和暦); empty is `None`.
pub fn parse_day(field: &'static str, raw: &str) -> Result<Option<chrono::NaiveDate>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    jinzai_domain::date::parse_date(raw).map(Some).map_err(|_| {
        FieldError::new(
            field,
            "bad_date",
            Message::new("field_bad_date").arg("value", raw.trim()),
        )
    })
}

/// A date that must be given: `missing` says so when it is not.
pub fn required_day(
    field: &'static str,
    raw: &str,
    missing: Message,
) -> Result<chrono::NaiveDate, FieldError> {
    parse_day(field, raw)?.ok_or_else(|| FieldError::new(field, "required", missing))
}

/// A date as a path gives it (YYYY-MM-DD): a session's first day, a
/// closure's day.
pub fn path_date(s: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| Failure::BadRequest {
        code: "bad_date",
        message: Message::new("iso_date_bad").arg("text", s),
    })
}
