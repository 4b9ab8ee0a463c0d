//! Bulk writes, one way per engine: SQLite takes multi-row INSERTs (no
//! round trips, so statement size is what matters); PostgreSQL takes COPY,
//! which skips per-statement parsing and planning altogether.

use crate::Result;
use crate::people::ImportOptions;
use sqlx::{PgConnection, SqliteConnection};
use std::borrow::Cow;

/// One value of a new row.
pub(crate) enum Cell<'a> {
    Int(i64),
    Text(Option<Cow<'a, str>>),
    /// A number with a fraction (e.g. days of leave), or NULL.
    Real(Option<f64>),
}

impl<'a> Cell<'a> {
    pub(crate) fn text(s: &'a str) -> Self {
        Cell::Text(Some(Cow::Borrowed(s)))
    }

    pub(crate) fn opt(s: Option<&'a str>) -> Self {
        Cell::Text(s.map(Cow::Borrowed))
    }

    /// A date as ISO text (`2024-04-01`), as the store keeps dates; written
    /// without the formatting machinery, since imports write millions.
    pub(crate) fn date(d: Option<chrono::NaiveDate>) -> Self {
        Cell::Text(d.map(|d| Cow::Owned(iso_date(d))))
    }

    pub(crate) fn int_opt(v: Option<i64>) -> Self {
        match v {
            Some(i) => Cell::Int(i),
            None => Cell::Text(None),
        }
    }
}

/// New rows for one table: the columns, and each row's values in order.
pub(crate) struct NewRows<'a> {
    pub table: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Cell<'a>>>,
}

/// Parameters per multi-row INSERT on SQLite (the bundled SQLite allows
/// 250,000).
const SQLITE_PARAMETERS: usize = 30_000;

/// Rows per COPY data message on PostgreSQL.
const COPY_CHUNK: usize = 10_000;

pub(crate) trait BulkInsert {
    /// Inserts new rows, telling `opts` of progress.
    async fn insert_rows(&mut self, new: &NewRows<'_>, opts: &ImportOptions<'_>) -> Result<()>;
}

impl BulkInsert for SqliteConnection {
    async fn insert_rows(&mut self, new: &NewRows<'_>, opts: &ImportOptions<'_>) -> Result<()> {
        let mut done = 0;
        let per_batch = (SQLITE_PARAMETERS / new.columns.len().max(1)).max(1);
        for chunk in new.rows.chunks(per_batch) {
            let mut insert = sqlx::QueryBuilder::new(format!(
                "INSERT INTO {} ({}) ",
                new.table,
                new.columns.join(", ")
            ));
            insert.push_values(chunk, |mut row, cells| {
                for cell in cells {
                    match cell {
                        Cell::Int(i) => row.push_bind(*i),
                        Cell::Text(t) => row.push_bind(t.as_deref()),
                        Cell::Real(v) => row.push_bind(*v),
                    };
                }
            });
            insert.build().execute(&mut *self).await?;
            done += chunk.len();
            opts.tick_batch(done, new.rows.len());
        }
        Ok(())
    }
}

impl BulkInsert for PgConnection {
    async fn insert_rows(&mut self, new: &NewRows<'_>, opts: &ImportOptions<'_>) -> Result<()> {
        let mut copy = self
            .copy_in_raw(&format!(
                "COPY {} ({}) FROM STDIN",
                new.table,
                new.columns.join(", ")
            ))
            .await?;
        let mut buf = String::new();
        let mut done = 0;
        for chunk in new.rows.chunks(COPY_CHUNK) {
            buf.clear();
            for cells in chunk {
                for (i, cell) in cells.iter().enumerate() {
                    if i > 0 {
                        buf.push('\t');
                    }
                    match cell {
                        Cell::Int(v) => {
                            use std::fmt::Write;
                            let _ = write!(buf, "{v}");
                        }
                        Cell::Text(t) => copy_text(&mut buf, t.as_deref()),
                        Cell::Real(Some(v)) => {
                            use std::fmt::Write;
                            let _ = write!(buf, "{v}");
                        }
                        Cell::Real(None) => buf.push_str("\\N"),
                    }
                }
                buf.push('\n');
            }
            copy.send(buf.as_bytes()).await?;
            done += chunk.len();
            opts.tick_batch(done, new.rows.len());
        }
        copy.finish().await?;
        Ok(())
    }
}

/// `d` as `YYYY-MM-DD` (chrono's form for years outside 1000–9999).
fn iso_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    if !(1000..=9999).contains(&d.year()) {
        return d.to_string();
    }
    let (y, m, day) = (d.year().unsigned_abs(), d.month(), d.day());
    let mut b = *b"0000-00-00";
    for (i, n) in [
        (0, y / 1000),
        (1, y / 100 % 10),
        (2, y / 10 % 10),
        (3, y % 10),
        (5, m / 10),
        (6, m % 10),
        (8, day / 10),
        (9, day % 10),
    ] {
        b[i] += n as u8;
    }
    std::str::from_utf8(&b).map_or_else(|_| d.to_string(), str::to_owned)
}

/// A value in COPY's text format: `\N` for NULL; backslash, tab and line
/// breaks escaped.
fn copy_text(buf: &mut String, value: Option<&str>) {
    let Some(v) = value else {
        buf.push_str("\\N");
        return;
    };
    for c in v.chars() {
        match c {
            '\\' => buf.push_str("\\\\"),
            '\t' => buf.push_str("\\t"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            c => buf.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{copy_text, iso_date};

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2024, 4, 1),
            (1900, 1, 1),
            (2999, 12, 31),
            (1989, 1, 8),
            (999, 5, 6),
            (10000, 1, 2),
        ] {
            let day = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(iso_date(day), day.to_string());
        }
    }

    #[test]
    fn copy_text_escapes_what_copy_would_misread() {
        let mut b = String::new();
        copy_text(&mut b, Some("a\\b\tc\nd\re"));
        copy_text(&mut b, None);
        assert_eq!(b, "a\\\\b\\tc\\nd\\re\\N");
    }
}
