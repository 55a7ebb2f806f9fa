//! Raw exchanger feeds in the browser: any format core reads, turned into the relay's normalized JSON.
//!
//! A separate, lazily loaded wasm bundle: the visitor widget links only the normalized-JSON
//! reader and calls [`normalize`] (through the loader) when a fetched body is something else.

use ratelink_core::{parse_feed, to_feed_json, FeedError};
use wasm_bindgen::prelude::*;

/// Reads a feed body in any supported format (XML v1.0/v1.1, Premium JSON, JSON items, TXT,
/// normalized JSON) and writes it as ratelink's normalized JSON (the relay's schema). A
/// maintenance document gives a normalized feed with status `maintenance`, not an error.
pub fn normalize_feed(bytes: &[u8], content_type: Option<&str>) -> Result<String, FeedError> {
    parse_feed(bytes, content_type).map(|feed| to_feed_json(&feed, &[]))
}

/// wasm export of [`normalize_feed`]: the normalized JSON text, or throws a JS `Error` whose
/// message is the readable reason the body is no feed.
#[wasm_bindgen]
pub fn normalize(bytes: &[u8], content_type: Option<String>) -> Result<String, JsValue> {
    normalize_feed(bytes, content_type.as_deref()).map_err(|e| JsError::new(&e.to_string()).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratelink_core::feed::parse_normalized;
    use ratelink_core::{Decimal, FeedStatus};

    const XML_V10: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rates>
  <item>
    <from>BTC</from><to>SBERRUB</to><in>1</in><out>5749836.5</out>
    <amount>1200000</amount><minamount>0.001 BTC</minamount><maxamount>2 BTC</maxamount>
    <param>manual</param>
  </item>
  <item>
    <from>USDTTRC20</from><to>BTC</to><in>61000</in><out>1</out><amount>3.5</amount>
  </item>
</rates>"#;

    #[test]
    fn xml_feed_becomes_normalized_json_the_widget_reads() {
        let json = normalize_feed(XML_V10.as_bytes(), Some("application/xml")).unwrap();
        let feed = parse_normalized(&json).unwrap();
        assert_eq!(feed.status, FeedStatus::Ok);
        assert_eq!(feed.directions.len(), 2);
        let btc = &feed.directions[0];
        assert_eq!((btc.from.as_str(), btc.to.as_str()), ("BTC", "SBERRUB"));
        assert_eq!(btc.out, Decimal::parse("5749836.5").unwrap());
        assert_eq!(btc.reserve, Some(Decimal::parse("1200000").unwrap()));
        assert_eq!(btc.min, Some(Decimal::parse("0.001").unwrap()));
        assert_eq!(btc.flags, vec!["manual".to_string()]);
        // Same result as reading the raw feed directly.
        assert_eq!(
            feed.directions,
            parse_feed(XML_V10.as_bytes(), None).unwrap().directions
        );
    }

    #[test]
    fn txt_feed_is_read_too() {
        let json =
            normalize_feed(b"BTC;SBERRUB;1;5749836.5;1200000\n", Some("text/plain")).unwrap();
        let feed = parse_normalized(&json).unwrap();
        assert_eq!(feed.directions.len(), 1);
        assert_eq!(feed.directions[0].to, "SBERRUB");
    }

    #[test]
    fn html_page_is_a_readable_error() {
        let err = normalize_feed(
            b"<!DOCTYPE html><html><head><title>Just a moment</title></head></html>",
            None,
        )
        .unwrap_err();
        assert!(err.to_string().contains("Just a moment"), "{err}");
        let err = normalize_feed(b"   \n", None).unwrap_err();
        assert_eq!(err, FeedError::EmptyBody);
    }

    #[test]
    fn maintenance_document_keeps_its_status() {
        let body = br#"<?xml version="1.0"?><error>Technical maintenance</error>"#;
        match normalize_feed(body, None) {
            Ok(json) => assert_eq!(
                parse_normalized(&json).unwrap().status,
                FeedStatus::Maintenance
            ),
            Err(e) => panic!("maintenance document read as an error: {e}"),
        }
    }
}
