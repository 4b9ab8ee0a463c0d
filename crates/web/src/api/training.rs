//! Training over the API: the catalogue, sessions and the year's summary
//! (no names), and a session's roster with attendance entry (HR).

use super::json_body;
use crate::SharedState;
use crate::auth::Who;
use crate::error::{ApiError, Failure};
use crate::pages::training::{YearQuery, year_of};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use jinzai_store::AttendanceError;
use serde::Deserialize;
use serde_json::{Value, json};

#[utoipa::path(get, path = "/api/v1/training/courses", tag = "training",
    responses((status = 200, description = "The training catalogue, by code")))]
pub async fn courses(State(state): State<SharedState>) -> Result<Json<Value>, ApiError> {
    let list = state.store.courses().await?;
    Ok(Json(json!({ "count": list.len(), "courses": list })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionsQuery {
    year: Option<i32>,
    course: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/training/sessions", tag = "training",
    params(("year" = Option<i32>, Query, description = "fiscal year (the current one by default)"),
        ("course" = Option<String>, Query, description = "one course's sessions")),
    responses((status = 200, description = "Sessions whose first day is in the year, with applicants and participants counted")))]
pub async fn sessions(
    State(state): State<SharedState>,
    Query(q): Query<SessionsQuery>,
) -> Result<Json<Value>, ApiError> {
    let year = year_of(q.year)?;
    let list = state
        .store
        .sessions(Some(year), q.course.as_deref())
        .await?;
    Ok(Json(
        json!({ "fiscal_year": year.0, "count": list.len(), "sessions": list }),
    ))
}

#[utoipa::path(get, path = "/api/v1/training/summary", tag = "training",
    params(("year" = Option<i32>, Query, description = "fiscal year (the current one by default)")),
    responses((status = 200, description = "Training by unit, needs beside the offer, OJT plans with sessions held (no names)")))]
pub async fn summary(
    State(state): State<SharedState>,
    Query(q): Query<YearQuery>,
) -> Result<Json<Value>, ApiError> {
    let year = year_of(q.year)?;
    let store = &state.store;
    let ojt: Vec<Value> = store
        .ojt_plans(year)
        .await?
        .into_iter()
        .map(|o| json!({ "plan": o.plan, "held": o.held, "carried_out": o.carried_out() }))
        .collect();
    Ok(Json(json!({
        "fiscal_year": year.0,
        "by_unit": store.training_by_unit(year).await?,
        "needs": store.needs_and_offer(year).await?,
        "ojt_plans": ojt,
    })))
}

fn start_date(s: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        ApiError(Failure::BadRequest {
            code: "bad_date",
            message: format!("{s:?} is not a date (YYYY-MM-DD)"),
        })
    })
}

#[utoipa::path(get, path = "/api/v1/training/sessions/{course}/{start}", tag = "training",
    params(("course" = String, Path), ("start" = String, Path, description = "the session's first day, YYYY-MM-DD")),
    responses((status = 200, description = "The session's roster (names: HR only)")))]
pub async fn roster(
    State(state): State<SharedState>,
    Path((course, start)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let start = start_date(&start)?;
    let roster = state.store.roster(&course, start).await?;
    Ok(Json(
        json!({ "course": course, "start": start, "roster": roster }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    staff_number: String,
    status: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Attendance {
    changes: Vec<Change>,
}

#[utoipa::path(post, path = "/api/v1/training/sessions/{course}/{start}/attendance", tag = "training",
    params(("course" = String, Path), ("start" = String, Path)),
    request_body(content = String, description = r#"{"changes": [{"staff_number": "00123", "status": "attended"}]}"#, content_type = "application/json"),
    responses((status = 200, description = "Recorded; how many changed"), (status = 422, description = "A person not on the roster or a step the flow does not allow: nothing was recorded")))]
pub async fn record_attendance(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((course, start)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let start = start_date(&start)?;
    let a: Attendance = json_body(&body)?;
    let changes: Vec<(String, String)> = a
        .changes
        .into_iter()
        .map(|c| (c.staff_number, c.status))
        .collect();
    match state
        .store
        .record_attendance(&course, start, &changes, &who.actor())
        .await
    {
        Ok(n) => Ok(Json(json!({ "changed": n }))),
        Err(AttendanceError::Refused(m)) => Err(ApiError(Failure::Invalid(vec![
            jinzai_domain::progress::FieldError {
                field: "changes",
                code: "attendance_refused",
                message_en: m.clone(),
                message_ja: m,
            },
        ]))),
        Err(AttendanceError::NoSession { course, start }) => Err(ApiError(Failure::NotFound(
            format!("no session of {course} starting {start}"),
        ))),
        Err(AttendanceError::Store(e)) => Err(ApiError(e.into())),
    }
}
