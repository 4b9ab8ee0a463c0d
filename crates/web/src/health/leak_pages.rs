//! 漏えい等の報告: the administrator records a suspected leak of health
//! records; the page lists the reports still to send (速報, 確報) by their
//! deadlines, each leak with the people affected, and marks a report sent.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use jinzai_domain::access::Principal;
use jinzai_domain::health::leak::Report;
use jinzai_service::health::leaks as service;
use serde::Deserialize;
use std::collections::HashMap;

/// A report to send, as listed.
pub struct TaskRow {
    pub leak_id: i64,
    pub report: String,
    pub due_on: String,
    pub overdue: bool,
    pub people: usize,
}

/// A leak as listed.
pub struct LeakRow {
    pub id: i64,
    pub discovered_on: String,
    pub description: String,
    pub intentional: bool,
    pub preliminary: String,
    pub final_report: String,
    pub affected: String,
    pub done: bool,
}

#[derive(Template)]
#[template(path = "health/leaks.html")]
pub struct LeaksPage {
    pub nav: Nav,
    pub tasks: Vec<TaskRow>,
    pub leaks: Vec<LeakRow>,
    pub saved: String,
    pub errors: Vec<String>,
    pub form: HashMap<String, String>,
}

impl LeaksPage {
    pub fn val(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }
}

impl super::Refusable for LeaksPage {
    fn refuse(&mut self, errors: Vec<String>, form: HashMap<String, String>) {
        (self.errors, self.form) = (errors, form);
    }
}

#[derive(Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

fn report_label(r: Report, lang: Lang) -> String {
    lang.t(match r {
        Report::Preliminary => "leak_preliminary",
        Report::Final => "leak_final",
    })
    .to_owned()
}

async fn page_of(state: &SharedState, who: &Principal, lang: Lang) -> Result<LeaksPage, Failure> {
    let leaks = service::list(&state.store, who).await?;
    let today = state.clock().today();
    let day = |d| crate::view::date_label(d, lang);
    let state_of = |due, sent: Option<chrono::NaiveDate>| match sent {
        Some(s) => format!("{} {}", lang.t("leak_sent"), day(s)),
        None => format!("{} {}", lang.t("leak_due"), day(due)),
    };
    Ok(LeaksPage {
        nav: nav(lang, None, "leaks", "/admin/leaks".to_owned()),
        tasks: service::tasks(&leaks, today)
            .iter()
            .map(|t| TaskRow {
                leak_id: t.leak_id,
                report: report_label(t.report, lang),
                due_on: day(t.due_on),
                overdue: t.overdue,
                people: t.people,
            })
            .collect(),
        leaks: leaks
            .iter()
            .map(|l| LeakRow {
                id: l.id,
                discovered_on: day(l.discovered_on),
                description: l.description.clone(),
                intentional: l.intentional,
                preliminary: state_of(l.preliminary_due, l.preliminary_sent_on),
                final_report: state_of(l.final_due, l.final_sent_on),
                affected: l
                    .affected
                    .iter()
                    .map(|a| format!("{} {}", a.staff_number, a.name))
                    .collect::<Vec<_>>()
                    .join("、"),
                done: l.final_sent_on.is_some(),
            })
            .collect(),
        saved: String::new(),
        errors: Vec::new(),
        form: HashMap::new(),
    })
}

pub async fn index(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<SavedQuery>,
) -> PageResult {
    let mut page = page_of(&state, &who, lang)
        .await
        .map_err(|e| PageError(e, lang))?;
    if q.saved.is_some() {
        lang.t("saved").clone_into(&mut page.saved);
    }
    render(&page, lang)
}

async fn after(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    pairs: Vec<(String, String)>,
    result: Result<(), Failure>,
) -> Result<Response, PageError> {
    let done = "/admin/leaks?saved=1".to_owned();
    super::after_form((lang, "leak"), pairs, result, done, || {
        page_of(state, who, lang)
    })
    .await
}

pub async fn record(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let result = match service::leak_from_form(&pairs) {
        Ok(l) => service::record(&state.store, &who, &l).await.map(|_| ()),
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    after(&state, &who, lang, pairs, result).await
}

pub async fn report(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let result = match service::report_from_form(&pairs) {
        Ok(r) => service::report(&state.store, &who, id, r).await.map(|_| ()),
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    // The record form keeps its own values; a report's are not kept.
    after(&state, &who, lang, Vec::new(), result).await
}
