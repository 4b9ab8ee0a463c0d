//! Health over the API: whether the store is open, a year's check-ups and
//! consultations and a person's file (the health role; every read
//! audited), recording them, and a year's counts per unit (HR and the
//! health role; small units withheld from HR).

use crate::SharedState;
use crate::auth::Who;
use crate::error::ApiError;
use crate::http::extract::{Path, Query};
use crate::http::json_body;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use jinzai_domain::health::committee::Meeting;
use jinzai_domain::health::leak::{Leak as HealthLeak, Report as LeakReportKind};
use jinzai_domain::health::returns::Entry as ReturnEntry;
use jinzai_domain::health::stress::{Group as StressGroup, Record as StressResult};
use jinzai_domain::health::{Checkup, Consultation};
use jinzai_service::health::leaks::{self, Task as LeakTask};
use jinzai_service::health::returns::{self, DueStep, OpenReturn};
use jinzai_service::health::stress::{self, Year as StressYear};
use jinzai_service::health::{self as service, Committee, HealthStatus, PersonFile, YearFigures};
use jinzai_store::health::committee::StoredMeeting;
use jinzai_store::health::leaks::StoredLeak;
use jinzai_store::health::returns::{SharedReturn, StoredReturn};
use jinzai_store::health::stress::{
    Method as StressMethod, Release as StressRelease, StoredStress,
};
use jinzai_store::health::{StoredCheckup, StoredConsultation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The fiscal year (this year by default).
    year: Option<i32>,
}

/// The year asked for, or this fiscal year.
fn year_or_now(state: &SharedState, year: Option<i32>) -> i32 {
    year.unwrap_or_else(|| jinzai_domain::FiscalYear::containing(state.clock().today()).0)
}

#[utoipa::path(get, path = "/api/v1/health/status", tag = "health",
    responses((status = 200, description = "Whether health records can be opened (the server holds the right key)", body = HealthStatus)))]
pub async fn status(State(state): State<SharedState>) -> Json<HealthStatus> {
    Json(service::status(&state.store))
}

#[utoipa::path(get, path = "/api/v1/health/figures", tag = "health", params(YearQuery),
    responses((status = 200, description = "Check-up attendance per unit and in all, consultations held: counts only; units under 10 people withheld except from the health role", body = YearFigures),
        (status = 422, description = "A year outside 1900–2200 (field year)")))]
pub async fn figures(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<YearQuery>,
) -> Result<Json<YearFigures>, ApiError> {
    let year = year_or_now(&state, q.year);
    Ok(Json(service::figures(&state.store, &who, year).await?))
}

/// A year's check-ups.
#[derive(Serialize, ToSchema)]
pub struct Checkups {
    /// By staff number.
    checkups: Vec<StoredCheckup>,
}

#[utoipa::path(get, path = "/api/v1/health/checkups", tag = "health", params(YearQuery),
    responses((status = 200, description = "The year's check-ups, opened (the read is audited)", body = Checkups),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn checkups(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<YearQuery>,
) -> Result<Json<Checkups>, ApiError> {
    let year = year_or_now(&state, q.year);
    Ok(Json(Checkups {
        checkups: service::checkups(&state.store, &who, year).await?,
    }))
}

#[utoipa::path(put, path = "/api/v1/health/checkups", tag = "health", request_body = Checkup,
    responses((status = 200, description = "Recorded, or replaced (one per person and year)", body = StoredCheckup),
        (status = 422, description = "Refused at its field (staff_number, attended_on, outcome, follow_up_done …)"),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn put_checkup(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Json<StoredCheckup>, ApiError> {
    let c: Checkup = json_body(&body)?;
    Ok(Json(service::record_checkup(&state.store, &who, &c).await?))
}

/// A year's consultations.
#[derive(Serialize, ToSchema)]
pub struct Consultations {
    /// Newest first.
    consultations: Vec<StoredConsultation>,
}

#[utoipa::path(get, path = "/api/v1/health/consultations", tag = "health", params(YearQuery),
    responses((status = 200, description = "The year's consultations, opened, newest first (the read is audited)", body = Consultations),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn consultations(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<YearQuery>,
) -> Result<Json<Consultations>, ApiError> {
    let year = year_or_now(&state, q.year);
    Ok(Json(Consultations {
        consultations: service::consultations(&state.store, &who, year).await?,
    }))
}

#[utoipa::path(post, path = "/api/v1/health/consultations", tag = "health", request_body = Consultation,
    responses((status = 201, description = "Recorded", body = StoredConsultation),
        (status = 422, description = "Refused at its field (staff_number, held_on, note …)"),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn add_consultation(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<(axum::http::StatusCode, Json<StoredConsultation>), ApiError> {
    let c: Consultation = json_body(&body)?;
    let saved = service::record_consultation(&state.store, &who, None, &c).await?;
    Ok((axum::http::StatusCode::CREATED, Json(saved)))
}

#[utoipa::path(get, path = "/api/v1/health/consultations/{id}", tag = "health", params(("id" = i64, Path)),
    responses((status = 200, description = "One consultation, opened (the read is audited)", body = StoredConsultation),
        (status = 404, description = "No such consultation"),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn consultation(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
) -> Result<Json<StoredConsultation>, ApiError> {
    Ok(Json(service::consultation(&state.store, &who, id).await?))
}

#[utoipa::path(put, path = "/api/v1/health/consultations/{id}", tag = "health", params(("id" = i64, Path)),
    request_body = Consultation,
    responses((status = 200, description = "Corrected", body = StoredConsultation),
        (status = 404, description = "No such consultation"),
        (status = 422, description = "Refused at its field (staff_number, held_on, note …)"),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn correct_consultation(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<StoredConsultation>, ApiError> {
    let c: Consultation = json_body(&body)?;
    Ok(Json(
        service::record_consultation(&state.store, &who, Some(id), &c).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/health/staff/{number}", tag = "health", params(("number" = String, Path)),
    responses((status = 200, description = "A person's check-ups and consultations, opened (the read is audited)", body = PersonFile),
        (status = 404, description = "No such staff member"),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn person(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(number): Path<String>,
) -> Result<Json<PersonFile>, ApiError> {
    Ok(Json(service::person(&state.store, &who, &number).await?))
}

#[utoipa::path(get, path = "/api/v1/health/committee", tag = "health",
    responses((status = 200, description = "The safety and health committee's meetings, newest first, and the months of the last twelve that passed without one", body = Committee)))]
pub async fn committee(State(state): State<SharedState>) -> Result<Json<Committee>, ApiError> {
    Ok(Json(service::committee(&state.store).await?))
}

#[utoipa::path(post, path = "/api/v1/health/committee", tag = "health", request_body = Meeting,
    responses((status = 201, description = "Recorded", body = StoredMeeting),
        (status = 422, description = "Refused at its field (held_on, attendees, agenda …)")))]
pub async fn add_meeting(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<(axum::http::StatusCode, Json<StoredMeeting>), ApiError> {
    let m: Meeting = json_body(&body)?;
    let saved = service::record_meeting(&state.store, &who, None, &m).await?;
    Ok((axum::http::StatusCode::CREATED, Json(saved)))
}

#[utoipa::path(put, path = "/api/v1/health/committee/{id}", tag = "health", params(("id" = i64, Path)),
    request_body = Meeting,
    responses((status = 200, description = "Corrected (meetings are kept, never deleted)", body = StoredMeeting),
        (status = 404, description = "No such meeting"),
        (status = 422, description = "Refused at its field (held_on, attendees, agenda …)")))]
pub async fn correct_meeting(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<StoredMeeting>, ApiError> {
    let m: Meeting = json_body(&body)?;
    Ok(Json(
        service::record_meeting(&state.store, &who, Some(id), &m).await?,
    ))
}

/// The open return-to-work cases and those ended within a year, with the
/// steps due.
#[derive(Serialize, ToSchema)]
pub struct Returns {
    /// Open cases first.
    cases: Vec<StoredReturn>,
    /// Steps due within a week or overdue, earliest first: the health
    /// staff's reminders.
    due: Vec<DueStep>,
}

#[utoipa::path(get, path = "/api/v1/health/returns", tag = "health",
    responses((status = 200, description = "Return-to-work cases, opened, and the steps due (the read is audited)", body = Returns),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn returns(
    State(state): State<SharedState>,
    Who(who): Who,
) -> Result<Json<Returns>, ApiError> {
    let cases = returns::cases(&state.store, &who).await?;
    let due = returns::due_steps(&cases, state.clock().today());
    Ok(Json(Returns { cases, due }))
}

#[utoipa::path(post, path = "/api/v1/health/returns", tag = "health", request_body = OpenReturn,
    responses((status = 201, description = "The case opened (step 1: the leave began)", body = StoredReturn),
        (status = 422, description = "Refused at its field (staff_number, on, leave_until, note)"),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn open_return(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<(axum::http::StatusCode, Json<StoredReturn>), ApiError> {
    let o: OpenReturn = json_body(&body)?;
    let saved = returns::open(&state.store, &who, &o).await?;
    Ok((axum::http::StatusCode::CREATED, Json(saved)))
}

#[utoipa::path(get, path = "/api/v1/health/returns/{id}", tag = "health", params(("id" = i64, Path)),
    responses((status = 200, description = "One case, opened (the read is audited)", body = StoredReturn),
        (status = 404, description = "No such case"),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn return_case(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
) -> Result<Json<StoredReturn>, ApiError> {
    Ok(Json(returns::case(&state.store, &who, id).await?))
}

#[utoipa::path(post, path = "/api/v1/health/returns/{id}/steps", tag = "health", params(("id" = i64, Path)),
    request_body = ReturnEntry,
    responses((status = 200, description = "The step recorded (the next one, or the latest again as a correction), or the case closed (step = close)", body = StoredReturn),
        (status = 404, description = "No such case"),
        (status = 422, description = "Refused at its field: step out of order (step), a day before the step it follows or a follow-up before the return (on), a stage outside the plan (stages[i].from / to) …"),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn record_return_step(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<StoredReturn>, ApiError> {
    let e: ReturnEntry = json_body(&body)?;
    Ok(Json(returns::record(&state.store, &who, id, &e).await?))
}

/// The returns of a 所属長's members.
#[derive(Serialize, ToSchema)]
pub struct SharedReturns {
    cases: Vec<SharedReturn>,
}

#[utoipa::path(get, path = "/api/v1/health/returns/shared", tag = "health",
    responses((status = 200, description = "The 所属長's members' returns to work: days and the work limits the health staff shared, nothing else (the read is audited)", body = SharedReturns),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn shared_returns(
    State(state): State<SharedState>,
    Who(who): Who,
) -> Result<Json<SharedReturns>, ApiError> {
    Ok(Json(SharedReturns {
        cases: returns::shared(&state.store, &who).await?,
    }))
}

#[utoipa::path(get, path = "/api/v1/health/stress", tag = "health", params(YearQuery),
    responses((status = 200, description = "The stress check of a year: participation per unit and the group analysis (HR: groups under 10 withheld, or merged by the committee's method; the read is audited)", body = StressYear),
        (status = 422, description = "A year outside 1900–2200 (field year)"),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn stress_year(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<YearQuery>,
) -> Result<Json<StressYear>, ApiError> {
    let year = year_or_now(&state, q.year);
    Ok(Json(stress::year(&state.store, &who, year).await?))
}

#[utoipa::path(get, path = "/api/v1/health/stress/groups/{unit}", tag = "health",
    params(("unit" = String, Path), YearQuery),
    responses((status = 200, description = "One unit's group analysis (the read is audited)", body = StressGroup),
        (status = 422, description = "Fewer than 10 of the unit took the check (field unit, code group_too_small): nothing is shown; or a year out of range"),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn stress_group(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(unit): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Json<StressGroup>, ApiError> {
    let year = year_or_now(&state, q.year);
    Ok(Json(stress::unit(&state.store, &who, year, &unit).await?))
}

/// A year's stress-check results.
#[derive(Serialize, ToSchema)]
pub struct StressResults {
    /// By staff number.
    results: Vec<StoredStress>,
}

#[utoipa::path(get, path = "/api/v1/health/stress/results", tag = "health", params(YearQuery),
    responses((status = 200, description = "The year's results, opened (the read is audited)", body = StressResults),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn stress_results(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<YearQuery>,
) -> Result<Json<StressResults>, ApiError> {
    let year = year_or_now(&state, q.year);
    Ok(Json(StressResults {
        results: stress::results(&state.store, &who, year).await?,
    }))
}

#[utoipa::path(put, path = "/api/v1/health/stress/results", tag = "health", request_body = StressResult,
    responses((status = 200, description = "Recorded, or replaced (one per person and year)", body = StoredStress),
        (status = 422, description = "Refused at its field (staff_number, taken_on, scores.demand …, interview_offered_on …)"),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn put_stress_result(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Json<StoredStress>, ApiError> {
    let r: StressResult = json_body(&body)?;
    Ok(Json(stress::record(&state.store, &who, &r).await?))
}

#[utoipa::path(put, path = "/api/v1/health/stress/method", tag = "health", params(YearQuery), request_body = StressMethod,
    responses((status = 204, description = "The committee's method for the year recorded"),
        (status = 422, description = "Refused at its field (approved_on: no committee meeting that day; description)")))]
pub async fn put_stress_method(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<YearQuery>,
    body: Bytes,
) -> Result<axum::http::StatusCode, ApiError> {
    let year = year_or_now(&state, q.year);
    let m: StressMethod = json_body(&body)?;
    stress::set_method(&state.store, &who, year, &m).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// The leaks recorded and the reports still to send.
#[derive(Serialize, ToSchema)]
pub struct Leaks {
    /// The latest discovered first.
    leaks: Vec<StoredLeak>,
    /// Reports not yet sent, the earliest deadline first.
    tasks: Vec<LeakTask>,
}

#[utoipa::path(get, path = "/api/v1/health/leaks", tag = "health",
    responses((status = 200, description = "Suspected leaks of health records, their deadlines and the people affected; the reports still to send", body = Leaks)))]
pub async fn leaks(
    State(state): State<SharedState>,
    Who(who): Who,
) -> Result<Json<Leaks>, ApiError> {
    let leaks = leaks::list(&state.store, &who).await?;
    let tasks = leaks::tasks(&leaks, state.clock().today());
    Ok(Json(Leaks { leaks, tasks }))
}

#[utoipa::path(post, path = "/api/v1/health/leaks", tag = "health", request_body = HealthLeak,
    responses((status = 201, description = "Recorded: the 速報 due in 5 days, the 確報 in 30 (60 when intentional)", body = StoredLeak),
        (status = 422, description = "Refused at its field (discovered_on, description, affected[i])")))]
pub async fn record_leak(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<(axum::http::StatusCode, Json<StoredLeak>), ApiError> {
    let l: HealthLeak = json_body(&body)?;
    let saved = leaks::record(&state.store, &who, &l).await?;
    Ok((axum::http::StatusCode::CREATED, Json(saved)))
}

/// A report marked sent.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeakReportSent {
    report: LeakReportKind,
    sent_on: chrono::NaiveDate,
}

#[utoipa::path(post, path = "/api/v1/health/leaks/{id}/reports", tag = "health", params(("id" = i64, Path)),
    request_body = LeakReportSent,
    responses((status = 200, description = "The report marked sent", body = StoredLeak),
        (status = 404, description = "No such leak"),
        (status = 422, description = "Refused at its field (sent_on before the discovery or the 速報, or ahead of today; report: the 確報 before the 速報)")))]
pub async fn leak_report(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<StoredLeak>, ApiError> {
    let r: LeakReportSent = json_body(&body)?;
    Ok(Json(
        leaks::report(&state.store, &who, id, (r.report, r.sent_on)).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/health/stress/release", tag = "health", params(YearQuery),
    responses((status = 200, description = "The year's group analysis released to HR, frozen as of the year's last day (or today while it runs)", body = StressRelease),
        (status = 422, description = "Released before (field year, code already_released); or a year out of range"),
        (status = 503, description = "The health store is locked: no key, or the wrong key")))]
pub async fn release_stress(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<YearQuery>,
) -> Result<Json<StressRelease>, ApiError> {
    let year = year_or_now(&state, q.year);
    Ok(Json(stress::release(&state.store, &who, year).await?))
}
