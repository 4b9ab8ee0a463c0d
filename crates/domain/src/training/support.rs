//! The records around training: each unit's yearly workplace-training plan
//! (職場研修計画, OJT), self-development support (自己啓発支援: 資格取得・
//! 通信教育) and the training-needs survey (研修ニーズ調査).

use super::TRAINING_TOPICS;
use crate::people::codes::CodeList;
use crate::people::unit::RecordProblem;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A unit's workplace-training plan for one fiscal year. It is carried out
/// when the unit held at least the planned number of OJT sessions that year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OjtPlan {
    pub unit_code: String,
    pub fiscal_year: i32,
    /// テーマ
    pub theme: String,
    /// 計画回数
    pub planned_sessions: u32,
    pub note: Option<String>,
}

pub const SELF_DEVELOPMENT_KINDS: CodeList = CodeList {
    name: "self-development kind",
    items: &[
        ("qualification", "資格取得", "Qualification"),
        ("correspondence", "通信教育", "Correspondence course"),
        ("lecture", "公開講座", "Public lecture"),
    ],
};

pub const SELF_DEVELOPMENT_STATUSES: CodeList = CodeList {
    name: "self-development status",
    items: &[
        ("applied", "申請", "Applied"),
        ("approved", "承認", "Approved"),
        ("rejected", "不承認", "Rejected"),
        ("completed", "修了", "Completed"),
        ("withdrawn", "取下げ", "Withdrawn"),
    ],
};

/// An application for self-development support. When it is completed with
/// a qualification, the qualification is added to the staff record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfDevelopment {
    pub staff_number: String,
    pub kind: String,
    /// 講座・資格名
    pub title: String,
    /// 申請日: the application counts in this date's fiscal year.
    pub applied: NaiveDate,
    pub status: String,
    /// 助成額 (yen)
    pub subsidy: Option<i64>,
    /// 修了日
    pub completed: Option<NaiveDate>,
    /// 取得資格: added to the staff record on completion.
    pub qualification: Option<String>,
}

/// One answer of the training-needs survey: a topic someone asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedRequest {
    pub fiscal_year: i32,
    /// Empty for anonymous answers.
    pub staff_number: Option<String>,
    pub topic: String,
    /// 要望 (free text)
    pub request: Option<String>,
}

pub fn check_ojt_plans(list: &[OjtPlan]) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    let mut seen: HashMap<(&str, i32), usize> = HashMap::new();
    for (i, o) in list.iter().enumerate() {
        let mut p = |field, message: String| out.push(RecordProblem::new(i, field, message));
        if let Some(first) = seen.insert((o.unit_code.as_str(), o.fiscal_year), i) {
            p(
                "unit_code",
                format!(
                    "組織「{}」の{}年度の計画が重複しています（{}件目と同じ）",
                    o.unit_code,
                    o.fiscal_year,
                    first + 1
                ),
            );
        }
        if !(1900..=2200).contains(&o.fiscal_year) {
            p(
                "fiscal_year",
                format!("年度「{}」が範囲外です", o.fiscal_year),
            );
        }
        if o.theme.trim().is_empty() {
            p("theme", "テーマがありません".into());
        }
        if o.planned_sessions == 0 {
            p("planned_sessions", "計画回数は1以上です".into());
        }
    }
    out
}

pub fn check_self_development(list: &[SelfDevelopment]) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    for (i, s) in list.iter().enumerate() {
        let mut p = |field, message: String| out.push(RecordProblem::new(i, field, message));
        if SELF_DEVELOPMENT_KINDS.parse(&s.kind).is_none() {
            p(
                "kind",
                format!(
                    "種別「{}」は {} のいずれかです",
                    s.kind,
                    SELF_DEVELOPMENT_KINDS.choices()
                ),
            );
        }
        if SELF_DEVELOPMENT_STATUSES.parse(&s.status).is_none() {
            p(
                "status",
                format!(
                    "状況「{}」は {} のいずれかです",
                    s.status,
                    SELF_DEVELOPMENT_STATUSES.choices()
                ),
            );
        }
        if s.title.trim().is_empty() {
            p("title", "講座・資格名がありません".into());
        }
        if s.subsidy.is_some_and(|y| y < 0) {
            p("subsidy", "助成額は0円以上です".into());
        }
        match (s.status.as_str(), s.completed) {
            ("completed", None) => p("completed", "修了には修了日が必要です".into()),
            ("completed", Some(d)) if d < s.applied => {
                p("completed", "修了日が申請日より前です".into())
            }
            ("completed", _) | (_, None) => {}
            (_, Some(_)) => p("completed", "修了日は修了したときだけ付けられます".into()),
        }
        if s.qualification.is_some() && s.status != "completed" {
            p(
                "qualification",
                "取得資格は修了したときだけ付けられます".into(),
            );
        }
    }
    out
}

pub fn check_needs(list: &[NeedRequest]) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    for (i, n) in list.iter().enumerate() {
        if TRAINING_TOPICS.parse(&n.topic).is_none() {
            out.push(RecordProblem::new(
                i,
                "topic",
                format!(
                    "分野「{}」は {} のいずれかです",
                    n.topic,
                    TRAINING_TOPICS.choices()
                ),
            ));
        }
        if !(1900..=2200).contains(&n.fiscal_year) {
            out.push(RecordProblem::new(
                i,
                "fiscal_year",
                format!("年度「{}」が範囲外です", n.fiscal_year),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn self_development_dates_and_qualifications_follow_the_status() {
        let base = SelfDevelopment {
            staff_number: "1".into(),
            kind: "qualification".into(),
            title: "社会福祉士".into(),
            applied: day(2012, 5, 1),
            status: "completed".into(),
            subsidy: Some(20000),
            completed: Some(day(2013, 3, 1)),
            qualification: Some("社会福祉士".into()),
        };
        assert!(check_self_development(std::slice::from_ref(&base)).is_empty());
        let bad = [
            SelfDevelopment {
                completed: None,
                ..base.clone()
            },
            SelfDevelopment {
                status: "approved".into(),
                ..base.clone()
            },
            SelfDevelopment {
                completed: Some(day(2012, 1, 1)),
                kind: "hobby".into(),
                ..base
            },
        ];
        let fields: Vec<_> = check_self_development(&bad)
            .iter()
            .map(|p| (p.index, p.field))
            .collect();
        assert_eq!(
            fields,
            [
                (0, "completed"),
                (1, "completed"),
                (1, "qualification"),
                (2, "kind"),
                (2, "completed")
            ]
        );
    }

    #[test]
    fn ojt_plans_are_one_per_unit_and_year() {
        let plan = OjtPlan {
            unit_code: "110".into(),
            fiscal_year: 2012,
            theme: "窓口対応".into(),
            planned_sessions: 2,
            note: None,
        };
        let bad = [
            plan.clone(),
            OjtPlan {
                planned_sessions: 0,
                ..plan
            },
        ];
        let fields: Vec<_> = check_ojt_plans(&bad)
            .iter()
            .map(|p| (p.index, p.field))
            .collect();
        assert_eq!(fields, [(1, "unit_code"), (1, "planned_sessions")]);
        let needs = [NeedRequest {
            fiscal_year: 2012,
            staff_number: None,
            topic: "料理".into(),
            request: None,
        }];
        assert_eq!(check_needs(&needs)[0].field, "topic");
    }
}
