//! Training records: all-or-nothing imports of the catalogue, sessions,
//! participation lists, OJT plans, self-development support and the needs
//! survey (each checked against what is stored, in one transaction), the
//! attendance entry of a session's roster, and the queries pages need.

use crate::bulk::{BulkInsert, Cell, NewRows};
use crate::conn::{BeginWrite, Conn, on_conn};
use crate::people::{
    Change, ImportOptions, ImportSummary, day, end_import, load_staff_ids, staff_reference,
};
use crate::rows::{coded, records, yen};
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::i18n::Message;
use jinzai_domain::money::Yen;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::people::unit::RecordProblem;
use jinzai_domain::people::{StaffNumber, UnitCode};
use jinzai_domain::training::support::{
    NeedRequest, OjtPlan, SelfDevelopment, SelfDevelopmentStatus,
};
use jinzai_domain::training::{
    Course, PARTICIPATION_STATUSES, Participation, ParticipationStatus, TOOK_PART,
    TrainingCategory, TrainingSession,
};
use serde::Serialize;
use sqlx::{FromRow, Row};
use std::collections::{HashMap, HashSet};

/// A session with its course and how many applied and took part.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionRow {
    pub session: TrainingSession,
    pub title: String,
    pub category: TrainingCategory,
    pub provider: Option<String>,
    #[serde(serialize_with = "jinzai_domain::json::whole_opt")]
    pub hours: Option<f64>,
    pub applicants: i64,
    pub took_part: i64,
}

/// A line of a session's roster.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterLine {
    pub staff_number: StaffNumber,
    pub name: String,
    pub participation: Participation,
}

/// A line of a staff member's training history.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryLine {
    pub title: String,
    pub category: TrainingCategory,
    #[serde(serialize_with = "jinzai_domain::json::whole_opt")]
    pub hours: Option<f64>,
    pub end: Option<NaiveDate>,
    pub participation: Participation,
}

/// Training in one unit over a fiscal year, by the participants' primary
/// unit on the session's first day.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitTraining {
    pub unit_code: UnitCode,
    pub participations: i64,
    pub people: i64,
    #[serde(serialize_with = "jinzai_domain::json::whole")]
    pub hours: f64,
}

/// What staff asked for beside what was offered, per topic, in one year.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedsLine {
    pub topic: String,
    pub requests: i64,
    pub sessions: i64,
    pub took_part: i64,
}

/// A unit's OJT plan with the OJT sessions it held that year.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OjtPlanRow {
    pub plan: OjtPlan,
    pub held: i64,
}

impl OjtPlanRow {
    pub fn carried_out(&self) -> bool {
        self.held >= i64::from(self.plan.planned_sessions)
    }
}

/// The id of the session of `course` starting `start`, on `conn` (a
/// write's transaction); `NotFound` when there is none.
pub(crate) async fn session_id(
    conn: Conn<'_>,
    course: &str,
    start: NaiveDate,
) -> Result<i64, StoreError> {
    let found: Option<i64> = on_conn!(conn, |c| {
        sqlx::query_scalar(
            "SELECT ts.id FROM training_sessions ts JOIN courses c ON c.id = ts.course_id \
             WHERE c.code = $1 AND ts.start_date = $2",
        )
        .bind(course)
        .bind(start.to_string())
        .fetch_optional(c)
        .await?
    });
    found.ok_or_else(|| {
        StoreError::NotFound(
            Message::new("training_no_session")
                .arg("course", course)
                .arg("start", start),
        )
    })
}

/// A staff member's id and hire date by number, on `conn`.
pub(crate) async fn staff_by_number(
    conn: Conn<'_>,
    number: &str,
) -> Result<Option<(i64, NaiveDate)>> {
    let found: Option<(i64, String)> = on_conn!(conn, |c| {
        sqlx::query_as("SELECT id, hire_date FROM staff WHERE number = $1")
            .bind(number)
            .fetch_optional(c)
            .await?
    });
    found.map(|(id, hired)| Ok((id, day(&hired)?))).transpose()
}

/// Adds a qualification to a staff member's record (once), on `conn`: the
/// transaction that completed the application it came from.
pub(crate) async fn add_qualification(
    store: &Store,
    conn: Conn<'_>,
    staff_id: i64,
    qualification: &str,
) -> Result<()> {
    let corrupt = |e: serde_json::Error| StoreError::Corrupt(e.to_string());
    on_conn!(conn, |c| {
        let held: String = sqlx::query_scalar("SELECT qualifications FROM staff WHERE id = $1")
            .bind(staff_id)
            .fetch_one(&mut *c)
            .await?;
        let mut held: Vec<String> = serde_json::from_str(&held).map_err(corrupt)?;
        if !held.iter().any(|h| h == qualification) {
            held.push(qualification.to_owned());
            sqlx::query("UPDATE staff SET qualifications = $2, updated_at = $3 WHERE id = $1")
                .bind(staff_id)
                .bind(serde_json::to_string(&held).map_err(corrupt)?)
                .bind(store.now())
                .execute(&mut *c)
                .await?;
        }
    });
    Ok(())
}

/// A course as stored (audiences as space-separated codes).
#[derive(sqlx::FromRow)]
struct CourseRow {
    id: i64,
    code: String,
    title: String,
    category: String,
    provider: Option<String>,
    audience_types: String,
    audience_grades: String,
    hours: Option<f64>,
    cost: Option<i64>,
    note: Option<String>,
}

/// The catalogue with each course's id and topics, by code, on `conn`.
pub(crate) async fn load_courses(conn: Conn<'_>) -> Result<Vec<(i64, Course)>> {
    let (topic_rows, rows): (Vec<(i64, String)>, Vec<CourseRow>) = on_conn!(conn, |c| {
        (
            sqlx::query_as("SELECT course_id, topic FROM course_topics ORDER BY course_id, topic")
                .fetch_all(&mut *c)
                .await?,
            sqlx::query_as("SELECT * FROM courses ORDER BY code")
                .fetch_all(&mut *c)
                .await?,
        )
    });
    let mut topics: HashMap<i64, Vec<String>> = HashMap::new();
    for (course, topic) in topic_rows {
        topics.entry(course).or_default().push(topic);
    }
    rows.into_iter()
        .map(|r| {
            let course = Course {
                code: r.code,
                title: r.title,
                category: coded(&r.category)?,
                provider: r.provider,
                topics: topics.remove(&r.id).unwrap_or_default(),
                audience_types: codes(&r.audience_types),
                audience_grades: codes(&r.audience_grades),
                hours: r.hours,
                cost: r.cost.map(yen).transpose()?,
                note: r.note,
            };
            Ok((r.id, course))
        })
        .collect()
}

/// A training session as stored (dates as ISO text), with its course code.
#[derive(sqlx::FromRow)]
pub(crate) struct SessionRecordRow {
    course_code: String,
    start_date: String,
    end_date: Option<String>,
    place: Option<String>,
    capacity: Option<i64>,
    unit_code: Option<UnitCode>,
    note: Option<String>,
}

impl TryFrom<SessionRecordRow> for TrainingSession {
    type Error = StoreError;

    fn try_from(r: SessionRecordRow) -> Result<TrainingSession> {
        Ok(TrainingSession {
            course_code: r.course_code,
            start: day(&r.start_date)?,
            end: r.end_date.as_deref().map(day).transpose()?,
            place: r.place,
            capacity: r.capacity.and_then(|c| u32::try_from(c).ok()),
            unit_code: r.unit_code,
            note: r.note,
        })
    }
}

/// A participation as stored, with the staff number, course and first day.
#[derive(sqlx::FromRow)]
pub(crate) struct ParticipationRow {
    number: StaffNumber,
    course_code: String,
    start_date: String,
    status: String,
    result: Option<String>,
    certificate: Option<String>,
    satisfaction: Option<i64>,
    comment: Option<String>,
}

impl TryFrom<ParticipationRow> for Participation {
    type Error = StoreError;

    fn try_from(r: ParticipationRow) -> Result<Participation> {
        Ok(Participation {
            staff_number: r.number,
            course_code: r.course_code,
            start: day(&r.start_date)?,
            status: coded(&r.status)?,
            result: r.result,
            certificate: r.certificate,
            satisfaction: r.satisfaction.and_then(|s| u8::try_from(s).ok()),
            comment: r.comment,
        })
    }
}

/// Codes stored as one space-separated text.
fn codes(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_owned).collect()
}

const SESSION_SELECT: &str = "SELECT ts.id, c.code AS course_code, ts.start_date, ts.end_date, ts.place, ts.capacity, \
     ts.unit_code, ts.note FROM training_sessions ts JOIN courses c ON c.id = ts.course_id";

/// Every column a participation query needs, over the joins it needs.
const PARTICIPATION_SELECT: &str = "SELECT p.session_id, p.staff_id, s.number, s.name, c.code AS course_code, \
     ts.start_date, ts.end_date, p.status, p.result, p.certificate, p.satisfaction, p.comment, c.title, c.category, \
     c.hours FROM participations p JOIN training_sessions ts ON ts.id = p.session_id \
     JOIN courses c ON c.id = ts.course_id JOIN staff s ON s.id = p.staff_id";

/// `'attended', 'completed'`: the statuses that count as taking part.
fn took_part_sql() -> String {
    TOOK_PART.map(|s| format!("'{s}'")).join(", ")
}

/// Session ids by (course code, first day), on `conn`.
async fn load_session_ids(conn: Conn<'_>) -> Result<HashMap<(String, NaiveDate), i64>> {
    let rows: Vec<(i64, String, String)> = on_conn!(conn, |c| {
        sqlx::query_as(
            "SELECT ts.id, c.code, ts.start_date FROM training_sessions ts JOIN courses c ON c.id = ts.course_id",
        )
        .fetch_all(c)
        .await?
    });
    rows.into_iter()
        .map(|(id, code, start)| Ok(((code, day(&start)?), id)))
        .collect()
}

/// Unit codes ever used (any version), on `conn`.
async fn load_unit_codes(conn: Conn<'_>) -> Result<HashSet<UnitCode>> {
    Ok(on_conn!(conn, |c| {
        sqlx::query_scalar("SELECT DISTINCT code FROM units")
            .fetch_all(c)
            .await?
    })
    .into_iter()
    .collect())
}

fn unknown_unit(index: usize, code: &str) -> RecordProblem {
    RecordProblem::new(
        index,
        "unit_code",
        Message::new("training_unit_unknown").arg("code", code),
    )
}

impl Store {
    /// Imports courses (upsert by code, topics replaced); all or nothing.
    pub async fn import_courses(
        &self,
        list: &[Course],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary, StoreError> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let stored: HashMap<String, (i64, Course)> = load_courses((&mut *tx).into())
                .await?
                .into_iter()
                .map(|(id, c)| (c.code.clone(), (id, c)))
                .collect();
            let mut summary = ImportSummary::default();
            let mut before = None;
            for (done, c) in list.iter().enumerate() {
                opts.tick(done + 1, list.len());
                let mut sorted = c.clone();
                sorted.topics.sort();
                sorted.topics.dedup();
                let known = stored.get(&c.code);
                let id = match (summary.compare(known.map(|(_, s)| s), &sorted), known) {
                    (Change::Same, _) => continue,
                    (Change::Changed(old), Some((id, _))) => {
                        if opts.entered.is_some() {
                            before = Some(serde_json::json!(old));
                        }
                        sqlx::query(
                            "UPDATE courses SET title = $2, category = $3, provider = $4, audience_types = $5, \
                             audience_grades = $6, hours = $7, cost = $8, note = $9 WHERE id = $1",
                        )
                        .bind(*id)
                        .bind(&c.title)
                        .bind(c.category.code())
                        .bind(&c.provider)
                        .bind(c.audience_types.join(" "))
                        .bind(c.audience_grades.join(" "))
                        .bind(c.hours)
                        .bind(c.cost.map(Yen::get))
                        .bind(&c.note)
                        .execute(&mut *tx)
                        .await?;
                        sqlx::query("DELETE FROM course_topics WHERE course_id = $1")
                            .bind(*id)
                            .execute(&mut *tx)
                            .await?;
                        *id
                    }
                    // (`Changed` comes only with a stored course.)
                    (Change::New, _) | (Change::Changed(_), None) => {
                        sqlx::query(
                            "INSERT INTO courses (code, title, category, provider, audience_types, audience_grades, \
                             hours, cost, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                        )
                        .bind(&c.code)
                        .bind(&c.title)
                        .bind(c.category.code())
                        .bind(&c.provider)
                        .bind(c.audience_types.join(" "))
                        .bind(c.audience_grades.join(" "))
                        .bind(c.hours)
                        .bind(c.cost.map(Yen::get))
                        .bind(&c.note)
                        .fetch_one(&mut *tx)
                        .await?
                        .try_get("id")?
                    }
                };
                for t in &sorted.topics {
                    sqlx::query("INSERT INTO course_topics (course_id, topic) VALUES ($1, $2)")
                        .bind(id)
                        .bind(t)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            let before = before.map(|b| serde_json::json!(b));
            end_import(self, tx, &opts, "courses", summary, before).await
        })
    }

    /// Imports sessions (upsert by course and first day). The course must
    /// be in the catalogue and an OJT unit in the organisation.
    pub async fn import_sessions(
        &self,
        list: &[TrainingSession],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary, StoreError> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut courses: HashMap<String, i64> = HashMap::new();
            for r in sqlx::query("SELECT id, code FROM courses")
                .fetch_all(&mut *tx)
                .await?
            {
                courses.insert(r.try_get("code")?, r.try_get("id")?);
            }
            let units = load_unit_codes((&mut *tx).into()).await?;
            let mut problems = Vec::new();
            for (i, s) in list.iter().enumerate() {
                if !courses.contains_key(&s.course_code) {
                    problems.push(RecordProblem::new(
                        i,
                        "course_code",
                        Message::new("training_course_unknown").arg("course_code", &s.course_code),
                    ));
                }
                if let Some(u) = &s.unit_code
                    && !units.contains(u)
                {
                    problems.push(unknown_unit(i, u));
                }
            }
            if !problems.is_empty() {
                return Err(StoreError::Records(problems));
            }
            // Only the stored sessions the file could match: those in its
            // span of first days (one entry on screen reads one day's).
            let mut stored: HashMap<(String, NaiveDate), TrainingSession> = HashMap::new();
            let starts = || list.iter().map(|s| s.start);
            if let (Some(first), Some(last)) = (starts().min(), starts().max()) {
                let sql = format!("{SESSION_SELECT} WHERE ts.start_date BETWEEN $1 AND $2");
                for r in sqlx::query(&sql)
                    .bind(first.to_string())
                    .bind(last.to_string())
                    .fetch_all(&mut *tx)
                    .await?
                {
                    let s = TrainingSession::try_from(SessionRecordRow::from_row(&r)?)?;
                    stored.insert((s.course_code.clone(), s.start), s);
                }
            }
            let mut summary = ImportSummary::default();
            for (done, s) in list.iter().enumerate() {
                opts.tick(done + 1, list.len());
                let sql = match summary.compare(stored.get(&(s.course_code.clone(), s.start)), s) {
                    Change::Same => continue,
                    Change::Changed(_) => {
                        "UPDATE training_sessions SET end_date = $3, place = $4, capacity = $5, unit_code = $6, note = $7 \
                         WHERE course_id = $1 AND start_date = $2"
                    }
                    Change::New => {
                        "INSERT INTO training_sessions (course_id, start_date, end_date, place, capacity, unit_code, note) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)"
                    }
                };
                sqlx::query(sql)
                    .bind(courses[&s.course_code])
                    .bind(s.start.to_string())
                    .bind(s.end.map(|d| d.to_string()))
                    .bind(&s.place)
                    .bind(s.capacity.map(i64::from))
                    .bind(&s.unit_code)
                    .bind(&s.note)
                    .execute(&mut *tx)
                    .await?;
            }
            end_import(self, tx, &opts, "training_sessions", summary, None).await
        })
    }

    /// Imports a participation list (upsert by session and staff member):
    /// every row must name a stored session and a staff member hired by its
    /// first day; new rows are written in bulk.
    pub async fn import_participations(
        &self,
        list: &[Participation],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary, StoreError> {
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let staff = load_staff_ids((&mut *tx).into()).await?;
            let sessions = load_session_ids((&mut *tx).into()).await?;
            let mut problems = Vec::new();
            for (i, p) in list.iter().enumerate() {
                problems.extend(staff_reference(
                    &staff,
                    i,
                    &p.staff_number,
                    ("start", ("研修開始日", "the session's first day"), p.start),
                    true,
                ));
                if !sessions.contains_key(&(p.course_code.clone(), p.start)) {
                    problems.push(RecordProblem::new(
                        i,
                        "course_code",
                        Message::new("training_session_unknown")
                            .arg("course_code", &p.course_code)
                            .arg("start", p.start),
                    ));
                }
            }
            if !problems.is_empty() {
                return Err(StoreError::Records(problems));
            }
            // Only the sessions the file touches are compared.
            let touched: HashSet<i64> = list
                .iter()
                .map(|p| sessions[&(p.course_code.clone(), p.start)])
                .collect();
            let mut stored: HashMap<(i64, i64), Participation> = HashMap::new();
            let touched: Vec<i64> = touched.into_iter().collect();
            for ids in touched.chunks(500) {
                let ids = ids
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                let rows = sqlx::query(&format!(
                    "{PARTICIPATION_SELECT} WHERE p.session_id IN ({ids})"
                ))
                .fetch_all(&mut *tx)
                .await?;
                for r in &rows {
                    let key = (r.try_get("session_id")?, r.try_get("staff_id")?);
                    stored.insert(
                        key,
                        Participation::try_from(ParticipationRow::from_row(r)?)?,
                    );
                }
            }
            let mut summary = ImportSummary::default();
            let mut new_rows = NewRows {
                table: "participations",
                columns: &[
                    "session_id",
                    "staff_id",
                    "status",
                    "result",
                    "certificate",
                    "satisfaction",
                    "comment",
                ],
                rows: Vec::new(),
            };
            for p in list {
                let session_id = sessions[&(p.course_code.clone(), p.start)];
                let staff_id = staff[&p.staff_number].0;
                match summary.compare(stored.get(&(session_id, staff_id)), p) {
                    Change::Same => {}
                    Change::Changed(_) => {
                        sqlx::query(
                            "UPDATE participations SET status = $3, result = $4, certificate = $5, satisfaction = $6, \
                             comment = $7 WHERE session_id = $1 AND staff_id = $2",
                        )
                        .bind(session_id)
                        .bind(staff_id)
                        .bind(p.status.code())
                        .bind(&p.result)
                        .bind(&p.certificate)
                        .bind(p.satisfaction.map(i64::from))
                        .bind(&p.comment)
                        .execute(&mut *tx)
                        .await?;
                    }
                    // Created ones go in one bulk insert after the loop.
                    Change::New => new_rows.rows.push(vec![
                        Cell::Int(session_id),
                        Cell::Int(staff_id),
                        Cell::text(p.status.code()),
                        Cell::opt(p.result.as_deref()),
                        Cell::opt(p.certificate.as_deref()),
                        Cell::int_opt(p.satisfaction.map(i64::from)),
                        Cell::opt(p.comment.as_deref()),
                    ]),
                }
            }
            BulkInsert::insert_rows(&mut *tx, &new_rows, &opts).await?;
            end_import(self, tx, &opts, "participations", summary, None).await
        })?;
        self.after_import("participations", summary, opts).await
    }

    /// Imports OJT plans (upsert by unit and fiscal year).
    pub async fn import_ojt_plans(
        &self,
        list: &[OjtPlan],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary, StoreError> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let units = load_unit_codes((&mut *tx).into()).await?;
            let problems: Vec<RecordProblem> = list
                .iter()
                .enumerate()
                .filter(|(_, o)| !units.contains(&o.unit_code))
                .map(|(i, o)| unknown_unit(i, &o.unit_code))
                .collect();
            if !problems.is_empty() {
                return Err(StoreError::Records(problems));
            }
            let mut stored: HashMap<(UnitCode, i32), OjtPlan> = HashMap::new();
            for r in sqlx::query_as::<_, OjtPlanRecordRow>("SELECT * FROM ojt_plans")
                .fetch_all(&mut *tx)
                .await?
            {
                let o = OjtPlan::try_from(r)?;
                stored.insert((o.unit_code.clone(), o.fiscal_year), o);
            }
            let mut summary = ImportSummary::default();
            let mut before = None;
            for o in list {
                let sql = match summary
                    .compare(stored.get(&(o.unit_code.clone(), o.fiscal_year)), o)
                {
                    Change::Same => continue,
                    Change::Changed(old) => {
                        if opts.entered.is_some() {
                            before = Some(serde_json::json!(old));
                        }
                        "UPDATE ojt_plans SET theme = $3, planned_sessions = $4, note = $5 WHERE unit_code = $1 AND fiscal_year = $2"
                    }
                    Change::New => {
                        "INSERT INTO ojt_plans (unit_code, fiscal_year, theme, planned_sessions, note) VALUES ($1, $2, $3, $4, $5)"
                    }
                };
                sqlx::query(sql)
                    .bind(&o.unit_code)
                    .bind(i64::from(o.fiscal_year))
                    .bind(&o.theme)
                    .bind(i64::from(o.planned_sessions))
                    .bind(&o.note)
                    .execute(&mut *tx)
                    .await?;
            }
            let before = before.map(|b| serde_json::json!(b));
            end_import(self, tx, &opts, "ojt_plans", summary, before).await
        })
    }

    /// Imports self-development applications (upsert by staff member,
    /// title and application date). A completed one with a qualification
    /// adds it to the staff record, in the same transaction.
    pub async fn import_self_development(
        &self,
        list: &[SelfDevelopment],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary, StoreError> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let staff = load_staff_ids((&mut *tx).into()).await?;
            let problems: Vec<RecordProblem> = list
                .iter()
                .enumerate()
                .filter_map(|(i, s)| {
                    staff_reference(
                        &staff,
                        i,
                        &s.staff_number,
                        ("applied", ("申請日", "the date of application"), s.applied),
                        true,
                    )
                })
                .collect();
            if !problems.is_empty() {
                return Err(StoreError::Records(problems));
            }
            let mut stored: HashMap<(StaffNumber, String, NaiveDate), SelfDevelopment> =
                HashMap::new();
            for r in sqlx::query_as::<_, SelfDevelopmentRecordRow>(SELF_DEVELOPMENT_SELECT)
                .fetch_all(&mut *tx)
                .await?
            {
                let s = SelfDevelopment::try_from(r)?;
                stored.insert((s.staff_number.clone(), s.title.clone(), s.applied), s);
            }
            let mut summary = ImportSummary::default();
            for s in list {
                let staff_id = staff[&s.staff_number].0;
                let sql = match summary.compare(
                    stored.get(&(s.staff_number.clone(), s.title.clone(), s.applied)),
                    s,
                ) {
                    Change::Same => continue,
                    Change::Changed(_) => {
                        "UPDATE self_development SET kind = $4, status = $5, subsidy = $6, completed_date = $7, \
                         qualification = $8, note = $9 WHERE staff_id = $1 AND title = $2 AND applied_date = $3"
                    }
                    Change::New => {
                        "INSERT INTO self_development (staff_id, title, applied_date, kind, status, subsidy, \
                         completed_date, qualification, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                    }
                };
                sqlx::query(sql)
                    .bind(staff_id)
                    .bind(&s.title)
                    .bind(s.applied.to_string())
                    .bind(s.kind.code())
                    .bind(s.status.code())
                    .bind(s.subsidy.map(Yen::get))
                    .bind(s.completed.map(|d| d.to_string()))
                    .bind(&s.qualification)
                    .bind(&s.note)
                    .execute(&mut *tx)
                    .await?;
                if let (Some(q), SelfDevelopmentStatus::Completed) = (&s.qualification, s.status) {
                    add_qualification(self, (&mut *tx).into(), staff_id, q).await?;
                }
            }
            end_import(self, tx, &opts, "self_development", summary, None).await
        })
    }

    /// Imports the needs survey: the answers of each fiscal year in the file
    /// replace that year's stored answers (a survey is taken whole).
    pub async fn import_needs(
        &self,
        list: &[NeedRequest],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary, StoreError> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let staff = load_staff_ids((&mut *tx).into()).await?;
            let problems: Vec<RecordProblem> = list
                .iter()
                .enumerate()
                .filter_map(|(i, n)| {
                    let number = n.staff_number.as_deref()?;
                    (!staff.contains_key(number)).then(|| {
                        RecordProblem::new(
                            i,
                            "staff_number",
                            Message::new("people_staff_unknown").arg("number", number),
                        )
                    })
                })
                .collect();
            if !problems.is_empty() {
                return Err(StoreError::Records(problems));
            }
            let years: HashSet<i32> = list.iter().map(|n| n.fiscal_year).collect();
            let mut summary = ImportSummary::default();
            for y in &years {
                let replaced = sqlx::query("DELETE FROM training_needs WHERE fiscal_year = $1")
                    .bind(i64::from(*y))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                summary.updated += usize::try_from(replaced).unwrap_or(0);
            }
            for n in list {
                sqlx::query(
                    "INSERT INTO training_needs (fiscal_year, staff_id, topic, request) VALUES ($1, $2, $3, $4)",
                )
                .bind(i64::from(n.fiscal_year))
                .bind(n.staff_number.as_deref().map(|s| staff[s].0))
                .bind(&n.topic)
                .bind(&n.request)
                .execute(&mut *tx)
                .await?;
                summary.created += 1;
            }
            end_import(self, tx, &opts, "training_needs", summary, None).await
        })
    }

    /// The catalogue, by code.
    pub async fn courses(&self) -> Result<Vec<Course>> {
        on_pool!(self, |pool| {
            let mut conn = pool.acquire().await?;
            let courses = load_courses((&mut *conn).into()).await?;
            Ok(courses.into_iter().map(|(_, c)| c).collect())
        })
    }

    /// Sessions whose first day is in `year` (all when `None`), optionally
    /// of one course, with their counts; by date.
    pub async fn sessions(
        &self,
        year: Option<FiscalYear>,
        course: Option<&str>,
    ) -> Result<Vec<SessionRow>> {
        let iso = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let (from, to) = year.map_or((None, None), |y| (y.start(), y.end()));
        let took = took_part_sql();
        let sql = format!(
            "SELECT c.code AS course_code, ts.start_date, ts.end_date, ts.place, ts.capacity, ts.unit_code, ts.note, \
             c.title, c.category, c.provider, c.hours, \
             (SELECT COUNT(*) FROM participations p WHERE p.session_id = ts.id) AS applicants, \
             (SELECT COUNT(*) FROM participations p WHERE p.session_id = ts.id AND p.status IN ({took})) AS took_part \
             FROM training_sessions ts JOIN courses c ON c.id = ts.course_id \
             WHERE ($1 = '' OR ts.start_date >= $1) AND ($2 = '' OR ts.start_date <= $2) AND ($3 = '' OR c.code = $3) \
             ORDER BY ts.start_date, c.code"
        );
        on_pool!(self, |pool| {
            let rows = sqlx::query(&sql)
                .bind(iso(from))
                .bind(iso(to))
                .bind(course.unwrap_or(""))
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|r| {
                    Ok(SessionRow {
                        session: TrainingSession::try_from(SessionRecordRow::from_row(r)?)?,
                        title: r.try_get("title")?,
                        category: coded(&r.try_get::<String, _>("category")?)?,
                        provider: r.try_get("provider")?,
                        hours: r.try_get("hours")?,
                        applicants: r.try_get("applicants")?,
                        took_part: r.try_get("took_part")?,
                    })
                })
                .collect()
        })
    }

    /// One session's roster, by staff number.
    pub async fn roster(&self, course: &str, start: NaiveDate) -> Result<Vec<RosterLine>> {
        let sql = format!(
            "{PARTICIPATION_SELECT} WHERE c.code = $1 AND ts.start_date = $2 ORDER BY s.number"
        );
        on_pool!(self, |pool| {
            let rows = sqlx::query(&sql)
                .bind(course)
                .bind(start.to_string())
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|r| {
                    Ok(RosterLine {
                        staff_number: r.try_get("number")?,
                        name: r.try_get("name")?,
                        participation: Participation::try_from(ParticipationRow::from_row(r)?)?,
                    })
                })
                .collect()
        })
    }

    /// Records attendance on a session's roster: each (staff number, new
    /// status) must be on the roster and a step the flow allows. All or
    /// nothing, audited as one entry listing the changes.
    pub async fn record_attendance(
        &self,
        course: &str,
        start: NaiveDate,
        changes: &[(StaffNumber, ParticipationStatus)],
        actor: &str,
    ) -> Result<usize, StoreError> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let session_id = session_id((&mut *tx).into(), course, start).await?;
            let mut current: HashMap<StaffNumber, (i64, ParticipationStatus)> = HashMap::new();
            let rows: Vec<(StaffNumber, i64, String)> = sqlx::query_as(
                "SELECT s.number, p.staff_id, p.status FROM participations p JOIN staff s ON s.id = p.staff_id \
                 WHERE p.session_id = $1",
            )
            .bind(session_id)
            .fetch_all(&mut *tx)
            .await?;
            for (number, staff_id, status) in rows {
                current.insert(number, (staff_id, coded(&status)?));
            }
            let mut made = Vec::new();
            for (number, status) in changes {
                let Some((staff_id, old)) = current.get(number) else {
                    return Err(StoreError::refused(
                        "changes",
                        "not_on_roster",
                        Message::new("training_changes_not_on_roster").arg("number", number),
                    ));
                };
                let (old, status) = (*old, *status);
                if old == status {
                    continue;
                }
                if !old.next().contains(&status) {
                    return Err(StoreError::refused(
                        "changes",
                        "attendance_refused",
                        Message::new("training_changes_attendance_refused")
                            .label("old", &PARTICIPATION_STATUSES, old.code())
                            .label("status", &PARTICIPATION_STATUSES, status.code())
                            .arg("number", number),
                    ));
                }
                sqlx::query(
                    "UPDATE participations SET status = $3, \
                     satisfaction = CASE WHEN $3 IN ('attended', 'completed') THEN satisfaction END, \
                     certificate = CASE WHEN $3 = 'completed' THEN certificate END \
                     WHERE session_id = $1 AND staff_id = $2",
                )
                .bind(session_id)
                .bind(*staff_id)
                .bind(status.code())
                .execute(&mut *tx)
                .await?;
                made.push(serde_json::json!({ "staff": number, "from": old, "to": status }));
            }
            if !made.is_empty() {
                let key = format!("{course}@{start}");
                crate::people::log_write(
                    self,
                    (&mut *tx).into(),
                    &crate::audit::AuditEvent {
                        actor,
                        action: "record_attendance",
                        record_type: "training_session",
                        record_key: &key,
                        detail: serde_json::json!({ "changes": made }),
                    },
                )
                .await?;
            }
            tx.commit().await?;
            Ok(made.len())
        })
    }

    /// A staff member's training, newest first.
    pub async fn training_of(&self, number: &str) -> Result<Vec<HistoryLine>> {
        let sql = format!(
            "{PARTICIPATION_SELECT} WHERE s.number = $1 ORDER BY ts.start_date DESC, c.code"
        );
        on_pool!(self, |pool| {
            let rows = sqlx::query(&sql).bind(number).fetch_all(pool).await?;
            rows.iter()
                .map(|r| {
                    Ok(HistoryLine {
                        title: r.try_get("title")?,
                        category: coded(&r.try_get::<String, _>("category")?)?,
                        hours: r.try_get("hours")?,
                        end: r
                            .try_get::<Option<String>, _>("end_date")?
                            .as_deref()
                            .map(day)
                            .transpose()?,
                        participation: Participation::try_from(ParticipationRow::from_row(r)?)?,
                    })
                })
                .collect()
        })
    }

    /// A staff member's self-development applications, newest first.
    pub async fn self_development_of(&self, number: &str) -> Result<Vec<SelfDevelopment>> {
        let sql =
            format!("{SELF_DEVELOPMENT_SELECT} WHERE s.number = $1 ORDER BY sd.applied_date DESC");
        on_pool!(self, |pool| {
            let rows: Vec<SelfDevelopmentRecordRow> =
                sqlx::query_as(&sql).bind(number).fetch_all(pool).await?;
            records(rows)
        })
    }

    /// Every self-development application, for export.
    pub async fn all_self_development(&self) -> Result<Vec<SelfDevelopment>> {
        let sql = format!("{SELF_DEVELOPMENT_SELECT} ORDER BY sd.applied_date, s.number");
        on_pool!(self, |pool| {
            let rows: Vec<SelfDevelopmentRecordRow> = sqlx::query_as(&sql).fetch_all(pool).await?;
            records(rows)
        })
    }

    /// Self-development applications made in `year`, by date.
    pub async fn self_development(&self, year: FiscalYear) -> Result<Vec<SelfDevelopment>> {
        let (Some(from), Some(to)) = (year.start(), year.end()) else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "{SELF_DEVELOPMENT_SELECT} WHERE sd.applied_date BETWEEN $1 AND $2 ORDER BY sd.applied_date, s.number"
        );
        on_pool!(self, |pool| {
            let rows: Vec<SelfDevelopmentRecordRow> = sqlx::query_as(&sql)
                .bind(from.to_string())
                .bind(to.to_string())
                .fetch_all(pool)
                .await?;
            records(rows)
        })
    }

    /// Training per unit in `year` (participants' primary unit on the
    /// session's first day), by unit code.
    pub async fn training_by_unit(&self, year: FiscalYear) -> Result<Vec<UnitTraining>> {
        let (Some(from), Some(to)) = (year.start(), year.end()) else {
            return Ok(Vec::new());
        };
        let took = took_part_sql();
        let sql = format!(
            "SELECT a.unit_code, COUNT(*) AS participations, COUNT(DISTINCT p.staff_id) AS people, \
             SUM(COALESCE(c.hours, 0.0)) AS hours FROM training_sessions ts \
             JOIN participations p ON p.session_id = ts.id JOIN courses c ON c.id = ts.course_id \
             JOIN assignments a ON a.staff_id = p.staff_id AND a.is_primary = 1 AND a.start_date <= ts.start_date \
             AND (a.end_date IS NULL OR a.end_date >= ts.start_date) \
             WHERE ts.start_date BETWEEN $1 AND $2 AND p.status IN ({took}) GROUP BY a.unit_code ORDER BY a.unit_code"
        );
        on_pool!(self, |pool| {
            let rows = sqlx::query(&sql)
                .bind(from.to_string())
                .bind(to.to_string())
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|r| {
                    Ok(UnitTraining {
                        unit_code: r.try_get("unit_code")?,
                        participations: r.try_get("participations")?,
                        people: r.try_get("people")?,
                        hours: r.try_get::<Option<f64>, _>("hours")?.unwrap_or(0.0),
                    })
                })
                .collect()
        })
    }

    /// The needs survey of `year` beside the sessions offered and taken,
    /// per topic (every topic asked for or offered).
    pub async fn needs_and_offer(&self, year: FiscalYear) -> Result<Vec<NeedsLine>> {
        let (Some(from), Some(to)) = (year.start(), year.end()) else {
            return Ok(Vec::new());
        };
        let took = took_part_sql();
        let requests_sql =
            "SELECT topic, COUNT(*) AS n FROM training_needs WHERE fiscal_year = $1 GROUP BY topic";
        let offered_sql = format!(
            "SELECT ct.topic, COUNT(DISTINCT ts.id) AS sessions, \
             COUNT(DISTINCT CASE WHEN p.status IN ({took}) THEN p.id END) AS took_part \
             FROM training_sessions ts JOIN course_topics ct ON ct.course_id = ts.course_id \
             LEFT JOIN participations p ON p.session_id = ts.id \
             WHERE ts.start_date BETWEEN $1 AND $2 GROUP BY ct.topic"
        );
        let mut lines: HashMap<String, NeedsLine> = HashMap::new();
        on_pool!(self, |pool| {
            for r in sqlx::query(requests_sql)
                .bind(i64::from(year.0))
                .fetch_all(pool)
                .await?
            {
                let topic: String = r.try_get("topic")?;
                lines.entry(topic.clone()).or_default().requests = r.try_get("n")?;
            }
            for r in sqlx::query(&offered_sql)
                .bind(from.to_string())
                .bind(to.to_string())
                .fetch_all(pool)
                .await?
            {
                let topic: String = r.try_get("topic")?;
                let line = lines.entry(topic).or_default();
                line.sessions = r.try_get("sessions")?;
                line.took_part = r.try_get("took_part")?;
            }
            Ok::<_, StoreError>(())
        })?;
        let mut out: Vec<NeedsLine> = lines
            .into_iter()
            .map(|(topic, line)| NeedsLine { topic, ..line })
            .collect();
        let order = |t: &str| {
            jinzai_domain::training::TRAINING_TOPICS
                .items
                .iter()
                .position(|(c, _, _)| *c == t)
                .unwrap_or(usize::MAX)
        };
        out.sort_by_key(|l| order(&l.topic));
        Ok(out)
    }

    /// The OJT plans of `year` with the OJT sessions each unit held.
    pub async fn ojt_plans(&self, year: FiscalYear) -> Result<Vec<OjtPlanRow>> {
        let (Some(from), Some(to)) = (year.start(), year.end()) else {
            return Ok(Vec::new());
        };
        let sql = "SELECT o.*, (SELECT COUNT(*) FROM training_sessions ts JOIN courses c ON c.id = ts.course_id \
             WHERE c.category = 'ojt' AND ts.unit_code = o.unit_code AND ts.start_date BETWEEN $2 AND $3) AS held \
             FROM ojt_plans o WHERE o.fiscal_year = $1 ORDER BY o.unit_code";
        on_pool!(self, |pool| {
            let rows: Vec<HeldRow> = sqlx::query_as(sql)
                .bind(i64::from(year.0))
                .bind(from.to_string())
                .bind(to.to_string())
                .fetch_all(pool)
                .await?;
            records(rows)
        })
    }

    /// Every participation, for export (by session and staff number).
    pub async fn participations(&self) -> Result<Vec<Participation>> {
        let sql = format!("{PARTICIPATION_SELECT} ORDER BY ts.start_date, c.code, s.number");
        on_pool!(self, |pool| {
            let rows = sqlx::query(&sql).fetch_all(pool).await?;
            rows.iter()
                .map(|r| Participation::try_from(ParticipationRow::from_row(r)?))
                .collect()
        })
    }

    /// Every needs-survey answer, for export (by year and topic).
    pub async fn all_needs(&self) -> Result<Vec<NeedRequest>> {
        let sql = "SELECT n.fiscal_year, s.number, n.topic, n.request FROM training_needs n \
             LEFT JOIN staff s ON s.id = n.staff_id ORDER BY n.fiscal_year, n.topic, n.id";
        on_pool!(self, |pool| {
            let rows = sqlx::query(sql).fetch_all(pool).await?;
            rows.iter()
                .map(|r| {
                    Ok(NeedRequest {
                        fiscal_year: i32::try_from(r.try_get::<i64, _>("fiscal_year")?)
                            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                        staff_number: r.try_get("number")?,
                        topic: r.try_get("topic")?,
                        request: r.try_get("request")?,
                    })
                })
                .collect()
        })
    }

    /// Every OJT plan, for export.
    pub async fn all_ojt_plans(&self) -> Result<Vec<OjtPlan>> {
        on_pool!(self, |pool| {
            let rows: Vec<OjtPlanRecordRow> =
                sqlx::query_as("SELECT * FROM ojt_plans ORDER BY fiscal_year, unit_code")
                    .fetch_all(pool)
                    .await?;
            records(rows)
        })
    }
}

const SELF_DEVELOPMENT_SELECT: &str = "SELECT s.number, sd.kind, sd.title, sd.applied_date, sd.status, sd.subsidy, \
     sd.completed_date, sd.qualification, sd.note FROM self_development sd JOIN staff s ON s.id = sd.staff_id";

/// An OJT plan as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct OjtPlanRecordRow {
    unit_code: UnitCode,
    fiscal_year: i64,
    theme: String,
    planned_sessions: i64,
    note: Option<String>,
}

impl TryFrom<OjtPlanRecordRow> for OjtPlan {
    type Error = StoreError;

    fn try_from(r: OjtPlanRecordRow) -> Result<OjtPlan> {
        let corrupt = |e: std::num::TryFromIntError| StoreError::Corrupt(e.to_string());
        Ok(OjtPlan {
            unit_code: r.unit_code,
            fiscal_year: i32::try_from(r.fiscal_year).map_err(corrupt)?,
            theme: r.theme,
            planned_sessions: u32::try_from(r.planned_sessions).map_err(corrupt)?,
            note: r.note,
        })
    }
}

/// An OJT plan as stored with the sessions its unit held.
#[derive(sqlx::FromRow)]
struct HeldRow {
    #[sqlx(flatten)]
    plan: OjtPlanRecordRow,
    held: i64,
}

impl TryFrom<HeldRow> for OjtPlanRow {
    type Error = StoreError;

    fn try_from(r: HeldRow) -> Result<OjtPlanRow> {
        Ok(OjtPlanRow {
            plan: r.plan.try_into()?,
            held: r.held,
        })
    }
}

/// A self-development application as stored, with the staff number.
#[derive(sqlx::FromRow)]
pub(crate) struct SelfDevelopmentRecordRow {
    number: StaffNumber,
    kind: String,
    title: String,
    applied_date: String,
    status: String,
    subsidy: Option<i64>,
    completed_date: Option<String>,
    qualification: Option<String>,
    note: Option<String>,
}

impl TryFrom<SelfDevelopmentRecordRow> for SelfDevelopment {
    type Error = StoreError;

    fn try_from(r: SelfDevelopmentRecordRow) -> Result<SelfDevelopment> {
        Ok(SelfDevelopment {
            staff_number: r.number,
            kind: coded(&r.kind)?,
            title: r.title,
            applied: day(&r.applied_date)?,
            status: coded(&r.status)?,
            subsidy: r.subsidy.map(yen).transpose()?,
            completed: r.completed_date.as_deref().map(day).transpose()?,
            qualification: r.qualification,
            note: r.note,
        })
    }
}

mod entry;
pub(crate) mod metrics;
pub use entry::{ROSTER_ENTRY_STATUSES, RosterAdded, SelfDevelopmentRow, SessionWrite};
