//! The sample city's 自己申告: a November window each year but the last
//! (whose next 1 April lies beyond the records), and a report from most of
//! those in service on 1 November — some wishing to stay, some naming
//! units or kinds of work, a few with a health or family circumstance. A
//! wish is now and then for the unit the person does move to next April,
//! so that the 希望反映 report has something to find.

use super::{City, Rng, date};
use jinzai_domain::people::{StaffNumber, UnitCode};
use jinzai_domain::self_report::{Report, Window, Wish};

/// The generated self-reports: each window with its reports.
#[derive(Debug, Clone, Default)]
pub struct SelfReports {
    pub windows: Vec<(Window, Vec<(StaffNumber, Report)>)>,
}

const DUTIES: &[&str] = &[
    "担当業務は概ね計画どおりに進んでいる",
    "窓口の繁忙期に業務が集中している",
    "新しいシステムの導入で事務が増えている",
    "係内の分担を見直し、残業が減った",
];
const CAREERS: &[&str] = &[
    "企画部門で政策づくりに関わりたい",
    "専門性を深めたい",
    "係長昇任を目指したい",
];
const WORKS: &[&str] = &["front", "admin", "project", "welfare"];

/// Self-reports for `city` over fiscal years `first..last` (the last year
/// has no next April in the records).
pub fn self_reports(city: &City, first: i32, last: i32, seed: u64) -> SelfReports {
    let mut rng = Rng::new(seed ^ 0x7365_6c66);
    let sections: Vec<&UnitCode> = city
        .units
        .iter()
        .filter(|u| u.parent.is_some())
        .map(|u| &u.code)
        .collect();
    // Each person's primary assignments, so that a year is one pass.
    let mut primary: std::collections::HashMap<
        &str,
        Vec<&jinzai_domain::people::assignment::Assignment>,
    > = std::collections::HashMap::new();
    for a in city.assignments.iter().filter(|a| a.primary) {
        primary.entry(a.staff_number.as_str()).or_default().push(a);
    }
    let mut out = SelfReports::default();
    for fy in first..last {
        let reference = date(fy, 11, 1);
        let next_april = date(fy + 1, 4, 1);
        let window = Window {
            fiscal_year: fy,
            opens_on: reference,
            closes_on: date(fy, 11, 30),
            reference_date: reference,
            readers: Vec::new(),
        };
        let mut reports = Vec::new();
        for a in city
            .assignments
            .iter()
            .filter(|a| a.primary && a.active_on(reference))
        {
            if !rng.chance(85) || sections.is_empty() {
                continue;
            }
            let next = primary
                .get(a.staff_number.as_str())
                .and_then(|list| list.iter().find(|b| b.active_on(next_april)))
                .map(|b| &b.unit_code);
            let stay = rng.chance(45);
            let mut wishes = Vec::new();
            if !stay || rng.chance(20) {
                for _ in 0..=rng.below(2) {
                    let wish = match next {
                        Some(to) if *to != a.unit_code && rng.chance(35) => Wish {
                            unit: Some(to.clone()),
                            work: None,
                        },
                        _ if rng.chance(40) => Wish {
                            unit: None,
                            work: Some((*rng.pick(WORKS)).to_owned()),
                        },
                        _ => Wish {
                            unit: Some((*rng.pick(&sections)).clone()),
                            work: None,
                        },
                    };
                    if !wishes.contains(&wish) {
                        wishes.push(wish);
                    }
                }
            }
            reports.push((
                a.staff_number.clone(),
                Report {
                    duties: (*rng.pick(DUTIES)).to_owned(),
                    stay,
                    wishes,
                    career: rng.chance(40).then(|| (*rng.pick(CAREERS)).to_owned()),
                    health: rng
                        .chance(6)
                        .then(|| "家族の介護のため、時間外勤務の少ない職場を希望".to_owned()),
                    free: None,
                },
            ));
        }
        out.windows.push((window, reports));
    }
    out
}
