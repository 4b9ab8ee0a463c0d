//! Bulk writes, one way per engine: SQLite takes multi-row INSERTs (no
//! round trips, so statement size is what matters); PostgreSQL takes COPY,
//! which skips per-statement parsing and planning altogether.

use crate::Result;
use crate::people::ImportOptions;
use jinzai_domain::people::assignment::Assignment;
use sqlx::{PgConnection, SqliteConnection};

/// A new assignment row: the staff member's id and the record.
pub(crate) type NewAssignment<'a> = (i64, &'a Assignment);

/// Rows per multi-row INSERT on SQLite (6 parameters each; the bundled
/// SQLite allows 250,000 parameters).
const SQLITE_BATCH: usize = 5000;

/// Rows per COPY data message on PostgreSQL.
const COPY_CHUNK: usize = 10_000;

pub(crate) trait BulkInsert {
    /// Inserts new assignment rows, telling `opts` of progress.
    async fn insert_assignments(
        &mut self,
        rows: &[NewAssignment<'_>],
        opts: &ImportOptions<'_>,
    ) -> Result<()>;
}

impl BulkInsert for SqliteConnection {
    async fn insert_assignments(
        &mut self,
        rows: &[NewAssignment<'_>],
        opts: &ImportOptions<'_>,
    ) -> Result<()> {
        let mut done = 0;
        for chunk in rows.chunks(SQLITE_BATCH) {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO assignments (staff_id, unit_code, post, start_date, end_date, is_primary) ",
            );
            insert.push_values(chunk, |mut row, (staff_id, a)| {
                row.push_bind(*staff_id)
                    .push_bind(a.unit_code.as_str())
                    .push_bind(a.post.as_deref())
                    .push_bind(a.start.to_string())
                    .push_bind(a.end.map(|d| d.to_string()))
                    .push_bind(i64::from(a.primary));
            });
            insert.build().execute(&mut *self).await?;
            done += chunk.len();
            opts.tick_batch(done, rows.len());
        }
        Ok(())
    }
}

impl BulkInsert for PgConnection {
    async fn insert_assignments(
        &mut self,
        rows: &[NewAssignment<'_>],
        opts: &ImportOptions<'_>,
    ) -> Result<()> {
        let mut copy = self
            .copy_in_raw(
                "COPY assignments (staff_id, unit_code, post, start_date, end_date, is_primary) FROM STDIN",
            )
            .await?;
        let mut buf = String::new();
        let mut done = 0;
        for chunk in rows.chunks(COPY_CHUNK) {
            buf.clear();
            for (staff_id, a) in chunk {
                use std::fmt::Write;
                let _ = write!(buf, "{staff_id}\t");
                copy_text(&mut buf, Some(&a.unit_code));
                buf.push('\t');
                copy_text(&mut buf, a.post.as_deref());
                let _ = write!(buf, "\t{}\t", a.start);
                match a.end {
                    Some(e) => {
                        let _ = write!(buf, "{e}");
                    }
                    None => buf.push_str("\\N"),
                }
                buf.push_str(if a.primary { "\t1\n" } else { "\t0\n" });
            }
            copy.send(buf.as_bytes()).await?;
            done += chunk.len();
            opts.tick_batch(done, rows.len());
        }
        copy.finish().await?;
        Ok(())
    }
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
    use super::copy_text;

    #[test]
    fn copy_text_escapes_what_copy_would_misread() {
        let mut b = String::new();
        copy_text(&mut b, Some("a\\b\tc\nd\re"));
        copy_text(&mut b, None);
        assert_eq!(b, "a\\\\b\\tc\\nd\\re\\N");
    }
}
