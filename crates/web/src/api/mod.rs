//! The JSON API (`/api/v1`): plans, nodes and progress, read and write,
//! with the forms' validation. Errors: `{"error": {"code", "message", …}}`.

mod accounts;
pub mod openapi;
mod people;
mod plans;
mod progress;
mod training;

use crate::auth::Routes;
use crate::error::{ApiError, Failure};
use axum::body::Bytes;
use jinzai_domain::access::Permission;
use serde::de::DeserializeOwned;

/// Every API route, each with the permission it needs.
pub fn routes() -> Routes {
    use Permission::*;
    Routes::new("/api/v1")
        .get("/plans", ReadPlans, plans::list)
        .post("/plans", ImportPlans, plans::import)
        .get("/plans/{code}", ReadPlans, plans::show)
        .get("/plans/{code}/versions", ReadPlans, plans::versions)
        .get("/plans/{code}/nodes/{node}", ReadPlans, plans::node)
        .get(
            "/plans/{code}/nodes/{node}/indicator",
            ReadPlans,
            plans::indicator,
        )
        .get(
            "/plans/{code}/nodes/{node}/indicator/{year}",
            AnalysePeople,
            plans::indicator_records,
        )
        .get("/plans/{code}/rollup", ReadPlans, plans::rollup)
        .get("/plans/{code}/report", ReadPlans, plans::report)
        .get("/plans/{code}/progress", ReadPlans, progress::current)
        .get(
            "/plans/{code}/nodes/{node}/progress/{year}",
            ReadPlans,
            progress::cell,
        )
        .post(
            "/plans/{code}/nodes/{node}/progress/{year}",
            RecordProgress,
            progress::record,
        )
        .put("/plans/{code}/locks/{year}", LockYears, progress::lock)
        .delete("/plans/{code}/locks/{year}", LockYears, progress::unlock)
        .put(
            "/plans/{code}/publications/{year}",
            PublishProgress,
            progress::publish,
        )
        .delete(
            "/plans/{code}/publications/{year}",
            PublishProgress,
            progress::unpublish,
        )
        .get("/public/{code}", Public, progress::public)
        .get("/staff", ReadPeople, people::staff_list)
        .get("/staff/{number}", ReadPeople, people::staff_member)
        .get("/units", ReadOrganisation, people::units)
        .get("/units/{code}", ReadOrganisation, people::unit)
        .get("/rotation", AnalysePeople, people::rotation)
        .get("/events", AnalysePeople, people::events)
        .post("/imports/{kind}", ImportPeople, people::import)
        .get("/training/courses", ReadTraining, training::courses)
        .put(
            "/training/courses/{course}",
            ManageTraining,
            training::save_course,
        )
        .get("/training/sessions", ReadTraining, training::sessions)
        .get("/training/summary", ReadTraining, training::summary)
        .post("/training/sessions", ManageTraining, training::save_session)
        .post(
            "/training/sessions/{course}/{start}/roster",
            ManageTraining,
            training::add_to_roster,
        )
        .get(
            "/training/sessions/{course}/{start}",
            ManageTraining,
            training::roster,
        )
        .post(
            "/training/sessions/{course}/{start}/attendance",
            ManageTraining,
            training::record_attendance,
        )
        .get(
            "/self-development",
            ApplySelfDevelopment,
            training::self_development,
        )
        .post(
            "/self-development",
            ApplySelfDevelopment,
            training::apply_self_development,
        )
        .post(
            "/self-development/{id}",
            ApplySelfDevelopment,
            training::step_self_development,
        )
        .put(
            "/training/ojt/{unit}/{year}",
            PlanOjt,
            training::save_ojt_plan,
        )
        .post(
            "/training/ojt/{unit}/sessions",
            PlanOjt,
            training::record_ojt_session,
        )
        .get("/me", SignedIn, accounts::me)
        .get("/users", ManageAccounts, accounts::users)
        .post("/users", ManageAccounts, accounts::create_user)
        .get("/tokens", ManageAccounts, accounts::tokens)
        .post("/tokens", ManageAccounts, accounts::issue_token)
        .delete("/tokens/{id}", ManageAccounts, accounts::revoke_token)
        .get("/audit", ReadAudit, accounts::audit)
        .get("/audit/verify", ReadAudit, accounts::verify_audit)
        .fallback(|| async { ApiError(Failure::NotFound("no such API route".to_owned())) })
}

/// Parses a JSON body, naming the line and column of a mistake.
pub fn json_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError(Failure::BadRequest {
            code: "invalid_json",
            message: format!("request body {e}"),
        })
    })
}
