//! JSON lists of item objects keyed like the XML elements (§7.2), and JSON field helpers.

use super::item::{add_fee, kind, parse_fee, truthy, ItemBuilder, Kind};
use super::Out;
use crate::json::Value;
use crate::model::{Fee, FeeSide};

/// Reads a JSON fee: `"1"`, `"0.5%"`, `{"%": "0.5"}`, `["+", {"%": "0.5"}, "1"]`.
pub(super) fn json_fee(v: &Value) -> Result<Fee, String> {
    let mut fee = Fee::default();
    match v {
        Value::Null => {}
        Value::String(_) | Value::Number(_) => {
            let text = v.as_text().unwrap_or_default();
            fee = parse_fee(&text, false).map_err(|e| e.to_string())?;
        }
        Value::Object(members) => {
            for (k, part) in members {
                let text = part
                    .as_text()
                    .ok_or_else(|| format!("fee part {k:?} is not a number"))?;
                let percent = k.trim() == "%" || k.eq_ignore_ascii_case("percent");
                let fixed = ["abs", "fixed", "fix", "amount", ""]
                    .iter()
                    .any(|w| k.trim().eq_ignore_ascii_case(w));
                if !percent && !fixed {
                    return Err(format!("unknown fee part {k:?}"));
                }
                add_fee(
                    &mut fee,
                    &parse_fee(&text, percent).map_err(|e| e.to_string())?,
                );
            }
        }
        Value::Array(parts) => {
            for part in parts {
                if part.as_str().is_some_and(|s| s.trim() == "+") {
                    continue;
                }
                add_fee(&mut fee, &json_fee(part)?);
            }
        }
        Value::Bool(_) => return Err("a boolean is not a fee".into()),
    }
    Ok(fee)
}

/// Adds flags from an options value: `{"manual": 1, "auth": 0}` or `["manual", "auth"]`.
pub(super) fn json_flags(item: &mut ItemBuilder, v: &Value) {
    match v {
        Value::Object(members) => {
            for (k, on) in members {
                if on.as_bool_loose() {
                    item.flag(k);
                }
            }
        }
        Value::Array(list) => {
            for f in list {
                if let Some(t) = f.as_text() {
                    item.flag(&t);
                }
            }
        }
        Value::String(s) => {
            for f in s
                .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                .filter(|f| !f.trim().is_empty())
            {
                item.flag(f);
            }
        }
        _ => {}
    }
}

/// Records one `key: value` of an item object.
pub(super) fn json_field(item: &mut ItemBuilder, out: &mut Out, key: &str, v: &Value) {
    let (k, v11) = kind(key);
    item.v11 |= v11;
    match (k, v) {
        (_, Value::Null) => {}
        (Kind::FromFee | Kind::ToFee, _) => {
            let side = if k == Kind::FromFee {
                FeeSide::From
            } else {
                FeeSide::To
            };
            match json_fee(v) {
                Ok(fee) => item.fee(out, side, fee, None),
                Err(e) => out
                    .warnings
                    .push(format!("item {}: {key}: ignored: {e}", item.index)),
            }
        }
        (Kind::Param, _) => json_flags(item, v),
        (Kind::City, Value::Array(list)) => {
            for c in list {
                if let Some(t) = c.as_text() {
                    item.text(out, Kind::City, key, &t, None, None);
                }
            }
        }
        (Kind::Floating, Value::Object(_)) => {
            let m = v.get_ci("minutes").and_then(|m| m.as_text());
            let p = v.get_ci("percent").and_then(|p| p.as_text());
            item.floating(out, m.as_deref(), p.as_deref());
        }
        (Kind::Floating | Kind::Delay | Kind::Other, Value::Bool(true)) => item.flag(key),
        (Kind::Other, _) if key.eq_ignore_ascii_case("options") => json_flags(item, v),
        (Kind::Other, _) => {
            if v.as_text().is_some_and(|t| truthy(&t)) {
                item.flag(key);
            }
        }
        (_, Value::String(_) | Value::Number(_)) => {
            let text = v.as_text().unwrap_or_default();
            item.text(out, k, key, &text, None, None);
        }
        _ => out.warnings.push(format!(
            "item {}: {key}: unexpected value ignored",
            item.index
        )),
    }
}

/// Reads one item object; `key` is its key when the list is an object (`"BTC_SBERRUB"`).
fn read_item(index: usize, v: &Value, key: Option<&str>, out: &mut Out) {
    let Some(members) = v.as_object() else {
        out.skip(index, None, None, "item is not an object".into());
        return;
    };
    let mut item = ItemBuilder::new(index);
    for (k, value) in members {
        json_field(&mut item, out, k, value);
    }
    if let Some((from, to)) = key.and_then(|k| k.split_once('_')) {
        item.codes(Some(from), Some(to));
    }
    item.finish(out);
}

/// Reads a bare array, an array wrapped under `rates`/`items`/`data`/`item`, or an object of
/// items keyed by `"FROM_TO"` or id. False when no list of items was found.
pub(super) fn read(doc: &Value, out: &mut Out) -> bool {
    let mut v = doc;
    for _ in 0..4 {
        // Known wrapper keys first; else an envelope holding exactly one list
        // (`{"status": "ok", "result": [...]}`).
        let wrapped = ["rates", "items", "data", "item", "exchanges"]
            .iter()
            .find_map(|k| v.get_ci(k))
            .or_else(|| {
                if v.get_ci("from").is_some() {
                    return None; // a single item, not an envelope
                }
                let mut lists = v
                    .as_object()?
                    .iter()
                    .filter(|(_, m)| m.as_array().is_some());
                match (lists.next(), lists.next()) {
                    (Some((_, list)), None) => Some(list),
                    _ => None,
                }
            });
        match wrapped {
            Some(inner) => v = inner,
            None => break,
        }
    }
    match v {
        Value::Array(list) => {
            for (i, item) in list.iter().enumerate() {
                read_item(i, item, None, out);
            }
            true
        }
        Value::Object(members) if members.is_empty() => true,
        Value::Object(members) if members.iter().any(|(_, m)| m.as_object().is_some()) => {
            for (i, (k, item)) in members.iter().enumerate() {
                // Scalars next to the items (a "version", a timestamp) are not items.
                if item.as_object().is_some() {
                    read_item(i, item, Some(k), out);
                }
            }
            true
        }
        // A single item object.
        Value::Object(_) if v.get_ci("from").is_some() && v.get_ci("to").is_some() => {
            read_item(0, v, None, out);
            true
        }
        _ => false,
    }
}
