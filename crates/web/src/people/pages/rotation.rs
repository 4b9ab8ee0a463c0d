//! The rotation view (ジョブローテーションの確立): classes served in the first
//! years, staff due for rotation, specialists — for a year, with counts for
//! every year as plan indicators.

use crate::SharedState;
use crate::error::PageError;
use crate::http::{Nav, PageResult, code_label, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::extract::{Query, State};
use jinzai_domain::FiscalYear;
use jinzai_domain::people::codes::ROTATION_CLASSES;
use jinzai_domain::people::rotation::{
    CLASSES, RotationCounts as YearCounts, RotationSettings, StaffRotation,
};
use jinzai_service::people::{RotationQuery, compute};

/// Rows a list shows on the page; at Tokyo scale the first years alone are
/// tens of thousands of people, so the full lists come from the API and CLI.
const SHOWN_LIMIT: usize = 500;

/// A list as shown: its first rows and its full length.
pub struct Shown {
    pub rows: Vec<RotationLine>,
    pub total: usize,
}

fn lines(list: &[StaffRotation], lang: Lang) -> Shown {
    Shown {
        rows: list
            .iter()
            .take(SHOWN_LIMIT)
            .map(|s| line(s, lang))
            .collect(),
        total: list.len(),
    }
}

pub struct RotationLine {
    pub number: String,
    pub name: String,
    pub years: i32,
    pub class_years: Vec<String>,
    pub missing: String,
    pub current_unit: String,
    pub years_in_unit: String,
}

fn line(s: &StaffRotation, lang: Lang) -> RotationLine {
    RotationLine {
        number: s.number.to_string(),
        name: s.name.clone(),
        years: s.years_of_service,
        class_years: s
            .days
            .iter()
            .map(|d| format!("{:.1}", *d as f64 / 365.25))
            .collect(),
        missing: s
            .missing()
            .iter()
            .map(|c| code_label(&ROTATION_CLASSES, c, lang))
            .collect::<Vec<_>>()
            .join("・"),
        current_unit: s.current_unit.as_deref().unwrap_or_default().to_owned(),
        years_in_unit: format!("{:.1}", s.years_in_current_unit),
    }
}

#[derive(Template)]
#[template(path = "people/rotation.html")]
pub struct RotationPage {
    pub nav: Nav,
    pub year: i32,
    pub year_label: String,
    pub settings: RotationSettings,
    pub class_names: Vec<String>,
    pub counts: Vec<(String, YearCounts)>,
    pub closing: Shown,
    pub long_stay: Shown,
    pub in_window: Shown,
    pub shown_limit: usize,
    pub covered_all: usize,
    pub specialists: usize,
    /// (department name, count)
    pub specialist_fields: Vec<(String, usize)>,
}

pub async fn page(
    State(state): State<SharedState>,
    lang: Lang,
    Query(q): Query<RotationQuery>,
) -> PageResult {
    let (r, counts) = compute(&state.store, &q)
        .await
        .map_err(|e| PageError(e, lang))?;
    let units = state
        .store
        .units()
        .await
        .map_err(|e| PageError(e.into(), lang))?;
    let year = FiscalYear(r.fiscal_year);
    let page = RotationPage {
        nav: Nav {
            sample: state.demo,
            ..nav(
                lang,
                None,
                "rotation",
                format!("/rotation?year={}", r.fiscal_year),
            )
        },
        year: r.fiscal_year,
        year_label: lang.year(year),
        settings: r.settings,
        class_names: CLASSES
            .iter()
            .map(|c| code_label(&ROTATION_CLASSES, c, lang))
            .collect(),
        counts: counts
            .into_iter()
            .map(|c| (lang.year(FiscalYear(c.fiscal_year)), c))
            .collect(),
        closing: lines(&r.window_closing_incomplete, lang),
        long_stay: lines(&r.long_stay, lang),
        in_window: lines(&r.in_window, lang),
        shown_limit: SHOWN_LIMIT,
        covered_all: r.covered_all_count(),
        specialists: r.specialists,
        specialist_fields: r
            .specialist_fields
            .iter()
            .map(|(code, n)| (super::people::unit_name(&units, code, r.on), *n))
            .collect(),
    };
    render(&page, lang)
}
