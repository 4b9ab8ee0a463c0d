//! Personnel evaluation (人事評価): the scheme, a year's periods and the
//! evaluators' chains.

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[NavEntry::new(
        "evaluation",
        "/evaluation",
        "nav_evaluation",
        ReadEvaluation,
    )
    .in_group(crate::http::RECORDS_MENU)],
    ..WebModule::named("evaluation")
};

#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/evaluation", ReadEvaluation, pages::overview)
        .post("/evaluation/periods", ManageEvaluation, pages::open_year)
        .get("/evaluation/scheme", ReadEvaluation, pages::scheme)
        .post("/evaluation/scheme", ManageEvaluation, pages::save_scheme)
        .get("/evaluation/chains", ManageEvaluation, pages::chains)
        .post("/evaluation/chains", ManageEvaluation, pages::save_chain)
        .get("/evaluation/sheets/{period}/{number}", ReadEvaluation, pages::sheet::page)
        .post("/evaluation/sheets/{period}/{number}/step", ReadEvaluation, pages::sheet::step)
        .post("/evaluation/sheets/{period}/{number}/complaint", ReadEvaluation, pages::sheet::complain)
        .post("/evaluation/sheets/{period}/{number}/complaint/handling", ManageEvaluation, pages::sheet::handle_complaint)
        .post("/evaluation/sheets/{period}/{number}/feedback", ReadEvaluation, pages::sheet::feedback)
        .get("/evaluation/periods/{period}", ManageEvaluation, pages::period::page)
        .get("/evaluation/periods/{period}/distribution", ManageEvaluation, pages::distribution::page)
        .post("/evaluation/periods/{period}/publication", ManageEvaluation, pages::distribution::publish)
        .get("/evaluation/talks", ReadEvaluation, pages::talks::page)
        .post("/evaluation/talks", ReadEvaluation, pages::talks::record)
        .get("/public/evaluation", Public, pages::distribution::public_list)
        .get("/public/evaluation/{period}", Public, pages::distribution::public_page)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(ReadEvaluation, routes!(api::scheme))
        .api(ManageEvaluation, routes!(api::set_scheme))
        .api(ReadEvaluation, routes!(api::periods))
        .api(ManageEvaluation, routes!(api::open_year))
        .api(ReadEvaluation, routes!(api::chains))
        .api(ManageEvaluation, routes!(api::save_chains))
        .api(ManageEvaluation, routes!(api::exceptions))
        .api(ReadEvaluation, routes!(api::sheet))
        .api(ReadEvaluation, routes!(api::step))
        .api(ReadEvaluation, routes!(api::complain))
        .api(ManageEvaluation, routes!(api::handle_complaint))
        .api(ReadEvaluation, routes!(api::feedback))
        .api(ManageEvaluation, routes!(api::distribution))
        .api(ManageEvaluation, routes!(api::progress))
        .api(ManageEvaluation, routes!(api::set_publication))
        .api(Public, routes!(api::public_distribution))
        .api(ReadEvaluation, routes!(api::talks))
        .api(ReadEvaluation, routes!(api::record_talk))
}
