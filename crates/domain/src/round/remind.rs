//! When reminders go out: open working days around a round's due date.

use crate::calendar::WorkCalendar;
use crate::people::codes::{CodeList, Coded};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a notice is about.
pub const NOTICE_KINDS: CodeList = CodeList {
    name: "notice kind",
    items: &[
        ("reminder", "提出のお願い", "Reminder"),
        ("escalation", "提出の遅れ", "Overdue entries"),
        ("returned", "差戻し", "Returned"),
    ],
};

/// What a notice is about (labels: [`NOTICE_KINDS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum NoticeKind {
    /// A digest of one's entries still to write, before, on and after the
    /// due date.
    Reminder,
    /// To a 所属長 (3 working days late) or HR (10 days late).
    Escalation,
    /// An entry came back with a reason.
    Returned,
}

impl Coded for NoticeKind {
    const LIST: CodeList = NOTICE_KINDS;
}

/// The reminder schedule, in open working days relative to the due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Days before the due date (10, 3, 1).
    pub before: Vec<u32>,
    /// After the due date, every this many days (3).
    pub every_after: u32,
    /// Late by this many days: the 所属長 is told (3).
    pub escalate_head: u32,
    /// Late by this many days: HR is told (10).
    pub escalate_hr: u32,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            before: vec![10, 3, 1],
            every_after: 3,
            escalate_head: 3,
            escalate_hr: 10,
        }
    }
}

/// The day of a slot: `k` open days from the due date (`k = 0`: the due
/// date, or the next open day when it is closed).
pub fn slot_day(calendar: &WorkCalendar, due: NaiveDate, k: i32) -> NaiveDate {
    calendar.add_open_days(due, k)
}

impl Schedule {
    /// The slots in order: −10, −3, −1, 0, +3, +6 … (as far as `until`).
    fn slots(&self, until: i32) -> Vec<i32> {
        let mut before: Vec<i32> = self
            .before
            .iter()
            .map(|&d| -i32::try_from(d).unwrap_or(i32::MAX))
            .collect();
        before.sort_unstable();
        before.dedup();
        let step = i32::try_from(self.every_after.max(1)).unwrap_or(1);
        before
            .into_iter()
            .chain(std::iter::once(0))
            .chain(
                (1..)
                    .map(|i| i * step)
                    .take_while(move |k| *k <= until.max(0)),
            )
            .collect()
    }

    /// The latest reminder slot reached on `today` (`None`: none yet).
    /// After downtime only the latest missed slot is sent: it lists the
    /// same entries as of now, and the older ones are never sent later.
    pub fn reminder_slot(
        &self,
        calendar: &WorkCalendar,
        due: NaiveDate,
        today: NaiveDate,
    ) -> Option<i32> {
        let late = i32::try_from(calendar.open_days_between(due, today)).unwrap_or(i32::MAX);
        self.slots(late)
            .into_iter()
            .rev()
            .find(|&k| slot_day(calendar, due, k) <= today)
    }

    /// Whether the 所属長 is told on `today`.
    pub fn head_escalated(
        &self,
        calendar: &WorkCalendar,
        due: NaiveDate,
        today: NaiveDate,
    ) -> bool {
        slot_day(
            calendar,
            due,
            i32::try_from(self.escalate_head).unwrap_or(i32::MAX),
        ) <= today
    }

    /// Whether HR is told on `today`.
    pub fn hr_escalated(&self, calendar: &WorkCalendar, due: NaiveDate, today: NaiveDate) -> bool {
        slot_day(
            calendar,
            due,
            i32::try_from(self.escalate_hr).unwrap_or(i32::MAX),
        ) <= today
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::codes::assert_list_matches;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn kinds_match_their_list() {
        assert_list_matches::<NoticeKind>();
    }

    #[test]
    fn reminders_fall_on_working_days_around_the_due_date() {
        let cal = WorkCalendar::new(Default::default());
        let s = Schedule::default();
        // Due Friday 2026-12-11. −1 is Thursday the 10th, −3 Tuesday the
        // 8th, −10 Friday 27 November; +3 Wednesday the 16th.
        let due = d("2026-12-11");
        assert_eq!(s.reminder_slot(&cal, due, d("2026-11-26")), None);
        assert_eq!(s.reminder_slot(&cal, due, d("2026-11-27")), Some(-10));
        assert_eq!(s.reminder_slot(&cal, due, d("2026-12-07")), Some(-10));
        assert_eq!(s.reminder_slot(&cal, due, d("2026-12-08")), Some(-3));
        assert_eq!(s.reminder_slot(&cal, due, d("2026-12-10")), Some(-1));
        assert_eq!(s.reminder_slot(&cal, due, d("2026-12-11")), Some(0));
        // The weekend after it counts nothing.
        assert_eq!(s.reminder_slot(&cal, due, d("2026-12-13")), Some(0));
        assert_eq!(s.reminder_slot(&cal, due, d("2026-12-15")), Some(0));
        assert_eq!(s.reminder_slot(&cal, due, d("2026-12-16")), Some(3));
        assert_eq!(s.reminder_slot(&cal, due, d("2026-12-21")), Some(6));
        assert!(!s.head_escalated(&cal, due, d("2026-12-15")));
        assert!(s.head_escalated(&cal, due, d("2026-12-16")));
        // HR at +10: Friday the 25th.
        assert!(!s.hr_escalated(&cal, due, d("2026-12-24")));
        assert_eq!(slot_day(&cal, due, 10), d("2026-12-25"));
        assert!(s.hr_escalated(&cal, due, d("2026-12-25")));
        // +12 crosses 年末年始 (12/29–1/3 closed): Monday 4 January.
        assert_eq!(slot_day(&cal, due, 12), d("2027-01-04"));
        assert_eq!(s.reminder_slot(&cal, due, d("2027-01-03")), Some(9));
        assert_eq!(s.reminder_slot(&cal, due, d("2027-01-04")), Some(12));
        // A due date on a holiday moves to the next open day.
        let holiday = d("2026-11-23");
        assert_eq!(slot_day(&cal, holiday, 0), d("2026-11-24"));
    }
}
