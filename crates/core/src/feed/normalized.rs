//! ratelink's normalized JSON (what `inspect --json` prints and the relay serves), both ways.

use crate::decimal::Decimal;
use crate::json::{write_str, Value};
use crate::model::{
    Direction, Fee, FeeSide, FeeStep, Feed, FeedFormat, FeedStatus, Floating, Skipped,
};
use std::fmt::Write;

fn num(s: &mut String, v: Option<Decimal>) {
    match v {
        Some(d) => {
            let _ = write!(s, "\"{}\"", d.normalized());
        }
        None => s.push_str("null"),
    }
}

fn key(s: &mut String, k: &str) {
    s.push_str(",\"");
    s.push_str(k);
    s.push_str("\":");
}

fn opt_str(s: &mut String, v: Option<&str>) {
    match v {
        Some(t) => write_str(s, t),
        None => s.push_str("null"),
    }
}

fn fee(s: &mut String, f: &Fee) {
    s.push_str("{\"percent\":");
    num(s, Some(f.percent));
    s.push_str(",\"fixed\":");
    num(s, Some(f.fixed));
    s.push('}');
}

fn direction(s: &mut String, d: &Direction) {
    s.push_str("{\"from\":");
    write_str(s, &d.from);
    key(s, "to");
    write_str(s, &d.to);
    for (k, v) in [
        ("in", Some(d.r#in)),
        ("out", Some(d.out)),
        ("rate", d.rate()),
        ("reserve", d.reserve),
        ("min", d.min),
        ("max", d.max),
    ] {
        key(s, k);
        num(s, v);
    }
    key(s, "flags");
    s.push('[');
    for (i, f) in d.flags.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        write_str(s, f);
    }
    s.push(']');
    key(s, "city");
    opt_str(s, d.city.as_deref());
    key(s, "to_min");
    num(s, d.to_min);
    key(s, "to_max");
    num(s, d.to_max);
    for (k, f) in [("from_fee", &d.from_fee), ("to_fee", &d.to_fee)] {
        key(s, k);
        if f.is_zero() {
            s.push_str("null");
        } else {
            fee(s, f);
        }
    }
    key(s, "min_fee");
    num(s, d.min_fee);
    key(s, "fee_steps");
    s.push('[');
    for (i, st) in d.fee_steps.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str("{\"from_min\":");
        num(s, st.from_min);
        key(s, "from_max");
        num(s, st.from_max);
        key(s, "side");
        s.push_str(if st.side == FeeSide::From {
            "\"from\""
        } else {
            "\"to\""
        });
        key(s, "percent");
        num(s, Some(st.fee.percent));
        key(s, "fixed");
        num(s, Some(st.fee.fixed));
        s.push('}');
    }
    s.push(']');
    key(s, "floating");
    match &d.floating {
        Some(f) => {
            s.push_str("{\"minutes\":");
            num(s, f.minutes);
            key(s, "percent");
            num(s, f.percent);
            s.push('}');
        }
        None => s.push_str("null"),
    }
    key(s, "delay");
    num(s, d.delay);
    // Optional fields, written only when present.
    for (k, v) in [("min_unit", &d.min_unit), ("max_unit", &d.max_unit)] {
        if let Some(unit) = v {
            key(s, k);
            write_str(s, unit);
        }
    }
    s.push('}');
}

/// Writes a feed as ratelink's normalized JSON (the schema of `inspect --json`): every number a
/// normalized decimal string, absent values `null`, output deterministic. `extra` fields (e.g.
/// `("fetched_at", "\"2026-11-22T03:00:00Z\"")`, `("stale", "false")`) are appended to the
/// top-level object as already-encoded JSON values.
pub fn to_normalized_json(feed: &Feed, extra: &[(&str, String)]) -> String {
    let mut s = String::with_capacity(256 + feed.directions.len() * 420);
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
        direction(&mut s, d);
    }
    s.push(']');
    key(&mut s, "skipped");
    s.push('[');
    for (i, sk) in feed.skipped.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "{{\"index\":{}", sk.index);
        key(&mut s, "reason");
        write_str(&mut s, &sk.reason);
        key(&mut s, "field");
        opt_str(&mut s, sk.field.as_deref());
        key(&mut s, "raw");
        opt_str(&mut s, sk.raw.as_deref());
        s.push('}');
    }
    s.push(']');
    key(&mut s, "warnings");
    s.push('[');
    for (i, w) in feed.warnings.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        write_str(&mut s, w);
    }
    s.push(']');
    for (k, v) in extra {
        s.push(',');
        write_str(&mut s, k);
        s.push(':');
        s.push_str(v);
    }
    s.push('}');
    s
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

fn read_direction(v: &Value) -> Result<Direction, &'static str> {
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
    })
}
