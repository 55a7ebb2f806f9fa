//! Compare layout: the exchangers of a relay's `/compare` document and their offers, ranked.

use std::rc::Rc;

use super::State;
#[cfg(feature = "compare")]
use crate::core_api::{self, Offer};
use crate::core_api::{CompareDoc, Direction, Exchanger, Feed, Quote};
#[cfg(feature = "compare")]
use crate::i18n;

/// What the widget keeps of a `/compare` document besides its merged feed.
#[derive(Debug, PartialEq)]
pub struct CompareInfo {
    /// The exchangers, in document order (links checked).
    pub exchangers: Vec<Exchanger>,
    /// For each direction of `feed`, the index of its exchanger.
    pub owners: Vec<u16>,
    /// Every exchanger's directions as one feed (what the market indexes).
    pub feed: Rc<Feed>,
}

impl CompareInfo {
    /// Splits a document read by the core into the feed and the rest.
    pub fn new(doc: CompareDoc) -> CompareInfo {
        CompareInfo {
            exchangers: doc.exchangers,
            owners: doc.owners,
            feed: Rc::new(doc.feed),
        }
    }
}

/// One exchanger's offer for the chosen pair, in ranking order.
#[derive(Debug)]
pub struct OfferRow<'a> {
    /// Whose offer.
    pub exchanger: &'a Exchanger,
    /// Its direction for the pair.
    pub direction: &'a Direction,
    /// The quote for the amount typed (for no readable amount, zero: every row then says
    /// "enter an amount above zero").
    pub quote: Quote,
}

impl OfferRow<'_> {
    /// True when the exchanger can take the amount.
    pub fn fits(&self) -> bool {
        self.quote.is_ok()
    }
}

#[cfg(feature = "compare")]
impl State {
    /// The offers for the chosen pair (in the chosen city, when the pair is a cash one), ranked
    /// for the amount typed by the core's [`core_api::rank_offers`]: those that can take it
    /// first, most received first, then the others with their reasons. Only the pair's
    /// directions are looked at (the market indexes them by currency), so this runs per
    /// keystroke.
    pub fn offer_rows(&self) -> Vec<OfferRow<'_>> {
        let (Some(m), Some(c), Some(give), Some(get)) = (
            self.market.as_deref(),
            self.compare.as_deref(),
            self.give.as_deref(),
            self.get.as_deref(),
        ) else {
            return Vec::new();
        };
        let feed = &m.feed;
        let mut offers = Vec::new();
        let mut whose = Vec::new();
        for &i in m.entry(give).map_or(&[][..], |e| &e.from[..]) {
            let (Some(d), Some(&owner)) =
                (feed.directions.get(i as usize), c.owners.get(i as usize))
            else {
                continue;
            };
            let Some(e) = c.exchangers.get(usize::from(owner)) else {
                continue;
            };
            if d.to != get || (d.city.is_some() && self.city.is_some() && d.city != self.city) {
                continue;
            }
            offers.push(Offer {
                exchanger: &e.id,
                direction: d,
                stale: e.stale,
            });
            whose.push(e);
        }
        let amount = core_api::parse_amount_input(&self.amount, self.lang()).unwrap_or_default();
        let mut rows = Vec::with_capacity(offers.len());
        for r in core_api::rank_offers(&offers, amount) {
            if let (Some(&exchanger), Some(o)) = (whose.get(r.index), offers.get(r.index)) {
                rows.push(OfferRow {
                    exchanger,
                    direction: o.direction,
                    quote: r.quote,
                });
            }
        }
        rows
    }

    /// Exchangers that offer nothing (the relay has no data for them, or their link cannot be
    /// used), each with the reason.
    pub fn unavailable(&self) -> Vec<(&Exchanger, &str)> {
        let mut out = Vec::new();
        for e in self.compare.iter().flat_map(|c| &c.exchangers) {
            if let Some(why) = e.problem() {
                out.push((e, why));
            }
        }
        out
    }

    /// The affiliate link of an offer: its exchanger's base, ref and template with its own codes,
    /// tagged with the widget's `placement` as [`crate::core_api::LinkBuilder::with_placement`]
    /// tags a link (`&utm_content=NAME`; both names were checked with the attributes).
    pub fn offer_href(&self, e: &Exchanger, d: &Direction) -> Option<String> {
        let mut href = e.href(&d.from, &d.to)?;
        if let Some(name) = &self.config.placement {
            href.push(if href.contains('?') { '&' } else { '?' });
            for part in [
                self.config
                    .placement_param
                    .as_deref()
                    .unwrap_or("utm_content"),
                "=",
                name,
            ] {
                href.push_str(part);
            }
        }
        Some(href)
    }

    /// The live summary of the best offer: "Best offer: Alpha — 580,000.00 SBERRUB".
    pub(super) fn compare_message(&self) -> String {
        let lang = self.lang();
        let s = i18n::strings(lang);
        let rows = self.offer_rows();
        let Some(best) = rows.first() else {
            return String::new();
        };
        let q = &best.quote;
        let mut m = String::new();
        if q.is_ok() {
            let code = &best.direction.to;
            let amount = core_api::format_amount(&q.get, core_api::precision_for(code), lang);
            for part in [
                s.best_offer,
                ": ",
                &best.exchanger.title,
                " — ",
                &amount,
                " ",
                code,
            ] {
                m.push_str(part);
            }
        } else {
            // Not the top row's limit: the one closest to the amount, with whose it is.
            let amount = core_api::parse_amount_input(&self.amount, lang).unwrap_or_default();
            let closest =
                core_api::closest_limit(rows.iter().map(|r| (r.direction, &r.quote)), amount);
            let (title, dir, p) = match closest {
                Some((i, p)) => {
                    let row = rows.get(i).unwrap_or(best);
                    (Some(&row.exchanger.title), row.direction, p)
                }
                // No limit to name (the amount is zero, fees, no rate): the top row's reason.
                None => match q.problems.first() {
                    Some(p) => (None, best.direction, p),
                    None => return m,
                },
            };
            m.push_str(s.none_fits);
            m.push_str(": ");
            if let Some(title) = title {
                m.push_str(title);
                m.push_str(" — ");
            }
            m.push_str(&p.message(dir, lang));
        }
        m
    }
}

/// Without the `compare` feature (the lean bundle) there are no offers: the configuration
/// refuses `layout="compare"` ([`crate::config::NO_COMPARE`]), so no `/compare` document is
/// read, and these stand-ins keep the ranking, the offer links and their texts out of the wasm.
#[cfg(not(feature = "compare"))]
impl State {
    /// No offers without the compare layout.
    pub fn offer_rows(&self) -> Vec<OfferRow<'_>> {
        Vec::new()
    }

    /// No exchangers without the compare layout.
    pub fn unavailable(&self) -> Vec<(&Exchanger, &str)> {
        Vec::new()
    }

    /// Nothing to announce without the compare layout.
    pub(super) fn compare_message(&self) -> String {
        String::new()
    }
}
