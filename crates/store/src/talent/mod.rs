//! Specialist designations and the city's list of fields (see
//! `jinzai_domain::talent`). Every write is checked by the domain's rules
//! and audited; an import is all or nothing.

pub(crate) mod metrics;

use crate::conn::BeginWrite;
use crate::people::{day, end_import, load_staff_ids, log_write};
use crate::rows::records;
use crate::{ImportOptions, ImportSummary, Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::unit::RecordProblem;
use jinzai_domain::progress::FieldError;
use jinzai_domain::talent::{Designation, SpecialistField};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A designation as stored, with the person's name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredDesignation {
    pub id: i64,
    pub designation: Designation,
    pub name: String,
    pub kana: String,
    pub hire_date: NaiveDate,
}

/// Which designations to read.
#[derive(Debug, Clone, Default)]
pub struct DesignationQuery<'a> {
    /// In force on this day.
    pub on: Option<NaiveDate>,
    pub field: Option<&'a str>,
    pub number: Option<&'a str>,
}

#[derive(sqlx::FromRow)]
struct DesignationRow {
    id: i64,
    number: StaffNumber,
    name: String,
    kana: String,
    hire_date: String,
    field: String,
    valid_from: String,
    valid_to: Option<String>,
    note: Option<String>,
}

impl TryFrom<DesignationRow> for StoredDesignation {
    type Error = StoreError;

    fn try_from(r: DesignationRow) -> Result<StoredDesignation> {
        Ok(StoredDesignation {
            id: r.id,
            designation: Designation {
                staff_number: r.number,
                field: r.field,
                from: day(&r.valid_from)?,
                to: r.valid_to.as_deref().map(day).transpose()?,
                note: r.note,
            },
            name: r.name,
            kana: r.kana,
            hire_date: day(&r.hire_date)?,
        })
    }
}

const DESIGNATION_SELECT: &str = "SELECT d.id, s.number, s.name, s.kana, s.hire_date, d.field, d.valid_from, \
     d.valid_to, d.note FROM specialist_designations d JOIN staff s ON s.id = d.staff_id";

fn refused(problems: Vec<(&'static str, Message)>) -> StoreError {
    StoreError::Refused(
        problems
            .into_iter()
            .map(|(field, m)| FieldError::new(field, "invalid", m))
            .collect(),
    )
}

fn note(d: &Designation) -> Option<&str> {
    d.note.as_deref().map(str::trim).filter(|n| !n.is_empty())
}

impl Store {
    /// The city's fields, in its order.
    pub async fn specialist_fields(&self) -> Result<Vec<SpecialistField>> {
        let rows: Vec<(String, String, String)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT code, label_ja, label_en FROM specialist_fields ORDER BY position, code",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(code, label_ja, label_en)| SpecialistField {
                code,
                label_ja,
                label_en,
            })
            .collect())
    }

    /// Adds a field at the end of the list, audited.
    pub async fn add_specialist_field(&self, f: &SpecialistField, actor: &str) -> Result<()> {
        let problems = f.check(&self.specialist_fields().await?);
        if !problems.is_empty() {
            return Err(StoreError::Refused(problems));
        }
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO specialist_fields (code, label_ja, label_en, position) \
                 SELECT $1, $2, $3, COALESCE(MAX(position), 0) + 1 FROM specialist_fields",
            )
            .bind(&f.code)
            .bind(f.label_ja.trim())
            .bind(f.label_en.trim())
            .execute(&mut *tx)
            .await?;
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "add",
                    record_type: "specialist_field",
                    record_key: &f.code,
                    detail: serde_json::json!({ "field": f }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Designations, by staff number and first day.
    pub async fn designations(&self, q: &DesignationQuery<'_>) -> Result<Vec<StoredDesignation>> {
        let sql = format!(
            "{DESIGNATION_SELECT} WHERE ($1 = '' OR (d.valid_from <= $1 AND (d.valid_to IS NULL OR d.valid_to >= $1))) \
             AND ($2 = '' OR d.field = $2) AND ($3 = '' OR s.number = $3) ORDER BY s.number, d.valid_from, d.field"
        );
        let rows: Vec<DesignationRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(q.on.map(|d| d.to_string()).unwrap_or_default())
                .bind(q.field.unwrap_or(""))
                .bind(q.number.unwrap_or(""))
                .fetch_all(pool)
                .await?
        });
        records(rows)
    }

    /// One designation.
    pub async fn designation(&self, id: i64) -> Result<StoredDesignation> {
        let sql = format!("{DESIGNATION_SELECT} WHERE d.id = $1");
        let row: Option<DesignationRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?
        });
        row.map(TryInto::try_into).transpose()?.ok_or_else(|| {
            StoreError::NotFound(Message::new("talent_no_designation").arg("id", id))
        })
    }

    /// The problems with `d` against the staff master, the fields and the
    /// person's other designations.
    async fn check_designation(&self, d: &Designation) -> Result<Vec<(&'static str, Message)>> {
        let Some((person, _)) = self.staff_member(&d.staff_number).await? else {
            return Ok(vec![(
                "staff_number",
                Message::new("people_staff_unknown").arg("number", &d.staff_number),
            )]);
        };
        let others: Vec<Designation> = self
            .designations(&DesignationQuery {
                number: Some(&d.staff_number),
                ..DesignationQuery::default()
            })
            .await?
            .into_iter()
            .map(|s| s.designation)
            .collect();
        Ok(d.check(&person, &self.specialist_fields().await?, &others))
    }

    /// Names a person a specialist (a new designation), audited.
    pub async fn designate(&self, d: &Designation, actor: &str) -> Result<StoredDesignation> {
        let mut problems = self.check_designation(d).await?;
        if self
            .designations(&DesignationQuery {
                number: Some(&d.staff_number),
                field: Some(&d.field),
                ..DesignationQuery::default()
            })
            .await?
            .iter()
            .any(|o| o.designation.from == d.from)
        {
            problems.push((
                "from",
                Message::new("talent_designation_twice").arg("from", d.from),
            ));
        }
        if !problems.is_empty() {
            return Err(refused(problems));
        }
        let now = self.now();
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO specialist_designations (staff_id, field, valid_from, valid_to, note, created_by, created_at) \
                 SELECT s.id, $2, $3, $4, $5, $6, $7 FROM staff s WHERE s.number = $1 RETURNING id",
            )
            .bind(&d.staff_number)
            .bind(&d.field)
            .bind(d.from.to_string())
            .bind(d.to.map(|t| t.to_string()))
            .bind(note(d))
            .bind(actor)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?;
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "designate",
                    record_type: "specialist_designation",
                    record_key: &id.to_string(),
                    detail: serde_json::json!({ "designation": d }),
                },
            )
            .await?;
            tx.commit().await?;
            id
        });
        self.designation(id).await
    }

    /// Ends designation `id` on `to` (its last day), audited.
    pub async fn end_designation(
        &self,
        id: i64,
        to: NaiveDate,
        actor: &str,
    ) -> Result<StoredDesignation> {
        let stored = self.designation(id).await?;
        let mut ended = stored.designation.clone();
        ended.to = Some(to);
        let problems: Vec<_> = self
            .check_designation(&ended)
            .await?
            .into_iter()
            .filter(|(field, _)| *field == "to")
            .collect();
        if !problems.is_empty() {
            return Err(refused(problems));
        }
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE specialist_designations SET valid_to = $2 WHERE id = $1")
                .bind(id)
                .bind(to.to_string())
                .execute(&mut *tx)
                .await?;
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "end",
                    record_type: "specialist_designation",
                    record_key: &id.to_string(),
                    detail: serde_json::json!({ "to": to, "before": stored.designation.to }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        self.designation(id).await
    }

    /// Imports designations (upsert by person, field and first day); every
    /// problem placed at its row and column, nothing written unless all
    /// rows pass.
    pub async fn import_designations(
        &self,
        list: &[Designation],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary> {
        let staff: HashMap<StaffNumber, _> = self
            .all_staff()
            .await?
            .into_iter()
            .map(|s| (s.number.clone(), s))
            .collect();
        let fields = self.specialist_fields().await?;
        // A field written by its label reads as its code.
        let list: Vec<Designation> = list
            .iter()
            .map(|d| {
                let mut d = d.clone();
                let written = d.field.trim();
                if let Some(f) = fields.iter().find(|f| {
                    [&f.code, &f.label_ja, &f.label_en]
                        .iter()
                        .any(|x| *x == written)
                }) {
                    d.field.clone_from(&f.code);
                }
                d
            })
            .collect();
        let list = list.as_slice();
        let stored: HashMap<(StaffNumber, String, NaiveDate), Designation> = self
            .designations(&DesignationQuery::default())
            .await?
            .into_iter()
            .map(|s| {
                let d = s.designation;
                ((d.staff_number.clone(), d.field.clone(), d.from), d)
            })
            .collect();
        // Each person's designations as they will stand: the stored ones,
        // replaced by the file's rows of the same key.
        let mut after: HashMap<(StaffNumber, String, NaiveDate), &Designation> =
            stored.iter().map(|(k, d)| (k.clone(), d)).collect();
        for d in list {
            after.insert((d.staff_number.clone(), d.field.clone(), d.from), d);
        }
        let mut by_person: HashMap<&StaffNumber, Vec<Designation>> = HashMap::new();
        for d in after.values() {
            by_person
                .entry(&d.staff_number)
                .or_default()
                .push((*d).clone());
        }
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        for (i, d) in list.iter().enumerate() {
            let Some(person) = staff.get(&d.staff_number) else {
                problems.push(RecordProblem::new(
                    i,
                    "staff_number",
                    Message::new("people_staff_unknown").arg("number", &d.staff_number),
                ));
                continue;
            };
            if !seen.insert((&d.staff_number, &d.field, d.from)) {
                problems.push(RecordProblem::new(
                    i,
                    "from",
                    Message::new("talent_designation_twice").arg("from", d.from),
                ));
                continue;
            }
            let others = by_person
                .get(&d.staff_number)
                .map_or(&[][..], Vec::as_slice);
            for (field, m) in d.check(person, &fields, others) {
                problems.push(RecordProblem::new(i, field, m));
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Records(problems));
        }
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let ids = load_staff_ids((&mut *tx).into()).await?;
            let mut summary = ImportSummary::default();
            for (done, d) in list.iter().enumerate() {
                opts.tick(done + 1, list.len());
                let key = (d.staff_number.clone(), d.field.clone(), d.from);
                let sql = match stored.get(&key) {
                    Some(s) if s.to == d.to && note(s) == note(d) => {
                        summary.unchanged += 1;
                        continue;
                    }
                    Some(_) => {
                        summary.updated += 1;
                        "UPDATE specialist_designations SET valid_to = $4, note = $5 \
                         WHERE staff_id = $1 AND field = $2 AND valid_from = $3"
                    }
                    None => {
                        summary.created += 1;
                        "INSERT INTO specialist_designations (staff_id, field, valid_from, valid_to, note, created_by, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)"
                    }
                };
                let staff_id = ids.get(&d.staff_number).map_or(0, |s| s.0);
                let mut q = sqlx::query(sql)
                    .bind(staff_id)
                    .bind(&d.field)
                    .bind(d.from.to_string())
                    .bind(d.to.map(|t| t.to_string()))
                    .bind(note(d));
                if !stored.contains_key(&key) {
                    q = q.bind(opts.actor_name()).bind(self.now());
                }
                q.execute(&mut *tx).await?;
            }
            end_import(self, tx, &opts, "specialist_designations", summary, None).await
        })?;
        self.after_import("specialist_designations", summary, opts)
            .await
    }
}
