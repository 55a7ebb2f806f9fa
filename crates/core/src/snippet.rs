//! The embed code a partner pastes: pinned loader URL with SRI, the widget element, the no-JS link, the CSP line.
//!
//! One function ([`build`]) makes it for every caller: `ratelink-relay snippet`, the relay's
//! `GET /snippet` route, and through that route the demo page and the dashboard.

use std::fmt;

use crate::currency;
use crate::format::Lang;
use crate::link::{check_url, is_placement_name, LinkBuilder, LinkError, DEFAULT_PLACEMENT_PARAM};

/// The widget's `theme` values, as its `theme` attribute accepts them.
pub const THEMES: [&str; 3] = ["auto", "light", "dark"];

/// The widget's `layout` values, as its `layout` attribute accepts them (first: the default).
pub const LAYOUTS: &[&str] = &["full", "compact", "compare"];

/// The layout whose widget reads the relay's `/compare` (several exchangers) instead of one feed.
pub const COMPARE: &str = "compare";

/// Most feed names a compare snippet's `?feeds=` lists (as many as the relay's `/compare` takes).
pub const MAX_COMPARE_FEEDS: usize = 64;

/// The widget's `lang` values.
pub const LANGS: [&str; 2] = ["en", "ru"];

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
    /// The relay's feed name (`/feeds/{feed}`); not used by the compare layout.
    pub feed: String,
    /// Compare layout: the feeds compared (`/compare?feeds=a,b`); empty: all the relay's feeds.
    pub feeds: Vec<String>,
    /// The exchanger's site. Compare layout: the exchanger of the no-JS link (blank: no link).
    pub exchanger: String,
    /// The partner's referral code (compare layout: for the no-JS link, blank with `exchanger`).
    pub ref_code: String,
    /// Currency to give, preselected (optional; needs `to` too).
    pub from: Option<String>,
    /// Currency to get, preselected (optional; needs `from` too).
    pub to: Option<String>,
    /// The widget's `theme` ([`THEMES`]; absent: the widget's default, `auto`).
    pub theme: Option<String>,
    /// The widget's `lang` (`en` or `ru`, read like the attribute: `ru-RU` is `ru`; absent: the
    /// page's language).
    pub lang: Option<String>,
    /// The widget's `layout` ([`LAYOUTS`]; absent: `full`). With `compare` the widget's `feed` is
    /// the relay's `/compare`, and it carries no `exchanger` or `ref` (the document names them).
    pub layout: Option<String>,
    /// The widget's `placement`: 1-64 of `A-Z a-z 0-9 . _ -`, tags every link (the fallback
    /// link too) with `utm_content=NAME`.
    pub placement: Option<String>,
    /// The widget's `placement-param`, when the relay reads placements from another parameter
    /// than `utm_content` (written only with a placement).
    pub placement_param: Option<String>,
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
    /// Compare layout: more than [`MAX_COMPARE_FEEDS`] feeds, or one named twice.
    Feeds(String),
    /// A currency code is empty, too long, or not letters, digits, `-`, `_`, `.`.
    Currency(String),
    /// Only one of `from` and `to` was given.
    HalfPair,
    /// The loader's file name or integrity value is not what the build produces.
    Loader(String),
    /// A `theme` other than those in [`THEMES`].
    Theme(String),
    /// A `lang` other than `en` or `ru`.
    Lang(String),
    /// A `layout` other than those in [`LAYOUTS`].
    Layout(String),
    /// A `placement` or `placement-param` that is not 1-64 of `A-Z a-z 0-9 . _ -`.
    Placement(LinkError),
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
            SnippetError::Feeds(why) => write!(f, "feeds: {why}"),
            SnippetError::Currency(c) => write!(
                f,
                "currency code {c:?} must be 1-32 letters, digits, '-', '_' or '.'"
            ),
            SnippetError::HalfPair => f.write_str("give both --from and --to, or neither"),
            SnippetError::Loader(why) => write!(f, "loader file: {why}"),
            SnippetError::Theme(t) => write!(f, "theme {t:?} is not {}", THEMES.join(", ")),
            SnippetError::Lang(l) => write!(f, "lang {l:?} is not en or ru"),
            SnippetError::Layout(l) => write!(f, "layout {l:?} is not {}", LAYOUTS.join(", ")),
            SnippetError::Placement(e) => write!(f, "{e}"),
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

/// `{relay}/compare`, with `?feeds=a,b` when `feeds` names some (each checked, at most
/// [`MAX_COMPARE_FEEDS`], none twice).
fn compare_url(relay: &str, feeds: &[String]) -> Result<String, SnippetError> {
    let mut url = format!("{relay}/compare");
    let mut names: Vec<&str> = Vec::new();
    for f in feeds.iter().map(|f| f.trim()).filter(|f| !f.is_empty()) {
        if !valid_name(f, 64, b"-_") {
            return Err(SnippetError::FeedName(f.to_string()));
        }
        if names.contains(&f) {
            return Err(SnippetError::Feeds(format!("{f:?} is named twice")));
        }
        if names.len() == MAX_COMPARE_FEEDS {
            return Err(SnippetError::Feeds(format!(
                "at most {MAX_COMPARE_FEEDS} feeds"
            )));
        }
        names.push(f);
    }
    if !names.is_empty() {
        url.push_str("?feeds=");
        url.push_str(&names.join(","));
    }
    Ok(url)
}

/// A placement name and its parameter checked as [`LinkBuilder::with_placement`] checks them.
fn check_placement(name: &str, param: Option<&str>) -> Result<(), LinkError> {
    if !is_placement_name(name) {
        return Err(LinkError::BadPlacement {
            given: name.to_string(),
        });
    }
    match param {
        Some(p) if !is_placement_name(p) => Err(LinkError::BadPlacementParam {
            given: p.to_string(),
        }),
        _ => Ok(()),
    }
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
    // Checked as the widget reads its attributes: blank is absent, values are exact.
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let layout = match given(&options.layout) {
        Some(l) if !LAYOUTS.contains(&l.as_str()) => return Err(SnippetError::Layout(l)),
        l => l,
    };
    let compare = layout.as_deref() == Some(COMPARE);
    let feed_url = if compare {
        compare_url(&relay, &options.feeds)?
    } else {
        let feed = options.feed.trim();
        if !valid_name(feed, 64, b"-_") {
            return Err(SnippetError::FeedName(feed.to_string()));
        }
        format!("{relay}/feeds/{feed}")
    };
    // Compare layout without an exchanger: the widget needs none (the document names each
    // offer's), so there is no single exchanger to send a no-JS visitor to, and no link.
    let no_link =
        compare && options.exchanger.trim().is_empty() && options.ref_code.trim().is_empty();
    let mut links = if no_link {
        None
    } else {
        Some(
            LinkBuilder::new(&options.exchanger, &options.ref_code, None)
                .map_err(SnippetError::Exchanger)?,
        )
    };
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

    let theme = match given(&options.theme) {
        Some(t) if !THEMES.contains(&t.as_str()) => return Err(SnippetError::Theme(t)),
        t => t,
    };
    let lang = match given(&options.lang) {
        Some(tag) => Some(Lang::parse(&tag).ok_or(SnippetError::Lang(tag))?),
        None => None,
    };
    let placement_param = given(&options.placement_param);
    let placement = match given(&options.placement) {
        Some(name) => {
            let param = placement_param.as_deref();
            links = match links {
                Some(l) => Some(
                    l.with_placement(&name, param)
                        .map_err(SnippetError::Placement)?,
                ),
                // No link to tag: checked as the widget checks the attributes.
                None => {
                    check_placement(&name, param).map_err(SnippetError::Placement)?;
                    None
                }
            };
            Some(name)
        }
        None => None,
    };

    let e = html_escape;
    let mut attrs = format!("feed=\"{}\"", e(&feed_url));
    // Compare layout: each offer's exchanger and code come from the /compare document.
    if let (Some(links), false) = (&links, compare) {
        attrs.push_str(&format!(
            "\n                 exchanger=\"{}\" ref=\"{}\"",
            e(links.base()),
            e(links.ref_code()),
        ));
    }
    if let Some((from, to)) = &pair {
        attrs.push_str(&format!(" from=\"{}\" to=\"{}\"", e(from), e(to)));
    }
    let look: Vec<String> = [
        ("theme", theme),
        ("lang", lang.map(|l| l.as_str().to_string())),
        ("layout", layout),
        ("placement", placement.clone()),
        (
            "placement-param",
            placement_param.filter(|p| placement.is_some() && p != DEFAULT_PLACEMENT_PARAM),
        ),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| format!("{k}=\"{}\"", e(&v))))
    .collect();
    if !look.is_empty() {
        attrs.push_str("\n                 ");
        attrs.push_str(&look.join(" "));
    }
    // The no-JS link speaks the widget's language when one is set.
    let text_lang = lang.unwrap_or(Lang::En);
    let fallback = links.as_ref().map(|links| match &pair {
        Some((from, to)) => {
            let name = |c: &str| currency::lookup(c).title(text_lang);
            let text = match text_lang {
                Lang::En => format!("Exchange {} for {}", name(from), name(to)),
                Lang::Ru => format!("Обменять {} на {}", name(from), name(to)),
            };
            (links.href(from, to), text)
        }
        None => {
            let host = links.base().split_once("://").map_or("", |(_, h)| h);
            let mut href = format!(
                "{}/ref/{}/",
                links.base(),
                crate::link::encode_component(links.ref_code())
            );
            // The referral page carries the placement the way the widget's links do.
            if let Some(name) = links.placement() {
                let param = options
                    .placement_param
                    .as_deref()
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .unwrap_or(DEFAULT_PLACEMENT_PARAM);
                href.push_str(&format!(
                    "?{}={}",
                    crate::link::encode_component(param),
                    crate::link::encode_component(name)
                ));
            }
            let text = match text_lang {
                Lang::En => format!("Exchange currencies at {host}"),
                Lang::Ru => format!("Обмен валют на {host}"),
            };
            (href, text)
        }
    });
    let fallback = match fallback {
        Some((href, text)) => format!(
            "\n  <a href=\"{}\" rel=\"sponsored noopener\">{}</a>\n",
            e(&href),
            e(&text)
        ),
        None => String::new(),
    };
    let html = format!(
        "<script type=\"module\" src=\"{src}\"\n        integrity=\"{sri}\" crossorigin=\"anonymous\"></script>\n\
         <ratelink-widget {attrs}>{fallback}</ratelink-widget>\n",
        src = e(&format!("{relay}/{}", loader.name)),
        sri = e(&loader.integrity),
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
            ..SnippetOptions::default()
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

    #[test]
    fn theme_lang_layout_and_placement_become_attributes_and_tag_the_fallback_link() {
        let mut o = options();
        o.theme = Some("dark".into());
        o.lang = Some(" ru-RU ".into());
        o.layout = Some("compact".into());
        o.placement = Some("side.bar-2".into());
        let s = build(&loader(), &o).unwrap();
        assert!(s.html.contains(
            "from=\"BTC\" to=\"SBERRUB\"\n                 theme=\"dark\" lang=\"ru\" layout=\"compact\" placement=\"side.bar-2\">"
        ), "{}", s.html);
        assert!(!s.html.contains("placement-param"));
        assert!(s.html.contains(
            "href=\"https://exchanger.example/ref/demo42/?cur_from=BTC&amp;cur_to=SBERRUB&amp;utm_content=side.bar-2\""
        ));
        assert!(
            s.html.contains(">Обменять Биткоин на Сбербанк</a>"),
            "{}",
            s.html
        );

        // A relay reading placements from another parameter names it, and the link uses it.
        o.placement_param = Some("pl".into());
        let s = build(&loader(), &o).unwrap();
        assert!(s
            .html
            .contains("placement=\"side.bar-2\" placement-param=\"pl\">"));
        assert!(s.html.contains("cur_to=SBERRUB&amp;pl=side.bar-2\""));

        // Without a pair the referral page carries the placement.
        o.from = None;
        o.to = None;
        o.placement_param = None;
        o.lang = None;
        let s = build(&loader(), &o).unwrap();
        assert!(s
            .html
            .contains("href=\"https://exchanger.example/ref/demo42/?utm_content=side.bar-2\""));
        assert!(s
            .html
            .contains(">Exchange currencies at exchanger.example</a>"));
    }

    #[test]
    fn compare_layout_reads_the_relays_compare_and_names_no_exchanger() {
        let mut o = options();
        o.layout = Some("compare".into());
        o.feed = String::new();
        // All feeds; the no-JS link goes to the exchanger given (the relay passes its first).
        let s = build(&loader(), &o).unwrap();
        assert!(
            s.html.contains(
                "<ratelink-widget feed=\"https://rates.partner.example/compare\" from=\"BTC\" to=\"SBERRUB\"\n                 layout=\"compare\">"
            ),
            "{}",
            s.html
        );
        assert!(!s.html.contains("exchanger=") && !s.html.contains(" ref="));
        assert!(s.html.contains(
            "<a href=\"https://exchanger.example/ref/demo42/?cur_from=BTC&amp;cur_to=SBERRUB\" rel=\"sponsored noopener\">"
        ));
        // Chosen feeds, blanks dropped; placement tags the link and is an attribute.
        o.feeds = vec!["alpha".into(), " beta ".into(), String::new()];
        o.placement = Some("cmp".into());
        let s = build(&loader(), &o).unwrap();
        assert!(s
            .html
            .contains("feed=\"https://rates.partner.example/compare?feeds=alpha,beta\""));
        assert!(s.html.contains("layout=\"compare\" placement=\"cmp\">"));
        assert!(s.html.contains("cur_to=SBERRUB&amp;utm_content=cmp\""));
        // Without an exchanger there is no single target: no fallback link at all.
        o.exchanger = String::new();
        o.ref_code = " ".into();
        o.from = None;
        o.to = None;
        let s = build(&loader(), &o).unwrap();
        assert!(s.html.ends_with(
            "<ratelink-widget feed=\"https://rates.partner.example/compare?feeds=alpha,beta\"\n                 layout=\"compare\" placement=\"cmp\"></ratelink-widget>\n"
        ), "{}", s.html);
        assert!(!s.html.contains("<a "));
        // Still checked: feed names, repeats, the placement, a half-given exchanger.
        let with = |f: fn(&mut SnippetOptions)| {
            let mut o = options();
            o.layout = Some("compare".into());
            f(&mut o);
            build(&loader(), &o)
        };
        assert_eq!(
            with(|o| o.feeds = vec!["a/b".into()]),
            Err(SnippetError::FeedName("a/b".into()))
        );
        assert!(matches!(
            with(|o| o.feeds = vec!["a".into(), "a".into()]),
            Err(SnippetError::Feeds(_))
        ));
        assert!(matches!(
            with(|o| o.feeds = (0..=MAX_COMPARE_FEEDS).map(|i| format!("f{i}")).collect()),
            Err(SnippetError::Feeds(_))
        ));
        assert!(
            with(|o| o.feeds = (0..MAX_COMPARE_FEEDS).map(|i| format!("f{i}")).collect()).is_ok()
        );
        assert!(matches!(
            with(|o| {
                o.exchanger = String::new();
                o.ref_code = String::new();
                o.placement = Some("a b".into());
            }),
            Err(SnippetError::Placement(LinkError::BadPlacement { .. }))
        ));
        assert!(matches!(
            with(|o| o.ref_code = String::new()),
            Err(SnippetError::Exchanger(LinkError::EmptyRef))
        ));
        // The single layouts still need their feed and exchanger.
        let mut o = options();
        o.feed = String::new();
        assert_eq!(
            build(&loader(), &o),
            Err(SnippetError::FeedName(String::new()))
        );
    }

    #[test]
    fn blank_options_are_absent_and_the_default_parameter_is_not_repeated() {
        let mut o = options();
        o.theme = Some(" ".into());
        o.lang = Some(String::new());
        o.layout = None;
        o.placement_param = Some("utm_content".into());
        assert_eq!(build(&loader(), &o), build(&loader(), &options()));
        o.placement = Some("home".into());
        let s = build(&loader(), &o).unwrap();
        assert!(s.html.contains(" placement=\"home\">"));
        assert!(!s.html.contains("placement-param"));
        // A placement parameter alone (no placement) changes nothing, as on the widget.
        o.placement = None;
        o.placement_param = Some("pl".into());
        assert_eq!(build(&loader(), &o), build(&loader(), &options()));
    }

    #[test]
    fn look_and_placement_values_are_checked_like_the_widget_attributes() {
        let with = |f: fn(&mut SnippetOptions)| {
            let mut o = options();
            f(&mut o);
            build(&loader(), &o)
        };
        for theme in THEMES {
            let mut o = options();
            o.theme = Some(theme.into());
            assert!(build(&loader(), &o)
                .unwrap()
                .html
                .contains(&format!("theme=\"{theme}\"")));
        }
        for layout in LAYOUTS {
            let mut o = options();
            o.layout = Some((*layout).into());
            assert!(build(&loader(), &o)
                .unwrap()
                .html
                .contains(&format!("layout=\"{layout}\"")));
        }
        assert_eq!(
            with(|o| o.theme = Some("pink".into())),
            Err(SnippetError::Theme("pink".into()))
        );
        assert_eq!(
            with(|o| o.theme = Some("Dark".into())),
            Err(SnippetError::Theme("Dark".into()))
        );
        assert_eq!(
            with(|o| o.lang = Some("de".into())),
            Err(SnippetError::Lang("de".into()))
        );
        assert_eq!(
            with(|o| o.layout = Some("wide\"><script>".into())),
            Err(SnippetError::Layout("wide\"><script>".into()))
        );
        assert!(matches!(
            with(|o| o.placement = Some("a b".into())),
            Err(SnippetError::Placement(LinkError::BadPlacement { .. }))
        ));
        assert!(matches!(
            with(|o| o.placement = Some("x".repeat(65))),
            Err(SnippetError::Placement(LinkError::BadPlacement { .. }))
        ));
        assert!(with(|o| o.placement = Some("x".repeat(64))).is_ok());
        assert!(matches!(
            with(|o| {
                o.placement = Some("home".into());
                o.placement_param = Some("a&b".into());
            }),
            Err(SnippetError::Placement(LinkError::BadPlacementParam { .. }))
        ));
        let e = with(|o| o.theme = Some("pink".into())).unwrap_err();
        assert_eq!(e.to_string(), "theme \"pink\" is not auto, light, dark");
    }
}
