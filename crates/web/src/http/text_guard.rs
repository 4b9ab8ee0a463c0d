//! Every text a request brings is held to the rule of
//! [`jinzai_domain::text`] before any handler sees it: a form field or a
//! JSON string (at any depth) with a control character, a byte-order mark,
//! or more than a note's length is refused with 422 naming the field (its
//! name, or its path in the JSON body), so nothing reaches either database
//! that one of them would store and the other refuse. Files (imports,
//! plans) are checked by their readers, cell by cell.

use crate::error::{ApiError, Failure, PageError};
use crate::i18n::Lang;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jinzai_domain::progress::FieldError;
use jinzai_domain::text::{TextKind, check};

/// Bodies larger than this are left to the handler's own limit.
const LIMIT: usize = 2 * 1024 * 1024;

pub async fn guard(req: Request, next: Next) -> Response {
    let kind = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    let (form, json) = match kind.as_deref() {
        Some("application/x-www-form-urlencoded") => (true, false),
        Some(k) if k == "application/json" || k.ends_with("+json") => (false, true),
        _ => (false, false),
    };
    if !form && !json {
        return next.run(req).await;
    }
    let lang = Lang::from_headers(req.headers());
    // Nested routers see their path without the prefix: take the original.
    let api = req
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| req.uri().path().to_owned(), |u| u.path().to_owned())
        .starts_with(crate::http::API_PREFIX);
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, LIMIT).await else {
        return refuse(
            api,
            lang,
            Failure::BadRequest {
                code: "body_too_large",
                message: jinzai_domain::i18n::Message::new("body_too_large")
                    .arg("limit", LIMIT / 1024 / 1024),
            },
        );
    };
    let bad = if form {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|pairs| {
                pairs.into_iter().find_map(|(k, v)| {
                    check(&k, TextKind::Note)
                        .and_then(|()| check(&v, TextKind::Note))
                        .err()
                        .map(|m| FieldError::new(k, "bad_text", m))
                })
            })
    } else {
        serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| first_bad(&v, &mut String::new()))
    };
    if let Some(e) = bad {
        return refuse(api, lang, Failure::Invalid(vec![e]));
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn refuse(api: bool, lang: Lang, f: Failure) -> Response {
    if api {
        ApiError(f).into_response()
    } else {
        PageError(f, lang).into_response()
    }
}

/// The first string (or key) in `v` that breaks the rule, at its path
/// (`changes[1].status`).
fn first_bad(v: &serde_json::Value, path: &mut String) -> Option<FieldError> {
    use serde_json::Value;
    match v {
        Value::String(s) => check(s, TextKind::Note)
            .err()
            .map(|m| FieldError::new(path.clone(), "bad_text", m)),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let found = first_bad(item, path);
            path.truncate(len);
            found
        }),
        Value::Object(map) => map.iter().find_map(|(k, item)| {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(k);
            let found = check(k, TextKind::Note)
                .err()
                .map(|m| FieldError::new(path.clone(), "bad_text", m))
                .or_else(|| first_bad(item, path));
            path.truncate(len);
            found
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::first_bad;

    #[test]
    fn the_bad_string_is_named_by_its_path() {
        let v = serde_json::json!({"a": "ok", "changes": [{"x": 1}, {"status": "do\u{0}ne"}]});
        let e = first_bad(&v, &mut String::new());
        assert_eq!(
            e.map(|e| e.field.into_owned()).as_deref(),
            Some("changes[1].status")
        );
        let v = serde_json::json!({"name": "山田\u{feff}太郎"});
        assert_eq!(
            first_bad(&v, &mut String::new())
                .map(|e| e.field.into_owned())
                .as_deref(),
            Some("name")
        );
        assert!(first_bad(&serde_json::json!({"note": "一\n二"}), &mut String::new()).is_none());
        let long = "x".repeat(4_001);
        assert!(first_bad(&serde_json::json!([long]), &mut String::new()).is_some());
    }
}
