//! The health pages: a year's figures (HR and the health role), the year's
//! check-ups and consultations with their forms, and a person's file (the
//! health role). A locked store is said on the page; nothing sealed shows.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::health::{CONSULTATION_KINDS, COUNSELLORS, OUTCOMES};
use jinzai_domain::people::codes::Coded;
use jinzai_service::health::{self as service, YearFigures};
use jinzai_store::health::{StoredCheckup, StoredConsultation};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct IndexQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    year: Option<i32>,
    #[serde(default)]
    saved: Option<String>,
}

/// A unit's line of the figures table.
pub struct FigureRow {
    pub unit: String,
    pub due: String,
    pub attended: String,
    pub rate: String,
    pub withheld: bool,
}

/// A check-up as listed.
pub struct CheckupRow {
    pub number: String,
    pub name: String,
    pub attended_on: String,
    pub outcome: String,
    pub follow_up: String,
}

/// A consultation as listed.
pub struct ConsultationRow {
    pub number: String,
    pub name: String,
    pub held_on: String,
    pub counsellor: String,
    pub kind: String,
    pub note: String,
    pub follow_up: String,
}

#[derive(Template)]
#[template(path = "health/index.html")]
pub struct IndexPage {
    pub nav: Nav,
    pub year: i32,
    pub year_label: String,
    pub years: Vec<(i32, String)>,
    /// Why records cannot be opened (empty: they can).
    pub locked: String,
    /// The committee's months of the last twelve without a meeting, said
    /// (empty: none).
    pub committee_gaps: String,
    pub min_group: u64,
    pub units: Vec<FigureRow>,
    pub total: FigureRow,
    pub physician: u64,
    pub nurse: u64,
    /// The health role: records and forms.
    pub health: bool,
    /// How many return-to-work steps are due, said (empty: none, or not
    /// the health role).
    pub returns_due: String,
    /// The check-ups that need the health staff (not taken, follow-up
    /// pending), the first [`SHOWN`]; and how many there are.
    pub checkups: Vec<CheckupRow>,
    pub attention: usize,
    /// The year's consultations, newest first, the first [`SHOWN`]; and
    /// how many there are.
    pub consultations: Vec<ConsultationRow>,
    pub consultations_total: usize,
    pub shown: usize,
    pub outcomes: Vec<(&'static str, String)>,
    pub counsellors: Vec<(&'static str, String)>,
    pub kinds: Vec<(&'static str, String)>,
    pub saved: String,
    pub errors: Vec<String>,
    pub form: HashMap<String, String>,
}

impl IndexPage {
    pub fn val(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }
}

impl super::Refusable for IndexPage {
    fn refuse(&mut self, errors: Vec<String>, form: HashMap<String, String>) {
        (self.errors, self.form) = (errors, form);
    }
}

fn label<T: Coded>(v: T, lang: Lang) -> String {
    lang.label(&T::LIST, v.code())
}

fn figure_row(u: &jinzai_domain::health::UnitAttendance, lang: Lang, unit: String) -> FigureRow {
    let n = |v: Option<u64>| v.map_or_else(String::new, |v| v.to_string());
    FigureRow {
        unit,
        due: n(u.due),
        attended: n(u.attended),
        rate: match (u.withheld, u.rate) {
            (true, _) => lang.t("health_withheld").to_owned(),
            (false, Some(r)) => format!("{r:.1}%"),
            (false, None) => "—".to_owned(),
        },
        withheld: u.withheld,
    }
}

fn checkup_row(c: &StoredCheckup, lang: Lang) -> CheckupRow {
    CheckupRow {
        number: c.checkup.staff_number.to_string(),
        name: c.staff_name.clone(),
        attended_on: c.checkup.attended_on.map_or_else(
            || lang.t("health_not_attended").to_owned(),
            |d| crate::view::date_label(d, lang),
        ),
        outcome: c
            .checkup
            .outcome
            .map_or_else(String::new, |o| label(o, lang)),
        follow_up: if c.checkup.follow_up_done {
            lang.t("health_follow_up_done").to_owned()
        } else if c.checkup.outcome.is_some_and(|o| o.needs_follow_up()) {
            lang.t("health_follow_up_pending").to_owned()
        } else {
            String::new()
        },
    }
}

fn consultation_row(c: &StoredConsultation, lang: Lang) -> ConsultationRow {
    ConsultationRow {
        number: c.consultation.staff_number.to_string(),
        name: c.staff_name.clone(),
        held_on: crate::view::date_label(c.consultation.held_on, lang),
        counsellor: label(c.consultation.counsellor, lang),
        kind: label(c.consultation.kind, lang),
        note: c.consultation.note.clone(),
        follow_up: c.consultation.follow_up.clone(),
    }
}

async fn index_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: i32,
) -> Result<IndexPage, Failure> {
    let store = &state.store;
    let f: YearFigures = service::figures(store, who, year).await?;
    let this = FiscalYear::containing(state.clock().today()).0;
    let health = who.has(Role::Health);
    let lock = store.health_lock();
    let returns_due = if health && lock.is_none() {
        match jinzai_service::health::returns::due(store, who)
            .await?
            .len()
        {
            0 => String::new(),
            n => lang.say(&jinzai_domain::i18n::Message::new("return_due_count").arg("count", n)),
        }
    } else {
        String::new()
    };
    let (attention, consultations) = if health && lock.is_none() {
        let all = service::checkups(store, who, year).await?;
        (
            all.into_iter()
                .filter(|c| c.checkup.needs_attention())
                .collect::<Vec<_>>(),
            service::consultations(store, who, year).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(IndexPage {
        nav: nav(lang, None, "health", format!("/health?year={year}")),
        year,
        year_label: lang.year(FiscalYear(year)),
        years: super::year_choices(lang, &store.checkup_years().await?, (this, year, 9)),
        locked: lock.map_or_else(String::new, |l| lang.say(&service::lock_message(l))),
        committee_gaps: match service::committee(store).await?.gaps.len() {
            0 => String::new(),
            n => lang
                .say(&jinzai_domain::i18n::Message::new("health_committee_gaps").arg("count", n)),
        },
        min_group: f.min_group,
        units: f
            .units
            .iter()
            .map(|u| {
                let name = if u.unit_code.is_empty() {
                    lang.t("health_no_unit").to_owned()
                } else {
                    u.unit_name.clone()
                };
                figure_row(u, lang, name)
            })
            .collect(),
        total: figure_row(&f.total, lang, lang.t("health_total").to_owned()),
        physician: f.consultations_physician,
        nurse: f.consultations_nurse,
        health,
        returns_due,
        checkups: attention
            .iter()
            .take(SHOWN)
            .map(|c| checkup_row(c, lang))
            .collect(),
        attention: attention.len(),
        consultations: consultations
            .iter()
            .take(SHOWN)
            .map(|c| consultation_row(c, lang))
            .collect(),
        consultations_total: consultations.len(),
        shown: SHOWN,
        outcomes: lang.choices(&OUTCOMES),
        counsellors: lang.choices(&COUNSELLORS),
        kinds: lang.choices(&CONSULTATION_KINDS),
        saved: String::new(),
        errors: Vec::new(),
        form: HashMap::new(),
    })
}

/// The most rows a list on the page shows (a person's file shows all).
const SHOWN: usize = 200;

/// The year asked for, else the latest year with check-ups up to this one
/// (else this one).
async fn year_param(state: &SharedState, year: Option<i32>) -> Result<i32, Failure> {
    let this = FiscalYear::containing(state.clock().today()).0;
    Ok(super::pick_year(
        year,
        &state.store.checkup_years().await?,
        this,
    ))
}

pub async fn index(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<IndexQuery>,
) -> PageResult {
    let year = year_param(&state, q.year)
        .await
        .map_err(|e| PageError(e, lang))?;
    let mut page = index_of(&state, &who, lang, year)
        .await
        .map_err(|e| PageError(e, lang))?;
    if q.saved.is_some() {
        lang.t("saved").clone_into(&mut page.saved);
    }
    render(&page, lang)
}

/// After a form: back to the year's page (saved), or the page again (422)
/// with what was refused and the values as typed.
async fn after(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    pairs: &[(String, String)],
    result: Result<(), Failure>,
) -> Result<Response, PageError> {
    let asked = pairs
        .iter()
        .find(|(k, _)| k == "year")
        .and_then(|(_, v)| v.trim().parse().ok());
    let year = year_param(state, asked)
        .await
        .map_err(|e| PageError(e, lang))?;
    let done = format!("/health?year={year}&saved=1");
    super::after_form((lang, "health"), pairs.to_vec(), result, done, || {
        index_of(state, who, lang, year)
    })
    .await
}

pub async fn add_checkup(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let result = match service::checkup_from_form(&pairs) {
        Ok(c) => service::record_checkup(&state.store, &who, &c)
            .await
            .map(|_| ()),
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    after(&state, &who, lang, &pairs, result).await
}

pub async fn add_consultation(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let result = match service::consultation_from_form(&pairs) {
        Ok(c) => service::record_consultation(&state.store, &who, None, &c)
            .await
            .map(|_| ()),
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    after(&state, &who, lang, &pairs, result).await
}

#[derive(Template)]
#[template(path = "health/person.html")]
pub struct PersonPage {
    pub nav: Nav,
    pub number: String,
    pub name: String,
    pub checkups: Vec<(String, CheckupRow)>,
    pub consultations: Vec<ConsultationRow>,
    pub returns: Vec<super::return_pages::CaseRow>,
}

pub async fn person(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(number): Path<String>,
) -> PageResult {
    let file = service::person(&state.store, &who, &number)
        .await
        .map_err(|e| PageError(e, lang))?;
    render(
        &PersonPage {
            nav: nav(lang, None, "health", format!("/health/staff/{number}")),
            checkups: file
                .checkups
                .iter()
                .map(|c| {
                    (
                        lang.year(FiscalYear(c.checkup.fiscal_year)),
                        checkup_row(c, lang),
                    )
                })
                .collect(),
            consultations: file
                .consultations
                .iter()
                .map(|c| consultation_row(c, lang))
                .collect(),
            returns: file
                .returns
                .iter()
                .map(|c| super::return_pages::case_row(c, lang))
                .collect(),
            number: file.staff_number,
            name: file.staff_name,
        },
        lang,
    )
}

#[derive(Deserialize)]
pub struct FindQuery {
    #[serde(default)]
    number: String,
}

/// The person-lookup form: to their file.
pub async fn find(Query(q): Query<FindQuery>) -> Response {
    let n = jinzai_domain::people::search_key(q.number.trim());
    match jinzai_domain::people::StaffNumber::parse(&n) {
        Ok(n) => Redirect::to(&format!("/health/staff/{n}")).into_response(),
        Err(_) => Redirect::to("/health").into_response(),
    }
}

/// A month without a meeting, as the pages say it: 令和7年10月（2025年） or
/// 2025-10.
fn month_label(lang: Lang, (y, m): (i32, u32)) -> String {
    let wareki =
        chrono::NaiveDate::from_ymd_opt(y, m, 1).and_then(jinzai_domain::fiscal::to_wareki);
    match (lang, wareki) {
        (Lang::Ja, Some(w)) => format!(
            "{}{}年{m}月（{y}年）",
            w.era.name,
            jinzai_domain::fiscal::era_year_label(w.year)
        ),
        _ => format!("{y}-{m:02}"),
    }
}

/// A meeting as listed.
pub struct MeetingRow {
    pub id: i64,
    pub held_on: String,
    pub attendees: String,
    pub agenda: String,
    pub opinions: String,
    pub measures: String,
}

#[derive(Template)]
#[template(path = "health/committee.html")]
pub struct CommitteePage {
    pub nav: Nav,
    pub meetings: Vec<MeetingRow>,
    pub gaps: Vec<String>,
    /// The meeting being corrected (0: a new one).
    pub editing: i64,
    pub saved: String,
    pub errors: Vec<String>,
    pub form: HashMap<String, String>,
}

impl CommitteePage {
    pub fn val(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }
}

#[derive(Deserialize)]
pub struct CommitteeQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    edit: Option<i64>,
    #[serde(default)]
    saved: Option<String>,
}

async fn committee_of(
    state: &SharedState,
    lang: Lang,
    edit: Option<i64>,
) -> Result<CommitteePage, Failure> {
    let c = service::committee(&state.store).await?;
    let mut form = HashMap::new();
    if let Some(m) = edit.and_then(|id| c.meetings.iter().find(|m| m.id == id)) {
        form.insert("id".to_owned(), m.id.to_string());
        form.insert("held_on".to_owned(), m.meeting.held_on.to_string());
        form.insert("attendees".to_owned(), m.meeting.attendees.join("\n"));
        form.insert("agenda".to_owned(), m.meeting.agenda.clone());
        form.insert("opinions".to_owned(), m.meeting.opinions.clone());
        form.insert("measures".to_owned(), m.meeting.measures.clone());
    }
    Ok(CommitteePage {
        nav: nav(lang, None, "health", "/health/committee".to_owned()),
        meetings: c
            .meetings
            .iter()
            .map(|m| MeetingRow {
                id: m.id,
                held_on: crate::view::date_label(m.meeting.held_on, lang),
                attendees: m.meeting.attendees.join("、"),
                agenda: m.meeting.agenda.clone(),
                opinions: m.meeting.opinions.clone(),
                measures: m.meeting.measures.clone(),
            })
            .collect(),
        gaps: c.gaps.iter().map(|g| month_label(lang, *g)).collect(),
        editing: edit.unwrap_or(0),
        saved: String::new(),
        errors: Vec::new(),
        form,
    })
}

pub async fn committee(
    State(state): State<SharedState>,
    lang: Lang,
    Query(q): Query<CommitteeQuery>,
) -> PageResult {
    let mut page = committee_of(&state, lang, q.edit)
        .await
        .map_err(|e| PageError(e, lang))?;
    if q.saved.is_some() {
        lang.t("saved").clone_into(&mut page.saved);
    }
    render(&page, lang)
}

pub async fn save_meeting(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = pairs
        .iter()
        .find(|(k, _)| k == "id")
        .and_then(|(_, v)| v.trim().parse::<i64>().ok());
    let result = match service::meeting_from_form(&pairs) {
        Ok(m) => service::record_meeting(&state.store, &who, id, &m)
            .await
            .map(|_| ()),
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/health/committee?saved=1").into_response()),
        Err(Failure::Invalid(errors)) => {
            let mut page = committee_of(&state, lang, None)
                .await
                .map_err(|e| PageError(e, lang))?;
            page.errors = crate::i18n::field_lines(lang, "committee", &errors);
            page.editing = id.unwrap_or(0);
            page.form = pairs.iter().cloned().collect();
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(PageError(e, lang)),
    }
}
