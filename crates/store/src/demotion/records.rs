//! Past requests and decisions from files (paper records of earlier
//! years): each row checked against its window and the person's grade,
//! then written all or nothing, audited as one import without reasons.
//! Read back for export (an audited read: the file holds the reasons).

use super::{StoredRequest, text};
use crate::conn::BeginWrite;
use crate::people::{end_import, load_staff_ids};
use crate::{ImportOptions, ImportSummary, Result, Store, StoreError, on_pool};
use jinzai_domain::demotion::{Decision, Request, RequestRecord, Status};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::people::unit::RecordProblem;
use std::collections::{HashMap, HashSet};

/// Links approved requests to the 降任 event of their person and day.
const LINK_EVENTS: &str = "UPDATE demotion_requests SET event_id = (SELECT e.id FROM personnel_events e \
     WHERE e.staff_id = demotion_requests.staff_id AND e.kind = 'demotion' AND e.event_date = demotion_requests.effective_on) \
     WHERE status = 'approved' AND event_id IS NULL AND EXISTS (SELECT 1 FROM personnel_events e \
     WHERE e.staff_id = demotion_requests.staff_id AND e.kind = 'demotion' AND e.event_date = demotion_requests.effective_on)";

/// A row ready to write: its window, person, grade and status settled.
struct Ready<'a> {
    window_id: i64,
    record: &'a RequestRecord,
    from_grade: Option<String>,
    status: Status,
    to_grade: Option<String>,
    effective_on: Option<chrono::NaiveDate>,
}

impl Store {
    /// Imports requests with their withdrawal or decision (upsert by year
    /// and person); every problem placed at its row and column, nothing
    /// written unless all rows pass. A request that has already taken
    /// effect is left as it is.
    pub async fn import_demotion_requests(
        &self,
        list: &[RequestRecord],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary> {
        let windows: HashMap<i32, super::StoredWindow> = self
            .demotion_windows()
            .await?
            .into_iter()
            .map(|w| (w.window.fiscal_year, w))
            .collect();
        let stored: HashMap<(i32, StaffNumber), StoredRequest> = self
            .demotion_requests(None, None)
            .await?
            .into_iter()
            .map(|r| ((r.fiscal_year, r.staff_number.clone()), r))
            .collect();
        let terms = self.grades_by_person().await?;
        let staff: HashMap<StaffNumber, Option<String>> = self
            .all_staff()
            .await?
            .into_iter()
            .map(|s| (s.number, s.job_grade))
            .collect();
        let mut problems = Vec::new();
        let mut ready = Vec::new();
        let mut seen = HashSet::new();
        for (i, r) in list.iter().enumerate() {
            for e in r.check() {
                problems.push(RecordProblem::new(i, field_of(&e.field), e.message));
            }
            let Some(w) = windows.get(&r.fiscal_year) else {
                problems.push(RecordProblem::new(
                    i,
                    "fiscal_year",
                    Message::new("demotion_import_no_window").arg("year", r.fiscal_year),
                ));
                continue;
            };
            let Some(record_grade) = staff.get(&r.staff_number) else {
                problems.push(RecordProblem::new(
                    i,
                    "staff_number",
                    Message::new("people_staff_unknown").arg("number", &r.staff_number),
                ));
                continue;
            };
            if !seen.insert((r.fiscal_year, &r.staff_number)) {
                problems.push(RecordProblem::new(
                    i,
                    "staff_number",
                    Message::new("demotion_import_twice")
                        .arg("number", &r.staff_number)
                        .arg("year", r.fiscal_year),
                ));
                continue;
            }
            if !w.window.open_on(r.requested_on) {
                problems.push(RecordProblem::new(
                    i,
                    "requested_on",
                    Message::new("demotion_import_outside")
                        .arg("from", w.window.opens_on)
                        .arg("to", w.window.closes_on),
                ));
            }
            let from_grade = match terms.get(&r.staff_number) {
                Some(t) => t
                    .iter()
                    .find(|t| t.holds_on(r.requested_on))
                    .and_then(|t| t.job_grade.clone()),
                None => record_grade.clone(),
            };
            let request = Request {
                reason: r.reason,
                details: r.details.clone(),
                wished_grade: r.wished_grade.clone(),
            };
            for e in request.check(from_grade.as_deref()) {
                problems.push(RecordProblem::new(i, field_of(&e.field), e.message));
            }
            let (status, to_grade, effective_on) = match r.approved {
                None if r.withdrawn_on.is_some() => (Status::Withdrawn, None, None),
                None => (Status::Requested, None, None),
                Some(approved) => {
                    let d = Decision {
                        approved,
                        to_grade: r.to_grade.clone(),
                        effective_on: r.effective_on,
                        note: None,
                    };
                    match d.settle(
                        from_grade.as_deref(),
                        r.wished_grade.as_deref(),
                        r.requested_on,
                        w.window.effective_on,
                    ) {
                        Ok(s) => (s.status, s.to_grade, s.effective_on),
                        Err(errors) => {
                            for e in errors {
                                problems.push(RecordProblem::new(i, field_of(&e.field), e.message));
                            }
                            continue;
                        }
                    }
                }
            };
            if let Some(old) = stored.get(&(r.fiscal_year, r.staff_number.clone()))
                && old.taken_effect
                && (old.status != status
                    || old.to_grade != to_grade
                    || old.effective_on != effective_on)
            {
                problems.push(RecordProblem::new(
                    i,
                    "decision",
                    Message::new("demotion_import_taken_effect"),
                ));
                continue;
            }
            ready.push(Ready {
                window_id: w.id,
                record: r,
                from_grade,
                status,
                to_grade,
                effective_on,
            });
        }
        if !problems.is_empty() {
            return Err(StoreError::Records(problems));
        }
        let same = |old: &StoredRequest, x: &Ready| {
            let r = x.record;
            old.requested_on == r.requested_on
                && old.request.reason == r.reason
                && old.request.details == r.details.trim()
                && old.request.wished_grade == text(r.wished_grade.as_deref())
                && old.status == x.status
                && old.withdrawn_on == r.withdrawn_on
                && old.decided_on == r.decided_on
                && old.to_grade == x.to_grade
                && old.effective_on == x.effective_on
        };
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let ids = load_staff_ids((&mut *tx).into()).await?;
            let mut summary = ImportSummary::default();
            for (done, x) in ready.iter().enumerate() {
                opts.tick(done + 1, ready.len());
                let r = x.record;
                let staff_id = ids.get(&r.staff_number).map_or(0, |s| s.0);
                let sql = match stored.get(&(r.fiscal_year, r.staff_number.clone())) {
                    Some(old) if same(old, x) => {
                        summary.unchanged += 1;
                        continue;
                    }
                    Some(_) => {
                        summary.updated += 1;
                        "UPDATE demotion_requests SET requested_on = $3, from_grade = $4, reason = $5, details = $6, \
                         wished_grade = $7, status = $8, withdrawn_on = $9, decided_on = $10, decided_by = $11, \
                         to_grade = $12, effective_on = $13 WHERE window_id = $1 AND staff_id = $2"
                    }
                    None => {
                        summary.created += 1;
                        "INSERT INTO demotion_requests (window_id, staff_id, requested_on, from_grade, reason, details, \
                         wished_grade, status, withdrawn_on, decided_on, decided_by, to_grade, effective_on) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
                    }
                };
                let iso = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
                sqlx::query(sql)
                    .bind(x.window_id)
                    .bind(staff_id)
                    .bind(r.requested_on.to_string())
                    .bind(&x.from_grade)
                    .bind(r.reason.code())
                    .bind(r.details.trim())
                    .bind(text(r.wished_grade.as_deref()))
                    .bind(x.status.code())
                    .bind(iso(r.withdrawn_on))
                    .bind(iso(r.decided_on))
                    .bind(r.decided_on.map(|_| opts.actor_name()))
                    .bind(&x.to_grade)
                    .bind(iso(x.effective_on))
                    .execute(&mut *tx)
                    .await?;
            }
            // Approved requests whose personnel event is on the records
            // already (imported with the events) are linked to it.
            sqlx::query(LINK_EVENTS).execute(&mut *tx).await?;
            end_import(self, tx, &opts, "demotion_requests", summary, None).await
        })?;
        self.after_import("demotion_requests", summary, opts).await
    }

    /// Every request as a file row, by year and staff number; the read is
    /// audited (the rows hold the reasons).
    pub async fn all_demotion_records(&self, actor: &str) -> Result<Vec<RequestRecord>> {
        self.audit(crate::AuditEvent {
            actor,
            action: "export",
            record_type: "demotion_requests",
            record_key: "all",
            detail: serde_json::json!({}),
        })
        .await?;
        let mut list = self.demotion_requests(None, None).await?;
        list.sort_by(|a, b| {
            (a.fiscal_year, &a.staff_number).cmp(&(b.fiscal_year, &b.staff_number))
        });
        Ok(list
            .into_iter()
            .map(|r| RequestRecord {
                fiscal_year: r.fiscal_year,
                staff_number: r.staff_number,
                requested_on: r.requested_on,
                reason: r.request.reason,
                details: r.request.details,
                wished_grade: r.request.wished_grade,
                withdrawn_on: r.withdrawn_on,
                approved: match r.status {
                    Status::Approved => Some(true),
                    Status::Rejected => Some(false),
                    _ => None,
                },
                decided_on: r.decided_on,
                to_grade: r.to_grade,
                effective_on: r.effective_on,
            })
            .collect())
    }
}

/// The file column a record's field is read from.
fn field_of(field: &str) -> &'static str {
    match field {
        "details" => "details",
        "wished_grade" => "wished_grade",
        "to_grade" => "to_grade",
        "effective_on" => "effective_on",
        "withdrawn_on" => "withdrawn_on",
        "decided_on" => "decided_on",
        "requested_on" => "requested_on",
        _ => "decision",
    }
}
