//! Progress: current entries, one cell with its history, new revisions,
//! year locks.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{ApiError, Failure};
use crate::http::extract::{Path, Query};
use crate::http::{json_body, json_value};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jinzai_domain::i18n::Message;
use jinzai_domain::plan::Target;
use jinzai_domain::progress::ProgressInput;
use jinzai_domain::progress::Revision;
use jinzai_domain::round::Step;
use jinzai_domain::{FiscalYear, progress};
use jinzai_service::round::{self, CellWork};
use jinzai_store::round::RoundCell;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    year: Option<i32>,
}

#[utoipa::path(get, path = "/api/v1/plans/{code}/progress", tag = "progress",
    params(("code" = String, Path), ("year" = Option<i32>, Query)),
    responses((status = 200, description = "The current revision of every measure and year", body = Progress)))]
pub async fn current(
    State(state): State<SharedState>,
    Path(code): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Json<Progress>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let year = loaded.year_param(q.year)?;
    let progress = loaded
        .current
        .iter()
        .filter(|r| year.is_none_or(|y| r.fiscal_year == y.0))
        .cloned()
        .collect();
    Ok(Json(Progress {
        plan: code,
        version: loaded.stored.version,
        progress,
    }))
}

/// The current entries of a plan version.
#[derive(Serialize, ToSchema)]
pub struct Progress {
    plan: String,
    version: i64,
    progress: Vec<Revision>,
}

/// One measure's year: its entry, target, lock and history.
#[derive(Serialize, ToSchema)]
pub struct ProgressCell {
    plan: String,
    node: String,
    fiscal_year: i32,
    label: String,
    target: Option<Target>,
    locked: bool,
    /// The entry that counts (approved, in a year with a round).
    current: Option<Revision>,
    /// The newest entry the caller may see (a draft for its owner and
    /// reviewers).
    latest: Option<Revision>,
    /// The actual computed from records, where the measure has an indicator.
    computed_actual: Option<f64>,
    /// Newest first: every revision for the measure's owners and reviewers,
    /// the approved ones for everyone else.
    history: Vec<Revision>,
    /// The year's round as the caller takes part in it.
    round: CellWork,
}

/// A year's lock after the call, and whether the call changed it.
#[derive(Serialize, ToSchema)]
pub struct LockState {
    fiscal_year: i32,
    locked: bool,
    changed: bool,
}

#[utoipa::path(get, path = "/api/v1/plans/{code}/nodes/{node}/progress/{year}", tag = "progress",
    params(("code" = String, Path), ("node" = String, Path), ("year" = i32, Path)),
    responses((status = 200, description = "The current entry (or null), the target, the lock and every revision, newest first", body = ProgressCell),
        (status = 400, description = "Not a measure, or a year outside the plan"), (status = 404, description = "No such plan or item")))]
pub async fn cell(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((code, node, year)): Path<(String, String, i32)>,
) -> Result<Json<ProgressCell>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let year = FiscalYear(year);
    let n = progress::locate(loaded.plan(), &node, year)?;
    let ownership = round::ownership(&state.store, &loaded.stored).await?;
    let work = round::cell_work(&state.store, &loaded, &ownership, &who, n, year).await?;
    let sees = work.sees_drafts;
    let history =
        round::visible_history(&state.store, &loaded, |_| sees, &n.code, Some(year)).await?;
    Ok(Json(ProgressCell {
        plan: code,
        node: n.code.clone(),
        fiscal_year: year.0,
        label: year.label_ja_full(),
        target: n.target(year),
        locked: loaded.is_locked(year),
        current: loaded.recorded(&n.code, year).cloned(),
        latest: history.first().cloned(),
        computed_actual: loaded.computed_actual(&n.code, year),
        history,
        round: work,
    }))
}

/// A new revision: the fields of [`ProgressInput`] at the top level, plus
/// `base_revision` (the revision the client last saw; a newer one on the
/// server is a 409). Described for OpenAPI as the server reads it; read by
/// `parse_payload`, which also refuses unknown fields (`flatten` would not).
#[derive(Deserialize, utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ProgressPayload {
    base_revision: Option<i64>,
    #[serde(flatten)]
    input: ProgressInput,
}

/// Splits `base_revision` off and reads the rest strictly as a
/// [`ProgressInput`] (unknown fields refused, which `flatten` would not do).
fn parse_payload(body: &Bytes) -> Result<(Option<i64>, ProgressInput), ApiError> {
    let mut value: Value = json_body(body)?;
    let base = match value
        .as_object_mut()
        .and_then(|o| o.remove("base_revision"))
    {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
        Some(other) => {
            return Err(ApiError(Failure::Invalid(vec![progress::FieldError::new(
                "base_revision",
                "schema",
                Message::new("plan_base_revision_not_integer").arg("other", other),
            )])));
        }
    };
    let input = json_value(value)?;
    Ok((base, input))
}

#[utoipa::path(post, path = "/api/v1/plans/{code}/nodes/{node}/progress/{year}", tag = "progress",
    params(("code" = String, Path), ("node" = String, Path), ("year" = i32, Path)),
    request_body = ProgressPayload,
    responses((status = 201, description = "Recorded as a new revision", body = progress::Revision),
        (status = 422, description = "Validation failed: error.fields names each field with code and message"),
        (status = 409, description = "The year is locked, or base_revision is stale")))]
pub async fn record(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((code, node, year)): Path<(String, String, i32)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (base_revision, input) = parse_payload(&body)?;
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let year = FiscalYear(year);
    let n = progress::locate(loaded.plan(), &node, year)?;
    let rev = round::record(&state.store, &loaded, &who, n, year, &input, base_revision).await?;
    Ok((StatusCode::CREATED, Json(rev)).into_response())
}

/// A step on a measure's entry in the year's round.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepPayload {
    step: Step,
    /// Required to return an entry or mark it 対象外.
    #[serde(default)]
    reason: String,
}

#[utoipa::path(post, path = "/api/v1/plans/{code}/nodes/{node}/progress/{year}/steps", tag = "rounds",
    params(("code" = String, Path), ("node" = String, Path), ("year" = i32, Path)),
    request_body = StepPayload,
    responses((status = 200, description = "The cell after the step", body = RoundCell),
        (status = 403, description = "Not a step of the caller's on this measure"),
        (status = 404, description = "No round for the year"),
        (status = 409, description = "The year is locked"),
        (status = 422, description = "Wrong state, no reason, the author's own entry, or missing fields (each named)")))]
pub async fn step(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((code, node, year)): Path<(String, String, i32)>,
    body: Bytes,
) -> Result<Json<RoundCell>, ApiError> {
    let p: StepPayload = json_body(&body)?;
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let year = FiscalYear(year);
    let n = progress::locate(loaded.plan(), &node, year)?;
    Ok(Json(
        round::take_step(
            &state.store,
            &loaded,
            &who,
            (n, year),
            (p.step, &p.reason),
            &state.notify,
        )
        .await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LockPayload {
    /// Who locks the year.
    by: String,
    /// Why the year is locked although measures of its round are neither
    /// approved nor 対象外 (required then; kept with the lock).
    #[serde(default)]
    forced_reason: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/plans/{code}/locks/{year}", tag = "progress",
    params(("code" = String, Path), ("year" = i32, Path)), request_body = LockPayload,
    responses((status = 200, description = "Locked (or already locked)", body = LockState), (status = 422, description = "`by` missing")))]
pub async fn lock(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((code, year)): Path<(String, i32)>,
    body: Bytes,
) -> Result<Json<LockState>, ApiError> {
    let payload: LockPayload = json_body(&body)?;
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let year = loaded.year_param(Some(year))?.unwrap_or(FiscalYear(year));
    if payload.by.trim().is_empty() {
        return Err(ApiError(Failure::Invalid(vec![progress::FieldError::new(
            "by",
            "required",
            Message::new("plan_by_required"),
        )])));
    }
    let changed = state
        .store
        .lock_year(
            loaded.stored.id,
            year,
            payload.by.trim(),
            payload.forced_reason.as_deref(),
            &who.actor(),
        )
        .await?;
    Ok(Json(LockState {
        fiscal_year: year.0,
        locked: true,
        changed,
    }))
}

#[utoipa::path(delete, path = "/api/v1/plans/{code}/locks/{year}", tag = "progress",
    params(("code" = String, Path), ("year" = i32, Path)), responses((status = 200, description = "Unlocked (or was not locked)", body = LockState)))]
pub async fn unlock(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Json<LockState>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let year = loaded.year_param(Some(year))?.unwrap_or(FiscalYear(year));
    let changed = state
        .store
        .unlock_year(loaded.stored.id, year, &who.actor())
        .await?;
    Ok(Json(LockState {
        fiscal_year: year.0,
        locked: false,
        changed,
    }))
}
