//! Who may pass the policy of each route of the audit log.

use super::roles::ADMIN;

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /admin/audit", ADMIN),
    ("GET /admin/audit/download", ADMIN),
    ("GET /api/v1/audit", ADMIN),
    ("GET /api/v1/audit/verify", ADMIN),
];
