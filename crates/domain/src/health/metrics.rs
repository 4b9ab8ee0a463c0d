//! The health module's metrics: consultations held and check-ups taken;
//! their SQL: the store's `health::metrics`. No filter reads a sealed
//! field (a consultation's kind, a check-up's outcome), and only the health
//! role lists the records behind a number.

use crate::access::Role;
use crate::health::COUNSELLORS;
use crate::indicator::{Metric, TRUE_FALSE, filter};

pub const METRICS: &[Metric] = &[
    Metric {
        code: "health.consultations",
        label_ja: "健康相談",
        description: "Consultations with the industrial physician (産業医) or the public-health nurse (保健師).",
        in_year: "the consultation was held in the fiscal year",
        per_staff: true,
        listed_by: Role::Health,
        filters: &[filter(
            "counsellor",
            "who the consultation was with: the physician or the nurse",
            COUNSELLORS.items,
        )],
    },
    Metric {
        code: "health.checkups",
        label_ja: "定期健康診断",
        description: "People due a check-up (健康診断) in a year, and whether they took it.",
        in_year: "the check-up is of the fiscal year",
        per_staff: true,
        listed_by: Role::Health,
        filters: &[filter(
            "attended",
            "the person took the check-up",
            TRUE_FALSE,
        )],
    },
    Metric {
        code: "health.returns_started",
        label_ja: "職場復帰支援の開始",
        description: "Return-to-work cases (職場復帰支援) opened: the leave they support began in the year.",
        in_year: "the leave began in the fiscal year",
        per_staff: true,
        listed_by: Role::Health,
        filters: &[],
    },
    Metric {
        code: "health.returns_completed",
        label_ja: "職場復帰支援の完了",
        description: "Return-to-work cases completed: the last follow-up after return was held in the year.",
        in_year: "the last follow-up was held in the fiscal year",
        per_staff: true,
        listed_by: Role::Health,
        filters: &[],
    },
];
