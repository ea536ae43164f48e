//! Serving the application: listening, answering until SIGTERM or Ctrl-C, then finishing the
//! requests under way before the store closes.

use crate::routes::app;
use crate::state::AppState;
use shinchoku_store::Store;
use std::net::SocketAddr;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub listen: SocketAddr,
    /// How uploaded sheets are read (limits, the worker process).
    pub reading: shinchoku_import::ReadOptions,
    /// Served behind TLS (a proxy in front): Secure cookies and HSTS.
    pub secure: bool,
    /// The proxies in front whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// Serves until a shutdown signal; `ready` is told the address actually bound (port 0 picks
/// a free one).
pub async fn serve(
    store: Store,
    options: ServeOptions,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(options.listen).await?;
    ready(listener.local_addr()?);
    let state = AppState::new(store.clone(), options.secure)
        .reading_with(options.reading)
        .behind_proxies(options.trusted_proxies);
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    store.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing the requests under way");
}
