//! The picker's search index: every folded code, name and network suffix of a feed's currencies,
//! sorted once, so a keystroke is a binary search and a walk over the matches only.

use crate::currency::{fold, CurrencyInfo};

/// The stable sorted order of `n` items compared by index: a bottom-up merge sort. Not generic,
/// so it exists once in the wasm (each use of the standard sorts adds kilobytes).
pub fn sorted_order(n: usize, less: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut merged = vec![0usize; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let (mid, end) = ((start + width).min(n), (start + 2 * width).min(n));
            let (mut i, mut j) = (start, mid);
            for slot in &mut merged[start..end] {
                // Ties take the left run first: stable.
                let take_right = j < end && (i >= mid || less(order[j], order[i]));
                if take_right {
                    *slot = order[j];
                    j += 1;
                } else {
                    *slot = order[i];
                    i += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// Sorts stably by `less` (see [`sorted_order`]).
pub fn sort_with<T>(items: &mut Vec<T>, less: &dyn Fn(&T, &T) -> bool) {
    let order = sorted_order(items.len(), &|a, b| less(&items[a], &items[b]));
    let mut taken: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| taken[i].take()));
}

/// One searchable text of an item, folded (lower-cased, `ё` = `е`, trimmed).
#[derive(Debug, PartialEq)]
struct Key {
    /// Index of the item in the list the index was built from.
    item: u32,
    /// A code (ranked 0/1/4) rather than a name or network (ranked 2/3/5).
    code: bool,
    text: String,
}

/// Search over a fixed list of currencies, ranking exactly as [`CurrencyInfo::match_rank`].
#[derive(Debug, Default, PartialEq)]
pub struct SearchIndex {
    keys: Vec<Key>,
    /// `(key, byte offset)` of every suffix of every key, sorted by the suffix's text.
    suffixes: Vec<(u32, u32)>,
    items: usize,
}

impl SearchIndex {
    /// Indexes the codes, canonical codes, both names and the network of `items`.
    pub fn new(items: &[CurrencyInfo]) -> SearchIndex {
        let mut keys: Vec<Key> = Vec::new();
        for (i, c) in items.iter().enumerate() {
            let fields = [
                (true, &c.code[..]),
                (true, &c.canonical[..]),
                (false, &c.name_en[..]),
                (false, &c.name_ru[..]),
                (false, c.network.unwrap_or("")),
            ];
            for (code, text) in fields {
                let text = fold(text);
                let repeat = keys
                    .iter()
                    .rev()
                    .take_while(|k| k.item == i as u32)
                    .any(|k| k.code == code && k.text == text);
                if !text.is_empty() && !repeat {
                    keys.push(Key {
                        item: i as u32,
                        code,
                        text,
                    });
                }
            }
        }
        let mut suffixes: Vec<(u32, u32)> = Vec::new();
        for (k, key) in keys.iter().enumerate() {
            suffixes.extend(key.text.char_indices().map(|(at, _)| (k as u32, at as u32)));
        }
        let text = |s: (u32, u32)| &keys[s.0 as usize].text[s.1 as usize..];
        let suffixes = sorted_order(suffixes.len(), &|a, b| {
            text(suffixes[a]) < text(suffixes[b])
        })
        .into_iter()
        .map(|i| suffixes[i])
        .collect();
        SearchIndex {
            keys,
            suffixes,
            items: items.len(),
        }
    }

    /// Number of items indexed.
    pub fn len(&self) -> usize {
        self.items
    }

    /// True when no item is indexed.
    pub fn is_empty(&self) -> bool {
        self.items == 0
    }

    fn suffix(&self, s: (u32, u32)) -> &str {
        self.keys
            .get(s.0 as usize)
            .and_then(|k| k.text.get(s.1 as usize..))
            .unwrap_or("")
    }

    /// `(item, rank)` of every item matching `query`, in item order; ranks and multi-word rules
    /// as [`CurrencyInfo::match_rank`]. An empty query matches every item (rank 6).
    pub fn matches(&self, query: &str) -> Vec<(usize, u32)> {
        let q = fold(query);
        if q.is_empty() {
            return (0..self.items).map(|i| (i, 6)).collect();
        }
        let phrase = self.ranks(&q);
        if !q.contains(char::is_whitespace) {
            return phrase;
        }
        // Every word must match; the item ranks as its worst word.
        let mut words: Option<Vec<(usize, u32)>> = None;
        for w in q.split_whitespace() {
            let hits = self.ranks(w);
            words = Some(match words {
                None => hits,
                Some(acc) => merge(&acc, &hits, true),
            });
        }
        merge(&phrase, &words.unwrap_or_default(), false)
    }

    /// Best rank per item for one folded needle: the suffixes starting with it, found by binary
    /// search, are exactly its occurrences.
    fn ranks(&self, q: &str) -> Vec<(usize, u32)> {
        let first = self.suffixes.partition_point(|&s| self.suffix(s) < q);
        let mut hits: Vec<(usize, u32)> = Vec::new();
        for &s in &self.suffixes[first..] {
            let text = self.suffix(s);
            if !text.starts_with(q) {
                break;
            }
            let Some(key) = self.keys.get(s.0 as usize) else {
                continue;
            };
            let at = s.1 as usize;
            let rank = match (key.code, at) {
                (true, 0) if text.len() == q.len() => 0,
                (true, 0) => 1,
                (true, _) => 4,
                (false, 0) => 2,
                (false, _) if key.text[..at].ends_with(|c: char| !c.is_alphanumeric()) => 3,
                (false, _) => 5,
            };
            hits.push((key.item as usize, rank));
        }
        let mut hits: Vec<(usize, u32)> = sorted_order(hits.len(), &|a, b| hits[a] < hits[b])
            .into_iter()
            .map(|i| hits[i])
            .collect();
        hits.dedup_by_key(|h| h.0);
        hits
    }
}

/// Merges two item-ordered hit lists: `all` keeps items in both with the worse rank, else items
/// in either with the better rank.
fn merge(a: &[(usize, u32)], b: &[(usize, u32)], all: bool) -> Vec<(usize, u32)> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                out.push((x.0, if all { x.1.max(y.1) } else { x.1.min(y.1) }));
                i += 1;
                j += 1;
            }
            (Some(x), y) if y.is_none_or(|y| x.0 < y.0) => {
                if !all {
                    out.push(*x);
                }
                i += 1;
            }
            (_, Some(y)) => {
                if !all {
                    out.push(*y);
                }
                j += 1;
            }
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::currency::{catalogue_codes, lookup};

    fn catalogue() -> Vec<CurrencyInfo> {
        let mut items: Vec<CurrencyInfo> = catalogue_codes().map(lookup).collect();
        for odd in ["USDTTRC", "MYBANKRUB", "XYZ", "CASHUSD", "btc"] {
            items.push(lookup(odd));
        }
        items
    }

    fn by_scan(items: &[CurrencyInfo], q: &str) -> Vec<(usize, u32)> {
        items
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.match_rank(q).map(|r| (i, r)))
            .collect()
    }

    #[test]
    fn ranks_every_query_as_the_scan_does() {
        let items = catalogue();
        let index = SearchIndex::new(&items);
        let mut queries: Vec<String> = vec![
            "".into(),
            "  ".into(),
            "tether trc20".into(),
            "cash usd".into(),
            "сбер".into(),
            "ЁЛКА".into(),
            "bank rub".into(),
            "usd  t".into(),
            "zzzz".into(),
            "b".into(),
            "coin".into(),
            "(".into(),
        ];
        for c in items.iter().take(60) {
            for text in [&c.code[..], &c.name_en[..], &c.name_ru[..]] {
                let chars: Vec<char> = text.chars().collect();
                for n in 1..=chars.len().min(4) {
                    queries.push(chars[..n].iter().collect());
                    queries.push(chars[chars.len() - n..].iter().collect());
                }
            }
        }
        for q in &queries {
            assert_eq!(index.matches(q), by_scan(&items, q), "query {q:?}");
        }
    }

    #[test]
    fn a_keystroke_walks_only_the_matching_suffixes() {
        let items = catalogue();
        let index = SearchIndex::new(&items);
        let q = "bitc";
        let first = index.suffixes.partition_point(|&s| index.suffix(s) < q);
        let walked = index.suffixes[first..]
            .iter()
            .take_while(|&&s| index.suffix(s).starts_with(q))
            .count();
        assert!(walked > 0 && walked < 40, "walked {walked}");
        assert!(index
            .matches(q)
            .iter()
            .any(|&(i, _)| items[i].code == "BTC"));
        assert_eq!(index.len(), items.len());
    }

    #[test]
    fn sort_with_is_stable() {
        let mut v: Vec<(u8, usize)> = (0..100).map(|i| ((i * 7 % 5) as u8, i)).collect();
        sort_with(&mut v, &|a, b| a.0 < b.0);
        assert!(v
            .windows(2)
            .all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)));
    }
}
