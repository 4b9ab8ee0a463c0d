//! The plan as data: a tree of any depth with per-plan level names,
//! numbering, grade scale, statuses and yearly schedules.

mod file;
mod numbering;

pub use file::{Diagnostic, ParseError, parse_plan};
pub use numbering::Numbering;

use crate::fiscal::FiscalYear;
use crate::grade::GradeScale;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    pub code: String,
    pub title: String,
    pub organization: Option<String>,
    pub first_year: FiscalYear,
    pub last_year: FiscalYear,
    pub source: Option<String>,
    pub note: Option<String>,
    pub levels: Vec<Level>,
    pub grades: GradeScale,
    pub statuses: Vec<StatusDef>,
    /// 今後の方向性 the plan offers (拡大, 改善し継続 …), in order.
    #[serde(default = "DirectionDef::defaults")]
    pub directions: Vec<DirectionDef>,
    /// Named spans of years inside the plan (前期 / 後期), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<Period>,
    /// The year of the mid-term review (中間見直し), if the plan has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_year: Option<FiscalYear>,
    /// The plan's own names for the fixed fields of its items (趣旨 may be
    /// 目的, 備考 may be 特記事項): keys `project`, `description`, `owners`,
    /// `note`, `aliases`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub labels: std::collections::BTreeMap<String, String>,
    /// Fields the plan gives its items beside the fixed ones (目的,
    /// 達成目標, 評価の手法 …), in the order they are shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldDef>,
    /// The tree, flattened in display order (parents before children).
    pub nodes: Vec<Node>,
}

/// One choice of 今後の方向性.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectionDef {
    pub code: String,
    pub label: String,
    pub label_en: Option<String>,
}

impl DirectionDef {
    /// 拡大 / 改善し継続 / 現状通り / 中止・廃止 / 終了, used when a plan
    /// defines none.
    pub fn defaults() -> Vec<DirectionDef> {
        crate::progress::DIRECTIONS
            .iter()
            .map(|(code, ja, en)| DirectionDef {
                code: (*code).to_owned(),
                label: (*ja).to_owned(),
                label_en: Some((*en).to_owned()),
            })
            .collect()
    }
}

/// A named span of a plan's years (前期 令和5〜8年度).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub code: String,
    pub name: String,
    pub first_year: FiscalYear,
    pub last_year: FiscalYear,
}

impl Period {
    pub fn contains(&self, y: FiscalYear) -> bool {
        (self.first_year..=self.last_year).contains(&y)
    }
}

/// A field the plan declares for the items of some levels (目的, 評価の手法).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldDef {
    /// Its key in the file (ASCII), and its column in files.
    pub key: String,
    /// Its label as the plan prints it.
    pub label: String,
    /// The levels (1 = the top) whose items carry it; empty: every level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Level {
    pub name: String,
    pub name_en: Option<String>,
    pub numbering: Numbering,
    /// Numbers run on through the whole level instead of starting again
    /// under each parent (a second 柱's first 施策 is (4), not (1)).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub continuous: bool,
    /// How a node of this level shows its number, built from its own and
    /// its ancestors' numbers: `{1}-{2}-{3}` reads `(1)-(ⅰ)-①`; `{k}` is
    /// the number at level k (1 the top). None: its own number alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusDef {
    pub code: String,
    pub label: String,
    pub label_en: Option<String>,
    /// This status means the year's work is complete.
    pub done: bool,
}

impl StatusDef {
    /// 未着手 / 実施中 / 実施済 / 中止, used when a plan defines none.
    pub fn defaults() -> Vec<StatusDef> {
        let s = |code: &str, label: &str, en: &str, done| StatusDef {
            code: code.into(),
            label: label.into(),
            label_en: Some(en.into()),
            done,
        };
        vec![
            s("not_started", "未着手", "Not started", false),
            s("in_progress", "実施中", "In progress", false),
            s("done", "実施済", "Done", true),
            s("cancelled", "中止", "Cancelled", false),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Node {
    pub code: String,
    pub parent: Option<String>,
    /// 0 for roots.
    pub depth: usize,
    /// The displayed number ("(1)", "①"), if any.
    pub number: Option<String>,
    pub title: String,
    pub aliases: Vec<String>,
    /// 事業名
    pub project: Option<String>,
    /// 趣旨
    pub description: Option<String>,
    /// 担当課
    pub owners: Vec<String>,
    pub note: Option<String>,
    /// Empty: the plan gives no schedule ("計画に記載なし").
    pub schedule: Vec<ScheduleCell>,
    /// Which way the node's numeric targets point: lower is better for
    /// overtime hours or turnover.
    #[serde(default, skip_serializing_if = "Better::is_higher")]
    pub better: Better,
    /// 目標設定時最新値: the value when the targets were set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    /// Values of the plan's own fields ([`Plan::fields`]), by key.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub fields: std::collections::BTreeMap<String, String>,
    /// Actuals computed from records, one per schedule line at most (see
    /// `docs/indicators.md`); empty: progress is entered by hand.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<crate::indicator::IndicatorSpec>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleCell {
    pub year: FiscalYear,
    pub line: u32,
    pub text: Option<String>,
    #[serde(serialize_with = "crate::json::whole_opt")]
    pub target: Option<f64>,
    pub unit: Option<String>,
    pub as_of: Option<NaiveDate>,
    pub inferred: bool,
}

/// A numeric target of one node in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Target {
    #[serde(serialize_with = "crate::json::whole")]
    pub value: f64,
    pub unit: String,
    pub as_of: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Better::is_higher")]
    pub better: Better,
}

impl Target {
    /// 達成率 of `actual` against this target, in percent (see
    /// [`crate::grade::achievement_rate`] and
    /// [`crate::grade::reduction_rate`]).
    pub fn rate(&self, actual: f64) -> Option<f64> {
        match self.better {
            Better::Higher => crate::grade::achievement_rate(actual, self.value),
            // A target of none at all (0件): met, or not.
            Better::Lower if self.value == 0.0 => {
                actual
                    .is_finite()
                    .then_some(if actual <= 0.0 { 100.0 } else { 0.0 })
            }
            Better::Lower => crate::grade::reduction_rate(actual, self.value),
        }
    }

    /// Can an achievement rate be worked out against this target (so the
    /// grade follows from it)? Not for "at least 0" where higher is better.
    pub fn rates(&self) -> bool {
        self.value > 0.0 || self.better == Better::Lower
    }

    /// Does `actual` reach the target (at or above it; at or below it
    /// when lower is better)?
    pub fn met_by(&self, actual: f64) -> bool {
        match self.better {
            Better::Higher => actual >= self.value,
            Better::Lower => actual <= self.value,
        }
    }
}

/// Which way a numeric target points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// More is better (participants, rates of uptake).
    #[default]
    Higher,
    /// Less is better (overtime hours, turnover).
    Lower,
}

impl Better {
    pub fn is_higher(&self) -> bool {
        *self == Better::Higher
    }
}

/// 目標設定時最新値: where a numeric target started from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Baseline {
    #[serde(serialize_with = "crate::json::whole")]
    pub value: f64,
    /// When the value was measured.
    pub as_of: Option<NaiveDate>,
}

/// The fixed fields of an item a plan may name in its own words.
pub const LABELLED_FIELDS: [&str; 5] = ["project", "description", "owners", "note", "aliases"];

impl Plan {
    /// The plan's own name for a fixed field, when it gives one.
    pub fn label(&self, field: &str) -> Option<&str> {
        self.labels.get(field).map(String::as_str)
    }

    pub fn years(&self) -> impl DoubleEndedIterator<Item = FiscalYear> + '_ {
        (self.first_year.0..=self.last_year.0).map(FiscalYear)
    }

    pub fn contains_year(&self, year: FiscalYear) -> bool {
        self.first_year <= year && year <= self.last_year
    }

    pub fn node(&self, code: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.code == code)
    }

    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.nodes
            .iter()
            .filter(move |n| n.parent.as_deref() == Some(code))
    }

    pub fn roots(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| n.parent.is_none())
    }

    pub fn is_leaf(&self, code: &str) -> bool {
        self.children(code).next().is_none()
    }

    /// Leaves of the tree: the items whose progress is tracked (方策 in Kiyose).
    pub fn measures(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| self.is_leaf(&n.code))
    }

    /// `code` and all nodes under it that are leaves.
    pub fn measures_under<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.measures()
            .filter(move |m| self.is_under(&m.code, code))
    }

    /// True when `code` is `ancestor` or lies below it.
    pub fn is_under(&self, code: &str, ancestor: &str) -> bool {
        let mut current = self.node(code);
        while let Some(n) = current {
            if n.code == ancestor {
                return true;
            }
            current = n.parent.as_deref().and_then(|p| self.node(p));
        }
        false
    }

    /// Ancestors from the root down, excluding the node itself.
    pub fn ancestors(&self, code: &str) -> Vec<&Node> {
        let mut out = Vec::new();
        let mut current = self.node(code).and_then(|n| n.parent.as_deref());
        while let Some(p) = current.and_then(|c| self.node(c)) {
            out.push(p);
            current = p.parent.as_deref();
        }
        out.reverse();
        out
    }

    pub fn level(&self, node: &Node) -> Option<&Level> {
        self.levels.get(node.depth)
    }

    pub fn status(&self, code: &str) -> Option<&StatusDef> {
        self.statuses.iter().find(|s| s.code == code)
    }

    /// A 今後の方向性 by its code, or by its label as written (Japanese or
    /// English).
    pub fn direction(&self, written: &str) -> Option<&DirectionDef> {
        let w = written.trim();
        self.directions
            .iter()
            .find(|d| d.code == w || d.label == w || d.label_en.as_deref() == Some(w))
    }
}

impl Node {
    pub fn has_schedule(&self) -> bool {
        !self.schedule.is_empty()
    }

    /// The schedule cells of one year, by line.
    pub fn cells(&self, year: FiscalYear) -> impl Iterator<Item = &ScheduleCell> {
        self.schedule.iter().filter(move |c| c.year == year)
    }

    /// The year's numeric target, if the plan sets one.
    pub fn target(&self, year: FiscalYear) -> Option<Target> {
        self.cells(year).find_map(|c| self.target_of(c))
    }

    /// The year's numeric target on one schedule line.
    pub fn target_on_line(&self, year: FiscalYear, line: u32) -> Option<Target> {
        self.cells(year)
            .filter(|c| c.line == line)
            .find_map(|c| self.target_of(c))
    }

    /// The indicator that gives the year's actual in progress records: the
    /// first on the line that carries the year's numeric target; in a year
    /// without any numeric target (「所属長による面談」), the first of all,
    /// shown ungraded. A target on another line than any indicator's (2-6-1:
    /// women applicants, not yet counted) leaves the actual to be typed.
    pub fn headline_indicator(
        &self,
        year: FiscalYear,
    ) -> Option<(usize, &crate::indicator::IndicatorSpec)> {
        let on_target = self
            .indicators
            .iter()
            .enumerate()
            .find(|(_, spec)| self.target_on_line(year, spec.line).is_some());
        match on_target {
            Some(found) => Some(found),
            None if self.target(year).is_none() => self.indicators.iter().enumerate().next(),
            None => None,
        }
    }

    /// The schedule text of one line in one year ("評価者研修実施").
    pub fn line_text(&self, year: FiscalYear, line: u32) -> Option<&str> {
        self.cells(year)
            .find(|c| c.line == line)
            .and_then(|c| c.text.as_deref())
    }

    fn target_of(&self, c: &ScheduleCell) -> Option<Target> {
        Some(Target {
            value: c.target?,
            unit: c.unit.clone().unwrap_or_default(),
            as_of: c.as_of,
            better: self.better,
        })
    }

    /// "① 評価内容の説明"
    pub fn display_title(&self) -> String {
        match &self.number {
            Some(n) => format!("{n} {}", self.title),
            None => self.title.clone(),
        }
    }
}

#[cfg(test)]
mod example_test;
#[cfg(test)]
mod kiyose_test;

/// The head of a small plan file for unit tests elsewhere in the crate:
/// its years, its levels (name and numbering, "" for the default) and a
/// grade scale of (code, min_rate, max_rate) with each grade's label its
/// code. Nodes are appended by the test.
#[cfg(test)]
pub(crate) fn test_plan_head(
    (first_year, last_year): (i32, i32),
    levels: &[(&str, &str)],
    scale: &[(&str, Option<u32>, Option<u32>)],
) -> String {
    let mut src = format!(
        "[plan]\ncode = \"t\"\ntitle = \"t\"\nfirst_year = {first_year}\nlast_year = {last_year}\n"
    );
    for (name, numbering) in levels {
        src.push_str(&format!("[[levels]]\nname = \"{name}\"\n"));
        if !numbering.is_empty() {
            src.push_str(&format!("numbering = \"{numbering}\"\n"));
        }
    }
    src.push_str("[grades]\nnot_assessed = { code = \"-\", label = \"対象外\" }\n");
    for (code, min, max) in scale {
        src.push_str(&format!(
            "[[grades.scale]]\ncode = \"{code}\"\nlabel = \"{code}\"\n"
        ));
        if let Some(min) = min {
            src.push_str(&format!("min_rate = {min}\n"));
        }
        if let Some(max) = max {
            src.push_str(&format!("max_rate = {max}\n"));
        }
    }
    src
}
