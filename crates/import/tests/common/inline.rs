//! Sheets written inline in a test as tab-separated text, and what tests ask of the plan
//! read from them: a figure, the names, what the findings say.

use shinchoku_core::finding::FindingKind;
use shinchoku_core::{CellValue, FiscalYear, Plan, Series};
use shinchoku_import::{ReadOptions, ReadSheet, read_bytes};
use std::path::Path;

/// Reads `text` as a tab-separated sheet.
pub fn read_text(text: &str) -> ReadSheet {
    read_bytes(
        Path::new("inline.tsv"),
        text.as_bytes(),
        &ReadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The figure of `name` (and `group`) in `series` for `year`.
pub fn figure(
    plan: &Plan,
    name: &str,
    group: Option<&str>,
    series: Series,
    year: i32,
) -> Option<f64> {
    let ind = plan
        .indicators
        .iter()
        .find(|i| i.name == name && i.group.as_deref() == group)?;
    let year = FiscalYear::new(year).expect("in range");
    match &ind.series(series).get(&year)?.value {
        CellValue::Number(q) => Some(q.value),
        _ => None,
    }
}

/// Each indicator's name and group, in the order read.
pub fn names_and_groups(plan: &Plan) -> Vec<(&str, Option<&str>)> {
    plan.indicators
        .iter()
        .map(|i| (i.name.as_str(), i.group.as_deref()))
        .collect()
}

/// True when a finding of `plan` quotes `text`: a cell reported, not dropped.
pub fn said(plan: &Plan, text: &str) -> bool {
    plan.findings.iter().any(|f| f.to_string().contains(text))
}

/// The years read from context, each with the cell's text and the source named.
pub fn years_from_context(plan: &Plan) -> Vec<(String, i32, String)> {
    plan.findings
        .iter()
        .filter_map(|f| match &f.kind {
            FindingKind::YearFromContext { raw, year, source } => {
                Some((raw.clone(), year.start_year(), source.clone()))
            }
            _ => None,
        })
        .collect()
}

/// True when the reader assumed the year of targets no heading dated.
pub fn assumed_a_target_year(plan: &Plan) -> bool {
    plan.findings
        .iter()
        .any(|f| matches!(f.kind, FindingKind::TargetYearAssumed { .. }))
}
