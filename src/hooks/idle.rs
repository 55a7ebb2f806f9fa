//! Work deferred to the browser's idle time (`requestIdleCallback`, a timeout where missing).

use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = requestIdleCallback)]
    fn request_idle_callback(callback: &JsValue, options: &JsValue) -> Result<u32, JsValue>;
}

/// Longest wait (ms) before idle work runs anyway.
const IDLE_TIMEOUT_MS: u32 = 2000;

/// Runs `work` once the page is idle (at the latest after two seconds).
pub fn when_idle(work: impl FnOnce() + 'static) {
    let work = std::rc::Rc::new(std::cell::Cell::new(Some(work)));
    let run = {
        let work = work.clone();
        move || {
            if let Some(w) = work.take() {
                w();
            }
        }
    };
    let callback = Closure::once_into_js(run.clone());
    let options = crate::hooks::events::object(&[("timeout", IDLE_TIMEOUT_MS.into())]);
    if request_idle_callback(&callback, &options).is_err() {
        // Safari has no requestIdleCallback: soon after this render instead.
        Timeout::new(50, run).forget();
    }
}
