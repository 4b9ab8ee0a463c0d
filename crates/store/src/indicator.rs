//! The records behind indicators: each registered metric (see
//! `jinzai_domain::indicator::metrics()`) as SQL over its tables. Counting
//! happens in the database, so a year of twenty million participation rows
//! is never loaded; the records themselves are read only for drill-down.
//!
//! A metric's SQL is written here, never in plan files: a plan names a
//! metric and filter values, and the values are bound as parameters.

use crate::conn::{Conn, on_conn};
use crate::{Result, Store, StoreError, on_pool};
use jinzai_domain::FiscalYear;
use jinzai_domain::indicator::{Computed, Counting, Fact, Tally, grade};
use jinzai_domain::people::codes::CodeList;
use jinzai_domain::plan::{Node, Plan};
use jinzai_domain::progress::{ComputedActual, Revision, with_computed};
use sqlx::Row;
use std::collections::HashMap;

/// The condition "staff member `s`'s `column` (`job_grade` or
/// `employment_type`) in force on `day` is one of `{values}`", as a string
/// literal for a metric's filters.
macro_rules! in_force {
    ($column:literal, $day:literal) => {
        concat!(
            "EXISTS (SELECT 1 FROM staff_grades g WHERE g.staff_id = s.id AND g.valid_from <= ",
            $day,
            " AND (g.valid_to IS NULL OR g.valid_to > ",
            $day,
            ") AND g.",
            $column,
            " IN ({values}))"
        )
    };
}
pub(crate) use in_force;

/// The condition "staff member `s`'s `column` in force on their
/// `{staff_day}` is one of `{values}`", for the staff counts. Written as a
/// set the query builds once (the people whose stretch on their own staff
/// day matches) rather than a lookup per person: at 20,000 staff (SQLite),
/// counting re-employed staff (a few hundred stretches) took 3 ms this way
/// and 10 ms with a lookup per person, as a join written by hand takes 2.
/// Inside the set `s` names the stretch's own staff member.
macro_rules! on_staff_day {
    ($column:literal) => {
        concat!(
            "s.id IN (SELECT g.staff_id FROM staff_grades g JOIN staff s ON s.id = g.staff_id \
             WHERE g.valid_from <= {staff_day} AND (g.valid_to IS NULL OR g.valid_to > {staff_day}) AND g.",
            $column,
            " IN ({values}))"
        )
    };
}
pub(crate) use on_staff_day;

/// How a metric is read. Fragments may use `{from}` and `{to}` (the fiscal
/// year's first and last day, ISO text), `{next}` (the day after its last:
/// the next 1 April), `{year}`, `{today}` (the store clock's day), and
/// `{staff_day}` (the day a staff count takes grades on: 1 April, or a
/// later hire date, of staff `s`); a filter's condition uses `{values}` for
/// its list of accepted values, `{nth_year_start}` / `{nth_year_end}` for
/// the first and last day of the fiscal year a years filter's value names
/// (see `FilterDef::years`), or, for a yes/no filter, is the condition
/// itself (true when it holds). All become parameters.
pub(crate) struct MetricSql {
    /// The metric's code (`jinzai_domain::indicator::metrics()`).
    pub code: &'static str,
    /// The table of its records: while it is empty (the city has not loaded
    /// such records yet) nothing is computed and progress is typed in.
    pub source: &'static str,
    /// `FROM … WHERE` the record counts in the year.
    pub from: &'static str,
    /// Joined only when a filter or the drill-down needs it.
    pub join: &'static str,
    /// The staff member's id, for `distinct_staff`.
    pub staff: Option<&'static str>,
    /// Filter → (condition, needs `join`).
    pub filters: &'static [(&'static str, &'static str, bool)],
    /// Drill-down: the staff number (or NULL) and up to four text columns,
    /// in the order the records are listed.
    pub detail: &'static str,
    pub order: &'static str,
    pub label: fn(&[Option<String>]) -> String,
}

/// Every metric's SQL, module by module (one line each), keyed by the
/// metric's code in `jinzai_domain::indicator::metrics()`.
const MODULES: [&[MetricSql]; 10] = [
    crate::people::metrics::SQL,
    crate::training::metrics::SQL,
    crate::evaluation::metrics::SQL,
    crate::self_report::metrics::SQL,
    crate::exams::metrics::SQL,
    crate::demotion::metrics::SQL,
    crate::postings::metrics::SQL,
    crate::talent::metrics::SQL,
    crate::health::metrics::SQL,
    crate::outreach::metrics::SQL,
];

fn metric_sql(code: &str) -> Option<&'static MetricSql> {
    MODULES.into_iter().flatten().find(|m| m.code == code)
}

pub(crate) fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

pub(crate) fn label(list: &CodeList, v: &Option<String>) -> String {
    v.as_deref()
        .map(|c| list.label(c).to_owned())
        .unwrap_or_default()
}

pub(crate) fn join_words<const N: usize>(words: [&str; N]) -> String {
    words
        .iter()
        .filter(|w| !w.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A parameter of a metric query.
#[derive(Debug, Clone, PartialEq)]
enum Bind {
    Text(String),
    Int(i64),
}

/// A piece of a metric query: SQL text, or a value bound in its place.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Sql(String),
    Bind(Bind),
}

/// A metric query, built from the metric's SQL with its `{…}`
/// placeholders turned into bound values; run through a
/// [`sqlx::QueryBuilder`] of the engine at hand.
#[derive(Debug)]
struct Query {
    parts: Vec<Part>,
    today: chrono::NaiveDate,
}

impl Query {
    fn push_sql(&mut self, sql: &str) {
        self.parts.push(Part::Sql(sql.to_owned()));
    }

    /// The query for `DB`, its values bound.
    fn builder<'a, DB: sqlx::Database>(&'a self) -> sqlx::QueryBuilder<'a, DB>
    where
        &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
        i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
        DB::Arguments<'a>: Default,
    {
        let mut qb = sqlx::QueryBuilder::new("");
        for part in &self.parts {
            match part {
                Part::Sql(s) => qb.push(s),
                Part::Bind(Bind::Text(t)) => qb.push_bind(t.as_str()),
                Part::Bind(Bind::Int(i)) => qb.push_bind(*i),
            };
        }
        qb
    }

    /// The SQL as PostgreSQL receives it (`$1`, `$2` … in order).
    #[cfg(test)]
    fn sql(&self) -> String {
        let mut n = 0;
        self.parts
            .iter()
            .map(|p| match p {
                Part::Sql(s) => s.clone(),
                Part::Bind(_) => {
                    n += 1;
                    format!("${n}")
                }
            })
            .collect()
    }

    /// The bound values, in order.
    #[cfg(test)]
    fn binds(&self) -> Vec<&Bind> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Bind(b) => Some(b),
                Part::Sql(_) => None,
            })
            .collect()
    }

    fn push(&mut self, fragment: &str, year: FiscalYear, values: &[String]) -> Result<()> {
        let (Some(from), Some(to)) = (year.start(), year.end()) else {
            return Err(StoreError::Corrupt(format!(
                "fiscal year {} out of range",
                year.0
            )));
        };
        let mut rest = fragment;
        while let Some(open) = rest.find('{') {
            self.push_sql(&rest[..open]);
            let close = open + rest[open..].find('}').unwrap_or(0);
            match &rest[open + 1..close] {
                "from" => self.parts.push(Part::Bind(Bind::Text(from.to_string()))),
                "to" => self.parts.push(Part::Bind(Bind::Text(to.to_string()))),
                "next" => {
                    let next = to.succ_opt().unwrap_or(to);
                    self.parts.push(Part::Bind(Bind::Text(next.to_string())));
                }
                "today" => self
                    .parts
                    .push(Part::Bind(Bind::Text(self.today.to_string()))),
                "year" => self.parts.push(Part::Bind(Bind::Int(i64::from(year.0)))),
                // The day a staff member's grade and type are taken on in a
                // staff count: the year's 1 April, or the hire date when later.
                "staff_day" => {
                    self.push_sql("(CASE WHEN s.hire_date > ");
                    self.parts.push(Part::Bind(Bind::Text(from.to_string())));
                    self.push_sql(" THEN s.hire_date ELSE ");
                    self.parts.push(Part::Bind(Bind::Text(from.to_string())));
                    self.push_sql(" END)");
                }
                // A years filter's value N: the first and last day of the
                // fiscal year N − 1 years before this one (a person hired
                // then is in their Nth year of service).
                "nth_year_start" | "nth_year_end" => {
                    let n: i32 = values
                        .first()
                        .and_then(|v| v.parse().ok())
                        .filter(|n| (1..=60).contains(n))
                        .ok_or_else(|| {
                            StoreError::Corrupt(format!("a years filter's value {values:?}"))
                        })?;
                    let nth = FiscalYear(year.0 - n + 1);
                    let day = if &rest[open + 1..close] == "nth_year_start" {
                        nth.start()
                    } else {
                        nth.end()
                    };
                    let day = day.ok_or_else(|| {
                        StoreError::Corrupt(format!("fiscal year {} out of range", nth.0))
                    })?;
                    self.parts.push(Part::Bind(Bind::Text(day.to_string())));
                }
                "values" => {
                    for (i, v) in values.iter().enumerate() {
                        if i > 0 {
                            self.push_sql(", ");
                        }
                        self.parts.push(Part::Bind(Bind::Text(v.clone())));
                    }
                }
                other => {
                    return Err(StoreError::Corrupt(format!(
                        "unknown placeholder {{{other}}} in a metric's SQL"
                    )));
                }
            }
            rest = &rest[close + 1..];
        }
        self.push_sql(rest);
        Ok(())
    }

    /// `SELECT <select> FROM … WHERE …` for one counting and year.
    fn build(
        m: &MetricSql,
        counting: &Counting,
        (year, today): (FiscalYear, chrono::NaiveDate),
        select: &str,
        with_join: bool,
    ) -> Result<Query> {
        let needs_join = with_join
            || counting
                .filters
                .keys()
                .any(|name| m.filters.iter().any(|(n, _, join)| *join && n == name));
        let (from, condition) = m.from.split_once(" WHERE ").unwrap_or((m.from, "1 = 1"));
        let mut q = Query {
            parts: Vec::new(),
            today,
        };
        q.push(&format!("SELECT {select} "), year, &[])?;
        q.push(from, year, &[])?;
        if needs_join {
            q.push_sql(m.join);
        }
        q.push_sql(" WHERE ");
        q.push(condition, year, &[])?;
        for (name, values) in &counting.filters {
            let Some((_, cond, _)) = m.filters.iter().find(|(n, _, _)| n == name) else {
                return Err(StoreError::Corrupt(format!(
                    "metric {} has no filter {name:?}",
                    counting.metric
                )));
            };
            q.push_sql(" AND ");
            if cond.contains("{values}") || cond.contains("{nth_year_") {
                q.push(cond, year, values)?;
            } else {
                // A yes/no filter given as a condition: as it stands when
                // only "true" is asked for (so the planner may use it), its
                // negation for "false", nothing for both.
                let asks = |v: &str| values.iter().any(|x| x == v);
                match (asks("true"), asks("false")) {
                    (true, false) => q.push(&format!("({cond})"), year, &[])?,
                    (false, true) => q.push(&format!("NOT ({cond})"), year, &[])?,
                    _ => q.push_sql("1 = 1"),
                }
            }
        }
        Ok(q)
    }
}

/// Marks the records as changed, inside the writing transaction (computed
/// actuals counted before are recounted).
pub(crate) async fn bump_records_version(conn: Conn<'_>) -> Result<()> {
    on_conn!(conn, |c| {
        sqlx::query("UPDATE records_version SET version = version + 1 WHERE id = 1")
            .execute(c)
            .await?;
    });
    Ok(())
}

/// Counts already made, valid while the records version stands: a page
/// showing computed actuals at 20 million participation rows would
/// otherwise count them again on every request.
#[derive(Debug, Default)]
pub(crate) struct TallyCache {
    /// The records version the entries were counted at, and the entries.
    entries: std::sync::Mutex<(i64, Tallies)>,
}

/// Counts by (counting as JSON with the day counted on, fiscal year).
type Tallies = HashMap<(String, i32), Tally>;

impl TallyCache {
    fn get(&self, version: i64, key: &(String, i32)) -> Option<Tally> {
        let e = self.entries.lock().ok()?;
        (e.0 == version).then(|| e.1.get(key).copied()).flatten()
    }

    fn put(&self, version: i64, key: (String, i32), tally: Tally) {
        if let Ok(mut e) = self.entries.lock() {
            if e.0 != version {
                *e = (version, HashMap::new());
            }
            e.1.insert(key, tally);
        }
    }
}

fn metric_of(counting: &Counting) -> Result<&'static MetricSql> {
    metric_sql(&counting.metric).ok_or_else(|| {
        StoreError::Corrupt(format!(
            "metric {:?} has no records module",
            counting.metric
        ))
    })
}

impl Store {
    /// The version of the records indicators count (bumped by every import
    /// and attendance entry).
    pub async fn records_version(&self) -> Result<i64> {
        on_pool!(self, |pool| {
            Ok(
                sqlx::query("SELECT version FROM records_version WHERE id = 1")
                    .fetch_one(pool)
                    .await?
                    .try_get("version")?,
            )
        })
    }

    /// Counts one counting's records in fiscal year `year`, from the cache
    /// while the records are unchanged (and the day is the same: a metric
    /// may count only what has come to pass).
    pub async fn tally(&self, counting: &Counting, year: FiscalYear) -> Result<Tally> {
        let version = self.records_version().await?;
        let key = (
            format!(
                "{}@{}",
                serde_json::to_string(counting).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                self.clock().today()
            ),
            year.0,
        );
        if let Some(t) = self.tallies.get(version, &key) {
            return Ok(t);
        }
        let t = self.count(counting, year).await?;
        self.tallies.put(version, key, t);
        Ok(t)
    }

    /// Counts one counting's records in fiscal year `year` in the database.
    pub async fn count(&self, counting: &Counting, year: FiscalYear) -> Result<Tally> {
        let m = metric_of(counting)?;
        // Staff are counted once only when asked: COUNT(DISTINCT) is the
        // dear part at millions of rows.
        let staff = match (m.staff, counting.count) {
            (Some(s), jinzai_domain::indicator::Aggregate::DistinctStaff) => {
                format!("COUNT(DISTINCT {s})")
            }
            _ => "CAST(0 AS BIGINT)".to_owned(),
        };
        let q = Query::build(
            m,
            counting,
            (year, self.clock().today()),
            &format!("COUNT(*) AS records, {staff} AS staff"),
            false,
        )?;
        let (records, staff): (i64, i64) = on_pool!(self, |pool| {
            let mut qb = q.builder();
            let row = qb.build().fetch_one(pool).await?;
            (row.try_get("records")?, row.try_get("staff")?)
        });
        let records = u64::try_from(records).unwrap_or(0);
        Ok(Tally {
            value: match counting.count {
                jinzai_domain::indicator::Aggregate::Records => records,
                jinzai_domain::indicator::Aggregate::DistinctStaff => {
                    u64::try_from(staff).unwrap_or(0)
                }
            },
            records,
        })
    }

    /// Whether any record of the counting's metric is stored at all.
    pub async fn has_records(&self, counting: &Counting) -> Result<bool> {
        let m = metric_of(counting)?;
        let sql = format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM {} LIMIT 1) t",
            m.source
        );
        let n: i64 = on_pool!(self, |pool| sqlx::query(&sql)
            .fetch_one(pool)
            .await?
            .try_get("n")?);
        Ok(n > 0)
    }

    /// The records one counting counts in `year`, at most `limit` of them,
    /// for the drill-down list.
    pub async fn tally_records(
        &self,
        counting: &Counting,
        year: FiscalYear,
        limit: usize,
    ) -> Result<Vec<Fact>> {
        let m = metric_of(counting)?;
        let mut q = Query::build(m, counting, (year, self.clock().today()), m.detail, true)?;
        q.push_sql(&format!(
            " ORDER BY {} LIMIT {}",
            m.order,
            limit.min(1_000_000)
        ));
        on_pool!(self, |pool| {
            let mut qb = q.builder();
            let rows = qb.build().fetch_all(pool).await?;
            rows.iter()
                .map(|r| {
                    let cells = (1..5)
                        .map(|i| r.try_get::<Option<String>, _>(i))
                        .collect::<std::result::Result<Vec<_>, _>>()?;
                    Ok(Fact {
                        staff_number: r.try_get(0)?,
                        label: (m.label)(&cells),
                    })
                })
                .collect()
        })
    }

    /// One indicator of a measure in one year, graded against the target
    /// of its line; `None` while no record of its metric is stored.
    pub async fn compute(
        &self,
        plan: &Plan,
        node: &Node,
        spec_index: usize,
        year: FiscalYear,
    ) -> Result<Option<Computed>> {
        let Some(spec) = node.indicators.get(spec_index) else {
            return Ok(None);
        };
        if !self.has_records(&spec.counts).await? {
            return Ok(None);
        }
        let counted = self.tally(&spec.counts, year).await?;
        let per = match &spec.per {
            Some(p) => Some(self.tally(p, year).await?),
            None => None,
        };
        Ok(Some(grade(
            spec_index,
            spec,
            node,
            &plan.grades,
            year,
            counted,
            per,
        )))
    }

    /// The year's actual of `node` computed from records: its headline
    /// indicator's value (see `Node::headline_indicator`), if it has one.
    pub async fn headline_actual(
        &self,
        plan: &Plan,
        node: &Node,
        year: FiscalYear,
    ) -> Result<Option<f64>> {
        Ok(self
            .headline_computed(plan, node, year)
            .await?
            .map(|c| c.value))
    }

    /// The year's headline indicator of `node`, computed.
    pub async fn headline_computed(
        &self,
        plan: &Plan,
        node: &Node,
        year: FiscalYear,
    ) -> Result<Option<Computed>> {
        let Some((index, _)) = node.headline_indicator(year) else {
            return Ok(None);
        };
        self.compute(plan, node, index, year).await
    }

    /// Every measure's actual computed from records, by measure code and
    /// fiscal year (measures without a headline indicator are absent). A
    /// locked year is absent too: once HR closes a year its reports keep
    /// what was recorded, whatever records arrive later.
    pub async fn computed_actuals(
        &self,
        stored: &crate::StoredPlan,
    ) -> Result<HashMap<(String, i32), ComputedActual>> {
        let plan = &stored.plan;
        let locked: Vec<i32> = self
            .year_locks(stored.id)
            .await?
            .iter()
            .map(|l| l.fiscal_year)
            .collect();
        let mut computed = HashMap::new();
        for node in plan.measures().filter(|n| !n.indicators.is_empty()) {
            for year in plan.years().filter(|y| !locked.contains(&y.0)) {
                if let Some(c) = self.headline_computed(plan, node, year).await? {
                    computed.insert(
                        (node.code.clone(), year.0),
                        ComputedActual {
                            value: c.value,
                            unit: c.unit,
                        },
                    );
                }
            }
        }
        Ok(computed)
    }

    /// The current progress of a stored plan as reports show it: actuals
    /// computed from records stand in unless overridden (see
    /// `progress::with_computed`).
    pub async fn effective_progress(&self, stored: &crate::StoredPlan) -> Result<Vec<Revision>> {
        let current = self.current_progress(stored.id).await?;
        let computed = self.computed_actuals(stored).await?;
        Ok(with_computed(&stored.plan, &current, &computed))
    }

    /// Every indicator of a measure in one year, in the plan's order.
    pub async fn compute_all(
        &self,
        plan: &Plan,
        node: &Node,
        year: FiscalYear,
    ) -> Result<Vec<Computed>> {
        let mut out = Vec::with_capacity(node.indicators.len());
        for i in 0..node.indicators.len() {
            out.extend(self.compute(plan, node, i, year).await?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jinzai_domain::indicator::{Aggregate, metrics};
    use std::collections::BTreeMap;

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default()
    }

    #[test]
    fn every_metric_and_filter_has_sql_and_values_are_bound() {
        let sql_codes: Vec<&str> = MODULES.into_iter().flatten().map(|m| m.code).collect();
        assert_eq!(sql_codes.len(), metrics().count(), "one SQL per metric");
        for metric in metrics() {
            let m = metric_sql(metric.code).unwrap_or_else(|| panic!("{} has no SQL", metric.code));
            for f in metric.filters {
                let sql = m.filters.iter().find(|(n, _, _)| *n == f.name);
                assert!(sql.is_some(), "{}.{} has no SQL", metric.code, f.name);
                // A years filter's condition names the year its value
                // points to, and only it does.
                assert_eq!(
                    sql.is_some_and(|(_, cond, _)| cond.contains("{nth_year_")),
                    f.years,
                    "{}.{}",
                    metric.code,
                    f.name
                );
                // A condition without {values} is a yes/no filter's.
                if !f.years && sql.is_some_and(|(_, cond, _)| !cond.contains("{values}")) {
                    assert!(
                        f.values == Some(jinzai_domain::indicator::TRUE_FALSE),
                        "{}.{} is a condition but not a yes/no filter",
                        metric.code,
                        f.name
                    );
                }
            }
            assert_eq!(m.staff.is_some(), metric.per_staff, "{}", metric.code);
        }
        // A yes/no filter is its condition, its negation, or nothing.
        let m = metric_sql("evaluation.periods").unwrap();
        let published = |values: &[&str]| {
            let c = Counting {
                metric: "evaluation.periods".into(),
                count: Aggregate::Records,
                filters: BTreeMap::from([(
                    "published".into(),
                    values.iter().map(|v| (*v).to_owned()).collect(),
                )]),
            };
            Query::build(m, &c, (FiscalYear(2012), day()), "COUNT(*)", false)
                .unwrap()
                .sql()
        };
        assert!(published(&["true"]).ends_with("AND (p.published_at IS NOT NULL)"));
        assert!(published(&["false"]).ends_with("AND NOT (p.published_at IS NOT NULL)"));
        assert!(published(&["true", "false"]).ends_with("AND 1 = 1"));
        // A years filter binds the first or last day of the year it names:
        // in FY2012, the 15th year of service began on 1 April 1998, and
        // the 10th ended on 31 March 2004.
        let window = Counting {
            metric: "talent.rotation".into(),
            count: Aggregate::DistinctStaff,
            filters: BTreeMap::from([
                ("served_at_most".into(), vec!["15".into()]),
                ("served_at_least".into(), vec!["10".into()]),
            ]),
        };
        let m = metric_sql(&window.metric).unwrap();
        let q = Query::build(m, &window, (FiscalYear(2012), day()), "COUNT(*)", false).unwrap();
        let binds = q.binds();
        assert!(
            binds.contains(&&Bind::Text("1998-04-01".into())),
            "{binds:?}"
        );
        assert!(
            binds.contains(&&Bind::Text("2004-03-31".into())),
            "{binds:?}"
        );
        let odd = Counting {
            filters: BTreeMap::from([("served_at_most".into(), vec!["many".into()])]),
            ..window
        };
        assert!(Query::build(m, &odd, (FiscalYear(2012), day()), "COUNT(*)", false).is_err());
        let counting = Counting {
            metric: "training.participation".into(),
            count: Aggregate::DistinctStaff,
            filters: BTreeMap::from([
                ("status".into(), vec!["attended".into(), "completed".into()]),
                (
                    "job_grade".into(),
                    vec!["kacho'; DROP TABLE staff; --".into()],
                ),
            ]),
        };
        let m = metric_sql(&counting.metric).unwrap();
        let q = Query::build(m, &counting, (FiscalYear(2012), day()), "COUNT(*)", false).unwrap();
        assert!(
            !q.sql().contains("JOIN staff s"),
            "the grade is the one in force, not the staff record's: {}",
            q.sql()
        );
        assert!(q.sql().contains("BETWEEN $1 AND $2"), "{}", q.sql());
        assert!(
            q.sql().contains("g.valid_from <= ts.start_date")
                && q.sql().contains("g.job_grade IN ($3)"),
            "on the session's first day: {}",
            q.sql()
        );
        assert!(q.sql().contains("p.status IN ($4, $5)"), "{}", q.sql());
        assert!(!q.sql().contains("DROP"), "values are parameters");
        assert_eq!(*q.binds()[0], Bind::Text("2012-04-01".into()));
        let plain = Counting {
            filters: BTreeMap::new(),
            ..counting
        };
        let q = Query::build(m, &plain, (FiscalYear(2012), day()), "COUNT(*)", false).unwrap();
        assert!(!q.sql().contains("JOIN staff"), "{}", q.sql());
        // A staff count takes the grade on 1 April (or a later hire date).
        let staff = Counting {
            metric: "people.staff".into(),
            count: Aggregate::Records,
            filters: BTreeMap::from([("job_grade".into(), vec!["kacho".into()])]),
        };
        let m = metric_sql(&staff.metric).unwrap();
        let q = Query::build(m, &staff, (FiscalYear(2012), day()), "COUNT(*)", false).unwrap();
        assert!(
            q.sql().contains(
                "g.valid_from <= (CASE WHEN s.hire_date > $3 THEN s.hire_date ELSE $4 END)"
            ),
            "{}",
            q.sql()
        );
        assert_eq!(*q.binds()[2], Bind::Text("2012-04-01".into()));
    }
}
