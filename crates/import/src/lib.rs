//! Reading the sheets cities already have into shinchoku's plan model: the file's bytes are
//! checked and decoded, split into a grid, and the layout that fits best reads the grid into a
//! plan with its data-quality findings.
//!
//! ```no_run
//! let sheet = shinchoku_import::read_file("samples/kamaishi-priority-projects.txt".as_ref(), &Default::default())?;
//! println!("{} indicators, read as {}", sheet.plan.indicators.len(), sheet.layout);
//! # Ok::<(), shinchoku_import::ImportError>(())
//! ```

mod error;
pub mod grid;
pub mod header;
pub mod layout;
mod notes;
pub mod numfmt;
pub mod outline;
mod source;

pub use error::ImportError;
pub use grid::{Grid, Row};
pub use layout::{Layout, Recognition, SheetContext};

use shinchoku_core::document::SourceInfo;
use shinchoku_core::{Plan, PlanBuilder};
use std::path::{Path, PathBuf};

/// How to read a file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Use this layout (`matrix`, `sectioned`) instead of recognising one.
    pub layout: Option<String>,
}

/// A sheet read into a plan, with how it was read.
#[derive(Debug, Clone)]
pub struct ReadSheet {
    pub file: PathBuf,
    pub plan: Plan,
    /// The layout used.
    pub layout: &'static str,
    /// Every layout's score and reasons, best first.
    pub recognitions: Vec<(&'static str, Recognition)>,
    /// The text encoding found.
    pub encoding: &'static str,
}

impl ReadSheet {
    /// What the JSON form says of the source.
    pub fn source_info(&self) -> SourceInfo {
        SourceInfo {
            file: self.file.display().to_string(),
            layout: self.layout.to_owned(),
            reasons: self
                .recognitions
                .first()
                .map(|(_, r)| r.reasons.clone())
                .unwrap_or_default(),
        }
    }
}

/// Reads a sheet file.
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<ReadSheet, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ImportError::NotFound {
            file: path.to_owned(),
        },
        _ => ImportError::Unreadable {
            file: path.to_owned(),
            source: e,
        },
    })?;
    read_bytes(path, &bytes, options)
}

/// Reads a sheet from its bytes; `file` names it in messages.
pub fn read_bytes(
    file: &Path,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<ReadSheet, ImportError> {
    let file_buf = file.to_owned();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty { file: file_buf });
    }
    match source::sniff(bytes) {
        source::Sniffed::Text => {}
        source::Sniffed::NotASheet(what) => {
            return Err(ImportError::NotASheet {
                file: file_buf,
                what,
            });
        }
        source::Sniffed::Workbook(what) => {
            return Err(ImportError::Unsupported {
                file: file_buf,
                what,
            });
        }
    }
    let (text, encoding) = source::decode(bytes).map_err(|e| match e {
        source::DecodeError::Binary { line } => ImportError::Binary {
            file: file.to_owned(),
            line,
        },
        source::DecodeError::Encoding { line } => ImportError::Encoding {
            file: file.to_owned(),
            line,
            encoding: "UTF-8・Shift_JIS",
        },
    })?;
    let delimiter = match file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => b',',
        Some("tsv" | "tab") => b'\t',
        _ => Grid::guess_delimiter(&text),
    };
    let grid = Grid::from_delimited(&text, delimiter);
    let mut sheet = read_grid(file, &grid, options)?;
    sheet.encoding = encoding;
    Ok(sheet)
}

/// Reads a grid with the layout that fits it best.
pub fn read_grid(
    file: &Path,
    grid: &Grid,
    options: &ReadOptions,
) -> Result<ReadSheet, ImportError> {
    if grid.rows.iter().all(Row::is_blank) {
        return Err(ImportError::Empty {
            file: file.to_owned(),
        });
    }
    let context = SheetContext::of(grid);
    let layouts = layout::layouts();
    // a layout shows itself in the sheet's first rows: recognising on them spares scanning a
    // sheet of a hundred thousand rows once per layout
    let sample = grid.head(layout::RECOGNITION_ROWS);
    let mut scored: Vec<(usize, Recognition)> = layouts
        .iter()
        .enumerate()
        .map(|(i, l)| (i, l.recognise(&sample, &context)))
        .collect();
    scored.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
    let chosen = match &options.layout {
        Some(name) => layouts
            .iter()
            .position(|l| l.name() == name)
            .ok_or_else(|| ImportError::NoLayout {
                file: file.to_owned(),
                lines: grid.rows.len(),
                reasons: format!(
                    "レイアウト「{name}」はありません(使えるもの: {})",
                    layouts
                        .iter()
                        .map(|l| l.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?,
        None => {
            let (best, recognition) = &scored[0];
            if recognition.score < layout::MIN_SCORE {
                let reasons = scored
                    .iter()
                    .map(|(i, r)| {
                        format!("{}: {}", layouts[*i].description(), r.reasons.join("、"))
                    })
                    .collect::<Vec<_>>()
                    .join(" / ");
                return Err(ImportError::NoLayout {
                    file: file.to_owned(),
                    lines: grid.rows.len(),
                    reasons,
                });
            }
            *best
        }
    };
    let layout = &layouts[chosen];
    let mut builder = PlanBuilder::new();
    if let Some((_, title)) = &context.title {
        builder.set_title(title.clone());
    }
    layout.read(grid, &context, &mut builder);
    let mut plan = builder.finish();
    plan.municipality = municipality(&context, grid);
    let recognitions = scored
        .into_iter()
        .map(|(i, r)| (layouts[i].name(), r))
        .collect();
    Ok(ReadSheet {
        file: file.to_owned(),
        plan,
        layout: layout.name(),
        recognitions,
        encoding: "",
    })
}

/// The municipality named in the title, else the one named most in the sheet's first rows.
fn municipality(context: &SheetContext, grid: &Grid) -> Option<String> {
    use shinchoku_core::municipality::name_in;
    context
        .title
        .as_ref()
        .and_then(|(_, t)| name_in([t.as_str()]))
        .or_else(|| name_in(grid.rows.iter().take(500).flat_map(Row::cells)))
}
