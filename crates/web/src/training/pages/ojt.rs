//! Workplace training (職場研修, OJT): each unit's plan for the year and the
//! OJT sessions it held under it. A plan is carried out when the unit held
//! at least the planned number of sessions (measure 計画的な職場研修の実施).
//! HR keeps every unit's; a 所属長 their units'.

use super::form::{field_messages, message_for, refused_page};
use super::session_href;
use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{
    Decision, Permission, Principal, decide, may_manage_unit, may_record_ojt_held,
};
use jinzai_domain::people::UnitCode;
use jinzai_domain::progress::FieldError;
use jinzai_domain::training::TrainingCategory;
use jinzai_service::training::{
    PlanFields, SessionFields, check_held, check_plan_year, check_unit, parse_day, read_plan,
    read_session, unit_name, year_day, year_of,
};
use jinzai_store::{SessionRow, SessionWrite, StoreError};
use serde::Deserialize;

/// An OJT session a unit held, as its line lists it.
pub struct HeldLine {
    /// The roster page (HR).
    pub href: String,
    pub date: String,
    pub title: String,
    /// The link opening it in the session form, when the viewer may change
    /// it (empty otherwise).
    pub change: String,
}

pub struct PlanLine {
    pub unit: String,
    pub unit_name: String,
    pub theme: String,
    pub planned: String,
    pub held: usize,
    pub carried_out: bool,
    pub has_plan: bool,
    pub sessions: Vec<HeldLine>,
}

#[derive(Template)]
#[template(path = "training/ojt.html")]
pub struct OjtPage {
    pub nav: Nav,
    pub year: i32,
    pub year_label: String,
    pub lines: Vec<PlanLine>,
    /// Units with a plan, those that carried it out, those without one.
    pub planned_units: usize,
    pub carried_units: usize,
    pub unplanned_units: usize,
    /// Whether sessions link to their roster (HR).
    pub rosters: bool,
    /// (code, name) of the units the viewer keeps.
    pub units: Vec<(String, String)>,
    /// (code, title) of the catalogue's OJT courses.
    pub courses: Vec<(String, String)>,
    pub plan: PlanFields,
    pub session: SessionFields,
    /// Which form the errors belong to: "plan" or "session".
    pub form: &'static str,
    pub errors: Vec<(String, String)>,
    pub saved: String,
}

impl OjtPage {
    /// An OJT course's title, by code.
    pub fn course_title(&self, code: &str) -> String {
        self.courses
            .iter()
            .find(|c| c.0 == code)
            .map_or_else(|| code.to_owned(), |c| c.1.clone())
    }

    /// "name (code)" of one of the viewer's units.
    pub fn unit_label(&self, code: &str) -> String {
        self.units
            .iter()
            .find(|u| u.0 == code)
            .map_or_else(|| code.to_owned(), |u| format!("{} ({})", u.1, u.0))
    }

    pub fn err(&self, form: &str, field: &str) -> String {
        if form != self.form {
            return String::new();
        }
        message_for(&self.errors, field)
    }
}

#[derive(Default, Deserialize)]
pub struct OjtQuery {
    pub year: Option<i32>,
    /// The unit whose plan the form opens with.
    pub unit: Option<String>,
    pub saved: Option<String>,
    /// A session to change in the session form: "course@first day".
    pub change: Option<String>,
}

/// A refused form, shown again with its values and errors.
#[derive(Default)]
struct Refused {
    plan: Option<PlanFields>,
    session: Option<SessionFields>,
    errors: Vec<FieldError>,
}

async fn build(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: FiscalYear,
    q: &OjtQuery,
    refused: Refused,
) -> Result<OjtPage, Failure> {
    let (unit, saved) = (q.unit.as_deref(), q.saved.as_deref());
    let store = &state.store;
    let this_year = state.clock().fiscal_year().0;
    let all_units = store.units().await?;
    let on = year_day(year, state.clock());
    let mut kept: Vec<(UnitCode, String)> = jinzai_domain::people::unit::as_of(&all_units, on)
        .into_iter()
        .filter(|u| may_manage_unit(who, &u.code))
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect();
    kept.sort();
    let plans = store.ojt_plans(year).await?;
    let sessions: Vec<SessionRow> = store
        .sessions(Some(year), None)
        .await?
        .into_iter()
        .filter(|s| s.category == TrainingCategory::Ojt)
        .collect();
    // Every unit the viewer keeps (one without a plan shows as such), and
    // units since gone that had a plan or a session that year.
    let mut codes: Vec<UnitCode> = kept
        .iter()
        .map(|u| u.0.clone())
        .chain(plans.iter().map(|p| p.plan.unit_code.clone()))
        .chain(sessions.iter().filter_map(|s| s.session.unit_code.clone()))
        .filter(|c| may_manage_unit(who, c))
        .collect();
    codes.sort();
    codes.dedup();
    let lines: Vec<PlanLine> = codes
        .into_iter()
        .map(|code| {
            let plan = plans.iter().find(|p| p.plan.unit_code == code);
            let held: Vec<HeldLine> = sessions
                .iter()
                .filter(|s| s.session.unit_code.as_deref() == Some(code.as_str()))
                .map(|s| HeldLine {
                    href: session_href(&s.session),
                    date: s.session.start.to_string(),
                    title: s.title.clone(),
                    change: if may_record_ojt_held(
                        who,
                        FiscalYear::containing(s.session.start).0,
                        this_year,
                    ) {
                        format!(
                            "/training/ojt?year={}&unit={code}&change={}@{}#session-h",
                            year.0, s.session.course_code, s.session.start
                        )
                    } else {
                        String::new()
                    },
                })
                .collect();
            PlanLine {
                unit_name: unit_name(&all_units, &code, year, state.clock()),
                theme: plan.map(|p| p.plan.theme.clone()).unwrap_or_default(),
                planned: plan
                    .map(|p| p.plan.planned_sessions.to_string())
                    .unwrap_or_default(),
                carried_out: plan.is_some_and(|p| p.carried_out()),
                has_plan: plan.is_some(),
                held: held.len(),
                sessions: held,
                unit: code.into_string(),
            }
        })
        .collect();
    let planned_units = lines.iter().filter(|l| l.has_plan).count();
    let carried_units = lines.iter().filter(|l| l.carried_out).count();
    let courses = store
        .courses()
        .await?
        .into_iter()
        .filter(|c| c.category == TrainingCategory::Ojt)
        .map(|c| (c.code, c.title))
        .collect();
    let chosen = unit
        .filter(|u| may_manage_unit(who, u))
        .map(str::to_owned)
        .or_else(|| kept.first().map(|u| u.0.to_string()))
        .unwrap_or_default();
    let form = if refused.session.is_some() {
        "session"
    } else {
        "plan"
    };
    let plan = refused.plan.unwrap_or_else(|| {
        let stored = plans.iter().find(|p| p.plan.unit_code == chosen);
        PlanFields {
            unit: chosen.clone(),
            year: year.0.to_string(),
            theme: stored.map(|p| p.plan.theme.clone()).unwrap_or_default(),
            planned_sessions: stored
                .map(|p| p.plan.planned_sessions.to_string())
                .unwrap_or_default(),
            note: stored.and_then(|p| p.plan.note.clone()).unwrap_or_default(),
        }
    });
    // The session form: what was refused, a session opened to change it,
    // or an empty one for the chosen unit.
    let opened = q.change.as_deref().and_then(|key| {
        sessions.iter().find(|s| {
            format!("{}@{}", s.session.course_code, s.session.start) == key
                && s.session
                    .unit_code
                    .as_deref()
                    .is_some_and(|u| may_manage_unit(who, u))
        })
    });
    let session = match (refused.session, opened) {
        (Some(refused), _) => refused,
        (None, Some(s)) => SessionFields::of(&s.session),
        (None, None) => SessionFields {
            unit: chosen,
            ..SessionFields::default()
        },
    };
    let saved = match saved {
        Some("plan") => lang.t("ojt_saved_plan"),
        Some("session") => lang.t("ojt_saved_session"),
        _ => "",
    };
    Ok(OjtPage {
        nav: Nav {
            sample: state.demo,
            ..nav(
                lang,
                None,
                "training",
                format!("/training/ojt?year={}", year.0),
            )
        },
        year: year.0,
        year_label: lang.year(year),
        planned_units,
        carried_units,
        unplanned_units: lines.len() - planned_units,
        lines,
        rosters: decide(who, Permission::ManageTraining) == Decision::Allow,
        units: kept
            .into_iter()
            .map(|(code, name)| (code.into_string(), name))
            .collect(),
        courses,
        plan,
        session,
        form,
        errors: field_messages(&refused.errors, lang),
        saved: saved.to_owned(),
    })
}

/// The year's OJT plans of the viewer's units with the sessions held, and
/// the forms to record a plan and a session.
pub async fn page(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<OjtQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let year = year_of(q.year, state.clock()).map_err(fail)?;
    let page = build(&state, &who, lang, year, &q, Refused::default())
        .await
        .map_err(fail)?;
    render(&page, lang)
}

async fn unprocessable(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: FiscalYear,
    refused: Refused,
) -> Result<Response, PageError> {
    let page = build(state, who, lang, year, &OjtQuery::default(), refused)
        .await
        .map_err(|e| PageError(e, lang))?;
    refused_page(&page, lang)
}

/// Records (or changes) a unit's plan for a year.
pub async fn save_plan(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(fields): Form<PlanFields>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    check_unit(&who, fields.unit.trim()).map_err(fail)?;
    let shown = year_of(fields.year.trim().parse().ok(), state.clock()).map_err(fail)?;
    let result = match read_plan(&fields)
        .and_then(|p| check_plan_year(&who, &p, state.clock()).map(|()| p))
    {
        Ok(plan) => state
            .store
            .save_ojt_plan(&plan, &who.actor())
            .await
            .map(|_| plan),
        Err(errors) => Err(StoreError::Refused(errors)),
    };
    match result {
        Ok(plan) => Ok(Redirect::to(&format!(
            "/training/ojt?year={}&unit={}&saved=plan",
            plan.fiscal_year, plan.unit_code
        ))
        .into_response()),
        Err(StoreError::Refused(errors)) => {
            let refused = Refused {
                plan: Some(fields),
                errors,
                ..Refused::default()
            };
            unprocessable(&state, &who, lang, shown, refused).await
        }
        Err(e) => Err(fail(e.into())),
    }
}

/// Records an OJT session a unit held.
pub async fn save_session(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(fields): Form<SessionFields>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    check_unit(&who, fields.unit.trim()).map_err(fail)?;
    let courses = state.store.courses().await.map_err(|e| fail(e.into()))?;
    let today = state.clock().today();
    let shown = parse_day("start", &fields.start)
        .ok()
        .flatten()
        .map_or_else(|| FiscalYear::containing(today), FiscalYear::containing);
    let read = read_session(&fields, &courses, Some(TrainingCategory::Ojt))
        .and_then(|session| check_held(&who, &session, state.clock()).map(|()| session));
    let how = SessionWrite {
        replace: fields.editing(),
        unit: Some(fields.unit.trim()),
    };
    let result = match read {
        Ok(session) => state
            .store
            .save_session(&session, how, &who.actor())
            .await
            .map(|_| session),
        Err(errors) => Err(StoreError::Refused(errors)),
    };
    match result {
        Ok(session) => Ok(Redirect::to(&format!(
            "/training/ojt?year={}&unit={}&saved=session",
            FiscalYear::containing(session.start).0,
            fields.unit.trim()
        ))
        .into_response()),
        Err(StoreError::Refused(errors)) => {
            let refused = Refused {
                session: Some(fields),
                errors,
                ..Refused::default()
            };
            unprocessable(&state, &who, lang, shown, refused).await
        }
        Err(e) => Err(fail(e.into())),
    }
}
