//! Where the dashboard's data comes from: the relay (default; it holds the key) or, in direct
//! mode, the partner API itself with a key held in this tab's memory.

use crate::wire::{
    from_json, to_json, ClickJson, ConfigAnswer, ErrorAnswer, ExchangesJson, FeedAnswer, Items,
    LoginAnswer, LoginBody, PayoutAnswer, PayoutBody, PayoutJson, PlacementsJson, SnippetAnswer,
    SummaryJson,
};
use gloo_net::http::{Method as HttpMethod, QueryParams, RequestBuilder};
use ratelink_core::partner::placements::{self, PlacementReport};
use ratelink_core::partner::wire::{self, ExchangesPage, SummaryExtras};
use ratelink_core::partner::{
    iex_v2, pp, Click, HttpRequest, Method, PartnerApi, PartnerEndpoint, PartnerError,
    PartnerExchange, PartnerKey, PartnerSummary, Payout, Response as Raw, Window,
};
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use web_sys::{ReferrerPolicy, RequestCache, RequestCredentials};

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
    /// True when the relay refused the call (403: a wrong payout password, a missing CSRF token).
    pub forbidden: bool,
}

impl Failure {
    fn plain(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            unauthorized: false,
            unsupported: false,
            forbidden: false,
        }
    }

    fn unexpected(e: impl std::fmt::Display) -> Failure {
        Failure::plain(format!("unexpected answer from the relay: {e}"))
    }
}

impl From<PartnerError> for Failure {
    fn from(e: PartnerError) -> Failure {
        Failure {
            unsupported: matches!(e, PartnerError::NotSupported(_)),
            ..Failure::plain(e.to_string())
        }
    }
}

/// What `GET /snippet` is asked for: the feed and the widget's optional attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SnippetRequest {
    /// The relay's feed name (empty with the compare layout: every feed is compared).
    pub feed: String,
    /// Starting pair `(from, to)`.
    pub pair: Option<(String, String)>,
    /// `theme` attribute.
    pub theme: Option<String>,
    /// `lang` attribute.
    pub lang: Option<String>,
    /// `layout` attribute.
    pub layout: Option<String>,
    /// `placement` attribute.
    pub placement: Option<String>,
}

/// A feed's pairs for the builder: `(from, to)` in feed order, and display names by code.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeedPairs {
    /// Every direction's codes.
    pub pairs: Vec<(String, String)>,
    /// `(code, English name, Russian name)`.
    pub names: Vec<(String, String, String)>,
}

/// How far before the window clicks are read in direct mode, so an exchange early in the window
/// can be traced to its click (the relay reads 30 days back too).
const PLACEMENT_LOOKBACK: i64 = 30 * 86_400;

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

// Components compare props by identity: one backend per login, never cloned.
impl PartialEq for Backend {
    fn eq(&self, other: &Backend) -> bool {
        std::ptr::eq(self, other)
    }
}

struct Fetched {
    status: u16,
    retry_after: Option<String>,
    body: String,
}

impl Fetched {
    fn raw(&self) -> Raw<'_> {
        Raw {
            status: self.status,
            retry_after: self.retry_after.as_deref(),
            body: &self.body,
        }
    }
}

/// Sends one request (no cookies across origins, no cache, no referrer) and reads the answer.
async fn fetch(builder: RequestBuilder, body: Option<(&str, String)>) -> Result<Fetched, Failure> {
    let builder = builder
        .credentials(RequestCredentials::SameOrigin)
        .cache(RequestCache::NoStore)
        .referrer_policy(ReferrerPolicy::NoReferrer);
    let request = match body {
        Some((content_type, text)) => builder.header("Content-Type", content_type).body(text),
        None => builder.build(),
    }
    .map_err(|e| Failure::plain(format!("bad request: {e}")))?;
    let resp = request
        .send()
        .await
        .map_err(|_| Failure::plain("network error: the server could not be reached"))?;
    let body = resp
        .text()
        .await
        .map_err(|_| Failure::plain("the answer broke off"))?;
    Ok(Fetched {
        status: resp.status(),
        retry_after: resp.headers().get("retry-after"),
        body,
    })
}

/// A form or query string (`application/x-www-form-urlencoded`).
fn form(pairs: &[(String, String)]) -> QueryParams {
    let params = QueryParams::new();
    for (k, v) in pairs {
        params.append(k, v);
    }
    params
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

    /// Calls the relay and reads its JSON answer into `T`.
    async fn relay_call<T: DeserializeOwned>(
        &self,
        method: HttpMethod,
        path: &str,
        query: &[(&str, String)],
        body: Option<String>,
    ) -> Result<T, Failure> {
        let Backend::Relay { base, csrf } = self else {
            return Err(Failure::plain("not a relay"));
        };
        let mut builder = RequestBuilder::new(&format!("{base}{path}"))
            .method(method.clone())
            .header("Accept", "application/json")
            .query(query.iter().map(|(k, v)| (*k, v)));
        if method == HttpMethod::POST {
            if let Some(token) = csrf.borrow().as_deref() {
                builder = builder.header("X-CSRF-Token", token);
            }
        }
        let got = fetch(builder, body.map(|b| ("application/json", b))).await?;
        if (200..300).contains(&got.status) {
            return from_json(&got.body).map_err(Failure::unexpected);
        }
        let mut message = match from_json::<ErrorAnswer>(&got.body) {
            Ok(ErrorAnswer {
                message: Some(m), ..
            }) => m,
            Ok(ErrorAnswer { error: Some(e), .. }) => e,
            _ => got.body.chars().take(200).collect(),
        };
        if got.status == 429 {
            if let Some(s) = got.retry_after {
                message = format!("{message} (retry in {s} s)");
            }
        }
        Err(Failure {
            message,
            unauthorized: got.status == 401,
            unsupported: got.status == 501,
            forbidden: got.status == 403,
        })
    }

    async fn direct_call(&self, req: &HttpRequest) -> Result<Fetched, Failure> {
        let headers = req
            .headers
            .iter()
            .filter(|(k, _)| !k.eq_ignore_ascii_case("content-type"));
        let mut builder =
            RequestBuilder::new(&req.url).query(req.query.iter().map(|(k, v)| (k.as_str(), v)));
        for (k, v) in headers {
            builder = builder.header(k, v);
        }
        let (builder, body) = match req.method {
            Method::Get => (builder.method(HttpMethod::GET), None),
            Method::Post => (
                builder.method(HttpMethod::POST),
                Some((
                    "application/x-www-form-urlencoded",
                    form(&req.form).to_string(),
                )),
            ),
        };
        fetch(builder, body).await.map_err(|f| {
            Failure::plain(format!(
                "{} (the exchanger may not allow direct browser access)",
                f.message
            ))
        })
    }

    /// The names of the relay's feeds (`GET /config`).
    pub async fn feed_names(&self) -> Result<Vec<String>, Failure> {
        let config: ConfigAnswer = self
            .relay_call(HttpMethod::GET, "/config", &[], None)
            .await?;
        Ok(config.feeds.into_iter().map(|f| f.name).collect())
    }

    /// The embed snippet (`GET /snippet`, the code behind `ratelink-relay snippet`).
    pub async fn snippet(&self, want: &SnippetRequest) -> Result<SnippetAnswer, Failure> {
        let mut query = Vec::new();
        if !want.feed.is_empty() {
            query.push(("feed", want.feed.clone()));
        }
        if let Some((from, to)) = &want.pair {
            query.push(("from", from.clone()));
            query.push(("to", to.clone()));
        }
        for (name, value) in [
            ("theme", &want.theme),
            ("lang", &want.lang),
            ("layout", &want.layout),
            ("placement", &want.placement),
        ] {
            if let Some(v) = value {
                query.push((name, v.clone()));
            }
        }
        self.relay_call(HttpMethod::GET, "/snippet", &query, None)
            .await
    }

    /// The pairs and currency names of the relay's feed `name` (`GET /feeds/{name}`).
    pub async fn feed_pairs(&self, name: &str) -> Result<FeedPairs, Failure> {
        let feed: FeedAnswer = self
            .relay_call(
                HttpMethod::GET,
                &format!("/feeds/{}", ratelink_core::link::encode_component(name)),
                &[],
                None,
            )
            .await?;
        Ok(FeedPairs {
            pairs: feed
                .directions
                .into_iter()
                .map(|d| (d.from, d.to))
                .collect(),
            names: feed
                .names
                .into_iter()
                .map(|(code, n)| {
                    let ru = n.ru.unwrap_or_else(|| n.en.clone());
                    (code, n.en, ru)
                })
                .collect(),
        })
    }

    /// Clicks and exchanges per widget placement in the window (`GET /partner/placements`; in
    /// direct mode worked out here the same way, with the widget's default `utm_content`).
    pub async fn placements(&self, w: Window) -> Result<PlacementReport, Failure> {
        match self {
            Backend::Relay { .. } => {
                let answer: PlacementsJson = self
                    .relay_call(
                        HttpMethod::GET,
                        "/partner/placements",
                        &window_query(w),
                        None,
                    )
                    .await?;
                Ok(answer.into_report())
            }
            Backend::Direct { endpoint, key } => {
                let reach = Window {
                    from: w.from.saturating_sub(PLACEMENT_LOOKBACK),
                    to: w.to,
                };
                let req = endpoint.clicks(key, Some(reach)).map_err(Failure::from)?;
                let got = self.direct_call(&req).await?;
                let clicks = pp::parse_links(&got.raw())
                    .map_err(|e| Failure::from(e.redacted(key.expose())))?;
                let exchanges = self.direct_exchanges(w).await?;
                Ok(placements::attribute(
                    &clicks,
                    &exchanges,
                    ratelink_core::link::DEFAULT_PLACEMENT_PARAM,
                    w,
                ))
            }
        }
    }

    /// Logs in to the relay (direct mode has no login).
    pub async fn login(&self, password: &str) -> Result<(), Failure> {
        let body = to_json(&LoginBody { password }).map_err(Failure::plain)?;
        let answer: LoginAnswer = self
            .relay_call(HttpMethod::POST, "/partner/login", &[], Some(body))
            .await?;
        if let Backend::Relay { csrf, .. } = self {
            *csrf.borrow_mut() = answer.csrf;
        }
        Ok(())
    }

    /// Ends the relay session.
    pub async fn logout(&self) {
        if let Backend::Relay { csrf, .. } = self {
            let _: Result<serde::de::IgnoredAny, _> = self
                .relay_call(HttpMethod::POST, "/partner/logout", &[], None)
                .await;
            csrf.borrow_mut().take();
        }
    }

    /// Balance, link, methods.
    pub async fn summary(&self) -> Result<Summary, Failure> {
        match self {
            Backend::Relay { csrf, .. } => {
                let answer: SummaryJson = self
                    .relay_call(HttpMethod::GET, "/partner/summary", &[], None)
                    .await?;
                let (summary, extras) = answer.into_model();
                if extras.csrf.is_some() {
                    *csrf.borrow_mut() = extras.csrf.clone();
                }
                Ok(Summary { summary, extras })
            }
            Backend::Direct { endpoint, key } => {
                let got = self.direct_call(&endpoint.summary(key)).await?;
                let mut summary = match endpoint.api {
                    PartnerApi::Pp => pp::parse_info(&got.raw()),
                    PartnerApi::IexV2 => iex_v2::parse_summary(&got.raw()),
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
                        Ok(got) => pp::parse_payouts(&got.raw()),
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
                let answer: ExchangesJson = self
                    .relay_call(
                        HttpMethod::GET,
                        "/partner/exchanges",
                        &[
                            ("from", w.from.to_string()),
                            ("to", w.to.to_string()),
                            ("page", page.to_string()),
                        ],
                        None,
                    )
                    .await?;
                Ok(answer.into_page())
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
                    let p = iex_v2::parse_exchanges(&got.raw())
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
        let list =
            pp::parse_exchanges(&got.raw()).map_err(|e| Failure::from(e.redacted(key.expose())))?;
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
                let answer: Items<ClickJson> = self
                    .relay_call(HttpMethod::GET, "/partner/clicks", &window_query(w), None)
                    .await?;
                Ok(answer.items.into_iter().map(Into::into).collect())
            }
            Backend::Direct { endpoint, key } => {
                let req = endpoint.clicks(key, Some(w)).map_err(Failure::from)?;
                let got = self.direct_call(&req).await?;
                let list = pp::parse_links(&got.raw())
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
                let answer: Items<PayoutJson> = self
                    .relay_call(HttpMethod::GET, "/partner/payouts", &window_query(w), None)
                    .await?;
                Ok(answer
                    .items
                    .into_iter()
                    .filter_map(PayoutJson::into_model)
                    .collect())
            }
            Backend::Direct { endpoint, key } => {
                let mut all = Vec::new();
                for page in 1..=iex_v2::MAX_PAGES {
                    let got = self
                        .direct_call(&endpoint.payouts(key, Some(w), page))
                        .await?;
                    let raw = got.raw();
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

    /// Requests a payout of the whole balance; returns the payout id. The relay wants the
    /// dashboard password again (`password`; direct mode has none: the key is the secret).
    pub async fn request_payout(
        &self,
        method_id: &str,
        account: &str,
        password: &str,
    ) -> Result<String, Failure> {
        match self {
            Backend::Relay { .. } => {
                let body = to_json(&PayoutBody {
                    method_id,
                    account,
                    password,
                })
                .map_err(Failure::plain)?;
                let answer: PayoutAnswer = self
                    .relay_call(HttpMethod::POST, "/partner/payouts", &[], Some(body))
                    .await?;
                Ok(answer
                    .payout_id
                    .map(|id| id.into_text())
                    .unwrap_or_default())
            }
            Backend::Direct { endpoint, key } => {
                let req = endpoint
                    .add_payout(key, method_id, account)
                    .map_err(Failure::from)?;
                let got = self.direct_call(&req).await?;
                pp::parse_add_payout(&got.raw())
                    .map_err(|e| Failure::from(e.redacted(key.expose())))
            }
        }
    }
}

/// `from` and `to` of a window, as the relay's query wants them.
fn window_query(w: Window) -> [(&'static str, String); 2] {
    [("from", w.from.to_string()), ("to", w.to.to_string())]
}
