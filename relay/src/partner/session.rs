//! Dashboard logins: random session ids in an HttpOnly cookie, CSRF tokens, slowed-down guesses.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Name of the session cookie.
pub const COOKIE: &str = "ratelink_dashboard";
/// How long an idle session lives by default ([`Sessions::new`] takes another).
pub const IDLE: Duration = Duration::from_secs(12 * 3600);
/// Most sessions kept at once (the least recently used go first).
pub const MAX_SESSIONS: usize = 256;

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
    last_seen: Instant,
}

/// The live sessions and the failed-login counter.
pub struct Sessions {
    idle: Duration,
    map: Mutex<HashMap<String, Session>>,
    failures: Mutex<(u32, Option<Instant>)>,
}

impl Default for Sessions {
    fn default() -> Sessions {
        Sessions::new(IDLE)
    }
}

impl Sessions {
    /// No sessions yet; each lives until it has been unused for `idle`.
    pub fn new(idle: Duration) -> Sessions {
        Sessions {
            idle,
            map: Mutex::new(HashMap::new()),
            failures: Mutex::new((0, None)),
        }
    }

    /// How long an unused session lives.
    pub fn idle(&self) -> Duration {
        self.idle
    }

    /// Starts a session; returns (session id, CSRF token).
    pub fn create(&self) -> Result<(String, String), std::io::Error> {
        let id = random_token()?;
        let csrf = random_token()?;
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, s| s.last_seen.elapsed() < self.idle);
        if map.len() >= MAX_SESSIONS {
            if let Some(oldest) = map
                .iter()
                .min_by_key(|(_, s)| s.last_seen)
                .map(|(k, _)| k.clone())
            {
                map.remove(&oldest);
            }
        }
        map.insert(
            id.clone(),
            Session {
                csrf: csrf.clone(),
                last_seen: Instant::now(),
            },
        );
        Ok((id, csrf))
    }

    /// The CSRF token of a live session (refreshing its idle timer).
    pub fn check(&self, id: &str) -> Option<String> {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        let s = map.get_mut(id)?;
        if s.last_seen.elapsed() >= self.idle {
            map.remove(id);
            return None;
        }
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

    /// Records a wrong password; returns how long to hold the answer back (0.5 s doubling per
    /// recent failure, up to 8 s; the count forgets after 15 quiet minutes).
    pub fn failed_login(&self) -> Duration {
        let mut f = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if f.1.is_some_and(|t| t.elapsed() > Duration::from_secs(900)) {
            f.0 = 0;
        }
        f.0 = f.0.saturating_add(1);
        f.1 = Some(Instant::now());
        Duration::from_millis(500u64.saturating_mul(1 << (f.0 - 1).min(4)))
    }

    /// Clears the failure count after a good password.
    pub fn succeeded_login(&self) {
        *self.failures.lock().unwrap_or_else(|p| p.into_inner()) = (0, None);
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

/// `Set-Cookie` for a session living `idle` unused (whole seconds, at least 1), Secure when
/// the dashboard is served over https.
pub fn set_cookie(id: &str, idle: Duration, secure: bool) -> String {
    format!(
        "{COOKIE}={id}; Path=/partner; HttpOnly; SameSite=Strict; Max-Age={}{}",
        idle.as_secs().max(1),
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
    fn sessions_and_backoff() {
        let s = Sessions::default();
        let (id, csrf) = s.create().unwrap();
        assert_eq!(s.check(&id), Some(csrf));
        s.remove(&id);
        assert_eq!(s.check(&id), None);
        assert_eq!(s.failed_login(), Duration::from_millis(500));
        assert_eq!(s.failed_login(), Duration::from_millis(1000));
        s.succeeded_login();
        assert_eq!(s.failed_login(), Duration::from_millis(500));
        assert_eq!(
            cookie_value("a=1; ratelink_dashboard=abc ; b=2", COOKIE),
            Some("abc")
        );
    }
}
