//! 職員公募 over the API: a year's postings as the caller sees them,
//! posting (HR), applying and withdrawing, a posting's applicants (HR:
//! audited; a 所属長: their members' where allowed) and HR's decision.

use crate::SharedState;
use crate::auth::Who;
use crate::error::ApiError;
use crate::http::extract::{Path, Query};
use crate::http::json_body;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use jinzai_domain::i18n::Language;
use jinzai_domain::postings::Posting;
use jinzai_service::postings as service;
use jinzai_service::training::year_of;
use jinzai_store::postings::{StoredApplication, StoredPosting};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// Fiscal year (the current one by default).
    year: Option<i32>,
}

/// A posting as the caller sees it.
#[derive(Serialize, ToSchema)]
#[schema(as = PostingOffer)]
pub struct Offer {
    posting: StoredPosting,
    /// Applications are taken today.
    open: bool,
    /// The caller may apply (judged on the day it opens).
    eligible: bool,
    /// The rule the caller does not meet (English), when not eligible.
    reason: Option<String>,
    reason_ja: Option<String>,
    application: Option<StoredApplication>,
}

/// A year's postings.
#[derive(Serialize, ToSchema)]
#[schema(as = PostingOffers)]
pub struct Offers {
    fiscal_year: i32,
    postings: Vec<Offer>,
}

#[utoipa::path(get, path = "/api/v1/postings", tag = "postings", params(YearQuery),
    responses((status = 200, description = "The year's postings, each with the caller's eligibility and application", body = Offers)))]
pub async fn offers(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<YearQuery>,
) -> Result<Json<Offers>, ApiError> {
    let year = year_of(q.year, state.clock())?.0;
    let list = service::offers(&state.store, &who, year).await?;
    Ok(Json(Offers {
        fiscal_year: year,
        postings: list
            .into_iter()
            .map(|o| Offer {
                eligible: o.ineligible.is_none(),
                reason: o.ineligible.as_ref().map(|m| m.render(Language::En)),
                reason_ja: o.ineligible.as_ref().map(|m| m.render(Language::Ja)),
                posting: o.posting,
                open: o.open,
                application: o.application,
            })
            .collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/postings", tag = "postings", request_body = Posting,
    responses((status = 200, description = "Posted", body = StoredPosting),
        (status = 422, description = "Refused at its field (closes_on, starts_on, unit_code, slots …)")))]
pub async fn create(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Json<StoredPosting>, ApiError> {
    let p: Posting = json_body(&body)?;
    Ok(Json(service::save(&state.store, &who, None, &p).await?))
}

#[utoipa::path(put, path = "/api/v1/postings/{id}", tag = "postings", request_body = Posting,
    params(("id" = i64, Path, description = "The posting's id")),
    responses((status = 200, description = "Changed", body = StoredPosting),
        (status = 404, description = "No such posting"),
        (status = 422, description = "Refused at its field")))]
pub async fn update(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<StoredPosting>, ApiError> {
    let p: Posting = json_body(&body)?;
    Ok(Json(service::save(&state.store, &who, Some(id), &p).await?))
}

/// A posting's applicants as the caller may read them.
#[derive(Serialize, ToSchema)]
#[schema(as = PostingApplicants)]
pub struct Applicants {
    posting: StoredPosting,
    applications: Vec<StoredApplication>,
}

#[utoipa::path(get, path = "/api/v1/postings/{id}/applications", tag = "postings",
    params(("id" = i64, Path)),
    responses((status = 200, description = "HR: every application with its motivation (audited); a 所属長: their members' where the posting allows, without motivations", body = Applicants),
        (status = 403, description = "Neither HR nor a 所属長")))]
pub async fn applications(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
) -> Result<Json<Applicants>, ApiError> {
    let (posting, applications) = service::applications(&state.store, &who, id).await?;
    Ok(Json(Applicants {
        posting,
        applications,
    }))
}

/// An application: the motivation, and whose (HR only: a paper one).
#[derive(Deserialize, ToSchema, Default)]
#[schema(as = PostingApplicationBody)]
#[serde(deny_unknown_fields)]
pub struct ApplicationBody {
    #[serde(default)]
    motivation: Option<String>,
    #[serde(default)]
    staff_number: Option<String>,
}

fn body_of(body: &Bytes) -> Result<ApplicationBody, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(ApplicationBody::default());
    }
    json_body(body)
}

#[utoipa::path(post, path = "/api/v1/postings/{id}/applications", tag = "postings",
    params(("id" = i64, Path)), request_body(content = ApplicationBody, description = "Empty for one's own application without a motivation"),
    responses((status = 200, description = "Applied", body = StoredApplication),
        (status = 403, description = "Someone else's, and not HR"),
        (status = 422, description = "Outside the window, applied already, or not eligible (the rule named, at staff_number)")))]
pub async fn apply(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<StoredApplication>, ApiError> {
    let b = body_of(&body)?;
    Ok(Json(
        service::apply(
            &state.store,
            &who,
            id,
            b.motivation.as_deref(),
            b.staff_number.as_deref(),
        )
        .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/postings/{id}/applications/{number}/withdrawal", tag = "postings",
    params(("id" = i64, Path), ("number" = String, Path, description = "The applicant's staff number")),
    responses((status = 200, description = "Withdrawn", body = StoredApplication),
        (status = 403, description = "Someone else's, and not HR"),
        (status = 422, description = "Decided or withdrawn already")))]
pub async fn withdraw(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((id, number)): Path<(i64, String)>,
) -> Result<Json<StoredApplication>, ApiError> {
    Ok(Json(
        service::withdraw(&state.store, &who, id, Some(&number)).await?,
    ))
}

/// HR's decision.
#[derive(Deserialize, ToSchema)]
#[schema(as = PostingDecision)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    selected: bool,
}

#[utoipa::path(put, path = "/api/v1/postings/{id}/applications/{number}/decision", tag = "postings",
    params(("id" = i64, Path), ("number" = String, Path)), request_body = Decision,
    responses((status = 200, description = "Decided (a selection makes the assignment)", body = StoredApplication),
        (status = 422, description = "Not open, the places filled, or the assignment refused (an overlapping main post …)")))]
pub async fn decide(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((id, number)): Path<(i64, String)>,
    body: Bytes,
) -> Result<Json<StoredApplication>, ApiError> {
    let d: Decision = json_body(&body)?;
    Ok(Json(
        service::decide(&state.store, &who, id, &number, d.selected).await?,
    ))
}
