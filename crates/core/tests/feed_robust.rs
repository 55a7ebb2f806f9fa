//! Maintenance documents, non-feeds, wrappers, encodings, duplicates and bad values (§9, §12).

mod common;

use common::*;
use ratelink_core::{parse_feed, FeedError, FeedFormat, FeedStatus};

#[test]
fn maintenance_documents_in_every_format() {
    // The answers of §9 of the feed reference, their text translated or not.
    let cases: [(&[u8], FeedFormat); 12] = [
        (&fixture("xml_maintenance.xml"), FeedFormat::XmlV10),
        (b"<?xml version=\"1.0\"?>\n<error>\xd0\xa2\xd0\xb5\xd1\x85\xd1\x80\xd0\xb0\xd0\xb1\xd0\xbe\xd1\x82\xd1\x8b</error>", FeedFormat::XmlV10),
        (b"<error/>", FeedFormat::XmlV10),
        (&fixture("premium_maintenance.json"), FeedFormat::PremiumJson),
        ("[\"error\", \"Технические работы\"]".as_bytes(), FeedFormat::PremiumJson),
        (b"[\"Error\"]", FeedFormat::PremiumJson),
        (&fixture("txt_maintenance.txt"), FeedFormat::Txt),
        ("Технические работы\r\n".as_bytes(), FeedFormat::Txt),
        ("Техническое обслуживание".as_bytes(), FeedFormat::Txt),
        ("Технічні роботи".as_bytes(), FeedFormat::Txt),
        (b"Site is under maintenance, back soon.", FeedFormat::Txt),
        (b"\xef\xbb\xbfMAINTENANCE\n", FeedFormat::Txt),
    ];
    for (body, format) in cases {
        let feed = read(body);
        assert_eq!(
            feed.status,
            FeedStatus::Maintenance,
            "{}",
            String::from_utf8_lossy(body)
        );
        assert_eq!(feed.format, format);
        assert!(feed.directions.is_empty() && feed.skipped.is_empty());
        assert_eq!(feed.warnings.len(), 1);
    }
    assert!(read(&fixture("xml_maintenance.xml")).warnings[0].contains("\"Maintenance\""));
}

#[test]
fn other_short_answers_are_not_maintenance_but_errors() {
    // What a wrong URL, a wrong hash or key, or a file that is no feed gives: nothing of §9.
    // Taking them for maintenance would hide the problem (no failure counted, nothing to fix).
    for (body, looked_like) in [
        (&b"relay-host-01\n"[..], "text"), // /etc/hostname
        (b"404 page not found\n", "text"),
        (b"Unauthorized", "text"),
        (b"Forbidden: invalid hcron hash", "text"),
        (b"OK", "text"),
        (b"{\"error\":\"unauthorized\"}", "JSON"),
        (
            b"{\"error\": 1, \"error_text\": \"REST API key error\"}",
            "JSON",
        ),
        (b"{\"error\": 1, \"error_text\": \"Api disabled\"}", "JSON"),
        (
            b"{\"status\": \"error\", \"message\": \"Not Found\"}",
            "JSON",
        ),
        (b"{\"message\": \"Maintenance\"}", "JSON"),
        (b"[\"unauthorized\"]", "JSON"),
        (b"[1, 2, 3]", "JSON"),
        (b"[\"error\", \"a\", \"b\"]", "JSON"),
        (b"<response><error>unauthorized</error></response>", "XML"),
    ] {
        match parse_feed(body, None) {
            Err(FeedError::NotAFeed { looked_like: l, .. }) => {
                assert_eq!(l, looked_like, "{}", String::from_utf8_lossy(body))
            }
            other => panic!("{}: {other:?}", String::from_utf8_lossy(body)),
        }
    }
    // The reason names what was seen, never the upstream's text.
    let e = parse_feed(b"{\"error\":\"unauthorized\"}", None).unwrap_err();
    let FeedError::NotAFeed { reason, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(reason.contains("error"), "{reason}");
    assert!(!reason.contains("unauthorized"), "{reason}");
}

#[test]
fn empty_feeds_are_empty_not_errors() {
    let feed = read(&fixture("xml_empty_rates.xml"));
    assert_eq!(
        (feed.status, feed.format),
        (FeedStatus::Empty, FeedFormat::XmlV10)
    );
    assert_eq!(read(b"<rates></rates>").status, FeedStatus::Empty);
    assert_eq!(read(b"[]").status, FeedStatus::Empty);
    assert_eq!(read(b"{\"rates\": []}").status, FeedStatus::Empty);
    // Every item unusable: empty, with each one reported.
    let feed = read(b"<rates><item><from>A</from><to>B</to><in>0</in><out>1</out></item></rates>");
    assert_eq!(feed.status, FeedStatus::Empty);
    assert_eq!(feed.skipped.len(), 1);
}

#[test]
fn html_pages_are_errors_with_their_title() {
    match parse_feed(&fixture("html_page.html"), Some("text/html")) {
        Err(FeedError::HtmlPage { title }) => {
            assert_eq!(title.as_deref(), Some("Just a moment..."))
        }
        other => panic!("{other:?}"),
    }
    let e = parse_feed(b"<html><body>403 Forbidden</body></html>", None).unwrap_err();
    assert_eq!(e, FeedError::HtmlPage { title: None });
    assert_eq!(e.to_string(), "got an HTML page instead of a rates feed");
    // A feed nested in an HTML page is still read, with a warning.
    let feed =
        read(b"<html><body><rates><item><from>A</from><to>B</to><in>1</in><out>2</out></item></rates></body></html>");
    assert_eq!(feed.directions.len(), 1);
    assert!(feed.warnings[0].contains("HTML"));
}

#[test]
fn non_feeds_are_errors_quoting_their_start() {
    assert_eq!(parse_feed(b"", None), Err(FeedError::EmptyBody));
    assert_eq!(parse_feed(b" \r\n\t ", None), Err(FeedError::EmptyBody));
    for (body, looked_like) in [
        (&b"{\"version\": \"1.3\", \"exchange\": {"[..], "JSON"),
        (b"{\"hello\": \"world\"}", "JSON"),
        (b"<note><to>Tove</to></note>", "XML"),
        (
            b"Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit.\nSed do eiusmod.",
            "text",
        ),
        (b"\x00\x01\x02\x03binary\x00junk\nmore", "text"),
    ] {
        match parse_feed(body, None) {
            Err(FeedError::NotAFeed {
                looked_like: l,
                start,
                ..
            }) => {
                assert_eq!(l, looked_like, "{}", String::from_utf8_lossy(body));
                let head: String = String::from_utf8_lossy(body).chars().take(5).collect();
                assert!(start.starts_with(head.trim_start()), "{start:?}");
            }
            other => panic!("{}: {other:?}", String::from_utf8_lossy(body)),
        }
    }
    let e = parse_feed(b"{\"a\": }", None).unwrap_err();
    assert!(e.to_string().contains("invalid JSON at byte 6"), "{e}");
}

#[test]
fn robust_xml_wrappers_whitespace_case_duplicates_and_bad_values() {
    let feed = read(&fixture("xml_robust.xml"));
    assert_eq!(feed.format, FeedFormat::XmlV10);
    let pairs: Vec<_> = feed
        .directions
        .iter()
        .map(|x| (x.from.as_str(), x.to.as_str(), x.city.as_deref()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("BTC", "SBERRUB", None),
            ("USDTTRC20", "CASHUSD", Some("MSK")),
            ("USDTTRC20", "CASHUSD", Some("SPB")),
            ("ETH", "SBERRUB", None),
            ("TRX", "USDTTRC20", None),
            ("SOL", "USDTTRC20", None),
        ]
    );
    // Upper-case names, trailing spaces in codes, non-breaking spaces in numbers.
    let btc = &feed.directions[0];
    assert_eq!(
        (btc.out, btc.reserve, btc.max),
        (d("5749836.5"), Some(d("627316716.73")), Some(d("13.89")))
    );
    // The first of a duplicated pair is kept; the cash pair keeps one per city.
    assert_eq!(feed.directions[1].out, d("0.99"));
    assert_eq!(
        feed.directions[3].out,
        d("300000"),
        "non-cash pair: the copy without city wins"
    );
    // min above max: kept, reported.
    assert!(feed.directions[4].limits_inconsistent());
    assert_eq!(
        feed.directions[5].out,
        d("150"),
        "unclosed item at the end is recovered"
    );

    let skipped = skipped_rows(&feed);
    assert_eq!(
        skipped,
        [
            (1, None, None),
            (4, None, None),
            (5, Some("city"), Some("MSK")),
            (7, Some("in"), Some("0")),
            (8, Some("out"), None),
            (9, Some("from"), None),
            (10, Some("in"), Some("abc")),
        ]
    );
    assert!(
        feed.skipped[0].reason.contains("duplicate") && feed.skipped[0].reason.contains("item 0")
    );
    assert!(feed.skipped[3].reason.contains("zero"));
    let w = &feed.warnings;
    assert!(w[0].contains("bytes of text before the XML"), "{w:?}");
    assert!(w.iter().any(|x| x.contains("amount \"oops\"")));
    assert!(w.iter().any(|x| x.contains("min is above max")));
    assert!(w.iter().any(|x| x.contains("not closed")));
}

#[test]
fn windows_1251_and_utf16_documents() {
    let mut body = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><rates><item><from>CASHRUB</from><to>BTC</to><in>6000000</in><out>1</out><city>".to_vec();
    body.extend_from_slice(b"\xcc\xee\xf1\xea\xe2\xe0"); // "Москва"
    body.extend_from_slice(b"</city><param>manual</param></item></rates>");
    let feed = read(&body);
    assert_eq!(feed.directions[0].city.as_deref(), Some("Москва"));
    assert!(feed.warnings.is_empty());

    let text = "<rates><item><from>A</from><to>B</to><in>1</in><out>2</out></item></rates>";
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    assert_eq!(read(&utf16).directions[0].out, d("2"));

    // Undecodable bytes: read anyway, with a warning.
    let feed =
        read(b"<rates><item><from>A\x80</from><to>B</to><in>1</in><out>2</out></item></rates>");
    assert_eq!(feed.directions[0].from, "A\u{fffd}");
    assert!(feed.warnings[0].contains("UTF-8"));
    // Undeclared windows-1251 (a TXT feed with a city in Cyrillic) is recognised.
    let feed = read(b"BTC;CASHRUB;1;6000000;100;\xcc\xee\xf1\xea\xe2\xe0;\n");
    assert_eq!(feed.directions[0].city.as_deref(), Some("Москва"));
    assert!(feed.warnings[0].contains("windows-1251"));
}

#[test]
fn json_after_a_server_warning_and_junk_after_it() {
    let body = b"<br />\n<b>Warning</b>:  Undefined variable in <b>/var/www/x.php</b> on line <b>3</b><br />\n[{\"from\":\"A\",\"to\":\"B\",\"in\":1,\"out\":2}]\n<!-- 0.2s -->";
    let feed = read(body);
    assert_eq!(feed.format, FeedFormat::JsonItems);
    assert_eq!(feed.directions.len(), 1);
    assert!(
        feed.warnings[0].contains("before the JSON"),
        "{:?}",
        feed.warnings
    );
    assert!(
        feed.warnings[1].contains("after the JSON"),
        "{:?}",
        feed.warnings
    );
}

#[test]
fn xml_items_with_attributes_and_namespaces() {
    let feed = read(b"<x:rates xmlns:x='u'><x:item from='A' to='B' in='1' out='3'/><x:item><x:from>C</x:from><x:to>D</x:to><x:in>1</x:in><x:out>4</x:out></x:item></x:rates>");
    assert_eq!(feed.directions.len(), 2);
    assert_eq!(feed.directions[0].out, d("3"));
    assert_eq!(feed.directions[1].to, "D");
}

#[test]
fn inline_markup_inside_a_field_is_its_text() {
    let feed = read(b"<rates><item><from><b>BTC</b></from><to><span class='c'>CASHRUB</span></to><in>1</in><out>6000000</out><city><br/>MSK</city><plugin><x>1</x></plugin></item></rates>");
    let x = &feed.directions[0];
    assert_eq!(
        (x.from.as_str(), x.to.as_str(), x.city.as_deref()),
        ("BTC", "CASHRUB", Some("MSK"))
    );
    assert!(x.flags.is_empty(), "{:?}", x.flags);
}

#[test]
fn same_currency_and_negative_values_are_dropped_or_ignored() {
    let feed = read(b"A;A;1;1;5\nA;B;-1;2;5\nA;C;1;2;-5\n");
    assert_eq!(feed.directions.len(), 1);
    assert_eq!(feed.directions[0].reserve, None, "negative reserve ignored");
    let reasons: Vec<_> = feed.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(
        reasons,
        ["from and to are the same currency", "in is negative"]
    );
}

#[test]
fn content_type_does_not_decide() {
    let json = br#"[{"from":"A","to":"B","in":1,"out":2}]"#;
    assert_eq!(
        parse_feed(json, Some("text/xml")).unwrap().format,
        FeedFormat::JsonItems
    );
    assert_eq!(
        parse_feed(b"A;B;1;2;3;", Some("application/json"))
            .unwrap()
            .format,
        FeedFormat::Txt
    );
}
