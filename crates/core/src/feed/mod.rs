//! Reading any rates feed: format sniffing and one reader per format.

mod item;
mod json_items;
mod normalized;
mod premium_json;
mod txt;
mod xml_feed;

pub use item::{parse_amount, parse_fee, Amount};
pub use normalized::{to_feed_json, to_normalized_json, write_lean_direction, write_names};
// The `/compare` reader (crate::compare) reads each direction and the names as a feed does.
pub(crate) use normalized::{read_direction, read_names};

use crate::json::{self, Value};
use crate::model::{Direction, Feed, FeedError, FeedFormat, FeedStatus, Skipped};
use std::collections::HashMap;

/// What a reader collects: directions (with the item each came from) and diagnostics.
#[derive(Default)]
pub(crate) struct Out {
    directions: Vec<Direction>,
    items: Vec<usize>,
    skipped: Vec<Skipped>,
    warnings: Vec<String>,
}

impl Out {
    fn push(&mut self, d: Direction, item: usize) {
        self.directions.push(d);
        self.items.push(item);
    }

    fn skip(&mut self, index: usize, field: Option<&str>, raw: Option<&str>, reason: String) {
        self.skipped.push(Skipped {
            index,
            field: field.map(str::to_string),
            raw: raw.map(str::to_string),
            reason,
        });
    }

    /// Removes duplicate directions (§12) and builds the feed.
    fn into_feed(mut self, format: FeedFormat) -> Feed {
        self.dedupe();
        self.skipped.sort_by_key(|s| s.index);
        let status = if self.directions.is_empty() {
            FeedStatus::Empty
        } else {
            FeedStatus::Ok
        };
        Feed {
            format,
            status,
            directions: self.directions,
            skipped: self.skipped,
            warnings: self.warnings,
            names: Vec::new(),
        }
    }

    /// One direction per (from, to, city), the first kept; a non-cash pair listed both with and
    /// without a city keeps only the copy without city.
    fn dedupe(&mut self) {
        // FNV-1a over the upper-cased codes (and city): cheap, and collisions are re-checked.
        fn key(d: &Direction, with_city: bool) -> u64 {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            let city = if with_city {
                d.city.as_deref().unwrap_or("")
            } else {
                ""
            };
            for s in [d.from.as_str(), d.to.as_str(), city] {
                for b in s.bytes().chain([0xff]) {
                    h = (h ^ b.to_ascii_uppercase() as u64).wrapping_mul(0x0100_0000_01b3);
                }
            }
            h
        }
        let same_pair = |a: &Direction, b: &Direction| {
            a.from.eq_ignore_ascii_case(&b.from) && a.to.eq_ignore_ascii_case(&b.to)
        };
        let same_city = |a: &Direction, b: &Direction| match (&a.city, &b.city) {
            (None, None) => true,
            (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
            _ => false,
        };
        let n = self.directions.len();
        let mut keep = vec![true; n];
        // Hash -> first direction with that hash; a (rare) collision falls back to a scan.
        let mut seen: HashMap<u64, usize, KeyIsHash> =
            HashMap::with_capacity_and_hasher(n, KeyIsHash);
        let mut cityless: HashMap<u64, usize, KeyIsHash> = HashMap::with_hasher(KeyIsHash);
        for i in 0..n {
            let d = &self.directions[i];
            let same = |j: &usize| {
                keep[*j] && same_pair(&self.directions[*j], d) && same_city(&self.directions[*j], d)
            };
            let first = match seen.get(&key(d, true)) {
                None => None,
                Some(j) if same(j) => Some(*j),
                Some(_) => (0..i).find(|j| same(j)),
            };
            if let Some(first) = first {
                keep[i] = false;
                let city = d
                    .city
                    .as_deref()
                    .map(|c| format!(" in {c}"))
                    .unwrap_or_default();
                let reason = format!(
                    "duplicate of {}->{}{city} (item {}); the first one is kept",
                    d.from, d.to, self.items[first]
                );
                self.skipped.push(Skipped {
                    index: self.items[i],
                    field: None,
                    raw: None,
                    reason,
                });
                continue;
            }
            seen.entry(key(d, true)).or_insert(i);
            if d.city.is_none() {
                cityless.entry(key(d, false)).or_insert(i);
            }
        }
        let is_cash =
            |d: &Direction| starts_with_ci(&d.from, "cash") || starts_with_ci(&d.to, "cash");
        for i in 0..n {
            let d = &self.directions[i];
            if !keep[i] || d.city.is_none() || is_cash(d) {
                continue;
            }
            let cityless_copy = |j: &usize| {
                keep[*j] && self.directions[*j].city.is_none() && same_pair(&self.directions[*j], d)
            };
            let twin: Option<usize> = match cityless.get(&key(d, false)) {
                None => None,
                Some(&j) if cityless_copy(&j) => Some(j),
                Some(_) => (0..n).find(|j| cityless_copy(j)),
            };
            if let Some(j) = twin {
                keep[i] = false;
                let reason = format!(
                    "{}->{} is not a cash pair and is also listed without a city (item {}); that copy is kept",
                    d.from, d.to, self.items[j]
                );
                self.skipped.push(Skipped {
                    index: self.items[i],
                    field: Some("city".into()),
                    raw: d.city.clone(),
                    reason,
                });
            }
        }
        if keep.iter().all(|k| *k) {
            return;
        }
        let mut it = keep.iter();
        self.directions.retain(|_| *it.next().unwrap_or(&true));
        let mut it = keep.iter();
        self.items.retain(|_| *it.next().unwrap_or(&true));
    }
}

/// The dedupe keys are already hashes: use them as they are.
#[derive(Clone, Copy, Default)]
struct KeyIsHash;

impl std::hash::BuildHasher for KeyIsHash {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(0)
    }
}

struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// The first characters of a body, for error messages.
fn start_of(text: &str) -> String {
    text.trim_start_matches(is_space).chars().take(60).collect()
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn find_ci(text: &str, needle: &str) -> Option<usize> {
    crate::work::scanned(text.len());
    text.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn maintenance(format: FeedFormat, message: &str) -> Feed {
    let message = message.trim_matches(is_space);
    let warnings = if message.is_empty() {
        vec!["the exchanger published a maintenance/error document instead of rates".to_string()]
    } else {
        vec![format!(
            "the exchanger published a maintenance/error document instead of rates: {message:?}"
        )]
    };
    Feed {
        format,
        status: FeedStatus::Maintenance,
        directions: Vec::new(),
        skipped: Vec::new(),
        warnings,
        names: Vec::new(),
    }
}

/// Reads a feed body in any supported format: XML v1.0/v1.1, Premium JSON 1.3, a JSON array of
/// items, TXT and ratelink's normalized JSON. The body decides (§7.3 of the feed reference);
/// `content_type` is accepted for the callers' convenience and deliberately not trusted.
///
/// Maintenance documents give `FeedStatus::Maintenance`; a body that is no feed at all (an HTML
/// page, garbage) is an error quoting its start. Never panics.
pub fn parse_feed(bytes: &[u8], content_type: Option<&str>) -> Result<Feed, FeedError> {
    let _ = content_type;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FeedError::EmptyBody);
    }
    crate::work::scanned(bytes.len());
    let (text, note) = crate::xml::decode_document(bytes);
    let mut feed = parse_feed_str(&text)?;
    if let Some(note) = note {
        feed.warnings.insert(0, note);
    }
    Ok(feed)
}

/// Reads decoded feed text; see [`parse_feed`]. The result names its currencies from the
/// catalogue (a normalized JSON body keeps the `names` it carries).
pub fn parse_feed_str(text: &str) -> Result<Feed, FeedError> {
    let mut feed = parse_text(text)?;
    if feed.names.is_empty() {
        feed.name_currencies();
    }
    Ok(feed)
}

/// Reads only ratelink's normalized JSON (what the relay serves): the same result as
/// [`parse_feed`] on such a body, without linking the other readers (smaller wasm).
pub fn parse_normalized(text: &str) -> Result<Feed, FeedError> {
    read_normalized_with(text, |body| {
        normalized::read_text(body).map_err(|e| e.to_string())
    })
}

/// The checks around a normalized-JSON reader: leading space, an empty body, and `read`'s
/// failure or missing `directions` list as [`FeedError::NotAFeed`].
fn read_normalized_with(
    text: &str,
    read: impl FnOnce(&str) -> Result<Option<Feed>, String>,
) -> Result<Feed, FeedError> {
    let body = text.trim_start_matches(is_space);
    let not_normalized = |reason: String| FeedError::NotAFeed {
        looked_like: "JSON",
        reason,
        start: start_of(body),
    };
    if body.is_empty() {
        return Err(FeedError::EmptyBody);
    }
    read(body).map_err(not_normalized)?.ok_or_else(|| {
        not_normalized("not ratelink's normalized feed (no \"directions\" list)".into())
    })
}

/// [`parse_normalized`] as it read before its direct reader: the whole document parsed into a
/// JSON tree first, then read. Kept for tests that the two agree on every input.
#[cfg(feature = "testgen")]
#[doc(hidden)]
pub fn parse_normalized_via_tree(text: &str) -> Result<Feed, FeedError> {
    read_normalized_with(text, |body| {
        let (doc, _) = json::parse_prefix(body).map_err(|e| e.to_string())?;
        Ok(normalized::read(&doc))
    })
}

fn parse_text(text: &str) -> Result<Feed, FeedError> {
    let body = text.trim_start_matches(is_space);
    match body.as_bytes().first() {
        None => Err(FeedError::EmptyBody),
        Some(b'<') => {
            let html = starts_with_ci(body, "<!doctype html") || starts_with_ci(body, "<html");
            match xml_feed::read(body, html) {
                Ok(feed) => Ok(feed),
                Err(e) => embedded_json(body).unwrap_or(Err(e)),
            }
        }
        Some(b'{' | b'[') => read_json(body),
        Some(_) => match txt::read(body) {
            Some(feed) => Ok(feed),
            None => embedded(body).unwrap_or_else(|| {
                Err(FeedError::NotAFeed {
                    looked_like: "text",
                    reason: "no line has the FROM;TO;IN;OUT fields of a TXT feed".into(),
                    start: start_of(body),
                })
            }),
        },
    }
}

/// A feed after leading junk (a server warning printed before the document).
fn embedded(body: &str) -> Option<Result<Feed, FeedError>> {
    let xml_at = ["<?xml", "<rates", "<item"]
        .iter()
        .filter_map(|n| find_ci(body, n))
        .min();
    if let Some(at) = xml_at {
        if let Ok(mut feed) = xml_feed::read(&body[at..], false) {
            feed.warnings.insert(
                0,
                format!("ignored {at} bytes of text before the XML document"),
            );
            return Some(Ok(feed));
        }
    }
    embedded_json(body)
}

/// Lines starting with `{` or `[` tried as the start of an embedded JSON document. Each try
/// may read to the end of the body, so the count bounds the cost at this many passes.
const MAX_EMBEDDED_CANDIDATES: usize = 8;

/// JSON on a line of its own after leading junk (e.g. an HTML-formatted PHP warning); only the
/// first [`MAX_EMBEDDED_CANDIDATES`] such lines are tried.
fn embedded_json(body: &str) -> Option<Result<Feed, FeedError>> {
    let mut at = 0;
    let mut tries = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim_start_matches(is_space);
        if t.starts_with('{') || t.starts_with('[') {
            tries += 1;
            if tries > MAX_EMBEDDED_CANDIDATES {
                return None;
            }
            let start = at + (line.len() - t.len());
            if let Ok(mut feed) = read_json(&body[start..]) {
                feed.warnings.insert(
                    0,
                    format!("ignored {start} bytes of text before the JSON document"),
                );
                return Some(Ok(feed));
            }
        }
        at += line.len();
    }
    crate::work::scanned(at);
    None
}

fn scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

/// True for an error/status value that reports a problem (not `0`, `false`, `""`, `"ok"`).
fn signals_error(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Number(n) => *n != "0",
        Value::String(s) => {
            let t = s.trim();
            !(t.is_empty()
                || t == "0"
                || ["false", "ok", "success"]
                    .iter()
                    .any(|w| t.eq_ignore_ascii_case(w)))
        }
        _ => false,
    }
}

fn read_json(body: &str) -> Result<Feed, FeedError> {
    let (doc, end) = json::parse_prefix(body).map_err(|e| FeedError::NotAFeed {
        looked_like: "JSON",
        reason: e.to_string(),
        start: start_of(body),
    })?;
    let mut feed = read_json_value(&doc, body)?;
    if end < body.len() {
        feed.warnings.push(format!(
            "ignored {} bytes of text after the JSON document",
            body.len() - end
        ));
    }
    Ok(feed)
}

fn read_json_value(doc: &Value, body: &str) -> Result<Feed, FeedError> {
    // Maintenance (§9): Premium's `["error", "Maintenance"]`, the text translated with the site.
    // Any other list of plain values, and a flat object reporting an error (`{"error":
    // "unauthorized"}`, a partner API's `{"error": 1, "error_text": …}`: a wrong URL, hash or
    // key), is no feed: an error, so the relay counts a failure and says so.
    match doc {
        Value::Array(a) if !a.is_empty() && a.iter().all(scalar) => {
            let premium = a.len() <= 2
                && a[0]
                    .as_str()
                    .is_some_and(|s| s.trim().eq_ignore_ascii_case("error"))
                && a.get(1).is_none_or(|v| v.as_str().is_some());
            if premium {
                let text = a.get(1).and_then(|v| v.as_str()).unwrap_or("");
                return Ok(maintenance(FeedFormat::PremiumJson, text));
            }
            return Err(FeedError::NotAFeed {
                looked_like: "JSON",
                reason: "a list of plain values, not a feed (Premium's maintenance answer is [\"error\", TEXT])".into(),
                start: start_of(body),
            });
        }
        Value::Object(m)
            if !m.is_empty()
                && m.iter().all(|(_, v)| scalar(v))
                && ["error", "maintenance", "message", "status"]
                    .iter()
                    .filter_map(|k| doc.get_ci(k))
                    .any(signals_error) =>
        {
            return Err(FeedError::NotAFeed {
                looked_like: "JSON",
                reason: "an error object (\"error\", \"status\" or \"message\") instead of a feed; check the URL and its hash or key".into(),
                start: start_of(body),
            });
        }
        _ => {}
    }
    if doc.as_object().is_some() {
        if ["version", "currencies", "exchange"]
            .iter()
            .any(|k| doc.get_ci(k).is_some())
        {
            let mut out = Out::default();
            premium_json::read(&premium_json::Layout::premium(doc), false, &mut out);
            return Ok(out.into_feed(FeedFormat::PremiumJson));
        }
        if doc.get("directions").is_some() {
            return normalized::read(doc).ok_or_else(|| FeedError::NotAFeed {
                looked_like: "JSON",
                reason: "a \"directions\" object that is not ratelink's normalized feed".into(),
                start: start_of(body),
            });
        }
        // The Premium structure under other key names (a `valuta.json` of another exporter).
        if let Some(layout) = premium_json::Layout::by_structure(doc) {
            let mut out = Out::default();
            premium_json::read(&layout, true, &mut out);
            return Ok(out.into_feed(FeedFormat::PremiumJson));
        }
    }
    let mut out = Out::default();
    if json_items::read(doc, &mut out) {
        Ok(out.into_feed(FeedFormat::JsonItems))
    } else {
        Err(FeedError::NotAFeed {
            looked_like: "JSON",
            reason: "neither Premium \"version 1.3\" nor a list of rate items".into(),
            start: start_of(body),
        })
    }
}
