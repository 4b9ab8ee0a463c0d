//! The evaluation module's metrics: evaluatees (with whether they had
//! their 期末面談), evaluation sheets, evaluation periods (with whether
//! their rating distribution was published) and staff with the talks (面談)
//! they had in the year (their SQL: the store's `evaluation::metrics`).

use crate::evaluation::sheet::SHEET_STATES;
use crate::evaluation::{EVALUATION_KINDS, PERIOD_TERMS};
use crate::indicator::{FilterDef, Metric, STAFF_FILTERS, TRUE_FALSE, filter};

/// A period's kind and term: filters of every metric over periods.
const PERIOD_FILTERS: [FilterDef; 2] = [
    filter(
        "kind",
        "the period's kind (能力評価・業績評価)",
        EVALUATION_KINDS.items,
    ),
    filter(
        "term",
        "the stretch of the year the period covers",
        PERIOD_TERMS.items,
    ),
];

pub const METRICS: &[Metric] = &[
    Metric {
        code: "evaluation.evaluatees",
        label_ja: "被評価者",
        description: "Evaluatees (被評価者): staff with an evaluation chain in the fiscal year.",
        in_year: "the person has a chain of evaluators for the fiscal year",
        per_staff: true,
        listed_by: crate::access::Role::Hr,
        filters: &[
            STAFF_FILTERS[0],
            STAFF_FILTERS[1],
            filter(
                "feedback_talk",
                "had a 期末面談 (評価内容の説明) within the fiscal year",
                TRUE_FALSE,
            ),
            filter(
                "disclosed",
                "a sheet of the year was disclosed (開示) to the person",
                TRUE_FALSE,
            ),
        ],
    },
    Metric {
        code: "evaluation.sheets",
        label_ja: "評価シート",
        description: "Evaluation sheets (評価シート), one per evaluatee and period.",
        in_year: "the sheet's period belongs to the fiscal year",
        per_staff: true,
        listed_by: crate::access::Role::Hr,
        filters: &[
            PERIOD_FILTERS[0],
            PERIOD_FILTERS[1],
            filter(
                "state",
                "where the sheet stands in the cycle",
                SHEET_STATES.items,
            ),
            filter(
                "employment_type",
                "the evaluatee's employment type in force on the period's first day",
                crate::people::codes::EMPLOYMENT_TYPES.items,
            ),
            filter(
                "job_grade",
                "the evaluatee's job grade in force on the period's first day",
                crate::people::codes::JOB_GRADES.items,
            ),
        ],
    },
    Metric {
        code: "evaluation.periods",
        label_ja: "評価期間",
        description: "Evaluation periods opened (評価期間; records only).",
        in_year: "the period belongs to the fiscal year",
        per_staff: false,
        listed_by: crate::access::Role::Hr,
        filters: &[
            PERIOD_FILTERS[0],
            PERIOD_FILTERS[1],
            filter(
                "published",
                "the period's rating distribution is published (評価結果の割合の公表)",
                TRUE_FALSE,
            ),
        ],
    },
    Metric {
        code: "interviews.staff",
        label_ja: "職員の面談",
        description: "Staff in service with the talks (面談) they had in the year.",
        in_year: "the person is in service on some day of the fiscal year (as people.staff)",
        per_staff: true,
        listed_by: crate::access::Role::Hr,
        filters: &[
            STAFF_FILTERS[0],
            STAFF_FILTERS[1],
            filter(
                "goal_setting",
                "had a 期首面談 (goal-setting talk) in the year",
                TRUE_FALSE,
            ),
            filter(
                "mid_year",
                "had a 中間面談 (mid-year talk) in the year",
                TRUE_FALSE,
            ),
            filter(
                "feedback",
                "had a 期末面談 (評価内容の説明) in the year",
                TRUE_FALSE,
            ),
            filter(
                "career",
                "had a キャリア面談 (career talk) in the year",
                TRUE_FALSE,
            ),
        ],
    },
];
