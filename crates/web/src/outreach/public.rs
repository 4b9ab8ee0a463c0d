//! The public side of 出前講座: the catalogue, and a request form for each
//! lecture that citizens' groups fill in without signing in.

use crate::SharedState;
use crate::auth::Current;
use crate::error::{Failure, PageError};
use crate::http::cookies;
use crate::http::extract::{Path, Query};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use jinzai_domain::outreach::Settings;
use jinzai_service::outreach::{self as service, FormGuard, HONEYPOT};
use jinzai_store::outreach::StoredLecture;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "outreach/public_list.html")]
pub struct CataloguePage {
    pub nav: Nav,
    pub lectures: Vec<StoredLecture>,
    pub rules: Settings,
}

pub async fn catalogue(State(state): State<SharedState>, lang: Lang) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    render(
        &CataloguePage {
            nav: nav(lang, None, "public", "/public/outreach".into()),
            lectures: service::catalogue(&state.store).await.map_err(fail)?,
            rules: service::settings(&state.store).await.map_err(fail)?,
        },
        lang,
    )
}

#[derive(Template)]
#[template(path = "outreach/public_form.html")]
pub struct FormPage {
    pub nav: Nav,
    pub lecture: StoredLecture,
    pub rules: Settings,
    pub token: String,
    pub honeypot: &'static str,
    /// The first day a group may ask for.
    pub first_day: String,
    pub errors: Vec<String>,
    /// The request's number, once stored.
    pub done: Option<i64>,
    pub form: HashMap<String, String>,
}

impl FormPage {
    pub fn val(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }
}

/// The form page, and the value its token is bound to (the cookie's).
async fn form_page(
    state: &SharedState,
    lang: Lang,
    code: &str,
) -> Result<(FormPage, String), Failure> {
    let lecture = state.store.outreach_lecture(code).await?;
    if !lecture.lecture.active {
        return Err(Failure::NotFound(
            jinzai_domain::i18n::Message::new("outreach_no_lecture").arg("code", code),
        ));
    }
    let rules = service::settings(&state.store).await?;
    let first = state.clock().today() + chrono::Days::new(u64::from(rules.lead_days));
    let (token, nonce) = service::form_token(&state.store)?;
    let page = FormPage {
        nav: nav(lang, None, "public", format!("/public/outreach/{code}")),
        lecture,
        rules,
        token,
        honeypot: HONEYPOT,
        first_day: first.to_string(),
        errors: Vec::new(),
        done: None,
        form: HashMap::new(),
    };
    Ok((page, nonce))
}

/// A page with a fresh form, its cookie set.
fn with_form(
    page: &FormPage,
    nonce: &str,
    status: StatusCode,
    lang: Lang,
) -> Result<Response, PageError> {
    let res = (status, render(page, lang)?).into_response();
    Ok(cookies::set(res, &[cookies::outreach_form(nonce)]))
}

#[derive(serde::Deserialize)]
pub struct FormQuery {
    /// The number of the request just received.
    #[serde(default)]
    received: Option<i64>,
}

pub async fn form(
    State(state): State<SharedState>,
    lang: Lang,
    Path(code): Path<String>,
    Query(q): Query<FormQuery>,
) -> Result<Response, PageError> {
    let (mut page, nonce) = form_page(&state, lang, &code)
        .await
        .map_err(|e| PageError(e, lang))?;
    page.done = q.received;
    with_form(&page, &nonce, StatusCode::OK, lang)
}

fn value<'a>(pairs: &'a [(String, String)], k: &str) -> &'a str {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map_or("", |(_, v)| v.as_str())
}

pub async fn submit(
    State(state): State<SharedState>,
    Extension(current): Extension<Current>,
    headers: axum::http::HeaderMap,
    lang: Lang,
    Path(code): Path<String>,
    Form(mut pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    pairs.retain(|(k, _)| k != "lecture_code");
    pairs.push(("lecture_code".into(), code.clone()));
    let (mut page, nonce) = form_page(&state, lang, &code).await.map_err(fail)?;
    let cookie = cookies::read(&headers, cookies::OUTREACH_FORM).unwrap_or_default();
    let result = match service::request_from_form(&pairs) {
        Err(errors) => Err(Failure::Invalid(errors)),
        Ok(r) => {
            let guard = FormGuard {
                token: value(&pairs, "token"),
                cookie: &cookie,
                honeypot: value(&pairs, HONEYPOT),
                address: &current.source,
            };
            service::request_public(&state.store, &r, guard).await
        }
    };
    let status = match result {
        // Received: to the page that says so (sent again, it is a GET).
        Ok(id) => {
            return Ok(
                Redirect::to(&format!("/public/outreach/{code}?received={id}")).into_response(),
            );
        }
        Err(Failure::Invalid(errors)) => {
            page.errors = crate::i18n::field_lines(lang, "outreach", &errors);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(e @ (Failure::Throttled(_) | Failure::BadRequest { .. })) => {
            page.errors = vec![lang.say(&e.message())];
            if matches!(e, Failure::Throttled(_)) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::BAD_REQUEST
            }
        }
        Err(e) => return Err(fail(e)),
    };
    page.form = pairs
        .into_iter()
        .filter(|(k, _)| k != "token" && k != HONEYPOT)
        .collect();
    with_form(&page, &nonce, status, lang)
}
