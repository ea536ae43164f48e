//! Workbooks (.xlsx, .xlsm, .xls, .ods) through calamine, sheet by sheet: each cell becomes the
//! text Excel shows (numbers with their number format, formulas by their cached values),
//! merged ranges are filled from the workbook's merge information, and error values
//! (#DIV/0!) stay text with a finding.
//!
//! An xlsx sheet is read from calamine's cell reader, row by row; when it is the only sheet to
//! read it is read on a thread of its own and streamed (`stream`), so that the layout reads
//! the first rows while calamine parses the last.

use super::compound;
use super::container::{self, Zipped};
use super::formats::{self, MergedRange, SheetFormats};
use super::stream::{self, Producer, RowStream};
use super::{Failure, Sheet, Source};
use crate::grid::{Grid, Row};
use crate::limits::{Limit, Limits};
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

/// Opens the workbook by its container: a zip is xlsx (or ods), a compound file is an
/// encrypted xlsx or an xls. calamine's own detection would hide why a file does not open.
fn workbook(bytes: &Shared, limits: &Limits) -> Result<Workbook, Failure> {
    use calamine::{Ods, OdsError, Xls, XlsError};
    let cursor = || Cursor::new(bytes.clone());
    if bytes.as_ref().starts_with(b"PK") {
        let ods = |why: Option<XlsxError>| match Ods::new(cursor()) {
            Ok(o) => Ok(Sheets::Ods(o)),
            Err(OdsError::Password) => Err(Failure::Password),
            // a file that is neither says why it is not the one it looks more like
            Err(e) => Err(match why {
                Some(xlsx) => Failure::broken(xlsx),
                None => Failure::Broken(format!("ODS: {e}")),
            }),
        };
        return match container::check_zip(bytes.as_ref(), limits)? {
            Zipped::OpenDocument => ods(None),
            Zipped::Binary => match calamine::Xlsb::new(cursor()) {
                Ok(x) => Ok(Sheets::Xlsb(x)),
                Err(calamine::XlsbError::Password) => Err(Failure::Password),
                Err(e) => Err(Failure::Broken(format!("xlsb: {e}"))),
            },
            Zipped::OfficeOpenXml | Zipped::Unknown => match Xlsx::new(cursor()) {
                Ok(x) => Ok(Sheets::Xlsx(x)),
                Err(XlsxError::Password) => Err(Failure::Password),
                Err(xlsx_error) => ods(Some(xlsx_error)),
            },
        };
    }
    compound::check_compound(bytes.as_ref(), limits)?;
    // an encrypted xlsx is a compound file holding an EncryptedPackage
    if let Err(XlsxError::Password) = Xlsx::new(cursor()) {
        return Err(Failure::Password);
    }
    match Xls::new(cursor()) {
        Ok(x) => Ok(Sheets::Xls(x)),
        Err(XlsError::Password) => Err(Failure::Password),
        Err(e) => Err(Failure::broken(e)),
    }
}

/// A workbook opened and checked, with the sheets to read.
pub(crate) struct Opened {
    wb: Workbook,
    bytes: Shared,
    limits: Limits,
    /// `xlsx`, `xls`, `xlsb` or `ods`.
    pub kind: &'static str,
    /// The sheets to read, in workbook order.
    pub wanted: Vec<String>,
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("kind", &self.kind)
            .field("wanted", &self.wanted)
            .finish_non_exhaustive()
    }
}

/// Opens the workbook in `bytes` and picks its sheets (every one, or the one `sheet` names).
pub(crate) fn prepare(
    bytes: Vec<u8>,
    sheet: Option<&str>,
    limits: &Limits,
) -> Result<Opened, Failure> {
    let bytes = Shared(Arc::new(bytes));
    let wb = workbook(&bytes, limits)?;
    let kind = match &wb {
        Sheets::Xlsx(_) => "xlsx",
        Sheets::Xls(_) => "xls",
        Sheets::Xlsb(_) => "xlsb",
        Sheets::Ods(_) => "ods",
    };
    // charts, dialogs and macros hold no cells to read (calamine fails on some of them)
    let names: Vec<String> = wb
        .sheets_metadata()
        .iter()
        .filter(|m| m.typ == calamine::SheetType::WorkSheet)
        .map(|m| m.name.clone())
        .collect();
    limits.check(Limit::Sheets, names.len() as u64)?;
    if kind == "xlsx" {
        formats::check_sheet_parts(bytes.as_ref())?;
    }
    let wanted: Vec<String> = match sheet {
        Some(name) if !names.iter().any(|n| n == name) => {
            return Err(Failure::NoSuchSheet {
                sheet: name.to_owned(),
                sheets: names,
            });
        }
        Some(name) => vec![name.to_owned()],
        None => names,
    };
    Ok(Opened {
        wb,
        bytes,
        limits: *limits,
        kind,
        wanted,
    })
}

impl Opened {
    /// Reads one sheet into `sink`.
    pub fn read_sheet(&mut self, name: &str, sink: &mut impl RowSink) -> Result<(), Failure> {
        match &mut self.wb {
            Sheets::Xlsx(x) => read_xlsx(x, self.bytes.as_ref(), name, &self.limits, sink),
            wb => read_range(wb, name, &self.limits, sink),
        }
    }
}

/// The text of a panic caught from a dependency.
pub(crate) fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("読み取り中に異常終了しました({what})")
}

/// Runs `f`, a panic in it (calamine's, on a malformed file) becoming a failure.
pub(crate) fn guarded<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(Failure::Broken(panic_text(payload.as_ref()))))
}

/// Opens every sheet of the workbook in `bytes` (or the one `--sheet` names), in this process.
pub(crate) fn open(
    file: &Path,
    bytes: Vec<u8>,
    options: &ReadOptions,
) -> Result<Source, ImportError> {
    let mut opened = guarded(|| prepare(bytes, options.sheet.as_deref(), &options.limits))
        .map_err(|f| f.into_error(file))?;
    let kind = opened.kind;
    let mut sheets = Vec::new();
    let mut findings = Vec::new();
    if streams(kind, opened.wanted.len()) {
        let name = opened.wanted[0].clone();
        sheets.push(Sheet::Stream(stream_sheet(file, opened, name)?));
    } else {
        for name in std::mem::take(&mut opened.wanted) {
            let mut sink = Collect::default();
            guarded(|| opened.read_sheet(&name, &mut sink)).map_err(|f| f.into_error(file))?;
            findings.append(&mut sink.findings);
            sheets.push(Sheet::Grid(sink.into_grid(name)));
        }
    }
    Ok(Source {
        sheets,
        findings,
        description: kind.to_owned(),
    })
}

/// Whether a workbook's sheets are handed over as a stream: the one sheet of an xlsx, whose
/// cells calamine reads row by row (the other kinds build a whole range first).
pub(crate) fn streams(kind: &str, sheets: usize) -> bool {
    kind == "xlsx" && sheets == 1
}

/// Reads the one sheet on a thread of its own and returns once its first rows are in.
fn stream_sheet(file: &Path, mut opened: Opened, name: String) -> Result<RowStream, ImportError> {
    let (mut producer, rx) = stream::channel();
    let sheet = name.clone();
    let handle = std::thread::Builder::new()
        .name("xlsx-reader".into())
        .spawn(move || {
            let outcome = guarded(|| opened.read_sheet(&sheet, &mut producer));
            producer.finish(outcome);
        })
        .map_err(|e| Failure::broken(e).into_error(file))?;
    RowStream::start(
        file.to_owned(),
        name,
        rx,
        handle,
        crate::layout::RECOGNITION_ROWS,
    )
}

/// Where the rows of a sheet go: to a stream, gathered into a grid, or out of a worker.
pub(crate) trait RowSink {
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
    limits: &Limits,
    sink: &mut impl RowSink,
) -> Result<(), Failure> {
    std::thread::scope(|scope| {
        let mut pending = Some(scope.spawn(|| formats::read(bytes, name, limits)));
        let formats_of = |pending: &mut Option<
            std::thread::ScopedJoinHandle<'_, Result<SheetFormats, formats::FormatError>>,
        >|
         -> Result<SheetFormats, Failure> {
            match pending.take().map(|h| h.join()) {
                Some(Ok(Ok(formats))) => Ok(formats),
                // a format code over its limit is the file's fault, not a reason for General
                Some(Ok(Err(formats::FormatError::Exceeded(e)))) => Err(e.into()),
                Some(Ok(Err(formats::FormatError::Unreadable(_)))) | None => {
                    Ok(SheetFormats::default())
                }
                Some(Err(payload)) => Err(Failure::Broken(panic_text(payload.as_ref()))),
            }
        };
        let mut reader = match x.worksheet_cells_reader(name) {
            Ok(r) => r,
            // a chart sheet: no cells
            Err(XlsxError::NotAWorksheet(_)) => return Ok(()),
            Err(e) => return Err(Failure::broken(e)),
        };
        // the extent the sheet declares bounds its merges (see `Assembler::new`)
        let declared = reader.dimensions();
        let declared = (declared.end != (0, 0)).then_some(declared.end);
        let mut waiting: Vec<(u32, u32, CellText<'_>)> = Vec::new();
        let mut rows: Option<Assembler> = None;
        while let Some(cell) = reader.next_cell().map_err(Failure::broken)? {
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
                let formats = formats_of(&mut pending)?;
                match begin(name, formats, declared, limits, &mut waiting, sink)? {
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
                None => {
                    // cells wait for the formats; their place is checked before they wait
                    check_place(limits, r, c)?;
                    waiting.push((r, c, text));
                }
            }
        }
        let assembler = match rows {
            Some(a) => a,
            None => {
                let formats = formats_of(&mut pending)?;
                match begin(name, formats, declared, limits, &mut waiting, sink)? {
                    Some(a) => a,
                    None => return Ok(()),
                }
            }
        };
        assembler.finish(sink)
    })
}

/// The assembler of a sheet whose formats are known, given the cells that waited for them;
/// `None` when the sink wants no more rows.
fn begin<'s, 'a>(
    name: &'s str,
    formats: SheetFormats,
    extent: Option<(u32, u32)>,
    limits: &Limits,
    waiting: &mut Vec<(u32, u32, CellText<'a>)>,
    sink: &mut impl RowSink,
) -> Result<Option<Assembler<'s, 'a>>, Failure> {
    let mut assembler = Assembler::new(name, formats, extent, limits);
    for (r, c, t) in waiting.drain(..) {
        if !assembler.push(r, c, t, sink)? {
            return Ok(None);
        }
    }
    Ok(Some(assembler))
}

/// A cell's place against the sheet bounds: a cell at row 4,294,967,295 would otherwise make
/// four billion blank rows.
fn check_place(limits: &Limits, r: u32, c: u32) -> Result<(), Failure> {
    limits.check(Limit::Rows, u64::from(r) + 1)?;
    limits.check(Limit::Columns, u64::from(c) + 1)?;
    Ok(())
}

/// Reads an xls, xlsb or ods sheet through calamine's `Range` (their number formats are not
/// read: numbers show as General).
fn read_range(
    wb: &mut Workbook,
    name: &str,
    limits: &Limits,
    sink: &mut impl RowSink,
) -> Result<(), Failure> {
    let range = wb.worksheet_range(name).map_err(Failure::broken)?;
    let merges = match wb {
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        // calamine does not give merges for xlsb and ods: their cells read as they are
        _ => Vec::new(),
    };
    let formats = SheetFormats::with_merges(merges.iter().map(|d| (d.start, d.end)).collect());
    let mut assembler = Assembler::new(name, formats, range.end(), limits);
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
    assembler.finish(sink)
}

/// Turns cells, in sheet order, into rows: numbers rendered by their format, every sheet row
/// down to the last made a row (blank or not, so that a row's line is its sheet row and a
/// column its sheet column), merged ranges filled.
struct Assembler<'s, 'a> {
    sheet: &'s str,
    formats: SheetFormats,
    limits: Limits,
    /// Merged ranges by top row, and how many have begun.
    merges: Vec<MergedRange>,
    begun: usize,
    /// Ranges over the current row, with the text of their first cell.
    open: Vec<(MergedRange, String)>,
    /// The last row and column merges are filled to.
    extent: (u32, u32),
    /// Cells filled from merges so far.
    filled: u64,
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
    /// `extent` is the last (row, column) the sheet says it uses. Merges are filled only
    /// within it (widened by any cell found beyond it): a merge over `A6:XFD1006` in a sheet of
    /// six columns fills six columns, not sixteen million cells.
    fn new(
        sheet: &'s str,
        mut formats: SheetFormats,
        extent: Option<(u32, u32)>,
        limits: &Limits,
    ) -> Self {
        let mut merges = std::mem::take(&mut formats.merges);
        merges.sort_by_key(|((top, left), _)| (*top, *left));
        let most = |l: Limit| u32::try_from(limits.get(l).saturating_sub(1)).unwrap_or(u32::MAX);
        let bounds = (most(Limit::Rows), most(Limit::Columns));
        let extent = extent.map_or(bounds, |(r, c)| (r.min(bounds.0), c.min(bounds.1)));
        Assembler {
            sheet,
            formats,
            limits: *limits,
            merges,
            begun: 0,
            open: Vec::new(),
            extent,
            filled: 0,
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
    ) -> Result<bool, Failure> {
        check_place(&self.limits, r, c)?;
        if r < self.row {
            return Err(Failure::Broken(format!(
                "シート「{}」のセルが行の順に並んでいません({}行目)",
                self.sheet,
                r + 1
            )));
        }
        self.extent = (self.extent.0.max(r), self.extent.1.max(c));
        if r > self.row {
            if !self.flush(sink)? {
                return Ok(false);
            }
            while self.made < r {
                if !self.emit(self.made, sink)? {
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
    fn flush(&mut self, sink: &mut impl RowSink) -> Result<bool, Failure> {
        if self.cells.is_empty() {
            return Ok(true);
        }
        self.emit(self.row, sink)
    }

    /// Makes row `r` (from 0) of the cells gathered, with the merged ranges over it filled.
    fn emit(&mut self, r: u32, sink: &mut impl RowSink) -> Result<bool, Failure> {
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
        let last_row = self.extent.0;
        self.open
            .retain(|((_, (bottom, _)), _)| *bottom >= r && r <= last_row);
        let mut filled = Vec::new();
        let last_column = self.extent.1;
        for (((top, left), (_, right)), value) in &self.open {
            for c in *left..=(*right).min(last_column) {
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
        self.filled += filled.len() as u64;
        self.limits.check(Limit::MergedCells, self.filled)?;
        let mut row = Row::new(r as usize + 1, texts);
        if !filled.is_empty() {
            row.mark_merge_fill(filled);
        }
        self.made = r + 1;
        Ok(sink.row(row))
    }

    fn finish(mut self, sink: &mut impl RowSink) -> Result<(), Failure> {
        self.flush(sink).map(|_| ())
    }
}

pub(crate) fn error_finding(sheet: &str, raw: &str, row: u32, column: u32) -> Finding {
    Finding::new(FindingKind::ErrorCell {
        raw: raw.to_owned(),
    })
    .at(Some(Location::Sheet {
        sheet: sheet.to_owned(),
        row: row + 1,
        column: column + 1,
    }))
}
