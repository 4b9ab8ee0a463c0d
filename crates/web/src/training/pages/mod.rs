//! Training screens. This module: the year's catalogue and sessions with
//! what staff asked for beside what was offered, OJT plans and the unit
//! summary (no names). Beside it: a course of the catalogue (`course`), a
//! session with its roster (`session`),
//! self-development support (`self_development`), the units' OJT plans
//! (`ojt`) and what their forms share (`form`).

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, Routes, code_label, coded_label, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::extract::{Query, State};
use jinzai_domain::access::{Decision, Permission, decide};
use jinzai_domain::grade::fmt_num;
use jinzai_domain::people::codes::CodeList;
use jinzai_domain::training::TRAINING_TOPICS;
use jinzai_service::training::{YearQuery, unit_name, year_of};
use jinzai_store::{NeedsLine, OjtPlanRow, SessionRow, UnitTraining};
mod course;
mod form;
mod ojt;
pub(crate) mod panels;
mod self_development;
mod session;

/// The route table, one route a line.
#[rustfmt::skip]
pub fn routes() -> Routes {
    use Permission::*;
    Routes::new("")
        .get("/training", ReadTraining, page)
        .get("/training/courses/new", ManageTraining, course::form)
        .post("/training/courses", ManageTraining, course::save)
        .get("/training/sessions/new", ManageTraining, session::new_session)
        .post("/training/sessions", ManageTraining, session::save_session)
        .get("/training/sessions/{course}/{start}", ManageTraining, session::session)
        .post("/training/sessions/{course}/{start}", ManageTraining, session::record_attendance)
        .post("/training/sessions/{course}/{start}/roster", ManageTraining, session::add_to_roster)
        .get("/training/self-development", ApplySelfDevelopment, self_development::page)
        .post("/training/self-development", ApplySelfDevelopment, self_development::apply)
        .post("/training/self-development/{id}", ApplySelfDevelopment, self_development::step)
        .get("/training/ojt", PlanOjt, ojt::page)
        .post("/training/ojt/plans", PlanOjt, ojt::save_plan)
        .post("/training/ojt/sessions", PlanOjt, ojt::save_session)
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
#[template(path = "training/training.html")]
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
        category: coded_label(r.category, lang),
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
                    category: coded_label(c.category, lang),
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
