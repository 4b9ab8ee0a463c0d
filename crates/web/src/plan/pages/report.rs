//! The progress table (進行管理表): a print-ready A4 landscape page, and
//! downloads as xlsx, CSV (UTF-8 BOM or CP932) and JSON.

use super::dashboard::YearOpt;
use crate::SharedState;
use crate::download::{file_response, parse_format};
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use crate::view::{Printed, printed, when};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use jinzai_domain::FiscalYear;
use jinzai_domain::report::{Table, progress_table};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ReportQuery {
    /// Empty when the form's "all years" is chosen.
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    pub year: Option<i32>,
    /// A period's code: the report shows that period's years.
    pub period: Option<String>,
    /// The year just published (the success message after publishing).
    pub published: Option<i32>,
    pub format: Option<String>,
    pub encoding: Option<String>,
}

pub struct LockRow {
    pub year: i32,
    pub label: String,
    pub locked: bool,
    pub by: String,
    pub published: bool,
    pub published_by: String,
}

#[derive(Template)]
#[template(path = "plan/report.html")]
pub struct ReportPage {
    pub nav: Nav,
    pub title: String,
    pub subtitle: String,
    pub years: Vec<YearOpt>,
    pub year_query: String,
    /// The plan's periods: code, label (前期 平成29年度〜令和2年度), chosen.
    pub periods: Vec<(String, String, bool)>,
    /// 「平成24年度を公開しました。」 after publishing, else empty.
    pub published_now: String,
    /// 担当課 named in the plan (for the 評価シート of a division), and the
    /// year those sheets are for.
    pub divisions: Vec<String>,
    pub sheet_year: i32,
    pub rows: Printed,
    pub locks: Vec<LockRow>,
}

/// Builds the table of a plan, for one year or all.
async fn table(
    state: &SharedState,
    code: &str,
    q: &ReportQuery,
) -> Result<(jinzai_service::plan::Loaded, Option<FiscalYear>, Table), Failure> {
    let loaded = jinzai_service::plan::load(&state.store, code).await?;
    let year = loaded.year_param(q.year)?;
    let years = loaded.years_param(q.year, q.period.as_deref())?;
    let t = progress_table(loaded.plan(), &loaded.shown, &years);
    Ok((loaded, year, t))
}

pub async fn page(
    State(state): State<SharedState>,
    lang: Lang,
    Path(code): Path<String>,
    Query(q): Query<ReportQuery>,
) -> PageResult {
    let (loaded, year, t) = table(&state, &code, &q)
        .await
        .map_err(|e| PageError(e, lang))?;
    let plan = loaded.plan();
    let rows = printed(plan, &t);
    let chosen_period = q
        .period
        .as_deref()
        .and_then(|c| plan.periods.iter().find(|p| p.code == c))
        .filter(|_| year.is_none());
    let publications = state
        .store
        .publications()
        .await
        .map_err(|e| PageError(e.into(), lang))?;
    let page = ReportPage {
        nav: nav(
            lang,
            Some(&loaded),
            "report",
            format!("/plans/{code}/report"),
        ),
        title: t.title.clone(),
        subtitle: match (year, chosen_period) {
            (Some(y), _) => lang.year(y),
            (None, Some(p)) => crate::view::period_label(p, lang),
            (None, None) => super::plan::period(plan, lang),
        },
        divisions: {
            // The plan's owners and the divisions entries name.
            let mut d: Vec<String> = plan
                .measures()
                .flat_map(|m| m.owners.clone())
                .chain(
                    loaded
                        .shown
                        .iter()
                        .filter_map(|r| r.entry.owner_division.clone()),
                )
                .collect();
            d.sort();
            d.dedup();
            d
        },
        sheet_year: year.unwrap_or_else(|| loaded.latest_year()).0,
        published_now: q
            .published
            .filter(|y| {
                publications
                    .iter()
                    .any(|p| p.plan_code == code && p.fiscal_year == *y)
            })
            .map(|y| {
                lang.say(
                    &jinzai_domain::i18n::Message::new("published_now")
                        .arg("year", lang.year(FiscalYear(y))),
                )
            })
            .unwrap_or_default(),
        periods: plan
            .periods
            .iter()
            .map(|p| {
                (
                    p.code.clone(),
                    crate::view::period_label(p, lang),
                    chosen_period.is_some_and(|c| c.code == p.code),
                )
            })
            .collect(),
        years: plan
            .years()
            .map(|y| YearOpt {
                value: y.0,
                label: lang.year(y),
                selected: Some(y) == year,
            })
            .collect(),
        year_query: match (year, chosen_period) {
            (Some(y), _) => format!("&year={}", y.0),
            (None, Some(p)) => format!("&period={}", p.code),
            (None, None) => String::new(),
        },
        rows,
        locks: plan
            .years()
            .map(|y| {
                let lock = loaded.locks.iter().find(|l| l.fiscal_year == y.0);
                let publication = publications
                    .iter()
                    .find(|p| p.plan_code == code && p.fiscal_year == y.0);
                LockRow {
                    year: y.0,
                    label: lang.year(y),
                    locked: lock.is_some(),
                    by: lock
                        .map(|l| format!("{} · {}", l.locked_by, when(&l.locked_at)))
                        .unwrap_or_default(),
                    published: publication.is_some(),
                    published_by: publication
                        .map(|p| format!("{} · {}", p.published_by, when(&p.published_at)))
                        .unwrap_or_default(),
                }
            })
            .collect(),
    };
    render(&page, lang)
}

pub async fn download(
    State(state): State<SharedState>,
    lang: Lang,
    Path(code): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let fail = |e| PageError(e, lang);
    let (format, encoding) =
        parse_format(q.format.as_deref(), q.encoding.as_deref()).map_err(fail)?;
    let (_, year, t) = table(&state, &code, &q).await.map_err(fail)?;
    file_response(&t, &code, year, format, encoding).map_err(fail)
}
