//! 希望降任: windows, requests, decisions, the personnel events they become
//! and the yearly re-promotion reviews (see `jinzai_domain::demotion`).
//! Every write is audited without the reason or its details: the audit log
//! is read by administrators, who may not learn them. Requests are read
//! through the use cases that check who asks.

pub(crate) mod metrics;
mod records;

use crate::conn::BeginWrite;
use crate::people::{day, log_write};
use crate::rows::{coded, records};
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::demotion::{Request, ReviewOutcome, Settled, Status, Window};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::progress::FieldError;
use serde::Serialize;

/// A window as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = StoredDemotionWindow))]
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
    effective_on: String,
    reviewers: String,
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
                effective_on: day(&r.effective_on)?,
                reviewers: serde_json::from_str(&r.reviewers)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            },
        })
    }
}

/// A request as stored, with where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = StoredDemotionRequest))]
pub struct StoredRequest {
    pub id: i64,
    pub fiscal_year: i32,
    pub staff_number: StaffNumber,
    pub name: String,
    pub requested_on: NaiveDate,
    /// The grade they held when they asked.
    pub from_grade: Option<String>,
    pub request: Request,
    pub status: Status,
    pub withdrawn_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub decided_by: Option<String>,
    /// The grade the review set (approved only).
    pub to_grade: Option<String>,
    /// The day it takes (or took) effect (approved only).
    pub effective_on: Option<NaiveDate>,
    pub decision_note: Option<String>,
    /// Whether the personnel event has been made.
    pub taken_effect: bool,
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    fiscal_year: i32,
    number: StaffNumber,
    name: String,
    requested_on: String,
    from_grade: Option<String>,
    reason: String,
    details: String,
    wished_grade: Option<String>,
    status: String,
    withdrawn_on: Option<String>,
    decided_on: Option<String>,
    decided_by: Option<String>,
    to_grade: Option<String>,
    effective_on: Option<String>,
    decision_note: Option<String>,
    event_id: Option<i64>,
}

impl TryFrom<RequestRow> for StoredRequest {
    type Error = StoreError;

    fn try_from(r: RequestRow) -> Result<StoredRequest> {
        let opt = |d: &Option<String>| d.as_deref().map(day).transpose();
        Ok(StoredRequest {
            id: r.id,
            fiscal_year: r.fiscal_year,
            staff_number: r.number,
            name: r.name,
            requested_on: day(&r.requested_on)?,
            from_grade: r.from_grade,
            request: Request {
                reason: coded(&r.reason)?,
                details: r.details,
                wished_grade: r.wished_grade,
            },
            status: coded(&r.status)?,
            withdrawn_on: opt(&r.withdrawn_on)?,
            decided_on: opt(&r.decided_on)?,
            decided_by: r.decided_by,
            to_grade: r.to_grade,
            effective_on: opt(&r.effective_on)?,
            decision_note: r.decision_note,
            taken_effect: r.event_id.is_some(),
        })
    }
}

const REQUEST_SELECT: &str = "SELECT r.id, w.fiscal_year, s.number, s.name, r.requested_on, r.from_grade, r.reason, \
     r.details, r.wished_grade, r.status, r.withdrawn_on, r.decided_on, r.decided_by, r.to_grade, r.effective_on, \
     r.decision_note, r.event_id FROM demotion_requests r JOIN demotion_windows w ON w.id = r.window_id \
     JOIN staff s ON s.id = r.staff_id";

/// A yearly re-promotion review as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = StoredDemotionReview))]
pub struct StoredReview {
    pub request_id: i64,
    pub fiscal_year: i32,
    pub reviewed_on: NaiveDate,
    pub outcome: ReviewOutcome,
    pub note: Option<String>,
    pub reviewed_by: String,
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    request_id: i64,
    fiscal_year: i32,
    reviewed_on: String,
    outcome: String,
    note: Option<String>,
    reviewed_by: String,
}

impl TryFrom<ReviewRow> for StoredReview {
    type Error = StoreError;

    fn try_from(r: ReviewRow) -> Result<StoredReview> {
        Ok(StoredReview {
            request_id: r.request_id,
            fiscal_year: r.fiscal_year,
            reviewed_on: day(&r.reviewed_on)?,
            outcome: coded(&r.outcome)?,
            note: r.note,
            reviewed_by: r.reviewed_by,
        })
    }
}

fn refused(field: &'static str, code: &'static str, message: Message) -> StoreError {
    StoreError::Refused(vec![FieldError::new(field, code, message)])
}

/// Refused: the request is no longer open.
fn not_open(status: Status) -> StoreError {
    refused(
        "status",
        "not_open",
        Message::new("demotion_not_open").label("status", &Status::LIST, status.code()),
    )
}

/// Text trimmed, none when empty.
fn text(t: Option<&str>) -> Option<String> {
    t.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

impl Store {
    /// Opens (or changes) a year's window, audited.
    pub async fn set_demotion_window(&self, w: &Window, actor: &str) -> Result<StoredWindow> {
        let now = self.now();
        let reviewers =
            serde_json::to_string(&w.reviewers).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO demotion_windows (fiscal_year, opens_on, closes_on, effective_on, reviewers, opened_by, opened_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (fiscal_year) DO UPDATE SET opens_on = excluded.opens_on, \
                 closes_on = excluded.closes_on, effective_on = excluded.effective_on, reviewers = excluded.reviewers",
            )
            .bind(w.fiscal_year)
            .bind(w.opens_on.to_string())
            .bind(w.closes_on.to_string())
            .bind(w.effective_on.to_string())
            .bind(&reviewers)
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
                    record_type: "demotion_window",
                    record_key: &w.fiscal_year.to_string(),
                    detail: serde_json::json!({ "window": w }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        self.demotion_window(w.fiscal_year)
            .await?
            .ok_or_else(|| StoreError::Corrupt("the window written is gone".into()))
    }

    /// Every window, latest year first.
    pub async fn demotion_windows(&self) -> Result<Vec<StoredWindow>> {
        let rows: Vec<WindowRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, fiscal_year, opens_on, closes_on, effective_on, reviewers FROM demotion_windows \
                 ORDER BY fiscal_year DESC",
            )
            .fetch_all(pool)
            .await?
        });
        records(rows)
    }

    /// A year's window.
    pub async fn demotion_window(&self, fiscal_year: i32) -> Result<Option<StoredWindow>> {
        Ok(self
            .demotion_windows()
            .await?
            .into_iter()
            .find(|w| w.window.fiscal_year == fiscal_year))
    }

    /// Requests, of one year and one person when given, by year and
    /// staff number.
    pub async fn demotion_requests(
        &self,
        fiscal_year: Option<i32>,
        number: Option<&str>,
    ) -> Result<Vec<StoredRequest>> {
        let sql = format!(
            "{REQUEST_SELECT} WHERE ($1 = 0 OR w.fiscal_year = $1) AND ($2 = '' OR s.number = $2) \
             ORDER BY w.fiscal_year DESC, s.number"
        );
        let rows: Vec<RequestRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(fiscal_year.unwrap_or(0))
                .bind(number.unwrap_or(""))
                .fetch_all(pool)
                .await?
        });
        records(rows)
    }

    /// One request.
    pub async fn demotion_request(&self, id: i64) -> Result<Option<StoredRequest>> {
        let sql = format!("{REQUEST_SELECT} WHERE r.id = $1");
        let row: Option<RequestRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?
        });
        row.map(TryInto::try_into).transpose()
    }

    /// One request, or `NotFound` naming it.
    async fn existing_demotion_request(&self, id: i64) -> Result<StoredRequest> {
        self.demotion_request(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(Message::new("demotion_no_request").arg("id", id)))
    }

    /// Makes (or, while it waits for its decision or after it was
    /// withdrawn, replaces) a person's request of a window, audited
    /// without its reason.
    pub async fn put_demotion_request(
        &self,
        window: &StoredWindow,
        (number, from_grade): (&str, Option<&str>),
        request: &Request,
        on: NaiveDate,
        actor: &str,
    ) -> Result<StoredRequest> {
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let staff: Option<(i64,)> = sqlx::query_as("SELECT id FROM staff WHERE number = $1")
                .bind(number)
                .fetch_optional(&mut *tx)
                .await?;
            let Some((staff_id,)) = staff else {
                return Err(StoreError::NotFound(
                    Message::new("people_staff_unknown").arg("number", number),
                ));
            };
            let existing: Option<(i64, String)> = sqlx::query_as(
                "SELECT id, status FROM demotion_requests WHERE window_id = $1 AND staff_id = $2",
            )
            .bind(window.id)
            .bind(staff_id)
            .fetch_optional(&mut *tx)
            .await?;
            let id = match existing {
                Some((id, status)) => {
                    let status: Status = coded(&status)?;
                    if matches!(status, Status::Approved | Status::Rejected) {
                        return Err(refused(
                            "reason",
                            "decided",
                            Message::new("demotion_pending_already")
                                .arg("year", window.window.fiscal_year)
                                .label("status", &Status::LIST, status.code()),
                        ));
                    }
                    sqlx::query(
                        "UPDATE demotion_requests SET requested_on = $1, from_grade = $2, reason = $3, details = $4, \
                         wished_grade = $5, status = 'requested', withdrawn_on = NULL WHERE id = $6",
                    )
                    .bind(on.to_string())
                    .bind(from_grade)
                    .bind(request.reason.code())
                    .bind(request.details.trim())
                    .bind(text(request.wished_grade.as_deref()))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    id
                }
                None => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO demotion_requests (window_id, staff_id, requested_on, from_grade, reason, details, \
                         wished_grade, status) VALUES ($1, $2, $3, $4, $5, $6, $7, 'requested') RETURNING id",
                    )
                    .bind(window.id)
                    .bind(staff_id)
                    .bind(on.to_string())
                    .bind(from_grade)
                    .bind(request.reason.code())
                    .bind(request.details.trim())
                    .bind(text(request.wished_grade.as_deref()))
                    .fetch_one(&mut *tx)
                    .await?;
                    id
                }
            };
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "request",
                    record_type: "demotion_request",
                    record_key: &id.to_string(),
                    detail: serde_json::json!({
                        "fiscal_year": window.window.fiscal_year, "staff_number": number, "on": on,
                    }),
                },
            )
            .await?;
            tx.commit().await?;
            id
        });
        self.existing_demotion_request(id).await
    }

    /// Sets an open request's status (withdrawn or decided) in one
    /// transaction with its audit entry; refused once it is not open.
    async fn close_demotion_request(
        &self,
        id: i64,
        settled: &Settled,
        (on, note): (NaiveDate, Option<&str>),
        actor: &str,
    ) -> Result<StoredRequest> {
        let r = self.existing_demotion_request(id).await?;
        if !r.status.open() {
            return Err(not_open(r.status));
        }
        let withdrawn = settled.status == Status::Withdrawn;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE demotion_requests SET status = $1, withdrawn_on = $2, decided_on = $3, decided_by = $4, \
                 to_grade = $5, effective_on = $6, decision_note = $7 WHERE id = $8 AND status = 'requested'",
            )
            .bind(settled.status.code())
            .bind(withdrawn.then(|| on.to_string()))
            .bind((!withdrawn).then(|| on.to_string()))
            .bind((!withdrawn).then_some(actor))
            .bind(&settled.to_grade)
            .bind(settled.effective_on.map(|d| d.to_string()))
            .bind(text(note))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(not_open(r.status));
            }
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: if withdrawn { "withdraw" } else { "decide" },
                    record_type: "demotion_request",
                    record_key: &id.to_string(),
                    detail: serde_json::json!({
                        "status": settled.status, "on": on, "to_grade": settled.to_grade,
                        "effective_on": settled.effective_on,
                    }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        self.existing_demotion_request(id).await
    }

    /// Withdraws an open request.
    pub async fn withdraw_demotion_request(
        &self,
        id: i64,
        on: NaiveDate,
        actor: &str,
    ) -> Result<StoredRequest> {
        let settled = Settled {
            status: Status::Withdrawn,
            to_grade: None,
            effective_on: None,
        };
        self.close_demotion_request(id, &settled, (on, None), actor)
            .await
    }

    /// Records the review's decision on an open request.
    pub async fn decide_demotion_request(
        &self,
        id: i64,
        settled: &Settled,
        (on, note): (NaiveDate, Option<&str>),
        actor: &str,
    ) -> Result<StoredRequest> {
        self.close_demotion_request(id, settled, (on, note), actor)
            .await
    }

    /// Approved requests whose day has come and whose personnel event is
    /// not made yet.
    pub async fn demotions_due(&self, today: NaiveDate) -> Result<Vec<StoredRequest>> {
        let sql = format!(
            "{REQUEST_SELECT} WHERE r.status = 'approved' AND r.event_id IS NULL AND r.effective_on <= $1 \
             ORDER BY r.effective_on, s.number"
        );
        let rows: Vec<RequestRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(today.to_string())
                .fetch_all(pool)
                .await?
        });
        records(rows)
    }

    /// Makes an approved request's personnel event (a 降任 marked 希望, on
    /// its day, from the grade then held to the one decided, with no note:
    /// the reason stays with the request) and links it, audited. Running
    /// it again finds the event and only links it.
    pub async fn take_demotion_effect(
        &self,
        r: &StoredRequest,
        actor: &str,
    ) -> Result<StoredRequest> {
        use jinzai_domain::people::event::{EventKind, PersonnelEvent};
        let Some(on) = r.effective_on.filter(|_| r.status == Status::Approved) else {
            return Err(refused(
                "status",
                "not_approved",
                Message::new("demotion_not_open").label("status", &Status::LIST, r.status.code()),
            ));
        };
        let before = on.pred_opt().unwrap_or(on);
        let from_grade = self
            .grades_of(&r.staff_number)
            .await?
            .into_iter()
            .find(|t| t.holds_on(before))
            .and_then(|t| t.job_grade)
            .or_else(|| r.from_grade.clone());
        let event = PersonnelEvent {
            voluntary: true,
            from_grade,
            to_grade: r.to_grade.clone(),
            ..PersonnelEvent::new(r.staff_number.clone(), EventKind::Demotion, on)
        };
        self.import_events(&[event], crate::ImportOptions::by(actor, "demotion"))
            .await?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "UPDATE demotion_requests SET event_id = \
                 (SELECT e.id FROM personnel_events e JOIN staff s ON s.id = e.staff_id \
                  WHERE s.number = $1 AND e.kind = 'demotion' AND e.event_date = $2) WHERE id = $3",
            )
            .bind(&r.staff_number)
            .bind(on.to_string())
            .bind(r.id)
            .execute(&mut *tx)
            .await?;
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "take_effect",
                    record_type: "demotion_request",
                    record_key: &r.id.to_string(),
                    detail: serde_json::json!({ "on": on, "to_grade": r.to_grade }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        self.existing_demotion_request(r.id).await
    }

    /// Records (or replaces) a year's re-promotion review of a demotion,
    /// audited.
    pub async fn record_demotion_review(
        &self,
        review: &StoredReview,
        actor: &str,
    ) -> Result<StoredReview> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO demotion_reviews (request_id, fiscal_year, reviewed_on, outcome, note, reviewed_by) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (request_id, fiscal_year) DO UPDATE SET \
                 reviewed_on = excluded.reviewed_on, outcome = excluded.outcome, note = excluded.note, \
                 reviewed_by = excluded.reviewed_by",
            )
            .bind(review.request_id)
            .bind(review.fiscal_year)
            .bind(review.reviewed_on.to_string())
            .bind(review.outcome.code())
            .bind(text(review.note.as_deref()))
            .bind(actor)
            .execute(&mut *tx)
            .await?;
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "review",
                    record_type: "demotion_request",
                    record_key: &review.request_id.to_string(),
                    detail: serde_json::json!({
                        "fiscal_year": review.fiscal_year, "outcome": review.outcome,
                    }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(StoredReview {
            reviewed_by: actor.to_owned(),
            note: text(review.note.as_deref()),
            ..review.clone()
        })
    }

    /// Re-promotion reviews, of one request when given, oldest first.
    pub async fn demotion_reviews(&self, request: Option<i64>) -> Result<Vec<StoredReview>> {
        let rows: Vec<ReviewRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT request_id, fiscal_year, reviewed_on, outcome, note, reviewed_by FROM demotion_reviews \
                 WHERE ($1 = 0 OR request_id = $1) ORDER BY request_id, fiscal_year",
            )
            .bind(request.unwrap_or(0))
            .fetch_all(pool)
            .await?
        });
        records(rows)
    }

    /// The grade a person held on `on`: the stretch of their history in
    /// force then, else their staff record's.
    pub async fn grade_on(&self, number: &str, on: NaiveDate) -> Result<Option<String>> {
        let terms = self.grades_of(number).await?;
        if let Some(t) = terms.iter().find(|t| t.holds_on(on)) {
            return Ok(t.job_grade.clone());
        }
        Ok(self
            .staff_member(number)
            .await?
            .and_then(|(s, _)| s.job_grade))
    }
}
