//! Outreach lectures (出前講座): the city's catalogue of lectures staff
//! give to citizens' groups, the groups' requests (from the public page or
//! taken by phone), the decision (承認 / 不承認 with its conditions or
//! reason) and the delivery (day, audience, feedback, the lecturers who
//! gave it). Kiyose's 2-5-1 counts the lectures delivered in a year.
//!
//! The rules of practice (see `hr-records.md`): groups of about ten or more,
//! at most two hours, within the city, asked for at least 14 days ahead
//! (the city's setting), never for political, religious or commercial use.

pub mod metrics;

use crate::i18n::Message;
use crate::people::StaffNumber;
use crate::people::codes::{CodeList, Coded};
use crate::progress::FieldError;
use crate::text::{TextKind, check as check_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A lecture lasts at most this long (minutes).
pub const MAX_MINUTES: u32 = 120;
/// The smallest audience a group may ask for, unless the city sets another.
pub const DEFAULT_MIN_AUDIENCE: u32 = 10;
/// How many days ahead a request must come, unless the city sets another.
pub const DEFAULT_LEAD_DAYS: u32 = 14;
/// How far ahead a request may ask (days).
pub const MAX_AHEAD_DAYS: u32 = 365;
/// The largest audience a request or a delivery may name.
pub const MAX_AUDIENCE: u32 = 10_000;

/// The city's rules for requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = OutreachSettings))]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// 受講者の最少人数.
    pub min_audience: u32,
    /// 申込みの期限: days before the day wished.
    pub lead_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_audience: DEFAULT_MIN_AUDIENCE,
            lead_days: DEFAULT_LEAD_DAYS,
        }
    }
}

impl Settings {
    pub fn check(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        if !(1..=100).contains(&self.min_audience) {
            out.push(range("min_audience", 1, 100));
        }
        if !(1..=90).contains(&self.lead_days) {
            out.push(range("lead_days", 1, 90));
        }
        out
    }
}

fn range(field: &'static str, min: u32, max: u32) -> FieldError {
    FieldError::new(
        field,
        "out_of_range",
        Message::new("outreach_out_of_range")
            .arg("min", min)
            .arg("max", max),
    )
}

fn required(out: &mut Vec<FieldError>, field: &'static str, missing: bool) {
    if missing {
        out.push(FieldError::new(
            field,
            "required",
            Message::new("outreach_required"),
        ));
    }
}

fn text(out: &mut Vec<FieldError>, field: &'static str, value: &str, kind: TextKind) {
    if let Err(m) = check_text(value, kind) {
        out.push(FieldError::new(field, "bad_text", m));
    }
}

/// A lecture of the catalogue (出前講座メニュー).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = OutreachLecture))]
#[serde(deny_unknown_fields)]
pub struct Lecture {
    /// The catalogue number (講座番号), e.g. `A-01`.
    pub code: String,
    pub title: String,
    /// The department (担当課) that gives it: a unit code.
    pub unit_code: String,
    /// What it is about, as citizens read it.
    #[serde(default)]
    pub summary: String,
    /// How long (minutes; at most [`MAX_MINUTES`]).
    pub minutes: u32,
    /// Who it suits (対象), e.g. 「どなたでも」.
    #[serde(default)]
    pub audience: String,
    /// Offered on the public page.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl Lecture {
    pub fn check(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        let code_ok = !self.code.is_empty()
            && self.code.chars().count() <= 20
            && self
                .code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !code_ok {
            out.push(FieldError::new(
                "code",
                "bad_code",
                Message::new("outreach_bad_code"),
            ));
        }
        required(&mut out, "title", self.title.trim().is_empty());
        text(&mut out, "title", &self.title, TextKind::Line);
        required(&mut out, "unit_code", self.unit_code.trim().is_empty());
        text(&mut out, "summary", &self.summary, TextKind::Note);
        text(&mut out, "audience", &self.audience, TextKind::Line);
        if !(1..=MAX_MINUTES).contains(&self.minutes) {
            out.push(range("minutes", 1, MAX_MINUTES));
        }
        out
    }
}

/// How a request came.
pub const SOURCES: CodeList = CodeList {
    name: "outreach request source",
    items: &[
        ("public", "公開ページ", "Public page"),
        (
            "staff",
            "電話・窓口（職員が入力）",
            "Phone or counter (entered by staff)",
        ),
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = OutreachSource))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Source {
    Public,
    Staff,
}

impl Coded for Source {
    const LIST: CodeList = SOURCES;
}

/// Where a request stands.
pub const STATUSES: CodeList = CodeList {
    name: "outreach request status",
    items: &[
        ("requested", "申込み（未決定）", "Requested"),
        ("approved", "承認", "Approved"),
        ("declined", "不承認", "Declined"),
        ("delivered", "実施済み", "Delivered"),
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = OutreachStatus))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Status {
    Requested,
    Approved,
    Declined,
    Delivered,
}

impl Coded for Status {
    const LIST: CodeList = STATUSES;
}

/// A group's request, as the group (or the staff who took the call) gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = OutreachRequest))]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub lecture_code: String,
    /// 団体名.
    pub group_name: String,
    /// 代表者・連絡担当者.
    pub contact_name: String,
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default)]
    pub contact_email: String,
    /// 希望日.
    pub wished_on: Option<NaiveDate>,
    /// 希望時間帯, as written (14:00〜15:30).
    #[serde(default)]
    pub wished_time: String,
    /// 会場 (within the city).
    pub venue: String,
    /// 予定人数.
    pub expected_audience: u32,
    /// 目的・内容の要望.
    #[serde(default)]
    pub purpose: String,
    /// The group confirms the use is not political, religious or
    /// commercial (政治・宗教・営利を目的としない).
    #[serde(default)]
    pub not_for_profit: bool,
}

impl Request {
    /// Problems at their fields: everything required given, the audience
    /// at least the city's minimum, the day wished at least the city's
    /// lead days after `today` (and within a year).
    pub fn check(&self, today: NaiveDate, rules: Settings) -> Vec<FieldError> {
        let mut out = Vec::new();
        required(
            &mut out,
            "lecture_code",
            self.lecture_code.trim().is_empty(),
        );
        required(&mut out, "group_name", self.group_name.trim().is_empty());
        text(&mut out, "group_name", &self.group_name, TextKind::Name);
        required(
            &mut out,
            "contact_name",
            self.contact_name.trim().is_empty(),
        );
        text(&mut out, "contact_name", &self.contact_name, TextKind::Name);
        let phone = crate::people::search_key(&self.contact_phone);
        let (phone, email) = (phone.trim(), self.contact_email.trim());
        if phone.is_empty() && email.is_empty() {
            out.push(FieldError::new(
                "contact_phone",
                "required",
                Message::new("outreach_contact_needed"),
            ));
        }
        let phone_ok = phone.chars().filter(char::is_ascii_digit).count() >= 10
            && phone.chars().count() <= 20
            && phone
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')' | '+'));
        if !phone.is_empty() && !phone_ok {
            out.push(FieldError::new(
                "contact_phone",
                "bad_phone",
                Message::new("outreach_bad_phone"),
            ));
        }
        if !email.is_empty() {
            let ok = email.chars().count() <= 254
                && email.split_once('@').is_some_and(|(user, host)| {
                    !user.is_empty() && host.contains('.') && !host.starts_with('.')
                })
                && !email.chars().any(char::is_whitespace);
            if !ok {
                out.push(FieldError::new(
                    "contact_email",
                    "bad_email",
                    Message::new("outreach_bad_email"),
                ));
            }
        }
        match self.wished_on {
            None => required(&mut out, "wished_on", true),
            Some(day) => {
                let first = today + chrono::Days::new(u64::from(rules.lead_days));
                let last = today + chrono::Days::new(u64::from(MAX_AHEAD_DAYS));
                if day < first {
                    out.push(FieldError::new(
                        "wished_on",
                        "too_late",
                        Message::new("outreach_too_late")
                            .arg("days", rules.lead_days)
                            .arg("first", first.to_string()),
                    ));
                } else if day > last {
                    out.push(FieldError::new(
                        "wished_on",
                        "too_far",
                        Message::new("outreach_too_far").arg("last", last.to_string()),
                    ));
                }
            }
        }
        text(&mut out, "wished_time", &self.wished_time, TextKind::Line);
        required(&mut out, "venue", self.venue.trim().is_empty());
        text(&mut out, "venue", &self.venue, TextKind::Line);
        if self.expected_audience < rules.min_audience {
            out.push(FieldError::new(
                "expected_audience",
                "too_few",
                Message::new("outreach_too_few").arg("min", rules.min_audience),
            ));
        } else if self.expected_audience > MAX_AUDIENCE {
            out.push(range("expected_audience", rules.min_audience, MAX_AUDIENCE));
        }
        text(&mut out, "purpose", &self.purpose, TextKind::Note);
        if !self.not_for_profit {
            out.push(FieldError::new(
                "not_for_profit",
                "required",
                Message::new("outreach_not_for_profit_missing"),
            ));
        }
        out
    }
}

/// HR's or the department's answer to a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = OutreachDecision))]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub approved: bool,
    pub decided_on: NaiveDate,
    /// The conditions of an approval, or the reason of a refusal (required
    /// then).
    #[serde(default)]
    pub note: String,
}

impl Decision {
    /// Problems at their fields: on a request still undecided, a reason
    /// for a refusal, not before the request came nor after today.
    pub fn check(
        &self,
        status: Status,
        requested_on: NaiveDate,
        today: NaiveDate,
    ) -> Vec<FieldError> {
        let mut out = Vec::new();
        if status != Status::Requested {
            out.push(FieldError::new(
                "approved",
                "decided",
                Message::new("outreach_already_decided"),
            ));
        }
        required(
            &mut out,
            "note",
            !self.approved && self.note.trim().is_empty(),
        );
        text(&mut out, "note", &self.note, TextKind::Note);
        day_between(&mut out, "decided_on", self.decided_on, requested_on, today);
        out
    }
}

fn day_between(
    out: &mut Vec<FieldError>,
    field: &'static str,
    day: NaiveDate,
    first: NaiveDate,
    today: NaiveDate,
) {
    if day < first {
        out.push(FieldError::new(
            field,
            "too_early",
            Message::new("outreach_before_request").arg("day", first.to_string()),
        ));
    } else if day > today {
        out.push(FieldError::new(
            field,
            "future",
            Message::new("outreach_day_in_future").arg("day", day.to_string()),
        ));
    }
}

/// A lecture given: the day, how many came, what they said, who gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = OutreachDelivery))]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    pub delivered_on: NaiveDate,
    /// 受講者数.
    pub audience: u32,
    /// 実施報告: the group's reactions, questions asked.
    #[serde(default)]
    pub feedback: String,
    /// The staff who gave it (講師).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub lecturers: Vec<StaffNumber>,
}

impl Delivery {
    /// Problems at their fields: on an approved request, not before the
    /// request came nor its approval (`first`, the later of the two) nor
    /// after today, someone counted, a lecturer named.
    pub fn check(&self, status: Status, first: NaiveDate, today: NaiveDate) -> Vec<FieldError> {
        let mut out = Vec::new();
        if status != Status::Approved {
            out.push(FieldError::new(
                "delivered_on",
                "not_approved",
                Message::new(if status == Status::Delivered {
                    "outreach_already_delivered"
                } else {
                    "outreach_not_approved"
                }),
            ));
        }
        day_between(&mut out, "delivered_on", self.delivered_on, first, today);
        if !(1..=MAX_AUDIENCE).contains(&self.audience) {
            out.push(range("audience", 1, MAX_AUDIENCE));
        }
        text(&mut out, "feedback", &self.feedback, TextKind::Note);
        required(&mut out, "lecturers", self.lecturers.is_empty());
        out
    }
}

/// A request as kept, with what became of it: the sample city's, or an
/// earlier year's from a file. The rules that bound a request when it came
/// (days ahead, smallest audience) are not asked again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub request: Request,
    pub source: Source,
    pub requested_on: NaiveDate,
    pub decision: Option<Decision>,
    pub delivery: Option<Delivery>,
}

impl Record {
    /// Problems at their fields: the group and contact named, someone
    /// expected, the decision and delivery in order.
    pub fn check(&self, today: NaiveDate) -> Vec<FieldError> {
        let r = &self.request;
        let mut out = Vec::new();
        required(&mut out, "group_name", r.group_name.trim().is_empty());
        required(&mut out, "contact_name", r.contact_name.trim().is_empty());
        required(&mut out, "wished_on", r.wished_on.is_none());
        if !(1..=MAX_AUDIENCE).contains(&r.expected_audience) {
            out.push(range("expected_audience", 1, MAX_AUDIENCE));
        }
        if self.requested_on > today {
            out.push(FieldError::new(
                "requested_on",
                "future",
                Message::new("outreach_day_in_future").arg("day", self.requested_on.to_string()),
            ));
        }
        let mut status = Status::Requested;
        if let Some(d) = &self.decision {
            out.extend(d.check(status, self.requested_on, today));
            status = if d.approved {
                Status::Approved
            } else {
                Status::Declined
            };
        }
        if let Some(g) = &self.delivery {
            let first = self
                .decision
                .as_ref()
                .map_or(self.requested_on, |d| d.decided_on);
            out.extend(g.check(status, first.max(self.requested_on), today));
        }
        out
    }

    pub fn status(&self) -> Status {
        match (&self.decision, &self.delivery) {
            (_, Some(_)) => Status::Delivered,
            (Some(d), None) if d.approved => Status::Approved,
            (Some(_), None) => Status::Declined,
            (None, None) => Status::Requested,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::codes::assert_list_matches;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn request() -> Request {
        Request {
            lecture_code: "A-01".into(),
            group_name: "中清戸自治会".into(),
            contact_name: "清瀬 花子".into(),
            contact_phone: "042-492-5111".into(),
            wished_on: Some(d(2026, 12, 20)),
            venue: "中清戸地域市民センター".into(),
            expected_audience: 10,
            not_for_profit: true,
            ..Request::default()
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_ref()).collect()
    }

    #[test]
    fn code_lists_match_their_enums() {
        assert_list_matches::<Source>();
        assert_list_matches::<Status>();
    }

    #[test]
    fn a_request_keeps_the_citys_rules() {
        let today = d(2026, 12, 2);
        let rules = Settings::default();
        assert!(request().check(today, rules).is_empty());
        // 14 days ahead at least: the 16th is the first day.
        let mut r = request();
        r.wished_on = Some(d(2026, 12, 15));
        assert_eq!(fields(&r.check(today, rules)), ["wished_on"]);
        r.wished_on = Some(d(2026, 12, 16));
        assert!(r.check(today, rules).is_empty());
        r.expected_audience = 9;
        r.contact_phone.clear();
        r.not_for_profit = false;
        assert_eq!(
            fields(&r.check(today, rules)),
            ["contact_phone", "expected_audience", "not_for_profit"]
        );
        r.contact_email = "hanako@example".into();
        r.expected_audience = 12;
        r.not_for_profit = true;
        assert_eq!(fields(&r.check(today, rules)), ["contact_email"]);
        r.contact_email = "hanako@example.jp".into();
        assert!(r.check(today, rules).is_empty());
    }

    #[test]
    fn a_decision_and_a_delivery_follow_the_request() {
        let (asked, today) = (d(2026, 11, 1), d(2026, 12, 2));
        let no = Decision {
            approved: false,
            decided_on: d(2026, 11, 5),
            note: String::new(),
        };
        assert_eq!(fields(&no.check(Status::Requested, asked, today)), ["note"]);
        let yes = Decision {
            approved: true,
            decided_on: d(2026, 10, 30),
            note: String::new(),
        };
        assert_eq!(
            fields(&yes.check(Status::Approved, asked, today)),
            ["approved", "decided_on"]
        );
        let given = Delivery {
            delivered_on: d(2026, 10, 31),
            audience: 25,
            feedback: String::new(),
            lecturers: vec![],
        };
        assert_eq!(
            fields(&given.check(Status::Requested, asked, today)),
            ["delivered_on", "delivered_on", "lecturers"]
        );
    }

    #[test]
    fn a_lecture_lasts_two_hours_at_most() {
        let mut l = Lecture {
            code: "A-01".into(),
            title: "清瀬市の財政".into(),
            unit_code: "110".into(),
            summary: String::new(),
            minutes: 120,
            audience: "どなたでも".into(),
            active: true,
        };
        assert!(l.check().is_empty());
        l.minutes = 121;
        l.code = "A 01".into();
        assert_eq!(fields(&l.check()), ["code", "minutes"]);
    }
}
