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
use crate::feed::{read_direction, read_names};
use crate::json::{self, Value};
use crate::link::LinkBuilder;
use crate::model::{Direction, Feed, FeedError, FeedFormat, FeedStatus};
use crate::quote::{quote_get, quote_give, LimitProblem, Quote};
use crate::search::sort_with;

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
    // The crate's one merge sort: each use of the standard sorts adds kilobytes to the wasm.
    sort_with(&mut ranked, &|a, b| {
        let (oa, ob) = (&offers[a.index], &offers[b.index]);
        b.fits()
            .cmp(&a.fits())
            .then_with(|| b.quote.get.cmp(&a.quote.get))
            .then_with(|| oa.stale.cmp(&ob.stale))
            .then_with(|| a.quote.approximate.cmp(&b.quote.approximate))
            .then_with(|| oa.exchanger.cmp(ob.exchanger))
            == Ordering::Less
    });
    ranked
}

/// When no offer takes the amount, the limit that comes closest to it: the lowest minimum when
/// the amount is too small, the highest maximum (order, payout or reserve) when it is too large,
/// and, when some offers find it too small and others too large, whichever of the two is
/// nearer by ratio. Limits in the received currency are compared as the amount to give that
/// reaches them. `rows` are each offer's direction and its quote for `give` (as ranked);
/// returns the position of the row in `rows` and its problem, `None` when an offer fits or no
/// offer has a limit to name (fees, no rate, amount not computable).
pub fn closest_limit<'q>(
    rows: impl IntoIterator<Item = (&'q Direction, &'q Quote)>,
    give: Decimal,
) -> Option<(usize, &'q LimitProblem)> {
    // (give bound, row, problem) of the best candidate on each side.
    type Candidate<'q> = Option<(Decimal, usize, &'q LimitProblem)>;
    let (mut low, mut high): (Candidate<'q>, Candidate<'q>) = (None, None);
    for (row, (dir, quote)) in rows.into_iter().enumerate() {
        if quote.is_ok() {
            return None;
        }
        let give_for = |get: &Decimal| {
            Some(quote_get(dir, *get))
                .filter(Quote::computed)
                .map(|q| q.give)
        };
        // Within one offer the strictest limit binds: its highest minimum, its lowest maximum.
        let (mut row_low, mut row_high): (Candidate<'q>, Candidate<'q>) = (None, None);
        for p in &quote.problems {
            let (bound, too_small) = match p {
                LimitProblem::BelowMin { min } => (Some(*min), true),
                LimitProblem::BelowToMin { to_min } => (give_for(to_min), true),
                LimitProblem::AboveMax { max } => (Some(*max), false),
                LimitProblem::AboveReserve { reserve } => (give_for(reserve), false),
                LimitProblem::AboveToMax { to_max } => (give_for(to_max), false),
                _ => (None, false),
            };
            let Some(bound) = bound else {
                continue;
            };
            if too_small {
                if row_low.is_none_or(|(b, _, _)| bound > b) {
                    row_low = Some((bound, row, p));
                }
            } else if row_high.is_none_or(|(b, _, _)| bound < b) {
                row_high = Some((bound, row, p));
            }
        }
        // Across offers the most permissive is the closest: the lowest minimum, the highest maximum.
        if let Some(c) = row_low.filter(|c| low.is_none_or(|l| c.0 < l.0)) {
            low = Some(c);
        }
        if let Some(c) = row_high.filter(|c| high.is_none_or(|h| c.0 > h.0)) {
            high = Some(c);
        }
    }
    let pick = match (low, high) {
        (Some(l), Some(h)) => {
            // Nearer by ratio: min / amount against amount / max.
            let amount = give.to_f64();
            if l.0.to_f64() * h.0.to_f64() <= amount * amount {
                l
            } else {
                h
            }
        }
        (l, h) => l.or(h)?,
    };
    Some((pick.1, pick.2))
}

/// The code two exchangers' feeds are matched on: the catalogue's canonical code for a known
/// alias (`USDTTRC` → `USDTTRC20`), otherwise the code exactly as written. Returns `None` when
/// the code is already canonical, so callers can report each alias they applied.
pub fn alias_target(code: &str) -> Option<String> {
    let info = lookup(code);
    (info.known && info.canonical != code).then(|| info.canonical.into_owned())
}

/// Most exchangers a `/compare` document may list (the rest are ignored).
pub const MAX_EXCHANGERS: usize = 100;
/// Most directions a `/compare` document may carry (the rest are ignored).
pub const MAX_DIRECTIONS: usize = 250_000;
/// One exchanger of a relay's `/compare` document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchanger {
    /// Its id (the relay's feed name); directions name their exchanger by it.
    pub id: String,
    /// Its name for people (the id when the document gives none).
    pub title: String,
    /// Builds its affiliate links from the document's `exchanger` (base URL), `ref` and
    /// `link_template`, checked as the single view checks the attributes; `Err` says why they
    /// cannot be used (its directions are then dropped: an offer without a link earns nothing).
    pub link: Result<LinkBuilder, String>,
    /// True when the relay could not refresh its feed (its last good copy is in the document).
    pub stale: bool,
    /// The relay's `error.message` for an exchanger it has no data for.
    pub error: Option<String>,
    /// Codes it writes differently from the document: `(code in directions, its own code)`.
    pub aliases: Vec<(String, String)>,
}

impl Exchanger {
    /// Why it offers nothing (relay error or unusable link), for people; `None` when usable.
    pub fn problem(&self) -> Option<&str> {
        match (&self.error, &self.link) {
            (Some(message), _) => Some(message),
            (None, Err(why)) => Some(why),
            (None, Ok(_)) => None,
        }
    }

    /// The code this exchanger uses for `code` in its own links (its alias, else `code`).
    pub fn own_code<'a>(&'a self, code: &'a str) -> &'a str {
        self.aliases
            .iter()
            .find(|(c, _)| c == code)
            .map_or(code, |(_, own)| own.as_str())
    }

    /// Its affiliate link for the pair, with its own codes; `None` when it has no usable link.
    pub fn href(&self, from: &str, to: &str) -> Option<String> {
        let link = self.link.as_ref().ok()?;
        Some(link.href(self.own_code(from), self.own_code(to)))
    }
}

/// A relay's `/compare` document, read: the exchangers and every direction of all of them as one
/// feed (so pickers, search and limits work as in the single view), each direction's exchanger
/// in `owners`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompareDoc {
    /// The exchangers, in document order.
    pub exchangers: Vec<Exchanger>,
    /// Every usable direction of every exchanger, with the document's `names`.
    pub feed: Feed,
    /// For each direction of `feed`, the index of its exchanger in `exchangers`.
    pub owners: Vec<u16>,
}

// Not inlined: called for every field of every exchanger.
#[inline(never)]
fn text_of<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn read_exchanger(v: &Value) -> Option<Exchanger> {
    let id = text_of(v, "id")?;
    let link = LinkBuilder::new(
        text_of(v, "exchanger").unwrap_or(""),
        text_of(v, "ref").unwrap_or(""),
        text_of(v, "link_template"),
    )
    .map_err(|e| e.to_string());
    let error = v
        .get("error")
        .filter(|e| e.as_object().is_some())
        .map(|e| text_of(e, "message").unwrap_or("no data").to_string());
    Some(Exchanger {
        id: id.to_string(),
        title: text_of(v, "title").unwrap_or(id).to_string(),
        link,
        stale: matches!(v.get("stale"), Some(Value::Bool(true))),
        error,
        aliases: Vec::new(),
    })
}

/// Reads a relay's `/compare` document (see docs/embedding.md): exchangers with their links
/// checked as hostile input (absolute http(s) bases only), every direction read exactly as a
/// feed's direction and attributed to its exchanger, `names` and `aliases`. Directions that
/// cannot be read, name no listed exchanger, or belong to one without a usable link are left
/// out. Linear in the document; at most [`MAX_EXCHANGERS`] and [`MAX_DIRECTIONS`].
pub fn read_compare(text: &str) -> Result<CompareDoc, FeedError> {
    let doc = json::parse_prefix(text)
        .ok()
        .map(|(d, _)| d)
        .filter(|d| d.get("format").and_then(Value::as_str) == Some("compare"));
    let (Some(doc), Some(list)) = (
        doc.as_ref(),
        doc.as_ref()
            .and_then(|d| d.get("directions"))
            .and_then(Value::as_array),
    ) else {
        return Err(FeedError::NotAFeed {
            looked_like: "JSON",
            reason: "not a relay's /compare document".into(),
            start: text.get(..40).unwrap_or("").to_string(),
        });
    };
    let mut exchangers: Vec<Exchanger> = Vec::new();
    let list_of = |k| doc.get(k).and_then(Value::as_array).unwrap_or(&[]);
    for v in list_of("exchangers") {
        match read_exchanger(v) {
            Some(e)
                if exchangers.len() < MAX_EXCHANGERS
                    && !exchangers.iter().any(|x| x.id == e.id) =>
            {
                exchangers.push(e)
            }
            _ => {}
        }
    }
    // The relay reports `code` as the exchanger writes it and `as`, the code it became in
    // `directions` (docs/relay.md); links must go back to the exchanger's own code.
    for a in list_of("aliases") {
        let (Some(id), Some(own), Some(code)) = (
            text_of(a, "exchanger"),
            text_of(a, "code"),
            text_of(a, "as"),
        ) else {
            continue;
        };
        if let Some(e) = exchangers
            .iter_mut()
            .find(|e| e.id == id && e.aliases.len() < 1000)
        {
            e.aliases.push((code.to_string(), own.to_string()));
        }
    }
    let mut directions = Vec::new();
    let mut owners = Vec::new();
    // Directions come grouped by exchanger: the last one found is tried first.
    let mut last = 0usize;
    for v in list.iter().take(MAX_DIRECTIONS) {
        let id = v.get("exchanger").and_then(Value::as_str).unwrap_or("");
        let owner = if exchangers.get(last).is_some_and(|e| e.id == id) {
            Some(last)
        } else {
            exchangers.iter().position(|e| e.id == id)
        };
        let Some(owner) = owner else { continue };
        last = owner;
        if exchangers.get(owner).is_none_or(|e| e.link.is_err()) {
            continue;
        }
        if let Ok(d) = read_direction(v) {
            directions.push(d);
            owners.push(owner as u16);
        }
    }
    Ok(CompareDoc {
        exchangers,
        feed: Feed {
            format: FeedFormat::Normalized,
            status: if directions.is_empty() {
                FeedStatus::Empty
            } else {
                FeedStatus::Ok
            },
            directions,
            skipped: Vec::new(),
            warnings: Vec::new(),
            names: read_names(doc.get("names")),
        },
        owners,
    })
}
