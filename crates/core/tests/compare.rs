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
