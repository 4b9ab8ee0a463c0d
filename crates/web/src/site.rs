//! The site: what belongs to no record module.

use crate::auth::Who;
use crate::http::{Routes, WebModule};
use crate::i18n::Lang;
use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::access::Permission;
use serde::Deserialize;

/// The site itself: the start page, the language switch, the assets and
/// the OpenAPI document.
pub const MODULE: WebModule = WebModule {
    pages,
    ..WebModule::named("site")
};

/// The route table, one route a line.
#[rustfmt::skip]
fn pages() -> Routes {
    use Permission::*;
    Routes::new("")
        .get("/", Public, home)
        .get("/lang/{lang}", Public, switch_lang)
        .get("/assets/{file}", Public, asset)
        .get("/api/openapi.json", Public, crate::openapi::document)
}

/// The start page: one's home page (what to do next) for the signed-in,
/// what HR published for everyone else.
async fn home(Who(who): Who) -> Redirect {
    if who.is_signed_in() {
        Redirect::to("/home")
    } else {
        Redirect::to("/public")
    }
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
        .as_deref()
        .and_then(crate::http::local_path)
        .unwrap_or_else(|| "/".to_owned());
    crate::http::cookies::set(
        Redirect::to(&back).into_response(),
        &[crate::http::cookies::lang(lang.code())],
    )
}

const APP_CSS: &str = include_str!("../assets/app.css");
const APP_JS: &str = include_str!("../assets/app.js");

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
