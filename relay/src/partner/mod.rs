//! The partner dashboard's API: `/partner/*`, behind the relay's own login, holding the key.
//!
//! The relay's router merges [`router`], built from the `[partner]` config section. Every answer is `Cache-Control: no-store` JSON, and the
//! partner key appears in none of them, nor in any log line (upstream calls are logged by host
//! and path only).

// Handlers return a ready error `Response` early; boxing it would only add noise.
#![allow(clippy::result_large_err)]

pub mod demo;
pub mod session;
pub mod upstream;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use ratelink_core::json;
use ratelink_core::partner::wire::{self, ObjectWriter, SummaryExtras};
use ratelink_core::partner::Response as Raw;
use ratelink_core::partner::{
    iex_v2, pp, Method, PartnerApi, PartnerEndpoint, PartnerError, PartnerExchange, PartnerKey,
    Payout, PpFamily, Window,
};
use session::Sessions;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use upstream::{Answer, Upstream};

use crate::config::PartnerConfig;
use crate::http::AppState;

/// Rows per page of `GET /partner/exchanges` when the API itself does not page (pp).
pub const PAGE_SIZE: usize = 20;
/// Default window when `from`/`to` are absent: the last 30 days.
pub const DEFAULT_WINDOW: i64 = 30 * 86_400;

/// What the dashboard routes need, from `relay.toml` `[partner]` or the environment.
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
    /// The exchanger's site for referral links (`[exchanger] base`); the endpoint's origin if
    /// unset.
    pub site: Option<String>,
    /// How long an unused dashboard login lives (default [`session::IDLE`], 12 hours).
    pub session_idle: Duration,
}

impl PartnerSettings {
    /// From the relay's `[partner]` section (environment overrides already applied); `None`
    /// when no API is set.
    pub fn from_config(c: &PartnerConfig) -> Result<Option<PartnerSettings>, PartnerError> {
        let Some(api) = c.api else { return Ok(None) };
        let api = match api {
            crate::config::PartnerApi::Pp => "pp",
            crate::config::PartnerApi::IexV2 => "iex-v2",
        };
        PartnerSettings::from_parts(
            api,
            c.endpoint.as_deref(),
            c.key.expose(),
            c.dashboard_password.expose(),
        )
        .map(Some)
    }

    /// Reads `RATELINK_PARTNER_API`, `RATELINK_PARTNER_ENDPOINT`, `RATELINK_PARTNER_KEY` and
    /// `RATELINK_DASHBOARD_PASSWORD`; `None` when no API is configured.
    pub fn from_env() -> Result<Option<PartnerSettings>, PartnerError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let Some(api) = var("RATELINK_PARTNER_API") else {
            return Ok(None);
        };
        PartnerSettings::from_parts(
            &api,
            var("RATELINK_PARTNER_ENDPOINT").as_deref(),
            var("RATELINK_PARTNER_KEY").as_deref().unwrap_or(""),
            var("RATELINK_DASHBOARD_PASSWORD").as_deref().unwrap_or(""),
        )
        .map(Some)
    }

    /// Checks and assembles settings from their text forms.
    pub fn from_parts(
        api: &str,
        endpoint: Option<&str>,
        key: &str,
        password: &str,
    ) -> Result<PartnerSettings, PartnerError> {
        let api = PartnerApi::from_name(api).ok_or_else(|| {
            PartnerError::Config(format!(
                "partner api {api:?} is not one of \"pp\", \"iex-v2\""
            ))
        })?;
        let endpoint = endpoint.ok_or_else(|| {
            PartnerError::Config(
                "the partner endpoint is not set (RATELINK_PARTNER_ENDPOINT)".into(),
            )
        })?;
        PartnerEndpoint::new(api, endpoint)?;
        if key.trim().is_empty() {
            return Err(PartnerError::Config(
                "the partner key is not set (RATELINK_PARTNER_KEY)".into(),
            ));
        }
        Ok(PartnerSettings {
            api,
            endpoint: endpoint.to_string(),
            key: PartnerKey::new(key),
            password: PartnerKey::new(password),
            timeout: Duration::from_secs(15),
            site: None,
            session_idle: session::IDLE,
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
    upstream: Upstream,
}

impl PartnerState {
    /// State for `settings`.
    pub fn new(settings: PartnerSettings) -> Result<Arc<PartnerState>, PartnerError> {
        let endpoint = PartnerEndpoint::new(settings.api, &settings.endpoint)?;
        let upstream = Upstream::new(settings.key.expose(), settings.timeout)?;
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
            sessions: Sessions::new(settings.session_idle),
            upstream,
        }))
    }
}

/// The `/partner/*` routes for the relay, from its `[partner]` section. When the section is
/// missing or unusable, login answers 503 with the reason and every other route 401.
pub fn router(app: AppState) -> Router<AppState> {
    let problem = match PartnerSettings::from_config(&app.partner) {
        Ok(Some(settings)) => match PartnerState::new(PartnerSettings { site: app.exchanger.base.clone(), ..settings }) {
            Ok(state) => return routes(state),
            Err(e) => e.to_string(),
        },
        Ok(None) => "the partner dashboard is not configured (set RATELINK_PARTNER_API, RATELINK_PARTNER_ENDPOINT, RATELINK_PARTNER_KEY and RATELINK_DASHBOARD_PASSWORD)".to_string(),
        Err(e) => e.to_string(),
    };
    if !app.partner.is_empty() {
        tracing::warn!(target: "ratelink::partner", problem = %problem, "partner dashboard disabled");
    }
    disabled(problem)
}

/// The `/partner/*` routes over `state`, mergeable into any router.
pub fn routes<S: Clone + Send + Sync + 'static>(state: Arc<PartnerState>) -> Router<S> {
    Router::new()
        .route("/partner/login", post(login))
        .route("/partner/logout", post(logout))
        .route("/partner/summary", get(summary))
        .route("/partner/exchanges", get(exchanges))
        .route("/partner/clicks", get(clicks))
        .route("/partner/payouts", get(payouts).post(request_payout))
        .with_state(state)
}

fn disabled<S: Clone + Send + Sync + 'static>(problem: String) -> Router<S> {
    let problem = Arc::new(problem);
    let no_session = || {
        error_response(
            StatusCode::UNAUTHORIZED,
            "login_required",
            "log in to the dashboard first",
        )
    };
    Router::new()
        .route(
            "/partner/login",
            post(move || {
                let problem = problem.clone();
                async move {
                    error_response(StatusCode::SERVICE_UNAVAILABLE, "not_configured", &problem)
                }
            }),
        )
        .route(
            "/partner/logout",
            post(|| async { json_response(StatusCode::OK, "{\"ok\":true}".into()) }),
        )
        .route("/partner/summary", get(move || async move { no_session() }))
        .route(
            "/partner/exchanges",
            get(move || async move { no_session() }),
        )
        .route("/partner/clicks", get(move || async move { no_session() }))
        .route(
            "/partner/payouts",
            get(move || async move { no_session() }).post(move || async move { no_session() }),
        )
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    resp
}

fn error_response(status: StatusCode, kind: &str, message: &str) -> Response {
    json_response(status, wire::error_json(kind, message, None))
}

impl PartnerState {
    fn upstream_error(&self, e: PartnerError) -> Response {
        let e = e.redacted(self.key.expose());
        let status = match &e {
            PartnerError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            PartnerError::NotSupported(_) => StatusCode::NOT_IMPLEMENTED,
            PartnerError::Config(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::BAD_GATEWAY,
        };
        let mut resp = json_response(
            status,
            wire::error_json(e.kind(), &e.to_string(), e.retry_after()),
        );
        if let Some(secs) = e.retry_after() {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        resp
    }

    /// The session's CSRF token, or the 401 answer.
    fn session(&self, headers: &HeaderMap) -> Result<String, Response> {
        let id = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| session::cookie_value(c, session::COOKIE));
        match id.and_then(|id| self.sessions.check(id)) {
            Some(csrf) => Ok(csrf),
            None => Err(error_response(
                StatusCode::UNAUTHORIZED,
                "login_required",
                "log in to the dashboard first",
            )),
        }
    }

    async fn fetch(
        &self,
        req: &ratelink_core::partner::HttpRequest,
        cacheable: bool,
    ) -> Result<Answer, PartnerError> {
        let answer = self
            .upstream
            .call(req, cacheable)
            .await
            .map_err(|e| e.redacted(self.key.expose()))?;
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
            return self
                .upstream
                .call(&get, cacheable)
                .await
                .map_err(|e| e.redacted(self.key.expose()));
        }
        Ok(answer)
    }
}

fn secure_request(headers: &HeaderMap) -> bool {
    let proto = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    proto.eq_ignore_ascii_case("https") || origin.starts_with("https://")
}

/// True when the request's `Origin` names this very host (a write must come from the dashboard
/// page served here, not another site).
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
    let forwarded = headers
        .get("x-forwarded-host")
        .and_then(|v| v.to_str().ok());
    origin_host.eq_ignore_ascii_case(host)
        || forwarded.is_some_and(|f| origin_host.eq_ignore_ascii_case(f))
}

fn body_field(body: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let v = json::parse(text).ok()?;
    v.get(name)?.as_text().map(|t| t.into_owned())
}

async fn login(State(st): State<Arc<PartnerState>>, headers: HeaderMap, body: Bytes) -> Response {
    if headers.get(header::ORIGIN).is_some() && !same_origin(&headers) {
        return error_response(
            StatusCode::FORBIDDEN,
            "cross_origin",
            "log in from the dashboard page served by this relay",
        );
    }
    if st.password.is_empty() {
        return error_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "not_configured",
            "no dashboard password is configured (RATELINK_DASHBOARD_PASSWORD)",
        );
    }
    let given = body_field(&body, "password").unwrap_or_default();
    if !session::constant_time_eq(given.as_bytes(), st.password.expose().as_bytes()) {
        let delay = st.sessions.failed_login();
        tracing::warn!(target: "ratelink::partner", delay_ms = delay.as_millis() as u64, "dashboard login with a wrong password");
        tokio::time::sleep(delay).await;
        return error_response(StatusCode::UNAUTHORIZED, "wrong_password", "wrong password");
    }
    st.sessions.succeeded_login();
    let (id, csrf) = match st.sessions.create() {
        Ok(pair) => pair,
        Err(e) => {
            return error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                "no_randomness",
                &format!("cannot create a session: {e}"),
            )
        }
    };
    let mut resp = json_response(
        StatusCode::OK,
        ObjectWriter::new()
            .bool("ok", Some(true))
            .str("csrf", Some(&csrf))
            .str("api", Some(st.endpoint.api.as_str()))
            .finish(),
    );
    if let Ok(v) = HeaderValue::from_str(&session::set_cookie(
        &id,
        st.sessions.idle(),
        secure_request(&headers),
    )) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

async fn logout(State(st): State<Arc<PartnerState>>, headers: HeaderMap) -> Response {
    if let Some(id) = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| session::cookie_value(c, session::COOKIE))
    {
        st.sessions.remove(id);
    }
    let mut resp = json_response(StatusCode::OK, "{\"ok\":true}".into());
    if let Ok(v) = HeaderValue::from_str(&session::clear_cookie(secure_request(&headers))) {
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

/// Reads `from`/`to` (unix seconds) with the defaults and limits.
fn window(q: &HashMap<String, String>) -> Result<Window, Response> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let num = |name: &str| -> Result<Option<i64>, Response> {
        match q.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => s.parse::<i64>().map(Some).map_err(|_| {
                error_response(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    &format!("`{name}` must be unix seconds"),
                )
            }),
        }
    };
    let to = num("to")?.unwrap_or(now);
    let from = num("from")?.unwrap_or(to - DEFAULT_WINDOW);
    if from > to {
        return Err(error_response(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "`from` is after `to`",
        ));
    }
    Ok(Window { from, to })
}

async fn summary(State(st): State<Arc<PartnerState>>, headers: HeaderMap) -> Response {
    let csrf = match st.session(&headers) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let req = st.endpoint.summary(&st.key);
    let answer = match st.fetch(&req, true).await {
        Ok(a) => a,
        Err(e) => return st.upstream_error(e),
    };
    let parsed = match st.endpoint.api {
        PartnerApi::Pp => pp::parse_info(&raw(&answer)),
        PartnerApi::IexV2 => iex_v2::parse_summary(&raw(&answer)),
    };
    let mut summary = match parsed {
        Ok(s) => s,
        Err(e) => return st.upstream_error(e),
    };
    // pp gives no balance currency; a past payout's original currency is the site's base one.
    if st.endpoint.api == PartnerApi::Pp
        && summary
            .balance
            .as_ref()
            .is_some_and(|b| b.currency.is_none())
    {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let req = st.endpoint.payouts(
            &st.key,
            Some(Window {
                from: now - 365 * 86_400,
                to: now,
            }),
            1,
        );
        if let Ok(a) = st.fetch(&req, true).await {
            if let Some(code) = pp::parse_payouts(&raw(&a))
                .ok()
                .as_deref()
                .and_then(pp::base_currency)
            {
                for m in [
                    &mut summary.balance,
                    &mut summary.min_payout,
                    &mut summary.total_received,
                ]
                .into_iter()
                .flatten()
                {
                    m.currency.get_or_insert_with(|| code.clone());
                }
            }
        }
    }
    let extras = SummaryExtras {
        api: st.endpoint.api.as_str().to_string(),
        referral_link: summary.referral_code.as_deref().map(|c| match &st.site {
            Some(site) => format!(
                "{site}/ref/{}/",
                ratelink_core::partner::request::percent_encode(c)
            ),
            None => st.endpoint.referral_link(c),
        }),
        clicks: st.endpoint.api == PartnerApi::Pp,
        payout_request: st.endpoint.api == PartnerApi::Pp,
        csrf: Some(csrf),
    };
    json_response(StatusCode::OK, wire::summary_json(&summary, &extras))
}

fn page_number(q: &HashMap<String, String>) -> Result<u32, Response> {
    match q.get("page").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(1),
        Some(s) => s
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=10_000).contains(n))
            .ok_or_else(|| {
                error_response(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    "`page` must be a number from 1",
                )
            }),
    }
}

fn in_window(w: &Window, at: &ratelink_core::partner::When) -> bool {
    // Records with no exact time ("3 недели назад") are kept: dropping them would lose data.
    at.unix().is_none_or(|t| w.contains(t))
}

async fn exchanges(
    State(st): State<Arc<PartnerState>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Err(r) = st.session(&headers) {
        return r;
    }
    let (w, page) = match (window(&q), page_number(&q)) {
        (Ok(w), Ok(p)) => (w, p),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    match st.endpoint.api {
        PartnerApi::Pp => {
            let req = st.endpoint.exchanges(&st.key, Some(w), 1);
            let all: Vec<PartnerExchange> = match st
                .fetch(&req, true)
                .await
                .and_then(|a| pp::parse_exchanges(&raw(&a)))
            {
                Ok(list) => list.into_iter().filter(|e| in_window(&w, &e.at)).collect(),
                Err(e) => return st.upstream_error(e),
            };
            let start = (page as usize - 1) * PAGE_SIZE;
            let items: Vec<PartnerExchange> =
                all.iter().skip(start).take(PAGE_SIZE).cloned().collect();
            let next = (start + PAGE_SIZE < all.len()).then_some(page + 1);
            json_response(
                StatusCode::OK,
                wire::exchanges_json(&items, page, next, Some(&all)),
            )
        }
        PartnerApi::IexV2 => {
            let req = st.endpoint.exchanges(&st.key, None, page);
            match st
                .fetch(&req, true)
                .await
                .and_then(|a| iex_v2::parse_exchanges(&raw(&a)))
            {
                Ok(p) => {
                    let items: Vec<PartnerExchange> = p
                        .items
                        .into_iter()
                        .filter(|e| in_window(&w, &e.at))
                        .collect();
                    let next = (p.has_next && page < iex_v2::MAX_PAGES).then_some(page + 1);
                    json_response(
                        StatusCode::OK,
                        wire::exchanges_json(&items, page, next, None),
                    )
                }
                Err(e) => st.upstream_error(e),
            }
        }
    }
}

async fn clicks(
    State(st): State<Arc<PartnerState>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Err(r) = st.session(&headers) {
        return r;
    }
    let w = match window(&q) {
        Ok(w) => w,
        Err(r) => return r,
    };
    let req = match st.endpoint.clicks(&st.key, Some(w)) {
        Ok(r) => r,
        Err(e) => return st.upstream_error(e),
    };
    match st
        .fetch(&req, true)
        .await
        .and_then(|a| pp::parse_links(&raw(&a)))
    {
        Ok(list) => {
            let list: Vec<_> = list.into_iter().filter(|c| in_window(&w, &c.at)).collect();
            json_response(StatusCode::OK, wire::clicks_json(&list))
        }
        Err(e) => st.upstream_error(e),
    }
}

async fn payouts(
    State(st): State<Arc<PartnerState>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Err(r) = st.session(&headers) {
        return r;
    }
    let w = match window(&q) {
        Ok(w) => w,
        Err(r) => return r,
    };
    let list: Vec<Payout> = match st.endpoint.api {
        PartnerApi::Pp => {
            let req = st.endpoint.payouts(&st.key, Some(w), 1);
            match st
                .fetch(&req, true)
                .await
                .and_then(|a| pp::parse_payouts(&raw(&a)))
            {
                Ok(list) => list,
                Err(e) => return st.upstream_error(e),
            }
        }
        PartnerApi::IexV2 => {
            let mut all = Vec::new();
            for page in 1..=iex_v2::MAX_PAGES {
                let req = st.endpoint.payouts(&st.key, None, page);
                match st
                    .fetch(&req, true)
                    .await
                    .and_then(|a| iex_v2::parse_withdrawals(&raw(&a)))
                {
                    Ok(p) => {
                        all.extend(p.items);
                        if !p.has_next {
                            break;
                        }
                    }
                    // A later page failing keeps what was read; the first failing is an error.
                    Err(e) if page == 1 => return st.upstream_error(e),
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
    json_response(StatusCode::OK, wire::payouts_json(&list))
}

async fn request_payout(
    State(st): State<Arc<PartnerState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let csrf = match st.session(&headers) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let token = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !session::constant_time_eq(token.as_bytes(), csrf.as_bytes()) || !same_origin(&headers) {
        return error_response(
            StatusCode::FORBIDDEN,
            "csrf",
            "this request did not come from the dashboard page (CSRF token or Origin missing)",
        );
    }
    let method_id = body_field(&body, "method_id").unwrap_or_default();
    let account = body_field(&body, "account").unwrap_or_default();
    if method_id.trim().is_empty()
        || account.trim().is_empty()
        || account.len() > 256
        || method_id.len() > 64
    {
        return error_response(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "choose a payout method and enter the account",
        );
    }
    let req = match st.endpoint.add_payout(&st.key, &method_id, &account) {
        Ok(r) => r,
        Err(e) => return st.upstream_error(e),
    };
    let result = st
        .fetch(&req, false)
        .await
        .and_then(|a| pp::parse_add_payout(&raw(&a)));
    // Whatever happened, balance and payouts may have changed.
    st.upstream.invalidate();
    match result {
        Ok(id) => {
            tracing::info!(target: "ratelink::partner", payout_id = %id, "payout requested from the dashboard");
            json_response(
                StatusCode::OK,
                ObjectWriter::new()
                    .bool("ok", Some(true))
                    .str("payout_id", Some(&id))
                    .finish(),
            )
        }
        Err(e) => st.upstream_error(e),
    }
}
