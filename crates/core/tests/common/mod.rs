//! Helpers shared by the core's integration tests: fixtures, decimals, fees, lookups.
#![allow(dead_code)]

use ratelink_core::model::{Direction, Feed};
use ratelink_core::{parse_feed, Decimal, Fee};

/// The bytes of `tests/fixtures/feeds/<name>`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/feeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A feed that must parse.
pub fn read(bytes: &[u8]) -> Feed {
    parse_feed(bytes, None).unwrap_or_else(|e| panic!("{e}"))
}

/// The feed in fixture `name`, which must parse.
pub fn load(name: &str) -> Feed {
    parse_feed(&fixture(name), None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A decimal written in the test.
pub fn d(s: &str) -> Decimal {
    Decimal::parse(s).unwrap()
}

/// `Some` decimal written in the test.
pub fn some(s: &str) -> Option<Decimal> {
    Some(d(s))
}

/// A fee of `percent` % plus `fixed`.
pub fn fee(percent: &str, fixed: &str) -> Fee {
    Fee {
        percent: d(percent),
        fixed: d(fixed),
    }
}

/// The first direction `from` -> `to`, which must be there.
pub fn find<'f>(feed: &'f Feed, from: &str, to: &str) -> &'f Direction {
    feed.directions
        .iter()
        .find(|x| x.from == from && x.to == to)
        .unwrap_or_else(|| panic!("no {from}->{to} in {:?}", feed.directions))
}

/// A direction's flags as text.
pub fn flags(x: &Direction) -> Vec<&str> {
    x.flags.iter().map(String::as_str).collect()
}

/// What was skipped, as (index, field, raw text).
pub fn skipped_rows(feed: &Feed) -> Vec<(usize, Option<&str>, Option<&str>)> {
    feed.skipped
        .iter()
        .map(|s| (s.index, s.field.as_deref(), s.raw.as_deref()))
        .collect()
}
