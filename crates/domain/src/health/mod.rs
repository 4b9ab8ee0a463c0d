//! Health and mental-health support (職員の健康管理): yearly check-ups
//! (健康診断) and consultations with the industrial physician (産業医) or
//! the public-health nurse (保健師).
//!
//! Health information is 要配慮個人情報. Its records are kept in their own
//! tables, their results and notes sealed with the health key (see the
//! store's `health::vault`); only the health role reads a person's record,
//! HR sees counts per unit with small groups withheld, and every read of a
//! record is audited without its contents.

pub mod committee;
pub mod leak;
pub mod metrics;
pub mod returns;
pub mod stress;

use crate::FiscalYear;
use crate::i18n::Message;
use crate::people::StaffNumber;
use crate::people::codes::{CodeList, Coded};
use crate::progress::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest note kept in one field.
pub const TEXT_LIMIT: usize = 2000;

/// A unit's figure made from fewer people than this is withheld from
/// anyone but the health staff (the stress-check rule of ten, applied to
/// every health figure).
pub const MIN_GROUP: u64 = 10;

/// What a check-up found (判定区分).
pub const OUTCOMES: CodeList = CodeList {
    name: "check-up outcome",
    items: &[
        ("normal", "異常なし", "No findings"),
        ("observe", "要観察", "To be observed"),
        ("examine", "要精密検査", "Further examination needed"),
        ("treat", "要治療", "Treatment needed"),
    ],
};

/// A check-up's outcome (its labels: [`OUTCOMES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CheckupOutcome))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Outcome {
    Normal,
    Observe,
    Examine,
    Treat,
}

impl Coded for Outcome {
    const LIST: CodeList = OUTCOMES;
}

impl Outcome {
    /// Whether the outcome calls for a follow-up (a further examination or
    /// treatment, confirmed by the health staff).
    pub fn needs_follow_up(self) -> bool {
        matches!(self, Outcome::Examine | Outcome::Treat)
    }
}

/// Who a consultation was with.
pub const COUNSELLORS: CodeList = CodeList {
    name: "health counsellor",
    items: &[
        ("physician", "産業医", "Industrial physician"),
        ("nurse", "保健師", "Public-health nurse"),
    ],
};

/// The physician or the nurse (labels: [`COUNSELLORS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Counsellor {
    Physician,
    Nurse,
}

impl Coded for Counsellor {
    const LIST: CodeList = COUNSELLORS;
}

/// What a consultation was about.
pub const CONSULTATION_KINDS: CodeList = CodeList {
    name: "consultation kind",
    items: &[
        ("physical", "身体", "Physical health"),
        ("mental", "メンタル", "Mental health"),
        ("return", "復職", "Return to work"),
        ("other", "その他", "Other"),
    ],
};

/// A consultation's kind (labels: [`CONSULTATION_KINDS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ConsultationKind))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Kind {
    Physical,
    Mental,
    Return,
    Other,
}

impl Coded for Kind {
    const LIST: CodeList = CONSULTATION_KINDS;
}

/// One person's check-up of a fiscal year: due (the record exists), taken
/// on a day or not (yet), what it found and whether the follow-up it called
/// for was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Checkup {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub staff_number: StaffNumber,
    pub fiscal_year: i32,
    /// The day it was taken (none: not taken).
    #[serde(default)]
    pub attended_on: Option<NaiveDate>,
    /// What it found (only once taken).
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// The further examination or treatment it called for was confirmed.
    #[serde(default)]
    pub follow_up_done: bool,
    /// The health staff's note (sealed).
    #[serde(default)]
    pub note: String,
}

impl Checkup {
    /// Whether the health staff still have something to do: the check-up
    /// not taken, or a finding's follow-up not done.
    pub fn needs_attention(&self) -> bool {
        self.attended_on.is_none()
            || (self.outcome.is_some_and(Outcome::needs_follow_up) && !self.follow_up_done)
    }

    /// Problems at their fields; `today` bounds the day taken.
    pub fn check(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut out = Vec::new();
        let fy = FiscalYear(self.fiscal_year);
        let (start, end) = match (fy.start(), fy.end()) {
            (Some(s), Some(e)) if (1900..=2200).contains(&self.fiscal_year) => (s, e),
            _ => {
                out.push(FieldError::new(
                    "fiscal_year",
                    "out_of_range",
                    Message::new("health_year_out_of_range").arg("year", self.fiscal_year),
                ));
                return out;
            }
        };
        if let Some(day) = self.attended_on {
            if day < start || day > end {
                out.push(FieldError::new(
                    "attended_on",
                    "outside_year",
                    Message::new("health_attended_outside_year")
                        .arg("day", day.to_string())
                        .arg("year", self.fiscal_year),
                ));
            } else if day > today {
                out.push(FieldError::new(
                    "attended_on",
                    "future",
                    Message::new("health_day_in_future").arg("day", day.to_string()),
                ));
            }
        }
        match (self.attended_on, self.outcome) {
            (None, Some(_)) => out.push(FieldError::new(
                "outcome",
                "not_attended",
                Message::new("health_outcome_without_attendance"),
            )),
            (_, o) if self.follow_up_done && !o.is_some_and(Outcome::needs_follow_up) => {
                out.push(FieldError::new(
                    "follow_up_done",
                    "no_follow_up",
                    Message::new("health_follow_up_not_called_for"),
                ))
            }
            _ => {}
        }
        check_text(&mut out, "note", &self.note);
        out
    }
}

/// A consultation with the physician or the nurse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub staff_number: StaffNumber,
    pub held_on: NaiveDate,
    pub counsellor: Counsellor,
    pub kind: Kind,
    /// What was said (sealed).
    #[serde(default)]
    pub note: String,
    /// What is to follow (another consultation, a referral …; sealed).
    #[serde(default)]
    pub follow_up: String,
}

impl Consultation {
    /// Problems at their fields; `today` bounds the day held.
    pub fn check(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut out = Vec::new();
        check_not_future(&mut out, "held_on", self.held_on, today);
        check_text(&mut out, "note", &self.note);
        check_text(&mut out, "follow_up", &self.follow_up);
        out
    }
}

/// A day that has not come yet is refused at `field`.
pub(crate) fn check_not_future(
    out: &mut Vec<FieldError>,
    field: &'static str,
    day: NaiveDate,
    today: NaiveDate,
) {
    if day > today {
        out.push(FieldError::new(
            field,
            "future",
            Message::new("health_day_in_future").arg("day", day.to_string()),
        ));
    }
}

pub(crate) fn check_text(out: &mut Vec<FieldError>, field: &'static str, text: &str) {
    if text.chars().count() > TEXT_LIMIT {
        out.push(FieldError::new(
            field,
            "too_long",
            Message::new("health_text_too_long").arg("limit", TEXT_LIMIT),
        ));
    }
}

/// The sealed part of a check-up: what only the health staff read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SealedCheckup {
    pub outcome: Option<Outcome>,
    pub follow_up_done: bool,
    pub note: String,
}

/// The sealed part of a consultation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedConsultation {
    pub kind: Kind,
    pub note: String,
    pub follow_up: String,
}

/// A unit's check-ups of a year, as counts: what HR sees.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitAttendance {
    pub unit_code: String,
    pub unit_name: String,
    /// People due a check-up (none when withheld).
    pub due: Option<u64>,
    pub attended: Option<u64>,
    /// Attended per due, in per cent to one decimal.
    pub rate: Option<f64>,
    /// Withheld: fewer than [`MIN_GROUP`] people are due.
    pub withheld: bool,
}

impl UnitAttendance {
    /// A unit's figures, withheld when `due` is below [`MIN_GROUP`] and the
    /// reader is not the health staff.
    pub fn new(unit: (String, String), due: u64, attended: u64, show_small: bool) -> Self {
        let withheld = due < MIN_GROUP && !show_small;
        let rate =
            (due > 0 && !withheld).then(|| (attended as f64 * 1000.0 / due as f64).round() / 10.0);
        UnitAttendance {
            unit_code: unit.0,
            unit_name: unit.1,
            due: (!withheld).then_some(due),
            attended: (!withheld).then_some(attended),
            rate,
            withheld,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::codes::assert_list_matches;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn code_lists_match_their_enums() {
        assert_list_matches::<Outcome>();
        assert_list_matches::<Counsellor>();
        assert_list_matches::<Kind>();
    }

    #[test]
    fn a_checkup_is_checked_at_its_fields() {
        let c = Checkup {
            staff_number: "00001".into(),
            fiscal_year: 2024,
            attended_on: None,
            outcome: Some(Outcome::Treat),
            follow_up_done: false,
            note: String::new(),
        };
        let today = day("2025-01-10");
        assert_eq!(c.check(today)[0].field, "outcome");
        let taken = Checkup {
            attended_on: Some(day("2024-06-01")),
            ..c.clone()
        };
        assert!(taken.check(today).is_empty());
        let outside = Checkup {
            attended_on: Some(day("2024-03-31")),
            ..c.clone()
        };
        assert_eq!(outside.check(today)[0].code, "outside_year");
        let future = Checkup {
            attended_on: Some(day("2025-02-01")),
            ..c.clone()
        };
        assert_eq!(future.check(today)[0].code, "future");
        let needless = Checkup {
            attended_on: Some(day("2024-06-01")),
            outcome: Some(Outcome::Normal),
            follow_up_done: true,
            ..c
        };
        assert_eq!(needless.check(today)[0].field, "follow_up_done");
    }

    #[test]
    fn small_units_are_withheld_unless_the_health_staff_read() {
        let u = UnitAttendance::new(("1".into(), "a".into()), 9, 9, false);
        assert!(u.withheld && u.due.is_none() && u.rate.is_none());
        let u = UnitAttendance::new(("1".into(), "a".into()), 9, 9, true);
        assert_eq!(u.rate, Some(100.0));
        let u = UnitAttendance::new(("1".into(), "a".into()), 12, 11, false);
        assert_eq!((u.due, u.rate), (Some(12), Some(91.7)));
    }
}
