//! Health (職員の健康管理): check-ups and consultations, read and written by
//! the health staff (健康管理担当) alone; HR and the health staff see a
//! year's counts per unit, a unit under [`MIN_GROUP`] people withheld from
//! HR. Records open only while the store holds the health key; without it
//! every use case here says the store is locked and nothing is shown.

use crate::Failure;

pub mod leaks;
pub mod returns;
pub mod stress;
use chrono::Datelike;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::health::committee::{self, Meeting};
use jinzai_domain::health::{
    Checkup, Consultation, Counsellor, Kind, MIN_GROUP, Outcome, UnitAttendance,
};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::progress::FieldError;
use jinzai_store::Store;
use jinzai_store::health::committee::StoredMeeting;
use jinzai_store::health::{Lock, Of, StoredCheckup, StoredConsultation};
use serde::Serialize;

/// Whether health records can be opened, as the pages and the API say it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthStatus {
    /// Records can be read and written.
    pub open: bool,
    /// Why not: `no_key` (jinzai was started without --health-key-file) or
    /// `wrong_key` (the key given did not seal these records).
    pub lock: Option<&'static str>,
}

/// The store's health status.
pub fn status(store: &Store) -> HealthStatus {
    HealthStatus {
        open: store.health_lock().is_none(),
        lock: store.health_lock().map(|l| match l {
            Lock::NoKey => "no_key",
            Lock::WrongKey => "wrong_key",
        }),
    }
}

/// What to tell when the store is locked.
pub fn lock_message(lock: Lock) -> Message {
    match lock {
        Lock::NoKey => Message::new("health_locked_no_key"),
        Lock::WrongKey => Message::new("health_locked_wrong_key"),
    }
}

fn health_staff(who: &Principal) -> Result<(), Failure> {
    if who.has(Role::Health) {
        Ok(())
    } else {
        Err(Failure::Forbidden(Message::new("health_staff_only")))
    }
}

/// Records (or replaces) a person's check-up of a year.
pub async fn record_checkup(
    store: &Store,
    who: &Principal,
    c: &Checkup,
) -> Result<StoredCheckup, Failure> {
    health_staff(who)?;
    let errors = c.check(store.clock().today());
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    Ok(store.put_checkup(c, &who.actor()).await?)
}

/// Records a consultation (`id` none) or corrects one.
pub async fn record_consultation(
    store: &Store,
    who: &Principal,
    id: Option<i64>,
    c: &Consultation,
) -> Result<StoredConsultation, Failure> {
    health_staff(who)?;
    let errors = c.check(store.clock().today());
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    Ok(store.put_consultation(id, c, &who.actor()).await?)
}

/// A year's check-ups (health staff; audited).
pub async fn checkups(
    store: &Store,
    who: &Principal,
    year: i32,
) -> Result<Vec<StoredCheckup>, Failure> {
    health_staff(who)?;
    Ok(store.checkups(Of::Year(year), &who.actor()).await?)
}

/// A year's consultations, newest first (health staff; audited).
pub async fn consultations(
    store: &Store,
    who: &Principal,
    year: i32,
) -> Result<Vec<StoredConsultation>, Failure> {
    health_staff(who)?;
    Ok(store.consultations(Of::Year(year), &who.actor()).await?)
}

/// One consultation (health staff; audited).
pub async fn consultation(
    store: &Store,
    who: &Principal,
    id: i64,
) -> Result<StoredConsultation, Failure> {
    health_staff(who)?;
    Ok(store.consultation(id, &who.actor()).await?)
}

/// A person's health file.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonFile {
    pub staff_number: String,
    pub staff_name: String,
    /// Latest year first.
    pub checkups: Vec<StoredCheckup>,
    /// Newest first.
    pub consultations: Vec<StoredConsultation>,
    /// Return-to-work cases, open ones first.
    pub returns: Vec<jinzai_store::health::returns::StoredReturn>,
}

/// A person's check-ups and consultations (health staff; audited).
pub async fn person(store: &Store, who: &Principal, number: &str) -> Result<PersonFile, Failure> {
    health_staff(who)?;
    let Some((staff, _)) = store.staff_member(number).await? else {
        return Err(Failure::NotFound(
            Message::new("people_staff_unknown").arg("number", number),
        ));
    };
    let actor = who.actor();
    Ok(PersonFile {
        staff_number: number.to_owned(),
        staff_name: staff.name,
        checkups: store.checkups(Of::Person(number), &actor).await?,
        consultations: store.consultations(Of::Person(number), &actor).await?,
        returns: store
            .return_cases(jinzai_store::health::returns::Cases::Person(number), &actor)
            .await?,
    })
}

/// A year's figures: check-up attendance per unit and in all, and the
/// consultations held. Counts only.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearFigures {
    pub fiscal_year: i32,
    /// The smallest group whose figures HR sees.
    pub min_group: u64,
    pub units: Vec<UnitAttendance>,
    pub total: UnitAttendance,
    pub consultations_physician: u64,
    pub consultations_nurse: u64,
}

/// A year's figures; units under [`MIN_GROUP`] withheld unless the reader
/// is the health staff. The day a person's unit is taken on is the year's
/// last, or today while the year runs.
pub async fn figures(store: &Store, who: &Principal, year: i32) -> Result<YearFigures, Failure> {
    let fy = FiscalYear(year);
    let Some(end) = fy.end().filter(|_| (1900..=2200).contains(&year)) else {
        return Err(Failure::Invalid(vec![FieldError::new(
            "year",
            "out_of_range",
            Message::new("health_year_out_of_range").arg("year", year),
        )]));
    };
    let on = end.min(store.clock().today());
    let show_small = who.has(Role::Health);
    let counts = store.checkup_counts(year, on).await?;
    let (mut due, mut attended) = (0, 0);
    let units = counts
        .into_iter()
        .map(|c| {
            due += c.due;
            attended += c.attended;
            // No unit on the day: code and name empty (the pages say so).
            UnitAttendance::new(c.unit.unwrap_or_default(), c.due, c.attended, show_small)
        })
        .collect();
    let (physician, nurse) = store.consultation_counts(year).await?;
    Ok(YearFigures {
        fiscal_year: year,
        min_group: MIN_GROUP,
        units,
        total: UnitAttendance::new(Default::default(), due, attended, show_small),
        consultations_physician: physician,
        consultations_nurse: nurse,
    })
}

/// A form's value at `k`, trimmed.
fn field<'a>(pairs: &'a [(String, String)], k: &str) -> &'a str {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map_or("", |(_, v)| v.trim())
}

/// A checkbox: ticked when sent at all.
fn coded_bool(pairs: &[(String, String)], k: &str) -> bool {
    !field(pairs, k).is_empty()
}

fn staff_number(pairs: &[(String, String)], errors: &mut Vec<FieldError>) -> Option<StaffNumber> {
    let raw = field(pairs, "staff_number");
    let n = StaffNumber::parse(raw).ok();
    if n.is_none() {
        errors.push(FieldError::new(
            "staff_number",
            "unknown",
            Message::new("people_staff_unknown").arg("number", raw),
        ));
    }
    n
}

fn coded_field<T: Coded>(
    pairs: &[(String, String)],
    k: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let raw = field(pairs, k);
    if raw.is_empty() {
        return None;
    }
    let v = T::from_code(raw);
    if v.is_none() {
        errors.push(FieldError::new(
            k,
            "unknown",
            Message::new("health_value_unknown").arg("value", raw),
        ));
    }
    v
}

/// A check-up as the form gives it (year, staff_number, attended_on,
/// outcome, follow_up_done, note), or the problems at its fields.
pub fn checkup_from_form(pairs: &[(String, String)]) -> Result<Checkup, Vec<FieldError>> {
    let mut errors = Vec::new();
    let staff_number = staff_number(pairs, &mut errors);
    let fiscal_year = field(pairs, "year").parse().unwrap_or_else(|_| {
        errors.push(FieldError::new(
            "year",
            "out_of_range",
            Message::new("health_year_out_of_range").arg("year", field(pairs, "year")),
        ));
        0
    });
    let attended_on = crate::form::parse_day("attended_on", field(pairs, "attended_on"))
        .unwrap_or_else(|e| {
            errors.push(e);
            None
        });
    let outcome = coded_field::<Outcome>(pairs, "outcome", &mut errors);
    match staff_number {
        Some(staff_number) if errors.is_empty() => Ok(Checkup {
            staff_number,
            fiscal_year,
            attended_on,
            outcome,
            follow_up_done: coded_bool(pairs, "follow_up_done"),
            note: field(pairs, "note").to_owned(),
        }),
        _ => Err(errors),
    }
}

/// A consultation as the form gives it (staff_number, held_on, counsellor,
/// kind, note, follow_up), or the problems at its fields.
pub fn consultation_from_form(pairs: &[(String, String)]) -> Result<Consultation, Vec<FieldError>> {
    let mut errors = Vec::new();
    let staff_number = staff_number(pairs, &mut errors);
    let held_on = crate::form::required_day(
        "held_on",
        field(pairs, "held_on"),
        Message::new("health_day_missing"),
    )
    .map_err(|e| errors.push(e))
    .ok();
    let counsellor = coded_field::<Counsellor>(pairs, "counsellor", &mut errors);
    let kind = coded_field::<Kind>(pairs, "kind", &mut errors);
    for (k, missing) in [
        ("counsellor", counsellor.is_none()),
        ("kind", kind.is_none()),
    ] {
        if missing && field(pairs, k).is_empty() {
            errors.push(FieldError::new(
                k,
                "required",
                Message::new("health_field_missing"),
            ));
        }
    }
    match (staff_number, held_on, counsellor, kind) {
        (Some(staff_number), Some(held_on), Some(counsellor), Some(kind)) if errors.is_empty() => {
            Ok(Consultation {
                staff_number,
                held_on,
                counsellor,
                kind,
                note: field(pairs, "note").to_owned(),
                follow_up: field(pairs, "follow_up").to_owned(),
            })
        }
        _ => Err(errors),
    }
}

/// The safety and health committee: its meetings, newest first, and the
/// months of the last twelve that passed without one.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Committee {
    pub meetings: Vec<StoredMeeting>,
    /// (year, month) of each past month of the last twelve with no meeting.
    pub gaps: Vec<(i32, u32)>,
}

/// The committee's meetings and its gaps as of today.
pub async fn committee(store: &Store) -> Result<Committee, Failure> {
    let meetings = store.committee_meetings().await?;
    let today = store.clock().today();
    let since = today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(chrono::Months::new(12)))
        .unwrap_or(today);
    let held: Vec<_> = meetings.iter().map(|m| m.meeting.held_on).collect();
    Ok(Committee {
        gaps: committee::months_without_meeting(&held, since, today),
        meetings,
    })
}

/// Records a meeting (`id` none) or corrects one (HR or the health staff).
pub async fn record_meeting(
    store: &Store,
    who: &Principal,
    id: Option<i64>,
    m: &Meeting,
) -> Result<StoredMeeting, Failure> {
    if !(who.has(Role::Hr) || who.has(Role::Health)) {
        return Err(Failure::Forbidden(Message::new("health_staff_only")));
    }
    let errors = m.check(store.clock().today());
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    Ok(store.put_committee_meeting(id, m, &who.actor()).await?)
}

/// A meeting as the form gives it (held_on, attendees one a line, agenda,
/// opinions, measures), or the problems at its fields.
pub fn meeting_from_form(pairs: &[(String, String)]) -> Result<Meeting, Vec<FieldError>> {
    let held_on = crate::form::required_day(
        "held_on",
        field(pairs, "held_on"),
        Message::new("health_day_missing"),
    )
    .map_err(|e| vec![e])?;
    Ok(Meeting {
        held_on,
        attendees: field(pairs, "attendees")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        agenda: field(pairs, "agenda").to_owned(),
        opinions: field(pairs, "opinions").to_owned(),
        measures: field(pairs, "measures").to_owned(),
    })
}
