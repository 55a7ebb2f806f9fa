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
use crate::link::{LinkBuilder, LinkError};
use crate::model::{Direction, Feed, FeedError, FeedFormat, FeedStatus, Skipped};
use crate::quote::{quote_give, LimitProblem, Quote};
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

/// The code two exchangers' feeds are matched on: the catalogue's canonical code for a known
/// alias (`USDTTRC` → `USDTTRC20`), otherwise the code exactly as written. Returns `None` when
/// the code is already canonical, so callers can report each alias they applied.
pub fn alias_target(code: &str) -> Option<String> {
    let info = lookup(code);
    (info.known && info.canonical != code).then(|| info.canonical.into_owned())
}

/// Most exchangers a `/compare` document may list (the rest are ignored, with a warning).
pub const MAX_EXCHANGERS: usize = 100;
/// Most directions a `/compare` document may carry (the rest are ignored, with a warning).
pub const MAX_DIRECTIONS: usize = 250_000;
/// Longest exchanger title kept (in characters).
const MAX_TITLE: usize = 80;

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
    /// When the relay last read its feed, as the relay wrote it.
    pub fetched_at: Option<String>,
    /// The relay's `error` (`kind`, `message`) for an exchanger it has no data for.
    pub error: Option<(String, String)>,
    /// Codes it writes differently from the document: `(code in directions, its own code)`.
    pub aliases: Vec<(String, String)>,
}

impl Exchanger {
    /// Why it offers nothing (relay error or unusable link), for people; `None` when usable.
    pub fn problem(&self) -> Option<String> {
        match (&self.error, &self.link) {
            (Some((_, message)), _) => Some(message.clone()),
            (None, Err(why)) => Some(why.clone()),
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

/// True when `text` is a `/compare` document (`{"format":"compare", ...}`: the relay writes
/// `format` first, so only the first bytes are looked at).
pub fn is_compare(text: &str) -> bool {
    let mut rest = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    for token in ["{", "\"format\"", ":", "\"compare\""] {
        match rest.trim_start().strip_prefix(token) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    true
}

fn not_compare(text: &str, reason: &str) -> FeedError {
    FeedError::NotAFeed {
        looked_like: "JSON",
        reason: reason.to_string(),
        start: text.trim_start().chars().take(60).collect(),
    }
}

fn text_of<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn read_exchanger(v: &Value) -> Option<Exchanger> {
    let id = text_of(v, "id")?.to_string();
    let title: String = text_of(v, "title")
        .unwrap_or(&id)
        .chars()
        .take(MAX_TITLE)
        .collect();
    let link = match text_of(v, "exchanger") {
        None => Err(LinkError::EmptyBase),
        Some(base) => LinkBuilder::new(
            base,
            text_of(v, "ref").unwrap_or(""),
            text_of(v, "link_template"),
        ),
    }
    .map_err(|e| e.to_string());
    let error = v.get("error").filter(|e| e.as_object().is_some()).map(|e| {
        let text = |k| text_of(e, k).unwrap_or("").to_string();
        let mut message = text("message");
        if message.is_empty() {
            message = "no data".into();
        }
        (text("kind"), message)
    });
    Some(Exchanger {
        title,
        link,
        stale: v.get("stale").is_some_and(Value::as_bool_loose),
        fetched_at: text_of(v, "fetched_at").map(str::to_string),
        error,
        aliases: Vec::new(),
        id,
    })
}

/// Reads a relay's `/compare` document (see docs/embedding.md): exchangers with their links
/// checked as hostile input (http(s) bases only), every direction read as a feed's direction and
/// attributed to its exchanger, `names` and `aliases`. Directions of an unknown exchanger or one
/// without a usable link are left out (counted in `warnings`); unreadable ones are listed in
/// `skipped`. Linear in the document; at most [`MAX_EXCHANGERS`] and [`MAX_DIRECTIONS`].
pub fn read_compare(text: &str) -> Result<CompareDoc, FeedError> {
    let body = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if body.is_empty() {
        return Err(FeedError::EmptyBody);
    }
    let doc = json::parse(body).map_err(|e| not_compare(body, &e.to_string()))?;
    if doc.get("format").and_then(Value::as_str) != Some("compare") {
        return Err(not_compare(
            body,
            "not a relay's /compare document (no \"format\":\"compare\")",
        ));
    }
    let mut warnings = Vec::new();
    let mut exchangers: Vec<Exchanger> = Vec::new();
    for (_, v) in doc.get("exchangers").into_iter().flat_map(|e| e.entries()) {
        match read_exchanger(v) {
            Some(_) if exchangers.len() == MAX_EXCHANGERS => {
                warnings.push(format!(
                    "only the first {MAX_EXCHANGERS} exchangers are compared"
                ));
                break;
            }
            Some(e) if !exchangers.iter().any(|x| x.id == e.id) => exchangers.push(e),
            _ => warnings.push("an exchanger without an id, or listed twice, is ignored".into()),
        }
    }
    for (_, a) in doc.get("aliases").into_iter().flat_map(|a| a.entries()) {
        let (Some(id), Some(code), Some(own)) = (
            text_of(a, "exchanger"),
            text_of(a, "code"),
            text_of(a, "as"),
        ) else {
            continue;
        };
        if let Some(e) = exchangers.iter_mut().find(|e| e.id == id) {
            if e.aliases.len() < 1000 {
                e.aliases.push((code.to_string(), own.to_string()));
            }
        }
    }
    let list = doc
        .get("directions")
        .and_then(Value::as_array)
        .ok_or_else(|| not_compare(body, "no \"directions\" list"))?;
    let mut directions = Vec::with_capacity(list.len().min(MAX_DIRECTIONS));
    let mut owners = Vec::with_capacity(directions.capacity());
    let mut skipped = Vec::new();
    let (mut orphans, mut unlinked) = (0usize, 0usize);
    // Directions come grouped by exchanger: the last one found is tried first.
    let mut last = 0usize;
    for (index, v) in list.iter().enumerate() {
        if directions.len() == MAX_DIRECTIONS {
            warnings.push(format!(
                "only the first {MAX_DIRECTIONS} directions are compared"
            ));
            break;
        }
        let id = v.get("exchanger").and_then(Value::as_str).unwrap_or("");
        let owner = if exchangers.get(last).is_some_and(|e| e.id == id) {
            Some(last)
        } else {
            exchangers.iter().position(|e| e.id == id)
        };
        let Some(owner) = owner else {
            orphans += 1;
            continue;
        };
        last = owner;
        if exchangers[owner].link.is_err() {
            unlinked += 1;
            continue;
        }
        match read_direction(v) {
            Ok(d) => {
                directions.push(d);
                owners.push(owner as u16);
            }
            Err(reason) => skipped.push(Skipped {
                index,
                field: None,
                raw: None,
                reason: reason.into(),
            }),
        }
    }
    if orphans > 0 {
        warnings.push(format!(
            "{orphans} directions name no listed exchanger and are ignored"
        ));
    }
    if unlinked > 0 {
        warnings.push(format!(
            "{unlinked} directions of exchangers without a usable link are ignored"
        ));
    }
    let status = if directions.is_empty() {
        FeedStatus::Empty
    } else {
        FeedStatus::Ok
    };
    Ok(CompareDoc {
        exchangers,
        feed: Feed {
            format: FeedFormat::Normalized,
            status,
            directions,
            skipped,
            warnings,
            names: read_names(doc.get("names")),
        },
        owners,
    })
}
