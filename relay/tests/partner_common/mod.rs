//! Test harness: a fake partner API on loopback serving fixtures, and the relay's partner
//! routes in front of it.
#![allow(dead_code)]

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use ratelink_relay::partner::{routes, PartnerSettings, PartnerState};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

pub const KEY: &str = "KEY-SENTINEL-7f3a9c2e51";
pub const PASSWORD: &str = "correct horse battery";

pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../crates/core/tests/fixtures/partner/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

/// One canned answer.
#[derive(Clone)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Canned {
    pub fn ok(body: impl Into<String>) -> Canned {
        Canned {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into().into_bytes(),
        }
    }
    /// A 200 answer of raw bytes (a compressed body, with its `content-encoding` header added).
    pub fn bytes(body: Vec<u8>) -> Canned {
        Canned {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body,
        }
    }
    pub fn status(status: u16, body: impl Into<String>) -> Canned {
        Canned {
            status,
            headers: Vec::new(),
            body: body.into().into_bytes(),
        }
    }
    pub fn header(mut self, name: &str, value: &str) -> Canned {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A request the fake API received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: String,
    pub body: String,
    pub authorization: Option<String>,
}

/// The fake partner API: answers by pp `method` (query) or by `path?query` for iEX.
#[derive(Default)]
pub struct Fake {
    pub routes: Mutex<HashMap<String, Canned>>,
    pub seen: Mutex<Vec<Seen>>,
}

impl Fake {
    pub fn set(&self, route: &str, canned: Canned) {
        self.routes
            .lock()
            .unwrap()
            .insert(route.to_string(), canned);
    }
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
    pub fn count(&self, needle: &str) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.query.contains(needle) || s.path.contains(needle))
            .count()
    }
}

async fn fake_handler(
    State(fake): State<Arc<Fake>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = uri.query().unwrap_or("").to_string();
    fake.seen.lock().unwrap().push(Seen {
        method: method.to_string(),
        path: uri.path().to_string(),
        query: query.clone(),
        body: String::from_utf8_lossy(&body).into_owned(),
        authorization: headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
    });
    let pp_method = query
        .split('&')
        .find_map(|p| p.strip_prefix("method="))
        .map(str::to_string);
    let route = match pp_method {
        Some(m) => m,
        None if query.is_empty() => uri.path().to_string(),
        None => format!("{}?{}", uri.path(), query),
    };
    let canned = fake.routes.lock().unwrap().get(&route).cloned();
    match canned {
        Some(c) => {
            let mut resp = (StatusCode::from_u16(c.status).unwrap(), c.body).into_response();
            for (k, v) in c.headers {
                resp.headers_mut().insert(
                    axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                    v.parse().unwrap(),
                );
            }
            resp
        }
        None => StatusCode::NOT_IMPLEMENTED.into_response(),
    }
}

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    addr
}

/// A running fake API and a relay in front of it.
pub struct Harness {
    pub fake: Arc<Fake>,
    pub state: Arc<PartnerState>,
    pub upstream: SocketAddr,
    pub relay: SocketAddr,
    pub client: reqwest::Client,
}

/// Starts the fake API and the relay's partner routes for `api` (`pp` or `iex-v2`) at `path`.
pub async fn start(api: &str, path: &str) -> Harness {
    start_with(api, path, |_| {}).await
}

/// [`start`] with settings changed by `tweak` (allow-list, session times...).
pub async fn start_with(
    api: &str,
    path: &str,
    tweak: impl FnOnce(&mut PartnerSettings),
) -> Harness {
    let fake = Arc::new(Fake::default());
    let upstream = serve(
        Router::new()
            .fallback(fake_handler)
            .with_state(fake.clone()),
    )
    .await;
    let mut settings = PartnerSettings::from_parts(
        api,
        Some(&format!("http://{upstream}{path}")),
        KEY,
        PASSWORD,
    )
    .unwrap();
    tweak(&mut settings);
    let state = PartnerState::new(settings).unwrap();
    let relay = serve(routes(state.clone())).await;
    Harness {
        fake,
        state,
        upstream,
        relay,
        client: reqwest::Client::new(),
    }
}

/// The pp harness at `/api.html` with the Premium fixtures for every method the dashboard
/// calls, settings changed by `tweak`.
pub async fn start_pp(tweak: impl FnOnce(&mut PartnerSettings)) -> Harness {
    let h = start_with("pp", "/api.html", tweak).await;
    for (method, file) in [
        ("get_info", "premium_get_info.json"),
        ("get_exchanges", "premium_get_exchanges.json"),
        ("get_links", "premium_get_links.json"),
        ("get_payouts", "premium_get_payouts.json"),
        ("add_payout", "pp_add_payout_ok.json"),
    ] {
        h.fake.set(method, Canned::ok(fixture(file)));
    }
    h
}

/// A `POST /partner/payouts` body: `method_id`, then `account` and `password` when given.
pub fn payout_body(method_id: &str, account: Option<&str>, password: Option<&str>) -> String {
    let mut body = format!("{{\"method_id\":\"{method_id}\"");
    if let Some(a) = account {
        body.push_str(&format!(",\"account\":\"{a}\""));
    }
    if let Some(p) = password {
        body.push_str(&format!(",\"password\":\"{p}\""));
    }
    body.push('}');
    body
}

/// A relay answer, read whole.
pub struct Got {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Got {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl Harness {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.relay, path)
    }
    /// A client whose requests come from another loopback address (`127.0.0.N`).
    pub fn client_from(&self, n: u8) -> reqwest::Client {
        reqwest::Client::builder()
            .local_address(std::net::IpAddr::from([127, 0, 0, n]))
            .build()
            .unwrap()
    }

    pub fn origin(&self) -> String {
        format!("http://{}", self.relay)
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Got {
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        let body = resp.text().await.unwrap();
        Got {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Got {
        let mut req = self.client.get(self.url(path));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        self.send(req).await
    }

    /// A write as the dashboard page sends it: `POST path` with the session cookie, its CSRF
    /// token and this relay's `Origin`.
    pub fn write(&self, path: &str, cookie: &str, csrf: &str) -> reqwest::RequestBuilder {
        self.client
            .post(self.url(path))
            .header("cookie", cookie)
            .header("x-csrf-token", csrf)
            .header("origin", self.origin())
    }

    /// `POST /partner/payouts` with `body`, as the dashboard page sends it.
    pub async fn payout(&self, cookie: &str, csrf: &str, body: String) -> Got {
        self.send(self.write("/partner/payouts", cookie, csrf).body(body))
            .await
    }

    /// `POST /partner/logout`, as the dashboard page sends it.
    pub async fn logout(&self, cookie: &str, csrf: &str) -> Got {
        self.send(self.write("/partner/logout", cookie, csrf)).await
    }

    /// Logs in; returns (cookie header value, csrf token).
    pub async fn login(&self) -> (String, String) {
        self.login_with(&self.client).await
    }

    /// Logs in with `client`; returns (cookie header value, csrf token).
    pub async fn login_with(&self, client: &reqwest::Client) -> (String, String) {
        let got = self
            .send(
                client
                    .post(self.url("/partner/login"))
                    .header("origin", self.origin())
                    .body(format!("{{\"password\":\"{PASSWORD}\"}}")),
            )
            .await;
        assert_eq!(got.status, 200, "{}", got.body);
        let set_cookie = got.header("set-cookie").unwrap().to_string();
        let cookie = set_cookie.split(';').next().unwrap().to_string();
        let csrf = got.json()["csrf"].as_str().unwrap().to_string();
        (cookie, csrf)
    }
}
