//! Who may pass the policy of each route of the women's-advancement page:
//! HR reads the figures and keeps the records, targets and publication;
//! citizens read a published year (see `women.rs`).

use super::roles::{HR, PUBLIC};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /women", HR),
    ("GET /women/download", HR),
    ("POST /women/targets", HR),
    ("POST /women/targets/remove", HR),
    ("POST /women/settings", HR),
    ("POST /women/publish", HR),
    ("GET /women/records", HR),
    ("POST /women/births", HR),
    ("POST /women/leaves", HR),
    ("POST /women/births/{id}/remove", HR),
    ("POST /women/leaves/{id}/remove", HR),
    ("GET /public/women", PUBLIC),
    ("GET /public/women/download", PUBLIC),
    ("GET /api/v1/women", HR),
    ("GET /api/v1/women/download", HR),
    ("PUT /api/v1/women/targets", HR),
    ("DELETE /api/v1/women/targets/{item}/{group}", HR),
    ("PUT /api/v1/women/settings", HR),
    ("PUT /api/v1/women/publications/{year}", HR),
    ("DELETE /api/v1/women/publications/{year}", HR),
    ("GET /api/v1/women/records", HR),
    ("POST /api/v1/women/births", HR),
    ("POST /api/v1/women/leaves", HR),
    ("DELETE /api/v1/women/births/{id}", HR),
    ("DELETE /api/v1/women/leaves/{id}", HR),
    ("GET /api/v1/public/women", PUBLIC),
];
