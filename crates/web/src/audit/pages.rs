//! The audit log's pages: entries with filters, and the download.

use crate::SharedState;
use crate::auth::{Who, audit as log};
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jinzai_domain::i18n::Message;
use jinzai_domain::report::{Column, Table, Value};
use jinzai_service::audit::{AUDIT_PAGE, AuditForm};
use jinzai_store::AuditEntry;
use serde_json::json;

#[derive(Template)]
#[template(path = "audit/admin_audit.html")]
pub struct AuditPage {
    pub nav: Nav,
    pub form: AuditForm,
    pub entries: Vec<(AuditEntry, String)>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub query_string: String,
}

pub async fn audit(
    State(state): State<SharedState>,
    lang: Lang,
    Query(form): Query<AuditForm>,
) -> PageResult {
    let q = form.query(AUDIT_PAGE).map_err(|e| PageError(e, lang))?;
    let (entries, total) = state
        .store
        .audit_entries(&q)
        .await
        .map_err(|e| PageError(e.into(), lang))?;
    let mut filters = form.clone();
    filters.page = None;
    let query_string = serde_urlencoded::to_string([
        ("actor", &filters.actor),
        ("record_type", &filters.record_type),
        ("record_key", &filters.record_key),
        ("from", &filters.from),
        ("to", &filters.to),
    ])
    .unwrap_or_default();
    render(
        &AuditPage {
            nav: nav(lang, None, "audit", "/admin/audit".into()),
            entries: entries
                .into_iter()
                .map(|mut e| {
                    let d = e.detail.to_string();
                    e.at = crate::view::when(&e.at);
                    (e, d)
                })
                .collect(),
            total,
            page: form.page.unwrap_or(1).max(1),
            pages: (total + AUDIT_PAGE - 1) / AUDIT_PAGE,
            form,
            query_string,
        },
        lang,
    )
}

/// The audit log as a table (for CSV and Excel).
pub fn audit_table(entries: &[AuditEntry]) -> Table {
    let col = |key: &str, label: &str| Column::new(key, label);
    Table {
        title: "監査ログ".to_owned(),
        columns: vec![
            col("seq", "番号"),
            col("at", "日時"),
            col("actor", "操作者"),
            col("action", "操作"),
            col("record_type", "対象の種類"),
            col("record_key", "対象"),
            col("detail", "内容"),
            col("hash", "ハッシュ"),
        ],
        rows: entries
            .iter()
            .map(|e| {
                vec![
                    Value::Number(e.seq as f64),
                    Value::Text(e.at.clone()),
                    Value::Text(e.actor.clone()),
                    Value::Text(e.action.clone()),
                    Value::Text(e.record_type.clone()),
                    Value::Text(e.record_key.clone()),
                    Value::Text(e.detail.to_string()),
                    Value::Text(e.hash.clone()),
                ]
            })
            .collect(),
        row_codes: entries.iter().map(|e| e.seq.to_string()).collect(),
    }
}

pub async fn audit_download(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(form): Query<AuditForm>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let mut q = form.query(i64::MAX / 2).map_err(fail)?;
    q.offset = 0;
    let (entries, _) = state
        .store
        .audit_entries(&q)
        .await
        .map_err(|e| fail(e.into()))?;
    let bytes = jinzai_io::export(
        &audit_table(&entries),
        jinzai_io::Format::Csv,
        jinzai_io::Encoding::Utf8Bom,
    )
    .map_err(|e| {
        fail(Failure::Internal(
            Message::new("internal_detail").arg("detail", e),
        ))
    })?;
    log(
        &state,
        &who.actor(),
        "export",
        ("audit_log", ""),
        json!({ "entries": entries.len() }),
    )
    .await;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit-log.csv\"".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}
