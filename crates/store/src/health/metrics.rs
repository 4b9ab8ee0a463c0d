//! The SQL of the health module's metrics (`jinzai_domain::health::metrics`).
//! Counts read only plain columns (who, which year or day, with whom); the
//! drill-down, the health role's alone, names the person and the day —
//! never what a record says.

use crate::indicator::{MetricSql, join_words, label, text};
use jinzai_domain::health::COUNSELLORS;

pub(crate) const SQL: &[MetricSql] = &[
    MetricSql {
        code: "health.consultations",
        source: "health_consultations",
        from: "FROM health_consultations h WHERE h.held_on BETWEEN {from} AND {to}",
        join: " JOIN staff s ON s.id = h.staff_id",
        staff: Some("h.staff_id"),
        filters: &[("counsellor", "h.counsellor IN ({values})", false)],
        detail: "s.number, s.name, h.held_on, h.counsellor, NULL",
        order: "h.held_on, s.number",
        label: |d| join_words([&text(&d[0]), &text(&d[1]), &label(&COUNSELLORS, &d[2])]),
    },
    MetricSql {
        code: "health.checkups",
        source: "health_checkups",
        from: "FROM health_checkups h WHERE h.fiscal_year = {year}",
        join: " JOIN staff s ON s.id = h.staff_id",
        staff: Some("h.staff_id"),
        filters: &[(
            "attended",
            "(CASE WHEN h.attended_on IS NULL THEN 'false' ELSE 'true' END) IN ({values})",
            false,
        )],
        detail: "s.number, s.name, h.attended_on, NULL, NULL",
        order: "s.number",
        label: |d| join_words([&text(&d[0]), &text(&d[1])]),
    },
    MetricSql {
        code: "health.returns_started",
        source: "health_returns",
        from: "FROM health_returns h WHERE h.leave_from BETWEEN {from} AND {to}",
        join: " JOIN staff s ON s.id = h.staff_id",
        staff: Some("h.staff_id"),
        filters: &[],
        detail: "s.number, s.name, h.leave_from, NULL, NULL",
        order: "h.leave_from, s.number",
        label: |d| join_words([&text(&d[0]), &text(&d[1])]),
    },
    MetricSql {
        code: "health.returns_completed",
        source: "health_returns",
        from: "FROM health_returns h WHERE h.completed_on BETWEEN {from} AND {to}",
        join: " JOIN staff s ON s.id = h.staff_id",
        staff: Some("h.staff_id"),
        filters: &[],
        detail: "s.number, s.name, h.completed_on, NULL, NULL",
        order: "h.completed_on, s.number",
        label: |d| join_words([&text(&d[0]), &text(&d[1])]),
    },
];
