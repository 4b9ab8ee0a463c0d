//! The SQL of the talent module's metrics (`jinzai_domain::talent::metrics`).
//! The drill-down names staff with the classes they served in, and
//! specialists with their field.

use crate::indicator::{MetricSql, join_words, text};
use jinzai_domain::people::codes::ROTATION_CLASSES;

/// "Staff `s` has had a main post, begun by the fiscal year's end, in a
/// unit whose class (on the post's first day) is ", then the class. Matches
/// `jinzai_domain::people::rotation::RotationIndex`.
macro_rules! served {
    ($class:literal) => {
        concat!(
            "EXISTS (SELECT 1 FROM assignments a JOIN units u ON u.code = a.unit_code \
               AND u.valid_from <= a.start_date AND (u.valid_to IS NULL OR u.valid_to >= a.start_date) \
             WHERE a.staff_id = s.id AND a.is_primary = 1 AND a.start_date <= {to} \
               AND (a.end_date IS NULL OR a.end_date >= a.start_date) AND u.rotation ",
            $class,
            ")"
        )
    };
}

pub(crate) const SQL: &[MetricSql] = &[
    MetricSql {
        code: "talent.rotation",
        source: "assignments",
        from: "FROM staff s WHERE s.employment_type = 'regular' AND s.hire_date <= {to} \
               AND (s.leaving_date IS NULL OR s.leaving_date >= {to})",
        join: "",
        staff: Some("s.id"),
        filters: &[
            ("served_at_least", "s.hire_date <= {nth_year_end}", false),
            ("served_at_most", "s.hire_date >= {nth_year_start}", false),
            (
                "covered",
                concat!(
                    served!("= 'front'"),
                    " AND ",
                    served!("= 'program'"),
                    " AND ",
                    served!("= 'admin'")
                ),
                false,
            ),
            ("served_in", served!("IN ({values})"), false),
            ("gender", "s.gender IN ({values})", false),
            ("job_family", "s.job_family IN ({values})", false),
        ],
        detail: concat!(
            "s.number, s.name, s.hire_date, CASE WHEN ",
            served!("= 'front'"),
            " THEN 'front' ELSE '' END || ',' || CASE WHEN ",
            served!("= 'program'"),
            " THEN 'program' ELSE '' END || ',' || CASE WHEN ",
            served!("= 'admin'"),
            " THEN 'admin' ELSE '' END, NULL"
        ),
        order: "s.number",
        label: |d| {
            let served = text(&d[2]);
            let classes: Vec<&str> = served
                .split(',')
                .filter(|c| !c.is_empty())
                .map(|c| ROTATION_CLASSES.label(c))
                .collect();
            join_words([&text(&d[0]), &text(&d[1]), &classes.join("・")])
        },
    },
    MetricSql {
        code: "talent.specialists",
        source: "specialist_designations",
        from: "FROM specialist_designations d WHERE d.valid_from <= {to} \
               AND (d.valid_to IS NULL OR d.valid_to >= {from})",
        join: " JOIN staff s ON s.id = d.staff_id",
        staff: Some("d.staff_id"),
        filters: &[
            ("field", "d.field IN ({values})", false),
            ("served_at_least", "s.hire_date <= {nth_year_end}", true),
            ("gender", "s.gender IN ({values})", true),
            ("job_family", "s.job_family IN ({values})", true),
        ],
        detail: "s.number, s.name, (SELECT f.label_ja FROM specialist_fields f WHERE f.code = d.field), \
                 d.valid_from, d.valid_to",
        order: "s.number, d.valid_from",
        label: |d| {
            let period = format!("{}〜{}", text(&d[2]), text(&d[3]));
            join_words([&text(&d[0]), &text(&d[1]), &period])
        },
    },
];
