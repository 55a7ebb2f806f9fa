//! `ratelink-relay demo` includes the partner dashboard API on a fake partner API with demo data.

use ratelink_relay::demo::demo_config;
use ratelink_relay::Relay;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Running {
    base: String,
    client: reqwest::Client,
}

impl Running {
    /// The relay at `base`, asked with a fresh client.
    fn new(base: String) -> Self {
        Running {
            base,
            client: reqwest::Client::new(),
        }
    }
    /// Logs in with `password`, which must be taken: the session cookie and the answer.
    async fn login(&self, password: &str) -> (String, serde_json::Value) {
        let (status, cookie, answer) = self
            .post(
                "/partner/login",
                None,
                None,
                &format!("{{\"password\":\"{password}\"}}"),
            )
            .await;
        assert_eq!(status, 200);
        (cookie.unwrap(), answer)
    }
    async fn post(
        &self,
        path: &str,
        cookie: Option<&str>,
        csrf: Option<&str>,
        body: &str,
    ) -> (u16, Option<String>, serde_json::Value) {
        let mut req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("origin", &self.base)
            .body(body.to_string());
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        if let Some(t) = csrf {
            req = req.header("x-csrf-token", t);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let cookie = resp
            .headers()
            .get("set-cookie")
            .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string());
        (status, cookie, resp.json().await.unwrap())
    }
    async fn get(&self, path: &str, cookie: &str) -> serde_json::Value {
        let resp = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 200, "{path}");
        resp.json().await.unwrap()
    }
}

/// Starts the demo relay on a loopback port with the partner API: its dashboard password and
/// base URL.
async fn start_demo() -> (String, String) {
    let mut config = demo_config("127.0.0.1:0".parse().unwrap(), None);
    let password = ratelink_relay::partner::demo::start(&mut config.partner)
        .await
        .unwrap();
    let relay = Relay::bind(config).await.unwrap();
    let base = format!("http://{}", relay.local_addr());
    tokio::spawn(relay.serve(std::future::pending()));
    (password, base)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_dashboard_logs_in_lists_and_requests_a_payout() {
    let (password, base) = start_demo().await;
    assert_eq!(password.len(), 12);
    let r = Running::new(base);

    let (status, _, _) = r
        .post("/partner/login", None, None, "{\"password\":\"not-it\"}")
        .await;
    assert_eq!(status, 401);
    let (cookie, login) = r.login(&password).await;
    let csrf = login["csrf"].as_str().unwrap().to_string();

    let summary = r.get("/partner/summary", &cookie).await;
    let balance: f64 = summary["balance"]["amount"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        balance >= 50.0,
        "the demo balance allows a payout: {summary}"
    );
    assert_eq!(summary["balance"]["code"], "USD");
    assert_eq!(summary["payout_methods"].as_array().unwrap().len(), 3);
    assert_eq!(
        summary["referral_link"], "https://exchanger.example/ref/demo42/",
        "referral links go to the exchanger's site"
    );

    let page1 = r.get("/partner/exchanges", &cookie).await;
    assert_eq!(
        page1["items"].as_array().unwrap().len(),
        20,
        "30 days of demo exchanges fill a page"
    );
    assert_eq!(page1["next_page"], 2);
    let page2 = r.get("/partner/exchanges?page=2", &cookie).await;
    assert_ne!(page1["items"][0]["id"], page2["items"][0]["id"]);
    let clicks = r.get("/partner/clicks", &cookie).await;
    assert!(clicks["items"].as_array().unwrap().len() > 100);

    let before = r.get("/partner/payouts?from=0", &cookie).await["items"]
        .as_array()
        .unwrap()
        .len();
    let (status, _, body) = r
        .post(
            "/partner/payouts",
            Some(&cookie),
            Some(&csrf),
            &format!(
                "{{\"method_id\":\"7\",\"account\":\"TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE\",\"password\":\"{password}\"}}"
            ),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let payouts = r.get("/partner/payouts?from=0", &cookie).await;
    let items = payouts["items"].as_array().unwrap();
    assert_eq!(items.len(), before + 1);
    assert_eq!(items[0]["id"], body["payout_id"]);
    assert_eq!(items[0]["status"], "pending");
    assert_eq!(
        r.get("/partner/summary", &cookie).await["balance"]["amount"],
        "0.00"
    );
}

#[test]
fn demo_command_prints_the_dashboard_password() {
    let dir = std::env::temp_dir();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ratelink-relay"))
        .args(["demo", "--listen", "127.0.0.1:0"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut line = String::new();
    while Instant::now() < deadline {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(l) if l.contains("partner dashboard") => {
                line = l;
                break;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let (url, password) = line
        .split_once(" (password: ")
        .unwrap_or_else(|| panic!("no dashboard line: {line:?}"));
    assert!(url.ends_with("/dashboard.html"), "{url}");
    let password = password.trim_end_matches(')');
    assert_eq!(password.len(), 12);
    assert!(password.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[tokio::test]
async fn without_a_partner_section_login_explains_and_routes_stay_closed() {
    let relay = Relay::bind(demo_config("127.0.0.1:0".parse().unwrap(), None))
        .await
        .unwrap();
    let base = format!("http://{}", relay.local_addr());
    tokio::spawn(relay.serve(std::future::pending()));
    let client = reqwest::Client::new();
    let resp = client
        .post(format!("{base}/partner/login"))
        .body("{\"password\":\"\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 503);
    let v: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(v["error"], "not_configured");
    assert!(v["message"]
        .as_str()
        .unwrap()
        .contains("RATELINK_PARTNER_API"));
    for path in [
        "/partner/summary",
        "/partner/exchanges",
        "/partner/clicks",
        "/partner/payouts",
    ] {
        assert_eq!(
            client
                .get(format!("{base}{path}"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
            401,
            "{path}"
        );
    }
}

/// The relay's own server hands each request its socket peer: the login limit of one loopback
/// address leaves another alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_limits_logins_per_socket_peer() {
    let (password, base) = start_demo().await;
    let url = format!("{base}/partner/login");
    let from = |n: u8| {
        reqwest::Client::builder()
            .local_address(std::net::IpAddr::from([127, 0, 0, n]))
            .build()
            .unwrap()
    };
    let login = |client: reqwest::Client, password: String| {
        let url = url.clone();
        async move {
            client
                .post(url)
                .body(format!("{{\"password\":\"{password}\"}}"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    for _ in 0..5 {
        assert_eq!(login(from(1), "wrong password!".into()).await, 401);
    }
    assert_eq!(login(from(1), password.clone()).await, 429);
    assert_eq!(login(from(2), password).await, 200);
}

/// The demo's clicks carry widget placements and pairs, and most of its exchanges come from a
/// visitor who clicked: `GET /partner/placements` shows real figures for the dashboard's view.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_data_has_widget_placements_with_attributed_exchanges() {
    let (password, base) = start_demo().await;
    let r = Running::new(base);
    let (cookie, _) = r.login(&password).await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let window = format!("from={}&to={now}", now - 30 * 86_400);
    let report = r
        .get(&format!("/partner/placements?{window}"), &cookie)
        .await;
    let items = report["items"].as_array().unwrap();
    let names: Vec<&str> = items
        .iter()
        .filter_map(|i| i["placement"].as_str())
        .collect();
    for name in ["header", "sidebar", "article-usdt-btc", "footer"] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    assert!(
        items.iter().any(|i| i["placement"].is_null()),
        "bare referral-link clicks have no placement: {report}"
    );
    let reward = |i: &serde_json::Value| i["reward"].as_str().unwrap().parse::<f64>().unwrap();
    let rewards: Vec<f64> = items.iter().map(reward).collect();
    assert!(
        rewards.windows(2).all(|w| w[0] >= w[1]),
        "by reward: {rewards:?}"
    );
    assert!(
        items.iter().filter(|i| reward(i) > 0.0).count() >= 4,
        "several placements earn: {report}"
    );
    let pairs = report["pairs"].as_array().unwrap();
    assert!(pairs.iter().any(|p| p["placement"] == "article-usdt-btc"
        && p["from"] == "USDTTRC20"
        && p["to"] == "BTC"
        && p["exchanges"].as_u64().unwrap() > 0));
    assert!(report["unattributed"]["exchanges"].as_u64().unwrap() > 0);
    // Every exchange of the window is either attributed or not.
    let attributed: u64 = items.iter().map(|i| i["exchanges"].as_u64().unwrap()).sum();
    let exchanges = r
        .get(&format!("/partner/exchanges?{window}"), &cookie)
        .await;
    assert_eq!(
        attributed + report["unattributed"]["exchanges"].as_u64().unwrap(),
        exchanges["totals"]["count"].as_u64().unwrap(),
        "{exchanges}"
    );
}
