//! Who is asking: the client's address, scheme and host, from the socket peer, and from
//! `X-Forwarded-For`/`-Proto`/`-Host` only when the peer is a configured trusted proxy.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

/// Proxies whose `X-Forwarded-*` headers are believed: single addresses or CIDR ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Parses `["127.0.0.1", "10.0.0.0/8", "::1"]`; the error names the entry.
    pub fn parse(entries: &[String]) -> Result<TrustedProxies, String> {
        let mut out = Vec::with_capacity(entries.len());
        for entry in entries {
            let text = entry.trim();
            let (addr, bits) = match text.split_once('/') {
                Some((a, b)) => (a, Some(b)),
                None => (text, None),
            };
            let bad = || format!("trusted proxy {entry:?} is not an IP address or CIDR range");
            let addr: IpAddr = addr.parse().map_err(|_| bad())?;
            let max = if addr.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                None => max,
                Some(b) => b.parse::<u8>().ok().filter(|b| *b <= max).ok_or_else(bad)?,
            };
            out.push((addr, bits));
        }
        Ok(TrustedProxies(out))
    }

    /// True when no proxy is trusted (forwarding headers are ignored).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// True when `ip` is one of the trusted proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0
            .iter()
            .any(|(net, bits)| match (canonical(*net), ip) {
                (IpAddr::V4(n), IpAddr::V4(a)) => prefix_eq(&n.octets(), &a.octets(), *bits),
                (IpAddr::V6(n), IpAddr::V6(a)) => prefix_eq(&n.octets(), &a.octets(), *bits),
                _ => false,
            })
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`, what a dual-stack socket reports) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn prefix_eq(a: &[u8], b: &[u8], bits: u8) -> bool {
    let full = usize::from(bits / 8);
    let rest = bits % 8;
    if a[..full] != b[..full] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    a[full] & mask == b[full] & mask
}

/// The client of one request, as far as it can be known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    /// The client's address: the socket peer, or the first untrusted hop of
    /// `X-Forwarded-For` when the peer is a trusted proxy. Unspecified (`0.0.0.0`) when the
    /// server did not record the peer.
    pub ip: IpAddr,
    /// True when the client reached us over https (`X-Forwarded-Proto` of a trusted proxy).
    pub https: bool,
    /// The host the client asked for: `X-Forwarded-Host` of a trusted proxy, else `Host`.
    pub host: Option<String>,
}

impl Client {
    /// Reads the client of a request whose socket peer is `peer`.
    pub fn from_headers(
        peer: Option<SocketAddr>,
        headers: &HeaderMap,
        trusted: &TrustedProxies,
    ) -> Client {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let peer_ip = peer.map_or(IpAddr::from([0, 0, 0, 0]), |p| canonical(p.ip()));
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        if !trusted.contains(peer_ip) {
            return Client {
                ip: peer_ip,
                https: false,
                host,
            };
        }
        // Right to left: each trusted hop vouches for the one before it; the first address not
        // ours is the client. Every header line counts, in order.
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut ip = peer_ip;
        for hop in hops.iter().rev() {
            match hop.parse::<IpAddr>() {
                Ok(addr) => {
                    ip = canonical(addr);
                    if !trusted.contains(ip) {
                        break;
                    }
                }
                // A garbled hop: stop at the last address we could vouch for.
                Err(_) => break,
            }
        }
        let first = |v: &str| v.split(',').next().unwrap_or("").trim().to_string();
        Client {
            ip,
            https: text("x-forwarded-proto")
                .is_some_and(|p| first(p).eq_ignore_ascii_case("https")),
            host: text("x-forwarded-host").map(first).or(host),
        }
    }

    /// Reads the client from request parts (the peer from axum's `ConnectInfo`).
    pub fn from_parts(parts: &Parts, trusted: &TrustedProxies) -> Client {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0);
        Client::from_headers(peer, &parts.headers, trusted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn forwarding_headers_count_only_from_trusted_proxies() {
        let trusted = TrustedProxies::parse(&["10.0.0.0/8".into(), "::1".into()]).unwrap();
        let h = headers(&[
            ("host", "relay.internal"),
            ("x-forwarded-for", "198.51.100.7, 10.1.2.3"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "partner.example"),
        ]);
        let direct = Client::from_headers(Some("203.0.113.5:4000".parse().unwrap()), &h, &trusted);
        assert_eq!(direct.ip, "203.0.113.5".parse::<IpAddr>().unwrap());
        assert!(!direct.https);
        assert_eq!(direct.host.as_deref(), Some("relay.internal"));

        let proxied = Client::from_headers(Some("10.0.0.2:4000".parse().unwrap()), &h, &trusted);
        assert_eq!(proxied.ip, "198.51.100.7".parse::<IpAddr>().unwrap());
        assert!(proxied.https);
        assert_eq!(proxied.host.as_deref(), Some("partner.example"));

        // A client cannot pose as another by prepending to the header: the rightmost
        // untrusted hop wins.
        let h = headers(&[("x-forwarded-for", "1.1.1.1, 198.51.100.7")]);
        let c = Client::from_headers(Some("[::1]:1".parse().unwrap()), &h, &trusted);
        assert_eq!(c.ip, "198.51.100.7".parse::<IpAddr>().unwrap());

        let nobody = TrustedProxies::default();
        let c = Client::from_headers(Some("[::ffff:10.0.0.2]:1".parse().unwrap()), &h, &nobody);
        assert_eq!(c.ip, "10.0.0.2".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn proxy_list_parsing() {
        assert!(TrustedProxies::parse(&["10.0.0.0/33".into()]).is_err());
        assert!(TrustedProxies::parse(&["proxy.local".into()]).is_err());
        let t = TrustedProxies::parse(&["192.168.1.0/24".into(), "fd00::/8".into()]).unwrap();
        assert!(t.contains("192.168.1.200".parse().unwrap()));
        assert!(!t.contains("192.168.2.1".parse().unwrap()));
        assert!(t.contains("fd12::1".parse().unwrap()));
        assert!(!t.contains("fe80::1".parse().unwrap()));
    }
}
