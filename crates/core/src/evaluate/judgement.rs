//! What comparing a year's actual with its target found, as data: the target in force and
//! where it comes from, the two numbers compared, the formula, and why a year could not be
//! graded. The explanation and the keys are rendered from these (`explain`, `reason`).

use super::BaselineRef;
use crate::cell::{Cell, Direction};
use crate::fiscal_year::FiscalYear;

/// Where the target a year is judged against comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetSource {
    /// The year's own target.
    OwnYear,
    /// The target of the plan's last year, which the plan states or the law fixes.
    PlanEnd,
    /// The target of the sheet's last target year: the plan's end is not known.
    LastInSheet,
    /// The target of another year the plan names (a mid-term target standing in).
    OtherYear,
}

/// The target a year is judged against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetInForce<'a> {
    pub year: FiscalYear,
    pub cell: &'a Cell,
    pub source: TargetSource,
}

impl TargetInForce<'_> {
    /// True when the year has no target of its own and another year's stands in.
    pub fn stands_in(&self) -> bool {
        self.source != TargetSource::OwnYear
    }
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
    /// The policy pro-rates, but a target for each year is never pro-rated.
    TargetPerYear,
    /// k/n of the target.
    ProRata {
        k: u32,
        n: u32,
    },
    /// On the line from the baseline to the target.
    Linear {
        from: BaselineRef,
    },
    /// A per-month target, twelve times over against a year's figure.
    Annualised {
        per_month: f64,
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
    /// → 維持: did the actual keep its reference's level?
    Maintained {
        met: bool,
        reference: Reference,
        deviation: f64,
        /// Kept or exceeded (維持以上), rather than within a band either side.
        at_least: bool,
    },
    /// 有り / 無し
    State {
        met: bool,
        target: bool,
        actual: bool,
    },
    /// The actual says the work was not done (`未実施`, `中止`).
    NotImplemented {
        raw: &'a str,
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
    /// Nothing is written for the year, for a reason someone has recorded.
    BlankWithReason(crate::BlankReason),
    /// `-` or `—`: the sheet says there is no figure.
    NoFigure(&'a str),
    /// The actual is text such as `アンケート調査済`.
    ActualIsText(&'a str),
    /// The actual's kind cannot be compared with the target's.
    KindMismatch {
        target: crate::cell::CellKind,
        actual: crate::cell::CellKind,
    },
    /// A direction target with no earlier figure to compare with.
    NoPreviousActual,
    /// The policy's scale needs a baseline the indicator lacks.
    NoBaselineForScale,
    /// The year comes before the plan: its figures are the baseline, not graded.
    BeforePlan { first: FiscalYear },
    /// A marked figure its note says is another quantity (※41か所: 復興事業により整備した公園数).
    SetAside { raw: &'a str, note: Option<&'a str> },
}
