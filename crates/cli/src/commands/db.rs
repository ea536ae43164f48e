//! `shinchoku db migrate|status|check`: the database's schema and health.

use super::database;
use crate::cli::DbCommand;
use std::io::Write;
use std::path::Path;

pub fn run(
    command: &DbCommand,
    data_dir: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        DbCommand::Migrate => {
            let (applied, location) = database::with_store_as_is(data_dir, async |store| {
                Ok((store.migrate().await?, store.location().describe()))
            })?;
            if applied.is_empty() {
                writeln!(out, "{location}: スキーマは最新です")?;
            } else {
                let list: Vec<String> = applied.iter().map(ToString::to_string).collect();
                writeln!(
                    out,
                    "{location}: マイグレーション {} を適用しました",
                    list.join(", ")
                )?;
            }
        }
        DbCommand::Status => {
            let status = database::with_store_as_is(data_dir, async |store| store.status().await)?;
            writeln!(
                out,
                "データベース: {} ({})",
                status.location, status.backend
            )?;
            for (v, d) in &status.applied {
                writeln!(out, "  適用済み {v} {d}")?;
            }
            for (v, d) in &status.pending {
                writeln!(
                    out,
                    "  未適用   {v} {d}(`shinchoku db migrate` で適用されます)"
                )?;
            }
            for v in &status.unknown {
                writeln!(out, "  不明     {v}(このshinchokuより新しい版のもの)")?;
            }
        }
        DbCommand::Check => {
            let problems = database::with_store(data_dir, async |store| store.check().await)?;
            if problems.is_empty() {
                writeln!(out, "問題はありません")?;
            } else {
                for p in &problems {
                    writeln!(out, "問題: {p}")?;
                }
                return Err(super::UserError::new(
                    "integrity",
                    format!("データベースに問題が {}件あります", problems.len()),
                )
                .into());
            }
        }
    }
    Ok(())
}
