//! The postings module's metrics: postings opened (職員公募) and the
//! applications to them with how they ended; their SQL: the store's
//! `postings::metrics`.

use crate::indicator::{Metric, filter};
use crate::postings::{APPLICATION_STATUSES, POSTING_KINDS};

pub const METRICS: &[Metric] = &[
    Metric {
        code: "postings.postings",
        label_ja: "職員公募",
        description: "Internal postings (職員公募): project teams and posts opened to applications.",
        in_year: "the posting opens within the fiscal year",
        per_staff: false,
        listed_by: crate::access::Role::Hr,
        filters: &[filter(
            "kind",
            "a project team or a post",
            POSTING_KINDS.items,
        )],
    },
    Metric {
        code: "postings.applications",
        label_ja: "職員公募への応募",
        description: "Applications to internal postings, with how they ended (selected, not selected, withdrawn).",
        in_year: "the posting opens within the fiscal year",
        per_staff: true,
        listed_by: crate::access::Role::Hr,
        filters: &[
            filter(
                "status",
                "where the application stands: applied, withdrawn, selected, not selected",
                APPLICATION_STATUSES.items,
            ),
            filter(
                "kind",
                "the posting is a project team or a post",
                POSTING_KINDS.items,
            ),
        ],
    },
];
