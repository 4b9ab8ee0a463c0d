//! Return to work (職場復帰支援): the health staff open a case when a leave
//! begins and record its five steps in order; the steps due are listed to
//! them (their reminders); a 所属長 sees, for members of their units, only
//! the days and the work limits the health staff chose to share.

use super::{field, health_staff, staff_number};
use crate::Failure;
use chrono::NaiveDate;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::health::returns::{Case, Entry, Stage, State, Step};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::progress::FieldError;
use jinzai_store::Store;
use jinzai_store::health::returns::{Cases, SharedReturn, StoredReturn};
use serde::{Deserialize, Serialize};

/// How many days ahead a step due is listed.
pub const DUE_AHEAD_DAYS: i64 = 7;

/// The 試し出勤 stages a form offers.
pub const FORM_STAGES: usize = 4;

/// A case opened: the person and the first day of leave.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OpenReturn {
    pub staff_number: String,
    /// The first day of leave.
    pub on: NaiveDate,
    /// The day the leave is expected to end.
    #[serde(default)]
    pub leave_until: Option<NaiveDate>,
    #[serde(default)]
    pub note: String,
}

/// Opens a case (health staff).
pub async fn open(store: &Store, who: &Principal, o: &OpenReturn) -> Result<StoredReturn, Failure> {
    health_staff(who)?;
    let number = StaffNumber::parse(&o.staff_number).map_err(|_| {
        Failure::Invalid(vec![FieldError::new(
            "staff_number",
            "unknown",
            Message::new("people_staff_unknown").arg("number", &o.staff_number),
        )])
    })?;
    let entry = Entry {
        step: "leave".into(),
        on: Some(o.on),
        leave_until: o.leave_until,
        note: o.note.clone(),
        ..Entry::default()
    };
    let case = Case::open(number, &entry, store.clock().today()).map_err(Failure::Invalid)?;
    Ok(store.open_return(&case, &who.actor()).await?)
}

/// Records a step of case `id`, or closes it (health staff).
pub async fn record(
    store: &Store,
    who: &Principal,
    id: i64,
    entry: &Entry,
) -> Result<StoredReturn, Failure> {
    health_staff(who)?;
    Ok(store.record_return_step(id, entry, &who.actor()).await?)
}

/// The open cases and those ended within a year (health staff; audited).
pub async fn cases(store: &Store, who: &Principal) -> Result<Vec<StoredReturn>, Failure> {
    health_staff(who)?;
    Ok(store.return_cases(Cases::Current, &who.actor()).await?)
}

/// A person's cases (health staff; audited).
pub async fn of_person(
    store: &Store,
    who: &Principal,
    number: &str,
) -> Result<Vec<StoredReturn>, Failure> {
    health_staff(who)?;
    Ok(store
        .return_cases(Cases::Person(number), &who.actor())
        .await?)
}

/// One case (health staff; audited).
pub async fn case(store: &Store, who: &Principal, id: i64) -> Result<StoredReturn, Failure> {
    health_staff(who)?;
    Ok(store.return_case(id, &who.actor()).await?)
}

/// A step due: the health staff's reminder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReturnStepDue))]
pub struct DueStep {
    pub id: i64,
    pub staff_number: String,
    pub staff_name: String,
    pub step: Step,
    pub due_on: NaiveDate,
    /// Its day has passed.
    pub overdue: bool,
}

/// The steps of open cases due within [`DUE_AHEAD_DAYS`] or overdue, the
/// earliest first.
pub fn due_steps(cases: &[StoredReturn], today: NaiveDate) -> Vec<DueStep> {
    let until = today + chrono::Duration::days(DUE_AHEAD_DAYS);
    let mut out: Vec<DueStep> = cases
        .iter()
        .filter(|c| c.state == State::Open)
        .filter_map(|c| {
            let (step, due) = (c.next?, c.due_on?);
            (due <= until).then(|| DueStep {
                id: c.id,
                staff_number: c.case.staff_number.to_string(),
                staff_name: c.staff_name.clone(),
                step,
                due_on: due,
                overdue: due < today,
            })
        })
        .collect();
    out.sort_by_key(|d| (d.due_on, d.id));
    out
}

/// The steps due (health staff; the read of the cases audited).
pub async fn due(store: &Store, who: &Principal) -> Result<Vec<DueStep>, Failure> {
    let all = cases(store, who).await?;
    Ok(due_steps(&all, store.clock().today()))
}

/// The cases of the members of the units `who` heads, as a 所属長 sees
/// them (audited).
pub async fn shared(store: &Store, who: &Principal) -> Result<Vec<SharedReturn>, Failure> {
    if !who.has(Role::Manager) {
        return Err(Failure::Forbidden(Message::new("return_managers_only")));
    }
    let units: Vec<String> = who
        .managed_units
        .iter()
        .map(|u| u.as_str().to_owned())
        .collect();
    Ok(store
        .shared_returns(&units, store.clock().today(), &who.actor())
        .await?)
}

fn day(
    pairs: &[(String, String)],
    k: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    crate::form::parse_day(k, field(pairs, k)).unwrap_or_else(|e| {
        errors.push(e);
        None
    })
}

/// A case opened as the form gives it (staff_number, on, leave_until,
/// note).
pub fn open_from_form(pairs: &[(String, String)]) -> Result<OpenReturn, Vec<FieldError>> {
    let mut errors = Vec::new();
    let number = staff_number(pairs, &mut errors);
    let on =
        crate::form::required_day("on", field(pairs, "on"), Message::new("health_day_missing"))
            .map_err(|e| errors.push(e))
            .ok();
    let leave_until = day(pairs, "leave_until", &mut errors);
    match (number, on) {
        (Some(n), Some(on)) if errors.is_empty() => Ok(OpenReturn {
            staff_number: n.to_string(),
            on,
            leave_until,
            note: field(pairs, "note").to_owned(),
        }),
        _ => Err(errors),
    }
}

/// A step as the form gives it: step, on, leave_until, planned_return_on,
/// stage_from_N / stage_to_N / stage_what_N (N = 1 …), returned_on,
/// limits, shared_limits, follow_up_months ("1, 3, 6"), note.
pub fn entry_from_form(pairs: &[(String, String)]) -> Result<Entry, Vec<FieldError>> {
    let mut errors = Vec::new();
    let on = day(pairs, "on", &mut errors);
    let leave_until = day(pairs, "leave_until", &mut errors);
    let planned_return_on = day(pairs, "planned_return_on", &mut errors);
    let returned_on = day(pairs, "returned_on", &mut errors);
    let mut stages = Vec::new();
    for i in 1..=FORM_STAGES {
        let (f, t) = (format!("stage_from_{i}"), format!("stage_to_{i}"));
        let what = field(pairs, &format!("stage_what_{i}"));
        let parse = |k: &str, errors: &mut Vec<FieldError>| {
            crate::form::parse_day("stages", field(pairs, k)).unwrap_or_else(|e| {
                errors.push(FieldError::new(k.to_owned(), e.code, e.message));
                None
            })
        };
        let (from, to) = (parse(&f, &mut errors), parse(&t, &mut errors));
        match (from, to) {
            (Some(from), Some(to)) => stages.push(Stage {
                from,
                to,
                what: what.to_owned(),
            }),
            (None, None) if what.is_empty() => {}
            (None, _) => errors.push(FieldError::new(
                f,
                "required",
                Message::new("health_day_missing"),
            )),
            (_, None) => errors.push(FieldError::new(
                t,
                "required",
                Message::new("health_day_missing"),
            )),
        }
    }
    let months = field(pairs, "follow_up_months");
    let follow_up_months = if months.is_empty() {
        None
    } else {
        let parsed: Result<Vec<u32>, _> = months
            .split([',', '、', ' ', '，'])
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().parse::<u32>())
            .collect();
        match parsed {
            Ok(v) => Some(v),
            Err(_) => {
                errors.push(FieldError::new(
                    "follow_up_months",
                    "invalid",
                    Message::new("return_follow_up_months_invalid")
                        .arg(
                            "limit",
                            jinzai_domain::health::returns::MAX_FOLLOW_UP_MONTHS,
                        )
                        .arg("count", jinzai_domain::health::returns::MAX_FOLLOW_UPS),
                ));
                None
            }
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Entry {
        step: field(pairs, "step").to_owned(),
        on,
        leave_until,
        planned_return_on,
        stages,
        returned_on,
        limits: field(pairs, "limits").to_owned(),
        shared_limits: field(pairs, "shared_limits").to_owned(),
        follow_up_months,
        note: field(pairs, "note").to_owned(),
    })
}
