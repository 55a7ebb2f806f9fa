//! `GET /compare` against three upstreams on loopback: one good, one that goes stale after a
//! good fetch, one failing from the start; aliases, subsets, validators, codings, CORS.

mod common;

use std::io::Read;
use std::time::{Duration, Instant};

use common::*;
use ratelink_relay::config::Exchanger;

/// The second exchanger writes two currencies by catalogue aliases (`USDTTRC` for
/// `USDTTRC20`, `SBRUB` for `SBERRUB`).
const BETA_TXT: &str = "BTC;USDTTRC;1;94000;100000;;\nUSDTTRC;SBRUB;1;90.1;700000;;\n";

const ORIGIN: &str = "https://partner.example";

struct Setup {
    relay: Running,
    beta: std::sync::Arc<Upstream>,
}

/// alpha (good), beta (good, then failing: stale) and gamma (503 from the start).
async fn setup() -> Setup {
    let alpha = start_upstream(Mode::Good(GOOD_TXT)).await;
    let beta = start_upstream(Mode::Good(BETA_TXT)).await;
    let gamma = start_upstream(Mode::Status(503)).await;
    let mut a = feed("alpha", &alpha.url(), 100);
    a.exchanger = Exchanger {
        title: Some("Alpha Exchange".into()),
        base: Some("https://alpha.example".into()),
        ref_code: Some("A1B2".into()),
        link_template: Some("{base}/go?r={ref}&f={from}&t={to}".into()),
    };
    let mut b = feed("beta", &beta.url(), 100);
    b.exchanger.base = Some("https://beta.example".into());
    let g = feed("gamma", &gamma.url(), 100);
    let mut c = config(vec![a, b, g]);
    c.allow_origins = vec![ORIGIN.into()];
    let relay = start_relay(c).await;
    wait_first_fetch(&relay, "alpha").await;
    wait_first_fetch(&relay, "beta").await;
    wait_health(&relay, "gamma", 10, "gamma fails", |h| {
        h["last_error"]["kind"] == "http_status"
    })
    .await;
    Setup { relay, beta }
}

async fn get_compare(relay: &Running, path: &str) -> serde_json::Value {
    let r = get_with(relay, path, &[]).await;
    assert_eq!(r.status().as_u16(), 200, "{path}");
    r.json().await.unwrap()
}

/// Polls `path` until `pred` holds (the document is rebuilt shortly after a refresh).
async fn wait_compare(
    relay: &Running,
    path: &str,
    what: &str,
    pred: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let v = get_compare(relay, path).await;
        if pred(&v) {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}: {v}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn ids(v: &serde_json::Value) -> Vec<&str> {
    field_of_each(&v["exchangers"], "id")
}

fn exchanger<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["exchangers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap()
}

fn directions_of(v: &serde_json::Value, id: &str) -> Vec<serde_json::Value> {
    v["directions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["exchanger"] == id)
        .cloned()
        .collect()
}

/// `d` without its `exchanger` field.
fn without_exchanger(d: &serde_json::Value) -> serde_json::Value {
    let mut d = d.clone();
    d.as_object_mut().unwrap().remove("exchanger");
    d
}

#[tokio::test]
async fn compare_merges_feeds_keeps_stale_ones_and_lists_failed_ones() {
    let Setup { relay, beta } = setup().await;
    let fresh = wait_compare(&relay, "/compare", "alpha and beta", |v| {
        exchanger(v, "alpha")["directions"] == 3 && exchanger(v, "beta")["directions"] == 2
    })
    .await;
    assert_eq!(fresh["format"], "compare");
    assert_eq!(ids(&fresh), ["alpha", "beta", "gamma"], "config order");
    assert_eq!(exchanger(&fresh, "beta")["stale"], false, "{fresh}");

    // beta's upstream breaks: its last good directions stay, marked stale.
    beta.set(Mode::Status(500));
    wait_health(&relay, "beta", 10, "beta stale", |h| h["stale"] == true).await;
    let v = wait_compare(&relay, "/compare", "beta stale", |v| {
        exchanger(v, "beta")["stale"] == true
    })
    .await;
    assert_ne!(
        v["exchangers"], fresh["exchangers"],
        "the document changed with beta's state"
    );

    let alpha = exchanger(&v, "alpha");
    assert_eq!(alpha["title"], "Alpha Exchange");
    assert_eq!(alpha["exchanger"], "https://alpha.example");
    assert_eq!(alpha["ref"], "A1B2");
    assert_eq!(alpha["link_template"], "{base}/go?r={ref}&f={from}&t={to}");
    assert_eq!(alpha["stale"], false);
    assert_eq!(alpha["error"], serde_json::Value::Null);
    assert!(
        alpha["fetched_at"].as_str().unwrap().ends_with('Z'),
        "{alpha}"
    );

    let b = exchanger(&v, "beta");
    assert_eq!(b["title"], "beta", "the title falls back to the feed name");
    assert_eq!(b["exchanger"], "https://beta.example");
    assert_eq!(b["ref"], serde_json::Value::Null);
    assert_eq!(b["link_template"], serde_json::Value::Null);
    assert_eq!(b["directions"], 2);
    assert_eq!(b["error"], serde_json::Value::Null);
    let (_, stale_feed) = get_feed(&relay, "beta").await;
    assert_eq!(stale_feed["stale"], true);
    assert_eq!(
        b["fetched_at"], stale_feed["fetched_at"],
        "the time of the last good copy"
    );

    // gamma never had a copy: listed with the error /health shows, no directions.
    let g = exchanger(&v, "gamma");
    let h = health_of(&relay, "gamma").await;
    assert_eq!(g["directions"], 0);
    assert_eq!(g["stale"], false);
    assert_eq!(g["fetched_at"], serde_json::Value::Null);
    assert_eq!(g["error"]["kind"], "http_status");
    assert_eq!(g["error"]["message"], h["last_error"]["message"]);
    assert!(
        !g["error"]["message"]
            .as_str()
            .unwrap()
            .contains("upstream error"),
        "no upstream body text: {g}"
    );
    assert!(directions_of(&v, "gamma").is_empty());

    // Directions: grouped by exchanger in `exchangers` order, each exactly as its feed serves
    // it plus `exchanger`.
    let order: Vec<&str> = v["directions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["exchanger"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["alpha", "alpha", "alpha", "beta", "beta"]);
    let (_, alpha_feed) = get_feed(&relay, "alpha").await;
    let merged: Vec<serde_json::Value> = directions_of(&v, "alpha")
        .iter()
        .map(without_exchanger)
        .collect();
    assert_eq!(
        serde_json::Value::Array(merged),
        alpha_feed["directions"],
        "alpha's directions as /feeds/alpha serves them"
    );

    // beta's aliases are rewritten to the codes alpha uses, and reported.
    let (_, beta_feed) = get_feed(&relay, "beta").await;
    let mut expected: Vec<serde_json::Value> = beta_feed["directions"].as_array().unwrap().to_vec();
    for d in &mut expected {
        for side in ["from", "to"] {
            let code = d[side].as_str().unwrap().to_string();
            d[side] = match code.as_str() {
                "USDTTRC" => "USDTTRC20".into(),
                "SBRUB" => "SBERRUB".into(),
                _ => code.into(),
            };
        }
        d["exchanger"] = "beta".into();
    }
    assert_eq!(directions_of(&v, "beta"), expected);
    assert_eq!(
        v["aliases"],
        serde_json::json!([
            {"exchanger": "beta", "code": "USDTTRC", "as": "USDTTRC20"},
            {"exchanger": "beta", "code": "SBRUB", "as": "SBERRUB"},
        ])
    );
    let names = v["names"].as_object().unwrap();
    let mut codes: Vec<&str> = names.keys().map(String::as_str).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["BTC", "PMUSD", "SBERRUB", "USDTTRC20"], "{v}");
    assert_eq!(v["names"]["USDTTRC20"], alpha_feed["names"]["USDTTRC20"]);

    // The icon sprite the document names is served.
    let icons = v["icons"].as_str().unwrap();
    assert!(
        icons.starts_with("/compare/icons.") && icons.ends_with(".svg"),
        "{icons}"
    );
    let r = get_with(&relay, icons, &[]).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    let svg = r.text().await.unwrap();
    for code in ["BTC", "USDTTRC20", "SBERRUB", "PMUSD"] {
        assert!(svg.contains(&format!("rl-i-{code}")), "{code}");
    }
    assert_eq!(
        get_with(&relay, "/compare/icons.000000000000.svg", &[])
            .await
            .status()
            .as_u16(),
        404
    );
    relay.stop().await;
}

#[tokio::test]
async fn compare_subsets_unknown_feeds_and_http_semantics() {
    let Setup { relay, .. } = setup().await;
    wait_compare(&relay, "/compare", "alpha and beta", |v| {
        exchanger(v, "alpha")["directions"] == 3 && exchanger(v, "beta")["directions"] == 2
    })
    .await;

    // A subset, listed in config order whatever the order asked; beta alone keeps its codes.
    let v = get_compare(&relay, "/compare?feeds=gamma,alpha").await;
    assert_eq!(ids(&v), ["alpha", "gamma"]);
    assert!(v["directions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["exchanger"] == "alpha"));
    let v = get_compare(&relay, "/compare?feeds=beta").await;
    assert_eq!(ids(&v), ["beta"]);
    assert_eq!(v["aliases"], serde_json::json!([]), "nothing to match");
    assert_eq!(v["directions"][0]["to"], "USDTTRC", "codes as written");
    let (_, beta_feed) = get_feed(&relay, "beta").await;
    assert_eq!(v["names"], beta_feed["names"], "one feed: its own names");
    let v = get_compare(&relay, "/compare?feeds=alpha,beta,alpha").await;
    assert_eq!(ids(&v), ["alpha", "beta"]);
    let v = get_compare(&relay, "/compare?feeds=gamma&feeds=beta&other=1").await;
    assert_eq!(
        ids(&v),
        ["beta", "gamma"],
        "a repeated parameter adds names"
    );
    let v = get_compare(&relay, "/compare?feeds=").await;
    assert_eq!(ids(&v), ["alpha", "beta", "gamma"], "empty means all");

    // Unknown names and overlong lists are refused, with CORS so the widget can read why.
    let r = get_with(&relay, "/compare?feeds=alpha,nope", &[("origin", ORIGIN)]).await;
    assert_eq!(r.status().as_u16(), 404);
    assert_eq!(r.headers()["access-control-allow-origin"], ORIGIN);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["error"], "unknown_feed");
    assert_eq!(e["feed"], "nope");
    assert_eq!(e["feeds"], serde_json::json!(["alpha", "beta", "gamma"]));
    assert!(e["message"].as_str().unwrap().contains("nope"), "{e}");
    let many = vec!["alpha"; 65].join(",");
    let r = get_with(&relay, &format!("/compare?feeds={many}"), &[]).await;
    assert_eq!(r.status().as_u16(), 400);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["error"], "bad_request");

    // Headers as a feed's: caching, Vary, CORS for allowed origins only.
    let r = get_with(&relay, "/compare", &[("origin", ORIGIN)]).await;
    assert_eq!(r.status().as_u16(), 200);
    let h = r.headers().clone();
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(
        h["cache-control"],
        "public, max-age=1, stale-while-revalidate=1, stale-if-error=86400"
    );
    assert_eq!(h["vary"], "Accept-Encoding, Origin");
    assert_eq!(h["access-control-allow-origin"], ORIGIN);
    assert!(h.contains_key("last-modified"));
    let etag = h["etag"].to_str().unwrap().to_string();
    let identity = r.bytes().await.unwrap();
    let r = get_with(&relay, "/compare", &[("origin", "https://evil.example")]).await;
    assert!(!r.headers().contains_key("access-control-allow-origin"));
    let r = client()
        .request(reqwest::Method::OPTIONS, relay.url("/compare"))
        .header("origin", ORIGIN)
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(r.headers()["access-control-allow-origin"], ORIGIN);

    // Codings: compressed once, each with its own strong ETag; If-None-Match gives 304.
    let decode = |coding: &str, body: &[u8]| -> Vec<u8> {
        let mut out = Vec::new();
        match coding {
            "br" => brotli_decompress(body, &mut out),
            _ => {
                flate2_read(body, &mut out);
            }
        }
        out
    };
    for (accept, coding, suffix) in [("gzip", "gzip", "-gz"), ("gzip, br", "br", "-br")] {
        let r = get_with(&relay, "/compare", &[("accept-encoding", accept)]).await;
        assert_eq!(r.headers()["content-encoding"], coding);
        let tag = r.headers()["etag"].to_str().unwrap().to_string();
        assert_eq!(tag, format!("{}{suffix}\"", etag.trim_end_matches('"')));
        let body = r.bytes().await.unwrap();
        assert_eq!(decode(coding, &body), identity.to_vec(), "{coding}");
        let r = get_with(
            &relay,
            "/compare",
            &[("accept-encoding", accept), ("if-none-match", &tag)],
        )
        .await;
        assert_eq!(r.status().as_u16(), 304, "{coding}");
        assert_eq!(r.headers()["etag"].to_str().unwrap(), tag);
        assert!(r.bytes().await.unwrap().is_empty());
    }
    let r = get_with(&relay, "/compare", &[("if-none-match", &etag)]).await;
    assert_eq!(r.status().as_u16(), 304);
    let r = get_with(&relay, "/compare", &[("if-none-match", "\"0000\"")]).await;
    assert_eq!(r.status().as_u16(), 200);
    // A subset has its own tag.
    let r = get_with(&relay, "/compare?feeds=alpha", &[("if-none-match", &etag)]).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_ne!(r.headers()["etag"].to_str().unwrap(), etag);
    relay.stop().await;
}

fn brotli_decompress(body: &[u8], out: &mut Vec<u8>) {
    let mut r = brotli::Decompressor::new(body, 4096);
    r.read_to_end(out).unwrap();
}

fn flate2_read(body: &[u8], out: &mut Vec<u8>) {
    flate2::read::GzDecoder::new(body).read_to_end(out).unwrap();
}

#[tokio::test]
async fn compare_before_any_fetch_lists_every_feed_as_not_fetched() {
    let up = start_upstream(Mode::Hang).await;
    let relay = start_relay(config(vec![
        feed("one", &up.url(), 60_000),
        feed("two", &up.url(), 60_000),
    ]))
    .await;
    let v = get_compare(&relay, "/compare").await;
    assert_eq!(ids(&v), ["one", "two"]);
    for e in v["exchangers"].as_array().unwrap() {
        assert_eq!(e["directions"], 0, "{e}");
        assert_eq!(e["error"]["kind"], "not_fetched", "{e}");
    }
    assert_eq!(v["directions"], serde_json::json!([]));
    assert_eq!(v["aliases"], serde_json::json!([]));
    assert_eq!(v["names"], serde_json::json!({}));
    relay.stop().await;
}
