//! The calendar's API: a year's closed days; HR sets and removes the
//! city's own closures.

use crate::SharedState;
use crate::auth::Who;
use crate::error::ApiError;
use crate::http::extract::{Path, Query};
use crate::http::json_body;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use jinzai_service::calendar::CalendarYear;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
}

#[utoipa::path(get, path = "/api/v1/calendar", tag = "progress",
    params(("year" = Option<i32>, Query, description = "A calendar year (this year by default)")),
    responses((status = 200, description = "The year's closed weekdays (national holidays, 年末年始, the city's closures) and its open days", body = CalendarYear)))]
pub async fn year(
    State(state): State<SharedState>,
    Query(q): Query<YearQuery>,
) -> Result<Json<CalendarYear>, ApiError> {
    let year = q
        .year
        .unwrap_or_else(|| chrono::Datelike::year(&state.clock().today()));
    Ok(Json(
        jinzai_service::calendar::year(&state.store, year).await?,
    ))
}

/// A closure's reason.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosurePayload {
    /// 「庁舎の停電工事のため」
    reason: String,
}

/// What a closure write did.
#[derive(Serialize, ToSchema)]
pub struct ClosureState {
    date: String,
    closed: bool,
    changed: bool,
}

#[utoipa::path(put, path = "/api/v1/calendar/closures/{day}", tag = "progress",
    params(("day" = String, Path, description = "YYYY-MM-DD")), request_body = ClosurePayload,
    responses((status = 200, description = "The day is a closure of the city's (re-worded if it was)", body = ClosureState),
        (status = 422, description = "No reason given")))]
pub async fn set_closure(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Json<ClosureState>, ApiError> {
    let d = jinzai_service::form::path_date(&raw)?;
    let p: ClosurePayload = json_body(&body)?;
    state.store.set_closure(d, &p.reason, &who.actor()).await?;
    Ok(Json(ClosureState {
        date: d.to_string(),
        closed: true,
        changed: true,
    }))
}

#[utoipa::path(delete, path = "/api/v1/calendar/closures/{day}", tag = "progress",
    params(("day" = String, Path, description = "YYYY-MM-DD")),
    responses((status = 200, description = "The day is no longer a closure of the city's (or was not one)", body = ClosureState)))]
pub async fn remove_closure(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(raw): Path<String>,
) -> Result<Json<ClosureState>, ApiError> {
    let d = jinzai_service::form::path_date(&raw)?;
    let changed = state.store.remove_closure(d, &who.actor()).await?;
    Ok(Json(ClosureState {
        date: d.to_string(),
        closed: false,
        changed,
    }))
}
