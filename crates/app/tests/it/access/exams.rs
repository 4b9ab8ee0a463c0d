//! Who may pass the policy of each route of 昇任試験. Never the health
//! role, the viewer or the approver; per record, an application is its
//! candidate's and HR's (see `exams.rs`).

use super::roles::{HR, PROGRESS};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /exams", PROGRESS),
    ("POST /exams", HR),
    ("GET /exams/funnel", HR),
    ("GET /exams/papers", PROGRESS),
    ("GET /exams/papers/{id}", PROGRESS),
    ("POST /exams/papers/{id}/remove", HR),
    ("POST /exams/{id}/papers", HR),
    ("GET /exams/{id}", HR),
    ("POST /exams/{id}/apply", PROGRESS),
    ("POST /exams/{id}/withdraw", PROGRESS),
    ("POST /exams/{id}/results/{number}", HR),
    ("POST /exams/{id}/promotions/{number}", HR),
    ("GET /api/v1/exams", PROGRESS),
    ("PUT /api/v1/exams", HR),
    ("GET /api/v1/exams/{id}", PROGRESS),
    ("POST /api/v1/exams/{id}/applications", PROGRESS),
    (
        "POST /api/v1/exams/{id}/applications/{number}/withdrawal",
        PROGRESS,
    ),
    ("GET /api/v1/exams/{id}/applications", HR),
    ("PUT /api/v1/exams/{id}/applications/{number}/result", HR),
    (
        "POST /api/v1/exams/{id}/applications/{number}/promotion",
        HR,
    ),
    ("GET /api/v1/exam-funnels", HR),
    ("GET /api/v1/exam-papers", PROGRESS),
    ("GET /api/v1/exam-papers/{id}", PROGRESS),
    ("DELETE /api/v1/exam-papers/{id}", HR),
    ("POST /api/v1/exams/{id}/papers", HR),
];
