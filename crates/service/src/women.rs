//! Women's advancement (女性活躍推進法): one fiscal year's publication
//! items computed from the records, small groups withheld; the city's
//! targets in the national format; the years published to citizens; and
//! the births and family leave HR records.
//!
//! Who reads what: HR (人事担当) reads and writes all of it; citizens read
//! a published year's figures and the targets, never a record. The births
//! and leave of a person are family information: only HR lists them, and
//! pay is never shown per person (only imported and exported by HR).

use crate::Failure;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::Principal;
use jinzai_domain::i18n::Message;
use jinzai_domain::report::Table;
use jinzai_domain::women::{self, ChildBirth, FamilyLeave, Line, Target};
use jinzai_store::Store;
use jinzai_store::women::{FamilyQuery, FamilyRecord, StoredBirth, StoredLeave, WomenPublication};
use serde::Serialize;
use std::collections::BTreeMap;

/// One fiscal year's figures.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WomenYear))]
pub struct YearFigures {
    pub fiscal_year: i32,
    pub min_group: u32,
    pub lines: Vec<Line>,
    /// Whether citizens can read this year.
    pub published: bool,
}

/// The page: a year's figures, the targets, the published years.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WomenOverview))]
pub struct Overview {
    pub figures: YearFigures,
    pub targets: Vec<Target>,
    /// The targets in the national format, read against `figures`' year.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub targets_table: Table,
    pub publications: Vec<WomenPublication>,
}

/// A year's figures, withheld where a group is under the minimum.
pub async fn year_figures(store: &Store, year: FiscalYear) -> Result<YearFigures, Failure> {
    let min_group = store.women_min_group().await?;
    let c = store.women_counts(year).await?;
    let published = store
        .women_publications()
        .await?
        .iter()
        .any(|p| p.fiscal_year == year.0);
    Ok(YearFigures {
        fiscal_year: year.0,
        min_group,
        lines: women::lines(&c, min_group),
        published,
    })
}

/// The targets in the national format against year `latest`.
pub async fn targets_table(
    store: &Store,
    targets: &[Target],
    latest: &YearFigures,
) -> Result<Table, Failure> {
    let mut by_year: BTreeMap<i32, Vec<Line>> = BTreeMap::new();
    by_year.insert(latest.fiscal_year, latest.lines.clone());
    for t in targets {
        if let Some(b) = t.baseline_year
            && !by_year.contains_key(&b)
        {
            by_year.insert(b, year_figures(store, FiscalYear(b)).await?.lines);
        }
    }
    Ok(women::targets_table(targets, latest.fiscal_year, &by_year))
}

/// The page of year `year`.
pub async fn overview(store: &Store, year: FiscalYear) -> Result<Overview, Failure> {
    let figures = year_figures(store, year).await?;
    let targets = store.women_targets().await?;
    let targets_table = targets_table(store, &targets, &figures).await?;
    Ok(Overview {
        figures,
        targets,
        targets_table,
        publications: store.women_publications().await?,
    })
}

/// The last fiscal year that has ended by `today`: the year the page opens
/// on (a year under way has no year-end figures yet).
pub fn last_closed_year(today: chrono::NaiveDate) -> FiscalYear {
    FiscalYear(FiscalYear::containing(today).0 - 1)
}

/// The year a page opens on: the latest ended year with pay records (the
/// figures' year-end data), else the last one ended.
pub async fn default_year(store: &Store, today: chrono::NaiveDate) -> Result<FiscalYear, Failure> {
    let last = last_closed_year(today).0;
    let years = store.women_pay_years().await?;
    Ok(FiscalYear(
        years
            .into_iter()
            .filter(|y| *y <= last)
            .max()
            .unwrap_or(last),
    ))
}

/// A published year for citizens (the latest when `year` is none); not
/// found when the year is not published.
pub async fn public_overview(store: &Store, year: Option<i32>) -> Result<Overview, Failure> {
    let published = store.women_publications().await?;
    let Some(y) = year.or_else(|| published.first().map(|p| p.fiscal_year)) else {
        return Err(Failure::NotFound(Message::new("women_nothing_published")));
    };
    if !published.iter().any(|p| p.fiscal_year == y) {
        return Err(Failure::NotFound(
            Message::new("women_not_published").arg("year", FiscalYear(y).label_ja()),
        ));
    }
    overview(store, FiscalYear(y)).await
}

/// Publishes a year (only one that has ended) or withdraws it (HR).
pub async fn set_published(
    store: &Store,
    who: &Principal,
    year: i32,
    publish: bool,
    today: chrono::NaiveDate,
) -> Result<bool, Failure> {
    let fy = FiscalYear(year);
    if !(1900..=2200).contains(&year) {
        return Err(Failure::Invalid(vec![
            jinzai_domain::progress::FieldError::new(
                "year",
                "bad_year",
                Message::new("women_year_bad").arg("year", year),
            ),
        ]));
    }
    if publish && fy.end().is_none_or(|end| end >= today) {
        return Err(Failure::Conflict(
            Message::new("women_publish_open_year").arg("year", fy.label_ja()),
        ));
    }
    Ok(store
        .set_women_published(
            year,
            publish.then_some(who.display_name.as_str()),
            &who.actor(),
        )
        .await?)
}

/// Sets a target (HR).
pub async fn set_target(store: &Store, who: &Principal, t: &Target) -> Result<(), Failure> {
    Ok(store.set_women_target(t, &who.actor()).await?)
}

/// Removes a target (HR); not found when there was none.
pub async fn remove_target(
    store: &Store,
    who: &Principal,
    item: &str,
    group: &str,
) -> Result<(), Failure> {
    if store.remove_women_target(item, group, &who.actor()).await? {
        Ok(())
    } else {
        Err(Failure::NotFound(
            Message::new("women_no_target").arg("item", format!("{item}:{group}")),
        ))
    }
}

/// Sets the minimum group size (HR).
pub async fn set_min_group(store: &Store, who: &Principal, n: u32) -> Result<(), Failure> {
    Ok(store.set_women_min_group(n, &who.actor()).await?)
}

/// The births and leaves of a year (born in it; begun in it), or of one
/// person (HR).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WomenRecords))]
pub struct Records {
    pub births: Vec<StoredBirth>,
    pub leaves: Vec<StoredLeave>,
}

pub async fn records(store: &Store, q: &FamilyQuery<'_>) -> Result<Records, Failure> {
    Ok(Records {
        births: store.child_births(q).await?,
        leaves: store.family_leaves(q).await?,
    })
}

pub async fn add_birth(store: &Store, who: &Principal, b: &ChildBirth) -> Result<i64, Failure> {
    Ok(store.add_child_birth(b, &who.actor()).await?)
}

pub async fn add_leave(store: &Store, who: &Principal, l: &FamilyLeave) -> Result<i64, Failure> {
    Ok(store.add_family_leave(l, &who.actor()).await?)
}

pub async fn remove_record(
    store: &Store,
    who: &Principal,
    record: FamilyRecord,
    id: i64,
) -> Result<(), Failure> {
    Ok(store.remove_family_record(record, id, &who.actor()).await?)
}
