//! The relay's `/partner/*` routes against a fake partner API on loopback serving fixtures.

mod partner_common;

use partner_common::*;
use std::time::Instant;

async fn pp_harness() -> Harness {
    start_pp(|_| {}).await
}

const WINDOW: &str = "from=1690000000&to=1710000000";

#[tokio::test]
async fn every_route_needs_a_session() {
    let h = pp_harness().await;
    for path in [
        "/partner/summary",
        "/partner/exchanges",
        "/partner/clicks",
        "/partner/payouts",
    ] {
        let got = h.get(path, None).await;
        assert_eq!(got.status, 401, "{path}");
        assert_eq!(got.json()["error"], "login_required");
        let got = h.get(path, Some("ratelink_dashboard=forged")).await;
        assert_eq!(got.status, 401, "{path} with a forged cookie");
    }
    let got = h
        .send(
            h.client
                .post(h.url("/partner/payouts"))
                .header("origin", h.origin())
                .body("{}"),
        )
        .await;
    assert_eq!(got.status, 401);
    assert!(
        h.fake.seen().is_empty(),
        "nothing reached the partner API without a session"
    );
}

#[tokio::test]
async fn login_cookie_flags_wrong_password_and_logout() {
    // Behind a proxy on loopback: its `X-Forwarded-Proto: https` below is believed.
    let h = start_pp(|s| {
        s.trusted_proxies =
            ratelink_relay::client_addr::TrustedProxies::parse(&["127.0.0.1".into()]).unwrap()
    })
    .await;
    let started = Instant::now();
    let got = h
        .send(
            h.client
                .post(h.url("/partner/login"))
                .body("{\"password\":\"guess\"}"),
        )
        .await;
    assert_eq!(got.status, 401);
    assert_eq!(got.json()["error"], "wrong_password");
    assert!(
        started.elapsed().as_millis() >= 450,
        "a wrong password is slowed down"
    );
    assert!(got.header("set-cookie").is_none());

    let got = h
        .send(
            h.client
                .post(h.url("/partner/login"))
                .header("origin", "https://evil.example")
                .body(format!("{{\"password\":\"{PASSWORD}\"}}")),
        )
        .await;
    assert_eq!(
        got.status, 403,
        "a login posted from another site is refused"
    );

    let got = h
        .send(
            h.client
                .post(h.url("/partner/login"))
                .header("x-forwarded-proto", "https")
                .body(format!("{{\"password\":\"{PASSWORD}\"}}")),
        )
        .await;
    assert_eq!(got.status, 200);
    let cookie = got.header("set-cookie").unwrap();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Secure"),
        "{cookie}"
    );
    let id = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
    assert_eq!(id.len(), 64);

    let (cookie, csrf) = h.login().await;
    let set = h
        .send(
            h.client
                .post(h.url("/partner/login"))
                .body(format!("{{\"password\":\"{PASSWORD}\"}}")),
        )
        .await;
    assert!(
        !set.header("set-cookie").unwrap().contains("Secure"),
        "plain http on loopback gets no Secure flag"
    );
    assert_eq!(h.get("/partner/summary", Some(&cookie)).await.status, 200);
    let got = h.logout(&cookie, &csrf).await;
    assert_eq!(got.status, 200);
    assert!(got.header("set-cookie").unwrap().contains("Max-Age=0"));
    assert_eq!(
        h.get("/partner/summary", Some(&cookie)).await.status,
        401,
        "the session is gone after logout"
    );
}

#[tokio::test]
async fn summary_reads_info_and_base_currency() {
    let h = pp_harness().await;
    let (cookie, csrf) = h.login().await;
    let got = h.get("/partner/summary", Some(&cookie)).await;
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(got.header("cache-control"), Some("no-store"));
    let v = got.json();
    assert_eq!(v["api"], "pp");
    assert_eq!(v["balance"]["amount"], "241.57");
    assert_eq!(
        v["balance"]["code"], "USD",
        "the base currency comes from past payouts"
    );
    assert_eq!(v["min_payout"]["amount"], "50");
    assert_eq!(v["payout_methods"][0]["id"], "7");
    assert_eq!(v["payout_methods"][0]["commission"], "2%");
    assert_eq!(v["payout_methods"][1]["you_receive"]["amount"], "0.00245");
    assert_eq!(v["features"]["payout_request"], true);
    assert_eq!(v["csrf"], csrf.as_str());

    let info = h
        .fake
        .seen()
        .into_iter()
        .find(|s| s.query.contains("method=get_info"))
        .unwrap();
    assert!(info.query.contains("api_action=pp") && info.query.contains(&format!("api_key={KEY}")));
    // Cached: a second summary asks the partner API nothing new.
    let before = h.fake.seen().len();
    assert_eq!(h.get("/partner/summary", Some(&cookie)).await.status, 200);
    assert_eq!(h.fake.seen().len(), before);
}

#[tokio::test]
async fn exchanges_clicks_and_payouts_with_filters_in_the_body() {
    let h = pp_harness().await;
    let (cookie, _) = h.login().await;
    let got = h
        .get(&format!("/partner/exchanges?{WINDOW}"), Some(&cookie))
        .await;
    assert_eq!(got.status, 200, "{}", got.body);
    let v = got.json();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["id"], "1902");
    assert_eq!(items[0]["time"], 1700100000);
    assert_eq!(items[0]["give"]["code"], "USDTTRC20");
    assert_eq!(items[0]["give"]["amount"], "500");
    assert_eq!(items[0]["get"]["amount"], "0.0136");
    assert_eq!(items[0]["reward"]["amount"], "1.25");
    assert_eq!(items[0]["status"], "done");
    assert_eq!(items[0]["accrued"], true);
    assert_eq!(items[1]["status"], "pending");
    assert_eq!(v["next_page"], serde_json::Value::Null);
    assert_eq!(v["totals"]["reward"], "2.09");

    let seen = h
        .fake
        .seen()
        .into_iter()
        .find(|s| s.query.contains("method=get_exchanges"))
        .unwrap();
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.body, "start_time=1690000000&end_time=1710000000");
    assert!(
        !seen.query.contains("start_time"),
        "Premium reads filters from the body only"
    );

    let v = h
        .get(&format!("/partner/clicks?{WINDOW}"), Some(&cookie))
        .await
        .json();
    assert_eq!(v["items"].as_array().unwrap().len(), 3);
    assert_eq!(
        v["items"][0]["referrer"],
        "https://www.bestchange.ru/tether-trc20-to-bitcoin.html"
    );

    let v = h
        .get(&format!("/partner/payouts?{WINDOW}"), Some(&cookie))
        .await
        .json();
    let statuses: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["pending", "paid", "cancelled", "cancelled"]);
    assert_eq!(v["items"][0]["account"], "•••• bLSE");
    assert_eq!(v["items"][0]["amount"]["code"], "USDTTRC20");

    let got = h.get("/partner/exchanges?from=abc", Some(&cookie)).await;
    assert_eq!(got.status, 400);
    let got = h.get("/partner/exchanges?page=0", Some(&cookie)).await;
    assert_eq!(got.status, 400);
}

#[tokio::test]
async fn payout_request_needs_csrf_and_origin_then_calls_add_payout() {
    let h = pp_harness().await;
    let (cookie, csrf) = h.login().await;
    let body = payout_body(
        "7",
        Some("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE"),
        Some(PASSWORD),
    );
    let post = || {
        h.client
            .post(h.url("/partner/payouts"))
            .header("cookie", &cookie)
            .body(body.clone())
    };

    let got = h.send(post().header("origin", h.origin())).await;
    assert_eq!(got.status, 403, "no CSRF token");
    let got = h
        .send(
            post()
                .header("x-csrf-token", "0".repeat(64))
                .header("origin", h.origin()),
        )
        .await;
    assert_eq!(got.status, 403, "wrong CSRF token");
    let got = h
        .send(
            post()
                .header("x-csrf-token", &csrf)
                .header("origin", "https://evil.example"),
        )
        .await;
    assert_eq!(got.status, 403, "foreign Origin");
    let got = h.send(post().header("x-csrf-token", &csrf)).await;
    assert_eq!(got.status, 403, "no Origin");
    assert_eq!(h.fake.count("add_payout"), 0);

    let got = h
        .send(
            post()
                .header("x-csrf-token", &csrf)
                .header("origin", h.origin()),
        )
        .await;
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(got.json()["payout_id"], "34");
    let seen = h
        .fake
        .seen()
        .into_iter()
        .find(|s| s.query.contains("method=add_payout"))
        .unwrap();
    assert_eq!(seen.method, "POST");
    assert_eq!(
        seen.body,
        "method_id=7&account=TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE"
    );
    assert!(!seen.query.contains("account"));

    h.fake.set(
        "add_payout",
        Canned::ok(fixture("pp_add_payout_refused.json")),
    );
    let got = h
        .send(
            post()
                .header("x-csrf-token", &csrf)
                .header("origin", h.origin()),
        )
        .await;
    assert_eq!(got.status, 502);
    assert_eq!(got.json()["error"], "rejected");
    assert_eq!(
        got.json()["message"],
        "rejected by the partner API: Minimum payout amount is 50"
    );

    let got = h
        .payout(&cookie, &csrf, payout_body("7", None, Some(PASSWORD)))
        .await;
    assert_eq!(got.status, 400);
}

#[tokio::test]
async fn pp_exchanges_are_paged_by_the_relay() {
    let h = pp_harness().await;
    let mut items = Vec::new();
    for i in 0..45 {
        items.push(format!("\"{id}\":{{\"id\":\"{id}\",\"time\":\"{t}\",\"date\":\"2023-11-15 00:00:00\",\"amount_give\":\"1\",\"amount_get\":\"2\",\"exchange_success\":\"1\",\"accrued\":\"1\",\"partner_reward\":\"0.10\"}}", id = 5000 + i, t = 1_700_000_000 + i));
    }
    h.fake.set(
        "get_exchanges",
        Canned::ok(format!(
            "{{\"error\":\"0\",\"error_text\":\"\",\"data\":{{\"items\":{{{}}}}}}}",
            items.join(",")
        )),
    );
    let (cookie, _) = h.login().await;
    let mut ids = Vec::new();
    let mut page = Some(1);
    while let Some(p) = page {
        let v = h
            .get(
                &format!("/partner/exchanges?{WINDOW}&page={p}"),
                Some(&cookie),
            )
            .await
            .json();
        assert_eq!(v["page"], p);
        assert_eq!(v["totals"]["count"], 45);
        assert_eq!(v["totals"]["reward"], "4.50");
        ids.extend(
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap().to_string()),
        );
        page = v["next_page"].as_u64();
    }
    assert_eq!(ids.len(), 45);
    assert_eq!(ids[0], "5044", "newest first");
    assert_eq!(
        h.fake.count("get_exchanges"),
        1,
        "pages come from one cached upstream answer"
    );
}

#[tokio::test]
async fn variants_strings_and_empty_results() {
    let h = pp_harness().await;
    let (cookie, _) = h.login().await;
    h.fake
        .set("get_info", Canned::ok(fixture("izi_get_info.js")));
    h.fake.set(
        "get_payouts",
        Canned::ok(fixture("premium_empty_list.json")),
    );
    let v = h.get("/partner/summary", Some(&cookie)).await.json();
    assert_eq!(v["balance"]["amount"], "15");
    assert_eq!(
        v["balance"]["code"],
        serde_json::Value::Null,
        "no payouts: the currency stays unknown"
    );
    assert_eq!(v["referral_code"], "test");
    assert_eq!(
        v["referral_link"],
        format!("http://{}/ref/test/", h.upstream),
        "the referral link is on the partner API's site"
    );
    for (name, route, path) in [
        (
            "premium_empty_list.json",
            "get_exchanges",
            "/partner/exchanges",
        ),
        (
            "izi_empty_items_object.json",
            "get_links",
            "/partner/clicks",
        ),
        (
            "pp_empty_items_array.json",
            "get_payouts",
            "/partner/payouts",
        ),
        ("pp_empty_data.json", "get_exchanges", "/partner/exchanges"),
    ] {
        h.fake.set(route, Canned::ok(fixture(name)));
        let got = h.get(&format!("{path}?from=1&to=2"), Some(&cookie)).await;
        assert_eq!(got.status, 200, "{name}: {}", got.body);
        assert_eq!(got.json()["items"].as_array().unwrap().len(), 0, "{name}");
    }
    h.fake.set(
        "get_exchanges",
        Canned::ok(fixture("premium_exchanges_array.json")),
    );
    let v = h
        .get("/partner/exchanges?from=3&to=1800000000", Some(&cookie))
        .await
        .json();
    assert_eq!(v["items"][0]["give"]["amount"], "250.00");
    assert_eq!(v["items"][0]["status"], "done");
}

#[tokio::test]
async fn upstream_errors_become_readable_json() {
    let h = pp_harness().await;
    let (cookie, _) = h.login().await;
    let cases = [
        (
            Canned::ok(fixture("pp_error_api_disabled.json")),
            502,
            "rejected",
            "rejected by the partner API: Api disabled",
        ),
        (
            Canned::ok(fixture("pp_error_key.json")),
            502,
            "rejected",
            "rejected by the partner API: REST API key error",
        ),
        (
            Canned::status(501, ""),
            502,
            "wrong_endpoint",
            "wrong endpoint or method",
        ),
        (
            Canned::ok(fixture("html_maintenance.html")),
            502,
            "unreachable",
            "the partner API is unreachable: an HTML page",
        ),
        (
            Canned::status(500, "oops"),
            502,
            "http",
            "the partner API answered HTTP 500",
        ),
    ];
    for (i, (canned, status, kind, message)) in cases.into_iter().enumerate() {
        h.fake.set("get_exchanges", canned);
        // A distinct window per case so no cached answer is reused.
        let got = h
            .get(
                &format!("/partner/exchanges?from={i}&to=100"),
                Some(&cookie),
            )
            .await;
        assert_eq!(got.status, status, "{kind}: {}", got.body);
        let v = got.json();
        assert_eq!(v["error"], kind);
        assert!(
            v["message"].as_str().unwrap().starts_with(message),
            "{}",
            v["message"]
        );
    }
}

#[tokio::test]
async fn rate_limit_is_honoured() {
    let h = pp_harness().await;
    let (cookie, _) = h.login().await;
    h.fake.set(
        "get_links",
        Canned::status(429, "").header("retry-after", "30"),
    );
    let got = h.get("/partner/clicks?from=1&to=2", Some(&cookie)).await;
    assert_eq!(got.status, 429);
    assert_eq!(got.header("retry-after"), Some("30"));
    assert_eq!(got.json()["retry_after"], 30);
    let calls = h.fake.seen().len();
    let got = h.get("/partner/exchanges?from=1&to=2", Some(&cookie)).await;
    assert_eq!(
        got.status, 429,
        "the relay waits out Retry-After instead of asking again"
    );
    let left: u64 = got.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=30).contains(&left));
    assert_eq!(h.fake.seen().len(), calls);
}

async fn iex_harness() -> Harness {
    let h = start("iex-v2", "/api/v2").await;
    h.fake.set(
        "/api/v2/account/partner",
        Canned::ok(fixture("iex_partner.json")),
    );
    h.fake.set(
        "/api/v2/account/partner/withdrawal",
        Canned::ok(fixture("iex_withdrawal.json")),
    );
    h.fake.set(
        "/api/v2/account/partner/exchanges",
        Canned::ok(fixture("iex_exchanges_page1.json")),
    );
    h.fake.set(
        "/api/v2/account/partner/exchanges?page=2",
        Canned::ok(fixture("iex_exchanges.json")),
    );
    h
}

#[tokio::test]
async fn iex_v2_summary_paging_and_unsupported() {
    let h = iex_harness().await;
    let (cookie, csrf) = h.login().await;
    let v = h.get("/partner/summary", Some(&cookie)).await.json();
    assert_eq!(v["api"], "iex-v2");
    assert_eq!(v["balance"]["amount"], "1190.36");
    assert_eq!(v["balance"]["code"], "RUB");
    assert_eq!(v["reward_percent"], "0.5");
    assert_eq!(v["referrals"], 2);
    assert_eq!(v["features"]["clicks"], false);
    let seen = &h.fake.seen()[0];
    assert_eq!(
        seen.authorization.as_deref(),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert!(!seen.query.contains(KEY));

    let v = h
        .get("/partner/exchanges?from=0&to=4000000000", Some(&cookie))
        .await
        .json();
    assert_eq!(v["items"].as_array().unwrap().len(), 2);
    assert_eq!(v["items"][0]["date"], "2 ноября 2024 в 18:05");
    assert_eq!(v["next_page"], 2);
    let v = h
        .get(
            "/partner/exchanges?from=0&to=4000000000&page=2",
            Some(&cookie),
        )
        .await
        .json();
    assert_eq!(v["items"][0]["date"], "3 недели назад");
    assert_eq!(v["items"][0]["reward"]["amount"], "95.18");
    assert_eq!(v["next_page"], serde_json::Value::Null);

    let v = h
        .get("/partner/payouts?from=0&to=4000000000", Some(&cookie))
        .await
        .json();
    assert_eq!(v["items"][0]["status"], "pending");
    assert_eq!(v["items"][0]["method"], "Сбербанк RUB");

    let got = h.get("/partner/clicks", Some(&cookie)).await;
    assert_eq!(got.status, 501);
    assert_eq!(got.json()["error"], "not_supported");
    let got = h
        .payout(&cookie, &csrf, payout_body("1", Some("x"), Some(PASSWORD)))
        .await;
    assert_eq!(got.status, 501);
}

#[tokio::test]
async fn iex_v2_unauthorized_is_not_retried() {
    let h = start("iex-v2", "/api/v2").await;
    h.fake.set(
        "/api/v2/account/partner",
        Canned::status(401, fixture("iex_401.json")),
    );
    let (cookie, _) = h.login().await;
    let got = h.get("/partner/summary", Some(&cookie)).await;
    assert_eq!(got.status, 502);
    assert_eq!(got.json()["error"], "unauthorized");
    assert_eq!(
        got.json()["message"],
        "the partner API refused the key (HTTP 401): Unauthenticated."
    );
    assert_eq!(h.fake.seen().len(), 1, "a 401 is asked once, never retried");
}

#[tokio::test]
async fn izi_family_sends_filters_in_query_and_body_and_falls_back_to_get() {
    let h = start("pp", "/service/partner/api.php").await;
    h.fake.set("get_exchanges", Canned::status(405, ""));
    let (cookie, _) = h.login().await;
    // The fake answers 405 to every call for get_exchanges, POST or GET, so count both tries.
    let got = h
        .get("/partner/exchanges?from=100&to=200", Some(&cookie))
        .await;
    assert_eq!(got.status, 502);
    let seen: Vec<_> = h
        .fake
        .seen()
        .into_iter()
        .filter(|s| s.query.contains("method=get_exchanges"))
        .collect();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].method, "POST");
    assert!(
        seen[0].query.contains("start_time=100&end_time=200"),
        "{}",
        seen[0].query
    );
    assert_eq!(seen[0].body, "start_time=100&end_time=200");
    assert_eq!(
        seen[1].method, "GET",
        "a refused POST is asked again by GET"
    );
    assert!(seen[1].query.contains("start_time=100&end_time=200"));

    // A write is never retried by GET.
    h.fake.set("add_payout", Canned::status(405, ""));
    let (cookie, csrf) = h.login().await;
    let got = h
        .payout(
            &cookie,
            &csrf,
            payout_body("1", Some("acc123456"), Some(PASSWORD)),
        )
        .await;
    assert_eq!(got.status, 502);
    assert_eq!(
        h.fake
            .seen()
            .iter()
            .filter(|s| s.query.contains("method=add_payout"))
            .count(),
        1
    );
}
