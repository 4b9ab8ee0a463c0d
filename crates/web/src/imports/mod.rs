//! HR imports (データ取込): one page and one API route for every import
//! kind the record modules register (`jinzai_io::import::Kind`).

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[
        NavEntry::new("import", "/import", "nav_import", ImportPeople)
            .in_group(crate::http::ADMIN_MENU),
    ],
    ..WebModule::named("imports")
};

/// The route table, one route a line.
#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/import", ImportPeople, pages::form)
        .post("/import", ImportPeople, pages::submit)
}

fn api_routes() -> Routes {
    Routes::new(crate::http::API_PREFIX).api(ImportPeople, utoipa_axum::routes!(api::import))
}
