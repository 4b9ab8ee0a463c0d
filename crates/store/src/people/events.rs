//! Personnel events: all-or-nothing imports and queries.

use crate::conn::BeginWrite;
use crate::people::{
    Change, ImportOptions, ImportSummary, day, end_import, grades, load_staff_ids, staff_reference,
};
use crate::rows::{coded, records};
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::people::event::{EventKind, PersonnelEvent};
use jinzai_domain::people::terms;
use std::collections::HashMap;

/// A personnel event as stored: dates as ISO text, the flag as 0/1. The
/// derived `FromRow` is generic over the row type, so one definition reads
/// both engines (the pattern for every row the store maps).
#[derive(sqlx::FromRow)]
struct EventRow {
    number: StaffNumber,
    kind: String,
    event_date: String,
    end_date: Option<String>,
    voluntary: i64,
    partner_type: Option<String>,
    partner: Option<String>,
    from_grade: Option<String>,
    to_grade: Option<String>,
    note: Option<String>,
}

impl TryFrom<EventRow> for PersonnelEvent {
    type Error = StoreError;

    fn try_from(r: EventRow) -> Result<PersonnelEvent> {
        Ok(PersonnelEvent {
            staff_number: r.number,
            kind: coded(&r.kind)?,
            date: day(&r.event_date)?,
            end: r.end_date.as_deref().map(day).transpose()?,
            voluntary: r.voluntary != 0,
            partner_type: r.partner_type,
            partner: r.partner,
            from_grade: r.from_grade,
            to_grade: r.to_grade,
            note: r.note,
        })
    }
}

/// Stored rows as domain records.
const EVENT_SELECT: &str = "SELECT s.number, e.kind, e.event_date, e.end_date, e.voluntary, e.partner_type, e.partner, \
     e.from_grade, e.to_grade, e.note FROM personnel_events e JOIN staff s ON s.id = e.staff_id";

impl Store {
    /// Imports events (upsert by staff, kind and date); all or nothing.
    pub async fn import_events(
        &self,
        list: &[PersonnelEvent],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary, StoreError> {
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let staff = load_staff_ids((&mut *tx).into()).await?;
            let mut problems = Vec::new();
            for (i, e) in list.iter().enumerate() {
                // Staff received from elsewhere may arrive before their hire here.
                let after_hire = !e.kind.arrives();
                problems.extend(staff_reference(
                    &staff,
                    i,
                    &e.staff_number,
                    ("date", ("発令日", "the event's date"), e.date),
                    after_hire,
                ));
            }
            if !problems.is_empty() {
                return Err(StoreError::Records(problems));
            }
            let stored: Vec<PersonnelEvent> = records(
                sqlx::query_as::<_, EventRow>(EVENT_SELECT)
                    .fetch_all(&mut *tx)
                    .await?,
            )?;
            let by_key: HashMap<(&str, EventKind, NaiveDate), &PersonnelEvent> = stored
                .iter()
                .map(|s| ((s.staff_number.as_str(), s.kind, s.date), s))
                .collect();
            let mut summary = ImportSummary::default();
            for (done, e) in list.iter().enumerate() {
                opts.tick(done + 1, list.len());
                let staff_id = staff.get(&e.staff_number).map_or(0, |s| s.0);
                let existing = by_key.get(&(e.staff_number.as_str(), e.kind, e.date));
                let sql = match summary.compare(existing.copied(), e) {
                    Change::Same => continue,
                    Change::Changed(_) => {
                        "UPDATE personnel_events SET end_date = $4, voluntary = $5, partner_type = $6, partner = $7, from_grade = $8, \
                         to_grade = $9, note = $10 WHERE staff_id = $1 AND kind = $2 AND event_date = $3"
                    }
                    Change::New => {
                        "INSERT INTO personnel_events (staff_id, kind, event_date, end_date, voluntary, partner_type, partner, from_grade, \
                         to_grade, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                    }
                };
                sqlx::query(sql)
                    .bind(staff_id)
                    .bind(e.kind.code())
                    .bind(e.date.to_string())
                    .bind(e.end.map(|d| d.to_string()))
                    .bind(i64::from(e.voluntary))
                    .bind(&e.partner_type)
                    .bind(&e.partner)
                    .bind(&e.from_grade)
                    .bind(&e.to_grade)
                    .bind(&e.note)
                    .execute(&mut *tx)
                    .await?;
            }
            // Grades and types over time: every event of the file that
            // sets one is applied again in date order (applying is
            // idempotent), and the people whose history changed rewritten.
            let mut histories = grades::load((&mut *tx).into()).await?;
            let mut touched: Vec<&StaffNumber> = Vec::new();
            let mut dated: Vec<&PersonnelEvent> = list.iter().collect();
            dated.sort_by_key(|e| e.date);
            for e in dated {
                if let Some(change) = e.grade_change()
                    && let Some(terms) = histories.get_mut(&e.staff_number)
                {
                    let before = terms.clone();
                    terms::apply(terms, &change);
                    if *terms != before {
                        touched.push(&e.staff_number);
                    }
                }
            }
            touched.sort();
            touched.dedup();
            let changed: Vec<grades::Rewrite<'_>> = touched
                .iter()
                .filter_map(|n| Some((staff.get(*n)?.0, histories.get(*n)?.as_slice(), true)))
                .collect();
            grades::write((&mut *tx).into(), &changed, &opts).await?;
            end_import(self, tx, &opts, "events", summary, None).await
        })?;
        self.after_import("personnel_events", summary, opts).await
    }

    /// Events, optionally of one kind and overlapping [from, to], by date.
    pub async fn events(
        &self,
        kind: Option<EventKind>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<PersonnelEvent>> {
        let sql = format!(
            "{EVENT_SELECT} WHERE ($1 = '' OR e.kind = $1) AND ($2 = '' OR COALESCE(e.end_date, e.event_date) >= $2) \
             AND ($3 = '' OR e.event_date <= $3) ORDER BY e.event_date, s.number"
        );
        let iso = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        on_pool!(self, |pool| {
            let rows = sqlx::query_as::<_, EventRow>(&sql)
                .bind(kind.map_or("", EventKind::code))
                .bind(iso(from))
                .bind(iso(to))
                .fetch_all(pool)
                .await?;
            records(rows)
        })
    }

    /// One staff member's events, oldest first.
    pub async fn events_of(&self, number: &str) -> Result<Vec<PersonnelEvent>> {
        let sql = format!("{EVENT_SELECT} WHERE s.number = $1 ORDER BY e.event_date, e.kind");
        on_pool!(self, |pool| {
            let rows = sqlx::query_as::<_, EventRow>(&sql)
                .bind(number)
                .fetch_all(pool)
                .await?;
            records(rows)
        })
    }
}
