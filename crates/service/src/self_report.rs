//! 自己申告's use cases: HR opens a year's window; each staff member hands
//! in their own report within it; who reads what; the 所属長's view of who
//! has handed one in; and, after the next 1 April, how the wishes fared
//! (希望反映).
//!
//! Confidentiality: a report is read by its writer, by HR and by the
//! window's named readers — every read by someone else audited. A 所属長
//! sees only whether their members handed one in, never what it says.

use crate::Failure;
use chrono::NaiveDate;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::ROTATION_CLASSES;
use jinzai_domain::people::{StaffNumber, UnitCode};
use jinzai_domain::progress::FieldError;
use jinzai_domain::self_report::{Outcome, Report, Window, Wish, outcome, tenure_band};
use jinzai_store::self_report::{StoredReport, StoredWindow};
use jinzai_store::{AuditEvent, ImportOptions, Store};
use serde::Serialize;
use std::collections::HashMap;

fn no_window(year: i32) -> Failure {
    Failure::NotFound(Message::new("self_report_no_window").arg("year", year))
}

async fn window(store: &Store, year: i32) -> Result<StoredWindow, Failure> {
    store
        .self_report_window(year)
        .await?
        .ok_or_else(|| no_window(year))
}

/// Whether `who` reads every report of the window (HR, or a named reader).
pub fn reads_all(who: &Principal, w: &Window) -> bool {
    who.has(Role::Hr) || (who.is_signed_in() && w.readers.contains(&who.login))
}

/// Opens or changes a year's window (HR): its dates and named readers.
pub async fn open_window(
    store: &Store,
    who: &Principal,
    w: &Window,
) -> Result<StoredWindow, Failure> {
    let mut errors = w.check();
    for (i, login) in w.readers.iter().enumerate() {
        if store.user_by_login(login).await?.is_none() {
            errors.push(FieldError::new(
                format!("readers[{i}]"),
                "unknown",
                Message::new("self_report_reader_unknown").arg("login", login),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    Ok(store.set_self_report_window(w, &who.actor()).await?)
}

/// Hands in (or replaces) one's own report, within the window.
pub async fn submit(
    store: &Store,
    who: &Principal,
    year: i32,
    report: &Report,
) -> Result<(), Failure> {
    let Some(me) = &who.staff_number else {
        return Err(Failure::Forbidden(Message::new("self_report_own_only")));
    };
    let w = window(store, year).await?;
    let today = store.clock().today();
    if !w.window.open_on(today) {
        return Err(Failure::Invalid(vec![FieldError::new(
            "duties",
            "window_closed",
            Message::new("self_report_window_closed")
                .arg("from", w.window.opens_on)
                .arg("to", w.window.closes_on),
        )]));
    }
    let units = store.units().await?;
    let on = w.window.reference_date;
    let known_unit = |u: &UnitCode| units.iter().any(|v| v.code == *u && v.valid_on(on));
    let known_work = |k: &str| ROTATION_CLASSES.items.iter().any(|(c, _, _)| *c == k);
    let errors = report.check(&known_unit, &known_work);
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    let actor = who.actor();
    store
        .put_self_reports(
            &w,
            &[(me.clone(), report.clone())],
            ImportOptions::by(&actor, "entry"),
        )
        .await?;
    Ok(())
}

/// Reads one report as `who` may: its writer, HR or a named reader (a read
/// by anyone but the writer audited first).
pub async fn read(
    store: &Store,
    who: &Principal,
    year: i32,
    number: &str,
) -> Result<Option<StoredReport>, Failure> {
    let w = window(store, year).await?;
    let own = who.staff_number.as_deref() == Some(number);
    if !own && !reads_all(who, &w.window) {
        return Err(Failure::Forbidden(Message::new("self_report_not_yours")));
    }
    if !own {
        store
            .audit(AuditEvent {
                actor: &who.actor(),
                action: "read",
                record_type: "self_report",
                record_key: &format!("{year}/{number}"),
                detail: serde_json::json!({}),
            })
            .await?;
    }
    Ok(store
        .self_reports(&w, Some(number))
        .await?
        .into_iter()
        .next())
}

/// Whether a staff member has handed in their report.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusLine {
    pub staff_number: StaffNumber,
    pub unit: Option<UnitCode>,
    pub submitted: bool,
}

/// Who has handed in a report: HR and the readers everyone in service on
/// the reference date; a 所属長 their units' members (status only); anyone
/// else themselves.
pub async fn status(store: &Store, who: &Principal, year: i32) -> Result<Vec<StatusLine>, Failure> {
    let w = window(store, year).await?;
    let on = w.window.reference_date;
    let units = store.primary_units_on(on).await?;
    let done: std::collections::HashSet<StaffNumber> =
        store.self_report_writers(&w).await?.into_iter().collect();
    let all = reads_all(who, &w.window);
    Ok(store
        .in_service_on(on)
        .await?
        .into_iter()
        .filter(|n| {
            all || who.staff_number.as_ref() == Some(n)
                || (who.has(Role::Manager)
                    && units
                        .get(n)
                        .is_some_and(|(u, _)| who.managed_units.contains(u)))
        })
        .map(|n| StatusLine {
            unit: units.get(&n).map(|(u, _)| u.clone()),
            submitted: done.contains(&n),
            staff_number: n,
        })
        .collect())
}

/// A report's wishes against where its writer went.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReflectionRow {
    pub staff_number: StaffNumber,
    pub unit: Option<UnitCode>,
    /// Years in that post on the reference date.
    pub years_in_post: f64,
    pub stay: bool,
    pub wishes: Vec<Wish>,
    /// None until the next 1 April.
    pub outcome: Option<Outcome>,
}

/// 希望反映率 of a group: wishes that could be honoured or not, and those
/// that were.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Share {
    pub group: String,
    pub decided: usize,
    pub honoured: usize,
    /// Percent, one decimal; none when nothing was decided.
    pub rate: Option<f64>,
}

/// How a year's wishes fared.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reflection {
    pub fiscal_year: i32,
    pub reference_date: NaiveDate,
    pub next_april: NaiveDate,
    /// False until the next 1 April: no outcome is known yet.
    pub decided: bool,
    pub overall: Share,
    /// By the kind of work (部門区分) of the unit the writer served in.
    pub by_class: Vec<Share>,
    /// By years in post: under_3, 3_to_5, 5_and_more.
    pub by_tenure: Vec<Share>,
    pub rows: Vec<ReflectionRow>,
}

fn share(group: String, rows: &[&ReflectionRow]) -> Share {
    let decided: Vec<bool> = rows
        .iter()
        .filter_map(|r| r.outcome.as_ref().and_then(|o| o.honoured))
        .collect();
    let honoured = decided.iter().filter(|h| **h).count();
    Share {
        group,
        decided: decided.len(),
        honoured,
        rate: (!decided.is_empty())
            .then(|| (honoured as f64 * 1000.0 / decided.len() as f64).round() / 10.0),
    }
}

/// The year's 希望反映 (HR and the named readers), audited.
pub async fn reflection(store: &Store, who: &Principal, year: i32) -> Result<Reflection, Failure> {
    let w = window(store, year).await?;
    if !reads_all(who, &w.window) {
        return Err(Failure::Forbidden(Message::new("self_report_not_yours")));
    }
    store
        .audit(AuditEvent {
            actor: &who.actor(),
            action: "read",
            record_type: "self_report_reflection",
            record_key: &year.to_string(),
            detail: serde_json::json!({}),
        })
        .await?;
    let on = w.window.reference_date;
    let next = w.window.next_april();
    let decided = store.clock().today() >= next;
    let then = store.primary_units_on(on).await?;
    let after = store.primary_units_on(next).await?;
    let units = store.units().await?;
    let work_of = |u: &UnitCode| {
        units
            .iter()
            .find(|v| v.code == *u && v.valid_on(next))
            .map(|v| v.rotation.clone())
    };
    let class_then = |u: &UnitCode| {
        units
            .iter()
            .find(|v| v.code == *u && v.valid_on(on))
            .map_or_else(String::new, |v| v.rotation.clone())
    };
    let rows: Vec<ReflectionRow> = store
        .self_reports(&w, None)
        .await?
        .into_iter()
        .map(|r| {
            let (unit, since) = match then.get(&r.staff_number) {
                Some((u, s)) => (Some(u.clone()), Some(*s)),
                None => (None, None),
            };
            let years = since.map_or(0.0, |s| (on - s).num_days().max(0) as f64 / 365.25);
            ReflectionRow {
                outcome: decided.then(|| {
                    outcome(
                        &r.report,
                        unit.as_ref(),
                        after.get(&r.staff_number).map(|(u, _)| u),
                        &work_of,
                    )
                }),
                years_in_post: (years * 10.0).round() / 10.0,
                stay: r.report.stay,
                wishes: r.report.wishes,
                unit,
                staff_number: r.staff_number,
            }
        })
        .collect();
    let all: Vec<&ReflectionRow> = rows.iter().collect();
    let mut by_class: HashMap<String, Vec<&ReflectionRow>> = HashMap::new();
    let mut by_tenure: HashMap<&str, Vec<&ReflectionRow>> = HashMap::new();
    for r in &rows {
        let class = r.unit.as_ref().map(&class_then).unwrap_or_default();
        by_class.entry(class).or_default().push(r);
        by_tenure
            .entry(tenure_band(r.years_in_post))
            .or_default()
            .push(r);
    }
    let mut classes: Vec<Share> = by_class.into_iter().map(|(k, v)| share(k, &v)).collect();
    classes.sort_by(|a, b| a.group.cmp(&b.group));
    let tenure = ["under_3", "3_to_5", "5_and_more"]
        .into_iter()
        .map(|b| {
            share(
                b.to_owned(),
                by_tenure.get(b).map_or(&[][..], Vec::as_slice),
            )
        })
        .collect();
    Ok(Reflection {
        fiscal_year: year,
        reference_date: on,
        next_april: next,
        decided,
        overall: share(String::new(), &all),
        by_class: classes,
        by_tenure: tenure,
        rows,
    })
}
