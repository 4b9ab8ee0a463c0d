//! Units, staff and assignments: search and read; import files.

use crate::SharedState;
use crate::auth::{Who, read_staff, sees_members};
use crate::error::{ApiError, Failure};
use crate::http::Routes;
use axum::Json;
use axum::extract::{Path, Query, State};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::unit::as_of;
use jinzai_service::people::{PAGE_SIZE, StaffListQuery, on_date};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffApiQuery {
    q: Option<String>,
    unit: Option<String>,
    employment_type: Option<String>,
    job_grade: Option<String>,
    on: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

pub fn routes() -> Routes {
    use jinzai_domain::access::Permission::*;
    Routes::new("/api/v1")
        .get("/staff", ReadPeople, staff_list)
        .get("/staff/{number}", ReadPeople, staff_member)
        .get("/units", ReadOrganisation, units)
        .get("/units/{code}", ReadOrganisation, unit)
        .get("/rotation", AnalysePeople, rotation)
        .get("/events", AnalysePeople, events)
}

#[utoipa::path(get, path = "/api/v1/staff", tag = "people",
    params(("q" = Option<String>, Query, description = "name, reading or staff number; width- and kana-insensitive"),
        ("unit" = Option<String>, Query, description = "unit code of the primary assignment on `on`"),
        ("employment_type" = Option<String>, Query), ("job_grade" = Option<String>, Query),
        ("on" = Option<String>, Query, description = "date (西暦 or 和暦); today by default"),
        ("limit" = Option<i64>, Query, description = "at most 1000; 50 by default"), ("offset" = Option<i64>, Query)),
    responses((status = 200, description = "Staff sorted 五十音順 by reading, with the total")))]
pub async fn staff_list(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<StaffApiQuery>,
) -> Result<Json<Value>, ApiError> {
    let on = on_date(q.on.as_deref(), state.clock())?;
    let limit = q.limit.unwrap_or(PAGE_SIZE).clamp(1, 1000);
    let list_q = StaffListQuery {
        q: q.q,
        unit: q.unit,
        employment_type: q.employment_type,
        job_grade: q.job_grade,
        on: None,
        page: None,
    };
    let mut query = list_q.to_store(&who, on, limit);
    query.offset = q.offset.unwrap_or(0).max(0);
    let (rows, total) = state.store.staff_list(&query).await?;
    Ok(Json(json!({ "on": on, "total": total, "staff": rows })))
}

#[utoipa::path(get, path = "/api/v1/staff/{number}", tag = "people", params(("number" = String, Path)),
    responses((status = 200, description = "The record and its assignments"), (status = 404, description = "No such staff member")))]
pub async fn staff_member(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(number): Path<String>,
) -> Result<Json<Value>, ApiError> {
    read_staff(&state, &who, &number).await?;
    let (staff, assignments) = state.store.staff_member(&number).await?.ok_or_else(|| {
        ApiError(Failure::NotFound(
            Message::new("people_no_staff_member").arg("number", &number),
        ))
    })?;
    let events = state.store.events_of(&number).await?;
    let training = state.store.training_of(&number).await?;
    let self_development = state.store.self_development_of(&number).await?;
    Ok(Json(json!({
        "staff": staff, "assignments": assignments, "events": events,
        "training": training, "self_development": self_development,
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnQuery {
    on: Option<String>,
    all: Option<bool>,
}

#[utoipa::path(get, path = "/api/v1/units", tag = "people",
    params(("on" = Option<String>, Query, description = "the organisation as of this date; today by default"),
        ("all" = Option<bool>, Query, description = "every version of every unit instead")),
    responses((status = 200, description = "Unit versions")))]
pub async fn units(
    State(state): State<SharedState>,
    Query(q): Query<OnQuery>,
) -> Result<Json<Value>, ApiError> {
    let on = on_date(q.on.as_deref(), state.clock())?;
    let all = state.store.units().await?;
    let list: Vec<_> = if q.all.unwrap_or(false) {
        all.iter().collect()
    } else {
        as_of(&all, on)
    };
    Ok(Json(json!({ "on": on, "units": list })))
}

#[utoipa::path(get, path = "/api/v1/units/{code}", tag = "people",
    params(("code" = String, Path), ("on" = Option<String>, Query)),
    responses((status = 200, description = "Every version of the unit and its members on the date"), (status = 404, description = "No such unit")))]
pub async fn unit(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(code): Path<String>,
    Query(q): Query<OnQuery>,
) -> Result<Json<Value>, ApiError> {
    let on = on_date(q.on.as_deref(), state.clock())?;
    let versions: Vec<_> = state
        .store
        .units()
        .await?
        .into_iter()
        .filter(|u| u.code == code)
        .collect();
    if versions.is_empty() {
        return Err(ApiError(Failure::NotFound(
            Message::new("people_no_unit").arg("code", code),
        )));
    }
    let visible = sees_members(&who, &code);
    let members: Vec<Value> = if visible {
        state.store.unit_members(&code, on).await?
    } else {
        Vec::new()
    }
    .into_iter()
    .map(|(s, a)| json!({ "number": s.number, "name": s.name, "kana": s.kana, "assignment": a }))
    .collect();
    Ok(Json(
        json!({ "code": code, "on": on, "versions": versions, "members": members, "members_visible": visible }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    kind: Option<String>,
    year: Option<i32>,
}

#[utoipa::path(get, path = "/api/v1/events", tag = "people",
    params(("kind" = Option<String>, Query, description = "an event kind code or label (exchange_out, 人事交流（派遣）…)"),
        ("year" = Option<i32>, Query, description = "events in force during this fiscal year")),
    responses((status = 200, description = "Personnel events by date"), (status = 400, description = "Unknown kind")))]
pub async fn events(
    State(state): State<SharedState>,
    Query(q): Query<EventsQuery>,
) -> Result<Json<Value>, ApiError> {
    use jinzai_domain::people::event::EVENT_KINDS;
    let kind = match q.kind.as_deref().filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(EVENT_KINDS.parse(k).ok_or_else(|| {
            ApiError(Failure::BadRequest {
                code: "unknown_kind",
                message: Message::new("people_event_kind_unknown_filter")
                    .choices("choices", &EVENT_KINDS)
                    .arg("kind", k),
            })
        })?),
    };
    let year = q.year.map(jinzai_domain::FiscalYear);
    let list = state
        .store
        .events(
            kind,
            year.and_then(|y| y.start()),
            year.and_then(|y| y.end()),
        )
        .await?;
    Ok(Json(json!({ "count": list.len(), "events": list })))
}

#[utoipa::path(get, path = "/api/v1/rotation", tag = "people",
    params(("year" = Option<i32>, Query, description = "fiscal year; the latest with records by default"),
        ("window" = Option<u32>, Query, description = "years since hire in the rotation window (15)"),
        ("long_stay" = Option<u32>, Query, description = "years in one unit counted as a long stay (5)"),
        ("specialist" = Option<u32>, Query, description = "years of service of a specialist (15)")),
    responses((status = 200, description = "The year's rotation report and the counts of every year")))]
pub async fn rotation(
    State(state): State<SharedState>,
    Query(q): Query<jinzai_service::people::RotationQuery>,
) -> Result<Json<Value>, ApiError> {
    let (report, counts) = jinzai_service::people::compute(&state.store, &q).await?;
    Ok(Json(json!({ "report": report, "counts": counts })))
}
