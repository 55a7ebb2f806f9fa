//! Showing amounts and rates per currency precision and language; reading typed amounts.
//!
//! Rules (all rounding toward what the exchanger really pays):
//! - Amounts are cut (rounded Down) to the currency's precision ([`precision_for`]).
//! - Precisions of 2 or less (fiat, e-money, stablecoins) always show all their digits
//!   (`1,000.00`); finer precisions (crypto) drop trailing zeros (`1`, `0.5`, `0.001739`), so a
//!   whole bitcoin is not printed as `1.00000000`.
//! - English groups with `,` and uses `.`; Russian groups with a no-break space (U+00A0, as
//!   CLDR `ru` does) and uses `,`.
//! - Rates keep the give currency on the left and the get currency on the right, and put `1`
//!   on the side whose unit is worth more, so the other number is always at least 1:
//!   `1 BTC = 5,749,836.50 SBERRUB`, but `5,749,836.50 SBERRUB = 1 BTC` (never
//!   `1 SBERRUB = 0.00000017 BTC`). The number shows at least 6 significant digits (at most 8
//!   decimals) and is rounded against the visitor: the get side Down, the give side Up.

use crate::currency::decimals_of;
use crate::decimal::{Decimal, Rounding, MAX_SCALE};
use crate::model::Direction;
use std::fmt;

/// Interface language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Russian.
    Ru,
}

impl Lang {
    /// The language of a BCP 47 tag (`"ru-RU"`, `"en"`, `"ru_RU"`), case-insensitive; English for
    /// anything else or empty.
    pub fn from_tag(tag: &str) -> Lang {
        Lang::parse(tag).unwrap_or_default()
    }

    /// The language of a tag if it is one we have (`"ru-RU"` -> Ru, `"en-GB"` -> En, `"de"` -> None).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("ru") {
            Some(Lang::Ru)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// `"en"` or `"ru"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    /// Digit group separator: `,` or a no-break space.
    pub fn group_separator(self) -> char {
        match self {
            Lang::En => ',',
            Lang::Ru => '\u{a0}',
        }
    }

    /// Decimal point: `.` or `,`.
    pub fn decimal_point(self) -> char {
        match self {
            Lang::En => '.',
            Lang::Ru => ',',
        }
    }
}

/// Fractional digits shown for amounts of `code`: 8 for crypto (and unknown codes), 2 for
/// stablecoins and every fiat category (e-money, bank, card, cash, transfer, exchange).
pub fn precision_for(code: &str) -> u32 {
    decimals_of(code)
}

/// `value` cut (rounded Down) to `decimals` digits and grouped for `lang`: en `5,749,836.50`,
/// ru `5 749 836,50` (no-break spaces). With `decimals <= 2` all digits are shown; above that,
/// trailing zeros are dropped (`1`, `0.0015`).
pub fn format_amount(value: &Decimal, decimals: u32, lang: Lang) -> String {
    let keep = if decimals <= 2 { decimals } else { 0 };
    format_with(value, keep, decimals, Rounding::Down, lang)
}

/// `value` rounded as asked to at most `max_decimals` digits, trailing zeros dropped down to
/// `min_decimals`, grouped for `lang`.
pub fn format_with(
    value: &Decimal,
    min_decimals: u32,
    max_decimals: u32,
    rounding: Rounding,
    lang: Lang,
) -> String {
    let max_decimals = max_decimals.min(MAX_SCALE);
    let min_decimals = min_decimals.min(max_decimals);
    let v = value.round_dp(max_decimals, rounding);
    let digits = v.magnitude_digits();
    let scale = v.scale() as usize;
    let (int, frac) = if digits.len() > scale {
        digits.split_at(digits.len() - scale)
    } else {
        ("0", digits.as_str())
    };
    // Fraction digits with the leading zeros the mantissa does not carry.
    let mut frac_digits = String::with_capacity(max_decimals as usize);
    for _ in frac.len()..scale {
        frac_digits.push('0');
    }
    frac_digits.push_str(frac);
    let trimmed_len = frac_digits
        .trim_end_matches('0')
        .len()
        .max(min_decimals as usize);
    frac_digits.truncate(trimmed_len);
    while frac_digits.len() < min_decimals as usize {
        frac_digits.push('0');
    }

    let mut out = String::with_capacity(int.len() * 4 / 3 + frac_digits.len() + 2);
    if v.is_negative() {
        out.push('-');
    }
    let sep = lang.group_separator();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(ch);
    }
    if !frac_digits.is_empty() {
        out.push(lang.decimal_point());
        out.push_str(&frac_digits);
    }
    out
}

/// An amount of a currency as people read it: `"0.001739 BTC"`, `"5 000,00 RUB"`, with the
/// currency's precision and the rounding asked for.
pub fn format_money(value: &Decimal, code: &str, rounding: Rounding, lang: Lang) -> String {
    let decimals = precision_for(code);
    let keep = if decimals <= 2 { decimals } else { 0 };
    format!(
        "{} {code}",
        format_with(value, keep, decimals, rounding, lang)
    )
}

/// The two sides of a rate line: `give` of the direction's `from` buys `get` of its `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLine {
    /// Amount of `from` on the left (`1` unless inverted).
    pub give: Decimal,
    /// Amount of `to` on the right (`1` when inverted).
    pub get: Decimal,
    /// True when the line reads "N FROM = 1 TO" because one `from` buys less than one `to`.
    pub inverted: bool,
}

/// Significant digits a rate number shows at least.
const RATE_SIGNIFICANT: u32 = 6;
/// Most decimals a rate number shows.
const RATE_MAX_DECIMALS: u32 = 8;

/// How many decimals a rate number with integer part `int_part` (>= 1) of a currency with
/// `precision` gets: enough for [`RATE_SIGNIFICANT`] digits, at least the precision.
fn rate_decimals(int_part: &Decimal, precision: u32) -> u32 {
    let int_digits = int_part.magnitude_digits().len() as u32;
    RATE_SIGNIFICANT
        .saturating_sub(int_digits)
        .max(precision)
        .min(RATE_MAX_DECIMALS)
}

/// The rate line for a direction, rounded against the visitor (see the module rules); `None`
/// when `in` or `out` is not positive.
pub fn rate_line(dir: &Direction) -> Option<RateLine> {
    if !dir.r#in.is_positive() || !dir.out.is_positive() {
        return None;
    }
    if dir.out >= dir.r#in {
        let int = dir.out.checked_div(&dir.r#in, 0, Rounding::Down)?;
        let decimals = rate_decimals(&int, precision_for(&dir.to));
        let get = dir.out.checked_div(&dir.r#in, decimals, Rounding::Down)?;
        Some(RateLine {
            give: Decimal::ONE,
            get,
            inverted: false,
        })
    } else {
        let int = dir.r#in.checked_div(&dir.out, 0, Rounding::Down)?;
        let decimals = rate_decimals(&int, precision_for(&dir.from));
        let give = dir.r#in.checked_div(&dir.out, decimals, Rounding::Up)?;
        Some(RateLine {
            give,
            get: Decimal::ONE,
            inverted: true,
        })
    }
}

/// `"1 BTC = 5,749,836.50 SBERRUB"` or, when one `from` buys less than one `to`,
/// `"5,749,836.50 SBERRUB = 1 BTC"`; `"—"` when the direction has no usable rate.
pub fn format_rate(dir: &Direction, lang: Lang) -> String {
    let Some(line) = rate_line(dir) else {
        return "—".to_string();
    };
    let side = |value: &Decimal, code: &str| {
        let precision = precision_for(code);
        let keep = if precision <= 2 { precision } else { 0 };
        format!(
            "{} {code}",
            format_with(value, keep, value.scale(), Rounding::Down, lang)
        )
    };
    let left = if line.inverted {
        side(&line.give, &dir.from)
    } else {
        format!("1 {}", dir.from)
    };
    let right = if line.inverted {
        format!("1 {}", dir.to)
    } else {
        side(&line.get, &dir.to)
    };
    format!("{left} = {right}")
}

/// Why a typed amount is not a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountInputError {
    /// Nothing typed.
    Empty,
    /// Only separators, no digit.
    NoDigits,
    /// A minus sign: amounts are positive.
    Negative,
    /// A character that belongs to no amount (letters, symbols).
    InvalidCharacter(char),
    /// Separators in impossible places (`1.2.3`, `1,2.3,4`).
    MisplacedSeparator,
    /// More digits than can be held.
    TooLarge,
}

impl AmountInputError {
    /// The reason for people, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (AmountInputError::Empty, Lang::En) => "enter an amount".into(),
            (AmountInputError::Empty, Lang::Ru) => "введите сумму".into(),
            (AmountInputError::NoDigits, Lang::En) => "the amount has no digits".into(),
            (AmountInputError::NoDigits, Lang::Ru) => "в сумме нет цифр".into(),
            (AmountInputError::Negative, Lang::En) => "the amount cannot be negative".into(),
            (AmountInputError::Negative, Lang::Ru) => "сумма не может быть отрицательной".into(),
            (AmountInputError::InvalidCharacter(c), Lang::En) => {
                format!("“{c}” is not allowed in an amount: use digits and one decimal point")
            }
            (AmountInputError::InvalidCharacter(c), Lang::Ru) => {
                format!(
                    "символ «{c}» недопустим в сумме: используйте цифры и одну десятичную запятую"
                )
            }
            (AmountInputError::MisplacedSeparator, Lang::En) => {
                "the decimal point or digit grouping is in the wrong place".into()
            }
            (AmountInputError::MisplacedSeparator, Lang::Ru) => {
                "десятичный разделитель или разделитель разрядов стоит не на месте".into()
            }
            (AmountInputError::TooLarge, Lang::En) => "the amount is too large".into(),
            (AmountInputError::TooLarge, Lang::Ru) => "сумма слишком большая".into(),
        }
    }
}

impl fmt::Display for AmountInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for AmountInputError {}

fn is_space_group(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' | '\'' | '’' | '\t'
    )
}

/// True when `part` is `d{1,3}(G ddd)*` for separator `sep`.
fn groups_ok(part: &str, sep: char) -> bool {
    let mut groups = part.split(sep);
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// Reads what a visitor typed as an amount. Accepts `.` or `,` as the decimal point and spaces,
/// no-break spaces, thin spaces or apostrophes between digit groups:
/// - both `.` and `,` present: the last one is the decimal point, the other groups thousands
///   (`1,234.56`, `1.234,56`);
/// - one kind, several times: thousands groups (`1,000,000`), which must be 3 digits each;
/// - one kind, once: the decimal point (`0,5`, `0.5`, `1.`), except that in English a single
///   `,` followed by exactly three digits after a non-zero 1–3 digit integer is a thousands
///   separator (`1,000` = 1000), as English readers mean it.
///
/// Negative amounts, letters and exponents are refused with a reason.
pub fn parse_amount_input(text: &str, lang: Lang) -> Result<Decimal, AmountInputError> {
    let t = text.trim_matches(|c: char| c.is_whitespace() || is_space_group(c));
    if t.is_empty() {
        return Err(AmountInputError::Empty);
    }
    let mut s = String::with_capacity(t.len());
    for (i, c) in t.chars().enumerate() {
        match c {
            '0'..='9' | '.' | ',' => s.push(c),
            '-' | '−' | '–' if i == 0 => return Err(AmountInputError::Negative),
            '+' if i == 0 => {}
            c if is_space_group(c) => {}
            c => return Err(AmountInputError::InvalidCharacter(c)),
        }
    }
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return Err(AmountInputError::NoDigits);
    }
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let plain: String = match (dots, commas) {
        (0, 0) => s,
        (_, _) if dots > 0 && commas > 0 => {
            let last = s.rfind(['.', ',']).unwrap_or(0);
            let point = s[last..].chars().next().unwrap_or('.');
            let group = if point == '.' { ',' } else { '.' };
            let (int, frac) = (&s[..last], &s[last + 1..]);
            // Char scans, not `str::contains(char)`, which links a substring searcher.
            if int.chars().any(|c| c == point)
                || frac.chars().any(|c| c == group)
                || !groups_ok(int, group)
            {
                return Err(AmountInputError::MisplacedSeparator);
            }
            format!("{}.{frac}", int.replace(group, ""))
        }
        (n, 0) | (0, n) if n > 1 => {
            let sep = if dots > 0 { '.' } else { ',' };
            if !groups_ok(&s, sep) {
                return Err(AmountInputError::MisplacedSeparator);
            }
            s.replace(sep, "")
        }
        _ => {
            let at = s.find(['.', ',']).unwrap_or(0);
            let (int, frac) = (&s[..at], &s[at + 1..]);
            let english_thousands = lang == Lang::En
                && s.as_bytes()[at] == b','
                && frac.len() == 3
                && (1..=3).contains(&int.len())
                && !int.starts_with('0');
            if english_thousands {
                format!("{int}{frac}")
            } else {
                format!("{int}.{frac}")
            }
        }
    };
    Decimal::parse(&plain).map_err(|e| match e {
        crate::decimal::NumberError::TooLarge(_) => AmountInputError::TooLarge,
        _ => AmountInputError::NoDigits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn rate_decimals_follow_integer_length() {
        assert_eq!(rate_decimals(&d("5749836"), 2), 2);
        assert_eq!(rate_decimals(&d("1"), 2), 5);
        assert_eq!(rate_decimals(&d("100"), 2), 3);
        assert_eq!(rate_decimals(&d("25"), 8), 8);
    }
}
