//! Compare mode: offers of several exchangers for one pair, ranked for the amount typed.

mod common;

use common::*;
use ratelink_core::compare::{alias_target, rank_offers, Offer};
use ratelink_core::quote::LimitProblem;
use ratelink_core::{Direction, Fee};

fn offer_dir(out: &str, reserve: &str, min: &str, max: &str) -> Direction {
    let mut dir = Direction::new("BTC", "SBERRUB", d("1"), d(out));
    dir.reserve = Some(d(reserve));
    dir.min = Some(d(min));
    dir.max = Some(d(max));
    dir
}

fn order(offers: &[Offer<'_>], give: &str) -> Vec<String> {
    rank_offers(offers, d(give))
        .iter()
        .map(|r| offers[r.index].exchanger.to_string())
        .collect()
}

#[test]
fn should_put_the_most_received_first() {
    let a = offer_dir("5700000", "900000000", "0.001", "10");
    let b = offer_dir("5750000", "900000000", "0.001", "10");
    let c = offer_dir("5600000", "900000000", "0.001", "10");
    let offers = [
        Offer {
            exchanger: "a",
            direction: &a,
            stale: false,
        },
        Offer {
            exchanger: "b",
            direction: &b,
            stale: false,
        },
        Offer {
            exchanger: "c",
            direction: &c,
            stale: false,
        },
    ];
    assert_eq!(order(&offers, "0.5"), ["b", "a", "c"]);
    let ranked = rank_offers(&offers, d("0.5"));
    assert_eq!(ranked[0].quote.get, d("2875000"));
    assert!(ranked.iter().all(|r| r.fits()));
}

#[test]
fn should_rank_by_what_is_received_after_fees_not_by_the_headline_rate() {
    // b has the better rate but a 2 % fee on what is sent out: a pays more for 0.5 BTC.
    let a = offer_dir("5700000", "900000000", "0.001", "10");
    let mut b = offer_dir("5750000", "900000000", "0.001", "10");
    b.to_fee = Fee {
        percent: d("2"),
        fixed: d("0"),
    };
    let offers = [
        Offer {
            exchanger: "b",
            direction: &b,
            stale: false,
        },
        Offer {
            exchanger: "a",
            direction: &a,
            stale: false,
        },
    ];
    assert_eq!(order(&offers, "0.5"), ["a", "b"]);
}

#[test]
fn should_move_offers_that_cannot_take_the_amount_after_the_rest_with_reasons() {
    let best_but_small_max = offer_dir("5900000", "900000000", "0.001", "0.1");
    let best_but_low_reserve = offer_dir("5800000", "1000", "0.001", "10");
    let high_min = offer_dir("5750000", "900000000", "1", "10");
    let ok = offer_dir("5500000", "900000000", "0.001", "10");
    let offers = [
        Offer {
            exchanger: "max",
            direction: &best_but_small_max,
            stale: false,
        },
        Offer {
            exchanger: "reserve",
            direction: &best_but_low_reserve,
            stale: false,
        },
        Offer {
            exchanger: "min",
            direction: &high_min,
            stale: false,
        },
        Offer {
            exchanger: "ok",
            direction: &ok,
            stale: false,
        },
    ];
    let ranked = rank_offers(&offers, d("0.5"));
    let names: Vec<&str> = ranked.iter().map(|r| offers[r.index].exchanger).collect();
    assert_eq!(names, ["ok", "max", "reserve", "min"]);
    assert!(ranked[0].fits());
    assert!(matches!(
        ranked[1].reasons(),
        [LimitProblem::AboveMax { .. }]
    ));
    assert!(matches!(
        ranked[2].reasons(),
        [LimitProblem::AboveReserve { .. }]
    ));
    assert!(matches!(
        ranked[3].reasons(),
        [LimitProblem::BelowMin { .. }]
    ));
    // 0.05 BTC is under the small maximum, so that offer leads; the reserve (1,000 RUB) and the
    // 1 BTC minimum still refuse it.
    let names: Vec<String> = order(&offers, "0.05");
    assert_eq!(names, ["max", "ok", "reserve", "min"]);
}

#[test]
fn should_break_ties_fresh_before_stale_then_by_exchanger_id() {
    let x = offer_dir("5700000", "900000000", "0.001", "10");
    let offers = [
        Offer {
            exchanger: "zeta",
            direction: &x,
            stale: false,
        },
        Offer {
            exchanger: "alpha",
            direction: &x,
            stale: true,
        },
        Offer {
            exchanger: "beta",
            direction: &x,
            stale: false,
        },
    ];
    assert_eq!(order(&offers, "0.5"), ["beta", "zeta", "alpha"]);
}

#[test]
fn should_keep_a_better_stale_offer_ahead_of_a_worse_fresh_one_but_marked() {
    let better = offer_dir("5800000", "900000000", "0.001", "10");
    let worse = offer_dir("5700000", "900000000", "0.001", "10");
    let offers = [
        Offer {
            exchanger: "fresh",
            direction: &worse,
            stale: false,
        },
        Offer {
            exchanger: "stale",
            direction: &better,
            stale: true,
        },
    ];
    let ranked = rank_offers(&offers, d("0.5"));
    assert_eq!(offers[ranked[0].index].exchanger, "stale");
    assert!(
        offers[ranked[0].index].stale,
        "the caller shows it as stale"
    );
}

#[test]
fn should_rank_no_offers_and_zero_amounts_without_panicking() {
    assert!(rank_offers(&[], d("1")).is_empty());
    let x = offer_dir("5700000", "900000000", "0.001", "10");
    let offers = [Offer {
        exchanger: "x",
        direction: &x,
        stale: false,
    }];
    let ranked = rank_offers(&offers, d("0"));
    assert!(!ranked[0].fits());
    assert!(ranked[0].reasons().contains(&LimitProblem::ZeroOrNegative));
}

#[test]
fn should_name_the_catalogue_code_for_an_alias_only() {
    assert_eq!(alias_target("USDTTRC").as_deref(), Some("USDTTRC20"));
    assert_eq!(alias_target("USDTTRC20"), None);
    assert_eq!(
        alias_target("NOTACODE42"),
        None,
        "unknown codes are matched as written"
    );
}

// The `/compare` document reader.

use ratelink_core::compare::read_compare;
use ratelink_core::FeedError;

const DOC: &str = r#"{"format":"compare",
 "exchangers":[
  {"id":"alpha","title":"Alpha Exchange","exchanger":"https://alpha.example/","ref":"A1B2","link_template":null,
   "fetched_at":"2026-11-29T10:00:00Z","stale":false,"directions":2,"error":null},
  {"id":"beta","title":"Beta","exchanger":"https://beta.example","ref":"B 7","link_template":null,
   "fetched_at":"2026-11-29T09:00:00Z","stale":true,"directions":1,"error":null},
  {"id":"gamma","title":"Gamma","exchanger":"https://gamma.example","ref":"G9","link_template":null,
   "fetched_at":null,"stale":false,"directions":0,"error":{"kind":"network","message":"timed out after 10 s"}},
  {"id":"evil","title":"Evil","exchanger":"javascript:alert(1)","ref":"E","link_template":null,
   "stale":false,"directions":1,"error":null},
  {"id":"tpl","title":"Templated","exchanger":"https://tpl.example","ref":"T1",
   "link_template":"{base}/go?from={from}&to={to}&partner={ref}","stale":false,"error":null}
 ],
 "directions":[
  {"from":"BTC","to":"SBERRUB","in":"1","out":"5800000","reserve":"40000000","min":"0.001","max":"0.1","exchanger":"alpha"},
  {"from":"BTC","to":"SBERRUB","in":"1","out":"5790000","to_fee":{"fixed":"3000"},"flags":["manual"],"exchanger":"beta"},
  {"from":"ETH","to":"SBERRUB","in":"1","out":"298500","exchanger":"alpha"},
  {"from":"BTC","to":"SBERRUB","in":"1","out":"9000000","exchanger":"evil"},
  {"from":"BTC","to":"SBERRUB","in":"0","out":"1","exchanger":"alpha"},
  {"from":"BTC","to":"SBERRUB","in":"1","out":"5000000","exchanger":"nobody"},
  {"from":"BTC","to":"SBERRUB","in":"1","out":"5700000","exchanger":"tpl"}
 ],
 "names":{"BTC":{"en":"Bitcoin","ru":"Биткоин","category":"crypto"},"SBERRUB":{"en":"Sberbank","category":"bank"}},
 "aliases":[{"exchanger":"beta","code":"SBRF","as":"SBERRUB"}],
 "icons":"/compare/icons.0a1b2c.svg"}"#;

#[test]
fn should_read_exchangers_with_titles_stale_marks_and_errors() {
    let doc = read_compare(DOC).unwrap();
    let ids: Vec<&str> = doc.exchangers.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["alpha", "beta", "gamma", "evil", "tpl"]);
    let [alpha, beta, gamma, ..] = &doc.exchangers[..] else {
        panic!("five exchangers")
    };
    assert_eq!(alpha.title, "Alpha Exchange");
    assert!(!alpha.stale && beta.stale);
    assert_eq!(alpha.problem(), None);
    assert_eq!(gamma.error.as_deref(), Some("timed out after 10 s"));
    assert_eq!(gamma.problem(), Some("timed out after 10 s"));
    assert_eq!(
        doc.feed.name_of("BTC").map(|n| n.name_en.to_string()),
        Some("Bitcoin".into())
    );
}

#[test]
fn should_attribute_each_direction_to_its_exchanger() {
    let doc = read_compare(DOC).unwrap();
    let rows: Vec<(String, &str, &str)> = doc
        .feed
        .directions
        .iter()
        .zip(&doc.owners)
        .map(|(d, &o)| {
            (
                doc.exchangers[o as usize].id.clone(),
                d.from.as_str(),
                d.to.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("alpha".to_string(), "BTC", "SBERRUB"),
            ("beta".to_string(), "BTC", "SBERRUB"),
            ("alpha".to_string(), "ETH", "SBERRUB"),
            ("tpl".to_string(), "BTC", "SBERRUB"),
        ]
    );
    // Read exactly as a feed's direction: limits, fees, flags.
    assert_eq!(doc.feed.directions[0].max, Some(d("0.1")));
    assert_eq!(doc.feed.directions[1].to_fee.fixed, d("3000"));
    assert_eq!(doc.feed.directions[1].flags, ["manual"]);
    // The unreadable one and the one of an unlisted exchanger are left out.
    assert_eq!(doc.owners.len(), 4);
}

#[test]
fn should_refuse_a_hostile_base_url_and_drop_its_offers() {
    let doc = read_compare(DOC).unwrap();
    let evil = doc.exchangers.iter().find(|e| e.id == "evil").unwrap();
    assert!(evil.link.is_err());
    assert!(
        evil.problem().unwrap().contains("http"),
        "{:?}",
        evil.problem()
    );
    assert_eq!(evil.href("BTC", "SBERRUB"), None);
    assert!(
        !doc.feed.directions.iter().any(|x| x.out == d("9000000")),
        "the 9,000,000 offer had no safe link"
    );
    for bad in [
        "ftp://x.example",
        "//x.example",
        "https://user:pw@x.example",
        "https://x.example/?a=1",
        "",
    ] {
        let text = DOC.replacen("https://alpha.example/", bad, 1);
        let doc = read_compare(&text).unwrap();
        assert!(doc.exchangers[0].link.is_err(), "{bad:?} accepted");
        assert!(
            doc.owners.iter().all(|&o| o != 0),
            "{bad:?}: its offers stay out"
        );
    }
}

#[test]
fn should_build_each_exchangers_own_link_with_its_ref_template_and_codes() {
    let doc = read_compare(DOC).unwrap();
    let href = |id: &str| {
        doc.exchangers
            .iter()
            .find(|e| e.id == id)
            .and_then(|e| e.href("BTC", "SBERRUB"))
    };
    assert_eq!(
        href("alpha").as_deref(),
        Some("https://alpha.example/ref/A1B2/?cur_from=BTC&cur_to=SBERRUB")
    );
    // beta writes SBERRUB as SBRF: its link uses its own code; its ref is encoded.
    assert_eq!(
        href("beta").as_deref(),
        Some("https://beta.example/ref/B%207/?cur_from=BTC&cur_to=SBRF")
    );
    assert_eq!(
        href("tpl").as_deref(),
        Some("https://tpl.example/go?from=BTC&to=SBERRUB&partner=T1")
    );
}

#[test]
fn should_tolerate_missing_fields_and_refuse_what_is_not_a_compare_document() {
    let doc = read_compare(
        r#"{"format":"compare","exchangers":[{"id":"a","exchanger":"https://a.example","ref":"R"},{"title":"no id"}],
            "directions":[{"from":"BTC","to":"ETH","in":"1","out":"30","exchanger":"a"}]}"#,
    )
    .unwrap();
    assert_eq!(doc.exchangers.len(), 1);
    assert_eq!(
        doc.exchangers[0].title, "a",
        "the id stands in for a missing title"
    );
    assert!(!doc.exchangers[0].stale);
    assert_eq!(doc.exchangers[0].error, None);
    assert!(doc.feed.names.is_empty());
    assert_eq!(doc.owners, [0]);
    // An exchanger without ref cannot earn: reported, its offers dropped.
    let doc = read_compare(
        r#"{"format":"compare","exchangers":[{"id":"a","exchanger":"https://a.example"}],
            "directions":[{"from":"BTC","to":"ETH","in":"1","out":"30","exchanger":"a"}]}"#,
    )
    .unwrap();
    assert!(doc.exchangers[0]
        .problem()
        .unwrap()
        .contains("partner code"));
    assert!(doc.feed.directions.is_empty());
    assert!(matches!(
        read_compare(r#"{"format":"compare","exchangers":[]}"#),
        Err(FeedError::NotAFeed { .. })
    ));
    assert!(matches!(
        read_compare(r#"{"format":"xml-1.0","directions":[]}"#),
        Err(FeedError::NotAFeed { .. })
    ));
    assert!(matches!(
        read_compare("  "),
        Err(FeedError::NotAFeed { .. })
    ));
    assert!(read_compare("<html>").is_err());
    assert!(read_compare(r#"{"format":"compare","directions":[{"#).is_err());
}

#[test]
fn should_bound_the_number_of_exchangers() {
    let many: Vec<String> = (0..150)
        .map(|i| format!(r#"{{"id":"x{i}","exchanger":"https://x{i}.example","ref":"R"}}"#))
        .collect();
    let text = format!(
        r#"{{"format":"compare","exchangers":[{}],"directions":[]}}"#,
        many.join(",")
    );
    let doc = read_compare(&text).unwrap();
    assert_eq!(doc.exchangers.len(), ratelink_core::compare::MAX_EXCHANGERS);
    assert_eq!(doc.exchangers[99].id, "x99");
}

#[test]
fn should_read_the_document_in_any_key_order() {
    let doc = read_compare(
        r#"{"aliases":[],"directions":[{"exchanger":"a","from":"BTC","to":"ETH","in":"1","out":"30"}],
            "exchangers":[{"ref":"R","exchanger":"https://a.example","id":"a"}],"format":"compare"}"#,
    )
    .unwrap();
    assert_eq!(doc.owners, [0]);
    assert_eq!(
        doc.exchangers[0].href("BTC", "ETH").as_deref(),
        Some("https://a.example/ref/R/?cur_from=BTC&cur_to=ETH")
    );
}

#[test]
fn should_name_the_limit_closest_to_the_amount_when_no_offer_takes_it() {
    use ratelink_core::compare::closest_limit;
    // The demo's three: Alpha 0.001–0.1, Beta 0.002–0.5, Gamma 0.0005–20 BTC.
    let (alpha, beta, gamma) = (
        offer_dir("6000000", "900000000", "0.001", "0.1"),
        offer_dir("5900000", "900000000", "0.002", "0.5"),
        offer_dir("5800000", "900000000", "0.0005", "20"),
    );
    let offers = [
        Offer {
            exchanger: "alpha",
            direction: &alpha,
            stale: false,
        },
        Offer {
            exchanger: "beta",
            direction: &beta,
            stale: false,
        },
        Offer {
            exchanger: "gamma",
            direction: &gamma,
            stale: false,
        },
    ];
    let closest = |give: &str| {
        let ranked = rank_offers(&offers, d(give));
        let rows = ranked.iter().map(|r| (offers[r.index].direction, &r.quote));
        closest_limit(rows, d(give)).map(|(i, p)| (offers[ranked[i].index].exchanger, p.clone()))
    };
    // Too much for all: the highest maximum, not the top-ranked row's.
    assert_eq!(
        closest("30"),
        Some(("gamma", LimitProblem::AboveMax { max: d("20") }))
    );
    // Too little for all: the lowest minimum.
    assert_eq!(
        closest("0.0001"),
        Some(("gamma", LimitProblem::BelowMin { min: d("0.0005") }))
    );
    // An offer fits: nothing to name.
    assert_eq!(closest("0.05"), None);

    // Too little for one, too much for another: the nearer by ratio.
    let small = offer_dir("6000000", "900000000", "0", "0.01");
    let big = offer_dir("6000000", "900000000", "1", "0");
    let two = [
        Offer {
            exchanger: "small",
            direction: &small,
            stale: false,
        },
        Offer {
            exchanger: "big",
            direction: &big,
            stale: false,
        },
    ];
    let near = |give: &str| {
        let ranked = rank_offers(&two, d(give));
        let rows = ranked.iter().map(|r| (two[r.index].direction, &r.quote));
        closest_limit(rows, d(give)).map(|(i, _)| two[ranked[i].index].exchanger)
    };
    assert_eq!(
        near("0.02"),
        Some("small"),
        "0.02 is 2× the 0.01 maximum, 50× below the minimum of 1"
    );
    assert_eq!(
        near("0.5"),
        Some("big"),
        "0.5 is 2× below 1, 50× above 0.01"
    );

    // The reserve binds before a higher maximum, counted as the amount that reaches it.
    let mut low_reserve = offer_dir("6000000", "60000", "0", "100");
    low_reserve.min = None;
    let one = [Offer {
        exchanger: "r",
        direction: &low_reserve,
        stale: false,
    }];
    let ranked = rank_offers(&one, d("1"));
    let (_, p) = closest_limit(ranked.iter().map(|r| (&low_reserve, &r.quote)), d("1")).unwrap();
    assert_eq!(
        p,
        &LimitProblem::AboveReserve {
            reserve: d("60000")
        }
    );
}
