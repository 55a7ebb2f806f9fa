//! Relay settings: the TOML file, command-line/environment overrides, and validation.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ratelink_core::partner::{PartnerApi, PartnerKey};
use serde::{Deserialize, Deserializer};

use crate::client_addr::TrustedProxies;

/// Default refresh interval of a feed.
pub const DEFAULT_REFRESH: Duration = Duration::from_secs(60);
/// Shortest refresh interval the configuration ([`load`]: file, flags, environment) accepts:
/// each refresh is one request to the exchanger.
pub const MIN_REFRESH: Duration = Duration::from_secs(10);
/// Default timeout of one upstream fetch (headers and whole body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);
/// Default cap on an upstream body, in bytes.
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;
/// Default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// A configuration problem, as one line for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

fn err<T>(msg: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError(msg.into()))
}

/// Where a feed's bytes come from. Every kind goes through the same fetcher, cache and
/// handlers; only [`crate::source`] looks at the kind.
#[derive(Clone, Debug)]
pub enum Source {
    /// An exchanger's export URL (kept whole, query string included).
    Http {
        /// The upstream URL.
        url: reqwest::Url,
    },
    /// Bytes built into the binary (the demo's sample feeds).
    Bundled {
        /// The feed body.
        bytes: &'static [u8],
        /// The content type an upstream would send with it.
        content_type: &'static str,
    },
    /// An upstream that always fails (the demo's failure state).
    Failing {
        /// The error every fetch reports.
        reason: String,
    },
}

impl Source {
    /// A loggable description: host and path only for URLs (query strings may carry keys).
    pub fn describe(&self) -> String {
        match self {
            Source::Http { url } => describe_url(url),
            Source::Bundled { .. } => "bundled sample".to_string(),
            Source::Failing { .. } => "always-failing sample".to_string(),
        }
    }

    /// A fingerprint of the source, stored next to the on-disk copy so a changed URL does not
    /// serve another feed's data.
    pub fn fingerprint(&self) -> String {
        match self {
            Source::Http { url } => {
                let digest = sha1_smol::Sha1::from(url.as_str()).digest().to_string();
                format!("http:{}", &digest[..16])
            }
            Source::Bundled { bytes, .. } => {
                let digest = sha1_smol::Sha1::from(*bytes).digest().to_string();
                format!("bundled:{}", &digest[..16])
            }
            Source::Failing { .. } => "failing".to_string(),
        }
    }
}

/// `scheme://host[:port]/path` of a URL, without query string, fragment or credentials.
pub fn describe_url(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or("?");
    match url.port() {
        Some(port) => format!("{}://{}:{}{}", url.scheme(), host, port, url.path()),
        None => format!("{}://{}{}", url.scheme(), host, url.path()),
    }
}

/// The exchanger a feed belongs to, for the widget's affiliate links.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchanger {
    /// The exchanger's display name (the compare view's column; default: the feed name).
    pub title: Option<String>,
    /// Exchanger site, e.g. `https://exchanger.example` (http or https only).
    pub base: Option<String>,
    /// The partner's referral code (the `XXXX` of `/ref/XXXX/`).
    #[serde(rename = "ref")]
    pub ref_code: Option<String>,
    /// Optional link template, e.g. `{base}/?rid={ref}&cur_from={from}&cur_to={to}`.
    pub link_template: Option<String>,
}

impl Exchanger {
    /// `self` with unset fields taken from `defaults`.
    pub fn or(&self, defaults: &Exchanger) -> Exchanger {
        Exchanger {
            title: self.title.clone().or_else(|| defaults.title.clone()),
            base: self.base.clone().or_else(|| defaults.base.clone()),
            ref_code: self.ref_code.clone().or_else(|| defaults.ref_code.clone()),
            link_template: self
                .link_template
                .clone()
                .or_else(|| defaults.link_template.clone()),
        }
    }

    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.base.is_none()
            && self.ref_code.is_none()
            && self.link_template.is_none()
    }

    /// The fields as a JSON object (only those set).
    pub fn to_json(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        if let Some(t) = &self.title {
            m.insert("title".into(), t.clone().into());
        }
        if let Some(b) = &self.base {
            m.insert("base".into(), b.clone().into());
        }
        if let Some(r) = &self.ref_code {
            m.insert("ref".into(), r.clone().into());
        }
        if let Some(t) = &self.link_template {
            m.insert("link_template".into(), t.clone().into());
        }
        serde_json::Value::Object(m)
    }

    fn validate(&self, what: &str) -> Result<(), ConfigError> {
        if let Some(base) = &self.base {
            match reqwest::Url::parse(base) {
                Ok(u) if u.scheme() == "http" || u.scheme() == "https" => {}
                Ok(u) => {
                    return err(format!(
                        "{what}: exchanger base {base:?} must be http(s), not {}",
                        u.scheme()
                    ))
                }
                Err(e) => {
                    return err(format!(
                        "{what}: exchanger base {base:?} is not a URL ({e})"
                    ))
                }
            }
        }
        Ok(())
    }
}

/// One feed the relay serves at `/feeds/{name}`.
#[derive(Clone, Debug)]
pub struct FeedConfig {
    /// URL-safe name (`[A-Za-z0-9_-]+`).
    pub name: String,
    /// Where the bytes come from.
    pub source: Source,
    /// Time between upstream fetches.
    pub refresh: Duration,
    /// Limit on one whole fetch (connect, headers and body).
    pub timeout: Duration,
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
    /// Exchanger base and partner code for this feed (defaults already applied).
    pub exchanger: Exchanger,
}

impl FeedConfig {
    /// A feed with default refresh, timeout and size cap.
    pub fn new(name: impl Into<String>, source: Source) -> FeedConfig {
        FeedConfig {
            name: name.into(),
            source,
            refresh: DEFAULT_REFRESH,
            timeout: DEFAULT_TIMEOUT,
            max_bytes: DEFAULT_MAX_BYTES,
            exchanger: Exchanger::default(),
        }
    }
}

/// Fewest characters a dashboard password may have.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Refuses a dashboard password shorter than [`MIN_PASSWORD_CHARS`] (empty means "not set":
/// logins are then refused, which is not a weak password).
pub fn check_dashboard_password(password: &PartnerKey) -> Result<(), ConfigError> {
    let chars = password.expose().chars().count();
    if chars > 0 && chars < MIN_PASSWORD_CHARS {
        return err(format!(
            "[partner] dashboard_password (RATELINK_DASHBOARD_PASSWORD) has {chars} characters; \
             use at least {MIN_PASSWORD_CHARS} (it guards payouts)"
        ));
    }
    Ok(())
}

/// Parses a partner API name (`"pp"`, `"iex-v2"`).
pub fn parse_partner_api(name: &str) -> Result<PartnerApi, ConfigError> {
    PartnerApi::from_name(name).ok_or_else(|| {
        ConfigError(format!(
            "partner api {name:?} is not one of \"pp\", \"iex-v2\""
        ))
    })
}

fn partner_api<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PartnerApi>, D::Error> {
    let name = String::deserialize(d)?;
    parse_partner_api(&name)
        .map(Some)
        .map_err(|e| serde::de::Error::custom(e.0))
}

fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<PartnerKey, D::Error> {
    String::deserialize(d).map(|s| PartnerKey::new(&s))
}

fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    let s = Seconds::deserialize(d)?;
    match s.to_duration("session time") {
        Ok(t) if !t.is_zero() => Ok(Some(t)),
        Ok(_) => Err(serde::de::Error::custom(
            "a session time must be above zero",
        )),
        Err(e) => Err(serde::de::Error::custom(e.0)),
    }
}

/// The `[partner]` section, for the dashboard routes. The key never leaves the relay.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerConfig {
    /// `"pp"` or `"iex-v2"`.
    #[serde(default, deserialize_with = "partner_api")]
    pub api: Option<PartnerApi>,
    /// The partner API endpoint (base URL).
    pub endpoint: Option<String>,
    /// The partner API key.
    #[serde(default, deserialize_with = "secret")]
    pub key: PartnerKey,
    /// Password protecting the dashboard routes and confirming payouts (12 characters or more).
    #[serde(default, deserialize_with = "secret")]
    pub dashboard_password: PartnerKey,
    /// Accounts payouts may be sent to; empty or absent allows any.
    #[serde(default)]
    pub payout_accounts: Vec<String>,
    /// Seconds an unused dashboard session lives (default 1 hour).
    #[serde(default, deserialize_with = "seconds")]
    pub session_idle: Option<Duration>,
    /// Seconds a dashboard session lives at most after login (default 12 hours).
    #[serde(default, deserialize_with = "seconds")]
    pub session_lifetime: Option<Duration>,
    /// The query parameter the widgets' `placement` travels in (their `placement-param`;
    /// default `utm_content`), read back from clicks by `GET /partner/placements`.
    pub placement_param: Option<String>,
}

impl PartnerConfig {
    /// True when nothing was configured.
    pub fn is_empty(&self) -> bool {
        self.api.is_none()
            && self.endpoint.is_none()
            && self.key.is_empty()
            && self.dashboard_password.is_empty()
    }
}

/// Everything the relay needs to run.
#[derive(Clone, Debug)]
pub struct RelayConfig {
    /// Address to listen on (port 0 picks a free port).
    pub listen: SocketAddr,
    /// The feeds, in configuration order.
    pub feeds: Vec<FeedConfig>,
    /// Origins allowed to read feeds cross-origin; `"*"` allows any.
    pub allow_origins: Vec<String>,
    /// Directory of the widget's built files served at `/`.
    pub assets: Option<PathBuf>,
    /// Directory for the on-disk last-good copies.
    pub state_dir: Option<PathBuf>,
    /// Exchanger defaults (already merged into each feed; kept for `/config`).
    pub exchanger: Exchanger,
    /// The `[partner]` section.
    pub partner: PartnerConfig,
    /// Client connection limits (the `[limits]` section).
    pub limits: crate::server::Limits,
    /// Proxies whose `X-Forwarded-For`/`-Proto`/`-Host` headers are believed.
    pub trusted_proxies: TrustedProxies,
}

impl RelayConfig {
    /// A config with no feeds listening on `listen`.
    pub fn new(listen: SocketAddr) -> RelayConfig {
        RelayConfig {
            listen,
            feeds: Vec::new(),
            allow_origins: Vec::new(),
            assets: None,
            state_dir: None,
            exchanger: Exchanger::default(),
            partner: PartnerConfig::default(),
            limits: crate::server::Limits::default(),
            trusted_proxies: TrustedProxies::default(),
        }
    }

    /// Checks names, URLs and limits; returns the first problem.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.feeds.is_empty() {
            return err(
                "no feeds configured: give --config FILE or --feed NAME=URL (or RATELINK_FEEDS)",
            );
        }
        let mut seen = std::collections::HashSet::new();
        for f in &self.feeds {
            validate_name(&f.name)?;
            if !seen.insert(f.name.as_str()) {
                return err(format!("feed {:?} is configured twice", f.name));
            }
            if f.refresh.is_zero() {
                return err(format!("feed {:?}: refresh must be above zero", f.name));
            }
            if f.timeout.is_zero() {
                return err(format!("feed {:?}: timeout must be above zero", f.name));
            }
            if f.max_bytes == 0 {
                return err(format!("feed {:?}: max_bytes must be above zero", f.name));
            }
            f.exchanger.validate(&format!("feed {:?}", f.name))?;
        }
        for o in &self.allow_origins {
            if o != "*" && !(o.starts_with("http://") || o.starts_with("https://")) {
                return err(format!(
                    "allowed origin {o:?} must be \"*\" or start with http:// or https://"
                ));
            }
        }
        self.exchanger.validate("[exchanger]")?;
        self.limits.validate().map_err(ConfigError)?;
        if let Some(ep) = &self.partner.endpoint {
            parse_http_url(ep).map_err(|e| ConfigError(format!("[partner] endpoint: {e}")))?;
        }
        check_dashboard_password(&self.partner.dashboard_password)?;
        // A dashboard half set up is a mistake to stop on, not a login that answers 503 later.
        if !self.partner.is_empty() {
            match crate::partner::PartnerSettings::from_config(&self.partner) {
                Ok(Some(_)) => {}
                Ok(None) => {
                    return err(
                        "[partner]: api is missing (pp or iex-v2, RATELINK_PARTNER_API); set it, or remove the other partner settings",
                    )
                }
                Err(e) => return err(format!("[partner]: {e}")),
            }
        }
        Ok(())
    }
}

/// Feed names appear in URLs and file names: letters, digits, `-` and `_` only.
pub fn validate_name(name: &str) -> Result<(), ConfigError> {
    if name.is_empty()
        || name.len() > 64
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return err(format!(
            "feed name {name:?} must be 1-64 letters, digits, '-' or '_'"
        ));
    }
    Ok(())
}

/// Parses an upstream URL, accepting http and https only.
pub fn parse_http_url(s: &str) -> Result<reqwest::Url, ConfigError> {
    let url = reqwest::Url::parse(s.trim())
        .map_err(|e| ConfigError(format!("{s:?} is not a URL ({e})")))?;
    match url.scheme() {
        "http" | "https" if url.host_str().is_some() => Ok(url),
        "http" | "https" => err(format!("{s:?} has no host")),
        other => err(format!(
            "{s:?}: only http and https URLs are supported, not {other}"
        )),
    }
}

/// Parses `NAME=URL`, one `--feed` value; `from` names where it came from in errors
/// (`--feed`, or `RATELINK_FEEDS` for a value of the environment variable).
pub fn parse_feed_arg(s: &str, from: &str) -> Result<(String, reqwest::Url), ConfigError> {
    let Some((name, url)) = s.split_once('=') else {
        return err(format!("{from} {s:?} must be NAME=URL"));
    };
    let name = name.trim().to_string();
    validate_name(&name).map_err(|e| ConfigError(format!("{from}: {e}")))?;
    let url = parse_http_url(url).map_err(|e| ConfigError(format!("{from} {name}=…: {e}")))?;
    Ok((name, url))
}

/// Splits the `--ref` values: `NAME=CODE` names one feed's code, a plain `CODE` is the default
/// of every feed (the last one wins). Returns `(default, per-feed)`.
pub fn split_ref_args(values: &[String]) -> (Option<String>, Vec<String>) {
    let mut global = None;
    let mut per_feed = Vec::new();
    for v in values {
        if v.contains('=') {
            per_feed.push(v.clone());
        } else {
            global = Some(v.clone());
        }
    }
    (global, per_feed)
}

/// Applies `--exchanger NAME=BASE_URL`, `--ref NAME=CODE` and `--title NAME=TEXT` to the feeds
/// they name; naming a feed that is not configured is an error.
fn apply_feed_flags(feeds: &mut [FeedConfig], over: &Overrides) -> Result<(), ConfigError> {
    type Field = fn(&mut Exchanger) -> &mut Option<String>;
    let flags: [(&str, &str, &[String], Field); 3] = [
        (
            over.origin("--exchanger", "RATELINK_EXCHANGERS"),
            "NAME=BASE_URL",
            &over.feed_exchangers,
            |e| &mut e.base,
        ),
        (
            over.origin("--ref", "RATELINK_REF"),
            "NAME=CODE",
            &over.feed_refs,
            |e| &mut e.ref_code,
        ),
        ("--title", "NAME=TEXT", &over.feed_titles, |e| &mut e.title),
    ];
    for (flag, shape, values, field) in flags {
        for arg in values {
            if arg.trim().is_empty() {
                continue;
            }
            let Some((name, value)) = arg.split_once('=') else {
                return err(format!("{flag} {arg:?} must be {shape}"));
            };
            let (name, value) = (name.trim(), value.trim());
            let Some(feed) = feeds.iter_mut().find(|f| f.name == name) else {
                let names: Vec<&str> = feeds.iter().map(|f| f.name.as_str()).collect();
                return err(format!(
                    "{flag} {arg:?} names feed {name:?}, which is not configured (feeds: {})",
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                ));
            };
            if value.is_empty() {
                return err(format!("{flag} {arg:?}: the value after '=' is empty"));
            }
            *field(&mut feed.exchanger) = Some(value.to_string());
        }
    }
    Ok(())
}

/// Seconds as an integer or a fraction in the TOML file (the `[partner]` session times; the
/// other keys are read by [`seconds_value`], which names them in its errors).
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(untagged)]
enum Seconds {
    Int(u64),
    Float(f64),
}

impl Seconds {
    fn to_duration(self, what: &str) -> Result<Duration, ConfigError> {
        match self {
            Seconds::Int(n) => Ok(Duration::from_secs(n)),
            Seconds::Float(f) if (0.0..1e9).contains(&f) => Ok(Duration::from_secs_f64(f)),
            Seconds::Float(f) => err(format!("{what}: {f} is not a number of seconds")),
        }
    }
}

/// A number of seconds in the file, `key = value`: a whole or fractional number, at least zero.
/// The errors name the key and the forms accepted (serde's would name neither).
fn seconds_value(value: &toml::Value, key: &str) -> Result<Duration, ConfigError> {
    let bad = |why: &str| err(format!("{key} = {value} {why}"));
    match value {
        toml::Value::Integer(n) => match u64::try_from(*n) {
            Ok(n) => Ok(Duration::from_secs(n)),
            Err(_) => bad("is negative: give a number of seconds, e.g. 60 or 2.5"),
        },
        toml::Value::Float(f) if (0.0..1e9).contains(f) => Ok(Duration::from_secs_f64(*f)),
        toml::Value::Float(_) => {
            bad("is not a number of seconds between 0 and 1000000000 (e.g. 60 or 2.5)")
        }
        _ => bad("is not a number of seconds: write a number without quotes, e.g. 60 or 2.5"),
    }
}

/// A number of seconds at the top level of the file or in `[limits]`, with its place in the
/// file for the error's line number.
type FileSeconds = toml::Spanned<toml::Value>;

/// [`seconds_value`] of a [`FileSeconds`] read from `file`: its errors start
/// `config FILE line N:` as the file's syntax errors do.
fn file_seconds(
    file: Option<&Path>,
    value: &FileSeconds,
    key: &str,
) -> Result<Duration, ConfigError> {
    seconds_value(value.get_ref(), key).map_err(|e| in_file(file, value.span().start, e))
}

/// `e` prefixed with `config FILE line N:`, N the line of byte `at` of `file`. The file is read
/// again for that (only on this error path); without it, `e` as it is.
fn in_file(file: Option<&Path>, at: usize, e: ConfigError) -> ConfigError {
    let Some(path) = file else { return e };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let line = text.as_bytes()[..at.min(text.len())]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            ConfigError(format!("config {} line {line}: {}", path.display(), e.0))
        }
        Err(_) => ConfigError(format!("config {}: {}", path.display(), e.0)),
    }
}

/// A setting as the operator wrote it: `--flag VALUE`, or `VARIABLE=VALUE`.
fn shown(origin: &str, value: impl std::fmt::Display) -> String {
    if origin.starts_with("--") {
        format!("{origin} {value}")
    } else {
        format!("{origin}={value}")
    }
}

/// `d`, or the error naming `what` (the key or flag and its value) when it is below
/// [`MIN_REFRESH`].
fn at_least_min_refresh(d: Duration, what: &str) -> Result<Duration, ConfigError> {
    if d < MIN_REFRESH {
        return err(format!(
            "{what} is below the minimum refresh of {} seconds (each refresh is a request to the exchanger)",
            MIN_REFRESH.as_secs()
        ));
    }
    Ok(d)
}

/// The TOML file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    assets: Option<PathBuf>,
    state_dir: Option<PathBuf>,
    #[serde(default)]
    allow_origins: Vec<String>,
    refresh: Option<FileSeconds>,
    timeout: Option<FileSeconds>,
    max_bytes: Option<u64>,
    #[serde(default)]
    exchanger: Exchanger,
    #[serde(default)]
    feeds: toml::Table,
    #[serde(default)]
    partner: PartnerConfig,
    #[serde(default)]
    limits: FileLimits,
    #[serde(default)]
    trusted_proxies: Vec<String>,
}

/// The `[limits]` table: connection limits, each optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLimits {
    header_read_timeout: Option<FileSeconds>,
    idle_timeout: Option<FileSeconds>,
    body_timeout: Option<FileSeconds>,
    max_body_bytes: Option<u64>,
    max_connections: Option<usize>,
    max_connections_per_client: Option<usize>,
}

/// One `[feeds.NAME]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFeed {
    url: String,
    refresh: Option<toml::Value>,
    timeout: Option<toml::Value>,
    max_bytes: Option<u64>,
    title: Option<String>,
    /// The exchanger's base URL (`base` is the older name of the key).
    #[serde(alias = "base")]
    exchanger: Option<String>,
    #[serde(rename = "ref")]
    ref_code: Option<String>,
    link_template: Option<String>,
}

/// Settings given on the command line or in the environment; they override the file.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--listen` / `RATELINK_LISTEN`.
    pub listen: Option<String>,
    /// `--feed NAME=URL` / `RATELINK_FEEDS`.
    pub feeds: Vec<String>,
    /// `--refresh SECONDS` / `RATELINK_REFRESH`.
    pub refresh: Option<f64>,
    /// `--timeout SECONDS` / `RATELINK_TIMEOUT`.
    pub timeout: Option<f64>,
    /// `--max-bytes N` / `RATELINK_MAX_BYTES`.
    pub max_bytes: Option<u64>,
    /// `--allow-origin ORIGIN` / `RATELINK_ALLOW_ORIGINS`.
    pub allow_origins: Vec<String>,
    /// `--assets DIR` / `RATELINK_ASSETS`.
    pub assets: Option<PathBuf>,
    /// `--state-dir DIR` / `RATELINK_STATE_DIR`.
    pub state_dir: Option<PathBuf>,
    /// `--exchanger-base URL` / `RATELINK_EXCHANGER_BASE`.
    pub exchanger_base: Option<String>,
    /// `--ref CODE` / `RATELINK_REF`.
    pub ref_code: Option<String>,
    /// `--exchanger NAME=BASE_URL` / `RATELINK_EXCHANGERS`: one feed's exchanger site.
    pub feed_exchangers: Vec<String>,
    /// `--ref NAME=CODE`: one feed's partner code.
    pub feed_refs: Vec<String>,
    /// `--title NAME=TEXT`: one feed's exchanger title.
    pub feed_titles: Vec<String>,
    /// `RATELINK_PARTNER_API`.
    pub partner_api: Option<String>,
    /// `RATELINK_PARTNER_ENDPOINT`.
    pub partner_endpoint: Option<String>,
    /// `RATELINK_PARTNER_KEY`.
    pub partner_key: Option<PartnerKey>,
    /// `RATELINK_DASHBOARD_PASSWORD`.
    pub dashboard_password: Option<PartnerKey>,
    /// `--trusted-proxy ADDR` / `RATELINK_TRUSTED_PROXIES`.
    pub trusted_proxies: Vec<String>,
    /// `--header-read-timeout SECONDS` / `RATELINK_HEADER_READ_TIMEOUT`.
    pub header_read_timeout: Option<f64>,
    /// `--idle-timeout SECONDS` / `RATELINK_IDLE_TIMEOUT`.
    pub idle_timeout: Option<f64>,
    /// `--body-timeout SECONDS` / `RATELINK_BODY_TIMEOUT`.
    pub body_timeout: Option<f64>,
    /// `--max-body-bytes N` / `RATELINK_MAX_BODY_BYTES`.
    pub max_body_bytes: Option<u64>,
    /// `--max-connections N` / `RATELINK_MAX_CONNECTIONS`.
    pub max_connections: Option<usize>,
    /// `--max-connections-per-client N` / `RATELINK_MAX_CONNECTIONS_PER_CLIENT`.
    pub max_connections_per_client: Option<usize>,
    /// The flags (`"--feed"`, `"--refresh"`…) whose values came from their environment
    /// variable, so errors name the variable the operator set.
    pub from_env: Vec<&'static str>,
}

impl Overrides {
    /// `env` when the value of `flag` came from that environment variable, else `flag`.
    pub fn origin(&self, flag: &'static str, env: &'static str) -> &'static str {
        if self.from_env.contains(&flag) {
            env
        } else {
            flag
        }
    }
}

/// `[limits]` from the file with the overrides applied, defaults for the rest.
fn limits(
    path: Option<&Path>,
    file: &FileLimits,
    over: &Overrides,
) -> Result<crate::server::Limits, ConfigError> {
    let defaults = crate::server::Limits::default();
    let seconds =
        |flag: Option<f64>, flag_name: &str, file: &Option<FileSeconds>, key: &str, default| {
            match seconds_override(flag, flag_name)? {
                Some(d) => Ok::<_, ConfigError>(d),
                None => Ok(file
                    .as_ref()
                    .map(|v| file_seconds(path, v, &format!("[limits] {key}")))
                    .transpose()?
                    .unwrap_or(default)),
            }
        };
    Ok(crate::server::Limits {
        header_read_timeout: seconds(
            over.header_read_timeout,
            "--header-read-timeout",
            &file.header_read_timeout,
            "header_read_timeout",
            defaults.header_read_timeout,
        )?,
        idle_timeout: seconds(
            over.idle_timeout,
            "--idle-timeout",
            &file.idle_timeout,
            "idle_timeout",
            defaults.idle_timeout,
        )?,
        body_timeout: seconds(
            over.body_timeout,
            "--body-timeout",
            &file.body_timeout,
            "body_timeout",
            defaults.body_timeout,
        )?,
        max_body_bytes: over
            .max_body_bytes
            .or(file.max_body_bytes)
            .unwrap_or(defaults.max_body_bytes),
        max_connections: over
            .max_connections
            .or(file.max_connections)
            .unwrap_or(defaults.max_connections),
        max_connections_per_client: over
            .max_connections_per_client
            .or(file.max_connections_per_client)
            .unwrap_or(defaults.max_connections_per_client),
    })
}

fn seconds_override(v: Option<f64>, what: &str) -> Result<Option<Duration>, ConfigError> {
    match v {
        None => Ok(None),
        Some(f) if f.is_finite() && f > 0.0 && f < 1e9 => Ok(Some(Duration::from_secs_f64(f))),
        Some(f) => err(format!("{what} {f} must be a positive number of seconds")),
    }
}

/// True when the config line holding byte `at` sets a secret (`key`, `dashboard_password`,
/// anything named like a key, password, secret or token), whose value an error must not echo.
fn on_secret_line(text: &str, at: usize) -> bool {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or("");
    let name = line
        .split('=')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    ["key", "password", "secret", "token"]
        .iter()
        .any(|word| name.contains(word))
}

/// A TOML error message with the values it quotes in backticks replaced (`invalid type:
/// integer `[value not shown]`, expected a string`): they may be a secret written unquoted.
fn without_quoted_values(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut parts = msg.split('`');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    let mut inside = true;
    for part in parts {
        out.push('`');
        out.push_str(if inside { "[value not shown]" } else { part });
        inside = !inside;
    }
    out
}

/// Reads the config file (if any), applies the overrides and validates the result.
pub fn load(file: Option<&Path>, over: &Overrides) -> Result<RelayConfig, ConfigError> {
    let parsed: FileConfig = match file {
        None => FileConfig::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| ConfigError(format!("cannot read config {}: {e}", path.display())))?;
            toml::from_str(&text).map_err(|e| {
                let mut msg = e.message().replace('\n', " ");
                if e.span()
                    .is_none_or(|span| on_secret_line(&text, span.start))
                {
                    msg = without_quoted_values(&msg);
                }
                match e.span() {
                    Some(span) => {
                        let end = span.start.min(text.len());
                        let line = text.as_bytes()[..end]
                            .iter()
                            .filter(|b| **b == b'\n')
                            .count()
                            + 1;
                        ConfigError(format!("config {} line {line}: {msg}", path.display()))
                    }
                    None => ConfigError(format!("config {}: {msg}", path.display())),
                }
            })?
        }
    };

    let listen_text = over
        .listen
        .clone()
        .or(parsed.listen.clone())
        .unwrap_or_else(|| DEFAULT_LISTEN.to_string());
    let listen: SocketAddr = listen_text.trim().parse().map_err(|_| {
        ConfigError(format!(
            "listen address {listen_text:?} is not IP:PORT (e.g. 127.0.0.1:8080)"
        ))
    })?;

    let refresh_flag = over.origin("--refresh", "RATELINK_REFRESH");
    let refresh = match seconds_override(over.refresh, refresh_flag)? {
        Some(d) => at_least_min_refresh(d, &shown(refresh_flag, over.refresh.unwrap_or(0.0)))?,
        None => match &parsed.refresh {
            Some(v) => at_least_min_refresh(
                file_seconds(file, v, "refresh")?,
                &format!("refresh = {}", v.get_ref()),
            )
            .map_err(|e| in_file(file, v.span().start, e))?,
            None => DEFAULT_REFRESH,
        },
    };
    let timeout =
        match seconds_override(over.timeout, over.origin("--timeout", "RATELINK_TIMEOUT"))? {
            Some(d) => d,
            None => parsed
                .timeout
                .as_ref()
                .map(|v| file_seconds(file, v, "timeout"))
                .transpose()?
                .unwrap_or(DEFAULT_TIMEOUT),
        };
    let max_bytes = over
        .max_bytes
        .or(parsed.max_bytes)
        .unwrap_or(DEFAULT_MAX_BYTES);

    let mut exchanger = parsed.exchanger.clone();
    if over.exchanger_base.is_some() {
        exchanger.base = over.exchanger_base.clone();
    }
    if over.ref_code.is_some() {
        exchanger.ref_code = over.ref_code.clone();
    }

    let mut feeds = Vec::new();
    for (name, value) in parsed.feeds.iter() {
        let table: FileFeed = value.clone().try_into().map_err(|e: toml::de::Error| {
            ConfigError(format!(
                "[feeds.{name}]: {}",
                e.message().replace('\n', " ")
            ))
        })?;
        validate_name(name)?;
        let url = parse_http_url(&table.url)
            .map_err(|e| ConfigError(format!("[feeds.{name}] url: {e}")))?;
        let own = Exchanger {
            title: table.title,
            base: table.exchanger,
            ref_code: table.ref_code,
            link_template: table.link_template,
        };
        feeds.push(FeedConfig {
            name: name.clone(),
            source: Source::Http { url },
            refresh: match &table.refresh {
                Some(v) => {
                    let key = format!("[feeds.{name}] refresh");
                    at_least_min_refresh(seconds_value(v, &key)?, &format!("{key} = {v}"))?
                }
                None => refresh,
            },
            timeout: match &table.timeout {
                Some(v) => seconds_value(v, &format!("[feeds.{name}] timeout"))?,
                None => timeout,
            },
            max_bytes: table.max_bytes.unwrap_or(max_bytes),
            exchanger: own.or(&exchanger),
        });
    }
    for arg in &over.feeds {
        if arg.trim().is_empty() {
            continue;
        }
        let (name, url) = parse_feed_arg(arg, over.origin("--feed", "RATELINK_FEEDS"))?;
        if let Some(existing) = feeds.iter_mut().find(|f| f.name == name) {
            existing.source = Source::Http { url };
        } else {
            let mut f = FeedConfig::new(name, Source::Http { url });
            f.refresh = refresh;
            f.timeout = timeout;
            f.max_bytes = max_bytes;
            f.exchanger = exchanger.clone();
            feeds.push(f);
        }
    }
    apply_feed_flags(&mut feeds, over)?;

    let mut allow_origins = parsed.allow_origins.clone();
    for o in &over.allow_origins {
        let o = o.trim().trim_end_matches('/').to_string();
        if !o.is_empty() && !allow_origins.contains(&o) {
            allow_origins.push(o);
        }
    }
    let allow_origins = allow_origins
        .into_iter()
        .map(|o| o.trim_end_matches('/').to_string())
        .collect();

    let mut partner = parsed.partner.clone();
    if let Some(api) = &over.partner_api {
        partner.api = Some(parse_partner_api(api)?);
    }
    if over.partner_endpoint.is_some() {
        partner.endpoint = over.partner_endpoint.clone();
    }
    if let Some(k) = &over.partner_key {
        partner.key = k.clone();
    }
    if let Some(p) = &over.dashboard_password {
        partner.dashboard_password = p.clone();
    }

    let state_dir = over
        .state_dir
        .clone()
        .or(parsed.state_dir.clone())
        .filter(|p| !p.as_os_str().is_empty());
    let assets = over
        .assets
        .clone()
        .or(parsed.assets.clone())
        .filter(|p| !p.as_os_str().is_empty());

    let mut trusted = parsed.trusted_proxies.clone();
    trusted.extend(
        over.trusted_proxies
            .iter()
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty()),
    );
    let trusted_proxies = TrustedProxies::parse(&trusted).map_err(ConfigError)?;

    let config = RelayConfig {
        listen,
        feeds,
        allow_origins,
        assets,
        state_dir,
        exchanger,
        partner,
        limits: limits(file, &parsed.limits, over)?,
        trusted_proxies,
    };
    config.validate()?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> tempfile::NamedTempFile {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), text).unwrap();
        f
    }

    #[test]
    fn a_secret_written_unquoted_is_not_echoed_in_the_error() {
        for text in [
            "[partner]\nkey = 987654321987654321\n[feeds.a]\nurl = \"https://x/y\"",
            "[partner]\ndashboard_password = 123456789012345\n[feeds.a]\nurl = \"https://x/y\"",
            "[partner]\nkey = [\"KEY-SENTINEL-0123456789abcdef\"]\n[feeds.a]\nurl = \"https://x/y\"",
        ] {
            let f = write(text);
            let e = load(Some(f.path()), &Overrides::default()).unwrap_err();
            assert!(e.0.contains("line 2"), "the line is named: {e}");
            for secret in ["987654321987654321", "123456789012345", "KEY-SENTINEL"] {
                assert!(!e.0.contains(secret), "{e}");
            }
        }
        // Other values are still quoted, which helps to find the mistake.
        let f = write("refresh = true\n[feeds.a]\nurl = \"https://x/y\"");
        let e = load(Some(f.path()), &Overrides::default()).unwrap_err();
        assert!(e.0.contains("line 1"), "{e}");
    }

    #[test]
    fn reads_a_full_file_and_applies_defaults() {
        let f = write(
            r#"
listen = "127.0.0.1:9000"
trusted_proxies = ["10.0.0.0/8"]
allow_origins = ["https://partner.example"]
refresh = 30
state_dir = "/tmp/x"
[exchanger]
base = "https://ex.example"
ref = "R1"
[feeds.main]
url = "https://ex.example/request-exportxml.xml?hcron=abc"
timeout = 2.5
[feeds.other]
url = "http://127.0.0.1:1/valuta.xml"
refresh = 120
ref = "R2"
[partner]
api = "iex-v2"
endpoint = "https://ex.example/api"
key = "sekret"
dashboard_password = "a long enough password"
payout_accounts = ["TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE"]
session_lifetime = 3600
"#,
        );
        let c = load(Some(f.path()), &Overrides::default()).unwrap();
        assert_eq!(c.listen.port(), 9000);
        assert_eq!(c.feeds.len(), 2);
        let main = c.feeds.iter().find(|f| f.name == "main").unwrap();
        assert_eq!(main.refresh, Duration::from_secs(30));
        assert_eq!(main.timeout, Duration::from_millis(2500));
        assert_eq!(main.exchanger.ref_code.as_deref(), Some("R1"));
        let other = c.feeds.iter().find(|f| f.name == "other").unwrap();
        assert_eq!(other.refresh, Duration::from_secs(120));
        assert_eq!(other.exchanger.ref_code.as_deref(), Some("R2"));
        assert_eq!(other.exchanger.base.as_deref(), Some("https://ex.example"));
        assert_eq!(c.partner.api, Some(PartnerApi::IexV2));
        assert_eq!(c.partner.key.expose(), "sekret");
        assert_eq!(c.partner.payout_accounts.len(), 1);
        assert_eq!(c.partner.session_lifetime, Some(Duration::from_secs(3600)));
        assert_eq!(c.partner.session_idle, None);
        assert!(c.trusted_proxies.contains("10.1.2.3".parse().unwrap()));
        assert!(
            !format!("{c:?}").contains("sekret"),
            "the key must not appear in Debug output"
        );
    }

    #[test]
    fn each_feed_names_its_exchanger_falling_back_to_the_global_one() {
        let f = write(
            r#"
[exchanger]
base = "https://default.example"
ref = "G1"
link_template = "{base}/?rid={ref}&cur_from={from}&cur_to={to}"
[feeds.alpha]
url = "https://alpha.example/rates.xml"
title = "Alpha Exchange"
exchanger = "https://alpha.example"
ref = "A1B2"
[feeds.beta]
url = "https://beta.example/rates.xml"
base = "https://beta.example"
link_template = "{base}/go/{ref}"
[feeds.gamma]
url = "https://gamma.example/rates.xml"
"#,
        );
        let c = load(Some(f.path()), &Overrides::default()).unwrap();
        let ex = |name: &str| &c.feeds.iter().find(|f| f.name == name).unwrap().exchanger;
        let alpha = ex("alpha");
        assert_eq!(alpha.title.as_deref(), Some("Alpha Exchange"));
        assert_eq!(alpha.base.as_deref(), Some("https://alpha.example"));
        assert_eq!(alpha.ref_code.as_deref(), Some("A1B2"));
        assert_eq!(
            alpha.link_template.as_deref(),
            Some("{base}/?rid={ref}&cur_from={from}&cur_to={to}"),
            "unset keys fall back to [exchanger]"
        );
        let beta = ex("beta");
        assert_eq!(
            beta.base.as_deref(),
            Some("https://beta.example"),
            "base is the older name of exchanger"
        );
        assert_eq!(beta.ref_code.as_deref(), Some("G1"));
        assert_eq!(beta.link_template.as_deref(), Some("{base}/go/{ref}"));
        assert_eq!(beta.title, None);
        let gamma = ex("gamma");
        assert_eq!(gamma, &c.exchanger, "everything from [exchanger]");

        let f = write("[feeds.a]\nurl = \"https://x/y\"\nexchanger = \"ftp://x\"");
        let e = load(Some(f.path()), &Overrides::default()).unwrap_err();
        assert!(e.0.contains("feed \"a\"") && e.0.contains("http(s)"), "{e}");
        let f = write(
            "[feeds.a]\nurl = \"https://x/y\"\nexchanger = \"https://a\"\nbase = \"https://b\"",
        );
        let e = load(Some(f.path()), &Overrides::default()).unwrap_err();
        assert!(e.0.contains("exchanger") && !e.0.contains('\n'), "{e}");
    }

    #[test]
    fn per_feed_flags_override_and_must_name_a_configured_feed() {
        let (global, per_feed) =
            split_ref_args(&["G0".to_string(), "b=B2".to_string(), "G1".to_string()]);
        assert_eq!(global.as_deref(), Some("G1"), "the last plain code wins");
        assert_eq!(per_feed, ["b=B2"]);

        let f = write(
            "[exchanger]\nref = \"FILE\"\n[feeds.a]\nurl = \"https://x/a\"\n[feeds.c]\nurl = \"https://x/c\"\nref = \"C0\"\ntitle = \"Old\"",
        );
        let over = Overrides {
            feeds: vec!["b=https://x/b".into()],
            ref_code: Some("GLOBAL".into()),
            feed_refs: vec!["b=B2".into(), "c=C2".into()],
            feed_exchangers: vec!["a=https://a.example".into()],
            feed_titles: vec!["c=Gamma Change".into()],
            ..Overrides::default()
        };
        let c = load(Some(f.path()), &over).unwrap();
        let ex = |name: &str| &c.feeds.iter().find(|f| f.name == name).unwrap().exchanger;
        assert_eq!(
            ex("a").ref_code.as_deref(),
            Some("GLOBAL"),
            "--ref CODE is every feed's default"
        );
        assert_eq!(ex("a").base.as_deref(), Some("https://a.example"));
        assert_eq!(ex("b").ref_code.as_deref(), Some("B2"), "a --feed feed too");
        assert_eq!(ex("b").base, None);
        assert_eq!(
            ex("c").ref_code.as_deref(),
            Some("C2"),
            "the flag beats the file"
        );
        assert_eq!(ex("c").title.as_deref(), Some("Gamma Change"));
        assert_eq!(c.exchanger.ref_code.as_deref(), Some("GLOBAL"));

        for (over, needle) in [
            (
                Overrides {
                    feed_refs: vec!["nope=X".into()],
                    ..Overrides::default()
                },
                "--ref \"nope=X\" names feed \"nope\", which is not configured (feeds: a)",
            ),
            (
                Overrides {
                    feed_exchangers: vec!["zz=https://z.example".into()],
                    ..Overrides::default()
                },
                "--exchanger \"zz=https://z.example\" names feed \"zz\"",
            ),
            (
                Overrides {
                    feed_titles: vec!["q=Q".into()],
                    ..Overrides::default()
                },
                "--title \"q=Q\" names feed \"q\"",
            ),
            (
                Overrides {
                    feed_exchangers: vec!["a".into()],
                    ..Overrides::default()
                },
                "must be NAME=BASE_URL",
            ),
            (
                Overrides {
                    feed_exchangers: vec!["a=ftp://a".into()],
                    ..Overrides::default()
                },
                "http(s)",
            ),
        ] {
            let over = Overrides {
                feeds: vec!["a=https://x/a".into()],
                ..over
            };
            let e = load(None, &over).unwrap_err();
            assert!(e.0.contains(needle), "{e}");
            assert!(!e.0.contains('\n'), "{e}");
        }
    }

    #[test]
    fn the_example_config_is_valid() {
        let f = write(include_str!("../relay.example.toml"));
        // Its key and password come from the environment, as the example says.
        let env = Overrides {
            partner_key: Some(PartnerKey::new("KEY-SENTINEL-0123456789abcdef")),
            dashboard_password: Some(PartnerKey::new("a-long-password")),
            ..Overrides::default()
        };
        let c = load(Some(f.path()), &env).unwrap();
        assert_eq!(c.feeds.len(), 2);
        assert_eq!(c.partner.api, Some(PartnerApi::IexV2));
        assert_eq!(c.exchanger.ref_code.as_deref(), Some("XXXXXX"));
    }

    #[test]
    fn overrides_win_and_quick_start_needs_no_file() {
        let over = Overrides {
            listen: Some("0.0.0.0:1234".into()),
            feeds: vec!["a=https://ex.example/a.xml".into()],
            refresh: Some(15.0),
            allow_origins: vec!["*".into()],
            ..Overrides::default()
        };
        let c = load(None, &over).unwrap();
        assert_eq!(c.listen.port(), 1234);
        assert_eq!(c.feeds[0].name, "a");
        assert_eq!(c.feeds[0].refresh, Duration::from_secs(15));
        assert_eq!(c.allow_origins, vec!["*".to_string()]);
    }

    #[test]
    fn refresh_has_a_minimum_and_second_counts_name_their_key() {
        let feed = "[feeds.a]\nurl = \"https://x/y\"\n";
        for (text, needle) in [
            (
                format!("refresh = 0.0001\n{feed}"),
                "refresh = 0.0001 is below the minimum refresh of 10 seconds",
            ),
            (
                format!("{feed}refresh = 9"),
                "[feeds.a] refresh = 9 is below the minimum refresh of 10 seconds",
            ),
            (
                format!("refresh = 0\n{feed}"),
                "refresh = 0 is below the minimum",
            ),
            (
                format!("refresh = \"abc\"\n{feed}"),
                "refresh = \"abc\" is not a number of seconds: write a number without quotes, e.g. 60 or 2.5",
            ),
            (
                format!("timeout = \"15s\"\n{feed}"),
                "timeout = \"15s\" is not a number of seconds",
            ),
            (
                format!("{feed}timeout = -1"),
                "[feeds.a] timeout = -1 is negative",
            ),
            (
                format!("{feed}[limits]\nidle_timeout = [1]"),
                "[limits] idle_timeout = [1] is not a number of seconds",
            ),
        ] {
            let f = write(&text);
            let e = load(Some(f.path()), &Overrides::default()).unwrap_err();
            assert!(e.0.contains(needle), "{text:?}: {e}");
            assert!(!e.0.contains("untagged"), "{e}");
            assert!(!e.0.contains('\n'), "{e}");
        }
        // Keys read with the file's syntax name their line too (a feed's table does not keep it).
        for (text, line) in [
            (
                format!("refresh = \"abc\"\n{feed}"),
                "line 1: refresh = \"abc\"",
            ),
            (
                format!("\nrefresh = 1\n{feed}"),
                "line 2: refresh = 1 is below",
            ),
            (format!("timeout = true\n{feed}"), "line 1: timeout = true"),
            (
                format!("{feed}[limits]\nidle_timeout = [1]"),
                "line 4: [limits] idle_timeout",
            ),
        ] {
            let f = write(&text);
            let e = load(Some(f.path()), &Overrides::default()).unwrap_err();
            assert!(
                e.0.starts_with("config ") && e.0.contains(line),
                "{text:?}: {e}"
            );
        }
        // The minimum itself, a fraction above it, and an interval per feed are fine.
        let f = write(&format!(
            "refresh = 10\n{feed}[feeds.b]\nurl = \"https://x/b\"\nrefresh = 12.5\n"
        ));
        let c = load(Some(f.path()), &Overrides::default()).unwrap();
        assert_eq!(c.feeds[0].refresh, MIN_REFRESH);
        assert_eq!(c.feeds[1].refresh, Duration::from_millis(12_500));

        // The flag, or the variable when the value came from it.
        let over = Overrides {
            feeds: vec!["a=https://x/a".into()],
            refresh: Some(0.0001),
            ..Overrides::default()
        };
        let e = load(None, &over).unwrap_err();
        assert!(
            e.0.starts_with("--refresh 0.0001 is below the minimum"),
            "{e}"
        );
        let over = Overrides {
            from_env: vec!["--refresh"],
            ..over
        };
        let e = load(None, &over).unwrap_err();
        assert!(
            e.0.starts_with("RATELINK_REFRESH=0.0001 is below the minimum"),
            "{e}"
        );
    }

    #[test]
    fn errors_in_list_values_name_the_variable_they_came_from() {
        let over = Overrides {
            feeds: vec!["a=https://x/a".into(), "b".into()],
            ..Overrides::default()
        };
        let e = load(None, &over).unwrap_err();
        assert_eq!(e.0, "--feed \"b\" must be NAME=URL");
        let over = Overrides {
            from_env: vec!["--feed"],
            ..over
        };
        let e = load(None, &over).unwrap_err();
        assert_eq!(e.0, "RATELINK_FEEDS \"b\" must be NAME=URL");
        let over = Overrides {
            feeds: vec!["a=ftp://x/a".into()],
            from_env: vec!["--feed"],
            ..Overrides::default()
        };
        let e = load(None, &over).unwrap_err();
        assert!(
            e.0.starts_with("RATELINK_FEEDS a=…: ") && e.0.contains("only http and https"),
            "{e}"
        );
        let over = Overrides {
            feeds: vec!["a=https://x/a".into()],
            feed_exchangers: vec!["zz=https://z.example".into()],
            from_env: vec!["--exchanger"],
            ..Overrides::default()
        };
        let e = load(None, &over).unwrap_err();
        assert!(
            e.0.starts_with("RATELINK_EXCHANGERS \"zz=https://z.example\" names feed \"zz\""),
            "{e}"
        );
    }

    #[test]
    fn limits_come_from_the_file_and_the_overrides() {
        let f = write(
            "[feeds.a]\nurl = \"https://x/y\"\n[limits]\nheader_read_timeout = 5\nidle_timeout = 2.5\nmax_connections = 10\n",
        );
        let over = Overrides {
            max_body_bytes: Some(100),
            idle_timeout: Some(7.0),
            ..Overrides::default()
        };
        let c = load(Some(f.path()), &over).unwrap();
        let l = &c.limits;
        assert_eq!(l.header_read_timeout, Duration::from_secs(5));
        assert_eq!(l.idle_timeout, Duration::from_secs(7), "the flag wins");
        assert_eq!(l.max_connections, 10);
        assert_eq!(l.max_connections_per_client, 64);
        assert_eq!(l.max_body_bytes, 100);
        assert_eq!(
            l.body_timeout,
            crate::server::Limits::default().body_timeout
        );
        for (text, needle) in [
            ("[limits]\nmax_connections = 0", "max_connections"),
            ("[limits]\nbody_timeout = 0", "body_timeout"),
            ("[limits]\nheader_timeout = 3", "header_timeout"),
        ] {
            let f = write(&format!("[feeds.a]\nurl = \"https://x/y\"\n{text}"));
            let e = load(Some(f.path()), &Overrides::default()).unwrap_err();
            assert!(e.0.contains(needle), "{text:?}: {e}");
        }
    }

    #[test]
    fn bad_configs_give_one_line_errors() {
        let cases = [
            ("listen = 5", "line 1"),
            ("[feeds.a]\nurl = \"ftp://x/y\"", "only http and https"),
            ("[feeds.a]\nurl = \"https://x/y\"\nbogus = 1", "bogus"),
            ("typo = 1\n[feeds.a]\nurl = \"https://x/y\"", "typo"),
            ("[feeds.\"a b\"]\nurl = \"https://x/y\"", "feed name"),
            (
                "allow_origins = [\"partner.example\"]\n[feeds.a]\nurl = \"https://x/y\"",
                "allowed origin",
            ),
            (
                "[partner]\napi = \"nope\"\n[feeds.a]\nurl = \"https://x/y\"",
                "iex-v2",
            ),
            (
                "[partner]\ndashboard_password = \"short-pw\"\n[feeds.a]\nurl = \"https://x/y\"",
                "at least 12",
            ),
            (
                "[partner]\napi = \"pp\"\nendpoint = \"http://example.com/api\"\nkey = \"K\"\ndashboard_password = \"long-enough-pw\"\n[feeds.a]\nurl = \"https://x/y\"",
                "[partner]",
            ),
            (
                "[partner]\napi = \"pp\"\nkey = \"K\"\ndashboard_password = \"long-enough-pw\"\n[feeds.a]\nurl = \"https://x/y\"",
                "[partner]",
            ),
            (
                "[partner]\ndashboard_password = \"long-enough-pw\"\n[feeds.a]\nurl = \"https://x/y\"",
                "api is missing",
            ),
            (
                "trusted_proxies = [\"proxy.lan\"]\n[feeds.a]\nurl = \"https://x/y\"",
                "trusted proxy",
            ),
            (
                "[partner]\nsession_lifetime = 0\n[feeds.a]\nurl = \"https://x/y\"",
                "above zero",
            ),
            ("", "no feeds configured"),
        ];
        for (text, needle) in cases {
            let f = write(text);
            let e = load(Some(f.path()), &Overrides::default()).unwrap_err();
            assert!(e.0.contains(needle), "{text:?}: {e}");
            assert!(!e.0.contains('\n'), "{text:?}: error spans lines: {e}");
        }
        let e = load(
            None,
            &Overrides {
                feeds: vec!["noequals".into()],
                ..Overrides::default()
            },
        )
        .unwrap_err();
        assert!(e.0.contains("NAME=URL"), "{e}");
        let e = load(
            None,
            &Overrides {
                listen: Some("localhost".into()),
                feeds: vec!["a=http://x/".into()],
                ..Overrides::default()
            },
        )
        .unwrap_err();
        assert!(e.0.contains("listen"), "{e}");
    }
}
