//! Who may pass the policy of each route of the progress round.

use super::roles::{ALL, HR};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /plans/{code}/rounds", ALL),
    ("POST /plans/{code}/rounds", HR),
    ("POST /plans/{code}/rounds/{year}/dates", HR),
    ("GET /plans/{code}/owners", ALL),
    ("POST /plans/{code}/owners", HR),
    ("POST /plans/{code}/owners/import", HR),
    ("GET /api/v1/plans/{code}/rounds", ALL),
    ("POST /api/v1/plans/{code}/rounds", HR),
    ("GET /api/v1/plans/{code}/rounds/{year}", ALL),
    ("PUT /api/v1/plans/{code}/rounds/{year}/dates", HR),
    ("GET /api/v1/plans/{code}/owners", ALL),
    ("PUT /api/v1/plans/{code}/owners", HR),
    ("GET /api/v1/plans/{code}/owners/{node}", ALL),
    ("POST /api/v1/plans/{code}/owners/import", HR),
];
