//! `shinchoku import SHEET --municipality CODE [--plan NAME] [--dry-run]`: reads a sheet and
//! keeps it as a plan; an updated sheet shows its changes and applies only those.

use super::database;
use crate::cli::ImportArgs;
use shinchoku_store::{Actor, ImportRequest, SourceFile, Via};
use std::io::Write;
use std::path::Path;

pub fn run(args: &ImportArgs, data_dir: Option<&Path>, out: &mut impl Write) -> anyhow::Result<()> {
    // the code is checked before the sheet is read or the database opened
    shinchoku_core::municipality::MunicipalityCode::parse(&args.municipality)
        .map_err(shinchoku_store::StoreError::from)?;
    let (sheet, bytes) = super::load_with_bytes(&args.input)?;
    let file_name = sheet.file.display().to_string();
    let source = SourceFile::of_bytes(&file_name, &bytes, Some(sheet.layout.to_owned()));
    let outcome = database::with_store(data_dir, async |store| {
        store
            .import(ImportRequest {
                municipality: &args.municipality,
                plan_name: args.plan.as_deref(),
                plan: &sheet.plan,
                source,
                actor: Actor::from_environment(Via::Import),
                dry_run: args.dry_run,
            })
            .await
    })?;
    let name = &outcome.plan_name;
    let id = outcome
        .plan_id
        .map_or_else(|| "(新規)".to_owned(), |i| i.to_string());
    if outcome.created {
        let verb = if outcome.dry_run {
            "作成します(書き込んでいません)"
        } else {
            "作成しました"
        };
        writeln!(
            out,
            "計画 {id}「{name}」({}) を{verb}: 指標 {}件、値 {}件",
            outcome.municipality_code, outcome.indicators, outcome.values
        )?;
        return Ok(());
    }
    if outcome.up_to_date {
        writeln!(
            out,
            "計画 {id}「{name}」は最新です。変更はありません(何も記録していません)"
        )?;
        return Ok(());
    }
    let n = outcome.diff.changes.len();
    writeln!(out, "計画 {id}「{name}」への変更 {n}件:")?;
    for change in &outcome.diff.changes {
        writeln!(out, "  {change}")?;
    }
    if !outcome.diff.structure.is_empty() {
        writeln!(
            out,
            "  * シートの構成: {}",
            outcome.diff.structure.join("・")
        )?;
    }
    if outcome.dry_run {
        writeln!(out, "--dry-run のため書き込んでいません")?;
    } else if let Some(batch) = outcome.batch_id {
        writeln!(out, "反映しました(取込 {batch}、変更は履歴に記録)")?;
    }
    Ok(())
}
