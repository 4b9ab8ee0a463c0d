//! The JSON API (`/api/v1`): plans, nodes and progress, read and write,
//! with the forms' validation. Errors: `{"error": {"code", "message", …}}`.

pub mod openapi;
mod people;
mod plans;
mod progress;

use crate::SharedState;
use crate::error::{ApiError, Failure};
use axum::Router;
use axum::body::Bytes;
use axum::routing::{get, put};
use serde::de::DeserializeOwned;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/plans", get(plans::list).post(plans::import))
        .route("/plans/{code}", get(plans::show))
        .route("/plans/{code}/versions", get(plans::versions))
        .route("/plans/{code}/nodes/{node}", get(plans::node))
        .route("/plans/{code}/rollup", get(plans::rollup))
        .route("/plans/{code}/report", get(plans::report))
        .route("/plans/{code}/progress", get(progress::current))
        .route(
            "/plans/{code}/nodes/{node}/progress/{year}",
            get(progress::cell).post(progress::record),
        )
        .route(
            "/plans/{code}/locks/{year}",
            put(progress::lock).delete(progress::unlock),
        )
        .route("/staff", get(people::staff_list))
        .route("/staff/{number}", get(people::staff_member))
        .route("/units", get(people::units))
        .route("/units/{code}", get(people::unit))
        .route("/rotation", get(people::rotation))
        .route("/events", get(people::events))
        .route("/imports/{kind}", axum::routing::post(people::import))
        .fallback(|| async { ApiError(Failure::NotFound("no such API route".to_owned())) })
}

/// Parses a JSON body, naming the line and column of a mistake.
pub fn json_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError(Failure::BadRequest {
            code: "invalid_json",
            message: format!("request body {e}"),
        })
    })
}
