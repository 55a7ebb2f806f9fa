//! Adapter for the iEXExchanger API v2 partner endpoints (Bearer token, paged lists).

use super::error::PartnerError;
use super::model::*;
use super::pp::{decimal, text};
use super::Response;
use crate::json::Value;

/// Most pages followed for one list, so a site that always says "next" cannot loop us forever.
pub const MAX_PAGES: u32 = 20;

/// `GET /account/partner`.
pub fn parse_summary(resp: &Response<'_>) -> Result<PartnerSummary, PartnerError> {
    super::check_status(resp)?;
    let root = super::parse_json(resp.body)?;
    // The documented answer is bare; a `data` wrapper is accepted as well.
    let node = root
        .get("data")
        .filter(|d| d.get("attributes").is_some())
        .unwrap_or(&root);
    let Some(attrs) = node.get("attributes").filter(|a| a.as_object().is_some()) else {
        return Err(PartnerError::Malformed(
            "no attributes in /account/partner".into(),
        ));
    };
    let currency = text(attrs, "iso_code");
    let money =
        |v: &Value<'_>, key: &str| decimal(v, key).map(|a| Money::new(a, currency.as_deref()));
    let totals = attrs.get("totals");
    Ok(PartnerSummary {
        balance: money(attrs, "balance"),
        min_payout: None,
        total_received: None,
        total_withdrawn: totals.and_then(|t| money(t, "withdrawal")),
        reward_percent: decimal(attrs, "percent_referral"),
        referral_code: text(attrs, "referral_hash"),
        referrals: attrs
            .get("count_referral")
            .and_then(Value::as_i64)
            .and_then(|n| u64::try_from(n).ok()),
        payout_methods: Vec::new(),
    })
}

fn list<'v, 'a>(
    root: &'v Value<'a>,
) -> Result<impl Iterator<Item = (String, &'v Value<'a>)>, PartnerError> {
    match root.get("data") {
        None | Some(Value::Null) => {}
        Some(v) if v.as_array().is_some() || v.as_object().is_some() => {}
        Some(_) => return Err(PartnerError::Malformed("`data` is not a list".into())),
    }
    Ok(root
        .get("data")
        .map(Value::entries)
        .into_iter()
        .flatten()
        .filter(|(_, v)| v.as_object().is_some())
        .map(|(k, v)| (k.into_owned(), v)))
}

fn has_next(root: &Value<'_>) -> bool {
    root.get("links")
        .and_then(|l| l.get("next"))
        .is_some_and(|n| n.as_text().is_some_and(|t| !t.trim().is_empty()))
}

fn at_of(attrs: &Value<'_>) -> (When, Option<String>) {
    let raw = text(attrs, "created_at");
    let at = match attrs.get("created_at").and_then(|v| {
        if matches!(v, Value::Number(_)) {
            v.as_i64()
        } else {
            None
        }
    }) {
        Some(t) => When::Unix(t),
        None => super::dates::parse_human_date(raw.as_deref().unwrap_or("")),
    };
    (at, raw)
}

/// `GET /account/partner/withdrawal`: one page of payouts.
pub fn parse_withdrawals(resp: &Response<'_>) -> Result<Page<Payout>, PartnerError> {
    page(resp, |id, attrs, at, date| {
        let empty = Value::Null;
        let charged = attrs.get("charged_amount").unwrap_or(&empty);
        let amount = decimal(charged, "amount")
            .or_else(|| decimal(attrs, "amount"))
            .unwrap_or_default();
        Payout {
            id,
            at,
            date,
            amount: Money::new(
                amount,
                text(charged, "currency")
                    .or_else(|| text(attrs, "currency"))
                    .as_deref(),
            ),
            original: None,
            method_id: None,
            method: text(charged, "name"),
            account: text(attrs, "account"),
            status: PayoutStatus::from_raw(
                &text(attrs, "payout_status")
                    .or_else(|| text(attrs, "status"))
                    .unwrap_or_default(),
            ),
        }
    })
}

/// `GET /account/partner/exchanges`: one page of rewarded exchanges.
pub fn parse_exchanges(resp: &Response<'_>) -> Result<Page<PartnerExchange>, PartnerError> {
    page(resp, |id, attrs, at, date| PartnerExchange {
        id,
        at,
        date,
        give: None,
        get: None,
        reward: decimal(attrs, "amount").map(|a| Money::new(a, text(attrs, "currency").as_deref())),
        state: ExchangeState::Unknown(text(attrs, "status").unwrap_or_default()),
        reward_accrued: None,
        order_ref: text(attrs, "order_id"),
        user_hash: None,
    })
}

/// One page of a JSON:API list: each object in `data` built by `row` from its id (or list
/// key), its `attributes` and its creation date.
fn page<T>(
    resp: &Response<'_>,
    row: impl Fn(String, &Value<'_>, When, Option<String>) -> T,
) -> Result<Page<T>, PartnerError> {
    super::check_status(resp)?;
    let root = super::parse_json(resp.body)?;
    let empty = Value::Null;
    let items = list(&root)?
        .map(|(key, item)| {
            let attrs = item.get("attributes").unwrap_or(&empty);
            let (at, date) = at_of(attrs);
            row(text(item, "id").unwrap_or(key), attrs, at, date)
        })
        .collect();
    Ok(Page {
        items,
        has_next: has_next(&root),
    })
}
