//! The dashboard: grades per pillar, targets against actuals, roll-ups per
//! pillar and per owner division, and the measures not assessed.

use super::plan::{RollupView, rollup_view};
use crate::charts::TargetPanel;
use crate::error::PageError;
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use crate::view::LevelWords;
use crate::{SharedState, charts};
use askama::Template;
use axum::extract::{Path, Query, State};
use jinzai_domain::{FiscalYear, rollup};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct YearQuery {
    pub year: Option<i32>,
}

pub struct YearOpt {
    pub value: i32,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "plan/dashboard.html")]
pub struct DashboardPage {
    pub nav: Nav,
    /// Headings in the plan's own words.
    pub words: LevelWords,
    /// 「担当課別」, or by the plan's own name for owners.
    pub by_division: String,
    pub title: String,
    pub year_label: String,
    pub years: Vec<YearOpt>,
    pub grades_svg: String,
    pub grades_table: Vec<(String, Vec<usize>)>,
    pub grade_headers: Vec<String>,
    pub targets_svg: String,
    pub targets_table: Vec<(String, Vec<String>)>,
    pub year_headers: Vec<String>,
    pub total: RollupView,
    pub pillars: Vec<RollupView>,
    pub divisions: Vec<RollupView>,
    /// Each period's years summed (measure-years), when the plan has
    /// periods.
    pub periods: Vec<RollupView>,
    pub ungraded: String,
    pub not_reported: String,
}

pub async fn page(
    State(state): State<SharedState>,
    lang: Lang,
    Path(code): Path<String>,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let fail = |e| PageError(e, lang);
    let loaded = jinzai_service::plan::load(&state.store, &code)
        .await
        .map_err(fail)?;
    let plan = loaded.plan();
    let year = loaded.year_or_latest(q.year).map_err(fail)?;
    let book = loaded.book();

    // Grades per top-level item (the plan's 柱 or whatever it calls them).
    let pillar_rollups = charts::top_rollups(plan, year, &book);
    let (grade_names, stack_rows) = charts::grade_stack(plan, &pillar_rollups, lang);
    let words = LevelWords::of(plan, lang);
    let grades_title = format!("{} — {}", words.grades_per_top, lang.year(year));

    // Targets against actuals, every year.
    let years: Vec<FiscalYear> = plan.years().collect();
    let numeric: Vec<_> = plan
        .measures()
        .filter(|m| years.iter().any(|&y| m.target(y).is_some()))
        .collect();
    let panels: Vec<TargetPanel> = numeric
        .iter()
        .map(|m| TargetPanel {
            title: m.display_title(),
            unit: years
                .iter()
                .find_map(|&y| m.target(y))
                .map(|t| t.unit)
                .unwrap_or_default(),
            years: years
                .iter()
                .map(|&y| {
                    (
                        lang.year(y),
                        m.target(y).map(|t| t.value),
                        loaded.rev(&m.code, y).and_then(|r| r.entry.actual_value),
                    )
                })
                .collect(),
        })
        .collect();
    let targets_table = panels
        .iter()
        .map(|p| {
            let cells = p
                .years
                .iter()
                .map(|(_, t, a)| {
                    let show = |v: &Option<f64>| {
                        v.map_or("—".to_owned(), |v| {
                            format!("{}{}", jinzai_domain::grade::fmt_num(v), p.unit)
                        })
                    };
                    format!("{} / {}", show(a), show(t))
                })
                .collect();
            (p.title.clone(), cells)
        })
        .collect();

    let total = rollup::rollup(plan, year, None, &book);
    let page = DashboardPage {
        nav: nav(
            lang,
            Some(&loaded),
            "dashboard",
            format!("/plans/{code}/dashboard?year={}", year.0),
        ),
        title: plan.title.clone(),
        by_division: match (lang, plan.label("owners")) {
            (Lang::Ja, Some(own)) => format!("{own}別"),
            _ => lang.t("by_division").to_owned(),
        },
        words,
        year_label: lang.year(year),
        years: years
            .iter()
            .map(|&y| YearOpt {
                value: y.0,
                label: lang.year(y),
                selected: y == year,
            })
            .collect(),
        grades_svg: charts::stacked_bars(&grades_title, &stack_rows),
        grades_table: stack_rows
            .iter()
            .map(|r| (r.label.clone(), r.segments.iter().map(|s| s.1).collect()))
            .collect(),
        grade_headers: grade_names.iter().map(|(n, _)| n.clone()).collect(),
        targets_svg: charts::target_panels(
            lang.t("target_vs_actual"),
            &panels,
            lang.t("target"),
            lang.t("actual"),
        ),
        targets_table,
        year_headers: years.iter().map(|&y| lang.year(y)).collect(),
        pillars: pillar_rollups
            .iter()
            .map(|(l, r)| rollup_view(plan, r, l.clone(), lang))
            .collect(),
        periods: plan
            .periods
            .iter()
            .filter_map(|p| {
                let years: Vec<FiscalYear> = plan.years().filter(|y| p.contains(*y)).collect();
                rollup::rollup_years(plan, &years, None, &book)
                    .map(|r| rollup_view(plan, &r, crate::view::period_label(p, lang), lang))
            })
            .collect(),
        divisions: rollup::rollup_by_division(plan, year, &book)
            .iter()
            .map(|(d, r)| {
                rollup_view(
                    plan,
                    r,
                    if d.is_empty() {
                        lang.t("unassigned").to_owned()
                    } else {
                        d.clone()
                    },
                    lang,
                )
            })
            .collect(),
        not_reported: total
            .not_reported
            .iter()
            .filter_map(|c| plan.node(c))
            .map(|n| format!("{} {}", n.code, n.title))
            .collect::<Vec<_>>()
            .join("、"),
        ungraded: total
            .ungraded
            .iter()
            .filter_map(|c| plan.node(c))
            .map(|n| format!("{} {}", n.code, n.title))
            .collect::<Vec<_>>()
            .join("、"),
        total: rollup_view(plan, &total, lang.t("whole_plan").to_owned(), lang),
    };
    render(&page, lang)
}
