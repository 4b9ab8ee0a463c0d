//! The SQL of the demotion module's metrics
//! (`jinzai_domain::demotion::metrics`). The drill-down names the person,
//! their grade and where the request stands — never the reason.

use crate::indicator::{MetricSql, join_words, label, text};
use jinzai_domain::demotion::STATUSES;
use jinzai_domain::people::codes::JOB_GRADES;

pub(crate) const SQL: &[MetricSql] = &[MetricSql {
    code: "demotion.requests",
    source: "demotion_requests",
    from: "FROM demotion_requests r JOIN demotion_windows w ON w.id = r.window_id WHERE w.fiscal_year = {year}",
    join: " JOIN staff s ON s.id = r.staff_id",
    staff: Some("r.staff_id"),
    filters: &[
        ("status", "r.status IN ({values})", false),
        ("decided", "r.status IN ('approved', 'rejected')", false),
        ("effective", "r.event_id IS NOT NULL", false),
        ("from_grade", "r.from_grade IN ({values})", false),
    ],
    detail: "s.number, s.name, r.from_grade, r.status, r.effective_on",
    order: "s.number",
    label: |d| {
        join_words([
            &text(&d[0]),
            &label(&JOB_GRADES, &d[1]),
            &label(&STATUSES, &d[2]),
            &text(&d[3]),
        ])
    },
}];
