//! `ratelink-relay inspect`: read one feed from a file or URL and describe it.

use std::collections::BTreeSet;
use std::time::Duration;

use ratelink_core::Feed;

use crate::config::{parse_http_url, Source};
use crate::source::{self, Fetched};

/// Why inspect could not read a feed; `Display` is the one-line reason.
#[derive(Debug)]
pub enum InspectError {
    /// The file or URL could not be read (exit code 2).
    Read(String),
    /// The bytes are not a feed (exit code 1).
    NotAFeed(String),
}

impl InspectError {
    /// The process exit code.
    pub fn exit_code(&self) -> i32 {
        match self {
            InspectError::NotAFeed(_) => 1,
            InspectError::Read(_) => 2,
        }
    }
}

impl std::fmt::Display for InspectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InspectError::Read(e) | InspectError::NotAFeed(e) => f.write_str(e),
        }
    }
}

/// Reads `target` (a path, or an http(s) URL) and returns the text to print.
pub async fn inspect(
    target: &str,
    json: bool,
    timeout: Duration,
    max_bytes: u64,
) -> Result<String, InspectError> {
    let scheme = url_scheme(target);
    let (bytes, content_type) = if matches!(scheme.as_deref(), Some("http" | "https")) {
        let url = parse_http_url(target).map_err(|e| InspectError::Read(e.0))?;
        let shown = crate::config::describe_url(&url);
        let client = source::http_client().map_err(InspectError::Read)?;
        match source::fetch(&client, &Source::Http { url }, None, timeout, max_bytes).await {
            Ok(Fetched::Body {
                bytes,
                content_type,
                ..
            }) => (bytes.to_vec(), content_type),
            Ok(Fetched::NotModified) => {
                return Err(InspectError::Read(format!(
                    "{shown}: unexpected 304 Not Modified"
                )))
            }
            Err(e) => return Err(InspectError::Read(format!("{shown}: {e}"))),
        }
    } else {
        let meta = std::fs::metadata(target).map_err(|e| match &scheme {
            // `ftp://x/y`, `file:///…`: not read as a path that happens to be missing.
            // The target itself is not repeated: a URL may carry credentials.
            Some(scheme) => InspectError::Read(format!(
                "only http(s) URLs and files are supported, not {scheme}://"
            )),
            None => InspectError::Read(format!("{target}: {e}")),
        })?;
        if meta.len() > max_bytes {
            return Err(InspectError::Read(format!(
                "{target}: larger than the {max_bytes}-byte limit"
            )));
        }
        (
            std::fs::read(target).map_err(|e| InspectError::Read(format!("{target}: {e}")))?,
            None,
        )
    };
    let feed = ratelink_core::parse_feed(&bytes, content_type.as_deref())
        .map_err(|e| InspectError::NotAFeed(format!("{target}: {e}")))?;
    Ok(if json {
        ratelink_core::to_normalized_json(&feed, &[])
    } else {
        summary(&feed)
    })
}

/// The scheme of `target` when it is written as a URL (`scheme://…`), lower case.
fn url_scheme(target: &str) -> Option<String> {
    let (scheme, _) = target.split_once("://")?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// The human summary: format, status, counts, currencies, first skipped items, warnings.
pub fn summary(feed: &Feed) -> String {
    let currencies: BTreeSet<&str> = feed
        .directions
        .iter()
        .flat_map(|d| [d.from.as_str(), d.to.as_str()])
        .collect();
    let mut out = String::new();
    out.push_str(&format!("format:     {}\n", feed.format.as_str()));
    out.push_str(&format!("status:     {}\n", feed.status.as_str()));
    out.push_str(&format!("directions: {}\n", feed.directions.len()));
    let list: Vec<&str> = currencies.iter().copied().collect();
    out.push_str(&format!(
        "currencies: {} ({})\n",
        list.len(),
        list.join(", ")
    ));
    out.push_str(&format!("skipped:    {}\n", feed.skipped.len()));
    for s in feed.skipped.iter().take(5) {
        out.push_str(&format!("  item {}: {}\n", s.index, s.reason));
    }
    if feed.skipped.len() > 5 {
        out.push_str(&format!("  ... and {} more\n", feed.skipped.len() - 5));
    }
    out.push_str(&format!("warnings:   {}\n", feed.warnings.len()));
    for w in feed.warnings.iter().take(5) {
        out.push_str(&format!("  {w}\n"));
    }
    if feed.warnings.len() > 5 {
        out.push_str(&format!("  ... and {} more\n", feed.warnings.len() - 5));
    }
    out
}
