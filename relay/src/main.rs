//! ratelink-relay: feeds with CORS and caching, the widget's files, the demo.
fn main() {}
