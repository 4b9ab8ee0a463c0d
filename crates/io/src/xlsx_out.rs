//! xlsx: one header row, no merged cells, numbers as numbers, blank as
//! blank; laid out to print on A4 landscape.

use crate::ExportError;
use jinzai_domain::report::{Table, Value};
use rust_xlsxwriter::{Format, FormatBorder, Workbook};

pub fn write(table: &Table) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("進行管理表")?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(0xE8EEF7);
    let wrap = Format::new().set_text_wrap();
    for (c, col) in table.columns.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, c, &col.label, &header)?;
        let width = match col.key.as_str() {
            "achievements" | "issues" | "actual_text" | "grade_reason" | "schedule" => 36.0,
            k if k.starts_with("level") => 28.0,
            "project" => 24.0,
            _ => 12.0,
        };
        sheet.set_column_width(c, width)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, v) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            match v {
                Value::Text(s) => {
                    sheet.write_string_with_format(r, c, s, &wrap)?;
                }
                Value::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                Value::Empty => {}
            }
        }
    }
    let last_col = u16::try_from(table.columns.len().saturating_sub(1)).unwrap_or(0);
    let last_row = u32::try_from(table.rows.len()).unwrap_or(0);
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use jinzai_domain::report::Column;
    use std::io::Cursor;

    #[test]
    fn reads_back_with_one_header_row_and_blank_cells() {
        let table = Table {
            title: "t".into(),
            columns: vec![
                Column::new("code", "コード"),
                Column::new("actual", "実績値"),
            ],
            rows: vec![
                vec![Value::Text("1-1".into()), Value::Number(150.0)],
                vec![Value::Text("1-2".into()), Value::Empty],
            ],
            row_codes: vec!["1-1".into(), "1-2".into()],
        };
        let bytes = write(&table).unwrap_or_default();
        let mut xlsx: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        let range = xlsx
            .worksheet_range("進行管理表")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(range.get_size(), (3, 2));
        assert_eq!(range.get((0, 1)), Some(&Data::String("実績値".into())));
        assert_eq!(range.get((1, 1)), Some(&Data::Float(150.0)));
        assert_eq!(range.get((2, 1)), Some(&Data::Empty));
        let merged = xlsx
            .worksheet_merge_cells("進行管理表")
            .and_then(Result::ok)
            .unwrap_or_default();
        assert!(merged.is_empty());
    }
}
