//! Dashboard sessions over HTTP: idle expiry (a used session lives on, an unused one ends) and
//! the cap on live sessions (the least recently used is dropped), each with a control showing
//! the check can fail.

mod partner_common;

use partner_common::*;
use ratelink_relay::partner::session::MAX_SESSIONS;
use std::time::Duration;

async fn harness(idle: Option<Duration>) -> Harness {
    start_pp(|s| {
        if let Some(idle) = idle {
            s.session_idle = idle;
        }
    })
    .await
}

/// The status `GET /partner/summary` answers with this session cookie (200 live, 401 gone).
async fn summary_status(h: &Harness, cookie: &str) -> u16 {
    h.get("/partner/summary", Some(cookie)).await.status
}

#[tokio::test]
async fn an_unused_session_expires_after_the_idle_time_a_used_one_lives_on() {
    let idle = Duration::from_secs(2);
    let h = harness(Some(idle)).await;
    let got = h
        .send(
            h.client
                .post(h.url("/partner/login"))
                .body(format!("{{\"password\":\"{PASSWORD}\"}}")),
        )
        .await;
    assert_eq!(got.status, 200, "{}", got.body);
    let set_cookie = got.header("set-cookie").unwrap();
    let cookie = set_cookie.split(';').next().unwrap().to_string();

    // Used every second: alive 3 s after login, longer than the idle time.
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(
            summary_status(&h, &cookie).await,
            200,
            "a session in use stays"
        );
    }
    // Left alone for longer than the idle time: gone, and it stays gone.
    tokio::time::sleep(idle + Duration::from_millis(500)).await;
    let got = h.get("/partner/summary", Some(&cookie)).await;
    assert_eq!(got.status, 401, "an idle session expires: {}", got.body);
    assert_eq!(got.json()["error"], "login_required");
    assert_eq!(summary_status(&h, &cookie).await, 401);

    // Control: with the default idle time (12 h) the same pause keeps the session.
    let h = harness(None).await;
    let (cookie, _) = h.login().await;
    tokio::time::sleep(idle + Duration::from_millis(500)).await;
    assert_eq!(
        summary_status(&h, &cookie).await,
        200,
        "the expiry check can pass"
    );
}

#[tokio::test]
async fn at_the_session_cap_the_least_recently_used_login_is_dropped() {
    let h = harness(None).await;
    let mut cookies = Vec::with_capacity(MAX_SESSIONS + 1);
    for _ in 0..MAX_SESSIONS {
        cookies.push(h.login().await.0);
    }
    // Touching the first login makes the second the least recently used.
    assert_eq!(summary_status(&h, &cookies[0]).await, 200);

    // One login over the cap.
    let (newest, _) = h.login().await;
    assert_eq!(
        summary_status(&h, &newest).await,
        200,
        "the new login works"
    );
    assert_eq!(
        summary_status(&h, &cookies[1]).await,
        401,
        "the least recently used session made room"
    );
    assert_eq!(
        summary_status(&h, &cookies[0]).await,
        200,
        "a recently used one stays"
    );
    let live = {
        let mut n = 0;
        for c in &cookies {
            if summary_status(&h, c).await == 200 {
                n += 1;
            }
        }
        n
    };
    assert_eq!(
        live,
        MAX_SESSIONS - 1,
        "exactly one of the first {MAX_SESSIONS} was dropped"
    );
}
