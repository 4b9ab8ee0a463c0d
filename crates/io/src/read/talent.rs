//! Specialist designations from sheets, and back to a table.

use super::rows::{ColumnSpec, Parsed, col, date, read_rows, table, text};
use super::{Problem, Sheet};
use crate::import::{RecordKind, store_parsed};
use jinzai_domain::access::Permission;
use jinzai_domain::report::Table;
use jinzai_domain::talent::Designation;

/// The talent module's kinds of records in files.
pub const KINDS: &[RecordKind] = &[RecordKind {
    name: "specialist_designations",
    module: "talent",
    permission: Permission::ImportPeople,
    columns: DESIGNATION_COLUMNS,
    import: |store, sheet, opts| {
        Box::pin(store_parsed(read_designations(sheet), async move |r| {
            store.import_designations(r, opts).await
        }))
    },
    export: |store| {
        Box::pin(async move {
            let fields = store.specialist_fields().await?;
            let list: Vec<Designation> = store
                .designations(&Default::default())
                .await?
                .into_iter()
                .map(|s| {
                    let mut d = s.designation;
                    if let Some(f) = fields.iter().find(|f| f.code == d.field) {
                        d.field.clone_from(&f.label_ja);
                    }
                    d
                })
                .collect();
            Ok(designations_table(&list))
        })
    },
}];

pub const DESIGNATION_COLUMNS: &[ColumnSpec] = &[
    col("staff_number", &["職員番号", "staff_number"], true),
    col("field", &["分野", "field"], true),
    col("from", &["指定日", "開始日", "from"], true),
    col("to", &["終了日", "to"], false),
    col("note", &["備考", "note"], false).note(),
];

/// Designations: one row per person, field and first day. The field is
/// its code or its label, in Japanese or English (the store knows the
/// city's list).
pub fn read_designations(sheet: &Sheet) -> Result<Parsed<Designation>, Vec<Problem>> {
    read_rows(sheet, DESIGNATION_COLUMNS, |r| {
        Some(Designation {
            staff_number: r.id_req("staff_number"),
            field: r.req("field"),
            from: r.date_req("from"),
            to: r.date_opt("to"),
            note: r.opt("note"),
        })
    })
}

/// Designations as a sheet (the field by its Japanese label).
pub fn designations_table(list: &[Designation]) -> Table {
    let rows = list
        .iter()
        .map(|d| {
            vec![
                text(&d.staff_number),
                text(&d.field),
                date(Some(d.from)),
                date(d.to),
                text(d.note.as_deref().unwrap_or_default()),
            ]
        })
        .collect();
    table(
        "スペシャリストの指定",
        DESIGNATION_COLUMNS,
        rows,
        list.iter().map(|d| d.staff_number.to_string()).collect(),
    )
}
