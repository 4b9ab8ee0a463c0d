//! The records behind indicators: each registered metric (see
//! `jinzai_domain::indicator::METRICS`) turned into one year's facts.

use crate::{Result, Store, StoreError};
use jinzai_domain::FiscalYear;
use jinzai_domain::indicator::{Computed, Fact, compute};
use jinzai_domain::people::event::EVENT_KINDS;
use jinzai_domain::plan::{Node, Plan};
use std::collections::BTreeMap;

impl Store {
    /// The facts of `metric` in fiscal year `year`, unfiltered.
    pub async fn indicator_facts(&self, metric: &str, year: FiscalYear) -> Result<Vec<Fact>> {
        let (Some(from), Some(to)) = (year.start(), year.end()) else {
            return Ok(Vec::new());
        };
        match metric {
            "personnel.events" => {
                let events = self.events(None, Some(from), Some(to)).await?;
                Ok(events
                    .into_iter()
                    .map(|e| {
                        let period = match e.end {
                            Some(end) => format!("{}〜{end}", e.date),
                            None => e.date.to_string(),
                        };
                        let partner = e.partner.clone().unwrap_or_default();
                        Fact {
                            label: format!("{} {partner} {period}", EVENT_KINDS.label(&e.kind))
                                .replace("  ", " "),
                            attributes: BTreeMap::from([
                                ("kind", e.kind),
                                ("partner_type", e.partner_type.unwrap_or_default()),
                                ("voluntary", e.voluntary.to_string()),
                            ]),
                            staff_number: e.staff_number,
                        }
                    })
                    .collect())
            }
            other => Err(StoreError::Corrupt(format!(
                "metric {other:?} has no records module"
            ))),
        }
    }
}

impl Store {
    /// A measure's indicator in one year: its facts filtered, counted and
    /// graded against the measure's target. `None` when the measure has no
    /// indicator.
    pub async fn compute_indicator(
        &self,
        plan: &Plan,
        node: &Node,
        year: FiscalYear,
    ) -> Result<Option<Computed>> {
        let Some(spec) = &node.indicator else {
            return Ok(None);
        };
        let facts = self.indicator_facts(&spec.metric, year).await?;
        Ok(Some(compute(spec, node, &plan.grades, year, facts)))
    }
}
