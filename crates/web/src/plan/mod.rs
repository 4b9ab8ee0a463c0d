//! Plan & progress: the plan as data, its versions, progress per measure and
//! year, computed actuals, roll-ups, the dashboard and the progress table.

mod api;
mod pages;

use crate::http::{NavEntry, WebModule};
use jinzai_domain::access::Permission::ReadPlans;

pub const MODULE: WebModule = WebModule {
    pages: pages::routes,
    api: api::routes,
    nav: &[
        NavEntry::new("plans", "/plans", "nav_plans", ReadPlans).in_group(crate::http::PLAN_MENU),
        NavEntry::new("tree", "/plans/{plan}", "nav_tree", ReadPlans)
            .in_group(crate::http::PLAN_MENU),
        NavEntry::new(
            "dashboard",
            "/plans/{plan}/dashboard",
            "nav_dashboard",
            ReadPlans,
        )
        .in_group(crate::http::PLAN_MENU),
        NavEntry::new("report", "/plans/{plan}/report", "nav_report", ReadPlans)
            .in_group(crate::http::PLAN_MENU),
        NavEntry::new(
            "versions",
            "/plans/{plan}/versions",
            "nav_versions",
            ReadPlans,
        )
        .in_group(crate::http::PLAN_MENU),
    ],
    ..WebModule::named("plan")
};
