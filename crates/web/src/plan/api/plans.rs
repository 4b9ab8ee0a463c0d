//! Plans: list, import (TOML body), tree, versions, nodes, roll-ups, report.

use crate::auth::Who;
use crate::error::{ApiError, Failure};
use crate::{SharedState, download};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jinzai_domain::i18n::Message;
use jinzai_domain::plan::parse_plan;
use jinzai_domain::report::progress_table;
use jinzai_domain::{FiscalYear, rollup};
use jinzai_store::ImportOutcome;
use serde::Deserialize;
use serde_json::{Value, json};

#[utoipa::path(get, path = "/api/v1/plans", tag = "plans", responses((status = 200, description = "Plans with their latest version")))]
pub async fn list(State(state): State<SharedState>) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!({ "plans": state.store.list_plans().await? })))
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
        (status = 201, description = "Created, or a new version"),
        (status = 200, description = "Unchanged: identical to the latest version"),
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
        Json(json!({ "code": plan.code, "result": outcome })),
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
    responses((status = 200, description = "The plan as a nested tree"), (status = 404, description = "No such plan")))]
pub async fn show(
    State(state): State<SharedState>,
    Path(code): Path<String>,
    Query(q): Query<VersionQuery>,
) -> Result<Json<Value>, ApiError> {
    let stored = state.store.load_plan(&code, q.version).await?;
    let mut tree = serde_json::to_value(stored.plan.tree()).map_err(|e| {
        ApiError(Failure::Internal(
            Message::new("internal_detail").arg("detail", e),
        ))
    })?;
    tree["version"] = json!(stored.version);
    tree["imported_at"] = json!(stored.imported_at);
    Ok(Json(tree))
}

#[utoipa::path(get, path = "/api/v1/plans/{code}/versions", tag = "plans", params(("code" = String, Path)),
    responses((status = 200, description = "Every version, oldest first")))]
pub async fn versions(
    State(state): State<SharedState>,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    state.store.load_plan(&code, None).await?;
    Ok(Json(
        json!({ "versions": state.store.plan_versions(&code).await? }),
    ))
}

#[utoipa::path(get, path = "/api/v1/plans/{code}/nodes/{node}", tag = "plans",
    params(("code" = String, Path), ("node" = String, Path)),
    responses((status = 200, description = "The item, its schedule, current progress per year (measures) or roll-ups (other items)"), (status = 404, description = "No such plan or item")))]
pub async fn node(
    State(state): State<SharedState>,
    Path((code, node)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let plan = loaded.plan();
    let n = loaded.node(&node)?;
    let is_measure = plan.is_leaf(&n.code);
    let book = loaded.book();
    let years: Vec<Value> = plan
        .years()
        .map(|y| {
            let mut v = json!({
                "fiscal_year": y.0,
                "label": y.label_ja_full(),
                "locked": loaded.is_locked(y),
                "schedule": n.cells(y).collect::<Vec<_>>(),
                "target": n.target(y),
            });
            if is_measure {
                v["progress"] = json!(loaded.rev(&n.code, y));
            } else {
                v["rollup"] = json!(rollup::rollup(plan, y, Some(&n.code), &book));
            }
            v
        })
        .collect();
    Ok(Json(json!({
        "plan": plan.code,
        "version": loaded.stored.version,
        "node": n,
        "level": plan.level(n).map(|l| &l.name),
        "is_measure": is_measure,
        "scheduled": n.has_schedule(),
        "children": plan.children(&n.code).map(|c| &c.code).collect::<Vec<_>>(),
        "years": years,
    })))
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
    responses((status = 200, description = "Counts per grade and status, numeric achievement, items not assessed"), (status = 400, description = "Bad year or grouping")))]
pub async fn rollup(
    State(state): State<SharedState>,
    Path(code): Path<String>,
    Query(q): Query<RollupQuery>,
) -> Result<Json<Value>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let plan = loaded.plan();
    let years: Vec<FiscalYear> = match loaded.year_param(q.year)? {
        Some(y) => vec![y],
        None => plan.years().collect(),
    };
    let book = loaded.book();
    let out: Vec<Value> = match q.by.as_deref().unwrap_or("tree") {
        "tree" => years
            .iter()
            .map(|&y| {
                let nodes: Vec<Value> = plan
                    .nodes
                    .iter()
                    .filter(|n| !plan.is_leaf(&n.code))
                    .map(|n| json!({ "code": n.code, "title": n.title, "rollup": rollup::rollup(plan, y, Some(&n.code), &book) }))
                    .collect();
                json!({ "fiscal_year": y.0, "plan": rollup::rollup(plan, y, None, &book), "nodes": nodes })
            })
            .collect(),
        "division" => years
            .iter()
            .map(|&y| {
                let divisions: Vec<Value> = rollup::rollup_by_division(plan, y, &book)
                    .into_iter()
                    .map(|(d, r)| json!({ "division": d, "rollup": r }))
                    .collect();
                json!({ "fiscal_year": y.0, "divisions": divisions })
            })
            .collect(),
        other => {
            return Err(ApiError(Failure::BadRequest { code: "unknown_grouping", message: Message::new("plan_unknown_grouping").arg("other", other) }));
        }
    };
    Ok(Json(json!({ "plan": plan.code, "years": out })))
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
    responses((status = 200, description = "The progress table as a file"), (status = 400, description = "Bad format, or a character CP932 cannot hold (named with its row)")))]
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
    responses((status = 200, description = "The measure's indicator per fiscal year: value computed from records, target, rate, grade, number of records (no personal data)"),
        (status = 404, description = "No such measure, or it has no indicator")))]
pub async fn indicator(
    State(state): State<SharedState>,
    Path((code, node)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let n = loaded.node(&node)?;
    if n.indicators.is_empty() {
        return Err(ApiError(Failure::NotFound(
            Message::new("plan_no_indicator").arg("node", node),
        )));
    }
    let years: Vec<Value> = jinzai_service::plan::computed_years(&state.store, &loaded, n)
        .await?
        .into_iter()
        .map(|c| json!(c))
        .collect();
    Ok(Json(
        json!({ "code": n.code, "indicators": n.indicators, "years": years }),
    ))
}

#[utoipa::path(get, path = "/api/v1/plans/{code}/nodes/{node}/indicator/{year}", tag = "reports",
    params(("code" = String, Path), ("node" = String, Path), ("year" = i32, Path), ("line" = Option<u32>, Query, description = "the indicator's schedule line (1 by default)")),
    responses((status = 200, description = "One year's value and the records behind it, the first 1000 (staff numbers: HR only)")))]
pub async fn indicator_records(
    State(state): State<SharedState>,
    Path((code, node, year)): Path<(String, String, i32)>,
    Query(q): Query<jinzai_service::plan::LineQuery>,
) -> Result<Json<Value>, ApiError> {
    let loaded = jinzai_service::plan::load(&state.store, &code).await?;
    let n = loaded.node(&node)?;
    let year = loaded.year_param(Some(year))?.unwrap_or(FiscalYear(year));
    let line = q.line.unwrap_or(1);
    let (computed, records) =
        jinzai_service::plan::year_records(&state.store, loaded.plan(), n, line, year)
            .await?
            .ok_or_else(|| {
                ApiError(Failure::NotFound(
                    Message::new("plan_no_indicator_on_line")
                        .arg("node", node)
                        .arg("line", line),
                ))
            })?;
    Ok(Json(json!({
        "computed": computed,
        "records": records,
        "records_shown": records.len(),
        "records_total": computed.counted.records,
    })))
}
