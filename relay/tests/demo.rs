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
