//! Training records (研修): the catalogue of courses, the sessions held, and
//! each staff member's participation from application to completion. Also
//! the units' workplace-training plans (OJT), self-development support and
//! the training-needs survey, in [`support`].

pub mod metrics;
pub mod support;

use crate::i18n::Message;
use crate::money::Yen;
use crate::people::codes::{CodeList, Coded, EMPLOYMENT_TYPES, JOB_GRADES};
use crate::people::unit::RecordProblem;
use crate::people::{StaffNumber, UnitCode};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The plan's kinds of training (研修体系).
pub const TRAINING_CATEGORIES: CodeList = CodeList {
    name: "training category",
    items: &[
        ("in_house", "庁内研修", "In-house training"),
        ("ojt", "職場研修（OJT）", "On-the-job training"),
        ("institute", "研修所派遣", "Training institute"),
        ("specialist", "専門研修", "Specialist training"),
        ("company", "民間企業派遣研修", "Secondment to a company"),
        ("university", "大学等との連携", "University programme"),
        ("correspondence", "通信教育", "Correspondence course"),
    ],
};

/// A course's kind of training (its labels: [`TRAINING_CATEGORIES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TrainingCategory {
    InHouse,
    Ojt,
    Institute,
    Specialist,
    Company,
    University,
    Correspondence,
}

impl Coded for TrainingCategory {
    const LIST: CodeList = TRAINING_CATEGORIES;
}

/// What a course is about; a course may have several.
pub const TRAINING_TOPICS: CodeList = CodeList {
    name: "training topic",
    items: &[
        ("evaluator", "評価者研修", "Evaluator training"),
        ("evaluatee", "被評価者研修", "Evaluatee training"),
        ("customer_service", "接遇", "Customer service"),
        ("mental_health", "メンタルヘルス", "Mental health"),
        ("gender_equality", "男女共同参画", "Gender equality"),
        ("web", "ホームページ作成", "Web publishing"),
        ("accounting", "財務会計システム", "Accounting system"),
        ("new_staff", "新規採用職員", "New staff"),
        ("management", "管理監督者", "Management"),
        ("policy", "政策形成", "Policy making"),
        ("legal", "法務", "Legal affairs"),
        ("other", "その他", "Other"),
    ],
};

/// Where a participation stands: applied → approved / rejected →
/// attended / absent → completed.
pub const PARTICIPATION_STATUSES: CodeList = CodeList {
    name: "participation status",
    items: &[
        ("applied", "申込", "Applied"),
        ("approved", "承認", "Approved"),
        ("rejected", "不承認", "Rejected"),
        ("attended", "受講", "Attended"),
        ("absent", "欠席", "Absent"),
        ("completed", "修了", "Completed"),
    ],
};

/// Where a participation stands (its codes and labels:
/// [`PARTICIPATION_STATUSES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ParticipationStatus {
    Applied,
    Approved,
    Rejected,
    Attended,
    Absent,
    Completed,
}

impl Coded for ParticipationStatus {
    const LIST: CodeList = PARTICIPATION_STATUSES;
}

/// The statuses that mean the person took part (counted by indicators).
pub const TOOK_PART: [ParticipationStatus; 2] = [
    ParticipationStatus::Attended,
    ParticipationStatus::Completed,
];

impl ParticipationStatus {
    /// The statuses a participation may move to from this one. Bulk
    /// attendance entry moves approved (or applied, when approval is not
    /// tracked) people to attended or absent, and attended people to
    /// completed.
    pub fn next(self) -> &'static [ParticipationStatus] {
        use ParticipationStatus::*;
        match self {
            Applied => &[Approved, Rejected, Attended, Absent],
            Approved => &[Attended, Absent, Rejected],
            Attended => &[Completed, Absent],
            Absent => &[Attended],
            Rejected => &[Approved],
            Completed => &[],
        }
    }

    /// Whether it means the person took part.
    pub fn took_part(self) -> bool {
        TOOK_PART.contains(&self)
    }
}

/// A course of the catalogue (研修科目).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Course {
    /// 研修コード: unique.
    pub code: String,
    pub title: String,
    pub category: TrainingCategory,
    /// 実施機関 (東京都市町村職員研修所, a university, a company …).
    pub provider: Option<String>,
    pub topics: Vec<String>,
    /// Employment types the course is for; empty: everyone.
    pub audience_types: Vec<String>,
    /// Job grades the course is for; empty: every grade.
    pub audience_grades: Vec<String>,
    #[serde(serialize_with = "crate::json::whole_opt")]
    pub hours: Option<f64>,
    /// Cost per participant.
    pub cost: Option<Yen>,
    pub note: Option<String>,
}

/// One holding of a course (研修の実施回), known by course and first day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingSession {
    pub course_code: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub place: Option<String>,
    pub capacity: Option<u32>,
    /// The unit that held it: workplace training (OJT) under its plan.
    pub unit_code: Option<UnitCode>,
    pub note: Option<String>,
}

/// A staff member's place in a session (受講).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participation {
    pub staff_number: StaffNumber,
    pub course_code: String,
    /// The session's first day.
    pub start: NaiveDate,
    pub status: ParticipationStatus,
    /// 結果 (a score, 合格 …).
    pub result: Option<String>,
    /// 修了証番号
    pub certificate: Option<String>,
    /// 満足度 1–5, from the participant's feedback.
    pub satisfaction: Option<u8>,
    pub comment: Option<String>,
}

impl Participation {
    pub fn took_part(&self) -> bool {
        self.status.took_part()
    }
}

fn check_codes(
    p: &mut impl FnMut(&'static str, Message),
    field: &'static str,
    list: &'static CodeList,
    codes: &[String],
) {
    for c in codes {
        if list.parse(c).is_none() {
            p(
                field,
                Message::new("training_code_unknown")
                    .choices("choices", list)
                    .arg("value", c),
            );
        }
    }
}

pub fn check_courses(list: &[Course]) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, c) in list.iter().enumerate() {
        let mut p = |field, message: Message| out.push(RecordProblem::new(i, field, message));
        if c.code.trim().is_empty() {
            p("code", Message::new("training_course_code_missing"));
        } else if let Some(first) = seen.insert(c.code.as_str(), i) {
            p(
                "code",
                Message::new("training_course_code_twice")
                    .arg("code", &c.code)
                    .arg("first_row", first + 1),
            );
        }
        if c.title.trim().is_empty() {
            p("title", Message::new("training_course_title_missing"));
        }
        check_codes(&mut p, "topics", &TRAINING_TOPICS, &c.topics);
        check_codes(
            &mut p,
            "audience_types",
            &EMPLOYMENT_TYPES,
            &c.audience_types,
        );
        check_codes(&mut p, "audience_grades", &JOB_GRADES, &c.audience_grades);
        if c.hours.is_some_and(|h| !(0.0..=2000.0).contains(&h)) {
            p("hours", Message::new("training_course_hours_range"));
        }
    }
    out
}

pub fn check_sessions(list: &[TrainingSession]) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    let mut seen: HashMap<(&str, NaiveDate), usize> = HashMap::new();
    for (i, s) in list.iter().enumerate() {
        let mut p = |field, message: Message| out.push(RecordProblem::new(i, field, message));
        if s.course_code.trim().is_empty() {
            p("course_code", Message::new("training_course_code_missing"));
        }
        if let Some(first) = seen.insert((s.course_code.as_str(), s.start), i) {
            p(
                "start",
                Message::new("training_session_twice")
                    .arg("course_code", &s.course_code)
                    .arg("start", s.start)
                    .arg("first_row", first + 1),
            );
        }
        if s.end.is_some_and(|e| e < s.start) {
            p("end", Message::new("training_session_ends_before_start"));
        }
        if s.capacity == Some(0) {
            p("capacity", Message::new("training_session_capacity"));
        }
    }
    out
}

pub fn check_participations(list: &[Participation]) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    let mut seen: HashMap<(&str, &str, NaiveDate), usize> = HashMap::new();
    for (i, r) in list.iter().enumerate() {
        let mut p = |field, message: Message| out.push(RecordProblem::new(i, field, message));
        if let Some(first) = seen.insert(
            (r.staff_number.as_str(), r.course_code.as_str(), r.start),
            i,
        ) {
            p(
                "staff_number",
                Message::new("training_participation_twice")
                    .arg("staff_number", &r.staff_number)
                    .arg("first_row", first + 1),
            );
        }
        if r.satisfaction.is_some_and(|s| !(1..=5).contains(&s)) {
            p("satisfaction", Message::new("training_satisfaction_range"));
        } else if r.satisfaction.is_some() && !r.took_part() {
            p(
                "satisfaction",
                Message::new("training_satisfaction_took_part"),
            );
        }
        if r.certificate.is_some() && r.status != ParticipationStatus::Completed {
            p(
                "certificate",
                Message::new("training_certificate_completed"),
            );
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

    fn course(code: &str) -> Course {
        Course {
            code: code.into(),
            title: "評価者研修".into(),
            category: TrainingCategory::InHouse,
            provider: None,
            topics: vec!["evaluator".into()],
            audience_types: vec![],
            audience_grades: vec!["kacho".into()],
            hours: Some(3.0),
            cost: Yen::new(0),
            note: None,
        }
    }

    fn took(staff: &'static str, status: &'static str) -> Participation {
        Participation {
            staff_number: staff.into(),
            course_code: "C1".into(),
            start: day(2012, 6, 1),
            status: ParticipationStatus::from_code(status)
                .unwrap_or_else(|| panic!("no status {status}")),
            result: None,
            certificate: None,
            satisfaction: None,
            comment: None,
        }
    }

    #[test]
    fn catalogue_checks_codes_categories_and_tags() {
        assert!(check_courses(&[course("C1"), course("C2")]).is_empty());
        let bad = [
            course("C1"),
            // (An unknown category cannot reach the check: it is a
            // `TrainingCategory`, read by the file reader and the form.)
            Course {
                topics: vec!["cooking".into()],
                // (A negative cost cannot reach the check: costs are `Yen`,
                // read by the file reader and the form.)
                ..course("C1")
            },
        ];
        let fields: Vec<_> = check_courses(&bad)
            .iter()
            .map(|p| (p.index, p.field))
            .collect();
        assert_eq!(fields, [(1, "code"), (1, "topics")]);
    }

    #[test]
    fn sessions_and_participations_follow_the_rules() {
        let s = TrainingSession {
            course_code: "C1".into(),
            start: day(2012, 6, 1),
            end: Some(day(2012, 5, 1)),
            place: None,
            capacity: Some(0),
            unit_code: None,
            note: None,
        };
        let fields: Vec<_> = check_sessions(&[s.clone(), s])
            .iter()
            .map(|p| (p.index, p.field))
            .collect();
        assert_eq!(
            fields,
            [
                (0, "end"),
                (0, "capacity"),
                (1, "start"),
                (1, "end"),
                (1, "capacity")
            ]
        );
        let ok = [
            Participation {
                satisfaction: Some(5),
                certificate: Some("第12号".into()),
                ..took("1", "completed")
            },
            took("2", "rejected"),
        ];
        assert!(check_participations(&ok).is_empty());
        let bad = [
            Participation {
                satisfaction: Some(4),
                ..took("1", "absent")
            },
            Participation {
                certificate: Some("x".into()),
                ..took("2", "attended")
            },
            took("2", "attended"),
            // (An unknown status cannot reach the check: the status is a
            // `ParticipationStatus`, read by the file reader.)
            Participation {
                satisfaction: Some(9),
                ..took("3", "attended")
            },
        ];
        let fields: Vec<_> = check_participations(&bad)
            .iter()
            .map(|p| (p.index, p.field))
            .collect();
        assert_eq!(
            fields,
            [
                (0, "satisfaction"),
                (1, "certificate"),
                (2, "staff_number"),
                (3, "satisfaction")
            ]
        );
    }

    #[test]
    fn status_moves_forward_only_along_the_flow() {
        use ParticipationStatus::*;
        assert!(Approved.next().contains(&Attended));
        assert!(Attended.next().contains(&Completed));
        assert!(!Applied.next().contains(&Completed));
        assert!(Completed.next().is_empty());
    }

    #[test]
    fn participation_statuses_are_their_code_list() {
        crate::people::codes::assert_list_matches::<ParticipationStatus>();
        crate::people::codes::assert_list_matches::<TrainingCategory>();
        assert_eq!(ParticipationStatus::Attended.label(), "受講");
        assert_eq!(
            ParticipationStatus::parse_label("修了"),
            Some(ParticipationStatus::Completed)
        );
    }
}
