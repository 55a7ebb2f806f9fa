//! Quote maths: fees, rounding against the visitor, limits, reserve, the reverse calculation.

mod common;

use common::*;
use proptest::prelude::*;
use ratelink_core::format::Lang;
use ratelink_core::quote::{limits_text, quote_get, quote_give, suggested_amount, LimitProblem};
use ratelink_core::{Decimal, Direction, Fee, FeeSide, FeeStep, Rounding};

fn btc_sber() -> Direction {
    let mut dir = Direction::new("BTC", "SBERRUB", d("1"), d("5749836.5"));
    dir.reserve = Some(d("627316716.73"));
    dir.min = Some(d("0.001739"));
    dir.max = Some(d("13.89"));
    dir
}

#[test]
fn quote_without_fees_is_amount_times_rate_cut_to_cents() {
    let q = quote_give(&btc_sber(), d("0.5"));
    assert_eq!(q.get, d("2874918.25"));
    assert!(q.is_ok(), "{:?}", q.problems);
    assert!(!q.approximate);
    let q = quote_give(&btc_sber(), d("0.00333333"));
    // 0.00333333 * 5749836.5 = 19166.102500545 -> 19166.10
    assert_eq!(q.get, d("19166.10"));
    let q = quote_give(&btc_sber(), d("0.00333334"));
    // 19166.159998910 -> cut to 19166.15, never rounded up to .16.
    assert_eq!(q.get, d("19166.15"));
}

#[test]
fn quote_at_exact_minimum_passes() {
    let q = quote_give(&btc_sber(), d("0.001739"));
    assert!(q.is_ok(), "{:?}", q.problems);
    let q = quote_give(&btc_sber(), d("0.00173899"));
    assert_eq!(
        q.problems,
        vec![LimitProblem::BelowMin { min: d("0.001739") }]
    );
}

#[test]
fn quote_at_exact_maximum_passes_and_above_fails() {
    assert!(quote_give(&btc_sber(), d("13.89")).is_ok());
    let q = quote_give(&btc_sber(), d("13.89000001"));
    assert_eq!(q.problems, vec![LimitProblem::AboveMax { max: d("13.89") }]);
}

#[test]
fn zero_max_means_no_maximum() {
    let mut dir = btc_sber();
    dir.max = Some(Decimal::ZERO);
    assert!(quote_give(&dir, d("100"))
        .problems
        .iter()
        .all(|p| !matches!(p, LimitProblem::AboveMax { .. })));
}

#[test]
fn quote_above_reserve_explains_itself() {
    let mut dir = btc_sber();
    dir.max = None;
    let q = quote_give(&dir, d("200"));
    assert_eq!(
        q.problems,
        vec![LimitProblem::AboveReserve {
            reserve: d("627316716.73")
        }]
    );
    assert_eq!(
        q.problems[0].message(&dir, Lang::En),
        "more than the exchanger's reserve of 627,316,716.73 SBERRUB"
    );
}

#[test]
fn zero_or_negative_amounts_are_problems_not_panics() {
    for amount in ["0", "-1", "0.000000001"] {
        let q = quote_give(&btc_sber(), d(amount));
        assert_eq!(q.problems, vec![LimitProblem::ZeroOrNegative], "{amount}");
        assert_eq!(q.get, Decimal::ZERO);
    }
    assert_eq!(
        quote_get(&btc_sber(), d("0")).problems,
        vec![LimitProblem::ZeroOrNegative]
    );
}

#[test]
fn from_fee_percent_and_fixed_are_taken_from_the_amount_sent() {
    let mut dir = Direction::new("PMUSD", "CASHRUB", d("1"), d("88.5"));
    dir.from_fee = fee("0.5", "1");
    // 100 - (0.5 % of 100 + 1) = 98.5 -> * 88.5 = 8717.25
    let q = quote_give(&dir, d("100"));
    assert_eq!(q.get, d("8717.25"));
    assert!(q.approximate, "percent + fixed: order unknown");
    // Percent only: exact reading, not approximate.
    dir.from_fee = fee("0.5", "0");
    let q = quote_give(&dir, d("100"));
    assert_eq!(q.get, d("8805.75"));
    assert!(!q.approximate);
}

#[test]
fn to_fee_is_taken_from_the_amount_received() {
    let mut dir = Direction::new("USDT", "CASHUSD", d("1"), d("1.2"));
    dir.to_fee = fee("0.01", "0");
    // 1000 * 1.2 = 1200; minus 0.01 % = 0.12 -> 1199.88
    assert_eq!(quote_give(&dir, d("1000")).get, d("1199.88"));
    dir.to_fee = fee("1", "5");
    // 1200 - 12 - 5
    let q = quote_give(&dir, d("1000"));
    assert_eq!(q.get, d("1183"));
    assert!(q.approximate);
}

#[test]
fn min_fee_floors_the_commission_and_marks_the_quote_approximate() {
    let mut dir = Direction::new("PMUSD", "SBERRUB", d("1"), d("90"));
    dir.from_fee = fee("1", "0");
    dir.min_fee = Some(d("5"));
    // 1 % of 100 = 1 < 5: the floor applies -> (100 - 5) * 90
    let q = quote_give(&dir, d("100"));
    assert_eq!(q.get, d("8550"));
    assert!(q.approximate);
    // 1 % of 1000 = 10 > 5: the floor does not bind.
    let q = quote_give(&dir, d("1000"));
    assert_eq!(q.get, d("89100"));
    assert!(!q.approximate);
}

#[test]
fn fee_step_applies_only_inside_its_range() {
    let mut dir = Direction::new("BTC", "USDTTRC20", d("1"), d("60000"));
    dir.fee_steps = vec![FeeStep {
        from_min: Some(d("0.01")),
        from_max: Some(d("0.1")),
        side: FeeSide::To,
        fee: fee("2", "0"),
    }];
    assert_eq!(quote_give(&dir, d("0.005")).get, d("300"));
    // Inside, bounds included: 0.1 * 60000 = 6000 - 2 % = 5880.
    assert_eq!(quote_give(&dir, d("0.1")).get, d("5880"));
    assert_eq!(quote_give(&dir, d("0.01")).get, d("588"));
    assert_eq!(quote_give(&dir, d("0.2")).get, d("12000"));
    assert!(!quote_give(&dir, d("0.1")).approximate);
}

#[test]
fn fee_step_over_a_base_fee_charges_both_and_is_approximate() {
    let mut dir = Direction::new("BTC", "USDTTRC20", d("1"), d("60000"));
    dir.to_fee = fee("1", "0");
    dir.fee_steps = vec![FeeStep {
        from_min: None,
        from_max: Some(d("1")),
        side: FeeSide::To,
        fee: fee("2", "0"),
    }];
    let q = quote_give(&dir, d("0.1"));
    assert_eq!(q.get, d("5820"));
    assert!(q.approximate);
}

#[test]
fn fees_larger_than_the_amount_are_reported() {
    let mut dir = Direction::new("PMUSD", "SBERRUB", d("1"), d("90"));
    dir.from_fee = fee("0", "10");
    let q = quote_give(&dir, d("5"));
    assert!(
        q.problems.contains(&LimitProblem::FeesExceedAmount),
        "{:?}",
        q.problems
    );
    assert_eq!(q.get, Decimal::ZERO);
}

#[test]
fn to_side_limits_are_checked_on_the_amount_received() {
    let mut dir = Direction::new("USDT", "CASHUSD", d("1"), d("1.2"));
    dir.to_min = Some(d("120"));
    dir.to_max = Some(d("1200"));
    assert!(
        quote_give(&dir, d("100")).is_ok(),
        "exactly 120 received passes"
    );
    assert_eq!(
        quote_give(&dir, d("99.99")).problems,
        vec![LimitProblem::BelowToMin { to_min: d("120") }]
    );
    assert_eq!(
        quote_give(&dir, d("1000.01")).problems,
        vec![LimitProblem::AboveToMax { to_max: d("1200") }]
    );
}

#[test]
fn reverse_quote_gives_the_least_amount_that_yields_what_was_asked() {
    let dir = btc_sber();
    let q = quote_get(&dir, d("100000"));
    // 100000 / 5749836.5 = 0.017391798... -> Up to 0.01739180
    assert_eq!(q.give, d("0.0173918"));
    assert!(q.get >= d("100000"));
    let less = quote_give(&dir, d("0.01739179"));
    assert!(less.get < d("100000"));
}

#[test]
fn reverse_quote_with_fees_and_min_fee() {
    let mut dir = Direction::new("PMUSD", "CASHRUB", d("1"), d("88.5"));
    dir.from_fee = fee("0.5", "1");
    dir.to_fee = fee("0", "100");
    dir.min_fee = Some(d("3"));
    for want in ["1", "100", "8717.25", "50000", "123456.78"] {
        let q = quote_get(&dir, d(want));
        assert!(q.get >= d(want), "{want}: {q:?}");
        let cent = d("0.01");
        let less = quote_give(&dir, q.give.checked_sub(&cent).unwrap());
        assert!(less.get < d(want), "{want}: {} is not the least", q.give);
    }
}

#[test]
fn reverse_quote_when_fees_take_everything() {
    let mut dir = Direction::new("PMUSD", "CASHRUB", d("1"), d("88.5"));
    dir.to_fee = fee("100", "0");
    let q = quote_get(&dir, d("100"));
    assert_eq!(q.problems, vec![LimitProblem::FeesExceedAmount]);
}

#[test]
fn negative_fees_are_ignored_rather_than_promised() {
    let mut dir = Direction::new("PMUSD", "SBERRUB", d("1"), d("90"));
    dir.from_fee = fee("-5", "-1");
    let q = quote_give(&dir, d("100"));
    assert_eq!(q.get, d("9000"));
    assert!(q.approximate);
}

#[test]
fn direction_without_rate_is_a_problem_not_a_panic() {
    let dir = Direction::new("BTC", "ETH", d("0"), d("25"));
    assert_eq!(
        quote_give(&dir, d("1")).problems,
        vec![LimitProblem::NoRate]
    );
    assert_eq!(quote_get(&dir, d("1")).problems, vec![LimitProblem::NoRate]);
    let dir = Direction::new("BTC", "ETH", d("1"), d("0"));
    assert_eq!(
        quote_give(&dir, d("1")).problems,
        vec![LimitProblem::NoRate]
    );
    assert_eq!(
        LimitProblem::NoRate.message(&dir, Lang::En),
        "this direction has no rate"
    );
}

#[test]
fn limit_messages_in_both_languages() {
    let dir = Direction::new("BTC", "SBERRUB", d("1"), d("5749836.5"));
    assert_eq!(
        LimitProblem::BelowMin { min: d("0.001") }.message(&dir, Lang::En),
        "minimum 0.001 BTC"
    );
    assert_eq!(
        LimitProblem::BelowMin { min: d("0.001") }.message(&dir, Lang::Ru),
        "минимум 0,001 BTC"
    );
    assert_eq!(
        LimitProblem::AboveMax { max: d("13.89") }.message(&dir, Lang::En),
        "maximum 13.89 BTC"
    );
    assert_eq!(
        LimitProblem::BelowToMin { to_min: d("5000") }.message(&dir, Lang::En),
        "minimum to receive 5,000 SBERRUB"
    );
    assert_eq!(
        LimitProblem::AboveToMax {
            to_max: d("5000.5")
        }
        .message(&dir, Lang::Ru),
        "максимум к получению 5\u{a0}000,50 SBERRUB"
    );
    assert_eq!(
        LimitProblem::ZeroOrNegative.message(&dir, Lang::En),
        "enter an amount above zero"
    );
    assert_eq!(
        LimitProblem::FeesExceedAmount.message(&dir, Lang::Ru),
        "комиссии больше суммы обмена"
    );
    // A minimum with more digits than shown is rounded up, so typing it passes.
    assert_eq!(
        LimitProblem::BelowMin {
            min: d("0.0000000101")
        }
        .message(&dir, Lang::En),
        "minimum 0.00000002 BTC"
    );
}

#[test]
fn limits_text_shows_min_and_max_up_front() {
    let dir = btc_sber();
    assert_eq!(limits_text(&dir, Lang::En), "min 0.001739 – max 13.89 BTC");
    assert_eq!(
        limits_text(&dir, Lang::Ru),
        "мин. 0,001739 – макс. 13,89 BTC"
    );
    let mut only_min = Direction::new("SBERRUB", "BTC", d("5749836.5"), d("1"));
    only_min.min = Some(d("5000"));
    assert_eq!(limits_text(&only_min, Lang::En), "min 5,000 SBERRUB");
    let mut to_side = Direction::new("USDT", "CASHUSD", d("1"), d("1.2"));
    to_side.min = Some(d("100"));
    to_side.to_min = Some(d("120"));
    to_side.to_max = Some(d("1200"));
    assert_eq!(
        limits_text(&to_side, Lang::En),
        "min 100 USDT; receive min 120 – max 1,200 CASHUSD"
    );
    assert_eq!(
        limits_text(&Direction::new("BTC", "ETH", d("1"), d("25")), Lang::En),
        ""
    );
}

#[test]
fn suggested_amount_is_the_minimum_or_a_round_number() {
    assert_eq!(suggested_amount(&btc_sber()), d("0.001739"));
    assert_eq!(
        suggested_amount(&Direction::new("BTC", "ETH", d("1"), d("25"))),
        d("1")
    );
    assert_eq!(
        suggested_amount(&Direction::new("SBERRUB", "BTC", d("5749836.5"), d("1"))),
        d("10000")
    );
    assert_eq!(
        suggested_amount(&Direction::new("PMUSD", "BTC", d("60000"), d("1"))),
        d("100")
    );
    let mut capped = Direction::new("BTC", "ETH", d("1"), d("25"));
    capped.max = Some(d("0.5"));
    assert_eq!(suggested_amount(&capped), d("0.5"));
}

#[test]
fn suggested_amount_fits_the_reserve_with_a_round_number() {
    let mut dir = Direction::new("BTC", "SBERRUB", d("1"), d("5749836.5"));
    dir.reserve = Some(d("100000"));
    // 1 BTC would need 5.7M RUB; 100000 RUB buys 0.01739... BTC -> 0.01.
    let amount = suggested_amount(&dir);
    assert_eq!(amount, d("0.01"));
    assert!(quote_give(&dir, amount).is_ok());
    let mut fiat = Direction::new("SBERRUB", "BTC", d("5749836.5"), d("1"));
    fiat.reserve = Some(d("0.0005"));
    // 10000 RUB would buy 0.00173919 BTC; the reserve allows 2874.92 RUB -> 2000.
    assert_eq!(suggested_amount(&fiat), d("2000"));
}

// ---- properties ----

fn arb_decimal(max_mantissa: i128, max_scale: u32) -> impl Strategy<Value = Decimal> {
    (0..=max_mantissa, 0..=max_scale).prop_map(|(m, s)| Decimal::new(m, s).unwrap())
}

fn arb_direction() -> impl Strategy<Value = Direction> {
    let codes = prop::sample::select(vec!["BTC", "SBERRUB", "USDTTRC20", "PMUSD", "ETH", "XYZ"]);
    (
        codes.clone(),
        codes,
        arb_decimal(10_000_000, 6).prop_filter("in > 0", |v| v.is_positive()),
        arb_decimal(10_000_000_000, 6).prop_filter("out > 0", |v| v.is_positive()),
        arb_decimal(300, 2),
        arb_decimal(10_000, 4),
        arb_decimal(300, 2),
        arb_decimal(10_000, 4),
        proptest::option::of(arb_decimal(10_000, 4)),
    )
        .prop_map(|(from, to, i, o, fp, ff, tp, tf, mf)| {
            let mut dir = Direction::new(from, to, i, o);
            dir.from_fee = Fee {
                percent: fp,
                fixed: ff,
            };
            dir.to_fee = Fee {
                percent: tp,
                fixed: tf,
            };
            dir.min_fee = mf;
            dir
        })
}

fn any_decimal() -> impl Strategy<Value = Decimal> {
    (any::<i128>(), 0u32..=30).prop_map(|(m, s)| Decimal::new(m, s).unwrap())
}

/// Directions with any numbers at all (zero, negative, huge), limits and overlapping steps.
fn arb_wild_direction() -> impl Strategy<Value = Direction> {
    let opt = || proptest::option::of(any_decimal());
    let step = (opt(), opt(), any::<bool>(), any_decimal(), any_decimal()).prop_map(
        |(lo, hi, to, p, f)| FeeStep {
            from_min: lo,
            from_max: hi,
            side: if to { FeeSide::To } else { FeeSide::From },
            fee: Fee {
                percent: p,
                fixed: f,
            },
        },
    );
    (
        (
            any_decimal(),
            any_decimal(),
            any_decimal(),
            any_decimal(),
            any_decimal(),
            any_decimal(),
        ),
        (opt(), opt(), opt(), opt(), opt(), opt()),
        proptest::collection::vec(step, 0..3),
    )
        .prop_map(
            |((i, o, fp, ff, tp, tf), (reserve, min, max, to_min, to_max, min_fee), steps)| {
                let mut dir = Direction::new("BTC", "SBERRUB", i, o);
                dir.from_fee = Fee {
                    percent: fp,
                    fixed: ff,
                };
                dir.to_fee = Fee {
                    percent: tp,
                    fixed: tf,
                };
                (
                    dir.reserve,
                    dir.min,
                    dir.max,
                    dir.to_min,
                    dir.to_max,
                    dir.min_fee,
                ) = (reserve, min, max, to_min, to_max, min_fee);
                dir.fee_steps = steps;
                dir
            },
        )
}

/// The amount received under the documented reading, to 12 decimals (no cut to precision);
/// `None` when the test's own arithmetic overflows.
fn exact_get(dir: &Direction, give: &Decimal) -> Option<Decimal> {
    let from_fee = dir
        .from_fee
        .percent
        .percent_of(give, 12, Rounding::Down)?
        .checked_add(&dir.from_fee.fixed)?;
    let from_fee = match dir.min_fee {
        Some(m) if m > from_fee => m,
        _ => from_fee,
    };
    let exchanged = give.checked_sub(&from_fee)?;
    let x =
        exchanged
            .checked_mul(&dir.out, Rounding::Up)?
            .checked_div(&dir.r#in, 12, Rounding::Up)?;
    let to_fee = dir
        .to_fee
        .percent
        .percent_of(&x, 12, Rounding::Down)?
        .checked_add(&dir.to_fee.fixed)?;
    x.checked_sub(&to_fee)
}

proptest! {
    #![proptest_config(ProptestConfig { max_global_rejects: 100_000, ..ProptestConfig::default() })]

    #[test]
    fn quote_never_promises_more_than_exact_maths(dir in arb_direction(), give in arb_decimal(100_000_000_000, 8)) {
        let q = quote_give(&dir, give);
        if q.get.is_positive() {
            let exact = exact_get(&dir, &q.give);
            prop_assume!(exact.is_some());
            let exact = exact.unwrap();
            prop_assert!(q.get <= exact, "get {} > exact {}", q.get, exact);
        }
    }

    #[test]
    fn quote_without_fees_is_exact_maths_cut_to_precision(
        i in arb_decimal(10_000_000, 6).prop_filter("in > 0", |v| v.is_positive()),
        o in arb_decimal(10_000_000_000, 6).prop_filter("out > 0", |v| v.is_positive()),
        give in arb_decimal(100_000_000_000, 8).prop_filter("give > 0", |v| v.is_positive()),
    ) {
        let dir = Direction::new("BTC", "SBERRUB", i, o);
        let q = quote_give(&dir, give);
        let exact = give.checked_mul(&o, Rounding::Down).unwrap().checked_div(&i, 2, Rounding::Down).unwrap();
        if exact.is_positive() {
            prop_assert_eq!(q.get, exact);
        } else {
            prop_assert_eq!(q.problems, vec![LimitProblem::FeesExceedAmount]);
        }
    }

    #[test]
    fn quote_is_monotone_in_the_amount_given(dir in arb_direction(), a in arb_decimal(10_000_000_000, 8), b in arb_decimal(10_000_000_000, 8)) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(quote_give(&dir, lo).get <= quote_give(&dir, hi).get);
    }

    #[test]
    fn give_get_give_round_trip_stays_within_one_unit(dir in arb_direction(), give in arb_decimal(10_000_000_000, 8)) {
        let first = quote_give(&dir, give);
        prop_assume!(first.get.is_positive());
        let back = quote_get(&dir, first.get);
        // The reverse quote finds an amount that yields at least as much...
        prop_assert!(back.get >= first.get, "{:?} -> {:?}", first, back);
        // ...never more than was given (the given amount already yields it)...
        prop_assert!(back.give <= first.give, "{:?} -> {:?}", first, back);
        // ...and one unit less would not be enough.
        let unit = Decimal::new(1, ratelink_core::format::precision_for(&dir.from)).unwrap();
        let less = quote_give(&dir, back.give.checked_sub(&unit).unwrap());
        prop_assert!(less.get < first.get, "{:?} -> {:?} / {:?}", first, back, less);
    }

    #[test]
    fn reverse_quote_with_fee_steps_always_reaches_the_amount_asked(
        dir in arb_direction(),
        steps in proptest::collection::vec(
            (arb_decimal(1_000_000, 4), arb_decimal(1_000_000, 4), any::<bool>(), arb_decimal(500, 2), arb_decimal(1000, 2)),
            1..3,
        ),
        want in arb_decimal(100_000_000, 2).prop_filter("want > 0", |v| v.is_positive()),
    ) {
        let mut dir = dir;
        dir.fee_steps = steps
            .into_iter()
            .map(|(a, b, to, p, f)| FeeStep {
                from_min: Some(a.min(b)),
                from_max: Some(a.max(b)),
                side: if to { FeeSide::To } else { FeeSide::From },
                fee: Fee { percent: p, fixed: f },
            })
            .collect();
        let q = quote_get(&dir, want);
        let failed = q.problems.iter().any(|p| matches!(p, LimitProblem::FeesExceedAmount | LimitProblem::TooLarge));
        if !failed {
            let shown_want = want.round_dp(ratelink_core::format::precision_for(&dir.to), Rounding::Up);
            prop_assert!(q.get >= shown_want, "{:?} for {}", q, want);
            prop_assert_eq!(quote_give(&dir, q.give).get, q.get);
        }
    }

    #[test]
    fn quotes_never_panic_for_any_decimal(
        dir in arb_wild_direction(),
        m in any::<i128>(),
        s in 0u32..=30,
    ) {
        let amount = Decimal::new(m, s).unwrap();
        let _ = quote_give(&dir, amount);
        let _ = quote_get(&dir, amount);
        let _ = limits_text(&dir, Lang::Ru);
        let _ = suggested_amount(&dir);
    }
}

#[test]
fn limits_in_a_third_currency_are_shown_as_written_and_never_checked() {
    let mut dir = Direction::new("ASD", "ZXC", d("1"), d("3.5"));
    dir.min = Some(d("10"));
    dir.min_unit = Some("USD".into());
    assert_eq!(limits_text(&dir, Lang::En), "min 10 USD");
    assert_eq!(limits_text(&dir, Lang::Ru), "мин. 10 USD");
    // Never compared with the amount typed, on either side, and not used as the suggestion.
    assert!(quote_give(&dir, d("1")).is_ok());
    assert!(quote_get(&dir, d("1")).is_ok());
    assert_eq!(suggested_amount(&dir), d("1"));
    // Written digits are kept (no rounding to the unit's precision); units side by side.
    dir.min = Some(d("10.125"));
    dir.max = Some(d("2000"));
    assert_eq!(limits_text(&dir, Lang::En), "min 10.125 USD, max 2,000 ASD");
    assert!(quote_give(&dir, d("2001"))
        .problems
        .contains(&LimitProblem::AboveMax { max: d("2000") }));
    dir.max_unit = Some("USD".into());
    assert_eq!(limits_text(&dir, Lang::En), "min 10.125 – max 2,000 USD");
    assert!(quote_give(&dir, d("2001")).is_ok());
    // Min above max in two different units is no contradiction.
    dir.max = Some(d("5"));
    dir.max_unit = Some("EUR".into());
    assert!(!dir.limits_inconsistent());
    dir.max_unit = Some("usd".into());
    assert!(dir.limits_inconsistent());
}

#[test]
fn an_amount_too_large_to_compute_leaves_the_other_side_unknown_not_zero() {
    // A minimum fee converted from another currency carries many decimals (as the relay
    // writes it), so 10^23 BTC no longer fits the working precision.
    let mut dir = btc_sber();
    dir.min_fee = Some(d("0.00001728076455632242"));
    let q = quote_give(&dir, d("100000000000000000000000"));
    assert!(
        q.problems.contains(&LimitProblem::TooLarge),
        "{:?}",
        q.problems
    );
    assert!(!q.computed(), "no received amount is claimed");
    let q = quote_get(&dir, d("100000000000000000000000000000"));
    assert!(
        q.problems.contains(&LimitProblem::TooLarge),
        "{:?}",
        q.problems
    );
    assert!(!q.computed());
    let mut no_rate = btc_sber();
    no_rate.out = Decimal::ZERO;
    assert!(!quote_give(&no_rate, d("1")).computed());
    // Limits and fees that take everything are answers: the amounts stand.
    assert!(quote_give(&btc_sber(), d("20")).computed());
    assert!(quote_give(&btc_sber(), d("0.5")).computed());
}
