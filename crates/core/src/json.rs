//! A small, fast, lenient JSON reader (borrowing from the input) and a string escaper.
//!
//! Accepts what real servers and JS-literal documentation print: a byte-order mark, `//` and
//! `/* */` comments, unquoted identifier keys (`{status: "success"}`), single-quoted strings,
//! trailing commas, `undefined` (read as null). Nesting is limited to [`MAX_DEPTH`] levels so
//! hostile input ends in an error, never a stack overflow.

use crate::decimal::Decimal;
use std::borrow::Cow;
use std::fmt;

/// Deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 128;

/// A parsed JSON value borrowing from the text where it can.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// `null` (or `undefined`).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as written (e.g. `"-90.5"`, `"1e-5"`).
    Number(&'a str),
    /// A string with escapes decoded.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object, members in document order (repeated keys kept).
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

/// Why a text is not JSON: byte position and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset in the text where reading stopped.
    pub position: usize,
    /// What was wrong there.
    pub message: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid JSON at byte {}: {}",
            self.position, self.message
        )
    }
}

impl std::error::Error for JsonError {}

/// Parses a whole document; only whitespace and comments may follow the value.
pub fn parse(text: &str) -> Result<Value<'_>, JsonError> {
    let (value, end) = parse_prefix(text)?;
    // A JS statement's closing ';' is tolerated too.
    if end < text.len() && !text[end..].trim_start_matches(';').trim().is_empty() {
        return Err(JsonError {
            position: end,
            message: "unexpected text after the JSON value",
        });
    }
    Ok(value)
}

/// Parses the first value of `text` (after a BOM, whitespace and comments) and returns it with
/// the byte offset where trailing whitespace/comments after it end; anything from there on is
/// left to the caller (e.g. a server warning printed after a feed).
pub fn parse_prefix(text: &str) -> Result<(Value<'_>, usize), JsonError> {
    let mut p = Parser::new(text);
    p.skip_ws();
    let value = p.value(0)?;
    p.skip_ws();
    Ok((value, p.pos))
}

/// A cursor over a text with the grammar, limits and errors of [`parse`], for readers that walk
/// a document member by member instead of building its tree (the normalized feed reader).
pub(crate) struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // Everything before `pos` was looked at (a token that failed adds its own length).
        crate::work::scanned(self.pos);
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b'-' || b == b'.' || b >= 0x80
}

impl<'a> Parser<'a> {
    /// A cursor at the start of `text` (after a byte-order mark).
    pub(crate) fn new(text: &'a str) -> Parser<'a> {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: if text.starts_with('\u{feff}') { 3 } else { 0 },
        }
    }

    fn err<T>(&self, message: &'static str) -> Result<T, JsonError> {
        Err(JsonError {
            position: self.pos,
            message,
        })
    }

    /// The byte under the cursor.
    #[inline(always)]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips whitespace and comments.
    #[inline(always)]
    pub(crate) fn skip_ws(&mut self) {
        // Compact JSON has none: answered without a call.
        if let Some(&b) = self.bytes.get(self.pos) {
            if b > b' ' && b != b'/' && b != 0xc2 {
                return;
            }
        }
        self.skip_ws_slow();
    }

    fn skip_ws_slow(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0c => self.pos += 1,
                b'/' if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                b'/' if self.bytes.get(self.pos + 1) == Some(&b'*') => {
                    let body = &self.bytes[self.pos + 2..];
                    self.pos = match body.windows(2).position(|w| w == b"*/") {
                        Some(i) => self.pos + 2 + i + 2,
                        None => self.bytes.len(),
                    };
                }
                // A non-breaking space (U+00A0) pasted into a document.
                0xc2 if self.bytes.get(self.pos + 1) == Some(&0xa0) => self.pos += 2,
                _ => return,
            }
        }
    }

    /// Reads the value under the cursor, nested `depth` levels deep.
    pub(crate) fn value(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        match self.peek() {
            None => self.err("unexpected end of text, expected a value"),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(q @ (b'"' | b'\'')) => Ok(Value::String(self.string(q)?)),
            Some(b'-' | b'+' | b'.' | b'0'..=b'9') => self.number(),
            Some(b) if b.is_ascii_alphabetic() => {
                let start = self.pos;
                while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_alphanumeric() {
                    self.pos += 1;
                }
                match &self.text[start..self.pos] {
                    "true" => Ok(Value::Bool(true)),
                    "false" => Ok(Value::Bool(false)),
                    "null" | "undefined" => Ok(Value::Null),
                    _ => {
                        crate::work::scanned(self.pos - start);
                        self.pos = start;
                        self.err("unknown word, expected a value")
                    }
                }
            }
            Some(_) => self.err("unexpected character, expected a value"),
        }
    }

    fn number(&mut self) -> Result<Value<'a>, JsonError> {
        let start = self.pos;
        let mut digits = false;
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b'0'..=b'9' => digits = true,
                b'-' | b'+' | b'.' | b'e' | b'E' => {}
                _ => break,
            }
            self.pos += 1;
        }
        if !digits {
            crate::work::scanned(self.pos - start);
            self.pos = start;
            return self.err("malformed number");
        }
        Ok(Value::Number(&self.text[start..self.pos]))
    }

    /// Enters the array or object under the cursor, which is `depth` levels deep.
    pub(crate) fn open(&mut self, depth: usize) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return self.err("nesting too deep");
        }
        self.pos += 1;
        Ok(())
    }

    /// Before an array item: `false` (the `]` passed) when the array ends.
    pub(crate) fn next_item(&mut self) -> Result<bool, JsonError> {
        self.skip_ws();
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                Ok(false)
            }
            None => self.err("unexpected end of text inside an array"),
            _ => Ok(true),
        }
    }

    /// After an array item: its `,` (or the `]` left for [`Parser::next_item`]).
    pub(crate) fn end_item(&mut self) -> Result<(), JsonError> {
        self.skip_ws();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(())
            }
            Some(b']') => Ok(()),
            None => self.err("unexpected end of text inside an array"),
            _ => self.err("expected ',' or ']'"),
        }
    }

    /// Before an object member: its key, the cursor then on its value; `None` (the `}`
    /// passed) when the object ends.
    pub(crate) fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, JsonError> {
        self.skip_ws();
        let key = match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                return Ok(None);
            }
            None => return self.err("unexpected end of text inside an object"),
            Some(q @ (b'"' | b'\'')) => self.string(q)?,
            Some(b) if is_ident_byte(b) => {
                let start = self.pos;
                while self.pos < self.bytes.len() && is_ident_byte(self.bytes[self.pos]) {
                    self.pos += 1;
                }
                // Stop on a char boundary: multi-byte letters are all >= 0x80.
                Cow::Borrowed(&self.text[start..self.pos])
            }
            Some(_) => return self.err("expected a key"),
        };
        self.skip_ws();
        if self.peek() != Some(b':') {
            return self.err("expected ':' after a key");
        }
        self.pos += 1;
        self.skip_ws();
        Ok(Some(key))
    }

    /// The common member of compact JSON, `"key":` with an unescaped key, read at once: the key,
    /// the cursor then on its value (after whitespace), as [`Parser::next_key`] leaves it. `None`
    /// (the cursor unmoved) for anything else, which `next_key` then reads.
    #[inline(always)]
    pub(crate) fn plain_key(&mut self) -> Option<&'a str> {
        let key = self.plain_string_at(self.pos)?;
        let colon = self.pos + key.len() + 2;
        if self.bytes.get(colon) != Some(&b':') {
            return None;
        }
        self.pos = colon + 1;
        self.skip_ws();
        Some(key)
    }

    /// A `"..."` string without escapes under the cursor, read at once (as [`Parser::value`]
    /// reads it); `None` (the cursor unmoved) for any other value.
    #[inline(always)]
    pub(crate) fn plain_string(&mut self) -> Option<&'a str> {
        let s = self.plain_string_at(self.pos)?;
        self.pos += s.len() + 2;
        Some(s)
    }

    /// The text of the `"..."` string without escapes starting at `at`.
    #[inline(always)]
    fn plain_string_at(&self, at: usize) -> Option<&'a str> {
        if self.bytes.get(at) != Some(&b'"') {
            return None;
        }
        let mut end = at + 1;
        loop {
            match *self.bytes.get(end)? {
                b'"' => break,
                b'\\' => return None,
                _ => end += 1,
            }
        }
        // Both ends are next to an ASCII quote, so on character boundaries.
        self.text.get(at + 1..end)
    }

    /// After an object member's value: its `,` (or the `}` left for [`Parser::next_key`]).
    #[inline(always)]
    pub(crate) fn end_member(&mut self) -> Result<(), JsonError> {
        self.skip_ws();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(())
            }
            Some(b'}') => Ok(()),
            None => self.err("unexpected end of text inside an object"),
            _ => self.err("expected ',' or '}'"),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        self.open(depth)?;
        let mut items = Vec::new();
        while self.next_item()? {
            items.push(self.value(depth)?);
            self.end_item()?;
        }
        Ok(Value::Array(items))
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        self.open(depth)?;
        let mut members = Vec::new();
        while let Some(key) = self.next_key()? {
            let value = self.value(depth)?;
            members.push((key, value));
            self.end_member()?;
        }
        Ok(Value::Object(members))
    }

    /// Reads a string opened by `quote` at `self.pos`; borrows when there is no escape.
    fn string(&mut self, quote: u8) -> Result<Cow<'a, str>, JsonError> {
        self.pos += 1;
        let start = self.pos;
        while let Some(&b) = self.bytes.get(self.pos) {
            if b == quote {
                let s = &self.text[start..self.pos];
                self.pos += 1;
                return Ok(Cow::Borrowed(s));
            }
            if b == b'\\' {
                return self.string_escaped(quote, start).map(Cow::Owned);
            }
            self.pos += 1;
        }
        self.err("unterminated string")
    }

    fn string_escaped(&mut self, quote: u8, start: usize) -> Result<String, JsonError> {
        let mut out = String::with_capacity(self.pos - start + 16);
        let mut run = start;
        while let Some(&b) = self.bytes.get(self.pos) {
            if b == quote {
                out.push_str(&self.text[run..self.pos]);
                self.pos += 1;
                return Ok(out);
            }
            if b != b'\\' {
                self.pos += 1;
                continue;
            }
            out.push_str(&self.text[run..self.pos]);
            self.pos += 1;
            let Some(&e) = self.bytes.get(self.pos) else {
                break;
            };
            self.pos += 1;
            match e {
                b'n' => out.push('\n'),
                b't' => out.push('\t'),
                b'r' => out.push('\r'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'u' => {
                    let hi = self.hex4()?;
                    let c = if (0xd800..0xdc00).contains(&hi)
                        && self.text[self.pos..].starts_with("\\u")
                    {
                        let save = self.pos;
                        self.pos += 2;
                        let lo = self.hex4()?;
                        if (0xdc00..0xe000).contains(&lo) {
                            char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00))
                        } else {
                            self.pos = save;
                            None
                        }
                    } else {
                        char::from_u32(hi)
                    };
                    out.push(c.unwrap_or('\u{fffd}'));
                }
                // `\"`, `\\`, `\/`, `\'` and any other escaped character stand for themselves.
                _ => {
                    self.pos -= 1;
                    run = self.pos;
                    let ch_len = self.text[self.pos..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                    self.pos += ch_len;
                    out.push_str(&self.text[run..self.pos]);
                }
            }
            run = self.pos;
        }
        self.err("unterminated string")
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.bytes.get(self.pos..self.pos + 4);
        let value = digits.and_then(|d| {
            d.iter()
                .try_fold(0u32, |acc, &b| Some(acc * 16 + (b as char).to_digit(16)?))
        });
        match value {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => self.err("bad \\u escape"),
        }
    }
}

impl<'a> Value<'a> {
    /// The member `key` of an object (first one if repeated); `None` for other values.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Like [`Value::get`], comparing keys ASCII-case-insensitively.
    pub fn get_ci(&self, key: &str) -> Option<&Value<'a>> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a string, or a number as written.
    pub fn as_text(&self) -> Option<Cow<'_, str>> {
        match self {
            Value::String(s) => Some(Cow::Borrowed(s)),
            Value::Number(n) => Some(Cow::Borrowed(n)),
            _ => None,
        }
    }

    /// A number, or a string holding one (surrounding whitespace ignored), as an exact decimal.
    pub fn as_decimal(&self) -> Option<Decimal> {
        match self {
            Value::String(s) => Decimal::parse(s.trim()).ok(),
            Value::Number(n) => Decimal::parse(n).ok(),
            _ => None,
        }
    }

    /// An integer number or a string holding one.
    pub fn as_i64(&self) -> Option<i64> {
        let text = match self {
            Value::String(s) => s.trim(),
            Value::Number(n) => n,
            _ => return None,
        };
        text.strip_prefix('+').unwrap_or(text).parse().ok()
    }

    /// True for `true`, `1`, `"1"` and `"true"` (any case); false for everything else.
    pub fn as_bool_loose(&self) -> bool {
        match self {
            Value::Bool(b) => *b,
            Value::Number(n) => *n == "1",
            Value::String(s) => {
                let s = s.trim();
                s == "1" || s.eq_ignore_ascii_case("true")
            }
            _ => false,
        }
    }

    /// The items of an array.
    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members of an object, in document order.
    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Value<'a>)]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The members of an object as (key, value), or the items of an array as (index, value), so
    /// "an object keyed by id, or an array" reads the same way. Empty for other values.
    pub fn entries(&self) -> Entries<'_, 'a> {
        match self {
            Value::Object(members) => Entries::Object(members.iter()),
            Value::Array(items) => Entries::Array(items.iter().enumerate()),
            _ => Entries::Array([].iter().enumerate()),
        }
    }
}

/// Iterator returned by [`Value::entries`].
pub enum Entries<'v, 'a> {
    /// Over an object's members.
    Object(std::slice::Iter<'v, (Cow<'a, str>, Value<'a>)>),
    /// Over an array's items, keyed by index.
    Array(std::iter::Enumerate<std::slice::Iter<'v, Value<'a>>>),
}

impl<'v, 'a> Iterator for Entries<'v, 'a> {
    type Item = (Cow<'v, str>, &'v Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Entries::Object(it) => it.next().map(|(k, v)| (Cow::Borrowed(&**k), v)),
            Entries::Array(it) => it.next().map(|(i, v)| (Cow::Owned(i.to_string()), v)),
        }
    }
}

/// `s` quoted for messages, as [`write_str`] writes it. Used instead of `{:?}`, whose string
/// escaping drags Unicode tables into the widget's wasm.
pub fn quoted(s: &str) -> String {
    let mut out = String::new();
    write_str(&mut out, s);
    out
}

/// Appends `s` to `out` as a quoted JSON string (control characters, `"`, `\`, and U+2028/9
/// escaped, so the output is also safe inside a JS literal).
pub fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let esc: &str = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{0}'..='\u{1f}' | '\u{2028}' | '\u{2029}' => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let v = c as u32;
            out.push_str("\\u");
            for shift in [12, 8, 4, 0] {
                out.push(HEX[((v >> shift) & 0xf) as usize] as char);
            }
        } else {
            out.push_str(esc);
        }
        run = i + c.len_utf8();
    }
    out.push_str(&s[run..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_json() {
        let v = parse(r#" {"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}} "#).unwrap();
        let a = v.get("a").unwrap().as_array().unwrap();
        assert_eq!(a[1], Value::Number("-2.5e3"));
        assert_eq!(a[2], Value::Bool(true));
        assert!(a[4].is_null());
        assert_eq!(
            v.get("b").and_then(|b| b.get("c")).and_then(Value::as_str),
            Some("d")
        );
        assert!(v.get("B").is_none());
        assert!(v.get_ci("B").is_some());
    }

    #[test]
    fn reads_js_literals() {
        let text = "\u{feff}{ status: \"success\", error: 0, error_text: '',\n  data: { items: { 1895: { id: 1895, course_get: 241.57, user_hash: \"1r7\", } } }, }";
        let v = parse(text).unwrap();
        assert_eq!(v.get("status").and_then(Value::as_str), Some("success"));
        let item = v
            .get("data")
            .and_then(|d| d.get("items"))
            .and_then(|i| i.get("1895"))
            .unwrap();
        assert_eq!(
            item.get("course_get").and_then(Value::as_decimal),
            Decimal::parse("241.57").ok()
        );
        assert_eq!(item.get("id").and_then(Value::as_i64), Some(1895));
        assert_eq!(v.get("error_text").and_then(Value::as_str), Some(""));
    }

    #[test]
    fn decodes_escapes_and_surrogates() {
        let v = parse(r#"["a\"b\\c\/d\n", "\u0416\ud83d\ude00", 'it\'s', "\ud800x"]"#).unwrap();
        let a = v.as_array().unwrap();
        assert_eq!(a[0].as_str(), Some("a\"b\\c/d\n"));
        assert_eq!(a[1].as_str(), Some("Ж😀"));
        assert_eq!(a[2].as_str(), Some("it's"));
        assert_eq!(a[3].as_str(), Some("\u{fffd}x"));
        assert!(matches!(&a[0], Value::String(Cow::Owned(_))));
        assert!(matches!(
            parse(r#""plain""#).unwrap(),
            Value::String(Cow::Borrowed("plain"))
        ));
    }

    #[test]
    fn reports_errors_with_position() {
        let e = parse(r#"{"a": }"#).unwrap_err();
        assert_eq!(e.position, 6);
        assert!(e.to_string().contains("byte 6"));
        assert!(parse("[1, 2").is_err());
        assert!(parse(r#"{"a" 1}"#).is_err());
        assert!(parse("\"abc").is_err());
        assert!(parse("[1] x").is_err());
        assert!(parse("{a: 1};\n").is_ok());
        assert_eq!(
            parse("/* c */ [1, /**/ 2] // end")
                .unwrap()
                .as_array()
                .map(<[_]>::len),
            Some(2)
        );
        assert!(parse("[1 /* never closed").is_err());
        assert!(parse("").is_err());
        assert!(parse("nope").is_err());
        assert!(parse("\"\\u12\"").is_err());
        assert_eq!(parse_prefix("[1] Warning: x").unwrap().1, 4);
    }

    #[test]
    fn limits_depth_without_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().message, "nesting too deep");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let too = format!(
            "{}{}",
            "{\"a\":".repeat(MAX_DEPTH + 1),
            "}".repeat(MAX_DEPTH + 1)
        );
        assert!(parse(&too).is_err());
    }

    #[test]
    fn loose_accessors() {
        let v = parse(r#"[true, 1, "1", "TRUE", 0, "0", "yes", null, " 12.50 ", 7, "x"]"#).unwrap();
        let a = v.as_array().unwrap();
        let b: Vec<bool> = a.iter().map(Value::as_bool_loose).collect();
        assert_eq!(
            b,
            [true, true, true, true, false, false, false, false, false, false, false]
        );
        assert_eq!(a[8].as_decimal(), Decimal::parse("12.5").ok());
        assert_eq!(a[9].as_text().as_deref(), Some("7"));
        assert_eq!(a[10].as_decimal(), None);
        assert_eq!(a[8].as_i64(), None);
        assert_eq!(a[5].as_i64(), Some(0));
    }

    #[test]
    fn entries_read_objects_and_arrays_alike() {
        let obj = parse(r#"{"7": "x", "9": "y"}"#).unwrap();
        let arr = parse(r#"["x", "y"]"#).unwrap();
        let ko: Vec<_> = obj
            .entries()
            .map(|(k, v)| (k.into_owned(), v.as_str().unwrap().to_string()))
            .collect();
        let ka: Vec<_> = arr
            .entries()
            .map(|(k, v)| (k.into_owned(), v.as_str().unwrap().to_string()))
            .collect();
        assert_eq!(ko, [("7".into(), "x".into()), ("9".into(), "y".into())]);
        assert_eq!(ka, [("0".into(), "x".into()), ("1".into(), "y".into())]);
        assert_eq!(Value::Null.entries().count(), 0);
    }

    #[test]
    fn write_str_round_trips() {
        let samples = [
            "plain",
            "q\"b\\s/",
            "line\nfeed\ttab\r",
            "\u{1}\u{1f}",
            "Жж 😀",
            "\u{2028}",
        ];
        for s in samples {
            let mut out = String::new();
            write_str(&mut out, s);
            assert_eq!(parse(&out).unwrap().as_str(), Some(s), "{out}");
        }
        let mut out = String::new();
        write_str(&mut out, "a\u{1}");
        assert_eq!(out, "\"a\\u0001\"");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,64}", junk in r#"[\[\]{}"':,\\/a-z0-9 .+-]{0,64}"#) {
            let _ = parse(&text);
            let _ = parse(&junk);
        }

        #[test]
        fn strings_round_trip(s in "\\PC{0,32}") {
            let mut out = String::new();
            write_str(&mut out, &s);
            let v = parse(&out).unwrap();
            proptest::prop_assert_eq!(v.as_str(), Some(s.as_str()));
        }
    }
}
