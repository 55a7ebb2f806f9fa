//! Compare mode: one pair's offers from several exchangers, ranked for the amount typed.
//!
//! Each offer is quoted exactly as the single view quotes it ([`quote_give`]: fees read the way
//! least favourable to the visitor, amounts received rounded down). Offers that can take the
//! amount come first, most received first; fresh feeds before stale ones at the same amount;
//! then the offers that cannot take it (below the minimum, above the maximum or the reserve),
//! each with its reasons, also most received first.

use std::cmp::Ordering;

use crate::currency::lookup;
use crate::decimal::Decimal;
use crate::model::Direction;
use crate::quote::{quote_give, LimitProblem, Quote};

/// One exchanger's direction for the pair being compared.
#[derive(Clone, Copy, Debug)]
pub struct Offer<'a> {
    /// The exchanger's id (the relay's feed name).
    pub exchanger: &'a str,
    /// Its direction for the pair.
    pub direction: &'a Direction,
    /// True when the exchanger's feed could not be refreshed (its last good copy is shown).
    pub stale: bool,
}

/// An offer with its quote for the amount, in ranking order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked {
    /// Index of the offer in the slice given to [`rank_offers`].
    pub index: usize,
    /// The quote for the amount typed.
    pub quote: Quote,
}

impl Ranked {
    /// True when the exchanger can take the amount (no limit, reserve or fee problem).
    pub fn fits(&self) -> bool {
        self.quote.is_ok()
    }

    /// Why it cannot take the amount (empty when it fits).
    pub fn reasons(&self) -> &[LimitProblem] {
        &self.quote.problems
    }
}

/// Ranks `offers` for `give` (in the pair's `from` currency): fitting offers first, by amount
/// received (descending); at equal amounts a fresh feed before a stale one, an exact quote
/// before an approximate one, then the exchanger id; then the offers that cannot take the
/// amount, in the same order. Linear in the offers plus the sort.
pub fn rank_offers(offers: &[Offer<'_>], give: Decimal) -> Vec<Ranked> {
    let mut ranked: Vec<Ranked> = offers
        .iter()
        .enumerate()
        .map(|(index, o)| Ranked {
            index,
            quote: quote_give(o.direction, give),
        })
        .collect();
    ranked.sort_by(|a, b| {
        let (oa, ob) = (&offers[a.index], &offers[b.index]);
        b.fits()
            .cmp(&a.fits())
            .then_with(|| b.quote.get.cmp(&a.quote.get))
            .then_with(|| oa.stale.cmp(&ob.stale))
            .then_with(|| a.quote.approximate.cmp(&b.quote.approximate))
            .then_with(|| oa.exchanger.cmp(ob.exchanger))
            .then(Ordering::Equal)
    });
    ranked
}

/// The code two exchangers' feeds are matched on: the catalogue's canonical code for a known
/// alias (`USDTTRC` → `USDTTRC20`), otherwise the code exactly as written. Returns `None` when
/// the code is already canonical, so callers can report each alias they applied.
pub fn alias_target(code: &str) -> Option<String> {
    let info = lookup(code);
    (info.known && info.canonical != code).then(|| info.canonical.into_owned())
}
