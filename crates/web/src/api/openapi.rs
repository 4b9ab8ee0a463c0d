//! The OpenAPI document, generated from the handlers' annotations.

use super::{people, plans, progress};
use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "jinzai API", description = "Talent-development plans, their progress, roll-ups and reports."),
    paths(
        plans::list, plans::import, plans::show, plans::versions, plans::node, plans::rollup, plans::report,
        progress::current, progress::cell, progress::record, progress::lock, progress::unlock,
        people::staff_list, people::staff_member, people::units, people::unit, people::rotation, people::events, people::import,
    ),
    components(schemas(
        jinzai_domain::progress::ProgressInput,
        jinzai_domain::progress::ProgressEntry,
        jinzai_domain::progress::Revision,
        jinzai_domain::progress::FieldError,
    )),
    tags((name = "plans"), (name = "progress"), (name = "reports"), (name = "people"))
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
