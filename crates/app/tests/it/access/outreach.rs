//! Who may pass the policy of each route of outreach lectures (出前講座).
//! Citizens (anyone, signed in or not) read the catalogue and send a
//! request; HR and the 所属長 handle requests (a 所属長 only their
//! departments' lectures, proved in `outreach.rs`); HR keeps the catalogue
//! and the rules.

use super::roles::{HEADS, HR, PUBLIC};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /public/outreach", PUBLIC),
    ("GET /public/outreach/{code}", PUBLIC),
    ("POST /public/outreach/{code}", PUBLIC),
    ("GET /outreach", HEADS),
    ("POST /outreach/requests", HEADS),
    ("GET /outreach/requests/{id}", HEADS),
    ("POST /outreach/requests/{id}/decision", HEADS),
    ("POST /outreach/requests/{id}/delivery", HEADS),
    ("POST /outreach/lectures", HR),
    ("POST /outreach/settings", HR),
    ("GET /api/v1/public/outreach/lectures", PUBLIC),
    ("GET /api/v1/outreach/requests", HEADS),
    ("POST /api/v1/outreach/requests", HEADS),
    ("GET /api/v1/outreach/requests/{id}", HEADS),
    ("POST /api/v1/outreach/requests/{id}/decision", HEADS),
    ("POST /api/v1/outreach/requests/{id}/delivery", HEADS),
    ("GET /api/v1/outreach/lectures", HEADS),
    ("PUT /api/v1/outreach/lectures/{code}", HR),
    ("GET /api/v1/outreach/settings", HEADS),
    ("PUT /api/v1/outreach/settings", HR),
];
