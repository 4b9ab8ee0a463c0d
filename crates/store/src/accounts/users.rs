//! Accounts and their roles: made, changed, read; the principal a request
//! acts as.

use super::*;
use crate::conn::{BeginWrite, Conn, on_conn};

impl Store {
    /// Creates an account with its roles.
    pub async fn create_user(
        &self,
        user: &NewUser,
        actor: &str,
    ) -> std::result::Result<i64, StoreError> {
        let login = user.login.trim();
        if login.is_empty()
            || login.chars().count() > 64
            || login.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(StoreError::refused(
                "login",
                "invalid",
                Message::new("accounts_login_bad"),
            ));
        }
        check_password(&user.password)?;
        check_grants(&user.grants)?;
        let hash = hash_password(user.password.clone()).await?;
        let now = self.now();
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let exists = sqlx::query("SELECT 1 AS one FROM users WHERE login = $1")
                .bind(login)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_some() {
                return Err(StoreError::refused(
                    "login",
                    "invalid",
                    Message::new("accounts_login_taken").arg("login", login),
                ));
            }
            let id: i64 = sqlx::query(
                "INSERT INTO users (login, display_name, password_hash, staff_number, disabled, created_at, password_changed_at) \
                 VALUES ($1, $2, $3, $4, 0, $5, $5) RETURNING id",
            )
            .bind(login)
            .bind(user.display_name.trim())
            .bind(&hash)
            .bind(user.staff_number.as_ref())
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
            insert_grants((&mut *tx).into(), id, &user.grants).await?;
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
            Ok::<i64, StoreError>(id)
        })?;
        Ok(id)
    }

    /// Replaces an account's roles.
    pub async fn set_grants(
        &self,
        user_id: i64,
        grants: &[Grant],
        actor: &str,
    ) -> std::result::Result<(), StoreError> {
        check_grants(grants)?;
        let before = self.existing_user(user_id).await?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            insert_grants((&mut *tx).into(), user_id, grants).await?;
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
            Ok::<(), StoreError>(())
        })
    }

    /// Enables or disables an account; disabling ends its sessions.
    pub async fn set_disabled(
        &self,
        user_id: i64,
        disabled: bool,
        actor: &str,
    ) -> std::result::Result<(), StoreError> {
        let before = self.existing_user(user_id).await?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
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
            Ok::<(), StoreError>(())
        })
    }

    /// Sets (or, with `None`, clears) the address an account's notices are
    /// also sent to; audited. The address is checked by the caller.
    pub async fn set_email(
        &self,
        user_id: i64,
        email: Option<&str>,
        actor: &str,
    ) -> std::result::Result<(), StoreError> {
        let before = self.existing_user(user_id).await?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE users SET email = $1 WHERE id = $2")
                .bind(email)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            crate::audit::append(
                self,
                (&mut *tx).into(),
                &AuditEvent {
                    actor,
                    action: "update",
                    record_type: "account",
                    record_key: &before.login,
                    detail: serde_json::json!({ "email": { "old": before.email, "new": email } }),
                },
            )
            .await?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })
    }

    /// The account `user_id`, or an error naming the field.
    pub(super) async fn existing_user(
        &self,
        user_id: i64,
    ) -> std::result::Result<UserInfo, StoreError> {
        self.user(user_id).await?.ok_or(StoreError::refused(
            "user",
            "invalid",
            Message::new("accounts_no_account").arg("id", user_id),
        ))
    }

    /// Sets a new password and ends the account's other sessions.
    pub async fn set_password(
        &self,
        user_id: i64,
        password: &str,
        keep_session: Option<&str>,
        actor: &str,
    ) -> std::result::Result<(), StoreError> {
        check_password(password)?;
        let user = self.existing_user(user_id).await?;
        let hash = hash_password(password.to_owned()).await?;
        let keep = keep_session.map(secret_hash).unwrap_or_default();
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
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
            Ok::<(), StoreError>(())
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
        let headed: Vec<UnitCode> = user
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
            "SELECT id, login, display_name, staff_number, disabled, created_at, email FROM users WHERE {filter} ORDER BY login"
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
                let unit = (!unit.is_empty()).then(|| UnitCode::stored(unit));
                grants
                    .entry(g.try_get("user_id")?)
                    .or_default()
                    .push(Grant { role, unit });
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
                        email: r.try_get("email")?,
                    })
                })
                .collect()
        })
    }
}

/// Records an account's roles, on `conn` (the write's transaction).
async fn insert_grants(conn: Conn<'_>, user_id: i64, grants: &[Grant]) -> Result<()> {
    on_conn!(conn, |c| {
        for g in grants {
            sqlx::query("INSERT INTO user_roles (user_id, role, unit_code) VALUES ($1, $2, $3)")
                .bind(user_id)
                .bind(g.role.code())
                .bind(g.unit.as_deref().unwrap_or_default())
                .execute(&mut *c)
                .await?;
        }
    });
    Ok(())
}
