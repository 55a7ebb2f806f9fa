//! The demo: sample feeds built into the binary, served like real upstreams.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::config::{Exchanger, FeedConfig, RelayConfig, Source};

/// Premium Exchanger XML v1.0 sample.
pub const PREMIUM_XML: &[u8] = include_bytes!("../../www/demo/feeds/premium.xml");
/// EREF XML v1.1 sample.
pub const EREF_XML: &[u8] = include_bytes!("../../www/demo/feeds/eref.xml");
/// Premium JSON 1.3 sample.
pub const PREMIUM_JSON: &[u8] = include_bytes!("../../www/demo/feeds/premium.json");
/// TXT sample.
pub const RATES_TXT: &[u8] = include_bytes!("../../www/demo/feeds/rates.txt");
/// Compare mode: three sample exchangers with overlapping directions, different rates, fees and
/// limits, as `(feed name, title, exchanger base, partner code, feed)`.
pub const COMPARE_EXCHANGERS: [(&str, &str, &str, &str, &[u8]); 3] = [
    (
        "alpha",
        "Alpha Exchange",
        "https://alpha.example",
        "alpha42",
        include_bytes!("../../www/demo/feeds/compare/alpha.xml"),
    ),
    (
        "beta",
        "Beta Swap",
        "https://beta.example",
        "beta42",
        include_bytes!("../../www/demo/feeds/compare/beta.xml"),
    ),
    (
        "gamma",
        "Gamma Change",
        "https://gamma.example",
        "gamma42",
        include_bytes!("../../www/demo/feeds/compare/gamma.xml"),
    ),
];

/// The demo's exchanger base (a reserved example domain) and partner code.
pub const DEMO_EXCHANGER_BASE: &str = "https://exchanger.example";
/// The demo's partner code.
pub const DEMO_REF: &str = "demo42";

/// Refresh interval of the bundled feeds.
const DEMO_REFRESH: Duration = Duration::from_secs(60);

/// The demo feeds: `(name, source)`.
pub fn demo_feeds() -> Vec<(&'static str, Source)> {
    vec![
        (
            "demo-xml",
            Source::Bundled {
                bytes: PREMIUM_XML,
                content_type: "text/xml; charset=utf-8",
            },
        ),
        (
            "demo-eref",
            Source::Bundled {
                bytes: EREF_XML,
                content_type: "application/xml",
            },
        ),
        (
            "demo-json",
            Source::Bundled {
                bytes: PREMIUM_JSON,
                content_type: "application/json",
            },
        ),
        (
            "demo-txt",
            Source::Bundled {
                bytes: RATES_TXT,
                content_type: "text/txt; charset=utf-8",
            },
        ),
        (
            "demo-broken",
            Source::Failing {
                reason: "demo: this sample upstream always fails (connection refused), to show the error state".into(),
            },
        ),
    ]
}

/// The demo configuration: bundled feeds (the single-exchanger samples, then the three compare
/// exchangers with their own titles, sites and codes), CORS `*`, no state dir.
pub fn demo_config(listen: SocketAddr, assets: Option<PathBuf>) -> RelayConfig {
    let exchanger = Exchanger {
        title: None,
        base: Some(DEMO_EXCHANGER_BASE.to_string()),
        ref_code: Some(DEMO_REF.to_string()),
        link_template: None,
    };
    let mut config = RelayConfig::new(listen);
    config.allow_origins = vec!["*".to_string()];
    config.assets = assets;
    config.exchanger = exchanger.clone();
    for (name, source) in demo_feeds() {
        let mut f = FeedConfig::new(name, source);
        f.refresh = DEMO_REFRESH;
        f.exchanger = exchanger.clone();
        config.feeds.push(f);
    }
    for (name, title, base, ref_code, bytes) in COMPARE_EXCHANGERS {
        let mut f = FeedConfig::new(
            name,
            Source::Bundled {
                bytes,
                content_type: "application/xml",
            },
        );
        f.refresh = DEMO_REFRESH;
        f.exchanger = Exchanger {
            title: Some(title.to_string()),
            base: Some(base.to_string()),
            ref_code: Some(ref_code.to_string()),
            link_template: None,
        };
        config.feeds.push(f);
    }
    config
}
