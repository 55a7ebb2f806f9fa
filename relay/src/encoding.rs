//! Content-coding: compressing bodies once and choosing one by `Accept-Encoding`.

use std::io::Write;

/// A content-coding the relay can send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    /// Brotli.
    Br,
    /// Gzip.
    Gzip,
    /// Uncompressed.
    Identity,
}

impl Coding {
    /// The `Content-Encoding` value (none for identity).
    pub fn header(self) -> Option<&'static str> {
        match self {
            Coding::Br => Some("br"),
            Coding::Gzip => Some("gzip"),
            Coding::Identity => None,
        }
    }

    /// Suffix added to a strong ETag so each coding has its own validator.
    pub fn etag_suffix(self) -> &'static str {
        match self {
            Coding::Br => "-br",
            Coding::Gzip => "-gz",
            Coding::Identity => "",
        }
    }
}

/// Picks the coding for an `Accept-Encoding` header value, honouring q-values; ties prefer
/// br, then gzip, then identity. `available` says which compressed bodies exist.
pub fn negotiate(accept: Option<&str>, br_available: bool, gzip_available: bool) -> Coding {
    let Some(accept) = accept else {
        return Coding::Identity;
    };
    let (mut br, mut gz, mut id, mut star): (Option<f32>, Option<f32>, Option<f32>, Option<f32>) =
        (None, None, None, None);
    for part in accept.split(',') {
        let mut pieces = part.split(';');
        let name = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let mut q = 1.0f32;
        for p in pieces {
            let p = p.trim();
            if let Some(v) = p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")) {
                q = v
                    .trim()
                    .parse::<f32>()
                    .ok()
                    .filter(|q| q.is_finite())
                    .unwrap_or(0.0)
                    .clamp(0.0, 1.0);
            }
        }
        match name.as_str() {
            "br" => br = Some(q),
            "gzip" | "x-gzip" => gz = Some(q),
            "identity" => id = Some(q),
            "*" => star = Some(q),
            _ => {}
        }
    }
    let br_q = if br_available {
        br.or(star).unwrap_or(0.0)
    } else {
        0.0
    };
    let gz_q = if gzip_available {
        gz.or(star).unwrap_or(0.0)
    } else {
        0.0
    };
    // identity is acceptable unless refused explicitly (or by `*;q=0` without its own entry).
    let id_q = id.unwrap_or(if star == Some(0.0) { 0.0 } else { 0.001 });
    if br_q > 0.0 && br_q >= gz_q && br_q >= id_q {
        Coding::Br
    } else if gz_q > 0.0 && gz_q >= id_q {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

/// Brotli-compresses `data` (quality 0-11, window 2^lgwin).
pub fn brotli(data: &[u8], quality: u32, lgwin: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 6 + 64);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, quality, lgwin);
        // Writing into a Vec cannot fail.
        let _ = w.write_all(data);
        let _ = w.flush();
    }
    out
}

/// The smallest brotli window (log2, 16..=22) that covers `len` bytes: a larger one compresses
/// no better and costs encoder memory.
pub fn window_for(len: usize) -> u32 {
    let mut w = 16;
    while w < 22 && (1usize << w) < len {
        w += 1;
    }
    w
}

/// Gzip-compresses `data` at `level` (0-9).
pub fn gzip(data: &[u8], level: u32) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 5 + 64),
        flate2::Compression::new(level),
    );
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

/// True when an `If-None-Match` value matches the entity tag `base` (weak comparison, any
/// `-coding` suffix, `*`). `base` is hex, so everything from the first `-` is a suffix.
pub fn if_none_match_matches(header: &str, base: &str) -> bool {
    header.split(',').any(|tag| {
        let tag = tag.trim();
        if tag == "*" {
            return true;
        }
        let tag = tag.strip_prefix("W/").unwrap_or(tag);
        let tag = tag.trim_matches('"');
        tag.split('-').next() == Some(base)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_q_values() {
        assert_eq!(negotiate(None, true, true), Coding::Identity);
        assert_eq!(negotiate(Some("gzip, deflate, br"), true, true), Coding::Br);
        assert_eq!(
            negotiate(Some("gzip, deflate, br"), false, true),
            Coding::Gzip
        );
        assert_eq!(
            negotiate(Some("br;q=0.5, gzip;q=0.8"), true, true),
            Coding::Gzip
        );
        assert_eq!(negotiate(Some("br;q=0, gzip"), true, true), Coding::Gzip);
        assert_eq!(
            negotiate(Some("br;q=0, gzip;q=0"), true, true),
            Coding::Identity
        );
        assert_eq!(negotiate(Some("*"), true, true), Coding::Br);
        assert_eq!(negotiate(Some("identity"), true, true), Coding::Identity);
        assert_eq!(negotiate(Some("deflate"), true, true), Coding::Identity);
        assert_eq!(negotiate(Some("GZIP;Q=1.0"), true, true), Coding::Gzip);
        assert_eq!(
            negotiate(Some("br;q=garbage, gzip"), true, true),
            Coding::Gzip
        );
    }

    #[test]
    fn window_fits_the_input() {
        assert_eq!(window_for(0), 16);
        assert_eq!(window_for(65_536), 16);
        assert_eq!(window_for(65_537), 17);
        assert_eq!(window_for(1_500_000), 21);
        assert_eq!(window_for(100_000_000), 22);
    }

    #[test]
    fn compressors_round_trip() {
        let data = b"{\"directions\":[1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,10]}".repeat(50);
        let b = brotli(&data, 9, 22);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &b[..], &mut out).unwrap();
        assert_eq!(out, data);
        assert!(b.len() < data.len() / 5);
        let g = gzip(&data, 9);
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&g[..]), &mut out).unwrap();
        assert_eq!(out, data);
    }

    #[test]
    fn etag_matching_is_weak_and_coding_blind() {
        assert!(if_none_match_matches("\"abc\"", "abc"));
        assert!(if_none_match_matches("W/\"abc-br\"", "abc"));
        assert!(if_none_match_matches("\"x\", \"abc-gz\"", "abc"));
        assert!(if_none_match_matches("\"abc-brq\"", "abc"));
        assert!(!if_none_match_matches("\"abcd-br\"", "abc"));
        assert!(if_none_match_matches("*", "abc"));
        assert!(!if_none_match_matches("\"abd\"", "abc"));
        assert!(!if_none_match_matches("", "abc"));
    }
}
