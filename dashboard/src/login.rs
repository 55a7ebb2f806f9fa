//! Getting in: the relay's password form, and direct mode (a partner API key typed here, kept
//! in this tab's memory or, if asked, its sessionStorage).

use crate::app::Config;
use crate::backend::{Backend, Summary};
use crate::i18n::{strings, Strings};
use crate::wire::{from_json, to_json};
use ratelink_browser::{tab_get, tab_remove, tab_set};
use ratelink_core::partner::{PartnerApi, PartnerEndpoint, PartnerKey};
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Session-storage entry of a direct-mode key (only when the partner asks for it).
const DIRECT_STORAGE: &str = "ratelink-dashboard-direct";

/// A direct-mode connection kept for this tab.
#[derive(Serialize, Deserialize)]
struct StoredDirect {
    api: String,
    endpoint: String,
    key: String,
}

/// The direct-mode connection kept for this tab, if any (and still valid).
pub fn stored_direct() -> Option<Backend> {
    let kept: StoredDirect = from_json(&tab_get(DIRECT_STORAGE)?).ok()?;
    let api = PartnerApi::from_name(&kept.api)?;
    let endpoint = PartnerEndpoint::new(api, &kept.endpoint).ok()?;
    let key = PartnerKey::new(&kept.key);
    (!key.is_empty()).then_some(Backend::Direct { endpoint, key })
}

/// Drops the direct-mode connection kept for this tab.
pub fn forget_direct() {
    tab_remove(DIRECT_STORAGE);
}

#[derive(Properties, PartialEq)]
pub struct LoginProps {
    /// Loader configuration.
    pub config: Rc<Config>,
    /// A message to show first (why the login is asked again).
    pub message: Option<String>,
    /// Called with the backend and its first summary once logged in.
    pub on_ready: Callback<(Rc<Backend>, Summary)>,
}

/// The relay login form, with a switch to direct mode when it is offered.
#[function_component(Login)]
pub fn login(props: &LoginProps) -> Html {
    let t = strings(props.config.lang);
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
                <DirectForm t={t} on_ready={props.on_ready.clone()} />
                <button type="button" class="rd-link-button" onclick={toggle}>{ t.relay_mode }</button>
            </div>
        };
    }
    html! {
        <div class="rd-login">
            <form class="rd-form" onsubmit={onsubmit} part="login">
                <label class="rd-label" for="rd-password">{ t.password }</label>
                <input id="rd-password" class="rd-input" type="password" name="password" autocomplete="current-password" required=true ref={password} />
                <button type="submit" class="rd-primary" disabled={*busy}>{ if *busy { t.logging_in } else { t.login } }</button>
                if let Some(message) = &*error {
                    <p class="rd-error-text" role="alert">{ message.clone() }</p>
                }
            </form>
            if props.config.allow_direct {
                <button type="button" class="rd-link-button" onclick={toggle}>{ t.direct_mode }</button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DirectProps {
    t: &'static Strings,
    on_ready: Callback<(Rc<Backend>, Summary)>,
}

/// Direct mode: the key typed here stays in memory (or this tab's sessionStorage if asked).
#[function_component(DirectForm)]
fn direct_form(props: &DirectProps) -> Html {
    let t = props.t;
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
                return error.set(Some(t.api_key.to_string()));
            }
            if keep {
                let kept = StoredDirect {
                    api: family.as_str().to_string(),
                    endpoint: endpoint.url.clone(),
                    key: key.expose().to_string(),
                };
                if let Ok(json) = to_json(&kept) {
                    tab_set(DIRECT_STORAGE, &json);
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
                        forget_direct();
                        error.set(Some(f.message));
                    }
                }
            });
        })
    };
    html! {
        <form class="rd-form" onsubmit={onsubmit} part="direct" autocomplete="off">
            <p class="rd-warning" role="note">{ t.direct_warning }</p>
            <label class="rd-label" for="rd-api">{ t.api_family }</label>
            <select id="rd-api" class="rd-input" ref={api}>
                <option value="pp" selected=true>{ "pp (Premium Exchanger, izi.exchange)" }</option>
                <option value="iex-v2">{ "iEXExchanger v2" }</option>
            </select>
            <label class="rd-label" for="rd-endpoint">{ t.endpoint }</label>
            <input id="rd-endpoint" class="rd-input" type="url" placeholder="https://exchanger.example/api.html" required=true ref={endpoint} />
            <label class="rd-label" for="rd-key">{ t.api_key }</label>
            <input id="rd-key" class="rd-input" type="password" autocomplete="off" spellcheck="false" required=true ref={key} />
            <label class="rd-check"><input type="checkbox" ref={remember} />{ t.remember_tab }</label>
            <button type="submit" class="rd-primary" disabled={*busy}>{ t.connect }</button>
            if let Some(message) = &*error {
                <p class="rd-error-text" role="alert">{ message.clone() }</p>
            }
        </form>
    }
}
