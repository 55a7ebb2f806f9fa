//! ratelink partner mini-dashboard: a Yew app mounted by `www/ratelink-dashboard.js` into the
//! shadow root of `<ratelink-dashboard>`. A separate bundle: the visitor widget never loads it.
//!
//! It talks to the relay's `/partner/*` API (the relay holds the partner key), or in direct
//! mode to the partner API itself with a key the partner types (kept in memory only).

pub mod app;
pub mod backend;
pub mod builder;
pub mod charts;
pub mod clicks;
pub mod embed;
pub mod exchanges;
pub mod i18n;
pub mod load;
pub mod login;
pub mod overview;
pub mod payouts;
pub mod placements;
pub mod util;
pub mod wire;

use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::AppHandle;

/// One mounted dashboard, returned to the loader by [`mount`].
#[wasm_bindgen]
pub struct DashboardHandle {
    app: Option<AppHandle<app::App>>,
}

#[wasm_bindgen]
impl DashboardHandle {
    /// Tears the dashboard down.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

fn config_of(value: &JsValue) -> app::Config {
    let get = |key: &str| {
        js_sys::Reflect::get(value, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    let lang = get("lang")
        .filter(|l| !l.trim().is_empty())
        .or_else(|| get("pageLang"))
        .unwrap_or_default();
    app::Config {
        relay: get("relay").unwrap_or_default(),
        lang: i18n::Lang::from_tag(&lang),
        // Direct mode is offered unless the page says `direct="off"`.
        allow_direct: !matches!(
            get("direct").as_deref().map(str::trim),
            Some("off" | "false" | "no")
        ),
    }
}

/// Mounts the dashboard into `mount_point` (a div in the element's shadow root).
#[wasm_bindgen]
pub fn mount(mount_point: Element, config: JsValue) -> Result<DashboardHandle, JsValue> {
    if !mount_point.is_connected() {
        return Err(js_sys::Error::new(
            "ratelink-dashboard: the mount point is not in the document",
        )
        .into());
    }
    let props = app::AppProps {
        config: Rc::new(config_of(&config)),
    };
    let app = yew::Renderer::<app::App>::with_root_and_props(mount_point, props).render();
    Ok(DashboardHandle { app: Some(app) })
}
