//! Training: the catalogue, sessions and rosters, OJT plans and sessions,
//! self-development support and the needs survey.

mod api;
mod pages;

use crate::http::{NavEntry, WebModule};
use jinzai_domain::access::Permission::ReadTraining;

#[derive(utoipa::OpenApi)]
#[openapi(paths(
    api::courses,
    api::sessions,
    api::summary,
    api::roster,
    api::record_attendance,
    api::self_development,
    api::apply_self_development,
    api::step_self_development,
    api::save_ojt_plan,
    api::record_ojt_session,
    api::save_session,
    api::add_to_roster,
    api::save_course,
))]
struct Doc;

pub const MODULE: WebModule = WebModule {
    pages: pages::routes,
    api: api::routes,
    staff_panels: pages::panels::STAFF_PANELS,
    openapi: || <Doc as utoipa::OpenApi>::openapi(),
    nav: &[NavEntry::new(
        "training",
        "/training",
        "nav_training",
        ReadTraining,
    )],
    ..WebModule::named("training")
};
