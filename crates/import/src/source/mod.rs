//! From a file's bytes to sheets: refuse what is not a sheet at all (an image, a PDF, binary
//! data) by name, decode delimited text, open workbooks sheet by sheet. Each sheet becomes a
//! [`Grid`]; what the container itself reveals (mixed encodings, Excel error values) comes back
//! as findings.

mod compound;
mod container;
mod display;
mod formats;
pub(crate) mod stream;
mod text;
pub(crate) mod wire;
pub(crate) mod workbook;

use crate::limits::Exceeded;
use crate::{Grid, ImportError, ReadOptions};
use shinchoku_core::{Finding, FindingKind};
use std::path::Path;

pub(crate) use stream::RowStream;
pub(crate) use text::encoding_named;

/// One sheet of a file: a workbook sheet as a grid or as a stream of rows still being read,
/// or delimited text kept as text, so that a layout that reads row by row needs no grid of
/// all its rows.
#[derive(Debug)]
pub(crate) enum Sheet {
    Grid(Grid),
    Stream(RowStream),
    Text { text: String, delimiter: u8 },
}

impl Sheet {
    /// The first `n` rows, to recognise the layout on.
    pub fn sample(&self, n: usize) -> Grid {
        match self {
            Sheet::Grid(g) => g.head(n).into_owned(),
            Sheet::Stream(s) => s.sample(n),
            Sheet::Text { text, delimiter } => Grid {
                rows: crate::grid::DelimitedRows::new(text, *delimiter)
                    .take(n)
                    .collect(),
                ..Grid::default()
            },
        }
    }

    /// The whole sheet as a grid, with the findings its cells gave while it was read.
    pub fn into_grid(self) -> Result<(Grid, Vec<Finding>), ImportError> {
        match self {
            Sheet::Grid(g) => Ok((g, Vec::new())),
            Sheet::Stream(s) => s.into_grid(),
            Sheet::Text { text, delimiter } => {
                Ok((Grid::from_delimited(&text, delimiter), Vec::new()))
            }
        }
    }

    /// How many lines or rows the sheet has (a stream is read to its end to count them).
    pub fn line_count(self) -> Result<usize, ImportError> {
        match self {
            Sheet::Grid(g) => Ok(g.rows.len()),
            Sheet::Stream(s) => s.line_count(),
            Sheet::Text { text, .. } => Ok(text.lines().count()),
        }
    }

    /// The sheet's name in a workbook.
    pub fn name(&self) -> Option<String> {
        match self {
            Sheet::Grid(g) => g.sheet.clone(),
            Sheet::Stream(s) => Some(s.name.clone()),
            Sheet::Text { .. } => None,
        }
    }

    /// True when the sheet holds nothing but blanks (as far as it has been read).
    pub fn is_blank(&self) -> bool {
        match self {
            Sheet::Grid(g) => g.rows.iter().all(crate::grid::Row::is_blank),
            Sheet::Stream(s) => s.is_blank(),
            Sheet::Text { text, .. } => text
                .chars()
                .all(|c| c.is_whitespace() || c == ',' || c == '\t'),
        }
    }
}

/// Why a workbook could not be read (or read further), before the file's name is put to it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// Not a workbook calamine can read: its message.
    Broken(String),
    /// Over one of the limits.
    Exceeded(Exceeded),
    /// Encrypted with a password.
    Password,
    /// `--sheet` named a sheet the workbook does not have.
    NoSuchSheet { sheet: String, sheets: Vec<String> },
    /// The worker ran past its time limit, of this many seconds.
    TimedOut(u64),
}

impl Failure {
    pub fn broken(e: impl std::fmt::Display) -> Failure {
        Failure::Broken(e.to_string())
    }

    pub fn into_error(self, file: &Path) -> ImportError {
        let file = file.to_owned();
        match self {
            Failure::Broken(detail) => ImportError::BrokenWorkbook { file, detail },
            Failure::Exceeded(exceeded) => ImportError::LimitExceeded { file, exceeded },
            Failure::Password => ImportError::PasswordProtected { file },
            Failure::NoSuchSheet { sheet, sheets } => ImportError::SheetNotFound {
                file,
                sheet,
                sheets: sheets.join("、"),
            },
            Failure::TimedOut(seconds) => ImportError::Timeout { file, seconds },
        }
    }
}

impl From<Exceeded> for Failure {
    fn from(e: Exceeded) -> Failure {
        Failure::Exceeded(e)
    }
}

/// The sheets of a file, ready for layout recognition.
#[derive(Debug)]
pub(crate) struct Source {
    pub sheets: Vec<Sheet>,
    pub findings: Vec<Finding>,
    /// What the file is: `UTF-8`, `Shift_JIS`, `xlsx` …
    pub description: String,
}

/// What the first bytes say a file is.
enum Sniffed {
    Text,
    /// A file that is not a sheet at all (PNG画像, PDF …).
    NotASheet(&'static str),
    /// A zip (xlsx, ods) or compound (xls) file.
    Workbook,
    /// A sheet in a format not read (yet).
    Unsupported(&'static str),
}

fn sniff(bytes: &[u8]) -> Sniffed {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG画像"),
        (b"\xFF\xD8\xFF", "JPEG画像"),
        (b"GIF87a", "GIF画像"),
        (b"GIF89a", "GIF画像"),
        (b"%PDF", "PDF"),
        (b"\x1F\x8B", "gzip圧縮ファイル"),
        (b"7z\xBC\xAF\x27\x1C", "7z圧縮ファイル"),
        (b"Rar!", "RAR圧縮ファイル"),
        (b"RIFF", "画像・音声ファイル"),
    ];
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Sniffed::NotASheet(what);
        }
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Sniffed::Workbook;
    }
    // Excel 2.x–4.x wrote a bare BIFF stream, not a compound file: its BOF record comes first
    // (type 0x0009, 0x0209 or 0x0409, a short length)
    if let [0x09, 0x00 | 0x02 | 0x04, len, 0x00, ..] = bytes
        && (4..=16).contains(len)
    {
        return Sniffed::Unsupported("古いExcel形式(Excel 2.x〜4.x のブック)");
    }
    Sniffed::Text
}

/// Opens the file's sheets.
pub(crate) fn open(
    file: &Path,
    bytes: Vec<u8>,
    options: &ReadOptions,
) -> Result<Source, ImportError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty {
            file: file.to_owned(),
        });
    }
    match sniff(&bytes) {
        Sniffed::NotASheet(what) => Err(ImportError::NotASheet {
            file: file.to_owned(),
            what,
        }),
        Sniffed::Unsupported(what) => Err(ImportError::Unsupported {
            file: file.to_owned(),
            what,
        }),
        Sniffed::Workbook => match &options.worker {
            Some(worker) => worker.open(file, bytes, options),
            None => workbook::open(file, bytes, options),
        },
        Sniffed::Text => open_text(file, bytes, options),
    }
}

fn open_text(file: &Path, bytes: Vec<u8>, options: &ReadOptions) -> Result<Source, ImportError> {
    let forced = match &options.encoding {
        Some(name) => Some(
            encoding_named(name)
                .ok_or_else(|| ImportError::UnknownEncoding { name: name.clone() })?,
        ),
        None => None,
    };
    let decoded = text::decode(bytes, forced).map_err(|e| match e {
        text::DecodeError::Binary { line } => ImportError::Binary {
            file: file.to_owned(),
            line,
        },
        text::DecodeError::Encoding { line } => ImportError::Encoding {
            file: file.to_owned(),
            line,
            encoding: forced.map_or("UTF-8・Shift_JIS・EUC-JP", |e| e.name()),
        },
        text::DecodeError::Unsupported(what) => ImportError::Unsupported {
            file: file.to_owned(),
            what,
        },
        text::DecodeError::Truncated(what) => ImportError::TruncatedText {
            file: file.to_owned(),
            what,
        },
    })?;
    let delimiter = match file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        // a ".csv" that a system wrote with tabs is read as what it is
        Some("csv") if tab_separated(&decoded.text) => b'\t',
        Some("csv") => b',',
        Some("tsv" | "tab") => b'\t',
        _ => Grid::guess_delimiter(&decoded.text),
    };
    let mut findings = Vec::new();
    if !decoded.other_lines.is_empty() {
        let other = decoded.other_lines[0].1;
        let lines: Vec<usize> = decoded.other_lines.iter().map(|(l, _)| *l).collect();
        let at = shinchoku_core::Location::text(lines[0], 1);
        findings.push(
            Finding::new(FindingKind::MixedEncoding {
                encoding: decoded.encoding.to_owned(),
                other: other.to_owned(),
                lines,
            })
            .at(Some(at)),
        );
    }
    Ok(Source {
        sheets: vec![Sheet::Text {
            text: decoded.text,
            delimiter,
        }],
        findings,
        description: decoded.encoding.to_owned(),
    })
}

/// True when the first lines hold tabs and no comma: tab-separated, whatever the name says.
fn tab_separated(text: &str) -> bool {
    let head: Vec<&str> = text.lines().take(20).collect();
    head.iter().any(|l| l.contains('\t')) && !head.iter().any(|l| l.contains(','))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_not_sheets() {
        assert!(matches!(
            sniff(b"\x89PNG\r\n\x1a\n...."),
            Sniffed::NotASheet("PNG画像")
        ));
        assert!(matches!(sniff(b"PK\x03\x04...."), Sniffed::Workbook));
        assert!(matches!(sniff("指標".as_bytes()), Sniffed::Text));
        assert!(tab_separated("指標\t年度\n保育所数\tR5\n"));
        assert!(!tab_separated("指標,年度\t注\n"));
        // a BIFF4 worksheet's BOF record
        assert!(matches!(
            sniff(b"\x09\x04\x06\x00\x00\x00\x10\x00"),
            Sniffed::Unsupported(w) if w.contains("Excel 2.x")
        ));
    }
}
