//! What can go wrong with the database, each as one Japanese line ending in its English key.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("データディレクトリ {path} を使えません: {source} (data-dir)")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("データディレクトリ {path} に書き込めません (read-only)")]
    ReadOnly { path: PathBuf },
    #[error("{path} はshinchokuのデータベース(SQLite)ではありません (not-a-database)")]
    NotADatabase { path: PathBuf },
    #[error("データベース {target} に接続できません: {reason} (db-unreachable)")]
    Unreachable { target: String, reason: String },
    #[error(
        "DATABASE_URL「{0}」は postgres:// か sqlite: で始まるURLではありません (bad-database-url)"
    )]
    BadUrl(String),
    #[error(
        "データベースはこのshinchokuより新しい版(スキーマ {found})で作られています。shinchokuを更新してください (newer-schema)"
    )]
    NewerSchema { found: i64 },
    #[error("データベースの更新(マイグレーション)に失敗しました: {0} (migration-failed)")]
    Migration(String),
    #[error("データベースの操作に失敗しました: {0} (database)")]
    Sql(#[from] sqlx::Error),
    #[error("計画「{0}」はありません。`shinchoku plans` で一覧を表示できます (plan-not-found)")]
    PlanNotFound(String),
    #[error("計画「{name}」は複数あります (ID {ids})。IDで指定してください (ambiguous-plan)")]
    AmbiguousPlan { name: String, ids: String },
    #[error("計画 {plan} に指標「{indicator}」はありません (indicator-not-found)")]
    IndicatorNotFound { plan: i64, indicator: String },
    #[error(
        "指標「{name}」は計画に複数あります({ids})。表の番号か指標IDで指定してください (ambiguous-indicator)"
    )]
    AmbiguousIndicator { name: String, ids: String },
    #[error("{0}")]
    Municipality(#[from] shinchoku_core::municipality::MunicipalityCodeError),
    #[error(
        "{what}は、読み込んだ後に {by} が {at} に変更しました(「{theirs}」、版 {version})。変更は保存していません。最新の値を確かめてから入力し直してください (conflict)"
    )]
    Conflict {
        what: String,
        theirs: String,
        by: String,
        at: String,
        version: i64,
    },
    #[error("{what}の版 {expected} は現在の版ではありません(現在は版 {current}) (conflict)")]
    StaleVersion {
        what: String,
        expected: i64,
        current: i64,
    },
    #[error("バックアップ {file} の {line}行目を読めません: {reason} (bad-backup)")]
    BadBackup {
        file: String,
        line: usize,
        reason: String,
    },
    #[error(
        "復元先のデータベースは空ではありません(計画 {plans}件)。空のデータベースに復元してください (not-empty)"
    )]
    NotEmpty { plans: i64 },
    #[error("バックアップを書けません: {0} (cannot-write)")]
    Write(std::io::Error),
    #[error(
        "団体 {municipality} には計画「{plan}」が既にあります。一括取込は新しい計画だけを作ります。別の計画名(--plan)にするか、その団体の表を import で取り込んでください (plan-exists)"
    )]
    PlanExists { municipality: String, plan: String },
    #[error(
        "「{file}」には取り込める行が1つもありません。何も書き込んでいません (empty-collection)"
    )]
    EmptyCollection { file: String },
    #[error("{0} (bad-value)")]
    BadValue(String),
    #[error("アカウント「{0}」は既にあります (account-exists)")]
    AccountExists(String),
    #[error("アカウントがありません: {0} (account-not-found)")]
    AccountNotFound(String),
    #[error(
        "アカウント名「{0}」は使えません。空白や制御文字を含まない64文字以内にしてください (bad-account-name)"
    )]
    BadAccountName(String),
}

impl StoreError {
    /// The English key at the end of the message.
    pub fn key(&self) -> &'static str {
        match self {
            StoreError::DataDir { .. } => "data-dir",
            StoreError::ReadOnly { .. } => "read-only",
            StoreError::NotADatabase { .. } => "not-a-database",
            StoreError::Unreachable { .. } => "db-unreachable",
            StoreError::BadUrl(_) => "bad-database-url",
            StoreError::NewerSchema { .. } => "newer-schema",
            StoreError::Migration(_) => "migration-failed",
            StoreError::Sql(_) => "database",
            StoreError::PlanNotFound(_) => "plan-not-found",
            StoreError::AmbiguousPlan { .. } => "ambiguous-plan",
            StoreError::IndicatorNotFound { .. } => "indicator-not-found",
            StoreError::AmbiguousIndicator { .. } => "ambiguous-indicator",
            StoreError::Municipality(_) => "bad-municipality",
            StoreError::Conflict { .. } | StoreError::StaleVersion { .. } => "conflict",
            StoreError::BadBackup { .. } => "bad-backup",
            StoreError::NotEmpty { .. } => "not-empty",
            StoreError::Write(_) => "cannot-write",
            StoreError::AccountExists(_) => "account-exists",
            StoreError::AccountNotFound(_) => "account-not-found",
            StoreError::BadAccountName(_) => "bad-account-name",
            StoreError::PlanExists { .. } => "plan-exists",
            StoreError::EmptyCollection { .. } => "empty-collection",
            StoreError::BadValue(_) => "bad-value",
        }
    }
}
