//! Return-to-work cases (see `jinzai_domain::health::returns`): each case
//! sealed whole with the health key, its days kept plain for counts; a step
//! is applied to the opened case inside the write transaction that seals it
//! again, so two health staff recording at once never lose a step. Every
//! write and read is audited by case and step, never by what it says.

use super::{log_record, open_json, seal_json, staff_id};
use crate::conn::BeginWrite;
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::health::returns::{Case, Entry, Shared, State, Step};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::Coded;
use serde::Serialize;

pub(crate) const RETURN_AAD: &str = "health_returns.sealed";

/// A case as stored, opened.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredReturn {
    pub id: i64,
    pub staff_name: String,
    pub case: Case,
    pub state: State,
    /// The step to record next and the day it is due (if the case says).
    pub next: Option<Step>,
    pub due_on: Option<NaiveDate>,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// A case as its 所属長 sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedReturn {
    pub id: i64,
    pub staff_name: String,
    pub shared: Shared,
}

#[derive(sqlx::FromRow)]
struct ReturnRow {
    id: i64,
    name: String,
    sealed: Vec<u8>,
    recorded_by: String,
    recorded_at: String,
}

impl ReturnRow {
    fn open(self, key: &super::vault::HealthKey) -> Result<StoredReturn> {
        let case: Case = open_json(key, RETURN_AAD, &self.sealed)?;
        let due = case.due();
        Ok(StoredReturn {
            id: self.id,
            staff_name: self.name,
            state: case.state(),
            next: due.map(|d| d.0),
            due_on: due.and_then(|d| d.1),
            case,
            recorded_by: self.recorded_by,
            recorded_at: self.recorded_at,
        })
    }
}

const SELECT: &str = "SELECT h.id, s.name, h.sealed, h.recorded_by, h.recorded_at \
     FROM health_returns h JOIN staff s ON s.id = h.staff_id";

/// Which cases a list holds.
#[derive(Debug, Clone, Copy)]
pub enum Cases<'a> {
    /// Open ones, and those ended within the last year.
    Current,
    /// One person's, every one.
    Person(&'a str),
    /// Every case (an export), by the day the leave began.
    All,
}

/// A case's plain days.
fn days(c: &Case) -> [Option<String>; 4] {
    [
        Some(c.leave_from.to_string()),
        c.decision.as_ref().map(|d| d.returned_on.to_string()),
        c.completed_on().map(|d| d.to_string()),
        c.closed.as_ref().map(|d| d.on.to_string()),
    ]
}

impl Store {
    /// Opens a case (step 1), audited by case only.
    pub async fn open_return(&self, case: &Case, actor: &str) -> Result<StoredReturn> {
        let key = self.health_key()?;
        let sealed = seal_json(key, RETURN_AAD, case)?;
        let [leave, returned, completed, closed] = days(case);
        let now = self.now();
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let staff = staff_id((&mut *tx).into(), &case.staff_number).await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO health_returns (staff_id, leave_from, returned_on, completed_on, closed_on, sealed, \
                 recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(staff)
            .bind(leave)
            .bind(returned)
            .bind(completed)
            .bind(closed)
            .bind(&sealed)
            .bind(actor)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?;
            log_record(
                self,
                (&mut *tx).into(),
                actor,
                ("health_return", id),
                serde_json::json!({ "step": Step::Leave.code() }),
            )
            .await?;
            tx.commit().await?;
            id
        });
        self.return_case(id, actor).await
    }

    /// Applies `entry` to case `id` (see `Case::apply`) and seals it again,
    /// in one transaction; refused at the entry's fields, nothing written,
    /// when the case does not take it.
    pub async fn record_return_step(
        &self,
        id: i64,
        entry: &Entry,
        actor: &str,
    ) -> Result<StoredReturn> {
        let key = self.health_key()?;
        let today = self.clock().today();
        let now = self.now();
        let lock = if self.engine() == crate::Engine::Postgres {
            " FOR UPDATE"
        } else {
            ""
        };
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<(Vec<u8>,)> = sqlx::query_as(&format!(
                "SELECT sealed FROM health_returns WHERE id = $1{lock}"
            ))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let (sealed,) = row.ok_or_else(|| {
                StoreError::NotFound(Message::new("return_no_case").arg("id", id))
            })?;
            let mut case: Case = open_json(key, RETURN_AAD, &sealed)?;
            let step = case.apply(entry, today).map_err(StoreError::Refused)?;
            let sealed = seal_json(key, RETURN_AAD, &case)?;
            let [leave, returned, completed, closed] = days(&case);
            sqlx::query(
                "UPDATE health_returns SET leave_from = $1, returned_on = $2, completed_on = $3, closed_on = $4, \
                 sealed = $5, recorded_by = $6, recorded_at = $7 WHERE id = $8",
            )
            .bind(leave)
            .bind(returned)
            .bind(completed)
            .bind(closed)
            .bind(&sealed)
            .bind(actor)
            .bind(&now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            let what = if entry.step == "close" {
                "close"
            } else {
                step.code()
            };
            log_record(
                self,
                (&mut *tx).into(),
                actor,
                ("health_return", id),
                serde_json::json!({ "step": what }),
            )
            .await?;
            tx.commit().await?;
        });
        self.return_case(id, actor).await
    }

    /// One case, opened; the read audited.
    pub async fn return_case(&self, id: i64, actor: &str) -> Result<StoredReturn> {
        let key = self.health_key()?;
        let row: Option<ReturnRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!("{SELECT} WHERE h.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        let row =
            row.ok_or_else(|| StoreError::NotFound(Message::new("return_no_case").arg("id", id)))?;
        let opened = row.open(key)?;
        self.audit_health_read(actor, "health_return", &id.to_string(), 1)
            .await?;
        Ok(opened)
    }

    /// Cases, opened (open ones first, by the day the leave began); the
    /// read audited.
    pub async fn return_cases(&self, of: Cases<'_>, actor: &str) -> Result<Vec<StoredReturn>> {
        let key = self.health_key()?;
        let since = self
            .clock()
            .today()
            .checked_sub_months(chrono::Months::new(12))
            .unwrap_or(NaiveDate::MIN)
            .to_string();
        let rows: Vec<ReturnRow> = on_pool!(self, |pool| {
            match of {
                Cases::Current => sqlx::query_as(&format!(
                    "{SELECT} WHERE COALESCE(h.completed_on, h.closed_on, $1) >= $1 ORDER BY h.leave_from, h.id"
                ))
                .bind(&since)
                .fetch_all(pool)
                .await?,
                Cases::Person(n) => sqlx::query_as(&format!(
                    "{SELECT} WHERE s.number = $1 ORDER BY h.leave_from DESC, h.id DESC"
                ))
                .bind(n)
                .fetch_all(pool)
                .await?,
                Cases::All => sqlx::query_as(&format!("{SELECT} ORDER BY h.leave_from, s.number, h.id"))
                    .fetch_all(pool)
                    .await?,
            }
        });
        let mut opened = rows
            .into_iter()
            .map(|r| r.open(key))
            .collect::<Result<Vec<_>>>()?;
        if !matches!(of, Cases::All) {
            opened.sort_by_key(|r| r.state != State::Open);
        }
        let list = match of {
            Cases::Current => "current".to_owned(),
            Cases::Person(n) => format!("staff:{n}"),
            Cases::All => "all".to_owned(),
        };
        self.audit_health_read(actor, "health_returns", &list, opened.len())
            .await?;
        Ok(opened)
    }

    /// The cases of people assigned on `on` (primary or concurrent) to one
    /// of `units`, open or ended within three months, as their 所属長 sees
    /// them; the read audited.
    pub async fn shared_returns(
        &self,
        units: &[String],
        on: NaiveDate,
        actor: &str,
    ) -> Result<Vec<SharedReturn>> {
        if units.is_empty() {
            return Ok(Vec::new());
        }
        let key = self.health_key()?;
        let since = on
            .checked_sub_months(chrono::Months::new(3))
            .unwrap_or(NaiveDate::MIN)
            .to_string();
        let list = units
            .iter()
            .enumerate()
            .map(|(i, _)| format!("${}", i + 3))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "{SELECT} WHERE COALESCE(h.completed_on, h.closed_on, $1) >= $1 AND EXISTS (SELECT 1 FROM assignments a \
             WHERE a.staff_id = h.staff_id AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2) \
             AND a.unit_code IN ({list})) ORDER BY h.leave_from, h.id"
        );
        let rows: Vec<ReturnRow> = on_pool!(self, |pool| {
            let mut q = sqlx::query_as(&sql).bind(&since).bind(on.to_string());
            for u in units {
                q = q.bind(u);
            }
            q.fetch_all(pool).await?
        });
        let mut out = Vec::new();
        for r in rows {
            let id = r.id;
            let opened = r.open(key)?;
            out.push(SharedReturn {
                id,
                staff_name: opened.staff_name,
                shared: opened.case.shared(),
            });
        }
        let ids: Vec<String> = out.iter().map(|r| r.id.to_string()).collect();
        self.audit(crate::AuditEvent {
            actor,
            action: "read",
            record_type: "health_returns_shared",
            record_key: &ids.join(","),
            detail: serde_json::json!({ "records": out.len() }),
        })
        .await?;
        Ok(out)
    }
}

impl Store {
    /// Writes many cases in one transaction (the sample city's, a file, or
    /// a migration from another system), a case replacing the stored one
    /// of the same person and first day of leave: nothing is written when
    /// one names an unknown person (refused at `returns[i].staff_number`)
    /// or a step out of order (at `returns[i].<step>.<field>`), nor on a
    /// dry run. One audit entry counts them.
    pub async fn import_returns(
        &self,
        cases: &[Case],
        opts: crate::ImportOptions<'_>,
    ) -> Result<crate::ImportSummary> {
        let key = self.health_key()?;
        let today = self.clock().today();
        let mut seen = std::collections::HashSet::new();
        let mut problems = Vec::new();
        for (i, c) in cases.iter().enumerate() {
            problems.extend(
                c.check(today)
                    .into_iter()
                    .map(|e| super::at_record("returns", i, e)),
            );
            if !seen.insert((&c.staff_number, c.leave_from)) {
                problems.push(super::twice(
                    "returns",
                    i,
                    "staff_number",
                    format!("{} {}", c.staff_number, c.leave_from),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Refused(problems));
        }
        let sealed = cases
            .iter()
            .map(|c| seal_json(key, RETURN_AAD, c))
            .collect::<Result<Vec<_>>>()?;
        let now = self.now();
        let actor = opts.actor_name();
        let summary = on_pool!(self, |pool| {
            let mut summary = crate::ImportSummary::default();
            let mut tx = pool.begin_write().await?;
            let ids = crate::people::load_staff_ids((&mut *tx).into()).await?;
            for (i, (c, sealed)) in cases.iter().zip(&sealed).enumerate() {
                let staff = ids.get(&c.staff_number).map(|v| v.0).ok_or_else(|| {
                    StoreError::refused(
                        format!("returns[{i}].staff_number"),
                        "unknown",
                        Message::new("people_staff_unknown").arg("number", &c.staff_number),
                    )
                })?;
                let [leave, returned, completed, closed] = days(c);
                let replaced = sqlx::query(
                    "DELETE FROM health_returns WHERE staff_id = $1 AND leave_from = $2",
                )
                .bind(staff)
                .bind(&leave)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if replaced > 0 {
                    summary.updated += 1;
                } else {
                    summary.created += 1;
                }
                sqlx::query(
                    "INSERT INTO health_returns (staff_id, leave_from, returned_on, completed_on, closed_on, sealed, \
                     recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(staff)
                .bind(leave)
                .bind(returned)
                .bind(completed)
                .bind(closed)
                .bind(sealed)
                .bind(actor)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
            }
            crate::people::end_import(self, tx, &opts, "health_returns", summary, None).await
        })?;
        Ok(summary)
    }
}
