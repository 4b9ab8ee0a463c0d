//! 職員公募 (internal recruitment): HR posts a project team (プロジェクト
//! チーム: those selected serve in it concurrently, 兼務, for its term) or
//! a post (ポスト: those selected move to it) with its duties, how many it
//! takes, who may apply ([`Eligibility`], judged on the day it opens) and
//! its window. Staff apply with their motivation (志望動機), one
//! application per posting, and may withdraw until selection; HR selects,
//! and the assignment follows from the selection.
//!
//! Applications are read by the applicant and HR. When the posting says so
//! (the city's rule, [`Posting::confidential`]), the applicant's 所属長
//! learns of an application only once it is selected.

pub mod metrics;

use crate::exams::{Candidate, RuleWords, judge_basics, whole_years};
use crate::i18n::Message;
use crate::people::assignment::Assignment;
use crate::people::codes::{CodeList, Coded, EMPLOYMENT_TYPES, JOB_GRADES};
use crate::people::{StaffNumber, UnitCode};
use crate::progress::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest free text kept in one field.
pub const TEXT_LIMIT: usize = 2000;

/// The most people one posting takes.
pub const MAX_SLOTS: u32 = 1000;

/// The most years a rule may ask for.
pub const MAX_YEARS: u32 = 60;

pub const POSTING_KINDS: CodeList = CodeList {
    name: "posting kind",
    items: &[
        ("project_team", "プロジェクトチーム", "Project team"),
        ("post", "ポスト", "Post"),
    ],
};

/// What a posting fills (its labels: [`POSTING_KINDS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PostingKind {
    /// Those selected serve in the team concurrently (兼務) for its term.
    ProjectTeam,
    /// Those selected move to the post (their main assignment).
    Post,
}

impl Coded for PostingKind {
    const LIST: CodeList = POSTING_KINDS;
}

pub const APPLICATION_STATUSES: CodeList = CodeList {
    name: "posting application status",
    items: &[
        ("applied", "応募中", "Applied"),
        ("withdrawn", "取下げ", "Withdrawn"),
        ("selected", "決定", "Selected"),
        ("not_selected", "不採用", "Not selected"),
    ],
};

/// Where an application stands (its labels: [`APPLICATION_STATUSES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = PostingApplicationStatus))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ApplicationStatus {
    Applied,
    Withdrawn,
    Selected,
    NotSelected,
}

impl Coded for ApplicationStatus {
    const LIST: CodeList = APPLICATION_STATUSES;
}

impl ApplicationStatus {
    /// Whether the application waits for selection: only then may it be
    /// withdrawn or decided.
    pub fn open(self) -> bool {
        self == ApplicationStatus::Applied
    }
}

/// Who may apply, judged on the day the posting opens. Empty lists allow
/// any value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = PostingEligibility))]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    #[serde(default)]
    pub grades: Vec<String>,
    #[serde(default)]
    pub employment_types: Vec<String>,
    /// Whole years since hire, at least.
    #[serde(default)]
    pub min_years_of_service: u32,
    /// Whole years in the present main post (本務), at least.
    #[serde(default)]
    pub min_years_in_post: u32,
}

impl Eligibility {
    /// Why `c` may not apply (the first rule not met, named), or `Ok`;
    /// `post_since` is the day their present main assignment began.
    pub fn judge(
        &self,
        c: &Candidate,
        post_since: Option<NaiveDate>,
        on: NaiveDate,
    ) -> Result<(), Message> {
        judge_basics(
            c,
            on,
            (
                &self.grades,
                &self.employment_types,
                self.min_years_of_service,
            ),
            &RuleWords {
                grade: "postings_rule_grade",
                employment_type: "postings_rule_employment_type",
                service: "postings_rule_service",
            },
        )?;
        let in_post = whole_years(post_since.unwrap_or(c.hire_date), on);
        if in_post < self.min_years_in_post {
            return Err(Message::new("postings_rule_in_post")
                .arg("years", self.min_years_in_post)
                .arg("actual", in_post)
                .arg("date", on));
        }
        Ok(())
    }
}

/// A posting: a project team or a post, and who may apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Posting {
    pub fiscal_year: i32,
    pub kind: PostingKind,
    pub title: String,
    /// The team's or the post's unit.
    pub unit_code: UnitCode,
    /// The post's name (役職), if any.
    #[serde(default)]
    pub post: Option<String>,
    /// The duties and what is asked of applicants (求める人材).
    pub duties: String,
    /// How many it takes.
    pub slots: u32,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// The first day of the assignment that follows a selection.
    pub starts_on: NaiveDate,
    /// The team's last day (a project team; none for a post).
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
    #[serde(default)]
    pub eligibility: Eligibility,
    /// Applications are hidden from the applicant's 所属長 until selected.
    #[serde(default = "yes")]
    pub confidential: bool,
}

fn yes() -> bool {
    true
}

impl Posting {
    /// Whether applications are taken on `day`.
    pub fn open_on(&self, day: NaiveDate) -> bool {
        self.opens_on <= day && day <= self.closes_on
    }

    /// Problems at their fields; `known_unit` tells whether a unit exists
    /// on the day the assignment starts.
    pub fn check(&self, known_unit: &dyn Fn(&UnitCode, NaiveDate) -> bool) -> Vec<FieldError> {
        let mut out = Vec::new();
        let mut at = |field: &str, code: &'static str, m: Message| {
            out.push(FieldError::new(field.to_owned(), code, m));
        };
        if self.title.trim().is_empty() {
            at("title", "required", Message::new("postings_title_required"));
        } else if let Err(m) = crate::text::check(&self.title, crate::text::TextKind::Line) {
            at("title", "text", m);
        }
        if !known_unit(&self.unit_code, self.starts_on) {
            at(
                "unit_code",
                "unknown",
                Message::new("people_unit_unknown").arg("code", &self.unit_code),
            );
        }
        if self.duties.trim().is_empty() {
            at(
                "duties",
                "required",
                Message::new("postings_duties_required"),
            );
        } else if self.duties.chars().count() > TEXT_LIMIT {
            at(
                "duties",
                "too_long",
                Message::new("evaluation_note_long").arg("limit", TEXT_LIMIT),
            );
        }
        if self.slots == 0 || self.slots > MAX_SLOTS {
            at(
                "slots",
                "range",
                Message::new("postings_slots_range").arg("max", MAX_SLOTS),
            );
        }
        let fy = crate::FiscalYear(self.fiscal_year);
        if fy.start().is_none_or(|s| self.opens_on < s)
            || fy.end().is_none_or(|e| self.opens_on > e)
        {
            at(
                "opens_on",
                "outside_year",
                Message::new("postings_opens_outside").arg("year", self.fiscal_year),
            );
        }
        if self.closes_on < self.opens_on {
            at(
                "closes_on",
                "order",
                Message::new("postings_closes_before_opening"),
            );
        }
        if self.starts_on <= self.closes_on {
            at(
                "starts_on",
                "order",
                Message::new("postings_starts_before_closing"),
            );
        }
        match (self.kind, self.ends_on) {
            (PostingKind::Post, Some(_)) => {
                at("ends_on", "post", Message::new("postings_post_has_no_end"))
            }
            (_, Some(end)) if end < self.starts_on => at(
                "ends_on",
                "order",
                Message::new("postings_ends_before_start"),
            ),
            _ => {}
        }
        if let Some(post) = &self.post
            && let Err(m) = crate::text::check(post, crate::text::TextKind::Line)
        {
            at("post", "text", m);
        }
        for (field, years) in [
            (
                "eligibility.min_years_of_service",
                self.eligibility.min_years_of_service,
            ),
            (
                "eligibility.min_years_in_post",
                self.eligibility.min_years_in_post,
            ),
        ] {
            if years > MAX_YEARS {
                at(
                    field,
                    "range",
                    Message::new("postings_years_range").arg("max", MAX_YEARS),
                );
            }
        }
        for (i, g) in self.eligibility.grades.iter().enumerate() {
            if !JOB_GRADES.has(g) {
                at(
                    &format!("eligibility.grades[{i}]"),
                    "unknown",
                    Message::new("exams_level_unknown").arg("level", g),
                );
            }
        }
        for (i, t) in self.eligibility.employment_types.iter().enumerate() {
            if !EMPLOYMENT_TYPES.has(t) {
                at(
                    &format!("eligibility.employment_types[{i}]"),
                    "unknown",
                    Message::new("exams_type_unknown").arg("type", t),
                );
            }
        }
        out
    }

    /// The assignments a selection of `number` makes: a concurrent one
    /// (兼務) in the team for its term, or, for a post, the new main
    /// assignment — with `current` (their main assignment in force the day
    /// before) ended the day before.
    pub fn assignments(
        &self,
        number: &StaffNumber,
        current: Option<&Assignment>,
    ) -> Vec<Assignment> {
        let new = Assignment {
            staff_number: number.clone(),
            unit_code: self.unit_code.clone(),
            post: self.post.clone(),
            start: self.starts_on,
            end: self.ends_on,
            primary: self.kind == PostingKind::Post,
        };
        match (self.kind, current) {
            (PostingKind::Post, Some(c)) => {
                let ended = Assignment {
                    end: self.starts_on.pred_opt(),
                    ..c.clone()
                };
                vec![ended, new]
            }
            _ => vec![new],
        }
    }
}

/// An application as a file row gives it (earlier years' paper records):
/// the posting by year and title, the person, when, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = PostingApplicationRecord))]
pub struct ApplicationRecord {
    pub fiscal_year: i32,
    pub title: String,
    pub staff_number: StaffNumber,
    pub applied_on: NaiveDate,
    pub status: ApplicationStatus,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::codes::assert_list_matches;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    fn team() -> Posting {
        Posting {
            fiscal_year: 2012,
            kind: PostingKind::ProjectTeam,
            title: "行革PT".into(),
            unit_code: UnitCode::from("P01"),
            post: None,
            duties: "見直し".into(),
            slots: 2,
            opens_on: d(2012, 6, 1),
            closes_on: d(2012, 6, 30),
            starts_on: d(2012, 7, 1),
            ends_on: Some(d(2013, 3, 31)),
            eligibility: Eligibility {
                min_years_of_service: 3,
                min_years_in_post: 2,
                ..Eligibility::default()
            },
            confidential: true,
        }
    }

    #[test]
    fn code_lists_match_their_enums() {
        assert_list_matches::<PostingKind>();
        assert_list_matches::<ApplicationStatus>();
    }

    #[test]
    fn a_posting_is_checked_at_its_fields() {
        let known = |_: &UnitCode, _: NaiveDate| true;
        assert!(team().check(&known).is_empty());
        let bad = Posting {
            title: " ".into(),
            slots: 0,
            closes_on: d(2012, 5, 1),
            starts_on: d(2012, 4, 1),
            ends_on: Some(d(2012, 3, 1)),
            eligibility: Eligibility {
                grades: vec!["taicho".into()],
                min_years_in_post: 4_000_000_000,
                ..Eligibility::default()
            },
            ..team()
        };
        let fields: Vec<String> = bad
            .check(&known)
            .iter()
            .map(|e| e.field.to_string())
            .collect();
        assert_eq!(
            fields,
            [
                "title",
                "slots",
                "closes_on",
                "starts_on",
                "ends_on",
                "eligibility.min_years_in_post",
                "eligibility.grades[0]"
            ]
        );
        let post = Posting {
            kind: PostingKind::Post,
            ..team()
        };
        assert_eq!(post.check(&known)[0].field, "ends_on");
        let nowhere = |_: &UnitCode, _: NaiveDate| false;
        assert_eq!(team().check(&nowhere)[0].field, "unit_code");
    }

    #[test]
    fn eligibility_names_the_rule_not_met() {
        let staff = |hired: NaiveDate| Candidate {
            in_service: true,
            grade: Some("shunin".into()),
            grade_since: None,
            employment_type: "regular".into(),
            hire_date: hired,
            birth_date: None,
        };
        let e = &team().eligibility;
        let on = d(2012, 6, 1);
        assert!(
            e.judge(&staff(d(2005, 4, 1)), Some(d(2009, 4, 1)), on)
                .is_ok()
        );
        let young = e.judge(&staff(d(2011, 4, 1)), Some(d(2011, 4, 1)), on);
        assert_eq!(young.err().map(|m| m.key), Some("postings_rule_service"));
        let moved = e.judge(&staff(d(2005, 4, 1)), Some(d(2011, 4, 1)), on);
        assert_eq!(moved.err().map(|m| m.key), Some("postings_rule_in_post"));
    }

    #[test]
    fn a_selection_makes_a_concurrent_post_or_a_move() {
        let n = StaffNumber::from("101");
        let now = Assignment {
            staff_number: n.clone(),
            unit_code: UnitCode::from("K01"),
            post: None,
            start: d(2005, 4, 1),
            end: None,
            primary: true,
        };
        let made = team().assignments(&n, Some(&now));
        assert_eq!(made.len(), 1);
        assert!(!made[0].primary);
        assert_eq!(
            (made[0].start, made[0].end),
            (d(2012, 7, 1), Some(d(2013, 3, 31)))
        );
        let post = Posting {
            kind: PostingKind::Post,
            ends_on: None,
            ..team()
        };
        let made = post.assignments(&n, Some(&now));
        assert_eq!(made.len(), 2);
        assert_eq!(
            (made[0].unit_code.as_str(), made[0].end),
            ("K01", Some(d(2012, 6, 30)))
        );
        assert!(made[1].primary && made[1].end.is_none());
    }
}
