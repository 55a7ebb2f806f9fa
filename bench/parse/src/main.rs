//! Parse throughput of 5,000-direction feeds in every format, against serde_json::Value.
//!
//! For each format the baseline is `serde_json::from_slice::<serde_json::Value>` on a JSON
//! document of the same directions: the feed itself for the JSON formats, the JSON items feed for
//! XML and TXT. The two are timed in alternating rounds (best of each), so changes in the load
//! of a shared machine affect both alike.

use ratelink_core::{parse_feed, testgen, FeedFormat};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn serde_value(bytes: &[u8]) -> usize {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Array(a)) => a.len(),
        Ok(_) => 1,
        Err(_) => 0,
    }
}

fn ours(bytes: &[u8]) -> usize {
    parse_feed(bytes, None).map(|f| f.directions.len()).unwrap_or(0)
}

fn json_parse_only(bytes: &[u8]) -> usize {
    match std::str::from_utf8(bytes).ok().map(ratelink_core::json::parse) {
        Some(Ok(ratelink_core::json::Value::Array(a))) => a.len(),
        _ => 0,
    }
}

/// Best-of-rounds MB/s of `ours` on `text` and of serde on `base`, timed alternately.
fn compare(text: &[u8], base: &[u8], ours: impl Fn(&[u8]) -> usize) -> (f64, f64) {
    let (mut best_ours, mut best_base) = (Duration::MAX, Duration::MAX);
    let start = Instant::now();
    let mut rounds = 0;
    while rounds < 5 || (start.elapsed() < Duration::from_millis(2500) && rounds < 300) {
        let t = Instant::now();
        black_box(ours(black_box(text)));
        best_ours = best_ours.min(t.elapsed());
        let t = Instant::now();
        black_box(serde_value(black_box(base)));
        best_base = best_base.min(t.elapsed());
        rounds += 1;
    }
    let mbs = |len: usize, d: Duration| len as f64 / 1e6 / d.as_secs_f64();
    (mbs(text.len(), best_ours), mbs(base.len(), best_base))
}

fn main() {
    // RATELINK_BENCH_ONLY=<format name>: loop on one format for 5 s (for profiling).
    if let Ok(only) = std::env::var("RATELINK_BENCH_ONLY") {
        let format = FeedFormat::from_name(&only).expect("a format name such as xml-1.0");
        let text = testgen::feed(format, 5000);
        let t = Instant::now();
        let mut total = 0;
        while t.elapsed() < Duration::from_secs(5) {
            total += ours(text.as_bytes());
        }
        println!("{total}");
        return;
    }
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5000);
    let dirs = testgen::directions(n, 1);
    let items_json = testgen::write(FeedFormat::JsonItems, &dirs);
    println!("{n} directions per feed; baseline: serde_json::from_slice::<serde_json::Value> on the same directions");
    println!("as JSON (the feed itself for JSON formats, the JSON items feed for XML/TXT), timed alternately.");
    println!("ratio = serde MB/s / ours: below 1 is faster than the baseline; goal for XML and JSON: at most 2");
    println!(
        "{:<18} {:>8} {:>9} {:>9} {:>11} {:>9}",
        "format", "size MB", "MB/s", "feeds/s", "serde MB/s", "ratio"
    );
    let mut worst: f64 = 0.0;
    for format in testgen::FORMATS {
        let text = testgen::write(format, &dirs);
        let got = ours(text.as_bytes());
        assert_eq!(got, n, "{format:?} read {got} of {n} directions");
        let is_json = matches!(
            format,
            FeedFormat::PremiumJson | FeedFormat::JsonItems | FeedFormat::Normalized
        );
        let base = if is_json {
            text.as_bytes()
        } else {
            items_json.as_bytes()
        };
        let (mbs, base_mbs) = compare(text.as_bytes(), base, ours);
        let ratio = base_mbs / mbs;
        if format != FeedFormat::Txt {
            worst = worst.max(ratio);
        }
        println!(
            "{:<18} {:>8.2} {:>9.1} {:>9.1} {:>11.1} {:>8.2}x",
            format.as_str(),
            text.len() as f64 / 1e6,
            mbs,
            mbs * 1e6 / text.len() as f64,
            base_mbs,
            ratio
        );
    }
    let (raw, base_mbs) = compare(items_json.as_bytes(), items_json.as_bytes(), json_parse_only);
    println!(
        "{:<18} {:>8.2} {:>9.1} {:>9} {:>11.1} {:>8.2}x",
        "json::parse only",
        items_json.len() as f64 / 1e6,
        raw,
        "-",
        base_mbs,
        base_mbs / raw
    );
    let verdict = if worst <= 2.0 { "met" } else { "NOT met" };
    println!("slowest XML/JSON feed: {worst:.2}x serde_json (goal: within 2x): {verdict}");
}
