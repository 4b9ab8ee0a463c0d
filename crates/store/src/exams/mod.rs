//! 昇任試験・選考: exams, their eligibility and components, applications
//! with sittings, marks and results (see `jinzai_domain::exams`). Every
//! write is audited; marks are read through the use cases that check who
//! asks (HR, and each candidate their own).

pub(crate) mod metrics;
pub mod papers;
mod records;

use crate::conn::BeginWrite;
use crate::people::{day, log_write};
use crate::rows::coded;
use crate::{Result, Store, StoreError, on_pool};
use jinzai_domain::exams::{Candidate, Component, Eligibility, Exam};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::people::staff::Staff;
use jinzai_domain::progress::FieldError;
use serde::Serialize;
use std::collections::HashMap;

/// An exam as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredExam {
    pub id: i64,
    pub exam: Exam,
}

#[derive(sqlx::FromRow)]
struct ExamRow {
    id: i64,
    fiscal_year: i32,
    level: String,
    title: String,
    opens_on: String,
    closes_on: String,
    held_on: String,
    reference_date: String,
    min_years_of_service: i32,
    min_years_in_grade: i32,
    max_age: Option<i32>,
    pass_mark: i32,
}

#[derive(sqlx::FromRow)]
struct ComponentRow {
    exam_id: i64,
    kind: String,
    weight: i32,
    max_score: i32,
}

/// A non-negative stored count as the domain's `u32`.
fn count(n: i32) -> Result<u32> {
    u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("negative count {n}")))
}

/// An application as stored: who, when, and how far it went.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredApplication {
    pub exam_id: i64,
    pub staff_number: StaffNumber,
    pub name: String,
    pub applied_at: String,
    pub withdrawn_at: Option<String>,
    /// Whether they sat (none: not yet recorded).
    pub sat: Option<bool>,
    /// Marks per component, in the exam's order (none: not marked).
    pub scores: Vec<Option<u32>>,
    /// The weighted total (0–100), once every component is marked.
    pub total: Option<f64>,
    pub passed: Option<bool>,
    /// The day of the promotion recorded from this result.
    pub promoted_on: Option<chrono::NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct ApplicationRow {
    id: i64,
    exam_id: i64,
    number: StaffNumber,
    name: String,
    applied_at: String,
    withdrawn_at: Option<String>,
    sat: Option<i32>,
    total: Option<f64>,
    passed: Option<i32>,
    promoted_on: Option<String>,
}

const EXAM_SELECT: &str = "SELECT id, fiscal_year, level, title, opens_on, closes_on, held_on, reference_date, \
     min_years_of_service, min_years_in_grade, max_age, pass_mark FROM exams";

const APPLICATION_SELECT: &str = "SELECT a.id, a.exam_id, s.number, s.name, a.applied_at, a.withdrawn_at, a.sat, a.total, a.passed, \
     pe.event_date AS promoted_on \
     FROM exam_applications a JOIN staff s ON s.id = a.staff_id \
     LEFT JOIN personnel_events pe ON pe.id = a.promotion_event_id";

/// Codes by exam id (eligible grades or employment types).
type Codes = Vec<(i64, String)>;

/// A refusal at one field.
fn refused(field: &'static str, code: &'static str, message: Message) -> StoreError {
    StoreError::Refused(vec![FieldError::new(field, code, message)])
}

impl Store {
    /// Sets a year's exam for a level (a new one, or the one already set
    /// for that year and level), audited. Its components may change only
    /// while nobody has applied.
    pub async fn save_exam(&self, exam: &Exam, actor: &str) -> Result<StoredExam> {
        let now = self.now();
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let existing: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM exams WHERE fiscal_year = $1 AND level = $2")
                    .bind(exam.fiscal_year)
                    .bind(&exam.level)
                    .fetch_optional(&mut *tx)
                    .await?;
            let id = match existing {
                Some((id,)) => {
                    let (applied,): (i64,) =
                        sqlx::query_as("SELECT COUNT(*) FROM exam_applications WHERE exam_id = $1")
                            .bind(id)
                            .fetch_one(&mut *tx)
                            .await?;
                    let stored: Vec<ComponentRow> = sqlx::query_as(
                        "SELECT exam_id, kind, weight, max_score FROM exam_components WHERE exam_id = $1 ORDER BY position",
                    )
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
                    let stored = components(stored)?;
                    if applied > 0 && stored != exam.components {
                        return Err(refused(
                            "components",
                            "locked",
                            Message::new("exams_components_locked").arg("count", applied),
                        ));
                    }
                    sqlx::query(
                        "UPDATE exams SET title = $1, opens_on = $2, closes_on = $3, held_on = $4, reference_date = $5, \
                         min_years_of_service = $6, min_years_in_grade = $7, max_age = $8, pass_mark = $9 WHERE id = $10",
                    )
                    .bind(exam.title.trim())
                    .bind(exam.opens_on.to_string())
                    .bind(exam.closes_on.to_string())
                    .bind(exam.held_on.to_string())
                    .bind(exam.reference_date.to_string())
                    .bind(i64::from(exam.eligibility.min_years_of_service))
                    .bind(i64::from(exam.eligibility.min_years_in_grade))
                    .bind(exam.eligibility.max_age.map(i64::from))
                    .bind(i64::from(exam.pass_mark))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    for table in [
                        "exam_eligible_grades",
                        "exam_eligible_types",
                        "exam_components",
                    ] {
                        sqlx::query(&format!("DELETE FROM {table} WHERE exam_id = $1"))
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    id
                }
                None => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO exams (fiscal_year, level, title, opens_on, closes_on, held_on, reference_date, \
                         min_years_of_service, min_years_in_grade, max_age, pass_mark, created_by, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
                    )
                    .bind(exam.fiscal_year)
                    .bind(&exam.level)
                    .bind(exam.title.trim())
                    .bind(exam.opens_on.to_string())
                    .bind(exam.closes_on.to_string())
                    .bind(exam.held_on.to_string())
                    .bind(exam.reference_date.to_string())
                    .bind(i64::from(exam.eligibility.min_years_of_service))
                    .bind(i64::from(exam.eligibility.min_years_in_grade))
                    .bind(exam.eligibility.max_age.map(i64::from))
                    .bind(i64::from(exam.pass_mark))
                    .bind(actor)
                    .bind(&now)
                    .fetch_one(&mut *tx)
                    .await?;
                    id
                }
            };
            for g in &exam.eligibility.grades {
                sqlx::query(
                    "INSERT INTO exam_eligible_grades (exam_id, job_grade) VALUES ($1, $2)",
                )
                .bind(id)
                .bind(g)
                .execute(&mut *tx)
                .await?;
            }
            for t in &exam.eligibility.employment_types {
                sqlx::query(
                    "INSERT INTO exam_eligible_types (exam_id, employment_type) VALUES ($1, $2)",
                )
                .bind(id)
                .bind(t)
                .execute(&mut *tx)
                .await?;
            }
            for (position, c) in exam.components.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO exam_components (exam_id, position, kind, weight, max_score) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(i64::try_from(position).unwrap_or(0) + 1)
                .bind(c.kind.code())
                .bind(i64::from(c.weight))
                .bind(i64::from(c.max_score))
                .execute(&mut *tx)
                .await?;
            }
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "save",
                    record_type: "exam",
                    record_key: &format!("{}/{}", exam.fiscal_year, exam.level),
                    detail: serde_json::json!({ "exam": exam }),
                },
            )
            .await?;
            tx.commit().await?;
            id
        });
        self.exam(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt("the exam written is gone".into()))
    }

    /// One exam.
    pub async fn exam(&self, id: i64) -> Result<Option<StoredExam>> {
        Ok(self.read_exams(Some(id), None).await?.pop())
    }

    /// The exams of a year (all years when none), by year and level.
    pub async fn exams(&self, fiscal_year: Option<i32>) -> Result<Vec<StoredExam>> {
        self.read_exams(None, fiscal_year).await
    }

    async fn read_exams(&self, id: Option<i64>, year: Option<i32>) -> Result<Vec<StoredExam>> {
        let (rows, parts, grades, types): (Vec<ExamRow>, Vec<ComponentRow>, Codes, Codes) = on_pool!(
            self,
            |pool| {
                let filter = "($1 = 0 OR id = $1) AND ($2 = 0 OR fiscal_year = $2)";
                let rows = sqlx::query_as(&format!(
                    "{EXAM_SELECT} WHERE {filter} ORDER BY fiscal_year, level"
                ))
                .bind(id.unwrap_or(0))
                .bind(year.unwrap_or(0))
                .fetch_all(pool)
                .await?;
                let of = format!("exam_id IN (SELECT id FROM exams WHERE {filter})");
                let parts = sqlx::query_as(&format!(
                "SELECT exam_id, kind, weight, max_score FROM exam_components WHERE {of} ORDER BY exam_id, position"
            ))
            .bind(id.unwrap_or(0))
            .bind(year.unwrap_or(0))
            .fetch_all(pool)
            .await?;
                let grades = sqlx::query_as(&format!(
                "SELECT exam_id, job_grade FROM exam_eligible_grades WHERE {of} ORDER BY exam_id, job_grade"
            ))
            .bind(id.unwrap_or(0))
            .bind(year.unwrap_or(0))
            .fetch_all(pool)
            .await?;
                let types = sqlx::query_as(&format!(
                "SELECT exam_id, employment_type FROM exam_eligible_types WHERE {of} ORDER BY exam_id, employment_type"
            ))
            .bind(id.unwrap_or(0))
            .bind(year.unwrap_or(0))
            .fetch_all(pool)
            .await?;
                (rows, parts, grades, types)
            }
        );
        let mut parts_of: HashMap<i64, Vec<ComponentRow>> = HashMap::new();
        for p in parts {
            parts_of.entry(p.exam_id).or_default().push(p);
        }
        let mut grades_of: HashMap<i64, Vec<String>> = HashMap::new();
        for (e, g) in grades {
            grades_of.entry(e).or_default().push(g);
        }
        let mut types_of: HashMap<i64, Vec<String>> = HashMap::new();
        for (e, t) in types {
            types_of.entry(e).or_default().push(t);
        }
        rows.into_iter()
            .map(|r| {
                Ok(StoredExam {
                    id: r.id,
                    exam: Exam {
                        fiscal_year: r.fiscal_year,
                        level: r.level,
                        title: r.title,
                        opens_on: day(&r.opens_on)?,
                        closes_on: day(&r.closes_on)?,
                        held_on: day(&r.held_on)?,
                        reference_date: day(&r.reference_date)?,
                        eligibility: Eligibility {
                            grades: grades_of.remove(&r.id).unwrap_or_default(),
                            employment_types: types_of.remove(&r.id).unwrap_or_default(),
                            min_years_of_service: count(r.min_years_of_service)?,
                            min_years_in_grade: count(r.min_years_in_grade)?,
                            max_age: r.max_age.map(count).transpose()?,
                        },
                        components: components(parts_of.remove(&r.id).unwrap_or_default())?,
                        pass_mark: count(r.pass_mark)?,
                    },
                })
            })
            .collect()
    }

    /// Everyone on the staff master as an exam would judge them on its
    /// reference date (in service or not), by staff number.
    pub async fn exam_candidates(&self, exam: &Exam) -> Result<Vec<(Staff, Candidate)>> {
        let staff = self.all_staff().await?;
        let terms = self.grades_by_person().await?;
        Ok(staff
            .into_iter()
            .map(|s| {
                let c = Candidate::of(
                    &s,
                    terms.get(&s.number).map_or(&[][..], Vec::as_slice),
                    exam.reference_date,
                );
                (s, c)
            })
            .collect())
    }

    /// One person as an exam would judge them.
    pub async fn exam_candidate(
        &self,
        exam: &Exam,
        number: &str,
    ) -> Result<Option<(Staff, Candidate)>> {
        let Some((staff, _)) = self.staff_member(number).await? else {
            return Ok(None);
        };
        let terms = self.grades_of(number).await?;
        let c = Candidate::of(&staff, &terms, exam.reference_date);
        Ok(Some((staff, c)))
    }

    /// Applies a staff member for an exam: refused outside the window and
    /// when they are not eligible (the rule named). Applying again after a
    /// withdrawal renews the application. Audited.
    pub async fn apply_for_exam(
        &self,
        exam: &StoredExam,
        number: &str,
        actor: &str,
    ) -> Result<StoredApplication> {
        let today = self.clock().today();
        if !exam.exam.open_on(today) {
            return Err(refused(
                "exam",
                "closed",
                Message::new("exams_window_closed")
                    .arg("from", exam.exam.opens_on)
                    .arg("to", exam.exam.closes_on),
            ));
        }
        let Some((staff, candidate)) = self.exam_candidate(&exam.exam, number).await? else {
            return Err(StoreError::NotFound(
                Message::new("people_staff_unknown").arg("number", number),
            ));
        };
        if let Err(rule) = exam
            .exam
            .eligibility
            .judge(&candidate, exam.exam.reference_date)
        {
            return Err(refused("staff_number", "ineligible", rule));
        }
        let now = self.now();
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (staff_id,): (i64,) = sqlx::query_as("SELECT id FROM staff WHERE number = $1")
                .bind(staff.number.as_str())
                .fetch_one(&mut *tx)
                .await?;
            let existing: Option<(i64, Option<String>)> = sqlx::query_as(
                "SELECT id, withdrawn_at FROM exam_applications WHERE exam_id = $1 AND staff_id = $2",
            )
            .bind(exam.id)
            .bind(staff_id)
            .fetch_optional(&mut *tx)
            .await?;
            match existing {
                Some((_, None)) => {
                    return Err(refused(
                        "staff_number",
                        "twice",
                        Message::new("exams_applied_already"),
                    ));
                }
                Some((id, Some(_))) => {
                    sqlx::query(
                        "UPDATE exam_applications SET applied_at = $1, withdrawn_at = NULL WHERE id = $2",
                    )
                    .bind(&now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query(
                        "INSERT INTO exam_applications (exam_id, staff_id, applied_at) VALUES ($1, $2, $3)",
                    )
                    .bind(exam.id)
                    .bind(staff_id)
                    .bind(&now)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            let key = format!("{}/{}", exam.id, staff.number);
            log_application(
                self,
                (&mut *tx).into(),
                actor,
                "apply",
                &key,
                serde_json::json!({}),
            )
            .await?;
            tx.commit().await?;
        });
        self.written_application(exam, number).await
    }

    /// Withdraws an application, before anything about the sitting is
    /// recorded. Audited.
    pub async fn withdraw_exam_application(
        &self,
        exam: &StoredExam,
        number: &str,
        actor: &str,
    ) -> Result<StoredApplication> {
        let app = self.existing_application(exam, number).await?;
        if app.withdrawn_at.is_some() {
            return Err(refused(
                "staff_number",
                "withdrawn",
                Message::new("exams_withdrawn_already"),
            ));
        }
        if app.sat.is_some() {
            return Err(refused(
                "staff_number",
                "recorded",
                Message::new("exams_withdraw_after_sitting"),
            ));
        }
        let now = self.now();
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "UPDATE exam_applications SET withdrawn_at = $1 WHERE exam_id = $2 \
                 AND staff_id = (SELECT id FROM staff WHERE number = $3) AND withdrawn_at IS NULL AND sat IS NULL",
            )
            .bind(&now)
            .bind(exam.id)
            .bind(number)
            .execute(&mut *tx)
            .await?;
            let key = format!("{}/{}", exam.id, number);
            log_application(
                self,
                (&mut *tx).into(),
                actor,
                "withdraw",
                &key,
                serde_json::json!({}),
            )
            .await?;
            tx.commit().await?;
        });
        self.written_application(exam, number).await
    }

    /// Records whether a candidate sat and their marks (one per component,
    /// none where not yet marked); the total and the result follow once
    /// every component is marked. A mark out of range is refused at
    /// `scores[i]`; a withdrawn application takes no result. Audited with
    /// the marks.
    pub async fn record_exam_result(
        &self,
        exam: &StoredExam,
        number: &str,
        sat: bool,
        scores: &[Option<u32>],
        actor: &str,
    ) -> Result<StoredApplication> {
        let app = self.existing_application(exam, number).await?;
        if app.withdrawn_at.is_some() {
            return Err(refused(
                "staff_number",
                "withdrawn",
                Message::new("exams_result_withdrawn"),
            ));
        }
        let scores: Vec<Option<u32>> = if sat {
            scores.to_vec()
        } else {
            vec![None; exam.exam.components.len()]
        };
        let total = exam
            .exam
            .total(&scores)
            .map_err(|e| StoreError::Refused(vec![e]))?;
        let passed = total.map(|t| exam.exam.passes(t));
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "SELECT a.id FROM exam_applications a JOIN staff s ON s.id = a.staff_id WHERE a.exam_id = $1 AND s.number = $2",
            )
            .bind(exam.id)
            .bind(number)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE exam_applications SET sat = $1, total = $2, passed = $3 WHERE id = $4",
            )
            .bind(i64::from(sat))
            .bind(total)
            .bind(passed.map(i64::from))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            write_scores((&mut *tx).into(), id, &scores).await?;
            let key = format!("{}/{}", exam.id, number);
            log_application(self, (&mut *tx).into(), actor, "result", &key, serde_json::json!({ "sat": sat, "scores": scores, "total": total, "passed": passed })).await?;
            tx.commit().await?;
        });
        self.written_application(exam, number).await
    }

    /// Records the promotion that follows a pass: a promotion to the exam's
    /// level on `on` (from the grade held the day before), entered as a
    /// personnel event (the grade history follows) and linked to the
    /// application. Refused unless passed, or on a day before the exam or
    /// after the end of the next fiscal year.
    pub async fn record_exam_promotion(
        &self,
        exam: &StoredExam,
        number: &str,
        on: chrono::NaiveDate,
        actor: &str,
    ) -> Result<StoredApplication> {
        use jinzai_domain::people::event::{EventKind, PersonnelEvent};
        let app = self.existing_application(exam, number).await?;
        if app.passed != Some(true) || app.withdrawn_at.is_some() {
            return Err(refused(
                "staff_number",
                "not_passed",
                Message::new("exams_promotion_not_passed"),
            ));
        }
        let x = &exam.exam;
        let last = x.promotion_by();
        if on < x.held_on || last.is_none_or(|l| on > l) {
            return Err(refused(
                "on",
                "outside",
                Message::new("exams_promotion_date")
                    .arg("from", x.held_on)
                    .arg("to", last.map(|l| l.to_string()).unwrap_or_default()),
            ));
        }
        let before = on.pred_opt().unwrap_or(on);
        let from_grade = self
            .grades_of(number)
            .await?
            .into_iter()
            .find(|t| t.holds_on(before))
            .and_then(|t| t.job_grade);
        let event = PersonnelEvent {
            from_grade,
            to_grade: Some(x.level.clone()),
            note: Some(x.title.clone()),
            ..PersonnelEvent::new(app.staff_number.clone(), EventKind::Promotion, on)
        };
        self.import_events(&[event], crate::ImportOptions::by(actor, "exam result"))
            .await?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "UPDATE exam_applications SET promotion_event_id = \
                 (SELECT e.id FROM personnel_events e JOIN staff s ON s.id = e.staff_id \
                  WHERE s.number = $1 AND e.kind = 'promotion' AND e.event_date = $2) \
                 WHERE exam_id = $3 AND staff_id = (SELECT id FROM staff WHERE number = $1)",
            )
            .bind(number)
            .bind(on.to_string())
            .bind(exam.id)
            .execute(&mut *tx)
            .await?;
            let key = format!("{}/{}", exam.id, number);
            log_application(
                self,
                (&mut *tx).into(),
                actor,
                "promotion",
                &key,
                serde_json::json!({ "on": on, "to_grade": x.level }),
            )
            .await?;
            tx.commit().await?;
        });
        self.written_application(exam, number).await
    }

    /// One person's application, or `NotFound` naming them.
    async fn existing_application(
        &self,
        exam: &StoredExam,
        number: &str,
    ) -> Result<StoredApplication> {
        self.exam_application(exam, number).await?.ok_or_else(|| {
            StoreError::NotFound(Message::new("exams_no_application").arg("number", number))
        })
    }

    /// An application just written, read back.
    async fn written_application(
        &self,
        exam: &StoredExam,
        number: &str,
    ) -> Result<StoredApplication> {
        self.exam_application(exam, number)
            .await?
            .ok_or_else(|| StoreError::Corrupt("the application written is gone".into()))
    }

    /// One person's application for an exam.
    pub async fn exam_application(
        &self,
        exam: &StoredExam,
        number: &str,
    ) -> Result<Option<StoredApplication>> {
        Ok(self.read_applications(exam, Some(number)).await?.pop())
    }

    /// An exam's applications, by staff number.
    pub async fn exam_applications(&self, exam: &StoredExam) -> Result<Vec<StoredApplication>> {
        self.read_applications(exam, None).await
    }

    async fn read_applications(
        &self,
        exam: &StoredExam,
        number: Option<&str>,
    ) -> Result<Vec<StoredApplication>> {
        let (rows, marks): (Vec<ApplicationRow>, Vec<(i64, i32, i32)>) = on_pool!(self, |pool| {
            let rows = sqlx::query_as(&format!(
                    "{APPLICATION_SELECT} WHERE a.exam_id = $1 AND ($2 = '' OR s.number = $2) ORDER BY s.number"
                ))
                .bind(exam.id)
                .bind(number.unwrap_or(""))
                .fetch_all(pool)
                .await?;
            let marks = sqlx::query_as(
                    "SELECT m.application_id, m.position, m.score FROM exam_scores m \
                     JOIN exam_applications a ON a.id = m.application_id JOIN staff s ON s.id = a.staff_id \
                     WHERE a.exam_id = $1 AND ($2 = '' OR s.number = $2)",
                )
                .bind(exam.id)
                .bind(number.unwrap_or(""))
                .fetch_all(pool)
                .await?;
            (rows, marks)
        });
        let n = exam.exam.components.len();
        let mut scores_of: HashMap<i64, Vec<Option<u32>>> = HashMap::new();
        for (app, position, score) in marks {
            let slot = usize::try_from(position - 1)
                .ok()
                .filter(|p| *p < n)
                .ok_or_else(|| StoreError::Corrupt(format!("mark at position {position}")))?;
            scores_of.entry(app).or_insert_with(|| vec![None; n])[slot] = Some(count(score)?);
        }
        rows.into_iter()
            .map(|r| {
                Ok(StoredApplication {
                    exam_id: r.exam_id,
                    staff_number: r.number,
                    name: r.name,
                    applied_at: r.applied_at,
                    withdrawn_at: r.withdrawn_at,
                    sat: r.sat.map(|s| s != 0),
                    scores: scores_of.remove(&r.id).unwrap_or_else(|| vec![None; n]),
                    total: r.total,
                    passed: r.passed.map(|p| p != 0),
                    promoted_on: r.promoted_on.as_deref().map(day).transpose()?,
                })
            })
            .collect()
    }
}

/// Replaces an application's marks (position 1 for the first component;
/// none left out).
async fn write_scores(
    conn: crate::conn::Conn<'_>,
    application: i64,
    scores: &[Option<u32>],
) -> Result<()> {
    crate::conn::on_conn!(conn, |c| {
        sqlx::query("DELETE FROM exam_scores WHERE application_id = $1")
            .bind(application)
            .execute(&mut *c)
            .await?;
        for (position, score) in scores.iter().enumerate() {
            if let Some(score) = score {
                sqlx::query(
                    "INSERT INTO exam_scores (application_id, position, score) VALUES ($1, $2, $3)",
                )
                .bind(application)
                .bind(i64::try_from(position).unwrap_or(0) + 1)
                .bind(i64::from(*score))
                .execute(&mut *c)
                .await?;
            }
        }
    });
    Ok(())
}

/// Audits a write on an application (`key`: exam id / staff number).
async fn log_application(
    store: &Store,
    conn: crate::conn::Conn<'_>,
    actor: &str,
    action: &str,
    key: &str,
    detail: serde_json::Value,
) -> Result<()> {
    log_write(
        store,
        conn,
        &crate::audit::AuditEvent {
            actor,
            action,
            record_type: "exam_application",
            record_key: key,
            detail,
        },
    )
    .await
}

fn components(rows: Vec<ComponentRow>) -> Result<Vec<Component>> {
    rows.into_iter()
        .map(|r| {
            Ok(Component {
                kind: coded(&r.kind)?,
                weight: count(r.weight)?,
                max_score: count(r.max_score)?,
            })
        })
        .collect()
}
