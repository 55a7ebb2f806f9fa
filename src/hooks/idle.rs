//! Work deferred to the browser's idle time (`requestIdleCallback`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = requestIdleCallback)]
    fn request_idle_callback(callback: &JsValue, options: &JsValue) -> Result<u32, JsValue>;
}

/// Longest wait (ms) before idle work runs anyway.
const IDLE_TIMEOUT_MS: u32 = 2000;

/// Runs `work` once the page is idle (at the latest after two seconds). Where the browser has no
/// `requestIdleCallback` (Safari) the work is dropped: what it prepares is built on first use.
pub fn when_idle(work: impl FnOnce() + 'static) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeout".into(), &IDLE_TIMEOUT_MS.into());
    let _ = request_idle_callback(&Closure::once_into_js(work), &options);
}
