//! Talks (面談) as a 所属長 keeps track of them: for each member, whether
//! their goal-setting, mid-year, year-end and career talks of the year were
//! held — dates only, never what was said — and recording one.

use crate::Failure;
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::evaluation::interview::{Interview, InterviewKind};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::{StaffNumber, UnitCode};
use jinzai_domain::progress::FieldError;
use jinzai_store::{ImportOptions, Store};
use serde::Serialize;
use std::collections::HashMap;

/// A member's talks of the year: the latest day of each kind held.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TalkLine {
    pub staff_number: StaffNumber,
    pub unit: Option<UnitCode>,
    pub goal_setting: Option<NaiveDate>,
    pub mid_year: Option<NaiveDate>,
    pub feedback: Option<NaiveDate>,
    pub career: Option<NaiveDate>,
}

/// Whom `who` follows: HR everyone in service on the year's 1 April; a
/// 所属長 the members of their units then; anyone else themselves.
async fn members(
    store: &Store,
    who: &Principal,
    year: FiscalYear,
) -> Result<Vec<(StaffNumber, Option<UnitCode>)>, Failure> {
    let on = year.start().unwrap_or_else(|| store.clock().today());
    let units = store.primary_units_on(on).await?;
    Ok(store
        .in_service_on(on)
        .await?
        .into_iter()
        .filter(|n| {
            who.has(Role::Hr)
                || who.staff_number.as_ref() == Some(n)
                || (who.has(Role::Manager)
                    && units
                        .get(n)
                        .is_some_and(|(u, _)| who.managed_units.contains(u)))
        })
        .map(|n| {
            let unit = units.get(&n).map(|(u, _)| u.clone());
            (n, unit)
        })
        .collect())
}

/// The year's talks of those `who` follows.
pub async fn completion(
    store: &Store,
    who: &Principal,
    year: FiscalYear,
) -> Result<Vec<TalkLine>, Failure> {
    let (Some(from), Some(to)) = (year.start(), year.end()) else {
        return Ok(Vec::new());
    };
    let mut held: HashMap<(StaffNumber, InterviewKind), NaiveDate> = HashMap::new();
    for (n, k, _, last) in store.talk_counts(from, to).await? {
        held.insert((n, k), last);
    }
    Ok(members(store, who, year)
        .await?
        .into_iter()
        .map(|(n, unit)| {
            let on = |k| held.get(&(n.clone(), k)).copied();
            TalkLine {
                goal_setting: on(InterviewKind::GoalSetting),
                mid_year: on(InterviewKind::MidYear),
                feedback: on(InterviewKind::Feedback),
                career: on(InterviewKind::Career),
                unit,
                staff_number: n,
            }
        })
        .collect())
}

/// Records a talk `who` held with a member they follow (HR with anyone):
/// the interviewer is `who`'s own staff record unless HR names another.
pub async fn record(store: &Store, who: &Principal, talk: &Interview) -> Result<(), Failure> {
    let year = FiscalYear::containing(talk.held_on);
    let follows = members(store, who, year)
        .await?
        .iter()
        .any(|(n, _)| *n == talk.staff_number);
    let own = who.staff_number.as_ref() == Some(&talk.staff_number);
    if !(who.has(Role::Hr) || (follows && !own)) {
        return Err(Failure::Forbidden(Message::new(
            "evaluation_talk_not_yours",
        )));
    }
    if !who.has(Role::Hr) && who.staff_number.as_ref() != Some(&talk.interviewer) {
        return Err(Failure::Invalid(vec![FieldError::new(
            "interviewer",
            "not_you",
            Message::new("evaluation_talk_interviewer"),
        )]));
    }
    if talk.held_on > store.clock().today() {
        return Err(Failure::Invalid(vec![FieldError::new(
            "held_on",
            "future",
            Message::new("evaluation_talk_day"),
        )]));
    }
    let actor = who.actor();
    let entered = serde_json::json!({ "staff_number": talk.staff_number, "kind": talk.kind, "held_on": talk.held_on });
    let opts = ImportOptions {
        entered: Some(&entered),
        ..ImportOptions::by(&actor, "entry")
    };
    match store
        .record_interviews(std::slice::from_ref(talk), opts)
        .await
    {
        Ok(_) => Ok(()),
        Err(jinzai_store::StoreError::Records(p)) => Err(Failure::Invalid(
            p.iter().map(FieldError::from_problem).collect(),
        )),
        Err(e) => Err(e.into()),
    }
}
