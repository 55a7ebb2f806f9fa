//! Getting a feed's bytes from its source: HTTP with validators, a size cap and a timeout,
//! or the demo's bundled and failing sources.

use std::time::Duration;

use bytes::{Bytes, BytesMut};

use crate::config::Source;

/// Validators from the last good upstream response, sent back as a conditional GET.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    /// The upstream `ETag`.
    pub etag: Option<String>,
    /// The upstream `Last-Modified`.
    pub last_modified: Option<String>,
}

/// What a fetch brought back.
#[derive(Clone, Debug)]
pub enum Fetched {
    /// `304 Not Modified`: the last good copy is still current.
    NotModified,
    /// A body (status 2xx).
    Body {
        /// HTTP status.
        status: u16,
        /// The body, decompressed, at most the size cap.
        bytes: Bytes,
        /// The upstream `Content-Type`.
        content_type: Option<String>,
        /// Validators to send next time.
        validators: Validators,
    },
}

/// Why a fetch brought back nothing usable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// The whole fetch took longer than the timeout (also a body that stalls mid-way).
    Timeout(Duration),
    /// The body exceeded the size cap.
    TooLarge(u64),
    /// A non-2xx status.
    Status(u16),
    /// Connection, TLS, DNS or protocol failure.
    Network(String),
    /// A redirect to another scheme, host or port (not followed).
    Redirect,
    /// A source that always fails (demo).
    Source(String),
}

impl FetchError {
    /// Short machine-readable kind for `/health` and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::Timeout(_) => "timeout",
            FetchError::TooLarge(_) => "too_large",
            FetchError::Status(_) => "http_status",
            FetchError::Network(_) => "network",
            FetchError::Redirect => "redirect",
            FetchError::Source(_) => "source",
        }
    }
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Timeout(d) => write!(f, "no complete response within {} ms", d.as_millis()),
            FetchError::TooLarge(max) => {
                write!(f, "body larger than the {max}-byte limit; download aborted")
            }
            FetchError::Status(s) => write!(f, "upstream answered HTTP {s}"),
            FetchError::Network(e) => write!(f, "network error: {e}"),
            FetchError::Redirect => f.write_str(
                "upstream redirected to another scheme, host or port; not followed (configure the final URL)",
            ),
            FetchError::Source(e) => f.write_str(e),
        }
    }
}

/// The HTTP client for upstream fetches.
pub fn http_client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .user_agent(concat!("ratelink-relay/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .redirect(same_origin_redirects())
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}

/// Most redirects followed in a row.
const MAX_REDIRECTS: usize = 5;

/// The error a refused redirect ends the request with (see [`same_origin_redirects`]).
#[derive(Debug)]
struct CrossOriginRedirect;

impl std::fmt::Display for CrossOriginRedirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("redirect to another origin refused")
    }
}

impl std::error::Error for CrossOriginRedirect {}

/// A redirect policy that follows up to [`MAX_REDIRECTS`] redirects, each within the scheme,
/// host and port of the first URL (no downgrade to http, no other host), and ends the request
/// with an error otherwise. Usable by any upstream client of the relay.
pub fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let Some(first) = attempt.previous().first() else {
            return attempt.follow();
        };
        if attempt.previous().len() >= MAX_REDIRECTS {
            return attempt.error("too many redirects");
        }
        if same_origin(first, attempt.url()) {
            attempt.follow()
        } else {
            attempt.error(CrossOriginRedirect)
        }
    })
}

/// True when both URLs have the same scheme, host and (effective) port.
pub fn same_origin(a: &reqwest::Url, b: &reqwest::Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str().map(str::to_ascii_lowercase) == b.host_str().map(str::to_ascii_lowercase)
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Fetches once from `source`. `validators` (from the last good copy) make it conditional.
/// The timeout covers everything, including a body that stops mid-way; the cap is enforced
/// while the body streams in.
pub async fn fetch(
    client: &reqwest::Client,
    source: &Source,
    validators: Option<&Validators>,
    timeout: Duration,
    max_bytes: u64,
) -> Result<Fetched, FetchError> {
    match source {
        Source::Bundled {
            bytes,
            content_type,
        } => {
            if bytes.len() as u64 > max_bytes {
                return Err(FetchError::TooLarge(max_bytes));
            }
            Ok(Fetched::Body {
                status: 200,
                bytes: Bytes::from_static(bytes),
                content_type: Some((*content_type).to_string()),
                validators: Validators::default(),
            })
        }
        Source::Failing { reason } => Err(FetchError::Source(reason.clone())),
        Source::Http { url } => {
            match tokio::time::timeout(timeout, fetch_http(client, url, validators, max_bytes))
                .await
            {
                Ok(result) => result,
                Err(_) => Err(FetchError::Timeout(timeout)),
            }
        }
    }
}

async fn fetch_http(
    client: &reqwest::Client,
    url: &reqwest::Url,
    validators: Option<&Validators>,
    max_bytes: u64,
) -> Result<Fetched, FetchError> {
    let mut req = client.get(url.clone());
    if let Some(v) = validators {
        if let Some(etag) = &v.etag {
            req = req.header(reqwest::header::IF_NONE_MATCH, etag);
        }
        if let Some(lm) = &v.last_modified {
            req = req.header(reqwest::header::IF_MODIFIED_SINCE, lm);
        }
    }
    let resp = req.send().await.map_err(network_error)?;
    let status = resp.status().as_u16();
    if status == 304 {
        return Ok(Fetched::NotModified);
    }
    if !(200..300).contains(&status) {
        return Err(FetchError::Status(status));
    }
    let header = |name: reqwest::header::HeaderName| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header(reqwest::header::CONTENT_TYPE);
    let validators = Validators {
        etag: header(reqwest::header::ETAG),
        last_modified: header(reqwest::header::LAST_MODIFIED),
    };
    let body = read_body(resp, max_bytes).await?;
    Ok(Fetched::Body {
        status,
        bytes: body,
        content_type,
        validators,
    })
}

/// Reads a response's body as it streams in, at most `max_bytes` of it after decompression
/// (the cap is checked per chunk, so an endless or bomb-like body stops at the cap).
pub async fn read_body(mut resp: reqwest::Response, max_bytes: u64) -> Result<Bytes, FetchError> {
    if resp.content_length().is_some_and(|n| n > max_bytes) {
        return Err(FetchError::TooLarge(max_bytes));
    }
    // Reserve what the upstream announces (already checked against the cap) to avoid
    // doubling reallocations of a large body.
    let mut body = BytesMut::with_capacity(resp.content_length().unwrap_or(64 * 1024) as usize);
    while let Some(chunk) = resp.chunk().await.map_err(network_error)? {
        if (body.len() + chunk.len()) as u64 > max_bytes {
            return Err(FetchError::TooLarge(max_bytes));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// A reqwest error as one line, without the URL (its query string may carry a key).
fn network_error(e: reqwest::Error) -> FetchError {
    if e.is_redirect() && source_is::<CrossOriginRedirect>(&e) {
        return FetchError::Redirect;
    }
    let e = e.without_url();
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    FetchError::Network(msg)
}

/// True when `T` is somewhere in the error's source chain.
fn source_is<T: std::error::Error + 'static>(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if err.is::<T>() {
            return true;
        }
        cur = err.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_origin_needs_scheme_host_and_port() {
        let u = |s: &str| reqwest::Url::parse(s).unwrap();
        let base = u("https://ex.example/rates.xml?k=1");
        assert!(same_origin(&base, &u("https://EX.example/other.xml")));
        assert!(same_origin(&base, &u("https://ex.example:443/x")));
        assert!(!same_origin(&base, &u("http://ex.example/rates.xml")));
        assert!(!same_origin(&base, &u("https://ex.example:8443/rates.xml")));
        assert!(!same_origin(&base, &u("https://evil.example/rates.xml")));
        assert!(!same_origin(&base, &u("https://ex.example.evil.example/")));
    }
}
