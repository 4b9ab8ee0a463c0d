//! What the training screens' forms share: reading typed values into
//! field errors, showing those errors in the page's language, and sending a
//! refused form back with 422.

use crate::error::PageError;
use crate::http::render;
use crate::i18n::Lang;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jinzai_domain::progress::FieldError;

/// Field errors as (field, message) in the page's language.
pub fn field_messages(errors: &[FieldError], lang: Lang) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| (e.field.to_string(), lang.say(&e.message)))
        .collect()
}

/// The messages for one field, joined (empty when it has none).
pub fn message_for(errors: &[(String, String)], field: &str) -> String {
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
