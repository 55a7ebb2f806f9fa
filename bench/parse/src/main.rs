//! Parse throughput of 5,000-direction feeds in every format, against serde_json::Value.

use ratelink_core::{parse_feed, testgen, FeedFormat};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Best-of-rounds throughput in MB/s of `f` over `bytes`.
fn throughput(bytes: &[u8], mut f: impl FnMut(&[u8]) -> usize) -> f64 {
    let mut best = Duration::MAX;
    let budget = Instant::now();
    let mut rounds = 0;
    while rounds < 5 || (budget.elapsed() < Duration::from_millis(800) && rounds < 200) {
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
    // RATELINK_BENCH_ONLY=<format name>: loop on one format (for profiling).
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
    // The baseline: serde_json on the JSON items feed of the same directions.
    let json = testgen::write(FeedFormat::JsonItems, &dirs);
    println!("{n} directions per feed; baseline: serde_json::from_slice::<Value> on the same directions as a {:.2} MB JSON items feed", json.len() as f64 / 1e6);
    println!("ratio = serde MB/s / ours (lower is better; below 1 means faster than the baseline)");
    println!(
        "{:<18} {:>9} {:>10} {:>12} {:>10} {:>12}",
        "format", "size MB", "MB/s", "feeds/s", "vs serde", "serde MB/s"
    );
    let mut worst: f64 = 0.0;
    for format in testgen::FORMATS {
        let text = testgen::write(format, &dirs);
        let got = ours(text.as_bytes());
        assert_eq!(got, n, "{format:?} read {got} of {n} directions");
        // The machine is shared: measure the baseline again next to each format, so load
        // changes between formats do not skew the ratio.
        let base = throughput(json.as_bytes(), serde_value);
        let mbs = throughput(text.as_bytes(), ours);
        let ratio = base / mbs;
        if format != FeedFormat::Txt {
            worst = worst.max(ratio);
        }
        println!(
            "{:<18} {:>9.2} {:>10.1} {:>12.1} {:>9.2}x {:>12.1}",
            format.as_str(),
            text.len() as f64 / 1e6,
            mbs,
            mbs * 1e6 / text.len() as f64,
            ratio,
            base
        );
    }
    let base = throughput(json.as_bytes(), serde_value);
    let raw = throughput(json.as_bytes(), |b| {
        match std::str::from_utf8(b).ok().map(ratelink_core::json::parse) {
            Some(Ok(ratelink_core::json::Value::Array(a))) => a.len(),
            _ => 0,
        }
    });
    println!(
        "{:<18} {:>9.2} {:>10.1} {:>12} {:>9.2}x {:>12.1}",
        "json::parse only",
        json.len() as f64 / 1e6,
        raw,
        "-",
        base / raw,
        base
    );
    println!(
        "slowest XML/JSON feed vs serde_json: {worst:.2}x (goal: within 2x) -> {}",
        if worst <= 2.0 { "MET" } else { "NOT MET" }
    );
}
