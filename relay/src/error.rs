//! Every way a relay request can fail, and the one answer each becomes (`ApiError`).

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use ratelink_core::partner::{wire, PartnerError};
use ratelink_core::snippet::SnippetError;

use crate::feed::Fault;
use crate::http::{json_response, FeedCors};

/// A failed request. Each variant has its status ([`ApiError::status`]), the value of its
/// body's `"error"` ([`ApiError::code`]: a stable code; the `/feeds` and file routes predate
/// codes and keep a short fixed text) and, through `IntoResponse`, its JSON body and headers.
/// Handlers return it with `?`; none builds an error response itself.
#[derive(Debug)]
pub enum ApiError {
    /// Partner routes: no live session (401 `login_required`).
    LoginRequired,
    /// Partner routes: the dashboard is not set up (503 `not_configured`).
    NotConfigured(String),
    /// Partner routes: a login posted from another site (403 `cross_origin`).
    CrossOrigin,
    /// Partner routes: a write without the session's CSRF token or from another origin (403 `csrf`).
    Csrf,
    /// Partner routes: a wrong dashboard password at login (401 `wrong_password`).
    WrongPassword,
    /// Partner routes: a payout request without the right dashboard password (403 `wrong_password`).
    PayoutPassword,
    /// Partner routes: too many wrong passwords from this address (429 `too_many_attempts`, `Retry-After`).
    TooManyAttempts {
        /// When the address may try again.
        retry_after: Duration,
    },
    /// Partner routes: a payout account the `payout_accounts` allow-list does not name (403 `account_not_allowed`).
    AccountNotAllowed,
    /// A malformed request (400 `bad_request`): a partner route's input, or on any route a
    /// query string or path that does not decode (see [`crate::extract`]).
    BadRequest(String),
    /// Partner routes: the OS random generator failed, so no session (500 `no_randomness`).
    NoRandomness(std::io::Error),
    /// Partner routes: the partner API failed or answered something unusable (status from its kind, key scrubbed).
    Upstream(PartnerError),
    /// `/snippet`: the relay serves no assets directory (503 `not_built`).
    NoAssets,
    /// `/snippet`: no usable manifest or loader in the assets (503 `not_built`).
    NotBuilt(String),
    /// `/snippet`: a feed this relay does not serve (404 `unknown_feed`).
    SnippetUnknownFeed {
        /// The name asked for.
        feed: String,
        /// The names served.
        feeds: Vec<String>,
    },
    /// `/snippet`: the feed has no exchanger base or partner code configured (409 `no_exchanger`).
    NoExchanger(String),
    /// `/snippet`: options that give no valid snippet (400 `bad_request`).
    BadSnippet(SnippetError),
    /// `/compare`: `?feeds=` names a feed this relay does not serve (404 `unknown_feed`, with `feed` and `feeds`).
    UnknownFeed {
        /// The name asked for.
        feed: String,
        /// The names served.
        feeds: Vec<String>,
        /// The request's CORS answer.
        cors: FeedCors,
    },
    /// `/compare`: `?feeds=` lists more than [`crate::compare::MAX_SELECTED`] names (400 `bad_request`).
    TooManyFeeds {
        /// The request's CORS answer.
        cors: FeedCors,
    },
    /// `/compare/{file}`: not the sprite the documents name (404 `not_found`).
    NoCompareFile {
        /// The request's CORS answer.
        cors: FeedCors,
    },
    /// `/feeds/{name}…`: a feed this relay does not serve (404 `unknown feed`, with `feed` and `feeds`).
    NoSuchFeed {
        /// The name asked for.
        feed: String,
        /// The names served.
        feeds: Vec<String>,
        /// The request's CORS answer.
        cors: FeedCors,
    },
    /// `/feeds/{name}…`: no good copy yet (503 `feed unavailable`, `Retry-After` the refresh interval).
    FeedUnavailable {
        /// The feed's name.
        feed: String,
        /// Why, for people.
        reason: String,
        /// The last fetch's failure, if any (the cause; boxed to keep the error small).
        last_error: Option<Box<Fault>>,
        /// The feed's refresh interval.
        retry_after: Duration,
        /// The request's CORS answer.
        cors: FeedCors,
    },
    /// `/feeds/{name}/{file}`: not the feed's current icon sprite (404, with `feed` and `file`).
    NoFeedFile {
        /// The feed's name.
        feed: String,
        /// The file asked for.
        file: String,
        /// The request's CORS answer.
        cors: FeedCors,
    },
    /// A method the path does not answer (widget files: other than GET or HEAD) (405
    /// `method not allowed`).
    MethodNotAllowed,
    /// Widget files: no such file (404 `not found`, with `path`).
    AssetNotFound {
        /// The path asked for.
        path: String,
    },
    /// Widget files: the file cannot be read (500 `cannot read the file`).
    AssetUnreadable {
        /// The path asked for.
        path: String,
        /// The read's failure (the assets reader keeps it as text).
        cause: String,
    },
    /// Any route: a request body over the cap (413 `request body too large`).
    BodyTooLarge,
    /// Any route: a request body still arriving at the deadline (408 `request body timeout`).
    BodyTimeout,
    /// Any route: the handler panicked (500 `internal error`).
    Panicked,
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::LoginRequired | ApiError::WrongPassword => StatusCode::UNAUTHORIZED,
            ApiError::NotConfigured(_) | ApiError::NoAssets | ApiError::NotBuilt(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::FeedUnavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::CrossOrigin
            | ApiError::Csrf
            | ApiError::PayoutPassword
            | ApiError::AccountNotAllowed => StatusCode::FORBIDDEN,
            ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::BadRequest(_) | ApiError::BadSnippet(_) | ApiError::TooManyFeeds { .. } => {
                StatusCode::BAD_REQUEST
            }
            ApiError::NoRandomness(_) | ApiError::AssetUnreadable { .. } | ApiError::Panicked => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            ApiError::Upstream(e) => match e {
                PartnerError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                PartnerError::NotSupported(_) => StatusCode::NOT_IMPLEMENTED,
                PartnerError::Config(_) => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::BAD_GATEWAY,
            },
            ApiError::SnippetUnknownFeed { .. }
            | ApiError::UnknownFeed { .. }
            | ApiError::NoCompareFile { .. }
            | ApiError::NoSuchFeed { .. }
            | ApiError::NoFeedFile { .. }
            | ApiError::AssetNotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::NoExchanger(_) => StatusCode::CONFLICT,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
        }
    }

    /// The body's `"error"`: a stable code the dashboard and widget switch on (the `/feeds` and
    /// file routes' fixed texts are as stable).
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::LoginRequired => "login_required",
            ApiError::NotConfigured(_) => "not_configured",
            ApiError::CrossOrigin => "cross_origin",
            ApiError::Csrf => "csrf",
            ApiError::WrongPassword | ApiError::PayoutPassword => "wrong_password",
            ApiError::TooManyAttempts { .. } => "too_many_attempts",
            ApiError::AccountNotAllowed => "account_not_allowed",
            ApiError::BadRequest(_) | ApiError::BadSnippet(_) | ApiError::TooManyFeeds { .. } => {
                "bad_request"
            }
            ApiError::NoRandomness(_) => "no_randomness",
            ApiError::Upstream(e) => e.kind(),
            ApiError::NoAssets | ApiError::NotBuilt(_) => "not_built",
            ApiError::SnippetUnknownFeed { .. } | ApiError::UnknownFeed { .. } => "unknown_feed",
            ApiError::NoExchanger(_) => "no_exchanger",
            ApiError::NoCompareFile { .. } => "not_found",
            ApiError::NoSuchFeed { .. } => "unknown feed",
            ApiError::FeedUnavailable { .. } => "feed unavailable",
            ApiError::NoFeedFile { .. } => {
                "no such file for this feed (icon sprites are named in the feed's \"icons\")"
            }
            ApiError::MethodNotAllowed => "method not allowed",
            ApiError::AssetNotFound { .. } => "not found",
            ApiError::AssetUnreadable { .. } => "cannot read the file",
            ApiError::BodyTooLarge => "request body too large",
            ApiError::BodyTimeout => "request body timeout",
            ApiError::Panicked => "internal error",
        }
    }

    /// Seconds to wait before trying again, when that helps (sent as `Retry-After`).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::TooManyAttempts { retry_after } => Some(retry_after.as_secs().max(1)),
            ApiError::FeedUnavailable { retry_after, .. } => Some(retry_after.as_secs().max(1)),
            ApiError::Upstream(e) => e.retry_after(),
            _ => None,
        }
    }

    /// The CORS answer of the feed-like routes' errors, so a cross-origin page can read why.
    fn cors(&self) -> Option<&FeedCors> {
        match self {
            ApiError::UnknownFeed { cors, .. }
            | ApiError::TooManyFeeds { cors }
            | ApiError::NoCompareFile { cors }
            | ApiError::NoSuchFeed { cors, .. }
            | ApiError::FeedUnavailable { cors, .. }
            | ApiError::NoFeedFile { cors, .. } => Some(cors),
            _ => None,
        }
    }

    /// The JSON body. Each route family keeps the shape docs/relay.md gives it.
    fn body(&self) -> String {
        let code = self.code();
        match self {
            ApiError::UnknownFeed { feed, feeds, .. } => serde_json::json!(
                {"error": code, "message": self.to_string(), "feed": feed, "feeds": feeds}
            )
            .to_string(),
            ApiError::NoSuchFeed { feed, feeds, .. } => {
                serde_json::json!({"error": code, "feed": feed, "feeds": feeds}).to_string()
            }
            ApiError::FeedUnavailable {
                feed,
                reason,
                last_error,
                ..
            } => {
                let last_error = last_error.as_ref().map(|f| {
                    serde_json::json!({"at": crate::time::rfc3339(f.at), "kind": f.kind, "message": f.message})
                });
                serde_json::json!(
                    {"error": code, "feed": feed, "reason": reason, "last_error": last_error}
                )
                .to_string()
            }
            ApiError::NoFeedFile { feed, file, .. } => {
                serde_json::json!({"error": code, "feed": feed, "file": file}).to_string()
            }
            ApiError::AssetNotFound { path } => {
                serde_json::json!({"error": code, "path": path}).to_string()
            }
            ApiError::MethodNotAllowed
            | ApiError::AssetUnreadable { .. }
            | ApiError::BodyTooLarge
            | ApiError::BodyTimeout
            | ApiError::Panicked => serde_json::json!({"error": code}).to_string(),
            ApiError::LoginRequired
            | ApiError::NotConfigured(_)
            | ApiError::CrossOrigin
            | ApiError::Csrf
            | ApiError::WrongPassword
            | ApiError::PayoutPassword
            | ApiError::TooManyAttempts { .. }
            | ApiError::AccountNotAllowed
            | ApiError::BadRequest(_)
            | ApiError::NoRandomness(_)
            | ApiError::Upstream(_) => {
                // The dashboard's shape (`ratelink_core::partner::wire`): `retry_after` too.
                wire::error_json(code, &self.to_string(), self.retry_after())
            }
            ApiError::NoAssets
            | ApiError::NotBuilt(_)
            | ApiError::SnippetUnknownFeed { .. }
            | ApiError::NoExchanger(_)
            | ApiError::BadSnippet(_)
            | ApiError::TooManyFeeds { .. }
            | ApiError::NoCompareFile { .. } => {
                serde_json::json!({"error": code, "message": self.to_string()}).to_string()
            }
        }
    }

    /// True for the answers sent as bare `application/json` and `no-store` (no charset, no
    /// `nosniff`): `/snippet`'s and the connection guards', as they always were.
    fn bare(&self) -> bool {
        matches!(
            self,
            ApiError::NoAssets
                | ApiError::NotBuilt(_)
                | ApiError::SnippetUnknownFeed { .. }
                | ApiError::NoExchanger(_)
                | ApiError::BadSnippet(_)
                | ApiError::BodyTooLarge
                | ApiError::BodyTimeout
                | ApiError::Panicked
        )
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::LoginRequired => f.write_str("log in to the dashboard first"),
            ApiError::NotConfigured(why) | ApiError::BadRequest(why) | ApiError::NotBuilt(why) => {
                f.write_str(why)
            }
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
            ApiError::NoRandomness(e) => write!(f, "cannot create a session: {e}"),
            ApiError::Upstream(e) => write!(f, "{e}"),
            ApiError::NoAssets => f.write_str(
                "the relay serves no widget files (run scripts/build-web.sh, pass --assets DIR)",
            ),
            ApiError::SnippetUnknownFeed { feed, feeds }
            | ApiError::UnknownFeed { feed, feeds, .. }
            | ApiError::NoSuchFeed { feed, feeds, .. } => {
                write!(f, "unknown feed {feed:?} (served: {})", feeds.join(", "))
            }
            ApiError::NoExchanger(feed) => write!(
                f,
                "feed {feed:?} has no exchanger base and partner code configured ([exchanger] base and ref)"
            ),
            ApiError::BadSnippet(e) => write!(f, "{e}"),
            ApiError::TooManyFeeds { .. } => write!(
                f,
                "feeds= lists more than {} names (the most compared at once)",
                crate::compare::MAX_SELECTED
            ),
            ApiError::NoCompareFile { .. } => {
                f.write_str("no such file (the sprite is named in the document's \"icons\")")
            }
            ApiError::FeedUnavailable { feed, reason, .. } => {
                write!(f, "feed {feed:?} unavailable: {reason}")
            }
            ApiError::NoFeedFile { feed, file, .. } => {
                write!(f, "feed {feed:?} has no file {file:?}")
            }
            ApiError::AssetNotFound { path } => write!(f, "not found: {path}"),
            ApiError::AssetUnreadable { path, cause } => {
                write!(f, "cannot read {path}: {cause}")
            }
            ApiError::MethodNotAllowed
            | ApiError::BodyTooLarge
            | ApiError::BodyTimeout
            | ApiError::Panicked => f.write_str(self.code()),
        }
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ApiError::NoRandomness(e) => Some(e),
            ApiError::Upstream(e) => Some(e),
            ApiError::BadSnippet(e) => Some(e),
            _ => None,
        }
    }
}

impl From<PartnerError> for ApiError {
    fn from(e: PartnerError) -> ApiError {
        ApiError::Upstream(e)
    }
}

impl From<SnippetError> for ApiError {
    fn from(e: SnippetError) -> ApiError {
        ApiError::BadSnippet(e)
    }
}

/// A bare `application/json` answer marked `no-store`: `/snippet`'s answers (success or error)
/// depend on the Host header, so no shared cache may keep them.
pub(crate) fn no_store_json(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut resp = if self.bare() {
            no_store_json(status, self.body())
        } else {
            json_response(status, self.body())
        };
        let h = resp.headers_mut();
        if let Some(v) = self
            .retry_after()
            .and_then(|s| HeaderValue::from_str(&s.to_string()).ok())
        {
            h.insert(header::RETRY_AFTER, v);
        }
        if let Some(cors) = self.cors() {
            cors.apply(h);
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(e: ApiError) -> (u16, String, String, Option<String>, Option<String>) {
        let r = e.into_response();
        let h = |name: header::HeaderName| {
            r.headers()
                .get(name)
                .map(|v| v.to_str().unwrap_or("?").to_string())
        };
        (
            r.status().as_u16(),
            h(header::CONTENT_TYPE).unwrap_or_default(),
            h(header::CACHE_CONTROL).unwrap_or_default(),
            h(header::X_CONTENT_TYPE_OPTIONS),
            h(header::RETRY_AFTER),
        )
    }

    #[test]
    fn snippet_and_connection_errors_keep_their_bare_json_headers() {
        for (e, status) in [
            (ApiError::NoAssets, 503),
            (ApiError::NoExchanger("main".into()), 409),
            (ApiError::BodyTooLarge, 413),
            (ApiError::BodyTimeout, 408),
            (ApiError::Panicked, 500),
        ] {
            let (s, ct, cc, nosniff, retry) = answer(e);
            assert_eq!(
                (s, ct.as_str(), cc.as_str()),
                (status, "application/json", "no-store")
            );
            assert_eq!((nosniff, retry), (None, None));
        }
    }

    #[test]
    fn other_errors_are_the_relays_json_with_retry_after_where_waiting_helps() {
        let (s, ct, cc, nosniff, retry) = answer(ApiError::TooManyAttempts {
            retry_after: Duration::from_secs(90),
        });
        assert_eq!(
            (s, ct.as_str(), cc.as_str()),
            (429, "application/json; charset=utf-8", "no-store")
        );
        assert_eq!(nosniff.as_deref(), Some("nosniff"));
        assert_eq!(retry.as_deref(), Some("90"));
        let (s, _, _, _, retry) = answer(ApiError::MethodNotAllowed);
        assert_eq!((s, retry), (405, None));
    }

    #[test]
    fn causes_are_kept() {
        use std::error::Error;
        let e = ApiError::NoRandomness(std::io::Error::other("no entropy"));
        assert_eq!(
            e.source().map(|s| s.to_string()).as_deref(),
            Some("no entropy")
        );
        assert_eq!(e.to_string(), "cannot create a session: no entropy");
    }
}
