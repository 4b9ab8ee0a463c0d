//! New talent and specialists: the talent page (the designations in force
//! by field, the year-by-year figures of measures 1-6-1 to 1-7-2; HR names
//! specialists, ends designations and adds fields) and a staff page panel
//! with the person's designations.

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[
        NavEntry::new("talent", "/talent", "nav_talent", AnalysePeople)
            .in_group(crate::http::RECORDS_MENU),
    ],
    staff_panels: pages::STAFF_PANELS,
    ..WebModule::named("talent")
};

#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/talent", AnalysePeople, pages::index)
        .post("/talent/designations", ManageTalent, pages::designate)
        .post("/talent/designations/{id}/end", ManageTalent, pages::end)
        .post("/talent/fields", ManageTalent, pages::add_field)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(AnalysePeople, routes!(api::overview))
        .api(ManageTalent, routes!(api::designate))
        .api(ManageTalent, routes!(api::end))
        .api(ManageTalent, routes!(api::add_field))
}
