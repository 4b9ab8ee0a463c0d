//! The yearly progress round (進行管理): HR opens a round for a plan's
//! year and assigns each measure's owners; everyone signed in sees where
//! each measure stands. The entry form and its steps are the plan
//! module's (`/plans/{code}/nodes/{node}/progress/{year}`).

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[
        NavEntry::new("rounds", "/plans/{plan}/rounds", "nav_rounds", ReadPlans)
            .in_group(crate::http::PLAN_MENU),
        NavEntry::new("owners", "/plans/{plan}/owners", "nav_owners", ReadPlans)
            .in_group(crate::http::PLAN_MENU),
    ],
    ..WebModule::named("round")
};

#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/plans/{code}/rounds", ReadPlans, pages::rounds)
        .post("/plans/{code}/rounds", ManageRounds, pages::open)
        .post("/plans/{code}/rounds/{year}/dates", ManageRounds, pages::dates)
        .get("/plans/{code}/owners", ReadPlans, pages::owners)
        .post("/plans/{code}/owners", ManageRounds, pages::assign)
        .post("/plans/{code}/owners/import", ManageRounds, pages::import)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(ReadPlans, routes!(api::rounds))
        .api(ManageRounds, routes!(api::open))
        .api(ReadPlans, routes!(api::round))
        .api(ManageRounds, routes!(api::dates))
        .api(ReadPlans, routes!(api::owners))
        .api(ManageRounds, routes!(api::assign))
        .api(ReadPlans, routes!(api::owner_history))
        .api(ManageRounds, routes!(api::import))
}
