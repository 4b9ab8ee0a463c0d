//! Past applications from files (paper records, or the sample city): each
//! row checked against its posting — it exists for that year and title,
//! the person is on the staff master, applied within the window and was
//! eligible on the day it opened — then written all or nothing, audited as
//! one import. A selection read from a file makes no assignment: the
//! assignments file carries it. Read back for export.

use super::StoredPosting;
use crate::conn::BeginWrite;
use crate::people::{end_import, load_staff_ids};
use crate::{ImportOptions, ImportSummary, Result, Store, StoreError, on_pool};
use jinzai_domain::exams::Candidate;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::people::unit::RecordProblem;
use jinzai_domain::postings::ApplicationRecord;
use std::collections::{HashMap, HashSet};

impl Store {
    /// Imports applications with how they ended (upsert by posting and
    /// person); every problem placed at its row and column, nothing
    /// written unless all rows pass.
    pub async fn import_posting_applications(
        &self,
        list: &[ApplicationRecord],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary> {
        let postings: HashMap<(i32, String), StoredPosting> = self
            .postings(None)
            .await?
            .into_iter()
            .map(|p| ((p.posting.fiscal_year, p.posting.title.clone()), p))
            .collect();
        let staff: HashMap<StaffNumber, _> = self
            .all_staff()
            .await?
            .into_iter()
            .map(|s| (s.number.clone(), s))
            .collect();
        let terms = self.grades_by_person().await?;
        let mut mains: HashMap<StaffNumber, Vec<_>> = HashMap::new();
        for a in self.primary_assignments().await? {
            mains.entry(a.staff_number.clone()).or_default().push(a);
        }
        let stored: HashMap<(i64, StaffNumber), (chrono::NaiveDate, String)> = self
            .posting_applications(None, None)
            .await?
            .into_iter()
            .map(|a| {
                (
                    (a.posting_id, a.staff_number),
                    (a.applied_on, a.status.code().to_owned()),
                )
            })
            .collect();
        let mut problems = Vec::new();
        let mut ready = Vec::new();
        let mut seen = HashSet::new();
        for (i, r) in list.iter().enumerate() {
            let Some(p) = postings.get(&(r.fiscal_year, r.title.trim().to_owned())) else {
                problems.push(RecordProblem::new(
                    i,
                    "title",
                    Message::new("postings_no_posting_named")
                        .arg("year", r.fiscal_year)
                        .arg("title", &r.title),
                ));
                continue;
            };
            let Some(person) = staff.get(&r.staff_number) else {
                problems.push(RecordProblem::new(
                    i,
                    "staff_number",
                    Message::new("people_staff_unknown").arg("number", &r.staff_number),
                ));
                continue;
            };
            if !seen.insert((p.id, &r.staff_number)) {
                problems.push(RecordProblem::new(
                    i,
                    "staff_number",
                    Message::new("postings_row_twice").arg("number", &r.staff_number),
                ));
                continue;
            }
            let x = &p.posting;
            if !x.open_on(r.applied_on) {
                problems.push(RecordProblem::new(
                    i,
                    "applied_on",
                    Message::new("postings_window_closed")
                        .arg("from", x.opens_on)
                        .arg("to", x.closes_on),
                ));
            }
            let c = Candidate::of(
                person,
                terms.get(&r.staff_number).map_or(&[][..], Vec::as_slice),
                x.opens_on,
            );
            let since = mains
                .get(&r.staff_number)
                .and_then(|l| l.iter().find(|a| a.active_on(x.opens_on)))
                .map(|a| a.start);
            if let Err(rule) = x.eligibility.judge(&c, since, x.opens_on) {
                problems.push(RecordProblem::new(i, "staff_number", rule));
            }
            ready.push((p.id, r));
        }
        if !problems.is_empty() {
            return Err(StoreError::Records(problems));
        }
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let ids = load_staff_ids((&mut *tx).into()).await?;
            let mut summary = ImportSummary::default();
            for (done, (posting_id, r)) in ready.iter().enumerate() {
                opts.tick(done + 1, ready.len());
                let staff_id = ids.get(&r.staff_number).map_or(0, |s| s.0);
                let decided = (!r.status.open()).then(|| r.applied_on.to_string());
                let sql = match stored.get(&(*posting_id, r.staff_number.clone())) {
                    Some((on, status)) if *on == r.applied_on && status == r.status.code() => {
                        summary.unchanged += 1;
                        continue;
                    }
                    Some(_) => {
                        summary.updated += 1;
                        "UPDATE posting_applications SET applied_on = $3, status = $4, decided_on = $5, decided_by = $6 \
                         WHERE posting_id = $1 AND staff_id = $2"
                    }
                    None => {
                        summary.created += 1;
                        "INSERT INTO posting_applications (posting_id, staff_id, applied_on, status, decided_on, decided_by) \
                         VALUES ($1, $2, $3, $4, $5, $6)"
                    }
                };
                sqlx::query(sql)
                    .bind(posting_id)
                    .bind(staff_id)
                    .bind(r.applied_on.to_string())
                    .bind(r.status.code())
                    .bind(&decided)
                    .bind(decided.as_ref().map(|_| opts.actor_name()))
                    .execute(&mut *tx)
                    .await?;
            }
            end_import(self, tx, &opts, "posting_applications", summary, None).await
        })?;
        self.after_import("posting_applications", summary, opts)
            .await
    }

    /// Every application as a file row, by year, posting and staff number.
    pub async fn all_posting_records(&self) -> Result<Vec<ApplicationRecord>> {
        let postings: HashMap<i64, StoredPosting> = self
            .postings(None)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let mut out: Vec<ApplicationRecord> = self
            .posting_applications(None, None)
            .await?
            .into_iter()
            .filter_map(|a| {
                let p = postings.get(&a.posting_id)?;
                Some(ApplicationRecord {
                    fiscal_year: p.posting.fiscal_year,
                    title: p.posting.title.clone(),
                    staff_number: a.staff_number,
                    applied_on: a.applied_on,
                    status: a.status,
                })
            })
            .collect();
        out.sort_by(|a, b| {
            (a.fiscal_year, &a.title, &a.staff_number).cmp(&(
                b.fiscal_year,
                &b.title,
                &b.staff_number,
            ))
        });
        Ok(out)
    }
}
