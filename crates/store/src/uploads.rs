//! Sheets uploaded in the browser, held between their preview and the confirmation that
//! imports them (nothing reaches a plan before a person confirms). Only the uploading account
//! may take one back; a day later it is removed.

use crate::{Store, StoreError};
use chrono::{DateTime, TimeDelta, Utc};

/// How long an upload waits for its confirmation.
const HELD_FOR: TimeDelta = TimeDelta::days(1);

/// An upload waiting for its confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldUpload {
    pub id: i64,
    pub file_name: String,
    pub municipality_code: String,
    pub plan_name: Option<String>,
    pub bytes: Vec<u8>,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Holds an upload of `account_id`; returns its id. Uploads older than a day go.
    pub async fn hold_upload(
        &self,
        account_id: i64,
        file_name: &str,
        municipality_code: &str,
        plan_name: Option<&str>,
        bytes: &[u8],
    ) -> Result<i64, StoreError> {
        let at = crate::now();
        on_pool!(self, p => sqlx::query("DELETE FROM held_uploads WHERE created_at < $1")
            .bind(at - HELD_FOR).execute(p).await.map(|_| ()))?;
        let id: i64 = on_pool!(self, p => sqlx::query_scalar(
            "INSERT INTO held_uploads (account_id, file_name, municipality_code, plan_name, bytes, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(account_id)
        .bind(file_name)
        .bind(municipality_code)
        .bind(plan_name)
        .bind(bytes)
        .bind(at)
        .fetch_one(p).await)?;
        Ok(id)
    }

    /// The upload `id` if `account_id` made it and it has not expired.
    pub async fn held_upload(
        &self,
        id: i64,
        account_id: i64,
    ) -> Result<Option<HeldUpload>, StoreError> {
        type Row = (i64, String, String, Option<String>, Vec<u8>, DateTime<Utc>);
        let row: Option<Row> = on_pool!(self, p => sqlx::query_as(
            "SELECT id, file_name, municipality_code, plan_name, bytes, created_at \
             FROM held_uploads WHERE id = $1 AND account_id = $2 AND created_at >= $3",
        )
        .bind(id)
        .bind(account_id)
        .bind(crate::now() - HELD_FOR)
        .fetch_optional(p).await)?;
        Ok(row.map(|r| HeldUpload {
            id: r.0,
            file_name: r.1,
            municipality_code: r.2,
            plan_name: r.3,
            bytes: r.4,
            created_at: r.5,
        }))
    }

    /// Lets an upload go (imported, or abandoned).
    pub async fn drop_upload(&self, id: i64) -> Result<(), StoreError> {
        on_pool!(self, p => sqlx::query("DELETE FROM held_uploads WHERE id = $1")
            .bind(id).execute(p).await.map(|_| ()))?;
        Ok(())
    }
}
