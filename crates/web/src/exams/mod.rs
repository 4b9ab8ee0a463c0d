//! 昇任試験・選考: the exams of a year (each staff member's eligibility,
//! application and result), HR's exam form, sittings and marks, the
//! funnel by gender, employment type and age class, and past papers
//! (過去問題の公開).

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
        .get("/exams/papers", Exams, pages::papers)
        .get("/exams/papers/{id}", Exams, pages::download)
        .post("/exams/papers/{id}/remove", ManageExams, pages::remove_paper)
        .post("/exams/{id}/papers", ManageExams, pages::add_paper)
        .get("/exams/{id}", ManageExams, pages::exam)
        .post("/exams/{id}/apply", Exams, pages::apply)
        .post("/exams/{id}/withdraw", Exams, pages::withdraw)
        .post("/exams/{id}/results/{number}", ManageExams, pages::result)
        .post("/exams/{id}/promotions/{number}", ManageExams, pages::promote)
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
        .api(ManageExams, routes!(api::promote))
        .api(ManageExams, routes!(api::funnels))
        .api(Exams, routes!(api::papers))
        .api(Exams, routes!(api::download))
        .api(ManageExams, routes!(api::remove_paper))
        .api(ManageExams, routes!(api::add_paper))
}
