//! The two backends behind one [`Store`]: opening (creating a SQLite file on first use, or
//! connecting to PostgreSQL), migrating, and the macros that run one body of code on either
//! pool or transaction.

use crate::{DatabaseLocation, StoreError};
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool};
use std::path::Path;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database a store holds its data in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        })
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A transaction on either backend.
#[derive(Debug)]
pub(crate) enum Tx {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

/// Runs `$body` with `$p` bound to the store's pool, once per backend.
macro_rules! on_pool {
    ($store:expr, $p:ident => $body:expr) => {
        match &$store.pool {
            $crate::backend::Pool::Sqlite($p) => $body,
            $crate::backend::Pool::Postgres($p) => $body,
        }
    };
}

/// Runs `$body` with `$c` bound to the transaction's connection, once per backend.
macro_rules! on_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            $crate::backend::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::backend::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

impl Tx {
    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub(crate) async fn rollback(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.rollback().await?,
            Tx::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }

    /// After rows were written with ids of our own choosing: on PostgreSQL, each table's id
    /// sequence moves past its largest id, so that the next default id is free (SQLite takes
    /// the largest id plus one by itself).
    pub(crate) async fn move_ids_past_written(
        &mut self,
        tables: &[&str],
    ) -> Result<(), StoreError> {
        let Tx::Postgres(t) = self else {
            return Ok(());
        };
        for table in tables {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}"
            );
            sqlx::query(&sql).execute(&mut **t).await?;
        }
        Ok(())
    }

    pub(crate) fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }
}

/// The database of one deployment.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: Pool,
    location: DatabaseLocation,
}

/// Which migrations a database has, and which this program knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatus {
    pub backend: Backend,
    pub location: String,
    /// Applied, with their description.
    pub applied: Vec<(i64, String)>,
    /// Known to this program, not yet applied.
    pub pending: Vec<(i64, String)>,
    /// Applied by a newer program: this one does not know them.
    pub unknown: Vec<i64>,
}

impl Store {
    /// Opens the database and brings its schema up to date.
    pub async fn open(location: &DatabaseLocation) -> Result<Store, StoreError> {
        let store = Store::connect(location).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens the database as it is, without migrating it (for `db status`).
    pub async fn connect(location: &DatabaseLocation) -> Result<Store, StoreError> {
        let pool = match location {
            DatabaseLocation::Sqlite(path) => Pool::Sqlite(open_sqlite(path).await?),
            DatabaseLocation::Postgres(url) => Pool::Postgres(open_postgres(url).await?),
        };
        Ok(Store {
            pool,
            location: location.clone(),
        })
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    pub fn location(&self) -> &DatabaseLocation {
        &self.location
    }

    fn migrator(&self) -> &'static Migrator {
        match self.pool {
            Pool::Sqlite(_) => &SQLITE_MIGRATIONS,
            Pool::Postgres(_) => &POSTGRES_MIGRATIONS,
        }
    }

    /// Applies the migrations the database lacks; returns the versions applied.
    pub async fn migrate(&self) -> Result<Vec<i64>, StoreError> {
        let before = self.status().await?;
        if let Some(found) = before.unknown.iter().max() {
            return Err(StoreError::NewerSchema { found: *found });
        }
        let run = on_pool!(self, p => self.migrator().run(p).await);
        run.map_err(|e| match e {
            MigrateError::VersionMissing(found) => StoreError::NewerSchema { found },
            MigrateError::Execute(e) => from_sql(e, &self.location),
            other => StoreError::Migration(other.to_string()),
        })?;
        Ok(before.pending.into_iter().map(|(v, _)| v).collect())
    }

    /// The migrations applied and pending.
    pub async fn status(&self) -> Result<MigrationStatus, StoreError> {
        let table =
            "SELECT version, description FROM _sqlx_migrations WHERE success ORDER BY version";
        let exists = match &self.pool {
            Pool::Sqlite(p) => {
                sqlx::query_scalar::<_, i64>(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
                )
                .fetch_one(p)
                .await
            }
            Pool::Postgres(p) => {
                sqlx::query_scalar::<_, i64>(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'",
                )
                .fetch_one(p)
                .await
            }
        }
        .map_err(|e| from_sql(e, &self.location))?;
        let applied: Vec<(i64, String)> = if exists > 0 {
            on_pool!(self, p => sqlx::query_as(table).fetch_all(p).await)
                .map_err(|e| from_sql(e, &self.location))?
        } else {
            Vec::new()
        };
        let known = self
            .migrator()
            .iter()
            .map(|m| (m.version, m.description.to_string()));
        let pending = known
            .clone()
            .filter(|(v, _)| !applied.iter().any(|(a, _)| a == v))
            .collect();
        let unknown = applied
            .iter()
            .filter(|(v, _)| !self.migrator().iter().any(|m| m.version == *v))
            .map(|(v, _)| *v)
            .collect();
        Ok(MigrationStatus {
            backend: self.backend(),
            location: self.location.describe(),
            applied,
            pending,
            unknown,
        })
    }

    /// Begins a transaction that writes: on SQLite it takes the write lock at once, so that
    /// concurrent writers wait for each other (busy timeout) instead of failing on upgrade.
    pub(crate) async fn begin_write(&self) -> Result<Tx, StoreError> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// Closes every connection (waits for the ones in use).
    pub async fn close(&self) {
        on_pool!(self, p => p.close().await)
    }

    /// Checks the database's integrity: SQLite's `integrity_check` and `foreign_key_check`;
    /// on PostgreSQL, that the audit log's triggers are in place. The problems found, none
    /// when it is sound.
    pub async fn check(&self) -> Result<Vec<String>, StoreError> {
        match &self.pool {
            Pool::Sqlite(p) => {
                let mut problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                    .fetch_all(p)
                    .await?;
                problems.retain(|r| r != "ok");
                // rowid is NULL for a table WITHOUT ROWID (indicator_values)
                let fk: Vec<(String, Option<i64>, String)> =
                    sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
                        .fetch_all(p)
                        .await?;
                problems.extend(fk.into_iter().map(|(t, r, parent)| match r {
                    Some(r) => format!("{t}: 行 {r} の参照先({parent})がありません"),
                    None => format!("{t}: 参照先({parent})のない行があります"),
                }));
                Ok(problems)
            }
            Pool::Postgres(p) => {
                let triggers: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal",
                )
                .fetch_one(p)
                .await?;
                let mut problems = Vec::new();
                if triggers < 2 {
                    problems.push("audit_log の追記専用トリガーがありません".to_owned());
                }
                // a large bulk load drops these keys and makes them again before it commits
                for t in crate::collection::SET_ASIDE {
                    let found: i64 = sqlx::query_scalar(
                        "SELECT count(*) FROM pg_constraint WHERE conrelid = $1::regclass AND strpos($2, contype::text) > 0",
                    )
                    .bind(t.table)
                    .bind(t.kinds)
                    .fetch_one(p)
                    .await?;
                    let indexes: Vec<(String, String)> =
                        sqlx::query_as(crate::collection::PLAIN_INDEXES)
                            .bind(t.table)
                            .fetch_all(p)
                            .await?;
                    if found < t.constraints || (indexes.len() as i64) < t.indexes {
                        problems.push(format!(
                            "{} の主キー・外部キー・一意制約か索引がありません",
                            t.table
                        ));
                    }
                }
                Ok(problems)
            }
        }
    }
}

async fn open_sqlite(path: &Path) -> Result<SqlitePool, StoreError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Err(source) = std::fs::create_dir_all(dir) {
        return Err(if source.kind() == std::io::ErrorKind::PermissionDenied {
            StoreError::ReadOnly {
                path: dir.to_path_buf(),
            }
        } else {
            StoreError::DataDir {
                path: dir.to_path_buf(),
                source,
            }
        });
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(StoreError::NotADatabase {
                path: path.to_path_buf(),
            });
        }
        Ok(m) if m.len() > 0 => {
            let mut header = [0u8; 16];
            let read = std::fs::File::open(path)
                .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header));
            if read.is_err() || &header != b"SQLite format 3\0" {
                return Err(StoreError::NotADatabase {
                    path: path.to_path_buf(),
                });
            }
        }
        _ => {}
    }
    // a new database needs a writable directory (SQLite also writes its -wal and -shm there)
    let probe = dir.join(format!(".shinchoku-write-test-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
        }
        Err(_) => {
            return Err(StoreError::ReadOnly {
                path: dir.to_path_buf(),
            });
        }
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(60));
    let location = DatabaseLocation::Sqlite(path.to_path_buf());
    SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(60))
        .connect_with(options)
        .await
        .map_err(|e| from_sql(e, &location))
}

async fn open_postgres(url: &str) -> Result<PgPool, StoreError> {
    let unreachable = |e: sqlx::Error| StoreError::Unreachable {
        target: crate::location::redact(url),
        reason: e.to_string(),
    };
    let options: sqlx::postgres::PgConnectOptions = url.parse().map_err(unreachable)?;
    // one connection first: a refused or misnamed server says why at once, where the pool
    // would only time out
    let probe = sqlx::Connection::connect_with(&options);
    let probe: sqlx::PgConnection = tokio::time::timeout(Duration::from_secs(10), probe)
        .await
        .map_err(|_| unreachable(sqlx::Error::PoolTimedOut))?
        .map_err(unreachable)?;
    let _ = sqlx::Connection::close(probe).await;
    PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await
        .map_err(unreachable)
}

/// An error of the database named as the user sees it: a file that is not a database, a
/// connection refused.
pub(crate) fn from_sql(e: sqlx::Error, location: &DatabaseLocation) -> StoreError {
    let text = e.to_string();
    match location {
        DatabaseLocation::Sqlite(path) if text.contains("file is not a database") => {
            StoreError::NotADatabase { path: path.clone() }
        }
        DatabaseLocation::Sqlite(path)
            if text.contains("readonly database") || text.contains("unable to open database") =>
        {
            StoreError::ReadOnly { path: path.clone() }
        }
        DatabaseLocation::Postgres(url)
            if matches!(
                e,
                sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::Tls(_)
            ) =>
        {
            StoreError::Unreachable {
                target: crate::location::redact(url),
                reason: text,
            }
        }
        _ => StoreError::Sql(e),
    }
}
