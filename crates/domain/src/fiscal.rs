//! Fiscal years (年度) and Japanese era dates (和暦).
//!
//! A 年度 runs 1 April – 31 March. It is named by the newest era that began
//! in its calendar year or before — the era in force on its 1 April, except
//! that the year an era begins is named by the new era, as the government did:
//! FY2019 is 令和元年度 although 令和 began on 1 May 2019, and 昭和64年度
//! never existed (FY1988 is 昭和63年度, FY1989 平成元年度).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A Japanese era, with the first day it was in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Era {
    pub name: &'static str,
    pub name_en: &'static str,
    /// Single-letter abbreviation used on forms (R6.4.1).
    pub letter: char,
    pub start: (i32, u32, u32),
}

/// Eras from 明治 on, newest first. A tested table is enough: eras change
/// rarely and a new one is one line here.
pub const ERAS: [Era; 5] = [
    Era {
        name: "令和",
        name_en: "Reiwa",
        letter: 'R',
        start: (2019, 5, 1),
    },
    Era {
        name: "平成",
        name_en: "Heisei",
        letter: 'H',
        start: (1989, 1, 8),
    },
    Era {
        name: "昭和",
        name_en: "Showa",
        letter: 'S',
        start: (1926, 12, 25),
    },
    Era {
        name: "大正",
        name_en: "Taisho",
        letter: 'T',
        start: (1912, 7, 30),
    },
    Era {
        name: "明治",
        name_en: "Meiji",
        letter: 'M',
        start: (1868, 1, 25),
    },
];

impl Era {
    fn start_date(&self) -> NaiveDate {
        let (y, m, d) = self.start;
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }
}

/// A date written in an era: 令和元年5月1日 is `{ era: 令和, year: 1, .. }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarekiDate {
    pub era: Era,
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// The era in force on `date`, or `None` before 明治.
pub fn era_of(date: NaiveDate) -> Option<Era> {
    ERAS.iter().copied().find(|e| date >= e.start_date())
}

/// Converts a Gregorian date to its era form.
pub fn to_wareki(date: NaiveDate) -> Option<WarekiDate> {
    let era = era_of(date)?;
    Some(WarekiDate {
        era,
        year: date.year() - era.start.0 + 1,
        month: date.month(),
        day: date.day(),
    })
}

/// "元" for the first year of an era, the number otherwise.
pub fn era_year_label(year: i32) -> String {
    if year == 1 {
        "元".to_owned()
    } else {
        year.to_string()
    }
}

impl fmt::Display for WarekiDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}年{}月{}日",
            self.era.name,
            era_year_label(self.year),
            self.month,
            self.day
        )
    }
}

/// A fiscal year (年度), named by the 西暦 year of its 1 April.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    /// The fiscal year that contains `date`.
    pub fn containing(date: NaiveDate) -> Self {
        if date.month() >= 4 {
            FiscalYear(date.year())
        } else {
            FiscalYear(date.year() - 1)
        }
    }

    pub fn start(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.0, 4, 1)
    }

    pub fn end(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.0.checked_add(1)?, 3, 31)
    }

    /// The era naming this year, and the era year (see the module docs).
    pub fn wareki(self) -> Option<(Era, i32)> {
        let era = ERAS.iter().copied().find(|e| e.start.0 <= self.0)?;
        Some((era, self.0 - era.start.0 + 1))
    }

    /// "平成23年度" — Japanese label, era of 1 April, 元 for year one.
    pub fn label_ja(self) -> String {
        match self.wareki() {
            Some((era, y)) => format!("{}{}年度", era.name, era_year_label(y)),
            None => format!("{}年度", self.0),
        }
    }

    /// "平成23年度 (2011)" — 和暦 with 西暦 beside it.
    pub fn label_ja_full(self) -> String {
        format!("{} ({})", self.label_ja(), self.0)
    }

    /// "FY2011 (Heisei 23)".
    pub fn label_en(self) -> String {
        match self.wareki() {
            Some((era, y)) => format!("FY{} ({} {})", self.0, era.name_en, y),
            None => format!("FY{}", self.0),
        }
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label_ja_full())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn a_year_past_the_calendar_has_no_days_and_no_overflow() {
        assert_eq!(FiscalYear(i32::MAX).end(), None);
        assert_eq!(FiscalYear(i32::MAX).start(), None);
        assert_eq!(FiscalYear(2024).end(), Some(d(2025, 3, 31)));
    }

    #[test]
    fn showa_ends_on_1989_01_07_and_heisei_starts_on_01_08() {
        assert_eq!(
            to_wareki(d(1989, 1, 7)).map(|w| w.to_string()),
            Some("昭和64年1月7日".into())
        );
        assert_eq!(
            to_wareki(d(1989, 1, 8)).map(|w| w.to_string()),
            Some("平成元年1月8日".into())
        );
    }

    #[test]
    fn heisei_ends_on_2019_04_30_and_reiwa_starts_on_05_01() {
        assert_eq!(
            to_wareki(d(2019, 4, 30)).map(|w| w.to_string()),
            Some("平成31年4月30日".into())
        );
        assert_eq!(
            to_wareki(d(2019, 5, 1)).map(|w| w.to_string()),
            Some("令和元年5月1日".into())
        );
    }

    #[test]
    fn fiscal_year_boundary_is_1_april() {
        assert_eq!(FiscalYear::containing(d(2012, 3, 31)), FiscalYear(2011));
        assert_eq!(FiscalYear::containing(d(2012, 4, 1)), FiscalYear(2012));
    }

    #[test]
    fn fiscal_year_takes_the_era_of_its_1_april() {
        assert_eq!(FiscalYear(2011).label_ja_full(), "平成23年度 (2011)");
        assert_eq!(FiscalYear(2019).label_ja(), "令和元年度");
        assert_eq!(FiscalYear(2018).label_ja(), "平成30年度");
        assert_eq!(FiscalYear(1988).label_ja(), "昭和63年度");
        assert_eq!(FiscalYear(1989).label_ja(), "平成元年度");
        assert_eq!(FiscalYear(2020).label_ja(), "令和2年度");
        assert_eq!(FiscalYear(2024).label_ja_full(), "令和6年度 (2024)");
        assert_eq!(FiscalYear(2011).label_en(), "FY2011 (Heisei 23)");
    }

    proptest! {
        #[test]
        fn every_date_lies_in_its_fiscal_year(days in 0i64..60_000) {
            let date = d(1900, 1, 1) + chrono::Duration::days(days);
            let fy = FiscalYear::containing(date);
            prop_assert!(fy.start().is_some_and(|s| s <= date));
            prop_assert!(fy.end().is_some_and(|e| date <= e));
        }

        #[test]
        fn wareki_round_trips_to_the_same_gregorian_year(days in 0i64..60_000) {
            let date = d(1900, 1, 1) + chrono::Duration::days(days);
            let w = to_wareki(date);
            prop_assert!(w.is_some());
            if let Some(w) = w {
                prop_assert!(w.year >= 1);
                prop_assert_eq!(w.era.start.0 + w.year - 1, date.year());
            }
        }
    }
}
