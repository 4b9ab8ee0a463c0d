//! The city's own closures (臨時閉庁日), kept by HR; the national rules are
//! the domain's (`jinzai_domain::calendar`).

use crate::conn::BeginWrite;
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::calendar::WorkCalendar;
use jinzai_domain::i18n::Message;
use serde::Serialize;

/// A closure as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Closure {
    pub day: String,
    pub reason: String,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl Store {
    /// Every closure, by day.
    pub async fn closures(&self) -> Result<Vec<Closure>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT day, reason, recorded_by, recorded_at FROM city_closures ORDER BY day",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// The calendar due dates are counted on: the national rules and these
    /// closures.
    pub async fn work_calendar(&self) -> Result<WorkCalendar> {
        let mut closures = std::collections::BTreeMap::new();
        for c in self.closures().await? {
            let day = NaiveDate::parse_from_str(&c.day, "%Y-%m-%d")
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            closures.insert(day, c.reason);
        }
        Ok(WorkCalendar::new(closures))
    }

    /// Records (or re-words) a closure; audited.
    pub async fn set_closure(&self, day: NaiveDate, reason: &str, actor: &str) -> Result<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::refused(
                "reason",
                "required",
                Message::new("calendar_reason_required"),
            ));
        }
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO city_closures (day, reason, recorded_by, recorded_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (day) DO UPDATE SET reason = $2, recorded_by = $3, recorded_at = $4",
            )
            .bind(day.to_string())
            .bind(reason)
            .bind(actor)
            .bind(self.now())
            .execute(&mut *tx)
            .await?;
            crate::audit::append(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "set",
                    record_type: "city_closure",
                    record_key: &day.to_string(),
                    detail: serde_json::json!({ "reason": reason }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Removes a closure; false when there was none. Audited.
    pub async fn remove_closure(&self, day: NaiveDate, actor: &str) -> Result<bool> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query("DELETE FROM city_closures WHERE day = $1")
                .bind(day.to_string())
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 0 {
                return Ok(false);
            }
            crate::audit::append(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "remove",
                    record_type: "city_closure",
                    record_key: &day.to_string(),
                    detail: serde_json::json!({}),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }
}
