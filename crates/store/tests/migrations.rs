//! A database made by an earlier shinchoku (schema 1, holding a plan) is brought to the current
//! schema when it is opened, on both backends, keeping every row of the tables a migration
//! rebuilds.

mod common;

use shinchoku_store::testing::{create_postgres_database, drop_postgres_database};
use shinchoku_store::{DatabaseLocation, Store};
use std::path::Path;

/// The first migration of `backend` alone, in a folder of its own.
fn first_migration(backend: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a folder");
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend)
        .join("0001_schema.sql");
    std::fs::copy(&from, dir.path().join("0001_schema.sql")).expect("copy the first migration");
    dir
}

/// Rows of schema 1: a plan with one indicator, a value and where it was read.
const ROWS: &[&str] = &[
    "INSERT INTO municipalities (code, created_at) VALUES ('032115', '2024-04-01T00:00:00+00:00')",
    "INSERT INTO plans (id, municipality_code, name, created_at, updated_at) \
     VALUES (1, '032115', '計画', '2024-04-01T00:00:00+00:00', '2024-04-01T00:00:00+00:00')",
    "INSERT INTO indicators (id, plan_id, key, position, name) VALUES (7, 1, 'k', 0, '指標')",
    "INSERT INTO indicator_values (indicator_id, series, fiscal_year, raw, number, version, updated_at, updated_by) \
     VALUES (7, 'actual', 2023, '5,070人', 5070, 3, '2024-04-01T00:00:00+00:00', 'alice')",
    "INSERT INTO read_cells (indicator_id, read_order, series, fiscal_year, read_row, read_column) \
     VALUES (7, 0, 'actual', 2023, 12, 4)",
];

type Value = (i64, String, i64, String, Option<f64>, i64, String);
type ReadCell = (i64, i64, String, i64, i64, i64);

const VALUES: &str = "SELECT indicator_id, series, fiscal_year, raw, number, version, updated_by FROM indicator_values";
const CELLS: &str =
    "SELECT indicator_id, read_order, series, fiscal_year, read_row, read_column FROM read_cells";

fn expected() -> (Vec<Value>, Vec<ReadCell>) {
    (
        vec![(
            7,
            "actual".into(),
            2023,
            "5,070人".into(),
            Some(5070.0),
            3,
            "alice".into(),
        )],
        vec![(7, 0, "actual".into(), 2023, 12, 4)],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_schema_1_with_a_plan_is_migrated_keeping_its_rows() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("shinchoku.db");
    let old = first_migration("sqlite");
    {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.expect("open");
        let m = sqlx::migrate::Migrator::new(old.path())
            .await
            .expect("migrations");
        m.run(&pool).await.expect("schema 1");
        for sql in ROWS {
            sqlx::query(sql).execute(&pool).await.expect(sql);
        }
        pool.close().await;
    }
    let store = Store::open(&DatabaseLocation::Sqlite(path.clone()))
        .await
        .expect("open and migrate");
    assert!(store.check().await.expect("check").is_empty());
    store.close().await;
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&path))
            .await
            .expect("open");
    let values: Vec<Value> = sqlx::query_as(VALUES)
        .fetch_all(&pool)
        .await
        .expect("values");
    let cells = sqlx::query_as(CELLS).fetch_all(&pool).await.expect("cells");
    assert_eq!((values, cells), expected());
    // a series the schema does not know is still refused
    let refused = sqlx::query(
        "INSERT INTO indicator_values (indicator_id, series, fiscal_year, raw, updated_at, updated_by) \
         VALUES (7, 'plan', 2024, '1', 'x', 'y')",
    )
    .execute(&pool)
    .await;
    assert!(refused.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_schema_1_with_a_plan_is_migrated_keeping_its_rows() {
    let (url, name) = create_postgres_database().await;
    let old = first_migration("postgres");
    {
        let pool = sqlx::PgPool::connect(&url).await.expect("connect");
        let m = sqlx::migrate::Migrator::new(old.path())
            .await
            .expect("migrations");
        m.run(&pool).await.expect("schema 1");
        for sql in ROWS {
            sqlx::query(sql).execute(&pool).await.expect(sql);
        }
        pool.close().await;
    }
    let store = Store::open(&DatabaseLocation::Postgres(url.clone()))
        .await
        .expect("open and migrate");
    assert!(store.check().await.expect("check").is_empty());
    store.close().await;
    let pool = sqlx::PgPool::connect(&url).await.expect("connect");
    let values: Vec<Value> = sqlx::query_as(VALUES)
        .fetch_all(&pool)
        .await
        .expect("values");
    let cells = sqlx::query_as(CELLS).fetch_all(&pool).await.expect("cells");
    assert_eq!((values, cells), expected());
    pool.close().await;
    drop_postgres_database(&name).await;
}
