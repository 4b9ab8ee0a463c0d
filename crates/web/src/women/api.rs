//! Women's advancement over the API: a year's figures and the targets,
//! the tables as files, targets, the minimum group size, publishing, the
//! births and leave records; and the public read of a published year.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{ApiError, Failure};
use crate::http::extract::{Path, Query};
use crate::http::json_body;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use jinzai_domain::FiscalYear;
use jinzai_domain::women::{ChildBirth, FamilyLeave, Target};
use jinzai_service::women::{self as service, Overview, Records};
use jinzai_store::women::{FamilyQuery, FamilyRecord};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The fiscal year (the latest ended year with records by default).
    year: Option<i32>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DownloadQuery {
    /// The fiscal year (the latest ended year with records by default).
    year: Option<i32>,
    /// `figures` (the year's items) or `targets` (the national format).
    table: Option<String>,
    /// `xlsx` (default) or `csv`.
    format: Option<String>,
    /// For CSV: `utf-8` (with BOM, default) or `cp932`.
    encoding: Option<String>,
}

/// The year asked for, or the latest ended year with records.
pub(super) async fn year_of(state: &SharedState, year: Option<i32>) -> Result<FiscalYear, Failure> {
    let y = match year {
        Some(y) => FiscalYear(y),
        None => service::default_year(&state.store, state.clock().today()).await?,
    };
    if y.start().is_none() || !(1900..=2200).contains(&y.0) {
        return Err(Failure::BadRequest {
            code: "bad_year",
            message: jinzai_domain::i18n::Message::new("women_year_bad").arg("year", y.0),
        });
    }
    Ok(y)
}

#[utoipa::path(get, path = "/api/v1/women", tag = "women", params(YearQuery),
    responses((status = 200, description = "The year's publication items (small groups withheld), the targets and the national-format table, the published years", body = Overview)))]
pub async fn overview(
    State(state): State<SharedState>,
    Query(q): Query<YearQuery>,
) -> Result<Json<Overview>, ApiError> {
    let year = year_of(&state, q.year).await?;
    Ok(Json(service::overview(&state.store, year).await?))
}

/// The figures or the targets of `o` as a file.
pub(super) fn file(
    o: &Overview,
    table: Option<&str>,
    format: Option<&str>,
    encoding: Option<&str>,
) -> Result<Response, Failure> {
    let (format, encoding) = crate::download::parse_format(format, encoding)?;
    let year = o.figures.fiscal_year;
    match table.unwrap_or("figures") {
        "figures" => crate::download::table_file(
            &jinzai_domain::women::lines_table(year, &o.figures.lines),
            &format!("women-{year}"),
            format,
            encoding,
        ),
        "targets" => crate::download::table_file(
            &o.targets_table,
            &format!("women-targets-{year}"),
            format,
            encoding,
        ),
        _ => Err(Failure::BadRequest {
            code: "unknown_table",
            message: jinzai_domain::i18n::Message::new("women_unknown_table"),
        }),
    }
}

#[utoipa::path(get, path = "/api/v1/women/download", tag = "women", params(DownloadQuery),
    responses((status = 200, description = "The year's items or the targets table as xlsx or CSV (UTF-8 with BOM or CP932)", content(
            (crate::openapi::FileBytes = "text/csv"),
            (crate::openapi::FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, description = "Bad format, or a character CP932 cannot hold (named with its row)")))]
pub async fn download(
    State(state): State<SharedState>,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, ApiError> {
    let year = year_of(&state, q.year).await?;
    let o = service::overview(&state.store, year).await?;
    Ok(file(
        &o,
        q.table.as_deref(),
        q.format.as_deref(),
        q.encoding.as_deref(),
    )?)
}

#[utoipa::path(put, path = "/api/v1/women/targets", tag = "women", request_body = Target,
    responses((status = 200, description = "The targets after the change", body = Targets),
        (status = 422, description = "Refused at its field (item, group, value, year, baseline_year, actions)")))]
pub async fn set_target(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Json<Targets>, ApiError> {
    let t: Target = json_body(&body)?;
    service::set_target(&state.store, &who, &t).await?;
    Ok(Json(Targets {
        targets: state.store.women_targets().await.map_err(Failure::from)?,
    }))
}

/// The city's targets.
#[derive(Serialize, ToSchema)]
#[schema(as = WomenTargets)]
pub struct Targets {
    targets: Vec<Target>,
}

#[utoipa::path(delete, path = "/api/v1/women/targets/{item}/{group}", tag = "women",
    params(("item" = String, Path), ("group" = String, Path)),
    responses((status = 204, description = "Removed"), (status = 404, description = "No such target")))]
pub async fn remove_target(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((item, group)): Path<(String, String)>,
) -> Result<axum::http::StatusCode, ApiError> {
    service::remove_target(&state.store, &who, &item, &group).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// The minimum group size of published figures.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = WomenSettings)]
pub struct Settings {
    min_group: u32,
}

#[utoipa::path(put, path = "/api/v1/women/settings", tag = "women", request_body = Settings,
    responses((status = 200, description = "Set", body = Settings),
        (status = 422, description = "Not from 1 to 1000")))]
pub async fn settings(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Json<Settings>, ApiError> {
    let s: Settings = json_body(&body)?;
    service::set_min_group(&state.store, &who, s.min_group).await?;
    Ok(Json(s))
}

/// Whether a year is published now, and whether this call changed it.
#[derive(Serialize, ToSchema)]
#[schema(as = WomenPublicationState)]
pub struct PublicationState {
    fiscal_year: i32,
    published: bool,
    changed: bool,
}

#[utoipa::path(put, path = "/api/v1/women/publications/{year}", tag = "women",
    params(("year" = i32, Path)),
    responses((status = 200, description = "Published (or already was)", body = PublicationState),
        (status = 409, description = "The year has not ended"),
        (status = 422, description = "Not a fiscal year from 1900 to 2200")))]
pub async fn publish(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(year): Path<i32>,
) -> Result<Json<PublicationState>, ApiError> {
    let today = state.clock().today();
    let changed = service::set_published(&state.store, &who, year, true, today).await?;
    Ok(Json(PublicationState {
        fiscal_year: year,
        published: true,
        changed,
    }))
}

#[utoipa::path(delete, path = "/api/v1/women/publications/{year}", tag = "women",
    params(("year" = i32, Path)),
    responses((status = 200, description = "Withdrawn (or was not published)", body = PublicationState),
        (status = 422, description = "Not a fiscal year from 1900 to 2200")))]
pub async fn unpublish(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(year): Path<i32>,
) -> Result<Json<PublicationState>, ApiError> {
    let today = state.clock().today();
    let changed = service::set_published(&state.store, &who, year, false, today).await?;
    Ok(Json(PublicationState {
        fiscal_year: year,
        published: false,
        changed,
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecordsQuery {
    /// Births in, and leaves begun in, this fiscal year.
    year: Option<i32>,
    /// One person's records.
    number: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/women/records", tag = "women", params(RecordsQuery),
    responses((status = 200, description = "Births and family leave (HR)", body = Records)))]
pub async fn records(
    State(state): State<SharedState>,
    Query(q): Query<RecordsQuery>,
) -> Result<Json<Records>, ApiError> {
    let q = FamilyQuery {
        number: q.number.as_deref(),
        year: q.year.map(FiscalYear),
    };
    Ok(Json(service::records(&state.store, &q).await?))
}

/// The id of a new record.
#[derive(Serialize, ToSchema)]
#[schema(as = WomenCreated)]
pub struct Created {
    id: i64,
}

#[utoipa::path(post, path = "/api/v1/women/births", tag = "women", request_body = ChildBirth,
    responses((status = 200, description = "Recorded", body = Created),
        (status = 422, description = "Refused at its field (staff_number, born_on)")))]
pub async fn add_birth(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Json<Created>, ApiError> {
    let b: ChildBirth = json_body(&body)?;
    Ok(Json(Created {
        id: service::add_birth(&state.store, &who, &b).await?,
    }))
}

#[utoipa::path(post, path = "/api/v1/women/leaves", tag = "women", request_body = FamilyLeave,
    responses((status = 200, description = "Recorded", body = Created),
        (status = 422, description = "Refused at its field (staff_number, kind, from, to, child_born_on)")))]
pub async fn add_leave(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Json<Created>, ApiError> {
    let l: FamilyLeave = json_body(&body)?;
    Ok(Json(Created {
        id: service::add_leave(&state.store, &who, &l).await?,
    }))
}

#[utoipa::path(delete, path = "/api/v1/women/births/{id}", tag = "women",
    params(("id" = i64, Path)),
    responses((status = 204, description = "Removed"), (status = 404, description = "No such record"),
        (status = 422, description = "A leave is recorded for this birth")))]
pub async fn remove_birth(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
) -> Result<axum::http::StatusCode, ApiError> {
    service::remove_record(&state.store, &who, FamilyRecord::Birth, id).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/women/leaves/{id}", tag = "women",
    params(("id" = i64, Path)),
    responses((status = 204, description = "Removed"), (status = 404, description = "No such record")))]
pub async fn remove_leave(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
) -> Result<axum::http::StatusCode, ApiError> {
    service::remove_record(&state.store, &who, FamilyRecord::Leave, id).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/public/women", tag = "reports", params(YearQuery),
    responses((status = 200, description = "A published year's items and the targets (no sign-in needed)", body = Overview),
        (status = 404, description = "The year is not published")))]
pub async fn public(
    State(state): State<SharedState>,
    Query(q): Query<YearQuery>,
) -> Result<Json<Overview>, ApiError> {
    let mut o = service::public_overview(&state.store, q.year).await?;
    // Citizens do not see who published.
    for p in &mut o.publications {
        p.published_by.clear();
    }
    Ok(Json(o))
}
