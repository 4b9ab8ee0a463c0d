//! The talent module's metrics: job rotation in the first years of service
//! (1-6-1) and specialist designations (1-6-2); their SQL: the store's
//! `talent::metrics`. Hires and re-employed staff (1-7-1, 1-7-2) are the
//! people module's `people.hires` and `people.staff`.

use crate::indicator::{Metric, TRUE_FALSE, any_filter, filter, years_filter};
use crate::people::codes::{GENDERS, JOB_FAMILIES, ROTATION_CLASSES};

pub const METRICS: &[Metric] = &[
    Metric {
        code: "talent.rotation",
        label_ja: "計画的な配置換え",
        description: "Regular staff (一般職) in service at the fiscal year's end, with the classes (窓口, 事業, 管理) of the units of their main posts so far.",
        in_year: "the person is in service on the fiscal year's last day",
        per_staff: true,
        listed_by: crate::access::Role::Hr,
        filters: &[
            years_filter(
                "served_at_least",
                "in their Nth fiscal year of service or later (the hire year is the first)",
            ),
            years_filter(
                "served_at_most",
                "within their first N fiscal years of service (the hire year is the first)",
            ),
            filter(
                "covered",
                "their main posts have covered all three classes: 窓口, 事業 and 管理",
                TRUE_FALSE,
            ),
            filter(
                "served_in",
                "a main post so far in a unit of this class",
                ROTATION_CLASSES.items,
            ),
            filter("gender", "gender", GENDERS.items),
            filter(
                "job_family",
                "職種: general administration or a professional post",
                JOB_FAMILIES.items,
            ),
        ],
    },
    Metric {
        code: "talent.specialists",
        label_ja: "スペシャリストの指定",
        description: "Staff designated as specialists (スペシャリスト) in a field.",
        in_year: "the designation is in force on some day of the fiscal year",
        per_staff: true,
        listed_by: crate::access::Role::Hr,
        filters: &[
            any_filter(
                "field",
                "the field of the designation (a code of the city's list of fields)",
            ),
            years_filter(
                "served_at_least",
                "the person is in their Nth fiscal year of service or later (Kiyose: 15)",
            ),
            filter("gender", "gender", GENDERS.items),
            filter(
                "job_family",
                "職種: general administration or a professional post",
                JOB_FAMILIES.items,
            ),
        ],
    },
];
