//! Use cases of plan & progress that pages and the API share.

use crate::SharedState;
use crate::error::Failure;
use crate::view::Loaded;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Principal, may_record_progress};
use jinzai_domain::i18n::Message;
use jinzai_domain::indicator::{Computed, Fact};
use jinzai_domain::plan::Node;

/// Progress on a measure is recorded by HR or by a head of one of the
/// measure's owner divisions (担当課).
pub fn may_record(who: &Principal, n: &Node) -> Result<(), Failure> {
    if may_record_progress(who, &n.owners) {
        Ok(())
    } else {
        Err(Failure::Forbidden(Message::new("plan_progress_not_yours")))
    }
}

/// Every indicator of `node` for every year of the plan, line by line.
pub async fn computed_years(
    state: &SharedState,
    loaded: &Loaded,
    node: &Node,
) -> Result<Vec<Computed>, Failure> {
    let mut out = Vec::new();
    for year in loaded.plan().years() {
        out.extend(state.store.compute_all(loaded.plan(), node, year).await?);
    }
    out.sort_by_key(|c| c.line);
    Ok(out)
}

#[derive(Debug, serde::Deserialize)]
pub struct LineQuery {
    pub line: Option<u32>,
}

/// One year of one indicator with the records it counts (at most
/// [`RECORDS_SHOWN`]); `None` when the measure has no indicator on `line`.
pub async fn year_records(
    state: &SharedState,
    plan: &jinzai_domain::Plan,
    node: &Node,
    line: u32,
    year: FiscalYear,
) -> Result<Option<(Computed, Vec<Fact>)>, Failure> {
    let Some(index) = node.indicators.iter().position(|s| s.line == line) else {
        return Ok(None);
    };
    let Some(computed) = state.store.compute(plan, node, index, year).await? else {
        return Ok(None);
    };
    let records = state
        .store
        .tally_records(&node.indicators[index].counts, year, RECORDS_SHOWN)
        .await?;
    Ok(Some((computed, records)))
}

/// Drill-down lists show at most this many records (the count is exact).
pub const RECORDS_SHOWN: usize = 1000;
