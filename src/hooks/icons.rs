//! The feed's icon sprite: fetched after the first render and placed next to the app in the
//! widget's shadow root, so `<use href="#rl-i-CODE">` finds its symbols (an external `<use>`
//! URL would only work same-origin).

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Element;
use yew::Callback;

/// The sprite element in the shadow root; removed when the widget goes.
#[derive(Default)]
pub struct SpriteSlot(RefCell<Option<Element>>);

impl Drop for SpriteSlot {
    fn drop(&mut self) {
        if let Some(old) = self.0.borrow_mut().take() {
            old.remove();
        }
    }
}

/// True for a sprite that is plain drawing: an `<svg>` with nothing that could run or load.
/// Icons are decoration, so anything else is refused whole rather than cleaned.
pub fn is_plain_svg(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase().into_bytes();
    let forbidden: [&[u8]; 7] = [
        b"<script",
        b"<foreignobject",
        b"<iframe",
        b"<image",
        b"javascript:",
        b"<style",
        b"style=",
    ];
    // Byte windows rather than `str` searching: the generic substring searcher costs wasm.
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    let handler = lower.windows(3).enumerate().any(|(i, w)| {
        if w != b" on" {
            return false;
        }
        let rest = &lower[i + 3..];
        let name = rest.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        name > 0
            && rest[name..]
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .is_some_and(|&b| b == b'=')
    });
    lower.starts_with(b"<svg") && !handler && !forbidden.iter().any(|f| has(f))
}

/// Fetches the sprite at `url` and puts it after `root` (replacing an earlier one), then calls
/// `shown`. A failure only logs a console warning: the widget keeps its text labels.
pub fn load(url: String, root: Element, slot: Rc<SpriteSlot>, shown: Callback<()>) {
    wasm_bindgen_futures::spawn_local(async move {
        let request = super::feed::get(&url, web_sys::RequestCache::Default, None, None);
        let text = match request {
            Err(e) => Err(e),
            Ok(request) => match request.send().await {
                Ok(r) if r.ok() => r.text().await.map_err(|e| e.to_string()),
                Ok(r) => Err(format!("HTTP {}", r.status())),
                Err(e) => Err(e.to_string()),
            },
        };
        let text = match text {
            Ok(t) if is_plain_svg(&t) => t,
            Ok(_) => return warn(&url, "not a plain SVG sprite"),
            Err(e) => return warn(&url, &e),
        };
        let Some(document) = root.owner_document() else {
            return;
        };
        let Ok(holder) = document.create_element("div") else {
            return;
        };
        holder.set_class_name("rl-sprite");
        let _ = holder.set_attribute("aria-hidden", "true");
        holder.set_inner_html(&text);
        if root.insert_adjacent_element("afterend", &holder).is_err() {
            return;
        }
        if let Some(old) = slot.0.borrow_mut().replace(holder) {
            old.remove();
        }
        shown.emit(());
    });
}

fn warn(url: &str, why: &str) {
    web_sys::console::warn_1(&format!("ratelink: icons from {url} not shown: {why}").into());
}

#[cfg(test)]
mod tests {
    use super::is_plain_svg;

    #[test]
    fn only_plain_svg_sprites_are_used() {
        assert!(is_plain_svg(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><symbol id=\"rl-i-BTC\"><circle fill-rule=\"evenodd\" r=\"1\"/></symbol></svg>"
        ));
        for bad in [
            "<html><svg></svg></html>",
            "<svg><script>x()</script></svg>",
            "<svg><circle onload = \"x()\"/></svg>",
            "<svg><foreignObject><iframe/></foreignObject></svg>",
            "<svg><a href=\"javascript:x()\"/></svg>",
        ] {
            assert!(!is_plain_svg(bad), "{bad}");
        }
    }
}
