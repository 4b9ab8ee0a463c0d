//! The sample city's family records and pay (女性活躍推進法's figures):
//! children born to staff aged 24 to 42 (about one person in twenty a
//! year); the mothers take 育児休業 (19 in 20), the fathers 配偶者出産休暇
//! (7 in 10), 育児参加のための休暇 (4 in 10) and, more each year, 育児休業
//! (a few per cent at the start of the window, a third at its end), some
//! of them in two stretches; and each person's pay in the window's last
//! three fiscal years by grade, years of service and employment type —
//! women's pay differs from men's only through the grades they hold, as
//! the records make it — with the year's overtime and annual leave.

use super::{City, Rng, date};
use chrono::{Datelike, Days, NaiveDate};
use jinzai_domain::FiscalYear;
use jinzai_domain::people::staff::Staff;
use jinzai_domain::women::{AnnualPay, ChildBirth, FamilyLeave};

/// The sample city's family records and pay.
#[derive(Debug, Clone, Default)]
pub struct Women {
    pub births: Vec<ChildBirth>,
    pub leaves: Vec<FamilyLeave>,
    pub pay: Vec<AnnualPay>,
}

/// The fiscal years with pay records: the window's last three.
pub const PAY_YEARS: i32 = 3;

fn serving(s: &Staff, day: NaiveDate) -> bool {
    s.hire_date <= day && s.leaving_date.is_none_or(|l| l >= day)
}

fn plus(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_add_days(Days::new(n)).unwrap_or(day)
}

/// Monthly pay (yen, before bonuses) of a grade or employment type.
fn monthly(employment: &str, grade: Option<&str>) -> i64 {
    match (employment, grade) {
        ("regular", Some("bucho")) => 640_000,
        ("regular", Some("kacho")) => 560_000,
        ("regular", Some("kacho_hosa")) => 480_000,
        ("regular", Some("kakaricho")) => 420_000,
        ("regular", Some("shunin")) => 360_000,
        ("regular", _) => 300_000,
        ("skilled_labour", _) => 330_000,
        ("reemployed", _) => 280_000,
        _ => 180_000,
    }
}

pub fn women(city: &City, first_year: i32, last_year: i32, seed: u64) -> Women {
    let mut rng = Rng::new(seed ^ 0x0077_0e17);
    let mut out = Women::default();
    for s in &city.staff {
        let (Some(born), Some(gender)) = (s.birth_date, s.gender.as_deref()) else {
            continue;
        };
        let mut last_child: Option<NaiveDate> = None;
        for fy in first_year..=last_year {
            let start = date(fy, 4, 1);
            let age = start.year() - born.year();
            if !(24..=42).contains(&age) || !rng.chance(5) {
                continue;
            }
            let on = plus(start, rng.below(365));
            // Not two children within two years, and only while serving.
            if !serving(s, on) || last_child.is_some_and(|l| on < plus(l, 730)) {
                continue;
            }
            last_child = Some(on);
            out.births.push(ChildBirth {
                staff_number: s.number.clone(),
                born_on: on,
            });
            let men_childcare = (2 + 3 * (fy - first_year)).clamp(2, 35);
            let mut leave = |kind: &str, from: NaiveDate, days: u64| {
                let to = plus(from, days.saturating_sub(1));
                let to = s.leaving_date.map_or(to, |l| to.min(l));
                if serving(s, from) && to >= from {
                    out.leaves.push(FamilyLeave {
                        staff_number: s.number.clone(),
                        kind: kind.to_owned(),
                        from,
                        to,
                        child_born_on: on,
                    });
                }
            };
            if gender == "female" {
                if rng.chance(95) {
                    // After the eight weeks of 産後休暇, for 6 to 24 months.
                    leave("childcare", plus(on, 57), 180 + rng.below(550));
                }
            } else {
                if rng.chance(70) {
                    leave("spouse_birth", on, 2);
                }
                if rng.chance(40) {
                    leave(
                        "participation",
                        plus(on, 7 + rng.below(40)),
                        3 + rng.below(3),
                    );
                }
                if rng.chance(u64::try_from(men_childcare).unwrap_or(2)) {
                    let first = plus(on, rng.below(60));
                    let days = 5 + rng.below(170);
                    leave("childcare", first, days);
                    // Some take a second stretch (it is not a second taker).
                    if rng.chance(15) {
                        leave("childcare", plus(first, days + 90), 30);
                    }
                }
            }
        }
    }
    let grades = city.grades();
    for fy in (last_year - PAY_YEARS + 1).max(first_year)..=last_year {
        let year = FiscalYear(fy);
        let (Some(start), Some(end)) = (year.start(), year.end()) else {
            continue;
        };
        for s in &city.staff {
            if s.hire_date > end || s.leaving_date.is_some_and(|l| l < start) {
                continue;
            }
            let from = s.hire_date.max(start);
            let to = s.leaving_date.map_or(end, |l| l.min(end));
            // Months begun in service.
            let months = (to.year() * 12 + i32::try_from(to.month()).unwrap_or(1))
                - (from.year() * 12 + i32::try_from(from.month()).unwrap_or(1))
                + 1;
            let months = months.clamp(1, 12);
            let grade = grades.on(s, to);
            let years = i64::from((to.year() - s.hire_date.year()).max(0));
            let base = monthly(&s.employment_type, grade) + 3_000 * years.min(30);
            // 12 months of salary and allowances and 4.45 months of bonuses,
            // within 5 % either way.
            let spread = 95 + i64::try_from(rng.below(11)).unwrap_or(5);
            let amount = base * i64::from(months) * 1645 / 1200 * spread / 100;
            // The attendance system gives overtime and leave for nine in ten
            // (the rest were on leave of absence or came from another body):
            // 5 to 24 hours a month, managers none; 20 days a year granted
            // pro rata and up to 20 carried over, taken in half days.
            let months_u = u32::try_from(months).unwrap_or(12);
            let (overtime, granted, taken) = if rng.chance(90) {
                let hours = if matches!(grade, Some("kacho" | "bucho")) {
                    0
                } else {
                    months_u * (5 + u32::try_from(rng.below(20)).unwrap_or(0))
                };
                let granted =
                    (20 * months_u).div_ceil(12) + u32::try_from(rng.below(21)).unwrap_or(0);
                let halves = rng.below(u64::from(granted) * 2 * 4 / 5 + 1);
                (
                    Some(hours),
                    Some(f64::from(granted)),
                    Some(halves as f64 / 2.0),
                )
            } else {
                (None, None, None)
            };
            out.pay.push(AnnualPay {
                staff_number: s.number.clone(),
                fiscal_year: fy,
                amount,
                months: u8::try_from(months).unwrap_or(12),
                overtime_hours: overtime,
                leave_granted: granted,
                leave_taken: taken,
            });
        }
    }
    out
}
