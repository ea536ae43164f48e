//! The number format of each cell of an .xlsx sheet. calamine gives a cell's stored value but
//! not the format Excel shows it with, and a city's 54.6% is stored as 0.546 with `0.0%`: read
//! without its format it would be a different figure. This pass reads the workbook's styles
//! and the sheet's style attributes, nothing else.

use super::Failure;
use crate::limits::{Exceeded, Limit, Limits};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor};
use zip::ZipArchive;

/// A merged range as ((top, left), (bottom, right)), from 0.
pub(crate) type MergedRange = ((u32, u32), (u32, u32));

/// The format code of every cell of one sheet that has a format other than General, and the
/// sheet's merged ranges.
#[derive(Debug, Default)]
pub(crate) struct SheetFormats {
    codes: Vec<String>,
    cells: HashMap<(u32, u32), u32>,
    pub date1904: bool,
    pub merges: Vec<MergedRange>,
}

impl SheetFormats {
    /// No number formats, only merged ranges (an xls sheet, whose formats are not read).
    pub fn with_merges(merges: Vec<MergedRange>) -> SheetFormats {
        SheetFormats {
            merges,
            ..SheetFormats::default()
        }
    }

    /// The format code of the cell at (row, column), from 0.
    pub fn code(&self, row: u32, column: u32) -> Option<&str> {
        self.cells
            .get(&(row, column))
            .and_then(|i| self.codes.get(*i as usize))
            .map(String::as_str)
    }
}

/// Why the formats could not be read: unreadable (the caller falls back to General
/// formatting), or over a limit (the workbook is refused).
#[derive(Debug, PartialEq)]
pub(crate) enum FormatError {
    Unreadable(String),
    Exceeded(Exceeded),
}

impl From<String> for FormatError {
    fn from(s: String) -> FormatError {
        FormatError::Unreadable(s)
    }
}

type Archive<'d> = ZipArchive<Cursor<&'d [u8]>>;

fn part<'z, 'd>(
    zip: &'z mut Archive<'d>,
    name: &str,
) -> Result<BufReader<zip::read::ZipFile<'z, Cursor<&'d [u8]>>>, FormatError> {
    let name = name.trim_start_matches('/');
    let index = zip
        .index_for_name(name)
        .or_else(|| {
            // part names are case-insensitive in OPC
            (0..zip.len()).find(|i| {
                zip.name_for_index(*i)
                    .is_some_and(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)))
            })
        })
        .ok_or_else(|| format!("{name} がありません"))?;
    zip.by_index(index)
        .map(BufReader::new)
        .map_err(|e| FormatError::Unreadable(e.to_string()))
}

fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key || a.key.local_name().as_ref() == key)
        .and_then(|a| {
            let raw = String::from_utf8_lossy(&a.value);
            quick_xml::escape::unescape(&raw)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Calls `on` for every start or empty element of an XML part.
fn each_element(
    reader: impl BufRead,
    mut on: impl FnMut(&BytesStart<'_>, bool),
) -> Result<(), FormatError> {
    let mut xml = Reader::from_reader(reader);
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => on(&e, true),
            Ok(Event::Empty(e)) => on(&e, false),
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(e.to_string().into()),
        }
        buf.clear();
    }
}

/// A sheet's name and the path of its part (`None` when its relationship is missing).
type SheetPart = (String, Option<String>);

/// The workbook's sheets in order, and whether it counts dates from 1904.
fn sheet_parts(zip: &mut Archive<'_>) -> Result<(Vec<SheetPart>, bool), FormatError> {
    let mut sheets: Vec<(String, String)> = Vec::new();
    let mut date1904 = false;
    each_element(part(zip, "xl/workbook.xml")?, |e, _| {
        match e.local_name().as_ref() {
            b"sheet" => {
                if let (Some(name), Some(id)) = (attr(e, b"name"), attr(e, b"id")) {
                    sheets.push((name, id));
                }
            }
            b"workbookPr" => {
                date1904 = matches!(attr(e, b"date1904").as_deref(), Some("1" | "true"))
            }
            _ => {}
        }
    })?;
    let mut targets: HashMap<String, String> = HashMap::new();
    each_element(part(zip, "xl/_rels/workbook.xml.rels")?, |e, _| {
        if e.local_name().as_ref() == b"Relationship"
            && let (Some(id), Some(target)) = (attr(e, b"Id"), attr(e, b"Target"))
        {
            targets.insert(id, target);
        }
    })?;
    let path = |target: &String| match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    };
    let sheets = sheets
        .into_iter()
        .map(|(name, id)| {
            let p = targets.get(&id).map(path);
            (name, p)
        })
        .collect();
    Ok((sheets, date1904))
}

/// The path of the sheet named `sheet`, and whether the workbook counts dates from 1904.
fn sheet_path(zip: &mut Archive<'_>, sheet: &str) -> Result<(String, bool), FormatError> {
    let (sheets, date1904) = sheet_parts(zip)?;
    let (_, path) = sheets
        .into_iter()
        .find(|(name, _)| name == sheet)
        .ok_or_else(|| format!("シート「{sheet}」がありません"))?;
    let path = path.ok_or_else(|| format!("シート「{sheet}」の参照先がありません"))?;
    Ok((path, date1904))
}

/// Refuses a workbook whose sheets share a part: each would read the same XML again (three
/// hundred sheets over one large part read it three hundred times).
pub(crate) fn check_sheet_parts(bytes: &[u8]) -> Result<(), Failure> {
    let parts = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| FormatError::Unreadable(e.to_string()))
        .and_then(|mut zip| sheet_parts(&mut zip));
    // calamine opened it: where the list cannot be read, its reading says what is wrong
    let Ok((sheets, _)) = parts else {
        return Ok(());
    };
    let mut by_part: HashMap<&str, &str> = HashMap::new();
    for (name, path) in &sheets {
        if let Some(path) = path
            && let Some(first) = by_part.insert(path, name)
        {
            return Err(Failure::Broken(format!(
                "シート「{first}」と「{name}」が同じ部品 {path} を指しています"
            )));
        }
    }
    Ok(())
}

/// For each cell style (the `s` of a cell), its number format code, or `None` for General.
fn style_codes(zip: &mut Archive<'_>, limits: &Limits) -> Result<Vec<Option<String>>, FormatError> {
    let mut custom: HashMap<u32, String> = HashMap::new();
    let mut ids: Vec<u32> = Vec::new();
    let mut in_cell_xfs = false;
    let styles = match part(zip, "xl/styles.xml") {
        Ok(p) => p,
        // a workbook without styles formats everything as General
        Err(_) => return Ok(Vec::new()),
    };
    let mut xml = Reader::from_reader(styles);
    let mut buf = Vec::new();
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| e.to_string())?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"numFmt" => {
                    if let (Some(id), Some(code)) = (attr(e, b"numFmtId"), attr(e, b"formatCode"))
                        && let Ok(id) = id.parse()
                    {
                        // rendering costs the code's length for every cell that uses it
                        limits
                            .check(Limit::FormatLength, code.chars().count() as u64)
                            .map_err(FormatError::Exceeded)?;
                        custom.insert(id, code);
                    }
                }
                b"cellXfs" if matches!(event, Event::Start(_)) => in_cell_xfs = true,
                b"xf" if in_cell_xfs => ids.push(
                    attr(e, b"numFmtId")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0),
                ),
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"cellXfs" => in_cell_xfs = false,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(ids
        .into_iter()
        .map(|id| match id {
            0 => None,
            id => custom
                .get(&id)
                .cloned()
                .or_else(|| super::display::builtin_code(id).map(str::to_owned)),
        })
        .collect())
}

/// `A1:B3` → ((0, 0), (2, 1)).
fn merge_range(r: &str) -> Option<MergedRange> {
    let (a, b) = r.split_once(':')?;
    Some((cell_ref(a)?, cell_ref(b)?))
}

/// The merged ranges of a sheet part, by searching its bytes for `<mergeCell ref="…">`: the
/// list sits at the end of what may be megabytes of cells, and tokenising all of them to reach
/// it would double the cost of reading the workbook. The part is searched as it inflates, a
/// block at a time, never held whole.
fn merges_by_search(zip: &mut Archive<'_>, path: &str) -> Result<Vec<MergedRange>, FormatError> {
    merges_in(part(zip, path)?, 1 << 16)
}

fn merges_in(mut part: impl std::io::Read, block: usize) -> Result<Vec<MergedRange>, FormatError> {
    const NEEDLE: &[u8] = b"mergeCell ";
    // a tag cut by the end of a block is carried into the next; one longer than this is no tag
    const LONGEST_TAG: usize = 4096;
    let finder = memchr::memmem::Finder::new(NEEDLE);
    let mut block = vec![0u8; block.max(1)];
    let mut window: Vec<u8> = Vec::with_capacity(block.len() + LONGEST_TAG);
    let mut out = Vec::new();
    loop {
        let n = part.read(&mut block).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        window.extend_from_slice(&block[..n]);
        // keep what could begin a needle the next block completes
        let mut keep_from = window.len().saturating_sub(NEEDLE.len() - 1);
        for at in finder.find_iter(&window) {
            let Some(end) = memchr::memchr(b'>', &window[at..]) else {
                keep_from = at;
                break;
            };
            let tag = String::from_utf8_lossy(&window[at..at + end]);
            if let Some(start) = tag.find("ref=\"").map(|i| i + 5)
                && let Some(len) = tag[start..].find('"')
                && let Some(range) = merge_range(&tag[start..start + len])
            {
                out.push(range);
            }
        }
        if window.len() - keep_from > LONGEST_TAG {
            keep_from = window.len() - (NEEDLE.len() - 1);
        }
        window.drain(..keep_from);
    }
    Ok(out)
}

/// `B12` → (11, 1), from 0.
fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let column = r[..letters].bytes().try_fold(0u32, |acc, b| {
        Some(acc * 26 + u32::from(b.to_ascii_uppercase().checked_sub(b'A')?) + 1)
    })?;
    let row: u32 = r[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, column.checked_sub(1)?))
}

/// The formats of the sheet named `sheet` in the .xlsx `bytes`.
pub(crate) fn read(
    bytes: &[u8],
    sheet: &str,
    limits: &Limits,
) -> Result<SheetFormats, FormatError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let (path, date1904) = sheet_path(&mut zip, sheet)?;
    let styles = style_codes(&mut zip, limits)?;
    let mut formats = SheetFormats {
        date1904,
        ..SheetFormats::default()
    };
    if styles.iter().all(Option::is_none) {
        // no number formats to place: only the merges, found without parsing the XML
        formats.merges = merges_by_search(&mut zip, &path)?;
        return Ok(formats);
    }
    // one code per style, shared by every cell that uses it
    let mut code_of_style: Vec<Option<u32>> = vec![None; styles.len()];
    let mut reader = part(&mut zip, &path)?;
    let mut xml = Reader::from_reader(&mut reader);
    let mut buf = Vec::new();
    let mut next_row = 0u32;
    let mut next_col = 0u32;
    loop {
        match xml.read_event_into(&mut buf).map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"row" => {
                    if let Some(r) = attr(&e, b"r").and_then(|r| r.parse::<u32>().ok()) {
                        next_row = r.saturating_sub(1);
                    }
                    next_col = 0;
                }
                b"mergeCell" => {
                    if let Some(range) = attr(&e, b"ref").and_then(|r| merge_range(&r)) {
                        formats.merges.push(range);
                    }
                }
                b"c" => {
                    // a cell without `r` follows the one before it
                    let (row, col) = attr(&e, b"r")
                        .and_then(|r| cell_ref(&r))
                        .unwrap_or((next_row, next_col));
                    next_col = col + 1;
                    let Some(s) = attr(&e, b"s").and_then(|s| s.parse::<usize>().ok()) else {
                        continue;
                    };
                    let Some(Some(code)) = styles.get(s) else {
                        continue;
                    };
                    let index = *code_of_style[s].get_or_insert_with(|| {
                        formats.codes.push(code.clone());
                        (formats.codes.len() - 1) as u32
                    });
                    formats.cells.insert((row, col), index);
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"row" => next_row += 1,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(formats)
}

/// Reads a whole zip part into a string (for tests).
#[cfg(test)]
fn read_part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut s = String::new();
    part(&mut zip, name)
        .expect("a part")
        .read_to_string(&mut s)
        .expect("text");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_are_found_across_any_block_boundary() {
        let mut xml = String::from("<worksheet><sheetData>");
        for r in 1..=200 {
            xml.push_str(&format!(
                "<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>{r}</v></c></row>"
            ));
        }
        xml.push_str("</sheetData><mergeCells count=\"3\">");
        xml.push_str(
            "<mergeCell ref=\"A1:A3\"/><mergeCell ref=\"B2:D2\"/><mergeCell  ref=\"bad\"/>",
        );
        xml.push_str("<mergeCell ref=\"AA10:AB12\"/></mergeCells></worksheet>");
        let expected = vec![((0, 0), (2, 0)), ((1, 1), (1, 3)), ((9, 26), (11, 27))];
        for block in [1, 7, 9, 10, 13, 64, 1000, 1 << 16] {
            let found = merges_in(xml.as_bytes(), block).expect("read");
            assert_eq!(found, expected, "block of {block}");
        }
        assert_eq!(merges_in(&b"<mergeCell ref=\"A1:B2"[..], 4), Ok(Vec::new()));
    }

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("B12"), Some((11, 1)));
        assert_eq!(cell_ref("AA3"), Some((2, 26)));
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(cell_ref("12"), None);
    }

    #[test]
    fn formats_of_a_workbook_written_by_rust_xlsxwriter() {
        use rust_xlsxwriter::{Format, Workbook};
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("進捗").expect("a name");
        let pct = Format::new().set_num_format("0.0%");
        let people = Format::new().set_num_format("#,##0\"人\"");
        ws.write_number_with_format(1, 2, 0.546, &pct)
            .expect("written");
        ws.write_number_with_format(3, 0, 5000.0, &people)
            .expect("written");
        ws.write_number(4, 0, 12.0).expect("written");
        let bytes = wb.save_to_buffer().expect("saved");
        assert!(read_part(&bytes, "xl/workbook.xml").contains("進捗"));
        let f = read(&bytes, "進捗", &Limits::default()).expect("formats");
        assert_eq!(f.code(1, 2), Some("0.0%"));
        assert_eq!(f.code(3, 0), Some("#,##0\"人\""));
        assert_eq!(f.code(4, 0), None);
        assert!(!f.date1904);
        assert!(read(&bytes, "Sheet9", &Limits::default()).is_err());
        let mut short = Limits::default();
        short.set(Limit::FormatLength, 5);
        assert!(matches!(
            read(&bytes, "進捗", &short),
            Err(FormatError::Exceeded(e)) if e.limit == Limit::FormatLength
        ));
        assert_eq!(check_sheet_parts(&bytes), Ok(()));
        assert_eq!(merge_range("A1:C2"), Some(((0, 0), (1, 2))));
    }
}
