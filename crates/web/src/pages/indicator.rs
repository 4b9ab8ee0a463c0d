//! Computed actuals: a measure's indicator per fiscal year beside its
//! target, and the records behind each number.

use super::Nav;
use super::plan::{PageResult, nav, node_href, render, target_text};
use crate::SharedState;
use crate::error::{Failure, PageError};
use crate::i18n::Lang;
use crate::view::{self, Badge, Loaded, grade_badge};
use askama::Template;
use axum::extract::{Path, Query, State};
use jinzai_domain::FiscalYear;
use jinzai_domain::grade::fmt_num;
use jinzai_domain::indicator::{Aggregate, Computed, Counting, Fact, IndicatorSpec, metric};
use jinzai_domain::plan::Node;

/// Drill-down lists show at most this many records (the count is exact).
pub const RECORDS_SHOWN: usize = 1000;

/// Every indicator of `node` for every year of the plan, line by line.
pub async fn computed_years(
    state: &SharedState,
    loaded: &Loaded,
    node: &Node,
) -> Result<Vec<Computed>, Failure> {
    let mut out = Vec::new();
    for year in loaded.plan().years() {
        out.extend(state.store.compute_all(loaded.plan(), node, year).await?);
    }
    out.sort_by_key(|c| c.line);
    Ok(out)
}

/// A computed year as shown.
pub struct ComputedRow {
    pub year: i32,
    pub label: String,
    pub target: String,
    pub value: String,
    pub rate: String,
    pub grade: Badge,
    pub records: u64,
    pub href: String,
}

/// One indicator of a measure as the measure page shows it.
pub struct IndicatorView {
    /// The schedule line's text ("評価者研修実施"), or the metric's name.
    pub heading: String,
    pub description: String,
    pub rows: Vec<ComputedRow>,
}

/// The measure page's 「記録から算出した実績」 tables, one per indicator.
pub fn views(
    loaded: &Loaded,
    node: &Node,
    computed: &[Computed],
    lang: Lang,
) -> Vec<IndicatorView> {
    let plan = loaded.plan();
    node.indicators
        .iter()
        .map(|spec| {
            let heading = plan
                .years()
                .find_map(|y| node.line_text(y, spec.line))
                .map_or_else(
                    || {
                        metric(&spec.counts.metric)
                            .map_or(spec.counts.metric.clone(), |m| m.label_ja.to_owned())
                    },
                    str::to_owned,
                );
            IndicatorView {
                heading,
                description: describe(spec, lang),
                rows: computed
                    .iter()
                    .filter(|c| c.line == spec.line)
                    .map(|c| row(loaded, node, c, lang))
                    .collect(),
            }
        })
        .collect()
}

fn row(loaded: &Loaded, node: &Node, c: &Computed, lang: Lang) -> ComputedRow {
    let plan = loaded.plan();
    let unit = c.unit.clone().unwrap_or_default();
    ComputedRow {
        year: c.fiscal_year,
        label: lang.year(FiscalYear(c.fiscal_year)),
        target: c.target.map(|t| target_text(t, &unit)).unwrap_or_default(),
        value: target_text(c.value, &unit),
        rate: c
            .achievement_rate
            .map(|r| format!("{}%", fmt_num((r * 10.0).round() / 10.0)))
            .unwrap_or_default(),
        grade: grade_badge(plan, c.grade.as_deref(), lang),
        records: c.counted.records,
        href: format!(
            "{}/indicator/{}?line={}",
            node_href(plan, &node.code),
            c.fiscal_year,
            c.line
        ),
    }
}

/// What a counting counts, in words.
fn describe_counting(c: &Counting, lang: Lang) -> String {
    let name = metric(&c.metric).map_or(c.metric.as_str(), |m| m.label_ja);
    let filters = c
        .filters
        .iter()
        .map(|(k, v)| format!("{k} = {}", v.join(" / ")))
        .collect::<Vec<_>>()
        .join("; ");
    let count = match c.count {
        Aggregate::Records => lang.t("count_records"),
        Aggregate::DistinctStaff => lang.t("count_distinct_staff"),
    };
    format!("{name}（{}） {filters} — {count}", c.metric)
}

/// What an indicator counts, in words (a ratio names both counts).
pub fn describe(spec: &IndicatorSpec, lang: Lang) -> String {
    match &spec.per {
        None => describe_counting(&spec.counts, lang),
        Some(per) => format!(
            "{} ÷ {} （%）",
            describe_counting(&spec.counts, lang),
            describe_counting(per, lang)
        ),
    }
}

#[derive(Template)]
#[template(path = "indicator_records.html")]
pub struct RecordsPage {
    pub nav: Nav,
    pub heading: String,
    pub node_href: String,
    pub year_label: String,
    pub description: String,
    pub value: String,
    pub total: u64,
    pub records: Vec<Fact>,
}

#[derive(Debug, serde::Deserialize)]
pub struct LineQuery {
    pub line: Option<u32>,
}

/// One year of one indicator with the records it counts (at most
/// [`RECORDS_SHOWN`]); `None` when the measure has no indicator on `line`.
pub async fn year_records(
    state: &SharedState,
    plan: &jinzai_domain::Plan,
    node: &Node,
    line: u32,
    year: FiscalYear,
) -> Result<Option<(Computed, Vec<Fact>)>, Failure> {
    let Some(index) = node.indicators.iter().position(|s| s.line == line) else {
        return Ok(None);
    };
    let Some(computed) = state.store.compute(plan, node, index, year).await? else {
        return Ok(None);
    };
    let records = state
        .store
        .tally_records(&node.indicators[index].counts, year, RECORDS_SHOWN)
        .await?;
    Ok(Some((computed, records)))
}

/// The records behind one year's number (personal data: HR).
pub async fn records(
    State(state): State<SharedState>,
    lang: Lang,
    Path((code, node_code, year)): Path<(String, String, i32)>,
    Query(q): Query<LineQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let loaded = view::load(&state, &code).await.map_err(fail)?;
    let node = loaded.node(&node_code).map_err(fail)?;
    let year = loaded
        .year_param(Some(year))
        .map_err(fail)?
        .unwrap_or(FiscalYear(year));
    let line = q.line.unwrap_or(1);
    let (computed, records) = year_records(&state, loaded.plan(), node, line, year)
        .await
        .map_err(fail)?
        .ok_or_else(|| {
            fail(Failure::NotFound(format!(
                "measure {node_code} has no indicator on line {line}"
            )))
        })?;
    let unit = computed.unit.clone().unwrap_or_default();
    let spec = node.indicators.iter().find(|s| s.line == line);
    render(
        &RecordsPage {
            nav: nav(
                lang,
                Some(&loaded),
                "tree",
                format!(
                    "{}/indicator/{}?line={line}",
                    node_href(loaded.plan(), &node.code),
                    year.0
                ),
            ),
            heading: node.display_title(),
            node_href: node_href(loaded.plan(), &node.code),
            year_label: lang.year(year),
            description: spec.map(|s| describe(s, lang)).unwrap_or_default(),
            value: target_text(computed.value, &unit),
            total: computed.counted.records,
            records,
        },
        lang,
    )
}
