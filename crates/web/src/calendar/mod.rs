//! The working-day calendar (開庁日): national holidays, 年末年始 and the
//! city's own closures, which HR keeps; due dates count its open days.

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[
        NavEntry::new("calendar", "/calendar", "nav_calendar", ManageCalendar)
            .in_group(crate::http::ADMIN_MENU),
    ],
    ..WebModule::named("calendar")
};

#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/calendar", ReadPlans, pages::page)
        .post("/calendar/closures", ManageCalendar, pages::add)
        .post("/calendar/closures/{day}/remove", ManageCalendar, pages::remove)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(ReadPlans, routes!(api::year))
        .api(ManageCalendar, routes!(api::set_closure))
        .api(ManageCalendar, routes!(api::remove_closure))
}
