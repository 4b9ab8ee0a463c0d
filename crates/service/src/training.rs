//! Training's use cases that pages and the API share: reading entered
//! fields into domain records, and who may enter what.

use crate::Failure;
use chrono::NaiveDate;
use jinzai_domain::access::{
    Decision, Permission, Principal, decide, may_manage_unit, may_plan_ojt_for, may_record_ojt_held,
};
use jinzai_domain::i18n::Message;
use jinzai_domain::money::Yen;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::people::ids::{Id, IdRule};
use jinzai_domain::people::unit::UnitVersion;
use jinzai_domain::progress::FieldError;
use jinzai_domain::training::support::{
    OjtPlan, SelfDevelopment, SelfDevelopmentKind, SelfDevelopmentStatus, SelfDevelopmentStep,
};
use jinzai_domain::training::{Course, ParticipationStatus, TrainingCategory, TrainingSession};
use jinzai_domain::{Clock, FiscalYear};
use jinzai_store::SelfDevelopmentRow;
use jinzai_store::Store;
use serde::Deserialize;

/// A yen amount as typed (full-width digits, commas, 円 allowed); blank is
/// none.
pub fn parse_yen(field: &'static str, raw: &str) -> Result<Option<Yen>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    Yen::parse(raw).map(Some).ok_or_else(|| {
        FieldError::new(
            field,
            "bad_amount",
            Message::new("field_bad_amount").arg("value", raw.trim()),
        )
    })
}

/// A count from 1 as typed (a planned number of sessions).
pub fn parse_count(field: &'static str, raw: &str) -> Result<u32, FieldError> {
    jinzai_domain::progress::parse_number(raw)
        .filter(|n| *n >= 1.0 && n.fract() == 0.0 && *n <= 1000.0)
        .map(|n| n as u32)
        .ok_or_else(|| {
            FieldError::new(
                field,
                "bad_count",
                Message::new("field_bad_count").arg("value", raw.trim()),
            )
        })
}

pub use crate::form::{parse_day, required_day};

/// A key (unit code, staff number) typed in `field`, folded and checked;
/// its problem goes to `errors`.
pub fn read_key<R: IdRule>(
    field: &'static str,
    raw: &str,
    errors: &mut Vec<FieldError>,
) -> Option<Id<R>> {
    Id::parse(raw)
        .map_err(|m| errors.push(FieldError::new(field, "invalid", m)))
        .ok()
}

/// A text field as typed, trimmed; empty is `None`.
pub fn opt_text(raw: &str) -> Option<String> {
    Some(raw.trim().to_owned()).filter(|s| !s.is_empty())
}

#[derive(Debug, Deserialize)]
pub struct YearQuery {
    pub year: Option<i32>,
}

/// The fiscal year asked for, or the current one.
pub fn year_of(q: Option<i32>, clock: Clock) -> Result<FiscalYear, Failure> {
    let year = q.map_or_else(|| clock.fiscal_year(), FiscalYear);
    if !(1900..=2200).contains(&year.0) {
        return Err(Failure::BadRequest {
            code: "bad_year",
            message: Message::new("fiscal_year_implausible").arg("year", year.0),
        });
    }
    Ok(year)
}

/// The day a year's organisation is read on: its last day, or today while
/// it runs.
pub fn year_day(year: FiscalYear, clock: Clock) -> NaiveDate {
    let today = clock.today();
    year.end().unwrap_or(today).min(today)
}

/// A unit's name in `year` (the version valid then, else the latest).
pub fn unit_name(units: &[UnitVersion], code: &str, year: FiscalYear, clock: Clock) -> String {
    let on = year_day(year, clock);
    units
        .iter()
        .filter(|u| u.code == code)
        .min_by_key(|u| (!u.valid_on(on), std::cmp::Reverse(u.valid_from)))
        .map_or_else(|| code.to_owned(), |u| u.name.clone())
}

/// A course form as sent: repeated keys for the chosen topics and audience.
#[derive(Debug, Default)]
pub struct CourseFields {
    pub code: String,
    pub title: String,
    pub category: String,
    pub provider: String,
    pub topics: Vec<String>,
    pub audience_types: Vec<String>,
    pub audience_grades: Vec<String>,
    pub hours: String,
    pub cost: String,
    pub note: String,
    /// "1" when the form changes a stored course (its code fixed).
    pub existing: String,
}

impl CourseFields {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut f = CourseFields::default();
        for (k, v) in pairs {
            match k.as_str() {
                "code" => f.code = v,
                "title" => f.title = v,
                "category" => f.category = v,
                "provider" => f.provider = v,
                "topics" => f.topics.push(v),
                "audience_types" => f.audience_types.push(v),
                "audience_grades" => f.audience_grades.push(v),
                "hours" => f.hours = v,
                "cost" => f.cost = v,
                "note" => f.note = v,
                "existing" => f.existing = v,
                _ => {}
            }
        }
        f
    }

    pub fn of(c: &Course) -> Self {
        CourseFields {
            code: c.code.clone(),
            title: c.title.clone(),
            category: c.category.code().to_owned(),
            provider: c.provider.clone().unwrap_or_default(),
            topics: c.topics.clone(),
            audience_types: c.audience_types.clone(),
            audience_grades: c.audience_grades.clone(),
            hours: c
                .hours
                .map(jinzai_domain::grade::fmt_num)
                .unwrap_or_default(),
            cost: c.cost.map(|y| y.to_string()).unwrap_or_default(),
            note: c.note.clone().unwrap_or_default(),
            existing: "1".into(),
        }
    }

    pub fn editing(&self) -> bool {
        self.existing == "1"
    }
}

/// Reads a course form; the catalogue's own checks run when it is saved.
/// A new code is letters, digits, - and _; a stored one (perhaps imported
/// in another form) is kept as it is.
pub fn read_course(f: &CourseFields, stored: bool) -> Result<Course, Vec<FieldError>> {
    let mut errors = Vec::new();
    let code = f.code.trim();
    if code.is_empty()
        || !stored
            && !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        errors.push(FieldError::new(
            "code",
            "bad_code",
            Message::new("training_code_bad_code"),
        ));
    }
    let hours = if f.hours.trim().is_empty() {
        None
    } else {
        match jinzai_domain::progress::parse_number(&f.hours) {
            Some(h) if (0.0..=2000.0).contains(&h) => Some(h),
            _ => {
                errors.push(FieldError::new(
                    "hours",
                    "bad_hours",
                    Message::new("training_hours_bad_hours").arg("hours", f.hours.trim()),
                ));
                None
            }
        }
    };
    let cost = parse_yen("cost", &f.cost).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let category = TrainingCategory::parse_label(&f.category);
    let course = Course {
        code: code.to_owned(),
        title: f.title.trim().to_owned(),
        category: category.unwrap_or(TrainingCategory::InHouse),
        provider: opt_text(&f.provider),
        topics: f.topics.clone(),
        audience_types: f.audience_types.clone(),
        audience_grades: f.audience_grades.clone(),
        hours,
        cost,
        note: opt_text(&f.note),
    };
    if category.is_none() {
        errors.push(FieldError::new(
            "category",
            "unknown",
            Message::new("training_course_category_unknown")
                .arg("category", f.category.trim())
                .choices("choices", &TrainingCategory::LIST),
        ));
        // The catalogue's own checks too, so that the form tells every
        // problem at once.
        errors.extend(
            jinzai_domain::training::check_courses(std::slice::from_ref(&course))
                .iter()
                .map(FieldError::from_problem),
        );
    }
    if errors.is_empty() {
        Ok(course)
    } else {
        Err(errors)
    }
}

/// Refuses a unit the viewer does not keep.
pub fn check_unit(who: &Principal, unit: &str) -> Result<(), Failure> {
    if unit.is_empty() {
        Err(Failure::BadRequest {
            code: "no_unit",
            message: Message::new("training_unit_required"),
        })
    } else if may_manage_unit(who, unit) {
        Ok(())
    } else {
        Err(Failure::Forbidden(
            Message::new("training_unit_not_yours").arg("unit", unit),
        ))
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct PlanFields {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub planned_sessions: String,
    #[serde(default)]
    pub note: String,
}

pub fn read_plan(f: &PlanFields) -> Result<OjtPlan, Vec<FieldError>> {
    let mut errors = Vec::new();
    let year = f
        .year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2200).contains(y));
    if year.is_none() {
        errors.push(FieldError::new(
            "year",
            "bad_year",
            Message::new("training_year_bad_year").arg("year", f.year.trim()),
        ));
    }
    if f.theme.trim().is_empty() {
        errors.push(FieldError::new(
            "theme",
            "required",
            Message::new("training_theme_required"),
        ));
    }
    let planned = parse_count("planned_sessions", &f.planned_sessions).unwrap_or_else(|e| {
        errors.push(e);
        0
    });
    let unit = read_key("unit", &f.unit, &mut errors);
    match (year, unit) {
        (Some(fiscal_year), Some(unit_code)) if errors.is_empty() => Ok(OjtPlan {
            unit_code,
            fiscal_year,
            theme: f.theme.trim().to_owned(),
            planned_sessions: planned,
            note: opt_text(&f.note),
        }),
        _ => Err(errors),
    }
}

/// Refuses a plan for a year the viewer may not write (a 所属長 keeps
/// this year's and next year's).
pub fn check_plan_year(
    who: &Principal,
    plan: &OjtPlan,
    clock: Clock,
) -> Result<(), Vec<FieldError>> {
    let this_year = clock.fiscal_year().0;
    if may_plan_ojt_for(who, plan.fiscal_year, this_year) {
        return Ok(());
    }
    Err(vec![FieldError::new(
        "year",
        "closed_year",
        Message::new("training_year_closed_year")
            .arg("fiscal_year", plan.fiscal_year)
            .arg("this_year", this_year)
            .arg("next_year", this_year + 1),
    )])
}

/// Refuses a session "held" after today, or (for a 所属長) in a year
/// before last.
pub fn check_held(
    who: &Principal,
    session: &TrainingSession,
    clock: Clock,
) -> Result<(), Vec<FieldError>> {
    let today = clock.today();
    let this_year = FiscalYear::containing(today).0;
    if session.start > today {
        return Err(vec![FieldError::new(
            "start",
            "future",
            Message::new("training_start_future").arg("start", session.start),
        )]);
    }
    if !may_record_ojt_held(who, FiscalYear::containing(session.start).0, this_year) {
        return Err(vec![FieldError::new(
            "start",
            "closed_year",
            Message::new("training_start_closed_year").arg("last_year", this_year - 1),
        )]);
    }
    Ok(())
}

/// Whether `who` decides applications (HR) rather than only making theirs.
pub fn decides(who: &Principal) -> bool {
    decide(who, Permission::ManageTraining) == Decision::Allow
}

/// The date an applicant's own application takes: today (HR may record
/// one made earlier on paper).
pub fn applicant_date(clock: jinzai_domain::Clock) -> String {
    clock.today().to_string()
}

/// Refuses a step that is not the viewer's to take: HR takes any on
/// others' applications; the applicant (HR too) only withdraws their own;
/// nobody touches another's otherwise.
pub fn check_step_allowed(
    who: &Principal,
    row: &SelfDevelopmentRow,
    step: &str,
) -> Result<(), Failure> {
    let own = who.staff_number.as_deref() == Some(row.application.staff_number.as_str());
    let withdrawing = SelfDevelopmentStatus::parse_label(step) == Some(APPLICANT_STEP);
    if decides(who) && !own {
        return Ok(());
    }
    if !own {
        return Err(Failure::Forbidden(Message::new(
            "training_application_not_yours",
        )));
    }
    if !withdrawing && decides(who) {
        return Err(Failure::Invalid(vec![FieldError::new(
            "status",
            "own_application",
            Message::new("training_status_own_application"),
        )]));
    }
    if !withdrawing {
        return Err(Failure::Invalid(vec![FieldError::new(
            "status",
            "hr_decides",
            Message::new("training_status_hr_decides"),
        )]));
    }
    Ok(())
}

/// The applications of `year` that `who` may see: everyone's for HR, else
/// their own (none without a staff record).
pub async fn visible_rows(
    store: &Store,
    who: &Principal,
    year: FiscalYear,
) -> Result<Vec<SelfDevelopmentRow>, jinzai_store::StoreError> {
    let only = if decides(who) {
        None
    } else {
        match &who.staff_number {
            Some(own) => Some(own.as_str()),
            None => return Ok(Vec::new()),
        }
    };
    store.self_development_rows(year, only).await
}

#[derive(Debug, Default, Deserialize)]
pub struct ApplyFields {
    #[serde(default)]
    pub staff_number: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub applied: String,
    #[serde(default)]
    pub subsidy: String,
}

/// Reads an application form: every field's problem at once.
pub fn read_application(
    f: &ApplyFields,
    applicant: &str,
) -> Result<SelfDevelopment, Vec<FieldError>> {
    let mut errors = Vec::new();
    let applicant = if applicant.trim().is_empty() {
        errors.push(FieldError::new(
            "staff_number",
            "required",
            Message::new("training_staff_number_required"),
        ));
        None
    } else {
        read_key("staff_number", applicant, &mut errors)
    };
    let kind = SelfDevelopmentKind::parse_label(&f.kind);
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "required",
            Message::new("training_kind_required"),
        ));
    }
    if f.title.trim().is_empty() {
        errors.push(FieldError::new(
            "title",
            "required",
            Message::new("training_title_required"),
        ));
    }
    let applied = required_day(
        "applied",
        &f.applied,
        Message::new("training_applied_required"),
    )
    .map_err(|e| errors.push(e))
    .ok();
    let subsidy = parse_yen("subsidy", &f.subsidy).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    match (applied, kind, applicant) {
        (Some(applied), Some(kind), Some(staff_number)) if errors.is_empty() => {
            Ok(SelfDevelopment {
                staff_number,
                kind,
                title: f.title.trim().to_owned(),
                applied,
                status: SelfDevelopmentStatus::Applied,
                subsidy,
                completed: None,
                qualification: None,
                note: None,
            })
        }
        _ => Err(errors),
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct StepFields {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub subsidy: String,
    #[serde(default)]
    pub completed: String,
    #[serde(default)]
    pub qualification: String,
    /// 理由・備考 (required for a rejection).
    #[serde(default)]
    pub note: String,
}

pub fn read_step(f: &StepFields) -> Result<SelfDevelopmentStep, Vec<FieldError>> {
    let mut errors = Vec::new();
    let status = SelfDevelopmentStatus::parse_label(&f.status);
    if f.status.trim().is_empty() {
        errors.push(FieldError::new(
            "status",
            "required",
            Message::new("training_status_required"),
        ));
    } else if status.is_none() {
        errors.push(FieldError::new(
            "status",
            "unknown",
            Message::new("training_support_status_unknown")
                .arg("status", f.status.trim())
                .choices("choices", &SelfDevelopmentStatus::LIST),
        ));
    }
    let subsidy = parse_yen("subsidy", &f.subsidy).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let completed = parse_day("completed", &f.completed).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let Some(status) = status.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    if status == APPLICANT_STEP {
        // A withdrawal carries nothing but itself.
        return Ok(SelfDevelopmentStep {
            status,
            subsidy: None,
            completed: None,
            qualification: None,
            note: None,
        });
    }
    Ok(SelfDevelopmentStep {
        status,
        subsidy,
        completed,
        qualification: opt_text(&f.qualification),
        note: opt_text(&f.note),
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct SessionFields {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub course: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub note: String,
    /// "1" when the form changes a stored session (its course and first
    /// day fixed); otherwise an existing one is refused, not overwritten.
    #[serde(default)]
    pub existing: String,
}

impl SessionFields {
    pub fn of(s: &TrainingSession) -> Self {
        SessionFields {
            unit: s.unit_code.as_deref().unwrap_or_default().to_owned(),
            course: s.course_code.clone(),
            start: s.start.to_string(),
            end: s.end.map(|d| d.to_string()).unwrap_or_default(),
            place: s.place.clone().unwrap_or_default(),
            capacity: s.capacity.map(|c| c.to_string()).unwrap_or_default(),
            note: s.note.clone().unwrap_or_default(),
            existing: "1".into(),
        }
    }

    pub fn editing(&self) -> bool {
        self.existing == "1"
    }
}

/// Reads a session: its course must be in the catalogue (and of category
/// `only` when given: the OJT page takes OJT courses alone).
pub fn read_session(
    f: &SessionFields,
    courses: &[Course],
    only: Option<TrainingCategory>,
) -> Result<TrainingSession, Vec<FieldError>> {
    let mut errors = Vec::new();
    let course = courses.iter().find(|c| c.code == f.course.trim());
    match (course, only) {
        (None, _) => errors.push(FieldError::new(
            "course",
            "unknown_course",
            Message::new("training_course_not_in_catalogue"),
        )),
        (Some(c), Some(only)) if c.category != only => errors.push(FieldError::new(
            "course",
            "not_ojt",
            Message::new("training_course_not_ojt"),
        )),
        _ => {}
    }
    let start = required_day("start", &f.start, Message::new("training_start_required"))
        .map_err(|e| errors.push(e))
        .ok();
    let end = parse_day("end", &f.end).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let capacity = if f.capacity.trim().is_empty() {
        None
    } else {
        parse_count("capacity", &f.capacity)
            .map_err(|e| errors.push(e))
            .ok()
    };
    let unit = opt_text(&f.unit).and_then(|u| read_key("unit", &u, &mut errors));
    match start {
        Some(start) if errors.is_empty() => Ok(TrainingSession {
            course_code: f.course.trim().to_owned(),
            start,
            end,
            place: opt_text(&f.place),
            capacity,
            unit_code: unit,
            note: opt_text(&f.note),
        }),
        _ => Err(errors),
    }
}

/// A session's first day as its path gives it (YYYY-MM-DD).
pub use crate::form::path_date as parse_start;

/// A participation status as typed in a form (code or label); refused,
/// naming `field`, when it is none.
pub fn participation_status(
    text: &str,
    field: &'static str,
) -> Result<ParticipationStatus, jinzai_store::StoreError> {
    ParticipationStatus::parse_label(text.trim()).ok_or_else(|| {
        jinzai_store::StoreError::refused(
            field,
            "unknown",
            Message::new("training_participation_status_unknown")
                .arg("status", text)
                .choices("choices", &ParticipationStatus::LIST),
        )
    })
}

/// The only step an applicant takes on their own application.
pub const APPLICANT_STEP: SelfDevelopmentStatus = SelfDevelopmentStatus::Withdrawn;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_course_form_tells_every_problem_at_once() {
        let f = CourseFields {
            code: "C9".into(),
            title: "接遇研修".into(),
            category: "パーティー".into(),
            topics: vec!["cooking".into()],
            cost: "-5".into(),
            ..CourseFields::default()
        };
        let errors = read_course(&f, false).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(fields, ["cost", "category", "topics"], "{errors:?}");
        let ok = CourseFields {
            category: "職場研修（OJT）".into(),
            topics: vec![],
            cost: "12,000円".into(),
            ..f
        };
        let course = read_course(&ok, false).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            (course.category, course.cost),
            (TrainingCategory::Ojt, Yen::new(12000))
        );
    }

    #[test]
    fn amounts_counts_and_dates_are_read_as_people_type_them() {
        assert_eq!(parse_yen("subsidy", "１２，０００"), Ok(Yen::new(12000)));
        assert_eq!(parse_yen("subsidy", "  "), Ok(None));
        for bad in ["-1", "1.5", "千円"] {
            assert_eq!(
                parse_yen("subsidy", bad).unwrap_err().field,
                "subsidy",
                "{bad}"
            );
        }
        assert_eq!(parse_count("n", "３"), Ok(3));
        for bad in ["0", "2.5", "ゼロ", ""] {
            assert_eq!(
                parse_count("n", bad).unwrap_err().code,
                "bad_count",
                "{bad}"
            );
        }
        let day = chrono::NaiveDate::from_ymd_opt(2024, 4, 1);
        assert_eq!(parse_day("applied", "令和6年4月1日"), Ok(day));
        assert_eq!(parse_day("applied", "2024-04-01"), Ok(day));
        assert_eq!(parse_day("applied", ""), Ok(None));
        let missing = required_day("applied", " ", Message::new("training_applied_required"));
        assert_eq!(missing.unwrap_err().code, "required");
        assert_eq!(opt_text("  備考 "), Some("備考".into()));
        assert_eq!(opt_text(" \u{3000}"), None);
        assert_eq!(
            parse_day("applied", "2024-13-01").unwrap_err().code,
            "bad_date"
        );
    }
}
