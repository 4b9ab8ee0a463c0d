//! 昇任試験・選考: the exams of a year (each staff member's eligibility,
//! application and result), HR's exam form, sittings and marks, and the
//! funnel by gender, employment type and age class.

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[NavEntry::new("exams", "/exams", "nav_exams", Exams).in_group(crate::http::RECORDS_MENU)],
    ..WebModule::named("exams")
};

#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/exams", Exams, pages::index)
        .post("/exams", ManageExams, pages::save)
        .get("/exams/funnel", ManageExams, pages::funnel)
        .get("/exams/{id}", ManageExams, pages::exam)
        .post("/exams/{id}/apply", Exams, pages::apply)
        .post("/exams/{id}/withdraw", Exams, pages::withdraw)
        .post("/exams/{id}/results/{number}", ManageExams, pages::result)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(Exams, routes!(api::offers))
        .api(ManageExams, routes!(api::save))
        .api(Exams, routes!(api::exam))
        .api(Exams, routes!(api::apply))
        .api(Exams, routes!(api::withdraw))
        .api(ManageExams, routes!(api::applications))
        .api(ManageExams, routes!(api::result))
        .api(ManageExams, routes!(api::funnels))
}
