//! Women's-advancement records from sheets (births, family leave, yearly
//! pay), and back to tables.

use super::rows::{ColumnSpec, Parsed, col, date, fiscal_year, label, read_rows, table, text};
use super::{Problem, Sheet};
use crate::import::{RecordKind, store_parsed};
use jinzai_domain::access::Permission;
use jinzai_domain::i18n::Message;
use jinzai_domain::report::{Table, Value};
use jinzai_domain::women::{AnnualPay, ChildBirth, FamilyLeave, LEAVE_KINDS};

/// The women module's kinds of records in files.
pub const KINDS: &[RecordKind] = &[
    RecordKind {
        name: "child_births",
        module: "women",
        permission: Permission::ImportPeople,
        columns: BIRTH_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_births(sheet), async move |r| {
                store.import_child_births(r, opts).await
            }))
        },
        export: |store| {
            Box::pin(async move {
                let list: Vec<ChildBirth> = store
                    .child_births(&Default::default())
                    .await?
                    .into_iter()
                    .map(|b| b.birth)
                    .collect();
                Ok(births_table(&list))
            })
        },
    },
    RecordKind {
        name: "family_leaves",
        module: "women",
        permission: Permission::ImportPeople,
        columns: LEAVE_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_leaves(sheet), async move |r| {
                store.import_family_leaves(r, opts).await
            }))
        },
        export: |store| {
            Box::pin(async move {
                let list: Vec<FamilyLeave> = store
                    .family_leaves(&Default::default())
                    .await?
                    .into_iter()
                    .map(|l| l.leave)
                    .collect();
                Ok(leaves_table(&list))
            })
        },
    },
    RecordKind {
        name: "annual_pay",
        module: "women",
        permission: Permission::ImportPeople,
        columns: PAY_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_pay(sheet), async move |r| {
                store.import_annual_pay(r, opts).await
            }))
        },
        export: |store| Box::pin(async move { Ok(pay_table(&store.annual_pay(None).await?)) }),
    },
];

pub const BIRTH_COLUMNS: &[ColumnSpec] = &[
    col("staff_number", &["職員番号", "staff_number"], true),
    col("born_on", &["出生日", "子の生年月日", "born_on"], true),
];

pub const LEAVE_COLUMNS: &[ColumnSpec] = &[
    col("staff_number", &["職員番号", "staff_number"], true),
    col("kind", &["種別", "休業・休暇", "kind"], true),
    col("from", &["開始日", "from"], true),
    col("to", &["終了日", "to"], true),
    col(
        "child_born_on",
        &["子の生年月日", "出生日", "child_born_on"],
        true,
    ),
];

pub const PAY_COLUMNS: &[ColumnSpec] = &[
    col("staff_number", &["職員番号", "staff_number"], true),
    col("fiscal_year", &["年度", "fiscal_year"], true),
    col("amount", &["給与総支給額", "年間給与総額", "amount"], true),
    col("months", &["支給月数", "months"], true),
    col(
        "overtime_hours",
        &["超過勤務時間", "年間超過勤務時間", "overtime_hours"],
        false,
    ),
    col(
        "leave_granted",
        &["年次休暇付与日数", "付与日数", "leave_granted"],
        false,
    ),
    col(
        "leave_taken",
        &["年次休暇取得日数", "取得日数", "leave_taken"],
        false,
    ),
];

/// Births: one row per person and day.
pub fn read_births(sheet: &Sheet) -> Result<Parsed<ChildBirth>, Vec<Problem>> {
    read_rows(sheet, BIRTH_COLUMNS, |r| {
        Some(ChildBirth {
            staff_number: r.id_req("staff_number"),
            born_on: r.date_req("born_on"),
        })
    })
}

/// Leaves: one row per person, kind and first day; the kind by its code or
/// label.
pub fn read_leaves(sheet: &Sheet) -> Result<Parsed<FamilyLeave>, Vec<Problem>> {
    read_rows(sheet, LEAVE_COLUMNS, |r| {
        Some(FamilyLeave {
            staff_number: r.id_req("staff_number"),
            kind: r.code_req("kind", &LEAVE_KINDS),
            from: r.date_req("from"),
            to: r.date_req("to"),
            child_born_on: r.date_req("child_born_on"),
        })
    })
}

/// Pay: one row per person and fiscal year (`2024`, `令和6年度`), the
/// amount in yen (`5,123,456`), the months paid (1 to 12); optionally the
/// year's overtime hours and annual leave days granted and taken (`12.5`).
pub fn read_pay(sheet: &Sheet) -> Result<Parsed<AnnualPay>, Vec<Problem>> {
    read_rows(sheet, PAY_COLUMNS, |r| {
        let year = r.req("fiscal_year");
        let fiscal_year = fiscal_year(&year).unwrap_or_else(|| {
            if !year.is_empty() {
                r.fail(
                    "fiscal_year",
                    Message::new("training_fiscal_year_unreadable").arg("year", year),
                );
            }
            0
        });
        let amount = r.int_req("amount");
        let months = r.int_req("months");
        let overtime = r.int_opt("overtime_hours");
        let leave_granted = r.num_opt("leave_granted");
        let leave_taken = r.num_opt("leave_taken");
        Some(AnnualPay {
            staff_number: r.id_req("staff_number"),
            fiscal_year,
            amount,
            // Out of range reads as 0, which the record's check refuses.
            months: u8::try_from(months).unwrap_or(0),
            // Negative or huge reads past the limit, which the check refuses.
            overtime_hours: overtime.map(|h| u32::try_from(h).unwrap_or(u32::MAX)),
            leave_granted,
            leave_taken,
        })
    })
}

pub fn births_table(list: &[ChildBirth]) -> Table {
    let rows = list
        .iter()
        .map(|b| vec![text(&b.staff_number), date(Some(b.born_on))])
        .collect();
    table(
        "子の出生",
        BIRTH_COLUMNS,
        rows,
        list.iter().map(|b| b.staff_number.to_string()).collect(),
    )
}

pub fn leaves_table(list: &[FamilyLeave]) -> Table {
    let rows = list
        .iter()
        .map(|l| {
            vec![
                text(&l.staff_number),
                label(&LEAVE_KINDS, Some(&l.kind)),
                date(Some(l.from)),
                date(Some(l.to)),
                date(Some(l.child_born_on)),
            ]
        })
        .collect();
    table(
        "育児休業等",
        LEAVE_COLUMNS,
        rows,
        list.iter().map(|l| l.staff_number.to_string()).collect(),
    )
}

pub fn pay_table(list: &[AnnualPay]) -> Table {
    let rows = list
        .iter()
        .map(|p| {
            vec![
                text(&p.staff_number),
                Value::Number(f64::from(p.fiscal_year)),
                Value::Number(p.amount as f64),
                Value::Number(f64::from(p.months)),
                p.overtime_hours
                    .map_or(Value::Empty, |h| Value::Number(f64::from(h))),
                p.leave_granted.map_or(Value::Empty, Value::Number),
                p.leave_taken.map_or(Value::Empty, Value::Number),
            ]
        })
        .collect();
    table(
        "年間給与",
        PAY_COLUMNS,
        rows,
        list.iter().map(|p| p.staff_number.to_string()).collect(),
    )
}
