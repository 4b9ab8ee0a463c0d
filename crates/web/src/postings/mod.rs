//! 職員公募: the year's postings (each staff member's eligibility and
//! application; HR's posting form), one posting's applicants (HR: all,
//! with the selection; a 所属長: their members' where the posting allows).

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[
        NavEntry::new("postings", "/postings", "nav_postings", Postings)
            .in_group(crate::http::RECORDS_MENU),
    ],
    ..WebModule::named("postings")
};

#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/postings", Postings, pages::index)
        .post("/postings", ManagePostings, pages::save)
        .get("/postings/{id}", Postings, pages::show)
        .post("/postings/{id}/apply", Postings, pages::apply)
        .post("/postings/{id}/withdraw", Postings, pages::withdraw)
        .post("/postings/{id}/decisions/{number}", ManagePostings, pages::decide)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(Postings, routes!(api::offers))
        .api(ManagePostings, routes!(api::create))
        .api(ManagePostings, routes!(api::update))
        .api(Postings, routes!(api::applications))
        .api(Postings, routes!(api::apply))
        .api(Postings, routes!(api::withdraw))
        .api(ManagePostings, routes!(api::decide))
}
