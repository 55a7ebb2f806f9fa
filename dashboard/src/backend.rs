//! Where the dashboard's data comes from: the relay (default; it holds the key) or, in direct
//! mode, the partner API itself with a key held in this tab's memory.

use ratelink_core::link::encode_component;
use ratelink_core::partner::wire::{self, ExchangesPage, SummaryExtras};
use ratelink_core::partner::{
    iex_v2, pp, Click, HttpRequest, Method, PartnerApi, PartnerEndpoint, PartnerError,
    PartnerExchange, PartnerKey, PartnerSummary, Payout, Response as Raw, Window,
};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Rows per exchanges page in direct mode (the relay pages the same way).
pub const PAGE_SIZE: usize = 20;
/// Most pages read to draw a chart or export a whole window.
pub const MAX_PAGES: u32 = 25;

/// A failed call, as shown to the partner.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// Readable message.
    pub message: String,
    /// True when the dashboard session is gone (log in again).
    pub unauthorized: bool,
    /// True when the API does not offer this (clicks on iEXExchanger).
    pub unsupported: bool,
}

impl Failure {
    fn plain(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            unauthorized: false,
            unsupported: false,
        }
    }
}

impl From<PartnerError> for Failure {
    fn from(e: PartnerError) -> Failure {
        Failure {
            unsupported: matches!(e, PartnerError::NotSupported(_)),
            message: e.to_string(),
            unauthorized: false,
        }
    }
}

/// The summary with what the source adds (referral link, features, CSRF token).
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The normalized summary.
    pub summary: PartnerSummary,
    /// Link, features, CSRF token.
    pub extras: SummaryExtras,
}

/// The data source.
pub enum Backend {
    /// The relay's `/partner/*` API at `base` (empty: this page's origin).
    Relay {
        /// URL prefix of the relay.
        base: String,
        /// CSRF token from the login or summary answer.
        csrf: RefCell<Option<String>>,
    },
    /// The partner API itself, with the partner's key in memory.
    Direct {
        /// Family and URL.
        endpoint: PartnerEndpoint,
        /// The key (its Debug/Display never show it).
        key: PartnerKey,
    },
}

struct Fetched {
    status: u16,
    retry_after: Option<String>,
    body: String,
}

async fn fetch(
    method: &str,
    url: &str,
    body: Option<(&str, &str)>,
    headers: &[(&str, &str)],
) -> Result<Fetched, Failure> {
    let fail = |what: &str, e: JsValue| {
        Failure::plain(format!(
            "{what}: {}",
            e.as_string()
                .or_else(|| js_sys::JSON::stringify(&e).ok().and_then(|s| s.as_string()))
                .unwrap_or_default()
        ))
    };
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    if let Some((_, text)) = body {
        init.set_body(&JsValue::from_str(text));
    }
    let request =
        web_sys::Request::new_with_str_and_init(url, &init).map_err(|e| fail("bad request", e))?;
    let h = request.headers();
    if let Some((content_type, _)) = body {
        h.set("Content-Type", content_type)
            .map_err(|e| fail("bad header", e))?;
    }
    for (k, v) in headers {
        h.set(k, v).map_err(|e| fail("bad header", e))?;
    }
    let window = web_sys::window().ok_or_else(|| Failure::plain("no window"))?;
    let resp = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| Failure::plain("network error: the server could not be reached"))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|e| fail("fetch", e))?;
    let retry_after = resp.headers().get("retry-after").ok().flatten();
    let text = JsFuture::from(resp.text().map_err(|e| fail("body", e))?)
        .await
        .map_err(|_| Failure::plain("the answer broke off"))?;
    Ok(Fetched {
        status: resp.status(),
        retry_after,
        body: text.as_string().unwrap_or_default(),
    })
}

fn query_string(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl Backend {
    /// The relay at `base` (trailing `/` dropped).
    pub fn relay(base: &str) -> Backend {
        Backend::Relay {
            base: base.trim().trim_end_matches('/').to_string(),
            csrf: RefCell::new(None),
        }
    }

    /// True in direct mode.
    pub fn is_direct(&self) -> bool {
        matches!(self, Backend::Direct { .. })
    }

    async fn relay_call(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
    ) -> Result<String, Failure> {
        let Backend::Relay { base, csrf } = self else {
            return Err(Failure::plain("not a relay"));
        };
        let url = format!("{base}{path}");
        let token = csrf.borrow().clone();
        let mut headers: Vec<(&str, &str)> = vec![("Accept", "application/json")];
        if let Some(t) = token.as_deref() {
            if method == "POST" {
                headers.push(("X-CSRF-Token", t));
            }
        }
        let got = fetch(
            method,
            &url,
            body.as_deref().map(|b| ("application/json", b)),
            &headers,
        )
        .await?;
        if (200..300).contains(&got.status) {
            return Ok(got.body);
        }
        let mut message = wire::read_error(&got.body);
        if got.status == 429 {
            if let Some(s) = got.retry_after {
                message = format!("{message} (retry in {s} s)");
            }
        }
        Err(Failure {
            message,
            unauthorized: got.status == 401,
            unsupported: got.status == 501,
        })
    }

    async fn direct_call(&self, req: &HttpRequest) -> Result<Fetched, Failure> {
        let query = query_string(&req.query);
        let url = if query.is_empty() {
            req.url.clone()
        } else {
            format!("{}?{query}", req.url)
        };
        let form = query_string(&req.form);
        let headers: Vec<(&str, &str)> = req
            .headers
            .iter()
            .filter(|(k, _)| !k.eq_ignore_ascii_case("content-type"))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let (method, body) = match req.method {
            Method::Get => ("GET", None),
            Method::Post => (
                "POST",
                Some(("application/x-www-form-urlencoded", form.as_str())),
            ),
        };
        fetch(method, &url, body, &headers).await.map_err(|f| {
            Failure::plain(format!(
                "{} (the exchanger may not allow direct browser access)",
                f.message
            ))
        })
    }

    /// Logs in to the relay (direct mode has no login).
    pub async fn login(&self, password: &str) -> Result<(), Failure> {
        let mut body = String::from("{\"password\":");
        ratelink_core::json::write_str(&mut body, password);
        body.push('}');
        let text = self
            .relay_call("POST", "/partner/login", Some(body))
            .await?;
        if let (Backend::Relay { csrf, .. }, Ok(v)) = (self, ratelink_core::json::parse(&text)) {
            *csrf.borrow_mut() = v.get("csrf").and_then(|c| c.as_str()).map(str::to_string);
        }
        Ok(())
    }

    /// Ends the relay session.
    pub async fn logout(&self) {
        if let Backend::Relay { csrf, .. } = self {
            let _ = self.relay_call("POST", "/partner/logout", None).await;
            csrf.borrow_mut().take();
        }
    }

    /// Balance, link, methods.
    pub async fn summary(&self) -> Result<Summary, Failure> {
        match self {
            Backend::Relay { csrf, .. } => {
                let text = self.relay_call("GET", "/partner/summary", None).await?;
                let (summary, extras) = wire::read_summary(&text).map_err(|e| {
                    Failure::plain(format!("unexpected answer from the relay: {e}"))
                })?;
                if extras.csrf.is_some() {
                    *csrf.borrow_mut() = extras.csrf.clone();
                }
                Ok(Summary { summary, extras })
            }
            Backend::Direct { endpoint, key } => {
                let got = self.direct_call(&endpoint.summary(key)).await?;
                let raw = Raw {
                    status: got.status,
                    retry_after: got.retry_after.as_deref(),
                    body: &got.body,
                };
                let mut summary = match endpoint.api {
                    PartnerApi::Pp => pp::parse_info(&raw),
                    PartnerApi::IexV2 => iex_v2::parse_summary(&raw),
                }
                .map_err(|e| Failure::from(e.redacted(key.expose())))?;
                if endpoint.api == PartnerApi::Pp
                    && summary
                        .balance
                        .as_ref()
                        .is_some_and(|b| b.currency.is_none())
                {
                    let now = (js_sys::Date::now() / 1000.0) as i64;
                    // Any past payout reveals the site's base currency, whatever its date.
                    let req = endpoint.payouts(
                        key,
                        Some(Window {
                            from: now - 365 * 86_400,
                            to: now,
                        }),
                        1,
                    );
                    let list = match self.direct_call(&req).await {
                        Ok(got) => pp::parse_payouts(&Raw {
                            status: got.status,
                            retry_after: got.retry_after.as_deref(),
                            body: &got.body,
                        }),
                        Err(_) => Ok(Vec::new()),
                    };
                    if let Ok(list) = list {
                        pp::fill_base_currency(&mut summary, &list);
                    }
                }
                let extras = SummaryExtras {
                    api: endpoint.api.as_str().to_string(),
                    referral_link: summary
                        .referral_code
                        .as_deref()
                        .map(|c| endpoint.referral_link(c)),
                    clicks: endpoint.api == PartnerApi::Pp,
                    payout_request: endpoint.api == PartnerApi::Pp,
                    csrf: None,
                };
                Ok(Summary { summary, extras })
            }
        }
    }

    /// One page of exchanges in the window.
    pub async fn exchanges_page(&self, w: Window, page: u32) -> Result<ExchangesPage, Failure> {
        match self {
            Backend::Relay { .. } => {
                let text = self
                    .relay_call(
                        "GET",
                        &format!("/partner/exchanges?from={}&to={}&page={page}", w.from, w.to),
                        None,
                    )
                    .await?;
                wire::read_exchanges_page(&text)
                    .map_err(|e| Failure::plain(format!("unexpected answer from the relay: {e}")))
            }
            Backend::Direct { endpoint, key } => match endpoint.api {
                PartnerApi::Pp => {
                    let all = self.direct_exchanges(w).await?;
                    Ok(wire::page_of(&all, page, PAGE_SIZE))
                }
                PartnerApi::IexV2 => {
                    let got = self
                        .direct_call(&endpoint.exchanges(key, None, page))
                        .await?;
                    let p = iex_v2::parse_exchanges(&Raw {
                        status: got.status,
                        retry_after: got.retry_after.as_deref(),
                        body: &got.body,
                    })
                    .map_err(|e| Failure::from(e.redacted(key.expose())))?;
                    let items: Vec<PartnerExchange> = p
                        .items
                        .into_iter()
                        .filter(|e| e.at.unix().is_none_or(|t| w.contains(t)))
                        .collect();
                    let (count, done, reward) =
                        ratelink_core::partner::stats::exchange_totals(&items);
                    Ok(ExchangesPage {
                        items,
                        page,
                        next_page: (p.has_next && page < iex_v2::MAX_PAGES).then_some(page + 1),
                        count,
                        done,
                        reward,
                        whole_window: false,
                    })
                }
            },
        }
    }

    async fn direct_exchanges(&self, w: Window) -> Result<Vec<PartnerExchange>, Failure> {
        let Backend::Direct { endpoint, key } = self else {
            return Ok(Vec::new());
        };
        let got = self
            .direct_call(&endpoint.exchanges(key, Some(w), 1))
            .await?;
        let list = pp::parse_exchanges(&Raw {
            status: got.status,
            retry_after: got.retry_after.as_deref(),
            body: &got.body,
        })
        .map_err(|e| Failure::from(e.redacted(key.expose())))?;
        Ok(list
            .into_iter()
            .filter(|e| e.at.unix().is_none_or(|t| w.contains(t)))
            .collect())
    }

    /// Every exchange in the window (pages followed up to [`MAX_PAGES`]).
    pub async fn all_exchanges(&self, w: Window) -> Result<Vec<PartnerExchange>, Failure> {
        if let Backend::Direct { endpoint, .. } = self {
            if endpoint.api == PartnerApi::Pp {
                return self.direct_exchanges(w).await;
            }
        }
        let mut all = Vec::new();
        let mut page = 1;
        loop {
            let p = self.exchanges_page(w, page).await?;
            all.extend(p.items);
            match p.next_page {
                Some(n) if n <= MAX_PAGES && n > page => page = n,
                _ => break,
            }
        }
        Ok(all)
    }

    /// Clicks in the window.
    pub async fn clicks(&self, w: Window) -> Result<Vec<Click>, Failure> {
        match self {
            Backend::Relay { .. } => {
                let text = self
                    .relay_call(
                        "GET",
                        &format!("/partner/clicks?from={}&to={}", w.from, w.to),
                        None,
                    )
                    .await?;
                wire::read_clicks(&text)
                    .map_err(|e| Failure::plain(format!("unexpected answer from the relay: {e}")))
            }
            Backend::Direct { endpoint, key } => {
                let req = endpoint.clicks(key, Some(w)).map_err(Failure::from)?;
                let got = self.direct_call(&req).await?;
                let list = pp::parse_links(&Raw {
                    status: got.status,
                    retry_after: got.retry_after.as_deref(),
                    body: &got.body,
                })
                .map_err(|e| Failure::from(e.redacted(key.expose())))?;
                Ok(list
                    .into_iter()
                    .filter(|c| c.at.unix().is_none_or(|t| w.contains(t)))
                    .collect())
            }
        }
    }

    /// Payouts in the window.
    pub async fn payouts(&self, w: Window) -> Result<Vec<Payout>, Failure> {
        match self {
            Backend::Relay { .. } => {
                let text = self
                    .relay_call(
                        "GET",
                        &format!("/partner/payouts?from={}&to={}", w.from, w.to),
                        None,
                    )
                    .await?;
                wire::read_payouts(&text)
                    .map_err(|e| Failure::plain(format!("unexpected answer from the relay: {e}")))
            }
            Backend::Direct { endpoint, key } => {
                let mut all = Vec::new();
                for page in 1..=iex_v2::MAX_PAGES {
                    let got = self
                        .direct_call(&endpoint.payouts(key, Some(w), page))
                        .await?;
                    let raw = Raw {
                        status: got.status,
                        retry_after: got.retry_after.as_deref(),
                        body: &got.body,
                    };
                    match endpoint.api {
                        PartnerApi::Pp => {
                            all = pp::parse_payouts(&raw)
                                .map_err(|e| Failure::from(e.redacted(key.expose())))?;
                            break;
                        }
                        PartnerApi::IexV2 => {
                            let p = iex_v2::parse_withdrawals(&raw)
                                .map_err(|e| Failure::from(e.redacted(key.expose())))?;
                            all.extend(p.items);
                            if !p.has_next {
                                break;
                            }
                        }
                    }
                }
                // Masked like the relay does, so nothing below differs by mode.
                for p in &mut all {
                    p.account = p
                        .account
                        .as_deref()
                        .map(ratelink_core::partner::mask_account);
                }
                Ok(all
                    .into_iter()
                    .filter(|p| p.at.unix().is_none_or(|t| w.contains(t)))
                    .collect())
            }
        }
    }

    /// Requests a payout of the whole balance; returns the payout id.
    pub async fn request_payout(&self, method_id: &str, account: &str) -> Result<String, Failure> {
        match self {
            Backend::Relay { .. } => {
                let mut body = String::from("{\"method_id\":");
                ratelink_core::json::write_str(&mut body, method_id);
                body.push_str(",\"account\":");
                ratelink_core::json::write_str(&mut body, account);
                body.push('}');
                let text = self
                    .relay_call("POST", "/partner/payouts", Some(body))
                    .await?;
                let v =
                    ratelink_core::json::parse(&text).map_err(|e| Failure::plain(e.to_string()))?;
                Ok(v.get("payout_id")
                    .and_then(|p| p.as_text())
                    .map(|t| t.into_owned())
                    .unwrap_or_default())
            }
            Backend::Direct { endpoint, key } => {
                let req = endpoint
                    .add_payout(key, method_id, account)
                    .map_err(Failure::from)?;
                let got = self.direct_call(&req).await?;
                pp::parse_add_payout(&Raw {
                    status: got.status,
                    retry_after: got.retry_after.as_deref(),
                    body: &got.body,
                })
                .map_err(|e| Failure::from(e.redacted(key.expose())))
            }
        }
    }
}
