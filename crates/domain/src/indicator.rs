//! Indicators: a measure's actual computed from records, not typed in.
//!
//! A plan file names a metric from the registry below (no SQL in plan
//! files), filters on the metric's attributes, and how to count. Records
//! modules expose their metrics here; the store turns a metric and a fiscal
//! year into [`Fact`]s, and [`compute`] filters and counts them.

use crate::fiscal::FiscalYear;
use crate::grade::{GradeScale, achievement_rate};
use crate::people::event::{EVENT_KINDS, PARTNER_TYPES};
use crate::plan::Node;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// How facts are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    /// Every matching record.
    Records,
    /// Each staff member once, however many records they have.
    DistinctStaff,
}

impl Aggregate {
    pub const ALL: [Aggregate; 2] = [Aggregate::Records, Aggregate::DistinctStaff];

    pub fn code(self) -> &'static str {
        match self {
            Aggregate::Records => "records",
            Aggregate::DistinctStaff => "distinct_staff",
        }
    }

    pub fn parse(code: &str) -> Option<Aggregate> {
        Aggregate::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// A measure's indicator, as the plan file gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorSpec {
    pub metric: String,
    pub count: Aggregate,
    /// Attribute → accepted values (any of them).
    #[serde(default)]
    pub filters: BTreeMap<String, Vec<String>>,
}

/// An attribute of a metric's records that plan files may filter on.
#[derive(Debug, Clone, Copy)]
pub struct FilterDef {
    pub name: &'static str,
    pub description: &'static str,
    /// The accepted values (codes), or any value when `None`.
    pub values: Option<&'static [(&'static str, &'static str, &'static str)]>,
}

impl FilterDef {
    /// The code for a value as written (a code or its Japanese or English
    /// label), or `None` when it is not one of the accepted values.
    pub fn value(&self, written: &str) -> Option<String> {
        match self.values {
            None => Some(written.to_owned()),
            Some(items) => items
                .iter()
                .find(|(code, ja, en)| [*code, *ja, *en].contains(&written))
                .map(|(code, _, _)| (*code).to_owned()),
        }
    }
}

/// A metric a records module exposes.
#[derive(Debug, Clone, Copy)]
pub struct Metric {
    pub code: &'static str,
    pub label_ja: &'static str,
    pub description: &'static str,
    /// When a record counts in a fiscal year.
    pub in_year: &'static str,
    pub filters: &'static [FilterDef],
}

impl Metric {
    pub fn filter(&self, name: &str) -> Option<&'static FilterDef> {
        self.filters.iter().find(|f| f.name == name)
    }
}

/// Every metric, by code. A records module adds its metrics here and a
/// branch in the store's `indicator_facts`.
pub const METRICS: &[Metric] = &[Metric {
    code: "personnel.events",
    label_ja: "人事発令",
    description: "Personnel events (人事発令): promotions, demotions, secondments, personnel exchanges, re-employment, early retirement.",
    in_year: "the event is in force on some day of the fiscal year (from its date to its end date)",
    filters: &[
        FilterDef {
            name: "kind",
            description: "event kind",
            values: Some(EVENT_KINDS.items),
        },
        FilterDef {
            name: "partner_type",
            description: "partner body of a secondment or exchange",
            values: Some(PARTNER_TYPES.items),
        },
        FilterDef {
            name: "voluntary",
            description: "a demotion the person asked for (希望降格): true or false",
            values: Some(&[
                ("true", "希望", "voluntary"),
                ("false", "希望なし", "not voluntary"),
            ]),
        },
    ],
}];

pub fn metric(code: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.code == code)
}

/// One record as a metric sees it in one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub staff_number: String,
    /// What the record is, for the drill-down list.
    pub label: String,
    /// Attribute values, by filter name.
    pub attributes: BTreeMap<&'static str, String>,
}

impl Fact {
    fn matches(&self, filters: &BTreeMap<String, Vec<String>>) -> bool {
        filters.iter().all(|(name, accepted)| {
            self.attributes
                .get(name.as_str())
                .is_some_and(|v| accepted.contains(v))
        })
    }
}

/// An indicator's value in one fiscal year and the records behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Computed {
    pub fiscal_year: i32,
    pub value: f64,
    pub target: Option<f64>,
    pub unit: Option<String>,
    pub achievement_rate: Option<f64>,
    pub grade: Option<String>,
    /// The matching facts (every record, even when staff are counted once).
    pub records: Vec<Fact>,
}

/// Filters and counts one year's facts, and grades the value against the
/// measure's target by the plan's scale.
pub fn compute(
    spec: &IndicatorSpec,
    node: &Node,
    scale: &GradeScale,
    year: FiscalYear,
    facts: Vec<Fact>,
) -> Computed {
    let records: Vec<Fact> = facts
        .into_iter()
        .filter(|f| f.matches(&spec.filters))
        .collect();
    let value = match spec.count {
        Aggregate::Records => records.len(),
        Aggregate::DistinctStaff => records
            .iter()
            .map(|f| f.staff_number.as_str())
            .collect::<HashSet<_>>()
            .len(),
    } as f64;
    let target = node.target(year);
    let rate = target
        .as_ref()
        .and_then(|t| achievement_rate(value, t.value));
    Computed {
        fiscal_year: year.0,
        value,
        achievement_rate: rate,
        grade: rate
            .and_then(|r| scale.grade_for_rate(r))
            .map(|g| g.code.clone()),
        unit: target.as_ref().map(|t| t.unit.clone()),
        target: target.map(|t| t.value),
        records,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::parse_plan;

    fn fact(staff: &str, kind: &str) -> Fact {
        Fact {
            staff_number: staff.into(),
            label: kind.into(),
            attributes: BTreeMap::from([("kind", kind.to_owned())]),
        }
    }

    #[test]
    fn counts_records_or_staff_after_filtering_and_grades_by_the_plans_scale() {
        let plan = parse_plan(include_str!("../../../plans/kiyose-2011.toml")).unwrap();
        let node = plan.node("1-8-1").unwrap();
        let mut spec = node.indicator.clone().unwrap();
        let facts = || {
            vec![
                fact("1", "exchange_out"),
                fact("1", "exchange_out"),
                fact("2", "exchange_in"),
                fact("3", "promotion"),
            ]
        };
        // FY2012's target is 5名.
        let c = compute(&spec, node, &plan.grades, FiscalYear(2012), facts());
        assert_eq!((c.value, c.records.len()), (2.0, 3));
        assert_eq!(c.target, Some(5.0));
        assert_eq!(c.achievement_rate, Some(40.0));
        assert_eq!(c.grade.as_deref(), Some("D"));
        spec.count = Aggregate::Records;
        let c = compute(&spec, node, &plan.grades, FiscalYear(2012), facts());
        assert_eq!(c.value, 3.0);
        spec.filters.clear();
        let c = compute(&spec, node, &plan.grades, FiscalYear(2012), facts());
        assert_eq!(c.value, 4.0);
    }

    #[test]
    fn filter_values_are_codes_or_labels() {
        let kind = metric("personnel.events").unwrap().filter("kind").unwrap();
        assert_eq!(
            kind.value("人事交流（派遣）").as_deref(),
            Some("exchange_out")
        );
        assert_eq!(kind.value("exchange_in").as_deref(), Some("exchange_in"));
        assert_eq!(kind.value("転勤"), None);
        assert!(metric("training.sql").is_none());
    }
}
