//! Partner APIs (pp, iEXExchanger v2) read into one normalized model, plus charts and CSV helpers.
//!
//! The relay describes calls with [`PartnerEndpoint`] (plain [`HttpRequest`] data), executes
//! them, and hands each answer back as a [`Response`] to the family's adapter ([`pp`],
//! [`iex_v2`]). [`wire`] is the relay's normalized JSON, read back by the dashboard.

pub mod csv;
pub mod dates;
pub mod error;
pub mod iex_v2;
pub mod model;
pub mod placements;
pub mod pp;
pub mod request;
pub mod stats;
pub mod wire;

pub use error::{parse_retry_after, redact, PartnerError};
pub use model::*;
pub use request::{
    pair_link, HttpRequest, Method, PartnerApi, PartnerEndpoint, PartnerKey, PpFamily, Window,
};

use crate::json::{self, Value};

/// An HTTP answer from a partner API, as the adapters need it.
#[derive(Clone, Copy, Debug)]
pub struct Response<'a> {
    /// HTTP status code.
    pub status: u16,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<&'a str>,
    /// The body as text.
    pub body: &'a str,
}

impl<'a> Response<'a> {
    /// A 200 answer with `body` (tests, fixtures).
    pub fn ok(body: &'a str) -> Response<'a> {
        Response {
            status: 200,
            retry_after: None,
            body,
        }
    }
}

/// Turns non-success HTTP statuses into errors (the body's message kept for 401/403).
pub(crate) fn check_status(resp: &Response<'_>) -> Result<(), PartnerError> {
    match resp.status {
        200..=299 => Ok(()),
        501 => Err(PartnerError::WrongEndpoint),
        401 | 403 => Err(PartnerError::Unauthorized {
            status: resp.status,
            message: body_message(resp.body),
        }),
        429 => Err(PartnerError::RateLimited {
            retry_after: resp.retry_after.and_then(parse_retry_after),
        }),
        other => Err(PartnerError::Http(other)),
    }
}

/// A message from a JSON error body (`message`, `error_text`, `error.message`), if any.
fn body_message(body: &str) -> Option<String> {
    let v = json::parse(body).ok()?;
    let text = v
        .get("message")
        .or_else(|| v.get("error_text"))
        .or_else(|| v.get("error").and_then(|e| e.get("message")))
        .and_then(Value::as_str)?
        .trim();
    (!text.is_empty()).then(|| text.chars().take(200).collect())
}

/// Parses a body as JSON; anything else (an HTML page, nothing) means the API is unreachable.
pub(crate) fn parse_json(body: &str) -> Result<Value<'_>, PartnerError> {
    let trimmed = body.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(PartnerError::Unreachable("empty answer".into()));
    }
    if trimmed.starts_with('<') {
        return Err(PartnerError::Unreachable(
            "an HTML page instead of JSON (wrong endpoint, maintenance or a proxy error)".into(),
        ));
    }
    json::parse(body).map_err(|e| PartnerError::Unreachable(format!("not JSON ({e})")))
}
