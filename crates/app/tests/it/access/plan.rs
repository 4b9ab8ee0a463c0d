//! Who may pass the policy of each route of plan & progress.

use super::roles::{ALL, HR, HR_HEALTH, PLANS_IMPORT, PROGRESS, ROUND_STEPS};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /plans", ALL),
    ("GET /plans/import", PLANS_IMPORT),
    ("POST /plans/import", PLANS_IMPORT),
    ("GET /plans/{code}", ALL),
    ("GET /plans/{code}/versions", ALL),
    ("GET /plans/{code}/next", PLANS_IMPORT),
    ("POST /plans/{code}/next", PLANS_IMPORT),
    ("GET /plans/{code}/nodes/{node}", ALL),
    ("GET /plans/{code}/nodes/{node}/indicator/{year}", HR_HEALTH),
    (
        "GET /plans/{code}/nodes/{node}/progress/{year}",
        ROUND_STEPS,
    ),
    ("POST /plans/{code}/nodes/{node}/progress/{year}", PROGRESS),
    (
        "POST /plans/{code}/nodes/{node}/progress/{year}/step",
        ROUND_STEPS,
    ),
    ("POST /plans/{code}/years/{year}/lock", HR),
    ("POST /plans/{code}/years/{year}/unlock", HR),
    ("POST /plans/{code}/years/{year}/unpublish", HR),
    ("GET /plans/{code}/dashboard", ALL),
    ("GET /plans/{code}/report", ALL),
    ("GET /plans/{code}/report/download", ALL),
    ("GET /plans/{code}/sheets", ALL),
    ("GET /api/v1/plans", ALL),
    ("POST /api/v1/plans", PLANS_IMPORT),
    ("GET /api/v1/plans/{code}", ALL),
    ("GET /api/v1/plans/{code}/versions", ALL),
    ("POST /api/v1/plans/{code}/next", PLANS_IMPORT),
    ("GET /api/v1/plans/{code}/nodes/{node}", ALL),
    ("GET /api/v1/plans/{code}/nodes/{node}/indicator", ALL),
    (
        "GET /api/v1/plans/{code}/nodes/{node}/indicator/{year}",
        HR_HEALTH,
    ),
    ("GET /api/v1/plans/{code}/rollup", ALL),
    ("GET /api/v1/plans/{code}/report", ALL),
    ("GET /api/v1/plans/{code}/progress", ALL),
    ("GET /api/v1/plans/{code}/nodes/{node}/progress/{year}", ALL),
    (
        "POST /api/v1/plans/{code}/nodes/{node}/progress/{year}",
        PROGRESS,
    ),
    (
        "POST /api/v1/plans/{code}/nodes/{node}/progress/{year}/steps",
        ROUND_STEPS,
    ),
    ("PUT /api/v1/plans/{code}/locks/{year}", HR),
    ("DELETE /api/v1/plans/{code}/locks/{year}", HR),
];
