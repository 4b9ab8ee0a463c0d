//! Signing in and out, and one's own account (password change).
//!
//! The sign-in form is protected from cross-site posting by a
//! double-submit cookie (there is no session yet); everything after it by
//! the session's CSRF token.

use crate::SharedState;
use crate::auth::{Who, audit, constant_time_eq};
use crate::error::{Failure, PageError};
use crate::http::cookies;
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::i18n::Message;
use jinzai_store::StoreError;
use jinzai_store::accounts::{SignIn, new_secret};
use serde::Deserialize;
use serde_json::json;

#[derive(Template, Default)]
#[template(path = "accounts/login.html")]
pub struct LoginPage {
    pub nav: Nav,
    pub next: String,
    pub login: String,
    pub csrf: String,
    pub error: String,
    pub notice: String,
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    expired: Option<String>,
}

/// Only same-site paths are followed after signing in.
fn safe_next(next: Option<&str>) -> String {
    next.and_then(crate::http::local_path)
        .unwrap_or_else(|| "/plans".to_owned())
}

fn login_page(lang: Lang, page: LoginPage, status: StatusCode) -> Result<Response, PageError> {
    let body = render(
        &LoginPage {
            nav: nav(lang, None, "login", "/login".into()),
            ..page
        },
        lang,
    )?;
    Ok((status, body).into_response())
}

pub async fn login_form(lang: Lang, Query(q): Query<LoginQuery>) -> Result<Response, PageError> {
    let token = new_secret().map_err(|e| PageError(e.into(), lang))?;
    let page = LoginPage {
        next: safe_next(q.next.as_deref()),
        csrf: token.clone(),
        notice: if q.expired.is_some() {
            lang.t("session_expired").to_owned()
        } else {
            String::new()
        },
        ..LoginPage::default()
    };
    let res = login_page(lang, page, StatusCode::OK)?;
    Ok(cookies::set(res, &[cookies::login_csrf(&token)]))
}

#[derive(Deserialize)]
pub struct LoginForm {
    login: String,
    password: String,
    next: Option<String>,
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
}

pub async fn login(
    State(state): State<SharedState>,
    axum::Extension(current): axum::Extension<crate::auth::Current>,
    lang: Lang,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, PageError> {
    let expected = cookies::read(&headers, cookies::LOGIN_CSRF).unwrap_or_default();
    let sent = f.csrf.unwrap_or_default();
    let login = f.login.trim().to_owned();
    let retry = |error: String, status: StatusCode| -> Result<Response, PageError> {
        let token = new_secret().map_err(|e| PageError(e.into(), lang))?;
        let page = LoginPage {
            next: safe_next(f.next.as_deref()),
            login: login.clone(),
            csrf: token.clone(),
            error,
            ..LoginPage::default()
        };
        Ok(cookies::set(
            login_page(lang, page, status)?,
            &[cookies::login_csrf(&token)],
        ))
    };
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), sent.as_bytes()) {
        crate::auth::security_event(
            &state,
            &current.source,
            &login,
            "csrf_refused",
            ("security", "/login"),
        )
        .await;
        return retry(
            lang.t("login_form_expired").to_owned(),
            StatusCode::FORBIDDEN,
        );
    }
    let now = state.clock().now();
    let outcome = state
        .store
        .sign_in(&login, &f.password, now)
        .await
        .map_err(|e| PageError(e.into(), lang))?;
    match outcome {
        SignIn::Ok { user_id } => {
            let secret = state
                .store
                .create_session(user_id, state.auth.session, now)
                .await
                .map_err(|e| PageError(e.into(), lang))?;
            audit(&state, &login, "sign_in", ("account", &login), json!({})).await;
            let res = Redirect::to(&safe_next(f.next.as_deref())).into_response();
            Ok(cookies::set(
                res,
                &[
                    cookies::session(&secret, &state.auth),
                    cookies::removal(cookies::LOGIN_CSRF, "/login"),
                ],
            ))
        }
        SignIn::Refused => {
            crate::auth::security_event(
                &state,
                &current.source,
                &login,
                "sign_in_failed",
                ("account", &login),
            )
            .await;
            retry(lang.t("login_refused").to_owned(), StatusCode::UNAUTHORIZED)
        }
        SignIn::Throttled { until } => {
            crate::auth::security_event(
                &state,
                &current.source,
                &login,
                "sign_in_throttled",
                ("account", &login),
            )
            .await;
            retry(
                format!("{} ({until})", lang.t("login_throttled")),
                StatusCode::TOO_MANY_REQUESTS,
            )
        }
    }
}

pub async fn logout(
    State(state): State<SharedState>,
    Who(who): Who,
    headers: HeaderMap,
) -> Response {
    if let Some(secret) = cookies::read(&headers, cookies::SESSION) {
        if let Err(e) = state.store.end_session(&secret).await {
            tracing::error!(error = %e, "ending a session");
        }
        audit(
            &state,
            &who.actor(),
            "sign_out",
            ("account", &who.login),
            json!({}),
        )
        .await;
    }
    cookies::set(
        Redirect::to("/login").into_response(),
        &[cookies::removal(cookies::SESSION, "/")],
    )
}

#[derive(Template, Default)]
#[template(path = "accounts/account.html")]
pub struct AccountPage {
    pub nav: Nav,
    pub login: String,
    pub name: String,
    pub staff_number: String,
    pub roles: Vec<String>,
    pub errors: Vec<(String, String)>,
    pub saved: bool,
    /// Where notices are e-mailed.
    pub email: String,
    pub email_error: String,
    pub email_saved: bool,
}

fn account_page(
    who: &jinzai_domain::access::Principal,
    lang: Lang,
    errors: Vec<(String, String)>,
    saved: bool,
) -> AccountPage {
    AccountPage {
        nav: nav(lang, None, "account", "/account".into()),
        login: who.login.clone(),
        name: who.display_name.clone(),
        staff_number: who.staff_number.as_deref().unwrap_or_default().to_owned(),
        roles: who
            .grants
            .iter()
            .map(|g| {
                let label = lang.pick(g.role.label_ja(), g.role.label_en()).to_owned();
                match &g.unit {
                    Some(u) => format!("{label}（{u}）"),
                    None => label,
                }
            })
            .collect(),
        errors,
        saved,
        ..AccountPage::default()
    }
}

/// The account's e-mail address as stored.
async fn stored_email(state: &SharedState, who: &jinzai_domain::access::Principal) -> String {
    match who.user_id {
        Some(id) => state
            .store
            .user(id)
            .await
            .ok()
            .flatten()
            .and_then(|u| u.email)
            .unwrap_or_default(),
        None => String::new(),
    }
}

#[derive(Deserialize)]
pub struct AccountQuery {
    #[serde(default)]
    email_saved: Option<String>,
}

pub async fn page(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    axum::extract::Query(q): axum::extract::Query<AccountQuery>,
) -> PageResult {
    let mut page = account_page(&who, lang, Vec::new(), false);
    page.email = stored_email(&state, &who).await;
    page.email_saved = q.email_saved.is_some();
    render(&page, lang)
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

/// One's own address for notices; a malformed one is shown beside the
/// field, nothing saved.
pub async fn set_email(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(f): Form<EmailForm>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let Some(user_id) = who.user_id else {
        return Err(fail(Failure::Unauthorized(Message::new("sign_in"))));
    };
    match jinzai_service::accounts::set_email(&state.store, user_id, &f.email, &who.actor()).await {
        Ok(_) => Ok(Redirect::to("/account?email_saved=1").into_response()),
        Err(Failure::Invalid(errors)) => {
            let mut page = account_page(&who, lang, Vec::new(), false);
            page.email = f.email.clone();
            page.email_error = errors
                .first()
                .map(|e| lang.say(&e.message))
                .unwrap_or_default();
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                render(&page, lang)?,
            )
                .into_response())
        }
        Err(e) => Err(fail(e)),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

pub async fn change_password(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    headers: HeaderMap,
    Form(f): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let Some(user_id) = who.user_id else {
        return Err(fail(Failure::Unauthorized(Message::new("sign_in"))));
    };
    let mut errors = Vec::new();
    if f.new != f.confirm {
        errors.push(("confirm".to_owned(), lang.t("password_mismatch").to_owned()));
    }
    if errors.is_empty() {
        match state
            .store
            .sign_in(&who.login, &f.current, state.clock().now())
            .await
        {
            Ok(SignIn::Ok { .. }) => {}
            Ok(_) => errors.push(("current".to_owned(), lang.t("password_wrong").to_owned())),
            Err(e) => return Err(fail(e.into())),
        }
    }
    if errors.is_empty() {
        let keep = cookies::read(&headers, cookies::SESSION);
        match state
            .store
            .set_password(user_id, &f.new, keep.as_deref(), &who.actor())
            .await
        {
            Ok(()) => {}
            Err(StoreError::Refused(refused)) => {
                for e in refused {
                    errors.push(("new".to_owned(), lang.say(&e.message)));
                }
            }
            Err(e) => return Err(fail(e.into())),
        }
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let saved = errors.is_empty();
    let body = render(&account_page(&who, lang, errors, saved), lang)?;
    Ok((status, body).into_response())
}
