//! Per-placement attribution of partner exchanges to widget clicks (last touch by user_hash).

use ratelink_core::decimal::Decimal;
use ratelink_core::partner::placements::{attribute, PlacementReport, PlacementRow};
use ratelink_core::partner::{Click, ExchangeState, Money, PartnerExchange, When, Window};

fn d(s: &str) -> Decimal {
    Decimal::parse(s).expect("test decimal")
}

fn click(id: &str, t: i64, user: Option<&str>, query: Option<&str>) -> Click {
    Click {
        id: id.to_string(),
        at: When::Unix(t),
        date: None,
        ip: None,
        browser: None,
        referrer: None,
        user_hash: user.map(str::to_string),
        query: query.map(str::to_string),
    }
}

fn exchange(id: &str, t: i64, user: Option<&str>, reward: &str, done: bool) -> PartnerExchange {
    PartnerExchange {
        id: id.to_string(),
        at: When::Unix(t),
        date: None,
        give: None,
        get: None,
        reward: Some(Money::new(d(reward), None)),
        state: if done {
            ExchangeState::Completed
        } else {
            ExchangeState::NotCompleted
        },
        reward_accrued: None,
        order_ref: None,
        user_hash: user.map(str::to_string),
    }
}

const WINDOW: Window = Window {
    from: 1000,
    to: 2000,
};

fn row<'a>(report: &'a PlacementReport, name: Option<&str>) -> &'a PlacementRow {
    report
        .items
        .iter()
        .find(|r| r.placement.as_deref() == name)
        .unwrap_or_else(|| panic!("no row for {name:?} in {:?}", report.items))
}

/// Exchanges and reward over items plus unattributed equal the window's own totals.
fn assert_totals(report: &PlacementReport, exchanges: &[PartnerExchange]) {
    let in_window: Vec<&PartnerExchange> = exchanges
        .iter()
        .filter(|e| {
            e.at.unix()
                .is_some_and(|t| (WINDOW.from..=WINDOW.to).contains(&t))
        })
        .collect();
    let count: u64 =
        report.items.iter().map(|r| r.exchanges).sum::<u64>() + report.unattributed.exchanges;
    assert_eq!(count, in_window.len() as u64, "exchange count");
    let reward = report
        .items
        .iter()
        .map(|r| r.reward)
        .fold(report.unattributed.reward, |a, b| {
            a.checked_add(&b).expect("sum")
        });
    let want = in_window
        .iter()
        .filter_map(|e| e.reward.as_ref())
        .fold(Decimal::ZERO, |a, m| a.checked_add(&m.amount).expect("sum"));
    assert_eq!(reward, want, "reward total");
}

#[test]
fn should_attribute_each_exchange_to_the_last_click_of_its_visitor() {
    let clicks = vec![
        click(
            "1",
            1100,
            Some("u1"),
            Some("cur_from=BTC&cur_to=SBERRUB&utm_content=home"),
        ),
        click(
            "2",
            1200,
            Some("u1"),
            Some("?cur_from=USDTTRC20&cur_to=CARDRUB&utm_content=sidebar"),
        ),
        click(
            "3",
            1300,
            Some("u2"),
            Some("cur_from=BTC&cur_to=SBERRUB&utm_content=home"),
        ),
    ];
    let exchanges = vec![
        // u1's last click before 1250 is the sidebar one, not the earlier home one.
        exchange("e1", 1250, Some("u1"), "3.5", true),
        // u1 at 1150: only the home click had happened.
        exchange("e2", 1150, Some("u1"), "1", false),
        exchange("e3", 1400, Some("u2"), "2", true),
    ];
    let report = attribute(&clicks, &exchanges, "utm_content", WINDOW);
    let home = row(&report, Some("home"));
    assert_eq!(
        (home.clicks, home.visitors, home.exchanges, home.done),
        (2, 2, 2, 1)
    );
    assert_eq!(home.reward, d("3"));
    assert_eq!(home.conversion, Some(d("100")));
    let sidebar = row(&report, Some("sidebar"));
    assert_eq!(
        (
            sidebar.clicks,
            sidebar.visitors,
            sidebar.exchanges,
            sidebar.done
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(sidebar.reward, d("3.5"));
    // Sorted by reward: sidebar (3.5) before home (3).
    assert_eq!(report.items[0].placement.as_deref(), Some("sidebar"));
    assert_eq!(report.unattributed.exchanges, 0);
    let pair = report
        .pairs
        .iter()
        .find(|p| p.placement.as_deref() == Some("home") && p.from.as_deref() == Some("BTC"))
        .expect("home BTC pair");
    assert_eq!(
        (pair.to.as_deref(), pair.clicks, pair.exchanges),
        (Some("SBERRUB"), 2, 2)
    );
    assert_totals(&report, &exchanges);
}

#[test]
fn should_count_only_the_window_but_let_earlier_clicks_explain_exchanges_in_it() {
    let clicks = vec![
        click("old", 500, Some("u1"), Some("utm_content=article")),
        click("late", 2500, Some("u2"), Some("utm_content=home")),
        click("in", 1500, Some("u3"), Some("utm_content=home")),
    ];
    let exchanges = vec![
        exchange("e1", 1100, Some("u1"), "5", true), // explained by the click before the window
        exchange("e2", 2600, Some("u2"), "9", true), // after the window: not counted
        exchange("e3", 900, Some("u3"), "9", true),  // before the window: not counted
    ];
    let report = attribute(&clicks, &exchanges, "utm_content", WINDOW);
    let article = row(&report, Some("article"));
    assert_eq!(
        (article.clicks, article.visitors, article.exchanges),
        (0, 0, 1)
    );
    assert_eq!(
        article.conversion, None,
        "no clicks in the window: no conversion figure"
    );
    assert_eq!(article.reward, d("5"));
    let home = row(&report, Some("home"));
    assert_eq!((home.clicks, home.exchanges), (1, 0));
    assert_eq!(home.conversion, Some(d("0")));
    assert_totals(&report, &exchanges);
}

#[test]
fn should_leave_exchanges_before_any_click_or_without_a_visitor_unattributed() {
    let clicks = vec![click("1", 1500, Some("u1"), Some("utm_content=home"))];
    let exchanges = vec![
        exchange("before", 1400, Some("u1"), "2", true), // the visitor clicked only later
        exchange("stranger", 1600, Some("u9"), "3", true),
        exchange("nohash", 1600, None, "4", false),
        exchange("counted", 1600, Some("u1"), "1", true),
    ];
    let report = attribute(&clicks, &exchanges, "utm_content", WINDOW);
    assert_eq!(report.unattributed.exchanges, 3);
    assert_eq!(report.unattributed.reward, d("9"));
    assert_eq!(row(&report, Some("home")).exchanges, 1);
    assert_totals(&report, &exchanges);
}

#[test]
fn should_collect_clicks_without_a_placement_under_null() {
    let clicks = vec![
        click("1", 1100, Some("u1"), None),
        click("2", 1200, Some("u2"), Some("cur_from=BTC&cur_to=ETH")),
        click("3", 1300, None, Some("")),
        click("4", 1300, None, Some("utm_content=")),
        // Not a placement name (space, quote, 65 characters): counted as none.
        click("5", 1400, Some("u5"), Some("utm_content=%3Cscript%3E")),
        click(
            "6",
            1400,
            Some("u6"),
            Some(&format!("utm_content={}", "a".repeat(65))),
        ),
    ];
    let exchanges = vec![exchange("e", 1250, Some("u2"), "1", true)];
    let report = attribute(&clicks, &exchanges, "utm_content", WINDOW);
    assert_eq!(report.items.len(), 1, "{:?}", report.items);
    let none = row(&report, None);
    // u1, u2, u5, u6 and two clicks without a hash, each its own visitor.
    assert_eq!((none.clicks, none.visitors, none.exchanges), (6, 6, 1));
    let pair = report
        .pairs
        .iter()
        .find(|p| p.from.as_deref() == Some("BTC"))
        .expect("BTC pair");
    assert_eq!(
        (
            pair.placement.as_deref(),
            pair.to.as_deref(),
            pair.exchanges
        ),
        (None, Some("ETH"), 1)
    );
    assert_totals(&report, &exchanges);
}

#[test]
fn should_take_the_last_of_repeated_parameters_and_decode_them() {
    let clicks = vec![
        click(
            "1",
            1100,
            Some("u1"),
            Some("utm_content=home&cur_from=BTC&utm_content=blog.post-1"),
        ),
        click(
            "2",
            1200,
            Some("u2"),
            Some("cur_from=USDT%20TRC20&cur_to=SBER%2BRUB&utm_content=home#x"),
        ),
    ];
    let report = attribute(&clicks, &[], "utm_content", WINDOW);
    assert_eq!(row(&report, Some("blog.post-1")).clicks, 1);
    assert_eq!(row(&report, Some("home")).clicks, 1);
    let pair = report
        .pairs
        .iter()
        .find(|p| p.placement.as_deref() == Some("home"))
        .expect("home pair");
    assert_eq!(
        (pair.from.as_deref(), pair.to.as_deref()),
        (Some("USDT TRC20"), Some("SBER+RUB"))
    );
}

#[test]
fn should_read_the_configured_parameter_instead_of_utm_content() {
    let clicks = vec![click(
        "1",
        1100,
        Some("u1"),
        Some("utm_content=home&pl=sidebar"),
    )];
    let exchanges = vec![exchange("e", 1200, Some("u1"), "1", true)];
    let report = attribute(&clicks, &exchanges, "pl", WINDOW);
    assert_eq!(row(&report, Some("sidebar")).exchanges, 1);
    assert!(report
        .items
        .iter()
        .all(|r| r.placement.as_deref() != Some("home")));
}

#[test]
fn should_round_conversion_to_two_decimals() {
    let clicks: Vec<Click> = (0..3)
        .map(|i| {
            click(
                &i.to_string(),
                1100 + i,
                Some(&format!("u{i}")),
                Some("utm_content=home"),
            )
        })
        .collect();
    let exchanges = vec![exchange("e", 1500, Some("u0"), "1", true)];
    let report = attribute(&clicks, &exchanges, "utm_content", WINDOW);
    assert_eq!(row(&report, Some("home")).conversion, Some(d("33.33")));
}

#[test]
fn should_stay_linear_on_many_clicks_of_one_visitor() {
    // 20,000 clicks of one visitor and 5,000 exchanges: a binary search per exchange.
    let clicks: Vec<Click> = (0..20_000)
        .map(|i| {
            click(
                &i.to_string(),
                1000 + i / 20,
                Some("u"),
                Some(if i % 2 == 0 {
                    "utm_content=a"
                } else {
                    "utm_content=b"
                }),
            )
        })
        .collect();
    let exchanges: Vec<PartnerExchange> = (0..5_000)
        .map(|i| exchange(&format!("e{i}"), 1000 + (i % 1000), Some("u"), "0.01", true))
        .collect();
    let report = attribute(&clicks, &exchanges, "utm_content", WINDOW);
    assert_eq!(report.items.iter().map(|r| r.clicks).sum::<u64>(), 20_000);
    assert_totals(&report, &exchanges);
}
