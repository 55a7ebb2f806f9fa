//! The partner adapters on every documented pp and iEXExchanger v2 example and on real-world
//! variants (the fixtures in tests/fixtures/partner/).

use ratelink_core::partner::{self, csv, iex_v2, pp, stats, wire, *};
use ratelink_core::Decimal;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/partner/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

fn dec(s: &str) -> Decimal {
    Decimal::parse(s).unwrap()
}

fn money(amount: &str, code: Option<&str>) -> Money {
    Money::new(dec(amount), code)
}

#[test]
fn izi_get_info_js_literal_and_json_read_the_same() {
    for name in ["izi_get_info.js", "izi_get_info.json"] {
        let body = fixture(name);
        let s = pp::parse_info(&Response::ok(&body)).unwrap();
        assert_eq!(s.balance, Some(money("15", None)), "{name}");
        assert_eq!(s.total_received, Some(money("0", None)));
        assert_eq!(s.min_payout, Some(money("99999999", None)));
        assert_eq!(s.referral_code.as_deref(), Some("test"));
        assert!(s.payout_methods.is_empty());
    }
}

#[test]
fn izi_get_exchanges_js_literal() {
    let body = fixture("izi_get_exchanges.js");
    let list = pp::parse_exchanges(&Response::ok(&body)).unwrap();
    assert_eq!(list.len(), 1);
    let e = &list[0];
    assert_eq!(e.id, "1895");
    assert_eq!(e.at, When::Unix(1_590_356_264));
    assert_eq!(e.date.as_deref(), Some("2020-05-24 21:37:44"));
    assert_eq!(e.give, Some(money("0", None)));
    assert_eq!(e.get, Some(money("241.57", None)));
    assert_eq!(e.reward, Some(money("0", None)));
    assert_eq!(e.state, ExchangeState::Completed);
    assert_eq!(e.reward_accrued, Some(true));
}

#[test]
fn premium_get_info_strings_numbers_and_methods() {
    let body = fixture("premium_get_info.json");
    let s = pp::parse_info(&Response::ok(&body)).unwrap();
    assert_eq!(s.balance, Some(money("241.57", None)));
    assert_eq!(s.min_payout, Some(money("50", None)));
    assert_eq!(s.payout_methods.len(), 2);
    assert_eq!(s.payout_methods[0].id, "7");
    assert_eq!(s.payout_methods[0].title, "Tether TRC20 USDT");
    assert_eq!(s.payout_methods[0].commission, "2%");
    assert_eq!(s.payout_methods[0].you_receive, Some(money("236.74", None)));
    assert_eq!(s.payout_methods[1].id, "12");
    assert_eq!(
        s.payout_methods[1].you_receive,
        Some(money("0.00245", None))
    );
    // get_info gives no currency: the title's last word, a code, is the method's currency.
    let currencies: Vec<_> = s.payout_methods.iter().map(|m| m.currency()).collect();
    assert_eq!(
        currencies,
        [Some("USDT".to_string()), Some("BTC".to_string())]
    );
}

#[test]
fn payout_method_currency_from_the_source_else_the_title() {
    let method = |title: &str, code: Option<&str>| PayoutMethod {
        id: "1".into(),
        title: title.into(),
        commission: "1%".into(),
        you_receive: Some(money("10", code)),
    };
    let currency = |title: &str, code: Option<&str>| method(title, code).currency();
    assert_eq!(currency("Bitcoin BTC", Some("btc")).as_deref(), Some("BTC"));
    assert_eq!(
        currency("Anything", Some("USDTTRC20")).as_deref(),
        Some("USDTTRC20"),
        "the source's code first"
    );
    assert_eq!(currency("Сбербанк RUB", None).as_deref(), Some("RUB"));
    assert_eq!(
        currency("Perfect Money  USD ", None).as_deref(),
        Some("USD")
    );
    assert_eq!(
        currency("Tether USDT TRC20", None),
        None,
        "a network is not a currency"
    );
    assert_eq!(currency("VISA", None), None, "a lone word is a name");
    assert_eq!(currency("Visa/MasterCard", None), None);
    assert_eq!(currency("Card rub", None), None);
    assert_eq!(currency("Bank ACCOUNT", None), None, "longer than a code");
    assert_eq!(currency("", None), None);
}

#[test]
fn premium_links_sorted_and_broken_down() {
    let body = fixture("premium_get_links.json");
    let clicks = pp::parse_links(&Response::ok(&body)).unwrap();
    assert_eq!(
        clicks.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ["402", "401", "400"]
    );
    assert_eq!(clicks[0].at, When::Unix(1_700_050_000));
    assert_eq!(clicks[0].ip.as_deref(), Some("203.0.113.9"));
    assert_eq!(
        clicks[0].query.as_deref(),
        Some("cur_from=USDTTRC20&cur_to=BTC")
    );
    assert_eq!(clicks[1].referrer, None);
    let (days, undated) = stats::clicks_per_day(&clicks, None);
    assert_eq!(undated, 0);
    let got: Vec<(&str, u64)> = days.iter().map(|d| (d.day.as_str(), d.count)).collect();
    assert_eq!(got, [("2023-11-14", 2), ("2023-11-15", 1)]);
    assert_eq!(
        stats::referrer_breakdown(&clicks),
        [
            ("(direct)".to_string(), 1),
            ("bestchange.ru".to_string(), 1),
            ("forum.example.org".to_string(), 1)
        ]
    );
    let browsers = stats::browser_breakdown(&clicks);
    assert_eq!(
        browsers,
        [
            ("Chrome".to_string(), 1),
            ("Firefox".to_string(), 1),
            ("Safari".to_string(), 1)
        ]
    );
}

#[test]
fn premium_exchanges_states_totals_and_series() {
    let body = fixture("premium_get_exchanges.json");
    let list = pp::parse_exchanges(&Response::ok(&body)).unwrap();
    assert_eq!(
        list.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["1902", "1901", "1900"]
    );
    assert_eq!(list[0].give, Some(money("500", Some("USDTTRC20"))));
    assert_eq!(list[0].get, Some(money("0.0136", Some("BTC"))));
    assert_eq!(list[1].state, ExchangeState::NotCompleted);
    assert_eq!(list[1].state.short(), "pending");
    assert_eq!(list[2].reward_accrued, Some(false));
    let (count, done, reward) = stats::exchange_totals(&list);
    assert_eq!((count, done, reward), (3, 2, dec("2.09")));
    let (per_day, _) = stats::exchanges_per_day(&list, None);
    assert_eq!(
        per_day
            .iter()
            .map(|d| (d.day.as_str(), d.count))
            .collect::<Vec<_>>(),
        [
            ("2023-11-13", 1),
            ("2023-11-14", 0),
            ("2023-11-15", 1),
            ("2023-11-16", 1)
        ]
    );
    let (earned, _) = stats::earnings_per_day(&list, None);
    // 1900 is completed but not yet credited; only 1902's reward counts as earned.
    assert_eq!(
        earned
            .iter()
            .map(|d| (d.day.as_str(), d.amount))
            .collect::<Vec<_>>(),
        [("2023-11-16", dec("1.25"))]
    );
}

#[test]
fn series_over_a_window_share_its_days_and_earnings_add_up_with_what_is_not_credited() {
    let list = pp::parse_exchanges(&Response::ok(&fixture("premium_get_exchanges.json"))).unwrap();
    let clicks = pp::parse_links(&Response::ok(&fixture("premium_get_links.json"))).unwrap();
    let day = |text: &str| partner::dates::day_of_text(text).unwrap();
    let days =
        |points: &[stats::DayPoint]| points.iter().map(|p| p.day.clone()).collect::<Vec<_>>();
    let window = [
        "2023-11-12",
        "2023-11-13",
        "2023-11-14",
        "2023-11-15",
        "2023-11-16",
        "2023-11-17",
    ];
    let span = Some((day("2023-11-12"), day("2023-11-17")));

    // Every series over the window runs over all its days, empty ones as zero.
    let (clicked, _) = stats::clicks_per_day(&clicks, span);
    let (exchanged, _) = stats::exchanges_per_day(&list, span);
    let (earned, _) = stats::earnings_per_day(&list, span);
    for s in [&clicked, &exchanged, &earned] {
        assert_eq!(days(s), window);
    }
    let counts = |s: &[stats::DayPoint]| s.iter().map(|p| p.count).collect::<Vec<_>>();
    assert_eq!(counts(&clicked), [0, 0, 2, 1, 0, 0]);
    assert_eq!(counts(&exchanged), [0, 1, 0, 1, 1, 0]);
    assert_eq!(
        earned.iter().map(|p| p.amount).collect::<Vec<_>>(),
        [
            dec("0"),
            dec("0"),
            dec("0"),
            dec("0"),
            dec("1.25"),
            dec("0")
        ]
    );
    // A window with no records at all still has its days.
    let (none, undated) = stats::clicks_per_day(&[], span);
    assert_eq!(
        (days(&none), counts(&none), undated),
        (window.map(String::from).to_vec(), vec![0; 6], 0)
    );
    assert!(stats::clicks_per_day(&[], None).0.is_empty());

    // Earned plus not yet credited (1900: done, not credited; 1901's reward is 0) is the
    // exchanges' summed reward.
    let sum = earned
        .iter()
        .fold(Decimal::ZERO, |a, p| a.checked_add(&p.amount).unwrap());
    let (n, pending) = stats::not_credited(&list);
    assert_eq!((n, pending), (1, dec("0.84")));
    assert_eq!(
        sum.checked_add(&pending).unwrap(),
        stats::exchange_totals(&list).2
    );

    // A record outside the window widens that series; align pads the others to the same days.
    let narrow = Some((day("2023-11-14"), day("2023-11-15")));
    let (mut exchanged, _) = stats::exchanges_per_day(&list, narrow);
    let (mut clicked, _) = stats::clicks_per_day(&clicks, narrow);
    let mut empty = Vec::new();
    assert_eq!(
        days(&exchanged),
        ["2023-11-13", "2023-11-14", "2023-11-15", "2023-11-16"]
    );
    assert_eq!(days(&clicked), ["2023-11-14", "2023-11-15"]);
    stats::align(&mut [&mut exchanged, &mut clicked, &mut empty]);
    assert_eq!(days(&clicked), days(&exchanged));
    assert_eq!(counts(&clicked), [0, 2, 1, 0]);
    assert_eq!(counts(&exchanged), [1, 0, 1, 1]);
    assert!(empty.is_empty(), "an empty series stays empty");
}

#[test]
fn exchanges_as_array_with_string_flags() {
    let body = fixture("premium_exchanges_array.json");
    let list = pp::parse_exchanges(&Response::ok(&body)).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, "2001");
    assert_eq!(list[0].at, When::Unix(1_700_300_000));
    assert_eq!(list[0].state, ExchangeState::Completed);
    assert_eq!(list[0].reward_accrued, Some(true));
    assert_eq!(list[0].give, Some(money("250.00", Some("ADVCUSD"))));
}

#[test]
fn payouts_statuses_and_base_currency() {
    let body = fixture("premium_get_payouts.json");
    let list = pp::parse_payouts(&Response::ok(&body)).unwrap();
    let statuses: Vec<_> = list.iter().map(|p| p.status.clone()).collect();
    assert_eq!(
        statuses,
        [
            PayoutStatus::Pending,
            PayoutStatus::Paid,
            PayoutStatus::Cancelled,
            PayoutStatus::CancelledByUser
        ]
    );
    assert_eq!(list[0].amount, money("97.5", Some("USDTTRC20")));
    assert_eq!(list[0].original, Some(money("100", Some("USD"))));
    assert_eq!(list[3].method_id.as_deref(), Some("12"));
    assert_eq!(list[3].amount, money("0.001", Some("BTC")));
    assert_eq!(pp::base_currency(&list).as_deref(), Some("USD"));
    assert_eq!(
        list.iter().map(|p| p.status.short()).collect::<Vec<_>>(),
        ["pending", "paid", "cancelled", "cancelled"]
    );
}

#[test]
fn empty_results_in_every_shape() {
    for name in [
        "premium_empty_list.json",
        "pp_empty_data.json",
        "izi_empty_items_object.json",
        "pp_empty_items_array.json",
    ] {
        let body = fixture(name);
        let r = Response::ok(&body);
        assert_eq!(pp::parse_exchanges(&r).unwrap(), vec![], "{name}");
        assert_eq!(pp::parse_links(&r).unwrap(), vec![], "{name}");
        assert_eq!(pp::parse_payouts(&r).unwrap(), vec![], "{name}");
    }
    let body = fixture("iex_empty.json");
    let page = iex_v2::parse_exchanges(&Response::ok(&body)).unwrap();
    assert!(page.items.is_empty() && !page.has_next);
}

#[test]
fn error_envelopes_become_rejections_with_text() {
    let body = fixture("pp_error_api_disabled.json");
    let err = pp::parse_info(&Response::ok(&body)).unwrap_err();
    assert_eq!(err, PartnerError::Rejected("Api disabled".into()));
    assert_eq!(err.to_string(), "rejected by the partner API: Api disabled");
    let body = fixture("pp_error_key.json");
    assert_eq!(
        pp::parse_exchanges(&Response::ok(&body)).unwrap_err(),
        PartnerError::Rejected("REST API key error".into())
    );
    let body = fixture("pp_add_payout_refused.json");
    assert_eq!(
        pp::parse_add_payout(&Response::ok(&body))
            .unwrap_err()
            .to_string(),
        "rejected by the partner API: Minimum payout amount is 50"
    );
    let body = fixture("pp_add_payout_ok.json");
    assert_eq!(pp::parse_add_payout(&Response::ok(&body)).unwrap(), "34");
}

#[test]
fn http_statuses_and_non_json() {
    let r501 = Response {
        status: 501,
        retry_after: None,
        body: "",
    };
    let err = pp::parse_info(&r501).unwrap_err();
    assert_eq!(err, PartnerError::WrongEndpoint);
    assert!(err.to_string().starts_with("wrong endpoint or method"));

    let html = fixture("html_maintenance.html");
    let err = pp::parse_info(&Response::ok(&html)).unwrap_err();
    assert!(matches!(err, PartnerError::Unreachable(_)), "{err:?}");
    assert!(err.is_retryable());

    let body = fixture("iex_401.json");
    let err = iex_v2::parse_summary(&Response {
        status: 401,
        retry_after: None,
        body: &body,
    })
    .unwrap_err();
    assert_eq!(
        err,
        PartnerError::Unauthorized {
            status: 401,
            message: Some("Unauthenticated.".into())
        }
    );
    assert!(!err.is_retryable());
    assert!(!PartnerError::Unauthorized {
        status: 403,
        message: None
    }
    .is_retryable());

    let err = iex_v2::parse_exchanges(&Response {
        status: 429,
        retry_after: Some("17"),
        body: "",
    })
    .unwrap_err();
    assert_eq!(err.retry_after(), Some(17));
    assert!(err.is_retryable());
    assert_eq!(
        err.to_string(),
        "the partner API asks to slow down; retry in 17 s"
    );
    assert_eq!(
        pp::parse_info(&Response {
            status: 502,
            retry_after: None,
            body: "<html>"
        })
        .unwrap_err(),
        PartnerError::Http(502)
    );
    assert!(matches!(
        pp::parse_info(&Response::ok("")).unwrap_err(),
        PartnerError::Unreachable(_)
    ));
    assert!(matches!(
        pp::parse_info(&Response::ok("[1,2]")).unwrap_err(),
        PartnerError::Malformed(_)
    ));
}

#[test]
fn iex_v2_summary_verbatim() {
    let body = fixture("iex_partner.json");
    let s = iex_v2::parse_summary(&Response::ok(&body)).unwrap();
    assert_eq!(s.balance, Some(money("1190.36", Some("RUB"))));
    assert_eq!(s.total_withdrawn, Some(money("0", Some("RUB"))));
    assert_eq!(s.reward_percent, Some(dec("0.5")));
    assert_eq!(s.referrals, Some(2));
    assert_eq!(s.referral_code.as_deref(), Some("Gz"));
    assert_eq!(s.min_payout, None);
}

#[test]
fn iex_v2_withdrawal_verbatim_parses_russian_date() {
    let body = fixture("iex_withdrawal.json");
    let page = iex_v2::parse_withdrawals(&Response::ok(&body)).unwrap();
    assert!(!page.has_next);
    let p = &page.items[0];
    assert_eq!(p.id, "1");
    assert_eq!(p.at, When::LocalDateTime("2024-05-11 09:42:00".into()));
    assert_eq!(p.date.as_deref(), Some("11 мая 2024 09:42"));
    assert_eq!(p.amount, money("1190.36", Some("RUB")));
    assert_eq!(p.method.as_deref(), Some("Сбербанк RUB"));
    assert_eq!(p.status, PayoutStatus::Pending);
}

#[test]
fn iex_v2_exchanges_verbatim_keeps_relative_date() {
    let body = fixture("iex_exchanges.json");
    let page = iex_v2::parse_exchanges(&Response::ok(&body)).unwrap();
    let e = &page.items[0];
    assert_eq!(e.id, "2");
    assert_eq!(e.at, When::Text("3 недели назад".into()));
    assert_eq!(e.reward, Some(money("95.18", Some("RUB"))));
    assert_eq!(e.state, ExchangeState::Unknown("referral".into()));
    assert_eq!(e.order_ref.as_deref(), Some("1713350854300"));
    let (series, undated) = stats::earnings_per_day(&page.items, None);
    assert!(series.is_empty());
    assert_eq!(undated, 1);
}

#[test]
fn iex_v2_paging_and_string_amounts() {
    let body = fixture("iex_exchanges_page1.json");
    let page = iex_v2::parse_exchanges(&Response::ok(&body)).unwrap();
    assert!(page.has_next);
    assert_eq!(page.items.len(), 2);
    assert_eq!(
        page.items[0].at,
        When::LocalDateTime("2024-11-02 18:05:00".into())
    );
    assert_eq!(page.items[0].reward, Some(money("12.40", Some("RUB"))));
    assert_eq!(page.items[1].id, "4");
    assert_eq!(page.items[1].at, When::Text("вчера".into()));
    assert_eq!(page.items[1].reward, Some(money("7", Some("RUB"))));
    assert_eq!(page.items[1].order_ref.as_deref(), Some("1730460000002"));
}

#[test]
fn request_builders_place_key_and_filters() {
    let key = PartnerKey::new("SECRET-KEY-123");
    let premium = PartnerEndpoint::new(PartnerApi::Pp, "https://ex.test/api.html").unwrap();
    let w = Some(Window { from: 100, to: 200 });
    let req = premium.exchanges(&key, w, 1);
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.url, "https://ex.test/api.html");
    assert_eq!(req.query_value("api_key"), Some("SECRET-KEY-123"));
    assert_eq!(req.query_value("method"), Some("get_exchanges"));
    assert_eq!(
        req.query_value("start_time"),
        None,
        "Premium reads filters from the body only"
    );
    assert_eq!(
        req.form,
        [
            ("start_time".to_string(), "100".to_string()),
            ("end_time".to_string(), "200".to_string())
        ]
    );

    let izi =
        PartnerEndpoint::new(PartnerApi::Pp, "https://izi.test/service/partner/api.php").unwrap();
    assert_eq!(izi.pp_family(), PpFamily::Izi);
    let req = izi.clicks(&key, w).unwrap();
    assert_eq!(req.query_value("start_time"), Some("100"));
    assert_eq!(req.form.len(), 2);

    let pay = premium.add_payout(&key, "7", " TQn9 ").unwrap();
    assert_eq!(pay.method, Method::Post);
    assert_eq!(
        pay.query_value("account"),
        None,
        "payout arguments never go in a URL"
    );
    assert_eq!(
        pay.form,
        [
            ("method_id".to_string(), "7".to_string()),
            ("account".to_string(), "TQn9".to_string())
        ]
    );

    let iex = PartnerEndpoint::new(PartnerApi::IexV2, "https://iex.test/api/v2/").unwrap();
    let req = iex.exchanges(&key, w, 3);
    assert_eq!(req.url, "https://iex.test/api/v2/account/partner/exchanges");
    assert_eq!(req.query, [("page".to_string(), "3".to_string())]);
    assert!(req.headers.contains(&(
        "Authorization".to_string(),
        "Bearer SECRET-KEY-123".to_string()
    )));
    assert_eq!(
        iex.clicks(&key, w).unwrap_err(),
        PartnerError::NotSupported("clicks")
    );
    assert!(iex.add_payout(&key, "1", "x").is_err());
    assert_eq!(iex.referral_link("Gz"), "https://iex.test/ref/Gz/");
    assert_eq!(
        pair_link(&iex.referral_link("Gz"), "SBERRUB", "BTC"),
        "https://iex.test/ref/Gz/?cur_from=SBERRUB&cur_to=BTC"
    );
}

#[test]
fn secrets_never_show_in_debug_display_or_log_target() {
    let key = PartnerKey::new("SECRET-KEY-123");
    assert!(!format!("{key:?}{key}").contains("SECRET"));
    let premium = PartnerEndpoint::new(PartnerApi::Pp, "https://ex.test/api.html").unwrap();
    let iex = PartnerEndpoint::new(PartnerApi::IexV2, "https://iex.test/api/v2").unwrap();
    for req in [
        premium.summary(&key),
        premium.add_payout(&key, "1", "acc").unwrap(),
        iex.payouts(&key, None, 1),
    ] {
        let shown = format!("{req:?} {}", req.log_target());
        assert!(!shown.contains("SECRET-KEY-123"), "{shown}");
        assert!(!req.log_target().contains('?'));
    }
    assert_eq!(premium.summary(&key).log_target(), "ex.test/api.html");
    let err = PartnerError::Rejected("bad key SECRET-KEY-123".into()).redacted(key.expose());
    assert_eq!(
        err.to_string(),
        "rejected by the partner API: bad key [redacted]"
    );
}

#[test]
fn a_key_echoed_percent_encoded_or_json_escaped_is_redacted_too() {
    use ratelink_core::partner::error::redact;
    let key = "Ab+Cd/Ef=SENTINEL 0123456789&x~*";
    for echoed in [
        // url::form_urlencoded, as the pp query is built; and the same with lower-case hex.
        "Ab%2BCd%2FEf%3DSENTINEL+0123456789%26x%7E*",
        "Ab%2bCd%2fEf%3dSENTINEL+0123456789%26x%7e*",
        // RFC 3986 component encoding.
        "Ab%2BCd%2FEf%3DSENTINEL%200123456789%26x~%2A",
        // JSON with escaped slashes, and the key as it is.
        "Ab+Cd\\/Ef=SENTINEL 0123456789&x~*",
        key,
    ] {
        let text = format!("bad request: api_action=pp&api_key={echoed}&method=get_info");
        let clean = redact(&text, key);
        assert_eq!(
            clean, "bad request: api_action=pp&api_key=[redacted]&method=get_info",
            "{echoed}"
        );
        let err = PartnerError::Rejected(text).redacted(key);
        assert!(!err.to_string().contains("SENTINEL"), "{err}");
    }
    assert_eq!(redact("nothing secret", ""), "nothing secret");
}

#[test]
fn endpoint_must_be_https_except_loopback() {
    assert!(PartnerEndpoint::new(PartnerApi::Pp, "http://ex.test/api.html").is_err());
    assert!(PartnerEndpoint::new(PartnerApi::Pp, "ftp://ex.test/api.html").is_err());
    assert!(PartnerEndpoint::new(PartnerApi::Pp, "https://user@ex.test/api.html").is_err());
    assert!(PartnerEndpoint::new(PartnerApi::Pp, "http://127.0.0.1:9/api.html").is_ok());
    // IPv6 literals are read whole: only loopback may use plain http.
    for ok in [
        "http://[::1]:9/api.html",
        "http://[::1]/api.html",
        "http://localhost:8080/api.html",
        "http://[::ffff:127.0.0.1]:9/api.html",
        "https://[2001:db8::1]:8443/api.html",
    ] {
        assert!(PartnerEndpoint::new(PartnerApi::Pp, ok).is_ok(), "{ok}");
    }
    for bad in [
        "http://[2001:db8::1]/api.html",
        "http://[2001:db8::1]:80/api.html",
        "http://[::1/api.html",
        "http://[::1]x/api.html",
        "http://[not-v6]/api.html",
        "http://[::1]@evil.test/api.html",
        "http://127.0.0.1.evil.test/api.html",
        "http://10.0.0.1/api.html",
        "https://:443/api.html",
        "https://ex.test:port/api.html",
    ] {
        assert!(PartnerEndpoint::new(PartnerApi::Pp, bad).is_err(), "{bad}");
    }
    assert_eq!(PartnerApi::from_name("iex-v2"), Some(PartnerApi::IexV2));
    assert_eq!(PartnerApi::from_name("soap"), None);
}

#[test]
fn csv_guards_formulas_after_separators_too() {
    let cell = |text: &str| {
        let mut out = String::new();
        csv::push_field(&mut out, text, true);
        out
    };
    assert_eq!(cell("=1+1"), "'=1+1");
    // A spreadsheet splitting on `;`, `,` or tab starts a new cell there.
    assert_eq!(cell("a;=HYPERLINK(1)"), "a;'=HYPERLINK(1)");
    assert_eq!(cell("a,@SUM(1)"), "\"a,'@SUM(1)\"");
    assert_eq!(cell("a\t+1"), "a\t'+1");
    assert_eq!(cell("a; -1"), "a; '-1");
    assert_eq!(cell("a;b"), "a;b");
    // Numbers are not text and keep their sign.
    let mut out = String::new();
    csv::push_field(&mut out, "-1.5", false);
    assert_eq!(out, "-1.5");
}

#[test]
fn csv_export_escapes_and_guards_formulas() {
    let body = fixture("premium_get_links.json");
    let mut clicks = pp::parse_links(&Response::ok(&body)).unwrap();
    clicks[0].referrer = Some("=HYPERLINK(\"x\"),evil".into());
    let out = csv::clicks_csv(&clicks);
    let lines: Vec<&str> = out.split("\r\n").collect();
    assert_eq!(lines[0], "id,date,ip,browser,referrer,query");
    assert!(
        lines[1].starts_with("402,2023-11-15 15:06:40,203.0.113.9,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains(",\"'=HYPERLINK(\"\"x\"\"),evil\","),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0 Safari/537.36\""));

    let body = fixture("premium_get_exchanges.json");
    let list = pp::parse_exchanges(&Response::ok(&body)).unwrap();
    let out = csv::exchanges_csv(&list);
    assert_eq!(
        out.lines().nth(1),
        Some("1902,2023-11-16 05:00:00,500,USDTTRC20,0.0136,BTC,1.25,,done,yes,")
    );

    let body = fixture("premium_get_payouts.json");
    let list = pp::parse_payouts(&Response::ok(&body)).unwrap();
    let out = csv::payouts_csv(&list);
    assert_eq!(
        out.lines().nth(1),
        Some("33,2023-11-17 08:46:40,97.5,USDTTRC20,100,USD,7,•••• bLSE,pending")
    );
}

#[test]
fn direct_mode_pages_a_whole_list() {
    // The relay's JSON is read back by the dashboard's serde structs (dashboard/src/wire.rs,
    // round-trip tests there); here only the local paging used in direct mode.
    let body = fixture("premium_get_exchanges.json");
    let list = pp::parse_exchanges(&Response::ok(&body)).unwrap();
    let local = wire::page_of(&list, 2, 2);
    assert_eq!(
        local
            .items
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        ["1900"]
    );
    assert_eq!((local.next_page, local.count), (None, 3));
    assert_eq!(wire::page_of(&list, 1, 2).next_page, Some(2));
    assert_eq!(
        (local.done, local.reward, local.whole_window),
        (2, dec("2.09"), true)
    );
}

#[test]
fn mask_keeps_last_four() {
    assert_eq!(partner::mask_account("4276123412341234"), "•••• 1234");
    assert_eq!(partner::mask_account("abc"), "••••");
}

#[test]
fn csv_of_the_placements_table_lists_every_row_in_order() {
    let report = placements::PlacementReport {
        items: vec![
            placements::PlacementRow {
                placement: Some("=cmd".into()),
                clicks: 4,
                visitors: 3,
                exchanges: 2,
                done: 1,
                reward: Decimal::parse("3.75").unwrap(),
                conversion: Some(Decimal::parse("50.00").unwrap()),
            },
            placements::PlacementRow {
                placement: None,
                clicks: 0,
                visitors: 0,
                exchanges: 0,
                done: 0,
                reward: Decimal::parse("0").unwrap(),
                conversion: None,
            },
        ],
        ..Default::default()
    };
    let out = csv::placements_csv(&report);
    let lines: Vec<&str> = out.split("\r\n").collect();
    assert_eq!(
        lines,
        [
            "placement,clicks,visitors,exchanges,done,reward,conversion",
            "'=cmd,4,3,2,1,3.75,50.00",
            ",0,0,0,0,0,",
            ""
        ]
    );
}
