//! What HR has published to citizens: fiscal years of a plan's progress.

use crate::conn::BeginWrite;
use crate::progress::log_plan_year;
use crate::{Result, Store, StoreError, on_pool};
use jinzai_domain::FiscalYear;
use serde::Serialize;
use sqlx::Row;

/// A published year of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Publication {
    pub plan_code: String,
    pub fiscal_year: i32,
    pub published_at: String,
    pub published_by: String,
}

impl Store {
    /// Publishes a year; false when it already was.
    pub async fn publish_year(
        &self,
        plan_id: i64,
        year: FiscalYear,
        by: &str,
        actor: &str,
    ) -> Result<bool> {
        self.set_published(plan_id, year, Some(by), actor).await
    }

    /// Withdraws a year from the public page; false when it was not there.
    pub async fn unpublish_year(
        &self,
        plan_id: i64,
        year: FiscalYear,
        actor: &str,
    ) -> Result<bool> {
        self.set_published(plan_id, year, None, actor).await
    }

    /// Publishes (`by` given) or withdraws a year, with its audit entry.
    async fn set_published(
        &self,
        plan_id: i64,
        year: FiscalYear,
        by: Option<&str>,
        actor: &str,
    ) -> Result<bool> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = match by {
                Some(by) => sqlx::query(
                    "INSERT INTO publications (plan_id, fiscal_year, published_at, published_by) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (plan_id, fiscal_year) DO NOTHING",
                )
                .bind(plan_id)
                .bind(i64::from(year.0))
                .bind(self.now())
                .bind(by)
                .execute(&mut *tx)
                .await?,
                None => sqlx::query("DELETE FROM publications WHERE plan_id = $1 AND fiscal_year = $2")
                    .bind(plan_id)
                    .bind(i64::from(year.0))
                    .execute(&mut *tx)
                    .await?,
            };
            if done.rows_affected() == 0 {
                return Ok(false);
            }
            log_plan_year(
                self,
                (&mut *tx).into(),
                (plan_id, year),
                (
                    actor,
                    if by.is_some() { "publish" } else { "unpublish" },
                    "publication",
                ),
                serde_json::json!({ "by": by }),
            )
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Every published year of every plan, by plan and year.
    pub async fn publications(&self) -> Result<Vec<Publication>> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(
                "SELECT p.code, u.fiscal_year, u.published_at, u.published_by \
                   FROM publications u JOIN plans p ON p.id = u.plan_id ORDER BY p.code, u.fiscal_year",
            )
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(Publication {
                        plan_code: r.try_get("code")?,
                        fiscal_year: i32::try_from(r.try_get::<i64, _>("fiscal_year")?)
                            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                        published_at: r.try_get("published_at")?,
                        published_by: r.try_get("published_by")?,
                    })
                })
                .collect()
        })
    }
}
