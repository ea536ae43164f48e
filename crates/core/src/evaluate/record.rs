//! `EvaluationRecord`: an evaluation as plain owned data, one row per indicator and year, for
//! the JSON and CSV outputs and, later, for storage.

use super::{Evaluation, Judgement};
use crate::cell::CellValue;
use serde::{Deserialize, Serialize};

/// One evaluated indicator-year, flat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationRecord {
    pub year: i32,
    pub year_label: String,
    pub path: Vec<String>,
    pub indicator: String,
    pub unit: Option<String>,
    pub polarity: String,
    pub polarity_reason: String,
    pub target: Option<String>,
    pub target_year: Option<i32>,
    pub target_from_plan_end: bool,
    pub actual: Option<String>,
    /// The value compared (a running sum for 累計 targets).
    pub compared_actual: Option<f64>,
    /// The value judged against (the target, or its pro-rata share).
    pub expected: Option<f64>,
    /// 達成率 (1.0 = 100 %).
    pub achievement: Option<f64>,
    pub formula: Option<String>,
    pub met: Option<bool>,
    pub grade: String,
    pub grade_meaning: String,
    pub points: Option<u8>,
    pub evaluable: bool,
    pub trend: Option<String>,
    pub trend_from: Option<f64>,
    pub trend_to: Option<f64>,
    pub outlook: Option<String>,
    pub outlook_year: Option<i32>,
    pub outlook_projected: Option<f64>,
    pub outlook_rate: Option<f64>,
    pub growth_outlook: Option<String>,
    pub growth_ratio: Option<f64>,
    pub explanation: String,
}

impl EvaluationRecord {
    pub fn new(e: &Evaluation<'_>, path: Vec<String>) -> EvaluationRecord {
        let (compared, formula) = match &e.judgement {
            Judgement::Achievement {
                compared, formula, ..
            } => (Some(compared), Some(formula.to_string())),
            Judgement::Threshold { compared, .. } => (Some(compared), None),
            _ => (None, None),
        };
        EvaluationRecord {
            year: e.year.start_year(),
            year_label: e.year.to_string(),
            path,
            indicator: e.indicator.name.clone(),
            unit: e.unit.map(ToString::to_string),
            polarity: e.polarity.polarity.to_string(),
            polarity_reason: e.polarity.source.to_string(),
            target: e.target.map(|t| t.cell.raw.to_string()),
            target_year: e.target.map(|t| t.year.start_year()),
            target_from_plan_end: e.target.is_some_and(|t| t.from_plan_end),
            actual: e
                .actual
                .filter(|c| !matches!(c.value, CellValue::Empty) || !c.is_blank())
                .map(|c| c.raw.to_string()),
            compared_actual: compared.map(|c| c.actual),
            expected: compared.map(|c| c.expected),
            achievement: e.rate(),
            formula,
            met: e.met(),
            grade: e.grade.label.clone(),
            grade_meaning: e.grade.meaning.clone(),
            points: e.grade.points,
            evaluable: e.is_evaluable(),
            trend: e.trend.map(|t| t.direction.to_string()),
            trend_from: e.trend.map(|t| t.from.1),
            trend_to: e.trend.map(|t| t.to.1),
            outlook: e.outlook.map(|o| o.status.to_string()),
            outlook_year: e.outlook.map(|o| o.at.start_year()),
            outlook_projected: e.outlook.map(|o| o.projected),
            outlook_rate: e.outlook.and_then(|o| o.rate),
            growth_outlook: e.growth.map(|g| g.status.to_string()),
            growth_ratio: e.growth.map(|g| g.ratio).filter(|r| r.is_finite()),
            explanation: e.to_string(),
        }
    }
}
