//! Who may pass the policy of each route of 職員公募. Never the health
//! role, the viewer or the approver; per record, an application is its
//! applicant's and HR's, and a 所属長's only as the posting allows (see
//! `postings.rs`).

use super::roles::{HR, PROGRESS};

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /postings", PROGRESS),
    ("POST /postings", HR),
    ("GET /postings/{id}", PROGRESS),
    ("POST /postings/{id}/apply", PROGRESS),
    ("POST /postings/{id}/withdraw", PROGRESS),
    ("POST /postings/{id}/decisions/{number}", HR),
    ("GET /api/v1/postings", PROGRESS),
    ("POST /api/v1/postings", HR),
    ("PUT /api/v1/postings/{id}", HR),
    ("GET /api/v1/postings/{id}/applications", PROGRESS),
    ("POST /api/v1/postings/{id}/applications", PROGRESS),
    (
        "POST /api/v1/postings/{id}/applications/{number}/withdrawal",
        PROGRESS,
    ),
    (
        "PUT /api/v1/postings/{id}/applications/{number}/decision",
        HR,
    ),
];
