//! The yearly progress round: rounds, the state of each measure's entry in
//! a round, every step taken on it, and the owners of measures.

mod notices;
mod owners;

pub use notices::{Mail, NewNotice, Notice, OutboxMail};
pub use owners::{NewOwners, OWNER_SOURCES, OwnerSet};

use crate::audit::AuditEvent;
use crate::conn::{BeginWrite, Conn, on_conn};
use crate::progress::{Cell, insert_revision};
use crate::rows::coded;
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::progress::{ProgressEntry, Revision};
use jinzai_domain::round::{CellState, RoundDates, RoundKind, Step};
use serde::Serialize;

/// A round HR opened for a plan's fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Round {
    pub id: i64,
    pub fiscal_year: i32,
    pub kind: RoundKind,
    #[serde(flatten)]
    pub dates: RoundDates,
    pub opened_at: String,
    pub opened_by: String,
}

/// Where one measure's entry stands in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundCell {
    pub node_code: String,
    pub state: CellState,
    /// The entry's latest revision while in the round.
    pub revision: Option<i64>,
    /// The revision approved: what reports show.
    pub approved_revision: Option<i64>,
    pub submitted_by: Option<String>,
    pub confirmed_by: Option<String>,
    /// The last return's or exclusion's reason.
    pub reason: Option<String>,
    pub updated_at: String,
}

/// A step taken on a cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundEvent {
    pub node_code: String,
    pub step: Step,
    pub from_state: CellState,
    pub to_state: CellState,
    pub revision: Option<i64>,
    pub actor: String,
    pub actor_name: String,
    /// HR acting for the owner division (代理入力).
    pub on_behalf: bool,
    pub reason: Option<String>,
    pub at: String,
}

/// A step to record: the state it was checked against, the state after.
#[derive(Debug, Clone, Copy)]
pub struct StepWrite<'a> {
    pub step: Step,
    pub from: CellState,
    pub to: CellState,
    pub actor: &'a str,
    pub actor_name: &'a str,
    pub on_behalf: bool,
    pub reason: Option<&'a str>,
}

#[derive(sqlx::FromRow)]
struct RoundRow {
    id: i64,
    fiscal_year: i64,
    kind: String,
    opens_on: String,
    due_on: String,
    review_by: String,
    opened_at: String,
    opened_by: String,
}

fn day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl TryFrom<RoundRow> for Round {
    type Error = StoreError;

    fn try_from(r: RoundRow) -> Result<Round> {
        Ok(Round {
            id: r.id,
            fiscal_year: i32::try_from(r.fiscal_year)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            kind: coded(&r.kind)?,
            dates: RoundDates {
                opens_on: day(&r.opens_on)?,
                due_on: day(&r.due_on)?,
                review_by: day(&r.review_by)?,
            },
            opened_at: r.opened_at,
            opened_by: r.opened_by,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CellRow {
    node_code: String,
    state: String,
    revision: Option<i64>,
    approved_revision: Option<i64>,
    submitted_by: Option<String>,
    confirmed_by: Option<String>,
    reason: Option<String>,
    updated_at: String,
}

impl TryFrom<CellRow> for RoundCell {
    type Error = StoreError;

    fn try_from(r: CellRow) -> Result<RoundCell> {
        Ok(RoundCell {
            node_code: r.node_code,
            state: coded(&r.state)?,
            revision: r.revision,
            approved_revision: r.approved_revision,
            submitted_by: r.submitted_by,
            confirmed_by: r.confirmed_by,
            reason: r.reason,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct EventRow {
    node_code: String,
    step: String,
    from_state: String,
    to_state: String,
    revision: Option<i64>,
    actor: String,
    actor_name: String,
    on_behalf: i64,
    reason: Option<String>,
    at: String,
}

impl TryFrom<EventRow> for RoundEvent {
    type Error = StoreError;

    fn try_from(r: EventRow) -> Result<RoundEvent> {
        Ok(RoundEvent {
            node_code: r.node_code,
            step: coded(&r.step)?,
            from_state: coded(&r.from_state)?,
            to_state: coded(&r.to_state)?,
            revision: r.revision,
            actor: r.actor,
            actor_name: r.actor_name,
            on_behalf: r.on_behalf != 0,
            reason: r.reason,
            at: r.at,
        })
    }
}

fn all<R, T: TryFrom<R, Error = StoreError>>(rows: Vec<R>) -> Result<Vec<T>> {
    rows.into_iter().map(T::try_from).collect()
}

const ROUND_COLUMNS: &str =
    "id, fiscal_year, kind, opens_on, due_on, review_by, opened_at, opened_by";
const CELL_COLUMNS: &str =
    "node_code, state, revision, approved_revision, submitted_by, confirmed_by, reason, updated_at";

/// How many measures of the year's 年度末実績報告 are neither approved nor
/// 対象外, on `conn`: `None` when no round was opened for the year (the
/// year is kept without one); every measure of the plan's year when only
/// an interim round was.
pub(crate) async fn unsettled_in_year(
    conn: Conn<'_>,
    plan_id: i64,
    year: FiscalYear,
) -> Result<Option<i64>> {
    let (rounds, year_end, unsettled): (i64, i64, i64) = on_conn!(conn, |c| {
        let (rounds, year_end): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN kind = 'year_end' THEN 1 ELSE 0 END), 0)
               FROM rounds WHERE plan_id = $1 AND fiscal_year = $2",
        )
        .bind(plan_id)
        .bind(i64::from(year.0))
        .fetch_one(&mut *c)
        .await?;
        let unsettled: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM round_cells c JOIN rounds d ON d.id = c.round_id
              WHERE d.plan_id = $1 AND d.fiscal_year = $2 AND d.kind = $3
                AND c.state NOT IN ('approved', 'not_applicable')",
        )
        .bind(plan_id)
        .bind(i64::from(year.0))
        .bind(RoundKind::YearEnd.code())
        .fetch_one(&mut *c)
        .await?;
        (rounds, year_end, unsettled)
    });
    Ok(match (rounds, year_end) {
        (0, _) => None,
        // Only an interim report: the year-end one has not been collected.
        (_, 0) => Some(i64::MAX),
        _ => Some(unsettled),
    })
}

/// The cell as it is now, on `conn` (`None`: not a measure of the round).
async fn cell_now(conn: Conn<'_>, round_id: i64, node: &str) -> Result<Option<RoundCell>> {
    let row: Option<CellRow> = on_conn!(conn, |c| {
        sqlx::query_as(&format!(
            "SELECT {CELL_COLUMNS} FROM round_cells WHERE round_id = $1 AND node_code = $2"
        ))
        .bind(round_id)
        .bind(node)
        .fetch_optional(c)
        .await?
    });
    row.map(RoundCell::try_from).transpose()
}

/// The cell after a step. An approval makes the entry's revision the one
/// reports show; a returned approval stays shown until its correction is
/// approved; a measure marked 対象外 shows nothing.
fn moved(mut c: RoundCell, w: &StepWrite<'_>, revision: Option<i64>, at: &str) -> RoundCell {
    c.state = w.to;
    if revision.is_some() {
        c.revision = revision;
    }
    let who = Some(w.actor.to_owned());
    match w.step {
        Step::Submit => c.submitted_by = who,
        Step::Confirm => c.confirmed_by = who,
        Step::Approve => c.approved_revision = c.revision,
        Step::Return => c.confirmed_by = None,
        Step::Exclude | Step::Reopen => {
            c.approved_revision = None;
            c.confirmed_by = None;
        }
        Step::Save => {}
    }
    if w.step.needs_reason() {
        c.reason = w.reason.map(str::trim).map(str::to_owned);
    } else if matches!(w.step, Step::Submit | Step::Reopen) {
        c.reason = None;
    }
    c.updated_at = at.to_owned();
    c
}

/// Records a step on `conn`: checks the cell is still in the state the
/// step was checked against (else a conflict), moves it, appends the event
/// and the audit entry.
async fn write_step(
    store: &Store,
    mut conn: Conn<'_>,
    (round, plan_code, node): (&Round, &str, &str),
    w: &StepWrite<'_>,
    revision: Option<i64>,
) -> Result<RoundCell> {
    let now_cell = match cell_now(conn.reborrow(), round.id, node).await? {
        // A measure added to the plan after the round opened starts now.
        None if w.from == CellState::NotStarted => {
            on_conn!(conn.reborrow(), |c| {
                sqlx::query(
                    "INSERT INTO round_cells (round_id, node_code, state, updated_at)
                     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                )
                .bind(round.id)
                .bind(node)
                .bind(CellState::NotStarted.code())
                .bind(store.now())
                .execute(&mut *c)
                .await?;
            });
            cell_now(conn.reborrow(), round.id, node).await?
        }
        other => other,
    };
    let old = match now_cell {
        None => {
            return Err(StoreError::NotFound(
                Message::new("round_no_cell").arg("item", node),
            ));
        }
        Some(old) if old.state != w.from => {
            return Err(StoreError::refused(
                "step",
                "changed_meanwhile",
                Message::new("round_changed_meanwhile").label(
                    "state",
                    &jinzai_domain::round::CELL_STATES,
                    old.state.code(),
                ),
            ));
        }
        Some(old) => old,
    };
    let at = store.now();
    let new = moved(old, w, revision, &at);
    let reason = w.reason.map(str::trim).filter(|r| !r.is_empty());
    on_conn!(conn.reborrow(), |c| {
        // Only from the state the step was decided on: a concurrent step
        // that got there first makes this one a conflict (READ COMMITTED
        // on PostgreSQL would otherwise let both through).
        let moved = sqlx::query(
            "UPDATE round_cells SET state = $1, revision = $2, approved_revision = $3,
                    submitted_by = $4, confirmed_by = $5, reason = $6, updated_at = $7
              WHERE round_id = $8 AND node_code = $9 AND state = $10",
        )
        .bind(new.state.code())
        .bind(new.revision)
        .bind(new.approved_revision)
        .bind(&new.submitted_by)
        .bind(&new.confirmed_by)
        .bind(&new.reason)
        .bind(&at)
        .bind(round.id)
        .bind(node)
        .bind(w.from.code())
        .execute(&mut *c)
        .await?
        .rows_affected();
        if moved != 1 {
            return Err(StoreError::refused(
                "step",
                "changed_meanwhile",
                Message::new("round_changed_meanwhile").label(
                    "state",
                    &jinzai_domain::round::CELL_STATES,
                    w.from.code(),
                ),
            ));
        }
        sqlx::query(
            "INSERT INTO round_events (round_id, node_code, step, from_state, to_state, revision,
                    actor, actor_name, on_behalf, reason, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(round.id)
        .bind(node)
        .bind(w.step.code())
        .bind(w.from.code())
        .bind(w.to.code())
        .bind(new.revision)
        .bind(w.actor)
        .bind(w.actor_name)
        .bind(i64::from(w.on_behalf))
        .bind(reason)
        .bind(&at)
        .execute(&mut *c)
        .await?;
    });
    crate::audit::append(
        store,
        conn,
        &AuditEvent {
            actor: w.actor,
            action: w.step.code(),
            record_type: "round_cell",
            record_key: &format!(
                "{plan_code}/{}/{}/{node}",
                round.fiscal_year,
                round.kind.code()
            ),
            detail: serde_json::json!({
                "from": w.from, "to": w.to, "reason": reason,
                "on_behalf": w.on_behalf, "revision": new.revision,
            }),
        },
    )
    .await?;
    Ok(new)
}

impl Store {
    /// Opens a round for a plan's year with a cell per measure (未着手).
    /// Refused when the year is locked or a round of that kind exists.
    pub async fn open_round(
        &self,
        (plan_id, plan_code): (i64, &str),
        (year, kind): (FiscalYear, RoundKind),
        dates: RoundDates,
        measures: &[String],
        actor: &str,
    ) -> Result<Round> {
        let now = self.now();
        let row: RoundRow = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let locked: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM year_locks WHERE plan_id = $1 AND fiscal_year = $2",
            )
            .bind(plan_id)
            .bind(i64::from(year.0))
            .fetch_one(&mut *tx)
            .await?;
            if locked > 0 {
                return Err(StoreError::YearLocked {
                    plan: plan_code.to_owned(),
                    year: year.0,
                });
            }
            let inserted = sqlx::query_as::<_, RoundRow>(&format!(
                "INSERT INTO rounds (plan_id, fiscal_year, kind, opens_on, due_on, review_by, opened_at, opened_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {ROUND_COLUMNS}"
            ))
            .bind(plan_id)
            .bind(i64::from(year.0))
            .bind(kind.code())
            .bind(dates.opens_on.to_string())
            .bind(dates.due_on.to_string())
            .bind(dates.review_by.to_string())
            .bind(&now)
            .bind(actor)
            .fetch_one(&mut *tx)
            .await;
            let row = match inserted {
                Ok(r) => r,
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                    return Err(StoreError::refused(
                        "kind",
                        "exists",
                        Message::new("round_exists")
                            .arg("year", year.label_ja())
                            .label("kind", &jinzai_domain::round::ROUND_KINDS, kind.code()),
                    ));
                }
                Err(e) => return Err(e.into()),
            };
            let mut b = sqlx::QueryBuilder::new(
                "INSERT INTO round_cells (round_id, node_code, state, updated_at) ",
            );
            for chunk in measures.chunks(500) {
                b.reset();
                b.push_values(chunk, |mut v, node| {
                    v.push_bind(row.id)
                        .push_bind(node)
                        .push_bind(CellState::NotStarted.code())
                        .push_bind(&now);
                });
                b.build().execute(&mut *tx).await?;
            }
            // Entries already recorded for the year are the cells' starting point.
            sqlx::query(
                "UPDATE round_cells SET revision = (
                        SELECT MAX(p.revision) FROM progress_revisions p
                         WHERE p.plan_id = $1 AND p.node_code = round_cells.node_code AND p.fiscal_year = $2)
                  WHERE round_id = $3",
            )
            .bind(plan_id)
            .bind(i64::from(year.0))
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
            crate::progress::log_plan_year(
                self,
                (&mut *tx).into(),
                (plan_id, year),
                (actor, "open", "round"),
                serde_json::json!({ "kind": kind, "dates": dates, "measures": measures.len() }),
            )
            .await?;
            tx.commit().await?;
            row
        });
        row.try_into()
    }

    /// Changes a round's dates (checked by the caller); audited.
    pub async fn set_round_dates(
        &self,
        (round, plan_code): (&Round, &str),
        dates: RoundDates,
        actor: &str,
    ) -> Result<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "UPDATE rounds SET opens_on = $1, due_on = $2, review_by = $3 WHERE id = $4",
            )
            .bind(dates.opens_on.to_string())
            .bind(dates.due_on.to_string())
            .bind(dates.review_by.to_string())
            .bind(round.id)
            .execute(&mut *tx)
            .await?;
            crate::audit::append(
                self,
                (&mut *tx).into(),
                &AuditEvent {
                    actor,
                    action: "dates",
                    record_type: "round",
                    record_key: &format!("{plan_code}/{}/{}", round.fiscal_year, round.kind.code()),
                    detail: serde_json::json!({ "old": round.dates, "new": dates }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Every round of a plan, by year and kind.
    pub async fn rounds(&self, plan_id: i64) -> Result<Vec<Round>> {
        let rows: Vec<RoundRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {ROUND_COLUMNS} FROM rounds WHERE plan_id = $1 ORDER BY fiscal_year, kind DESC"
            ))
            .bind(plan_id)
            .fetch_all(pool)
            .await?
        });
        all(rows)
    }

    /// The cells of a round, by measure code.
    pub async fn round_cells(&self, round_id: i64) -> Result<Vec<RoundCell>> {
        let rows: Vec<CellRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {CELL_COLUMNS} FROM round_cells WHERE round_id = $1 ORDER BY node_code"
            ))
            .bind(round_id)
            .fetch_all(pool)
            .await?
        });
        all(rows)
    }

    /// One measure's cell in a round.
    pub async fn round_cell(&self, round_id: i64, node: &str) -> Result<Option<RoundCell>> {
        on_pool!(self, |pool| {
            let mut c = pool.acquire().await?;
            cell_now((&mut *c).into(), round_id, node).await
        })
    }

    /// The steps taken in a round (on one measure, or all), oldest first.
    pub async fn round_events(&self, round_id: i64, node: Option<&str>) -> Result<Vec<RoundEvent>> {
        let rows: Vec<EventRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT node_code, step, from_state, to_state, revision, actor, actor_name,
                        on_behalf, reason, at
                   FROM round_events WHERE round_id = $1 AND ($2 = '' OR node_code = $2)
                  ORDER BY id",
            )
            .bind(round_id)
            .bind(node.unwrap_or(""))
            .fetch_all(pool)
            .await?
        });
        all(rows)
    }

    /// Takes a step other than saving (submit, return, confirm, approve,
    /// exclude, reopen), checked by the caller against `w.from`.
    pub async fn take_step(
        &self,
        (round, plan_code, node): (&Round, &str, &str),
        w: &StepWrite<'_>,
    ) -> Result<RoundCell> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            if round_year_locked((&mut *tx).into(), round).await? {
                return Err(StoreError::YearLocked {
                    plan: plan_code.to_owned(),
                    year: round.fiscal_year,
                });
            }
            let cell =
                write_step(self, (&mut *tx).into(), (round, plan_code, node), w, None).await?;
            tx.commit().await?;
            Ok(cell)
        })
    }

    /// Saves an entry in a round: the new revision and the step, in one
    /// transaction.
    pub async fn save_in_round(
        &self,
        (round, cell): (&Round, Cell<'_>),
        entry: &ProgressEntry,
        base_revision: Option<i64>,
        w: &StepWrite<'_>,
    ) -> Result<Revision> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let new = insert_revision(
                self,
                (&mut *tx).into(),
                cell,
                entry,
                (base_revision, false),
                w.actor,
            )
            .await?;
            write_step(
                self,
                (&mut *tx).into(),
                (round, cell.plan_code, cell.node_code),
                w,
                Some(new.revision),
            )
            .await?;
            tx.commit().await?;
            Ok(new)
        })
    }

    /// The latest revision of one measure's year, whatever its state (what
    /// its owner and reviewers work on).
    pub async fn latest_revision(
        &self,
        plan_id: i64,
        node: &str,
        year: FiscalYear,
    ) -> Result<Option<Revision>> {
        Ok(self
            .progress_history(plan_id, node, Some(year))
            .await?
            .into_iter()
            .next())
    }
}

async fn round_year_locked(conn: Conn<'_>, round: &Round) -> Result<bool> {
    let n: i64 = on_conn!(conn, |c| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM year_locks y JOIN rounds d ON d.plan_id = y.plan_id
              WHERE d.id = $1 AND y.fiscal_year = d.fiscal_year",
        )
        .bind(round.id)
        .fetch_one(c)
        .await?
    });
    Ok(n > 0)
}
