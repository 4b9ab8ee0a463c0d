//! The public page's API: HR publishes a year; anyone reads what is published.

use crate::SharedState;
use crate::auth::Who;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, Query, State};
use jinzai_service::public::{PublicQuery, published_table, set_published};
use serde_json::{Value, json};

#[utoipa::path(put, path = "/api/v1/plans/{code}/publications/{year}", tag = "progress",
    params(("code" = String, Path), ("year" = i32, Path)),
    responses((status = 200, description = "Published on the public page (or already was)")))]
pub async fn publish(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Json<Value>, ApiError> {
    let changed = set_published(&state.store, &who, &code, year, true).await?;
    Ok(Json(
        json!({ "fiscal_year": year, "published": true, "changed": changed }),
    ))
}

#[utoipa::path(delete, path = "/api/v1/plans/{code}/publications/{year}", tag = "progress",
    params(("code" = String, Path), ("year" = i32, Path)),
    responses((status = 200, description = "Withdrawn from the public page (or was not on it)")))]
pub async fn unpublish(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Json<Value>, ApiError> {
    let changed = set_published(&state.store, &who, &code, year, false).await?;
    Ok(Json(
        json!({ "fiscal_year": year, "published": false, "changed": changed }),
    ))
}

#[utoipa::path(get, path = "/api/v1/public/{code}", tag = "reports",
    params(("code" = String, Path), ("year" = Option<i32>, Query)),
    responses((status = 200, description = "The published years' progress table (no sign-in needed)"),
        (status = 404, description = "Nothing of this plan is published")))]
pub async fn public(
    State(state): State<SharedState>,
    Path(code): Path<String>,
    Query(q): Query<PublicQuery>,
) -> Result<Json<Value>, ApiError> {
    let (_, years, t) = published_table(&state.store, &code, q.year).await?;
    let years: Vec<i32> = years.iter().map(|y| y.0).collect();
    Ok(Json(
        json!({ "code": code, "fiscal_years": years, "table": t.to_json() }),
    ))
}
