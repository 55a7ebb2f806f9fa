//! The demo's bundled feeds go through the same fetch/cache/serve path as real feeds.

mod common;

use common::*;
use ratelink_relay::demo::demo_config;

#[tokio::test]
async fn demo_feeds_are_served_like_real_ones_and_broken_shows_the_failure() {
    let relay = start_relay(demo_config("127.0.0.1:0".parse().unwrap(), None)).await;
    let expect = [
        ("demo-xml", "xml-1.0", 40),
        ("demo-eref", "xml-1.1", 15),
        ("demo-json", "premium-json-1.3", 20),
        ("demo-txt", "txt", 15),
    ];
    for (name, format, min_directions) in expect {
        let h = wait_health(&relay, name, 20, name, |h| h["ok"] == true).await;
        assert_eq!(h["upstream_requests"], 1, "{name}: {h}");
        let r = get_from_origin(
            relay.url(&format!("/feeds/{name}")),
            "https://partner.example",
        )
        .await;
        assert_eq!(r.status().as_u16(), 200, "{name}");
        assert_eq!(r.headers()["access-control-allow-origin"], "*", "{name}");
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["format"], format, "{name}");
        assert_eq!(v["status"], "ok", "{name}");
        assert_eq!(v["stale"], false, "{name}");
        assert_eq!(
            v["exchanger"]["base"], "https://exchanger.example",
            "{name}"
        );
        let n = v["directions"].as_array().unwrap().len();
        assert!(
            n >= min_directions,
            "{name}: only {n} directions; skipped: {}",
            v["skipped"]
        );
    }
    // premium.xml carries one zero-rate direction, reported as skipped.
    let (_, xml) = get_feed(&relay, "demo-xml").await;
    assert_eq!(
        xml["skipped"].as_array().unwrap().len(),
        1,
        "{}",
        xml["skipped"]
    );
    let currencies: std::collections::BTreeSet<String> = xml["directions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| {
            [
                d["from"].as_str().unwrap().to_string(),
                d["to"].as_str().unwrap().to_string(),
            ]
        })
        .collect();
    assert_eq!(currencies.len(), 15, "{currencies:?}");

    let h = wait_health(&relay, "demo-broken", 20, "demo-broken fails", |h| {
        h["last_error"]["kind"] == "source"
    })
    .await;
    assert_eq!(h["state"], "unavailable");
    let r = client()
        .get(relay.url("/feeds/demo-broken"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 503);
    let v: serde_json::Value = r.json().await.unwrap();
    assert!(v["last_error"]["message"]
        .as_str()
        .unwrap()
        .contains("always fails"));
    relay.stop().await;
}

#[tokio::test]
async fn demo_compares_three_exchangers() {
    let relay = start_relay(demo_config("127.0.0.1:0".parse().unwrap(), None)).await;
    for name in ["alpha", "beta", "gamma"] {
        wait_health(&relay, name, 20, name, |h| h["ok"] == true).await;
    }
    // The document is rebuilt shortly after the refreshes.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let v = loop {
        let v = get_json(relay.url("/compare?feeds=alpha,beta,gamma")).await;
        if v["exchangers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["directions"].as_u64() > Some(0))
        {
            break v;
        }
        assert!(std::time::Instant::now() < deadline, "{v}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let exchangers = v["exchangers"].as_array().unwrap();
    let field = |k: &str| -> Vec<String> {
        exchangers
            .iter()
            .map(|e| e[k].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(field("id"), ["alpha", "beta", "gamma"]);
    assert_eq!(
        field("title"),
        ["Alpha Exchange", "Beta Swap", "Gamma Change"]
    );
    let sites = field("exchanger");
    let codes = field("ref");
    for list in [&sites, &codes] {
        let distinct: std::collections::BTreeSet<&String> = list.iter().collect();
        assert_eq!(distinct.len(), 3, "{list:?}");
    }
    // Overlapping directions with different rates: BTC -> SBERRUB at all three.
    let offers: Vec<&serde_json::Value> = v["directions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["from"] == "BTC" && d["to"] == "SBERRUB")
        .collect();
    let by: std::collections::BTreeSet<&str> = offers
        .iter()
        .map(|d| d["exchanger"].as_str().unwrap())
        .collect();
    assert_eq!(by.len(), 3, "{offers:?}");
    let rates: std::collections::BTreeSet<&str> =
        offers.iter().map(|d| d["out"].as_str().unwrap()).collect();
    assert_eq!(rates.len(), 3, "different rates: {offers:?}");

    // Without feeds=, every demo feed, the broken one listed with its error.
    let all = get_json(relay.url("/compare")).await;
    assert_eq!(field_of_each(&all["exchangers"], "id"), DEMO_FEEDS);
    relay.stop().await;
}
