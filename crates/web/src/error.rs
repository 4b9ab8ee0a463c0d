//! Errors rendered two ways: an HTML page for people, JSON for the API —
//! each separating the user's mistake from the unexpected.

use crate::i18n::Lang;
use crate::view::ErrorPage;
use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use jinzai_domain::i18n::Language;
use jinzai_domain::progress::{FieldError, FieldErrorJson};
pub use jinzai_service::Failure;

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
            Failure::Busy(_) | Failure::Sealed(_) => StatusCode::SERVICE_UNAVAILABLE,
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
            Failure::Busy(_) => "busy",
            Failure::Sealed(_) => "health_locked",
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
                .map(|d| d.text(lang.language()))
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
            nav: crate::http::nav(lang, None, "", "/".into()),
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

/// What every API error answers with (any 4xx or 5xx).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// An API error: a stable code, a message in English, and what names the
/// places at fault (form fields, plan-file lines, import rows).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    /// The fields at fault (422 `validation_failed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<FieldErrorJson>>)]
    pub fields: Option<Vec<FieldError>>,
    /// The plan file's problems (422 `plan_invalid`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<Vec<Diagnostic>>,
    /// The imported file's problems (422 `import_invalid`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<ImportProblem>>,
}

/// A problem of a plan file, at its line and column.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Diagnostic {
    pub line: usize,
    pub col: usize,
    /// In English.
    pub message: String,
    pub message_ja: String,
}

/// A problem of an imported file, at its row and column.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ImportProblem {
    pub row: usize,
    pub col: usize,
    pub code: String,
    pub message: String,
    pub message_en: String,
}

impl ErrorDetail {
    pub fn new(code: &str, message: String) -> ErrorDetail {
        ErrorDetail {
            code: code.to_owned(),
            message,
            fields: None,
            diagnostics: None,
            problems: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let f = self.0;
        let mut error = ErrorDetail::new(f.code(), f.text(Lang::En));
        let status = f.status();
        match f {
            Failure::Invalid(errors) => error.fields = Some(errors),
            Failure::PlanInvalid(d) => {
                error.diagnostics = Some(
                    d.iter()
                        .map(|d| Diagnostic {
                            line: d.line,
                            col: d.col,
                            message: d.message.render(Language::En),
                            message_ja: d.message.render(Language::Ja),
                        })
                        .collect(),
                )
            }
            _ => {}
        }
        (status, Json(ErrorBody { error })).into_response()
    }
}
