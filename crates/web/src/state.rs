//! What every handler shares: the store, the sign-in throttle, and how cookies are marked.

use crate::throttle::AddressThrottle;
use shinchoku_store::Store;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub(crate) throttle: Arc<AddressThrottle>,
    /// Served behind TLS: cookies are `Secure` (and `__Host-` named), HSTS is sent.
    pub secure: bool,
}

impl AppState {
    pub fn new(store: Store, secure: bool) -> AppState {
        AppState {
            store,
            throttle: Arc::new(AddressThrottle::default()),
            secure,
        }
    }
}
