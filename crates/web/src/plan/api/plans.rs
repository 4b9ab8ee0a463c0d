//! Plans: list, import (TOML body), tree, versions, nodes, roll-ups, report.

use crate::auth::Who;
use crate::error::{ApiError, Failure};
use crate::http::extract::{Path, Query};
use crate::{SharedState, download};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jinzai_domain::i18n::Message;
use jinzai_domain::indicator::{Computed, Fact, IndicatorSpec};
use jinzai_domain::plan::parse_plan;
use jinzai_domain::plan::{Node, ScheduleCell, Target};
use jinzai_domain::progress::Revision;
use jinzai_domain::report::{TableJson, progress_table};
use jinzai_domain::rollup::Rollup;
use jinzai_domain::tree::PlanTree;
use jinzai_domain::{FiscalYear, rollup};
use jinzai_store::{ImportOutcome, PlanSummary, PlanVersionInfo};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Every plan.
#[derive(Serialize, ToSchema)]
pub struct Plans {
    plans: Vec<PlanSummary>,
}

#[utoipa::path(get, path = "/api/v1/plans", tag = "plans", responses((status = 200, description = "Plans with their latest version", body = Plans)))]
pub async fn list(State(state): State<SharedState>) -> Result<Json<Plans>, ApiError> {
    Ok(Json(Plans {
        plans: state.store.list_plans().await?,
    }))
}

/// What importing a plan file did.
#[derive(Serialize, ToSchema)]
pub struct PlanImported {
    code: String,
    result: ImportOutcome,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    by: Option<String>,
}

/// Imports a plan file. The body is the TOML text itself.
#[utoipa::path(post, path = "/api/v1/plans", tag = "plans",
    params(("by" = Option<String>, Query, description = "who imports (recorded with the version)")),
    request_body(content = String, content_type = "application/toml", description = "a plan file (docs/plan-format.md)"),
    responses(
        (status = 201, description = "Created, or a new version", body = PlanImported),
        (status = 200, description = "Unchanged: identical to the latest version", body = PlanImported),
        (status = 422, description = "The file has problems: error.diagnostics lists line, col, message")))]
pub async fn import(
    State(state): State<SharedState>,
    Who(who): Who,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let text = std::str::from_utf8(&body).map_err(|e| {
        ApiError(Failure::BadRequest {
            code: "invalid_utf8",
            message: Message::new("plan_file_not_utf8").arg("byte", e.valid_up_to()),
        })
    })?;
    let plan = parse_plan(text).map_err(|e| ApiError(Failure::PlanInvalid(e.diagnostics)))?;
    let outcome = state
        .store
        .import_plan(
            &plan,
            text,
            q.by.as_deref().unwrap_or(&who.display_name),
            &who.actor(),
        )
        .await?;
    let status = match outcome {
        ImportOutcome::Unchanged(_) => StatusCode::OK,
        _ => StatusCode::CREATED,
    };
    Ok((
        status,
        Json(PlanImported {
            code: plan.code,
            result: outcome,
        }),
    )
        .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionQuery {
    version: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/plans/{code}", tag = "plans",
    params(("code" = String, Path), ("version" = Option<i64>, Query, description = "a past version; latest by default")),
    responses((status = 200, description = "The plan as a nested tree", body = PlanShown), (status = 404, description = "No such plan")))]
pub async fn show(
    State(state): State<SharedState>,
    Path(code): Path<String>,
    Query(q): Query<VersionQuery>,
) -> Result<Response, ApiError> {
    let stored = state.store.load_plan(&code, q.version).await?;
    Ok(Json(PlanShown {
        tree: stored.plan.tree(),
        version: stored.version,
        imported_at: &stored.imported_at,
    })
    .into_response())
}

/// A plan as a nested tree, with the version shown.
#[derive(Serialize, ToSchema)]
pub struct PlanShown<'a> {
    #[serde(flatten)]
    tree: PlanTree<'a>,
    version: i64,
    imported_at: &'a str,
}

/// Every version of a plan.
#[derive(Serialize, ToSchema)]
pub struct Versions {
    versions: Vec<PlanVersionInfo>,
}

#[utoipa::path(get, path = "/api/v1/plans/{code}/versions", tag = "plans", params(("code" = String, Path)),
    responses((status = 200, description = "Every version, oldest first", body = Versions)))]
pub async fn versions(
    State(state): State<SharedState>,
    Path(code): Path<String>,
) -> Result<Json<Versions>, ApiError> {
    state.store.load_plan(&code, None).await?;
    Ok(Json(Versions {
        versions: state.store.plan_versions(&code).await?,
    }))
}

/// An item of the plan with each year's schedule and state.
#[derive(Serialize, ToSchema)]
pub struct NodeShown {
    plan: String,
    version: i64,
    node: Node,
    /// The name of its level (施策, 取組 …).
    level: Option<String>,
    is_measure: bool,
    scheduled: bool,
    children: Vec<String>,
    years: Vec<NodeYear>,
}

/// An item's fiscal year.
#[derive(Serialize, ToSchema)]
pub struct NodeYear {
    fiscal_year: i32,
    label: String,
    locked: bool,
    schedule: Vec<ScheduleCell>,
    target: Option<Target>,
    /// A measure's current entry (`null` when none); absent for other
    /// items.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Revision>)]
    progress: Option<Option<Revision>>,
    /// Any other item's roll-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    rollup: Option<Rollup>,
}

#[utoipa::path(get, path = "/api/v1/plans/{code}/nodes/{node}", tag = "plans",
    params(("code" = String, Path), ("node" = String, Path)),
    responses((status = 200, description = "The item, its schedule, current progress per year (measures) or roll-ups (other items)", body = NodeShown), (status = 404, description = "No such plan or item")))]
pub async fn node(
    State(state): State<SharedState>,
    Path((code, node)): Path<(String, String)>,
) -> Result<Json<NodeShown>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let plan = loaded.plan();
    let n = loaded.node(&node)?;
    let is_measure = plan.is_leaf(&n.code);
    let book = loaded.book();
    let years = plan
        .years()
        .map(|y| NodeYear {
            fiscal_year: y.0,
            label: y.label_ja_full(),
            locked: loaded.is_locked(y),
            schedule: n.cells(y).cloned().collect(),
            target: n.target(y),
            progress: is_measure.then(|| loaded.rev(&n.code, y).cloned()),
            rollup: (!is_measure).then(|| rollup::rollup(plan, y, Some(&n.code), &book)),
        })
        .collect();
    Ok(Json(NodeShown {
        plan: plan.code.clone(),
        version: loaded.stored.version,
        node: n.clone(),
        level: plan.level(n).map(|l| l.name.clone()),
        is_measure,
        scheduled: n.has_schedule(),
        children: plan.children(&n.code).map(|c| c.code.clone()).collect(),
        years,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RollupQuery {
    year: Option<i32>,
    by: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/plans/{code}/rollup", tag = "progress",
    params(("code" = String, Path), ("year" = Option<i32>, Query, description = "one fiscal year; every year by default"),
        ("by" = Option<String>, Query, description = "`tree` (default: every non-measure item and the whole plan) or `division`")),
    responses((status = 200, description = "Counts per grade and status, numeric achievement, items not assessed", body = Rollups), (status = 400, description = "Bad year or grouping")))]
pub async fn rollup(
    State(state): State<SharedState>,
    Path(code): Path<String>,
    Query(q): Query<RollupQuery>,
) -> Result<Json<Rollups>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let plan = loaded.plan();
    let years: Vec<FiscalYear> = match loaded.year_param(q.year)? {
        Some(y) => vec![y],
        None => plan.years().collect(),
    };
    let book = loaded.book();
    let out: Vec<RollupYear> = match q.by.as_deref().unwrap_or("tree") {
        "tree" => years
            .iter()
            .map(|&y| RollupYear {
                fiscal_year: y.0,
                plan: Some(rollup::rollup(plan, y, None, &book)),
                nodes: Some(
                    plan.nodes
                        .iter()
                        .filter(|n| !plan.is_leaf(&n.code))
                        .map(|n| NodeRollup {
                            code: n.code.clone(),
                            title: n.title.clone(),
                            rollup: rollup::rollup(plan, y, Some(&n.code), &book),
                        })
                        .collect(),
                ),
                divisions: None,
            })
            .collect(),
        "division" => years
            .iter()
            .map(|&y| RollupYear {
                fiscal_year: y.0,
                plan: None,
                nodes: None,
                divisions: Some(
                    rollup::rollup_by_division(plan, y, &book)
                        .into_iter()
                        .map(|(division, rollup)| DivisionRollup { division, rollup })
                        .collect(),
                ),
            })
            .collect(),
        other => {
            return Err(ApiError(Failure::BadRequest {
                code: "unknown_grouping",
                message: Message::new("plan_unknown_grouping").arg("other", other),
            }));
        }
    };
    Ok(Json(Rollups {
        plan: plan.code.clone(),
        years: out,
    }))
}

/// Roll-ups by year.
#[derive(Serialize, ToSchema)]
pub struct Rollups {
    plan: String,
    years: Vec<RollupYear>,
}

/// A year's roll-ups: the whole plan and each item (`by=tree`), or each
/// division (`by=division`).
#[derive(Serialize, ToSchema)]
pub struct RollupYear {
    fiscal_year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<Rollup>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nodes: Option<Vec<NodeRollup>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    divisions: Option<Vec<DivisionRollup>>,
}

#[derive(Serialize, ToSchema)]
pub struct NodeRollup {
    code: String,
    title: String,
    rollup: Rollup,
}

#[derive(Serialize, ToSchema)]
pub struct DivisionRollup {
    division: String,
    rollup: Rollup,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    year: Option<i32>,
    format: Option<String>,
    encoding: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/plans/{code}/report", tag = "reports",
    params(("code" = String, Path), ("year" = Option<i32>, Query), ("format" = Option<String>, Query, description = "xlsx (default), csv or json"),
        ("encoding" = Option<String>, Query, description = "for csv: utf-8 (with BOM, default) or cp932")),
    responses((status = 200, description = "The progress table as a file", content(
            (TableJson = "application/json"),
            (crate::openapi::FileBytes = "text/csv"),
            (crate::openapi::FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), (status = 400, description = "Bad format, or a character CP932 cannot hold (named with its row)")))]
pub async fn report(
    State(state): State<SharedState>,
    Path(code): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    let (format, encoding) = download::parse_format(q.format.as_deref(), q.encoding.as_deref())?;
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let year = loaded.year_param(q.year)?;
    let t = progress_table(
        loaded.plan(),
        &loaded.shown,
        &year.into_iter().collect::<Vec<_>>(),
    );
    Ok(download::file_response(&t, &code, year, format, encoding)?)
}

#[utoipa::path(get, path = "/api/v1/plans/{code}/nodes/{node}/indicator", tag = "reports",
    params(("code" = String, Path), ("node" = String, Path)),
    responses((status = 200, description = "The measure's indicator per fiscal year: value computed from records, target, rate, grade, number of records (no personal data)", body = Indicator),
        (status = 404, description = "No such measure, or it has no indicator")))]
pub async fn indicator(
    State(state): State<SharedState>,
    Path((code, node)): Path<(String, String)>,
) -> Result<Json<Indicator>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let n = loaded.node(&node)?;
    if n.indicators.is_empty() {
        return Err(ApiError(Failure::NotFound(
            Message::new("plan_no_indicator").arg("node", node),
        )));
    }
    let years = jinzai_service::plan::computed_years(&state.store, &loaded, n).await?;
    Ok(Json(Indicator {
        code: n.code.clone(),
        indicators: n.indicators.clone(),
        years,
    }))
}

/// A measure's indicators and what they computed each year.
#[derive(Serialize, ToSchema)]
pub struct Indicator {
    code: String,
    indicators: Vec<IndicatorSpec>,
    years: Vec<Computed>,
}

/// One year's computed value and the records counted.
#[derive(Serialize, ToSchema)]
pub struct IndicatorRecords {
    computed: Computed,
    /// The first 1000.
    records: Vec<Fact>,
    records_shown: usize,
    records_total: u64,
}

#[utoipa::path(get, path = "/api/v1/plans/{code}/nodes/{node}/indicator/{year}", tag = "reports",
    params(("code" = String, Path), ("node" = String, Path), ("year" = i32, Path), ("indicator" = Option<usize>, Query, description = "which of the measure's indicators (1 for the first)"), ("line" = Option<u32>, Query, description = "without `indicator`: the first indicator on this schedule line")),
    responses((status = 200, description = "One year's value and the records behind it, the first 1000 (staff numbers: HR only)", body = IndicatorRecords),
        (status = 403, description = "Health records are listed by the health role alone, others by HR")))]
pub async fn indicator_records(
    State(state): State<SharedState>,
    crate::auth::Who(who): crate::auth::Who,
    Path((code, node, year)): Path<(String, String, i32)>,
    Query(q): Query<jinzai_service::plan::IndicatorQuery>,
) -> Result<Json<IndicatorRecords>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let n = loaded.node(&node)?;
    let year = loaded.year_param(Some(year))?.unwrap_or(FiscalYear(year));
    let (computed, records) =
        jinzai_service::plan::year_records(&state.store, &who, loaded.plan(), n, &q, year)
            .await?
            .ok_or_else(|| ApiError(Failure::NotFound(q.missing(&node))))?;
    Ok(Json(IndicatorRecords {
        records_shown: records.len(),
        records_total: computed.counted.records,
        computed,
        records,
    }))
}

#[utoipa::path(post, path = "/api/v1/plans/{code}/next", tag = "plans",
    params(("code" = String, Path)), request_body = jinzai_service::plan::NextPlan,
    responses((status = 201, description = "The next plan, created from this one (structure and indicators copied, new years, the last year's 今後の方向性 and 課題 in each measure's note, owners carried over); this plan is unchanged", body = PlanCreated),
        (status = 422, description = "A code in use, years overlapping this plan, or a missing title (each field named)")))]
pub async fn next(
    State(state): State<SharedState>,
    crate::auth::Who(who): crate::auth::Who,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> Result<(axum::http::StatusCode, Json<PlanCreated>), ApiError> {
    let next: jinzai_service::plan::NextPlan = crate::http::json_body(&body)?;
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let stored =
        jinzai_service::plan::next_plan(&state.store, &loaded, (&who.actor(), "api"), &next)
            .await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(PlanCreated {
            code: stored.plan.code.clone(),
            title: stored.plan.title.clone(),
            first_year: stored.plan.first_year.0,
            last_year: stored.plan.last_year.0,
            measures: stored.plan.measures().count(),
        }),
    ))
}

/// A plan created from another.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PlanCreated {
    code: String,
    title: String,
    first_year: i32,
    last_year: i32,
    measures: usize,
}
