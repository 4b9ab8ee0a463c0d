//! The stress-check page: a year's participation per unit and its group
//! analysis (HR and the health staff; a group under ten refused to HR
//! unless the committee's method merges it), the committee's method, and
//! for the health staff the results that need them and the result form.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::Response;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::health::UnitAttendance;
use jinzai_domain::health::stress::Group;
use jinzai_service::health::stress as service;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct StressQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    year: Option<i32>,
    #[serde(default)]
    saved: Option<String>,
}

/// A unit's participation line.
pub struct TakenRow {
    pub unit: String,
    pub due: String,
    pub taken: String,
    pub rate: String,
}

/// A group-analysis line.
pub struct GroupRow {
    pub unit: String,
    pub merged: String,
    pub respondents: String,
    /// (量的負担, コントロール, 上司の支援, 同僚の支援, リスク A, B, 総合).
    pub values: Vec<String>,
    pub withheld: bool,
}

/// A result that needs the health staff.
pub struct ResultRow {
    pub who: String,
    pub taken_on: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "health/stress.html")]
pub struct StressPage {
    pub nav: Nav,
    pub year: i32,
    pub year_label: String,
    pub years: Vec<(i32, String)>,
    pub locked: String,
    pub min_group: u64,
    pub participation: Vec<TakenRow>,
    pub total: TakenRow,
    pub groups: Vec<GroupRow>,
    /// The committee's method, said (empty: none approved).
    pub method: String,
    /// When the analysis was released to HR, said (empty: not yet).
    pub released: String,
    pub health: bool,
    pub attention: Vec<ResultRow>,
    pub saved: String,
    pub errors: Vec<String>,
    pub form: HashMap<String, String>,
}

impl StressPage {
    pub fn val(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }
}

impl super::Refusable for StressPage {
    fn refuse(&mut self, errors: Vec<String>, form: HashMap<String, String>) {
        (self.errors, self.form) = (errors, form);
    }
}

fn taken_row(u: &UnitAttendance, lang: Lang, unit: String) -> TakenRow {
    let n = |v: Option<u64>| v.map_or_else(String::new, |v| v.to_string());
    TakenRow {
        unit,
        due: n(u.due),
        taken: n(u.attended),
        rate: match (u.withheld, u.rate) {
            (true, _) => lang.t("health_withheld").to_owned(),
            (false, Some(r)) => format!("{r:.1}%"),
            (false, None) => "—".to_owned(),
        },
    }
}

fn group_row(g: &Group, lang: Lang) -> GroupRow {
    let unit = if g.unit_code.is_empty() {
        lang.t("health_no_unit").to_owned()
    } else {
        g.unit_name.clone()
    };
    GroupRow {
        merged: if g.merged.is_empty() {
            String::new()
        } else {
            format!("{}: {}", lang.t("stress_merged"), g.merged.join("、"))
        },
        unit,
        respondents: g
            .respondents
            .map_or_else(|| lang.t("health_withheld").to_owned(), |n| n.to_string()),
        values: g
            .scores
            .map(|s| {
                vec![
                    format!("{:.1}", s.demand),
                    format!("{:.1}", s.control),
                    format!("{:.1}", s.supervisor),
                    format!("{:.1}", s.coworker),
                    format!("{:.0}", s.risk_demand_control),
                    format!("{:.0}", s.risk_support),
                    format!("{:.0}", s.risk_total),
                ]
            })
            .unwrap_or_default(),
        withheld: g.withheld,
    }
}

async fn page_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: i32,
) -> Result<StressPage, Failure> {
    let store = &state.store;
    let this = FiscalYear::containing(state.clock().today()).0;
    let health = who.has(Role::Health);
    let years = super::year_choices(lang, &store.stress_years().await?, (this, year, 4));
    let mut page = StressPage {
        nav: nav(lang, None, "health", format!("/health/stress?year={year}")),
        year,
        year_label: lang.year(FiscalYear(year)),
        years,
        locked: String::new(),
        min_group: jinzai_domain::health::MIN_GROUP,
        participation: Vec::new(),
        total: TakenRow {
            unit: String::new(),
            due: String::new(),
            taken: String::new(),
            rate: String::new(),
        },
        groups: Vec::new(),
        method: String::new(),
        released: String::new(),
        health,
        attention: Vec::new(),
        saved: String::new(),
        errors: Vec::new(),
        form: HashMap::new(),
    };
    if let Some(l) = store.health_lock() {
        page.locked = lang.say(&jinzai_service::health::lock_message(l));
        return Ok(page);
    }
    let y = service::year(store, who, year).await?;
    page.participation = y
        .participation
        .iter()
        .map(|u| {
            let name = if u.unit_code.is_empty() {
                lang.t("health_no_unit").to_owned()
            } else {
                u.unit_name.clone()
            };
            taken_row(u, lang, name)
        })
        .collect();
    page.total = taken_row(&y.total, lang, lang.t("health_total").to_owned());
    page.groups = y.groups.iter().map(|g| group_row(g, lang)).collect();
    page.released = y.released_on.map_or_else(String::new, |d| {
        lang.say(
            &jinzai_domain::i18n::Message::new("stress_released_on")
                .arg("day", crate::view::date_label(d, lang)),
        )
    });
    page.method = y.method.map_or_else(String::new, |m| {
        lang.say(
            &jinzai_domain::i18n::Message::new("stress_method_said")
                .arg("day", crate::view::date_label(m.approved_on, lang))
                .arg("description", m.description),
        )
    });
    if health {
        page.attention = service::results(store, who, year)
            .await?
            .iter()
            .filter(|r| r.result.needs_attention())
            .map(|r| ResultRow {
                who: format!("{} {}", r.result.staff_number, r.staff_name),
                taken_on: r
                    .result
                    .taken_on
                    .map_or_else(String::new, |d| crate::view::date_label(d, lang)),
                status: lang
                    .t(if r.result.interview_offered_on.is_none() {
                        "stress_offer_due"
                    } else {
                        "stress_interview_due"
                    })
                    .to_owned(),
            })
            .collect();
    }
    Ok(page)
}

/// The year asked for, else the latest with results up to this one.
async fn year_param(state: &SharedState, year: Option<i32>) -> Result<i32, Failure> {
    let this = FiscalYear::containing(state.clock().today()).0;
    Ok(super::pick_year(
        year,
        &state.store.stress_years().await?,
        this,
    ))
}

pub async fn index(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<StressQuery>,
) -> PageResult {
    let year = year_param(&state, q.year)
        .await
        .map_err(|e| PageError(e, lang))?;
    let mut page = page_of(&state, &who, lang, year)
        .await
        .map_err(|e| PageError(e, lang))?;
    if q.saved.is_some() {
        lang.t("saved").clone_into(&mut page.saved);
    }
    render(&page, lang)
}

async fn after(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    pairs: Vec<(String, String)>,
    result: Result<(), Failure>,
) -> Result<Response, PageError> {
    let asked = pairs
        .iter()
        .find(|(k, _)| k == "year")
        .and_then(|(_, v)| v.trim().parse().ok());
    let year = year_param(state, asked)
        .await
        .map_err(|e| PageError(e, lang))?;
    let done = format!("/health/stress?year={year}&saved=1");
    super::after_form((lang, "stress"), pairs, result, done, || {
        page_of(state, who, lang, year)
    })
    .await
}

pub async fn record(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let result = match service::record_from_form(&pairs) {
        Ok(r) => service::record(&state.store, &who, &r).await.map(|_| ()),
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    after(&state, &who, lang, pairs, result).await
}

pub async fn method(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let year = pairs
        .iter()
        .find(|(k, _)| k == "year")
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    let result = match service::method_from_form(&pairs) {
        Ok(m) => service::set_method(&state.store, &who, year, &m).await,
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    after(&state, &who, lang, pairs, result).await
}

pub async fn release(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let year = pairs
        .iter()
        .find(|(k, _)| k == "year")
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    let result = service::release(&state.store, &who, year).await.map(|_| ());
    after(&state, &who, lang, pairs, result).await
}
