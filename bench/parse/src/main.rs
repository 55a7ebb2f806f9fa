//! Parse throughput of 5,000-direction feeds in every format, against serde_json::Value.

use ratelink_core::{parse_feed, testgen, FeedFormat};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Best-of-rounds throughput in MB/s of `f` over `bytes`.
fn throughput(bytes: &[u8], mut f: impl FnMut(&[u8]) -> usize) -> f64 {
    let mut best = Duration::MAX;
    let budget = Instant::now();
    let mut rounds = 0;
    while rounds < 5 || (budget.elapsed() < Duration::from_millis(1500) && rounds < 200) {
        let t = Instant::now();
        black_box(f(black_box(bytes)));
        best = best.min(t.elapsed());
        rounds += 1;
    }
    bytes.len() as f64 / 1e6 / best.as_secs_f64()
}

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

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5000);
    let dirs = testgen::directions(n, 1);
    // The baseline: serde_json on the JSON items feed of the same directions.
    let json = testgen::write(FeedFormat::JsonItems, &dirs);
    let base = throughput(json.as_bytes(), serde_value);
    println!("{n} directions per feed; baseline serde_json::from_slice::<Value> on the {:.2} MB JSON items feed: {base:.1} MB/s", json.len() as f64 / 1e6);
    println!("{:<18} {:>9} {:>10} {:>12} {:>10}", "format", "size MB", "MB/s", "feeds/s", "vs serde");
    let mut worst: f64 = 0.0;
    for format in testgen::FORMATS {
        let text = testgen::write(format, &dirs);
        let got = ours(text.as_bytes());
        assert_eq!(got, n, "{format:?} read {got} of {n} directions");
        let mbs = throughput(text.as_bytes(), ours);
        let ratio = base / mbs;
        if format != FeedFormat::Txt {
            worst = worst.max(ratio);
        }
        println!(
            "{:<18} {:>9.2} {:>10.1} {:>12.1} {:>9.2}x",
            format.as_str(),
            text.len() as f64 / 1e6,
            mbs,
            mbs * 1e6 / text.len() as f64,
            ratio
        );
    }
    let raw = throughput(json.as_bytes(), |b| match std::str::from_utf8(b).ok().map(ratelink_core::json::parse) {
        Some(Ok(ratelink_core::json::Value::Array(a))) => a.len(),
        _ => 0,
    });
    println!("{:<18} {:>9.2} {:>10.1} {:>12} {:>9.2}x", "json::parse only", json.len() as f64 / 1e6, raw, "-", base / raw);
    println!("slowest XML/JSON feed vs serde_json: {worst:.2}x (goal: within 2x) -> {}", if worst <= 2.0 { "MET" } else { "NOT MET" });
}
