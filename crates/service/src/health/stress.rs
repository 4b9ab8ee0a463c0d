//! The stress check (ストレスチェック): results recorded and read by the
//! health staff (the implementer) alone; participation per unit and the
//! group analysis for HR and the health staff, a group under [`MIN_GROUP`]
//! refused to HR unless the committee's approved method merges it.

use super::{coded_bool, field, health_staff, staff_number};
use crate::Failure;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::health::stress::{self, Group, Record, Scores};
use jinzai_domain::health::{MIN_GROUP, UnitAttendance};
use jinzai_domain::i18n::Message;
use jinzai_domain::progress::FieldError;
use jinzai_store::Store;
use jinzai_store::health::Of;
use jinzai_store::health::stress::{Method, Release, StoredStress};
use serde::Serialize;

/// Records (or replaces) a person's result of a year (health staff).
pub async fn record(store: &Store, who: &Principal, r: &Record) -> Result<StoredStress, Failure> {
    health_staff(who)?;
    let errors = r.check(store.clock().today());
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    Ok(store.put_stress(r, &who.actor()).await?)
}

/// A year's results (health staff; audited).
pub async fn results(
    store: &Store,
    who: &Principal,
    year: i32,
) -> Result<Vec<StoredStress>, Failure> {
    health_staff(who)?;
    Ok(store.stress_results(Of::Year(year), &who.actor()).await?)
}

/// The day people's units are taken on for a year: its last, or today
/// while it runs; a year outside 1900–2200 refused.
fn unit_day(store: &Store, year: i32) -> Result<chrono::NaiveDate, Failure> {
    FiscalYear(year)
        .end()
        .filter(|_| (1900..=2200).contains(&year))
        .map(|end| end.min(store.clock().today()))
        .ok_or_else(|| {
            Failure::Invalid(vec![FieldError::new(
                "year",
                "out_of_range",
                Message::new("health_year_out_of_range").arg("year", year),
            )])
        })
}

/// A year's stress check as HR and the health staff see it: participation
/// per unit and the group analysis.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = StressYear))]
pub struct Year {
    pub fiscal_year: i32,
    pub min_group: u64,
    /// Due and taken per unit (`attended`: taken), units under the minimum
    /// withheld from HR.
    pub participation: Vec<UnitAttendance>,
    pub total: UnitAttendance,
    /// The method the committee approved, if any.
    pub method: Option<Method>,
    /// The day the health staff released the analysis to HR (none: not
    /// yet; HR then sees no group).
    pub released_on: Option<chrono::NaiveDate>,
    /// HR: the released groups, frozen; the health staff: as of now.
    pub groups: Vec<Group>,
}

/// A year's participation and group analysis (HR, health staff). HR gets
/// no group under [`MIN_GROUP`] (withheld, or merged by the method); the
/// read of the analysis is audited.
pub async fn year(store: &Store, who: &Principal, year: i32) -> Result<Year, Failure> {
    if !(who.has(Role::Hr) || who.has(Role::Health)) {
        return Err(Failure::Forbidden(Message::new("health_staff_only")));
    }
    let on = unit_day(store, year)?;
    let show_small = who.has(Role::Health);
    let (mut due, mut taken) = (0, 0);
    let participation = store
        .stress_counts(year, on)
        .await?
        .into_iter()
        .map(|c| {
            due += c.due;
            taken += c.attended;
            UnitAttendance::new(c.unit.unwrap_or_default(), c.due, c.attended, show_small)
        })
        .collect();
    let method = store.stress_method(year).await?;
    let release = store.stress_release(year).await?;
    let released_on = release.as_ref().map(|r| r.released_on);
    let groups = if show_small {
        let members = store.stress_members(year, on).await?;
        let merge = method.as_ref().is_some_and(|m| m.merge_small);
        stress::groups(&members, MIN_GROUP, merge, true)
    } else {
        release.map(|r| r.groups).unwrap_or_default()
    };
    store
        .audit(jinzai_store::AuditEvent {
            actor: &who.actor(),
            action: "read",
            record_type: "health_stress_groups",
            record_key: &format!("year:{year}"),
            detail: serde_json::json!({ "groups": groups.iter().filter(|g| !g.withheld).count() }),
        })
        .await?;
    Ok(Year {
        fiscal_year: year,
        min_group: MIN_GROUP,
        participation,
        total: UnitAttendance::new(Default::default(), due, taken, show_small),
        method,
        released_on,
        groups,
    })
}

/// Releases a year's group analysis to HR (the health staff), once: the
/// groups as HR may see them (ten or more; the committee's method applied),
/// as of the year's last day or today while it runs. Later results change
/// nothing HR reads, so no two reads differ by one person.
pub async fn release(store: &Store, who: &Principal, year: i32) -> Result<Release, Failure> {
    health_staff(who)?;
    release_as(store, &who.actor(), year).await
}

/// [`release`] as `actor`, for the sample city.
pub async fn release_as(store: &Store, actor: &str, year: i32) -> Result<Release, Failure> {
    let on = unit_day(store, year)?;
    let merge = store
        .stress_method(year)
        .await?
        .is_some_and(|m| m.merge_small);
    let members = store.stress_members(year, on).await?;
    let r = Release {
        released_on: store.clock().today(),
        as_of: on,
        groups: stress::groups(&members, MIN_GROUP, merge, false),
    };
    store.put_stress_release(year, &r, actor).await?;
    Ok(r)
}

/// One unit's group analysis: for HR from the released analysis, refused
/// (at `unit`) when fewer than [`MIN_GROUP`] of it took the check (or at
/// `year` when nothing is released); the health staff's as of now.
/// Audited.
pub async fn unit(store: &Store, who: &Principal, year: i32, unit: &str) -> Result<Group, Failure> {
    if !(who.has(Role::Hr) || who.has(Role::Health)) {
        return Err(Failure::Forbidden(Message::new("health_staff_only")));
    }
    let too_small = || {
        Failure::Invalid(vec![FieldError::new(
            "unit",
            "group_too_small",
            Message::new("stress_group_too_small").arg("min", MIN_GROUP),
        )])
    };
    let on = unit_day(store, year)?;
    let g = if who.has(Role::Health) {
        let members = store.stress_members(year, on).await?;
        stress::unit_group(&members, unit, true).map_err(|e| Failure::Invalid(vec![e]))?
    } else {
        // HR: the released analysis only; a unit shown there on its own.
        let Some(release) = store.stress_release(year).await? else {
            return Err(Failure::Invalid(vec![FieldError::new(
                "year",
                "not_released",
                Message::new("stress_not_released").arg("year", year),
            )]));
        };
        release
            .groups
            .into_iter()
            .find(|g| g.unit_code == unit && g.merged.is_empty() && !g.withheld)
            .ok_or_else(too_small)?
    };
    store
        .audit(jinzai_store::AuditEvent {
            actor: &who.actor(),
            action: "read",
            record_type: "health_stress_groups",
            record_key: &format!("year:{year}:unit:{unit}"),
            detail: serde_json::json!({ "groups": 1 }),
        })
        .await?;
    Ok(g)
}

/// Records the method the committee approved for a year (HR or the health
/// staff, who keep its minutes): refused unless a committee meeting is
/// recorded on the day it names.
pub async fn set_method(
    store: &Store,
    who: &Principal,
    year: i32,
    m: &Method,
) -> Result<(), Failure> {
    if !(who.has(Role::Hr) || who.has(Role::Health)) {
        return Err(Failure::Forbidden(Message::new("health_staff_only")));
    }
    unit_day(store, year)?;
    let mut errors = Vec::new();
    if m.description.trim().is_empty() {
        errors.push(FieldError::new(
            "description",
            "required",
            Message::new("health_field_missing"),
        ));
    }
    let met = store
        .committee_meetings()
        .await?
        .iter()
        .any(|x| x.meeting.held_on == m.approved_on);
    if !met {
        errors.push(FieldError::new(
            "approved_on",
            "no_meeting",
            Message::new("stress_method_no_meeting").arg("day", m.approved_on.to_string()),
        ));
    }
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    Ok(store.put_stress_method(year, m, &who.actor()).await?)
}

fn score(pairs: &[(String, String)], k: &'static str, errors: &mut Vec<FieldError>) -> Option<u8> {
    let raw = field(pairs, k);
    if raw.is_empty() {
        return None;
    }
    raw.parse().map_or_else(
        |_| {
            errors.push(FieldError::new(
                k,
                "out_of_range",
                Message::new("stress_score_range")
                    .arg("min", *stress::SCALE.start())
                    .arg("max", *stress::SCALE.end()),
            ));
            None
        },
        Some,
    )
}

/// A result as the form gives it (year, staff_number, taken_on, demand,
/// control, supervisor, coworker, high_stress, interview_offered_on,
/// interview_requested, interview_held_on, note).
pub fn record_from_form(pairs: &[(String, String)]) -> Result<Record, Vec<FieldError>> {
    let mut errors = Vec::new();
    let number = staff_number(pairs, &mut errors);
    let fiscal_year = field(pairs, "year").parse().unwrap_or_else(|_| {
        errors.push(FieldError::new(
            "year",
            "out_of_range",
            Message::new("health_year_out_of_range").arg("year", field(pairs, "year")),
        ));
        0
    });
    let mut day = |k: &'static str| {
        crate::form::parse_day(k, field(pairs, k)).unwrap_or_else(|e| {
            errors.push(e);
            None
        })
    };
    let (taken_on, offered, held) = (
        day("taken_on"),
        day("interview_offered_on"),
        day("interview_held_on"),
    );
    let parts = [
        score(pairs, "demand", &mut errors),
        score(pairs, "control", &mut errors),
        score(pairs, "supervisor", &mut errors),
        score(pairs, "coworker", &mut errors),
    ];
    let scores = match parts {
        [
            Some(demand),
            Some(control),
            Some(supervisor),
            Some(coworker),
        ] => Some(Scores {
            demand,
            control,
            supervisor,
            coworker,
        }),
        [None, None, None, None] => None,
        _ => {
            errors.push(FieldError::new(
                "scores",
                "required",
                Message::new("stress_scores_incomplete"),
            ));
            None
        }
    };
    match number {
        Some(staff_number) if errors.is_empty() => Ok(Record {
            staff_number,
            fiscal_year,
            taken_on,
            scores,
            high_stress: coded_bool(pairs, "high_stress"),
            interview_offered_on: offered,
            interview_requested: coded_bool(pairs, "interview_requested"),
            interview_held_on: held,
            note: field(pairs, "note").to_owned(),
        }),
        _ => Err(errors),
    }
}

/// The committee's method as the form gives it (approved_on, merge_small,
/// description).
pub fn method_from_form(pairs: &[(String, String)]) -> Result<Method, Vec<FieldError>> {
    let approved_on = crate::form::required_day(
        "approved_on",
        field(pairs, "approved_on"),
        Message::new("health_day_missing"),
    )
    .map_err(|e| vec![e])?;
    Ok(Method {
        merge_small: coded_bool(pairs, "merge_small"),
        approved_on,
        description: field(pairs, "description").to_owned(),
    })
}
