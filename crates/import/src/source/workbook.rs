//! Workbooks (.xlsx, .xlsm, .xls, .ods) through calamine, sheet by sheet: each cell becomes the
//! text Excel shows (numbers with their number format, formulas by their cached values),
//! merged ranges are filled from the workbook's merge information, and error values
//! (#DIV/0!) stay text with a finding.

use super::formats;
use super::{Sheet, Source};
use crate::grid::{Grid, Row};
use crate::{ImportError, ReadOptions};
use calamine::{Data, Dimensions, Reader, Sheets};
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
        let grid = match &mut wb {
            Sheets::Xlsx(x) => {
                // The formats pass reads the sheet's XML a second time, for the style of each
                // cell and the merges; it runs on another core while calamine reads the values.
                // Without formats numbers read as General: still figures, never a failure.
                let (cells, formats) = std::thread::scope(|scope| {
                    let formats = scope.spawn(|| formats::read(bytes, &name).unwrap_or_default());
                    let cells = xlsx_cells(x, &name, &mut findings);
                    (cells, formats.join().unwrap_or_default())
                });
                let mut cells = cells.map_err(|e| broken(file, e))?;
                for (r, c, text) in &mut cells {
                    if let Some(t) = text.number() {
                        *text =
                            CellText::Owned(number_text(t, formats.code(*r, *c), formats.date1904));
                    }
                }
                let merges: Vec<Dimensions> = formats
                    .merges
                    .iter()
                    .map(|&(start, end)| Dimensions { start, end })
                    .collect();
                assemble(&name, cells, &merges)
            }
            _ => {
                let range = wb.worksheet_range(&name).map_err(|e| broken(file, e))?;
                let merges = merges(&mut wb, &name);
                let (row0, col0) = range.start().unwrap_or_default();
                let cells: Vec<(u32, u32, CellText<'_>)> = range
                    .used_cells()
                    .map(|(r, c, data)| {
                        let (r, c) = (row0 + r as u32, col0 + c as u32);
                        (r, c, data_text(&name, data, r, c, &mut findings))
                    })
                    .collect();
                assemble(&name, cells, &merges)
            }
        };
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

/// A cell's text on its way into a row: borrowed from the workbook where it can be (a shared
/// string is read by hundreds of cells), or a number still to be rendered by its format.
#[derive(Debug)]
enum CellText<'a> {
    Borrowed(&'a str),
    Owned(String),
    Number(f64),
}

impl CellText<'_> {
    fn number(&self) -> Option<f64> {
        match self {
            CellText::Number(n) => Some(*n),
            _ => None,
        }
    }

    fn as_str(&self) -> &str {
        match self {
            CellText::Borrowed(s) => s,
            CellText::Owned(s) => s,
            CellText::Number(_) => "",
        }
    }
}

impl AsRef<str> for CellText<'_> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// The cells of an xlsx sheet straight from calamine's reader, in sheet order: no `Range` is
/// built and shared strings are not copied. Numbers wait for their format.
fn xlsx_cells<'a>(
    x: &'a mut calamine::Xlsx<Cursor<&[u8]>>,
    name: &str,
    findings: &mut Vec<Finding>,
) -> Result<Vec<(u32, u32, CellText<'a>)>, calamine::XlsxError> {
    use calamine::{DataRef, XlsxError};
    let mut reader = match x.worksheet_cells_reader(name) {
        Ok(r) => r,
        // a chart sheet: no cells
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut cells = Vec::with_capacity(reader.dimensions().len().min(1 << 20) as usize);
    while let Some(cell) = reader.next_cell()? {
        let (r, c) = cell.get_position();
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => CellText::Borrowed(s),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                CellText::Owned(s.clone())
            }
            DataRef::Int(i) => CellText::Number(*i as f64),
            DataRef::Float(f) => CellText::Number(*f),
            DataRef::DateTime(d) => CellText::Number(d.as_f64()),
            DataRef::Bool(b) => CellText::Borrowed(if *b { "TRUE" } else { "FALSE" }),
            DataRef::Error(e) => {
                let t = e.to_string();
                findings.push(error_finding(name, &t, r, c));
                CellText::Owned(t)
            }
        };
        cells.push((r, c, text));
    }
    Ok(cells)
}

/// The text of a cell of an xls or ods sheet (their number formats are not read: General).
fn data_text<'a>(
    sheet: &str,
    data: &'a Data,
    row: u32,
    column: u32,
    findings: &mut Vec<Finding>,
) -> CellText<'a> {
    match data {
        Data::Empty => CellText::Borrowed(""),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => CellText::Borrowed(s),
        Data::Int(i) => CellText::Owned(number_text(*i as f64, None, false)),
        Data::Float(f) => CellText::Owned(number_text(*f, None, false)),
        Data::DateTime(d) => CellText::Owned(number_text(d.as_f64(), None, false)),
        Data::Bool(b) => CellText::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        Data::Error(e) => {
            let t = e.to_string();
            findings.push(error_finding(sheet, &t, row, column));
            CellText::Owned(t)
        }
    }
}

/// The text Excel shows for a number with its format code.
fn number_text(value: f64, code: Option<&str>, date1904: bool) -> String {
    super::display::render(value, code.unwrap_or("General"), date1904)
}

/// One sheet as a grid of texts from its cells (sheet positions from 0, in any order), merged
/// ranges filled. Every sheet row down to the last becomes a row, blank or not, so that a
/// row's line is its sheet row and a column its sheet column.
fn assemble(name: &str, mut cells: Vec<(u32, u32, CellText<'_>)>, merges: &[Dimensions]) -> Grid {
    // Excel writes cells in order; another writer may not
    if !cells.is_sorted_by_key(|(r, c, _)| (*r, *c)) {
        cells.sort_by_key(|(r, c, _)| (*r, *c));
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut texts: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let r = cells[i].0;
        while rows.len() < r as usize {
            rows.push(Row::new(rows.len() + 1, [""; 0]));
        }
        texts.clear();
        while let Some((_, c, text)) = cells.get(i).filter(|(row, _, _)| *row == r) {
            let c = *c as usize;
            if texts.len() <= c {
                texts.resize(c + 1, "");
            }
            texts[c] = text.as_str();
            i += 1;
        }
        rows.push(Row::new(r as usize + 1, texts.iter().copied()));
    }
    if !merges.is_empty() {
        fill_merges(&mut rows, merges);
    }
    Grid {
        sheet: Some(name.to_owned()),
        rows,
        first_column: 0,
    }
}

/// A merged range shows its first cell's text over all its cells; extraction to text loses
/// that, a workbook keeps it. The copies are marked, so that a layout can tell them apart.
fn fill_merges(rows: &mut [Row], merges: &[Dimensions]) {
    let mut fills: std::collections::BTreeMap<usize, Vec<(usize, String)>> =
        std::collections::BTreeMap::new();
    for m in merges {
        let ((top, left), (bottom, right)) = (m.start, m.end);
        let Some(value) = rows
            .get(top as usize)
            .map(|row| row.cell(left as usize).to_owned())
            .filter(|v| !v.trim().is_empty())
        else {
            continue;
        };
        for r in top..=bottom.min(rows.len().saturating_sub(1) as u32) {
            for c in left..=right {
                if (r, c) != (top, left) {
                    fills
                        .entry(r as usize)
                        .or_default()
                        .push((c as usize, value.clone()));
                }
            }
        }
    }
    for (r, fill) in fills {
        let Some(row) = rows.get_mut(r) else {
            continue;
        };
        let width = fill
            .iter()
            .map(|(c, _)| c + 1)
            .max()
            .unwrap_or(0)
            .max(row.len());
        let mut texts: Vec<String> = (0..width).map(|c| row.cell(c).to_owned()).collect();
        let mut filled = Vec::with_capacity(fill.len());
        for (c, value) in fill {
            texts[c] = value;
            filled.push(c);
        }
        let mut new = Row::new(row.line, texts);
        new.mark_merge_fill(filled);
        *row = new;
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
