//! Who may pass the policy of each route of training.

use super::roles::{ALL, HEADS, HR, PEOPLE};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /training", ALL),
    ("GET /training/courses/new", HR),
    ("POST /training/courses", HR),
    ("GET /training/sessions/new", HR),
    ("POST /training/sessions", HR),
    ("GET /training/sessions/{course}/{start}", HR),
    ("POST /training/sessions/{course}/{start}", HR),
    ("POST /training/sessions/{course}/{start}/roster", HR),
    ("GET /training/self-development", PEOPLE),
    ("POST /training/self-development", PEOPLE),
    ("POST /training/self-development/{id}", PEOPLE),
    ("GET /training/ojt", HEADS),
    ("POST /training/ojt/plans", HEADS),
    ("POST /training/ojt/sessions", HEADS),
    ("GET /api/v1/training/courses", ALL),
    ("PUT /api/v1/training/courses/{course}", HR),
    ("GET /api/v1/training/sessions", ALL),
    ("GET /api/v1/training/summary", ALL),
    ("POST /api/v1/training/sessions", HR),
    ("POST /api/v1/training/sessions/{course}/{start}/roster", HR),
    ("GET /api/v1/training/sessions/{course}/{start}", HR),
    (
        "POST /api/v1/training/sessions/{course}/{start}/attendance",
        HR,
    ),
    ("GET /api/v1/self-development", PEOPLE),
    ("POST /api/v1/self-development", PEOPLE),
    ("POST /api/v1/self-development/{id}", PEOPLE),
    ("PUT /api/v1/training/ojt/{unit}/{year}", HEADS),
    ("POST /api/v1/training/ojt/{unit}/sessions", HEADS),
];
