//! The outreach module's metrics: lectures delivered (Kiyose's 2-5-1, graded
//! against 10 / 15 / 20 回). Their SQL: the store's `outreach::metrics`.

use crate::indicator::{Metric, filter};

pub const METRICS: &[Metric] = &[Metric {
    code: "outreach.deliveries",
    label_ja: "出前講座の実施",
    description: "Outreach lectures (出前講座) staff delivered to citizens' groups, one record per delivery.",
    in_year: "the lecture was delivered in the fiscal year",
    per_staff: false,
    listed_by: crate::access::Role::Hr,
    filters: &[filter(
        "source",
        "how the request came: the public page, or phone and counter (entered by staff)",
        super::SOURCES.items,
    )],
}];
