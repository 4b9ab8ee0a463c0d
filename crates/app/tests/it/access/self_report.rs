//! Who may pass the policy of each route of 自己申告. Never the health role,
//! the viewer or the approver; per record, a report is its writer's, HR's
//! and the named readers' (see `self_report.rs`).

use super::roles::{HR, PROGRESS};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /self-report", PROGRESS),
    ("POST /self-report/{year}", PROGRESS),
    ("POST /self-report/{year}/window", HR),
    ("GET /self-report/{year}/reflection", PROGRESS),
    ("GET /self-report/{year}/{number}", PROGRESS),
    ("GET /api/v1/self-reports/{year}/window", PROGRESS),
    ("PUT /api/v1/self-reports/{year}/window", HR),
    ("GET /api/v1/self-reports/{year}/status", PROGRESS),
    ("PUT /api/v1/self-reports/{year}/mine", PROGRESS),
    ("GET /api/v1/self-reports/{year}/reflection", PROGRESS),
    ("GET /api/v1/self-reports/{year}/{number}", PROGRESS),
];
