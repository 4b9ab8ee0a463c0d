//! CSV for Excel users: UTF-8 with BOM, or CP932 refusing (never mangling)
//! characters CP932 cannot hold.

use crate::{Encoding, ExportError};
use jinzai_domain::report::{Table, Value};

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn write(table: &Table, encoding: Encoding) -> Result<Vec<u8>, ExportError> {
    if encoding == Encoding::Cp932 {
        check_cp932(table)?;
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(table.columns.iter().map(|c| neutralised(&c.label)))?;
    for row in &table.rows {
        w.write_record(row.iter().map(|v| match v {
            // A number we formatted is a number, even when negative.
            Value::Number(_) => v.display(),
            _ => neutralised(&v.display()),
        }))?;
    }
    let utf8 = w
        .into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))?;
    Ok(match encoding {
        Encoding::Utf8Bom => [BOM, &utf8].concat(),
        Encoding::Cp932 => {
            let text = String::from_utf8_lossy(&utf8);
            let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
            bytes.into_owned()
        }
    })
}

/// The characters with which a spreadsheet starts a formula (and tab and
/// CR, which some strip before looking): a text cell beginning with one is
/// written with a leading `'`, so that opening the file in Excel shows the
/// text instead of running it (OWASP's rule for CSV injection). The import
/// readers take the `'` off again ([`crate::read::unneutralised`]).
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text`, with a `'` before it when it would start a formula.
pub fn neutralised(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Finds the first character CP932 cannot hold, naming its row (1-based,
/// the header being row 1, as a spreadsheet numbers them) and column.
fn check_cp932(table: &Table) -> Result<(), ExportError> {
    let cells = table
        .columns
        .iter()
        .map(|c| (0usize, c.label.clone(), c.label.clone()))
        .chain(table.rows.iter().enumerate().flat_map(|(i, row)| {
            row.iter()
                .zip(&table.columns)
                .map(move |(v, c)| (i + 1, c.label.clone(), v.display()))
        }));
    for (row_index, column, text) in cells {
        if let Some(ch) = first_unencodable(&text) {
            return Err(ExportError::Unencodable {
                row: row_index + 1,
                code: row_index
                    .checked_sub(1)
                    .and_then(|i| table.row_codes.get(i).cloned())
                    .unwrap_or_else(|| "header".to_owned()),
                column,
                ch,
                codepoint: u32::from(ch),
            });
        }
    }
    Ok(())
}

/// `encoding_rs` replaces what it cannot encode with `&#NNNN;` and only
/// sets a flag: check character by character to name the culprit.
pub fn first_unencodable(text: &str) -> Option<char> {
    let (_, _, had_errors) = encoding_rs::SHIFT_JIS.encode(text);
    if !had_errors {
        return None;
    }
    let mut buf = [0u8; 4];
    text.chars()
        .find(|c| encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut buf)).2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jinzai_domain::report::Column;

    fn table(cell: &str) -> Table {
        Table {
            title: "t".into(),
            columns: vec![
                Column::new("code", "コード"),
                Column::new("x", "実績・成果"),
                Column::new("n", "実績値"),
            ],
            rows: vec![
                vec![
                    Value::Text("1-1".into()),
                    Value::Text("髙橋 ①".into()),
                    Value::Number(140.0),
                ],
                vec![
                    Value::Text("1-2".into()),
                    Value::Text(cell.into()),
                    Value::Empty,
                ],
            ],
            row_codes: vec!["1-1".into(), "1-2".into()],
        }
    }

    #[test]
    fn utf8_has_a_bom_and_crlf() {
        let bytes = write(&table("10〜20"), Encoding::Utf8Bom).unwrap_or_default();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8_lossy(&bytes[3..]).into_owned();
        assert_eq!(
            text,
            "コード,実績・成果,実績値\r\n1-1,髙橋 ①,140\r\n1-2,10〜20,\r\n"
        );
    }

    #[test]
    fn text_that_would_start_a_formula_is_written_as_text() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("+81", "'+81"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("a=b", "a=b"),
        ] {
            let bytes = write(&table(cell), Encoding::Utf8Bom).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes[3..]).into_owned();
            assert!(
                text.ends_with(&format!("\r\n1-2,{written},\r\n")),
                "{cell:?} → {text}"
            );
        }
        let mut negative = table("x");
        negative.rows[1][2] = Value::Number(-3.0);
        let bytes = write(&negative, Encoding::Utf8Bom).unwrap_or_default();
        assert!(String::from_utf8_lossy(&bytes).ends_with("1-2,x,-3\r\n"));
    }

    #[test]
    fn cp932_round_trips_what_it_can_hold() {
        let bytes = write(&table("ｶﾅと﨑"), Encoding::Cp932).unwrap_or_default();
        let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
        assert!(!bad);
        assert!(text.contains("髙橋 ①"), "{text}");
        assert!(text.contains("ｶﾅと﨑"), "{text}");
    }

    #[test]
    fn cp932_names_the_row_and_character_it_cannot_hold() {
        let err = write(&table("10〜20"), Encoding::Cp932)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.starts_with("row 3 (item 1-2), column 「実績・成果」: the character '〜' (U+301C)"),
            "{err}"
        );
        let err = write(&table("𠮷野家"), Encoding::Cp932)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("U+20BB7"), "{err}");
        assert!(!err.contains("&#"), "{err}");
    }
}
