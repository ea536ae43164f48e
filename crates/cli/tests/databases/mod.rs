//! A fresh database of either backend for a test of the binary: a data directory for SQLite,
//! or a new database on the PostgreSQL of `SHINCHOKU_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432`), dropped with it. A server that does not answer fails
//! the test.
// each test file that shares this module uses part of it
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// One database for a test.
pub enum Db {
    Sqlite(tempfile::TempDir),
    Postgres(String),
}

pub fn server() -> String {
    std::env::var("SHINCHOKU_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

/// Runs one statement on the test server's `postgres` database.
pub fn psql(sql: &str) -> Output {
    Command::new("psql")
        .args([&format!("{}/postgres", server()), "-qc", sql])
        .output()
        .expect("psql runs")
}

impl Db {
    pub fn sqlite() -> Db {
        Db::Sqlite(tempfile::tempdir().expect("a temporary folder"))
    }

    pub fn postgres() -> Db {
        let name = format!(
            "shinchoku_cli_{}_{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        );
        let made = psql(&format!("CREATE DATABASE {name}"));
        assert!(
            made.status.success(),
            "PostgreSQL does not answer: {}",
            String::from_utf8_lossy(&made.stderr)
        );
        Db::Postgres(name)
    }

    /// Another, empty database of the same kind.
    pub fn like(&self) -> Db {
        match self {
            Db::Sqlite(_) => Db::sqlite(),
            Db::Postgres(_) => Db::postgres(),
        }
    }

    pub fn both() -> [Db; 2] {
        [Db::sqlite(), Db::postgres()]
    }

    /// The backend's name, for file names.
    pub fn name(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_shinchoku"));
        c.args(args)
            .env_remove("DATABASE_URL")
            .env("SHINCHOKU_USER", "tester");
        match self {
            Db::Sqlite(dir) => {
                c.env("SHINCHOKU_DATA_DIR", dir.path());
            }
            Db::Postgres(name) => {
                c.env("DATABASE_URL", format!("{}/{name}", server()));
            }
        }
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("the binary runs")
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).expect("UTF-8")
    }

    pub fn backup(&self) -> Vec<u8> {
        let o = self.run(&["backup", "-"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        o.stdout
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Db::Postgres(name) = self {
            let _ = psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(name)
}
