//! The OpenAPI document: the shared description, merged with each module's
//! paths and schemas (generated from the handlers' annotations).

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "jinzai API", description = "Talent-development plans, their progress, roll-ups and reports. Authenticate with `Authorization: Bearer <token>` (issued by an administrator); a browser session must send `X-CSRF-Token` on writes."),
    components(schemas(jinzai_domain::progress::FieldErrorJson)),
    tags((name = "plans"), (name = "progress"), (name = "reports"), (name = "people"), (name = "training"), (name = "accounts"))
)]
struct ApiDoc;

/// The whole document: the shared part and every module's.
pub fn document_value() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    for module in crate::modules::all() {
        doc.merge((module.openapi)());
    }
    doc
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(document_value())
}
