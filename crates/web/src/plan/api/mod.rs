//! The plan's API: plans, nodes, computed actuals, roll-ups, the progress
//! table, progress entries and year locks.

mod plans;
mod progress;

use crate::http::Routes;
use jinzai_domain::access::Permission::*;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        plans::list,
        plans::import,
        plans::indicator,
        plans::indicator_records,
        plans::show,
        plans::versions,
        plans::node,
        plans::rollup,
        plans::report,
        progress::current,
        progress::cell,
        progress::record,
        progress::lock,
        progress::unlock,
    ),
    components(schemas(
        jinzai_domain::progress::ProgressInput,
        jinzai_domain::progress::ProgressEntry,
        jinzai_domain::progress::Revision,
    ))
)]
pub struct Doc;

pub fn openapi() -> utoipa::openapi::OpenApi {
    <Doc as utoipa::OpenApi>::openapi()
}

pub fn routes() -> Routes {
    Routes::new("/api/v1")
        .get("/plans", ReadPlans, plans::list)
        .post("/plans", ImportPlans, plans::import)
        .get("/plans/{code}", ReadPlans, plans::show)
        .get("/plans/{code}/versions", ReadPlans, plans::versions)
        .get("/plans/{code}/nodes/{node}", ReadPlans, plans::node)
        .get(
            "/plans/{code}/nodes/{node}/indicator",
            ReadPlans,
            plans::indicator,
        )
        .get(
            "/plans/{code}/nodes/{node}/indicator/{year}",
            AnalysePeople,
            plans::indicator_records,
        )
        .get("/plans/{code}/rollup", ReadPlans, plans::rollup)
        .get("/plans/{code}/report", ReadPlans, plans::report)
        .get("/plans/{code}/progress", ReadPlans, progress::current)
        .get(
            "/plans/{code}/nodes/{node}/progress/{year}",
            ReadPlans,
            progress::cell,
        )
        .post(
            "/plans/{code}/nodes/{node}/progress/{year}",
            RecordProgress,
            progress::record,
        )
        .put("/plans/{code}/locks/{year}", LockYears, progress::lock)
        .delete("/plans/{code}/locks/{year}", LockYears, progress::unlock)
}
