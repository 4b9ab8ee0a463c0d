//! New talent over the API: the overview (designations in force, figures
//! by year), naming a specialist, ending a designation, adding a field.

use crate::SharedState;
use crate::auth::Who;
use crate::error::ApiError;
use crate::http::extract::{Path, Query};
use crate::http::json_body;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use chrono::NaiveDate;
use jinzai_domain::talent::{Designation, SpecialistField};
use jinzai_service::talent::{self as service, Overview};
use jinzai_store::talent::StoredDesignation;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OverviewQuery {
    /// Designations in force on this day (today by default); the figures
    /// run to its fiscal year.
    on: Option<NaiveDate>,
    /// Only this field's designations (a field code).
    field: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/talent", tag = "talent", params(OverviewQuery),
    responses((status = 200, description = "Designations in force, the count per field, and the figures of 1-6-1 to 1-7-2 for the last five fiscal years", body = Overview)))]
pub async fn overview(
    State(state): State<SharedState>,
    Query(q): Query<OverviewQuery>,
) -> Result<Json<Overview>, ApiError> {
    let on = q.on.unwrap_or_else(|| state.clock().today());
    Ok(Json(
        service::overview(&state.store, on, q.field.as_deref()).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/talent/designations", tag = "talent", request_body = Designation,
    responses((status = 200, description = "Designated", body = StoredDesignation),
        (status = 422, description = "Refused at its field (staff_number, field, from, to, note)")))]
pub async fn designate(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Json<StoredDesignation>, ApiError> {
    let d: Designation = json_body(&body)?;
    Ok(Json(service::designate(&state.store, &who, &d).await?))
}

/// The last day of a designation.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = DesignationEnd)]
pub struct End {
    to: NaiveDate,
}

#[utoipa::path(post, path = "/api/v1/talent/designations/{id}/end", tag = "talent", request_body = End,
    params(("id" = i64, Path, description = "The designation's id")),
    responses((status = 200, description = "Ended", body = StoredDesignation),
        (status = 404, description = "No such designation"),
        (status = 422, description = "A last day before the first")))]
pub async fn end(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<StoredDesignation>, ApiError> {
    let e: End = json_body(&body)?;
    Ok(Json(service::end(&state.store, &who, id, e.to).await?))
}

/// The city's fields after a change.
#[derive(Serialize, ToSchema)]
#[schema(as = SpecialistFields)]
pub struct Fields {
    fields: Vec<SpecialistField>,
}

#[utoipa::path(post, path = "/api/v1/talent/fields", tag = "talent", request_body = SpecialistField,
    responses((status = 200, description = "Added at the end of the list", body = Fields),
        (status = 422, description = "A code taken or badly shaped, or a label missing")))]
pub async fn add_field(
    State(state): State<SharedState>,
    Who(who): Who,
    body: Bytes,
) -> Result<Json<Fields>, ApiError> {
    let f: SpecialistField = json_body(&body)?;
    Ok(Json(Fields {
        fields: service::add_field(&state.store, &who, &f).await?,
    }))
}
