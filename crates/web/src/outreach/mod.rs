//! Outreach lectures (出前講座): the public catalogue and request form for
//! citizens' groups; HR's and the 所属長's requests, decisions and
//! deliveries; HR's catalogue and rules; a staff page panel crediting the
//! lectures a person gave.

mod api;
mod pages;
mod public;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[
        NavEntry::new("outreach", "/outreach", "nav_outreach", Outreach)
            .in_group(crate::http::RECORDS_MENU),
    ],
    staff_panels: pages::STAFF_PANELS,
    ..WebModule::named("outreach")
};

#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/public/outreach", Public, public::catalogue)
        .get("/public/outreach/{code}", Public, public::form)
        .post("/public/outreach/{code}", Public, public::submit)
        .get("/outreach", Outreach, pages::index)
        .post("/outreach/requests", Outreach, pages::enter)
        .get("/outreach/requests/{id}", Outreach, pages::request)
        .post("/outreach/requests/{id}/decision", Outreach, pages::decide)
        .post("/outreach/requests/{id}/delivery", Outreach, pages::deliver)
        .post("/outreach/lectures", ManageOutreach, pages::put_lecture)
        .post("/outreach/settings", ManageOutreach, pages::set_settings)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(Public, routes!(api::catalogue))
        .api(Outreach, routes!(api::requests, api::enter))
        .api(Outreach, routes!(api::request))
        .api(Outreach, routes!(api::decide))
        .api(Outreach, routes!(api::deliver))
        .api(Outreach, routes!(api::lectures))
        .api(ManageOutreach, routes!(api::put_lecture))
        .api(Outreach, routes!(api::settings))
        .api(ManageOutreach, routes!(api::set_settings))
}
