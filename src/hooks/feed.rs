//! Fetching the feed: one shared request per URL, refresh timer, visibility pause, back-off.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_events::EventListener;
use gloo_net::http::Request;
use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestCache};
use yew::Callback;

use crate::core_api::{icons_url, read_compare, read_feed, Feed, FeedError};
use crate::hooks::perf;
use crate::state::{
    first_fetch_retry_ms, next_fetch_delay_ms, Action, CompareInfo, ErrorKind, LoadError,
};

/// A feed read, with the URL of its icon sprite when the relay named one.
#[derive(Clone)]
pub struct Loaded {
    /// The feed.
    pub feed: Rc<Feed>,
    /// Absolute (or page-relative) URL of the sprite (`/feeds/NAME/icons.HASH.svg`).
    pub icons: Option<String>,
    /// The exchangers of a relay's `/compare` document (`feed` then holds all their offers).
    pub compare: Option<Rc<CompareInfo>>,
}

/// The outcome of one fetch, shared by every instance that asked for it.
pub type FetchResult = Result<Loaded, LoadError>;

type Waiter = Box<dyn FnOnce(Rc<FetchResult>)>;

struct Flight {
    url: String,
    /// Read as a relay's `/compare` document (compare layout).
    compare: bool,
    id: u64,
    controller: Option<AbortController>,
    waiters: Vec<(u64, Waiter)>,
}

thread_local! {
    // A few entries at most (one per feed URL on the page): a list is enough.
    static FLIGHTS: RefCell<Vec<Flight>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
    // The loader's raw-feed reader (one per page), see `set_normalizer`.
    static NORMALIZER: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    // The loader's hand-over of feeds it started early (one per page), see `set_prefetched`.
    static PREFETCHED: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Sets the loader's `takeFeed(url: string, signal: AbortSignal|undefined) ->
/// Promise<Response>|undefined`: the response of the request the loader started for `url` while
/// the app downloaded, handed over once (the signal aborts it from then on). The first request
/// for a URL takes it instead of starting its own.
pub fn set_prefetched(take: js_sys::Function) {
    PREFETCHED.with(|p| *p.borrow_mut() = Some(take));
}

/// The loader's prefetched response for `url`, if it started one and no one took it yet.
fn take_prefetched(url: &str, signal: Option<&web_sys::AbortSignal>) -> Option<js_sys::Promise> {
    let take = PREFETCHED.with(|p| p.borrow().clone())?;
    let signal = signal.map_or(JsValue::UNDEFINED, |s| s.clone().into());
    take.call2(&JsValue::NULL, &JsValue::from_str(url), &signal)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()
}

/// What a failed `fetch` says: the error's `toString()` (`TypeError: Failed to fetch`), as
/// gloo-net reports its own requests' failures.
fn fetch_failure(err: &JsValue) -> String {
    match err.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.to_string()),
        None => js_message(err),
    }
}

/// Sets the loader's raw-feed reader, `normalizeFeed(bytes: Uint8Array, contentType: string|null)
/// -> Promise<string>` (the relay's normalized JSON), used when a fetched body is an exchanger's
/// raw export instead of the normalized JSON. Without one (component tests) such a body is a
/// "parse" error, as before.
pub fn set_normalizer(normalize: js_sys::Function) {
    NORMALIZER.with(|n| *n.borrow_mut() = Some(normalize));
}

fn normalizer() -> Option<js_sys::Function> {
    NORMALIZER.with(|n| n.borrow().clone())
}

/// Reads a raw exchanger feed through the loader's lazily loaded parser bundle.
async fn read_raw_feed(
    normalize: &js_sys::Function,
    bytes: &[u8],
    content_type: Option<&str>,
) -> Result<Feed, String> {
    let content_type = content_type.map_or(JsValue::NULL, JsValue::from_str);
    let returned = normalize
        .call2(
            &JsValue::NULL,
            &js_sys::Uint8Array::from(bytes),
            &content_type,
        )
        .map_err(|e| js_message(&e))?;
    let text = JsFuture::from(js_sys::Promise::resolve(&returned))
        .await
        .map_err(|e| js_message(&e))?;
    let text = text
        .as_string()
        .ok_or_else(|| "the raw-feed reader returned no text".to_string())?;
    read_feed(text.as_bytes()).map_err(|e| e.to_string())
}

/// A number never returned before on this page (ids of requests, waiters and instances).
pub fn next_id() -> u64 {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    })
}

/// A place in a shared request; dropping it leaves, and the last one out aborts the fetch.
pub struct Ticket {
    url: String,
    compare: bool,
    waiter: u64,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let abort = FLIGHTS.with(|f| {
            let mut flights = f.borrow_mut();
            let at = flights
                .iter()
                .position(|f| f.url == self.url && f.compare == self.compare)?;
            let flight = flights.get_mut(at)?;
            flight.waiters.retain(|(id, _)| *id != self.waiter);
            if flight.waiters.is_empty() {
                flights.swap_remove(at).controller
            } else {
                None
            }
        });
        if let Some(c) = abort {
            c.abort();
        }
    }
}

/// Number of requests in flight (for tests of sharing and teardown).
#[doc(hidden)]
pub fn flights_in_progress() -> usize {
    FLIGHTS.with(|f| f.borrow().len())
}

/// Joins the request for `url` (read as a `/compare` document when `compare`), starting it when
/// none is under way.
pub fn join(url: &str, compare: bool, on_done: impl FnOnce(Rc<FetchResult>) + 'static) -> Ticket {
    let waiter = next_id();
    let start = FLIGHTS.with(|f| {
        let mut flights = f.borrow_mut();
        if let Some(flight) = flights
            .iter_mut()
            .find(|f| f.url == url && f.compare == compare)
        {
            flight.waiters.push((waiter, Box::new(on_done)));
            return None;
        }
        let id = next_id();
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        flights.push(Flight {
            url: url.to_string(),
            compare,
            id,
            controller,
            waiters: vec![(waiter, Box::new(on_done))],
        });
        Some((id, signal))
    });
    if let Some((id, signal)) = start {
        let url_owned = url.to_string();
        wasm_bindgen_futures::spawn_local(async move {
            let result = Rc::new(fetch_feed(&url_owned, compare, signal).await);
            let waiters = FLIGHTS.with(|f| {
                let mut flights = f.borrow_mut();
                match flights.iter().position(|f| f.id == id) {
                    Some(at) => flights.swap_remove(at).waiters,
                    None => Vec::new(),
                }
            });
            // Called outside the borrow: a waiter may start the next request at once.
            for (_, w) in waiters {
                w(result.clone());
            }
        });
    }
    Ticket {
        url: url.to_string(),
        compare,
        waiter,
    }
}

fn js_message(err: &JsValue) -> String {
    js_sys::Reflect::get(err, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// True when `url` names another origin than the page's (relative URLs never do).
fn is_cross_origin(url: &str) -> bool {
    match web_sys::window().map(|w| w.location().origin()) {
        Some(Ok(origin)) => cross_origin(url, &origin),
        _ => false,
    }
}

/// True when `url` names an origin other than `origin` (`https://site.example`).
pub fn cross_origin(url: &str, origin: &str) -> bool {
    let url = url.trim_start();
    let absolute =
        url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//");
    let same = url.len() >= origin.len()
        && url.is_char_boundary(origin.len())
        && url[..origin.len()].eq_ignore_ascii_case(origin)
        && matches!(
            url.as_bytes().get(origin.len()),
            None | Some(b'/' | b'?' | b'#')
        );
    absolute && !same
}

/// The last good body's validator per feed URL: sent as `If-None-Match`, so an unchanged feed
/// comes back as a bodiless 304 and is not read again.
struct Validator {
    url: String,
    compare: bool,
    etag: String,
    loaded: Loaded,
}

thread_local! {
    // One entry per feed URL on the page.
    static VALIDATORS: RefCell<Vec<Validator>> = const { RefCell::new(Vec::new()) };
}

fn validator(url: &str, compare: bool) -> Option<(String, Loaded)> {
    VALIDATORS.with(|v| {
        v.borrow()
            .iter()
            .find(|v| v.url == url && v.compare == compare)
            .map(|v| (v.etag.clone(), v.loaded.clone()))
    })
}

fn remember(url: &str, compare: bool, etag: Option<String>, loaded: &Loaded) {
    VALIDATORS.with(|v| {
        let mut v = v.borrow_mut();
        v.retain(|v| v.url != url || v.compare != compare);
        if let Some(etag) = etag {
            v.push(Validator {
                url: url.to_string(),
                compare,
                etag,
                loaded: loaded.clone(),
            });
        }
    });
}

/// A GET of `url` exactly as written (gloo-net's builder would append `&` to a URL that has a
/// query), with the browser cache used as `cache` says. With `etag`, our own conditional GET: a
/// 304 reaches us (the browser cache is bypassed) and the feed already read is reused.
pub(crate) fn get(
    url: &str,
    cache: RequestCache,
    etag: Option<&str>,
    signal: Option<web_sys::AbortSignal>,
) -> Result<Request, String> {
    let build = || -> Result<Request, JsValue> {
        let init = web_sys::RequestInit::new();
        init.set_signal(signal.as_ref());
        init.set_cache(cache);
        if let Some(etag) = etag {
            init.set_cache(RequestCache::NoStore);
            let headers = web_sys::Headers::new()?;
            headers.set("If-None-Match", etag)?;
            init.set_headers(&headers);
        }
        web_sys::Request::new_with_str_and_init(url, &init).map(Request::from)
    };
    build().map_err(|e| js_message(&e))
}

async fn fetch_feed(url: &str, compare: bool, signal: Option<web_sys::AbortSignal>) -> FetchResult {
    let network = |message: String| LoadError {
        kind: ErrorKind::Network,
        message,
    };
    let asked = perf::now();
    let known = validator(url, compare);
    // Without our validator the browser revalidates whatever it has stored (and answers 304s
    // itself).
    let etag = known.as_ref().map(|(etag, _)| etag.as_str());
    // The page's first request for the feed may already be under way, started by the loader.
    let early = match known {
        None => take_prefetched(url, signal.as_ref()),
        Some(_) => None,
    };
    let response = match early {
        Some(early) => match JsFuture::from(early).await {
            Ok(r) => r
                .dyn_into::<web_sys::Response>()
                .map(gloo_net::http::Response::from)
                .map_err(|_| "the loader handed over no response".to_string()),
            Err(e) => Err(fetch_failure(&e)),
        },
        None => match get(url, RequestCache::NoCache, etag, signal) {
            Ok(request) => request.send().await.map_err(|e| e.to_string()),
            Err(e) => Err(e),
        },
    };
    let response = response.map_err(|e| {
        if is_cross_origin(url) {
            LoadError {
                kind: ErrorKind::Cors,
                message: format!(
                    "could not fetch {url}: {e} (the server is unreachable or does not allow cross-origin requests; serve the feed through a relay with CORS)"
                ),
            }
        } else {
            network(format!("could not fetch {url}: {e}"))
        }
    })?;
    perf::measure("ratelink:fetch", asked);
    if let (304, Some((_, loaded))) = (response.status(), &known) {
        return Ok(loaded.clone());
    }
    if !response.ok() {
        return Err(network(format!(
            "{url} answered HTTP {} {}",
            response.status(),
            response.status_text()
        )));
    }
    let headers = response.headers();
    let content_type = headers.get("content-type");
    let etag = headers.get("etag");
    let body_started = perf::now();
    let length = headers.get("content-length");
    let bytes = read_body(&response, length.as_deref())
        .await
        .map_err(|e| network(format!("reading {url}: {e}")))?;
    perf::measure("ratelink:body", body_started);
    let started = perf::now();
    // Compare layout: a relay's /compare document (several exchangers' directions as one feed).
    let (lean, compare_info) = match std::str::from_utf8(&bytes).ok().filter(|_| compare) {
        Some(text) => match read_compare(text) {
            Ok(doc) => {
                let info = Rc::new(CompareInfo::new(doc));
                (Ok(info.feed.clone()), Some(info))
            }
            Err(e) => (Err(e), None),
        },
        None => (read_feed(&bytes).map(Rc::new), None),
    };
    perf::measure("ratelink:read", started);
    // Not the relay's JSON: maybe the exchanger's raw export (XML/JSON/TXT), read by the
    // parser bundle the loader fetches only now.
    let raw = !compare && matches!(lean, Err(FeedError::NotAFeed { .. }));
    let feed = if let (true, Some(normalize)) = (raw, normalizer()) {
        read_raw_feed(&normalize, &bytes, content_type.as_deref())
            .await
            .map(Rc::new)
            .map_err(|message| LoadError {
                kind: ErrorKind::Parse,
                message: format!("{url}: {message}"),
            })?
    } else {
        lean.map_err(|e| LoadError {
            kind: ErrorKind::Parse,
            message: format!(
                "{url}: {e} (the widget reads the ratelink relay's feeds: point \"feed\" at {})",
                if compare {
                    "RELAY/compare?feeds=NAME,NAME"
                } else {
                    "RELAY/feeds/NAME"
                }
            ),
        })?
    };
    let loaded = Loaded {
        feed,
        // The relay writes `icons` at the end: only the tail is looked at.
        icons: icons_url(&bytes[bytes.len().saturating_sub(4096)..], url),
        compare: compare_info,
    };
    remember(url, compare, etag, &loaded);
    Ok(loaded)
}

#[wasm_bindgen]
extern "C" {
    /// A response body's `ReadableStreamDefaultReader` (only `read()` is used).
    type BodyReader;
    #[wasm_bindgen(method, catch)]
    fn read(this: &BodyReader) -> Result<js_sys::Promise, JsValue>;
    /// Stops the download (the body is not wanted any more).
    #[wasm_bindgen(method)]
    fn cancel(this: &BodyReader) -> js_sys::Promise;
}

/// The largest feed body the widget reads: a longer one is a misconfigured or hostile feed URL,
/// refused before it can exhaust the page's memory (the relay's own feeds stay far below it).
const BODY_MAX: usize = 64 << 20;

/// Largest `Content-Length` the body buffer is grown to after the first chunk (a hint: a longer
/// body still grows it, a hostile header allocates no more than this).
const LENGTH_HINT_MAX: usize = 16 << 20;

/// The response body, chunk by chunk from its stream into one buffer: `arrayBuffer()` and a copy
/// (gloo-net's `binary()`) measured 3–4× slower in Chromium for a 660 KiB feed (see
/// docs/performance.md, seventh round).
async fn read_body(
    response: &gloo_net::http::Response,
    length: Option<&str>,
) -> Result<Vec<u8>, String> {
    let Some(stream) = response.body() else {
        return Ok(Vec::new());
    };
    let hint = length
        .and_then(|l| l.trim().parse::<usize>().ok())
        .map_or(0, |l| l.min(LENGTH_HINT_MAX));
    let mut body = Vec::new();
    let reader: BodyReader = stream.get_reader().unchecked_into();
    let (done, value) = (JsValue::from_str("done"), JsValue::from_str("value"));
    loop {
        let promise = reader.read().map_err(|e| js_message(&e))?;
        let step = JsFuture::from(promise).await.map_err(|e| js_message(&e))?;
        let finished = js_sys::Reflect::get(&step, &done).map_err(|e| js_message(&e))?;
        if finished.is_truthy() {
            return Ok(body);
        }
        let chunk = js_sys::Reflect::get(&step, &value)
            .map_err(|e| js_message(&e))?
            .dyn_into::<js_sys::Uint8Array>()
            .map_err(|_| "the body stream gave no bytes".to_string())?;
        let at = body.len();
        if at + chunk.length() as usize > BODY_MAX {
            // The cancel's own outcome does not matter: the read has failed either way.
            let _ = reader.cancel();
            return Err(format!("the feed is larger than {} MiB", BODY_MAX >> 20));
        }
        // `to_vec` copies without zero-filling first (`resize` + `copy_to` wrote the 660 KiB
        // feed twice, 1–5 ms at 1× CPU); the first chunk, often the whole body, is the buffer.
        let part = chunk.to_vec();
        if body.is_empty() {
            body = part;
            body.reserve(hint.saturating_sub(body.len()));
        } else {
            body.extend_from_slice(&part);
        }
    }
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

/// Refreshes one feed for one widget: interval, back-off, pause while hidden.
pub struct Poller {
    url: String,
    compare: bool,
    refresh_secs: u32,
    dispatch: Callback<Action>,
    ticket: RefCell<Option<Ticket>>,
    timer: RefCell<Option<Timeout>>,
    visibility: RefCell<Option<EventListener>>,
    due: Cell<bool>,
    failures: Cell<u32>,
    last_success: Cell<Option<f64>>,
}

impl Poller {
    /// Starts polling `url` now (read as a `/compare` document when `compare`).
    pub fn start(
        url: String,
        refresh_secs: u32,
        compare: bool,
        dispatch: Callback<Action>,
    ) -> Rc<Poller> {
        let poller = Rc::new(Poller {
            url,
            compare,
            refresh_secs,
            dispatch,
            ticket: RefCell::new(None),
            timer: RefCell::new(None),
            visibility: RefCell::new(None),
            due: Cell::new(false),
            failures: Cell::new(0),
            last_success: Cell::new(None),
        });
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let weak = Rc::downgrade(&poller);
            let listener = EventListener::new(&document, "visibilitychange", move |_| {
                if let Some(p) = weak.upgrade() {
                    p.on_visibility();
                }
            });
            *poller.visibility.borrow_mut() = Some(listener);
        }
        poller.fetch_now();
        poller
    }

    /// Fetches at once unless a fetch is already under way.
    pub fn fetch_now(self: &Rc<Self>) {
        if self.ticket.borrow().is_some() {
            return;
        }
        self.timer.borrow_mut().take();
        self.due.set(false);
        self.dispatch.emit(Action::FetchStarted);
        let weak: Weak<Poller> = Rc::downgrade(self);
        let ticket = join(&self.url, self.compare, move |result| {
            if let Some(p) = weak.upgrade() {
                p.finished(&result);
            }
        });
        *self.ticket.borrow_mut() = Some(ticket);
    }

    fn finished(self: &Rc<Self>, result: &FetchResult) {
        self.ticket.borrow_mut().take();
        let at = now_ms();
        match result {
            Ok(loaded) => {
                self.failures.set(0);
                self.last_success.set(Some(at));
                let started = perf::now();
                self.dispatch.emit(match &loaded.compare {
                    Some(info) => Action::CompareLoaded {
                        info: info.clone(),
                        at,
                    },
                    None => Action::FeedLoaded {
                        feed: loaded.feed.clone(),
                        at,
                    },
                });
                perf::measure("ratelink:loaded", started);
                self.dispatch.emit(Action::Icons(loaded.icons.clone()));
            }
            Err(error) => {
                self.failures.set(self.failures.get().saturating_add(1));
                self.dispatch.emit(Action::FeedFailed {
                    error: error.clone(),
                    at,
                });
            }
        }
        let failures = self.failures.get();
        let delay = if self.last_success.get().is_none() && failures > 0 {
            // Nothing shown yet: retry soon, and say when.
            let delay = first_fetch_retry_ms(failures, self.refresh_secs);
            self.dispatch.emit(Action::RetryScheduled { in_ms: delay });
            delay
        } else {
            next_fetch_delay_ms(failures, self.refresh_secs, js_sys::Math::random())
        };
        let weak = Rc::downgrade(self);
        *self.timer.borrow_mut() = Some(Timeout::new(delay, move || {
            if let Some(p) = weak.upgrade() {
                p.on_timer();
            }
        }));
    }

    fn on_timer(self: &Rc<Self>) {
        self.timer.borrow_mut().take();
        self.dispatch.emit(Action::Tick { now: now_ms() });
        if page_hidden() {
            self.due.set(true);
        } else {
            self.fetch_now();
        }
    }

    fn on_visibility(self: &Rc<Self>) {
        if page_hidden() {
            return;
        }
        let interval = f64::from(self.refresh_secs) * 1000.0;
        let old = self
            .last_success
            .get()
            .is_none_or(|t| now_ms() - t >= interval);
        self.dispatch.emit(Action::Tick { now: now_ms() });
        if self.due.get() || (old && self.failures.get() == 0) {
            self.fetch_now();
        }
    }

    /// Cancels the timer, the listener and this widget's part in any request.
    pub fn stop(&self) {
        self.timer.borrow_mut().take();
        self.visibility.borrow_mut().take();
        self.ticket.borrow_mut().take();
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Where the widget's data comes from.
#[derive(Clone, Debug)]
pub enum Source {
    /// Fetch and refresh this URL.
    Url(String),
    /// A feed handed over directly (tests, embedding code that already has the data).
    Given(Rc<Feed>),
    /// Nothing to load (bad configuration).
    None,
}

impl PartialEq for Source {
    fn eq(&self, other: &Source) -> bool {
        match (self, other) {
            (Source::Url(a), Source::Url(b)) => a == b,
            (Source::Given(a), Source::Given(b)) => Rc::ptr_eq(a, b),
            (Source::None, Source::None) => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cross_origin;

    #[test]
    fn relative_and_same_origin_urls_are_not_cross_origin() {
        let page = "https://partner.example";
        assert!(!cross_origin("/feeds/demo", page));
        assert!(!cross_origin("feeds/demo", page));
        assert!(!cross_origin("https://partner.example/feeds/x", page));
        assert!(!cross_origin("HTTPS://PARTNER.EXAMPLE", page));
        assert!(cross_origin("https://partner.example.evil/x", page));
        assert!(cross_origin("https://relay.example/feeds/x", page));
        assert!(cross_origin("http://partner.example/x", page));
        assert!(cross_origin("//relay.example/x", page));
    }
}
