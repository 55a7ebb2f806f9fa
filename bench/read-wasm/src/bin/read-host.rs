//! Host timing of the widget's feed reader (`parse_normalized`) on a feed file, for profiling
//! (callgrind, perf): `cargo run --release --bin read-host -- FEED.json [RUNS]`.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: read-host FEED.json [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let mut times = Vec::with_capacity(runs);
    let mut count = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let feed = std::str::from_utf8(&bytes)
            .map_err(|e| e.to_string())
            .and_then(|text| ratelink_core::feed::parse_normalized(text).map_err(|e| e.to_string()));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        match feed {
            Ok(f) => count = f.directions.len(),
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(1);
            }
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "read-host: {count} directions, {} KiB, {runs} runs: median {:.3} ms, min {:.3} ms",
        bytes.len() / 1024,
        times[runs / 2],
        times[0]
    );
}
