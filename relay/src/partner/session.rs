//! Dashboard logins: random session ids in an HttpOnly cookie, CSRF tokens, idle and absolute
//! session lifetimes, and per-client and global limits on password guesses.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Name of the session cookie.
pub const COOKIE: &str = "ratelink_dashboard";
/// Default for how long an unused session lives.
pub const IDLE: Duration = Duration::from_secs(3600);
/// Default for how long a session lives at most, however busy.
pub const LIFETIME: Duration = Duration::from_secs(12 * 3600);
/// Most sessions kept at once (the oldest go first).
pub const MAX_SESSIONS: usize = 256;
/// Wrong passwords allowed per client address within [`FAILURE_WINDOW`].
pub const MAX_FAILURES: usize = 5;
/// How long a wrong password counts against its address.
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Most client addresses tracked at once (bounded memory under a spray of addresses).
const MAX_TRACKED: usize = 10_000;

/// 32 random bytes as hex, from the operating system's generator.
pub fn random_token() -> Result<String, std::io::Error> {
    use std::io::Read;
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares two secrets in time that depends only on their lengths, not their contents.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let len = a.len().max(b.len());
    let mut diff = (a.len() ^ b.len()) as u64;
    for i in 0..len {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= u64::from(x ^ y);
    }
    std::hint::black_box(diff) == 0
}

#[derive(Clone)]
struct Session {
    csrf: String,
    created: Instant,
    last_seen: Instant,
}

/// The live sessions.
pub struct Sessions {
    map: Mutex<HashMap<String, Session>>,
    idle: Duration,
    lifetime: Duration,
}

impl Default for Sessions {
    fn default() -> Sessions {
        Sessions::new(IDLE, LIFETIME)
    }
}

impl Sessions {
    /// Sessions that end after `idle` without use, or `lifetime` after login.
    pub fn new(idle: Duration, lifetime: Duration) -> Sessions {
        Sessions {
            map: Mutex::new(HashMap::new()),
            idle,
            lifetime,
        }
    }

    /// The absolute lifetime (the cookie's `Max-Age`).
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    fn alive(&self, s: &Session) -> bool {
        s.last_seen.elapsed() < self.idle && s.created.elapsed() < self.lifetime
    }

    /// Starts a session; returns (session id, CSRF token).
    pub fn create(&self) -> Result<(String, String), std::io::Error> {
        let id = random_token()?;
        let csrf = random_token()?;
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, s| self.alive(s));
        if map.len() >= MAX_SESSIONS {
            if let Some(oldest) = map
                .iter()
                .min_by_key(|(_, s)| s.last_seen)
                .map(|(k, _)| k.clone())
            {
                map.remove(&oldest);
            }
        }
        let now = Instant::now();
        map.insert(
            id.clone(),
            Session {
                csrf: csrf.clone(),
                created: now,
                last_seen: now,
            },
        );
        Ok((id, csrf))
    }

    /// The CSRF token of a live session (refreshing its idle timer, never its lifetime).
    pub fn check(&self, id: &str) -> Option<String> {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        let s = map.get(id)?;
        if !self.alive(s) {
            map.remove(id);
            return None;
        }
        let s = map.get_mut(id)?;
        s.last_seen = Instant::now();
        Some(s.csrf.clone())
    }

    /// Ends a session.
    pub fn remove(&self, id: &str) {
        self.map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }
}

/// Password attempts: at most [`MAX_FAILURES`] wrong ones per client in [`FAILURE_WINDOW`],
/// a client being an IPv4 address or an IPv6 /64 (one subscriber's whole prefix: a single host
/// can hold billions of its addresses), and at most [`GLOBAL_ATTEMPTS`] from everyone together
/// in [`GLOBAL_WINDOW`], so a spray of addresses cannot guess faster than that. An attempt is
/// counted *before* the password is looked at, so concurrent guesses cannot slip past either
/// limit; a right password clears its client's count and gives its attempt back.
#[derive(Default)]
pub struct LoginLimiter {
    state: Mutex<Attempts>,
}

#[derive(Default)]
struct Attempts {
    per_client: HashMap<IpAddr, VecDeque<Instant>>,
    everyone: VecDeque<Instant>,
}

/// Wrong passwords (and attempts in progress) allowed from all clients together within
/// [`GLOBAL_WINDOW`]: a person typing never comes near it; a distributed guesser is held to
/// about 43,000 a day.
pub const GLOBAL_ATTEMPTS: usize = 30;
/// The window of [`GLOBAL_ATTEMPTS`].
pub const GLOBAL_WINDOW: Duration = Duration::from_secs(60);

/// The address a client is counted under: IPv4 as it is, IPv6 cut to its /64.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut octets = v6.octets();
                octets[8..].fill(0);
                IpAddr::from(octets)
            }
        },
        v4 => v4,
    }
}

/// Drops the attempts in `q` older than `window`; refuses with the time until the oldest
/// expires when `max` are left.
fn room_in(
    q: &mut VecDeque<Instant>,
    now: Instant,
    window: Duration,
    max: usize,
) -> Result<(), Duration> {
    while q.front().is_some_and(|t| now.duration_since(*t) >= window) {
        q.pop_front();
    }
    if q.len() >= max {
        let oldest = q.front().copied().unwrap_or(now);
        let wait = window.saturating_sub(now.duration_since(oldest));
        return Err(wait.max(Duration::from_secs(1)));
    }
    Ok(())
}

impl LoginLimiter {
    /// Counts an attempt from `ip`, or refuses it with the time until it may try again (the
    /// caller answers 429 with that `Retry-After` and does not check the password).
    pub fn begin(&self, ip: IpAddr) -> Result<(), Duration> {
        let key = client_key(ip);
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let map = &mut st.per_client;
        if map.len() >= MAX_TRACKED && !map.contains_key(&key) {
            map.retain(|_, q| {
                q.back()
                    .is_some_and(|t| now.duration_since(*t) < FAILURE_WINDOW)
            });
            if map.len() >= MAX_TRACKED {
                // Still full of live entries: forget the client whose last attempt is oldest.
                if let Some(oldest) = map
                    .iter()
                    .min_by_key(|(_, q)| q.back().copied())
                    .map(|(k, _)| *k)
                {
                    map.remove(&oldest);
                }
            }
        }
        room_in(
            map.entry(key).or_default(),
            now,
            FAILURE_WINDOW,
            MAX_FAILURES,
        )?;
        let everyone = &mut st.everyone;
        room_in(everyone, now, GLOBAL_WINDOW, GLOBAL_ATTEMPTS)?;
        everyone.push_back(now);
        st.per_client.entry(key).or_default().push_back(now);
        Ok(())
    }

    /// A right password from `ip`: its client's attempts stop counting, and the attempt is
    /// given back to everyone's budget (only wrong passwords use it up).
    pub fn succeeded(&self, ip: IpAddr) {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        st.per_client.remove(&client_key(ip));
        st.everyone.pop_back();
    }
}

/// The session id from a `Cookie` header.
pub fn cookie_value<'a>(cookie_header: &'a str, name: &str) -> Option<&'a str> {
    cookie_header
        .split(';')
        .filter_map(|part| part.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// `Set-Cookie` for a session living at most `lifetime` (Secure when the dashboard is served
/// over https).
pub fn set_cookie(id: &str, lifetime: Duration, secure: bool) -> String {
    format!(
        "{COOKIE}={id}; Path=/partner; HttpOnly; SameSite=Strict; Max-Age={}{}",
        lifetime.as_secs(),
        if secure { "; Secure" } else { "" }
    )
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    format!(
        "{COOKIE}=; Path=/partner; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex() {
        let a = random_token().unwrap();
        let b = random_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq(b"hunter2", b"hunter2"));
        assert!(!constant_time_eq(b"hunter2", b"hunter3"));
        assert!(!constant_time_eq(b"hunter2", b"hunter22"));
        assert!(!constant_time_eq(b"", b"x"));
    }

    #[test]
    fn sessions_end_when_idle_or_too_old() {
        let s = Sessions::default();
        let (id, csrf) = s.create().unwrap();
        assert_eq!(s.check(&id), Some(csrf));
        s.remove(&id);
        assert_eq!(s.check(&id), None);
        assert_eq!(
            cookie_value("a=1; ratelink_dashboard=abc ; b=2", COOKIE),
            Some("abc")
        );

        let busy = Sessions::new(Duration::from_secs(60), Duration::from_millis(150));
        let (id, _) = busy.create().unwrap();
        for _ in 0..3 {
            std::thread::sleep(Duration::from_millis(30));
            assert!(busy.check(&id).is_some(), "used within its lifetime");
        }
        std::thread::sleep(Duration::from_millis(120));
        assert_eq!(busy.check(&id), None, "past its absolute lifetime");

        let idle = Sessions::new(Duration::from_millis(50), Duration::from_secs(60));
        let (id, _) = idle.create().unwrap();
        std::thread::sleep(Duration::from_millis(80));
        assert_eq!(idle.check(&id), None, "idle too long");
    }

    #[test]
    fn five_attempts_per_address_then_refused() {
        let limiter = LoginLimiter::default();
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        for _ in 0..MAX_FAILURES {
            assert!(limiter.begin(a).is_ok());
        }
        let wait = limiter.begin(a).unwrap_err();
        assert!(
            wait > Duration::from_secs(14 * 60) && wait <= FAILURE_WINDOW,
            "{wait:?}"
        );
        assert!(limiter.begin(b).is_ok(), "other addresses are unaffected");
        limiter.succeeded(b);
        limiter.succeeded(a);
        assert!(
            limiter.begin(a).is_ok(),
            "a right password clears the count"
        );
    }

    #[test]
    fn an_ipv6_prefix_is_one_client() {
        let limiter = LoginLimiter::default();
        for i in 0..MAX_FAILURES {
            let ip: IpAddr = format!("2001:db8:1:2::{:x}", i + 1).parse().unwrap();
            assert!(limiter.begin(ip).is_ok());
        }
        let fresh: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert!(
            limiter.begin(fresh).is_err(),
            "another address of the same /64 is the same client"
        );
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert!(
            limiter.begin(other).is_ok(),
            "the next /64 is another client"
        );
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn a_spray_of_addresses_meets_the_global_limit() {
        let limiter = LoginLimiter::default();
        for i in 0..GLOBAL_ATTEMPTS {
            let ip: IpAddr = format!("10.0.{}.{}", i / 250, i % 250 + 1).parse().unwrap();
            assert!(limiter.begin(ip).is_ok(), "attempt {i}");
        }
        let wait = limiter
            .begin("192.0.2.1".parse().unwrap())
            .expect_err("one more from a new address is refused");
        assert!(
            wait > Duration::from_secs(50) && wait <= GLOBAL_WINDOW,
            "{wait:?}"
        );
        // Right passwords give their attempt back: logins go on however many there are.
        let limiter = LoginLimiter::default();
        for i in 0..GLOBAL_ATTEMPTS * 3 {
            let ip: IpAddr = format!("10.1.{}.{}", i / 250, i % 250 + 1).parse().unwrap();
            assert!(limiter.begin(ip).is_ok(), "login {i}");
            limiter.succeeded(ip);
        }
        // A refused attempt is not counted against the client it came from.
        let limiter = LoginLimiter::default();
        for _ in 0..GLOBAL_ATTEMPTS {
            let _ = limiter.begin("10.9.9.9".parse().unwrap());
        }
        assert_eq!(
            limiter
                .state
                .lock()
                .unwrap()
                .per_client
                .values()
                .map(VecDeque::len)
                .sum::<usize>(),
            MAX_FAILURES
        );
    }
}
