//! The relay under attack, on loopback: crafted numbers in a feed, cross-origin redirects,
//! silent, trickling and stalling sockets, oversized bodies, a connection flood, a panicking
//! handler, and the quick retries of a first fetch that fails.

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use common::*;
use ratelink_relay::server::{self, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A hostile fixture shared with the core's tests.
fn hostile(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../crates/core/tests/fixtures/hostile/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Serves `app` on a free loopback port (a plain axum server: the upstream side).
async fn upstream(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

/// Serves `app` through the relay's own accept loop with `limits`; drop the sender to stop.
async fn relay_server(
    app: Router,
    limits: Limits,
) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        server::serve(listener, app, &limits, async move {
            let _ = rx.await;
        })
        .await;
    });
    (addr, tx)
}

/// The body of a GET, whatever its status.
async fn get_text(url: &str) -> String {
    client()
        .get(url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

fn short_limits() -> Limits {
    Limits {
        header_read_timeout: Duration::from_secs(1),
        idle_timeout: Duration::from_secs(2),
        body_timeout: Duration::from_secs(1),
        max_body_bytes: 1024,
        max_connections: 64,
        max_connections_per_client: 64,
    }
}

/// A relay with [`short_limits`] and one feed on a closed port (it serves `/health`).
async fn relay_with_short_limits() -> Running {
    let mut c = config(vec![feed("ex", "http://127.0.0.1:9/none.txt", 3_600_000)]);
    c.limits = short_limits();
    start_relay(c).await
}

/// Reads from `s` until the server closes it (EOF or reset) or `within` passes; returns how
/// long that took, or `None` if the socket was still open. Anything the server sent is ignored.
async fn closed_within(s: &mut TcpStream, within: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        let left = within.checked_sub(started.elapsed())?;
        match tokio::time::timeout(left, s.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn crafted_exponents_in_a_feed_keep_the_relay_answering() {
    let body = hostile("exponent.xml");
    let up = upstream(Router::new().route(
        "/rates.xml",
        get(move || {
            let body = body.clone();
            async move { ([("content-type", "text/html")], body) }
        }),
    ))
    .await;
    let relay = relay_on(&format!("http://{up}/rates.xml"), 200).await;
    // Several refreshes of the crafted body, /health answering all along.
    let h = wait_first_fetch(&relay, "ex").await;
    // The zero-rate item is skipped; the one with an unreadable reserve keeps its rate.
    assert_eq!(h["directions"], 2, "{h}");
    wait_health(&relay, "ex", 10, "more refreshes", |h| {
        h["upstream_requests"].as_u64() > Some(3)
    })
    .await;
    let (status, v) = get_feed(&relay, "ex").await;
    assert_eq!(status, 200);
    let pairs: Vec<(&str, &str)> = v["directions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["from"].as_str().unwrap(), d["to"].as_str().unwrap()))
        .collect();
    assert_eq!(pairs, [("BTC", "QWRUB"), ("USDT", "CARDRUB")]);
    assert_eq!(v["skipped"].as_array().unwrap().len(), 1, "{v}");
    // /raw sends the type of the detected format, not the upstream's text/html.
    let r = get_with(&relay, "/feeds/ex/raw", &[]).await;
    assert_eq!(r.headers()["content-type"], "application/xml");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    relay.stop().await;
}

#[tokio::test]
async fn a_cross_origin_redirect_is_refused_and_nothing_of_the_target_is_published() {
    const TARGET: &str = "PMUSD;TARGETONLY;1;90;1000;\n";
    let target_hits = Arc::new(Mutex::new(0u32));
    let hits = target_hits.clone();
    let target = upstream(Router::new().fallback(move || {
        *hits.lock().unwrap() += 1;
        async { ([("content-type", "text/plain")], TARGET) }
    }))
    .await;
    let origin = upstream(
        Router::new()
            // Another port of the same host is another origin.
            .route(
                "/away.txt",
                get(move || async move {
                    (
                        StatusCode::FOUND,
                        [("location", format!("http://{target}/feed.txt"))],
                    )
                }),
            )
            // Within the origin: followed.
            .route(
                "/moved.txt",
                get(|| async { (StatusCode::MOVED_PERMANENTLY, [("location", "/rates.txt")]) }),
            )
            .route("/rates.txt", get(|| async { GOOD_TXT })),
    )
    .await;
    let relay = start_relay(config(vec![
        feed("away", &format!("http://{origin}/away.txt"), 3_600_000),
        feed("moved", &format!("http://{origin}/moved.txt"), 3_600_000),
    ]))
    .await;
    let h = wait_health(&relay, "away", 10, "redirect refused", |h| {
        h["last_error"]["kind"] == "redirect"
    })
    .await;
    assert_eq!(h["state"], "unavailable");
    wait_first_fetch(&relay, "moved").await;
    assert_eq!(
        *target_hits.lock().unwrap(),
        0,
        "the target was never asked"
    );

    for path in ["/feeds/away", "/feeds/away/raw"] {
        let r = get_with(&relay, path, &[]).await;
        assert_eq!(r.status().as_u16(), 503, "{path}");
    }
    for path in ["/feeds/away", "/feeds/away/raw", "/health"] {
        let text = get_text(&relay.url(path)).await;
        assert!(!text.contains("TARGETONLY"), "{path}: {text}");
        assert!(!text.contains(&target.port().to_string()), "{path}: {text}");
    }
    let (_, moved) = get_feed(&relay, "moved").await;
    assert_eq!(moved["directions"].as_array().unwrap().len(), 3);
    relay.stop().await;
}

#[tokio::test]
async fn health_names_the_problem_without_quoting_the_upstream_body() {
    let up = start_upstream(Mode::Html).await;
    let relay = relay_on(&up.url(), 3_600_000).await;
    let h = wait_health(&relay, "ex", 10, "html page", |h| {
        h["last_error"]["kind"] == "html_page"
    })
    .await;
    for path in ["/health", "/feeds/ex"] {
        let text = get_text(&relay.url(path)).await;
        assert!(
            !text.contains("Bad Gateway") && !text.contains("nginx"),
            "{text}"
        );
    }
    assert_eq!(
        h["last_error"]["message"],
        "got an HTML page instead of a rates feed"
    );
    relay.stop().await;
}

#[tokio::test]
async fn a_maintenance_document_is_served_without_its_text() {
    // A one-line text saying maintenance is a maintenance notice: its other words are no
    // business of visitors.
    let up = upstream(Router::new().fallback(|| async {
        (
            [("content-type", "text/html")],
            "Maintenance token ABC123SECRET",
        )
    }))
    .await;
    let relay = relay_on(&format!("http://{up}/rates.txt"), 3_600_000).await;
    wait_health(&relay, "ex", 10, "maintenance", |h| {
        h["last_error"]["kind"] == "maintenance"
    })
    .await;
    let (status, v) = get_feed(&relay, "ex").await;
    assert_eq!(status, 200);
    assert_eq!(v["status"], "maintenance");
    assert_eq!(v["warnings"].as_array().unwrap().len(), 1, "{v}");
    let raw = get_with(&relay, "/feeds/ex/raw", &[]).await;
    assert_eq!(raw.status().as_u16(), 503);
    for path in ["/feeds/ex", "/feeds/ex/raw", "/health"] {
        let text = get_text(&relay.url(path)).await;
        assert!(!text.contains("ABC123SECRET"), "{path}: {text}");
    }
    relay.stop().await;
}

#[tokio::test]
async fn a_failing_first_fetch_retries_after_one_then_two_seconds() {
    let times = Arc::new(Mutex::new(Vec::<Instant>::new()));
    let seen = times.clone();
    let up = upstream(Router::new().fallback(move || {
        let n = {
            let mut t = seen.lock().unwrap();
            t.push(Instant::now());
            t.len()
        };
        async move {
            if n <= 2 {
                (StatusCode::BAD_GATEWAY, "down").into_response()
            } else {
                GOOD_TXT.into_response()
            }
        }
    }))
    .await;
    // An hour between refreshes: only the quick retries can bring the feed up in time.
    let relay = relay_on(&format!("http://{up}/rates.txt"), 3_600_000).await;
    wait_first_fetch(&relay, "ex").await;
    let t = times.lock().unwrap().clone();
    assert_eq!(t.len(), 3, "two failures, then the good fetch");
    let gap = |i: usize| (t[i + 1] - t[i]).as_secs_f64();
    assert!(
        (0.85..1.6).contains(&gap(0)),
        "first retry after {} s",
        gap(0)
    );
    assert!(
        (1.75..2.8).contains(&gap(1)),
        "second retry after {} s",
        gap(1)
    );
    relay.stop().await;
}

#[tokio::test]
async fn silent_sockets_and_idle_keep_alive_are_closed_by_the_header_timeout() {
    let relay = relay_with_short_limits().await;
    let mut silent = Vec::new();
    for _ in 0..20 {
        silent.push(TcpStream::connect(relay.addr).await.unwrap());
    }
    for s in &mut silent {
        let took = closed_within(s, Duration::from_secs(4)).await;
        assert!(took.is_some(), "a silent socket stayed open");
    }
    // A served keep-alive connection that then says nothing is closed as well.
    let mut s = TcpStream::connect(relay.addr).await.unwrap();
    s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = vec![0u8; 65536];
    let n = s.read(&mut buf).await.unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    assert!(closed_within(&mut s, Duration::from_secs(4))
        .await
        .is_some());
    // The relay still serves.
    assert_eq!(
        get_json(relay.url("/health")).await["feeds"][0]["name"],
        "ex"
    );
    relay.stop().await;
}

#[tokio::test]
async fn headers_sent_a_byte_at_a_time_hit_the_header_timeout() {
    let relay = relay_with_short_limits().await;
    let mut s = TcpStream::connect(relay.addr).await.unwrap();
    s.write_all(b"GET /health HTTP/1.1\r\n").await.unwrap();
    let started = Instant::now();
    let mut closed = false;
    // At most 50 bytes, 100 ms apart: 5 s, far past the 1 s header timeout.
    for _ in 0..50 {
        if s.write_all(b"X").await.is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 1024];
        match tokio::time::timeout(Duration::from_millis(100), s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                closed = true;
                break;
            }
            _ => {}
        }
    }
    assert!(closed, "a trickling client kept its connection");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    relay.stop().await;
}

/// A router reading request bodies, and one that panics.
fn echo_app() -> Router {
    Router::new()
        .route(
            "/echo",
            post(|body: axum::body::Bytes| async move { format!("{} bytes", body.len()) }),
        )
        .route(
            "/boom",
            get(|| async {
                if std::hint::black_box(true) {
                    panic!("handler bug");
                }
                "unreachable"
            }),
        )
        .route("/ok", get(|| async { "ok" }))
        .route(
            "/big",
            get(|| async {
                // 64 MB, far more than the socket buffers hold.
                let chunk = bytes::Bytes::from(vec![b'x'; 1 << 20]);
                let chunks = futures_util::stream::iter(
                    (0..64).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
                );
                axum::body::Body::from_stream(chunks)
            }),
        )
}

#[tokio::test]
async fn request_bodies_have_a_size_cap_and_a_deadline() {
    let (addr, _stop) = relay_server(echo_app(), short_limits()).await;
    let url = format!("http://{addr}/echo");
    let small = client()
        .post(&url)
        .body(vec![b'a'; 1000])
        .send()
        .await
        .unwrap();
    assert_eq!(small.status().as_u16(), 200);
    assert_eq!(small.text().await.unwrap(), "1000 bytes");
    // Announced too large: refused before reading.
    let big = client()
        .post(&url)
        .body(vec![b'a'; 5000])
        .send()
        .await
        .unwrap();
    assert_eq!(big.status().as_u16(), 413);
    // Chunked (no length announced) and too large.
    let chunks = futures_util::stream::iter(
        (0..10).map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b'a'; 500]))),
    );
    let chunked = client()
        .post(&url)
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    assert_eq!(chunked.status().as_u16(), 413);
    // Both in the relay's JSON, whatever the handler's extractor answered.
    for r in [big, chunked] {
        assert_eq!(r.headers()["content-type"], "application/json");
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v, serde_json::json!({"error": "request body too large"}));
    }

    // A body that stalls: an error answer at the 1 s deadline, then the socket closes.
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n0123456789")
        .await
        .unwrap();
    let started = Instant::now();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
        .await
        .expect("an answer before 5 s")
        .unwrap();
    let head = String::from_utf8_lossy(&buf[..n]).to_string();
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    assert!(
        head.contains("content-type: application/json")
            && head.ends_with("{\"error\":\"request body timeout\"}"),
        "{head}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(closed_within(&mut s, Duration::from_secs(4))
        .await
        .is_some());
}

#[tokio::test]
async fn malformed_paths_and_methods_get_the_relays_json() {
    let relay = relay_with_short_limits().await;
    let c = client();
    for path in [
        "/feeds/%FF",
        "/feeds/%FF/raw",
        "/feeds/ex/%FF",
        "/compare/%C3%28.svg",
    ] {
        let v = json_error(c.get(relay.url(path)).send().await.unwrap(), 400, path).await;
        assert_eq!(v["error"], "bad_request", "{path}: {v}");
        assert!(v["message"].as_str().unwrap().contains("UTF-8"), "{v}");
    }
    for (method, path) in [
        (reqwest::Method::POST, "/feeds/ex"),
        (reqwest::Method::DELETE, "/health"),
        (reqwest::Method::PUT, "/compare"),
        (reqwest::Method::GET, "/partner/login"),
    ] {
        let r = c
            .request(method.clone(), relay.url(path))
            .send()
            .await
            .unwrap();
        let what = format!("{method} {path}");
        assert!(r.headers().contains_key("allow"), "{what}");
        let v = json_error(r, 405, &what).await;
        assert_eq!(v["error"], "method not allowed", "{what}: {v}");
    }
    relay.stop().await;
}

#[tokio::test]
async fn a_client_that_stops_reading_is_closed_by_the_idle_timeout() {
    let (addr, _stop) = relay_server(echo_app(), short_limits()).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    // Read nothing past the 2 s idle timeout: the server's writes stall, then it gives up.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let mut received = 0usize;
    let mut buf = vec![0u8; 1 << 16];
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => received += n,
            Err(_) => panic!("still open after reading {received} bytes"),
        }
    }
    assert!(
        received < 64 << 20,
        "the whole response was sent: {received}"
    );
}

#[tokio::test]
async fn a_panicking_request_answers_500_and_the_server_goes_on() {
    let (addr, _stop) = relay_server(echo_app(), Limits::default()).await;
    let c = client();
    for _ in 0..3 {
        let r = c.get(format!("http://{addr}/boom")).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 500);
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["error"], "internal error");
        let ok = c.get(format!("http://{addr}/ok")).send().await.unwrap();
        assert_eq!(ok.text().await.unwrap(), "ok");
    }
}

#[test]
fn every_profile_that_builds_the_relay_unwinds() {
    // `panic = "abort"` in a profile the relay is built with would turn the 500 above into a
    // crash of the whole server; the wasm's size profile is `web`, which the relay never uses.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    let profiles = doc["profile"].as_table().unwrap();
    for name in ["dev", "release", "relay", "test", "bench"] {
        let panic = profiles
            .get(name)
            .and_then(|p| p.get("panic"))
            .and_then(|p| p.as_str());
        assert_ne!(panic, Some("abort"), "profile {name}");
    }
    assert_eq!(profiles["relay"]["inherits"].as_str(), Some("release"));
    assert_eq!(profiles["web"]["panic"].as_str(), Some("abort"));
    let build_web = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../scripts/build-web.sh"
    ))
    .unwrap();
    assert!(!build_web.contains("cargo build --release"));
}

#[tokio::test]
async fn at_the_connection_cap_new_clients_wait_for_a_free_slot() {
    let limits = Limits {
        max_connections: 2,
        ..short_limits()
    };
    let (addr, _stop) = relay_server(echo_app(), limits).await;
    let hold_a = TcpStream::connect(addr).await.unwrap();
    let hold_b = TcpStream::connect(addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = TcpStream::connect(addr).await.unwrap();
    third
        .write_all(b"GET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut buf = vec![0u8; 4096];
    let early = tokio::time::timeout(Duration::from_millis(400), third.read(&mut buf)).await;
    assert!(early.is_err(), "served past the cap");
    // The two silent sockets are closed by the 1 s header timeout; then the third is served.
    let n = tokio::time::timeout(Duration::from_secs(5), third.read(&mut buf))
        .await
        .expect("served once a slot freed")
        .unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    assert!(started.elapsed() >= Duration::from_millis(400));
    drop((hold_a, hold_b));
}

#[tokio::test]
async fn one_client_address_cannot_take_every_connection() {
    let limits = Limits {
        max_connections_per_client: 3,
        ..short_limits()
    };
    let (addr, _stop) = relay_server(echo_app(), limits).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(TcpStream::connect(addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    // A fourth from the same address is closed at once, well before any timeout.
    let mut fourth = TcpStream::connect(addr).await.unwrap();
    let took = closed_within(&mut fourth, Duration::from_millis(500)).await;
    assert!(
        took.is_some(),
        "a fourth connection from one address was kept"
    );
    // Another address (127.0.0.2 is loopback too) is served meanwhile.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.2:0".parse().unwrap()).unwrap();
    let mut other = socket.connect(addr).await.unwrap();
    other
        .write_all(b"GET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(2), other.read(&mut buf))
        .await
        .expect("the other address is served")
        .unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    // Once one of the three closes, the address gets a place again.
    drop(held.pop());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut again = TcpStream::connect(addr).await.unwrap();
    again
        .write_all(b"GET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let n = tokio::time::timeout(Duration::from_secs(2), again.read(&mut buf))
        .await
        .expect("a freed place is reused")
        .unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
}
