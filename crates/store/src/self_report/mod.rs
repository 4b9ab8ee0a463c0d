//! 自己申告: windows, reports and their wishes (see
//! `jinzai_domain::self_report`). Every write is audited; the health field
//! is written like the rest and read only through the use cases that check
//! who asks.

pub(crate) mod metrics;

use crate::conn::BeginWrite;
use crate::people::{ImportOptions, ImportSummary, day, end_import, log_write};
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::{StaffNumber, UnitCode};
use jinzai_domain::self_report::{Report, Window, Wish};
use serde::Serialize;
use std::collections::HashMap;

/// A window as stored.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredWindow {
    pub id: i64,
    pub window: Window,
}

#[derive(sqlx::FromRow)]
struct WindowRow {
    id: i64,
    fiscal_year: i32,
    opens_on: String,
    closes_on: String,
    reference_date: String,
    readers: String,
}

impl TryFrom<WindowRow> for StoredWindow {
    type Error = StoreError;

    fn try_from(r: WindowRow) -> Result<StoredWindow> {
        Ok(StoredWindow {
            id: r.id,
            window: Window {
                fiscal_year: r.fiscal_year,
                opens_on: day(&r.opens_on)?,
                closes_on: day(&r.closes_on)?,
                reference_date: day(&r.reference_date)?,
                readers: serde_json::from_str(&r.readers)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            },
        })
    }
}

/// A report as stored, with its writer and when it was handed in.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredReport {
    pub staff_number: StaffNumber,
    pub report: Report,
    pub submitted_at: String,
}

#[derive(sqlx::FromRow)]
struct ReportRow {
    id: i64,
    number: StaffNumber,
    duties: String,
    stay: i32,
    career: Option<String>,
    health: Option<String>,
    free_opinion: Option<String>,
    submitted_at: String,
}

#[derive(sqlx::FromRow)]
struct WishRow {
    report_id: i64,
    unit_code: Option<UnitCode>,
    work: Option<String>,
}

const REPORT_SELECT: &str = "SELECT r.id, s.number, r.duties, r.stay, r.career, r.health, r.free_opinion, r.submitted_at \
     FROM self_reports r JOIN staff s ON s.id = r.staff_id";

impl Store {
    /// Opens (or changes) a year's window, audited.
    pub async fn set_self_report_window(&self, w: &Window, actor: &str) -> Result<StoredWindow> {
        let now = self.now();
        let readers =
            serde_json::to_string(&w.readers).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO self_report_windows (fiscal_year, opens_on, closes_on, reference_date, readers, opened_by, opened_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (fiscal_year) DO UPDATE SET opens_on = excluded.opens_on, \
                 closes_on = excluded.closes_on, reference_date = excluded.reference_date, readers = excluded.readers",
            )
            .bind(w.fiscal_year)
            .bind(w.opens_on.to_string())
            .bind(w.closes_on.to_string())
            .bind(w.reference_date.to_string())
            .bind(&readers)
            .bind(actor)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "open",
                    record_type: "self_report_window",
                    record_key: &w.fiscal_year.to_string(),
                    detail: serde_json::json!({ "window": w }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        self.self_report_window(w.fiscal_year)
            .await?
            .ok_or_else(|| StoreError::Corrupt("the window written is gone".into()))
    }

    /// A year's window.
    pub async fn self_report_window(&self, fiscal_year: i32) -> Result<Option<StoredWindow>> {
        let row: Option<WindowRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, fiscal_year, opens_on, closes_on, reference_date, readers FROM self_report_windows \
                 WHERE fiscal_year = $1",
            )
            .bind(fiscal_year)
            .fetch_optional(pool)
            .await?
        });
        row.map(TryInto::try_into).transpose()
    }

    /// Writes (or replaces) staff members' reports of a window: one
    /// transaction, audited without the health field's text.
    pub async fn put_self_reports(
        &self,
        window: &StoredWindow,
        list: &[(StaffNumber, Report)],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary> {
        let now = self.now();
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let ids = crate::people::load_staff_ids((&mut *tx).into()).await?;
            let mut summary = ImportSummary::default();
            for (done, (number, r)) in list.iter().enumerate() {
                opts.tick(done + 1, list.len());
                let Some((staff_id, _)) = ids.get(number) else {
                    return Err(StoreError::NotFound(
                        Message::new("people_staff_unknown").arg("number", number),
                    ));
                };
                let existing: Option<(i64,)> = sqlx::query_as(
                    "SELECT id FROM self_reports WHERE window_id = $1 AND staff_id = $2",
                )
                .bind(window.id)
                .bind(staff_id)
                .fetch_optional(&mut *tx)
                .await?;
                let text = |t: &Option<String>| {
                    t.as_deref()
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned)
                };
                let report_id = match existing {
                    Some((id,)) => {
                        summary.updated += 1;
                        sqlx::query(
                            "UPDATE self_reports SET duties = $1, stay = $2, career = $3, health = $4, free_opinion = $5, \
                             submitted_at = $6 WHERE id = $7",
                        )
                        .bind(r.duties.trim())
                        .bind(i64::from(r.stay))
                        .bind(text(&r.career))
                        .bind(text(&r.health))
                        .bind(text(&r.free))
                        .bind(&now)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                        sqlx::query("DELETE FROM self_report_wishes WHERE report_id = $1")
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                        id
                    }
                    None => {
                        summary.created += 1;
                        let (id,): (i64,) = sqlx::query_as(
                            "INSERT INTO self_reports (window_id, staff_id, duties, stay, career, health, free_opinion, submitted_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                        )
                        .bind(window.id)
                        .bind(staff_id)
                        .bind(r.duties.trim())
                        .bind(i64::from(r.stay))
                        .bind(text(&r.career))
                        .bind(text(&r.health))
                        .bind(text(&r.free))
                        .bind(&now)
                        .fetch_one(&mut *tx)
                        .await?;
                        id
                    }
                };
                for (rank, w) in r.wishes.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO self_report_wishes (report_id, rank, unit_code, work) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(report_id)
                    .bind(i64::try_from(rank).unwrap_or(0) + 1)
                    .bind(w.unit.as_ref().map(UnitCode::as_str))
                    .bind(&w.work)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            // The audit entry names who and how many, never what the
            // health field says.
            let redacted: Vec<serde_json::Value> = list
                .iter()
                .map(|(n, r)| {
                    serde_json::json!({
                        "staff_number": n, "stay": r.stay, "wishes": r.wishes,
                        "health_given": r.health.as_deref().is_some_and(|h| !h.trim().is_empty()),
                    })
                })
                .collect();
            let entered = serde_json::json!(redacted);
            let opts = ImportOptions {
                entered: Some(&entered),
                ..opts
            };
            end_import(self, tx, &opts, "self_reports", summary, None).await
        })?;
        self.after_import("self_reports", summary, opts).await
    }

    /// A window's reports (all, or one writer's), with their wishes.
    pub async fn self_reports(
        &self,
        window: &StoredWindow,
        writer: Option<&str>,
    ) -> Result<Vec<StoredReport>> {
        let (rows, wishes): (Vec<ReportRow>, Vec<WishRow>) = on_pool!(self, |pool| {
            let rows = sqlx::query_as(&format!(
                "{REPORT_SELECT} WHERE r.window_id = $1 AND ($2 = '' OR s.number = $2) ORDER BY s.number"
            ))
            .bind(window.id)
            .bind(writer.unwrap_or(""))
            .fetch_all(pool)
            .await?;
            let wishes = sqlx::query_as(
                "SELECT w.report_id, w.unit_code, w.work FROM self_report_wishes w JOIN self_reports r ON r.id = w.report_id \
                 JOIN staff s ON s.id = r.staff_id WHERE r.window_id = $1 AND ($2 = '' OR s.number = $2) ORDER BY w.report_id, w.rank",
            )
            .bind(window.id)
            .bind(writer.unwrap_or(""))
            .fetch_all(pool)
            .await?;
            (rows, wishes)
        });
        let mut by_report: HashMap<i64, Vec<Wish>> = HashMap::new();
        for w in wishes {
            by_report.entry(w.report_id).or_default().push(Wish {
                unit: w.unit_code,
                work: w.work,
            });
        }
        Ok(rows
            .into_iter()
            .map(|r| StoredReport {
                staff_number: r.number,
                report: Report {
                    duties: r.duties,
                    stay: r.stay != 0,
                    wishes: by_report.remove(&r.id).unwrap_or_default(),
                    career: r.career,
                    health: r.health,
                    free: r.free_opinion,
                },
                submitted_at: r.submitted_at,
            })
            .collect())
    }

    /// Who handed in a report in a window (staff numbers).
    pub async fn self_report_writers(&self, window: &StoredWindow) -> Result<Vec<StaffNumber>> {
        let rows: Vec<(StaffNumber,)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT s.number FROM self_reports r JOIN staff s ON s.id = r.staff_id WHERE r.window_id = $1",
            )
            .bind(window.id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|(n,)| n).collect())
    }

    /// Primary units by staff number on a day.
    pub async fn primary_units_on(
        &self,
        on: NaiveDate,
    ) -> Result<HashMap<StaffNumber, (UnitCode, NaiveDate)>> {
        let rows: Vec<(StaffNumber, UnitCode, String)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT s.number, a.unit_code, a.start_date FROM assignments a JOIN staff s ON s.id = a.staff_id \
                 WHERE a.is_primary = 1 AND a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1)",
            )
            .bind(on.to_string())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(n, u, s)| Ok((n, (u, day(&s)?))))
            .collect()
    }

    /// Staff in service on a day (staff numbers).
    pub async fn in_service_on(&self, on: NaiveDate) -> Result<Vec<StaffNumber>> {
        let rows: Vec<(StaffNumber,)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT number FROM staff WHERE hire_date <= $1 AND (leaving_date IS NULL OR leaving_date >= $1) ORDER BY number",
            )
            .bind(on.to_string())
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|(n,)| n).collect())
    }
}
