//! Use cases of people and organisation that pages and the API share.

use crate::Failure;
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Principal, staff_scope};
use jinzai_domain::date::parse_date;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::rotation::{
    RotationCounts as YearCounts, RotationIndex, RotationReport, RotationSettings,
};
use jinzai_store::{StaffQuery, Store};
use serde::Deserialize;

pub const PAGE_SIZE: i64 = 50;

/// Reads the `on` date parameter (any form `parse_date` takes); today if absent.
pub fn on_date(raw: Option<&str>, clock: jinzai_domain::Clock) -> Result<NaiveDate, Failure> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(clock.today()),
        Some(s) => parse_date(s).map_err(|e| Failure::BadRequest {
            code: "bad_date",
            message: e.message(),
        }),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct StaffListQuery {
    pub q: Option<String>,
    pub unit: Option<String>,
    pub employment_type: Option<String>,
    pub job_grade: Option<String>,
    pub on: Option<String>,
    pub page: Option<i64>,
}

impl StaffListQuery {
    /// The store's query, scoped to what `who` may read.
    pub fn to_store(&self, who: &Principal, on: NaiveDate, limit: i64) -> StaffQuery {
        let opt = |s: &Option<String>| s.clone().filter(|v| !v.is_empty());
        StaffQuery {
            text: self.q.clone().unwrap_or_default(),
            unit: opt(&self.unit),
            employment_type: opt(&self.employment_type),
            job_grade: opt(&self.job_grade),
            on: Some(on),
            limit,
            offset: (self.page.unwrap_or(1).max(1) - 1) * limit,
            scope: staff_scope(who),
            today: None,
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RotationQuery {
    pub year: Option<i32>,
    pub window: Option<u32>,
    pub long_stay: Option<u32>,
    pub specialist: Option<u32>,
}

/// Derives the default rotation view (the latest year, default settings)
/// in the background, so that the first person to open it after a start or
/// an import does not wait for every assignment to be read.
pub fn warm_rotation(store: &Store) {
    let store = store.clone();
    tokio::spawn(async move {
        if let Err(e) = compute(&store, &RotationQuery::default()).await {
            tracing::warn!(error = ?e, "warming the rotation view");
        }
    });
}

/// The report for the chosen year and the counts of every year with records.
pub async fn compute(
    store: &Store,
    q: &RotationQuery,
) -> Result<(RotationReport, Vec<YearCounts>), Failure> {
    let d = RotationSettings::default();
    let settings = RotationSettings {
        window_years: q.window.unwrap_or(d.window_years).clamp(1, 45),
        long_stay_years: q.long_stay.unwrap_or(d.long_stay_years).clamp(1, 45),
        specialist_years: q.specialist.unwrap_or(d.specialist_years).clamp(1, 45),
    };
    if let Some(y) = q.year
        && !(1900..=2200).contains(&y)
    {
        return Err(Failure::BadRequest {
            code: "bad_year",
            message: Message::new("fiscal_year_implausible").arg("year", y),
        });
    }
    // Every assignment of the city is read: once per records version (and
    // day, for open assignments), then shared by every view of it.
    let key = format!(
        "rotation:{:?}:{}:{}:{}@{}",
        q.year,
        settings.window_years,
        settings.long_stay_years,
        settings.specialist_years,
        store.clock().today()
    );
    let made = store
        .derived(&key, || compute_afresh(store, q.year, settings))
        .await?;
    Ok((made.0.clone(), made.1.clone()))
}

/// [`compute`], from the records.
async fn compute_afresh(
    store: &Store,
    year: Option<i32>,
    settings: RotationSettings,
) -> Result<(RotationReport, Vec<YearCounts>), Failure> {
    let staff = store.all_staff().await?;
    let assignments = store.primary_assignments().await?;
    let units = store.units().await?;
    let today = store.clock().fiscal_year().0;
    let first = assignments
        .iter()
        .map(|a| FiscalYear::containing(a.start).0)
        .min();
    // Open assignments run to this year.
    let last = assignments
        .iter()
        .map(|a| a.end.map_or(today, |e| FiscalYear::containing(e).0))
        .max();
    let year = FiscalYear(year.unwrap_or_else(|| last.unwrap_or(today).min(today)));
    // Prepared once, then one pass per year; off the async runtime, the
    // chosen year's lists beside the counts of every year.
    let work = move || {
        let index = RotationIndex::new(&staff, &assignments, &units);
        std::thread::scope(|scope| {
            let report = scope.spawn(|| index.report(year, settings));
            let counts: Vec<YearCounts> = match (first, last) {
                (Some(f), Some(l)) => (f.max(l - 29)..=l.min(today))
                    .map(|y| index.counts(FiscalYear(y), settings))
                    .collect(),
                _ => Vec::new(),
            };
            report.join().map(|r| (r, counts))
        })
    };
    let (report, counts) = tokio::task::spawn_blocking(work)
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(|| Failure::Internal(Message::new("people_rotation_failed")))?;
    Ok((report, counts))
}
