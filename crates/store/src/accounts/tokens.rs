//! API tokens: issued for one role, listed, revoked, resolved.

use super::*;
use crate::conn::BeginWrite;

impl Store {
    /// Issues an API token for one role the user holds; returns the secret
    /// (shown once).
    pub async fn issue_token(
        &self,
        user_id: i64,
        role: Role,
        name: &str,
        issued_by: &str,
    ) -> std::result::Result<(i64, String), StoreError> {
        let user = self.existing_user(user_id).await?;
        if !user.grants.iter().any(|g| g.role == role) {
            return Err(StoreError::refused(
                "role",
                "invalid",
                Message::new("accounts_role_not_held")
                    .arg("login", &user.login)
                    .each("role", role.label_ja(), role.label_en()),
            ));
        }
        let secret = format!("jz_{}", new_secret()?);
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
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
            let mut tx = pool.begin_write().await?;
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
