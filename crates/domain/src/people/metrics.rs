//! The people module's metrics: personnel events and staff in service
//! (their SQL: the store's `people::metrics`).

use crate::indicator::{Metric, STAFF_FILTERS, TRUE_FALSE, filter};
use crate::people::codes::GENDERS;
use crate::people::event::{EVENT_KINDS, PARTNER_TYPES};

pub const METRICS: &[Metric] = &[
    Metric {
        code: "personnel.events",
        label_ja: "人事発令",
        description: "Personnel events (人事発令): promotions, demotions, secondments, personnel exchanges, re-employment, early retirement.",
        in_year: "the event is in force on some day of the fiscal year (from its date to its end date)",
        per_staff: true,
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
        filters: &[
            STAFF_FILTERS[0],
            STAFF_FILTERS[1],
            filter("gender", "gender", GENDERS.items),
        ],
    },
];
