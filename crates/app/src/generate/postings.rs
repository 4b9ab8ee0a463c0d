//! The sample city's 職員公募: each year one or two project teams (more at a
//! large city) posted in May, housed in 企画課, for regular staff with
//! three years' service and two in their post; a handful apply, a few
//! withdraw, the team's places are filled from the rest and the others
//! are not selected. Those selected serve in the team concurrently (兼務)
//! from 1 July to the end of the year: the assignments are part of the
//! city's records.

use super::{City, Rng, date};
use jinzai_domain::people::assignment::Assignment;
use jinzai_domain::people::staff::Staff;
use jinzai_domain::postings::{
    ApplicationRecord, ApplicationStatus, Eligibility, Posting, PostingKind,
};
use std::collections::{HashMap, HashSet};

/// Where the teams are housed.
pub const TEAM_UNIT: &str = "K0201";

const THEMES: &[(&str, &str)] = &[
    (
        "行財政改革プロジェクトチーム",
        "事務事業の見直し案をまとめる。改善の経験と企画力のある職員を求める。",
    ),
    (
        "窓口サービス向上プロジェクトチーム",
        "窓口の待ち時間と案内を見直す。窓口経験のある職員を求める。",
    ),
    (
        "シティプロモーションプロジェクトチーム",
        "市の魅力の発信策をまとめる。広報やデザインに関心のある職員を求める。",
    ),
    (
        "公共施設再編プロジェクトチーム",
        "公共施設の配置と更新の計画を検討する。",
    ),
    (
        "子育て支援充実プロジェクトチーム",
        "子育て世帯への支援策を部局横断でまとめる。",
    ),
];

/// The generated postings, their applications, and the concurrent
/// assignments of those selected.
#[derive(Debug, Clone, Default)]
pub struct Postings {
    pub postings: Vec<Posting>,
    pub applications: Vec<ApplicationRecord>,
    pub assignments: Vec<Assignment>,
}

/// A project team of fiscal year `fy`.
pub fn team(fy: i32, title: &str, duties: &str, slots: u32) -> Posting {
    Posting {
        fiscal_year: fy,
        kind: PostingKind::ProjectTeam,
        title: title.to_owned(),
        unit_code: TEAM_UNIT.into(),
        post: Some("プロジェクトチーム員".into()),
        duties: duties.to_owned(),
        slots,
        opens_on: date(fy, 5, 7),
        closes_on: date(fy, 5, 25),
        starts_on: date(fy, 7, 1),
        ends_on: Some(date(fy + 1, 3, 31)),
        eligibility: Eligibility {
            grades: Vec::new(),
            employment_types: vec!["regular".into()],
            min_years_of_service: 3,
            min_years_in_post: 2,
        },
        confidential: true,
    }
}

/// Postings for `city` over fiscal years `first..=last`.
pub fn postings(city: &City, first: i32, last: i32, seed: u64) -> Postings {
    let mut rng = Rng::new(seed ^ 0x706f_7374);
    let mut mains: HashMap<&str, Vec<&Assignment>> = HashMap::new();
    for a in city.assignments.iter().filter(|a| a.primary) {
        mains.entry(a.staff_number.as_str()).or_default().push(a);
    }
    let mut out = Postings::default();
    for fy in first..=last {
        let teams = 1 + usize::from(rng.chance(50)) + city.staff.len() / 3000;
        let sample = team(fy, "", "", 1);
        let (opens, ends) = (sample.opens_on, sample.ends_on.unwrap_or(sample.opens_on));
        // Who may apply, as the store judges it on the day it opens.
        let eligible: Vec<&Staff> = city
            .staff
            .iter()
            .filter(|s| {
                let main = mains
                    .get(s.number.as_str())
                    .and_then(|l| l.iter().find(|a| a.active_on(opens)));
                s.employment_type == "regular"
                    && jinzai_domain::exams::whole_years(s.hire_date, opens) >= 3
                    && s.leaving_date.is_none_or(|l| l > ends)
                    && main.is_some_and(|a| {
                        a.unit_code != TEAM_UNIT
                            && jinzai_domain::exams::whole_years(a.start, opens) >= 2
                    })
            })
            .collect();
        let mut taken: HashSet<&str> = HashSet::new();
        for t in 0..teams {
            let (theme, duties) = THEMES[(usize::try_from(fy).unwrap_or(0) + t) % THEMES.len()];
            // A large city runs several teams of a theme: numbered.
            let title = match t / THEMES.len() {
                0 => theme.to_owned(),
                n => format!("{theme}（第{}班）", n + 1),
            };
            let title = title.as_str();
            let slots = 2 + u32::try_from(rng.below(3)).unwrap_or(0);
            let p = team(fy, title, duties, slots);
            let wanted =
                slots as usize * 2 + usize::try_from(rng.below(u64::from(slots) * 2)).unwrap_or(0);
            let mut selected = 0;
            for _ in 0..wanted.min(eligible.len()) {
                let s = rng.pick(&eligible);
                if !taken.insert(s.number.as_str()) {
                    continue;
                }
                let applied_on = date(fy, 5, 8 + u32::try_from(rng.below(17)).unwrap_or(0));
                let status = if rng.chance(10) {
                    ApplicationStatus::Withdrawn
                } else if selected < slots {
                    selected += 1;
                    ApplicationStatus::Selected
                } else {
                    ApplicationStatus::NotSelected
                };
                if status == ApplicationStatus::Selected {
                    out.assignments.extend(p.assignments(&s.number, None));
                }
                out.applications.push(ApplicationRecord {
                    fiscal_year: fy,
                    title: title.to_owned(),
                    staff_number: s.number.clone(),
                    applied_on,
                    status,
                });
            }
            out.postings.push(p);
        }
    }
    out
}
