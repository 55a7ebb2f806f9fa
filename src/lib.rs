//! ratelink visitor widget: Yew app mounted by the `www/ratelink.js` loader into a shadow root.

pub mod components;
pub mod config;
pub mod core_api;
pub mod hooks;
pub mod i18n;
pub mod state;

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};
use yew::AppHandle;

use crate::components::app::{Bridge, Command};
use crate::components::{App, AppProps};
use crate::config::{Config, RawConfig, ATTRIBUTES};
use crate::core_api::Feed;

// Talc instead of the standard library's dlmalloc: fewer bytes of wasm (docs/performance.md,
// "Issue 12, fourth round").
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Reads the loader's plain config object (attribute name → string or undefined).
pub fn raw_config(value: &JsValue) -> RawConfig {
    let get = |key: &str| {
        js_sys::Reflect::get(value, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    RawConfig {
        attributes: ATTRIBUTES
            .iter()
            .filter_map(|&name| get(name).map(|v| (name.to_string(), v)))
            .collect(),
        page_lang: get("pageLang"),
    }
}

/// One mounted widget, returned to the loader by [`mount`].
#[wasm_bindgen]
pub struct WidgetHandle {
    app: Option<AppHandle<App>>,
    props: AppProps,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Attributes changed: update in place (the chosen pair and amount stay unless `from`, `to`
    /// or `amount` changed).
    pub fn update(&mut self, config: JsValue) {
        let Some(app) = self.app.as_mut() else { return };
        self.props.config = Rc::new(Config::parse(&raw_config(&config)));
        app.update(self.props.clone());
    }

    /// Chooses a pair, as if the visitor had picked it; throws a `TypeError`-like error when
    /// either code is not a string.
    #[wasm_bindgen(js_name = setPair)]
    pub fn set_pair(&self, from: JsValue, to: JsValue) -> Result<(), JsValue> {
        let code = |v: JsValue, name: &str| {
            v.as_string().ok_or_else(|| {
                JsValue::from(js_sys::Error::new(&format!(
                    "setPair: {name} must be a currency code string"
                )))
            })
        };
        let (from, to) = (code(from, "from")?, code(to, "to")?);
        if self.app.is_some() {
            self.props.bridge.send(Command::SetPair { from, to });
        }
        Ok(())
    }

    /// The widget's state as a plain object: `{from, to, amount_give, amount_get, rate,
    /// reserve, min, max, stale}` (decimal strings or `null`; `stale` a boolean).
    pub fn state(&self) -> JsValue {
        hooks::events::to_js(&self.props.bridge.snapshot())
    }

    /// Fetches the feed now.
    pub fn refresh(&self) {
        if self.app.is_some() {
            self.props.bridge.send(Command::Refresh);
        }
    }

    /// Tears the widget down: the app, its timers, listeners and requests.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

fn mount_app(
    host: HtmlElement,
    root: Element,
    config: Config,
    feed: Option<Rc<Feed>>,
) -> WidgetHandle {
    let props = AppProps {
        host,
        root: root.clone(),
        config: Rc::new(config),
        feed,
        bridge: Rc::new(Bridge::default()),
    };
    let app = yew::Renderer::<App>::with_root_and_props(root, props.clone()).render();
    WidgetHandle {
        app: Some(app),
        props,
    }
}

/// Mounts a widget into `mount_point` (the `rl-root` div in the host's shadow root).
///
/// `config.normalizeFeed`, when a function, is the loader's raw-feed reader (see
/// [`hooks::feed::set_normalizer`]), and `config.takeFeed` hands over the feeds the loader
/// started while the app downloaded (see [`hooks::feed::set_prefetched`]); both are page-wide,
/// so the latest ones given are kept.
#[wasm_bindgen]
pub fn mount(
    host: HtmlElement,
    mount_point: Element,
    config: JsValue,
) -> Result<WidgetHandle, JsValue> {
    if !mount_point.is_connected() {
        return Err(js_sys::Error::new("ratelink: the mount point is not in the document").into());
    }
    let function = |name: &str| {
        js_sys::Reflect::get(&config, &JsValue::from_str(name))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    };
    if let Some(normalize) = function("normalizeFeed") {
        hooks::feed::set_normalizer(normalize);
    }
    if let Some(take) = function("takeFeed") {
        hooks::feed::set_prefetched(take);
    }
    Ok(mount_app(
        host,
        mount_point,
        Config::parse(&raw_config(&config)),
        None,
    ))
}

/// Mounts a widget over a feed already in memory (component tests; no fetch, no refresh).
#[doc(hidden)]
pub fn mount_with_feed(
    host: HtmlElement,
    mount_point: Element,
    config: JsValue,
    feed: Feed,
) -> WidgetHandle {
    mount_app(
        host,
        mount_point,
        Config::parse(&raw_config(&config)),
        Some(Rc::new(feed)),
    )
}
