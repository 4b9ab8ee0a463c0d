//! What each person has to do next, for their home page: HR the rounds'
//! completion per division, overdue entries, entries to review, years not
//! locked and owners to reassign; an owner their measures due, returned
//! and approved; the approver the entries to approve.

use crate::Failure;
use crate::round::{self, OwnerMoved};
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::round::{Capacity, CellState, capacities};
use jinzai_store::Store;
use jinzai_store::round::{Round, RoundCell};
use serde::Serialize;
use std::collections::BTreeMap;

/// One measure's entry as a to-do line.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Item {
    pub node: String,
    pub title: String,
    pub state: CellState,
    /// The last return's or exclusion's reason.
    pub reason: Option<String>,
    pub accountable: Option<String>,
    /// The entry form.
    pub href: String,
}

/// How far one accountable division is in a round.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DivisionProgress {
    pub unit: String,
    pub name: String,
    pub total: usize,
    /// Still with the owner (未着手, 作成中, 差戻し).
    pub with_owner: usize,
    /// Submitted or confirmed, waiting for HR or the approver.
    pub in_review: usize,
    /// Approved or 対象外.
    pub settled: usize,
}

/// A round open for work (its year not locked) as one person sees it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundWork {
    pub round: Round,
    /// Open working days to the due date (negative: past it).
    pub open_days_to_due: i64,
    /// The measures this person owns or contributes to, every state.
    pub mine: Vec<Item>,
    /// HR: submitted, waiting for review.
    pub to_review: Vec<Item>,
    /// The approver: confirmed, waiting for approval.
    pub to_approve: Vec<Item>,
    /// HR: still with the owner after the due date.
    pub overdue: Vec<Item>,
    /// HR: completion per accountable division.
    pub divisions: Vec<DivisionProgress>,
    pub total: usize,
    pub settled: usize,
}

/// One plan's work.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanWork {
    pub code: String,
    pub title: String,
    pub rounds: Vec<RoundWork>,
    /// HR: fiscal years up to this one that are not locked yet.
    pub unlocked_years: Vec<i32>,
    /// HR: named owners who have moved since they were named.
    pub moved: Vec<OwnerMoved>,
}

/// Everything a home page shows besides the inbox.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Home {
    pub plans: Vec<PlanWork>,
}

/// The work of `who` across every plan.
pub async fn work(store: &Store, who: &Principal) -> Result<Home, Failure> {
    let mut plans = Vec::new();
    if !round::takes_part(who) {
        return Ok(Home { plans });
    }
    for summary in store.list_plans().await? {
        let stored = store.load_plan(&summary.code, None).await?;
        plans.push(plan_work(store, who, &stored).await?);
    }
    Ok(Home { plans })
}

/// The work of `who` in one plan.
pub async fn plan_work(
    store: &Store,
    who: &Principal,
    stored: &jinzai_store::StoredPlan,
) -> Result<PlanWork, Failure> {
    let plan = &stored.plan;
    let hr = who.has(Role::Hr);
    let locks = store.year_locks(stored.id).await?;
    let locked = |y: i32| locks.iter().any(|l| l.fiscal_year == y);
    let ownership = round::ownership(store, stored).await?;
    let this_year = FiscalYear::containing(store.clock().today()).0;
    let mut rounds = Vec::new();
    let all = store.rounds(stored.id).await?;
    if !all.is_empty() {
        let calendar = store.work_calendar().await?;
        let today = store.clock().today();
        let units = store.units().await?;
        let working: Vec<i64> = all
            .iter()
            .filter_map(|r| round::working_round(&all, FiscalYear(r.fiscal_year)).map(|w| w.id))
            .collect();
        for r in all
            .into_iter()
            .filter(|r| !locked(r.fiscal_year) && working.contains(&r.id))
        {
            let cells = store.round_cells(r.id).await?;
            let due = r.dates.due_on;
            let open_days_to_due = if due >= today {
                calendar.open_days_between(today, due)
            } else {
                -calendar.open_days_between(due, today)
            };
            let mut w = RoundWork {
                open_days_to_due,
                mine: Vec::new(),
                to_review: Vec::new(),
                to_approve: Vec::new(),
                overdue: Vec::new(),
                divisions: Vec::new(),
                total: cells.len(),
                settled: cells.iter().filter(|c| c.state.settled()).count(),
                round: r,
            };
            let item = |c: &RoundCell| Item {
                node: c.node_code.clone(),
                title: plan
                    .node(&c.node_code)
                    .map(|n| n.display_title())
                    .unwrap_or_default(),
                state: c.state,
                reason: c.reason.clone(),
                accountable: ownership
                    .owners(&c.node_code)
                    .map(|o| o.accountable.as_str().to_owned()),
                href: format!(
                    "/plans/{}/nodes/{}/progress/{}",
                    plan.code, c.node_code, w.round.fiscal_year
                ),
            };
            let mut by_unit: BTreeMap<String, DivisionProgress> = BTreeMap::new();
            for c in &cells {
                let caps = capacities(who, ownership.owners(&c.node_code));
                if caps.contains(&Capacity::Owner) || caps.contains(&Capacity::Contributor) {
                    w.mine.push(item(c));
                }
                if hr && c.state.with_reviewer() {
                    w.to_review.push(item(c));
                }
                if who.has(Role::Approver) && c.state.with_approver() {
                    w.to_approve.push(item(c));
                }
                if hr && c.state.with_owner() && open_days_to_due < 0 {
                    w.overdue.push(item(c));
                }
                if hr {
                    let unit = ownership
                        .owners(&c.node_code)
                        .map(|o| o.accountable.as_str().to_owned())
                        .unwrap_or_default();
                    let d = by_unit
                        .entry(unit.clone())
                        .or_insert_with(|| DivisionProgress {
                            name: units
                                .iter()
                                .find(|u| u.code.as_str() == unit && u.valid_on(today))
                                .map(|u| u.name.clone())
                                .unwrap_or_default(),
                            unit,
                            total: 0,
                            with_owner: 0,
                            in_review: 0,
                            settled: 0,
                        });
                    d.total += 1;
                    if c.state.with_owner() {
                        d.with_owner += 1;
                    } else if c.state.settled() {
                        d.settled += 1;
                    } else {
                        d.in_review += 1;
                    }
                }
            }
            w.divisions = by_unit.into_values().collect();
            // The least advanced divisions first.
            w.divisions.sort_by(|a, b| {
                (a.settled * b.total.max(1))
                    .cmp(&(b.settled * a.total.max(1)))
                    .then(a.unit.cmp(&b.unit))
            });
            if hr || who.has(Role::Approver) || !w.mine.is_empty() {
                rounds.push(w);
            }
        }
    }
    Ok(PlanWork {
        code: plan.code.clone(),
        title: plan.title.clone(),
        rounds,
        unlocked_years: if hr {
            plan.years()
                .filter(|y| y.0 <= this_year && !locked(y.0))
                .map(|y| y.0)
                .collect()
        } else {
            Vec::new()
        },
        moved: if hr {
            round::owners_moved(store, &ownership).await?
        } else {
            Vec::new()
        },
    })
}
