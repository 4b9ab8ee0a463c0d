//! Personnel evaluation: the scheme, the periods of each fiscal year and
//! the evaluators' chains (see `jinzai_domain::evaluation`). Every write is
//! one transaction with its audit entry.

pub(crate) mod metrics;
mod progress;
pub mod sheet;

use crate::conn::{BeginWrite, Conn, on_conn};
use crate::people::{
    Change, ImportOptions, ImportSummary, day, end_import, load_staff_ids, log_write,
};
use crate::rows::{coded, records};
use crate::{Result, Store, StoreError, on_pool};
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::evaluation::chain::{ChainContext, check_chains};
use jinzai_domain::evaluation::{Chain, EvaluationKind, Period, PeriodTerm, Scheme};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::training::TOOK_PART;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A period as stored, with the scheme it was opened under.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredPeriod {
    pub id: i64,
    #[serde(flatten)]
    pub period: Period,
    pub scheme: Scheme,
    pub opened_by: String,
    pub opened_at: String,
    /// When HR published the period's rating distribution (none: not).
    pub published_at: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PeriodRow {
    id: i64,
    fiscal_year: i32,
    kind: String,
    term: String,
    starts_on: String,
    ends_on: String,
    scheme: String,
    opened_by: String,
    opened_at: String,
    published_at: Option<String>,
}

impl TryFrom<PeriodRow> for StoredPeriod {
    type Error = StoreError;

    fn try_from(r: PeriodRow) -> Result<StoredPeriod> {
        Ok(StoredPeriod {
            id: r.id,
            period: Period {
                fiscal_year: r.fiscal_year,
                kind: coded::<EvaluationKind>(&r.kind)?,
                term: coded::<PeriodTerm>(&r.term)?,
                starts_on: day(&r.starts_on)?,
                ends_on: day(&r.ends_on)?,
            },
            scheme: json(&r.scheme)?,
            opened_by: r.opened_by,
            opened_at: r.opened_at,
            published_at: r.published_at,
        })
    }
}

fn json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A chain as stored, with its people's staff numbers.
#[derive(sqlx::FromRow)]
struct ChainRow {
    fiscal_year: i32,
    evaluatee: StaffNumber,
    first: StaffNumber,
    second: Option<StaffNumber>,
    adjuster: Option<StaffNumber>,
    confirmer: Option<StaffNumber>,
    valid_from: String,
    valid_to: Option<String>,
    training_exception: Option<String>,
}

impl TryFrom<ChainRow> for Chain {
    type Error = StoreError;

    fn try_from(r: ChainRow) -> Result<Chain> {
        Ok(Chain {
            fiscal_year: r.fiscal_year,
            evaluatee: r.evaluatee,
            first: r.first,
            second: r.second,
            adjuster: r.adjuster,
            confirmer: r.confirmer,
            from: day(&r.valid_from)?,
            until: r.valid_to.as_deref().map(day).transpose()?,
            training_exception: r.training_exception,
        })
    }
}

const CHAIN_SELECT: &str = "SELECT c.fiscal_year, e.number AS evaluatee, f.number AS first, s2.number AS second, \
     a.number AS adjuster, k.number AS confirmer, c.valid_from, c.valid_to, c.training_exception \
     FROM evaluation_chains c JOIN staff e ON e.id = c.evaluatee_id JOIN staff f ON f.id = c.first_id \
     LEFT JOIN staff s2 ON s2.id = c.second_id LEFT JOIN staff a ON a.id = c.adjuster_id \
     LEFT JOIN staff k ON k.id = c.confirmer_id";

/// Each person's evaluator-training days (took part), oldest first.
pub type TrainingDays = HashMap<StaffNumber, Vec<NaiveDate>>;

/// The latest day in `days` on or before `on`.
pub fn latest_on(days: &TrainingDays, who: &StaffNumber, on: NaiveDate) -> Option<NaiveDate> {
    days.get(who)?.iter().rev().find(|d| **d <= on).copied()
}

async fn training_days(conn: Conn<'_>) -> Result<TrainingDays> {
    let took_part: Vec<&str> = TOOK_PART.iter().map(|s| s.code()).collect();
    let sql = format!(
        "SELECT DISTINCT s.number, ts.start_date FROM participations p \
         JOIN training_sessions ts ON ts.id = p.session_id \
         JOIN course_topics ct ON ct.course_id = ts.course_id AND ct.topic = 'evaluator' \
         JOIN staff s ON s.id = p.staff_id WHERE p.status IN ('{}') ORDER BY ts.start_date",
        took_part.join("', '")
    );
    let rows: Vec<(StaffNumber, String)> =
        on_conn!(conn, |c| { sqlx::query_as(&sql).fetch_all(c).await? });
    let mut out = TrainingDays::new();
    for (n, d) in rows {
        out.entry(n).or_default().push(day(&d)?);
    }
    Ok(out)
}

async fn open_years(conn: Conn<'_>) -> Result<Vec<i32>> {
    let years: Vec<(i32,)> = on_conn!(conn, |c| {
        sqlx::query_as("SELECT DISTINCT fiscal_year FROM evaluation_periods")
            .fetch_all(c)
            .await?
    });
    Ok(years.into_iter().map(|(y,)| y).collect())
}

impl Store {
    /// The scheme in force (the default until HR sets one).
    pub async fn evaluation_scheme(&self) -> Result<Scheme> {
        let row: Option<(String,)> = on_pool!(self, |pool| {
            sqlx::query_as("SELECT scheme FROM evaluation_scheme WHERE id = 1")
                .fetch_optional(pool)
                .await?
        });
        row.map_or_else(|| Ok(Scheme::default()), |(s,)| json(&s))
    }

    /// Sets the scheme (checked by the caller), audited with the one
    /// before. Periods already open keep theirs.
    pub async fn set_evaluation_scheme(&self, scheme: &Scheme, actor: &str) -> Result<()> {
        let before = self.evaluation_scheme().await?;
        let text = to_json(scheme)?;
        let now = self.now();
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO evaluation_scheme (id, scheme, updated_by, updated_at) VALUES (1, $1, $2, $3) \
                 ON CONFLICT (id) DO UPDATE SET scheme = excluded.scheme, updated_by = excluded.updated_by, \
                 updated_at = excluded.updated_at",
            )
            .bind(&text)
            .bind(actor)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "update",
                    record_type: "evaluation_scheme",
                    record_key: "scheme",
                    detail: serde_json::json!({ "scheme": scheme, "before": before }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Opens fiscal year `fy`'s periods under the scheme in force.
    pub async fn open_evaluation_year(
        &self,
        fy: FiscalYear,
        actor: &str,
    ) -> Result<Vec<StoredPeriod>> {
        let scheme = self.evaluation_scheme().await?;
        let periods = Period::of_year(fy, &scheme);
        let text = to_json(&scheme)?;
        let now = self.now();
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let open: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM evaluation_periods WHERE fiscal_year = $1")
                    .bind(fy.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            if open.is_some() {
                return Err(StoreError::refused(
                    "fiscal_year",
                    "year_open_already",
                    Message::new("evaluation_year_open_already").arg("year", fy.0),
                ));
            }
            for p in &periods {
                sqlx::query(
                    "INSERT INTO evaluation_periods (fiscal_year, kind, term, starts_on, ends_on, scheme, opened_by, opened_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(p.fiscal_year)
                .bind(p.kind.code())
                .bind(p.term.code())
                .bind(p.starts_on.to_string())
                .bind(p.ends_on.to_string())
                .bind(&text)
                .bind(actor)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
            }
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "open",
                    record_type: "evaluation_periods",
                    record_key: &fy.0.to_string(),
                    detail: serde_json::json!({ "periods": periods }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        self.evaluation_periods(Some(fy)).await
    }

    /// The periods of a fiscal year (or of every year), by year, kind and
    /// term.
    pub async fn evaluation_periods(&self, fy: Option<FiscalYear>) -> Result<Vec<StoredPeriod>> {
        let rows: Vec<PeriodRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, fiscal_year, kind, term, starts_on, ends_on, scheme, opened_by, opened_at, published_at \
                 FROM evaluation_periods WHERE ($1 = 0 OR fiscal_year = $1) ORDER BY fiscal_year, kind, starts_on",
            )
            .bind(fy.map_or(0, |y| y.0))
            .fetch_all(pool)
            .await?
        });
        let mut list: Vec<StoredPeriod> = records(rows)?;
        list.sort_by_key(|p| (p.period.fiscal_year, p.period.kind, p.period.starts_on));
        Ok(list)
    }

    /// A period's confirmed bands counted by group (the department of the
    /// evaluatee's primary unit, or their grade tier, at the period's end;
    /// "" for someone no longer serving then) and band.
    pub async fn rating_counts(
        &self,
        period: &StoredPeriod,
        by: jinzai_domain::evaluation::distribution::Grouping,
    ) -> Result<Vec<(String, String, i64)>> {
        use jinzai_domain::evaluation::distribution::Grouping;
        let group = match by {
            Grouping::Department => "COALESCE(u.parent_code, a.unit_code, '')",
            Grouping::Tier => {
                "CASE WHEN g.job_grade IN ('shuji', 'shunin') THEN 'staff' \
                 WHEN g.job_grade IN ('kakaricho', 'kacho_hosa') THEN 'supervisor' \
                 WHEN g.job_grade IN ('kacho', 'bucho') THEN 'manager' ELSE 'other' END"
            }
        };
        let sql = format!(
            "SELECT {group} AS grp, h.final_band AS band, COUNT(*) AS n FROM evaluation_sheets h \
             LEFT JOIN assignments a ON a.staff_id = h.evaluatee_id AND a.is_primary = 1 \
               AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2) \
             LEFT JOIN units u ON u.code = a.unit_code AND u.valid_from <= $2 AND (u.valid_to IS NULL OR u.valid_to >= $2) \
             LEFT JOIN staff_grades g ON g.staff_id = h.evaluatee_id AND g.valid_from <= $2 \
               AND (g.valid_to IS NULL OR g.valid_to > $2) \
             WHERE h.period_id = $1 AND h.final_band IS NOT NULL AND h.state IN ('confirmed', 'disclosed') \
             GROUP BY {group}, h.final_band"
        );
        let rows: Vec<(String, String, i64)> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(period.id)
                .bind(period.period.ends_on.to_string())
                .fetch_all(pool)
                .await?
        });
        Ok(rows)
    }

    /// Publishes a period's distribution (or withdraws it), audited.
    pub async fn publish_distribution(
        &self,
        period_id: i64,
        publish: bool,
        actor: &str,
    ) -> Result<()> {
        let now = self.now();
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "UPDATE evaluation_periods SET published_at = $1, published_by = $2 WHERE id = $3",
            )
            .bind(publish.then_some(now.as_str()))
            .bind(publish.then_some(actor))
            .bind(period_id)
            .execute(&mut *tx)
            .await?;
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: if publish { "publish" } else { "withdraw" },
                    record_type: "evaluation_distribution",
                    record_key: &period_id.to_string(),
                    detail: serde_json::json!({}),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Every person's evaluator-training days (took part), oldest first.
    pub async fn evaluator_training(&self) -> Result<TrainingDays> {
        on_pool!(self, |pool| {
            let mut c = pool.acquire().await?;
            training_days((&mut *c).into()).await
        })
    }

    /// Imports (or enters) chains: upsert by fiscal year, evaluatee and
    /// start day, each checked (people in service, nobody their own
    /// evaluator, evaluators trained or excused); all or nothing. A chain
    /// starting later than an evaluatee's earlier one ends that one.
    pub async fn import_chains(
        &self,
        list: &[Chain],
        opts: ImportOptions<'_>,
    ) -> Result<ImportSummary> {
        let now = self.now();
        let scheme = self.evaluation_scheme().await?;
        let summary = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let ids = load_staff_ids((&mut *tx).into()).await?;
            let service = in_service_map((&mut *tx).into()).await?;
            let trained = training_days((&mut *tx).into()).await?;
            let years = open_years((&mut *tx).into()).await?;
            let in_service = |n: &StaffNumber, on: NaiveDate| {
                service
                    .get(n)
                    .map(|(hire, leave)| *hire <= on && leave.is_none_or(|l| l >= on))
            };
            let last = |n: &StaffNumber, on: NaiveDate| latest_on(&trained, n, on);
            let ctx = ChainContext {
                in_service: &in_service,
                last_training: &last,
                training_years: scheme.training_years,
                open_years: &years,
            };
            let problems = check_chains(list, &ctx);
            if !problems.is_empty() {
                return Err(StoreError::Records(problems));
            }
            let stored: Vec<Chain> = records(
                sqlx::query_as::<_, ChainRow>(CHAIN_SELECT)
                    .fetch_all(&mut *tx)
                    .await?,
            )?;
            let by_key: HashMap<(i32, &str, NaiveDate), &Chain> = stored
                .iter()
                .map(|c| ((c.fiscal_year, c.evaluatee.as_str(), c.from), c))
                .collect();
            let id = |n: &StaffNumber| ids.get(n).map(|(id, _)| *id);
            let mut summary = ImportSummary::default();
            let mut touched: HashSet<(i32, i64)> = HashSet::new();
            for (done, c) in list.iter().enumerate() {
                opts.tick(done + 1, list.len());
                // `until` is the store's: compare without it.
                let key = (c.fiscal_year, c.evaluatee.as_str(), c.from);
                let existing = by_key.get(&key).map(|s| Chain {
                    until: None,
                    ..(*s).clone()
                });
                let record = Chain {
                    until: None,
                    ..c.clone()
                };
                let sql = match summary.compare(existing.as_ref(), &record) {
                    Change::Same => continue,
                    Change::Changed(_) => {
                        "UPDATE evaluation_chains SET first_id = $4, second_id = $5, adjuster_id = $6, confirmer_id = $7, \
                         training_exception = $8, set_by = $9, set_at = $10 \
                         WHERE fiscal_year = $1 AND evaluatee_id = $2 AND valid_from = $3"
                    }
                    Change::New => {
                        "INSERT INTO evaluation_chains (fiscal_year, evaluatee_id, valid_from, first_id, second_id, adjuster_id, \
                         confirmer_id, training_exception, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                    }
                };
                let evaluatee = id(&c.evaluatee).unwrap_or(0);
                touched.insert((c.fiscal_year, evaluatee));
                sqlx::query(sql)
                    .bind(c.fiscal_year)
                    .bind(evaluatee)
                    .bind(c.from.to_string())
                    .bind(id(&c.first))
                    .bind(c.second.as_ref().and_then(id))
                    .bind(c.adjuster.as_ref().and_then(id))
                    .bind(c.confirmer.as_ref().and_then(id))
                    .bind(
                        c.training_exception
                            .as_deref()
                            .map(str::trim)
                            .filter(|r| !r.is_empty()),
                    )
                    .bind(opts.actor_name())
                    .bind(&now)
                    .execute(&mut *tx)
                    .await?;
            }
            for (year, evaluatee) in touched {
                sqlx::query(
                    "UPDATE evaluation_chains SET valid_to = (SELECT MIN(n.valid_from) FROM evaluation_chains n \
                     WHERE n.fiscal_year = evaluation_chains.fiscal_year AND n.evaluatee_id = evaluation_chains.evaluatee_id \
                     AND n.valid_from > evaluation_chains.valid_from) WHERE fiscal_year = $1 AND evaluatee_id = $2",
                )
                .bind(year)
                .bind(evaluatee)
                .execute(&mut *tx)
                .await?;
            }
            end_import(self, tx, &opts, "evaluation_chains", summary, None).await
        })?;
        self.after_import("evaluation_chains", summary, opts).await
    }

    /// A fiscal year's chains (every one of each evaluatee, oldest first),
    /// by evaluatee's staff number.
    pub async fn chains(&self, fy: FiscalYear) -> Result<Vec<Chain>> {
        let rows: Vec<ChainRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "{CHAIN_SELECT} WHERE c.fiscal_year = $1 ORDER BY e.number, c.valid_from"
            ))
            .bind(fy.0)
            .fetch_all(pool)
            .await?
        });
        records(rows)
    }

    /// Every year's chains, by year, evaluatee and start (for export).
    pub async fn all_chains(&self) -> Result<Vec<Chain>> {
        let rows: Vec<ChainRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "{CHAIN_SELECT} ORDER BY c.fiscal_year, e.number, c.valid_from"
            ))
            .fetch_all(pool)
            .await?
        });
        records(rows)
    }

    /// One evaluatee's chains of a fiscal year, oldest first.
    pub async fn chains_of(&self, fy: FiscalYear, evaluatee: &str) -> Result<Vec<Chain>> {
        let rows: Vec<ChainRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "{CHAIN_SELECT} WHERE c.fiscal_year = $1 AND e.number = $2 ORDER BY c.valid_from"
            ))
            .bind(fy.0)
            .bind(evaluatee)
            .fetch_all(pool)
            .await?
        });
        records(rows)
    }

    /// The chains of a fiscal year `who` (a staff number) holds a place in.
    pub async fn chains_with(&self, fy: FiscalYear, who: &str) -> Result<Vec<Chain>> {
        let rows: Vec<ChainRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "{CHAIN_SELECT} WHERE c.fiscal_year = $1 AND (f.number = $2 OR s2.number = $2 OR a.number = $2 \
                 OR k.number = $2) ORDER BY e.number, c.valid_from"
            ))
            .bind(fy.0)
            .bind(who)
            .fetch_all(pool)
            .await?
        });
        records(rows)
    }
}

impl Store {
    /// The names of the staff with these numbers (those that exist).
    pub async fn staff_names(
        &self,
        numbers: &[&StaffNumber],
    ) -> Result<HashMap<StaffNumber, String>> {
        let mut out = HashMap::new();
        for chunk in numbers.chunks(500) {
            let rows: Vec<(StaffNumber, String)> = on_pool!(self, |pool| {
                let mut qb =
                    sqlx::QueryBuilder::new("SELECT number, name FROM staff WHERE number IN (");
                let mut list = qb.separated(", ");
                for n in chunk {
                    list.push_bind(n.as_str());
                }
                qb.push(")");
                qb.build_query_as().fetch_all(pool).await?
            });
            out.extend(rows);
        }
        Ok(out)
    }
}

/// Hire and leaving day by staff number.
async fn in_service_map(
    conn: Conn<'_>,
) -> Result<HashMap<StaffNumber, (NaiveDate, Option<NaiveDate>)>> {
    let rows: Vec<(StaffNumber, String, Option<String>)> = on_conn!(conn, |c| {
        sqlx::query_as("SELECT number, hire_date, leaving_date FROM staff")
            .fetch_all(c)
            .await?
    });
    rows.into_iter()
        .map(|(n, h, l)| Ok((n, (day(&h)?, l.as_deref().map(day).transpose()?))))
        .collect()
}
