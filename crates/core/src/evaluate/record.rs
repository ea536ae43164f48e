//! `EvaluationRecord`: an evaluation as plain owned data, one per indicator and year, for the
//! JSON and CSV outputs and, later, for storage. Every Japanese word comes with a stable
//! English key beside it; enumerations use the same keys as `read --json` (`increase`,
//! `running_total`), and the indicator's `id` is the one `read --json` gives it.

use super::{BaselineRef, Evaluation, Judgement};
use crate::cell::Cell;
use crate::indicator::{Accumulation, Polarity};
use crate::plan::Plan;
use serde::{Deserialize, Serialize};

/// A stable English key and the Japanese words it stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keyed {
    pub key: String,
    pub label: String,
}

impl Keyed {
    fn new(key: impl Into<String>, label: impl Into<String>) -> Keyed {
        Keyed {
            key: key.into(),
            label: label.into(),
        }
    }
}

/// A target or an actual, in the form `read --json` writes cells (`raw`, `kind`, `value`,
/// `unit` …), with the fiscal year it belongs to (a target standing in keeps its own year).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellRecord {
    pub year: i32,
    #[serde(flatten)]
    pub cell: Cell,
}

impl CellRecord {
    fn new(cell: &Cell, year: crate::fiscal_year::FiscalYear) -> CellRecord {
        CellRecord {
            year: year.start_year(),
            cell: cell.clone(),
        }
    }

    /// The number, for a numeric cell.
    pub fn value(&self) -> Option<f64> {
        self.cell.number().map(|q| q.value)
    }
}

/// One evaluated indicator-year, flat enough for a spreadsheet, keyed for a program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationRecord {
    /// The indicator's stable key, as `read --json` gives it.
    pub id: String,
    /// Its position in the sheet, as the table numbers it (and overrides name it).
    pub no: usize,
    pub year: i32,
    pub year_label: String,
    pub path: Vec<String>,
    pub indicator: String,
    pub group: Option<String>,
    pub unit: Option<String>,
    pub polarity: Polarity,
    pub polarity_label: String,
    pub polarity_source: String,
    pub polarity_reason: String,
    pub accumulation: Accumulation,
    pub accumulation_reason: String,
    /// The baseline in force for the year (never the year itself or a later one).
    pub baseline: Option<BaselineRef>,
    pub target: Option<CellRecord>,
    /// Where the target comes from: `own_year`, `plan_end`, `last_in_sheet`, `other_year`.
    pub target_source: Option<Keyed>,
    pub actual: Option<CellRecord>,
    /// The value compared (a running sum for 累計 targets).
    pub compared_actual: Option<f64>,
    /// The value judged against (the target, or its pro-rata share).
    pub expected: Option<f64>,
    pub expectation: Option<String>,
    /// 達成率 (1.0 = 100 %).
    pub achievement: Option<f64>,
    /// 達成率 in percent with one decimal, as the sheets write it.
    pub achievement_percent: Option<f64>,
    pub formula: Option<Keyed>,
    pub met: Option<bool>,
    pub grade: String,
    pub grade_meaning: String,
    pub points: Option<u8>,
    pub evaluable: bool,
    /// Why the year could not be graded: `not-evaluable/text-actual` and its words.
    pub not_evaluable: Option<Keyed>,
    /// What to confirm before the grade is published (要確認).
    pub reviews: Vec<Keyed>,
    pub trend: Option<Keyed>,
    pub trend_from: Option<f64>,
    pub trend_to: Option<f64>,
    pub outlook: Option<Keyed>,
    pub outlook_year: Option<i32>,
    pub outlook_projected: Option<f64>,
    pub outlook_rate: Option<f64>,
    pub growth_outlook: Option<Keyed>,
    pub growth_ratio: Option<f64>,
    /// The indicator's footnotes (※ …).
    pub notes: Vec<String>,
    pub explanation: String,
}

impl EvaluationRecord {
    /// The record of `e`, the evaluation of the plan's indicator number `index` (from 0) whose
    /// key is `id`.
    pub fn new(e: &Evaluation<'_>, plan: &Plan, index: usize, id: &str) -> EvaluationRecord {
        let (compared, formula) = match &e.judgement {
            Judgement::Achievement {
                compared, formula, ..
            } => (Some(compared), Some(*formula)),
            Judgement::Threshold { compared, .. } => (Some(compared), None),
            _ => (None, None),
        };
        let ind = e.indicator;
        let (_, accumulation_reason) = ind.accumulation();
        EvaluationRecord {
            id: id.to_owned(),
            no: index + 1,
            year: e.year.start_year(),
            year_label: e.year.to_string(),
            path: plan.path(ind.goal).into_iter().map(str::to_owned).collect(),
            indicator: ind.name.clone(),
            group: ind.group.clone(),
            unit: e.unit.map(ToString::to_string),
            polarity: e.polarity.polarity,
            polarity_label: e.polarity.polarity.to_string(),
            polarity_source: e.polarity.source.key().to_owned(),
            polarity_reason: e.polarity.source.to_string(),
            accumulation: e.accumulation,
            accumulation_reason: accumulation_reason.to_owned(),
            baseline: e.baseline,
            target: e.target.map(|t| CellRecord::new(t.cell, t.year)),
            target_source: e
                .target
                .map(|t| Keyed::new(t.source.key(), t.source.words())),
            actual: e.actual.map(|c| CellRecord::new(c, e.year)),
            compared_actual: compared.map(|c| c.actual),
            expected: compared.map(|c| c.expected),
            expectation: compared.map(|c| c.expectation.key().to_owned()),
            achievement: e.rate().filter(|r| r.is_finite()),
            achievement_percent: e
                .rate()
                .filter(|r| r.is_finite())
                .map(|r| (r * 1000.0).round() / 10.0),
            formula: formula.map(|f| Keyed::new(f.key(), f.to_string())),
            met: e.met(),
            grade: e.grade.label.clone(),
            grade_meaning: e.grade.meaning.clone(),
            points: e.grade.points,
            evaluable: e.is_evaluable(),
            not_evaluable: e
                .unevaluable()
                .map(|why| Keyed::new(why.key(), why.to_string())),
            reviews: e
                .reviews
                .iter()
                .map(|r| Keyed::new(r.key(), r.to_string()))
                .collect(),
            trend: e
                .trend
                .map(|t| Keyed::new(t.direction.key(), t.direction.to_string())),
            trend_from: e.trend.map(|t| t.from.1),
            trend_to: e.trend.map(|t| t.to.1),
            outlook: e
                .outlook
                .map(|o| Keyed::new(o.status.key(), o.status.to_string())),
            outlook_year: e.outlook.map(|o| o.at.start_year()),
            outlook_projected: e.outlook.map(|o| o.projected),
            outlook_rate: e.outlook.and_then(|o| o.rate).filter(|r| r.is_finite()),
            growth_outlook: e
                .growth
                .map(|g| Keyed::new(g.status.key(), g.status.to_string())),
            growth_ratio: e.growth.map(|g| g.ratio).filter(|r| r.is_finite()),
            notes: ind
                .notes
                .iter()
                .map(|n| plan.note(*n).text.clone())
                .collect(),
            explanation: e.to_string(),
        }
    }
}
