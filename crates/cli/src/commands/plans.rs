//! `shinchoku plans`: the plans kept in the database.

use super::database;
use std::io::Write;
use std::path::Path;

pub fn run(data_dir: Option<&Path>, out: &mut impl Write) -> anyhow::Result<()> {
    let plans = database::with_store(data_dir, async |store| store.plans().await)?;
    if plans.is_empty() {
        writeln!(
            out,
            "計画はまだありません。`shinchoku import SHEET --municipality CODE` で取り込めます"
        )?;
        return Ok(());
    }
    let mut table = crate::output::table(&[
        "ID",
        "団体",
        "計画",
        "期間",
        "指標",
        "値",
        "最終取込",
        "更新",
    ]);
    for p in plans {
        let period = p.period.map_or_else(String::new, |(a, b)| {
            let y = |n: i64| {
                i32::try_from(n)
                    .ok()
                    .and_then(|n| shinchoku_core::FiscalYear::new(n).ok())
                    .map_or_else(|| n.to_string(), |f| f.to_string())
            };
            format!("{}〜{}", y(a), y(b))
        });
        let municipality = match &p.municipality_name {
            Some(n) => format!("{} {n}", p.municipality_code),
            None => p.municipality_code.clone(),
        };
        table.add_row([
            crate::output::figure(&p.id.to_string()),
            crate::output::text(&municipality),
            crate::output::text(&p.name),
            crate::output::text(&period),
            crate::output::figure(&p.indicators.to_string()),
            crate::output::figure(&p.values.to_string()),
            crate::output::text(&p.last_import.unwrap_or_default()),
            crate::output::text(&shinchoku_store::japan_time(p.updated_at)),
        ]);
    }
    writeln!(out, "{table}")?;
    Ok(())
}
