//! The round pages: a plan's rounds with each measure's state (HR opens a
//! round here) and the measures' owners (HR assigns them here).

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use crate::view::date_label;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Decision, Permission, Principal, decide};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::progress::FieldError;
use jinzai_domain::round::{CELL_STATES, ROUND_KINDS, RoundKind};
use jinzai_service::plan::Loaded;
use jinzai_service::round::{self, OpenRound, OwnerSource, OwnersInput};
use serde::Deserialize;
use std::collections::HashMap;

fn errors_of(errors: &[FieldError], lang: Lang) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| (e.field.to_string(), lang.say(&e.message)))
        .collect()
}

fn err(errors: &[(String, String)], field: &str) -> String {
    errors
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, m)| m.clone())
        .unwrap_or_default()
}

/// One round as listed.
pub struct RoundLine {
    pub href: String,
    pub title: String,
    pub dates: String,
    /// (state code, label, count)
    pub counts: Vec<(String, String, usize)>,
    pub selected: bool,
}

/// One measure's row of the selected round.
pub struct CellLine {
    pub code: String,
    pub title: String,
    pub href: String,
    pub accountable: String,
    pub state_code: String,
    pub state: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "round/rounds.html")]
pub struct RoundsPage {
    pub nav: Nav,
    pub plan_title: String,
    pub rounds: Vec<RoundLine>,
    pub heading: String,
    pub due_note: String,
    pub cells: Vec<CellLine>,
    pub manage: bool,
    /// (value, label, selected)
    pub years: Vec<(i32, String, bool)>,
    pub kinds: Vec<(String, String, bool)>,
    pub typed: OpenForm,
    pub errors: Vec<(String, String)>,
    pub done: String,
    /// The selected round's dates as the change form shows them, and
    /// where it posts ("" without a selected round or when locked).
    pub dates_action: String,
    pub dates: OpenForm,
}

impl RoundsPage {
    pub fn err(&self, field: &str) -> String {
        err(&self.errors, field)
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct OpenForm {
    #[serde(default)]
    pub fiscal_year: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub opens_on: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub review_by: String,
}

#[derive(Deserialize)]
pub struct RoundsQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    year: Option<i32>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    opened: Option<String>,
    #[serde(default)]
    dated: Option<String>,
}

async fn build_rounds(
    state: &SharedState,
    who: &Principal,
    loaded: &Loaded,
    lang: Lang,
    (year, kind): (Option<i32>, Option<&str>),
    typed: OpenForm,
    errors: &[FieldError],
) -> Result<RoundsPage, Failure> {
    let plan = loaded.plan();
    let code = &plan.code;
    let all = state.store.rounds(loaded.stored.id).await?;
    let ownership = round::ownership(&state.store, &loaded.stored).await?;
    let chosen = match (year, kind.and_then(RoundKind::from_code)) {
        (Some(y), Some(k)) => all.iter().find(|r| r.fiscal_year == y && r.kind == k),
        (Some(y), None) => round::working_round(&all, FiscalYear(y)),
        _ => all.last(),
    }
    .cloned();
    let mut rounds = Vec::new();
    for r in &all {
        let v = round::view(
            &state.store,
            loaded.plan(),
            &ownership,
            r.clone(),
            Some(who),
        )
        .await?;
        rounds.push(RoundLine {
            href: format!(
                "/plans/{code}/rounds?year={}&kind={}",
                r.fiscal_year,
                r.kind.code()
            ),
            title: format!(
                "{} {}",
                lang.year(FiscalYear(r.fiscal_year)),
                lang.label(&ROUND_KINDS, r.kind.code())
            ),
            dates: format!(
                "{} 〜 {}（{} {}）",
                date_label(r.dates.opens_on, lang),
                date_label(r.dates.due_on, lang),
                lang.t("round_review_by"),
                date_label(r.dates.review_by, lang)
            ),
            counts: v
                .counts
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(s, n)| (s.code().to_owned(), lang.label(&CELL_STATES, s.code()), *n))
                .collect(),
            selected: chosen.as_ref().is_some_and(|c| c.id == r.id),
        });
    }
    let locks = state.store.year_locks(loaded.stored.id).await?;
    let (dates_action, dates) = match &chosen {
        Some(r) if !locks.iter().any(|l| l.fiscal_year == r.fiscal_year) => (
            format!("/plans/{code}/rounds/{}/dates", r.fiscal_year),
            OpenForm {
                opens_on: r.dates.opens_on.to_string(),
                due_on: r.dates.due_on.to_string(),
                review_by: r.dates.review_by.to_string(),
                ..OpenForm::default()
            },
        ),
        _ => (String::new(), OpenForm::default()),
    };
    let (heading, due_note, cells) = match chosen {
        None => (String::new(), String::new(), Vec::new()),
        Some(r) => {
            let heading = format!(
                "{} {}",
                lang.year(FiscalYear(r.fiscal_year)),
                lang.label(&ROUND_KINDS, r.kind.code())
            );
            let year = r.fiscal_year;
            let v = round::view(&state.store, loaded.plan(), &ownership, r, Some(who)).await?;
            let due_note = if v.open_days_to_due >= 0 {
                lang.say(&Message::new("round_days_left").arg("n", v.open_days_to_due))
            } else {
                lang.say(&Message::new("round_days_over").arg("n", -v.open_days_to_due))
            };
            let cells = v
                .cells
                .into_iter()
                .map(|c| CellLine {
                    href: format!("/plans/{code}/nodes/{}/progress/{year}", c.node),
                    code: c.node,
                    title: c.title,
                    accountable: match (c.accountable, c.accountable_name) {
                        (Some(code), Some(name)) => format!("{name}（{code}）"),
                        (Some(code), None) => code,
                        _ => lang.t("round_owner_none").to_owned(),
                    },
                    state_code: c.state.code().to_owned(),
                    state: lang.label(&CELL_STATES, c.state.code()),
                    reason: c.reason.unwrap_or_default(),
                })
                .collect();
            (heading, due_note, cells)
        }
    };
    let typed_year = typed.fiscal_year.parse::<i32>().ok();
    Ok(RoundsPage {
        nav: nav(
            lang,
            Some(loaded),
            "rounds",
            format!("/plans/{code}/rounds"),
        ),
        plan_title: plan.title.clone(),
        rounds,
        heading,
        due_note,
        cells,
        manage: decide(who, Permission::ManageRounds) == Decision::Allow,
        years: plan
            .years()
            .map(|y| (y.0, lang.year(y), typed_year == Some(y.0)))
            .collect(),
        kinds: RoundKind::LIST
            .items
            .iter()
            .map(|(c, _, _)| {
                (
                    (*c).to_owned(),
                    lang.label(&ROUND_KINDS, c),
                    typed.kind == *c,
                )
            })
            .collect(),
        typed,
        errors: errors_of(errors, lang),
        done: String::new(),
        dates_action,
        dates,
    })
}

/// New dates for the year's round (HR): done, the table again with a
/// message; refused, each error listed.
pub async fn dates(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<OpenForm>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let loaded = jinzai_service::plan::load(&state.store, &code)
        .await
        .map_err(fail)?;
    let fy = loaded.year_or_latest(Some(year)).map_err(fail)?;
    let result = match round::read_dates(&f.opens_on, &f.due_on, &f.review_by) {
        Ok(d) => round::change_dates(&state.store, &loaded, &who, fy, d).await,
        Err(e) => Err(Failure::Invalid(e)),
    };
    match result {
        Ok(r) => Ok(Redirect::to(&format!(
            "/plans/{code}/rounds?year={}&kind={}&dated=1",
            r.fiscal_year,
            r.kind.code()
        ))
        .into_response()),
        Err(Failure::Invalid(errors)) => {
            let mut page = build_rounds(
                &state,
                &who,
                &loaded,
                lang,
                (Some(year), None),
                OpenForm::default(),
                &errors,
            )
            .await
            .map_err(fail)?;
            page.dates = f;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page, lang)?).into_response())
        }
        Err(e) => Err(fail(e)),
    }
}

pub async fn rounds(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(code): Path<String>,
    Query(q): Query<RoundsQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let loaded = jinzai_service::plan::load(&state.store, &code)
        .await
        .map_err(fail)?;
    let mut page = build_rounds(
        &state,
        &who,
        &loaded,
        lang,
        (q.year, q.kind.as_deref()),
        OpenForm::default(),
        &[],
    )
    .await
    .map_err(fail)?;
    if q.opened.is_some() {
        page.done = lang.t("round_opened").to_owned();
    }
    if q.dated.is_some() {
        page.done = lang.t("round_dates_saved").to_owned();
    }
    render(&page, lang)
}

pub async fn open(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(code): Path<String>,
    Form(f): Form<OpenForm>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let loaded = jinzai_service::plan::load(&state.store, &code)
        .await
        .map_err(fail)?;
    let mut errors = Vec::new();
    let year = f.fiscal_year.trim().parse::<i32>().ok();
    if year.is_none() {
        errors.push(FieldError::new(
            "fiscal_year",
            "required",
            Message::new("round_year_required"),
        ));
    }
    let kind = RoundKind::parse_label(&f.kind);
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "required",
            Message::new("round_kind_required"),
        ));
    }
    let dates = round::read_dates(&f.opens_on, &f.due_on, &f.review_by);
    let result = match (year, kind, dates) {
        (Some(fiscal_year), Some(kind), Ok(dates)) if errors.is_empty() => {
            let o = OpenRound {
                fiscal_year,
                kind,
                dates,
            };
            round::open(&state.store, &loaded, &who, &o)
                .await
                .map(|_| o)
        }
        (_, _, Err(mut e)) => {
            errors.append(&mut e);
            Err(Failure::Invalid(errors))
        }
        _ => Err(Failure::Invalid(errors)),
    };
    match result {
        Ok(o) => Ok(Redirect::to(&format!(
            "/plans/{code}/rounds?year={}&kind={}&opened=1",
            o.fiscal_year,
            o.kind.code()
        ))
        .into_response()),
        Err(Failure::Invalid(errors)) => {
            let page = build_rounds(&state, &who, &loaded, lang, (None, None), f, &errors)
                .await
                .map_err(fail)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page, lang)?).into_response())
        }
        Err(e) => Err(fail(e)),
    }
}

/// One measure's owners as the page lists (and HR edits) them.
pub struct OwnerLine {
    pub code: String,
    pub title: String,
    pub accountable: String,
    pub accountable_name: String,
    pub contributors: String,
    pub accounts: String,
    pub source: String,
    pub moved: String,
    /// The form's inputs: (field name, value, label key).
    pub inputs: Vec<(String, String, &'static str)>,
}

#[derive(Template)]
#[template(path = "round/owners.html")]
pub struct OwnersPage {
    pub nav: Nav,
    /// An owners file's problems, as `file:row:col: message`.
    pub problems: Vec<String>,
    pub lines: Vec<OwnerLine>,
    pub manage: bool,
    pub errors: Vec<(String, String)>,
    pub done: String,
}

impl OwnersPage {
    pub fn err(&self, field: &str) -> String {
        err(&self.errors, field)
    }
}

#[derive(Deserialize)]
pub struct OwnersQuery {
    #[serde(default)]
    saved: Option<usize>,
}

async fn build_owners(
    state: &SharedState,
    who: &Principal,
    loaded: &Loaded,
    lang: Lang,
    typed: Option<&HashMap<String, String>>,
    errors: &[FieldError],
) -> Result<OwnersPage, Failure> {
    let ownership = round::ownership(&state.store, &loaded.stored).await?;
    let moved = round::owners_moved(&state.store, &ownership).await?;
    let today = state.clock().today();
    let units = state.store.units().await?;
    let unit_name = |code: &str| {
        units
            .iter()
            .find(|u| u.code.as_str() == code && u.valid_on(today))
            .map(|u| u.name.clone())
            .unwrap_or_default()
    };
    let plan = loaded.plan();
    let lines = plan
        .measures()
        .map(|m| {
            let of = ownership.of(&m.code);
            let typed_or = |field: &str, stored: String| {
                typed
                    .and_then(|t| t.get(&format!("{field}-{}", m.code)).cloned())
                    .unwrap_or(stored)
            };
            let accountable = of
                .map(|(o, _)| o.accountable.as_str().to_owned())
                .unwrap_or_default();
            OwnerLine {
                accountable_name: unit_name(&accountable),
                accountable: typed_or("accountable", accountable),
                contributors: typed_or(
                    "contributors",
                    of.map(|(o, _)| {
                        o.contributors
                            .iter()
                            .map(|u| u.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default(),
                ),
                accounts: typed_or(
                    "accounts",
                    of.map(|(o, _)| o.accounts.join(" ")).unwrap_or_default(),
                ),
                source: match of.map(|(_, s)| s) {
                    Some(OwnerSource::Assigned) => ownership
                        .assigned(&m.code)
                        .map(|s| {
                            format!("{}（{}）", crate::view::when(&s.assigned_at), s.assigned_by)
                        })
                        .unwrap_or_default(),
                    Some(OwnerSource::PlanFile) => lang.t("round_owner_from_plan").to_owned(),
                    None => lang.t("round_owner_none").to_owned(),
                },
                moved: moved
                    .iter()
                    .filter(|x| x.node == m.code)
                    .map(|x| {
                        lang.say(
                            &Message::new("round_owner_moved")
                                .arg("login", &x.login)
                                .arg("unit", &x.unit_then),
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
                code: m.code.clone(),
                title: format!("{} {}", m.code, m.display_title()),
                inputs: Vec::new(),
            }
        })
        .map(|mut l: OwnerLine| {
            l.inputs = vec![
                (
                    format!("accountable-{}", l.code),
                    l.accountable.clone(),
                    "rounds_accountable",
                ),
                (
                    format!("contributors-{}", l.code),
                    l.contributors.clone(),
                    "owners_contributors",
                ),
                (
                    format!("accounts-{}", l.code),
                    l.accounts.clone(),
                    "owners_accounts",
                ),
            ];
            l
        })
        .collect();
    Ok(OwnersPage {
        nav: nav(
            lang,
            Some(loaded),
            "owners",
            format!("/plans/{}/owners", plan.code),
        ),
        lines,
        manage: decide(who, Permission::ManageRounds) == Decision::Allow,
        errors: errors_of(errors, lang),
        done: String::new(),
        problems: Vec::new(),
    })
}

pub async fn owners(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(code): Path<String>,
    Query(q): Query<OwnersQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let loaded = jinzai_service::plan::load(&state.store, &code)
        .await
        .map_err(fail)?;
    let mut page = build_owners(&state, &who, &loaded, lang, None, &[])
        .await
        .map_err(fail)?;
    if let Some(n) = q.saved {
        page.done = lang.say(&Message::new("round_owners_saved").arg("n", n));
    }
    render(&page, lang)
}

/// Every measure's row of the owners form (`accountable-<code>`,
/// `contributors-<code>`, `accounts-<code>`); a row left blank is skipped.
pub async fn assign(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(code): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let loaded = jinzai_service::plan::load(&state.store, &code)
        .await
        .map_err(fail)?;
    let field = |name: &str, node: &str| {
        form.get(&format!("{name}-{node}"))
            .cloned()
            .unwrap_or_default()
    };
    let list: Vec<(String, OwnersInput)> = loaded
        .plan()
        .measures()
        .filter(|m| form.contains_key(&format!("accountable-{}", m.code)))
        .map(|m| OwnersInput {
            node: m.code.clone(),
            accountable: field("accountable", &m.code),
            contributors: round::split_list(&field("contributors", &m.code)),
            accounts: round::split_list(&field("accounts", &m.code)),
        })
        .filter(|o| {
            !(o.accountable.trim().is_empty() && o.contributors.is_empty() && o.accounts.is_empty())
        })
        .map(|o| (format!("{{field}}-{}", o.node), o))
        .collect();
    // Each error names its row's field as `<field>-<code>`, as the form does.
    let result = round::assign(&state.store, &loaded, &who.actor(), &list, "screen").await;
    match result {
        Ok(n) => Ok(Redirect::to(&format!("/plans/{code}/owners?saved={n}")).into_response()),
        Err(Failure::Invalid(errors)) => {
            let page = build_owners(&state, &who, &loaded, lang, Some(&form), &errors)
                .await
                .map_err(fail)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page, lang)?).into_response())
        }
        Err(e) => Err(fail(e)),
    }
}

/// An owners file uploaded from the page: checked, or stored (all rows
/// or none); its problems are listed as `file:row:col: message`.
pub async fn import(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(code): Path<String>,
    multipart: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let up = crate::http::upload::read(multipart, "owners.csv")
        .await
        .map_err(fail)?;
    let store = up.field("action") == "import";
    let (name, content) = (up.file_name, up.content);
    let loaded = jinzai_service::plan::load(&state.store, &code)
        .await
        .map_err(fail)?;
    let mut page = build_owners(&state, &who, &loaded, lang, None, &[])
        .await
        .map_err(fail)?;
    if content.is_empty() {
        page.problems = vec![lang.t("choose_file").to_owned()];
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page, lang)?).into_response());
    }
    let content = content.into_bytes().map_err(fail)?;
    let result = round::import_owners(
        &state.store,
        &loaded,
        &who.actor(),
        (&content, jinzai_io::read::InputEncoding::Detect),
        "csv",
        !store,
    )
    .await;
    match result {
        Ok(n) if store => {
            Ok(Redirect::to(&format!("/plans/{code}/owners?saved={n}")).into_response())
        }
        Ok(n) => {
            page.done = lang.say(&Message::new("round_owners_checked").arg("n", n));
            Ok(render(&page, lang)?.into_response())
        }
        Err(Failure::Invalid(errors)) => {
            page.problems = errors
                .iter()
                .map(|e| format!("{name}:{}: {}", e.field, lang.say(&e.message)))
                .collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page, lang)?).into_response())
        }
        Err(e) => Err(fail(e)),
    }
}
