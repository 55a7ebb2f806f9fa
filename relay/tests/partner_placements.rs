//! `GET /partner/placements` against a scripted pp upstream (clicks and exchanges on loopback).

mod partner_common;

use partner_common::*;

/// A pp `get_links` answer: `(id, time, user_hash, query_string)`.
fn links(rows: &[(&str, i64, &str, &str)]) -> String {
    let items: Vec<String> = rows
        .iter()
        .map(|(id, t, user, q)| {
            format!(r#""{id}":{{"id":"{id}","time":"{t}","browser":"x","ip":"192.0.2.1","referrer":"","user_hash":"{user}","query_string":"{q}"}}"#)
        })
        .collect();
    format!(
        r#"{{"error":0,"error_text":"","data":{{"items":{{{}}}}}}}"#,
        items.join(",")
    )
}

/// A pp `get_exchanges` answer: `(id, time, user_hash, reward, success)`.
fn exchanges(rows: &[(&str, i64, &str, &str, u8)]) -> String {
    let items: Vec<String> = rows
        .iter()
        .map(|(id, t, user, reward, ok)| {
            format!(r#""{id}":{{"id":"{id}","time":"{t}","currency_code_give":"BTC","currency_code_get":"SBERRUB","amount_give":"0.01","amount_get":"50000","exchange_success":{ok},"accrued":{ok},"partner_reward":"{reward}","user_hash":"{user}","user_ip":"192.0.2.1"}}"#)
        })
        .collect();
    format!(
        r#"{{"error":0,"error_text":"","data":{{"items":{{{}}}}}}}"#,
        items.join(",")
    )
}

const WINDOW: &str = "from=1700000000&to=1700100000";

async fn scripted(tweak: impl FnOnce(&mut ratelink_relay::partner::PartnerSettings)) -> Harness {
    let h = start_with("pp", "/api.html", tweak).await;
    h.fake.set(
        "get_links",
        Canned::ok(links(&[
            // Before the window: still explains u1's first exchange.
            (
                "1",
                1699990000,
                "u1",
                "cur_from=BTC&cur_to=SBERRUB&utm_content=article",
            ),
            (
                "2",
                1700010000,
                "u2",
                "cur_from=BTC&cur_to=SBERRUB&utm_content=home",
            ),
            (
                "3",
                1700020000,
                "u1",
                "cur_from=USDTTRC20&cur_to=CARDRUB&utm_content=sidebar&pl=side2",
            ),
            ("4", 1700030000, "u3", "cur_from=ETH&cur_to=SBERRUB"),
            (
                "5",
                1700040000,
                "u2",
                "cur_from=BTC&cur_to=SBERRUB&utm_content=home",
            ),
        ])),
    );
    h.fake.set(
        "get_exchanges",
        Canned::ok(exchanges(&[
            ("e1", 1700005000, "u1", "1.5", 1), // article (click before the window)
            ("e2", 1700025000, "u1", "2.25", 1), // sidebar (u1's last click)
            ("e3", 1700050000, "u2", "4", 0),   // home, not completed
            ("e4", 1700060000, "u9", "0.75", 1), // nobody clicked: unattributed
        ])),
    );
    h
}

#[tokio::test]
async fn placements_attribute_exchanges_to_the_last_click_and_total_up() {
    let h = scripted(|_| {}).await;
    let (cookie, _) = h.login().await;
    let got = h
        .get(&format!("/partner/placements?{WINDOW}"), Some(&cookie))
        .await;
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(got.header("cache-control"), Some("no-store"));
    let v = got.json();
    let items = v["items"].as_array().expect("items");
    let names: Vec<Option<&str>> = items.iter().map(|i| i["placement"].as_str()).collect();
    // Sorted by reward: home 4, sidebar 2.25, article 1.5, then the clicks without one.
    assert_eq!(
        names,
        [Some("home"), Some("sidebar"), Some("article"), None]
    );
    let home = &items[0];
    assert_eq!(home["clicks"], 2);
    assert_eq!(home["visitors"], 1);
    assert_eq!(home["exchanges"], 1);
    assert_eq!(home["done"], 0);
    assert_eq!(home["reward"], "4");
    assert_eq!(home["conversion"], "50.00");
    assert_eq!(
        items[2]["clicks"], 0,
        "the article click was before the window"
    );
    assert_eq!(items[2]["conversion"], serde_json::Value::Null);
    assert_eq!(items[3]["clicks"], 1);
    assert_eq!(v["unattributed"]["exchanges"], 1);
    assert_eq!(v["unattributed"]["reward"], "0.75");
    let total: u64 = items
        .iter()
        .map(|i| i["exchanges"].as_u64().unwrap_or(0))
        .sum::<u64>()
        + v["unattributed"]["exchanges"].as_u64().unwrap_or(0);
    assert_eq!(
        total, 4,
        "items plus unattributed cover every exchange in the window"
    );

    let pairs = v["pairs"].as_array().expect("pairs");
    let sidebar = pairs
        .iter()
        .find(|p| p["placement"] == "sidebar")
        .expect("sidebar pair");
    assert_eq!(
        (sidebar["from"].as_str(), sidebar["to"].as_str()),
        (Some("USDTTRC20"), Some("CARDRUB"))
    );
    assert_eq!(
        (sidebar["clicks"].as_u64(), sidebar["exchanges"].as_u64()),
        (Some(1), Some(1))
    );

    // Clicks are read from 30 days before the window, exchanges over the window itself.
    let seen = h.fake.seen();
    let links_call = seen
        .iter()
        .find(|s| s.query.contains("method=get_links"))
        .expect("get_links called");
    assert_eq!(links_call.body, "start_time=1697408000&end_time=1700100000");
    let ex_call = seen
        .iter()
        .find(|s| s.query.contains("method=get_exchanges"))
        .expect("get_exchanges called");
    assert_eq!(ex_call.body, "start_time=1700000000&end_time=1700100000");
}

#[tokio::test]
async fn placements_read_the_configured_parameter() {
    let h = scripted(|s| s.placement_param = "pl".into()).await;
    let (cookie, _) = h.login().await;
    let v = h
        .get(&format!("/partner/placements?{WINDOW}"), Some(&cookie))
        .await
        .json();
    let names: Vec<Option<&str>> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["placement"].as_str())
        .collect();
    assert!(names.contains(&Some("side2")), "{names:?}");
    assert!(
        !names.contains(&Some("home")),
        "utm_content is not read: {names:?}"
    );
}

#[tokio::test]
async fn placements_need_a_session_and_a_valid_window() {
    let h = scripted(|_| {}).await;
    let got = h.get(&format!("/partner/placements?{WINDOW}"), None).await;
    assert_eq!(got.status, 401);
    assert!(
        h.fake.seen().is_empty(),
        "nothing reached the partner API without a session"
    );
    let (cookie, _) = h.login().await;
    let got = h.get("/partner/placements?from=abc", Some(&cookie)).await;
    assert_eq!(got.status, 400);
}

#[tokio::test]
async fn placements_are_not_supported_on_iex_v2() {
    let h = start("iex-v2", "/api/v2").await;
    h.fake.set(
        "/api/v2/account/partner",
        Canned::ok(fixture("iex_partner.json")),
    );
    let (cookie, _) = h.login().await;
    let got = h
        .get(&format!("/partner/placements?{WINDOW}"), Some(&cookie))
        .await;
    assert_eq!(got.status, 501, "{}", got.body);
    assert_eq!(got.json()["error"], "not_supported");
}
