//! 出前講座 over the API: the public catalogue; the year's requests, one
//! request, a request taken by phone, the decision and the delivery; the
//! catalogue and the rules. (Citizens ask through the public page, whose
//! form guards against bots; the API takes requests from staff only.)

use crate::SharedState;
use crate::auth::Who;
use crate::error::{ApiError, ErrorBody};
use crate::http::extract::{Path, Query};
use crate::http::json_body;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use jinzai_domain::outreach::{Decision, Delivery, Lecture, Request, Settings};
use jinzai_service::outreach as service;
use jinzai_store::outreach::{StoredLecture, StoredRequest};
use serde::{Deserialize, Serialize};

/// Lectures of the catalogue, by number.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = OutreachLectures)]
pub struct Lectures {
    lectures: Vec<StoredLecture>,
}

/// Requests, newest first.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = OutreachRequests)]
pub struct RequestList {
    requests: Vec<StoredRequest>,
}

#[utoipa::path(get, path = "/api/v1/public/outreach/lectures", tag = "outreach",
    responses((status = 200, description = "The lectures offered to citizens' groups", body = Lectures)))]
pub async fn catalogue(State(state): State<SharedState>) -> Result<Json<Lectures>, ApiError> {
    Ok(Json(Lectures {
        lectures: service::catalogue(&state.store).await?,
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The fiscal year (this one by default): requests asked for or
    /// delivered in it, and every one still open.
    year: Option<i32>,
}

#[utoipa::path(get, path = "/api/v1/outreach/requests", tag = "outreach", params(YearQuery),
    responses((status = 200, description = "Requests (HR: every one; a 所属長: their departments' lectures'), newest first", body = RequestList),
        (status = 403, description = "Not HR nor a 所属長", body = ErrorBody)))]
pub async fn requests(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<YearQuery>,
) -> Result<Json<RequestList>, ApiError> {
    let year = q.year.unwrap_or_else(|| state.clock().fiscal_year().0);
    Ok(Json(RequestList {
        requests: service::requests(&state.store, &who, year).await?,
    }))
}

#[utoipa::path(post, path = "/api/v1/outreach/requests", tag = "outreach", request_body = Request,
    responses((status = 201, description = "A request taken by phone or at the counter", body = StoredRequest),
        (status = 403, description = "Not the lecture's department", body = ErrorBody),
        (status = 404, description = "No such lecture", body = ErrorBody),
        (status = 422, description = "Refused at its field (the city's rules: audience, days ahead, contact)", body = ErrorBody)))]
pub async fn enter(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<(StatusCode, Json<StoredRequest>), ApiError> {
    let r: Request = json_body(&body)?;
    Ok((
        StatusCode::CREATED,
        Json(service::request_by_staff(&state.store, &who, &r).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/outreach/requests/{id}", tag = "outreach",
    params(("id" = i64, Path, description = "The request's number")),
    responses((status = 200, description = "The request, its decision and delivery", body = StoredRequest),
        (status = 403, description = "Not the lecture's department", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody)))]
pub async fn request(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
) -> Result<Json<StoredRequest>, ApiError> {
    Ok(Json(service::request(&state.store, &who, id).await?))
}

#[utoipa::path(post, path = "/api/v1/outreach/requests/{id}/decision", tag = "outreach",
    params(("id" = i64, Path, description = "The request's number")), request_body = Decision,
    responses((status = 200, description = "Approved or declined", body = StoredRequest),
        (status = 403, description = "Not the lecture's department", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 422, description = "Refused at its field (decided already, a refusal without its reason, a day out of bounds)", body = ErrorBody)))]
pub async fn decide(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<StoredRequest>, ApiError> {
    let d: Decision = json_body(&body)?;
    Ok(Json(service::decide(&state.store, &who, id, &d).await?))
}

#[utoipa::path(post, path = "/api/v1/outreach/requests/{id}/delivery", tag = "outreach",
    params(("id" = i64, Path, description = "The request's number")), request_body = Delivery,
    responses((status = 200, description = "Delivered: 2-5-1 counts it", body = StoredRequest),
        (status = 403, description = "Not the lecture's department", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 422, description = "Refused at its field (not approved, before the request, an unknown lecturer)", body = ErrorBody)))]
pub async fn deliver(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<StoredRequest>, ApiError> {
    let g: Delivery = json_body(&body)?;
    Ok(Json(service::deliver(&state.store, &who, id, &g).await?))
}

#[utoipa::path(get, path = "/api/v1/outreach/lectures", tag = "outreach",
    responses((status = 200, description = "The whole catalogue, offered or not", body = Lectures),
        (status = 403, description = "Not HR nor a 所属長", body = ErrorBody)))]
pub async fn lectures(
    State(state): State<SharedState>,
    Who(who): Who,
) -> Result<Json<Lectures>, ApiError> {
    Ok(Json(Lectures {
        lectures: service::lectures(&state.store, &who).await?,
    }))
}

#[utoipa::path(put, path = "/api/v1/outreach/lectures/{code}", tag = "outreach",
    params(("code" = String, Path, description = "The lecture's number (講座番号)")), request_body = Lecture,
    responses((status = 200, description = "Added or changed", body = StoredLecture),
        (status = 400, description = "The body's code is not the path's", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 422, description = "Refused at its field", body = ErrorBody)))]
pub async fn put_lecture(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Json<StoredLecture>, ApiError> {
    let l: Lecture = json_body(&body)?;
    if l.code != code {
        return Err(ApiError(crate::error::Failure::BadRequest {
            code: "code_mismatch",
            message: jinzai_domain::i18n::Message::new("outreach_code_mismatch"),
        }));
    }
    Ok(Json(service::put_lecture(&state.store, &who, &l).await?))
}

#[utoipa::path(get, path = "/api/v1/outreach/settings", tag = "outreach",
    responses((status = 200, description = "The city's rules for requests", body = Settings)))]
pub async fn settings(State(state): State<SharedState>) -> Result<Json<Settings>, ApiError> {
    Ok(Json(service::settings(&state.store).await?))
}

#[utoipa::path(put, path = "/api/v1/outreach/settings", tag = "outreach", request_body = Settings,
    responses((status = 200, description = "Set", body = Settings),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 422, description = "Refused at its field", body = ErrorBody)))]
pub async fn set_settings(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Json<Settings>, ApiError> {
    let s: Settings = json_body(&body)?;
    Ok(Json(service::set_settings(&state.store, &who, s).await?))
}
