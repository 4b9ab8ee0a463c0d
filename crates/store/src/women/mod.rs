//! Women's advancement (see `jinzai_domain::women`): children's births,
//! family leave and yearly pay, the city's targets, its minimum group size
//! and the years published to citizens; and the counts one year's figures
//! are made from. Every write is checked by the domain's rules and
//! audited (pay by its totals, never a person's amount); an import is all
//! or nothing.

use crate::bulk::{BulkInsert, Cell, NewRows};
use crate::conn::BeginWrite;
use crate::people::{day, end_import, load_staff_ids, log_write};
use crate::rows::records;
use crate::{ImportOptions, ImportSummary, Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::staff::Staff;
use jinzai_domain::people::unit::RecordProblem;
use jinzai_domain::progress::FieldError;
use jinzai_domain::women::{
    AnnualPay, Attendance, ByGender, ChildBirth, Counts, FamilyLeave, PERMANENT_TYPES, PaySum,
    Share, Target,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A stored birth, with the person's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredBirth {
    pub id: i64,
    pub birth: ChildBirth,
    pub name: String,
}

/// A stored leave, with the person's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredLeave {
    pub id: i64,
    pub leave: FamilyLeave,
    pub name: String,
}

/// A published year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WomenPublication {
    pub fiscal_year: i32,
    pub published_at: String,
    pub published_by: String,
}

/// Which births and leaves to read: of one person, or within a fiscal year
/// (born in it; begun in it).
#[derive(Debug, Clone, Default)]
pub struct FamilyQuery<'a> {
    pub number: Option<&'a str>,
    pub year: Option<FiscalYear>,
}

impl FamilyQuery<'_> {
    fn binds(&self) -> (String, String, String) {
        let (from, to) = self
            .year
            .and_then(|y| Some((y.start()?.to_string(), y.end()?.to_string())))
            .unwrap_or_default();
        (self.number.unwrap_or("").to_owned(), from, to)
    }
}

#[derive(sqlx::FromRow)]
struct LeaveRow {
    id: i64,
    number: StaffNumber,
    name: String,
    kind: String,
    valid_from: String,
    valid_to: String,
    child_born_on: String,
}

impl TryFrom<LeaveRow> for StoredLeave {
    type Error = StoreError;

    fn try_from(r: LeaveRow) -> Result<StoredLeave> {
        Ok(StoredLeave {
            id: r.id,
            leave: FamilyLeave {
                staff_number: r.number,
                kind: r.kind,
                from: day(&r.valid_from)?,
                to: day(&r.valid_to)?,
                child_born_on: day(&r.child_born_on)?,
            },
            name: r.name,
        })
    }
}

const BIRTH_SELECT: &str = "SELECT b.id, s.number, s.name, b.born_on FROM child_births b JOIN staff s ON s.id = b.staff_id \
     WHERE ($1 = '' OR s.number = $1) AND ($2 = '' OR b.born_on BETWEEN $2 AND $3)";
const LEAVE_SELECT: &str = "SELECT l.id, s.number, s.name, l.kind, l.valid_from, l.valid_to, l.child_born_on \
     FROM family_leaves l JOIN staff s ON s.id = l.staff_id \
     WHERE ($1 = '' OR s.number = $1) AND ($2 = '' OR l.valid_from BETWEEN $2 AND $3)";

fn refused(problems: Vec<(&'static str, Message)>) -> StoreError {
    StoreError::Refused(
        problems
            .into_iter()
            .map(|(field, m)| FieldError::new(field, "invalid", m))
            .collect(),
    )
}

/// Rows of (key, gender, count) added into shares by key.
fn shares(
    rows: Vec<(Option<String>, Option<String>, i64)>,
) -> std::collections::BTreeMap<String, Share> {
    let mut out: std::collections::BTreeMap<String, Share> = Default::default();
    for (key, gender, n) in rows {
        out.entry(key.unwrap_or_default())
            .or_default()
            .add(gender.as_deref(), n.unsigned_abs());
    }
    out
}

/// A target as stored: item, group, value, year, baseline year, actions.
type TargetRow = (String, String, f64, i64, Option<i64>, Option<String>);
/// A pay record as stored: number, year, amount, months, overtime, leave
/// granted and taken.
type PayRecordRow = (
    StaffNumber,
    i64,
    i64,
    i64,
    Option<i64>,
    Option<f64>,
    Option<f64>,
);
/// Overtime and leave summed by gender: hours, months, people with
/// overtime; days granted, taken, people with leave.
type AttendanceRow = (Option<String>, i64, i64, i64, f64, f64, i64);
/// Pay summed by employment type and gender: amount, months, people.
type PayRow = (Option<String>, Option<String>, i64, i64, i64);

/// In service on the year's last day (`$1`), and the grade in force then.
const IN_SERVICE_AT_END: &str =
    "s.hire_date <= $1 AND (s.leaving_date IS NULL OR s.leaving_date >= $1)";
const GRADE_AT_END: &str = "LEFT JOIN staff_grades g ON g.staff_id = s.id AND g.valid_from <= $1 AND (g.valid_to IS NULL OR g.valid_to > $1)";

impl Store {
    /// The minimum group size of published figures.
    pub async fn women_min_group(&self) -> Result<u32> {
        let (n,): (i64,) = on_pool!(self, |pool| {
            sqlx::query_as("SELECT min_group FROM women_settings WHERE id = 1")
                .fetch_one(pool)
                .await?
        });
        u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("min_group {n}")))
    }

    /// Sets the minimum group size (1 to 1000), audited.
    pub async fn set_women_min_group(&self, n: u32, actor: &str) -> Result<()> {
        if !(1..=1000).contains(&n) {
            return Err(refused(vec![(
                "min_group",
                Message::new("women_min_group_bad"),
            )]));
        }
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE women_settings SET min_group = $1 WHERE id = 1")
                .bind(i64::from(n))
                .execute(&mut *tx)
                .await?;
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "update",
                    record_type: "women_settings",
                    record_key: "min_group",
                    detail: serde_json::json!({ "min_group": n }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Births, by person and day.
    pub async fn child_births(&self, q: &FamilyQuery<'_>) -> Result<Vec<StoredBirth>> {
        let (number, from, to) = q.binds();
        let sql = format!("{BIRTH_SELECT} ORDER BY s.number, b.born_on");
        let rows: Vec<(i64, StaffNumber, String, String)> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(&number)
                .bind(&from)
                .bind(&to)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|(id, staff_number, name, born_on)| {
                Ok(StoredBirth {
                    id,
                    birth: ChildBirth {
                        staff_number,
                        born_on: day(&born_on)?,
                    },
                    name,
                })
            })
            .collect()
    }

    /// Leaves, by person and first day.
    pub async fn family_leaves(&self, q: &FamilyQuery<'_>) -> Result<Vec<StoredLeave>> {
        let (number, from, to) = q.binds();
        let sql = format!("{LEAVE_SELECT} ORDER BY s.number, l.valid_from, l.kind");
        let rows: Vec<LeaveRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(&number)
                .bind(&from)
                .bind(&to)
                .fetch_all(pool)
                .await?
        });
        records(rows)
    }

    async fn person(&self, number: &StaffNumber) -> Result<std::result::Result<Staff, StoreError>> {
        Ok(match self.staff_member(number).await? {
            Some((person, _)) => Ok(person),
            None => Err(refused(vec![(
                "staff_number",
                Message::new("people_staff_unknown").arg("number", number),
            )])),
        })
    }

    async fn births_of(&self, number: &str) -> Result<Vec<NaiveDate>> {
        Ok(self
            .child_births(&FamilyQuery {
                number: Some(number),
                year: None,
            })
            .await?
            .into_iter()
            .map(|b| b.birth.born_on)
            .collect())
    }

    /// Records a birth, audited.
    pub async fn add_child_birth(&self, b: &ChildBirth, actor: &str) -> Result<i64> {
        let person = self.person(&b.staff_number).await??;
        let mut problems = b.check(&person);
        if self.births_of(&b.staff_number).await?.contains(&b.born_on) {
            problems.push((
                "born_on",
                Message::new("women_birth_twice").arg("on", b.born_on),
            ));
        }
        if !problems.is_empty() {
            return Err(refused(problems));
        }
        self.insert_family(
            "INSERT INTO child_births (staff_id, born_on, created_by, created_at) \
             SELECT s.id, $2, $3, $4 FROM staff s WHERE s.number = $1 RETURNING id",
            &b.staff_number,
            &[b.born_on.to_string()],
            "child_birth",
            serde_json::json!({ "birth": b }),
            actor,
        )
        .await
    }

    /// Records a leave, audited.
    pub async fn add_family_leave(&self, l: &FamilyLeave, actor: &str) -> Result<i64> {
        let person = self.person(&l.staff_number).await??;
        let mut problems = l.check(&person, &self.births_of(&l.staff_number).await?);
        let others = self
            .family_leaves(&FamilyQuery {
                number: Some(&l.staff_number),
                year: None,
            })
            .await?;
        if others
            .iter()
            .any(|o| o.leave.kind == l.kind && o.leave.from <= l.to && l.from <= o.leave.to)
        {
            problems.push(("from", Message::new("women_leave_overlaps")));
        }
        if !problems.is_empty() {
            return Err(refused(problems));
        }
        self.insert_family(
            "INSERT INTO family_leaves (staff_id, kind, valid_from, valid_to, child_born_on, created_by, created_at) \
             SELECT s.id, $2, $3, $4, $5, $6, $7 FROM staff s WHERE s.number = $1 RETURNING id",
            &l.staff_number,
            &[
                l.kind.clone(),
                l.from.to_string(),
                l.to.to_string(),
                l.child_born_on.to_string(),
            ],
            "family_leave",
            serde_json::json!({ "leave": l }),
            actor,
        )
        .await
    }

    /// Inserts a birth or a leave of person `number` (`$1`) with `values`
    /// (`$2`…), then the actor and the time; audited.
    async fn insert_family(
        &self,
        sql: &str,
        number: &str,
        values: &[String],
        record_type: &str,
        detail: serde_json::Value,
        actor: &str,
    ) -> Result<i64> {
        let now = self.now();
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut q = sqlx::query_as::<_, (i64,)>(sql).bind(number);
            for v in values {
                q = q.bind(v);
            }
            let (id,) = q.bind(actor).bind(&now).fetch_one(&mut *tx).await?;
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "add",
                    record_type,
                    record_key: &id.to_string(),
                    detail,
                },
            )
            .await?;
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    /// Removes a birth (refused while a leave is recorded for it) or a
    /// leave, audited.
    pub async fn remove_family_record(
        &self,
        record: FamilyRecord,
        id: i64,
        actor: &str,
    ) -> Result<()> {
        let (table, record_type) = match record {
            FamilyRecord::Birth => ("child_births", "child_birth"),
            FamilyRecord::Leave => ("family_leaves", "family_leave"),
        };
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            if record == FamilyRecord::Birth {
                let (used,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM family_leaves l JOIN child_births b \
                     ON b.staff_id = l.staff_id AND b.born_on = l.child_born_on WHERE b.id = $1",
                )
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                if used > 0 {
                    return Err(refused(vec![("id", Message::new("women_birth_has_leave"))]));
                }
            }
            let done = sqlx::query(&format!("DELETE FROM {table} WHERE id = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound(
                    Message::new("women_no_record").arg("id", id),
                ));
            }
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "remove",
                    record_type,
                    record_key: &id.to_string(),
                    detail: serde_json::json!({}),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The pay records of a fiscal year (for the export; HR only).
    /// The fiscal years with pay records, in order.
    pub async fn women_pay_years(&self) -> Result<Vec<i32>> {
        let rows: Vec<(i64,)> = on_pool!(self, |pool| {
            sqlx::query_as("SELECT DISTINCT fiscal_year FROM annual_pay ORDER BY fiscal_year")
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|(y,)| i32::try_from(y).map_err(|_| StoreError::Corrupt(format!("year {y}"))))
            .collect()
    }

    pub async fn annual_pay(&self, year: Option<i32>) -> Result<Vec<AnnualPay>> {
        let rows: Vec<PayRecordRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT s.number, p.fiscal_year, p.amount, p.months, p.overtime_hours, p.leave_granted, p.leave_taken \
                 FROM annual_pay p JOIN staff s ON s.id = p.staff_id \
                 WHERE ($1 = 0 OR p.fiscal_year = $1) ORDER BY p.fiscal_year, s.number",
            )
            .bind(i64::from(year.unwrap_or(0)))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(
                |(staff_number, y, amount, months, overtime, leave_granted, leave_taken)| {
                    Ok(AnnualPay {
                        staff_number,
                        fiscal_year: i32::try_from(y)
                            .map_err(|_| StoreError::Corrupt(format!("year {y}")))?,
                        amount,
                        months: u8::try_from(months)
                            .map_err(|_| StoreError::Corrupt(format!("months {months}")))?,
                        overtime_hours: overtime
                            .map(|h| {
                                u32::try_from(h)
                                    .map_err(|_| StoreError::Corrupt(format!("overtime {h}")))
                            })
                            .transpose()?,
                        leave_granted,
                        leave_taken,
                    })
                },
            )
            .collect()
    }

    /// Imports births (new ones; a row already stored is unchanged).
    pub async fn import_child_births(
        &self,
        list: &[ChildBirth],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary> {
        let staff = self.staff_map().await?;
        let stored: HashSet<(StaffNumber, NaiveDate)> = self
            .child_births(&FamilyQuery::default())
            .await?
            .into_iter()
            .map(|b| (b.birth.staff_number, b.birth.born_on))
            .collect();
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        for (i, b) in list.iter().enumerate() {
            let Some(person) = staff.get(&b.staff_number) else {
                problems.push(unknown(i, &b.staff_number));
                continue;
            };
            if !seen.insert((&b.staff_number, b.born_on)) {
                problems.push(RecordProblem::new(
                    i,
                    "born_on",
                    Message::new("women_birth_twice").arg("on", b.born_on),
                ));
            }
            for (field, m) in b.check(person) {
                problems.push(RecordProblem::new(i, field, m));
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Records(problems));
        }
        let now = self.now();
        let actor = opts.actor_name().to_owned();
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let ids = load_staff_ids((&mut *tx).into()).await?;
            let mut summary = ImportSummary::default();
            let mut new = NewRows {
                table: "child_births",
                columns: &["staff_id", "born_on", "created_by", "created_at"],
                rows: Vec::new(),
            };
            for b in list {
                if stored.contains(&(b.staff_number.clone(), b.born_on)) {
                    summary.unchanged += 1;
                    continue;
                }
                summary.created += 1;
                new.rows.push(vec![
                    Cell::Int(ids.get(&b.staff_number).map_or(0, |s| s.0)),
                    Cell::date(Some(b.born_on)),
                    Cell::text(&actor),
                    Cell::text(&now),
                ]);
            }
            BulkInsert::insert_rows(&mut *tx, &new, &opts).await?;
            end_import(self, tx, &opts, "child_births", summary, None).await
        })?;
        self.after_import("child_births", summary, opts).await
    }

    /// Imports leaves (keyed by person, kind and first day; a stored one
    /// with another last day or child is updated).
    pub async fn import_family_leaves(
        &self,
        list: &[FamilyLeave],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary> {
        let staff = self.staff_map().await?;
        let mut births: HashMap<StaffNumber, Vec<NaiveDate>> = HashMap::new();
        for b in self.child_births(&FamilyQuery::default()).await? {
            births
                .entry(b.birth.staff_number)
                .or_default()
                .push(b.birth.born_on);
        }
        let stored: HashMap<(StaffNumber, String, NaiveDate), FamilyLeave> = self
            .family_leaves(&FamilyQuery::default())
            .await?
            .into_iter()
            .map(|s| {
                (
                    (
                        s.leave.staff_number.clone(),
                        s.leave.kind.clone(),
                        s.leave.from,
                    ),
                    s.leave,
                )
            })
            .collect();
        // Each person's leaves as they will stand, for the overlap check.
        let mut after: HashMap<(StaffNumber, String, NaiveDate), &FamilyLeave> =
            stored.iter().map(|(k, l)| (k.clone(), l)).collect();
        for l in list {
            after.insert((l.staff_number.clone(), l.kind.clone(), l.from), l);
        }
        let mut by_person: HashMap<(&StaffNumber, &str), Vec<&FamilyLeave>> = HashMap::new();
        for l in after.values() {
            by_person
                .entry((&l.staff_number, l.kind.as_str()))
                .or_default()
                .push(l);
        }
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        for (i, l) in list.iter().enumerate() {
            let Some(person) = staff.get(&l.staff_number) else {
                problems.push(unknown(i, &l.staff_number));
                continue;
            };
            if !seen.insert((&l.staff_number, &l.kind, l.from)) {
                problems.push(RecordProblem::new(
                    i,
                    "from",
                    Message::new("women_leave_twice").arg("from", l.from),
                ));
                continue;
            }
            let theirs = births.get(&l.staff_number).map_or(&[][..], Vec::as_slice);
            for (field, m) in l.check(person, theirs) {
                problems.push(RecordProblem::new(i, field, m));
            }
            let overlaps = by_person
                .get(&(&l.staff_number, l.kind.as_str()))
                .is_some_and(|v| {
                    v.iter()
                        .any(|o| o.from != l.from && o.from <= l.to && l.from <= o.to)
                });
            if overlaps {
                problems.push(RecordProblem::new(
                    i,
                    "from",
                    Message::new("women_leave_overlaps"),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Records(problems));
        }
        let now = self.now();
        let actor = opts.actor_name().to_owned();
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let ids = load_staff_ids((&mut *tx).into()).await?;
            let mut summary = ImportSummary::default();
            let mut new = NewRows {
                table: "family_leaves",
                columns: &[
                    "staff_id",
                    "kind",
                    "valid_from",
                    "valid_to",
                    "child_born_on",
                    "created_by",
                    "created_at",
                ],
                rows: Vec::new(),
            };
            for l in list {
                let staff_id = ids.get(&l.staff_number).map_or(0, |s| s.0);
                match stored.get(&(l.staff_number.clone(), l.kind.clone(), l.from)) {
                    Some(s) if s == l => summary.unchanged += 1,
                    Some(_) => {
                        summary.updated += 1;
                        sqlx::query(
                            "UPDATE family_leaves SET valid_to = $4, child_born_on = $5 \
                             WHERE staff_id = $1 AND kind = $2 AND valid_from = $3",
                        )
                        .bind(staff_id)
                        .bind(&l.kind)
                        .bind(l.from.to_string())
                        .bind(l.to.to_string())
                        .bind(l.child_born_on.to_string())
                        .execute(&mut *tx)
                        .await?;
                    }
                    None => {
                        summary.created += 1;
                        new.rows.push(vec![
                            Cell::Int(staff_id),
                            Cell::text(&l.kind),
                            Cell::date(Some(l.from)),
                            Cell::date(Some(l.to)),
                            Cell::date(Some(l.child_born_on)),
                            Cell::text(&actor),
                            Cell::text(&now),
                        ]);
                    }
                }
            }
            BulkInsert::insert_rows(&mut *tx, &new, &opts).await?;
            end_import(self, tx, &opts, "family_leaves", summary, None).await
        })?;
        self.after_import("family_leaves", summary, opts).await
    }

    /// Imports pay (keyed by person and fiscal year; a stored year with
    /// another amount is updated). The audit entry names the counts only.
    pub async fn import_annual_pay(
        &self,
        list: &[AnnualPay],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary> {
        let staff = self.staff_map().await?;
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        for (i, p) in list.iter().enumerate() {
            let Some(person) = staff.get(&p.staff_number) else {
                problems.push(unknown(i, &p.staff_number));
                continue;
            };
            if !seen.insert((&p.staff_number, p.fiscal_year)) {
                problems.push(RecordProblem::new(
                    i,
                    "fiscal_year",
                    Message::new("women_pay_twice")
                        .arg("year", FiscalYear(p.fiscal_year).label_ja()),
                ));
            }
            for (field, m) in p.check(person) {
                problems.push(RecordProblem::new(i, field, m));
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Records(problems));
        }
        let years: HashSet<i32> = list.iter().map(|p| p.fiscal_year).collect();
        let mut stored: HashMap<(StaffNumber, i32), AnnualPay> = HashMap::new();
        for y in years {
            for p in self.annual_pay(Some(y)).await? {
                stored.insert((p.staff_number.clone(), p.fiscal_year), p);
            }
        }
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let ids = load_staff_ids((&mut *tx).into()).await?;
            let mut summary = ImportSummary::default();
            let mut new = NewRows {
                table: "annual_pay",
                columns: &[
                    "staff_id",
                    "fiscal_year",
                    "amount",
                    "months",
                    "overtime_hours",
                    "leave_granted",
                    "leave_taken",
                ],
                rows: Vec::new(),
            };
            for p in list {
                let staff_id = ids.get(&p.staff_number).map_or(0, |s| s.0);
                match stored.get(&(p.staff_number.clone(), p.fiscal_year)) {
                    Some(s) if s == p => summary.unchanged += 1,
                    Some(_) => {
                        summary.updated += 1;
                        sqlx::query(
                            "UPDATE annual_pay SET amount = $3, months = $4, overtime_hours = $5, leave_granted = $6, \
                             leave_taken = $7 WHERE staff_id = $1 AND fiscal_year = $2",
                        )
                        .bind(staff_id)
                        .bind(i64::from(p.fiscal_year))
                        .bind(p.amount)
                        .bind(i64::from(p.months))
                        .bind(p.overtime_hours.map(i64::from))
                        .bind(p.leave_granted)
                        .bind(p.leave_taken)
                        .execute(&mut *tx)
                        .await?;
                    }
                    None => {
                        summary.created += 1;
                        new.rows.push(vec![
                            Cell::Int(staff_id),
                            Cell::Int(i64::from(p.fiscal_year)),
                            Cell::Int(p.amount),
                            Cell::Int(i64::from(p.months)),
                            Cell::int_opt(p.overtime_hours.map(i64::from)),
                            Cell::Real(p.leave_granted),
                            Cell::Real(p.leave_taken),
                        ]);
                    }
                }
            }
            BulkInsert::insert_rows(&mut *tx, &new, &opts).await?;
            end_import(self, tx, &opts, "annual_pay", summary, None).await
        })?;
        self.after_import("annual_pay", summary, opts).await
    }

    async fn staff_map(&self) -> Result<HashMap<StaffNumber, Staff>> {
        Ok(self
            .all_staff()
            .await?
            .into_iter()
            .map(|s| (s.number.clone(), s))
            .collect())
    }

    /// The city's targets, by item and group.
    pub async fn women_targets(&self) -> Result<Vec<Target>> {
        let rows: Vec<TargetRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT item, grp, value, target_year, baseline_year, actions FROM women_targets ORDER BY item, grp",
            )
            .fetch_all(pool)
            .await?
        });
        let year = |y: i64| i32::try_from(y).map_err(|_| StoreError::Corrupt(format!("year {y}")));
        let mut out: Vec<Target> = rows
            .into_iter()
            .map(|(item, group, value, y, b, actions)| {
                Ok(Target {
                    item,
                    group,
                    value,
                    year: year(y)?,
                    baseline_year: b.map(year).transpose()?,
                    actions,
                })
            })
            .collect::<Result<_>>()?;
        // In the national order of the items.
        let pos = |t: &Target| {
            jinzai_domain::women::ITEMS
                .iter()
                .position(|i| i.code == t.item)
        };
        out.sort_by_key(|t| pos(t));
        Ok(out)
    }

    /// Sets (adds or replaces) a target, audited.
    pub async fn set_women_target(&self, t: &Target, actor: &str) -> Result<()> {
        let problems = t.check();
        if !problems.is_empty() {
            return Err(refused(problems));
        }
        let actions = t
            .actions
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        let now = self.now();
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO women_targets (item, grp, value, target_year, baseline_year, actions, updated_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (item, grp) DO UPDATE SET value = $3, \
                 target_year = $4, baseline_year = $5, actions = $6, updated_by = $7, updated_at = $8",
            )
            .bind(&t.item)
            .bind(&t.group)
            .bind(t.value)
            .bind(i64::from(t.year))
            .bind(t.baseline_year.map(i64::from))
            .bind(actions)
            .bind(actor)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "set",
                    record_type: "women_target",
                    record_key: &format!("{}:{}", t.item, t.group),
                    detail: serde_json::json!({ "target": t }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Removes a target, audited; false when there was none.
    pub async fn remove_women_target(&self, item: &str, group: &str, actor: &str) -> Result<bool> {
        Ok(on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query("DELETE FROM women_targets WHERE item = $1 AND grp = $2")
                .bind(item)
                .bind(group)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
            if done {
                log_write(
                    self,
                    (&mut *tx).into(),
                    &crate::audit::AuditEvent {
                        actor,
                        action: "remove",
                        record_type: "women_target",
                        record_key: &format!("{item}:{group}"),
                        detail: serde_json::json!({}),
                    },
                )
                .await?;
            }
            tx.commit().await?;
            done
        }))
    }

    /// The years published to citizens, latest first.
    pub async fn women_publications(&self) -> Result<Vec<WomenPublication>> {
        let rows: Vec<(i64, String, String)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT fiscal_year, published_at, published_by FROM women_publications ORDER BY fiscal_year DESC",
            )
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(y, published_at, published_by)| {
                Ok(WomenPublication {
                    fiscal_year: i32::try_from(y)
                        .map_err(|_| StoreError::Corrupt(format!("year {y}")))?,
                    published_at,
                    published_by,
                })
            })
            .collect()
    }

    /// Publishes year `year` (`by` given) or withdraws it, audited; false
    /// when nothing changed.
    pub async fn set_women_published(
        &self,
        year: i32,
        by: Option<&str>,
        actor: &str,
    ) -> Result<bool> {
        let now = self.now();
        Ok(on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = match by {
                Some(by) => sqlx::query(
                    "INSERT INTO women_publications (fiscal_year, published_at, published_by) VALUES ($1, $2, $3) \
                     ON CONFLICT (fiscal_year) DO NOTHING",
                )
                .bind(i64::from(year))
                .bind(&now)
                .bind(by),
                None => sqlx::query("DELETE FROM women_publications WHERE fiscal_year = $1").bind(i64::from(year)),
            }
            .execute(&mut *tx)
            .await?
            .rows_affected()
                > 0;
            if done {
                crate::audit::append(
                    self,
                    (&mut *tx).into(),
                    &crate::audit::AuditEvent {
                        actor,
                        action: if by.is_some() { "publish" } else { "unpublish" },
                        record_type: "women_publication",
                        record_key: &year.to_string(),
                        detail: serde_json::json!({}),
                    },
                )
                .await?;
            }
            tx.commit().await?;
            done
        }))
    }

    /// The counts of fiscal year `year`'s figures (see
    /// `jinzai_domain::women` for each definition).
    pub async fn women_counts(&self, year: FiscalYear) -> Result<Counts> {
        let (Some(start), Some(end)) = (year.start(), year.end()) else {
            return Err(StoreError::NotFound(
                Message::new("women_year_bad").arg("year", year.0),
            ));
        };
        let (start, end) = (start.to_string(), end.to_string());
        let permanent = PERMANENT_TYPES.map(|t| format!("'{t}'")).join(", ");
        let grouped = |sql: String, binds: Vec<String>| async move {
            let rows: Vec<(Option<String>, Option<String>, i64)> = on_pool!(self, |pool| {
                let mut q = sqlx::query_as(&sql);
                for b in &binds {
                    q = q.bind(b);
                }
                q.fetch_all(pool).await?
            });
            Ok::<_, StoreError>(rows)
        };
        let mut c = Counts {
            year: year.0,
            ..Counts::default()
        };
        c.hires = shares(
            grouped(
                "SELECT s.hiring_route, s.gender, COUNT(*) FROM staff s WHERE s.hire_date BETWEEN $1 AND $2 \
                 AND s.hiring_route <> 'reemployment' GROUP BY s.hiring_route, s.gender"
                    .into(),
                vec![start.clone(), end.clone()],
            )
            .await?,
        );
        c.grades = shares(
            grouped(
                format!(
                    "SELECT g.job_grade, s.gender, COUNT(*) FROM staff s {GRADE_AT_END} \
                     WHERE {IN_SERVICE_AT_END} GROUP BY g.job_grade, s.gender"
                ),
                vec![end.clone()],
            )
            .await?,
        );
        c.staff = c.grades.values().fold(Share::default(), |mut a, s| {
            a.women += s.women;
            a.men += s.men;
            a.all += s.all;
            a
        });
        c.grades.remove("");
        let applicants: Vec<(Option<String>, Option<String>, i64)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT x.level, s.gender, COUNT(*) FROM exam_applications a JOIN exams x ON x.id = a.exam_id \
                 JOIN staff s ON s.id = a.staff_id WHERE x.fiscal_year = $1 AND a.withdrawn_at IS NULL \
                 GROUP BY x.level, s.gender",
            )
            .bind(year.0)
            .fetch_all(pool)
            .await?
        });
        c.applicants = shares(applicants);
        let end_day = day(&end)?;
        for (hired, gender, n) in grouped(
            format!(
                "SELECT s.hire_date, s.gender, COUNT(*) FROM staff s {GRADE_AT_END} WHERE {IN_SERVICE_AT_END} \
                 AND g.employment_type IN ({permanent}) GROUP BY s.hire_date, s.gender"
            ),
            vec![end.clone()],
        )
        .await?
        {
            if let (Some(hired), Some(slot)) = (hired, c.service.get_mut(gender.as_deref())) {
                slot.0 += (end_day - day(&hired)?).num_days() * n;
                slot.1 += n.unsigned_abs();
            }
        }
        let retention_from = FiscalYear(year.0 - 11)
            .start()
            .map(|d| d.to_string())
            .unwrap_or_default();
        let retention_to = FiscalYear(year.0 - 9)
            .end()
            .map(|d| d.to_string())
            .unwrap_or_default();
        let retention: Vec<(Option<String>, Option<String>, i64)> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT CASE WHEN s.leaving_date IS NULL OR s.leaving_date >= $3 THEN 'stayed' ELSE 'left' END, s.gender, COUNT(*) \
                 FROM staff s JOIN staff_grades g ON g.staff_id = s.id AND g.valid_from <= s.hire_date \
                 AND (g.valid_to IS NULL OR g.valid_to > s.hire_date) \
                 WHERE s.hire_date BETWEEN $1 AND $2 AND s.hiring_route <> 'reemployment' \
                 AND g.employment_type IN ({permanent}) GROUP BY 1, 2"
            ))
            .bind(&retention_from)
            .bind(&retention_to)
            .bind(&end)
            .fetch_all(pool)
            .await?
        });
        for (state, gender, n) in retention {
            if let Some(r) = c.retention.get_mut(gender.as_deref()) {
                r.of += n.unsigned_abs();
                if state.as_deref() == Some("stayed") {
                    r.did += n.unsigned_abs();
                }
            }
        }
        let mut born: ByGender<u64> = ByGender::default();
        for (_, gender, n) in grouped(
            "SELECT 'born', s.gender, COUNT(DISTINCT b.staff_id) FROM child_births b JOIN staff s ON s.id = b.staff_id \
             WHERE b.born_on BETWEEN $1 AND $2 GROUP BY s.gender"
                .into(),
            vec![start.clone(), end.clone()],
        )
        .await?
        {
            if let Some(slot) = born.get_mut(gender.as_deref()) {
                *slot += n.unsigned_abs();
            }
        }
        // A leave begun in the year counts when it is the first of its kind
        // for that child; "either" counts a man once for the two kinds.
        let first = "NOT EXISTS (SELECT 1 FROM family_leaves o WHERE o.staff_id = l.staff_id AND o.kind = l.kind \
                     AND o.child_born_on = l.child_born_on AND o.valid_from < l.valid_from)";
        let begun = grouped(
            format!(
                "SELECT l.kind, s.gender, COUNT(DISTINCT l.staff_id) FROM family_leaves l JOIN staff s ON s.id = l.staff_id \
                 WHERE l.valid_from BETWEEN $1 AND $2 AND {first} GROUP BY l.kind, s.gender \
                 UNION ALL SELECT 'either', s.gender, COUNT(DISTINCT l.staff_id) FROM family_leaves l \
                 JOIN staff s ON s.id = l.staff_id WHERE l.valid_from BETWEEN $1 AND $2 \
                 AND l.kind IN ('spouse_birth', 'participation') AND {first} GROUP BY s.gender"
            ),
            vec![start.clone(), end.clone()],
        )
        .await?;
        c.childcare.female.of = born.female;
        c.childcare.male.of = born.male;
        for r in [&mut c.spouse_birth, &mut c.participation, &mut c.either] {
            r.of = born.male;
        }
        for (kind, gender, n) in begun {
            let n = n.unsigned_abs();
            match (kind.as_deref(), gender.as_deref()) {
                (Some("childcare"), g) => {
                    if let Some(r) = c.childcare.get_mut(g) {
                        r.did += n;
                    }
                }
                (Some("spouse_birth"), Some("male")) => c.spouse_birth.did += n,
                (Some("participation"), Some("male")) => c.participation.did += n,
                (Some("either"), Some("male")) => c.either.did += n,
                _ => {}
            }
        }
        let pay: Vec<PayRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT t.et, t.gender, CAST(SUM(t.amount) AS BIGINT), CAST(SUM(t.months) AS BIGINT), COUNT(*) FROM ( \
                   SELECT (SELECT g.employment_type FROM staff_grades g WHERE g.staff_id = s.id AND g.valid_from <= t0.d \
                           AND (g.valid_to IS NULL OR g.valid_to > t0.d)) AS et, s.gender AS gender, p.amount AS amount, \
                          p.months AS months \
                     FROM annual_pay p JOIN staff s ON s.id = p.staff_id \
                     JOIN (SELECT s2.id AS id, CASE WHEN s2.leaving_date IS NOT NULL AND s2.leaving_date < $2 \
                                THEN s2.leaving_date ELSE $2 END AS d FROM staff s2) t0 ON t0.id = s.id \
                    WHERE p.fiscal_year = $1) t GROUP BY t.et, t.gender",
            )
            .bind(i64::from(year.0))
            .bind(&end)
            .fetch_all(pool)
            .await?
        });
        let attendance: Vec<AttendanceRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT s.gender, CAST(COALESCE(SUM(p.overtime_hours), 0) AS BIGINT), \
                        CAST(COALESCE(SUM(CASE WHEN p.overtime_hours IS NOT NULL THEN p.months END), 0) AS BIGINT), \
                        COUNT(p.overtime_hours), \
                        CAST(COALESCE(SUM(CASE WHEN p.leave_taken IS NOT NULL THEN p.leave_granted END), 0) AS DOUBLE PRECISION), \
                        CAST(COALESCE(SUM(CASE WHEN p.leave_granted IS NOT NULL THEN p.leave_taken END), 0) AS DOUBLE PRECISION), \
                        COUNT(CASE WHEN p.leave_granted IS NOT NULL AND p.leave_taken IS NOT NULL THEN 1 END) \
                 FROM annual_pay p JOIN staff s ON s.id = p.staff_id WHERE p.fiscal_year = $1 GROUP BY s.gender",
            )
            .bind(i64::from(year.0))
            .fetch_all(pool)
            .await?
        });
        for (gender, hours, months, people, granted, taken, leave_people) in attendance {
            if people == 0 && leave_people == 0 {
                continue;
            }
            c.attendance.insert(
                gender.unwrap_or_default(),
                Attendance {
                    overtime_hours: hours,
                    overtime_months: months,
                    overtime_people: people.unsigned_abs(),
                    leave_granted: granted,
                    leave_taken: taken,
                    leave_people: leave_people.unsigned_abs(),
                },
            );
        }
        for (et, gender, amount, months, people) in pay {
            let category = if et.as_deref().is_some_and(|e| PERMANENT_TYPES.contains(&e)) {
                "permanent"
            } else {
                "other"
            };
            let entry = c.pay.entry(category.to_owned()).or_default();
            if let Some(slot) = entry.get_mut(gender.as_deref()) {
                *slot = PaySum {
                    amount: slot.amount + amount,
                    months: slot.months + months,
                    people: slot.people + people.unsigned_abs(),
                };
            }
        }
        Ok(c)
    }
}

/// A record kind that may be removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyRecord {
    Birth,
    Leave,
}

fn unknown(i: usize, number: &StaffNumber) -> RecordProblem {
    RecordProblem::new(
        i,
        "staff_number",
        Message::new("people_staff_unknown").arg("number", number),
    )
}
