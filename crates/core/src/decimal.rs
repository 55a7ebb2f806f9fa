//! Exact decimal numbers for amounts, rates and limits (never `f64`).

use std::cmp::Ordering;
use std::fmt;

/// Largest number of digits kept after the decimal point.
pub const MAX_SCALE: u32 = 30;

/// A decimal number `mantissa / 10^scale`, exact for every value a feed can carry.
///
/// Equality and ordering compare values, so `1.50 == 1.5`; `Display` prints the digits as stored
/// (keeping `in`/`out` as written), `normalized()` drops trailing zeros.
#[derive(Clone, Copy, Debug, Default)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

/// How a result that does not fit the wanted precision is rounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Toward zero (what a client receives is never overstated).
    Down,
    /// Away from zero (what a client must give is never understated).
    Up,
    /// To nearest, ties away from zero.
    HalfUp,
}

/// Why a text is not a decimal number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Nothing but whitespace.
    Empty,
    /// A character that belongs to no number.
    Invalid(String),
    /// More digits than can be held exactly, or an exponent beyond what a decimal holds
    /// (too large, or too small to be told from zero).
    TooLarge(String),
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::Empty => f.write_str("empty number"),
            NumberError::Invalid(raw) => write!(f, "not a number: {}", crate::json::quoted(raw)),
            NumberError::TooLarge(raw) => {
                write!(f, "number out of range: {}", crate::json::quoted(raw))
            }
        }
    }
}

impl std::error::Error for NumberError {}

const fn pow10(n: u32) -> i128 {
    let mut v: i128 = 1;
    let mut i = 0;
    while i < n {
        v *= 10;
        i += 1;
    }
    v
}

/// Largest exponent magnitude accepted after `e` for a non-zero number (an i128 holds 38
/// digits and at most [`MAX_SCALE`] are kept after the point, so 60 leaves room for both).
const MAX_EXPONENT: u64 = 60;

/// Reads an exponent (`-5`, `+07`, `12`): `None` when it is not an optionally signed run of
/// digits. Past [`MAX_EXPONENT`] the value saturates at a bound that still reads as too large,
/// so the cost is one pass over the text whatever the digits say.
fn parse_exponent(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    const CAP: i64 = 1_000_000;
    let magnitude = digits.iter().fold(0i64, |acc, d| {
        acc.saturating_mul(10)
            .saturating_add(i64::from(d - b'0'))
            .min(CAP)
    });
    Some(if negative { -magnitude } else { magnitude })
}

fn checked_pow10(n: u32) -> Option<i128> {
    if n > 38 {
        None
    } else {
        Some(pow10(n))
    }
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };
    /// One.
    pub const ONE: Decimal = Decimal {
        mantissa: 1,
        scale: 0,
    };
    /// One hundred (for percentages).
    pub const HUNDRED: Decimal = Decimal {
        mantissa: 100,
        scale: 0,
    };

    /// Builds `mantissa / 10^scale`; `None` when `scale` exceeds [`MAX_SCALE`].
    pub fn new(mantissa: i128, scale: u32) -> Option<Decimal> {
        (scale <= MAX_SCALE).then_some(Decimal { mantissa, scale })
    }

    /// An integer.
    pub fn from_i64(v: i64) -> Decimal {
        Decimal {
            mantissa: v as i128,
            scale: 0,
        }
    }

    /// The raw digits.
    pub fn mantissa(&self) -> i128 {
        self.mantissa
    }

    /// Digits after the decimal point, as stored.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// True for zero (of any scale).
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// True below zero.
    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// True above zero.
    pub fn is_positive(&self) -> bool {
        self.mantissa > 0
    }

    /// The absolute value.
    pub fn abs(&self) -> Decimal {
        Decimal {
            mantissa: self.mantissa.abs(),
            scale: self.scale,
        }
    }

    /// The negated value.
    pub fn neg(&self) -> Decimal {
        Decimal {
            mantissa: -self.mantissa,
            scale: self.scale,
        }
    }

    /// The same value without trailing fractional zeros (`1.500` -> `1.5`, `2.0` -> `2`).
    pub fn normalized(&self) -> Decimal {
        let mut m = self.mantissa;
        let mut s = self.scale;
        while s > 0 && m % 10 == 0 {
            m /= 10;
            s -= 1;
        }
        if m == 0 {
            s = 0;
        }
        Decimal {
            mantissa: m,
            scale: s,
        }
    }

    /// Parses a plain decimal: optional sign, digits with an optional `.` point and an optional
    /// exponent (`1.0E-5`, as PHP prints small floats). Surrounding whitespace is ignored.
    /// Fractional digits beyond [`MAX_SCALE`] are dropped (rounded toward zero).
    pub fn parse(text: &str) -> Result<Decimal, NumberError> {
        let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{feff}');
        if t.is_empty() {
            return Err(NumberError::Empty);
        }
        let invalid = || NumberError::Invalid(text.to_string());
        let too_large = || NumberError::TooLarge(text.to_string());
        let bytes = t.as_bytes();
        let mut i = 0;
        let mut negative = false;
        if bytes[0] == b'-' || bytes[0] == b'+' {
            negative = bytes[0] == b'-';
            i = 1;
        }
        let mut mantissa: i128 = 0;
        let mut scale: i64 = 0;
        let mut digits = 0usize;
        let mut seen_point = false;
        let mut dropped = false;
        while i < bytes.len() {
            let c = bytes[i];
            match c {
                b'0'..=b'9' => {
                    digits += 1;
                    if seen_point && scale >= MAX_SCALE as i64 {
                        dropped = true;
                    } else {
                        mantissa = mantissa
                            .checked_mul(10)
                            .and_then(|m| m.checked_add((c - b'0') as i128))
                            .ok_or_else(too_large)?;
                        if seen_point {
                            scale += 1;
                        }
                    }
                }
                b'.' if !seen_point => seen_point = true,
                b'e' | b'E' => break,
                _ => return Err(invalid()),
            }
            i += 1;
        }
        let _ = dropped;
        if digits == 0 {
            return Err(invalid());
        }
        if i < bytes.len() {
            // Exponent part, read with a bounded value so `0e-9223372036854775808` costs no
            // more than `0e-1`.
            let exp = parse_exponent(&bytes[i + 1..]).ok_or_else(invalid)?;
            if mantissa == 0 {
                // Zero at any exponent: answered at once, at a scale the decimal can hold.
                let scale = scale.saturating_sub(exp).clamp(0, MAX_SCALE as i64) as u32;
                return Ok(Decimal { mantissa, scale });
            }
            if exp.unsigned_abs() > MAX_EXPONENT {
                return Err(too_large());
            }
            scale = scale.checked_sub(exp).ok_or_else(too_large)?;
        }
        // Both loops are bounded: |scale| <= MAX_SCALE + MAX_EXPONENT here.
        while scale < 0 {
            mantissa = mantissa.checked_mul(10).ok_or_else(too_large)?;
            scale += 1;
        }
        while scale > MAX_SCALE as i64 {
            mantissa /= 10;
            scale -= 1;
        }
        if negative {
            mantissa = -mantissa;
        }
        Ok(Decimal {
            mantissa,
            scale: scale as u32,
        })
    }

    /// This value with exactly `scale` fractional digits, rounded as asked; `None` on overflow.
    pub fn rescale(&self, scale: u32, rounding: Rounding) -> Option<Decimal> {
        if scale > MAX_SCALE {
            return None;
        }
        if scale >= self.scale {
            let f = checked_pow10(scale - self.scale)?;
            return Some(Decimal {
                mantissa: self.mantissa.checked_mul(f)?,
                scale,
            });
        }
        let drop = self.scale - scale;
        let Some(f) = checked_pow10(drop) else {
            // Dropping more than 38 digits: the value is below one unit of the target scale.
            let m = match rounding {
                Rounding::Up if self.mantissa != 0 => self.mantissa.signum(),
                _ => 0,
            };
            return Some(Decimal { mantissa: m, scale });
        };
        let q = self.mantissa / f;
        let r = self.mantissa % f;
        let bump = match rounding {
            Rounding::Down => false,
            Rounding::Up => r != 0,
            Rounding::HalfUp => r.unsigned_abs() * 2 >= f as u128,
        };
        let m = if bump { q + self.mantissa.signum() } else { q };
        Some(Decimal { mantissa: m, scale })
    }

    /// Rounds to `scale` fractional digits, keeping fewer if the value has fewer.
    pub fn round_dp(&self, scale: u32, rounding: Rounding) -> Decimal {
        if scale >= self.scale {
            return *self;
        }
        self.rescale(scale, rounding).unwrap_or(*self)
    }

    fn aligned(a: &Decimal, b: &Decimal) -> Option<(i128, i128, u32)> {
        let s = a.scale.max(b.scale);
        let am = a.mantissa.checked_mul(checked_pow10(s - a.scale)?)?;
        let bm = b.mantissa.checked_mul(checked_pow10(s - b.scale)?)?;
        Some((am, bm, s))
    }

    /// `self + other`; `None` on overflow.
    pub fn checked_add(&self, other: &Decimal) -> Option<Decimal> {
        let (a, b, s) = Decimal::aligned(self, other)?;
        Some(Decimal {
            mantissa: a.checked_add(b)?,
            scale: s,
        })
    }

    /// `self - other`; `None` on overflow.
    pub fn checked_sub(&self, other: &Decimal) -> Option<Decimal> {
        self.checked_add(&other.neg())
    }

    /// `self * other`, exact when it fits, else with the least significant fractional digits
    /// rounded as asked; `None` when even the integer part overflows.
    pub fn checked_mul(&self, other: &Decimal, rounding: Rounding) -> Option<Decimal> {
        let a = self.normalized();
        let b = other.normalized();
        let scale = a.scale + b.scale;
        if let Some(m) = a.mantissa.checked_mul(b.mantissa) {
            let exact = Decimal { mantissa: m, scale };
            if scale <= MAX_SCALE {
                return Some(exact);
            }
            return exact.rescale(MAX_SCALE, rounding);
        }
        // Too many digits: compute through the wide product (hi * 10^k + lo split).
        let wide = WideProduct::of(a.mantissa.unsigned_abs(), b.mantissa.unsigned_abs());
        let negative = (a.mantissa < 0) != (b.mantissa < 0);
        let (m, dropped_nonzero, s) = wide.fit(scale)?;
        let m = m as i128;
        let bump = match rounding {
            Rounding::Down => false,
            Rounding::Up => dropped_nonzero.0,
            Rounding::HalfUp => dropped_nonzero.1,
        };
        let m = if bump { m + 1 } else { m };
        Some(Decimal {
            mantissa: if negative { -m } else { m },
            scale: s,
        })
    }

    /// `self / other` with `scale` fractional digits, rounded as asked; `None` for division by
    /// zero or overflow.
    pub fn checked_div(&self, other: &Decimal, scale: u32, rounding: Rounding) -> Option<Decimal> {
        if other.is_zero() || scale > MAX_SCALE {
            return None;
        }
        let negative = (self.mantissa < 0) != (other.mantissa < 0);
        let num = self.normalized();
        let den = other.normalized();
        // value = (n / 10^sn) / (d / 10^sd) = n * 10^(sd - sn) / d
        let mut n = num.mantissa.unsigned_abs();
        let mut d = den.mantissa.unsigned_abs();
        // Bring the exponent difference into the denominator or numerator.
        let shift = den.scale as i64 - num.scale as i64;
        let mut extra_digits = scale as i64; // digits still to generate after the integer division
        if shift > 0 {
            extra_digits += shift;
        } else if shift < 0 {
            // Dividing by an extra 10^k: generate k fewer digits, or scale d up.
            let k = (-shift) as u32;
            match checked_pow10(k).and_then(|f| d.checked_mul(f as u128)) {
                Some(v) => d = v,
                None => {
                    // Value is below 10^-(38): effectively zero at any scale we keep.
                    let m = if rounding == Rounding::Up && n != 0 {
                        1
                    } else {
                        0
                    };
                    let m = m as i128;
                    return Some(Decimal {
                        mantissa: if negative { -m } else { m },
                        scale,
                    });
                }
            }
        }
        let mut q: u128 = n / d;
        n %= d;
        while extra_digits > 0 {
            // n < d here, so n * 10 may overflow only when d is near u128::MAX / 10.
            let n10 = n.checked_mul(10)?;
            let digit = n10 / d;
            n = n10 % d;
            q = q.checked_mul(10)?.checked_add(digit)?;
            extra_digits -= 1;
        }
        let bump = match rounding {
            Rounding::Down => false,
            Rounding::Up => n != 0,
            Rounding::HalfUp => n.checked_mul(2).is_none_or(|v| v >= d),
        };
        if bump {
            q = q.checked_add(1)?;
        }
        let m = i128::try_from(q).ok()?;
        Some(Decimal {
            mantissa: if negative { -m } else { m },
            scale,
        })
    }

    /// `self / other` with at least `significant` significant digits (more when the integer
    /// part is longer), rounded as asked, trailing zeros dropped.
    pub fn div_significant(
        &self,
        other: &Decimal,
        significant: u32,
        rounding: Rounding,
    ) -> Option<Decimal> {
        if other.is_zero() {
            return None;
        }
        // Estimate the magnitude: digits of the integer part of |self/other|.
        let probe = self.abs().checked_div(&other.abs(), 0, Rounding::Down)?;
        let scale = if !probe.is_zero() {
            let int_digits = digit_count(probe.mantissa.unsigned_abs());
            significant.saturating_sub(int_digits)
        } else {
            // Leading zeros after the point: find the first non-zero digit.
            let mut lead = 0u32;
            loop {
                lead += 1;
                if lead > MAX_SCALE {
                    return Some(Decimal::ZERO);
                }
                let t = self.abs().checked_div(&other.abs(), lead, Rounding::Down)?;
                if !t.is_zero() {
                    break;
                }
            }
            (lead - 1 + significant).min(MAX_SCALE)
        };
        Some(self.checked_div(other, scale, rounding)?.normalized())
    }

    /// `self` percent of `base` (`base * self / 100`), rounded as asked to `scale` digits.
    pub fn percent_of(&self, base: &Decimal, scale: u32, rounding: Rounding) -> Option<Decimal> {
        let product = base.checked_mul(self, rounding)?;
        product.checked_div(&Decimal::HUNDRED, scale, rounding)
    }

    /// The larger of two values.
    pub fn max(self, other: Decimal) -> Decimal {
        if other > self {
            other
        } else {
            self
        }
    }

    /// The smaller of two values.
    pub fn min(self, other: Decimal) -> Decimal {
        if other < self {
            other
        } else {
            self
        }
    }

    /// An approximation for charts and sorting heuristics only, never for money.
    pub fn to_f64(&self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }

    /// Number of significant digits stored (ignores trailing zeros).
    pub fn significant_digits(&self) -> u32 {
        let n = self.normalized();
        digit_count(n.mantissa.unsigned_abs())
    }
}

fn digit_count(mut v: u128) -> u32 {
    let mut n = 1;
    while v >= 10 {
        v /= 10;
        n += 1;
    }
    n
}

/// A 256-bit product of two 128-bit magnitudes, reduced back to 128 bits by dropping
/// fractional digits.
struct WideProduct {
    hi: u128,
    lo: u128,
}

impl WideProduct {
    fn of(a: u128, b: u128) -> WideProduct {
        let (a1, a0) = (a >> 64, a & u64::MAX as u128);
        let (b1, b0) = (b >> 64, b & u64::MAX as u128);
        let p00 = a0 * b0;
        let p01 = a0 * b1;
        let p10 = a1 * b0;
        let p11 = a1 * b1;
        let mid = (p00 >> 64) + (p01 & u64::MAX as u128) + (p10 & u64::MAX as u128);
        let lo = (p00 & u64::MAX as u128) | (mid << 64);
        let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
        WideProduct { hi, lo }
    }

    /// Divides by 10 until the value fits an i128 and the scale is at most MAX_SCALE.
    /// Returns (mantissa, (any dropped digit non-zero, dropped part >= half), scale).
    fn fit(mut self, mut scale: u32) -> Option<(u128, (bool, bool), u32)> {
        let mut dropped_nonzero = false;
        let mut last_digit = 0u128;
        while self.hi != 0 || self.lo > i128::MAX as u128 || scale > MAX_SCALE {
            if scale == 0 {
                return None;
            }
            if last_digit != 0 {
                dropped_nonzero = true;
            }
            last_digit = self.div10();
            scale -= 1;
        }
        let any = dropped_nonzero || last_digit != 0;
        Some((self.lo, (any, last_digit >= 5), scale))
    }

    fn div10(&mut self) -> u128 {
        // Long division of (hi, lo) by 10 in 64-bit limbs.
        let limbs = [
            self.hi >> 64,
            self.hi & u64::MAX as u128,
            self.lo >> 64,
            self.lo & u64::MAX as u128,
        ];
        let mut out = [0u128; 4];
        let mut rem = 0u128;
        for (i, limb) in limbs.iter().enumerate() {
            let cur = (rem << 64) | limb;
            out[i] = cur / 10;
            rem = cur % 10;
        }
        self.hi = (out[0] << 64) | out[1];
        self.lo = (out[2] << 64) | out[3];
        rem
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        if let Some((a, b, _)) = Decimal::aligned(self, other) {
            return a.cmp(&b);
        }
        // Alignment overflowed: the signs or the integer parts decide, else the fractions.
        match self.mantissa.signum().cmp(&other.mantissa.signum()) {
            Ordering::Equal => {}
            o => return o,
        }
        let ia = self.mantissa / pow10(self.scale.min(38));
        let ib = other.mantissa / pow10(other.scale.min(38));
        match ia.cmp(&ib) {
            Ordering::Equal => {
                let fa = self
                    .checked_sub(&Decimal::from_i128_int(ia))
                    .unwrap_or(*self);
                let fb = other
                    .checked_sub(&Decimal::from_i128_int(ib))
                    .unwrap_or(*other);
                let s = fa.scale.max(fb.scale);
                let fa = fa.rescale(s, Rounding::Down).unwrap_or(fa);
                let fb = fb.rescale(s, Rounding::Down).unwrap_or(fb);
                fa.mantissa.cmp(&fb.mantissa)
            }
            o => o,
        }
    }
}

impl Decimal {
    fn from_i128_int(v: i128) -> Decimal {
        Decimal {
            mantissa: v,
            scale: 0,
        }
    }
}

impl Decimal {
    /// The mantissa's magnitude in decimal digits, without sign or point (`-12.50` gives
    /// `"1250"`). Written by hand: `core::fmt`'s 128-bit integer formatting would cost the
    /// widget's wasm ~1.5 KB; most mantissas fit 64 bits, which the loop divides natively.
    pub fn magnitude_digits(&self) -> String {
        let mut wide = self.mantissa.unsigned_abs();
        let mut buf = [0u8; 40];
        let mut at = buf.len();
        while wide > u128::from(u64::MAX) {
            at -= 1;
            buf[at] = b'0' + (wide % 10) as u8;
            wide /= 10;
        }
        let mut v = wide as u64;
        loop {
            at -= 1;
            buf[at] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        buf[at..].iter().map(|&b| char::from(b)).collect()
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.magnitude_digits();
        if self.mantissa < 0 {
            f.write_str("-")?;
        }
        let scale = self.scale as usize;
        if scale == 0 {
            return f.write_str(&digits);
        }
        if digits.len() > scale {
            let (int, frac) = digits.split_at(digits.len() - scale);
            f.write_str(int)?;
            f.write_str(".")?;
            f.write_str(frac)
        } else {
            f.write_str("0.")?;
            for _ in 0..scale - digits.len() {
                f.write_str("0")?;
            }
            f.write_str(&digits)
        }
    }
}

impl std::str::FromStr for Decimal {
    type Err = NumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn parses_and_prints_as_written() {
        assert_eq!(d("0.028000000000").to_string(), "0.028000000000");
        assert_eq!(d("0.028000000000").normalized().to_string(), "0.028");
        assert_eq!(d(" 5749836.5 ").to_string(), "5749836.5");
        assert_eq!(d("-90.5").to_string(), "-90.5");
        assert_eq!(d("1.0E-5").normalized().to_string(), "0.00001");
        assert_eq!(d("2e3").to_string(), "2000");
        assert_eq!(d(".5").to_string(), "0.5");
        assert_eq!(d("\u{a0}7\u{a0}").to_string(), "7");
    }

    #[test]
    fn magnitude_digits_match_the_integer_formatting() {
        let cases = [
            0i128,
            7,
            -7,
            10,
            1250,
            i128::from(u64::MAX) - 1,
            i128::from(u64::MAX),
            i128::from(u64::MAX) + 1,
            -i128::from(u64::MAX) - 1,
            10i128.pow(19),
            10i128.pow(20) - 1,
            i128::MAX,
            i128::MIN,
        ];
        for m in cases {
            let v = Decimal::new(m, 2).unwrap();
            assert_eq!(v.magnitude_digits(), m.unsigned_abs().to_string(), "{m}");
        }
        assert_eq!(
            Decimal::new(i128::MIN, 0).unwrap().to_string(),
            i128::MIN.to_string()
        );
        assert_eq!(d("-0.0012").to_string(), "-0.0012");
    }

    #[test]
    fn rejects_non_numbers() {
        assert_eq!(Decimal::parse("  "), Err(NumberError::Empty));
        assert!(matches!(
            Decimal::parse("1.2.3"),
            Err(NumberError::Invalid(_))
        ));
        assert!(matches!(
            Decimal::parse("abc"),
            Err(NumberError::Invalid(_))
        ));
        assert!(matches!(Decimal::parse("-"), Err(NumberError::Invalid(_))));
        assert!(matches!(
            Decimal::parse("1e999"),
            Err(NumberError::TooLarge(_))
        ));
        assert!(matches!(
            Decimal::parse("999999999999999999999999999999999999999999"),
            Err(NumberError::TooLarge(_))
        ));
    }

    #[test]
    fn huge_exponents_are_answered_at_once() {
        // Each of these once looped ~9.2e18 times (or panicked on `i64::MIN.abs()`).
        assert_eq!(d("0e-9223372036854775808"), Decimal::ZERO);
        assert_eq!(
            d("0e-9223372036854775808").to_string(),
            "0.000000000000000000000000000000"
        );
        assert_eq!(d("0E9223372036854775807").to_string(), "0");
        assert_eq!(d("-0.0e+99999999999999999999999999").to_string(), "0");
        for huge in [
            "1e-9223372036854775808",
            "1e9223372036854775807",
            "5E+99999999999999999999999999999",
            "1e61",
            "1e-61",
        ] {
            assert!(
                matches!(Decimal::parse(huge), Err(NumberError::TooLarge(_))),
                "{huge}"
            );
        }
        for bad in ["1e", "1e-", "1e+", "1e--5", "1e5.5", "1e 5", "e5"] {
            assert!(
                matches!(Decimal::parse(bad), Err(NumberError::Invalid(_))),
                "{bad}"
            );
        }
        assert_eq!(
            d("1e37").normalized().to_string(),
            format!("1{}", "0".repeat(37))
        );
        assert!(matches!(
            Decimal::parse("1e39"),
            Err(NumberError::TooLarge(_))
        ));
        assert_eq!(d("1e-30").to_string(), format!("0.{}1", "0".repeat(29)));
        assert_eq!(d("1e-31").to_string(), format!("0.{}", "0".repeat(30)));
        assert_eq!(d("25e-2").to_string(), "0.25");
        assert_eq!(d("1.5e+003").to_string(), "1500");
    }

    #[test]
    fn sums_exactly() {
        assert_eq!(d("0.1").checked_add(&d("0.2")).unwrap().to_string(), "0.3");
        assert_eq!(d("1.50"), d("1.5"));
        assert!(d("0.001") < d("0.0011"));
        assert!(d("-2") < d("1"));
    }

    #[test]
    fn multiplies_and_divides() {
        let r = Decimal::ONE
            .checked_div(&d("60000"), 20, Rounding::Down)
            .unwrap();
        assert_eq!(r.normalized().to_string(), "0.00001666666666666666");
        let r = d("5749836.5")
            .div_significant(&d("1"), 12, Rounding::HalfUp)
            .unwrap();
        assert_eq!(r.to_string(), "5749836.5");
        let r = d("1")
            .div_significant(&d("3"), 12, Rounding::HalfUp)
            .unwrap();
        assert_eq!(r.to_string(), "0.333333333333");
        let r = d("1")
            .div_significant(&d("60000"), 12, Rounding::HalfUp)
            .unwrap();
        assert_eq!(r.to_string(), "0.0000166666666667");
        assert_eq!(
            d("2.5")
                .checked_mul(&d("4"), Rounding::Down)
                .unwrap()
                .normalized()
                .to_string(),
            "10"
        );
        assert_eq!(
            Decimal::ONE.checked_div(&Decimal::ZERO, 2, Rounding::Down),
            None
        );
        assert_eq!(
            d("-7")
                .checked_div(&d("2"), 0, Rounding::Down)
                .unwrap()
                .to_string(),
            "-3"
        );
        assert_eq!(
            d("-7")
                .checked_div(&d("2"), 0, Rounding::Up)
                .unwrap()
                .to_string(),
            "-4"
        );
    }

    #[test]
    fn wide_products_round_instead_of_failing() {
        let a = d("123456789012345678.123456789012345678");
        let b = d("98765432109876.987654321");
        let p = a.checked_mul(&b, Rounding::Down).unwrap();
        assert_eq!(
            p.to_string().split('.').next().unwrap(),
            "12193263113702234315347777658161"
        );
    }

    #[test]
    fn rounds_each_way() {
        assert_eq!(d("1.2345").round_dp(2, Rounding::Down).to_string(), "1.23");
        assert_eq!(d("1.2345").round_dp(2, Rounding::Up).to_string(), "1.24");
        assert_eq!(d("1.235").round_dp(2, Rounding::HalfUp).to_string(), "1.24");
        assert_eq!(d("-1.235").round_dp(2, Rounding::Down).to_string(), "-1.23");
    }
}
