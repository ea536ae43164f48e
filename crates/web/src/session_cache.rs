//! Sessions kept in memory between requests: looking a session up in the database on every page
//! costs more than the page itself. A kept session is trusted for a short time only (the state's
//! `trust_for`), then read again, so a session ended through another instance ends here within
//! that time; one ended through this instance (signing out, a new password) is forgotten at once.

use shinchoku_store::Session;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Sessions kept at most; a flood of sign-ins cannot grow the map beyond it.
const SESSIONS: usize = 65_536;

#[derive(Debug)]
pub struct SessionCache {
    trust_for: Duration,
    kept: Mutex<HashMap<String, (Session, Instant)>>,
}

impl SessionCache {
    pub fn new(trust_for: Duration) -> SessionCache {
        SessionCache {
            trust_for,
            kept: Mutex::new(HashMap::new()),
        }
    }

    /// The session of `token_hash` as read from the database less than `trust_for` ago, if it
    /// has not run out by `now`.
    pub fn get(&self, token_hash: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Session> {
        let kept = self.kept.lock().ok()?;
        let (session, read_at) = kept.get(token_hash)?;
        (read_at.elapsed() < self.trust_for && session.expires_at > now).then(|| session.clone())
    }

    /// Keeps a session just read from the database.
    pub fn keep(&self, token_hash: &str, session: &Session) {
        if self.trust_for.is_zero() {
            return;
        }
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        if kept.len() >= SESSIONS {
            let trust_for = self.trust_for;
            kept.retain(|_, (_, read_at)| read_at.elapsed() < trust_for);
            if kept.len() >= SESSIONS {
                kept.clear();
            }
        }
        kept.insert(token_hash.to_owned(), (session.clone(), Instant::now()));
    }

    /// Forgets one session (ended here).
    pub fn forget(&self, token_hash: &str) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.remove(token_hash);
        }
    }

    /// Forgets every session of an account (its password changed here).
    pub fn forget_account(&self, account_id: i64) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.retain(|_, (s, _)| s.account.id != account_id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, Utc};
    use shinchoku_store::{Account, Role};

    fn session(account_id: i64, lasts: TimeDelta) -> Session {
        Session {
            account: Account {
                id: account_id,
                name: format!("a{account_id}"),
                role: Role::Viewer,
                municipality_code: None,
                department: None,
            },
            csrf_token: "t".into(),
            expires_at: Utc::now() + lasts,
        }
    }

    #[test]
    fn a_kept_session_is_trusted_until_forgotten_or_run_out() {
        let cache = SessionCache::new(Duration::from_secs(3600));
        cache.keep("x", &session(1, TimeDelta::hours(1)));
        cache.keep("y", &session(1, TimeDelta::hours(1)));
        cache.keep("z", &session(2, TimeDelta::hours(1)));
        cache.keep("old", &session(3, TimeDelta::seconds(-1)));
        assert!(cache.get("x", Utc::now()).is_some());
        assert!(cache.get("old", Utc::now()).is_none(), "run out");
        cache.forget("x");
        assert!(cache.get("x", Utc::now()).is_none());
        cache.forget_account(1);
        assert!(cache.get("y", Utc::now()).is_none());
        assert!(cache.get("z", Utc::now()).is_some());
    }

    #[test]
    fn nothing_is_trusted_when_the_time_is_zero() {
        let cache = SessionCache::new(Duration::ZERO);
        cache.keep("x", &session(1, TimeDelta::hours(1)));
        assert!(cache.get("x", Utc::now()).is_none());
    }
}
