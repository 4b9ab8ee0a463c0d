//! Health (職員の健康管理): a year's figures (HR and the health role), the
//! check-ups and consultations of a year and of a person with their forms
//! (the health role alone; every read audited).

mod api;
mod pages;
mod return_pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[
        NavEntry::new("health", "/health", "nav_health", HealthFigures)
            .in_group(crate::http::RECORDS_MENU),
        NavEntry::new(
            "returns_team",
            "/health/returns/team",
            "nav_returns_team",
            SharedReturns,
        )
        .in_group(crate::http::RECORDS_MENU),
    ],
    ..WebModule::named("health")
};

#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/health", HealthFigures, pages::index)
        .post("/health/checkups", HealthRecords, pages::add_checkup)
        .post("/health/consultations", HealthRecords, pages::add_consultation)
        .get("/health/staff/{number}", HealthRecords, pages::person)
        .get("/health/find", HealthRecords, pages::find)
        .get("/health/committee", HealthCommittee, pages::committee)
        .post("/health/committee", HealthCommittee, pages::save_meeting)
        .get("/health/returns", HealthRecords, return_pages::index)
        .post("/health/returns", HealthRecords, return_pages::open)
        .get("/health/returns/team", SharedReturns, return_pages::team)
        .get("/health/returns/{id}", HealthRecords, return_pages::case)
        .post("/health/returns/{id}", HealthRecords, return_pages::record)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(HealthFigures, routes!(api::status))
        .api(HealthFigures, routes!(api::figures))
        .api(HealthRecords, routes!(api::checkups, api::put_checkup))
        .api(
            HealthRecords,
            routes!(api::consultations, api::add_consultation),
        )
        .api(
            HealthRecords,
            routes!(api::consultation, api::correct_consultation),
        )
        .api(HealthRecords, routes!(api::person))
        .api(HealthCommittee, routes!(api::committee, api::add_meeting))
        .api(HealthCommittee, routes!(api::correct_meeting))
        .api(HealthRecords, routes!(api::returns, api::open_return))
        .api(HealthRecords, routes!(api::return_case))
        .api(HealthRecords, routes!(api::record_return_step))
        .api(SharedReturns, routes!(api::shared_returns))
}
