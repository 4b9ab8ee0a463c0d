//! A course of the catalogue recorded or changed on screen (HR): its
//! category, provider, topics, audience, hours and cost. Bulk catalogues
//! come by import; this is for the course added mid-year.

use super::form::{field_messages, message_for, refused_page};
use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, code_label, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::{CodeList, EMPLOYMENT_TYPES, JOB_GRADES};
use jinzai_domain::progress::FieldError;
use jinzai_domain::training::{TRAINING_CATEGORIES, TRAINING_TOPICS};
use jinzai_service::training::{CourseFields, read_course};
use jinzai_store::StoreError;
use serde::Deserialize;

/// One checkbox of a code list.
pub struct Choice {
    pub code: String,
    pub label: String,
    pub checked: bool,
}

fn choices(list: &CodeList, chosen: &[String], lang: Lang) -> Vec<Choice> {
    list.items
        .iter()
        .map(|(c, _, _)| Choice {
            code: (*c).to_owned(),
            label: code_label(list, c, lang),
            checked: chosen.iter().any(|x| x == c),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "training/training_course.html")]
pub struct CoursePage {
    pub nav: Nav,
    pub values: CourseFields,
    /// Whether the form changes a stored course.
    pub editing: bool,
    pub categories: Vec<(String, String)>,
    pub topics: Vec<Choice>,
    pub audience_types: Vec<Choice>,
    pub audience_grades: Vec<Choice>,
    pub errors: Vec<(String, String)>,
    pub saved: bool,
}

impl CoursePage {
    pub fn err(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
}

fn course_page(
    state: &SharedState,
    lang: Lang,
    values: CourseFields,
    editing: bool,
    errors: &[FieldError],
) -> CoursePage {
    CoursePage {
        nav: Nav {
            sample: state.demo,
            ..nav(lang, None, "training", "/training/courses/new".into())
        },
        categories: TRAINING_CATEGORIES
            .items
            .iter()
            .map(|(c, _, _)| ((*c).to_owned(), code_label(&TRAINING_CATEGORIES, c, lang)))
            .collect(),
        topics: choices(&TRAINING_TOPICS, &values.topics, lang),
        audience_types: choices(&EMPLOYMENT_TYPES, &values.audience_types, lang),
        audience_grades: choices(&JOB_GRADES, &values.audience_grades, lang),
        values,
        editing,
        errors: field_messages(errors, lang),
        saved: false,
    }
}

#[derive(Deserialize)]
pub struct CourseQuery {
    /// A stored course to change.
    pub code: Option<String>,
    /// Set after saving it.
    pub saved: Option<u8>,
}

/// The course form: empty, or a stored course's to change it (HR).
pub async fn form(
    State(state): State<SharedState>,
    lang: Lang,
    Query(q): Query<CourseQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let stored = match &q.code {
        Some(code) => Some(
            state
                .store
                .courses()
                .await
                .map_err(|e| fail(e.into()))?
                .into_iter()
                .find(|c| &c.code == code)
                .ok_or_else(|| {
                    fail(Failure::NotFound(
                        Message::new("training_no_course").arg("code", code),
                    ))
                })?,
        ),
        None => None,
    };
    let editing = stored.is_some();
    let values = stored.as_ref().map(CourseFields::of).unwrap_or_default();
    let page = CoursePage {
        saved: q.saved.is_some(),
        ..course_page(&state, lang, values, editing, &[])
    };
    render(&page, lang)
}

/// Records a course, or changes the one with that code (topics replaced).
pub async fn save(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = CourseFields::from_pairs(pairs);
    let stored = state
        .store
        .courses()
        .await
        .map_err(|e| PageError(e.into(), lang))?
        .iter()
        .any(|c| c.code == fields.code.trim());
    let result = match read_course(&fields, stored) {
        // The add form does not overwrite a course already in the catalogue.
        Ok(course) if stored && !fields.editing() => {
            Err(StoreError::Refused(vec![FieldError::new(
                "code",
                "exists",
                Message::new("training_code_exists").arg("code", &course.code),
            )]))
        }
        Ok(course) => state
            .store
            .save_course(&course, &who.actor())
            .await
            .map(|_| course),
        Err(errors) => Err(StoreError::Refused(errors)),
    };
    match result {
        Ok(course) => {
            let query =
                serde_urlencoded::to_string([("code", course.code.as_str()), ("saved", "1")])
                    .map_err(|e| {
                        PageError(
                            Failure::Internal(Message::new("internal_detail").arg("detail", e)),
                            lang,
                        )
                    })?;
            Ok(Redirect::to(&format!("/training/courses/new?{query}")).into_response())
        }
        Err(StoreError::Refused(errors)) => {
            let editing = fields.editing();
            refused_page(&course_page(&state, lang, fields, editing, &errors), lang)
        }
        Err(e) => Err(PageError(e.into(), lang)),
    }
}
