//! 自己申告: once a year, within a window HR opens, each staff member says
//! how their work goes (職務の状況), whether they wish to stay or move and
//! where (異動希望: up to three units or kinds of work), what they wish for
//! their career (キャリア希望), anything about their health or family the
//! placement should know (健康・家庭の事情: confidential) and anything else
//! (自由意見).
//!
//! After the next 1 April, each wish is set against where the person went
//! ([`outcome`]): whether they moved, and whether the move (or the stay)
//! was what they wished.

pub mod metrics;

use crate::i18n::Message;
use crate::people::UnitCode;
use crate::progress::FieldError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The most wishes a report lists.
pub const MAX_WISHES: usize = 3;

/// The longest free text kept in one field.
pub const TEXT_LIMIT: usize = 2000;

/// A year's window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub fiscal_year: i32,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// 基準日: who is asked (in service then) and where they serve.
    pub reference_date: NaiveDate,
    /// Accounts (logins) besides HR who may read the reports, health and
    /// family included (人事課長, say).
    #[serde(default)]
    pub readers: Vec<String>,
}

impl Window {
    /// Whether reports may be handed in on `day`.
    pub fn open_on(&self, day: NaiveDate) -> bool {
        self.opens_on <= day && day <= self.closes_on
    }

    /// The 1 April after the reference date: where people went.
    pub fn next_april(&self) -> NaiveDate {
        let y = self.reference_date.year() + i32::from(self.reference_date.month() >= 4);
        NaiveDate::from_ymd_opt(y, 4, 1).unwrap_or(self.reference_date)
    }

    /// Problems at their fields.
    pub fn check(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        if self.closes_on < self.opens_on {
            out.push(FieldError::new(
                "closes_on",
                "order",
                Message::new("self_report_closes_before_opening"),
            ));
        }
        let fy = crate::FiscalYear(self.fiscal_year);
        if fy.start().is_none_or(|s| self.reference_date < s)
            || fy.end().is_none_or(|e| self.reference_date > e)
        {
            out.push(FieldError::new(
                "reference_date",
                "outside_year",
                Message::new("self_report_reference_outside").arg("year", self.fiscal_year),
            ));
        }
        out
    }
}

/// A wish to move: a unit, or a kind of work (a 部門区分 such as 窓口), or
/// both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Wish {
    #[serde(default)]
    pub unit: Option<UnitCode>,
    /// A rotation class code (`front`, `admin` …).
    #[serde(default)]
    pub work: Option<String>,
}

/// A staff member's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// 職務の状況
    pub duties: String,
    /// Wishes to stay where they are.
    pub stay: bool,
    /// 異動希望, first choice first.
    #[serde(default)]
    pub wishes: Vec<Wish>,
    /// キャリア希望
    #[serde(default)]
    pub career: Option<String>,
    /// 健康・家庭の事情: read only by HR and the window's named readers.
    #[serde(default)]
    pub health: Option<String>,
    /// 自由意見
    #[serde(default)]
    pub free: Option<String>,
}

impl Report {
    /// Problems at their fields (`wishes[1].unit` …); `known_unit` tells
    /// whether a unit exists on the reference date, `known_work` whether a
    /// kind of work is on the city's list.
    pub fn check(
        &self,
        known_unit: &dyn Fn(&UnitCode) -> bool,
        known_work: &dyn Fn(&str) -> bool,
    ) -> Vec<FieldError> {
        let mut out = Vec::new();
        if self.duties.trim().is_empty() {
            out.push(FieldError::new(
                "duties",
                "required",
                Message::new("self_report_duties_required"),
            ));
        }
        if self.wishes.len() > MAX_WISHES {
            out.push(FieldError::new(
                "wishes",
                "too_many",
                Message::new("self_report_too_many_wishes").arg("max", MAX_WISHES),
            ));
        }
        for (i, w) in self.wishes.iter().enumerate() {
            match (&w.unit, &w.work) {
                (None, None) => out.push(FieldError::new(
                    format!("wishes[{i}].unit"),
                    "required",
                    Message::new("self_report_wish_empty"),
                )),
                (unit, work) => {
                    if let Some(u) = unit
                        && !known_unit(u)
                    {
                        out.push(FieldError::new(
                            format!("wishes[{i}].unit"),
                            "unknown",
                            Message::new("self_report_unit_unknown").arg("unit", u),
                        ));
                    }
                    if let Some(k) = work
                        && !known_work(k)
                    {
                        out.push(FieldError::new(
                            format!("wishes[{i}].work"),
                            "unknown",
                            Message::new("self_report_work_unknown").arg("work", k),
                        ));
                    }
                }
            }
        }
        for (field, text) in [
            ("duties", Some(&self.duties)),
            ("career", self.career.as_ref()),
            ("health", self.health.as_ref()),
            ("free", self.free.as_ref()),
        ] {
            if text.is_some_and(|t| t.chars().count() > TEXT_LIMIT) {
                out.push(FieldError::new(
                    field,
                    "too_long",
                    Message::new("evaluation_note_long").arg("limit", TEXT_LIMIT),
                ));
            }
        }
        out
    }
}

/// Where a reporter went by the next 1 April, against their wishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outcome {
    pub moved: bool,
    /// Their unit on the next 1 April (none: they left).
    pub to: Option<UnitCode>,
    /// Whether it was what they wished: a move to a wished unit or kind of
    /// work, or a stay when they wished to stay. None when they wished
    /// nothing either way, or left.
    pub honoured: Option<bool>,
}

/// Sets a report against where its writer served on the reference date
/// (`then`) and on the next 1 April (`after`); `work_of` gives a unit's
/// kind of work.
pub fn outcome(
    report: &Report,
    then: Option<&UnitCode>,
    after: Option<&UnitCode>,
    work_of: &dyn Fn(&UnitCode) -> Option<String>,
) -> Outcome {
    let moved = after.is_some() && then != after;
    let wished_move = !report.wishes.is_empty();
    let honoured = match after {
        None => None,
        Some(to) if moved => {
            let kind = work_of(to);
            Some(report.wishes.iter().any(|w| {
                w.unit.as_ref() == Some(to)
                    || (w.unit.is_none() && w.work.is_some() && w.work == kind)
            }))
        }
        // Stayed: honoured if they wished to stay, not if they only wished to go.
        Some(_) if report.stay => Some(true),
        Some(_) if wished_move => Some(false),
        Some(_) => None,
    };
    Outcome {
        moved,
        to: after.cloned(),
        honoured,
    }
}

/// Years-in-post bands of the reflection report.
pub fn tenure_band(years: f64) -> &'static str {
    if years < 3.0 {
        "under_3"
    } else if years < 5.0 {
        "3_to_5"
    } else {
        "5_and_more"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn report(stay: bool, wishes: &[(&str, &str)]) -> Report {
        Report {
            duties: "窓口業務".into(),
            stay,
            wishes: wishes
                .iter()
                .map(|(u, w)| Wish {
                    unit: (!u.is_empty()).then(|| UnitCode::stored((*u).to_owned())),
                    work: (!w.is_empty()).then(|| (*w).to_owned()),
                })
                .collect(),
            career: None,
            health: Some("介護のため残業が難しい".into()),
            free: None,
        }
    }

    #[test]
    fn a_window_checks_its_dates_and_knows_the_next_april() {
        let w = Window {
            fiscal_year: 2013,
            opens_on: d(2013, 11, 1),
            closes_on: d(2013, 11, 30),
            reference_date: d(2013, 11, 1),
            readers: vec![],
        };
        assert!(w.check().is_empty());
        assert_eq!(w.next_april(), d(2014, 4, 1));
        assert!(w.open_on(d(2013, 11, 30)) && !w.open_on(d(2013, 12, 1)));
        let bad = Window {
            closes_on: d(2013, 10, 1),
            reference_date: d(2014, 4, 1),
            ..w
        };
        let fields: Vec<String> = bad
            .check()
            .into_iter()
            .map(|e| e.field.into_owned())
            .collect();
        assert_eq!(fields, ["closes_on", "reference_date"]);
    }

    #[test]
    fn wishes_are_checked_at_their_fields() {
        let known = |u: &UnitCode| u.as_str() != "ZZ";
        let work = |k: &str| k == "front";
        let mut r = report(
            false,
            &[("K01", ""), ("", "front"), ("", ""), ("ZZ", "lab")],
        );
        r.duties = " ".into();
        let fields: Vec<String> = r
            .check(&known, &work)
            .into_iter()
            .map(|e| e.field.into_owned())
            .collect();
        assert_eq!(
            fields,
            [
                "duties",
                "wishes",
                "wishes[2].unit",
                "wishes[3].unit",
                "wishes[3].work"
            ]
        );
    }

    #[test]
    fn outcomes_tell_moves_and_honoured_wishes() {
        let k = |s: &str| UnitCode::stored(s.to_owned());
        let work_of = |u: &UnitCode| {
            Some(
                if u.as_str() == "K03" {
                    "front"
                } else {
                    "admin"
                }
                .to_owned(),
            )
        };
        let wants_k02 = report(false, &[("K02", "")]);
        assert_eq!(
            outcome(&wants_k02, Some(&k("K01")), Some(&k("K02")), &work_of).honoured,
            Some(true)
        );
        assert_eq!(
            outcome(&wants_k02, Some(&k("K01")), Some(&k("K03")), &work_of).honoured,
            Some(false)
        );
        assert_eq!(
            outcome(&wants_k02, Some(&k("K01")), Some(&k("K01")), &work_of).honoured,
            Some(false)
        );
        let wants_front = report(false, &[("", "front")]);
        assert_eq!(
            outcome(&wants_front, Some(&k("K01")), Some(&k("K03")), &work_of).honoured,
            Some(true)
        );
        let stays = report(true, &[]);
        let o = outcome(&stays, Some(&k("K01")), Some(&k("K01")), &work_of);
        assert_eq!((o.moved, o.honoured), (false, Some(true)));
        assert_eq!(
            outcome(&stays, Some(&k("K01")), None, &work_of).honoured,
            None,
            "left"
        );
        assert_eq!(
            outcome(
                &report(false, &[]),
                Some(&k("K01")),
                Some(&k("K01")),
                &work_of
            )
            .honoured,
            None
        );
        assert_eq!(tenure_band(3.0), "3_to_5");
    }
}
