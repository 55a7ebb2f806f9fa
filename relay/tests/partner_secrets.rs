//! The partner key appears in no relay response (body or header) and no log line, even when the
//! partner API echoes it back in an error.

mod partner_common;

use partner_common::*;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn logs() -> &'static Captured {
    static LOGS: OnceLock<Captured> = OnceLock::new();
    LOGS.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        captured
    })
}

fn all_text(got: &Got) -> String {
    let headers: String = got
        .headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\n"))
        .collect();
    format!("{} {headers}\n{}", got.status, got.body)
}

#[tokio::test]
async fn key_never_leaves_the_relay() {
    let logs = logs();
    let mut answers = Vec::new();

    let h = start("pp", "/service/partner/api.php").await;
    h.fake
        .set("get_info", Canned::ok(fixture("premium_get_info.json")));
    h.fake.set(
        "get_exchanges",
        Canned::ok(format!(
            "{{\"error\":1,\"error_text\":\"REST API key error: {KEY}\"}}"
        )),
    );
    h.fake.set(
        "get_links",
        Canned::status(429, "").header("retry-after", "5"),
    );
    h.fake
        .set("get_payouts", Canned::ok(fixture("html_maintenance.html")));
    h.fake.set(
        "add_payout",
        Canned::ok(format!(
            "{{\"error\":1,\"error_text\":\"key {KEY} may not request payouts\"}}"
        )),
    );
    answers.push(
        h.send(
            h.client
                .post(h.url("/partner/login"))
                .body("{\"password\":\"nope\"}"),
        )
        .await,
    );
    let (cookie, csrf) = h.login().await;
    for path in [
        "/partner/summary",
        "/partner/exchanges?from=1&to=2",
        "/partner/clicks?from=1&to=2",
        "/partner/payouts?from=1&to=2",
        "/partner/exchanges?page=x",
    ] {
        answers.push(h.get(path, Some(&cookie)).await);
        answers.push(h.get(path, None).await);
    }
    answers.push(
        h.payout(
            &cookie,
            &csrf,
            payout_body("7", Some("acc123456"), Some(PASSWORD)),
        )
        .await,
    );
    answers.push(h.logout(&cookie, &csrf).await);
    assert!(
        h.fake.seen().iter().any(|s| s.query.contains(KEY)),
        "the key did reach the partner API"
    );
    assert!(
        answers
            .iter()
            .any(|a| a.body.contains("REST API key error: [redacted]")),
        "the echoed key was scrubbed, the message kept"
    );

    let iex = start("iex-v2", "/api/v2").await;
    iex.fake.set(
        "/api/v2/account/partner",
        Canned::status(401, format!("{{\"message\":\"token {KEY} is invalid\"}}")),
    );
    iex.fake.set(
        "/api/v2/account/partner/exchanges",
        Canned::status(403, "{}"),
    );
    let (cookie, _) = iex.login().await;
    for path in [
        "/partner/summary",
        "/partner/exchanges",
        "/partner/payouts",
        "/partner/clicks",
    ] {
        answers.push(iex.get(path, Some(&cookie)).await);
    }
    assert!(iex
        .fake
        .seen()
        .iter()
        .any(|s| s.authorization.as_deref() == Some(&format!("Bearer {KEY}"))));

    // A partner API that cannot be reached at all (connection refused).
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let settings = ratelink_relay::partner::PartnerSettings::from_parts(
        "pp",
        Some(&format!("http://{closed}/api.html")),
        KEY,
        PASSWORD,
    )
    .unwrap();
    assert!(
        !format!("{settings:?}").contains(KEY),
        "settings' Debug hides the key"
    );
    let state = ratelink_relay::partner::PartnerState::new(settings).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay = listener.local_addr().unwrap();
    let routes = ratelink_relay::partner::routes::<()>(state.clone());
    tokio::spawn(async move { axum::serve(listener, routes).await.unwrap() });
    let down = Harness {
        fake: h.fake.clone(),
        state,
        upstream: closed,
        relay,
        client: reqwest::Client::new(),
    };
    let (cookie, _) = down.login().await;
    let got = down.get("/partner/summary", Some(&cookie)).await;
    assert_eq!(got.json()["error"], "unreachable");
    answers.push(got);

    assert_eq!(answers.len(), 18);
    for got in &answers {
        let text = all_text(got);
        assert!(!text.contains(KEY), "the key leaked in a response: {text}");
    }
    let log_text = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(
        log_text.contains("partner API call"),
        "upstream calls are logged: {log_text}"
    );
    assert!(
        log_text.contains("/service/partner/api.php"),
        "logged by host and path"
    );
    assert!(
        !log_text.contains(KEY),
        "the key leaked in a log line:\n{log_text}"
    );
    assert!(
        !log_text.contains("api_key"),
        "no upstream query string is logged"
    );
}
