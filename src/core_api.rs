//! The one place the widget touches ratelink-core's quote, link, currency and format APIs.
//!
//! Everything the widget needs from the core goes through here, so a signature change in the
//! core is a one-file fix.

#[cfg(feature = "compare")]
pub use ratelink_core::compare::{closest_limit, rank_offers, read_compare, Offer};
pub use ratelink_core::compare::{CompareDoc, Exchanger};
pub use ratelink_core::currency::{Category, CurrencyInfo};
pub use ratelink_core::format::{
    format_amount, format_rate, parse_amount_input, precision_for, AmountInputError, Lang,
};
pub use ratelink_core::link::{encode_component, LinkBuilder, LinkError};
pub use ratelink_core::quote::{
    limits_text, quote_get, quote_give, suggested_amount, LimitProblem, Quote,
};
pub use ratelink_core::{Decimal, Direction, Feed, FeedError, FeedStatus, Rounding};

/// Reads a fetched feed body as ratelink's normalized JSON (what the relay serves).
///
/// Only the lean reader is linked, keeping about 80 KB of other readers out of the wasm; an
/// exchanger's raw export is converted by the separate parser bundle (see `hooks::feed`).
pub fn read_feed(bytes: &[u8]) -> Result<Feed, FeedError> {
    let text = std::str::from_utf8(bytes).map_err(|e| FeedError::NotAFeed {
        looked_like: "text",
        reason: format!("not UTF-8 (byte {})", e.valid_up_to()),
        start: bytes
            .iter()
            .take(40)
            .map(|&b| {
                if b.is_ascii_graphic() || b == b' ' {
                    b as char
                } else {
                    '?'
                }
            })
            .collect(),
    })?;
    ratelink_core::feed::parse_normalized(text)
}

/// Without the `compare` feature (the lean bundle) no `/compare` document is read: the
/// configuration refuses `layout="compare"` first (see [`crate::config::NO_COMPARE`]), so this
/// stands in for the core's reader, which then stays out of the wasm.
#[cfg(not(feature = "compare"))]
pub fn read_compare(_text: &str) -> Result<CompareDoc, FeedError> {
    Err(FeedError::NotAFeed {
        looked_like: "compare document",
        reason: crate::config::NO_COMPARE.into(),
        start: String::new(),
    })
}

/// The icon sprite named by a relay feed's top-level `"icons"` (`/feeds/NAME/icons.HASH.svg`),
/// resolved against the feed's URL; `None` without one, or for a value that is not such a path.
///
/// A scan from the end instead of a field of the lean reader: the relay writes `icons` among
/// the last top-level fields, and `"icons":"` cannot occur inside a JSON string (its quotes
/// would be escaped), so this costs a few hundred bytes of reading and no model change.
///
/// Reads bytes (any tail of the body, cut anywhere): the key and an accepted path are ASCII,
/// so no UTF-8 conversion of the tail is needed (`String::from_utf8_lossy` costs wasm).
pub fn icons_url(feed_bytes: &[u8], feed_url: &str) -> Option<String> {
    const KEY: &[u8] = b"\"icons\":\"";
    // Byte windows rather than `str::rfind`: the generic substring searcher costs wasm.
    let at = feed_bytes.windows(KEY.len()).rposition(|w| w == KEY)? + KEY.len();
    let rest = &feed_bytes[at..];
    let path = &rest[..rest.iter().position(|&b| b == b'"')?];
    // Only ASCII passes the check below, so a path that is not UTF-8 is refused with the rest.
    let path = std::str::from_utf8(path).ok()?;
    let safe = path.starts_with('/')
        && !path.starts_with("//")
        && path.ends_with(".svg")
        && path.len() <= 200
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-'));
    if !safe {
        return None;
    }
    let feed_url = feed_url.trim();
    let origin_end = if let Some(after) = feed_url
        .strip_prefix("https://")
        .map(|r| (8, r))
        .or_else(|| feed_url.strip_prefix("http://").map(|r| (7, r)))
        .or_else(|| feed_url.strip_prefix("//").map(|r| (2, r)))
    {
        let (scheme_len, rest) = after;
        scheme_len + rest.find(['/', '?', '#']).unwrap_or(rest.len())
    } else if feed_url.contains(':') {
        // blob:, data: and other schemes have no origin to put a path on.
        return None;
    } else {
        0 // relative to the page: the path is too
    };
    Some(format!("{}{path}", &feed_url[..origin_end]))
}

/// Names and category of `code` as the feed's `names` give them (the relay writes them from
/// its catalogue, so the widget carries none); a code without an entry is shown as written,
/// with a category guessed from its shape.
pub fn currency_info(feed: &Feed, code: &str) -> CurrencyInfo {
    feed.name_of(code)
        .cloned()
        .unwrap_or_else(|| ratelink_core::currency::unnamed(code))
}

/// True for currencies picked as "crypto" when choosing the default pair (coins and tokens).
pub fn is_crypto(category: Category) -> bool {
    matches!(category, Category::Crypto | Category::Token)
}

/// The partner's link to the exchanger's front page (no pair chosen): `{base}/ref/{ref}/`, or
/// the bare base when a custom link template is in use (its shape is unknown without a pair).
pub fn home_href(link: &LinkBuilder, has_template: bool) -> String {
    if has_template {
        link.base().to_string()
    } else {
        format!("{}/ref/{}/", link.base(), encode_component(link.ref_code()))
    }
}

/// Human label for a feed flag (`manual` → "Manual"); unknown flags are shown as written.
pub fn flag_label(flag: &str, lang: Lang) -> String {
    let (en, ru) = match flag.to_ascii_lowercase().as_str() {
        "manual" => ("Manual", "Ручной обмен"),
        "verifying" | "kyc" | "verify" => ("KYC", "Верификация"),
        "juridical" => ("Legal entities", "Юрлица"),
        "reg" => ("Registration required", "Нужна регистрация"),
        "cardverify" => ("Card verification", "Верификация карты"),
        "floating" => ("Floating rate", "Плавающий курс"),
        "otherin" => ("Third-party payments in", "Оплата с чужих счетов"),
        "otherout" => ("Third-party payouts", "Выплата на чужие счета"),
        "delay" => ("Deferred", "Отложенный обмен"),
        "nocommission" => ("No commission", "Без комиссии"),
        _ => return flag.to_string(),
    };
    match lang {
        Lang::En => en.to_string(),
        Lang::Ru => ru.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_get_readable_labels() {
        assert_eq!(flag_label("manual", Lang::En), "Manual");
        assert_eq!(flag_label("VERIFYING", Lang::Ru), "Верификация");
        assert_eq!(flag_label("somethingnew", Lang::En), "somethingnew");
    }

    #[test]
    fn reads_the_relays_normalized_json() {
        let mut d = Direction::new(
            "BTC",
            "SBERRUB",
            Decimal::ONE,
            Decimal::parse("5749836.5").unwrap(),
        );
        d.min = Some(Decimal::parse("0.001").unwrap());
        d.flags = vec!["manual".into()];
        let feed = Feed {
            format: ratelink_core::FeedFormat::XmlV10,
            status: FeedStatus::Ok,
            directions: vec![d.clone()],
            skipped: vec![],
            warnings: vec![],
            names: vec![],
        };
        let body = ratelink_core::to_normalized_json(&feed, &[("stale", "false".into())]);
        let read = read_feed(body.as_bytes()).unwrap();
        assert_eq!(read.directions, vec![d]);
        assert!(read_feed(b"<html><title>Captcha</title></html>").is_err());
        assert!(read_feed(&[0xff, 0xfe, 0x00]).is_err());
    }

    #[test]
    fn the_icon_sprite_is_found_and_resolved_against_the_feed() {
        let body = r#"{"directions":[{"from":"A","city":"\"icons\":\"x"}],"stale":false,"icons":"/feeds/demo/icons.0a1b2c.svg"}"#;
        assert_eq!(
            icons_url(body.as_bytes(), "https://relay.example:8443/feeds/demo?x=1").as_deref(),
            Some("https://relay.example:8443/feeds/demo/icons.0a1b2c.svg")
        );
        assert_eq!(
            icons_url(body.as_bytes(), "//relay.example/feeds/demo").as_deref(),
            Some("//relay.example/feeds/demo/icons.0a1b2c.svg")
        );
        assert_eq!(
            icons_url(body.as_bytes(), "/feeds/demo").as_deref(),
            Some("/feeds/demo/icons.0a1b2c.svg")
        );
        assert_eq!(icons_url(body.as_bytes(), "blob:https://x/123"), None);
        assert_eq!(icons_url(br#"{"directions":[]}"#, "/f"), None);
        // A tail cut inside a character, or bytes that are not UTF-8 before the key.
        let tail = [
            &[0xa9, 0xff, b' '][..],
            br#","icons":"/feeds/d/icons.1.svg"}"#,
        ]
        .concat();
        assert_eq!(
            icons_url(&tail, "/feeds/d").as_deref(),
            Some("/feeds/d/icons.1.svg")
        );
        assert_eq!(icons_url(b"{\"icons\":\"/x\xff.svg\"}", "/f"), None);
        for bad in [
            r#"{"icons":"//evil.example/x.svg"}"#,
            r#"{"icons":"javascript:alert(1)"}"#,
            r#"{"icons":"/x.svg?<b>"}"#,
        ] {
            assert_eq!(icons_url(bad.as_bytes(), "/f"), None, "{bad}");
        }
    }

    #[test]
    fn home_link_uses_the_ref_path() {
        let b = LinkBuilder::new("https://ex.example/", "R 1", None).unwrap();
        assert_eq!(home_href(&b, false), "https://ex.example/ref/R%201/");
    }
}
