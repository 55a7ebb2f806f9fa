//! The relay against a real upstream on loopback: faults, staleness, validators, codings,
//! CORS, load, restarts.

mod common;

use std::io::Read;
use std::time::Duration;

use common::*;

fn directions(v: &serde_json::Value) -> Vec<(String, String)> {
    v["directions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["from"].as_str().unwrap().to_string(),
                d["to"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Starts a good upstream and a relay on it, waits for the first good fetch, switches the
/// upstream to `mode`, and checks the relay keeps serving the last good data marked stale and
/// `/health` names the fault; then the upstream recovers and so does the feed.
async fn fault_case(mode: Mode, kind: &str) {
    let (up, relay) = relay_on_good_upstream(100).await;
    let (status, good) = get_feed(&relay, "ex").await;
    assert_eq!(status, 200);
    assert_eq!(good["stale"], false);
    assert_eq!(directions(&good).len(), 3);

    up.set(mode);
    let h = wait_health(&relay, "ex", 10, kind, |h| h["last_error"]["kind"] == kind).await;
    assert_eq!(h["stale"], true, "{h}");
    assert_eq!(h["ok"], false, "{h}");
    assert_eq!(h["state"], "stale", "{h}");
    assert!(
        h["last_error"]["message"].as_str().unwrap().len() > 5,
        "{h}"
    );
    let (status, stale) = get_feed(&relay, "ex").await;
    assert_eq!(status, 200);
    assert_eq!(stale["stale"], true);
    assert_eq!(
        directions(&stale),
        directions(&good),
        "the last good data is still served"
    );
    assert_eq!(
        stale["fetched_at"], good["fetched_at"],
        "fetched_at stays the time of the good copy"
    );

    let health = get_json(relay.url("/health")).await;
    assert_eq!(health["status"], "degraded");

    up.set(Mode::Good(GOOD_TXT_V2));
    *up.etag.lock().unwrap() = "\"v2\"";
    wait_health(&relay, "ex", 15, "recovery", |h| h["ok"] == true).await;
    let (_, fresh) = get_feed(&relay, "ex").await;
    assert_eq!(fresh["stale"], false);
    assert_eq!(directions(&fresh).len(), 2);
    relay.stop().await;
}

#[tokio::test]
async fn feed_leaves_out_absent_and_derived_fields_and_names_its_currencies() {
    let (_up, relay) = relay_on_good_upstream(100).await;
    let (status, v) = get_feed(&relay, "ex").await;
    assert_eq!(status, 200);
    let first = &v["directions"][0];
    assert_eq!(
        first,
        &serde_json::json!({"from": "PMUSD", "to": "SBERRUB", "in": "1", "out": "90.5",
            "reserve": "500000"}),
        "no rate, no null or empty fields"
    );
    assert_eq!(v["skipped"], serde_json::json!([]));
    assert_eq!(v["warnings"], serde_json::json!([]));
    // The display names of the feed's own currencies (serde_json sorts the keys).
    let names = v["names"].as_object().unwrap();
    let codes: Vec<&str> = names.keys().map(String::as_str).collect();
    assert_eq!(codes, ["BTC", "PMUSD", "SBERRUB", "USDTTRC20"], "{v}");
    assert_eq!(
        v["names"]["USDTTRC20"],
        serde_json::json!({"en": "Tether", "network": "TRC20", "category": "token"})
    );
    assert_eq!(
        v["names"]["BTC"],
        serde_json::json!({"en": "Bitcoin", "ru": "Биткоин", "category": "crypto"})
    );
    relay.stop().await;
}

#[tokio::test]
async fn upstream_timeout_keeps_serving_stale() {
    fault_case(Mode::Hang, "timeout").await;
}

#[tokio::test]
async fn upstream_500_keeps_serving_stale() {
    fault_case(Mode::Status(500), "http_status").await;
}

#[tokio::test]
async fn upstream_html_page_keeps_serving_stale() {
    fault_case(Mode::Html, "html_page").await;
}

#[tokio::test]
async fn upstream_maintenance_keeps_serving_stale() {
    fault_case(Mode::Maintenance, "maintenance").await;
}

#[tokio::test]
async fn upstream_garbage_keeps_serving_stale() {
    fault_case(Mode::Garbage, "not_a_feed").await;
}

#[tokio::test]
async fn upstream_hanging_mid_body_hits_the_timeout() {
    fault_case(Mode::HangMidBody, "timeout").await;
}

/// Runs a feed with a `cap`-byte limit into a 50 MB upstream body; returns the bytes the
/// upstream produced for that first oversized response.
async fn bytes_produced_for_a_huge_body(cap: u64) -> u64 {
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let mut f = feed("ex", &up.url(), 100);
    f.timeout = Duration::from_secs(8);
    f.max_bytes = cap;
    let relay = start_relay(config(vec![f])).await;
    wait_first_fetch(&relay, "ex").await;
    up.set(Mode::Huge);
    let h = wait_health(&relay, "ex", 10, "too_large", |h| {
        h["last_error"]["kind"] == "too_large"
    })
    .await;
    assert_eq!(h["stale"], true);
    let (_, v) = get_feed(&relay, "ex").await;
    assert_eq!(v["stale"], true);
    assert_eq!(directions(&v).len(), 3);
    relay.stop().await;
    let first = up.huge_bytes_sent.lock().unwrap().first().cloned();
    first
        .expect("the upstream served the huge body")
        .load(std::sync::atomic::Ordering::SeqCst)
}

/// True when `sent` bytes are past `cap` but by no more than 2 MiB: the download went to the
/// cap and was aborted there (the slack covers chunks in flight on a busy machine).
fn cut_near(sent: u64, cap: u64) -> bool {
    sent > cap && sent <= cap + 2 * 1024 * 1024
}

#[tokio::test]
async fn upstream_50_mb_body_is_cut_at_the_size_cap() {
    const MIB: u64 = 1024 * 1024;
    let sent = bytes_produced_for_a_huge_body(MIB).await;
    eprintln!("1 MiB cap: the upstream produced {sent} bytes");
    assert!(
        cut_near(sent, MIB),
        "a 1 MiB cap read {sent} bytes of the 50 MB body"
    );
    // Control: a larger cap reads further, and the same check against 1 MiB fails on it.
    let sent = bytes_produced_for_a_huge_body(6 * MIB).await;
    eprintln!("6 MiB cap: the upstream produced {sent} bytes");
    assert!(cut_near(sent, 6 * MIB), "a 6 MiB cap read {sent} bytes");
    assert!(
        !cut_near(sent, MIB),
        "the cap check can fail ({sent} bytes)"
    );
}

#[tokio::test]
async fn never_fetched_feed_is_503_and_unknown_feed_is_404() {
    let up = start_upstream(Mode::Status(503)).await;
    let relay = relay_on(&up.url(), 100).await;
    wait_health(&relay, "ex", 10, "an error", |h| {
        h["last_error"]["kind"] == "http_status"
    })
    .await;
    let r = get_with(&relay, "/feeds/ex", &[]).await;
    assert_eq!(r.status().as_u16(), 503);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "feed unavailable");
    assert_eq!(v["last_error"]["kind"], "http_status");
    assert!(v["last_error"]["message"].as_str().unwrap().contains("503"));
    let h = health_of(&relay, "ex").await;
    assert_eq!(h["state"], "unavailable");

    let r = get_with(&relay, "/feeds/nope", &[]).await;
    assert_eq!(r.status().as_u16(), 404);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "unknown feed");
    assert_eq!(v["feeds"], serde_json::json!(["ex"]));
    relay.stop().await;
}

#[tokio::test]
async fn relay_sends_upstream_validators_and_reuses_its_copy_on_304() {
    let (up, relay) = relay_on_good_upstream(50).await;
    let (_, first) = get_feed(&relay, "ex").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while up.not_modified.load(std::sync::atomic::Ordering::SeqCst) < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "no conditional request reached the upstream"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let seen = up.seen.lock().unwrap().clone();
    assert!(
        seen[0].get("if-none-match").is_none(),
        "the first request has nothing to validate"
    );
    let later = &seen[1];
    assert_eq!(later["if-none-match"], "\"v1\"");
    assert_eq!(later["if-modified-since"], LAST_MODIFIED);
    let h = health_of(&relay, "ex").await;
    assert_eq!(h["ok"], true);
    let (_, now) = get_feed(&relay, "ex").await;
    assert_eq!(directions(&now), directions(&first));
    assert_eq!(now["stale"], false);
    relay.stop().await;
}

#[tokio::test]
async fn clients_get_304_for_matching_validators() {
    let (_up, relay) = relay_on_good_upstream(3_600_000).await;
    let r = get_with(&relay, "/feeds/ex", &[]).await;
    assert_eq!(r.status().as_u16(), 200);
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let last_modified = r.headers()["last-modified"].to_str().unwrap().to_string();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "strong ETag: {etag}"
    );
    assert_eq!(r.headers()["content-type"], "application/json");
    let cc = r.headers()["cache-control"].to_str().unwrap();
    assert!(
        cc.contains("public")
            && cc.contains("max-age=1800")
            && cc.contains("stale-while-revalidate=3600")
            && cc.contains("stale-if-error="),
        "{cc}"
    );
    let vary = r.headers()["vary"].to_str().unwrap();
    assert!(
        vary.contains("Accept-Encoding") && vary.contains("Origin"),
        "{vary}"
    );

    let r = get_with(&relay, "/feeds/ex", &[("if-none-match", &etag)]).await;
    assert_eq!(r.status().as_u16(), 304);
    assert_eq!(r.headers()["etag"].to_str().unwrap(), etag);
    assert!(r.bytes().await.unwrap().is_empty());

    // A gzip-coded validator (as a CDN would keep it) matches too, weak or not.
    let gz_tag = format!("W/\"{}-gz\"", etag.trim_matches('"'));
    let r = get_with(&relay, "/feeds/ex", &[("if-none-match", &gz_tag)]).await;
    assert_eq!(r.status().as_u16(), 304);

    let r = get_with(
        &relay,
        "/feeds/ex",
        &[("if-modified-since", &last_modified)],
    )
    .await;
    assert_eq!(r.status().as_u16(), 304);
    let r = get_with(
        &relay,
        "/feeds/ex",
        &[("if-modified-since", "Sat, 01 Jan 2000 00:00:00 GMT")],
    )
    .await;
    assert_eq!(r.status().as_u16(), 200);
    let r = get_with(
        &relay,
        "/feeds/ex",
        &[("if-none-match", "\"something-else\"")],
    )
    .await;
    assert_eq!(r.status().as_u16(), 200);
    relay.stop().await;
}

#[tokio::test]
async fn if_modified_since_never_confirms_a_body_that_turned_stale() {
    // One refresh a second: the fresh copy is fetched once, then the upstream fails.
    let (up, relay) = relay_on_good_upstream(1_000).await;
    let r = get_with(&relay, "/feeds/ex", &[]).await;
    let fresh_lm = r.headers()["last-modified"].to_str().unwrap().to_string();
    let fresh_etag = r.headers()["etag"].to_str().unwrap().to_string();
    let fresh: serde_json::Value = r.json().await.unwrap();
    assert_eq!(fresh["stale"], false);
    up.set(Mode::Status(500));
    wait_health(&relay, "ex", 10, "stale", |h| h["stale"] == true).await;

    // A client revalidating its fresh copy by date alone gets the stale body, not a 304.
    let r = get_with(&relay, "/feeds/ex", &[("if-modified-since", &fresh_lm)]).await;
    assert_eq!(
        r.status().as_u16(),
        200,
        "the body changed since {fresh_lm}"
    );
    assert_ne!(r.headers()["etag"].to_str().unwrap(), fresh_etag);
    let stale_lm = r.headers()["last-modified"].to_str().unwrap().to_string();
    let at = |d: &str| httpdate::parse_http_date(d).unwrap();
    assert!(at(&stale_lm) >= at(&fresh_lm), "{stale_lm} < {fresh_lm}");
    let stale: serde_json::Value = r.json().await.unwrap();
    assert_eq!(stale["stale"], true);
    assert_eq!(stale["fetched_at"], fresh["fetched_at"]);

    // The stale body's own date confirms it, unless both bodies fell in the same second (then
    // that date cannot tell them apart, and only the ETag confirms).
    let r = get_with(&relay, "/feeds/ex", &[("if-modified-since", &stale_lm)]).await;
    let want = if stale_lm == fresh_lm { 200 } else { 304 };
    assert_eq!(r.status().as_u16(), want, "{fresh_lm} then {stale_lm}");
    relay.stop().await;
}

#[tokio::test]
async fn cors_allows_listed_origins_only_and_answers_preflight() {
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let mut cfg = config(vec![feed("ex", &up.url(), 3_600_000)]);
    cfg.allow_origins = vec!["https://partner.example".into()];
    let relay = start_relay(cfg).await;
    wait_first_fetch(&relay, "ex").await;
    let c = client();

    let r = get_from_origin(relay.url("/feeds/ex"), "https://partner.example").await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "https://partner.example"
    );
    let expose = r.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap();
    assert!(expose.contains("ETag") && expose.contains("Last-Modified"));

    let r = get_from_origin(relay.url("/feeds/ex"), "https://evil.example").await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(
        r.headers().get("access-control-allow-origin").is_none(),
        "denied origins get no ACAO"
    );

    let r = c
        .request(reqwest::Method::OPTIONS, relay.url("/feeds/ex"))
        .header("origin", "https://partner.example")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "if-none-match")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "https://partner.example"
    );
    assert!(r.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("GET"));
    assert_eq!(r.headers()["access-control-allow-headers"], "if-none-match");

    let r = c
        .request(reqwest::Method::OPTIONS, relay.url("/feeds/ex"))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
    relay.stop().await;

    // "*" allows every origin.
    let relay = relay_on(&up.url(), 3_600_000).await;
    wait_first_fetch(&relay, "ex").await;
    let r = get_from_origin(relay.url("/feeds/ex"), "https://anyone.example").await;
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    relay.stop().await;
}

#[tokio::test]
async fn brotli_and_gzip_are_negotiated_and_decode_to_the_same_json() {
    let (_up, relay) = relay_on_good_upstream(3_600_000).await;
    let c = client();
    let get = |ae: Option<&'static str>| {
        let mut req = c.get(relay.url("/feeds/ex"));
        if let Some(ae) = ae {
            req = req.header("accept-encoding", ae);
        }
        req.send()
    };
    let plain = get(None).await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain_etag = plain.headers()["etag"].clone();
    let plain = plain.bytes().await.unwrap();
    serde_json::from_slice::<serde_json::Value>(&plain).unwrap();

    let br = get(Some("gzip, deflate, br")).await.unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_ne!(
        br.headers()["etag"],
        plain_etag,
        "each coding has its own strong ETag"
    );
    let body = br.bytes().await.unwrap();
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &body[..], &mut out).unwrap();
    assert_eq!(out, plain);

    let gz = get(Some("br;q=0.1, gzip;q=0.9")).await.unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let body = gz.bytes().await.unwrap();
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_end(&mut out)
        .unwrap();
    assert_eq!(out, plain);

    let none = get(Some("br;q=0, gzip;q=0")).await.unwrap();
    assert!(none.headers().get("content-encoding").is_none());
    assert_eq!(none.bytes().await.unwrap(), plain);
    relay.stop().await;
}

#[tokio::test]
async fn visitors_never_reach_the_upstream() {
    let (up, relay) = relay_on_good_upstream(3_600_000).await;
    let before = up.requests();
    assert_eq!(before, 1);
    let c = client();
    let mut tasks = Vec::new();
    for i in 0..50 {
        let c = c.clone();
        let url = relay.url("/feeds/ex");
        tasks.push(tokio::spawn(async move {
            let mut bodies = Vec::new();
            for _ in 0..10 {
                let ae = if i % 2 == 0 { "br" } else { "identity" };
                let r = c
                    .get(&url)
                    .header("accept-encoding", ae)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status().as_u16(), 200);
                bodies.push((ae, r.bytes().await.unwrap()));
            }
            bodies
        }));
    }
    let mut identity = std::collections::HashSet::new();
    let mut br = std::collections::HashSet::new();
    for t in tasks {
        for (ae, b) in t.await.unwrap() {
            if ae == "br" {
                br.insert(b)
            } else {
                identity.insert(b)
            };
        }
    }
    assert_eq!(
        (identity.len(), br.len()),
        (1, 1),
        "all 500 responses carry the same body per coding"
    );
    assert_eq!(
        up.requests(),
        before,
        "500 visitor requests caused upstream requests"
    );
    let h = health_of(&relay, "ex").await;
    assert_eq!(h["upstream_requests"], 1);
    relay.stop().await;
}

#[tokio::test]
async fn restart_serves_the_saved_copy_marked_stale_until_refreshed() {
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let state = tempfile::tempdir().unwrap();
    let mut cfg = config(vec![feed("ex", &up.url(), 100)]);
    cfg.state_dir = Some(state.path().to_path_buf());
    let relay = start_relay(cfg.clone()).await;
    wait_first_fetch(&relay, "ex").await;
    let (_, first) = get_feed(&relay, "ex").await;
    // The copy is written to disk just after it is published: wait (bounded) until it is there.
    let saved = state.path().join("ex.state");
    for _ in 0..200 {
        if saved.exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(saved.exists(), "the good copy was saved to {saved:?}");
    relay.stop().await;

    up.set(Mode::Status(500));
    let relay = start_relay(cfg.clone()).await;
    // Served at once from disk, before (and despite) any upstream success.
    let (status, v) = get_feed(&relay, "ex").await;
    assert_eq!(status, 200);
    assert_eq!(v["stale"], true);
    assert_eq!(directions(&v), directions(&first));
    assert_eq!(v["fetched_at"], first["fetched_at"]);
    let h = wait_health(&relay, "ex", 10, "upstream error", |h| {
        h["last_error"]["kind"] == "http_status"
    })
    .await;
    assert_eq!(h["from_disk"], true);
    assert_eq!(h["stale"], true);

    // The saved validators make the first good answer a 304.
    let not_modified_before = up.not_modified.load(std::sync::atomic::Ordering::SeqCst);
    up.set(Mode::Good(GOOD_TXT));
    wait_health(&relay, "ex", 15, "recovery", |h| h["ok"] == true).await;
    assert!(up.not_modified.load(std::sync::atomic::Ordering::SeqCst) > not_modified_before);
    let (_, v) = get_feed(&relay, "ex").await;
    assert_eq!(v["stale"], false);
    assert_eq!(directions(&v), directions(&first));
    relay.stop().await;

    // A different URL under the same name does not reuse the copy.
    let mut other = config(vec![feed(
        "ex",
        &format!("http://{}/other.txt", up.addr),
        3_600_000,
    )]);
    other.state_dir = Some(state.path().to_path_buf());
    up.set(Mode::Status(500));
    let relay = start_relay(other).await;
    let r = get_with(&relay, "/feeds/ex", &[]).await;
    assert_eq!(r.status().as_u16(), 503);
    relay.stop().await;
}

#[tokio::test]
async fn raw_passes_the_upstream_bytes_through() {
    let (_up, relay) = relay_on_good_upstream(3_600_000).await;
    let r = get_with(&relay, "/feeds/ex/raw", &[]).await;
    assert_eq!(r.status().as_u16(), 200);
    // The type of the detected format (TXT), not the upstream's `text/txt; charset=utf-8`.
    assert_eq!(r.headers()["content-type"], "text/plain");
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert_eq!(r.text().await.unwrap(), GOOD_TXT);
    relay.stop().await;
}

#[tokio::test]
async fn health_lists_every_feed_and_config_lists_exchangers() {
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let mut a = feed("a", &up.url(), 3_600_000);
    a.exchanger.base = Some("https://ex.example".into());
    a.exchanger.ref_code = Some("R42".into());
    let b = feed("b", "http://127.0.0.1:9/none.xml", 3_600_000);
    let relay = start_relay(config(vec![a, b])).await;
    wait_health(&relay, "a", 10, "a ok", |h| h["ok"] == true).await;
    let hb = wait_health(&relay, "b", 10, "b fails", |h| {
        h["last_error"]["kind"] == "network"
    })
    .await;
    assert_eq!(hb["state"], "unavailable");
    assert_eq!(hb["source"], "http://127.0.0.1:9/none.xml");
    let ha = health_of(&relay, "a").await;
    assert_eq!(
        ha["source"],
        format!("http://{}/export/rates.txt", up.addr),
        "no query string in /health"
    );
    assert_eq!(ha["directions"], 3);

    let v = get_json(relay.url("/config")).await;
    assert_eq!(v["feeds"][0]["name"], "a");
    assert_eq!(v["feeds"][0]["url"], "/feeds/a");
    assert_eq!(v["feeds"][0]["exchanger"]["ref"], "R42");
    let (_, fa) = get_feed(&relay, "a").await;
    assert_eq!(fa["exchanger"]["base"], "https://ex.example");
    relay.stop().await;
}

#[tokio::test]
async fn maintenance_without_a_good_copy_is_served_as_such() {
    let up = start_upstream(Mode::Maintenance).await;
    let relay = relay_on(&up.url(), 100).await;
    let h = wait_health(&relay, "ex", 10, "maintenance", |h| {
        h["last_error"]["kind"] == "maintenance"
    })
    .await;
    assert_eq!(h["state"], "unavailable");
    assert_eq!(h["status"], "maintenance");
    let (status, v) = get_feed(&relay, "ex").await;
    assert_eq!(
        status, 200,
        "the widget gets a readable 'rates unavailable' document"
    );
    assert_eq!(v["status"], "maintenance");
    assert_eq!(v["directions"].as_array().unwrap().len(), 0);
    assert_eq!(v["stale"], false);

    up.set(Mode::Good(GOOD_TXT));
    wait_health(&relay, "ex", 10, "recovery", |h| h["ok"] == true).await;
    let (_, v) = get_feed(&relay, "ex").await;
    assert_eq!(v["status"], "ok");
    assert_eq!(directions(&v).len(), 3);
    relay.stop().await;
}

/// What an upstream answers a wrong credentials hash with when it is not Premium.
const UNAUTHORIZED: &str = "{\"error\":\"unauthorized\"}";

#[tokio::test]
async fn an_error_answer_is_a_failure_that_keeps_the_good_copy_and_says_why() {
    for body in [UNAUTHORIZED, "404 page not found\n"] {
        let (up, relay) = relay_on_good_upstream(100).await;
        let (_, good) = get_feed(&relay, "ex").await;
        *up.etag.lock().unwrap() = "\"e1\"";
        up.set(Mode::Good(body));
        let h = wait_health(&relay, "ex", 10, "a parse failure", |h| {
            h["last_error"]["kind"] == "not_a_feed"
        })
        .await;
        assert_eq!(h["state"], "stale", "{body}: {h}");
        assert!(h["consecutive_failures"].as_u64() >= Some(1), "{body}: {h}");
        assert_eq!(
            h["status"], "ok",
            "{body}: the good copy is still the one shown: {h}"
        );
        let message = h["last_error"]["message"].as_str().unwrap();
        assert!(message.starts_with("not a rates feed"), "{body}: {h}");
        assert!(!message.contains("unauthorized"), "no upstream text: {h}");
        let (status, v) = get_feed(&relay, "ex").await;
        assert_eq!(status, 200);
        assert_eq!(v["status"], "ok", "{body}: {v}");
        assert_eq!(v["stale"], true, "{body}: {v}");
        assert_eq!(directions(&v), directions(&good));
        relay.stop().await;
    }

    // Without a good copy: unavailable (503 naming the failure), not a 200 "maintenance".
    let up = start_upstream(Mode::Good(UNAUTHORIZED)).await;
    let relay = relay_on(&up.url(), 100).await;
    let h = wait_health(&relay, "ex", 10, "a parse failure", |h| {
        h["last_error"]["kind"] == "not_a_feed"
    })
    .await;
    assert_eq!(h["state"], "unavailable", "{h}");
    assert!(h["consecutive_failures"].as_u64() >= Some(1), "{h}");
    let r = get_with(&relay, "/feeds/ex", &[]).await;
    assert_eq!(r.status().as_u16(), 503);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "feed unavailable", "{v}");
    assert_eq!(v["last_error"]["kind"], "not_a_feed", "{v}");
    relay.stop().await;
}

#[tokio::test]
async fn head_requests_get_headers_only() {
    let (_up, relay) = relay_on_good_upstream(3_600_000).await;
    let r = client()
        .head(relay.url("/feeds/ex"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-encoding"], "br");
    assert!(r.headers().get("etag").is_some());
    assert!(r.bytes().await.unwrap().is_empty());
    relay.stop().await;
}

#[tokio::test]
async fn shutdown_is_not_held_up_by_idle_connections() {
    let (_up, relay) = relay_on_good_upstream(3_600_000).await;
    // One connection that never sends a byte, one kept alive after a request.
    let _silent = tokio::net::TcpStream::connect(relay.addr).await.unwrap();
    let c = client();
    assert_eq!(
        c.get(relay.url("/feeds/ex"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    let started = std::time::Instant::now();
    relay.stop().await;
    assert!(
        started.elapsed() < ratelink_relay::server::SHUTDOWN_GRACE,
        "shutdown waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_partner_key_never_appears_in_responses() {
    let up = start_upstream(Mode::Good(GOOD_TXT)).await;
    let mut cfg = config(vec![feed("ex", &up.url(), 3_600_000)]);
    // A whole dashboard configuration (a half one stops the relay at start).
    cfg.partner.api = Some(ratelink_core::partner::PartnerApi::Pp);
    cfg.partner.endpoint = Some("http://127.0.0.1:9/api.html".into());
    cfg.partner.key = ratelink_core::partner::PartnerKey::new("pk-TOPSECRET-123");
    cfg.partner.dashboard_password = ratelink_core::partner::PartnerKey::new("pw-TOPSECRET-456");
    assert!(!format!("{cfg:?}").contains("TOPSECRET"));
    let relay = start_relay(cfg).await;
    wait_first_fetch(&relay, "ex").await;
    for path in [
        "/health",
        "/config",
        "/feeds/ex",
        "/feeds/ex/raw",
        "/",
        "/feeds/none",
    ] {
        let r = get_with(&relay, path, &[]).await;
        let headers = format!("{:?}", r.headers());
        let body = r.text().await.unwrap();
        assert!(
            !body.contains("TOPSECRET") && !headers.contains("TOPSECRET"),
            "{path} leaks a secret"
        );
        assert!(
            !body.contains("SECRETHASH"),
            "{path} leaks the upstream query string"
        );
    }
    relay.stop().await;
}
