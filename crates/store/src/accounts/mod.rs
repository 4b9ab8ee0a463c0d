//! Accounts, roles, sessions, sign-in throttling and API tokens.
//!
//! Secrets (session cookies, API tokens) are random 256-bit values shown
//! once; only their SHA-256 is stored. Passwords are argon2id hashes, made
//! and checked on a blocking thread (they take tens of milliseconds).

use crate::audit::AuditEvent;
use crate::{Result, Store, StoreError, on_pool};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use jinzai_domain::access::{Grant, Principal, Role};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::{StaffNumber, UnitCode};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::collections::HashMap;

/// What [`Store::find_users`] binds to `$1`.
#[derive(Debug, Clone, Copy)]
enum Key<'a> {
    Id(i64),
    Login(&'a str),
}

/// Failures allowed within [`FAILURE_WINDOW`] before a login is locked.
pub const MAX_FAILURES: i64 = 5;
/// The window failures are counted in, and how long a lock lasts.
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);

/// How long sessions last.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// Ended after this long without a request.
    pub idle: Duration,
    /// Ended this long after sign-in, however busy.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::minutes(30),
            absolute: Duration::hours(10),
        }
    }
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub login: String,
    pub display_name: String,
    pub password: String,
    pub staff_number: Option<StaffNumber>,
    pub grants: Vec<Grant>,
}

/// An account as listed for administrators (no secrets).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInfo {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    pub staff_number: Option<StaffNumber>,
    pub disabled: bool,
    pub grants: Vec<Grant>,
    pub created_at: String,
    /// Where notices are also sent by e-mail.
    pub email: Option<String>,
}

/// An API token as listed (the secret itself is shown once, at issue).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    pub login: String,
    pub role: Role,
    pub created_by: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// The result of a sign-in attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    Ok {
        user_id: i64,
    },
    /// Unknown login, wrong password or a disabled account (not told apart).
    Refused,
    /// Too many failures: refused until then, whatever the password.
    Throttled {
        until: String,
    },
}

/// A signed-in session, found by its cookie.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub user_id: i64,
    pub csrf_token: String,
}

pub(crate) use jinzai_domain::clock::stamp;

/// A new random secret, as 64 hex digits.
pub fn new_secret() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| StoreError::Corrupt(format!("no randomness available: {e}")))?;
    Ok(hex::encode(bytes))
}

/// How secrets are stored: their SHA-256.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn check_password(password: &str) -> std::result::Result<(), StoreError> {
    if password.chars().count() < 10 {
        return Err(StoreError::refused(
            "password",
            "invalid",
            Message::new("accounts_password_short"),
        ));
    }
    Ok(())
}

async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
        .await
        .map_err(|e| StoreError::Corrupt(format!("password hashing failed: {e}")))
}

/// Checks `password` against `hash`, or against a dummy when there is no
/// account (false either way, in the same time).
async fn verify_password(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match hash {
        Some(h) => password_auth::verify_password(password, &h).is_ok(),
        None => {
            let _ = password_auth::verify_password(password, &DUMMY_HASH);
            false
        }
    })
    .await
    .unwrap_or(false)
}

/// A hash checked for unknown logins, so that they take as long as known
/// ones (made once, on first use).
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| password_auth::generate_hash("jinzai: no such account"));

mod sessions;
mod tokens;
mod users;

fn check_grants(grants: &[Grant]) -> std::result::Result<(), StoreError> {
    for g in grants {
        match (g.role, &g.unit) {
            (Role::Manager, None) => {
                return Err(StoreError::refused(
                    "roles",
                    "invalid",
                    Message::new("accounts_manager_needs_unit"),
                ));
            }
            (Role::Manager, Some(_)) | (_, None) => {}
            (r, Some(_)) => {
                return Err(StoreError::refused(
                    "roles",
                    "invalid",
                    Message::new("accounts_unit_for_managers_only").each(
                        "role",
                        r.label_ja(),
                        r.label_en(),
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Writes grants as [`parse_grant`] reads them: "hr, manager:K01".
pub fn grants_text(grants: &[Grant]) -> String {
    grants
        .iter()
        .map(|g| match &g.unit {
            Some(u) => format!("{}:{u}", g.role.code()),
            None => g.role.code().to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The role a code (`hr`) or label (`人事担当`) names; otherwise a problem
/// with `field` that lists the roles.
pub fn parse_role(text: &str, field: &'static str) -> std::result::Result<Role, StoreError> {
    Role::from_code(text.trim()).ok_or_else(|| {
        StoreError::refused(
            field,
            "invalid",
            Message::new("accounts_role_unknown").arg("role", text).arg(
                "roles",
                Role::ALL
                    .iter()
                    .map(|r| r.code())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        )
    })
}

/// A staff number typed for an account: empty is none.
pub fn parse_staff_number(text: &str) -> std::result::Result<Option<StaffNumber>, StoreError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    StaffNumber::parse(text)
        .map(Some)
        .map_err(|m| StoreError::refused("staff_number", "invalid", m))
}

/// Parses "hr", "manager:K01", "所属長:K01".
pub fn parse_grant(text: &str) -> std::result::Result<Grant, StoreError> {
    let (role, unit) = match text.split_once(':') {
        Some((r, u)) => (r.trim(), Some(u.trim().to_owned())),
        None => (text.trim(), None),
    };
    let role = parse_role(role, "roles")?;
    let unit = unit
        .filter(|u| !u.is_empty())
        .map(|u| UnitCode::parse(&u))
        .transpose()
        .map_err(|m| StoreError::refused("roles", "invalid", m))?;
    let g = Grant { role, unit };
    check_grants(std::slice::from_ref(&g))?;
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_parse_with_units_only_for_heads() {
        assert_eq!(parse_grant("hr").unwrap().role, Role::Hr);
        assert_eq!(
            parse_grant("所属長:K01").unwrap().unit.as_deref(),
            Some("K01")
        );
        assert!(parse_grant("manager").is_err());
        assert!(parse_grant("hr:K01").is_err());
        assert!(parse_grant("root").is_err());
    }

    #[test]
    fn secrets_are_random_and_stored_hashed() {
        let a = new_secret().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_secret().unwrap());
        assert_ne!(secret_hash(&a), a);
        assert_eq!(secret_hash(&a), secret_hash(&a));
    }
}
