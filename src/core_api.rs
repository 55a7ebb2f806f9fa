//! The one place the widget touches ratelink-core's quote, link, currency and format APIs.
//!
//! Everything the widget needs from the core goes through here, so a signature change in the
//! core is a one-file fix.

pub use ratelink_core::currency::{lookup, Category, CurrencyInfo};
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
        };
        let body = ratelink_core::to_normalized_json(&feed, &[("stale", "false".into())]);
        let read = read_feed(body.as_bytes()).unwrap();
        assert_eq!(read.directions, vec![d]);
        assert!(read_feed(b"<html><title>Captcha</title></html>").is_err());
        assert!(read_feed(&[0xff, 0xfe, 0x00]).is_err());
    }

    #[test]
    fn home_link_uses_the_ref_path() {
        let b = LinkBuilder::new("https://ex.example/", "R 1", None).unwrap();
        assert_eq!(home_href(&b, false), "https://ex.example/ref/R%201/");
    }
}
