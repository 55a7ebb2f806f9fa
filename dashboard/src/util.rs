//! Browser helpers: today, date ranges, CSV download (clipboard and tab storage are shared
//! with the widget in `ratelink-browser`).

use ratelink_core::partner::stats::DaySpan;
use ratelink_core::partner::{dates, Money, Window};
use wasm_bindgen::{JsCast, JsValue};

/// Today's day number (UTC days since 1970-01-01).
pub fn today() -> i64 {
    (js_sys::Date::now() / 86_400_000.0).floor() as i64
}

/// A range of whole days, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayRange {
    /// First day.
    pub from: i64,
    /// Last day.
    pub to: i64,
}

impl DayRange {
    /// The last `days` days up to today.
    pub fn last(days: i64) -> DayRange {
        let to = today();
        DayRange {
            from: to - days + 1,
            to,
        }
    }

    /// The first and last day, for a chart's axis.
    pub fn span(&self) -> DaySpan {
        (self.from, self.to)
    }

    /// Unix seconds from the first day's start to the last day's end.
    pub fn window(&self) -> Window {
        Window {
            from: self.from * 86_400,
            to: self.to * 86_400 + 86_399,
        }
    }
}

/// `YYYY-MM-DD` of a day number (for `<input type="date">`).
pub fn day_input(day: i64) -> String {
    dates::day_string(day)
}

/// Day number of an `<input type="date">` value.
pub fn parse_day_input(value: &str) -> Option<i64> {
    dates::day_of_text(value)
}

/// `12.5 USD`, or the amount alone when the currency is unknown.
pub fn money(m: Option<&Money>) -> String {
    match m {
        Some(m) => m.to_string(),
        None => "—".to_string(),
    }
}

/// Offers `text` as a file download (a UTF-8 BOM first, so spreadsheets read Cyrillic right).
pub fn download_csv(file_name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(&format!("\u{feff}{text}")));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(file_name);
    a.set_rel("noopener");
    a.click();
    // Revoked on the next task, after the browser took the download.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1000);
    }
    Ok(())
}

/// File-name-safe `YYYY-MM-DD_YYYY-MM-DD`.
pub fn range_tag(r: &DayRange) -> String {
    format!("{}_{}", day_input(r.from), day_input(r.to))
}
