//! The demotion module's metrics: requests for a voluntary demotion (希望降任)
//! and how they were decided; their SQL: the store's `demotion::metrics`.
//! No filter reads the reason: it stays with the person, HR and the
//! reviewers.

use crate::demotion::STATUSES;
use crate::indicator::{Metric, TRUE_FALSE, filter};
use crate::people::codes::JOB_GRADES;

pub const METRICS: &[Metric] = &[Metric {
    code: "demotion.requests",
    label_ja: "希望降任の申出",
    description: "Requests for a voluntary demotion (希望降任) made in a year's window, with their decision.",
    in_year: "the request is of the fiscal year's window",
    per_staff: true,
    listed_by: crate::access::Role::Hr,
    filters: &[
        filter(
            "status",
            "where the request stands: under review, withdrawn, approved or rejected",
            STATUSES.items,
        ),
        filter(
            "decided",
            "the review has decided the request (approved or rejected)",
            TRUE_FALSE,
        ),
        filter(
            "effective",
            "the approved demotion has taken effect as a personnel event",
            TRUE_FALSE,
        ),
        filter(
            "from_grade",
            "the grade the person held when they asked",
            JOB_GRADES.items,
        ),
    ],
}];
