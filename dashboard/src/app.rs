//! The dashboard's shell: login first, then the tabs, the date range and the current view.
//!
//! Each view lives in its own module (`overview`, `clicks`, `exchanges`, `payouts`,
//! `placements`, `builder`); the login
//! forms in `login`, the loader hook in `load`, the charts in `charts`.

use crate::backend::{Backend, Summary};
use crate::builder::WidgetBuilder;
use crate::clicks::ClicksView;
use crate::exchanges::ExchangesView;
use crate::i18n::{strings, Lang, Strings};
use crate::login::{forget_direct, stored_direct, Login};
use crate::overview::Overview;
use crate::payouts::PayoutsView;
use crate::placements::PlacementsView;
use crate::util::{self, DayRange};
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the loader passes in.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Relay URL prefix (empty: this page's origin).
    pub relay: String,
    /// Interface language.
    pub lang: Lang,
    /// Whether direct mode is offered.
    pub allow_direct: bool,
}

/// What every view shares.
#[derive(Clone)]
pub struct Ctx {
    /// The interface texts.
    pub t: &'static Strings,
    /// Data source.
    pub backend: Rc<Backend>,
    /// Called when the relay says the session is gone.
    pub expired: Callback<()>,
}

impl PartialEq for Ctx {
    fn eq(&self, other: &Ctx) -> bool {
        self.t == other.t && Rc::ptr_eq(&self.backend, &other.backend)
    }
}

/// Props of the views that show a window of days.
#[derive(Properties, PartialEq)]
pub struct ViewProps {
    /// Balance, features, referral link.
    pub summary: Rc<Summary>,
    /// The chosen days.
    pub range: DayRange,
}

/// Props of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// Loader configuration.
    pub config: Rc<Config>,
}

#[derive(Clone, PartialEq)]
enum Screen {
    Checking,
    Login(Option<String>),
    Ready(Rc<Backend>, Rc<Summary>),
}

/// The dashboard: login first, then the views.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let config = props.config.clone();
    let lang = config.lang;
    let t = strings(lang);
    let screen = use_state(|| Screen::Checking);
    {
        // An existing relay session (or a direct key kept for this tab) skips the login form.
        let screen = screen.clone();
        let config = config.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                let backend = Rc::new(
                    stored_direct()
                        .filter(|_| config.allow_direct)
                        .unwrap_or_else(|| Backend::relay(&config.relay)),
                );
                match backend.summary().await {
                    Ok(s) => screen.set(Screen::Ready(backend, Rc::new(s))),
                    Err(f) if f.unauthorized => screen.set(Screen::Login(None)),
                    Err(f) => screen.set(Screen::Login(Some(f.message))),
                }
            });
        });
    }
    let on_ready = {
        let screen = screen.clone();
        Callback::from(move |(backend, summary): (Rc<Backend>, Summary)| {
            screen.set(Screen::Ready(backend, Rc::new(summary)))
        })
    };
    let body = match &*screen {
        Screen::Checking => {
            html! { <p class="rd-loading" role="status"><span class="rd-spinner" aria-hidden="true"></span>{ t.loading }</p> }
        }
        Screen::Login(message) => {
            html! { <Login config={config.clone()} message={message.clone()} on_ready={on_ready} /> }
        }
        Screen::Ready(backend, summary) => {
            let to_login = {
                let screen = screen.clone();
                Callback::from(move |message: Option<String>| screen.set(Screen::Login(message)))
            };
            let on_summary = {
                let screen = screen.clone();
                let backend = backend.clone();
                Callback::from(move |s: Summary| {
                    screen.set(Screen::Ready(backend.clone(), Rc::new(s)))
                })
            };
            html! { <Dashboard lang={lang} backend={backend.clone()} summary={summary.clone()} {to_login} {on_summary} /> }
        }
    };
    html! {
        <div class="rd-app" part="app" lang={lang.as_str()}>
            <h2 class="rd-title">{ t.title }</h2>
            { body }
        </div>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Overview,
    Clicks,
    Exchanges,
    Payouts,
    Placements,
    Widget,
}

#[derive(Properties, PartialEq)]
struct DashboardProps {
    lang: Lang,
    backend: Rc<Backend>,
    summary: Rc<Summary>,
    to_login: Callback<Option<String>>,
    on_summary: Callback<Summary>,
}

#[function_component(Dashboard)]
fn dashboard(props: &DashboardProps) -> Html {
    let t = strings(props.lang);
    let tab = use_state(|| Tab::Overview);
    let range = use_state(|| DayRange::last(30));
    let expired = {
        let to_login = props.to_login.clone();
        Callback::from(move |_| to_login.emit(Some(t.session_expired.to_string())))
    };
    let ctx = Ctx {
        t,
        backend: props.backend.clone(),
        expired,
    };
    let logout = {
        let backend = props.backend.clone();
        let to_login = props.to_login.clone();
        Callback::from(move |_| {
            let backend = backend.clone();
            let to_login = to_login.clone();
            forget_direct();
            spawn_local(async move {
                backend.logout().await;
                to_login.emit(None);
            });
        })
    };
    let refresh_summary = {
        let backend = props.backend.clone();
        let on_summary = props.on_summary.clone();
        Callback::from(move |_: ()| {
            let backend = backend.clone();
            let on_summary = on_summary.clone();
            spawn_local(async move {
                if let Ok(s) = backend.summary().await {
                    on_summary.emit(s);
                }
            });
        })
    };
    let tab_button = |which: Tab, key: &'static str, label: &'static str| {
        let tab = tab.clone();
        let selected = *tab == which;
        html! {
            <button type="button" role="tab" class="rd-tab" part="tab" aria-selected={selected.to_string()} data-tab={key}
                onclick={Callback::from(move |_| tab.set(which))}>{ label }</button>
        }
    };
    let summary = props.summary.clone();
    let view = match *tab {
        Tab::Overview => html! { <Overview summary={summary.clone()} range={*range} /> },
        Tab::Clicks => html! { <ClicksView summary={summary.clone()} range={*range} /> },
        Tab::Exchanges => html! { <ExchangesView summary={summary.clone()} range={*range} /> },
        Tab::Payouts => {
            html! { <PayoutsView summary={summary.clone()} range={*range} on_requested={refresh_summary} /> }
        }
        Tab::Placements => html! { <PlacementsView summary={summary.clone()} range={*range} /> },
        Tab::Widget => html! { <WidgetBuilder /> },
    };
    let dated = *tab != Tab::Widget;
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <div class="rd-bar-top">
                <nav class="rd-tabs" role="tablist">
                    { tab_button(Tab::Overview, "overview", t.overview) }
                    { tab_button(Tab::Clicks, "clicks", t.clicks) }
                    { tab_button(Tab::Exchanges, "exchanges", t.exchanges) }
                    { tab_button(Tab::Payouts, "payouts", t.payouts) }
                    { tab_button(Tab::Placements, "placements", t.placements) }
                    { tab_button(Tab::Widget, "widget", t.widget) }
                </nav>
                <button type="button" class="rd-logout" onclick={logout}>{ if props.backend.is_direct() { t.forget_key } else { t.logout } }</button>
            </div>
            if props.backend.is_direct() {
                <p class="rd-warning rd-warning-small" role="note">{ t.direct_warning }</p>
            }
            if dated {
                <RangePicker t={t} range={*range} on_change={Callback::from(move |r| range.set(r))} />
            }
            <div class="rd-view" role="tabpanel">{ view }</div>
        </ContextProvider<Ctx>>
    }
}

#[derive(Properties, PartialEq)]
struct RangeProps {
    t: &'static Strings,
    range: DayRange,
    on_change: Callback<DayRange>,
}

#[function_component(RangePicker)]
fn range_picker(props: &RangeProps) -> Html {
    let t = props.t;
    let r = props.range;
    let set_from = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(day) =
                util::parse_day_input(&e.target_unchecked_into::<HtmlInputElement>().value())
            {
                on_change.emit(DayRange {
                    from: day.min(r.to),
                    to: r.to,
                });
            }
        })
    };
    let set_to = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(day) =
                util::parse_day_input(&e.target_unchecked_into::<HtmlInputElement>().value())
            {
                on_change.emit(DayRange {
                    from: r.from.min(day),
                    to: day,
                });
            }
        })
    };
    let preset = |days: i64, label: &'static str| {
        let on_change = props.on_change.clone();
        let active = r == DayRange::last(days);
        html! { <button type="button" class="rd-chip" aria-pressed={active.to_string()} onclick={Callback::from(move |_| on_change.emit(DayRange::last(days)))}>{ label }</button> }
    };
    html! {
        <div class="rd-range" part="range">
            <label class="rd-inline">{ t.from }<input class="rd-input rd-date" type="date" name="from" value={util::day_input(r.from)} onchange={set_from} /></label>
            <label class="rd-inline">{ t.to }<input class="rd-input rd-date" type="date" name="to" value={util::day_input(r.to)} onchange={set_to} /></label>
            { preset(7, t.last_7) }
            { preset(30, t.last_30) }
            { preset(90, t.last_90) }
        </div>
    }
}
