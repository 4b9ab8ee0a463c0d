//! The plan's API: plans, nodes, computed actuals, roll-ups, the progress
//! table, progress entries and year locks.

mod plans;
mod progress;

use crate::http::Routes;
use jinzai_domain::access::Permission::*;

pub fn routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(ReadPlans, routes!(plans::list))
        .api(ImportPlans, routes!(plans::import))
        .api(ReadPlans, routes!(plans::show))
        .api(ReadPlans, routes!(plans::versions))
        .api(ImportPlans, routes!(plans::next))
        .api(ReadPlans, routes!(plans::node))
        .api(ReadPlans, routes!(plans::indicator))
        .api(IndicatorRecords, routes!(plans::indicator_records))
        .api(ReadPlans, routes!(plans::rollup))
        .api(ReadPlans, routes!(plans::report))
        .api(ReadPlans, routes!(progress::current))
        .api(ReadPlans, routes!(progress::cell))
        .api(RecordProgress, routes!(progress::record))
        .api(RoundSteps, routes!(progress::step))
        .api(LockYears, routes!(progress::lock))
        .api(LockYears, routes!(progress::unlock))
}
