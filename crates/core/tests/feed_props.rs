//! Property tests: the number reader, and that the feed reader never panics and keeps its
//! invariants on arbitrary and mutated input.

mod common;

use common::*;
use proptest::prelude::*;
use ratelink_core::feed::parse_amount;
use ratelink_core::{parse_feed, to_normalized_json, Decimal, FeedStatus};

const FIXTURES: [&str; 12] = [
    "xml10_premium.xml",
    "xml11_eref.xml",
    "xml11_premium.xml",
    "xml_iex_bestchange.xml",
    "xml_spellings.xml",
    "xml_robust.xml",
    "premium.json",
    "premium_variants.json",
    "items_variants.json",
    "items_keyed.json",
    "txt_variants.txt",
    "xml_maintenance.xml",
];

/// Checks what every successful read must satisfy, including that its JSON is valid.
fn check_invariants(bytes: &[u8]) {
    let Ok(feed) = parse_feed(bytes, None) else {
        return;
    };
    for x in &feed.directions {
        assert!(!x.from.trim().is_empty() && !x.to.trim().is_empty());
        assert!(x.r#in.is_positive() && x.out.is_positive(), "{x:?}");
        assert!(x.rate().is_some());
    }
    match feed.status {
        FeedStatus::Ok => assert!(!feed.directions.is_empty()),
        FeedStatus::Empty | FeedStatus::Maintenance => assert!(feed.directions.is_empty()),
    }
    let json = to_normalized_json(&feed, &[]);
    let v: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(
        v["directions"].as_array().map(Vec::len),
        Some(feed.directions.len())
    );
}

proptest! {
    #[test]
    fn decimal_parses_what_it_prints(m in any::<i64>(), scale in 0u32..18, pad in 0usize..8) {
        let v = Decimal::new(m as i128, scale).unwrap();
        let text = v.to_string();
        prop_assert_eq!(Decimal::parse(&text).unwrap(), v);
        let padded = if text.contains('.') { format!("{text}{}", "0".repeat(pad)) } else { text.clone() };
        prop_assert_eq!(Decimal::parse(&padded).unwrap(), v);
    }

    #[test]
    fn amounts_strip_suffixes_spaces_and_commas(
        m in 0i64..1_000_000_000_000,
        scale in 0u32..9,
        sep in prop::sample::select(vec!["", " ", "\u{a0}", "  "]),
        suffix in "[A-Z][A-Z0-9]{0,8}",
    ) {
        // "1.5E5" is an exponent, not a suffix "E5": only a separator makes that a suffix.
        prop_assume!(!(sep.is_empty() && suffix.starts_with('E')));
        let v = Decimal::new(m as i128, scale).unwrap();
        let text = v.to_string();
        let written = format!(" {text}{sep}{suffix} ");
        let a = parse_amount(&written).unwrap();
        prop_assert_eq!(a.value, v);
        prop_assert_eq!(a.suffix, Some(suffix.as_str()));
        prop_assert!(!a.decimal_comma);
        if text.contains('.') {
            let comma = text.replace('.', ",");
            let a = parse_amount(&comma).unwrap();
            prop_assert_eq!(a.value, v);
            prop_assert!(a.decimal_comma);
        }
        // Digit groups separated by (non-breaking) spaces.
        let int = text.split('.').next().unwrap_or("");
        let grouped: String = int.chars().rev().collect::<Vec<_>>().chunks(3)
            .map(|c| c.iter().rev().collect::<String>()).rev().collect::<Vec<_>>().join("\u{a0}");
        let rest = &text[int.len()..];
        prop_assert_eq!(parse_amount(&format!("{grouped}{rest}")).unwrap().value, v);
    }

    #[test]
    fn amounts_never_panic(text in "\\PC{0,24}") {
        let _ = parse_amount(&text);
        let _ = ratelink_core::feed::parse_fee(&text, false);
    }

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check_invariants(&bytes);
    }

    #[test]
    fn never_panics_on_markup_soup(text in r#"[<>/!?\[\]{}"':;,=&#% \n.0-9a-zA-Z-]{0,400}"#) {
        check_invariants(text.as_bytes());
        check_invariants(format!("<rates><item>{text}</item></rates>").as_bytes());
        check_invariants(format!("[{{{text}}}]").as_bytes());
    }

    #[test]
    fn never_panics_on_mutated_fixtures(
        which in 0..FIXTURES.len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..12),
    ) {
        let mut bytes = fixture(FIXTURES[which]);
        for (at, op, byte) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                2 => bytes.insert(i, b"<>\"';,{}[]&"[byte as usize % 11]),
                _ => { bytes.truncate(i); }
            }
        }
        check_invariants(&bytes);
    }
}
