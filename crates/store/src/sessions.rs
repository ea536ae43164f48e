//! Signed-in sessions, kept in the database so that several instances behind a proxy share
//! them. A session is found by the SHA-256 of its token (the token lives only in the browser's
//! cookie) and carries the token its forms must send back (CSRF).

use crate::accounts::{ACCOUNT_COLUMNS, Account, AccountRow, account};
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};

/// A session that has not expired, with its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub account: Account,
    /// The token every form of this session carries.
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

impl Store {
    /// Opens a session for an account until `expires_at`.
    pub async fn open_session(
        &self,
        token_hash: &str,
        account_id: i64,
        csrf_token: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = crate::now();
        on_pool!(self, p => sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(account_id)
        .bind(csrf_token)
        .bind(at)
        .bind(expires_at)
        .execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// The session of `token_hash`, if it is open at `now`.
    pub async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>, StoreError> {
        type Row = (
            i64,
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            DateTime<Utc>,
        );
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, s.csrf_token, s.expires_at \
             FROM sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.disabled_at IS NULL"
        );
        let row: Option<Row> = on_pool!(self, p => sqlx::query_as(&sql)
            .bind(token_hash).bind(now).fetch_optional(p).await)?;
        row.map(|r| {
            let row: AccountRow = (r.0, r.1, r.2, r.3, r.4);
            Ok(Session {
                account: account(row)?,
                csrf_token: r.5,
                expires_at: r.6,
            })
        })
        .transpose()
    }

    /// Ends a session (signing out).
    pub async fn close_session(&self, token_hash: &str) -> Result<(), StoreError> {
        on_pool!(self, p => sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Removes the sessions expired at `now`; returns how many.
    pub async fn close_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let done = on_pool!(self, p => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(done)
    }
}
