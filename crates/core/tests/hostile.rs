//! Hostile input: crafted exponents in every format and worst-case bodies for every reader.
//! Each case once looped for ~9.2e18 steps or went quadratic; here each must end, and reading
//! must scan a bounded number of bytes per input byte (a work count, not a time).

mod common;

use common::d;
use ratelink_core::partner::{pp, Response};
use ratelink_core::{parse_feed, work, Feed};

fn hostile(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/hostile/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn out_of(feed: &Feed, from: &str, to: &str) -> Option<String> {
    feed.directions
        .iter()
        .find(|x| x.from == from && x.to == to)
        .map(|x| x.out.normalized().to_string())
}

#[test]
fn crafted_exponents_end_in_every_feed_format() {
    for name in [
        "exponent.xml",
        "exponent.txt",
        "exponent.json",
        "exponent_premium.json",
    ] {
        let feed = parse_feed(&hostile(name), None).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The clean direction survives next to the crafted ones.
        assert_eq!(
            out_of(&feed, "USDT", "CARDRUB").as_deref(),
            Some("90"),
            "{name}"
        );
        // A zero `out` is no rate: that item is skipped, never a direction.
        assert_eq!(out_of(&feed, "BTC", "SBERRUB"), None, "{name}");
        assert!(!feed.skipped.is_empty(), "{name}: {:?}", feed.skipped);
    }
}

#[test]
fn crafted_exponents_end_in_partner_answers() {
    let body = String::from_utf8(hostile("exponent_get_info.json")).unwrap();
    let info = pp::parse_info(&Response::ok(&body)).unwrap();
    assert_eq!(info.balance.map(|m| m.amount), Some(d("0")));
    // Too large to hold: not read as a number (never a made-up value).
    assert_eq!(info.min_payout, None);
}

/// Reads `body`, returning the bytes the readers scanned.
fn work_for(body: &[u8]) -> u64 {
    work::take_scanned();
    let _ = parse_feed(body, None);
    work::take_scanned()
}

fn lines(head: &str, line: &str, total: usize) -> Vec<u8> {
    let mut s = String::with_capacity(total + line.len());
    s.push_str(head);
    while s.len() < total {
        s.push_str(line);
    }
    s.into_bytes()
}

#[test]
fn every_reader_scans_a_worst_case_megabyte_in_linear_work() {
    const MB: usize = 1 << 20;
    let mut entity_item = String::from("<rates><item><from>");
    entity_item.push_str(&"&".repeat(MB));
    entity_item.push_str("</from><to>B</to><in>1</in><out>2</out></item></rates>");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        // The issue's case: junk, then 250,000 lines opening an unterminated comment.
        ("text + embedded JSON", lines("x\n", "[/*\n", MB)),
        ("XML + embedded JSON", lines("<x>\n", "[/*\n", MB)),
        (
            "HTML + embedded JSON",
            lines("<!doctype html>\n", "{/*\n", MB),
        ),
        (
            "text + embedded XML",
            lines("x\n", "<?xml<rates<item\n", MB),
        ),
        ("JSON strings", lines("[", "\"\\u00e9\\\"\",", MB)),
        ("JSON unterminated string", lines("[\"", "a", MB)),
        ("JSON comment", lines("[/*", "*", MB)),
        ("XML entities", entity_item.into_bytes()),
        ("XML unclosed tags", lines("<rates>", "<item a=\"", MB)),
        ("XML comments", lines("<rates>", "<!--", MB)),
        ("XML CDATA", lines("<rates>", "<![CDATA[", MB)),
        ("TXT fields", lines("", "A;B;1;2;3;4;5;6;7;8\n", MB)),
        ("TXT no fields", lines("", ";\r", MB)),
        ("numbers", lines("PMUSD;BTC;1;0.", "0", MB)),
    ];
    for (name, body) in cases {
        let len = body.len() as u64;
        let work = work_for(&body);
        // At least one pass (the count is real), at most a small constant number of passes.
        assert!(work >= len, "{name}: {work} bytes scanned for {len}");
        assert!(
            work <= 24 * len,
            "{name}: {work} bytes scanned for {len} ({}x)",
            work / len
        );
    }
}

#[test]
fn the_quadratic_seed_reads_in_linear_work() {
    let body = hostile("embedded_comments.txt");
    let work = work_for(&body);
    assert!(work <= 24 * body.len() as u64, "{work}");
    assert!(parse_feed(&body, None).is_err());
}
