//! What every handler shares: the store, the sign-in throttle, how cookies are marked, and what
//! is kept in memory between requests (sessions, evaluated plans) with how long it is trusted.

use crate::cache::PlanCache;
use crate::rendered::RenderedPages;
use crate::session_cache::SessionCache;
use crate::throttle::AddressThrottle;
use shinchoku_import::ReadOptions;
use shinchoku_store::Store;
use std::sync::Arc;
use std::time::Duration;

/// How long a session or a plan's revision read from the database is trusted before it is read
/// again: what is changed through this instance shows at once, what is changed through another
/// instance (or the command line) shows within this time. Reading both on every request would
/// cost more than the page.
pub const TRUST_FOR: Duration = Duration::from_secs(1);

/// How many reports are printed to PDF at once.
const PRINTS_AT_ONCE: usize = 2;

#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub(crate) throttle: Arc<AddressThrottle>,
    /// Served behind TLS: cookies are `Secure` (and `__Host-` named), HSTS is sent.
    pub secure: bool,
    /// How an uploaded sheet is read: the limits, and the worker process a workbook is parsed
    /// in (set by `shinchoku serve`), so that a hostile upload ends its request, not the server.
    pub reading: Arc<ReadOptions>,
    /// Evaluated plans, kept while their revision holds.
    pub(crate) plans: Arc<PlanCache>,
    /// Signed-in sessions, kept for [`TRUST_FOR`].
    pub(crate) sessions: Arc<SessionCache>,
    /// Page content rendered from the kept evaluations.
    pub(crate) pages: Arc<RenderedPages>,
    /// Reports printed at once: each is a browser of its own (hundreds of MB), so a burst of PDF
    /// downloads waits its turn rather than exhausting the server.
    pub(crate) printing: Arc<tokio::sync::Semaphore>,
    /// The proxies in front whose `X-Forwarded-For` names the client (`serve --trusted-proxy`).
    pub(crate) trusted_proxies: Arc<Vec<std::net::IpAddr>>,
}

impl AppState {
    pub fn new(store: Store, secure: bool) -> AppState {
        AppState {
            store,
            throttle: Arc::new(AddressThrottle::default()),
            secure,
            reading: Arc::new(ReadOptions::default()),
            plans: Arc::new(PlanCache::new(TRUST_FOR)),
            sessions: Arc::new(SessionCache::new(TRUST_FOR)),
            pages: Arc::new(RenderedPages::default()),
            printing: Arc::new(tokio::sync::Semaphore::new(PRINTS_AT_ONCE)),
            trusted_proxies: Arc::new(Vec::new()),
        }
    }

    /// Believes `X-Forwarded-For` from these proxies (and only from them) about who the client is.
    pub fn behind_proxies(mut self, proxies: Vec<std::net::IpAddr>) -> AppState {
        self.trusted_proxies = Arc::new(proxies);
        self
    }

    /// Trusts what it keeps for `time` instead of [`TRUST_FOR`] (zero: reads the database on
    /// every request).
    pub fn trusting_for(mut self, time: Duration) -> AppState {
        self.plans = Arc::new(PlanCache::new(time));
        self.sessions = Arc::new(SessionCache::new(time));
        self
    }

    /// Reads uploads with `options` (limits, and the worker process).
    pub fn reading_with(mut self, options: ReadOptions) -> AppState {
        self.reading = Arc::new(options);
        self
    }
}
