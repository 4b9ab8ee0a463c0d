//! The OpenAPI document: the shared description, merged with what each
//! module's API routes registered (their paths and schemas, read from the
//! handlers' `#[utoipa::path]` annotations as the routes were mounted).

use axum::Json;
use std::sync::OnceLock;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "jinzai API", description = "Talent-development plans, their progress, roll-ups and reports. Authenticate with `Authorization: Bearer <token>` (issued by an administrator); a browser session must send `X-CSRF-Token` on writes."),
    components(schemas(jinzai_domain::progress::FieldErrorJson, crate::error::ErrorBody)),
    tags((name = "plans"), (name = "progress"), (name = "reports"), (name = "people"), (name = "training"), (name = "accounts"))
)]
struct ApiDoc;

/// The whole document: the shared part and every module's routes.
pub fn document_value() -> utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT
        .get_or_init(|| {
            let mut doc = ApiDoc::openapi();
            for module in crate::modules::all() {
                doc.merge((module.api)().openapi().clone());
            }
            describe_errors(&mut doc);
            doc
        })
        .clone()
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(document_value())
}

/// A file's bytes (CSV, xlsx) in the OpenAPI document: a binary string.
#[derive(Debug)]
pub struct FileBytes;

impl utoipa::PartialSchema for FileBytes {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl utoipa::ToSchema for FileBytes {}

/// Every error answers with [`crate::error::ErrorBody`]: each operation's
/// documented 4xx and 5xx responses say so, and its `default` response
/// covers the rest (401, 403, 404 … that any route may answer).
fn describe_errors(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
    let error = || Content::new(Some(Ref::from_schema_name("ErrorBody")));
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in operations.into_iter().flatten() {
            for (status, response) in &mut op.responses.responses {
                if let RefOr::T(r) = response
                    && (status.starts_with('4') || status.starts_with('5'))
                    && r.content.is_empty()
                {
                    r.content.insert("application/json".to_owned(), error());
                }
            }
            op.responses
                .responses
                .entry("default".to_owned())
                .or_insert_with(|| {
                    RefOr::T(
                        ResponseBuilder::new()
                            .description("An error; `error.code` says which")
                            .content("application/json", error())
                            .build(),
                    )
                });
        }
    }
}
