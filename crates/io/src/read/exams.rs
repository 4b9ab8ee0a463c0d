//! Promotion exams' applications, sittings and marks from sheets (past
//! years' paper records), and back to a table.

use super::rows::{
    ColumnSpec, Parsed, col, date, fiscal_year, label, number, read_rows, table, text,
};
use super::{Problem, Sheet};
use crate::import::{RecordKind, store_parsed};
use jinzai_domain::access::Permission;
use jinzai_domain::exams::{ApplicationRecord, SITTINGS};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::JOB_GRADES;
use jinzai_domain::report::Table;
use jinzai_domain::report::Value;

/// The exams module's kinds of records in files.
pub const KINDS: &[RecordKind] = &[RecordKind {
    name: "exam_applications",
    module: "exams",
    permission: Permission::ImportPeople,
    columns: APPLICATION_COLUMNS,
    import: |store, sheet, opts| {
        Box::pin(store_parsed(read_applications(sheet), async move |r| {
            store.import_exam_records(r, opts).await
        }))
    },
    export: |store| {
        Box::pin(async move { Ok(applications_table(&store.all_exam_records().await?)) })
    },
}];

pub const APPLICATION_COLUMNS: &[ColumnSpec] = &[
    col("fiscal_year", &["年度", "fiscal_year"], true),
    col("level", &["職層", "試験の職層", "level"], true),
    col("staff_number", &["職員番号", "staff_number"], true),
    col("applied_on", &["申込日", "applied_on"], true),
    col(
        "withdrawn_on",
        &["取下げ日", "取下日", "withdrawn_on"],
        false,
    ),
    col("sat", &["受験", "受験状況", "sat"], false),
    col("scores", &["得点", "scores"], false),
];

/// Marks as a cell gives them: in component order, separated by 、 or ,
/// with - (or nothing) for a component not marked.
fn marks(text: &str) -> Result<Vec<Option<u32>>, String> {
    text.split(['、', ',', '，'])
        .map(str::trim)
        .map(|m| match m {
            "" | "-" | "－" => Ok(None),
            m => m.parse::<u32>().map(Some).map_err(|_| m.to_owned()),
        })
        .collect()
}

/// Applications: one row per exam (year and level) and person.
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
        let level = if r.opt("level").is_some() {
            r.code_opt("level", &JOB_GRADES)
        } else {
            r.req("level");
            None
        };
        let staff_number = r.id_req("staff_number");
        let applied_on = r.date_req("applied_on");
        let withdrawn_on = r.date_opt("withdrawn_on");
        let sat = r.code_opt("sat", &SITTINGS).map(|c| c == "sat");
        let scores = match r.opt("scores").map(|t| marks(&t)) {
            None => Vec::new(),
            Some(Ok(m)) => m,
            Some(Err(bad)) => {
                r.fail(
                    "scores",
                    Message::new("exams_not_a_number").arg("value", bad),
                );
                Vec::new()
            }
        };
        Some(ApplicationRecord {
            fiscal_year: fy?,
            level: level?,
            staff_number,
            applied_on,
            withdrawn_on,
            sat,
            scores,
        })
    })
}

pub fn applications_table(list: &[ApplicationRecord]) -> Table {
    let rows = list
        .iter()
        .map(|a| {
            let scores: Vec<String> = a
                .scores
                .iter()
                .map(|s| s.map_or_else(|| "-".to_owned(), |v| v.to_string()))
                .collect();
            vec![
                number(Some(a.fiscal_year)),
                label(&JOB_GRADES, Some(&a.level)),
                text(&a.staff_number),
                date(Some(a.applied_on)),
                date(a.withdrawn_on),
                label(&SITTINGS, a.sat.map(|s| if s { "sat" } else { "absent" })),
                if scores.is_empty() {
                    Value::Empty
                } else {
                    text(&scores.join(","))
                },
            ]
        })
        .collect();
    table(
        "昇任試験の申込と結果",
        APPLICATION_COLUMNS,
        rows,
        list.iter().map(|a| a.staff_number.to_string()).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_read_in_order_with_gaps() {
        assert_eq!(marks("40、80,-"), Ok(vec![Some(40), Some(80), None]));
        assert_eq!(marks("40,x"), Err("x".to_owned()));
    }
}
