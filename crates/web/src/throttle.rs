//! Sign-in attempts counted per address, in memory: a burst of failures from one address is
//! slowed here, and each account's own lockout (kept in the database) holds across instances.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed from one address within the window.
const FAILURES: usize = 20;
const WINDOW: Duration = Duration::from_secs(10 * 60);
/// Addresses remembered at most; beyond, the oldest quiet ones are forgotten first.
const ADDRESSES: usize = 100_000;

#[derive(Debug, Default)]
pub struct AddressThrottle {
    failures: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl AddressThrottle {
    /// Whether `address` may try to sign in now.
    pub fn allows(&self, address: Option<IpAddr>, now: Instant) -> bool {
        let Some(address) = address else { return true };
        let Ok(mut map) = self.failures.lock() else {
            return true;
        };
        match map.get_mut(&address) {
            Some(times) => {
                forget_old(times, now);
                times.len() < FAILURES
            }
            None => true,
        }
    }

    /// Counts a failed attempt from `address`.
    pub fn failed(&self, address: Option<IpAddr>, now: Instant) {
        let Some(address) = address else { return };
        let Ok(mut map) = self.failures.lock() else {
            return;
        };
        if map.len() >= ADDRESSES {
            map.retain(|_, times| {
                forget_old(times, now);
                !times.is_empty()
            });
        }
        let times = map.entry(address).or_default();
        forget_old(times, now);
        times.push_back(now);
    }
}

fn forget_old(times: &mut VecDeque<Instant>, now: Instant) {
    while times
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= WINDOW)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_slowed_after_many_failures_then_forgiven() {
        let t = AddressThrottle::default();
        let a: IpAddr = [192, 0, 2, 1].into();
        let b: IpAddr = [192, 0, 2, 2].into();
        let now = Instant::now();
        for _ in 0..FAILURES {
            assert!(t.allows(Some(a), now));
            t.failed(Some(a), now);
        }
        assert!(!t.allows(Some(a), now));
        assert!(t.allows(Some(b), now), "another address is not affected");
        assert!(t.allows(Some(a), now + WINDOW), "the window passes");
        assert!(t.allows(None, now));
    }
}
