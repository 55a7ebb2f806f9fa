//! The normalized feed's direct reader (`parse_normalized`, no JSON tree) against the tree
//! reader it replaced (`parse_normalized_via_tree`): the same feed, digit for digit, or the same
//! error, on every fixture (hostile ones included), on generated feeds and on malformed bodies;
//! and linear work on worst-case bodies.

mod common;

use common::fixture;
use ratelink_core::feed::{parse_normalized, parse_normalized_via_tree};
use ratelink_core::model::{Feed, FeedStatus, Skipped};
use ratelink_core::{testgen, to_feed_json, to_normalized_json, work, FeedFormat};

/// Both readers on `text`: equal results, compared through `Debug` too, so decimals must keep
/// the same digits (`1.50` stays mantissa 150, scale 2), not only the same value.
fn same(text: &str) {
    let direct = parse_normalized(text);
    let tree = parse_normalized_via_tree(text);
    assert_eq!(direct, tree, "on {:?}", short(text));
    assert_eq!(
        format!("{direct:?}"),
        format!("{tree:?}"),
        "on {:?}",
        short(text)
    );
}

fn short(text: &str) -> String {
    text.chars().take(300).collect()
}

fn feed_of(directions: Vec<ratelink_core::Direction>) -> Feed {
    Feed {
        format: FeedFormat::XmlV10,
        status: FeedStatus::Ok,
        directions,
        skipped: vec![Skipped {
            index: 7,
            field: Some("out".into()),
            raw: Some("0".into()),
            reason: "out is zero: no rate".into(),
        }],
        warnings: vec!["a \"quoted\" warning".into()],
        names: vec![],
    }
}

/// Both shapes the relay and `inspect --json` write, with extra top-level members.
fn both_shapes(feed: &Feed) -> [String; 2] {
    let extra = [
        ("fetched_at", "\"2026-11-22T03:00:00Z\"".to_string()),
        ("stale", "false".to_string()),
        ("icons", "\"/feeds/x/icons.0a1b2c.svg\"".to_string()),
    ];
    [to_feed_json(feed, &extra), to_normalized_json(feed, &extra)]
}

const FIXTURES: &[&str] = &[
    "html_page.html",
    "items_array.json",
    "items_keyed.json",
    "items_no_flags.json",
    "items_variants.json",
    "premium.json",
    "premium.txt",
    "premium_maintenance.json",
    "premium_other_keys.json",
    "premium_variants.json",
    "txt_maintenance.txt",
    "txt_variants.txt",
    "xml10_premium.xml",
    "xml11_eref.xml",
    "xml11_premium.xml",
    "xml_empty_rates.xml",
    "xml_iex_bestchange.xml",
    "xml_iex_plain.xml",
    "xml_maintenance.xml",
    "xml_no_flags.xml",
    "xml_robust.xml",
    "xml_spellings.xml",
    "xml_unit_limits.xml",
];

#[test]
fn every_fixture_reads_the_same_in_both_shapes() {
    let mut read = 0;
    for name in FIXTURES {
        let bytes = fixture(name);
        // The raw export itself: both readers refuse it the same way (or read it, for JSON).
        same(&String::from_utf8_lossy(&bytes));
        let Ok(feed) = ratelink_core::parse_feed(&bytes, None) else {
            continue;
        };
        for text in both_shapes(&feed) {
            same(&text);
            let direct = parse_normalized(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(direct.directions, feed.directions, "{name}");
            assert_eq!(direct.names, feed.names, "{name}");
            read += 1;
        }
    }
    assert!(read >= 30, "only {read} fixture documents read");
}

#[test]
fn every_hostile_fixture_reads_the_same() {
    let dir = format!("{}/tests/fixtures/hostile", env!("CARGO_MANIFEST_DIR"));
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}")) {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        same(&String::from_utf8_lossy(&bytes));
        if let Ok(feed) = ratelink_core::parse_feed(&bytes, None) {
            for text in both_shapes(&feed) {
                same(&text);
            }
        }
        files += 1;
    }
    assert!(files >= 6, "{files} hostile fixtures");
}

#[test]
fn generated_feeds_read_the_same() {
    for (n, seed) in [(0, 1), (1, 2), (50, 3), (3000, 4)] {
        let feed = feed_of(testgen::directions(n, seed));
        for text in both_shapes(&feed) {
            same(&text);
            assert_eq!(parse_normalized(&text).unwrap().directions, feed.directions);
        }
    }
}

/// A small lean document with every field, used as the seed of the malformed bodies below.
fn seed_document() -> String {
    let feed = feed_of(testgen::directions(12, 9));
    let [lean, _] = both_shapes(&feed);
    lean
}

#[test]
fn every_truncation_reads_the_same() {
    let text = seed_document();
    for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        same(&text[..end]);
    }
}

#[test]
fn byte_mutations_read_the_same() {
    let text = seed_document();
    let alphabet = b"{}[],:\"'\\/*-+.0123456789eE truln\n\t";
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..4000 {
        let mut bytes = text.clone().into_bytes();
        for _ in 0..1 + next() % 4 {
            let at = (next() % bytes.len() as u64) as usize;
            let b = alphabet[(next() % alphabet.len() as u64) as usize];
            match next() % 3 {
                0 => bytes[at] = b,
                1 => bytes.insert(at, b),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        same(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn crafted_bodies_read_the_same() {
    let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
    let bodies = [
        // Tolerated syntax: BOM, comments, unquoted keys, single quotes, trailing commas.
        "\u{feff}{\"directions\":[{\"from\":\"A\",\"to\":\"B\",\"in\":\"1\",\"out\":\"2\"}]}"
            .to_string(),
        "{/* c */ directions: [ {from: 'A', to: 'B', in: 1, out: 2.50,}, ], // x\n}".into(),
        "{\"directions\":[{\"from\":\"A\",\"to\":\"B\",\"in\":\"1\",\"out\":\"2\"}]} trailing junk"
            .into(),
        // Escaped keys and values, repeated keys (the first counts), null and wrong types.
        r#"{"directions":[{"fr\u006fm":"A\"x","to":"B\u0416","in":"1","out":"2","out":"3"}]}"#.into(),
        r#"{"directions":[{"from":1,"from":"A","to":"B","in":"1","out":"2"}]}"#.into(),
        r#"{"directions":[{"from":"A","to":"B","in":null,"out":"2"},{"from":"A","to":"B","in":"-1","out":"2"},{"from":"A","to":"B","in":"1","out":"0"}]}"#.into(),
        r#"{"directions":[1,"x",null,[],{},{"from":"A"},{"from":"A","to":"B","in":"1"}]}"#.into(),
        // Numbers in every spelling: as numbers, padded, exponents, too many digits, signs.
        r#"{"directions":[{"from":"A","to":"B","in":" 1 ","out":"2e3"},{"from":"A","to":"B","in":"+.5","out":"5."},{"from":"A","to":"B","in":"1","out":"1234567890123456789"},{"from":"A","to":"B","in":"1","out":"12345678901234567890"},{"from":"A","to":"B","in":"1","out":"0.0000000000000000000000000000000001"},{"from":"A","to":"B","in":"1","out":"1e-9223372036854775808"},{"from":"A","to":"B","in":1.25,"out":-0,"reserve":"1..2","min":"--1","max":"1,5"}]}"#.into(),
        r#"{"directions":[{"from":"A","to":"B","in":"1","out":"2","reserve":"٣","min":"1 000","max":"1e400","to_min":"","to_max":"."}]}"#.into(),
        // Nested fields in odd shapes.
        r#"{"directions":[{"from":"A","to":"B","in":"1","out":"2","from_fee":[1],"to_fee":{"fixed":"1","fixed":"2"},"fee_steps":{"a":{"side":"to","percent":"1"},"b":3},"floating":{},"flags":{"x":"manual","y":1},"city":5,"min_unit":"  ","max_unit":" USD "}]}"#.into(),
        // Plain strings (kept as text by the direct reader) before and after other values of
        // the same name, and plain strings where a fee, list or object belongs.
        r#"{"directions":[{"from":"A","from":1,"to":"B","to":"C","in":"1","in":{"x":1},"out":"2"},{"from":"A\u0042","to":"B","from":"C","in":2,"in":"1","out":"2","out":"3"}]}"#.into(),
        r#"{"directions":[{"from":"A","to":"B","in":"1","out":"2","from_fee":"1","to_fee":"0.5","fee_steps":"x","floating":"5","flags":"manual","city":"MSK","min_unit":" USD ","max_unit":"","delay":" 5 ","min_fee":"1.5"}]}"#.into(),
        r#"{"directions":[{"from":"A","to":"B","in":"1","out":"2","city":"MSK","city":null,"reserve":null,"reserve":"5"},{"from":"","to":"","in":"0.5","out":"7"}]}"#.into(),
        // Top level: no list, a list elsewhere, repeated, wrong types, other documents.
        r#"{"directions":{"0":{"from":"A","to":"B","in":"1","out":"2"}}}"#.into(),
        r#"{"directions":null,"directions":[]}"#.into(),
        r#"{"directions":[],"directions":null,"status":"maintenance","status":"ok"}"#.into(),
        r#"{"status":"maintenance","directions":[],"skipped":{"a":{"index":"3","reason":"r"}},"warnings":["w",1],"names":{"A":{"en":"Aa"},"B":{"ru":"x"}}}"#.into(),
        r#"[{"directions":[]}]"#.into(),
        r#""directions""#.into(),
        "{}".into(),
        "{\"directions\":[]".into(),
        "nope".into(),
        String::new(),
        " \n ".into(),
        // Nesting limits, inside a direction and around the list.
        format!(r#"{{"directions":[{{"from":"A","to":"B","in":"1","out":"2","x":{}}}]}}"#, deep(124)),
        format!(r#"{{"directions":[{{"from":"A","to":"B","in":"1","out":"2","x":{}}}]}}"#, deep(125)),
        format!(r#"{{"directions":[{}]}}"#, deep(126)),
        format!(r#"{{"directions":[{}]}}"#, deep(127)),
        format!(r#"{{"x":{},"directions":[]}}"#, deep(127)),
        format!(r#"{{"x":{},"directions":[]}}"#, deep(128)),
        "[".repeat(100_000),
    ];
    for body in &bodies {
        same(body);
    }
}

proptest::proptest! {
    #[test]
    fn json_like_noise_reads_the_same(
        body in r#"\{"directions":\[(\{("(from|to|in|out|min|flags|city|x)":("[A-Z0-9. e+-]{0,6}"|[0-9.e+-]{1,6}|null|\[\]|\{\}|"\\u00e9"),?){0,6}\},?){0,4}[\]}, ]{0,3}"#,
    ) {
        same(&body);
    }
}

fn work_for(body: &str) -> u64 {
    work::take_scanned();
    let _ = parse_normalized(body);
    work::take_scanned()
}

#[test]
fn worst_case_bodies_read_in_linear_work() {
    const MB: usize = 1 << 20;
    let repeat = |head: &str, unit: &str| {
        let mut s = String::from(head);
        while s.len() < MB {
            s.push_str(unit);
        }
        s
    };
    let cases = [
        (
            "directions",
            repeat(
                "{\"directions\":[",
                "{\"from\":\"A\",\"to\":\"B\",\"in\":\"1\",\"out\":\"2\"},",
            ),
        ),
        (
            "unknown members",
            repeat("{\"directions\":[{", "\"x\":[{}],"),
        ),
        (
            "repeated members",
            repeat("{\"directions\":[{", "\"from\":\"A\","),
        ),
        (
            "escapes",
            repeat("{\"directions\":[{\"from\":\"", "\\u00e9\\\""),
        ),
        (
            "long number",
            repeat(
                "{\"directions\":[{\"from\":\"A\",\"to\":\"B\",\"in\":\"",
                "9",
            ),
        ),
        ("comment", repeat("{\"directions\":[/*", "*")),
        ("nested items", repeat("{\"directions\":[", "[1,[[]],{}],")),
        ("empty items", repeat("{\"directions\":[", "{},")),
    ];
    for (name, body) in cases {
        let len = body.len() as u64;
        let work = work_for(&body);
        assert!(work >= len, "{name}: {work} bytes scanned for {len}");
        assert!(work <= 4 * len, "{name}: {work} bytes scanned for {len}");
        same(&body);
    }
}
