//! `shinchoku history --plan ID --indicator ID`: who changed what of an indicator, and when.

use super::database;
use crate::cli::HistoryArgs;
use std::io::Write;
use std::path::Path;

pub fn run(
    args: &HistoryArgs,
    data_dir: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let (indicator, entries) = database::with_store(data_dir, async |store| {
        let id = store.find_plan(&args.plan).await?;
        let indicator = store.load_plan(id).await?.find_indicator(&args.indicator)?;
        let entries = store.history(indicator.id).await?;
        Ok((indicator, entries))
    })?;
    writeln!(
        out,
        "指標「{}」[{}] の変更履歴",
        indicator.name, indicator.key
    )?;
    if entries.is_empty() {
        writeln!(out, "  変更はまだありません(取り込んだときの値のままです)")?;
        return Ok(());
    }
    for e in entries {
        let before = e.before.as_deref().unwrap_or("(なし)");
        let after = e.after.as_deref().unwrap_or("(なし)");
        writeln!(
            out,
            "{}  {} ({})  {}: {before} → {after}",
            shinchoku_store::japan_time(e.at),
            e.actor,
            via_label(&e.via),
            e.subject
        )?;
    }
    Ok(())
}

fn via_label(via: &str) -> &'static str {
    match via {
        "web" => "画面",
        "cli" => "コマンド",
        "import" => "取込",
        "restore" => "復元",
        _ => "不明",
    }
}
