//! 希望降任's pages: the year's page (the window, one's own requests and the
//! request form; for HR and the reviewers the year's requests and the
//! re-promotion reviews due; for HR the window form) and one request (its
//! reason and circumstances, the decision form, withdrawal, its reviews).

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
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::demotion::{REASONS, REVIEW_OUTCOMES, STATUSES, grade_rank};
use jinzai_domain::people::codes::{Coded, JOB_GRADES};
use jinzai_service::demotion as service;
use jinzai_service::training::year_of;
use jinzai_store::demotion::StoredRequest;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct YearQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    year: Option<i32>,
    #[serde(default)]
    saved: Option<String>,
}

/// The grades below `from` (all grades when it is unknown), highest
/// first, as choices.
fn grades_below(lang: Lang, from: Option<&str>) -> Vec<(&'static str, String)> {
    let top = from.and_then(grade_rank).unwrap_or(0);
    let mut list: Vec<(&'static str, String)> =
        lang.choices(&JOB_GRADES).into_iter().take(top).collect();
    list.reverse();
    list
}

/// A request as a table row or the request page shows it.
pub struct RequestRow {
    pub id: i64,
    pub year: i32,
    pub year_label: String,
    pub number: String,
    pub name: String,
    pub requested_on: String,
    pub from_grade: String,
    pub reason: String,
    pub status: String,
    pub to_grade: String,
    pub effective_on: String,
    pub taken_effect: bool,
}

fn row(lang: Lang, r: &StoredRequest) -> RequestRow {
    let grade = |g: &Option<String>| {
        g.as_deref()
            .map(|g| lang.label(&JOB_GRADES, g))
            .unwrap_or_default()
    };
    RequestRow {
        id: r.id,
        year: r.fiscal_year,
        year_label: lang.year(FiscalYear(r.fiscal_year)),
        number: r.staff_number.to_string(),
        name: r.name.clone(),
        requested_on: date_label(r.requested_on, lang),
        from_grade: grade(&r.from_grade),
        reason: lang.label(&REASONS, r.request.reason.code()),
        status: lang.label(&STATUSES, r.status.code()),
        to_grade: grade(&r.to_grade),
        effective_on: r
            .effective_on
            .map(|d| date_label(d, lang))
            .unwrap_or_default(),
        taken_effect: r.taken_effect,
    }
}

/// A re-promotion review due, as a row with its form.
pub struct DueRow {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub grades: String,
    pub effective_on: String,
    pub last: String,
}

/// The window as the page states it.
pub struct WindowFacts {
    pub dates: String,
    pub effective_on: String,
    pub reviewers: String,
    pub open_now: bool,
}

#[derive(Template)]
#[template(path = "demotion/index.html")]
pub struct IndexPage {
    pub nav: Nav,
    pub year: i32,
    pub year_label: String,
    pub saved: String,
    pub errors: Vec<String>,
    pub window: Option<WindowFacts>,
    pub manage: bool,
    /// The window form: opens, closes, effective, reviewers.
    pub w_form: [String; 4],
    pub open_window_form: bool,
    pub own: bool,
    pub mine: Vec<RequestRow>,
    pub can_request: bool,
    pub reasons: Vec<(&'static str, String)>,
    pub grades: Vec<(&'static str, String)>,
    /// The request form as typed: reason, details, wished grade.
    pub typed: [String; 3],
    pub reviewer: bool,
    pub requests: Vec<RequestRow>,
    pub due: Vec<DueRow>,
    pub outcomes: Vec<(&'static str, String)>,
    /// HR: approved demotions whose day has come, not yet events.
    pub to_take: usize,
}

async fn index_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: i32,
) -> Result<IndexPage, Failure> {
    let store = &state.store;
    let today = state.clock().today();
    let w = store.demotion_window(year).await?;
    let mine = service::mine(store, who).await?;
    let reviewer = w.as_ref().is_some_and(|w| service::reviews(who, &w.window));
    let requests = match &w {
        Some(_) if reviewer => service::requests(store, who, year).await?,
        _ => Vec::new(),
    };
    let reviews_any = service::reviews_any(store, who).await?;
    let due = if reviews_any {
        service::due_reviews(store, who).await?
    } else {
        Vec::new()
    };
    let this_year_request = mine.iter().find(|r| r.fiscal_year == year);
    let open_now = w.as_ref().is_some_and(|w| w.window.open_on(today));
    let from = match &who.staff_number {
        Some(me) => store.grade_on(me, today).await?,
        None => None,
    };
    let manage = who.has(Role::Hr);
    let grade = |g: &Option<String>| {
        g.as_deref()
            .map(|g| lang.label(&JOB_GRADES, g))
            .unwrap_or_default()
    };
    // Reviewers by name (HR and the reviewers only see the line).
    let mut reviewers = Vec::new();
    if let Some(w) = &w
        && (manage || reviewer)
    {
        for login in &w.window.reviewers {
            reviewers.push(match store.user_by_login(login).await? {
                Some(u) => format!("{}（{login}）", u.display_name),
                None => login.clone(),
            });
        }
    }
    Ok(IndexPage {
        nav: nav(lang, None, "demotion", format!("/demotion?year={year}")),
        year,
        year_label: lang.year(FiscalYear(year)),
        saved: String::new(),
        errors: Vec::new(),
        window: w.as_ref().map(|w| WindowFacts {
            dates: format!(
                "{} – {}",
                date_label(w.window.opens_on, lang),
                date_label(w.window.closes_on, lang)
            ),
            effective_on: date_label(w.window.effective_on, lang),
            reviewers: reviewers.join("、"),
            open_now,
        }),
        manage,
        w_form: match &w {
            Some(w) => [
                w.window.opens_on.to_string(),
                w.window.closes_on.to_string(),
                w.window.effective_on.to_string(),
                w.window.reviewers.join(", "),
            ],
            None => [
                String::new(),
                String::new(),
                jinzai_domain::demotion::next_april(year).to_string(),
                String::new(),
            ],
        },
        open_window_form: manage && w.is_none(),
        own: who.staff_number.is_some(),
        can_request: who.staff_number.is_some()
            && open_now
            && this_year_request.is_none_or(|r| r.status.open() || r.withdrawn_on.is_some()),
        typed: match this_year_request.filter(|r| r.status.open()) {
            Some(r) => [
                r.request.reason.code().to_owned(),
                r.request.details.clone(),
                r.request.wished_grade.clone().unwrap_or_default(),
            ],
            None => Default::default(),
        },
        mine: mine.iter().map(|r| row(lang, r)).collect(),
        reasons: lang.choices(&REASONS),
        grades: grades_below(lang, from.as_deref()),
        reviewer,
        requests: requests.iter().map(|r| row(lang, r)).collect(),
        due: due
            .iter()
            .map(|d| DueRow {
                id: d.request_id,
                number: d.staff_number.to_string(),
                name: d.name.clone(),
                grades: format!("{} → {}", grade(&d.from_grade), grade(&d.to_grade)),
                effective_on: date_label(d.effective_on, lang),
                last: d
                    .last
                    .as_ref()
                    .map(|v| {
                        format!(
                            "{} {}",
                            lang.year(FiscalYear(v.fiscal_year)),
                            lang.label(&REVIEW_OUTCOMES, v.outcome.code())
                        )
                    })
                    .unwrap_or_default(),
            })
            .collect(),
        outcomes: lang.choices(&REVIEW_OUTCOMES),
        to_take: if manage {
            store.demotions_due(today).await?.len()
        } else {
            0
        },
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
        Some("requested") => lang.t("demotion_requested_banner").to_owned(),
        Some("withdrawn") => lang.t("demotion_withdrawn_banner").to_owned(),
        Some("taken") => lang.t("demotion_taken_banner").to_owned(),
        Some(_) => lang.t("saved").to_owned(),
    };
    render(&page, lang)
}

/// The year's page again (422) with what was refused.
async fn index_refused(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: i32,
    edit: impl FnOnce(&mut IndexPage),
) -> Result<Response, PageError> {
    let mut page = index_of(state, who, lang, year)
        .await
        .map_err(|e| PageError(e, lang))?;
    edit(&mut page);
    crate::http::refused_page(&page, lang)
}

fn get(pairs: &[(String, String)], k: &str) -> String {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

pub async fn request(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let year = match get(&pairs, "fiscal_year").parse::<i32>() {
        Ok(y) => y,
        Err(_) => state.clock().fiscal_year().0,
    };
    let result = match service::request_from_form(&pairs) {
        Ok(r) => service::request(&state.store, &who, year, &r).await,
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    match result {
        Ok(_) => {
            Ok(Redirect::to(&format!("/demotion?year={year}&saved=requested")).into_response())
        }
        Err(Failure::Invalid(errors)) => {
            index_refused(&state, &who, lang, year, |page| {
                page.errors = lang.say_each(&errors);
                page.typed = [
                    get(&pairs, "reason"),
                    get(&pairs, "details"),
                    get(&pairs, "wished_grade"),
                ];
            })
            .await
        }
        Err(e) => Err(fail(e)),
    }
}

pub async fn window(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let result = match service::window_from_form(&pairs) {
        Ok(w) => service::open_window(&state.store, &who, &w).await,
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    match result {
        Ok(w) => Ok(Redirect::to(&format!(
            "/demotion?year={}&saved=window",
            w.window.fiscal_year
        ))
        .into_response()),
        Err(Failure::Invalid(errors)) => {
            let year = get(&pairs, "fiscal_year")
                .parse()
                .unwrap_or_else(|_| state.clock().fiscal_year().0);
            index_refused(&state, &who, lang, year, |page| {
                page.errors = lang.say_each(&errors);
                page.w_form = [
                    get(&pairs, "opens_on"),
                    get(&pairs, "closes_on"),
                    get(&pairs, "effective_on"),
                    get(&pairs, "reviewers"),
                ];
                page.open_window_form = true;
            })
            .await
        }
        Err(e) => Err(fail(e)),
    }
}

pub async fn take_effect(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
) -> Result<Response, PageError> {
    service::take_effect(&state.store, &who.actor())
        .await
        .map_err(|e| PageError(e, lang))?;
    let year = state.clock().fiscal_year().0;
    Ok(Redirect::to(&format!("/demotion?year={year}&saved=taken")).into_response())
}

#[derive(Template)]
#[template(path = "demotion/request.html")]
pub struct RequestPage {
    pub nav: Nav,
    pub saved: String,
    pub errors: Vec<String>,
    pub r: RequestRow,
    pub details: String,
    pub wished: String,
    pub withdrawn_on: String,
    pub decided: String,
    pub note: String,
    pub may_decide: bool,
    pub may_withdraw: bool,
    /// The decision form: grades below the one held, the default grade and
    /// day.
    pub grades: Vec<(&'static str, String)>,
    pub default_grade: String,
    pub default_day: String,
    /// (year, day, outcome, note, by)
    pub reviews: Vec<[String; 5]>,
}

async fn request_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    id: i64,
) -> Result<RequestPage, Failure> {
    let v = service::read(&state.store, who, id).await?;
    let r = &v.request;
    let window = state.store.demotion_window(r.fiscal_year).await?;
    let grade = |g: &str| lang.label(&JOB_GRADES, g);
    Ok(RequestPage {
        nav: nav(lang, None, "demotion", format!("/demotion/requests/{id}")),
        saved: String::new(),
        errors: Vec::new(),
        details: r.request.details.clone(),
        wished: r
            .request
            .wished_grade
            .as_deref()
            .map(grade)
            .unwrap_or_else(|| lang.t("demotion_one_down").to_owned()),
        withdrawn_on: r
            .withdrawn_on
            .map(|d| date_label(d, lang))
            .unwrap_or_default(),
        decided: match (r.decided_on, &r.decided_by) {
            (Some(d), Some(by)) => format!("{}（{by}）", date_label(d, lang)),
            (Some(d), None) => date_label(d, lang),
            _ => String::new(),
        },
        note: r.decision_note.clone().unwrap_or_default(),
        may_decide: v.may_decide,
        may_withdraw: v.may_withdraw,
        grades: grades_below(lang, r.from_grade.as_deref()),
        default_grade: r
            .request
            .target(r.from_grade.as_deref())
            .unwrap_or_default(),
        default_day: window
            .map(|w| w.window.effective_on.to_string())
            .unwrap_or_default(),
        reviews: v
            .reviews
            .iter()
            .map(|x| {
                [
                    lang.year(FiscalYear(x.fiscal_year)),
                    date_label(x.reviewed_on, lang),
                    lang.label(&REVIEW_OUTCOMES, x.outcome.code()),
                    x.note.clone().unwrap_or_default(),
                    x.reviewed_by.clone(),
                ]
            })
            .collect(),
        r: row(lang, r),
    })
}

pub async fn show(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let mut page = request_of(&state, &who, lang, id)
        .await
        .map_err(|e| PageError(e, lang))?;
    if q.saved.is_some() {
        lang.t("saved").clone_into(&mut page.saved);
    }
    render(&page, lang)
}

/// After a change on the request page: back to it, or the page again
/// (422) with what was refused.
async fn after_change<T>(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    id: i64,
    result: Result<T, Failure>,
) -> Result<Response, PageError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/demotion/requests/{id}?saved=1")).into_response()),
        Err(Failure::Invalid(errors)) => {
            let mut page = request_of(state, who, lang, id)
                .await
                .map_err(|e| PageError(e, lang))?;
            page.errors = lang.say_each(&errors);
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(PageError(e, lang)),
    }
}

pub async fn withdraw(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let r = service::withdraw(&state.store, &who, id).await;
    after_change(&state, &who, lang, id, r).await
}

pub async fn decide(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let r = match service::decision_from_form(&pairs) {
        Ok(d) => service::decide(&state.store, &who, id, &d).await,
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    after_change(&state, &who, lang, id, r).await
}

pub async fn review(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let note = Some(get(&pairs, "note").trim().to_owned()).filter(|n| !n.is_empty());
    let r = match service::outcome_from_form(&get(&pairs, "outcome")) {
        Ok(o) => service::review(&state.store, &who, id, o, note).await,
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    after_change(&state, &who, lang, id, r).await
}
