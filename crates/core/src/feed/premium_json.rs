//! Premium Exchanger JSON `"version": "1.3"` (§7.1): currencies by id, signed `xr` rates.

use super::item::{ItemBuilder, Kind};
use super::json_items::{json_field, json_flags};
use super::Out;
use crate::decimal::Decimal;
use crate::json::Value;
use std::collections::HashMap;

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

/// Reads the document into `out`.
pub(super) fn read(doc: &Value, out: &mut Out) {
    let currencies = doc.get_ci("currencies");
    let codes: HashMap<String, String> = currencies
        .and_then(|c| c.get_ci("list"))
        .map(|l| {
            l.entries()
                .filter_map(|(id, code)| {
                    Some((id.into_owned(), code.as_text()?.trim().to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    let amounts: HashMap<String, Decimal> = currencies
        .and_then(|c| c.get_ci("amounts"))
        .map(|a| {
            a.entries()
                .filter_map(|(id, v)| Some((id.into_owned(), parse_decimal(v)?)))
                .collect()
        })
        .unwrap_or_default();
    let file_options = doc.get_ci("options");
    let mut index = 0usize;
    let mut from_currency_limits = 0usize;
    let mut from_currency_options = 0usize;
    let mut from_file_options = 0usize;
    if codes.is_empty() {
        out.warnings
            .push("no currencies.list: the exchange keys are read as currency codes".into());
    }
    let Some(exchange) = doc.get_ci("exchange") else {
        out.warnings
            .push("no \"exchange\" object: the feed lists no directions".into());
        return;
    };
    for (from_id, source) in exchange.entries() {
        let targets = source.get_ci("to");
        let cur_min = source.get_ci("min");
        let cur_max = source.get_ci("max");
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
                        format!("currency id {id:?} is not in currencies.list"),
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
            item.finish(out);
        }
    }
    if from_currency_limits > 0 {
        out.warnings.push(format!(
            "{from_currency_limits} direction(s) have no min/max of their own; used the per-source-currency min/max (exchange[id].min/max)"
        ));
    }
    if from_currency_options > 0 {
        out.warnings.push(format!(
            "{from_currency_options} direction(s) have no options of their own; used the per-source-currency options (exchange[id].options)"
        ));
    }
    if from_file_options > 0 {
        out.warnings.push(format!(
            "{from_file_options} direction(s) have no options of their own; used the file-level options"
        ));
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
