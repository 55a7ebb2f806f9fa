//! Fuzz target: the feed sniffer and every reader must never panic, and what they accept must
//! satisfy the model's invariants and write valid normalized JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ratelink_core::{json, parse_feed, to_normalized_json, FeedStatus};

fuzz_target!(|data: &[u8]| {
    let Ok(feed) = parse_feed(data, None) else { return };
    for d in &feed.directions {
        assert!(d.r#in.is_positive() && d.out.is_positive());
        assert!(!d.from.is_empty() && !d.to.is_empty());
    }
    assert_eq!(feed.status == FeedStatus::Ok, !feed.directions.is_empty());
    let text = to_normalized_json(&feed, &[]);
    let back = json::parse(&text).expect("normalized JSON must parse");
    assert!(back.get("directions").is_some());
    let again = parse_feed(text.as_bytes(), None).expect("normalized JSON must read back");
    assert_eq!(again.directions, feed.directions);
});
