//! The SQL of the self-report module's metrics
//! (`jinzai_domain::self_report::metrics`). A wish is set against where
//! its writer served as `outcome` in `jinzai_domain::self_report` does:
//! their primary unit on the window's reference date and on the next
//! 1 April, the kind of work (`units.rotation`) of the latter.

use crate::indicator::{MetricSql, in_force, join_words, text};

/// Staff `s` is asked for a report in window `w`: in service on its
/// reference date.
const ASKED: &str = "FROM staff s JOIN self_report_windows w ON w.fiscal_year = {year} \
     WHERE s.hire_date <= w.reference_date AND (s.leaving_date IS NULL OR s.leaving_date >= w.reference_date)";

/// A primary assignment `$a` of report `r`'s writer in force on `$day`.
macro_rules! primary_on {
    ($a:literal, $day:literal) => {
        concat!(
            "SELECT 1 FROM assignments ",
            $a,
            " WHERE ",
            $a,
            ".staff_id = r.staff_id AND ",
            $a,
            ".is_primary = 1 AND ",
            $a,
            ".start_date <= ",
            $day,
            " AND (",
            $a,
            ".end_date IS NULL OR ",
            $a,
            ".end_date >= ",
            $day,
            ")"
        )
    };
}

/// Assignment `a2` (on the next 1 April) is in the unit the writer served
/// in on the reference date: they did not move.
macro_rules! same_unit {
    () => {
        concat!(
            "EXISTS (",
            primary_on!("a1", "w.reference_date"),
            " AND a1.unit_code = a2.unit_code)"
        )
    };
}

/// The writer's wish came true: on the next 1 April they serve in a wished
/// unit or kind of work, or stayed having wished to stay.
macro_rules! honoured {
    () => {
        concat!(
            "EXISTS (",
            primary_on!("a2", "{next}"),
            " AND ((",
            same_unit!(),
            " AND r.stay = 1) OR (NOT ",
            same_unit!(),
            " AND EXISTS (SELECT 1 FROM self_report_wishes x WHERE x.report_id = r.id AND (x.unit_code = a2.unit_code \
             OR (x.unit_code IS NULL AND x.work = (SELECT u.rotation FROM units u WHERE u.code = a2.unit_code \
             AND u.valid_from <= {next} AND (u.valid_to IS NULL OR u.valid_to >= {next}) LIMIT 1)))))))"
        )
    };
}

/// The writer's primary unit on `$day`, for the drill-down.
macro_rules! unit_on {
    ($day:literal) => {
        concat!(
            "(SELECT MIN(a.unit_code) FROM assignments a WHERE a.staff_id = r.staff_id AND a.is_primary = 1 AND a.start_date <= ",
            $day,
            " AND (a.end_date IS NULL OR a.end_date >= ",
            $day,
            "))"
        )
    };
}

pub(crate) const SQL: &[MetricSql] = &[
    MetricSql {
        code: "self_report.staff",
        source: "self_reports",
        from: ASKED,
        join: "",
        staff: Some("s.id"),
        filters: &[
            (
                "submitted",
                "EXISTS (SELECT 1 FROM self_reports r WHERE r.window_id = w.id AND r.staff_id = s.id)",
                false,
            ),
            (
                "employment_type",
                in_force!("employment_type", "w.reference_date"),
                false,
            ),
            (
                "job_grade",
                in_force!("job_grade", "w.reference_date"),
                false,
            ),
        ],
        detail: "s.number, s.name, (SELECT r.submitted_at FROM self_reports r WHERE r.window_id = w.id AND r.staff_id = s.id), NULL, NULL",
        order: "s.number",
        label: |d| {
            let submitted = match &d[1] {
                Some(at) => format!("提出 {}", at.get(..10).unwrap_or(at)),
                None => "未提出".to_owned(),
            };
            join_words([&text(&d[0]), &submitted])
        },
    },
    MetricSql {
        code: "self_report.wishes",
        source: "self_reports",
        from: concat!(
            "FROM self_reports r JOIN self_report_windows w ON w.id = r.window_id WHERE w.fiscal_year = {year} \
             AND {next} <= {today} AND EXISTS (SELECT 1 FROM self_report_wishes x WHERE x.report_id = r.id) AND EXISTS (",
            primary_on!("a2", "{next}"),
            ")"
        ),
        join: " JOIN staff s ON s.id = r.staff_id",
        staff: Some("r.staff_id"),
        filters: &[
            ("honoured", honoured!(), false),
            (
                "moved",
                concat!(
                    "EXISTS (",
                    primary_on!("a2", "{next}"),
                    " AND NOT ",
                    same_unit!(),
                    ")"
                ),
                false,
            ),
            ("stay", "r.stay = 1", false),
        ],
        detail: concat!(
            "s.number, s.name, ",
            unit_on!("w.reference_date"),
            ", ",
            unit_on!("{next}"),
            ", (CASE WHEN ",
            honoured!(),
            " THEN '希望どおり' ELSE '希望と異なる' END)"
        ),
        order: "s.number",
        label: |d| {
            let to = format!("{} → {}", text(&d[1]), text(&d[2]));
            join_words([&text(&d[0]), &to, &text(&d[3])])
        },
    },
];
