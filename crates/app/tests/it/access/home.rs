//! Who may pass the policy of each route of the home page.

use super::roles::ALL;

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /home", ALL),
    ("GET /inbox", ALL),
    ("POST /inbox/{id}/read", ALL),
    ("GET /api/v1/home", ALL),
    ("GET /api/v1/inbox", ALL),
    ("POST /api/v1/inbox/{id}/read", ALL),
];
