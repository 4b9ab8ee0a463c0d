//! HR imports (データ取込): every import kind, uploaded on screen or posted to the API.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{ApiError, Failure};
use crate::error::{ErrorBody, ErrorDetail, ImportProblem};
use crate::http::extract::{Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jinzai_domain::i18n::Language;
use jinzai_domain::i18n::Message;
use jinzai_io::import::{Outcome, import_from};
use jinzai_io::read::InputEncoding;
use jinzai_service::people::on_date;
use jinzai_store::ImportSummary;
use serde::{Deserialize, Serialize};

/// An import done (or checked, on a dry run).
#[derive(Serialize, utoipa::ToSchema)]
pub struct Imported {
    kind: String,
    dry_run: bool,
    summary: ImportSummary,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    dry_run: Option<bool>,
    encoding: Option<String>,
    as_of: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/imports/{kind}", tag = "people",
    params(("kind" = String, Path, description = "what the file holds: units, staff, assignments … (HR), health_checkups, health_consultations, health_returns, health_stress (the health role)"),
        ("dry_run" = Option<bool>, Query, description = "check and summarise, write nothing"),
        ("encoding" = Option<String>, Query, description = "auto (default), utf-8 or cp932"),
        ("as_of" = Option<String>, Query, description = "staff: 基準日, the day changed job grades and employment types hold from (西暦 or 和暦; today by default)")),
    request_body(content = String, content_type = "text/csv", description = "the file itself: CSV or xlsx"),
    responses((status = 200, description = "created / updated / unchanged", body = Imported),
        (status = 403, description = "This kind is not the caller's to import (HR files: HR; health records: the health role)", body = ErrorBody),
        (status = 404, description = "No such kind", body = ErrorBody),
        (status = 422, description = "Nothing written: error.problems lists row, col, message", body = ErrorBody)))]
pub async fn import(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(kind): Path<String>,
    Query(q): Query<ImportQuery>,
    body: axum::body::Body,
) -> Result<Response, ApiError> {
    let k = super::kind_for(&who, &kind)?;
    let enc = InputEncoding::parse(q.encoding.as_deref().unwrap_or("auto")).ok_or_else(|| {
        ApiError(Failure::BadRequest {
            code: "unknown_encoding",
            message: Message::new("imports_unknown_encoding"),
        })
    })?;
    let dry_run = q.dry_run.unwrap_or(false);
    let as_of = on_date(q.as_of.as_deref(), state.clock())?;
    // Spooled to disk as it arrives (at most IMPORT_LIMIT), then read as
    // it is parsed.
    let file = crate::http::upload::spool(body.into_data_stream())
        .await?
        .into_reader()
        .map_err(|e| {
            ApiError(Failure::Internal(
                Message::new("internal_detail").arg("detail", e),
            ))
        })?;
    match import_from(
        &state.store,
        k,
        file,
        enc,
        jinzai_store::ImportOptions::by(&who.actor(), "api")
            .with_dry_run(dry_run)
            .with_as_of(Some(as_of)),
    )
    .await?
    {
        Outcome::Done(s) => {
            if !dry_run {
                jinzai_service::people::warm_rotation(&state.store);
            }
            Ok(Json(Imported {
                kind,
                dry_run,
                summary: s,
            })
            .into_response())
        }
        Outcome::Problems(problems) => {
            let list: Vec<ImportProblem> = problems
                .iter()
                .map(|p| ImportProblem {
                    row: p.row,
                    col: p.col,
                    code: p.message.key.to_owned(),
                    message: p.message.render(Language::Ja),
                    message_en: p.message.render(Language::En),
                })
                .collect();
            let mut error = ErrorDetail::new(
                "import_invalid",
                format!("{} problem(s); nothing was written", list.len()),
            );
            error.problems = Some(list);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(ErrorBody { error })).into_response())
        }
    }
}
