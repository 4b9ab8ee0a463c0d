//! What the training screens' forms share: reading typed values into
//! field errors, showing those errors in the page's language, and sending a
//! refused form back with 422.

use crate::i18n::Lang;
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

pub use crate::http::refused_page;
