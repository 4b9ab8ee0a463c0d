//! Units, staff and assignments: all-or-nothing imports (validated against
//! what is stored, in the same transaction) and the queries pages need.

mod events;
mod grades;
pub(crate) mod metrics;

use crate::bulk::{BulkInsert, Cell, NewRows};
use crate::conn::{BeginWrite, Conn, on_conn};
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::access::StaffScope;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::assignment::{Assignment, by_row, check_assignments, record_name};
use jinzai_domain::people::staff::Staff;
use jinzai_domain::people::terms::{self, Term};
use jinzai_domain::people::unit::{RecordProblem, UnitVersion, check_units};
use jinzai_domain::people::{StaffNumber, UnitCode, search_key};
use serde::Serialize;
use sqlx::{FromRow, Row};
use std::collections::{HashMap, HashSet};

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// An imported record beside the stored one with its key.
#[derive(Debug)]
pub(crate) enum Change<'a, T> {
    /// None is stored: insert it.
    New,
    /// The stored one differs (here it is): update it.
    Changed(&'a T),
    /// The stored one is the same: leave it.
    Same,
}

impl ImportSummary {
    /// Compares a record with the stored one of its key (`None`: none
    /// stored) and counts it as created, updated or unchanged. Every import
    /// reads its stored records keyed, then for each record calls this and
    /// writes with one UPDATE or INSERT binding the same values.
    pub(crate) fn compare<'a, T: PartialEq>(
        &mut self,
        stored: Option<&'a T>,
        record: &T,
    ) -> Change<'a, T> {
        match stored {
            Some(old) if old == record => {
                self.unchanged += 1;
                Change::Same
            }
            Some(old) => {
                self.updated += 1;
                Change::Changed(old)
            }
            None => {
                self.created += 1;
                Change::New
            }
        }
    }
}

/// How an import runs.
#[derive(Clone, Copy, Default)]
pub struct ImportOptions<'a> {
    /// Check everything and summarise, but write nothing.
    pub dry_run: bool,
    /// Told (records written, total) every thousand records and at the end.
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
    /// Who imports, for the audit log ("system" when empty).
    pub actor: &'a str,
    /// What was imported (a file name), for the audit log.
    pub source: &'a str,
    /// A record entered on a screen or through the API rather than a file:
    /// audited as an entry (action `enter`) with the record itself.
    pub entered: Option<&'a serde_json::Value>,
    /// 基準日 of a staff sheet: the day its job grades and employment
    /// types hold from, where they differ from the stored ones (today when
    /// none is given; never before the person's hire date).
    pub as_of: Option<NaiveDate>,
}

impl std::fmt::Debug for ImportOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportOptions")
            .field("dry_run", &self.dry_run)
            .field("progress", &self.progress.is_some())
            .field("actor", &self.actor)
            .field("source", &self.source)
            .field("entered", &self.entered.is_some())
            .field("as_of", &self.as_of)
            .finish()
    }
}

impl<'a> ImportOptions<'a> {
    /// An import by `actor` of `source`, audited as such.
    pub fn by(actor: &'a str, source: &'a str) -> Self {
        ImportOptions {
            actor,
            source,
            ..ImportOptions::default()
        }
    }

    pub fn with_dry_run(self, dry_run: bool) -> Self {
        ImportOptions { dry_run, ..self }
    }

    /// A staff sheet's 基準日 (see [`ImportOptions::as_of`]).
    pub fn with_as_of(self, as_of: Option<NaiveDate>) -> Self {
        ImportOptions { as_of, ..self }
    }

    pub(crate) fn actor_name(&self) -> &'a str {
        if self.actor.is_empty() {
            "system"
        } else {
            self.actor
        }
    }

    /// Told after a batch: reports every batch.
    pub(crate) fn tick_batch(&self, done: usize, total: usize) {
        if let Some(p) = self.progress {
            p(done, total);
        }
    }

    pub(crate) fn tick(&self, done: usize, total: usize) {
        if let Some(p) = self.progress
            && (done.is_multiple_of(1000) || done == total)
        {
            p(done, total);
        }
    }
}

/// A line of the staff list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffRow {
    pub number: StaffNumber,
    pub name: String,
    pub kana: String,
    /// The employment type and job grade on the query's date.
    pub employment_type: String,
    pub job_grade: Option<String>,
    pub status: String,
    pub hire_date: String,
    /// The primary unit on the query's date.
    pub unit_code: Option<UnitCode>,
}

/// The staff list's grade and type on its date: the stretch then in force
/// (`g`), or the record's own before the person was hired.
const GRADE_ON: &str = "(CASE WHEN g.id IS NULL THEN s.job_grade ELSE g.job_grade END)";
const TYPE_ON: &str = "COALESCE(g.employment_type, s.employment_type)";

/// Filters of the staff list; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct StaffQuery {
    /// Matches name, kana (width- and kana-insensitive) or staff number.
    pub text: String,
    pub unit: Option<String>,
    pub employment_type: Option<String>,
    pub job_grade: Option<String>,
    pub on: Option<NaiveDate>,
    pub limit: i64,
    pub offset: i64,
    /// Whose records the asker may see (the policy's answer); rows outside
    /// it are never loaded. Nobody by default.
    pub scope: StaffScope,
    /// The day the scope's unit membership is taken on (today).
    pub today: Option<NaiveDate>,
}

pub(crate) fn day(s: &str) -> Result<NaiveDate> {
    // The importer's parser: its ISO fast path is 4× chrono's format parser.
    jinzai_domain::date::parse_date(s).map_err(|e| StoreError::Corrupt(format!("date {s:?}: {e}")))
}

fn opt_day(s: Option<String>) -> Result<Option<NaiveDate>> {
    s.as_deref().map(day).transpose()
}

/// Staff id and hire date by staff number, for checking imported references.
/// Maps filled and probed once per imported row: a fast hash (the keys
/// come from HR's own files, not from strangers).
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

pub(crate) type StaffIds = FastMap<StaffNumber, (i64, NaiveDate)>;

/// Loads [`StaffIds`] on `conn`.
pub(crate) async fn load_staff_ids(conn: Conn<'_>) -> Result<StaffIds> {
    let rows: Vec<(i64, StaffNumber, String)> = on_conn!(conn, |c| {
        sqlx::query_as("SELECT id, number, hire_date FROM staff")
            .fetch_all(c)
            .await?
    });
    rows.into_iter()
        .map(|(id, number, hired)| Ok((number, (id, day(&hired)?))))
        .collect()
}

/// A record of `number` dated `date`: the staff member must exist and (when
/// `after_hire`) the date may not be before their hire date.
pub(crate) fn staff_reference(
    staff: &StaffIds,
    index: usize,
    number: &str,
    (date_field, date_name, date): (&'static str, (&str, &str), NaiveDate),
    after_hire: bool,
) -> Option<RecordProblem> {
    match staff.get(number) {
        None => Some(RecordProblem::new(
            index,
            "staff_number",
            Message::new("people_staff_unknown").arg("number", number),
        )),
        Some((_, hire)) if after_hire && date < *hire => Some(RecordProblem::new(
            index,
            date_field,
            Message::new("people_date_before_hire")
                .each("date_name", date_name.0, date_name.1)
                .arg("date", date)
                .arg("number", number)
                .arg("hire", hire),
        )),
        Some(_) => None,
    }
}

/// A unit version as stored (dates as ISO text).
#[derive(sqlx::FromRow)]
pub(crate) struct UnitRow {
    code: UnitCode,
    name: String,
    kana: String,
    parent_code: Option<UnitCode>,
    rotation: String,
    valid_from: String,
    valid_to: Option<String>,
}

impl TryFrom<UnitRow> for UnitVersion {
    type Error = StoreError;

    fn try_from(r: UnitRow) -> Result<UnitVersion> {
        Ok(UnitVersion {
            code: r.code,
            name: r.name,
            kana: r.kana,
            parent: r.parent_code,
            rotation: r.rotation,
            valid_from: day(&r.valid_from)?,
            valid_to: opt_day(r.valid_to)?,
        })
    }
}

/// A staff member as stored (dates as ISO text, qualifications as JSON).
#[derive(sqlx::FromRow)]
pub(crate) struct StaffRecordRow {
    number: StaffNumber,
    name: String,
    kana: String,
    gender: Option<String>,
    birth_date: Option<String>,
    hire_date: String,
    hiring_route: String,
    employment_type: String,
    job_family: Option<String>,
    job_grade: Option<String>,
    qualifications: String,
    status: String,
    leaving_date: Option<String>,
    leaving_reason: Option<String>,
}

impl TryFrom<StaffRecordRow> for Staff {
    type Error = StoreError;

    fn try_from(r: StaffRecordRow) -> Result<Staff> {
        Ok(Staff {
            number: r.number,
            name: r.name,
            kana: r.kana,
            gender: r.gender,
            birth_date: opt_day(r.birth_date)?,
            hire_date: day(&r.hire_date)?,
            hiring_route: r.hiring_route,
            employment_type: r.employment_type,
            job_family: r.job_family,
            job_grade: r.job_grade,
            qualifications: serde_json::from_str(&r.qualifications)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            status: r.status,
            leaving_date: opt_day(r.leaving_date)?,
            leaving_reason: r.leaving_reason,
        })
    }
}

/// An assignment as stored, with its staff member's number.
#[derive(sqlx::FromRow)]
pub(crate) struct AssignmentRow {
    number: StaffNumber,
    unit_code: UnitCode,
    post: Option<String>,
    start_date: String,
    end_date: Option<String>,
    is_primary: i64,
}

impl TryFrom<AssignmentRow> for Assignment {
    type Error = StoreError;

    fn try_from(r: AssignmentRow) -> Result<Assignment> {
        Ok(Assignment {
            staff_number: r.number,
            unit_code: r.unit_code,
            post: r.post,
            start: day(&r.start_date)?,
            end: opt_day(r.end_date)?,
            primary: r.is_primary != 0,
        })
    }
}

const STAFF_UPDATE: &str = "UPDATE staff SET name = $2, kana = $3, name_key = $4, kana_key = $5, gender = $6, birth_date = $7, \
     hire_date = $8, hiring_route = $9, employment_type = $10, job_grade = $11, qualifications = $12, status = $13, \
     leaving_date = $14, leaving_reason = $15, updated_at = $16, job_family = $17 WHERE number = $1";
const STAFF_INSERT: &str = "INSERT INTO staff (number, name, kana, name_key, kana_key, gender, birth_date, hire_date, hiring_route, \
     employment_type, job_grade, qualifications, status, leaving_date, leaving_reason, updated_at, job_family) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)";
const STAFF_COLUMNS: &str = "number, name, kana, gender, birth_date, hire_date, hiring_route, employment_type, \
     job_family, job_grade, qualifications, status, leaving_date, leaving_reason";
const ASSIGNMENT_SELECT: &str = "SELECT s.number, a.unit_code, a.post, a.start_date, a.end_date, a.is_primary \
     FROM assignments a JOIN staff s ON s.id = a.staff_id";

/// What identifies an assignment in an upsert.
type AssignmentKey<'a> = (&'a str, &'a str, NaiveDate, bool);

fn assignment_key(a: &Assignment) -> AssignmentKey<'_> {
    (
        a.staff_number.as_str(),
        a.unit_code.as_str(),
        a.start,
        a.primary,
    )
}

fn iso(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// Commits an import's transaction with its audit entry (and the records
/// version bumped, so computed actuals are recounted), or rolls it back in
/// a dry run. `before`: an entered record's stored value before it was
/// changed.
pub(crate) async fn end_import<DB: sqlx::Database>(
    store: &Store,
    mut tx: sqlx::Transaction<'_, DB>,
    opts: &ImportOptions<'_>,
    kind: &str,
    summary: ImportSummary,
    before: Option<serde_json::Value>,
) -> Result<ImportSummary>
where
    for<'c> &'c mut DB::Connection: Into<Conn<'c>>,
{
    if opts.dry_run {
        tx.rollback().await?;
        return Ok(summary);
    }
    log_write(
        store,
        (&mut *tx).into(),
        &crate::audit::AuditEvent {
            actor: opts.actor_name(),
            action: if opts.entered.is_some() {
                "enter"
            } else {
                "import"
            },
            record_type: kind,
            record_key: opts.source,
            detail: match opts.entered {
                Some(record) => serde_json::json!({
                    "summary": summary, "record": record, "before": before,
                }),
                None => serde_json::json!({ "summary": summary }),
            },
        },
    )
    .await?;
    tx.commit().await?;
    Ok(summary)
}

/// Ends a write of records inside its transaction: bumps the records
/// version (so computed actuals follow) and appends the audit entry.
/// The id of staff member `number`, on `conn` (inside a write).
pub(crate) async fn staff_id(conn: Conn<'_>, number: &StaffNumber) -> Result<i64> {
    let row: Option<(i64,)> = on_conn!(conn, |c| {
        sqlx::query_as("SELECT id FROM staff WHERE number = $1")
            .bind(number.as_str())
            .fetch_optional(c)
            .await?
    });
    row.map(|(id,)| id).ok_or_else(|| {
        StoreError::NotFound(Message::new("people_staff_unknown").arg("number", number))
    })
}

pub(crate) async fn log_write(
    store: &Store,
    mut conn: Conn<'_>,
    event: &crate::audit::AuditEvent<'_>,
) -> Result<()> {
    crate::indicator::bump_records_version(conn.reborrow()).await?;
    crate::audit::append(store, conn, event).await?;
    Ok(())
}

/// Rows changed by an import after which the planner's statistics are
/// refreshed.
const ANALYZE_AFTER: usize = 1000;

impl Store {
    /// Ends an import: refreshes PostgreSQL's planner statistics after a
    /// bulk write. Without it the staff list at 170,000 staff was planned as
    /// a nested loop over a full scan: 3 s instead of 3 ms. (SQLite plans
    /// well without; ANALYZE there cost 4 s per million rows and chose a
    /// slower plan.)
    pub(crate) async fn after_import(
        &self,
        table: &str,
        summary: ImportSummary,
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary, StoreError> {
        if let crate::Db::Postgres(pool) = &self.db
            && !opts.dry_run
            && summary.created + summary.updated >= ANALYZE_AFTER
        {
            sqlx::query(&format!("ANALYZE {table}"))
                .execute(pool)
                .await?;
        }
        Ok(summary)
    }

    /// Every version of every unit, by code and start.
    pub async fn units(&self) -> Result<Vec<UnitVersion>> {
        on_pool!(self, |pool| {
            let rows = sqlx::query("SELECT * FROM units ORDER BY code, valid_from")
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|r| UnitVersion::try_from(UnitRow::from_row(r)?))
                .collect()
        })
    }

    /// Imports unit versions (upsert by code and start date), checked with
    /// the stored ones; nothing is written on any problem or in a dry run.
    pub async fn import_units(
        &self,
        units: &[UnitVersion],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary, StoreError> {
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let rows = sqlx::query("SELECT * FROM units")
                .fetch_all(&mut *tx)
                .await?;
            let stored: Vec<UnitVersion> = rows
                .iter()
                .map(|r| UnitVersion::try_from(UnitRow::from_row(r)?))
                .collect::<Result<_>>()?;
            // The organisation after the import: stored versions not replaced, then the file.
            let mut all: Vec<UnitVersion> = units.to_vec();
            all.extend(
                stored
                    .iter()
                    .filter(|s| {
                        !units
                            .iter()
                            .any(|u| u.code == s.code && u.valid_from == s.valid_from)
                    })
                    .cloned(),
            );
            let problems: Vec<RecordProblem> = check_units(&all)
                .into_iter()
                .filter(|p| p.index < units.len())
                .collect();
            if !problems.is_empty() {
                return Err(StoreError::Records(problems));
            }
            let mut summary = ImportSummary::default();
            for (done, u) in units.iter().enumerate() {
                opts.tick(done + 1, units.len());
                let old = stored
                    .iter()
                    .find(|s| s.code == u.code && s.valid_from == u.valid_from);
                let sql = match summary.compare(old, u) {
                    Change::Same => continue,
                    Change::Changed(_) => {
                        "UPDATE units SET name = $3, kana = $4, parent_code = $5, rotation = $6, valid_to = $7 \
                         WHERE code = $1 AND valid_from = $2"
                    }
                    Change::New => {
                        "INSERT INTO units (code, valid_from, name, kana, parent_code, rotation, valid_to) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)"
                    }
                };
                sqlx::query(sql)
                    .bind(&u.code)
                    .bind(u.valid_from.to_string())
                    .bind(&u.name)
                    .bind(&u.kana)
                    .bind(&u.parent)
                    .bind(&u.rotation)
                    .bind(iso(u.valid_to))
                    .execute(&mut *tx)
                    .await?;
            }
            end_import(self, tx, &opts, "units", summary, None).await
        })?;
        self.after_import("units", summary, opts).await
    }

    /// Imports staff (upsert by staff number); all or nothing.
    pub async fn import_staff(
        &self,
        staff: &[Staff],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary, StoreError> {
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let rows = sqlx::query(&format!("SELECT {STAFF_COLUMNS} FROM staff"))
                .fetch_all(&mut *tx)
                .await?;
            let stored: HashMap<StaffNumber, Staff> = rows
                .iter()
                .map(|r| {
                    Staff::try_from(StaffRecordRow::from_row(r)?).map(|s| (s.number.clone(), s))
                })
                .collect::<Result<_>>()?;
            let mut summary = ImportSummary::default();
            let stamp = self.now();
            let as_of = opts.as_of.unwrap_or_else(|| self.clock.today());
            let mut histories = grades::load((&mut *tx).into()).await?;
            let mut rewritten: Vec<(&StaffNumber, Vec<Term>, bool)> = Vec::new();
            let mut problems = Vec::new();
            for (i, s) in staff.iter().enumerate() {
                opts.tick(i + 1, staff.len());
                let quals = serde_json::to_string(&s.qualifications)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                // New: their sheet's values from their hire date. Changed:
                // a new stretch from the 基準日 where the grade or type
                // differs (and the first moved with a corrected hire date).
                let (sql, terms, stored_terms) = match summary.compare(stored.get(&s.number), s) {
                    Change::Same => continue,
                    Change::New => (
                        STAFF_INSERT,
                        terms::first(s.hire_date, &s.employment_type, s.job_grade.as_deref()),
                        None,
                    ),
                    Change::Changed(old) => {
                        let before = histories.remove(&s.number);
                        let mut t = before.clone().unwrap_or_else(|| {
                            terms::first(
                                old.hire_date,
                                &old.employment_type,
                                old.job_grade.as_deref(),
                            )
                        });
                        if old.hire_date != s.hire_date {
                            terms::fit_to_hire(&mut t, s.hire_date);
                        }
                        if (&old.employment_type, &old.job_grade)
                            != (&s.employment_type, &s.job_grade)
                        {
                            let from = as_of.max(s.hire_date);
                            let change = terms::Change::sheet(
                                from,
                                &s.employment_type,
                                s.job_grade.as_deref(),
                            );
                            match terms::contradicts(&t, &change) {
                                Some(problem) => problems.push(problem.at(i)),
                                None => terms::apply(&mut t, &change),
                            }
                        }
                        (STAFF_UPDATE, t, Some(before))
                    }
                };
                // The record keeps the last stretch's values (a later
                // promotion already recorded stays the current grade).
                let (employment_type, job_grade) = terms
                    .last()
                    .map_or((&s.employment_type, &s.job_grade), |t| {
                        (&t.employment_type, &t.job_grade)
                    });
                sqlx::query(sql)
                    .bind(&s.number)
                    .bind(&s.name)
                    .bind(&s.kana)
                    .bind(search_key(&s.name))
                    .bind(search_key(&s.kana))
                    .bind(&s.gender)
                    .bind(iso(s.birth_date))
                    .bind(s.hire_date.to_string())
                    .bind(&s.hiring_route)
                    .bind(employment_type)
                    .bind(job_grade)
                    .bind(quals)
                    .bind(&s.status)
                    .bind(iso(s.leaving_date))
                    .bind(&s.leaving_reason)
                    .bind(&stamp)
                    .bind(&s.job_family)
                    .execute(&mut *tx)
                    .await?;
                match stored_terms {
                    None => rewritten.push((&s.number, terms, false)),
                    Some(before) if before.as_ref() != Some(&terms) => {
                        rewritten.push((&s.number, terms, before.is_some()));
                    }
                    Some(_) => {}
                }
            }
            if !problems.is_empty() {
                return Err(StoreError::Records(problems));
            }
            let ids = load_staff_ids((&mut *tx).into()).await?;
            let changed: Vec<grades::Rewrite<'_>> = rewritten
                .iter()
                .filter_map(|(n, t, replace)| {
                    ids.get(*n).map(|(id, _)| (*id, t.as_slice(), *replace))
                })
                .collect();
            grades::write((&mut *tx).into(), &changed, &opts).await?;
            end_import(self, tx, &opts, "staff", summary, None).await
        })?;
        self.after_import("staff", summary, opts).await
    }

    /// Imports assignments (upsert by staff, unit, start and kind), checked
    /// against stored staff, units and assignments; all or nothing.
    /// `file_rows[i]` is the file row record `i` came from, named in
    /// messages ("12行目" / "row 12"); empty when they came from no file.
    pub async fn import_assignments(
        &self,
        list: &[Assignment],
        file_rows: &[usize],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary, StoreError> {
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let staff = load_staff_ids((&mut *tx).into()).await?;
            let unit_rows = sqlx::query("SELECT * FROM units")
                .fetch_all(&mut *tx)
                .await?;
            let units: Vec<UnitVersion> = unit_rows
                .iter()
                .map(|r| UnitVersion::try_from(UnitRow::from_row(r)?))
                .collect::<Result<_>>()?;
            let rows = sqlx::query(ASSIGNMENT_SELECT).fetch_all(&mut *tx).await?;
            let stored: Vec<Assignment> = rows
                .iter()
                .map(|r| Assignment::try_from(AssignmentRow::from_row(r)?))
                .collect::<Result<_>>()?;

            let mut units_by_code: FastMap<&str, Vec<&UnitVersion>> = FastMap::default();
            for u in &units {
                units_by_code.entry(u.code.as_str()).or_default().push(u);
            }
            let mut problems = Vec::new();
            for (i, a) in list.iter().enumerate() {
                problems.extend(staff_reference(
                    &staff,
                    i,
                    &a.staff_number,
                    ("start", ("開始日", "the start"), a.start),
                    true,
                ));
                let versions = units_by_code.get(a.unit_code.as_str());
                if !versions.is_some_and(|v| v.iter().any(|u| u.valid_on(a.start))) {
                    let known = versions.is_some();
                    problems.push(RecordProblem::new(
                        i,
                        "unit_code",
                        if known {
                            Message::new("people_unit_not_in_force")
                                .arg("code", &a.unit_code)
                                .arg("date", a.start)
                        } else {
                            Message::new("people_unit_unknown").arg("code", &a.unit_code)
                        },
                    ));
                }
            }
            // Stored assignments first, the file's after: an overlap is
            // reported on the later record, so always on the file's side.
            let file_keys: HashSet<AssignmentKey> = if stored.is_empty() {
                HashSet::new()
            } else {
                list.iter().map(assignment_key).collect()
            };
            let mut all: Vec<&Assignment> = stored
                .iter()
                .filter(|s| !file_keys.contains(&assignment_key(s)))
                .collect();
            let offset = all.len();
            all.extend(list.iter());
            let name = |i: usize| match i.checked_sub(offset) {
                None => all
                    .get(i)
                    .map(|s| {
                        record_name(
                            &Message::new("record_stored_assignment")
                                .arg("unit", &s.unit_code)
                                .arg("start", s.start),
                        )
                    })
                    .unwrap_or_default(),
                Some(k) => by_row(file_rows)(k),
            };
            problems.extend(
                check_assignments(&all, &name)
                    .into_iter()
                    .filter(|p| p.index >= offset)
                    .map(|mut p| {
                        p.index -= offset;
                        p
                    }),
            );
            if !problems.is_empty() {
                problems.sort_by_key(|p| p.index);
                return Err(StoreError::Records(problems));
            }
            let stored_by_key: FastMap<AssignmentKey, &Assignment> =
                stored.iter().map(|s| (assignment_key(s), s)).collect();
            let mut summary = ImportSummary::default();
            let mut new_rows = NewRows {
                table: "assignments",
                columns: &[
                    "staff_id",
                    "unit_code",
                    "post",
                    "start_date",
                    "end_date",
                    "is_primary",
                ],
                rows: Vec::new(),
            };
            for a in list {
                let staff_id = staff.get(&a.staff_number).map_or(0, |s| s.0);
                match summary.compare(stored_by_key.get(&assignment_key(a)).copied(), a) {
                    Change::Same => {}
                    Change::Changed(_) => {
                        sqlx::query("UPDATE assignments SET post = $1, end_date = $2 WHERE staff_id = $3 AND unit_code = $4 AND start_date = $5 AND is_primary = $6")
                            .bind(&a.post).bind(iso(a.end)).bind(staff_id).bind(&a.unit_code).bind(a.start.to_string()).bind(i64::from(a.primary))
                            .execute(&mut *tx).await?;
                    }
                    // Created ones go in one bulk insert after the loop.
                    Change::New => new_rows.rows.push(vec![
                        Cell::Int(staff_id),
                        Cell::text(&a.unit_code),
                        Cell::opt(a.post.as_deref()),
                        Cell::date(Some(a.start)),
                        Cell::date(a.end),
                        Cell::Int(i64::from(a.primary)),
                    ]),
                }
            }
            BulkInsert::insert_rows(&mut *tx, &new_rows, &opts).await?;
            end_import(self, tx, &opts, "assignments", summary, None).await
        })?;
        self.after_import("assignments", summary, opts).await
    }

    /// All staff, by staff number (for export).
    pub async fn all_staff(&self) -> Result<Vec<Staff>> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(&format!(
                "SELECT {STAFF_COLUMNS} FROM staff ORDER BY number"
            ))
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| Staff::try_from(StaffRecordRow::from_row(r)?))
                .collect()
        })
    }

    /// All assignments, by staff number and start (for export).
    pub async fn all_assignments(&self) -> Result<Vec<Assignment>> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(&format!(
                "{ASSIGNMENT_SELECT} ORDER BY s.number, a.start_date, a.is_primary DESC"
            ))
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| Assignment::try_from(AssignmentRow::from_row(r)?))
                .collect()
        })
    }

    /// Every primary assignment, in no order (for the rotation view, which
    /// groups them by person itself).
    pub async fn primary_assignments(&self) -> Result<Vec<Assignment>> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(&format!("{ASSIGNMENT_SELECT} WHERE a.is_primary = 1"))
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|r| Assignment::try_from(AssignmentRow::from_row(r)?))
                .collect()
        })
    }

    /// One staff member and their assignments, oldest first.
    pub async fn staff_member(&self, number: &str) -> Result<Option<(Staff, Vec<Assignment>)>> {
        on_pool!(self, |pool| {
            let Some(row) = sqlx::query(&format!(
                "SELECT {STAFF_COLUMNS} FROM staff WHERE number = $1"
            ))
            .bind(number)
            .fetch_optional(pool)
            .await?
            else {
                return Ok(None);
            };
            let staff = Staff::try_from(StaffRecordRow::from_row(&row)?)?;
            let rows = sqlx::query(&format!(
                "{ASSIGNMENT_SELECT} WHERE s.number = $1 ORDER BY a.start_date, a.is_primary DESC"
            ))
            .bind(number)
            .fetch_all(pool)
            .await?;
            let list = rows
                .iter()
                .map(|r| Assignment::try_from(AssignmentRow::from_row(r)?))
                .collect::<Result<_>>()?;
            Ok(Some((staff, list)))
        })
    }

    /// The staff list: search, filters, 五十音順 by reading; and the total.
    pub async fn staff_list(&self, q: &StaffQuery) -> Result<(Vec<StaffRow>, i64)> {
        let on = q.on.unwrap_or_else(|| self.clock.today()).to_string();
        let text = search_key(&q.text);
        let like = format!(
            "%{}%",
            text.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        // The scope: $9 a mode (all / units / only / none), $10 the units as
        // ",K01,K0101,", $11 the asker's own staff number, $12 today.
        let (mode, units, own) = match &q.scope {
            StaffScope::All => ("all", String::new(), String::new()),
            StaffScope::Units { units, own } => (
                "units",
                format!(
                    ",{},",
                    units
                        .iter()
                        .map(UnitCode::as_str)
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                own.as_deref().unwrap_or_default().to_owned(),
            ),
            StaffScope::Only(n) => ("only", String::new(), n.to_string()),
            StaffScope::Nobody => ("none", String::new(), String::new()),
        };
        let today = q.today.unwrap_or_else(|| self.clock.today()).to_string();
        let position = match &self.db {
            crate::Db::Sqlite(_) => "instr",
            crate::Db::Postgres(_) => "strpos",
        };
        let filters = format!(
            "FROM staff s LEFT JOIN assignments a ON a.staff_id = s.id AND a.is_primary = 1 \
                 AND a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1) \
               LEFT JOIN staff_grades g ON g.staff_id = s.id AND g.valid_from <= $1 AND (g.valid_to IS NULL OR g.valid_to > $1) \
             WHERE ($2 = '' OR s.name_key LIKE $3 ESCAPE '\\' OR s.kana_key LIKE $3 ESCAPE '\\' OR s.number LIKE $3 ESCAPE '\\') \
               AND ($4 = '' OR a.unit_code = $4) AND ($5 = '' OR {TYPE_ON} = $5) AND ($6 = '' OR {GRADE_ON} = $6) \
               AND ($9 = 'all' \
                    OR (($9 = 'only' OR $9 = 'units') AND s.number = $11) \
                    OR ($9 = 'units' AND EXISTS (SELECT 1 FROM assignments m WHERE m.staff_id = s.id \
                          AND m.start_date <= $12 AND (m.end_date IS NULL OR m.end_date >= $12) \
                          AND {position}($10, ',' || m.unit_code || ',') > 0)))"
        );
        let list_sql = format!(
            "SELECT s.number, s.name, s.kana, {TYPE_ON} AS employment_type, {GRADE_ON} AS job_grade, s.status, s.hire_date, \
                    a.unit_code {filters} \
             ORDER BY s.kana_key, s.number LIMIT $7 OFFSET $8"
        );
        let count_sql = format!("SELECT COUNT(*) AS n {filters} LIMIT $7 OFFSET $8");
        let unit = q.unit.clone().unwrap_or_default();
        let et = q.employment_type.clone().unwrap_or_default();
        let grade = q.job_grade.clone().unwrap_or_default();
        on_pool!(self, |pool| {
            // The list and the count bind the same filters; $7 and $8 are
            // the list's LIMIT and OFFSET, and the count's single row.
            let filtered = |sql, limit: i64, offset: i64| {
                sqlx::query(sql)
                    .bind(&on)
                    .bind(&text)
                    .bind(&like)
                    .bind(&unit)
                    .bind(&et)
                    .bind(&grade)
                    .bind(limit)
                    .bind(offset)
                    .bind(mode)
                    .bind(&units)
                    .bind(&own)
                    .bind(&today)
            };
            let rows = filtered(&list_sql, q.limit.max(1), q.offset.max(0))
                .fetch_all(pool)
                .await?;
            let total: i64 = filtered(&count_sql, 1, 0)
                .fetch_one(pool)
                .await?
                .try_get("n")?;
            let list = rows
                .iter()
                .map(|r| {
                    Ok(StaffRow {
                        number: r.try_get("number")?,
                        name: r.try_get("name")?,
                        kana: r.try_get("kana")?,
                        employment_type: r.try_get("employment_type")?,
                        job_grade: r.try_get("job_grade")?,
                        status: r.try_get("status")?,
                        hire_date: r.try_get("hire_date")?,
                        unit_code: r.try_get("unit_code")?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok((list, total))
        })
    }

    /// Primary and concurrent members of a unit on a date.
    pub async fn unit_members(
        &self,
        code: &str,
        on: NaiveDate,
    ) -> Result<Vec<(Staff, Assignment)>> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(
                "SELECT s.number, s.name, s.kana, s.gender, s.birth_date, s.hire_date, s.hiring_route, s.employment_type, s.job_family, s.job_grade, \
                        s.qualifications, s.status, s.leaving_date, s.leaving_reason, a.unit_code, a.post, a.start_date, a.end_date, a.is_primary \
                   FROM assignments a JOIN staff s ON s.id = a.staff_id \
                  WHERE a.unit_code = $1 AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2) \
                  ORDER BY a.is_primary DESC, s.kana_key"
            )
            .bind(code)
            .bind(on.to_string())
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok((
                        Staff::try_from(StaffRecordRow::from_row(r)?)?,
                        Assignment::try_from(AssignmentRow::from_row(r)?)?,
                    ))
                })
                .collect()
        })
    }
}

impl Store {
    /// The units a staff member is assigned to (primary or concurrent) on a
    /// date: what a 所属長's scope is checked against.
    pub async fn staff_units_on(&self, number: &str, on: NaiveDate) -> Result<Vec<String>> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(
                "SELECT a.unit_code FROM assignments a JOIN staff s ON s.id = a.staff_id \
                  WHERE s.number = $1 AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)",
            )
            .bind(number)
            .bind(on.to_string())
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| Ok(r.try_get::<String, _>("unit_code")?))
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_counts_each_record_against_the_stored_one() {
        let stored: HashMap<&str, i32> = HashMap::from([("a", 1), ("b", 2)]);
        let mut summary = ImportSummary::default();
        assert!(matches!(summary.compare(stored.get("a"), &1), Change::Same));
        assert!(matches!(
            summary.compare(stored.get("b"), &3),
            Change::Changed(&2)
        ));
        assert!(matches!(summary.compare(stored.get("c"), &4), Change::New));
        assert!(matches!(summary.compare(stored.get("c"), &5), Change::New));
        assert_eq!(
            summary,
            ImportSummary {
                created: 2,
                updated: 1,
                unchanged: 1
            }
        );
    }
}
