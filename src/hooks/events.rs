//! `ratelink:*` CustomEvents dispatched on the host element; their `detail` goes through serde.

use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// `value` as a plain JS object (absent values become `null`, never `undefined`).
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    // Plain structs of strings, numbers and booleans always serialize.
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

/// Dispatches `name` on `host` with `detail`, bubbling and composed (crosses the shadow root).
pub fn emit<T: Serialize>(host: &HtmlElement, name: &str, detail: &T) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&to_js(detail));
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        // A throwing host listener must not break the widget.
        let _ = host.dispatch_event(&event);
    }
}

/// The `detail` of `ratelink:ready`.
#[derive(Serialize)]
pub struct Ready {
    /// Usable directions.
    pub directions: usize,
}

/// The `detail` of `ratelink:error`.
#[derive(Serialize)]
pub struct Error<'a> {
    /// `config`, `network`, `cors`, `maintenance`, `empty` or `parse`.
    pub kind: &'a str,
    /// The cause, readable.
    pub message: &'a str,
}

/// The `detail` of `ratelink:select`.
#[derive(Serialize)]
pub struct Select<'a> {
    /// Give code.
    pub from: &'a str,
    /// Get code.
    pub to: &'a str,
}

/// The `detail` of `ratelink:go`.
#[derive(Serialize)]
pub struct Go<'a> {
    /// The affiliate link followed.
    pub href: &'a str,
    /// Give code.
    pub from: &'a str,
    /// Get code.
    pub to: &'a str,
    /// The widget's `placement`, or `null`.
    pub placement: Option<&'a str>,
    /// Compare layout: the id of the exchanger whose offer was followed; `null` otherwise.
    pub exchanger: Option<&'a str>,
}

/// `ratelink:ready` {directions}.
pub fn ready(host: &HtmlElement, directions: usize) {
    emit(host, "ratelink:ready", &Ready { directions });
}

/// `ratelink:error` {kind, message}.
pub fn error(host: &HtmlElement, kind: &str, message: &str) {
    emit(host, "ratelink:error", &Error { kind, message });
}

/// `ratelink:select` {from, to}.
pub fn select(host: &HtmlElement, from: &str, to: &str) {
    emit(host, "ratelink:select", &Select { from, to });
}

/// `ratelink:go` {href, from, to, placement, exchanger}.
pub fn go(host: &HtmlElement, go: &Go<'_>) {
    emit(host, "ratelink:go", go);
}
