//! The one-line Japanese explanation of an evaluation, rendered from its data:
//! 「実績 23回 / 目標 24回 = 95.8% → B 概ね達成」.

use super::{Compared, Evaluation, ExpectationUsed, Formula, Judgement, Reference, TargetSource};
use crate::cell::{CellValue, Direction, format_number};
use crate::fiscal_year::FiscalYear;
use crate::indicator::Polarity;
use crate::unit::Unit;
use std::fmt::{self, Write as _};

/// A figure with its unit: 5,992人, 95.8%.
pub fn figure(value: f64, unit: Option<&Unit>) -> String {
    let mut s = format_number(value, Some(2));
    if let Some(u) = unit {
        s.push_str(u.as_str());
    }
    s
}

/// A figure as its cell writes it (`年3回`, `累計10回`), without note marks or remarks, with
/// the indicator's unit when the cell has none.
fn cell_figure(cell: Option<&crate::cell::Cell>, value: f64, unit: Option<&Unit>) -> String {
    match cell.and_then(|c| c.number()) {
        Some(q) if q.value == value => {
            let shown = crate::cell::Quantity {
                note_mark: None,
                remark: None,
                unit: q.unit.clone().or_else(|| unit.cloned()),
                ..q.clone()
            };
            let mut s = shown.to_string();
            // Display writes the value exactly; keep two decimals like every other figure
            if value.fract() != 0.0 {
                s = s.replace(&format_number(value, None), &format_number(value, Some(2)));
            }
            s
        }
        _ => figure(value, unit),
    }
}

/// A rate as a percentage with one decimal: 95.8%.
pub fn percent(rate: f64) -> String {
    if rate.is_infinite() {
        return "∞".to_owned();
    }
    format!("{}%", format_number(rate * 100.0, Some(1)))
}

impl fmt::Display for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Formula::ActualOverTarget => "実績 ÷ 目標",
            Formula::TargetOverActual => "目標 ÷ 実績",
            Formula::BaselineGap => "(基準値 − 実績) ÷ (基準値 − 目標)",
            Formula::ProgressFromBaseline => "(実績 − 基準値) ÷ (目標 − 基準値)",
        })
    }
}

fn year_label(y: Option<FiscalYear>, is_baseline: bool) -> String {
    match (y, is_baseline) {
        (Some(y), true) => format!("基準値({y})"),
        (None, true) => "基準値".to_owned(),
        (Some(y), false) => y.to_string(),
        (None, false) => "前年度".to_owned(),
    }
}

impl Evaluation<'_> {
    fn actual_unit(&self) -> Option<&Unit> {
        let own = self
            .actual
            .and_then(|c| c.number())
            .and_then(|q| q.unit.as_ref());
        own.or(self.unit)
    }

    fn target_unit(&self) -> Option<&Unit> {
        let own = self
            .target
            .and_then(|t| t.cell.number())
            .and_then(|q| q.unit.as_ref());
        own.or(self.unit)
    }

    fn write_compared(
        &self,
        f: &mut String,
        c: &Compared,
        formula: Option<Formula>,
    ) -> fmt::Result {
        let au = self.actual_unit();
        let tu = self.target_unit();
        let actual = match c.summed_from {
            Some(from) if from < self.year => {
                format!("累計{} ({from}〜{}の合計)", figure(c.actual, au), self.year)
            }
            _ => cell_figure(self.actual, c.actual, au),
        };
        let target_cell = self.target.map(|t| t.cell);
        let target = match c.expectation {
            ExpectationUsed::Target | ExpectationUsed::TargetPerYear => {
                cell_figure(target_cell, c.expected, tu)
            }
            ExpectationUsed::Annualised { per_month } => format!(
                "{} (月{} × 12か月)",
                figure(c.expected, tu),
                figure(per_month, tu)
            ),
            ExpectationUsed::ProRata { k, n } => format!(
                "按分目標 {} (目標 {} × {k}/{n})",
                figure(c.expected, tu),
                cell_figure(target_cell, c.target, tu)
            ),
            ExpectationUsed::Linear { from } => format!(
                "期待値 {} (基準値 {} → 目標 {} の直線上)",
                figure(c.expected, tu),
                from,
                cell_figure(target_cell, c.target, tu)
            ),
        };
        let baseline = self
            .baseline
            .map(|b| figure(b.value, tu))
            .unwrap_or_default();
        match formula {
            Some(Formula::ActualOverTarget) | None => write!(f, "実績 {actual} / 目標 {target}"),
            Some(Formula::TargetOverActual) => write!(f, "目標 {target} / 実績 {actual}"),
            Some(Formula::BaselineGap) => write!(
                f,
                "(基準値 {baseline} − 実績 {actual}) / (基準値 {baseline} − 目標 {target})"
            ),
            Some(Formula::ProgressFromBaseline) => write!(
                f,
                "(実績 {actual} − 基準値 {baseline}) / (目標 {target} − 基準値 {baseline})"
            ),
        }
    }

    /// The explanation as a string (also available through `Display`).
    pub fn explanation(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Evaluation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        let grade = format!("{} {}", self.grade.label, self.grade.meaning);
        match &self.judgement {
            Judgement::Achievement {
                rate,
                formula,
                compared,
                ..
            } => {
                self.write_compared(&mut s, compared, Some(*formula))?;
                write!(s, " = {} → {grade}", percent(*rate))?;
            }
            Judgement::Threshold { met, compared } => {
                let au = self.actual_unit();
                let tu = self.target_unit();
                let op = match (self.polarity.polarity, met) {
                    (Polarity::Decrease, true) => "≤",
                    (Polarity::Decrease, false) => ">",
                    (_, true) => "≥",
                    (_, false) => "<",
                };
                write!(
                    s,
                    "実績 {} {op} 目標 {} → {grade}",
                    figure(compared.actual, au),
                    figure(compared.expected, tu)
                )?;
            }
            Judgement::Moved {
                met,
                direction,
                from,
                to,
            } => {
                let u = self.actual_unit();
                let moved = if to > &from.value {
                    "増加"
                } else if to < &from.value {
                    "減少"
                } else {
                    "変化なし"
                };
                write!(
                    s,
                    "実績 {} ({} {} から{moved}) / 目標 {direction} → {grade}",
                    figure(*to, u),
                    year_label(from.year, from.is_baseline),
                    figure(from.value, u),
                )?;
                let _ = met;
            }
            Judgement::Maintained {
                reference,
                deviation,
                at_least,
                ..
            } => {
                let u = self.actual_unit();
                let actual = self
                    .actual
                    .and_then(|c| c.number())
                    .map(|q| q.value)
                    .unwrap_or(f64::NAN);
                let Reference {
                    year,
                    value,
                    is_baseline,
                } = *reference;
                let target_is_direction = self
                    .target
                    .is_some_and(|t| matches!(t.cell.value, CellValue::Direction(Direction::Keep)));
                let against = if target_is_direction {
                    format!("{} {}", year_label(year, is_baseline), figure(value, u))
                } else {
                    format!("目標 {}", figure(value, u))
                };
                let sign = if *deviation >= 0.0 { "+" } else { "" };
                let band = if *at_least {
                    format!("維持以上: −{}まで", percent(self.policy.maintain_tolerance))
                } else {
                    format!("許容 ±{}", percent(self.policy.maintain_tolerance))
                };
                write!(
                    s,
                    "実績 {} ({against} から{sign}{}、{band}) / 目標 → (維持) → {grade}",
                    figure(actual, u),
                    percent(*deviation),
                )?;
            }
            Judgement::State { target, actual, .. } => {
                let word = |b: bool| if b { "有り" } else { "無し" };
                write!(
                    s,
                    "実績 {} / 目標 {} → {grade}",
                    word(*actual),
                    word(*target)
                )?;
            }
            Judgement::NotImplemented { raw } => {
                write!(s, "実績「{raw}」(未実施) → {grade}")?;
            }
            Judgement::NotEvaluable(why) => {
                write!(s, "{grade}: {why}")?;
            }
        }
        if let Some(why) = &self.ungraded {
            write!(s, " ({why})")?;
        }
        if let Some(t) = self.target
            && !matches!(self.judgement, Judgement::NotEvaluable(_))
        {
            match t.source {
                TargetSource::OwnYear => {}
                TargetSource::PlanEnd => write!(s, " (目標は{}の計画最終目標)", t.year)?,
                TargetSource::LastInSheet => write!(s, " (目標は表中最終年度({})の目標)", t.year)?,
                TargetSource::OtherYear => write!(s, " (目標は{}の目標)", t.year)?,
            }
        }
        if let Judgement::Achievement { compared, .. } | Judgement::Threshold { compared, .. } =
            &self.judgement
            && compared.expectation == ExpectationUsed::TargetPerYear
        {
            s.push_str(" (各年度の目標のため按分しません)");
        }
        if self.polarity.polarity == Polarity::Decrease
            && matches!(
                self.judgement,
                Judgement::Achievement { .. } | Judgement::Threshold { .. }
            )
        {
            write!(s, " [少ないほど良い指標: {}]", self.polarity.source)?;
        }
        if let Some(note) = self.actual_note
            && !matches!(self.judgement, Judgement::NotEvaluable(_))
        {
            write!(s, " (注記: {})", note.trim_start_matches(['※', '*']))?;
        }
        for r in &self.reviews {
            write!(s, " 【要確認: {r}】")?;
        }
        f.write_str(&s)
    }
}
