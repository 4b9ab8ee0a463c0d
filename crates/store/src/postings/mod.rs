//! 職員公募: postings and their applications (see
//! `jinzai_domain::postings`). Every write is audited (a motivation's
//! words never); applications are read through the use cases that check
//! who asks. A selection's assignment is written through the assignments
//! import, so the same checks (unit in force, no overlapping main posts)
//! hold.

pub(crate) mod metrics;
mod records;

use crate::conn::BeginWrite;
use crate::people::{day, log_write};
use crate::rows::{coded, records};
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::assignment::Assignment;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::people::{StaffNumber, UnitCode};
use jinzai_domain::postings::{ApplicationStatus, Eligibility, Posting};
use jinzai_domain::progress::FieldError;
use serde::Serialize;

/// A posting as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredPosting {
    pub id: i64,
    pub posting: Posting,
}

#[derive(sqlx::FromRow)]
struct PostingRow {
    id: i64,
    fiscal_year: i32,
    kind: String,
    title: String,
    unit_code: UnitCode,
    post: Option<String>,
    duties: String,
    slots: i32,
    opens_on: String,
    closes_on: String,
    starts_on: String,
    ends_on: Option<String>,
    grades: String,
    employment_types: String,
    min_years_of_service: i32,
    min_years_in_post: i32,
    confidential: i32,
}

fn json_list(text: &str) -> Result<Vec<String>> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn count(n: i32) -> Result<u32> {
    u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("negative count {n}")))
}

impl TryFrom<PostingRow> for StoredPosting {
    type Error = StoreError;

    fn try_from(r: PostingRow) -> Result<StoredPosting> {
        Ok(StoredPosting {
            id: r.id,
            posting: Posting {
                fiscal_year: r.fiscal_year,
                kind: coded(&r.kind)?,
                title: r.title,
                unit_code: r.unit_code,
                post: r.post,
                duties: r.duties,
                slots: count(r.slots)?,
                opens_on: day(&r.opens_on)?,
                closes_on: day(&r.closes_on)?,
                starts_on: day(&r.starts_on)?,
                ends_on: r.ends_on.as_deref().map(day).transpose()?,
                eligibility: Eligibility {
                    grades: json_list(&r.grades)?,
                    employment_types: json_list(&r.employment_types)?,
                    min_years_of_service: count(r.min_years_of_service)?,
                    min_years_in_post: count(r.min_years_in_post)?,
                },
                confidential: r.confidential != 0,
            },
        })
    }
}

const POSTING_SELECT: &str = "SELECT id, fiscal_year, kind, title, unit_code, post, duties, slots, opens_on, closes_on, \
     starts_on, ends_on, grades, employment_types, min_years_of_service, min_years_in_post, confidential FROM postings";

/// An application as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = StoredPostingApplication))]
pub struct StoredApplication {
    pub posting_id: i64,
    pub staff_number: StaffNumber,
    pub name: String,
    pub applied_on: NaiveDate,
    pub motivation: Option<String>,
    pub status: ApplicationStatus,
    pub decided_on: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct ApplicationRow {
    posting_id: i64,
    number: StaffNumber,
    name: String,
    applied_on: String,
    motivation: Option<String>,
    status: String,
    decided_on: Option<String>,
}

impl TryFrom<ApplicationRow> for StoredApplication {
    type Error = StoreError;

    fn try_from(r: ApplicationRow) -> Result<StoredApplication> {
        Ok(StoredApplication {
            posting_id: r.posting_id,
            staff_number: r.number,
            name: r.name,
            applied_on: day(&r.applied_on)?,
            motivation: r.motivation,
            status: coded(&r.status)?,
            decided_on: r.decided_on.as_deref().map(day).transpose()?,
        })
    }
}

const APPLICATION_SELECT: &str = "SELECT a.posting_id, s.number, s.name, a.applied_on, a.motivation, a.status, a.decided_on \
     FROM posting_applications a JOIN staff s ON s.id = a.staff_id";

fn refused(field: &'static str, code: &'static str, message: Message) -> StoreError {
    StoreError::Refused(vec![FieldError::new(field, code, message)])
}

fn not_open(status: ApplicationStatus) -> StoreError {
    refused(
        "status",
        "not_open",
        Message::new("postings_not_open").label("status", &ApplicationStatus::LIST, status.code()),
    )
}

impl Store {
    /// Saves a posting (a new one, or posting `id` changed), audited.
    pub async fn save_posting(
        &self,
        id: Option<i64>,
        p: &Posting,
        actor: &str,
    ) -> Result<StoredPosting> {
        let now = self.now();
        let list = |l: &Vec<String>| {
            serde_json::to_string(l).map_err(|e| StoreError::Corrupt(e.to_string()))
        };
        let (grades, types) = (
            list(&p.eligibility.grades)?,
            list(&p.eligibility.employment_types)?,
        );
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let clash: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM postings WHERE fiscal_year = $1 AND title = $2")
                    .bind(p.fiscal_year)
                    .bind(p.title.trim())
                    .fetch_optional(&mut *tx)
                    .await?;
            if clash.is_some_and(|(c,)| Some(c) != id) {
                return Err(refused(
                    "title",
                    "taken",
                    Message::new("postings_title_taken").arg("year", p.fiscal_year),
                ));
            }
            let sql = if id.is_some() {
                "UPDATE postings SET fiscal_year = $1, kind = $2, title = $3, unit_code = $4, post = $5, duties = $6, \
                 slots = $7, opens_on = $8, closes_on = $9, starts_on = $10, ends_on = $11, grades = $12, \
                 employment_types = $13, min_years_of_service = $14, min_years_in_post = $15, confidential = $16 \
                 WHERE id = $17 RETURNING id"
            } else {
                "INSERT INTO postings (fiscal_year, kind, title, unit_code, post, duties, slots, opens_on, closes_on, \
                 starts_on, ends_on, grades, employment_types, min_years_of_service, min_years_in_post, confidential, \
                 created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
                 $17, $18) RETURNING id"
            };
            let mut q = sqlx::query_as::<_, (i64,)>(sql)
                .bind(p.fiscal_year)
                .bind(p.kind.code())
                .bind(p.title.trim())
                .bind(&p.unit_code)
                .bind(p.post.as_deref().map(str::trim).filter(|t| !t.is_empty()))
                .bind(p.duties.trim())
                .bind(i64::from(p.slots))
                .bind(p.opens_on.to_string())
                .bind(p.closes_on.to_string())
                .bind(p.starts_on.to_string())
                .bind(p.ends_on.map(|d| d.to_string()))
                .bind(&grades)
                .bind(&types)
                .bind(i64::from(p.eligibility.min_years_of_service))
                .bind(i64::from(p.eligibility.min_years_in_post))
                .bind(i64::from(p.confidential));
            q = if let Some(id) = id {
                q.bind(id)
            } else {
                q.bind(actor).bind(&now)
            };
            let Some((id,)) = q.fetch_optional(&mut *tx).await? else {
                return Err(StoreError::NotFound(
                    Message::new("postings_no_posting").arg("id", id.unwrap_or_default()),
                ));
            };
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "save",
                    record_type: "posting",
                    record_key: &id.to_string(),
                    detail: serde_json::json!({ "posting": p }),
                },
            )
            .await?;
            tx.commit().await?;
            id
        });
        self.posting(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt("the posting written is gone".into()))
    }

    /// Postings, of one year when given, by opening day.
    pub async fn postings(&self, fiscal_year: Option<i32>) -> Result<Vec<StoredPosting>> {
        let sql =
            format!("{POSTING_SELECT} WHERE ($1 = 0 OR fiscal_year = $1) ORDER BY opens_on, title");
        let rows: Vec<PostingRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(fiscal_year.unwrap_or(0))
                .fetch_all(pool)
                .await?
        });
        records(rows)
    }

    /// One posting.
    pub async fn posting(&self, id: i64) -> Result<Option<StoredPosting>> {
        let sql = format!("{POSTING_SELECT} WHERE id = $1");
        let row: Option<PostingRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?
        });
        row.map(TryInto::try_into).transpose()
    }

    /// A posting's applications (of one person when given), by staff
    /// number.
    pub async fn posting_applications(
        &self,
        posting: Option<i64>,
        number: Option<&str>,
    ) -> Result<Vec<StoredApplication>> {
        let sql = format!(
            "{APPLICATION_SELECT} WHERE ($1 = 0 OR a.posting_id = $1) AND ($2 = '' OR s.number = $2) \
             ORDER BY a.posting_id, s.number"
        );
        let rows: Vec<ApplicationRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(posting.unwrap_or(0))
                .bind(number.unwrap_or(""))
                .fetch_all(pool)
                .await?
        });
        records(rows)
    }

    async fn posting_application(&self, posting: i64, number: &str) -> Result<StoredApplication> {
        self.posting_applications(Some(posting), Some(number))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| {
                StoreError::NotFound(Message::new("postings_no_application").arg("number", number))
            })
    }

    /// Applies `number` to a posting (or applies again after withdrawing),
    /// audited without the motivation's words.
    pub async fn apply_to_posting(
        &self,
        posting: &StoredPosting,
        number: &str,
        (on, motivation): (NaiveDate, Option<&str>),
        actor: &str,
    ) -> Result<StoredApplication> {
        let motivation = motivation
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        on_pool!(self, |pool| {
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
            let existing: Option<(String,)> = sqlx::query_as(
                "SELECT status FROM posting_applications WHERE posting_id = $1 AND staff_id = $2",
            )
            .bind(posting.id)
            .bind(staff_id)
            .fetch_optional(&mut *tx)
            .await?;
            match existing {
                Some((status,)) => {
                    let status: ApplicationStatus = coded(&status)?;
                    if status != ApplicationStatus::Withdrawn {
                        return Err(refused(
                            "staff_number",
                            "applied",
                            Message::new("postings_applied_already"),
                        ));
                    }
                    sqlx::query(
                        "UPDATE posting_applications SET applied_on = $1, motivation = $2, status = 'applied', \
                         decided_on = NULL, decided_by = NULL WHERE posting_id = $3 AND staff_id = $4",
                    )
                    .bind(on.to_string())
                    .bind(&motivation)
                    .bind(posting.id)
                    .bind(staff_id)
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query(
                        "INSERT INTO posting_applications (posting_id, staff_id, applied_on, motivation, status) \
                         VALUES ($1, $2, $3, $4, 'applied')",
                    )
                    .bind(posting.id)
                    .bind(staff_id)
                    .bind(on.to_string())
                    .bind(&motivation)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "apply",
                    record_type: "posting_application",
                    record_key: &format!("{}/{number}", posting.id),
                    detail: serde_json::json!({ "on": on }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        self.posting_application(posting.id, number).await
    }

    /// Moves an open application to `status` (withdrawn, selected, not
    /// selected) with its audit entry; refused once it is not open.
    pub async fn close_posting_application(
        &self,
        posting: &StoredPosting,
        number: &str,
        (status, on): (ApplicationStatus, NaiveDate),
        actor: &str,
    ) -> Result<StoredApplication> {
        let current = self.posting_application(posting.id, number).await?;
        if !current.status.open() {
            return Err(not_open(current.status));
        }
        let decided = status != ApplicationStatus::Withdrawn;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE posting_applications SET status = $1, decided_on = $2, decided_by = $3 \
                 WHERE posting_id = $4 AND staff_id = (SELECT id FROM staff WHERE number = $5) AND status = 'applied'",
            )
            .bind(status.code())
            .bind(on.to_string())
            .bind(decided.then_some(actor))
            .bind(posting.id)
            .bind(number)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(not_open(current.status));
            }
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: status.code(),
                    record_type: "posting_application",
                    record_key: &format!("{}/{number}", posting.id),
                    detail: serde_json::json!({ "on": on }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        self.posting_application(posting.id, number).await
    }

    /// Selects an open application: first the assignments it makes
    /// (through the assignments import: all or nothing, checked), then the
    /// status.
    pub async fn select_for_posting(
        &self,
        posting: &StoredPosting,
        number: &str,
        on: NaiveDate,
        assignments: &[Assignment],
        actor: &str,
    ) -> Result<StoredApplication> {
        let current = self.posting_application(posting.id, number).await?;
        if !current.status.open() {
            return Err(not_open(current.status));
        }
        self.import_assignments(
            assignments,
            &[],
            crate::ImportOptions::by(actor, "posting selection"),
        )
        .await?;
        self.close_posting_application(posting, number, (ApplicationStatus::Selected, on), actor)
            .await
    }
}
