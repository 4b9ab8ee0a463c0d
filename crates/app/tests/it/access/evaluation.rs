//! Who may pass the policy of each route of personnel evaluation. Never
//! the health role, the viewer or the approver; per record, the chain
//! narrows further (see `evaluation.rs`).

use super::roles::{HR, PROGRESS};

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
];
