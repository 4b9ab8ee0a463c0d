//! The records around training: each unit's yearly workplace-training plan
//! (職場研修計画, OJT), self-development support (自己啓発支援: 資格取得・
//! 通信教育) and the training-needs survey (研修ニーズ調査).

use super::TRAINING_TOPICS;
use crate::i18n::Message;
use crate::money::Yen;
use crate::people::codes::{CodeList, Coded};
use crate::people::unit::RecordProblem;
use crate::people::{StaffNumber, UnitCode};
use crate::progress::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A unit's workplace-training plan for one fiscal year. It is carried out
/// when the unit held at least the planned number of OJT sessions that year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OjtPlan {
    pub unit_code: UnitCode,
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

/// What an application supports (its labels: [`SELF_DEVELOPMENT_KINDS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SelfDevelopmentKind {
    Qualification,
    Correspondence,
    Lecture,
}

impl Coded for SelfDevelopmentKind {
    const LIST: CodeList = SELF_DEVELOPMENT_KINDS;
}

/// Where an application stands (its labels: [`SELF_DEVELOPMENT_STATUSES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SelfDevelopmentStatus {
    Applied,
    Approved,
    Rejected,
    Completed,
    Withdrawn,
}

impl Coded for SelfDevelopmentStatus {
    const LIST: CodeList = SELF_DEVELOPMENT_STATUSES;
}

impl SelfDevelopmentStatus {
    /// The steps an application may take from here. HR decides (approval
    /// with the subsidy granted, or rejection, which may be reconsidered)
    /// and completes it; the applicant may withdraw it until it is
    /// completed.
    pub fn next(self) -> &'static [SelfDevelopmentStatus] {
        use SelfDevelopmentStatus::*;
        match self {
            Applied => &[Approved, Rejected, Withdrawn],
            Approved => &[Completed, Withdrawn],
            Rejected => &[Approved],
            Completed | Withdrawn => &[],
        }
    }
}

/// An application for self-development support. When it is completed with
/// a qualification, the qualification is added to the staff record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfDevelopment {
    pub staff_number: StaffNumber,
    pub kind: SelfDevelopmentKind,
    /// 講座・資格名
    pub title: String,
    /// 申請日: the application counts in this date's fiscal year.
    pub applied: NaiveDate,
    pub status: SelfDevelopmentStatus,
    /// 助成額
    pub subsidy: Option<Yen>,
    /// 修了日
    pub completed: Option<NaiveDate>,
    /// 取得資格: added to the staff record on completion.
    pub qualification: Option<String>,
    /// 備考: the reason for a rejection (required then), or a note HR
    /// records with a step.
    #[serde(default)]
    pub note: Option<String>,
}

/// One step taken on an application, as the form or the API sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SelfDevelopmentStep {
    pub status: SelfDevelopmentStatus,
    /// 助成額: granted on approval, corrected on completion.
    pub subsidy: Option<Yen>,
    /// 修了日 (completion only).
    pub completed: Option<NaiveDate>,
    /// 取得資格 (completion only).
    pub qualification: Option<String>,
    /// 理由・備考: replaces the application's note when given; required
    /// for a rejection.
    pub note: Option<String>,
}

/// The application after `step`, or each field's reason for refusing it.
pub fn take_step(
    current: &SelfDevelopment,
    step: &SelfDevelopmentStep,
) -> Result<SelfDevelopment, Vec<FieldError>> {
    use SelfDevelopmentStatus::*;
    let to = step.status;
    if !current.status.next().contains(&to) {
        return Err(vec![FieldError::new(
            "status",
            "step_refused",
            Message::new("training_status_step_refused")
                .label("from", &SELF_DEVELOPMENT_STATUSES, current.status.code())
                .label("to", &SELF_DEVELOPMENT_STATUSES, to.code()),
        )]);
    }
    let mut errors = Vec::new();
    let completing = to == Completed;
    if !completing && (step.completed.is_some() || step.qualification.is_some()) {
        errors.push(FieldError::new(
            "completed",
            "completion_only",
            Message::new("training_completed_completion_only"),
        ));
    }
    let next = SelfDevelopment {
        status: to,
        subsidy: match to {
            Rejected => None,
            // A withdrawal changes nothing but the status.
            Withdrawn => current.subsidy,
            _ => step.subsidy.or(current.subsidy),
        },
        completed: if completing { step.completed } else { None },
        qualification: if completing {
            step.qualification
                .as_deref()
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .map(str::to_owned)
        } else {
            None
        },
        note: step
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .or_else(|| current.note.clone()),
        ..current.clone()
    };
    if to == Rejected && step.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        errors.push(FieldError::new(
            "note",
            "reason_required",
            Message::new("training_note_reason_required"),
        ));
    }
    errors.extend(
        check_self_development(std::slice::from_ref(&next))
            .iter()
            .map(FieldError::from_problem),
    );
    if errors.is_empty() {
        Ok(next)
    } else {
        Err(errors)
    }
}

/// One answer of the training-needs survey: a topic someone asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedRequest {
    pub fiscal_year: i32,
    /// Empty for anonymous answers.
    pub staff_number: Option<StaffNumber>,
    pub topic: String,
    /// 要望 (free text)
    pub request: Option<String>,
}

pub fn check_ojt_plans(list: &[OjtPlan]) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    let mut seen: HashMap<(&str, i32), usize> = HashMap::new();
    for (i, o) in list.iter().enumerate() {
        let mut p = |field, message: Message| out.push(RecordProblem::new(i, field, message));
        if let Some(first) = seen.insert((o.unit_code.as_str(), o.fiscal_year), i) {
            p(
                "unit_code",
                Message::new("training_ojt_plan_twice")
                    .arg("unit_code", &o.unit_code)
                    .arg("fiscal_year", o.fiscal_year)
                    .arg("first_row", first + 1),
            );
        }
        if !(1900..=2200).contains(&o.fiscal_year) {
            p(
                "fiscal_year",
                Message::new("training_fiscal_year_range").arg("fiscal_year", o.fiscal_year),
            );
        }
        if o.theme.trim().is_empty() {
            p("theme", Message::new("training_ojt_theme_missing"));
        }
        if o.planned_sessions == 0 {
            p(
                "planned_sessions",
                Message::new("training_ojt_planned_sessions"),
            );
        }
    }
    out
}

pub fn check_self_development(list: &[SelfDevelopment]) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    for (i, s) in list.iter().enumerate() {
        let mut p = |field, message: Message| out.push(RecordProblem::new(i, field, message));
        if s.title.trim().is_empty() {
            p("title", Message::new("training_support_title_missing"));
        }
        let completed = SelfDevelopmentStatus::Completed;
        match (s.status, s.completed) {
            (status, None) if status == completed => p(
                "completed",
                Message::new("training_support_completed_missing"),
            ),
            (status, Some(d)) if status == completed && d < s.applied => p(
                "completed",
                Message::new("training_support_completed_before_applied"),
            ),
            (SelfDevelopmentStatus::Completed, _) | (_, None) => {}
            (_, Some(_)) => p("completed", Message::new("training_support_completed_only")),
        }
        if s.qualification.is_some() && s.status != completed {
            p(
                "qualification",
                Message::new("training_support_qualification_only"),
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
                Message::new("training_needs_topic_unknown")
                    .arg("topic", &n.topic)
                    .choices("choices", &TRAINING_TOPICS),
            ));
        }
        if !(1900..=2200).contains(&n.fiscal_year) {
            out.push(RecordProblem::new(
                i,
                "fiscal_year",
                Message::new("training_fiscal_year_range").arg("fiscal_year", n.fiscal_year),
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
    fn kinds_and_statuses_are_their_code_lists() {
        crate::people::codes::assert_list_matches::<SelfDevelopmentKind>();
        crate::people::codes::assert_list_matches::<SelfDevelopmentStatus>();
        assert_eq!(
            SelfDevelopmentStatus::parse_label("取下げ"),
            Some(SelfDevelopmentStatus::Withdrawn)
        );
    }

    #[test]
    fn self_development_dates_and_qualifications_follow_the_status() {
        let base = SelfDevelopment {
            staff_number: "1".into(),
            kind: SelfDevelopmentKind::Qualification,
            title: "社会福祉士".into(),
            applied: day(2012, 5, 1),
            status: SelfDevelopmentStatus::Completed,
            subsidy: Yen::new(20000),
            completed: Some(day(2013, 3, 1)),
            qualification: Some("社会福祉士".into()),
            note: None,
        };
        assert!(check_self_development(std::slice::from_ref(&base)).is_empty());
        let bad = [
            SelfDevelopment {
                completed: None,
                ..base.clone()
            },
            SelfDevelopment {
                status: SelfDevelopmentStatus::Approved,
                ..base.clone()
            },
            // (An unknown kind cannot reach the check: the kind is a
            // `SelfDevelopmentKind`, read by the file reader.)
            SelfDevelopment {
                completed: Some(day(2012, 1, 1)),
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
                (2, "completed")
            ]
        );
    }

    #[test]
    fn an_application_moves_only_by_the_steps_of_its_flow() {
        let applied = SelfDevelopment {
            staff_number: "1".into(),
            kind: SelfDevelopmentKind::Qualification,
            title: "社会福祉士".into(),
            applied: day(2012, 5, 1),
            status: SelfDevelopmentStatus::Applied,
            subsidy: Yen::new(30000),
            completed: None,
            qualification: None,
            note: None,
        };
        let step = |status: &str| SelfDevelopmentStep {
            status: SelfDevelopmentStatus::from_code(status)
                .unwrap_or_else(|| panic!("no status {status}")),
            subsidy: None,
            completed: None,
            qualification: None,
            note: None,
        };
        // Approval keeps the amount asked for unless HR grants another.
        let approved = take_step(
            &applied,
            &SelfDevelopmentStep {
                subsidy: Yen::new(20000),
                ..step("approved")
            },
        )
        .unwrap();
        assert_eq!(
            (approved.status.code(), approved.subsidy),
            ("approved", Yen::new(20000))
        );
        assert_eq!(
            take_step(&applied, &step("approved")).unwrap().subsidy,
            Yen::new(30000)
        );
        // Rejection needs its reason and grants nothing; it may be
        // reconsidered.
        assert_eq!(
            take_step(&applied, &step("rejected")).unwrap_err()[0].code,
            "reason_required"
        );
        let rejected = take_step(
            &applied,
            &SelfDevelopmentStep {
                note: Some("職務との関連が薄いため".into()),
                ..step("rejected")
            },
        )
        .unwrap();
        assert_eq!(rejected.note.as_deref(), Some("職務との関連が薄いため"));
        assert_eq!(rejected.subsidy, None);
        assert!(take_step(&rejected, &step("approved")).is_ok());
        // Completion needs its date, on or after the application.
        let errs = take_step(&approved, &step("completed")).unwrap_err();
        assert_eq!(errs[0].field, "completed");
        let early = SelfDevelopmentStep {
            completed: Some(day(2012, 4, 1)),
            ..step("completed")
        };
        assert_eq!(
            take_step(&approved, &early).unwrap_err()[0].field,
            "completed"
        );
        let done = take_step(
            &approved,
            &SelfDevelopmentStep {
                completed: Some(day(2013, 2, 1)),
                qualification: Some(" 社会福祉士 ".into()),
                ..step("completed")
            },
        )
        .unwrap();
        assert_eq!(done.qualification.as_deref(), Some("社会福祉士"));
        // Steps the flow lacks are refused, naming the status.
        for (from, to) in [
            (&applied, "completed"),
            (&done, "withdrawn"),
            (&rejected, "rejected"),
        ] {
            let errs = take_step(from, &step(to)).unwrap_err();
            assert_eq!(
                (errs[0].field.as_ref(), errs[0].code),
                ("status", "step_refused")
            );
        }
        // A withdrawal keeps the amount whatever is sent with it.
        let greedy = SelfDevelopmentStep {
            subsidy: Yen::new(999_999),
            ..step("withdrawn")
        };
        assert_eq!(
            take_step(&approved, &greedy).unwrap().subsidy,
            Yen::new(20000)
        );
        // A qualification cannot ride on an approval.
        let sneaky = SelfDevelopmentStep {
            qualification: Some("x".into()),
            ..step("approved")
        };
        assert_eq!(
            take_step(&applied, &sneaky).unwrap_err()[0].field,
            "completed"
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
