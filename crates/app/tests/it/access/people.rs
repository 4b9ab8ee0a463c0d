//! Who may pass the policy of each route of people and organisation.

use super::roles::{ALL, HR, STAFF_RECORDS};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /staff", STAFF_RECORDS),
    ("GET /staff/{number}", STAFF_RECORDS),
    ("GET /units", ALL),
    ("GET /units/{code}", ALL),
    ("GET /rotation", HR),
    ("GET /api/v1/staff", STAFF_RECORDS),
    ("GET /api/v1/staff/{number}", STAFF_RECORDS),
    ("GET /api/v1/units", ALL),
    ("GET /api/v1/units/{code}", ALL),
    ("GET /api/v1/rotation", HR),
    ("GET /api/v1/events", HR),
];
