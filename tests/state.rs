//! Host tests of the widget's reducer: defaults, pickers, amounts, limits, refresh and errors.

use std::rc::Rc;

use ratelink::config::{Config, RawConfig};
use ratelink::core_api::{Decimal, Direction, Feed, FeedStatus, Lang};
use ratelink::state::{
    first_fetch_retry_ms, next_fetch_delay_ms, sort_with, window_for, Action, ErrorKind, LoadError,
    Move, Phase, PickerAction, PickerState, Side, State, PAGE,
};
use ratelink_core::FeedFormat;
use yew::Reducible;

fn d(s: &str) -> Decimal {
    Decimal::parse(s).unwrap()
}

fn dir(from: &str, to: &str, r#in: &str, out: &str) -> Direction {
    Direction::new(from, to, d(r#in), d(out))
}

/// A feed as the relay serves it: with the catalogue's names of its currencies.
fn feed(directions: Vec<Direction>) -> Rc<Feed> {
    let mut feed = Feed {
        format: FeedFormat::Normalized,
        status: FeedStatus::Ok,
        directions,
        skipped: vec![],
        warnings: vec![],
        names: vec![],
    };
    feed.name_currencies();
    Rc::new(feed)
}

/// BTC→SBERRUB (limits, reserve), BTC→CARDRUB, BTC→ETH, ETH→SBERRUB, SBERRUB→BTC, PMUSD→BTC,
/// CASHUSD→BTC in two cities.
fn sample() -> Rc<Feed> {
    let mut btc_sber = dir("BTC", "SBERRUB", "1", "5749836.5");
    btc_sber.min = Some(d("0.001"));
    btc_sber.max = Some(d("13.89"));
    btc_sber.reserve = Some(d("627316716.73"));
    btc_sber.flags = vec!["manual".into(), "verifying".into()];
    let mut cash_msk = dir("CASHUSD", "BTC", "61000", "1");
    cash_msk.city = Some("MSK".into());
    let mut cash_spb = dir("CASHUSD", "BTC", "61500", "1");
    cash_spb.city = Some("SPB".into());
    feed(vec![
        btc_sber,
        dir("BTC", "CARDRUB", "1", "5700000"),
        dir("BTC", "ETH", "1", "30"),
        dir("ETH", "SBERRUB", "1", "190000"),
        dir("SBERRUB", "BTC", "5900000", "1"),
        dir("PMUSD", "BTC", "60000", "1"),
        cash_msk,
        cash_spb,
    ])
}

fn config(extra: &[(&str, &str)]) -> Rc<Config> {
    let mut pairs = vec![
        ("exchanger", "https://ex.example"),
        ("ref", "R1"),
        ("feed", "https://relay.example/f"),
    ];
    pairs.extend_from_slice(extra);
    Rc::new(Config::parse(&RawConfig::from_pairs(&pairs)))
}

fn loaded(extra: &[(&str, &str)]) -> Rc<State> {
    Rc::new(State::new(config(extra))).reduce(Action::FeedLoaded {
        feed: sample(),
        at: 1_000.0,
    })
}

fn act(s: Rc<State>, actions: Vec<Action>) -> Rc<State> {
    actions.into_iter().fold(s, |s, a| s.reduce(a))
}

fn pair(s: &State) -> (String, String) {
    (
        s.give.clone().unwrap_or_default(),
        s.get.clone().unwrap_or_default(),
    )
}

#[test]
fn default_pair_is_the_busiest_crypto_to_the_most_received_fiat() {
    let s = loaded(&[]);
    assert_eq!(s.phase, Phase::Ready);
    // BTC has the most directions; SBERRUB is the most received non-crypto currency.
    assert_eq!(pair(&s), ("BTC".into(), "SBERRUB".into()));
    // The starting amount is the minimum.
    assert_eq!(s.amount, "0.001");
    assert_eq!(
        s.href().unwrap(),
        "https://ex.example/ref/R1/?cur_from=BTC&cur_to=SBERRUB"
    );
}

#[test]
fn from_and_to_attributes_choose_the_pair() {
    let s = loaded(&[("from", "eth"), ("to", "SBERRUB")]);
    assert_eq!(pair(&s), ("ETH".into(), "SBERRUB".into()));
    // A `to` not offered from `from` falls back to the best target of `from`.
    let s = loaded(&[("from", "PMUSD"), ("to", "SBERRUB")]);
    assert_eq!(pair(&s), ("PMUSD".into(), "BTC".into()));
    // Only `to`: the give currency with most directions that reaches it.
    let s = loaded(&[("to", "ETH")]);
    assert_eq!(pair(&s), ("BTC".into(), "ETH".into()));
}

#[test]
fn allow_list_and_exclude_limit_the_currencies() {
    let s = loaded(&[("currencies", "ETH SBERRUB")]);
    assert_eq!(pair(&s), ("ETH".into(), "SBERRUB".into()));
    assert_eq!(s.flat_options(Side::Give, ""), vec!["ETH".to_string()]);
    let s = loaded(&[("exclude", "SBERRUB,CARDRUB")]);
    assert_eq!(pair(&s), ("BTC".into(), "ETH".into()));
    assert!(!s
        .flat_options(Side::Give, "")
        .contains(&"SBERRUB".to_string()));
}

#[test]
fn get_list_shows_only_reachable_currencies() {
    let s = loaded(&[]);
    let mut gets = s.flat_options(Side::Get, "");
    gets.sort();
    assert_eq!(gets, vec!["CARDRUB", "ETH", "SBERRUB"]);
    assert_eq!(s.target_count(), 3);
    let s = s.reduce(Action::Choose {
        side: Side::Give,
        code: "PMUSD".into(),
    });
    assert_eq!(s.flat_options(Side::Get, ""), vec!["BTC"]);
    assert_eq!(pair(&s), ("PMUSD".into(), "BTC".into()));
}

/// A picker's own state after `actions`, from closed.
fn picker(actions: Vec<PickerAction>) -> Rc<PickerState> {
    actions
        .into_iter()
        .fold(Rc::new(PickerState::default()), |p, a| p.reduce(a))
}

/// The highlighted option of an open picker.
fn highlighted(p: &PickerState) -> usize {
    p.0.as_ref().expect("open").highlighted
}

#[test]
fn picker_filters_by_code_and_name_and_is_keyboard_driven() {
    let s = loaded(&[]);
    assert_eq!(s.flat_options(Side::Give, "eth"), vec!["ETH"]);
    // Names match too (English and Russian).
    assert_eq!(s.flat_options(Side::Give, "bitc"), vec!["BTC"]);
    assert_eq!(s.flat_options(Side::Give, "Сбер"), vec!["SBERRUB"]);
    assert!(s.flat_options(Side::Give, "zzz").is_empty());
    // Typing opens the picker with the first match highlighted.
    let p = picker(vec![PickerAction::Filter("eth".into())]);
    assert_eq!(p.0.as_ref().map(|p| p.filter.as_str()), Some("eth"));
    assert_eq!(highlighted(&p), 0);
    // Moves stay inside an empty list.
    let p = p.reduce(PickerAction::Filter("zzz".into()));
    let p = p.reduce(PickerAction::Move(Move::Down, 0));
    assert_eq!(highlighted(&p), 0);
    // Escape (or a choice) closes it; closing a closed picker changes nothing.
    let p = p.reduce(PickerAction::Close);
    assert!(p.0.is_none());
    let again = p.clone().reduce(PickerAction::Close);
    assert!(Rc::ptr_eq(&p, &again));
    // Moving a closed picker changes nothing.
    let moved = p.clone().reduce(PickerAction::Move(Move::Down, 5));
    assert!(Rc::ptr_eq(&p, &moved));

    let all = s.flat_options(Side::Give, "");
    let len = all.len();
    let p = picker(vec![
        PickerAction::Filter("".into()),
        PickerAction::Move(Move::End, len),
    ]);
    assert_eq!(highlighted(&p), len - 1);
    let p = [Move::Down, Move::Home, Move::Up, Move::Down]
        .into_iter()
        .fold(p, |p, mv| p.reduce(PickerAction::Move(mv, len)));
    assert_eq!(highlighted(&p), 1);
    // What the picker chooses (Enter on the highlight) becomes the give currency.
    let chosen = all[highlighted(&p)].clone();
    let s = s.reduce(Action::Choose {
        side: Side::Give,
        code: chosen.clone(),
    });
    assert_eq!(s.give.as_deref(), Some(chosen.as_str()));
}

#[test]
fn options_are_grouped_by_category() {
    let s = loaded(&[]);
    let groups = s.options(Side::Give, "");
    let cats: Vec<_> = groups.iter().map(|g| g.category).collect();
    let mut sorted = cats.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(cats, sorted, "each category appears once, in order");
    assert!(groups.len() >= 3);
    // Opening highlights the current value.
    let m = s.market.as_ref().unwrap();
    let at = m.place(Side::Give, s.give.as_deref(), s.give.as_deref());
    let p = picker(vec![PickerAction::Open(at)]);
    let flat = s.flat_options(Side::Give, "");
    assert_eq!(flat[highlighted(&p)], "BTC");
    let p = p.reduce(PickerAction::Close);
    assert!(p.0.is_none());
}

#[test]
fn amount_given_gives_the_result_and_back() {
    let s = loaded(&[]).reduce(Action::TypeAmount {
        side: Side::Give,
        text: "0,1".into(),
    });
    let q = s.quote().unwrap();
    assert_eq!(q.get, d("574983.65"));
    let s = s.reduce(Action::TypeAmount {
        side: Side::Get,
        text: "574983.65".into(),
    });
    assert_eq!(s.quote().unwrap().give, d("0.1"));
    let s = s.reduce(Action::Settle);
    assert_eq!(s.announcement, "You give: 0.1 BTC");
}

#[test]
fn limit_problems_explain_themselves() {
    let s = loaded(&[]).reduce(Action::TypeAmount {
        side: Side::Give,
        text: "0.0001".into(),
    });
    let s = s.reduce(Action::Settle);
    assert_eq!(s.announcement, "minimum 0.001 BTC");
    let s = act(
        s,
        vec![
            Action::TypeAmount {
                side: Side::Give,
                text: "20".into(),
            },
            Action::Settle,
        ],
    );
    assert!(
        s.announcement.contains("maximum 13.89 BTC"),
        "{}",
        s.announcement
    );
    let s = act(
        s,
        vec![Action::TypeAmount {
            side: Side::Give,
            text: "abc".into(),
        }],
    );
    assert!(s.amount_problem().is_some());
    assert!(s.quote().is_none());
}

#[test]
fn swap_only_when_the_reverse_exists_and_keeps_the_amount_meaning() {
    let s = loaded(&[]).reduce(Action::TypeAmount {
        side: Side::Give,
        text: "0.5".into(),
    });
    assert!(s.can_swap());
    let s = s.reduce(Action::Swap);
    assert_eq!(pair(&s), ("SBERRUB".into(), "BTC".into()));
    assert_eq!((s.typed, s.amount.as_str()), (Side::Get, "0.5"));
    let s = s.reduce(Action::Choose {
        side: Side::Give,
        code: "ETH".into(),
    });
    assert_eq!(pair(&s), ("ETH".into(), "SBERRUB".into()));
    assert!(!s.can_swap());
    assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::Swap)));
}

#[test]
fn cash_directions_offer_a_city_choice() {
    let s = loaded(&[("from", "CASHUSD"), ("to", "BTC")]);
    assert_eq!(s.cities(), vec!["MSK", "SPB"]);
    assert_eq!(s.direction().unwrap().r#in, d("61000"));
    let s = s.reduce(Action::ChooseCity("SPB".into()));
    assert_eq!(s.direction().unwrap().r#in, d("61500"));
    let s = s.reduce(Action::ChooseCity("NOWHERE".into()));
    assert_eq!(s.city.as_deref(), Some("SPB"));
}

#[test]
fn the_suggested_amount_follows_the_city_and_a_typed_one_stays() {
    // Two desks with different limits: the suggestion for one is below the other's minimum.
    let mut msk = dir("USDTTRC20", "CASHUSD", "1.0081", "1");
    msk.city = Some("MSK".into());
    msk.min = Some(d("20"));
    msk.max = Some(d("3000"));
    let mut spb = dir("USDTTRC20", "CASHUSD", "1.0081", "1");
    spb.city = Some("SPB".into());
    spb.min = Some(d("50"));
    spb.max = Some(d("25000"));
    let s = Rc::new(State::new(config(&[]))).reduce(Action::FeedLoaded {
        feed: feed(vec![msk, spb]),
        at: 1_000.0,
    });
    assert_eq!(s.city.as_deref(), Some("MSK"));
    assert!(s.amount_auto);
    assert_eq!(
        s.quote().map(|q| q.problems.len()),
        Some(0),
        "MSK's suggestion is usable"
    );

    let s = s.reduce(Action::ChooseCity("SPB".into()));
    assert!(s.amount_auto, "still the widget's own suggestion");
    let q = s.quote().unwrap();
    assert!(
        q.problems.is_empty(),
        "SPB's suggestion is usable too: {:?}",
        q.problems
    );
    assert!(
        d(&s.amount) >= d("50") || s.typed == Side::Get,
        "{} is at least SPB's minimum",
        s.amount
    );

    // What the visitor typed is theirs: a city change never rewrites it.
    let s = act(
        s,
        vec![
            Action::TypeAmount {
                side: Side::Give,
                text: "30".into(),
            },
            Action::ChooseCity("MSK".into()),
            Action::ChooseCity("SPB".into()),
        ],
    );
    assert_eq!((s.amount.as_str(), s.typed), ("30", Side::Give));
    assert!(!s.amount_auto);
}

#[test]
fn attribute_updates_keep_the_choice_unless_pair_or_amount_change() {
    let s = loaded(&[]).reduce(Action::Choose {
        side: Side::Give,
        code: "ETH".into(),
    });
    let s = s.reduce(Action::TypeAmount {
        side: Side::Give,
        text: "2".into(),
    });
    let s = s.reduce(Action::Configure(config(&[("theme", "dark")])));
    assert_eq!(pair(&s), ("ETH".into(), "SBERRUB".into()));
    assert_eq!(s.amount, "2");
    let s = s.reduce(Action::Configure(config(&[
        ("theme", "dark"),
        ("from", "PMUSD"),
    ])));
    assert_eq!(pair(&s), ("PMUSD".into(), "BTC".into()));
    let s = s.reduce(Action::Configure(config(&[
        ("theme", "dark"),
        ("from", "PMUSD"),
        ("amount", "100"),
    ])));
    assert_eq!(s.amount, "100");
}

#[test]
fn set_pair_from_the_page_is_validated() {
    let s = loaded(&[]).reduce(Action::SetPair {
        from: "ETH".into(),
        to: "SBERRUB".into(),
    });
    assert_eq!(pair(&s), ("ETH".into(), "SBERRUB".into()));
    let s = s.reduce(Action::SetPair {
        from: "NOPE".into(),
        to: "BTC".into(),
    });
    assert_eq!(pair(&s), ("ETH".into(), "SBERRUB".into()));
}

#[test]
fn refresh_keeps_the_pair_and_failures_keep_the_data() {
    let s = loaded(&[]).reduce(Action::Choose {
        side: Side::Get,
        code: "ETH".into(),
    });
    let s = act(
        s,
        vec![
            Action::FetchStarted,
            Action::FeedLoaded {
                feed: sample(),
                at: 61_000.0,
            },
        ],
    );
    assert_eq!(pair(&s), ("BTC".into(), "ETH".into()));
    assert!(!s.refreshing);
    let err = LoadError {
        kind: ErrorKind::Network,
        message: "down".into(),
    };
    let s = s.reduce(Action::FeedFailed {
        error: err.clone(),
        at: 121_000.0,
    });
    assert_eq!(s.phase, Phase::Ready);
    assert_eq!(s.last_error, Some(err));
    assert!(!s.stale);
    // Three missed 60 s intervals later the data is stale, still usable.
    let s = s.reduce(Action::Tick {
        now: 61_000.0 + 180_001.0,
    });
    assert!(s.stale);
    assert!(s.quote().is_some());
    let s = s.reduce(Action::FeedLoaded {
        feed: sample(),
        at: 300_000.0,
    });
    assert!(!s.stale && s.last_error.is_none());
}

#[test]
fn background_refresh_does_not_announce() {
    let s = act(loaded(&[]), vec![Action::Settle]);
    let before = s.announcement.clone();
    assert!(!before.is_empty());
    let s = s.reduce(Action::FeedLoaded {
        feed: sample(),
        at: 9_000.0,
    });
    assert_eq!(s.announcement, before);
}

#[test]
fn maintenance_and_empty_feeds_are_clear_states() {
    let maint = Rc::new(Feed {
        status: FeedStatus::Maintenance,
        directions: vec![],
        ..(*sample()).clone()
    });
    let s = Rc::new(State::new(config(&[]))).reduce(Action::FeedLoaded {
        feed: maint.clone(),
        at: 0.0,
    });
    assert!(matches!(&s.phase, Phase::Failed(e) if e.kind == ErrorKind::Maintenance));
    assert!(s.href().is_some(), "the fallback link is still offered");
    // With data already shown, maintenance keeps it, marked stale.
    let s = loaded(&[]).reduce(Action::FeedLoaded {
        feed: maint,
        at: 5_000.0,
    });
    assert_eq!(s.phase, Phase::Ready);
    assert!(s.stale);

    let empty = feed(vec![]);
    let s = Rc::new(State::new(config(&[]))).reduce(Action::FeedLoaded {
        feed: empty,
        at: 0.0,
    });
    assert!(matches!(&s.phase, Phase::Failed(e) if e.kind == ErrorKind::Empty));
    let s = Rc::new(State::new(config(&[("currencies", "DOGE")]))).reduce(Action::FeedLoaded {
        feed: sample(),
        at: 0.0,
    });
    assert!(
        matches!(&s.phase, Phase::Failed(e) if e.kind == ErrorKind::Empty && e.message.contains("currencies"))
    );
}

#[test]
fn first_load_failure_is_shown_with_the_fallback_link() {
    let err = LoadError {
        kind: ErrorKind::Cors,
        message: "blocked".into(),
    };
    let s =
        Rc::new(State::new(config(&[("from", "BTC"), ("to", "ETH")]))).reduce(Action::FeedFailed {
            error: err.clone(),
            at: 0.0,
        });
    assert_eq!(s.phase, Phase::Failed(err));
    assert_eq!(
        s.href().unwrap(),
        "https://ex.example/ref/R1/?cur_from=BTC&cur_to=ETH"
    );
}

#[test]
fn bad_configuration_is_an_error_naming_the_attribute() {
    let c = Rc::new(Config::parse(&RawConfig::from_pairs(&[
        ("exchanger", "https://ex.example"),
        ("ref", "R1"),
    ])));
    let s = Rc::new(State::new(c)).reduce(Action::FeedLoaded {
        feed: sample(),
        at: 0.0,
    });
    match &s.phase {
        Phase::Failed(e) => {
            assert_eq!(e.kind, ErrorKind::Config);
            assert!(e.message.contains("\"feed\""), "{}", e.message);
        }
        other => panic!("expected a config error, got {other:?}"),
    }
    assert!(s.href().is_some());
    // Fixing the attribute recovers.
    let s = s.reduce(Action::Configure(config(&[])));
    assert_eq!(s.phase, Phase::Loading);
}

#[test]
fn russian_texts_follow_the_language() {
    let s = loaded(&[("lang", "ru")]);
    assert_eq!(s.lang(), Lang::Ru);
    let s = act(
        s,
        vec![
            Action::TypeAmount {
                side: Side::Give,
                text: "0,0001".into(),
            },
            Action::Settle,
        ],
    );
    assert_eq!(s.announcement, "минимум 0,001 BTC");
}

#[test]
fn back_off_grows_with_jitter_and_is_capped() {
    assert_eq!(next_fetch_delay_ms(0, 60, 0.3), 60_000);
    let first = next_fetch_delay_ms(1, 60, 0.5);
    let second = next_fetch_delay_ms(2, 60, 0.5);
    assert_eq!(first, 5_000);
    assert_eq!(second, 10_000);
    assert!(next_fetch_delay_ms(1, 60, 0.0) < next_fetch_delay_ms(1, 60, 0.99));
    assert_eq!(next_fetch_delay_ms(30, 60, 0.5), 240_000);
}

#[test]
fn a_failed_first_load_retries_at_1_2_4_s_up_to_the_refresh_interval() {
    let waits: Vec<u32> = (1..=8).map(|n| first_fetch_retry_ms(n, 30)).collect();
    assert_eq!(
        waits,
        [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]
    );
    assert_eq!(first_fetch_retry_ms(1000, 60), 60_000);
}

#[test]
fn the_error_says_when_the_first_load_is_retried_until_data_arrives() {
    let failed = act(
        Rc::new(State::new(config(&[]))),
        vec![
            Action::FeedFailed {
                error: LoadError {
                    kind: ErrorKind::Network,
                    message: "HTTP 503".into(),
                },
                at: 1.0,
            },
            Action::RetryScheduled { in_ms: 2_000 },
        ],
    );
    assert!(matches!(failed.phase, Phase::Failed(_)));
    assert_eq!(failed.retry_in_ms, Some(2_000));
    let ok = failed.reduce(Action::FeedLoaded {
        feed: sample(),
        at: 3.0,
    });
    assert_eq!(ok.phase, Phase::Ready);
    assert_eq!(ok.retry_in_ms, None);
    // With data on screen a failed refresh is no blocking error: nothing to announce.
    let later = ok.reduce(Action::RetryScheduled { in_ms: 1_000 });
    assert_eq!(later.retry_in_ms, None);
}

#[test]
fn the_suggested_amount_follows_the_pair_until_the_visitor_types() {
    let s = loaded(&[]);
    assert!(s.amount_auto);
    assert_eq!(s.amount, "0.001");
    // ETH -> SBERRUB has no minimum: one unit of a crypto currency.
    let s = s.reduce(Action::Choose {
        side: Side::Give,
        code: "ETH".into(),
    });
    assert_eq!((s.amount.as_str(), s.typed), ("1", Side::Give));
    let s = s.reduce(Action::TypeAmount {
        side: Side::Give,
        text: "3".into(),
    });
    let s = s.reduce(Action::Choose {
        side: Side::Give,
        code: "BTC".into(),
    });
    assert_eq!(s.amount, "3", "a typed amount is kept");
    assert!(!s.amount_auto);
}

#[test]
fn a_minimum_payout_is_met_by_the_suggestion() {
    let mut usdt_cash = dir("USDTTRC20", "CASHUSD", "1", "0.975");
    usdt_cash.min = Some(d("50"));
    usdt_cash.to_min = Some(d("49"));
    let s = Rc::new(State::new(config(&[]))).reduce(Action::FeedLoaded {
        feed: feed(vec![usdt_cash]),
        at: 0.0,
    });
    // 50 USDT would pay out 48.75 CASHUSD, below the 49 minimum: ask for 49 received instead.
    assert_eq!((s.amount.as_str(), s.typed), ("49", Side::Get));
    assert!(s.quote().unwrap().problems.is_empty(), "{:?}", s.quote());
}

#[test]
fn a_pair_asked_for_before_the_data_is_applied_on_load() {
    let s = Rc::new(State::new(config(&[])))
        .reduce(Action::SetPair {
            from: "eth".into(),
            to: "sberrub".into(),
        })
        .reduce(Action::FeedLoaded {
            feed: sample(),
            at: 0.0,
        });
    assert_eq!(pair(&s), ("ETH".into(), "SBERRUB".into()));
}

#[test]
fn a_pair_gone_from_a_refreshed_feed_keeps_the_give_currency() {
    let s = loaded(&[]).reduce(Action::Choose {
        side: Side::Get,
        code: "ETH".into(),
    });
    let mut fewer = (*sample()).clone();
    fewer
        .directions
        .retain(|d| !(d.from == "BTC" && d.to == "ETH"));
    let s = s.reduce(Action::FeedLoaded {
        feed: Rc::new(fewer),
        at: 70_000.0,
    });
    assert_eq!(pair(&s), ("BTC".into(), "SBERRUB".into()));
}

#[test]
fn sort_with_is_a_stable_sort_for_short_and_long_lists() {
    for n in [0usize, 1, 5, 32, 33, 100, 1000, 4097] {
        // Keys repeat, so stability is visible through the second field.
        let mut items: Vec<(u32, usize)> = (0..n).map(|i| (((i * 7919) % 13) as u32, i)).collect();
        let mut expected = items.clone();
        expected.sort_by_key(|p| p.0);
        sort_with(&mut items, &|a, b| a.0 < b.0);
        assert_eq!(items, expected, "n = {n}");
    }
}

#[test]
fn thousands_of_currencies_are_indexed_and_filtered() {
    let mut directions: Vec<Direction> = (0..3000)
        .map(|i| dir(&format!("C{i:04}"), "SBERRUB", "1", "2"))
        .collect();
    directions.extend((0..3000).map(|i| dir("BTC", &format!("T{i:04}"), "1", "2")));
    let s = Rc::new(State::new(config(&[]))).reduce(Action::FeedLoaded {
        feed: feed(directions),
        at: 0.0,
    });
    assert_eq!(s.market.as_ref().unwrap().count(), 6000);
    assert_eq!(s.flat_options(Side::Give, "").len(), 3001);
    assert_eq!(pair(&s).0, "BTC");
    assert_eq!(s.target_count(), 3000);
    assert_eq!(s.flat_options(Side::Give, "C2999"), vec!["C2999"]);
}

#[test]
fn a_limit_in_a_third_currency_is_shown_as_written_and_never_checked() {
    let mut asd_zxc = dir("ASD", "ZXC", "1", "3.5");
    asd_zxc.min = Some(d("10"));
    asd_zxc.min_unit = Some("USD".into());
    let s = Rc::new(State::new(config(&[]))).reduce(Action::FeedLoaded {
        feed: feed(vec![asd_zxc]),
        at: 0.0,
    });
    assert_eq!(s.limits_text(), "min 10 USD");
    // The suggestion is not the foreign minimum, and a small amount is not refused.
    assert_ne!(s.amount, "10");
    let s = act(
        s,
        vec![
            Action::TypeAmount {
                side: Side::Give,
                text: "1".into(),
            },
            Action::Settle,
        ],
    );
    assert!(s.quote().unwrap().problems.is_empty(), "{:?}", s.quote());
    assert_eq!(s.announcement, "You get: 3.5 ZXC");
}

#[test]
fn cash_desks_sharing_a_code_are_a_city_choice_with_the_codes_in_the_link() {
    // A Premium-family feed whose ids 5 and 6 are both CASHUSD, through the relay's normalized
    // JSON and the widget's reader.
    let raw = include_bytes!("../crates/core/tests/fixtures/feeds/premium_other_keys.json");
    let read = ratelink_core::parse_feed(raw, None).unwrap();
    let body = ratelink_core::to_normalized_json(&read, &[]);
    let feed = ratelink::core_api::read_feed(body.as_bytes()).unwrap();
    let s = Rc::new(State::new(config(&[
        ("from", "CASHUSD"),
        ("to", "USDTTRC20"),
    ])))
    .reduce(Action::FeedLoaded {
        feed: Rc::new(feed),
        at: 0.0,
    });
    assert_eq!(s.cities(), vec!["Moscow", "Saint Petersburg"]);
    assert_eq!(s.direction().unwrap().r#in, d("1.02"));
    let s = s.reduce(Action::ChooseCity("Saint Petersburg".into()));
    assert_eq!(s.direction().unwrap().r#in, d("1.03"));
    assert_eq!(
        s.href().as_deref(),
        Some("https://ex.example/ref/R1/?cur_from=CASHUSD&cur_to=USDTTRC20")
    );
}

/// 100 give currencies (G000..G099), each to SBERRUB.
fn hundred_gives() -> Rc<State> {
    let directions: Vec<Direction> = (0..100)
        .map(|i| dir(&format!("G{i:03}"), "SBERRUB", "1", "2"))
        .collect();
    Rc::new(State::new(config(&[("from", "G045")]))).reduce(Action::FeedLoaded {
        feed: feed(directions),
        at: 0.0,
    })
}

#[test]
fn window_for_covers_the_index_in_whole_pages() {
    assert_eq!(window_for(0), PAGE);
    assert_eq!(window_for(PAGE - 1), PAGE);
    assert_eq!(window_for(PAGE), 2 * PAGE);
    assert_eq!(window_for(3 * PAGE + 1), 4 * PAGE);
}

#[test]
fn the_option_list_is_windowed_and_grows_with_scroll_and_keys() {
    let s = hundred_gives();
    let len = s.flat_options(Side::Give, "g").len();
    assert_eq!(len, 100);
    let p = picker(vec![PickerAction::Filter("g".into())]);
    let shown = |p: &PickerState| p.0.as_ref().unwrap().shown;
    assert_eq!(shown(&p), PAGE, "the first page at once");
    // Scrolling near the end renders the next page, up to the end and no further.
    let p = p.reduce(PickerAction::ShowMore(len));
    assert_eq!(shown(&p), 2 * PAGE);
    let p = (2..len.div_ceil(PAGE)).fold(p, |p, _| p.reduce(PickerAction::ShowMore(len)));
    assert!(shown(&p) >= 100);
    let before = p.clone();
    let p = p.reduce(PickerAction::ShowMore(len));
    assert!(Rc::ptr_eq(&before, &p), "nothing left to show: no change");
    // A new filter starts from the first page again.
    let p = p.reduce(PickerAction::Filter("g0".into()));
    assert_eq!(shown(&p), PAGE);
    // The keyboard reaches every option: End and Down grow the window to the highlight.
    let p = p.reduce(PickerAction::Move(Move::End, len));
    let open = p.0.as_ref().unwrap();
    assert_eq!(open.highlighted, 99);
    assert!(open.shown > open.highlighted);
    let p = p.reduce(PickerAction::Move(Move::Home, len));
    let p = (0..PAGE).fold(p, |p, _| p.reduce(PickerAction::Move(Move::Down, len)));
    assert_eq!(highlighted(&p), PAGE);
    assert!(shown(&p) > PAGE);
}

#[test]
fn opening_a_picker_shows_the_page_holding_the_current_value() {
    let s = hundred_gives();
    assert_eq!(s.give.as_deref(), Some("G045"));
    let m = s.market.as_ref().unwrap();
    let at = m.place(Side::Give, s.give.as_deref(), s.give.as_deref());
    let p = picker(vec![PickerAction::Open(at)]);
    let open = p.0.as_ref().unwrap();
    assert_eq!(s.flat_options(Side::Give, "")[open.highlighted], "G045");
    // The window reaches the page that holds the current value (index 45), not beyond it.
    assert_eq!(open.shown, window_for(45));
    assert!(open.shown > 45 && open.shown - PAGE <= 45);
    assert_eq!(
        m.place(Side::Give, None, Some("NOPE")),
        0,
        "not listed: the top"
    );
    assert!(!m.is_indexed(), "no index for an unfiltered list");
    assert_eq!(s.flat_options(Side::Give, "g04").len(), 10);
    assert!(
        s.market.as_ref().unwrap().is_indexed(),
        "built by the first search"
    );
}

// ---- compare layout (issue 17): only in builds with the `compare` feature ----

#[cfg(feature = "compare")]
mod compare {
    use super::*;
    use ratelink::state::CompareInfo;

    const COMPARE_DOC: &str = r#"{"format":"compare",
 "exchangers":[
  {"id":"alpha","title":"Alpha","exchanger":"https://alpha.example","ref":"A1","stale":false,"error":null},
  {"id":"beta","title":"Beta","exchanger":"https://beta.example","ref":"B2","stale":true,"error":null},
  {"id":"gamma","title":"Gamma","exchanger":"https://gamma.example","ref":"G3","stale":false,
   "error":{"kind":"network","message":"timed out"}}],
 "directions":[
  {"from":"BTC","to":"SBERRUB","in":"1","out":"5800000","reserve":"40000000","min":"0.001","max":"0.1","exchanger":"alpha"},
  {"from":"BTC","to":"SBERRUB","in":"1","out":"5790000","reserve":"90000000","min":"0.01","max":"5","to_fee":{"fixed":"3000"},"exchanger":"beta"},
  {"from":"ETH","to":"SBERRUB","in":"1","out":"298500","exchanger":"beta"}],
 "names":{},
 "aliases":[{"exchanger":"beta","code":"SBRF","as":"SBERRUB"}]}"#;

    fn compare_info(text: &str) -> Rc<CompareInfo> {
        Rc::new(CompareInfo::new(
            ratelink::core_api::read_compare(text).unwrap(),
        ))
    }

    fn compare_state(extra: &[(&str, &str)]) -> Rc<State> {
        let mut pairs = vec![
            ("feed", "/compare?feeds=alpha,beta,gamma"),
            ("layout", "compare"),
            ("from", "BTC"),
            ("to", "SBERRUB"),
        ];
        pairs.extend_from_slice(extra);
        let c = Rc::new(Config::parse(&RawConfig::from_pairs(&pairs)));
        Rc::new(State::new(c)).reduce(Action::CompareLoaded {
            info: compare_info(COMPARE_DOC),
            at: 1000.0,
        })
    }

    fn order(s: &State) -> Vec<(String, bool)> {
        s.offer_rows()
            .iter()
            .map(|r| (r.exchanger.id.clone(), r.fits()))
            .collect()
    }

    #[test]
    fn compare_offers_rerank_as_the_amount_changes() {
        let s = compare_state(&[("amount", "0.05")]);
        assert_eq!(s.phase, Phase::Ready);
        // 0.05 BTC: alpha's better rate wins; beta's 3,000 RUB fee and 0.01 minimum are no problem.
        assert_eq!(order(&s), [("alpha".into(), true), ("beta".into(), true)]);
        // 1 BTC is above alpha's 0.1 maximum: beta leads, alpha follows greyed with its reason.
        let s = s.reduce(Action::TypeAmount {
            side: Side::Give,
            text: "1".into(),
        });
        assert_eq!(order(&s), [("beta".into(), true), ("alpha".into(), false)]);
        let rows = s.offer_rows();
        assert!(matches!(
            rows[1].quote.problems[..],
            [ratelink::core_api::LimitProblem::AboveMax { .. }]
        ));
        // The best offer is what the live region says.
        assert_eq!(
            s.settled_message(),
            "Best offer: Beta — 5,787,000.00 SBERRUB"
        );
        // Above every maximum: the status names the limit closest to the amount (Beta's 5 BTC),
        // not the top row's (Alpha's 0.1 BTC).
        let s = s.reduce(Action::TypeAmount {
            side: Side::Give,
            text: "30".into(),
        });
        assert_eq!(order(&s)[0], ("alpha".into(), false));
        assert_eq!(
            s.settled_message(),
            "No exchanger takes this amount: Beta — maximum 5 BTC"
        );
        // Below every minimum: the lowest one (Alpha's 0.001 BTC).
        let s = s.reduce(Action::TypeAmount {
            side: Side::Give,
            text: "0.0001".into(),
        });
        assert!(
            s.settled_message()
                .starts_with("No exchanger takes this amount: Alpha — "),
            "{}",
            s.settled_message()
        );
        assert!(
            s.settled_message().contains("0.001 BTC"),
            "{}",
            s.settled_message()
        );
        // An amount that is not a number: every offer says to enter one (fresh before stale).
        let s = s.reduce(Action::TypeAmount {
            side: Side::Give,
            text: "abc".into(),
        });
        assert_eq!(order(&s), [("alpha".into(), false), ("beta".into(), false)]);
        assert_eq!(
            s.settled_message(),
            "No exchanger takes this amount: enter an amount above zero"
        );
    }

    #[test]
    fn compare_links_are_each_exchangers_own_with_the_placement() {
        let s = compare_state(&[("amount", "1"), ("placement", "side")]);
        let rows = s.offer_rows();
        let hrefs: Vec<String> = rows
            .iter()
            .map(|r| s.offer_href(r.exchanger, r.direction).unwrap())
            .collect();
        assert_eq!(
            hrefs,
            [
                "https://beta.example/ref/B2/?cur_from=BTC&cur_to=SBRF&utm_content=side",
                "https://alpha.example/ref/A1/?cur_from=BTC&cur_to=SBERRUB&utm_content=side",
            ]
        );
        assert!(rows[0].exchanger.stale, "beta's offer is marked stale");
        let unavailable: Vec<(String, String)> = s
            .unavailable()
            .into_iter()
            .map(|(e, why)| (e.id.clone(), why.to_string()))
            .collect();
        assert_eq!(
            unavailable,
            [("gamma".to_string(), "timed out".to_string())]
        );
    }

    #[test]
    fn compare_layout_refuses_a_plain_feed_and_keeps_the_last_good_document() {
        let c = Rc::new(Config::parse(&RawConfig::from_pairs(&[
            ("feed", "/feeds/alpha"),
            ("layout", "compare"),
        ])));
        let s = Rc::new(State::new(c)).reduce(Action::FeedLoaded {
            feed: sample(),
            at: 1.0,
        });
        match &s.phase {
            Phase::Failed(e) => {
                assert_eq!(e.kind, ErrorKind::Parse);
                assert!(e.message.contains("/compare"), "{}", e.message);
            }
            other => panic!("{other:?}"),
        }
        // A refresh whose document has no offers keeps the last good one, consistently.
        let s = compare_state(&[("amount", "0.05")]);
        let empty = compare_info(
            r#"{"format":"compare","exchangers":[{"id":"alpha","error":{"kind":"network","message":"down"}}],"directions":[]}"#,
        );
        let s2 = s.clone().reduce(Action::CompareLoaded {
            info: empty,
            at: 2000.0,
        });
        assert_eq!(s2.phase, Phase::Ready);
        assert!(s2.stale);
        assert_eq!(order(&s2), order(&s));
        assert!(Rc::ptr_eq(
            s2.compare.as_ref().unwrap(),
            s.compare.as_ref().unwrap()
        ));
        // Swapping keeps the amount an amount given (offers are ranked for it).
        let s3 = compare_state(&[]).reduce(Action::Swap);
        assert_eq!(s3.typed, Side::Give);
    }

    #[test]
    fn a_compare_document_without_offers_names_each_exchangers_problem() {
        let c = Rc::new(Config::parse(&RawConfig::from_pairs(&[
            ("feed", "/compare"),
            ("layout", "compare"),
        ])));
        let s = Rc::new(State::new(c)).reduce(Action::CompareLoaded {
        info: compare_info(
            r#"{"format":"compare","exchangers":[{"id":"alpha","title":"Alpha","error":{"kind":"network","message":"down"}},
               {"id":"bad","exchanger":"javascript:x","ref":"R"}],"directions":[]}"#,
        ),
        at: 1.0,
    });
        match &s.phase {
            Phase::Failed(e) => {
                assert_eq!(e.kind, ErrorKind::Empty);
                assert!(e.message.contains("Alpha: down"), "{}", e.message);
                assert!(
                    e.message.contains("bad: the exchanger URL"),
                    "{}",
                    e.message
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn compare_offers_rerank_after_a_refresh() {
        let s = compare_state(&[("amount", "0.05")]);
        assert_eq!(order(&s)[0].0, "alpha");
        // The next document: beta dropped its fee and raised its rate.
        let better_beta = COMPARE_DOC
            .replace(r#""out":"5790000""#, r#""out":"5900000""#)
            .replace(r#","to_fee":{"fixed":"3000"}"#, "");
        let s = s.reduce(Action::CompareLoaded {
            info: compare_info(&better_beta),
            at: 61_000.0,
        });
        assert_eq!(order(&s), [("beta".into(), true), ("alpha".into(), true)]);
        assert_eq!(s.updated_at, Some(61_000.0));
    }
}

/// The lean bundle (no `compare` feature) refuses the compare layout with a readable
/// configuration error instead of reading a `/compare` document it has no code for.
#[cfg(not(feature = "compare"))]
#[test]
fn without_the_compare_feature_the_compare_layout_is_a_configuration_error() {
    let c = Rc::new(Config::parse(&RawConfig::from_pairs(&[
        ("feed", "/compare?feeds=alpha,beta"),
        ("layout", "compare"),
    ])));
    let fatal: Vec<String> = c.fatal_errors().map(|e| e.to_string()).collect();
    assert_eq!(
        fatal,
        [format!(
            "attribute \"layout\": {}",
            ratelink::config::NO_COMPARE
        )]
    );
    let s = State::new(c);
    let Phase::Failed(e) = &s.phase else {
        panic!("expected a failed phase, got {:?}", s.phase);
    };
    assert_eq!(e.kind, ErrorKind::Config);
    assert!(s.offer_rows().is_empty());
    // The other layouts are unaffected.
    for layout in ["full", "compact"] {
        let c = Config::parse(&RawConfig::from_pairs(&[
            ("feed", "/feeds/alpha"),
            ("exchanger", "https://alpha.example"),
            ("ref", "A1"),
            ("layout", layout),
        ]));
        assert_eq!(c.fatal_errors().count(), 0, "{layout}");
    }
}

#[test]
fn the_first_fetch_start_changes_nothing_and_later_ones_mark_a_refresh() {
    // Loading: the first fetch is under way from the start, so its `FetchStarted` returns the
    // same state (no render before the feed arrives).
    let fresh = Rc::new(State::new(config(&[])));
    assert_eq!(fresh.phase, Phase::Loading);
    assert!(fresh.refreshing);
    let started = fresh.clone().reduce(Action::FetchStarted);
    assert!(Rc::ptr_eq(&fresh, &started));
    // Loaded: no fetch under way; the next one is a change.
    let s = started.reduce(Action::FeedLoaded {
        feed: sample(),
        at: 1_000.0,
    });
    assert!(!s.refreshing);
    let again = s.clone().reduce(Action::FetchStarted);
    assert!(!Rc::ptr_eq(&s, &again));
    assert!(again.refreshing);
    // A failed first load: the retry's start is a change too.
    let failed = Rc::new(State::new(config(&[]))).reduce(Action::FeedFailed {
        error: LoadError {
            kind: ErrorKind::Network,
            message: "down".into(),
        },
        at: 1_000.0,
    });
    assert!(!failed.refreshing);
    let retry = failed.clone().reduce(Action::FetchStarted);
    assert!(!Rc::ptr_eq(&failed, &retry));
    assert!(retry.refreshing);
}

/// Many currencies, first used in descending code order: every one is indexed once (the
/// market's code table grows several times) and ties go to the first code in code order.
#[test]
fn market_indexes_many_currencies_in_code_order() {
    let mut directions: Vec<Direction> = (0..300)
        .rev()
        .map(|i| dir(&format!("X{i:03}"), "TARGET", "1", "2"))
        .collect();
    directions.push(dir("X150", "X151", "1", "2"));
    directions.push(dir("X150", "X150", "1", "2"));
    let s = Rc::new(State::new(config(&[("to", "TARGET")]))).reduce(Action::FeedLoaded {
        feed: feed(directions),
        at: 1.0,
    });
    assert_eq!(s.phase, Phase::Ready);
    let market = s.market.clone().expect("a market");
    assert_eq!(market.count(), 301);
    let mut give = s.flat_options(Side::Give, "");
    give.sort();
    let want: Vec<String> = (0..300).map(|i| format!("X{i:03}")).collect();
    assert_eq!(give, want);
    // X150 gives two directions: the busiest giver that reaches TARGET.
    assert_eq!(s.give.as_deref(), Some("X150"));
    assert_eq!(s.get.as_deref(), Some("TARGET"));
    assert!(market.has("X000", "TARGET") && market.has("X150", "X151"));
    assert!(!market.has("X150", "X150") && !market.has("TARGET", "X000"));
    // Equally busy givers: the first in code order, though it was used last.
    let ties: Vec<Direction> = (0..300)
        .rev()
        .map(|i| dir(&format!("X{i:03}"), "TARGET", "1", "2"))
        .collect();
    let s = Rc::new(State::new(config(&[("to", "TARGET")]))).reduce(Action::FeedLoaded {
        feed: feed(ties),
        at: 1.0,
    });
    assert_eq!(s.give.as_deref(), Some("X000"));
}

#[test]
fn an_amount_too_large_to_compute_is_not_quoted_as_zero() {
    let mut btc_sber = dir("BTC", "SBERRUB", "1", "8680171.5");
    // A minimum fee converted by the relay from RUB: many decimals.
    btc_sber.min_fee = Some(d("0.00001728076455632242"));
    let s = Rc::new(State::new(config(&[]))).reduce(Action::FeedLoaded {
        feed: feed(vec![btc_sber]),
        at: 1_000.0,
    });
    let s = s.reduce(Action::TypeAmount {
        side: Side::Give,
        text: "100000000000000000000000".into(),
    });
    let q = s.quote().unwrap();
    assert!(!q.computed(), "{:?}", q.problems);
    let snap = s.snapshot();
    assert_eq!(
        snap.amount_give.as_deref(),
        Some("100000000000000000000000")
    );
    assert_eq!(snap.amount_get, None, "no received amount is claimed");
    // An amount that computes is quoted on both sides.
    let snap = s
        .reduce(Action::TypeAmount {
            side: Side::Give,
            text: "0.01".into(),
        })
        .snapshot();
    assert_eq!(
        snap.amount_get.as_deref(),
        Some("86651.71"),
        "0.01 BTC less the 150 RUB minimum fee"
    );
}
