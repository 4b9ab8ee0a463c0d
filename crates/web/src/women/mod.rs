//! Women's advancement (女性活躍): the publication table of a fiscal year
//! with the city's targets in the national format, downloads, publishing a
//! year to citizens (and the public page), and the births and family leave
//! HR records.

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[NavEntry::new("women", "/women", "nav_women", AnalysePeople)
        .in_group(crate::http::RECORDS_MENU)],
    ..WebModule::named("women")
};

#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/women", AnalysePeople, pages::index)
        .get("/women/download", AnalysePeople, pages::download)
        .post("/women/targets", ManageWomen, pages::set_target)
        .post("/women/targets/remove", ManageWomen, pages::remove_target)
        .post("/women/settings", ManageWomen, pages::settings)
        .post("/women/publish", ManageWomen, pages::publish)
        .get("/women/records", ManageWomen, pages::records)
        .post("/women/births", ManageWomen, pages::add_birth)
        .post("/women/leaves", ManageWomen, pages::add_leave)
        .post("/women/births/{id}/remove", ManageWomen, pages::remove_birth)
        .post("/women/leaves/{id}/remove", ManageWomen, pages::remove_leave)
        .get("/public/women", Public, pages::public)
        .get("/public/women/download", Public, pages::public_download)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(AnalysePeople, routes!(api::overview))
        .api(AnalysePeople, routes!(api::download))
        .api(ManageWomen, routes!(api::set_target))
        .api(ManageWomen, routes!(api::remove_target))
        .api(ManageWomen, routes!(api::settings))
        .api(ManageWomen, routes!(api::publish, api::unpublish))
        .api(ManageWomen, routes!(api::records))
        .api(ManageWomen, routes!(api::add_birth))
        .api(ManageWomen, routes!(api::add_leave))
        .api(ManageWomen, routes!(api::remove_birth))
        .api(ManageWomen, routes!(api::remove_leave))
        .api(Public, routes!(api::public))
}
