//! Job grade and employment type over time (`staff_grades`): read by staff
//! number, rewritten per person inside the import that changed them (see
//! `jinzai_domain::people::terms`).

use super::{ImportOptions, day, opt_day};
use crate::bulk::{BulkInsert, Cell, NewRows};
use crate::conn::{Conn, on_conn};
use crate::rows::coded;
use crate::{Result, Store, on_pool};
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::people::terms::Term;
use std::collections::HashMap;

/// Stretches by staff number, each person's in order.
pub(crate) type Histories = HashMap<StaffNumber, Vec<Term>>;

/// A stretch as stored.
#[derive(sqlx::FromRow)]
struct TermRow {
    number: StaffNumber,
    valid_from: String,
    valid_to: Option<String>,
    employment_type: String,
    job_grade: Option<String>,
    source: String,
}

impl TryFrom<TermRow> for (StaffNumber, Term) {
    type Error = crate::StoreError;

    fn try_from(r: TermRow) -> Result<(StaffNumber, Term)> {
        Ok((
            r.number,
            Term {
                from: day(&r.valid_from)?,
                until: opt_day(r.valid_to)?,
                employment_type: r.employment_type,
                job_grade: r.job_grade,
                source: coded(&r.source)?,
            },
        ))
    }
}

const TERM_SELECT: &str = "SELECT s.number, g.valid_from, g.valid_to, g.employment_type, g.job_grade, g.source \
     FROM staff_grades g JOIN staff s ON s.id = g.staff_id";

fn group(rows: Vec<TermRow>) -> Result<Histories> {
    let mut out = Histories::new();
    for r in rows {
        let (number, term) = r.try_into()?;
        out.entry(number).or_default().push(term);
    }
    Ok(out)
}

/// Every person's stretches, on `conn` (inside an import).
pub(crate) async fn load(conn: Conn<'_>) -> Result<Histories> {
    let rows: Vec<TermRow> = on_conn!(conn, |c| {
        sqlx::query_as(&format!("{TERM_SELECT} ORDER BY g.staff_id, g.valid_from"))
            .fetch_all(c)
            .await?
    });
    group(rows)
}

/// A person whose stretches are written: their staff id, their whole
/// history, and whether any is stored already (then it is replaced, and
/// the staff record's current values are set to the last stretch's).
pub(crate) type Rewrite<'a> = (i64, &'a [Term], bool);

/// Writes the stretches of the people in `changed`.
pub(crate) async fn write(
    mut conn: Conn<'_>,
    changed: &[Rewrite<'_>],
    opts: &ImportOptions<'_>,
) -> Result<()> {
    if changed.is_empty() {
        return Ok(());
    }
    let mut rows = Vec::new();
    for (id, terms, _) in changed {
        for t in *terms {
            rows.push(vec![
                Cell::Int(*id),
                Cell::date(Some(t.from)),
                Cell::date(t.until),
                Cell::text(&t.employment_type),
                Cell::opt(t.job_grade.as_deref()),
                Cell::text(t.source.code()),
            ]);
        }
    }
    let new = NewRows {
        table: "staff_grades",
        columns: &[
            "staff_id",
            "valid_from",
            "valid_to",
            "employment_type",
            "job_grade",
            "source",
        ],
        rows,
    };
    let quiet = ImportOptions {
        progress: None,
        ..*opts
    };
    on_conn!(conn.reborrow(), |c| {
        for (id, terms, _) in changed.iter().filter(|c| c.2) {
            sqlx::query("DELETE FROM staff_grades WHERE staff_id = $1")
                .bind(id)
                .execute(&mut *c)
                .await?;
            if let Some(last) = terms.last() {
                sqlx::query("UPDATE staff SET employment_type = $1, job_grade = $2 WHERE id = $3")
                    .bind(&last.employment_type)
                    .bind(&last.job_grade)
                    .bind(id)
                    .execute(&mut *c)
                    .await?;
            }
        }
        c.insert_rows(&new, &quiet).await?;
    });
    Ok(())
}

impl Store {
    /// A staff member's job grade and employment type over time, oldest
    /// first.
    pub async fn grades_of(&self, number: &str) -> Result<Vec<Term>> {
        let rows: Vec<TermRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "{TERM_SELECT} WHERE s.number = $1 ORDER BY g.valid_from"
            ))
            .bind(number)
            .fetch_all(pool)
            .await?
        });
        Ok(group(rows)?.into_values().next().unwrap_or_default())
    }

    /// Everyone's stretches, by staff number then date (for export).
    pub async fn all_grades(&self) -> Result<Vec<(StaffNumber, Term)>> {
        let rows: Vec<TermRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!("{TERM_SELECT} ORDER BY s.number, g.valid_from"))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(TryInto::try_into).collect()
    }

    /// Everyone's stretches, by person, each list in date order (what a
    /// judgement of many people on a day reads).
    pub async fn grades_by_person(&self) -> Result<HashMap<StaffNumber, Vec<Term>>> {
        let mut out: HashMap<StaffNumber, Vec<Term>> = HashMap::new();
        for (n, t) in self.all_grades().await? {
            out.entry(n).or_default().push(t);
        }
        Ok(out)
    }
}
