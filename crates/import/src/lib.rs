//! Reading the sheets cities already have into shinchoku's plan model: the file's bytes are
//! checked and opened as sheets (`source`), each sheet is a grid, and the layout that fits a
//! sheet best reads it into the plan with its data-quality findings.
//!
//! ```no_run
//! let sheet = shinchoku_import::read_file("samples/kamaishi-priority-projects.txt".as_ref(), &Default::default())?;
//! println!("{} indicators, read as {}", sheet.plan.indicators.len(), sheet.layout);
//! # Ok::<(), shinchoku_import::ImportError>(())
//! ```

pub mod collection;
mod error;
pub mod grid;
pub mod header;
pub mod layout;
pub mod limits;
pub mod mapping;
mod notes;
pub mod outline;
mod source;
pub mod untrusted;
pub mod worker;

pub use error::ImportError;
pub use grid::{Grid, Row};
use layout::SheetRows;
pub use layout::{AnyLayout, Recognition, SheetContext};
pub use limits::{Limit, Limits};
pub use worker::Worker;

use shinchoku_core::document::SourceInfo;
use shinchoku_core::{Finding, FindingKind, Plan, PlanBuilder};
use std::path::{Path, PathBuf};

/// How to read a file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Use this layout (`matrix`, `sectioned` …) instead of recognising one.
    pub layout: Option<String>,
    /// Read text in this encoding (`shift_jis`, `utf-8` …) instead of detecting it.
    pub encoding: Option<String>,
    /// Read only this sheet of a workbook.
    pub sheet: Option<String>,
    /// Read by this mapping instead of recognising a layout.
    pub mapping: Option<mapping::Mapping>,
    /// The bounds the file is read within.
    pub limits: Limits,
    /// Parse workbooks in this worker process, under the OS's memory and time limits, rather
    /// than in this process (where only a panic is caught, not a runaway allocation).
    pub worker: Option<Worker>,
}

/// How one sheet of the file was read.
#[derive(Debug, Clone)]
pub struct SheetReport {
    /// The sheet's name in a workbook; `None` for a text file.
    pub name: Option<String>,
    /// The layout it was read with; `None` when it was skipped.
    pub layout: Option<&'static str>,
    /// Every layout's score and reasons, best first.
    pub recognitions: Vec<(&'static str, Recognition)>,
}

/// A file read into a plan, with how it was read.
#[derive(Debug, Clone)]
pub struct ReadSheet {
    pub file: PathBuf,
    pub plan: Plan,
    /// The layout of the first sheet read (see `sheets` for each).
    pub layout: &'static str,
    /// Every sheet, read or skipped.
    pub sheets: Vec<SheetReport>,
    /// What the file is: its text encoding (`UTF-8`, `Shift_JIS`) or workbook format.
    pub encoding: String,
}

impl ReadSheet {
    /// The recognitions of the first sheet read.
    pub fn recognitions(&self) -> &[(&'static str, Recognition)] {
        self.sheets
            .iter()
            .find(|s| s.layout.is_some())
            .map_or(&[], |s| s.recognitions.as_slice())
    }

    /// What the JSON form says of the source.
    pub fn source_info(&self) -> SourceInfo {
        SourceInfo {
            file: self.file.display().to_string(),
            format: self.encoding.clone(),
            sheets: self
                .sheets
                .iter()
                .filter(|s| s.layout.is_some())
                .filter_map(|s| s.name.clone())
                .collect(),
            layout: self.layout.to_owned(),
            reasons: self
                .recognitions()
                .first()
                .map(|(_, r)| r.reasons.clone())
                .unwrap_or_default(),
        }
    }
}

/// Reads a sheet file (or standard input, named `-`) within the options' limits.
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<ReadSheet, ImportError> {
    let bytes = untrusted::read(path, &options.limits)?;
    let source = source::open(path, bytes, options)?;
    read_source(path, source, options)
}

/// Reads a sheet from its bytes; `file` names it in messages and decides CSV from TSV.
pub fn read_bytes(
    file: &Path,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<ReadSheet, ImportError> {
    untrusted::check_size(file, bytes.len() as u64, &options.limits)?;
    let source = source::open(file, bytes.to_vec(), options)?;
    read_source(file, source, options)
}

/// What a file holds: one plan's sheet, or a collection of many municipalities' figures.
#[derive(Debug)]
pub enum Reading {
    Sheet(Box<ReadSheet>),
    Collection(collection::Collection),
}

/// Reads a file's bytes as [`read_bytes`] does, unless they are a collection (a long table of
/// several municipalities, see [`collection`]): that is only opened, to be read row by row.
/// A layout or mapping given in the options always reads one sheet.
pub fn read_sheet_or_collection(
    file: &Path,
    bytes: Vec<u8>,
    options: &ReadOptions,
) -> Result<Reading, ImportError> {
    untrusted::check_size(file, bytes.len() as u64, &options.limits)?;
    let source = source::open(file, bytes, options)?;
    if options.layout.is_some() || options.mapping.is_some() {
        return read_source(file, source, options).map(|s| Reading::Sheet(Box::new(s)));
    }
    match collection::recognise(file, source) {
        Ok(c) => Ok(Reading::Collection(c)),
        Err(source) => read_source(file, source, options).map(|s| Reading::Sheet(Box::new(s))),
    }
}

/// Reads one grid (a text file already split, or a sheet built in a test).
pub fn read_grid(
    file: &Path,
    grid: &Grid,
    options: &ReadOptions,
) -> Result<ReadSheet, ImportError> {
    let source = source::Source {
        sheets: vec![source::Sheet::Grid(grid.clone())],
        findings: Vec::new(),
        description: String::new(),
    };
    read_source(file, source, options)
}

/// Every layout's recognition of a sheet, best first, as (index into `layouts()`, recognition).
type Scored = Vec<(usize, Recognition)>;

/// A sheet on its way to being read.
struct Pending<'l> {
    sheet: source::Sheet,
    /// Where the sheet's cells are, as its first rows say.
    locator: grid::Locator,
    context: SheetContext,
    chosen: Option<Chosen<'l>>,
    scored: Scored,
}

/// The layout a sheet is read with, and the reading its recognition found.
struct Chosen<'l> {
    /// An index into the layouts.
    layout: usize,
    /// None when a layout the user named found nothing it could start from.
    reading: Option<Box<dyn layout::SheetReading<'l> + 'l>>,
}

/// The mapping the reader would guess for the first sheet of `file`, as commented TOML.
pub fn suggest_mapping(
    file: &Path,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<String, ImportError> {
    let source = source::open(file, bytes.to_vec(), options)?;
    let grid = source
        .sheets
        .into_iter()
        .find(|s| !s.is_blank())
        .ok_or_else(|| ImportError::Empty {
            file: file.to_owned(),
        })?
        .into_grid()?
        .0;
    let context = SheetContext::of(&grid);
    let mut text = mapping::suggest(&grid, &context);
    if let Some(sheet) = &grid.sheet {
        text = format!("sheet = {}\n{text}", toml_string(sheet));
    }
    Ok(text)
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Chooses the layout of a sheet: the one named in the options, else the best that reaches
/// [`layout::MIN_SCORE`]. Returns the layout chosen with its reading, and every recognition,
/// best first.
fn choose<'l>(
    file: &Path,
    grid: &Grid,
    context: &SheetContext,
    layouts: &'l [Box<dyn AnyLayout>],
    options: &ReadOptions,
) -> Result<(Option<Chosen<'l>>, Scored), ImportError> {
    // `grid` is the sheet's first rows: a layout shows itself there, and recognising on them
    // spares scanning a sheet of a hundred thousand rows once per layout
    let mut recognised: Vec<(usize, layout::Recognised<'l>)> = layouts
        .iter()
        .enumerate()
        .map(|(i, l)| (i, l.recognise(grid, context)))
        .collect();
    recognised.sort_by(|a, b| b.1.recognition.score.total_cmp(&a.1.recognition.score));
    let chosen = match &options.layout {
        Some(name) => Some(
            recognised
                .iter()
                .position(|(i, _)| layouts[*i].name() == name)
                .ok_or_else(|| {
                    let summary = format!(
                        "レイアウト「{name}」はありません(使えるもの: {})",
                        layouts
                            .iter()
                            .map(|l| l.name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    ImportError::NoLayout {
                        file: file.to_owned(),
                        lines: grid.rows.len(),
                        reasons: vec![summary.clone()],
                        summary,
                    }
                })?,
        ),
        None => Some(0).filter(|_| recognised[0].1.recognition.score >= layout::MIN_SCORE),
    };
    let chosen = chosen.map(|k| Chosen {
        layout: recognised[k].0,
        reading: recognised[k].1.reading.take(),
    });
    let scored = recognised
        .into_iter()
        .map(|(i, r)| (i, r.recognition))
        .collect();
    Ok((chosen, scored))
}

/// Reads `sheet` from what its layout's recognition found: row by row when the layout reads in
/// row order (a text file then needs no grid of all its rows, and a workbook sheet is read while
/// it is still being parsed), else from a grid of the whole sheet. Returns the findings its
/// cells gave while they were read.
fn read_sheet<'l>(
    reading: Box<dyn layout::SheetReading<'l> + 'l>,
    sheet: source::Sheet,
    locator: grid::Locator,
    context: &SheetContext,
    builder: &mut PlanBuilder,
) -> Result<Vec<Finding>, ImportError> {
    let (reading, sheet) = match sheet {
        source::Sheet::Text { text, delimiter } => {
            let rows = SheetRows::Text {
                text: &text,
                delimiter,
            };
            match reading.read_rows(rows, context, builder) {
                Ok(()) => return Ok(Vec::new()),
                Err(reading) => (reading, source::Sheet::Text { text, delimiter }),
            }
        }
        source::Sheet::Stream(mut stream) => {
            let rows = SheetRows::Stream {
                rows: &mut stream,
                locator,
            };
            match reading.read_rows(rows, context, builder) {
                Ok(()) => return stream.finish(),
                Err(reading) => (reading, source::Sheet::Stream(stream)),
            }
        }
        sheet => (reading, sheet),
    };
    let (grid, found) = sheet.into_grid()?;
    reading.read(&grid, context, builder);
    Ok(found)
}

fn read_source(
    file: &Path,
    source: source::Source,
    options: &ReadOptions,
) -> Result<ReadSheet, ImportError> {
    let mut sheets: Vec<source::Sheet> = source
        .sheets
        .into_iter()
        .filter(|s| !s.is_blank())
        .collect();
    if sheets.is_empty() {
        return Err(ImportError::Empty {
            file: file.to_owned(),
        });
    }
    // findings a sheet's cells give while it is read (a workbook read on another thread)
    let mut late_findings: Vec<Finding> = Vec::new();
    let layouts: Vec<Box<dyn AnyLayout>> = match &options.mapping {
        // a mapping is the layout: only it is used, on the sheet it names (or the first)
        Some(m) => vec![Box::new(mapping::MappingLayout { mapping: m.clone() })],
        None => layout::layouts(),
    };
    if let Some(m) = &options.mapping {
        let names: Vec<String> = sheets.iter().filter_map(source::Sheet::name).collect();
        let wanted = m.sheet.as_deref();
        let position = match wanted {
            Some(name) => sheets
                .iter()
                .position(|s| s.name().as_deref() == Some(name)),
            None => Some(0),
        };
        let Some(k) = position else {
            return Err(ImportError::SheetNotFound {
                file: file.to_owned(),
                sheet: wanted.unwrap_or_default().to_owned(),
                sheets: names.join("、"),
            });
        };
        // a mapping may name any row: it reads a whole grid
        let (grid, found) = sheets.swap_remove(k).into_grid()?;
        late_findings.extend(found);
        sheets = vec![source::Sheet::Grid(grid)];
    }
    let mut plans: Vec<Pending> = Vec::new();
    for sheet in sheets {
        let sample = sheet.sample(layout::RECOGNITION_ROWS);
        let context = SheetContext::of(&sample);
        if let (Some(m), source::Sheet::Grid(grid)) = (&options.mapping, &sheet) {
            mapping::check(m, grid, &context).map_err(|e| ImportError::Mapping {
                file: file.to_owned(),
                detail: e.to_string(),
            })?;
        }
        let (chosen, scored) = choose(file, &sample, &context, &layouts, options)?;
        plans.push(Pending {
            sheet,
            locator: sample.locator(),
            context,
            chosen,
            scored,
        });
    }
    let contributing = plans.iter().filter(|p| p.chosen.is_some()).count();
    if contributing == 0 {
        let several = plans.len() > 1;
        let Pending { sheet, scored, .. } = plans.swap_remove(0);
        let reasons = scored
            .iter()
            .map(|(i, r)| format!("{}: {}", layouts[*i].description(), r.reasons.join("、")))
            .collect();
        let mut summary = scored.first().map_or_else(String::new, |(i, r)| {
            format!(
                "いちばん近いのは{}ですが、{}",
                layouts[*i].kind(),
                r.reasons.join("、")
            )
        });
        if several {
            summary = format!(
                "{}枚のシートのどれにも見つかりません。最初のシートで{summary}",
                plans.len() + 1
            );
        }
        return Err(ImportError::NoLayout {
            file: file.to_owned(),
            lines: sheet.line_count()?,
            summary,
            reasons,
        });
    }
    let mut builder = PlanBuilder::new();
    for f in source.findings {
        builder.report(f);
    }
    let mut reports = Vec::new();
    let mut first_layout = None;
    // sheets a layout named by the user found no indicator in: (sheet, layout, reasons, hint)
    let mut unfit: Vec<(Option<String>, &'static str, String, String)> = Vec::new();
    let forced = options.layout.is_some() && options.mapping.is_none();
    for Pending {
        sheet,
        locator,
        mut context,
        chosen,
        scored,
    } in plans
    {
        let name = sheet.name();
        let recognitions: Vec<(&'static str, Recognition)> = scored
            .into_iter()
            .map(|(i, r)| (layouts[i].name(), r))
            .collect();
        let Some(chosen) = chosen else {
            let best = recognitions
                .first()
                .map(|(_, r)| r.reasons.join("、"))
                .unwrap_or_default();
            builder.report(Finding::new(FindingKind::SheetSkipped {
                sheet: name.clone().unwrap_or_default(),
                reason: format!("表の形が分かりません: {best}"),
            }));
            reports.push(SheetReport {
                name,
                layout: None,
                recognitions,
            });
            continue;
        };
        let layout = &layouts[chosen.layout];
        // two readings that score close: the one taken is said to need a look
        if options.layout.is_none()
            && let [(_, first), (second, other), ..] = recognitions.as_slice()
            && other.score >= layout::MIN_SCORE
            && first.score - other.score < layout::CLOSE_SCORES
        {
            let kind = |name: &str| {
                layouts
                    .iter()
                    .find(|l| l.name() == name)
                    .map_or_else(|| name.to_owned(), |l| l.kind().to_owned())
            };
            builder.report(Finding::new(FindingKind::LayoutClose {
                chosen: layout.kind().to_owned(),
                other: kind(second),
            }));
        }
        if builder.plan().title.is_none()
            && let Some((_, title)) = &context.title
        {
            builder.set_title(title.clone());
        }
        if let Some(period) = context.period {
            builder.set_period_from(period, context.period_source);
        }
        // several sheets make one plan: each sheet's goals sit under the sheet's name
        if contributing > 1 {
            context.root = Some(builder.add_goal(None, name.clone().unwrap_or_default(), None));
        }
        let indicators_before = builder.plan().indicators.len();
        if let Some(reading) = chosen.reading {
            late_findings.extend(read_sheet(reading, sheet, locator, &context, &mut builder)?);
        }
        if forced && builder.plan().indicators.len() == indicators_before {
            let (reasons, hint) = layout::does_not_fit(layout.name(), &recognitions);
            unfit.push((name.clone(), layout.name(), reasons, hint));
        }
        first_layout.get_or_insert(layout.name());
        reports.push(SheetReport {
            name,
            layout: Some(layout.name()),
            recognitions,
        });
    }
    if builder.plan().indicators.is_empty()
        && let Some((_, layout, reasons, hint)) = unfit.first()
    {
        return Err(ImportError::LayoutDoesNotFit {
            file: file.to_owned(),
            layout,
            reasons: reasons.clone(),
            hint: hint.clone(),
        });
    }
    for (sheet, layout, reasons, _) in unfit {
        builder.report(Finding::new(FindingKind::SheetSkipped {
            sheet: sheet.unwrap_or_default(),
            reason: format!(
                "指定のレイアウト「{layout}」に合わず、指標を読めませんでした: {reasons}"
            ),
        }));
    }
    for f in late_findings {
        builder.report(f);
    }
    let mut plan = builder.finish();
    if plan.municipality.is_none() {
        plan.municipality = municipality(&plan);
    }
    Ok(ReadSheet {
        file: file.to_owned(),
        plan,
        layout: first_layout.unwrap_or(""),
        sheets: reports,
        encoding: source.description,
    })
}

/// The municipality named in the title, else the one named most in the plan's texts.
fn municipality(plan: &Plan) -> Option<String> {
    use shinchoku_core::municipality::name_in;
    plan.title
        .as_deref()
        .and_then(|t| name_in([t]))
        .or_else(|| {
            name_in(
                plan.indicators
                    .iter()
                    .take(2000)
                    .map(|i| i.name.as_str())
                    .chain(plan.goals.iter().map(|g| g.title.as_str())),
            )
        })
}
