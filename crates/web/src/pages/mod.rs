//! Server-rendered pages, one module per screen family.

mod dashboard;
mod hr_import;
pub(crate) mod people;
mod plan;
mod plan_import;
mod progress;
mod report;
pub(crate) mod rotation;

use crate::SharedState;
use crate::i18n::Lang;
use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/plans") }))
        .route("/plans", get(plan::list))
        .route(
            "/plans/import",
            get(plan_import::form).post(plan_import::submit),
        )
        .route("/plans/{code}", get(plan::tree))
        .route("/plans/{code}/versions", get(plan::versions))
        .route("/plans/{code}/nodes/{node}", get(plan::node))
        .route(
            "/plans/{code}/nodes/{node}/progress/{year}",
            get(progress::form).post(progress::submit),
        )
        .route("/plans/{code}/years/{year}/lock", post(progress::lock))
        .route("/plans/{code}/years/{year}/unlock", post(progress::unlock))
        .route("/plans/{code}/dashboard", get(dashboard::page))
        .route("/plans/{code}/report", get(report::page))
        .route("/plans/{code}/report/download", get(report::download))
        .route("/staff", get(people::staff_list))
        .route("/staff/{number}", get(people::staff_page))
        .route("/units", get(people::units))
        .route("/units/{code}", get(people::unit_page))
        .route("/rotation", get(rotation::page))
        .route("/import", get(hr_import::form).post(hr_import::submit))
        .route("/lang/{lang}", get(switch_lang))
        .route("/assets/{file}", get(asset))
}

/// Common navigation data every page template has.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    pub lang: Lang,
    pub plan_code: Option<String>,
    pub active: &'static str,
    /// This page's path, to come back to after switching language.
    pub back: String,
    pub sample: bool,
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// Sets the language cookie and returns to the page (same-site paths only).
async fn switch_lang(Path(lang): Path<String>, Query(q): Query<Back>) -> Response {
    let lang = Lang::from_code(&lang).unwrap_or_default();
    let back = q
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned());
    let mut res = Redirect::to(&back).into_response();
    let cookie = format!(
        "lang={}; Path=/; Max-Age=31536000; SameSite=Strict; HttpOnly",
        lang.code()
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

const APP_CSS: &str = include_str!("../../assets/app.css");
const APP_JS: &str = include_str!("../../assets/app.js");

/// Assets are compiled into the binary: no CDN, no files at run time.
async fn asset(Path(file): Path<String>) -> Response {
    let (body, kind) = match file.as_str() {
        "app.css" => (APP_CSS, "text/css; charset=utf-8"),
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}
