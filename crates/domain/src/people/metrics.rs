//! The people module's metrics: personnel events and staff in service
//! (their SQL: the store's `people::metrics`).

use crate::indicator::{Metric, STAFF_FILTERS, TRUE_FALSE, filter};
use crate::people::codes::{GENDERS, HIRING_ROUTES, JOB_FAMILIES, ROTATION_CLASSES};
use crate::people::event::{EVENT_KINDS, PARTNER_TYPES};

pub const METRICS: &[Metric] = &[
    Metric {
        code: "personnel.events",
        label_ja: "人事発令",
        description: "Personnel events (人事発令): promotions, demotions, secondments, personnel exchanges, re-employment, early retirement.",
        in_year: "the event is in force on some day of the fiscal year (from its date to its end date)",
        per_staff: true,
        listed_by: crate::access::Role::Hr,
        filters: &[
            filter("kind", "event kind", EVENT_KINDS.items),
            filter(
                "partner_type",
                "partner body of a secondment or exchange",
                PARTNER_TYPES.items,
            ),
            filter(
                "voluntary",
                "a demotion the person asked for (希望降格)",
                TRUE_FALSE,
            ),
        ],
    },
    Metric {
        code: "people.staff",
        label_ja: "職員",
        description: "Staff members in service (在職者), the usual denominator of a ratio.",
        in_year: "the person is in service on some day of the fiscal year (hired by its last day, not left before its first)",
        per_staff: true,
        listed_by: crate::access::Role::Hr,
        filters: &[
            STAFF_FILTERS[0],
            STAFF_FILTERS[1],
            filter("gender", "gender", GENDERS.items),
            filter(
                "job_family",
                "職種: general administration or a professional post",
                JOB_FAMILIES.items,
            ),
            filter(
                "division",
                "部門区分 (窓口, 事業, 管理) of the unit of the person's main post on the fiscal year's 1 April (or their hire date)",
                ROTATION_CLASSES.items,
            ),
        ],
    },
    Metric {
        code: "people.hires",
        label_ja: "採用",
        description: "Staff hired (採用), by hiring route (新卒, 民間等経験者 …) and job family (職種).",
        in_year: "the hire date is within the fiscal year",
        per_staff: true,
        listed_by: crate::access::Role::Hr,
        filters: &[
            filter(
                "hiring_route",
                "採用区分: new graduate, mid-career (民間等経験者), from another body, re-employment",
                HIRING_ROUTES.items,
            ),
            filter(
                "job_family",
                "職種: general administration or a professional post",
                JOB_FAMILIES.items,
            ),
            STAFF_FILTERS[0],
            filter("gender", "gender", GENDERS.items),
        ],
    },
];
