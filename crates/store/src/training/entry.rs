//! Training records entered one at a time on a screen or through the API:
//! a self-development application and each step it takes, a unit's OJT
//! plan, a session held, and people added to a session's roster. Each is checked as an import row would be,
//! written in one transaction with its audit entry, and bumps the records
//! version so computed actuals follow at once.

use super::{
    SESSION_SELECT, SelfDevelopmentRecordRow, SessionRecordRow, add_qualification, session_id,
    staff_by_number,
};
use crate::conn::BeginWrite;
use crate::people::ImportOptions;
use crate::rows::records;
use crate::{Result, Store, StoreError, on_pool};
use jinzai_domain::FiscalYear;
use jinzai_domain::i18n::Message;
use jinzai_domain::money::Yen;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::progress::FieldError;
use jinzai_domain::training::support::{
    OjtPlan, SelfDevelopment, SelfDevelopmentStatus, SelfDevelopmentStep, check_ojt_plans,
    check_self_development, take_step,
};
use jinzai_domain::training::{ParticipationStatus, TrainingSession, check_sessions};
use serde::Serialize;
use sqlx::{FromRow, Row};

/// How a session is written: whether a stored one of the same course and
/// first day may be changed, and (for a unit's own entry) which unit it
/// must belong to.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionWrite<'a> {
    pub replace: bool,
    pub unit: Option<&'a str>,
}

/// A self-development application with its id and the applicant's name.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfDevelopmentRow {
    pub id: i64,
    pub name: String,
    #[serde(flatten)]
    pub application: SelfDevelopment,
}

const ROW_SELECT: &str = "SELECT sd.id, sd.staff_id, s.name, s.number, sd.kind, sd.title, sd.applied_date, sd.status, \
     sd.subsidy, sd.completed_date, sd.qualification, sd.note FROM self_development sd JOIN staff s ON s.id = sd.staff_id";

/// An application as stored, with its id and the applicant's name and id.
#[derive(sqlx::FromRow)]
struct ApplicationRow {
    id: i64,
    staff_id: i64,
    name: String,
    #[sqlx(flatten)]
    record: SelfDevelopmentRecordRow,
}

impl TryFrom<ApplicationRow> for SelfDevelopmentRow {
    type Error = StoreError;

    fn try_from(r: ApplicationRow) -> Result<SelfDevelopmentRow> {
        Ok(SelfDevelopmentRow {
            id: r.id,
            name: r.name,
            application: r.record.try_into()?,
        })
    }
}

/// An import error of a single entered record, as the entry's error.
fn entry_error(e: StoreError) -> StoreError {
    match e {
        StoreError::Records(problems) => StoreError::problems(&problems),
        other => other,
    }
}

fn duplicate_application(a: &SelfDevelopment) -> StoreError {
    StoreError::refused(
        "title",
        "duplicate",
        Message::new("training_title_duplicate")
            .arg("applied", a.applied)
            .arg("title", &a.title),
    )
}

impl Store {
    /// Applications made in `year` (one person's when `only` names them),
    /// by date and staff number.
    pub async fn self_development_rows(
        &self,
        year: FiscalYear,
        only: Option<&str>,
    ) -> Result<Vec<SelfDevelopmentRow>> {
        let (Some(from), Some(to)) = (year.start(), year.end()) else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "{ROW_SELECT} WHERE sd.applied_date BETWEEN $1 AND $2 AND ($3 IS NULL OR s.number = $3) \
             ORDER BY sd.applied_date, s.number, sd.id"
        );
        on_pool!(self, |pool| {
            let rows: Vec<ApplicationRow> = sqlx::query_as(&sql)
                .bind(from.to_string())
                .bind(to.to_string())
                .bind(only)
                .fetch_all(pool)
                .await?;
            records(rows)
        })
    }

    /// One application by id.
    pub async fn self_development_row(&self, id: i64) -> Result<Option<SelfDevelopmentRow>> {
        let sql = format!("{ROW_SELECT} WHERE sd.id = $1");
        on_pool!(self, |pool| {
            let row: Option<ApplicationRow> =
                sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?;
            row.map(SelfDevelopmentRow::try_from).transpose()
        })
    }

    /// Records a new application (status 申請); returns its id. The
    /// applicant must be on the staff and hired by the application date;
    /// the same person, title and date twice is refused.
    pub async fn apply_self_development(
        &self,
        application: &SelfDevelopment,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let a = application;
        if a.status != SelfDevelopmentStatus::Applied {
            return Err(StoreError::refused(
                "status",
                "not_an_application",
                Message::new("training_status_not_an_application"),
            ));
        }
        let problems = check_self_development(std::slice::from_ref(a));
        if !problems.is_empty() {
            return Err(StoreError::problems(&problems));
        }
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let Some((staff_id, hired)) =
                staff_by_number((&mut *tx).into(), &a.staff_number).await?
            else {
                return Err(StoreError::refused(
                    "staff_number",
                    "unknown_staff",
                    Message::new("training_staff_number_unknown_staff")
                        .arg("staff_number", &a.staff_number),
                ));
            };
            if a.applied < hired {
                return Err(StoreError::refused(
                    "applied",
                    "before_hire",
                    Message::new("training_applied_before_hire")
                        .arg("applied", a.applied)
                        .arg("hired", hired),
                ));
            }
            let twice = sqlx::query(
                "SELECT id FROM self_development WHERE staff_id = $1 AND title = $2 AND applied_date = $3",
            )
            .bind(staff_id)
            .bind(&a.title)
            .bind(a.applied.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            if twice.is_some() {
                return Err(duplicate_application(a));
            }
            let inserted = sqlx::query(
                "INSERT INTO self_development (staff_id, title, applied_date, kind, status, subsidy, note) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(staff_id)
            .bind(&a.title)
            .bind(a.applied.to_string())
            .bind(a.kind.code())
            .bind(a.status.code())
            .bind(a.subsidy.map(Yen::get))
            .bind(&a.note)
            .fetch_one(&mut *tx)
            .await;
            let id: i64 = match inserted {
                // The same application sent twice at once (a double click).
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                    return Err(duplicate_application(a));
                }
                other => other?.try_get("id")?,
            };
            let key = id.to_string();
            crate::people::log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "apply",
                    record_type: "self_development",
                    record_key: &key,
                    detail: serde_json::json!({ "application": a }),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Moves an application one step of its flow (approve with the subsidy,
    /// reject, withdraw, complete). Completing with a qualification adds it
    /// to the staff record in the same transaction.
    pub async fn step_self_development(
        &self,
        id: i64,
        step: &SelfDevelopmentStep,
        actor: &str,
    ) -> Result<SelfDevelopmentRow, StoreError> {
        let sql = format!("{ROW_SELECT} WHERE sd.id = $1");
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<ApplicationRow> = sqlx::query_as(&sql)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(row) = row else {
                return Err(StoreError::NotFound(
                    Message::new("training_no_application").arg("id", id),
                ));
            };
            let staff_id = row.staff_id;
            let current = SelfDevelopmentRow::try_from(row)?;
            let next = take_step(&current.application, step).map_err(StoreError::Refused)?;
            // Guarded by the status read: of two people acting at once, the
            // second is told, not silently undone.
            let changed = sqlx::query(
                "UPDATE self_development SET status = $2, subsidy = $3, completed_date = $4, \
                 qualification = $5, note = $7 WHERE id = $1 AND status = $6",
            )
            .bind(id)
            .bind(next.status.code())
            .bind(next.subsidy.map(Yen::get))
            .bind(next.completed.map(|d| d.to_string()))
            .bind(&next.qualification)
            .bind(current.application.status.code())
            .bind(&next.note)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed != 1 {
                return Err(StoreError::refused(
                    "status",
                    "changed_meanwhile",
                    Message::new("training_status_changed_meanwhile"),
                ));
            }
            if let Some(q) = &next.qualification {
                add_qualification(self, (&mut *tx).into(), staff_id, q).await?;
            }
            let key = id.to_string();
            crate::people::log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "self_development_step",
                    record_type: "self_development",
                    record_key: &key,
                    detail: serde_json::json!({
                        "staff": next.staff_number,
                        "from": current.application.status,
                        "to": next.status,
                        "subsidy": next.subsidy,
                        "completed": next.completed,
                        "qualification": next.qualification,
                        "note": next.note,
                    }),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(SelfDevelopmentRow {
                application: next,
                ..current
            })
        })
    }

    /// Records a unit's OJT plan for a year, or changes it. The unit must
    /// exist. Returns whether it was new.
    pub async fn save_ojt_plan(&self, plan: &OjtPlan, actor: &str) -> Result<bool, StoreError> {
        let problems = check_ojt_plans(std::slice::from_ref(plan));
        if !problems.is_empty() {
            return Err(StoreError::problems(&problems));
        }
        let record = serde_json::json!(plan);
        let source = format!("{}/{}", plan.unit_code, plan.fiscal_year);
        let opts = ImportOptions {
            entered: Some(&record),
            ..ImportOptions::by(actor, &source)
        };
        let summary = self
            .import_ojt_plans(std::slice::from_ref(plan), opts)
            .await
            .map_err(entry_error)?;
        Ok(summary.created == 1)
    }

    /// Records a session, or changes the stored one of its course and first
    /// day when `how.replace` says so (a "new" form must not overwrite one
    /// silently). With `how.unit`, a stored session of another unit is
    /// refused: a 所属長 cannot take over another unit's session. Audited
    /// under the session with the values before and after.
    pub async fn save_session(
        &self,
        session: &TrainingSession,
        how: SessionWrite<'_>,
        actor: &str,
    ) -> Result<bool, StoreError> {
        let s = session;
        let problems = check_sessions(std::slice::from_ref(s));
        if !problems.is_empty() {
            return Err(StoreError::problems(&problems));
        }
        let select = format!("{SESSION_SELECT} WHERE c.code = $1 AND ts.start_date = $2");
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let course: Option<i64> = sqlx::query("SELECT id FROM courses WHERE code = $1")
                .bind(&s.course_code)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get("id"))
                .transpose()?;
            let Some(course_id) = course else {
                return Err(StoreError::refused(
                    "course",
                    "unknown_course",
                    Message::new("training_course_unknown_course")
                        .arg("course_code", &s.course_code),
                ));
            };
            if let Some(unit) = &s.unit_code {
                let known = sqlx::query("SELECT 1 AS one FROM units WHERE code = $1")
                    .bind(unit)
                    .fetch_optional(&mut *tx)
                    .await?;
                if known.is_none() {
                    return Err(StoreError::problems(&[super::unknown_unit(0, unit)]));
                }
            }
            let stored = sqlx::query(&select)
                .bind(&s.course_code)
                .bind(s.start.to_string())
                .fetch_optional(&mut *tx)
                .await?;
            let before = stored
                .as_ref()
                .map(|r| TrainingSession::try_from(SessionRecordRow::from_row(r)?))
                .transpose()?;
            match (&before, how) {
                (Some(_), SessionWrite { replace: false, .. }) => {
                    return Err(StoreError::refused(
                        "start",
                        "exists",
                        Message::new("training_start_exists").arg("start", s.start),
                    ));
                }
                (Some(b), SessionWrite { unit: Some(u), .. })
                    if b.unit_code.as_deref() != Some(u) =>
                {
                    return Err(StoreError::refused(
                        "start",
                        "taken",
                        Message::new("training_start_taken").arg("start", s.start),
                    ));
                }
                _ => {}
            }
            let sql = if before.is_some() {
                "UPDATE training_sessions SET end_date = $3, place = $4, capacity = $5, unit_code = $6, note = $7 \
                 WHERE course_id = $1 AND start_date = $2"
            } else {
                "INSERT INTO training_sessions (course_id, start_date, end_date, place, capacity, unit_code, note) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)"
            };
            sqlx::query(sql)
                .bind(course_id)
                .bind(s.start.to_string())
                .bind(s.end.map(|d| d.to_string()))
                .bind(&s.place)
                .bind(s.capacity.map(i64::from))
                .bind(&s.unit_code)
                .bind(&s.note)
                .execute(&mut *tx)
                .await?;
            let key = format!("{}@{}", s.course_code, s.start);
            crate::people::log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "enter",
                    record_type: "training_session",
                    record_key: &key,
                    detail: serde_json::json!({ "before": before, "after": s }),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(before.is_none())
        })
    }
}

/// What adding people to a roster did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterAdded {
    /// Staff numbers added.
    pub added: Vec<String>,
    /// Staff numbers already on the roster (left as they were).
    pub already: Vec<String>,
}

/// The statuses a person may be added to a roster with.
pub const ROSTER_ENTRY_STATUSES: [ParticipationStatus; 3] = [
    ParticipationStatus::Applied,
    ParticipationStatus::Approved,
    ParticipationStatus::Attended,
];

impl Store {
    /// Adds staff members to a session's roster with `status` (申込, 承認 or
    /// 受講). Each must be on the staff and hired by the session's first
    /// day; people already on the roster are left as they are. All or
    /// nothing, audited with the numbers added.
    pub async fn add_to_roster(
        &self,
        course: &str,
        start: chrono::NaiveDate,
        numbers: &[String],
        status: ParticipationStatus,
        actor: &str,
    ) -> Result<RosterAdded, StoreError> {
        if !ROSTER_ENTRY_STATUSES.contains(&status) {
            return Err(StoreError::refused(
                "status",
                "bad_status",
                Message::new("training_status_bad_status"),
            ));
        }
        let wanted: Vec<&str> = numbers
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
            .collect();
        if wanted.is_empty() {
            return Err(StoreError::refused(
                "staff_numbers",
                "required",
                Message::new("training_staff_numbers_required"),
            ));
        }
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let session_id = session_id((&mut *tx).into(), course, start).await?;
            let mut on_roster = std::collections::HashSet::new();
            for r in sqlx::query(
                "SELECT s.number FROM participations p JOIN staff s ON s.id = p.staff_id WHERE p.session_id = $1",
            )
            .bind(session_id)
            .fetch_all(&mut *tx)
            .await?
            {
                on_roster.insert(r.try_get::<String, _>("number")?);
            }
            let mut done = RosterAdded::default();
            let mut problems = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for number in wanted {
                if !seen.insert(number) {
                    continue;
                }
                if on_roster.contains(number) {
                    done.already.push(number.to_owned());
                    continue;
                }
                let Some((staff_id, hired)) = staff_by_number((&mut *tx).into(), number).await?
                else {
                    problems.push(FieldError::new(
                        "staff_numbers",
                        "unknown_staff",
                        Message::new("training_staff_numbers_unknown_staff").arg("number", number),
                    ));
                    continue;
                };
                if start < hired {
                    problems.push(FieldError::new(
                        "staff_numbers",
                        "before_hire",
                        Message::new("training_staff_numbers_before_hire")
                            .arg("number", number)
                            .arg("hired", hired),
                    ));
                    continue;
                }
                let inserted = sqlx::query(
                    "INSERT INTO participations (session_id, staff_id, status) VALUES ($1, $2, $3)",
                )
                .bind(session_id)
                .bind(staff_id)
                .bind(status.code())
                .execute(&mut *tx)
                .await;
                match inserted {
                    // Added by someone else since the roster was read.
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                        return Err(StoreError::refused(
                            "staff_numbers",
                            "changed_meanwhile",
                            Message::new("training_staff_numbers_changed_meanwhile")
                                .arg("number", number),
                        ));
                    }
                    other => other?,
                };
                done.added.push(number.to_owned());
            }
            if !problems.is_empty() {
                return Err(StoreError::Refused(problems));
            }
            if !done.added.is_empty() {
                let key = format!("{course}@{start}");
                crate::people::log_write(
                    self,
                    (&mut *tx).into(),
                    &crate::audit::AuditEvent {
                        actor,
                        action: "add_to_roster",
                        record_type: "training_session",
                        record_key: &key,
                        detail: serde_json::json!({ "added": done.added, "status": status }),
                    },
                )
                .await?;
            }
            tx.commit().await?;
            Ok(done)
        })
    }
}

impl Store {
    /// Records a course of the catalogue, or changes the one with its code
    /// (topics replaced). Returns whether it was new.
    pub async fn save_course(
        &self,
        course: &jinzai_domain::training::Course,
        actor: &str,
    ) -> Result<bool, StoreError> {
        let problems = jinzai_domain::training::check_courses(std::slice::from_ref(course));
        if !problems.is_empty() {
            return Err(StoreError::problems(&problems));
        }
        let record = serde_json::json!(course);
        let opts = ImportOptions {
            entered: Some(&record),
            ..ImportOptions::by(actor, &course.code)
        };
        let summary = self
            .import_courses(std::slice::from_ref(course), opts)
            .await
            .map_err(entry_error)?;
        Ok(summary.created == 1)
    }
}
