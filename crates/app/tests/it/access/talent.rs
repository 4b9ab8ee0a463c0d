//! Who may pass the policy of each route of the talent page: HR reads the
//! figures and designations and writes them; nobody else has a route
//! (a person's designations show on their staff page, see `talent.rs`).

use super::roles::HR;

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /talent", HR),
    ("POST /talent/designations", HR),
    ("POST /talent/designations/{id}/end", HR),
    ("POST /talent/fields", HR),
    ("GET /api/v1/talent", HR),
    ("POST /api/v1/talent/designations", HR),
    ("POST /api/v1/talent/designations/{id}/end", HR),
    ("POST /api/v1/talent/fields", HR),
];
