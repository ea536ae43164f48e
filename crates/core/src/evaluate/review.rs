//! Grades a person must confirm before they are published: the figures allow the grade, but
//! the sheet leaves open how they are to be read (which way is better, whether yearly counts
//! sum to the target, whether 人 and 件 are the same thing). The grade is kept and marked
//! 要確認, and a finding asks the question with the way to answer it.

use super::{Evaluator, ExpectationUsed, Judgement, PolaritySource, TargetInForce};
use crate::cell::{Cell, format_number};
use crate::fiscal_year::FiscalYear;
use crate::indicator::{Accumulation, Polarity};
use crate::unit::Unit;
use std::fmt;

/// What a person should confirm about one grade.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Review {
    /// Nothing says which way is better, and the target lies below every actual: a count the
    /// plan wants down (通告件数 10件 against 16〜25件) would be graded A as "more is better".
    PolarityDefaulted {
        target: f64,
        lowest: f64,
        highest: f64,
        unit: Option<Unit>,
    },
    /// The target and the actual compared are written in different units (人 against 件).
    UnitsDiffer { target: Unit, actual: Unit },
    /// One plan-wide target that the yearly figures could be meant to add up to: read as a
    /// level each year, the grade would be much lower than if summed.
    AccumulationUnclear { sum: f64, target: f64 },
    /// A per-month target compared with a year's figure at twelve times itself.
    PerMonthTarget { per_month: f64 },
}

impl Review {
    /// A stable English key.
    pub fn key(&self) -> &'static str {
        match self {
            Review::PolarityDefaulted { .. } => "review/polarity-unclear",
            Review::UnitsDiffer { .. } => "review/units-differ",
            Review::AccumulationUnclear { .. } => "review/accumulation-unclear",
            Review::PerMonthTarget { .. } => "review/per-month-target",
        }
    }
}

impl fmt::Display for Review {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = |v: f64| format_number(v, Some(2));
        match self {
            Review::PolarityDefaulted {
                target,
                lowest,
                highest,
                unit,
            } => {
                let u = unit.as_ref().map(Unit::as_str).unwrap_or("");
                write!(
                    f,
                    "目標 {}{u} がどの年度の実績({}{u}〜{}{u})よりも低く、多い・少ないのどちらが良いかの記載がありません",
                    n(*target),
                    n(*lowest),
                    n(*highest)
                )
            }
            Review::UnitsDiffer { target, actual } => {
                write!(
                    f,
                    "目標は{target}、実績は{actual}で記載され、単位が違います"
                )
            }
            Review::AccumulationUnclear { sum, target } => write!(
                f,
                "目標 {} は計画全体の1つだけで、各年度の実績の合計は {} です。年ごとの値として比べましたが、合計と比べる指標かもしれません",
                n(*target),
                n(*sum)
            ),
            Review::PerMonthTarget { per_month } => write!(
                f,
                "目標は月あたり({})、実績は年度の値のため、目標を12か月分({})にして比べました",
                n(*per_month),
                n(per_month * 12.0)
            ),
        }
    }
}

/// Every review the evaluation of `year` needs.
pub(super) fn reviews(
    e: &Evaluator<'_>,
    year: FiscalYear,
    judgement: &Judgement<'_>,
    target: Option<TargetInForce<'_>>,
    actual: Option<&Cell>,
) -> Vec<Review> {
    let mut out = Vec::new();
    let compared = match judgement {
        Judgement::Achievement { compared, .. } | Judgement::Threshold { compared, .. } => compared,
        _ => return out,
    };
    let target_for_year = match compared.expectation {
        ExpectationUsed::Annualised { .. } => compared.expected,
        _ => compared.target,
    };
    if let Some(r) = polarity_defaulted(e, target_for_year) {
        out.push(r);
    }
    fn unit_of(c: Option<&Cell>) -> Option<&Unit> {
        c.and_then(Cell::number).and_then(|q| q.unit.as_ref())
    }
    if let (Some(t), Some(a)) = (unit_of(target.map(|t| t.cell)), unit_of(actual))
        && !t.same_as(a)
    {
        out.push(Review::UnitsDiffer {
            target: t.clone(),
            actual: a.clone(),
        });
    }
    if let Some(r) = accumulation_unclear(e, year, target, compared.target) {
        out.push(r);
    }
    if let ExpectationUsed::Annualised { per_month } = compared.expectation {
        out.push(Review::PerMonthTarget { per_month });
    }
    out
}

fn polarity_defaulted(e: &Evaluator<'_>, target: f64) -> Option<Review> {
    // one figure above its target is an ordinary success; a target set below every figure
    // the sheet has, year after year, is a target to bring the figure down to
    if e.polarity.source != PolaritySource::Default || e.points.len() < 2 {
        return None;
    }
    let (lowest, highest) = e.range;
    let start_above = e.baseline.is_none_or(|b| b.value > target);
    (lowest > target && start_above).then(|| Review::PolarityDefaulted {
        target,
        lowest,
        highest,
        unit: e.unit.cloned(),
    })
}

/// A plan-wide target of a count, read as a level, where every year's figure is far below it
/// and their sum is not above it: both readings fit the figures.
fn accumulation_unclear(
    e: &Evaluator<'_>,
    year: FiscalYear,
    target: Option<TargetInForce<'_>>,
    target_value: f64,
) -> Option<Review> {
    let target = target?;
    let plain_target = target.cell.number().is_some_and(|q| q.qualifier.is_none());
    if e.indicator.accumulation.is_some()
        || e.accumulation != Accumulation::None
        || e.polarity.polarity != Polarity::Increase
        || !target.stands_in()
        || !plain_target
        || !e.counts_things
        || target_value <= 0.0
    {
        return None;
    }
    let from = e.sum_from();
    let figures: Vec<f64> = e
        .history_until(year)
        .iter()
        .filter(|(y, _)| from.is_none_or(|f| *y >= f))
        .map(|(_, v)| *v)
        .collect();
    let sum: f64 = figures.iter().sum();
    let highest = figures.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (figures.len() >= 2 && highest * 2.0 < target_value && sum <= target_value && sum > 0.0)
        .then_some(Review::AccumulationUnclear {
            sum,
            target: target_value,
        })
}
