//! The safety and health committee (安全衛生委員会): it meets at least once
//! a month; each meeting's date, attendees, agenda, the committee's
//! opinions and the measures taken are kept at least three years (so a
//! meeting is corrected, never deleted, and jinzai keeps them all). A month
//! that has passed without a meeting is shown as a gap to HR and the health
//! staff.

use crate::i18n::Message;
use crate::progress::FieldError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The longest text of one field.
pub const TEXT_LIMIT: usize = 4000;

/// One meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = CommitteeMeeting))]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub held_on: NaiveDate,
    /// Who attended (names and posts, one each).
    pub attendees: Vec<String>,
    /// 議題.
    pub agenda: String,
    /// The committee's opinions (委員会の意見).
    #[serde(default)]
    pub opinions: String,
    /// The measures taken on them (講じた措置).
    #[serde(default)]
    pub measures: String,
}

impl Meeting {
    /// Problems at their fields; `today` bounds the day held.
    pub fn check(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut out = Vec::new();
        super::check_not_future(&mut out, "held_on", self.held_on, today);
        if self.attendees.iter().all(|a| a.trim().is_empty()) {
            out.push(FieldError::new(
                "attendees",
                "required",
                Message::new("committee_attendees_missing"),
            ));
        }
        if self.agenda.trim().is_empty() {
            out.push(FieldError::new(
                "agenda",
                "required",
                Message::new("health_field_missing"),
            ));
        }
        for (field, text) in [
            ("agenda", &self.agenda),
            ("opinions", &self.opinions),
            ("measures", &self.measures),
        ] {
            if text.chars().count() > TEXT_LIMIT {
                out.push(FieldError::new(
                    field,
                    "too_long",
                    Message::new("health_text_too_long").arg("limit", TEXT_LIMIT),
                ));
            }
        }
        out
    }
}

/// The months (year, month) from `from`'s month through the month before
/// `today`'s in which no meeting was held: the gaps a monthly committee
/// must not have. The month under way is not a gap yet.
pub fn months_without_meeting(
    held: &[NaiveDate],
    from: NaiveDate,
    today: NaiveDate,
) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    while (y, m) < (today.year(), today.month()) {
        if !held.iter().any(|d| d.year() == y && d.month() == m) {
            out.push((y, m));
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_else(|| panic!("date"))
    }

    #[test]
    fn a_month_without_a_meeting_is_a_gap_once_it_has_passed() {
        let held = [d(2024, 4, 10), d(2024, 6, 12), d(2024, 7, 31)];
        assert_eq!(
            months_without_meeting(&held, d(2024, 4, 1), d(2024, 9, 15)),
            vec![(2024, 5), (2024, 8)]
        );
        // Across the new year; the month under way is no gap.
        assert_eq!(
            months_without_meeting(&[d(2024, 12, 3)], d(2024, 11, 1), d(2025, 2, 1)),
            vec![(2024, 11), (2025, 1)]
        );
        assert!(months_without_meeting(&[], d(2025, 2, 1), d(2025, 2, 20)).is_empty());
    }

    #[test]
    fn a_meeting_is_checked_at_its_fields() {
        let m = Meeting {
            held_on: d(2025, 5, 1),
            attendees: vec![" ".into()],
            agenda: String::new(),
            opinions: String::new(),
            measures: String::new(),
        };
        let fields: Vec<_> = m
            .check(d(2025, 4, 1))
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["held_on", "attendees", "agenda"]);
    }
}
