//! The self-report module's metrics: staff asked for a 自己申告 (with
//! whether they submitted one) and the transfer wishes whose outcome is
//! known (with whether they were honoured); their SQL: the store's
//! `self_report::metrics`.

use crate::indicator::{Metric, TRUE_FALSE, filter};
use crate::people::codes::{EMPLOYMENT_TYPES, JOB_GRADES};

pub const METRICS: &[Metric] = &[
    Metric {
        code: "self_report.staff",
        label_ja: "自己申告の対象職員",
        description: "Staff asked for a self-report (自己申告): those in service on the window's reference date.",
        in_year: "the fiscal year's window's reference date",
        per_staff: true,
        listed_by: crate::access::Role::Hr,
        filters: &[
            filter(
                "submitted",
                "submitted a self-report in the window",
                TRUE_FALSE,
            ),
            filter(
                "employment_type",
                "the employment type in force on the reference date",
                EMPLOYMENT_TYPES.items,
            ),
            filter(
                "job_grade",
                "the job grade in force on the reference date",
                JOB_GRADES.items,
            ),
        ],
    },
    Metric {
        code: "self_report.wishes",
        label_ja: "異動希望",
        description: "Self-reports naming at least one wish (異動希望) whose outcome is known: the next 1 April has come and the writer still serves.",
        in_year: "the report is of the fiscal year's window",
        per_staff: true,
        listed_by: crate::access::Role::Hr,
        filters: &[
            filter(
                "honoured",
                "on the next 1 April the writer serves in a wished unit or kind of work, or stayed having wished to stay (希望反映)",
                TRUE_FALSE,
            ),
            filter(
                "moved",
                "the writer's unit on the next 1 April differs from the one on the reference date",
                TRUE_FALSE,
            ),
            filter("stay", "the writer also wished to stay", TRUE_FALSE),
        ],
    },
];
