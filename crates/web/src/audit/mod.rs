//! The audit log (監査ログ): every write, sign-in, refusal and read of
//! another person's record, hash-chained; read by administrators.

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::ReadAudit;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[
        NavEntry::new("audit", "/admin/audit", "nav_audit", ReadAudit)
            .in_group(crate::http::ADMIN_MENU),
    ],
    ..WebModule::named("audit")
};

/// The route table, one route a line.
#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/admin/audit", ReadAudit, pages::audit)
        .get("/admin/audit/download", ReadAudit, pages::audit_download)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(ReadAudit, routes!(api::audit))
        .api(ReadAudit, routes!(api::verify_audit))
}
