//! New talent and specialists: HR names specialists in the city's fields
//! (and extends the list of fields); the talent page shows the
//! designations in force and, year by year, the figures of measures 1-6-1
//! to 1-7-2 counted by the same metrics a plan's indicators use.
//!
//! Designations are not confidential: HR reads and writes them all; the
//! staff page shows a person's own to whoever may read that page.

use crate::Failure;
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::Principal;
use jinzai_domain::indicator::{Aggregate, Counting};
use jinzai_domain::talent::{Designation, SpecialistField};
use jinzai_store::Store;
use jinzai_store::talent::{DesignationQuery, StoredDesignation};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many years the page's table goes back.
pub const YEARS_SHOWN: i32 = 5;

/// The rotation window read by the figures (Kiyose: 10–15 years).
pub const ROTATION_FROM_YEAR: u32 = 10;
pub const ROTATION_TO_YEAR: u32 = 15;
/// Service at which staff are counted towards the specialist track.
pub const SPECIALIST_YEARS: u32 = 15;

/// One fiscal year's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TalentYear))]
pub struct YearFigures {
    pub fiscal_year: i32,
    /// 1-6-1: regular staff in their 10th to 15th year of service at the
    /// year's end, and of them those whose main posts covered 窓口, 事業
    /// and 管理.
    pub rotation_in_window: u64,
    pub rotation_covered: u64,
    /// 1-6-2: staff designated specialists in the year, and of them those
    /// with 15 years of service or more.
    pub specialists: u64,
    pub specialists_senior: u64,
    /// 1-7-1: hires in the year, and mid-career (民間等経験者) hires into
    /// professional and general posts.
    pub hires: u64,
    pub mid_career_professional: u64,
    pub mid_career_general: u64,
    /// 1-7-2: re-employed staff (再任用) in service in the year.
    pub reemployed: u64,
}

/// The talent page.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TalentOverview))]
pub struct Overview {
    /// The day designations are shown in force on.
    pub on: NaiveDate,
    pub fields: Vec<SpecialistField>,
    pub designations: Vec<StoredDesignation>,
    /// Designations in force on `on` per field code (every field listed).
    pub per_field: BTreeMap<String, usize>,
    /// The years up to the one containing `on`, latest first.
    pub years: Vec<YearFigures>,
}

fn counting(metric: &str, filters: &[(&str, &str)]) -> Counting {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in filters {
        map.entry((*k).to_owned())
            .or_default()
            .push((*v).to_owned());
    }
    Counting {
        metric: metric.to_owned(),
        count: Aggregate::DistinctStaff,
        filters: map,
    }
}

/// A year's figures, counted as a plan's indicators count them.
pub async fn year_figures(store: &Store, year: FiscalYear) -> Result<YearFigures, Failure> {
    let from = ROTATION_FROM_YEAR.to_string();
    let to = ROTATION_TO_YEAR.to_string();
    let senior = SPECIALIST_YEARS.to_string();
    let window = [("served_at_least", from.as_str()), ("served_at_most", &to)];
    let n = async |metric: &str, filters: &[(&str, &str)]| -> Result<u64, Failure> {
        Ok(store.tally(&counting(metric, filters), year).await?.value)
    };
    Ok(YearFigures {
        fiscal_year: year.0,
        rotation_in_window: n("talent.rotation", &window).await?,
        rotation_covered: n(
            "talent.rotation",
            &[window[0], window[1], ("covered", "true")],
        )
        .await?,
        specialists: n("talent.specialists", &[]).await?,
        specialists_senior: n("talent.specialists", &[("served_at_least", &senior)]).await?,
        hires: n("people.hires", &[]).await?,
        mid_career_professional: n(
            "people.hires",
            &[
                ("hiring_route", "mid_career"),
                ("job_family", "professional"),
            ],
        )
        .await?,
        mid_career_general: n(
            "people.hires",
            &[("hiring_route", "mid_career"), ("job_family", "general")],
        )
        .await?,
        reemployed: n("people.staff", &[("employment_type", "reemployed")]).await?,
    })
}

/// The designations in force on `on` (of one field when given), the
/// count per field, and the figures of the last [`YEARS_SHOWN`] years.
pub async fn overview(
    store: &Store,
    on: NaiveDate,
    field: Option<&str>,
) -> Result<Overview, Failure> {
    let fields = store.specialist_fields().await?;
    let in_force = store
        .designations(&DesignationQuery {
            on: Some(on),
            ..DesignationQuery::default()
        })
        .await?;
    let mut per_field: BTreeMap<String, usize> =
        fields.iter().map(|f| (f.code.clone(), 0)).collect();
    for d in &in_force {
        *per_field.entry(d.designation.field.clone()).or_default() += 1;
    }
    let designations = in_force
        .into_iter()
        .filter(|d| field.is_none_or(|f| d.designation.field == f))
        .collect();
    let last = FiscalYear::containing(on).0;
    let mut years = Vec::new();
    for y in (last - YEARS_SHOWN + 1..=last).rev() {
        years.push(year_figures(store, FiscalYear(y)).await?);
    }
    Ok(Overview {
        on,
        fields,
        designations,
        per_field,
        years,
    })
}

/// A person's designations, all periods (for their staff page).
pub async fn designations_of(
    store: &Store,
    number: &str,
) -> Result<Vec<StoredDesignation>, Failure> {
    Ok(store
        .designations(&DesignationQuery {
            number: Some(number),
            ..DesignationQuery::default()
        })
        .await?)
}

/// Names a specialist (HR).
pub async fn designate(
    store: &Store,
    who: &Principal,
    d: &Designation,
) -> Result<StoredDesignation, Failure> {
    Ok(store.designate(d, &who.actor()).await?)
}

/// Ends a designation on its last day (HR).
pub async fn end(
    store: &Store,
    who: &Principal,
    id: i64,
    to: NaiveDate,
) -> Result<StoredDesignation, Failure> {
    Ok(store.end_designation(id, to, &who.actor()).await?)
}

/// Adds a field to the city's list (HR).
pub async fn add_field(
    store: &Store,
    who: &Principal,
    f: &SpecialistField,
) -> Result<Vec<SpecialistField>, Failure> {
    store.add_specialist_field(f, &who.actor()).await?;
    Ok(store.specialist_fields().await?)
}
