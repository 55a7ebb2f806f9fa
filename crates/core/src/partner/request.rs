//! Partner API calls described as plain data, for the relay to execute.

use super::error::PartnerError;
use crate::link::encode_component;
use std::fmt;

/// A secret that must never be printed: the partner API key, the dashboard password. Its
/// `Debug` and `Display` show `[redacted]`; the only way to the text is [`PartnerKey::expose`],
/// used right where the value goes on the wire or is compared.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct PartnerKey(String);

impl PartnerKey {
    /// Wraps a secret (surrounding whitespace dropped).
    pub fn new(key: &str) -> PartnerKey {
        PartnerKey(key.trim().to_string())
    }

    /// The secret itself, for the one place that sends or compares it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when no secret was given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for PartnerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PartnerKey([redacted])")
    }
}

impl fmt::Display for PartnerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Which partner API a site speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartnerApi {
    /// The "pp" API (Premium Exchanger `api.html`, izi family `service/partner/api.php`).
    Pp,
    /// iEXExchanger API v2 (Bearer).
    IexV2,
}

impl PartnerApi {
    /// Reads `pp` or `iex-v2` (also `iex`, `iexv2`, `iex_v2`).
    pub fn from_name(name: &str) -> Option<PartnerApi> {
        match name.trim().to_ascii_lowercase().as_str() {
            "pp" | "premium" | "izi" => Some(PartnerApi::Pp),
            "iex-v2" | "iex_v2" | "iexv2" | "iex" => Some(PartnerApi::IexV2),
            _ => None,
        }
    }

    /// The configuration name: `pp` or `iex-v2`.
    pub fn as_str(&self) -> &'static str {
        match self {
            PartnerApi::Pp => "pp",
            PartnerApi::IexV2 => "iex-v2",
        }
    }
}

/// HTTP method of a described request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// POST with a form-encoded body.
    Post,
}

/// One HTTP request to make. Holds the key (in `query` or `headers`), so its `Debug` redacts
/// them and [`HttpRequest::log_target`] gives host and path only.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// GET or POST.
    pub method: Method,
    /// Scheme, host and path, with no query and no secret.
    pub url: String,
    /// Query parameters (the pp key travels here).
    pub query: Vec<(String, String)>,
    /// Form body parameters (POST).
    pub form: Vec<(String, String)>,
    /// Headers (the Bearer token travels here).
    pub headers: Vec<(String, String)>,
}

const SECRET_NAMES: [&str; 3] = ["api_key", "authorization", "api-key"];

fn is_secret(name: &str) -> bool {
    SECRET_NAMES.iter().any(|s| name.eq_ignore_ascii_case(s))
}

impl HttpRequest {
    /// `host/path` to log: no scheme credentials, no query, no key.
    pub fn log_target(&self) -> String {
        let without_scheme = self
            .url
            .split_once("://")
            .map(|(_, rest)| rest)
            .unwrap_or(&self.url);
        let without_user = without_scheme
            .rsplit_once('@')
            .map(|(_, rest)| rest)
            .unwrap_or(without_scheme);
        without_user
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .to_string()
    }

    /// The `method` query value, when there is one (pp method name, for cache keys and logs).
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hide = |pairs: &[(String, String)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        if is_secret(k) {
                            "[redacted]".to_string()
                        } else {
                            v.clone()
                        },
                    )
                })
                .collect()
        };
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.log_target())
            .field("query", &hide(&self.query))
            .field("form", &hide(&self.form))
            .field("headers", &hide(&self.headers))
            .finish()
    }
}

/// The pp variant: where a site reads the filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PpFamily {
    /// Premium Exchanger `api.html`: filters in the POST body only.
    Premium,
    /// izi.exchange family `service/partner/api.php`: filters in both query and body.
    Izi,
}

/// A configured partner API: which family and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerEndpoint {
    /// The API family.
    pub api: PartnerApi,
    /// Endpoint URL without query (`https://site/api.html`, `https://site/api/v2`).
    pub url: String,
}

/// A time window in unix seconds, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// Start, unix seconds.
    pub from: i64,
    /// End, unix seconds.
    pub to: i64,
}

impl Window {
    /// True when `t` falls in the window.
    pub fn contains(&self, t: i64) -> bool {
        t >= self.from && t <= self.to
    }
}

impl PartnerEndpoint {
    /// Checks the URL: https, or http to a loopback host (tests, the demo). The host is read
    /// from the authority as a URL parser reads it: `[v6]` literals whole, userinfo refused.
    pub fn new(api: PartnerApi, url: &str) -> Result<PartnerEndpoint, PartnerError> {
        let url = url.trim();
        let url = url
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .trim_end_matches('/')
            .to_string();
        let (https, rest) = if let Some(rest) = url.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(PartnerError::Config(format!(
                "the partner endpoint is not an http(s) URL: {url}"
            )));
        };
        let authority = rest.split('/').next().unwrap_or("");
        let Some(host) = authority_host(authority) else {
            return Err(PartnerError::Config(
                "the partner endpoint has no valid host".into(),
            ));
        };
        if !https && !is_loopback_host(host) {
            return Err(PartnerError::Config(
                "the partner endpoint must use https (the key travels with every call)".into(),
            ));
        }
        Ok(PartnerEndpoint { api, url })
    }

    /// The pp variant, from the endpoint path.
    pub fn pp_family(&self) -> PpFamily {
        if self.url.ends_with("/service/partner/api.php") || self.url.ends_with(".php") {
            PpFamily::Izi
        } else {
            PpFamily::Premium
        }
    }

    /// `scheme://host[:port]` of the endpoint (the exchanger's site).
    pub fn origin(&self) -> &str {
        let after_scheme = self.url.find("://").map(|i| i + 3).unwrap_or(0);
        match self.url[after_scheme..].find('/') {
            Some(i) => &self.url[..after_scheme + i],
            None => &self.url,
        }
    }

    /// The public referral link for a code: `https://SITE/ref/CODE/`.
    pub fn referral_link(&self, code: &str) -> String {
        format!("{}/ref/{}/", self.origin(), encode_component(code))
    }

    fn pp(&self, key: &PartnerKey, method: &str, filters: Vec<(String, String)>) -> HttpRequest {
        let mut query = vec![
            ("api_action".to_string(), "pp".to_string()),
            ("api_key".to_string(), key.expose().to_string()),
            ("method".to_string(), method.to_string()),
        ];
        if self.pp_family() == PpFamily::Izi {
            query.extend(filters.iter().cloned());
        }
        HttpRequest {
            method: if filters.is_empty() {
                Method::Get
            } else {
                Method::Post
            },
            url: self.url.clone(),
            query,
            form: filters,
            headers: vec![("Accept".into(), "application/json".into())],
        }
    }

    fn iex(&self, key: &PartnerKey, path: &str, page: u32) -> HttpRequest {
        HttpRequest {
            method: Method::Get,
            url: format!("{}{}", self.url, path),
            query: if page > 1 {
                vec![("page".into(), page.to_string())]
            } else {
                Vec::new()
            },
            form: Vec::new(),
            headers: vec![
                ("Authorization".into(), format!("Bearer {}", key.expose())),
                ("Accept".into(), "application/json".into()),
                ("Content-Type".into(), "application/json".into()),
            ],
        }
    }

    /// The summary call: pp `get_info`, iEX v2 `GET /account/partner`.
    pub fn summary(&self, key: &PartnerKey) -> HttpRequest {
        match self.api {
            PartnerApi::Pp => self.pp(key, "get_info", Vec::new()),
            PartnerApi::IexV2 => self.iex(key, "/account/partner", 1),
        }
    }

    /// The exchanges call: pp `get_exchanges` over `window`, iEX v2 `/account/partner/exchanges`
    /// page `page` (iEX has no window filter: the caller filters).
    pub fn exchanges(&self, key: &PartnerKey, window: Option<Window>, page: u32) -> HttpRequest {
        match self.api {
            PartnerApi::Pp => self.pp(key, "get_exchanges", window_params(window)),
            PartnerApi::IexV2 => self.iex(key, "/account/partner/exchanges", page),
        }
    }

    /// The clicks call (pp `get_links`); iEX has none.
    pub fn clicks(
        &self,
        key: &PartnerKey,
        window: Option<Window>,
    ) -> Result<HttpRequest, PartnerError> {
        match self.api {
            PartnerApi::Pp => Ok(self.pp(key, "get_links", window_params(window))),
            PartnerApi::IexV2 => Err(PartnerError::NotSupported("clicks")),
        }
    }

    /// The payouts call: pp `get_payouts` over `window`, iEX v2 `/account/partner/withdrawal`.
    pub fn payouts(&self, key: &PartnerKey, window: Option<Window>, page: u32) -> HttpRequest {
        match self.api {
            PartnerApi::Pp => self.pp(key, "get_payouts", window_params(window)),
            PartnerApi::IexV2 => self.iex(key, "/account/partner/withdrawal", page),
        }
    }

    /// The payout request (pp `add_payout`, always the whole balance); iEX has none.
    pub fn add_payout(
        &self,
        key: &PartnerKey,
        method_id: &str,
        account: &str,
    ) -> Result<HttpRequest, PartnerError> {
        match self.api {
            PartnerApi::Pp => {
                let form = vec![
                    ("method_id".to_string(), method_id.trim().to_string()),
                    ("account".to_string(), account.trim().to_string()),
                ];
                let mut req = self.pp(key, "add_payout", Vec::new());
                // A write goes in the body only, whatever the family; never in a URL.
                req.method = Method::Post;
                req.form = form;
                Ok(req)
            }
            PartnerApi::IexV2 => Err(PartnerError::NotSupported("payout requests")),
        }
    }
}

/// The host of a URL authority (`host[:port]`, `[v6][:port]`), or `None` when it is empty,
/// carries userinfo, has an unclosed or unparsable `[...]` literal, or a non-numeric port.
pub fn authority_host(authority: &str) -> Option<&str> {
    if authority.contains('@') {
        return None;
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (inside, after) = v6.split_once(']')?;
        inside.parse::<std::net::Ipv6Addr>().ok()?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (inside, port)
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty()
        || port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some(host)
}

/// True for `localhost` and loopback IP literals (`127.0.0.0/8`, `::1`, `::ffff:127.x`).
pub fn is_loopback_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => v4.is_loopback(),
        Ok(std::net::IpAddr::V6(v6)) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Err(_) => false,
    }
}

fn window_params(window: Option<Window>) -> Vec<(String, String)> {
    match window {
        Some(w) => vec![
            ("start_time".into(), w.from.to_string()),
            ("end_time".into(), w.to.to_string()),
        ],
        None => Vec::new(),
    }
}

/// The referral link with a currency pair: `LINK?cur_from=FROM&cur_to=TO` (empty codes left out).
pub fn pair_link(referral_link: &str, cur_from: &str, cur_to: &str) -> String {
    let mut link = referral_link.to_string();
    let mut sep = if link.contains('?') { '&' } else { '?' };
    for (name, code) in [("cur_from", cur_from.trim()), ("cur_to", cur_to.trim())] {
        if !code.is_empty() {
            link.push(sep);
            link.push_str(name);
            link.push('=');
            link.push_str(&encode_component(code));
            sep = '&';
        }
    }
    link
}
