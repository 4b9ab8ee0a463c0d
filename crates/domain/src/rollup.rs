//! Roll-ups: counts of measures per grade and per status, achievement of
//! numeric targets and the items not assessed — for any node of the tree
//! and per owner division.

use crate::fiscal::FiscalYear;
use crate::plan::{Node, Plan};
use crate::progress::ProgressEntry;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The current entry of each (measure code, fiscal year).
pub type ProgressBook = HashMap<(String, FiscalYear), ProgressEntry>;

/// Grade key used for measures reported without a grade (未評価).
pub const UNGRADED: &str = "";
/// Grade key used for measures nobody has reported for the year (未報告):
/// a grade computed from records alone is not counted as if reported.
pub const NOT_REPORTED: &str = "(unreported)";
/// Status key used for measures with no progress reported.
pub const UNREPORTED: &str = "";

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rollup {
    pub year: FiscalYear,
    pub measures: usize,
    /// Grade code → count, in scale order, then not-assessed, then ungraded ("").
    pub by_grade: Vec<(String, usize)>,
    /// Status code → count, in plan order, then unreported ("").
    pub by_status: Vec<(String, usize)>,
    pub numeric: NumericSummary,
    /// Measures graded 対象外.
    pub not_assessed: Vec<String>,
    /// Measures reported without a grade (未評価).
    pub ungraded: Vec<String>,
    /// Measures nobody has reported for the year (未報告).
    pub not_reported: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NumericSummary {
    /// Measures with a numeric target this year.
    pub measures: usize,
    /// ... of which an actual is reported.
    pub reported: usize,
    /// ... of which the actual reaches the target.
    pub met: usize,
    #[serde(serialize_with = "crate::json::whole")]
    pub total_target: f64,
    #[serde(serialize_with = "crate::json::whole")]
    pub total_actual: f64,
    /// Mean of the individual achievement rates, in percent.
    #[serde(serialize_with = "crate::json::whole_opt")]
    pub mean_rate: Option<f64>,
    /// How many rates the mean is of (so that means can be summed).
    pub rated: usize,
}

/// Rolls up the measures under `root` (the whole plan when `None`).
pub fn rollup(plan: &Plan, year: FiscalYear, root: Option<&str>, book: &ProgressBook) -> Rollup {
    let measures: Vec<&Node> = match root {
        Some(code) => plan.measures_under(code).collect(),
        None => plan.measures().collect(),
    };
    summarise(plan, year, &measures, book)
}

/// A period's roll-up (前期, 後期): each year's roll-up of the measures
/// under `root`, summed — a measure counts once per year ("measure-years"),
/// the mean rate is over every rated measure-year. Its `year` is the
/// period's first.
pub fn rollup_years(
    plan: &Plan,
    years: &[FiscalYear],
    root: Option<&str>,
    book: &ProgressBook,
) -> Option<Rollup> {
    let mut each = years.iter().map(|&y| rollup(plan, y, root, book));
    let mut sum = each.next()?;
    for r in each {
        sum.measures += r.measures;
        for (slot, (_, n)) in sum.by_grade.iter_mut().zip(&r.by_grade) {
            slot.1 += n;
        }
        for (slot, (_, n)) in sum.by_status.iter_mut().zip(&r.by_status) {
            slot.1 += n;
        }
        let (a, b) = (&mut sum.numeric, &r.numeric);
        let rates_sum = a.mean_rate.unwrap_or(0.0) * a.rated as f64
            + b.mean_rate.unwrap_or(0.0) * b.rated as f64;
        a.measures += b.measures;
        a.reported += b.reported;
        a.met += b.met;
        a.total_target += b.total_target;
        a.total_actual += b.total_actual;
        a.rated += b.rated;
        a.mean_rate = (a.rated > 0).then(|| rates_sum / a.rated as f64);
        sum.not_assessed.extend(r.not_assessed);
        sum.ungraded.extend(r.ungraded);
        sum.not_reported.extend(r.not_reported);
    }
    Some(sum)
}

/// One roll-up per owner division. A measure counts for the division on its
/// latest progress, else for each of its plan owners, else for "" (未設定).
pub fn rollup_by_division(
    plan: &Plan,
    year: FiscalYear,
    book: &ProgressBook,
) -> Vec<(String, Rollup)> {
    let mut groups: BTreeMap<String, Vec<&Node>> = BTreeMap::new();
    for m in plan.measures() {
        let reported = book
            .get(&(m.code.clone(), year))
            .and_then(|e| e.owner_division.clone());
        let owners = match reported {
            Some(d) => vec![d],
            None if m.owners.is_empty() => vec![String::new()],
            None => m.owners.clone(),
        };
        for o in owners {
            groups.entry(o).or_default().push(m);
        }
    }
    groups
        .into_iter()
        .map(|(d, ms)| (d, summarise(plan, year, &ms, book)))
        .collect()
}

fn summarise(plan: &Plan, year: FiscalYear, measures: &[&Node], book: &ProgressBook) -> Rollup {
    let scale = &plan.grades;
    let mut by_grade: Vec<(String, usize)> = scale
        .scale
        .iter()
        .chain([&scale.not_assessed])
        .map(|g| (g.code.clone(), 0))
        .chain([(UNGRADED.to_owned(), 0), (NOT_REPORTED.to_owned(), 0)])
        .collect();
    let mut by_status: Vec<(String, usize)> = plan
        .statuses
        .iter()
        .map(|s| (s.code.clone(), 0))
        .chain([(UNREPORTED.to_owned(), 0)])
        .collect();
    let mut numeric = NumericSummary {
        measures: 0,
        reported: 0,
        met: 0,
        total_target: 0.0,
        total_actual: 0.0,
        mean_rate: None,
        rated: 0,
    };
    let mut rates = Vec::new();
    let (mut not_assessed, mut ungraded, mut not_reported) = (Vec::new(), Vec::new(), Vec::new());

    let bump = |list: &mut Vec<(String, usize)>, key: &str| {
        if let Some(slot) = list.iter_mut().find(|(k, _)| k == key) {
            slot.1 += 1;
        }
    };
    for m in measures {
        let entry = book.get(&(m.code.clone(), year));
        let reported = entry.filter(|e| !e.status.is_empty());
        let grade = match reported {
            Some(e) => e.grade.as_deref().unwrap_or(UNGRADED),
            None => NOT_REPORTED,
        };
        bump(&mut by_grade, grade);
        if grade == NOT_REPORTED {
            not_reported.push(m.code.clone());
        } else if grade == UNGRADED {
            ungraded.push(m.code.clone());
        } else if scale.is_not_assessed(grade) {
            not_assessed.push(m.code.clone());
        }
        bump(
            &mut by_status,
            // An empty status: the actual is computed, nobody reported yet.
            entry
                .map(|e| e.status.as_str())
                .filter(|s| !s.is_empty())
                .unwrap_or(UNREPORTED),
        );

        if let Some(target) = m.target(year) {
            numeric.measures += 1;
            numeric.total_target += target.value;
            if let Some(actual) = entry.and_then(|e| e.actual_value) {
                numeric.reported += 1;
                numeric.total_actual += actual;
                if target.met_by(actual) {
                    numeric.met += 1;
                }
                if let Some(r) = target.rate(actual) {
                    rates.push(r);
                }
            }
        }
    }
    if !rates.is_empty() {
        numeric.mean_rate = Some(rates.iter().sum::<f64>() / rates.len() as f64);
        numeric.rated = rates.len();
    }
    Rollup {
        year,
        measures: measures.len(),
        by_grade,
        by_status,
        numeric,
        not_assessed,
        ungraded,
        not_reported,
    }
}

impl Rollup {
    pub fn grade_count(&self, code: &str) -> usize {
        self.by_grade
            .iter()
            .find(|(k, _)| k == code)
            .map_or(0, |(_, n)| *n)
    }

    pub fn status_count(&self, code: &str) -> usize {
        self.by_status
            .iter()
            .find(|(k, _)| k == code)
            .map_or(0, |(_, n)| *n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::parse_plan;
    use proptest::prelude::*;

    fn plan() -> Plan {
        let mut src = crate::plan::test_plan_head(
            (2011, 2011),
            &[("柱", ""), ("方策", "")],
            &[("A", Some(100), None), ("B", None, Some(100))],
        );
        for p in 1..=2 {
            src.push_str(&format!("[[nodes]]\ncode = \"{p}\"\ntitle = \"p\"\n"));
            for m in 1..=3 {
                src.push_str(&format!(
                    "[[nodes]]\ncode = \"{p}-{m}\"\nparent = \"{p}\"\ntitle = \"m\"\nowners = [\"課{m}\"]\n[[nodes.schedule]]\nyear = 2011\ntarget = 10\nunit = \"名\"\n"
                ));
            }
        }
        parse_plan(&src).unwrap_or_else(|e| panic!("{e}"))
    }

    fn entry(grade: Option<&str>, actual: Option<f64>) -> ProgressEntry {
        ProgressEntry {
            status: "done".into(),
            actual_value: actual,
            actual_unit: None,
            actual_text: None,
            achievements: None,
            issues: None,
            direction: None,
            grade: grade.map(Into::into),
            grade_computed: false,
            grade_reason: None,
            target_value: Some(10.0),
            achievement_rate: None,
            owner_division: None,
            author: "x".into(),
            actual_computed: false,
            override_reason: None,
        }
    }

    #[test]
    fn a_period_sums_its_years() {
        let p = plan();
        let mut book = ProgressBook::new();
        book.insert(
            ("1-1".into(), FiscalYear(2011)),
            entry(Some("A"), Some(12.0)),
        );
        let y = [FiscalYear(2011)];
        let one = rollup_years(&p, &y, None, &book).unwrap_or_else(|| panic!("no years"));
        assert_eq!(one, rollup(&p, FiscalYear(2011), None, &book));
        let twice = rollup_years(&p, &[FiscalYear(2011), FiscalYear(2011)], None, &book)
            .unwrap_or_else(|| panic!("no years"));
        assert_eq!(twice.measures, 12);
        assert_eq!(twice.grade_count("A"), 2);
        assert_eq!((twice.numeric.reported, twice.numeric.rated), (2, 2));
        assert_eq!(twice.numeric.mean_rate, Some(120.0));
        assert_eq!(rollup_years(&p, &[], None, &book), None);
    }

    #[test]
    fn counts_per_grade_status_and_numeric() {
        let p = plan();
        let y = FiscalYear(2011);
        let mut book = ProgressBook::new();
        book.insert(("1-1".into(), y), entry(Some("A"), Some(12.0)));
        book.insert(("1-2".into(), y), entry(Some("B"), Some(5.0)));
        book.insert(("2-1".into(), y), entry(Some("-"), None));
        // An actual computed from records with its grade, nobody reporting
        // yet: 未報告, not an A.
        let mut computed = entry(Some("A"), Some(11.0));
        computed.status = String::new();
        book.insert(("2-2".into(), y), computed);
        let all = rollup(&p, y, None, &book);
        assert_eq!(all.measures, 6);
        assert_eq!(
            (
                all.grade_count("A"),
                all.grade_count("B"),
                all.grade_count("-"),
                all.grade_count(UNGRADED),
                all.grade_count(NOT_REPORTED)
            ),
            (1, 1, 1, 0, 3)
        );
        assert_eq!(
            (all.status_count("done"), all.status_count(UNREPORTED)),
            (3, 3)
        );
        assert_eq!(all.not_assessed, ["2-1"]);
        assert_eq!(all.ungraded, Vec::<String>::new());
        assert_eq!(all.not_reported, ["1-3", "2-2", "2-3"]);
        assert_eq!(
            (all.numeric.measures, all.numeric.reported, all.numeric.met),
            (6, 3, 2)
        );
        // 120 %, 50 % and the computed 110 %: an actual is an actual.
        assert_eq!(
            all.numeric.mean_rate.map(|m| (m * 100.0).round() / 100.0),
            Some(93.33)
        );
        let p1 = rollup(&p, y, Some("1"), &book);
        assert_eq!(
            (
                p1.measures,
                p1.grade_count("A"),
                p1.grade_count(NOT_REPORTED)
            ),
            (3, 1, 1)
        );
        let by_div = rollup_by_division(&p, y, &book);
        assert_eq!(
            by_div
                .iter()
                .map(|(d, r)| (d.as_str(), r.measures))
                .collect::<Vec<_>>(),
            [("課1", 2), ("課2", 2), ("課3", 2)]
        );
    }

    proptest! {
        #[test]
        fn counts_always_add_up(grades in proptest::collection::vec(0usize..4, 6)) {
            let p = plan();
            let y = FiscalYear(2011);
            let codes = ["1-1", "1-2", "1-3", "2-1", "2-2", "2-3"];
            let mut book = ProgressBook::new();
            for (code, g) in codes.iter().zip(&grades) {
                let grade = ["A", "B", "-"].get(*g).copied();
                if *g < 4 && grade.is_some() || *g == 3 {
                    book.insert(((*code).into(), y), entry(grade, None));
                }
            }
            let r = rollup(&p, y, None, &book);
            prop_assert_eq!(r.by_grade.iter().map(|(_, n)| n).sum::<usize>(), r.measures);
            prop_assert_eq!(r.by_status.iter().map(|(_, n)| n).sum::<usize>(), r.measures);
            let parts: usize = p.roots().map(|root| rollup(&p, y, Some(&root.code), &book).measures).sum();
            prop_assert_eq!(parts, r.measures);
            let divs: usize = rollup_by_division(&p, y, &book).iter().map(|(_, r)| r.measures).sum();
            prop_assert_eq!(divs, r.measures);
        }
    }
}
