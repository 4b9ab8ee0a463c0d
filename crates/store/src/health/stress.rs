//! Stress-check results (see `jinzai_domain::health::stress`): sealed but
//! for who was due and when they took it; every write and read audited by
//! record and year, never by what it says. The group analysis opens the
//! scores inside jinzai and gives out only the groups' means.

use super::{Of, UnitCount, log_record, open_json, seal_json, staff_id};
use crate::conn::BeginWrite;
use crate::people::{day, log_write};
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::health::stress::{Group, Member, Record, Sealed};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use serde::Serialize;

pub(crate) const STRESS_AAD: &str = "health_stress.sealed";

/// A result as stored, opened.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredStress {
    pub id: i64,
    pub staff_name: String,
    pub result: Record,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// The committee's approved method of a year's group analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = StressMethod))]
#[serde(deny_unknown_fields)]
pub struct Method {
    /// Units under ten merged into their parent's group of small units.
    pub merge_small: bool,
    /// The day of the committee meeting that approved it.
    pub approved_on: NaiveDate,
    /// The method as the minutes state it.
    pub description: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    number: StaffNumber,
    name: String,
    fiscal_year: i32,
    taken_on: Option<String>,
    sealed: Vec<u8>,
    recorded_by: String,
    recorded_at: String,
}

impl Row {
    fn open(self, key: &super::vault::HealthKey) -> Result<StoredStress> {
        let s: Sealed = open_json(key, STRESS_AAD, &self.sealed)?;
        Ok(StoredStress {
            id: self.id,
            staff_name: self.name,
            result: Record {
                staff_number: self.number,
                fiscal_year: self.fiscal_year,
                taken_on: self.taken_on.as_deref().map(day).transpose()?,
                scores: s.scores,
                high_stress: s.high_stress,
                interview_offered_on: s.interview_offered_on,
                interview_requested: s.interview_requested,
                interview_held_on: s.interview_held_on,
                note: s.note,
            },
            recorded_by: self.recorded_by,
            recorded_at: self.recorded_at,
        })
    }
}

const SELECT: &str = "SELECT h.id, s.number, s.name, h.fiscal_year, h.taken_on, h.sealed, h.recorded_by, \
     h.recorded_at FROM health_stress h JOIN staff s ON s.id = h.staff_id";

/// The primary assignment's unit on `$2` and that unit's parent, joined to
/// `h` (a person's row).
const UNIT_ON: &str = "LEFT JOIN assignments a ON a.id = (SELECT a2.id FROM assignments a2 WHERE a2.staff_id = h.staff_id \
       AND a2.is_primary = 1 AND a2.start_date <= $2 ORDER BY a2.start_date DESC LIMIT 1) \
     LEFT JOIN units u ON u.code = a.unit_code AND u.valid_from <= $2 AND (u.valid_to IS NULL OR u.valid_to >= $2)";

async fn insert(
    conn: crate::conn::Conn<'_>,
    staff: i64,
    r: &Record,
    sealed: &[u8],
    (by, at): (&str, &str),
) -> Result<i64> {
    let (id,): (i64,) = crate::conn::on_conn!(conn, |x| {
        sqlx::query_as(
            "INSERT INTO health_stress (staff_id, fiscal_year, taken_on, sealed, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (staff_id, fiscal_year) DO UPDATE SET \
             taken_on = excluded.taken_on, sealed = excluded.sealed, recorded_by = excluded.recorded_by, \
             recorded_at = excluded.recorded_at RETURNING id",
        )
        .bind(staff)
        .bind(r.fiscal_year)
        .bind(r.taken_on.map(|d| d.to_string()))
        .bind(sealed)
        .bind(by)
        .bind(at)
        .fetch_one(x)
        .await?
    });
    Ok(id)
}

impl Store {
    /// Records (or replaces) a person's result of a year, audited by
    /// record and year only.
    pub async fn put_stress(&self, r: &Record, actor: &str) -> Result<StoredStress> {
        let sealed = seal_json(self.health_key()?, STRESS_AAD, &r.sealed())?;
        let now = self.now();
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let staff = staff_id((&mut *tx).into(), &r.staff_number).await?;
            let id = insert((&mut *tx).into(), staff, r, &sealed, (actor, &now)).await?;
            log_record(
                self,
                (&mut *tx).into(),
                actor,
                ("health_stress", id),
                serde_json::json!({ "fiscal_year": r.fiscal_year }),
            )
            .await?;
            tx.commit().await?;
            id
        });
        let row: Row = on_pool!(self, |pool| {
            sqlx::query_as(&format!("{SELECT} WHERE h.id = $1"))
                .bind(id)
                .fetch_one(pool)
                .await?
        });
        let opened = row.open(self.health_key()?)?;
        self.audit_health_read(actor, "health_stress", &id.to_string(), 1)
            .await?;
        Ok(opened)
    }

    /// A year's results or a person's, opened; the read audited.
    pub async fn stress_results(&self, of: Of<'_>, actor: &str) -> Result<Vec<StoredStress>> {
        let key = self.health_key()?;
        let rows: Vec<Row> = on_pool!(self, |pool| {
            match of {
                Of::Year(y) => {
                    sqlx::query_as(&format!(
                        "{SELECT} WHERE h.fiscal_year = $1 ORDER BY s.number"
                    ))
                    .bind(y)
                    .fetch_all(pool)
                    .await?
                }
                Of::Person(n) => {
                    sqlx::query_as(&format!(
                        "{SELECT} WHERE s.number = $1 ORDER BY h.fiscal_year DESC"
                    ))
                    .bind(n)
                    .fetch_all(pool)
                    .await?
                }
                Of::All => {
                    sqlx::query_as(&format!("{SELECT} ORDER BY h.fiscal_year, s.number"))
                        .fetch_all(pool)
                        .await?
                }
            }
        });
        let opened = rows
            .into_iter()
            .map(|r| r.open(key))
            .collect::<Result<Vec<_>>>()?;
        self.audit_list_read(actor, "health_stress_results", &of, opened.len())
            .await?;
        Ok(opened)
    }

    /// People due and who took the check in a year, per unit on `on`.
    /// Plain columns only.
    pub async fn stress_counts(&self, year: i32, on: NaiveDate) -> Result<Vec<UnitCount>> {
        let rows: Vec<(Option<String>, Option<String>, i64, i64)> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT u.code, u.name, COUNT(*), COUNT(h.taken_on) FROM health_stress h {UNIT_ON} \
                 WHERE h.fiscal_year = $1 GROUP BY u.code, u.name ORDER BY u.code"
            ))
            .bind(year)
            .bind(on.to_string())
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(code, name, due, taken)| UnitCount {
                unit: code.map(|c| (c, name.unwrap_or_default())),
                due: u64::try_from(due).unwrap_or(0),
                attended: u64::try_from(taken).unwrap_or(0),
            })
            .collect())
    }

    /// Everyone who took the check in a year with their scores, their unit
    /// on `on` and its parent: what a group analysis is made of (opened
    /// here; the caller audits what it gives out).
    pub async fn stress_members(&self, year: i32, on: NaiveDate) -> Result<Vec<Member>> {
        let key = self.health_key()?;
        type R = (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Vec<u8>,
        );
        let rows: Vec<R> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT u.code, u.name, p.code, p.name, h.sealed FROM health_stress h {UNIT_ON} \
                 LEFT JOIN units p ON p.code = u.parent_code AND p.valid_from <= $2 \
                   AND (p.valid_to IS NULL OR p.valid_to >= $2) \
                 WHERE h.fiscal_year = $1 AND h.taken_on IS NOT NULL"
            ))
            .bind(year)
            .bind(on.to_string())
            .fetch_all(pool)
            .await?
        });
        let mut out = Vec::new();
        for (code, name, pcode, pname, sealed) in rows {
            let s: Sealed = open_json(key, STRESS_AAD, &sealed)?;
            let Some(scores) = s.scores else { continue };
            out.push(Member {
                unit: (code.unwrap_or_default(), name.unwrap_or_default()),
                parent: pcode.map(|c| (c, pname.unwrap_or_default())),
                scores,
            });
        }
        Ok(out)
    }

    /// The fiscal years with stress-check records, oldest first.
    pub async fn stress_years(&self) -> Result<Vec<i32>> {
        let rows: Vec<(i32,)> = on_pool!(self, |pool| {
            sqlx::query_as("SELECT DISTINCT fiscal_year FROM health_stress ORDER BY fiscal_year")
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// The method the committee approved for a year's group analysis.
    pub async fn stress_method(&self, year: i32) -> Result<Option<Method>> {
        let row: Option<(i32, String, String)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT merge_small, approved_on, description FROM health_stress_methods WHERE fiscal_year = $1",
            )
            .bind(year)
            .fetch_optional(pool)
            .await?
        });
        row.map(|(merge, on, description)| {
            Ok(Method {
                merge_small: merge != 0,
                approved_on: day(&on)?,
                description,
            })
        })
        .transpose()
    }

    /// Records the method the committee approved for a year (replacing an
    /// earlier one), audited.
    pub async fn put_stress_method(&self, year: i32, m: &Method, actor: &str) -> Result<()> {
        let now = self.now();
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO health_stress_methods (fiscal_year, merge_small, approved_on, description, recorded_by, \
                 recorded_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (fiscal_year) DO UPDATE SET \
                 merge_small = excluded.merge_small, approved_on = excluded.approved_on, \
                 description = excluded.description, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
            )
            .bind(year)
            .bind(i32::from(m.merge_small))
            .bind(m.approved_on.to_string())
            .bind(m.description.trim())
            .bind(actor)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "record",
                    record_type: "health_stress_method",
                    record_key: &year.to_string(),
                    detail: serde_json::json!({ "merge_small": m.merge_small, "approved_on": m.approved_on }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Writes many results in one transaction (replacing a person's of the
    /// same year), each checked first: nothing is written when one is
    /// refused (at `results[i].field`), nor on a dry run. One audit entry
    /// counts them.
    pub async fn import_stress(
        &self,
        records: &[Record],
        opts: crate::ImportOptions<'_>,
    ) -> Result<crate::ImportSummary> {
        let key = self.health_key()?;
        let today = self.clock().today();
        let mut seen = std::collections::HashSet::new();
        let mut problems = Vec::new();
        for (i, r) in records.iter().enumerate() {
            problems.extend(
                r.check(today)
                    .into_iter()
                    .map(|e| super::at_record("results", i, e)),
            );
            if !seen.insert((&r.staff_number, r.fiscal_year)) {
                problems.push(super::twice(
                    "results",
                    i,
                    "staff_number",
                    format!("{} {}", r.staff_number, r.fiscal_year),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Refused(problems));
        }
        let sealed = records
            .iter()
            .map(|r| seal_json(key, STRESS_AAD, &r.sealed()))
            .collect::<Result<Vec<_>>>()?;
        let now = self.now();
        let actor = opts.actor_name();
        let summary = on_pool!(self, |pool| {
            let mut summary = crate::ImportSummary::default();
            let mut tx = pool.begin_write().await?;
            let ids = crate::people::load_staff_ids((&mut *tx).into()).await?;
            let held: std::collections::HashSet<(i64, i32)> =
                sqlx::query_as("SELECT staff_id, fiscal_year FROM health_stress")
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .collect();
            for (i, (r, sealed)) in records.iter().zip(&sealed).enumerate() {
                let staff = ids.get(&r.staff_number).map(|v| v.0).ok_or_else(|| {
                    StoreError::refused(
                        format!("results[{i}].staff_number"),
                        "unknown",
                        Message::new("people_staff_unknown").arg("number", &r.staff_number),
                    )
                })?;
                if held.contains(&(staff, r.fiscal_year)) {
                    summary.updated += 1;
                } else {
                    summary.created += 1;
                }
                insert((&mut *tx).into(), staff, r, sealed, (actor, &now)).await?;
            }
            crate::people::end_import(self, tx, &opts, "health_stress", summary, None).await
        })?;
        Ok(summary)
    }
}

/// A year's group analysis as released to HR.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = StressRelease))]
pub struct Release {
    pub released_on: NaiveDate,
    /// The day people's units were taken on.
    pub as_of: NaiveDate,
    pub groups: Vec<Group>,
}

impl Store {
    /// The analysis released for a year, if it was.
    pub async fn stress_release(&self, year: i32) -> Result<Option<Release>> {
        let row: Option<(String, String, String)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT released_on, as_of, groups FROM health_stress_releases WHERE fiscal_year = $1",
            )
            .bind(year)
            .fetch_optional(pool)
            .await?
        });
        row.map(|(released, as_of, groups)| {
            Ok(Release {
                released_on: day(&released)?,
                as_of: day(&as_of)?,
                groups: serde_json::from_str(&groups)
                    .map_err(|e| StoreError::Corrupt(format!("health_stress_releases: {e}")))?,
            })
        })
        .transpose()
    }

    /// Keeps a year's released analysis: once only (refused at `year`
    /// when it was released before). Audited.
    pub async fn put_stress_release(&self, year: i32, r: &Release, actor: &str) -> Result<()> {
        let groups =
            serde_json::to_string(&r.groups).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let now = self.now();
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "INSERT INTO health_stress_releases (fiscal_year, released_on, as_of, groups, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (fiscal_year) DO NOTHING",
            )
            .bind(year)
            .bind(r.released_on.to_string())
            .bind(r.as_of.to_string())
            .bind(&groups)
            .bind(actor)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::refused(
                    "year",
                    "already_released",
                    Message::new("stress_already_released").arg("year", year),
                ));
            }
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "release",
                    record_type: "health_stress_groups",
                    record_key: &format!("year:{year}"),
                    detail: serde_json::json!({
                        "as_of": r.as_of, "groups": r.groups.iter().filter(|g| !g.withheld).count(),
                    }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }
}
