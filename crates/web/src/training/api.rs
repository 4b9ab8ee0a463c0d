//! Training over the API: the catalogue, sessions and the year's summary
//! (no names), a session's roster with attendance entry (HR), and the
//! records entered one at a time: self-development applications and their
//! steps, and units' OJT plans and sessions.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{ApiError, Failure};
use crate::http::extract::{Path, Query};
use crate::http::{Routes, json_body};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use jinzai_domain::i18n::Message;
use jinzai_domain::money::Yen;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::training::support::{OjtPlan, SelfDevelopment};
use jinzai_domain::training::{Course, ParticipationStatus, TrainingCategory, TrainingSession};
use jinzai_service::training as service;
use jinzai_service::training::{YearQuery, year_of};
use jinzai_store::{
    NeedsLine, RosterAdded, RosterLine, SelfDevelopmentRow, SessionRow, SessionWrite, UnitTraining,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn routes() -> Routes {
    use jinzai_domain::access::Permission::*;
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(ReadTraining, routes!(courses))
        .api(ManageTraining, routes!(save_course))
        .api(ReadTraining, routes!(sessions))
        .api(ReadTraining, routes!(summary))
        .api(ManageTraining, routes!(save_session))
        .api(ManageTraining, routes!(add_to_roster))
        .api(ManageTraining, routes!(roster))
        .api(ManageTraining, routes!(record_attendance))
        .api(ApplySelfDevelopment, routes!(self_development))
        .api(ApplySelfDevelopment, routes!(apply_self_development))
        .api(ApplySelfDevelopment, routes!(step_self_development))
        .api(PlanOjt, routes!(save_ojt_plan))
        .api(PlanOjt, routes!(record_ojt_session))
}

/// The training catalogue.
#[derive(Serialize, ToSchema)]
pub struct Courses {
    count: usize,
    courses: Vec<Course>,
}

#[utoipa::path(get, path = "/api/v1/training/courses", tag = "training",
    responses((status = 200, description = "The training catalogue, by code", body = Courses)))]
pub async fn courses(State(state): State<SharedState>) -> Result<Json<Courses>, ApiError> {
    let courses = state.store.courses().await?;
    Ok(Json(Courses {
        count: courses.len(),
        courses,
    }))
}

/// A course as entered: its code is in the path.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseBody {
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
    cost: Option<Yen>,
    note: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/training/courses/{course}", tag = "training",
    params(("course" = String, Path, description = "the course code")),
    request_body(content = CourseBody, example = json!({"title": "接遇研修", "category": "in_house", "topics": ["customer_service"], "audience_types": ["skilled_labour", "fiscal_year"], "hours": 3})),
    responses((status = 201, description = "Added to the catalogue", body = CourseSaved), (status = 200, description = "Changed (topics replaced)", body = CourseSaved), (status = 422, description = "A field's problem: nothing was recorded")))]
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
    Ok(saved(created, CourseSaved { course }))
}

/// A course as recorded.
#[derive(Serialize, ToSchema)]
pub struct CourseSaved {
    course: Course,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SessionsQuery {
    /// Fiscal year (the current one by default).
    year: Option<i32>,
    /// One course's sessions.
    course: Option<String>,
}

/// A year's sessions.
#[derive(Serialize, ToSchema)]
pub struct Sessions {
    fiscal_year: i32,
    count: usize,
    sessions: Vec<SessionRow>,
}

#[utoipa::path(get, path = "/api/v1/training/sessions", tag = "training", params(SessionsQuery),
    responses((status = 200, description = "Sessions whose first day is in the year, with applicants and participants counted", body = Sessions)))]
pub async fn sessions(
    State(state): State<SharedState>,
    Query(q): Query<SessionsQuery>,
) -> Result<Json<Sessions>, ApiError> {
    let year = year_of(q.year, state.clock())?;
    let list = state
        .store
        .sessions(Some(year), q.course.as_deref())
        .await?;
    Ok(Json(Sessions {
        fiscal_year: year.0,
        count: list.len(),
        sessions: list,
    }))
}

/// A year's training without names.
#[derive(Serialize, ToSchema)]
pub struct Summary {
    fiscal_year: i32,
    by_unit: Vec<UnitTraining>,
    needs: Vec<NeedsLine>,
    ojt_plans: Vec<OjtPlanState>,
}

/// A unit's OJT plan, the sessions it held, and whether that is enough.
#[derive(Serialize, ToSchema)]
pub struct OjtPlanState {
    plan: OjtPlan,
    held: i64,
    carried_out: bool,
}

#[utoipa::path(get, path = "/api/v1/training/summary", tag = "training",
    params(("year" = Option<i32>, Query, description = "fiscal year (the current one by default)")),
    responses((status = 200, description = "Training by unit, needs beside the offer, OJT plans with sessions held (no names)", body = Summary)))]
pub async fn summary(
    State(state): State<SharedState>,
    Query(q): Query<YearQuery>,
) -> Result<Json<Summary>, ApiError> {
    let year = year_of(q.year, state.clock())?;
    let store = &state.store;
    let ojt_plans = store
        .ojt_plans(year)
        .await?
        .into_iter()
        .map(|o| OjtPlanState {
            carried_out: o.carried_out(),
            plan: o.plan,
            held: o.held,
        })
        .collect();
    Ok(Json(Summary {
        fiscal_year: year.0,
        by_unit: store.training_by_unit(year).await?,
        needs: store.needs_and_offer(year).await?,
        ojt_plans,
    }))
}

/// A session's roster.
#[derive(Serialize, ToSchema)]
pub struct Roster {
    course: String,
    start: NaiveDate,
    roster: Vec<RosterLine>,
}

#[utoipa::path(get, path = "/api/v1/training/sessions/{course}/{start}", tag = "training",
    params(("course" = String, Path), ("start" = String, Path, description = "the session's first day, YYYY-MM-DD")),
    responses((status = 200, description = "The session's roster (names: HR only)", body = Roster)))]
pub async fn roster(
    State(state): State<SharedState>,
    Path((course, start)): Path<(String, String)>,
) -> Result<Json<Roster>, ApiError> {
    let start = service::parse_start(&start)?;
    let roster = state.store.roster(&course, start).await?;
    Ok(Json(Roster {
        course,
        start,
        roster,
    }))
}

/// One person's new status on the roster.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    staff_number: StaffNumber,
    status: ParticipationStatus,
}

/// Attendance entered for a session.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    changes: Vec<Change>,
}

/// How many entries changed.
#[derive(Serialize, ToSchema)]
pub struct Changed {
    changed: usize,
}

#[utoipa::path(post, path = "/api/v1/training/sessions/{course}/{start}/attendance", tag = "training",
    params(("course" = String, Path), ("start" = String, Path)),
    request_body(content = Attendance, example = json!({"changes": [{"staff_number": "00123", "status": "attended"}]})),
    responses((status = 200, description = "Recorded; how many changed", body = Changed), (status = 422, description = "A person not on the roster or a step the flow does not allow: nothing was recorded")))]
pub async fn record_attendance(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((course, start)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Changed>, ApiError> {
    let start = service::parse_start(&start)?;
    let a: Attendance = json_body(&body)?;
    let changes: Vec<(StaffNumber, ParticipationStatus)> = a
        .changes
        .into_iter()
        .map(|c| (c.staff_number, c.status))
        .collect();
    let n = state
        .store
        .record_attendance(&course, start, &changes, &who.actor())
        .await?;
    Ok(Json(Changed { changed: n }))
}

/// A session to record (or change: same course and first day).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSession {
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
    request_body(content = NewSession, example = json!({"course": "T01", "start": "2024-06-10", "end": "2024-06-11", "place": "市役所 会議室", "capacity": 30})),
    responses((status = 201, description = "Recorded", body = SessionSaved), (status = 200, description = "The session of that course and first day, changed", body = SessionSaved), (status = 422, description = "An unknown course or unit, or a date unread: nothing was recorded")))]
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
    Ok(saved(created, SessionSaved { session: new }))
}

/// A session as recorded.
#[derive(Serialize, ToSchema)]
pub struct SessionSaved {
    session: TrainingSession,
}

/// People to put on a session's roster.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterAddition {
    staff_numbers: Vec<String>,
    /// applied (default), approved or attended.
    status: Option<ParticipationStatus>,
}

#[utoipa::path(post, path = "/api/v1/training/sessions/{course}/{start}/roster", tag = "training",
    params(("course" = String, Path), ("start" = String, Path, description = "the session's first day, YYYY-MM-DD")),
    request_body(content = RosterAddition, example = json!({"staff_numbers": ["00123", "00124"], "status": "approved"})),
    responses((status = 200, description = "Who was added and who was already on the roster", body = RosterAdded), (status = 422, description = "An unknown staff number or someone hired after the session: nothing was added")))]
pub async fn add_to_roster(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((course, start)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<RosterAdded>, ApiError> {
    let start = service::parse_start(&start)?;
    let a: RosterAddition = json_body(&body)?;
    let status = a.status.unwrap_or(ParticipationStatus::Applied);
    let done = state
        .store
        .add_to_roster(&course, start, &a.staff_numbers, status, &who.actor())
        .await?;
    Ok(Json(done))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfDevelopmentQuery {
    year: Option<i32>,
}

/// A year's self-development applications.
#[derive(Serialize, ToSchema)]
pub struct Applications {
    fiscal_year: i32,
    count: usize,
    applications: Vec<SelfDevelopmentRow>,
}

#[utoipa::path(get, path = "/api/v1/self-development", tag = "training",
    params(("year" = Option<i32>, Query, description = "fiscal year of application (the current one by default)")),
    responses((status = 200, description = "Self-development applications of the year: everyone's for HR, else the caller's own", body = Applications)))]
pub async fn self_development(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<SelfDevelopmentQuery>,
) -> Result<Json<Applications>, ApiError> {
    let year = year_of(q.year, state.clock())?;
    let list = service::visible_rows(&state.store, &who, year).await?;
    Ok(Json(Applications {
        fiscal_year: year.0,
        count: list.len(),
        applications: list,
    }))
}

/// A self-development application.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Application {
    /// HR names the applicant; anyone else applies for themselves.
    staff_number: Option<StaffNumber>,
    kind: String,
    title: String,
    /// HR only: the date on a paper application (others apply today).
    #[serde(default)]
    applied: String,
    subsidy: Option<Yen>,
}

#[utoipa::path(post, path = "/api/v1/self-development", tag = "training",
    request_body(content = Application, description = "HR adds `staff_number`", example = json!({"kind": "qualification", "title": "社会福祉士", "applied": "2024-05-01", "subsidy": 30000})),
    responses((status = 201, description = "Recorded as applied; its id", body = Applied), (status = 422, description = "A field's problem: nothing was recorded")))]
pub async fn apply_self_development(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Response, ApiError> {
    let a: Application = json_body(&body)?;
    let applicant = if service::decides(&who) {
        a.staff_number.as_deref().unwrap_or_default().to_owned()
    } else {
        match (&who.staff_number, &a.staff_number) {
            (Some(own), Some(named)) if own != named => {
                return Err(ApiError(Failure::Forbidden(Message::new(
                    "training_apply_for_others_hr_only",
                ))));
            }
            (Some(own), _) => own.to_string(),
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
    Ok((StatusCode::CREATED, Json(Applied { id, application })).into_response())
}

/// An application recorded.
#[derive(Serialize, ToSchema)]
pub struct Applied {
    id: i64,
    application: SelfDevelopment,
}

/// A step of an application: a decision, its completion, or withdrawal.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    status: String,
    subsidy: Option<Yen>,
    completed: Option<String>,
    qualification: Option<String>,
    /// The reason for a rejection (required then), or a note.
    note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/self-development/{id}", tag = "training",
    params(("id" = i64, Path)),
    request_body(content = Step, description = r#"{"status": "approved", "subsidy": 20000} or {"status": "rejected", "note": "理由"} or {"status": "completed", "completed": "2025-02-01", "qualification": "社会福祉士"}; the applicant may send {"status": "withdrawn"}"#),
    responses((status = 200, description = "The application after the step", body = SelfDevelopmentRow), (status = 422, description = "A step the flow does not allow, or a field's problem: nothing changed")))]
pub async fn step_self_development(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<SelfDevelopmentRow>, ApiError> {
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
    Ok(Json(row))
}

/// A unit's OJT plan for a year.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    theme: String,
    planned_sessions: u32,
    note: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/training/ojt/{unit}/{year}", tag = "training",
    params(("unit" = String, Path), ("year" = i32, Path, description = "fiscal year")),
    request_body(content = Plan, example = json!({"theme": "窓口対応の基本", "planned_sessions": 4, "note": null})),
    responses((status = 201, description = "Recorded", body = OjtPlanSaved), (status = 200, description = "Changed", body = OjtPlanSaved), (status = 403, description = "Not one of the caller's units"), (status = 422, description = "A field's problem: nothing was recorded")))]
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
    Ok(saved(created, OjtPlanSaved { plan }))
}

/// An OJT plan as recorded.
#[derive(Serialize, ToSchema)]
pub struct OjtPlanSaved {
    plan: OjtPlan,
}

/// An OJT session a unit held.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OjtSession {
    course: String,
    start: String,
    end: Option<String>,
    place: Option<String>,
    note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/training/ojt/{unit}/sessions", tag = "training",
    params(("unit" = String, Path)),
    request_body(content = OjtSession, example = json!({"course": "OJT01", "start": "2024-06-10", "place": "会議室"})),
    responses((status = 201, description = "Recorded", body = SessionSaved), (status = 200, description = "Changed", body = SessionSaved), (status = 403, description = "Not one of the caller's units"), (status = 422, description = "Not an OJT course, a date unread, or another unit's session that day: nothing was recorded")))]
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
        Some(TrainingCategory::Ojt),
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
    Ok(saved(created, SessionSaved { session }))
}

/// 201 for a record created, 200 for one changed.
fn saved(created: bool, body: impl Serialize) -> Response {
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    (status, Json(body)).into_response()
}
