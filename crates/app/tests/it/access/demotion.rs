//! Who may pass the policy of each route of 希望降任. Never the health
//! role, the viewer or the approver; per record, a request is its maker's,
//! HR's and its window's reviewers' — never the 所属長's as such (see
//! `demotion.rs`).

use super::roles::{HR, PROGRESS};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /demotion", PROGRESS),
    ("POST /demotion/requests", PROGRESS),
    ("POST /demotion/window", HR),
    ("POST /demotion/take-effect", HR),
    ("GET /demotion/requests/{id}", PROGRESS),
    ("POST /demotion/requests/{id}/withdraw", PROGRESS),
    ("POST /demotion/requests/{id}/decision", PROGRESS),
    ("POST /demotion/requests/{id}/reviews", PROGRESS),
    ("GET /api/v1/demotion/windows", PROGRESS),
    ("PUT /api/v1/demotion/windows", HR),
    ("GET /api/v1/demotion/requests", PROGRESS),
    ("POST /api/v1/demotion/requests", PROGRESS),
    ("GET /api/v1/demotion/requests/{id}", PROGRESS),
    ("POST /api/v1/demotion/requests/{id}/withdrawal", PROGRESS),
    ("POST /api/v1/demotion/requests/{id}/decision", PROGRESS),
    ("GET /api/v1/demotion/reviews", PROGRESS),
    ("POST /api/v1/demotion/requests/{id}/reviews", PROGRESS),
    ("POST /api/v1/demotion/take-effect", HR),
];
