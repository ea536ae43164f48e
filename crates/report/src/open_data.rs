//! The plan as open data: the long format, one row per indicator × fiscal year × series, each
//! row complete on its own (団体コード, plan, indicator, year, series, the text as written and
//! the number read from it), as CSV that Excel opens (UTF-8 with a BOM, or Shift_JIS) and as
//! JSON. The README's data dictionary describes every column.

use crate::encoding::{plain_number, shift_jis};
use crate::{ReportError, Subject};
use serde::Serialize;
use shinchoku_core::{CellValue, Series};

/// One row of the open data. Field names are the JSON keys; `COLUMNS` the CSV header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenDataRow {
    pub municipality_code: String,
    pub municipality: String,
    pub plan: String,
    /// The indicator's stable key (the same in `read`, `evaluate` and every export).
    pub indicator_id: String,
    /// Its place in the plan, from 1.
    pub indicator_no: usize,
    pub indicator: String,
    pub group: Option<String>,
    pub unit: Option<String>,
    /// The fiscal year's first calendar year: 2024 for 令和6年度.
    pub fiscal_year: i32,
    /// The fiscal year as Japanese administration writes it.
    pub fiscal_year_label: String,
    /// `target` or `actual`.
    pub series: &'static str,
    /// The cell's text as written in the sheet or entered.
    pub raw: String,
    /// The number read from it; none for a text, a direction (↑) or a blank.
    pub value: Option<f64>,
}

/// The CSV header, in the order of the fields.
pub const COLUMNS: [&str; 13] = [
    "団体コード",
    "団体名",
    "計画",
    "指標ID",
    "指標番号",
    "指標",
    "対象",
    "単位",
    "年度",
    "年度(和暦)",
    "区分",
    "値(原文)",
    "値",
];

/// Every target and actual of the plan, indicator by indicator, year by year.
pub fn rows(subject: &Subject<'_>) -> Vec<OpenDataRow> {
    let plan = subject.plan;
    let municipality = plan.municipality.clone().unwrap_or_default();
    let mut out = Vec::new();
    for (i, ind) in plan.indicators.iter().enumerate() {
        let mut years: Vec<_> = ind.targets.keys().chain(ind.actuals.keys()).collect();
        years.sort();
        years.dedup();
        for year in years {
            for (series, cell) in [
                (Series::Target, ind.targets.get(year)),
                (Series::Actual, ind.actuals.get(year)),
            ] {
                let Some(cell) = cell else { continue };
                out.push(OpenDataRow {
                    municipality_code: subject.municipality_code.to_owned(),
                    municipality: municipality.clone(),
                    plan: subject.plan_name.to_owned(),
                    indicator_id: subject.keys.get(i).cloned().unwrap_or_default(),
                    indicator_no: i + 1,
                    indicator: ind.name.clone(),
                    group: ind.group.clone(),
                    unit: ind.unit.as_ref().map(ToString::to_string),
                    fiscal_year: year.start_year(),
                    fiscal_year_label: year.to_string(),
                    series: match series {
                        Series::Target => "target",
                        Series::Actual => "actual",
                    },
                    raw: cell.raw.to_string(),
                    value: match &cell.value {
                        CellValue::Number(q) if q.value.is_finite() => Some(q.value),
                        _ => None,
                    },
                });
            }
        }
    }
    out
}

/// How the CSV is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvEncoding {
    /// UTF-8 with a byte order mark, which Excel needs to recognise it.
    Utf8,
    /// Shift_JIS (CP932), for older Japanese Excel.
    ShiftJis,
}

/// The CSV bytes, and the characters Shift_JIS could not hold (replaced by 〓).
pub fn to_csv(
    rows: &[OpenDataRow],
    encoding: CsvEncoding,
) -> Result<(Vec<u8>, Vec<char>), ReportError> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for r in rows {
        w.write_record([
            r.municipality_code.as_str(),
            &r.municipality,
            &r.plan,
            &r.indicator_id,
            &r.indicator_no.to_string(),
            &r.indicator,
            r.group.as_deref().unwrap_or(""),
            r.unit.as_deref().unwrap_or(""),
            &r.fiscal_year.to_string(),
            &r.fiscal_year_label,
            match r.series {
                "target" => "目標値",
                _ => "実績値",
            },
            &r.raw,
            &plain_number(r.value),
        ])?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ReportError::Write(e.to_string()))?;
    Ok(match encoding {
        CsvEncoding::Utf8 => {
            let mut out = Vec::with_capacity(bytes.len() + 3);
            out.extend_from_slice("\u{feff}".as_bytes());
            out.extend_from_slice(&bytes);
            (out, Vec::new())
        }
        CsvEncoding::ShiftJis => {
            let text = String::from_utf8(bytes).map_err(|e| ReportError::Write(e.to_string()))?;
            shift_jis(&text)
        }
    })
}

/// The JSON: an array of rows, one per line, so that the same plan gives the same bytes and a
/// diff between two years reads line by line.
pub fn to_json(rows: &[OpenDataRow]) -> Result<Vec<u8>, ReportError> {
    let mut out = Vec::with_capacity(rows.len() * 256 + 4);
    out.extend_from_slice(b"[\n");
    for (i, r) in rows.iter().enumerate() {
        serde_json::to_writer(&mut out, r)?;
        out.extend_from_slice(if i + 1 < rows.len() { b",\n" } else { b"\n" });
    }
    out.extend_from_slice(b"]\n");
    Ok(out)
}
