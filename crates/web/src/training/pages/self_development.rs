//! Self-development support (自己啓発支援): a person applies for support
//! with a qualification or a course; HR approves it with the subsidy it
//! grants (or rejects it) and records its completion, which adds the
//! qualification to the staff record. The applicant may withdraw.
//!
//! HR sees every application of the year; anyone else with a staff record
//! sees and makes only their own.

use super::form::{field_messages, message_for, refused_page};
use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, code_label, coded_label, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::FiscalYear;
use jinzai_domain::access::Principal;
use jinzai_domain::i18n::Message;
use jinzai_domain::money::Yen;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::progress::FieldError;
use jinzai_domain::training::support::{
    SELF_DEVELOPMENT_KINDS, SELF_DEVELOPMENT_STATUSES, SelfDevelopmentStatus,
};
use jinzai_service::training::{
    APPLICANT_STEP, ApplyFields, StepFields, applicant_date, check_step_allowed, decides,
    parse_day, read_application, read_step, visible_rows, year_of,
};
use jinzai_store::StoreError;
use serde::Deserialize;

pub struct Line {
    pub id: i64,
    pub applied: String,
    pub number: String,
    pub name: String,
    pub kind: String,
    pub title: String,
    pub subsidy: String,
    pub status: String,
    pub status_label: String,
    pub completed: String,
    pub qualification: String,
    pub note: String,
    /// (code, label) of the steps this viewer may take.
    pub steps: Vec<(String, String)>,
    /// Why the last step on this line was refused, and what was typed.
    pub error: String,
    pub typed: StepFields,
}

#[derive(Template)]
#[template(path = "training/self_development.html")]
pub struct SelfDevelopmentPage {
    pub nav: Nav,
    pub year: i32,
    pub year_label: String,
    pub decides: bool,
    /// The viewer's staff number (empty: HR without one, or nobody).
    pub own: String,
    /// Whether the viewer may apply at all (HR, or anyone with a record).
    pub may_apply: bool,
    pub lines: Vec<Line>,
    pub kinds: Vec<(String, String)>,
    pub statuses: Vec<(String, String)>,
    pub status_filter: String,
    pub applications: usize,
    pub supported: usize,
    pub completed: usize,
    pub subsidy_total: String,
    pub values: ApplyFields,
    pub errors: Vec<(String, String)>,
    pub saved: String,
    pub today: String,
}

impl SelfDevelopmentPage {
    pub fn err(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    pub year: Option<i32>,
    pub status: Option<String>,
    pub saved: Option<String>,
}

/// What a page render needs beyond the query: a refused form's values and
/// errors, or the line whose step was refused.
#[derive(Default)]
struct Refused {
    values: ApplyFields,
    errors: Vec<FieldError>,
    line: Option<(i64, String, StepFields)>,
}

async fn build(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: FiscalYear,
    status: Option<&str>,
    saved: Option<&str>,
    mut refused: Refused,
) -> Result<SelfDevelopmentPage, Failure> {
    let rows = visible_rows(&state.store, who, year).await?;
    let decides = decides(who);
    let own = who.staff_number.as_deref().unwrap_or_default().to_owned();
    use SelfDevelopmentStatus::{Approved, Completed};
    let count = |statuses: &[SelfDevelopmentStatus]| {
        rows.iter()
            .filter(|r| statuses.contains(&r.application.status))
            .count()
    };
    let (supported, completed) = (count(&[Approved, Completed]), count(&[Completed]));
    let subsidy_total = Yen::total(
        rows.iter()
            .filter(|r| [Approved, Completed].contains(&r.application.status))
            .filter_map(|r| r.application.subsidy),
    );
    let applications = rows.len();
    let status_filter = status.and_then(SelfDevelopmentStatus::parse_label);
    let lines = rows
        .into_iter()
        .filter(|r| status_filter.is_none_or(|s| r.application.status == s))
        .map(|r| {
            let a = r.application;
            let steps = a
                .status
                .next()
                .iter()
                .filter(|s| (decides && a.staff_number != own) || **s == APPLICANT_STEP)
                .map(|s| (s.code().to_owned(), coded_label(*s, lang)))
                .collect();
            Line {
                id: r.id,
                applied: a.applied.to_string(),
                name: r.name,
                kind: coded_label(a.kind, lang),
                subsidy: a.subsidy.map(|y| y.to_string()).unwrap_or_default(),
                status_label: coded_label(a.status, lang),
                completed: a.completed.map(|d| d.to_string()).unwrap_or_default(),
                qualification: a.qualification.unwrap_or_default(),
                note: a.note.unwrap_or_default(),
                error: match &refused.line {
                    Some((id, m, _)) if *id == r.id => m.clone(),
                    _ => String::new(),
                },
                typed: match &mut refused.line {
                    Some((id, _, typed)) if *id == r.id => std::mem::take(typed),
                    _ => StepFields::default(),
                },
                number: a.staff_number.into_string(),
                title: a.title,
                status: a.status.code().to_owned(),
                steps,
            }
        })
        .collect();
    let pairs = |list: &jinzai_domain::people::codes::CodeList| {
        list.items
            .iter()
            .map(|(c, _, _)| ((*c).to_owned(), code_label(list, c, lang)))
            .collect()
    };
    let saved = match saved {
        Some("applied") => lang.t("sd_saved_applied"),
        Some("step") => lang.t("sd_saved_step"),
        _ => "",
    };
    Ok(SelfDevelopmentPage {
        nav: Nav {
            sample: state.demo,
            ..nav(
                lang,
                None,
                "training",
                format!("/training/self-development?year={}", year.0),
            )
        },
        year: year.0,
        year_label: lang.year(year),
        may_apply: decides || !own.is_empty(),
        decides,
        own,
        lines,
        kinds: pairs(&SELF_DEVELOPMENT_KINDS),
        statuses: pairs(&SELF_DEVELOPMENT_STATUSES),
        status_filter: status_filter
            .map(|s| s.code().to_owned())
            .unwrap_or_default(),
        applications,
        supported,
        completed,
        subsidy_total: subsidy_total.to_string(),
        values: refused.values,
        errors: field_messages(&refused.errors, lang),
        saved: saved.to_owned(),
        today: state.clock().today().to_string(),
    })
}

/// The year's applications with their steps, and the application form.
pub async fn page(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let year = year_of(q.year, state.clock()).map_err(fail)?;
    let page = build(
        &state,
        &who,
        lang,
        year,
        q.status.as_deref(),
        q.saved.as_deref(),
        Refused::default(),
    )
    .await
    .map_err(fail)?;
    render(&page, lang)
}

async fn unprocessable(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: FiscalYear,
    refused: Refused,
) -> Result<Response, PageError> {
    let page = build(state, who, lang, year, None, None, refused)
        .await
        .map_err(|e| PageError(e, lang))?;
    refused_page(&page, lang)
}

/// Records an application: HR for anyone, anyone else for themselves.
pub async fn apply(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(mut fields): Form<ApplyFields>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    if !decides(&who) {
        fields.applied = applicant_date(state.clock());
    }
    let applicant = if decides(&who) {
        fields.staff_number.clone()
    } else {
        who.staff_number
            .as_ref()
            .map(ToString::to_string)
            .ok_or_else(|| fail(Failure::Forbidden(Message::new("training_no_staff_record"))))?
    };
    let today = state.clock().today();
    let year_shown = parse_day("applied", &fields.applied)
        .ok()
        .flatten()
        .map_or_else(|| FiscalYear::containing(today), FiscalYear::containing);
    let result = match read_application(&fields, &applicant) {
        Ok(a) => state
            .store
            .apply_self_development(&a, &who.actor())
            .await
            .map(|_| a.applied),
        Err(errors) => Err(StoreError::Refused(errors)),
    };
    match result {
        Ok(applied) => Ok(Redirect::to(&format!(
            "/training/self-development?year={}&saved=applied",
            FiscalYear::containing(applied).0
        ))
        .into_response()),
        Err(StoreError::Refused(errors)) => {
            let refused = Refused {
                values: fields,
                errors,
                line: None,
            };
            unprocessable(&state, &who, lang, year_shown, refused).await
        }
        Err(e) => Err(fail(e.into())),
    }
}

/// Takes one step on an application (HR any; the applicant withdraws).
pub async fn step(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(fields): Form<StepFields>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let row = state
        .store
        .self_development_row(id)
        .await
        .map_err(|e| fail(e.into()))?
        .ok_or_else(|| {
            fail(Failure::NotFound(
                Message::new("training_no_application").arg("id", id),
            ))
        })?;
    let year = FiscalYear::containing(row.application.applied);
    let outcome = match check_step_allowed(&who, &row, fields.status.trim()) {
        Err(Failure::Invalid(errors)) => Err(StoreError::Refused(errors)),
        Err(other) => return Err(fail(other)),
        Ok(()) => match read_step(&fields) {
            Ok(step) => state
                .store
                .step_self_development(id, &step, &who.actor())
                .await
                .map(|_| ()),
            Err(errors) => Err(StoreError::Refused(errors)),
        },
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!(
            "/training/self-development?year={}&saved=step#sd-{id}",
            year.0
        ))
        .into_response()),
        Err(StoreError::Refused(errors)) => {
            let message = lang.say_all(&errors);
            let refused = Refused {
                line: Some((id, message, fields)),
                ..Refused::default()
            };
            unprocessable(&state, &who, lang, year, refused).await
        }
        Err(e) => Err(fail(e.into())),
    }
}
