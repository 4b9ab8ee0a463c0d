//! Who may pass the policy of each route of imports. The page and the API
//! route let HR and the health role in; each kind then names who may
//! import it (HR files: HR; health records: the health role), proved in
//! `health_files.rs`.

use super::roles::HR_HEALTH;

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /import", HR_HEALTH),
    ("POST /import", HR_HEALTH),
    ("POST /api/v1/imports/{kind}", HR_HEALTH),
];
