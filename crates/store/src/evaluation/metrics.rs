//! The SQL of the evaluation module's metrics
//! (`jinzai_domain::evaluation::metrics`).

use crate::indicator::{MetricSql, in_force, join_words, label, text};
use crate::people::metrics::{STAFF_GRADES, STAFF_IN_YEAR};
use jinzai_domain::evaluation::interview::INTERVIEW_KINDS;
use jinzai_domain::evaluation::sheet::SHEET_STATES;
use jinzai_domain::evaluation::{EVALUATION_KINDS, PERIOD_TERMS};

/// The staff member whose id is `$staff` had a talk of `kind` in the
/// fiscal year.
macro_rules! talk_in_year {
    ($staff:literal, $kind:literal) => {
        concat!(
            "EXISTS (SELECT 1 FROM interviews i WHERE i.staff_id = ",
            $staff,
            " AND i.kind = '",
            $kind,
            "' AND i.held_on BETWEEN {from} AND {to})"
        )
    };
}

/// Staff `s`'s first talk of `kind` in the fiscal year, for the drill-down.
macro_rules! first_talk {
    ($kind:literal) => {
        concat!(
            "(SELECT MIN(i.held_on) FROM interviews i WHERE i.staff_id = s.id AND i.kind = '",
            $kind,
            "' AND i.held_on BETWEEN {from} AND {to})"
        )
    };
}

pub(crate) const SQL: &[MetricSql] = &[
    MetricSql {
        code: "evaluation.evaluatees",
        source: "evaluation_chains",
        // One row per evaluatee: the year's last chain (the only one with
        // no end; a partial index holds exactly these).
        from: "FROM evaluation_chains c WHERE c.fiscal_year = {year} AND c.valid_to IS NULL",
        join: " JOIN staff s ON s.id = c.evaluatee_id",
        staff: Some("c.evaluatee_id"),
        filters: &[
            (STAFF_GRADES[0].0, STAFF_GRADES[0].1, true),
            (STAFF_GRADES[1].0, STAFF_GRADES[1].1, true),
            (
                "feedback_talk",
                talk_in_year!("c.evaluatee_id", "feedback"),
                false,
            ),
            (
                "disclosed",
                "EXISTS (SELECT 1 FROM evaluation_sheets sh JOIN evaluation_periods p ON p.id = sh.period_id \
                 WHERE sh.evaluatee_id = c.evaluatee_id AND p.fiscal_year = {year} AND sh.state = 'disclosed')",
                false,
            ),
        ],
        detail: concat!(
            "s.number, s.name, ",
            first_talk!("feedback"),
            ", (SELECT MIN(sh.disclosed_on) FROM evaluation_sheets sh JOIN evaluation_periods p ON p.id = sh.period_id \
             WHERE sh.evaluatee_id = s.id AND p.fiscal_year = {year} AND sh.state = 'disclosed'), NULL"
        ),
        order: "s.number",
        label: |d| {
            let disclosed = d[2]
                .as_ref()
                .map(|day| format!("開示 {day}"))
                .unwrap_or_default();
            let talk = match &d[1] {
                Some(day) => format!("{} {day}", INTERVIEW_KINDS.label("feedback")),
                None => "期末面談なし".to_owned(),
            };
            join_words([&text(&d[0]), &disclosed, &talk])
        },
    },
    MetricSql {
        code: "evaluation.sheets",
        source: "evaluation_sheets",
        from: "FROM evaluation_sheets sh JOIN evaluation_periods p ON p.id = sh.period_id WHERE p.fiscal_year = {year}",
        join: " JOIN staff s ON s.id = sh.evaluatee_id",
        staff: Some("sh.evaluatee_id"),
        filters: &[
            ("kind", "p.kind IN ({values})", false),
            ("term", "p.term IN ({values})", false),
            ("state", "sh.state IN ({values})", false),
            // On the period's first day, or the hire date when later.
            (
                "employment_type",
                in_force!(
                    "employment_type",
                    "(CASE WHEN s.hire_date > p.starts_on THEN s.hire_date ELSE p.starts_on END)"
                ),
                true,
            ),
            (
                "job_grade",
                in_force!(
                    "job_grade",
                    "(CASE WHEN s.hire_date > p.starts_on THEN s.hire_date ELSE p.starts_on END)"
                ),
                true,
            ),
        ],
        detail: "s.number, p.kind, p.term, sh.state, sh.final_band",
        order: "s.number, p.kind, p.term",
        label: |d| {
            join_words([
                &label(&EVALUATION_KINDS, &d[0]),
                &label(&PERIOD_TERMS, &d[1]),
                &label(&SHEET_STATES, &d[2]),
            ])
        },
    },
    MetricSql {
        code: "evaluation.periods",
        source: "evaluation_periods",
        from: "FROM evaluation_periods p WHERE p.fiscal_year = {year}",
        join: "",
        staff: None,
        filters: &[
            ("kind", "p.kind IN ({values})", false),
            ("term", "p.term IN ({values})", false),
            ("published", "p.published_at IS NOT NULL", false),
        ],
        detail: "NULL, p.kind, p.term, p.starts_on, p.published_at",
        order: "p.kind, p.term",
        label: |d| {
            let published = match &d[3] {
                Some(at) => format!("公表 {}", at.get(..10).unwrap_or(at)),
                None => "未公表".to_owned(),
            };
            join_words([
                &label(&EVALUATION_KINDS, &d[0]),
                &label(&PERIOD_TERMS, &d[1]),
                &published,
            ])
        },
    },
    MetricSql {
        code: "interviews.staff",
        source: "interviews",
        from: STAFF_IN_YEAR,
        join: "",
        staff: Some("s.id"),
        filters: &[
            STAFF_GRADES[0],
            STAFF_GRADES[1],
            ("goal_setting", talk_in_year!("s.id", "goal_setting"), false),
            ("mid_year", talk_in_year!("s.id", "mid_year"), false),
            ("feedback", talk_in_year!("s.id", "feedback"), false),
            ("career", talk_in_year!("s.id", "career"), false),
        ],
        detail: concat!(
            "s.number, ",
            first_talk!("goal_setting"),
            ", ",
            first_talk!("mid_year"),
            ", ",
            first_talk!("feedback"),
            ", ",
            first_talk!("career")
        ),
        order: "s.number",
        label: |d| {
            let talks: Vec<String> = ["goal_setting", "mid_year", "feedback", "career"]
                .iter()
                .zip(d)
                .filter_map(|(kind, day)| {
                    day.as_ref()
                        .map(|day| format!("{} {day}", INTERVIEW_KINDS.label(kind)))
                })
                .collect();
            if talks.is_empty() {
                "面談なし".to_owned()
            } else {
                talks.join("、")
            }
        },
    },
];
