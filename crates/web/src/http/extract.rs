//! The API's extractors: axum's `Query` and `Path`, answering a value that
//! cannot be read with the API's JSON error (400, the parameter named)
//! instead of axum's plain-text rejection.

use crate::error::{ApiError, Failure};
use axum::extract::FromRequestParts;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::response::{IntoResponse, Response};
use jinzai_domain::i18n::Message;

/// A query string read as `T`; a 400 `invalid_query` error otherwise.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ParamError))]
pub struct Query<T>(pub T);

/// Path parameters read as `T`; a 400 `invalid_path` error otherwise.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ParamError))]
pub struct Path<T>(pub T);

/// A query string or path parameter that could not be read.
#[derive(Debug)]
pub struct ParamError(ApiError);

impl From<QueryRejection> for ParamError {
    fn from(e: QueryRejection) -> Self {
        ParamError(ApiError(Failure::BadRequest {
            code: "invalid_query",
            message: Message::new("api_invalid_query").arg("detail", e.body_text()),
        }))
    }
}

impl From<PathRejection> for ParamError {
    fn from(e: PathRejection) -> Self {
        match e {
            // A value in the address that cannot be read: the client's.
            PathRejection::FailedToDeserializePathParams(e) => {
                ParamError(ApiError(Failure::BadRequest {
                    code: "invalid_path",
                    message: Message::new("api_invalid_path").arg("detail", e.body_text()),
                }))
            }
            // Parameters missing from the route itself: ours.
            other => ParamError(ApiError(Failure::Internal(
                Message::new("internal_detail").arg("detail", other.body_text()),
            ))),
        }
    }
}

impl IntoResponse for ParamError {
    fn into_response(self) -> Response {
        self.0.into_response()
    }
}

/// A query value a form may send empty (`?year=&period=first` when "all
/// years" is chosen): empty is `None`, anything else must parse.
pub fn empty_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let raw: Option<String> = serde::Deserialize::deserialize(d)?;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text.parse().map(Some).map_err(serde::de::Error::custom),
    }
}
