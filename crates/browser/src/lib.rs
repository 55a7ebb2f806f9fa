//! Browser helpers shared by the visitor widget and the partner dashboard: the clipboard and
//! this tab's storage. Each checks what the page offers first, so none of them throws (one
//! exception in wasm kills every widget on the page).

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Copies `text` with the asynchronous Clipboard API; `false` when the API is missing (a
/// non-secure page) or the browser refuses, so the caller can offer the text to select.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    // `navigator.clipboard` is undefined outside secure contexts: check before calling into it.
    let present = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map(|v| !v.is_undefined() && !v.is_null())
        .unwrap_or(false);
    if !present {
        return false;
    }
    JsFuture::from(navigator.clipboard().write_text(text))
        .await
        .is_ok()
}

/// This tab's `sessionStorage` (never `localStorage`: what is kept must not outlive the tab);
/// `None` when the browser blocks storage.
fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The entry `key` of this tab's storage, if any.
pub fn tab_get(key: &str) -> Option<String> {
    tab_storage()?.get_item(key).ok().flatten()
}

/// Keeps `value` under `key` until the tab closes; `false` when storage is blocked or full.
pub fn tab_set(key: &str, value: &str) -> bool {
    tab_storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Removes `key` from this tab's storage (nothing happens when storage is blocked).
pub fn tab_remove(key: &str) {
    if let Some(s) = tab_storage() {
        let _ = s.remove_item(key);
    }
}
