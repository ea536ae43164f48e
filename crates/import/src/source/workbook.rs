//! Workbooks (.xlsx, .xlsm, .xls, .ods) through calamine, sheet by sheet: each cell becomes the
//! text Excel shows (numbers with their number format, formulas by their cached values),
//! merged ranges are filled from the workbook's merge information, and error values
//! (#DIV/0!) stay text with a finding.

use super::formats::{self, SheetFormats};
use super::{Sheet, Source};
use crate::grid::{Grid, Row};
use crate::{ImportError, ReadOptions};
use calamine::{Data, Dimensions, Range, Reader, Sheets};
use shinchoku_core::{Finding, FindingKind, Location};
use std::io::Cursor;
use std::path::Path;

type Workbook<'a> = Sheets<Cursor<&'a [u8]>>;

fn broken(file: &Path, e: impl std::fmt::Display) -> ImportError {
    ImportError::BrokenWorkbook {
        file: file.to_owned(),
        detail: e.to_string(),
    }
}

/// Opens the workbook by its container: a zip is xlsx (or ods), a compound file is an
/// encrypted xlsx or an xls. calamine's own detection would hide why a file does not open.
fn workbook<'a>(file: &Path, bytes: &'a [u8]) -> Result<Workbook<'a>, ImportError> {
    use calamine::{Ods, OdsError, Xls, XlsError, Xlsx, XlsxError};
    let password = || ImportError::PasswordProtected {
        file: file.to_owned(),
    };
    let cursor = || Cursor::new(bytes);
    if bytes.starts_with(b"PK") {
        return match Xlsx::new(cursor()) {
            Ok(x) => Ok(Sheets::Xlsx(x)),
            Err(XlsxError::Password) => Err(password()),
            Err(xlsx_error) => match Ods::new(cursor()) {
                Ok(o) => Ok(Sheets::Ods(o)),
                Err(OdsError::Password) => Err(password()),
                Err(_) => Err(broken(file, xlsx_error)),
            },
        };
    }
    // an encrypted xlsx is a compound file holding an EncryptedPackage
    if let Err(XlsxError::Password) = Xlsx::new(cursor()) {
        return Err(password());
    }
    match Xls::new(cursor()) {
        Ok(x) => Ok(Sheets::Xls(x)),
        Err(XlsError::Password) => Err(password()),
        Err(e) => Err(broken(file, e)),
    }
}

/// Opens every sheet of the workbook in `bytes` (or the one `--sheet` names).
pub(crate) fn open(
    file: &Path,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<Source, ImportError> {
    let mut wb = workbook(file, bytes)?;
    let kind = match &wb {
        Sheets::Xlsx(_) => "xlsx",
        Sheets::Xls(_) => "xls",
        Sheets::Xlsb(_) => "xlsb",
        Sheets::Ods(_) => "ods",
    };
    let names = wb.sheet_names();
    let wanted: Vec<String> = match &options.sheet {
        Some(name) => {
            if !names.contains(name) {
                return Err(ImportError::SheetNotFound {
                    file: file.to_owned(),
                    sheet: name.clone(),
                    sheets: names.join("、"),
                });
            }
            vec![name.clone()]
        }
        None => names,
    };
    let mut sheets = Vec::new();
    let mut findings = Vec::new();
    for name in wanted {
        let range = wb.worksheet_range(&name).map_err(|e| broken(file, e))?;
        let (formats, merges) = if kind == "xlsx" {
            // without formats numbers read as General: still figures, never a failure; the
            // same pass finds the merges, which calamine would look for with a pass of its own
            let f = formats::read(bytes, &name).unwrap_or_default();
            let merges = f
                .merges
                .iter()
                .map(|&(start, end)| Dimensions { start, end })
                .collect();
            (f, merges)
        } else {
            (SheetFormats::default(), merges(&mut wb, &name))
        };
        let grid = grid(&name, &range, &merges, &formats, &mut findings);
        sheets.push(Sheet::Grid(grid));
    }
    Ok(Source {
        sheets,
        findings,
        description: kind.to_owned(),
    })
}

fn merges(wb: &mut Workbook<'_>, name: &str) -> Vec<Dimensions> {
    match wb {
        Sheets::Xlsx(x) => x
            .worksheet_merge_cells(name)
            .and_then(Result::ok)
            .unwrap_or_default(),
        Sheets::Xls(x) => x.worksheet_merge_cells(name).unwrap_or_default(),
        // calamine does not give merges for xlsb and ods: their cells read as they are
        Sheets::Xlsb(_) | Sheets::Ods(_) => Vec::new(),
    }
}

/// The text Excel shows for a cell.
fn text(data: &Data, code: Option<&str>, date1904: bool) -> String {
    let number = |v: f64| match code {
        Some(code) => super::display::render(v, code, date1904),
        None => super::display::render(v, "General", date1904),
    };
    match data {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => number(*i as f64),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) => number(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// One sheet as a grid of texts, merged ranges filled.
fn grid(
    name: &str,
    range: &Range<Data>,
    merges: &[Dimensions],
    formats: &SheetFormats,
    findings: &mut Vec<Finding>,
) -> Grid {
    let Some((row0, col0)) = range.start() else {
        return Grid {
            sheet: Some(name.to_owned()),
            ..Grid::default()
        };
    };
    let (height, width) = range.get_size();
    // rows above the used range are blank rows, so that a row's line is its sheet row
    let mut rows: Vec<Row> = (0..row0 as usize)
        .map(|i| Row::new(i + 1, [""; 0]))
        .collect();
    if merges.is_empty() {
        // the common case: each row straight from calamine's cells, copied once
        for (r, row) in range.rows().enumerate() {
            let abs_row = row0 + r as u32;
            let mut texts: Vec<std::borrow::Cow<'_, str>> = Vec::with_capacity(width);
            for (c, data) in row.iter().enumerate() {
                let abs_col = col0 + c as u32;
                texts.push(match data {
                    Data::String(s) => std::borrow::Cow::Borrowed(s.as_str()),
                    Data::Empty => std::borrow::Cow::Borrowed(""),
                    other => {
                        let t = text(other, formats.code(abs_row, abs_col), formats.date1904);
                        if matches!(other, Data::Error(_)) {
                            findings.push(error_finding(name, &t, abs_row, abs_col));
                        }
                        std::borrow::Cow::Owned(t)
                    }
                });
            }
            rows.push(Row::new(row0 as usize + r + 1, texts));
        }
        return Grid {
            sheet: Some(name.to_owned()),
            rows,
            first_column: col0 as usize,
        };
    }
    let mut cells: Vec<Vec<String>> = Vec::with_capacity(height);
    for (r, row) in range.rows().enumerate() {
        let abs_row = row0 + r as u32;
        let mut texts = Vec::with_capacity(width);
        for (c, data) in row.iter().enumerate() {
            let abs_col = col0 + c as u32;
            let t = text(data, formats.code(abs_row, abs_col), formats.date1904);
            if matches!(data, Data::Error(_)) {
                findings.push(error_finding(name, &t, abs_row, abs_col));
            }
            texts.push(t);
        }
        cells.push(texts);
    }
    // a merged range shows its first cell's text over all its cells; extraction to text
    // loses that, a workbook keeps it
    let mut filled: Vec<Vec<usize>> = vec![Vec::new(); cells.len()];
    for m in merges {
        let (top, left) = m.start;
        let (bottom, right) = m.end;
        let (Some(r0), Some(c0)) = (top.checked_sub(row0), left.checked_sub(col0)) else {
            continue;
        };
        let Some(value) = cells
            .get(r0 as usize)
            .and_then(|r| r.get(c0 as usize))
            .cloned()
        else {
            continue;
        };
        for r in r0..=bottom.saturating_sub(row0) {
            for c in c0..=right.saturating_sub(col0) {
                if (r, c) == (r0, c0) {
                    continue;
                }
                if let Some(cell) = cells
                    .get_mut(r as usize)
                    .and_then(|row| row.get_mut(c as usize))
                {
                    *cell = value.clone();
                    filled[r as usize].push(c as usize);
                }
            }
        }
    }
    for (r, (texts, filled)) in cells.into_iter().zip(filled).enumerate() {
        let mut row = Row::new(row0 as usize + r + 1, texts);
        row.mark_merge_fill(filled);
        rows.push(row);
    }
    Grid {
        sheet: Some(name.to_owned()),
        rows,
        first_column: col0 as usize,
    }
}

fn error_finding(sheet: &str, raw: &str, row: u32, column: u32) -> Finding {
    Finding::new(FindingKind::ErrorCell {
        raw: raw.to_owned(),
    })
    .at(Some(Location::Sheet {
        sheet: sheet.to_owned(),
        row: row + 1,
        column: column + 1,
    }))
}
