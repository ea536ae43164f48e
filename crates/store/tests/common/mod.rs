//! A fresh database of either backend for each test: a SQLite file in a temporary folder, or a
//! new PostgreSQL database (dropped at the end) on the server of `SHINCHOKU_TEST_POSTGRES`
//! (default `postgres://postgres@127.0.0.1:5432`). A PostgreSQL that does not answer fails the
//! test: nothing is skipped.
#![allow(dead_code)]

use shinchoku_store::{DatabaseLocation, Store};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

pub fn server() -> String {
    std::env::var("SHINCHOKU_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

/// A database for one test; dropped (PostgreSQL) or deleted (SQLite) with it.
pub struct TestDb {
    pub store: Store,
    pub location: DatabaseLocation,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<String>,
}

static NEXT: AtomicU32 = AtomicU32::new(0);

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

/// Creates an empty PostgreSQL database and returns its URL.
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

impl TestDb {
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

    /// Reads a sample sheet and imports it for `municipality`: the plan read, the new plan's id.
    pub async fn import_sample(
        &self,
        file: &str,
        municipality: &str,
    ) -> (shinchoku_core::Plan, i64) {
        let (plan, bytes, layout) = read(&samples().join(file));
        let outcome = self
            .store
            .import(request(&plan, &bytes, layout, municipality, file))
            .await
            .expect("import");
        (plan, outcome.plan_id.expect("a new plan's id"))
    }

    /// Closes the pool and drops a PostgreSQL database.
    pub async fn finish(self) {
        self.store.close().await;
        if let Some(name) = &self.postgres {
            drop_postgres_database(name).await;
        }
    }
}

/// Runs one async scenario `$f(TestDb)` as two tests, one per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::common::TestDb::sqlite().await;
                    super::$name(&db).await;
                    db.finish().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::common::TestDb::postgres().await;
                    super::$name(&db).await;
                    db.finish().await;
                }
            )*
        }
    };
}

pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

/// Reads a sheet file as the CLI does (in process).
pub fn read(path: &Path) -> (shinchoku_core::Plan, Vec<u8>, &'static str) {
    let bytes = std::fs::read(path).expect("read the sample");
    let sheet = shinchoku_import::read_bytes(path, &bytes, &Default::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (sheet.plan, bytes, sheet.layout)
}

pub fn request<'a>(
    plan: &'a shinchoku_core::Plan,
    bytes: &[u8],
    layout: &str,
    municipality: &'a str,
    file: &str,
) -> shinchoku_store::ImportRequest<'a> {
    shinchoku_store::ImportRequest {
        municipality,
        plan_name: None,
        plan,
        source: shinchoku_store::SourceFile::of_bytes(file, bytes, Some(layout.to_owned())),
        actor: shinchoku_store::Actor::new("tester", shinchoku_store::Via::Import),
        dry_run: false,
    }
}
