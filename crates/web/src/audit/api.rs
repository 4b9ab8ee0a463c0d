//! The audit log's API: entries and the chain's verification.

use crate::SharedState;
use crate::error::ApiError;
use crate::http::extract::Query;
use axum::Json;
use axum::extract::State;
use jinzai_service::audit::AuditForm;
use jinzai_store::{AuditCheck, AuditEntry};
use serde::Serialize;

/// A page of the audit log.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    total: i64,
    entries: Vec<AuditEntry>,
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "accounts",
    params(("actor" = Option<String>, Query), ("record_type" = Option<String>, Query), ("record_key" = Option<String>, Query),
        ("from" = Option<String>, Query), ("to" = Option<String>, Query), ("page" = Option<i64>, Query)),
    responses((status = 200, description = "Audit entries, newest first, 100 per page", body = AuditPage)))]
pub async fn audit(
    State(state): State<SharedState>,
    Query(form): Query<AuditForm>,
) -> Result<Json<AuditPage>, ApiError> {
    let q = form.query(jinzai_service::audit::AUDIT_PAGE)?;
    let (entries, total) = state.store.audit_entries(&q).await?;
    Ok(Json(AuditPage { total, entries }))
}

#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "accounts",
    responses((status = 200, description = "The chain checked: entries, and the first broken entry if any", body = AuditCheck)))]
pub async fn verify_audit(State(state): State<SharedState>) -> Result<Json<AuditCheck>, ApiError> {
    Ok(Json(state.store.verify_audit().await?))
}
