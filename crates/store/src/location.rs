//! Where the database is: `DATABASE_URL` when it is set, else `shinchoku.db` in the data
//! directory (`--data-dir`, `SHINCHOKU_DATA_DIR`, else the platform's: `~/.local/share/shinchoku`
//! on Linux).

use crate::StoreError;
use std::path::{Path, PathBuf};

/// The database a store opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseLocation {
    /// A SQLite file, created on first use.
    Sqlite(PathBuf),
    /// A PostgreSQL URL.
    Postgres(String),
}

impl DatabaseLocation {
    /// The database named by `DATABASE_URL`, else the file in `data_dir` (or the environment's
    /// or the platform's data directory).
    pub fn from_env(data_dir: Option<&Path>) -> Result<DatabaseLocation, StoreError> {
        if let Some(url) = std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()) {
            return DatabaseLocation::from_url(&url);
        }
        Ok(DatabaseLocation::Sqlite(
            DatabaseLocation::data_dir(data_dir).join("shinchoku.db"),
        ))
    }

    /// The data directory: `data_dir` if given, else `SHINCHOKU_DATA_DIR`, else the
    /// platform's (`~/.local/share/shinchoku`).
    pub fn data_dir(data_dir: Option<&Path>) -> PathBuf {
        match data_dir {
            Some(d) => d.to_path_buf(),
            None => match std::env::var_os("SHINCHOKU_DATA_DIR").filter(|d| !d.is_empty()) {
                Some(d) => PathBuf::from(d),
                None => dirs::data_dir()
                    .map(|d| d.join("shinchoku"))
                    .unwrap_or_else(|| PathBuf::from(".shinchoku")),
            },
        }
    }

    /// `postgres://…` / `postgresql://…`, or `sqlite:PATH`.
    pub fn from_url(url: &str) -> Result<DatabaseLocation, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseLocation::Postgres(url.to_owned()))
        } else if let Some(path) = url
            .strip_prefix("sqlite://")
            .or(url.strip_prefix("sqlite:"))
        {
            Ok(DatabaseLocation::Sqlite(PathBuf::from(path)))
        } else {
            Err(StoreError::BadUrl(redact(url)))
        }
    }

    /// How it is named to the user: a path, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            DatabaseLocation::Sqlite(p) => p.display().to_string(),
            DatabaseLocation::Postgres(u) => redact(u),
        }
    }
}

/// A URL with its password replaced by `***`.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_their_backend_and_hide_passwords() {
        assert!(matches!(
            DatabaseLocation::from_url("sqlite:/tmp/a.db"),
            Ok(DatabaseLocation::Sqlite(p)) if p == std::path::Path::new("/tmp/a.db")
        ));
        assert!(matches!(
            DatabaseLocation::from_url("postgres://u:secret@h/db"),
            Ok(DatabaseLocation::Postgres(_))
        ));
        assert_eq!(
            DatabaseLocation::Postgres("postgres://u:secret@h/db".into()).describe(),
            "postgres://u:***@h/db"
        );
        assert!(matches!(
            DatabaseLocation::from_url("mysql://x:pw@y"),
            Err(StoreError::BadUrl(u)) if !u.contains("pw")
        ));
    }
}
