//! Runs the partner API calls the core describes: caching, Retry-After, no key in any log.

use ratelink_core::partner::{HttpRequest, Method, PartnerError};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an upstream answer is reused.
pub const CACHE_TTL: Duration = Duration::from_secs(60);
/// Most cached answers kept.
const MAX_CACHED: usize = 128;

/// An upstream answer, as the core's adapters read it.
#[derive(Clone, Debug)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// `Retry-After`, if sent.
    pub retry_after: Option<String>,
    /// Body text.
    pub body: String,
}

/// Calls the partner API, sharing answers for [`CACHE_TTL`] and standing back after a 429.
pub struct Upstream {
    client: reqwest::Client,
    secret: String,
    max_body: u64,
    cache: Mutex<HashMap<String, (Instant, Answer)>>,
    blocked_until: Mutex<Option<Instant>>,
}

impl Upstream {
    /// A caller for one key (`secret` is scrubbed from any error text) reading answers of at
    /// most `max_body` bytes after decompression.
    pub fn new(secret: &str, timeout: Duration, max_body: u64) -> Result<Upstream, PartnerError> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            // A redirect would carry the key in the query string to wherever it points.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("ratelink-relay/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| PartnerError::Config(format!("HTTP client: {}", e.without_url())))?;
        Ok(Upstream {
            client,
            secret: secret.to_string(),
            max_body,
            cache: Mutex::new(HashMap::new()),
            blocked_until: Mutex::new(None),
        })
    }

    fn cache_key(req: &HttpRequest) -> String {
        // Holds the key only in memory, never printed.
        format!(
            "{:?}|{}|{:?}|{:?}",
            req.method, req.url, req.query, req.form
        )
    }

    /// Forgets every cached answer (after a write such as a payout request).
    pub fn invalidate(&self) {
        self.cache.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// Seconds left before the partner API may be asked again after a 429.
    pub fn blocked_for(&self) -> Option<u64> {
        let until = (*self.blocked_until.lock().unwrap_or_else(|p| p.into_inner()))?;
        let left = until.checked_duration_since(Instant::now())?;
        Some(left.as_secs().max(1))
    }

    /// Runs `req` (from the cache when `cacheable` and fresh).
    pub async fn call(&self, req: &HttpRequest, cacheable: bool) -> Result<Answer, PartnerError> {
        if let Some(secs) = self.blocked_for() {
            return Err(PartnerError::RateLimited {
                retry_after: Some(secs),
            });
        }
        let key = Self::cache_key(req);
        if cacheable {
            let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((at, answer)) = cache.get(&key) {
                if at.elapsed() < CACHE_TTL {
                    return Ok(answer.clone());
                }
            }
        }
        let started = Instant::now();
        let what = req.query_value("method").unwrap_or("");
        let result = self.send(req).await;
        match &result {
            Ok(a) => {
                tracing::info!(target: "ratelink::partner", upstream = %req.log_target(), method = what, status = a.status, ms = started.elapsed().as_millis() as u64, "partner API call")
            }
            Err(e) => {
                tracing::warn!(target: "ratelink::partner", upstream = %req.log_target(), method = what, ms = started.elapsed().as_millis() as u64, error = %e, "partner API call failed")
            }
        }
        let answer = result?;
        if answer.status == 429 {
            let secs = answer
                .retry_after
                .as_deref()
                .and_then(ratelink_core::partner::parse_retry_after)
                .unwrap_or(60);
            *self.blocked_until.lock().unwrap_or_else(|p| p.into_inner()) =
                Some(Instant::now() + Duration::from_secs(secs));
        } else if cacheable && (200..300).contains(&answer.status) {
            let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            cache.retain(|_, (at, _)| at.elapsed() < CACHE_TTL);
            if cache.len() < MAX_CACHED {
                cache.insert(key, (Instant::now(), answer.clone()));
            }
        }
        Ok(answer)
    }

    async fn send(&self, req: &HttpRequest) -> Result<Answer, PartnerError> {
        let mut builder = match req.method {
            Method::Get => self.client.get(&req.url),
            Method::Post => self.client.post(&req.url).form(&req.form),
        };
        builder = builder.query(&req.query);
        for (name, value) in &req.headers {
            if req.method == Method::Post && name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            builder = builder.header(name.as_str(), value.as_str());
        }
        let resp = builder.send().await.map_err(|e| self.describe(e))?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let bytes = match crate::source::read_body(resp, self.max_body).await {
            Ok(bytes) => bytes,
            Err(crate::source::FetchError::TooLarge(max)) => {
                return Err(PartnerError::Unreachable(format!(
                    "the answer is larger than {max} bytes"
                )))
            }
            Err(_) => return Err(PartnerError::Unreachable("the answer broke off".into())),
        };
        Ok(Answer {
            status,
            retry_after,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }

    /// A reqwest failure as text with no URL (reqwest's messages include it, query and all).
    fn describe(&self, e: reqwest::Error) -> PartnerError {
        let why = if e.is_timeout() {
            "timed out".to_string()
        } else if e.is_connect() {
            "could not connect".to_string()
        } else if e.is_body() || e.is_decode() {
            "the answer broke off".to_string()
        } else {
            format!("request failed ({})", e.without_url())
        };
        PartnerError::Unreachable(why).redacted(&self.secret)
    }
}
