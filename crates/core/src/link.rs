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
    if authority.contains('@') {
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
                if name.contains('{') {
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
        out
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
