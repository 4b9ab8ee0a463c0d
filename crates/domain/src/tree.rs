//! The plan as a nested tree, for `plan show --json` and the API.

use crate::fiscal::FiscalYear;
use crate::grade::GradeScale;
use crate::plan::{Level, Node, Plan, ScheduleCell, StatusDef};
use serde::Serialize;

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanTree<'a> {
    pub code: &'a str,
    pub title: &'a str,
    pub organization: Option<&'a str>,
    pub first_year: i32,
    pub last_year: i32,
    pub fiscal_years: Vec<YearLabel>,
    pub source: Option<&'a str>,
    pub note: Option<&'a str>,
    pub levels: &'a [Level],
    pub grades: &'a GradeScale,
    pub statuses: &'a [StatusDef],
    pub nodes: Vec<TreeNode<'a>>,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearLabel {
    pub fiscal_year: i32,
    /// "平成23年度 (2011)"
    pub label: String,
}

impl From<FiscalYear> for YearLabel {
    fn from(y: FiscalYear) -> Self {
        YearLabel {
            fiscal_year: y.0,
            label: y.label_ja_full(),
        }
    }
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TreeNode<'a> {
    pub code: &'a str,
    pub number: Option<&'a str>,
    pub title: &'a str,
    pub level: Option<&'a str>,
    pub level_en: Option<&'a str>,
    pub aliases: &'a [String],
    pub project: Option<&'a str>,
    pub description: Option<&'a str>,
    pub owners: &'a [String],
    pub note: Option<&'a str>,
    /// False: "計画に記載なし" — the plan gives no schedule.
    pub scheduled: bool,
    pub schedule: Vec<YearSchedule<'a>>,
    /// The item's own items, nested (a reference to this schema).
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<TreeNode<'a>>,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearSchedule<'a> {
    pub fiscal_year: i32,
    pub label: String,
    pub items: Vec<&'a ScheduleCell>,
}

impl Plan {
    /// The validated plan as a nested tree.
    pub fn tree(&self) -> PlanTree<'_> {
        PlanTree {
            code: &self.code,
            title: &self.title,
            organization: self.organization.as_deref(),
            first_year: self.first_year.0,
            last_year: self.last_year.0,
            fiscal_years: self.years().map(YearLabel::from).collect(),
            source: self.source.as_deref(),
            note: self.note.as_deref(),
            levels: &self.levels,
            grades: &self.grades,
            statuses: &self.statuses,
            nodes: self.roots().map(|n| self.tree_node(n)).collect(),
        }
    }

    fn tree_node<'a>(&'a self, n: &'a Node) -> TreeNode<'a> {
        let level = self.level(n);
        TreeNode {
            code: &n.code,
            number: n.number.as_deref(),
            title: &n.title,
            level: level.map(|l| l.name.as_str()),
            level_en: level.and_then(|l| l.name_en.as_deref()),
            aliases: &n.aliases,
            project: n.project.as_deref(),
            description: n.description.as_deref(),
            owners: &n.owners,
            note: n.note.as_deref(),
            scheduled: n.has_schedule(),
            schedule: if n.has_schedule() {
                self.years()
                    .map(|y| YearSchedule {
                        fiscal_year: y.0,
                        label: y.label_ja_full(),
                        items: n.cells(y).collect(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            children: self.children(&n.code).map(|c| self.tree_node(c)).collect(),
        }
    }
}
