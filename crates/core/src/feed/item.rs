//! One feed item (XML element names or JSON keys) turned into directions: numbers, fees, flags.

use super::Out;
use crate::decimal::{Decimal, NumberError, Rounding};
use crate::model::{Direction, Fee, FeeSide, FeeStep, Floating, Skipped};
use std::borrow::Cow;

/// A number read from feed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount<'a> {
    /// The value.
    pub value: Decimal,
    /// A trailing currency token (`"USD"` in `"50 USD"`), when written.
    pub suffix: Option<&'a str>,
    /// True when a comma was read as the decimal point.
    pub decimal_comma: bool,
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Reads a feed number: trims whitespace (non-breaking too), strips a trailing currency token
/// (`0.5 LTC`, `50USD`), drops spaces between digit groups and accepts a comma as the decimal
/// point when there is no dot.
pub fn parse_amount(raw: &str) -> Result<Amount<'_>, NumberError> {
    let t = raw.trim_matches(is_space);
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let exponent = (c == b'e' || c == b'E')
            && i > 0
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1)
                .is_some_and(|n| n.is_ascii_digit() || *n == b'-' || *n == b'+');
        if c == 0xc2 && b.get(i + 1) == Some(&0xa0) {
            i += 2;
        } else if c.is_ascii_digit()
            || matches!(c, b'+' | b'-' | b'.' | b',' | b' ' | b'\t')
            || exponent
        {
            i += 1;
        } else {
            break;
        }
    }
    let rest = t[i..].trim_matches(is_space);
    let (number, suffix) = match rest.chars().next() {
        // A letter (ASCII, or any non-ASCII letter such as "руб"; no Unicode table needed).
        Some(c) if c.is_ascii_alphabetic() || c >= '\u{c0}' => {
            (t[..i].trim_matches(is_space), Some(rest))
        }
        _ => (t, None),
    };
    let mut decimal_comma = false;
    let cleaned: Cow<str> = if number
        .bytes()
        .any(|c| c == b',' || c == b' ' || c >= 0x80 || c == b'\t')
    {
        let mut s: String = number.chars().filter(|c| !is_space(*c)).collect();
        if s.contains(',') {
            if s.contains('.') || s.matches(',').count() > 1 {
                return Err(NumberError::Invalid(raw.to_string()));
            }
            s = s.replace(',', ".");
            decimal_comma = true;
        }
        Cow::Owned(s)
    } else {
        Cow::Borrowed(number)
    };
    let value = Decimal::parse(&cleaned).map_err(|e| match e {
        NumberError::Empty if suffix.is_some() => NumberError::Invalid(raw.to_string()),
        NumberError::Invalid(_) => NumberError::Invalid(raw.to_string()),
        other => other,
    })?;
    Ok(Amount {
        value,
        suffix,
        decimal_comma,
    })
}

/// Reads a fee in text notation: `1.5`, `1.5 USD`, `0.5%`, `1 USD, 0.5 %`, `0.5%, 1 USDT`.
/// `percent_hint` reads a bare number as a percentage (`type="%"`).
pub fn parse_fee(raw: &str, percent_hint: bool) -> Result<Fee, NumberError> {
    let mut fee = Fee::default();
    // One part (the common case): no splitting, no allocation.
    if !raw.contains([',', ';', '+']) {
        let part = raw.trim_matches(is_space);
        if !part.is_empty() {
            let (text, is_percent) = part
                .strip_suffix('%')
                .map_or((part, percent_hint), |p| (p, true));
            let value = parse_amount(text)?.value;
            *(if is_percent {
                &mut fee.percent
            } else {
                &mut fee.fixed
            }) = value;
        }
        return Ok(fee);
    }
    // Split on commas that separate parts, not on a decimal comma ("0,5%").
    let mut parts: Vec<Cow<str>> = Vec::new();
    for piece in raw.split([',', ';', '+']) {
        let joins = matches!(parts.last(), Some(prev) if prev.ends_with(|c: char| c.is_ascii_digit()))
            && piece.starts_with(|c: char| c.is_ascii_digit());
        match parts.last_mut() {
            Some(prev) if joins => {
                let p = prev.to_mut();
                p.push('.');
                p.push_str(piece);
            }
            _ => parts.push(Cow::Borrowed(piece)),
        }
    }
    for part in &parts {
        let part = part.trim_matches(is_space);
        if part.is_empty() {
            continue;
        }
        let (text, is_percent) = match part.strip_suffix('%') {
            Some(p) => (p, true),
            None => (part, percent_hint),
        };
        let value = parse_amount(text)?.value;
        let slot = if is_percent {
            &mut fee.percent
        } else {
            &mut fee.fixed
        };
        *slot = slot
            .checked_add(&value)
            .ok_or_else(|| NumberError::TooLarge(raw.to_string()))?;
    }
    Ok(fee)
}

/// Adds `b` into `a` (both parts), saturating silently on overflow (cannot happen for parsed
/// feed values).
pub fn add_fee(a: &mut Fee, b: &Fee) {
    a.percent = a.percent.checked_add(&b.percent).unwrap_or(a.percent);
    a.fixed = a.fixed.checked_add(&b.fixed).unwrap_or(a.fixed);
}

/// What an item field means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    From,
    To,
    In,
    Out,
    Amount,
    Min,
    Max,
    ToMin,
    ToMax,
    MinFee,
    FromFee,
    ToFee,
    Floating,
    Delay,
    Param,
    City,
    Step,
    Other,
}

/// Classifies an element name or JSON key (ASCII-case-insensitive, namespace prefix ignored).
/// The second value is true for names only XML v1.1 uses.
pub fn kind(name: &str) -> (Kind, bool) {
    let name = name.rsplit(':').next().unwrap_or(name);
    let mut buf = [0u8; 12];
    if name.len() > buf.len() {
        return (Kind::Other, false);
    }
    for (d, s) in buf.iter_mut().zip(name.bytes()) {
        *d = s.to_ascii_lowercase();
    }
    let lower = std::str::from_utf8(&buf[..name.len()]).unwrap_or("");
    match lower {
        "from" => (Kind::From, false),
        "to" => (Kind::To, false),
        "in" => (Kind::In, false),
        "out" => (Kind::Out, false),
        "amount" | "reserve" => (Kind::Amount, false),
        "minamount" | "min" => (Kind::Min, false),
        "maxamount" | "max" => (Kind::Max, false),
        "frommin" => (Kind::Min, true),
        "frommax" => (Kind::Max, true),
        "tomin" => (Kind::ToMin, true),
        "tomax" => (Kind::ToMax, true),
        "minfee" => (Kind::MinFee, false),
        "fromfee" | "infee" => (Kind::FromFee, false),
        "tofee" | "outfee" => (Kind::ToFee, false),
        "floating" => (Kind::Floating, false),
        "delay" => (Kind::Delay, false),
        "param" | "params" | "flags" => (Kind::Param, false),
        "city" | "cities" => (Kind::City, false),
        "step" => (Kind::Step, true),
        _ => (Kind::Other, false),
    }
}

/// The name a flag is stored under (lower-cased; Premium's `ident` is `verifying`); empty for
/// the words that mean "no flags" (`0`, `none`, `-`, `false`, `no`, `null`, empty).
pub fn flag_name(raw: &str) -> String {
    let f = raw.trim_matches(is_space).to_ascii_lowercase();
    match f.as_str() {
        "ident" => "verifying".to_string(),
        _ if falsy(&f) || ["none", "null", "-", "—", "–"].contains(&f.as_str()) => {
            String::new()
        }
        _ => f,
    }
}

/// True for a flag element's "set" value.
pub fn truthy(text: &str) -> bool {
    let t = text.trim_matches(is_space);
    t == "1" || t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("yes")
}

fn falsy(text: &str) -> bool {
    let t = text.trim_matches(is_space);
    t.is_empty() || t == "0" || t.eq_ignore_ascii_case("false") || t.eq_ignore_ascii_case("no")
}

/// The side a value's unit belongs to, for suffix checks.
#[derive(Clone, Copy)]
enum Unit {
    From,
    To,
}

/// A fatal problem with an item: the direction is dropped.
struct Fatal {
    field: &'static str,
    raw: Option<String>,
    reason: String,
}

/// Accumulates one item's fields, then yields its directions (one per city).
pub struct ItemBuilder {
    pub index: usize,
    from: Option<String>,
    to: Option<String>,
    r#in: Option<Decimal>,
    out: Option<Decimal>,
    reserve: Option<Decimal>,
    min: Option<Decimal>,
    max: Option<Decimal>,
    /// `min`/`max` written with a currency suffix other than `from` (kind, value, suffix,
    /// raw text); settled in [`ItemBuilder::finish`] once the codes and the rate are known.
    unit_limits: Vec<(Kind, Decimal, String, String)>,
    min_unit: Option<String>,
    max_unit: Option<String>,
    to_min: Option<Decimal>,
    to_max: Option<Decimal>,
    from_fee: Fee,
    to_fee: Fee,
    min_fee: Option<Decimal>,
    fee_steps: Vec<FeeStep>,
    /// The `<step>` each fee step came from (parallel to `fee_steps`).
    step_of: Vec<usize>,
    /// Amount ranges of the `<step>` elements seen.
    steps: Vec<(Option<Decimal>, Option<Decimal>)>,
    flags: Vec<String>,
    cities: Vec<String>,
    floating: Option<Floating>,
    delay: Option<Decimal>,
    fatal: Option<Fatal>,
    suffixes: Vec<(&'static str, String, Unit)>,
    /// True once a field only XML v1.1 uses was seen.
    pub v11: bool,
}

impl ItemBuilder {
    /// An empty item at position `index`.
    pub fn new(index: usize) -> ItemBuilder {
        ItemBuilder {
            index,
            from: None,
            to: None,
            r#in: None,
            out: None,
            reserve: None,
            min: None,
            max: None,
            unit_limits: Vec::new(),
            min_unit: None,
            max_unit: None,
            to_min: None,
            to_max: None,
            from_fee: Fee::default(),
            to_fee: Fee::default(),
            min_fee: None,
            fee_steps: Vec::new(),
            step_of: Vec::new(),
            steps: Vec::new(),
            flags: Vec::new(),
            cities: Vec::new(),
            floating: None,
            delay: None,
            fatal: None,
            suffixes: Vec::new(),
            v11: false,
        }
    }

    fn fail(&mut self, field: &'static str, raw: Option<&str>, reason: String) {
        if self.fatal.is_none() {
            self.fatal = Some(Fatal {
                field,
                raw: raw.map(str::to_string),
                reason,
            });
        }
    }

    fn warn(&self, out: &mut Out, field: &str, raw: &str, what: &str) {
        out.warnings
            .push(format!("item {}: {field} {raw:?}: {what}", self.index));
    }

    /// Reads a number with its suffix for `field`; reports and returns `None` when it is not one.
    fn amount<'r>(
        &mut self,
        out: &mut Out,
        field: &'static str,
        raw: &'r str,
    ) -> Option<Amount<'r>> {
        match parse_amount(raw) {
            Ok(a) => {
                if a.decimal_comma {
                    self.warn(out, field, raw, "comma read as the decimal point");
                }
                Some(a)
            }
            Err(e) => {
                if matches!(field, "in" | "out") {
                    self.fail(field, Some(raw), format!("{field} is not a number ({e})"));
                } else {
                    self.warn(out, field, raw, &format!("ignored: {e}"));
                }
                None
            }
        }
    }

    /// Reads a number for `field`; reports and returns `None` when it is not one.
    fn number(
        &mut self,
        out: &mut Out,
        field: &'static str,
        raw: &str,
        unit: Option<Unit>,
    ) -> Option<Decimal> {
        let a = self.amount(out, field, raw)?;
        match (a.suffix, unit) {
            (Some(s), Some(u)) => self.unit_of(out, field, raw, s, u, a.value),
            _ => Some(a.value),
        }
    }

    /// A min/max order in `from` (`minamount`/`frommin`, `maxamount`/`frommax`): 0 means "not
    /// set". A suffix that is not the from currency is settled in [`ItemBuilder::finish`].
    fn order_limit(&mut self, out: &mut Out, kind: Kind, raw: &str) {
        let field = if kind == Kind::Min { "min" } else { "max" };
        let Some(a) = self.amount(out, field, raw) else {
            return;
        };
        if a.value.is_negative() {
            self.warn(out, field, raw, "negative limit ignored");
            return;
        }
        if a.value.is_zero() {
            return;
        }
        match a.suffix {
            Some(s) if !self.from.as_deref().is_some_and(|c| units_match(c, s)) => {
                self.unit_limits
                    .push((kind, a.value, s.to_string(), raw.to_string()));
            }
            _ => self.merge_limit(kind, a.value),
        }
    }

    /// Merges a limit in `from`: the largest min, the smallest max.
    fn merge_limit(&mut self, kind: Kind, v: Decimal) {
        if kind == Kind::Min {
            self.min = Some(self.min.map_or(v, |m| m.max(v)));
        } else {
            self.max = Some(self.max.map_or(v, |m| m.min(v)));
        }
    }

    /// `v`, written in the direction's other currency, in the `unit` side's currency at the
    /// item's rate; `None` before the rate is known.
    fn at_rate(&self, v: Decimal, unit: Unit) -> Option<Decimal> {
        let (i, o) = (self.r#in?, self.out?);
        let (num, den) = match unit {
            Unit::From => (i, o),
            Unit::To => (o, i),
        };
        v.checked_mul(&num, Rounding::HalfUp)
            .and_then(|p| p.div_significant(&den, 16, Rounding::HalfUp))
    }

    /// Settles the limits written with a suffix other than `from`: the to currency is
    /// converted at the item's rate (as other fields are); a third currency is kept with its
    /// unit (`min_unit`/`max_unit`), never converted, unless the item also gives that limit in
    /// `from` (the one the amount can be checked against wins).
    fn settle_unit_limits(&mut self, out: &mut Out, pair: &str, from: &str, to: &str) {
        let pending = std::mem::take(&mut self.unit_limits);
        let mut third = Vec::new();
        for (kind, v, unit, raw) in pending {
            let field = if kind == Kind::Min { "min" } else { "max" };
            if units_match(from, &unit) {
                self.merge_limit(kind, v);
            } else if units_match(to, &unit) {
                match self.at_rate(v, Unit::From) {
                    Some(c) => {
                        let what = format!(
                            "{unit} is the currency of {to}; converted at the item's rate to {c} {from}"
                        );
                        self.warn(out, field, &raw, &what);
                        self.merge_limit(kind, c);
                    }
                    None => self.warn(out, field, &raw, "no rate to convert it; ignored"),
                }
            } else {
                third.push((kind, v, unit, raw));
            }
        }
        for (kind, v, unit, raw) in third {
            let field = if kind == Kind::Min { "min" } else { "max" };
            let (value, value_unit) = if kind == Kind::Min {
                (&mut self.min, &mut self.min_unit)
            } else {
                (&mut self.max, &mut self.max_unit)
            };
            let ignored = match (&*value, &*value_unit) {
                (Some(_), None) => Some(format!(
                    "the item also gives a {field} in {from}, which is kept"
                )),
                (Some(_), Some(u)) if !u.eq_ignore_ascii_case(&unit) => Some(format!(
                    "the item also gives a {field} in {u}, which is kept"
                )),
                _ => None,
            };
            if let Some(why) = ignored {
                out.warnings.push(format!(
                    "{pair}: {field} {raw:?} is in {unit}: ignored, {why}"
                ));
                continue;
            }
            let merged = match (*value, kind) {
                (Some(m), Kind::Min) => m.max(v),
                (Some(m), _) => m.min(v),
                (None, _) => v,
            };
            *value = Some(merged);
            *value_unit = Some(unit);
        }
        for (field, value, unit) in [
            ("min", self.min, &self.min_unit),
            ("max", self.max, &self.max_unit),
        ] {
            if let (Some(v), Some(u)) = (value, unit) {
                out.warnings.push(format!(
                    "{pair}: {field} \"{v} {u}\" is in neither {from} nor {to}: kept as written ({field}_unit), not converted and not checked against the amount"
                ));
            }
        }
    }

    /// A limit: positive, or `None` (0 means "not set"; negative is reported).
    fn limit(
        &mut self,
        out: &mut Out,
        field: &'static str,
        raw: &str,
        unit: Unit,
    ) -> Option<Decimal> {
        let v = self.number(out, field, raw, Some(unit))?;
        if v.is_negative() {
            self.warn(out, field, raw, "negative limit ignored");
            return None;
        }
        (!v.is_zero()).then_some(v)
    }

    /// Keeps a currency suffix for the check in [`ItemBuilder::finish`], unless it already
    /// matches the known code (the common case: no allocation).
    fn note_suffix(&mut self, field: &'static str, suffix: &str, unit: Unit) {
        let code = match unit {
            Unit::From => self.from.as_deref(),
            Unit::To => self.to.as_deref(),
        };
        if !code.is_some_and(|c| units_match(c, suffix)) {
            self.suffixes.push((field, suffix.to_string(), unit));
        }
    }

    /// A value written with a currency suffix, in the field's unit. The field's own currency
    /// (`50 USD` on `PMUSD`): as is. The direction's other currency (`5 RUB` as the minfee of
    /// BTC->SBERRUB): converted at the item's rate, reported. An unrelated currency: a limit or
    /// reserve is ignored (its unit is unknown), a fee kept as written (never understated);
    /// both reported. Codes or rate not known yet: checked again at the end.
    fn unit_of(
        &mut self,
        out: &mut Out,
        field: &'static str,
        raw: &str,
        suffix: &str,
        unit: Unit,
        v: Decimal,
    ) -> Option<Decimal> {
        let (own, other) = match unit {
            Unit::From => (self.from.as_deref(), self.to.as_deref()),
            Unit::To => (self.to.as_deref(), self.from.as_deref()),
        };
        let (Some(own), Some(other)) = (own, other) else {
            self.note_suffix(field, suffix, unit);
            return Some(v);
        };
        if units_match(own, suffix) {
            return Some(v);
        }
        if units_match(other, suffix) {
            if let Some(c) = self.at_rate(v, unit) {
                let what = format!(
                    "{suffix} is the currency of {other}; converted at the item's rate to {c} {own}"
                );
                self.warn(out, field, raw, &what);
                return Some(c);
            }
            self.note_suffix(field, suffix, unit);
            return Some(v);
        }
        if matches!(field, "amount" | "tomin" | "tomax") {
            let what = format!("{suffix:?} is neither {own} nor {other}; value ignored");
            self.warn(out, field, raw, &what);
            None
        } else {
            let what = format!("{suffix:?} is neither {own} nor {other}; value used as {own}");
            self.warn(out, field, raw, &what);
            Some(v)
        }
    }

    /// Records a field given as text. `ty` is a fee's `type` attribute; `step` the fee step it
    /// belongs to (XML `<step>`), as an index into the item's steps.
    pub fn text(
        &mut self,
        out: &mut Out,
        kind: Kind,
        name: &str,
        raw: &str,
        ty: Option<&str>,
        step: Option<usize>,
    ) {
        match kind {
            Kind::From => self.from = code(raw),
            Kind::To => self.to = code(raw),
            Kind::In => self.r#in = self.number(out, "in", raw, Some(Unit::From)),
            Kind::Out => self.out = self.number(out, "out", raw, Some(Unit::To)),
            Kind::Amount => {
                if raw.trim_matches(is_space).is_empty() {
                    return;
                }
                match self.number(out, "amount", raw, Some(Unit::To)) {
                    Some(v) if v.is_negative() => {
                        self.warn(out, "amount", raw, "negative reserve ignored")
                    }
                    v => self.reserve = v.or(self.reserve),
                }
            }
            Kind::Min | Kind::Max => self.order_limit(out, kind, raw),
            Kind::ToMin => {
                if let Some(v) = self.limit(out, "tomin", raw, Unit::To) {
                    self.to_min = Some(self.to_min.map_or(v, |m| m.max(v)));
                }
            }
            Kind::ToMax => {
                if let Some(v) = self.limit(out, "tomax", raw, Unit::To) {
                    self.to_max = Some(self.to_max.map_or(v, |m| m.min(v)));
                }
            }
            Kind::MinFee => {
                if let Some(v) = self.limit(out, "minfee", raw, Unit::From) {
                    self.min_fee = Some(self.min_fee.map_or(v, |m| m.max(v)));
                }
            }
            Kind::FromFee | Kind::ToFee => {
                let side = if kind == Kind::FromFee {
                    FeeSide::From
                } else {
                    FeeSide::To
                };
                let field = if side == FeeSide::From {
                    "fromfee"
                } else {
                    "tofee"
                };
                let percent_hint = match ty.map(str::trim) {
                    None | Some("") => false,
                    Some(t) if t == "%" || t.eq_ignore_ascii_case("percent") => true,
                    Some(t)
                        if ["abs", "fixed", "fix", "amount"]
                            .iter()
                            .any(|k| t.eq_ignore_ascii_case(k)) =>
                    {
                        false
                    }
                    Some(t) => {
                        self.warn(
                            out,
                            field,
                            raw,
                            &format!("unknown fee type {t:?}; read by its text"),
                        );
                        false
                    }
                };
                match parse_fee(raw, percent_hint) {
                    Ok(fee) => {
                        if let Some(s) = fee_suffix(raw) {
                            let unit = if side == FeeSide::From {
                                Unit::From
                            } else {
                                Unit::To
                            };
                            self.note_suffix(field, s, unit);
                        }
                        self.fee(out, side, fee, step);
                    }
                    Err(e) => self.warn(out, field, raw, &format!("ignored: {e}")),
                }
            }
            Kind::Floating => {
                let t = raw.trim_matches(is_space);
                if truthy(t) && !t.starts_with('1') {
                    self.flag("floating");
                } else if let Some(p) = t.strip_suffix('%') {
                    if let Some(v) = self.number(out, "floating", p, None) {
                        self.floating
                            .get_or_insert(Floating {
                                minutes: None,
                                percent: None,
                            })
                            .percent = Some(v);
                    }
                } else if !t.is_empty() {
                    if let Some(v) = self.number(out, "floating", t, None) {
                        self.floating
                            .get_or_insert(Floating {
                                minutes: None,
                                percent: None,
                            })
                            .minutes = Some(v);
                    }
                }
            }
            Kind::Delay => {
                let t = raw.trim_matches(is_space);
                if t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("yes") {
                    self.flag("delay");
                } else if !falsy(t) {
                    self.delay = self.number(out, "delay", t, None).or(self.delay);
                }
            }
            Kind::Param => {
                // Flags are single words: commas, semicolons or spaces separate them.
                for f in raw.split(|c: char| c == ',' || c == ';' || is_space(c)) {
                    if !f.trim_matches(is_space).is_empty() {
                        self.flag(f);
                    }
                }
            }
            Kind::City => {
                for c in raw.split(',') {
                    let c = c.trim_matches(is_space);
                    if !c.is_empty() && !self.cities.iter().any(|x| x == c) {
                        self.cities.push(c.to_string());
                    }
                }
            }
            Kind::Step => {}
            Kind::Other => {
                if truthy(raw) {
                    self.flag(name);
                }
            }
        }
    }

    /// Floating given as separate minutes/percent values (XML attributes, JSON object).
    pub fn floating(&mut self, out: &mut Out, minutes: Option<&str>, percent: Option<&str>) {
        let m = minutes
            .filter(|s| !s.trim().is_empty())
            .and_then(|s| self.number(out, "floating minutes", s, None));
        let p = percent
            .map(|s| s.trim().trim_end_matches('%'))
            .filter(|s| !s.is_empty())
            .and_then(|s| self.number(out, "floating percent", s, None));
        if m.is_some() || p.is_some() {
            let f = self.floating.get_or_insert(Floating {
                minutes: None,
                percent: None,
            });
            f.minutes = m.or(f.minutes);
            f.percent = p.or(f.percent);
        }
    }

    /// Adds a fee part to the side, or to step `step`.
    pub fn fee(&mut self, out: &mut Out, side: FeeSide, fee: Fee, step: Option<usize>) {
        if fee.percent.is_negative() || fee.fixed.is_negative() {
            let field = if side == FeeSide::From {
                "fromfee"
            } else {
                "tofee"
            };
            out.warnings.push(format!(
                "item {}: {field}: negative fee ignored",
                self.index
            ));
            return;
        }
        match step {
            Some(i) => {
                let Some(&(from_min, from_max)) = self.steps.get(i) else {
                    return;
                };
                let existing = self
                    .step_of
                    .iter()
                    .zip(&self.fee_steps)
                    .position(|(&id, s)| id == i && s.side == side);
                match existing {
                    Some(j) => add_fee(&mut self.fee_steps[j].fee, &fee),
                    None => {
                        self.fee_steps.push(FeeStep {
                            from_min,
                            from_max,
                            side,
                            fee,
                        });
                        self.step_of.push(i);
                    }
                }
            }
            None => add_fee(
                if side == FeeSide::From {
                    &mut self.from_fee
                } else {
                    &mut self.to_fee
                },
                &fee,
            ),
        }
    }

    /// Opens a `<step>` amount range; returns its index for [`ItemBuilder::text`].
    pub fn step(&mut self, out: &mut Out, from_min: Option<&str>, from_max: Option<&str>) -> usize {
        let lo = from_min.and_then(|s| self.limit(out, "step frommin", s, Unit::From));
        let hi = from_max.and_then(|s| self.limit(out, "step frommax", s, Unit::From));
        self.steps.push((lo, hi));
        self.steps.len() - 1
    }

    /// Adds a flag (kept once, in order).
    pub fn flag(&mut self, raw: &str) {
        let f = flag_name(raw);
        if !f.is_empty() && !self.flags.contains(&f) {
            self.flags.push(f);
        }
    }

    /// Sets the reserve when the item did not give one.
    pub fn default_reserve(&mut self, reserve: Option<Decimal>) {
        if self.reserve.is_none() {
            self.reserve = reserve;
        }
    }

    /// Whether the item gave its own lower/upper order limit (in `from` or another unit).
    pub fn has_limits(&self) -> (bool, bool) {
        let written = |k: Kind| self.unit_limits.iter().any(|(kind, ..)| *kind == k);
        (
            self.min.is_some() || written(Kind::Min),
            self.max.is_some() || written(Kind::Max),
        )
    }

    /// Sets the city when the item gave none (a cash desk told apart by its currency id).
    pub fn default_city(&mut self, city: &str) {
        if self.cities.is_empty() {
            self.cities.push(city.to_string());
        }
    }

    /// Sets the codes directly (JSON formats that key directions by id or `FROM_TO`).
    pub fn codes(&mut self, from: Option<&str>, to: Option<&str>) {
        if self.from.is_none() {
            self.from = from.and_then(code);
        }
        if self.to.is_none() {
            self.to = to.and_then(code);
        }
    }

    /// Sets the rate directly.
    pub fn rate(&mut self, r#in: Decimal, out: Decimal) {
        self.r#in = Some(r#in);
        self.out = Some(out);
    }

    /// True once the item is known to be unusable.
    pub fn rejected(&self) -> bool {
        self.fatal.is_some()
    }

    /// Marks the item unusable.
    pub fn reject(&mut self, field: &'static str, raw: Option<&str>, reason: String) {
        self.fail(field, raw, reason);
    }

    /// Ends the item: its directions go to `out`, or it is reported in `out.skipped`.
    pub fn finish(mut self, out: &mut Out) {
        let problem = if let Some(f) = self.fatal.take() {
            Some(f)
        } else if self.from.is_none() {
            Some(Fatal {
                field: "from",
                raw: None,
                reason: "missing the from currency code".into(),
            })
        } else if self.to.is_none() {
            Some(Fatal {
                field: "to",
                raw: None,
                reason: "missing the to currency code".into(),
            })
        } else {
            [("in", self.r#in), ("out", self.out)]
                .into_iter()
                .find_map(|(field, v)| match v {
                    None => Some(Fatal {
                        field,
                        raw: None,
                        reason: format!("missing {field}"),
                    }),
                    Some(v) if v.is_zero() => Some(Fatal {
                        field,
                        raw: Some(v.to_string()),
                        reason: format!("{field} is zero: no rate"),
                    }),
                    Some(v) if v.is_negative() => Some(Fatal {
                        field,
                        raw: Some(v.to_string()),
                        reason: format!("{field} is negative"),
                    }),
                    _ => None,
                })
        };
        if let Some(p) = problem {
            out.skipped.push(Skipped {
                index: self.index,
                field: Some(p.field.to_string()),
                raw: p.raw,
                reason: p.reason,
            });
            return;
        }
        let (Some(from), Some(to), Some(r#in), Some(o)) =
            (self.from.take(), self.to.take(), self.r#in, self.out)
        else {
            return;
        };
        let pair = format!("item {} ({from}->{to})", self.index);
        if from.eq_ignore_ascii_case(&to) {
            out.skipped.push(Skipped {
                index: self.index,
                field: Some("to".into()),
                raw: Some(to.clone()),
                reason: "from and to are the same currency".into(),
            });
            return;
        }
        self.settle_unit_limits(out, &pair, &from, &to);
        for (field, suffix, unit) in &self.suffixes {
            let c = match unit {
                Unit::From => &from,
                Unit::To => &to,
            };
            if !units_match(c, suffix) {
                out.warnings.push(format!(
                    "{pair}: {field} is written in {suffix:?}, which is not {c}; value used as {c}"
                ));
            }
        }
        let mut d = Direction::new(from, to, r#in, o);
        d.reserve = self.reserve;
        d.min = self.min;
        d.max = self.max;
        d.min_unit = self.min_unit;
        d.max_unit = self.max_unit;
        d.to_min = self.to_min;
        d.to_max = self.to_max;
        d.from_fee = self.from_fee;
        d.to_fee = self.to_fee;
        d.min_fee = self.min_fee;
        d.fee_steps = self.fee_steps;
        d.flags = self.flags;
        d.floating = self.floating;
        d.delay = self.delay;
        if d.min_above_max() {
            out.warnings.push(format!(
                "{pair}: min is above max; limits kept, marked inconsistent"
            ));
        }
        if d.to_min_above_to_max() {
            out.warnings.push(format!(
                "{pair}: tomin is above tomax; limits kept, marked inconsistent"
            ));
        }
        if self.cities.is_empty() {
            out.push(d, self.index);
        } else {
            for city in self.cities {
                let mut copy = d.clone();
                copy.city = Some(city);
                out.push(copy, self.index);
            }
        }
    }
}

/// A currency code: trimmed, `None` when empty.
fn code(raw: &str) -> Option<String> {
    let c = raw.trim_matches(is_space);
    (!c.is_empty()).then(|| c.to_string())
}

/// The currency token of a fee text, if any (`"1 USD, 0.5 %"` -> `USD`).
fn fee_suffix(raw: &str) -> Option<&str> {
    raw.split([',', ';', '+'])
        .filter(|p| !p.trim().ends_with('%'))
        .find_map(|p| parse_amount(p).ok().and_then(|a| a.suffix))
}

/// True when a suffix names the field's currency: the code itself, a part of it (`USD` on
/// `PMUSD`, `USDT` on `USDTTRC20`) or the code a part of the suffix.
fn units_match(code: &str, suffix: &str) -> bool {
    let contains = |hay: &str, needle: &str| {
        hay.as_bytes()
            .windows(needle.len().max(1))
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    contains(code, suffix)
        || contains(suffix, code)
        || (suffix.eq_ignore_ascii_case("RUR") && contains(code, "RUB"))
}
