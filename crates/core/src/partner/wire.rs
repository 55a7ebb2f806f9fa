//! The relay's normalized partner JSON, written by the relay (the dashboard reads it with the
//! serde structs in `dashboard/src/wire.rs`).
//!
//! Money is `{"amount": "12.5", "code": "USD"}` (amount as an exact decimal string, `code`
//! null when unknown); times are `"time"` (unix seconds or null) plus `"date"` (text as the
//! site printed it, or null).

use super::model::*;
use crate::decimal::Decimal;
use crate::json::write_str;

/// Builds one JSON object member by member.
pub struct ObjectWriter {
    out: String,
    first: bool,
}

impl Default for ObjectWriter {
    fn default() -> Self {
        ObjectWriter::new()
    }
}

impl ObjectWriter {
    /// An empty object.
    pub fn new() -> ObjectWriter {
        ObjectWriter {
            out: String::from("{"),
            first: true,
        }
    }

    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(&mut self.out, key);
        self.out.push(':');
    }

    /// A member holding already-serialized JSON.
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.key(key);
        self.out.push_str(json);
        self
    }

    /// A string member (null for `None`).
    pub fn str(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        self.key(key);
        match value {
            Some(v) => write_str(&mut self.out, v),
            None => self.out.push_str("null"),
        }
        self
    }

    /// An integer member (null for `None`).
    pub fn int(&mut self, key: &str, value: Option<i64>) -> &mut Self {
        self.key(key);
        match value {
            Some(v) => self.out.push_str(&v.to_string()),
            None => self.out.push_str("null"),
        }
        self
    }

    /// A boolean member (null for `None`).
    pub fn bool(&mut self, key: &str, value: Option<bool>) -> &mut Self {
        self.key(key);
        self.out.push_str(match value {
            Some(true) => "true",
            Some(false) => "false",
            None => "null",
        });
        self
    }

    /// The finished object.
    pub fn finish(&mut self) -> String {
        let mut out = std::mem::take(&mut self.out);
        out.push('}');
        out
    }
}

/// A JSON array of already-serialized values.
pub fn array(items: impl IntoIterator<Item = String>) -> String {
    let mut out = String::from("[");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item);
    }
    out.push(']');
    out
}

/// `{"amount": "..", "code": ..}` or `null`.
pub fn money_json(m: Option<&Money>) -> String {
    match m {
        Some(m) => ObjectWriter::new()
            .str("amount", Some(&m.amount.to_string()))
            .str("code", m.currency.as_deref())
            .finish(),
        None => "null".into(),
    }
}

fn decimal_json(d: Option<Decimal>) -> String {
    let mut out = String::new();
    match d {
        Some(d) => write_str(&mut out, &d.to_string()),
        None => out.push_str("null"),
    }
    out
}

/// What the relay adds to a summary beyond the model.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SummaryExtras {
    /// `pp` or `iex-v2`.
    pub api: String,
    /// The referral link built from the code.
    pub referral_link: Option<String>,
    /// Whether clicks can be listed.
    pub clicks: bool,
    /// Whether payouts can be requested.
    pub payout_request: bool,
    /// The CSRF token for write calls.
    pub csrf: Option<String>,
}

/// `GET /partner/summary` body.
pub fn summary_json(s: &PartnerSummary, extras: &SummaryExtras) -> String {
    let methods = array(s.payout_methods.iter().map(|m| {
        ObjectWriter::new()
            .str("id", Some(&m.id))
            .str("title", Some(&m.title))
            .str("commission", Some(&m.commission))
            .raw("you_receive", &money_json(m.you_receive.as_ref()))
            .finish()
    }));
    let features = ObjectWriter::new()
        .bool("clicks", Some(extras.clicks))
        .bool("payout_request", Some(extras.payout_request))
        .finish();
    ObjectWriter::new()
        .str("api", Some(&extras.api))
        .raw("balance", &money_json(s.balance.as_ref()))
        .raw("min_payout", &money_json(s.min_payout.as_ref()))
        .raw("total_received", &money_json(s.total_received.as_ref()))
        .raw("total_withdrawn", &money_json(s.total_withdrawn.as_ref()))
        .raw("reward_percent", &decimal_json(s.reward_percent))
        .str("referral_code", s.referral_code.as_deref())
        .str("referral_link", extras.referral_link.as_deref())
        .int("referrals", s.referrals.and_then(|n| i64::try_from(n).ok()))
        .raw("payout_methods", &methods)
        .raw("features", &features)
        .str("csrf", extras.csrf.as_deref())
        .finish()
}

fn time_members(w: &mut ObjectWriter, at: &When, date: &Option<String>) {
    let time = match at {
        When::Unix(t) => Some(*t),
        _ => None,
    };
    let date = date.clone().or_else(|| match at {
        When::Unix(_) => None,
        other => Some(other.display()),
    });
    w.int("time", time).str("date", date.as_deref());
}

/// One exchange as JSON.
pub fn exchange_json(e: &PartnerExchange) -> String {
    let mut w = ObjectWriter::new();
    w.str("id", Some(&e.id));
    time_members(&mut w, &e.at, &e.date);
    w.raw("give", &money_json(e.give.as_ref()))
        .raw("get", &money_json(e.get.as_ref()))
        .raw("reward", &money_json(e.reward.as_ref()))
        .str("status", Some(e.state.short()))
        .str("status_raw", Some(e.state.raw()))
        .bool("accrued", e.reward_accrued)
        .str("order_ref", e.order_ref.as_deref())
        .finish()
}

/// `GET /partner/exchanges` body: one page, the next page number, and totals.
///
/// `totals` sum `whole` (the whole window, when the relay has it) or else this page.
pub fn exchanges_json(
    items: &[PartnerExchange],
    page: u32,
    next_page: Option<u32>,
    whole: Option<&[PartnerExchange]>,
) -> String {
    let (count, done, reward) = super::stats::exchange_totals(whole.unwrap_or(items));
    let totals = ObjectWriter::new()
        .int("count", Some(count as i64))
        .int("done", Some(done as i64))
        .raw("reward", &decimal_json(Some(reward)))
        .bool("whole_window", Some(whole.is_some()))
        .finish();
    ObjectWriter::new()
        .raw("items", &array(items.iter().map(exchange_json)))
        .int("page", Some(i64::from(page)))
        .int("next_page", next_page.map(i64::from))
        .raw("totals", &totals)
        .finish()
}

/// One click as JSON.
pub fn click_json(c: &Click) -> String {
    let mut w = ObjectWriter::new();
    w.str("id", Some(&c.id));
    time_members(&mut w, &c.at, &c.date);
    w.str("ip", c.ip.as_deref())
        .str("browser", c.browser.as_deref())
        .str("referrer", c.referrer.as_deref())
        .str("user_hash", c.user_hash.as_deref())
        .str("query", c.query.as_deref())
        .finish()
}

/// `GET /partner/clicks` body.
pub fn clicks_json(items: &[Click]) -> String {
    ObjectWriter::new()
        .raw("items", &array(items.iter().map(click_json)))
        .finish()
}

/// One payout as JSON; the account is masked to its last four characters.
pub fn payout_json(p: &Payout) -> String {
    let mut w = ObjectWriter::new();
    w.str("id", Some(&p.id));
    time_members(&mut w, &p.at, &p.date);
    let account = p.account.as_deref().map(mask_account);
    w.raw("amount", &money_json(Some(&p.amount)))
        .raw("original", &money_json(p.original.as_ref()))
        .str("method_id", p.method_id.as_deref())
        .str("method", p.method.as_deref())
        .str("account", account.as_deref())
        .str("status", Some(p.status.short()))
        .finish()
}

/// `GET /partner/payouts` body.
pub fn payouts_json(items: &[Payout]) -> String {
    ObjectWriter::new()
        .raw("items", &array(items.iter().map(payout_json)))
        .finish()
}

/// `GET /partner/placements` body: rows by reward, the pair breakdown, the unattributed rest.
pub fn placements_json(r: &super::placements::PlacementReport) -> String {
    let items = r.items.iter().map(|row| {
        ObjectWriter::new()
            .str("placement", row.placement.as_deref())
            .int("clicks", i64::try_from(row.clicks).ok())
            .int("visitors", i64::try_from(row.visitors).ok())
            .int("exchanges", i64::try_from(row.exchanges).ok())
            .int("done", i64::try_from(row.done).ok())
            .raw("reward", &decimal_json(Some(row.reward)))
            .raw("conversion", &decimal_json(row.conversion))
            .finish()
    });
    let pairs = r.pairs.iter().map(|p| {
        ObjectWriter::new()
            .str("placement", p.placement.as_deref())
            .str("from", p.from.as_deref())
            .str("to", p.to.as_deref())
            .int("clicks", i64::try_from(p.clicks).ok())
            .int("exchanges", i64::try_from(p.exchanges).ok())
            .finish()
    });
    let unattributed = ObjectWriter::new()
        .int("exchanges", i64::try_from(r.unattributed.exchanges).ok())
        .raw("reward", &decimal_json(Some(r.unattributed.reward)))
        .finish();
    ObjectWriter::new()
        .raw("items", &array(items))
        .raw("pairs", &array(pairs))
        .raw("unattributed", &unattributed)
        .finish()
}

/// `{"error": kind, "message": text}` (plus `retry_after` seconds when known).
pub fn error_json(kind: &str, message: &str, retry_after: Option<u64>) -> String {
    let mut w = ObjectWriter::new();
    w.str("error", Some(kind)).str("message", Some(message));
    if let Some(s) = retry_after {
        w.int("retry_after", i64::try_from(s).ok());
    }
    w.finish()
}

/// One page of `GET /partner/exchanges` as the dashboard reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExchangesPage {
    /// The page's rows.
    pub items: Vec<PartnerExchange>,
    /// This page's number (from 1).
    pub page: u32,
    /// The next page, if any.
    pub next_page: Option<u32>,
    /// Rows counted in the totals.
    pub count: usize,
    /// Completed rows counted in the totals.
    pub done: usize,
    /// Summed reward.
    pub reward: Decimal,
    /// True when the totals cover the whole window, not just this page.
    pub whole_window: bool,
}

/// Pages a whole list locally (direct mode, where the API itself does not page).
pub fn page_of(all: &[PartnerExchange], page: u32, page_size: usize) -> ExchangesPage {
    let page = page.max(1);
    let start = (page as usize - 1) * page_size;
    let items: Vec<PartnerExchange> = all.iter().skip(start).take(page_size).cloned().collect();
    let (count, done, reward) = super::stats::exchange_totals(all);
    ExchangesPage {
        items,
        page,
        next_page: (start + page_size < all.len()).then_some(page + 1),
        count,
        done,
        reward,
        whole_window: true,
    }
}
