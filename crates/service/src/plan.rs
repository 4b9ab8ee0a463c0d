//! Use cases of plan & progress that pages and the API share.

use crate::Failure;
use jinzai_domain::FiscalYear;
use jinzai_domain::i18n::Message;
use jinzai_domain::indicator::{Computed, Fact};
use jinzai_domain::plan::{Node, Plan};
use jinzai_domain::progress::{self, Revision};
use jinzai_domain::rollup::ProgressBook;
use jinzai_store::Store;
use jinzai_store::{StoredPlan, YearLock};
use std::collections::HashMap;

/// Every indicator of `node` for every year of the plan, line by line.
pub async fn computed_years(
    store: &Store,
    loaded: &Loaded,
    node: &Node,
) -> Result<Vec<Computed>, Failure> {
    let mut out = Vec::new();
    for year in loaded.plan().years() {
        out.extend(store.compute_all(loaded.plan(), node, year).await?);
    }
    out.sort_by_key(|c| c.line);
    Ok(out)
}

#[derive(Debug, serde::Deserialize)]
pub struct LineQuery {
    pub line: Option<u32>,
}

/// One year of one indicator with the records it counts (at most
/// [`RECORDS_SHOWN`]); `None` when the measure has no indicator on `line`.
pub async fn year_records(
    store: &Store,
    plan: &jinzai_domain::Plan,
    node: &Node,
    line: u32,
    year: FiscalYear,
) -> Result<Option<(Computed, Vec<Fact>)>, Failure> {
    let Some(index) = node.indicators.iter().position(|s| s.line == line) else {
        return Ok(None);
    };
    let Some(computed) = store.compute(plan, node, index, year).await? else {
        return Ok(None);
    };
    let records = store
        .tally_records(&node.indicators[index].counts, year, RECORDS_SHOWN)
        .await?;
    Ok(Some((computed, records)))
}

/// Drill-down lists show at most this many records (the count is exact).
pub const RECORDS_SHOWN: usize = 1000;

/// A plan with its current progress and year locks.
#[derive(Debug)]
pub struct Loaded {
    pub stored: StoredPlan,
    /// The revisions people recorded, the current one of each cell.
    pub current: Vec<Revision>,
    /// What pages and reports show: `current` with the actuals computed
    /// from records standing in unless overridden, and cells nobody has
    /// recorded yet but whose actual is computed (revision 0).
    pub shown: Vec<Revision>,
    pub locks: Vec<YearLock>,
    by_cell: HashMap<(String, i32), usize>,
    /// Computed actuals by measure and year.
    computed: HashMap<(String, i32), f64>,
}

pub async fn load(store: &Store, code: &str) -> Result<Loaded, Failure> {
    let stored = store.load_plan(code, None).await?;
    let current = store.current_progress(stored.id).await?;
    let computed = store.computed_actuals(&stored).await?;
    let shown = progress::with_computed(&stored.plan, &current, &computed);
    let locks = store.year_locks(stored.id).await?;
    let by_cell = shown
        .iter()
        .enumerate()
        .map(|(i, r)| ((r.node_code.clone(), r.fiscal_year), i))
        .collect();
    Ok(Loaded {
        stored,
        current,
        shown,
        locks,
        by_cell,
        computed,
    })
}

impl Loaded {
    pub fn plan(&self) -> &Plan {
        &self.stored.plan
    }

    /// The cell as shown (a computed actual may stand in, or fill a cell
    /// nobody recorded: revision 0).
    pub fn rev(&self, code: &str, year: FiscalYear) -> Option<&Revision> {
        self.by_cell
            .get(&(code.to_owned(), year.0))
            .and_then(|&i| self.shown.get(i))
    }

    /// The revision a person recorded last, if any.
    pub fn recorded(&self, code: &str, year: FiscalYear) -> Option<&Revision> {
        self.current
            .iter()
            .find(|r| r.node_code == code && r.fiscal_year == year.0)
    }

    /// The actual computed from records for a measure and year.
    pub fn computed_actual(&self, code: &str, year: FiscalYear) -> Option<f64> {
        self.computed.get(&(code.to_owned(), year.0)).copied()
    }

    pub fn is_locked(&self, year: FiscalYear) -> bool {
        self.locks.iter().any(|l| l.fiscal_year == year.0)
    }

    pub fn book(&self) -> ProgressBook {
        progress::book(&self.shown)
    }

    /// Where a new revision of `node` in `year` goes, in the loaded version.
    pub fn cell<'a>(&'a self, node: &'a str, year: FiscalYear) -> jinzai_store::Cell<'a> {
        jinzai_store::Cell {
            plan_id: self.stored.id,
            plan_code: &self.stored.plan.code,
            plan_version: self.stored.version,
            node_code: node,
            year,
        }
    }

    pub fn has_sample(&self) -> bool {
        self.current.iter().any(|r| r.sample)
    }

    pub fn node(&self, code: &str) -> Result<&Node, Failure> {
        self.plan().node(code).ok_or_else(|| {
            Failure::NotFound(
                Message::new("plan_no_item")
                    .arg("plan", &self.plan().code)
                    .arg("item", code),
            )
        })
    }

    /// The `year` query parameter, checked against the plan; `None` if absent.
    pub fn year_param(&self, year: Option<i32>) -> Result<Option<FiscalYear>, Failure> {
        match year.map(FiscalYear) {
            Some(y) if !self.plan().contains_year(y) => Err(Failure::BadRequest {
                code: "year_out_of_plan",
                message: Message::new("plan_year_out_of_plan")
                    .arg("year", y.0)
                    .arg("first_year", self.plan().first_year.0)
                    .arg("last_year", self.plan().last_year.0),
            }),
            other => Ok(other),
        }
    }

    /// The year asked for, else the latest year with any progress, else the
    /// plan's first year (what a dashboard or a 評価シート shows first).
    pub fn year_or_latest(&self, year: Option<i32>) -> Result<FiscalYear, Failure> {
        Ok(self.year_param(year)?.unwrap_or_else(|| self.latest_year()))
    }

    /// The latest year that has any progress, else the plan's first year.
    pub fn latest_year(&self) -> FiscalYear {
        let plan = self.plan();
        plan.years()
            .rev()
            .find(|&y| self.shown.iter().any(|r| r.fiscal_year == y.0))
            .unwrap_or(plan.first_year)
    }

    /// The years a report shows: one year, a named period's years, or
    /// (neither given) every year of the plan, as an empty list.
    pub fn years_param(
        &self,
        year: Option<i32>,
        period: Option<&str>,
    ) -> Result<Vec<FiscalYear>, Failure> {
        if let Some(y) = self.year_param(year)? {
            return Ok(vec![y]);
        }
        match period.filter(|p| !p.is_empty()) {
            None => Ok(Vec::new()),
            Some(code) => self
                .plan()
                .periods
                .iter()
                .find(|p| p.code == code)
                .map(|p| (p.first_year.0..=p.last_year.0).map(FiscalYear).collect())
                .ok_or_else(|| Failure::BadRequest {
                    code: "unknown_period",
                    message: Message::new("plan_period_unknown").arg("period", code),
                }),
        }
    }
}
