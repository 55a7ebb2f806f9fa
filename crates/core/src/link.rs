//! Affiliate links: exchanger base URL + partner code + feed codes -> checked, encoded href.

use std::fmt;

/// Why a link configuration (exchanger URL, partner code, template) cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// No exchanger URL given.
    EmptyBase,
    /// The URL is not `http://` or `https://` (e.g. `javascript:`, `data:`, relative).
    NotHttp {
        /// The text given, for the message.
        given: String,
    },
    /// `http(s)://` with nothing after it.
    NoHost {
        /// The text given.
        given: String,
    },
    /// `user:password@host`: refused, it hides the real host from people.
    UserInfo {
        /// The text given.
        given: String,
    },
    /// A character that has no place in a URL (space, quote, `<`, control...).
    BadCharacter {
        /// The offending character.
        ch: char,
        /// The text given.
        given: String,
    },
    /// The base URL carries `?` or `#`, so nothing could be appended to it.
    QueryInBase {
        /// The text given.
        given: String,
    },
    /// No partner code, so the link would earn nothing.
    EmptyRef,
    /// A `{name}` the template does not know.
    UnknownPlaceholder {
        /// The placeholder name.
        name: String,
    },
    /// A `{` without its `}` (or the reverse).
    UnbalancedBrace {
        /// The template given.
        template: String,
    },
    /// A `placement` name that is empty, longer than 64 characters, or has characters other
    /// than `A-Z a-z 0-9 . _ -`.
    BadPlacement {
        /// The text given.
        given: String,
    },
    /// A `placement-param` that is not a plain query parameter name (same characters).
    BadPlacementParam {
        /// The text given.
        given: String,
    },
    /// The template does not produce an absolute http(s) link.
    BadTemplate {
        /// The template given.
        template: String,
        /// What is wrong with the link it produces.
        cause: Box<LinkError>,
    },
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::EmptyBase => f.write_str("the exchanger URL is empty"),
            LinkError::NotHttp { given } => {
                write!(f, "the exchanger URL must start with http:// or https:// (got \"{given}\")")
            }
            LinkError::NoHost { given } => write!(f, "the exchanger URL has no host name (got \"{given}\")"),
            LinkError::UserInfo { given } => {
                write!(f, "the exchanger URL must not contain a user name or password (got \"{given}\")")
            }
            LinkError::BadCharacter { ch, given } => {
                write!(f, "the exchanger URL contains {}, which is not allowed in a URL (got \"{given}\")", describe_char(*ch))
            }
            LinkError::QueryInBase { given } => write!(
                f,
                "the exchanger URL must not contain '?' or '#'; use a link template for custom parameters (got \"{given}\")"
            ),
            LinkError::EmptyRef => f.write_str("the partner code (ref) is empty"),
            LinkError::UnknownPlaceholder { name } => write!(
                f,
                "unknown placeholder {{{name}}} in the link template; use {{base}}, {{ref}}, {{from}} and {{to}}"
            ),
            LinkError::UnbalancedBrace { template } => {
                write!(f, "the link template has an unmatched '{{' or '}}' (got \"{template}\")")
            }
            LinkError::BadPlacement { given } => write!(
                f,
                "the placement must be 1 to {MAX_PLACEMENT_LEN} characters of A-Z, a-z, 0-9, '.', '_' and '-' (got \"{given}\")"
            ),
            LinkError::BadPlacementParam { given } => write!(
                f,
                "the placement parameter must be 1 to {MAX_PLACEMENT_LEN} characters of A-Z, a-z, 0-9, '.', '_' and '-' (got \"{given}\")"
            ),
            LinkError::BadTemplate { template, cause } => {
                write!(f, "the link template \"{template}\" does not give a usable link: {cause}")
            }
        }
    }
}

impl std::error::Error for LinkError {}

/// A character for a message: `'"'`, `a space`, `U+0009`.
fn describe_char(ch: char) -> String {
    if ch == ' ' {
        "a space".to_string()
    } else if ch.is_control() || ch.is_whitespace() {
        format!("U+{:04X}", ch as u32)
    } else {
        format!("'{ch}'")
    }
}

/// One piece of a parsed template.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Base,
    Ref,
    From,
    To,
}

/// Builds affiliate links for one exchanger and partner: by default
/// `{base}/ref/{ref}/?cur_from={from}&cur_to={to}`, or a template with those placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkBuilder {
    base: String,
    ref_code: String,
    pieces: Vec<Piece>,
    /// `&param=name` appended after the template's own parameters, when a placement is set.
    placement: Option<(String, String)>,
}

/// The query parameter a placement travels in unless `placement-param` names another.
pub const DEFAULT_PLACEMENT_PARAM: &str = "utm_content";

/// Longest placement name (and placement parameter name).
pub const MAX_PLACEMENT_LEN: usize = 64;

/// Whether `name` is a usable placement (or parameter) name: 1 to 64 of `A-Z a-z 0-9 . _ -`.
pub fn is_placement_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_PLACEMENT_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Decodes one `application/x-www-form-urlencoded` component: `%XX` escapes and `+` as a space.
/// A broken escape is kept as written; bytes that are not UTF-8 become U+FFFD.
pub fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of parameter `name` in a query string (with or without its leading `?`, a `#…`
/// fragment ignored), decoded. When the parameter repeats, the last one wins, as in PHP's
/// `$_GET`, which is how the exchanger's own scripts read it.
pub fn query_value(query: &str, name: &str) -> Option<String> {
    let query = query.split('#').next().unwrap_or("");
    let query = query.split_once('?').map(|(_, q)| q).unwrap_or(query);
    query
        .rsplit('&')
        .find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(key) == name).then_some(value)
        })
        .map(decode_component)
}

/// The default link shape (BestChange-style `/ref/CODE/`).
pub const DEFAULT_TEMPLATE: &str = "{base}/ref/{ref}/?cur_from={from}&cur_to={to}";

/// Percent-encodes everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

/// Checks that `url` is an absolute http(s) URL with a host and no user info; returns it with
/// the scheme lower-cased. `allow_query` permits `?`/`#` (full links) or not (bases).
pub fn check_url(url: &str, allow_query: bool) -> Result<String, LinkError> {
    let given = || url.to_string();
    if url.is_empty() {
        return Err(LinkError::EmptyBase);
    }
    let lower_start: String = url.chars().take(8).collect::<String>().to_ascii_lowercase();
    let rest_at = if lower_start.starts_with("https://") {
        8
    } else if lower_start.starts_with("http://") {
        7
    } else {
        return Err(LinkError::NotHttp { given: given() });
    };
    if let Some(ch) = url.chars().find(|&c| {
        c.is_control()
            || c.is_whitespace()
            || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
    }) {
        return Err(LinkError::BadCharacter { ch, given: given() });
    }
    let rest = &url[rest_at..];
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    // Byte scans, not `str::contains(char)`, which links a substring searcher into the widget.
    if authority.bytes().any(|b| b == b'@') {
        return Err(LinkError::UserInfo { given: given() });
    }
    let host = authority.rsplit_once(':').map_or(authority, |(h, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            authority
        }
    });
    if host.is_empty() || host.starts_with('.') {
        return Err(LinkError::NoHost { given: given() });
    }
    if !allow_query && rest.contains(['?', '#']) {
        return Err(LinkError::QueryInBase { given: given() });
    }
    Ok(format!("{}{}", &lower_start[..rest_at], rest))
}

fn parse_template(template: &str) -> Result<Vec<Piece>, LinkError> {
    let unbalanced = || LinkError::UnbalancedBrace {
        template: template.to_string(),
    };
    let mut pieces = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                pieces.push(Piece::Text(rest.to_string()));
                break;
            }
            Some(at) => {
                if at > 0 {
                    pieces.push(Piece::Text(rest[..at].to_string()));
                }
                if rest.as_bytes()[at] == b'}' {
                    return Err(unbalanced());
                }
                let close = rest[at..].find('}').ok_or_else(unbalanced)? + at;
                let name = &rest[at + 1..close];
                if name.bytes().any(|b| b == b'{') {
                    return Err(unbalanced());
                }
                pieces.push(match name.trim() {
                    "base" => Piece::Base,
                    "ref" => Piece::Ref,
                    "from" => Piece::From,
                    "to" => Piece::To,
                    _ => {
                        return Err(LinkError::UnknownPlaceholder {
                            name: name.to_string(),
                        })
                    }
                });
                rest = &rest[close + 1..];
            }
        }
    }
    Ok(pieces)
}

impl LinkBuilder {
    /// Checks the exchanger URL (absolute http(s), a host, no user info, no query), the partner
    /// code (non-empty when the link uses it) and the template (only `{base}`, `{ref}`, `{from}`,
    /// `{to}`; the result must still be an http(s) URL). Trailing slashes of `base` are dropped.
    pub fn new(
        base: &str,
        ref_code: &str,
        template: Option<&str>,
    ) -> Result<LinkBuilder, LinkError> {
        let base = check_url(base.trim(), false)?;
        let base = base.trim_end_matches('/').to_string();
        // `https://` alone trims to `https:`; the host check above already refused it.
        let template = template
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or(DEFAULT_TEMPLATE);
        let pieces = parse_template(template)?;
        let ref_code = ref_code.trim().to_string();
        if ref_code.is_empty() && pieces.contains(&Piece::Ref) {
            return Err(LinkError::EmptyRef);
        }
        let builder = LinkBuilder {
            base,
            ref_code,
            pieces,
            placement: None,
        };
        // The template decides the scheme and host when it does not start with {base}.
        check_url(&builder.href("BTC", "ETH"), true).map_err(|cause| LinkError::BadTemplate {
            template: template.to_string(),
            cause: Box::new(cause),
        })?;
        Ok(builder)
    }

    /// The link for the pair, codes exactly as in the feed, percent-encoded.
    pub fn href(&self, from: &str, to: &str) -> String {
        let mut out = String::with_capacity(self.base.len() + 64);
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Base => out.push_str(&self.base),
                Piece::Ref => out.push_str(&encode_component(&self.ref_code)),
                Piece::From => out.push_str(&encode_component(from)),
                Piece::To => out.push_str(&encode_component(to)),
            }
        }
        if let Some((param, name)) = &self.placement {
            let sep = if out.bytes().any(|b| b == b'?') {
                '&'
            } else {
                '?'
            };
            out.push(sep);
            out.push_str(&encode_component(param));
            out.push('=');
            out.push_str(&encode_component(name));
        }
        out
    }

    /// Tags every link with the widget's placement: `&utm_content=NAME` (or the parameter
    /// `param` names) after the template's own parameters.
    ///
    /// # Errors
    /// [`LinkError::BadPlacement`] or [`LinkError::BadPlacementParam`] when a name is not 1 to
    /// 64 characters of `A-Z a-z 0-9 . _ -`.
    pub fn with_placement(mut self, name: &str, param: Option<&str>) -> Result<Self, LinkError> {
        if !is_placement_name(name) {
            return Err(LinkError::BadPlacement {
                given: name.to_string(),
            });
        }
        let param = param.unwrap_or(DEFAULT_PLACEMENT_PARAM);
        if !is_placement_name(param) {
            return Err(LinkError::BadPlacementParam {
                given: param.to_string(),
            });
        }
        self.placement = Some((param.to_string(), name.to_string()));
        Ok(self)
    }

    /// The placement name the links carry, if any.
    pub fn placement(&self) -> Option<&str> {
        self.placement.as_ref().map(|(_, name)| name.as_str())
    }

    /// The checked exchanger URL (scheme lower-cased, no trailing slash).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The partner code as given (trimmed, not encoded).
    pub fn ref_code(&self) -> &str {
        &self.ref_code
    }
}
