//! The root component: wires state, feed loading, host events and the views.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::components::{amount_field, city_select, error_state, rate_info, skeleton, AmountFieldProps, CitySelectProps, CurrencyPicker, ErrorStateProps, Freshness, GoLink};
use crate::config::Config;
use crate::core_api::{self, Feed};
use crate::hooks::events;
use crate::hooks::feed::{use_feed, Source};
use crate::i18n::{self, Strings};
use crate::state::{Action, ErrorKind, Phase, Side, State};

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

/// Passes commands from the JS handle to the mounted app; queues them until it is ready.
#[derive(Default)]
pub struct Bridge {
    handler: RefCell<Option<Callback<Command>>>,
    pending: RefCell<Vec<Command>>,
}

impl Bridge {
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

thread_local! {
    static INSTANCES: Cell<u32> = const { Cell::new(0) };
}

fn next_prefix() -> String {
    let n = INSTANCES.with(|c| {
        let n = c.get() + 1;
        c.set(n);
        n
    });
    format!("rl{n}")
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

/// The widget.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(|| State::new(props.config.clone()));
    let dispatch: Callback<Action> = state.dispatcher().to_callback();
    let prefix = use_memo((), |_| next_prefix());
    let prefix: &str = prefix.as_str();

    // Attribute changes.
    {
        let dispatch = dispatch.clone();
        use_effect_with(props.config.clone(), move |c| dispatch.emit(Action::Configure(c.clone())));
    }

    // Feed loading and refresh.
    let source = if props.config.fatal_errors().next().is_some() {
        Source::None
    } else {
        match (&props.feed, &props.config.feed) {
            (Some(feed), _) => Source::Given(feed.clone()),
            (None, Some(url)) => Source::Url(url.clone()),
            (None, None) => Source::None,
        }
    };
    let refresh_now = use_feed(source, props.config.refresh_secs, dispatch.clone());

    // JS handle commands.
    {
        let (bridge, dispatch) = (props.bridge.clone(), dispatch.clone());
        use_effect(move || {
            bridge.attach(Callback::from(move |c: Command| match c {
                Command::SetPair { from, to } => dispatch.emit(Action::SetPair { from, to }),
                Command::Refresh => refresh_now.emit(()),
            }));
            move || bridge.detach()
        });
    }

    // Theme and layout on the wrapper the CSS styles.
    {
        let root = props.root.clone();
        let busy = matches!(state.phase, Phase::Loading);
        use_effect_with((props.config.theme, props.config.layout, busy), move |(theme, layout, busy)| {
            let _ = root.set_attribute("data-theme", theme.as_str());
            let _ = root.set_attribute("data-layout", layout.as_str());
            let _ = if *busy { root.set_attribute("aria-busy", "true") } else { root.remove_attribute("aria-busy") };
        });
    }

    // ratelink:ready / ratelink:error on each transition.
    {
        let signalled = use_mut_ref(|| None::<String>);
        let host = props.host.clone();
        let count = state.market.as_ref().map_or(0, |m| m.count());
        let key = match &state.phase {
            Phase::Ready => Some("ready".to_string()),
            Phase::Failed(e) => Some(format!("error:{}:{}", e.kind.as_str(), e.message)),
            Phase::Loading => None,
        };
        let phase = state.phase.clone();
        use_effect_with(key, move |key| {
            if key.is_some() && *signalled.borrow() != *key {
                *signalled.borrow_mut() = key.clone();
                match phase {
                    Phase::Ready => events::ready(&host, count),
                    Phase::Failed(e) => events::error(&host, e.kind.as_str(), &e.message),
                    Phase::Loading => {}
                }
            }
        });
    }

    // ratelink:select on every pair change.
    {
        let host = props.host.clone();
        use_effect_with((state.give.clone(), state.get.clone()), move |pair| {
            if let (Some(from), Some(to)) = pair {
                events::select(&host, from, to);
            }
        });
    }

    // Announce the result once input rests (not on background refreshes).
    {
        let dispatch = dispatch.clone();
        let deps = (state.give.clone(), state.get.clone(), state.amount.clone(), state.typed, state.city.clone(), state.market.is_some());
        use_effect_with(deps, move |_| {
            let timer = Timeout::new(SETTLE_MS, move || dispatch.emit(Action::Settle));
            move || drop(timer)
        });
    }

    let lang = state.lang();
    let s = i18n::strings(lang);
    let body = match &state.phase {
        Phase::Loading => skeleton(s.loading),
        Phase::Failed(e) => {
            let message = if e.kind == ErrorKind::Config {
                state.config.fatal_errors().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")
            } else {
                e.message.clone()
            };
            error_state(ErrorStateProps {
                kind: e.kind.as_str(),
                title: error_title(e.kind, s),
                message,
                href: state.href(),
                link_text: s.fallback,
                target: state.config.target.clone(),
            })
        }
        Phase::Ready => ready_view(&state, &dispatch, prefix, &props.host),
    };
    html! {
        <>
            <div class="rl-widget">{ body }</div>
            <div class="rl-status" part="status" role="status" aria-live="polite">{ state.announcement.clone() }</div>
        </>
    }
}

fn ready_view(state: &State, dispatch: &Callback<Action>, prefix: &str, host: &HtmlElement) -> Html {
    let Some(market) = state.market.as_deref() else { return Html::default() };
    let lang = state.lang();
    let s = i18n::strings(lang);
    let open = state.picker.as_ref();
    let groups = |side: Side| {
        Rc::new(if open.is_some_and(|p| p.side == side) { state.options(side) } else { Vec::new() })
    };
    let picker = |side: Side, label: &'static str, selected: Option<&String>, note: Option<String>| {
        let p = open.filter(|p| p.side == side);
        let d = dispatch.clone();
        html! {
            <CurrencyPicker side={side} id={prefix.to_string()} label={label} lang={lang}
                selected={selected.map(|c| market.info(c))}
                groups={groups(side)} open={p.is_some()}
                filter={p.map(|p| p.filter.clone()).unwrap_or_default()}
                highlighted={p.map_or(0, |p| p.highlighted)}
                note={note.map(AttrValue::from)} empty_text={s.no_match}
                onopen={d.reform(move |()| Action::OpenPicker(side))}
                onclose={d.reform(|()| Action::ClosePicker)}
                onfilter={d.reform(move |text| Action::Filter { side, text })}
                onmove={d.reform(Action::Move)}
                onchoosehighlighted={d.reform(|()| Action::ChooseHighlighted)}
                onchoose={d.reform(move |code| Action::Choose { side, code })} />
        }
    };
    let get_note = state.give.as_ref().map(|g| format!("{} {} {g}", i18n::currencies_count(state.target_count(), lang), s.available_for));

    let dir = state.direction();
    let quote = state.quote();
    let fmt = |v: &core_api::Decimal, code: &str| core_api::format_amount(v, core_api::precision_for(code), lang);
    let (give_code, get_code) = (state.give.clone().unwrap_or_default(), state.get.clone().unwrap_or_default());
    let (give_value, get_value) = match state.typed {
        Side::Give => (state.amount.clone(), quote.as_ref().map(|q| fmt(&q.get, &get_code)).unwrap_or_default()),
        Side::Get => (quote.as_ref().map(|q| fmt(&q.give, &give_code)).unwrap_or_default(), state.amount.clone()),
    };
    let mut problems: Vec<String> = match (&quote, dir) {
        (Some(q), Some(d)) => q.problems.iter().map(|p| p.message(d, lang)).collect(),
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
    let href = state.href().unwrap_or_default();
    let ongo = {
        let (host, href, from, to) = (host.clone(), href.clone(), give_code.clone(), get_code.clone());
        Callback::from(move |()| events::go(&host, &href, &from, &to))
    };
    let cities = state.cities();

    html! {
        <div class="rl-form">
            <div class="rl-side rl-side-give">
                { picker(Side::Give, s.give, state.give.as_ref(), None) }
                { amount(Side::Give, s.amount_give, &give_code, give_value) }
            </div>
            if state.can_swap() {
                <button type="button" class="rl-swap" part="swap" aria-label={s.swap} title={s.swap}
                        onclick={dispatch.reform(|_: MouseEvent| Action::Swap)}>
                    <span class="rl-swap-icon" aria-hidden="true"></span>
                </button>
            }
            <div class="rl-side rl-side-get">
                { picker(Side::Get, s.get, state.get.as_ref(), get_note) }
                { amount(Side::Get, s.amount_get, &get_code, get_value) }
            </div>
            <ul class="rl-problems" id={problems_id.clone()}>
                { for problems.iter().map(|p| html! { <li class="rl-problem">{ p }</li> }) }
            </ul>
            if quote.as_ref().is_some_and(|q| q.approximate) {
                <p class="rl-approx">{ s.approximate }</p>
            }
            if !cities.is_empty() {
                { city_select(CitySelectProps {
                    id: format!("{prefix}-city"),
                    label: s.city,
                    cities,
                    selected: state.city.clone(),
                    onchoose: dispatch.reform(Action::ChooseCity),
                }) }
            }
            if let Some(d) = dir {
                { rate_info(d, lang, s) }
            }
            if !href.is_empty() {
                <GoLink href={href} target={state.config.target.clone()} strings={s}
                        text={format!("{} {give_code} → {get_code}", s.go)} ongo={ongo} />
            }
            <Freshness updated_at={state.updated_at} stale={state.stale} strings={s}
                       problem={state.last_error.as_ref().map(|e| AttrValue::from(e.message.clone()))} />
        </div>
    }
}
