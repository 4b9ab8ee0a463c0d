//! Who may pass the policy of each route of the working-day calendar.

use super::roles::{ALL, HR};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /calendar", ALL),
    ("POST /calendar/closures", HR),
    ("POST /calendar/closures/{day}/remove", HR),
    ("GET /api/v1/calendar", ALL),
    ("PUT /api/v1/calendar/closures/{day}", HR),
    ("DELETE /api/v1/calendar/closures/{day}", HR),
];
