//! The talks page (面談): each member's talks of the year, as dates, and
//! the form to record one.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use crate::view::date_label;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::access::Principal;
use jinzai_domain::evaluation::interview::{INTERVIEW_KINDS, Interview, InterviewKind};
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::progress::FieldError;
use jinzai_service::evaluation::talks;
use jinzai_service::training::year_of;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct TalkQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    year: Option<i32>,
    #[serde(default)]
    saved: Option<String>,
}

#[derive(Template)]
#[template(path = "evaluation/talks.html")]
pub struct TalksPage {
    pub nav: Nav,
    pub year: i32,
    pub saved: String,
    pub errors: Vec<String>,
    /// (staff number, unit, each kind's day or "")
    pub rows: Vec<(String, String, [String; 4])>,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub typed: HashMap<String, String>,
    pub me: String,
}

impl TalksPage {
    pub fn typed(&self, field: &str) -> &str {
        self.typed.get(field).map_or("", String::as_str)
    }
}

async fn page_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: i32,
) -> Result<TalksPage, Failure> {
    let list = talks::completion(&state.store, who, jinzai_domain::FiscalYear(year)).await?;
    let d = |v: Option<chrono::NaiveDate>| v.map(|d| date_label(d, lang)).unwrap_or_default();
    Ok(TalksPage {
        nav: nav(
            lang,
            None,
            "evaluation",
            format!("/evaluation/talks?year={year}"),
        ),
        year,
        saved: String::new(),
        errors: Vec::new(),
        rows: list
            .into_iter()
            .map(|t| {
                (
                    t.staff_number.to_string(),
                    t.unit.map(|u| u.to_string()).unwrap_or_default(),
                    [d(t.goal_setting), d(t.mid_year), d(t.feedback), d(t.career)],
                )
            })
            .collect(),
        kinds: INTERVIEW_KINDS
            .items
            .iter()
            .map(|(c, ja, en)| (*c, if lang == Lang::Ja { *ja } else { *en }))
            .collect(),
        typed: HashMap::new(),
        me: who
            .staff_number
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    })
}

pub async fn page(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<TalkQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let year = year_of(q.year, state.clock()).map_err(fail)?.0;
    let mut page = page_of(&state, &who, lang, year).await.map_err(fail)?;
    if q.saved.is_some() {
        page.saved = lang.t("saved").to_owned();
    }
    render(&page, lang)
}

pub async fn record(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let get = |k: &str| form.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let mut errors = Vec::new();
    let held_on = match jinzai_service::form::required_day(
        "held_on",
        &get("held_on"),
        jinzai_domain::i18n::Message::new("evaluation_talk_day"),
    ) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let kind = InterviewKind::from_code(&get("kind"));
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "required",
            jinzai_domain::i18n::Message::new("evaluation_outcome_required"),
        ));
    }
    let number = get("staff_number");
    if number.is_empty() {
        errors.push(FieldError::new(
            "staff_number",
            "required",
            jinzai_domain::i18n::Message::new("evaluation_staff_required"),
        ));
    }
    let interviewer = match get("interviewer") {
        i if i.is_empty() => who.staff_number.clone(),
        i => Some(StaffNumber::stored(i)),
    };
    let result = match (held_on, kind, interviewer) {
        (Some(held_on), Some(kind), Some(interviewer)) if errors.is_empty() => {
            let talk = Interview {
                staff_number: StaffNumber::stored(number),
                kind,
                held_on,
                interviewer,
                attendees: Some(get("attendees")).filter(|a| !a.is_empty()),
                note: Some(get("note")).filter(|n| !n.is_empty()),
            };
            talks::record(&state.store, &who, &talk).await
        }
        _ => {
            if errors.is_empty() {
                errors.push(FieldError::new(
                    "interviewer",
                    "required",
                    jinzai_domain::i18n::Message::new("evaluation_staff_required"),
                ));
            }
            Err(Failure::Invalid(errors))
        }
    };
    let year = held_on.map_or_else(
        || state.clock().fiscal_year().0,
        |d| jinzai_domain::FiscalYear::containing(d).0,
    );
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/evaluation/talks?year={year}&saved=1")).into_response())
        }
        Err(Failure::Invalid(errors)) => {
            let mut page = page_of(&state, &who, lang, year).await.map_err(fail)?;
            page.errors = errors.iter().map(|e| lang.say(&e.message)).collect();
            page.typed = form;
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(fail(e)),
    }
}
