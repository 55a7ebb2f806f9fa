//! The embed code a partner pastes: pinned loader URL with SRI, the widget element, the no-JS link, the CSP line.
//!
//! One function ([`build`]) makes it for every caller: `ratelink-relay snippet`, the relay's
//! `GET /snippet` route, and through that route the demo page and the dashboard.

use std::fmt;

use crate::currency;
use crate::format::Lang;
use crate::link::{check_url, LinkBuilder, LinkError};

/// The relay's loader as the snippet names it: a content-hashed file name and its SRI value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinnedFile {
    /// File name under the relay's root, e.g. `ratelink.3f2a9c1e07.js`.
    pub name: String,
    /// Subresource Integrity value of exactly the bytes served, `sha384-<base64>`.
    pub integrity: String,
}

/// What the partner asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SnippetOptions {
    /// The relay's public base URL, e.g. `https://rates.partner.example` (no trailing path).
    pub relay: String,
    /// The relay's feed name (`/feeds/{feed}`).
    pub feed: String,
    /// The exchanger's site.
    pub exchanger: String,
    /// The partner's referral code.
    pub ref_code: String,
    /// Currency to give, preselected (optional; needs `to` too).
    pub from: Option<String>,
    /// Currency to get, preselected (optional; needs `from` too).
    pub to: Option<String>,
}

/// The embed code and the Content-Security-Policy the host page needs for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// HTML to paste: the pinned `<script>` and the `<ratelink-widget>` with its fallback link.
    pub html: String,
    /// The policy directives, one line.
    pub csp: String,
}

/// Why no snippet can be made from the options given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnippetError {
    /// The relay URL is unusable (not http(s), user info, query, bad characters...).
    Relay(LinkError),
    /// The exchanger URL or partner code is unusable.
    Exchanger(LinkError),
    /// The feed name is empty or has characters other than letters, digits, `-`, `_`.
    FeedName(String),
    /// A currency code is empty, too long, or not letters, digits, `-`, `_`, `.`.
    Currency(String),
    /// Only one of `from` and `to` was given.
    HalfPair,
    /// The loader's file name or integrity value is not what the build produces.
    Loader(String),
}

impl fmt::Display for SnippetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnippetError::Relay(e) => write!(f, "relay URL: {e}"),
            SnippetError::Exchanger(e) => write!(f, "{e}"),
            SnippetError::FeedName(n) => write!(
                f,
                "feed name {n:?} must be 1-64 letters, digits, '-' or '_'"
            ),
            SnippetError::Currency(c) => write!(
                f,
                "currency code {c:?} must be 1-32 letters, digits, '-', '_' or '.'"
            ),
            SnippetError::HalfPair => f.write_str("give both --from and --to, or neither"),
            SnippetError::Loader(why) => write!(f, "loader file: {why}"),
        }
    }
}

impl std::error::Error for SnippetError {}

fn valid_name(s: &str, max: usize, extra: &[u8]) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
}

/// Escapes text for an HTML attribute value or element content.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The relay's origin-relative base: scheme and host checked, trailing slashes dropped.
fn relay_base(relay: &str) -> Result<String, SnippetError> {
    let checked = check_url(relay.trim(), false).map_err(SnippetError::Relay)?;
    Ok(checked.trim_end_matches('/').to_string())
}

/// Builds the embed code for `loader` (the hashed loader file the relay serves) and `options`.
///
/// Every value that reaches the HTML is checked and escaped: the relay and exchanger URLs must
/// be absolute http(s) without user info or query, names and codes are restricted to the
/// characters feeds use.
pub fn build(loader: &PinnedFile, options: &SnippetOptions) -> Result<Snippet, SnippetError> {
    let relay = relay_base(&options.relay)?;
    if !valid_name(&loader.name, 128, b"-_.") || !loader.name.ends_with(".js") {
        return Err(SnippetError::Loader(format!(
            "{:?} is not a built file name",
            loader.name
        )));
    }
    let digest = loader.integrity.strip_prefix("sha384-").unwrap_or("");
    if digest.len() != 64 || !valid_name(digest, 64, b"+/=") {
        return Err(SnippetError::Loader(format!(
            "{:?} is not a sha384 integrity value",
            loader.integrity
        )));
    }
    let feed = options.feed.trim();
    if !valid_name(feed, 64, b"-_") {
        return Err(SnippetError::FeedName(feed.to_string()));
    }
    let links = LinkBuilder::new(&options.exchanger, &options.ref_code, None)
        .map_err(SnippetError::Exchanger)?;
    let code = |c: &Option<String>| -> Result<Option<String>, SnippetError> {
        match c.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(c) if valid_name(c, 32, b"-_.") => Ok(Some(c.to_string())),
            Some(c) => Err(SnippetError::Currency(c.to_string())),
        }
    };
    let pair = match (code(&options.from)?, code(&options.to)?) {
        (Some(from), Some(to)) => Some((from, to)),
        (None, None) => None,
        _ => return Err(SnippetError::HalfPair),
    };

    let e = html_escape;
    let mut attrs = format!(
        "feed=\"{}\"\n                 exchanger=\"{}\" ref=\"{}\"",
        e(&format!("{relay}/feeds/{feed}")),
        e(links.base()),
        e(links.ref_code()),
    );
    let (href, text) = match &pair {
        Some((from, to)) => {
            attrs.push_str(&format!(" from=\"{}\" to=\"{}\"", e(from), e(to)));
            let name = |c: &str| currency::lookup(c).title(Lang::En);
            (
                links.href(from, to),
                format!("Exchange {} for {}", name(from), name(to)),
            )
        }
        None => {
            let host = links.base().split_once("://").map_or("", |(_, h)| h);
            (
                format!(
                    "{}/ref/{}/",
                    links.base(),
                    crate::link::encode_component(links.ref_code())
                ),
                format!("Exchange currencies at {host}"),
            )
        }
    };
    let html = format!(
        "<script type=\"module\" src=\"{src}\"\n        integrity=\"{sri}\" crossorigin=\"anonymous\"></script>\n\
         <ratelink-widget {attrs}>\n  <a href=\"{href}\" rel=\"sponsored noopener\">{text}</a>\n</ratelink-widget>\n",
        src = e(&format!("{relay}/{}", loader.name)),
        sri = e(&loader.integrity),
        href = e(&href),
        text = e(&text),
    );
    // CSP sources name the origin: a relay under a path prefix serves several paths.
    let origin = relay
        .find("://")
        .and_then(|at| relay[at + 3..].find('/').map(|end| &relay[..at + 3 + end]))
        .unwrap_or(&relay);
    let csp = format!(
        "script-src 'self' {origin} 'wasm-unsafe-eval'; connect-src 'self' {origin}; style-src 'self' {origin}"
    );
    Ok(Snippet { html, csp })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loader() -> PinnedFile {
        PinnedFile {
            name: "ratelink.0123abcd45.js".into(),
            integrity: format!("sha384-{}", "A".repeat(64)),
        }
    }

    fn options() -> SnippetOptions {
        SnippetOptions {
            relay: "https://rates.partner.example/".into(),
            feed: "main".into(),
            exchanger: "https://exchanger.example".into(),
            ref_code: "demo42".into(),
            from: Some("BTC".into()),
            to: Some("SBERRUB".into()),
        }
    }

    #[test]
    fn pins_the_loader_and_fills_in_the_fallback_link() {
        let s = build(&loader(), &options()).unwrap();
        assert!(s.html.contains(
            "src=\"https://rates.partner.example/ratelink.0123abcd45.js\"\n        integrity=\"sha384-AAAA"
        ));
        assert!(s.html.contains("crossorigin=\"anonymous\""));
        assert!(s
            .html
            .contains("feed=\"https://rates.partner.example/feeds/main\""));
        assert!(s.html.contains("from=\"BTC\" to=\"SBERRUB\""));
        assert!(s.html.contains(
            "href=\"https://exchanger.example/ref/demo42/?cur_from=BTC&amp;cur_to=SBERRUB\""
        ));
        assert!(s.html.contains(">Exchange Bitcoin for Sberbank</a>"));
        assert_eq!(
            s.csp,
            "script-src 'self' https://rates.partner.example 'wasm-unsafe-eval'; \
             connect-src 'self' https://rates.partner.example; style-src 'self' https://rates.partner.example"
        );
    }

    #[test]
    fn a_relay_under_a_path_is_named_by_its_origin_in_the_csp() {
        let mut o = options();
        o.relay = "https://partner.example/rates/".into();
        let s = build(&loader(), &o).unwrap();
        assert!(s
            .html
            .contains("src=\"https://partner.example/rates/ratelink.0123abcd45.js\""));
        assert!(s
            .html
            .contains("feed=\"https://partner.example/rates/feeds/main\""));
        assert!(s
            .csp
            .starts_with("script-src 'self' https://partner.example 'wasm"));
        assert!(!s.csp.contains("/rates"));
    }

    #[test]
    fn without_a_pair_the_link_goes_to_the_referral_page() {
        let mut o = options();
        o.from = None;
        o.to = None;
        let s = build(&loader(), &o).unwrap();
        assert!(!s.html.contains("from="));
        assert!(s
            .html
            .contains("href=\"https://exchanger.example/ref/demo42/\""));
        assert!(s.html.contains("Exchange currencies at exchanger.example"));
        o.from = Some("BTC".into());
        assert_eq!(build(&loader(), &o), Err(SnippetError::HalfPair));
    }

    #[test]
    fn hostile_values_are_refused_or_escaped() {
        let bad = |f: fn(&mut SnippetOptions)| {
            let mut o = options();
            f(&mut o);
            build(&loader(), &o).unwrap_err()
        };
        assert!(matches!(
            bad(|o| o.relay = "javascript:alert(1)".into()),
            SnippetError::Relay(_)
        ));
        assert!(matches!(
            bad(|o| o.relay = "https://x.example/?a=1".into()),
            SnippetError::Relay(_)
        ));
        assert!(matches!(
            bad(|o| o.exchanger = "https://a\"b".into()),
            SnippetError::Exchanger(_)
        ));
        assert!(matches!(
            bad(|o| o.ref_code = " ".into()),
            SnippetError::Exchanger(LinkError::EmptyRef)
        ));
        assert!(matches!(
            bad(|o| o.feed = "a/../b".into()),
            SnippetError::FeedName(_)
        ));
        assert!(matches!(
            bad(|o| o.from = Some("<b>".into())),
            SnippetError::Currency(_)
        ));
        let mut l = loader();
        l.integrity = "sha256-abc".into();
        assert!(matches!(
            build(&l, &options()),
            Err(SnippetError::Loader(_))
        ));
        // A ref code with markup characters is percent-encoded in the link, escaped in the attribute.
        let mut o = options();
        o.ref_code = "a\"<b>&".into();
        let s = build(&loader(), &o).unwrap();
        assert!(s.html.contains("ref=\"a&quot;&lt;b&gt;&amp;\""));
        assert!(s.html.contains("/ref/a%22%3Cb%3E%26/"));
        assert!(!s.html.contains("<b>"));
    }
}
