//! The HTTP side: routes, feed responses (codings, validators, CORS), `/health`, `/config`
//! and the widget's files.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;

use crate::assets::{AssetError, Assets};
use crate::client_addr::{Client, TrustedProxies};
use crate::config::{Exchanger, PartnerConfig};
use crate::encoding::{self, Coding};
use crate::error::ApiError;
use crate::extract::Path;
use crate::feed::{FeedSlot, Modified, Served, Sprite};

/// Which origins may read feeds cross-origin.
#[derive(Clone, Debug, Default)]
pub struct Cors {
    any: bool,
    origins: Vec<String>,
}

impl Cors {
    /// From the configured list (`"*"` allows every origin).
    pub fn new(allowed: &[String]) -> Cors {
        Cors {
            any: allowed.iter().any(|o| o == "*"),
            origins: allowed
                .iter()
                .filter(|o| *o != "*")
                .map(|o| o.to_ascii_lowercase())
                .collect(),
        }
    }

    /// The `Access-Control-Allow-Origin` value for a request's `Origin`, or none (denied).
    pub fn allow(&self, origin: Option<&HeaderValue>) -> Option<HeaderValue> {
        if self.any {
            return Some(HeaderValue::from_static("*"));
        }
        let origin = origin?;
        let text = origin.to_str().ok()?.to_ascii_lowercase();
        self.origins.contains(&text).then(|| origin.clone())
    }
}

/// Everything handlers share. Cheap to clone.
#[derive(Clone)]
pub struct AppState(pub Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        st: &AppState,
    ) -> Result<Client, Self::Rejection> {
        Ok(Client::from_parts(parts, &st.trusted_proxies))
    }
}

/// The shared state behind [`AppState`].
pub struct Shared {
    /// Feeds by name.
    pub feeds: HashMap<String, Arc<FeedSlot>>,
    /// Feeds in configuration order.
    pub order: Vec<Arc<FeedSlot>>,
    /// CORS policy for feeds.
    pub cors: Cors,
    /// The widget's files, when an assets dir is served.
    pub assets: Option<Assets>,
    /// Exchanger defaults.
    pub exchanger: Exchanger,
    /// The `[partner]` section (for the dashboard routes; holds the key).
    pub partner: PartnerConfig,
    /// HTTP client for upstream calls (feeds, partner API).
    pub client: reqwest::Client,
    /// Proxies whose `X-Forwarded-*` headers are believed.
    pub trusted_proxies: TrustedProxies,
    /// Largest upstream body read (feeds and partner API), after decompression.
    pub max_body: u64,
    /// The `/compare` documents.
    pub compare: Arc<crate::compare::CompareHub>,
}

/// All routes. The dashboard's partner routes merge in with one line.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/feeds/{name}", get(feed_json).options(preflight))
        .route("/feeds/{name}/raw", get(feed_raw).options(preflight))
        .route("/feeds/{name}/{file}", get(feed_icons).options(preflight))
        .route(
            "/compare",
            get(crate::compare::compare_json).options(preflight),
        )
        .route(
            "/compare/{file}",
            get(crate::compare::compare_icons).options(preflight),
        )
        .route("/health", get(health))
        .route("/config", get(config).options(preflight))
        .merge(crate::partner::router(state.clone()))
        .merge(crate::embed::router())
        // A known path asked with another method: the relay's JSON, with axum's `Allow`.
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .fallback(static_file)
        .with_state(state)
}

/// The relay's one JSON answer: `body` (JSON text) as `application/json`, `no-store`,
/// `nosniff`. Callers that may be cached replace `Cache-Control`.
pub fn json_response(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// The CORS answer of a feed-like response to its request's `Origin` (a typed extractor; the
/// errors of those routes carry it too, so a cross-origin page can read why).
#[derive(Clone, Debug)]
pub struct FeedCors {
    allow: Option<HeaderValue>,
}

impl FeedCors {
    /// Adds `Vary` and, for an allowed origin, the CORS headers.
    pub fn apply(&self, h: &mut HeaderMap) {
        h.insert(
            header::VARY,
            HeaderValue::from_static("Accept-Encoding, Origin"),
        );
        if let Some(allow) = &self.allow {
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow.clone());
            h.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("ETag, Last-Modified"),
            );
        }
    }
}

impl FromRequestParts<AppState> for FeedCors {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<FeedCors, Self::Rejection> {
        Ok(FeedCors {
            allow: app.cors.allow(parts.headers.get(header::ORIGIN)),
        })
    }
}

async fn preflight(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    let h = r.headers_mut();
    h.insert(
        header::VARY,
        HeaderValue::from_static("Origin, Access-Control-Request-Headers"),
    );
    if let Some(allow) = app.cors.allow(headers.get(header::ORIGIN)) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, HEAD, OPTIONS"),
        );
        let asked = headers
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned()
            .unwrap_or(HeaderValue::from_static(
                "If-None-Match, If-Modified-Since, Cache-Control",
            ));
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked);
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("86400"),
        );
    }
    r
}

/// The feed called `name`, or the error naming the feeds served.
fn slot<'a>(app: &'a AppState, name: &str, cors: &FeedCors) -> Result<&'a FeedSlot, ApiError> {
    app.feeds
        .get(name)
        .map(|s| &**s)
        .ok_or_else(|| ApiError::NoSuchFeed {
            feed: name.to_string(),
            feeds: app.order.iter().map(|s| s.config.name.clone()).collect(),
            cors: cors.clone(),
        })
}

/// The error for a feed with no good copy yet.
fn unavailable(slot: &FeedSlot, cors: &FeedCors) -> ApiError {
    let (reason, last_error) = slot.unavailable_reason();
    ApiError::FeedUnavailable {
        feed: slot.config.name.clone(),
        reason,
        last_error: last_error.map(Box::new),
        retry_after: slot.config.refresh,
        cors: cors.clone(),
    }
}

/// True when the request's validators match `served` (`If-None-Match` first, else
/// `If-Modified-Since`, which never confirms a body that changed since that date).
fn not_modified(headers: &HeaderMap, served: &Served) -> bool {
    if headers.contains_key(header::IF_NONE_MATCH) {
        return if_none_match(headers, &served.etag_base);
    }
    if let Some(ims) = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
    {
        if let Ok(since) = httpdate::parse_http_date(ims) {
            return Modified::confirmed_by(served.modified_at, served.modified_shared, since);
        }
    }
    false
}

async fn feed_json(
    State(app): State<AppState>,
    Path(name): Path<String>,
    cors: FeedCors,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let slot = slot(&app, &name, &cors)?;
    let served = slot.served().ok_or_else(|| unavailable(slot, &cors))?;
    Ok(feed_response(slot, &served, &cors, &headers))
}

/// True when the request's `If-None-Match` names `etag_base` (in any coding).
pub(crate) fn if_none_match(headers: &HeaderMap, etag_base: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| encoding::if_none_match_matches(v, etag_base))
}

/// An empty `304 Not Modified`, or a `200` carrying `body` with its content type and encoding;
/// the caller adds the validators and caching headers both answers share.
fn body_or_not_modified(
    is_304: bool,
    body: impl Into<Body>,
    content_type: HeaderValue,
    coding: Coding,
) -> Response {
    if is_304 {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let mut r = Response::new(body.into());
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, content_type);
    if let Some(ce) = coding.header() {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(ce));
    }
    r
}

fn feed_response(
    slot: &FeedSlot,
    served: &Served,
    cors: &FeedCors,
    headers: &HeaderMap,
) -> Response {
    let mut r = negotiated(
        headers,
        [&served.identity, &served.gzip, &served.br],
        &served.etags,
        not_modified(headers, served),
        HeaderValue::from_static("application/json"),
    );
    let h = r.headers_mut();
    h.insert(header::LAST_MODIFIED, served.last_modified.clone());
    h.insert(header::CACHE_CONTROL, slot.cache_control.clone());
    cors.apply(h);
    r
}

/// Of pre-encoded identity, gzip and br bodies and their `ETag`s, the coding the request's
/// `Accept-Encoding` prefers: an empty `304` when `is_304`, else a `200` with its body,
/// `content_type` and `Content-Encoding`; both with its `ETag`. The caller adds caching and
/// CORS headers.
pub(crate) fn negotiated(
    headers: &HeaderMap,
    bodies: [&Bytes; 3],
    etags: &[HeaderValue; 3],
    is_304: bool,
    content_type: HeaderValue,
) -> Response {
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok());
    let coding = encoding::negotiate(accept, true, true);
    let i = match coding {
        Coding::Identity => 0,
        Coding::Gzip => 1,
        Coding::Br => 2,
    };
    let mut r = body_or_not_modified(is_304, bodies[i].clone(), content_type, coding);
    r.headers_mut().insert(header::ETAG, etags[i].clone());
    r
}

/// `GET /feeds/{name}/icons.HASH.svg`: the feed's icon sprite. The name changes with the
/// content, so it is cached for a year as immutable; an outdated or unknown name is a 404.
async fn feed_icons(
    State(app): State<AppState>,
    Path((name, file)): Path<(String, String)>,
    cors: FeedCors,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let slot = slot(&app, &name, &cors)?;
    let sprite = slot
        .served()
        .and_then(|s| s.icons.clone())
        .filter(|s| s.file == file);
    let Some(sprite) = sprite else {
        return Err(ApiError::NoFeedFile {
            feed: name,
            file,
            cors,
        });
    };
    Ok(sprite_response(&sprite, &cors, &headers))
}

/// An icon sprite (a feed's or `/compare`'s) with its immutable caching and sandboxing headers.
pub(crate) fn sprite_response(sprite: &Sprite, cors: &FeedCors, headers: &HeaderMap) -> Response {
    let mut r = negotiated(
        headers,
        [&sprite.identity, &sprite.gzip, &sprite.br],
        &sprite.etags,
        if_none_match(headers, &sprite.etag_base),
        HeaderValue::from_static("image/svg+xml"),
    );
    let h = r.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    sandboxed(h);
    cors.apply(h);
    r
}

/// `nosniff` and a CSP under which the file, opened on its own, can run nothing.
fn sandboxed(h: &mut HeaderMap) {
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
}

async fn feed_raw(
    State(app): State<AppState>,
    Path(name): Path<String>,
    cors: FeedCors,
) -> Result<Response, ApiError> {
    let slot = slot(&app, &name, &cors)?;
    let served = slot.served().ok_or_else(|| unavailable(slot, &cors))?;
    let raw = served.raw.clone().ok_or_else(|| unavailable(slot, &cors))?;
    let mut r = Response::new(Body::from(raw));
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, served.raw_content_type.clone());
    sandboxed(h);
    h.insert(header::LAST_MODIFIED, served.last_modified.clone());
    h.insert(header::CACHE_CONTROL, slot.cache_control.clone());
    cors.apply(h);
    Ok(r)
}

async fn health(State(app): State<AppState>) -> Response {
    let feeds: Vec<serde_json::Value> = app.order.iter().map(|s| s.health()).collect();
    let all_ok = app.order.iter().all(|s| s.is_ok());
    json_response(
        StatusCode::OK,
        serde_json::json!({"status": if all_ok { "ok" } else { "degraded" }, "feeds": feeds})
            .to_string(),
    )
}

async fn config(State(app): State<AppState>, cors: FeedCors) -> Response {
    let feeds: Vec<serde_json::Value> = app
        .order
        .iter()
        .map(|s| {
            serde_json::json!({
                "name": s.config.name,
                "url": format!("/feeds/{}", s.config.name),
                "refresh_secs": s.config.refresh.as_secs_f64(),
                "exchanger": s.config.exchanger.to_json(),
            })
        })
        .collect();
    let mut r = json_response(
        StatusCode::OK,
        serde_json::json!({"feeds": feeds, "exchanger": app.exchanger.to_json()}).to_string(),
    );
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    cors.apply(r.headers_mut());
    r
}

async fn static_file(State(app): State<AppState>, req: Request) -> Result<Response, ApiError> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(ApiError::MethodNotAllowed);
    }
    let path = req.uri().path();
    let not_found = || ApiError::AssetNotFound {
        path: path.to_string(),
    };
    let Some(assets) = &app.assets else {
        if path == "/" || path == "/index.html" {
            return Ok(builtin_index(&app));
        }
        return Err(not_found());
    };
    let asset = assets.get(path).await.map_err(|e| match e {
        AssetError::NotFound => not_found(),
        AssetError::Io(cause) => {
            tracing::warn!(path = %path, error = %cause, "cannot read asset");
            ApiError::AssetUnreadable {
                path: path.to_string(),
                cause,
            }
        }
    })?;
    let headers = req.headers();
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok());
    let coding = encoding::negotiate(accept, asset.br.is_some(), asset.gzip.is_some());
    let (body, suffix) = match coding {
        Coding::Br => (asset.br.clone().unwrap_or_default(), asset.br_suffix),
        Coding::Gzip => (asset.gzip.clone().unwrap_or_default(), "-gz"),
        Coding::Identity => (asset.identity.clone(), ""),
    };
    let etag = HeaderValue::from_str(&format!("\"{}{suffix}\"", asset.etag_base))
        .unwrap_or(HeaderValue::from_static("\"0\""));
    let is_304 = if_none_match(headers, &asset.etag_base);
    let mut r = body_or_not_modified(is_304, body, asset.content_type.clone(), coding);
    let h = r.headers_mut();
    h.insert(header::ETAG, etag);
    h.insert(header::CACHE_CONTROL, asset.cache_control.clone());
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("cross-origin"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The partner's page (session, payout button) is never shown inside another site's frame
    // (clickjacking); the demo page and the widget's files stay embeddable.
    if path == DASHBOARD_PAGE {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("frame-ancestors 'none'"),
        );
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    Ok(r)
}

/// The partner dashboard's page among the assets.
const DASHBOARD_PAGE: &str = "/dashboard.html";

/// The page shown at `/` when no assets directory is served: links to the feeds.
fn builtin_index(app: &AppState) -> Response {
    let mut items = String::new();
    for s in &app.order {
        let n = ratelink_core::snippet::html_escape(&s.config.name);
        items.push_str(&format!(
            "<li><a href=\"/feeds/{n}\">/feeds/{n}</a> (<a href=\"/feeds/{n}/raw\">raw</a>)</li>\n"
        ));
    }
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ratelink relay</title></head><body>\n\
         <h1>ratelink relay</h1>\n<p>No widget assets are served (build the widget into <code>dist/</code> or pass \
         <code>--assets DIR</code>). The relay itself is running:</p>\n<ul>\n{items}<li><a href=\"/compare\">/compare</a></li>\n<li><a href=\"/health\">/health</a></li>\n\
         <li><a href=\"/config\">/config</a></li>\n</ul>\n</body></html>\n"
    );
    let mut r = Response::new(Body::from(page));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}
