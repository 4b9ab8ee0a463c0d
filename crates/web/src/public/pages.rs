//! The public page (市民向け公開): the progress of the fiscal years HR has
//! published, readable by anyone without signing in. Nothing else is
//! public; who wrote an entry (記入者) is left out.

use crate::SharedState;
use crate::auth::Who;
use crate::download::{file_response, parse_format};
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use crate::view::{Printed, printed};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Redirect, Response};
use jinzai_domain::FiscalYear;
use jinzai_domain::report::progress_table;
use jinzai_service::public::{PublicQuery, published_table, set_published};

/// A plan and the years published of it (value, label).
pub struct PublishedPlan {
    pub code: String,
    pub title: String,
    pub years: Vec<(i32, String)>,
}

#[derive(Template)]
#[template(path = "public/public_list.html")]
pub struct PublicList {
    pub nav: Nav,
    pub plans: Vec<PublishedPlan>,
}

pub async fn list(State(state): State<SharedState>, lang: Lang) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let publications = state
        .store
        .publications()
        .await
        .map_err(|e| fail(e.into()))?;
    let mut plans: Vec<PublishedPlan> = Vec::new();
    for p in publications {
        let year = (p.fiscal_year, lang.year(FiscalYear(p.fiscal_year)));
        match plans.last_mut() {
            Some(last) if last.code == p.plan_code => last.years.push(year),
            _ => {
                let loaded = jinzai_service::plan::load(&state.store, &p.plan_code)
                    .await
                    .map_err(fail)?;
                plans.push(PublishedPlan {
                    code: p.plan_code,
                    title: loaded.plan().title.clone(),
                    years: vec![year],
                });
            }
        }
    }
    render(
        &PublicList {
            nav: nav(lang, None, "public", "/public".into()),
            plans,
        },
        lang,
    )
}

#[derive(Template)]
#[template(path = "public/public_plan.html")]
pub struct PublicPlan {
    pub nav: Nav,
    pub code: String,
    pub title: String,
    /// The year shown.
    pub year: i32,
    pub year_label: String,
    /// Every published year: value, label, the one shown.
    pub years: Vec<(i32, String, bool)>,
    /// Grades per top-level item: the chart, its data, the legend.
    pub summary_title: String,
    pub summary_svg: String,
    pub summary_headers: Vec<String>,
    pub summary_rows: Vec<(String, Vec<usize>)>,
    pub legend: Vec<(crate::view::Badge, String)>,
    pub rows: Printed,
}

pub async fn plan(
    State(state): State<SharedState>,
    lang: Lang,
    Path(code): Path<String>,
    Query(q): Query<PublicQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    // Every published year, to link; the page shows one (the latest unless
    // asked), so its summary counts one year.
    let (_, published, _) = published_table(&state.store, &code, None)
        .await
        .map_err(fail)?;
    let shown = q
        .year
        .map(FiscalYear)
        .or_else(|| published.last().copied())
        // Never reached: a plan with nothing published was refused above.
        .unwrap_or(FiscalYear(0));
    let (loaded, _, t) = published_table(&state.store, &code, Some(shown.0))
        .await
        .map_err(fail)?;
    let plan = loaded.plan();
    let rollups = crate::charts::top_rollups(plan, shown, &loaded.book());
    let (names, stack) = crate::charts::grade_stack(plan, &rollups, lang);
    let words = crate::view::LevelWords::of(plan, lang);
    let summary_title = format!("{} — {}", words.grades_per_top, lang.year(shown));
    render(
        &PublicPlan {
            nav: nav(
                lang,
                None,
                "public",
                format!("/public/{code}?year={}", shown.0),
            ),
            title: plan.title.clone(),
            year: shown.0,
            year_label: lang.year(shown),
            years: published
                .iter()
                .map(|y| (y.0, lang.year(*y), *y == shown))
                .collect(),
            summary_svg: crate::charts::stacked_bars(&summary_title, &stack),
            summary_title,
            summary_headers: names.into_iter().map(|(n, _)| n).collect(),
            summary_rows: stack
                .iter()
                .map(|r| (r.label.clone(), r.segments.iter().map(|s| s.1).collect()))
                .collect(),
            legend: crate::view::grade_legend(plan, lang),
            rows: printed(plan, &t),
            code,
        },
        lang,
    )
}

pub async fn download(
    State(state): State<SharedState>,
    lang: Lang,
    Path(code): Path<String>,
    Query(q): Query<PublicQuery>,
) -> Result<Response, PageError> {
    let fail = |e| PageError(e, lang);
    let (format, encoding) =
        parse_format(q.format.as_deref(), q.encoding.as_deref()).map_err(fail)?;
    let (_, _, t) = published_table(&state.store, &code, q.year)
        .await
        .map_err(fail)?;
    file_response(&t, &code, q.year.map(FiscalYear), format, encoding).map_err(fail)
}

/// What HR sees before publishing a year: exactly the table citizens will
/// read, the measures not reported, and the button that publishes.
#[derive(Template)]
#[template(path = "public/publish_preview.html")]
pub struct PublishPreview {
    pub nav: Nav,
    pub code: String,
    pub title: String,
    pub year: i32,
    pub year_label: String,
    pub locked: bool,
    pub unreported: Vec<String>,
    pub rows: Printed,
}

pub async fn preview(
    State(state): State<SharedState>,
    lang: Lang,
    Path((code, year)): Path<(String, i32)>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let loaded = jinzai_service::plan::load(&state.store, &code)
        .await
        .map_err(fail)?;
    let fy = loaded
        .year_param(Some(year))
        .map_err(fail)?
        .unwrap_or(FiscalYear(year));
    let t = progress_table(loaded.plan(), &loaded.shown, &[fy])
        .without_columns(&jinzai_service::public::PRIVATE_COLUMNS);
    render(
        &PublishPreview {
            nav: nav(
                lang,
                Some(&loaded),
                "report",
                format!("/plans/{code}/years/{year}/publish"),
            ),
            title: loaded.plan().title.clone(),
            year,
            year_label: lang.year(fy),
            locked: loaded.is_locked(fy),
            unreported: jinzai_service::public::unreported(&loaded, fy),
            rows: printed(loaded.plan(), &t),
            code,
        },
        lang,
    )
}

pub async fn publish(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Redirect, PageError> {
    set_published(&state.store, &who, &code, year, true)
        .await
        .map_err(|e| PageError(e, lang))?;
    Ok(Redirect::to(&format!(
        "/plans/{code}/report?published={year}#locks"
    )))
}

pub async fn unpublish(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Redirect, PageError> {
    set_published(&state.store, &who, &code, year, false)
        .await
        .map_err(|e| PageError(e, lang))?;
    Ok(Redirect::to(&format!("/plans/{code}/report#locks")))
}
