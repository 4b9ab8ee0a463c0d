//! The fictional second plan in `plans/examples/` (test data): what
//! Kiyose's plan does not use loads and reads as its file says.

use super::{Better, parse_plan};
use crate::fiscal::FiscalYear;
use crate::i18n::Language;

const EXAMPLE: &str = include_str!("../../../../plans/examples/sakuragaoka-2017.toml");

fn plan() -> super::Plan {
    parse_plan(EXAMPLE)
        .unwrap_or_else(|e| panic!("{}", e.render("sakuragaoka-2017.toml", Language::En)))
}

#[test]
fn two_levels_numbered_on_across_parents() {
    let plan = plan();
    let shown: Vec<String> = plan.nodes.iter().map(|n| n.display_title()).collect();
    assert_eq!(
        shown,
        [
            "(1) 職員の力を伸ばす",
            "(1)-① 階層別研修の充実",
            "(1)-② 自己啓発の支援",
            "(2) 働きやすい職場をつくる",
            "(2)-③ 時間外勤務の縮減",
            "(2)-④ ハラスメント防止",
        ]
    );
    assert_eq!(plan.measures().count(), 4);
}

#[test]
fn eight_years_across_the_change_of_era_in_two_periods() {
    let plan = plan();
    let years: Vec<String> = plan.years().map(|y| y.label_ja()).collect();
    assert_eq!(years.len(), 8);
    assert_eq!(years.first().map(String::as_str), Some("平成29年度"));
    assert_eq!(years.last().map(String::as_str), Some("令和6年度"));
    let names: Vec<&str> = plan.periods.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["前期", "後期"]);
    assert!(plan.periods[0].contains(FiscalYear(2020)));
    assert!(!plan.periods[0].contains(FiscalYear(2021)));
    assert_eq!(plan.review_year, Some(FiscalYear(2020)));
}

#[test]
fn a_lower_is_better_final_year_target_and_the_plans_own_fields() {
    let plan = plan();
    let overtime = plan.node("2-1").unwrap_or_else(|| panic!("no 2-1"));
    assert_eq!(overtime.better, Better::Lower);
    assert_eq!(overtime.baseline.as_ref().map(|b| b.value), Some(24.0));
    assert_eq!(overtime.target(FiscalYear(2023)), None);
    let t = overtime
        .target(FiscalYear(2024))
        .unwrap_or_else(|| panic!("no target"));
    assert!(t.met_by(14.0));
    assert_eq!(t.rate(15.0), Some(100.0));
    let labels: Vec<&str> = plan.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["目的", "評価の手法"]);
    assert_eq!(
        overtime.fields.get("method").map(String::as_str),
        Some("職員一人当たりの月平均時間外勤務時間")
    );
}

#[test]
fn the_new_keys_misused_are_placed() {
    let bad = EXAMPLE
        .replace(
            "last_year = 2020\n[[periods]]",
            "last_year = 2030\n[[periods]]",
        )
        .replace(
            "method = \"研修の受講者数で測る\"",
            "methd = \"研修の受講者数で測る\"",
        )
        .replace("levels = [2]\n[[fields]]", "levels = [3]\n[[fields]]")
        .replace("owners = \"所管課\"", "ownrs = \"所管課\"");
    let err = parse_plan(&bad)
        .err()
        .map(|e| e.render("p.toml", Language::En))
        .unwrap_or_default();
    assert!(
        err.contains("year 2030 is outside the plan's range"),
        "{err}"
    );
    assert!(err.contains("there is no level 3"), "{err}");
    assert!(err.contains("field \"methd\" is not declared"), "{err}");
    assert!(err.contains("[labels] cannot name \"ownrs\""), "{err}");
    assert!(err.lines().all(|l| l.starts_with("p.toml:")), "{err}");
}
