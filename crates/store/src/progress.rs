//! Progress revisions and year locks.

use crate::audit::AuditEvent;
use crate::conn::{BeginWrite, Conn, on_conn};
use crate::{Result, Store, StoreError, on_pool};
use jinzai_domain::FiscalYear;
use jinzai_domain::i18n::Message;
use jinzai_domain::progress::{ProgressEntry, Revision};
use serde::Serialize;
use sqlx::{FromRow, Row};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearLock {
    pub fiscal_year: i32,
    pub locked_at: String,
    pub locked_by: String,
    /// Why it was locked with measures not yet approved (HR's reason).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forced_reason: Option<String>,
}

const REVISION_COLUMNS: &str = "node_code, fiscal_year, revision, plan_version, status, actual_value, actual_unit, \
     actual_text, achievements, issues, direction, grade, grade_computed, grade_reason, target_value, \
     achievement_rate, owner_division, author, sample, recorded_at, actual_computed, override_reason, recorded_by";

/// A stored revision: flags as 0/1, the year as a 64-bit integer.
#[derive(sqlx::FromRow)]
struct RevisionRow {
    node_code: String,
    fiscal_year: i64,
    revision: i64,
    plan_version: i64,
    status: String,
    actual_value: Option<f64>,
    actual_unit: Option<String>,
    actual_text: Option<String>,
    achievements: Option<String>,
    issues: Option<String>,
    direction: Option<String>,
    grade: Option<String>,
    grade_computed: i64,
    grade_reason: Option<String>,
    target_value: Option<f64>,
    achievement_rate: Option<f64>,
    owner_division: Option<String>,
    author: String,
    sample: i64,
    recorded_at: String,
    actual_computed: i64,
    override_reason: Option<String>,
    recorded_by: Option<String>,
}

impl TryFrom<RevisionRow> for Revision {
    type Error = StoreError;

    fn try_from(r: RevisionRow) -> Result<Revision> {
        Ok(Revision {
            node_code: r.node_code,
            fiscal_year: i32::try_from(r.fiscal_year)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            revision: r.revision,
            plan_version: r.plan_version,
            recorded_at: r.recorded_at,
            sample: r.sample != 0,
            recorded_by: r.recorded_by,
            entry: ProgressEntry {
                status: r.status,
                actual_value: r.actual_value,
                actual_unit: r.actual_unit,
                actual_text: r.actual_text,
                achievements: r.achievements,
                issues: r.issues,
                direction: r.direction,
                grade: r.grade,
                grade_computed: r.grade_computed != 0,
                grade_reason: r.grade_reason,
                target_value: r.target_value,
                achievement_rate: r.achievement_rate,
                owner_division: r.owner_division,
                author: r.author,
                actual_computed: r.actual_computed != 0,
                override_reason: r.override_reason,
            },
        })
    }
}

/// Where a new revision goes.
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a> {
    pub plan_id: i64,
    pub plan_code: &'a str,
    pub plan_version: i64,
    pub node_code: &'a str,
    pub year: FiscalYear,
}

/// Appends the audit entry of a write to a plan's year (its key
/// "plan-code/year"), on `conn`.
pub(crate) async fn log_plan_year(
    store: &Store,
    mut conn: Conn<'_>,
    (plan_id, year): (i64, FiscalYear),
    (actor, action, record_type): (&str, &str, &str),
    detail: serde_json::Value,
) -> Result<()> {
    let code: String = on_conn!(conn.reborrow(), |c| {
        sqlx::query_scalar("SELECT code FROM plans WHERE id = $1")
            .bind(plan_id)
            .fetch_one(c)
            .await?
    });
    let key = format!("{code}/{}", year.0);
    crate::audit::append(
        store,
        conn,
        &AuditEvent {
            actor,
            action,
            record_type,
            record_key: &key,
            detail,
        },
    )
    .await?;
    Ok(())
}

/// Is `year` of the plan locked? On `conn`.
async fn is_locked(conn: Conn<'_>, plan_id: i64, year: FiscalYear) -> Result<bool> {
    let n: i64 = on_conn!(conn, |c| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM year_locks WHERE plan_id = $1 AND fiscal_year = $2",
        )
        .bind(plan_id)
        .bind(i64::from(year.0))
        .fetch_one(c)
        .await?
    });
    Ok(n > 0)
}

/// Appends a revision on `conn` (inside the caller's transaction), with
/// its audit entry. Refused when the year is locked, or when
/// `base_revision` is given and someone saved a newer one meanwhile.
pub(crate) async fn insert_revision(
    store: &Store,
    mut conn: Conn<'_>,
    cell: Cell<'_>,
    entry: &ProgressEntry,
    (base_revision, sample): (Option<i64>, bool),
    actor: &str,
) -> Result<Revision> {
    if is_locked(conn.reborrow(), cell.plan_id, cell.year).await? {
        return Err(StoreError::YearLocked {
            plan: cell.plan_code.to_owned(),
            year: cell.year.0,
        });
    }
    let recorded_at = store.now();
    let (current, old) = on_conn!(conn.reborrow(), |c| {
        let current: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(revision), 0) FROM progress_revisions
              WHERE plan_id = $1 AND node_code = $2 AND fiscal_year = $3",
        )
        .bind(cell.plan_id)
        .bind(cell.node_code)
        .bind(i64::from(cell.year.0))
        .fetch_one(&mut *c)
        .await?;
        if base_revision.is_some_and(|b| b != current) {
            return Err(StoreError::Conflict { current });
        }
        let old: Option<RevisionRow> = sqlx::query_as(&format!(
            "SELECT {REVISION_COLUMNS} FROM progress_revisions
              WHERE plan_id = $1 AND node_code = $2 AND fiscal_year = $3 AND revision = $4"
        ))
        .bind(cell.plan_id)
        .bind(cell.node_code)
        .bind(i64::from(cell.year.0))
        .bind(current)
        .fetch_optional(&mut *c)
        .await?;
        let inserted = sqlx::query(&format!(
            "INSERT INTO progress_revisions (plan_id, {REVISION_COLUMNS})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)"
        ))
        .bind(cell.plan_id)
        .bind(cell.node_code)
        .bind(i64::from(cell.year.0))
        .bind(current + 1)
        .bind(cell.plan_version)
        .bind(&entry.status)
        .bind(entry.actual_value)
        .bind(&entry.actual_unit)
        .bind(&entry.actual_text)
        .bind(&entry.achievements)
        .bind(&entry.issues)
        .bind(&entry.direction)
        .bind(&entry.grade)
        .bind(i64::from(entry.grade_computed))
        .bind(&entry.grade_reason)
        .bind(entry.target_value)
        .bind(entry.achievement_rate)
        .bind(&entry.owner_division)
        .bind(&entry.author)
        .bind(i64::from(sample))
        .bind(&recorded_at)
        .bind(i64::from(entry.actual_computed))
        .bind(&entry.override_reason)
        .bind(actor)
        .execute(&mut *c)
        .await;
        match inserted {
            Ok(_) => {}
            // Two writers raced for the same revision number.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(StoreError::Conflict {
                    current: current + 1,
                });
            }
            Err(e) => return Err(e.into()),
        }
        (current, old.map(Revision::try_from).transpose()?)
    });
    let new = Revision {
        node_code: cell.node_code.to_owned(),
        fiscal_year: cell.year.0,
        revision: current + 1,
        plan_version: cell.plan_version,
        recorded_at,
        sample,
        recorded_by: Some(actor.to_owned()),
        entry: entry.clone(),
    };
    crate::audit::append(
        store,
        conn,
        &AuditEvent {
            actor,
            action: "update",
            record_type: "progress",
            record_key: &format!("{}/{}/{}", cell.plan_code, cell.node_code, cell.year.0),
            detail: serde_json::json!({ "old": old.map(|o| o.entry), "new": &new.entry }),
        },
    )
    .await?;
    Ok(new)
}

impl Store {
    /// Appends a revision outside a round (a year no round was opened
    /// for). Refused when the year is locked, or when `base_revision` is
    /// given and someone saved a newer one meanwhile.
    pub async fn record_progress(
        &self,
        cell: Cell<'_>,
        entry: &ProgressEntry,
        base_revision: Option<i64>,
        sample: bool,
        actor: &str,
    ) -> Result<Revision> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let new = insert_revision(
                self,
                (&mut *tx).into(),
                cell,
                entry,
                (base_revision, sample),
                actor,
            )
            .await?;
            tx.commit().await?;
            Ok(new)
        })
    }

    /// The revision of every measure and year of a plan that counts: in a
    /// year a round was opened for, the one approved in its 年度末実績報告
    /// (none when that marked it 対象外), else the one approved in its
    /// 中間報告 (drafts and entries under review do not count); in a year
    /// without a round, the latest one.
    pub async fn current_progress(&self, plan_id: i64) -> Result<Vec<Revision>> {
        on_pool!(self, |pool| {
            let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM progress_revisions r
              WHERE r.plan_id = $1 AND r.revision = (
                    CASE WHEN EXISTS (SELECT 1 FROM rounds d
                                       WHERE d.plan_id = r.plan_id AND d.fiscal_year = r.fiscal_year)
                    THEN COALESCE(
                        (SELECT CASE WHEN c.state = 'not_applicable' THEN -1 ELSE c.approved_revision END
                           FROM round_cells c JOIN rounds d ON d.id = c.round_id
                          WHERE d.plan_id = r.plan_id AND d.fiscal_year = r.fiscal_year
                            AND d.kind = 'year_end' AND c.node_code = r.node_code),
                        (SELECT c.approved_revision FROM round_cells c JOIN rounds d ON d.id = c.round_id
                          WHERE d.plan_id = r.plan_id AND d.fiscal_year = r.fiscal_year
                            AND d.kind = 'interim' AND c.node_code = r.node_code))
                    ELSE (SELECT MAX(x.revision) FROM progress_revisions x
                           WHERE x.plan_id = r.plan_id AND x.node_code = r.node_code
                             AND x.fiscal_year = r.fiscal_year)
                    END)
              ORDER BY r.node_code, r.fiscal_year"
        );
            let rows = sqlx::query(&sql).bind(plan_id).fetch_all(pool).await?;
            rows.iter()
                .map(|r| Revision::try_from(RevisionRow::from_row(r)?))
                .collect()
        })
    }

    /// All revisions of one measure (every year, or one), newest first.
    pub async fn progress_history(
        &self,
        plan_id: i64,
        node_code: &str,
        year: Option<FiscalYear>,
    ) -> Result<Vec<Revision>> {
        on_pool!(self, |pool| {
            let sql = format!(
                "SELECT {REVISION_COLUMNS} FROM progress_revisions
              WHERE plan_id = $1 AND node_code = $2 AND ($3 < 0 OR fiscal_year = $3)
              ORDER BY fiscal_year, revision DESC"
            );
            let rows = sqlx::query(&sql)
                .bind(plan_id)
                .bind(node_code)
                .bind(year.map_or(-1, |y| i64::from(y.0)))
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|r| Revision::try_from(RevisionRow::from_row(r)?))
                .collect()
        })
    }

    /// Locks a year (`by` names who, as shown); false when it already was.
    ///
    /// In a year a round was opened for, every measure of its 年度末実績報告
    /// must be approved or marked 対象外 first; HR may lock anyway only
    /// with `forced_reason`, which is kept with the lock and in the audit
    /// log together with how many measures were not settled.
    pub async fn lock_year(
        &self,
        plan_id: i64,
        year: FiscalYear,
        by: &str,
        forced_reason: Option<&str>,
        actor: &str,
    ) -> Result<bool> {
        let forced_reason = forced_reason.map(str::trim).filter(|r| !r.is_empty());
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            if is_locked((&mut *tx).into(), plan_id, year).await? {
                return Ok(false);
            }
            let unsettled =
                crate::round::unsettled_in_year((&mut *tx).into(), plan_id, year).await?;
            if unsettled.is_some_and(|n| n > 0) && forced_reason.is_none() {
                return Err(StoreError::refused(
                    "forced_reason",
                    "unsettled",
                    Message::new("round_lock_unsettled")
                        .arg("year", year.label_ja())
                        .arg("count", unsettled.unwrap_or_default()),
                ));
            }
            sqlx::query("INSERT INTO year_locks (plan_id, fiscal_year, locked_at, locked_by, forced_reason) VALUES ($1, $2, $3, $4, $5)")
            .bind(plan_id)
            .bind(i64::from(year.0))
            .bind(self.now())
            .bind(by)
            .bind(forced_reason.filter(|_| unsettled.is_some_and(|n| n > 0)))
            .execute(&mut *tx)
            .await?;
            log_plan_year(
                self,
                (&mut *tx).into(),
                (plan_id, year),
                (actor, "lock", "year_lock"),
                serde_json::json!({ "by": by, "unsettled": unsettled, "forced_reason": forced_reason }),
            )
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Unlocks a year; false when it was not locked.
    /// A published year stays locked: citizens' table must not change under
    /// them (withdraw it from the public page first).
    pub async fn unlock_year(&self, plan_id: i64, year: FiscalYear, actor: &str) -> Result<bool> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let published: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM publications WHERE plan_id = $1 AND fiscal_year = $2",
            )
            .bind(plan_id)
            .bind(i64::from(year.0))
            .fetch_one(&mut *tx)
            .await?;
            if published > 0 {
                return Err(StoreError::refused(
                    "year",
                    "published",
                    Message::new("store_unlock_published").arg("year", year.label_ja()),
                ));
            }
            let done =
                sqlx::query("DELETE FROM year_locks WHERE plan_id = $1 AND fiscal_year = $2")
                    .bind(plan_id)
                    .bind(i64::from(year.0))
                    .execute(&mut *tx)
                    .await?;
            if done.rows_affected() == 0 {
                return Ok(false);
            }
            log_plan_year(
                self,
                (&mut *tx).into(),
                (plan_id, year),
                (actor, "unlock", "year_lock"),
                serde_json::json!({}),
            )
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    pub async fn year_locks(&self, plan_id: i64) -> Result<Vec<YearLock>> {
        on_pool!(self, |pool| {
            let rows = sqlx::query("SELECT fiscal_year, locked_at, locked_by, forced_reason FROM year_locks WHERE plan_id = $1 ORDER BY fiscal_year")
            .bind(plan_id)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(YearLock {
                        fiscal_year: i32::try_from(r.try_get::<i64, _>("fiscal_year")?)
                            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                        locked_at: r.try_get("locked_at")?,
                        locked_by: r.try_get("locked_by")?,
                        forced_reason: r.try_get("forced_reason")?,
                    })
                })
                .collect()
        })
    }
}
