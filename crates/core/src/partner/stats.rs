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

/// The first and last day (day numbers, both included) a chart's axis runs over.
pub type DaySpan = (i64, i64);

/// The day a record falls on: its site-local date text first, else its time.
pub fn record_day(at: &When, date: Option<&str>) -> Option<i64> {
    date.and_then(dates::day_of_text).or_else(|| at.day())
}

/// Every day of `span` (widened to any record outside it; with no span, from the first record's
/// day to the last's), zeros included, at most [`MAX_DAYS`] ending on the last; and how many
/// records had no day.
fn series(
    points: impl Iterator<Item = (Option<i64>, Decimal)>,
    span: Option<DaySpan>,
) -> (Vec<DayPoint>, usize) {
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
    let data = by_day.keys().next().zip(by_day.keys().next_back());
    let (first, last) = match (span, data) {
        (Some((first, last)), Some((&lo, &hi))) => (first.min(lo), last.max(hi)),
        (Some(span), None) => span,
        (None, Some((&lo, &hi))) => (lo, hi),
        (None, None) => return (Vec::new(), undated),
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

/// Pads every series with empty days so that all run from the same first day to the same last
/// (at most [`MAX_DAYS`]): charts drawn side by side then put the same day at the same place.
/// Empty series stay empty.
pub fn align(series: &mut [&mut Vec<DayPoint>]) {
    let day = |p: Option<&DayPoint>| p.and_then(|p| dates::day_of_text(&p.day));
    let firsts = series.iter().filter_map(|s| day(s.first()));
    let Some(first) = firsts.min() else { return };
    let Some(last) = series.iter().filter_map(|s| day(s.last())).max() else {
        return;
    };
    let first = first.max(last - MAX_DAYS + 1);
    for s in series.iter_mut() {
        if s.is_empty() {
            continue;
        }
        let mut by_day: std::collections::BTreeMap<i64, DayPoint> = s
            .drain(..)
            .filter_map(|p| Some((dates::day_of_text(&p.day)?, p)))
            .collect();
        s.extend((first..=last).map(|d| {
            by_day.remove(&d).unwrap_or_else(|| DayPoint {
                day: dates::day_string(d),
                count: 0,
                amount: Decimal::default(),
            })
        }));
    }
}

/// Clicks per day over `span` (every day, zeros included; see [`DaySpan`]) and how many clicks
/// had no usable date.
pub fn clicks_per_day(clicks: &[Click], span: Option<DaySpan>) -> (Vec<DayPoint>, usize) {
    series(
        clicks
            .iter()
            .map(|c| (record_day(&c.at, c.date.as_deref()), Decimal::default())),
        span,
    )
}

/// Completed (or unknown-state) exchanges per day over `span`, summing the rewards; and the
/// undated count.
pub fn exchanges_per_day(
    list: &[PartnerExchange],
    span: Option<DaySpan>,
) -> (Vec<DayPoint>, usize) {
    series(
        list.iter()
            .filter(|e| e.state.short() != "failed")
            .map(|e| {
                (
                    record_day(&e.at, e.date.as_deref()),
                    e.reward.as_ref().map(|r| r.amount).unwrap_or_default(),
                )
            }),
        span,
    )
}

/// Whether an exchange's reward counts as earned: credited (or the source does not say), and
/// the exchange neither failed nor is still not completed.
pub fn is_credited(e: &PartnerExchange) -> bool {
    e.reward_accrued != Some(false)
        && e.state != ExchangeState::NotCompleted
        && e.state.short() != "failed"
}

/// Earnings per day over `span`: rewards of exchanges whose reward was credited (or not said,
/// [`is_credited`]), by day; and the undated count.
pub fn earnings_per_day(list: &[PartnerExchange], span: Option<DaySpan>) -> (Vec<DayPoint>, usize) {
    series(
        list.iter().filter(|e| is_credited(e)).map(|e| {
            (
                record_day(&e.at, e.date.as_deref()),
                e.reward.as_ref().map(|r| r.amount).unwrap_or_default(),
            )
        }),
        span,
    )
}

/// The rewards not credited yet: exchanges not [`is_credited`] that did not fail and carry a
/// non-zero reward (done but not yet credited, or still pending). Their count and summed reward.
pub fn not_credited(list: &[PartnerExchange]) -> (usize, Decimal) {
    list.iter()
        .filter(|e| !is_credited(e) && e.state.short() != "failed")
        .filter_map(|e| e.reward.as_ref().map(|r| r.amount))
        .filter(|a| !a.is_zero())
        .fold((0, Decimal::default()), |(n, sum), a| {
            (n + 1, sum.checked_add(&a).unwrap_or(sum))
        })
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
