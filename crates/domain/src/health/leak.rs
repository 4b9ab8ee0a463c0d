//! A suspected leak of health records (要配慮個人情報の漏えい等): reportable
//! to the Personal Information Protection Commission even when one person
//! is affected — a 速報 (preliminary report) promptly, about three to five
//! days from discovery, and a 確報 (final report) within 30 days, 60 when
//! the leak was intentional (不正の目的). The administrator records the
//! suspicion; jinzai sets both deadlines and keeps the list of the people
//! affected, and the two reports are marked sent on their days.

use super::{TEXT_LIMIT, check_not_future};
use crate::i18n::Message;
use crate::people::StaffNumber;
use crate::progress::FieldError;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// Days from discovery to the 速報's deadline (the guidance: 速やかに,
/// taken as three to five days; jinzai uses the fifth).
pub const PRELIMINARY_DAYS: u64 = 5;
/// Days from discovery to the 確報's deadline.
pub const FINAL_DAYS: u64 = 30;
/// …when the leak was intentional.
pub const FINAL_DAYS_INTENTIONAL: u64 = 60;

/// A suspected leak as the administrator records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = HealthLeak))]
#[serde(deny_unknown_fields)]
pub struct Leak {
    /// The day it was discovered (the deadlines count from it).
    pub discovered_on: NaiveDate,
    /// What happened (no one's health details: the report states the
    /// kind of information, not its contents).
    pub description: String,
    /// 不正の目的 (e.g. taken out on purpose): the 確報 is due in 60 days.
    #[serde(default)]
    pub intentional: bool,
    /// The people whose records are affected.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub affected: Vec<StaffNumber>,
}

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = LeakReportKind))]
#[serde(rename_all = "snake_case")]
pub enum Report {
    /// 速報.
    Preliminary,
    /// 確報.
    Final,
}

impl Leak {
    /// The 速報's and the 確報's deadlines.
    pub fn deadlines(&self) -> (NaiveDate, NaiveDate) {
        let after = |n| {
            self.discovered_on
                .checked_add_days(Days::new(n))
                .unwrap_or(self.discovered_on)
        };
        let fin = if self.intentional {
            FINAL_DAYS_INTENTIONAL
        } else {
            FINAL_DAYS
        };
        (after(PRELIMINARY_DAYS), after(fin))
    }

    /// Problems at their fields.
    pub fn check(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut out = Vec::new();
        check_not_future(&mut out, "discovered_on", self.discovered_on, today);
        if self.description.trim().is_empty() {
            out.push(FieldError::new(
                "description",
                "required",
                Message::new("health_field_missing"),
            ));
        } else if self.description.chars().count() > TEXT_LIMIT {
            out.push(FieldError::new(
                "description",
                "too_long",
                Message::new("health_text_too_long").arg("limit", TEXT_LIMIT),
            ));
        }
        if self.affected.is_empty() {
            out.push(FieldError::new(
                "affected",
                "required",
                Message::new("leak_affected_missing"),
            ));
        }
        out
    }
}

/// Whether a report sent on `sent_on` may be recorded: not one already
/// recorded, not before the discovery, not ahead of today, the 確報 not
/// before the 速報. `sent` is what is recorded: (速報, 確報).
pub fn check_sent(
    discovered_on: NaiveDate,
    sent: (Option<NaiveDate>, Option<NaiveDate>),
    (report, sent_on): (Report, NaiveDate),
    today: NaiveDate,
) -> Vec<FieldError> {
    let mut out = Vec::new();
    let (earliest, already) = match report {
        Report::Preliminary => (Some(discovered_on), sent.0),
        Report::Final => (sent.0, sent.1),
    };
    if let Some(day) = already {
        return vec![FieldError::new(
            "report",
            "already_sent",
            Message::new("leak_already_sent").arg("day", day.to_string()),
        )];
    }
    check_not_future(&mut out, "sent_on", sent_on, today);
    match earliest {
        None => out.push(FieldError::new(
            "report",
            "preliminary_first",
            Message::new("leak_preliminary_first"),
        )),
        Some(e) if sent_on < e => out.push(FieldError::new(
            "sent_on",
            "too_early",
            Message::new("return_day_too_early")
                .arg("day", sent_on.to_string())
                .arg("earlier", e.to_string()),
        )),
        Some(_) => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn deadlines_count_from_discovery() {
        let mut l = Leak {
            discovered_on: day("2026-11-30"),
            description: "USBメモリの紛失".into(),
            intentional: false,
            affected: vec!["00001".into()],
        };
        assert_eq!(l.deadlines(), (day("2026-12-05"), day("2026-12-30")));
        l.intentional = true;
        assert_eq!(l.deadlines().1, day("2027-01-29"));
        assert!(l.check(day("2026-12-01")).is_empty());
        l.affected.clear();
        assert_eq!(l.check(day("2026-12-01"))[0].field, "affected");
    }

    #[test]
    fn the_final_report_follows_the_preliminary_one() {
        let found = day("2026-11-30");
        let today = day("2026-12-20");
        let none = (None, None);
        let e = check_sent(found, none, (Report::Final, day("2026-12-10")), today);
        assert_eq!(e[0].code, "preliminary_first");
        let ok = check_sent(found, none, (Report::Preliminary, day("2026-12-02")), today);
        assert!(ok.is_empty());
        let pre = (Some(day("2026-12-02")), None);
        let e = check_sent(found, pre, (Report::Final, day("2026-12-01")), today);
        assert_eq!(e[0].code, "too_early");
        let e = check_sent(found, none, (Report::Preliminary, day("2026-12-21")), today);
        assert_eq!(e[0].code, "future");
        let e = check_sent(found, pre, (Report::Preliminary, day("2026-12-03")), today);
        assert_eq!(e[0].code, "already_sent");
    }
}
