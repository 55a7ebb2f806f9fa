//! The root component: wires state, feed loading, host events and the views.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_timers::callback::{Interval, Timeout};
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

#[cfg(feature = "compare")]
use crate::components::offer_list;
use crate::components::{
    amount_field, city_select, error_state, freshness, go_link, rate_info, skeleton,
    AmountFieldProps, CitySelectProps, CurrencyPicker, ErrorStateProps, GoLinkProps, MarketRef,
};
use crate::config::{Config, Layout};
use crate::core_api::{self, Feed};
use crate::hooks::events;
use crate::hooks::feed::{now_ms, Poller, Source};
use crate::hooks::icons::{self, SpriteSlot};
use crate::hooks::idle::when_idle;
use crate::hooks::perf;
use crate::i18n::{self, Strings};
use crate::state::{Action, ErrorKind, Market, Phase, Side, Snapshot, State};
use ratelink_browser::copy_text;

/// Commands from the JS handle (`setPair`, `refresh`).
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Choose a pair.
    SetPair {
        /// Give code.
        from: String,
        /// Get code.
        to: String,
    },
    /// Fetch the feed now.
    Refresh,
}

/// Passes commands from the JS handle to the mounted app (queued until it is ready), and the
/// app's latest [`Snapshot`] back for `el.state()`.
#[derive(Default)]
pub struct Bridge {
    handler: RefCell<Option<Callback<Command>>>,
    pending: RefCell<Vec<Command>>,
    snapshot: RefCell<Snapshot>,
}

impl Bridge {
    /// The state as of the last render.
    pub fn snapshot(&self) -> Snapshot {
        self.snapshot.borrow().clone()
    }

    /// Sends a command (queued until the app has rendered once).
    pub fn send(&self, command: Command) {
        let handler = self.handler.borrow().clone();
        match handler {
            Some(h) => h.emit(command),
            None => self.pending.borrow_mut().push(command),
        }
    }

    fn attach(&self, handler: Callback<Command>) {
        *self.handler.borrow_mut() = Some(handler.clone());
        let pending: Vec<Command> = self.pending.borrow_mut().drain(..).collect();
        for c in pending {
            handler.emit(c);
        }
    }

    fn detach(&self) {
        self.handler.borrow_mut().take();
    }
}

/// Props of [`App`].
#[derive(Properties, Clone)]
pub struct AppProps {
    /// The `<ratelink-widget>` element (events are dispatched on it).
    pub host: HtmlElement,
    /// The `rl-root` element the app renders into (gets `data-theme`/`data-layout`).
    pub root: Element,
    /// The checked attributes.
    pub config: Rc<Config>,
    /// A feed given directly instead of fetched.
    #[prop_or_default]
    pub feed: Option<Rc<Feed>>,
    /// Commands from the JS handle.
    pub bridge: Rc<Bridge>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &AppProps) -> bool {
        self.host == other.host
            && self.root == other.root
            && self.config == other.config
            && match (&self.feed, &other.feed) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
            && Rc::ptr_eq(&self.bridge, &other.bridge)
    }
}

/// A page-unique id prefix for one widget instance (`rl7`).
fn next_prefix() -> String {
    format!("rl{}", crate::hooks::feed::next_id())
}

/// How long input must rest before the live region speaks.
const SETTLE_MS: u32 = 700;

fn error_title(kind: ErrorKind, s: &Strings) -> &'static str {
    match kind {
        ErrorKind::Config => s.config_title,
        ErrorKind::Network => s.network_title,
        ErrorKind::Cors => s.cors_title,
        ErrorKind::Maintenance => s.maintenance_title,
        ErrorKind::Empty => s.empty_title,
        ErrorKind::Parse => s.parse_title,
    }
}

/// What the live-region announcement depends on: pair, amount, typed side, city, data present.
type SettleKey = (
    Option<String>,
    Option<String>,
    String,
    Side,
    Option<String>,
    bool,
);

/// What the App's effect saw at the previous render, so it acts on changes only. One effect
/// with explicit comparisons instead of one hook per concern keeps the wasm smaller.
#[derive(Default)]
struct Seen {
    config: Option<Rc<Config>>,
    source: Option<(Source, u32, bool)>,
    poller: Option<Rc<Poller>>,
    root_attrs: Option<(&'static str, &'static str, bool)>,
    signal: Option<String>,
    pair: Option<(String, String)>,
    settle_key: Option<SettleKey>,
    settle_timer: Option<Timeout>,
    clock: Option<Interval>,
    sprite_url: Option<String>,
    sprite: Rc<SpriteSlot>,
    /// The market whose search index was handed to idle time.
    indexing: Option<Weak<Market>>,
}

/// How often the widget's clock ticks ("updated N s ago", staleness).
const CLOCK_MS: u32 = 5000;

/// The widget.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let render_started = perf::now();
    let state = use_reducer(|| State::new(props.config.clone()));
    let dispatch: Callback<Action> = state.dispatcher().to_callback();
    let seen = use_mut_ref(Seen::default);
    let prefix = use_mut_ref(next_prefix);
    let prefix = prefix.borrow().clone();
    // Made once: the pickers' props then compare equal while their own data is unchanged.
    let pickers = {
        let d = state.dispatcher().to_callback();
        use_memo((), move |_| {
            [
                PickerCallbacks::new(Side::Give, &d),
                PickerCallbacks::new(Side::Get, &d),
            ]
        })
    };

    {
        let (props, state, dispatch, seen) =
            (props.clone(), state.clone(), dispatch.clone(), seen.clone());
        use_effect(move || {
            perf::measure("ratelink:render", render_started);
            after_render(&props, &state, &dispatch, &seen);
            let bridge = props.bridge.clone();
            *bridge.snapshot.borrow_mut() = state.snapshot();
            let handler = {
                let (dispatch, seen, feed) = (dispatch.clone(), seen.clone(), props.feed.clone());
                Callback::from(move |c: Command| match c {
                    Command::SetPair { from, to } => dispatch.emit(Action::SetPair { from, to }),
                    Command::Refresh => {
                        let poller = seen.borrow().poller.clone();
                        match (poller, &feed) {
                            (Some(p), _) => p.fetch_now(),
                            (None, Some(feed)) => dispatch.emit(Action::FeedLoaded {
                                feed: feed.clone(),
                                at: now_ms(),
                            }),
                            (None, None) => {}
                        }
                    }
                })
            };
            bridge.attach(handler);
            move || bridge.detach()
        });
    }

    let lang = state.lang();
    let s = i18n::strings(lang);
    let body = match &state.phase {
        Phase::Loading => skeleton(s.loading),
        Phase::Failed(e) => {
            let message = if e.kind == ErrorKind::Config {
                state
                    .config
                    .fatal_errors()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            } else {
                e.message.clone()
            };
            error_state(ErrorStateProps {
                kind: e.kind.as_str(),
                title: error_title(e.kind, s),
                message,
                retry: state.retry_in_ms.map(|ms| i18n::retry_note(ms, s)),
                href: state.href(),
                link_text: s.fallback,
                target: state.config.target.clone(),
            })
        }
        Phase::Ready => ready_view(&state, &dispatch, &pickers, &prefix, &props.host),
    };
    perf::measure("ratelink:view", render_started);
    html! {
        <>
            <div class="rl-widget">{ body }</div>
            <div class="rl-status" part="status" role="status" aria-live="polite">{ state.announcement.clone() }</div>
        </>
    }
}

/// Side effects after each render, each only when what it depends on changed.
fn after_render(
    props: &AppProps,
    state: &State,
    dispatch: &Callback<Action>,
    seen: &Rc<RefCell<Seen>>,
) {
    let mut seen = seen.borrow_mut();

    // Attribute changes (the first render already has them).
    let new_config = !seen
        .config
        .as_ref()
        .is_some_and(|c| Rc::ptr_eq(c, &props.config));
    if new_config {
        if seen.config.is_some() {
            dispatch.emit(Action::Configure(props.config.clone()));
        }
        // Defaulted values are not worth a visitor-facing message, but the partner should
        // see them: one console warning per configuration.
        for e in props.config.errors.iter().filter(|e| !e.is_fatal()) {
            web_sys::console::warn_1(&format!("ratelink: {e}").into());
        }
    }
    seen.config = Some(props.config.clone());

    // Feed loading and refresh: a new poller whenever the source or interval changes.
    let source = if props.config.fatal_errors().next().is_some() {
        Source::None
    } else {
        match (&props.feed, &props.config.feed) {
            (Some(feed), _) => Source::Given(feed.clone()),
            (None, Some(url)) => Source::Url(url.clone()),
            (None, None) => Source::None,
        }
    };
    let wanted = (
        source,
        props.config.refresh_secs,
        props.config.layout == Layout::Compare,
    );
    if seen.source.as_ref() != Some(&wanted) {
        seen.poller = None; // dropping it stops its timer, listener and request
        match &wanted.0 {
            Source::Url(url) => {
                seen.poller = Some(Poller::start(
                    url.clone(),
                    wanted.1,
                    wanted.2,
                    dispatch.clone(),
                ))
            }
            Source::Given(feed) => dispatch.emit(Action::FeedLoaded {
                feed: feed.clone(),
                at: now_ms(),
            }),
            Source::None => {}
        }
        seen.source = Some(wanted);
    }
    if seen.clock.is_none() {
        let dispatch = dispatch.clone();
        seen.clock = Some(Interval::new(CLOCK_MS, move || {
            dispatch.emit(Action::Tick { now: now_ms() })
        }));
    }

    // Theme and layout on the wrapper the CSS styles.
    let attrs = (
        props.config.theme.as_str(),
        props.config.layout.as_str(),
        matches!(state.phase, Phase::Loading),
    );
    if seen.root_attrs != Some(attrs) {
        let root = &props.root;
        let _ = root.set_attribute("data-theme", attrs.0);
        let _ = root.set_attribute("data-layout", attrs.1);
        let _ = if attrs.2 {
            root.set_attribute("aria-busy", "true")
        } else {
            root.remove_attribute("aria-busy")
        };
        seen.root_attrs = Some(attrs);
    }

    // The icon sprite: after the first render, and again when the feed names another one.
    if let Some(url) = &state.icons_url {
        if seen.sprite_url.as_ref() != Some(url) {
            seen.sprite_url = Some(url.clone());
            icons::load(
                url.clone(),
                props.root.clone(),
                seen.sprite.clone(),
                dispatch.reform(|()| Action::IconsShown),
            );
        }
    }

    // ratelink:ready / ratelink:error on each transition.
    let signal = match &state.phase {
        Phase::Ready => Some("ready".to_string()),
        Phase::Failed(e) => Some(format!("error:{}:{}", e.kind.as_str(), e.message)),
        Phase::Loading => None,
    };
    let mut announce_phase = false;
    if signal.is_some() && seen.signal != signal {
        announce_phase = true;
        seen.signal = signal;
    }

    // ratelink:select on every pair change.
    let mut select = None;
    if let (Some(from), Some(to)) = (&state.give, &state.get) {
        if seen.pair.as_ref().is_none_or(|(f, t)| f != from || t != to) {
            select = Some((from.as_str(), to.as_str()));
            seen.pair = Some((from.clone(), to.clone()));
        }
    }

    // Announce the result once input rests (not on background refreshes).
    let settle_key = (
        state.give.clone(),
        state.get.clone(),
        state.amount.clone(),
        state.typed,
        state.city.clone(),
        state.market.is_some(),
    );
    if seen.settle_key.as_ref() != Some(&settle_key) {
        let dispatch = dispatch.clone();
        seen.settle_timer = Some(Timeout::new(SETTLE_MS, move || {
            dispatch.emit(Action::Settle)
        }));
        seen.settle_key = Some(settle_key);
    }

    // The first render needs no search index: build it when the page is idle, before the
    // visitor's first keystroke needs it.
    if let Some(m) = &state.market {
        let known = seen
            .indexing
            .as_ref()
            .is_some_and(|w| std::ptr::eq(w.as_ptr(), Rc::as_ptr(m)));
        if !known && !m.is_indexed() {
            let market = Rc::downgrade(m);
            seen.indexing = Some(market.clone());
            when_idle(move || {
                if let Some(m) = market.upgrade() {
                    let started = perf::now();
                    m.search();
                    perf::measure("ratelink:index", started);
                }
            });
        }
    }

    // Host listeners run synchronously and may call back into the handle: no borrow held.
    drop(seen);
    if announce_phase {
        match &state.phase {
            Phase::Ready => {
                events::ready(&props.host, state.market.as_ref().map_or(0, |m| m.count()))
            }
            Phase::Failed(e) => events::error(&props.host, e.kind.as_str(), &e.message),
            Phase::Loading => {}
        }
    }
    if let Some((from, to)) = select {
        events::select(&props.host, from, to);
    }
}

/// One picker's callback into the reducer (its query and highlight are its own state).
struct PickerCallbacks {
    onchoose: Callback<String>,
}

impl PickerCallbacks {
    fn new(side: Side, d: &Callback<Action>) -> Self {
        Self {
            onchoose: d.reform(move |code| Action::Choose { side, code }),
        }
    }
}

fn ready_view(
    state: &State,
    dispatch: &Callback<Action>,
    pickers: &[PickerCallbacks; 2],
    prefix: &str,
    host: &HtmlElement,
) -> Html {
    let Some(market_rc) = state.market.clone() else {
        return Html::default();
    };
    let market = &*market_rc;
    let lang = state.lang();
    let s = i18n::strings(lang);
    let picker = |side: Side,
                  label: &'static str,
                  selected: Option<&String>,
                  note: Option<String>,
                  cb: &PickerCallbacks| {
        html! {
            <CurrencyPicker side={side} id={prefix.to_string()} label={label}
                icons={state.icons_ready} lang={lang} market={MarketRef(market_rc.clone())}
                give={state.give.clone()} selected={selected.map(|c| market.info(c))}
                note={note} empty_text={s.no_match} onchoose={cb.onchoose.clone()} />
        }
    };
    let get_note = state
        .give
        .as_ref()
        .map(|g| i18n::targets_note(state.target_count(), g, lang));

    let dir = state.direction();
    let quote = state.quote();
    let fmt = |v: &core_api::Decimal, code: &str| {
        core_api::format_amount(v, core_api::precision_for(code), lang)
    };
    let (give_code, get_code) = (
        state.give.clone().unwrap_or_default(),
        state.get.clone().unwrap_or_default(),
    );
    // The side not typed stays empty when the amounts could not be worked out (a zero there
    // would read as an answer).
    let answer = quote.as_ref().filter(|q| q.computed());
    let (give_value, get_value) = match state.typed {
        Side::Give => (
            state.amount.clone(),
            answer.map(|q| fmt(&q.get, &get_code)).unwrap_or_default(),
        ),
        Side::Get => (
            answer.map(|q| fmt(&q.give, &give_code)).unwrap_or_default(),
            state.amount.clone(),
        ),
    };
    // Compare layout: each offer states its own limit problems.
    let compare = state.config.layout == Layout::Compare;
    let mut problems: Vec<String> = match (&quote, dir) {
        (Some(q), Some(d)) if !compare => q.problems.iter().map(|p| p.message(d, lang)).collect(),
        _ => Vec::new(),
    };
    problems.extend(state.amount_problem());
    let problems_id = format!("{prefix}-problems");
    let has_problems = !problems.is_empty();
    let amount = |side: Side, label: &'static str, code: &str, value: String| {
        let typed = state.typed == side;
        amount_field(AmountFieldProps {
            side,
            id: format!("{prefix}-amount-{}", side.as_str()),
            label,
            code: code.to_string(),
            value,
            invalid: typed && has_problems,
            describedby: (typed && has_problems).then(|| problems_id.clone()),
            oninput: dispatch.reform(move |text| Action::TypeAmount { side, text }),
        })
    };
    // The city select and the swap button come and go with the pair. Each is one child of the
    // form either way (an empty `Html` when absent, never a flattened `Option`): Yew matches
    // unkeyed children from the end, so a child count that changed would rebuild the pickers
    // before them and drop the focus of the visitor who just chose a currency.
    let cities = state.cities();
    let city = if cities.is_empty() {
        Html::default()
    } else {
        city_select(CitySelectProps {
            id: format!("{prefix}-city"),
            label: s.city,
            cities,
            selected: state.city.clone(),
            onchoose: dispatch.reform(Action::ChooseCity),
        })
    };
    let swap = if state.can_swap() {
        html! {
            <button type="button" class="rl-swap" part="swap" aria-label={s.swap} title={s.swap}
                    onclick={dispatch.reform(|_: MouseEvent| Action::Swap)}>
                <span class="rl-swap-icon" aria-hidden="true"></span>
            </button>
        }
    } else {
        Html::default()
    };
    let problem_list = html! {
        <ul class="rl-problems" id={problems_id.clone()}>
            { for problems.iter().map(|p| html! { <li class="rl-problem">{ p }</li> }) }
        </ul>
    };
    let fresh = freshness(
        state.updated_at,
        state.now,
        state.stale,
        state.last_error.as_ref().map(|e| e.message.as_str()),
        s,
    );
    // Compare layout: the offers instead of one direction's facts and link (one form, so the
    // pickers' and amount's markup exists once in the wasm).
    let ongo = go_callback(
        host,
        &give_code,
        &get_code,
        if compare {
            state.config.placement.clone()
        } else {
            state
                .config
                .link
                .as_ref()
                .and_then(|l| l.placement())
                .map(str::to_string)
        },
    );
    let single = || {
        single_details(
            state,
            &give_code,
            &get_code,
            dir,
            quote.as_ref(),
            dispatch,
            ongo.clone(),
        )
    };
    #[cfg(feature = "compare")]
    let details = if compare {
        let started = perf::now();
        let rows = state.offer_rows();
        perf::measure("ratelink:rank", started);
        offer_list(state, &rows, &state.unavailable(), ongo.clone())
    } else {
        single()
    };
    // Without the compare feature `layout="compare"` is a configuration error
    // (`config::NO_COMPARE`), so the App never gets here with it.
    #[cfg(not(feature = "compare"))]
    let details = single();

    html! {
        <div class="rl-form">
            <div class="rl-side rl-side-give">
                { picker(Side::Give, s.give, state.give.as_ref(), None, &pickers[0]) }
                { amount(Side::Give, s.amount_give, &give_code, give_value) }
            </div>
            { swap }
            <div class="rl-side rl-side-get">
                { picker(Side::Get, s.get, state.get.as_ref(), get_note, &pickers[1]) }
                if !compare {
                    { amount(Side::Get, s.amount_get, &get_code, get_value) }
                }
            </div>
            { problem_list }
            { city }
            { details }
            { fresh }
        </div>
    }
}

/// The `ratelink:go` event for a link followed: `(href, exchanger)`, the exchanger being the
/// compare layout's offer's id (`None` in the single view). One callback type for both views.
fn go_callback(
    host: &HtmlElement,
    from: &str,
    to: &str,
    placement: Option<String>,
) -> Callback<(String, Option<String>)> {
    let (host, from, to) = (host.clone(), from.to_string(), to.to_string());
    Callback::from(move |(href, exchanger): (String, Option<String>)| {
        events::go(
            &host,
            &events::Go {
                href: &href,
                from: &from,
                to: &to,
                placement: placement.as_deref(),
                exchanger: exchanger.as_deref(),
            },
        )
    })
}

/// The single view's facts of the chosen direction and its affiliate link.
fn single_details(
    state: &State,
    give_code: &str,
    get_code: &str,
    dir: Option<&core_api::Direction>,
    quote: Option<&core_api::Quote>,
    dispatch: &Callback<Action>,
    ongo: Callback<(String, Option<String>)>,
) -> Html {
    let lang = state.lang();
    let s = i18n::strings(lang);
    let href = state.href().unwrap_or_default();
    let oncopy = {
        let (dispatch, href) = (dispatch.clone(), href.clone());
        Callback::from(move |()| {
            let (dispatch, href) = (dispatch.clone(), href.clone());
            wasm_bindgen_futures::spawn_local(async move {
                dispatch.emit(Action::Copied(copy_text(&href).await))
            });
        })
    };

    html! {
        <>
            if quote.is_some_and(|q| q.approximate) {
                <p class="rl-approx">{ s.approximate }</p>
            }
            if let Some(d) = dir {
                { rate_info(d, state.limits_text(), lang, s, state.icons_ready) }
            }
            if !href.is_empty() {
                { go_link(GoLinkProps {
                    href,
                    target: state.config.target.clone(),
                    text: format!("{} {give_code} → {get_code}", s.go),
                    strings: s,
                    copied: state.copied,
                    ongo,
                    oncopy,
                }) }
            }
        </>
    }
}
