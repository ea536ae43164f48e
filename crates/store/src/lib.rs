//! The database: every plan kept across the years, in SQLite (a file in the data directory, the
//! default) or PostgreSQL (`DATABASE_URL=postgres://…`, for a prefecture or a shared-service
//! centre hosting many municipalities), with every change in an append-only audit log.
//!
//! Why sqlx with its two concrete pools behind one enum ([`Store`]), and no query builder:
//! sqlx's `Any` driver maps only integers, floats, text and blobs (no timestamptz) and cannot
//! reach PostgreSQL's `COPY`; code generic over sqlx's `Database` trait is a known trait-bound
//! trap. Every statement we need lies in the SQL both backends speak (`$1` placeholders, which
//! sqlx-sqlite accepts, `ON CONFLICT`, `RETURNING`), so each operation is written once and run
//! on whichever pool holds the data (the `on_tx!` / `on_pool!` macros expand one body per
//! backend); a query builder such as sea-query would buy nothing here but build time. Written
//! per backend on purpose: the migrations (`migrations/sqlite`, `migrations/postgres`), the
//! triggers that keep the audit log append-only, and the bulk load of values (`COPY` on
//! PostgreSQL, multi-row inserts in one transaction on SQLite), each behind one function.

#[macro_use]
mod backend;
mod accounts;
mod audit;
mod backup;
mod collection;
mod copy;
mod department;
mod diff;
mod edit;
mod entries;
mod error;
mod import;
mod load;
mod location;
mod lookup;
mod per_indicator;
mod rows;
mod save;
mod sessions;
mod slot;
#[cfg(feature = "testing")]
pub mod testing;
mod uploads;
mod values;

pub use accounts::{Account, Credentials, NewAccount, NewRights, Role};
pub use audit::{Actor, AuditEntry, Via};
pub use backend::{Backend, MigrationStatus, Store};
pub use collection::{CollectionFeed, CollectionOutcome, CollectionRequest};
pub use diff::{Change, PlanDiff};
pub use edit::{BlankReason, CommentAspect, Edit, Edited, Entry};
pub use entries::{EntryKind, StoredEntry};
pub use error::StoreError;
pub use import::{ImportOutcome, ImportRequest, SourceFile};
pub use load::StoredPlan;
pub use location::DatabaseLocation;
pub use lookup::{IndicatorSummary, PlanSummary};
pub use sessions::Session;
pub use uploads::HeldUpload;

/// A time as the people of a municipality read it: Japan Standard Time, to the second.
pub fn japan_time(at: chrono::DateTime<chrono::Utc>) -> String {
    match chrono::FixedOffset::east_opt(9 * 3600) {
        Some(jst) => at
            .with_timezone(&jst)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        None => at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    }
}

/// The time now, to the microsecond PostgreSQL keeps, so that both backends store the same.
pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    let t = chrono::Utc::now();
    chrono::DurationRound::duration_trunc(t, chrono::TimeDelta::microseconds(1)).unwrap_or(t)
}
