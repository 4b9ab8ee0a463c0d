//! Who may pass the policy of each route of the public page.

use super::roles::{HR, PUBLIC};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /plans/{code}/years/{year}/publish", HR),
    ("POST /plans/{code}/years/{year}/publish", HR),
    ("GET /public", PUBLIC),
    ("GET /public/{code}", PUBLIC),
    ("GET /public/{code}/download", PUBLIC),
    ("PUT /api/v1/plans/{code}/publications/{year}", HR),
    ("DELETE /api/v1/plans/{code}/publications/{year}", HR),
    ("GET /api/v1/public/{code}", PUBLIC),
];
