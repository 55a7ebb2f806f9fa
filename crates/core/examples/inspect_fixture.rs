//! Prints the normalized JSON of feed files (a development aid).
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap_or_default();
        match ratelink_core::parse_feed(&bytes, None) {
            Ok(feed) => println!("{path}: {}", ratelink_core::to_normalized_json(&feed, &[])),
            Err(e) => println!("{path}: ERROR {e}"),
        }
    }
}
