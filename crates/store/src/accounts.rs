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
    pub staff_number: Option<String>,
    pub grants: Vec<Grant>,
}

/// An account as listed for administrators (no secrets).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInfo {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    pub staff_number: Option<String>,
    pub disabled: bool,
    pub grants: Vec<Grant>,
    pub created_at: String,
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

/// Why an account could not be made or changed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: Message,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for AccountError {
    fn from(e: sqlx::Error) -> Self {
        AccountError::Store(e.into())
    }
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

fn check_password(password: &str) -> std::result::Result<(), AccountError> {
    if password.chars().count() < 10 {
        return Err(AccountError::Invalid {
            field: "password",
            message: Message::new("accounts_password_short"),
        });
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

impl Store {
    /// Creates an account with its roles.
    pub async fn create_user(
        &self,
        user: &NewUser,
        actor: &str,
    ) -> std::result::Result<i64, AccountError> {
        let login = user.login.trim();
        if login.is_empty()
            || login.chars().count() > 64
            || login.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(AccountError::Invalid {
                field: "login",
                message: Message::new("accounts_login_bad"),
            });
        }
        check_password(&user.password)?;
        check_grants(&user.grants)?;
        let hash = hash_password(user.password.clone()).await?;
        let now = self.now();
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let exists = sqlx::query("SELECT 1 AS one FROM users WHERE login = $1")
                .bind(login)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_some() {
                return Err(AccountError::Invalid {
                    field: "login",
                    message: Message::new("accounts_login_taken").arg("login", login),
                });
            }
            let id: i64 = sqlx::query(
                "INSERT INTO users (login, display_name, password_hash, staff_number, disabled, created_at, password_changed_at) \
                 VALUES ($1, $2, $3, $4, 0, $5, $5) RETURNING id",
            )
            .bind(login)
            .bind(user.display_name.trim())
            .bind(&hash)
            .bind(user.staff_number.as_deref().filter(|s| !s.is_empty()))
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
            for g in &user.grants {
                sqlx::query(
                    "INSERT INTO user_roles (user_id, role, unit_code) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(g.role.code())
                .bind(g.unit.clone().unwrap_or_default())
                .execute(&mut *tx)
                .await?;
            }
            crate::audit::append(
                self,
                (&mut *tx).into(),
                &AuditEvent {
                    actor,
                    action: "create",
                    record_type: "account",
                    record_key: login,
                    detail: serde_json::json!({ "new": {
                        "id": id,
                        "display_name": user.display_name.trim(),
                        "staff_number": user.staff_number,
                        "roles": grants_text(&user.grants),
                    } }),
                },
            )
            .await?;
            tx.commit().await?;
            Ok::<i64, AccountError>(id)
        })?;
        Ok(id)
    }

    /// Replaces an account's roles.
    pub async fn set_grants(
        &self,
        user_id: i64,
        grants: &[Grant],
        actor: &str,
    ) -> std::result::Result<(), AccountError> {
        check_grants(grants)?;
        let before = self.existing_user(user_id).await?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            for g in grants {
                sqlx::query(
                    "INSERT INTO user_roles (user_id, role, unit_code) VALUES ($1, $2, $3)",
                )
                .bind(user_id)
                .bind(g.role.code())
                .bind(g.unit.clone().unwrap_or_default())
                .execute(&mut *tx)
                .await?;
            }
            crate::audit::append(
                self,
                (&mut *tx).into(),
                &AuditEvent {
                    actor,
                    action: "update",
                    record_type: "account",
                    record_key: &before.login,
                    detail: serde_json::json!({ "roles": {
                        "old": grants_text(&before.grants),
                        "new": grants_text(grants),
                    } }),
                },
            )
            .await?;
            tx.commit().await?;
            Ok::<(), AccountError>(())
        })
    }

    /// Enables or disables an account; disabling ends its sessions.
    pub async fn set_disabled(
        &self,
        user_id: i64,
        disabled: bool,
        actor: &str,
    ) -> std::result::Result<(), AccountError> {
        let before = self.existing_user(user_id).await?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
                .bind(i64::from(disabled))
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            if disabled {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
            crate::audit::append(self, (&mut *tx).into(), &AuditEvent {
                    actor,
                    action: "update",
                    record_type: "account",
                    record_key: &before.login,
                    detail: serde_json::json!({ "disabled": { "old": before.disabled, "new": disabled } }),
                }).await?;
            tx.commit().await?;
            Ok::<(), AccountError>(())
        })
    }

    /// The account `user_id`, or an error naming the field.
    async fn existing_user(&self, user_id: i64) -> std::result::Result<UserInfo, AccountError> {
        self.user(user_id).await?.ok_or(AccountError::Invalid {
            field: "user",
            message: Message::new("accounts_no_account").arg("id", user_id),
        })
    }

    /// Sets a new password and ends the account's other sessions.
    pub async fn set_password(
        &self,
        user_id: i64,
        password: &str,
        keep_session: Option<&str>,
        actor: &str,
    ) -> std::result::Result<(), AccountError> {
        check_password(password)?;
        let user = self.existing_user(user_id).await?;
        let hash = hash_password(password.to_owned()).await?;
        let keep = keep_session.map(secret_hash).unwrap_or_default();
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
            )
            .bind(&hash)
            .bind(self.now())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                .bind(user_id)
                .bind(&keep)
                .execute(&mut *tx)
                .await?;
            crate::audit::append(
                self,
                (&mut *tx).into(),
                &AuditEvent {
                    actor,
                    action: "password_change",
                    record_type: "account",
                    record_key: &user.login,
                    detail: serde_json::json!({}),
                },
            )
            .await?;
            tx.commit().await?;
            Ok::<(), AccountError>(())
        })
    }

    /// Checks a password; counts failures per login and throttles.
    pub async fn sign_in(&self, login: &str, password: &str, now: DateTime<Utc>) -> Result<SignIn> {
        let login = login.trim();
        let at = stamp(now);
        let (row, failure) = on_pool!(self, |pool| {
            let row = sqlx::query("SELECT id, password_hash, disabled FROM users WHERE login = $1")
                .bind(login)
                .fetch_optional(pool)
                .await?
                .map(|r| {
                    Ok::<_, StoreError>((
                        r.try_get::<i64, _>("id")?,
                        r.try_get::<String, _>("password_hash")?,
                        r.try_get::<i64, _>("disabled")? != 0,
                    ))
                })
                .transpose()?;
            let failure = sqlx::query(
                "SELECT failures, first_failed, locked_until FROM login_failures WHERE login = $1",
            )
            .bind(login)
            .fetch_optional(pool)
            .await?
            .map(|r| {
                Ok::<_, StoreError>((
                    r.try_get::<i64, _>("failures")?,
                    r.try_get::<String, _>("first_failed")?,
                    r.try_get::<Option<String>, _>("locked_until")?,
                ))
            })
            .transpose()?;
            Ok::<_, StoreError>((row, failure))
        })?;
        if let Some((_, _, Some(until))) = &failure
            && *until > at
        {
            return Ok(SignIn::Throttled {
                until: until.clone(),
            });
        }
        let hash = row.as_ref().map(|r| r.1.clone());
        let matches = verify_password(password.to_owned(), hash).await;
        match row {
            Some((id, _, false)) if matches => {
                on_pool!(self, |pool| {
                    sqlx::query("DELETE FROM login_failures WHERE login = $1")
                        .bind(login)
                        .execute(pool)
                        .await?;
                    Ok::<(), StoreError>(())
                })?;
                Ok(SignIn::Ok { user_id: id })
            }
            _ => {
                // A new window when the last one is over.
                let window_start = stamp(now - FAILURE_WINDOW);
                let (failures, first) = match failure {
                    Some((n, first, _)) if first > window_start => (n + 1, first),
                    _ => (1, at.clone()),
                };
                let locked = (failures >= MAX_FAILURES).then(|| stamp(now + FAILURE_WINDOW));
                on_pool!(self, |pool| {
                    sqlx::query(
                        "INSERT INTO login_failures (login, failures, first_failed, locked_until) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (login) DO UPDATE SET failures = $2, first_failed = $3, locked_until = $4",
                    )
                    .bind(login)
                    .bind(failures)
                    .bind(&first)
                    .bind(&locked)
                    .execute(pool)
                    .await?;
                    Ok::<(), StoreError>(())
                })?;
                Ok(match locked {
                    Some(until) => SignIn::Throttled { until },
                    None => SignIn::Refused,
                })
            }
        }
    }

    /// Starts a session; returns the cookie secret (shown once).
    pub async fn create_session(
        &self,
        user_id: i64,
        policy: SessionPolicy,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let secret = new_secret()?;
        let csrf = new_secret()?;
        let expires = stamp(now + policy.idle.min(policy.absolute));
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen, expires_at) VALUES ($1, $2, $3, $4, $4, $5)",
            )
            .bind(secret_hash(&secret))
            .bind(user_id)
            .bind(&csrf)
            .bind(stamp(now))
            .bind(&expires)
            .execute(pool)
            .await?;
            Ok::<(), StoreError>(())
        })?;
        Ok(secret)
    }

    /// The live session a cookie names, extended for `policy.idle`; an
    /// expired one is deleted and `None` returned.
    pub async fn session(
        &self,
        secret: &str,
        policy: SessionPolicy,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionInfo>> {
        let key = secret_hash(secret);
        on_pool!(self, |pool| {
            let Some(r) = sqlx::query(
                "SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen, s.expires_at, u.disabled \
                   FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
            )
            .bind(&key)
            .fetch_optional(pool)
            .await?
            else {
                return Ok(None);
            };
            let expires: String = r.try_get("expires_at")?;
            let created: String = r.try_get("created_at")?;
            let last_seen: String = r.try_get("last_seen")?;
            let at = stamp(now);
            if expires <= at || r.try_get::<i64, _>("disabled")? != 0 {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(&key)
                    .execute(pool)
                    .await?;
                return Ok(None);
            }
            // Extend at most once a minute: a page's assets do not each write.
            if stamp(now - Duration::minutes(1)) > last_seen {
                let absolute_end = DateTime::parse_from_rfc3339(&created)
                    .map(|c| c.with_timezone(&Utc) + policy.absolute)
                    .unwrap_or(now);
                let new_expiry = stamp((now + policy.idle).min(absolute_end));
                sqlx::query(
                    "UPDATE sessions SET last_seen = $1, expires_at = $2 WHERE token_hash = $3",
                )
                .bind(&at)
                .bind(&new_expiry)
                .bind(&key)
                .execute(pool)
                .await?;
            }
            Ok(Some(SessionInfo {
                user_id: r.try_get("user_id")?,
                csrf_token: r.try_get("csrf_token")?,
            }))
        })
    }

    /// Ends a session (sign-out).
    pub async fn end_session(&self, secret: &str) -> Result<()> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(secret_hash(secret))
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// The person behind an account, with their roles and (for a 所属長) the
    /// units they head as of `today` with those units' sub-units.
    pub async fn principal(&self, user_id: i64, today: NaiveDate) -> Result<Option<Principal>> {
        let Some(user) = self.user(user_id).await? else {
            return Ok(None);
        };
        if user.disabled {
            return Ok(None);
        }
        let headed: Vec<String> = user
            .grants
            .iter()
            .filter(|g| g.role == Role::Manager)
            .filter_map(|g| g.unit.clone())
            .collect();
        let managed_units = if headed.is_empty() {
            Vec::new()
        } else {
            let units = self.units().await?;
            jinzai_domain::people::unit::with_descendants(&units, &headed, today)
        };
        Ok(Some(Principal {
            user_id: Some(user.id),
            login: user.login,
            display_name: user.display_name,
            grants: user.grants,
            staff_number: user.staff_number,
            managed_units,
        }))
    }

    /// One account.
    pub async fn user(&self, user_id: i64) -> Result<Option<UserInfo>> {
        Ok(self.find_users("id = $1", Key::Id(user_id)).await?.pop())
    }

    /// Every account, by login.
    pub async fn users(&self) -> Result<Vec<UserInfo>> {
        self.find_users("id > $1", Key::Id(0)).await
    }

    /// The account with `login`.
    pub async fn user_by_login(&self, login: &str) -> Result<Option<UserInfo>> {
        Ok(self
            .find_users("login = $1", Key::Login(login))
            .await?
            .pop())
    }

    /// Accounts matching `filter` (over `users`, with `$1` bound to `key`)
    /// and their roles. Each request resolves its principal through here,
    /// so one account is read by its key, never by scanning them all.
    async fn find_users(&self, filter: &str, key: Key<'_>) -> Result<Vec<UserInfo>> {
        let users_sql = format!(
            "SELECT id, login, display_name, staff_number, disabled, created_at FROM users WHERE {filter} ORDER BY login"
        );
        let grants_sql = format!(
            "SELECT user_id, role, unit_code FROM user_roles WHERE user_id IN (SELECT id FROM users WHERE {filter}) \
             ORDER BY role, unit_code"
        );
        on_pool!(self, |pool| {
            let (rows, grant_rows) = match key {
                Key::Id(id) => (
                    sqlx::query(&users_sql).bind(id).fetch_all(pool).await?,
                    sqlx::query(&grants_sql).bind(id).fetch_all(pool).await?,
                ),
                Key::Login(login) => (
                    sqlx::query(&users_sql).bind(login).fetch_all(pool).await?,
                    sqlx::query(&grants_sql).bind(login).fetch_all(pool).await?,
                ),
            };
            let mut grants: HashMap<i64, Vec<Grant>> = HashMap::new();
            for g in &grant_rows {
                let code: String = g.try_get("role")?;
                let role = Role::from_code(&code)
                    .ok_or_else(|| StoreError::Corrupt(format!("unknown role {code:?}")))?;
                let unit: String = g.try_get("unit_code")?;
                grants
                    .entry(g.try_get("user_id")?)
                    .or_default()
                    .push(Grant {
                        role,
                        unit: (!unit.is_empty()).then_some(unit),
                    });
            }
            rows.iter()
                .map(|r| {
                    let id: i64 = r.try_get("id")?;
                    Ok(UserInfo {
                        id,
                        login: r.try_get("login")?,
                        display_name: r.try_get("display_name")?,
                        staff_number: r.try_get("staff_number")?,
                        disabled: r.try_get::<i64, _>("disabled")? != 0,
                        grants: grants.remove(&id).unwrap_or_default(),
                        created_at: r.try_get("created_at")?,
                    })
                })
                .collect()
        })
    }

    /// Issues an API token for one role the user holds; returns the secret
    /// (shown once).
    pub async fn issue_token(
        &self,
        user_id: i64,
        role: Role,
        name: &str,
        issued_by: &str,
    ) -> std::result::Result<(i64, String), AccountError> {
        let user = self.existing_user(user_id).await?;
        if !user.grants.iter().any(|g| g.role == role) {
            return Err(AccountError::Invalid {
                field: "role",
                message: Message::new("accounts_role_not_held")
                    .arg("login", &user.login)
                    .each("role", role.label_ja(), role.label_en()),
            });
        }
        let secret = format!("jz_{}", new_secret()?);
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query(
                "INSERT INTO api_tokens (token_hash, name, user_id, role, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(secret_hash(&secret))
            .bind(name.trim())
            .bind(user_id)
            .bind(role.code())
            .bind(issued_by)
            .bind(self.now())
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
            crate::audit::append(self, (&mut *tx).into(), &AuditEvent {
                    actor: issued_by,
                    action: "create",
                    record_type: "api_token",
                    record_key: &id.to_string(),
                    detail: serde_json::json!({ "new": { "login": user.login, "role": role.code(), "name": name.trim() } }),
                }).await?;
            tx.commit().await?;
            Ok::<i64, StoreError>(id)
        })?;
        Ok((id, secret))
    }

    /// Revokes a token; false when there was none to revoke.
    pub async fn revoke_token(&self, id: i64, actor: &str) -> Result<bool> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
            )
            .bind(self.now())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Ok(false);
            }
            crate::audit::append(
                self,
                (&mut *tx).into(),
                &AuditEvent {
                    actor,
                    action: "revoke",
                    record_type: "api_token",
                    record_key: &id.to_string(),
                    detail: serde_json::json!({}),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Every token, newest first.
    pub async fn tokens(&self) -> Result<Vec<TokenInfo>> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(
                "SELECT t.id, t.name, u.login, t.role, t.created_by, t.created_at, t.revoked_at \
                   FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id DESC",
            )
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    let code: String = r.try_get("role")?;
                    Ok(TokenInfo {
                        id: r.try_get("id")?,
                        name: r.try_get("name")?,
                        login: r.try_get("login")?,
                        role: Role::from_code(&code)
                            .ok_or_else(|| StoreError::Corrupt(format!("unknown role {code:?}")))?,
                        created_by: r.try_get("created_by")?,
                        created_at: r.try_get("created_at")?,
                        revoked_at: r.try_get("revoked_at")?,
                    })
                })
                .collect()
        })
    }

    /// The principal an API token stands for: its user with only the
    /// token's role. `None` for an unknown or revoked token.
    pub async fn token_principal(
        &self,
        secret: &str,
        today: NaiveDate,
    ) -> Result<Option<Principal>> {
        let found = on_pool!(self, |pool| {
            let r = sqlx::query(
                "SELECT user_id, role FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
            )
            .bind(secret_hash(secret))
            .fetch_optional(pool)
            .await?;
            r.map(|r| {
                Ok::<_, StoreError>((
                    r.try_get::<i64, _>("user_id")?,
                    r.try_get::<String, _>("role")?,
                ))
            })
            .transpose()
        })?;
        let Some((user_id, role)) = found else {
            return Ok(None);
        };
        let Some(mut p) = self.principal(user_id, today).await? else {
            return Ok(None);
        };
        p.grants.retain(|g| g.role.code() == role);
        if !p.grants.iter().any(|g| g.role == Role::Manager) {
            p.managed_units.clear();
        }
        Ok(Some(p))
    }
}

fn check_grants(grants: &[Grant]) -> std::result::Result<(), AccountError> {
    for g in grants {
        match (g.role, &g.unit) {
            (Role::Manager, None) => {
                return Err(AccountError::Invalid {
                    field: "roles",
                    message: Message::new("accounts_manager_needs_unit"),
                });
            }
            (Role::Manager, Some(_)) | (_, None) => {}
            (r, Some(_)) => {
                return Err(AccountError::Invalid {
                    field: "roles",
                    message: Message::new("accounts_unit_for_managers_only").each(
                        "role",
                        r.label_ja(),
                        r.label_en(),
                    ),
                });
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
pub fn parse_role(text: &str, field: &'static str) -> std::result::Result<Role, AccountError> {
    Role::from_code(text.trim()).ok_or_else(|| AccountError::Invalid {
        field,
        message: Message::new("accounts_role_unknown").arg("role", text).arg(
            "roles",
            Role::ALL
                .iter()
                .map(|r| r.code())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    })
}

/// Parses "hr", "manager:K01", "所属長:K01".
pub fn parse_grant(text: &str) -> std::result::Result<Grant, AccountError> {
    let (role, unit) = match text.split_once(':') {
        Some((r, u)) => (r.trim(), Some(u.trim().to_owned())),
        None => (text.trim(), None),
    };
    let role = parse_role(role, "roles")?;
    let g = Grant {
        role,
        unit: unit.filter(|u| !u.is_empty()),
    };
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
