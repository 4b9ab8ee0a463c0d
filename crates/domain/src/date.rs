//! Reading dates as Japanese HR files write them: 西暦 (2024-04-01,
//! 2024/4/1, 2024年4月1日, 20240401) or 和暦 (R6.4.1, 令和6年4月1日,
//! H31.4.30, 令和元年5月1日), with full-width digits and spaces. An era date
//! that never existed (平成32年, 昭和64年2月, 令和元年4月30日) is an error.

use crate::fiscal::{ERAS, Era, era_of, to_wareki};
use crate::i18n::Message;
use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

/// Why a text is not a date; [`DateError::message`] says it in either
/// language (Display: Japanese).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    Unreadable(String),
    NoSuchDay(String),
    /// A real day, but outside the years jinzai keeps records of
    /// ([`FIRST_YEAR`]–[`LAST_YEAR`]): a typing slip (0000-01-01) rather
    /// than a record.
    OutOfRange(String),
    /// A 和暦 date its era never had.
    OutsideEra {
        text: String,
        era: Era,
        bound: EraBound,
    },
}

/// Why an era date never existed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EraBound {
    /// Year 0: eras count from 元年 (1).
    FromYearOne,
    /// Before the era began on this day.
    Began(NaiveDate),
    /// After the era ended on this day.
    Ended(NaiveDate),
    /// After today's era, which has not ended.
    NotEnded,
}

impl DateError {
    /// What to tell the person who typed the text.
    pub fn message(&self) -> Message {
        let wareki = |d: NaiveDate| to_wareki(d).map(|w| w.to_string()).unwrap_or_default();
        let on = |m: Message, d: NaiveDate| {
            m.each(
                "date",
                d.format("%Y年%-m月%-d日").to_string(),
                d.to_string(),
            )
            .arg("wareki", wareki(d))
        };
        match self {
            DateError::Unreadable(text) => Message::new("date_unreadable").arg("text", text),
            DateError::NoSuchDay(text) => Message::new("date_no_such_day").arg("text", text),
            DateError::OutOfRange(text) => Message::new("date_out_of_range")
                .arg("text", text)
                .arg("first", FIRST_YEAR)
                .arg("last", LAST_YEAR),
            DateError::OutsideEra { text, era, bound } => {
                let m = |key| {
                    Message::new(key)
                        .arg("text", text)
                        .each("era", era.name, era.name_en)
                };
                match bound {
                    EraBound::FromYearOne => m("date_era_from_year_one"),
                    EraBound::Began(d) => on(m("date_era_began"), *d),
                    EraBound::Ended(d) => on(m("date_era_ended"), *d),
                    EraBound::NotEnded => m("date_era_not_ended"),
                }
            }
        }
    }
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message())
    }
}

impl std::error::Error for DateError {}

/// NFKC (full-width digits and letters to ASCII), spaces removed.
pub fn normalise(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    fn number(&mut self) -> Option<u32> {
        let end = self
            .rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(self.rest.len());
        if end == 0 || end > 4 {
            return None;
        }
        let n = self.rest[..end].parse().ok()?;
        self.rest = &self.rest[end..];
        Some(n)
    }

    fn eat(&mut self, options: &[&str]) -> bool {
        match options.iter().find(|o| self.rest.starts_with(**o)) {
            Some(o) => {
                self.rest = &self.rest[o.len()..];
                true
            }
            None => false,
        }
    }

    /// "M<sep>D[日]" after the year.
    fn month_day(&mut self, month_sep: &[&str]) -> Option<(u32, u32)> {
        let m = self.number()?;
        if !self.eat(month_sep) {
            return None;
        }
        let d = self.number()?;
        self.eat(&["日"]);
        self.rest.is_empty().then_some((m, d))
    }
}

const YEAR_SEP: &[&str] = &["-", "/", ".", "年"];
const MONTH_SEP: &[&str] = &["-", "/", ".", "月"];

/// Parses a date written in 西暦 or 和暦.
/// The first and last years of the dates jinzai accepts.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2999;

pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let day = parse_any_date(text)?;
    if (FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
        Ok(day)
    } else {
        Err(DateError::OutOfRange(text.trim().to_owned()))
    }
}

fn parse_any_date(text: &str) -> Result<NaiveDate, DateError> {
    // Fast path for the common machine form, 2024-04-01 (imports of a
    // million rows spend their time here otherwise).
    let b = text.as_bytes();
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        let n = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
        return ymd(text, i32::try_from(n(0..4)).unwrap_or(0), n(5..7), n(8..10));
    }
    let norm = normalise(text);
    let unreadable = || DateError::Unreadable(text.trim().to_owned());
    if let Some((era, after)) = era_prefix(&norm) {
        let mut c = Cursor { rest: after };
        let year = if c.eat(&["元"]) {
            1
        } else {
            c.number().ok_or_else(unreadable)?
        };
        if !c.eat(YEAR_SEP) {
            return Err(unreadable());
        }
        let (m, d) = c.month_day(MONTH_SEP).ok_or_else(unreadable)?;
        return from_era(text, era, year, m, d);
    }
    // 20240401
    if norm.len() == 8 && norm.chars().all(|c| c.is_ascii_digit()) {
        let n = |r: std::ops::Range<usize>| norm[r].parse::<u32>().ok();
        let (y, m, d) = (
            n(0..4).ok_or_else(unreadable)?,
            n(4..6).ok_or_else(unreadable)?,
            n(6..8).ok_or_else(unreadable)?,
        );
        return ymd(text, i32::try_from(y).map_err(|_| unreadable())?, m, d);
    }
    let mut c = Cursor { rest: &norm };
    let y = c.number().filter(|y| *y >= 1000).ok_or_else(unreadable)?;
    if !c.eat(YEAR_SEP) {
        return Err(unreadable());
    }
    let (m, d) = c.month_day(MONTH_SEP).ok_or_else(unreadable)?;
    ymd(text, i32::try_from(y).map_err(|_| unreadable())?, m, d)
}

fn ymd(text: &str, y: i32, m: u32, d: u32) -> Result<NaiveDate, DateError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| DateError::NoSuchDay(text.trim().to_owned()))
}

/// The era a text starts with: a name (令和) or a letter (R, r).
fn era_prefix(s: &str) -> Option<(Era, &str)> {
    ERAS.iter().find_map(|e| {
        if let Some(rest) = s.strip_prefix(e.name) {
            return Some((*e, rest));
        }
        let mut chars = s.chars();
        let first = chars.next()?;
        (first.to_ascii_uppercase() == e.letter).then_some((*e, chars.as_str()))
    })
}

fn from_era(text: &str, era: Era, year: u32, m: u32, d: u32) -> Result<NaiveDate, DateError> {
    let text = text.trim().to_owned();
    if year == 0 {
        return Err(DateError::OutsideEra {
            text,
            era,
            bound: EraBound::FromYearOne,
        });
    }
    let y = era.start.0 + i32::try_from(year).unwrap_or(i32::MAX / 2) - 1;
    let date = ymd(&text, y, m, d)?;
    if era_of(date).map(|e| e.name) == Some(era.name) {
        return Ok(date);
    }
    let (sy, sm, sd) = era.start;
    let start = NaiveDate::from_ymd_opt(sy, sm, sd).unwrap_or(NaiveDate::MIN);
    let next = ERAS.iter().rev().find(|e| e.start > era.start);
    let bound = if date < start {
        EraBound::Began(start)
    } else {
        match next.and_then(|n| {
            let (ny, nm, nd) = n.start;
            NaiveDate::from_ymd_opt(ny, nm, nd).and_then(|s| s.pred_opt())
        }) {
            Some(last) => EraBound::Ended(last),
            None => EraBound::NotEnded,
        }
    };
    Err(DateError::OutsideEra { text, era, bound })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fiscal::to_wareki;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn seireki_forms() {
        for s in [
            "2024-04-01",
            "2024/4/1",
            "2024.4.1",
            "2024年4月1日",
            "20240401",
            "２０２４／４／１",
            " 2024 - 04 - 01 ",
        ] {
            assert_eq!(parse_date(s), Ok(d(2024, 4, 1)), "{s}");
        }
    }

    #[test]
    fn wareki_forms() {
        for s in [
            "R6.4.1",
            "r6.4.1",
            "R06/04/01",
            "令和6年4月1日",
            "令和６年４月１日",
            "Ｒ６．４．１",
            "令和 6年 4月 1日",
        ] {
            assert_eq!(parse_date(s), Ok(d(2024, 4, 1)), "{s}");
        }
        assert_eq!(parse_date("令和元年5月1日"), Ok(d(2019, 5, 1)));
        assert_eq!(parse_date("R1.5.1"), Ok(d(2019, 5, 1)));
        assert_eq!(parse_date("H31.4.30"), Ok(d(2019, 4, 30)));
        assert_eq!(parse_date("平成元年1月8日"), Ok(d(1989, 1, 8)));
        assert_eq!(parse_date("S64.1.7"), Ok(d(1989, 1, 7)));
    }

    #[test]
    fn dates_outside_the_years_kept_are_refused() {
        for text in ["0000-01-01", "1899-12-31", "3000-01-01", "18991231"] {
            let e = parse_date(text)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(e.contains("範囲外"), "{text}: {e}");
        }
        assert_eq!(parse_date("1900-01-01"), Ok(d(1900, 1, 1)));
    }

    #[test]
    fn era_dates_that_never_existed() {
        let e = parse_date("平成32年4月1日")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("存在しない和暦")
                && e.contains("2019年4月30日（平成31年4月30日）に終わりました"),
            "{e}"
        );
        let e = parse_date("昭和64年2月1日")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("1989年1月7日（昭和64年1月7日）に終わりました"),
            "{e}"
        );
        let e = parse_date("令和元年4月30日")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("2019年5月1日（令和元年5月1日）に始まりました"),
            "{e}"
        );
        assert!(parse_date("H31.5.1").is_err());
        assert!(parse_date("平成0年1月1日").is_err());
        assert_eq!(
            parse_date("2023-02-29"),
            Err(DateError::NoSuchDay("2023-02-29".into()))
        );
        for bad in [
            "",
            "昨日",
            "R6",
            "2024-04",
            "12/25",
            "X6.4.1",
            "2024-04-01x",
        ] {
            assert!(
                matches!(parse_date(bad), Err(DateError::Unreadable(_))),
                "{bad}"
            );
        }
    }

    proptest! {
        #[test]
        fn every_date_reads_back_from_its_wareki(days in 0i64..55_000) {
            let date = d(1900, 1, 1) + chrono::Duration::days(days);
            let w = to_wareki(date).unwrap();
            prop_assert_eq!(parse_date(&w.to_string()), Ok(date));
            let letter = format!("{}{}.{}.{}", w.era.letter, w.year, w.month, w.day);
            prop_assert_eq!(parse_date(&letter), Ok(date));
            prop_assert_eq!(parse_date(&date.format("%Y/%-m/%-d").to_string()), Ok(date));
        }
    }
}
