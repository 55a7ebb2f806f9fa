//! Why a partner API call failed, as a readable value.

use std::fmt;

/// A partner API failure. Messages never contain the key or a full upstream URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartnerError {
    /// HTTP 501 (pp): missing key, `api_action` not `pp`, or unknown method.
    WrongEndpoint,
    /// The API answered `error: 1`; the site's own text (possibly translated).
    Rejected(String),
    /// 401/403: the key is wrong, revoked or lacks the permission. Never retried.
    Unauthorized {
        /// HTTP status.
        status: u16,
        /// The site's message, if any.
        message: Option<String>,
    },
    /// 429: too many requests; wait `retry_after` seconds when given.
    RateLimited {
        /// Seconds from `Retry-After`.
        retry_after: Option<u64>,
    },
    /// Another HTTP error status.
    Http(u16),
    /// Not a JSON answer (an HTML page, a proxy error) or no answer at all.
    Unreachable(String),
    /// JSON, but not the shape this API answers with.
    Malformed(String),
    /// This API family has no such method (clicks on iEXExchanger, payout requests off pp).
    NotSupported(&'static str),
    /// The relay's configuration is unusable.
    Config(String),
}

impl PartnerError {
    /// Seconds to wait before asking again, for 429.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            PartnerError::RateLimited { retry_after } => *retry_after,
            _ => None,
        }
    }

    /// True when asking again later may succeed (429, 5xx, unreachable); never for 401/403.
    pub fn is_retryable(&self) -> bool {
        match self {
            PartnerError::RateLimited { .. } | PartnerError::Unreachable(_) => true,
            PartnerError::Http(status) => *status >= 500,
            _ => false,
        }
    }

    /// A short machine-readable kind for JSON answers.
    pub fn kind(&self) -> &'static str {
        match self {
            PartnerError::WrongEndpoint => "wrong_endpoint",
            PartnerError::Rejected(_) => "rejected",
            PartnerError::Unauthorized { .. } => "unauthorized",
            PartnerError::RateLimited { .. } => "rate_limited",
            PartnerError::Http(_) => "http",
            PartnerError::Unreachable(_) => "unreachable",
            PartnerError::Malformed(_) => "malformed",
            PartnerError::NotSupported(_) => "not_supported",
            PartnerError::Config(_) => "config",
        }
    }

    /// The same error with every occurrence of `secret` in its texts replaced by `[redacted]`.
    pub fn redacted(self, secret: &str) -> PartnerError {
        let clean = |s: String| redact(&s, secret);
        match self {
            PartnerError::Rejected(m) => PartnerError::Rejected(clean(m)),
            PartnerError::Unauthorized { status, message } => PartnerError::Unauthorized {
                status,
                message: message.map(clean),
            },
            PartnerError::Unreachable(m) => PartnerError::Unreachable(clean(m)),
            PartnerError::Malformed(m) => PartnerError::Malformed(clean(m)),
            PartnerError::Config(m) => PartnerError::Config(clean(m)),
            other => other,
        }
    }
}

impl fmt::Display for PartnerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartnerError::WrongEndpoint => {
                f.write_str("wrong endpoint or method: the partner API answered 501 (check the endpoint URL and that the API is enabled)")
            }
            PartnerError::Rejected(text) if text.trim().is_empty() => f.write_str("rejected by the partner API (no reason given)"),
            PartnerError::Rejected(text) => write!(f, "rejected by the partner API: {}", text.trim()),
            PartnerError::Unauthorized { status, message } => {
                write!(f, "the partner API refused the key (HTTP {status})")?;
                match message {
                    Some(m) if !m.trim().is_empty() => write!(f, ": {}", m.trim()),
                    _ => Ok(()),
                }
            }
            PartnerError::RateLimited { retry_after: Some(s) } => write!(f, "the partner API asks to slow down; retry in {s} s"),
            PartnerError::RateLimited { retry_after: None } => f.write_str("the partner API asks to slow down; retry later"),
            PartnerError::Http(status) => write!(f, "the partner API answered HTTP {status}"),
            PartnerError::Unreachable(why) => write!(f, "the partner API is unreachable: {why}"),
            PartnerError::Malformed(why) => write!(f, "unexpected answer from the partner API: {why}"),
            PartnerError::NotSupported(what) => write!(f, "this partner API does not provide {what}"),
            PartnerError::Config(why) => write!(f, "partner API configuration: {why}"),
        }
    }
}

impl std::error::Error for PartnerError {}

/// `text` with every occurrence of `secret` replaced by `[redacted]` (no-op for an empty secret).
pub fn redact(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        return text.to_string();
    }
    // APIs echo the request URL or body in their errors, where the key is percent-encoded
    // (form or RFC 3986 style, either hex case) or JSON-escaped: each spelling is redacted.
    let mut spellings: Vec<String> = vec![secret.to_string(), json_escaped(secret)];
    for form in [true, false] {
        let encoded = percent_encoded(secret, form);
        spellings.push(lower_hex(&encoded));
        spellings.push(encoded);
    }
    spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
    spellings.dedup();
    let mut out = text.to_string();
    for s in spellings.iter().filter(|s| !s.is_empty()) {
        out = out.replace(s.as_str(), "[redacted]");
    }
    out
}

/// `secret` percent-encoded: as an HTML form does (`form`: space as `+`, `*-._` kept) or as
/// an RFC 3986 component (space as `%20`, `-._~` kept); hex digits upper-case.
fn percent_encoded(secret: &str, form: bool) -> String {
    let mut out = String::with_capacity(secret.len() * 3);
    for b in secret.bytes() {
        let kept = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_')
            || (form && b == b'*')
            || (!form && b == b'~');
        if kept {
            out.push(char::from(b));
        } else if form && b == b' ' {
            out.push('+');
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// `secret` as a JSON string's content (`\"`, `\\`, and `\/` as some encoders write it).
fn json_escaped(secret: &str) -> String {
    secret
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('/', "\\/")
}

/// `encoded` with lower-case hex digits after each `%` (some encoders write `%2f`).
fn lower_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut after_percent = 0;
    for c in encoded.chars() {
        if after_percent > 0 {
            out.push(c.to_ascii_lowercase());
            after_percent -= 1;
        } else {
            out.push(c);
            if c == '%' {
                after_percent = 2;
            }
        }
    }
    out
}

/// Seconds from a `Retry-After` header value (delta-seconds form; a date form is read as 60 s).
pub fn parse_retry_after(value: &str) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    Some(value.parse::<u64>().unwrap_or(60).min(3600))
}
