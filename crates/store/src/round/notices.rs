//! Notices (お知らせ) and the transactional outbox of e-mails that carry
//! them.

use crate::audit::AuditEvent;
use crate::conn::BeginWrite;
use crate::rows::coded;
use crate::{Result, Store, StoreError, on_pool};
use jinzai_domain::people::codes::Coded;
use jinzai_domain::round::remind::NoticeKind;
use serde::Serialize;
use std::collections::HashSet;

/// An e-mail to send with a notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// A notice to add: the key names its occasion (added at most once).
#[derive(Debug, Clone)]
pub struct NewNotice {
    pub key: String,
    pub user_id: i64,
    pub login: String,
    pub kind: NoticeKind,
    pub plan_id: i64,
    pub round_id: Option<i64>,
    /// What it says, as data (read in the reader's language when shown).
    pub payload: serde_json::Value,
    pub mail: Option<Mail>,
}

/// A notice as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub id: i64,
    pub kind: NoticeKind,
    pub round_id: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: serde_json::Value,
    pub created_at: String,
    pub read_at: Option<String>,
}

/// An e-mail of the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMail {
    pub id: i64,
    /// The notice's idempotency key: the message's stable Message-ID.
    pub key: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
}

#[derive(sqlx::FromRow)]
struct NoticeRow {
    id: i64,
    kind: String,
    round_id: Option<i64>,
    payload: String,
    created_at: String,
    read_at: Option<String>,
}

impl TryFrom<NoticeRow> for Notice {
    type Error = StoreError;

    fn try_from(r: NoticeRow) -> Result<Notice> {
        Ok(Notice {
            id: r.id,
            kind: coded(&r.kind)?,
            round_id: r.round_id,
            payload: serde_json::from_str(&r.payload)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            created_at: r.created_at,
            read_at: r.read_at,
        })
    }
}

const OUTBOX_COLUMNS: &str = "o.id, n.idempotency_key AS key, o.recipient, o.subject, o.body, o.attempts, o.last_error, o.sent_at";

impl Store {
    /// Which of `keys` already have a notice.
    pub async fn existing_notice_keys(&self, keys: &[String]) -> Result<HashSet<String>> {
        let mut out = HashSet::new();
        for chunk in keys.chunks(500) {
            let found: Vec<String> = on_pool!(self, |pool| {
                let mut b = sqlx::QueryBuilder::new(
                    "SELECT idempotency_key FROM notices WHERE idempotency_key IN (",
                );
                let mut list = b.separated(", ");
                for k in chunk {
                    list.push_bind(k);
                }
                b.push(")");
                b.build_query_scalar().fetch_all(pool).await?
            });
            out.extend(found);
        }
        Ok(out)
    }

    /// Adds notices and their e-mails in one transaction, each audited; a
    /// notice whose key exists is left alone (a repeated or resumed run
    /// adds nothing twice). Returns the notices added.
    pub async fn add_notices(&self, list: &[NewNotice], actor: &str) -> Result<Vec<String>> {
        let now = self.now();
        let mut added = Vec::new();
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            for n in list {
                let id: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO notices (idempotency_key, user_id, kind, plan_id, round_id, payload, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)
                     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
                )
                .bind(&n.key)
                .bind(n.user_id)
                .bind(n.kind.code())
                .bind(n.plan_id)
                .bind(n.round_id)
                .bind(n.payload.to_string())
                .bind(&now)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(id) = id else { continue };
                if let Some(m) = &n.mail {
                    sqlx::query(
                        "INSERT INTO outbox (notice_id, recipient, subject, body, created_at, next_attempt_at)
                         VALUES ($1, $2, $3, $4, $5, $5)",
                    )
                    .bind(id)
                    .bind(&m.recipient)
                    .bind(&m.subject)
                    .bind(&m.body)
                    .bind(&now)
                    .execute(&mut *tx)
                    .await?;
                }
                crate::audit::append(
                    self,
                    (&mut *tx).into(),
                    &AuditEvent {
                        actor,
                        action: "notify",
                        record_type: "notice",
                        record_key: &n.key,
                        detail: serde_json::json!({
                            "to": n.login, "kind": n.kind,
                            "mail": n.mail.as_ref().map(|m| &m.recipient),
                        }),
                    },
                )
                .await?;
                added.push(n.key.clone());
            }
            tx.commit().await?;
        });
        Ok(added)
    }

    /// An account's notices, newest first.
    pub async fn notices(&self, user_id: i64, limit: i64) -> Result<Vec<Notice>> {
        let rows: Vec<NoticeRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, kind, round_id, payload, created_at, read_at FROM notices
                  WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
            )
            .bind(user_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(Notice::try_from).collect()
    }

    /// How many of an account's notices are unread.
    pub async fn unread_notices(&self, user_id: i64) -> Result<i64> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM notices WHERE user_id = $1 AND read_at IS NULL",
            )
            .bind(user_id)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Marks one of an account's notices read; false when it is not theirs
    /// (or does not exist).
    pub async fn mark_notice_read(&self, user_id: i64, id: i64) -> Result<bool> {
        let done = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE notices SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3",
            )
            .bind(self.now())
            .bind(id)
            .bind(user_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done > 0)
    }

    /// E-mails not sent, not claimed and not in doubt, whose next attempt
    /// is due at `now` (RFC 3339).
    pub async fn due_mail(&self, now: &str, limit: i64) -> Result<Vec<OutboxMail>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {OUTBOX_COLUMNS} FROM outbox o JOIN notices n ON n.id = o.notice_id
                  WHERE o.sent_at IS NULL AND o.claimed_at IS NULL AND o.in_doubt = 0
                    AND o.next_attempt_at <= $1 ORDER BY o.id LIMIT $2"
            ))
            .bind(now)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Claims an e-mail for sending (committed before the relay is
    /// contacted); false when another sender has it or it went meanwhile.
    pub async fn claim_mail(&self, mail: &OutboxMail) -> Result<bool> {
        let done = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE outbox SET claimed_at = $1
                  WHERE id = $2 AND claimed_at IS NULL AND sent_at IS NULL AND in_doubt = 0",
            )
            .bind(self.now())
            .bind(mail.id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Marks e-mails claimed before `before` and never answered as in
    /// doubt (their sender stopped while sending; the relay may have them):
    /// they are not sent again. Audited; returns them.
    pub async fn mail_in_doubt(&self, before: &str, actor: &str) -> Result<Vec<OutboxMail>> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let list: Vec<OutboxMail> = sqlx::query_as(&format!(
                "SELECT {OUTBOX_COLUMNS} FROM outbox o JOIN notices n ON n.id = o.notice_id
                  WHERE o.sent_at IS NULL AND o.in_doubt = 0 AND o.claimed_at < $1"
            ))
            .bind(before)
            .fetch_all(&mut *tx)
            .await?;
            for m in &list {
                sqlx::query(
                    "UPDATE outbox SET in_doubt = 1,
                            last_error = 'the sender stopped while sending; not sent again'
                      WHERE id = $1",
                )
                .bind(m.id)
                .execute(&mut *tx)
                .await?;
                crate::audit::append(
                    self,
                    (&mut *tx).into(),
                    &AuditEvent {
                        actor,
                        action: "send_in_doubt",
                        record_type: "mail",
                        record_key: &m.key,
                        detail: serde_json::json!({ "to": m.recipient }),
                    },
                )
                .await?;
            }
            tx.commit().await?;
            Ok(list)
        })
    }

    /// Every e-mail not sent yet (what `jinzai remind` reports).
    pub async fn unsent_mail(&self) -> Result<Vec<OutboxMail>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {OUTBOX_COLUMNS} FROM outbox o JOIN notices n ON n.id = o.notice_id
                  WHERE o.sent_at IS NULL AND o.in_doubt = 0 ORDER BY o.id"
            ))
            .fetch_all(pool)
            .await?
        }))
    }

    /// Records the outcome of one attempt to send `mail`: sent, or failed
    /// with why and when to try again. Audited either way.
    pub async fn mail_attempted(
        &self,
        mail: &OutboxMail,
        outcome: std::result::Result<(), (&str, &str)>,
        actor: &str,
    ) -> Result<()> {
        let now = self.now();
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            match outcome {
                Ok(()) => {
                    sqlx::query(
                        "UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2",
                    )
                    .bind(&now)
                    .bind(mail.id)
                    .execute(&mut *tx)
                    .await?;
                }
                Err((error, retry_at)) => {
                    sqlx::query(
                        "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2,
                                claimed_at = NULL WHERE id = $3",
                    )
                    .bind(error)
                    .bind(retry_at)
                    .bind(mail.id)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            crate::audit::append(
                self,
                (&mut *tx).into(),
                &AuditEvent {
                    actor,
                    action: if outcome.is_ok() {
                        "send"
                    } else {
                        "send_failed"
                    },
                    record_type: "mail",
                    record_key: &mail.key,
                    detail: serde_json::json!({
                        "to": mail.recipient,
                        "attempt": mail.attempts + 1,
                        "error": outcome.err().map(|(e, _)| e),
                    }),
                },
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }
}
