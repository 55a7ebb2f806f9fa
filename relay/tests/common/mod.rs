//! Test helpers: a scriptable upstream on loopback, an in-process relay, health polling.
#![allow(dead_code)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use ratelink_relay::{FeedConfig, Relay, RelayConfig, Source};

/// A good TXT feed (three directions).
pub const GOOD_TXT: &str =
    "PMUSD;SBERRUB;1;90.5;500000;;\nBTC;USDTTRC20;1;95000.12;250000;;\nUSDTTRC20;SBERRUB;1;91.2;800000;;\n";
/// A second version of it (for change detection).
pub const GOOD_TXT_V2: &str = "PMUSD;SBERRUB;1;90.7;500000;;\nBTC;USDTTRC20;1;95100;250000;;\n";

/// The demo's feeds, in the order `ratelink-relay demo` configures them.
pub const DEMO_FEEDS: [&str; 8] = [
    "demo-xml",
    "demo-eref",
    "demo-json",
    "demo-txt",
    "demo-broken",
    "alpha",
    "beta",
    "gamma",
];

/// `field` of each object in the array `list` (panics on anything else).
pub fn field_of_each<'a>(list: &'a serde_json::Value, field: &str) -> Vec<&'a str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e[field].as_str().unwrap())
        .collect()
}

/// How the upstream answers.
#[derive(Clone, Debug)]
pub enum Mode {
    /// 200 with this body (TXT), ETag `"v1"` and a fixed Last-Modified; 304 on a match.
    Good(&'static str),
    /// This status with a short body.
    Status(u16),
    /// 200 with an HTML error page.
    Html,
    /// 200 with Premium's XML maintenance document.
    Maintenance,
    /// 200 with bytes that are no feed.
    Garbage,
    /// Never answers.
    Hang,
    /// Streams 50 MB in 64 KiB chunks, about one a millisecond (paced so that what it produced
    /// is close to what the relay read, not whatever the loopback socket buffers swallowed).
    Huge,
    /// Sends the start of a body, then stalls.
    HangMidBody,
}

/// Shared upstream state.
pub struct Upstream {
    pub addr: SocketAddr,
    pub mode: Mutex<Mode>,
    pub requests: AtomicU64,
    pub not_modified: AtomicU64,
    /// Bytes produced for each `Huge` response, in request order.
    pub huge_bytes_sent: Mutex<Vec<Arc<AtomicU64>>>,
    pub seen: Mutex<Vec<HeaderMap>>,
    pub etag: Mutex<&'static str>,
}

impl Upstream {
    pub fn set(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }
    pub fn url(&self) -> String {
        format!("http://{}/export/rates.txt?hcron=SECRETHASH", self.addr)
    }
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }
}

pub const LAST_MODIFIED: &str = "Sun, 22 Nov 2026 01:00:00 GMT";

async fn upstream_handler(State(up): State<Arc<Upstream>>, headers: HeaderMap) -> Response {
    up.requests.fetch_add(1, Ordering::SeqCst);
    up.seen.lock().unwrap().push(headers.clone());
    let mode = up.mode.lock().unwrap().clone();
    match mode {
        Mode::Good(body) => {
            let etag = *up.etag.lock().unwrap();
            if headers.get("if-none-match").and_then(|v| v.to_str().ok()) == Some(etag) {
                up.not_modified.fetch_add(1, Ordering::SeqCst);
                return (StatusCode::NOT_MODIFIED, [("etag", etag)]).into_response();
            }
            (
                [
                    ("content-type", "text/txt; charset=utf-8"),
                    ("etag", etag),
                    ("last-modified", LAST_MODIFIED),
                ],
                body,
            )
                .into_response()
        }
        Mode::Status(s) => (StatusCode::from_u16(s).unwrap(), "upstream error").into_response(),
        Mode::Html => (
            [("content-type", "text/html")],
            "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        )
            .into_response(),
        Mode::Maintenance => (
            [("content-type", "text/xml")],
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<error>Maintenance</error>",
        )
            .into_response(),
        Mode::Garbage => (
            [("content-type", "application/octet-stream")],
            "PK\u{3}\u{4}\u{14}\0\0\0\u{8}\0garbage\n\u{1}\u{2}more binary\n\u{7f}{{{ not a feed",
        )
            .into_response(),
        Mode::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::OK.into_response()
        }
        Mode::Huge => {
            let chunk = Bytes::from(vec![b'A'; 64 * 1024]);
            let total = 50 * 1024 * 1024 / chunk.len();
            let sent = Arc::new(AtomicU64::new(0));
            up.huge_bytes_sent.lock().unwrap().push(sent.clone());
            let stream = futures_util::stream::iter(0..total).then(move |_| {
                let (chunk, sent) = (chunk.clone(), sent.clone());
                async move {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                    sent.fetch_add(chunk.len() as u64, Ordering::SeqCst);
                    Ok::<_, Infallible>(chunk)
                }
            });
            Response::new(Body::from_stream(stream))
        }
        Mode::HangMidBody => {
            let first =
                futures_util::stream::once(async { Ok::<_, Infallible>(Bytes::from_static(b"PMUSD;SBERRUB;1;90.5;")) });
            let stall = futures_util::stream::once(async {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                Ok::<_, Infallible>(Bytes::new())
            });
            let mut r = Response::new(Body::from_stream(first.chain(stall)));
            r.headers_mut()
                .insert("content-type", HeaderValue::from_static("text/plain"));
            r
        }
    }
}

use futures_util::StreamExt;

/// Starts an upstream on 127.0.0.1 serving `mode` at any path.
pub async fn start_upstream(mode: Mode) -> Arc<Upstream> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let up = Arc::new(Upstream {
        addr,
        mode: Mutex::new(mode),
        requests: AtomicU64::new(0),
        not_modified: AtomicU64::new(0),
        huge_bytes_sent: Mutex::new(Vec::new()),
        seen: Mutex::new(Vec::new()),
        etag: Mutex::new("\"v1\""),
    });
    let app = axum::Router::new()
        .fallback(upstream_handler)
        .with_state(up.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    up
}

/// A running relay.
pub struct Running {
    pub addr: SocketAddr,
    pub stop: Option<tokio::sync::oneshot::Sender<()>>,
    pub task: tokio::task::JoinHandle<Result<(), ratelink_relay::RelayError>>,
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
    /// Stops it and waits for the server to finish.
    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        let r = tokio::time::timeout(Duration::from_secs(10), self.task).await;
        assert!(
            matches!(r, Ok(Ok(Ok(())))),
            "relay did not shut down cleanly: {r:?}"
        );
    }
}

/// One feed named `name` from `url`, refreshed every `refresh_ms`, with a 2 s timeout (short
/// enough for the hang tests, long enough for a busy machine).
pub fn feed(name: &str, url: &str, refresh_ms: u64) -> FeedConfig {
    let mut f = FeedConfig::new(
        name,
        Source::Http {
            url: url.parse().unwrap(),
        },
    );
    f.refresh = Duration::from_millis(refresh_ms);
    f.timeout = Duration::from_secs(2);
    f.max_bytes = 1024 * 1024;
    f
}

/// A config on 127.0.0.1:0 with these feeds.
pub fn config(feeds: Vec<FeedConfig>) -> RelayConfig {
    let mut c = RelayConfig::new("127.0.0.1:0".parse().unwrap());
    c.feeds = feeds;
    c.allow_origins = vec!["*".into()];
    c
}

/// Binds and serves `config` in this process.
pub async fn start_relay(config: RelayConfig) -> Running {
    let relay = Relay::bind(config).await.expect("relay binds");
    let addr = relay.local_addr();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(relay.serve(async move {
        let _ = rx.await;
    }));
    Running {
        addr,
        stop: Some(tx),
        task,
    }
}

/// A relay with one feed `ex` on `url`, refreshed every `refresh_ms` (not waited for).
pub async fn relay_on(url: &str, refresh_ms: u64) -> Running {
    start_relay(config(vec![feed("ex", url, refresh_ms)])).await
}

/// A client that does not decompress (so codings can be checked) and has a short timeout.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// GET `path` from the relay with these request headers.
pub async fn get_with(relay: &Running, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = client().get(relay.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

/// GET `url` and read the answer as JSON.
pub async fn get_json(url: impl reqwest::IntoUrl) -> serde_json::Value {
    client()
        .get(url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The relay's JSON error in `r`: checks its status and that it is JSON (as every error the
/// relay sends), and returns the `{"error", "message"}` object. `what` names the request.
pub async fn json_error(r: reqwest::Response, status: u16, what: &str) -> serde_json::Value {
    assert_eq!(r.status().as_u16(), status, "{what}");
    let ct = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with("application/json"), "{what}: {ct}");
    r.json().await.unwrap()
}

/// GET `url` as a page on `origin` would (with an `Origin` header).
pub async fn get_from_origin(url: impl reqwest::IntoUrl, origin: &str) -> reqwest::Response {
    client()
        .get(url)
        .header("origin", origin)
        .send()
        .await
        .unwrap()
}

/// The `/health` entry for `feed`.
pub async fn health_of(relay: &Running, feed: &str) -> serde_json::Value {
    let v = get_json(relay.url("/health")).await;
    v["feeds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == feed)
        .cloned()
        .unwrap()
}

/// Polls `/health` until `pred` holds for `feed`, or panics after `secs` seconds.
pub async fn wait_health(
    relay: &Running,
    feed: &str,
    secs: u64,
    what: &str,
    pred: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let h = health_of(relay, feed).await;
        if pred(&h) {
            return h;
        }
        if Instant::now() > deadline {
            panic!("timed out waiting for {what}; last health: {h}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits up to 10 s for `feed`'s first good fetch.
pub async fn wait_first_fetch(relay: &Running, feed: &str) -> serde_json::Value {
    wait_health(relay, feed, 10, "first fetch", |h| h["ok"] == true).await
}

/// An upstream serving [`GOOD_TXT`] and a relay with one feed `ex` on it refreshed every
/// `refresh_ms`, once that feed's first fetch has succeeded.
pub async fn relay_on_good_upstream(refresh_ms: u64) -> (Arc<Upstream>, Running) {
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let relay = relay_on(&up.url(), refresh_ms).await;
    wait_first_fetch(&relay, "ex").await;
    (up, relay)
}

/// GET a feed's JSON (identity).
pub async fn get_feed(relay: &Running, name: &str) -> (u16, serde_json::Value) {
    let r = client()
        .get(relay.url(&format!("/feeds/{name}")))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}
