//! Server-rendered pages, one module per screen family.

pub(crate) mod account;
pub(crate) mod admin;
mod dashboard;
mod hr_import;
pub(crate) mod indicator;
pub(crate) mod people;
mod plan;
mod plan_import;
pub(crate) mod progress;
pub(crate) mod public;
mod report;
pub(crate) mod rotation;
pub(crate) mod training;

use crate::auth::{Routes, Who};
use crate::i18n::Lang;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::access::Permission;
use serde::Deserialize;

/// Every page, each with the permission it needs.
pub fn routes() -> Routes {
    use Permission::*;
    Routes::new("")
        .get("/", Public, home)
        .get("/login", Public, account::login_form)
        .post("/login", Public, account::login)
        .post("/logout", SignedIn, account::logout)
        .get("/account", SignedIn, account::page)
        .post("/account/password", SignedIn, account::change_password)
        .get("/plans", ReadPlans, plan::list)
        .get("/plans/import", ImportPlans, plan_import::form)
        .post("/plans/import", ImportPlans, plan_import::submit)
        .get("/plans/{code}", ReadPlans, plan::tree)
        .get("/plans/{code}/versions", ReadPlans, plan::versions)
        .get("/plans/{code}/nodes/{node}", ReadPlans, plan::node)
        .get(
            "/plans/{code}/nodes/{node}/indicator/{year}",
            AnalysePeople,
            indicator::records,
        )
        .get(
            "/plans/{code}/nodes/{node}/progress/{year}",
            RecordProgress,
            progress::form,
        )
        .post(
            "/plans/{code}/nodes/{node}/progress/{year}",
            RecordProgress,
            progress::submit,
        )
        .post("/plans/{code}/years/{year}/lock", LockYears, progress::lock)
        .post(
            "/plans/{code}/years/{year}/unlock",
            LockYears,
            progress::unlock,
        )
        .post(
            "/plans/{code}/years/{year}/publish",
            PublishProgress,
            public::publish,
        )
        .post(
            "/plans/{code}/years/{year}/unpublish",
            PublishProgress,
            public::unpublish,
        )
        .get("/public", Public, public::list)
        .get("/public/{code}", Public, public::plan)
        .get("/public/{code}/download", Public, public::download)
        .get("/plans/{code}/dashboard", ReadPlans, dashboard::page)
        .get("/plans/{code}/report", ReadPlans, report::page)
        .get("/plans/{code}/report/download", ReadPlans, report::download)
        .get("/staff", ReadPeople, people::staff_list)
        .get("/staff/{number}", ReadPeople, people::staff_page)
        .get("/units", ReadOrganisation, people::units)
        .get("/units/{code}", ReadOrganisation, people::unit_page)
        .get("/rotation", AnalysePeople, rotation::page)
        .get("/training", ReadTraining, training::page)
        .get(
            "/training/courses/new",
            ManageTraining,
            training::course::form,
        )
        .post("/training/courses", ManageTraining, training::course::save)
        .get(
            "/training/sessions/new",
            ManageTraining,
            training::session::new_session,
        )
        .post(
            "/training/sessions",
            ManageTraining,
            training::session::save_session,
        )
        .get(
            "/training/sessions/{course}/{start}",
            ManageTraining,
            training::session::session,
        )
        .post(
            "/training/sessions/{course}/{start}",
            ManageTraining,
            training::session::record_attendance,
        )
        .post(
            "/training/sessions/{course}/{start}/roster",
            ManageTraining,
            training::session::add_to_roster,
        )
        .get(
            "/training/self-development",
            ApplySelfDevelopment,
            training::self_development::page,
        )
        .post(
            "/training/self-development",
            ApplySelfDevelopment,
            training::self_development::apply,
        )
        .post(
            "/training/self-development/{id}",
            ApplySelfDevelopment,
            training::self_development::step,
        )
        .get("/training/ojt", PlanOjt, training::ojt::page)
        .post("/training/ojt/plans", PlanOjt, training::ojt::save_plan)
        .post(
            "/training/ojt/sessions",
            PlanOjt,
            training::ojt::save_session,
        )
        .get("/import", ImportPeople, hr_import::form)
        .post("/import", ImportPeople, hr_import::submit)
        .get("/admin/users", ManageAccounts, admin::users)
        .post("/admin/users", ManageAccounts, admin::create_user)
        .post("/admin/users/{id}/roles", ManageAccounts, admin::set_roles)
        .post(
            "/admin/users/{id}/disabled",
            ManageAccounts,
            admin::set_disabled,
        )
        .get("/admin/tokens", ManageAccounts, admin::tokens)
        .post("/admin/tokens", ManageAccounts, admin::issue_token)
        .post(
            "/admin/tokens/{id}/revoke",
            ManageAccounts,
            admin::revoke_token,
        )
        .get("/admin/audit", ReadAudit, admin::audit)
        .get("/admin/audit/download", ReadAudit, admin::audit_download)
        .get("/lang/{lang}", Public, switch_lang)
        .get("/assets/{file}", Public, asset)
}

/// The start page: the plans for the signed-in, what HR published for
/// everyone else.
async fn home(Who(who): Who) -> Redirect {
    if who.is_signed_in() {
        Redirect::to("/plans")
    } else {
        Redirect::to("/public")
    }
}

/// Common navigation data every page template has.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    pub lang: Lang,
    pub plan_code: Option<String>,
    pub active: &'static str,
    /// This page's path, to come back to after switching language.
    pub back: String,
    pub sample: bool,
    /// The signed-in person's name and roles; empty when nobody is.
    pub user: String,
    pub roles: String,
    /// The session's CSRF token, for forms.
    pub csrf: String,
    /// The areas this person may open (the navigation shows only those).
    pub can: Can,
}

/// What the navigation offers, from the policy.
#[derive(Debug, Clone, Default)]
pub struct Can {
    pub plans: bool,
    pub people: bool,
    pub organisation: bool,
    pub analyse_people: bool,
    pub training: bool,
    pub import: bool,
    pub admin: bool,
    pub audit: bool,
    pub lock_years: bool,
    pub publish: bool,
}

impl Nav {
    /// The chrome for this request's principal (set by the auth layer).
    pub fn for_request(lang: Lang) -> Nav {
        use jinzai_domain::access::{Decision, decide};
        let current = crate::auth::CHROME
            .try_with(Clone::clone)
            .unwrap_or_default();
        let who = &current.principal;
        let may = |p: Permission| decide(who, p) == Decision::Allow;
        Nav {
            lang,
            user: if who.is_signed_in() {
                who.display_name.clone()
            } else {
                String::new()
            },
            roles: who
                .roles()
                .iter()
                .map(|r| lang.pick(r.label_ja(), r.label_en()))
                .collect::<Vec<_>>()
                .join("・"),
            csrf: current.session.map(|s| s.1).unwrap_or_default(),
            can: Can {
                plans: may(Permission::ReadPlans),
                people: may(Permission::ReadPeople),
                organisation: may(Permission::ReadOrganisation),
                analyse_people: may(Permission::AnalysePeople),
                training: may(Permission::ReadTraining),
                import: may(Permission::ImportPeople),
                admin: may(Permission::ManageAccounts),
                audit: may(Permission::ReadAudit),
                lock_years: may(Permission::LockYears),
                publish: may(Permission::PublishProgress),
            },
            ..Nav::default()
        }
    }
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// Sets the language cookie and returns to the page (same-site paths only).
async fn switch_lang(Path(lang): Path<String>, Query(q): Query<Back>) -> Response {
    let lang = Lang::from_code(&lang).unwrap_or_default();
    let back = q
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned());
    let mut res = Redirect::to(&back).into_response();
    let cookie = format!(
        "lang={}; Path=/; Max-Age=31536000; SameSite=Strict; HttpOnly",
        lang.code()
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

const APP_CSS: &str = include_str!("../../assets/app.css");
const APP_JS: &str = include_str!("../../assets/app.js");

/// Assets are compiled into the binary: no CDN, no files at run time.
async fn asset(Path(file): Path<String>) -> Response {
    let (body, kind) = match file.as_str() {
        "app.css" => (APP_CSS, "text/css; charset=utf-8"),
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}
