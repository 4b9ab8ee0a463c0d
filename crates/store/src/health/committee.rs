//! The safety and health committee's meetings (see
//! `jinzai_domain::health::committee`): written and corrected with an audit
//! entry, never deleted.

use crate::conn::BeginWrite;
use crate::people::{day, log_write};
use crate::{Result, Store, StoreError, on_pool};
use jinzai_domain::health::committee::Meeting;
use jinzai_domain::i18n::Message;
use serde::Serialize;

/// A meeting as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredMeeting {
    pub id: i64,
    pub meeting: Meeting,
    pub recorded_by: String,
    pub recorded_at: String,
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: i64,
    held_on: String,
    attendees: String,
    agenda: String,
    opinions: String,
    measures: String,
    recorded_by: String,
    recorded_at: String,
}

impl TryFrom<MeetingRow> for StoredMeeting {
    type Error = StoreError;

    fn try_from(r: MeetingRow) -> Result<StoredMeeting> {
        Ok(StoredMeeting {
            id: r.id,
            meeting: Meeting {
                held_on: day(&r.held_on)?,
                attendees: serde_json::from_str(&r.attendees)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                agenda: r.agenda,
                opinions: r.opinions,
                measures: r.measures,
            },
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at,
        })
    }
}

const SELECT: &str = "SELECT id, held_on, attendees, agenda, opinions, measures, recorded_by, recorded_at \
     FROM committee_meetings";

impl Store {
    /// Records a meeting (`id` none) or corrects one, audited with its day.
    pub async fn put_committee_meeting(
        &self,
        id: Option<i64>,
        m: &Meeting,
        actor: &str,
    ) -> Result<StoredMeeting> {
        let attendees: Vec<&str> = m
            .attendees
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .collect();
        let attendees =
            serde_json::to_string(&attendees).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let now = self.now();
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let id = match id {
                None => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO committee_meetings (held_on, attendees, agenda, opinions, measures, recorded_by, \
                         recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                    )
                    .bind(m.held_on.to_string())
                    .bind(&attendees)
                    .bind(m.agenda.trim())
                    .bind(m.opinions.trim())
                    .bind(m.measures.trim())
                    .bind(actor)
                    .bind(&now)
                    .fetch_one(&mut *tx)
                    .await?;
                    id
                }
                Some(id) => {
                    let done = sqlx::query(
                        "UPDATE committee_meetings SET held_on = $1, attendees = $2, agenda = $3, opinions = $4, \
                         measures = $5, recorded_by = $6, recorded_at = $7 WHERE id = $8",
                    )
                    .bind(m.held_on.to_string())
                    .bind(&attendees)
                    .bind(m.agenda.trim())
                    .bind(m.opinions.trim())
                    .bind(m.measures.trim())
                    .bind(actor)
                    .bind(&now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() != 1 {
                        return Err(StoreError::NotFound(
                            Message::new("committee_no_meeting").arg("id", id),
                        ));
                    }
                    id
                }
            };
            log_write(
                self,
                (&mut *tx).into(),
                &crate::audit::AuditEvent {
                    actor,
                    action: "record",
                    record_type: "committee_meeting",
                    record_key: &id.to_string(),
                    detail: serde_json::json!({ "held_on": m.held_on }),
                },
            )
            .await?;
            tx.commit().await?;
            id
        });
        self.committee_meeting(id).await
    }

    /// One meeting.
    pub async fn committee_meeting(&self, id: i64) -> Result<StoredMeeting> {
        let row: Option<MeetingRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.ok_or_else(|| StoreError::NotFound(Message::new("committee_no_meeting").arg("id", id)))?
            .try_into()
    }

    /// Every meeting, newest first.
    pub async fn committee_meetings(&self) -> Result<Vec<StoredMeeting>> {
        let rows: Vec<MeetingRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!("{SELECT} ORDER BY held_on DESC, id DESC"))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(TryInto::try_into).collect()
    }
}
