//! Every format and spelling variant of the feed reference, one small fixture each.

mod common;

use common::*;
use ratelink_core::model::{FeeSide, Floating};
use ratelink_core::{parse_feed, FeedFormat, FeedStatus};

#[test]
fn xml_v10_as_premium_writes_it() {
    let feed = load("xml10_premium.xml");
    assert_eq!(feed.format, FeedFormat::XmlV10);
    assert_eq!(feed.status, FeedStatus::Ok);
    assert_eq!(feed.directions.len(), 2);
    let x = find(&feed, "PMUSD", "CASHRUB");
    assert_eq!((x.r#in, x.out), (d("1"), d("88.5")));
    assert_eq!(x.rate(), some("88.5"));
    assert_eq!(x.reserve, some("900000"));
    // "50 USD" on a PMUSD direction: the suffix is the field's unit, stripped silently.
    assert_eq!((x.min, x.max), (some("50"), some("3000")));
    assert_eq!(x.from_fee, fee("0.5", "1"));
    assert!(x.to_fee.is_zero());
    assert_eq!(flags(x), ["manual", "juridical"]);
    assert_eq!(x.city.as_deref(), Some("MSK"));

    let y = find(&feed, "BTC", "SBERRUB");
    assert_eq!(y.out, d("5749836.5"));
    assert_eq!(y.reserve, some("627316716.73"));
    assert_eq!((y.min, y.max), (some("0.001739"), some("13.89")));
    assert_eq!(y.to_fee, fee("0.5", "0"));
    assert_eq!(y.min_fee, some("5"));
    assert_eq!(
        y.floating,
        Some(Floating {
            minutes: some("15"),
            percent: None
        })
    );
    assert_eq!(y.delay, some("30"));
    assert_eq!(y.city, None);
    // minfee "5 USD" on a BTC direction names another currency: kept, and reported.
    assert_eq!(feed.warnings.len(), 1, "{:?}", feed.warnings);
    assert!(feed.warnings[0].contains("minfee") && feed.warnings[0].contains("\"USD\""));
}

#[test]
fn xml_v11_eref_verbatim_example() {
    let feed = load("xml11_eref.xml");
    assert_eq!(feed.format, FeedFormat::XmlV11);
    let x = find(&feed, "USDT", "CASHUSD");
    assert_eq!((x.r#in, x.out, x.rate()), (d("1"), d("1.2"), some("1.2")));
    assert_eq!(x.reserve, some("2000000"));
    assert_eq!((x.min, x.max), (some("100"), some("1000")));
    assert_eq!((x.to_min, x.to_max), (some("120"), some("1200")));
    assert_eq!(x.from_fee, fee("0", "10"));
    assert_eq!(x.to_fee, fee("0.01", "0"));
    assert_eq!(x.city.as_deref(), Some("FNCH"));
    assert_eq!(flags(x), ["manual"]);
    assert!(feed.warnings.is_empty() && feed.skipped.is_empty());
}

#[test]
fn xml_v11_as_newer_premium_writes_it() {
    let feed = load("xml11_premium.xml");
    assert_eq!(feed.format, FeedFormat::XmlV11);
    let x = find(&feed, "SBERRUB", "USDTTRC20");
    assert_eq!((x.r#in, x.out), (d("92.75"), d("1")));
    assert_eq!(x.rate(), some("0.01078167115902965"));
    assert_eq!((x.min, x.max), (some("5000"), some("500000")));
    assert_eq!(x.from_fee, fee("1.5", "100"));
    assert_eq!(x.to_fee, fee("0", "1"));
    assert_eq!(
        x.floating,
        Some(Floating {
            minutes: some("20"),
            percent: some("2")
        })
    );
    // Flag elements: true/1 set a flag, false does not, plugin text is ignored.
    assert_eq!(flags(x), ["manual", "verifying"]);
    assert!(feed.warnings.is_empty(), "{:?}", feed.warnings);
}

#[test]
fn xml_iexexchanger_bestchange_format() {
    let feed = load("xml_iex_bestchange.xml");
    assert_eq!(feed.format, FeedFormat::XmlV11);
    let x = find(&feed, "BTC", "USDTTRC20");
    assert_eq!(x.out, d("64250.123456"));
    // minamount 0.002 and frommin 0.005: the larger; maxamount 0 is "not set", frommax 2.5.
    assert_eq!((x.min, x.max), (some("0.005"), some("2.5")));
    // Typed % plus a plain fixed fee: both apply.
    assert_eq!(x.from_fee, fee("0.5", "0.0001"));
    assert_eq!(x.fee_steps.len(), 2);
    let (a, b) = (&x.fee_steps[0], &x.fee_steps[1]);
    assert_eq!(
        (a.from_min, a.from_max, a.side, &a.fee),
        (None, some("0.1"), FeeSide::To, &fee("1", "0"))
    );
    assert_eq!(
        (b.from_min, b.from_max, b.side, &b.fee),
        (some("0.1"), some("2.5"), FeeSide::To, &fee("0.3", "2"))
    );
    assert!(
        x.to_fee.is_zero(),
        "step fees are not the direction's own fee"
    );
    assert_eq!(flags(x), ["manual", "reg"]);
}

#[test]
fn xml_iexexchanger_plain_format() {
    let feed = load("xml_iex_plain.xml");
    assert_eq!(feed.format, FeedFormat::XmlV10);
    let x = find(&feed, "ETH", "USDTERC20");
    assert_eq!(x.reserve, None, "iEXExchanger omits amount when unknown");
    assert_eq!(x.to_fee, fee("0.5", "1"));
    assert_eq!((x.min, x.max), (some("0.05"), some("40")));
    assert_eq!(flags(x), ["manual"]);
}

#[test]
fn xml_spelling_variants_and_merging_rules() {
    let feed = load("xml_spellings.xml");
    assert_eq!(feed.format, FeedFormat::XmlV11);
    let x = find(&feed, "QWRUB", "BTC");
    assert_eq!(x.rate(), some("0.0000001612903225806452"));
    assert_eq!(x.reserve, some("1.25"));
    // min = largest of 1000, "1500 RUB", 1200; max = smallest non-zero of 0, 300000, "250000 RUB".
    assert_eq!((x.min, x.max), (some("1500"), some("250000")));
    assert_eq!(
        x.floating,
        Some(Floating {
            minutes: None,
            percent: some("2")
        })
    );
    assert_eq!(x.delay, some("15"));
    // param list plus flag elements, lower-cased, once each; "0" is not set.
    assert_eq!(flags(x), ["manual", "cardverify", "verifying"]);

    // A city list gives one direction per city.
    let cities: Vec<_> = feed
        .directions
        .iter()
        .filter(|x| x.from == "BTC")
        .map(|x| x.city.clone())
        .collect();
    assert_eq!(cities, [Some("MSK".to_string()), Some("SPB".to_string())]);
    let y = find(&feed, "BTC", "QWRUB");
    assert_eq!(y.max, None, "maxamount 0 means no max");
    assert_eq!(y.from_fee, fee("0.5", "0"), "decimal comma in 0,5%");
    assert_eq!(
        y.to_fee,
        fee("1", "100"),
        "type=\"percent\" plus a plain fee with suffix"
    );
    assert_eq!(y.min_fee, some("0.0001"));
    assert_eq!(flags(y), ["floating"], "floating written as a flag");
    assert_eq!(y.floating, None);

    let z = find(&feed, "PMUSD", "PMEUR");
    assert_eq!(
        z.floating,
        Some(Floating {
            minutes: some("0"),
            percent: None
        })
    );
    // "10 EUR" on PMUSD->PMEUR is in the other currency: converted at the rate (10 / 0.92).
    assert_eq!(z.min, some("10.8695652173913"));
    // "5000 GBP" names neither currency: kept with its unit, never converted; "2 BTC" fee kept
    // as written.
    assert_eq!((z.max, z.max_unit.as_deref()), (some("5000"), Some("GBP")));
    assert_eq!(z.min_unit, None);
    assert_eq!(z.from_fee, fee("0", "2"));
    let notes: Vec<_> = feed
        .warnings
        .iter()
        .filter(|w| w.contains("item 2"))
        .collect();
    assert_eq!(notes.len(), 3, "{:?}", feed.warnings);
    assert!(notes[0].contains("\"10 EUR\"") && notes[0].contains("converted"));
    assert!(notes[1].contains("\"5000 GBP\"") && notes[1].contains("kept as written"));
    assert!(notes[2].contains("fromfee") && notes[2].contains("\"BTC\""));
}

#[test]
fn premium_json_reference_example() {
    let feed = load("premium.json");
    assert_eq!(feed.format, FeedFormat::PremiumJson);
    assert_eq!(feed.directions.len(), 4);
    let x = find(&feed, "PMUSD", "SBERRUB");
    // xr -90.5: 1 PMUSD = 90.5 SBERRUB.
    assert_eq!((x.r#in, x.out), (d("1"), d("90.5")));
    assert_eq!(x.reserve, some("500000"));
    assert_eq!((x.min, x.max), (some("10"), some("2000")));
    assert_eq!(x.from_fee, fee("0.5", "0"));
    assert_eq!(flags(x), ["manual"]);
    // Bare number short form.
    let y = find(&feed, "BTC", "PMUSD");
    assert_eq!((y.r#in, y.out), (d("1"), d("60000")));
    assert_eq!(
        y.reserve, None,
        "no amount and no currencies.amounts entry for PMUSD"
    );
    // cities: one direction per city; reserve from currencies.amounts.
    let cash: Vec<_> = feed
        .directions
        .iter()
        .filter(|x| x.to == "SBERRUB" && x.from == "BTC")
        .collect();
    assert_eq!(cash.len(), 2);
    assert_eq!(cash[0].city.as_deref(), Some("MSK"));
    assert_eq!(cash[1].city.as_deref(), Some("SPB"));
    assert_eq!(cash[0].out, d("5400000"));
    assert_eq!(cash[0].reserve, some("500000"));
    assert!(feed.skipped.is_empty() && feed.warnings.is_empty());
}

#[test]
fn premium_json_variants_and_fallbacks() {
    let feed = load("premium_variants.json");
    assert_eq!(feed.format, FeedFormat::PremiumJson);
    let x = find(&feed, "PMUSD", "SBERRUB");
    assert_eq!((x.r#in, x.out), (d("1"), d("90.5")));
    // Limits from the source currency ("10 USD" suffix stripped); reserve from amounts.
    assert_eq!((x.min, x.max), (some("10"), some("2000")));
    assert_eq!(x.reserve, some("500000"));
    assert_eq!(x.to_fee, fee("0", "1"), "outFee \"1\" is fixed");
    assert_eq!(
        flags(x),
        ["verifying", "auth"],
        "ident is verifying; manual 0 is not set"
    );

    let y = find(&feed, "PMUSD", "BTC");
    assert_eq!((y.r#in, y.out), (d("61000"), d("1")), "positive xr: X = 1");
    assert_eq!(
        (y.min, y.max),
        (some("50"), some("2000")),
        "own min, currency max"
    );
    assert_eq!(y.from_fee, fee("0.5", "1"), "[\"+\", {{\"%\": ..}}, \"1\"]");
    assert_eq!(flags(y), ["manual"], "file-level options");
    assert_eq!(y.reserve, None);

    let z = find(&feed, "SBERRUB", "PMUSD");
    assert_eq!(
        (z.r#in, z.out, z.reserve),
        (d("91.2"), d("1"), some("15000"))
    );
    let w = find(&feed, "QWRUB", "SBERRUB");
    assert_eq!((w.r#in, w.out), (d("1"), d("1")), "xr 1 is 1:1");
    assert_eq!(
        flags(w),
        ["reg"],
        "per-currency options win over file-level"
    );

    let skipped = skipped_rows(&feed);
    assert_eq!(
        skipped,
        [
            (2, Some("xr"), Some("0")),
            (4, Some("to"), Some("9")),
            (5, Some("xr"), Some("abc"))
        ]
    );
    assert!(feed.skipped[0].reason.contains("zero"));
    assert!(feed.skipped[1].reason.contains("currencies.list"));
    // Which fallback was used is reported.
    assert_eq!(feed.warnings.len(), 3, "{:?}", feed.warnings);
    assert!(
        feed.warnings[0].starts_with("2 direction")
            && feed.warnings[0].contains("per-source-currency min/max")
    );
    assert!(
        feed.warnings[1].starts_with("1 direction")
            && feed.warnings[1].contains("per-source-currency options")
    );
    assert!(
        feed.warnings[2].starts_with("2 direction")
            && feed.warnings[2].contains("file-level options")
    );
}

#[test]
fn premium_json_without_a_currency_list_uses_the_keys_as_codes() {
    let feed = parse_feed(
        br#"{"version": "1.3", "exchange": {"BTC": {"to": {"SBERRUB": "-5400000"}}}}"#,
        None,
    )
    .unwrap();
    let x = find(&feed, "BTC", "SBERRUB");
    assert_eq!((x.r#in, x.out), (d("1"), d("5400000")));
    assert!(feed.warnings[0].contains("currencies.list"));
}

#[test]
fn json_items_reference_example() {
    let feed = load("items_array.json");
    assert_eq!(feed.format, FeedFormat::JsonItems);
    let x = find(&feed, "PMUSD", "BTC");
    assert_eq!((x.r#in, x.out), (d("61000"), d("1")));
    assert_eq!(x.reserve, some("2.5"));
    assert_eq!((x.min, x.max), (some("50"), some("5000")));
    assert_eq!(flags(x), ["manual"]);
}

#[test]
fn json_items_wrapped_any_case_numbers_and_lists() {
    let feed = load("items_variants.json");
    assert_eq!(feed.format, FeedFormat::JsonItems);
    assert_eq!(feed.directions.len(), 2);
    let x = find(&feed, "QWRUB", "BTC");
    assert_eq!(
        (x.r#in, x.out, x.reserve),
        (d("6200000"), d("1"), some("1.25"))
    );
    assert_eq!(
        (x.min, x.max, x.to_min),
        (some("1000"), some("300000"), some("0.0002"))
    );
    assert_eq!(flags(x), ["manual", "verifying"], "param as an array");
    assert_eq!(x.from_fee, fee("0.5", "0"));
    assert_eq!(x.to_fee, fee("0.1", "0.0001"));
    let y = find(&feed, "BTC", "QWRUB");
    assert_eq!(
        flags(y),
        ["manual", "reg", "juridical"],
        "param string plus a boolean key"
    );
    assert_eq!(
        y.floating,
        Some(Floating {
            minutes: some("10"),
            percent: None
        })
    );
    let skipped: Vec<_> = feed
        .skipped
        .iter()
        .map(|s| (s.index, s.field.as_deref()))
        .collect();
    assert_eq!(skipped, [(2, Some("in")), (3, None)]);
    assert!(feed.skipped[1].reason.contains("not an object"));
}

#[test]
fn json_items_in_an_unknown_envelope() {
    let feed = parse_feed(
        br#"{"status": "ok", "generated": 1700000000, "result": [{"from": "A", "to": "B", "in": 1, "out": "2"}]}"#,
        None,
    )
    .unwrap();
    assert_eq!(feed.format, FeedFormat::JsonItems);
    assert_eq!(feed.directions[0].out, d("2"));
    // A single item object with a list inside is still one item.
    let one = parse_feed(
        br#"{"from": "A", "to": "B", "in": 1, "out": 2, "param": ["manual"]}"#,
        None,
    )
    .unwrap();
    assert_eq!(one.directions[0].flags, ["manual"]);
    let spaced = parse_feed(b"<rates><item><from>A</from><to>B</to><in>1</in><out>2</out><param>manual  reg;Juridical</param></item></rates>", None).unwrap();
    assert_eq!(spaced.directions[0].flags, ["manual", "reg", "juridical"]);
    // Two lists: ambiguous, not guessed.
    assert!(parse_feed(
        br#"{"a": [{"from": "A", "to": "B", "in": 1, "out": 2}], "b": []}"#,
        None
    )
    .is_err());
}

#[test]
fn json_items_keyed_by_from_to() {
    let feed = load("items_keyed.json");
    assert_eq!(feed.format, FeedFormat::JsonItems);
    let x = find(&feed, "BTC", "SBERRUB");
    assert_eq!((x.out, x.reserve), (d("5749836.5"), some("627316716.73")));
    assert_eq!(flags(find(&feed, "ETH", "SBERRUB")), ["manual"]);
    // Also without a wrapper.
    let bare = parse_feed(br#"{"BTC_CARDRUB": {"in": 1, "out": "5700000"}}"#, None).unwrap();
    assert_eq!(bare.directions[0].to, "CARDRUB");
    assert_eq!(bare.directions[0].out, d("5700000"));
}

#[test]
fn txt_reference_example() {
    let feed = load("premium.txt");
    assert_eq!(feed.format, FeedFormat::Txt);
    let x = find(&feed, "PMUSD", "SBERRUB");
    assert_eq!(
        (x.r#in, x.out, x.reserve, x.city.as_deref()),
        (d("1"), d("90.5"), some("500000"), None)
    );
    let y = find(&feed, "BTC", "CASHRUB");
    assert_eq!((y.out, y.city.as_deref()), (d("5400000"), Some("MSK")));
}

#[test]
fn txt_variants_crlf_old_layout_and_bad_lines() {
    let feed = load("txt_variants.txt");
    assert_eq!(feed.format, FeedFormat::Txt);
    assert_eq!(feed.directions.len(), 4);
    assert_eq!(
        find(&feed, "PMUSD", "SBERRUB").reserve,
        some("500000"),
        "old 5-field layout"
    );
    let cash: Vec<_> = feed
        .directions
        .iter()
        .filter_map(|x| x.city.as_deref())
        .collect();
    assert_eq!(cash, ["MSK", "SPB"], "one direction per city");
    let e = find(&feed, "ETH", "BTC");
    assert_eq!((e.out, e.reserve), (d("0.052"), None));
    assert!(feed.warnings.iter().any(|w| w.contains("comma")));
    let skipped = skipped_rows(&feed);
    // Physical line numbers (0-based), blank line included.
    assert_eq!(
        skipped,
        [
            (5, Some("in"), Some("abc")),
            (6, None, Some("hello")),
            (7, Some("in"), Some("0"))
        ]
    );
}

#[test]
fn amounts_with_suffixes_spaces_and_commas() {
    use ratelink_core::feed::parse_amount;
    let a = parse_amount("1\u{a0}000,50 руб.").unwrap();
    assert_eq!(
        (a.value, a.suffix, a.decimal_comma),
        (d("1000.50"), Some("руб."), true)
    );
    let a = parse_amount(" 0.028000000000 LTC ").unwrap();
    assert_eq!(
        (a.value.to_string(), a.suffix),
        ("0.028000000000".to_string(), Some("LTC"))
    );
    assert_eq!(parse_amount("50USD").unwrap().suffix, Some("USD"));
    assert_eq!(parse_amount("1.0E-5").unwrap().value, d("0.00001"));
    assert!(
        parse_amount("1,000,000").is_err(),
        "ambiguous commas are not guessed"
    );
    assert!(parse_amount("1,5.0").is_err());
    assert!(parse_amount("USD").is_err());
    assert!(parse_amount("").is_err());
}

#[test]
fn premium_structure_under_other_key_names_is_read_fully() {
    let feed = load("premium_other_keys.json");
    assert_eq!(feed.format, FeedFormat::PremiumJson);
    assert_eq!(feed.status, FeedStatus::Ok);
    assert_eq!(feed.directions.len(), 9, "{:?}", feed.directions);
    // The warning names every key it mapped.
    let mapped = &feed.warnings[0];
    for part in [
        "by its structure",
        "currency codes from \"valuta.names\"",
        "reserves from \"valuta.rezerv\"",
        "directions from \"napr\"",
        "file-level options from \"opts\"",
        "cash desk names from \"valuta.gorod\"",
    ] {
        assert!(mapped.contains(part), "{part:?} not in {mapped:?}");
    }
    // Signed short-form rates, source-level limits, reserves by target id, global options.
    let x = find(&feed, "PMUSD", "SBERRUB");
    assert_eq!((x.r#in, x.out), (d("1"), d("91.2")));
    assert_eq!((x.min, x.max), (some("20"), some("3000")));
    assert_eq!(x.reserve, some("750000"));
    assert_eq!(flags(x), ["manual", "verifying"]);
    assert_eq!(x.city, None);
    let y = find(&feed, "PMUSD", "BTC");
    assert_eq!(
        (y.r#in, y.out, y.reserve),
        (d("64000"), d("1"), some("4.25"))
    );
    let z = find(&feed, "BTC", "PMUSD");
    assert_eq!((z.r#in, z.out), (d("1"), d("63000.5")));
    assert_eq!((z.min, z.max, z.reserve), (some("0.002"), None, None));
    let w = find(&feed, "BTC", "SBERRUB");
    assert_eq!(
        (w.out, w.reserve),
        (d("5800000"), some("700000")),
        "own amount wins"
    );
    assert_eq!(
        skipped_rows(&feed),
        [(9, Some("to"), Some("9"))],
        "an id missing from the code map is reported"
    );
    assert!(feed
        .warnings
        .iter()
        .any(|w| w.contains("per-source-currency min/max (napr[id])")));
}

#[test]
fn ids_sharing_one_code_keep_each_direction_apart_by_city() {
    let feed = load("premium_other_keys.json");
    // Ids 5 and 6 are both CASHUSD (two cash desks): never merged, told apart by city.
    let desks: Vec<_> = feed
        .directions
        .iter()
        .filter(|x| x.from == "CASHUSD" && x.to == "USDTTRC20")
        .map(|x| (x.city.as_deref(), x.r#in, x.max, x.reserve))
        .collect();
    assert_eq!(
        desks,
        [
            (Some("Moscow"), d("1.02"), some("50000"), some("30000")),
            (Some("Saint Petersburg"), d("1.03"), None, some("30000")),
        ]
    );
    assert_eq!(
        find(&feed, "PMUSD", "CASHUSD").city.as_deref(),
        Some("Moscow")
    );
    let btc_cash = find(&feed, "BTC", "CASHUSD");
    assert_eq!(
        (btc_cash.city.as_deref(), btc_cash.reserve),
        (Some("Saint Petersburg"), some("80000"))
    );
    assert!(feed.skipped.iter().all(|s| !s.reason.contains("duplicate")));
    assert!(feed
        .warnings
        .iter()
        .any(|w| w.contains("CASHUSD (ids 5, 6)")));
    // The affiliate link carries the shared code, which is what the exchanger matches.
    let link = ratelink_core::link::LinkBuilder::new("https://ex.example", "R1", None).unwrap();
    for x in feed.directions.iter().filter(|x| x.from == "CASHUSD") {
        assert_eq!(
            link.href(&x.from, &x.to),
            "https://ex.example/ref/R1/?cur_from=CASHUSD&cur_to=USDTTRC20"
        );
    }
    // Without a name map, the id is the desk's city; the standard key names work the same way.
    let feed = parse_feed(
        br#"{"version": "1.3", "currencies": {"list": {"1": "PMUSD", "5": "CASHUSD", "6": "cashusd"}},
            "exchange": {"1": {"to": {"5": -0.98, "6": -0.97}}}}"#,
        None,
    )
    .unwrap();
    let cities: Vec<_> = feed.directions.iter().map(|x| x.city.as_deref()).collect();
    assert_eq!(cities, [Some("5"), Some("6")]);
    assert!(feed.warnings[0].contains("with the currency id as the city"));
}

#[test]
fn premium_structure_needs_a_to_tree() {
    // A keyed item object is still read as JSON items, not as the Premium structure.
    let feed = load("items_keyed.json");
    assert_eq!(feed.format, FeedFormat::JsonItems);
    // No id -> code map: the tree's keys are the codes, with a warning.
    let feed = parse_feed(br#"{"rates": {"BTC": {"to": {"ETH": "-30"}}}}"#, None).unwrap();
    assert_eq!(feed.format, FeedFormat::PremiumJson);
    let x = find(&feed, "BTC", "ETH");
    assert_eq!((x.r#in, x.out), (d("1"), d("30")));
    assert!(feed
        .warnings
        .iter()
        .any(|w| w.contains("read as currency codes")));
}

#[test]
fn zero_none_dash_and_empty_params_are_no_flags() {
    for name in ["xml_no_flags.xml", "items_no_flags.json"] {
        let feed = load(name);
        let all: Vec<Vec<&str>> = feed.directions.iter().map(flags).collect();
        let n = feed.directions.len();
        let mut expected: Vec<Vec<&str>> = vec![vec![]; n - 1];
        expected.push(if name.ends_with(".xml") {
            vec!["manual"]
        } else {
            vec!["juridical"]
        });
        assert_eq!(all, expected, "{name}");
        assert!(feed.skipped.is_empty(), "{name}: {:?}", feed.skipped);
    }
}

#[test]
fn limits_in_a_third_currency_are_kept_with_their_unit() {
    let feed = load("xml_unit_limits.xml");
    let unit =
        |x: &ratelink_core::Direction| (x.min, x.min_unit.clone(), x.max, x.max_unit.clone());
    let usd = || Some("USD".to_string());
    let x = find(&feed, "ASD", "ZXC");
    assert_eq!(unit(x), (some("10"), usd(), some("500"), usd()));
    assert!(!x.limits_inconsistent());
    assert_eq!((x.min_in_from(), x.max_in_from()), (None, None));
    // The unit is settled once the codes are known, whatever the element order.
    let y = find(&feed, "QWE", "RTY");
    assert_eq!(
        unit(y),
        (some("25"), Some("EUR".into()), some("1000"), None)
    );
    assert_eq!(y.max_in_from(), some("1000"));
    // A min in the from currency wins over one in a third currency (it can be checked).
    let z = find(&feed, "ASD", "RTY");
    assert_eq!(unit(z), (some("5"), None, None, None));
    // Repeats in one unit merge as usual (largest min); min and max in two units never
    // compare.
    let v = find(&feed, "ZXC", "ASD");
    assert_eq!(
        unit(v),
        (some("20"), usd(), some("300"), Some("EUR".into()))
    );
    assert!(!v.limits_inconsistent());
    // The direction's other currency is still converted at its rate.
    let u = find(&feed, "RTY", "QWE");
    assert_eq!(
        (u.min, u.min_unit.as_deref()),
        (some("2.105263157894737"), None)
    );
    let kept: Vec<_> = feed
        .warnings
        .iter()
        .filter(|w| w.contains("kept as written"))
        .collect();
    assert_eq!(kept.len(), 5, "{:?}", feed.warnings);
    assert!(feed
        .warnings
        .iter()
        .any(|w| w.contains("\"10 USD\" is in USD: ignored, the item also gives a min in ASD")));
    assert!(feed.skipped.is_empty());
}
