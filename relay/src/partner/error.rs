//! Every way a `/partner/*` request can fail, and the one JSON answer each becomes.

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use ratelink_core::partner::{wire, PartnerError};

use crate::http::json_response;

/// A failed dashboard request: answered as `{"error": CODE, "message": TEXT}` with its status
/// (and `Retry-After` when waiting helps). Codes are stable; the dashboard switches on them.
#[derive(Debug)]
pub enum ApiError {
    /// No live session (401 `login_required`).
    LoginRequired,
    /// The dashboard is not set up (503 `not_configured`).
    NotConfigured(String),
    /// A login posted from another site (403 `cross_origin`).
    CrossOrigin,
    /// A write without the session's CSRF token or from another origin (403 `csrf`).
    Csrf,
    /// A wrong dashboard password at login (401 `wrong_password`).
    WrongPassword,
    /// A payout request without the right dashboard password (403 `wrong_password`).
    PayoutPassword,
    /// Too many wrong passwords from this address (429 `too_many_attempts`).
    TooManyAttempts {
        /// When the address may try again.
        retry_after: Duration,
    },
    /// A payout account that the `payout_accounts` allow-list does not name (403
    /// `account_not_allowed`).
    AccountNotAllowed,
    /// A malformed request (400 `bad_request`).
    BadRequest(String),
    /// The relay itself failed (500 `no_randomness`: the one such case is the OS generator).
    NoRandomness(String),
    /// The partner API failed or answered something unusable (status from the error's kind;
    /// the key already scrubbed from its text).
    Upstream(PartnerError),
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::LoginRequired | ApiError::WrongPassword => StatusCode::UNAUTHORIZED,
            ApiError::NotConfigured(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::CrossOrigin
            | ApiError::Csrf
            | ApiError::PayoutPassword
            | ApiError::AccountNotAllowed => StatusCode::FORBIDDEN,
            ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NoRandomness(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Upstream(e) => match e {
                PartnerError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                PartnerError::NotSupported(_) => StatusCode::NOT_IMPLEMENTED,
                PartnerError::Config(_) => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::BAD_GATEWAY,
            },
        }
    }

    /// The stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::LoginRequired => "login_required",
            ApiError::NotConfigured(_) => "not_configured",
            ApiError::CrossOrigin => "cross_origin",
            ApiError::Csrf => "csrf",
            ApiError::WrongPassword | ApiError::PayoutPassword => "wrong_password",
            ApiError::TooManyAttempts { .. } => "too_many_attempts",
            ApiError::AccountNotAllowed => "account_not_allowed",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::NoRandomness(_) => "no_randomness",
            ApiError::Upstream(e) => e.kind(),
        }
    }

    /// Seconds to wait before trying again, when that helps.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::TooManyAttempts { retry_after } => Some(retry_after.as_secs().max(1)),
            ApiError::Upstream(e) => e.retry_after(),
            _ => None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::LoginRequired => f.write_str("log in to the dashboard first"),
            ApiError::NotConfigured(why) => f.write_str(why),
            ApiError::CrossOrigin => {
                f.write_str("log in from the dashboard page served by this relay")
            }
            ApiError::Csrf => f.write_str(
                "this request did not come from the dashboard page (CSRF token or Origin missing)",
            ),
            ApiError::WrongPassword => f.write_str("wrong password"),
            ApiError::PayoutPassword => {
                f.write_str("enter the dashboard password to confirm the payout")
            }
            ApiError::TooManyAttempts { retry_after } => write!(
                f,
                "too many wrong passwords from this address; try again in {} min",
                retry_after.as_secs().div_ceil(60).max(1)
            ),
            ApiError::AccountNotAllowed => {
                f.write_str("payouts to this account are not allowed by the relay's configuration")
            }
            ApiError::BadRequest(why) => f.write_str(why),
            ApiError::NoRandomness(why) => write!(f, "cannot create a session: {why}"),
            ApiError::Upstream(e) => write!(f, "{e}"),
        }
    }
}

impl From<PartnerError> for ApiError {
    fn from(e: PartnerError) -> ApiError {
        ApiError::Upstream(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry_after = self.retry_after();
        let mut resp = json_response(
            self.status(),
            wire::error_json(self.code(), &self.to_string(), retry_after),
        );
        if let Some(v) = retry_after.and_then(|s| HeaderValue::from_str(&s.to_string()).ok()) {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        resp
    }
}
