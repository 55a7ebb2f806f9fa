//! ratelink's normalized JSON (what `inspect --json` prints and the relay serves), both ways.

use crate::currency::{Category, CurrencyInfo};
use crate::decimal::Decimal;
use crate::json::{write_str, Value};
use crate::model::{
    Direction, Fee, FeeSide, FeeStep, Feed, FeedFormat, FeedStatus, Floating, Skipped,
};
use std::borrow::Cow;

/// How much a writer puts in: everything, or only what a reader cannot rebuild.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `inspect --json`: every field, absent ones `null`/`[]`, the derived `rate`.
    Full,
    /// `/feeds/{name}`: absent fields and `rate` left out (readers treat missing as `null` and
    /// compute `rate` = `out`/`in`).
    Lean,
}

fn num(s: &mut String, d: Decimal) {
    s.push('"');
    s.push_str(&d.normalized().to_string());
    s.push('"');
}

/// Writes `,"k":` (or `"k":` right after an opening brace).
fn key(s: &mut String, k: &str) {
    if !s.ends_with('{') {
        s.push(',');
    }
    s.push('"');
    s.push_str(k);
    s.push_str("\":");
}

/// A decimal field: `null` when absent in the full shape, left out in the lean one.
fn opt_num(s: &mut String, shape: Shape, k: &str, v: Option<Decimal>) {
    match v {
        Some(d) => {
            key(s, k);
            num(s, d);
        }
        None if shape == Shape::Full => {
            key(s, k);
            s.push_str("null");
        }
        None => {}
    }
}

/// A list field, written by `item` for each element; left out when empty in the lean shape.
fn list<T>(s: &mut String, shape: Shape, k: &str, v: &[T], item: impl Fn(&mut String, &T)) {
    if v.is_empty() && shape == Shape::Lean {
        return;
    }
    key(s, k);
    s.push('[');
    for (i, x) in v.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        item(s, x);
    }
    s.push(']');
}

fn fee(s: &mut String, shape: Shape, f: &Fee) {
    s.push('{');
    for (k, v) in [("percent", f.percent), ("fixed", f.fixed)] {
        if shape == Shape::Full || !v.is_zero() {
            key(s, k);
            num(s, v);
        }
    }
    s.push('}');
}

fn direction(s: &mut String, shape: Shape, d: &Direction) {
    s.push_str("{\"from\":");
    write_str(s, &d.from);
    key(s, "to");
    write_str(s, &d.to);
    for (k, v) in [("in", d.r#in), ("out", d.out)] {
        key(s, k);
        num(s, v);
    }
    if shape == Shape::Full {
        opt_num(s, shape, "rate", d.rate());
    }
    opt_num(s, shape, "reserve", d.reserve);
    opt_num(s, shape, "min", d.min);
    opt_num(s, shape, "max", d.max);
    list(s, shape, "flags", &d.flags, |s, f| write_str(s, f));
    match (&d.city, shape) {
        (Some(city), _) => {
            key(s, "city");
            write_str(s, city);
        }
        (None, Shape::Full) => {
            key(s, "city");
            s.push_str("null");
        }
        (None, Shape::Lean) => {}
    }
    opt_num(s, shape, "to_min", d.to_min);
    opt_num(s, shape, "to_max", d.to_max);
    for (k, f) in [("from_fee", &d.from_fee), ("to_fee", &d.to_fee)] {
        if !f.is_zero() {
            key(s, k);
            fee(s, shape, f);
        } else if shape == Shape::Full {
            key(s, k);
            s.push_str("null");
        }
    }
    opt_num(s, shape, "min_fee", d.min_fee);
    list(s, shape, "fee_steps", &d.fee_steps, |s, st| {
        s.push('{');
        opt_num(s, shape, "from_min", st.from_min);
        opt_num(s, shape, "from_max", st.from_max);
        key(s, "side");
        s.push_str(if st.side == FeeSide::From {
            "\"from\""
        } else {
            "\"to\""
        });
        for (k, v) in [("percent", st.fee.percent), ("fixed", st.fee.fixed)] {
            if shape == Shape::Full || !v.is_zero() {
                key(s, k);
                num(s, v);
            }
        }
        s.push('}');
    });
    match &d.floating {
        Some(f) => {
            key(s, "floating");
            s.push('{');
            opt_num(s, shape, "minutes", f.minutes);
            opt_num(s, shape, "percent", f.percent);
            s.push('}');
        }
        None if shape == Shape::Full => {
            key(s, "floating");
            s.push_str("null");
        }
        None => {}
    }
    opt_num(s, shape, "delay", d.delay);
    // Optional fields, written only when present (both shapes).
    for (k, v) in [("min_unit", &d.min_unit), ("max_unit", &d.max_unit)] {
        if let Some(unit) = v {
            key(s, k);
            write_str(s, unit);
        }
    }
    s.push('}');
}

/// `"names":{"BTC":{"en":"Bitcoin","ru":"Биткоин","category":"crypto"},...}`, most common
/// first; `ru` left out when it equals `en`, `network` when there is none.
fn names(s: &mut String, names: &[CurrencyInfo]) {
    key(s, "names");
    names_object(s, names);
}

/// The object of [`names`], without its key.
fn names_object(s: &mut String, names: &[CurrencyInfo]) {
    s.push('{');
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        write_str(s, &n.code);
        s.push_str(":{\"en\":");
        write_str(s, &n.name_en);
        if n.name_ru != n.name_en {
            key(s, "ru");
            write_str(s, &n.name_ru);
        }
        if let Some(net) = &n.network {
            key(s, "network");
            write_str(s, net);
        }
        key(s, "category");
        write_str(s, n.category.as_str());
        s.push('}');
    }
    s.push('}');
}

fn write(feed: &Feed, extra: &[(&str, String)], shape: Shape) -> String {
    let per_direction = if shape == Shape::Full { 420 } else { 160 };
    let mut s = String::with_capacity(256 + feed.directions.len() * per_direction);
    s.push_str("{\"format\":");
    write_str(&mut s, feed.format.as_str());
    key(&mut s, "status");
    write_str(&mut s, feed.status.as_str());
    key(&mut s, "directions");
    s.push('[');
    for (i, d) in feed.directions.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        direction(&mut s, shape, d);
    }
    s.push(']');
    // Always written, even empty: partners' scripts read these two lists.
    list(&mut s, Shape::Full, "skipped", &feed.skipped, |s, sk| {
        s.push_str("{\"index\":");
        s.push_str(&sk.index.to_string());
        key(s, "reason");
        write_str(s, &sk.reason);
        for (k, v) in [("field", &sk.field), ("raw", &sk.raw)] {
            match v {
                Some(t) => {
                    key(s, k);
                    write_str(s, t);
                }
                None if shape == Shape::Full => {
                    key(s, k);
                    s.push_str("null");
                }
                None => {}
            }
        }
        s.push('}');
    });
    list(&mut s, Shape::Full, "warnings", &feed.warnings, |s, w| {
        write_str(s, w)
    });
    names(&mut s, &feed.names);
    for (k, v) in extra {
        s.push(',');
        write_str(&mut s, k);
        s.push(':');
        s.push_str(v);
    }
    s.push('}');
    s
}

/// Writes a feed as ratelink's normalized JSON in full (what `inspect --json` prints): every
/// field of every direction, absent values `null` or `[]`, the derived `rate`, every number a
/// normalized decimal string, output deterministic. `extra` fields (e.g.
/// `("fetched_at", "\"2026-11-22T03:00:00Z\"")`, `("stale", "false")`) are appended to the
/// top-level object as already-encoded JSON values.
pub fn to_normalized_json(feed: &Feed, extra: &[(&str, String)]) -> String {
    write(feed, extra, Shape::Full)
}

/// Appends one direction to `out` exactly as [`to_feed_json`] writes it inside `directions`,
/// for writers that merge several feeds' directions (the relay's `/compare`).
pub fn write_lean_direction(out: &mut String, d: &Direction) {
    direction(out, Shape::Lean, d);
}

/// Appends a `names` object (`{"BTC":{"en":…},…}`, in the order given) to `out`, exactly as
/// [`to_feed_json`] writes a feed's `names`.
pub fn write_names(out: &mut String, names: &[CurrencyInfo]) {
    names_object(out, names);
}

/// Writes a feed as the relay serves it at `/feeds/{name}`: the shape of
/// [`to_normalized_json`] without what a reader rebuilds. Absent fields are left out (a missing
/// field reads as `null`, a missing list as `[]`), so are the derived `rate` (`out`/`in`) and
/// zero fee parts. [`parse_normalized`](super::parse_normalized) reads
/// both shapes to the same feed.
pub fn to_feed_json(feed: &Feed, extra: &[(&str, String)]) -> String {
    write(feed, extra, Shape::Lean)
}

fn dec(v: &Value, k: &str) -> Option<Decimal> {
    v.get(k).and_then(Value::as_decimal)
}

fn read_fee(v: Option<&Value>) -> Fee {
    match v {
        Some(f) if f.as_object().is_some() => Fee {
            percent: dec(f, "percent").unwrap_or_default(),
            fixed: dec(f, "fixed").unwrap_or_default(),
        },
        _ => Fee::default(),
    }
}

/// Reads one direction of the lean or full shape (also used by the `/compare` reader).
pub(crate) fn read_direction(v: &Value) -> Result<Direction, &'static str> {
    let from = v
        .get("from")
        .and_then(Value::as_str)
        .ok_or("missing from")?;
    let to = v.get("to").and_then(Value::as_str).ok_or("missing to")?;
    let r#in = dec(v, "in")
        .filter(Decimal::is_positive)
        .ok_or("in missing or not positive")?;
    let out = dec(v, "out")
        .filter(Decimal::is_positive)
        .ok_or("out missing or not positive")?;
    let mut d = Direction::new(from, to, r#in, out);
    d.reserve = dec(v, "reserve");
    d.min = dec(v, "min");
    d.max = dec(v, "max");
    let unit = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_string)
    };
    d.min_unit = unit("min_unit");
    d.max_unit = unit("max_unit");
    d.to_min = dec(v, "to_min");
    d.to_max = dec(v, "to_max");
    d.from_fee = read_fee(v.get("from_fee"));
    d.to_fee = read_fee(v.get("to_fee"));
    d.min_fee = dec(v, "min_fee");
    d.flags = v
        .get("flags")
        .into_iter()
        .flat_map(|f| f.entries())
        .filter_map(|(_, f)| Some(f.as_str()?.to_string()))
        .collect();
    d.city = v.get("city").and_then(Value::as_str).map(str::to_string);
    d.fee_steps = v
        .get("fee_steps")
        .into_iter()
        .flat_map(|f| f.entries())
        .map(|(_, st)| FeeStep {
            from_min: dec(st, "from_min"),
            from_max: dec(st, "from_max"),
            side: if st.get("side").and_then(Value::as_str) == Some("to") {
                FeeSide::To
            } else {
                FeeSide::From
            },
            fee: Fee {
                percent: dec(st, "percent").unwrap_or_default(),
                fixed: dec(st, "fixed").unwrap_or_default(),
            },
        })
        .collect();
    d.floating = v
        .get("floating")
        .filter(|f| f.as_object().is_some())
        .map(|f| Floating {
            minutes: dec(f, "minutes"),
            percent: dec(f, "percent"),
        });
    d.delay = dec(v, "delay");
    Ok(d)
}

/// Reads what [`to_normalized_json`] writes; `None` when `directions` is not a list.
pub(super) fn read(doc: &Value) -> Option<Feed> {
    let list = doc.get("directions")?.as_array()?;
    let mut directions = Vec::with_capacity(list.len());
    let mut skipped = Vec::new();
    for (index, v) in list.iter().enumerate() {
        match read_direction(v) {
            Ok(d) => directions.push(d),
            Err(reason) => skipped.push(Skipped {
                index,
                field: None,
                raw: None,
                reason: reason.into(),
            }),
        }
    }
    for s in doc.get("skipped").into_iter().flat_map(|s| s.entries()) {
        let text = |k: &str| s.1.get(k).and_then(Value::as_str).map(str::to_string);
        skipped.push(Skipped {
            index: s
                .1
                .get("index")
                .and_then(Value::as_i64)
                .and_then(|i| usize::try_from(i).ok())
                .unwrap_or(0),
            field: text("field"),
            raw: text("raw"),
            reason: text("reason").unwrap_or_default(),
        });
    }
    let warnings = doc
        .get("warnings")
        .into_iter()
        .flat_map(|w| w.entries())
        .filter_map(|(_, w)| Some(w.as_str()?.to_string()))
        .collect();
    let status = match doc.get("status").and_then(Value::as_str) {
        Some("maintenance") => FeedStatus::Maintenance,
        _ if directions.is_empty() => FeedStatus::Empty,
        _ => FeedStatus::Ok,
    };
    Some(Feed {
        format: FeedFormat::Normalized,
        status,
        directions,
        skipped,
        warnings,
        names: read_names(doc.get("names")),
    })
}

/// Reads `names` (see [`names`]); entries without an English name are ignored, an unknown
/// category reads as `other`. Ranked by position, at most `u16::MAX` entries.
pub(crate) fn read_names(v: Option<&Value>) -> Vec<CurrencyInfo> {
    let Some(list) = v.and_then(Value::as_object) else {
        return Vec::new();
    };
    let text = |n: &Value, k: &str| n.get(k).and_then(Value::as_str).map(str::to_string);
    list.iter()
        .filter_map(|(code, n)| {
            let en = text(n, "en")?;
            Some(CurrencyInfo {
                code: code.to_string(),
                canonical: Cow::Owned(code.trim().to_ascii_uppercase()),
                name_ru: Cow::Owned(text(n, "ru").unwrap_or_else(|| en.clone())),
                name_en: Cow::Owned(en),
                category: n
                    .get("category")
                    .and_then(Value::as_str)
                    .and_then(Category::from_name)
                    .unwrap_or(Category::Other),
                network: text(n, "network").map(Cow::Owned),
                known: true,
                rank: 0,
            })
        })
        .take(usize::from(u16::MAX))
        .enumerate()
        .map(|(i, mut n)| {
            n.rank = i as u16;
            n
        })
        .collect()
}
