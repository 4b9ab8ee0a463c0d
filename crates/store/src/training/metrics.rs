//! The SQL of the training module's metrics
//! (`jinzai_domain::training::metrics`).

use crate::indicator::{MetricSql, join_words, label, text};
use jinzai_domain::training::support::{SELF_DEVELOPMENT_KINDS, SELF_DEVELOPMENT_STATUSES};
use jinzai_domain::training::{PARTICIPATION_STATUSES, TRAINING_CATEGORIES};

const PARTICIPATION_JOIN: &str = " JOIN staff s ON s.id = p.staff_id";

pub(crate) const SQL: &[MetricSql] = &[
    MetricSql {
        code: "training.participation",
        source: "participations",
        from: "FROM training_sessions ts JOIN participations p ON p.session_id = ts.id \
               JOIN courses c ON c.id = ts.course_id WHERE ts.start_date BETWEEN {from} AND {to}",
        join: PARTICIPATION_JOIN,
        staff: Some("p.staff_id"),
        filters: &[
            ("category", "c.category IN ({values})", false),
            (
                "topic",
                // Uncorrelated, so the planner starts from the topic's
                // courses (a correlated EXISTS ran per row: 7× slower).
                "ts.course_id IN (SELECT ct.course_id FROM course_topics ct WHERE ct.topic IN ({values}))",
                false,
            ),
            ("status", "p.status IN ({values})", false),
            // The grade and type in force on the session's first day.
            (
                "employment_type",
                "EXISTS (SELECT 1 FROM staff_grades g WHERE g.staff_id = p.staff_id AND g.valid_from <= ts.start_date \
                 AND (g.valid_to IS NULL OR g.valid_to > ts.start_date) AND g.employment_type IN ({values}))",
                false,
            ),
            (
                "job_grade",
                "EXISTS (SELECT 1 FROM staff_grades g WHERE g.staff_id = p.staff_id AND g.valid_from <= ts.start_date \
                 AND (g.valid_to IS NULL OR g.valid_to > ts.start_date) AND g.job_grade IN ({values}))",
                false,
            ),
        ],
        detail: "s.number, c.title, c.category, ts.start_date, p.status",
        order: "ts.start_date, c.code, s.number",
        label: |d| {
            join_words([
                &text(&d[0]),
                &format!("（{}）", label(&TRAINING_CATEGORIES, &d[1])),
                &text(&d[2]),
                &label(&PARTICIPATION_STATUSES, &d[3]),
            ])
        },
    },
    MetricSql {
        code: "training.sessions",
        source: "training_sessions",
        from: "FROM training_sessions ts JOIN courses c ON c.id = ts.course_id \
               WHERE ts.start_date BETWEEN {from} AND {to}",
        join: "",
        staff: None,
        filters: &[
            ("category", "c.category IN ({values})", false),
            (
                "topic",
                // Uncorrelated, so the planner starts from the topic's
                // courses (a correlated EXISTS ran per row: 7× slower).
                "ts.course_id IN (SELECT ct.course_id FROM course_topics ct WHERE ct.topic IN ({values}))",
                false,
            ),
        ],
        detail: "NULL, c.title, c.category, ts.start_date, ts.unit_code",
        order: "ts.start_date, c.code",
        label: |d| {
            join_words([
                &text(&d[0]),
                &format!("（{}）", label(&TRAINING_CATEGORIES, &d[1])),
                &text(&d[2]),
                &text(&d[3]),
            ])
        },
    },
    MetricSql {
        code: "training.ojt_plans",
        source: "ojt_plans",
        from: "FROM ojt_plans o WHERE o.fiscal_year = {year}",
        join: "",
        staff: None,
        filters: &[(
            "carried_out",
            "(CASE WHEN (SELECT COUNT(*) FROM training_sessions ts JOIN courses c ON c.id = ts.course_id \
             WHERE c.category = 'ojt' AND ts.unit_code = o.unit_code AND ts.start_date BETWEEN {from} AND {to}) \
             >= o.planned_sessions THEN 'true' ELSE 'false' END) IN ({values})",
            false,
        )],
        detail: "NULL, o.unit_code, o.theme, CAST(o.planned_sessions AS TEXT), NULL",
        order: "o.unit_code",
        label: |d| format!("{} {}（計画 {} 回）", text(&d[0]), text(&d[1]), text(&d[2])),
    },
    MetricSql {
        code: "self_development.applications",
        source: "self_development",
        from: "FROM self_development sd WHERE sd.applied_date BETWEEN {from} AND {to}",
        join: " JOIN staff s ON s.id = sd.staff_id",
        staff: Some("sd.staff_id"),
        filters: &[
            ("kind", "sd.kind IN ({values})", false),
            ("status", "sd.status IN ({values})", false),
        ],
        detail: "s.number, sd.title, sd.kind, sd.applied_date, sd.status",
        order: "sd.applied_date, s.number",
        label: |d| {
            join_words([
                &text(&d[0]),
                &format!("（{}）", label(&SELF_DEVELOPMENT_KINDS, &d[1])),
                &text(&d[2]),
                &label(&SELF_DEVELOPMENT_STATUSES, &d[3]),
            ])
        },
    },
];
