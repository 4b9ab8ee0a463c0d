//! Evaluation sheets: each step written in one transaction that moves the
//! sheet only from the state it was decided on (two racing steps end in a
//! conflict), with its ratings, its event and its audit entry.

use super::{StoredPeriod, json, to_json};
use crate::conn::{BeginWrite, Conn, on_conn};
use crate::people::{day, load_staff_ids, log_write, staff_id};
use crate::rows::{coded, records};
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::evaluation::interview::{Interview, InterviewKind};
use jinzai_domain::evaluation::sheet::{
    ComplaintOutcome, Goal, ItemRating, SheetState, SheetStep, Stage,
};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use serde::Serialize;

/// A sheet as stored.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetRecord {
    pub id: i64,
    pub period_id: i64,
    pub evaluatee: StaffNumber,
    pub state: SheetState,
    pub goals: Vec<Goal>,
    pub adjusted_band: Option<String>,
    pub adjust_reason: Option<String>,
    pub final_band: Option<String>,
    pub disclosed_on: Option<NaiveDate>,
    pub updated_at: String,
}

#[derive(sqlx::FromRow)]
struct SheetRow {
    id: i64,
    period_id: i64,
    evaluatee: StaffNumber,
    state: String,
    goals: Option<String>,
    adjusted_band: Option<String>,
    adjust_reason: Option<String>,
    final_band: Option<String>,
    disclosed_on: Option<String>,
    updated_at: String,
}

impl TryFrom<SheetRow> for SheetRecord {
    type Error = StoreError;

    fn try_from(r: SheetRow) -> Result<SheetRecord> {
        Ok(SheetRecord {
            id: r.id,
            period_id: r.period_id,
            evaluatee: r.evaluatee,
            state: coded(&r.state)?,
            goals: r
                .goals
                .as_deref()
                .map(json)
                .transpose()?
                .unwrap_or_default(),
            adjusted_band: r.adjusted_band,
            adjust_reason: r.adjust_reason,
            final_band: r.final_band,
            disclosed_on: r.disclosed_on.as_deref().map(day).transpose()?,
            updated_at: r.updated_at,
        })
    }
}

const SHEET_SELECT: &str = "SELECT h.id, h.period_id, s.number AS evaluatee, h.state, h.goals, h.adjusted_band, \
     h.adjust_reason, h.final_band, h.disclosed_on, h.updated_at FROM evaluation_sheets h JOIN staff s ON s.id = h.evaluatee_id";

/// A stage's rating of one item, with who gave it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredRating {
    pub stage: Stage,
    pub item: String,
    pub band: String,
    pub comment: Option<String>,
    pub rated_by: Option<StaffNumber>,
    pub rated_at: String,
}

impl StoredRating {
    /// The rating itself.
    pub fn rating(&self) -> ItemRating {
        ItemRating {
            item: self.item.clone(),
            band: self.band.clone(),
            comment: self.comment.clone(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct RatingRow {
    stage: String,
    item: String,
    band: String,
    comment: Option<String>,
    rated_by: Option<StaffNumber>,
    rated_at: String,
}

impl TryFrom<RatingRow> for StoredRating {
    type Error = StoreError;

    fn try_from(r: RatingRow) -> Result<StoredRating> {
        Ok(StoredRating {
            stage: coded(&r.stage)?,
            item: r.item,
            band: r.band,
            comment: r.comment,
            rated_by: r.rated_by,
            rated_at: r.rated_at,
        })
    }
}

/// A step taken on a sheet.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetEvent {
    pub step: SheetStep,
    pub from_state: SheetState,
    pub to_state: SheetState,
    pub actor: String,
    pub reason: Option<String>,
    pub at: String,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    step: String,
    from_state: String,
    to_state: String,
    actor: String,
    reason: Option<String>,
    at: String,
}

impl TryFrom<EventRow> for SheetEvent {
    type Error = StoreError;

    fn try_from(r: EventRow) -> Result<SheetEvent> {
        Ok(SheetEvent {
            step: coded(&r.step)?,
            from_state: coded(&r.from_state)?,
            to_state: coded(&r.to_state)?,
            actor: r.actor,
            reason: r.reason,
            at: r.at,
        })
    }
}

/// A complaint about a disclosed sheet and its handling.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Complaint {
    pub filed_on: NaiveDate,
    pub body: String,
    pub filed_by: String,
    pub outcome: Option<ComplaintOutcome>,
    pub response: Option<String>,
    pub handled_by: Option<String>,
    pub handled_on: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct ComplaintRow {
    filed_on: String,
    body: String,
    filed_by: String,
    outcome: Option<String>,
    response: Option<String>,
    handled_by: Option<String>,
    handled_on: Option<String>,
}

impl TryFrom<ComplaintRow> for Complaint {
    type Error = StoreError;

    fn try_from(r: ComplaintRow) -> Result<Complaint> {
        Ok(Complaint {
            filed_on: day(&r.filed_on)?,
            body: r.body,
            filed_by: r.filed_by,
            outcome: r.outcome.as_deref().map(coded).transpose()?,
            response: r.response,
            handled_by: r.handled_by,
            handled_on: r.handled_on.as_deref().map(day).transpose()?,
        })
    }
}

/// A talk as stored.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredInterview {
    pub interview: Interview,
    pub recorded_by: String,
}

#[derive(sqlx::FromRow)]
struct InterviewRow {
    number: StaffNumber,
    kind: String,
    held_on: String,
    interviewer: StaffNumber,
    attendees: Option<String>,
    note: Option<String>,
    recorded_by: String,
}

impl TryFrom<InterviewRow> for StoredInterview {
    type Error = StoreError;

    fn try_from(r: InterviewRow) -> Result<StoredInterview> {
        Ok(StoredInterview {
            interview: Interview {
                staff_number: r.number,
                kind: coded::<InterviewKind>(&r.kind)?,
                held_on: day(&r.held_on)?,
                interviewer: r.interviewer,
                attendees: r.attendees,
                note: r.note,
            },
            recorded_by: r.recorded_by,
        })
    }
}

const INTERVIEW_SELECT: &str = "SELECT s.number, t.kind, t.held_on, i.number AS interviewer, t.attendees, t.note, t.recorded_by \
     FROM interviews t JOIN staff s ON s.id = t.staff_id JOIN staff i ON i.id = t.interviewer_id";

/// A step to write, decided by the use case.
#[derive(Debug)]
pub struct SheetWrite<'a> {
    pub period: &'a StoredPeriod,
    pub evaluatee: &'a StaffNumber,
    pub step: SheetStep,
    pub from: SheetState,
    pub to: SheetState,
    pub goals: Option<&'a [Goal]>,
    /// A stage's ratings, and the staff member who gave them.
    pub ratings: Option<(Stage, &'a [ItemRating], &'a StaffNumber)>,
    /// The 調整者's band (none: they kept the rated one) and reason.
    pub adjusted: Option<(Option<&'a str>, Option<&'a str>)>,
    pub final_band: Option<&'a str>,
    pub disclosed_on: Option<NaiveDate>,
    /// The talk the step records (the 期首面談 of an agreement).
    pub interview: Option<&'a Interview>,
    pub reason: Option<&'a str>,
    pub actor: &'a str,
}

async fn insert_interview(
    conn: Conn<'_>,
    t: &Interview,
    ids: (i64, i64),
    sheet: Option<i64>,
    by: (&str, &str),
) -> Result<()> {
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO interviews (staff_id, kind, held_on, interviewer_id, sheet_id, attendees, note, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (staff_id, kind, held_on) DO UPDATE SET interviewer_id = excluded.interviewer_id, \
             sheet_id = COALESCE(excluded.sheet_id, interviews.sheet_id), attendees = excluded.attendees, note = excluded.note, \
             recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
        )
        .bind(ids.0)
        .bind(t.kind.code())
        .bind(t.held_on.to_string())
        .bind(ids.1)
        .bind(sheet)
        .bind(&t.attendees)
        .bind(&t.note)
        .bind(by.0)
        .bind(by.1)
        .execute(c)
        .await?;
    });
    Ok(())
}

impl Store {
    /// A period by id.
    pub async fn evaluation_period(&self, id: i64) -> Result<Option<StoredPeriod>> {
        Ok(self
            .evaluation_periods(None)
            .await?
            .into_iter()
            .find(|p| p.id == id))
    }

    /// An evaluatee's sheet for a period (none before its first step).
    pub async fn sheet(&self, period_id: i64, evaluatee: &str) -> Result<Option<SheetRecord>> {
        let row: Option<SheetRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "{SHEET_SELECT} WHERE h.period_id = $1 AND s.number = $2"
            ))
            .bind(period_id)
            .bind(evaluatee)
            .fetch_optional(pool)
            .await?
        });
        row.map(TryInto::try_into).transpose()
    }

    /// The sheets of a period, by evaluatee.
    pub async fn period_sheets(&self, period_id: i64) -> Result<Vec<SheetRecord>> {
        let rows: Vec<SheetRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "{SHEET_SELECT} WHERE h.period_id = $1 ORDER BY s.number"
            ))
            .bind(period_id)
            .fetch_all(pool)
            .await?
        });
        records(rows)
    }

    /// The sheets of a period of these evaluatees (those that exist).
    pub async fn sheets_for(
        &self,
        period_id: i64,
        evaluatees: &[&StaffNumber],
    ) -> Result<Vec<SheetRecord>> {
        let mut out = Vec::new();
        for chunk in evaluatees.chunks(500) {
            let rows: Vec<SheetRow> = on_pool!(self, |pool| {
                let mut qb =
                    sqlx::QueryBuilder::new(format!("{SHEET_SELECT} WHERE h.period_id = "));
                qb.push_bind(period_id);
                qb.push(" AND s.number IN (");
                let mut list = qb.separated(", ");
                for n in chunk {
                    list.push_bind(n.as_str());
                }
                qb.push(")");
                qb.build_query_as().fetch_all(pool).await?
            });
            out.extend(records::<_, SheetRecord>(rows)?);
        }
        Ok(out)
    }

    /// A sheet's ratings, by stage and item.
    pub async fn sheet_ratings(&self, sheet_id: i64) -> Result<Vec<StoredRating>> {
        let rows: Vec<RatingRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT r.stage, r.item, r.band, r.comment, s.number AS rated_by, r.rated_at FROM evaluation_ratings r \
                 LEFT JOIN staff s ON s.id = r.rated_by WHERE r.sheet_id = $1 ORDER BY r.stage, r.item",
            )
            .bind(sheet_id)
            .fetch_all(pool)
            .await?
        });
        records(rows)
    }

    /// The steps taken on a sheet, oldest first.
    pub async fn sheet_events(&self, sheet_id: i64) -> Result<Vec<SheetEvent>> {
        let rows: Vec<EventRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT step, from_state, to_state, actor, reason, at FROM evaluation_events WHERE sheet_id = $1 ORDER BY id",
            )
            .bind(sheet_id)
            .fetch_all(pool)
            .await?
        });
        records(rows)
    }

    /// The complaint about a sheet, if one was filed.
    pub async fn sheet_complaint(&self, sheet_id: i64) -> Result<Option<Complaint>> {
        let row: Option<ComplaintRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT filed_on, body, filed_by, outcome, response, handled_by, handled_on FROM evaluation_complaints \
                 WHERE sheet_id = $1",
            )
            .bind(sheet_id)
            .fetch_optional(pool)
            .await?
        });
        row.map(TryInto::try_into).transpose()
    }

    /// Writes a step: the sheet moves from `from` to `to` only if it still
    /// stands at `from` (else a conflict, and nothing is written).
    pub async fn write_sheet_step(&self, w: SheetWrite<'_>) -> Result<SheetRecord> {
        let now = self.now();
        let goals = w.goals.map(to_json).transpose()?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let evaluatee = staff_id((&mut *tx).into(), w.evaluatee).await?;
            sqlx::query(
                "INSERT INTO evaluation_sheets (period_id, evaluatee_id, state, updated_at) VALUES ($1, $2, 'not_started', $3) \
                 ON CONFLICT (period_id, evaluatee_id) DO NOTHING",
            )
            .bind(w.period.id)
            .bind(evaluatee)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            let (sheet_id,): (i64,) = sqlx::query_as(
                "SELECT id FROM evaluation_sheets WHERE period_id = $1 AND evaluatee_id = $2",
            )
            .bind(w.period.id)
            .bind(evaluatee)
            .fetch_one(&mut *tx)
            .await?;
            let moved = sqlx::query(
                "UPDATE evaluation_sheets SET state = $1, updated_at = $2, goals = COALESCE($3, goals), \
                 adjusted_band = CASE WHEN $4 = 1 THEN $5 ELSE adjusted_band END, \
                 adjust_reason = CASE WHEN $4 = 1 THEN $6 ELSE adjust_reason END, \
                 final_band = COALESCE($7, final_band), disclosed_on = COALESCE($8, disclosed_on) \
                 WHERE id = $9 AND state = $10",
            )
            .bind(w.to.code())
            .bind(&now)
            .bind(&goals)
            .bind(i64::from(w.adjusted.is_some()))
            .bind(w.adjusted.and_then(|a| a.0))
            .bind(w.adjusted.and_then(|a| a.1))
            .bind(w.final_band)
            .bind(w.disclosed_on.map(|d| d.to_string()))
            .bind(sheet_id)
            .bind(w.from.code())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved == 0 {
                return Err(StoreError::Conflict { current: 0 });
            }
            if let Some((stage, ratings, by)) = w.ratings {
                let rater = staff_id((&mut *tx).into(), by).await?;
                sqlx::query("DELETE FROM evaluation_ratings WHERE sheet_id = $1 AND stage = $2")
                    .bind(sheet_id)
                    .bind(stage.code())
                    .execute(&mut *tx)
                    .await?;
                for r in ratings {
                    sqlx::query(
                        "INSERT INTO evaluation_ratings (sheet_id, stage, item, band, comment, rated_by, rated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(sheet_id)
                    .bind(stage.code())
                    .bind(&r.item)
                    .bind(&r.band)
                    .bind(r.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()))
                    .bind(rater)
                    .bind(&now)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            sqlx::query(
                "INSERT INTO evaluation_events (sheet_id, step, from_state, to_state, actor, reason, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(sheet_id)
            .bind(w.step.code())
            .bind(w.from.code())
            .bind(w.to.code())
            .bind(w.actor)
            .bind(w.reason)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            if let Some(t) = w.interview {
                let interviewer = staff_id((&mut *tx).into(), &t.interviewer).await?;
                insert_interview(
                    (&mut *tx).into(),
                    t,
                    (evaluatee, interviewer),
                    Some(sheet_id),
                    (w.actor, &now),
                )
                .await?;
            }
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor: w.actor,
                    action: w.step.code(),
                    record_type: "evaluation_sheet",
                    record_key: &format!("{}/{}", w.period.id, w.evaluatee),
                    detail: serde_json::json!({
                        "from": w.from, "to": w.to, "goals": w.goals,
                        "ratings": w.ratings.map(|r| serde_json::json!({ "stage": r.0, "items": r.1 })),
                        "adjusted": w.adjusted, "final_band": w.final_band, "reason": w.reason,
                        "interview": w.interview,
                    }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        self.sheet(w.period.id, w.evaluatee.as_str())
            .await?
            .ok_or_else(|| StoreError::Corrupt("the sheet written is gone".into()))
    }

    /// Imports results (a band per evaluatee and period, confirmed or
    /// disclosed): the period must be open, the band on its scale, the
    /// evaluatee known, and a sheet still in its cycle is left alone (a
    /// problem). All or nothing, audited.
    pub async fn import_results(
        &self,
        list: &[jinzai_domain::evaluation::sheet::SheetResult],
        opts: crate::ImportOptions<'_>,
    ) -> Result<crate::ImportSummary> {
        use jinzai_domain::people::unit::RecordProblem;
        let periods = self.evaluation_periods(None).await?;
        let now = self.now();
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let ids = load_staff_ids((&mut *tx).into()).await?;
            let mut problems = Vec::new();
            let mut rows = Vec::new();
            for (i, r) in list.iter().enumerate() {
                let period = periods.iter().find(|p| {
                    p.period.fiscal_year == r.fiscal_year
                        && p.period.kind == r.kind
                        && p.period.term == r.term
                });
                let Some(period) = period else {
                    problems.push(RecordProblem::new(
                        i,
                        "fiscal_year",
                        Message::new("evaluation_year_not_open").arg("year", r.fiscal_year),
                    ));
                    continue;
                };
                if period.scheme.band(&r.band).is_none() {
                    let bands: Vec<&str> = period
                        .scheme
                        .bands
                        .iter()
                        .map(|b| b.code.as_str())
                        .collect();
                    problems.push(RecordProblem::new(
                        i,
                        "band",
                        Message::new("evaluation_band_unknown")
                            .arg("band", &r.band)
                            .arg("bands", bands.join("・")),
                    ));
                }
                match ids.get(&r.evaluatee) {
                    None => problems.push(RecordProblem::new(
                        i,
                        "evaluatee",
                        Message::new("people_staff_unknown").arg("number", &r.evaluatee),
                    )),
                    Some((id, _)) => rows.push((i, period.id, *id, r)),
                }
            }
            let mut summary = crate::ImportSummary::default();
            for (i, period_id, staff_id, r) in &rows {
                let state: Option<(String, Option<String>, Option<String>)> = sqlx::query_as(
                    "SELECT state, final_band, disclosed_on FROM evaluation_sheets WHERE period_id = $1 AND evaluatee_id = $2",
                )
                .bind(period_id)
                .bind(staff_id)
                .fetch_optional(&mut *tx)
                .await?;
                let to = if r.disclosed_on.is_some() {
                    SheetState::Disclosed
                } else {
                    SheetState::Confirmed
                };
                let disclosed = r.disclosed_on.map(|d| d.to_string());
                match state {
                    Some((s, _, _)) if s != "confirmed" && s != "disclosed" => {
                        problems.push(RecordProblem::new(
                            *i,
                            "evaluatee",
                            Message::new("evaluation_sheet_in_cycle").arg("number", &r.evaluatee),
                        ))
                    }
                    Some((s, band, on))
                        if s == to.code()
                            && band.as_deref() == Some(r.band.as_str())
                            && on == disclosed =>
                    {
                        summary.unchanged += 1;
                    }
                    Some(_) => {
                        summary.updated += 1;
                        sqlx::query(
                            "UPDATE evaluation_sheets SET state = $1, final_band = $2, disclosed_on = $3, updated_at = $4 \
                             WHERE period_id = $5 AND evaluatee_id = $6",
                        )
                        .bind(to.code())
                        .bind(&r.band)
                        .bind(&disclosed)
                        .bind(&now)
                        .bind(period_id)
                        .bind(staff_id)
                        .execute(&mut *tx)
                        .await?;
                    }
                    None => {
                        summary.created += 1;
                        sqlx::query(
                            "INSERT INTO evaluation_sheets (period_id, evaluatee_id, state, final_band, disclosed_on, updated_at) \
                             VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(period_id)
                        .bind(staff_id)
                        .bind(to.code())
                        .bind(&r.band)
                        .bind(&disclosed)
                        .bind(&now)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
            }
            if !problems.is_empty() {
                return Err(StoreError::Records(problems));
            }
            crate::people::end_import(self, tx, &opts, "evaluation_results", summary, None).await
        })?;
        self.after_import("evaluation_sheets", summary, opts).await
    }

    /// Every confirmed or disclosed result (for export).
    pub async fn all_results(&self) -> Result<Vec<jinzai_domain::evaluation::sheet::SheetResult>> {
        let rows: Vec<(i32, String, String, StaffNumber, String, Option<String>)> = on_pool!(
            self,
            |pool| {
                sqlx::query_as(
                "SELECT p.fiscal_year, p.kind, p.term, s.number, h.final_band, h.disclosed_on FROM evaluation_sheets h \
                 JOIN evaluation_periods p ON p.id = h.period_id JOIN staff s ON s.id = h.evaluatee_id \
                 WHERE h.final_band IS NOT NULL ORDER BY p.fiscal_year, p.kind, p.starts_on, s.number",
            )
            .fetch_all(pool)
            .await?
            }
        );
        rows.into_iter()
            .map(|(y, k, t, n, b, d)| {
                Ok(jinzai_domain::evaluation::sheet::SheetResult {
                    fiscal_year: y,
                    kind: coded(&k)?,
                    term: coded(&t)?,
                    evaluatee: n,
                    band: b,
                    disclosed_on: d.as_deref().map(day).transpose()?,
                })
            })
            .collect()
    }

    /// Records talks (upsert by person, kind and day), checked against the
    /// staff they name; all or nothing, audited.
    pub async fn record_interviews(
        &self,
        list: &[Interview],
        opts: crate::ImportOptions<'_>,
    ) -> Result<crate::ImportSummary> {
        let now = self.now();
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let ids = load_staff_ids((&mut *tx).into()).await?;
            let mut problems = jinzai_domain::evaluation::interview::check_interviews(list);
            for (i, t) in list.iter().enumerate() {
                for (field, n) in [
                    ("staff_number", &t.staff_number),
                    ("interviewer", &t.interviewer),
                ] {
                    if !ids.contains_key(n) {
                        problems.push(jinzai_domain::people::unit::RecordProblem::new(
                            i,
                            field,
                            Message::new("people_staff_unknown").arg("number", n),
                        ));
                    }
                }
            }
            if !problems.is_empty() {
                return Err(StoreError::Records(problems));
            }
            let mut summary = crate::ImportSummary::default();
            for (done, t) in list.iter().enumerate() {
                opts.tick(done + 1, list.len());
                let (Some((who, _)), Some((by, _))) =
                    (ids.get(&t.staff_number), ids.get(&t.interviewer))
                else {
                    continue;
                };
                let existing: Option<(i64,)> = sqlx::query_as(
                    "SELECT id FROM interviews WHERE staff_id = $1 AND kind = $2 AND held_on = $3",
                )
                .bind(who)
                .bind(t.kind.code())
                .bind(t.held_on.to_string())
                .fetch_optional(&mut *tx)
                .await?;
                if existing.is_some() {
                    summary.updated += 1;
                } else {
                    summary.created += 1;
                }
                insert_interview(
                    (&mut *tx).into(),
                    t,
                    (*who, *by),
                    None,
                    (opts.actor_name(), &now),
                )
                .await?;
            }
            crate::people::end_import(self, tx, &opts, "interviews", summary, None).await
        })?;
        self.after_import("interviews", summary, opts).await
    }

    /// The talks recorded on a sheet (its 期首・期末面談), by day.
    pub async fn sheet_interviews(&self, sheet_id: i64) -> Result<Vec<StoredInterview>> {
        let rows: Vec<InterviewRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "{INTERVIEW_SELECT} WHERE t.sheet_id = $1 ORDER BY t.held_on, t.kind"
            ))
            .bind(sheet_id)
            .fetch_all(pool)
            .await?
        });
        records(rows)
    }

    /// Records a talk on a sheet (the 期末面談 that explained it), audited.
    pub async fn record_sheet_talk(
        &self,
        sheet: &SheetRecord,
        talk: &Interview,
        actor: &str,
    ) -> Result<()> {
        let now = self.now();
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let who = staff_id((&mut *tx).into(), &talk.staff_number).await?;
            let by = staff_id((&mut *tx).into(), &talk.interviewer).await?;
            insert_interview(
                (&mut *tx).into(),
                talk,
                (who, by),
                Some(sheet.id),
                (actor, &now),
            )
            .await?;
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "talk",
                    record_type: "evaluation_sheet",
                    record_key: &format!("{}/{}", sheet.period_id, sheet.evaluatee),
                    detail: serde_json::json!({ "interview": talk }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// A staff member's talks, newest first.
    pub async fn interviews_of(&self, number: &str) -> Result<Vec<StoredInterview>> {
        let rows: Vec<InterviewRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "{INTERVIEW_SELECT} WHERE s.number = $1 ORDER BY t.held_on DESC, t.kind"
            ))
            .bind(number)
            .fetch_all(pool)
            .await?
        });
        records(rows)
    }

    /// Talks held in [from, to], counted per staff member and kind, with
    /// the latest day.
    pub async fn talk_counts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(StaffNumber, InterviewKind, i64, NaiveDate)>> {
        let rows: Vec<(StaffNumber, String, i64, String)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT s.number, t.kind, COUNT(*), MAX(t.held_on) FROM interviews t JOIN staff s ON s.id = t.staff_id \
                 WHERE t.held_on BETWEEN $1 AND $2 GROUP BY s.number, t.kind",
            )
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(n, k, c, d)| Ok((n, coded(&k)?, c, day(&d)?)))
            .collect()
    }

    /// Every talk, by day (for export).
    pub async fn all_interviews(&self) -> Result<Vec<Interview>> {
        let rows: Vec<InterviewRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "{INTERVIEW_SELECT} ORDER BY t.held_on, s.number, t.kind"
            ))
            .fetch_all(pool)
            .await?
        });
        Ok(records::<_, StoredInterview>(rows)?
            .into_iter()
            .map(|s| s.interview)
            .collect())
    }

    /// Files a complaint about a sheet (the use case checks the window; the
    /// table keeps one per sheet).
    pub async fn file_complaint(
        &self,
        sheet: &SheetRecord,
        filed_on: NaiveDate,
        body: &str,
        actor: &str,
    ) -> Result<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "INSERT INTO evaluation_complaints (sheet_id, filed_on, body, filed_by) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (sheet_id) DO NOTHING",
            )
            .bind(sheet.id)
            .bind(filed_on.to_string())
            .bind(body)
            .bind(actor)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                return Err(StoreError::refused(
                    "body",
                    "complaint_filed",
                    Message::new("evaluation_complaint_once"),
                ));
            }
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "complain",
                    record_type: "evaluation_sheet",
                    record_key: &format!("{}/{}", sheet.period_id, sheet.evaluatee),
                    detail: serde_json::json!({ "filed_on": filed_on, "body": body }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Records how a complaint was handled (once); an upheld one may give
    /// the sheet a new final band.
    pub async fn handle_complaint(
        &self,
        sheet: &SheetRecord,
        (outcome, response, new_band): (ComplaintOutcome, &str, Option<&str>),
        (actor, on): (&str, NaiveDate),
    ) -> Result<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE evaluation_complaints SET outcome = $1, response = $2, handled_by = $3, handled_on = $4 \
                 WHERE sheet_id = $5 AND outcome IS NULL",
            )
            .bind(outcome.code())
            .bind(response)
            .bind(actor)
            .bind(on.to_string())
            .bind(sheet.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                return Err(StoreError::refused(
                    "outcome",
                    "complaint_handled",
                    Message::new("evaluation_complaint_not_open"),
                ));
            }
            if let Some(band) = new_band {
                sqlx::query("UPDATE evaluation_sheets SET final_band = $1 WHERE id = $2")
                    .bind(band)
                    .bind(sheet.id)
                    .execute(&mut *tx)
                    .await?;
            }
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "handle_complaint",
                    record_type: "evaluation_sheet",
                    record_key: &format!("{}/{}", sheet.period_id, sheet.evaluatee),
                    detail: serde_json::json!({
                        "outcome": outcome, "response": response, "new_band": new_band,
                        "before": sheet.final_band,
                    }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }
}
