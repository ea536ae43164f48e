//! The evaluation for another program or for Excel: JSON with a key beside every Japanese
//! word, and a CSV that Japanese Excel opens as it is (UTF-8 with a BOM, or Shift_JIS; numbers
//! as plain numbers beside the text as written; CRLF lines).

use super::Report;
use crate::cli::OutputEncoding;
use serde::Serialize;
use shinchoku_core::document::FindingDocument;
use shinchoku_core::evaluate::rollup::{GoalRollUp, RollUp, RollUpRule};
use shinchoku_core::evaluate::{Distribution, EvaluationRecord};
use shinchoku_core::{PeriodSource, PlanPeriod, Policy};
use shinchoku_report::plain_number;
use std::io::Write;

#[derive(Serialize)]
struct DistributionRow<'a> {
    grade: &'a str,
    meaning: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct PeriodDocument {
    #[serde(flatten)]
    period: PlanPeriod,
    source: PeriodSource,
}

#[derive(Serialize)]
struct NoteDocument<'a> {
    text: &'a str,
    location: Option<String>,
}

#[derive(Serialize)]
struct RollUps<'a> {
    rule: &'a RollUpRule,
    rule_label: String,
    plan: &'a RollUp,
    goals: &'a [GoalRollUp],
}

#[derive(Serialize)]
struct JsonReport<'a> {
    file: String,
    title: Option<&'a str>,
    municipality: Option<&'a str>,
    period: Option<PeriodDocument>,
    year: i32,
    year_label: String,
    /// `graded`, `before_plan` (the year's figures are the baseline) or `no_actuals_yet`.
    focus: &'static str,
    policy: &'a Policy,
    stated: &'a [String],
    evaluations: Vec<EvaluationRecord>,
    distribution: Vec<DistributionRow<'a>>,
    needs_review: usize,
    rollups: RollUps<'a>,
    findings: Vec<FindingDocument>,
    notes: Vec<NoteDocument<'a>>,
}

fn records(r: &Report<'_>) -> Vec<EvaluationRecord> {
    r.evaluations
        .iter()
        .enumerate()
        .map(|(i, e)| EvaluationRecord::new(e, r.plan, i, &r.keys[i]))
        .collect()
}

pub fn json(out: &mut impl Write, r: &Report<'_>) -> anyhow::Result<()> {
    let plan = r.plan;
    let distribution = Distribution::of(r.policy, &r.evaluations);
    let report = JsonReport {
        file: r.source.name(),
        title: plan.title.as_deref(),
        municipality: plan.municipality.as_deref(),
        period: plan.effective_period().map(|period| PeriodDocument {
            period,
            source: plan.effective_period_source(),
        }),
        year: r.year.start_year(),
        year_label: r.year.to_string(),
        focus: match r.focus {
            super::Focus::Graded => "graded",
            super::Focus::BeforePlan { .. } => "before_plan",
            super::Focus::NoActualsYet => "no_actuals_yet",
        },
        policy: r.policy,
        stated: &r.stated,
        evaluations: records(r),
        distribution: distribution
            .counts
            .iter()
            .map(|(l, n)| DistributionRow {
                grade: &l.label,
                meaning: &l.meaning,
                count: *n,
            })
            .collect(),
        needs_review: r.evaluations.iter().filter(|e| e.needs_review()).count(),
        rollups: RollUps {
            rule: &r.rule,
            rule_label: r.rule.words(),
            plan: &r.overall,
            goals: &r.rollups,
        },
        findings: r
            .findings
            .iter()
            .map(|f| FindingDocument::new(f, plan, &r.keys))
            .collect(),
        notes: plan
            .notes
            .iter()
            .map(|n| NoteDocument {
                text: &n.text,
                location: n.location.as_ref().map(ToString::to_string),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    Ok(())
}

/// The CSV's columns. A row is an indicator (種別 指標) or the roll-up of a goal (種別 まとめ).
const HEADER: [&str; 41] = [
    "種別",
    "団体",
    "計画",
    "計画期間",
    "年度",
    "年度名",
    "指標ID",
    "指標番号",
    "施策",
    "指標",
    "対象",
    "単位",
    "方向",
    "方向キー",
    "方向の根拠",
    "累計の扱い",
    "基準値",
    "基準年度",
    "目標(記載)",
    "目標値",
    "目標年度",
    "目標の種類",
    "実績(記載)",
    "実績値",
    "実績の種類",
    "比べた実績",
    "比べた目標",
    "達成率(%)",
    "算式",
    "達成",
    "評価",
    "評価の意味",
    "評価点",
    "要確認",
    "評価不能の理由キー",
    "評価不能の理由",
    "前年比",
    "見通し",
    "見通し(CAGR)",
    "注記",
    "説明",
];

pub fn csv(out: &mut impl Write, r: &Report<'_>, encoding: OutputEncoding) -> anyhow::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEADER)?;
    let plan = r.plan;
    let municipality = plan.municipality.clone().unwrap_or_default();
    let title = plan.title.clone().unwrap_or_default();
    let period = shinchoku_core::long::period_text(plan);
    let year = r.year.start_year().to_string();
    let year_label = r.year.to_string();
    let lead = |kind: &str| {
        vec![
            kind.to_owned(),
            municipality.clone(),
            title.clone(),
            period.clone(),
            year.clone(),
            year_label.clone(),
        ]
    };
    for rec in records(r) {
        let mut row = lead("指標");
        let target = rec.target.as_ref();
        let actual = rec.actual.as_ref();
        row.extend([
            rec.id,
            rec.no.to_string(),
            rec.path.join(" > "),
            rec.indicator,
            rec.group.unwrap_or_default(),
            rec.unit.unwrap_or_default(),
            rec.polarity_label,
            rec.polarity_source,
            rec.polarity_reason,
            shinchoku_core::vocabulary::accumulation_word(rec.accumulation).to_owned(),
            plain_number(rec.baseline.map(|b| b.value)),
            rec.baseline
                .and_then(|b| b.year)
                .map(|y| y.start_year().to_string())
                .unwrap_or_default(),
            target.map(|t| t.cell.raw.to_string()).unwrap_or_default(),
            plain_number(target.and_then(|t| t.value())),
            target.map(|t| t.year.to_string()).unwrap_or_default(),
            rec.target_source.map(|k| k.label).unwrap_or_default(),
            actual.map(|a| a.cell.raw.to_string()).unwrap_or_default(),
            plain_number(actual.and_then(|a| a.value())),
            actual
                .map(|a| a.cell.kind().words().to_owned())
                .unwrap_or_default(),
            plain_number(rec.compared_actual),
            plain_number(rec.expected),
            plain_number(rec.achievement_percent),
            rec.formula.map(|f| f.label).unwrap_or_default(),
            rec.met
                .map(|m| if m { "達成" } else { "未達成" }.to_owned())
                .unwrap_or_default(),
            rec.grade,
            rec.grade_meaning,
            rec.points.map(|p| p.to_string()).unwrap_or_default(),
            rec.reviews
                .iter()
                .map(|k| k.label.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            rec.not_evaluable
                .as_ref()
                .map(|k| k.key.clone())
                .unwrap_or_default(),
            rec.not_evaluable.map(|k| k.label).unwrap_or_default(),
            rec.trend.map(|k| k.label).unwrap_or_default(),
            rec.outlook.map(|k| k.label).unwrap_or_default(),
            rec.growth_outlook.map(|k| k.label).unwrap_or_default(),
            rec.notes.join("\n"),
            rec.explanation,
        ]);
        w.write_record(&row)?;
    }
    let mut summaries = vec![("計画全体".to_owned(), &r.overall)];
    summaries.extend(r.rollups.iter().map(|g| (g.path.join(" > "), &g.rollup)));
    for (path, rollup) in summaries {
        let mut row = lead("まとめ");
        row.resize(HEADER.len(), String::new());
        for (column, text) in [
            ("施策", path),
            ("評価", rollup.value.clone()),
            ("評価の意味", rollup.rule.words()),
            ("説明", rollup.explanation.clone()),
        ] {
            if let Some(at) = HEADER.iter().position(|h| *h == column) {
                row[at] = text;
            }
        }
        w.write_record(&row)?;
    }
    let text = String::from_utf8(w.into_inner()?)?;
    match encoding {
        OutputEncoding::Utf8 => {
            out.write_all("\u{feff}".as_bytes())?;
            out.write_all(text.as_bytes())?;
        }
        OutputEncoding::ShiftJis => {
            let (bytes, replaced) = shinchoku_report::shift_jis(&text);
            out.write_all(&bytes)?;
            warn_unmappable(&replaced);
        }
    }
    Ok(())
}

/// Says on standard error which characters Shift_JIS could not hold (written as 〓).
pub fn warn_unmappable(replaced: &[char]) {
    if !replaced.is_empty() {
        let shown: String = replaced.iter().take(10).collect();
        eprintln!(
            "注意: Shift_JIS で表せない文字 {} 個を「〓」に置き換えました: {shown} (unmappable-characters)。すべての文字を残すには --encoding utf-8 を使ってください",
            replaced.len()
        );
    }
}
