//! An evaluation sheet's page: what the reader may see of it, and the form
//! of each step they may take now (goals, ratings per item, 調整, 確認,
//! 開示, the 期末面談, a complaint and its handling).

use super::who_is;
use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, coded_label, nav, render};
use crate::i18n::Lang;
use crate::view::date_label;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::access::Principal;
use jinzai_domain::evaluation::sheet::{
    COMPLAINT_OUTCOMES, ComplaintOutcome, Goal, ItemRating, SheetStep, Stage,
};
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::progress::FieldError;
use jinzai_service::evaluation::sheet::{self as service, SheetView, StepInput};
use serde::Deserialize;
use std::collections::HashMap;

/// The most goals the form offers.
const GOAL_ROWS: usize = 5;

/// An item's row: its title and weight, and each stage's band and comment.
pub struct ItemRow {
    pub code: String,
    pub title: String,
    pub weight: u32,
    /// (band, comment) for 自己, 一次, 二次.
    pub stages: [(String, String); 3],
}

/// A form for a step the reader may take.
pub struct StepForm {
    pub step: &'static str,
    pub label: String,
    /// Rates every item (a select of bands per item).
    pub rates: bool,
    pub goals: bool,
    pub reason: bool,
    pub band: bool,
    pub talk: bool,
}

#[derive(Template)]
#[template(path = "evaluation/sheet.html")]
pub struct SheetPage {
    pub nav: Nav,
    pub base: String,
    pub name: String,
    pub title: String,
    pub state: String,
    pub chain: Vec<(String, String)>,
    pub performance: bool,
    pub goals: Vec<Goal>,
    pub goal_rows: Vec<(usize, String, String, String)>,
    pub rows: Vec<ItemRow>,
    pub overall: [String; 3],
    pub adjusted: String,
    pub final_band: String,
    pub bands: Vec<(String, String)>,
    pub forms: Vec<StepForm>,
    pub interviews: Vec<(String, String, String, String)>,
    pub events: Vec<(String, String, String, String)>,
    pub complaint: Option<(String, String, String)>,
    pub complaint_until: String,
    pub may_complain: bool,
    pub may_handle: bool,
    pub may_feedback: bool,
    pub outcomes: Vec<(&'static str, &'static str)>,
    pub saved: String,
    pub errors: Vec<String>,
    pub typed: HashMap<String, String>,
}

impl SheetPage {
    /// What was typed into a field (after a refusal), or "".
    pub fn typed(&self, field: &str) -> &str {
        self.typed.get(field).map_or("", String::as_str)
    }
}

fn stage_index(s: Stage) -> usize {
    match s {
        Stage::SelfRating => 0,
        Stage::First => 1,
        Stage::Second => 2,
    }
}

async fn page_of(state: &SharedState, lang: Lang, v: &SheetView) -> Result<SheetPage, Failure> {
    let mut numbers: Vec<&StaffNumber> = vec![&v.evaluatee];
    if let Some(c) = &v.chain {
        numbers.extend(
            [
                Some(&c.first),
                c.second.as_ref(),
                c.adjuster.as_ref(),
                c.confirmer.as_ref(),
            ]
            .into_iter()
            .flatten(),
        );
    }
    for t in &v.interviews {
        numbers.push(&t.interview.interviewer);
    }
    let names = state.store.staff_names(&numbers).await?;
    let period = state.store.evaluation_period(v.period_id).await?;
    let scheme = period.map(|p| p.scheme).unwrap_or_default();
    let band_label = |code: &str| {
        scheme
            .band(code)
            .map_or_else(|| code.to_owned(), |b| b.label.clone())
    };
    let rows = v
        .items
        .iter()
        .map(|i| {
            let mut stages: [(String, String); 3] = Default::default();
            for r in v.ratings.iter().filter(|r| r.item == i.code) {
                stages[stage_index(r.stage)] =
                    (r.band.clone(), r.comment.clone().unwrap_or_default());
            }
            ItemRow {
                code: i.code.clone(),
                title: i.title.clone(),
                weight: i.weight,
                stages,
            }
        })
        .collect();
    let mut overall: [String; 3] = Default::default();
    for (stage, band) in &v.overall {
        overall[stage_index(*stage)] = band_label(band);
    }
    let chain = match &v.chain {
        Some(c) => [
            ("evaluation_first", Some(&c.first)),
            ("evaluation_second", c.second.as_ref()),
            ("evaluation_adjuster", c.adjuster.as_ref()),
            ("evaluation_confirmer", c.confirmer.as_ref()),
        ]
        .into_iter()
        .map(|(k, n)| {
            let who = match n {
                Some(n) => who_is(&names, Some(n)),
                None if k == "evaluation_confirmer" => lang.t("evaluation_hr_confirms").to_owned(),
                None => "—".to_owned(),
            };
            (lang.t(k).to_owned(), who)
        })
        .collect(),
        None => Vec::new(),
    };
    let forms = v
        .steps
        .iter()
        .map(|s| StepForm {
            step: (*s).into(),
            label: coded_label(*s, lang),
            rates: s.rates().is_some(),
            goals: *s == SheetStep::SubmitGoals,
            reason: s.needs_reason() || *s == SheetStep::Adjust,
            band: *s == SheetStep::Adjust,
            talk: *s == SheetStep::AgreeGoals,
        })
        .collect();
    let goal_rows = (0..GOAL_ROWS)
        .map(|i| {
            let g = v.goals.get(i);
            (
                i,
                g.map(|g| g.title.clone()).unwrap_or_default(),
                g.and_then(|g| g.measure.clone()).unwrap_or_default(),
                g.map(|g| g.weight.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    Ok(SheetPage {
        nav: nav(
            lang,
            None,
            "evaluation",
            format!("/evaluation/sheets/{}/{}", v.period_id, v.evaluatee),
        ),
        base: format!("/evaluation/sheets/{}/{}", v.period_id, v.evaluatee),
        name: who_is(&names, Some(&v.evaluatee)),
        title: format!(
            "{} {}（{}） {} – {}",
            lang.year(jinzai_domain::FiscalYear(v.fiscal_year)),
            coded_label(v.kind, lang),
            coded_label(v.term, lang),
            date_label(v.starts_on, lang),
            date_label(v.ends_on, lang)
        ),
        state: coded_label(v.state, lang),
        chain,
        performance: v.kind == jinzai_domain::evaluation::EvaluationKind::Performance,
        goals: v.goals.clone(),
        goal_rows,
        rows,
        overall,
        adjusted: v
            .adjusted_band
            .as_deref()
            .map(|b| {
                format!(
                    "{}（{}）",
                    band_label(b),
                    v.adjust_reason.clone().unwrap_or_default()
                )
            })
            .unwrap_or_default(),
        final_band: v.final_band.as_deref().map(band_label).unwrap_or_default(),
        bands: scheme
            .bands
            .iter()
            .map(|b| (b.code.clone(), b.label.clone()))
            .collect(),
        forms,
        interviews: v
            .interviews
            .iter()
            .map(|t| {
                (
                    date_label(t.interview.held_on, lang),
                    coded_label(t.interview.kind, lang),
                    who_is(&names, Some(&t.interview.interviewer)),
                    t.interview.note.clone().unwrap_or_default(),
                )
            })
            .collect(),
        events: v
            .events
            .iter()
            .map(|e| {
                (
                    crate::view::when(&e.at),
                    coded_label(e.step, lang),
                    e.actor.clone(),
                    e.reason.clone().unwrap_or_default(),
                )
            })
            .collect(),
        complaint: v.complaint.as_ref().map(|c| {
            (
                date_label(c.filed_on, lang),
                c.body.clone(),
                match (c.outcome, &c.response) {
                    (Some(o), r) => format!(
                        "{}：{}",
                        coded_label(o, lang),
                        r.clone().unwrap_or_default()
                    ),
                    (None, _) => lang.t("evaluation_complaint_waiting").to_owned(),
                },
            )
        }),
        complaint_until: v
            .complaint_until
            .map(|d| date_label(d, lang))
            .unwrap_or_default(),
        may_complain: v.may_complain,
        may_handle: v.may_handle_complaint,
        may_feedback: v.may_record_feedback,
        outcomes: COMPLAINT_OUTCOMES
            .items
            .iter()
            .map(|(code, ja, en)| (*code, if lang == Lang::Ja { *ja } else { *en }))
            .collect(),
        saved: String::new(),
        errors: Vec::new(),
        typed: HashMap::new(),
    })
}

#[derive(Deserialize)]
pub struct SheetQuery {
    #[serde(default)]
    saved: Option<String>,
}

pub async fn page(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((period, number)): Path<(i64, String)>,
    Query(q): Query<SheetQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let v = service::read(&state.store, &who, period, &number)
        .await
        .map_err(fail)?;
    let mut page = page_of(&state, lang, &v).await.map_err(fail)?;
    if q.saved.is_some() {
        page.saved = lang.t("saved").to_owned();
    }
    render(&page, lang)
}

/// Reads a step's form: `step`, `rating_<item>` and `comment_<item>`,
/// `goal_title_<i>` …, `band`, `reason`, `held_on`, `attendees`, `note`.
fn read_step(form: &HashMap<String, String>, errors: &mut Vec<FieldError>) -> StepInput {
    let get = |k: &str| form.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let mut ratings: Vec<ItemRating> = form
        .iter()
        .filter_map(|(k, band)| {
            let item = k.strip_prefix("rating_")?;
            Some(ItemRating {
                item: item.to_owned(),
                band: band.trim().to_owned(),
                comment: get(&format!("comment_{item}")).map(str::to_owned),
            })
        })
        .collect();
    ratings.sort_by(|a, b| a.item.cmp(&b.item));
    let goals: Vec<Goal> = (0..GOAL_ROWS)
        .filter_map(|i| {
            let title = get(&format!("goal_title_{i}"));
            let weight = get(&format!("goal_weight_{i}"));
            if title.is_none() && weight.is_none() {
                return None;
            }
            let w = weight.unwrap_or("0");
            let weight = w.parse::<u32>().unwrap_or_else(|_| {
                errors.push(FieldError::new(
                    format!("goals[{i}].weight"),
                    "number",
                    jinzai_domain::i18n::Message::new("imports_not_a_number").arg("text", w),
                ));
                0
            });
            Some(Goal {
                title: title.unwrap_or_default().to_owned(),
                measure: get(&format!("goal_measure_{i}")).map(str::to_owned),
                weight,
            })
        })
        .collect();
    let held_on = match jinzai_service::form::parse_day(
        "held_on",
        form.get("held_on").map_or("", String::as_str),
    ) {
        Ok(d) => d,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    StepInput {
        goals: Some(goals),
        ratings: Some(ratings),
        band: get("band").map(str::to_owned),
        reason: get("reason").map(str::to_owned),
        held_on,
        attendees: get("attendees").map(str::to_owned),
        note: get("note").map(str::to_owned),
    }
}

/// Re-renders the sheet with the problems and what was typed, or shows the
/// failure's own page.
async fn refused(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    (period, number): (i64, &str),
    errors: Vec<FieldError>,
    form: HashMap<String, String>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let v = service::read(&state.store, who, period, number)
        .await
        .map_err(fail)?;
    let mut page = page_of(state, lang, &v).await.map_err(fail)?;
    page.errors = errors
        .iter()
        .map(|e| format!("{}: {}", e.field, lang.say(&e.message)))
        .collect();
    page.typed = form;
    crate::http::refused_page(&page, lang)
}

/// A form's answer: back to the sheet once done; the sheet again with the
/// problems and what was typed when refused; the failure's page otherwise.
async fn answer(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    (period, number): (i64, &str),
    form: HashMap<String, String>,
    result: Result<(), Failure>,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(
            Redirect::to(&format!("/evaluation/sheets/{period}/{number}?saved=1")).into_response(),
        ),
        Err(Failure::Invalid(errors)) => {
            refused(state, who, lang, (period, number), errors, form).await
        }
        Err(e) => Err(PageError(e, lang)),
    }
}

pub async fn step(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((period, number)): Path<(i64, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let Some(step) = form.get("step").and_then(|s| SheetStep::from_code(s)) else {
        return Err(PageError(
            Failure::BadRequest {
                code: "no_step",
                message: jinzai_domain::i18n::Message::new("evaluation_no_step")
                    .arg("step", form.get("step").cloned().unwrap_or_default()),
            },
            lang,
        ));
    };
    let mut errors = Vec::new();
    let input = read_step(&form, &mut errors);
    let result = if errors.is_empty() {
        service::take_step(&state.store, &who, (period, &number), step, &input)
            .await
            .map(|_| ())
    } else {
        Err(Failure::Invalid(errors))
    };
    answer(&state, &who, lang, (period, &number), form, result).await
}

pub async fn complain(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((period, number)): Path<(i64, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let body = form.get("body").cloned().unwrap_or_default();
    let result = service::complain(&state.store, &who, (period, &number), &body).await;
    answer(&state, &who, lang, (period, &number), form, result).await
}

pub async fn handle_complaint(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((period, number)): Path<(i64, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let (outcome, response, band) = (get("outcome"), get("response"), get("band"));
    let result = match ComplaintOutcome::from_code(&outcome) {
        Some(outcome) => {
            service::handle_complaint(
                &state.store,
                &who,
                (period, &number),
                (outcome, &response, Some(band.as_str())),
            )
            .await
        }
        None => Err(Failure::Invalid(vec![FieldError::new(
            "outcome",
            "required",
            jinzai_domain::i18n::Message::new("evaluation_outcome_required"),
        )])),
    };
    answer(&state, &who, lang, (period, &number), form, result).await
}

pub async fn feedback(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((period, number)): Path<(i64, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let (attendees, note) = (get("attendees"), get("note"));
    let result = match jinzai_service::form::parse_day("held_on", &get("held_on")) {
        Ok(held_on) => {
            service::record_feedback(
                &state.store,
                &who,
                (period, &number),
                (held_on, &attendees, &note),
            )
            .await
        }
        Err(e) => Err(Failure::Invalid(vec![e])),
    };
    answer(&state, &who, lang, (period, &number), form, result).await
}
