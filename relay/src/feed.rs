//! One served feed: its last good copy, the pre-encoded response bodies, its health, and the
//! background task that refreshes it from upstream.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};

use axum::http::HeaderValue;
use bytes::Bytes;
use ratelink_core::{Feed, FeedError, FeedFormat, FeedStatus};
use tokio::sync::watch;

use crate::config::FeedConfig;
use crate::encoding;
use crate::icons::IconSet;
use crate::source::{self, FetchError, Fetched, Validators};
use crate::store::{Saved, Store};
use crate::time::rfc3339;

/// Brotli quality for feed bodies (encoded once per refresh). Quality 7 is within ~3% of
/// quality 9 on a 5,000-direction feed but its encoder needs ~8 MB instead of ~32 MB, which
/// keeps the relay's peak memory low.
const FEED_BROTLI_QUALITY: u32 = 7;
/// The warning a maintenance document is served with, instead of its own text.
const MAINTENANCE_WARNING: &str =
    "the exchanger published a maintenance/error document instead of rates";
/// Longest wait between attempts while an upstream keeps failing.
const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);

/// A response body ready to send: the normalized JSON in three codings plus headers.
#[derive(Debug)]
pub struct Served {
    /// Uncompressed JSON.
    pub identity: Bytes,
    /// Gzip-compressed JSON.
    pub gzip: Bytes,
    /// Brotli-compressed JSON.
    pub br: Bytes,
    /// Entity tag of the JSON, without quotes or coding suffix.
    pub etag_base: String,
    /// `ETag` header values for identity, gzip and br.
    pub etags: [HeaderValue; 3],
    /// `Last-Modified` header value: when the served body last changed (see [`Modified`]).
    pub last_modified: HeaderValue,
    /// The instant behind `Last-Modified`, whole seconds.
    pub modified_at: SystemTime,
    /// An earlier, different body was served with the same `Last-Modified` (both in one
    /// second), so `If-Modified-Since` cannot tell which one a client holds.
    pub modified_shared: bool,
    /// Whether the JSON says `"stale": true`.
    pub stale: bool,
    /// The upstream bytes behind it, for `/raw`; `None` for a maintenance or empty document
    /// (only a feed's own bytes are republished).
    pub raw: Option<Bytes>,
    /// Their content type.
    pub raw_content_type: HeaderValue,
    /// The icon sprite of the feed's currencies, named in the JSON's `icons`.
    pub icons: Option<Arc<Sprite>>,
}

/// One feed's icon sprite (see [`crate::icons`]): content-hashed name, pre-encoded bodies.
#[derive(Debug)]
pub struct Sprite {
    /// `icons.HASH.svg`, served at `/feeds/{name}/icons.HASH.svg`.
    pub file: String,
    /// The SVG.
    pub identity: Bytes,
    /// Gzip-compressed.
    pub gzip: Bytes,
    /// Brotli-compressed.
    pub br: Bytes,
    /// `ETag` header values for identity, gzip and br.
    pub etags: [HeaderValue; 3],
    /// Entity tag without quotes or coding suffix.
    pub etag_base: String,
}

impl Sprite {
    /// The sprite of `codes` drawn from `icons`.
    pub fn build<'a>(icons: &IconSet, codes: impl IntoIterator<Item = &'a str>) -> Sprite {
        let svg = icons.sprite(codes).into_bytes();
        let etag_base = sha1_smol::Sha1::from(&svg[..]).digest().to_string()[..20].to_string();
        Sprite {
            file: format!("icons.{}.svg", &etag_base[..12]),
            gzip: Bytes::from(encoding::gzip(&svg, 9)),
            br: Bytes::from(encoding::brotli(&svg, 11, encoding::window_for(svg.len()))),
            etags: etags_for(&etag_base),
            identity: Bytes::from(svg),
            etag_base,
        }
    }
}

/// The `ETag` values (identity, gzip, br) of a body whose tag is `base`.
pub(crate) fn etags_for(base: &str) -> [HeaderValue; 3] {
    let etag = |suffix: &str| {
        HeaderValue::from_str(&format!("\"{base}{suffix}\""))
            .unwrap_or(HeaderValue::from_static("\"0\""))
    };
    [
        etag(encoding::Coding::Identity.etag_suffix()),
        etag(encoding::Coding::Gzip.etag_suffix()),
        etag(encoding::Coding::Br.etag_suffix()),
    ]
}

/// A problem seen while refreshing a feed.
#[derive(Clone, Debug)]
pub struct Fault {
    /// When it happened.
    pub at: SystemTime,
    /// Machine-readable kind: `timeout`, `too_large`, `http_status`, `network`, `source`,
    /// `html_page`, `not_a_feed`, `maintenance`, `empty`.
    pub kind: String,
    /// For people.
    pub message: String,
}

/// An upstream body that parsed as a feed, kept as its normalized JSON (the parsed model is
/// several times larger and is not needed once written).
#[derive(Clone, Debug)]
struct FeedCopy {
    /// `to_feed_json(feed, &[])`, the lean shape `/feeds/{name}` serves.
    json: Bytes,
    /// Every currency code of the feed, once each, in order of first use (for the sprite).
    codes: Arc<Vec<String>>,
    format: &'static str,
    /// The `Content-Type` `/raw` sends: fixed by the detected format, never the upstream's.
    raw_type: &'static str,
    status: &'static str,
    directions: usize,
    raw: Bytes,
    content_type: String,
    validators: Validators,
    fetched_at: SystemTime,
}

/// What `/compare` needs of a feed, read in one go under its lock.
#[derive(Clone, Debug)]
pub struct CompareView {
    /// The lean normalized JSON of the last good copy (no relay fields), if there is one.
    pub json: Option<Bytes>,
    /// When that copy was last confirmed upstream.
    pub fetched_at: Option<SystemTime>,
    /// The copy is not confirmed by the latest attempt.
    pub stale: bool,
    /// Directions in the copy (0 without one).
    pub directions: usize,
    /// Why there is no good copy (`kind`, `message`, as `/health` says them); `None` with one.
    pub error: Option<(String, String)>,
}

/// What the fetcher knows about a feed.
#[derive(Debug, Default)]
struct SlotState {
    /// The last copy with directions.
    good: Option<FeedCopy>,
    /// A maintenance or empty document, served only while there is no good copy.
    placeholder: Option<FeedCopy>,
    /// The served data is not confirmed by the latest attempt.
    stale: bool,
    /// The good copy came from the state directory and has not been confirmed since.
    from_disk: bool,
    last_attempt: Option<SystemTime>,
    last_success: Option<SystemTime>,
    last_error: Option<Fault>,
    consecutive_failures: u32,
    /// What the served bytes were built from, to skip re-encoding identical state.
    published: Option<(usize, SystemTime, bool)>,
}

/// A sprite and the currency codes it was built for.
type BuiltSprite = (Arc<Vec<String>>, Arc<Sprite>);

/// One configured feed.
pub struct FeedSlot {
    /// Its configuration.
    pub config: FeedConfig,
    /// `Cache-Control` for its JSON.
    pub cache_control: HeaderValue,
    /// Extra top-level fields added to the JSON (`exchanger`), already encoded.
    exchanger_json: Option<String>,
    served: RwLock<Option<Arc<Served>>>,
    /// Coin artwork for the sprite.
    icons: Arc<IconSet>,
    /// The last sprite built, with the codes it was built for (reused while they stay).
    sprite: Mutex<Option<BuiltSprite>>,
    state: Mutex<SlotState>,
    upstream_requests: AtomicU64,
    /// Woken after every refresh (the `/compare` document is rebuilt from all slots).
    changed: Option<Arc<tokio::sync::Notify>>,
    /// Counts refreshes (and the saved copy's load), so readers can tell "nothing changed"
    /// without taking the state lock.
    generation: AtomicU64,
}

impl std::fmt::Debug for FeedSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeedSlot")
            .field("name", &self.config.name)
            .finish_non_exhaustive()
    }
}

/// A 2xx body as fetched, with what came with it.
struct Arrived {
    status: u16,
    bytes: Bytes,
    content_type: Option<String>,
    validators: Validators,
}

/// The outcome of one refresh, for the log line.
struct Report {
    status: String,
    bytes: usize,
    directions: Option<usize>,
    error: Option<String>,
}

impl FeedCopy {
    fn new(
        feed: Feed,
        raw: Bytes,
        content_type: String,
        validators: Validators,
        fetched_at: SystemTime,
    ) -> FeedCopy {
        let mut codes: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for d in &feed.directions {
            for code in [&d.from, &d.to] {
                if seen.insert(code.as_str()) {
                    codes.push(code.clone());
                }
            }
        }
        FeedCopy {
            json: Bytes::from(ratelink_core::to_feed_json(&feed, &[])),
            codes: Arc::new(codes),
            format: feed.format.as_str(),
            raw_type: raw_content_type(feed.format),
            status: feed.status.as_str(),
            directions: feed.directions.len(),
            raw,
            content_type,
            validators,
            fetched_at,
        }
    }
}

/// The `Content-Type` of an upstream body of `format` at `/raw`. The upstream's own header is
/// not repeated: an upstream (or whoever it redirects to) could ask for `text/html`.
fn raw_content_type(format: FeedFormat) -> &'static str {
    match format {
        FeedFormat::XmlV10 | FeedFormat::XmlV11 => "application/xml",
        FeedFormat::Txt => "text/plain",
        FeedFormat::PremiumJson | FeedFormat::JsonItems | FeedFormat::Normalized => {
            "application/json"
        }
    }
}

/// What `/health` and the 503 body say about a body that is no feed: the kind of document and
/// why, never its text (an upstream could place anything there). The log gets the full error.
fn public_reason(e: &FeedError) -> String {
    match e {
        FeedError::HtmlPage { .. } => "got an HTML page instead of a rates feed".to_string(),
        FeedError::NotAFeed {
            looked_like,
            reason,
            ..
        } => format!("not a rates feed ({looked_like}: {reason})"),
        FeedError::EmptyBody => e.to_string(),
    }
}

/// The normalized JSON `core` (an object) with `extra` fields appended, as
/// `to_feed_json(feed, extra)` would write them.
pub fn with_extras(core: &[u8], extra: &[(&str, String)]) -> Vec<u8> {
    let trimmed = core.trim_ascii_end();
    let Some(open) = trimmed.strip_suffix(b"}") else {
        return core.to_vec();
    };
    let mut out = Vec::with_capacity(core.len() + 128);
    out.extend_from_slice(open);
    let mut empty = open.trim_ascii_end().ends_with(b"{");
    for (k, v) in extra {
        if !empty {
            out.push(b',');
        }
        empty = false;
        out.extend_from_slice(serde_json::Value::from(*k).to_string().as_bytes());
        out.push(b':');
        out.extend_from_slice(v.as_bytes());
    }
    out.push(b'}');
    out
}

impl FeedSlot {
    /// A slot with nothing fetched yet.
    pub fn new(config: FeedConfig) -> FeedSlot {
        let exchanger_json =
            (!config.exchanger.is_empty()).then(|| config.exchanger.to_json().to_string());
        FeedSlot {
            cache_control: cache_control_for(config.refresh),
            exchanger_json,
            config,
            served: RwLock::new(None),
            icons: Arc::new(IconSet::default()),
            sprite: Mutex::new(None),
            state: Mutex::new(SlotState::default()),
            upstream_requests: AtomicU64::new(0),
            changed: None,
            generation: AtomicU64::new(0),
        }
    }

    /// Wakes `changed` after every refresh and after loading the saved copy.
    pub fn with_notify(mut self, changed: Arc<tokio::sync::Notify>) -> FeedSlot {
        self.changed = Some(changed);
        self
    }

    fn notify_changed(&self) {
        self.generation.fetch_add(1, Ordering::Release);
        if let Some(n) = &self.changed {
            n.notify_one();
        }
    }

    /// How many times the state has changed (refreshes, the saved copy's load); read without
    /// the state lock.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The feed as `/compare` shows it: its last good copy (stale or not), or why it has none.
    pub fn compare_view(&self) -> CompareView {
        let st = self.lock();
        match &st.good {
            Some(good) => CompareView {
                json: Some(good.json.clone()),
                fetched_at: Some(good.fetched_at),
                stale: st.stale,
                directions: good.directions,
                error: None,
            },
            None => CompareView {
                json: None,
                fetched_at: None,
                stale: false,
                directions: 0,
                error: Some(match &st.last_error {
                    Some(f) => (f.kind.clone(), f.message.clone()),
                    None if st.last_attempt.is_none() => {
                        ("not_fetched".to_string(), "not fetched yet".to_string())
                    }
                    None => (
                        "unavailable".to_string(),
                        "no good copy of this feed has been fetched yet".to_string(),
                    ),
                }),
            },
        }
    }

    /// Draws the feed's icon sprite from `icons` (by default monograms only).
    pub fn with_icons(mut self, icons: Arc<IconSet>) -> FeedSlot {
        self.icons = icons;
        self
    }

    /// The sprite for `codes`, rebuilt only when the feed's currencies changed.
    fn sprite_for(&self, codes: &Arc<Vec<String>>) -> Arc<Sprite> {
        let mut cache = self.sprite.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((built_for, sprite)) = cache.as_ref() {
            if built_for == codes {
                return sprite.clone();
            }
        }
        let sprite = Arc::new(Sprite::build(&self.icons, codes.iter().map(String::as_str)));
        *cache = Some((codes.clone(), sprite.clone()));
        sprite
    }

    /// The current response body, if any.
    pub fn served(&self) -> Option<Arc<Served>> {
        self.served
            .read()
            .map(|g| g.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SlotState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Upstream requests made so far.
    pub fn upstream_requests(&self) -> u64 {
        self.upstream_requests.load(Ordering::Relaxed)
    }

    /// Why the feed cannot be served (for the 503 body).
    pub fn unavailable_reason(&self) -> (String, Option<Fault>) {
        let st = self.lock();
        let reason = if st.last_attempt.is_none() {
            "not fetched yet".to_string()
        } else {
            "no good copy of this feed has been fetched yet".to_string()
        };
        (reason, st.last_error.clone())
    }

    /// Loads the on-disk copy, if there is one for this source; it is served marked stale.
    pub fn load_saved(&self, store: &Store) {
        let name = &self.config.name;
        let saved = match store.load(name, &self.config.source.fingerprint()) {
            Ok(Some(s)) => s,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(feed = %name, error = %e, "ignoring the saved copy");
                return;
            }
        };
        match ratelink_core::parse_feed(&saved.body, Some(&saved.content_type)) {
            Ok(feed) if feed.status == FeedStatus::Ok => {
                let copy = FeedCopy::new(
                    feed,
                    Bytes::from(saved.body),
                    saved.content_type,
                    saved.validators,
                    saved.fetched_at,
                );
                tracing::info!(feed = %name, directions = copy.directions, fetched_at = %rfc3339(copy.fetched_at), "serving the saved copy until the first refresh");
                let mut st = self.lock();
                st.good = Some(copy);
                st.stale = true;
                st.from_disk = true;
                self.publish_locked(&mut st);
                drop(st);
                self.notify_changed();
            }
            Ok(_) => tracing::warn!(feed = %name, "the saved copy has no directions; ignoring it"),
            Err(e) => {
                tracing::warn!(feed = %name, error = %e, "the saved copy is not readable; ignoring it")
            }
        }
    }

    /// Rebuilds the served bodies when what they show changed. Called with the state locked, so
    /// `/health` never reports a state the served JSON does not show yet. CPU-heavy for big
    /// feeds: call it from a blocking context.
    fn publish_locked(&self, st: &mut SlotState) {
        let previous = self.served();
        let (copy, stale) = match (&st.good, &st.placeholder) {
            (Some(good), _) => (good, st.stale),
            (None, Some(p)) => (p, false),
            (None, None) => return,
        };
        let key = (copy.json.as_ptr() as usize, copy.fetched_at, stale);
        if st.published == Some(key) {
            return;
        }
        let sprite = self.sprite_for(&copy.codes);
        let icons_path = format!("/feeds/{}/{}", self.config.name, sprite.file);
        let mut served = encode(copy, stale, self.exchanger_json.as_deref(), &icons_path);
        served.icons = Some(sprite);
        let before = previous.as_deref().map(|p| Modified {
            etag_base: &p.etag_base,
            at: p.modified_at,
            shared: p.modified_shared,
        });
        let (at, shared) = Modified::next(before, &served.etag_base, SystemTime::now());
        served.modified_at = at;
        served.modified_shared = shared;
        served.last_modified = HeaderValue::from_str(&httpdate::fmt_http_date(at))
            .unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"));
        *self.served.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(served));
        st.published = Some(key);
    }

    /// `/health` entry for this feed.
    pub fn health(&self) -> serde_json::Value {
        let st = self.lock();
        let good = st.good.as_ref();
        let ok = good.is_some() && !st.stale;
        let state = if ok {
            "ok"
        } else if good.is_some() {
            "stale"
        } else {
            "unavailable"
        };
        let fault = st.last_error.as_ref().map(
            |f| serde_json::json!({"at": rfc3339(f.at), "kind": f.kind, "message": f.message}),
        );
        let shown = good.or(st.placeholder.as_ref());
        serde_json::json!({
            "name": self.config.name,
            "ok": ok,
            "stale": good.is_some() && st.stale,
            "state": state,
            "source": self.config.source.describe(),
            "format": shown.map(|c| c.format),
            "status": shown.map(|c| c.status),
            "directions": good.map(|c| c.directions),
            "fetched_at": good.map(|c| rfc3339(c.fetched_at)),
            "from_disk": st.from_disk,
            "last_attempt": st.last_attempt.map(rfc3339),
            "last_success": st.last_success.map(rfc3339),
            "last_error": fault,
            "consecutive_failures": st.consecutive_failures,
            "upstream_requests": self.upstream_requests(),
            "refresh_ms": self.config.refresh.as_millis() as u64,
        })
    }

    /// True when the feed is served from a confirmed copy.
    pub fn is_ok(&self) -> bool {
        let st = self.lock();
        st.good.is_some() && !st.stale
    }

    /// One refresh: fetch, parse, update state, re-encode, save. Returns the wait before the
    /// next one.
    async fn refresh(
        self: &Arc<Self>,
        client: &reqwest::Client,
        store: Option<&Store>,
    ) -> Duration {
        let cfg = &self.config;
        let validators = self.lock().good.as_ref().map(|g| g.validators.clone());
        let started = Instant::now();
        self.upstream_requests.fetch_add(1, Ordering::Relaxed);
        let result = source::fetch(
            client,
            &cfg.source,
            validators.as_ref(),
            cfg.timeout,
            cfg.max_bytes,
        )
        .await;
        let now = SystemTime::now();

        let me = self.clone();
        let store = store.cloned();
        let report = tokio::task::spawn_blocking(move || me.apply(result, now, store.as_ref()))
            .await
            .unwrap_or_else(|e| Report {
                status: "internal".into(),
                bytes: 0,
                directions: None,
                error: Some(format!("refresh task failed: {e}")),
            });

        let elapsed_ms = started.elapsed().as_millis() as u64;
        match &report.error {
            None => tracing::info!(
                feed = %cfg.name, source = %cfg.source.describe(), status = %report.status,
                duration_ms = elapsed_ms, bytes = report.bytes, directions = report.directions.unwrap_or(0),
                "upstream fetch"
            ),
            Some(error) => tracing::warn!(
                feed = %cfg.name, source = %cfg.source.describe(), status = %report.status,
                duration_ms = elapsed_ms, bytes = report.bytes, error = %error,
                "upstream fetch failed"
            ),
        }

        let (failures, confirmed) = {
            let st = self.lock();
            (st.consecutive_failures, st.good.is_some() && !st.from_disk)
        };
        if confirmed || failures == 0 {
            next_delay(cfg.refresh, failures)
        } else {
            first_fetch_retry(cfg.refresh, failures)
        }
    }

    /// Applies one fetch result to the state and re-encodes, all under the state lock.
    fn apply(
        &self,
        result: Result<Fetched, FetchError>,
        now: SystemTime,
        store: Option<&Store>,
    ) -> Report {
        let parsed = match &result {
            Ok(Fetched::Body {
                bytes,
                content_type,
                ..
            }) => Some(ratelink_core::parse_feed(bytes, content_type.as_deref())),
            _ => None,
        };
        let mut to_save = None;
        let mut st = self.lock();
        let report = match (result, parsed) {
            (Ok(Fetched::NotModified), _) => {
                st.last_attempt = Some(now);
                if let Some(good) = st.good.as_mut() {
                    good.fetched_at = now;
                    let directions = good.directions;
                    st.stale = false;
                    st.from_disk = false;
                    st.last_success = Some(now);
                    st.consecutive_failures = 0;
                    Report {
                        status: "304".into(),
                        bytes: 0,
                        directions: Some(directions),
                        error: None,
                    }
                } else {
                    st.consecutive_failures += 1;
                    let message = "304 Not Modified without a copy to reuse".to_string();
                    st.last_error = Some(Fault {
                        at: now,
                        kind: "http_status".into(),
                        message: message.clone(),
                    });
                    Report {
                        status: "304".into(),
                        bytes: 0,
                        directions: None,
                        error: Some(message),
                    }
                }
            }
            (
                Ok(Fetched::Body {
                    status,
                    bytes,
                    content_type,
                    validators,
                }),
                Some(parsed),
            ) => {
                let body = Arrived {
                    status,
                    bytes,
                    content_type,
                    validators,
                };
                self.apply_body(&mut st, now, body, parsed, &mut to_save)
            }
            (Ok(Fetched::Body { .. }), None) => Report {
                status: "internal".into(),
                bytes: 0,
                directions: None,
                error: Some("unparsed body".into()),
            },
            (Err(e), _) => {
                let message = e.to_string();
                st.last_attempt = Some(now);
                st.consecutive_failures += 1;
                st.stale = true;
                st.last_error = Some(Fault {
                    at: now,
                    kind: e.kind().into(),
                    message: message.clone(),
                });
                let status = match e {
                    FetchError::Status(s) => s.to_string(),
                    _ => e.kind().to_string(),
                };
                Report {
                    status,
                    bytes: 0,
                    directions: None,
                    error: Some(message),
                }
            }
        };
        self.publish_locked(&mut st);
        drop(st);
        self.notify_changed();
        // Disk I/O (with fsync) outside the lock, so `/health` never waits for the disk.
        if let (Some(store), Some(saved)) = (store, to_save) {
            if let Err(e) = store.save(&self.config.name, &self.config.source.fingerprint(), &saved)
            {
                tracing::warn!(feed = %self.config.name, error = %e, "cannot save the last good copy");
            }
        }
        report
    }

    fn apply_body(
        &self,
        st: &mut SlotState,
        now: SystemTime,
        body: Arrived,
        parsed: Result<Feed, FeedError>,
        to_save: &mut Option<Saved>,
    ) -> Report {
        let Arrived {
            status,
            bytes,
            content_type,
            validators,
        } = body;
        let len = bytes.len();
        st.last_attempt = Some(now);
        match parsed {
            Ok(feed) if feed.status == FeedStatus::Ok => {
                let directions = feed.directions.len();
                if !feed.skipped.is_empty() {
                    let first = feed
                        .skipped
                        .first()
                        .map(|s| format!("#{}: {}", s.index, s.reason))
                        .unwrap_or_default();
                    tracing::info!(feed = %self.config.name, skipped = feed.skipped.len(), first = %first, "feed items skipped");
                }
                let copy = FeedCopy::new(
                    feed,
                    bytes,
                    content_type.unwrap_or_else(|| "application/octet-stream".into()),
                    validators,
                    now,
                );
                *to_save = Some(Saved {
                    body: copy.raw.to_vec(),
                    content_type: copy.content_type.clone(),
                    fetched_at: now,
                    validators: copy.validators.clone(),
                });
                st.good = Some(copy);
                st.placeholder = None;
                st.stale = false;
                st.from_disk = false;
                st.last_success = Some(now);
                st.consecutive_failures = 0;
                Report {
                    status: status.to_string(),
                    bytes: len,
                    directions: Some(directions),
                    error: None,
                }
            }
            Ok(mut feed) => {
                // Maintenance and empty documents mean "no directions now", not a parse failure:
                // keep the last good copy (stale), and wait one normal interval.
                let kind = feed.status.as_str().to_string();
                if feed.status == FeedStatus::Maintenance {
                    // Whatever text the document carried goes to the log, not to visitors.
                    tracing::info!(feed = %self.config.name, text = ?feed.warnings, "maintenance document");
                    feed.warnings = vec![MAINTENANCE_WARNING.to_string()];
                }
                let message = match feed.status {
                    // Premium answers a wrong or missing `hcron` hash with this same document.
                    FeedStatus::Maintenance => "the exchanger published a maintenance document \
                        (Premium sends it too for a wrong or missing hcron hash)"
                        .to_string(),
                    _ => format!(
                        "the feed has no usable directions ({} skipped)",
                        feed.skipped.len()
                    ),
                };
                st.last_error = Some(Fault {
                    at: now,
                    kind: kind.clone(),
                    message: message.clone(),
                });
                st.stale = true;
                st.consecutive_failures = 0;
                st.placeholder = Some(FeedCopy::new(
                    feed,
                    bytes,
                    content_type.unwrap_or_else(|| "application/octet-stream".into()),
                    Validators::default(),
                    now,
                ));
                Report {
                    status: format!("{status} {kind}"),
                    bytes: len,
                    directions: Some(0),
                    error: Some(message),
                }
            }
            Err(e) => {
                let kind = match e {
                    FeedError::HtmlPage { .. } => "html_page",
                    _ => "not_a_feed",
                };
                st.last_error = Some(Fault {
                    at: now,
                    kind: kind.into(),
                    message: public_reason(&e),
                });
                st.stale = true;
                st.consecutive_failures += 1;
                Report {
                    status: format!("{status} {kind}"),
                    bytes: len,
                    directions: None,
                    error: Some(e.to_string()),
                }
            }
        }
    }
}

/// The wait before the next attempt: the refresh interval, doubled per consecutive failure
/// (at most 8x, at most [`MAX_BACKOFF`] unless the interval itself is longer), with ±10% jitter.
fn next_delay(refresh: Duration, failures: u32) -> Duration {
    let base = if failures == 0 {
        refresh
    } else {
        let factor = 1u32 << failures.min(3);
        (refresh * factor).min(MAX_BACKOFF.max(refresh))
    };
    let jitter = (random_unit() - 0.5) * 0.2; // -10% .. +10%
    base.mul_f64(1.0 + jitter)
}

/// The wait after `failures` failed attempts while no copy has been fetched since start: 1 s,
/// 2 s, 4 s... up to the refresh interval (±10% jitter), so a relay started during a short
/// upstream outage serves data within seconds of its end.
fn first_fetch_retry(refresh: Duration, failures: u32) -> Duration {
    let base = Duration::from_secs(1u64 << failures.saturating_sub(1).min(20)).min(refresh);
    let jitter = (random_unit() - 0.5) * 0.2;
    base.mul_f64(1.0 + jitter)
}

/// A number in [0, 1) that differs between calls (good enough for jitter).
fn random_unit() -> f64 {
    use std::hash::BuildHasher;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let h = std::collections::hash_map::RandomState::new().hash_one(n);
    (h >> 11) as f64 / (1u64 << 53) as f64
}

fn encode(copy: &FeedCopy, stale: bool, exchanger_json: Option<&str>, icons_path: &str) -> Served {
    let mut extra: Vec<(&str, String)> = vec![
        ("fetched_at", format!("\"{}\"", rfc3339(copy.fetched_at))),
        ("stale", stale.to_string()),
    ];
    if let Some(ex) = exchanger_json {
        extra.push(("exchanger", ex.to_string()));
    }
    extra.push(("icons", serde_json::Value::from(icons_path).to_string()));
    let json = with_extras(&copy.json, &extra);
    let digest = sha1_smol::Sha1::from(&json[..]).digest().to_string();
    let etag_base = digest[..20].to_string();
    let etags = etags_for(&etag_base);
    let gzip = encoding::gzip(&json, 9);
    let br = encoding::brotli(&json, FEED_BROTLI_QUALITY, encoding::window_for(json.len()));
    // Dated by `publish_locked` (`Modified::next`); the copy's fetch time until then.
    let modified_at = whole_seconds(copy.fetched_at);
    Served {
        identity: Bytes::from(json),
        gzip: Bytes::from(gzip),
        br: Bytes::from(br),
        etags,
        etag_base,
        last_modified: HeaderValue::from_str(&httpdate::fmt_http_date(modified_at))
            .unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT")),
        modified_at,
        modified_shared: false,
        stale,
        raw: (copy.status == FeedStatus::Ok.as_str()).then(|| copy.raw.clone()),
        raw_content_type: HeaderValue::from_static(copy.raw_type),
        icons: None,
    }
}

/// The `Last-Modified` of a served body, kept to date the next one.
pub struct Modified<'a> {
    /// The body's entity tag.
    pub etag_base: &'a str,
    /// Its `Last-Modified`, whole seconds.
    pub at: SystemTime,
    /// It shares that second with an earlier, different body.
    pub shared: bool,
}

impl Modified<'_> {
    /// The `Last-Modified` (whole seconds) of the body tagged `etag_base`, published at `now`
    /// after `before`, and whether an earlier different body had that date too. The date
    /// moves whenever the body changes (a refresh, the copy turning stale), so a client that
    /// revalidates by date alone never has a changed body confirmed: a second body within one
    /// second keeps the date (a `Last-Modified` is never in the future) and is marked shared.
    pub fn next(
        before: Option<Modified<'_>>,
        etag_base: &str,
        now: SystemTime,
    ) -> (SystemTime, bool) {
        let now = whole_seconds(now);
        match before {
            Some(b) if b.etag_base == etag_base => (b.at, b.shared),
            Some(b) if now <= b.at => (b.at, true),
            _ => (now, false),
        }
    }

    /// True when a client whose copy is dated `since` (`If-Modified-Since`) holds this body.
    pub fn confirmed_by(at: SystemTime, shared: bool, since: SystemTime) -> bool {
        at < since || (at == since && !shared)
    }
}

/// `Cache-Control` of JSON refreshed every `refresh`: fresh for half of it, then served while
/// revalidating, and for a day if the relay fails.
pub fn cache_control_for(refresh: Duration) -> HeaderValue {
    let secs = refresh.as_secs().max(1);
    let max_age = (secs / 2).max(1);
    let value =
        format!("public, max-age={max_age}, stale-while-revalidate={secs}, stale-if-error=86400");
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("public, max-age=30"))
}

/// `t` truncated to whole seconds (HTTP dates have no fractions).
pub fn whole_seconds(t: SystemTime) -> SystemTime {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
}

/// Refreshes `slot` until `shutdown` turns true. The first fetch happens at once.
pub async fn run_fetcher(
    slot: Arc<FeedSlot>,
    client: reqwest::Client,
    store: Option<Store>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        if *shutdown.borrow() {
            return;
        }
        let delay = tokio::select! {
            d = slot.refresh(&client, store.as_ref()) => d,
            _ = shutdown.changed() => return,
        };
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = shutdown.changed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appended_extras_match_the_core_writer() {
        for body in [
            crate::demo::PREMIUM_XML,
            crate::demo::RATES_TXT,
            b"<?xml version=\"1.0\"?><error>Maintenance</error>",
        ] {
            let feed = ratelink_core::parse_feed(body, None).unwrap();
            let extra = vec![
                ("fetched_at", "\"2026-11-22T01:00:00Z\"".to_string()),
                ("stale", "true".to_string()),
            ];
            let core = ratelink_core::to_feed_json(&feed, &[]);
            let expected = ratelink_core::to_feed_json(&feed, &extra);
            assert_eq!(
                String::from_utf8(with_extras(core.as_bytes(), &extra)).unwrap(),
                expected
            );
        }
        assert_eq!(with_extras(b"{}", &[("a", "1".into())]), b"{\"a\":1}");
    }

    #[test]
    fn last_modified_moves_with_the_body_and_one_second_of_two_bodies_confirms_neither() {
        let t = |ms: u64| SystemTime::UNIX_EPOCH + Duration::from_millis(1_800_000_000_000 + ms);
        let secs = |ms: u64| whole_seconds(t(ms));
        let first = Modified::next(None, "aaa", t(100));
        assert_eq!(first, (secs(100), false));
        let prev = |etag_base, (at, shared)| {
            Some(Modified {
                etag_base,
                at,
                shared,
            })
        };
        // The same body republished later keeps its date.
        assert_eq!(Modified::next(prev("aaa", first), "aaa", t(5_000)), first);
        // Another body a second later: a later date, which the old one's date does not confirm.
        let later = Modified::next(prev("aaa", first), "bbb", t(1_200));
        assert_eq!(later, (secs(1_200), false));
        assert!(!Modified::confirmed_by(later.0, later.1, first.0));
        assert!(Modified::confirmed_by(later.0, later.1, later.0));
        // Another body in the same second: the date cannot move (never in the future), so it
        // confirms neither body; a later date still does.
        let same = Modified::next(prev("aaa", first), "ccc", t(900));
        assert_eq!(same, (secs(100), true));
        assert!(!Modified::confirmed_by(same.0, same.1, first.0));
        assert!(Modified::confirmed_by(same.0, same.1, secs(2_000)));
        // The next body in a later second is dated anew and trusted again.
        assert_eq!(
            Modified::next(prev("ccc", same), "ddd", t(3_000)),
            (secs(3_000), false)
        );
    }

    #[test]
    fn backoff_doubles_to_eight_times_with_jitter() {
        let r = Duration::from_secs(60);
        for _ in 0..50 {
            let d = next_delay(r, 0).as_secs_f64();
            assert!((54.0..=66.0).contains(&d), "{d}");
            let d = next_delay(r, 1).as_secs_f64();
            assert!((108.0..=132.0).contains(&d), "{d}");
            let d = next_delay(r, 10).as_secs_f64();
            assert!((432.0..=528.0).contains(&d), "{d}");
        }
        let long = next_delay(Duration::from_secs(3600), 5).as_secs_f64();
        assert!((3240.0..=3960.0).contains(&long), "{long}");
    }

    #[test]
    fn first_fetch_retries_double_from_one_second_up_to_the_interval() {
        let r = Duration::from_secs(60);
        for (failures, secs) in [
            (1, 1.0),
            (2, 2.0),
            (3, 4.0),
            (6, 32.0),
            (7, 60.0),
            (40, 60.0),
        ] {
            let d = first_fetch_retry(r, failures).as_secs_f64();
            assert!(
                (secs * 0.9..=secs * 1.1).contains(&d),
                "{failures} failures: {d} s, expected about {secs} s"
            );
        }
        let short = first_fetch_retry(Duration::from_millis(500), 3).as_secs_f64();
        assert!(short <= 0.55, "{short}");
    }
}
