//! The SQL of the exams module's metrics (`jinzai_domain::exams::metrics`).

use crate::indicator::{MetricSql, join_words, label, text};
use jinzai_domain::exams::PAPER_KINDS;
use jinzai_domain::people::codes::JOB_GRADES;

pub(crate) const SQL: &[MetricSql] = &[
    MetricSql {
        code: "exams.applications",
        source: "exam_applications",
        from: "FROM exam_applications a JOIN exams e ON e.id = a.exam_id \
           WHERE e.fiscal_year = {year} AND a.withdrawn_at IS NULL",
        join: " JOIN staff s ON s.id = a.staff_id",
        staff: Some("a.staff_id"),
        filters: &[
            ("level", "e.level IN ({values})", false),
            ("sat", "a.sat = 1", false),
            ("passed", "a.passed = 1", false),
            (
                "record_weighted",
                "EXISTS (SELECT 1 FROM exam_components c WHERE c.exam_id = e.id AND c.kind = 'record' AND c.weight > 0)",
                false,
            ),
            ("gender", "s.gender IN ({values})", true),
        ],
        detail: "s.number, s.name, e.level, (CASE WHEN a.passed = 1 THEN '合格' WHEN a.sat = 1 THEN '受験' WHEN a.sat = 0 THEN '欠席' ELSE '申込' END), NULL",
        order: "s.number",
        label: |d| join_words([&text(&d[0]), &label(&JOB_GRADES, &d[1]), &text(&d[2])]),
    },
    MetricSql {
        code: "exams.papers",
        source: "exam_papers",
        from: "FROM exam_papers p JOIN exams e ON e.id = p.exam_id WHERE p.published_on BETWEEN {from} AND {to}",
        join: "",
        staff: None,
        filters: &[
            ("kind", "p.kind IN ({values})", false),
            ("level", "e.level IN ({values})", false),
        ],
        detail: "NULL, e.title, p.kind, p.title, p.published_on",
        order: "p.published_on, p.id",
        label: |d| {
            join_words([
                &text(&d[0]),
                &label(&PAPER_KINDS, &d[1]),
                &text(&d[2]),
                &text(&d[3]),
            ])
        },
    },
];
