//! jinzai over HTTP: server-rendered pages (Japanese first, readable
//! without JavaScript) and the JSON API, both on one router.

pub mod auth;
mod charts;
mod download;
mod error;
mod http;
pub mod i18n;
mod modules;
mod openapi;
mod view;

// The modules, each owning its pages, API and use cases (docs/modules.md).
mod accounts;
mod audit;
mod calendar;
mod demotion;
mod evaluation;
mod exams;
mod health;
mod home;
mod imports;
mod outreach;
mod people;
mod plan;
mod postings;
mod public;
mod round;
pub mod security_log;
mod self_report;
mod site;
mod talent;
mod training;
mod women;

pub use auth::AuthSettings;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use axum::{Router, middleware};
pub use error::{ApiError, PageError};
pub use http::RouteInfo;
use jinzai_domain::i18n::Message;
use jinzai_store::Store;
pub use openapi::document_value as openapi_document;
use std::sync::Arc;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    /// Serving `jinzai demo`: every page says the data is sample data.
    pub demo: bool,
    pub auth: AuthSettings,
    /// How notices are told (links in e-mails).
    pub notify: jinzai_service::notify::Options,
    /// Refused requests seen lately, counted per source and minute.
    pub security: Arc<security_log::SecurityLog>,
}

impl AppState {
    /// The one clock (Japan time), the store's: pages, API and store read
    /// the same "today".
    pub fn clock(&self) -> jinzai_domain::Clock {
        self.store.clock()
    }
}

pub type SharedState = Arc<AppState>;

/// The whole application: pages, API, assets, security headers.
pub fn router(state: AppState) -> Router {
    router_with_table(state).0
}

/// The application and its route table (every route with its permission),
/// which the authorization matrix test enumerates.
pub fn router_with_table(state: AppState) -> (Router, Vec<RouteInfo>) {
    app(Arc::new(state))
}

fn app(state: SharedState) -> (Router, Vec<RouteInfo>) {
    let mut pages = http::Routes::new("");
    let mut api = http::Routes::new(http::API_PREFIX);
    for module in modules::all() {
        tracing::debug!(module = module.name, "mounting");
        pages = pages.merge((module.pages)());
        api = api.merge((module.api)());
    }
    let api = api.fallback(|| async {
        ApiError(error::Failure::NotFound(Message::new("api_no_such_route")))
    });
    let (app, table) = pages.nest(api).into_parts();
    let app = app
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .layer(middleware::from_fn(security_headers))
        // Files up to the import limit (and a multipart form's overhead);
        // forms and JSON bodies stay within 2 MiB (`http::text_guard`).
        .layer(axum::extract::DefaultBodyLimit::max(
            http::upload::IMPORT_LIMIT + 1024 * 1024,
        ))
        .with_state(state);
    (app, table)
}

/// Every asset is served from the binary; no script or style is inline.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: header::HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "same-origin");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    res
}

/// Serves `router` on `listener` until Ctrl-C.
/// Refusals that were only counted are written once their minute is over
/// (checked every 20 seconds), and all of them when the server stops.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let state = Arc::new(state);
    jinzai_service::people::warm_rotation(&state.store);
    let sweeper = tokio::spawn({
        let state = state.clone();
        async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(20));
            loop {
                tick.tick().await;
                let minute = state.clock().now().timestamp().div_euclid(60);
                auth::write_repeats(&state, state.security.sweep(Some(minute))).await;
            }
        }
    });
    let served = axum::serve(
        listener,
        app(state.clone())
            .0
            .into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    sweeper.abort();
    auth::write_repeats(&state, state.security.sweep(None)).await;
    served
}
