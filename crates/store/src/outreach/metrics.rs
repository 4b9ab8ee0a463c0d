//! The SQL of the outreach module's metrics (`jinzai_domain::outreach::metrics`).
//! The drill-down names the day, the lecture and the group (never the
//! group's contact).

use crate::indicator::{MetricSql, join_words, text};

pub(crate) const SQL: &[MetricSql] = &[MetricSql {
    code: "outreach.deliveries",
    source: "outreach_requests",
    from: "FROM outreach_requests r WHERE r.status = 'delivered' AND r.delivered_on BETWEEN {from} AND {to}",
    join: " JOIN outreach_lectures l ON l.id = r.lecture_id",
    staff: None,
    filters: &[("source", "r.source IN ({values})", false)],
    detail: "NULL, r.delivered_on, l.title, r.group_name, NULL",
    order: "r.delivered_on, r.id",
    label: |d| join_words([&text(&d[0]), &text(&d[1]), &text(&d[2])]),
}];
