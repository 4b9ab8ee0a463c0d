//! Administration: accounts and their roles, API tokens, the audit log.
//! Every change here is itself written to the audit log.

use super::Nav;
use super::plan::{PageResult, nav, render};
use crate::SharedState;
use crate::auth::{Who, audit as log};
use crate::error::{Failure, PageError};
use crate::i18n::Lang;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use jinzai_domain::access::{Grant, Role};
use jinzai_domain::report::{Column, Table, Value};
use jinzai_store::accounts::{
    AccountError, NewUser, TokenInfo, UserInfo, grants_text, parse_grant,
};
use jinzai_store::{AuditEntry, AuditQuery};
use serde::Deserialize;
use serde_json::json;

/// Parses "hr, manager:K01" into grants.
pub fn parse_grants(text: &str) -> Result<Vec<Grant>, AccountError> {
    text.split([',', '、', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(parse_grant)
        .collect()
}

#[derive(Template)]
#[template(path = "admin_users.html")]
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

/// Creates an account from its roles text; shared by the page and the API.
pub async fn create_account(
    state: &SharedState,
    actor: &str,
    user: NewUser,
    roles: &str,
) -> Result<(i64, NewUser), AccountError> {
    let user = NewUser {
        grants: parse_grants(roles)?,
        staff_number: user.staff_number.filter(|s| !s.trim().is_empty()),
        ..user
    };
    let id = state.store.create_user(&user, actor).await?;
    Ok((id, user))
}

/// The accounts page again, with the problem shown (422); a store failure
/// is an error page.
async fn refused(state: &SharedState, lang: Lang, e: AccountError) -> Result<Response, PageError> {
    match e {
        AccountError::Invalid { field, message } => {
            let page = users_page(
                state,
                lang,
                vec![format!("{field}: {message}")],
                String::new(),
            )
            .await?;
            respond(&page, lang, false)
        }
        AccountError::Store(e) => Err(PageError(e.into(), lang)),
    }
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
    let user = NewUser {
        login: f.login,
        display_name: f.display_name,
        password: f.password,
        staff_number: Some(f.staff_number),
        grants: Vec::new(),
    };
    match create_account(&state, &who.actor(), user, &f.roles).await {
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
            message: lang.t("cannot_disable_self").to_owned(),
        }));
    }
    match state.store.set_disabled(id, disabled, &who.actor()).await {
        Ok(()) => Ok(Redirect::to("/admin/users").into_response()),
        Err(e) => refused(&state, lang, e).await,
    }
}

#[derive(Template)]
#[template(path = "admin_tokens.html")]
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

/// Issues a token for `login`'s `role`; the secret is shown once.
pub async fn issue(
    state: &SharedState,
    actor: &str,
    login: &str,
    role: &str,
    name: &str,
) -> Result<(i64, String), AccountError> {
    let user = state
        .store
        .user_by_login(login.trim())
        .await?
        .ok_or_else(|| AccountError::Invalid {
            field: "login",
            message: format!("ログイン名「{login}」のアカウントはありません"),
        })?;
    let role = Role::from_code(role.trim()).ok_or_else(|| AccountError::Invalid {
        field: "role",
        message: format!("役割「{role}」はありません"),
    })?;
    state.store.issue_token(user.id, role, name, actor).await
}

pub async fn issue_token(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(f): Form<TokenForm>,
) -> Result<Response, PageError> {
    match issue(&state, &who.actor(), &f.login, &f.role, &f.name).await {
        Ok((_, secret)) => respond(
            &tokens_page(&state, lang, secret, Vec::new()).await?,
            lang,
            true,
        ),
        Err(AccountError::Invalid { field, message }) => respond(
            &tokens_page(
                &state,
                lang,
                String::new(),
                vec![format!("{field}: {message}")],
            )
            .await?,
            lang,
            false,
        ),
        Err(AccountError::Store(e)) => Err(PageError(e.into(), lang)),
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

#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct AuditForm {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub record_type: String,
    #[serde(default)]
    pub record_key: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    pub page: Option<i64>,
}

pub const AUDIT_PAGE: i64 = 100;

impl AuditForm {
    pub fn query(&self, limit: i64) -> Result<AuditQuery, Failure> {
        let day = |s: &str, field: &'static str| -> Result<Option<NaiveDate>, Failure> {
            if s.trim().is_empty() {
                return Ok(None);
            }
            jinzai_domain::date::parse_date(s)
                .map(Some)
                .map_err(|e| Failure::BadRequest {
                    code: "bad_date",
                    message: format!("{field}: {e}"),
                })
        };
        Ok(AuditQuery {
            actor: self.actor.trim().to_owned(),
            record_type: self.record_type.trim().to_owned(),
            record_key: self.record_key.trim().to_owned(),
            from: day(&self.from, "from")?,
            to: day(&self.to, "to")?,
            limit,
            offset: (self.page.unwrap_or(1).max(1) - 1) * limit,
        })
    }
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
pub struct AuditPage {
    pub nav: Nav,
    pub form: AuditForm,
    pub entries: Vec<(AuditEntry, String)>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub query_string: String,
}

pub async fn audit(
    State(state): State<SharedState>,
    lang: Lang,
    Query(form): Query<AuditForm>,
) -> PageResult {
    let q = form.query(AUDIT_PAGE).map_err(|e| PageError(e, lang))?;
    let (entries, total) = state
        .store
        .audit_entries(&q)
        .await
        .map_err(|e| PageError(e.into(), lang))?;
    let mut filters = form.clone();
    filters.page = None;
    let query_string = serde_urlencoded::to_string([
        ("actor", &filters.actor),
        ("record_type", &filters.record_type),
        ("record_key", &filters.record_key),
        ("from", &filters.from),
        ("to", &filters.to),
    ])
    .unwrap_or_default();
    render(
        &AuditPage {
            nav: nav(lang, None, "audit", "/admin/audit".into()),
            entries: entries
                .into_iter()
                .map(|mut e| {
                    let d = e.detail.to_string();
                    e.at = crate::view::when(&e.at);
                    (e, d)
                })
                .collect(),
            total,
            page: form.page.unwrap_or(1).max(1),
            pages: (total + AUDIT_PAGE - 1) / AUDIT_PAGE,
            form,
            query_string,
        },
        lang,
    )
}

/// The audit log as a table (for CSV and Excel).
pub fn audit_table(entries: &[AuditEntry]) -> Table {
    let col = |key: &str, label: &str| Column {
        key: key.to_owned(),
        label: label.to_owned(),
    };
    Table {
        title: "監査ログ".to_owned(),
        columns: vec![
            col("seq", "番号"),
            col("at", "日時"),
            col("actor", "操作者"),
            col("action", "操作"),
            col("record_type", "対象の種類"),
            col("record_key", "対象"),
            col("detail", "内容"),
            col("hash", "ハッシュ"),
        ],
        rows: entries
            .iter()
            .map(|e| {
                vec![
                    Value::Number(e.seq as f64),
                    Value::Text(e.at.clone()),
                    Value::Text(e.actor.clone()),
                    Value::Text(e.action.clone()),
                    Value::Text(e.record_type.clone()),
                    Value::Text(e.record_key.clone()),
                    Value::Text(e.detail.to_string()),
                    Value::Text(e.hash.clone()),
                ]
            })
            .collect(),
        row_codes: entries.iter().map(|e| e.seq.to_string()).collect(),
    }
}

pub async fn audit_download(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(form): Query<AuditForm>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let mut q = form.query(i64::MAX / 2).map_err(fail)?;
    q.offset = 0;
    let (entries, _) = state
        .store
        .audit_entries(&q)
        .await
        .map_err(|e| fail(e.into()))?;
    let bytes = jinzai_io::export(
        &audit_table(&entries),
        jinzai_io::Format::Csv,
        jinzai_io::Encoding::Utf8Bom,
    )
    .map_err(|e| fail(Failure::Internal(e.to_string())))?;
    log(
        &state,
        &who.actor(),
        "export",
        ("audit_log", ""),
        json!({ "entries": entries.len() }),
    )
    .await;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit-log.csv\"".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}
