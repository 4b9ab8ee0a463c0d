//! The audit log: every write and every read of a confidential record, with
//! who, when, what, and old → new. Append-only (the database refuses
//! updates and deletes) and hash-chained: each entry's hash covers the one
//! before, and `audit_head` holds the last, so an edited, removed or
//! truncated entry is found by [`Store::verify_audit`].

use crate::conn::{Conn, on_conn};
use crate::{Result, Store, StoreError, on_pool};
use jinzai_domain::clock::day_start_stamp;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// One entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    /// A login, "anonymous", or "cli:<os user>".
    pub actor: String,
    /// create, update, import, read, sign_in, sign_in_failed, …
    pub action: String,
    pub record_type: String,
    pub record_key: String,
    /// What changed (old → new) or what was done, as JSON.
    pub detail: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

/// What to append.
#[derive(Debug, Clone)]
pub struct AuditEvent<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub record_type: &'a str,
    pub record_key: &'a str,
    pub detail: serde_json::Value,
}

/// Filters of the audit page; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub actor: String,
    pub record_type: String,
    pub record_key: String,
    /// First and last day (inclusive).
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub limit: i64,
    pub offset: i64,
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditCheck {
    pub entries: i64,
    /// The first entry that does not verify, and why.
    pub first_broken: Option<(i64, String)>,
}

/// The hash of an entry: SHA-256 over its fields and the previous hash, as
/// a JSON array (no ambiguity where one field ends).
pub fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    record: (&str, &str),
    detail: &str,
) -> String {
    let canonical = serde_json::json!([
        prev_hash, seq, at, actor, action, record.0, record.1, detail
    ]);
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

/// An audit entry as stored; `detail` is the JSON text the hash covers.
#[derive(sqlx::FromRow)]
struct EntryRow {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    record_type: String,
    record_key: String,
    detail: String,
    prev_hash: String,
    hash: String,
}

impl EntryRow {
    /// The entry, with the detail parsed (text that is not JSON is kept as
    /// a string), and the detail as stored.
    fn entry(self) -> (AuditEntry, String) {
        let detail = serde_json::from_str(&self.detail)
            .unwrap_or_else(|_| serde_json::Value::String(self.detail.clone()));
        let entry = AuditEntry {
            seq: self.seq,
            at: self.at,
            actor: self.actor,
            action: self.action,
            record_type: self.record_type,
            record_key: self.record_key,
            detail,
            prev_hash: self.prev_hash,
            hash: self.hash,
        };
        (entry, self.detail)
    }
}

/// Appends an [`AuditEvent`] on `conn`, the transaction of the write it
/// records, so that the two commit or roll back together; returns the
/// entry's number.
pub(crate) async fn append(store: &Store, conn: Conn<'_>, e: &AuditEvent<'_>) -> Result<i64> {
    let at = store.clock.stamp();
    let detail = e.detail.to_string();
    on_conn!(conn, |c| {
        // Writing the head first takes the lock that orders appenders (a
        // row lock on PostgreSQL, the write lock on SQLite).
        let (seq, prev): (i64, String) =
            sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
                .fetch_one(&mut *c)
                .await?;
        let hash = entry_hash(
            &prev,
            seq,
            &at,
            e.actor,
            e.action,
            (e.record_type, e.record_key),
            &detail,
        );
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor, action, record_type, record_key, detail, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(seq)
        .bind(&at)
        .bind(e.actor)
        .bind(e.action)
        .bind(e.record_type)
        .bind(e.record_key)
        .bind(&detail)
        .bind(&prev)
        .bind(&hash)
        .execute(&mut *c)
        .await?;
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
            .bind(&hash)
            .execute(&mut *c)
            .await?;
        Ok(seq)
    })
}

/// Entries read per query while verifying.
const VERIFY_PAGE: i64 = 10_000;

impl Store {
    /// Appends an entry; returns its number.
    pub async fn audit(&self, e: AuditEvent<'_>) -> Result<i64> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let seq = append(self, (&mut *tx).into(), &e).await?;
            tx.commit().await?;
            Ok(seq)
        })
    }

    /// Entries matching `q`, newest first, and how many match.
    pub async fn audit_entries(&self, q: &AuditQuery) -> Result<(Vec<AuditEntry>, i64)> {
        let filters = "WHERE ($1 = '' OR actor = $1) AND ($2 = '' OR record_type = $2) AND ($3 = '' OR record_key = $3) \
                         AND ($4 = '' OR at >= $4) AND ($5 = '' OR at < $5)";
        // Timestamps are ISO text in UTC: a day's entries are those from
        // its start in Japan to the next day's start.
        let from = q.from.map(day_start_stamp).unwrap_or_default();
        let to =
            q.to.and_then(|d| d.succ_opt())
                .map(day_start_stamp)
                .unwrap_or_default();
        on_pool!(self, |pool| {
            let rows = sqlx::query_as::<_, EntryRow>(&format!(
                "SELECT * FROM audit_log {filters} ORDER BY seq DESC LIMIT $6 OFFSET $7"
            ))
            .bind(&q.actor)
            .bind(&q.record_type)
            .bind(&q.record_key)
            .bind(&from)
            .bind(&to)
            .bind(q.limit.max(1))
            .bind(q.offset.max(0))
            .fetch_all(pool)
            .await?;
            let total: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM audit_log {filters}"))
                .bind(&q.actor)
                .bind(&q.record_type)
                .bind(&q.record_key)
                .bind(&from)
                .bind(&to)
                .fetch_one(pool)
                .await?
                .try_get("n")?;
            let list = rows.into_iter().map(|r| r.entry().0).collect();
            Ok((list, total))
        })
    }

    /// Walks the chain from the first entry: numbering without gaps, each
    /// entry's link to the one before, each hash recomputed, and the head.
    pub async fn verify_audit(&self) -> Result<AuditCheck> {
        let mut prev = String::new();
        let mut expected_seq = 1;
        loop {
            let page = on_pool!(self, |pool| {
                let rows = sqlx::query_as::<_, EntryRow>(
                    "SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2",
                )
                .bind(expected_seq)
                .bind(VERIFY_PAGE)
                .fetch_all(pool)
                .await?;
                // The detail as stored: the hash covers its exact text.
                Ok::<_, StoreError>(rows.into_iter().map(EntryRow::entry).collect::<Vec<_>>())
            })?;
            let done = (page.len() as i64) < VERIFY_PAGE;
            for (e, detail) in page {
                let broken = |why: &str| {
                    Ok(AuditCheck {
                        entries: expected_seq - 1,
                        first_broken: Some((e.seq, why.to_owned())),
                    })
                };
                if e.seq != expected_seq {
                    return Ok(AuditCheck {
                        entries: expected_seq - 1,
                        first_broken: Some((
                            expected_seq,
                            format!("entry {expected_seq} is missing (next is {})", e.seq),
                        )),
                    });
                }
                if e.prev_hash != prev {
                    return broken("its link to the entry before does not match");
                }
                let hash = entry_hash(
                    &e.prev_hash,
                    e.seq,
                    &e.at,
                    &e.actor,
                    &e.action,
                    (&e.record_type, &e.record_key),
                    &detail,
                );
                if hash != e.hash {
                    return broken("its content does not match its hash (changed after writing)");
                }
                prev = e.hash;
                expected_seq += 1;
            }
            if done {
                break;
            }
        }
        let (head_seq, head_hash) = on_pool!(self, |pool| {
            let r = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(pool)
                .await?;
            Ok::<_, StoreError>((r.try_get::<i64, _>("seq")?, r.try_get::<String, _>("hash")?))
        })?;
        let entries = expected_seq - 1;
        if head_seq != entries || head_hash != prev {
            return Ok(AuditCheck {
                entries,
                first_broken: Some((
                    entries + 1,
                    format!(
                        "the log ends at entry {entries} but {head_seq} were written (entries removed from the end)"
                    ),
                )),
            });
        }
        Ok(AuditCheck {
            entries,
            first_broken: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::entry_hash;

    #[test]
    fn the_hash_covers_every_field_and_the_link() {
        let h = entry_hash("", 1, "t", "a", "create", ("staff", "1"), "{}");
        assert_eq!(h.len(), 64);
        assert_ne!(
            h,
            entry_hash("x", 1, "t", "a", "create", ("staff", "1"), "{}")
        );
        assert_ne!(
            h,
            entry_hash("", 1, "t", "a", "create", ("staff", "2"), "{}")
        );
        // Field boundaries cannot be shifted.
        assert_ne!(
            entry_hash("", 1, "t", "ab", "c", ("s", "1"), "{}"),
            entry_hash("", 1, "t", "a", "bc", ("s", "1"), "{}")
        );
    }
}
