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

use crate::exams::{Candidate, labels, whole_years};
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
        ("selected", "選考（決定）", "Selected"),
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
        if !c.in_service {
            return Err(Message::new("exams_rule_in_service").arg("date", on));
        }
        if !self.grades.is_empty()
            && !c
                .grade
                .as_ref()
                .is_some_and(|g| self.grades.iter().any(|x| x == g))
        {
            let (ja, en) = labels(&JOB_GRADES, &self.grades);
            return Err(Message::new("postings_rule_grade")
                .each("grades", ja, en)
                .arg("date", on));
        }
        if !self.employment_types.is_empty() && !self.employment_types.contains(&c.employment_type)
        {
            let (ja, en) = labels(&EMPLOYMENT_TYPES, &self.employment_types);
            return Err(Message::new("postings_rule_employment_type").each("types", ja, en));
        }
        let service = whole_years(c.hire_date, on);
        if service < self.min_years_of_service {
            return Err(Message::new("postings_rule_service")
                .arg("years", self.min_years_of_service)
                .arg("actual", service)
                .arg("date", on));
        }
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
