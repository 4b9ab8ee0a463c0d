//! The public page's use cases that pages and the API share.

use crate::Failure;
use crate::plan as view;
use jinzai_domain::FiscalYear;
use jinzai_domain::i18n::Message;
use jinzai_domain::report::{Table, progress_table};
use jinzai_store::Store;
use serde::Deserialize;

/// The published part of a plan's progress table; not found when nothing
/// of the plan is published (an unpublished plan does not show it exists).
pub async fn published_table(
    store: &Store,
    code: &str,
    year: Option<i32>,
) -> Result<(view::Loaded, Vec<FiscalYear>, Table), Failure> {
    let years: Vec<FiscalYear> = store
        .publications()
        .await?
        .into_iter()
        .filter(|p| p.plan_code == code && year.is_none_or(|y| y == p.fiscal_year))
        .map(|p| FiscalYear(p.fiscal_year))
        .collect();
    if years.is_empty() {
        return Err(Failure::NotFound(
            Message::new("public_nothing_published").arg("code", code),
        ));
    }
    let loaded = view::load(store, code).await?;
    let t = progress_table(loaded.plan(), &loaded.shown, &years).without_columns(&PRIVATE_COLUMNS);
    Ok((loaded, years, t))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicQuery {
    pub year: Option<i32>,
    pub format: Option<String>,
    pub encoding: Option<String>,
}

/// Publishes a year (HR), or withdraws it.
pub async fn set_published(
    store: &Store,
    who: &jinzai_domain::access::Principal,
    code: &str,
    year: i32,
    publish: bool,
) -> Result<bool, Failure> {
    let loaded = view::load(store, code).await?;
    let year = loaded
        .year_param(Some(year))?
        .ok_or_else(|| Failure::NotFound(Message::new("public_no_year").arg("year", year)))?;
    let changed = if publish {
        // Citizens see a year only once HR has closed it: a published table
        // never changes under their eyes.
        if !loaded.is_locked(year) {
            return Err(Failure::Conflict(
                Message::new("public_publish_unlocked").arg("year", year.label_ja()),
            ));
        }
        store
            .publish_year(loaded.stored.id, year, &who.display_name, &who.actor())
            .await?
    } else {
        store
            .unpublish_year(loaded.stored.id, year, &who.actor())
            .await?
    };
    Ok(changed)
}

/// What HR checks before publishing a year: the measures nobody has
/// reported for it (they would show as 未報告 to citizens).
pub fn unreported(loaded: &view::Loaded, year: FiscalYear) -> Vec<String> {
    loaded
        .plan()
        .measures()
        .filter(|m| {
            loaded
                .rev(&m.code, year)
                .is_none_or(|r| r.entry.status.is_empty())
        })
        .map(|m| m.display_title())
        .collect()
}

/// Columns the public never sees.
pub const PRIVATE_COLUMNS: [&str; 2] = ["author", "revision"];
