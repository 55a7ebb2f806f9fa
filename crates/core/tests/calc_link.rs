//! Affiliate link building and configuration checks.

use ratelink_core::link::{encode_component, LinkBuilder, LinkError};

#[test]
fn default_link_is_ref_path_with_cur_from_and_cur_to() {
    let b = LinkBuilder::new("https://exchanger.example", "XXXX", None).unwrap();
    assert_eq!(
        b.href("BTC", "SBERRUB"),
        "https://exchanger.example/ref/XXXX/?cur_from=BTC&cur_to=SBERRUB"
    );
}

#[test]
fn trailing_slashes_on_the_base_are_not_doubled() {
    let b = LinkBuilder::new("https://exchanger.example/", "42", None).unwrap();
    assert_eq!(
        b.href("BTC", "ETH"),
        "https://exchanger.example/ref/42/?cur_from=BTC&cur_to=ETH"
    );
    let b = LinkBuilder::new("  https://exchanger.example/en//  ", "42", None).unwrap();
    assert_eq!(
        b.href("BTC", "ETH"),
        "https://exchanger.example/en/ref/42/?cur_from=BTC&cur_to=ETH"
    );
}

#[test]
fn codes_pass_through_unchanged_but_percent_encoded() {
    let b = LinkBuilder::new("https://x.example", "r", None).unwrap();
    // Case and drifted spellings are kept exactly as in the feed.
    assert_eq!(
        b.href("usdtTRC", "CashRUB"),
        "https://x.example/ref/r/?cur_from=usdtTRC&cur_to=CashRUB"
    );
    assert_eq!(
        b.href("A&B=C", "x y/ü"),
        "https://x.example/ref/r/?cur_from=A%26B%3DC&cur_to=x%20y%2F%C3%BC"
    );
    assert_eq!(encode_component("Az09-._~"), "Az09-._~");
    assert_eq!(encode_component("#?%+"), "%23%3F%25%2B");
}

#[test]
fn ref_code_is_encoded_too() {
    let b = LinkBuilder::new("https://x.example", "a b/c?", None).unwrap();
    assert_eq!(
        b.href("BTC", "ETH"),
        "https://x.example/ref/a%20b%2Fc%3F/?cur_from=BTC&cur_to=ETH"
    );
    assert_eq!(b.ref_code(), "a b/c?");
}

#[test]
fn premium_template_puts_ref_in_rid() {
    let b = LinkBuilder::new(
        "https://premium.example/",
        "777",
        Some("{base}/?rid={ref}&cur_from={from}&cur_to={to}"),
    )
    .unwrap();
    assert_eq!(
        b.href("PMUSD", "BTC"),
        "https://premium.example/?rid=777&cur_from=PMUSD&cur_to=BTC"
    );
}

#[test]
fn template_may_spell_out_its_own_host() {
    let b = LinkBuilder::new(
        "https://a.example",
        "9",
        Some("https://b.example/go?r={ref}&f={from}&t={to}"),
    )
    .unwrap();
    assert_eq!(b.href("BTC", "ETH"), "https://b.example/go?r=9&f=BTC&t=ETH");
}

#[test]
fn scheme_is_case_insensitive_and_http_is_allowed() {
    let b = LinkBuilder::new("HTTPS://Exchanger.example:8443/path", "r", None).unwrap();
    assert_eq!(b.base(), "https://Exchanger.example:8443/path");
    assert!(LinkBuilder::new("http://exchanger.example", "r", None).is_ok());
}

#[test]
fn non_http_bases_are_refused() {
    for bad in [
        "javascript:alert(1)",
        "data:text/html,hi",
        "/relative/path",
        "exchanger.example",
        "ftp://x.example",
        "//x.example",
    ] {
        let err = LinkBuilder::new(bad, "r", None).unwrap_err();
        assert!(matches!(err, LinkError::NotHttp { .. }), "{bad}: {err:?}");
        assert!(err.to_string().contains("http:// or https://"), "{err}");
    }
    assert_eq!(
        LinkBuilder::new("", "r", None).unwrap_err(),
        LinkError::EmptyBase
    );
    assert_eq!(
        LinkBuilder::new("   ", "r", None).unwrap_err(),
        LinkError::EmptyBase
    );
}

#[test]
fn base_without_host_is_refused() {
    for bad in ["https://", "https:///path", "http://:80/"] {
        let err = LinkBuilder::new(bad, "r", None).unwrap_err();
        assert!(matches!(err, LinkError::NoHost { .. }), "{bad}: {err:?}");
    }
}

#[test]
fn base_with_user_info_is_refused() {
    let err = LinkBuilder::new("https://good.example@evil.example/", "r", None).unwrap_err();
    assert!(matches!(err, LinkError::UserInfo { .. }), "{err:?}");
    assert!(err.to_string().contains("user name or password"));
}

#[test]
fn base_with_query_or_unsafe_characters_is_refused() {
    assert!(matches!(
        LinkBuilder::new("https://x.example/?a=1", "r", None),
        Err(LinkError::QueryInBase { .. })
    ));
    assert!(matches!(
        LinkBuilder::new("https://x.example/#top", "r", None),
        Err(LinkError::QueryInBase { .. })
    ));
    assert!(matches!(
        LinkBuilder::new("https://x.example/a\"onclick=", "r", None),
        Err(LinkError::BadCharacter { ch: '"', .. })
    ));
    assert!(matches!(
        LinkBuilder::new("https://x.exa mple", "r", None),
        Err(LinkError::BadCharacter { ch: ' ', .. })
    ));
}

#[test]
fn empty_ref_code_is_refused_when_the_link_uses_it() {
    assert_eq!(
        LinkBuilder::new("https://x.example", "  ", None).unwrap_err(),
        LinkError::EmptyRef
    );
    // A template that carries the partner code literally needs no ref.
    assert!(LinkBuilder::new(
        "https://x.example",
        "",
        Some("{base}/?rid=5&cur_from={from}&cur_to={to}")
    )
    .is_ok());
}

#[test]
fn unknown_placeholders_and_stray_braces_are_refused() {
    let err = LinkBuilder::new(
        "https://x.example",
        "r",
        Some("{base}/?rid={partner}&f={from}"),
    )
    .unwrap_err();
    assert_eq!(
        err,
        LinkError::UnknownPlaceholder {
            name: "partner".into()
        }
    );
    assert!(err.to_string().contains("{partner}"), "{err}");
    assert!(matches!(
        LinkBuilder::new("https://x.example", "r", Some("{base}/?rid={ref")),
        Err(LinkError::UnbalancedBrace { .. })
    ));
    assert!(matches!(
        LinkBuilder::new("https://x.example", "r", Some("{base}/?rid=ref}")),
        Err(LinkError::UnbalancedBrace { .. })
    ));
}

#[test]
fn template_that_is_not_an_http_link_is_refused() {
    let err = LinkBuilder::new("https://x.example", "r", Some("javascript:{base}")).unwrap_err();
    assert!(
        matches!(&err, LinkError::BadTemplate { cause, .. } if matches!(**cause, LinkError::NotHttp { .. })),
        "{err:?}"
    );
    assert!(matches!(
        LinkBuilder::new("https://x.example", "r", Some("/?rid={ref}")),
        Err(LinkError::BadTemplate { .. })
    ));
}

#[test]
fn error_messages_name_the_problem_readably() {
    let err = LinkBuilder::new("javascript:alert(1)", "r", None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the exchanger URL must start with http:// or https:// (got \"javascript:alert(1)\")"
    );
    let err = LinkBuilder::new("https://x.exa mple", "r", None).unwrap_err();
    assert!(err.to_string().contains("contains a space"), "{err}");
    let err = LinkBuilder::new("https://x.example/\tx", "r", None).unwrap_err();
    assert!(err.to_string().contains("U+0009"), "{err}");
    assert_eq!(
        LinkError::EmptyRef.to_string(),
        "the partner code (ref) is empty"
    );
}

#[test]
fn should_append_the_placement_after_cur_from_and_cur_to() {
    let b = LinkBuilder::new("https://ex.example", "p1", None)
        .and_then(|b| b.with_placement("home", None))
        .expect("valid");
    assert_eq!(
        b.href("BTC", "SBERRUB"),
        "https://ex.example/ref/p1/?cur_from=BTC&cur_to=SBERRUB&utm_content=home"
    );
    assert_eq!(b.placement(), Some("home"));
}

#[test]
fn should_use_the_configured_placement_parameter_and_a_question_mark_when_needed() {
    let b = LinkBuilder::new(
        "https://ex.example",
        "p1",
        Some("{base}/go/{ref}/{from}-{to}"),
    )
    .and_then(|b| b.with_placement("blog.post_1-a", Some("pl")))
    .expect("valid");
    assert_eq!(
        b.href("BTC", "ETH"),
        "https://ex.example/go/p1/BTC-ETH?pl=blog.post_1-a"
    );
}

#[test]
fn should_refuse_placement_names_outside_the_allowed_characters() {
    for bad in ["", "home page", "a\"b", "<x>", "ю", &"a".repeat(65)] {
        let err = LinkBuilder::new("https://ex.example", "p1", None)
            .and_then(|b| b.with_placement(bad, None))
            .expect_err(bad);
        assert!(
            matches!(err, LinkError::BadPlacement { .. }),
            "{bad}: {err:?}"
        );
        assert!(err.to_string().contains("placement"), "{err}");
    }
    assert!(LinkBuilder::new("https://ex.example", "p1", None)
        .and_then(|b| b.with_placement(&"a".repeat(64), None))
        .is_ok());
    let err = LinkBuilder::new("https://ex.example", "p1", None)
        .and_then(|b| b.with_placement("home", Some("utm content")))
        .expect_err("bad param");
    assert!(
        matches!(err, LinkError::BadPlacementParam { .. }),
        "{err:?}"
    );
}

#[test]
fn should_read_query_values_last_one_winning_and_decoded() {
    use ratelink_core::link::{decode_component, query_value};
    assert_eq!(
        query_value("?a=1&b=x%20y&a=2#frag", "a").as_deref(),
        Some("2")
    );
    assert_eq!(query_value("a=1&b=x%20y+z", "b").as_deref(), Some("x y z"));
    assert_eq!(
        query_value("https://s.example/p?utm_content=home", "utm_content").as_deref(),
        Some("home")
    );
    assert_eq!(query_value("a", "a").as_deref(), Some(""));
    assert_eq!(query_value("a=1", "b"), None);
    assert_eq!(decode_component("100%"), "100%");
    assert_eq!(decode_component("%zz%4"), "%zz%4");
    assert_eq!(decode_component("%D0%AE"), "Ю");
}
