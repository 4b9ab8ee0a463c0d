//! Accounts, tokens and the audit log over the API (administrators), and
//! who the caller is (anyone signed in).

use crate::SharedState;
use crate::auth::Who;
use crate::error::{ApiError, Failure};
use crate::http::extract::Path;
use crate::http::json_body;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jinzai_domain::access::Grant;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::{StaffNumber, UnitCode};
use jinzai_service::accounts::{create_account, issue};
use jinzai_store::StoreError;
use jinzai_store::accounts::NewUser;
use jinzai_store::accounts::{TokenInfo, UserInfo};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

fn account_error(e: StoreError) -> ApiError {
    match e {
        StoreError::Refused(errors) if !errors.is_empty() => ApiError(Failure::BadRequest {
            code: "invalid_account",
            message: errors[0].message.clone(),
        }),
        other => other.into(),
    }
}

/// The caller.
#[derive(Serialize, ToSchema)]
pub struct Me {
    login: String,
    display_name: String,
    roles: Vec<Grant>,
    /// The staff record the account belongs to.
    staff_number: Option<StaffNumber>,
    /// Units a 所属長 sees today (headed units and their sub-units).
    managed_units: Vec<UnitCode>,
}

#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, description = "The caller: login, roles, linked staff number, units headed", body = Me)))]
pub async fn me(Who(who): Who) -> Json<Me> {
    Json(Me {
        login: who.login,
        display_name: who.display_name,
        roles: who.grants,
        staff_number: who.staff_number,
        managed_units: who.managed_units,
    })
}

/// One's address for notices (null or empty: none).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailPayload {
    email: Option<String>,
}

/// The address after the call.
#[derive(Serialize, ToSchema)]
pub struct EmailState {
    email: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/me/email", tag = "accounts", request_body = EmailPayload,
    responses((status = 200, description = "Saved: notices are also e-mailed there (null: the inbox only)", body = EmailState),
        (status = 422, description = "Not an e-mail address (error.fields names `email`)")))]
pub async fn set_email(
    State(state): State<SharedState>,
    Who(who): Who,
    body: axum::body::Bytes,
) -> Result<Json<EmailState>, ApiError> {
    let p: EmailPayload = crate::http::json_body(&body)?;
    let id = who.user_id.ok_or_else(|| {
        ApiError(crate::error::Failure::Unauthorized(
            jinzai_domain::i18n::Message::new("sign_in"),
        ))
    })?;
    let email = jinzai_service::accounts::set_email(
        &state.store,
        id,
        p.email.as_deref().unwrap_or_default(),
        &who.actor(),
    )
    .await?;
    Ok(Json(EmailState { email }))
}

/// Every account.
#[derive(Serialize, ToSchema)]
pub struct Users {
    users: Vec<UserInfo>,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "accounts",
    responses((status = 200, description = "Every account (no secrets)", body = Users)))]
pub async fn users(State(state): State<SharedState>) -> Result<Json<Users>, ApiError> {
    Ok(Json(Users {
        users: state.store.users().await?,
    }))
}

/// An account created.
#[derive(Serialize, ToSchema)]
pub struct UserCreated {
    id: i64,
    login: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserPayload {
    login: String,
    display_name: String,
    password: String,
    staff_number: Option<StaffNumber>,
    /// "hr, manager:K01"
    roles: String,
}

#[utoipa::path(post, path = "/api/v1/users", tag = "accounts", request_body = NewUserPayload,
    responses((status = 201, description = "Created", body = UserCreated), (status = 400, description = "A field is wrong (named in the message)")))]
pub async fn create_user(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Response, ApiError> {
    let p: NewUserPayload = json_body(&body)?;
    let user = NewUser {
        login: p.login,
        display_name: p.display_name,
        password: p.password,
        staff_number: p.staff_number,
        grants: Vec::new(),
    };
    let (id, user) = create_account(&state.store, &who.actor(), user, &p.roles)
        .await
        .map_err(account_error)?;
    Ok((
        StatusCode::CREATED,
        Json(UserCreated {
            id,
            login: user.login,
        }),
    )
        .into_response())
}

/// Every API token.
#[derive(Serialize, ToSchema)]
pub struct Tokens {
    tokens: Vec<TokenInfo>,
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts",
    responses((status = 200, description = "Every API token (no secrets)", body = Tokens)))]
pub async fn tokens(State(state): State<SharedState>) -> Result<Json<Tokens>, ApiError> {
    Ok(Json(Tokens {
        tokens: state.store.tokens().await?,
    }))
}

/// A token issued: the secret is shown here and only here.
#[derive(Serialize, ToSchema)]
pub struct TokenIssued {
    id: i64,
    token: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenPayload {
    login: String,
    role: String,
    name: String,
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = TokenPayload,
    responses((status = 201, description = "Issued: the secret is in the response, and only there", body = TokenIssued)))]
pub async fn issue_token(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Response, ApiError> {
    let p: TokenPayload = json_body(&body)?;
    let (id, secret) = issue(&state.store, &who.actor(), &p.login, &p.role, &p.name)
        .await
        .map_err(account_error)?;
    Ok((StatusCode::CREATED, Json(TokenIssued { id, token: secret })).into_response())
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts", params(("id" = i64, Path)),
    responses((status = 204, description = "Revoked"), (status = 404, description = "No such live token")))]
pub async fn revoke_token(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    if !state.store.revoke_token(id, &who.actor()).await? {
        return Err(ApiError(Failure::NotFound(
            Message::new("accounts_no_live_token").arg("id", id),
        )));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
