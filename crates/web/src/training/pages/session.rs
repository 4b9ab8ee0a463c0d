//! One training session: its roster with bulk attendance entry, people
//! added to the roster, and a new session recorded (HR). The OJT page
//! records its units' sessions through the same reader.

use super::form::{field_messages, message_for, refused_page};
use super::{SessionLine, session_href, session_line};
use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, coded_label, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::progress::FieldError;
use jinzai_service::training::{SessionFields, parse_start, participation_status, read_session};
use jinzai_store::{ROSTER_ENTRY_STATUSES, RosterLine, SessionRow, SessionWrite, StoreError};
use serde::Deserialize;

pub struct RosterRow {
    pub number: String,
    pub name: String,
    pub status: String,
    pub status_label: String,
    /// (code, label) of the statuses it may move to, its own first.
    pub choices: Vec<(String, String)>,
    pub satisfaction: String,
    pub certificate: String,
}

#[derive(Template)]
#[template(path = "training/training_session.html")]
pub struct SessionPage {
    pub nav: Nav,
    pub line: SessionLine,
    /// The session's key: course code and first day.
    pub course: String,
    pub start: String,
    pub action: String,
    pub roster: Vec<RosterRow>,
    pub error: String,
    pub saved: String,
    /// The form adding people to the roster.
    pub add: RosterForm,
    /// (code, label) of the statuses people may be added with.
    pub add_statuses: Vec<(String, String)>,
}

/// The add-to-roster form's values and why it was refused.
#[derive(Debug, Default, Deserialize)]
pub struct RosterForm {
    /// Staff numbers separated by spaces, commas or lines.
    #[serde(default)]
    pub staff_numbers: String,
    #[serde(default)]
    pub status: String,
    #[serde(skip)]
    pub error: String,
}

impl RosterForm {
    pub fn numbers(&self) -> Vec<String> {
        self.staff_numbers
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '、' | '，'))
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

fn roster_rows(roster: Vec<RosterLine>, lang: Lang) -> Vec<RosterRow> {
    roster
        .into_iter()
        .map(|r| {
            let p = r.participation;
            let choices = std::iter::once(p.status)
                .chain(p.status.next().iter().copied())
                .map(|s| (s.code().to_owned(), coded_label(s, lang)))
                .collect();
            RosterRow {
                status_label: coded_label(p.status, lang),
                number: r.staff_number.into_string(),
                name: r.name,
                status: p.status.code().to_owned(),
                choices,
                satisfaction: p.satisfaction.map(|s| s.to_string()).unwrap_or_default(),
                certificate: p.certificate.unwrap_or_default(),
            }
        })
        .collect()
}

/// The session of `course` starting `start`, with its counts.
async fn find_session(
    state: &SharedState,
    course: &str,
    start: NaiveDate,
) -> Result<SessionRow, Failure> {
    state
        .store
        .sessions(Some(FiscalYear::containing(start)), Some(course))
        .await?
        .into_iter()
        .find(|r| r.session.start == start)
        .ok_or_else(|| {
            Failure::NotFound(
                Message::new("training_no_session")
                    .arg("course", course)
                    .arg("start", start),
            )
        })
}

async fn session_page(
    state: &SharedState,
    lang: Lang,
    course: &str,
    start: NaiveDate,
    (error, saved): (String, String),
    add: RosterForm,
) -> Result<SessionPage, Failure> {
    let row = find_session(state, course, start).await?;
    let roster = state.store.roster(course, start).await?;
    let line = session_line(row, lang);
    Ok(SessionPage {
        nav: Nav {
            sample: state.demo,
            ..nav(lang, None, "training", line.href.clone())
        },
        action: line.href.clone(),
        line,
        course: course.to_owned(),
        start: start.to_string(),
        roster: roster_rows(roster, lang),
        error,
        saved,
        add,
        add_statuses: ROSTER_ENTRY_STATUSES
            .iter()
            .map(|s| (s.code().to_owned(), coded_label(*s, lang)))
            .collect(),
    })
}

#[derive(Deserialize)]
pub struct SavedQuery {
    /// Attendance changes recorded.
    pub saved: Option<usize>,
    /// People added to the roster, and those already on it.
    pub added: Option<usize>,
    pub already: Option<usize>,
}

/// A session and its roster, with a status to choose per person (HR).
pub async fn session(
    State(state): State<SharedState>,
    lang: Lang,
    Path((course, start)): Path<(String, String)>,
    Query(q): Query<SavedQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let start = parse_start(&start).map_err(fail)?;
    let saved = match (q.saved, q.added) {
        (Some(n), _) => format!("{} {n}", lang.t("attendance_saved")),
        (None, Some(n)) => format!(
            "{} {n}{}",
            lang.t("roster_added"),
            q.already
                .filter(|a| *a > 0)
                .map(|a| format!(" / {} {a}", lang.t("roster_already")))
                .unwrap_or_default()
        ),
        (None, None) => String::new(),
    };
    let page = session_page(
        &state,
        lang,
        &course,
        start,
        (String::new(), saved),
        RosterForm::default(),
    )
    .await
    .map_err(fail)?;
    render(&page, lang)
}

/// Records the roster's statuses at once: all or nothing.
pub async fn record_attendance(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((course, start)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let start = parse_start(&start).map_err(fail)?;
    let changes: Result<Vec<_>, StoreError> = fields
        .into_iter()
        .filter_map(|(k, v)| k.strip_prefix("s_").map(|n| (n.to_owned(), v)))
        .map(|(n, v)| {
            let number =
                StaffNumber::parse(&n).map_err(|m| StoreError::refused("changes", "invalid", m))?;
            Ok((number, participation_status(&v, "changes")?))
        })
        .collect();
    let done = match changes {
        Ok(changes) => {
            state
                .store
                .record_attendance(&course, start, &changes, &who.actor())
                .await
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(n) => Ok(
            Redirect::to(&format!("/training/sessions/{course}/{start}?saved={n}")).into_response(),
        ),
        Err(StoreError::Refused(errors)) => {
            let message = lang.say_all(&errors);
            let page = session_page(
                &state,
                lang,
                &course,
                start,
                (message, String::new()),
                RosterForm::default(),
            )
            .await
            .map_err(fail)?;
            refused_page(&page, lang)
        }
        Err(e) => Err(fail(e.into())),
    }
}

/// Adds people to the roster (HR): all or nothing.
pub async fn add_to_roster(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((course, start)): Path<(String, String)>,
    Form(mut add): Form<RosterForm>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let start = parse_start(&start).map_err(fail)?;
    let done = match participation_status(&add.status, "status") {
        Ok(status) => {
            state
                .store
                .add_to_roster(&course, start, &add.numbers(), status, &who.actor())
                .await
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(done) => Ok(Redirect::to(&format!(
            "/training/sessions/{course}/{start}?added={}&already={}",
            done.added.len(),
            done.already.len()
        ))
        .into_response()),
        Err(StoreError::Refused(errors)) => {
            add.error = lang.say_all(&errors);
            let page = session_page(
                &state,
                lang,
                &course,
                start,
                (String::new(), String::new()),
                add,
            )
            .await
            .map_err(fail)?;
            refused_page(&page, lang)
        }
        Err(e) => Err(fail(e.into())),
    }
}

#[derive(Template)]
#[template(path = "training/training_session_new.html")]
pub struct NewSessionPage {
    pub nav: Nav,
    pub values: SessionFields,
    pub errors: Vec<(String, String)>,
    /// (code, "title（category）") of the catalogue.
    pub courses: Vec<(String, String)>,
    /// (code, name) of today's units.
    pub units: Vec<(String, String)>,
}

impl NewSessionPage {
    pub fn err(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
}

async fn new_session_page(
    state: &SharedState,
    lang: Lang,
    values: SessionFields,
    errors: &[FieldError],
) -> Result<NewSessionPage, Failure> {
    let courses = state.store.courses().await?;
    let today = state.clock().today();
    let units = state.store.units().await?;
    Ok(NewSessionPage {
        nav: Nav {
            sample: state.demo,
            ..nav(lang, None, "training", "/training/sessions/new".into())
        },
        values,
        errors: field_messages(errors, lang),
        courses: courses
            .into_iter()
            .map(|c| {
                let category = coded_label(c.category, lang);
                (c.code, format!("{}（{category}）", c.title))
            })
            .collect(),
        units: jinzai_domain::people::unit::as_of(&units, today)
            .into_iter()
            .map(|u| (u.code.to_string(), u.name.clone()))
            .collect(),
    })
}

#[derive(Deserialize)]
pub struct EditQuery {
    /// A stored session to change: its course and first day.
    pub course: Option<String>,
    pub start: Option<String>,
}

/// The form recording a session held or planned, or changing a stored one
/// (HR).
pub async fn new_session(
    State(state): State<SharedState>,
    lang: Lang,
    Query(q): Query<EditQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let values = match (&q.course, &q.start) {
        (Some(course), Some(start)) => {
            let start = parse_start(start).map_err(fail)?;
            let row = find_session(&state, course, start).await.map_err(fail)?;
            SessionFields::of(&row.session)
        }
        _ => SessionFields::default(),
    };
    let page = new_session_page(&state, lang, values, &[])
        .await
        .map_err(fail)?;
    render(&page, lang)
}

/// Records a session (or changes the one of that course and first day),
/// then opens it to add its roster.
pub async fn save_session(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(fields): Form<SessionFields>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let courses = state.store.courses().await.map_err(|e| fail(e.into()))?;
    let result = match read_session(&fields, &courses, None) {
        Ok(session) => state
            .store
            .save_session(
                &session,
                SessionWrite {
                    replace: fields.editing(),
                    unit: None,
                },
                &who.actor(),
            )
            .await
            .map(|_| session),
        Err(errors) => Err(StoreError::Refused(errors)),
    };
    match result {
        Ok(session) => Ok(Redirect::to(&session_href(&session)).into_response()),
        Err(StoreError::Refused(errors)) => {
            let page = new_session_page(&state, lang, fields, &errors)
                .await
                .map_err(fail)?;
            refused_page(&page, lang)
        }
        Err(e) => Err(fail(e.into())),
    }
}
