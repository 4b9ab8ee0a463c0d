//! Training's sections on a staff member's page: the training taken
//! (研修履歴) and self-development support (自己啓発支援).

use crate::http::{StaffPanel, coded_label};
use crate::view::date_label;
use jinzai_domain::access::Permission;

pub const STAFF_PANELS: &[StaffPanel] = &[
    StaffPanel {
        id: "training",
        title: "training_history",
        columns: &[
            ("training_dates", false),
            ("training_course", false),
            ("training_category", false),
            ("training_status", false),
            ("training_hours", true),
        ],
        permission: Permission::ReadPeople,
        rows: |state, number, lang| {
            Box::pin(async move {
                Ok(state
                    .store
                    .training_of(number)
                    .await?
                    .into_iter()
                    .map(|t| {
                        vec![
                            date_label(t.participation.start, lang),
                            t.title,
                            coded_label(t.category, lang),
                            coded_label(t.participation.status, lang),
                            t.hours
                                .map(jinzai_domain::grade::fmt_num)
                                .unwrap_or_default(),
                        ]
                    })
                    .collect())
            })
        },
    },
    StaffPanel {
        id: "selfdev",
        title: "self_development",
        columns: &[
            ("training_dates", false),
            ("training_course", false),
            ("event_kind", false),
            ("training_status", false),
        ],
        permission: Permission::ReadPeople,
        rows: |state, number, lang| {
            Box::pin(async move {
                Ok(state
                    .store
                    .self_development_of(number)
                    .await?
                    .into_iter()
                    .map(|d| {
                        vec![
                            date_label(d.applied, lang),
                            d.title,
                            coded_label(d.kind, lang),
                            coded_label(d.status, lang),
                        ]
                    })
                    .collect())
            })
        },
    },
];
