//! What every handler shares: the store, the sign-in throttle, and how cookies are marked.

use crate::cache::PlanCache;
use crate::throttle::AddressThrottle;
use shinchoku_import::ReadOptions;
use shinchoku_store::Store;
use std::sync::Arc;

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
}

impl AppState {
    pub fn new(store: Store, secure: bool) -> AppState {
        AppState {
            store,
            throttle: Arc::new(AddressThrottle::default()),
            secure,
            reading: Arc::new(ReadOptions::default()),
            plans: Arc::new(PlanCache::default()),
        }
    }

    /// Reads uploads with `options` (limits, and the worker process).
    pub fn reading_with(mut self, options: ReadOptions) -> AppState {
        self.reading = Arc::new(options);
        self
    }
}
