//! Indicators: a measure's actual computed from records, not typed in.
//!
//! A plan file names a metric from the registry below (no SQL in plan
//! files), filters on the metric's attributes, and how to count. Records
//! modules expose their metrics here; the store counts them in SQL for a
//! fiscal year (a [`Tally`]), and [`grade`] turns the counts into a value
//! graded against the measure's target.

use crate::fiscal::FiscalYear;
use crate::grade::GradeScale;
use crate::people::codes::{EMPLOYMENT_TYPES, JOB_GRADES};
use crate::plan::Node;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How facts are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::VariantArray, strum::IntoStaticStr, strum::EnumString)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Aggregate {
    /// Every matching record.
    Records,
    /// Each staff member once, however many records they have.
    DistinctStaff,
}

impl Aggregate {
    pub const ALL: &'static [Aggregate] = <Aggregate as strum::VariantArray>::VARIANTS;

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn parse(code: &str) -> Option<Aggregate> {
        code.parse().ok()
    }
}

/// What to count: a metric, its filters, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counting {
    pub metric: String,
    pub count: Aggregate,
    /// Attribute → accepted values (any of them).
    #[serde(default)]
    pub filters: BTreeMap<String, Vec<String>>,
}

/// A measure's indicator, as the plan file gives it: a count, or with
/// `per` the ratio of two counts in percent. A schedule line may carry
/// several (「所属長による面談」: the share who had their talk, and whether
/// the rating distribution was published); the first with a target on its
/// line gives the measure's actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorSpec {
    /// The schedule line whose target it is measured against (1 unless the
    /// measure has several lines).
    #[serde(default = "first_line")]
    pub line: u32,
    /// Its heading, when the line's schedule text does not name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(flatten)]
    pub counts: Counting,
    /// The denominator of a ratio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<Counting>,
}

fn first_line() -> u32 {
    1
}

/// An attribute of a metric's records that plan files may filter on.
#[derive(Debug, Clone, Copy)]
pub struct FilterDef {
    pub name: &'static str,
    pub description: &'static str,
    /// The accepted values (codes), or any value when `None`.
    pub values: Option<&'static [(&'static str, &'static str, &'static str)]>,
    /// A number of fiscal years of service (1 to [`MAX_YEARS`]), one value,
    /// instead of codes: "within the first N years", "N years or more".
    pub years: bool,
}

/// The largest number of years a years filter takes.
pub const MAX_YEARS: u32 = 60;

impl FilterDef {
    /// The code for a value as written (a code or its Japanese or English
    /// label), or `None` when it is not one of the accepted values.
    pub fn value(&self, written: &str) -> Option<String> {
        if self.years {
            let n: u32 = written.trim().parse().ok()?;
            return (1..=MAX_YEARS).contains(&n).then(|| n.to_string());
        }
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
    /// Its records belong to staff members, so `distinct_staff` applies.
    pub per_staff: bool,
    /// Who may list the records behind a number (the drill-down): HR, or
    /// for health records the health role alone.
    pub listed_by: crate::access::Role,
    pub filters: &'static [FilterDef],
}

impl Metric {
    pub fn filter(&self, name: &str) -> Option<&'static FilterDef> {
        self.filters.iter().find(|f| f.name == name)
    }

    /// The ways this metric's records may be counted.
    pub fn aggregates(&self) -> &'static [Aggregate] {
        if self.per_staff {
            Aggregate::ALL
        } else {
            &[Aggregate::Records]
        }
    }
}

/// The filter values "true" and "false" (はい / いいえ).
pub const TRUE_FALSE: &[(&str, &str, &str)] = &[("true", "はい", "yes"), ("false", "いいえ", "no")];

/// A filter whose values come from a code list.
pub const fn filter(
    name: &'static str,
    description: &'static str,
    values: &'static [(&'static str, &'static str, &'static str)],
) -> FilterDef {
    FilterDef {
        name,
        description,
        values: Some(values),
        years: false,
    }
}

/// A filter whose values are codes of a list the city keeps in its
/// records (any value is accepted in a plan file).
pub const fn any_filter(name: &'static str, description: &'static str) -> FilterDef {
    FilterDef {
        name,
        description,
        values: None,
        years: false,
    }
}

/// A filter on a number of fiscal years of service, counting the hire
/// year as the first (see [`FilterDef::years`]).
pub const fn years_filter(name: &'static str, description: &'static str) -> FilterDef {
    FilterDef {
        name,
        description,
        values: None,
        years: true,
    }
}

/// The filters on the staff member a record is about.
pub const STAFF_FILTERS: [FilterDef; 2] = [
    filter(
        "employment_type",
        "the staff member's employment type in force on the record's date",
        EMPLOYMENT_TYPES.items,
    ),
    filter(
        "job_grade",
        "the staff member's job grade in force on the record's date",
        JOB_GRADES.items,
    ),
];

/// Every metric, module by module: a records module lists its metrics in
/// its own `metrics` file (and their SQL in the store's), then adds one
/// line here.
pub fn metrics() -> impl Iterator<Item = &'static Metric> {
    [
        crate::people::metrics::METRICS,
        crate::training::metrics::METRICS,
        crate::evaluation::metrics::METRICS,
        crate::self_report::metrics::METRICS,
        crate::exams::metrics::METRICS,
        crate::demotion::metrics::METRICS,
        crate::postings::metrics::METRICS,
        crate::talent::metrics::METRICS,
        crate::health::metrics::METRICS,
        crate::outreach::metrics::METRICS,
    ]
    .into_iter()
    .flatten()
}

pub fn metric(code: &str) -> Option<&'static Metric> {
    metrics().find(|m| m.code == code)
}

/// One record behind a number, for the drill-down list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fact {
    /// The staff member the record is about, when it is about one.
    pub staff_number: Option<String>,
    pub label: String,
}

/// A count over one fiscal year: the records that match, and the value by
/// the counting's aggregate (records, or staff counted once).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    pub value: u64,
    pub records: u64,
}

/// An indicator's value in one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Computed {
    pub fiscal_year: i32,
    /// Which of the measure's indicators (1 for the first).
    pub indicator: usize,
    /// The schedule line it is measured against.
    pub line: u32,
    #[serde(serialize_with = "crate::json::whole")]
    pub value: f64,
    /// The count (the numerator of a ratio).
    pub counted: Tally,
    /// The denominator of a ratio.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<Tally>,
    #[serde(serialize_with = "crate::json::whole_opt")]
    pub target: Option<f64>,
    pub unit: Option<String>,
    #[serde(serialize_with = "crate::json::whole_opt")]
    pub achievement_rate: Option<f64>,
    pub grade: Option<String>,
}

/// The value of one year's counts of the measure's `index`th indicator
/// (from 0), graded against the measure's target on the indicator's line by
/// the plan's scale. A ratio is a percentage; over nobody it is 0.
pub fn grade(
    index: usize,
    spec: &IndicatorSpec,
    node: &Node,
    scale: &GradeScale,
    year: FiscalYear,
    counted: Tally,
    per: Option<Tally>,
) -> Computed {
    let value = match per {
        None => counted.value as f64,
        Some(base) if base.value == 0 => 0.0,
        Some(base) => (counted.value as f64 * 1000.0 / base.value as f64).round() / 10.0,
    };
    let target = node.target_on_line(year, spec.line);
    let rate = target.as_ref().and_then(|t| t.rate(value));
    let unit = match (&target, per) {
        (Some(t), _) if !t.unit.is_empty() => Some(t.unit.clone()),
        (_, Some(_)) => Some("%".to_owned()),
        (_, None) => target.as_ref().map(|t| t.unit.clone()),
    };
    Computed {
        fiscal_year: year.0,
        indicator: index + 1,
        line: spec.line,
        value,
        counted,
        per,
        achievement_rate: rate,
        grade: rate
            .and_then(|r| scale.grade_for_rate(r))
            .map(|g| g.code.clone()),
        unit,
        target: target.map(|t| t.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::parse_plan;

    fn tally(value: u64, records: u64) -> Tally {
        Tally { value, records }
    }

    #[test]
    fn counts_are_graded_against_the_target_of_the_indicators_line() {
        let plan = parse_plan(include_str!("../../../plans/kiyose-2011.toml")).unwrap();
        let node = plan.node("1-8-1").unwrap();
        let spec = node.indicators[0].clone();
        // FY2012's target is 5名.
        let c = grade(
            0,
            &spec,
            node,
            &plan.grades,
            FiscalYear(2012),
            tally(2, 3),
            None,
        );
        assert_eq!((c.value, c.counted.records), (2.0, 3));
        assert_eq!((c.target, c.unit.as_deref()), (Some(5.0), Some("名")));
        assert_eq!(c.achievement_rate, Some(40.0));
        assert_eq!(c.grade.as_deref(), Some("D"));
        // 2-6-1 has a target on line 1 (女性受験者) but not on line 2 (研修).
        let node = plan.node("2-6-1").unwrap();
        let training = node.indicators.iter().find(|i| i.line == 2).unwrap();
        let c = grade(
            1,
            training,
            node,
            &plan.grades,
            FiscalYear(2012),
            tally(30, 30),
            None,
        );
        assert_eq!((c.target, c.grade), (None, None));
    }

    #[test]
    fn a_ratio_is_a_percentage_and_zero_over_nobody() {
        let plan = parse_plan(include_str!("../../../plans/kiyose-2011.toml")).unwrap();
        let node = plan.node("1-1-2").unwrap();
        let spec = node.indicators.iter().find(|i| i.per.is_some()).unwrap();
        let c = grade(
            0,
            spec,
            node,
            &plan.grades,
            FiscalYear(2011),
            tally(2, 2),
            Some(tally(3, 3)),
        );
        assert_eq!((c.value, c.unit.as_deref()), (66.7, Some("%")));
        let c = grade(
            0,
            spec,
            node,
            &plan.grades,
            FiscalYear(2011),
            tally(0, 0),
            Some(tally(0, 0)),
        );
        assert_eq!(c.value, 0.0);
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
        let topic = metric("training.participation")
            .unwrap()
            .filter("topic")
            .unwrap();
        assert_eq!(topic.value("評価者研修").as_deref(), Some("evaluator"));
        // A years filter takes a whole number of years, 1 to 60.
        let years = metric("talent.rotation")
            .unwrap()
            .filter("served_at_most")
            .unwrap();
        assert_eq!(years.value(" 15 ").as_deref(), Some("15"));
        for bad in ["0", "61", "十五", "1.5", ""] {
            assert_eq!(years.value(bad), None, "{bad}");
        }
        assert_eq!(
            metric("training.sessions").unwrap().aggregates(),
            [Aggregate::Records]
        );
    }
}
