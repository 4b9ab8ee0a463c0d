//! The SQL of the postings module's metrics
//! (`jinzai_domain::postings::metrics`). The drill-down names postings,
//! and applicants with how their application ended — never a motivation.

use crate::indicator::{MetricSql, join_words, label, text};
use jinzai_domain::postings::{APPLICATION_STATUSES, POSTING_KINDS};

pub(crate) const SQL: &[MetricSql] = &[
    MetricSql {
        code: "postings.postings",
        source: "postings",
        from: "FROM postings p WHERE p.opens_on BETWEEN {from} AND {to}",
        join: "",
        staff: None,
        filters: &[("kind", "p.kind IN ({values})", false)],
        detail: "NULL, p.kind, p.title, p.opens_on, NULL",
        order: "p.opens_on, p.title",
        label: |d| join_words([&label(&POSTING_KINDS, &d[0]), &text(&d[1]), &text(&d[2])]),
    },
    MetricSql {
        code: "postings.applications",
        source: "posting_applications",
        from: "FROM posting_applications a JOIN postings p ON p.id = a.posting_id \
           WHERE p.opens_on BETWEEN {from} AND {to}",
        join: " JOIN staff s ON s.id = a.staff_id",
        staff: Some("a.staff_id"),
        filters: &[
            ("status", "a.status IN ({values})", false),
            ("kind", "p.kind IN ({values})", false),
        ],
        detail: "s.number, s.name, p.title, a.status, NULL",
        order: "s.number, p.title",
        label: |d| {
            join_words([
                &text(&d[0]),
                &text(&d[1]),
                &label(&APPLICATION_STATUSES, &d[2]),
            ])
        },
    },
];
