//! ratelink's normalized JSON: exact schema, determinism, and reading it back exactly.

mod common;

use common::*;
use ratelink_core::currency::Category;
use ratelink_core::format::Lang;
use ratelink_core::model::{Direction, FeeSide, FeeStep, Feed, Floating, Skipped};
use ratelink_core::{
    json, parse_feed, testgen, to_feed_json, to_normalized_json, Fee, FeedFormat, FeedStatus,
};

fn issue_example() -> Feed {
    let mut x = Direction::new("BTC", "SBERRUB", d("1.000"), d("5749836.50"));
    x.reserve = Some(d("627316716.73"));
    x.min = Some(d("0.001739"));
    x.max = Some(d("13.89"));
    x.flags = vec!["manual".into()];
    Feed {
        format: FeedFormat::XmlV10,
        status: FeedStatus::Ok,
        directions: vec![x],
        skipped: vec![Skipped {
            index: 3,
            field: Some("out".into()),
            raw: Some("0".into()),
            reason: "out is zero: no rate".into(),
        }],
        warnings: vec!["a \"quoted\" warning".into()],
        names: vec![],
    }
}

#[test]
fn writes_the_inspect_schema_exactly() {
    let json = to_normalized_json(
        &issue_example(),
        &[
            ("fetched_at", "\"2026-11-22T03:00:00Z\"".into()),
            ("stale", "false".into()),
        ],
    );
    assert_eq!(
        json,
        concat!(
            r#"{"format":"xml-1.0","status":"ok","directions":[{"from":"BTC","to":"SBERRUB","in":"1","out":"5749836.5","#,
            r#""rate":"5749836.5","reserve":"627316716.73","min":"0.001739","max":"13.89","flags":["manual"],"city":null,"#,
            r#""to_min":null,"to_max":null,"from_fee":null,"to_fee":null,"min_fee":null,"fee_steps":[],"floating":null,"delay":null}],"#,
            r#""skipped":[{"index":3,"reason":"out is zero: no rate","field":"out","raw":"0"}],"#,
            r#""warnings":["a \"quoted\" warning"],"names":{},"fetched_at":"2026-11-22T03:00:00Z","stale":false}"#
        )
    );
    // It is JSON, and serde agrees on the values.
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["directions"][0]["rate"], "5749836.5");
    assert_eq!(v["stale"], false);
}

#[test]
fn rate_has_at_least_twelve_significant_digits() {
    let feed = Feed {
        directions: vec![Direction::new("SBERRUB", "BTC", d("5749836.5"), d("1"))],
        ..issue_example()
    };
    let json = to_normalized_json(&feed, &[]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rate = v["directions"][0]["rate"].as_str().unwrap();
    // 1 / 5749836.5 = 1.7391798879846409545...e-7, rounded half-up at 16 significant digits.
    assert_eq!(rate, "0.0000001739179887984641");
    let digits = rate.trim_start_matches(['0', '.']).len();
    assert!(digits >= 12, "{rate}");
}

#[test]
fn fees_steps_floating_and_nulls_are_written() {
    let mut x = Direction::new("A", "B", d("1"), d("2"));
    x.from_fee = Fee {
        percent: d("0.50"),
        fixed: d("0"),
    };
    x.to_fee = Fee {
        percent: d("0"),
        fixed: d("1.5"),
    };
    x.fee_steps = vec![FeeStep {
        from_min: Some(d("10")),
        from_max: None,
        side: FeeSide::To,
        fee: Fee {
            percent: d("1"),
            fixed: d("0"),
        },
    }];
    x.floating = Some(Floating {
        minutes: Some(d("15")),
        percent: None,
    });
    x.city = Some("MSK".into());
    x.delay = Some(d("30"));
    let feed = Feed {
        directions: vec![x],
        skipped: vec![],
        warnings: vec![],
        ..issue_example()
    };
    let json = to_normalized_json(&feed, &[]);
    assert!(json.contains(r#""city":"MSK""#));
    assert!(
        json.contains(
            r#""from_fee":{"percent":"0.5","fixed":"0"},"to_fee":{"percent":"0","fixed":"1.5"}"#
        ),
        "{json}"
    );
    assert!(json.contains(
        r#""fee_steps":[{"from_min":"10","from_max":null,"side":"to","percent":"1","fixed":"0"}]"#
    ));
    assert!(json.contains(r#""floating":{"minutes":"15","percent":null},"delay":"30""#));
    assert!(json.ends_with(r#""skipped":[],"warnings":[],"names":{}}"#));
}

#[test]
fn the_served_shape_leaves_out_absent_and_derived_fields() {
    let mut feed = issue_example();
    feed.name_currencies();
    let json = to_feed_json(&feed, &[("stale", "false".into())]);
    assert_eq!(
        json,
        concat!(
            r#"{"format":"xml-1.0","status":"ok","directions":[{"from":"BTC","to":"SBERRUB","in":"1","out":"5749836.5","#,
            r#""reserve":"627316716.73","min":"0.001739","max":"13.89","flags":["manual"]}],"#,
            r#""skipped":[{"index":3,"reason":"out is zero: no rate","field":"out","raw":"0"}],"#,
            r#""warnings":["a \"quoted\" warning"],"#,
            r#""names":{"BTC":{"en":"Bitcoin","ru":"Биткоин","category":"crypto"},"SBERRUB":{"en":"Sberbank","ru":"Сбербанк","category":"bank"}},"#,
            r#""stale":false}"#
        )
    );
    // Fee parts that are zero, null bounds and null floating parts are left out too.
    let mut x = Direction::new("USDTTRC20", "B", d("1"), d("2"));
    x.from_fee = Fee {
        percent: d("0.5"),
        fixed: d("0"),
    };
    x.fee_steps = vec![FeeStep {
        from_min: None,
        from_max: Some(d("100")),
        side: FeeSide::To,
        fee: Fee {
            percent: d("0"),
            fixed: d("1"),
        },
    }];
    x.floating = Some(Floating {
        minutes: None,
        percent: Some(d("2")),
    });
    let mut feed = Feed {
        directions: vec![x],
        skipped: vec![],
        warnings: vec![],
        ..issue_example()
    };
    feed.name_currencies();
    let json = to_feed_json(&feed, &[]);
    assert!(json.contains(r#""from_fee":{"percent":"0.5"},"fee_steps":[{"from_max":"100","side":"to","fixed":"1"}],"floating":{"percent":"2"}}"#), "{json}");
    assert!(json.ends_with(r#""skipped":[],"warnings":[],"names":{"USDTTRC20":{"en":"Tether","network":"TRC20","category":"token"}}}"#), "{json}");
}

#[test]
fn both_shapes_read_back_to_the_same_feed() {
    for format in testgen::FORMATS {
        let feed = parse_feed(testgen::feed(format, 300).as_bytes(), None).unwrap();
        let full = to_normalized_json(&feed, &[]);
        let lean = to_feed_json(&feed, &[]);
        assert!(lean.len() < full.len(), "{} vs {}", lean.len(), full.len());
        for left_out in ["null", "\"rate\"", "\"flags\":[]", "\"fee_steps\":[]"] {
            assert!(!lean.contains(left_out), "{left_out} in the lean shape");
        }
        let a = ratelink_core::feed::parse_normalized(&full).unwrap();
        let b = ratelink_core::feed::parse_normalized(&lean).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.directions, feed.directions);
        assert_eq!(a.names, feed.names);
        assert!(!a.names.is_empty());
    }
}

#[test]
fn names_are_read_without_the_catalogue() {
    let text = r#"{"directions":[{"from":"XBT","to":"NEWBANKRUB","in":"1","out":"2"}],
        "names":{"XBT":{"en":"Bitcoin","network":"Lightning","category":"crypto"},
                 "ODD":{"category":"bank"},"NEWBANKRUB":{"en":"New Bank","ru":"Новый банк","category":"nonsense"}}}"#;
    let feed = ratelink_core::feed::parse_normalized(text).unwrap();
    let xbt = feed.name_of("XBT").unwrap();
    assert_eq!(
        (xbt.name(Lang::En), xbt.name(Lang::Ru)),
        ("Bitcoin", "Bitcoin")
    );
    assert_eq!(xbt.title(Lang::En), "Bitcoin (Lightning)");
    assert_eq!(xbt.category, Category::Crypto);
    assert!(
        feed.name_of("ODD").is_none(),
        "an entry without a name is ignored"
    );
    let bank = feed.name_of("NEWBANKRUB").unwrap();
    assert_eq!(bank.name(Lang::Ru), "Новый банк");
    assert_eq!(bank.category, Category::Other, "unknown category");
    assert_eq!(bank.rank, 1);
    // Missing fields read as null: no reserve, limits, flags or fees.
    let d = &feed.directions[0];
    assert_eq!(
        (d.reserve, d.min, d.max, d.flags.len()),
        (None, None, None, 0)
    );
    assert!(d.from_fee.is_zero() && d.fee_steps.is_empty() && d.floating.is_none());
}

fn round_trip(feed: &Feed) {
    let json = to_normalized_json(feed, &[("stale", "true".into())]);
    let back = parse_feed(json.as_bytes(), Some("application/json")).unwrap();
    assert_eq!(
        back,
        Feed {
            format: FeedFormat::Normalized,
            ..feed.clone()
        }
    );
    // Deterministic: writing the read-back feed gives the same text (format name aside).
    let again = to_normalized_json(
        &Feed {
            format: feed.format,
            ..back
        },
        &[("stale", "true".into())],
    );
    assert_eq!(again, json);
}

#[test]
fn every_fixture_round_trips() {
    let dir = format!("{}/tests/fixtures/feeds", env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        if let Ok(feed) = parse_feed(&bytes, None) {
            round_trip(&feed);
            count += 1;
        }
    }
    assert!(count >= 15, "{count}");
}

#[test]
fn generated_feeds_round_trip() {
    for format in testgen::FORMATS {
        let text = testgen::feed(format, 300);
        round_trip(&parse_feed(text.as_bytes(), None).unwrap());
    }
}

#[test]
fn maintenance_round_trips() {
    let feed = parse_feed(b"[\"error\",\"Maintenance\"]", None).unwrap();
    round_trip(&feed);
    let json = to_normalized_json(&feed, &[]);
    assert_eq!(
        json::parse(&json)
            .unwrap()
            .get("status")
            .and_then(|s| s.as_str()),
        Some("maintenance")
    );
}

#[test]
fn hostile_normalized_documents_are_checked() {
    let feed = parse_feed(br#"{"format":"ratelink","status":"ok","directions":[{"from":"A","to":"B","in":"0","out":"1"},{"from":"A","to":"C","in":"1","out":"2"}]}"#, None).unwrap();
    assert_eq!(feed.directions.len(), 1);
    assert_eq!(feed.skipped[0].index, 0);
    assert!(parse_feed(br#"{"directions": 5}"#, None).is_err());
}

#[test]
fn parse_normalized_reads_only_the_normalized_format() {
    let text = testgen::feed(FeedFormat::XmlV11, 40);
    let feed = parse_feed(text.as_bytes(), None).unwrap();
    let json = to_normalized_json(&feed, &[("stale", "false".into())]);
    let lean = ratelink_core::feed::parse_normalized(&json).unwrap();
    assert_eq!(lean, parse_feed(json.as_bytes(), None).unwrap());
    assert_eq!(lean.directions, feed.directions);
    assert!(
        ratelink_core::feed::parse_normalized(&text).is_err(),
        "XML is not the normalized format"
    );
    assert!(ratelink_core::feed::parse_normalized("[1,2]").is_err());
    assert_eq!(
        ratelink_core::feed::parse_normalized("  "),
        Err(ratelink_core::FeedError::EmptyBody)
    );
}

#[test]
fn limit_units_are_written_only_when_present_and_read_back() {
    let mut x = Direction::new("ASD", "ZXC", d("1"), d("3.5"));
    x.min = Some(d("10"));
    x.min_unit = Some("USD".into());
    x.max = Some(d("500"));
    let feed = Feed {
        directions: vec![x.clone()],
        skipped: vec![],
        warnings: vec![],
        ..issue_example()
    };
    let json = to_normalized_json(&feed, &[]);
    assert!(
        json.contains(r#""min":"10","max":"500","#)
            && json.contains(r#""delay":null,"min_unit":"USD"}"#),
        "{json}"
    );
    assert!(!json.contains("max_unit"), "absent units are not written");
    assert!(!to_normalized_json(&issue_example(), &[]).contains("_unit"));
    // The widget's lean reader and the full reader both keep the unit.
    let lean = ratelink_core::feed::parse_normalized(&json).unwrap();
    assert_eq!(lean.directions, vec![x.clone()]);
    round_trip(&feed);
    // An empty unit is no unit.
    let blank = json.replace(r#""min_unit":"USD""#, r#""min_unit":" ""#);
    let read = ratelink_core::feed::parse_normalized(&blank).unwrap();
    assert_eq!(read.directions[0].min_unit, None);
}
