//! 希望降任 over the API: windows (HR sets them), one's own requests or,
//! for HR and the reviewers, a year's (audited), asking and withdrawing,
//! the decision, the re-promotion reviews due and recorded, and making due
//! demotions take effect (HR).

use crate::SharedState;
use crate::auth::Who;
use crate::error::ApiError;
use crate::http::extract::{Path, Query};
use crate::http::json_body;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use jinzai_domain::demotion::{Decision, Reason, Request, ReviewOutcome, Window};
use jinzai_service::demotion::{self as service, DueReview, RequestView};
use jinzai_store::demotion::{StoredRequest, StoredReview, StoredWindow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Every year's window.
#[derive(Serialize, ToSchema)]
#[schema(as = DemotionWindows)]
pub struct Windows {
    /// Latest year first.
    windows: Vec<StoredWindow>,
}

#[utoipa::path(get, path = "/api/v1/demotion/windows", tag = "demotion",
    responses((status = 200, description = "Every year's window, latest first", body = Windows)))]
pub async fn windows(State(state): State<SharedState>) -> Result<Json<Windows>, ApiError> {
    Ok(Json(Windows {
        windows: service::windows(&state.store).await?,
    }))
}

/// Requests as the caller may read them.
#[derive(Serialize, ToSchema)]
#[schema(as = DemotionRequests)]
pub struct Requests {
    requests: Vec<StoredRequest>,
}

#[utoipa::path(put, path = "/api/v1/demotion/windows", tag = "demotion", request_body = Window,
    responses((status = 200, description = "Opened, or changed", body = StoredWindow),
        (status = 422, description = "Refused at its field (closes_on, effective_on, reviewers[i] …)")))]
pub async fn set_window(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Json<StoredWindow>, ApiError> {
    let w: Window = json_body(&body)?;
    Ok(Json(service::open_window(&state.store, &who, &w).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// A fiscal year: its requests as the caller may read them (HR and the
    /// window's reviewers every one, audited). None: the caller's own.
    year: Option<i32>,
}

#[utoipa::path(get, path = "/api/v1/demotion/requests", tag = "demotion", params(YearQuery),
    responses((status = 200, description = "Requests, by year (latest first) and staff number", body = Requests),
        (status = 404, description = "No window for that year")))]
pub async fn requests(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<YearQuery>,
) -> Result<Json<Requests>, ApiError> {
    Ok(Json(Requests {
        requests: match q.year {
            Some(y) => service::requests(&state.store, &who, y).await?,
            None => service::mine(&state.store, &who).await?,
        },
    }))
}

/// A request for one's own demotion.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NewDemotionRequest)]
pub struct NewRequest {
    /// The window's fiscal year.
    fiscal_year: i32,
    reason: Reason,
    details: String,
    /// The grade wished for (none: one grade down).
    #[serde(default)]
    wished_grade: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/demotion/requests", tag = "demotion", request_body = NewRequest,
    responses((status = 200, description = "Requested (or the waiting request changed)", body = StoredRequest),
        (status = 403, description = "The account has no staff record"),
        (status = 404, description = "No window for that year"),
        (status = 422, description = "Outside the window, decided already, or refused at its field (details, wished_grade)")))]
pub async fn make_request(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Json<StoredRequest>, ApiError> {
    let r: NewRequest = json_body(&body)?;
    let request = Request {
        reason: r.reason,
        details: r.details,
        wished_grade: r.wished_grade,
    };
    Ok(Json(
        service::request(&state.store, &who, r.fiscal_year, &request).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/demotion/requests/{id}", tag = "demotion",
    params(("id" = i64, Path, description = "The request's id")),
    responses((status = 200, description = "The request with its reviews (a read by HR or a reviewer is audited)", body = RequestView),
        (status = 403, description = "Neither the person, HR nor a reviewer of its window"),
        (status = 404, description = "No such request")))]
pub async fn request(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
) -> Result<Json<RequestView>, ApiError> {
    Ok(Json(service::read(&state.store, &who, id).await?))
}

#[utoipa::path(post, path = "/api/v1/demotion/requests/{id}/withdrawal", tag = "demotion",
    params(("id" = i64, Path)),
    responses((status = 200, description = "Withdrawn", body = StoredRequest),
        (status = 403, description = "Someone else's, and not HR"),
        (status = 422, description = "Decided or withdrawn already")))]
pub async fn withdraw(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
) -> Result<Json<StoredRequest>, ApiError> {
    Ok(Json(service::withdraw(&state.store, &who, id).await?))
}

#[utoipa::path(post, path = "/api/v1/demotion/requests/{id}/decision", tag = "demotion",
    params(("id" = i64, Path)), request_body = Decision,
    responses((status = 200, description = "Decided (an approved demotion whose day has come takes effect at once)", body = StoredRequest),
        (status = 403, description = "Not HR nor a reviewer of its window, or one's own request"),
        (status = 422, description = "Withdrawn or decided already, or refused at its field (to_grade, effective_on)")))]
pub async fn decide(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<StoredRequest>, ApiError> {
    let d: Decision = json_body(&body)?;
    Ok(Json(service::decide(&state.store, &who, id, &d).await?))
}

/// The re-promotion reviews the caller is to record this fiscal year.
#[derive(Serialize, ToSchema)]
#[schema(as = DemotionReviewsDue)]
pub struct ReviewsDue {
    due: Vec<DueReview>,
}

#[utoipa::path(get, path = "/api/v1/demotion/reviews", tag = "demotion",
    responses((status = 200, description = "The demotions whose re-promotion review for this fiscal year the caller is to record", body = ReviewsDue)))]
pub async fn due_reviews(
    State(state): State<SharedState>,
    Who(who): Who,
) -> Result<Json<ReviewsDue>, ApiError> {
    Ok(Json(ReviewsDue {
        due: service::due_reviews(&state.store, &who).await?,
    }))
}

/// This fiscal year's re-promotion review.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = DemotionReviewBody)]
pub struct ReviewBody {
    outcome: ReviewOutcome,
    #[serde(default)]
    note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/demotion/requests/{id}/reviews", tag = "demotion",
    params(("id" = i64, Path)), request_body = ReviewBody,
    responses((status = 200, description = "Recorded for this fiscal year", body = StoredReview),
        (status = 403, description = "Not HR nor a reviewer"),
        (status = 422, description = "Not taken effect, or no review is due this year")))]
pub async fn review(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<StoredReview>, ApiError> {
    let b: ReviewBody = json_body(&body)?;
    Ok(Json(
        service::review(&state.store, &who, id, b.outcome, b.note).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/demotion/take-effect", tag = "demotion",
    responses((status = 200, description = "The approved demotions whose day had come, now personnel events", body = Requests)))]
pub async fn take_effect(
    State(state): State<SharedState>,
    Who(who): Who,
) -> Result<Json<Requests>, ApiError> {
    Ok(Json(Requests {
        requests: service::take_effect(&state.store, &who.actor()).await?,
    }))
}
