//! Evaluation as Japanese public administration does it (design.md §4): the target in force,
//! the achievement formula chosen by polarity, the grade from the plan's policy, the trend
//! against the previous year and the plan-end outlook. Results are data; their Japanese
//! explanation is rendered from them (`Display`), so evaluating stays cheap.

pub mod baseline;
mod explain;
mod findings;
mod judge;
mod judgement;
pub mod outlook;
pub mod polarity;
pub mod policy;
mod reason;
mod record;
pub mod review;
pub mod rollup;
mod series;
pub mod trend;

pub use baseline::BaselineRef;
pub use explain::{figure, percent as explain_percent};
pub use findings::{findings, with_reading};
pub use judgement::{
    Compared, ExpectationUsed, Formula, Judgement, Reference, TargetInForce, TargetSource,
    Unevaluable,
};
pub use outlook::{GrowthOutlook, GrowthStatus, Outlook, OutlookStatus};
pub use polarity::{PolarityInference, PolaritySource};
pub use policy::{
    BandRule, Expectation, GradeBand, GradeLabel, IncreaseFormula, MaintainBand, Policy,
};
pub use record::{CellRecord, EvaluationRecord, Keyed};
pub use review::Review;
pub use rollup::{Distribution, GoalRollUp, RollUp, RollUpRule};
pub use series::SetAside;
pub use trend::{Trend, TrendDirection};

use crate::cell::Cell;
use crate::fiscal_year::FiscalYear;
use crate::indicator::{Accumulation, Indicator, Polarity};
use crate::plan::{Plan, PlanPeriod};
use crate::unit::Unit;

/// Evaluates one indicator in one fiscal year, in a plan running over `period`.
pub fn evaluate<'a>(
    indicator: &'a Indicator,
    year: FiscalYear,
    period: Option<PlanPeriod>,
    policy: &'a Policy,
) -> Evaluation<'a> {
    Evaluator::new(indicator, period, policy).at(year)
}

/// Evaluates every indicator of `plan` in `year`, in the plan's order.
pub fn evaluate_plan<'a>(
    plan: &'a Plan,
    year: FiscalYear,
    policy: &'a Policy,
) -> Vec<Evaluation<'a>> {
    plan.indicators
        .iter()
        .map(|i| Evaluator::in_plan(plan, i, policy).at(year))
        .collect()
}

/// What an evaluation knows of the plan around an indicator.
#[derive(Debug, Clone, Default)]
pub struct PlanContext<'a> {
    pub period: Option<PlanPeriod>,
    /// True when the period's last year is the plan's end (stated or statutory), not only the
    /// sheet's last column.
    pub knows_end: bool,
    /// The indicator's footnotes (※ …), which say what a marked figure is.
    pub notes: Vec<&'a str>,
}

/// Evaluates an indicator year after year: what does not depend on the year (polarity,
/// baseline, accumulation, the numeric series) is worked out once.
#[derive(Debug)]
pub struct Evaluator<'a> {
    indicator: &'a Indicator,
    policy: &'a Policy,
    context: PlanContext<'a>,
    polarity: PolarityInference,
    accumulation: Accumulation,
    /// The value the plan started from; a year is never measured from itself or a later year.
    baseline: Option<BaselineRef>,
    final_target: Option<(FiscalYear, &'a Cell)>,
    /// Numeric actuals that are the indicator's own figures, oldest first.
    points: Vec<(FiscalYear, f64)>,
    /// The lowest and highest of `points`.
    range: (f64, f64),
    /// Marked figures the notes say are something else, left out of every comparison.
    set_aside: Vec<SetAside<'a>>,
    unit: Option<&'a Unit>,
    /// A kept level of this indicator is not worse for being exceeded (a count of meetings).
    counts_things: bool,
}

/// The evaluation of one indicator in one fiscal year.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation<'a> {
    pub indicator: &'a Indicator,
    pub year: FiscalYear,
    pub polarity: PolarityInference,
    pub accumulation: Accumulation,
    /// The baseline in force for this year: before it, never the year itself or later.
    pub baseline: Option<BaselineRef>,
    pub target: Option<TargetInForce<'a>>,
    pub actual: Option<&'a Cell>,
    pub judgement: Judgement<'a>,
    pub grade: &'a GradeLabel,
    /// Set when the judgement was made but the policy's scale could not grade it.
    pub ungraded: Option<Unevaluable<'a>>,
    /// What a person should confirm before this grade is published.
    pub reviews: Vec<Review>,
    pub trend: Option<Trend>,
    pub outlook: Option<Outlook>,
    pub growth: Option<GrowthOutlook>,
    /// The unit figures are shown in when a cell carries none.
    pub unit: Option<&'a Unit>,
    /// The footnote of the year's actual, when it is marked.
    pub actual_note: Option<&'a str>,
    /// Marked figures up to this year set aside as another quantity.
    pub set_aside: Vec<SetAside<'a>>,
    pub policy: &'a Policy,
}

impl<'a> Evaluator<'a> {
    /// An evaluator for an indicator on its own, in a plan whose period (if given) is its
    /// stated one.
    pub fn new(
        indicator: &'a Indicator,
        period: Option<PlanPeriod>,
        policy: &'a Policy,
    ) -> Evaluator<'a> {
        let context = PlanContext {
            period,
            knows_end: period.is_some(),
            notes: Vec::new(),
        };
        Evaluator::with_context(indicator, context, policy)
    }

    /// An evaluator for an indicator of `plan`: the plan's period, whether it knows its end,
    /// and the indicator's notes.
    pub fn in_plan(plan: &'a Plan, indicator: &'a Indicator, policy: &'a Policy) -> Evaluator<'a> {
        let context = PlanContext {
            period: plan.effective_period(),
            knows_end: plan.effective_period_source().knows_the_end(),
            notes: indicator
                .notes
                .iter()
                .map(|n| plan.note(*n).text.as_str())
                .collect(),
        };
        Evaluator::with_context(indicator, context, policy)
    }

    pub fn with_context(
        indicator: &'a Indicator,
        context: PlanContext<'a>,
        policy: &'a Policy,
    ) -> Evaluator<'a> {
        let baseline = baseline::baseline(indicator, context.period);
        let polarity = polarity::infer(indicator, baseline);
        let set_aside = series::set_aside(indicator, &context.notes);
        let points: Vec<(FiscalYear, f64)> = indicator
            .actuals
            .iter()
            .filter(|(y, _)| !set_aside.iter().any(|s| s.year == **y))
            .filter_map(|(y, c)| c.number().map(|q| (*y, q.value)))
            .collect();
        let range = points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, v)| {
                (lo.min(*v), hi.max(*v))
            });
        let unit = indicator.effective_unit();
        Evaluator {
            indicator,
            policy,
            polarity,
            accumulation: indicator.accumulation().0,
            baseline,
            final_target: indicator.final_target(),
            points,
            range,
            set_aside,
            unit,
            counts_things: counts_things(indicator, unit),
            context,
        }
    }

    pub fn polarity(&self) -> PolarityInference {
        self.polarity
    }

    /// The evaluation in fiscal year `year`.
    pub fn at(&self, year: FiscalYear) -> Evaluation<'a> {
        let baseline = self.baseline.filter(|b| b.year.is_none_or(|by| by < year));
        let target = self.target_in_force(year);
        let actual = self.indicator.actuals.get(&year);
        let set_aside = self.set_aside.iter().find(|s| s.year == year);
        let judgement = match (self.context.period, set_aside) {
            (Some(p), _) if year < p.first => {
                Judgement::NotEvaluable(Unevaluable::BeforePlan { first: p.first })
            }
            (_, Some(s)) => Judgement::NotEvaluable(Unevaluable::SetAside {
                raw: &s.cell.raw,
                note: s.note,
            }),
            _ => match (actual, self.indicator.blank_reasons.get(&year)) {
                (None, Some(reason)) if target.is_some() => {
                    Judgement::NotEvaluable(Unevaluable::BlankWithReason(*reason))
                }
                _ => self.judge(year, target, actual, baseline),
            },
        };
        let (grade, ungraded) = self.grade(&judgement, baseline);
        let history = self.history_until(year);
        // a grade not given needs no confirming
        let reviews = match ungraded {
            None => review::reviews(self, year, &judgement, target, actual),
            Some(_) => Vec::new(),
        };
        Evaluation {
            indicator: self.indicator,
            year,
            polarity: self.polarity,
            accumulation: self.accumulation,
            baseline,
            target,
            actual,
            judgement,
            grade,
            ungraded,
            reviews,
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
                    outlook::Shape {
                        polarity: self.polarity.polarity,
                        accumulation: self.accumulation,
                        sum_from: self.sum_from(),
                        at_least: self.maintains_at_least(),
                        never_negative: self.range.0 >= 0.0,
                    },
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
            actual_note: set_aside
                .and_then(|s| s.note)
                .or_else(|| actual.and_then(|c| series::note_of(c, &self.context.notes))),
            set_aside: self
                .set_aside
                .iter()
                .filter(|s| s.year <= year)
                .cloned()
                .collect(),
            policy: self.policy,
        }
    }

    /// Numeric actuals up to and including `year`.
    fn history_until(&self, year: FiscalYear) -> &[(FiscalYear, f64)] {
        let n = self.points.partition_point(|(y, _)| *y <= year);
        &self.points[..n]
    }

    /// The first year whose amounts a sum counts: the plan's first.
    fn sum_from(&self) -> Option<FiscalYear> {
        self.context.period.map(|p| p.first)
    }

    fn unit_is_percent(&self) -> bool {
        self.unit.is_some_and(|u| u.as_str() == "%")
    }

    /// The year's own target if it says something, else the plan-end target.
    ///
    /// A year's target shaped like a figure the grammar cannot read (`5〜10`, `(5)`) is its
    /// target all the same: another year's figure does not stand in for it, and the judgement
    /// says it is not a number. With no figure anywhere, a written target (`調査予定`) is named
    /// the same way rather than called missing.
    fn target_in_force(&self, year: FiscalYear) -> Option<TargetInForce<'a>> {
        let own = self.indicator.targets.get(&year).filter(|c| {
            is_target(c)
                || (matches!(c.value, crate::cell::CellValue::Text)
                    && crate::cell::NotAFigure::of(&c.raw).is_some())
        });
        if let Some(cell) = own {
            return Some(TargetInForce {
                year,
                cell,
                source: TargetSource::OwnYear,
            });
        }
        let is_text = |c: &Cell| matches!(c.value, crate::cell::CellValue::Text);
        let written = || {
            let own = self.indicator.targets.get(&year).filter(|c| is_text(c));
            own.map(|c| (year, c)).or_else(|| {
                self.indicator
                    .targets
                    .iter()
                    .rev()
                    .find(|(_, c)| is_text(c))
                    .map(|(y, c)| (*y, c))
            })
        };
        let (y, cell) = self.final_target.or_else(written)?;
        let source = if y == year {
            TargetSource::OwnYear
        } else if !self.context.knows_end {
            TargetSource::LastInSheet
        } else if self.context.period.is_none_or(|p| p.last == y) {
            TargetSource::PlanEnd
        } else {
            TargetSource::OtherYear
        };
        Some(TargetInForce {
            year: y,
            cell,
            source,
        })
    }
}

/// A count of things or events: by its unit, else by its name (開催回数, 相談件数, 利用者数).
fn counts_things(indicator: &Indicator, unit: Option<&Unit>) -> bool {
    match unit {
        Some(u) => u.is_count(),
        None => [
            "回数",
            "件数",
            "人数",
            "者数",
            "箇所数",
            "か所数",
            "団体数",
            "施設数",
        ]
        .iter()
        .any(|w| indicator.name.contains(w)),
    }
}

/// A cell that can serve as a target: a number, a direction or a state.
fn is_target(c: &Cell) -> bool {
    use crate::cell::CellValue;
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
            Judgement::NotImplemented { .. } => Some(false),
            Judgement::NotEvaluable(_) => None,
        }
    }

    pub fn is_evaluable(&self) -> bool {
        !matches!(self.judgement, Judgement::NotEvaluable(_)) && self.ungraded.is_none()
    }

    /// True when a person should confirm the grade before it is published.
    pub fn needs_review(&self) -> bool {
        !self.reviews.is_empty()
    }

    /// Why the year could not be graded, when it could not.
    pub fn unevaluable(&self) -> Option<Unevaluable<'_>> {
        match self.judgement {
            Judgement::NotEvaluable(why) => Some(why),
            _ => self.ungraded,
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod secretariat_tests;
