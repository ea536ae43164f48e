//! Opening the database for a command: where it is (`--data-dir`, `DATABASE_URL`), and the
//! runtime its asynchronous calls run on.

use shinchoku_store::{DatabaseLocation, Store, StoreError};
use std::path::Path;

/// Runs `work` on the database this command works on (migrated to the current schema), then
/// closes it.
pub fn with_store<T>(
    data_dir: Option<&Path>,
    work: impl AsyncFnOnce(&Store) -> Result<T, StoreError>,
) -> anyhow::Result<T> {
    run(data_dir, true, work)
}

/// Runs `work` on the database as it is, not migrated (for `db migrate` and `db status`).
pub fn with_store_as_is<T>(
    data_dir: Option<&Path>,
    work: impl AsyncFnOnce(&Store) -> Result<T, StoreError>,
) -> anyhow::Result<T> {
    run(data_dir, false, work)
}

fn run<T>(
    data_dir: Option<&Path>,
    migrate: bool,
    work: impl AsyncFnOnce(&Store) -> Result<T, StoreError>,
) -> anyhow::Result<T> {
    let location = DatabaseLocation::from_env(data_dir)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let done = runtime.block_on(async {
        let store = if migrate {
            Store::open(&location).await?
        } else {
            Store::connect(&location).await?
        };
        let done = work(&store).await;
        store.close().await;
        done
    });
    Ok(done?)
}
