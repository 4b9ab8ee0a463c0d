//! Entering progress: the form (validated on the server, errors beside each
//! field, nothing saved on error) and locking a fiscal year.

use super::plan::{node_href, target_text};
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, render};
use crate::i18n::Lang;
use crate::view::when;
use crate::{SharedState, view};
use askama::Template;
use axum::Form;
use axum::extract::Query;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::access::Principal;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::plan::Node;
use jinzai_domain::progress::{FieldError, ProgressInput};
use jinzai_domain::round::{CELL_STATES, ROUND_KINDS, ROUND_STEPS, Step};
use jinzai_domain::{FiscalYear, progress};
use jinzai_service::plan::Loaded;
use jinzai_service::round::{self, CellWork};
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
    /// The round panel: state, steps, history (empty without a round).
    pub round: RoundPanel,
    pub year_locked: bool,
    /// 記入者: the signed-in account.
    pub author: String,
    /// The narrative was carried from last year's entry as a starting point.
    pub prefilled_from: String,
    /// What was just done (a success message), or "".
    pub done: String,
    pub has_errors: bool,
    /// (field, message)
    pub errors: Vec<(String, String)>,
}

/// The round's state of this cell and what the viewer may do.
#[derive(Default)]
pub struct RoundPanel {
    /// "令和8年度 年度末実績報告 (提出期限 …)", or "" without a round.
    pub title: String,
    pub state: String,
    pub state_code: String,
    /// The last return's or exclusion's reason.
    pub reason: String,
    /// (step code, button label, the reason's label or "" when none)
    pub steps: Vec<(String, String, String)>,
    /// The step just tried and refused (its reason field shows the error).
    pub tried: String,
    pub step_action: String,
    /// (when, step, who, reason)
    pub events: Vec<(String, String, String, String)>,
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

/// What the form shows besides the plan: the entry's values, the round
/// work of the viewer, and what they typed or were told.
pub struct FormState<'a> {
    pub values: ProgressInput,
    pub base_revision: String,
    pub work: &'a CellWork,
    pub author: String,
    pub prefilled_from: String,
    pub done: String,
    pub errors: &'a [FieldError],
}

fn round_panel(
    plan: &jinzai_domain::Plan,
    node: &Node,
    year: FiscalYear,
    work: &CellWork,
    lang: Lang,
) -> RoundPanel {
    let (Some(round), Some(cell)) = (&work.round, &work.cell) else {
        return RoundPanel::default();
    };
    let label = |list: &jinzai_domain::people::codes::CodeList, code: &str| lang.label(list, code);
    RoundPanel {
        title: format!(
            "{} {} — {} {}",
            lang.year(year),
            label(&ROUND_KINDS, round.kind.code()),
            lang.t("round_due_on"),
            crate::view::date_label(round.dates.due_on, lang)
        ),
        state: label(&CELL_STATES, cell.state.code()),
        state_code: cell.state.code().to_owned(),
        reason: if work.sees_drafts {
            cell.reason.clone().unwrap_or_default()
        } else {
            String::new()
        },
        steps: work
            .steps
            .iter()
            .map(|s| {
                (
                    s.code().to_owned(),
                    label(&ROUND_STEPS, s.code()),
                    if s.needs_reason() {
                        lang.t(&format!("round_reason_{}", s.code())).to_owned()
                    } else {
                        String::new()
                    },
                )
            })
            .collect(),
        tried: String::new(),
        step_action: format!(
            "/plans/{}/nodes/{}/progress/{}/step",
            plan.code, node.code, year.0
        ),
        events: work
            .events
            .iter()
            .rev()
            .map(|e| {
                let who = if e.on_behalf {
                    format!("{}（{}）", e.actor_name, lang.t("round_on_behalf"))
                } else {
                    e.actor_name.clone()
                };
                (
                    when(&e.at),
                    label(&ROUND_STEPS, e.step.code()),
                    who,
                    e.reason.clone().unwrap_or_default(),
                )
            })
            .collect(),
    }
}

fn build_form(
    loaded: &Loaded,
    node: &Node,
    year: FiscalYear,
    lang: Lang,
    f: FormState<'_>,
) -> FormPage {
    let FormState {
        values,
        base_revision,
        work,
        author,
        prefilled_from,
        done,
        errors,
    } = f;
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
        locked: loaded.is_locked(year) || !work.may_write,
        round: round_panel(plan, node, year, work, lang),
        year_locked: loaded.is_locked(year),
        author,
        prefilled_from,
        done,
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
            .computed(&node.code, year)
            .map(|c| {
                let unit = target.as_ref().map(|t| t.unit.as_str());
                target_text(c.value, unit.or(c.unit.as_deref()).unwrap_or_default())
            })
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

/// An entry as form values (a computed actual and grade left empty:
/// saving takes the records' value as it is then).
fn entry_values(e: &jinzai_domain::progress::ProgressEntry) -> ProgressInput {
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    ProgressInput {
        status: e.status.clone(),
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
    }
}

/// The form's values: the latest entry of the year the viewer may see
/// (a draft for its owner and reviewers); with none, last year's entry of
/// the same measure as a starting point (its narrative and direction, not
/// its figures), named in `prefilled_from`.
async fn current_values(
    state: &SharedState,
    loaded: &Loaded,
    node: &Node,
    year: FiscalYear,
    work: &CellWork,
    lang: Lang,
) -> Result<(ProgressInput, String, String), Failure> {
    let latest = if work.sees_drafts {
        state
            .store
            .latest_revision(loaded.stored.id, &node.code, year)
            .await?
    } else {
        loaded.recorded(&node.code, year).cloned()
    };
    if let Some(r) = latest {
        return Ok((
            entry_values(&r.entry),
            r.revision.to_string(),
            String::new(),
        ));
    }
    let mut values = ProgressInput {
        owner_division: node.owners.first().cloned().unwrap_or_default(),
        ..Default::default()
    };
    let last_year = FiscalYear(year.0 - 1);
    let mut prefilled = String::new();
    if loaded.plan().contains_year(last_year) && work.may_write {
        let before = state
            .store
            .latest_revision(loaded.stored.id, &node.code, last_year)
            .await?;
        if let Some(b) = before {
            let carried = entry_values(&b.entry);
            values.achievements = carried.achievements;
            values.issues = carried.issues;
            values.actual_text = carried.actual_text;
            values.direction = carried.direction;
            if !carried.owner_division.is_empty() {
                values.owner_division = carried.owner_division;
            }
            prefilled = lang.year(last_year);
        }
    }
    Ok((values, "0".into(), prefilled))
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

#[derive(Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

/// The success message of what was just done (`?done=save`, `submit` …).
fn done_message(done: Option<&str>, lang: Lang) -> String {
    match done.and_then(Step::from_code) {
        Some(step) => lang.t(&format!("round_done_{}", step.code())).to_owned(),
        None => String::new(),
    }
}

pub async fn form(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((code, node, year)): Path<(String, String, i32)>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let (loaded, year) = load_cell(&state, &code, &node, year).await.map_err(fail)?;
    let n = loaded.node(&node).map_err(fail)?;
    let ownership = round::ownership(&state.store, &loaded.stored)
        .await
        .map_err(fail)?;
    let work = round::cell_work(&state.store, &loaded, &ownership, &who, n, year)
        .await
        .map_err(fail)?;
    if work.capacities.is_empty() {
        return Err(fail(Failure::Forbidden(Message::new(
            "plan_progress_not_yours",
        ))));
    }
    let (values, base, prefilled_from) = current_values(&state, &loaded, n, year, &work, lang)
        .await
        .map_err(fail)?;
    let page = build_form(
        &loaded,
        n,
        year,
        lang,
        FormState {
            values,
            base_revision: base,
            work: &work,
            author: round::author_name(&who),
            prefilled_from,
            done: done_message(q.done.as_deref(), lang),
            errors: &[],
        },
    );
    render(&page, lang)
}

/// The form again after a refused save or step: what was typed (or the
/// entry as saved), each error beside its field, with `status`.
async fn refused(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    (loaded, n, year): (&Loaded, &Node, FiscalYear),
    typed: Option<(ProgressInput, String)>,
    (status, errors): (StatusCode, Vec<FieldError>),
    tried: Option<Step>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let ownership = round::ownership(&state.store, &loaded.stored)
        .await
        .map_err(fail)?;
    let work = round::cell_work(&state.store, loaded, &ownership, who, n, year)
        .await
        .map_err(fail)?;
    let (values, base_revision) = match typed {
        Some(t) => t,
        None => {
            let (values, base, _) = current_values(state, loaded, n, year, &work, lang)
                .await
                .map_err(fail)?;
            (values, base)
        }
    };
    let mut page = build_form(
        loaded,
        n,
        year,
        lang,
        FormState {
            values,
            base_revision,
            work: &work,
            author: round::author_name(who),
            prefilled_from: String::new(),
            done: String::new(),
            errors: &errors,
        },
    );
    page.round.tried = tried.map(|s| s.code().to_owned()).unwrap_or_default();
    Ok((status, render(&page, lang)?).into_response())
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
    let base = body.base_revision.trim().parse::<i64>().ok();
    let saved = round::record(&state.store, &loaded, &who, n, year, &body.input, base).await;
    let errors = match saved {
        Ok(_) => {
            let to = format!(
                "/plans/{code}/nodes/{}/progress/{}?done=save",
                n.code, year.0
            );
            return Ok(Redirect::to(&to).into_response());
        }
        Err(Failure::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(Failure::Conflict(message)) => (
            StatusCode::CONFLICT,
            vec![FieldError::new("status", "conflict", message)],
        ),
        Err(Failure::Locked(_)) => (
            StatusCode::CONFLICT,
            vec![FieldError::new(
                "status",
                "conflict",
                Message::new("locked_help"),
            )],
        ),
        Err(e) => return Err(fail(e)),
    };
    refused(
        &state,
        &who,
        lang,
        (&loaded, n, year),
        Some((body.input.clone(), body.base_revision.clone())),
        errors,
        None,
    )
    .await
}

#[derive(Deserialize)]
pub struct StepBody {
    #[serde(default)]
    step: String,
    #[serde(default)]
    reason: String,
}

/// A step on the cell (submit, return, confirm, approve, exclude, reopen):
/// done, back to the form with its success message; refused, the form
/// again with the reason beside the field it concerns.
pub async fn step(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((code, node, year)): Path<(String, String, i32)>,
    Form(body): Form<StepBody>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let (loaded, year) = load_cell(&state, &code, &node, year).await.map_err(fail)?;
    let n = loaded.node(&node).map_err(fail)?;
    let Some(step) = Step::from_code(body.step.trim()) else {
        return Err(fail(Failure::BadRequest {
            code: "unknown_step",
            message: Message::new("round_unknown_step").arg("step", body.step.trim()),
        }));
    };
    let taken = round::take_step(
        &state.store,
        &loaded,
        &who,
        (n, year),
        (step, &body.reason),
        &state.notify,
    )
    .await;
    let (status, errors) = match taken {
        Ok(_) => {
            let to = format!(
                "/plans/{code}/nodes/{}/progress/{}?done={}",
                n.code,
                year.0,
                step.code()
            );
            return Ok(Redirect::to(&to).into_response());
        }
        Err(Failure::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(Failure::Locked(m) | Failure::Conflict(m)) => (
            StatusCode::CONFLICT,
            vec![FieldError::new("step", "conflict", m)],
        ),
        Err(e) => return Err(fail(e)),
    };
    refused(
        &state,
        &who,
        lang,
        (&loaded, n, year),
        None,
        (status, errors),
        Some(step),
    )
    .await
}

#[derive(Deserialize)]
pub struct LockBody {
    #[serde(default)]
    by: String,
    /// Why the year is locked with measures not yet approved.
    #[serde(default)]
    forced_reason: String,
}

async fn set_lock(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    code: &str,
    year: i32,
    (by, forced_reason): (&str, &str),
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
            .lock_year(
                loaded.stored.id,
                year,
                by,
                Some(forced_reason),
                &who.actor(),
            )
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
    set_lock(
        &state,
        &who,
        lang,
        &code,
        year,
        (&b.by, &b.forced_reason),
        true,
    )
    .await
}

pub async fn unlock(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((code, year)): Path<(String, i32)>,
    Form(b): Form<LockBody>,
) -> Result<Response, PageError> {
    set_lock(&state, &who, lang, &code, year, (&b.by, ""), false).await
}
