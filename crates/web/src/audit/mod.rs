//! The audit log (監査ログ): every write, sign-in, refusal and read of
//! another person's record, hash-chained; read by administrators.

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::ReadAudit;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    openapi: || <Doc as utoipa::OpenApi>::openapi(),
    nav: &[NavEntry::new(
        "audit",
        "/admin/audit",
        "nav_audit",
        ReadAudit,
    )],
    ..WebModule::named("audit")
};

#[derive(utoipa::OpenApi)]
#[openapi(paths(api::audit, api::verify_audit))]
struct Doc;

fn page_routes() -> Routes {
    Routes::new("")
        .get("/admin/audit", ReadAudit, pages::audit)
        .get("/admin/audit/download", ReadAudit, pages::audit_download)
}

fn api_routes() -> Routes {
    Routes::new("/api/v1")
        .get("/audit", ReadAudit, api::audit)
        .get("/audit/verify", ReadAudit, api::verify_audit)
}
