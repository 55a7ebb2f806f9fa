//! Per-day series and breakdowns for the dashboard's charts.

use super::dates;
use super::model::{Click, ExchangeState, PartnerExchange, When};
use crate::decimal::Decimal;

/// One day of a chart: count and summed amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayPoint {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Number of records that day.
    pub count: u64,
    /// Sum of amounts that day (zero for counts-only series).
    pub amount: Decimal,
}

/// Most days a series spans; older days are dropped (a chart cannot show more anyway).
pub const MAX_DAYS: i64 = 400;

/// The day a record falls on: its site-local date text first, else its time.
pub fn record_day(at: &When, date: Option<&str>) -> Option<i64> {
    date.and_then(dates::day_of_text).or_else(|| at.day())
}

fn series(points: impl Iterator<Item = (Option<i64>, Decimal)>) -> (Vec<DayPoint>, usize) {
    let mut undated = 0;
    let mut by_day: std::collections::BTreeMap<i64, (u64, Decimal)> = Default::default();
    for (day, amount) in points {
        match day {
            Some(d) => {
                let slot = by_day.entry(d).or_insert((0, Decimal::default()));
                slot.0 += 1;
                slot.1 = slot.1.checked_add(&amount).unwrap_or(slot.1);
            }
            None => undated += 1,
        }
    }
    let (Some(&first), Some(&last)) = (by_day.keys().next(), by_day.keys().next_back()) else {
        return (Vec::new(), undated);
    };
    let first = first.max(last - MAX_DAYS + 1);
    let out = (first..=last)
        .map(|d| {
            let (count, amount) = by_day.get(&d).cloned().unwrap_or((0, Decimal::default()));
            DayPoint {
                day: dates::day_string(d),
                count,
                amount,
            }
        })
        .collect();
    (out, undated)
}

/// Clicks per day (every day between the first and last, zeros included) and how many clicks
/// had no usable date.
pub fn clicks_per_day(clicks: &[Click]) -> (Vec<DayPoint>, usize) {
    series(
        clicks
            .iter()
            .map(|c| (record_day(&c.at, c.date.as_deref()), Decimal::default())),
    )
}

/// Completed (or unknown-state) exchanges per day, summing the rewards; and the undated count.
pub fn exchanges_per_day(list: &[PartnerExchange]) -> (Vec<DayPoint>, usize) {
    series(
        list.iter()
            .filter(|e| e.state.short() != "failed")
            .map(|e| {
                (
                    record_day(&e.at, e.date.as_deref()),
                    e.reward.as_ref().map(|r| r.amount).unwrap_or_default(),
                )
            }),
    )
}

/// Earnings per day: rewards of exchanges whose reward was credited (or not said), by day.
pub fn earnings_per_day(list: &[PartnerExchange]) -> (Vec<DayPoint>, usize) {
    series(
        list.iter()
            .filter(|e| {
                e.reward_accrued != Some(false)
                    && e.state != ExchangeState::NotCompleted
                    && e.state.short() != "failed"
            })
            .map(|e| {
                (
                    record_day(&e.at, e.date.as_deref()),
                    e.reward.as_ref().map(|r| r.amount).unwrap_or_default(),
                )
            }),
    )
}

/// Totals of an exchange list: count, completed count, summed reward.
pub fn exchange_totals(list: &[PartnerExchange]) -> (usize, usize, Decimal) {
    let done = list.iter().filter(|e| e.state.short() == "done").count();
    let reward = list
        .iter()
        .filter_map(|e| e.reward.as_ref())
        .fold(Decimal::default(), |acc, r| {
            acc.checked_add(&r.amount).unwrap_or(acc)
        });
    (list.len(), done, reward)
}

/// The host of a referrer URL (`"www.example.com"` → `"example.com"`); `"(direct)"` when empty.
pub fn referrer_host(referrer: Option<&str>) -> String {
    let Some(r) = referrer
        .map(str::trim)
        .filter(|r| !r.is_empty() && *r != "-")
    else {
        return "(direct)".to_string();
    };
    let rest = r.split_once("://").map(|(_, rest)| rest).unwrap_or(r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map(|(_, h)| h).unwrap_or(host);
    let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    if host.is_empty() {
        "(direct)".to_string()
    } else {
        host
    }
}

/// The browser family of a user-agent string (or an already short name).
pub fn browser_family(browser: Option<&str>) -> String {
    let Some(ua) = browser.map(str::trim).filter(|b| !b.is_empty()) else {
        return "(unknown)".to_string();
    };
    let has = |s: &str| ua.contains(s);
    let family = if has("YaBrowser") {
        "Yandex"
    } else if has("Edg/") || has("Edge/") {
        "Edge"
    } else if has("OPR/") || has("Opera") {
        "Opera"
    } else if has("SamsungBrowser") {
        "Samsung Internet"
    } else if has("Firefox/") || has("FxiOS") {
        "Firefox"
    } else if has("Chrome/") || has("CriOS") || has("Chromium") {
        "Chrome"
    } else if has("Safari/") {
        "Safari"
    } else if has("bot") || has("Bot") || has("spider") || has("crawl") {
        "Bot"
    } else if ua.len() <= 24 && !ua.contains('/') {
        return ua.to_string();
    } else {
        "Other"
    };
    family.to_string()
}

/// Counts by a key, largest first (ties by name).
pub fn breakdown<'a>(keys: impl Iterator<Item = String> + 'a) -> Vec<(String, u64)> {
    let mut counts: std::collections::HashMap<String, u64> = Default::default();
    for k in keys {
        *counts.entry(k).or_default() += 1;
    }
    let mut out: Vec<(String, u64)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Clicks by referrer host, largest first.
pub fn referrer_breakdown(clicks: &[Click]) -> Vec<(String, u64)> {
    breakdown(clicks.iter().map(|c| referrer_host(c.referrer.as_deref())))
}

/// Clicks by browser family, largest first.
pub fn browser_breakdown(clicks: &[Click]) -> Vec<(String, u64)> {
    breakdown(clicks.iter().map(|c| browser_family(c.browser.as_deref())))
}
