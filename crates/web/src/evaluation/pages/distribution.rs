//! The rating distribution's pages: HR's (any period, with publishing and
//! the files) and the public one (published periods only, no sign-in).

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, coded_label, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::access::Principal;
use jinzai_domain::evaluation::distribution::{Cell, Grouping, TIERS};
use jinzai_domain::people::codes::Coded;
use jinzai_service::evaluation::distribution::{self as service, Distribution};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct DistQuery {
    #[serde(default)]
    by: Option<String>,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    encoding: Option<String>,
}

/// A band's count and share, as shown.
pub type Shown = (String, String);

/// A group's row: its name, each band, its total.
pub type Row = (String, Vec<Shown>, String);

/// A distribution ready for the template.
pub struct TableView {
    pub title: String,
    pub bands: Vec<String>,
    /// (group, cells as (count, share), total)
    pub rows: Vec<Row>,
    pub total: (Vec<Shown>, String),
    pub targets: Vec<String>,
    pub has_targets: bool,
    pub note: String,
    pub published_at: String,
}

fn show(c: Cell, lang: Lang) -> String {
    match c {
        Cell::Shown(n) => n.to_string(),
        Cell::Withheld => lang.t("evaluation_withheld").to_owned(),
    }
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}%")).unwrap_or_default()
}

fn group_label(d: &Distribution, i: usize, lang: Lang) -> String {
    let code = d.table.groups.get(i).map_or("", String::as_str);
    match d.by {
        Grouping::Tier => crate::http::code_label(&TIERS, code, lang),
        Grouping::Department if code.is_empty() => lang.t("evaluation_no_group").to_owned(),
        Grouping::Department => d.group_names.get(i).cloned().unwrap_or_default(),
    }
}

fn view(d: &Distribution, lang: Lang) -> TableView {
    let t = &d.table;
    TableView {
        title: format!(
            "{} {}（{}）",
            lang.year(jinzai_domain::FiscalYear(d.fiscal_year)),
            coded_label(d.kind, lang),
            coded_label(d.term, lang)
        ),
        bands: d.band_names.clone(),
        rows: (0..t.groups.len())
            .map(|g| {
                (
                    group_label(d, g, lang),
                    (0..t.bands.len())
                        .map(|b| (show(t.cells[g][b], lang), pct(t.share(g, b))))
                        .collect(),
                    show(t.group_totals[g], lang),
                )
            })
            .collect(),
        total: (
            (0..t.bands.len())
                .map(|b| (show(t.band_totals[b], lang), pct(t.band_share(b))))
                .collect(),
            show(t.total, lang),
        ),
        targets: d.targets.iter().map(|v| pct(*v)).collect(),
        has_targets: d.targets.iter().any(Option::is_some),
        note: lang.say(
            &jinzai_domain::i18n::Message::new("evaluation_withheld_help").arg("min", d.min_cell),
        ),
        published_at: d
            .published_at
            .as_deref()
            .map(crate::view::when)
            .unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "evaluation/distribution.html")]
pub struct DistributionPage {
    pub nav: Nav,
    pub base: String,
    pub period: i64,
    pub by: &'static str,
    pub manage: bool,
    pub published: bool,
    pub tables: Vec<TableView>,
}

fn grouping(raw: Option<&str>) -> Grouping {
    raw.and_then(Grouping::from_code)
        .unwrap_or(Grouping::Department)
}

/// The file of a distribution, when a format is asked for.
fn file(d: &Distribution, lang: Lang, q: &DistQuery) -> Result<Option<Response>, Failure> {
    if q.format.as_deref().is_none_or(str::is_empty) {
        return Ok(None);
    }
    let (format, encoding) =
        crate::download::parse_format(q.format.as_deref(), q.encoding.as_deref())?;
    let v = view(d, lang);
    let table = d.table.table(
        &v.title,
        [
            lang.t(match d.by {
                Grouping::Department => "evaluation_group_department",
                Grouping::Tier => "evaluation_group_tier",
            }),
            lang.t("evaluation_total"),
            lang.t("evaluation_withheld"),
            lang.t("evaluation_target"),
        ],
        &d.targets,
    );
    let mut table = table;
    for (i, row) in table.rows.iter_mut().enumerate().take(d.table.groups.len()) {
        row[0] = jinzai_domain::report::Value::Text(group_label(d, i, lang));
    }
    let stem = format!(
        "distribution-{}-{}-{}",
        d.fiscal_year,
        d.period_id,
        d.by.code()
    );
    crate::download::table_file(&table, &stem, format, encoding).map(Some)
}

async fn render_one(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    period: i64,
    q: &DistQuery,
    base: String,
    manage: bool,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let by = grouping(q.by.as_deref());
    let d = service::distribution(&state.store, who, period, by)
        .await
        .map_err(fail)?;
    if let Some(f) = file(&d, lang, q).map_err(fail)? {
        return Ok(f);
    }
    let page = DistributionPage {
        nav: nav(
            lang,
            None,
            if manage { "evaluation" } else { "public" },
            format!("{base}?by={}", by.code()),
        ),
        base,
        period,
        by: by.code(),
        manage,
        published: d.published_at.is_some(),
        tables: vec![view(&d, lang)],
    };
    Ok(render(&page, lang)?.into_response())
}

pub async fn page(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(period): Path<i64>,
    Query(q): Query<DistQuery>,
) -> Result<Response, PageError> {
    let base = format!("/evaluation/periods/{period}/distribution");
    render_one(&state, &who, lang, period, &q, base, true).await
}

pub async fn public_page(
    State(state): State<SharedState>,
    lang: Lang,
    Path(period): Path<i64>,
    Query(q): Query<DistQuery>,
) -> Result<Response, PageError> {
    let base = format!("/public/evaluation/{period}");
    render_one(
        &state,
        &Principal::anonymous(),
        lang,
        period,
        &q,
        base,
        false,
    )
    .await
}

/// Every published distribution, by department.
pub async fn public_list(State(state): State<SharedState>, lang: Lang) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let nobody = Principal::anonymous();
    let mut tables = Vec::new();
    let mut links = Vec::new();
    for p in service::published_periods(&state.store)
        .await
        .map_err(fail)?
    {
        let d = service::distribution(&state.store, &nobody, p.id, Grouping::Department)
            .await
            .map_err(fail)?;
        links.push(p.id);
        tables.push(view(&d, lang));
    }
    let page = DistributionPage {
        nav: nav(lang, None, "public", "/public/evaluation".into()),
        base: "/public/evaluation".into(),
        period: links.first().copied().unwrap_or(0),
        by: "department",
        manage: false,
        published: true,
        tables,
    };
    render(&page, lang)
}

#[derive(Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    published: String,
}

pub async fn publish(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(period): Path<i64>,
    Form(f): Form<PublishForm>,
) -> Result<Response, PageError> {
    service::set_published(&state.store, &who, period, f.published == "1")
        .await
        .map_err(|e| PageError(e, lang))?;
    Ok(Redirect::to(&format!("/evaluation/periods/{period}/distribution")).into_response())
}
