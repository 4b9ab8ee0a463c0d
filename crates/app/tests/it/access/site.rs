//! Who may pass the policy of each route of the site (start page, language, assets, OpenAPI).

use super::roles::PUBLIC;

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /", PUBLIC),
    ("GET /lang/{lang}", PUBLIC),
    ("GET /assets/{file}", PUBLIC),
    ("GET /api/openapi.json", PUBLIC),
];
