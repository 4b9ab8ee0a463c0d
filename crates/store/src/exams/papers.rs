//! 過去問題の公開: past papers and model answers of an exam, kept in the
//! database (PDF or UTF-8 text, at most 10 MiB, the content checked
//! against its declared type), each with the day staff may read it from.
//! Adding and removing one is audited; reading is open to staff once
//! published.

use super::StoredExam;
use crate::conn::BeginWrite;
use crate::people::{day, log_write};
use crate::rows::coded;
use crate::{Result, Store, StoreError, on_pool};
use jinzai_domain::exams::Paper;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::Coded;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A paper as stored (without its file).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredPaper {
    pub id: i64,
    pub exam_id: i64,
    pub fiscal_year: i32,
    /// The exam's level (the grade it promotes to).
    pub level: String,
    pub exam_title: String,
    pub paper: Paper,
    /// Bytes.
    pub size: i64,
    /// The file's SHA-256, hexadecimal: what a reader may check a copy by.
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

#[derive(sqlx::FromRow)]
struct PaperRow {
    id: i64,
    exam_id: i64,
    fiscal_year: i32,
    level: String,
    exam_title: String,
    kind: String,
    title: String,
    content_type: String,
    size: i64,
    sha256: String,
    published_on: String,
    uploaded_by: String,
    uploaded_at: String,
}

const PAPER_SELECT: &str = "SELECT p.id, p.exam_id, e.fiscal_year, e.level, e.title AS exam_title, p.kind, p.title, \
     p.content_type, p.size, p.sha256, p.published_on, p.uploaded_by, p.uploaded_at \
     FROM exam_papers p JOIN exams e ON e.id = p.exam_id";

impl TryFrom<PaperRow> for StoredPaper {
    type Error = StoreError;

    fn try_from(r: PaperRow) -> Result<StoredPaper> {
        Ok(StoredPaper {
            id: r.id,
            exam_id: r.exam_id,
            fiscal_year: r.fiscal_year,
            level: r.level,
            exam_title: r.exam_title,
            paper: Paper {
                kind: coded(&r.kind)?,
                title: r.title,
                content_type: r.content_type,
                published_on: day(&r.published_on)?,
            },
            size: r.size,
            sha256: r.sha256,
            uploaded_by: r.uploaded_by,
            uploaded_at: r.uploaded_at,
        })
    }
}

impl Store {
    /// Adds a paper to an exam: refused at its fields when the file is not
    /// what it says it is; audited with its digest, never its content.
    pub async fn add_exam_paper(
        &self,
        exam: &StoredExam,
        paper: &Paper,
        body: &[u8],
        actor: &str,
    ) -> Result<StoredPaper> {
        let errors = paper.check(body);
        if !errors.is_empty() {
            return Err(StoreError::Refused(errors));
        }
        let sha256 = hex::encode(Sha256::digest(body));
        let size = i64::try_from(body.len()).unwrap_or(i64::MAX);
        let now = self.now();
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO exam_papers (exam_id, kind, title, content_type, body, size, sha256, published_on, uploaded_by, uploaded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(exam.id)
            .bind(paper.kind.code())
            .bind(paper.title.trim())
            .bind(&paper.content_type)
            .bind(body)
            .bind(size)
            .bind(&sha256)
            .bind(paper.published_on.to_string())
            .bind(actor)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?;
            let detail = paper_detail(exam, paper, &sha256);
            log_paper(self, (&mut *tx).into(), actor, "add", id, detail).await?;
            tx.commit().await?;
            id
        });
        self.exam_paper(id)
            .await?
            .map(|(p, _)| p)
            .ok_or_else(|| StoreError::Corrupt("the paper written is gone".into()))
    }

    /// Papers (without their files), the latest exams first; only those
    /// published by `published_by` when given.
    pub async fn exam_papers(
        &self,
        published_by: Option<chrono::NaiveDate>,
    ) -> Result<Vec<StoredPaper>> {
        let rows: Vec<PaperRow> = on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "{PAPER_SELECT} WHERE ($1 = '' OR p.published_on <= $1) \
                 ORDER BY e.fiscal_year DESC, e.level, p.kind DESC, p.id"
            ))
            .bind(published_by.map(|d| d.to_string()).unwrap_or_default())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(StoredPaper::try_from).collect()
    }

    /// One paper with its file.
    pub async fn exam_paper(&self, id: i64) -> Result<Option<(StoredPaper, Vec<u8>)>> {
        let found: Option<(PaperRow, Vec<u8>)> = on_pool!(self, |pool| {
            let row: Option<PaperRow> = sqlx::query_as(&format!("{PAPER_SELECT} WHERE p.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?;
            match row {
                None => None,
                Some(r) => {
                    let (body,): (Vec<u8>,) =
                        sqlx::query_as("SELECT body FROM exam_papers WHERE id = $1")
                            .bind(id)
                            .fetch_one(pool)
                            .await?;
                    Some((r, body))
                }
            }
        });
        found
            .map(|(r, body)| Ok((StoredPaper::try_from(r)?, body)))
            .transpose()
    }

    /// Removes a paper (a wrong file, say), audited.
    pub async fn remove_exam_paper(&self, id: i64, actor: &str) -> Result<()> {
        let Some((p, _)) = self.exam_paper(id).await? else {
            return Err(StoreError::NotFound(
                Message::new("exams_paper_not_found").arg("id", id),
            ));
        };
        let exam = self
            .exam(p.exam_id)
            .await?
            .ok_or_else(|| StoreError::Corrupt("a paper without its exam".into()))?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM exam_papers WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let detail = paper_detail(&exam, &p.paper, &p.sha256);
            log_paper(self, (&mut *tx).into(), actor, "remove", id, detail).await?;
            tx.commit().await?;
        });
        Ok(())
    }
}

/// What the audit log says of a paper: which exam, the paper, its digest.
fn paper_detail(exam: &StoredExam, paper: &Paper, sha256: &str) -> serde_json::Value {
    serde_json::json!({
        "exam": format!("{}/{}", exam.exam.fiscal_year, exam.exam.level),
        "paper": paper,
        "sha256": sha256,
    })
}

/// Audits a paper's addition or removal (never its content).
async fn log_paper(
    store: &Store,
    conn: crate::conn::Conn<'_>,
    actor: &str,
    action: &str,
    id: i64,
    detail: serde_json::Value,
) -> Result<()> {
    log_write(
        store,
        conn,
        &crate::audit::AuditEvent {
            actor,
            action,
            record_type: "exam_paper",
            record_key: &id.to_string(),
            detail,
        },
    )
    .await
}
