//! Fresh databases for tests of any crate (feature `testing`): a SQLite file in a temporary
//! folder, or a new PostgreSQL database, dropped at the end, on the server of
//! `SHINCHOKU_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432`). A PostgreSQL that
//! does not answer fails the test: nothing is skipped.
// test support: a database that cannot be made ends the test with its reason
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::{Backend, DatabaseLocation, Store};
use std::sync::atomic::{AtomicU32, Ordering};

/// The PostgreSQL server tests use.
pub fn server() -> String {
    std::env::var("SHINCHOKU_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A database name no other test of any run uses.
pub fn fresh_name() -> String {
    format!(
        "shinchoku_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    )
}

/// Creates an empty PostgreSQL database; returns its URL and name.
pub async fn create_postgres_database() -> (String, String) {
    let name = fresh_name();
    let admin = format!("{}/postgres", server());
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {admin} does not answer: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create a test database");
    (format!("{}/{name}", server()), name)
}

pub async fn drop_postgres_database(name: &str) {
    let admin = format!("{}/postgres", server());
    if let Ok(mut conn) = <sqlx::PgConnection as sqlx::Connection>::connect(&admin).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await;
    }
}

/// A migrated database for one test; call [`TestDb::finish`] to drop it.
#[derive(Debug)]
pub struct TestDb {
    pub store: Store,
    pub location: DatabaseLocation,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<String>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => TestDb::sqlite().await,
            Backend::Postgres => TestDb::postgres().await,
        }
    }

    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let location = DatabaseLocation::Sqlite(dir.path().join("shinchoku.db"));
        let store = Store::open(&location).await.expect("open SQLite");
        TestDb {
            store,
            location,
            _dir: Some(dir),
            postgres: None,
        }
    }

    pub async fn postgres() -> TestDb {
        let (url, name) = create_postgres_database().await;
        let location = DatabaseLocation::Postgres(url);
        let store = Store::open(&location).await.expect("open PostgreSQL");
        TestDb {
            store,
            location,
            _dir: None,
            postgres: Some(name),
        }
    }

    /// Closes the pool and drops a PostgreSQL database.
    pub async fn finish(self) {
        self.store.close().await;
        if let Some(name) = &self.postgres {
            drop_postgres_database(name).await;
        }
    }
}
