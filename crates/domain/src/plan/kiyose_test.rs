//! Kiyose's plan, as shipped in `plans/kiyose-2011.toml`, against the source.

use super::parse_plan;
use crate::fiscal::FiscalYear;

const KIYOSE: &str = include_str!("../../../../plans/kiyose-2011.toml");

#[test]
fn kiyose_has_3_pillars_20_initiatives_34_measures() {
    let plan = parse_plan(KIYOSE).unwrap_or_else(|e| {
        panic!(
            "{}",
            e.render("kiyose-2011.toml", crate::i18n::Language::En)
        )
    });
    let at = |d: usize| plan.nodes.iter().filter(|n| n.depth == d).count();
    assert_eq!((at(0), at(1), at(2)), (3, 20, 34));
    assert_eq!(plan.measures().count(), 34);
    assert!(plan.measures().all(|m| m.depth == 2));
    assert_eq!(
        (plan.first_year, plan.last_year),
        (FiscalYear(2011), FiscalYear(2013))
    );
    let levels: Vec<_> = plan.levels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(levels, ["柱", "取組み", "方策"]);
}

#[test]
fn kiyose_numeric_targets_are_exact() {
    let plan = parse_plan(KIYOSE).unwrap_or_else(|e| panic!("{e}"));
    let mut found: Vec<(String, Vec<(f64, String)>)> = plan
        .measures()
        .filter(|m| m.schedule.iter().any(|c| c.target.is_some()))
        .map(|m| {
            let t = plan
                .years()
                .filter_map(|y| m.target(y))
                .map(|t| (t.value, t.unit))
                .collect();
            (m.title.clone(), t)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let n = |v: [f64; 3], u: &str| v.iter().map(|x| (*x, u.to_owned())).collect::<Vec<_>>();
    let mut expected = vec![
        (
            "東京都や一部事務組合等との人事交流の推進".to_owned(),
            n([4.0, 5.0, 8.0], "名"),
        ),
        (
            "職員の説明能力の向上、意識改革を図る".to_owned(),
            n([10.0, 15.0, 20.0], "回"),
        ),
        (
            "職場の男女平等意識の推進".to_owned(),
            n([4.0, 5.0, 6.0], "名"),
        ),
        (
            "民間企業等への派遣研修".to_owned(),
            n([3.0, 4.0, 5.0], "名"),
        ),
        (
            "東京都市町村職員研修所への派遣".to_owned(),
            n([140.0, 150.0, 160.0], "名"),
        ),
        ("専門研修の充実".to_owned(), n([40.0, 50.0, 60.0], "名")),
    ];
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(found, expected);
}

#[test]
fn kiyose_unscheduled_measures_are_the_three_without_a_detail_page() {
    let plan = parse_plan(KIYOSE).unwrap_or_else(|e| panic!("{e}"));
    let mut unscheduled: Vec<_> = plan
        .measures()
        .filter(|m| !m.has_schedule())
        .map(|m| m.title.as_str())
        .collect();
    unscheduled.sort_unstable();
    let mut expected = [
        "チームワークの強化",
        "挨拶の励行",
        "定年前早期退職制度の実施",
    ];
    expected.sort_unstable();
    assert_eq!(unscheduled, expected);
    // Every other measure has a cell in every year of the plan.
    for m in plan.measures().filter(|m| m.has_schedule()) {
        for y in plan.years() {
            assert!(m.cells(y).next().is_some(), "{} has no cell in {y}", m.code);
        }
    }
}

#[test]
fn kiyose_spans_are_marked_inferred() {
    let plan = parse_plan(KIYOSE).unwrap_or_else(|e| panic!("{e}"));
    let demotion = plan
        .measures()
        .find(|m| m.title.contains("希望降格"))
        .map(|m| {
            m.schedule
                .iter()
                .map(|c| (c.year.0, c.text.clone().unwrap_or_default(), c.inferred))
                .collect::<Vec<_>>()
        });
    assert_eq!(
        demotion,
        Some(vec![
            (2011, "制度の構築".into(), false),
            (2012, "施行".into(), false),
            (2013, "施行".into(), true)
        ])
    );
}
