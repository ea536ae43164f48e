//! What evaluating a plan's indicators in one year shows about the sheet, one finding per
//! cause: the indicators blank in a year the others report (one line listing them, at the
//! first blank cell), surveys marked done without a result, marked figures set aside as
//! another quantity, grades to confirm, and self-assessed grades the figures contradict.

use super::{Evaluation, Judgement, Unevaluable};
use crate::cell::CellValue;
use crate::finding::{Finding, FindingKind};
use crate::fiscal_year::FiscalYear;
use crate::ids::IndicatorId;
use crate::indicator::{Indicator, Series};

/// Words of a text actual that say a survey or count was done, without its result.
const DONE: &[&str] = &[
    "調査済",
    "調査実施",
    "実施済",
    "集計中",
    "集計予定",
    "調査中",
];

/// The findings of `evaluations`, the evaluations of one year in the plan's order (the i-th is
/// about the plan's i-th indicator).
pub fn findings(evaluations: &[Evaluation<'_>]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, e) in evaluations.iter().enumerate() {
        let id = IndicatorId::from_index(i);
        let ind = e.indicator;
        for s in &e.set_aside {
            out.push(
                Finding::new(FindingKind::FigureSetAside {
                    indicator: ind.name.clone(),
                    year: s.year,
                    raw: s.cell.raw.to_string(),
                    note: s.note.map(str::to_owned),
                    typical: super::figure(s.typical, e.unit),
                })
                .at(actual_cell(ind, s.year))
                .about(id),
            );
        }
        for review in &e.reviews {
            out.push(
                Finding::new(FindingKind::GradeNeedsReview {
                    indicator: ind.name.clone(),
                    year: e.year,
                    grade: format!("{} {}", e.grade.label, e.grade.meaning),
                    review: review.clone(),
                })
                .at(actual_cell(ind, e.year))
                .about(id),
            );
        }
        if let Some(f) = self_assessment(e) {
            out.push(f.about(id));
        }
    }
    out.extend(blank_actuals(evaluations));
    out.extend(surveys_without_result(evaluations));
    out.sort_by_key(|f| f.kind.importance());
    out
}

/// The findings of an evaluation and of the reading of its sheet together, most important
/// first, without the reading's findings that an evaluation finding restates (a unit
/// mismatch the grade is already marked for).
pub fn with_reading(evaluation: Vec<Finding>, reading: &[Finding]) -> Vec<Finding> {
    let restated = |f: &Finding| {
        matches!(f.kind, FindingKind::UnitMismatch { .. })
            && evaluation.iter().any(|e| {
                e.indicator == f.indicator
                    && matches!(
                        &e.kind,
                        FindingKind::GradeNeedsReview {
                            review: super::Review::UnitsDiffer { .. },
                            ..
                        }
                    )
            })
    };
    let kept: Vec<Finding> = reading.iter().filter(|f| !restated(f)).cloned().collect();
    let mut out = evaluation;
    out.extend(kept);
    out.sort_by_key(|f| f.kind.importance());
    out
}

/// Where the actual of `year` is (or would be), else the indicator's row.
fn actual_cell(ind: &Indicator, year: FiscalYear) -> Option<crate::location::Location> {
    ind.location_of(Series::Actual, year)
        .or_else(|| ind.location.clone())
}

/// The stated grade, when the computed one contradicts it.
fn self_assessment(e: &Evaluation<'_>) -> Option<Finding> {
    let ind = e.indicator;
    let stated = ind.self_assessments.get(&e.year)?;
    let stated_label = crate::text::compact(stated);
    let known = e.policy.labels().iter().any(|l| l.label == stated_label);
    (known && e.is_evaluable() && stated_label != e.grade.label.as_str()).then(|| {
        Finding::new(FindingKind::SelfAssessmentContradicts {
            indicator: ind.name.clone(),
            year: e.year,
            stated: stated.clone(),
            computed: format!("{} {}", e.grade.label, e.grade.meaning),
            explanation: e.to_string(),
        })
        .at(ind
            .self_assessment_location(e.year)
            .or_else(|| ind.location.clone()))
    })
}

/// The indicators with a target but no actual in a year the others report, and no recorded
/// reason for the blank: one finding.
fn blank_actuals(evaluations: &[Evaluation<'_>]) -> Option<Finding> {
    let year = evaluations.first()?.year;
    let year_is_reported = evaluations.iter().any(|e| e.actual.is_some());
    let blank: Vec<(usize, &Evaluation<'_>)> = evaluations
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.actual.is_none()
                && e.target.is_some()
                && !matches!(
                    e.judgement,
                    Judgement::NotEvaluable(
                        Unevaluable::BeforePlan { .. } | Unevaluable::BlankWithReason(_)
                    )
                )
        })
        .collect();
    if !year_is_reported || blank.is_empty() {
        return None;
    }
    let surveys: Vec<Option<FiscalYear>> = blank
        .iter()
        .map(|(_, e)| last_done(e.indicator, year))
        .collect();
    let surveyed = match surveys.first() {
        Some(Some(first)) if surveys.iter().all(|s| *s == Some(*first)) => Some(*first),
        _ => None,
    };
    let (i, first) = blank[0];
    let ind = first.indicator;
    Some(
        Finding::new(FindingKind::BlankActualWithoutReason {
            year,
            indicators: blank
                .iter()
                .map(|(_, e)| e.indicator.name.clone())
                .collect(),
            surveyed,
        })
        .at(actual_cell(ind, year))
        .about(IndicatorId::from_index(i)),
    )
}

/// The latest year up to `year` whose actual says a survey was done without a result.
fn last_done(ind: &Indicator, year: FiscalYear) -> Option<FiscalYear> {
    ind.actuals
        .iter()
        .rev()
        .filter(|(y, _)| **y <= year)
        .find(|(_, c)| says_done(c))
        .map(|(y, _)| *y)
}

fn says_done(c: &crate::cell::Cell) -> bool {
    matches!(c.value, CellValue::Text) && {
        let t = crate::text::compact(&c.raw);
        DONE.iter().any(|w| t.contains(w))
    }
}

/// Surveys marked done up to the evaluated year with no figure in that year or after: one
/// finding per year and wording.
fn surveys_without_result(evaluations: &[Evaluation<'_>]) -> Vec<Finding> {
    let Some(year) = evaluations.first().map(|e| e.year) else {
        return Vec::new();
    };
    let mut groups: Vec<(FiscalYear, String, Vec<String>, usize)> = Vec::new();
    for (i, e) in evaluations.iter().enumerate() {
        let ind = e.indicator;
        let Some(done) = last_done(ind, year) else {
            continue;
        };
        let has_result = ind
            .actuals
            .iter()
            .any(|(y, c)| *y >= done && *y <= year && c.number().is_some());
        if has_result {
            continue;
        }
        let raw = ind
            .actuals
            .get(&done)
            .map(|c| c.raw.trim().to_owned())
            .unwrap_or_default();
        match groups
            .iter_mut()
            .find(|(y, r, _, _)| *y == done && *r == raw)
        {
            Some((_, _, names, _)) => names.push(ind.name.clone()),
            None => groups.push((done, raw, vec![ind.name.clone()], i)),
        }
    }
    groups
        .into_iter()
        .map(|(done, raw, indicators, i)| {
            let ind = evaluations[i].indicator;
            Finding::new(FindingKind::SurveyWithoutResult {
                year: done,
                raw,
                indicators,
            })
            .at(actual_cell(ind, done))
            .about(IndicatorId::from_index(i))
        })
        .collect()
}
