//! Job rotation (ジョブローテーションの確立): which of 窓口 / 事業 / 管理 each
//! staff member served in during their first years, who has not covered all
//! three, who has stayed long in one unit, and who counts as a specialist.

use super::assignment::Assignment;
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
pub struct StaffRotation {
    pub number: String,
    pub name: String,
    pub kana: String,
    /// Fiscal years served, counting the hire year and this one.
    pub years_of_service: i32,
    /// Days served per class, in [`CLASSES`] order.
    pub days: [i64; 3],
    pub covered_all: bool,
    pub current_unit: Option<String>,
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

/// Computes the report at the end (31 March) of `year`. Only regular staff
/// (一般職) rotate; the class of an assignment is its unit's class on the
/// day it started.
pub fn rotation_report(
    staff: &[Staff],
    assignments: &[Assignment],
    units: &[UnitVersion],
    year: FiscalYear,
    settings: RotationSettings,
) -> RotationReport {
    let on = year.end().unwrap_or(NaiveDate::MAX);
    let mut by_staff: HashMap<&str, Vec<&Assignment>> = HashMap::new();
    for a in assignments.iter().filter(|a| a.primary && a.start <= on) {
        by_staff.entry(a.staff_number.as_str()).or_default().push(a);
    }
    let class_of = |a: &Assignment| {
        units
            .iter()
            .find(|u| u.code == a.unit_code && u.valid_on(a.start))
            .and_then(|u| CLASSES.iter().position(|c| *c == u.rotation))
    };
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
    // The department (top-level unit) of a unit on a day.
    let department = |code: &str, day: NaiveDate| {
        let mut code = code.to_owned();
        for _ in 0..16 {
            let parent = units
                .iter()
                .find(|u| u.code == code && u.valid_on(day))
                .and_then(|u| u.parent.clone());
            match parent {
                Some(p) => code = p,
                None => break,
            }
        }
        code
    };
    let in_service = |s: &Staff| s.hire_date <= on && s.leaving_date.is_none_or(|l| l >= on);
    for s in staff
        .iter()
        .filter(|s| s.employment_type == "regular" && in_service(s))
    {
        let served = year.0 - FiscalYear::containing(s.hire_date).0 + 1;
        let list = by_staff
            .get(s.number.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let mut days = [0i64; 3];
        for a in list {
            if let Some(c) = class_of(a) {
                days[c] += a.days_until(on).max(0);
            }
        }
        let current = list
            .iter()
            .filter(|a| a.active_on(on))
            .max_by_key(|a| a.start);
        let row = StaffRotation {
            number: s.number.clone(),
            name: s.name.clone(),
            kana: s.kana.clone(),
            years_of_service: served,
            days,
            covered_all: days.iter().all(|d| *d > 0),
            current_unit: current.map(|a| a.unit_code.clone()),
            years_in_current_unit: current.map_or(0.0, |a| years(a.days_until(on))),
        };
        let window = i32::try_from(settings.window_years).unwrap_or(i32::MAX);
        if served >= i32::try_from(settings.specialist_years).unwrap_or(i32::MAX) {
            report.specialists += 1;
            let mut per_department: HashMap<String, i64> = HashMap::new();
            for a in list {
                *per_department
                    .entry(department(&a.unit_code, a.start))
                    .or_default() += a.days_until(on).max(0);
            }
            if let Some((field, _)) = per_department
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            {
                *report.specialist_fields.entry(field).or_default() += 1;
            }
        }
        if row.years_in_current_unit >= f64::from(settings.long_stay_years) {
            report.long_stay.push(row.clone());
        }
        if served <= window {
            if served == window && !row.covered_all {
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
        list.sort_by(|a, b| {
            super::search_key(&a.kana)
                .cmp(&super::search_key(&b.kana))
                .then(a.number.cmp(&b.number))
        });
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn unit(code: &str, rotation: &str) -> UnitVersion {
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

    fn person(number: &str, hired: i32) -> Staff {
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
        }
    }

    fn assign(number: &str, unit: &str, from: i32, to: Option<i32>) -> Assignment {
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
