//! Comparing a year's actual with its target: the achievement formula chosen by polarity, the
//! value a year is expected to reach under the policy, direction and maintain targets, and the
//! grade the policy's scale gives.

use super::policy::{BandRule, Expectation, IncreaseFormula, MaintainBand};
use super::{
    BaselineRef, Compared, Evaluator, ExpectationUsed, Formula, GradeLabel, Judgement, Reference,
    TargetInForce, Unevaluable, better_than, relative_change,
};
use crate::cell::{Cell, CellValue, Direction, Qualifier, Quantity};
use crate::fiscal_year::FiscalYear;
use crate::indicator::{Accumulation, Polarity};

/// Words in an actual that say the work was not done.
const NOT_DONE: &[&str] = &[
    "未実施",
    "実施なし",
    "実施せず",
    "未開催",
    "開催なし",
    "中止",
    "休止",
    "実績なし",
];

impl<'a> Evaluator<'a> {
    pub(super) fn judge(
        &self,
        year: FiscalYear,
        target: Option<TargetInForce<'a>>,
        actual: Option<&'a Cell>,
        baseline: Option<BaselineRef>,
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
            (CellValue::State(a), CellValue::State(t)) => Judgement::State {
                met: a == t,
                target: *t,
                actual: *a,
            },
            // `未実施` against a figure: nothing was done, not a figure missing
            (CellValue::Text | CellValue::State(false), _) if says_not_done(&actual.raw) => {
                Judgement::NotImplemented { raw: &actual.raw }
            }
            (CellValue::Text, _) => No(Unevaluable::ActualIsText(&actual.raw)),
            (_, CellValue::Text | CellValue::Empty) => {
                No(Unevaluable::TargetNotJudgeable(&target.cell.raw))
            }
            (CellValue::Number(a), CellValue::Number(t)) => {
                match self.judge_number(year, target, a, t, baseline) {
                    // nothing done at all: a plan that grades 未実施 says so, not merely C
                    Judgement::Achievement {
                        met: false,
                        compared,
                        ..
                    } if compared.actual == 0.0 && self.grades_nothing_done() => {
                        Judgement::NotImplemented { raw: &actual.raw }
                    }
                    judged => judged,
                }
            }
            (CellValue::Number(a), CellValue::Direction(d)) => {
                self.judge_direction(year, *d, a.value, baseline)
            }
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
        actual_q: &Quantity,
        target_q: &Quantity,
        baseline: Option<BaselineRef>,
    ) -> Judgement<'a> {
        let (actual, summed_from) = match self.accumulation {
            Accumulation::YearlySum => {
                let from = self.sum_from();
                let counted = self
                    .history_until(year)
                    .iter()
                    .filter(|(y, _)| from.is_none_or(|f| *y >= f));
                let sum = counted.clone().map(|(_, v)| v).sum();
                (sum, counted.map(|(y, _)| *y).next())
            }
            _ => (actual_q.value, None),
        };
        let target_value = target_q.value;
        let (expected, expectation) = match per_month(target_q) && !per_month(actual_q) {
            true => (
                target_value * 12.0,
                ExpectationUsed::Annualised {
                    per_month: target_value,
                },
            ),
            false => self.expected(year, target, target_q, baseline),
        };
        let compared = Compared {
            actual,
            summed_from,
            expected,
            expectation,
            target: target_value,
        };
        match self.polarity.polarity {
            Polarity::Increase => {
                let met = actual >= expected;
                let progress = match (self.policy.increase_formula, baseline) {
                    (IncreaseFormula::ProgressFromBaseline, Some(b)) if expected != b.value => {
                        Some((
                            (actual - b.value) / (expected - b.value),
                            Formula::ProgressFromBaseline,
                        ))
                    }
                    _ if expected > 0.0 => Some((actual / expected, Formula::ActualOverTarget)),
                    _ => None,
                };
                rated(progress, met, compared)
            }
            Polarity::Decrease => {
                let met = actual <= expected;
                let rate = match baseline {
                    Some(b) if b.value > expected => Some((
                        ((b.value - actual) / (b.value - expected)).max(0.0),
                        Formula::BaselineGap,
                    )),
                    _ if actual > 0.0 => {
                        Some((expected.max(0.0) / actual, Formula::TargetOverActual))
                    }
                    _ => None,
                };
                rated(rate, met, compared)
            }
            Polarity::Maintain => {
                let deviation = relative_change(expected, actual);
                let at_least = self.maintains_at_least();
                Judgement::Maintained {
                    met: self.kept(deviation, at_least),
                    reference: Reference {
                        year: Some(target.year),
                        value: expected,
                        is_baseline: false,
                    },
                    deviation,
                    at_least,
                }
            }
        }
    }

    /// The value `year` is judged against under the policy's expectation.
    fn expected(
        &self,
        year: FiscalYear,
        target: TargetInForce<'a>,
        target_q: &Quantity,
        baseline: Option<BaselineRef>,
    ) -> (f64, ExpectationUsed) {
        let t = target_q.value;
        if !target.stands_in() || year >= target.year {
            return (t, ExpectationUsed::Target);
        }
        match self.policy.expectation {
            Expectation::TargetInForce => (t, ExpectationUsed::Target),
            Expectation::ProRata => {
                // a share of the target is owed only where the target totals the years: a
                // target for each year (年3回, 24回 a year) is the same every year
                let totals_years = self.accumulation != Accumulation::None
                    && target_q.qualifier != Some(Qualifier::PerYear);
                match self.context.period {
                    Some(p) if totals_years && year >= p.first => {
                        let k = (p.first.years_until(year) + 1) as u32;
                        let n = (p.first.years_until(target.year) + 1) as u32;
                        (
                            t * f64::from(k) / f64::from(n),
                            ExpectationUsed::ProRata { k, n },
                        )
                    }
                    _ if !totals_years => (t, ExpectationUsed::TargetPerYear),
                    _ => (t, ExpectationUsed::Target),
                }
            }
            Expectation::LinearFromBaseline => match baseline {
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
        baseline: Option<BaselineRef>,
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
            baseline.map(|b| Reference {
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
                let at_least = self.maintains_at_least();
                Judgement::Maintained {
                    met: self.kept(deviation, at_least),
                    reference: from,
                    deviation,
                    at_least,
                }
            }
        }
    }

    /// Whether a maintain target is met by keeping or exceeding the level (維持以上), as a
    /// count of activities is, rather than by staying within a band either side.
    /// Whether an actual of 0 on an increase target is graded 未実施, as 流山市 does.
    fn grades_nothing_done(&self) -> bool {
        self.policy.not_implemented.is_some() && self.polarity.polarity == Polarity::Increase
    }

    pub(super) fn maintains_at_least(&self) -> bool {
        match self.policy.maintain_band {
            MaintainBand::AtLeast => true,
            MaintainBand::Symmetric => false,
            MaintainBand::AtLeastForCounts => self.counts_things,
        }
    }

    fn kept(&self, deviation: f64, at_least: bool) -> bool {
        let tolerance = self.policy.maintain_tolerance + 1e-12;
        if at_least {
            deviation >= -tolerance
        } else {
            deviation.abs() <= tolerance
        }
    }

    pub(super) fn grade(
        &self,
        judgement: &Judgement<'a>,
        baseline: Option<BaselineRef>,
    ) -> (&'a GradeLabel, Option<Unevaluable<'a>>) {
        let p = self.policy;
        let lowest = p.bands.last().map_or(&p.not_met, |b| &b.grade);
        let not_done = p.not_implemented.as_ref().unwrap_or(lowest);
        match judgement {
            Judgement::Achievement {
                rate,
                met,
                compared,
                ..
            } => {
                let better =
                    baseline.map(|b| better_than(self.polarity.polarity, b.value, compared.actual));
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
            Judgement::NotImplemented { .. } => (not_done, None),
            Judgement::Threshold { met, .. }
            | Judgement::Moved { met, .. }
            | Judgement::Maintained { met, .. }
            | Judgement::State { met, .. } => (if *met { &p.met } else { &p.not_met }, None),
            Judgement::NotEvaluable(_) => (&p.unevaluable, None),
        }
    }
}

/// An achievement with its rate, or a threshold met or not where no rate can be formed.
fn rated<'a>(rate: Option<(f64, Formula)>, met: bool, compared: Compared) -> Judgement<'a> {
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

/// A figure per month: `月20件`, `20件/月`.
fn per_month(q: &Quantity) -> bool {
    q.qualifier == Some(Qualifier::PerMonth) || q.unit.as_ref().is_some_and(|u| u.is_per_month())
}

/// True for an actual that says the work was not done (`未実施`, `中止`).
fn says_not_done(raw: &str) -> bool {
    let t = crate::text::compact(raw);
    NOT_DONE.iter().any(|w| t.contains(w))
}
