//! Applications to internal postings from sheets (earlier years' paper
//! records), and back to a table.

use super::rows::{
    ColumnSpec, Parsed, col, date, fiscal_year, label, number, read_rows, table, text,
};
use super::{Problem, Sheet};
use crate::import::{RecordKind, store_parsed};
use jinzai_domain::access::Permission;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::postings::{APPLICATION_STATUSES, ApplicationRecord};
use jinzai_domain::report::Table;

/// The postings module's kinds of records in files.
pub const KINDS: &[RecordKind] = &[RecordKind {
    name: "posting_applications",
    module: "postings",
    permission: Permission::ImportPeople,
    columns: APPLICATION_COLUMNS,
    import: |store, sheet, opts| {
        Box::pin(store_parsed(read_applications(sheet), async move |r| {
            store.import_posting_applications(r, opts).await
        }))
    },
    export: |store| {
        Box::pin(async move { Ok(applications_table(&store.all_posting_records().await?)) })
    },
}];

pub const APPLICATION_COLUMNS: &[ColumnSpec] = &[
    col("fiscal_year", &["年度", "fiscal_year"], true),
    col("title", &["公募名", "名称", "title"], true),
    col("staff_number", &["職員番号", "staff_number"], true),
    col("applied_on", &["応募日", "applied_on"], true),
    col("status", &["状況", "結果", "status"], true),
];

/// Applications: one row per posting and person.
pub fn read_applications(sheet: &Sheet) -> Result<Parsed<ApplicationRecord>, Vec<Problem>> {
    read_rows(sheet, APPLICATION_COLUMNS, |r| {
        let year = r.req("fiscal_year");
        let fy = fiscal_year(&year);
        if fy.is_none() && !year.is_empty() {
            r.fail(
                "fiscal_year",
                Message::new("training_fiscal_year_unreadable").arg("year", year),
            );
        }
        let title = r.req("title");
        let staff_number = r.id_req("staff_number");
        let applied_on = r.date_req("applied_on");
        let status = r.coded_req("status");
        Some(ApplicationRecord {
            fiscal_year: fy?,
            title,
            staff_number,
            applied_on,
            status: status?,
        })
    })
}

pub fn applications_table(list: &[ApplicationRecord]) -> Table {
    let rows = list
        .iter()
        .map(|a| {
            vec![
                number(Some(a.fiscal_year)),
                text(&a.title),
                text(&a.staff_number),
                date(Some(a.applied_on)),
                label(&APPLICATION_STATUSES, Some(a.status.code())),
            ]
        })
        .collect();
    table(
        "職員公募への応募",
        APPLICATION_COLUMNS,
        rows,
        list.iter().map(|a| a.staff_number.to_string()).collect(),
    )
}
