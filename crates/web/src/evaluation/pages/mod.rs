//! Evaluation pages: the year's overview (HR: periods, chains set, training
//! exceptions; anyone else: their own evaluators and those they evaluate),
//! the evaluators' chains (HR), and the scheme (everyone reads the
//! published criteria; HR edits them).

pub mod distribution;
pub mod period;
pub mod sheet;
pub mod talks;

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::coded_label;
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use crate::view::date_label;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Decision, Permission, Principal, decide};
use jinzai_domain::evaluation::scheme::{Band, SheetItem};
use jinzai_domain::evaluation::{Chain, Scheme};
use jinzai_domain::people::StaffNumber;
use jinzai_domain::progress::FieldError;
use jinzai_service::evaluation as service;
use jinzai_service::training::year_of;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct YearQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    year: Option<i32>,
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    q: Option<String>,
}

/// A period's line.
pub struct PeriodLine {
    pub id: i64,
    pub kind: String,
    pub term: String,
    pub dates: String,
}

/// A chain's line: the evaluatee and each place, as "name（number）".
pub struct ChainLine {
    pub evaluatee: String,
    pub number: String,
    pub first: String,
    pub second: String,
    pub adjuster: String,
    pub confirmer: String,
    pub from: String,
    pub exception: String,
}

/// An evaluator without recent training, with the evaluatees they rate.
pub struct ExceptionLine {
    pub evaluatees: Vec<String>,
    pub role: String,
    pub evaluator: String,
    pub last_training: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "evaluation/overview.html")]
pub struct OverviewPage {
    pub nav: Nav,
    pub year: i32,
    pub year_label: String,
    pub manage: bool,
    pub saved: String,
    pub error: String,
    pub periods: Vec<PeriodLine>,
    pub chain_count: usize,
    pub exceptions_help: String,
    pub exceptions: Vec<ExceptionLine>,
    /// Whether the account is a staff member's (then their own chains show).
    pub own: bool,
    /// Anyone's own: the chains they are evaluated under.
    pub mine: Vec<ChainLine>,
    /// Anyone's own: their sheets of the year's periods.
    pub my_sheets: Vec<SheetLink>,
    /// Anyone's own: those they evaluate, with their place and sheets.
    pub theirs: Vec<Theirs>,
}

/// A period's sheet of an evaluatee: where it stands, and its page.
pub struct SheetLink {
    pub label: String,
    pub state: String,
    pub href: String,
}

/// An evaluatee the reader evaluates.
pub struct Theirs {
    pub line: ChainLine,
    pub roles: String,
    pub sheets: Vec<SheetLink>,
}

fn who_is(names: &HashMap<StaffNumber, String>, n: Option<&StaffNumber>) -> String {
    match n {
        None => String::new(),
        Some(n) => match names.get(n) {
            Some(name) => format!("{name}（{n}）"),
            None => n.to_string(),
        },
    }
}

/// Chains as lines, with the names of everyone they name.
async fn chain_lines(
    state: &SharedState,
    chains: &[Chain],
    lang: Lang,
) -> Result<Vec<ChainLine>, Failure> {
    let numbers: Vec<&StaffNumber> = chains
        .iter()
        .flat_map(|c| {
            [
                Some(&c.evaluatee),
                Some(&c.first),
                c.second.as_ref(),
                c.adjuster.as_ref(),
                c.confirmer.as_ref(),
            ]
        })
        .flatten()
        .collect();
    let names = state.store.staff_names(&numbers).await?;
    Ok(chains
        .iter()
        .map(|c| ChainLine {
            evaluatee: names.get(&c.evaluatee).cloned().unwrap_or_default(),
            number: c.evaluatee.to_string(),
            first: who_is(&names, Some(&c.first)),
            second: who_is(&names, c.second.as_ref()),
            adjuster: who_is(&names, c.adjuster.as_ref()),
            confirmer: who_is(&names, c.confirmer.as_ref()),
            from: match c.until.and_then(|u| u.pred_opt()) {
                Some(last) => format!("{} – {}", date_label(c.from, lang), date_label(last, lang)),
                None => format!("{} –", date_label(c.from, lang)),
            },
            exception: c.training_exception.clone().unwrap_or_default(),
        })
        .collect())
}

async fn overview_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: FiscalYear,
) -> Result<OverviewPage, Failure> {
    let manage = decide(who, Permission::ManageEvaluation) == Decision::Allow;
    let store = &state.store;
    let stored_periods = store.evaluation_periods(Some(year)).await?;
    let periods = stored_periods
        .iter()
        .map(|p| PeriodLine {
            id: p.id,
            kind: coded_label(p.period.kind, lang),
            term: coded_label(p.period.term, lang),
            dates: format!(
                "{} – {}",
                date_label(p.period.starts_on, lang),
                date_label(p.period.ends_on, lang)
            ),
        })
        .collect();
    let mut page = OverviewPage {
        nav: nav(
            lang,
            None,
            "evaluation",
            format!("/evaluation?year={}", year.0),
        ),
        year: year.0,
        year_label: lang.year(year),
        manage,
        saved: String::new(),
        error: String::new(),
        periods,
        chain_count: 0,
        exceptions_help: lang.say(
            &jinzai_domain::i18n::Message::new("evaluation_exceptions_help")
                .arg("years", store.evaluation_scheme().await?.training_years),
        ),
        exceptions: Vec::new(),
        own: who.staff_number.is_some(),
        mine: Vec::new(),
        my_sheets: Vec::new(),
        theirs: Vec::new(),
    };
    if manage {
        let chains = store.chains(year).await?;
        let mut evaluatees: Vec<&StaffNumber> = chains.iter().map(|c| &c.evaluatee).collect();
        evaluatees.dedup();
        page.chain_count = evaluatees.len();
        let list = service::training_exceptions(store, year).await?;
        let numbers: Vec<&StaffNumber> = list
            .iter()
            .flat_map(|e| [&e.evaluatee, &e.evaluator])
            .collect();
        let names = store.staff_names(&numbers).await?;
        // One line per evaluator and place: HR follows up people, not chains.
        let mut groups: Vec<ExceptionLine> = Vec::new();
        let mut index: HashMap<(String, String), usize> = HashMap::new();
        for e in &list {
            let key = (e.evaluator.to_string(), coded_label(e.role, lang));
            let at = *index.entry(key.clone()).or_insert_with(|| {
                groups.push(ExceptionLine {
                    evaluator: who_is(&names, Some(&e.evaluator)),
                    role: key.1.clone(),
                    evaluatees: Vec::new(),
                    last_training: e
                        .last_training
                        .map(|d| date_label(d, lang))
                        .unwrap_or_else(|| lang.t("evaluation_never").to_owned()),
                    reason: String::new(),
                });
                groups.len() - 1
            });
            let g = &mut groups[at];
            g.evaluatees.push(who_is(&names, Some(&e.evaluatee)));
            if let Some(r) = &e.reason
                && !g.reason.split(" / ").any(|x| x == r)
            {
                if !g.reason.is_empty() {
                    g.reason.push_str(" / ");
                }
                g.reason.push_str(r);
            }
        }
        page.exceptions = groups;
    }
    if let Some(me) = &who.staff_number {
        let visible = service::visible_chains(store, year, who, None).await?;
        let (own, others): (Vec<Chain>, Vec<Chain>) =
            visible.into_iter().partition(|c| c.evaluatee == *me);
        page.mine = chain_lines(state, &own, lang).await?;
        // Each period's sheet of each evaluatee the reader sees, with its state.
        let mut evaluatees: Vec<&StaffNumber> = others.iter().map(|c| &c.evaluatee).collect();
        evaluatees.push(me);
        evaluatees.sort();
        evaluatees.dedup();
        let mut states: HashMap<(i64, StaffNumber), String> = HashMap::new();
        for p in &stored_periods {
            for s in store.sheets_for(p.id, &evaluatees).await? {
                states.insert((p.id, s.evaluatee.clone()), coded_label(s.state, lang));
            }
        }
        let sheets_of = |n: &StaffNumber| -> Vec<SheetLink> {
            stored_periods
                .iter()
                .map(|p| SheetLink {
                    label: format!(
                        "{}（{}）",
                        coded_label(p.period.kind, lang),
                        coded_label(p.period.term, lang)
                    ),
                    state: states
                        .get(&(p.id, n.clone()))
                        .cloned()
                        .unwrap_or_else(|| lang.t("evaluation_state_none").to_owned()),
                    href: format!("/evaluation/sheets/{}/{n}", p.id),
                })
                .collect()
        };
        page.my_sheets = if own.is_empty() {
            Vec::new()
        } else {
            sheets_of(me)
        };
        let lines = chain_lines(state, &others, lang).await?;
        let mut seen = std::collections::HashSet::new();
        page.theirs = others
            .iter()
            .zip(lines)
            .filter(|(c, _)| seen.insert(c.evaluatee.clone()))
            .map(|(c, l)| {
                let roles: Vec<String> = c
                    .roles_of(me.as_str())
                    .into_iter()
                    .map(|r| coded_label(r, lang))
                    .collect();
                Theirs {
                    sheets: sheets_of(&c.evaluatee),
                    line: l,
                    roles: roles.join("・"),
                }
            })
            .collect();
    }
    Ok(page)
}

pub async fn overview(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let year = match q.year {
        Some(y) => year_of(Some(y), state.clock()).map_err(fail)?,
        None => service::latest_year(&state.store, state.clock())
            .await
            .map_err(fail)?,
    };
    let mut page = overview_of(&state, &who, lang, year).await.map_err(fail)?;
    if q.saved.is_some() {
        page.saved = lang.t("saved").to_owned();
    }
    render(&page, lang)
}

#[derive(Deserialize)]
pub struct OpenForm {
    #[serde(default)]
    fiscal_year: String,
}

pub async fn open_year(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(f): Form<OpenForm>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let year = year_of(f.fiscal_year.trim().parse().ok(), state.clock()).map_err(fail)?;
    match service::open_year(&state.store, year, &who.actor()).await {
        Ok(_) => Ok(Redirect::to(&format!("/evaluation?year={}&saved=1", year.0)).into_response()),
        Err(Failure::Invalid(errors)) => {
            let mut page = overview_of(&state, &who, lang, year).await.map_err(fail)?;
            page.error = lang.say_all(&errors);
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(fail(e)),
    }
}

#[derive(Template)]
#[template(path = "evaluation/chains.html")]
pub struct ChainsPage {
    pub nav: Nav,
    pub year: i32,
    pub q: String,
    pub saved: String,
    pub errors: Vec<(String, String)>,
    /// "showing 200 of 600".
    pub shown: String,
    pub chains: Vec<ChainLine>,
    /// The form's fields, with what was typed and each one's problem.
    pub fields: Vec<FieldView>,
}

/// A field of the chain form.
pub struct FieldView {
    pub name: &'static str,
    pub label: &'static str,
    pub required: bool,
    pub value: String,
    pub error: String,
}

fn chain_fields(form: &ChainForm, errors: &[(String, String)]) -> Vec<FieldView> {
    [
        ("evaluatee", "evaluation_evaluatee", true, &form.evaluatee),
        ("first", "evaluation_first", true, &form.first),
        ("second", "evaluation_second", false, &form.second),
        ("adjuster", "evaluation_adjuster", false, &form.adjuster),
        ("confirmer", "evaluation_confirmer", false, &form.confirmer),
        ("from", "evaluation_start", false, &form.from),
        (
            "training_exception",
            "evaluation_exception",
            false,
            &form.training_exception,
        ),
    ]
    .into_iter()
    .map(|(name, label, required, value)| FieldView {
        name,
        label,
        required,
        value: value.clone(),
        error: errors
            .iter()
            .filter(|e| e.0 == name)
            .map(|e| e.1.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    })
    .collect()
}

/// A chain as typed on the page.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ChainForm {
    #[serde(default)]
    pub evaluatee: String,
    #[serde(default)]
    pub first: String,
    #[serde(default)]
    pub second: String,
    #[serde(default)]
    pub adjuster: String,
    #[serde(default)]
    pub confirmer: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub training_exception: String,
}

/// The most chains the page lists at once (search narrows them).
const LISTED: usize = 50;

async fn chains_of_page(
    state: &SharedState,
    lang: Lang,
    year: FiscalYear,
    q: &str,
) -> Result<ChainsPage, Failure> {
    let all = state.store.chains(year).await?;
    let wanted = q.trim();
    let lines = chain_lines(state, &all, lang).await?;
    let matching: Vec<ChainLine> = lines
        .into_iter()
        .filter(|l| {
            wanted.is_empty()
                || [
                    &l.number,
                    &l.evaluatee,
                    &l.first,
                    &l.second,
                    &l.adjuster,
                    &l.confirmer,
                ]
                .iter()
                .any(|t| t.contains(wanted))
        })
        .collect();
    Ok(ChainsPage {
        nav: nav(
            lang,
            None,
            "evaluation",
            format!("/evaluation/chains?year={}", year.0),
        ),
        year: year.0,
        q: wanted.to_owned(),
        saved: String::new(),
        errors: Vec::new(),
        shown: lang.say(
            &jinzai_domain::i18n::Message::new("evaluation_shown")
                .arg("shown", matching.len().min(LISTED))
                .arg("total", matching.len()),
        ),
        chains: matching.into_iter().take(LISTED).collect(),
        fields: chain_fields(&ChainForm::default(), &[]),
    })
}

pub async fn chains(
    State(state): State<SharedState>,
    lang: Lang,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let year = year_of(q.year, state.clock()).map_err(fail)?;
    let mut page = chains_of_page(&state, lang, year, q.q.as_deref().unwrap_or(""))
        .await
        .map_err(fail)?;
    if q.saved.is_some() {
        page.saved = lang.t("saved").to_owned();
    }
    render(&page, lang)
}

fn opt_number(raw: &str) -> Option<StaffNumber> {
    let t = raw.trim();
    (!t.is_empty()).then(|| StaffNumber::stored(t.to_owned()))
}

#[derive(Deserialize)]
pub struct ChainPost {
    #[serde(default)]
    year: String,
    #[serde(flatten)]
    form: ChainForm,
}

pub async fn save_chain(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(p): Form<ChainPost>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let year = year_of(p.year.trim().parse().ok(), state.clock()).map_err(fail)?;
    let f = &p.form;
    let mut errors: Vec<FieldError> = Vec::new();
    let from = match jinzai_service::form::parse_day("from", &f.from) {
        Ok(d) => d.or_else(|| year.start()),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let result = match (opt_number(&f.evaluatee), opt_number(&f.first), from) {
        (Some(evaluatee), Some(first), Some(from)) if errors.is_empty() => {
            let chain = Chain {
                fiscal_year: year.0,
                evaluatee,
                first,
                second: opt_number(&f.second),
                adjuster: opt_number(&f.adjuster),
                confirmer: opt_number(&f.confirmer),
                from,
                until: None,
                training_exception: Some(f.training_exception.trim().to_owned())
                    .filter(|r| !r.is_empty()),
            };
            service::save_chains(&state.store, &[chain], &who, false).await
        }
        _ => {
            for (field, raw) in [("evaluatee", &f.evaluatee), ("first", &f.first)] {
                if raw.trim().is_empty() {
                    errors.push(FieldError::new(
                        field,
                        "required",
                        jinzai_domain::i18n::Message::new("evaluation_staff_required"),
                    ));
                }
            }
            Err(Failure::Invalid(errors))
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!(
            "/evaluation/chains?year={}&saved=1&q={}",
            year.0,
            f.evaluatee.trim()
        ))
        .into_response()),
        Err(Failure::Invalid(errors)) => {
            let mut page = chains_of_page(&state, lang, year, f.evaluatee.trim())
                .await
                .map_err(fail)?;
            page.errors = errors
                .iter()
                .map(|e| {
                    let field = e.field.rsplit('.').next().unwrap_or(&e.field).to_owned();
                    (field, lang.say(&e.message))
                })
                .collect();
            page.fields = chain_fields(&p.form, &page.errors);
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(fail(e)),
    }
}

#[derive(Template)]
#[template(path = "evaluation/scheme.html")]
pub struct SchemePage {
    pub nav: Nav,
    pub manage: bool,
    pub saved: String,
    pub errors: Vec<(String, String)>,
    pub scheme: Scheme,
    /// The bands and items as form rows (with empty rows to add more).
    pub bands: Vec<[String; 5]>,
    pub items: Vec<[String; 3]>,
    pub complaint_days: String,
    pub min_cell: String,
    pub training_years: String,
}

const BAND_ROWS: usize = 7;
const ITEM_ROWS: usize = 12;

fn scheme_page(who: &Principal, lang: Lang, scheme: Scheme) -> SchemePage {
    let mut bands: Vec<[String; 5]> = scheme
        .bands
        .iter()
        .map(|b| {
            [
                b.code.clone(),
                b.label.clone(),
                b.points.to_string(),
                b.from.to_string(),
                b.target_share.map(|s| s.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    bands.resize(BAND_ROWS.max(bands.len()), Default::default());
    let mut items: Vec<[String; 3]> = scheme
        .ability_items
        .iter()
        .map(|i| [i.code.clone(), i.title.clone(), i.weight.to_string()])
        .collect();
    items.resize(ITEM_ROWS.max(items.len()), Default::default());
    SchemePage {
        nav: nav(lang, None, "evaluation", "/evaluation/scheme".into()),
        manage: decide(who, Permission::ManageEvaluation) == Decision::Allow,
        saved: String::new(),
        errors: Vec::new(),
        complaint_days: scheme.complaint_days.to_string(),
        min_cell: scheme.min_cell.to_string(),
        training_years: scheme.training_years.to_string(),
        bands,
        items,
        scheme,
    }
}

pub async fn scheme(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let scheme = state
        .store
        .evaluation_scheme()
        .await
        .map_err(|e| PageError(e.into(), lang))?;
    let mut page = scheme_page(&who, lang, scheme);
    if q.saved.is_some() {
        page.saved = lang.t("saved").to_owned();
    }
    render(&page, lang)
}

/// Reads the scheme form: `band_code_0` …, `item_code_0` …, the numbers
/// and the switches. A row left empty is no row; a number that does not
/// read is named at its field.
fn read_scheme(form: &HashMap<String, String>, errors: &mut Vec<FieldError>) -> Scheme {
    let get = |k: &str| form.get(k).map(|v| v.trim()).unwrap_or_default();
    let number = |field: String, raw: &str, errors: &mut Vec<FieldError>| -> f64 {
        raw.parse::<f64>().unwrap_or_else(|_| {
            errors.push(FieldError::new(
                field,
                "number",
                jinzai_domain::i18n::Message::new("imports_not_a_number").arg("text", raw),
            ));
            0.0
        })
    };
    let mut bands = Vec::new();
    for i in 0..BAND_ROWS * 2 {
        let code = get(&format!("band_code_{i}"));
        if code.is_empty() {
            continue;
        }
        let n = bands.len();
        let share = get(&format!("band_share_{i}"));
        bands.push(Band {
            code: code.to_owned(),
            label: get(&format!("band_label_{i}")).to_owned(),
            points: number(
                format!("bands[{n}].points"),
                get(&format!("band_points_{i}")),
                errors,
            ),
            from: number(
                format!("bands[{n}].from"),
                get(&format!("band_from_{i}")),
                errors,
            ),
            target_share: (!share.is_empty())
                .then(|| number(format!("bands[{n}].target_share"), share, errors)),
        });
    }
    let mut ability_items = Vec::new();
    for i in 0..ITEM_ROWS * 2 {
        let code = get(&format!("item_code_{i}"));
        if code.is_empty() {
            continue;
        }
        let n = ability_items.len();
        let weight = get(&format!("item_weight_{i}"));
        ability_items.push(SheetItem {
            code: code.to_owned(),
            title: get(&format!("item_title_{i}")).to_owned(),
            weight: number(format!("ability_items[{n}].weight"), weight, errors).max(0.0) as u32,
        });
    }
    let whole = |field: &str, errors: &mut Vec<FieldError>| -> u32 {
        let raw = get(field);
        raw.parse::<u32>().unwrap_or_else(|_| {
            errors.push(FieldError::new(
                field.to_owned(),
                "number",
                jinzai_domain::i18n::Message::new("imports_not_a_number").arg("text", raw),
            ));
            0
        })
    };
    Scheme {
        bands,
        ability_items,
        performance_half_yearly: form.contains_key("performance_half_yearly"),
        complaint_days: whole("complaint_days", errors),
        complaint_working_days: form.contains_key("complaint_working_days"),
        min_cell: whole("min_cell", errors),
        training_years: whole("training_years", errors),
    }
}

pub async fn save_scheme(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let mut errors = Vec::new();
    let scheme = read_scheme(&form, &mut errors);
    let result = if errors.is_empty() {
        service::set_scheme(&state.store, &scheme, &who.actor()).await
    } else {
        Err(Failure::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(Redirect::to("/evaluation/scheme?saved=1").into_response()),
        Err(Failure::Invalid(errors)) => {
            let mut page = scheme_page(&who, lang, scheme);
            page.errors = errors
                .iter()
                .map(|e| (e.field.to_string(), lang.say(&e.message)))
                .collect();
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(PageError(e, lang)),
    }
}
