//! The dashboard under attack, on loopback: password guessing per client address, payouts that
//! need the password again and an allow-listed account, logout CSRF, session lifetime, and
//! partner-API answers bigger than the cap once decompressed.

mod partner_common;

use partner_common::*;
use ratelink_relay::client_addr::TrustedProxies;
use std::io::Write;
use std::time::Duration;

const ACCOUNT: &str = "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE";

fn login_body(password: &str) -> String {
    format!("{{\"password\":\"{password}\"}}")
}

#[tokio::test]
async fn sixty_concurrent_wrong_passwords_from_one_address() {
    let h = start_pp(|_| {}).await;
    let mut tasks = Vec::new();
    for i in 0..60 {
        let req = h
            .client
            .post(h.url("/partner/login"))
            .body(login_body(&format!("wrong guess number {i}")));
        tasks.push(tokio::spawn(async move { req.send().await.unwrap() }));
    }
    let (mut wrong, mut limited) = (0, 0);
    for t in tasks {
        let resp = t.await.unwrap();
        match resp.status().as_u16() {
            401 => wrong += 1,
            429 => {
                let retry: u64 = resp.headers()["retry-after"]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!((60..=900).contains(&retry), "Retry-After {retry}");
                let v: serde_json::Value = resp.json().await.unwrap();
                assert_eq!(v["error"], "too_many_attempts");
                limited += 1;
            }
            other => panic!("unexpected status {other}"),
        }
    }
    let checks = h.state.password_checks();
    assert!(checks <= 5, "{checks} passwords evaluated");
    assert_eq!(wrong, checks, "each evaluated guess was answered 401");
    assert_eq!(wrong + limited, 60);
    assert!(limited >= 55, "{limited} refused with 429");

    // The right password from the same address is refused unread too...
    let got = h
        .send(
            h.client
                .post(h.url("/partner/login"))
                .body(login_body(PASSWORD)),
        )
        .await;
    assert_eq!(got.status, 429);
    assert_eq!(h.state.password_checks(), checks);
    // ...while another address is unaffected.
    let other = h.client_from(2);
    let (cookie, _) = h.login_with(&other).await;
    assert_eq!(h.state.password_checks(), checks + 1);
    assert_eq!(h.get("/partner/summary", Some(&cookie)).await.status, 200);
}

#[tokio::test]
async fn forwarded_for_names_the_client_only_behind_a_trusted_proxy() {
    // Untrusted peer: a forged X-Forwarded-For does not buy fresh attempts.
    let h = start_pp(|_| {}).await;
    for i in 0..6 {
        let got = h
            .send(
                h.client
                    .post(h.url("/partner/login"))
                    .header("x-forwarded-for", format!("198.51.100.{i}"))
                    .header("x-forwarded-proto", "https")
                    .body(login_body("not the password")),
            )
            .await;
        assert_eq!(got.status, if i < 5 { 401 } else { 429 }, "attempt {i}");
    }
    let got = h
        .send(
            h.client_from(3)
                .post(h.url("/partner/login"))
                .header("x-forwarded-proto", "https")
                .body(login_body(PASSWORD)),
        )
        .await;
    assert_eq!(got.status, 200);
    assert!(
        !got.header("set-cookie").unwrap().contains("Secure"),
        "X-Forwarded-Proto from an untrusted peer is ignored"
    );

    // Behind a trusted proxy on loopback, each forwarded client has its own count.
    let h = start_pp(|s| s.trusted_proxies = TrustedProxies::parse(&["127.0.0.1".into()]).unwrap())
        .await;
    for i in 0..6 {
        let got = h
            .send(
                h.client
                    .post(h.url("/partner/login"))
                    .header("x-forwarded-for", "198.51.100.7")
                    .body(login_body("not the password")),
            )
            .await;
        assert_eq!(got.status, if i < 5 { 401 } else { 429 }, "attempt {i}");
    }
    let got = h
        .send(
            h.client
                .post(h.url("/partner/login"))
                .header("x-forwarded-for", "198.51.100.8")
                .body(login_body(PASSWORD)),
        )
        .await;
    assert_eq!(got.status, 200, "another client behind the same proxy");
}

/// Posts a payout request with a session; `password` absent when `None`.
async fn payout(
    h: &Harness,
    cookie: &str,
    csrf: &str,
    account: &str,
    password: Option<&str>,
) -> Got {
    h.payout(cookie, csrf, payout_body("7", Some(account), password))
        .await
}

#[tokio::test]
async fn payout_needs_the_password_again() {
    let h = start_pp(|_| {}).await;
    let (cookie, csrf) = h.login().await;
    for password in [None, Some(""), Some("wrong password, sorry")] {
        let got = payout(&h, &cookie, &csrf, ACCOUNT, password).await;
        assert_eq!(got.status, 403, "{password:?}: {}", got.body);
        assert_eq!(got.json()["error"], "wrong_password");
    }
    assert_eq!(
        h.fake.count("add_payout"),
        0,
        "the partner API was never asked"
    );

    let got = payout(&h, &cookie, &csrf, ACCOUNT, Some(PASSWORD)).await;
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(got.json()["payout_id"], "34");
    assert_eq!(h.fake.count("add_payout"), 1);
}

#[tokio::test]
async fn payout_guesses_share_the_login_limit() {
    let h = start_pp(|_| {}).await;
    let (cookie, csrf) = h.login().await;
    for _ in 0..5 {
        let got = payout(
            &h,
            &cookie,
            &csrf,
            ACCOUNT,
            Some("a stolen session guessing"),
        )
        .await;
        assert_eq!(got.status, 403);
    }
    let got = payout(&h, &cookie, &csrf, ACCOUNT, Some(PASSWORD)).await;
    assert_eq!(got.status, 429, "{}", got.body);
    assert!(got.header("retry-after").is_some());
    assert_eq!(h.fake.count("add_payout"), 0);
}

#[tokio::test]
async fn payout_accounts_allow_list() {
    let h = start_pp(|s| s.payout_accounts = vec![ACCOUNT.to_string()]).await;
    let (cookie, csrf) = h.login().await;
    let got = payout(
        &h,
        &cookie,
        &csrf,
        "TAttackerAccount0000000000000000",
        Some(PASSWORD),
    )
    .await;
    assert_eq!(got.status, 403, "{}", got.body);
    assert_eq!(got.json()["error"], "account_not_allowed");
    assert_eq!(h.fake.count("add_payout"), 0);
    let got = payout(&h, &cookie, &csrf, ACCOUNT, Some(PASSWORD)).await;
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(h.fake.count("add_payout"), 1);
}

#[tokio::test]
async fn logout_needs_the_csrf_token() {
    let h = start_pp(|_| {}).await;
    let (cookie, csrf) = h.login().await;
    let logout = || {
        h.client
            .post(h.url("/partner/logout"))
            .header("cookie", &cookie)
    };
    let got = h.send(logout().header("origin", h.origin())).await;
    assert_eq!(got.status, 403);
    assert_eq!(got.json()["error"], "csrf");
    let got = h
        .send(
            logout()
                .header("origin", h.origin())
                .header("x-csrf-token", "0".repeat(64)),
        )
        .await;
    assert_eq!(got.status, 403);
    assert_eq!(
        h.get("/partner/summary", Some(&cookie)).await.status,
        200,
        "a forged logout leaves the session alone"
    );
    let got = h
        .send(
            logout()
                .header("origin", h.origin())
                .header("x-csrf-token", &csrf),
        )
        .await;
    assert_eq!(got.status, 200);
    assert_eq!(h.get("/partner/summary", Some(&cookie)).await.status, 401);
}

#[tokio::test]
async fn sessions_end_at_their_absolute_lifetime() {
    let h = start_pp(|s| {
        s.session_idle = Duration::from_secs(60);
        s.session_lifetime = Duration::from_millis(1500);
    })
    .await;
    let (cookie, _) = h.login().await;
    // Busy all along: the idle timer never runs out, the lifetime does.
    for _ in 0..4 {
        assert_eq!(h.get("/partner/summary", Some(&cookie)).await.status, 200);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    let got = h.get("/partner/summary", Some(&cookie)).await;
    assert_eq!(got.status, 401);
    assert_eq!(got.json()["error"], "login_required");
}

#[tokio::test]
async fn partner_answers_are_capped_after_decompression() {
    let h = start_pp(|s| s.max_body = 64 * 1024).await;
    // 1 MiB of JSON padding, gzip-compressed to a few KiB on the wire.
    let mut big = String::from("{\"error\":0,\"data\":{\"pad\":\"");
    big.push_str(&" ".repeat(1 << 20));
    big.push_str("\"}}");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(big.as_bytes()).unwrap();
    let compressed = gz.finish().unwrap();
    assert!(compressed.len() < 64 * 1024);
    h.fake.set(
        "get_info",
        Canned::bytes(compressed).header("content-encoding", "gzip"),
    );
    let (cookie, _) = h.login().await;
    let got = h.get("/partner/summary", Some(&cookie)).await;
    assert_eq!(got.status, 502, "{}", got.body);
    assert_eq!(got.json()["error"], "unreachable");
    assert!(got.body.contains("larger than 65536 bytes"), "{}", got.body);

    // A small compressed answer is read as usual.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(fixture("premium_get_info.json").as_bytes())
        .unwrap();
    h.fake.set(
        "get_info",
        Canned::bytes(gz.finish().unwrap()).header("content-encoding", "gzip"),
    );
    let got = h.get("/partner/summary", Some(&cookie)).await;
    assert_eq!(got.status, 200, "{}", got.body);
}
