//! The exams module's metrics: applications for promotion exams and how far
//! each went; their SQL: the store's `exams::metrics`.

use crate::exams::PAPER_KINDS;
use crate::indicator::{Metric, TRUE_FALSE, filter};
use crate::people::codes::{GENDERS, JOB_GRADES};

pub const METRICS: &[Metric] = &[
    Metric {
        code: "exams.applications",
        label_ja: "昇任試験の申込",
        description: "Applications for a promotion exam (昇任試験・選考), not withdrawn.",
        in_year: "the exam is of the fiscal year",
        per_staff: true,
        listed_by: crate::access::Role::Hr,
        filters: &[
            filter(
                "level",
                "the grade the exam promotes to (係長, 課長 …)",
                JOB_GRADES.items,
            ),
            filter("sat", "the candidate sat the exam (受験)", TRUE_FALSE),
            filter("passed", "the candidate passed (合格)", TRUE_FALSE),
            filter(
                "record_weighted",
                "the exam weighs the work record (業務実績) in its result",
                TRUE_FALSE,
            ),
            filter("gender", "the candidate's gender", GENDERS.items),
        ],
    },
    Metric {
        code: "exams.papers",
        label_ja: "過去問題の公開",
        description: "Past papers and model answers of promotion exams published to staff (過去問題の公開).",
        in_year: "published (公開日) within the fiscal year",
        per_staff: false,
        listed_by: crate::access::Role::Hr,
        filters: &[
            filter("kind", "past paper or model answer", PAPER_KINDS.items),
            filter("level", "the grade the exam promotes to", JOB_GRADES.items),
        ],
    },
];
