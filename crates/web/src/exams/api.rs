//! 昇任試験 over the API: a year's exams as the caller sees them, setting an
//! exam (HR), applying and withdrawing, an exam's applications with marks
//! and recording a result (HR), and the funnel (HR).

use crate::SharedState;
use crate::auth::Who;
use crate::error::ApiError;
use crate::http::extract::{Path, Query};
use crate::http::json_body;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use jinzai_domain::exams::Exam;
use jinzai_domain::i18n::{Language, Message};
use jinzai_service::exams::{self as service, Funnel};
use jinzai_service::training::year_of;
use jinzai_store::exams::papers::StoredPaper;
use jinzai_store::exams::{StoredApplication, StoredExam};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// Fiscal year (the current one by default).
    year: Option<i32>,
}

/// An exam as the caller sees it.
#[derive(Serialize, ToSchema)]
pub struct Offer {
    exam: StoredExam,
    /// Applications are taken today.
    open: bool,
    /// The caller may sit it (judged on its reference date).
    eligible: bool,
    /// The rule the caller does not meet (English), when not eligible.
    reason: Option<String>,
    reason_ja: Option<String>,
    /// The caller's application, with their result once recorded.
    application: Option<StoredApplication>,
}

/// A year's exams.
#[derive(Serialize, ToSchema)]
pub struct Offers {
    fiscal_year: i32,
    exams: Vec<Offer>,
}

#[utoipa::path(get, path = "/api/v1/exams", tag = "exams", params(YearQuery),
    responses((status = 200, description = "The year's exams, each with the caller's eligibility and application", body = Offers)))]
pub async fn offers(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<YearQuery>,
) -> Result<Json<Offers>, ApiError> {
    let year = year_of(q.year, state.clock())?.0;
    let list = service::offers(&state.store, &who, year).await?;
    Ok(Json(Offers {
        fiscal_year: year,
        exams: list
            .into_iter()
            .map(|o| Offer {
                eligible: o.ineligible.is_none(),
                reason: o.ineligible.as_ref().map(|m| m.render(Language::En)),
                reason_ja: o.ineligible.as_ref().map(|m| m.render(Language::Ja)),
                exam: o.exam,
                open: o.open,
                application: o.application,
            })
            .collect(),
    }))
}

#[utoipa::path(put, path = "/api/v1/exams", tag = "exams", request_body = Exam,
    responses((status = 200, description = "Set (a new exam, or the year's exam for that level changed)", body = StoredExam),
        (status = 422, description = "Refused at its field (level, closes_on, components[i].weight, components …)")))]
pub async fn save(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Json<StoredExam>, ApiError> {
    let exam: Exam = json_body(&body)?;
    Ok(Json(service::save(&state.store, &who, &exam).await?))
}

#[utoipa::path(get, path = "/api/v1/exams/{id}", tag = "exams",
    params(("id" = i64, Path, description = "The exam's id")),
    responses((status = 200, description = "The exam", body = StoredExam), (status = 404, description = "No such exam")))]
pub async fn exam(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
) -> Result<Json<StoredExam>, ApiError> {
    Ok(Json(service::exam(&state.store, id).await?))
}

/// Whose application: none for one's own; HR may name anyone (a paper
/// application).
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Applicant {
    #[serde(default)]
    staff_number: Option<String>,
}

fn applicant(body: &Bytes) -> Result<Applicant, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Applicant::default());
    }
    json_body(body)
}

#[utoipa::path(post, path = "/api/v1/exams/{id}/applications", tag = "exams",
    params(("id" = i64, Path)), request_body(content = Applicant, description = "Empty for one's own application"),
    responses((status = 200, description = "Applied", body = StoredApplication),
        (status = 403, description = "Someone else's, and not HR"),
        (status = 422, description = "Outside the window, applied already, or not eligible (the rule named, at staff_number)")))]
pub async fn apply(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<StoredApplication>, ApiError> {
    let a = applicant(&body)?;
    Ok(Json(
        service::apply(&state.store, &who, id, a.staff_number.as_deref()).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/exams/{id}/applications/{number}/withdrawal", tag = "exams",
    params(("id" = i64, Path), ("number" = String, Path, description = "The applicant's staff number")),
    responses((status = 200, description = "Withdrawn", body = StoredApplication),
        (status = 403, description = "Someone else's, and not HR"),
        (status = 404, description = "No such application"),
        (status = 422, description = "Withdrawn already, or the sitting is recorded")))]
pub async fn withdraw(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((id, number)): Path<(i64, String)>,
) -> Result<Json<StoredApplication>, ApiError> {
    Ok(Json(
        service::withdraw(&state.store, &who, id, Some(&number)).await?,
    ))
}

/// An exam's applications.
#[derive(Serialize, ToSchema)]
pub struct Applications {
    exam: StoredExam,
    applications: Vec<StoredApplication>,
}

#[utoipa::path(get, path = "/api/v1/exams/{id}/applications", tag = "exams",
    params(("id" = i64, Path)),
    responses((status = 200, description = "Every application with its marks (HR; the read audited)", body = Applications)))]
pub async fn applications(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
) -> Result<Json<Applications>, ApiError> {
    let (exam, applications) = service::applications(&state.store, &who, id).await?;
    Ok(Json(Applications { exam, applications }))
}

/// Whether a candidate sat, and their marks in the exam's component order
/// (null where not yet marked).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Sitting {
    sat: bool,
    #[serde(default)]
    scores: Vec<Option<u32>>,
}

#[utoipa::path(put, path = "/api/v1/exams/{id}/applications/{number}/result", tag = "exams",
    params(("id" = i64, Path), ("number" = String, Path)), request_body = Sitting,
    responses((status = 200, description = "Recorded; the total and result follow once every component is marked", body = StoredApplication),
        (status = 404, description = "No such application"),
        (status = 422, description = "A mark out of range (scores[i]), the wrong number of marks, or a withdrawn application")))]
pub async fn result(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((id, number)): Path<(i64, String)>,
    body: Bytes,
) -> Result<Json<StoredApplication>, ApiError> {
    let r: Sitting = json_body(&body)?;
    Ok(Json(
        service::record_result(&state.store, &who, id, &number, r.sat, &r.scores).await?,
    ))
}

/// The funnels of a year's exams.
#[derive(Serialize, ToSchema)]
pub struct Funnels {
    fiscal_year: Option<i32>,
    funnels: Vec<Funnel>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FunnelQuery {
    /// A fiscal year (every year when none).
    year: Option<i32>,
}

#[utoipa::path(get, path = "/api/v1/exam-funnels", tag = "exams", params(FunnelQuery),
    responses((status = 200, description = "Eligible → applied → sat → passed → promoted, whole and by gender, employment type and age class (HR)", body = Funnels)))]
pub async fn funnels(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<FunnelQuery>,
) -> Result<Json<Funnels>, ApiError> {
    Ok(Json(Funnels {
        fiscal_year: q.year,
        funnels: service::funnels(&state.store, &who, q.year).await?,
    }))
}

/// Published past papers (HR: every one).
#[derive(Serialize, ToSchema)]
pub struct Papers {
    papers: Vec<StoredPaper>,
}

#[utoipa::path(get, path = "/api/v1/exam-papers", tag = "exams",
    responses((status = 200, description = "Past papers and model answers, the latest exams first: those published by today (HR: every one)", body = Papers)))]
pub async fn papers(
    State(state): State<SharedState>,
    Who(who): Who,
) -> Result<Json<Papers>, ApiError> {
    Ok(Json(Papers {
        papers: service::papers(&state.store, &who).await?,
    }))
}

#[utoipa::path(get, path = "/api/v1/exam-papers/{id}", tag = "exams",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The file as it was added", content(
            (crate::openapi::FileBytes = "application/pdf"),
            (crate::openapi::FileBytes = "text/plain"))),
        (status = 404, description = "No such paper, or not published yet")))]
pub async fn download(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    let (p, body) = service::paper(&state.store, &who, id).await?;
    Ok(crate::download::stored_file(
        &service::paper_file_name(&p),
        &p.paper.content_type,
        body,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PaperQuery {
    /// question (過去問題) or answer (解答例).
    kind: String,
    title: String,
    /// 公開日: staff read it from this day (西暦 or 和暦).
    published_on: String,
}

#[utoipa::path(post, path = "/api/v1/exams/{id}/papers", tag = "exams",
    params(("id" = i64, Path), PaperQuery),
    request_body(description = "the file itself, at most 10 MiB; the Content-Type header declares which it is", content(
            (crate::openapi::FileBytes = "application/pdf"),
            (crate::openapi::FileBytes = "text/plain"))),
    responses((status = 200, description = "Added", body = StoredPaper),
        (status = 422, description = "Refused at its field (kind, title, published_on, file: not what its type says, or too large)")))]
pub async fn add_paper(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    Query(q): Query<PaperQuery>,
    headers: axum::http::HeaderMap,
    body: axum::body::Body,
) -> Result<Json<StoredPaper>, ApiError> {
    // Read no more than a paper may be.
    let limit = jinzai_domain::exams::MAX_PAPER_BYTES;
    let body = axum::body::to_bytes(body, limit + 1).await.map_err(|_| {
        ApiError(jinzai_service::Failure::Invalid(vec![
            jinzai_domain::progress::FieldError::new(
                "file",
                "too_large",
                Message::new("exams_paper_too_large").arg("mib", limit / 1024 / 1024),
            ),
        ]))
    })?;
    let declared = service::declared_type(
        headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        "",
    );
    let paper = service::paper_from_fields(&q.kind, &q.title, &q.published_on, &declared)
        .map_err(|e| ApiError(jinzai_service::Failure::Invalid(e)))?;
    Ok(Json(
        service::add_paper(&state.store, &who, id, &paper, &body).await?,
    ))
}

/// Done.
#[derive(Serialize, ToSchema)]
pub struct Removed {
    removed: bool,
}

#[utoipa::path(delete, path = "/api/v1/exam-papers/{id}", tag = "exams",
    params(("id" = i64, Path)),
    responses((status = 200, description = "Removed (audited)", body = Removed), (status = 404, description = "No such paper")))]
pub async fn remove_paper(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
) -> Result<Json<Removed>, ApiError> {
    service::remove_paper(&state.store, &who, id).await?;
    Ok(Json(Removed { removed: true }))
}

/// The day of a promotion recorded from a result (the 1 April after the
/// exam when none).
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Promotion {
    #[serde(default)]
    on: Option<chrono::NaiveDate>,
}

#[utoipa::path(post, path = "/api/v1/exams/{id}/applications/{number}/promotion", tag = "exams",
    params(("id" = i64, Path), ("number" = String, Path)),
    request_body(content = Promotion, description = "Empty for the 1 April after the exam"),
    responses((status = 200, description = "The promotion entered as a personnel event and linked", body = StoredApplication),
        (status = 404, description = "No such application"),
        (status = 422, description = "Not passed, or a day outside the exam day … the end of the next fiscal year (at on)")))]
pub async fn promote(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((id, number)): Path<(i64, String)>,
    body: Bytes,
) -> Result<Json<StoredApplication>, ApiError> {
    let p: Promotion = if body.iter().all(u8::is_ascii_whitespace) {
        Promotion::default()
    } else {
        json_body(&body)?
    };
    Ok(Json(
        service::promote(&state.store, &who, id, &number, p.on).await?,
    ))
}
