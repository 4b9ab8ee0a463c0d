//! Who is asking, and may they: sessions and API tokens resolve to a
//! [`Principal`]; every route is registered with the [`Permission`] it needs
//! ([`Routes`]), checked before its handler runs; CSRF is checked on every
//! state-changing request that a cookie authenticates.
//!
//! A route registered without a permission never answers: the outermost
//! layer turns any response the policy did not see into an error, so a
//! forgotten policy fails closed (and the authorization matrix test finds it).

use crate::SharedState;
use crate::error::{ApiError, Failure, PageError};
use crate::http::cookies;
use crate::i18n::Lang;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::access::{Decision, Permission, Principal, decide};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::assignment::Assignment;
use jinzai_domain::people::staff::Staff;
use jinzai_store::AuditEvent;
use jinzai_store::accounts::SessionPolicy;
use std::convert::Infallible;

/// The header API clients with a session send the CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field (or, for file uploads, query parameter) forms send it in.
pub const CSRF_FIELD: &str = "_csrf";

/// Session settings and how cookies are marked.
#[derive(Debug, Clone, Copy, Default)]
pub struct AuthSettings {
    pub session: SessionPolicy,
    /// Served over TLS: cookies get `Secure`.
    pub secure_cookies: bool,
}

/// The request's principal and session, set by [`authenticate`].
#[derive(Debug, Clone, Default)]
pub struct Current {
    pub principal: Principal,
    /// The session's secret and CSRF token, when a cookie signed them in.
    pub session: Option<(String, String)>,
    /// A session cookie came but named no live session.
    pub expired: bool,
    /// The client's address (`local` when the server was not told it),
    /// which refusals are counted by.
    pub source: String,
}

tokio::task_local! {
    /// The request's principal, for page chrome (the navigation shows the
    /// user and only the areas they may open). Never used to decide access.
    pub static CHROME: Current;
}

/// Handlers take the principal with this extractor.
#[derive(Debug, Clone)]
pub struct Who(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for Who {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Who(parts
            .extensions
            .get::<Current>()
            .map(|c| c.principal.clone())
            .unwrap_or_default()))
    }
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Marks a response as decided by the policy.
#[derive(Debug, Clone, Copy)]
struct PolicyChecked;

/// Refuses the request unless the policy allows `permission`.
pub(crate) async fn require(permission: Permission, req: Request, next: Next) -> Response {
    let current = req
        .extensions()
        .get::<Current>()
        .cloned()
        .unwrap_or_default();
    // Nested routers see their path without the prefix: take the original.
    let path = req
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| req.uri().path().to_owned(), |u| u.path().to_owned());
    let lang = Lang::from_headers(req.headers());
    let decision = decide(&current.principal, permission);
    let mut res = match decision {
        Decision::Allow => next.run(req).await,
        Decision::SignIn => sign_in_first(&path, req.uri().query(), current.expired),
        Decision::Deny => {
            tracing::info!(actor = %current.principal.actor(), %path, ?permission, "denied");
            let f = Failure::Forbidden(Message::new("forbidden"));
            if is_api(&path) {
                ApiError(f).into_response()
            } else {
                PageError(f, lang).into_response()
            }
        }
    };
    res.extensions_mut().insert(PolicyChecked);
    // The route-level decision, for clients and for the authorization
    // matrix test (handlers may still narrow what an allowed request sees).
    res.headers_mut().insert(
        POLICY_HEADER,
        axum::http::HeaderValue::from_static(match decision {
            Decision::Allow => "allow",
            Decision::SignIn => "sign-in",
            Decision::Deny => "deny",
        }),
    );
    res
}

/// The response header that tells the route-level policy decision.
pub const POLICY_HEADER: &str = "x-jinzai-policy";

/// Not signed in: pages go to the sign-in form and come back; the API says
/// 401.
fn sign_in_first(path: &str, query: Option<&str>, expired: bool) -> Response {
    if is_api(path) {
        return ApiError(Failure::Unauthorized(if expired {
            Message::new("auth_session_expired")
        } else {
            Message::new("auth_sign_in_or_token")
        }))
        .into_response();
    }
    let back = match query {
        Some(q) => format!("{path}?{q}"),
        None => path.to_owned(),
    };
    let mut to = format!("/login?next={}", urlencode(&back));
    if expired {
        to.push_str("&expired=1");
    }
    Redirect::to(&to).into_response()
}

pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

/// Resolves the principal, checks CSRF on state-changing requests, runs the
/// rest with the principal set, and fails closed on routes without a policy.
pub async fn authenticate(
    State(state): State<SharedState>,
    mut req: Request,
    next: Next,
) -> Response {
    let today = state.clock().today();
    let now = state.clock().now();
    let path = req.uri().path().to_owned();
    let lang = Lang::from_headers(req.headers());
    let mut current = Current {
        source: req
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or_else(|| "local".to_owned(), |c| c.0.ip().to_string()),
        ..Current::default()
    };
    let bearer = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .map(str::to_owned);
    if let Some(token) = bearer {
        match state.store.token_principal(&token, today).await {
            Ok(Some(p)) => current.principal = p,
            Ok(None) => {
                security_event(
                    &state,
                    &current.source,
                    "anonymous",
                    "token_refused",
                    ("security", &path),
                )
                .await;
                return ApiError(Failure::Unauthorized(Message::new("auth_token_refused")))
                    .into_response();
            }
            Err(e) => return ApiError(e.into()).into_response(),
        }
    } else if let Some(secret) = cookies::read(req.headers(), cookies::SESSION) {
        match state.store.session(&secret, state.auth.session, now).await {
            Ok(Some(s)) => match state.store.principal(s.user_id, today).await {
                Ok(Some(p)) => {
                    current.principal = p;
                    current.session = Some((secret, s.csrf_token));
                }
                Ok(None) => current.expired = true,
                Err(e) => return failure(&path, e.into(), lang),
            },
            Ok(None) => current.expired = true,
            Err(e) => return failure(&path, e.into(), lang),
        }
    }
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && let Some((_, token)) = &current.session {
        let (checked, rebuilt) = csrf_ok(req, token).await;
        req = rebuilt;
        if !checked {
            security_event(
                &state,
                &current.source,
                &current.principal.actor(),
                "csrf_refused",
                ("security", &path),
            )
            .await;
            return failure(
                &path,
                Failure::Forbidden(Message::new("csrf_refused")),
                lang,
            );
        }
    }
    if current.expired {
        // Logged once: the stale cookie is cleared with this response.
        security_event(
            &state,
            &current.source,
            "anonymous",
            "session_refused",
            ("security", &path),
        )
        .await;
    }
    let expired = current.expired;
    req.extensions_mut().insert(current.clone());
    let mut res = CHROME.scope(current, next.run(req)).await;
    // Unless this very response starts a new session (signing in again).
    if expired && !cookies::starts_session(&res) {
        res = cookies::set(res, &[cookies::removal(cookies::SESSION, "/")]);
    }
    // A path no route has (404) or a method its route does not declare
    // (405, with the `Allow` header the router sets) reaches no handler
    // and no data: neither needs a policy.
    let unrouted = matches!(
        res.status(),
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
    );
    if res.extensions().get::<PolicyChecked>().is_none() && !unrouted {
        tracing::error!(%path, "route without a policy");
        return failure(
            &path,
            Failure::Internal(Message::new("auth_route_without_policy").arg("path", &path)),
            lang,
        );
    }
    res
}

fn failure(path: &str, f: Failure, lang: Lang) -> Response {
    if is_api(path) {
        ApiError(f).into_response()
    } else {
        PageError(f, lang).into_response()
    }
}

/// Body bytes read to find a form's CSRF field (forms are small; uploads
/// carry the token in the query string instead).
const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// The token from the header, the query string, or a urlencoded form body
/// (the body is put back for the handler).
async fn csrf_ok(req: Request, token: &str) -> (bool, Request) {
    let matches = |v: &str| !token.is_empty() && constant_time_eq(v.as_bytes(), token.as_bytes());
    if let Some(v) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return (matches(v), req);
    }
    let from_query = req.uri().query().and_then(|q| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v)
    });
    if let Some(v) = from_query {
        return (matches(&v), req);
    }
    let is_form = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return (false, req);
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
        return (false, Request::from_parts(parts, Body::empty()));
    };
    let found = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|f| f.into_iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v));
    let ok = found.is_some_and(|v| matches(&v));
    (ok, Request::from_parts(parts, Body::from(bytes)))
}

/// Compares secrets in time independent of where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

/// Logs a refused request (a bad token, session or CSRF token, a failed
/// sign-in) from client `source`: the first of its kind from that source
/// in a minute at once, the rest as one count when the minute is over
/// (see [`crate::security_log`]), so a flood cannot grow the log without
/// bound.
pub async fn security_event(
    state: &SharedState,
    source: &str,
    actor: &str,
    action: &str,
    record: (&str, &str),
) {
    let minute = state.clock().now().timestamp().div_euclid(60);
    match state.security.note(source, action, minute, actor, record) {
        crate::security_log::Decision::Counted => {}
        crate::security_log::Decision::Write(earlier) => {
            write_repeats(state, earlier).await;
            audit(
                state,
                actor,
                action,
                record,
                serde_json::json!({ "source": source }),
            )
            .await;
        }
    }
}

/// Writes the counts of refusals that were only counted.
pub async fn write_repeats(state: &SharedState, counts: Vec<crate::security_log::Repeats>) {
    for r in counts {
        let from = chrono::DateTime::from_timestamp(r.minute * 60, 0)
            .map(jinzai_domain::clock::stamp)
            .unwrap_or_default();
        audit(
            state,
            &r.actor,
            &r.action,
            (&r.record.0, &r.record.1),
            serde_json::json!({ "source": r.source, "repeats": r.repeats, "minute_from": from }),
        )
        .await;
    }
}

/// Writes an audit entry; a failure to log is logged, not shown.
pub async fn audit(
    state: &SharedState,
    actor: &str,
    action: &str,
    record: (&str, &str),
    detail: serde_json::Value,
) {
    let entry = AuditEvent {
        actor,
        action,
        record_type: record.0,
        record_key: record.1,
        detail,
    };
    if let Err(e) = state.store.audit(entry).await {
        tracing::error!(error = %e, "audit log write failed");
    }
}

/// May `who` read staff member `number`'s record? Checked against the
/// policy's scope and the units the member serves in today; a permitted
/// read by someone other than the member is written to the audit log.
pub async fn read_staff(state: &SharedState, who: &Principal, number: &str) -> Result<(), Failure> {
    let scope = jinzai_domain::access::staff_scope(who);
    let today = state.clock().today();
    let units = match &scope {
        jinzai_domain::access::StaffScope::Units { .. } => {
            state.store.staff_units_on(number, today).await?
        }
        _ => Vec::new(),
    };
    if !scope.covers(number, &units) {
        return Err(Failure::Forbidden(
            Message::new("auth_staff_outside_scope").arg("number", number),
        ));
    }
    if who.staff_number.as_deref() != Some(number) {
        audit(
            state,
            &who.actor(),
            "read",
            ("staff", number),
            serde_json::json!({}),
        )
        .await;
    }
    Ok(())
}

/// The members of unit `code` on `on` whom `who` may see, or `None` when
/// they may see none of them. HR and health staff see everyone who served
/// there. A 所属長's scope is the staff of their units *today*: on any date
/// asked, past or future, they see only those members who are theirs today
/// (and themselves), never someone who has since moved elsewhere.
pub async fn visible_members(
    state: &SharedState,
    who: &Principal,
    code: &str,
    on: chrono::NaiveDate,
) -> Result<Option<Vec<(Staff, Assignment)>>, Failure> {
    use jinzai_domain::access::StaffScope;
    let scope = jinzai_domain::access::staff_scope(who);
    match &scope {
        StaffScope::All => Ok(Some(state.store.unit_members(code, on).await?)),
        StaffScope::Units { units, .. } if units.iter().any(|u| u == code) => {
            let today = state.clock().today();
            let mut theirs = std::collections::HashSet::new();
            for unit in units {
                for (s, _) in state.store.unit_members(unit, today).await? {
                    theirs.insert(s.number.to_string());
                }
            }
            let members = state.store.unit_members(code, on).await?;
            Ok(Some(
                members
                    .into_iter()
                    .filter(|(s, _)| {
                        let n = s.number.to_string();
                        theirs.contains(&n) || scope.covers(&n, &[])
                    })
                    .collect(),
            ))
        }
        _ => Ok(None),
    }
}
