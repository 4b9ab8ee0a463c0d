//! Suspected leaks of health records: an administrator records one and
//! jinzai makes its two reports' tasks (速報 in about five days, 確報 in 30
//! or 60) with the people affected; each report is marked sent on its day.

use super::field;
use crate::Failure;
use chrono::NaiveDate;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::health::leak::{self, Leak, Report};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::progress::FieldError;
use jinzai_store::Store;
use jinzai_store::health::leaks::StoredLeak;
use serde::Serialize;

fn administrator(who: &Principal) -> Result<(), Failure> {
    if who.has(Role::Admin) {
        Ok(())
    } else {
        Err(Failure::Forbidden(Message::new("leak_admin_only")))
    }
}

/// Records a suspected leak (administrator).
pub async fn record(store: &Store, who: &Principal, l: &Leak) -> Result<StoredLeak, Failure> {
    administrator(who)?;
    let errors = l.check(store.clock().today());
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    Ok(store.put_leak(l, &who.actor()).await?)
}

/// Every leak recorded (administrator).
pub async fn list(store: &Store, who: &Principal) -> Result<Vec<StoredLeak>, Failure> {
    administrator(who)?;
    Ok(store.leaks().await?)
}

/// A report still to send: the task.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = LeakTask))]
pub struct Task {
    pub leak_id: i64,
    pub report: Report,
    pub due_on: NaiveDate,
    pub overdue: bool,
    /// How many people it is about.
    pub people: usize,
}

/// The reports still to send, the earliest deadline first.
pub fn tasks(leaks: &[StoredLeak], today: NaiveDate) -> Vec<Task> {
    let mut out: Vec<Task> = leaks
        .iter()
        .flat_map(|l| {
            [
                (
                    Report::Preliminary,
                    l.preliminary_due,
                    l.preliminary_sent_on,
                ),
                (Report::Final, l.final_due, l.final_sent_on),
            ]
            .into_iter()
            .filter(|(_, _, sent)| sent.is_none())
            .map(|(report, due_on, _)| Task {
                leak_id: l.id,
                report,
                due_on,
                overdue: due_on < today,
                people: l.affected.len(),
            })
        })
        .collect();
    out.sort_by_key(|t| (t.due_on, t.leak_id));
    out
}

/// Marks a report sent (administrator): once, not before the discovery or
/// the 速報, not ahead of today.
pub async fn report(
    store: &Store,
    who: &Principal,
    id: i64,
    (report, sent_on): (Report, NaiveDate),
) -> Result<StoredLeak, Failure> {
    administrator(who)?;
    let l = store.leak(id).await?;
    let errors = leak::check_sent(
        l.discovered_on,
        (l.preliminary_sent_on, l.final_sent_on),
        (report, sent_on),
        store.clock().today(),
    );
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    Ok(store
        .mark_leak_report(id, (report, sent_on), &who.actor())
        .await?)
}

/// A leak as the form gives it (discovered_on, description, intentional,
/// affected: staff numbers separated by spaces, commas or lines).
pub fn leak_from_form(pairs: &[(String, String)]) -> Result<Leak, Vec<FieldError>> {
    let mut errors = Vec::new();
    let discovered_on = crate::form::required_day(
        "discovered_on",
        field(pairs, "discovered_on"),
        Message::new("health_day_missing"),
    )
    .map_err(|e| errors.push(e))
    .ok();
    let mut affected = Vec::new();
    for raw in field(pairs, "affected")
        .split(|c: char| c.is_whitespace() || c == ',' || c == '、')
        .filter(|s| !s.is_empty())
    {
        match StaffNumber::parse(&jinzai_domain::people::search_key(raw)) {
            Ok(n) => affected.push(n),
            Err(_) => errors.push(FieldError::new(
                "affected",
                "unknown",
                Message::new("people_staff_unknown").arg("number", raw),
            )),
        }
    }
    match discovered_on {
        Some(discovered_on) if errors.is_empty() => Ok(Leak {
            discovered_on,
            description: field(pairs, "description").to_owned(),
            intentional: !field(pairs, "intentional").is_empty(),
            affected,
        }),
        _ => Err(errors),
    }
}

/// A report marked sent as the form gives it (report, sent_on).
pub fn report_from_form(
    pairs: &[(String, String)],
) -> Result<(Report, NaiveDate), Vec<FieldError>> {
    let report = match field(pairs, "report") {
        "preliminary" => Report::Preliminary,
        "final" => Report::Final,
        other => {
            return Err(vec![FieldError::new(
                "report",
                "unknown",
                Message::new("health_value_unknown").arg("value", other),
            )]);
        }
    };
    let on = crate::form::required_day(
        "sent_on",
        field(pairs, "sent_on"),
        Message::new("health_day_missing"),
    )
    .map_err(|e| vec![e])?;
    Ok((report, on))
}
