//! The plan's pages: the list, the tree, an item's page, progress entry,
//! computed actuals' records, the dashboard, the progress table, imports.

mod dashboard;
mod indicator;
mod next;
mod plan;
mod plan_import;
mod progress;
mod report;
mod sheet;

use crate::http::Routes;
use jinzai_domain::access::Permission::*;

/// The route table, one route a line.
#[rustfmt::skip]
pub fn routes() -> Routes {
    Routes::new("")
        .get("/plans", ReadPlans, plan::list)
        .get("/plans/import", ImportPlans, plan_import::form)
        .post("/plans/import", ImportPlans, plan_import::submit)
        .get("/plans/{code}", ReadPlans, plan::tree)
        .get("/plans/{code}/versions", ReadPlans, plan::versions)
        .get("/plans/{code}/next", ImportPlans, next::form)
        .post("/plans/{code}/next", ImportPlans, next::submit)
        .get("/plans/{code}/nodes/{node}", ReadPlans, plan::node)
        .get("/plans/{code}/nodes/{node}/indicator/{year}", IndicatorRecords, indicator::records)
        .get("/plans/{code}/nodes/{node}/progress/{year}", RoundSteps, progress::form)
        .post("/plans/{code}/nodes/{node}/progress/{year}", RecordProgress, progress::submit)
        .post("/plans/{code}/nodes/{node}/progress/{year}/step", RoundSteps, progress::step)
        .post("/plans/{code}/years/{year}/lock", LockYears, progress::lock)
        .post("/plans/{code}/years/{year}/unlock", LockYears, progress::unlock)
        .get("/plans/{code}/dashboard", ReadPlans, dashboard::page)
        .get("/plans/{code}/report", ReadPlans, report::page)
        .get("/plans/{code}/report/download", ReadPlans, report::download)
        .get("/plans/{code}/sheets", ReadPlans, sheet::page)
}
