//! Signing in (with throttling) and the sessions it opens.

use super::*;

impl Store {
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
}
