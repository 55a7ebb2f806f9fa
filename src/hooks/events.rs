//! `ratelink:*` CustomEvents dispatched on the host element.

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// A plain JS object from `(key, value)` pairs.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let obj = js_sys::Object::new();
    for (k, v) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(k), v);
    }
    obj.into()
}

/// Dispatches `name` on `host` with `detail`, bubbling and composed (crosses the shadow root).
pub fn emit(host: &HtmlElement, name: &str, detail: JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        // A throwing host listener must not break the widget.
        let _ = host.dispatch_event(&event);
    }
}

/// `ratelink:ready` {directions}.
pub fn ready(host: &HtmlElement, directions: usize) {
    emit(
        host,
        "ratelink:ready",
        object(&[("directions", JsValue::from_f64(directions as f64))]),
    );
}

/// `ratelink:error` {kind, message}.
pub fn error(host: &HtmlElement, kind: &str, message: &str) {
    emit(
        host,
        "ratelink:error",
        object(&[("kind", kind.into()), ("message", message.into())]),
    );
}

/// `ratelink:select` {from, to}.
pub fn select(host: &HtmlElement, from: &str, to: &str) {
    emit(
        host,
        "ratelink:select",
        object(&[("from", from.into()), ("to", to.into())]),
    );
}

/// `ratelink:go` {href, from, to}.
pub fn go(host: &HtmlElement, href: &str, from: &str, to: &str) {
    emit(
        host,
        "ratelink:go",
        object(&[
            ("href", href.into()),
            ("from", from.into()),
            ("to", to.into()),
        ]),
    );
}
