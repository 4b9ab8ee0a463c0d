//! The calendar page: a year's closed weekdays with their reasons; HR adds
//! and removes the city's own closures.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use crate::view::date_label;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::access::{Decision, Permission, decide};
use jinzai_domain::calendar::Closed;
use jinzai_domain::i18n::Message;
use jinzai_store::StoreError;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct CalendarQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    year: Option<i32>,
    #[serde(default)]
    saved: Option<String>,
}

pub struct DayLine {
    pub date: String,
    pub label: String,
    pub reason: String,
    /// The city's own closure (HR may remove it).
    pub city: bool,
}

#[derive(Template)]
#[template(path = "calendar/calendar.html")]
pub struct CalendarPage {
    pub nav: Nav,
    pub year: i32,
    pub open_days: usize,
    pub days: Vec<DayLine>,
    pub manage: bool,
    pub saved: String,
    pub error: String,
    pub typed_day: String,
    pub typed_reason: String,
}

async fn build(
    state: &SharedState,
    who: &jinzai_domain::access::Principal,
    lang: Lang,
    year: i32,
) -> Result<CalendarPage, Failure> {
    let y = jinzai_service::calendar::year(&state.store, year).await?;
    Ok(CalendarPage {
        nav: nav(lang, None, "calendar", format!("/calendar?year={year}")),
        year,
        open_days: y.open_days,
        days: y
            .closed
            .into_iter()
            .map(|c| {
                let (reason, city) = match c.closed {
                    Closed::Holiday(name) => (name, false),
                    Closed::YearEnd => (lang.t("calendar_year_end").to_owned(), false),
                    Closed::City(reason) => (reason, true),
                    Closed::Weekend => (String::new(), false),
                };
                DayLine {
                    date: c.date.to_string(),
                    label: date_label(c.date, lang),
                    reason,
                    city,
                }
            })
            .collect(),
        manage: decide(who, Permission::ManageCalendar) == Decision::Allow,
        saved: String::new(),
        error: String::new(),
        typed_day: String::new(),
        typed_reason: String::new(),
    })
}

pub async fn page(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<CalendarQuery>,
) -> PageResult {
    let year = q
        .year
        .unwrap_or_else(|| chrono::Datelike::year(&state.clock().today()));
    let mut page = build(&state, &who, lang, year)
        .await
        .map_err(|e| PageError(e, lang))?;
    if q.saved.is_some() {
        page.saved = lang.t("calendar_saved").to_owned();
    }
    render(&page, lang)
}

#[derive(Deserialize)]
pub struct ClosureForm {
    #[serde(default)]
    day: String,
    #[serde(default)]
    reason: String,
}

pub async fn add(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(f): Form<ClosureForm>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    // 西暦 or 和暦, as people type dates.
    let day =
        jinzai_service::form::required_day("day", &f.day, Message::new("calendar_day_required"));
    let result = match day {
        Ok(d) => state
            .store
            .set_closure(d, &f.reason, &who.actor())
            .await
            .map(|()| d),
        Err(e) => Err(StoreError::Refused(vec![e])),
    };
    match result {
        Ok(d) => Ok(Redirect::to(&format!(
            "/calendar?year={}&saved=1",
            chrono::Datelike::year(&d)
        ))
        .into_response()),
        Err(StoreError::Refused(errors)) => {
            let year = chrono::Datelike::year(&state.clock().today());
            let mut page = build(&state, &who, lang, year).await.map_err(fail)?;
            page.error = lang.say_all(&errors);
            page.typed_day = f.day;
            page.typed_reason = f.reason;
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(fail(e.into())),
    }
}

pub async fn remove(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let d = jinzai_service::form::path_date(&raw).map_err(fail)?;
    state
        .store
        .remove_closure(d, &who.actor())
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(Redirect::to(&format!(
        "/calendar?year={}&saved=1",
        chrono::Datelike::year(&d)
    ))
    .into_response())
}
