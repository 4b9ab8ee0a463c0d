//! Job rotation (ジョブローテーションの確立): which of 窓口 / 事業 / 管理 each
//! staff member served in during their first years, who has not covered all
//! three, who has stayed long in one unit, and who counts as a specialist.

use super::assignment::Assignment;
use super::ids::{StaffNumber, UnitCode};
use super::staff::Staff;
use super::unit::UnitVersion;
use crate::fiscal::FiscalYear;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The three classes every new hire should pass through.
pub const CLASSES: [&str; 3] = ["front", "program", "admin"];

/// Parameters (Kiyose: every class within the first 10–15 years; specialists
/// after 15 years). `long_stay_years` is jinzai's default, not the plan's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RotationSettings {
    /// Staff within this many years of hire are "in the rotation window".
    pub window_years: u32,
    /// This many years or more in one unit: due for rotation.
    pub long_stay_years: u32,
    /// This many years or more of service: specialist track.
    pub specialist_years: u32,
}

impl Default for RotationSettings {
    fn default() -> Self {
        RotationSettings {
            window_years: 15,
            long_stay_years: 5,
            specialist_years: 15,
        }
    }
}

/// One staff member's rotation on a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffRotation {
    pub number: StaffNumber,
    pub name: String,
    pub kana: String,
    /// Fiscal years served, counting the hire year and this one.
    pub years_of_service: i32,
    /// Days served per class, in [`CLASSES`] order.
    pub days: [i64; 3],
    pub covered_all: bool,
    pub current_unit: Option<UnitCode>,
    #[serde(serialize_with = "crate::json::whole")]
    pub years_in_current_unit: f64,
}

impl StaffRotation {
    pub fn missing(&self) -> Vec<&'static str> {
        CLASSES
            .iter()
            .zip(self.days)
            .filter(|(_, d)| *d == 0)
            .map(|(c, _)| *c)
            .collect()
    }
}

/// The rotation picture at the end of a fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RotationReport {
    pub fiscal_year: i32,
    pub on: NaiveDate,
    pub settings: RotationSettings,
    /// Regular staff in service within the window.
    pub in_window: Vec<StaffRotation>,
    /// Of those, the ones in the window's last year who still miss a class.
    pub window_closing_incomplete: Vec<StaffRotation>,
    /// Regular staff in one unit for `long_stay_years` or more.
    pub long_stay: Vec<StaffRotation>,
    /// Regular staff with `specialist_years` of service or more.
    pub specialists: usize,
    /// Specialists per field: the department (top-level unit) they served
    /// in longest, by code.
    pub specialist_fields: BTreeMap<String, usize>,
}

impl RotationReport {
    pub fn covered_all_count(&self) -> usize {
        self.in_window.iter().filter(|s| s.covered_all).count()
    }
}

fn years(days: i64) -> f64 {
    (days as f64 / 365.25 * 10.0).floor() / 10.0
}

/// Counts of one fiscal year, ready to become plan indicators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RotationCounts {
    pub fiscal_year: i32,
    pub in_window: usize,
    pub covered_all: usize,
    pub window_closing_incomplete: usize,
    pub long_stay: usize,
    pub specialists: usize,
}

/// Assignments prepared once for reports of many years: each with its
/// class and department looked up (units indexed by code).
#[derive(Debug)]
pub struct RotationIndex<'a> {
    /// Each rotating staff member with their primary assignments, paired
    /// once so that a year's pass does no lookups.
    staff: Vec<(&'a Staff, Vec<Prepared<'a>>)>,
}

#[derive(Debug)]
struct Prepared<'a> {
    assignment: &'a Assignment,
    class: Option<usize>,
    department: String,
}

/// What one staff member's assignments say at a date.
struct Measured {
    served: i32,
    days: [i64; 3],
    current: Option<usize>,
    years_in_current: f64,
}

impl<'a> RotationIndex<'a> {
    /// Only regular staff (一般職) rotate; an assignment's class is its
    /// unit's class on the day it started.
    pub fn new(
        staff: &'a [Staff],
        assignments: &'a [Assignment],
        units: &'a [UnitVersion],
    ) -> Self {
        let mut units_by_code: HashMap<&str, Vec<&UnitVersion>> = HashMap::new();
        for u in units {
            units_by_code.entry(u.code.as_str()).or_default().push(u);
        }
        let version = |code: &str, day: NaiveDate| {
            units_by_code
                .get(code)
                .and_then(|v| v.iter().find(|u| u.valid_on(day)).copied())
        };
        let department = |code: &str, day: NaiveDate| {
            let mut code = code.to_owned();
            for _ in 0..16 {
                match version(&code, day).and_then(|u| u.parent.as_deref()) {
                    Some(p) => code = p.to_owned(),
                    None => break,
                }
            }
            code
        };
        let mut by_staff: HashMap<&str, Vec<Prepared<'a>>> = HashMap::new();
        for a in assignments.iter().filter(|a| a.primary) {
            let class = version(&a.unit_code, a.start)
                .and_then(|u| CLASSES.iter().position(|c| *c == u.rotation));
            by_staff
                .entry(a.staff_number.as_str())
                .or_default()
                .push(Prepared {
                    assignment: a,
                    class,
                    department: department(&a.unit_code, a.start),
                });
        }
        let staff = staff
            .iter()
            .filter(|s| s.employment_type == "regular")
            .map(|s| (s, by_staff.remove(s.number.as_str()).unwrap_or_default()))
            .collect();
        RotationIndex { staff }
    }

    fn in_service(s: &Staff, on: NaiveDate) -> bool {
        s.hire_date <= on && s.leaving_date.is_none_or(|l| l >= on)
    }

    fn measure(s: &Staff, list: &[Prepared<'_>], year: FiscalYear, on: NaiveDate) -> Measured {
        let mut days = [0i64; 3];
        let mut current: Option<usize> = None;
        for (i, p) in list.iter().enumerate() {
            let a = p.assignment;
            if a.start > on {
                continue;
            }
            if let Some(c) = p.class {
                days[c] += a.days_until(on).max(0);
            }
            if a.active_on(on) && current.is_none_or(|c| list[c].assignment.start < a.start) {
                current = Some(i);
            }
        }
        Measured {
            served: year.0 - FiscalYear::containing(s.hire_date).0 + 1,
            days,
            current,
            years_in_current: current.map_or(0.0, |c| years(list[c].assignment.days_until(on))),
        }
    }

    /// The department served longest (a specialist's field).
    fn field(list: &[Prepared<'_>], on: NaiveDate) -> Option<String> {
        let mut per: HashMap<&str, i64> = HashMap::new();
        for p in list.iter().filter(|p| p.assignment.start <= on) {
            *per.entry(p.department.as_str()).or_default() += p.assignment.days_until(on).max(0);
        }
        per.into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(d, _)| d.to_owned())
    }

    /// Only the counts of a year (no lists): cheap enough for every year.
    pub fn counts(&self, year: FiscalYear, settings: RotationSettings) -> RotationCounts {
        let on = year.end().unwrap_or(NaiveDate::MAX);
        let window = i32::try_from(settings.window_years).unwrap_or(i32::MAX);
        let specialist = i32::try_from(settings.specialist_years).unwrap_or(i32::MAX);
        let mut c = RotationCounts {
            fiscal_year: year.0,
            in_window: 0,
            covered_all: 0,
            window_closing_incomplete: 0,
            long_stay: 0,
            specialists: 0,
        };
        for (s, list) in self.staff.iter().filter(|(s, _)| Self::in_service(s, on)) {
            let m = Self::measure(s, list, year, on);
            let all = m.days.iter().all(|d| *d > 0);
            c.specialists += usize::from(m.served >= specialist);
            c.long_stay += usize::from(m.years_in_current >= f64::from(settings.long_stay_years));
            if m.served <= window {
                c.in_window += 1;
                c.covered_all += usize::from(all);
                c.window_closing_incomplete += usize::from(m.served == window && !all);
            }
        }
        c
    }

    /// The report at the end (31 March) of `year`.
    pub fn report(&self, year: FiscalYear, settings: RotationSettings) -> RotationReport {
        let on = year.end().unwrap_or(NaiveDate::MAX);
        let mut report = RotationReport {
            fiscal_year: year.0,
            on,
            settings,
            in_window: Vec::new(),
            window_closing_incomplete: Vec::new(),
            long_stay: Vec::new(),
            specialists: 0,
            specialist_fields: BTreeMap::new(),
        };
        let window = i32::try_from(settings.window_years).unwrap_or(i32::MAX);
        let specialist = i32::try_from(settings.specialist_years).unwrap_or(i32::MAX);
        for (s, list) in self.staff.iter().filter(|(s, _)| Self::in_service(s, on)) {
            let m = Self::measure(s, list, year, on);
            if m.served >= specialist {
                report.specialists += 1;
                if let Some(field) = Self::field(list, on) {
                    *report.specialist_fields.entry(field).or_default() += 1;
                }
            }
            let long = m.years_in_current >= f64::from(settings.long_stay_years);
            if !long && m.served > window {
                continue;
            }
            let row = StaffRotation {
                number: s.number.clone(),
                name: s.name.clone(),
                kana: s.kana.clone(),
                years_of_service: m.served,
                days: m.days,
                covered_all: m.days.iter().all(|d| *d > 0),
                current_unit: m.current.map(|c| list[c].assignment.unit_code.clone()),
                years_in_current_unit: m.years_in_current,
            };
            if long {
                report.long_stay.push(row.clone());
            }
            if m.served <= window {
                if m.served == window && !row.covered_all {
                    report.window_closing_incomplete.push(row.clone());
                }
                report.in_window.push(row);
            }
        }
        for list in [
            &mut report.in_window,
            &mut report.window_closing_incomplete,
            &mut report.long_stay,
        ] {
            list.sort_by_cached_key(|s| (super::search_key(&s.kana), s.number.clone()));
        }
        report
    }
}

/// The report of one year (see [`RotationIndex`] for many years).
pub fn rotation_report(
    staff: &[Staff],
    assignments: &[Assignment],
    units: &[UnitVersion],
    year: FiscalYear,
    settings: RotationSettings,
) -> RotationReport {
    RotationIndex::new(staff, assignments, units).report(year, settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn unit(code: &'static str, rotation: &'static str) -> UnitVersion {
        UnitVersion {
            code: code.into(),
            name: code.into(),
            kana: "カ".into(),
            parent: None,
            rotation: rotation.into(),
            valid_from: d(2000, 4, 1),
            valid_to: None,
        }
    }

    fn person(number: &'static str, hired: i32) -> Staff {
        Staff {
            number: number.into(),
            name: number.into(),
            kana: format!("カナ{number}"),
            gender: None,
            birth_date: None,
            hire_date: d(hired, 4, 1),
            hiring_route: "new_graduate".into(),
            employment_type: "regular".into(),
            job_grade: None,
            qualifications: vec![],
            status: "active".into(),
            leaving_date: None,
            leaving_reason: None,
            job_family: None,
        }
    }

    fn assign(number: &'static str, unit: &'static str, from: i32, to: Option<i32>) -> Assignment {
        Assignment {
            staff_number: number.into(),
            unit_code: unit.into(),
            post: None,
            start: d(from, 4, 1),
            end: to.map(|y| d(y, 3, 31)),
            primary: true,
        }
    }

    #[test]
    fn classes_served_long_stays_and_specialists() {
        let units = vec![unit("F", "front"), unit("P", "program"), unit("A", "admin")];
        let staff = vec![person("1", 2005), person("2", 2000), person("3", 1990)];
        let assignments = vec![
            assign("1", "F", 2005, Some(2008)),
            assign("1", "P", 2008, Some(2011)),
            assign("1", "A", 2011, None),
            assign("2", "F", 2000, None),
            assign("3", "A", 1990, None),
        ];
        let r = rotation_report(
            &staff,
            &assignments,
            &units,
            FiscalYear(2013),
            RotationSettings::default(),
        );
        assert_eq!(r.on, d(2014, 3, 31));
        let numbers = |l: &[StaffRotation]| l.iter().map(|s| s.number.clone()).collect::<Vec<_>>();
        assert_eq!(numbers(&r.in_window), ["1", "2"]);
        assert_eq!(r.covered_all_count(), 1);
        let one = &r.in_window[0];
        assert_eq!(
            one.days,
            [1096, 1095, 1096],
            "three years each; 2008 and 2012 leap days"
        );
        assert_eq!(one.years_in_current_unit, 3.0);
        assert_eq!(r.in_window[1].years_of_service, 14);
        assert!(r.window_closing_incomplete.is_empty());
        // With a 14-year window, staff 2 (only ever at the front desk) is in its last year.
        let short = RotationSettings {
            window_years: 14,
            ..RotationSettings::default()
        };
        let r14 = rotation_report(&staff, &assignments, &units, FiscalYear(2013), short);
        assert_eq!(numbers(&r14.window_closing_incomplete), ["2"]);
        assert_eq!(
            r14.window_closing_incomplete[0].missing(),
            ["program", "admin"]
        );
        assert_eq!(numbers(&r.long_stay), ["2", "3"]);
        assert_eq!(r.specialists, 1);
        assert_eq!(
            r.specialist_fields.get("A"),
            Some(&1),
            "staff 3 has only served in A"
        );
    }
}
