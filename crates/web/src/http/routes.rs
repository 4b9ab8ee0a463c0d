//! The route table: every route with the permission it needs, and the
//! descriptor each module registers itself with.

use crate::SharedState;
use crate::auth::require;
use crate::error::Failure;
use crate::i18n::Lang;
use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::routing::MethodRouter;
use axum::{Router, middleware};
use jinzai_domain::access::Permission;
use std::future::Future;
use std::pin::Pin;

/// Where the JSON API lives.
pub const API_PREFIX: &str = "/api/v1";

/// What a module brings to the web: its pages and its API routes (each
/// registered with its permission) and its entries in the navigation.
/// `crate::modules::all()` lists every module; the router, the route table
/// and the navigation are built from that list alone.
#[derive(Debug, Clone, Copy)]
pub struct WebModule {
    /// The module's name (`plan`, `people`, `training` …).
    pub name: &'static str,
    /// Its pages, mounted at the root.
    pub pages: fn() -> Routes,
    /// Its API routes, mounted under `/api/v1`.
    pub api: fn() -> Routes,
    /// Its entries in the main navigation, in order.
    pub nav: &'static [NavEntry],
    /// The OpenAPI description of its API routes (merged into
    /// `/api/openapi.json`).
    pub openapi: fn() -> utoipa::openapi::OpenApi,
    /// Its sections on a staff member's page, in order.
    pub staff_panels: &'static [StaffPanel],
}

/// The rows of a staff-page panel, as a boxed future (descriptors hold
/// plain function pointers).
pub type PanelRows<'a> =
    Pin<Box<dyn Future<Output = Result<Vec<Vec<String>>, Failure>> + Send + 'a>>;

/// A section a module adds to a staff member's page (研修履歴, say): a
/// table of that person's records. Shown to those the policy allows
/// `permission`, after the staff page's own check that they may read this
/// person at all.
#[derive(Debug, Clone, Copy)]
pub struct StaffPanel {
    /// The section's id on the page.
    pub id: &'static str,
    /// The message key of its heading.
    pub title: &'static str,
    /// Its columns: message key, and whether the column holds numbers.
    pub columns: &'static [(&'static str, bool)],
    pub permission: Permission,
    /// The rows for staff member `number`, in the reader's language.
    pub rows: for<'a> fn(&'a SharedState, &'a str, Lang) -> PanelRows<'a>,
}

/// An entry of the main navigation.
#[derive(Debug, Clone, Copy)]
pub struct NavEntry {
    /// The key pages name as their `active` entry.
    pub key: &'static str,
    /// Where it leads; `{plan}` stands for the plan on screen (the entry
    /// shows only while a plan is).
    pub href: &'static str,
    /// The message key of its label.
    pub label: &'static str,
    /// Shown only to those the policy allows this.
    pub permission: Permission,
}

impl NavEntry {
    pub const fn new(
        key: &'static str,
        href: &'static str,
        label: &'static str,
        permission: Permission,
    ) -> NavEntry {
        NavEntry {
            key,
            href,
            label,
            permission,
        }
    }
}

impl WebModule {
    /// A module without routes or navigation, to start a descriptor from.
    pub const fn named(name: &'static str) -> WebModule {
        WebModule {
            name,
            pages: || Routes::new(""),
            api: || Routes::new(API_PREFIX),
            nav: &[],
            staff_panels: &[],
            openapi: || {
                utoipa::openapi::OpenApi::new(
                    utoipa::openapi::Info::new("", ""),
                    utoipa::openapi::Paths::new(),
                )
            },
        }
    }
}

/// A route table entry: what the authorization matrix test enumerates.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub method: Method,
    pub path: String,
    pub permission: Permission,
}

/// The router under construction, with every route's permission recorded.
#[derive(Debug)]
pub struct Routes {
    router: Router<SharedState>,
    table: Vec<RouteInfo>,
    prefix: String,
}

impl Routes {
    pub fn new(prefix: &str) -> Routes {
        Routes {
            router: Router::new(),
            table: Vec::new(),
            prefix: prefix.to_owned(),
        }
    }

    /// Registers `handler` for `method` on `path`, behind `permission`.
    pub fn add(
        mut self,
        method: Method,
        path: &str,
        permission: Permission,
        handler: MethodRouter<SharedState>,
    ) -> Routes {
        let guarded = handler.route_layer(middleware::from_fn(move |req: Request, next: Next| {
            require(permission, req, next)
        }));
        self.router = self.router.route(path, guarded);
        self.table.push(RouteInfo {
            method,
            path: format!("{}{path}", self.prefix),
            permission,
        });
        self
    }

    pub fn get<H, T>(self, path: &str, permission: Permission, handler: H) -> Routes
    where
        H: axum::handler::Handler<T, SharedState>,
        T: 'static,
    {
        self.add(Method::GET, path, permission, axum::routing::get(handler))
    }

    pub fn post<H, T>(self, path: &str, permission: Permission, handler: H) -> Routes
    where
        H: axum::handler::Handler<T, SharedState>,
        T: 'static,
    {
        self.add(Method::POST, path, permission, axum::routing::post(handler))
    }

    pub fn put<H, T>(self, path: &str, permission: Permission, handler: H) -> Routes
    where
        H: axum::handler::Handler<T, SharedState>,
        T: 'static,
    {
        self.add(Method::PUT, path, permission, axum::routing::put(handler))
    }

    pub fn delete<H, T>(self, path: &str, permission: Permission, handler: H) -> Routes
    where
        H: axum::handler::Handler<T, SharedState>,
        T: 'static,
    {
        self.add(
            Method::DELETE,
            path,
            permission,
            axum::routing::delete(handler),
        )
    }

    /// Adds the routes of `other`, registered under the same prefix.
    pub fn merge(mut self, other: Routes) -> Routes {
        debug_assert_eq!(self.prefix, other.prefix, "merged routes share a prefix");
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }

    /// Mounts `other` under its prefix.
    pub fn nest(mut self, other: Routes) -> Routes {
        self.router = self.router.nest(&other.prefix, other.router);
        self.table.extend(other.table);
        self
    }

    pub fn fallback<H, T>(mut self, handler: H) -> Routes
    where
        H: axum::handler::Handler<T, SharedState>,
        T: 'static,
    {
        self.router = self.router.fallback(handler);
        self
    }

    pub fn into_parts(self) -> (Router<SharedState>, Vec<RouteInfo>) {
        (self.router, self.table)
    }
}
