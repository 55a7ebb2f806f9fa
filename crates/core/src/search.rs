//! The picker's search index: every folded code, name and network suffix of a feed's currencies,
//! sorted once, so a keystroke is a binary search and a walk over the matches only; and the
//! stable merge sort the widget uses.

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

/// Search over a fixed list of currencies: which items hold a folded text, found by binary
/// search over every suffix of their codes, names and networks, then ranked exactly as
/// [`CurrencyInfo::match_rank`].
#[derive(Debug, Default, PartialEq)]
pub struct SearchIndex {
    items: Vec<CurrencyInfo>,
    /// `(item, folded text)`: codes, canonical codes, both names and the network.
    keys: Vec<(u32, String)>,
    /// `(key, byte offset)` of every suffix of every key, sorted by the suffix's text.
    suffixes: Vec<(u32, u32)>,
}

impl SearchIndex {
    /// Indexes `items` (kept, in their order: results refer to them by position).
    pub fn new(items: Vec<CurrencyInfo>) -> SearchIndex {
        let mut keys: Vec<(u32, String)> = Vec::new();
        for (i, c) in items.iter().enumerate() {
            let own = keys.len();
            let fields = [
                &c.code[..],
                &c.canonical[..],
                &c.name_en[..],
                &c.name_ru[..],
                c.network.as_deref().unwrap_or(""),
            ];
            for text in fields.map(fold) {
                if !text.is_empty() && !keys[own..].iter().any(|k| k.1 == text) {
                    keys.push((i as u32, text));
                }
            }
        }
        let mut suffixes: Vec<(u32, u32)> = Vec::new();
        for (k, key) in keys.iter().enumerate() {
            suffixes.extend(key.1.char_indices().map(|(at, _)| (k as u32, at as u32)));
        }
        let text = |s: (u32, u32)| &keys[s.0 as usize].1[s.1 as usize..];
        let suffixes = sorted_order(suffixes.len(), &|a, b| {
            text(suffixes[a]) < text(suffixes[b])
        })
        .into_iter()
        .map(|i| suffixes[i])
        .collect();
        SearchIndex {
            items,
            keys,
            suffixes,
        }
    }

    /// The items indexed, in their order.
    pub fn items(&self) -> &[CurrencyInfo] {
        &self.items
    }

    fn suffix(&self, s: (u32, u32)) -> &str {
        self.keys
            .get(s.0 as usize)
            .and_then(|k| k.1.get(s.1 as usize..))
            .unwrap_or("")
    }

    /// Positions of the items one of whose texts contains the folded `needle`, ascending: the
    /// suffixes starting with it are contiguous, found by binary search and walked to their end.
    fn holding(&self, needle: &str) -> Vec<usize> {
        let first = self.suffixes.partition_point(|&s| self.suffix(s) < needle);
        let hits: Vec<usize> = self.suffixes[first..]
            .iter()
            .take_while(|&&s| self.suffix(s).starts_with(needle))
            .filter_map(|&s| self.keys.get(s.0 as usize).map(|k| k.0 as usize))
            .collect();
        let mut items: Vec<usize> = sorted_order(hits.len(), &|a, b| hits[a] < hits[b])
            .into_iter()
            .map(|i| hits[i])
            .collect();
        items.dedup();
        items
    }

    /// `(item, rank)` of every item matching `query`, in item order, ranked by
    /// [`CurrencyInfo::match_rank`]. Only the items holding the query's first word are ranked:
    /// any match (the whole phrase, or every word) contains it.
    pub fn matches(&self, query: &str) -> Vec<(usize, u32)> {
        let q = fold(query);
        let candidates: Vec<usize> = match q.split_whitespace().next() {
            Some(word) => self.holding(word),
            None => (0..self.items.len()).collect(),
        };
        candidates
            .into_iter()
            .filter_map(|i| Some((i, self.items.get(i)?.match_rank(&q)?)))
            .collect()
    }
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
        let index = SearchIndex::new(items.clone());
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
        let index = SearchIndex::new(items.clone());
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
        assert_eq!(index.items(), &items[..]);
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
