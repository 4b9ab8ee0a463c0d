//! 自己申告 over the API: a year's window, one's own report, who handed
//! one in, a report (its writer, HR, the named readers) and how the wishes
//! fared.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{ApiError, Failure};
use crate::http::extract::Path;
use crate::http::json_body;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use jinzai_domain::i18n::Message;
use jinzai_domain::progress::FieldError;
use jinzai_domain::self_report::{Report, Window};
use jinzai_service::self_report::{self as service, Reflection, StatusLine};
use jinzai_store::self_report::{StoredReport, StoredWindow};
use serde::Serialize;
use utoipa::ToSchema;

#[utoipa::path(get, path = "/api/v1/self-reports/{year}/window", tag = "self_report",
    params(("year" = i32, Path, description = "A fiscal year")),
    responses((status = 200, description = "The year's window", body = StoredWindow), (status = 404, description = "None set")))]
pub async fn window(
    State(state): State<SharedState>,
    Path(year): Path<i32>,
) -> Result<Json<StoredWindow>, ApiError> {
    state
        .store
        .self_report_window(year)
        .await?
        .map(Json)
        .ok_or_else(|| {
            ApiError(Failure::NotFound(
                Message::new("self_report_no_window").arg("year", year),
            ))
        })
}

#[utoipa::path(put, path = "/api/v1/self-reports/{year}/window", tag = "self_report",
    params(("year" = i32, Path)), request_body = Window,
    responses((status = 200, description = "Set", body = StoredWindow),
        (status = 422, description = "Refused at its field (closes_on, reference_date, readers[i])")))]
pub async fn set_window(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(year): Path<i32>,
    body: Bytes,
) -> Result<Json<StoredWindow>, ApiError> {
    let w: Window = json_body(&body)?;
    if w.fiscal_year != year {
        return Err(ApiError(Failure::Invalid(vec![FieldError::new(
            "fiscal_year",
            "mismatch",
            Message::new("self_report_year_mismatch").arg("year", year),
        )])));
    }
    Ok(Json(service::open_window(&state.store, &who, &w).await?))
}

/// Who has handed in a report.
#[derive(Serialize, ToSchema)]
pub struct Status {
    fiscal_year: i32,
    submitted: usize,
    total: usize,
    staff: Vec<StatusLine>,
}

#[utoipa::path(get, path = "/api/v1/self-reports/{year}/status", tag = "self_report",
    params(("year" = i32, Path)),
    responses((status = 200, description = "Handed in or not: HR and the readers everyone in service on the reference date; a 所属長 their members; anyone else themselves", body = Status)))]
pub async fn status(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(year): Path<i32>,
) -> Result<Json<Status>, ApiError> {
    let staff = service::status(&state.store, &who, year).await?;
    Ok(Json(Status {
        fiscal_year: year,
        submitted: staff.iter().filter(|s| s.submitted).count(),
        total: staff.len(),
        staff,
    }))
}

/// Done.
#[derive(Serialize, ToSchema)]
pub struct Submitted {
    submitted: bool,
}

#[utoipa::path(put, path = "/api/v1/self-reports/{year}/mine", tag = "self_report",
    params(("year" = i32, Path)), request_body = Report,
    responses((status = 200, description = "Handed in (or replaced)", body = Submitted),
        (status = 422, description = "Outside the window, or refused at its field (wishes[i].unit …)")))]
pub async fn submit(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(year): Path<i32>,
    body: Bytes,
) -> Result<Json<Submitted>, ApiError> {
    let r: Report = json_body(&body)?;
    service::submit(&state.store, &who, year, &r).await?;
    Ok(Json(Submitted { submitted: true }))
}

#[utoipa::path(get, path = "/api/v1/self-reports/{year}/reflection", tag = "self_report",
    params(("year" = i32, Path)),
    responses((status = 200, description = "How the wishes fared by the next 1 April (HR and the named readers; audited)", body = Reflection),
        (status = 403, description = "Not HR or a named reader")))]
pub async fn reflection(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(year): Path<i32>,
) -> Result<Json<Reflection>, ApiError> {
    Ok(Json(service::reflection(&state.store, &who, year).await?))
}

#[utoipa::path(get, path = "/api/v1/self-reports/{year}/{number}", tag = "self_report",
    params(("year" = i32, Path), ("number" = String, Path)),
    responses((status = 200, description = "The report (its writer; HR and the named readers, audited)", body = StoredReport),
        (status = 403, description = "Not the reader's"), (status = 404, description = "None handed in")))]
pub async fn report(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((year, number)): Path<(i32, String)>,
) -> Result<Json<StoredReport>, ApiError> {
    service::read(&state.store, &who, year, &number)
        .await?
        .map(Json)
        .ok_or_else(|| {
            ApiError(Failure::NotFound(
                Message::new("self_report_none").arg("number", &number),
            ))
        })
}
