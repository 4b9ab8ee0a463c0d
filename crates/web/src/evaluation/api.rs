//! Personnel evaluation over the API: the scheme (published criteria), a
//! year's periods, the evaluators' chains and the training exceptions.

use crate::SharedState;
use crate::auth::Who;
use crate::error::ApiError;
use crate::http::extract::{Path, Query};
use crate::http::json_body;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use jinzai_domain::evaluation::distribution::Grouping;
use jinzai_domain::evaluation::interview::Interview;
use jinzai_domain::evaluation::sheet::{ComplaintOutcome, SheetStep};
use jinzai_domain::evaluation::{Chain, Scheme};
use jinzai_service::evaluation as service;
use jinzai_service::evaluation::TrainingException;
use jinzai_service::evaluation::distribution::{self as dist, Distribution};
use jinzai_service::evaluation::sheet::{self as sheets, SheetView, StepInput};
use jinzai_service::evaluation::talks::{self, TalkLine};
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

#[utoipa::path(get, path = "/api/v1/evaluation/sheets/{period}/{number}", tag = "evaluation",
    params(("period" = i64, Path, description = "The period's id"), ("number" = String, Path, description = "The evaluatee's staff number")),
    responses((status = 200, description = "The sheet as the reader may see it (HR, the evaluatee, the people in their chain); a read of someone else's is audited", body = SheetView),
        (status = 403, description = "Not the reader's to see"), (status = 404, description = "No such period")))]
pub async fn sheet(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((period, number)): Path<(i64, String)>,
) -> Result<Json<SheetView>, ApiError> {
    Ok(Json(
        sheets::read(&state.store, &who, period, &number).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/evaluation/sheets/{period}/{number}/steps/{step}", tag = "evaluation",
    params(("period" = i64, Path), ("number" = String, Path),
        ("step" = String, Path, description = "submit_goals, agree_goals, return_goals, self_evaluate, rate_first, rate_second, adjust, send_back, confirm, readjust, disclose")),
    request_body = StepInput,
    responses((status = 200, description = "Taken: the sheet after it", body = SheetView),
        (status = 403, description = "Not the reader's step (their place in the chain does not take it)"),
        (status = 409, description = "The sheet moved meanwhile"),
        (status = 422, description = "Not now, or what it carries is refused at its field (ratings[i].band …)")))]
pub async fn step(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((period, number, step)): Path<(i64, String, String)>,
    body: Bytes,
) -> Result<Json<SheetView>, ApiError> {
    let step: SheetStep = step.parse().map_err(|_| {
        ApiError(jinzai_service::Failure::NotFound(
            jinzai_domain::i18n::Message::new("evaluation_no_step").arg("step", &step),
        ))
    })?;
    let input: StepInput = if body.is_empty() {
        StepInput::default()
    } else {
        json_body(&body)?
    };
    Ok(Json(
        sheets::take_step(&state.store, &who, (period, &number), step, &input).await?,
    ))
}

/// A complaint's text.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ComplaintBody {
    body: String,
}

/// Done.
#[derive(Serialize, ToSchema)]
pub struct Done {
    done: bool,
}

#[utoipa::path(post, path = "/api/v1/evaluation/sheets/{period}/{number}/complaint", tag = "evaluation",
    params(("period" = i64, Path), ("number" = String, Path)), request_body = ComplaintBody,
    responses((status = 201, description = "Filed", body = Done),
        (status = 403, description = "Only the evaluatee files a complaint"),
        (status = 422, description = "Not disclosed, after the window, or filed already")))]
pub async fn complain(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((period, number)): Path<(i64, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<Done>), ApiError> {
    let c: ComplaintBody = json_body(&body)?;
    sheets::complain(&state.store, &who, (period, &number), &c.body).await?;
    Ok((StatusCode::CREATED, Json(Done { done: true })))
}

/// How a complaint was handled.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Handling {
    outcome: ComplaintOutcome,
    response: String,
    /// An upheld complaint's new band.
    #[serde(default)]
    band: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/evaluation/sheets/{period}/{number}/complaint/handling", tag = "evaluation",
    params(("period" = i64, Path), ("number" = String, Path)), request_body = Handling,
    responses((status = 200, description = "Recorded", body = Done),
        (status = 422, description = "No complaint waiting, or a band off the scale or without an upheld outcome")))]
pub async fn handle_complaint(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((period, number)): Path<(i64, String)>,
    body: Bytes,
) -> Result<Json<Done>, ApiError> {
    let h: Handling = json_body(&body)?;
    sheets::handle_complaint(
        &state.store,
        &who,
        (period, &number),
        (h.outcome, &h.response, h.band.as_deref()),
    )
    .await?;
    Ok(Json(Done { done: true }))
}

/// The 期末面談 that explained the result.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    held_on: NaiveDate,
    #[serde(default)]
    attendees: String,
    #[serde(default)]
    note: String,
}

#[utoipa::path(post, path = "/api/v1/evaluation/sheets/{period}/{number}/feedback", tag = "evaluation",
    params(("period" = i64, Path), ("number" = String, Path)), request_body = Feedback,
    responses((status = 201, description = "Recorded", body = Done),
        (status = 403, description = "Only the 一次評価者 (or HR) records it, once disclosed")))]
pub async fn feedback(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((period, number)): Path<(i64, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<Done>), ApiError> {
    let f: Feedback = json_body(&body)?;
    sheets::record_feedback(
        &state.store,
        &who,
        (period, &number),
        (Some(f.held_on), &f.attendees, &f.note),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Done { done: true })))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ByQuery {
    /// department (default) or tier.
    by: Option<Grouping>,
}

#[utoipa::path(get, path = "/api/v1/evaluation/periods/{period}/distribution", tag = "evaluation",
    params(("period" = i64, Path), ByQuery),
    responses((status = 200, description = "The period's confirmed bands by group, small cells withheld (HR, published or not)", body = Distribution)))]
pub async fn distribution(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(period): Path<i64>,
    Query(q): Query<ByQuery>,
) -> Result<Json<Distribution>, ApiError> {
    Ok(Json(
        dist::distribution(
            &state.store,
            &who,
            period,
            q.by.unwrap_or(Grouping::Department),
        )
        .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/evaluation/periods/{period}/progress", tag = "evaluation",
    params(("period" = i64, Path)),
    responses((status = 200, description = "HR's period overview: each department's evaluatees by sheet state (no sheet yet counts as not_started), with the 期末面談 held, the share disclosed and the complaints open", body = jinzai_service::evaluation::progress::PeriodProgress),
        (status = 404, description = "No such period")))]
pub async fn progress(
    State(state): State<SharedState>,
    Path(period): Path<i64>,
) -> Result<Json<jinzai_service::evaluation::progress::PeriodProgress>, ApiError> {
    Ok(Json(
        jinzai_service::evaluation::progress::period_progress(&state.store, period).await?,
    ))
}

/// Whether the distribution is published.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    published: bool,
}

#[utoipa::path(put, path = "/api/v1/evaluation/periods/{period}/publication", tag = "evaluation",
    params(("period" = i64, Path)), request_body = Publication,
    responses((status = 200, description = "Published (shown on the public page) or withdrawn", body = Publication)))]
pub async fn set_publication(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(period): Path<i64>,
    body: Bytes,
) -> Result<Json<Publication>, ApiError> {
    let p: Publication = json_body(&body)?;
    dist::set_published(&state.store, &who, period, p.published).await?;
    Ok(Json(p))
}

#[utoipa::path(get, path = "/api/v1/public/evaluation/{period}", tag = "public",
    params(("period" = i64, Path), ByQuery),
    responses((status = 200, description = "A published distribution (withheld cells and all); no sign-in needed", body = Distribution),
        (status = 404, description = "Not published")))]
pub async fn public_distribution(
    State(state): State<SharedState>,
    Path(period): Path<i64>,
    Query(q): Query<ByQuery>,
) -> Result<Json<Distribution>, ApiError> {
    let nobody = jinzai_domain::access::Principal::anonymous();
    Ok(Json(
        dist::distribution(
            &state.store,
            &nobody,
            period,
            q.by.unwrap_or(Grouping::Department),
        )
        .await?,
    ))
}

/// The year's talks of those the reader follows.
#[derive(Serialize, ToSchema)]
pub struct Talks {
    fiscal_year: i32,
    staff: Vec<TalkLine>,
}

#[utoipa::path(get, path = "/api/v1/interviews", tag = "evaluation", params(YearQuery),
    responses((status = 200, description = "Each member's talks of the year (latest day of each kind; never what was said): HR everyone, a 所属長 their units, anyone else themselves", body = Talks)))]
pub async fn talks(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<YearQuery>,
) -> Result<Json<Talks>, ApiError> {
    let year = year_of(q.year, state.clock())?;
    Ok(Json(Talks {
        fiscal_year: year.0,
        staff: talks::completion(&state.store, &who, year).await?,
    }))
}

#[utoipa::path(post, path = "/api/v1/interviews", tag = "evaluation", request_body = Interview,
    responses((status = 201, description = "Recorded (a talk with a member of the recorder's units; HR with anyone)", body = Done),
        (status = 403, description = "Not a member the recorder follows")))]
pub async fn record_talk(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<(StatusCode, Json<Done>), ApiError> {
    let t: Interview = json_body(&body)?;
    talks::record(&state.store, &who, &t).await?;
    Ok((StatusCode::CREATED, Json(Done { done: true })))
}
