//! The public page's API: HR publishes a year; anyone reads what is published.

use crate::SharedState;
use crate::auth::Who;
use crate::error::ApiError;
use crate::http::extract::{Path, Query};
use axum::Json;
use axum::extract::State;
use jinzai_domain::report::TableJson;
use jinzai_service::public::{PublicQuery, published_table, set_published};
use serde::Serialize;

/// Whether a year is on the public page now, and whether this call changed it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicationState {
    fiscal_year: i32,
    published: bool,
    changed: bool,
}

/// What is published of a plan.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicTable {
    code: String,
    fiscal_years: Vec<i32>,
    table: TableJson,
}

#[utoipa::path(put, path = "/api/v1/plans/{code}/publications/{year}", tag = "progress",
    params(("code" = String, Path), ("year" = i32, Path)),
    responses((status = 200, description = "Published on the public page (or already was)", body = PublicationState)))]
pub async fn publish(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Json<PublicationState>, ApiError> {
    let changed = set_published(&state.store, &who, &code, year, true).await?;
    Ok(Json(PublicationState {
        fiscal_year: year,
        published: true,
        changed,
    }))
}

#[utoipa::path(delete, path = "/api/v1/plans/{code}/publications/{year}", tag = "progress",
    params(("code" = String, Path), ("year" = i32, Path)),
    responses((status = 200, description = "Withdrawn from the public page (or was not on it)", body = PublicationState)))]
pub async fn unpublish(
    State(state): State<SharedState>,
    Who(who): Who,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Json<PublicationState>, ApiError> {
    let changed = set_published(&state.store, &who, &code, year, false).await?;
    Ok(Json(PublicationState {
        fiscal_year: year,
        published: false,
        changed,
    }))
}

#[utoipa::path(get, path = "/api/v1/public/{code}", tag = "reports",
    params(("code" = String, Path), ("year" = Option<i32>, Query)),
    responses((status = 200, description = "The published years' progress table (no sign-in needed)", body = PublicTable),
        (status = 404, description = "Nothing of this plan is published")))]
pub async fn public(
    State(state): State<SharedState>,
    Path(code): Path<String>,
    Query(q): Query<PublicQuery>,
) -> Result<Json<PublicTable>, ApiError> {
    let (_, years, t) = published_table(&state.store, &code, q.year).await?;
    Ok(Json(PublicTable {
        code,
        fiscal_years: years.iter().map(|y| y.0).collect(),
        table: t.to_json(),
    }))
}
