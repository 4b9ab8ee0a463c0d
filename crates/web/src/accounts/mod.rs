//! Accounts: signing in and out, one's own account, and the administrators'
//! pages for accounts, roles and API tokens.

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[
        NavEntry::new("admin", "/admin/users", "nav_admin", ManageAccounts)
            .in_group(crate::http::ADMIN_MENU),
    ],
    ..WebModule::named("accounts")
};

/// The route table, one route a line.
#[rustfmt::skip]
fn page_routes() -> Routes {
    use pages::{account, admin};
    Routes::new("")
        .get("/login", Public, account::login_form)
        .post("/login", Public, account::login)
        .post("/logout", SignedIn, account::logout)
        .get("/account", SignedIn, account::page)
        .post("/account/password", SignedIn, account::change_password)
        .post("/account/email", SignedIn, account::set_email)
        .get("/admin/users", ManageAccounts, admin::users)
        .post("/admin/users", ManageAccounts, admin::create_user)
        .post("/admin/users/{id}/roles", ManageAccounts, admin::set_roles)
        .post("/admin/users/{id}/disabled", ManageAccounts, admin::set_disabled)
        .get("/admin/tokens", ManageAccounts, admin::tokens)
        .post("/admin/tokens", ManageAccounts, admin::issue_token)
        .post("/admin/tokens/{id}/revoke", ManageAccounts, admin::revoke_token)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(SignedIn, routes!(api::me))
        .api(SignedIn, routes!(api::set_email))
        .api(ManageAccounts, routes!(api::users))
        .api(ManageAccounts, routes!(api::create_user))
        .api(ManageAccounts, routes!(api::tokens))
        .api(ManageAccounts, routes!(api::issue_token))
        .api(ManageAccounts, routes!(api::revoke_token))
}
