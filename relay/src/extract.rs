//! The relay's typed extractors: axum's `Query` and `Path` with their rejections answered as
//! [`ApiError::BadRequest`], so a malformed query string or path gets the relay's JSON error
//! like every other failure (axum's own rejections are `text/plain`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A typed query string (axum's `Query`); a malformed one is `400 bad_request`.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Query<T>, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(t)| Query(t))
            .map_err(|e| ApiError::BadRequest(e.body_text()))
    }
}

/// Typed path parameters (axum's `Path`); a path that does not decode (`%FF`) is
/// `400 bad_request`.
#[derive(Debug)]
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Path<T>, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(t)| Path(t))
            .map_err(|e| ApiError::BadRequest(e.body_text()))
    }
}
