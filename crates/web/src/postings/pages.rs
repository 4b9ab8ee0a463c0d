//! 職員公募's pages: the year's postings (each staff member's eligibility
//! and application; HR's posting form and each posting's tally) and one
//! posting's applicants (HR: motivations and the selection; a 所属長:
//! their members' applications where the posting allows).

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use crate::view::date_label;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::FiscalYear;
use jinzai_domain::access::Principal;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::{Coded, EMPLOYMENT_TYPES, JOB_GRADES};
use jinzai_domain::postings::{APPLICATION_STATUSES, POSTING_KINDS, PostingKind};
use jinzai_service::postings as service;
use jinzai_service::training::year_of;
use jinzai_store::postings::StoredPosting;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct YearQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    year: Option<i32>,
    #[serde(default)]
    saved: Option<String>,
}

/// A posting as a card states it.
pub struct Facts {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub unit: String,
    pub duties: String,
    pub slots: u32,
    pub window: String,
    /// "2013-04-01 – 2014-03-31" (a team) or "2013-04-01".
    pub term: String,
    /// The rules in words.
    pub rules: Vec<String>,
    pub confidential: bool,
}

/// The name of a posting's unit on the day the assignment starts, with its
/// code.
async fn unit_name(state: &SharedState, p: &StoredPosting) -> Result<String, Failure> {
    let x = &p.posting;
    Ok(state
        .store
        .units()
        .await?
        .into_iter()
        .find(|u| u.code == x.unit_code && u.valid_on(x.starts_on))
        .map_or_else(
            || x.unit_code.to_string(),
            |u| format!("{}（{}）", u.name, u.code),
        ))
}

fn facts(lang: Lang, p: &StoredPosting, unit: String) -> Facts {
    let x = &p.posting;
    let el = &x.eligibility;
    let mut rules = Vec::new();
    let names = |list: &jinzai_domain::people::codes::CodeList, codes: &[String]| -> String {
        codes
            .iter()
            .map(|c| lang.label(list, c))
            .collect::<Vec<_>>()
            .join("・")
    };
    if !el.grades.is_empty() {
        rules.push(names(&JOB_GRADES, &el.grades));
    }
    if !el.employment_types.is_empty() {
        rules.push(names(&EMPLOYMENT_TYPES, &el.employment_types));
    }
    if el.min_years_of_service > 0 {
        rules.push(
            lang.say(
                &Message::new("exams_rule_words_service").arg("years", el.min_years_of_service),
            ),
        );
    }
    if el.min_years_in_post > 0 {
        rules.push(
            lang.say(
                &Message::new("postings_rule_words_in_post").arg("years", el.min_years_in_post),
            ),
        );
    }
    Facts {
        id: p.id,
        title: x.title.clone(),
        kind: lang.label(&POSTING_KINDS, x.kind.code()),
        unit: match &x.post {
            Some(post) => format!("{unit} {post}"),
            None => unit,
        },
        duties: x.duties.clone(),
        slots: x.slots,
        window: format!(
            "{} – {}",
            date_label(x.opens_on, lang),
            date_label(x.closes_on, lang)
        ),
        term: match x.ends_on {
            Some(end) => format!(
                "{} – {}",
                date_label(x.starts_on, lang),
                date_label(end, lang)
            ),
            None => date_label(x.starts_on, lang),
        },
        rules,
        confidential: x.confidential,
    }
}

/// A posting as one staff member sees it.
pub struct OfferView {
    pub facts: Facts,
    pub open: bool,
    pub eligible: bool,
    pub reason: String,
    /// Their application's status (empty: none).
    pub state: String,
    pub can_apply: bool,
    pub can_withdraw: bool,
    /// HR: applicants and those selected.
    pub tally: Option<(usize, usize)>,
}

/// The posting form's values as typed.
#[derive(Default)]
pub struct PostingForm {
    pub values: std::collections::HashMap<String, String>,
    pub grades: Vec<String>,
    pub types: Vec<String>,
}

impl PostingForm {
    pub fn val(&self, k: &str) -> &str {
        self.values.get(k).map_or("", String::as_str)
    }

    fn typed(pairs: &[(String, String)]) -> PostingForm {
        let mut f = PostingForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "grades" => f.grades.push(v.clone()),
                "employment_types" => f.types.push(v.clone()),
                _ => {
                    f.values.insert(k.clone(), v.clone());
                }
            }
        }
        f
    }
}

#[derive(Template)]
#[template(path = "postings/index.html")]
pub struct IndexPage {
    pub nav: Nav,
    pub year: i32,
    pub year_label: String,
    pub saved: String,
    pub errors: Vec<String>,
    pub manage: bool,
    pub own: bool,
    pub offers: Vec<OfferView>,
    pub form: PostingForm,
    pub open_form: bool,
    pub kinds: Vec<(&'static str, String)>,
    pub grade_choices: Vec<(&'static str, String)>,
    pub type_choices: Vec<(&'static str, String)>,
}

async fn index_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: i32,
) -> Result<IndexPage, Failure> {
    let offers = service::offers(&state.store, who, year).await?;
    let manage = service::manages(who);
    let tallies = if manage {
        service::tallies(&state.store, year).await?
    } else {
        Vec::new()
    };
    let mut units = Vec::with_capacity(offers.len());
    for o in &offers {
        units.push(unit_name(state, &o.posting).await?);
    }
    let mut form = PostingForm::default();
    form.values.insert("fiscal_year".into(), year.to_string());
    form.values.insert("slots".into(), "1".into());
    form.values.insert("confidential".into(), "1".into());
    Ok(IndexPage {
        nav: nav(lang, None, "postings", format!("/postings?year={year}")),
        year,
        year_label: lang.year(FiscalYear(year)),
        saved: String::new(),
        errors: Vec::new(),
        manage,
        own: who.staff_number.is_some(),
        offers: offers
            .iter()
            .zip(units)
            .map(|(o, unit)| {
                let status = o.application.as_ref().map(|a| a.status);
                OfferView {
                    facts: facts(lang, &o.posting, unit),
                    open: o.open,
                    eligible: o.ineligible.is_none(),
                    reason: o
                        .ineligible
                        .as_ref()
                        .map(|m| lang.say(m))
                        .unwrap_or_default(),
                    state: status
                        .map(|s| lang.label(&APPLICATION_STATUSES, s.code()))
                        .unwrap_or_default(),
                    can_apply: o.open
                        && o.ineligible.is_none()
                        && status.is_none_or(|s| {
                            s == jinzai_domain::postings::ApplicationStatus::Withdrawn
                        }),
                    can_withdraw: o.open && status.is_some_and(|s| s.open()),
                    tally: tallies
                        .iter()
                        .find(|t| t.posting_id == o.posting.id)
                        .map(|t| (t.applied, t.selected)),
                }
            })
            .collect(),
        form,
        open_form: false,
        kinds: lang.choices(&POSTING_KINDS),
        grade_choices: lang.choices(&JOB_GRADES),
        type_choices: lang.choices(&EMPLOYMENT_TYPES),
    })
}

pub async fn index(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let year = year_of(q.year, state.clock()).map_err(fail)?.0;
    let mut page = index_of(&state, &who, lang, year).await.map_err(fail)?;
    page.saved = match q.saved.as_deref() {
        None => String::new(),
        Some("applied") => lang.t("postings_applied_banner").to_owned(),
        Some("withdrawn") => lang.t("postings_withdrawn_banner").to_owned(),
        Some(_) => lang.t("saved").to_owned(),
    };
    render(&page, lang)
}

fn get(pairs: &[(String, String)], k: &str) -> String {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

pub async fn save(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let result = match service::posting_from_form(&pairs) {
        Ok(p) => service::save(&state.store, &who, None, &p).await,
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    match result {
        Ok(p) => Ok(Redirect::to(&format!("/postings/{}?saved=1", p.id)).into_response()),
        Err(Failure::Invalid(errors)) => {
            let year = get(&pairs, "fiscal_year")
                .parse()
                .unwrap_or_else(|_| state.clock().fiscal_year().0);
            let mut page = index_of(&state, &who, lang, year).await.map_err(fail)?;
            page.errors = lang.say_each(&errors);
            page.form = PostingForm::typed(&pairs);
            page.open_form = true;
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(fail(e)),
    }
}

/// An applicant as the posting page lists them.
pub struct ApplicantRow {
    pub number: String,
    pub name: String,
    pub applied_on: String,
    pub status: String,
    pub motivation: String,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "postings/posting.html")]
pub struct PostingPage {
    pub nav: Nav,
    pub saved: String,
    pub errors: Vec<String>,
    pub facts: Facts,
    pub year: i32,
    pub manage: bool,
    pub team: bool,
    pub rows: Vec<ApplicantRow>,
}

async fn posting_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    id: i64,
) -> Result<PostingPage, Failure> {
    let (p, list) = service::applications(&state.store, who, id).await?;
    let unit = unit_name(state, &p).await?;
    Ok(PostingPage {
        nav: nav(lang, None, "postings", format!("/postings/{id}")),
        saved: String::new(),
        errors: Vec::new(),
        facts: facts(lang, &p, unit),
        year: p.posting.fiscal_year,
        manage: service::manages(who),
        team: p.posting.kind == PostingKind::ProjectTeam,
        rows: list
            .iter()
            .map(|a| ApplicantRow {
                number: a.staff_number.to_string(),
                name: a.name.clone(),
                applied_on: date_label(a.applied_on, lang),
                status: lang.label(&APPLICATION_STATUSES, a.status.code()),
                motivation: a.motivation.clone().unwrap_or_default(),
                open: a.status.open(),
            })
            .collect(),
    })
}

pub async fn show(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let mut page = posting_of(&state, &who, lang, id)
        .await
        .map_err(|e| PageError(e, lang))?;
    if q.saved.is_some() {
        lang.t("saved").clone_into(&mut page.saved);
    }
    render(&page, lang)
}

/// Back to the year's page after applying or withdrawing, or that page
/// again (422) naming what was refused.
async fn after_application<T>(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    id: i64,
    (banner, result): (&str, Result<T, Failure>),
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let year = service::posting(&state.store, id)
        .await
        .map_err(fail)?
        .posting
        .fiscal_year;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/postings?year={year}&saved={banner}")).into_response()),
        Err(Failure::Invalid(errors)) => {
            let mut page = index_of(state, who, lang, year).await.map_err(fail)?;
            page.errors = lang.say_each(&errors);
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(fail(e)),
    }
}

pub async fn apply(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let motivation = get(&pairs, "motivation");
    let r = service::apply(&state.store, &who, id, Some(&motivation), None).await;
    after_application(&state, &who, lang, id, ("applied", r)).await
}

pub async fn withdraw(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let r = service::withdraw(&state.store, &who, id, None).await;
    after_application(&state, &who, lang, id, ("withdrawn", r)).await
}

pub async fn decide(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((id, number)): Path<(i64, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let selected = get(&pairs, "selected") == "true";
    match service::decide(&state.store, &who, id, &number, selected).await {
        Ok(_) => Ok(Redirect::to(&format!("/postings/{id}?saved=1")).into_response()),
        Err(Failure::Invalid(errors)) => {
            let mut page = posting_of(&state, &who, lang, id)
                .await
                .map_err(|e| PageError(e, lang))?;
            page.errors = errors
                .iter()
                .map(|e| format!("{number}: {}", lang.say(&e.message)))
                .collect();
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(PageError(e, lang)),
    }
}
