//! The dashboard's components: login, overview, clicks, exchanges, payouts, payout request.

use crate::backend::{Backend, Failure, Summary};
use crate::charts::{BarChart, Breakdown, Measure};
use crate::i18n::Lang;
use crate::util::{self, DayRange};
use ratelink_core::partner::{
    csv, mask_account, pair_link, stats, Click, PartnerApi, PartnerEndpoint, PartnerExchange,
    PartnerKey, Payout,
};
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Clicks listed in the table (the chart, breakdowns and CSV use them all).
const CLICK_ROWS: usize = 50;

/// Session-storage entry of a direct-mode key (only when the partner asks for it).
const DIRECT_STORAGE: &str = "ratelink-dashboard-direct";

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
    /// Interface language.
    pub lang: Lang,
    /// Data source.
    pub backend: Rc<Backend>,
    /// Called when the relay says the session is gone.
    pub expired: Callback<()>,
}

impl PartialEq for Ctx {
    fn eq(&self, other: &Ctx) -> bool {
        self.lang == other.lang && Rc::ptr_eq(&self.backend, &other.backend)
    }
}

/// A value being loaded.
#[derive(Clone, PartialEq)]
pub enum Load<T> {
    /// Under way.
    Loading,
    /// Arrived.
    Ready(Rc<T>),
    /// Failed, with the reason.
    Failed(Failure),
}

/// Loading and error states (with a retry button); `None` when ready.
fn state_view<T>(lang: Lang, load: &Load<T>, retry: Callback<MouseEvent>) -> Option<Html> {
    match load {
        Load::Loading => Some(
            html! { <p class="rd-loading" role="status" aria-live="polite"><span class="rd-spinner" aria-hidden="true"></span>{ lang.t("loading") }</p> },
        ),
        Load::Failed(f) => Some(html! {
            <div class="rd-error" role="alert" part="error">
                <p>{ f.message.clone() }</p>
                <button type="button" onclick={retry}>{ lang.t("retry") }</button>
            </div>
        }),
        Load::Ready(_) => None,
    }
}

fn status_text(lang: Lang, short: &str) -> String {
    match short {
        "done" | "pending" | "failed" | "paid" | "cancelled" => lang
            .t(match short {
                "done" => "done",
                "pending" => "pending",
                "failed" => "failed",
                "paid" => "paid",
                _ => "cancelled",
            })
            .to_string(),
        other => other.to_string(),
    }
}

/// Runs `fetch` whenever `deps` change, keeping only the newest answer.
#[hook]
fn use_loader<D, T, F, Fut>(deps: D, fetch: F) -> (UseStateHandle<Load<T>>, Callback<MouseEvent>)
where
    D: PartialEq + Clone + 'static,
    T: 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T, Failure>> + 'static,
{
    let ctx = use_context::<Ctx>();
    let state = use_state(|| Load::<T>::Loading);
    let generation = use_mut_ref(|| 0u32);
    let retry_count = use_state(|| 0u32);
    let fetch = Rc::new(fetch);
    {
        let state = state.clone();
        let expired = ctx.map(|c| c.expired);
        use_effect_with((deps, *retry_count), move |(deps, _)| {
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            state.set(Load::Loading);
            let fut = fetch(deps.clone());
            spawn_local(async move {
                let result = fut.await;
                if *generation.borrow() != mine {
                    return;
                }
                match result {
                    Ok(v) => state.set(Load::Ready(Rc::new(v))),
                    Err(f) => {
                        if f.unauthorized {
                            if let Some(e) = &expired {
                                e.emit(());
                            }
                        }
                        state.set(Load::Failed(f));
                    }
                }
            });
        });
    }
    let retry = {
        let retry_count = retry_count.clone();
        Callback::from(move |_| retry_count.set(*retry_count + 1))
    };
    (state, retry)
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

impl PartialEq for Backend {
    fn eq(&self, other: &Backend) -> bool {
        std::ptr::eq(self, other)
    }
}

fn stored_direct() -> Option<Backend> {
    let raw = util::tab_storage()?
        .get_item(DIRECT_STORAGE)
        .ok()
        .flatten()?;
    let v = ratelink_core::json::parse(&raw).ok()?;
    let api = PartnerApi::from_name(v.get("api")?.as_str()?)?;
    let endpoint = PartnerEndpoint::new(api, v.get("endpoint")?.as_str()?).ok()?;
    let key = PartnerKey::new(v.get("key")?.as_str()?);
    (!key.is_empty()).then_some(Backend::Direct { endpoint, key })
}

/// The dashboard: login first, then the views.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let config = props.config.clone();
    let lang = config.lang;
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
            html! { <p class="rd-loading" role="status"><span class="rd-spinner" aria-hidden="true"></span>{ lang.t("loading") }</p> }
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
        <div class="rd-app" part="app" lang={if lang == Lang::Ru { "ru" } else { "en" }}>
            <h2 class="rd-title">{ lang.t("title") }</h2>
            { body }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LoginProps {
    config: Rc<Config>,
    message: Option<String>,
    on_ready: Callback<(Rc<Backend>, Summary)>,
}

#[function_component(Login)]
fn login(props: &LoginProps) -> Html {
    let lang = props.config.lang;
    let password = use_node_ref();
    let busy = use_state(|| false);
    let error = use_state(|| props.message.clone());
    let direct = use_state(|| false);
    let onsubmit = {
        let password = password.clone();
        let busy = busy.clone();
        let error = error.clone();
        let relay = props.config.relay.clone();
        let on_ready = props.on_ready.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(input) = password.cast::<HtmlInputElement>() else {
                return;
            };
            let value = input.value();
            if *busy {
                return;
            }
            busy.set(true);
            let busy = busy.clone();
            let error = error.clone();
            let on_ready = on_ready.clone();
            let backend = Rc::new(Backend::relay(&relay));
            spawn_local(async move {
                let result = match backend.login(&value).await {
                    Ok(()) => backend.summary().await,
                    Err(f) => Err(f),
                };
                busy.set(false);
                match result {
                    Ok(s) => on_ready.emit((backend, s)),
                    Err(f) => error.set(Some(f.message)),
                }
            });
        })
    };
    let toggle = {
        let direct = direct.clone();
        Callback::from(move |_| direct.set(!*direct))
    };
    if *direct {
        return html! {
            <div class="rd-login">
                <DirectForm lang={lang} on_ready={props.on_ready.clone()} />
                <button type="button" class="rd-link-button" onclick={toggle}>{ lang.t("relay_mode") }</button>
            </div>
        };
    }
    html! {
        <div class="rd-login">
            <form class="rd-form" onsubmit={onsubmit} part="login">
                <label class="rd-label" for="rd-password">{ lang.t("password") }</label>
                <input id="rd-password" class="rd-input" type="password" name="password" autocomplete="current-password" required=true ref={password} />
                <button type="submit" class="rd-primary" disabled={*busy}>{ if *busy { lang.t("logging_in") } else { lang.t("login") } }</button>
                if let Some(message) = &*error {
                    <p class="rd-error-text" role="alert">{ message.clone() }</p>
                }
            </form>
            if props.config.allow_direct {
                <button type="button" class="rd-link-button" onclick={toggle}>{ lang.t("direct_mode") }</button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DirectProps {
    lang: Lang,
    on_ready: Callback<(Rc<Backend>, Summary)>,
}

/// Direct mode: the key typed here stays in memory (or this tab's sessionStorage if asked).
#[function_component(DirectForm)]
fn direct_form(props: &DirectProps) -> Html {
    let lang = props.lang;
    let api = use_node_ref();
    let endpoint = use_node_ref();
    let key = use_node_ref();
    let remember = use_node_ref();
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (api, endpoint, key, remember) =
            (api.clone(), endpoint.clone(), key.clone(), remember.clone());
        let error = error.clone();
        let busy = busy.clone();
        let on_ready = props.on_ready.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(api_el), Some(endpoint_el), Some(key_el)) = (
                api.cast::<HtmlSelectElement>(),
                endpoint.cast::<HtmlInputElement>(),
                key.cast::<HtmlInputElement>(),
            ) else {
                return;
            };
            let keep = remember
                .cast::<HtmlInputElement>()
                .is_some_and(|r| r.checked());
            // The field is cleared at once so the key is not left in the form.
            let key = PartnerKey::new(&key_el.value());
            key_el.set_value("");
            let family = PartnerApi::from_name(&api_el.value()).unwrap_or(PartnerApi::Pp);
            let url = endpoint_el.value();
            let endpoint = match PartnerEndpoint::new(family, &url) {
                Ok(ep) => ep,
                Err(err) => return error.set(Some(err.to_string())),
            };
            if key.is_empty() {
                return error.set(Some(lang.t("api_key").to_string()));
            }
            if keep {
                if let Some(storage) = util::tab_storage() {
                    let mut json = String::from("{\"api\":");
                    ratelink_core::json::write_str(&mut json, family.as_str());
                    json.push_str(",\"endpoint\":");
                    ratelink_core::json::write_str(&mut json, &endpoint.url);
                    json.push_str(",\"key\":");
                    ratelink_core::json::write_str(&mut json, key.expose());
                    json.push('}');
                    let _ = storage.set_item(DIRECT_STORAGE, &json);
                }
            }
            let backend = Rc::new(Backend::Direct { endpoint, key });
            busy.set(true);
            let (error, busy, on_ready) = (error.clone(), busy.clone(), on_ready.clone());
            spawn_local(async move {
                let result = backend.summary().await;
                busy.set(false);
                match result {
                    Ok(s) => on_ready.emit((backend, s)),
                    Err(f) => {
                        if let Some(storage) = util::tab_storage() {
                            let _ = storage.remove_item(DIRECT_STORAGE);
                        }
                        error.set(Some(f.message));
                    }
                }
            });
        })
    };
    html! {
        <form class="rd-form" onsubmit={onsubmit} part="direct" autocomplete="off">
            <p class="rd-warning" role="note">{ lang.t("direct_warning") }</p>
            <label class="rd-label" for="rd-api">{ lang.t("api_family") }</label>
            <select id="rd-api" class="rd-input" ref={api}>
                <option value="pp" selected=true>{ "pp (Premium Exchanger, izi.exchange)" }</option>
                <option value="iex-v2">{ "iEXExchanger v2" }</option>
            </select>
            <label class="rd-label" for="rd-endpoint">{ lang.t("endpoint") }</label>
            <input id="rd-endpoint" class="rd-input" type="url" placeholder="https://exchanger.example/api.html" required=true ref={endpoint} />
            <label class="rd-label" for="rd-key">{ lang.t("api_key") }</label>
            <input id="rd-key" class="rd-input" type="password" autocomplete="off" spellcheck="false" required=true ref={key} />
            <label class="rd-check"><input type="checkbox" ref={remember} />{ lang.t("remember_tab") }</label>
            <button type="submit" class="rd-primary" disabled={*busy}>{ lang.t("connect") }</button>
            if let Some(message) = &*error {
                <p class="rd-error-text" role="alert">{ message.clone() }</p>
            }
        </form>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Overview,
    Clicks,
    Exchanges,
    Payouts,
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
    let lang = props.lang;
    let tab = use_state(|| Tab::Overview);
    let range = use_state(|| DayRange::last(30));
    let expired = {
        let to_login = props.to_login.clone();
        Callback::from(move |_| to_login.emit(Some(lang.t("session_expired").to_string())))
    };
    let ctx = Ctx {
        lang,
        backend: props.backend.clone(),
        expired,
    };
    let logout = {
        let backend = props.backend.clone();
        let to_login = props.to_login.clone();
        Callback::from(move |_| {
            let backend = backend.clone();
            let to_login = to_login.clone();
            if let Some(storage) = util::tab_storage() {
                let _ = storage.remove_item(DIRECT_STORAGE);
            }
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
    let tab_button = |t: Tab, key: &'static str| {
        let tab = tab.clone();
        let selected = *tab == t;
        html! {
            <button type="button" role="tab" class="rd-tab" part="tab" aria-selected={selected.to_string()} data-tab={key}
                onclick={Callback::from(move |_| tab.set(t))}>{ lang.t(key) }</button>
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
    };
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <div class="rd-bar-top">
                <nav class="rd-tabs" role="tablist">
                    { tab_button(Tab::Overview, "overview") }
                    { tab_button(Tab::Clicks, "clicks") }
                    { tab_button(Tab::Exchanges, "exchanges") }
                    { tab_button(Tab::Payouts, "payouts") }
                </nav>
                <button type="button" class="rd-logout" onclick={logout}>{ if props.backend.is_direct() { lang.t("forget_key") } else { lang.t("logout") } }</button>
            </div>
            if props.backend.is_direct() {
                <p class="rd-warning rd-warning-small" role="note">{ lang.t("direct_warning") }</p>
            }
            <RangePicker lang={lang} range={*range} on_change={Callback::from(move |r| range.set(r))} />
            <div class="rd-view" role="tabpanel">{ view }</div>
        </ContextProvider<Ctx>>
    }
}

#[derive(Properties, PartialEq)]
struct RangeProps {
    lang: Lang,
    range: DayRange,
    on_change: Callback<DayRange>,
}

#[function_component(RangePicker)]
fn range_picker(props: &RangeProps) -> Html {
    let lang = props.lang;
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
    let preset = |days: i64, key: &'static str| {
        let on_change = props.on_change.clone();
        let active = r == DayRange::last(days);
        html! { <button type="button" class="rd-chip" aria-pressed={active.to_string()} onclick={Callback::from(move |_| on_change.emit(DayRange::last(days)))}>{ lang.t(key) }</button> }
    };
    html! {
        <div class="rd-range" part="range">
            <label class="rd-inline">{ lang.t("from") }<input class="rd-input rd-date" type="date" name="from" value={util::day_input(r.from)} onchange={set_from} /></label>
            <label class="rd-inline">{ lang.t("to") }<input class="rd-input rd-date" type="date" name="to" value={util::day_input(r.to)} onchange={set_to} /></label>
            { preset(7, "last_7") }
            { preset(30, "last_30") }
            { preset(90, "last_90") }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ViewProps {
    summary: Rc<Summary>,
    range: DayRange,
}

fn reward_unit(summary: &Summary, list: &[PartnerExchange]) -> Option<AttrValue> {
    list.iter()
        .find_map(|e| e.reward.as_ref()?.currency.clone())
        .or_else(|| summary.summary.balance.as_ref()?.currency.clone())
        .map(AttrValue::from)
}

#[function_component(Overview)]
fn overview(props: &ViewProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by Dashboard");
    let lang = ctx.lang;
    let s = &props.summary.summary;
    let extras = &props.summary.extras;
    let backend = ctx.backend.clone();
    let want_clicks = extras.clicks;
    let (data, retry) = use_loader(props.range, move |range: DayRange| {
        let backend = backend.clone();
        async move {
            let w = range.window();
            let exchanges = backend.all_exchanges(w).await?;
            let clicks = if want_clicks {
                Some(backend.clicks(w).await?)
            } else {
                None
            };
            Ok((exchanges, clicks))
        }
    });
    let card = |label: &'static str, value: String, part: &'static str| {
        html! { <div class="rd-card" part="card" data-field={part}><p class="rd-card-label">{ lang.t(label) }</p><p class="rd-card-value">{ value }</p></div> }
    };
    let balance = match &s.balance {
        Some(b) => format!(
            "{} {}",
            b.amount,
            b.currency
                .clone()
                .unwrap_or_else(|| lang.t("currency_unknown").to_string())
        ),
        None => lang.t("not_available").to_string(),
    };
    let charts = match &*data {
        Load::Ready(d) => {
            let (exchanges, clicks) = &**d;
            let unit = reward_unit(&props.summary, exchanges);
            let (ex_days, ex_undated) = stats::exchanges_per_day(exchanges);
            let (earn_days, earn_undated) = stats::earnings_per_day(exchanges);
            let clicks_chart = clicks.as_ref().map(|c| {
                let (days, undated) = stats::clicks_per_day(c);
                html! { <BarChart title={lang.t("clicks_per_day")} points={days} measure={Measure::Count} undated={undated} undated_text={lang.t("undated")} empty_text={lang.t("empty")} /> }
            });
            html! {
                <div class="rd-charts">
                    { for clicks_chart }
                    <BarChart title={lang.t("exchanges_per_day")} points={ex_days} measure={Measure::Count} undated={ex_undated} undated_text={lang.t("undated")} empty_text={lang.t("empty")} />
                    <BarChart title={lang.t("earnings_per_day")} points={earn_days} measure={Measure::Amount} unit={unit} undated={earn_undated} undated_text={lang.t("undated")} empty_text={lang.t("empty")} />
                </div>
            }
        }
        other => state_view(lang, other, retry).unwrap_or_default(),
    };
    html! {
        <div class="rd-overview">
            <div class="rd-cards">
                { card("balance", balance, "balance") }
                if let Some(m) = &s.min_payout { { card("min_payout", m.to_string(), "min_payout") } }
                if let Some(p) = &s.reward_percent { { card("reward_percent", format!("{p}%"), "reward_percent") } }
                if let Some(n) = s.referrals { { card("referrals", n.to_string(), "referrals") } }
                if let Some(m) = &s.total_received { { card("total_received", m.to_string(), "total_received") } }
                if let Some(m) = &s.total_withdrawn { { card("total_withdrawn", m.to_string(), "total_withdrawn") } }
            </div>
            <LinkBuilder lang={lang} link={extras.referral_link.clone()} />
            <crate::embed::EmbedSnippet />
            { charts }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LinkProps {
    lang: Lang,
    link: Option<String>,
}

#[function_component(LinkBuilder)]
fn link_builder(props: &LinkProps) -> Html {
    let lang = props.lang;
    let from = use_state(String::new);
    let to = use_state(String::new);
    let Some(base) = props.link.clone() else {
        return html! { <section class="rd-links"><h3 class="rd-h3">{ lang.t("referral_link") }</h3><p class="rd-note">{ lang.t("no_referral_code") }</p></section> };
    };
    let built = pair_link(&base, &from.to_ascii_uppercase(), &to.to_ascii_uppercase());
    let code_input = |state: &UseStateHandle<String>,
                      id: &'static str,
                      label: &'static str,
                      example: &'static str| {
        let state = state.clone();
        let value = (*state).clone();
        html! {
            <label class="rd-inline" for={id}>{ lang.t(label) }
                <input id={id} class="rd-input rd-code" type="text" maxlength="32" spellcheck="false" placeholder={example} value={value}
                    oninput={Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value().trim().to_string()))} />
            </label>
        }
    };
    html! {
        <section class="rd-links" part="links">
            <h3 class="rd-h3">{ lang.t("referral_link") }</h3>
            <CopyField lang={lang} value={base.clone()} name="referral" />
            <h3 class="rd-h3">{ lang.t("link_builder") }</h3>
            <div class="rd-row">
                { code_input(&from, "rd-cur-from", "cur_from", "USDTTRC20") }
                { code_input(&to, "rd-cur-to", "cur_to", "BTC") }
            </div>
            <CopyField lang={lang} value={built} name="pair" />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CopyProps {
    lang: Lang,
    value: String,
    name: &'static str,
}

#[function_component(CopyField)]
fn copy_field(props: &CopyProps) -> Html {
    let lang = props.lang;
    let note = use_state(|| None::<&'static str>);
    let input = use_node_ref();
    let onclick = {
        let value = props.value.clone();
        let note = note.clone();
        let input = input.clone();
        Callback::from(move |_| {
            let value = value.clone();
            let note = note.clone();
            let input = input.clone();
            spawn_local(async move {
                if util::copy(&value).await {
                    note.set(Some("copied"));
                } else {
                    if let Some(i) = input.cast::<HtmlInputElement>() {
                        i.select();
                    }
                    note.set(Some("copy_failed"));
                }
            });
        })
    };
    html! {
        <div class="rd-copy">
            <input class="rd-input rd-copy-value" type="text" readonly=true value={props.value.clone()} ref={input} data-name={props.name} aria-label={lang.t("referral_link")} />
            <button type="button" onclick={onclick}>{ lang.t("copy") }</button>
            if let Some(k) = *note { <span class="rd-note" role="status">{ lang.t(k) }</span> }
        </div>
    }
}

#[function_component(ClicksView)]
fn clicks_view(props: &ViewProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by Dashboard");
    let lang = ctx.lang;
    let supported = props.summary.extras.clicks;
    let backend = ctx.backend.clone();
    let (data, retry) = use_loader(
        (props.range, supported),
        move |(range, supported): (DayRange, bool)| {
            let backend = backend.clone();
            async move {
                if !supported {
                    return Ok(Vec::new());
                }
                backend.clicks(range.window()).await
            }
        },
    );
    if !supported {
        return html! { <p class="rd-empty" part="empty">{ lang.t("clicks_unsupported") }</p> };
    }
    let list: Rc<Vec<Click>> = match &*data {
        Load::Ready(l) => l.clone(),
        other => return state_view(lang, other, retry).unwrap_or_default(),
    };
    let (days, undated) = stats::clicks_per_day(&list);
    let export = {
        let list = list.clone();
        let range = props.range;
        Callback::from(move |_| {
            let _ = util::download_csv(
                &format!("clicks_{}.csv", util::range_tag(&range)),
                &csv::clicks_csv(&list),
            );
        })
    };
    html! {
        <div class="rd-clicks">
            <BarChart title={lang.t("clicks_per_day")} points={days} measure={Measure::Count} undated={undated} undated_text={lang.t("undated")} empty_text={lang.t("empty")} />
            if !list.is_empty() {
                <div class="rd-two">
                    <Breakdown title={lang.t("referrers")} rows={stats::referrer_breakdown(&list)} />
                    <Breakdown title={lang.t("browsers")} rows={stats::browser_breakdown(&list)} />
                </div>
                <div class="rd-actions"><button type="button" class="rd-export" onclick={export}>{ lang.t("export_csv") }</button></div>
                <div class="rd-table-wrap">
                    <table class="rd-table" part="table">
                        <thead><tr><th>{ lang.t("date") }</th><th>{ lang.t("referrer") }</th><th>{ lang.t("browser") }</th><th>{ lang.t("ip") }</th></tr></thead>
                        <tbody>
                            { for list.iter().take(CLICK_ROWS).map(|c| html! {
                                <tr>
                                    <td class="rd-nowrap">{ c.date.clone().unwrap_or_else(|| c.at.display()) }</td>
                                    <td>{ stats::referrer_host(c.referrer.as_deref()) }</td>
                                    <td>{ stats::browser_family(c.browser.as_deref()) }</td>
                                    <td class="rd-nowrap">{ c.ip.clone().unwrap_or_default() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                if list.len() > CLICK_ROWS {
                    <p class="rd-note">{ format!("{} {CLICK_ROWS} / {}. {}", lang.t("showing_first"), list.len(), lang.t("export_for_all")) }</p>
                }
            } else {
                <p class="rd-empty" part="empty">{ lang.t("empty") }</p>
            }
        </div>
    }
}

#[function_component(ExchangesView)]
fn exchanges_view(props: &ViewProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by Dashboard");
    let lang = ctx.lang;
    let page = use_state(|| 1u32);
    {
        let page = page.clone();
        use_effect_with(props.range, move |_| page.set(1));
    }
    let backend = ctx.backend.clone();
    let (data, retry) = use_loader(
        (props.range, *page),
        move |(range, page): (DayRange, u32)| {
            let backend = backend.clone();
            async move { backend.exchanges_page(range.window(), page).await }
        },
    );
    let exporting = use_state(|| false);
    let export = {
        let backend = ctx.backend.clone();
        let range = props.range;
        let exporting = exporting.clone();
        Callback::from(move |_| {
            let backend = backend.clone();
            let exporting = exporting.clone();
            exporting.set(true);
            spawn_local(async move {
                if let Ok(all) = backend.all_exchanges(range.window()).await {
                    let _ = util::download_csv(
                        &format!("exchanges_{}.csv", util::range_tag(&range)),
                        &csv::exchanges_csv(&all),
                    );
                }
                exporting.set(false);
            });
        })
    };
    let p = match &*data {
        Load::Ready(p) => p.clone(),
        other => return state_view(lang, other, retry).unwrap_or_default(),
    };
    if p.items.is_empty() && p.page == 1 {
        return html! { <p class="rd-empty" part="empty">{ lang.t("empty") }</p> };
    }
    let unit = reward_unit(&props.summary, &p.items)
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let go = |target: Option<u32>| {
        let page = page.clone();
        Callback::from(move |_| {
            if let Some(t) = target {
                page.set(t);
            }
        })
    };
    let prev = (p.page > 1).then(|| p.page - 1);
    let side = |m: &Option<ratelink_core::partner::Money>| {
        m.as_ref()
            .map(|m| m.to_string())
            .unwrap_or_else(|| "—".into())
    };
    html! {
        <div class="rd-exchanges">
            <p class="rd-totals" part="totals">
                <strong>{ lang.t("totals") }{ ": " }</strong>
                { format!("{} {}, {} {}, {} {}{}", p.count, lang.t("count"), p.done, lang.t("completed"), lang.t("reward").to_lowercase(), p.reward, unit) }
                if !p.whole_window { { " " }{ lang.t("totals_page_only") } }
            </p>
            <div class="rd-actions"><button type="button" class="rd-export" onclick={export} disabled={*exporting}>{ lang.t("export_csv") }</button></div>
            <div class="rd-table-wrap">
                <table class="rd-table" part="table">
                    <thead><tr><th>{ lang.t("date") }</th><th>{ lang.t("give") }</th><th>{ lang.t("get") }</th><th class="rd-num">{ lang.t("reward") }</th><th>{ lang.t("status") }</th><th>{ lang.t("accrued") }</th></tr></thead>
                    <tbody>
                        { for p.items.iter().map(|e| {
                            let short = e.state.short();
                            html! {
                                <tr data-id={e.id.clone()}>
                                    <td class="rd-nowrap">{ e.date.clone().unwrap_or_else(|| e.at.display()) }</td>
                                    <td>{ side(&e.give) }</td>
                                    <td>{ side(&e.get) }</td>
                                    <td class="rd-num">{ side(&e.reward) }</td>
                                    <td><span class={classes!("rd-status", format!("rd-status-{short}"))} title={e.state.raw().to_string()}>{ status_text(lang, short) }</span></td>
                                    <td>{ match e.reward_accrued { Some(true) => lang.t("yes"), Some(false) => lang.t("no"), None => "—" } }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <nav class="rd-pager" aria-label={lang.t("page")}>
                <button type="button" class="rd-prev" disabled={prev.is_none()} onclick={go(prev)}>{ lang.t("prev") }</button>
                <span class="rd-page" aria-live="polite">{ format!("{} {}", lang.t("page"), p.page) }</span>
                <button type="button" class="rd-next" disabled={p.next_page.is_none()} onclick={go(p.next_page)}>{ lang.t("next") }</button>
            </nav>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PayoutsProps {
    summary: Rc<Summary>,
    range: DayRange,
    on_requested: Callback<()>,
}

#[function_component(PayoutsView)]
fn payouts_view(props: &PayoutsProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by Dashboard");
    let lang = ctx.lang;
    let reload = use_state(|| 0u32);
    let backend = ctx.backend.clone();
    let (data, retry) = use_loader(
        (props.range, *reload),
        move |(range, _): (DayRange, u32)| {
            let backend = backend.clone();
            async move { backend.payouts(range.window()).await }
        },
    );
    let on_requested = {
        let reload = reload.clone();
        let parent = props.on_requested.clone();
        Callback::from(move |_| {
            reload.set(*reload + 1);
            parent.emit(());
        })
    };
    let list_view = match &*data {
        Load::Ready(list) if list.is_empty() => {
            html! { <p class="rd-empty" part="empty">{ lang.t("empty") }</p> }
        }
        Load::Ready(list) => {
            let export = {
                let list: Rc<Vec<Payout>> = list.clone();
                let range = props.range;
                Callback::from(move |_| {
                    let _ = util::download_csv(
                        &format!("payouts_{}.csv", util::range_tag(&range)),
                        &csv::payouts_csv(&list),
                    );
                })
            };
            html! {
                <>
                <div class="rd-actions"><button type="button" class="rd-export" onclick={export}>{ lang.t("export_csv") }</button></div>
                <div class="rd-table-wrap">
                    <table class="rd-table rd-payouts-table" part="table">
                        <thead><tr><th>{ lang.t("date") }</th><th class="rd-num">{ lang.t("amount") }</th><th>{ lang.t("method") }</th><th>{ lang.t("account") }</th><th>{ lang.t("status") }</th></tr></thead>
                        <tbody>
                            { for list.iter().map(|p| {
                                let short = p.status.short().to_string();
                                html! {
                                    <tr data-id={p.id.clone()}>
                                        <td class="rd-nowrap">{ p.date.clone().unwrap_or_else(|| p.at.display()) }</td>
                                        <td class="rd-num">{ p.amount.to_string() }</td>
                                        <td>{ p.method.clone().or_else(|| p.method_id.clone().map(|m| method_title(&props.summary, &m))).unwrap_or_default() }</td>
                                        <td class="rd-nowrap">{ p.account.clone().unwrap_or_default() }</td>
                                        <td><span class={classes!("rd-status", format!("rd-status-{short}"))}>{ status_text(lang, &short) }</span></td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
                </>
            }
        }
        other => state_view(lang, other, retry).unwrap_or_default(),
    };
    html! {
        <div class="rd-payouts">
            <PayoutRequest summary={props.summary.clone()} on_requested={on_requested} />
            { list_view }
        </div>
    }
}

fn method_title(summary: &Summary, id: &str) -> String {
    summary
        .summary
        .payout_methods
        .iter()
        .find(|m| m.id == id)
        .map(|m| m.title.clone())
        .unwrap_or_else(|| format!("#{id}"))
}

/// Why a payout cannot be requested now, if it cannot.
pub fn payout_blocked(summary: &Summary, lang: Lang) -> Option<String> {
    let s = &summary.summary;
    if !summary.extras.payout_request {
        return Some(lang.t("reason_unsupported").into());
    }
    let balance = s.balance.as_ref().map(|b| b.amount).unwrap_or_default();
    if !balance.is_positive() {
        return Some(lang.t("reason_zero").into());
    }
    if let Some(min) = &s.min_payout {
        if balance < min.amount {
            return Some(format!(
                "{}: {} < {}.",
                lang.t("reason_below_min"),
                util::money(s.balance.as_ref()),
                min
            ));
        }
    }
    if s.payout_methods.is_empty() {
        return Some(lang.t("reason_no_methods").into());
    }
    None
}

#[derive(Properties, PartialEq)]
struct RequestProps {
    summary: Rc<Summary>,
    on_requested: Callback<()>,
}

#[derive(Clone, PartialEq)]
enum Step {
    Edit,
    Confirm,
    Sending,
    Done(String),
    Failed(String),
}

#[function_component(PayoutRequest)]
fn payout_request(props: &RequestProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx is provided by Dashboard");
    let lang = ctx.lang;
    let s = &props.summary.summary;
    let method = use_state(|| {
        s.payout_methods
            .first()
            .map(|m| m.id.clone())
            .unwrap_or_default()
    });
    let account = use_state(String::new);
    let step = use_state(|| Step::Edit);
    // Guards a double click between "confirm" and the state change.
    let in_flight = use_mut_ref(|| false);
    let blocked = payout_blocked(&props.summary, lang);
    let chosen = s.payout_methods.iter().find(|m| m.id == *method).cloned();
    let header = html! {
        <>
            <h3 class="rd-h3">{ lang.t("request_payout") }</h3>
            <p class="rd-note">{ lang.t("payout_whole_balance") }{ " " }{ format!("{}: {}", lang.t("balance"), util::money(s.balance.as_ref())) }</p>
        </>
    };
    let done = match &*step {
        Step::Done(id) => Some(
            html! { <p class="rd-success" role="status">{ format!("{} #{id} → {}", lang.t("payout_requested"), mask_account(&account)) }</p> },
        ),
        _ => None,
    };
    if let Some(reason) = blocked {
        return html! {
            <section class="rd-request" part="payout-request">
                { header }
                { for done }
                <button type="button" class="rd-primary" disabled=true aria-describedby="rd-payout-reason">{ lang.t("request_payout") }</button>
                <p id="rd-payout-reason" class="rd-reason" role="note">{ reason }</p>
            </section>
        };
    }
    let on_method = {
        let method = method.clone();
        Callback::from(move |e: Event| {
            method.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let on_account = {
        let account = account.clone();
        Callback::from(move |e: InputEvent| {
            account.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let to_confirm = {
        let step = step.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            step.set(Step::Confirm);
        })
    };
    let cancel = {
        let step = step.clone();
        Callback::from(move |_| step.set(Step::Edit))
    };
    let confirm = {
        let step = step.clone();
        let backend = ctx.backend.clone();
        let method = method.clone();
        let account = account.clone();
        let on_requested = props.on_requested.clone();
        let in_flight = in_flight.clone();
        let expired = ctx.expired.clone();
        Callback::from(move |_| {
            if std::mem::replace(&mut *in_flight.borrow_mut(), true) {
                return;
            }
            step.set(Step::Sending);
            let (step, backend, on_requested, in_flight, expired) = (
                step.clone(),
                backend.clone(),
                on_requested.clone(),
                in_flight.clone(),
                expired.clone(),
            );
            let (m, a) = ((*method).clone(), (*account).trim().to_string());
            spawn_local(async move {
                let result = backend.request_payout(&m, &a).await;
                *in_flight.borrow_mut() = false;
                match result {
                    Ok(id) => {
                        step.set(Step::Done(id));
                        on_requested.emit(());
                    }
                    Err(f) => {
                        if f.unauthorized {
                            expired.emit(());
                        }
                        step.set(Step::Failed(f.message));
                    }
                }
            });
        })
    };
    let account_missing = account.trim().is_empty();
    let details = chosen.as_ref().map(|m| {
        html! {
            <dl class="rd-details">
                <dt>{ lang.t("commission") }</dt><dd data-field="commission">{ m.commission.clone() }</dd>
                <dt>{ lang.t("you_receive") }</dt><dd data-field="you-receive">{ util::money(m.you_receive.as_ref()) }</dd>
            </dl>
        }
    });
    let body = match &*step {
        Step::Edit | Step::Failed(_) => html! {
            <form class="rd-form" onsubmit={to_confirm}>
                <label class="rd-label" for="rd-method">{ lang.t("method") }</label>
                <select id="rd-method" class="rd-input" onchange={on_method}>
                    { for s.payout_methods.iter().map(|m| html! { <option value={m.id.clone()} selected={m.id == *method}>{ format!("{} ({})", m.title, m.commission) }</option> }) }
                </select>
                { for details.clone() }
                <label class="rd-label" for="rd-account">{ lang.t("account") }</label>
                <input id="rd-account" class="rd-input" type="text" autocomplete="off" spellcheck="false" value={(*account).clone()} oninput={on_account} />
                <button type="submit" class="rd-primary" disabled={account_missing}>{ lang.t("continue") }</button>
                if account_missing { <p class="rd-reason">{ lang.t("reason_no_account") }</p> }
                if let Step::Failed(message) = &*step { <p class="rd-error-text" role="alert">{ message.clone() }</p> }
            </form>
        },
        Step::Confirm | Step::Sending => html! {
            <div class="rd-confirm" role="alertdialog" aria-labelledby="rd-confirm-title" part="confirm">
                <p id="rd-confirm-title" class="rd-h3">{ lang.t("confirm_payout") }</p>
                <dl class="rd-details">
                    <dt>{ lang.t("balance") }</dt><dd>{ util::money(s.balance.as_ref()) }</dd>
                    <dt>{ lang.t("method") }</dt><dd>{ chosen.as_ref().map(|m| m.title.clone()).unwrap_or_default() }</dd>
                    <dt>{ lang.t("account") }</dt><dd data-field="account">{ (*account).trim().to_string() }</dd>
                    <dt>{ lang.t("commission") }</dt><dd>{ chosen.as_ref().map(|m| m.commission.clone()).unwrap_or_default() }</dd>
                    <dt>{ lang.t("you_receive") }</dt><dd>{ util::money(chosen.as_ref().and_then(|m| m.you_receive.as_ref())) }</dd>
                </dl>
                <div class="rd-row">
                    <button type="button" class="rd-primary rd-confirm-button" disabled={*step == Step::Sending} onclick={confirm}>{ if *step == Step::Sending { lang.t("sending") } else { lang.t("confirm") } }</button>
                    <button type="button" onclick={cancel} disabled={*step == Step::Sending}>{ lang.t("cancel") }</button>
                </div>
            </div>
        },
        Step::Done(_) => html! { { for done } },
    };
    html! {
        <section class="rd-request" part="payout-request">
            { header }
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratelink_core::partner::wire::SummaryExtras;
    use ratelink_core::partner::{Money, PartnerSummary, PayoutMethod};
    use ratelink_core::Decimal;

    fn summary(balance: &str, min: Option<&str>, methods: usize, can_request: bool) -> Summary {
        let money = |s: &str| Money::new(Decimal::parse(s).unwrap(), Some("USD"));
        Summary {
            summary: PartnerSummary {
                balance: Some(money(balance)),
                min_payout: min.map(money),
                payout_methods: (0..methods)
                    .map(|i| PayoutMethod {
                        id: i.to_string(),
                        title: "USDT".into(),
                        commission: "2%".into(),
                        you_receive: None,
                    })
                    .collect(),
                ..PartnerSummary::default()
            },
            extras: SummaryExtras {
                payout_request: can_request,
                ..SummaryExtras::default()
            },
        }
    }

    #[test]
    fn payout_is_blocked_with_a_reason() {
        let en = Lang::En;
        assert_eq!(
            payout_blocked(&summary("60", Some("50"), 1, true), en),
            None
        );
        assert_eq!(
            payout_blocked(&summary("50", Some("50"), 1, true), en),
            None,
            "exactly the minimum is allowed"
        );
        assert_eq!(
            payout_blocked(&summary("49.99", Some("50"), 1, true), en).as_deref(),
            Some("The balance is below the minimum payout: 49.99 USD < 50 USD.")
        );
        assert_eq!(
            payout_blocked(&summary("0", Some("50"), 1, true), en).as_deref(),
            Some("There is nothing to pay out yet.")
        );
        assert_eq!(
            payout_blocked(&summary("60", None, 0, true), en).as_deref(),
            Some("No payout method can cover the balance right now.")
        );
        assert!(payout_blocked(&summary("60", None, 1, false), en)
            .unwrap()
            .contains("cannot request payouts"));
        assert_eq!(
            payout_blocked(&summary("10", Some("50"), 1, true), Lang::Ru).as_deref(),
            Some("Баланс меньше минимальной выплаты: 10 USD < 50 USD.")
        );
    }
}
