//! The JSON form of a read sheet (design.md §3, the shape of `fixtures/expected/*.json`):
//! indicators with their path, projects, targets and actuals by Gregorian fiscal year, and the
//! findings. A view built from a [`Plan`]; the contract's fields are kept, more are welcome.

use crate::cell::Cell;
use crate::evaluate::{baseline, polarity};
use crate::fiscal_year::FiscalYear;
use crate::indicator::{Accumulation, Polarity};
use crate::plan::{PeriodSource, Plan, PlanPeriod};
use crate::year_map::YearMap;
use serde::{Deserialize, Serialize};

/// A read sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDocument {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceInfo>,
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<String>,
    pub period: Option<PlanPeriod>,
    /// How the period is known: `stated`, `statutory`, `sheet_columns`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_source: Option<PeriodSource>,
    pub fiscal_years: Vec<FiscalYear>,
    pub indicators: Vec<IndicatorDocument>,
    pub findings: Vec<FindingDocument>,
}

/// Which file was read and how its layout was recognised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub file: String,
    /// The text encoding (`UTF-8`, `Shift_JIS`, `UTF-16LE`) or the workbook format (`xlsx`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub format: String,
    /// The sheets of a workbook that were read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<String>,
    pub layout: String,
    #[serde(default)]
    pub reasons: Vec<String>,
}

/// One indicator of a read sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorDocument {
    /// The indicator's stable key, shared by `evaluate` and the exports.
    #[serde(default)]
    pub id: String,
    /// Its position in the sheet, from 1.
    #[serde(default)]
    pub no: usize,
    pub path: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<ProjectDocument>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    pub unit: Option<String>,
    pub polarity: Polarity,
    pub polarity_reason: String,
    pub cumulative: bool,
    pub accumulation: Accumulation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Cell>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_year: Option<FiscalYear>,
    pub targets: YearMap<Cell>,
    pub actuals: YearMap<Cell>,
    #[serde(default, skip_serializing_if = "YearMap::is_empty")]
    pub self_assessments: YearMap<String>,
    #[serde(default, skip_serializing_if = "YearMap::is_empty")]
    pub stated_achievements: YearMap<Cell>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// A project as the JSON form shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectDocument {
    pub number: Option<String>,
    pub name: String,
}

/// A finding as the JSON form shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingDocument {
    pub kind: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    /// The indicator's key, as `read --json` and `evaluate` give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator_id: Option<String>,
}

impl FindingDocument {
    /// The finding `f` of `plan`, whose indicator keys are `keys`.
    pub fn new(f: &crate::finding::Finding, plan: &Plan, keys: &[String]) -> FindingDocument {
        FindingDocument {
            kind: f.kind.key().to_owned(),
            message: f.kind.to_string(),
            location: f.location.as_ref().map(ToString::to_string),
            indicator: f
                .indicator
                .filter(|i| i.index() < plan.indicators.len())
                .map(|i| plan.indicator(i).name.clone()),
            indicator_id: f.indicator.and_then(|i| keys.get(i.index()).cloned()),
        }
    }
}

impl PlanDocument {
    pub fn new(plan: &Plan, source: Option<SourceInfo>) -> PlanDocument {
        let period = plan.effective_period();
        let keys = crate::ids::indicator_keys(plan);
        let indicators = plan
            .indicators
            .iter()
            .enumerate()
            .map(|(n, ind)| {
                let base = baseline::baseline(ind, period);
                let pol = polarity::infer(ind, base);
                let (accumulation, _) = ind.accumulation();
                IndicatorDocument {
                    id: keys[n].clone(),
                    no: n + 1,
                    path: plan.path(ind.goal).into_iter().map(str::to_owned).collect(),
                    category: ind.category.clone(),
                    projects: plan
                        .projects_of(ind)
                        .into_iter()
                        .map(|p| {
                            let p = plan.project(p);
                            ProjectDocument {
                                number: p.number.as_ref().map(|n| n.raw.clone()),
                                name: p.name.clone(),
                            }
                        })
                        .collect(),
                    outcome: ind.outcome.map(|o| plan.outcome(o).statement.clone()),
                    name: ind.name.clone(),
                    group: ind.group.clone(),
                    definition: ind.definition.clone(),
                    department: ind.department.clone(),
                    unit: ind.effective_unit().map(|u| u.to_string()),
                    polarity: pol.polarity,
                    polarity_reason: pol.source.to_string(),
                    cumulative: accumulation != Accumulation::None,
                    accumulation,
                    baseline: ind.baseline.as_ref().map(|b| b.cell.clone()),
                    baseline_year: ind.baseline.as_ref().and_then(|b| b.year),
                    targets: ind.targets.clone(),
                    actuals: ind.actuals.clone(),
                    self_assessments: ind.self_assessments.clone(),
                    stated_achievements: ind.stated_achievements.clone(),
                    notes: ind
                        .notes
                        .iter()
                        .map(|n| plan.note(*n).text.clone())
                        .collect(),
                    location: ind.location.as_ref().map(ToString::to_string),
                }
            })
            .collect();
        let findings = plan
            .findings
            .iter()
            .map(|f| FindingDocument::new(f, plan, &keys))
            .collect();
        PlanDocument {
            source,
            title: plan.title.clone(),
            municipality: plan.municipality.clone(),
            period: plan.period,
            period_source: plan.period.map(|_| plan.effective_period_source()),
            fiscal_years: plan.fiscal_years.clone(),
            indicators,
            findings,
        }
    }
}
