//! Units, staff and assignments: search and read; import files.

use crate::SharedState;
use crate::auth::{Who, read_staff, visible_members};
use crate::error::{ApiError, Failure};
use crate::http::Routes;
use crate::http::extract::{Path, Query};
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::assignment::Assignment;
use jinzai_domain::people::event::PersonnelEvent;
use jinzai_domain::people::rotation::{RotationCounts, RotationReport};
use jinzai_domain::people::staff::Staff;
use jinzai_domain::people::terms::Term;
use jinzai_domain::people::unit::UnitVersion;
use jinzai_domain::people::unit::as_of;
use jinzai_domain::training::support::SelfDevelopment;
use jinzai_service::people::{PAGE_SIZE, StaffListQuery, on_date};
use jinzai_store::{HistoryLine, StaffRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

pub fn routes() -> Routes {
    use jinzai_domain::access::Permission::*;
    Routes::new(crate::http::API_PREFIX)
        .api(ReadPeople, routes!(staff_list))
        .api(ReadPeople, routes!(staff_member))
        .api(ReadOrganisation, routes!(units))
        .api(ReadOrganisation, routes!(unit))
        .api(AnalysePeople, routes!(rotation))
        .api(AnalysePeople, routes!(events))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StaffApiQuery {
    /// Name, reading or staff number; width- and kana-insensitive.
    q: Option<String>,
    /// Unit code of the primary assignment on `on`.
    unit: Option<String>,
    employment_type: Option<String>,
    job_grade: Option<String>,
    /// A date (西暦 or 和暦); today by default.
    on: Option<String>,
    /// At most 1000; 50 by default.
    limit: Option<i64>,
    offset: Option<i64>,
}

/// A page of the staff list.
#[derive(Serialize, ToSchema)]
pub struct StaffPage {
    on: NaiveDate,
    total: i64,
    staff: Vec<StaffRow>,
}

#[utoipa::path(get, path = "/api/v1/staff", tag = "people", params(StaffApiQuery),
    responses((status = 200, description = "Staff sorted 五十音順 by reading, with the total", body = StaffPage)))]
pub async fn staff_list(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<StaffApiQuery>,
) -> Result<Json<StaffPage>, ApiError> {
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
    Ok(Json(StaffPage {
        on,
        total,
        staff: rows,
    }))
}

/// A staff member's record with their career and training.
#[derive(Serialize, ToSchema)]
pub struct StaffRecord {
    staff: Staff,
    assignments: Vec<Assignment>,
    /// Job grade and employment type over time, oldest first.
    grades: Vec<Term>,
    events: Vec<PersonnelEvent>,
    training: Vec<HistoryLine>,
    self_development: Vec<SelfDevelopment>,
}

#[utoipa::path(get, path = "/api/v1/staff/{number}", tag = "people", params(("number" = String, Path)),
    responses((status = 200, description = "The record and its assignments", body = StaffRecord), (status = 404, description = "No such staff member")))]
pub async fn staff_member(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(number): Path<String>,
) -> Result<Json<StaffRecord>, ApiError> {
    read_staff(&state, &who, &number).await?;
    let (staff, assignments) = state.store.staff_member(&number).await?.ok_or_else(|| {
        ApiError(Failure::NotFound(
            Message::new("people_no_staff_member").arg("number", &number),
        ))
    })?;
    let grades = state.store.grades_of(&number).await?;
    let events = state.store.events_of(&number).await?;
    let training = state.store.training_of(&number).await?;
    let self_development = state.store.self_development_of(&number).await?;
    Ok(Json(StaffRecord {
        staff,
        assignments,
        grades,
        events,
        training,
        self_development,
    }))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OnQuery {
    /// The organisation as of this date; today by default.
    on: Option<String>,
    /// Every version of every unit instead (the list only).
    all: Option<bool>,
}

/// The organisation on a date.
#[derive(Serialize, ToSchema)]
pub struct UnitList {
    on: NaiveDate,
    units: Vec<UnitVersion>,
}

#[utoipa::path(get, path = "/api/v1/units", tag = "people", params(OnQuery),
    responses((status = 200, description = "Unit versions", body = UnitList)))]
pub async fn units(
    State(state): State<SharedState>,
    Query(q): Query<OnQuery>,
) -> Result<Json<UnitList>, ApiError> {
    let on = on_date(q.on.as_deref(), state.clock())?;
    let all = state.store.units().await?;
    let units: Vec<UnitVersion> = if q.all.unwrap_or(false) {
        all
    } else {
        as_of(&all, on).into_iter().cloned().collect()
    };
    Ok(Json(UnitList { on, units }))
}

/// A unit over time, with its members on a date.
#[derive(Serialize, ToSchema)]
pub struct UnitRecord {
    code: String,
    on: NaiveDate,
    versions: Vec<UnitVersion>,
    /// Empty unless `members_visible`.
    members: Vec<UnitMember>,
    /// Whether the caller may see who is in the unit.
    members_visible: bool,
}

/// A member of a unit and their assignment there.
#[derive(Serialize, ToSchema)]
pub struct UnitMember {
    number: StaffNumber,
    name: String,
    kana: String,
    assignment: Assignment,
}

#[utoipa::path(get, path = "/api/v1/units/{code}", tag = "people", params(("code" = String, Path), OnQuery),
    responses((status = 200, description = "Every version of the unit and its members on the date", body = UnitRecord), (status = 404, description = "No such unit")))]
pub async fn unit(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(code): Path<String>,
    Query(q): Query<OnQuery>,
) -> Result<Json<UnitRecord>, ApiError> {
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
    let members = visible_members(&state, &who, &code, on).await?;
    let visible = members.is_some();
    let members = members
        .unwrap_or_default()
        .into_iter()
        .map(|(s, assignment)| UnitMember {
            number: s.number,
            name: s.name,
            kana: s.kana,
            assignment,
        })
        .collect();
    Ok(Json(UnitRecord {
        code,
        on,
        versions,
        members,
        members_visible: visible,
    }))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// An event kind's code or label (exchange_out, 人事交流（派遣）…).
    kind: Option<String>,
    /// Events in force during this fiscal year.
    year: Option<i32>,
}

/// Personnel events.
#[derive(Serialize, ToSchema)]
pub struct EventList {
    count: usize,
    events: Vec<PersonnelEvent>,
}

#[utoipa::path(get, path = "/api/v1/events", tag = "people", params(EventsQuery),
    responses((status = 200, description = "Personnel events by date", body = EventList), (status = 400, description = "Unknown kind")))]
pub async fn events(
    State(state): State<SharedState>,
    Query(q): Query<EventsQuery>,
) -> Result<Json<EventList>, ApiError> {
    use jinzai_domain::people::codes::Coded;
    use jinzai_domain::people::event::{EVENT_KINDS, EventKind};
    let kind = match q.kind.as_deref().filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(EventKind::parse_label(k).ok_or_else(|| {
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
    Ok(Json(EventList {
        count: list.len(),
        events: list,
    }))
}

/// The job-rotation view: one year's report and every year's counts.
#[derive(Serialize, ToSchema)]
pub struct Rotation {
    report: RotationReport,
    counts: Vec<RotationCounts>,
}

#[utoipa::path(get, path = "/api/v1/rotation", tag = "people",
    params(("year" = Option<i32>, Query, description = "fiscal year; the latest with records by default"),
        ("window" = Option<u32>, Query, description = "years since hire in the rotation window (15)"),
        ("long_stay" = Option<u32>, Query, description = "years in one unit counted as a long stay (5)"),
        ("specialist" = Option<u32>, Query, description = "years of service of a specialist (15)")),
    responses((status = 200, description = "The year's rotation report and the counts of every year", body = Rotation)))]
pub async fn rotation(
    State(state): State<SharedState>,
    Query(q): Query<jinzai_service::people::RotationQuery>,
) -> Result<Json<Rotation>, ApiError> {
    let (report, counts) = jinzai_service::people::compute(&state.store, &q).await?;
    Ok(Json(Rotation { report, counts }))
}
