//! Computed actuals: a measure's indicator per fiscal year beside its
//! target, and the records behind each number.

use super::Nav;
use super::plan::{PageResult, nav, node_href, render, target_text};
use crate::SharedState;
use crate::error::{Failure, PageError};
use crate::i18n::Lang;
use crate::view::{self, Badge, Loaded, grade_badge};
use askama::Template;
use axum::extract::{Path, State};
use jinzai_domain::FiscalYear;
use jinzai_domain::grade::fmt_num;
use jinzai_domain::indicator::{Computed, metric};
use jinzai_domain::plan::Node;

/// The indicator of `node` for every year of the plan (none without one).
pub async fn computed_years(
    state: &SharedState,
    loaded: &Loaded,
    node: &Node,
) -> Result<Vec<Computed>, Failure> {
    let mut out = Vec::new();
    for year in loaded.plan().years() {
        if let Some(c) = state
            .store
            .compute_indicator(loaded.plan(), node, year)
            .await?
        {
            out.push(c);
        }
    }
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
    pub records: usize,
    pub href: String,
}

/// The rows of the measure page's 「記録から算出」 table.
pub fn rows(loaded: &Loaded, node: &Node, computed: &[Computed], lang: Lang) -> Vec<ComputedRow> {
    let plan = loaded.plan();
    computed
        .iter()
        .map(|c| {
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
                records: c.records.len(),
                href: format!(
                    "{}/indicator/{}",
                    node_href(plan, &node.code),
                    c.fiscal_year
                ),
            }
        })
        .collect()
}

/// What the indicator counts, in words.
pub fn describe(node: &Node, lang: Lang) -> String {
    let Some(spec) = &node.indicator else {
        return String::new();
    };
    let name = metric(&spec.metric).map_or(spec.metric.as_str(), |m| m.label_ja);
    let filters = spec
        .filters
        .iter()
        .map(|(k, v)| format!("{k} = {}", v.join(" / ")))
        .collect::<Vec<_>>()
        .join("; ");
    let count = match spec.count {
        jinzai_domain::indicator::Aggregate::Records => lang.t("count_records"),
        jinzai_domain::indicator::Aggregate::DistinctStaff => lang.t("count_distinct_staff"),
    };
    format!("{name}（{}） {filters} — {count}", spec.metric)
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
    pub records: Vec<(String, String)>,
}

/// The records behind one year's number (personal data: HR).
pub async fn records(
    State(state): State<SharedState>,
    lang: Lang,
    Path((code, node_code, year)): Path<(String, String, i32)>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let loaded = view::load(&state, &code).await.map_err(fail)?;
    let node = loaded.node(&node_code).map_err(fail)?;
    let year = loaded
        .year_param(Some(year))
        .map_err(fail)?
        .unwrap_or(FiscalYear(year));
    let computed = state
        .store
        .compute_indicator(loaded.plan(), node, year)
        .await
        .map_err(|e| fail(e.into()))?
        .ok_or_else(|| {
            fail(Failure::NotFound(format!(
                "measure {node_code} has no indicator"
            )))
        })?;
    let unit = computed.unit.clone().unwrap_or_default();
    render(
        &RecordsPage {
            nav: nav(
                lang,
                Some(&loaded),
                "tree",
                format!(
                    "{}/indicator/{}",
                    node_href(loaded.plan(), &node.code),
                    year.0
                ),
            ),
            heading: node.display_title(),
            node_href: node_href(loaded.plan(), &node.code),
            year_label: lang.year(year),
            description: describe(node, lang),
            value: target_text(computed.value, &unit),
            records: computed
                .records
                .into_iter()
                .map(|f| (f.staff_number, f.label))
                .collect(),
        },
        lang,
    )
}
