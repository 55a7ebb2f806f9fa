//! Premium Exchanger JSON `"version": "1.3"` (§7.1), also under other key names: currencies by id, signed `xr` rates.

use super::item::{ItemBuilder, Kind};
use super::json_items::{json_field, json_flags};
use super::Out;
use crate::decimal::Decimal;
use crate::json::Value;
use std::collections::{HashMap, HashSet};

/// `in`/`out` from one signed rate: `X` means X:1, `-X` means 1:X; 0 or junk is `Err`.
fn signed_rate(v: &Value) -> Result<(Decimal, Decimal), String> {
    let text = v.as_text().ok_or("xr is not a number")?;
    let x = super::item::parse_amount(&text)
        .map_err(|e| format!("xr: {e}"))?
        .value;
    if x.is_zero() {
        Err("xr is zero: no rate".into())
    } else if x.is_negative() {
        Ok((Decimal::ONE, x.abs()))
    } else {
        Ok((x, Decimal::ONE))
    }
}

/// Where a Premium-family document keeps its parts. Premium's own export names them
/// `currencies.list`, `currencies.amounts`, `exchange` and `options`; other exporters of the
/// same structure use other keys, found by [`Layout::by_structure`].
pub(super) struct Layout<'v, 'a> {
    /// Currency id -> letter code.
    codes: Option<&'v Value<'a>>,
    /// Reserve per receiving currency id.
    reserves: Option<&'v Value<'a>>,
    /// Source id -> {to: {target id -> rate or direction}}.
    tree: Option<&'v Value<'a>>,
    /// The file-level options.
    options: Option<&'v Value<'a>>,
    /// The whole document, searched for desk names when ids share a code.
    doc: &'v Value<'a>,
    /// Key paths of the parts, for messages: codes, reserves, tree, options.
    paths: [Option<String>; 4],
}

/// Most members looked at when searching a document for the Premium structure.
const MAX_CANDIDATES: usize = 4096;

/// How many keys of `map` are among `ids`.
fn covers(map: &Value, ids: &HashSet<&str>) -> usize {
    map.as_object()
        .map_or(0, |m| m.iter().filter(|(k, _)| ids.contains(&**k)).count())
}

/// True for a letter code: 1-40 ASCII letters, digits, `_`, `-` or `.`, with a letter.
fn code_like(text: &str) -> bool {
    let t = text.trim();
    (1..=40).contains(&t.len())
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && t.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The `to` object of a source currency entry.
fn targets<'v, 'a>(source: &'v Value<'a>) -> Option<&'v Value<'a>> {
    source.get_ci("to").filter(|t| t.as_object().is_some())
}

/// True for a direction tree: most members are `{to: {...}}` objects.
fn is_tree(v: &Value) -> bool {
    let Some(members) = v.as_object() else {
        return false;
    };
    let sources = members.iter().filter(|(_, s)| targets(s).is_some()).count();
    sources > 0 && sources * 2 >= members.len()
}

impl<'v, 'a> Layout<'v, 'a> {
    /// Premium's own key names (the document has `version`, `currencies` or `exchange`).
    pub(super) fn premium(doc: &'v Value<'a>) -> Layout<'v, 'a> {
        let currencies = doc.get_ci("currencies");
        Layout {
            codes: currencies.and_then(|c| c.get_ci("list")),
            reserves: currencies.and_then(|c| c.get_ci("amounts")),
            tree: doc.get_ci("exchange"),
            options: doc.get_ci("options"),
            doc,
            paths: [
                Some("currencies.list".into()),
                Some("currencies.amounts".into()),
                Some("exchange".into()),
                Some("options".into()),
            ],
        }
    }

    /// The Premium structure under any key names: a member (or a member's member) that is a
    /// tree of source id -> `{to: {target id: value}}`, beside an id -> code map (the string map
    /// covering most of the tree's ids), an optional reserves map (numbers by id) and an
    /// optional file-level options list. `None` when the document has no such tree.
    pub(super) fn by_structure(doc: &'v Value<'a>) -> Option<Layout<'v, 'a>> {
        let mut candidates: Vec<(String, &'v Value<'a>)> = Vec::new();
        for (k, v) in doc.as_object()? {
            if candidates.len() >= MAX_CANDIDATES {
                break;
            }
            candidates.push((k.to_string(), v));
            for (k2, v2) in v.as_object().unwrap_or_default() {
                if candidates.len() >= MAX_CANDIDATES {
                    break;
                }
                candidates.push((format!("{k}.{k2}"), v2));
            }
        }
        let (tree_path, tree) = candidates
            .iter()
            .filter(|(_, v)| is_tree(v))
            .max_by_key(|(_, v)| v.as_object().map_or(0, <[_]>::len))?;
        let mut ids: HashSet<&str> = HashSet::new();
        for (from, source) in tree.as_object().unwrap_or_default() {
            ids.insert(&**from);
            for (to, _) in targets(source)
                .and_then(Value::as_object)
                .unwrap_or_default()
            {
                ids.insert(&**to);
            }
        }
        let not_tree = |v: &Value| !std::ptr::eq(v, *tree);
        // The code map: strings by id, most of the tree's ids covered; upper-case codes win over
        // a map of one-word names.
        let codes = candidates
            .iter()
            .filter(|(_, v)| not_tree(v))
            .filter(|(_, v)| {
                v.as_object().is_some_and(|m| {
                    !m.is_empty() && m.iter().all(|(_, c)| c.as_str().is_some_and(code_like))
                })
            })
            .map(|(p, v)| {
                let upper = v
                    .as_object()
                    .unwrap_or_default()
                    .iter()
                    .filter(|(_, c)| {
                        c.as_str()
                            .is_some_and(|c| !c.bytes().any(|b| b.is_ascii_lowercase()))
                    })
                    .count();
                (covers(v, &ids), upper, p, *v)
            })
            .filter(|(n, ..)| *n > 0)
            .max_by_key(|(n, upper, ..)| (*n, *upper));
        let not_codes = |v: &Value| codes.is_none_or(|c| !std::ptr::eq(v, c.3));
        let reserves = candidates
            .iter()
            .filter(|(_, v)| not_tree(v) && not_codes(v))
            .filter(|(_, v)| {
                v.as_object().is_some_and(|m| {
                    !m.is_empty()
                        && m.iter().all(|(_, r)| {
                            r.as_text()
                                .is_some_and(|t| super::item::parse_amount(&t).is_ok())
                        })
                })
            })
            .map(|(p, v)| (covers(v, &ids), p, *v))
            .filter(|(n, ..)| *n > 0)
            .max_by_key(|(n, ..)| *n);
        // File-level options: an `options`/`param`/`flags` member, else a list of words.
        let options = doc
            .as_object()
            .unwrap_or_default()
            .iter()
            .find(|(k, _)| {
                k.eq_ignore_ascii_case("options")
                    || k.eq_ignore_ascii_case("opts")
                    || super::item::kind(k).0 == Kind::Param
            })
            .or_else(|| {
                doc.as_object().unwrap_or_default().iter().find(|(_, v)| {
                    v.as_array()
                        .is_some_and(|l| !l.is_empty() && l.iter().all(|f| f.as_str().is_some()))
                })
            });
        Some(Layout {
            codes: codes.map(|c| c.3),
            reserves: reserves.map(|r| r.2),
            tree: Some(*tree),
            options: options.map(|o| &o.1),
            doc,
            paths: [
                codes.map(|c| c.2.clone()),
                reserves.map(|r| r.1.clone()),
                Some(tree_path.clone()),
                options.map(|o| o.0.to_string()),
            ],
        })
    }

    /// A second id -> text map beside the code map (names or cities of the currencies) covering
    /// the most of the `shared` ids, with its key path: it tells apart cash desks sharing a code.
    fn desk_names(&self, shared: &HashSet<&str>) -> Option<(String, &'v Value<'a>)> {
        if shared.is_empty() {
            return None;
        }
        let mut best: Option<(usize, String, &'v Value<'a>)> = None;
        let mut seen = 0usize;
        for (k, v) in self.doc.as_object().unwrap_or_default() {
            let nested = v.as_object().unwrap_or_default().iter();
            for (path, m) in std::iter::once((k.to_string(), v))
                .chain(nested.map(|(k2, v2)| (format!("{k}.{k2}"), v2)))
            {
                seen += 1;
                if seen > MAX_CANDIDATES {
                    break;
                }
                let text_map = m
                    .as_object()
                    .is_some_and(|m| !m.is_empty() && m.iter().all(|(_, t)| t.as_str().is_some()));
                if !text_map || self.codes.is_some_and(|c| std::ptr::eq(c, m)) {
                    continue;
                }
                let n = covers(m, shared);
                if n > 0 && best.as_ref().is_none_or(|b| n > b.0) {
                    best = Some((n, path, m));
                }
            }
        }
        best.map(|(_, path, names)| (path, names))
    }

    /// The warning naming the keys read when the document was recognised by its structure.
    fn mapped_keys(&self, desk_names: Option<&str>) -> String {
        let names = [
            "currency codes",
            "reserves",
            "directions",
            "file-level options",
            "cash desk names",
        ];
        let paths = self.paths.iter().map(Option::as_deref).chain([desk_names]);
        let parts: Vec<String> = names
            .iter()
            .zip(paths)
            .filter_map(|(what, p)| p.map(|p| format!("{what} from {p:?}")))
            .collect();
        format!(
            "read as Premium Exchanger JSON by its structure (no version/currencies/exchange keys): {}",
            parts.join(", ")
        )
    }
}

/// The source currency's own min or max (`min`, `minamount`, `min_sum`, ...), beside `to`.
fn source_limit<'v, 'a>(source: &'v Value<'a>, kind: Kind) -> Option<&'v Value<'a>> {
    let word = if kind == Kind::Min { "min" } else { "max" };
    let members = source.as_object()?;
    members
        .iter()
        .find(|(k, _)| super::item::kind(k).0 == kind)
        .or_else(|| {
            members.iter().find(|(k, _)| {
                let k = k.to_ascii_lowercase();
                k.contains(word) && !k.contains("fee")
            })
        })
        .map(|(_, v)| v)
        .filter(|v| v.as_text().is_some())
}

/// Reads a Premium-family document into `out`; `by_structure` adds the warning naming the
/// keys mapped.
pub(super) fn read(layout: &Layout, by_structure: bool, out: &mut Out) {
    let codes: HashMap<String, String> = layout
        .codes
        .map(|l| {
            l.entries()
                .filter_map(|(id, code)| {
                    Some((id.into_owned(), code.as_text()?.trim().to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    let amounts: HashMap<String, Decimal> = layout
        .reserves
        .map(|a| {
            a.entries()
                .filter_map(|(id, v)| Some((id.into_owned(), parse_decimal(v)?)))
                .collect()
        })
        .unwrap_or_default();
    let shared = shared_code_ids(&codes);
    let desk_names = layout.desk_names(&shared);
    if by_structure {
        out.warnings
            .push(layout.mapped_keys(desk_names.as_ref().map(|(p, _)| p.as_str())));
    }
    let desks = Desks::new(&codes, &shared, desk_names.as_ref().map(|(_, n)| *n));
    if let Some(w) = desks.warning(desk_names.as_ref().map(|(p, _)| p.as_str())) {
        out.warnings.push(w);
    }
    let file_options = layout.options;
    let tree_path = layout.paths[2].as_deref().unwrap_or("exchange");
    let mut index = 0usize;
    let mut from_currency_limits = 0usize;
    let mut from_currency_options = 0usize;
    let mut from_file_options = 0usize;
    let list_path = layout.paths[0].as_deref().unwrap_or("id -> code list");
    if codes.is_empty() {
        out.warnings.push(format!(
            "no {list_path}: the direction keys are read as currency codes"
        ));
    }
    let Some(exchange) = layout.tree else {
        out.warnings
            .push("no \"exchange\" object: the feed lists no directions".into());
        return;
    };
    for (from_id, source) in exchange.entries() {
        let targets = targets(source);
        let cur_min = source_limit(source, Kind::Min);
        let cur_max = source_limit(source, Kind::Max);
        let cur_options = source.get_ci("options");
        let from_code = code_of(&codes, &from_id);
        for (to_id, dv) in targets.map(|t| t.entries()).into_iter().flatten() {
            let mut item = ItemBuilder::new(index);
            index += 1;
            let to_code = code_of(&codes, &to_id);
            item.codes(from_code, to_code);
            for (id, code, field) in [(&from_id, from_code, "from"), (&to_id, to_code, "to")] {
                if code.is_none() {
                    item.reject(
                        field,
                        Some(id),
                        format!("currency id {id:?} is not in {list_path}"),
                    );
                }
            }
            // One pass over the direction's keys: xr, options, and everything else by name.
            let mut xr = if dv.as_object().is_some() {
                None
            } else {
                Some(dv)
            };
            let mut own_options = false;
            let mut explicit = (false, false);
            for (k, v) in dv.as_object().unwrap_or_default() {
                if k.eq_ignore_ascii_case("xr") {
                    xr = Some(v);
                } else if k.eq_ignore_ascii_case("options") {
                    own_options = true;
                    json_flags(&mut item, v);
                } else {
                    explicit.0 |= k.eq_ignore_ascii_case("in");
                    explicit.1 |= k.eq_ignore_ascii_case("out");
                    json_field(&mut item, out, k, v);
                }
            }
            match xr.map(signed_rate) {
                Some(Ok((i, o))) => item.rate(i, o),
                Some(Err(e)) => item.reject("xr", xr.and_then(|x| x.as_text()).as_deref(), e),
                None if explicit == (true, true) => {}
                None => item.reject("xr", None, "missing xr".into()),
            }
            let (has_min, has_max) = item.has_limits();
            let mut used_currency_limit = false;
            for (have, value, k) in [(has_min, cur_min, Kind::Min), (has_max, cur_max, Kind::Max)] {
                if let (false, Some(text)) = (have, value.and_then(|v| v.as_text())) {
                    item.text(
                        out,
                        k,
                        if k == Kind::Min { "min" } else { "max" },
                        &text,
                        None,
                        None,
                    );
                    used_currency_limit = true;
                }
            }
            let usable = !item.rejected();
            from_currency_limits += (used_currency_limit && usable) as usize;
            if !own_options {
                if let Some(o) = cur_options {
                    json_flags(&mut item, o);
                    from_currency_options += usable as usize;
                } else if let Some(o) = file_options {
                    json_flags(&mut item, o);
                    from_file_options += usable as usize;
                }
            }
            if !amounts.is_empty() {
                item.default_reserve(amounts.get(&*to_id).copied());
            }
            if let Some(desk) = desks.label(&from_id, &to_id) {
                item.default_city(&desk);
            }
            item.finish(out);
        }
    }
    if from_currency_limits > 0 {
        out.warnings.push(format!(
            "{from_currency_limits} direction(s) have no min/max of their own; used the per-source-currency min/max ({tree_path}[id])"
        ));
    }
    if from_currency_options > 0 {
        out.warnings.push(format!(
            "{from_currency_options} direction(s) have no options of their own; used the per-source-currency options ({tree_path}[id].options)"
        ));
    }
    if from_file_options > 0 {
        out.warnings.push(format!(
            "{from_file_options} direction(s) have no options of their own; used the file-level options"
        ));
    }
}

/// Currency ids that share one code (cash desks in different cities). Their directions are
/// told apart by `city`: the desk's name when the feed has one, else its id; the link still
/// uses the shared code, which is what the exchanger matches.
struct Desks<'c> {
    /// Shared id -> desk label.
    labels: HashMap<&'c str, String>,
    /// Shared code -> its ids, in feed order, for the warning.
    groups: Vec<(String, Vec<&'c str>)>,
}

/// The currency ids whose code (compared upper-cased) another id also has.
fn shared_code_ids(codes: &HashMap<String, String>) -> HashSet<&str> {
    let mut per_code: HashMap<String, usize> = HashMap::new();
    for code in codes.values() {
        *per_code.entry(code.to_ascii_uppercase()).or_default() += 1;
    }
    codes
        .iter()
        .filter(|(_, code)| per_code.get(&code.to_ascii_uppercase()) > Some(&1))
        .map(|(id, _)| id.as_str())
        .collect()
}

impl<'c> Desks<'c> {
    fn new(
        codes: &'c HashMap<String, String>,
        shared: &HashSet<&'c str>,
        names: Option<&Value>,
    ) -> Desks<'c> {
        let mut ids: Vec<(&'c str, &'c str)> = codes
            .iter()
            .filter(|(id, _)| shared.contains(id.as_str()))
            .map(|(id, code)| (id.as_str(), code.as_str()))
            .collect();
        // Feed ids in their natural order (`2` before `10`), for a stable warning.
        ids.sort_by(|a, b| (a.0.len(), a.0).cmp(&(b.0.len(), b.0)));
        let mut groups: Vec<(String, Vec<&'c str>)> = Vec::new();
        let mut group_of: HashMap<String, usize> = HashMap::new();
        let mut labels = HashMap::new();
        for (id, code) in ids {
            let at = *group_of
                .entry(code.to_ascii_uppercase())
                .or_insert_with(|| {
                    groups.push((code.to_string(), Vec::new()));
                    groups.len() - 1
                });
            if let Some((_, members)) = groups.get_mut(at) {
                members.push(id);
            }
            let name = names
                .and_then(|n| n.get(id))
                .and_then(Value::as_str)
                .map(|n| n.trim().chars().take(60).collect::<String>())
                .filter(|n| !n.is_empty());
            labels.insert(id, name.unwrap_or_else(|| id.to_string()));
        }
        Desks { labels, groups }
    }

    /// The city of a direction between two ids when either is a shared-code desk.
    fn label(&self, from_id: &str, to_id: &str) -> Option<String> {
        match (self.labels.get(from_id), self.labels.get(to_id)) {
            (Some(a), Some(b)) => Some(format!("{a} → {b}")),
            (Some(a), None) | (None, Some(a)) => Some(a.clone()),
            (None, None) => None,
        }
    }

    fn warning(&self, names_path: Option<&str>) -> Option<String> {
        if self.groups.is_empty() {
            return None;
        }
        let groups: Vec<String> = self
            .groups
            .iter()
            .map(|(code, ids)| format!("{code} (ids {})", ids.join(", ")))
            .collect();
        let by = match names_path {
            Some(p) => format!("the desk's name from {p:?}"),
            None => "the currency id".to_string(),
        };
        Some(format!(
            "several currency ids share one code: {}; each id's directions are kept apart, with {by} as the city",
            groups.join("; ")
        ))
    }
}

/// The code of a currency id; without a currencies.list the keys can only be the codes.
fn code_of<'a>(codes: &'a HashMap<String, String>, id: &'a str) -> Option<&'a str> {
    match codes.get(id) {
        Some(c) => Some(c),
        None if codes.is_empty() => Some(id),
        None => None,
    }
}

fn parse_decimal(v: &Value) -> Option<Decimal> {
    super::item::parse_amount(&v.as_text()?)
        .ok()
        .map(|a| a.value)
}
