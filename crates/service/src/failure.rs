//! What went wrong, independent of how it is shown: pages, the API and the
//! command line each turn a [`Failure`] into their own answer.

use jinzai_domain::i18n::Message;
use jinzai_domain::progress::{FieldError, TargetError};
use jinzai_store::StoreError;

/// What went wrong, independent of how it is shown.
#[derive(Debug)]
///
/// Every message is said once ([`Message`]: a catalogue key and its
/// arguments) and read in the reader's language when shown: pages in the
/// page's language, the API in English.
pub enum Failure {
    NotFound(Message),
    /// Not signed in (API; pages redirect to the sign-in form instead).
    Unauthorized(Message),
    /// Signed in, but the policy says no.
    Forbidden(Message),
    /// Too many failed sign-ins.
    Throttled(Message),
    BadRequest {
        code: &'static str,
        message: Message,
    },
    Invalid(Vec<FieldError>),
    PlanInvalid(Vec<jinzai_domain::plan::Diagnostic>),
    Locked(Message),
    Conflict(Message),
    /// The database is busy with other writers past its waiting time:
    /// nothing was written, trying again later succeeds.
    Busy(Message),
    /// Records sealed with a key the server was not given (or a wrong
    /// one): nothing is read or written until it starts with the key.
    Sealed(Message),
    Internal(Message),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::PlanNotFound(code) => {
                Failure::NotFound(Message::new("store_plan_not_found").arg("plan", code))
            }
            StoreError::YearLocked { plan, year } => Failure::Locked(
                Message::new("store_year_locked")
                    .arg("plan", plan)
                    .arg("year", year),
            ),
            StoreError::Conflict { current } => {
                Failure::Conflict(Message::new("store_conflict").arg("revision", current))
            }
            StoreError::NotFound(m) => Failure::NotFound(m),
            StoreError::HealthLocked(lock) => Failure::Sealed(crate::health::lock_message(lock)),
            StoreError::Refused(errors) => Failure::Invalid(errors),
            StoreError::Records(problems) => {
                Failure::Invalid(problems.iter().map(FieldError::from_problem).collect())
            }
            other if other.is_busy() => {
                tracing::warn!(error = %other, "database busy");
                Failure::Busy(Message::new("store_busy"))
            }
            other => {
                tracing::error!(error = %other, "store failure");
                Failure::Internal(Message::new("store_failed"))
            }
        }
    }
}

impl From<TargetError> for Failure {
    fn from(e: TargetError) -> Self {
        match e {
            TargetError::UnknownNode(code) => {
                Failure::NotFound(Message::new("plan_no_node").arg("item", code))
            }
            TargetError::NotAMeasure(code) => Failure::BadRequest {
                code: "not_a_measure_year",
                message: Message::new("plan_not_a_measure").arg("item", code),
            },
            TargetError::YearOutOfPlan(year) => Failure::BadRequest {
                code: "not_a_measure_year",
                message: Message::new("plan_year_outside").arg("year", year),
            },
        }
    }
}

impl Failure {
    /// What to tell (the diagnostics and field errors of invalid input are
    /// listed where they are shown; this is their summary).
    pub fn message(&self) -> Message {
        match self {
            Failure::NotFound(m)
            | Failure::Unauthorized(m)
            | Failure::Forbidden(m)
            | Failure::Throttled(m)
            | Failure::Locked(m)
            | Failure::Conflict(m)
            | Failure::Busy(m)
            | Failure::Sealed(m)
            | Failure::Internal(m)
            | Failure::BadRequest { message: m, .. } => m.clone(),
            Failure::Invalid(errors) => Message::new("invalid_fields").arg("count", errors.len()),
            Failure::PlanInvalid(d) => Message::new("plan_invalid").arg("count", d.len()),
        }
    }
}
