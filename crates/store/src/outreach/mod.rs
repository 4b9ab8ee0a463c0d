//! Outreach lectures (see `jinzai_domain::outreach`): the catalogue, the
//! requests with their decision and delivery, the lecturers. Every write is
//! audited and bumps the records version (2-5-1 counts deliveries).

pub(crate) mod metrics;

use crate::conn::BeginWrite;
use crate::people::{day, log_write};
use crate::rows::coded;
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::i18n::Message;
use jinzai_domain::outreach::{
    Decision, Delivery, Lecture, Record, Request, Settings, Source, Status,
};
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use serde::Serialize;

/// A lecture of the catalogue, with its department's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredLecture {
    pub id: i64,
    pub lecture: Lecture,
    /// The department's name today (empty when the unit has ended).
    pub unit_name: String,
}

/// A lecturer, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lecturer {
    pub staff_number: String,
    pub name: String,
}

/// A request with where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredRequest {
    pub id: i64,
    pub lecture_title: String,
    /// The lecture's department.
    pub unit_code: String,
    pub source: Source,
    pub status: Status,
    pub request: Request,
    pub requested_on: NaiveDate,
    pub decided_on: Option<NaiveDate>,
    pub decided_by: Option<String>,
    pub decision_note: String,
    pub delivered_on: Option<NaiveDate>,
    pub audience: Option<i64>,
    pub feedback: String,
    pub lecturers: Vec<Lecturer>,
}

/// A lecture a person gave, for their staff page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Given {
    pub delivered_on: NaiveDate,
    pub title: String,
    pub group_name: String,
    pub audience: i64,
}

#[derive(sqlx::FromRow)]
struct LectureRow {
    id: i64,
    code: String,
    title: String,
    unit_code: String,
    summary: String,
    minutes: i64,
    audience: String,
    active: i64,
    unit_name: Option<String>,
}

impl TryFrom<LectureRow> for StoredLecture {
    type Error = StoreError;
    fn try_from(r: LectureRow) -> Result<Self> {
        Ok(StoredLecture {
            id: r.id,
            lecture: Lecture {
                code: r.code,
                title: r.title,
                unit_code: r.unit_code,
                summary: r.summary,
                minutes: u32::try_from(r.minutes).unwrap_or_default(),
                audience: r.audience,
                active: r.active != 0,
            },
            unit_name: r.unit_name.unwrap_or_default(),
        })
    }
}

/// The lectures with their department's name on `{today}`.
const LECTURE_SELECT: &str = "SELECT l.id, l.code, l.title, l.unit_code, l.summary, l.minutes, l.audience, l.active, \
     (SELECT u.name FROM units u WHERE u.code = l.unit_code AND u.valid_from <= $1 \
      AND (u.valid_to IS NULL OR u.valid_to >= $1)) AS unit_name FROM outreach_lectures l";

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    code: String,
    title: String,
    unit_code: String,
    source: String,
    status: String,
    group_name: String,
    contact_name: String,
    contact_phone: String,
    contact_email: String,
    wished_on: String,
    wished_time: String,
    venue: String,
    expected_audience: i64,
    purpose: String,
    requested_on: String,
    decided_on: Option<String>,
    decided_by: Option<String>,
    decision_note: String,
    delivered_on: Option<String>,
    audience: Option<i64>,
    feedback: String,
}

const REQUEST_SELECT: &str = "SELECT r.id, l.code, l.title, l.unit_code, r.source, r.status, r.group_name, \
     r.contact_name, r.contact_phone, r.contact_email, r.wished_on, r.wished_time, r.venue, r.expected_audience, \
     r.purpose, r.requested_on, r.decided_on, r.decided_by, r.decision_note, r.delivered_on, r.audience, r.feedback \
     FROM outreach_requests r JOIN outreach_lectures l ON l.id = r.lecture_id";

impl RequestRow {
    fn into_stored(self, lecturers: Vec<Lecturer>) -> Result<StoredRequest> {
        let opt_day = |s: Option<String>| s.as_deref().map(day).transpose();
        Ok(StoredRequest {
            id: self.id,
            lecture_title: self.title,
            unit_code: self.unit_code,
            source: coded(&self.source)?,
            status: coded(&self.status)?,
            request: Request {
                lecture_code: self.code,
                group_name: self.group_name,
                contact_name: self.contact_name,
                contact_phone: self.contact_phone,
                contact_email: self.contact_email,
                wished_on: Some(day(&self.wished_on)?),
                wished_time: self.wished_time,
                venue: self.venue,
                expected_audience: u32::try_from(self.expected_audience).unwrap_or_default(),
                purpose: self.purpose,
                not_for_profit: true,
            },
            requested_on: day(&self.requested_on)?,
            decided_on: opt_day(self.decided_on)?,
            decided_by: self.decided_by,
            decision_note: self.decision_note,
            delivered_on: opt_day(self.delivered_on)?,
            audience: self.audience,
            feedback: self.feedback,
            lecturers,
        })
    }
}

/// How a request arrives: by which way, from which address (a keyed
/// digest; empty when staff enter it), with which form (its token's keyed
/// digest, used once), and the flood limit: at most `max` since `since`.
#[derive(Debug, Clone)]
pub struct Arrival<'a> {
    pub source: Source,
    pub address_key: &'a str,
    pub form_key: Option<&'a str>,
    pub throttle: Option<(String, i64)>,
}

/// What became of a request sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    Stored(i64),
    /// The address sent too many.
    Throttled,
    /// The form was sent already.
    FormUsed,
}

/// Which requests to list.
#[derive(Debug, Clone, Copy)]
pub enum Requests<'a> {
    /// Those asked for, or delivered, in a fiscal year, and every one
    /// still undecided or approved and not yet given.
    Year(i32),
    /// The lectures of these departments only (a 所属長's), as `Year`.
    Units(i32, &'a [String]),
    /// Every request (an export), oldest first.
    All,
}

impl Store {
    /// The city's rules for requests (the defaults until HR sets them).
    pub async fn outreach_settings(&self) -> Result<Settings> {
        let row: Option<(i64, i64)> = on_pool!(self, |pool| {
            sqlx::query_as("SELECT min_audience, lead_days FROM outreach_settings WHERE id = 1")
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map_or_else(Settings::default, |(m, l)| Settings {
            min_audience: u32::try_from(m).unwrap_or_default(),
            lead_days: u32::try_from(l).unwrap_or_default(),
        }))
    }

    pub async fn put_outreach_settings(&self, s: Settings, actor: &str) -> Result<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO outreach_settings (id, min_audience, lead_days) VALUES (1, $1, $2) \
                 ON CONFLICT (id) DO UPDATE SET min_audience = excluded.min_audience, lead_days = excluded.lead_days",
            )
            .bind(i64::from(s.min_audience))
            .bind(i64::from(s.lead_days))
            .execute(&mut *tx)
            .await?;
            audit(
                self,
                (&mut *tx).into(),
                actor,
                "outreach_settings",
                "1",
                serde_json::json!(s),
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The catalogue by code (`active`: only those offered).
    pub async fn outreach_lectures(&self, active: bool) -> Result<Vec<StoredLecture>> {
        let today = self.clock().today().to_string();
        let sql = format!(
            "{LECTURE_SELECT}{} ORDER BY l.code",
            if active { " WHERE l.active = 1" } else { "" }
        );
        let rows: Vec<LectureRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(&today).fetch_all(pool).await?
        });
        rows.into_iter().map(StoredLecture::try_from).collect()
    }

    pub async fn outreach_lecture(&self, code: &str) -> Result<StoredLecture> {
        let today = self.clock().today().to_string();
        let row: Option<LectureRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!("{LECTURE_SELECT} WHERE l.code = $2"))
                .bind(&today)
                .bind(code)
                .fetch_optional(pool)
                .await?
        });
        row.ok_or_else(|| {
            StoreError::NotFound(Message::new("outreach_no_lecture").arg("code", code))
        })?
        .try_into()
    }

    /// Adds a lecture or changes the one of the same code, audited. Its
    /// department must be a unit in force today (refused at `unit_code`).
    pub async fn put_outreach_lecture(&self, l: &Lecture, actor: &str) -> Result<StoredLecture> {
        let today = self.clock().today().to_string();
        let now = self.now();
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let unit: Option<(String,)> = sqlx::query_as(
                "SELECT code FROM units WHERE code = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)",
            )
            .bind(&l.unit_code)
            .bind(&today)
            .fetch_optional(&mut *tx)
            .await?;
            if unit.is_none() {
                return Err(StoreError::refused(
                    "unit_code",
                    "unknown",
                    Message::new("outreach_unknown_unit").arg("code", &l.unit_code),
                ));
            }
            sqlx::query(
                "INSERT INTO outreach_lectures (code, title, unit_code, summary, minutes, audience, active, updated_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (code) DO UPDATE SET title = excluded.title, \
                 unit_code = excluded.unit_code, summary = excluded.summary, minutes = excluded.minutes, \
                 audience = excluded.audience, active = excluded.active, updated_by = excluded.updated_by, \
                 updated_at = excluded.updated_at",
            )
            .bind(&l.code)
            .bind(l.title.trim())
            .bind(&l.unit_code)
            .bind(l.summary.trim())
            .bind(i64::from(l.minutes))
            .bind(l.audience.trim())
            .bind(i64::from(l.active))
            .bind(actor)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            audit(
                self,
                (&mut *tx).into(),
                actor,
                "outreach_lecture",
                &l.code,
                serde_json::json!(l),
            )
            .await?;
            tx.commit().await?;
        });
        self.outreach_lecture(&l.code).await
    }

    /// Stores a checked request (its lecture must be offered: refused at
    /// `lecture_code`); audited without the contact details. From the
    /// public form, in the same transaction: refused when its form was
    /// used already, or when the address sent `max` since `since` (on
    /// PostgreSQL the address is locked for the count, so requests sent at
    /// once are counted one after another).
    pub async fn add_outreach_request(
        &self,
        r: &Request,
        arrival: &Arrival<'_>,
        actor: &str,
    ) -> Result<Added> {
        let today = self.clock().today();
        let now = self.now();
        let wished = r.wished_on.unwrap_or(today);
        let postgres = self.engine() == crate::Engine::Postgres;
        let added = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            if let Some(form) = arrival.form_key {
                let used: Option<(i64,)> =
                    sqlx::query_as("SELECT id FROM outreach_requests WHERE form_key = $1")
                        .bind(form)
                        .fetch_optional(&mut *tx)
                        .await?;
                if used.is_some() {
                    return Ok(Added::FormUsed);
                }
            }
            if let Some((since, max)) = &arrival.throttle {
                if postgres {
                    sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                        .bind(arrival.address_key)
                        .execute(&mut *tx)
                        .await?;
                }
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM outreach_requests WHERE address_key = $1 AND requested_at >= $2",
                )
                .bind(arrival.address_key)
                .bind(since)
                .fetch_one(&mut *tx)
                .await?;
                if n >= *max {
                    return Ok(Added::Throttled);
                }
            }
            let lecture: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM outreach_lectures WHERE code = $1 AND active = 1")
                    .bind(&r.lecture_code)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((lecture,)) = lecture else {
                return Err(StoreError::refused(
                    "lecture_code",
                    "unknown",
                    Message::new("outreach_no_lecture").arg("code", &r.lecture_code),
                ));
            };
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO outreach_requests (lecture_id, source, status, group_name, contact_name, contact_phone, \
                 contact_email, wished_on, wished_time, venue, expected_audience, purpose, requested_on, requested_at, \
                 address_key, form_key) VALUES ($1, $2, 'requested', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
                 $14, $15) RETURNING id",
            )
            .bind(lecture)
            .bind(arrival.source.code())
            .bind(r.group_name.trim())
            .bind(r.contact_name.trim())
            .bind(r.contact_phone.trim())
            .bind(r.contact_email.trim())
            .bind(wished.to_string())
            .bind(r.wished_time.trim())
            .bind(r.venue.trim())
            .bind(i64::from(r.expected_audience))
            .bind(r.purpose.trim())
            .bind(today.to_string())
            .bind(&now)
            .bind(arrival.address_key)
            .bind(arrival.form_key)
            .fetch_one(&mut *tx)
            .await?;
            let detail = serde_json::json!({
                "lecture": r.lecture_code, "source": arrival.source.code(), "wished_on": wished,
                "expected_audience": r.expected_audience,
            });
            audit_request(self, (&mut *tx).into(), actor, id, detail).await?;
            tx.commit().await?;
            Added::Stored(id)
        });
        Ok(added)
    }

    /// Requests asked for or delivered in a year, and those still open,
    /// newest first.
    pub async fn outreach_requests(&self, which: Requests<'_>) -> Result<Vec<StoredRequest>> {
        let (range, units) = match which {
            Requests::Year(y) => (Some(y), None),
            Requests::Units(y, u) => (Some(y), Some(u)),
            Requests::All => (None, None),
        };
        let (from, to) = match range.map(jinzai_domain::FiscalYear) {
            Some(fy) => match (fy.start(), fy.end()) {
                (Some(f), Some(t)) => (f.to_string(), t.to_string()),
                _ => return Ok(Vec::new()),
            },
            None => (String::new(), String::new()),
        };
        let mut sql = if range.is_some() {
            format!(
                "{REQUEST_SELECT} WHERE (r.requested_on BETWEEN $1 AND $2 OR r.delivered_on BETWEEN $1 AND $2 \
                 OR r.status IN ('requested', 'approved'))"
            )
        } else {
            format!("{REQUEST_SELECT} WHERE $1 = $2")
        };
        if let Some(units) = units {
            if units.is_empty() {
                return Ok(Vec::new());
            }
            let list: Vec<String> = (0..units.len()).map(|i| format!("${}", i + 3)).collect();
            sql += &format!(" AND l.unit_code IN ({})", list.join(", "));
        }
        sql += if range.is_some() {
            " ORDER BY r.requested_at DESC, r.id DESC"
        } else {
            " ORDER BY r.requested_on, r.id"
        };
        let rows: Vec<RequestRow> = on_pool!(self, |pool| {
            let mut q = sqlx::query_as(&sql).bind(&from).bind(&to);
            for u in units.unwrap_or_default() {
                q = q.bind(u);
            }
            q.fetch_all(pool).await?
        });
        let mut lecturers = self.outreach_lecturers(None).await?;
        rows.into_iter()
            .map(|r| {
                let given = lecturers.remove(&r.id).unwrap_or_default();
                r.into_stored(given)
            })
            .collect()
    }

    pub async fn outreach_request(&self, id: i64) -> Result<StoredRequest> {
        let row: Option<RequestRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!("{REQUEST_SELECT} WHERE r.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        let row = row.ok_or_else(|| {
            StoreError::NotFound(Message::new("outreach_no_request").arg("id", id))
        })?;
        let given = self
            .outreach_lecturers(Some(id))
            .await?
            .remove(&id)
            .unwrap_or_default();
        row.into_stored(given)
    }

    /// Lecturers by request (one request's, or all).
    async fn outreach_lecturers(
        &self,
        request: Option<i64>,
    ) -> Result<std::collections::HashMap<i64, Vec<Lecturer>>> {
        let sql = format!(
            "SELECT g.request_id, s.number, s.name FROM outreach_lecturers g JOIN staff s ON s.id = g.staff_id{} \
             ORDER BY g.request_id, s.number",
            if request.is_some() {
                " WHERE g.request_id = $1"
            } else {
                ""
            }
        );
        let rows: Vec<(i64, String, String)> = on_pool!(self, |pool| {
            let mut q = sqlx::query_as(&sql);
            if let Some(id) = request {
                q = q.bind(id);
            }
            q.fetch_all(pool).await?
        });
        let mut out: std::collections::HashMap<i64, Vec<Lecturer>> =
            std::collections::HashMap::new();
        for (id, staff_number, name) in rows {
            out.entry(id)
                .or_default()
                .push(Lecturer { staff_number, name });
        }
        Ok(out)
    }

    /// Records the decision on an undecided request, checked, audited.
    pub async fn decide_outreach(
        &self,
        id: i64,
        d: &Decision,
        actor: &str,
    ) -> Result<StoredRequest> {
        let r = self.outreach_request(id).await?;
        let errors = d.check(r.status, r.requested_on, self.clock().today());
        if !errors.is_empty() {
            return Err(StoreError::Refused(errors));
        }
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE outreach_requests SET status = $1, decided_on = $2, decided_by = $3, decision_note = $4 \
                 WHERE id = $5 AND status = 'requested'",
            )
            .bind(if d.approved { "approved" } else { "declined" })
            .bind(d.decided_on.to_string())
            .bind(actor)
            .bind(d.note.trim())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                return Err(StoreError::refused(
                    "approved",
                    "decided",
                    Message::new("outreach_already_decided"),
                ));
            }
            let detail = serde_json::json!({ "approved": d.approved, "decided_on": d.decided_on });
            audit_request(self, (&mut *tx).into(), actor, id, detail).await?;
            tx.commit().await?;
        });
        self.outreach_request(id).await
    }

    /// Records the delivery of an approved request with its lecturers
    /// (each must be known: refused at `lecturers`), checked, audited.
    pub async fn deliver_outreach(
        &self,
        id: i64,
        g: &Delivery,
        actor: &str,
    ) -> Result<StoredRequest> {
        let r = self.outreach_request(id).await?;
        let first = r
            .decided_on
            .map_or(r.requested_on, |d| d.max(r.requested_on));
        let errors = g.check(r.status, first, self.clock().today());
        if !errors.is_empty() {
            return Err(StoreError::Refused(errors));
        }
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let ids = crate::people::load_staff_ids((&mut *tx).into()).await?;
            let mut staff = Vec::new();
            for n in &g.lecturers {
                match ids.get(n) {
                    Some(v) => staff.push(v.0),
                    None => {
                        return Err(StoreError::refused(
                            "lecturers",
                            "unknown",
                            Message::new("people_staff_unknown").arg("number", n),
                        ));
                    }
                }
            }
            staff.sort_unstable();
            staff.dedup();
            let done = sqlx::query(
                "UPDATE outreach_requests SET status = 'delivered', delivered_on = $1, audience = $2, feedback = $3, \
                 recorded_by = $4 WHERE id = $5 AND status = 'approved'",
            )
            .bind(g.delivered_on.to_string())
            .bind(i64::from(g.audience))
            .bind(g.feedback.trim())
            .bind(actor)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                return Err(StoreError::refused(
                    "delivered_on",
                    "not_approved",
                    Message::new("outreach_already_delivered"),
                ));
            }
            for s in &staff {
                sqlx::query(
                    "INSERT INTO outreach_lecturers (request_id, staff_id) VALUES ($1, $2)",
                )
                .bind(id)
                .bind(s)
                .execute(&mut *tx)
                .await?;
            }
            let detail = serde_json::json!({
                "delivered_on": g.delivered_on, "audience": g.audience, "lecturers": g.lecturers.len(),
            });
            audit_request(self, (&mut *tx).into(), actor, id, detail).await?;
            tx.commit().await?;
        });
        self.outreach_request(id).await
    }

    /// The lectures a person gave, newest first.
    pub async fn outreach_given_by(&self, number: &StaffNumber) -> Result<Vec<Given>> {
        let rows: Vec<(String, String, String, Option<i64>)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT r.delivered_on, l.title, r.group_name, r.audience FROM outreach_lecturers g \
                 JOIN staff s ON s.id = g.staff_id JOIN outreach_requests r ON r.id = g.request_id \
                 JOIN outreach_lectures l ON l.id = r.lecture_id WHERE s.number = $1 AND r.delivered_on IS NOT NULL \
                 ORDER BY r.delivered_on DESC, r.id DESC",
            )
            .bind(number.as_str())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(on, title, group_name, audience)| {
                Ok(Given {
                    delivered_on: day(&on)?,
                    title,
                    group_name,
                    audience: audience.unwrap_or_default(),
                })
            })
            .collect()
    }
}

impl Store {
    /// Writes lectures (a lecture of the same code changed) and requests
    /// with their decision and delivery in one transaction: the sample
    /// city's, or earlier years' from a file. Nothing is written when one is
    /// refused (`lectures[i].field`, `records[i].field`: a department no
    /// unit has, a lecture not in the catalogue, an unknown lecturer, a
    /// step out of order), nor on a dry run.
    pub async fn import_outreach(
        &self,
        lectures: &[Lecture],
        records: &[Record],
        opts: crate::ImportOptions<'_>,
    ) -> Result<crate::ImportSummary> {
        use jinzai_domain::progress::FieldError;
        let today = self.clock().today();
        let mut problems = Vec::new();
        let at = |list: &str, i: usize, e: FieldError| {
            FieldError::new(format!("{list}[{i}].{}", e.field), e.code, e.message)
        };
        for (i, l) in lectures.iter().enumerate() {
            problems.extend(l.check().into_iter().map(|e| at("lectures", i, e)));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, r) in records.iter().enumerate() {
            problems.extend(r.check(today).into_iter().map(|e| at("records", i, e)));
            let q = &r.request;
            if !seen.insert((
                &q.lecture_code,
                q.group_name.trim(),
                r.requested_on,
                q.wished_on,
            )) {
                problems.push(FieldError::new(
                    format!("records[{i}].group_name"),
                    "duplicate",
                    Message::new("outreach_import_twice"),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Refused(problems));
        }
        let now = self.now();
        let actor = opts.actor_name();
        let summary = on_pool!(self, |pool| {
            let mut summary = crate::ImportSummary::default();
            let mut tx = pool.begin_write().await?;
            let units: std::collections::HashSet<String> =
                sqlx::query_as::<_, (String,)>("SELECT DISTINCT code FROM units")
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .map(|(c,)| c)
                    .collect();
            let known: std::collections::HashSet<String> =
                sqlx::query_as::<_, (String,)>("SELECT code FROM outreach_lectures")
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .map(|(c,)| c)
                    .collect();
            for (i, l) in lectures.iter().enumerate() {
                if known.contains(&l.code) {
                    summary.updated += 1;
                } else {
                    summary.created += 1;
                }
                if !units.contains(&l.unit_code) {
                    return Err(StoreError::refused(
                        format!("lectures[{i}].unit_code"),
                        "unknown",
                        Message::new("outreach_unknown_unit").arg("code", &l.unit_code),
                    ));
                }
                sqlx::query(
                    "INSERT INTO outreach_lectures (code, title, unit_code, summary, minutes, audience, active, updated_by, \
                     updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (code) DO UPDATE SET \
                     title = excluded.title, unit_code = excluded.unit_code, summary = excluded.summary, \
                     minutes = excluded.minutes, audience = excluded.audience, active = excluded.active",
                )
                .bind(&l.code)
                .bind(l.title.trim())
                .bind(&l.unit_code)
                .bind(l.summary.trim())
                .bind(i64::from(l.minutes))
                .bind(l.audience.trim())
                .bind(i64::from(l.active))
                .bind(actor)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
            }
            let codes: std::collections::HashMap<String, i64> =
                sqlx::query_as::<_, (String, i64)>("SELECT code, id FROM outreach_lectures")
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .collect();
            let ids = crate::people::load_staff_ids((&mut *tx).into()).await?;
            for (i, rec) in records.iter().enumerate() {
                let r = &rec.request;
                let lecture = codes.get(&r.lecture_code).copied().ok_or_else(|| {
                    StoreError::refused(
                        format!("records[{i}].lecture_code"),
                        "unknown",
                        Message::new("outreach_no_lecture").arg("code", &r.lecture_code),
                    )
                })?;
                let d = rec.decision.as_ref();
                let g = rec.delivery.as_ref();
                // The same request read again (lecture, group, day asked,
                // day wished) replaces the stored one.
                let same: Vec<(i64,)> = sqlx::query_as(
                    "SELECT id FROM outreach_requests WHERE lecture_id = $1 AND group_name = $2 \
                     AND requested_on = $3 AND wished_on = $4",
                )
                .bind(lecture)
                .bind(r.group_name.trim())
                .bind(rec.requested_on.to_string())
                .bind(r.wished_on.map(|d| d.to_string()))
                .fetch_all(&mut *tx)
                .await?;
                for (old,) in &same {
                    sqlx::query("DELETE FROM outreach_lecturers WHERE request_id = $1")
                        .bind(old)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("DELETE FROM outreach_requests WHERE id = $1")
                        .bind(old)
                        .execute(&mut *tx)
                        .await?;
                }
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO outreach_requests (lecture_id, source, status, group_name, contact_name, contact_phone, \
                     contact_email, wished_on, wished_time, venue, expected_audience, purpose, requested_on, requested_at, \
                     address_key, decided_on, decided_by, decision_note, delivered_on, audience, feedback, recorded_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, '', $15, $16, $17, $18, $19, $20, $21) \
                     RETURNING id",
                )
                .bind(lecture)
                .bind(rec.source.code())
                .bind(rec.status().code())
                .bind(r.group_name.trim())
                .bind(r.contact_name.trim())
                .bind(r.contact_phone.trim())
                .bind(r.contact_email.trim())
                .bind(r.wished_on.map(|d| d.to_string()))
                .bind(r.wished_time.trim())
                .bind(r.venue.trim())
                .bind(i64::from(r.expected_audience))
                .bind(r.purpose.trim())
                .bind(rec.requested_on.to_string())
                .bind(jinzai_domain::clock::day_start_stamp(rec.requested_on))
                .bind(d.map(|d| d.decided_on.to_string()))
                .bind(d.map(|_| actor))
                .bind(d.map_or("", |d| d.note.trim()))
                .bind(g.map(|g| g.delivered_on.to_string()))
                .bind(g.map(|g| i64::from(g.audience)))
                .bind(g.map_or("", |g| g.feedback.trim()))
                .bind(g.map(|_| actor))
                .fetch_one(&mut *tx)
                .await?;
                let mut staff = Vec::new();
                for n in g.map(|g| g.lecturers.as_slice()).unwrap_or_default() {
                    let s = ids.get(n).map(|v| v.0).ok_or_else(|| {
                        StoreError::refused(
                            format!("records[{i}].lecturers"),
                            "unknown",
                            Message::new("people_staff_unknown").arg("number", n),
                        )
                    })?;
                    if !staff.contains(&s) {
                        staff.push(s);
                    }
                }
                for s in staff {
                    sqlx::query(
                        "INSERT INTO outreach_lecturers (request_id, staff_id) VALUES ($1, $2)",
                    )
                    .bind(id)
                    .bind(s)
                    .execute(&mut *tx)
                    .await?;
                }
                if same.is_empty() {
                    summary.created += 1;
                } else {
                    summary.updated += 1;
                }
            }
            crate::people::end_import(self, tx, &opts, "outreach", summary, None).await
        })?;
        Ok(summary)
    }
}

/// The audit entry of a write of request `id`.
async fn audit_request(
    store: &Store,
    conn: crate::conn::Conn<'_>,
    actor: &str,
    id: i64,
    detail: serde_json::Value,
) -> Result<()> {
    audit(
        store,
        conn,
        actor,
        "outreach_request",
        &id.to_string(),
        detail,
    )
    .await
}

/// Appends the audit entry of a write (and bumps the records version).
async fn audit(
    store: &Store,
    conn: crate::conn::Conn<'_>,
    actor: &str,
    record_type: &str,
    record_key: &str,
    detail: serde_json::Value,
) -> Result<()> {
    log_write(
        store,
        conn,
        &crate::audit::AuditEvent {
            actor,
            action: "write",
            record_type,
            record_key,
            detail,
        },
    )
    .await
}
