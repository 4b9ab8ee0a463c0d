//! Entering progress: the form (validated on the server, errors beside each
//! field, nothing saved on error) and locking a fiscal year.

use super::plan::{node_href, target_text};
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, render};
use crate::i18n::Lang;
use crate::{SharedState, view};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::access::Principal;
use jinzai_domain::i18n::Message;
use jinzai_domain::plan::Node;
use jinzai_domain::progress::{FieldError, ProgressInput};
use jinzai_domain::{FiscalYear, progress};
use jinzai_service::plan::Loaded;
use jinzai_service::plan::may_record;
use jinzai_store::StoreError;
use serde::Deserialize;

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "plan/progress_form.html")]
pub struct FormPage {
    pub nav: Nav,
    pub heading: String,
    pub year_label: String,
    pub action: String,
    pub measure_href: String,
    pub locked: bool,
    pub schedule: String,
    pub target: String,
    pub unit: String,
    /// The actual computed from records, as shown ("150名"); empty when
    /// the measure's actual is typed in.
    pub computed: String,
    /// How it is counted, in plain words.
    pub computed_rule: String,
    /// 担当課, or the plan's own name for it.
    pub owners_label: String,
    pub statuses: Vec<Opt>,
    pub directions: Vec<Opt>,
    pub grades: Vec<Opt>,
    pub grade_auto: bool,
    pub text_fields: Vec<(&'static str, &'static str, String)>,
    pub values: ProgressInput,
    pub base_revision: String,
    pub has_errors: bool,
    /// (field, message)
    pub errors: Vec<(String, String)>,
}

impl FormPage {
    /// The error message of `field`, or "".
    pub fn err(&self, field: &str) -> String {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    }
}

fn build_form(
    loaded: &Loaded,
    node: &Node,
    year: FiscalYear,
    lang: Lang,
    values: ProgressInput,
    base_revision: String,
    errors: &[FieldError],
) -> FormPage {
    let plan = loaded.plan();
    let target = node.target(year);
    let computes = target.is_some() && plan.grades.is_rated();
    let opts = |items: Vec<(String, String)>, current: &str| -> Vec<Opt> {
        items
            .into_iter()
            .map(|(value, label)| Opt {
                selected: value == current,
                value,
                label,
            })
            .collect()
    };
    let statuses = opts(
        plan.statuses
            .iter()
            .map(|s| (s.code.clone(), view::status_label(plan, &s.code, lang)))
            .collect(),
        &values.status,
    );
    let directions = opts(
        plan.directions
            .iter()
            .map(|d| (d.code.clone(), view::direction_label(plan, &d.code, lang)))
            .collect(),
        &values.direction,
    );
    // With a computed grade only 対象外 can be chosen by hand.
    let grade_choices = plan
        .grades
        .scale
        .iter()
        .filter(|_| !computes)
        .chain([&plan.grades.not_assessed])
        .map(|g| {
            let rule = g.rule_suffix();
            (g.code.clone(), format!("{} {}{rule}", g.code, g.label))
        })
        .collect();
    let grades = opts(grade_choices, &values.grade);
    let text_fields = vec![
        (
            "actual_text",
            lang.t("actual_text"),
            values.actual_text.clone(),
        ),
        (
            "achievements",
            lang.t("achievements"),
            values.achievements.clone(),
        ),
        ("issues", lang.t("issues"), values.issues.clone()),
    ];
    let code = &plan.code;
    FormPage {
        nav: crate::http::nav(
            lang,
            Some(loaded),
            "tree",
            format!("/plans/{code}/nodes/{}/progress/{}", node.code, year.0),
        ),
        heading: node.display_title(),
        year_label: lang.year(year),
        action: format!("/plans/{code}/nodes/{}/progress/{}", node.code, year.0),
        measure_href: node_href(plan, &node.code),
        locked: loaded.is_locked(year),
        schedule: node
            .cells(year)
            .filter_map(|c| c.text.clone())
            .collect::<Vec<_>>()
            .join(" / "),
        target: target
            .as_ref()
            .map(|t| target_text(t.value, &t.unit))
            .unwrap_or_default(),
        computed: loaded
            .computed_actual(&node.code, year)
            .map(|v| target_text(v, target.as_ref().map_or("", |t| t.unit.as_str())))
            .unwrap_or_default(),
        owners_label: crate::view::FieldLabels::of(plan, lang).owners,
        computed_rule: node
            .headline_indicator(year)
            .map(|(_, spec)| super::indicator::describe(spec, lang))
            .unwrap_or_default(),
        unit: target.map(|t| t.unit).unwrap_or_default(),
        statuses,
        directions,
        grades,
        grade_auto: computes,
        text_fields,
        values,
        base_revision,
        has_errors: !errors.is_empty(),
        errors: errors
            .iter()
            .map(|e| (e.field.to_string(), lang.say(&e.message)))
            .collect(),
    }
}

/// The current entry as form values.
fn current_values(loaded: &Loaded, node: &Node, year: FiscalYear) -> (ProgressInput, String) {
    match loaded.recorded(&node.code, year) {
        None => (
            ProgressInput {
                owner_division: node.owners.first().cloned().unwrap_or_default(),
                ..Default::default()
            },
            "0".into(),
        ),
        Some(r) => {
            let e = &r.entry;
            let s = |v: &Option<String>| v.clone().unwrap_or_default();
            (
                ProgressInput {
                    status: e.status.clone(),
                    // A computed actual is left empty: saving takes the
                    // records' value as it is then.
                    actual_value: e
                        .actual_value
                        .filter(|_| !e.actual_computed)
                        .map(jinzai_domain::grade::fmt_num)
                        .unwrap_or_default(),
                    actual_text: s(&e.actual_text),
                    achievements: s(&e.achievements),
                    issues: s(&e.issues),
                    direction: s(&e.direction),
                    grade: if e.grade_computed {
                        String::new()
                    } else {
                        s(&e.grade)
                    },
                    grade_reason: s(&e.grade_reason),
                    owner_division: s(&e.owner_division),
                    override_reason: s(&e.override_reason),
                    author: String::new(),
                },
                r.revision.to_string(),
            )
        }
    }
}

async fn load_cell(
    state: &SharedState,
    code: &str,
    node: &str,
    year: i32,
) -> Result<(Loaded, FiscalYear), Failure> {
    let loaded = jinzai_service::plan::load(&state.store, code).await?;
    progress::locate(loaded.plan(), node, FiscalYear(year))?;
    Ok((loaded, FiscalYear(year)))
}

pub async fn form(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((code, node, year)): Path<(String, String, i32)>,
) -> PageResult {
    let (loaded, year) = load_cell(&state, &code, &node, year)
        .await
        .map_err(|e| PageError(e, lang))?;
    let n = loaded.node(&node).map_err(|e| PageError(e, lang))?;
    may_record(&who, n).map_err(|e| PageError(e, lang))?;
    let (values, base) = current_values(&loaded, n, year);
    render(&build_form(&loaded, n, year, lang, values, base, &[]), lang)
}

#[derive(Deserialize)]
pub struct FormBody {
    #[serde(flatten)]
    input: ProgressInput,
    #[serde(default)]
    base_revision: String,
}

pub async fn submit(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((code, node, year)): Path<(String, String, i32)>,
    Form(body): Form<FormBody>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let (loaded, year) = load_cell(&state, &code, &node, year).await.map_err(fail)?;
    let n = loaded.node(&node).map_err(fail)?;
    may_record(&who, n).map_err(fail)?;
    let plan = loaded.plan();
    let rerender = |status: StatusCode, errors: &[FieldError]| -> Result<Response, PageError> {
        let page = build_form(
            &loaded,
            n,
            year,
            lang,
            body.input.clone(),
            body.base_revision.clone(),
            errors,
        );
        Ok((status, render(&page, lang)?).into_response())
    };
    let computed = loaded.computed_actual(&n.code, year);
    let entry = match progress::validate(plan, n, year, &body.input, computed) {
        Ok(entry) => entry,
        Err(errors) => return rerender(StatusCode::UNPROCESSABLE_ENTITY, &errors),
    };
    let base = body.base_revision.trim().parse::<i64>().ok();
    let cell = loaded.cell(&n.code, year);
    match state
        .store
        .record_progress(cell, &entry, base, false, &who.actor())
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}#fy{}", node_href(plan, &n.code), year.0)).into_response())
        }
        Err(e @ (StoreError::YearLocked { .. } | StoreError::Conflict { .. })) => {
            let message = match &e {
                StoreError::Conflict { current } => {
                    Message::new("plan_status_changed_meanwhile").arg("revision", current)
                }
                _ => Message::new("locked_help"),
            };
            let field = FieldError::new("status", "conflict", message);
            rerender(StatusCode::CONFLICT, &[field])
        }
        Err(e) => Err(fail(e.into())),
    }
}

#[derive(Deserialize)]
pub struct LockBody {
    #[serde(default)]
    by: String,
}

async fn set_lock(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    code: &str,
    year: i32,
    by: &str,
    lock: bool,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let loaded = jinzai_service::plan::load(&state.store, code)
        .await
        .map_err(fail)?;
    let year = loaded
        .year_param(Some(year))
        .map_err(fail)?
        .unwrap_or(FiscalYear(year));
    let by = Some(by.trim())
        .filter(|b| !b.is_empty())
        .unwrap_or(&who.display_name);
    if lock && by.is_empty() {
        return Err(fail(Failure::BadRequest {
            code: "author_required",
            message: Message::new("plan_author_required"),
        }));
    }
    let result = if lock {
        state
            .store
            .lock_year(loaded.stored.id, year, by, &who.actor())
            .await
    } else {
        state
            .store
            .unlock_year(loaded.stored.id, year, &who.actor())
            .await
    };
    result.map_err(|e| fail(e.into()))?;
    Ok(Redirect::to(&format!("/plans/{code}/report#locks")).into_response())
}

pub async fn lock(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((code, year)): Path<(String, i32)>,
    Form(b): Form<LockBody>,
) -> Result<Response, PageError> {
    set_lock(&state, &who, lang, &code, year, &b.by, true).await
}

pub async fn unlock(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((code, year)): Path<(String, i32)>,
    Form(b): Form<LockBody>,
) -> Result<Response, PageError> {
    set_lock(&state, &who, lang, &code, year, &b.by, false).await
}
