//! The audit log: every write and every read of a confidential record, with
//! who, when, what, and old → new. Append-only (the database refuses
//! updates, deletes and truncation, on PostgreSQL with triggers that raise)
//! and chained: each entry's MAC covers its fields and the MAC before it,
//! and `audit_head` holds the last.
//!
//! **Keyed.** The MAC is an HMAC-SHA-256 under an [`AuditKey`] that is kept
//! outside the database (a key file named when jinzai starts). Whoever can
//! write the database file but not read the key cannot rewrite an entry and
//! recompute the chain after it: [`Store::verify_audit`] finds the first
//! entry whose MAC does not match. The first keyed entry is the **seal**
//! (action `audit_keyed`), written when a store is first opened with a key;
//! entries before it (written by versions of jinzai before the key) keep
//! their plain SHA-256 links, and the seal's MAC fixes them too. A chain
//! without a seal does not verify.
//!
//! **Anchored.** Removing the newest entries and moving the head back leaves
//! a shorter chain that is still consistent. `jinzai audit anchor` writes
//! the head (sequence and MAC) to a file outside the database; verifying
//! against the last anchor finds such a rollback or truncation.

use crate::conn::{BeginWrite, Conn, on_conn};
use crate::{Result, Store, StoreError, on_pool};
use hmac::{Hmac, Mac};
use jinzai_domain::clock::day_start_stamp;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// The action of the seal, the chain's first keyed entry.
pub const SEAL_ACTION: &str = "audit_keyed";

/// The secret the audit chain is keyed with: 32 random bytes, written to
/// its file as 64 hex digits.
#[derive(Clone)]
pub struct AuditKey(std::sync::Arc<[u8; 32]>);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(…)")
    }
}

impl AuditKey {
    /// A new random key.
    pub fn generate() -> std::result::Result<AuditKey, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes)?;
        Ok(AuditKey(std::sync::Arc::new(bytes)))
    }

    /// A key from its file's text (64 hex digits, surrounding white space
    /// ignored).
    pub fn from_hex(text: &str) -> Option<AuditKey> {
        let bytes: [u8; 32] = hex::decode(text.trim()).ok()?.try_into().ok()?;
        Some(AuditKey(std::sync::Arc::new(bytes)))
    }

    /// The text of its file.
    pub fn to_hex(&self) -> String {
        hex::encode(*self.0)
    }

    fn mac(&self, canonical: &str) -> String {
        // HMAC takes a key of any length: this cannot fail.
        match Hmac::<Sha256>::new_from_slice(self.0.as_slice()) {
            Ok(mut m) => {
                m.update(canonical.as_bytes());
                hex::encode(m.finalize().into_bytes())
            }
            Err(_) => String::new(),
        }
    }
}

/// A point of the chain recorded outside the database: entry `seq` had
/// MAC `hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditAnchor {
    pub seq: i64,
    pub hash: String,
    pub at: String,
}

impl AuditAnchor {
    /// The anchor as one line of an anchor file.
    pub fn line(&self) -> String {
        format!(
            "jinzai-audit-anchor seq={} hash={} at={}",
            self.seq, self.hash, self.at
        )
    }

    /// The last anchor in a file's text; `None` when it holds none.
    pub fn last_in(text: &str) -> Option<AuditAnchor> {
        text.lines().rev().find_map(|line| {
            let mut it = line.trim().strip_prefix("jinzai-audit-anchor ")?.split(' ');
            let seq = it.next()?.strip_prefix("seq=")?.parse().ok()?;
            let hash = it.next()?.strip_prefix("hash=")?.to_owned();
            let at = it.next()?.strip_prefix("at=")?.to_owned();
            Some(AuditAnchor { seq, hash, at })
        })
    }
}

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

/// An entry's fields and its link to the entry before: what its hash or
/// MAC covers.
#[derive(Debug, Clone, Copy)]
pub struct Linked<'a> {
    pub prev_hash: &'a str,
    pub seq: i64,
    pub at: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub record: (&'a str, &'a str),
    /// The detail's JSON text exactly as stored.
    pub detail: &'a str,
}

impl<'a> Linked<'a> {
    /// An entry as read, with its detail as stored.
    fn of(e: &'a AuditEntry, detail: &'a str) -> Linked<'a> {
        Linked {
            prev_hash: &e.prev_hash,
            seq: e.seq,
            at: &e.at,
            actor: &e.actor,
            action: &e.action,
            record: (&e.record_type, &e.record_key),
            detail,
        }
    }

    /// The fields and the link as a JSON array (no ambiguity where one
    /// field ends).
    fn canonical(&self) -> String {
        serde_json::json!([
            self.prev_hash,
            self.seq,
            self.at,
            self.actor,
            self.action,
            self.record.0,
            self.record.1,
            self.detail
        ])
        .to_string()
    }

    /// The plain SHA-256 of an entry written before the chain was keyed.
    pub fn hash(&self) -> String {
        hex::encode(Sha256::digest(self.canonical().as_bytes()))
    }

    /// The MAC of a keyed entry: HMAC-SHA-256 under `key`.
    pub fn mac(&self, key: &AuditKey) -> String {
        key.mac(&self.canonical())
    }
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
    let key = store.audit_key.as_ref().ok_or(StoreError::NoAuditKey)?;
    append_keyed(store, key, conn, e, false).await
}

/// Appends an entry with its MAC under `key`; `seal` marks it as the seal.
async fn append_keyed(
    store: &Store,
    key: &AuditKey,
    conn: Conn<'_>,
    e: &AuditEvent<'_>,
    seal: bool,
) -> Result<i64> {
    let at = store.clock.stamp();
    let detail = e.detail.to_string();
    on_conn!(conn, |c| {
        // Write transactions hold the write lock from their start on
        // SQLite; on PostgreSQL the head's row lock orders appenders.
        let lock = if store.engine() == crate::Engine::Postgres {
            " FOR UPDATE"
        } else {
            ""
        };
        let (last, prev): (i64, String) = sqlx::query_as(&format!(
            "SELECT seq, hash FROM audit_head WHERE id = 1{lock}"
        ))
        .fetch_one(&mut *c)
        .await?;
        let seq = last + 1;
        let hash = Linked {
            prev_hash: &prev,
            seq,
            at: &at,
            actor: e.actor,
            action: e.action,
            record: (e.record_type, e.record_key),
            detail: &detail,
        }
        .mac(key);
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
        // The head moves one step, onto this entry (the database refuses
        // any other change of it).
        sqlx::query(if seal {
            "UPDATE audit_head SET seq = $1, hash = $2, sealed_at = $1 WHERE id = 1"
        } else {
            "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1"
        })
        .bind(seq)
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
            let mut tx = pool.begin_write().await?;
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

    /// A keyed digest of `value` for `purpose` (HMAC-SHA-256 under the
    /// audit key, the purpose separating uses): what cannot be reversed nor
    /// made without the key — a requesting address kept only to throttle, a
    /// public form's token.
    pub fn digest(&self, purpose: &str, value: &str) -> Result<String> {
        let key = self.audit_key.as_ref().ok_or(StoreError::NoAuditKey)?;
        Ok(key.mac(&format!("{purpose}\u{0}{value}")))
    }

    /// The same store, keyed with `key`: its audit entries are MACed
    /// under it. The first time a database is opened with a key the seal is
    /// appended (checking first that the entries before it are intact);
    /// after that, the key must be the one the seal was made with, or the
    /// store is not opened ([`StoreError::AuditKeyMismatch`]).
    pub async fn with_audit_key(mut self, key: AuditKey) -> Result<Store> {
        let seal = on_pool!(self, |pool| {
            let sealed_at: i64 = sqlx::query("SELECT sealed_at FROM audit_head WHERE id = 1")
                .fetch_one(pool)
                .await?
                .try_get("sealed_at")?;
            // The head's mark, or (should it have been tampered with) the
            // first entry that calls itself the seal.
            sqlx::query_as::<_, EntryRow>(
                "SELECT * FROM audit_log WHERE seq = $1 OR ($1 = 0 AND action = $2) ORDER BY seq LIMIT 1",
            )
            .bind(sealed_at)
            .bind(SEAL_ACTION)
            .fetch_optional(pool)
            .await
        })?;
        match seal {
            Some(row) => {
                let (e, detail) = row.entry();
                let mac = Linked::of(&e, &detail).mac(&key);
                if mac != e.hash {
                    return Err(StoreError::AuditKeyMismatch);
                }
            }
            None => {
                let before = self.verify_chain(None, None).await?;
                if let Some((seq, why)) = before.first_broken {
                    return Err(StoreError::Corrupt(format!(
                        "the audit log is broken at entry {seq} ({why}): it cannot be sealed"
                    )));
                }
                on_pool!(self, |pool| {
                    let mut tx = pool.begin_write().await?;
                    let event = AuditEvent {
                        actor: "jinzai",
                        action: SEAL_ACTION,
                        record_type: "audit_log",
                        record_key: "",
                        detail: serde_json::json!({ "entries_before": before.entries }),
                    };
                    append_keyed(&self, &key, (&mut *tx).into(), &event, true).await?;
                    tx.commit().await?;
                    Ok::<_, StoreError>(())
                })?;
            }
        }
        self.audit_key = Some(key);
        Ok(self)
    }

    /// The chain's head now, to keep outside the database.
    pub async fn audit_anchor(&self) -> Result<AuditAnchor> {
        let (seq, hash): (i64, String) = on_pool!(self, |pool| {
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(pool)
                .await
        })?;
        Ok(AuditAnchor {
            seq,
            hash,
            at: self.clock.stamp(),
        })
    }

    /// Walks the chain from the first entry: numbering without gaps, each
    /// entry's link to the one before, each entry's MAC under the store's
    /// key (plain hashes only before the seal), the seal present, and the
    /// head.
    pub async fn verify_audit(&self) -> Result<AuditCheck> {
        self.verify_audit_against(None).await
    }

    /// [`Store::verify_audit`], and the chain must still hold entry
    /// `anchor.seq` with the MAC the anchor recorded: entries removed from
    /// the end, or a chain rebuilt shorter, are found.
    pub async fn verify_audit_against(&self, anchor: Option<&AuditAnchor>) -> Result<AuditCheck> {
        let key = self.audit_key.as_ref().ok_or(StoreError::NoAuditKey)?;
        self.verify_chain(Some(key), anchor).await
    }

    /// The walk; without a key, only the entries before a seal can be
    /// checked (which is what sealing needs).
    async fn verify_chain(
        &self,
        key: Option<&AuditKey>,
        anchor: Option<&AuditAnchor>,
    ) -> Result<AuditCheck> {
        let mut prev = String::new();
        let mut expected_seq = 1;
        let mut sealed = false;
        let mut anchored = false;
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
                let linked = Linked::of(&e, &detail);
                if sealed || e.action == SEAL_ACTION {
                    let Some(k) = key else {
                        return Ok(AuditCheck {
                            entries: expected_seq - 1,
                            first_broken: None,
                        });
                    };
                    if linked.mac(k) != e.hash {
                        return broken(if sealed {
                            "its content does not match its MAC (changed after writing, or written without the audit key)"
                        } else {
                            "the seal does not match the audit key"
                        });
                    }
                    sealed = true;
                } else {
                    let hash = linked.hash();
                    if hash != e.hash {
                        return broken(
                            "its content does not match its hash (changed after writing)",
                        );
                    }
                }
                if let Some(a) = anchor
                    && a.seq == e.seq
                {
                    if a.hash != e.hash {
                        return broken(&format!(
                            "it is not the entry anchored on {} (the chain was rebuilt)",
                            a.at
                        ));
                    }
                    anchored = true;
                }
                prev = e.hash;
                expected_seq += 1;
            }
            if done {
                break;
            }
        }
        let entries = expected_seq - 1;
        if let Some(a) = anchor
            && !anchored
        {
            return Ok(AuditCheck {
                entries,
                first_broken: Some((
                    entries + 1,
                    format!(
                        "the log ends at entry {entries}, but entry {} was anchored on {}: entries were removed from the end",
                        a.seq, a.at
                    ),
                )),
            });
        }
        if key.is_some() && !sealed {
            return Ok(AuditCheck {
                entries,
                first_broken: Some((
                    entries.max(1),
                    "no entry is sealed with the audit key (the chain was rewritten or emptied)"
                        .to_owned(),
                )),
            });
        }
        let (head_seq, head_hash) = on_pool!(self, |pool| {
            let r = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(pool)
                .await?;
            Ok::<_, StoreError>((r.try_get::<i64, _>("seq")?, r.try_get::<String, _>("hash")?))
        })?;
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
    use super::{AuditAnchor, AuditKey, Linked};

    fn entry<'a>(prev: &'a str, actor: &'a str, action: &'a str, key: &'a str) -> Linked<'a> {
        Linked {
            prev_hash: prev,
            seq: 1,
            at: "t",
            actor,
            action,
            record: ("staff", key),
            detail: "{}",
        }
    }

    #[test]
    fn the_mac_depends_on_the_key_and_anchors_read_back() {
        let (Ok(a), Ok(b)) = (AuditKey::generate(), AuditKey::generate()) else {
            return;
        };
        let e = entry("", "a", "create", "1");
        assert_ne!(e.mac(&a), e.mac(&b));
        assert_eq!(e.mac(&a).len(), 64);
        assert_ne!(e.mac(&a), e.hash());
        let back = AuditKey::from_hex(&format!("{}\n", a.to_hex()));
        assert_eq!(back.map(|k| e.mac(&k)), Some(e.mac(&a)));
        assert!(AuditKey::from_hex("abc").is_none());
        let anchor = AuditAnchor {
            seq: 7,
            hash: "ab".into(),
            at: "2026-11-30T00:00:00Z".into(),
        };
        let earlier = AuditAnchor {
            seq: 3,
            ..anchor.clone()
        };
        let file = format!("{}\n{}\n", earlier.line(), anchor.line());
        assert_eq!(AuditAnchor::last_in(&file), Some(anchor));
        assert_eq!(AuditAnchor::last_in("nothing"), None);
    }

    #[test]
    fn the_hash_covers_every_field_and_the_link() {
        let h = entry("", "a", "create", "1").hash();
        assert_eq!(h.len(), 64);
        assert_ne!(h, entry("x", "a", "create", "1").hash());
        assert_ne!(h, entry("", "a", "create", "2").hash());
        // Field boundaries cannot be shifted.
        assert_ne!(
            entry("", "ab", "c", "1").hash(),
            entry("", "a", "bc", "1").hash()
        );
    }
}
