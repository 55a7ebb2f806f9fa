//! `performance.measure` spans named `ratelink:*`, read by `bench/browser-perf.sh`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn perf_now() -> f64;
    #[wasm_bindgen(catch, js_namespace = performance, js_name = measure)]
    fn perf_measure(name: &str, options: &JsValue) -> Result<JsValue, JsValue>;
}

/// Milliseconds on the page's performance clock.
pub fn now() -> f64 {
    perf_now()
}

/// Records `name` as a `performance.measure` from `start` (see [`now`]) to now.
pub fn measure(name: &str, start: f64) {
    let options = js_sys::Object::new();
    for (key, at) in [("start", start), ("end", perf_now())] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &at.into());
    }
    // A page without User Timing level 3 only loses the figure.
    let _ = perf_measure(name, &options);
}
