//! Who may pass the policy of each route of HR imports.

use super::roles::HR;

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /import", HR),
    ("POST /import", HR),
    ("POST /api/v1/imports/{kind}", HR),
];
