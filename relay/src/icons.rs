//! Currency icons: one SVG sprite per feed, holding only that feed's currencies.
//!
//! Coins and tokens use the artwork of the npm package `cryptocurrency-icons` (CC0; the web
//! build copies its `svg/color/*.svg` into `dist/icons/`); a token's network and every bank,
//! card, e-money or cash code get a generated monogram in their category's colour, never a
//! guessed logo. Symbols are named `rl-i-CODE` (the feed's code as written).

use std::collections::HashMap;
use std::path::Path;

use ratelink_core::currency::{lookup, Category};

/// The largest icon file taken from the set; bigger ones (a few detailed logos) get a
/// monogram instead, so one coin cannot bloat every sprite.
const MAX_ICON_BYTES: usize = 16 * 1024;
/// Codes outside this length or with other characters than `[A-Za-z0-9._-]` get no symbol
/// (the id must be safe in markup and in a `#fragment`).
const MAX_CODE_LEN: usize = 40;

/// One icon file's drawing, ready to become a `<symbol>`.
#[derive(Clone, Debug)]
struct Art {
    view_box: String,
    /// The SVG's children, ids not yet prefixed.
    inner: String,
}

/// The coin artwork available to sprites, by lower-case ticker (`btc`, `usdt`).
#[derive(Debug, Default)]
pub struct IconSet {
    art: HashMap<String, Art>,
}

impl IconSet {
    /// Reads every `*.svg` in `dir` that passes [`clean_svg`]; a missing directory gives an
    /// empty set (monograms only). Returns the set and how many files were refused.
    pub fn load(dir: &Path) -> (IconSet, usize) {
        let mut art = HashMap::new();
        let mut refused = 0;
        let Ok(entries) = std::fs::read_dir(dir) else {
            return (IconSet { art }, 0);
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let (Some(stem), Some("svg")) = (
                path.file_stem().and_then(|s| s.to_str()),
                path.extension().and_then(|e| e.to_str()),
            ) else {
                continue;
            };
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            match clean_svg(&text) {
                Some(a) => {
                    art.insert(stem.to_ascii_lowercase(), a);
                }
                None => refused += 1,
            }
        }
        (IconSet { art }, refused)
    }

    /// Number of coin drawings available.
    pub fn len(&self) -> usize {
        self.art.len()
    }

    /// True when no drawing is available (monograms only).
    pub fn is_empty(&self) -> bool {
        self.art.is_empty()
    }

    /// The sprite for `codes` (each once, in the order given): an `<svg>` of `<symbol>`s.
    pub fn sprite<'a>(&self, codes: impl IntoIterator<Item = &'a str>) -> String {
        let mut out = String::from(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">",
        );
        for code in codes {
            if !safe_code(code) {
                continue;
            }
            self.symbol(&mut out, code);
        }
        out.push_str("</svg>");
        out
    }

    fn symbol(&self, out: &mut String, code: &str) {
        let info = lookup(code);
        let id = format!("rl-i-{code}");
        let ticker = match info.category {
            Category::Crypto => Some(info.canonical.to_ascii_lowercase()),
            Category::Token => {
                let canonical = info.canonical.to_ascii_lowercase();
                let net = info.network.as_deref().unwrap_or("").to_ascii_lowercase();
                canonical
                    .strip_suffix(net.as_str())
                    .filter(|base| !base.is_empty() && !net.is_empty())
                    .map(str::to_string)
            }
            _ => None,
        };
        let art = ticker.as_deref().and_then(|t| self.art.get(t));
        match art {
            Some(a) => {
                out.push_str(&format!("<symbol id=\"{id}\" viewBox=\"{}\">", a.view_box));
                // A 32×32 wrapper keeps the badge's coordinates whatever the art's viewBox.
                out.push_str(&format!(
                    "<svg width=\"32\" height=\"32\" viewBox=\"{}\">{}</svg>",
                    a.view_box,
                    prefix_ids(&a.inner, &id)
                ));
            }
            None => {
                out.push_str(&format!("<symbol id=\"{id}\" viewBox=\"0 0 32 32\">"));
                monogram(
                    out,
                    16,
                    16,
                    16,
                    colour(info.category),
                    &letters(&info.canonical),
                );
            }
        }
        if let Some(net) = info.network.as_deref() {
            // The network as a small monogram badge (bottom right), in the token colour.
            out.push_str("<circle cx=\"25\" cy=\"25\" r=\"7.5\" fill=\"#fff\"/>");
            monogram(out, 25, 25, 6, colour(Category::Token), &letters(net));
        }
        out.push_str("</symbol>");
    }
}

/// The colour of a category's monograms (white text on it reads in light and dark themes).
fn colour(category: Category) -> &'static str {
    match category {
        Category::Crypto => "#8A63D2",
        Category::Token => "#1B8A6B",
        Category::EMoney => "#2F6FDB",
        Category::Bank => "#1F5FAD",
        Category::Card => "#8E3FB0",
        Category::Cash => "#2E7D32",
        Category::Transfer => "#C25E00",
        Category::Exchange => "#00838F",
        Category::Other => "#5F6B7A",
    }
}

/// Up to two letters for a monogram: the first two letters or digits, upper-cased.
fn letters(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .take(2)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn monogram(out: &mut String, cx: u32, cy: u32, r: u32, fill: &str, text: &str) {
    let size = r * 3 / 4;
    out.push_str(&format!(
        "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" fill=\"{fill}\"/>\
         <text x=\"{cx}\" y=\"{cy}\" dy=\".35em\" text-anchor=\"middle\" font-family=\"Arial,Helvetica,sans-serif\" \
         font-weight=\"700\" font-size=\"{size}\" fill=\"#fff\">{text}</text>"
    ));
}

fn safe_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= MAX_CODE_LEN
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The drawing of an icon file, or `None` when it is not a plain static SVG: anything that
/// could run, load or style something (scripts, event handlers, `style`, foreign objects,
/// links outside the file) is refused rather than cleaned.
fn clean_svg(text: &str) -> Option<Art> {
    if text.len() > MAX_ICON_BYTES {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let forbidden = [
        "<script",
        "<style",
        "style=",
        "<foreignobject",
        "<image",
        "<a ",
        "<!entity",
        "<!doctype",
        "javascript:",
        "data:",
        "http:",
        "https:",
    ];
    // The namespace declarations are the only URLs a plain icon has.
    let scrubbed = lower
        .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace("xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
    if forbidden.iter().any(|f| scrubbed.contains(f)) || has_event_handler(&lower) {
        return None;
    }
    let start = lower.find("<svg")?;
    let open_end = start + lower[start..].find('>')?;
    let close = lower.rfind("</svg>")?;
    if close <= open_end {
        return None;
    }
    let root = &text[start..open_end];
    let view_box = attr(root, "viewBox")
        .filter(|v| v.bytes().all(|b| b.is_ascii_digit() || b" .-".contains(&b)))
        .unwrap_or_else(|| "0 0 32 32".to_string());
    Some(Art {
        view_box,
        inner: text[open_end + 1..close].trim().to_string(),
    })
}

fn has_event_handler(lower: &str) -> bool {
    lower.match_indices(" on").any(|(i, _)| {
        lower[i + 3..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .count()
            > 0
            && lower[i + 3..]
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .starts_with('=')
    })
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = at + tag[at..].find('"')?;
    Some(tag[at..end].to_string())
}

/// Makes the drawing's ids unique in the sprite: `id="a"` → `id="rl-i-BTC-a"`, with every
/// `url(#a)` and `href="#a"` reference following.
fn prefix_ids(inner: &str, prefix: &str) -> String {
    if !inner.contains("id=\"") {
        return inner.to_string();
    }
    inner
        .replace(" id=\"", &format!(" id=\"{prefix}-"))
        .replace("url(#", &format!("url(#{prefix}-"))
        .replace("href=\"#", &format!("href=\"#{prefix}-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> IconSet {
        let mut art = HashMap::new();
        for (t, svg) in [
            ("btc", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><circle cx=\"16\" cy=\"16\" r=\"16\" fill=\"#F7931A\"/></svg>"),
            ("usdt", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><defs><linearGradient id=\"g\"/></defs><circle fill=\"url(#g)\" r=\"16\"/><use xlink:href=\"#g\"/></svg>"),
        ] {
            art.insert(t.to_string(), clean_svg(svg).unwrap());
        }
        IconSet { art }
    }

    #[test]
    fn coins_get_their_art_and_others_a_monogram() {
        let s = set().sprite(["BTC", "SBERRUB", "USDTTRC20"]);
        assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(s.contains("<symbol id=\"rl-i-BTC\" viewBox=\"0 0 32 32\">"));
        assert!(s.contains("#F7931A"));
        // A bank: monogram of its code in the bank colour.
        assert!(s.contains("<symbol id=\"rl-i-SBERRUB\""));
        assert!(s.contains(&format!("fill=\"{}\"", colour(Category::Bank))));
        assert!(s.contains(">SB</text>"));
        // A token: the coin's art, ids made unique, and its network as a badge.
        assert!(s.contains("id=\"rl-i-USDTTRC20-g\""));
        assert!(s.contains("url(#rl-i-USDTTRC20-g)"));
        assert!(s.contains("href=\"#rl-i-USDTTRC20-g\""));
        assert!(s.contains(">TR</text>"));
        assert_eq!(s.matches("<symbol").count(), 3);
    }

    #[test]
    fn unsafe_codes_and_files_are_refused() {
        let s = set().sprite(["A\"B", "<x>", ""]);
        assert_eq!(s.matches("<symbol").count(), 0);
        for bad in [
            "<svg><script>alert(1)</script></svg>",
            "<svg><circle onload=\"x()\"/></svg>",
            "<svg><circle style=\"fill:red\"/></svg>",
            "<svg><image href=\"https://evil.example/x.png\"/></svg>",
            "<svg><foreignObject/></svg>",
        ] {
            assert!(clean_svg(bad).is_none(), "{bad}");
        }
        assert!(clean_svg(&format!("<svg>{}</svg>", "x".repeat(MAX_ICON_BYTES))).is_none());
        assert!(clean_svg("<svg viewBox=\"0 0 32 32\"><path d=\"M0 0\"/></svg>").is_some());
    }
}
