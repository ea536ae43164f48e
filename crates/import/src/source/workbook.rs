//! Workbooks (.xlsx, .xlsm, .xls, .ods) through calamine, sheet by sheet: each cell becomes the
//! text Excel shows (numbers with their number format, formulas by their cached values),
//! merged ranges are filled from the workbook's merge information, and error values
//! (#DIV/0!) stay text with a finding.
//!
//! An xlsx sheet is read from calamine's cell reader, row by row; when it is the only sheet to
//! read it is read on a thread of its own and streamed (`stream`), so that the layout reads
//! the first rows while calamine parses the last.

use super::formats::{self, MergedRange, SheetFormats};
use super::stream::{self, Producer, RowStream};
use super::{Sheet, Source};
use crate::grid::{Grid, Row};
use crate::{ImportError, ReadOptions};
use calamine::{Data, DataRef, Reader, Sheets, Xlsx, XlsxError};
use shinchoku_core::{Finding, FindingKind, Location};
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

/// The bytes of a workbook, shared by the threads that read it.
#[derive(Debug, Clone)]
struct Shared(Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

type Workbook = Sheets<Cursor<Shared>>;

fn broken(file: &Path, e: impl std::fmt::Display) -> ImportError {
    ImportError::BrokenWorkbook {
        file: file.to_owned(),
        detail: e.to_string(),
    }
}

/// Opens the workbook by its container: a zip is xlsx (or ods), a compound file is an
/// encrypted xlsx or an xls. calamine's own detection would hide why a file does not open.
fn workbook(file: &Path, bytes: &Shared) -> Result<Workbook, ImportError> {
    use calamine::{Ods, OdsError, Xls, XlsError};
    let password = || ImportError::PasswordProtected {
        file: file.to_owned(),
    };
    let cursor = || Cursor::new(bytes.clone());
    if bytes.as_ref().starts_with(b"PK") {
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
    bytes: Vec<u8>,
    options: &ReadOptions,
) -> Result<Source, ImportError> {
    let bytes = Shared(Arc::new(bytes));
    let wb = workbook(file, &bytes)?;
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
    match (wb, wanted.as_slice()) {
        (Sheets::Xlsx(x), [name]) => {
            sheets.push(Sheet::Stream(stream_xlsx(file, x, bytes, name.clone())?));
        }
        (Sheets::Xlsx(mut x), _) => {
            for name in wanted {
                let mut sink = Collect::default();
                read_xlsx(&mut x, bytes.as_ref(), &name, &mut sink).map_err(|e| broken(file, e))?;
                findings.append(&mut sink.findings);
                sheets.push(Sheet::Grid(sink.into_grid(name)));
            }
        }
        (mut wb, _) => {
            for name in wanted {
                let mut sink = Collect::default();
                read_range(&mut wb, &name, &mut sink).map_err(|e| broken(file, e))?;
                findings.append(&mut sink.findings);
                sheets.push(Sheet::Grid(sink.into_grid(name)));
            }
        }
    }
    Ok(Source {
        sheets,
        findings,
        description: kind.to_owned(),
    })
}

/// Reads the one sheet on a thread of its own and returns once its first rows are in.
fn stream_xlsx(
    file: &Path,
    mut x: Xlsx<Cursor<Shared>>,
    bytes: Shared,
    name: String,
) -> Result<RowStream, ImportError> {
    let (mut producer, rx) = stream::channel();
    let sheet = name.clone();
    let handle = std::thread::Builder::new()
        .name("xlsx-reader".into())
        .spawn(move || {
            let outcome = read_xlsx(&mut x, bytes.as_ref(), &sheet, &mut producer);
            producer.finish(outcome);
        })
        .map_err(|e| broken(file, e))?;
    RowStream::start(
        file.to_owned(),
        name,
        rx,
        handle,
        crate::layout::RECOGNITION_ROWS,
    )
}

/// Where the rows of a sheet go: to a stream, or gathered into a grid.
trait RowSink {
    /// Takes a row; false when nobody wants more.
    fn row(&mut self, row: Row) -> bool;
    fn finding(&mut self, finding: Finding);
}

impl RowSink for Producer {
    fn row(&mut self, row: Row) -> bool {
        self.push(row)
    }

    fn finding(&mut self, finding: Finding) {
        self.report(finding);
    }
}

#[derive(Debug, Default)]
struct Collect {
    rows: Vec<Row>,
    findings: Vec<Finding>,
}

impl Collect {
    fn into_grid(self, name: String) -> Grid {
        Grid {
            sheet: Some(name),
            rows: self.rows,
            first_column: 0,
        }
    }
}

impl RowSink for Collect {
    fn row(&mut self, row: Row) -> bool {
        self.rows.push(row);
        true
    }

    fn finding(&mut self, finding: Finding) {
        self.findings.push(finding);
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
    fn as_str(&self) -> &str {
        match self {
            CellText::Borrowed(s) => s,
            CellText::Owned(s) => s,
            CellText::Number(_) => "",
        }
    }
}

/// Reads an xlsx sheet from calamine's cell reader into `sink`, row by row: no `Range` is built
/// and shared strings are not copied. The formats pass reads the sheet's XML a second time,
/// for the style of each cell and the merges, on another core; cells wait for it only until it
/// is done. Without formats numbers read as General: still figures, never a failure.
fn read_xlsx(
    x: &mut Xlsx<Cursor<Shared>>,
    bytes: &[u8],
    name: &str,
    sink: &mut impl RowSink,
) -> Result<(), String> {
    std::thread::scope(|scope| {
        let mut pending = Some(scope.spawn(|| formats::read(bytes, name).unwrap_or_default()));
        let formats_of = |pending: &mut Option<std::thread::ScopedJoinHandle<'_, SheetFormats>>| {
            pending
                .take()
                .and_then(|h| h.join().ok())
                .unwrap_or_default()
        };
        let mut reader = match x.worksheet_cells_reader(name) {
            Ok(r) => r,
            // a chart sheet: no cells
            Err(XlsxError::NotAWorksheet(_)) => return Ok(()),
            Err(e) => return Err(e.to_string()),
        };
        let mut waiting: Vec<(u32, u32, CellText<'_>)> = Vec::new();
        let mut rows: Option<Assembler> = None;
        while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
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
                    sink.finding(error_finding(name, &t, r, c));
                    CellText::Owned(t)
                }
            };
            if rows.is_none() && pending.as_ref().is_some_and(|h| h.is_finished()) {
                match begin(name, formats_of(&mut pending), &mut waiting, sink)? {
                    Some(assembler) => rows = Some(assembler),
                    None => return Ok(()),
                }
            }
            match &mut rows {
                Some(assembler) => {
                    if !assembler.push(r, c, text, sink)? {
                        return Ok(());
                    }
                }
                None => waiting.push((r, c, text)),
            }
        }
        let assembler = match rows {
            Some(a) => a,
            None => match begin(name, formats_of(&mut pending), &mut waiting, sink)? {
                Some(a) => a,
                None => return Ok(()),
            },
        };
        assembler.finish(sink);
        Ok(())
    })
}

/// The assembler of a sheet whose formats are known, given the cells that waited for them;
/// `None` when the sink wants no more rows.
fn begin<'s, 'a>(
    name: &'s str,
    formats: SheetFormats,
    waiting: &mut Vec<(u32, u32, CellText<'a>)>,
    sink: &mut impl RowSink,
) -> Result<Option<Assembler<'s, 'a>>, String> {
    let mut assembler = Assembler::new(name, formats);
    for (r, c, t) in waiting.drain(..) {
        if !assembler.push(r, c, t, sink)? {
            return Ok(None);
        }
    }
    Ok(Some(assembler))
}

/// Reads an xls, xlsb or ods sheet through calamine's `Range` (their number formats are not
/// read: numbers show as General).
fn read_range(wb: &mut Workbook, name: &str, sink: &mut impl RowSink) -> Result<(), String> {
    let range = wb.worksheet_range(name).map_err(|e| e.to_string())?;
    let merges = match wb {
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        // calamine does not give merges for xlsb and ods: their cells read as they are
        _ => Vec::new(),
    };
    let formats = SheetFormats::with_merges(merges.iter().map(|d| (d.start, d.end)).collect());
    let mut assembler = Assembler::new(name, formats);
    let (row0, col0) = range.start().unwrap_or_default();
    for (r, c, data) in range.used_cells() {
        let (r, c) = (row0 + r as u32, col0 + c as u32);
        let text = match data {
            Data::Empty => continue,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => CellText::Borrowed(s),
            Data::Int(i) => CellText::Number(*i as f64),
            Data::Float(f) => CellText::Number(*f),
            Data::DateTime(d) => CellText::Number(d.as_f64()),
            Data::Bool(b) => CellText::Borrowed(if *b { "TRUE" } else { "FALSE" }),
            Data::Error(e) => {
                let t = e.to_string();
                sink.finding(error_finding(name, &t, r, c));
                CellText::Owned(t)
            }
        };
        if !assembler.push(r, c, text, sink)? {
            return Ok(());
        }
    }
    assembler.finish(sink);
    Ok(())
}

/// Turns cells, in sheet order, into rows: numbers rendered by their format, every sheet row
/// down to the last made a row (blank or not, so that a row's line is its sheet row and a
/// column its sheet column), merged ranges filled.
struct Assembler<'s, 'a> {
    sheet: &'s str,
    formats: SheetFormats,
    /// Merged ranges by top row, and how many have begun.
    merges: Vec<MergedRange>,
    begun: usize,
    /// Ranges over the current row, with the text of their first cell.
    open: Vec<(MergedRange, String)>,
    /// The row being gathered, and its cells.
    row: u32,
    cells: Vec<(u32, CellText<'a>)>,
    /// Rows made so far.
    made: u32,
}

impl std::fmt::Debug for Assembler<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Assembler")
            .field("sheet", &self.sheet)
            .field("row", &self.row)
            .field("made", &self.made)
            .finish_non_exhaustive()
    }
}

impl<'s, 'a> Assembler<'s, 'a> {
    fn new(sheet: &'s str, mut formats: SheetFormats) -> Self {
        let mut merges = std::mem::take(&mut formats.merges);
        merges.sort_by_key(|((top, left), _)| (*top, *left));
        Assembler {
            sheet,
            formats,
            merges,
            begun: 0,
            open: Vec::new(),
            row: 0,
            cells: Vec::new(),
            made: 0,
        }
    }

    /// Takes the next cell; false when the sink wants no more rows.
    fn push(
        &mut self,
        r: u32,
        c: u32,
        text: CellText<'a>,
        sink: &mut impl RowSink,
    ) -> Result<bool, String> {
        if r < self.row {
            return Err(format!(
                "シート「{}」のセルが行の順に並んでいません({}行目)",
                self.sheet,
                r + 1
            ));
        }
        if r > self.row {
            if !self.flush(sink) {
                return Ok(false);
            }
            while self.made < r {
                if !self.emit(self.made, sink) {
                    return Ok(false);
                }
            }
            self.row = r;
        }
        let text = match text {
            CellText::Number(v) => CellText::Owned(super::display::render(
                v,
                self.formats.code(r, c).unwrap_or("General"),
                self.formats.date1904,
            )),
            t => t,
        };
        self.cells.push((c, text));
        Ok(true)
    }

    /// Makes the row being gathered, if it has cells.
    fn flush(&mut self, sink: &mut impl RowSink) -> bool {
        if self.cells.is_empty() {
            return true;
        }
        self.emit(self.row, sink)
    }

    /// Makes row `r` (from 0) of the cells gathered, with the merged ranges over it filled.
    fn emit(&mut self, r: u32, sink: &mut impl RowSink) -> bool {
        let cells = std::mem::take(&mut self.cells);
        let cells: Vec<(u32, CellText<'a>)> = if r == self.row { cells } else { Vec::new() };
        let width = cells
            .iter()
            .map(|(c, _)| *c as usize + 1)
            .max()
            .unwrap_or(0);
        let mut texts: Vec<&str> = vec![""; width];
        for (c, t) in &cells {
            texts[*c as usize] = t.as_str();
        }
        // ranges that begin on this row take their first cell's text
        while let Some(&m) = self
            .merges
            .get(self.begun)
            .filter(|((top, _), _)| *top <= r)
        {
            self.begun += 1;
            let ((top, left), _) = m;
            let value = texts.get(left as usize).copied().unwrap_or("");
            if top == r && !value.trim().is_empty() {
                self.open.push((m, value.to_owned()));
            }
        }
        self.open.retain(|((_, (bottom, _)), _)| *bottom >= r);
        let mut filled = Vec::new();
        for (((top, left), (_, right)), value) in &self.open {
            for c in *left..=*right {
                if (r, c) == (*top, *left) {
                    continue;
                }
                let c = c as usize;
                if texts.len() <= c {
                    texts.resize(c + 1, "");
                }
                texts[c] = value.as_str();
                filled.push(c);
            }
        }
        let mut row = Row::new(r as usize + 1, texts);
        if !filled.is_empty() {
            row.mark_merge_fill(filled);
        }
        self.made = r + 1;
        sink.row(row)
    }

    fn finish(mut self, sink: &mut impl RowSink) {
        self.flush(sink);
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
