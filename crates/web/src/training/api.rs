//! Training over the API: the catalogue, sessions and the year's summary
//! (no names), a session's roster with attendance entry (HR), and the
//! records entered one at a time: self-development applications and their
//! steps, and units' OJT plans and sessions.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{ApiError, Failure};
use crate::http::{Routes, json_body};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jinzai_domain::i18n::Message;
use jinzai_service::training as service;
use jinzai_service::training::{YearQuery, year_of};
use jinzai_store::SessionWrite;
use serde::Deserialize;
use serde_json::{Value, json};

pub fn routes() -> Routes {
    use jinzai_domain::access::Permission::*;
    Routes::new("/api/v1")
        .get("/training/courses", ReadTraining, courses)
        .put("/training/courses/{course}", ManageTraining, save_course)
        .get("/training/sessions", ReadTraining, sessions)
        .get("/training/summary", ReadTraining, summary)
        .post("/training/sessions", ManageTraining, save_session)
        .post(
            "/training/sessions/{course}/{start}/roster",
            ManageTraining,
            add_to_roster,
        )
        .get(
            "/training/sessions/{course}/{start}",
            ManageTraining,
            roster,
        )
        .post(
            "/training/sessions/{course}/{start}/attendance",
            ManageTraining,
            record_attendance,
        )
        .get("/self-development", ApplySelfDevelopment, self_development)
        .post(
            "/self-development",
            ApplySelfDevelopment,
            apply_self_development,
        )
        .post(
            "/self-development/{id}",
            ApplySelfDevelopment,
            step_self_development,
        )
        .put("/training/ojt/{unit}/{year}", PlanOjt, save_ojt_plan)
        .post("/training/ojt/{unit}/sessions", PlanOjt, record_ojt_session)
}

#[utoipa::path(get, path = "/api/v1/training/courses", tag = "training",
    responses((status = 200, description = "The training catalogue, by code")))]
pub async fn courses(State(state): State<SharedState>) -> Result<Json<Value>, ApiError> {
    let list = state.store.courses().await?;
    Ok(Json(json!({ "count": list.len(), "courses": list })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseBody {
    title: String,
    category: String,
    provider: Option<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    audience_types: Vec<String>,
    #[serde(default)]
    audience_grades: Vec<String>,
    hours: Option<f64>,
    cost: Option<i64>,
    note: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/training/courses/{course}", tag = "training",
    params(("course" = String, Path, description = "the course code")),
    request_body(content = String, description = r#"{"title": "接遇研修", "category": "in_house", "topics": ["customer_service"], "audience_types": ["skilled_labour", "fiscal_year"], "hours": 3}"#, content_type = "application/json"),
    responses((status = 201, description = "Added to the catalogue"), (status = 200, description = "Changed (topics replaced)"), (status = 422, description = "A field's problem: nothing was recorded")))]
pub async fn save_course(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let b: CourseBody = json_body(&body)?;
    let stored = state.store.courses().await?.iter().any(|c| c.code == code);
    let course = service::read_course(
        &service::CourseFields {
            code,
            title: b.title,
            category: b.category,
            provider: b.provider.unwrap_or_default(),
            topics: b.topics,
            audience_types: b.audience_types,
            audience_grades: b.audience_grades,
            hours: b.hours.map(|h| h.to_string()).unwrap_or_default(),
            cost: b.cost.map(|y| y.to_string()).unwrap_or_default(),
            note: b.note.unwrap_or_default(),
            existing: String::new(),
        },
        stored,
    )
    .map_err(Failure::Invalid)?;
    let created = state.store.save_course(&course, &who.actor()).await?;
    Ok(saved(created, json!({ "course": course })))
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
    let year = year_of(q.year, state.clock())?;
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
    let year = year_of(q.year, state.clock())?;
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

#[utoipa::path(get, path = "/api/v1/training/sessions/{course}/{start}", tag = "training",
    params(("course" = String, Path), ("start" = String, Path, description = "the session's first day, YYYY-MM-DD")),
    responses((status = 200, description = "The session's roster (names: HR only)")))]
pub async fn roster(
    State(state): State<SharedState>,
    Path((course, start)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let start = service::parse_start(&start)?;
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
    let start = service::parse_start(&start)?;
    let a: Attendance = json_body(&body)?;
    let changes: Vec<(String, String)> = a
        .changes
        .into_iter()
        .map(|c| (c.staff_number, c.status))
        .collect();
    let n = state
        .store
        .record_attendance(&course, start, &changes, &who.actor())
        .await?;
    Ok(Json(json!({ "changed": n })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewSession {
    course: String,
    start: String,
    end: Option<String>,
    place: Option<String>,
    capacity: Option<u32>,
    /// The unit that held it (OJT).
    unit: Option<String>,
    note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/training/sessions", tag = "training",
    request_body(content = String, description = r#"{"course": "T01", "start": "2024-06-10", "end": "2024-06-11", "place": "市役所 会議室", "capacity": 30}"#, content_type = "application/json"),
    responses((status = 201, description = "Recorded"), (status = 200, description = "The session of that course and first day, changed"), (status = 422, description = "An unknown course or unit, or a date unread: nothing was recorded")))]
pub async fn save_session(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Response, ApiError> {
    let s: NewSession = json_body(&body)?;
    let courses = state.store.courses().await?;
    let new = service::read_session(
        &service::SessionFields {
            unit: s.unit.unwrap_or_default(),
            course: s.course,
            start: s.start,
            end: s.end.unwrap_or_default(),
            place: s.place.unwrap_or_default(),
            capacity: s.capacity.map(|c| c.to_string()).unwrap_or_default(),
            note: s.note.unwrap_or_default(),
            existing: String::new(),
        },
        &courses,
        None,
    )
    .map_err(Failure::Invalid)?;
    let how = SessionWrite {
        replace: true,
        unit: None,
    };
    let created = state.store.save_session(&new, how, &who.actor()).await?;
    Ok(saved(created, json!({ "session": new })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RosterAddition {
    staff_numbers: Vec<String>,
    /// applied (default), approved or attended.
    status: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/training/sessions/{course}/{start}/roster", tag = "training",
    params(("course" = String, Path), ("start" = String, Path, description = "the session's first day, YYYY-MM-DD")),
    request_body(content = String, description = r#"{"staff_numbers": ["00123", "00124"], "status": "approved"}"#, content_type = "application/json"),
    responses((status = 200, description = "Who was added and who was already on the roster"), (status = 422, description = "An unknown staff number or someone hired after the session: nothing was added")))]
pub async fn add_to_roster(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((course, start)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let start = service::parse_start(&start)?;
    let a: RosterAddition = json_body(&body)?;
    let status = a.status.unwrap_or_else(|| "applied".into());
    let done = state
        .store
        .add_to_roster(&course, start, &a.staff_numbers, &status, &who.actor())
        .await?;
    Ok(Json(json!(done)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfDevelopmentQuery {
    year: Option<i32>,
}

#[utoipa::path(get, path = "/api/v1/self-development", tag = "training",
    params(("year" = Option<i32>, Query, description = "fiscal year of application (the current one by default)")),
    responses((status = 200, description = "Self-development applications of the year: everyone's for HR, else the caller's own")))]
pub async fn self_development(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<SelfDevelopmentQuery>,
) -> Result<Json<Value>, ApiError> {
    let year = year_of(q.year, state.clock())?;
    let list = service::visible_rows(&state.store, &who, year).await?;
    Ok(Json(
        json!({ "fiscal_year": year.0, "count": list.len(), "applications": list }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Application {
    /// HR names the applicant; anyone else applies for themselves.
    staff_number: Option<String>,
    kind: String,
    title: String,
    /// HR only: the date on a paper application (others apply today).
    #[serde(default)]
    applied: String,
    subsidy: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/self-development", tag = "training",
    request_body(content = String, description = r#"{"kind": "qualification", "title": "社会福祉士", "applied": "2024-05-01", "subsidy": 30000} (HR adds "staff_number")"#, content_type = "application/json"),
    responses((status = 201, description = "Recorded as applied; its id"), (status = 422, description = "A field's problem: nothing was recorded")))]
pub async fn apply_self_development(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Response, ApiError> {
    let a: Application = json_body(&body)?;
    let applicant = if service::decides(&who) {
        a.staff_number.clone().unwrap_or_default()
    } else {
        match (&who.staff_number, &a.staff_number) {
            (Some(own), Some(named)) if own != named => {
                return Err(ApiError(Failure::Forbidden(Message::new(
                    "training_apply_for_others_hr_only",
                ))));
            }
            (Some(own), _) => own.clone(),
            (None, _) => {
                return Err(ApiError(Failure::Forbidden(Message::new(
                    "training_no_staff_record",
                ))));
            }
        }
    };
    let fields = service::ApplyFields {
        staff_number: applicant.clone(),
        kind: a.kind,
        title: a.title,
        // Applicants apply as of today; HR may record an earlier one.
        applied: if service::decides(&who) {
            a.applied
        } else {
            service::applicant_date(state.clock())
        },
        subsidy: a.subsidy.map(|y| y.to_string()).unwrap_or_default(),
    };
    let application = service::read_application(&fields, &applicant).map_err(Failure::Invalid)?;
    let id = state
        .store
        .apply_self_development(&application, &who.actor())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "application": application })),
    )
        .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    status: String,
    subsidy: Option<i64>,
    completed: Option<String>,
    qualification: Option<String>,
    /// The reason for a rejection (required then), or a note.
    note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/self-development/{id}", tag = "training",
    params(("id" = i64, Path)),
    request_body(content = String, description = r#"{"status": "approved", "subsidy": 20000} or {"status": "rejected", "note": "理由"} or {"status": "completed", "completed": "2025-02-01", "qualification": "社会福祉士"}; the applicant may send {"status": "withdrawn"}"#, content_type = "application/json"),
    responses((status = 200, description = "The application after the step"), (status = 422, description = "A step the flow does not allow, or a field's problem: nothing changed")))]
pub async fn step_self_development(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let s: Step = json_body(&body)?;
    let row = state.store.self_development_row(id).await?.ok_or_else(|| {
        ApiError(Failure::NotFound(
            Message::new("training_no_application").arg("id", id),
        ))
    })?;
    service::check_step_allowed(&who, &row, &s.status)?;
    let step = service::read_step(&service::StepFields {
        status: s.status,
        subsidy: s.subsidy.map(|y| y.to_string()).unwrap_or_default(),
        completed: s.completed.unwrap_or_default(),
        qualification: s.qualification.unwrap_or_default(),
        note: s.note.unwrap_or_default(),
    })
    .map_err(Failure::Invalid)?;
    let row = state
        .store
        .step_self_development(id, &step, &who.actor())
        .await?;
    Ok(Json(json!(row)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Plan {
    theme: String,
    planned_sessions: u32,
    note: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/training/ojt/{unit}/{year}", tag = "training",
    params(("unit" = String, Path), ("year" = i32, Path, description = "fiscal year")),
    request_body(content = String, description = r#"{"theme": "窓口対応の基本", "planned_sessions": 4, "note": null}"#, content_type = "application/json"),
    responses((status = 201, description = "Recorded"), (status = 200, description = "Changed"), (status = 403, description = "Not one of the caller's units"), (status = 422, description = "A field's problem: nothing was recorded")))]
pub async fn save_ojt_plan(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((unit, year)): Path<(String, i32)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    service::check_unit(&who, &unit)?;
    let p: Plan = json_body(&body)?;
    let plan = service::read_plan(&service::PlanFields {
        unit,
        year: year.to_string(),
        theme: p.theme,
        planned_sessions: p.planned_sessions.to_string(),
        note: p.note.unwrap_or_default(),
    })
    .map_err(Failure::Invalid)?;
    service::check_plan_year(&who, &plan, state.clock()).map_err(Failure::Invalid)?;
    let created = state.store.save_ojt_plan(&plan, &who.actor()).await?;
    Ok(saved(created, json!({ "plan": plan })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OjtSession {
    course: String,
    start: String,
    end: Option<String>,
    place: Option<String>,
    note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/training/ojt/{unit}/sessions", tag = "training",
    params(("unit" = String, Path)),
    request_body(content = String, description = r#"{"course": "OJT01", "start": "2024-06-10", "place": "会議室"}"#, content_type = "application/json"),
    responses((status = 201, description = "Recorded"), (status = 200, description = "Changed"), (status = 403, description = "Not one of the caller's units"), (status = 422, description = "Not an OJT course, a date unread, or another unit's session that day: nothing was recorded")))]
pub async fn record_ojt_session(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(unit): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    service::check_unit(&who, &unit)?;
    let s: OjtSession = json_body(&body)?;
    let courses = state.store.courses().await?;
    let session = service::read_session(
        &service::SessionFields {
            unit,
            course: s.course,
            start: s.start,
            end: s.end.unwrap_or_default(),
            place: s.place.unwrap_or_default(),
            capacity: String::new(),
            note: s.note.unwrap_or_default(),
            existing: String::new(),
        },
        &courses,
        Some("ojt"),
    )
    .map_err(Failure::Invalid)?;
    service::check_held(&who, &session, state.clock()).map_err(Failure::Invalid)?;
    let how = SessionWrite {
        replace: true,
        unit: session.unit_code.as_deref(),
    };
    let created = state
        .store
        .save_session(&session, how, &who.actor())
        .await?;
    Ok(saved(created, json!({ "session": session })))
}

/// 201 for a record created, 200 for one changed.
fn saved(created: bool, body: Value) -> Response {
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    (status, Json(body)).into_response()
}
