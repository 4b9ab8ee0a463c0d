//! The training module's metrics: participation, sessions held, OJT plans
//! and self-development support (their SQL: the store's
//! `training::metrics`).

use crate::indicator::{FilterDef, Metric, STAFF_FILTERS, TRUE_FALSE, filter};
use crate::training::support::{SELF_DEVELOPMENT_KINDS, SELF_DEVELOPMENT_STATUSES};
use crate::training::{PARTICIPATION_STATUSES, TRAINING_CATEGORIES, TRAINING_TOPICS};

/// A course's category and topics: filters of every metric over sessions.
const COURSE_FILTERS: &[FilterDef] = &[
    filter(
        "category",
        "the course's category",
        TRAINING_CATEGORIES.items,
    ),
    filter("topic", "one of the course's topics", TRAINING_TOPICS.items),
];

pub const METRICS: &[Metric] = &[
    Metric {
        code: "training.participation",
        label_ja: "研修受講",
        description: "Participation in training sessions (受講), one record per person and session.",
        in_year: "the session's first day is in the fiscal year",
        per_staff: true,
        listed_by: crate::access::Role::Hr,
        filters: &[
            COURSE_FILTERS[0],
            COURSE_FILTERS[1],
            filter(
                "status",
                "where the participation stands (受講 and 修了 mean the person took part)",
                PARTICIPATION_STATUSES.items,
            ),
            STAFF_FILTERS[0],
            STAFF_FILTERS[1],
        ],
    },
    Metric {
        code: "training.sessions",
        label_ja: "研修の実施回",
        description: "Training sessions held (研修の実施回).",
        in_year: "the session's first day is in the fiscal year",
        per_staff: false,
        listed_by: crate::access::Role::Hr,
        filters: COURSE_FILTERS,
    },
    Metric {
        code: "training.ojt_plans",
        label_ja: "職場研修計画",
        description: "Units' workplace-training (OJT) plans; carried out when the unit held at least the planned number of OJT sessions in the year.",
        in_year: "the plan is for the fiscal year",
        per_staff: false,
        listed_by: crate::access::Role::Hr,
        filters: &[filter(
            "carried_out",
            "the unit held at least the planned number of OJT sessions",
            TRUE_FALSE,
        )],
    },
    Metric {
        code: "self_development.applications",
        label_ja: "自己啓発支援",
        description: "Applications for self-development support (資格取得・通信教育・公開講座).",
        in_year: "the application was made in the fiscal year",
        per_staff: true,
        listed_by: crate::access::Role::Hr,
        filters: &[
            filter("kind", "kind of support", SELF_DEVELOPMENT_KINDS.items),
            filter(
                "status",
                "where the application stands",
                SELF_DEVELOPMENT_STATUSES.items,
            ),
        ],
    },
];
