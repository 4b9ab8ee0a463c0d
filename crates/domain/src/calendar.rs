//! 開庁日: the days the city hall is open, for due dates counted in working
//! days. Closed are Saturdays and Sundays, national holidays (振替休日 and
//! 国民の休日 included, from the `yasumi` rules, which follow the 2019
//! accession days and the 2020–2021 Olympic moves), the year-end and
//! New Year closure 12/29–1/3 (地方自治法 4条の2 and the city's 休日条例),
//! and the city's own closures, which HR keeps.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;
use std::collections::BTreeMap;

/// Why a day is closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Closed {
    Weekend,
    /// A national holiday, by its name (「山の日」「休日」).
    Holiday(String),
    /// 年末年始 (12/29–1/3).
    YearEnd,
    /// A closure of the city's own, with its reason.
    City(String),
}

/// The city's calendar: national rules plus its own closures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    /// The city's own closures, by day, with their reasons.
    pub closures: BTreeMap<NaiveDate, String>,
}

impl WorkCalendar {
    pub fn new(closures: BTreeMap<NaiveDate, String>) -> WorkCalendar {
        WorkCalendar { closures }
    }

    /// Why `d` is closed, or `None` when the city hall is open.
    pub fn closed(&self, d: NaiveDate) -> Option<Closed> {
        if let Some(reason) = self.closures.get(&d) {
            return Some(Closed::City(reason.clone()));
        }
        if let Some(name) = yasumi::holiday_name(d) {
            return Some(Closed::Holiday(name));
        }
        if (d.month() == 12 && d.day() >= 29) || (d.month() == 1 && d.day() <= 3) {
            return Some(Closed::YearEnd);
        }
        matches!(d.weekday(), Weekday::Sat | Weekday::Sun).then_some(Closed::Weekend)
    }

    pub fn is_open(&self, d: NaiveDate) -> bool {
        self.closed(d).is_none()
    }

    /// The open day `n` open days after `d` (before it when `n` is
    /// negative); `n = 0` is `d` itself when open, else the next open day.
    /// A due date "3 working days before" is `add_open_days(due, -3)`.
    pub fn add_open_days(&self, d: NaiveDate, n: i32) -> NaiveDate {
        let step = |day: NaiveDate, forward: bool| {
            if forward {
                day.succ_opt().unwrap_or(day)
            } else {
                day.pred_opt().unwrap_or(day)
            }
        };
        let forward = n >= 0;
        let mut day = d;
        if n == 0 {
            // At most a fortnight of closures in a row (年末年始 with a
            // weekend is the longest).
            for _ in 0..31 {
                if self.is_open(day) {
                    break;
                }
                day = step(day, true);
            }
            return day;
        }
        let mut left = n.unsigned_abs();
        while left > 0 {
            day = step(day, forward);
            if self.is_open(day) {
                left -= 1;
            }
        }
        day
    }

    /// Open days after `from` up to and including `to` (negative when `to`
    /// is before `from`): "3 working days overdue".
    pub fn open_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (a, b, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let count = a
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= b)
            .filter(|d| self.is_open(*d))
            .count();
        sign * i64::try_from(count).unwrap_or(i64::MAX)
    }

    /// Every closed day of a year that is not a weekend, in order: what a
    /// calendar page lists.
    pub fn closed_weekdays(&self, year: i32) -> Vec<(NaiveDate, Closed)> {
        let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
            return Vec::new();
        };
        first
            .iter_days()
            .take_while(|d| d.year() == year)
            .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .filter_map(|d| self.closed(d).map(|c| (d, c)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_else(|| panic!("{y}-{m}-{day}"))
    }

    #[test]
    fn the_2019_to_2021_changes_are_known() {
        let cal = WorkCalendar::default();
        // The accession: 4/30 and 5/2 国民の休日, 5/1 即位の日.
        for day in [d(2019, 4, 30), d(2019, 5, 1), d(2019, 5, 2)] {
            assert!(matches!(cal.closed(day), Some(Closed::Holiday(_))), "{day}");
        }
        // 天皇誕生日 moved from 12/23 to 2/23 (2020-02-24 its 振替休日).
        assert!(cal.is_open(d(2019, 12, 23)));
        assert!(!cal.is_open(d(2020, 2, 24)));
        // The Olympic moves: 2020-07-23/24, 08-10; 10-12 open again.
        for day in [d(2020, 7, 23), d(2020, 7, 24), d(2020, 8, 10)] {
            assert!(!cal.is_open(day), "{day}");
        }
        assert!(cal.is_open(d(2020, 10, 12)));
        assert!(
            cal.is_open(d(2020, 7, 20)),
            "海の日 was not on the 3rd Monday in 2020"
        );
        // 2021: 7/22, 7/23, 8/9 (山の日 on a Sunday, its 振替休日).
        for day in [d(2021, 7, 22), d(2021, 7, 23), d(2021, 8, 9)] {
            assert!(!cal.is_open(day), "{day}");
        }
        assert!(cal.is_open(d(2021, 10, 11)));
    }

    #[test]
    fn year_end_city_closures_and_counting() {
        let mut closures = BTreeMap::new();
        closures.insert(d(2024, 4, 1), "庁舎の停電工事".to_owned());
        let cal = WorkCalendar::new(closures);
        assert_eq!(cal.closed(d(2024, 12, 30)), Some(Closed::YearEnd));
        assert_eq!(cal.closed(d(2025, 1, 3)), Some(Closed::YearEnd));
        assert!(cal.is_open(d(2025, 1, 6)));
        assert_eq!(
            cal.closed(d(2024, 4, 1)),
            Some(Closed::City("庁舎の停電工事".into()))
        );
        // Friday 2024-12-27 + 1 open day is Monday 2025-01-06.
        assert_eq!(cal.add_open_days(d(2024, 12, 27), 1), d(2025, 1, 6));
        assert_eq!(cal.add_open_days(d(2025, 1, 6), -1), d(2024, 12, 27));
        assert_eq!(cal.add_open_days(d(2024, 12, 29), 0), d(2025, 1, 6));
        // Golden Week 2019: from Friday 4/26, the next open day is 5/7.
        let plain = WorkCalendar::default();
        assert_eq!(plain.add_open_days(d(2019, 4, 26), 1), d(2019, 5, 7));
        assert_eq!(plain.open_days_between(d(2019, 4, 26), d(2019, 5, 7)), 1);
        assert_eq!(plain.open_days_between(d(2019, 5, 7), d(2019, 4, 26)), -1);
        // 2024: 16 national holidays and 振替休日 on weekdays… and 12/30-31, 1/1-3.
        let listed = cal.closed_weekdays(2024);
        assert!(
            listed
                .iter()
                .any(|(day, c)| *day == d(2024, 4, 1) && matches!(c, Closed::City(_)))
        );
        assert!(listed.iter().all(|(day, _)| day.year() == 2024));
        // A holiday on a weekend is not a weekday closed: 2019-05-04 (Sat).
        assert!(
            !plain
                .closed_weekdays(2019)
                .iter()
                .any(|(day, _)| *day == d(2019, 5, 4))
        );
    }
}
