//! A course of the catalogue recorded or changed on screen (HR): its
//! category, provider, topics, audience, hours and cost. Bulk catalogues
//! come by import; this is for the course added mid-year.

use super::form::{field_messages, message_for, opt_text, parse_yen, refused_page};
use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::pages::people::code_label;
use crate::pages::plan::{PageResult, nav, render};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::people::codes::{CodeList, EMPLOYMENT_TYPES, JOB_GRADES};
use jinzai_domain::progress::FieldError;
use jinzai_domain::training::{Course, TRAINING_CATEGORIES, TRAINING_TOPICS};
use jinzai_store::EntryError;
use serde::Deserialize;

/// A course form as sent: repeated keys for the chosen topics and audience.
#[derive(Debug, Default)]
pub struct CourseFields {
    pub code: String,
    pub title: String,
    pub category: String,
    pub provider: String,
    pub topics: Vec<String>,
    pub audience_types: Vec<String>,
    pub audience_grades: Vec<String>,
    pub hours: String,
    pub cost: String,
    pub note: String,
    /// "1" when the form changes a stored course (its code fixed).
    pub existing: String,
}

impl CourseFields {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut f = CourseFields::default();
        for (k, v) in pairs {
            match k.as_str() {
                "code" => f.code = v,
                "title" => f.title = v,
                "category" => f.category = v,
                "provider" => f.provider = v,
                "topics" => f.topics.push(v),
                "audience_types" => f.audience_types.push(v),
                "audience_grades" => f.audience_grades.push(v),
                "hours" => f.hours = v,
                "cost" => f.cost = v,
                "note" => f.note = v,
                "existing" => f.existing = v,
                _ => {}
            }
        }
        f
    }

    fn of(c: &Course) -> Self {
        CourseFields {
            code: c.code.clone(),
            title: c.title.clone(),
            category: c.category.clone(),
            provider: c.provider.clone().unwrap_or_default(),
            topics: c.topics.clone(),
            audience_types: c.audience_types.clone(),
            audience_grades: c.audience_grades.clone(),
            hours: c
                .hours
                .map(jinzai_domain::grade::fmt_num)
                .unwrap_or_default(),
            cost: c.cost.map(|y| y.to_string()).unwrap_or_default(),
            note: c.note.clone().unwrap_or_default(),
            existing: "1".into(),
        }
    }

    pub fn editing(&self) -> bool {
        self.existing == "1"
    }
}

/// Reads a course form; the catalogue's own checks run when it is saved.
/// A new code is letters, digits, - and _; a stored one (perhaps imported
/// in another form) is kept as it is.
pub fn read_course(f: &CourseFields, stored: bool) -> Result<Course, Vec<FieldError>> {
    let mut errors = Vec::new();
    let code = f.code.trim();
    if code.is_empty()
        || !stored
            && !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        errors.push(FieldError::new(
            "code",
            "bad_code",
            "研修コードは英数字（- と _ も可）で入力してください",
            "the course code is letters, digits, - and _",
        ));
    }
    let hours = if f.hours.trim().is_empty() {
        None
    } else {
        match jinzai_domain::progress::parse_number(&f.hours) {
            Some(h) if (0.0..=2000.0).contains(&h) => Some(h),
            _ => {
                errors.push(FieldError::new(
                    "hours",
                    "bad_hours",
                    format!(
                        "時間数「{}」は0〜2000の数で入力してください",
                        f.hours.trim()
                    ),
                    format!("hours {:?} must be a number from 0 to 2000", f.hours.trim()),
                ));
                None
            }
        }
    };
    let cost = parse_yen("cost", &f.cost).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Course {
        code: code.to_owned(),
        title: f.title.trim().to_owned(),
        category: f.category.trim().to_owned(),
        provider: opt_text(&f.provider),
        topics: f.topics.clone(),
        audience_types: f.audience_types.clone(),
        audience_grades: f.audience_grades.clone(),
        hours,
        cost,
        note: opt_text(&f.note),
    })
}

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
#[template(path = "training_course.html")]
pub struct CoursePage {
    pub nav: Nav,
    pub values: CourseFields,
    /// Whether the form changes a stored course.
    pub editing: bool,
    pub categories: Vec<(String, String)>,
    pub topics: Vec<Choice>,
    pub audience_types: Vec<Choice>,
    pub audience_grades: Vec<Choice>,
    pub errors: Vec<(&'static str, String)>,
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
                .ok_or_else(|| fail(Failure::NotFound(format!("no course {code}"))))?,
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
            Err(EntryError::Invalid(vec![FieldError::new(
                "code",
                "exists",
                format!(
                    "研修コード「{}」は登録済みです。変更は研修カタログの研修コードから開いてください",
                    course.code
                ),
                format!(
                    "course {:?} is already in the catalogue; open it from there to change it",
                    course.code
                ),
            )]))
        }
        Ok(course) => state
            .store
            .save_course(&course, &who.actor())
            .await
            .map(|_| course),
        Err(errors) => Err(EntryError::Invalid(errors)),
    };
    match result {
        Ok(course) => {
            let query =
                serde_urlencoded::to_string([("code", course.code.as_str()), ("saved", "1")])
                    .map_err(|e| PageError(Failure::Internal(e.to_string()), lang))?;
            Ok(Redirect::to(&format!("/training/courses/new?{query}")).into_response())
        }
        Err(EntryError::Invalid(errors)) => {
            let editing = fields.editing();
            refused_page(&course_page(&state, lang, fields, editing, &errors), lang)
        }
        Err(e) => Err(PageError(e.into(), lang)),
    }
}
