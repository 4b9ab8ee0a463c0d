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
use jinzai_service::public::{PublicQuery, published_table, set_published};

/// A plan and the years published of it.
pub struct PublishedPlan {
    pub code: String,
    pub title: String,
    pub years: Vec<String>,
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
        let year = lang.year(FiscalYear(p.fiscal_year));
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
    pub years: String,
    pub rows: Printed,
}

pub async fn plan(
    State(state): State<SharedState>,
    lang: Lang,
    Path(code): Path<String>,
    Query(q): Query<PublicQuery>,
) -> PageResult {
    let (loaded, years, t) = published_table(&state.store, &code, q.year)
        .await
        .map_err(|e| PageError(e, lang))?;
    let rows = printed(loaded.plan(), &t);
    render(
        &PublicPlan {
            nav: nav(lang, None, "public", format!("/public/{code}")),
            title: loaded.plan().title.clone(),
            years: years
                .iter()
                .map(|y| lang.year(*y))
                .collect::<Vec<_>>()
                .join("・"),
            code,
            rows,
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

pub async fn publish(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Redirect, PageError> {
    set_published(&state.store, &who, &code, year, true)
        .await
        .map_err(|e| PageError(e, lang))?;
    Ok(Redirect::to(&format!("/plans/{code}/report#locks")))
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
