//! 希望降任: one's own requests and the request form, HR's window and
//! reviewers, the review of a year's requests and their decisions, the
//! demotions taking effect, and the yearly re-promotion reviews.

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[
        NavEntry::new("demotion", "/demotion", "nav_demotion", Demotion)
            .in_group(crate::http::RECORDS_MENU),
    ],
    ..WebModule::named("demotion")
};

#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/demotion", Demotion, pages::index)
        .post("/demotion/requests", Demotion, pages::request)
        .post("/demotion/window", ManageDemotion, pages::window)
        .post("/demotion/take-effect", ManageDemotion, pages::take_effect)
        .get("/demotion/requests/{id}", Demotion, pages::show)
        .post("/demotion/requests/{id}/withdraw", Demotion, pages::withdraw)
        .post("/demotion/requests/{id}/decision", Demotion, pages::decide)
        .post("/demotion/requests/{id}/reviews", Demotion, pages::review)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(Demotion, routes!(api::windows))
        .api(ManageDemotion, routes!(api::set_window))
        .api(Demotion, routes!(api::requests))
        .api(Demotion, routes!(api::make_request))
        .api(Demotion, routes!(api::request))
        .api(Demotion, routes!(api::withdraw))
        .api(Demotion, routes!(api::decide))
        .api(Demotion, routes!(api::due_reviews))
        .api(Demotion, routes!(api::review))
        .api(ManageDemotion, routes!(api::take_effect))
}
