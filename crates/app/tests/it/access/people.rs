//! Who may pass the policy of each route of people and organisation.

use super::roles::{ALL, HR, PEOPLE};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /staff", PEOPLE),
    ("GET /staff/{number}", PEOPLE),
    ("GET /units", ALL),
    ("GET /units/{code}", ALL),
    ("GET /rotation", HR),
    ("GET /api/v1/staff", PEOPLE),
    ("GET /api/v1/staff/{number}", PEOPLE),
    ("GET /api/v1/units", ALL),
    ("GET /api/v1/units/{code}", ALL),
    ("GET /api/v1/rotation", HR),
    ("GET /api/v1/events", HR),
];
