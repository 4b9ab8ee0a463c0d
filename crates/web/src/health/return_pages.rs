//! Return to work (職場復帰支援) pages: the health staff's list of cases with
//! the steps due (their reminders) and a case's five steps with the form
//! for the next one; a 所属長's list of the returns of their members (days
//! and shared work limits only).

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use jinzai_domain::access::Principal;
use jinzai_domain::health::returns::{Case, State as CaseState, Step};
use jinzai_domain::people::codes::Coded;
use jinzai_service::health::returns::{self as service, DueStep, FORM_STAGES};
use jinzai_store::health::returns::StoredReturn;
use serde::Deserialize;
use std::collections::HashMap;

fn day(d: NaiveDate, lang: Lang) -> String {
    crate::view::date_label(d, lang)
}

fn opt_day(d: Option<NaiveDate>, lang: Lang) -> String {
    d.map_or_else(String::new, |d| day(d, lang))
}

fn step_label(s: Step, lang: Lang) -> String {
    lang.label(&Step::LIST, s.code())
}

fn state_label(s: CaseState, lang: Lang) -> String {
    lang.t(match s {
        CaseState::Open => "return_state_open",
        CaseState::Completed => "return_state_completed",
        CaseState::Closed => "return_state_closed",
    })
    .to_owned()
}

/// A due step as listed.
pub struct DueRow {
    pub id: i64,
    pub who: String,
    pub step: String,
    pub due_on: String,
    pub overdue: bool,
}

fn due_row(d: &DueStep, lang: Lang) -> DueRow {
    DueRow {
        id: d.id,
        who: format!("{} {}", d.staff_number, d.staff_name),
        step: step_label(d.step, lang),
        due_on: day(d.due_on, lang),
        overdue: d.overdue,
    }
}

/// A case as listed.
pub struct CaseRow {
    pub id: i64,
    pub who: String,
    pub leave_from: String,
    pub state: String,
    pub next: String,
    pub due_on: String,
}

pub(super) fn case_row(c: &StoredReturn, lang: Lang) -> CaseRow {
    CaseRow {
        id: c.id,
        who: format!("{} {}", c.case.staff_number, c.staff_name),
        leave_from: day(c.case.leave_from, lang),
        state: state_label(c.state, lang),
        next: c.next.map_or_else(String::new, |s| step_label(s, lang)),
        due_on: opt_day(c.due_on, lang),
    }
}

#[derive(Template)]
#[template(path = "health/returns.html")]
pub struct ReturnsPage {
    pub nav: Nav,
    pub locked: String,
    pub due: Vec<DueRow>,
    pub cases: Vec<CaseRow>,
    pub saved: String,
    pub errors: Vec<String>,
    pub form: HashMap<String, String>,
}

impl super::Refusable for ReturnsPage {
    fn refuse(&mut self, errors: Vec<String>, form: HashMap<String, String>) {
        (self.errors, self.form) = (errors, form);
    }
}

impl ReturnsPage {
    pub fn val(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }
}

#[derive(Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    edit: Option<String>,
}

async fn returns_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
) -> Result<ReturnsPage, Failure> {
    let store = &state.store;
    let mut page = ReturnsPage {
        nav: nav(lang, None, "health", "/health/returns".to_owned()),
        locked: String::new(),
        due: Vec::new(),
        cases: Vec::new(),
        saved: String::new(),
        errors: Vec::new(),
        form: HashMap::new(),
    };
    if let Some(l) = store.health_lock() {
        page.locked = lang.say(&jinzai_service::health::lock_message(l));
        return Ok(page);
    }
    let cases = service::cases(store, who).await?;
    page.due = service::due_steps(&cases, state.clock().today())
        .iter()
        .map(|d| due_row(d, lang))
        .collect();
    page.cases = cases.iter().map(|c| case_row(c, lang)).collect();
    Ok(page)
}

pub async fn index(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<SavedQuery>,
) -> PageResult {
    let mut page = returns_of(&state, &who, lang)
        .await
        .map_err(|e| PageError(e, lang))?;
    if q.saved.is_some() {
        lang.t("saved").clone_into(&mut page.saved);
    }
    render(&page, lang)
}

pub async fn open(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let result = match service::open_from_form(&pairs) {
        Ok(o) => service::open(&state.store, &who, &o).await,
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    let done = match &result {
        Ok(c) => format!("/health/returns/{}?saved=1", c.id),
        Err(_) => String::new(),
    };
    super::after_form((lang, "return"), pairs, result.map(|_| ()), done, || {
        returns_of(&state, &who, lang)
    })
    .await
}

/// A recorded step as the case page shows it.
pub struct StepRow {
    pub label: String,
    pub on: String,
    /// (label, value) lines.
    pub lines: Vec<(String, String)>,
    pub note: String,
}

fn step_rows(c: &Case, lang: Lang) -> Vec<StepRow> {
    let t = |k: &str| lang.t(k).to_owned();
    let mut out = vec![StepRow {
        label: step_label(Step::Leave, lang),
        on: day(c.leave_from, lang),
        lines: c
            .leave_until
            .map(|d| vec![(t("return_leave_until"), day(d, lang))])
            .unwrap_or_default(),
        note: c.leave_note.clone(),
    }];
    if let Some(j) = &c.judgement {
        out.push(StepRow {
            label: step_label(Step::Judgement, lang),
            on: day(j.on, lang),
            lines: Vec::new(),
            note: j.note.clone(),
        });
    }
    if let Some(p) = &c.plan {
        let mut lines = vec![(
            t("return_planned_return_on"),
            day(p.planned_return_on, lang),
        )];
        for (i, s) in p.stages.iter().enumerate() {
            lines.push((
                format!("{} {}", t("return_stage"), i + 1),
                format!("{} 〜 {} {}", day(s.from, lang), day(s.to, lang), s.what),
            ));
        }
        out.push(StepRow {
            label: step_label(Step::Plan, lang),
            on: day(p.on, lang),
            lines,
            note: p.note.clone(),
        });
    }
    if let Some(d) = &c.decision {
        let months: Vec<String> = d.follow_up_months.iter().map(u32::to_string).collect();
        out.push(StepRow {
            label: step_label(Step::Decision, lang),
            on: day(d.on, lang),
            lines: vec![
                (t("return_returned_on"), day(d.returned_on, lang)),
                (t("return_limits"), d.limits.clone()),
                (t("return_shared_limits"), d.shared_limits.clone()),
                (t("return_follow_up_months"), months.join("、")),
            ],
            note: d.note.clone(),
        });
    }
    for (i, f) in c.follow_ups.iter().enumerate() {
        out.push(StepRow {
            label: format!("{}（{}）", step_label(Step::FollowUp, lang), i + 1),
            on: day(f.on, lang),
            lines: Vec::new(),
            note: f.note.clone(),
        });
    }
    if let Some(x) = &c.closed {
        out.push(StepRow {
            label: t("return_closed"),
            on: day(x.on, lang),
            lines: Vec::new(),
            note: x.note.clone(),
        });
    }
    out
}

#[derive(Template)]
#[template(path = "health/return.html")]
pub struct CasePage {
    pub nav: Nav,
    pub id: i64,
    pub who: String,
    pub number: String,
    pub state: String,
    pub steps: Vec<StepRow>,
    /// The follow-ups' days (held or due).
    pub follow_up_days: Vec<(String, bool)>,
    /// The step the form records (empty: none, the case has ended).
    pub form_step: String,
    pub form_step_label: String,
    /// The form corrects the latest step.
    pub correcting: bool,
    /// The latest step can be corrected (not a follow-up, the case open).
    pub may_correct: bool,
    pub open: bool,
    pub saved: String,
    pub errors: Vec<String>,
    pub form: HashMap<String, String>,
}

impl super::Refusable for CasePage {
    fn refuse(&mut self, errors: Vec<String>, form: HashMap<String, String>) {
        (self.errors, self.form) = (errors, form);
    }
}

impl CasePage {
    pub fn val(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }

    /// The plan form's 試し出勤 rows with their values.
    pub fn stage_rows(&self) -> Vec<StageInput> {
        (1..=FORM_STAGES)
            .map(|n| {
                let v = |part: &str| self.val(&format!("stage_{part}_{n}")).to_owned();
                StageInput {
                    n,
                    from: v("from"),
                    to: v("to"),
                    what: v("what"),
                }
            })
            .collect()
    }
}

/// A 試し出勤 row of the plan form.
pub struct StageInput {
    pub n: usize,
    pub from: String,
    pub to: String,
    pub what: String,
}

/// The form's values to correct the latest step.
fn latest_values(c: &Case) -> HashMap<String, String> {
    let mut f = HashMap::new();
    let mut put = |k: &str, v: String| {
        f.insert(k.to_owned(), v);
    };
    match c.latest() {
        Step::Leave => {
            put("on", c.leave_from.to_string());
            put(
                "leave_until",
                c.leave_until.map(|d| d.to_string()).unwrap_or_default(),
            );
            put("note", c.leave_note.clone());
        }
        Step::Judgement => {
            if let Some(j) = &c.judgement {
                put("on", j.on.to_string());
                put("note", j.note.clone());
            }
        }
        Step::Plan => {
            if let Some(p) = &c.plan {
                put("on", p.on.to_string());
                put("planned_return_on", p.planned_return_on.to_string());
                for (i, s) in p.stages.iter().enumerate() {
                    put(&format!("stage_from_{}", i + 1), s.from.to_string());
                    put(&format!("stage_to_{}", i + 1), s.to.to_string());
                    put(&format!("stage_what_{}", i + 1), s.what.clone());
                }
                put("note", p.note.clone());
            }
        }
        Step::Decision => {
            if let Some(d) = &c.decision {
                put("on", d.on.to_string());
                put("returned_on", d.returned_on.to_string());
                put("limits", d.limits.clone());
                put("shared_limits", d.shared_limits.clone());
                let m: Vec<String> = d.follow_up_months.iter().map(u32::to_string).collect();
                put("follow_up_months", m.join(", "));
                put("note", d.note.clone());
            }
        }
        Step::FollowUp => {}
    }
    f
}

async fn case_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    id: i64,
    correcting: bool,
) -> Result<CasePage, Failure> {
    let c = service::case(&state.store, who, id).await?;
    let today = state.clock().today();
    let open = c.state == CaseState::Open;
    let may_correct = open && c.case.latest() != Step::FollowUp;
    let correcting = correcting && may_correct;
    let form_step = if correcting {
        Some(c.case.latest())
    } else {
        c.next
    };
    let held = c.case.follow_ups.len();
    Ok(CasePage {
        nav: nav(lang, None, "health", format!("/health/returns/{id}")),
        id,
        who: c.staff_name.clone(),
        number: c.case.staff_number.to_string(),
        state: state_label(c.state, lang),
        steps: step_rows(&c.case, lang),
        follow_up_days: c
            .case
            .follow_up_days()
            .into_iter()
            .enumerate()
            .map(|(i, d)| (day(d, lang), i >= held && d < today))
            .collect(),
        form_step: form_step.map_or_else(String::new, |s| s.code().to_owned()),
        form_step_label: form_step.map_or_else(String::new, |s| step_label(s, lang)),
        correcting,
        may_correct,
        open,
        saved: String::new(),
        errors: Vec::new(),
        form: if correcting {
            latest_values(&c.case)
        } else {
            // The decision's return day is the plan's, unless changed.
            c.case
                .plan
                .as_ref()
                .filter(|_| form_step == Some(Step::Decision))
                .map(|p| [("returned_on".to_owned(), p.planned_return_on.to_string())].into())
                .unwrap_or_default()
        },
    })
}

pub async fn case(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<SavedQuery>,
) -> PageResult {
    let mut page = case_of(&state, &who, lang, id, q.edit.is_some())
        .await
        .map_err(|e| PageError(e, lang))?;
    if q.saved.is_some() {
        lang.t("saved").clone_into(&mut page.saved);
    }
    render(&page, lang)
}

pub async fn record(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let result = match service::entry_from_form(&pairs) {
        Ok(e) => service::record(&state.store, &who, id, &e).await,
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    let result = result.map(|_| ()).map_err(|f| match f {
        Failure::Invalid(errors) => Failure::Invalid(stage_fields(errors)),
        other => other,
    });
    let correcting = pairs.iter().any(|(k, _)| k == "correct");
    let done = format!("/health/returns/{id}?saved=1");
    super::after_form((lang, "return"), pairs, result, done, || {
        case_of(&state, &who, lang, id, correcting)
    })
    .await
}

/// Errors at `stages[i].from` / `.to` named as the form's fields
/// (`stage_from_{i+1}`).
fn stage_fields(
    errors: Vec<jinzai_domain::progress::FieldError>,
) -> Vec<jinzai_domain::progress::FieldError> {
    errors
        .into_iter()
        .map(|mut e| {
            let renamed = e.field.strip_prefix("stages[").and_then(|rest| {
                let (i, part) = rest.split_once("].")?;
                Some(format!("stage_{part}_{}", i.parse::<usize>().ok()? + 1))
            });
            if let Some(f) = renamed {
                e.field = f.into();
            }
            e
        })
        .collect()
}

/// A member's return as their 所属長 sees it.
pub struct SharedRow {
    pub who: String,
    pub state: String,
    pub leave: String,
    pub planned_return_on: String,
    /// One line a stage.
    pub stages: Vec<String>,
    pub returned_on: String,
    pub limits: String,
    /// One line a follow-up (held: marked).
    pub follow_ups: Vec<String>,
}

#[derive(Template)]
#[template(path = "health/team_returns.html")]
pub struct TeamPage {
    pub nav: Nav,
    pub locked: String,
    pub rows: Vec<SharedRow>,
}

pub async fn team(State(state): State<SharedState>, Who(who): Who, lang: Lang) -> PageResult {
    let mut page = TeamPage {
        nav: nav(
            lang,
            None,
            "returns_team",
            "/health/returns/team".to_owned(),
        ),
        locked: String::new(),
        rows: Vec::new(),
    };
    if let Some(l) = state.store.health_lock() {
        page.locked = lang.say(&jinzai_service::health::lock_message(l));
        return render(&page, lang);
    }
    let shared = service::shared(&state.store, &who)
        .await
        .map_err(|e| PageError(e, lang))?;
    page.rows = shared
        .iter()
        .map(|r| {
            let s = &r.shared;
            let leave = match s.leave_until {
                Some(u) => format!("{} 〜 {}", day(s.leave_from, lang), day(u, lang)),
                None => format!("{} 〜", day(s.leave_from, lang)),
            };
            SharedRow {
                who: format!("{} {}", s.staff_number, r.staff_name),
                state: lang
                    .t(if s.open {
                        "return_state_open"
                    } else {
                        "return_state_ended"
                    })
                    .to_owned(),
                leave,
                planned_return_on: opt_day(s.planned_return_on, lang),
                stages: s
                    .stages
                    .iter()
                    .map(|(f, t)| format!("{} 〜 {}", day(*f, lang), day(*t, lang)))
                    .collect(),
                returned_on: opt_day(s.returned_on, lang),
                limits: s.shared_limits.clone(),
                follow_ups: s
                    .follow_up_days
                    .iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let held = if i < s.follow_ups_held {
                            format!(" {}", lang.t("return_held"))
                        } else {
                            String::new()
                        };
                        format!("{}{held}", day(*d, lang))
                    })
                    .collect(),
            }
        })
        .collect();
    render(&page, lang)
}
