//! The demo's partner: a fake "pp" partner API on loopback with realistic data, and the
//! dashboard state pointing at it with a random key and a random password.

use crate::demo::DEMO_REF;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use ratelink_core::json::write_str;
use ratelink_core::partner::PartnerError;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};

/// Days of history the demo invents.
const DAYS: i64 = 75;

struct Demo {
    key: String,
    clicks: Vec<DemoClick>,
    exchanges: Vec<DemoExchange>,
    payouts: Mutex<Vec<DemoPayout>>,
    balance_cents: Mutex<i64>,
}

/// One click on a partner link: where from, and what the link carried (`query_string`).
struct DemoClick {
    time: i64,
    referrer: &'static str,
    browser: &'static str,
    ip: String,
    /// The visitor (`user_hash`): the same visitor clicks again, and exchanges.
    user: u32,
    /// `cur_from=X&cur_to=Y&utm_content=PLACEMENT` as a widget link sends it (empty: a bare
    /// referral link).
    query: String,
    /// Index into [`PLACEMENTS`], for attributing the demo's exchanges.
    placement: usize,
}

struct DemoExchange {
    id: u32,
    /// The visitor; `None`: one no click in the data explains (unattributed).
    user: Option<u32>,
    time: i64,
    give: (&'static str, String),
    get: (&'static str, String),
    success: bool,
    accrued: bool,
    reward_cents: i64,
}

struct DemoPayout {
    id: u32,
    time: i64,
    method_id: u32,
    account: String,
    pay: String,
    pay_code: &'static str,
    original_cents: i64,
    status: u8,
}

const METHODS: [(u32, &str, &str, &str, u32); 3] = [
    (7, "Tether TRC20 USDT", "2%", "USDTTRC20", 98),
    (12, "Bitcoin BTC", "0.5%", "BTC", 0),
    (15, "Sberbank RUB", "1%", "SBERRUB", 0),
];

const REFERRERS: [&str; 6] = [
    "https://www.bestchange.ru/tether-trc20-to-bitcoin.html",
    "https://www.bestchange.com/",
    "",
    "https://forum.bits.media/topic/1/",
    "https://t.me/",
    "https://partner-blog.example/reviews/",
];
const BROWSERS: [&str; 5] = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 YaBrowser/24.10 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36 Edg/130.0",
];
const PAIRS: [(&str, &str, u32); 5] = [
    ("USDTTRC20", "BTC", 0),
    ("SBERRUB", "USDTTRC20", 1),
    ("BTC", "SBERRUB", 2),
    ("ETH", "USDTTRC20", 3),
    ("USDTTRC20", "CARDUAH", 4),
];

/// The demo partner's widget placements: `(utm_content, share of clicks in %, how likely its
/// visitors exchange, relative)`; `None` is the bare referral link, without placement or pair.
const PLACEMENTS: [(Option<&str>, u64, u64); 5] = [
    (Some("header"), 38, 1),
    (Some("sidebar"), 24, 3),
    (Some("article-usdt-btc"), 14, 8),
    (Some("footer"), 12, 2),
    (None, 12, 2),
];

/// Visitors the demo's clicks come from (some click more than once).
const VISITORS: u64 = 420;

/// Days before an exchange in which its visitor's click is looked for.
const ATTRIBUTION_DAYS: i64 = 3;

/// A small deterministic generator, so the demo looks the same on every start.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn cents(c: i64) -> String {
    let sign = if c < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", c.abs() / 100, c.abs() % 100)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn date_of(t: i64) -> String {
    ratelink_core::partner::When::Unix(t).display()
}

impl Demo {
    fn generate(key: String) -> Demo {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut tags = Rng(0x2545_f491_4f6c_dd1d);
        let end = now();
        let start = end - DAYS * 86_400;
        let mut clicks = Vec::new();
        let mut exchanges = Vec::new();
        let mut id = 4000u32;
        for day in 0..DAYS {
            // Traffic grows over the period, with a weekly dip.
            let base = 6 + day / 4 + if (day % 7) >= 5 { 0 } else { 5 };
            for _ in 0..(base as u64 + rng.below(8)) {
                let t = start + day * 86_400 + rng.below(86_400) as i64;
                if t > end {
                    continue;
                }
                let referrer = REFERRERS[rng.below(REFERRERS.len() as u64) as usize];
                let browser = BROWSERS[rng.below(BROWSERS.len() as u64) as usize];
                let ip = format!("198.51.100.{}", rng.below(250) + 1);
                // A second generator, so the rest of the data stays what it was before placements.
                let (query, placement) = placement_query(&mut tags);
                clicks.push(DemoClick {
                    time: t,
                    referrer,
                    browser,
                    ip,
                    user: tags.below(VISITORS) as u32 + 1,
                    query,
                    placement,
                });
            }
            for _ in 0..rng.below(3 + day as u64 / 20) {
                let t = start + day * 86_400 + rng.below(86_400) as i64;
                if t > end {
                    continue;
                }
                let (give, get, kind) = PAIRS[rng.below(PAIRS.len() as u64) as usize];
                let usd = 50 + rng.below(1500) as i64;
                let (give_amt, get_amt) = match kind {
                    0 => (format!("{usd}"), format!("{:.6}", usd as f64 / 97_500.0)),
                    1 => (
                        format!("{}", usd * 98),
                        format!("{:.2}", usd as f64 * 0.985),
                    ),
                    2 => (
                        format!("{:.6}", usd as f64 / 97_500.0),
                        format!("{}", usd * 96),
                    ),
                    3 => (
                        format!("{:.5}", usd as f64 / 3_350.0),
                        format!("{:.2}", usd as f64 * 0.99),
                    ),
                    _ => (format!("{usd}"), format!("{:.2}", usd as f64 * 41.2)),
                };
                let success = rng.below(10) < 8 || day < DAYS - 2;
                let success = success && rng.below(12) != 0;
                let reward_cents = if success { usd * 25 / 100 } else { 0 };
                let accrued = success && t < end - 86_400;
                id += 1;
                exchanges.push(DemoExchange {
                    id,
                    user: None,
                    time: t,
                    give: (give, give_amt),
                    get: (get, get_amt),
                    success,
                    accrued,
                    reward_cents,
                });
            }
        }
        clicks.sort_by_key(|c| std::cmp::Reverse(c.time));
        exchanges.sort_by_key(|e| std::cmp::Reverse(e.time));
        attribute(&mut exchanges, &clicks, &mut tags);
        let payouts = vec![
            DemoPayout {
                id: 31,
                time: start + 20 * 86_400 + 3600,
                method_id: 7,
                account: "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE".into(),
                pay: "98.00".into(),
                pay_code: "USDTTRC20",
                original_cents: 10_000,
                status: 1,
            },
            DemoPayout {
                id: 32,
                time: start + 41 * 86_400 + 7200,
                method_id: 12,
                account: "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh".into(),
                pay: "0.00124".into(),
                pay_code: "BTC",
                original_cents: 12_000,
                status: 2,
            },
            DemoPayout {
                id: 33,
                time: start + 55 * 86_400 + 600,
                method_id: 7,
                account: "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE".into(),
                pay: "147.00".into(),
                pay_code: "USDTTRC20",
                original_cents: 15_000,
                status: 1,
            },
        ];
        let earned: i64 = exchanges
            .iter()
            .filter(|e| e.accrued)
            .map(|e| e.reward_cents)
            .sum();
        let paid: i64 = payouts
            .iter()
            .filter(|p| p.status == 1)
            .map(|p| p.original_cents)
            .sum();
        let balance = (earned - paid).max(12_345);
        Demo {
            key,
            clicks,
            exchanges,
            payouts: Mutex::new(payouts),
            balance_cents: Mutex::new(balance),
        }
    }

    fn info(&self) -> String {
        let balance = *self.balance_cents.lock().unwrap_or_else(|p| p.into_inner());
        let paid: i64 = self
            .payouts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter(|p| p.status == 1)
            .map(|p| p.original_cents)
            .sum();
        let mut items = String::new();
        for (i, (id, title, commission, _, per_cent)) in METHODS.iter().enumerate() {
            if i > 0 {
                items.push(',');
            }
            let amount = match id {
                7 => cents(balance * i64::from(*per_cent) / 100),
                12 => format!("{:.8}", balance as f64 / 100.0 / 97_500.0 * 0.995),
                _ => cents(balance * 96 * 99 / 100),
            };
            let _ = write!(items, "\"{id}\":{{\"id\":\"{id}\",\"title\":\"{title}\",\"comission\":\"{commission}\",\"amount\":\"{amount}\"}}");
        }
        format!("{{\"error\":0,\"error_text\":\"\",\"data\":{{\"balance\":\"{}\",\"totalReceived\":\"{}\",\"link\":\"{DEMO_REF}\",\"min_payout\":\"50\",\"items\":{{{items}}}}}}}", cents(balance), cents(paid))
    }

    fn links(&self, from: i64, to: i64) -> String {
        let mut out = String::new();
        for (i, c) in self
            .clicks
            .iter()
            .enumerate()
            .filter(|(_, c)| c.time >= from && c.time <= to)
        {
            if !out.is_empty() {
                out.push(',');
            }
            let id = 90_000 - i;
            let _ = write!(
                out,
                "\"{id}\":{{\"id\":\"{id}\",\"time\":{t},\"date\":\"{}\",\"browser\":",
                date_of(c.time),
                t = c.time
            );
            write_str(&mut out, c.browser);
            let _ = write!(out, ",\"ip\":\"{}\",\"referrer\":", c.ip);
            write_str(&mut out, c.referrer);
            let _ = write!(out, ",\"user_hash\":\"u{}\",\"query_string\":", c.user);
            write_str(&mut out, &c.query);
            out.push('}');
        }
        list_envelope(&out)
    }

    fn exchanges(&self, from: i64, to: i64) -> String {
        let mut out = String::new();
        for e in self
            .exchanges
            .iter()
            .filter(|e| e.time >= from && e.time <= to)
        {
            if !out.is_empty() {
                out.push(',');
            }
            let _ = write!(
                out,
                "\"{id}\":{{\"id\":\"{id}\",\"time\":{t},\"date\":\"{d}\",\"currency_code_give\":\"{gc}\",\"currency_code_get\":\"{tc}\",\"course_give\":\"1\",\"course_get\":\"1\",\"amount_give\":\"{ga}\",\"amount_get\":\"{ta}\",\"exchange_success\":{s},\"accrued\":{a},\"partner_reward\":\"{r}\",\"user_hash\":\"{u}\",\"user_ip\":\"198.51.100.{h}\"}}",
                id = e.id,
                t = e.time,
                d = date_of(e.time),
                gc = e.give.0,
                tc = e.get.0,
                ga = e.give.1,
                ta = e.get.1,
                s = u8::from(e.success),
                a = u8::from(e.accrued),
                r = cents(e.reward_cents),
                h = e.id % 200 + 1,
                u = match e.user {
                    Some(u) => format!("u{u}"),
                    None => format!("x{}", e.id),
                },
            );
        }
        list_envelope(&out)
    }

    fn payouts(&self, from: i64, to: i64) -> String {
        let payouts = self.payouts.lock().unwrap_or_else(|p| p.into_inner());
        let mut list: Vec<&DemoPayout> = payouts
            .iter()
            .filter(|p| p.time >= from && p.time <= to)
            .collect();
        list.sort_by_key(|p| std::cmp::Reverse(p.time));
        let mut out = String::new();
        for p in list {
            if !out.is_empty() {
                out.push(',');
            }
            let _ = write!(out, "\"{id}\":{{\"id\":\"{id}\",\"time\":{t},\"date\":\"{d}\",\"method_id\":\"{m}\",\"account\":", id = p.id, t = p.time, d = date_of(p.time), m = p.method_id);
            write_str(&mut out, &p.account);
            let _ = write!(out, ",\"pay_amount\":\"{}\",\"pay_currency_code\":\"{}\",\"original_amount\":\"{}\",\"original_currency_code\":\"USD\",\"status\":\"{}\"}}", p.pay, p.pay_code, cents(p.original_cents), p.status);
        }
        list_envelope(&out)
    }

    fn add_payout(&self, method_id: &str, account: &str) -> String {
        let Some(method) = METHODS.iter().find(|m| m.0.to_string() == method_id.trim()) else {
            return "{\"error\":1,\"error_text\":\"Payout method is not available\"}".into();
        };
        let account = account.trim();
        if account.len() < 6
            || account.len() > 128
            || !account.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return "{\"error\":1,\"error_text\":\"The account does not look valid for this method\"}".into();
        }
        let mut balance = self.balance_cents.lock().unwrap_or_else(|p| p.into_inner());
        if *balance < 5000 {
            return "{\"error\":1,\"error_text\":\"The balance is below the minimum payout\"}"
                .into();
        }
        let mut payouts = self.payouts.lock().unwrap_or_else(|p| p.into_inner());
        let id = payouts.iter().map(|p| p.id).max().unwrap_or(0) + 1;
        let pay = if method.0 == 12 {
            format!("{:.8}", *balance as f64 / 100.0 / 97_500.0 * 0.995)
        } else {
            cents(*balance * 98 / 100)
        };
        payouts.push(DemoPayout {
            id,
            time: now(),
            method_id: method.0,
            account: account.to_string(),
            pay,
            pay_code: method.3,
            original_cents: *balance,
            status: 0,
        });
        *balance = 0;
        format!("{{\"error\":0,\"error_text\":\"Payout is successfully requested\",\"data\":{{\"payout_id\":{id}}}}}")
    }
}

/// A click's placement (weighted by [`PLACEMENTS`]) and the query string its link carried.
fn placement_query(rng: &mut Rng) -> (String, usize) {
    let total: u64 = PLACEMENTS.iter().map(|p| p.1).sum();
    let mut pick = rng.below(total);
    let index = PLACEMENTS
        .iter()
        .position(|p| {
            let hit = pick < p.1;
            pick = pick.saturating_sub(p.1);
            hit
        })
        .unwrap_or(0);
    let query = match PLACEMENTS[index].0 {
        None => String::new(),
        // The article's widget starts on its pair; visitors mostly keep it.
        Some(name @ "article-usdt-btc") if rng.below(4) != 0 => {
            format!("cur_from=USDTTRC20&cur_to=BTC&utm_content={name}")
        }
        Some(name) => {
            let (from, to, _) = PAIRS[rng.below(PAIRS.len() as u64) as usize];
            format!("cur_from={from}&cur_to={to}&utm_content={name}")
        }
    };
    (query, index)
}

/// Gives most exchanges the visitor of a click shortly before it (same pair preferred,
/// placements that convert better more likely); the rest stay unattributed.
fn attribute(exchanges: &mut [DemoExchange], clicks: &[DemoClick], rng: &mut Rng) {
    for e in exchanges.iter_mut() {
        if rng.below(5) == 0 {
            continue;
        }
        let pair = format!("cur_from={}&cur_to={}&", e.give.0, e.get.0);
        let near: Vec<&DemoClick> = clicks
            .iter()
            .filter(|c| c.time <= e.time && e.time - c.time < ATTRIBUTION_DAYS * 86_400)
            .collect();
        let same: Vec<&DemoClick> = near
            .iter()
            .copied()
            .filter(|c| c.query.starts_with(&pair))
            .collect();
        let pool = if same.is_empty() { &near } else { &same };
        let weight = |c: &DemoClick| PLACEMENTS[c.placement].2;
        let total: u64 = pool.iter().map(|c| weight(c)).sum();
        if total == 0 {
            continue;
        }
        let mut pick = rng.below(total);
        e.user = pool
            .iter()
            .find(|c| {
                let hit = pick < weight(c);
                pick = pick.saturating_sub(weight(c));
                hit
            })
            .map(|c| c.user);
    }
}

fn list_envelope(items: &str) -> String {
    if items.is_empty() {
        // As Premium does: no `data` at all when nothing matches.
        "{\"error\":0,\"error_text\":\"\"}".into()
    } else {
        format!("{{\"error\":0,\"error_text\":\"\",\"data\":{{\"items\":{{{items}}}}}}}")
    }
}

fn form(body: &[u8]) -> HashMap<String, String> {
    url_decode_pairs(std::str::from_utf8(body).unwrap_or(""))
}

/// Decodes `a=1&b=x%20y` (also `+` as space).
pub fn url_decode_pairs(text: &str) -> HashMap<String, String> {
    let decode = |s: &str| -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => {
                    match u8::from_str_radix(
                        std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                        16,
                    ) {
                        Ok(b) => {
                            out.push(b);
                            i += 2;
                        }
                        Err(_) => out.push(b'%'),
                    }
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    };
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

async fn api(
    State(demo): State<Arc<Demo>>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    if q.get("api_action").map(String::as_str) != Some("pp") || !q.contains_key("api_key") {
        return StatusCode::NOT_IMPLEMENTED.into_response();
    }
    if q.get("api_key").map(String::as_str) != Some(demo.key.as_str()) {
        return json("{\"error\":1,\"error_text\":\"REST API key error\"}".into());
    }
    let f = form(&body);
    let num = |name: &str, default: i64| {
        f.get(name)
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or(default)
    };
    let (from, to) = (num("start_time", 0), num("end_time", i64::MAX));
    let body = match q.get("method").map(String::as_str).unwrap_or("") {
        "get_info" => demo.info(),
        "get_links" => demo.links(from, to),
        "get_exchanges" => demo.exchanges(from, to),
        "get_payouts" => demo.payouts(from, to),
        "add_payout" => demo.add_payout(
            f.get("method_id").map(String::as_str).unwrap_or(""),
            f.get("account").map(String::as_str).unwrap_or(""),
        ),
        _ => return StatusCode::NOT_IMPLEMENTED.into_response(),
    };
    json(body)
}

fn json(body: String) -> Response {
    ([("content-type", "application/json; charset=utf-8")], body).into_response()
}

/// Starts the demo partner: a fake pp API on loopback, with `partner` pointed at it (random key,
/// or `RATELINK_DEMO_PARTNER_KEY` for tests, and a random dashboard password). Returns the
/// password to print.
pub async fn start(partner: &mut crate::config::PartnerConfig) -> Result<String, PartnerError> {
    let token = |what: &str| {
        super::session::random_token()
            .map_err(|e| PartnerError::Config(format!("no randomness for the demo {what}: {e}")))
    };
    // Tests set the demo key to a known string to prove it never leaks; otherwise it is random.
    let key = match std::env::var("RATELINK_DEMO_PARTNER_KEY") {
        Ok(k) if k.trim().len() >= 8 => k.trim().to_string(),
        _ => format!("demo-{}", &token("key")?[..24]),
    };
    let password = token("password")?[..12].to_string();
    let demo = Arc::new(Demo::generate(key.clone()));
    let app = Router::new().route("/api.html", any(api)).with_state(demo);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| PartnerError::Config(format!("demo partner API: {e}")))?;
    let addr = listener
        .local_addr()
        .map_err(|e| PartnerError::Config(format!("demo partner API: {e}")))?;
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::warn!(target: "ratelink::partner", error = %e, "demo partner API stopped");
        }
    });
    partner.api = Some(ratelink_core::partner::PartnerApi::Pp);
    partner.endpoint = Some(format!("http://{addr}/api.html"));
    partner.key = ratelink_core::partner::PartnerKey::new(&key);
    partner.dashboard_password = ratelink_core::partner::PartnerKey::new(&password);
    Ok(password)
}
