//! The partner dashboard's API: `/partner/*`, behind the relay's own login, holding the key.
//!
//! The relay's router merges [`router`], built from the `[partner]` config section. Every
//! answer is `Cache-Control: no-store` JSON (errors through [`ApiError`]), and the partner key
//! appears in none of them, nor in any log line (upstream calls are logged by host and path
//! only).

pub mod demo;
pub mod session;
pub mod upstream;

use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use ratelink_core::link::{encode_component, is_placement_name, DEFAULT_PLACEMENT_PARAM};
use ratelink_core::partner::placements;
use ratelink_core::partner::wire::{self, ObjectWriter, SummaryExtras};
use ratelink_core::partner::Response as Raw;
use ratelink_core::partner::{
    iex_v2, pp, HttpRequest, Method, PartnerApi, PartnerEndpoint, PartnerError, PartnerExchange,
    PartnerKey, Payout, PpFamily, Window,
};
use serde::{Deserialize, Deserializer};
use session::{LoginLimiter, Sessions};
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use upstream::{Answer, Upstream};

use crate::client_addr::{Client, TrustedProxies};
use crate::config::PartnerConfig;
use crate::error::ApiError;
use crate::extract::Query;
use crate::http::{json_response, AppState};
use crate::time::unix_now;

/// Rows per page of `GET /partner/exchanges` when the API itself does not page (pp).
pub const PAGE_SIZE: usize = 20;
/// Default window when `from`/`to` are absent: the last 30 days.
pub const DEFAULT_WINDOW: i64 = 30 * 86_400;
/// How long a wrong password's answer is held back.
const WRONG_PASSWORD_DELAY: Duration = Duration::from_millis(500);

/// What the dashboard routes need, from `relay.toml` `[partner]` (environment overrides
/// applied).
#[derive(Clone, Debug)]
pub struct PartnerSettings {
    /// The API family.
    pub api: PartnerApi,
    /// The API endpoint URL.
    pub endpoint: String,
    /// The partner key (never printed: `PartnerKey` redacts itself).
    pub key: PartnerKey,
    /// The dashboard password (empty: logins refused).
    pub password: PartnerKey,
    /// Upstream timeout.
    pub timeout: Duration,
    /// Largest partner-API answer read, counted after decompression.
    pub max_body: u64,
    /// The exchanger's site for referral links (`[exchanger] base`); the endpoint's origin if
    /// unset.
    pub site: Option<String>,
    /// Proxies whose `X-Forwarded-For`/`-Proto`/`-Host` are believed.
    pub trusted_proxies: TrustedProxies,
    /// Accounts payouts may be sent to; empty allows any.
    pub payout_accounts: Vec<String>,
    /// A session unused this long ends.
    pub session_idle: Duration,
    /// A session ends this long after login, however busy.
    pub session_lifetime: Duration,
    /// The click query parameter that carries a widget's placement.
    pub placement_param: String,
}

impl PartnerSettings {
    /// From the relay's `[partner]` section (environment overrides already applied); `None`
    /// when no API is set.
    pub fn from_config(c: &PartnerConfig) -> Result<Option<PartnerSettings>, PartnerError> {
        let Some(api) = c.api else { return Ok(None) };
        let mut settings = PartnerSettings::new(
            api,
            c.endpoint.as_deref(),
            c.key.clone(),
            c.dashboard_password.clone(),
        )?;
        settings.payout_accounts = c.payout_accounts.clone();
        if let Some(idle) = c.session_idle {
            settings.session_idle = idle;
        }
        if let Some(lifetime) = c.session_lifetime {
            settings.session_lifetime = lifetime;
        }
        if let Some(param) = c.placement_param.as_deref().map(str::trim) {
            if !is_placement_name(param) {
                return Err(PartnerError::Config(format!(
                    "placement_param must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-' (got {param:?})"
                )));
            }
            settings.placement_param = param.to_string();
        }
        Ok(Some(settings))
    }

    /// Checks and assembles settings from their text forms (`api` is `pp` or `iex-v2`).
    pub fn from_parts(
        api: &str,
        endpoint: Option<&str>,
        key: &str,
        password: &str,
    ) -> Result<PartnerSettings, PartnerError> {
        let api = crate::config::parse_partner_api(api).map_err(|e| PartnerError::Config(e.0))?;
        PartnerSettings::new(
            api,
            endpoint,
            PartnerKey::new(key),
            PartnerKey::new(password),
        )
    }

    /// Checks the endpoint, key and password; the other settings get their defaults.
    pub fn new(
        api: PartnerApi,
        endpoint: Option<&str>,
        key: PartnerKey,
        password: PartnerKey,
    ) -> Result<PartnerSettings, PartnerError> {
        let endpoint = endpoint.ok_or_else(|| {
            PartnerError::Config(
                "the partner endpoint is not set (RATELINK_PARTNER_ENDPOINT)".into(),
            )
        })?;
        PartnerEndpoint::new(api, endpoint)?;
        if key.is_empty() {
            return Err(PartnerError::Config(
                "the partner key is not set (RATELINK_PARTNER_KEY)".into(),
            ));
        }
        crate::config::check_dashboard_password(&password)
            .map_err(|e| PartnerError::Config(e.0))?;
        Ok(PartnerSettings {
            api,
            endpoint: endpoint.to_string(),
            key,
            password,
            timeout: Duration::from_secs(15),
            max_body: crate::config::DEFAULT_MAX_BYTES,
            site: None,
            trusted_proxies: TrustedProxies::default(),
            payout_accounts: Vec::new(),
            session_idle: session::IDLE,
            session_lifetime: session::LIFETIME,
            placement_param: DEFAULT_PLACEMENT_PARAM.to_string(),
        })
    }
}

/// Shared state of the `/partner/*` routes.
pub struct PartnerState {
    endpoint: PartnerEndpoint,
    site: Option<String>,
    key: PartnerKey,
    password: PartnerKey,
    sessions: Sessions,
    limiter: LoginLimiter,
    upstream: Upstream,
    trusted_proxies: TrustedProxies,
    payout_accounts: Vec<String>,
    password_checks: AtomicU64,
    placement_param: String,
}

impl PartnerState {
    /// State for `settings`.
    pub fn new(settings: PartnerSettings) -> Result<Arc<PartnerState>, PartnerError> {
        let endpoint = PartnerEndpoint::new(settings.api, &settings.endpoint)?;
        let upstream = Upstream::new(settings.key.expose(), settings.timeout, settings.max_body)?;
        if settings.password.is_empty() {
            tracing::warn!(target: "ratelink::partner", "RATELINK_DASHBOARD_PASSWORD is not set: dashboard logins are refused");
        }
        Ok(Arc::new(PartnerState {
            endpoint,
            site: settings
                .site
                .map(|s| s.trim().trim_end_matches('/').to_string())
                .filter(|s| !s.is_empty()),
            key: settings.key,
            password: settings.password,
            sessions: Sessions::new(settings.session_idle, settings.session_lifetime),
            limiter: LoginLimiter::default(),
            upstream,
            trusted_proxies: settings.trusted_proxies,
            payout_accounts: settings
                .payout_accounts
                .iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            password_checks: AtomicU64::new(0),
            placement_param: settings.placement_param,
        }))
    }

    /// How many times a submitted password has been compared with the configured one (login
    /// and payout confirmation); refused attempts are not compared and not counted.
    pub fn password_checks(&self) -> u64 {
        self.password_checks.load(Ordering::Relaxed)
    }

    /// Checks `given` against the dashboard password for a client at `ip`, within the
    /// per-address limit; a wrong password is answered after [`WRONG_PASSWORD_DELAY`] with
    /// `wrong`.
    async fn check_password(
        &self,
        ip: IpAddr,
        given: &str,
        wrong: ApiError,
    ) -> Result<(), ApiError> {
        if let Err(retry_after) = self.limiter.begin(ip) {
            tracing::warn!(target: "ratelink::partner", client = %ip, "password attempt refused: too many attempts from this client (IPv4 address or IPv6 /64) or from everyone together");
            return Err(ApiError::TooManyAttempts { retry_after });
        }
        self.password_checks.fetch_add(1, Ordering::Relaxed);
        if session::constant_time_eq(given.as_bytes(), self.password.expose().as_bytes()) {
            self.limiter.succeeded(ip);
            return Ok(());
        }
        tracing::warn!(target: "ratelink::partner", client = %ip, "wrong dashboard password");
        tokio::time::sleep(WRONG_PASSWORD_DELAY).await;
        Err(wrong)
    }

    /// The error for the dashboard, with the key scrubbed from its text.
    fn scrub(&self, e: PartnerError) -> ApiError {
        ApiError::Upstream(e.redacted(self.key.expose()))
    }

    /// Runs `req` and reads its answer with `parse`.
    async fn read<T>(
        &self,
        req: &HttpRequest,
        cacheable: bool,
        parse: impl FnOnce(&Raw<'_>) -> Result<T, PartnerError>,
    ) -> Result<T, ApiError> {
        let answer = self
            .fetch(req, cacheable)
            .await
            .map_err(|e| self.scrub(e))?;
        parse(&raw(&answer)).map_err(|e| self.scrub(e))
    }

    async fn fetch(&self, req: &HttpRequest, cacheable: bool) -> Result<Answer, PartnerError> {
        let answer = self.upstream.call(req, cacheable).await?;
        // The izi family documents GET only; if a site refuses the POST, a read (never a
        // write) is asked again by GET, whose query already carries the filters.
        let refused = matches!(answer.status, 405 | 501);
        if refused
            && cacheable
            && req.method == Method::Post
            && self.endpoint.api == PartnerApi::Pp
            && self.endpoint.pp_family() == PpFamily::Izi
        {
            let mut get = req.clone();
            get.method = Method::Get;
            get.form.clear();
            return self.upstream.call(&get, cacheable).await;
        }
        Ok(answer)
    }
}

/// The `/partner/*` routes for the relay, from its `[partner]` section. When the section is
/// missing or unusable, login answers 503 with the reason and every other route 401.
pub fn router(app: AppState) -> Router<AppState> {
    let problem = match PartnerSettings::from_config(&app.partner) {
        Ok(Some(settings)) => {
            let settings = PartnerSettings {
                site: app.exchanger.base.clone(),
                trusted_proxies: app.trusted_proxies.clone(),
                max_body: app.max_body,
                ..settings
            };
            match PartnerState::new(settings) {
                Ok(state) => return routes(state),
                Err(e) => e.to_string(),
            }
        }
        Ok(None) => "the partner dashboard is not configured (set RATELINK_PARTNER_API, RATELINK_PARTNER_ENDPOINT, RATELINK_PARTNER_KEY and RATELINK_DASHBOARD_PASSWORD)".to_string(),
        Err(e) => e.to_string(),
    };
    if !app.partner.is_empty() {
        tracing::warn!(target: "ratelink::partner", problem = %problem, "partner dashboard disabled");
    }
    disabled(problem)
}

/// The `/partner/*` routes over `state`, mergeable into any router. The client address comes
/// from axum's `ConnectInfo<SocketAddr>` (the relay's server records it).
pub fn routes<S: Clone + Send + Sync + 'static>(state: Arc<PartnerState>) -> Router<S> {
    Router::new()
        .route("/partner/login", post(login))
        .route("/partner/logout", post(logout))
        .route("/partner/summary", get(summary))
        .route("/partner/exchanges", get(exchanges))
        .route("/partner/clicks", get(clicks))
        .route("/partner/placements", get(placements))
        .route("/partner/payouts", get(payouts).post(request_payout))
        .with_state(state)
}

fn disabled<S: Clone + Send + Sync + 'static>(problem: String) -> Router<S> {
    let problem = Arc::new(problem);
    let no_session = || async { ApiError::LoginRequired };
    Router::new()
        .route(
            "/partner/login",
            post(move || async move { ApiError::NotConfigured(problem.to_string()) }),
        )
        .route("/partner/logout", post(|| async { ok_json() }))
        .route("/partner/summary", get(no_session))
        .route("/partner/exchanges", get(no_session))
        .route("/partner/clicks", get(no_session))
        .route("/partner/placements", get(no_session))
        .route("/partner/payouts", get(no_session).post(no_session))
}

fn ok_json() -> Response {
    json_response(StatusCode::OK, "{\"ok\":true}".into())
}

/// The session id from the request's cookies.
fn session_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| session::cookie_value(c, session::COOKIE))
}

/// A live dashboard session: its id and CSRF token. Rejects with 401 `login_required`.
pub struct Session {
    id: String,
    /// The session's CSRF token (sent back with every write as `X-CSRF-Token`).
    pub csrf: String,
}

impl FromRequestParts<Arc<PartnerState>> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        st: &Arc<PartnerState>,
    ) -> Result<Session, ApiError> {
        let id = session_id(&parts.headers).ok_or(ApiError::LoginRequired)?;
        let csrf = st.sessions.check(id).ok_or(ApiError::LoginRequired)?;
        Ok(Session {
            id: id.to_string(),
            csrf,
        })
    }
}

/// A session whose request is a write from the dashboard page: the `X-CSRF-Token` header
/// matches the session's token and `Origin` names this host. Rejects with 401 or 403 `csrf`.
pub struct WriteSession(pub Session);

impl FromRequestParts<Arc<PartnerState>> for WriteSession {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        st: &Arc<PartnerState>,
    ) -> Result<WriteSession, ApiError> {
        let session = Session::from_request_parts(parts, st).await?;
        let token = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let client = Client::from_parts(parts, &st.trusted_proxies);
        if !session::constant_time_eq(token.as_bytes(), session.csrf.as_bytes())
            || !same_origin(&parts.headers, &client)
        {
            return Err(ApiError::Csrf);
        }
        Ok(WriteSession(session))
    }
}

impl FromRequestParts<Arc<PartnerState>> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        st: &Arc<PartnerState>,
    ) -> Result<Client, Self::Rejection> {
        Ok(Client::from_parts(parts, &st.trusted_proxies))
    }
}

/// A number parameter; absent or blank is `None`.
fn number<'de, D: Deserializer<'de>, T: std::str::FromStr>(d: D) -> Result<Option<T>, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => t
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("{t:?} is not a whole number"))),
    }
}

/// `?from=&to=`: a window in unix seconds, by default the last 30 days.
#[derive(Debug, Default, Deserialize)]
pub struct WindowQuery {
    /// Start, unix seconds (default: `to` minus 30 days).
    #[serde(default, deserialize_with = "number")]
    pub from: Option<i64>,
    /// End, unix seconds (default: now).
    #[serde(default, deserialize_with = "number")]
    pub to: Option<i64>,
}

impl WindowQuery {
    /// The window asked for, with the defaults filled in.
    pub fn window(&self) -> Result<Window, ApiError> {
        let to = self.to.unwrap_or_else(unix_now);
        let from = self.from.unwrap_or(to.saturating_sub(DEFAULT_WINDOW));
        if from > to {
            return Err(ApiError::BadRequest("`from` is after `to`".into()));
        }
        Ok(Window { from, to })
    }
}

/// `?page=`: a page number from 1 (default 1).
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// The page, from 1.
    #[serde(default, deserialize_with = "number")]
    pub page: Option<u32>,
}

impl PageQuery {
    /// The page asked for (1 to 10,000).
    pub fn page(&self) -> Result<u32, ApiError> {
        let page = self.page.unwrap_or(1);
        if !(1..=10_000).contains(&page) {
            return Err(ApiError::BadRequest(
                "`page` must be a number from 1".into(),
            ));
        }
        Ok(page)
    }
}

/// True when the request's `Origin` names the host the client asked for (a write must come
/// from the dashboard page served here, not another site).
fn same_origin(headers: &HeaderMap, client: &Client) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
    client
        .host
        .as_deref()
        .is_some_and(|host| origin_host.eq_ignore_ascii_case(host))
}

/// True when the session cookie should be `Secure`: the client came over https.
fn secure_request(headers: &HeaderMap, client: &Client) -> bool {
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    client.https || origin.starts_with("https://")
}

/// A JSON body `{"password": …}`, `{"method_id": …, "account": …, "password": …}`; fields
/// absent or of another type read as empty, numbers as their text.
#[derive(Debug, Default, Deserialize)]
struct Form {
    #[serde(default, deserialize_with = "text")]
    password: String,
    #[serde(default, deserialize_with = "text")]
    method_id: String,
    #[serde(default, deserialize_with = "text")]
    account: String,
}

fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) => n.to_string(),
        _ => String::new(),
    })
}

impl Form {
    /// Reads a body; anything unreadable is an empty form.
    fn read(body: &[u8]) -> Form {
        serde_json::from_slice(body).unwrap_or_default()
    }
}

async fn login(
    State(st): State<Arc<PartnerState>>,
    client: Client,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    if headers.get(header::ORIGIN).is_some() && !same_origin(&headers, &client) {
        return Err(ApiError::CrossOrigin);
    }
    if st.password.is_empty() {
        return Err(ApiError::NotConfigured(
            "no dashboard password is configured (RATELINK_DASHBOARD_PASSWORD)".into(),
        ));
    }
    let form = Form::read(&body);
    st.check_password(client.ip, &form.password, ApiError::WrongPassword)
        .await?;
    let (id, csrf) = st.sessions.create().map_err(ApiError::NoRandomness)?;
    let mut resp = json_response(
        StatusCode::OK,
        ObjectWriter::new()
            .bool("ok", Some(true))
            .str("csrf", Some(&csrf))
            .str("api", Some(st.endpoint.api.as_str()))
            .finish(),
    );
    let cookie = session::set_cookie(
        &id,
        st.sessions.lifetime(),
        secure_request(&headers, &client),
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(resp)
}

async fn logout(
    State(st): State<Arc<PartnerState>>,
    WriteSession(session): WriteSession,
    client: Client,
    headers: HeaderMap,
) -> Response {
    st.sessions.remove(&session.id);
    let mut resp = ok_json();
    let cookie = session::clear_cookie(secure_request(&headers, &client));
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

fn raw(a: &Answer) -> Raw<'_> {
    Raw {
        status: a.status,
        retry_after: a.retry_after.as_deref(),
        body: &a.body,
    }
}

async fn summary(
    State(st): State<Arc<PartnerState>>,
    session: Session,
) -> Result<Response, ApiError> {
    let req = st.endpoint.summary(&st.key);
    let mut summary = match st.endpoint.api {
        PartnerApi::Pp => st.read(&req, true, pp::parse_info).await?,
        PartnerApi::IexV2 => st.read(&req, true, iex_v2::parse_summary).await?,
    };
    // pp gives no balance currency; a past payout's original currency is the site's base one.
    if st.endpoint.api == PartnerApi::Pp
        && summary
            .balance
            .as_ref()
            .is_some_and(|b| b.currency.is_none())
    {
        let now = unix_now();
        let req = st.endpoint.payouts(
            &st.key,
            Some(Window {
                from: now - 365 * 86_400,
                to: now,
            }),
            1,
        );
        if let Ok(past) = st.read(&req, true, pp::parse_payouts).await {
            pp::fill_base_currency(&mut summary, &past);
        }
    }
    let extras = SummaryExtras {
        api: st.endpoint.api.as_str().to_string(),
        referral_link: summary.referral_code.as_deref().map(|c| match &st.site {
            Some(site) => format!("{site}/ref/{}/", encode_component(c)),
            None => st.endpoint.referral_link(c),
        }),
        clicks: st.endpoint.api == PartnerApi::Pp,
        payout_request: st.endpoint.api == PartnerApi::Pp,
        csrf: Some(session.csrf),
    };
    Ok(json_response(
        StatusCode::OK,
        wire::summary_json(&summary, &extras),
    ))
}

async fn exchanges(
    State(st): State<Arc<PartnerState>>,
    _: Session,
    Query(window): Query<WindowQuery>,
    Query(page): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let (w, page) = (window.window()?, page.page()?);
    let body = match st.endpoint.api {
        PartnerApi::Pp => {
            let req = st.endpoint.exchanges(&st.key, Some(w), 1);
            let all: Vec<PartnerExchange> = st
                .read(&req, true, pp::parse_exchanges)
                .await?
                .into_iter()
                .filter(|e| in_window(&w, &e.at))
                .collect();
            let start = (page as usize - 1) * PAGE_SIZE;
            let items: Vec<PartnerExchange> =
                all.iter().skip(start).take(PAGE_SIZE).cloned().collect();
            let next = (start + PAGE_SIZE < all.len()).then_some(page + 1);
            wire::exchanges_json(&items, page, next, Some(&all))
        }
        PartnerApi::IexV2 => {
            let req = st.endpoint.exchanges(&st.key, None, page);
            let p = st.read(&req, true, iex_v2::parse_exchanges).await?;
            let items: Vec<PartnerExchange> = p
                .items
                .into_iter()
                .filter(|e| in_window(&w, &e.at))
                .collect();
            let next = (p.has_next && page < iex_v2::MAX_PAGES).then_some(page + 1);
            wire::exchanges_json(&items, page, next, None)
        }
    };
    Ok(json_response(StatusCode::OK, body))
}

async fn clicks(
    State(st): State<Arc<PartnerState>>,
    _: Session,
    Query(window): Query<WindowQuery>,
) -> Result<Response, ApiError> {
    let w = window.window()?;
    let req = st.endpoint.clicks(&st.key, Some(w))?;
    let list: Vec<_> = st
        .read(&req, true, pp::parse_links)
        .await?
        .into_iter()
        .filter(|c| in_window(&w, &c.at))
        .collect();
    Ok(json_response(StatusCode::OK, wire::clicks_json(&list)))
}

/// How far before the window clicks are read, so an exchange early in the window can be traced
/// to the click that brought its visitor.
pub const PLACEMENT_LOOKBACK: i64 = 30 * 86_400;

/// `GET /partner/placements?from=&to=`: clicks and exchanges per widget placement, each
/// exchange credited to its visitor's last click (pp only; iEX v2 has no clicks: 501).
async fn placements(
    State(st): State<Arc<PartnerState>>,
    _: Session,
    Query(window): Query<WindowQuery>,
) -> Result<Response, ApiError> {
    let w = window.window()?;
    let reach = Window {
        from: w.from.saturating_sub(PLACEMENT_LOOKBACK),
        to: w.to,
    };
    let clicks_req = st.endpoint.clicks(&st.key, Some(reach))?;
    let clicks = st.read(&clicks_req, true, pp::parse_links).await?;
    let exchanges_req = st.endpoint.exchanges(&st.key, Some(w), 1);
    let exchanges = st.read(&exchanges_req, true, pp::parse_exchanges).await?;
    let report = placements::attribute(&clicks, &exchanges, &st.placement_param, w);
    Ok(json_response(
        StatusCode::OK,
        wire::placements_json(&report),
    ))
}

async fn payouts(
    State(st): State<Arc<PartnerState>>,
    _: Session,
    Query(window): Query<WindowQuery>,
) -> Result<Response, ApiError> {
    let w = window.window()?;
    let list: Vec<Payout> = match st.endpoint.api {
        PartnerApi::Pp => {
            let req = st.endpoint.payouts(&st.key, Some(w), 1);
            st.read(&req, true, pp::parse_payouts).await?
        }
        PartnerApi::IexV2 => {
            let mut all = Vec::new();
            for page in 1..=iex_v2::MAX_PAGES {
                let req = st.endpoint.payouts(&st.key, None, page);
                match st.read(&req, true, iex_v2::parse_withdrawals).await {
                    Ok(p) => {
                        all.extend(p.items);
                        if !p.has_next {
                            break;
                        }
                    }
                    // A later page failing keeps what was read; the first failing is an error.
                    Err(e) if page == 1 => return Err(e),
                    Err(e) => {
                        tracing::warn!(target: "ratelink::partner", page, error = %e, "withdrawal paging stopped");
                        break;
                    }
                }
            }
            all
        }
    };
    let list: Vec<Payout> = list.into_iter().filter(|p| in_window(&w, &p.at)).collect();
    Ok(json_response(StatusCode::OK, wire::payouts_json(&list)))
}

/// `POST /partner/payouts` `{"method_id", "account", "password"}`: the whole balance to
/// `account`, once the dashboard password is given again and the account is allowed.
async fn request_payout(
    State(st): State<Arc<PartnerState>>,
    _: WriteSession,
    client: Client,
    body: Bytes,
) -> Result<Response, ApiError> {
    let form = Form::read(&body);
    st.check_password(client.ip, &form.password, ApiError::PayoutPassword)
        .await?;
    let (method_id, account) = (form.method_id.trim(), form.account.trim());
    if method_id.is_empty() || account.is_empty() || account.len() > 256 || method_id.len() > 64 {
        return Err(ApiError::BadRequest(
            "choose a payout method and enter the account".into(),
        ));
    }
    if !st.payout_accounts.is_empty() && !st.payout_accounts.iter().any(|a| a == account) {
        tracing::warn!(target: "ratelink::partner", client = %client.ip, "payout to an account outside payout_accounts refused");
        return Err(ApiError::AccountNotAllowed);
    }
    let req = st.endpoint.add_payout(&st.key, method_id, account)?;
    let result = st.read(&req, false, pp::parse_add_payout).await;
    // Whatever happened, balance and payouts may have changed.
    st.upstream.invalidate();
    let id = result?;
    tracing::info!(target: "ratelink::partner", payout_id = %id, "payout requested from the dashboard");
    Ok(json_response(
        StatusCode::OK,
        ObjectWriter::new()
            .bool("ok", Some(true))
            .str("payout_id", Some(&id))
            .finish(),
    ))
}

fn in_window(w: &Window, at: &ratelink_core::partner::When) -> bool {
    // Records with no exact time ("3 недели назад") are kept: dropping them would lose data.
    at.unix().is_none_or(|t| w.contains(t))
}
