//! The evaluation as a person reads it in a terminal of any width from 80 columns: one row per
//! indicator with its explanation under it, the grade distribution, the roll-up to each goal
//! with its rule, and the findings that matter most.

use super::{Focus, Report};
use crate::wrap::{pad, width, wrap};
use shinchoku_core::evaluate::Distribution;
use shinchoku_core::{Evaluation, Finding};
use std::io::Write;

/// How many findings the table shows; the rest are counted and in `--format json`.
const FINDINGS_SHOWN: usize = 3;

/// A column of the indicator table.
struct Column {
    header: &'static str,
    /// Right-aligned: figures.
    right: bool,
    /// The widest it may be; longer text wraps.
    cap: usize,
}

const fn col(header: &'static str, right: bool, cap: usize) -> Column {
    Column { header, right, cap }
}

pub fn write(out: &mut impl Write, r: &Report<'_>, total: usize) -> anyhow::Result<()> {
    heading(out, r, total)?;
    let (columns, rows) = match r.focus {
        Focus::NoActualsYet => baseline_rows(r),
        _ => graded_rows(r),
    };
    indicator_table(out, &columns, &rows, total)?;
    if r.evaluations.iter().any(Evaluation::needs_review) {
        writeln!(
            out,
            "\n* 要確認: 評価の読み方に確かめることがあります(下の指摘を参照)"
        )?;
    }
    if r.focus == Focus::Graded {
        distribution(out, r)?;
        rollups(out, r, total)?;
    }
    findings(out, r, total)
}

fn heading(out: &mut impl Write, r: &Report<'_>, total: usize) -> anyhow::Result<()> {
    let plan = r.plan;
    writeln!(out, "{} の評価", r.year)?;
    // a path is one token: never cut, however long
    let (label, name) = r.source.heading();
    writeln!(out, "{label}: {name}")?;
    let mut lines = Vec::new();
    if let Some(t) = &plan.title {
        lines.push(format!("表題: {t}"));
    }
    if let Some(p) = plan.effective_period() {
        lines.push(format!(
            "計画期間: {}〜{} ({})",
            p.first,
            p.last,
            plan.effective_period_source()
        ));
    }
    lines.push(format!("評価基準: {}", r.policy.name));
    for s in &r.stated {
        lines.push(format!("指定: {s}"));
    }
    match r.focus {
        Focus::Graded => {}
        Focus::BeforePlan { first } => lines.push(format!(
            "注意: {} は計画期間({first}〜)より前の年度です。実績は基準として示すだけで、評価はしません。",
            r.year
        )),
        Focus::NoActualsYet => {
            let span = plan
                .effective_period()
                .map(|p| format!("({}〜{})", p.first, p.last))
                .unwrap_or_default();
            lines.push(format!(
                "計画期間{span}の年度には、まだ実績値がありません。各指標の基準値(計画前の実績)と、目標の年度への見通しを示します。"
            ));
        }
    }
    for line in lines {
        for l in wrap(&line, total) {
            writeln!(out, "{l}")?;
        }
    }
    writeln!(out)?;
    Ok(())
}

/// A row: its cells, and the lines of explanation under it.
struct Row {
    cells: Vec<String>,
    detail: Vec<String>,
}

fn graded_rows(r: &Report<'_>) -> (Vec<Column>, Vec<Row>) {
    let columns = vec![
        col("No", true, 4),
        col("指標", false, 60),
        col("目標", true, 13),
        col("実績", true, 12),
        col("達成率", true, 8),
        col("評価", false, 14),
        col("前年比", false, 6),
        col("見通し", false, 6),
    ];
    let rows = r
        .evaluations
        .iter()
        .enumerate()
        .map(|(n, e)| Row {
            cells: vec![
                (n + 1).to_string(),
                e.indicator.name.clone(),
                target_text(e),
                e.actual
                    .map(|c| c.raw.trim().to_owned())
                    .unwrap_or_default(),
                e.rate()
                    .map(shinchoku_core::evaluate::explain_percent)
                    .unwrap_or_default(),
                grade_text(e),
                e.trend.map(|t| t.direction.to_string()).unwrap_or_default(),
                e.outlook.map(|o| o.status.to_string()).unwrap_or_default(),
            ],
            detail: vec![e.to_string()],
        })
        .collect();
    (columns, rows)
}

/// Before the plan has an actual: where each indicator starts and where it is heading.
fn baseline_rows(r: &Report<'_>) -> (Vec<Column>, Vec<Row>) {
    let columns = vec![
        col("No", true, 4),
        col("指標", false, 60),
        col("目標", true, 13),
        col("基準値", true, 18),
        col("見通し", false, 6),
        col("CAGR", false, 12),
    ];
    let rows = r
        .evaluations
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let baseline = e
                .baseline
                .map(|b| {
                    let value = shinchoku_core::evaluate::figure(b.value, e.unit);
                    match b.year {
                        Some(y) => format!("{value} ({})", y.short()),
                        None => value,
                    }
                })
                .unwrap_or_default();
            let mut detail = Vec::new();
            if let Some(o) = e.outlook {
                detail.push(format!("見通し: {}", o.describe(e.unit)));
            }
            if let Some(g) = e.growth {
                detail.push(format!("年平均成長率による見通し: {g}"));
            }
            if detail.is_empty() {
                detail.push("見通しを出すには数値の実績が2年度分以上必要です".to_owned());
            }
            Row {
                cells: vec![
                    (n + 1).to_string(),
                    e.indicator.name.clone(),
                    final_target_text(e),
                    baseline,
                    e.outlook.map(|o| o.status.to_string()).unwrap_or_default(),
                    e.growth.map(|g| g.status.to_string()).unwrap_or_default(),
                ],
                detail: vec![detail.join(" / ")],
            }
        })
        .collect();
    (columns, rows)
}

/// The target as written, with its year when another year's target stands in: `24回 (R6)`.
fn target_text(e: &Evaluation<'_>) -> String {
    e.target
        .map(|t| {
            let raw = t.cell.raw.trim();
            if t.stands_in() {
                format!("{raw} ({})", t.year.short())
            } else {
                raw.to_owned()
            }
        })
        .unwrap_or_default()
}

/// The target the outlook looks to: the latest the indicator has, with its year.
fn final_target_text(e: &Evaluation<'_>) -> String {
    e.indicator
        .final_target()
        .map(|(y, c)| format!("{} ({})", c.raw.trim(), y.short()))
        .unwrap_or_default()
}

fn grade_text(e: &Evaluation<'_>) -> String {
    let mark = if e.needs_review() { "*" } else { "" };
    format!("{} {}{mark}", e.grade.label, e.grade.meaning)
}

/// Lays out the rows in `total` columns: every column as wide as its content up to its cap,
/// the indicator's name taking what is left; each row's detail indented under it.
fn indicator_table(
    out: &mut impl Write,
    columns: &[Column],
    rows: &[Row],
    total: usize,
) -> anyhow::Result<()> {
    let natural = |i: usize| {
        rows.iter()
            .map(|r| width(&r.cells[i]))
            .chain([width(columns[i].header)])
            .max()
            .unwrap_or(0)
            .min(columns[i].cap)
    };
    let mut widths: Vec<usize> = (0..columns.len()).map(natural).collect();
    let gaps = columns.len() - 1;
    let others: usize = widths
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, w)| w)
        .sum();
    widths[1] = total
        .saturating_sub(others + gaps)
        .clamp(10, natural(1).max(10));
    let line = |cells: Vec<Vec<String>>| -> Vec<String> {
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        (0..height)
            .map(|k| {
                let parts: Vec<String> = cells
                    .iter()
                    .enumerate()
                    .map(|(i, lines)| {
                        let text = lines.get(k).map(String::as_str).unwrap_or("");
                        pad(text, widths[i], columns[i].right && k == 0)
                    })
                    .collect();
                parts.join(" ").trim_end().to_owned()
            })
            .collect()
    };
    let header = columns.iter().map(|c| vec![c.header.to_owned()]).collect();
    for l in line(header) {
        writeln!(out, "{l}")?;
    }
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "{}", rule.join(" "))?;
    let indent = widths[0] + 3;
    for row in rows {
        let cells = row
            .cells
            .iter()
            .enumerate()
            .map(|(i, text)| wrap(text, widths[i]))
            .collect();
        for l in line(cells) {
            writeln!(out, "{l}")?;
        }
        for d in &row.detail {
            for l in wrap(d, total.saturating_sub(indent)) {
                writeln!(out, "{}{l}", " ".repeat(indent))?;
            }
        }
    }
    Ok(())
}

fn distribution(out: &mut impl Write, r: &Report<'_>) -> anyhow::Result<()> {
    let d = Distribution::of(r.policy, &r.evaluations);
    writeln!(out, "\n評価の分布 (計 {}):", d.total)?;
    let labels: Vec<String> = d
        .counts
        .iter()
        .map(|(l, _)| format!("{} {}", l.label, l.meaning))
        .collect();
    let w = labels.iter().map(|l| width(l)).max().unwrap_or(0);
    for (label, (_, n)) in labels.iter().zip(&d.counts) {
        writeln!(out, "  {} {n:>4}", pad(label, w, false))?;
    }
    let review = r.evaluations.iter().filter(|e| e.needs_review()).count();
    if review > 0 {
        writeln!(out, "  {} {review:>4}", pad("うち要確認", w, false))?;
    }
    Ok(())
}

fn rollups(out: &mut impl Write, r: &Report<'_>, total: usize) -> anyhow::Result<()> {
    writeln!(out, "\n目標ごとのまとめ (規則: {}):", r.rule.words())?;
    let mut lines = vec![(0, format!("計画全体: {}", r.overall.explanation))];
    for g in &r.rollups {
        let title = g.path.last().map(String::as_str).unwrap_or("");
        lines.push((g.depth + 1, format!("{title}: {}", g.rollup.explanation)));
    }
    for (depth, text) in lines {
        let indent = 2 + 2 * depth.min(4);
        for (k, l) in wrap(&text, total.saturating_sub(indent + 2))
            .iter()
            .enumerate()
        {
            let hang = if k == 0 { 0 } else { 2 };
            writeln!(out, "{}{l}", " ".repeat(indent + hang))?;
        }
    }
    Ok(())
}

fn findings(out: &mut impl Write, r: &Report<'_>, total: usize) -> anyhow::Result<()> {
    if r.findings.is_empty() {
        writeln!(out, "\n指摘はありません")?;
        return Ok(());
    }
    let shown = r.findings.len().min(FINDINGS_SHOWN);
    let heading = format!(
        "指摘 {} 件 (重要なもの {shown} 件を表示。すべては --format json か shinchoku read で確認できます):",
        r.findings.len()
    );
    writeln!(out)?;
    for l in wrap(&heading, total) {
        writeln!(out, "{l}")?;
    }
    for f in &r.findings[..shown] {
        let text = format!("{f} [{}]{}", f.kind.key(), hint(f));
        for (k, l) in wrap(&text, total.saturating_sub(4)).iter().enumerate() {
            let lead = if k == 0 { "  - " } else { "    " };
            writeln!(out, "{lead}{l}")?;
        }
    }
    Ok(())
}

/// The option that answers a finding's question, for the indicator it is about.
fn hint(f: &Finding) -> String {
    let Some(no) = f.indicator.map(|i| i.index() + 1) else {
        return String::new();
    };
    match f.kind.key() {
        "polarity-unclear" => format!(" → 少ないほど良いなら --polarity {no}=decrease"),
        "accumulation-unclear" => format!(" → 合計と比べるなら --accumulation {no}=sum"),
        _ => String::new(),
    }
}
