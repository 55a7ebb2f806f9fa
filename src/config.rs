//! Widget configuration: the element's attributes, read and checked.

use crate::core_api::{Lang, LinkBuilder, LinkError};

/// The attribute names the loader passes, exactly as on the element.
pub const ATTRIBUTES: [&str; 16] = [
    "exchanger",
    "ref",
    "feed",
    "link-template",
    "from",
    "to",
    "amount",
    "currencies",
    "exclude",
    "theme",
    "lang",
    "refresh",
    "layout",
    "target",
    "placement",
    "placement-param",
];

/// Attribute values as the loader passed them (`None` = attribute absent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawConfig {
    /// `(attribute name, value)` for every attribute present.
    pub attributes: Vec<(String, String)>,
    /// `document.documentElement.lang` or `navigator.language`.
    pub page_lang: Option<String>,
}

impl RawConfig {
    /// Builds a raw config from `(name, value)` pairs (tests and the JS bridge).
    pub fn from_pairs(pairs: &[(&str, &str)]) -> RawConfig {
        RawConfig {
            attributes: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            page_lang: None,
        }
    }

    /// The value of an attribute, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// Colour theme (`data-theme` on the root).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follows `prefers-color-scheme`.
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Layout (`data-layout` on the root).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Layout {
    /// Everything shown.
    #[default]
    Full,
    /// Dense, for sidebars.
    Compact,
    /// Several exchangers' offers for one pair, from a relay's `/compare` (issue 17).
    Compare,
}

impl Layout {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Full => "full",
            Layout::Compact => "compact",
            Layout::Compare => "compare",
        }
    }
}

/// Attributes whose problems stop the widget (the others fall back to a default).
const FATAL_ATTRIBUTES: [&str; 6] = [
    "feed",
    "exchanger",
    "ref",
    "link-template",
    "placement",
    "placement-param",
];

/// A configuration problem, naming the attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The attribute at fault.
    pub attribute: &'static str,
    /// What is wrong, for people.
    pub message: String,
}

impl ConfigError {
    /// True when the widget cannot work (as opposed to a value replaced by its default).
    pub fn is_fatal(&self) -> bool {
        FATAL_ATTRIBUTES.contains(&self.attribute)
            || (self.attribute == "layout" && self.message == NO_COMPARE)
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "attribute \"{}\": {}", self.attribute, self.message)
    }
}

/// Why `layout="compare"` cannot work in a build without the `compare` feature (the lean
/// bundle): the loader mounts compare widgets with the compare bundle, so only a page that
/// loads the lean glue itself meets this.
pub const NO_COMPARE: &str =
    "\"compare\" needs the compare bundle (ratelink-compare-app), which the loader ratelink.js picks for it";

/// Default seconds between refreshes.
pub const DEFAULT_REFRESH_SECS: u32 = 60;
/// Shortest refresh interval allowed.
pub const MIN_REFRESH_SECS: u32 = 30;

/// A checked configuration. Problems are collected in `errors`; what could be read is kept.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Config {
    /// Feed URL (required).
    pub feed: Option<String>,
    /// Builds the `go` link; `None` when `exchanger`/`ref` are missing or bad.
    pub link: Option<LinkBuilder>,
    /// True when a `link-template` is in use.
    pub has_template: bool,
    /// Preferred give currency.
    pub from: Option<String>,
    /// Preferred get currency.
    pub to: Option<String>,
    /// Preferred amount to give, as typed in the attribute.
    pub amount: Option<String>,
    /// Allow-list of codes (empty = all).
    pub currencies: Vec<String>,
    /// Codes never shown.
    pub exclude: Vec<String>,
    /// Colour theme.
    pub theme: Theme,
    /// UI language.
    pub lang: Lang,
    /// Seconds between refreshes.
    pub refresh_secs: u32,
    /// Layout.
    pub layout: Layout,
    /// `target` of the `go` link.
    pub target: String,
    /// The checked `placement` (compare layout: applied to each exchanger's link).
    pub placement: Option<String>,
    /// The checked `placement-param`.
    pub placement_param: Option<String>,
    /// Everything wrong with the attributes.
    pub errors: Vec<ConfigError>,
}

/// True for URLs the widget may fetch a feed from: http(s), scheme-relative, relative paths and
/// `blob:` URLs; false for other schemes (`javascript:`, `data:`, `ftp:`...).
pub fn feed_url_ok(url: &str) -> bool {
    let scheme = match url.split_once(':') {
        // A colon after a '/', '?' or '#' is inside a relative path, not a scheme separator.
        Some((head, _)) if !head.is_empty() && !head.contains(['/', '?', '#']) => {
            head.to_ascii_lowercase()
        }
        _ => return !url.contains(char::is_whitespace),
    };
    matches!(scheme.as_str(), "http" | "https" | "blob")
}

/// Splits a comma/space separated list of codes, dropping blanks and repeats.
pub fn code_list(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
        if !code.is_empty() && !out.iter().any(|c| c.eq_ignore_ascii_case(code)) {
            out.push(code.to_string());
        }
    }
    out
}

impl Config {
    /// Reads and checks the attributes.
    pub fn parse(raw: &RawConfig) -> Config {
        let mut errors = Vec::new();
        let lang = match raw.get("lang") {
            Some(tag) => Lang::parse(tag).unwrap_or_else(|| {
                errors.push(ConfigError {
                    attribute: "lang",
                    message: format!("\"{tag}\" is not en or ru; using en"),
                });
                Lang::En
            }),
            None => raw
                .page_lang
                .as_deref()
                .and_then(Lang::parse)
                .unwrap_or_default(),
        };

        let feed = raw.get("feed").map(str::to_string);
        match feed.as_deref() {
            None => errors.push(ConfigError {
                attribute: "feed",
                message:
                    "missing: set it to the rates feed URL (the exchanger's export or a relay)"
                        .into(),
            }),
            Some(url) if !feed_url_ok(url) => errors.push(ConfigError {
                attribute: "feed",
                message: format!("\"{url}\" is not an http(s) URL or a path on this site"),
            }),
            Some(_) => {}
        }

        // In compare layout each offer's link comes from the /compare document.
        let compare = raw.get("layout") == Some("compare");
        let link = match raw.get("exchanger") {
            None if compare => None,
            None => {
                errors.push(ConfigError {
                    attribute: "exchanger",
                    message:
                        "missing: set it to the exchanger's address, e.g. https://exchanger.example"
                            .into(),
                });
                None
            }
            Some(base) => {
                match LinkBuilder::new(base, raw.get("ref").unwrap_or(""), raw.get("link-template"))
                {
                    Ok(b) => Some(b),
                    Err(LinkError::EmptyRef) => {
                        errors.push(ConfigError {
                            attribute: "ref",
                            message: "missing: set it to your partner code".into(),
                        });
                        None
                    }
                    Err(
                        e @ (LinkError::UnknownPlaceholder { .. }
                        | LinkError::UnbalancedBrace { .. }
                        | LinkError::BadTemplate { .. }),
                    ) => {
                        errors.push(ConfigError {
                            attribute: "link-template",
                            message: e.to_string(),
                        });
                        None
                    }
                    Err(e) => {
                        errors.push(ConfigError {
                            attribute: "exchanger",
                            message: e.to_string(),
                        });
                        None
                    }
                }
            }
        };

        // A placement tags every link (`&utm_content=NAME`); a bad name would lose the partner
        // their attribution, so it stops the widget like a bad exchanger URL.
        // Compare layout: each offer's link gets the placement later; it is checked here on a
        // stand-in link, so a bad one is the same error.
        let stand_in = compare && link.is_none();
        let link = link.or_else(|| {
            stand_in
                .then(|| LinkBuilder::new("https://compare.invalid", "-", None).ok())
                .flatten()
        });
        let link = match (link, raw.get("placement")) {
            (Some(b), Some(name)) => match b.with_placement(name, raw.get("placement-param")) {
                Ok(b) => Some(b),
                Err(e) => {
                    errors.push(ConfigError {
                        attribute: if matches!(e, LinkError::BadPlacementParam { .. }) {
                            "placement-param"
                        } else {
                            "placement"
                        },
                        message: e.to_string(),
                    });
                    None
                }
            },
            (link, _) => link,
        }
        .filter(|_| !stand_in);

        let theme = match raw.get("theme") {
            None | Some("auto") => Theme::Auto,
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            Some(other) => {
                errors.push(ConfigError {
                    attribute: "theme",
                    message: format!("\"{other}\" is not auto, light or dark; using auto"),
                });
                Theme::Auto
            }
        };
        let layout = match raw.get("layout") {
            None | Some("full") => Layout::Full,
            Some("compact") => Layout::Compact,
            Some("compare") => {
                if !cfg!(feature = "compare") {
                    errors.push(ConfigError {
                        attribute: "layout",
                        message: NO_COMPARE.to_string(),
                    });
                }
                Layout::Compare
            }
            Some(other) => {
                errors.push(ConfigError {
                    attribute: "layout",
                    message: format!("\"{other}\" is not full, compact or compare; using full"),
                });
                Layout::Full
            }
        };
        let target = match raw.get("target") {
            None => "_blank".to_string(),
            Some(t @ ("_blank" | "_self" | "_top" | "_parent")) => t.to_string(),
            Some(other) => {
                errors.push(ConfigError {
                    attribute: "target",
                    message: format!("\"{other}\" is not _blank or _self; using _blank"),
                });
                "_blank".to_string()
            }
        };
        let refresh_secs = match raw.get("refresh") {
            None => DEFAULT_REFRESH_SECS,
            Some(text) => {
                match text.parse::<u32>() {
                    Ok(s) if s >= MIN_REFRESH_SECS => s,
                    Ok(_) => MIN_REFRESH_SECS,
                    Err(_) => {
                        errors.push(ConfigError { attribute: "refresh", message: format!("\"{text}\" is not a number of seconds; using {DEFAULT_REFRESH_SECS}") });
                        DEFAULT_REFRESH_SECS
                    }
                }
            }
        };

        Config {
            feed,
            link,
            has_template: raw.get("link-template").is_some(),
            from: raw.get("from").map(str::to_string),
            to: raw.get("to").map(str::to_string),
            amount: raw.get("amount").map(str::to_string),
            currencies: raw.get("currencies").map(code_list).unwrap_or_default(),
            exclude: raw.get("exclude").map(code_list).unwrap_or_default(),
            theme,
            lang,
            refresh_secs,
            layout,
            target,
            placement: raw.get("placement").map(str::to_string),
            placement_param: raw.get("placement-param").map(str::to_string),
            errors,
        }
    }

    /// Errors that stop the widget from working (as opposed to defaulted values).
    pub fn fatal_errors(&self) -> impl Iterator<Item = &ConfigError> {
        self.errors.iter().filter(|e| e.is_fatal())
    }

    /// True when a code may be offered (allow-list and exclusions applied).
    pub fn allows(&self, code: &str) -> bool {
        (self.currencies.is_empty() || self.currencies.iter().any(|c| c.eq_ignore_ascii_case(code)))
            && !self.exclude.iter().any(|c| c.eq_ignore_ascii_case(code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok_pairs<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut v = vec![
            ("exchanger", "https://ex.example"),
            ("ref", "R1"),
            ("feed", "https://relay.example/feeds/ex"),
        ];
        v.extend_from_slice(extra);
        v
    }

    #[test]
    fn a_complete_config_has_no_errors_and_defaults() {
        let c = Config::parse(&RawConfig::from_pairs(&ok_pairs(&[])));
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(c.refresh_secs, 60);
        assert_eq!(c.theme, Theme::Auto);
        assert_eq!(c.layout, Layout::Full);
        assert_eq!(c.target, "_blank");
        assert_eq!(
            c.link.unwrap().href("BTC", "SBERRUB"),
            "https://ex.example/ref/R1/?cur_from=BTC&cur_to=SBERRUB"
        );
    }

    #[test]
    fn a_placement_tags_the_link_and_a_bad_one_is_fatal() {
        let c = Config::parse(&RawConfig::from_pairs(&ok_pairs(&[("placement", "home")])));
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(
            c.link.as_ref().map(|l| l.href("BTC", "SBERRUB")).as_deref(),
            Some("https://ex.example/ref/R1/?cur_from=BTC&cur_to=SBERRUB&utm_content=home")
        );
        let c = Config::parse(&RawConfig::from_pairs(&ok_pairs(&[
            ("placement", "side.bar-2"),
            ("placement-param", "pl"),
        ])));
        assert_eq!(
            c.link.as_ref().map(|l| l.href("BTC", "ETH")).as_deref(),
            Some("https://ex.example/ref/R1/?cur_from=BTC&cur_to=ETH&pl=side.bar-2")
        );
        let c = Config::parse(&RawConfig::from_pairs(&ok_pairs(&[(
            "placement",
            "home page",
        )])));
        assert!(c.link.is_none());
        let fatal: Vec<_> = c.fatal_errors().collect();
        assert_eq!(fatal.len(), 1);
        assert_eq!(fatal[0].attribute, "placement");
        let c = Config::parse(&RawConfig::from_pairs(&ok_pairs(&[
            ("placement", "home"),
            ("placement-param", "a&b"),
        ])));
        assert_eq!(
            c.fatal_errors().next().map(|e| e.attribute),
            Some("placement-param")
        );
        // Without a placement, a placement-param alone changes nothing.
        let c = Config::parse(&RawConfig::from_pairs(&ok_pairs(&[(
            "placement-param",
            "pl",
        )])));
        assert!(c.errors.is_empty());
    }

    #[cfg(feature = "compare")]
    #[test]
    fn compare_layout_needs_no_exchanger_or_ref_but_checks_the_placement() {
        let c = Config::parse(&RawConfig::from_pairs(&[
            ("feed", "/compare?feeds=a,b"),
            ("layout", "compare"),
            ("placement", "side"),
        ]));
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(c.layout, Layout::Compare);
        assert!(c.link.is_none());
        assert_eq!(c.placement.as_deref(), Some("side"));
        let c = Config::parse(&RawConfig::from_pairs(&[
            ("feed", "/compare"),
            ("layout", "compare"),
            ("placement", "home page"),
        ]));
        assert_eq!(
            c.fatal_errors().next().map(|e| e.attribute),
            Some("placement")
        );
        let c = Config::parse(&RawConfig::from_pairs(&[
            ("feed", "/compare"),
            ("layout", "compare"),
            ("placement", "home"),
            ("placement-param", "a&b"),
        ]));
        assert_eq!(
            c.fatal_errors().next().map(|e| e.attribute),
            Some("placement-param")
        );
    }

    #[test]
    fn missing_feed_names_the_attribute() {
        let c = Config::parse(&RawConfig::from_pairs(&[
            ("exchanger", "https://ex.example"),
            ("ref", "R1"),
        ]));
        let fatal: Vec<_> = c.fatal_errors().collect();
        assert_eq!(fatal.len(), 1);
        assert_eq!(fatal[0].attribute, "feed");
        assert!(fatal[0].to_string().contains("\"feed\""));
    }

    #[test]
    fn bad_exchanger_url_is_a_config_error() {
        let c = Config::parse(&RawConfig::from_pairs(&[
            ("exchanger", "ftp://ex.example"),
            ("ref", "R1"),
            ("feed", "/f"),
        ]));
        assert!(c.link.is_none());
        assert_eq!(
            c.fatal_errors().next().map(|e| e.attribute),
            Some("exchanger")
        );
        let c = Config::parse(&RawConfig::from_pairs(&[
            ("exchanger", "https://ex.example"),
            ("feed", "/f"),
        ]));
        assert_eq!(c.fatal_errors().next().map(|e| e.attribute), Some("ref"));
    }

    #[test]
    fn feed_urls_are_http_relative_or_blob() {
        for ok in [
            "https://relay.example/feeds/x",
            "http://127.0.0.1:8080/f",
            "/feeds/x",
            "feeds/x",
            "./x",
            "//relay.example/x",
            "blob:https://a.example/1",
            "/f?at=1:2",
        ] {
            assert!(feed_url_ok(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/plain,x",
            "ftp://x.example/f",
            "feeds x",
        ] {
            assert!(!feed_url_ok(bad), "{bad}");
        }
        let c = Config::parse(&RawConfig::from_pairs(&[
            ("exchanger", "https://ex.example"),
            ("ref", "R1"),
            ("feed", "data:,x"),
        ]));
        assert_eq!(c.fatal_errors().next().map(|e| e.attribute), Some("feed"));
    }

    #[test]
    fn refresh_has_a_floor_and_a_default() {
        let c = Config::parse(&RawConfig::from_pairs(&ok_pairs(&[("refresh", "5")])));
        assert_eq!(c.refresh_secs, 30);
        let c = Config::parse(&RawConfig::from_pairs(&ok_pairs(&[("refresh", "soon")])));
        assert_eq!(c.refresh_secs, 60);
        assert_eq!(c.errors[0].attribute, "refresh");
        let c = Config::parse(&RawConfig::from_pairs(&ok_pairs(&[("refresh", "120")])));
        assert_eq!(c.refresh_secs, 120);
    }

    #[test]
    fn lists_split_on_commas_and_spaces() {
        let c = Config::parse(&RawConfig::from_pairs(&ok_pairs(&[
            ("currencies", "BTC, ETH  sberrub,BTC"),
            ("exclude", "XMR"),
        ])));
        assert_eq!(c.currencies, vec!["BTC", "ETH", "sberrub"]);
        assert!(c.allows("SBERRUB"));
        assert!(!c.allows("LTC"));
        assert!(!Config {
            exclude: vec!["XMR".into()],
            ..Config::default()
        }
        .allows("xmr"));
    }

    #[test]
    fn lang_comes_from_the_attribute_then_the_page() {
        let mut raw = RawConfig::from_pairs(&ok_pairs(&[]));
        raw.page_lang = Some("ru-RU".into());
        assert_eq!(Config::parse(&raw).lang, Lang::Ru);
        raw.attributes.push(("lang".into(), "en".into()));
        assert_eq!(Config::parse(&raw).lang, Lang::En);
        raw.page_lang = Some("de".into());
        raw.attributes.pop();
        assert_eq!(Config::parse(&raw).lang, Lang::En);
    }

    #[test]
    fn theme_layout_target_are_read() {
        let c = Config::parse(&RawConfig::from_pairs(&ok_pairs(&[
            ("theme", "dark"),
            ("layout", "compact"),
            ("target", "_self"),
        ])));
        assert_eq!(
            (c.theme, c.layout, c.target.as_str()),
            (Theme::Dark, Layout::Compact, "_self")
        );
        let c = Config::parse(&RawConfig::from_pairs(&ok_pairs(&[("theme", "pink")])));
        assert_eq!(c.theme, Theme::Auto);
        assert_eq!(c.errors[0].attribute, "theme");
    }
}
