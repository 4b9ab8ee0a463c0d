//! Suspected leaks of health records and their two reports (see
//! `jinzai_domain::health::leak`). They need no health key: a leak is
//! reported whether or not the records can be opened.

use super::staff_id;
use crate::conn::BeginWrite;
use crate::people::{day, log_write};
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::health::leak::{Leak, Report};
use jinzai_domain::i18n::Message;
use serde::Serialize;

/// A person affected, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Affected {
    pub staff_number: String,
    pub name: String,
}

/// A leak as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredLeak {
    pub id: i64,
    pub discovered_on: NaiveDate,
    pub description: String,
    pub intentional: bool,
    pub preliminary_due: NaiveDate,
    pub final_due: NaiveDate,
    pub preliminary_sent_on: Option<NaiveDate>,
    pub final_sent_on: Option<NaiveDate>,
    pub affected: Vec<Affected>,
    pub recorded_by: String,
    pub recorded_at: String,
}

type LeakRow = (
    i64,
    String,
    String,
    i32,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
);

impl Store {
    /// Records a suspected leak with its deadlines and the people affected
    /// (each must be known: refused at `affected[i]`), audited.
    pub async fn put_leak(&self, l: &Leak, actor: &str) -> Result<StoredLeak> {
        let (pre, fin) = l.deadlines();
        let now = self.now();
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO health_leaks (discovered_on, description, intentional, preliminary_due, final_due, \
                 recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(l.discovered_on.to_string())
            .bind(l.description.trim())
            .bind(i32::from(l.intentional))
            .bind(pre.to_string())
            .bind(fin.to_string())
            .bind(actor)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?;
            // Every unknown number named at once; nothing written then.
            let mut ids = Vec::new();
            let mut unknown = Vec::new();
            for (i, n) in l.affected.iter().enumerate() {
                match staff_id((&mut *tx).into(), n).await {
                    Ok(id) => ids.push(id),
                    Err(StoreError::Refused(v)) => unknown.extend(v.into_iter().map(|mut f| {
                        f.field = format!("affected[{i}]").into();
                        f
                    })),
                    Err(other) => return Err(other),
                }
            }
            if !unknown.is_empty() {
                return Err(StoreError::Refused(unknown));
            }
            let mut seen = std::collections::BTreeSet::new();
            for staff in ids {
                if seen.insert(staff) {
                    sqlx::query(
                        "INSERT INTO health_leak_people (leak_id, staff_id) VALUES ($1, $2)",
                    )
                    .bind(id)
                    .bind(staff)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "record",
                    record_type: "health_leak",
                    record_key: &id.to_string(),
                    detail: serde_json::json!({
                        "discovered_on": l.discovered_on, "people": seen.len(),
                        "preliminary_due": pre, "final_due": fin,
                    }),
                },
            )
            .await?;
            tx.commit().await?;
            id
        });
        self.leak(id).await
    }

    /// Every leak recorded, the latest discovered first.
    pub async fn leaks(&self) -> Result<Vec<StoredLeak>> {
        let rows: Vec<LeakRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, discovered_on, description, intentional, preliminary_due, final_due, preliminary_sent_on, \
                 final_sent_on, recorded_by, recorded_at FROM health_leaks ORDER BY discovered_on DESC, id DESC",
            )
            .fetch_all(pool)
            .await?
        });
        let people: Vec<(i64, String, String)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT p.leak_id, s.number, s.name FROM health_leak_people p JOIN staff s ON s.id = p.staff_id \
                 ORDER BY s.number",
            )
            .fetch_all(pool)
            .await?
        });
        let opt = |d: Option<String>| d.as_deref().map(day).transpose();
        rows.into_iter()
            .map(|r| {
                Ok(StoredLeak {
                    id: r.0,
                    discovered_on: day(&r.1)?,
                    description: r.2,
                    intentional: r.3 != 0,
                    preliminary_due: day(&r.4)?,
                    final_due: day(&r.5)?,
                    preliminary_sent_on: opt(r.6)?,
                    final_sent_on: opt(r.7)?,
                    affected: people
                        .iter()
                        .filter(|p| p.0 == r.0)
                        .map(|p| Affected {
                            staff_number: p.1.clone(),
                            name: p.2.clone(),
                        })
                        .collect(),
                    recorded_by: r.8,
                    recorded_at: r.9,
                })
            })
            .collect()
    }

    /// One leak.
    pub async fn leak(&self, id: i64) -> Result<StoredLeak> {
        self.leaks()
            .await?
            .into_iter()
            .find(|l| l.id == id)
            .ok_or_else(|| StoreError::NotFound(Message::new("leak_unknown").arg("id", id)))
    }

    /// Marks a report sent on `sent_on` (checked by the caller), audited;
    /// refused at `report` when it was marked meanwhile.
    pub async fn mark_leak_report(
        &self,
        id: i64,
        (report, sent_on): (Report, NaiveDate),
        actor: &str,
    ) -> Result<StoredLeak> {
        let column = match report {
            Report::Preliminary => "preliminary_sent_on",
            Report::Final => "final_sent_on",
        };
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(&format!(
                "UPDATE health_leaks SET {column} = $1 WHERE id = $2 AND {column} IS NULL"
            ))
            .bind(sent_on.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::refused(
                    "report",
                    "already_sent",
                    Message::new("leak_already_sent").arg("day", sent_on.to_string()),
                ));
            }
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "report",
                    record_type: "health_leak",
                    record_key: &id.to_string(),
                    detail: serde_json::json!({ "report": report, "sent_on": sent_on }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        self.leak(id).await
    }
}
