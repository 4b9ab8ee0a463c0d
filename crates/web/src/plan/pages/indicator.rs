//! Computed actuals: a measure's indicator per fiscal year beside its
//! target, and the records behind each number.

use super::plan::{node_href, target_text};
use crate::SharedState;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use crate::view::{Badge, grade_badge};
use askama::Template;
use axum::extract::{Path, Query, State};
use jinzai_domain::FiscalYear;
use jinzai_domain::grade::fmt_num;
use jinzai_domain::indicator::{Aggregate, Computed, Counting, Fact, IndicatorSpec, metric};
use jinzai_domain::plan::Node;
use jinzai_service::plan::Loaded;
use jinzai_service::plan::{IndicatorQuery, year_records};

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
        .enumerate()
        .map(|(index, spec)| {
            let heading = spec
                .label
                .clone()
                .or_else(|| {
                    plan.years()
                        .find_map(|y| node.line_text(y, spec.line))
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| {
                    metric(&spec.counts.metric)
                        .map_or(spec.counts.metric.clone(), |m| m.label_ja.to_owned())
                });
            IndicatorView {
                heading,
                description: describe(spec, lang),
                rows: computed
                    .iter()
                    .filter(|c| c.indicator == index + 1)
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
            "{}/indicator/{}?indicator={}",
            node_href(plan, &node.code),
            c.fiscal_year,
            c.indicator
        ),
    }
}

/// What a counting counts, in words.
/// A counting in plain words, with the labels people know (never the
/// metric's code or filter codes): 「研修受講のうち、研修区分が「東京都市町村
/// 職員研修所」、受講状況が「受講・修了」のものの職員の実人数（同じ職員は1名）」.
fn describe_counting(c: &Counting, lang: Lang) -> String {
    let m = metric(&c.metric);
    let name = m.map_or(c.metric.as_str(), |m| {
        lang.pick(m.label_ja, m.description.trim_end_matches('.'))
    });
    let conditions: Vec<String> = c
        .filters
        .iter()
        .map(|(key, values)| {
            let def = m.and_then(|m| m.filter(key));
            let label = |v: &String| {
                def.and_then(|d| d.values)
                    .and_then(|list| list.iter().find(|(code, _, _)| code == v))
                    .map_or(v.clone(), |(_, ja, en)| lang.pick(ja, en).to_owned())
            };
            let values: Vec<String> = values.iter().map(label).collect();
            let field = crate::i18n::text_or(lang, &format!("filter_{key}"), key);
            match lang {
                Lang::Ja => format!("{field}が「{}」", values.join("・")),
                Lang::En => format!("{field} is {}", values.join(" or ")),
            }
        })
        .collect();
    let count = match c.count {
        Aggregate::Records => lang.t("count_records"),
        Aggregate::DistinctStaff => lang.t("count_distinct_staff"),
    };
    match (lang, conditions.is_empty()) {
        (Lang::Ja, true) => format!("{name}の{count}"),
        (Lang::Ja, false) => format!("{name}のうち、{}のものの{count}", conditions.join("、")),
        (Lang::En, true) => format!("{name}: {count}"),
        (Lang::En, false) => format!("{name} where {}: {count}", conditions.join(" and ")),
    }
}

/// What an indicator counts, in words (a ratio names both counts).
pub fn describe(spec: &IndicatorSpec, lang: Lang) -> String {
    match &spec.per {
        None => describe_counting(&spec.counts, lang),
        Some(per) => lang.say(
            &jinzai_domain::i18n::Message::new("indicator_ratio")
                .arg("counts", describe_counting(&spec.counts, lang))
                .arg("per", describe_counting(per, lang)),
        ),
    }
}

#[derive(Template)]
#[template(path = "plan/indicator_records.html")]
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

/// The records behind one year's number (personal data: HR, or the
/// health role for health records).
pub async fn records(
    State(state): State<SharedState>,
    crate::auth::Who(who): crate::auth::Who,
    lang: Lang,
    Path((code, node_code, year)): Path<(String, String, i32)>,
    Query(q): Query<IndicatorQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let loaded = jinzai_service::plan::load(&state.store, &code)
        .await
        .map_err(fail)?;
    let node = loaded.node(&node_code).map_err(fail)?;
    let year = loaded
        .year_param(Some(year))
        .map_err(fail)?
        .unwrap_or(FiscalYear(year));
    let (computed, records) = year_records(&state.store, &who, loaded.plan(), node, &q, year)
        .await
        .map_err(fail)?
        .ok_or_else(|| fail(Failure::NotFound(q.missing(&node_code))))?;
    let unit = computed.unit.clone().unwrap_or_default();
    let spec = node.indicators.get(computed.indicator - 1);
    render(
        &RecordsPage {
            nav: nav(
                lang,
                Some(&loaded),
                "tree",
                format!(
                    "{}/indicator/{}?indicator={}",
                    node_href(loaded.plan(), &node.code),
                    year.0,
                    computed.indicator
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
