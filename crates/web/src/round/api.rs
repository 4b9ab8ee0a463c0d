//! The round's API: rounds of a plan, opening one, a round's table; the
//! measures' owners, assigning them, one measure's assignment history.

use crate::SharedState;
use crate::auth::Who;
use crate::error::ApiError;
use crate::http::extract::Path;
use crate::http::json_body;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;

use jinzai_service::round::{self, OpenRound, OwnerSource, OwnersInput, RoundView};
use jinzai_store::round::{OwnerSet, Round};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[utoipa::path(get, path = "/api/v1/plans/{code}/rounds", tag = "rounds",
    params(("code" = String, Path)),
    responses((status = 200, description = "Every round of the plan, by year", body = Rounds)))]
pub async fn rounds(
    State(state): State<SharedState>,
    Path(code): Path<String>,
) -> Result<Json<Rounds>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    Ok(Json(Rounds {
        rounds: state.store.rounds(loaded.stored.id).await?,
        plan: code,
    }))
}

/// A plan's rounds.
#[derive(Serialize, ToSchema)]
pub struct Rounds {
    plan: String,
    rounds: Vec<Round>,
}

/// Every measure of a plan with its owners.
#[derive(Serialize, ToSchema)]
pub struct PlanOwners {
    plan: String,
    measures: Vec<MeasureOwners>,
}

/// One measure's owner assignments, newest first.
#[derive(Serialize, ToSchema)]
pub struct OwnerHistory {
    plan: String,
    node: String,
    assignments: Vec<OwnerSet>,
}

#[utoipa::path(post, path = "/api/v1/plans/{code}/rounds", tag = "rounds",
    params(("code" = String, Path)), request_body = OpenRound,
    responses((status = 201, description = "Opened, with a cell per measure (未着手)", body = Round),
        (status = 409, description = "The year is locked"),
        (status = 422, description = "Dates out of order, or a round of that kind exists for the year")))]
pub async fn open(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Round>), ApiError> {
    let o: OpenRound = json_body(&body)?;
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let r = round::open(&state.store, &loaded, &who, &o).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

#[utoipa::path(get, path = "/api/v1/plans/{code}/rounds/{year}", tag = "rounds",
    params(("code" = String, Path), ("year" = i32, Path)),
    responses((status = 200, description = "The year's round: each measure's state, owner and last reason; counts per state; open days to the due date", body = RoundView),
        (status = 404, description = "No round for the year")))]
pub async fn round(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Json<RoundView>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let year = loaded.year_or_latest(Some(year))?;
    let rounds = state.store.rounds(loaded.stored.id).await?;
    let r = round::working_round(&rounds, year)
        .cloned()
        .ok_or_else(|| {
            crate::error::Failure::NotFound(
                jinzai_domain::i18n::Message::new("round_none").arg("year", year.label_ja()),
            )
        })?;
    let ownership = round::ownership(&state.store, &loaded.stored).await?;
    Ok(Json(
        round::view(&state.store, loaded.plan(), &ownership, r, Some(&who)).await?,
    ))
}

/// A measure's owners in force.
#[derive(Serialize, ToSchema)]
pub struct MeasureOwners {
    node: String,
    title: String,
    owners: Option<jinzai_domain::round::Owners>,
    source: Option<OwnerSource>,
}

#[utoipa::path(get, path = "/api/v1/plans/{code}/owners", tag = "rounds",
    params(("code" = String, Path)),
    responses((status = 200, description = "Every measure with its owners in force (HR's assignment, else the plan file's 担当課)", body = PlanOwners)))]
pub async fn owners(
    State(state): State<SharedState>,
    Path(code): Path<String>,
) -> Result<Json<PlanOwners>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let ownership = round::ownership(&state.store, &loaded.stored).await?;
    Ok(Json(PlanOwners {
        measures: loaded
            .plan()
            .measures()
            .map(|m| {
                let of = ownership.of(&m.code);
                MeasureOwners {
                    node: m.code.clone(),
                    title: m.display_title(),
                    owners: of.map(|(o, _)| o.clone()),
                    source: of.map(|(_, s)| s),
                }
            })
            .collect(),
        plan: code,
    }))
}

/// New owner assignments, all checked before any is stored.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignPayload {
    owners: Vec<OwnersInput>,
}

/// How many measures' owners changed.
#[derive(Serialize, ToSchema)]
pub struct Assigned {
    changed: usize,
}

#[utoipa::path(put, path = "/api/v1/plans/{code}/owners", tag = "rounds",
    params(("code" = String, Path)), request_body = AssignPayload,
    responses((status = 200, description = "Stored (a measure whose owners are unchanged is left alone)", body = Assigned),
        (status = 422, description = "A measure, unit or account that does not exist, each named as owners[i].field; nothing stored")))]
pub async fn assign(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Json<Assigned>, ApiError> {
    let p: AssignPayload = json_body(&body)?;
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let list: Vec<(String, OwnersInput)> = p
        .owners
        .into_iter()
        .enumerate()
        .map(|(i, o)| (format!("owners[{i}].{{field}}"), o))
        .collect();
    let changed = round::assign(&state.store, &loaded, &who.actor(), &list, "api").await?;
    Ok(Json(Assigned { changed }))
}

#[utoipa::path(get, path = "/api/v1/plans/{code}/owners/{node}", tag = "rounds",
    params(("code" = String, Path), ("node" = String, Path)),
    responses((status = 200, description = "Every assignment of the measure's owners, newest first", body = OwnerHistory)))]
pub async fn owner_history(
    State(state): State<SharedState>,
    Path((code, node)): Path<(String, String)>,
) -> Result<Json<OwnerHistory>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let n = loaded.node(&node)?;
    Ok(Json(OwnerHistory {
        assignments: state.store.owner_history(loaded.stored.id, &n.code).await?,
        node: n.code.clone(),
        plan: code,
    }))
}

#[derive(Deserialize)]
pub struct OwnersFileQuery {
    dry_run: Option<bool>,
    encoding: Option<String>,
}

/// What an owners file did (or, in a dry run, would do).
#[derive(Serialize, ToSchema)]
pub struct OwnersImported {
    changed: usize,
    dry_run: bool,
}

#[utoipa::path(post, path = "/api/v1/plans/{code}/owners/import", tag = "rounds",
    params(("code" = String, Path),
        ("dry_run" = Option<bool>, Query, description = "check and count, store nothing"),
        ("encoding" = Option<String>, Query, description = "auto (default), utf-8 or cp932")),
    request_body(content = String, content_type = "text/csv", description = "the file: 施策番号, 担当課, 関係課, 担当者 (CSV or xlsx)"),
    responses((status = 200, description = "Stored, all rows (or counted, in a dry run)", body = OwnersImported),
        (status = 422, description = "Nothing stored: error.fields names each problem as row:column")))]
pub async fn import(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(code): Path<String>,
    crate::http::extract::Query(q): crate::http::extract::Query<OwnersFileQuery>,
    body: Bytes,
) -> Result<Json<OwnersImported>, ApiError> {
    let encoding = jinzai_io::read::InputEncoding::parse(q.encoding.as_deref().unwrap_or("auto"))
        .ok_or_else(|| {
        ApiError(crate::error::Failure::BadRequest {
            code: "unknown_encoding",
            message: jinzai_domain::i18n::Message::new("imports_unknown_encoding"),
        })
    })?;
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let dry_run = q.dry_run.unwrap_or(false);
    let changed = round::import_owners(
        &state.store,
        &loaded,
        &who.actor(),
        (&body, encoding),
        "api",
        dry_run,
    )
    .await?;
    Ok(Json(OwnersImported { changed, dry_run }))
}

#[utoipa::path(put, path = "/api/v1/plans/{code}/rounds/{year}/dates", tag = "rounds",
    params(("code" = String, Path), ("year" = i32, Path)), request_body = jinzai_domain::round::RoundDates,
    responses((status = 200, description = "The year's round with its new dates", body = Round),
        (status = 404, description = "No round for the year"), (status = 409, description = "The year is locked"),
        (status = 422, description = "Dates out of order (each field named)")))]
pub async fn dates(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((code, year)): Path<(String, i32)>,
    body: Bytes,
) -> Result<Json<Round>, ApiError> {
    let dates: jinzai_domain::round::RoundDates = json_body(&body)?;
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let year = loaded.year_or_latest(Some(year))?;
    Ok(Json(
        round::change_dates(&state.store, &loaded, &who, year, dates).await?,
    ))
}
