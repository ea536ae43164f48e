//! `shinchoku evaluate SHEET [--year Y] [--format table|json|csv] [--policy KEY]`.

use super::UserError;
use crate::cli::{EvaluateArgs, Format};
use crate::output;
use serde::Serialize;
use shinchoku_core::document::FindingDocument;
use shinchoku_core::evaluate::{self, Distribution, EvaluationRecord, Evaluator, explain_percent};
use shinchoku_core::{Evaluation, FiscalYear, Plan, Policy};
use std::io::Write;

pub fn run(args: &EvaluateArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let policy = Policy::preset(&args.policy).ok_or_else(|| {
        let keys: Vec<String> = Policy::presets().into_iter().map(|p| p.key).collect();
        UserError::new(
            "unknown-policy",
            format!(
                "評価基準「{}」はありません。使えるもの: {}",
                args.policy,
                keys.join(", ")
            ),
        )
    })?;
    let sheet = super::load(&args.input)?;
    let plan = &sheet.plan;
    let year = match &args.year {
        Some(y) => FiscalYear::parse(y).map_err(|e| UserError::new("bad-year", format!("--year: {e}")))?,
        None => plan.latest_actual_year().ok_or_else(|| {
            UserError::new(
                "no-actuals",
                format!(
                    "ファイル「{}」には実績値が1つもないため、評価する年度を決められません。--year で指定してください",
                    sheet.file.display()
                ),
            )
        })?,
    };
    let period = plan.effective_period();
    if !plan.covers(year) {
        let span = period.map_or_else(String::new, |p| {
            format!("(計画期間: {}〜{})", p.first, p.last)
        });
        return Err(UserError::new(
            "year-outside-plan",
            format!(
                "{year} はファイル「{}」の計画の年度ではありません{span}。--year を確かめてください",
                sheet.file.display()
            ),
        )
        .into());
    }
    let evaluations: Vec<Evaluation<'_>> = plan
        .indicators
        .iter()
        .map(|i| Evaluator::new(i, period, &policy).at(year))
        .collect();
    match args.format {
        Format::Table => table(
            out,
            plan,
            &sheet.file.display().to_string(),
            year,
            &policy,
            &evaluations,
        ),
        Format::Json => json(out, plan, year, &policy, &evaluations),
        Format::Csv => csv(out, plan, &evaluations),
    }
}

fn records(plan: &Plan, evaluations: &[Evaluation<'_>]) -> Vec<EvaluationRecord> {
    evaluations
        .iter()
        .map(|e| {
            EvaluationRecord::new(
                e,
                plan.path(e.indicator.goal)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            )
        })
        .collect()
}

fn table(
    out: &mut impl Write,
    plan: &Plan,
    file: &str,
    year: FiscalYear,
    policy: &Policy,
    evaluations: &[Evaluation<'_>],
) -> anyhow::Result<()> {
    writeln!(out, "{} の評価: {file}", year)?;
    if let Some(t) = &plan.title {
        writeln!(out, "表題: {t}")?;
    }
    writeln!(out, "評価基準: {}\n", policy.name)?;
    let mut t = output::table(&[
        "No",
        "指標",
        "目標",
        "実績",
        "達成率",
        "評価",
        "前年比",
        "見通し",
        "説明",
    ]);
    for (n, e) in evaluations.iter().enumerate() {
        let target = e
            .target
            .map(|t| {
                if t.from_plan_end {
                    format!("{} ({})", t.cell.raw.trim(), t.year.short())
                } else {
                    t.cell.raw.trim().to_owned()
                }
            })
            .unwrap_or_default();
        t.add_row(vec![
            comfy_table::Cell::new(n + 1),
            comfy_table::Cell::new(&e.indicator.name),
            output::figure(target),
            output::figure(
                e.actual
                    .map(|c| c.raw.trim().to_owned())
                    .unwrap_or_default(),
            ),
            output::figure(e.rate().map(explain_percent).unwrap_or_default()),
            comfy_table::Cell::new(format!("{} {}", e.grade.label, e.grade.meaning)),
            comfy_table::Cell::new(e.trend.map(|t| t.direction.to_string()).unwrap_or_default()),
            comfy_table::Cell::new(e.outlook.map(|o| o.status.to_string()).unwrap_or_default()),
            comfy_table::Cell::new(e.to_string()),
        ]);
    }
    output::cap_widths(&mut t, &[(1, 34), (8, 56)]);
    writeln!(out, "{t}")?;
    let distribution = Distribution::of(policy, evaluations);
    let mut d = output::table(&["評価", "件数"]);
    for (label, count) in &distribution.counts {
        d.add_row(vec![
            comfy_table::Cell::new(format!("{} {}", label.label, label.meaning)),
            output::figure(count.to_string()),
        ]);
    }
    d.add_row(vec![
        comfy_table::Cell::new("計"),
        output::figure(distribution.total.to_string()),
    ]);
    writeln!(out, "\n評価の分布:\n{d}")?;
    let found = evaluate::findings(evaluations);
    if !found.is_empty() {
        writeln!(out, "\n評価での指摘 ({} 件):", found.len())?;
        for f in &found {
            writeln!(out, "  - {f} [{}]", f.kind.key())?;
        }
    }
    if !plan.findings.is_empty() {
        writeln!(
            out,
            "\nデータ品質の指摘が {} 件あります (shinchoku read で確認できます)",
            plan.findings.len()
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct DistributionRow<'a> {
    grade: &'a str,
    meaning: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct Report<'a> {
    title: Option<&'a str>,
    year: i32,
    year_label: String,
    policy: &'a Policy,
    evaluations: Vec<EvaluationRecord>,
    distribution: Vec<DistributionRow<'a>>,
    findings: Vec<FindingDocument>,
}

fn json(
    out: &mut impl Write,
    plan: &Plan,
    year: FiscalYear,
    policy: &Policy,
    evaluations: &[Evaluation<'_>],
) -> anyhow::Result<()> {
    let distribution = Distribution::of(policy, evaluations);
    let report = Report {
        title: plan.title.as_deref(),
        year: year.start_year(),
        year_label: year.to_string(),
        policy,
        evaluations: records(plan, evaluations),
        distribution: distribution
            .counts
            .iter()
            .map(|(l, n)| DistributionRow {
                grade: &l.label,
                meaning: &l.meaning,
                count: *n,
            })
            .collect(),
        findings: evaluate::findings(evaluations)
            .iter()
            .map(|f| FindingDocument::new(f, plan))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    Ok(())
}

fn csv(out: &mut impl Write, plan: &Plan, evaluations: &[Evaluation<'_>]) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "年度",
        "年度名",
        "施策",
        "指標",
        "単位",
        "方向",
        "方向の根拠",
        "目標",
        "目標年度",
        "実績",
        "達成率",
        "算式",
        "達成",
        "評価",
        "評価の意味",
        "前年比",
        "見通し",
        "見通し(CAGR)",
        "説明",
    ])?;
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    for r in records(plan, evaluations) {
        w.write_record([
            r.year.to_string(),
            r.year_label,
            r.path.join(" > "),
            r.indicator,
            r.unit.unwrap_or_default(),
            r.polarity,
            r.polarity_reason,
            r.target.unwrap_or_default(),
            r.target_year.map(|y| y.to_string()).unwrap_or_default(),
            r.actual.unwrap_or_default(),
            opt(r.achievement),
            r.formula.unwrap_or_default(),
            r.met
                .map(|m| if m { "達成" } else { "未達成" }.to_owned())
                .unwrap_or_default(),
            r.grade,
            r.grade_meaning,
            r.trend.unwrap_or_default(),
            r.outlook.unwrap_or_default(),
            r.growth_outlook.unwrap_or_default(),
            r.explanation,
        ])?;
    }
    w.flush()?;
    Ok(())
}
