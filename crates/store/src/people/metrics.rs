//! The SQL of the people module's metrics (`jinzai_domain::people::metrics`).

use crate::indicator::{MetricSql, join_words, label, on_staff_day, text};
use jinzai_domain::people::codes::{EMPLOYMENT_TYPES, HIRING_ROUTES, JOB_FAMILIES, JOB_GRADES};
use jinzai_domain::people::event::EVENT_KINDS;

/// Staff in service in the fiscal year, the usual denominator (`people.staff`
/// and metrics over the same people).
pub(crate) const STAFF_IN_YEAR: &str = "FROM staff s WHERE s.hire_date <= {to} AND (s.leaving_date IS NULL OR s.leaving_date >= {from})";

/// The filters on staff `s`'s grade and type in force on the fiscal year's
/// 1 April (on the hire date for someone hired later in the year).
pub(crate) const STAFF_GRADES: [(&str, &str, bool); 2] = [
    ("employment_type", on_staff_day!("employment_type"), false),
    ("job_grade", on_staff_day!("job_grade"), false),
];

pub(crate) const SQL: &[MetricSql] = &[
    MetricSql {
        code: "personnel.events",
        source: "personnel_events",
        from: "FROM personnel_events e WHERE e.event_date <= {to} AND COALESCE(e.end_date, e.event_date) >= {from}",
        join: " JOIN staff s ON s.id = e.staff_id",
        staff: Some("e.staff_id"),
        filters: &[
            ("kind", "e.kind IN ({values})", false),
            ("partner_type", "e.partner_type IN ({values})", false),
            (
                "voluntary",
                "(CASE WHEN e.voluntary = 1 THEN 'true' ELSE 'false' END) IN ({values})",
                false,
            ),
        ],
        detail: "s.number, e.kind, e.partner, e.event_date, e.end_date",
        order: "e.event_date, s.number",
        label: |d| {
            let period = match &d[3] {
                Some(end) => format!("{}〜{end}", text(&d[2])),
                None => text(&d[2]),
            };
            join_words([&label(&EVENT_KINDS, &d[0]), &text(&d[1]), &period])
        },
    },
    MetricSql {
        code: "people.staff",
        source: "staff",
        from: STAFF_IN_YEAR,
        join: "",
        staff: Some("s.id"),
        filters: &[
            STAFF_GRADES[0],
            STAFF_GRADES[1],
            ("gender", "s.gender IN ({values})", false),
            ("job_family", "s.job_family IN ({values})", false),
            (
                "division",
                "EXISTS (SELECT 1 FROM assignments a JOIN units u ON u.code = a.unit_code \
                   AND u.valid_from <= {staff_day} AND (u.valid_to IS NULL OR u.valid_to >= {staff_day}) \
                 WHERE a.staff_id = s.id AND a.is_primary = 1 AND a.start_date <= {staff_day} \
                   AND (a.end_date IS NULL OR a.end_date >= {staff_day}) AND u.rotation IN ({values}))",
                false,
            ),
        ],
        detail: "s.number, s.name, \
                 (SELECT g.employment_type FROM staff_grades g WHERE g.staff_id = s.id AND g.valid_from <= {staff_day} \
                  AND (g.valid_to IS NULL OR g.valid_to > {staff_day})), \
                 (SELECT g.job_grade FROM staff_grades g WHERE g.staff_id = s.id AND g.valid_from <= {staff_day} \
                  AND (g.valid_to IS NULL OR g.valid_to > {staff_day})), NULL",
        order: "s.number",
        label: |d| {
            join_words([
                &text(&d[0]),
                &label(&EMPLOYMENT_TYPES, &d[1]),
                &label(&JOB_GRADES, &d[2]),
            ])
        },
    },
    MetricSql {
        code: "people.hires",
        source: "staff",
        from: "FROM staff s WHERE s.hire_date BETWEEN {from} AND {to}",
        join: "",
        staff: Some("s.id"),
        filters: &[
            ("hiring_route", "s.hiring_route IN ({values})", false),
            ("job_family", "s.job_family IN ({values})", false),
            STAFF_GRADES[0],
            ("gender", "s.gender IN ({values})", false),
        ],
        detail: "s.number, s.name, s.hire_date, s.hiring_route, s.job_family",
        order: "s.hire_date, s.number",
        label: |d| {
            join_words([
                &text(&d[0]),
                &text(&d[1]),
                &label(&HIRING_ROUTES, &d[2]),
                &label(&JOB_FAMILIES, &d[3]),
            ])
        },
    },
];
