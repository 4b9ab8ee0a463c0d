//! The talent page and the staff page's panel of designations.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, StaffPanel, nav, render};
use crate::i18n::Lang;
use crate::view::date_label;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Permission, Principal, Role};
use jinzai_domain::i18n::Message;
use jinzai_domain::progress::FieldError;
use jinzai_domain::talent::{Designation, SpecialistField};
use jinzai_service::talent::{self as service, YearFigures};
use serde::Deserialize;
use std::collections::HashMap;

pub const STAFF_PANELS: &[StaffPanel] = &[StaffPanel {
    id: "specialist",
    title: "talent_designations",
    columns: &[
        ("talent_field", false),
        ("talent_from", false),
        ("talent_to", false),
        ("talent_note", false),
    ],
    permission: Permission::ReadPeople,
    rows: |state, number, lang| {
        Box::pin(async move {
            let fields = state.store.specialist_fields().await?;
            let query = jinzai_store::talent::DesignationQuery {
                number: Some(number),
                ..Default::default()
            };
            Ok(state
                .store
                .designations(&query)
                .await?
                .into_iter()
                .map(|s| {
                    let d = s.designation;
                    vec![
                        field_label(&fields, &d.field, lang),
                        date_label(d.from, lang),
                        d.to.map(|t| date_label(t, lang)).unwrap_or_default(),
                        d.note.unwrap_or_default(),
                    ]
                })
                .collect())
        })
    },
}];

fn field_label(fields: &[SpecialistField], code: &str, lang: Lang) -> String {
    fields
        .iter()
        .find(|f| f.code == code)
        .map_or_else(|| code.to_owned(), |f| f.label(lang == Lang::En).to_owned())
}

#[derive(Deserialize)]
pub struct IndexQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    field: Option<String>,
    #[serde(default)]
    saved: Option<String>,
}

/// A designation as the page lists it.
pub struct Row {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub field: String,
    pub from: String,
    pub to: String,
    pub note: String,
}

/// A year's figures, with the year's label and the rotation share.
pub struct YearRow {
    pub label: String,
    pub f: YearFigures,
    pub share: String,
}

#[derive(Template)]
#[template(path = "talent/index.html")]
pub struct IndexPage {
    pub nav: Nav,
    pub on: String,
    pub on_label: String,
    pub field: String,
    pub saved: String,
    pub errors: Vec<String>,
    pub manage: bool,
    pub years: Vec<YearRow>,
    /// (code, label, count in force).
    pub fields: Vec<(String, String, usize)>,
    pub rows: Vec<Row>,
    /// The forms' values as typed after a refusal.
    pub form: HashMap<String, String>,
    pub rotation_from: u32,
    pub rotation_to: u32,
    pub specialist_years: u32,
}

impl IndexPage {
    pub fn val(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }
}

async fn index_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    (on, field): (NaiveDate, Option<String>),
) -> Result<IndexPage, Failure> {
    let o = service::overview(&state.store, on, field.as_deref()).await?;
    let query = format!("/talent?on={on}");
    Ok(IndexPage {
        nav: nav(lang, None, "talent", query),
        on: on.to_string(),
        on_label: date_label(on, lang),
        field: field.unwrap_or_default(),
        saved: String::new(),
        errors: Vec::new(),
        manage: who.has(Role::Hr),
        years: o
            .years
            .into_iter()
            .map(|f| YearRow {
                label: lang.year(FiscalYear(f.fiscal_year)),
                share: share(f.rotation_covered, f.rotation_in_window),
                f,
            })
            .collect(),
        fields: o
            .fields
            .iter()
            .map(|f| {
                (
                    f.code.clone(),
                    f.label(lang == Lang::En).to_owned(),
                    o.per_field.get(&f.code).copied().unwrap_or(0),
                )
            })
            .collect(),
        rows: o
            .designations
            .iter()
            .map(|s| {
                let d = &s.designation;
                Row {
                    id: s.id,
                    number: d.staff_number.to_string(),
                    name: s.name.clone(),
                    field: field_label(&o.fields, &d.field, lang),
                    from: date_label(d.from, lang),
                    to: d.to.map(|t| date_label(t, lang)).unwrap_or_default(),
                    note: d.note.clone().unwrap_or_default(),
                }
            })
            .collect(),
        form: HashMap::new(),
        rotation_from: service::ROTATION_FROM_YEAR,
        rotation_to: service::ROTATION_TO_YEAR,
        specialist_years: service::SPECIALIST_YEARS,
    })
}

/// "62.5%", or "—" with nobody to count.
fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "—".into();
    }
    #[allow(clippy::cast_precision_loss)]
    let pct = part as f64 * 100.0 / whole as f64;
    format!("{pct:.1}%")
}

pub async fn index(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<IndexQuery>,
) -> PageResult {
    let on = q.on.unwrap_or_else(|| state.clock().today());
    let mut page = index_of(&state, &who, lang, (on, q.field))
        .await
        .map_err(|e| PageError(e, lang))?;
    if q.saved.is_some() {
        lang.t("saved").clone_into(&mut page.saved);
    }
    render(&page, lang)
}

fn value(pairs: &[(String, String)], k: &str) -> String {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default()
}

/// A date field as typed: empty is none, anything else must read.
fn date_field(
    pairs: &[(String, String)],
    k: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let v = value(pairs, k);
    if v.is_empty() {
        return None;
    }
    let d = jinzai_domain::date::parse_date(&v).ok();
    if d.is_none() {
        errors.push(FieldError::new(
            k,
            "invalid",
            Message::new("talent_date_unreadable").arg("value", &v),
        ));
    }
    d
}

/// After a form: back to the page (saved), or the page again (422) with
/// what was refused and the values as typed.
async fn after(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    pairs: &[(String, String)],
    result: Result<(), Failure>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    match result {
        Ok(()) => Ok(Redirect::to("/talent?saved=1").into_response()),
        Err(Failure::Invalid(errors)) => {
            let today = state.clock().today();
            let mut page = index_of(state, who, lang, (today, None))
                .await
                .map_err(fail)?;
            page.errors = crate::i18n::field_lines(lang, "talent", &errors);
            page.form = pairs.iter().cloned().collect();
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(fail(e)),
    }
}

pub async fn designate(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut errors = Vec::new();
    let from = date_field(&pairs, "from", &mut errors);
    let to = date_field(&pairs, "to", &mut errors);
    let number = value(&pairs, "staff_number");
    let staff_number = jinzai_domain::people::StaffNumber::parse(&number);
    if staff_number.is_err() {
        errors.push(FieldError::new(
            "staff_number",
            "invalid",
            Message::new("people_staff_unknown").arg("number", &number),
        ));
    }
    if from.is_none() && !errors.iter().any(|e| e.field == "from") {
        errors.push(FieldError::new(
            "from",
            "missing",
            Message::new("talent_from_missing"),
        ));
    }
    let result = match (staff_number, from) {
        (Ok(staff_number), Some(from)) if errors.is_empty() => {
            let note = value(&pairs, "note");
            let d = Designation {
                staff_number,
                field: value(&pairs, "field"),
                from,
                to,
                note: (!note.is_empty()).then_some(note),
            };
            service::designate(&state.store, &who, &d).await.map(|_| ())
        }
        _ => Err(Failure::Invalid(errors)),
    };
    after(&state, &who, lang, &pairs, result).await
}

pub async fn end(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut errors = Vec::new();
    let to = date_field(&pairs, "to", &mut errors);
    let result = match to {
        Some(to) => service::end(&state.store, &who, id, to).await.map(|_| ()),
        None => {
            if errors.is_empty() {
                errors.push(FieldError::new(
                    "to",
                    "missing",
                    Message::new("talent_to_missing"),
                ));
            }
            Err(Failure::Invalid(errors))
        }
    };
    after(&state, &who, lang, &pairs, result).await
}

pub async fn add_field(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = SpecialistField {
        code: value(&pairs, "code"),
        label_ja: value(&pairs, "label_ja"),
        label_en: value(&pairs, "label_en"),
    };
    let result = service::add_field(&state.store, &who, &f).await.map(|_| ());
    after(&state, &who, lang, &pairs, result).await
}
