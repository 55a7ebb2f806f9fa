//! A small lenient XML pull scanner and document decoding (BOM, declared encoding, windows-1251).
//!
//! The scanner does not check nesting: it reports start tags, end tags and text in document
//! order and leaves structure to the reader, so junk around the document and mismatched or
//! unclosed tags never stop it. Comments, processing instructions and `<!DOCTYPE>` are skipped.

use std::borrow::Cow;

/// One piece of a document, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Event<'a> {
    /// `<name attrs>` or `<name attrs/>` (then `self_closing`).
    Start {
        /// Element name as written (compare ASCII-case-insensitively).
        name: &'a str,
        /// Raw attribute text; read it with [`Attrs`].
        attrs: Attrs<'a>,
        /// True for `<name/>`.
        self_closing: bool,
    },
    /// `</name>`.
    End {
        /// Element name as written.
        name: &'a str,
    },
    /// Character data between tags (entities still encoded; see [`Text::decoded`]).
    Text(Text<'a>),
}

/// Character data: plain text with entities, or a CDATA section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text<'a> {
    /// The text as written (CDATA without its markers).
    pub raw: &'a str,
    /// True for a `<![CDATA[...]]>` section (no entity decoding).
    pub cdata: bool,
}

impl<'a> Text<'a> {
    /// The text with entities decoded.
    pub fn decoded(&self) -> Cow<'a, str> {
        if self.cdata {
            Cow::Borrowed(self.raw)
        } else {
            decode_entities(self.raw)
        }
    }

    /// True when the text is only whitespace.
    pub fn is_blank(&self) -> bool {
        self.raw.bytes().all(|b| b.is_ascii_whitespace())
    }
}

/// The attribute text of a start tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Attrs<'a> {
    raw: &'a str,
}

impl<'a> Attrs<'a> {
    /// The value of attribute `name` (ASCII-case-insensitive), entities decoded.
    pub fn get(&self, name: &str) -> Option<Cow<'a, str>> {
        self.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// True when there are no attributes.
    pub fn is_empty(&self) -> bool {
        self.raw.trim().is_empty()
    }

    /// All `(name, value)` pairs; a name without `=value` gets an empty value.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, Cow<'a, str>)> + 'a {
        let mut rest = self.raw;
        std::iter::from_fn(move || {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let name_end = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
                .unwrap_or(rest.len());
            let name = &rest[..name_end];
            rest = rest[name_end..].trim_start();
            let Some(after_eq) = rest.strip_prefix('=') else {
                return Some((name, Cow::Borrowed("")));
            };
            rest = after_eq.trim_start();
            let value = match rest.as_bytes().first() {
                Some(&q @ (b'"' | b'\'')) => {
                    let body = &rest[1..];
                    let end = body.find(q as char).unwrap_or(body.len());
                    rest = body.get(end + 1..).unwrap_or("");
                    &body[..end]
                }
                _ => {
                    let end = rest
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(rest.len());
                    let v = &rest[..end];
                    rest = &rest[end..];
                    v
                }
            };
            Some((name, decode_entities(value)))
        })
    }
}

/// Longest reference name read between `&` and `;` (`#x10FFFF` is 8).
const MAX_ENTITY_LEN: usize = 10;

/// Decodes `&amp; &lt; &gt; &quot; &apos; &nbsp;` and numeric references; unknown or malformed
/// references are kept as written.
pub fn decode_entities(raw: &str) -> Cow<'_, str> {
    let Some(first) = raw.find('&') else {
        return Cow::Borrowed(raw);
    };
    let mut out = String::with_capacity(raw.len());
    out.push_str(&raw[..first]);
    let mut rest = &raw[first..];
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Look for the ';' only as far as the longest reference could reach, so a text of
        // many '&' without ';' costs one pass, not one pass per '&'.
        let window = &rest.as_bytes()[1..rest.len().min(MAX_ENTITY_LEN + 2)];
        crate::work::scanned(window.len());
        let entity = window
            .iter()
            .position(|&b| b == b';')
            .map(|i| &rest[1..i + 1]);
        let decoded = entity.and_then(|e| match e {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => {
                let num = e.strip_prefix('#')?;
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => num.parse().ok()?,
                };
                Some(char::from_u32(code).unwrap_or('\u{fffd}'))
            }
        });
        match (entity, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &rest[e.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Pull scanner over a decoded document.
pub struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    /// Starts scanning `text` from the beginning.
    pub fn new(text: &'a str) -> Scanner<'a> {
        Scanner { text, pos: 0 }
    }

    /// Byte offset of the next event.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn skip_past(&mut self, from: usize, end: &str) {
        self.pos = match self.text[from..].find(end) {
            Some(i) => from + i + end.len(),
            None => self.text.len(),
        };
    }
}

impl Drop for Scanner<'_> {
    fn drop(&mut self) {
        // The scanner never looks past the end of the event it returns, so the bytes it
        // examined are the bytes it advanced over.
        crate::work::scanned(self.pos);
    }
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

impl<'a> Iterator for Scanner<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let bytes = self.text.as_bytes();
        loop {
            let start = self.pos;
            if start >= bytes.len() {
                return None;
            }
            if bytes[start] != b'<' {
                let end = self.text[start..]
                    .find('<')
                    .map_or(bytes.len(), |i| start + i);
                self.pos = end;
                return Some(Event::Text(Text {
                    raw: &self.text[start..end],
                    cdata: false,
                }));
            }
            let rest = &bytes[start + 1..];
            match rest.first() {
                Some(b'!') if rest.starts_with(b"!--") => self.skip_past(start + 4, "-->"),
                Some(b'!') if rest.starts_with(b"![CDATA[") => {
                    let body = start + 9;
                    let end = self.text[body..]
                        .find("]]>")
                        .map_or(bytes.len(), |i| body + i);
                    self.pos = (end + 3).min(bytes.len());
                    return Some(Event::Text(Text {
                        raw: &self.text[body..end],
                        cdata: true,
                    }));
                }
                Some(b'!') => {
                    // <!DOCTYPE ...> possibly with an internal subset in brackets.
                    let mut depth = 0i32;
                    let mut i = start + 2;
                    while i < bytes.len() {
                        match bytes[i] {
                            b'[' => depth += 1,
                            b']' => depth -= 1,
                            b'>' if depth <= 0 => break,
                            _ => {}
                        }
                        i += 1;
                    }
                    self.pos = (i + 1).min(bytes.len());
                }
                Some(b'?') => self.skip_past(start + 2, "?>"),
                Some(b'/') => {
                    let name_start = start + 2;
                    let name_end = name_end(bytes, name_start);
                    let close = bytes[name_end..]
                        .iter()
                        .position(|&b| b == b'>' || b == b'<');
                    self.pos = match close {
                        Some(i) if bytes[name_end + i] == b'>' => name_end + i + 1,
                        Some(i) => name_end + i,
                        None => bytes.len(),
                    };
                    return Some(Event::End {
                        name: &self.text[name_start..name_end],
                    });
                }
                Some(&b) if is_name_start(b) => {
                    let name_start = start + 1;
                    let name_end = name_end(bytes, name_start);
                    // Find the closing '>' outside quoted attribute values.
                    let mut i = name_end;
                    let mut quote = 0u8;
                    while i < bytes.len() {
                        let c = bytes[i];
                        if c == b'<' {
                            // A tag that never closed (or a quote that never closed): stop
                            // before the next tag.
                            break;
                        }
                        if quote != 0 {
                            if c == quote {
                                quote = 0;
                            }
                        } else if c == b'"' || c == b'\'' {
                            quote = c;
                        } else if c == b'>' {
                            break;
                        }
                        i += 1;
                    }
                    let tag_end = i.min(bytes.len());
                    let self_closing = tag_end > name_end && bytes[tag_end - 1] == b'/';
                    let attrs_end = if self_closing { tag_end - 1 } else { tag_end };
                    self.pos = if tag_end < bytes.len() && bytes[tag_end] == b'>' {
                        tag_end + 1
                    } else {
                        tag_end
                    };
                    return Some(Event::Start {
                        name: &self.text[name_start..name_end],
                        attrs: Attrs {
                            raw: &self.text[name_end..attrs_end],
                        },
                        self_closing,
                    });
                }
                _ => {
                    // A lone '<' in text: keep it as text.
                    let end = self.text[start + 1..]
                        .find('<')
                        .map_or(bytes.len(), |i| start + 1 + i);
                    self.pos = end;
                    return Some(Event::Text(Text {
                        raw: &self.text[start..end],
                        cdata: false,
                    }));
                }
            }
        }
    }
}

fn name_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>' | b'<')
    {
        i += 1;
    }
    i
}

/// Windows-1251, bytes 0x80..=0xBF (0xC0..=0xFF are U+0410..=U+044F).
const CP1251_HIGH: [u16; 64] = [
    0x0402, 0x0403, 0x201a, 0x0453, 0x201e, 0x2026, 0x2020, 0x2021, 0x20ac, 0x2030, 0x0409, 0x2039,
    0x040a, 0x040c, 0x040b, 0x040f, 0x0452, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0xfffd, 0x2122, 0x0459, 0x203a, 0x045a, 0x045c, 0x045b, 0x045f, 0x00a0, 0x040e, 0x045e, 0x0408,
    0x00a4, 0x0490, 0x00a6, 0x00a7, 0x0401, 0x00a9, 0x0404, 0x00ab, 0x00ac, 0x00ad, 0x00ae, 0x0407,
    0x00b0, 0x00b1, 0x0406, 0x0456, 0x0491, 0x00b5, 0x00b6, 0x00b7, 0x0451, 0x2116, 0x0454, 0x00bb,
    0x0458, 0x0405, 0x0455, 0x0457,
];

/// Decodes windows-1251 bytes.
pub fn decode_cp1251(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0..=0x7f => b as char,
            0x80..=0xbf => {
                char::from_u32(CP1251_HIGH[(b - 0x80) as usize] as u32).unwrap_or('\u{fffd}')
            }
            _ => char::from_u32(0x0410 + (b - 0xc0) as u32).unwrap_or('\u{fffd}'),
        })
        .collect()
}

/// The `encoding="..."` of an XML declaration at the start of `bytes` (after junk-free
/// whitespace), lower-cased.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(512)];
    let decl_start = find(head, b"<?xml")?;
    let decl = &head[decl_start..];
    let decl = &decl[..find(decl, b"?>").unwrap_or(decl.len())];
    let at = find(decl, b"encoding")?;
    let rest = &decl[at + 8..];
    let rest = &rest[rest.iter().position(|&b| b == b'"' || b == b'\'')? + 1..];
    let end = rest.iter().position(|&b| b == b'"' || b == b'\'')?;
    Some(
        String::from_utf8_lossy(&rest[..end])
            .trim()
            .to_ascii_lowercase(),
    )
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Decodes a document's bytes to text: by byte-order mark (UTF-8, UTF-16), else by the XML
/// declaration's encoding (UTF-8, windows-1251, ISO-8859-1), else as UTF-8. Undecodable bytes
/// become U+FFFD; the second value then says what happened, for the feed's warnings.
pub fn decode_document(bytes: &[u8]) -> (Cow<'_, str>, Option<String>) {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return utf8(rest);
    }
    let utf16 = |be: bool| {
        let units = bytes[2..].chunks_exact(2).map(|c| {
            if be {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        Cow::Owned(
            char::decode_utf16(units)
                .map(|r| r.unwrap_or('\u{fffd}'))
                .collect(),
        )
    };
    if bytes.starts_with(b"\xff\xfe") {
        return (utf16(false), None);
    }
    if bytes.starts_with(b"\xfe\xff") {
        return (utf16(true), None);
    }
    match declared_encoding(bytes).as_deref() {
        None => match std::str::from_utf8(bytes) {
            Ok(s) => (Cow::Borrowed(s), None),
            // No declaration and not UTF-8: Russian-language sites mostly mean windows-1251,
            // whose letters are 0xC0..=0xFF.
            Err(_) if looks_like_cp1251(bytes) => (
                Cow::Owned(decode_cp1251(bytes)),
                Some(
                    "the body is not valid UTF-8 and declares no encoding; read as windows-1251"
                        .to_string(),
                ),
            ),
            Err(_) => utf8(bytes),
        },
        Some("utf-8" | "utf8" | "us-ascii" | "ascii") => utf8(bytes),
        Some("windows-1251" | "cp1251" | "cp-1251" | "win-1251" | "x-cp1251") => {
            (Cow::Owned(decode_cp1251(bytes)), None)
        }
        Some("iso-8859-1" | "latin1" | "latin-1" | "iso8859-1") => {
            (Cow::Owned(bytes.iter().map(|&b| b as char).collect()), None)
        }
        Some(other) => {
            let (text, _) = utf8(bytes);
            let note =
                format!("declared encoding {other:?} is not supported; read as UTF-8 (non-UTF-8 bytes replaced)");
            (text, Some(note))
        }
    }
}

fn looks_like_cp1251(bytes: &[u8]) -> bool {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    let letters = bytes.iter().filter(|&&b| b >= 0xc0).count();
    high > 0 && letters * 10 >= high * 7
}

fn utf8(bytes: &[u8]) -> (Cow<'_, str>, Option<String>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), None),
        Err(e) => {
            let note = format!(
                "the body is not valid UTF-8 (first bad byte at {}); bad bytes replaced",
                e.valid_up_to()
            );
            (String::from_utf8_lossy(bytes), Some(note))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(text: &str) -> Vec<String> {
        Scanner::new(text)
            .filter_map(|e| match e {
                Event::Start {
                    name,
                    attrs,
                    self_closing,
                } => {
                    let a: Vec<String> = attrs.iter().map(|(n, v)| format!("{n}={v}")).collect();
                    Some(format!(
                        "<{name}{}{}>",
                        if a.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", a.join(" "))
                        },
                        if self_closing { "/" } else { "" }
                    ))
                }
                Event::End { name } => Some(format!("</{name}>")),
                Event::Text(t) if t.is_blank() => None,
                Event::Text(t) => Some(format!("{:?}", t.decoded())),
            })
            .collect()
    }

    #[test]
    fn scans_elements_text_and_markup() {
        let doc = "junk <?xml version=\"1.0\"?>\n<!DOCTYPE rates [<!ENTITY x \"y\">]>\n<!-- c <item> -->\
                   <rates a='1'><item><from>A&amp;B &#65;&#x42;</from><x t=\"%\" u=v/><![CDATA[<raw>&amp;]]></item></rates> tail";
        assert_eq!(
            events(doc),
            [
                "\"junk \"",
                "<rates a=1>",
                "<item>",
                "<from>",
                "\"A&B AB\"",
                "</from>",
                "<x t=% u=v/>",
                "\"<raw>&amp;\"",
                "</item>",
                "</rates>",
                "\" tail\""
            ]
        );
    }

    #[test]
    fn tolerates_broken_markup() {
        assert_eq!(
            events("<a><b>1 < 2</a"),
            ["<a>", "<b>", "\"1 \"", "\"< 2\"", "</a>"]
        );
        assert_eq!(events("<a x=\"1><b>"), ["<a x=1>>", "<b>"]);
        assert_eq!(events("</a <b>"), ["</a>", "<b>"]);
        assert_eq!(events("<a <b>"), ["<a>", "<b>"]);
        assert_eq!(events("&bogus; &amp &#xZZ;"), ["\"&bogus; &amp &#xZZ;\""]);
        assert_eq!(events("<!-- never closed"), Vec::<String>::new());
        assert_eq!(events("<![CDATA[open"), ["\"open\""]);
    }

    #[test]
    fn attribute_lookup_is_case_insensitive() {
        let Some(Event::Start { attrs, .. }) = Scanner::new("<fromfee TYPE=\"abs\" x>").next()
        else {
            panic!()
        };
        assert_eq!(attrs.get("type").as_deref(), Some("abs"));
        assert_eq!(attrs.get("x").as_deref(), Some(""));
        assert_eq!(attrs.get("y"), None);
    }

    #[test]
    fn decodes_by_bom_and_declaration() {
        let cp = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><x>\xcf\xf0\xe8\xe2\xe5\xf2 \xa8\xb8 \xb9</x>";
        let (t, w) = decode_document(cp);
        assert!(t.ends_with("<x>Привет Ёё №</x>"), "{t}");
        assert_eq!(w, None);
        let (t, _) = decode_document(b"\xef\xbb\xbf<a/>");
        assert_eq!(t, "<a/>");
        let (t, _) = decode_document(b"\xff\xfe<\0a\0/\0>\0");
        assert_eq!(t, "<a/>");
        let (t, w) = decode_document(b"<?xml version='1.0' encoding='koi8-r'?><a>\xf0</a>");
        assert!(t.contains('\u{fffd}') && w.unwrap().contains("koi8-r"));
        let (_, w) = decode_document(b"<a>\x80\x81</a>");
        assert!(w.unwrap().contains("not valid UTF-8"));
        // Undeclared windows-1251 ("Москва") is recognised.
        let (t, w) = decode_document(b"MSK;\xcc\xee\xf1\xea\xe2\xe0");
        assert_eq!(t, "MSK;Москва");
        assert!(w.unwrap().contains("windows-1251"));
        let (t, _) = decode_document(b"<?xml encoding=\"ISO-8859-1\"?><a>\xe9</a>");
        assert!(t.contains("<a>é</a>"));
    }

    proptest::proptest! {
        #[test]
        fn scanner_never_panics(text in "\\PC{0,80}", markup in "[<>/!?\\[\\]a-c=\"' &#;x0-9-]{0,80}") {
            let _ = Scanner::new(&text).map(|e| if let Event::Start { attrs, .. } = e { attrs.iter().count() } else { 0 }).sum::<usize>();
            for e in Scanner::new(&markup) {
                if let Event::Start { attrs, .. } = e { let _ = attrs.iter().count(); }
                if let Event::Text(t) = e { let _ = t.decoded(); }
            }
        }
    }
}
