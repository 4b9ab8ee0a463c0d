//! Errors rendered two ways: an HTML page for people, JSON for the API —
//! each separating the user's mistake from the unexpected.

use crate::i18n::Lang;
use crate::view::ErrorPage;
use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
pub use jinzai_service::Failure;
use serde_json::json;

/// How a failure answers over HTTP.
pub trait FailureHttp {
    fn status(&self) -> StatusCode;
    fn code(&self) -> &'static str;
    fn text(&self, lang: Lang) -> String;
}

impl FailureHttp for Failure {
    fn status(&self) -> StatusCode {
        match self {
            Failure::NotFound(_) => StatusCode::NOT_FOUND,
            Failure::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Failure::Forbidden(_) => StatusCode::FORBIDDEN,
            Failure::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            Failure::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Failure::Invalid(_) | Failure::PlanInvalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Failure::Locked(_) | Failure::Conflict(_) => StatusCode::CONFLICT,
            Failure::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Failure::NotFound(_) => "not_found",
            Failure::Unauthorized(_) => "unauthorized",
            Failure::Forbidden(_) => "forbidden",
            Failure::Throttled(_) => "throttled",
            Failure::BadRequest { code, .. } => code,
            Failure::Invalid(_) => "validation_failed",
            Failure::PlanInvalid(_) => "plan_invalid",
            Failure::Locked(_) => "year_locked",
            Failure::Conflict(_) => "conflict",
            Failure::Internal(_) => "internal",
        }
    }

    fn text(&self, lang: Lang) -> String {
        match self {
            Failure::Invalid(errors) => errors
                .iter()
                .map(|e| format!("{}: {}", e.field, lang.say(&e.message)))
                .collect::<Vec<_>>()
                .join("; "),
            Failure::PlanInvalid(d) => d
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
            other => lang.say(&other.message()),
        }
    }
}

/// An error shown as a page.
#[derive(Debug)]
pub struct PageError(pub Failure, pub Lang);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let PageError(failure, lang) = self;
        let page = ErrorPage {
            lang,
            status: failure.status().as_u16(),
            message: failure.text(lang),
        };
        let body = page.render().unwrap_or_else(|_| "error".to_owned());
        (failure.status(), Html(body)).into_response()
    }
}

/// An error shown as JSON: `{"error": {"code", "message", ...}}`.
#[derive(Debug)]
pub struct ApiError(pub Failure);

impl<E: Into<Failure>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let f = self.0;
        let mut body = json!({ "error": { "code": f.code(), "message": f.text(Lang::En) } });
        match &f {
            Failure::Invalid(errors) => body["error"]["fields"] = json!(errors),
            Failure::PlanInvalid(d) => {
                body["error"]["diagnostics"] = json!(
                    d.iter()
                        .map(|d| json!({"line": d.line, "col": d.col, "message": d.message}))
                        .collect::<Vec<_>>()
                )
            }
            _ => {}
        }
        (f.status(), Json(body)).into_response()
    }
}
