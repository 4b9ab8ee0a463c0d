//! Creating the next plan period from this one (HR).

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_service::plan::NextPlan;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "plan/next.html")]
pub struct NextPage {
    pub nav: Nav,
    pub title: String,
    pub action: String,
    pub typed: NextForm,
    pub errors: Vec<(String, String)>,
}

impl NextPage {
    pub fn err(&self, field: &str) -> String {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct NextForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub first_year: String,
    #[serde(default)]
    pub last_year: String,
}

async fn page_for(
    state: &SharedState,
    lang: Lang,
    code: &str,
    typed: Option<NextForm>,
    errors: Vec<(String, String)>,
) -> Result<NextPage, Failure> {
    let loaded = jinzai_service::plan::load(&state.store, code).await?;
    let plan = loaded.plan();
    let span = plan.last_year.0 - plan.first_year.0;
    let typed = typed.unwrap_or_else(|| NextForm {
        code: String::new(),
        title: plan.title.clone(),
        first_year: (plan.last_year.0 + 1).to_string(),
        last_year: (plan.last_year.0 + 1 + span).to_string(),
    });
    Ok(NextPage {
        nav: nav(
            lang,
            Some(&loaded),
            "versions",
            format!("/plans/{code}/next"),
        ),
        title: plan.title.clone(),
        action: format!("/plans/{code}/next"),
        typed,
        errors,
    })
}

pub async fn form(
    State(state): State<SharedState>,
    lang: Lang,
    Path(code): Path<String>,
) -> PageResult {
    let page = page_for(&state, lang, &code, None, Vec::new())
        .await
        .map_err(|e| PageError(e, lang))?;
    render(&page, lang)
}

pub async fn submit(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(code): Path<String>,
    Form(f): Form<NextForm>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let loaded = jinzai_service::plan::load(&state.store, &code)
        .await
        .map_err(fail)?;
    let year = |s: &str| s.trim().parse::<i32>().unwrap_or(0);
    let next = NextPlan {
        code: f.code.clone(),
        title: f.title.clone(),
        first_year: year(&f.first_year),
        last_year: year(&f.last_year),
    };
    match jinzai_service::plan::next_plan(&state.store, &loaded, (&who.actor(), "screen"), &next)
        .await
    {
        Ok(stored) => {
            Ok(Redirect::to(&format!("/plans/{}?created=1", stored.plan.code)).into_response())
        }
        Err(Failure::Invalid(errors)) => {
            let errors = errors
                .iter()
                .map(|e| (e.field.to_string(), lang.say(&e.message)))
                .collect();
            let page = page_for(&state, lang, &code, Some(f), errors)
                .await
                .map_err(fail)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page, lang)?).into_response())
        }
        Err(e) => Err(fail(e)),
    }
}
