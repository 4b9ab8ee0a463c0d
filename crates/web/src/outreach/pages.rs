//! 出前講座 for HR and the 所属長: the year's requests (open ones first),
//! one request with its decision and delivery, a request taken by phone,
//! the catalogue and the rules (HR); the staff page's panel of lectures a
//! person gave.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::extract::{Path, Query};
use crate::http::{Nav, PageResult, StaffPanel, nav, render};
use crate::i18n::Lang;
use crate::view::date_label;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Permission, Principal, Role};
use jinzai_domain::outreach::{STATUSES, Settings, Status};
use jinzai_domain::people::codes::Coded;
use jinzai_service::outreach as service;
use jinzai_store::outreach::{StoredLecture, StoredRequest};
use serde::Deserialize;
use std::collections::HashMap;

pub const STAFF_PANELS: &[StaffPanel] = &[StaffPanel {
    id: "outreach",
    title: "outreach_given",
    columns: &[
        ("outreach_delivered_on", false),
        ("outreach_lecture", false),
        ("outreach_group_name", false),
        ("outreach_audience", true),
    ],
    permission: Permission::ReadPeople,
    rows: |state, number, lang| {
        Box::pin(async move {
            let Ok(number) = jinzai_domain::people::StaffNumber::parse(number) else {
                return Ok(Vec::new());
            };
            Ok(state
                .store
                .outreach_given_by(&number)
                .await?
                .into_iter()
                .map(|g| {
                    vec![
                        date_label(g.delivered_on, lang),
                        g.title,
                        g.group_name,
                        g.audience.to_string(),
                    ]
                })
                .collect())
        })
    },
}];

#[derive(Deserialize)]
pub struct IndexQuery {
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    saved: Option<String>,
}

/// A request as the list shows it.
pub struct Row {
    pub id: i64,
    pub status: Status,
    pub status_label: &'static str,
    pub lecture: String,
    pub group: String,
    pub wished: String,
    pub delivered: String,
    pub audience: String,
}

#[derive(Template)]
#[template(path = "outreach/index.html")]
pub struct IndexPage {
    pub nav: Nav,
    pub year: i32,
    pub year_label: String,
    pub years: Vec<(i32, String)>,
    pub saved: String,
    pub errors: Vec<String>,
    pub hr: bool,
    pub rows: Vec<Row>,
    pub delivered: usize,
    pub lectures: Vec<StoredLecture>,
    pub rules: Settings,
    pub form: HashMap<String, String>,
}

impl IndexPage {
    pub fn val(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }
}

fn status_label(s: Status, lang: Lang) -> &'static str {
    if lang == Lang::En {
        STATUSES.label_en(s.code())
    } else {
        STATUSES.label(s.code())
    }
}

fn rows(list: &[StoredRequest], lang: Lang) -> Vec<Row> {
    let mut rows: Vec<Row> = list
        .iter()
        .map(|r| Row {
            id: r.id,
            status: r.status,
            status_label: status_label(r.status, lang),
            lecture: r.lecture_title.clone(),
            group: r.request.group_name.clone(),
            wished: r
                .request
                .wished_on
                .map(|d| date_label(d, lang))
                .unwrap_or_default(),
            delivered: r
                .delivered_on
                .map(|d| date_label(d, lang))
                .unwrap_or_default(),
            audience: r.audience.map(|a| a.to_string()).unwrap_or_default(),
        })
        .collect();
    // What waits for someone first: undecided, then approved and not given.
    rows.sort_by_key(|r| match r.status {
        Status::Requested => 0,
        Status::Approved => 1,
        _ => 2,
    });
    rows
}

async fn index_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: i32,
) -> Result<IndexPage, Failure> {
    let list = service::requests(&state.store, who, year).await?;
    let fy = FiscalYear(year);
    let delivered = list
        .iter()
        .filter(|r| {
            r.delivered_on
                .is_some_and(|d| FiscalYear::containing(d) == fy)
        })
        .count();
    let current = state.clock().fiscal_year().0;
    Ok(IndexPage {
        nav: nav(lang, None, "outreach", format!("/outreach?year={year}")),
        year,
        year_label: lang.year(fy),
        years: (year.min(current - 4)..=current + 1)
            .rev()
            .map(|y| (y, lang.year(FiscalYear(y))))
            .collect(),
        saved: String::new(),
        errors: Vec::new(),
        hr: who.has(Role::Hr),
        rows: rows(&list, lang),
        delivered,
        lectures: service::lectures(&state.store, who).await?,
        rules: service::settings(&state.store).await?,
        form: HashMap::new(),
    })
}

pub async fn index(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<IndexQuery>,
) -> PageResult {
    let year = q.year.unwrap_or_else(|| state.clock().fiscal_year().0);
    let mut page = index_of(&state, &who, lang, year)
        .await
        .map_err(|e| PageError(e, lang))?;
    if q.saved.is_some() {
        lang.t("saved").clone_into(&mut page.saved);
    }
    render(&page, lang)
}

/// After a form of the index: back to it (saved), or the page again (422)
/// with what was refused and the values as typed.
async fn after_index(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    pairs: Vec<(String, String)>,
    result: Result<(), Failure>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    match result {
        Ok(()) => Ok(Redirect::to("/outreach?saved=1").into_response()),
        Err(Failure::Invalid(errors)) => {
            let year = state.clock().fiscal_year().0;
            let mut page = index_of(state, who, lang, year).await.map_err(fail)?;
            page.errors = crate::i18n::field_lines(lang, "outreach", &errors);
            page.form = pairs.into_iter().collect();
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(fail(e)),
    }
}

/// A request taken by phone or at the counter.
pub async fn enter(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let result = async {
        let r = service::request_from_form(&pairs).map_err(Failure::Invalid)?;
        service::request_by_staff(&state.store, &who, &r)
            .await
            .map(|_| ())
    }
    .await;
    after_index(&state, &who, lang, pairs, result).await
}

pub async fn put_lecture(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let result = async {
        let l = service::lecture_from_form(&pairs).map_err(Failure::Invalid)?;
        service::put_lecture(&state.store, &who, &l)
            .await
            .map(|_| ())
    }
    .await;
    after_index(&state, &who, lang, pairs, result).await
}

pub async fn set_settings(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let num = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .and_then(|(_, v)| jinzai_domain::people::search_key(v).parse::<u32>().ok())
            .unwrap_or(0)
    };
    let s = Settings {
        min_audience: num("min_audience"),
        lead_days: num("lead_days"),
    };
    let result = service::set_settings(&state.store, &who, s)
        .await
        .map(|_| ());
    after_index(&state, &who, lang, pairs, result).await
}

#[derive(Template)]
#[template(path = "outreach/request.html")]
pub struct RequestPage {
    pub nav: Nav,
    pub r: StoredRequest,
    pub status_label: &'static str,
    pub source_label: &'static str,
    pub requested_on: String,
    pub wished: String,
    pub decided: String,
    pub delivered: String,
    pub today: String,
    pub saved: String,
    pub errors: Vec<String>,
    pub form: HashMap<String, String>,
}

impl RequestPage {
    pub fn val(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }
}

async fn request_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    id: i64,
) -> Result<RequestPage, Failure> {
    let r = service::request(&state.store, who, id).await?;
    let label = |list: &jinzai_domain::people::codes::CodeList, code: &'static str| {
        if lang == Lang::En {
            list.label_en(code)
        } else {
            list.label(code)
        }
    };
    Ok(RequestPage {
        nav: nav(lang, None, "outreach", format!("/outreach/requests/{id}")),
        status_label: status_label(r.status, lang),
        source_label: label(&jinzai_domain::outreach::SOURCES, r.source.code()),
        requested_on: date_label(r.requested_on, lang),
        wished: r
            .request
            .wished_on
            .map(|d| date_label(d, lang))
            .unwrap_or_default(),
        decided: r
            .decided_on
            .map(|d| date_label(d, lang))
            .unwrap_or_default(),
        delivered: r
            .delivered_on
            .map(|d| date_label(d, lang))
            .unwrap_or_default(),
        today: state.clock().today().to_string(),
        saved: String::new(),
        errors: Vec::new(),
        form: HashMap::new(),
        r,
    })
}

pub async fn request(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<IndexQuery>,
) -> PageResult {
    let mut page = request_of(&state, &who, lang, id)
        .await
        .map_err(|e| PageError(e, lang))?;
    if q.saved.is_some() {
        lang.t("saved").clone_into(&mut page.saved);
    }
    render(&page, lang)
}

async fn after_request(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    (id, pairs): (i64, Vec<(String, String)>),
    result: Result<(), Failure>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/outreach/requests/{id}?saved=1")).into_response()),
        Err(Failure::Invalid(errors)) => {
            let mut page = request_of(state, who, lang, id).await.map_err(fail)?;
            page.errors = crate::i18n::field_lines(lang, "outreach", &errors);
            page.form = pairs.into_iter().collect();
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(fail(e)),
    }
}

pub async fn decide(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let result = async {
        let d =
            service::decision_from_form(&pairs, state.clock().today()).map_err(Failure::Invalid)?;
        service::decide(&state.store, &who, id, &d)
            .await
            .map(|_| ())
    }
    .await;
    after_request(&state, &who, lang, (id, pairs), result).await
}

pub async fn deliver(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let result = async {
        let g = service::delivery_from_form(&pairs).map_err(Failure::Invalid)?;
        service::deliver(&state.store, &who, id, &g)
            .await
            .map(|_| ())
    }
    .await;
    after_request(&state, &who, lang, (id, pairs), result).await
}
