//! Health records (see `jinzai_domain::health`): check-ups and
//! consultations, their sealed parts opened only with the health key, every
//! write and every read of a record audited by record and action — never by
//! what it says. Records are read through the use cases that check who
//! asks; counts per unit are what HR sees.

pub mod committee;
pub mod leaks;
pub(crate) mod metrics;
pub mod returns;
pub mod stress;
pub mod vault;

use crate::conn::{BeginWrite, Conn, on_conn};
use crate::people::{day, log_write};
use crate::rows::coded;
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::health::{Checkup, Consultation, SealedCheckup, SealedConsultation};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::progress::FieldError;
use serde::Serialize;
use vault::{CHECK_AAD, CHECK_TEXT, HealthAccess, HealthKey};

/// Why the health store cannot be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// No key was given at start.
    NoKey,
    /// The key given does not open the store (another key sealed it).
    WrongKey,
}

const CHECKUP_AAD: &str = "health_checkups.sealed";
const CONSULTATION_AAD: &str = "health_consultations.sealed";

/// A check-up as stored, opened.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredCheckup {
    pub id: i64,
    pub staff_name: String,
    pub checkup: Checkup,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// A consultation as stored, opened.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredConsultation {
    pub id: i64,
    pub staff_name: String,
    pub consultation: Consultation,
    pub recorded_by: String,
    pub recorded_at: String,
}

#[derive(sqlx::FromRow)]
struct CheckupRow {
    id: i64,
    number: StaffNumber,
    name: String,
    fiscal_year: i32,
    attended_on: Option<String>,
    sealed: Vec<u8>,
    recorded_by: String,
    recorded_at: String,
}

#[derive(sqlx::FromRow)]
struct ConsultationRow {
    id: i64,
    number: StaffNumber,
    name: String,
    held_on: String,
    counsellor: String,
    sealed: Vec<u8>,
    recorded_by: String,
    recorded_at: String,
}

/// A unit's check-ups of a year: due and taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCount {
    /// None: people with no primary assignment on the day.
    pub unit: Option<(String, String)>,
    pub due: u64,
    pub attended: u64,
}

fn seal_json<T: Serialize>(key: &HealthKey, aad: &str, value: &T) -> Result<Vec<u8>> {
    let plain = serde_json::to_vec(value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    key.seal(aad, &plain)
        .map_err(|_| StoreError::Corrupt("the system's random source failed".into()))
}

fn open_json<T: serde::de::DeserializeOwned>(
    key: &HealthKey,
    aad: &str,
    sealed: &[u8],
) -> Result<T> {
    let plain = key
        .open(aad, sealed)
        .map_err(|_| StoreError::HealthLocked(Lock::WrongKey))?;
    serde_json::from_slice(&plain).map_err(|e| StoreError::Corrupt(format!("{aad}: {e}")))
}

/// A check-up's sealed part.
fn seal_checkup(key: &HealthKey, c: &Checkup) -> Result<Vec<u8>> {
    seal_json(
        key,
        CHECKUP_AAD,
        &SealedCheckup {
            outcome: c.outcome,
            follow_up_done: c.follow_up_done,
            note: c.note.trim().to_owned(),
        },
    )
}

/// A consultation's sealed part.
fn seal_consultation(key: &HealthKey, c: &Consultation) -> Result<Vec<u8>> {
    seal_json(
        key,
        CONSULTATION_AAD,
        &SealedConsultation {
            kind: c.kind,
            note: c.note.trim().to_owned(),
            follow_up: c.follow_up.trim().to_owned(),
        },
    )
}

/// Appends the audit entry of a recorded health record: its type and id
/// and the year or day — never what it says.
async fn log_record(
    store: &Store,
    conn: Conn<'_>,
    actor: &str,
    (record_type, id): (&str, i64),
    detail: serde_json::Value,
) -> Result<()> {
    let event = crate::audit::AuditEvent {
        actor,
        action: "record",
        record_type,
        record_key: &id.to_string(),
        detail,
    };
    log_write(store, conn, &event).await
}

/// Who wrote a record, and when.
type Stamp<'a> = (&'a str, &'a str);

/// Writes (or replaces) a person's check-up of its year; its id.
async fn insert_checkup(
    conn: Conn<'_>,
    staff_id: i64,
    c: &Checkup,
    sealed: &[u8],
    (by, at): Stamp<'_>,
) -> Result<i64> {
    let (id,): (i64,) = on_conn!(conn, |x| {
        sqlx::query_as(
            "INSERT INTO health_checkups (staff_id, fiscal_year, attended_on, sealed, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (staff_id, fiscal_year) DO UPDATE SET \
             attended_on = excluded.attended_on, sealed = excluded.sealed, recorded_by = excluded.recorded_by, \
             recorded_at = excluded.recorded_at RETURNING id",
        )
        .bind(staff_id)
        .bind(c.fiscal_year)
        .bind(c.attended_on.map(|d| d.to_string()))
        .bind(sealed)
        .bind(by)
        .bind(at)
        .fetch_one(x)
        .await?
    });
    Ok(id)
}

/// Writes a new consultation; its id.
async fn insert_consultation(
    conn: Conn<'_>,
    staff_id: i64,
    c: &Consultation,
    sealed: &[u8],
    (by, at): Stamp<'_>,
) -> Result<i64> {
    let (id,): (i64,) = on_conn!(conn, |x| {
        sqlx::query_as(
            "INSERT INTO health_consultations (staff_id, held_on, counsellor, sealed, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(staff_id)
        .bind(c.held_on.to_string())
        .bind(c.counsellor.code())
        .bind(sealed)
        .bind(by)
        .bind(at)
        .fetch_one(x)
        .await?
    });
    Ok(id)
}

impl CheckupRow {
    fn open(self, key: &HealthKey) -> Result<StoredCheckup> {
        let s: SealedCheckup = open_json(key, CHECKUP_AAD, &self.sealed)?;
        Ok(StoredCheckup {
            id: self.id,
            staff_name: self.name,
            checkup: Checkup {
                staff_number: self.number,
                fiscal_year: self.fiscal_year,
                attended_on: self.attended_on.as_deref().map(day).transpose()?,
                outcome: s.outcome,
                follow_up_done: s.follow_up_done,
                note: s.note,
            },
            recorded_by: self.recorded_by,
            recorded_at: self.recorded_at,
        })
    }
}

impl ConsultationRow {
    fn open(self, key: &HealthKey) -> Result<StoredConsultation> {
        let s: SealedConsultation = open_json(key, CONSULTATION_AAD, &self.sealed)?;
        Ok(StoredConsultation {
            id: self.id,
            staff_name: self.name,
            consultation: Consultation {
                staff_number: self.number,
                held_on: day(&self.held_on)?,
                counsellor: coded(&self.counsellor)?,
                kind: s.kind,
                note: s.note,
                follow_up: s.follow_up,
            },
            recorded_by: self.recorded_by,
            recorded_at: self.recorded_at,
        })
    }
}

const CHECKUP_SELECT: &str = "SELECT h.id, s.number, s.name, h.fiscal_year, h.attended_on, h.sealed, h.recorded_by, \
     h.recorded_at FROM health_checkups h JOIN staff s ON s.id = h.staff_id";
const CONSULTATION_SELECT: &str = "SELECT h.id, s.number, s.name, h.held_on, h.counsellor, h.sealed, h.recorded_by, \
     h.recorded_at FROM health_consultations h JOIN staff s ON s.id = h.staff_id";

/// What a list of records is of, for the read's audit entry.
#[derive(Debug, Clone, Copy)]
pub enum Of<'a> {
    /// A fiscal year's records.
    Year(i32),
    /// One person's.
    Person(&'a str),
    /// Every one (an export).
    All,
}

impl Store {
    /// This store with the health key: it opens the store when it opens the
    /// store's check value (or, on a store no key ever opened, becomes its
    /// key). A key that does not open it leaves the store locked
    /// ([`Lock::WrongKey`]); everything else works.
    pub async fn with_health_key(mut self, key: HealthKey) -> Result<Store> {
        let check: Option<(Vec<u8>,)> = on_pool!(self, |pool| {
            sqlx::query_as("SELECT key_check FROM health_store WHERE id = 1")
                .fetch_optional(pool)
                .await?
        });
        self.health = match check {
            Some((sealed,)) => match key.open(CHECK_AAD, &sealed) {
                Ok(text) if text == CHECK_TEXT => HealthAccess::Open(key),
                _ => HealthAccess::WrongKey,
            },
            None => {
                let sealed = key
                    .seal(CHECK_AAD, CHECK_TEXT)
                    .map_err(|_| StoreError::Corrupt("the system's random source failed".into()))?;
                on_pool!(self, |pool| {
                    sqlx::query("INSERT INTO health_store (id, key_check, keyed_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING")
                        .bind(&sealed)
                        .bind(self.now())
                        .execute(pool)
                        .await?;
                });
                // Another process may have keyed it first: ask again.
                return Box::pin(self.with_health_key(key)).await;
            }
        };
        Ok(self)
    }

    /// Why health records cannot be opened, if they cannot.
    pub fn health_lock(&self) -> Option<Lock> {
        match self.health {
            HealthAccess::NoKey => Some(Lock::NoKey),
            HealthAccess::WrongKey => Some(Lock::WrongKey),
            HealthAccess::Open(_) => None,
        }
    }

    fn health_key(&self) -> Result<&HealthKey> {
        match &self.health {
            HealthAccess::Open(k) => Ok(k),
            HealthAccess::NoKey => Err(StoreError::HealthLocked(Lock::NoKey)),
            HealthAccess::WrongKey => Err(StoreError::HealthLocked(Lock::WrongKey)),
        }
    }

    /// Records (or replaces) a person's check-up of a year, audited by
    /// record and year only.
    pub async fn put_checkup(&self, c: &Checkup, actor: &str) -> Result<StoredCheckup> {
        let sealed = seal_checkup(self.health_key()?, c)?;
        let now = self.now();
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let staff_id = staff_id((&mut *tx).into(), &c.staff_number).await?;
            let id = insert_checkup((&mut *tx).into(), staff_id, c, &sealed, (actor, &now)).await?;
            log_record(
                self,
                (&mut *tx).into(),
                actor,
                ("health_checkup", id),
                serde_json::json!({ "fiscal_year": c.fiscal_year }),
            )
            .await?;
            tx.commit().await?;
            id
        });
        self.checkup(id, actor).await
    }

    /// One check-up, opened; the read audited.
    pub async fn checkup(&self, id: i64, actor: &str) -> Result<StoredCheckup> {
        let key = self.health_key()?;
        let row: Option<CheckupRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!("{CHECKUP_SELECT} WHERE h.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        let row = row
            .ok_or_else(|| StoreError::NotFound(Message::new("health_no_checkup").arg("id", id)))?;
        let opened = row.open(key)?;
        self.audit_health_read(actor, "health_checkup", &id.to_string(), 1)
            .await?;
        Ok(opened)
    }

    /// Check-ups of a year or of a person, by staff number (a person's by
    /// year), opened; the read audited.
    pub async fn checkups(&self, of: Of<'_>, actor: &str) -> Result<Vec<StoredCheckup>> {
        let key = self.health_key()?;
        let rows: Vec<CheckupRow> = on_pool!(self, |pool| {
            match of {
                Of::Year(y) => {
                    sqlx::query_as(&format!(
                        "{CHECKUP_SELECT} WHERE h.fiscal_year = $1 ORDER BY s.number"
                    ))
                    .bind(y)
                    .fetch_all(pool)
                    .await?
                }
                Of::Person(n) => {
                    sqlx::query_as(&format!(
                        "{CHECKUP_SELECT} WHERE s.number = $1 ORDER BY h.fiscal_year DESC"
                    ))
                    .bind(n)
                    .fetch_all(pool)
                    .await?
                }
                Of::All => {
                    sqlx::query_as(&format!(
                        "{CHECKUP_SELECT} ORDER BY h.fiscal_year, s.number"
                    ))
                    .fetch_all(pool)
                    .await?
                }
            }
        });
        let opened = rows
            .into_iter()
            .map(|r| r.open(key))
            .collect::<Result<Vec<_>>>()?;
        self.audit_list_read(actor, "health_checkups", &of, opened.len())
            .await?;
        Ok(opened)
    }

    /// Records a consultation (`id` none) or corrects one, audited by
    /// record and day only.
    pub async fn put_consultation(
        &self,
        id: Option<i64>,
        c: &Consultation,
        actor: &str,
    ) -> Result<StoredConsultation> {
        let sealed = seal_consultation(self.health_key()?, c)?;
        let now = self.now();
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let staff_id = staff_id((&mut *tx).into(), &c.staff_number).await?;
            let id = match id {
                None => {
                    insert_consultation((&mut *tx).into(), staff_id, c, &sealed, (actor, &now))
                        .await?
                }
                Some(id) => {
                    let done = sqlx::query(
                        "UPDATE health_consultations SET staff_id = $1, held_on = $2, counsellor = $3, sealed = $4, \
                         recorded_by = $5, recorded_at = $6 WHERE id = $7",
                    )
                    .bind(staff_id)
                    .bind(c.held_on.to_string())
                    .bind(c.counsellor.code())
                    .bind(&sealed)
                    .bind(actor)
                    .bind(&now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() != 1 {
                        return Err(StoreError::NotFound(
                            Message::new("health_no_consultation").arg("id", id),
                        ));
                    }
                    id
                }
            };
            log_record(
                self,
                (&mut *tx).into(),
                actor,
                ("health_consultation", id),
                serde_json::json!({ "held_on": c.held_on }),
            )
            .await?;
            tx.commit().await?;
            id
        });
        self.consultation(id, actor).await
    }

    /// One consultation, opened; the read audited.
    pub async fn consultation(&self, id: i64, actor: &str) -> Result<StoredConsultation> {
        let key = self.health_key()?;
        let row: Option<ConsultationRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!("{CONSULTATION_SELECT} WHERE h.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        let row = row.ok_or_else(|| {
            StoreError::NotFound(Message::new("health_no_consultation").arg("id", id))
        })?;
        let opened = row.open(key)?;
        self.audit_health_read(actor, "health_consultation", &id.to_string(), 1)
            .await?;
        Ok(opened)
    }

    /// Consultations held in a fiscal year, or a person's, newest first,
    /// opened; the read audited.
    pub async fn consultations(&self, of: Of<'_>, actor: &str) -> Result<Vec<StoredConsultation>> {
        let key = self.health_key()?;
        let rows: Vec<ConsultationRow> = on_pool!(self, |pool| {
            match of {
                Of::Year(y) => {
                    let fy = jinzai_domain::FiscalYear(y);
                    let (Some(from), Some(to)) = (fy.start(), fy.end()) else {
                        return Ok(Vec::new());
                    };
                    sqlx::query_as(&format!(
                        "{CONSULTATION_SELECT} WHERE h.held_on BETWEEN $1 AND $2 ORDER BY h.held_on DESC, h.id DESC"
                    ))
                    .bind(from.to_string())
                    .bind(to.to_string())
                    .fetch_all(pool)
                    .await?
                }
                Of::Person(n) => sqlx::query_as(&format!(
                    "{CONSULTATION_SELECT} WHERE s.number = $1 ORDER BY h.held_on DESC, h.id DESC"
                ))
                .bind(n)
                .fetch_all(pool)
                .await?,
                Of::All => {
                    sqlx::query_as(&format!(
                        "{CONSULTATION_SELECT} ORDER BY h.held_on, s.number, h.id"
                    ))
                    .fetch_all(pool)
                    .await?
                }
            }
        });
        let opened = rows
            .into_iter()
            .map(|r| r.open(key))
            .collect::<Result<Vec<_>>>()?;
        self.audit_list_read(actor, "health_consultations", &of, opened.len())
            .await?;
        Ok(opened)
    }

    /// Check-ups due and taken in a fiscal year, per the unit of each
    /// person's primary assignment on `on` (the year's last day, or today
    /// while the year runs). Plain columns only: no key is needed.
    pub async fn checkup_counts(&self, year: i32, on: NaiveDate) -> Result<Vec<UnitCount>> {
        let rows: Vec<(Option<String>, Option<String>, i64, i64)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT u.code, u.name, COUNT(*), COUNT(h.attended_on) FROM health_checkups h \
                 LEFT JOIN assignments a ON a.id = (SELECT a2.id FROM assignments a2 WHERE a2.staff_id = h.staff_id \
                   AND a2.is_primary = 1 AND a2.start_date <= $2 ORDER BY a2.start_date DESC LIMIT 1) \
                 LEFT JOIN units u ON u.code = a.unit_code AND u.valid_from <= $2 AND (u.valid_to IS NULL OR u.valid_to >= $2) \
                 WHERE h.fiscal_year = $1 GROUP BY u.code, u.name ORDER BY u.code",
            )
            .bind(year)
            .bind(on.to_string())
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(code, name, due, attended)| UnitCount {
                unit: code.map(|c| (c, name.unwrap_or_default())),
                due: u64::try_from(due).unwrap_or(0),
                attended: u64::try_from(attended).unwrap_or(0),
            })
            .collect())
    }

    /// The fiscal years with check-up records, oldest first.
    pub async fn checkup_years(&self) -> Result<Vec<i32>> {
        let rows: Vec<(i32,)> = on_pool!(self, |pool| {
            sqlx::query_as("SELECT DISTINCT fiscal_year FROM health_checkups ORDER BY fiscal_year")
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// The consultations held in a fiscal year, by counsellor (physician,
    /// nurse): plain columns only.
    pub async fn consultation_counts(&self, year: i32) -> Result<(u64, u64)> {
        let fy = jinzai_domain::FiscalYear(year);
        let (Some(from), Some(to)) = (fy.start(), fy.end()) else {
            return Ok((0, 0));
        };
        let rows: Vec<(String, i64)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT counsellor, COUNT(*) FROM health_consultations WHERE held_on BETWEEN $1 AND $2 GROUP BY counsellor",
            )
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(pool)
            .await?
        });
        let count = |c: &str| {
            rows.iter()
                .find(|r| r.0 == c)
                .map_or(0, |r| u64::try_from(r.1).unwrap_or(0))
        };
        Ok((count("physician"), count("nurse")))
    }

    /// Seals every health record anew with `new` in one transaction (the
    /// check value too), after opening each with the present key; returns
    /// how many values were sealed again. Nothing changes if one fails to
    /// open.
    pub async fn rekey_health(&self, new: &HealthKey, actor: &str) -> Result<u64> {
        let old = self.health_key()?.clone();
        let new_check = new
            .seal(CHECK_AAD, CHECK_TEXT)
            .map_err(|_| StoreError::Corrupt("the system's random source failed".into()))?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut count = 0u64;
            for (table, aad) in [
                ("health_checkups", CHECKUP_AAD),
                ("health_consultations", CONSULTATION_AAD),
                ("health_returns", returns::RETURN_AAD),
                ("health_stress", stress::STRESS_AAD),
            ] {
                let rows: Vec<(i64, Vec<u8>)> =
                    sqlx::query_as(&format!("SELECT id, sealed FROM {table} ORDER BY id"))
                        .fetch_all(&mut *tx)
                        .await?;
                for (id, sealed) in rows {
                    let plain = old
                        .open(aad, &sealed)
                        .map_err(|_| StoreError::HealthLocked(Lock::WrongKey))?;
                    let again = new.seal(aad, &plain).map_err(|_| {
                        StoreError::Corrupt("the system's random source failed".into())
                    })?;
                    sqlx::query(&format!("UPDATE {table} SET sealed = $1 WHERE id = $2"))
                        .bind(&again)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    count += 1;
                }
            }
            sqlx::query("UPDATE health_store SET key_check = $1, keyed_at = $2 WHERE id = 1")
                .bind(&new_check)
                .bind(self.now())
                .execute(&mut *tx)
                .await?;
            crate::audit::append(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "rekey",
                    record_type: "health_store",
                    record_key: "1",
                    detail: serde_json::json!({ "values": count }),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(count)
        })
    }

    async fn audit_health_read(
        &self,
        actor: &str,
        record_type: &str,
        key: &str,
        count: usize,
    ) -> Result<()> {
        self.audit(crate::AuditEvent {
            actor,
            action: "read",
            record_type,
            record_key: key,
            detail: serde_json::json!({ "records": count }),
        })
        .await?;
        Ok(())
    }

    async fn audit_list_read(
        &self,
        actor: &str,
        record_type: &str,
        of: &Of<'_>,
        count: usize,
    ) -> Result<()> {
        let key = match of {
            Of::Year(y) => format!("year:{y}"),
            Of::Person(n) => format!("staff:{n}"),
            Of::All => "all".to_owned(),
        };
        self.audit_health_read(actor, record_type, &key, count)
            .await
    }
}

/// The id of staff member `number`; refused at `staff_number` otherwise.
async fn staff_id(conn: crate::conn::Conn<'_>, number: &StaffNumber) -> Result<i64> {
    crate::people::staff_id(conn, number)
        .await
        .map_err(|e| match e {
            StoreError::NotFound(m) => StoreError::refused("staff_number", "unknown", m),
            other => other,
        })
}

/// A problem of an imported list's record `i`, at `list[i].field`.
pub(crate) fn at_record(list: &str, i: usize, e: FieldError) -> FieldError {
    FieldError::new(format!("{list}[{i}].{}", e.field), e.code, e.message)
}

/// The same record twice in an import (`what`: the key as read).
pub(crate) fn twice(list: &str, i: usize, field: &str, what: String) -> FieldError {
    FieldError::new(
        format!("{list}[{i}].{field}"),
        "duplicate",
        Message::new("health_import_twice").arg("what", what),
    )
}

impl Store {
    /// Writes many check-ups (replacing a person's of the same year) and
    /// consultations (replacing one of the same person, day and
    /// counsellor: one meeting a day with each) in one transaction, each
    /// checked first: nothing is written when one is refused (the problem
    /// named at `checkups[i].field` or `consultations[i].field`), nor on
    /// a dry run. One audit entry counts them.
    pub async fn import_health(
        &self,
        checkups: &[Checkup],
        consultations: &[Consultation],
        opts: crate::ImportOptions<'_>,
    ) -> Result<crate::ImportSummary> {
        let key = self.health_key()?;
        let today = self.clock().today();
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, c) in checkups.iter().enumerate() {
            problems.extend(
                c.check(today)
                    .into_iter()
                    .map(|e| at_record("checkups", i, e)),
            );
            if !seen.insert((&c.staff_number, c.fiscal_year)) {
                problems.push(twice(
                    "checkups",
                    i,
                    "staff_number",
                    format!("{} {}", c.staff_number, c.fiscal_year),
                ));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (i, c) in consultations.iter().enumerate() {
            problems.extend(
                c.check(today)
                    .into_iter()
                    .map(|e| at_record("consultations", i, e)),
            );
            if !seen.insert((&c.staff_number, c.held_on, c.counsellor)) {
                problems.push(twice(
                    "consultations",
                    i,
                    "held_on",
                    format!("{} {} {}", c.staff_number, c.held_on, c.counsellor.code()),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Refused(problems));
        }
        let sealed_checkups = checkups
            .iter()
            .map(|c| seal_checkup(key, c))
            .collect::<Result<Vec<_>>>()?;
        let sealed_consultations = consultations
            .iter()
            .map(|c| seal_consultation(key, c))
            .collect::<Result<Vec<_>>>()?;
        let now = self.now();
        let actor = opts.actor_name();
        let summary = on_pool!(self, |pool| {
            let mut summary = crate::ImportSummary::default();
            let mut tx = pool.begin_write().await?;
            let ids = crate::people::load_staff_ids((&mut *tx).into()).await?;
            let id_of = |list: &str, i: usize, n: &StaffNumber| {
                ids.get(n).map(|v| v.0).ok_or_else(|| {
                    StoreError::Refused(vec![FieldError::new(
                        format!("{list}[{i}].staff_number"),
                        "unknown",
                        Message::new("people_staff_unknown").arg("number", n),
                    )])
                })
            };
            let held: std::collections::HashSet<(i64, i32)> =
                sqlx::query_as("SELECT staff_id, fiscal_year FROM health_checkups")
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .collect();
            for (i, (c, sealed)) in checkups.iter().zip(&sealed_checkups).enumerate() {
                let staff = id_of("checkups", i, &c.staff_number)?;
                if held.contains(&(staff, c.fiscal_year)) {
                    summary.updated += 1;
                } else {
                    summary.created += 1;
                }
                insert_checkup((&mut *tx).into(), staff, c, sealed, (actor, &now)).await?;
            }
            for (i, (c, sealed)) in consultations.iter().zip(&sealed_consultations).enumerate() {
                let staff = id_of("consultations", i, &c.staff_number)?;
                let replaced = sqlx::query(
                    "DELETE FROM health_consultations WHERE staff_id = $1 AND held_on = $2 AND counsellor = $3",
                )
                .bind(staff)
                .bind(c.held_on.to_string())
                .bind(c.counsellor.code())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if replaced > 0 {
                    summary.updated += 1;
                } else {
                    summary.created += 1;
                }
                insert_consultation((&mut *tx).into(), staff, c, sealed, (actor, &now)).await?;
            }
            crate::people::end_import(self, tx, &opts, "health_records", summary, None).await
        })?;
        Ok(summary)
    }
}
