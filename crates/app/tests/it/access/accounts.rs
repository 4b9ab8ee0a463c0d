//! Who may pass the policy of each route of accounts.

use super::roles::{ADMIN, ALL, PUBLIC};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /login", PUBLIC),
    ("POST /login", PUBLIC),
    ("POST /logout", ALL),
    ("GET /account", ALL),
    ("POST /account/password", ALL),
    ("POST /account/email", ALL),
    ("GET /admin/users", ADMIN),
    ("POST /admin/users", ADMIN),
    ("POST /admin/users/{id}/roles", ADMIN),
    ("POST /admin/users/{id}/disabled", ADMIN),
    ("GET /admin/tokens", ADMIN),
    ("POST /admin/tokens", ADMIN),
    ("POST /admin/tokens/{id}/revoke", ADMIN),
    ("GET /api/v1/me", ALL),
    ("PUT /api/v1/me/email", ALL),
    ("GET /api/v1/users", ADMIN),
    ("POST /api/v1/users", ADMIN),
    ("GET /api/v1/tokens", ADMIN),
    ("POST /api/v1/tokens", ADMIN),
    ("DELETE /api/v1/tokens/{id}", ADMIN),
];
