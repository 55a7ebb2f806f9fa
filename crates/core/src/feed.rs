//! Reading any rates feed: format sniffing and one reader per format.

use crate::model::{Feed, FeedError};

/// Reads a feed body in any supported format. `content_type` is a hint only: the body decides.
pub fn parse_feed(bytes: &[u8], content_type: Option<&str>) -> Result<Feed, FeedError> {
    let _ = (bytes, content_type);
    Err(FeedError::EmptyBody) // TODO(core-feed): implemented by the feed reader work
}

/// Writes a feed as ratelink's normalized JSON (the schema of `inspect --json`).
/// `extra` fields (e.g. `"fetched_at"`, `"stale"`) are appended to the top-level object as
/// already-encoded JSON values.
pub fn to_normalized_json(feed: &Feed, extra: &[(&str, String)]) -> String {
    let _ = (feed, extra);
    String::new() // TODO(core-feed)
}
