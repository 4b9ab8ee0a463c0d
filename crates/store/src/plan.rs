//! Plans and their versions.

use crate::audit::AuditEvent;
use crate::conn::BeginWrite;
use crate::{Result, Store, StoreError, on_pool};
use jinzai_domain::Plan;
use serde::Serialize;
use sqlx::Row;

/// What importing a plan file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", content = "version", rename_all = "snake_case")]
pub enum ImportOutcome {
    /// A new plan, version 1.
    Created(i64),
    /// The plan existed and changed: a new version; older ones are kept.
    NewVersion(i64),
    /// Identical to the latest version: nothing written.
    Unchanged(i64),
}

impl ImportOutcome {
    pub fn version(self) -> i64 {
        match self {
            ImportOutcome::Created(v)
            | ImportOutcome::NewVersion(v)
            | ImportOutcome::Unchanged(v) => v,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanSummary {
    pub code: String,
    pub title: String,
    pub version: i64,
    pub first_year: i32,
    pub last_year: i32,
    pub imported_at: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanVersionInfo {
    pub version: i64,
    pub title: String,
    pub imported_at: String,
    pub imported_by: String,
}

/// A plan as stored: the validated tree and which version it is.
#[derive(Debug, Clone)]
pub struct StoredPlan {
    pub id: i64,
    pub plan: Plan,
    pub version: i64,
    pub imported_at: String,
    pub source_toml: String,
}

fn decode_plan(json: &str, code: &str) -> Result<Plan> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("plan {code:?}: {e}")))
}

impl Store {
    /// Stores `plan`; a changed plan becomes a new version, an identical one
    /// writes nothing. One transaction, with its audit entry by `actor`.
    pub async fn import_plan(
        &self,
        plan: &Plan,
        source_toml: &str,
        by: &str,
        actor: &str,
    ) -> Result<ImportOutcome> {
        on_pool!(self, |pool| {
            let content =
                serde_json::to_string(plan).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let mut tx = pool.begin_write().await?;
            let existing = sqlx::query("SELECT id FROM plans WHERE code = $1")
                .bind(&plan.code)
                .fetch_optional(&mut *tx)
                .await?;
            let (plan_id, created) = match existing {
                Some(row) => (row.try_get::<i64, _>("id")?, false),
                None => {
                    let row = sqlx::query(
                        "INSERT INTO plans (code, created_at) VALUES ($1, $2) RETURNING id",
                    )
                    .bind(&plan.code)
                    .bind(self.now())
                    .fetch_one(&mut *tx)
                    .await?;
                    (row.try_get::<i64, _>("id")?, true)
                }
            };
            let latest = sqlx::query(
            "SELECT version, content_json FROM plan_versions WHERE plan_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(plan_id)
        .fetch_optional(&mut *tx)
        .await?;
            let next = match latest {
                Some(row) => {
                    let version: i64 = row.try_get("version")?;
                    let json: String = row.try_get("content_json")?;
                    if json == content {
                        tx.rollback().await?;
                        return Ok(ImportOutcome::Unchanged(version));
                    }
                    version + 1
                }
                None => 1,
            };
            sqlx::query(
            "INSERT INTO plan_versions (plan_id, version, title, content_json, source_toml, imported_at, imported_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(plan_id)
        .bind(next)
        .bind(&plan.title)
        .bind(&content)
        .bind(source_toml)
        .bind(self.now())
        .bind(by)
        .execute(&mut *tx)
        .await?;
            // A measure the new version adds joins the plan's rounds as
            // not started (so a year's closing counts it).
            for m in plan.measures() {
                sqlx::query(
                    "INSERT INTO round_cells (round_id, node_code, state, updated_at)
                     SELECT id, $1, 'not_started', $2 FROM rounds WHERE plan_id = $3
                     ON CONFLICT DO NOTHING",
                )
                .bind(&m.code)
                .bind(self.now())
                .bind(plan_id)
                .execute(&mut *tx)
                .await?;
            }
            let outcome = if created {
                ImportOutcome::Created(next)
            } else {
                ImportOutcome::NewVersion(next)
            };
            crate::audit::append(
                self,
                (&mut *tx).into(),
                &AuditEvent {
                    actor,
                    action: "import",
                    record_type: "plan",
                    record_key: &plan.code,
                    detail: serde_json::json!({ "result": outcome, "by": by }),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(outcome)
        })
    }

    pub async fn list_plans(&self) -> Result<Vec<PlanSummary>> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(
                "SELECT p.code, v.version, v.content_json, v.imported_at
               FROM plans p JOIN plan_versions v ON v.plan_id = p.id
              WHERE v.version = (SELECT MAX(version) FROM plan_versions WHERE plan_id = p.id)
              ORDER BY p.code",
            )
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    let code: String = r.try_get("code")?;
                    let plan = decode_plan(&r.try_get::<String, _>("content_json")?, &code)?;
                    Ok(PlanSummary {
                        code,
                        title: plan.title,
                        version: r.try_get("version")?,
                        first_year: plan.first_year.0,
                        last_year: plan.last_year.0,
                        imported_at: r.try_get("imported_at")?,
                    })
                })
                .collect()
        })
    }

    /// The latest version of a plan, or a given one.
    pub async fn load_plan(&self, code: &str, version: Option<i64>) -> Result<StoredPlan> {
        on_pool!(self, |pool| {
            let row = sqlx::query(
                "SELECT p.id, v.version, v.content_json, v.source_toml, v.imported_at
               FROM plans p JOIN plan_versions v ON v.plan_id = p.id
              WHERE p.code = $1 AND ($2 < 0 OR v.version = $2)
              ORDER BY v.version DESC LIMIT 1",
            )
            .bind(code)
            .bind(version.unwrap_or(-1))
            .fetch_optional(pool)
            .await?
            .ok_or_else(|| StoreError::PlanNotFound(code.to_owned()))?;
            Ok(StoredPlan {
                id: row.try_get("id")?,
                plan: decode_plan(&row.try_get::<String, _>("content_json")?, code)?,
                version: row.try_get("version")?,
                imported_at: row.try_get("imported_at")?,
                source_toml: row.try_get("source_toml")?,
            })
        })
    }

    pub async fn plan_versions(&self, code: &str) -> Result<Vec<PlanVersionInfo>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT v.version, v.title, v.imported_at, v.imported_by \
                 FROM plans p JOIN plan_versions v ON v.plan_id = p.id \
                 WHERE p.code = $1 ORDER BY v.version",
            )
            .bind(code)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Every version of a plan, oldest first (for target history).
    pub async fn all_plan_versions(&self, code: &str) -> Result<Vec<(i64, Plan)>> {
        let rows: Vec<(i64, String)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT v.version, v.content_json FROM plans p JOIN plan_versions v ON v.plan_id = p.id \
                 WHERE p.code = $1 ORDER BY v.version",
            )
            .bind(code)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(version, json)| Ok((version, decode_plan(&json, code)?)))
            .collect()
    }
}
