//! Past applications, sittings and marks from files (or the sample city):
//! each row checked against its exam — the exam of that year and level
//! exists, the person is on the staff master and eligible on its reference
//! date, the marks fit its components — then written all or nothing,
//! audited as one import. Read back for export.

use super::StoredExam;
use crate::conn::BeginWrite;
use crate::people::{day, load_staff_ids};
use crate::{ImportOptions, ImportSummary, Result, Store, StoreError, on_pool};
use jinzai_domain::clock::{day_start_stamp, display_jst};
use jinzai_domain::exams::{ApplicationRecord, Candidate};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::unit::RecordProblem;
use std::collections::HashMap;

/// An application already stored, as an import compares with it.
#[derive(sqlx::FromRow)]
struct Existing {
    id: i64,
    exam_id: i64,
    staff_id: i64,
    applied_at: String,
    withdrawn_at: Option<String>,
    sat: Option<i32>,
}

/// The stored instant for a day an application was made on: 09:00 in
/// Japan, so that it reads as that day.
fn applied_stamp(d: chrono::NaiveDate) -> String {
    let start = day_start_stamp(d);
    chrono::DateTime::parse_from_rfc3339(&start)
        .map(|t| jinzai_domain::clock::stamp((t + chrono::Duration::hours(9)).to_utc()))
        .unwrap_or(start)
}

/// The day (in Japan) of a stored instant.
fn day_of(stamp: &str) -> Result<chrono::NaiveDate> {
    day(display_jst(stamp).get(..10).unwrap_or(""))
}

impl Store {
    /// Imports applications with their sittings and marks (upsert by exam
    /// and person); every problem placed at its row and column, nothing
    /// written unless all rows pass.
    pub async fn import_exam_records(
        &self,
        list: &[ApplicationRecord],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary> {
        let exams: HashMap<(i32, String), StoredExam> = self
            .exams(None)
            .await?
            .into_iter()
            .map(|e| ((e.exam.fiscal_year, e.exam.level.clone()), e))
            .collect();
        let staff: HashMap<StaffNumber, _> = self
            .all_staff()
            .await?
            .into_iter()
            .map(|s| (s.number.clone(), s))
            .collect();
        let terms = self.grades_by_person().await?;
        let mut problems = Vec::new();
        let mut rows = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, r) in list.iter().enumerate() {
            let Some(exam) = exams.get(&(r.fiscal_year, r.level.clone())) else {
                problems.push(RecordProblem::new(
                    i,
                    "level",
                    Message::new("exams_no_exam_for")
                        .arg("year", r.fiscal_year)
                        .label("level", &jinzai_domain::people::codes::JOB_GRADES, &r.level),
                ));
                continue;
            };
            let Some(person) = staff.get(&r.staff_number) else {
                problems.push(RecordProblem::new(
                    i,
                    "staff_number",
                    Message::new("people_staff_unknown").arg("number", &r.staff_number),
                ));
                continue;
            };
            if !seen.insert((exam.id, &r.staff_number)) {
                problems.push(RecordProblem::new(
                    i,
                    "staff_number",
                    Message::new("exams_row_twice").arg("number", &r.staff_number),
                ));
                continue;
            }
            let x = &exam.exam;
            let c = Candidate::of(
                person,
                terms.get(&r.staff_number).map_or(&[][..], Vec::as_slice),
                x.reference_date,
            );
            if let Err(rule) = x.eligibility.judge(&c, x.reference_date) {
                problems.push(RecordProblem::new(i, "staff_number", rule));
            }
            if r.withdrawn_on.is_some() && r.sat.is_some() {
                problems.push(RecordProblem::new(
                    i,
                    "sat",
                    Message::new("exams_result_withdrawn"),
                ));
            }
            if r.sat != Some(true) && r.scores.iter().any(Option::is_some) {
                problems.push(RecordProblem::new(
                    i,
                    "scores",
                    Message::new("exams_scores_without_sitting"),
                ));
            }
            let scores = if r.sat == Some(true) {
                r.scores.clone()
            } else {
                vec![None; x.components.len()]
            };
            match x.total(&scores) {
                Err(e) => problems.push(RecordProblem::new(i, "scores", e.message)),
                Ok(total) => rows.push((i, exam, r, scores, total)),
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Records(problems));
        }
        // The referenced exams' applications and marks, read once.
        let mut referenced: Vec<i64> = rows.iter().map(|(_, e, _, _, _)| e.id).collect();
        referenced.sort_unstable();
        referenced.dedup();
        let within = referenced
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let within = if within.is_empty() {
            "0".to_owned()
        } else {
            within
        };
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let ids = load_staff_ids((&mut *tx).into()).await?;
            let stored: Vec<Existing> =
                sqlx::query_as(&format!(
                    "SELECT id, exam_id, staff_id, applied_at, withdrawn_at, sat FROM exam_applications \
                     WHERE exam_id IN ({within})"
                ))
                .fetch_all(&mut *tx)
                .await?;
            let marks: Vec<(i64, i32, i32)> = sqlx::query_as(&format!(
                "SELECT m.application_id, m.position, m.score FROM exam_scores m \
                 JOIN exam_applications a ON a.id = m.application_id WHERE a.exam_id IN ({within})"
            ))
            .fetch_all(&mut *tx)
            .await?;
            let mut marks_of: HashMap<i64, Vec<(i32, i32)>> = HashMap::new();
            for (app, position, score) in marks {
                marks_of.entry(app).or_default().push((position, score));
            }
            let existing_of: HashMap<(i64, i64), Existing> = stored
                .into_iter()
                .map(|a| ((a.exam_id, a.staff_id), a))
                .collect();
            let mut summary = ImportSummary::default();
            for (_, exam, r, scores, total) in &rows {
                let Some((staff_id, _)) = ids.get(&r.staff_number) else {
                    continue;
                };
                let passed = total.map(|t| exam.exam.passes(t));
                let existing = existing_of.get(&(exam.id, *staff_id));
                let applied = applied_stamp(r.applied_on);
                let withdrawn = r.withdrawn_on.map(applied_stamp);
                let sat = r.sat.map(i64::from);
                let id = match existing {
                    Some(a) => {
                        let marks = marks_of.get(&a.id).map_or(&[][..], Vec::as_slice);
                        let stored: Vec<Option<u32>> = (1..=scores.len())
                            .map(|p| {
                                marks
                                    .iter()
                                    .find(|(q, _)| usize::try_from(*q).ok() == Some(p))
                                    .and_then(|(_, s)| u32::try_from(*s).ok())
                            })
                            .collect();
                        let same = day_of(&a.applied_at)? == r.applied_on
                            && a.withdrawn_at.as_deref().map(day_of).transpose()? == r.withdrawn_on
                            && a.sat.map(i64::from) == sat
                            && stored == *scores;
                        if same {
                            summary.unchanged += 1;
                            continue;
                        }
                        summary.updated += 1;
                        sqlx::query(
                            "UPDATE exam_applications SET applied_at = $1, withdrawn_at = $2, sat = $3, total = $4, passed = $5 WHERE id = $6",
                        )
                        .bind(&applied)
                        .bind(&withdrawn)
                        .bind(sat)
                        .bind(total)
                        .bind(passed.map(i64::from))
                        .bind(a.id)
                        .execute(&mut *tx)
                        .await?;
                        a.id
                    }
                    None => {
                        summary.created += 1;
                        let (id,): (i64,) = sqlx::query_as(
                            "INSERT INTO exam_applications (exam_id, staff_id, applied_at, withdrawn_at, sat, total, passed) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                        )
                        .bind(exam.id)
                        .bind(staff_id)
                        .bind(&applied)
                        .bind(&withdrawn)
                        .bind(sat)
                        .bind(total)
                        .bind(passed.map(i64::from))
                        .fetch_one(&mut *tx)
                        .await?;
                        id
                    }
                };
                super::write_scores((&mut *tx).into(), id, scores).await?;
            }
            crate::people::end_import(self, tx, &opts, "exam_applications", summary, None).await
        })?;
        self.after_import("exam_applications", summary, opts).await
    }

    /// Every application as a file gives it (for export), by year, level
    /// and staff number.
    pub async fn all_exam_records(&self) -> Result<Vec<ApplicationRecord>> {
        let mut out = Vec::new();
        for e in self.exams(None).await? {
            for a in self.exam_applications(&e).await? {
                out.push(ApplicationRecord {
                    fiscal_year: e.exam.fiscal_year,
                    level: e.exam.level.clone(),
                    staff_number: a.staff_number,
                    applied_on: day_of(&a.applied_at)?,
                    withdrawn_on: a.withdrawn_at.as_deref().map(day_of).transpose()?,
                    sat: a.sat,
                    scores: if a.sat == Some(true) {
                        a.scores
                    } else {
                        Vec::new()
                    },
                });
            }
        }
        Ok(out)
    }
}
