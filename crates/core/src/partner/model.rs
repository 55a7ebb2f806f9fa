//! The normalized partner model every partner API is read into (docs/dashboard.md).

use super::dates;
use crate::decimal::Decimal;
use std::fmt;

/// A moment as the source gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum When {
    /// Unix seconds.
    Unix(i64),
    /// `"YYYY-MM-DD HH:MM:SS"` in the site's local time.
    LocalDateTime(String),
    /// Text with no exact instant ("3 недели назад"), shown as is.
    Text(String),
}

impl When {
    /// Unix seconds when known; a local date-time is read as UTC (close enough for windows).
    pub fn unix(&self) -> Option<i64> {
        match self {
            When::Unix(t) => Some(*t),
            When::LocalDateTime(text) => dates::unix_of_text(text),
            When::Text(_) => None,
        }
    }

    /// The calendar day (days since 1970-01-01) the moment falls on, when known.
    pub fn day(&self) -> Option<i64> {
        match self {
            When::Unix(t) => Some(dates::day_of_unix(*t)),
            When::LocalDateTime(text) => dates::day_of_text(text),
            When::Text(_) => None,
        }
    }

    /// Display text: a unix time as `YYYY-MM-DD HH:MM:SS` UTC, the others as given.
    pub fn display(&self) -> String {
        match self {
            When::Unix(t) => {
                let secs = t.rem_euclid(86_400);
                format!(
                    "{} {:02}:{:02}:{:02}",
                    dates::day_string(dates::day_of_unix(*t)),
                    secs / 3600,
                    secs / 60 % 60,
                    secs % 60
                )
            }
            When::LocalDateTime(text) | When::Text(text) => text.clone(),
        }
    }
}

/// An amount and its currency code when the source says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Money {
    /// The exact amount.
    pub amount: Decimal,
    /// Upper-case currency code, if known.
    pub currency: Option<String>,
}

impl Money {
    /// Money with a currency code (normalized to upper case; empty means unknown).
    pub fn new(amount: Decimal, currency: Option<&str>) -> Money {
        let currency = currency
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_uppercase);
        Money { amount, currency }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.currency {
            Some(c) => write!(f, "{} {}", self.amount, c),
            None => write!(f, "{}", self.amount),
        }
    }
}

/// The partner's account at a glance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartnerSummary {
    /// Current balance (pp: no currency unless a payout reveals it).
    pub balance: Option<Money>,
    /// Minimum balance for a payout request (pp only).
    pub min_payout: Option<Money>,
    /// izi `totalReceived`.
    pub total_received: Option<Money>,
    /// iEX v2 `totals.withdrawal`.
    pub total_withdrawn: Option<Money>,
    /// iEX v2 `percent_referral`.
    pub reward_percent: Option<Decimal>,
    /// izi `link`, iEX v2 `referral_hash`.
    pub referral_code: Option<String>,
    /// iEX v2 `count_referral`.
    pub referrals: Option<u64>,
    /// pp `get_info.items`: methods whose reserve covers the whole balance.
    pub payout_methods: Vec<PayoutMethod>,
}

/// A way to be paid out (pp `get_info.items`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayoutMethod {
    /// Method id to send to `add_payout`.
    pub id: String,
    /// Human name ("Bitcoin BTC").
    pub title: String,
    /// Commission as printed ("2%").
    pub commission: String,
    /// The whole balance converted into this method's currency, minus the commission.
    pub you_receive: Option<Money>,
}

impl PayoutMethod {
    /// The currency the method pays in: the code the source gives with the amount, else the
    /// title's last word when it is a currency code. Premium Exchanger names a method by its
    /// payment system and then the currency's code ("Bitcoin BTC", "Tether TRC20 USDT",
    /// "Сбербанк RUB") and `get_info` gives no code; a code here is 2 to 6 capital Latin letters
    /// after at least one other word, so a network ("TRC20") or a lone name ("VISA") is not taken.
    pub fn currency(&self) -> Option<String> {
        if let Some(code) = self.you_receive.as_ref().and_then(|m| m.currency.clone()) {
            return Some(code);
        }
        let mut words = self.title.split_whitespace();
        let last = words.next_back()?;
        let is_code = (2..=6).contains(&last.len()) && last.bytes().all(|b| b.is_ascii_uppercase());
        (is_code && words.next().is_some()).then(|| last.to_string())
    }
}

/// One visit through the partner's link (pp `get_links`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Click {
    /// Record id.
    pub id: String,
    /// When it happened (unix time when given).
    pub at: When,
    /// The site's local date text, shown as is.
    pub date: Option<String>,
    /// Visitor IP.
    pub ip: Option<String>,
    /// Browser (user agent) as recorded.
    pub browser: Option<String>,
    /// Referring page.
    pub referrer: Option<String>,
    /// Visitor hash.
    pub user_hash: Option<String>,
    /// Query string of the landing URL.
    pub query: Option<String>,
}

/// Whether the exchange behind a reward completed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExchangeState {
    /// The order completed (pp `exchange_success` 1).
    Completed,
    /// Not (yet) completed (pp `exchange_success` 0).
    NotCompleted,
    /// Anything else, kept raw (iEX v2 `"referral"`).
    Unknown(String),
}

impl ExchangeState {
    /// The relay's short status: `done`, `pending` or `failed`.
    pub fn short(&self) -> &'static str {
        match self {
            ExchangeState::Completed => "done",
            ExchangeState::NotCompleted => "pending",
            ExchangeState::Unknown(raw) => {
                let raw = raw.to_ascii_lowercase();
                if ["cancel", "error", "fail", "reject", "delete", "return"]
                    .iter()
                    .any(|w| raw.contains(w))
                {
                    "failed"
                } else if ["success", "done", "complete", "paid"]
                    .iter()
                    .any(|w| raw.contains(w))
                {
                    "done"
                } else {
                    "pending"
                }
            }
        }
    }

    /// The raw value to show next to the short status.
    pub fn raw(&self) -> &str {
        match self {
            ExchangeState::Completed => "completed",
            ExchangeState::NotCompleted => "not completed",
            ExchangeState::Unknown(raw) => raw,
        }
    }
}

/// An exchange made by a referred visitor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerExchange {
    /// Record id.
    pub id: String,
    /// When it happened.
    pub at: When,
    /// The site's local date text, shown as is.
    pub date: Option<String>,
    /// What the visitor gave.
    pub give: Option<Money>,
    /// What the visitor got.
    pub get: Option<Money>,
    /// The partner's reward.
    pub reward: Option<Money>,
    /// Completion state.
    pub state: ExchangeState,
    /// Whether the reward was credited.
    pub reward_accrued: Option<bool>,
    /// The exchanger's order reference.
    pub order_ref: Option<String>,
    /// The referred visitor's hash (pp `user_hash`): ties the exchange to their clicks.
    pub user_hash: Option<String>,
}

/// A payout (withdrawal) of the partner's balance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payout {
    /// Record id.
    pub id: String,
    /// When it was requested.
    pub at: When,
    /// The site's local date text, shown as is.
    pub date: Option<String>,
    /// Amount paid, in the method's currency.
    pub amount: Money,
    /// Amount taken from the balance, in the site's base currency.
    pub original: Option<Money>,
    /// Method id.
    pub method_id: Option<String>,
    /// Method name when the source gives one.
    pub method: Option<String>,
    /// Account paid to (mask before showing).
    pub account: Option<String>,
    /// Status.
    pub status: PayoutStatus,
}

/// Where a payout stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayoutStatus {
    /// Requested, not paid yet.
    Pending,
    /// Paid.
    Paid,
    /// Cancelled by the site.
    Cancelled,
    /// Cancelled by the partner.
    CancelledByUser,
    /// Anything else, kept raw.
    Unknown(String),
}

impl PayoutStatus {
    /// Reads a raw status: pp `0..3`, iEX `unpaid`/`paid`, v3 `pending`/`paid`/`rejected`.
    pub fn from_raw(raw: &str) -> PayoutStatus {
        match raw.trim().to_ascii_lowercase().as_str() {
            "0" | "unpaid" | "pending" | "new" | "wait" | "waiting" => PayoutStatus::Pending,
            "1" | "paid" | "success" | "completed" | "done" => PayoutStatus::Paid,
            "2" | "rejected" | "cancelled" | "canceled" | "cancel" => PayoutStatus::Cancelled,
            "3" => PayoutStatus::CancelledByUser,
            _ => PayoutStatus::Unknown(raw.trim().to_string()),
        }
    }

    /// The relay's short status: `pending`, `paid`, `cancelled`, or the raw value.
    pub fn short(&self) -> &str {
        match self {
            PayoutStatus::Pending => "pending",
            PayoutStatus::Paid => "paid",
            PayoutStatus::Cancelled | PayoutStatus::CancelledByUser => "cancelled",
            PayoutStatus::Unknown(raw) => raw,
        }
    }
}

/// One page of a list, and whether the source has more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// Records, newest first.
    pub items: Vec<T>,
    /// True when the source says another page follows.
    pub has_next: bool,
}

/// Sorts records newest first by unix time where both have one; otherwise keeps source order.
pub fn sort_newest_first<T>(items: &mut [T], at: impl Fn(&T) -> &When) {
    if items.iter().all(|i| matches!(at(i), When::Unix(_))) {
        items.sort_by_key(|i| std::cmp::Reverse(at(i).unix()));
    }
}

/// Keeps the last four characters of an account number: `"•••• 1234"`.
pub fn mask_account(account: &str) -> String {
    let chars: Vec<char> = account.trim().chars().collect();
    if chars.len() <= 4 {
        return "••••".to_string();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("•••• {tail}")
}
