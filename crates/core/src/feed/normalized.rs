//! ratelink's normalized JSON (what `inspect --json` prints and the relay serves), both ways.

use crate::currency::{Category, CurrencyInfo};
use crate::decimal::Decimal;
use crate::json::{write_str, JsonError, Parser, Value};
use crate::model::{
    Direction, Fee, FeeSide, FeeStep, Feed, FeedFormat, FeedStatus, Floating, Skipped,
};
use std::borrow::Cow;

/// How much a writer puts in: everything, or only what a reader cannot rebuild.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `inspect --json`: every field, absent ones `null`/`[]`, the derived `rate`.
    Full,
    /// `/feeds/{name}`: absent fields and `rate` left out (readers treat missing as `null` and
    /// compute `rate` = `out`/`in`).
    Lean,
}

fn num(s: &mut String, d: Decimal) {
    s.push('"');
    s.push_str(&d.normalized().to_string());
    s.push('"');
}

/// Writes `,"k":` (or `"k":` right after an opening brace).
fn key(s: &mut String, k: &str) {
    if !s.ends_with('{') {
        s.push(',');
    }
    s.push('"');
    s.push_str(k);
    s.push_str("\":");
}

/// A decimal field: `null` when absent in the full shape, left out in the lean one.
fn opt_num(s: &mut String, shape: Shape, k: &str, v: Option<Decimal>) {
    match v {
        Some(d) => {
            key(s, k);
            num(s, d);
        }
        None if shape == Shape::Full => {
            key(s, k);
            s.push_str("null");
        }
        None => {}
    }
}

/// A list field, written by `item` for each element; left out when empty in the lean shape.
fn list<T>(s: &mut String, shape: Shape, k: &str, v: &[T], item: impl Fn(&mut String, &T)) {
    if v.is_empty() && shape == Shape::Lean {
        return;
    }
    key(s, k);
    s.push('[');
    for (i, x) in v.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        item(s, x);
    }
    s.push(']');
}

fn fee(s: &mut String, shape: Shape, f: &Fee) {
    s.push('{');
    for (k, v) in [("percent", f.percent), ("fixed", f.fixed)] {
        if shape == Shape::Full || !v.is_zero() {
            key(s, k);
            num(s, v);
        }
    }
    s.push('}');
}

fn direction(s: &mut String, shape: Shape, d: &Direction) {
    s.push_str("{\"from\":");
    write_str(s, &d.from);
    key(s, "to");
    write_str(s, &d.to);
    for (k, v) in [("in", d.r#in), ("out", d.out)] {
        key(s, k);
        num(s, v);
    }
    if shape == Shape::Full {
        opt_num(s, shape, "rate", d.rate());
    }
    opt_num(s, shape, "reserve", d.reserve);
    opt_num(s, shape, "min", d.min);
    opt_num(s, shape, "max", d.max);
    list(s, shape, "flags", &d.flags, |s, f| write_str(s, f));
    match (&d.city, shape) {
        (Some(city), _) => {
            key(s, "city");
            write_str(s, city);
        }
        (None, Shape::Full) => {
            key(s, "city");
            s.push_str("null");
        }
        (None, Shape::Lean) => {}
    }
    opt_num(s, shape, "to_min", d.to_min);
    opt_num(s, shape, "to_max", d.to_max);
    for (k, f) in [("from_fee", &d.from_fee), ("to_fee", &d.to_fee)] {
        if !f.is_zero() {
            key(s, k);
            fee(s, shape, f);
        } else if shape == Shape::Full {
            key(s, k);
            s.push_str("null");
        }
    }
    opt_num(s, shape, "min_fee", d.min_fee);
    list(s, shape, "fee_steps", &d.fee_steps, |s, st| {
        s.push('{');
        opt_num(s, shape, "from_min", st.from_min);
        opt_num(s, shape, "from_max", st.from_max);
        key(s, "side");
        s.push_str(if st.side == FeeSide::From {
            "\"from\""
        } else {
            "\"to\""
        });
        for (k, v) in [("percent", st.fee.percent), ("fixed", st.fee.fixed)] {
            if shape == Shape::Full || !v.is_zero() {
                key(s, k);
                num(s, v);
            }
        }
        s.push('}');
    });
    match &d.floating {
        Some(f) => {
            key(s, "floating");
            s.push('{');
            opt_num(s, shape, "minutes", f.minutes);
            opt_num(s, shape, "percent", f.percent);
            s.push('}');
        }
        None if shape == Shape::Full => {
            key(s, "floating");
            s.push_str("null");
        }
        None => {}
    }
    opt_num(s, shape, "delay", d.delay);
    // Optional fields, written only when present (both shapes).
    for (k, v) in [("min_unit", &d.min_unit), ("max_unit", &d.max_unit)] {
        if let Some(unit) = v {
            key(s, k);
            write_str(s, unit);
        }
    }
    s.push('}');
}

/// `"names":{"BTC":{"en":"Bitcoin","ru":"Биткоин","category":"crypto"},...}`, most common
/// first; `ru` left out when it equals `en`, `network` when there is none.
fn names(s: &mut String, names: &[CurrencyInfo]) {
    key(s, "names");
    names_object(s, names);
}

/// The object of [`names`], without its key.
fn names_object(s: &mut String, names: &[CurrencyInfo]) {
    s.push('{');
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        write_str(s, &n.code);
        s.push_str(":{\"en\":");
        write_str(s, &n.name_en);
        if n.name_ru != n.name_en {
            key(s, "ru");
            write_str(s, &n.name_ru);
        }
        if let Some(net) = &n.network {
            key(s, "network");
            write_str(s, net);
        }
        key(s, "category");
        write_str(s, n.category.as_str());
        s.push('}');
    }
    s.push('}');
}

fn write(feed: &Feed, extra: &[(&str, String)], shape: Shape) -> String {
    let per_direction = if shape == Shape::Full { 420 } else { 160 };
    let mut s = String::with_capacity(256 + feed.directions.len() * per_direction);
    s.push_str("{\"format\":");
    write_str(&mut s, feed.format.as_str());
    key(&mut s, "status");
    write_str(&mut s, feed.status.as_str());
    key(&mut s, "directions");
    s.push('[');
    for (i, d) in feed.directions.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        direction(&mut s, shape, d);
    }
    s.push(']');
    // Always written, even empty: partners' scripts read these two lists.
    list(&mut s, Shape::Full, "skipped", &feed.skipped, |s, sk| {
        s.push_str("{\"index\":");
        s.push_str(&sk.index.to_string());
        key(s, "reason");
        write_str(s, &sk.reason);
        for (k, v) in [("field", &sk.field), ("raw", &sk.raw)] {
            match v {
                Some(t) => {
                    key(s, k);
                    write_str(s, t);
                }
                None if shape == Shape::Full => {
                    key(s, k);
                    s.push_str("null");
                }
                None => {}
            }
        }
        s.push('}');
    });
    list(&mut s, Shape::Full, "warnings", &feed.warnings, |s, w| {
        write_str(s, w)
    });
    names(&mut s, &feed.names);
    for (k, v) in extra {
        s.push(',');
        write_str(&mut s, k);
        s.push(':');
        s.push_str(v);
    }
    s.push('}');
    s
}

/// Writes a feed as ratelink's normalized JSON in full (what `inspect --json` prints): every
/// field of every direction, absent values `null` or `[]`, the derived `rate`, every number a
/// normalized decimal string, output deterministic. `extra` fields (e.g.
/// `("fetched_at", "\"2026-11-22T03:00:00Z\"")`, `("stale", "false")`) are appended to the
/// top-level object as already-encoded JSON values.
pub fn to_normalized_json(feed: &Feed, extra: &[(&str, String)]) -> String {
    write(feed, extra, Shape::Full)
}

/// Writes a feed as the relay serves it at `/feeds/{name}`: the shape of
/// [`to_normalized_json`] without what a reader rebuilds. Absent fields are left out (a missing
/// field reads as `null`, a missing list as `[]`), so are the derived `rate` (`out`/`in`) and
/// zero fee parts. [`parse_normalized`](super::parse_normalized) reads
/// both shapes to the same feed.
pub fn to_feed_json(feed: &Feed, extra: &[(&str, String)]) -> String {
    write(feed, extra, Shape::Lean)
}

/// Appends one direction to `out` exactly as [`to_feed_json`] writes it inside `directions`,
/// for writers that merge several feeds' directions (the relay's `/compare`).
pub fn write_lean_direction(out: &mut String, d: &Direction) {
    direction(out, Shape::Lean, d);
}

/// Appends a `names` object (`{"BTC":{"en":…},…}`, in the order given) to `out`, exactly as
/// [`to_feed_json`] writes a feed's `names`.
pub fn write_names(out: &mut String, names: &[CurrencyInfo]) {
    names_object(out, names);
}

/// A decimal field: a number, or a string holding one (see [`Value::as_decimal`]).
fn dec(v: Option<&Value>) -> Option<Decimal> {
    match v? {
        Value::String(s) => plain_decimal(s).or_else(|| Decimal::parse(s.trim()).ok()),
        Value::Number(n) => plain_decimal(n).or_else(|| Decimal::parse(n).ok()),
        _ => None,
    }
}

/// The common case of [`Decimal::parse`] without its 128-bit arithmetic per digit (a library
/// call each in wasm): an optional sign, then at most 19 digits with at most one point, nothing
/// else. `None` for any other text, which `Decimal::parse` then reads (to the same value).
fn plain_decimal(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let mut mantissa: u64 = 0;
    let mut count = 0u32;
    let mut point: Option<u32> = None;
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                // 19 digits always fit a u64 (u64::MAX has 20).
                count += 1;
                if count > 19 {
                    return None;
                }
                mantissa = mantissa * 10 + u64::from(b - b'0');
            }
            b'.' if point.is_none() => point = Some(count),
            _ => return None,
        }
    }
    if count == 0 {
        return None;
    }
    let scale = count - point.unwrap_or(count);
    let mantissa = i128::from(mantissa);
    Decimal::new(if negative { -mantissa } else { mantissa }, scale)
}

/// A direction member as [`read_fields`] reads it: the text of a plain `"..."` string (what the
/// direct reader meets most, kept without building a [`Value`]), or any value.
#[derive(Clone, Copy)]
enum Member<'v, 'a> {
    Text(&'v str),
    Value(&'v Value<'a>),
}

impl<'v> Member<'v, '_> {
    /// The string, as [`Value::as_str`] gives it.
    fn text(self) -> Option<&'v str> {
        match self {
            Member::Text(s) => Some(s),
            Member::Value(v) => v.as_str(),
        }
    }

    /// The value when it may hold more than text (a string has no members or items).
    fn nested(self) -> Option<&'v Value<'v>> {
        match self {
            Member::Text(_) => None,
            Member::Value(v) => Some(v),
        }
    }

    /// The decimal, as [`dec`] reads it.
    fn decimal(self) -> Option<Decimal> {
        match self {
            Member::Text(s) => plain_decimal(s).or_else(|| Decimal::parse(s.trim()).ok()),
            Member::Value(v) => dec(Some(v)),
        }
    }
}

fn read_fee(v: Option<&Value>) -> Fee {
    match v {
        Some(f) if f.as_object().is_some() => Fee {
            percent: dec(f.get("percent")).unwrap_or_default(),
            fixed: dec(f.get("fixed")).unwrap_or_default(),
        },
        _ => Fee::default(),
    }
}

/// The members of a direction that [`read_fields`] reads, by slot (see the `F_*` constants).
const FIELDS: [&str; 19] = [
    "from",
    "to",
    "in",
    "out",
    "reserve",
    "min",
    "max",
    "min_unit",
    "max_unit",
    "to_min",
    "to_max",
    "from_fee",
    "to_fee",
    "min_fee",
    "flags",
    "city",
    "fee_steps",
    "floating",
    "delay",
];
const F_FROM: usize = 0;
const F_TO: usize = 1;
const F_IN: usize = 2;
const F_OUT: usize = 3;
const F_RESERVE: usize = 4;
const F_MIN: usize = 5;
const F_MAX: usize = 6;
const F_MIN_UNIT: usize = 7;
const F_MAX_UNIT: usize = 8;
const F_TO_MIN: usize = 9;
const F_TO_MAX: usize = 10;
const F_FROM_FEE: usize = 11;
const F_TO_FEE: usize = 12;
const F_MIN_FEE: usize = 13;
const F_FLAGS: usize = 14;
const F_CITY: usize = 15;
const F_FEE_STEPS: usize = 16;
const F_FLOATING: usize = 17;
const F_DELAY: usize = 18;

/// The slot of a direction member's name in [`FIELDS`].
fn slot(key: &str) -> Option<usize> {
    // Byte-string patterns: a length switch and word compares, no search over the names.
    Some(match key.as_bytes() {
        b"from" => F_FROM,
        b"to" => F_TO,
        b"in" => F_IN,
        b"out" => F_OUT,
        b"reserve" => F_RESERVE,
        b"min" => F_MIN,
        b"max" => F_MAX,
        b"min_unit" => F_MIN_UNIT,
        b"max_unit" => F_MAX_UNIT,
        b"to_min" => F_TO_MIN,
        b"to_max" => F_TO_MAX,
        b"from_fee" => F_FROM_FEE,
        b"to_fee" => F_TO_FEE,
        b"min_fee" => F_MIN_FEE,
        b"flags" => F_FLAGS,
        b"city" => F_CITY,
        b"fee_steps" => F_FEE_STEPS,
        b"floating" => F_FLOATING,
        b"delay" => F_DELAY,
        _ => return None,
    })
}

/// Reads one direction of the `directions` list (a JSON object; anything else is skipped as
/// "missing from"). Unknown members are ignored, a missing one reads as `null`.
pub(crate) fn read_direction(v: &Value) -> Result<Direction, &'static str> {
    read_fields(Members::Tree(v))
}

/// A direction's members, by slot (see the `F_*` constants) through [`Members::get`].
// Looked up per slot rather than gathered into an array first: an array of 19 members built per
// direction (`array::from_fn`, a loop at the widget's `opt-level = "z"`) was ~6 % of a read.
#[derive(Clone, Copy)]
enum Members<'v, 'a> {
    /// The members of an object of the parsed tree ([`Value::get`]: the first of a name).
    Tree(&'v Value<'a>),
    /// The members the direct reader kept.
    Fields(&'v DirectionFields<'a>),
}

impl<'v, 'a> Members<'v, 'a> {
    /// The member in slot `i`.
    fn get(self, i: usize) -> Option<Member<'v, 'a>> {
        match self {
            Members::Tree(v) => v.get(FIELDS[i]).map(Member::Value),
            Members::Fields(f) if f.plain & (1 << i) != 0 => Some(Member::Text(f.text[i])),
            Members::Fields(f) => f.known[i].as_ref().map(Member::Value),
        }
    }
}

/// The direction whose members `known` gives by slot (the first member of each name).
// The tree reader's and `DirectionFields::direction`'s (the widget's reader fills in place, see
// `push_to`); not inlined into either.
#[inline(never)]
fn read_fields(known: Members) -> Result<Direction, &'static str> {
    let mut d = required(known)?;
    fill(&mut d, known);
    Ok(d)
}

/// The direction's codes and rate (`from`, `to`, `in`, `out`), every other field unset; or why
/// the direction is skipped (the first of those four that is missing or wrong).
fn required(known: Members) -> Result<Direction, &'static str> {
    let get = |i: usize| known.get(i);
    let dec = |i| get(i).and_then(Member::decimal);
    let from = get(F_FROM).and_then(Member::text).ok_or("missing from")?;
    let to = get(F_TO).and_then(Member::text).ok_or("missing to")?;
    let r#in = dec(F_IN)
        .filter(Decimal::is_positive)
        .ok_or("in missing or not positive")?;
    let out = dec(F_OUT)
        .filter(Decimal::is_positive)
        .ok_or("out missing or not positive")?;
    Ok(Direction::new(from, to, r#in, out))
}

/// Sets the fields of `d` after the four [`required`] ones from the members `known` gives.
// Fills a direction where it already lies (the widget's reader: in its `Vec`), so the big
// struct is not moved again after it is filled.
fn fill(d: &mut Direction, known: Members) {
    match known {
        // Only the slots that hold a member: `Direction::new` left every other field as an
        // absent member reads (`None`, no fee, no list).
        Members::Fields(f) => {
            let mut set = f.set & !REQUIRED;
            while set != 0 {
                let i = set.trailing_zeros() as usize;
                set &= set - 1;
                if let Some(m) = known.get(i) {
                    fill_slot(d, i, m);
                }
            }
        }
        Members::Tree(_) => {
            for i in F_RESERVE..FIELDS.len() {
                if let Some(m) = known.get(i) {
                    fill_slot(d, i, m);
                }
            }
        }
    }
}

/// The slots [`required`] reads.
const REQUIRED: u32 = 1 << F_FROM | 1 << F_TO | 1 << F_IN | 1 << F_OUT;

/// Sets the field of slot `i` (one after the [`REQUIRED`] ones) from its member `m`.
// A match per slot present rather than a statement per field: most directions carry 3 of these
// 15 fields, and the widget's `opt-level = "z"` code runs each statement's calls.
fn fill_slot(d: &mut Direction, i: usize, m: Member) {
    let unit = |m: Member| {
        let u = m.text()?.trim();
        (!u.is_empty()).then(|| u.to_string())
    };
    match i {
        F_RESERVE => d.reserve = m.decimal(),
        F_MIN => d.min = m.decimal(),
        F_MAX => d.max = m.decimal(),
        F_MIN_UNIT => d.min_unit = unit(m),
        F_MAX_UNIT => d.max_unit = unit(m),
        F_TO_MIN => d.to_min = m.decimal(),
        F_TO_MAX => d.to_max = m.decimal(),
        F_FROM_FEE => d.from_fee = read_fee(m.nested()),
        F_TO_FEE => d.to_fee = read_fee(m.nested()),
        F_MIN_FEE => d.min_fee = m.decimal(),
        F_FLAGS => {
            if let Some(flags) = m.nested() {
                d.flags = flags
                    .entries()
                    .filter_map(|(_, f)| Some(f.as_str()?.to_string()))
                    .collect();
            }
        }
        F_CITY => d.city = m.text().map(str::to_string),
        F_FEE_STEPS => {
            if let Some(steps) = m.nested() {
                d.fee_steps = steps
                    .entries()
                    .map(|(_, st)| FeeStep {
                        from_min: dec(st.get("from_min")),
                        from_max: dec(st.get("from_max")),
                        side: if st.get("side").and_then(Value::as_str) == Some("to") {
                            FeeSide::To
                        } else {
                            FeeSide::From
                        },
                        fee: Fee {
                            percent: dec(st.get("percent")).unwrap_or_default(),
                            fixed: dec(st.get("fixed")).unwrap_or_default(),
                        },
                    })
                    .collect();
            }
        }
        F_FLOATING => {
            d.floating = m
                .nested()
                .filter(|f| f.as_object().is_some())
                .map(|f| Floating {
                    minutes: dec(f.get("minutes")),
                    percent: dec(f.get("percent")),
                })
        }
        F_DELAY => d.delay = m.decimal(),
        _ => {}
    }
}

/// One direction object's members as the direct reader met them: the first value of each
/// member the reader knows, and (when asked for) every other member in document order.
pub(crate) struct DirectionFields<'a> {
    /// The members read as values, by slot.
    known: [Option<Value<'a>>; FIELDS.len()],
    /// The members that are plain `"..."` strings, by slot (read without `OTHER` only).
    text: [&'a str; FIELDS.len()],
    /// Bit `i` set when slot `i` holds a member: `text[i]` when its bit in `plain` is set,
    /// else `known[i]`.
    set: u32,
    plain: u32,
    other: Vec<(Cow<'a, str>, Value<'a>)>,
}

impl<'a> DirectionFields<'a> {
    fn new() -> DirectionFields<'a> {
        DirectionFields {
            known: Default::default(),
            text: [""; FIELDS.len()],
            set: 0,
            plain: 0,
            other: Vec::new(),
        }
    }

    /// The first member named `key`, as [`Value::get`] finds it in the object (for members
    /// read with `OTHER`, which keeps every member as a value).
    // For readers of documents that add members to each direction (compare mode's per-exchanger
    // documents); tested here until one uses it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn get(&self, key: &str) -> Option<&Value<'a>> {
        match slot(key) {
            Some(i) => self.known[i].as_ref(),
            None => self.other.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        }
    }

    fn clear(&mut self) {
        // Plain strings need no clearing: `set` says which slots hold a member.
        let mut set = self.set & !self.plain;
        while set != 0 {
            self.known[set.trailing_zeros() as usize] = None;
            set &= set - 1;
        }
        self.set = 0;
        self.plain = 0;
        self.other.clear();
    }

    /// Reads the members of the object under the cursor, nested `depth` levels deep.
    // Not inlined: called once per direction, so the engine optimizes it early (wasm engines
    // tier up a function between calls, never inside a running loop).
    #[inline(never)]
    fn read_object<const OTHER: bool>(
        &mut self,
        p: &mut Parser<'a>,
        depth: usize,
    ) -> Result<(), JsonError> {
        self.clear();
        p.open(depth)?;
        loop {
            // `"key":"text"`, most members of the relay's JSON, without the general calls.
            let (key, value) = match p.plain_key() {
                Some(key) => match p.plain_string() {
                    // Kept as its text, no `Value` built (the widget's reader).
                    Some(text) if !OTHER => {
                        if let Some(i) = slot(key) {
                            if self.set & (1 << i) == 0 {
                                self.text[i] = text;
                                self.set |= 1 << i;
                                self.plain |= 1 << i;
                            }
                        }
                        p.end_member()?;
                        continue;
                    }
                    Some(text) => (Cow::Borrowed(key), Value::String(Cow::Borrowed(text))),
                    None => (Cow::Borrowed(key), p.value(depth)?),
                },
                None => match p.next_key()? {
                    Some(key) => (key, p.value(depth)?),
                    None => break,
                },
            };
            match slot(&key) {
                // Only the first member of a name counts, as with `Value::get`.
                Some(i) if self.set & (1 << i) == 0 => {
                    self.known[i] = Some(value);
                    self.set |= 1 << i;
                }
                Some(_) => {}
                None if OTHER => self.other.push((key, value)),
                None => {}
            }
            p.end_member()?;
        }
        Ok(())
    }

    /// The direction these members describe, or why it is skipped (as [`read_direction`]).
    // For readers that keep each direction with more (compare mode); tested here until one
    // uses it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn direction(&self) -> Result<Direction, &'static str> {
        read_fields(Members::Fields(self))
    }

    /// Appends the direction these members describe to `directions` (the same direction as
    /// [`DirectionFields::direction`], filled where it lies), or says why it is skipped.
    // Not inlined, for the reason given at `read_object`.
    #[inline(never)]
    fn push_to(&self, directions: &mut Vec<Direction>) -> Result<(), &'static str> {
        let known = Members::Fields(self);
        directions.push(required(known)?);
        if let Some(d) = directions.last_mut() {
            fill(d, known);
        }
        Ok(())
    }
}

/// Reads a `directions` array under the cursor, nested `depth` levels deep (as
/// [`Parser::value`] would), without building its tree: `each` gets every item's index and its
/// members, whose [`DirectionFields::direction`] (or `push_to`) is the direction read from it
/// or why it was skipped (for readers of documents that add members, e.g. an exchanger per
/// direction: with `OTHER` the members the reader does not know are kept for
/// [`DirectionFields::get`], otherwise dropped). The same grammar, limits and errors as
/// [`crate::json::parse`], and the same directions as [`read_direction`] on the parsed items.
pub(crate) fn read_directions<'a, const OTHER: bool>(
    p: &mut Parser<'a>,
    depth: usize,
    mut each: impl FnMut(usize, &DirectionFields<'a>),
) -> Result<(), JsonError> {
    let item_depth = depth + 1;
    p.open(item_depth)?;
    let mut fields = DirectionFields::new();
    let mut index = 0;
    while p.next_item()? {
        if p.peek() == Some(b'{') {
            fields.read_object::<OTHER>(p, item_depth + 1)?;
        } else {
            // Not an object: read (and checked) as any value, then skipped as "missing from".
            p.value(item_depth)?;
            fields.clear();
        }
        each(index, &fields);
        index += 1;
        p.end_item()?;
    }
    Ok(())
}

/// Reads ratelink's normalized JSON straight from its text (what [`read`] reads from the parsed
/// document, without the document's tree); `Ok(None)` when it has no `directions` list, an
/// error where the text is not JSON (the error [`crate::json::parse_prefix`] gives).
pub(crate) fn read_text(text: &str) -> Result<Option<Feed>, JsonError> {
    let mut p = Parser::new(text);
    p.skip_ws();
    if p.peek() != Some(b'{') {
        p.value(0)?;
        return Ok(None);
    }
    p.open(1)?;
    let mut directions = Vec::new();
    let mut skipped = Vec::new();
    // `None` until the first `directions` member; `Some(false)` when it is not a list.
    let mut list = None;
    let mut top: [Option<Value>; 4] = Default::default();
    const TOP: [&str; 4] = ["skipped", "warnings", "status", "names"];
    while let Some(key) = p.next_key()? {
        if key == "directions" && list.is_none() {
            let is_list = p.peek() == Some(b'[');
            if is_list {
                // About one direction per 128 bytes of the relay's lean JSON: one allocation
                // for a typical feed; for any body at most ~6 bytes of model per byte of text.
                directions.reserve(text.len() / 128);
                read_directions::<false>(&mut p, 1, |index, fields| {
                    if let Err(reason) = fields.push_to(&mut directions) {
                        skipped.push(skip(index, reason));
                    }
                })?;
            } else {
                p.value(1)?;
            }
            list = Some(is_list);
        } else {
            let value = p.value(1)?;
            if let Some(i) = TOP.iter().position(|k| *k == key) {
                if top[i].is_none() {
                    top[i] = Some(value);
                }
            }
        }
        p.end_member()?;
    }
    if list != Some(true) {
        return Ok(None);
    }
    let [skipped_v, warnings, status, names] = &top;
    Ok(Some(finish(
        directions,
        skipped,
        [
            skipped_v.as_ref(),
            warnings.as_ref(),
            status.as_ref(),
            names.as_ref(),
        ],
    )))
}

/// Item `index` of `directions`, skipped for `reason`.
fn skip(index: usize, reason: &str) -> Skipped {
    Skipped {
        index,
        field: None,
        raw: None,
        reason: reason.into(),
    }
}

/// Reads what [`to_normalized_json`] writes from its parsed document; `None` when `directions`
/// is not a list.
pub(super) fn read(doc: &Value) -> Option<Feed> {
    let list = doc.get("directions")?.as_array()?;
    let mut directions = Vec::with_capacity(list.len());
    let mut skipped = Vec::new();
    for (index, v) in list.iter().enumerate() {
        match read_direction(v) {
            Ok(d) => directions.push(d),
            Err(reason) => skipped.push(skip(index, reason)),
        }
    }
    let top = ["skipped", "warnings", "status", "names"].map(|k| doc.get(k));
    Some(finish(directions, skipped, top))
}

/// The feed of `directions`, with the document's `skipped`, `warnings`, `status` and `names`.
fn finish(
    directions: Vec<Direction>,
    mut skipped: Vec<Skipped>,
    [skipped_v, warnings, status, names]: [Option<&Value>; 4],
) -> Feed {
    for s in skipped_v.into_iter().flat_map(|s| s.entries()) {
        let text = |k: &str| s.1.get(k).and_then(Value::as_str).map(str::to_string);
        skipped.push(Skipped {
            index: s
                .1
                .get("index")
                .and_then(Value::as_i64)
                .and_then(|i| usize::try_from(i).ok())
                .unwrap_or(0),
            field: text("field"),
            raw: text("raw"),
            reason: text("reason").unwrap_or_default(),
        });
    }
    let warnings = warnings
        .into_iter()
        .flat_map(|w| w.entries())
        .filter_map(|(_, w)| Some(w.as_str()?.to_string()))
        .collect();
    let status = match status.and_then(Value::as_str) {
        Some("maintenance") => FeedStatus::Maintenance,
        _ if directions.is_empty() => FeedStatus::Empty,
        _ => FeedStatus::Ok,
    };
    Feed {
        format: FeedFormat::Normalized,
        status,
        directions,
        skipped,
        warnings,
        names: read_names(names),
    }
}

/// Reads `names` (see [`names`]); entries without an English name are ignored, an unknown
/// category reads as `other`. Ranked by position, at most `u16::MAX` entries.
pub(crate) fn read_names(v: Option<&Value>) -> Vec<CurrencyInfo> {
    let Some(list) = v.and_then(Value::as_object) else {
        return Vec::new();
    };
    let text = |n: &Value, k: &str| n.get(k).and_then(Value::as_str).map(str::to_string);
    list.iter()
        .filter_map(|(code, n)| {
            let en = text(n, "en")?;
            Some(CurrencyInfo {
                code: code.to_string(),
                canonical: Cow::Owned(code.trim().to_ascii_uppercase()),
                name_ru: Cow::Owned(text(n, "ru").unwrap_or_else(|| en.clone())),
                name_en: Cow::Owned(en),
                category: n
                    .get("category")
                    .and_then(Value::as_str)
                    .and_then(Category::from_name)
                    .unwrap_or(Category::Other),
                network: text(n, "network").map(Cow::Owned),
                known: true,
                rank: 0,
            })
        })
        .take(usize::from(u16::MAX))
        .enumerate()
        .map(|(i, mut n)| {
            n.rank = i as u16;
            n
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `plain_decimal` is `Decimal::parse` to the digit (same mantissa and scale) where it
    /// answers, and answers for the plain spellings feeds use.
    fn agrees(text: &str) -> bool {
        let fast = plain_decimal(text);
        if let Some(fast) = fast {
            let slow = Decimal::parse(text).ok();
            assert_eq!(
                slow.map(|d| (d.mantissa(), d.scale())),
                Some((fast.mantissa(), fast.scale())),
                "{text:?}"
            );
        }
        fast.is_some()
    }

    #[test]
    fn plain_decimals_read_as_decimal_parse_reads_them() {
        for text in [
            "0",
            "1",
            "-0",
            "+5",
            ".5",
            "5.",
            "-.5",
            "1.50",
            "0.001739",
            "5749836.50",
            "007",
            "1234567890123456789",
            "9999999999999999999",
            "0.000000000000000001",
        ] {
            assert!(agrees(text), "{text:?} not read by the fast path");
        }
        for text in [
            "",
            "-",
            "+",
            ".",
            "-.",
            "1..2",
            "1.2.3",
            " 1",
            "1 ",
            "1e5",
            "1E-5",
            "--1",
            "1,5",
            "99999999999999999999",
            "12345678901234567890",
            "٣",
            "0x10",
            "inf",
        ] {
            assert!(!agrees(text), "{text:?} read by the fast path");
        }
    }

    #[test]
    fn direction_fields_give_the_first_member_of_each_name() {
        let text = r#"[{"exchanger":"a","from":"A","exchanger":"b","to":"B","in":"1","out":"2","from":"C"}]"#;
        let mut p = Parser::new(text);
        let mut seen = Vec::new();
        read_directions::<true>(&mut p, 0, |i, fields| {
            let d = fields.direction();
            let mut pushed = Vec::new();
            assert_eq!(
                fields.push_to(&mut pushed).map(|()| pushed),
                d.clone().map(|d| vec![d])
            );
            let exchanger = fields.get("exchanger").and_then(Value::as_str);
            let from = fields.get("from").and_then(Value::as_str);
            seen.push((
                i,
                d.map(|d| d.from),
                exchanger.map(str::to_string),
                from.map(str::to_string),
            ));
        })
        .unwrap();
        assert_eq!(
            seen,
            [(
                0,
                Ok("A".to_string()),
                Some("a".to_string()),
                Some("A".to_string())
            )]
        );
    }

    /// Both ways of keeping members (plain strings as text, or every member as a value) give
    /// the direction, or the skip reason, that the tree reader gives for the same item.
    #[test]
    fn kept_members_read_as_the_tree_reads_them() {
        let text = r#"[
            {"from":"A","to":"B","in":"1","out":"2","reserve":" 5 ","min":1,"max":"x","min_unit":" USD ","city":"MSK","flags":["manual","x"],"from_fee":{"percent":"0.5"},"to_fee":"1","floating":{"minutes":"5"},"fee_steps":[{"side":"to","fixed":"1"}],"delay":"3","to_min":"1.5","to_max":"2e3","min_fee":"0.1","max_unit":""},
            {"from":"A","from":"B","to":"C","in":"0","out":"2"},
            {"from":{"x":1},"from":"A","to":"B","in":"1","out":"2"},
            {"from":"A","to":"B","in":"1","out":"2","flags":"manual","floating":"1","fee_steps":"x","city":1},
            {"to":"B"},
            {"from":"A","to":"B","in":"1"}
        ]"#;
        let Ok(Value::Array(items)) = crate::json::parse(text) else {
            panic!("test document does not parse");
        };
        let tree: Vec<_> = items.iter().map(read_direction).collect();
        let read = |other: bool| {
            let mut p = Parser::new(text);
            let mut out = Vec::new();
            let mut each = |_: usize, fields: &DirectionFields| {
                let d = fields.direction();
                let mut pushed = Vec::new();
                assert_eq!(
                    fields.push_to(&mut pushed).map(|()| pushed),
                    d.clone().map(|d| vec![d])
                );
                out.push(d);
            };
            let read = if other {
                read_directions::<true>(&mut p, 0, &mut each)
            } else {
                read_directions::<false>(&mut p, 0, &mut each)
            };
            assert!(read.is_ok());
            out
        };
        assert_eq!(format!("{:?}", read(false)), format!("{tree:?}"));
        assert_eq!(format!("{:?}", read(true)), format!("{tree:?}"));
        assert!(tree[0].as_ref().is_ok_and(|d| d.flags == ["manual", "x"]
            && d.min_unit.as_deref() == Some("USD")
            && d.fee_steps.len() == 1));
        assert_eq!(tree[1].as_ref().err(), Some(&"in missing or not positive"));
    }

    proptest::proptest! {
        #[test]
        fn plain_decimals_agree_with_decimal_parse(text in "[+-]?[0-9]{0,21}(\\.[0-9]{0,21})?") {
            agrees(&text);
        }
    }
}
