//! The OpenAPI document, generated from the handlers' annotations.

use super::{accounts, people, plans, progress, training};
use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "jinzai API", description = "Talent-development plans, their progress, roll-ups and reports. Authenticate with `Authorization: Bearer <token>` (issued by an administrator); a browser session must send `X-CSRF-Token` on writes."),
    paths(
        plans::list, plans::import, plans::indicator, plans::indicator_records, plans::show, plans::versions, plans::node, plans::rollup, plans::report,
        progress::current, progress::cell, progress::record, progress::lock, progress::unlock,
        progress::publish, progress::unpublish, progress::public,
        people::staff_list, people::staff_member, people::units, people::unit, people::rotation, people::events, people::import,
        accounts::me, accounts::users, accounts::create_user, accounts::tokens, accounts::issue_token, accounts::revoke_token,
        accounts::audit, accounts::verify_audit,
        training::courses, training::sessions, training::summary, training::roster, training::record_attendance,
        training::self_development, training::apply_self_development, training::step_self_development,
        training::save_ojt_plan, training::record_ojt_session, training::save_session, training::add_to_roster, training::save_course,
    ),
    components(schemas(
        jinzai_domain::progress::ProgressInput,
        jinzai_domain::progress::ProgressEntry,
        jinzai_domain::progress::Revision,
        jinzai_domain::progress::FieldError,
    )),
    tags((name = "plans"), (name = "progress"), (name = "reports"), (name = "people"), (name = "training"), (name = "accounts"))
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
