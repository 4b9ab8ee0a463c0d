//! The public page (市民向け公開): HR publishes a fiscal year's progress;
//! citizens read it without signing in, with no 記入者.

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[NavEntry::new("public", "/public", "nav_public", Public)],
    ..WebModule::named("public")
};

/// The route table, one route a line.
#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/plans/{code}/years/{year}/publish", PublishProgress, pages::preview)
        .post("/plans/{code}/years/{year}/publish", PublishProgress, pages::publish)
        .post("/plans/{code}/years/{year}/unpublish", PublishProgress, pages::unpublish)
        .get("/public", Public, pages::list)
        .get("/public/{code}", Public, pages::plan)
        .get("/public/{code}/download", Public, pages::download)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(PublishProgress, routes!(api::publish))
        .api(PublishProgress, routes!(api::unpublish))
        .api(Public, routes!(api::public))
}
