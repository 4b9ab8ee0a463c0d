//! Training: the catalogue, sessions and rosters, OJT plans and sessions,
//! self-development support and the needs survey.

mod api;
mod pages;

use crate::http::{NavEntry, WebModule};
use jinzai_domain::access::Permission::ReadTraining;

pub const MODULE: WebModule = WebModule {
    pages: pages::routes,
    api: api::routes,
    staff_panels: pages::panels::STAFF_PANELS,
    nav: &[
        NavEntry::new("training", "/training", "nav_training", ReadTraining)
            .in_group(crate::http::RECORDS_MENU),
    ],
    ..WebModule::named("training")
};
