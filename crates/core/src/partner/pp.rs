//! Adapter for the "pp" partner API (Premium Exchanger and the izi.exchange family).

use super::error::PartnerError;
use super::model::*;
use super::Response;
use crate::decimal::Decimal;
use crate::json::Value;

/// Checks the HTTP status and the `error`/`error_text` envelope; returns `data` (Null if absent).
pub fn envelope<'a>(resp: &Response<'a>) -> Result<Value<'a>, PartnerError> {
    super::check_status(resp)?;
    let root = super::parse_json(resp.body)?;
    if root.as_object().is_none() {
        return Err(PartnerError::Malformed(
            "the answer is not a JSON object".into(),
        ));
    }
    let failed = match root.get("error") {
        Some(v) => v.as_bool_loose() || v.as_i64().is_some_and(|n| n != 0),
        None => false,
    } || root
        .get("status")
        .and_then(Value::as_str)
        .is_some_and(|s| s.eq_ignore_ascii_case("error"));
    if failed {
        let text = root
            .get("error_text")
            .and_then(|v| v.as_text())
            .map(|t| t.into_owned())
            .unwrap_or_default();
        return Err(PartnerError::Rejected(text));
    }
    let Value::Object(members) = root else {
        return Ok(Value::Null);
    };
    Ok(members
        .into_iter()
        .find(|(k, _)| k == "data")
        .map(|(_, v)| v)
        .unwrap_or(Value::Null))
}

/// A scalar as text (string or number), trimmed, `None` when empty or absent.
pub(crate) fn text(v: &Value<'_>, key: &str) -> Option<String> {
    let t = v.get(key)?.as_text()?;
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

pub(crate) fn decimal(v: &Value<'_>, key: &str) -> Option<Decimal> {
    v.get(key)?.as_decimal()
}

fn items<'v, 'a>(data: &'v Value<'a>) -> impl Iterator<Item = (String, &'v Value<'a>)> {
    data.get("items")
        .map(Value::entries)
        .into_iter()
        .flatten()
        .filter(|(_, v)| v.as_object().is_some())
        .map(|(k, v)| (k.into_owned(), v))
}

fn at_of(item: &Value<'_>) -> (When, Option<String>) {
    let date = text(item, "date");
    let at = match item.get("time").and_then(Value::as_i64) {
        Some(t) => When::Unix(t),
        None => match &date {
            Some(d) => super::dates::parse_human_date(d),
            None => When::Text(String::new()),
        },
    };
    (at, date)
}

/// `get_info`: balance, minimum payout, izi extras, payout methods.
pub fn parse_info(resp: &Response<'_>) -> Result<PartnerSummary, PartnerError> {
    let data = envelope(resp)?;
    if data.as_object().is_none() {
        return Err(PartnerError::Malformed("get_info returned no data".into()));
    }
    let payout_methods = items(&data)
        .map(|(key, m)| PayoutMethod {
            id: text(m, "id").unwrap_or(key),
            title: text(m, "title").unwrap_or_default(),
            commission: text(m, "comission")
                .or_else(|| text(m, "commission"))
                .unwrap_or_default(),
            you_receive: decimal(m, "amount")
                .map(|a| Money::new(a, text(m, "currency").as_deref())),
        })
        .collect();
    let currency = text(&data, "currency");
    let money = |key: &str| decimal(&data, key).map(|a| Money::new(a, currency.as_deref()));
    Ok(PartnerSummary {
        balance: money("balance"),
        min_payout: money("min_payout"),
        total_received: money("totalReceived").or_else(|| money("total_received")),
        total_withdrawn: None,
        reward_percent: decimal(&data, "percent").or_else(|| decimal(&data, "partner_percent")),
        referral_code: text(&data, "link"),
        referrals: None,
        payout_methods,
    })
}

/// `get_links`: clicks, newest first.
pub fn parse_links(resp: &Response<'_>) -> Result<Vec<Click>, PartnerError> {
    let data = envelope(resp)?;
    let mut clicks: Vec<Click> = items(&data)
        .map(|(key, c)| {
            let (at, date) = at_of(c);
            Click {
                id: text(c, "id").unwrap_or(key),
                at,
                date,
                ip: text(c, "ip"),
                browser: text(c, "browser"),
                referrer: text(c, "referrer").or_else(|| text(c, "referer")),
                user_hash: text(c, "user_hash"),
                query: text(c, "query_string"),
            }
        })
        .collect();
    sort_newest_first(&mut clicks, |c| &c.at);
    Ok(clicks)
}

/// `get_exchanges`: exchanges by referred visitors, newest first.
pub fn parse_exchanges(resp: &Response<'_>) -> Result<Vec<PartnerExchange>, PartnerError> {
    let data = envelope(resp)?;
    let mut list: Vec<PartnerExchange> = items(&data)
        .map(|(key, e)| {
            let (at, date) = at_of(e);
            let side = |amount: &str, code: &str| {
                let code = text(e, code);
                decimal(e, amount).map(|a| Money::new(a, code.as_deref()))
            };
            let state = match e.get("exchange_success") {
                Some(v) if v.as_i64() == Some(1) || v.as_bool_loose() => ExchangeState::Completed,
                Some(v) if v.as_i64() == Some(0) || matches!(v, Value::Bool(false)) => {
                    ExchangeState::NotCompleted
                }
                Some(v) => {
                    ExchangeState::Unknown(v.as_text().map(|t| t.into_owned()).unwrap_or_default())
                }
                None => ExchangeState::Unknown(text(e, "status").unwrap_or_default()),
            };
            PartnerExchange {
                id: text(e, "id").unwrap_or(key),
                at,
                date,
                give: side("amount_give", "currency_code_give"),
                get: side("amount_get", "currency_code_get"),
                reward: decimal(e, "partner_reward").map(|a| Money::new(a, None)),
                state,
                reward_accrued: e
                    .get("accrued")
                    .filter(|v| !v.is_null())
                    .map(Value::as_bool_loose),
                order_ref: text(e, "order_id").or_else(|| text(e, "bid_id")),
                user_hash: text(e, "user_hash"),
            }
        })
        .collect();
    sort_newest_first(&mut list, |e| &e.at);
    Ok(list)
}

/// `get_payouts`: payouts, newest first.
pub fn parse_payouts(resp: &Response<'_>) -> Result<Vec<Payout>, PartnerError> {
    let data = envelope(resp)?;
    let mut list: Vec<Payout> = items(&data)
        .filter_map(|(key, p)| {
            let (at, date) = at_of(p);
            let amount = decimal(p, "pay_amount").or_else(|| decimal(p, "amount"))?;
            Some(Payout {
                id: text(p, "id").unwrap_or(key),
                at,
                date,
                amount: Money::new(amount, text(p, "pay_currency_code").as_deref()),
                original: decimal(p, "original_amount")
                    .map(|a| Money::new(a, text(p, "original_currency_code").as_deref())),
                method_id: text(p, "method_id"),
                method: text(p, "method_title").or_else(|| text(p, "method")),
                account: text(p, "account"),
                status: PayoutStatus::from_raw(&text(p, "status").unwrap_or_default()),
            })
        })
        .collect();
    sort_newest_first(&mut list, |p| &p.at);
    Ok(list)
}

/// `add_payout`: the new payout's id.
pub fn parse_add_payout(resp: &Response<'_>) -> Result<String, PartnerError> {
    let data = envelope(resp)?;
    text(&data, "payout_id")
        .or_else(|| text(&data, "id"))
        .ok_or_else(|| PartnerError::Malformed("add_payout returned no payout_id".into()))
}

/// The site's base currency, revealed by the payouts' `original_currency_code`.
pub fn base_currency(payouts: &[Payout]) -> Option<String> {
    payouts
        .iter()
        .find_map(|p| p.original.as_ref()?.currency.clone())
}

/// Fills the currency of the summary's balance, minimum payout and total received, which pp
/// leaves out, with the site's base currency from past `payouts` (when they reveal it).
pub fn fill_base_currency(summary: &mut PartnerSummary, payouts: &[Payout]) {
    let Some(code) = base_currency(payouts) else {
        return;
    };
    for m in [
        &mut summary.balance,
        &mut summary.min_payout,
        &mut summary.total_received,
    ]
    .into_iter()
    .flatten()
    {
        m.currency.get_or_insert_with(|| code.clone());
    }
}
