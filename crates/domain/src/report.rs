//! The progress table (進行管理表): one row per measure and fiscal year
//! (long format), one header row — the model every export and the printed
//! page are made from.

use crate::fiscal::FiscalYear;
use crate::grade::fmt_num;
use crate::plan::{Node, Plan};
use crate::progress::{ProgressEntry, Revision};
use serde::Serialize;
use std::collections::HashMap;

/// One cell. Blank is not zero: a missing actual is `Empty`, never 0.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Value {
    Text(String),
    Number(#[serde(serialize_with = "crate::json::whole")] f64),
    Empty,
}

impl Value {
    fn text(s: Option<&str>) -> Value {
        match s {
            Some(s) if !s.is_empty() => Value::Text(s.to_owned()),
            _ => Value::Empty,
        }
    }

    /// As shown in CSV and on the page.
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number(n) => fmt_num(*n),
            Value::Empty => String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Column {
    /// Stable key for JSON.
    pub key: String,
    /// Header as printed (Japanese).
    pub label: String,
}

impl Column {
    pub fn new(key: impl Into<String>, label: impl Into<String>) -> Column {
        Column {
            key: key.into(),
            label: label.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Table {
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
    /// The measure code of each row, for error messages.
    pub row_codes: Vec<String>,
}

/// The table as JSON: each row an object keyed by the columns' keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableJson {
    pub title: String,
    pub columns: Vec<Column>,
    /// A blank cell is `null`, never 0.
    pub rows: Vec<std::collections::BTreeMap<String, Value>>,
}

const FIXED: [(&str, &str); 22] = [
    ("code", "コード"),
    ("project", "事業名"),
    ("owner_division", "担当課"),
    ("fiscal_year", "年度"),
    ("fiscal_year_label", "年度（和暦）"),
    ("schedule", "計画（スケジュール）"),
    ("target", "目標値"),
    ("unit", "単位"),
    ("actual", "実績値"),
    ("achievement_rate", "達成率（%）"),
    ("actual_basis", "実績の出典"),
    ("actual_text", "実績（内容）"),
    ("status", "進捗状況"),
    ("grade", "評価"),
    ("grade_reason", "評価の理由"),
    ("achievements", "実績・成果"),
    ("issues", "課題"),
    ("direction", "今後の方向性"),
    ("author", "記入者"),
    ("recorded_at", "更新日時"),
    ("revision", "版"),
    ("sample", "サンプルデータ"),
];

impl Table {
    /// The table without the columns keyed `keys` (e.g. 記入者 on the
    /// public page).
    pub fn without_columns(mut self, keys: &[&str]) -> Table {
        let keep: Vec<bool> = self
            .columns
            .iter()
            .map(|c| !keys.contains(&c.key.as_str()))
            .collect();
        self.columns = kept(self.columns, &keep);
        self.rows = self.rows.into_iter().map(|r| kept(r, &keep)).collect();
        self
    }
}

/// The items whose flag in `keep` is set.
fn kept<T>(items: Vec<T>, keep: &[bool]) -> Vec<T> {
    items
        .into_iter()
        .zip(keep)
        .filter_map(|(item, k)| k.then_some(item))
        .collect()
}

/// Where an actual comes from, when not typed in: 記録から算出, or a
/// person's override with its reason.
fn actual_basis(e: &ProgressEntry) -> Option<String> {
    if e.actual_computed {
        Some("記録から算出".to_owned())
    } else {
        e.override_reason
            .as_ref()
            .map(|r| format!("算出値を上書き（{r}）"))
    }
}

/// Builds the table from the plan and the current revision of each cell.
/// `years` limits the rows to some fiscal years (all when empty).
pub fn progress_table(plan: &Plan, current: &[Revision], years: &[FiscalYear]) -> Table {
    let mut columns: Vec<Column> = plan
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| Column::new(format!("level{}", i + 1), l.name.clone()))
        .collect();
    // The plan's own names for 事業名 and 担当課, where it gives them.
    columns.extend(FIXED.iter().map(|(k, l)| {
        let own = match *k {
            "project" => plan.label("project"),
            "owner_division" => plan.label("owners"),
            _ => None,
        };
        Column::new(*k, own.unwrap_or(l))
    }));
    // The plan's own fields (目的, 評価の手法 …), keyed `field_<key>`.
    columns.extend(
        plan.fields
            .iter()
            .map(|f| Column::new(format!("field_{}", f.key), f.label.clone())),
    );

    let by_cell: HashMap<(&str, i32), &Revision> = current
        .iter()
        .map(|r| ((r.node_code.as_str(), r.fiscal_year), r))
        .collect();
    let mut rows = Vec::new();
    let mut row_codes = Vec::new();
    for m in plan.measures() {
        let path: Vec<&Node> = plan.ancestors(&m.code).into_iter().chain([m]).collect();
        for year in plan
            .years()
            .filter(|y| years.is_empty() || years.contains(y))
        {
            let rev = by_cell.get(&(m.code.as_str(), year.0)).copied();
            let e = rev.map(|r| &r.entry);
            let mut row: Vec<Value> = (0..plan.levels.len())
                .map(|d| {
                    path.iter()
                        .find(|n| n.depth == d)
                        .map_or(Value::Empty, |n| Value::Text(n.display_title()))
                })
                .collect();
            let target = m.target(year);
            let schedule = m
                .cells(year)
                .filter_map(|c| c.text.as_deref())
                .collect::<Vec<_>>()
                .join(" / ");
            let schedule = if m.has_schedule() {
                schedule
            } else {
                "計画に記載なし".to_owned()
            };
            let owner = e
                .and_then(|e| e.owner_division.clone())
                .or_else(|| (!m.owners.is_empty()).then(|| m.owners.join("・")));
            // A year no one has reported (nothing stored, or only an actual
            // computed from records) reads 未報告 and shows no grade.
            let reported = e.filter(|e| !e.status.is_empty());
            let status = Some(reported.map_or_else(
                || "未報告".to_owned(),
                |e| {
                    plan.status(&e.status)
                        .map_or(e.status.clone(), |s| s.label.clone())
                },
            ));
            let grade = reported.and_then(|e| e.grade.as_deref()).map(|g| {
                plan.grades
                    .find(g)
                    .map_or(g.to_owned(), |d| format!("{} {}", d.code, d.label))
            });
            let direction = e.and_then(|e| e.direction.as_deref()).map(|d| {
                plan.direction(d)
                    .map_or_else(|| d.to_owned(), |def| def.label.clone())
            });
            row.extend([
                Value::Text(m.code.clone()),
                Value::text(m.project.as_deref()),
                Value::text(owner.as_deref()),
                Value::Number(f64::from(year.0)),
                Value::Text(year.label_ja()),
                Value::text(Some(&schedule)),
                target
                    .as_ref()
                    .map_or(Value::Empty, |t| Value::Number(t.value)),
                // The year's target's unit, or the unit its actual was
                // recorded in (a year before a final-year target).
                Value::text(
                    target
                        .as_ref()
                        .map(|t| t.unit.as_str())
                        .or_else(|| e.and_then(|e| e.actual_unit.as_deref())),
                ),
                e.and_then(|e| e.actual_value)
                    .map_or(Value::Empty, Value::Number),
                e.and_then(|e| e.achievement_rate)
                    .map_or(Value::Empty, |r| Value::Number((r * 10.0).round() / 10.0)),
                Value::text(e.and_then(actual_basis).as_deref()),
                Value::text(e.and_then(|e| e.actual_text.as_deref())),
                Value::text(status.as_deref()),
                Value::text(grade.as_deref()),
                Value::text(e.and_then(|e| e.grade_reason.as_deref())),
                Value::text(e.and_then(|e| e.achievements.as_deref())),
                Value::text(e.and_then(|e| e.issues.as_deref())),
                Value::text(direction.as_deref()),
                Value::text(e.map(|e| e.author.as_str())),
                Value::text(rev.map(|r| r.recorded_at.as_str())),
                // Revision 0: computed from records, not recorded by anyone.
                rev.filter(|r| r.revision > 0)
                    .map_or(Value::Empty, |r| Value::Number(r.revision as f64)),
                Value::text(rev.and_then(|r| r.sample.then_some("サンプル"))),
            ]);
            row.extend(
                plan.fields
                    .iter()
                    .map(|f| Value::text(m.fields.get(&f.key).map(String::as_str))),
            );
            rows.push(row);
            row_codes.push(m.code.clone());
        }
    }
    Table {
        title: format!("{} 進行管理表", plan.title),
        columns,
        rows,
        row_codes,
    }
}

impl Table {
    /// Rows as JSON objects keyed by column key.
    pub fn to_json(&self) -> TableJson {
        TableJson {
            title: self.title.clone(),
            columns: self.columns.clone(),
            rows: self
                .rows
                .iter()
                .map(|row| {
                    self.columns
                        .iter()
                        .zip(row)
                        .map(|(c, v)| (c.key.clone(), v.clone()))
                        .collect()
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_can_be_left_out_of_every_row() {
        let t = Table {
            title: "t".into(),
            columns: ["a", "author", "b"]
                .iter()
                .map(|k| Column::new(*k, *k))
                .collect(),
            rows: vec![vec![
                Value::Text("1".into()),
                Value::Text("髙橋".into()),
                Value::Number(2.0),
            ]],
            row_codes: vec!["x".into()],
        }
        .without_columns(&["author"]);
        assert_eq!(t.columns.len(), 2);
        assert_eq!(t.rows[0], vec![Value::Text("1".into()), Value::Number(2.0)]);
    }
    use crate::plan::parse_plan;
    use crate::progress::ProgressEntry;

    #[test]
    fn one_row_per_measure_and_year_with_blank_not_zero() {
        let head = crate::plan::test_plan_head(
            (2011, 2012),
            &[("柱", ""), ("方策", "circled")],
            &[("A", None, None)],
        );
        let plan = parse_plan(&format!(
            "{head}{}",
            r#"
[[nodes]]
code = "1"
title = "柱"
[[nodes]]
code = "1-1"
parent = "1"
title = "派遣"
[[nodes.schedule]]
year = 2011
target = 140
unit = "名"
[[nodes.schedule]]
year = 2012
text = "実施"
[[nodes]]
code = "1-2"
parent = "1"
title = "挨拶"
"#
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let rev = Revision {
            node_code: "1-1".into(),
            fiscal_year: 2011,
            revision: 2,
            plan_version: 1,
            recorded_at: "2012-04-10T00:00:00Z".into(),
            sample: false,
            recorded_by: None,
            entry: ProgressEntry {
                status: "done".into(),
                actual_value: Some(150.0),
                actual_unit: Some("名".into()),
                actual_text: None,
                achievements: None,
                issues: None,
                direction: Some("improve".into()),
                grade: None,
                grade_computed: false,
                grade_reason: None,
                target_value: Some(140.0),
                achievement_rate: Some(107.142),
                owner_division: None,
                author: "職員課".into(),
                actual_computed: false,
                override_reason: None,
            },
        };
        let t = progress_table(&plan, &[rev], &[]);
        assert_eq!(t.rows.len(), 4);
        let col = |k: &str| {
            t.columns
                .iter()
                .position(|c| c.key == k)
                .unwrap_or(usize::MAX)
        };
        assert_eq!(t.columns[0].label, "柱");
        assert_eq!(t.rows[0][col("level2")], Value::Text("① 派遣".into()));
        assert_eq!(t.rows[0][col("actual")], Value::Number(150.0));
        assert_eq!(t.rows[0][col("achievement_rate")], Value::Number(107.1));
        assert_eq!(t.rows[0][col("status")], Value::Text("実施済".into()));
        assert_eq!(
            t.rows[0][col("direction")],
            Value::Text("改善し継続".into())
        );
        assert_eq!(t.rows[1][col("actual")], Value::Empty);
        assert_eq!(t.rows[1][col("status")], Value::Text("未報告".into()));
        assert_eq!(t.rows[1][col("schedule")], Value::Text("実施".into()));
        assert_eq!(
            t.rows[2][col("schedule")],
            Value::Text("計画に記載なし".into())
        );
        let only_2012 = progress_table(&plan, &[], &[FiscalYear(2012)]);
        assert_eq!(only_2012.rows.len(), 2);
        assert_eq!(t.to_json().rows[1]["actual"], Value::Empty);
    }
}
