//! Evaluation as Japanese public administration does it (design.md §4): the target in force,
//! the achievement formula chosen by polarity, the grade from the plan's policy, the trend
//! against the previous year and the plan-end outlook. Results are data; their Japanese
//! explanation is rendered from them (`Display`), so evaluating stays cheap.

pub mod baseline;
mod explain;
pub mod outlook;
pub mod polarity;
pub mod policy;
mod record;
pub mod rollup;
pub mod trend;

pub use baseline::BaselineRef;
pub use explain::percent as explain_percent;
pub use outlook::{GrowthOutlook, GrowthStatus, Outlook, OutlookStatus};
pub use polarity::{PolarityInference, PolaritySource};
pub use policy::{BandRule, Expectation, GradeBand, GradeLabel, IncreaseFormula, Policy};
pub use record::EvaluationRecord;
pub use rollup::{Distribution, RollUp, RollUpRule};
pub use trend::{Trend, TrendDirection};

use crate::cell::{Cell, CellKind, CellValue, Direction};
use crate::fiscal_year::FiscalYear;
use crate::indicator::{Accumulation, Indicator, Polarity};
use crate::plan::PlanPeriod;
use crate::unit::Unit;

/// Evaluates one indicator in one fiscal year.
pub fn evaluate<'a>(
    indicator: &'a Indicator,
    year: FiscalYear,
    period: Option<PlanPeriod>,
    policy: &'a Policy,
) -> Evaluation<'a> {
    Evaluator::new(indicator, period, policy).at(year)
}

/// Evaluates an indicator year after year: what does not depend on the year (polarity,
/// baseline, accumulation, the numeric series) is worked out once.
#[derive(Debug)]
pub struct Evaluator<'a> {
    indicator: &'a Indicator,
    policy: &'a Policy,
    period: Option<PlanPeriod>,
    polarity: PolarityInference,
    accumulation: Accumulation,
    baseline: Option<BaselineRef>,
    final_target: Option<(FiscalYear, &'a Cell)>,
    /// Numeric actuals, oldest first.
    points: Vec<(FiscalYear, f64)>,
    unit: Option<&'a Unit>,
}

/// The target a year is judged against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetInForce<'a> {
    pub year: FiscalYear,
    pub cell: &'a Cell,
    /// True when the year has no target of its own and the plan-end target stands in.
    pub from_plan_end: bool,
}

/// The two numbers an achievement rate compares, and how each was derived.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Compared {
    /// The actual value compared: the year's figure, or the sum from `summed_from`.
    pub actual: f64,
    pub summed_from: Option<FiscalYear>,
    /// The value the year is judged against.
    pub expected: f64,
    pub expectation: ExpectationUsed,
    /// The target as written.
    pub target: f64,
}

/// How the expected value of a year was derived from the target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExpectationUsed {
    Target,
    /// k/n of the target.
    ProRata {
        k: u32,
        n: u32,
    },
    /// On the line from the baseline to the target.
    Linear {
        from: BaselineRef,
    },
}

/// The achievement formula, shown beside every rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    /// 実績 ÷ 目標
    ActualOverTarget,
    /// 目標 ÷ 実績
    TargetOverActual,
    /// (基準値 − 実績) ÷ (基準値 − 目標)
    BaselineGap,
    /// (実績 − 基準値) ÷ (目標 − 基準値)
    ProgressFromBaseline,
}

/// The previous value a direction or maintain target is judged from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reference {
    pub year: Option<FiscalYear>,
    pub value: f64,
    /// True when the baseline stands in for a missing previous actual.
    pub is_baseline: bool,
}

/// What the comparison of actual and target found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Judgement<'a> {
    /// A numeric target with a rate.
    Achievement {
        rate: f64,
        formula: Formula,
        met: bool,
        compared: Compared,
    },
    /// A numeric target where no rate can be formed (a target of 0 to increase from).
    Threshold {
        met: bool,
        compared: Compared,
    },
    /// ↑ or ↓: did the actual move that way?
    Moved {
        met: bool,
        direction: Direction,
        from: Reference,
        to: f64,
    },
    /// → 維持: did the actual stay within the tolerance of its reference?
    Maintained {
        met: bool,
        reference: Reference,
        deviation: f64,
    },
    /// 有り / 無し
    State {
        met: bool,
        target: bool,
        actual: bool,
    },
    NotEvaluable(Unevaluable<'a>),
}

/// Why an indicator cannot be evaluated in a year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unevaluable<'a> {
    /// No target at all, not even at the plan's end.
    NoTarget,
    /// The target is text (`調査予定`).
    TargetNotJudgeable(&'a str),
    /// Nothing is written for the year.
    BlankActual,
    /// `-` or `—`: the sheet says there is no figure.
    NoFigure(&'a str),
    /// The actual is text such as `アンケート調査済`.
    ActualIsText(&'a str),
    /// The actual's kind cannot be compared with the target's.
    KindMismatch { target: CellKind, actual: CellKind },
    /// A direction target with no earlier figure to compare with.
    NoPreviousActual,
    /// The policy's scale needs a baseline the indicator lacks.
    NoBaselineForScale,
}

/// The evaluation of one indicator in one fiscal year.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation<'a> {
    pub indicator: &'a Indicator,
    pub year: FiscalYear,
    pub polarity: PolarityInference,
    pub accumulation: Accumulation,
    pub baseline: Option<BaselineRef>,
    pub target: Option<TargetInForce<'a>>,
    pub actual: Option<&'a Cell>,
    pub judgement: Judgement<'a>,
    pub grade: &'a GradeLabel,
    /// Set when the judgement was made but the policy's scale could not grade it.
    pub ungraded: Option<Unevaluable<'a>>,
    pub trend: Option<Trend>,
    pub outlook: Option<Outlook>,
    pub growth: Option<GrowthOutlook>,
    /// The unit figures are shown in when a cell carries none.
    pub unit: Option<&'a Unit>,
    pub policy: &'a Policy,
}

impl<'a> Evaluator<'a> {
    pub fn new(
        indicator: &'a Indicator,
        period: Option<PlanPeriod>,
        policy: &'a Policy,
    ) -> Evaluator<'a> {
        let baseline = baseline::baseline(indicator, period);
        let polarity = polarity::infer(indicator, baseline);
        let points = indicator
            .actuals
            .iter()
            .filter_map(|(y, c)| c.number().map(|q| (*y, q.value)))
            .collect();
        Evaluator {
            indicator,
            policy,
            period,
            polarity,
            accumulation: indicator.accumulation().0,
            baseline,
            final_target: indicator.final_target(),
            points,
            unit: indicator.effective_unit(),
        }
    }

    pub fn polarity(&self) -> PolarityInference {
        self.polarity
    }

    /// The evaluation in fiscal year `year`.
    pub fn at(&self, year: FiscalYear) -> Evaluation<'a> {
        let target = self.target_in_force(year);
        let actual = self.indicator.actuals.get(&year);
        let judgement = self.judge(year, target, actual);
        let (grade, ungraded) = self.grade(&judgement, actual);
        let history = self.history_until(year);
        Evaluation {
            indicator: self.indicator,
            year,
            polarity: self.polarity,
            accumulation: self.accumulation,
            baseline: self.baseline,
            target,
            actual,
            judgement,
            grade,
            ungraded,
            trend: trend::trend(
                history,
                year,
                self.polarity.polarity,
                self.unit_is_percent(),
                &self.policy.flat,
            ),
            outlook: self.final_target.and_then(|(ty, cell)| {
                outlook::outlook(
                    history,
                    year,
                    (ty, cell),
                    self.polarity.polarity,
                    self.accumulation,
                    self.policy,
                )
            }),
            growth: self.final_target.and_then(|(ty, cell)| {
                outlook::growth(
                    history,
                    year,
                    (ty, cell),
                    self.baseline,
                    self.polarity.polarity,
                    self.accumulation,
                )
            }),
            unit: self.unit,
            policy: self.policy,
        }
    }

    /// Numeric actuals up to and including `year`.
    fn history_until(&self, year: FiscalYear) -> &[(FiscalYear, f64)] {
        let n = self.points.partition_point(|(y, _)| *y <= year);
        &self.points[..n]
    }

    fn unit_is_percent(&self) -> bool {
        self.unit.is_some_and(|u| u.as_str() == "%")
    }

    /// The year's own target if it says something, else the plan-end target.
    fn target_in_force(&self, year: FiscalYear) -> Option<TargetInForce<'a>> {
        let own = self.indicator.targets.get(&year).filter(|c| is_target(c));
        match own {
            Some(cell) => Some(TargetInForce {
                year,
                cell,
                from_plan_end: false,
            }),
            None => self.final_target.map(|(y, cell)| TargetInForce {
                year: y,
                cell,
                from_plan_end: y != year,
            }),
        }
    }

    fn judge(
        &self,
        year: FiscalYear,
        target: Option<TargetInForce<'a>>,
        actual: Option<&'a Cell>,
    ) -> Judgement<'a> {
        use Judgement::NotEvaluable as No;
        let Some(target) = target else {
            return No(Unevaluable::NoTarget);
        };
        let Some(actual) = actual else {
            return No(Unevaluable::BlankActual);
        };
        match (&actual.value, &target.cell.value) {
            (CellValue::Empty, _) => No(Unevaluable::NoFigure(&actual.raw)),
            (CellValue::Text, _) => No(Unevaluable::ActualIsText(&actual.raw)),
            (_, CellValue::Text | CellValue::Empty) => {
                No(Unevaluable::TargetNotJudgeable(&target.cell.raw))
            }
            (CellValue::Number(a), CellValue::Number(t)) => {
                self.judge_number(year, target, a.value, t.value)
            }
            (CellValue::Number(a), CellValue::Direction(d)) => {
                self.judge_direction(year, *d, a.value)
            }
            (CellValue::State(a), CellValue::State(t)) => Judgement::State {
                met: a == t,
                target: *t,
                actual: *a,
            },
            (a, t) => No(Unevaluable::KindMismatch {
                target: t.kind(),
                actual: a.kind(),
            }),
        }
    }

    fn judge_number(
        &self,
        year: FiscalYear,
        target: TargetInForce<'a>,
        actual: f64,
        target_value: f64,
    ) -> Judgement<'a> {
        let (actual, summed_from) = match self.accumulation {
            Accumulation::YearlySum => {
                let from = self.period.map(|p| p.first);
                let sum = self
                    .history_until(year)
                    .iter()
                    .filter(|(y, _)| from.is_none_or(|f| *y >= f))
                    .map(|(_, v)| v)
                    .sum();
                let first = self
                    .history_until(year)
                    .iter()
                    .map(|(y, _)| *y)
                    .find(|y| from.is_none_or(|f| *y >= f));
                (sum, first)
            }
            _ => (actual, None),
        };
        let (expected, expectation) = self.expected(year, target, target_value);
        let compared = Compared {
            actual,
            summed_from,
            expected,
            expectation,
            target: target_value,
        };
        let tolerance = self.policy.maintain_tolerance;
        match self.polarity.polarity {
            Polarity::Increase => {
                let met = actual >= expected;
                let progress = match (self.policy.increase_formula, self.baseline) {
                    (IncreaseFormula::ProgressFromBaseline, Some(b)) if expected != b.value => {
                        Some((
                            (actual - b.value) / (expected - b.value),
                            Formula::ProgressFromBaseline,
                        ))
                    }
                    _ if expected > 0.0 => Some((actual / expected, Formula::ActualOverTarget)),
                    _ => None,
                };
                match progress {
                    Some((rate, formula)) => Judgement::Achievement {
                        rate,
                        formula,
                        met,
                        compared,
                    },
                    None => Judgement::Threshold { met, compared },
                }
            }
            Polarity::Decrease => {
                let met = actual <= expected;
                let rate = match self.baseline {
                    Some(b) if b.value > expected => Some((
                        ((b.value - actual) / (b.value - expected)).max(0.0),
                        Formula::BaselineGap,
                    )),
                    _ if actual > 0.0 => {
                        Some((expected.max(0.0) / actual, Formula::TargetOverActual))
                    }
                    _ => None,
                };
                match rate {
                    Some((rate, formula)) => Judgement::Achievement {
                        rate,
                        formula,
                        met,
                        compared,
                    },
                    None => Judgement::Threshold { met, compared },
                }
            }
            Polarity::Maintain => {
                let deviation = relative_change(expected, actual);
                Judgement::Maintained {
                    met: deviation.abs() <= tolerance + 1e-12,
                    reference: Reference {
                        year: Some(target.year),
                        value: expected,
                        is_baseline: false,
                    },
                    deviation,
                }
            }
        }
    }

    /// The value `year` is judged against under the policy's expectation.
    fn expected(
        &self,
        year: FiscalYear,
        target: TargetInForce<'a>,
        t: f64,
    ) -> (f64, ExpectationUsed) {
        if !target.from_plan_end || year >= target.year {
            return (t, ExpectationUsed::Target);
        }
        match self.policy.expectation {
            Expectation::TargetInForce => (t, ExpectationUsed::Target),
            Expectation::ProRata => {
                let pro_rata = self.polarity.polarity == Polarity::Increase
                    || self.accumulation == Accumulation::YearlySum;
                match self.period {
                    Some(p) if pro_rata && year >= p.first => {
                        let k = (p.first.years_until(year) + 1) as u32;
                        let n = (p.first.years_until(target.year) + 1) as u32;
                        (
                            t * f64::from(k) / f64::from(n),
                            ExpectationUsed::ProRata { k, n },
                        )
                    }
                    _ => (t, ExpectationUsed::Target),
                }
            }
            Expectation::LinearFromBaseline => match self.baseline {
                Some(b) => match b.year {
                    Some(by) if by < year && by < target.year => {
                        let share = f64::from(by.years_until(year))
                            / f64::from(by.years_until(target.year));
                        (
                            b.value + (t - b.value) * share,
                            ExpectationUsed::Linear { from: b },
                        )
                    }
                    _ => (t, ExpectationUsed::Target),
                },
                None => (t, ExpectationUsed::Target),
            },
        }
    }

    fn judge_direction(
        &self,
        year: FiscalYear,
        direction: Direction,
        actual: f64,
    ) -> Judgement<'a> {
        let previous = self
            .history_until(year)
            .iter()
            .rev()
            .find(|(y, _)| *y < year)
            .map(|(y, v)| Reference {
                year: Some(*y),
                value: *v,
                is_baseline: false,
            });
        let reference = previous.or_else(|| {
            self.baseline
                .filter(|b| b.year.is_none_or(|by| by < year))
                .map(|b| Reference {
                    year: b.year,
                    value: b.value,
                    is_baseline: true,
                })
        });
        let Some(from) = reference else {
            return Judgement::NotEvaluable(Unevaluable::NoPreviousActual);
        };
        match direction {
            Direction::Up => Judgement::Moved {
                met: actual > from.value,
                direction,
                from,
                to: actual,
            },
            Direction::Down => Judgement::Moved {
                met: actual < from.value,
                direction,
                from,
                to: actual,
            },
            Direction::Keep => {
                let deviation = relative_change(from.value, actual);
                Judgement::Maintained {
                    met: deviation.abs() <= self.policy.maintain_tolerance + 1e-12,
                    reference: from,
                    deviation,
                }
            }
        }
    }

    fn grade(
        &self,
        judgement: &Judgement<'a>,
        actual: Option<&Cell>,
    ) -> (&'a GradeLabel, Option<Unevaluable<'a>>) {
        let p = self.policy;
        match judgement {
            Judgement::Achievement {
                rate,
                met,
                compared,
                ..
            } => {
                let better = self
                    .baseline
                    .map(|b| better_than(self.polarity.polarity, b.value, compared.actual));
                for band in &p.bands {
                    let applies = match band.rule {
                        BandRule::AchievementAtLeast { min } => {
                            Some((*met && min <= 1.0) || *rate + 1e-9 >= min)
                        }
                        BandRule::BetterThanBaseline { margin, inclusive } => better.map(|c| {
                            if inclusive {
                                c + 1e-12 >= margin
                            } else {
                                c > margin + 1e-12
                            }
                        }),
                        BandRule::Always => Some(true),
                    };
                    match applies {
                        Some(true) => return (&band.grade, None),
                        Some(false) => {}
                        None => return (&p.unevaluable, Some(Unevaluable::NoBaselineForScale)),
                    }
                }
                (&p.unevaluable, None)
            }
            Judgement::Threshold { met, .. }
            | Judgement::Moved { met, .. }
            | Judgement::Maintained { met, .. }
            | Judgement::State { met, .. } => (if *met { &p.met } else { &p.not_met }, None),
            Judgement::NotEvaluable(Unevaluable::BlankActual) if actual.is_none() => {
                (p.not_implemented.as_ref().unwrap_or(&p.unevaluable), None)
            }
            Judgement::NotEvaluable(_) => (&p.unevaluable, None),
        }
    }
}

/// A cell that can serve as a target: a number, a direction or a state.
fn is_target(c: &Cell) -> bool {
    matches!(
        c.value,
        CellValue::Number(_) | CellValue::Direction(_) | CellValue::State(_)
    )
}

/// (to − from) ÷ |from|, or 0 / ±∞ when `from` is 0.
fn relative_change(from: f64, to: f64) -> f64 {
    if from == 0.0 {
        if to == 0.0 {
            0.0
        } else {
            f64::INFINITY.copysign(to)
        }
    } else {
        (to - from) / from.abs()
    }
}

/// How much better than the baseline the actual is, relative to it (negative when worse).
fn better_than(polarity: Polarity, baseline: f64, actual: f64) -> f64 {
    let change = relative_change(baseline, actual);
    match polarity {
        Polarity::Decrease => -change,
        Polarity::Increase => change,
        Polarity::Maintain => -change.abs(),
    }
}

/// What evaluating a plan's indicators in one year shows about the sheet: blank actuals that
/// give no reason, in a year the other indicators report, and self-assessed grades that the
/// figures contradict (a stated A with 達成率 72 %).
pub fn findings(evaluations: &[Evaluation<'_>]) -> Vec<crate::finding::Finding> {
    use crate::finding::{Finding, FindingKind};
    let year_is_reported = evaluations.iter().any(|e| e.actual.is_some());
    let mut out = Vec::new();
    for e in evaluations {
        let ind = e.indicator;
        if year_is_reported && e.actual.is_none() && e.target.is_some() {
            out.push(
                Finding::new(FindingKind::BlankActualWithoutReason {
                    indicator: ind.name.clone(),
                    year: e.year,
                })
                .at(ind.location.clone()),
            );
        }
        let Some(stated) = ind.self_assessments.get(&e.year) else {
            continue;
        };
        let stated_label = crate::text::compact(stated);
        let known = e.policy.labels().iter().any(|l| l.label == stated_label);
        if known && e.is_evaluable() && stated_label != e.grade.label.as_str() {
            out.push(
                Finding::new(FindingKind::SelfAssessmentContradicts {
                    indicator: ind.name.clone(),
                    year: e.year,
                    stated: stated.clone(),
                    computed: format!("{} {}", e.grade.label, e.grade.meaning),
                    explanation: e.to_string(),
                })
                .at(ind
                    .self_assessment_location(e.year)
                    .or_else(|| ind.location.clone())),
            );
        }
    }
    out
}

impl Evaluation<'_> {
    /// The achievement rate, when one was formed.
    pub fn rate(&self) -> Option<f64> {
        match self.judgement {
            Judgement::Achievement { rate, .. } => Some(rate),
            _ => None,
        }
    }

    /// Met, not met, or not evaluable (`None`).
    pub fn met(&self) -> Option<bool> {
        match self.judgement {
            Judgement::Achievement { met, .. }
            | Judgement::Threshold { met, .. }
            | Judgement::Moved { met, .. }
            | Judgement::Maintained { met, .. }
            | Judgement::State { met, .. } => Some(met),
            Judgement::NotEvaluable(_) => None,
        }
    }

    pub fn is_evaluable(&self) -> bool {
        !matches!(self.judgement, Judgement::NotEvaluable(_)) && self.ungraded.is_none()
    }
}

#[cfg(test)]
mod tests;
