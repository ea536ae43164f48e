//! Opening the database for a command: where it is (`--data-dir`, `DATABASE_URL`), and the
//! runtime its asynchronous calls run on.

use shinchoku_store::{DatabaseLocation, Store};
use std::future::Future;
use std::path::Path;

/// Runs `f` to completion on a runtime of this thread.
pub fn block_on<F: Future>(f: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok(runtime.block_on(f))
}

/// The database this command works on, migrated to the current schema.
pub async fn open(data_dir: Option<&Path>) -> anyhow::Result<Store> {
    let location = DatabaseLocation::from_env(data_dir)?;
    Ok(Store::open(&location).await?)
}

/// The database as it is, not migrated (for `db status`).
pub async fn connect(data_dir: Option<&Path>) -> anyhow::Result<Store> {
    let location = DatabaseLocation::from_env(data_dir)?;
    Ok(Store::connect(&location).await?)
}
