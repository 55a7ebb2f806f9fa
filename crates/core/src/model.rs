//! The normalized feed model every format is read into.

use crate::currency::CurrencyInfo;
use crate::decimal::{Decimal, Rounding};

/// The feed formats the reader recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedFormat {
    /// Classic XML export (`minamount`/`maxamount`, `param`).
    XmlV10,
    /// EREF XML v1.1 (`frommin`/`tomax`, typed fees, flag elements).
    XmlV11,
    /// Premium Exchanger JSON `"version": "1.3"`, keyed by currency id.
    PremiumJson,
    /// A JSON array of item objects (bare or wrapped).
    JsonItems,
    /// `FROM;TO;IN;OUT;AMOUNT;CITY;` lines.
    Txt,
    /// ratelink's own normalized JSON (what the relay serves).
    Normalized,
}

impl FeedFormat {
    /// Every format, in a stable order.
    pub const ALL: [FeedFormat; 6] = [
        FeedFormat::XmlV10,
        FeedFormat::XmlV11,
        FeedFormat::PremiumJson,
        FeedFormat::JsonItems,
        FeedFormat::Txt,
        FeedFormat::Normalized,
    ];

    /// The stable name used in JSON output (`"xml-1.0"`, ...).
    pub fn as_str(&self) -> &'static str {
        match self {
            FeedFormat::XmlV10 => "xml-1.0",
            FeedFormat::XmlV11 => "xml-1.1",
            FeedFormat::PremiumJson => "premium-json-1.3",
            FeedFormat::JsonItems => "json-items",
            FeedFormat::Txt => "txt",
            FeedFormat::Normalized => "ratelink",
        }
    }

    /// Inverse of [`FeedFormat::as_str`].
    pub fn from_name(name: &str) -> Option<FeedFormat> {
        FeedFormat::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// Whether the feed currently offers anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedStatus {
    /// Directions are offered.
    Ok,
    /// The exchanger published a maintenance/error document (HTTP 200, no directions).
    Maintenance,
    /// A valid feed with no usable direction.
    Empty,
}

impl FeedStatus {
    /// `"ok"`, `"maintenance"` or `"empty"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            FeedStatus::Ok => "ok",
            FeedStatus::Maintenance => "maintenance",
            FeedStatus::Empty => "empty",
        }
    }
}

/// A commission not included in the rate: a percentage of the amount plus a fixed part.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fee {
    /// Percent of the amount (`0.5` means 0.5 %).
    pub percent: Decimal,
    /// Fixed amount, in the side's currency.
    pub fixed: Decimal,
}

impl Fee {
    /// True when neither part is set.
    pub fn is_zero(&self) -> bool {
        self.percent.is_zero() && self.fixed.is_zero()
    }
}

/// Which side of the exchange a fee is taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeeSide {
    /// Taken from what the client sends (`fromfee`, `inFee`).
    From,
    /// Taken from what the client receives (`tofee`, `outFee`).
    To,
}

/// A fee that applies only to amounts (in `from`) within `[from_min, from_max]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeeStep {
    /// Lower bound in `from`, inclusive.
    pub from_min: Option<Decimal>,
    /// Upper bound in `from`, inclusive.
    pub from_max: Option<Decimal>,
    /// The side the fee is taken from.
    pub side: FeeSide,
    /// The fee itself.
    pub fee: Fee,
}

/// How long the quoted rate is held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Floating {
    /// Minutes the rate is held (0 = not held).
    pub minutes: Option<Decimal>,
    /// Held until the market moves this percent.
    pub percent: Option<Decimal>,
}

/// One exchange direction: the visitor gives `from` and gets `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Direction {
    /// Code of the currency given, exactly as in the feed.
    pub from: String,
    /// Code of the currency received, exactly as in the feed.
    pub to: String,
    /// `in` of `from`...
    pub r#in: Decimal,
    /// ...buys `out` of `to`.
    pub out: Decimal,
    /// Most the client can receive, in `to`; `None` when unknown.
    pub reserve: Option<Decimal>,
    /// Minimum per order, in `from`.
    pub min: Option<Decimal>,
    /// Maximum per order, in `from`.
    pub max: Option<Decimal>,
    /// The currency `min` is written in when it is a third currency, neither `from` nor `to`
    /// (`"USD"` for `<minamount>10 USD</minamount>` on ASD->ZXC). `min` is then in that unit:
    /// shown as written, never converted and never compared with the amount typed.
    pub min_unit: Option<String>,
    /// The same for `max`.
    pub max_unit: Option<String>,
    /// Minimum the client receives, in `to` (XML v1.1 `tomin`).
    pub to_min: Option<Decimal>,
    /// Maximum the client receives, in `to` (XML v1.1 `tomax`).
    pub to_max: Option<Decimal>,
    /// Fee on what is sent.
    pub from_fee: Fee,
    /// Fee on what is received.
    pub to_fee: Fee,
    /// A floor on the commission, in `from`.
    pub min_fee: Option<Decimal>,
    /// Fees that apply to amount ranges only.
    pub fee_steps: Vec<FeeStep>,
    /// Flags, lower-cased, in feed order, without repeats (`manual`, `verifying`, ...).
    pub flags: Vec<String>,
    /// City code for cash directions.
    pub city: Option<String>,
    /// Rate hold time.
    pub floating: Option<Floating>,
    /// Deferred exchange, minutes.
    pub delay: Option<Decimal>,
}

/// Significant digits kept in a computed rate.
pub const RATE_SIGNIFICANT_DIGITS: u32 = 16;

impl Direction {
    /// A direction with only the required data; everything else empty.
    pub fn new(
        from: impl Into<String>,
        to: impl Into<String>,
        r#in: Decimal,
        out: Decimal,
    ) -> Direction {
        Direction {
            from: from.into(),
            to: to.into(),
            r#in,
            out,
            reserve: None,
            min: None,
            max: None,
            min_unit: None,
            max_unit: None,
            to_min: None,
            to_max: None,
            from_fee: Fee::default(),
            to_fee: Fee::default(),
            min_fee: None,
            fee_steps: Vec::new(),
            flags: Vec::new(),
            city: None,
            floating: None,
            delay: None,
        }
    }

    /// Units of `to` per one unit of `from` (`out / in`), to [`RATE_SIGNIFICANT_DIGITS`]
    /// significant digits; `None` when `in` is zero.
    pub fn rate(&self) -> Option<Decimal> {
        self.out
            .div_significant(&self.r#in, RATE_SIGNIFICANT_DIGITS, Rounding::HalfUp)
    }

    /// True when the feed gave limits that contradict each other (min above max).
    pub fn limits_inconsistent(&self) -> bool {
        self.min_above_max() || self.to_min_above_to_max()
    }

    /// True when the order min is above the order max, both in one unit.
    pub fn min_above_max(&self) -> bool {
        let same_unit = match (&self.min_unit, &self.max_unit) {
            (None, None) => true,
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        };
        same_unit && matches!((self.min, self.max), (Some(lo), Some(hi)) if lo > hi)
    }

    /// True when the payout min (`tomin`) is above the payout max (`tomax`).
    pub fn to_min_above_to_max(&self) -> bool {
        matches!((self.to_min, self.to_max), (Some(lo), Some(hi)) if lo > hi)
    }

    /// The minimum order in `from`, the one the amount given is checked against: `None` when
    /// absent, not positive, or written in a third currency ([`Direction::min_unit`]).
    pub fn min_in_from(&self) -> Option<Decimal> {
        self.min
            .filter(|m| m.is_positive() && self.min_unit.is_none())
    }

    /// The maximum order in `from`; see [`Direction::min_in_from`].
    pub fn max_in_from(&self) -> Option<Decimal> {
        self.max
            .filter(|m| m.is_positive() && self.max_unit.is_none())
    }

    /// True when the direction carries the flag (case-insensitive).
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f.eq_ignore_ascii_case(flag))
    }
}

/// An item the reader could not use, with where it was and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Position of the item in the feed (0-based item, line or direction index).
    pub index: usize,
    /// The field at fault (`"out"`, `"from"`, ...), when one is.
    pub field: Option<String>,
    /// The raw text of that field, when there was one.
    pub raw: Option<String>,
    /// What was wrong, for people (field and raw text included).
    pub reason: String,
}

/// A whole feed, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feed {
    /// The format the body was recognised as.
    pub format: FeedFormat,
    /// Whether anything is offered.
    pub status: FeedStatus,
    /// The usable directions, in feed order.
    pub directions: Vec<Direction>,
    /// Items dropped, with reasons.
    pub skipped: Vec<Skipped>,
    /// Values defaulted or interpreted, and other remarks for the partner.
    pub warnings: Vec<String>,
    /// Display names of the feed's currencies that the catalogue knows, most common first
    /// (`names` in the normalized JSON, so the widget carries no catalogue). A code without an
    /// entry is shown as written.
    pub names: Vec<CurrencyInfo>,
}

impl Feed {
    /// The display names of `code`, when the feed carries them.
    pub fn name_of(&self, code: &str) -> Option<&CurrencyInfo> {
        self.names.iter().find(|n| n.code == code)
    }

    /// Fills [`Feed::names`] from the catalogue for the directions' currencies.
    pub fn name_currencies(&mut self) {
        self.names = crate::currency::names_of(
            self.directions
                .iter()
                .flat_map(|d| [d.from.as_str(), d.to.as_str()]),
        );
    }
}

/// Why a body could not be read as a feed at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeedError {
    /// Nothing but whitespace.
    EmptyBody,
    /// An HTML page (error, captcha, login) where a feed was expected.
    HtmlPage {
        /// The page's `<title>`, when it has one.
        title: Option<String>,
    },
    /// The body matches no feed format; `start` quotes its first bytes.
    NotAFeed {
        /// What it looked like (`"JSON"`, `"XML"`, `"text"`).
        looked_like: &'static str,
        /// Why it was not accepted.
        reason: String,
        /// The first bytes, escaped for display.
        start: String,
    },
}

impl std::fmt::Display for FeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedError::EmptyBody => f.write_str("the feed is empty (no bytes)"),
            FeedError::HtmlPage { title: Some(t) } => {
                let t = crate::json::quoted(t);
                write!(f, "got an HTML page titled {t} instead of a rates feed")
            }
            FeedError::HtmlPage { title: None } => {
                f.write_str("got an HTML page instead of a rates feed")
            }
            FeedError::NotAFeed {
                looked_like,
                reason,
                start,
            } => {
                let start = crate::json::quoted(start);
                write!(
                    f,
                    "not a rates feed ({looked_like}: {reason}); it starts with {start}"
                )
            }
        }
    }
}

impl std::error::Error for FeedError {}
