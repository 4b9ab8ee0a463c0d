//! Administration: accounts and their roles, API tokens, the audit log.
//! Every change here is itself written to the audit log.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::access::Role;
use jinzai_domain::i18n::Message;
use jinzai_service::accounts::{create_account, issue, parse_grants};
use jinzai_store::StoreError;
use jinzai_store::accounts::{NewUser, TokenInfo, UserInfo, grants_text, parse_staff_number};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/admin_users.html")]
pub struct UsersPage {
    pub nav: Nav,
    pub users: Vec<(UserInfo, String)>,
    pub role_help: String,
    pub errors: Vec<String>,
    pub done: String,
}

async fn users_page(
    state: &SharedState,
    lang: Lang,
    errors: Vec<String>,
    done: String,
) -> Result<UsersPage, PageError> {
    let users = state
        .store
        .users()
        .await
        .map_err(|e| PageError(e.into(), lang))?;
    Ok(UsersPage {
        nav: nav(lang, None, "admin", "/admin/users".into()),
        users: users
            .into_iter()
            .map(|u| {
                let g = grants_text(&u.grants);
                (u, g)
            })
            .collect(),
        role_help: Role::ALL
            .iter()
            .map(|r| format!("{} = {}", r.code(), lang.pick(r.label_ja(), r.label_en())))
            .collect::<Vec<_>>()
            .join(" / "),
        errors,
        done,
    })
}

fn respond(page: &impl Template, lang: Lang, ok: bool) -> Result<Response, PageError> {
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, render(page, lang)?).into_response())
}

pub async fn users(State(state): State<SharedState>, lang: Lang) -> PageResult {
    render(
        &users_page(&state, lang, Vec::new(), String::new()).await?,
        lang,
    )
}

/// The accounts page again, with the problem shown (422); a store failure
/// is an error page.
async fn refused(state: &SharedState, lang: Lang, e: StoreError) -> Result<Response, PageError> {
    match e {
        StoreError::Refused(errors) => {
            let page = users_page(state, lang, field_lines(&errors, lang), String::new()).await?;
            respond(&page, lang, false)
        }
        other => Err(PageError(other.into(), lang)),
    }
}

/// "field: message" for each refused field, in the reader's language.
fn field_lines(errors: &[jinzai_domain::progress::FieldError], lang: Lang) -> Vec<String> {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, lang.say(&e.message)))
        .collect()
}

#[derive(Deserialize)]
pub struct NewUserForm {
    login: String,
    display_name: String,
    password: String,
    #[serde(default)]
    staff_number: String,
    roles: String,
}

pub async fn create_user(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(f): Form<NewUserForm>,
) -> Result<Response, PageError> {
    let created = match parse_staff_number(&f.staff_number) {
        Ok(staff_number) => {
            let user = NewUser {
                login: f.login,
                display_name: f.display_name,
                password: f.password,
                staff_number,
                grants: Vec::new(),
            };
            create_account(&state.store, &who.actor(), user, &f.roles).await
        }
        Err(e) => Err(e),
    };
    match created {
        Ok((_, user)) => {
            let done = format!("{} {}", lang.t("account_created"), user.login);
            respond(
                &users_page(&state, lang, Vec::new(), done).await?,
                lang,
                true,
            )
        }
        Err(e) => refused(&state, lang, e).await,
    }
}

#[derive(Deserialize)]
pub struct RolesForm {
    roles: String,
}

pub async fn set_roles(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(f): Form<RolesForm>,
) -> Result<Response, PageError> {
    let changed = match parse_grants(&f.roles) {
        Ok(grants) => state.store.set_grants(id, &grants, &who.actor()).await,
        Err(e) => Err(e),
    };
    match changed {
        Ok(()) => Ok(Redirect::to("/admin/users").into_response()),
        Err(e) => refused(&state, lang, e).await,
    }
}

#[derive(Deserialize)]
pub struct DisabledForm {
    disabled: String,
}

pub async fn set_disabled(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(f): Form<DisabledForm>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let disabled = f.disabled == "1";
    if disabled && Some(id) == who.user_id {
        return Err(fail(Failure::BadRequest {
            code: "self_disable",
            message: Message::new("cannot_disable_self"),
        }));
    }
    match state.store.set_disabled(id, disabled, &who.actor()).await {
        Ok(()) => Ok(Redirect::to("/admin/users").into_response()),
        Err(e) => refused(&state, lang, e).await,
    }
}

#[derive(Template)]
#[template(path = "accounts/admin_tokens.html")]
pub struct TokensPage {
    pub nav: Nav,
    pub tokens: Vec<TokenInfo>,
    pub issued: String,
    pub errors: Vec<String>,
}

async fn tokens_page(
    state: &SharedState,
    lang: Lang,
    issued: String,
    errors: Vec<String>,
) -> Result<TokensPage, PageError> {
    let tokens = state
        .store
        .tokens()
        .await
        .map_err(|e| PageError(e.into(), lang))?;
    let tokens = tokens
        .into_iter()
        .map(|mut t| {
            t.created_at = crate::view::when(&t.created_at);
            t.revoked_at = t.revoked_at.as_deref().map(crate::view::when);
            t
        })
        .collect();
    Ok(TokensPage {
        nav: nav(lang, None, "admin", "/admin/tokens".into()),
        tokens,
        issued,
        errors,
    })
}

pub async fn tokens(State(state): State<SharedState>, lang: Lang) -> PageResult {
    render(
        &tokens_page(&state, lang, String::new(), Vec::new()).await?,
        lang,
    )
}

#[derive(Deserialize)]
pub struct TokenForm {
    login: String,
    role: String,
    name: String,
}

pub async fn issue_token(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(f): Form<TokenForm>,
) -> Result<Response, PageError> {
    match issue(&state.store, &who.actor(), &f.login, &f.role, &f.name).await {
        Ok((_, secret)) => respond(
            &tokens_page(&state, lang, secret, Vec::new()).await?,
            lang,
            true,
        ),
        Err(StoreError::Refused(errors)) => respond(
            &tokens_page(&state, lang, String::new(), field_lines(&errors, lang)).await?,
            lang,
            false,
        ),
        Err(e) => Err(PageError(e.into(), lang)),
    }
}

pub async fn revoke_token(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    state
        .store
        .revoke_token(id, &who.actor())
        .await
        .map_err(|e| PageError(e.into(), lang))?;
    Ok(Redirect::to("/admin/tokens").into_response())
}
