//! Stable English keys beside the Japanese words of an evaluation: why a year could not be
//! graded (`not-evaluable/text-actual`), the formula, where the target came from. Scripts and
//! the JSON and CSV outputs use the keys; people read the words.

use super::{ExpectationUsed, Formula, TargetSource, Unevaluable};
use std::fmt;

impl Unevaluable<'_> {
    /// A stable English key.
    pub fn key(&self) -> &'static str {
        match self {
            Unevaluable::NoTarget => "not-evaluable/no-target",
            Unevaluable::TargetNotJudgeable(_) => "not-evaluable/text-target",
            Unevaluable::BlankActual => "not-evaluable/blank-actual",
            Unevaluable::BlankWithReason(_) => "not-evaluable/blank-with-reason",
            Unevaluable::NoFigure(_) => "not-evaluable/no-figure",
            Unevaluable::ActualIsText(_) => "not-evaluable/text-actual",
            Unevaluable::KindMismatch { .. } => "not-evaluable/kind-mismatch",
            Unevaluable::NoPreviousActual => "not-evaluable/no-previous-actual",
            Unevaluable::NoBaselineForScale => "not-evaluable/no-baseline-for-scale",
            Unevaluable::BeforePlan { .. } => "not-evaluable/before-plan",
            Unevaluable::SetAside { .. } => "not-evaluable/figure-set-aside",
        }
    }
}

impl fmt::Display for Unevaluable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unevaluable::NoTarget => f.write_str("目標値がありません"),
            Unevaluable::TargetNotJudgeable(raw) => match crate::cell::NotAFigure::of(raw) {
                Some(why) => write!(f, "目標値「{raw}」は{}", why.words()),
                None => write!(f, "目標値「{raw}」は数値ではありません"),
            },
            Unevaluable::BlankActual => f.write_str("実績値が空欄です(理由の記載なし)"),
            Unevaluable::BlankWithReason(r) => write!(f, "実績値は空欄です(理由: {})", r.label()),
            Unevaluable::NoFigure(raw) => write!(f, "実績値が「{raw}」(数値なし)です"),
            Unevaluable::ActualIsText(raw) => match crate::cell::NotAFigure::of(raw) {
                Some(why) => write!(f, "実績値「{raw}」は{}", why.words()),
                None => write!(f, "実績値「{raw}」は数値ではありません"),
            },
            Unevaluable::KindMismatch { target, actual } => write!(
                f,
                "目標値({})と実績値({})の種類が違うため比べられません",
                target.words(),
                actual.words()
            ),
            Unevaluable::NoPreviousActual => f.write_str("比べる前年度の実績値がありません"),
            Unevaluable::NoBaselineForScale => {
                f.write_str("この評価基準に必要な基準値がありません")
            }
            Unevaluable::BeforePlan { first } => write!(
                f,
                "計画期間({first}〜)より前の年度で、実績は基準として示すだけで評価しません"
            ),
            Unevaluable::SetAside { raw, note } => match note {
                Some(n) => write!(
                    f,
                    "実績値「{raw}」は注記「{n}」のとおり別の数値とみなし、評価しません"
                ),
                None => write!(
                    f,
                    "実績値「{raw}」は※付きで他の年度から大きく外れるため、別の数値とみなし評価しません"
                ),
            },
        }
    }
}

impl Formula {
    /// A stable English key.
    pub fn key(&self) -> &'static str {
        match self {
            Formula::ActualOverTarget => "actual_over_target",
            Formula::TargetOverActual => "target_over_actual",
            Formula::BaselineGap => "baseline_gap",
            Formula::ProgressFromBaseline => "progress_from_baseline",
        }
    }
}

impl TargetSource {
    /// A stable English key.
    pub fn key(&self) -> &'static str {
        match self {
            TargetSource::OwnYear => "own_year",
            TargetSource::PlanEnd => "plan_end",
            TargetSource::LastInSheet => "last_in_sheet",
            TargetSource::OtherYear => "other_year",
        }
    }

    /// What the target is, in words: 計画最終目標, 表中最終年度の目標.
    pub fn words(&self) -> &'static str {
        match self {
            TargetSource::OwnYear => "年度の目標",
            TargetSource::PlanEnd => "計画最終目標",
            TargetSource::LastInSheet => "表中最終年度の目標",
            TargetSource::OtherYear => "他の年度の目標",
        }
    }
}

impl ExpectationUsed {
    /// A stable English key.
    pub fn key(&self) -> &'static str {
        match self {
            ExpectationUsed::Target => "target",
            ExpectationUsed::TargetPerYear => "target_per_year",
            ExpectationUsed::ProRata { .. } => "pro_rata",
            ExpectationUsed::Linear { .. } => "linear_from_baseline",
            ExpectationUsed::Annualised { .. } => "annualised",
        }
    }
}
