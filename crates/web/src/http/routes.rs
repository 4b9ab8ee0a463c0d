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
use utoipa::openapi::{Components, Info, OpenApi, Paths};
use utoipa_axum::router::UtoipaMethodRouter;

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
    /// The message key of the menu it sits in (計画, 人事記録, 管理), or
    /// none for an entry of its own.
    pub group: Option<&'static str>,
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
            group: None,
        }
    }

    /// The entry in the menu named by message key `group`.
    pub const fn in_group(self, group: &'static str) -> NavEntry {
        NavEntry {
            group: Some(group),
            ..self
        }
    }
}

/// The navigation's menus.
pub const PLAN_MENU: &str = "nav_group_plan";
pub const RECORDS_MENU: &str = "nav_group_records";
pub const ADMIN_MENU: &str = "nav_group_admin";

impl WebModule {
    /// A module without routes or navigation, to start a descriptor from.
    pub const fn named(name: &'static str) -> WebModule {
        WebModule {
            name,
            pages: || Routes::new(""),
            api: || Routes::new(API_PREFIX),
            nav: &[],
            staff_panels: &[],
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

/// The router under construction, with every route's permission recorded
/// and, for API routes, their OpenAPI description.
pub struct Routes {
    router: Router<SharedState>,
    table: Vec<RouteInfo>,
    prefix: String,
    doc: OpenApi,
}

impl std::fmt::Debug for Routes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Routes")
            .field("prefix", &self.prefix)
            .field("table", &self.table)
            .finish_non_exhaustive()
    }
}

impl Routes {
    pub fn new(prefix: &str) -> Routes {
        Routes {
            router: Router::new(),
            table: Vec::new(),
            prefix: prefix.to_owned(),
            doc: OpenApi::new(Info::new("", ""), Paths::new()),
        }
    }

    /// Registers an API handler described by `#[utoipa::path]`, given as
    /// `utoipa_axum::routes!(handler)`: its method and path are read from
    /// that description (the path written once, in full, with the
    /// `/api/v1` prefix), its schemas and operation join the OpenAPI
    /// document, and every method it answers is behind `permission`.
    pub fn api(
        mut self,
        permission: Permission,
        (schemas, paths, handler): UtoipaMethodRouter<SharedState>,
    ) -> Routes {
        for (path, item) in paths.paths {
            let Some(local) = path.strip_prefix(&self.prefix) else {
                tracing::error!(
                    path,
                    prefix = self.prefix,
                    "API path outside its prefix; not mounted"
                );
                continue;
            };
            for method in [
                (Method::GET, item.get.is_some()),
                (Method::POST, item.post.is_some()),
                (Method::PUT, item.put.is_some()),
                (Method::DELETE, item.delete.is_some()),
                (Method::PATCH, item.patch.is_some()),
            ]
            .into_iter()
            .filter_map(|(m, on)| on.then_some(m))
            {
                self.table.push(RouteInfo {
                    method,
                    path: path.clone(),
                    permission,
                });
            }
            self.router = self.router.route(local, guard(handler.clone(), permission));
            match self.doc.paths.paths.get_mut(&path) {
                Some(known) => known.merge_operations(item),
                None => {
                    self.doc.paths.paths.insert(path, item);
                }
            }
        }
        self.doc
            .components
            .get_or_insert_with(Components::new)
            .schemas
            .extend(schemas);
        self
    }

    /// Registers `handler` for `method` on `path`, behind `permission`.
    pub fn add(
        mut self,
        method: Method,
        path: &str,
        permission: Permission,
        handler: MethodRouter<SharedState>,
    ) -> Routes {
        self.router = self.router.route(path, guard(handler, permission));
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

    /// Adds the routes of `other`, registered under the same prefix.
    pub fn merge(mut self, other: Routes) -> Routes {
        debug_assert_eq!(self.prefix, other.prefix, "merged routes share a prefix");
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self.doc.merge(other.doc);
        self
    }

    /// Mounts `other` under its prefix.
    pub fn nest(mut self, other: Routes) -> Routes {
        self.router = self.router.nest(&other.prefix, other.router);
        self.table.extend(other.table);
        self.doc.merge(other.doc);
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

    /// The OpenAPI description of the API routes registered so far.
    pub fn openapi(&self) -> &OpenApi {
        &self.doc
    }

    pub fn into_parts(self) -> (Router<SharedState>, Vec<RouteInfo>) {
        (self.router, self.table)
    }
}

/// `handler` behind the check that the caller holds `permission`.
/// Inside the policy, the texts of the body are checked
/// ([`crate::http::text_guard`]): an allowed request only.
fn guard(handler: MethodRouter<SharedState>, permission: Permission) -> MethodRouter<SharedState> {
    handler
        .route_layer(middleware::from_fn(crate::http::text_guard::guard))
        .route_layer(middleware::from_fn(move |req: Request, next: Next| {
            require(permission, req, next)
        }))
}
