//! The sample city's personnel evaluation: each fiscal year's periods and
//! every evaluatee's chain, drawn from the organisation on 1 April — the
//! section's 係長 or 課長補佐 rates its staff first, the 課長 second, the
//! department's 部長 adjusts, and HR confirms (no 確認者 named). An
//! evaluator without evaluator training in the last three years is named
//! with HR's reason, as a city would. Past years' 能力評価 are disclosed on
//! 1 March, and most evaluatees have their talks with their 一次評価者: a
//! 期首面談 in April or May, often a 中間面談 in October, the 期末面談 in
//! March after the disclosure, and now and then a career talk in summer.

use super::{City, date};
use chrono::NaiveDate;
use jinzai_domain::evaluation::interview::{Interview, InterviewKind};
use jinzai_domain::evaluation::sheet::SheetResult;
use jinzai_domain::evaluation::{Chain, EvaluationKind, PeriodTerm};
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::JOB_GRADES;
use jinzai_domain::people::staff::Staff;
use std::collections::HashMap;

/// The generated evaluation records.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// The fiscal years whose periods are open.
    pub years: Vec<i32>,
    pub chains: Vec<Chain>,
    /// Past years' 能力評価 results (every year but the last), disclosed
    /// on 1 March of the year, drawn around 5/20/60/10/5 %.
    pub results: Vec<SheetResult>,
    /// The talks (面談) of every year.
    pub talks: Vec<Interview>,
}

/// The day of disclosure of year `fy`'s 能力評価.
pub fn disclosure_day(fy: i32) -> NaiveDate {
    date(fy + 1, 3, 1)
}

/// A grade's rank: 0 for 主事 … 5 for 部長; none for no grade.
fn rank(grade: Option<&str>) -> Option<usize> {
    let g = grade?;
    JOB_GRADES.items.iter().position(|(code, _, _)| *code == g)
}

const KAKARICHO: usize = 2;
const KACHO: usize = 4;

/// The years of training the evaluator rule asks for.
const TRAINING_YEARS: u32 = 3;

/// Evaluation records for `city` over fiscal years `first..=last`.
pub fn evaluation(city: &City, first: i32, last: i32) -> Evaluation {
    let grades = city.grades();
    // Each person's evaluator-training days, from the generated roster.
    let evaluator_courses: Vec<&str> = city
        .training
        .courses
        .iter()
        .filter(|c| c.topics.iter().any(|t| t == "evaluator"))
        .map(|c| c.code.as_str())
        .collect();
    let mut trained: HashMap<&str, Vec<NaiveDate>> = HashMap::new();
    for p in &city.training.participations {
        if p.took_part() && evaluator_courses.contains(&p.course_code.as_str()) {
            trained
                .entry(p.staff_number.as_str())
                .or_default()
                .push(p.start);
        }
    }
    let by_number: HashMap<&str, &Staff> =
        city.staff.iter().map(|s| (s.number.as_str(), s)).collect();
    let parent: HashMap<&str, &str> = city
        .units
        .iter()
        .filter_map(|u| Some((u.code.as_str(), u.parent.as_deref()?)))
        .collect();
    let mut out = Evaluation::default();
    for fy in first..=last {
        let day = date(fy, 4, 1);
        // Members of each section on 1 April, with their grade then.
        let mut sections: HashMap<&str, Vec<(&Staff, Option<usize>)>> = HashMap::new();
        for a in city
            .assignments
            .iter()
            .filter(|a| a.primary && a.start <= day && a.end.is_none_or(|e| e >= day))
        {
            let Some(s) = by_number.get(a.staff_number.as_str()) else {
                continue;
            };
            if s.hire_date > day || s.leaving_date.is_some_and(|l| l < day) {
                continue;
            }
            sections
                .entry(a.unit_code.as_str())
                .or_default()
                .push((s, rank(grades.on(s, day))));
        }
        // Each department's 部長 (or its most senior member).
        // (In unit order, so that a tie goes the same way on every run.)
        let mut heads: HashMap<&str, (&Staff, Option<usize>)> = HashMap::new();
        let mut in_order: Vec<&&str> = sections.keys().collect();
        in_order.sort();
        for unit in in_order {
            let members = &sections[*unit];
            let dept = parent.get(unit).copied().unwrap_or(unit);
            for m in members {
                let better = heads.get(dept).is_none_or(|h| m.1 > h.1);
                if better {
                    heads.insert(dept, *m);
                }
            }
        }
        let mut units: Vec<&&str> = sections.keys().collect();
        units.sort();
        for unit in units {
            let mut members = sections[*unit].clone();
            members.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.number.cmp(&b.0.number)));
            let dept = parent.get(*unit).copied().unwrap_or(unit);
            let bucho = heads.get(dept).map(|h| &h.0.number);
            let head = members
                .first()
                .filter(|m| m.1 >= Some(KACHO))
                .map(|m| &m.0.number);
            // The senior 係長級 below the head rates the others first.
            let deputy = members
                .iter()
                .find(|m| m.1 >= Some(KAKARICHO) && Some(&m.0.number) != head)
                .map(|m| &m.0.number);
            for (s, r) in &members {
                let me = &s.number;
                let (first, second) = if Some(me) == head {
                    (bucho.filter(|b| *b != me), None)
                } else if Some(me) == deputy || deputy.is_none() || *r >= Some(KAKARICHO) {
                    (
                        head.or(bucho).filter(|b| *b != me),
                        bucho.filter(|b| Some(*b) != head),
                    )
                } else {
                    (deputy, head.or(bucho))
                };
                let Some(first) = first else {
                    continue;
                };
                let second = second.filter(|s2| *s2 != first && *s2 != me);
                let adjuster = bucho.filter(|b| *b != me && *b != first && Some(*b) != second);
                let untrained = |who: &StaffNumber| {
                    let since = day
                        .checked_sub_months(chrono::Months::new(12 * TRAINING_YEARS))
                        .unwrap_or(day);
                    !trained
                        .get(who.as_str())
                        .is_some_and(|days| days.iter().any(|d| *d >= since && *d <= day))
                };
                let excused = untrained(first) || second.is_some_and(untrained);
                out.chains.push(Chain {
                    fiscal_year: fy,
                    evaluatee: me.clone(),
                    first: first.clone(),
                    second: second.cloned(),
                    adjuster: adjuster.cloned(),
                    confirmer: None,
                    from: day,
                    until: None,
                    training_exception: excused.then(|| "年度内に評価者研修を受講予定".to_owned()),
                });
            }
        }
        out.years.push(fy);
    }
    // Results: a band per evaluatee of each year but the last.
    let mut rng = super::Rng::new(0x6576_616c);
    let bands = ["S", "A", "B", "C", "D"];
    for c in out.chains.iter().filter(|c| c.fiscal_year < last) {
        let band = match rng.below(100) {
            0..=4 => bands[0],
            5..=24 => bands[1],
            25..=84 => bands[2],
            85..=94 => bands[3],
            _ => bands[4],
        };
        out.results.push(SheetResult {
            fiscal_year: c.fiscal_year,
            kind: EvaluationKind::Ability,
            term: PeriodTerm::Year,
            evaluatee: c.evaluatee.clone(),
            band: band.to_owned(),
            disclosed_on: Some(disclosure_day(c.fiscal_year)),
        });
    }
    out.results
        .dedup_by(|a, b| a.fiscal_year == b.fiscal_year && a.evaluatee == b.evaluatee);
    out.talks = talks(&out.chains, &by_number, last);
    out
}

/// Each evaluatee's talks with their 一次評価者 (once per year, whatever
/// chains the year has), only while they serve.
fn talks(chains: &[Chain], by_number: &HashMap<&str, &Staff>, last: i32) -> Vec<Interview> {
    let mut rng = super::Rng::new(0x7461_6c6b);
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for c in chains {
        if !seen.insert((c.fiscal_year, c.evaluatee.clone())) {
            continue;
        }
        let fy = c.fiscal_year;
        let leaving = by_number
            .get(c.evaluatee.as_str())
            .and_then(|s| s.leaving_date);
        let mut talk = |kind, held_on: NaiveDate| {
            if leaving.is_none_or(|l| held_on <= l) {
                out.push(Interview {
                    staff_number: c.evaluatee.clone(),
                    kind,
                    held_on,
                    interviewer: c.first.clone(),
                    attendees: None,
                    note: None,
                });
            }
        };
        let after = |from: NaiveDate, days: u64| from + chrono::Days::new(days);
        if rng.chance(90) {
            talk(
                InterviewKind::GoalSetting,
                after(date(fy, 4, 10), rng.below(50)),
            );
        }
        if rng.chance(60) {
            talk(
                InterviewKind::MidYear,
                after(date(fy, 10, 1), rng.below(30)),
            );
        }
        if rng.chance(35) {
            talk(InterviewKind::Career, after(date(fy, 7, 1), rng.below(90)));
        }
        // The 期末面談 follows the disclosure; the last year has none yet.
        if fy < last && rng.chance(85) {
            talk(
                InterviewKind::Feedback,
                after(disclosure_day(fy), rng.below(25)),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_same_city_gets_the_same_chains_and_talks_on_every_run() {
        let city = super::super::generate(600, 4, 2015, 7);
        let runs: Vec<_> = (0..4)
            .map(|_| super::evaluation(&city, 2012, 2015))
            .collect();
        for r in &runs[1..] {
            assert_eq!(r.chains, runs[0].chains);
            assert_eq!(r.talks, runs[0].talks);
        }
        assert!(runs[0].chains.iter().any(|c| c.adjuster.is_some()));
    }
}
