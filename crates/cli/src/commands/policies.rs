//! `shinchoku policies`: the evaluation presets shipped, with their grade bands.

use crate::output;
use shinchoku_core::evaluate::{BandRule, Policy};
use std::io::Write;

pub fn run(out: &mut impl Write) -> anyhow::Result<()> {
    let mut table = output::table(&["キー", "評価基準", "評価の段階"]);
    for p in Policy::presets() {
        let bands: Vec<String> = p
            .bands
            .iter()
            .map(|b| match b.rule {
                BandRule::AchievementAtLeast { min } => {
                    format!("{} ≥{}%", b.grade.label, (min * 100.0).round())
                }
                BandRule::BetterThanBaseline { margin: 0.0, .. } => {
                    format!("{} 基準値超", b.grade.label)
                }
                BandRule::BetterThanBaseline { margin, .. } => {
                    format!("{} 基準値{}%以内", b.grade.label, (margin * 100.0).round())
                }
                BandRule::Always => format!("{} それ以外", b.grade.label),
            })
            .collect();
        table.add_row(vec![p.key.clone(), p.name.clone(), bands.join(" / ")]);
    }
    writeln!(out, "{table}")?;
    Ok(())
}
