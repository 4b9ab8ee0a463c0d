//! A period's progress counted in the database: its evaluatees (the year's
//! chains, and anyone with a sheet of the period) by department on a day
//! and sheet state (see `jinzai_domain::evaluation::progress`).

use super::StoredPeriod;
use crate::{Result, Store, on_pool};
use chrono::NaiveDate;
use jinzai_domain::evaluation::progress::Counted;

impl Store {
    /// `period`'s evaluatees counted by the department of their primary
    /// unit on `on` ("" for someone serving nowhere then) and sheet state
    /// (no sheet yet: `not_started`), with how many had a 期末面談 from
    /// the period's first day to the fiscal year's last, and how many
    /// complaints are open.
    pub async fn period_progress_counts(
        &self,
        period: &StoredPeriod,
        on: NaiveDate,
    ) -> Result<Vec<Counted>> {
        let year_end = jinzai_domain::FiscalYear(period.period.fiscal_year)
            .end()
            .unwrap_or(period.period.ends_on);
        let sql = "SELECT COALESCE(u.parent_code, a.unit_code, '') AS grp, COALESCE(h.state, 'not_started') AS state, \
             COUNT(*) AS n, \
             SUM(CASE WHEN EXISTS (SELECT 1 FROM interviews i WHERE i.staff_id = e.evaluatee_id AND i.kind = 'feedback' \
               AND i.held_on BETWEEN $3 AND $5) THEN 1 ELSE 0 END) AS talked, \
             SUM(CASE WHEN EXISTS (SELECT 1 FROM evaluation_complaints k WHERE k.sheet_id = h.id AND k.outcome IS NULL) \
               THEN 1 ELSE 0 END) AS open \
             FROM (SELECT evaluatee_id FROM evaluation_chains WHERE fiscal_year = $4 \
                   UNION SELECT evaluatee_id FROM evaluation_sheets WHERE period_id = $1) e \
             LEFT JOIN evaluation_sheets h ON h.period_id = $1 AND h.evaluatee_id = e.evaluatee_id \
             LEFT JOIN assignments a ON a.staff_id = e.evaluatee_id AND a.is_primary = 1 \
               AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2) \
             LEFT JOIN units u ON u.code = a.unit_code AND u.valid_from <= $2 AND (u.valid_to IS NULL OR u.valid_to >= $2) \
             GROUP BY COALESCE(u.parent_code, a.unit_code, ''), COALESCE(h.state, 'not_started')";
        let rows: Vec<(String, String, i64, i64, i64)> = on_pool!(self, |pool| {
            sqlx::query_as(sql)
                .bind(period.id)
                .bind(on.to_string())
                .bind(period.period.starts_on.to_string())
                .bind(period.period.fiscal_year)
                .bind(year_end.to_string())
                .fetch_all(pool)
                .await?
        });
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        Ok(rows
            .into_iter()
            .map(|(g, s, count, talked, open)| (g, s, n(count), n(talked), n(open)))
            .collect())
    }
}
