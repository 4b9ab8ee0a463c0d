//! What pages and the API share over HTTP: the page chrome and rendering,
//! JSON bodies, and the route table every module registers into.

pub mod cookies;
mod routes;

use crate::error::{ApiError, Failure, PageError};
use crate::i18n::Lang;
use askama::Template;
use axum::body::Bytes;
use axum::response::Html;
use jinzai_domain::access::{Decision, Permission, decide};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::CodeList;
use jinzai_service::plan::Loaded;
pub use routes::{API_PREFIX, NavEntry, RouteInfo, Routes, StaffPanel, WebModule};
use serde::de::DeserializeOwned;

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
    /// What pages offer beside the navigation, from the policy.
    pub can: Can,
    /// The areas this person may open, in the modules' order (the
    /// navigation shows only those).
    pub links: Vec<NavLink>,
}

/// Actions a page shows only to those the policy allows.
#[derive(Debug, Clone, Default)]
pub struct Can {
    pub analyse_people: bool,
    pub lock_years: bool,
    pub publish: bool,
}

/// One entry of the main navigation, resolved for this request.
#[derive(Debug, Clone)]
pub struct NavLink {
    pub href: String,
    /// The message key of its label.
    pub label: &'static str,
    pub current: bool,
}

impl Nav {
    /// The chrome for this request's principal (set by the auth layer).
    pub fn for_request(lang: Lang) -> Nav {
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
                analyse_people: may(Permission::AnalysePeople),
                lock_years: may(Permission::LockYears),
                publish: may(Permission::PublishProgress),
            },
            ..Nav::default()
        }
    }

    /// The navigation entries of every module this person may open; those
    /// of a plan only when a plan is shown.
    fn resolve_links(mut self) -> Nav {
        let current = crate::auth::CHROME
            .try_with(Clone::clone)
            .unwrap_or_default();
        let who = &current.principal;
        self.links = crate::modules::all()
            .iter()
            .flat_map(|m| m.nav.iter())
            .filter(|e| decide(who, e.permission) == Decision::Allow)
            .filter_map(|e| {
                let href = match (e.href.contains("{plan}"), &self.plan_code) {
                    (false, _) => e.href.to_owned(),
                    (true, Some(code)) => e.href.replace("{plan}", code),
                    (true, None) => return None,
                };
                Some(NavLink {
                    href,
                    label: e.label,
                    current: e.key == self.active,
                })
            })
            .collect();
        self
    }
}

pub type PageResult = Result<Html<String>, PageError>;

pub fn render(t: &impl Template, lang: Lang) -> PageResult {
    t.render().map(Html).map_err(|e| {
        PageError(
            Failure::Internal(Message::new("page_template_failed").arg("detail", e)),
            lang,
        )
    })
}

/// The chrome of a page: `active` names its navigation entry; `loaded`,
/// the plan it shows (its entries join the navigation).
pub fn nav(lang: Lang, loaded: Option<&Loaded>, active: &'static str, back: String) -> Nav {
    Nav {
        plan_code: loaded.map(|l| l.plan().code.clone()),
        active,
        back,
        sample: loaded.is_some_and(Loaded::has_sample),
        ..Nav::for_request(lang)
    }
    .resolve_links()
}

/// Parses a JSON body, naming the line and column of a mistake.
pub fn json_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError(Failure::BadRequest {
            code: "invalid_json",
            message: Message::new("api_invalid_json").arg("detail", e),
        })
    })
}

/// A code list value's label in the reader's language.
pub fn code_label(list: &CodeList, code: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => list.label(code).to_owned(),
        Lang::En => list.label_en(code).to_owned(),
    }
}
