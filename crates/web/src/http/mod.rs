//! What pages and the API share over HTTP: the page chrome and rendering,
//! JSON bodies, and the route table every module registers into.

pub mod cookies;
pub mod extract;
mod routes;
pub mod text_guard;
pub mod upload;

use crate::error::{ApiError, Failure, PageError};
use crate::i18n::Lang;
use askama::Template;
use axum::body::Bytes;
use axum::response::Html;
use jinzai_domain::access::{Decision, Permission, decide};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::CodeList;
use jinzai_service::plan::Loaded;
pub use routes::{
    ADMIN_MENU, API_PREFIX, NavEntry, PLAN_MENU, RECORDS_MENU, RouteInfo, Routes, StaffPanel,
    WebModule,
};
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
    /// The menu it sits in, if any.
    pub group: Option<&'static str>,
}

/// An item of the navigation bar: a link, or a menu of links (`links`
/// not empty; `label` names the menu, `current` when one of them is).
#[derive(Debug, Clone)]
pub struct MenuItem {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
    pub links: Vec<NavLink>,
}

/// The bar: entries of a menu gather where its first entry stands; a menu
/// with a single entry is shown as that entry.
pub fn menu(links: &[NavLink]) -> Vec<MenuItem> {
    let mut items: Vec<MenuItem> = Vec::new();
    for link in links {
        let menu = link.group.and_then(|g| {
            items
                .iter()
                .position(|i| i.label == g && !i.links.is_empty())
        });
        match (link.group, menu) {
            (Some(_), Some(i)) => {
                items[i].current |= link.current;
                items[i].links.push(link.clone());
            }
            (Some(g), None) => items.push(MenuItem {
                href: String::new(),
                label: g,
                current: link.current,
                links: vec![link.clone()],
            }),
            (None, _) => items.push(MenuItem {
                href: link.href.clone(),
                label: link.label,
                current: link.current,
                links: Vec::new(),
            }),
        }
    }
    for item in &mut items {
        if let [only] = item.links.as_slice() {
            *item = MenuItem {
                href: only.href.clone(),
                label: only.label,
                current: only.current,
                links: Vec::new(),
            };
        }
    }
    items
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

    /// The navigation bar: links and menus (see [`menu`]).
    pub fn menu(&self) -> Vec<MenuItem> {
        menu(&self.links)
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
                    group: e.group,
                })
            })
            .collect();
        self
    }
}

pub type PageResult = Result<Html<String>, PageError>;

/// A page shown again because its form was refused: 422.
pub fn refused_page(
    page: &impl Template,
    lang: Lang,
) -> Result<axum::response::Response, PageError> {
    use axum::response::IntoResponse;
    let mut res = render(page, lang)?.into_response();
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

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

/// Parses a JSON body. Text that is not JSON answers 400 `invalid_json`
/// with the line and column; JSON that does not match the request's schema
/// (a field unknown, missing or of the wrong type) answers 422 with the
/// field named by its path (`changes[1].status`), as the OpenAPI document
/// describes it.
pub fn json_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let parsed: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let value = match parsed {
        Ok(v) => v,
        Err(e) => return Err(body_error(e)),
    };
    de.end().map_err(|e| {
        ApiError(Failure::BadRequest {
            code: "invalid_json",
            message: Message::new("api_invalid_json").arg("detail", e),
        })
    })?;
    Ok(value)
}

/// Reads an already parsed JSON body as `T`, like [`json_body`].
pub fn json_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(body_error)
}

fn body_error(e: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = e.path().to_string();
    let inner = e.into_inner();
    if !inner.is_data() {
        return ApiError(Failure::BadRequest {
            code: "invalid_json",
            message: Message::new("api_invalid_json").arg("detail", inner),
        });
    }
    let detail = inner.to_string();
    // The path names the field (`changes[1].status`), an unknown one too;
    // "." is the body as a whole.
    let code = if detail.starts_with("unknown field") {
        "unknown_field"
    } else {
        "schema"
    };
    let field = if path == "." { "body".to_owned() } else { path };
    let message = Message::new("api_schema_mismatch").arg("detail", &detail);
    ApiError(Failure::Invalid(vec![
        jinzai_domain::progress::FieldError::new(field, code, message),
    ]))
}

/// An enumeration's label in the reader's language.
pub fn coded_label<T: jinzai_domain::people::codes::Coded>(value: T, lang: Lang) -> String {
    match lang {
        Lang::Ja => value.label().to_owned(),
        Lang::En => value.label_en().to_owned(),
    }
}

/// A code list value's label in the reader's language.
pub fn code_label(list: &CodeList, code: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => list.label(code).to_owned(),
        Lang::En => list.label_en(code).to_owned(),
    }
}

#[cfg(test)]
mod menu_tests {
    use super::{NavLink, menu};

    fn link(label: &'static str, group: Option<&'static str>, current: bool) -> NavLink {
        NavLink {
            href: format!("/{label}"),
            label,
            current,
            group,
        }
    }

    #[test]
    fn a_menus_entries_gather_where_its_first_stands_and_a_lone_entry_is_a_link() {
        let items = menu(&[
            link("home", None, false),
            link("plans", Some("plan"), false),
            link("staff", Some("records"), false),
            link("training", Some("records"), true),
            link("import", Some("admin"), false),
            link("rounds", Some("plan"), false),
            link("public", None, false),
        ]);
        let shown: Vec<(&str, usize, bool)> = items
            .iter()
            .map(|i| (i.label, i.links.len(), i.current))
            .collect();
        assert_eq!(
            shown,
            [
                ("home", 0, false),
                ("plan", 2, false),
                ("records", 2, true),
                ("import", 0, false),
                ("public", 0, false)
            ]
        );
        assert_eq!(items[3].href, "/import", "a menu of one is its entry");
        assert_eq!(items[1].links[1].label, "rounds");
    }
}

/// `target` if it is a path on this site, to redirect to after an action
/// (`?back=`, `?next=`): parsed as a URL relative to this origin, it must
/// stay on it. Backslashes (browsers read them as slashes), control
/// characters (browsers drop tabs and newlines, so `/\t/host` becomes
/// `//host`), a second leading slash and anything that parses to another
/// origin are refused.
pub fn local_path(target: &str) -> Option<String> {
    const HERE: &str = "http://jinzai.invalid/";
    if !target.starts_with('/')
        || target.starts_with("//")
        || target.contains('\\')
        || target.chars().any(|c| c.is_control() || c.is_whitespace())
    {
        return None;
    }
    let base = url::Url::parse(HERE).ok()?;
    let url = base.join(target).ok()?;
    if url.origin() != base.origin() || !url.username().is_empty() || url.password().is_some() {
        return None;
    }
    let mut path = url.path().to_owned();
    if path.starts_with("//") {
        return None;
    }
    if let Some(q) = url.query() {
        path.push('?');
        path.push_str(q);
    }
    if let Some(f) = url.fragment() {
        path.push('#');
        path.push_str(f);
    }
    Some(path)
}

#[cfg(test)]
mod local_path_tests {
    use super::local_path;

    #[test]
    fn only_paths_on_this_site_are_followed() {
        assert_eq!(
            local_path("/plans/kiyose?year=2012").as_deref(),
            Some("/plans/kiyose?year=2012")
        );
        assert_eq!(local_path("/").as_deref(), Some("/"));
        assert_eq!(local_path("/a/../b").as_deref(), Some("/b"));
        for bad in [
            "//evil.example/",
            "/\\evil.example/",
            "/%5Cevil.example/".replace("%5C", "\\").as_str(),
            "/\t/evil.example/",
            "/\n/evil.example/",
            "/\r\n//evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "evil.example",
            "",
            " /plans",
            "/ /evil.example",
            "/\u{0}/x",
            "/\u{3000}/x",
            "/..//evil.example",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }
}
