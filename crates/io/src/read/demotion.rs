//! Voluntary demotion requests from sheets (earlier years' paper records,
//! or another system's), and back to a table. The file holds reasons: its
//! export is an audited read.

use super::rows::{
    ColumnSpec, Parsed, col, date, fiscal_year, label, number, read_rows, table, text,
};
use super::{Problem, Sheet};
use crate::import::{RecordKind, store_parsed};
use jinzai_domain::access::Permission;
use jinzai_domain::demotion::{DECISIONS, REASONS, RequestRecord};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::{Coded, JOB_GRADES};
use jinzai_domain::report::Table;

/// Who an export is audited as.
const EXPORT_ACTOR: &str = "jinzai:export";

/// The demotion module's kinds of records in files.
pub const KINDS: &[RecordKind] = &[RecordKind {
    name: "demotion_requests",
    module: "demotion",
    permission: Permission::ImportPeople,
    columns: REQUEST_COLUMNS,
    import: |store, sheet, opts| {
        Box::pin(store_parsed(read_requests(sheet), async move |r| {
            store.import_demotion_requests(r, opts).await
        }))
    },
    export: |store| {
        Box::pin(async move {
            Ok(requests_table(
                &store.all_demotion_records(EXPORT_ACTOR).await?,
            ))
        })
    },
}];

pub const REQUEST_COLUMNS: &[ColumnSpec] = &[
    col("fiscal_year", &["年度", "fiscal_year"], true),
    col("staff_number", &["職員番号", "staff_number"], true),
    col("requested_on", &["申出日", "requested_on"], true),
    col("reason", &["理由", "reason"], true),
    col("details", &["事情", "詳細", "details"], true),
    col("wished_grade", &["希望職層", "wished_grade"], false),
    col(
        "withdrawn_on",
        &["取下げ日", "取下日", "withdrawn_on"],
        false,
    ),
    col("decision", &["決定", "decision"], false),
    col("decided_on", &["決定日", "decided_on"], false),
    col("to_grade", &["降任後の職層", "to_grade"], false),
    col("effective_on", &["発令日", "effective_on"], false),
];

/// Requests: one row per year and person.
pub fn read_requests(sheet: &Sheet) -> Result<Parsed<RequestRecord>, Vec<Problem>> {
    read_rows(sheet, REQUEST_COLUMNS, |r| {
        let year = r.req("fiscal_year");
        let fy = fiscal_year(&year);
        if fy.is_none() && !year.is_empty() {
            r.fail(
                "fiscal_year",
                Message::new("training_fiscal_year_unreadable").arg("year", year),
            );
        }
        let staff_number = r.id_req("staff_number");
        let requested_on = r.date_req("requested_on");
        let reason = r.coded_req("reason");
        let details = r.req("details");
        let wished_grade = r.code_opt("wished_grade", &JOB_GRADES);
        let withdrawn_on = r.date_opt("withdrawn_on");
        let approved = r.code_opt("decision", &DECISIONS).map(|c| c == "approved");
        let decided_on = r.date_opt("decided_on");
        let to_grade = r.code_opt("to_grade", &JOB_GRADES);
        let effective_on = r.date_opt("effective_on");
        Some(RequestRecord {
            fiscal_year: fy?,
            staff_number,
            requested_on,
            reason: reason?,
            details,
            wished_grade,
            withdrawn_on,
            approved,
            decided_on,
            to_grade,
            effective_on,
        })
    })
}

pub fn requests_table(list: &[RequestRecord]) -> Table {
    let rows = list
        .iter()
        .map(|a| {
            vec![
                number(Some(a.fiscal_year)),
                text(&a.staff_number),
                date(Some(a.requested_on)),
                label(&REASONS, Some(a.reason.code())),
                text(&a.details),
                label(&JOB_GRADES, a.wished_grade.as_deref()),
                date(a.withdrawn_on),
                label(
                    &DECISIONS,
                    a.approved.map(|y| if y { "approved" } else { "rejected" }),
                ),
                date(a.decided_on),
                label(&JOB_GRADES, a.to_grade.as_deref()),
                date(a.effective_on),
            ]
        })
        .collect();
    table(
        "希望降任の申出",
        REQUEST_COLUMNS,
        rows,
        list.iter().map(|a| a.staff_number.to_string()).collect(),
    )
}
