//! Quote maths: amount given <-> amount received with fees, limits and reserve checks.
//!
//! The calculator never promises more than the exchanger pays:
//! - `from_fee` is taken from what the client sends, `to_fee` from what the client receives;
//!   the percentage is read as a share of the whole amount and the fixed part added on top (the
//!   reading that leaves the client less when the order is unknown, see docs/core-calc.md);
//! - `min_fee` (in `from`) is a floor on the `from` commission only;
//! - a `fee_steps` entry applies when its `[from_min, from_max]` range contains the amount
//!   given; when the direction also has a base fee on that side, both are charged;
//! - received amounts are rounded Down to the `to` precision, required give amounts Up to the
//!   `from` precision ([`crate::format::precision_for`]).
//!
//! Whenever a reading had to be chosen (a fee with both a percentage and a fixed part, a binding
//! `min_fee`, a step over a base fee, overlapping steps), the quote is marked `approximate`.

use crate::decimal::{Decimal, Rounding, MAX_SCALE};
use crate::format::{format_with, precision_for, Lang};
use crate::model::{Direction, Fee, FeeSide};

/// Why an amount cannot be exchanged as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitProblem {
    /// Less than the minimum order (in `from`).
    BelowMin {
        /// The minimum, in `from`.
        min: Decimal,
    },
    /// More than the maximum order (in `from`).
    AboveMax {
        /// The maximum, in `from`.
        max: Decimal,
    },
    /// The client would receive more than the exchanger holds (in `to`).
    AboveReserve {
        /// The reserve, in `to`.
        reserve: Decimal,
    },
    /// The client would receive less than the minimum payout (in `to`).
    BelowToMin {
        /// The minimum payout, in `to`.
        to_min: Decimal,
    },
    /// The client would receive more than the maximum payout (in `to`).
    AboveToMax {
        /// The maximum payout, in `to`.
        to_max: Decimal,
    },
    /// Zero or a negative amount.
    ZeroOrNegative,
    /// The fees take the whole amount.
    FeesExceedAmount,
    /// The amount is too large to compute with.
    TooLarge,
    /// The direction has no usable rate (`in` or `out` not positive).
    NoRate,
}

/// How a limit is shown: `"5,000 RUB"`, `"0.001739 BTC"`, `"50.50 USD"` (whole fiat amounts
/// without `.00`), rounded so that typing the shown number passes the check.
pub fn format_limit(value: &Decimal, code: &str, rounding: Rounding, lang: Lang) -> String {
    format!("{} {code}", limit_number(value, code, rounding, lang))
}

fn limit_number(value: &Decimal, code: &str, rounding: Rounding, lang: Lang) -> String {
    let decimals = precision_for(code);
    let rounded = value.round_dp(decimals, rounding);
    let keep = if decimals <= 2 && rounded.normalized().scale() > 0 {
        decimals
    } else {
        0
    };
    format_with(&rounded, keep, decimals, rounding, lang)
}

impl LimitProblem {
    /// The problem for people: `"minimum 0.001 BTC"` / `"минимум 0,001 BTC"`.
    pub fn message(&self, dir: &Direction, lang: Lang) -> String {
        let from = |v: &Decimal, r| format_limit(v, &dir.from, r, lang);
        let to = |v: &Decimal, r| format_limit(v, &dir.to, r, lang);
        let ru = lang == Lang::Ru;
        match self {
            LimitProblem::BelowMin { min } => {
                format!(
                    "{} {}",
                    if ru { "минимум" } else { "minimum" },
                    from(min, Rounding::Up)
                )
            }
            LimitProblem::AboveMax { max } => {
                format!(
                    "{} {}",
                    if ru { "максимум" } else { "maximum" },
                    from(max, Rounding::Down)
                )
            }
            LimitProblem::AboveReserve { reserve } => format!(
                "{} {}",
                if ru {
                    "больше резерва обменника:"
                } else {
                    "more than the exchanger's reserve of"
                },
                to(reserve, Rounding::Down)
            ),
            LimitProblem::BelowToMin { to_min } => format!(
                "{} {}",
                if ru {
                    "минимум к получению"
                } else {
                    "minimum to receive"
                },
                to(to_min, Rounding::Up)
            ),
            LimitProblem::AboveToMax { to_max } => format!(
                "{} {}",
                if ru {
                    "максимум к получению"
                } else {
                    "maximum to receive"
                },
                to(to_max, Rounding::Down)
            ),
            LimitProblem::ZeroOrNegative => if ru {
                "введите сумму больше нуля"
            } else {
                "enter an amount above zero"
            }
            .to_string(),
            LimitProblem::FeesExceedAmount => if ru {
                "комиссии больше суммы обмена"
            } else {
                "the fees are larger than the amount"
            }
            .to_string(),
            LimitProblem::TooLarge => if ru {
                "слишком большая сумма"
            } else {
                "the amount is too large"
            }
            .to_string(),
            LimitProblem::NoRate => if ru {
                "у этого направления нет курса"
            } else {
                "this direction has no rate"
            }
            .to_string(),
        }
    }
}

/// The result of a calculation: what is given, what is received, and what stands in the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// Amount given, in `from`, at the `from` precision.
    pub give: Decimal,
    /// Amount received, in `to`, at the `to` precision, never more than the exchanger pays.
    pub get: Decimal,
    /// True when the fee rules were ambiguous and the least favourable reading was used.
    pub approximate: bool,
    /// Limit, reserve and fee problems; empty when the exchange can go ahead.
    pub problems: Vec<LimitProblem>,
}

impl Quote {
    /// True when nothing stands in the way.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// False when the amounts could not be worked out (too large to compute with, or the
    /// direction has no rate): the amount on the side not typed is then a zero placeholder,
    /// not an answer, and is not shown.
    pub fn computed(&self) -> bool {
        !self
            .problems
            .iter()
            .any(|p| matches!(p, LimitProblem::TooLarge | LimitProblem::NoRate))
    }
}

/// The fees that apply to one amount given.
struct Fees {
    from: Fee,
    to: Fee,
    approximate: bool,
}

fn add_fee(a: &Fee, b: &Fee) -> Fee {
    Fee {
        percent: a
            .percent
            .checked_add(&b.percent)
            .unwrap_or(a.percent.max(b.percent)),
        fixed: a
            .fixed
            .checked_add(&b.fixed)
            .unwrap_or(a.fixed.max(b.fixed)),
    }
}

fn fees_for(dir: &Direction, give: &Decimal) -> Fees {
    let mut approximate = false;
    let mut sides = [dir.from_fee.clone(), dir.to_fee.clone()];
    for (slot, side) in [FeeSide::From, FeeSide::To].into_iter().enumerate() {
        let mut matching = dir.fee_steps.iter().filter(|s| {
            s.side == side
                && s.from_min.is_none_or(|lo| *give >= lo)
                && s.from_max.is_none_or(|hi| hi.is_zero() || *give <= hi)
        });
        let Some(first) = matching.next() else {
            continue;
        };
        // Overlapping steps: take the largest of each part (never less than any one of them).
        let mut step = first.fee.clone();
        for other in matching {
            approximate = true;
            step = Fee {
                percent: step.percent.max(other.fee.percent),
                fixed: step.fixed.max(other.fee.fixed),
            };
        }
        if !sides[slot].is_zero() {
            approximate = true;
            sides[slot] = add_fee(&sides[slot], &step);
        } else {
            sides[slot] = step;
        }
    }
    let [mut from, mut to] = sides;
    // A negative fee would promise more than the rate; it is more likely a feed quirk.
    for fee in [&mut from, &mut to] {
        for part in [&mut fee.percent, &mut fee.fixed] {
            if part.is_negative() {
                *part = Decimal::ZERO;
                approximate = true;
            }
        }
    }
    // With both parts the order is unknown: percent-of-gross plus fixed is the smaller payout.
    approximate |= !from.percent.is_zero() && !from.fixed.is_zero();
    approximate |= !to.percent.is_zero() && !to.fixed.is_zero();
    Fees {
        from,
        to,
        approximate,
    }
}

/// Working scale for intermediate amounts: a few digits beyond the shown precision.
fn work_scale(precision: u32) -> u32 {
    (precision + 12).min(MAX_SCALE)
}

/// `fee.percent`% of `amount` plus `fee.fixed`, rounded Up (a fee is never understated).
fn fee_on(fee: &Fee, amount: &Decimal, scale: u32) -> Option<Decimal> {
    let pct = if fee.percent.is_zero() {
        Decimal::ZERO
    } else {
        fee.percent.percent_of(amount, scale, Rounding::Up)?
    };
    pct.checked_add(&fee.fixed)
}

/// The exact computation behind a quote, before limit checks.
enum Outcome {
    Get { get: Decimal, approximate: bool },
    FeesExceed { approximate: bool },
    Overflow,
}

fn compute_get(dir: &Direction, give: &Decimal) -> Outcome {
    let fees = fees_for(dir, give);
    let mut approximate = fees.approximate;
    let to_precision = precision_for(&dir.to);
    let scale = work_scale(to_precision).max(give.scale()).min(MAX_SCALE);
    let Some(mut from_fee) = fee_on(&fees.from, give, scale) else {
        return Outcome::Overflow;
    };
    if let Some(floor) = dir.min_fee.filter(|m| m.is_positive()) {
        if floor > from_fee {
            // How the floor combines with other fees is not documented: apply it to the
            // from-side commission (the reading that leaves the client least).
            from_fee = floor;
            approximate = true;
        }
    }
    let Some(exchanged) = give.checked_sub(&from_fee) else {
        return Outcome::Overflow;
    };
    if !exchanged.is_positive() {
        return Outcome::FeesExceed { approximate };
    }
    let Some(product) = exchanged.checked_mul(&dir.out, Rounding::Down) else {
        return Outcome::Overflow;
    };
    let Some(converted) = div_fit(
        &product,
        &dir.r#in,
        work_scale(to_precision),
        Rounding::Down,
    ) else {
        return Outcome::Overflow;
    };
    let Some(to_fee) = fee_on(&fees.to, &converted, converted.scale()) else {
        return Outcome::Overflow;
    };
    let Some(received) = converted.checked_sub(&to_fee) else {
        return Outcome::Overflow;
    };
    let get = received.round_dp(to_precision, Rounding::Down);
    if !get.is_positive() {
        return Outcome::FeesExceed { approximate };
    }
    Outcome::Get { get, approximate }
}

/// `a / b` at `scale` digits, retrying with fewer digits (never fewer than needed) when the
/// result would overflow at the full scale.
fn div_fit(a: &Decimal, b: &Decimal, scale: u32, rounding: Rounding) -> Option<Decimal> {
    let mut s = scale;
    loop {
        if let Some(v) = a.checked_div(b, s, rounding) {
            return Some(v);
        }
        if s == 0 {
            return None;
        }
        s -= 1;
    }
}

fn check_limits(dir: &Direction, give: &Decimal, get: &Decimal, problems: &mut Vec<LimitProblem>) {
    // Limits written in a third currency are shown, never checked (their unit is not `from`).
    if let Some(min) = dir.min_in_from() {
        if *give < min {
            problems.push(LimitProblem::BelowMin { min });
        }
    }
    if let Some(max) = dir.max_in_from() {
        if *give > max {
            problems.push(LimitProblem::AboveMax { max });
        }
    }
    if get.is_positive() {
        if let Some(to_min) = dir.to_min.filter(|m| m.is_positive()) {
            if *get < to_min {
                problems.push(LimitProblem::BelowToMin { to_min });
            }
        }
        if let Some(to_max) = dir.to_max.filter(|m| m.is_positive()) {
            if *get > to_max {
                problems.push(LimitProblem::AboveToMax { to_max });
            }
        }
        if let Some(reserve) = dir.reserve.filter(|r| !r.is_negative()) {
            if *get > reserve {
                problems.push(LimitProblem::AboveReserve { reserve });
            }
        }
    }
}

/// The visitor types what they give: what they receive, with fees, limits and reserve checked.
/// `give` is cut to the `from` precision first (more digits cannot be sent).
pub fn quote_give(dir: &Direction, give: Decimal) -> Quote {
    let give = give.round_dp(precision_for(&dir.from), Rounding::Down);
    let mut problems = Vec::new();
    if !dir.r#in.is_positive() || !dir.out.is_positive() {
        problems.push(LimitProblem::NoRate);
        return Quote {
            give,
            get: Decimal::ZERO,
            approximate: false,
            problems,
        };
    }
    if !give.is_positive() {
        problems.push(LimitProblem::ZeroOrNegative);
        return Quote {
            give,
            get: Decimal::ZERO,
            approximate: false,
            problems,
        };
    }
    let (get, approximate) = match compute_get(dir, &give) {
        Outcome::Get { get, approximate } => (get, approximate),
        Outcome::FeesExceed { approximate } => {
            problems.push(LimitProblem::FeesExceedAmount);
            (Decimal::ZERO, approximate)
        }
        Outcome::Overflow => {
            problems.push(LimitProblem::TooLarge);
            (Decimal::ZERO, false)
        }
    };
    check_limits(dir, &give, &get, &mut problems);
    Quote {
        give,
        get,
        approximate,
        problems,
    }
}

/// Received amount for `give` (already at `from` precision), `None` when nothing is received.
fn get_for(dir: &Direction, give: &Decimal) -> Option<Decimal> {
    match compute_get(dir, give) {
        Outcome::Get { get, .. } => Some(get),
        _ => None,
    }
}

/// Analytic estimate of the give amount that yields `target`, with the fees that apply at
/// `at` (Up-rounded throughout); `None` when fees take everything or on overflow.
fn estimate_give(dir: &Direction, target: &Decimal, at: &Decimal) -> Option<Decimal> {
    let fees = fees_for(dir, at);
    let scale = work_scale(precision_for(&dir.from).max(precision_for(&dir.to)));
    let keep = |p: &Decimal| Decimal::HUNDRED.checked_sub(p).filter(|k| k.is_positive());
    // received = X * (1 - p/100) - f  =>  X = (received + f) * 100 / (100 - p)
    let x = target
        .checked_add(&fees.to.fixed)?
        .checked_mul(&Decimal::HUNDRED, Rounding::Up)?;
    let x = div_fit(&x, &keep(&fees.to.percent)?, scale, Rounding::Up)?;
    let exchanged = div_fit(
        &x.checked_mul(&dir.r#in, Rounding::Up)?,
        &dir.out,
        scale,
        Rounding::Up,
    )?;
    let g1 = exchanged
        .checked_add(&fees.from.fixed)?
        .checked_mul(&Decimal::HUNDRED, Rounding::Up)?;
    let g1 = div_fit(&g1, &keep(&fees.from.percent)?, scale, Rounding::Up)?;
    let g2 = exchanged.checked_add(&dir.min_fee.unwrap_or(Decimal::ZERO).max(Decimal::ZERO))?;
    Some(g1.max(g2))
}

/// The visitor types what they want to receive: the least they must give (rounded Up to the
/// `from` precision) and what that amount really yields (`get >= wanted` at the `to`
/// precision), with the same checks as [`quote_give`].
pub fn quote_get(dir: &Direction, get: Decimal) -> Quote {
    let from_precision = precision_for(&dir.from);
    let target = get.round_dp(precision_for(&dir.to), Rounding::Up);
    if !target.is_positive() {
        return Quote {
            give: Decimal::ZERO,
            get: Decimal::ZERO,
            approximate: false,
            problems: vec![LimitProblem::ZeroOrNegative],
        };
    }
    let failed = |problem| Quote {
        give: Decimal::ZERO,
        get: Decimal::ZERO,
        approximate: false,
        problems: vec![problem],
    };
    if !dir.r#in.is_positive() || !dir.out.is_positive() {
        return failed(LimitProblem::NoRate);
    }
    // Estimate with the base fees, then again with the fees at the estimate (steps).
    let Some(mut estimate) = estimate_give(dir, &target, &Decimal::ZERO) else {
        let base = fees_for(dir, &Decimal::ZERO);
        let all_taken =
            base.from.percent >= Decimal::HUNDRED || base.to.percent >= Decimal::HUNDRED;
        return failed(if all_taken {
            LimitProblem::FeesExceedAmount
        } else {
            LimitProblem::TooLarge
        });
    };
    for _ in 0..3 {
        match estimate_give(dir, &target, &estimate) {
            Some(next) if next != estimate => estimate = next,
            _ => break,
        }
    }
    let Some(est_units) = estimate
        .rescale(from_precision, Rounding::Up)
        .map(|d| d.mantissa())
    else {
        return failed(LimitProblem::TooLarge);
    };
    let ok = |units: i128| {
        Decimal::new(units, from_precision)
            .and_then(|g| get_for(dir, &g))
            .is_some_and(|g| g >= target)
    };
    // Find hi with ok(hi) by growing from the estimate, lo with !ok(lo) below it.
    let mut hi = est_units.max(1);
    let mut step: i128 = 1;
    let mut tries = 0;
    while !ok(hi) {
        tries += 1;
        if tries > 200 {
            return failed(LimitProblem::FeesExceedAmount);
        }
        hi = match hi.checked_add(step) {
            Some(v) => v,
            None => return failed(LimitProblem::TooLarge),
        };
        step = step.saturating_mul(2);
    }
    let mut lo = hi.saturating_sub(3).max(0);
    if lo > 0 && ok(lo) {
        lo = 0;
    }
    // Invariant: !ok(lo) (or lo == 0), ok(hi); find the least ok amount.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if ok(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    match Decimal::new(hi, from_precision) {
        Some(give) => quote_give(dir, give),
        None => failed(LimitProblem::TooLarge),
    }
}

/// The limits line shown up front: `"min 0.001 – max 13.89 BTC"`, `"мин. 0,001 – макс. 13,89 BTC"`,
/// plus `"; receive min 120 – max 1,200 CASHUSD"` for payout limits; empty when there are none.
/// A limit written in a third currency is shown as written, in its own unit (`"min 10 USD"`).
pub fn limits_text(dir: &Direction, lang: Lang) -> String {
    let (min_word, max_word, receive) = match lang {
        Lang::En => ("min", "max", "receive "),
        Lang::Ru => ("мин.", "макс.", "получение: "),
    };
    let positive = |v: Option<Decimal>| v.filter(|d| d.is_positive());
    // (value, unit, shown exactly as written): a feed-currency limit is rounded so that typing
    // it passes the check; a third-currency one is never checked, so it keeps every digit.
    let num = |v: &Decimal, code: &str, exact: bool, r| {
        if exact {
            format_with(v, 0, v.normalized().scale(), Rounding::Down, lang)
        } else {
            limit_number(v, code, r, lang)
        }
    };
    let range =
        |lo: Option<(Decimal, &str, bool)>, hi: Option<(Decimal, &str, bool)>| match (lo, hi) {
            (Some((lo, lc, le)), Some((hi, hc, he))) if lc.eq_ignore_ascii_case(hc) => {
                Some(format!(
                    "{min_word} {} – {max_word} {} {lc}",
                    num(&lo, lc, le, Rounding::Up),
                    num(&hi, hc, he, Rounding::Down)
                ))
            }
            (Some((lo, lc, le)), Some((hi, hc, he))) => Some(format!(
                "{min_word} {} {lc}, {max_word} {} {hc}",
                num(&lo, lc, le, Rounding::Up),
                num(&hi, hc, he, Rounding::Down)
            )),
            (Some((lo, lc, le)), None) => Some(format!(
                "{min_word} {} {lc}",
                num(&lo, lc, le, Rounding::Up)
            )),
            (None, Some((hi, hc, he))) => Some(format!(
                "{max_word} {} {hc}",
                num(&hi, hc, he, Rounding::Down)
            )),
            (None, None) => None,
        };
    fn with_unit<'d>(
        v: Option<Decimal>,
        unit: Option<&'d str>,
        from: &'d str,
    ) -> Option<(Decimal, &'d str, bool)> {
        v.filter(|d| d.is_positive()).map(|v| match unit {
            Some(u) => (v, u, true),
            None => (v, from, false),
        })
    }
    let from_part = range(
        with_unit(dir.min, dir.min_unit.as_deref(), &dir.from),
        with_unit(dir.max, dir.max_unit.as_deref(), &dir.from),
    );
    let in_to = |v: Option<Decimal>| positive(v).map(|v| (v, dir.to.as_str(), false));
    let to_part = range(in_to(dir.to_min), in_to(dir.to_max)).map(|t| format!("{receive}{t}"));
    match (from_part, to_part) {
        (Some(a), Some(b)) => format!("{a}; {b}"),
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => String::new(),
    }
}

/// A round default for fiat-like currencies, by the ISO code the code ends with.
fn round_fiat_amount(code: &str) -> i64 {
    let upper = code.to_ascii_uppercase();
    let iso = upper.get(upper.len().saturating_sub(3)..).unwrap_or("");
    match iso {
        "RUB" | "KGS" | "INR" => 10_000,
        "UAH" | "TRY" | "THB" => 5_000,
        "KZT" | "AMD" => 50_000,
        "UZS" => 1_000_000,
        "CNY" => 1_000,
        _ => 100,
    }
}

/// `value` cut to its first significant digit (`0.01739` -> `0.01`, `12345` -> `10000`).
fn first_digit(value: &Decimal) -> Decimal {
    let v = value.normalized();
    let mut m = v.mantissa();
    let mut factor: i128 = 1;
    while m.abs() >= 10 {
        m /= 10;
        factor *= 10;
    }
    m.checked_mul(factor)
        .and_then(|m| Decimal::new(m, v.scale()))
        .map_or(v, |d| d.normalized())
}

/// A sensible amount to prefill: the minimum order if set (or what yields the minimum payout),
/// else 1 unit of a crypto currency or a round fiat amount (100 USD, 10,000 RUB...). A round
/// default is lowered to fit the maximum order and the reserve (to one significant digit:
/// `0.01` BTC), but never below the minimum.
pub fn suggested_amount(dir: &Direction) -> Decimal {
    let precision = precision_for(&dir.from);
    let positive = |v: Option<Decimal>| v.filter(|d| d.is_positive());
    let min = dir
        .min_in_from()
        .map(|m| m.round_dp(precision, Rounding::Up));
    if let Some(min) = min {
        return min;
    }
    if let Some(to_min) = positive(dir.to_min) {
        let q = quote_get(dir, to_min);
        if q.give.is_positive() {
            return q.give;
        }
    }
    let mut amount = if precision > 2 {
        Decimal::ONE
    } else {
        Decimal::from_i64(round_fiat_amount(&dir.from))
    };
    if let Some(max) = dir
        .max_in_from()
        .map(|m| m.round_dp(precision, Rounding::Down))
    {
        if amount > max && max.is_positive() {
            amount = max;
        }
    }
    if let Some(reserve) = dir.reserve.filter(|r| r.is_positive()) {
        if quote_give(dir, amount).get > reserve {
            let fits = quote_get(dir, reserve).give;
            let round = first_digit(&fits).round_dp(precision, Rounding::Down);
            if round.is_positive() && round < amount {
                amount = round;
            }
        }
    }
    amount
}
