//! `shinchoku import SHEET --municipality CODE [--plan NAME] [--dry-run]`: reads a sheet and
//! keeps it as a plan; an updated sheet shows its changes and applies only those. A collection
//! (many municipalities in one long table) goes to [`super::collection`].

use super::{UserError, collection, database};
use crate::cli::ImportArgs;
use shinchoku_import::{ReadSheet, Reading};
use shinchoku_store::{Actor, ImportRequest, SourceFile, Via};
use std::io::Write;
use std::path::Path;

pub fn run(args: &ImportArgs, data_dir: Option<&Path>, out: &mut impl Write) -> anyhow::Result<()> {
    // the code is checked before the sheet is read or the database opened
    if let Some(code) = &args.municipality {
        shinchoku_core::municipality::MunicipalityCode::parse(code)
            .map_err(shinchoku_store::StoreError::from)?;
    }
    let file = super::sheet_file(&args.input)?;
    let options = super::options(&args.input)?;
    let bytes = shinchoku_import::untrusted::read(file, &options.limits)?;
    let mut source = SourceFile::of_bytes(file.display().to_string(), &bytes, None);
    match shinchoku_import::read_sheet_or_collection(file, bytes, &options)? {
        Reading::Collection(c) => {
            if let Some(code) = &args.municipality {
                eprintln!(
                    "警告: 「{}」は団体コードの列で団体を分けた一括取込の表なので、--municipality {code} は使いませんでした (ignored-option)",
                    file.display()
                );
            }
            source.layout = Some("collection".into());
            collection::load(c, args, source, data_dir, out)
        }
        Reading::Sheet(sheet) => {
            for warning in super::ignored_options(&args.input, &sheet) {
                eprintln!("{}", crate::terminal::visible(&warning));
            }
            let municipality = args.municipality.as_deref().ok_or_else(|| {
                UserError::new(
                    "missing-municipality",
                    format!(
                        "「{}」を取り込む団体の全国地方公共団体コードを --municipality で指定してください(例: --municipality 032115)",
                        file.display()
                    ),
                )
            })?;
            source.layout = Some(sheet.layout.to_owned());
            import_sheet(&sheet, municipality, args, source, data_dir, out)
        }
    }
}

fn import_sheet(
    sheet: &ReadSheet,
    municipality: &str,
    args: &ImportArgs,
    source: SourceFile,
    data_dir: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let outcome = database::with_store(data_dir, async |store| {
        store
            .import(ImportRequest {
                municipality,
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
        let verb = created(outcome.dry_run);
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

/// How a new plan is said to be made: done, or, dry, to be done.
pub(super) fn created(dry_run: bool) -> &'static str {
    if dry_run {
        "作成します(書き込んでいません)"
    } else {
        "作成しました"
    }
}
