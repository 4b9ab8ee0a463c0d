//! Who may pass the policy of each route of health. A person's records:
//! the health role alone; a year's counts per unit: HR too (small units
//! withheld from HR, see `health.rs`). Never the 所属長, the staff member,
//! the administrator, the viewer or the approver — except that a 所属長
//! sees the days and shared work limits of their members' returns to work.

use super::roles::{HEADS_ONLY, HEALTH, HR_HEALTH};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /health", HR_HEALTH),
    ("POST /health/checkups", HEALTH),
    ("POST /health/consultations", HEALTH),
    ("GET /health/staff/{number}", HEALTH),
    ("GET /health/find", HEALTH),
    ("GET /health/committee", HR_HEALTH),
    ("POST /health/committee", HR_HEALTH),
    ("GET /api/v1/health/committee", HR_HEALTH),
    ("POST /api/v1/health/committee", HR_HEALTH),
    ("PUT /api/v1/health/committee/{id}", HR_HEALTH),
    ("GET /api/v1/health/status", HR_HEALTH),
    ("GET /api/v1/health/figures", HR_HEALTH),
    ("GET /api/v1/health/checkups", HEALTH),
    ("PUT /api/v1/health/checkups", HEALTH),
    ("GET /api/v1/health/consultations", HEALTH),
    ("POST /api/v1/health/consultations", HEALTH),
    ("GET /api/v1/health/consultations/{id}", HEALTH),
    ("PUT /api/v1/health/consultations/{id}", HEALTH),
    ("GET /api/v1/health/staff/{number}", HEALTH),
    ("GET /health/returns", HEALTH),
    ("POST /health/returns", HEALTH),
    ("GET /health/returns/{id}", HEALTH),
    ("POST /health/returns/{id}", HEALTH),
    ("GET /health/returns/team", HEADS_ONLY),
    ("GET /api/v1/health/returns", HEALTH),
    ("POST /api/v1/health/returns", HEALTH),
    ("GET /api/v1/health/returns/{id}", HEALTH),
    ("POST /api/v1/health/returns/{id}/steps", HEALTH),
    ("GET /api/v1/health/returns/shared", HEADS_ONLY),
];
