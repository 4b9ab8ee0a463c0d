//! HR's period overview: how far each department's evaluatees have come
//! in a period (see `jinzai_domain::evaluation::progress`).

use crate::Failure;
use chrono::NaiveDate;
use jinzai_domain::evaluation::progress::{ProgressRow, tabulate};
use jinzai_domain::evaluation::{EvaluationKind, PeriodTerm};
use jinzai_domain::i18n::Message;
use jinzai_store::Store;
use serde::Serialize;

/// A period's progress by department.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodProgress {
    pub period_id: i64,
    pub fiscal_year: i32,
    pub kind: EvaluationKind,
    pub term: PeriodTerm,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The day departments are taken on: today within the period, else
    /// its first or last day.
    pub on: NaiveDate,
    /// The sheet states, in the order of each row's `by_state`.
    pub states: Vec<String>,
    pub rows: Vec<ProgressRow>,
    /// Each row's department name, in the same order.
    pub names: Vec<String>,
    pub total: ProgressRow,
}

/// A period's progress (the route lets only HR ask).
pub async fn period_progress(store: &Store, period_id: i64) -> Result<PeriodProgress, Failure> {
    let p = store.evaluation_period(period_id).await?.ok_or_else(|| {
        Failure::NotFound(Message::new("evaluation_no_period").arg("id", period_id))
    })?;
    let today = store.clock().today();
    let on = today.clamp(p.period.starts_on, p.period.ends_on);
    let counted = store.period_progress_counts(&p, on).await?;
    let (rows, total) = tabulate(&counted);
    let units = store.units().await?;
    let names = rows
        .iter()
        .map(|r| {
            units
                .iter()
                .find(|u| u.code.as_str() == r.group && u.valid_on(on))
                .map_or_else(|| r.group.clone(), |u| u.name.clone())
        })
        .collect();
    Ok(PeriodProgress {
        period_id,
        fiscal_year: p.period.fiscal_year,
        kind: p.period.kind,
        term: p.period.term,
        starts_on: p.period.starts_on,
        ends_on: p.period.ends_on,
        on,
        states: <jinzai_domain::evaluation::sheet::SheetState as strum::VariantArray>::VARIANTS
            .iter()
            .map(|s| jinzai_domain::people::codes::Coded::code(*s).to_owned())
            .collect(),
        rows,
        names,
        total,
    })
}
