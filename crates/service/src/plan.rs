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
    out.sort_by_key(|c| (c.line, c.indicator));
    Ok(out)
}

/// Which of a measure's indicators: `indicator` (1 for the first), or the
/// first on schedule `line`, or the first of all.
#[derive(Debug, Default, serde::Deserialize)]
pub struct IndicatorQuery {
    pub indicator: Option<usize>,
    pub line: Option<u32>,
}

impl IndicatorQuery {
    /// The index (from 0) of the indicator asked for, if the measure has it.
    pub fn index(&self, node: &Node) -> Option<usize> {
        match (self.indicator, self.line) {
            (Some(n), _) => n.checked_sub(1).filter(|i| *i < node.indicators.len()),
            (None, Some(line)) => node.indicators.iter().position(|s| s.line == line),
            (None, None) => (!node.indicators.is_empty()).then_some(0),
        }
    }

    /// "Measure `node` has no such indicator".
    pub fn missing(&self, node: &str) -> Message {
        match self.indicator {
            Some(n) => Message::new("plan_no_indicator_numbered")
                .arg("node", node)
                .arg("indicator", n),
            None => Message::new("plan_no_indicator_on_line")
                .arg("node", node)
                .arg("line", self.line.unwrap_or(1)),
        }
    }
}

/// One year of one indicator with the records it counts (at most
/// [`RECORDS_SHOWN`]); `None` when the measure has no such indicator.
///
/// Only the role the metric names may list its records: HR, or for health
/// records the health role alone (an HR officer who is also health staff
/// lists both).
pub async fn year_records(
    store: &Store,
    who: &jinzai_domain::access::Principal,
    plan: &jinzai_domain::Plan,
    node: &Node,
    which: &IndicatorQuery,
    year: FiscalYear,
) -> Result<Option<(Computed, Vec<Fact>)>, Failure> {
    let Some(index) = which.index(node) else {
        return Ok(None);
    };
    let listed_by = jinzai_domain::indicator::metric(&node.indicators[index].counts.metric)
        .map_or(jinzai_domain::access::Role::Hr, |m| m.listed_by);
    if !who.has(listed_by) {
        return Err(Failure::Forbidden(Message::new(
            if listed_by == jinzai_domain::access::Role::Health {
                "plan_records_health_only"
            } else {
                "plan_records_hr_only"
            },
        )));
    }
    let Some(computed) = store.compute(plan, node, index, year).await? else {
        return Ok(None);
    };
    let records = store
        .tally_records(&node.indicators[index].counts, year, RECORDS_SHOWN)
        .await?;
    // Health records listed (names and days): a read of health records,
    // audited like every other.
    if listed_by == jinzai_domain::access::Role::Health {
        store
            .audit(jinzai_store::AuditEvent {
                actor: &who.actor(),
                action: "read",
                record_type: "health_indicator_records",
                record_key: &format!(
                    "{}:{}:{}",
                    node.indicators[index].counts.metric, node.code, year.0
                ),
                detail: serde_json::json!({ "records": records.len() }),
            })
            .await?;
    }
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
    computed: HashMap<(String, i32), progress::ComputedActual>,
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
    /// The year's actual computed from records, with its unit.
    pub fn computed(&self, code: &str, year: FiscalYear) -> Option<&progress::ComputedActual> {
        self.computed.get(&(code.to_owned(), year.0))
    }

    pub fn computed_actual(&self, code: &str, year: FiscalYear) -> Option<f64> {
        self.computed
            .get(&(code.to_owned(), year.0))
            .map(|c| c.value)
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

/// What HR types to create the next plan from this one.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NextPlan {
    /// The new plan's code (`kiyose-2014`).
    pub code: String,
    pub title: String,
    pub first_year: i32,
    pub last_year: i32,
}

/// Creates the next plan period from `loaded` as a new plan: the same
/// levels, grades, fields and items (with their indicators), new years
/// and no schedule yet; each measure's note carries the last year's
/// 今後の方向性 and 課題, and its last actual becomes its baseline. The
/// owners assigned now are assigned again. The old plan is unchanged.
pub async fn next_plan(
    store: &Store,
    loaded: &Loaded,
    (actor, source): (&str, &str),
    next: &NextPlan,
) -> Result<jinzai_store::StoredPlan, Failure> {
    use jinzai_domain::progress::FieldError;
    let old = loaded.plan();
    let mut errors = Vec::new();
    let code = next.code.trim();
    let title = next.title.trim();
    if code.is_empty()
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        errors.push(FieldError::new(
            "code",
            "invalid",
            Message::new("plan_next_code"),
        ));
    } else if store.load_plan(code, None).await.is_ok() {
        errors.push(FieldError::new(
            "code",
            "exists",
            Message::new("plan_next_code_exists").arg("plan", code),
        ));
    }
    if title.is_empty() {
        errors.push(FieldError::new(
            "title",
            "required",
            Message::new("plan_next_title"),
        ));
    }
    if next.first_year <= old.last_year.0 {
        errors.push(FieldError::new(
            "first_year",
            "overlaps",
            Message::new("plan_next_first_year").arg("year", old.last_year.0),
        ));
    }
    if next.last_year < next.first_year || next.last_year - next.first_year > 9 {
        errors.push(FieldError::new(
            "last_year",
            "invalid",
            Message::new("plan_next_last_year"),
        ));
    }
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    let mut doc: toml::Table = toml::from_str(&loaded.stored.source_toml).map_err(|e| {
        Failure::Internal(Message::new("plan_next_unreadable").arg("reason", e.to_string()))
    })?;
    let last = old.last_year;
    if let Some(toml::Value::Table(p)) = doc.get_mut("plan") {
        p.insert("code".into(), code.into());
        p.insert("title".into(), title.into());
        p.insert("first_year".into(), i64::from(next.first_year).into());
        p.insert("last_year".into(), i64::from(next.last_year).into());
        p.remove("review_year");
        p.insert(
            "source".into(),
            format!(
                "{}（{}–{}）から作成",
                old.title, old.first_year.0, old.last_year.0
            )
            .into(),
        );
        p.insert(
            "note".into(),
            format!(
                "Created from plan {} ({}–{}): the same structure and indicators, new years, no schedule yet; each measure's note carries its {} 今後の方向性 and 課題.",
                old.code, old.first_year.0, old.last_year.0, last.0
            )
            .into(),
        );
    }
    doc.remove("periods");
    let end_of_last = chrono::NaiveDate::from_ymd_opt(last.0 + 1, 3, 31);
    if let Some(toml::Value::Array(nodes)) = doc.get_mut("nodes") {
        for n in nodes.iter_mut() {
            let Some(t) = n.as_table_mut() else { continue };
            t.remove("schedule");
            let Some(node_code) = t.get("code").and_then(|c| c.as_str()).map(str::to_owned) else {
                continue;
            };
            if !old.is_leaf(&node_code) {
                continue;
            }
            let Some(rev) = loaded.rev(&node_code, last) else {
                continue;
            };
            let e = &rev.entry;
            let mut carried = Vec::new();
            if let Some(d) = e.direction.as_deref().filter(|d| !d.is_empty()) {
                let label = old
                    .directions
                    .iter()
                    .find(|x| x.code == d)
                    .map_or(d, |x| x.label.as_str());
                carried.push(format!("今後の方向性：{label}"));
            }
            if let Some(i) = e.issues.as_deref().filter(|i| !i.trim().is_empty()) {
                carried.push(format!("課題：{}", i.trim()));
            }
            if !carried.is_empty() {
                let before = t.get("note").and_then(|v| v.as_str()).unwrap_or_default();
                let line = format!(
                    "前期計画（{}）の{}：{}",
                    old.code,
                    last.label_ja(),
                    carried.join("／")
                );
                let note = if before.is_empty() {
                    line
                } else {
                    format!("{before}\n{line}")
                };
                t.insert("note".into(), note.into());
            }
            if let (Some(v), Some(d)) = (e.actual_value, end_of_last) {
                let mut b = toml::Table::new();
                b.insert("value".into(), v.into());
                b.insert("as_of".into(), d.to_string().into());
                t.insert("baseline".into(), toml::Value::Table(b));
            }
        }
    }
    let text = toml::to_string(&doc).map_err(|e| {
        Failure::Internal(Message::new("plan_next_unreadable").arg("reason", e.to_string()))
    })?;
    let plan =
        jinzai_domain::plan::parse_plan(&text).map_err(|e| Failure::PlanInvalid(e.diagnostics))?;
    store.import_plan(&plan, &text, actor, actor).await?;
    let stored = store.load_plan(code, None).await?;
    // The owners in force carry over to the same measures.
    let owners = store.current_owners(loaded.stored.id).await?;
    let carried: Vec<jinzai_store::round::NewOwners> = owners
        .into_iter()
        .filter(|o| stored.plan.node(&o.node_code).is_some())
        .map(|o| jinzai_store::round::NewOwners {
            node_code: o.node_code,
            owners: o.owners,
            units_then: o.units_then,
        })
        .collect();
    store
        .assign_owners((stored.id, code), &carried, source, actor)
        .await?;
    Ok(stored)
}
