//! 自己申告: a yearly window, each staff member's own report (with its
//! confidential health and family field), who has handed one in, and how
//! the wishes fared after the next 1 April.

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[
        NavEntry::new("self_report", "/self-report", "nav_self_report", SelfReport)
            .in_group(crate::http::RECORDS_MENU),
    ],
    ..WebModule::named("self_report")
};

#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/self-report", SelfReport, pages::index)
        .post("/self-report/{year}", SelfReport, pages::submit)
        .post("/self-report/{year}/window", ManageSelfReports, pages::set_window)
        .get("/self-report/{year}/reflection", SelfReport, pages::reflection)
        .get("/self-report/{year}/{number}", SelfReport, pages::report)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(SelfReport, routes!(api::window))
        .api(ManageSelfReports, routes!(api::set_window))
        .api(SelfReport, routes!(api::status))
        .api(SelfReport, routes!(api::submit))
        .api(SelfReport, routes!(api::reflection))
        .api(SelfReport, routes!(api::report))
}
