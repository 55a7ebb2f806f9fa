//! Which widget placement earns: clicks and exchanges per placement, by last-touch attribution.
//!
//! A click's placement and pair come from its `query_string` (the placement parameter,
//! `cur_from`, `cur_to`); an exchange belongs to the last click with the same `user_hash` at or
//! before the exchange's time. Exchanges with no such click are unattributed.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Click, ExchangeState, PartnerExchange};
use super::request::Window;
use crate::decimal::{Decimal, Rounding};
use crate::link::{is_placement_name, query_value};

/// Longest query string read from one click (a visitor can send any URL; the rest is ignored).
const MAX_QUERY_LEN: usize = 2048;

/// One placement's figures in the window (`placement: None` collects clicks without one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacementRow {
    /// The placement name, or `None` for clicks that carry none.
    pub placement: Option<String>,
    /// Clicks in the window.
    pub clicks: u64,
    /// Distinct `user_hash` values among those clicks (a click without one counts alone).
    pub visitors: u64,
    /// Exchanges in the window attributed to this placement.
    pub exchanges: u64,
    /// Of those, the completed ones.
    pub done: u64,
    /// Summed partner reward of the attributed exchanges.
    pub reward: Decimal,
    /// `exchanges / clicks × 100`, two decimals; `None` when there were no clicks.
    pub conversion: Option<Decimal>,
}

/// Clicks and attributed exchanges of one placement and pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacementPair {
    /// The placement name, or `None`.
    pub placement: Option<String>,
    /// `cur_from` of the click, if it had one.
    pub from: Option<String>,
    /// `cur_to` of the click, if it had one.
    pub to: Option<String>,
    /// Clicks in the window.
    pub clicks: u64,
    /// Exchanges in the window attributed to clicks of this placement and pair.
    pub exchanges: u64,
}

/// Exchanges in the window that no click explains.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unattributed {
    /// How many.
    pub exchanges: u64,
    /// Their summed partner reward.
    pub reward: Decimal,
}

/// The whole report: rows by reward (highest first), the pair breakdown, the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlacementReport {
    /// One row per placement seen in the window.
    pub items: Vec<PlacementRow>,
    /// One row per placement and pair.
    pub pairs: Vec<PlacementPair>,
    /// Exchanges without a click to attribute them to.
    pub unattributed: Unattributed,
}

/// What a click says about where it came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Origin {
    placement: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

fn origin_of(click: &Click, param: &str) -> Origin {
    let query = click.query.as_deref().unwrap_or("");
    let query = match query.char_indices().nth(MAX_QUERY_LEN) {
        Some((cut, _)) => &query[..cut],
        None => query,
    };
    let code = |name: &str| {
        query_value(query, name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty() && v.len() <= 64)
    };
    Origin {
        // A value that is not a placement name (hand-made URLs, attacks) counts as none.
        placement: query_value(query, param).filter(|p| is_placement_name(p)),
        from: code("cur_from"),
        to: code("cur_to"),
    }
}

fn user(hash: Option<&str>) -> Option<&str> {
    hash.map(str::trim).filter(|h| !h.is_empty())
}

#[derive(Default)]
struct Tally<'a> {
    clicks: u64,
    visitors: BTreeSet<&'a str>,
    anonymous: u64,
    exchanges: u64,
    done: u64,
    reward: Decimal,
}

/// Attributes `exchanges` to `clicks` and counts both per placement over `window`.
///
/// Only clicks and exchanges inside the window are counted; clicks before the window may still
/// explain an exchange inside it (pass them in for a look-back). The placement is read from the
/// click's query parameter `param` (`utm_content` by default in the widget); when a parameter
/// repeats, the last one counts. Totals of `items` plus `unattributed` equal the window's
/// exchange count and reward.
pub fn attribute(
    clicks: &[Click],
    exchanges: &[PartnerExchange],
    param: &str,
    window: Window,
) -> PlacementReport {
    // Clicks by visitor, in time order: an exchange looks up the last one at or before it.
    let mut by_user: BTreeMap<&str, Vec<(i64, usize)>> = BTreeMap::new();
    let origins: Vec<Origin> = clicks.iter().map(|c| origin_of(c, param)).collect();
    let mut rows: BTreeMap<Option<String>, Tally> = BTreeMap::new();
    let mut pairs: BTreeMap<Origin, (u64, u64)> = BTreeMap::new();
    for (i, click) in clicks.iter().enumerate() {
        let Some(t) = click.at.unix() else { continue };
        let hash = user(click.user_hash.as_deref());
        if let Some(h) = hash {
            by_user.entry(h).or_default().push((t, i));
        }
        if !window.contains(t) {
            continue;
        }
        let origin = &origins[i];
        let row = rows.entry(origin.placement.clone()).or_default();
        row.clicks += 1;
        match hash {
            Some(h) => {
                row.visitors.insert(h);
            }
            None => row.anonymous += 1,
        }
        pairs.entry(origin.clone()).or_default().0 += 1;
    }
    for list in by_user.values_mut() {
        list.sort_unstable();
    }

    let mut unattributed = Unattributed::default();
    for exchange in exchanges {
        let Some(t) = exchange.at.unix() else {
            continue;
        };
        if !window.contains(t) {
            continue;
        }
        let reward = exchange
            .reward
            .as_ref()
            .map(|m| m.amount)
            .unwrap_or_default();
        let last_click = user(exchange.user_hash.as_deref())
            .and_then(|h| by_user.get(h))
            .and_then(|list| {
                let n = list.partition_point(|&(ct, _)| ct <= t);
                n.checked_sub(1).map(|k| list[k].1)
            });
        let Some(i) = last_click else {
            unattributed.exchanges += 1;
            unattributed.reward = unattributed
                .reward
                .checked_add(&reward)
                .unwrap_or(unattributed.reward);
            continue;
        };
        let origin = &origins[i];
        let row = rows.entry(origin.placement.clone()).or_default();
        row.exchanges += 1;
        if exchange.state == ExchangeState::Completed {
            row.done += 1;
        }
        row.reward = row.reward.checked_add(&reward).unwrap_or(row.reward);
        pairs.entry(origin.clone()).or_default().1 += 1;
    }

    let mut items: Vec<PlacementRow> = rows
        .into_iter()
        .map(|(placement, t)| PlacementRow {
            placement,
            clicks: t.clicks,
            visitors: t.visitors.len() as u64 + t.anonymous,
            exchanges: t.exchanges,
            done: t.done,
            reward: t.reward,
            conversion: conversion(t.exchanges, t.clicks),
        })
        .collect();
    items.sort_by(|a, b| {
        b.reward
            .cmp(&a.reward)
            .then(b.exchanges.cmp(&a.exchanges))
            .then(b.clicks.cmp(&a.clicks))
            .then(a.placement.cmp(&b.placement))
    });
    let mut pairs: Vec<PlacementPair> = pairs
        .into_iter()
        .map(|(o, (clicks, exchanges))| PlacementPair {
            placement: o.placement,
            from: o.from,
            to: o.to,
            clicks,
            exchanges,
        })
        .collect();
    pairs.sort_by(|a, b| {
        a.placement
            .cmp(&b.placement)
            .then(b.exchanges.cmp(&a.exchanges))
            .then(b.clicks.cmp(&a.clicks))
            .then((&a.from, &a.to).cmp(&(&b.from, &b.to)))
    });
    PlacementReport {
        items,
        pairs,
        unattributed,
    }
}

/// `exchanges / clicks × 100` to two decimals (rounded half up), `None` without clicks.
fn conversion(exchanges: u64, clicks: u64) -> Option<Decimal> {
    if clicks == 0 {
        return None;
    }
    let e = Decimal::from_i64(i64::try_from(exchanges).ok()?);
    let c = Decimal::from_i64(i64::try_from(clicks).ok()?);
    e.checked_mul(&Decimal::HUNDRED, Rounding::HalfUp)?
        .checked_div(&c, 2, Rounding::HalfUp)
}
