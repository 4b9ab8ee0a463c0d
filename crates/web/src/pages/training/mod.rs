//! Training screens. This module: the year's catalogue and sessions with
//! what staff asked for beside what was offered, OJT plans and the unit
//! summary (no names). Beside it: a course of the catalogue (`course`), a
//! session with its roster (`session`),
//! self-development support (`self_development`), the units' OJT plans
//! (`ojt`) and what their forms share (`form`).

pub(crate) mod course;
pub(crate) mod form;
pub(crate) mod ojt;
pub(crate) mod self_development;
pub(crate) mod session;

use super::Nav;
use super::people::code_label;
use super::plan::{PageResult, nav, render};
use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::i18n::Lang;
use askama::Template;
use axum::extract::{Query, State};
use chrono::NaiveDate;
use jinzai_domain::Clock;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Decision, Permission, decide};
use jinzai_domain::grade::fmt_num;
use jinzai_domain::people::codes::CodeList;
use jinzai_domain::people::unit::UnitVersion;
use jinzai_domain::training::{TRAINING_CATEGORIES, TRAINING_TOPICS};
use jinzai_store::{NeedsLine, OjtPlanRow, SessionRow, UnitTraining};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct YearQuery {
    pub year: Option<i32>,
}

/// The fiscal year asked for, or the current one.
pub fn year_of(q: Option<i32>, clock: Clock) -> Result<FiscalYear, Failure> {
    let year = q.map_or_else(|| clock.fiscal_year(), FiscalYear);
    if !(1900..=2200).contains(&year.0) {
        return Err(Failure::BadRequest {
            code: "bad_year",
            message: format!("fiscal year {} is not plausible", year.0),
        });
    }
    Ok(year)
}

pub struct SessionLine {
    pub href: String,
    pub title: String,
    pub category: String,
    pub dates: String,
    pub place: String,
    pub applicants: i64,
    pub took_part: i64,
}

pub struct CourseLine {
    pub code: String,
    pub title: String,
    pub category: String,
    pub provider: String,
    pub topics: String,
    pub hours: String,
}

#[derive(Template)]
#[template(path = "training.html")]
pub struct TrainingPage {
    pub nav: Nav,
    pub year_label: String,
    pub prev: i32,
    pub next: i32,
    pub may_manage: bool,
    pub may_apply: bool,
    pub may_plan_ojt: bool,
    pub sessions: Vec<SessionLine>,
    pub courses: Vec<CourseLine>,
    pub needs: Vec<(String, NeedsLine)>,
    pub ojt: Vec<(String, OjtPlanRow)>,
    pub units: Vec<(String, UnitTraining)>,
}

fn labels(list: &CodeList, codes: &[String], lang: Lang) -> String {
    codes
        .iter()
        .map(|c| code_label(list, c, lang))
        .collect::<Vec<_>>()
        .join("・")
}

/// The day a year's organisation is read on: its last day, or today while
/// it runs.
pub fn year_day(year: FiscalYear, clock: Clock) -> NaiveDate {
    let today = clock.today();
    year.end().unwrap_or(today).min(today)
}

/// A unit's name in `year` (the version valid then, else the latest).
pub fn unit_name(units: &[UnitVersion], code: &str, year: FiscalYear, clock: Clock) -> String {
    let on = year_day(year, clock);
    units
        .iter()
        .filter(|u| u.code == code)
        .min_by_key(|u| (!u.valid_on(on), std::cmp::Reverse(u.valid_from)))
        .map_or_else(|| code.to_owned(), |u| u.name.clone())
}

pub fn session_href(s: &jinzai_domain::training::TrainingSession) -> String {
    format!("/training/sessions/{}/{}", s.course_code, s.start)
}

pub fn session_line(r: SessionRow, lang: Lang) -> SessionLine {
    SessionLine {
        href: session_href(&r.session),
        dates: match r.session.end {
            Some(e) if e != r.session.start => format!("{}〜{e}", r.session.start),
            _ => r.session.start.to_string(),
        },
        place: r.session.place.clone().unwrap_or_default(),
        title: r.title,
        category: code_label(&TRAINING_CATEGORIES, &r.category, lang),
        applicants: r.applicants,
        took_part: r.took_part,
    }
}

/// The year's training: sessions, the catalogue, needs beside the offer,
/// OJT plans and training per unit. No names: everyone signed in.
pub async fn page(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let year = year_of(q.year, state.clock()).map_err(fail)?;
    let store = &state.store;
    let db = |e: jinzai_store::StoreError| fail(e.into());
    let sessions = store.sessions(Some(year), None).await.map_err(db)?;
    let courses = store.courses().await.map_err(db)?;
    let needs = store.needs_and_offer(year).await.map_err(db)?;
    let ojt = store.ojt_plans(year).await.map_err(db)?;
    let by_unit = store.training_by_unit(year).await.map_err(db)?;
    let units = store.units().await.map_err(db)?;
    let unit_name = |code: &str| unit_name(&units, code, year, state.clock());
    let may = |p: Permission| decide(&who, p) == Decision::Allow;
    render(
        &TrainingPage {
            nav: Nav {
                sample: state.demo,
                ..nav(lang, None, "training", format!("/training?year={}", year.0))
            },
            year_label: lang.year(year),
            prev: year.0 - 1,
            next: year.0 + 1,
            may_manage: may(Permission::ManageTraining),
            may_apply: may(Permission::ApplySelfDevelopment),
            may_plan_ojt: may(Permission::PlanOjt),
            sessions: sessions
                .into_iter()
                .map(|r| session_line(r, lang))
                .collect(),
            courses: courses
                .into_iter()
                .map(|c| CourseLine {
                    category: code_label(&TRAINING_CATEGORIES, &c.category, lang),
                    topics: labels(&TRAINING_TOPICS, &c.topics, lang),
                    provider: c.provider.unwrap_or_default(),
                    hours: c.hours.map(fmt_num).unwrap_or_default(),
                    code: c.code,
                    title: c.title,
                })
                .collect(),
            needs: needs
                .into_iter()
                .map(|n| (code_label(&TRAINING_TOPICS, &n.topic, lang), n))
                .collect(),
            ojt: ojt
                .into_iter()
                .map(|o| (unit_name(&o.plan.unit_code), o))
                .collect(),
            units: by_unit
                .into_iter()
                .map(|u| (unit_name(&u.unit_code), u))
                .collect(),
        },
        lang,
    )
}
