//! The rating distribution of a period (評価結果の分布): counted from the
//! confirmed sheets, small cells withheld (see
//! `jinzai_domain::evaluation::distribution`), shown to HR, and to
//! everyone once HR publishes it.

use crate::Failure;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::evaluation::distribution::{Grouping, Published, publish};
use jinzai_domain::i18n::Message;
use jinzai_store::Store;
use jinzai_store::evaluation::StoredPeriod;
use serde::Serialize;
use std::collections::BTreeMap;

/// A period's distribution as published.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Distribution {
    pub period_id: i64,
    pub fiscal_year: i32,
    pub kind: jinzai_domain::evaluation::EvaluationKind,
    pub term: jinzai_domain::evaluation::PeriodTerm,
    pub by: Grouping,
    /// Each row's code (a department's unit code, or a tier) and, for a
    /// department, its name.
    pub group_names: Vec<String>,
    /// The bands' names, in the scale's order.
    pub band_names: Vec<String>,
    pub table: Published,
    /// The city's target share per band (percent), where it has them.
    pub targets: Vec<Option<f64>>,
    /// Cells of fewer people than this are withheld.
    pub min_cell: u32,
    pub published_at: Option<String>,
}

async fn period(store: &Store, id: i64) -> Result<StoredPeriod, Failure> {
    store
        .evaluation_period(id)
        .await?
        .ok_or_else(|| Failure::NotFound(Message::new("evaluation_no_period").arg("id", id)))
}

/// The distribution of a period: HR always; anyone else (citizens too)
/// once published.
pub async fn distribution(
    store: &Store,
    who: &Principal,
    period_id: i64,
    by: Grouping,
) -> Result<Distribution, Failure> {
    let p = period(store, period_id).await?;
    if p.published_at.is_none() && !who.has(Role::Hr) {
        return Err(Failure::NotFound(Message::new("evaluation_not_published")));
    }
    let counts = store.rating_counts(&p, by).await?;
    let bands: Vec<String> = p.scheme.bands.iter().map(|b| b.code.clone()).collect();
    let mut by_group: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for (group, band, n) in counts {
        let row = by_group
            .entry(group)
            .or_insert_with(|| vec![0; bands.len()]);
        if let Some(i) = bands.iter().position(|b| *b == band) {
            row[i] += u64::try_from(n).unwrap_or(0);
        }
    }
    let on = p.period.ends_on;
    let units = store.units().await?;
    let codes: Vec<String> = by_group.keys().cloned().collect();
    let group_names = codes
        .iter()
        .map(|c| match by {
            Grouping::Department => units
                .iter()
                .find(|u| u.code.as_str() == c && u.valid_on(on))
                .map_or_else(|| c.clone(), |u| u.name.clone()),
            Grouping::Tier => c.clone(),
        })
        .collect();
    let counts: Vec<Vec<u64>> = by_group.into_values().collect();
    Ok(Distribution {
        period_id,
        fiscal_year: p.period.fiscal_year,
        kind: p.period.kind,
        term: p.period.term,
        by,
        group_names,
        band_names: p.scheme.bands.iter().map(|b| b.label.clone()).collect(),
        table: publish(codes, bands, &counts, u64::from(p.scheme.min_cell)),
        targets: p.scheme.bands.iter().map(|b| b.target_share).collect(),
        min_cell: p.scheme.min_cell,
        published_at: p.published_at,
    })
}

/// Publishes a period's distribution or withdraws it (HR).
pub async fn set_published(
    store: &Store,
    who: &Principal,
    period_id: i64,
    published: bool,
) -> Result<(), Failure> {
    period(store, period_id).await?;
    store
        .publish_distribution(period_id, published, &who.actor())
        .await?;
    Ok(())
}

/// The periods whose distribution is published, newest first.
pub async fn published_periods(store: &Store) -> Result<Vec<StoredPeriod>, Failure> {
    let mut list: Vec<StoredPeriod> = store
        .evaluation_periods(None)
        .await?
        .into_iter()
        .filter(|p| p.published_at.is_some())
        .collect();
    list.reverse();
    Ok(list)
}
