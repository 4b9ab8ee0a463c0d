//! Who may pass the policy of each route of personnel evaluation. Never
//! the health role, the viewer or the approver; per record, the chain
//! narrows further (see `evaluation.rs`).

use super::roles::{HR, PROGRESS, PUBLIC};

/// HR, 所属長 and staff: their own evaluation and those they evaluate.
const PARTICIPANTS: &[&str] = PROGRESS;

pub const ACCESS: &[(&str, &[&str])] = &[
    ("GET /evaluation", PARTICIPANTS),
    ("POST /evaluation/periods", HR),
    ("GET /evaluation/scheme", PARTICIPANTS),
    ("POST /evaluation/scheme", HR),
    ("GET /evaluation/chains", HR),
    ("POST /evaluation/chains", HR),
    ("GET /api/v1/evaluation/scheme", PARTICIPANTS),
    ("PUT /api/v1/evaluation/scheme", HR),
    ("GET /api/v1/evaluation/periods", PARTICIPANTS),
    ("POST /api/v1/evaluation/periods", HR),
    ("GET /api/v1/evaluation/chains", PARTICIPANTS),
    ("PUT /api/v1/evaluation/chains", HR),
    ("GET /api/v1/evaluation/exceptions", HR),
    ("GET /evaluation/sheets/{period}/{number}", PARTICIPANTS),
    (
        "POST /evaluation/sheets/{period}/{number}/step",
        PARTICIPANTS,
    ),
    (
        "POST /evaluation/sheets/{period}/{number}/complaint",
        PARTICIPANTS,
    ),
    (
        "POST /evaluation/sheets/{period}/{number}/complaint/handling",
        HR,
    ),
    (
        "POST /evaluation/sheets/{period}/{number}/feedback",
        PARTICIPANTS,
    ),
    ("GET /evaluation/periods/{period}", HR),
    ("GET /evaluation/periods/{period}/distribution", HR),
    ("POST /evaluation/periods/{period}/publication", HR),
    ("GET /public/evaluation", PUBLIC),
    ("GET /public/evaluation/{period}", PUBLIC),
    ("GET /api/v1/evaluation/periods/{period}/distribution", HR),
    ("GET /api/v1/evaluation/periods/{period}/progress", HR),
    ("PUT /api/v1/evaluation/periods/{period}/publication", HR),
    ("GET /api/v1/public/evaluation/{period}", PUBLIC),
    ("GET /evaluation/talks", PARTICIPANTS),
    ("POST /evaluation/talks", PARTICIPANTS),
    ("GET /api/v1/interviews", PARTICIPANTS),
    ("POST /api/v1/interviews", PARTICIPANTS),
    // A sheet: its reader is checked against the chain (403 for others).
    (
        "GET /api/v1/evaluation/sheets/{period}/{number}",
        PARTICIPANTS,
    ),
    (
        "POST /api/v1/evaluation/sheets/{period}/{number}/steps/{step}",
        PARTICIPANTS,
    ),
    (
        "POST /api/v1/evaluation/sheets/{period}/{number}/complaint",
        PARTICIPANTS,
    ),
    (
        "POST /api/v1/evaluation/sheets/{period}/{number}/complaint/handling",
        HR,
    ),
    (
        "POST /api/v1/evaluation/sheets/{period}/{number}/feedback",
        PARTICIPANTS,
    ),
];
