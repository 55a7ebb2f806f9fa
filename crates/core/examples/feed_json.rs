//! Writes a feed file in both normalized-JSON shapes, for `bench/feed-size.sh`.
//!
//! Usage: `cargo run -p ratelink-core --example feed_json -- FEED FULL_OUT LEAN_OUT`: the
//! `inspect --json` shape to FULL_OUT and the `/feeds/{name}` shape to LEAN_OUT.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [feed, full, lean] = args.as_slice() else {
        eprintln!("usage: feed_json FEED FULL_OUT LEAN_OUT");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(feed) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("feed_json: {feed}: {e}");
            return ExitCode::from(2);
        }
    };
    let feed = match ratelink_core::parse_feed(&bytes, None) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("feed_json: {e}");
            return ExitCode::FAILURE;
        }
    };
    let extra = [
        ("fetched_at", "\"2026-11-29T00:00:00Z\"".to_string()),
        ("stale", "false".to_string()),
    ];
    for (path, text) in [
        (full, ratelink_core::to_normalized_json(&feed, &extra)),
        (lean, ratelink_core::to_feed_json(&feed, &extra)),
    ] {
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("feed_json: {path}: {e}");
            return ExitCode::from(2);
        }
    }
    println!("{} directions", feed.directions.len());
    ExitCode::SUCCESS
}
