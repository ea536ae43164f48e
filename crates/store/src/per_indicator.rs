//! A plan's rows of one table fetched as one JSON array per indicator. sqlx hands SQLite's
//! rows over one at a time from its worker thread, so the 320,000 value and cell rows of an
//! 8,000-indicator plan took most of a second to load; 8,000 arrays take a small part of it.
//! The aggregate is each backend's own (`json_group_array` / `json_agg`); the text is JSON, so
//! a cell's raw text comes back exactly as it was stored.

use crate::backend::Backend;
use crate::{Store, StoreError};
use serde::de::DeserializeOwned;

/// `columns` of `table` for each of the plan's indicators still in its sheet, as (indicator
/// id, one `T` per row), in no particular order.
pub(crate) async fn rows<T: DeserializeOwned>(
    store: &Store,
    plan_id: i64,
    table: &str,
    columns: &[&str],
) -> Result<Vec<(i64, Vec<T>)>, StoreError> {
    let list = columns.join(", ");
    let aggregate = match store.backend() {
        Backend::Sqlite => format!("json_group_array(json_array({list}))"),
        Backend::Postgres => format!("json_agg(json_build_array({list}))::text"),
    };
    let sql = format!(
        "SELECT indicator_id, {aggregate} FROM {table} WHERE indicator_id IN \
         (SELECT id FROM indicators WHERE plan_id = $1 AND position IS NOT NULL) \
         GROUP BY indicator_id"
    );
    let rows: Vec<(i64, String)> =
        on_pool!(store, p => sqlx::query_as(&sql).bind(plan_id).fetch_all(p).await)?;
    rows.into_iter()
        .map(|(id, json)| {
            serde_json::from_str(&json).map(|v| (id, v)).map_err(|e| {
                StoreError::BadValue(format!("{table} の指標 {id} の行を読めません: {e}"))
            })
        })
        .collect()
}
