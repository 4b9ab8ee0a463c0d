//! Personnel evaluation over the API: the scheme (published criteria), a
//! year's periods, the evaluators' chains and the training exceptions.

use crate::SharedState;
use crate::auth::Who;
use crate::error::ApiError;
use crate::http::extract::Query;
use crate::http::json_body;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use jinzai_domain::evaluation::{Chain, Scheme};
use jinzai_service::evaluation as service;
use jinzai_service::evaluation::TrainingException;
use jinzai_service::training::year_of;
use jinzai_store::ImportSummary;
use jinzai_store::evaluation::StoredPeriod;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// A fiscal year (the current one by default).
    year: Option<i32>,
    /// One evaluatee's staff number.
    evaluatee: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/evaluation/scheme", tag = "evaluation",
    responses((status = 200, description = "The evaluation scheme in force: scale, sheet items and weights, complaint window, publication and training rules", body = Scheme)))]
pub async fn scheme(State(state): State<SharedState>) -> Result<Json<Scheme>, ApiError> {
    Ok(Json(state.store.evaluation_scheme().await?))
}

#[utoipa::path(put, path = "/api/v1/evaluation/scheme", tag = "evaluation", request_body = Scheme,
    responses((status = 200, description = "Set; periods already open keep the scheme they were opened under", body = Scheme),
        (status = 422, description = "Refused, each problem at its field (bands[2].from)")))]
pub async fn set_scheme(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Json<Scheme>, ApiError> {
    let scheme: Scheme = json_body(&body)?;
    service::set_scheme(&state.store, &scheme, &who.actor()).await?;
    Ok(Json(scheme))
}

/// A fiscal year's evaluation periods.
#[derive(Serialize, ToSchema)]
pub struct Periods {
    fiscal_year: i32,
    periods: Vec<StoredPeriod>,
}

#[utoipa::path(get, path = "/api/v1/evaluation/periods", tag = "evaluation", params(YearQuery),
    responses((status = 200, description = "The year's periods (none until HR opens the year)", body = Periods)))]
pub async fn periods(
    State(state): State<SharedState>,
    Query(q): Query<YearQuery>,
) -> Result<Json<Periods>, ApiError> {
    let year = year_of(q.year, state.clock())?;
    Ok(Json(Periods {
        fiscal_year: year.0,
        periods: state.store.evaluation_periods(Some(year)).await?,
    }))
}

/// The year to open.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenYear {
    fiscal_year: i32,
}

#[utoipa::path(post, path = "/api/v1/evaluation/periods", tag = "evaluation", request_body = OpenYear,
    responses((status = 201, description = "The year's periods, opened under the scheme in force", body = Periods),
        (status = 422, description = "The year is open already")))]
pub async fn open_year(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<(StatusCode, Json<Periods>), ApiError> {
    let p: OpenYear = json_body(&body)?;
    let year = year_of(Some(p.fiscal_year), state.clock())?;
    let periods = service::open_year(&state.store, year, &who.actor()).await?;
    Ok((
        StatusCode::CREATED,
        Json(Periods {
            fiscal_year: year.0,
            periods,
        }),
    ))
}

/// A year's chains.
#[derive(Serialize, ToSchema)]
pub struct Chains {
    fiscal_year: i32,
    count: usize,
    chains: Vec<Chain>,
}

#[utoipa::path(get, path = "/api/v1/evaluation/chains", tag = "evaluation", params(YearQuery),
    responses((status = 200, description = "The year's chains, each evaluatee's oldest first: HR every one; anyone else those they are evaluated under or take part in", body = Chains)))]
pub async fn chains(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<YearQuery>,
) -> Result<Json<Chains>, ApiError> {
    let year = year_of(q.year, state.clock())?;
    let chains = service::visible_chains(&state.store, year, &who, q.evaluatee.as_deref()).await?;
    Ok(Json(Chains {
        fiscal_year: year.0,
        count: chains.len(),
        chains,
    }))
}

/// Chains to set: upsert by year, evaluatee and start day.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChainList {
    chains: Vec<Chain>,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DryRun {
    /// Check and summarise, write nothing.
    dry_run: Option<bool>,
}

#[utoipa::path(put, path = "/api/v1/evaluation/chains", tag = "evaluation", params(DryRun), request_body = ChainList,
    responses((status = 200, description = "created / updated / unchanged", body = ImportSummary),
        (status = 422, description = "Nothing written: each problem at chains[i].field")))]
pub async fn save_chains(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<DryRun>,
    body: Bytes,
) -> Result<Json<ImportSummary>, ApiError> {
    let list: ChainList = json_body(&body)?;
    Ok(Json(
        service::save_chains(&state.store, &list.chains, &who, q.dry_run.unwrap_or(false)).await?,
    ))
}

/// A year's evaluators without recent evaluator training.
#[derive(Serialize, ToSchema)]
pub struct Exceptions {
    fiscal_year: i32,
    training_years: u32,
    exceptions: Vec<TrainingException>,
}

#[utoipa::path(get, path = "/api/v1/evaluation/exceptions", tag = "evaluation", params(YearQuery),
    responses((status = 200, description = "Evaluators (一次・二次) of the year's chains without evaluator training within the scheme's years, with HR's reason where one was given", body = Exceptions)))]
pub async fn exceptions(
    State(state): State<SharedState>,
    Query(q): Query<YearQuery>,
) -> Result<Json<Exceptions>, ApiError> {
    let year = year_of(q.year, state.clock())?;
    Ok(Json(Exceptions {
        fiscal_year: year.0,
        training_years: state.store.evaluation_scheme().await?.training_years,
        exceptions: service::training_exceptions(&state.store, year).await?,
    }))
}
