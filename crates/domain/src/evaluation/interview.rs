//! Talks between a staff member and their supervisor (面談): the 期首面談
//! where goals are agreed, a mid-year talk, the 期末面談 that explains the
//! evaluation (評価内容の説明) and career talks. Each with its day, who
//! held it, who else attended and a short record.

use crate::i18n::Message;
use crate::people::StaffNumber;
use crate::people::codes::{CodeList, Coded};
use crate::people::unit::RecordProblem;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const INTERVIEW_KINDS: CodeList = CodeList {
    name: "interview kind",
    items: &[
        ("goal_setting", "期首面談（目標設定）", "Goal-setting talk"),
        ("mid_year", "中間面談", "Mid-year talk"),
        (
            "feedback",
            "期末面談（評価内容の説明）",
            "Year-end talk (feedback)",
        ),
        ("career", "キャリア面談", "Career talk"),
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum InterviewKind {
    GoalSetting,
    MidYear,
    Feedback,
    Career,
}

impl Coded for InterviewKind {
    const LIST: CodeList = INTERVIEW_KINDS;
}

/// The longest record kept of a talk (a short record, not minutes).
pub const NOTE_LIMIT: usize = 1000;

/// A talk held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Interview {
    /// The staff member the talk was with.
    pub staff_number: StaffNumber,
    pub kind: InterviewKind,
    pub held_on: NaiveDate,
    /// Who held it (the supervisor, usually the 一次評価者).
    pub interviewer: StaffNumber,
    /// Anyone else present.
    #[serde(default)]
    pub attendees: Option<String>,
    /// A short record.
    #[serde(default)]
    pub note: Option<String>,
}

/// Checks talks: nobody interviews themselves, records stay short.
pub fn check_interviews(list: &[Interview]) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    for (i, t) in list.iter().enumerate() {
        if t.interviewer == t.staff_number {
            out.push(RecordProblem::new(
                i,
                "interviewer",
                Message::new("evaluation_interviews_self"),
            ));
        }
        if t.note
            .as_deref()
            .is_some_and(|n| n.chars().count() > NOTE_LIMIT)
        {
            out.push(RecordProblem::new(
                i,
                "note",
                Message::new("evaluation_note_long").arg("limit", NOTE_LIMIT),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_match_and_rules_hold() {
        crate::people::codes::assert_list_matches::<InterviewKind>();
        let talk = Interview {
            staff_number: "101".into(),
            kind: InterviewKind::Career,
            held_on: NaiveDate::from_ymd_opt(2013, 6, 1).unwrap(),
            interviewer: "201".into(),
            attendees: None,
            note: Some("係長昇任試験の受験を検討".into()),
        };
        assert!(check_interviews(std::slice::from_ref(&talk)).is_empty());
        let own = Interview {
            interviewer: "101".into(),
            note: Some("あ".repeat(NOTE_LIMIT + 1)),
            ..talk
        };
        let fields: Vec<&str> = check_interviews(&[own]).iter().map(|p| p.field).collect();
        assert_eq!(fields, ["interviewer", "note"]);
    }
}
