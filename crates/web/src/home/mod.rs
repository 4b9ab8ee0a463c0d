//! Each person's home page: what to do next in the year's progress
//! round (by role), their notices, and the pages they can use.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{ApiError, Failure, PageError};
use crate::http::{Nav, NavEntry, PageResult, Routes, WebModule, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::Json;
use axum::extract::State;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::Permission::*;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::round::{CELL_STATES, ROUND_KINDS};
use jinzai_service::home::{self, Home, Item};

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[NavEntry::new("home", "/home", "nav_home", SignedIn)],
    ..WebModule::named("home")
};

#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/home", SignedIn, page)
        .get("/inbox", SignedIn, inbox::page)
        .post("/inbox/{id}/read", SignedIn, inbox::read)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(SignedIn, routes!(api))
        .api(SignedIn, routes!(inbox::api_list))
        .api(SignedIn, routes!(inbox::api_read))
}

mod inbox;

#[utoipa::path(get, path = "/api/v1/home", tag = "rounds",
    responses((status = 200, description = "The caller's work: each open round's measures they own, entries to review or approve, overdue entries and completion per division (HR), years not locked", body = Home)))]
pub async fn api(State(state): State<SharedState>, Who(who): Who) -> Result<Json<Home>, ApiError> {
    Ok(Json(home::work(&state.store, &who).await?))
}

/// A to-do line as shown.
pub struct Line {
    pub code: String,
    pub title: String,
    pub href: String,
    pub state_code: String,
    pub state: String,
    pub reason: String,
    pub accountable: String,
}

/// A list of lines under a heading.
pub struct Block {
    pub id: String,
    pub heading: String,
    pub empty: String,
    pub lines: Vec<Line>,
}

/// One division's completion.
pub struct DivisionLine {
    pub unit: String,
    pub total: usize,
    pub with_owner: usize,
    pub in_review: usize,
    pub settled: usize,
    pub percent: usize,
}

pub struct RoundBlock {
    pub heading: String,
    pub href: String,
    pub due_note: String,
    pub overdue: bool,
    pub summary: String,
    pub blocks: Vec<Block>,
    pub divisions: Vec<DivisionLine>,
}

pub struct PlanBlock {
    pub title: String,
    pub rounds: Vec<RoundBlock>,
    /// (label, href)
    pub unlocked: Vec<(String, String)>,
    pub moved: Vec<String>,
    pub owners_href: String,
    pub rounds_href: String,
    pub hr: bool,
}

#[derive(Template)]
#[template(path = "home/home.html")]
pub struct HomePage {
    pub nav: Nav,
    pub name: String,
    pub roles: String,
    pub plans: Vec<PlanBlock>,
    /// (label, href): one's own records.
    pub own: Vec<(String, String)>,
    /// The newest notices.
    pub notices: Vec<inbox::NoticeLine>,
    pub unread: String,
}

fn lines(items: &[Item], lang: Lang) -> Vec<Line> {
    items
        .iter()
        .map(|i| Line {
            code: i.node.clone(),
            title: i.title.clone(),
            href: i.href.clone(),
            state_code: i.state.code().to_owned(),
            state: lang
                .pick(
                    CELL_STATES.label(i.state.code()),
                    CELL_STATES.label_en(i.state.code()),
                )
                .to_owned(),
            reason: i.reason.clone().unwrap_or_default(),
            accountable: i.accountable.clone().unwrap_or_default(),
        })
        .collect()
}

fn block(id: &str, heading: &str, empty: &str, items: &[Item], lang: Lang) -> Block {
    Block {
        id: id.to_owned(),
        heading: lang.t(heading).to_owned(),
        empty: lang.t(empty).to_owned(),
        lines: lines(items, lang),
    }
}

pub async fn page(State(state): State<SharedState>, Who(who): Who, lang: Lang) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let work = home::work(&state.store, &who).await.map_err(fail)?;
    let hr = who.has(jinzai_domain::access::Role::Hr);
    let approver = who.has(jinzai_domain::access::Role::Approver);
    let plans = work
        .plans
        .iter()
        .map(|p| PlanBlock {
            title: p.title.clone(),
            hr,
            owners_href: format!("/plans/{}/owners", p.code),
            rounds_href: format!("/plans/{}/rounds", p.code),
            unlocked: p
                .unlocked_years
                .iter()
                .map(|&y| {
                    (
                        lang.year(FiscalYear(y)),
                        format!("/plans/{}/report#locks", p.code),
                    )
                })
                .collect(),
            moved: p
                .moved
                .iter()
                .map(|m| {
                    lang.say(
                        &Message::new("round_owner_moved")
                            .arg("login", &m.login)
                            .arg("unit", &m.unit_then),
                    ) + &format!("（{}）", m.node)
                })
                .collect(),
            rounds: p
                .rounds
                .iter()
                .map(|w| {
                    let r = &w.round;
                    let kind = r.kind.code();
                    let mut blocks = Vec::new();
                    if hr {
                        blocks.push(block(
                            "review",
                            "home_to_review",
                            "home_none_to_review",
                            &w.to_review,
                            lang,
                        ));
                        blocks.push(block(
                            "overdue",
                            "home_overdue",
                            "home_none_overdue",
                            &w.overdue,
                            lang,
                        ));
                    }
                    if approver {
                        blocks.push(block(
                            "approve",
                            "home_to_approve",
                            "home_none_to_approve",
                            &w.to_approve,
                            lang,
                        ));
                    }
                    if !w.mine.is_empty() || !hr {
                        blocks.push(block("mine", "home_mine", "home_none_mine", &w.mine, lang));
                    }
                    RoundBlock {
                        heading: format!(
                            "{} {}",
                            lang.year(FiscalYear(r.fiscal_year)),
                            lang.pick(ROUND_KINDS.label(kind), ROUND_KINDS.label_en(kind))
                        ),
                        href: format!(
                            "/plans/{}/rounds?year={}&kind={kind}",
                            p.code, r.fiscal_year
                        ),
                        due_note: format!(
                            "{} {} — {}",
                            lang.t("round_due_on"),
                            crate::view::date_label(r.dates.due_on, lang),
                            if w.open_days_to_due >= 0 {
                                lang.say(
                                    &Message::new("round_days_left").arg("n", w.open_days_to_due),
                                )
                            } else {
                                lang.say(
                                    &Message::new("round_days_over").arg("n", -w.open_days_to_due),
                                )
                            }
                        ),
                        overdue: w.open_days_to_due < 0,
                        summary: lang.say(
                            &Message::new("home_settled")
                                .arg("settled", w.settled)
                                .arg("total", w.total),
                        ),
                        blocks,
                        divisions: w
                            .divisions
                            .iter()
                            .map(|d| DivisionLine {
                                unit: if d.unit.is_empty() {
                                    lang.t("round_owner_none").to_owned()
                                } else if d.name.is_empty() {
                                    d.unit.clone()
                                } else {
                                    format!("{}（{}）", d.name, d.unit)
                                },
                                total: d.total,
                                with_owner: d.with_owner,
                                in_review: d.in_review,
                                settled: d.settled,
                                percent: d.settled * 100 / d.total.max(1),
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    let mut own = Vec::new();
    if let Some(n) = &who.staff_number {
        own.push((lang.t("home_my_record").to_owned(), format!("/staff/{n}")));
        own.push((
            lang.t("home_my_applications").to_owned(),
            "/training/self-development".to_owned(),
        ));
    }
    let (notices, unread) = inbox::latest(&state, &who, lang, 5).await.map_err(fail)?;
    let page = HomePage {
        notices,
        unread,
        nav: nav(lang, None, "home", "/home".into()),
        name: jinzai_service::round::author_name(&who),
        roles: who
            .roles()
            .iter()
            .map(|r| lang.pick(r.label_ja(), r.label_en()).to_owned())
            .collect::<Vec<_>>()
            .join("・"),
        plans,
        own,
    };
    render(&page, lang)
}
