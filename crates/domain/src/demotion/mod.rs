//! 希望降任 (voluntary demotion): a staff member asks to step down a grade
//! — for illness or injury (疾病・負傷), family circumstances such as care
//! or childcare (介護等の家庭の事情), the weight of the post (職責) or
//! another reason — within the window the city opens each year. A review
//! (審査: HR and the window's named reviewers) approves or rejects it,
//! with the grade it goes to (by default one grade down) and the day it
//! takes effect (by default the next 1 April). On that day the demotion
//! becomes a personnel event (人事発令, marked 希望). Each later year the
//! reviewers look again at whether the person may be promoted back
//! (再昇任の検討), until they are, or leave.
//!
//! The reason and its details are confidential: read by the person, HR
//! and the named reviewers only — never by the 所属長 or the health role —
//! and every read by someone other than the person is audited.

pub mod metrics;

use crate::FiscalYear;
use crate::i18n::Message;
use crate::people::StaffNumber;
use crate::people::codes::{CodeList, Coded, JOB_GRADES};
use crate::progress::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest free text kept in one field.
pub const TEXT_LIMIT: usize = 2000;

/// Why a person asks to step down.
pub const REASONS: CodeList = CodeList {
    name: "demotion reason",
    items: &[
        ("illness", "疾病・負傷", "Illness or injury"),
        (
            "family",
            "介護等の家庭の事情",
            "Family circumstances (care, childcare)",
        ),
        ("duties", "職責", "The duties of the post"),
        ("other", "その他", "Other"),
    ],
};

/// A reason (its labels: [`REASONS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = DemotionReason))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Reason {
    Illness,
    Family,
    Duties,
    Other,
}

impl Coded for Reason {
    const LIST: CodeList = REASONS;
}

/// Where a request stands.
pub const STATUSES: CodeList = CodeList {
    name: "demotion request status",
    items: &[
        ("requested", "審査中", "Under review"),
        ("withdrawn", "取下げ", "Withdrawn"),
        ("approved", "承認", "Approved"),
        ("rejected", "不承認", "Rejected"),
    ],
};

/// A request's status (its labels: [`STATUSES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = DemotionStatus))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Status {
    Requested,
    Withdrawn,
    Approved,
    Rejected,
}

impl Coded for Status {
    const LIST: CodeList = STATUSES;
}

impl Status {
    /// Whether the request still waits for its decision: only then may it
    /// be changed, withdrawn or decided.
    pub fn open(self) -> bool {
        self == Status::Requested
    }

    /// The status a decision leaves.
    pub fn of_decision(approved: bool) -> Status {
        if approved {
            Status::Approved
        } else {
            Status::Rejected
        }
    }
}

/// The decisions a review takes (a subset of [`STATUSES`], for files).
pub const DECISIONS: CodeList = CodeList {
    name: "demotion decision",
    items: &[
        ("approved", "承認", "Approved"),
        ("rejected", "不承認", "Rejected"),
    ],
};

/// What a yearly re-promotion review concluded.
pub const REVIEW_OUTCOMES: CodeList = CodeList {
    name: "re-promotion review",
    items: &[
        ("continue", "現職層を継続", "Stays at the present grade"),
        ("repromote", "再昇任が適当", "To be promoted back"),
    ],
};

/// A review's conclusion (its labels: [`REVIEW_OUTCOMES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = DemotionReviewOutcome))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ReviewOutcome {
    Continue,
    Repromote,
}

impl Coded for ReviewOutcome {
    const LIST: CodeList = REVIEW_OUTCOMES;
}

/// The 1 April that begins fiscal year `fy + 1`: when a demotion asked for
/// in `fy` takes effect unless the review says otherwise.
pub fn next_april(fy: i32) -> NaiveDate {
    FiscalYear(fy + 1).start().unwrap_or(NaiveDate::MIN)
}

/// A year's window: when requests are taken, the day approved demotions
/// take effect by default, and who reviews them besides HR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = DemotionWindow))]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub fiscal_year: i32,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// The day approved demotions take effect (usually the next 1 April).
    pub effective_on: NaiveDate,
    /// Accounts (logins) besides HR who review the requests and read their
    /// reasons (the 審査会's members).
    #[serde(default)]
    pub reviewers: Vec<String>,
}

impl Window {
    /// Whether requests may be made on `day`.
    pub fn open_on(&self, day: NaiveDate) -> bool {
        self.opens_on <= day && day <= self.closes_on
    }

    /// Problems at their fields.
    pub fn check(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        let fy = FiscalYear(self.fiscal_year);
        if fy.start().is_none_or(|s| self.opens_on < s)
            || fy.end().is_none_or(|e| self.opens_on > e)
        {
            out.push(FieldError::new(
                "opens_on",
                "outside_year",
                Message::new("demotion_opens_outside").arg("year", self.fiscal_year),
            ));
        }
        if self.closes_on < self.opens_on {
            out.push(FieldError::new(
                "closes_on",
                "order",
                Message::new("demotion_closes_before_opening"),
            ));
        }
        if self.effective_on <= self.closes_on {
            out.push(FieldError::new(
                "effective_on",
                "order",
                Message::new("demotion_effective_before_close"),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, r) in self.reviewers.iter().enumerate() {
            if !seen.insert(r) {
                out.push(FieldError::new(
                    format!("reviewers[{i}]"),
                    "twice",
                    Message::new("demotion_reviewer_twice").arg("login", r),
                ));
            }
        }
        out
    }
}

/// A grade's place in the city's scale (主事 0, 主任 1 …), lowest first.
pub fn grade_rank(code: &str) -> Option<usize> {
    JOB_GRADES.items.iter().position(|(c, _, _)| *c == code)
}

/// The grade one step below `code`, if the scale has one.
pub fn one_grade_down(code: &str) -> Option<&'static str> {
    let rank = grade_rank(code)?;
    rank.checked_sub(1).map(|r| JOB_GRADES.items[r].0)
}

/// Checks that `to` is a grade of the scale below `from`; the problem at
/// `field` otherwise.
fn check_lower(field: &'static str, to: &str, from: Option<&str>) -> Option<FieldError> {
    let Some(rank) = grade_rank(to) else {
        return Some(FieldError::new(
            field,
            "unknown",
            Message::new("demotion_grade_unknown").arg("grade", to),
        ));
    };
    match from.and_then(grade_rank) {
        Some(now) if rank < now => None,
        Some(_) => Some(FieldError::new(
            field,
            "not_lower",
            Message::new("demotion_grade_not_lower")
                .label("grade", &JOB_GRADES, to)
                .label("from", &JOB_GRADES, from.unwrap_or_default()),
        )),
        None => Some(FieldError::new(
            field,
            "no_grade",
            Message::new("demotion_no_present_grade"),
        )),
    }
}

/// What a person asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = DemotionRequest))]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub reason: Reason,
    /// The circumstances, in their words.
    pub details: String,
    /// The grade they wish to go to (none: one grade down).
    #[serde(default)]
    pub wished_grade: Option<String>,
}

impl Request {
    /// Problems at their fields, for a person now at grade `from`.
    pub fn check(&self, from: Option<&str>) -> Vec<FieldError> {
        let mut out = Vec::new();
        if self.details.trim().is_empty() {
            out.push(FieldError::new(
                "details",
                "required",
                Message::new("demotion_details_required"),
            ));
        }
        if self.details.chars().count() > TEXT_LIMIT {
            out.push(FieldError::new(
                "details",
                "too_long",
                Message::new("evaluation_note_long").arg("limit", TEXT_LIMIT),
            ));
        }
        match &self.wished_grade {
            Some(g) => out.extend(check_lower("wished_grade", g, from)),
            None if from.and_then(one_grade_down).is_none() => out.push(FieldError::new(
                "wished_grade",
                "no_grade",
                match from {
                    Some(f) => {
                        Message::new("demotion_no_grade_below").label("from", &JOB_GRADES, f)
                    }
                    None => Message::new("demotion_no_present_grade"),
                },
            )),
            None => {}
        }
        out
    }

    /// The grade the request asks for, from grade `from`.
    pub fn target(&self, from: Option<&str>) -> Option<String> {
        self.wished_grade
            .clone()
            .or_else(|| from.and_then(one_grade_down).map(str::to_owned))
    }
}

/// A review's decision, as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = DemotionDecision))]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub approved: bool,
    /// The grade it goes to (none: the wished grade, else one grade down).
    #[serde(default)]
    pub to_grade: Option<String>,
    /// The day it takes effect (none: the window's day).
    #[serde(default)]
    pub effective_on: Option<NaiveDate>,
    /// The review's remarks.
    #[serde(default)]
    pub note: Option<String>,
}

/// A decision with its defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    pub status: Status,
    pub to_grade: Option<String>,
    pub effective_on: Option<NaiveDate>,
}

impl Decision {
    /// The decision for a request made on `requested_on` by a person then
    /// at grade `from`, who wished for `wished`; `default_day` is the
    /// window's day. Problems at their fields.
    pub fn settle(
        &self,
        from: Option<&str>,
        wished: Option<&str>,
        requested_on: NaiveDate,
        default_day: NaiveDate,
    ) -> Result<Settled, Vec<FieldError>> {
        let mut out = Vec::new();
        if self
            .note
            .as_ref()
            .is_some_and(|n| n.chars().count() > TEXT_LIMIT)
        {
            out.push(FieldError::new(
                "note",
                "too_long",
                Message::new("evaluation_note_long").arg("limit", TEXT_LIMIT),
            ));
        }
        if !self.approved {
            return if out.is_empty() {
                Ok(Settled {
                    status: Status::Rejected,
                    to_grade: None,
                    effective_on: None,
                })
            } else {
                Err(out)
            };
        }
        let to = self
            .to_grade
            .clone()
            .or_else(|| wished.map(str::to_owned))
            .or_else(|| from.and_then(one_grade_down).map(str::to_owned));
        match &to {
            Some(g) => out.extend(check_lower("to_grade", g, from)),
            None => out.push(FieldError::new(
                "to_grade",
                "no_grade",
                match from {
                    Some(f) => {
                        Message::new("demotion_no_grade_below").label("from", &JOB_GRADES, f)
                    }
                    None => Message::new("demotion_no_present_grade"),
                },
            )),
        }
        let day = self.effective_on.unwrap_or(default_day);
        if day <= requested_on {
            out.push(FieldError::new(
                "effective_on",
                "order",
                Message::new("demotion_effective_before_request").arg("on", requested_on),
            ));
        }
        if out.is_empty() {
            Ok(Settled {
                status: Status::Approved,
                to_grade: to,
                effective_on: Some(day),
            })
        } else {
            Err(out)
        }
    }
}

/// The fiscal years in which a demotion that took effect on `effective_on`
/// calls for a re-promotion review, up to `today`'s: every year after the
/// one it took effect in.
pub fn review_years(effective_on: NaiveDate, today: NaiveDate) -> std::ops::RangeInclusive<i32> {
    let first = FiscalYear::containing(effective_on).0 + 1;
    first..=FiscalYear::containing(today).0
}

/// A request as a file row gives it (past years' paper records): the
/// request, and its withdrawal or decision when there was one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = DemotionRequestRecord))]
pub struct RequestRecord {
    pub fiscal_year: i32,
    pub staff_number: StaffNumber,
    pub requested_on: NaiveDate,
    pub reason: Reason,
    pub details: String,
    pub wished_grade: Option<String>,
    pub withdrawn_on: Option<NaiveDate>,
    /// Approved (true) or rejected (false); none while under review.
    pub approved: Option<bool>,
    pub decided_on: Option<NaiveDate>,
    pub to_grade: Option<String>,
    pub effective_on: Option<NaiveDate>,
}

impl RequestRecord {
    /// Problems of the row itself (the store checks it against the window
    /// and the person's grade).
    pub fn check(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        if self.withdrawn_on.is_some() && self.approved.is_some() {
            out.push(FieldError::new(
                "decision",
                "withdrawn",
                Message::new("demotion_decided_withdrawn"),
            ));
        }
        if self.withdrawn_on.is_some_and(|w| w < self.requested_on) {
            out.push(FieldError::new(
                "withdrawn_on",
                "order",
                Message::new("demotion_before_request").arg("on", self.requested_on),
            ));
        }
        if self.approved.is_some() != self.decided_on.is_some() {
            out.push(FieldError::new(
                "decided_on",
                "required",
                Message::new("demotion_decision_day"),
            ));
        }
        if self.decided_on.is_some_and(|d| d < self.requested_on) {
            out.push(FieldError::new(
                "decided_on",
                "order",
                Message::new("demotion_before_request").arg("on", self.requested_on),
            ));
        }
        if self.approved != Some(true) && (self.to_grade.is_some() || self.effective_on.is_some()) {
            out.push(FieldError::new(
                "to_grade",
                "not_approved",
                Message::new("demotion_grade_without_approval"),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::codes::assert_list_matches;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn code_lists_match_their_enums() {
        assert_list_matches::<Reason>();
        assert_list_matches::<Status>();
        assert_list_matches::<ReviewOutcome>();
    }

    #[test]
    fn one_grade_down_follows_the_scale() {
        assert_eq!(one_grade_down("kakaricho"), Some("shunin"));
        assert_eq!(one_grade_down("kacho"), Some("kacho_hosa"));
        assert_eq!(one_grade_down("shuji"), None);
        assert_eq!(one_grade_down("nothing"), None);
    }

    fn window() -> Window {
        Window {
            fiscal_year: 2012,
            opens_on: d(2012, 10, 1),
            closes_on: d(2012, 10, 31),
            effective_on: next_april(2012),
            reviewers: vec!["director".into()],
        }
    }

    #[test]
    fn a_window_is_checked_at_its_fields() {
        assert_eq!(next_april(2012), d(2013, 4, 1));
        assert!(window().check().is_empty());
        assert!(window().open_on(d(2012, 10, 31)));
        assert!(!window().open_on(d(2012, 11, 1)));
        let bad = Window {
            opens_on: d(2012, 3, 1),
            closes_on: d(2012, 2, 1),
            effective_on: d(2012, 1, 1),
            reviewers: vec!["a".into(), "a".into()],
            ..window()
        };
        let fields: Vec<String> = bad.check().iter().map(|e| e.field.to_string()).collect();
        assert_eq!(
            fields,
            ["opens_on", "closes_on", "effective_on", "reviewers[1]"]
        );
    }

    #[test]
    fn a_request_needs_details_and_a_lower_grade() {
        let r = Request {
            reason: Reason::Illness,
            details: "通院のため".into(),
            wished_grade: None,
        };
        assert!(r.check(Some("kakaricho")).is_empty());
        assert_eq!(r.target(Some("kakaricho")).as_deref(), Some("shunin"));
        // 主事 has no grade below it.
        assert_eq!(r.check(Some("shuji"))[0].field, "wished_grade");
        let up = Request {
            wished_grade: Some("kacho".into()),
            details: " ".into(),
            ..r.clone()
        };
        let codes: Vec<&str> = up.check(Some("kakaricho")).iter().map(|e| e.code).collect();
        assert_eq!(codes, ["required", "not_lower"]);
        let unknown = Request {
            wished_grade: Some("taicho".into()),
            ..r
        };
        assert_eq!(unknown.check(Some("kakaricho"))[0].code, "unknown");
    }

    #[test]
    fn a_decision_defaults_to_the_wish_or_one_grade_down_on_the_windows_day() {
        let yes = Decision {
            approved: true,
            to_grade: None,
            effective_on: None,
            note: None,
        };
        let requested = d(2012, 10, 5);
        let s = yes
            .settle(Some("kacho"), None, requested, next_april(2012))
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.to_grade.as_deref(), Some("kacho_hosa"));
        assert_eq!(s.effective_on, Some(d(2013, 4, 1)));
        let s = yes
            .settle(
                Some("kacho"),
                Some("kakaricho"),
                requested,
                next_april(2012),
            )
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.to_grade.as_deref(), Some("kakaricho"));
        let wrong = Decision {
            to_grade: Some("bucho".into()),
            effective_on: Some(d(2012, 9, 1)),
            ..yes.clone()
        };
        let fields: Vec<String> = wrong
            .settle(Some("kacho"), None, requested, next_april(2012))
            .err()
            .unwrap_or_default()
            .iter()
            .map(|e| e.field.to_string())
            .collect();
        assert_eq!(fields, ["to_grade", "effective_on"]);
        let no = Decision {
            approved: false,
            ..yes
        };
        let s = no
            .settle(Some("shuji"), None, requested, next_april(2012))
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((s.status, s.to_grade), (Status::Rejected, None));
    }

    #[test]
    fn reviews_fall_due_every_year_after_the_demotion() {
        assert!(review_years(d(2013, 4, 1), d(2013, 12, 1)).is_empty());
        assert_eq!(review_years(d(2013, 4, 1), d(2015, 5, 1)), 2014..=2015);
    }

    #[test]
    fn a_file_row_may_not_be_both_withdrawn_and_decided() {
        let r = RequestRecord {
            fiscal_year: 2012,
            staff_number: StaffNumber::from("A1"),
            requested_on: d(2012, 10, 5),
            reason: Reason::Family,
            details: "介護".into(),
            wished_grade: None,
            withdrawn_on: Some(d(2012, 10, 20)),
            approved: Some(true),
            decided_on: Some(d(2012, 12, 1)),
            to_grade: Some("shunin".into()),
            effective_on: None,
        };
        let fields: Vec<String> = r.check().iter().map(|e| e.field.to_string()).collect();
        assert_eq!(fields, ["decision"]);
    }
}
