//! The relay's `/partner/*` JSON as serde structs: what the dashboard reads and sends.
//!
//! The relay writes these bodies with `ratelink_core::partner::wire`; here they are read into
//! the core's partner model (exact decimals, dates as the site printed them).

use ratelink_core::partner::placements::{
    PlacementPair, PlacementReport, PlacementRow, Unattributed,
};
use ratelink_core::partner::wire::{ExchangesPage, SummaryExtras};
use ratelink_core::partner::{
    dates, Click, ExchangeState, Money, PartnerExchange, PartnerSummary, Payout, PayoutMethod,
    PayoutStatus, When,
};
use ratelink_core::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Reads JSON into `T`: the browser's `JSON.parse`, then serde-wasm-bindgen (smaller in this
/// bundle than serde_json; docs/dashboard.md has the figures).
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "not JSON".to_string())?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// Writes `value` as JSON text with serde.
pub fn to_json<T: Serialize>(value: &T) -> Result<String, String> {
    serde_wasm_bindgen::to_value(value)
        .map_err(|e| e.to_string())
        .and_then(|v| {
            js_sys::JSON::stringify(&v)
                .ok()
                .and_then(|s| s.as_string())
                .ok_or_else(|| "could not write JSON".to_string())
        })
}

/// `POST /partner/login` body.
#[derive(Serialize)]
pub struct LoginBody<'a> {
    /// The dashboard password.
    pub password: &'a str,
}

/// `POST /partner/payouts` body.
#[derive(Serialize)]
pub struct PayoutBody<'a> {
    /// The payout method's id (from the summary).
    pub method_id: &'a str,
    /// Where the money goes.
    pub account: &'a str,
    /// The dashboard password, asked again for every payout.
    pub password: &'a str,
}

/// `GET /config`: the feeds the relay serves (only their names are read).
#[derive(Deserialize)]
pub struct ConfigAnswer {
    /// The relay's feeds.
    #[serde(default)]
    pub feeds: Vec<FeedEntry>,
}

/// One feed of `GET /config`.
#[derive(Deserialize)]
pub struct FeedEntry {
    /// The feed's name (`/feeds/{name}`).
    pub name: String,
}

/// `GET /snippet`: the embed code and the CSP line the page needs.
#[derive(Deserialize)]
pub struct SnippetAnswer {
    /// The HTML to paste.
    pub html: String,
    /// The `Content-Security-Policy` the host page needs.
    pub csp: String,
}

/// `GET /feeds/{name}` as the widget builder reads it: the pairs and the currency names.
#[derive(Deserialize)]
pub struct FeedAnswer {
    /// The directions (only their codes are read).
    #[serde(default)]
    pub directions: Vec<DirectionJson>,
    /// Currency names by code.
    #[serde(default)]
    pub names: std::collections::BTreeMap<String, NameJson>,
}

/// One direction of a feed: give `from`, get `to`.
#[derive(Deserialize)]
pub struct DirectionJson {
    /// Code to give.
    pub from: String,
    /// Code to get.
    pub to: String,
}

/// A currency's names in a feed answer.
#[derive(Deserialize)]
pub struct NameJson {
    /// English name.
    #[serde(default)]
    pub en: String,
    /// Russian name (absent when it equals the English one).
    pub ru: Option<String>,
}

/// `GET /partner/placements`: per placement, per placement and pair, and the rest.
#[derive(Deserialize)]
pub struct PlacementsJson {
    /// One row per placement.
    #[serde(default)]
    pub items: Vec<PlacementRowJson>,
    /// One row per placement and pair.
    #[serde(default)]
    pub pairs: Vec<PlacementPairJson>,
    /// Exchanges no click explains.
    pub unattributed: Option<UnattributedJson>,
}

/// One placement's figures.
#[derive(Deserialize)]
pub struct PlacementRowJson {
    placement: Option<String>,
    #[serde(default)]
    clicks: u64,
    #[serde(default)]
    visitors: u64,
    #[serde(default)]
    exchanges: u64,
    #[serde(default)]
    done: u64,
    reward: Option<String>,
    conversion: Option<String>,
}

/// One placement and pair.
#[derive(Deserialize)]
pub struct PlacementPairJson {
    placement: Option<String>,
    from: Option<String>,
    to: Option<String>,
    #[serde(default)]
    clicks: u64,
    #[serde(default)]
    exchanges: u64,
}

/// Exchanges without a click.
#[derive(Deserialize)]
pub struct UnattributedJson {
    #[serde(default)]
    exchanges: u64,
    reward: Option<String>,
}

fn decimal(text: Option<&str>) -> Option<Decimal> {
    text.and_then(|t| Decimal::parse(t).ok())
}

impl PlacementsJson {
    /// The report in the core's model.
    pub fn into_report(self) -> PlacementReport {
        PlacementReport {
            items: self
                .items
                .into_iter()
                .map(|r| PlacementRow {
                    placement: r.placement,
                    clicks: r.clicks,
                    visitors: r.visitors,
                    exchanges: r.exchanges,
                    done: r.done,
                    reward: decimal(r.reward.as_deref()).unwrap_or_default(),
                    conversion: decimal(r.conversion.as_deref()),
                })
                .collect(),
            pairs: self
                .pairs
                .into_iter()
                .map(|p| PlacementPair {
                    placement: p.placement,
                    from: p.from,
                    to: p.to,
                    clicks: p.clicks,
                    exchanges: p.exchanges,
                })
                .collect(),
            unattributed: self
                .unattributed
                .map(|u| Unattributed {
                    exchanges: u.exchanges,
                    reward: decimal(u.reward.as_deref()).unwrap_or_default(),
                })
                .unwrap_or_default(),
        }
    }
}

/// `POST /partner/login` answer.
#[derive(Deserialize)]
pub struct LoginAnswer {
    /// CSRF token for write calls.
    pub csrf: Option<String>,
}

/// `POST /partner/payouts` answer.
#[derive(Deserialize)]
pub struct PayoutAnswer {
    /// The new payout's id.
    pub payout_id: Option<IdJson>,
}

/// An error body: `{"error": kind, "message": text}`.
#[derive(Deserialize)]
pub struct ErrorAnswer {
    /// Machine-readable kind.
    pub error: Option<String>,
    /// Readable message.
    pub message: Option<String>,
}

/// An id the relay may send as text or as a number.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum IdJson {
    /// `"33"`.
    Text(String),
    /// `33`.
    Number(u64),
}

impl IdJson {
    /// The id as text.
    pub fn into_text(self) -> String {
        match self {
            IdJson::Text(t) => t,
            IdJson::Number(n) => n.to_string(),
        }
    }
}

/// `{"amount": "12.5", "code": "USD"}`.
#[derive(Deserialize)]
pub struct MoneyJson {
    /// Exact decimal as text.
    pub amount: String,
    /// Currency code, null when unknown.
    pub code: Option<String>,
}

fn money(m: Option<MoneyJson>) -> Option<Money> {
    let m = m?;
    Some(Money::new(
        Decimal::parse(&m.amount).ok()?,
        m.code.as_deref(),
    ))
}

fn when(time: Option<i64>, date: &Option<String>) -> When {
    match time {
        Some(t) => When::Unix(t),
        None => dates::parse_human_date(date.as_deref().unwrap_or("")),
    }
}

/// A payout method in the summary.
#[derive(Deserialize)]
pub struct MethodJson {
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    commission: String,
    you_receive: Option<MoneyJson>,
}

/// What the relay's API can do.
#[derive(Deserialize, Default)]
pub struct FeaturesJson {
    #[serde(default)]
    clicks: bool,
    #[serde(default)]
    payout_request: bool,
}

/// `GET /partner/summary` answer.
#[derive(Deserialize)]
pub struct SummaryJson {
    #[serde(default)]
    api: String,
    balance: Option<MoneyJson>,
    min_payout: Option<MoneyJson>,
    total_received: Option<MoneyJson>,
    total_withdrawn: Option<MoneyJson>,
    reward_percent: Option<String>,
    referral_code: Option<String>,
    referral_link: Option<String>,
    referrals: Option<u64>,
    #[serde(default)]
    payout_methods: Vec<MethodJson>,
    #[serde(default)]
    features: FeaturesJson,
    csrf: Option<String>,
}

impl SummaryJson {
    /// The summary in the core's model, with the relay's extras.
    pub fn into_model(self) -> (PartnerSummary, SummaryExtras) {
        let summary = PartnerSummary {
            balance: money(self.balance),
            min_payout: money(self.min_payout),
            total_received: money(self.total_received),
            total_withdrawn: money(self.total_withdrawn),
            reward_percent: self.reward_percent.and_then(|p| Decimal::parse(&p).ok()),
            referral_code: self.referral_code,
            referrals: self.referrals,
            payout_methods: self
                .payout_methods
                .into_iter()
                .map(|m| PayoutMethod {
                    id: m.id,
                    title: m.title,
                    commission: m.commission,
                    you_receive: money(m.you_receive),
                })
                .collect(),
        };
        let extras = SummaryExtras {
            api: self.api,
            referral_link: self.referral_link,
            clicks: self.features.clicks,
            payout_request: self.features.payout_request,
            csrf: self.csrf,
        };
        (summary, extras)
    }
}

/// One exchange row.
#[derive(Deserialize)]
pub struct ExchangeJson {
    #[serde(default)]
    id: String,
    time: Option<i64>,
    date: Option<String>,
    give: Option<MoneyJson>,
    get: Option<MoneyJson>,
    reward: Option<MoneyJson>,
    status: Option<String>,
    #[serde(default)]
    status_raw: String,
    accrued: Option<bool>,
    order_ref: Option<String>,
}

impl From<ExchangeJson> for PartnerExchange {
    fn from(e: ExchangeJson) -> PartnerExchange {
        let raw = e.status_raw;
        let state = match e.status.as_deref() {
            Some("done") if raw == "completed" => ExchangeState::Completed,
            Some("pending") if raw == "not completed" => ExchangeState::NotCompleted,
            Some(short) if raw.is_empty() => ExchangeState::Unknown(short.to_string()),
            _ => ExchangeState::Unknown(raw),
        };
        PartnerExchange {
            id: e.id,
            at: when(e.time, &e.date),
            date: e.date,
            give: money(e.give),
            get: money(e.get),
            reward: money(e.reward),
            state,
            reward_accrued: e.accrued,
            order_ref: e.order_ref,
            // The relay's exchanges JSON carries no visitor hash (placements are attributed
            // relay-side).
            user_hash: None,
        }
    }
}

/// The totals of an exchanges answer.
#[derive(Deserialize)]
pub struct TotalsJson {
    count: Option<usize>,
    done: Option<usize>,
    reward: Option<String>,
    #[serde(default)]
    whole_window: bool,
}

/// `GET /partner/exchanges` answer.
#[derive(Deserialize)]
pub struct ExchangesJson {
    #[serde(default)]
    items: Vec<ExchangeJson>,
    page: Option<u32>,
    next_page: Option<u32>,
    totals: Option<TotalsJson>,
}

impl ExchangesJson {
    /// The page in the core's model; totals missing from the answer are summed from the page.
    pub fn into_page(self) -> ExchangesPage {
        let items: Vec<PartnerExchange> = self.items.into_iter().map(Into::into).collect();
        let (count, done, reward) = ratelink_core::partner::stats::exchange_totals(&items);
        let totals = self.totals;
        ExchangesPage {
            page: self.page.unwrap_or(1),
            next_page: self.next_page,
            count: totals.as_ref().and_then(|t| t.count).unwrap_or(count),
            done: totals.as_ref().and_then(|t| t.done).unwrap_or(done),
            reward: totals
                .as_ref()
                .and_then(|t| t.reward.as_deref())
                .and_then(|r| Decimal::parse(r).ok())
                .unwrap_or(reward),
            whole_window: totals.is_some_and(|t| t.whole_window),
            items,
        }
    }
}

/// One click row.
#[derive(Deserialize)]
pub struct ClickJson {
    #[serde(default)]
    id: String,
    time: Option<i64>,
    date: Option<String>,
    ip: Option<String>,
    browser: Option<String>,
    referrer: Option<String>,
    user_hash: Option<String>,
    query: Option<String>,
}

impl From<ClickJson> for Click {
    fn from(c: ClickJson) -> Click {
        Click {
            id: c.id,
            at: when(c.time, &c.date),
            date: c.date,
            ip: c.ip,
            browser: c.browser,
            referrer: c.referrer,
            user_hash: c.user_hash,
            query: c.query,
        }
    }
}

/// One payout row (account already masked by the relay).
#[derive(Deserialize)]
pub struct PayoutJson {
    #[serde(default)]
    id: String,
    time: Option<i64>,
    date: Option<String>,
    amount: Option<MoneyJson>,
    original: Option<MoneyJson>,
    method_id: Option<String>,
    method: Option<String>,
    account: Option<String>,
    #[serde(default)]
    status: String,
}

impl PayoutJson {
    /// The payout in the core's model; `None` without a readable amount.
    pub fn into_model(self) -> Option<Payout> {
        Some(Payout {
            id: self.id,
            at: when(self.time, &self.date),
            date: self.date,
            amount: money(self.amount)?,
            original: money(self.original),
            method_id: self.method_id,
            method: self.method,
            account: self.account,
            status: PayoutStatus::from_raw(&self.status),
        })
    }
}

/// `{"items": [...]}`: the clicks and payouts answers.
#[derive(Deserialize)]
pub struct Items<T> {
    /// The rows.
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
}

#[cfg(test)]
mod tests {
    //! Round trips: what the relay writes (core's `wire`) reads back into the same model.
    use super::*;
    use ratelink_core::partner::wire;
    use ratelink_core::partner::{iex_v2, pp, Response};

    fn fixture(name: &str) -> String {
        let path = format!(
            "{}/../crates/core/tests/fixtures/partner/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn read<T: serde::de::DeserializeOwned>(json: &str) -> T {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
    }

    #[test]
    fn exchanges_round_trip_with_totals() {
        let list =
            pp::parse_exchanges(&Response::ok(&fixture("premium_get_exchanges.json"))).unwrap();
        let page = read::<ExchangesJson>(&wire::exchanges_json(&list, 1, Some(2), Some(&list)))
            .into_page();
        // The visitor hash stays in the relay (it only feeds /partner/placements).
        assert!(list.iter().all(|e| e.user_hash.is_some()));
        let relayed: Vec<PartnerExchange> = list
            .iter()
            .cloned()
            .map(|e| PartnerExchange {
                user_hash: None,
                ..e
            })
            .collect();
        assert_eq!(page.items, relayed);
        assert_eq!(
            (
                page.page,
                page.next_page,
                page.count,
                page.done,
                page.reward.to_string(),
                page.whole_window
            ),
            (1, Some(2), 3, 2, "2.09".to_string(), true)
        );

        let list = iex_v2::parse_exchanges(&Response::ok(&fixture("iex_exchanges.json")))
            .unwrap()
            .items;
        let page = read::<ExchangesJson>(&wire::exchanges_json(&list, 1, None, None)).into_page();
        assert_eq!(page.items, list);
        assert_eq!((page.next_page, page.whole_window), (None, false));
    }

    #[test]
    fn clicks_payouts_and_summary_round_trip() {
        let clicks = pp::parse_links(&Response::ok(&fixture("premium_get_links.json"))).unwrap();
        let back: Vec<Click> = read::<Items<ClickJson>>(&wire::clicks_json(&clicks))
            .items
            .into_iter()
            .map(Into::into)
            .collect();
        assert_eq!(back, clicks);

        let payouts =
            pp::parse_payouts(&Response::ok(&fixture("premium_get_payouts.json"))).unwrap();
        let back: Vec<Payout> = read::<Items<PayoutJson>>(&wire::payouts_json(&payouts))
            .items
            .into_iter()
            .filter_map(PayoutJson::into_model)
            .collect();
        assert_eq!(back.len(), 4);
        assert_eq!(
            back[0].account.as_deref(),
            Some("•••• bLSE"),
            "the relay sends accounts masked"
        );
        assert_eq!(back[2].status, PayoutStatus::Cancelled);
        assert_eq!(back[0].amount, payouts[0].amount);

        let s = pp::parse_info(&Response::ok(&fixture("premium_get_info.json"))).unwrap();
        let extras = SummaryExtras {
            api: "pp".into(),
            referral_link: Some("https://ex.test/ref/7/".into()),
            clicks: true,
            payout_request: true,
            csrf: Some("tok".into()),
        };
        let (back, back_extras) =
            read::<SummaryJson>(&wire::summary_json(&s, &extras)).into_model();
        assert_eq!(back, s);
        assert_eq!(back_extras, extras);
    }

    #[test]
    fn bodies_sent_are_json_objects_with_the_issue_names() {
        let body = serde_json::to_string(&PayoutBody {
            method_id: "7",
            account: "T\"x",
            password: "pw",
        })
        .unwrap();
        assert_eq!(
            body,
            r#"{"method_id":"7","account":"T\"x","password":"pw"}"#
        );
        let answer: PayoutAnswer = read(r#"{"ok":true,"payout_id":"41"}"#);
        assert_eq!(
            answer.payout_id.map(IdJson::into_text).as_deref(),
            Some("41")
        );
        let answer: PayoutAnswer = read(r#"{"payout_id":41}"#);
        assert_eq!(
            answer.payout_id.map(IdJson::into_text).as_deref(),
            Some("41")
        );
        let e: ErrorAnswer = read(r#"{"error":"csrf","message":"no token"}"#);
        assert_eq!(
            (e.error.as_deref(), e.message.as_deref()),
            (Some("csrf"), Some("no token"))
        );
    }

    #[test]
    fn placements_round_trip() {
        use ratelink_core::partner::placements;
        use ratelink_core::partner::Window;
        let clicks = pp::parse_links(&Response::ok(&fixture("premium_get_links.json"))).unwrap();
        let exchanges =
            pp::parse_exchanges(&Response::ok(&fixture("premium_get_exchanges.json"))).unwrap();
        let report = placements::attribute(
            &clicks,
            &exchanges,
            "utm_content",
            Window {
                from: 0,
                to: i64::MAX,
            },
        );
        assert!(!report.items.is_empty());
        let back = read::<PlacementsJson>(&wire::placements_json(&report)).into_report();
        assert_eq!(back, report);
    }

    #[test]
    fn feed_answers_give_pairs_and_names() {
        let feed: FeedAnswer = read(
            r#"{"format":"x","directions":[{"from":"BTC","to":"ETH","in":"1","out":"20"}],"names":{"BTC":{"en":"Bitcoin","ru":"Биткоин","category":"crypto"},"ETH":{"en":"Ethereum","category":"crypto"}}}"#,
        );
        assert_eq!(
            (
                feed.directions[0].from.as_str(),
                feed.directions[0].to.as_str()
            ),
            ("BTC", "ETH")
        );
        assert_eq!(feed.names["BTC"].ru.as_deref(), Some("Биткоин"));
        assert_eq!(feed.names["ETH"].ru, None);
    }

    #[test]
    fn a_wrong_shape_is_an_error_not_a_panic() {
        assert!(serde_json::from_str::<SummaryJson>(r#"{"balance":12}"#).is_err());
        assert!(serde_json::from_str::<ExchangesJson>(r#"{"items":{}}"#).is_err());
    }
}
